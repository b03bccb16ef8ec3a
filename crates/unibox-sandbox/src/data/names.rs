//! Names for the people of a large inbox: first and last names per language, combined, so
//! 100 000 customers read like a real address book (with its many namesakes).

use super::people::Country;
use super::texts::Lang;

struct Pool {
    first: &'static [&'static str],
    last: &'static [&'static str],
    /// Family name first, without a space (`佐藤美咲`).
    family_first: bool,
    countries: &'static [Country],
}

const FR: Pool = Pool {
    first: &[
        "Marie",
        "Camille",
        "Léa",
        "Chloé",
        "Manon",
        "Inès",
        "Sarah",
        "Julie",
        "Emma",
        "Zoé",
        "Lucas",
        "Hugo",
        "Théo",
        "Louis",
        "Nathan",
        "Karim",
        "Mehdi",
        "Jean-Pierre",
        "Élodie",
        "Amélie",
        "Sébastien",
        "François",
        "Yasmine",
        "Noémie",
    ],
    last: &[
        "Martin",
        "Bernard",
        "Dubois",
        "Thomas",
        "Robert",
        "Richard",
        "Petit",
        "Durand",
        "Leroy",
        "Moreau",
        "Simon",
        "Laurent",
        "Lefèvre",
        "Michel",
        "Garcia",
        "Rousseau",
        "Benali",
        "Fontaine",
        "Chevalier",
        "Girard",
        "Mercier",
        "Bonnet",
        "Faure",
        "Roussel",
    ],
    family_first: false,
    countries: &[Country::Fr],
};

const EN: Pool = Pool {
    first: &[
        "Olivia", "Amelia", "Isla", "Ava", "Grace", "Hannah", "Emily", "Priya", "Aoife", "Siobhan",
        "Oliver", "George", "Harry", "Jack", "Noah", "Tom", "Liam", "Ethan", "Marco", "Sean",
    ],
    last: &[
        "Smith",
        "Jones",
        "Taylor",
        "Brown",
        "Williams",
        "Wilson",
        "Davies",
        "Evans",
        "Walsh",
        "Murphy",
        "Kelly",
        "Grant",
        "Mitchell",
        "Becker",
        "Natarajan",
        "Lee",
        "O'Brien",
        "Clarke",
    ],
    family_first: false,
    countries: &[Country::Uk, Country::Us, Country::Ie],
};

const ES: Pool = Pool {
    first: &[
        "Lucía",
        "Sofía",
        "Martina",
        "María",
        "Paula",
        "Valentina",
        "Diego",
        "Alejandro",
        "Pablo",
        "Javier",
        "Mateo",
        "Rafael",
    ],
    last: &[
        "García",
        "Fernández",
        "González",
        "Rodríguez",
        "López",
        "Martínez",
        "Sánchez",
        "Pérez",
        "Ortega",
        "Ruiz",
        "Navarro",
        "Torres",
    ],
    family_first: false,
    countries: &[Country::Es, Country::Mx],
};

const DE: Pool = Pool {
    first: &[
        "Anna",
        "Sophie",
        "Marie",
        "Lena",
        "Jürgen",
        "Lukas",
        "Felix",
        "Jonas",
        "Leonie",
        "Maximilian",
    ],
    last: &[
        "Müller",
        "Schmidt",
        "Schneider",
        "Fischer",
        "Weiß",
        "Schröder",
        "Becker",
        "Hoffmann",
        "Schäfer",
        "Koch",
    ],
    family_first: false,
    countries: &[Country::De],
};

const PT: Pool = Pool {
    first: &[
        "Ana", "Beatriz", "Mariana", "Larissa", "João", "Pedro", "Gabriel", "Lucas", "Thiago",
    ],
    last: &[
        "Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Almeida", "Ferreira",
    ],
    family_first: false,
    countries: &[Country::Br],
};

const AR: Pool = Pool {
    first: &[
        "محمد",
        "فاطمة",
        "أحمد",
        "مريم",
        "يوسف",
        "خديجة",
        "عمر",
        "ليلى",
    ],
    last: &["العلي", "الزهراء", "بنعلي", "الحسني", "المنصوري", "الإدريسي"],
    family_first: false,
    countries: &[Country::Ma, Country::Ae],
};

const JA: Pool = Pool {
    first: &["美咲", "健", "陽菜", "蓮", "結衣", "大翔", "さくら", "翔太"],
    last: &[
        "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村",
    ],
    family_first: true,
    countries: &[Country::Jp],
};

const ZH: Pool = Pool {
    first: &["芳", "伟", "娜", "敏", "静", "磊", "洋", "婷"],
    last: &["王", "李", "张", "刘", "陈", "杨", "黄", "赵"],
    family_first: true,
    countries: &[Country::Cn],
};

fn pool(lang: Lang) -> &'static Pool {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
        Lang::Es => &ES,
        Lang::De => &DE,
        Lang::Pt => &PT,
        Lang::Ar => &AR,
        Lang::Ja => &JA,
        Lang::Zh => &ZH,
    }
}

/// A person's name from two numbers (any values): the first name to greet them by and the
/// full name to save them under.
pub fn person(lang: Lang, first: usize, last: usize) -> (String, String) {
    let pool = pool(lang);
    let given = pick(pool.first, first);
    let family = pick(pool.last, last);
    let full = if pool.family_first {
        format!("{family}{given}")
    } else {
        format!("{given} {family}")
    };
    (given.to_owned(), full)
}

/// Where someone writing in `lang` lives.
pub fn country(lang: Lang, n: usize) -> Country {
    let countries = pool(lang).countries;
    countries
        .get(n % countries.len().max(1))
        .copied()
        .unwrap_or(Country::Fr)
}

fn pick(names: &'static [&'static str], n: usize) -> &'static str {
    names.get(n % names.len().max(1)).copied().unwrap_or("Alex")
}
