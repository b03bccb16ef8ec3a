//! The people of the shop's inbox: customers, staff, suppliers, couriers, a spammer. Phone
//! numbers use ranges reserved for fiction where a country has one (France 06 39 98, UK
//! 07700 900, US 555-01xx), so the demo never points at a real person.

use std::collections::BTreeSet;

use rand::RngExt;
use rand::rngs::Xoshiro256PlusPlus;

use super::texts::{HOSTILE_NAME, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Country {
    Fr,
    Uk,
    Us,
    Ie,
    Es,
    Mx,
    De,
    Br,
    Ma,
    Ae,
    Jp,
    Cn,
    Tr,
}

impl Country {
    /// Where people from there live, for addresses in the scripts.
    pub fn cities(self) -> &'static [&'static str] {
        match self {
            Self::Fr => &["Lyon", "Bordeaux", "Nantes", "Lille", "Marseille"],
            Self::Uk => &["Bristol", "Leeds", "Brighton"],
            Self::Us => &["Portland", "Brooklyn"],
            Self::Ie => &["Cork", "Galway"],
            Self::Es => &["Valencia", "Sevilla"],
            Self::Mx => &["Guadalajara", "Puebla"],
            Self::De => &["Hamburg", "Köln", "Leipzig"],
            Self::Br => &["São Paulo", "Belo Horizonte"],
            Self::Ma => &["الدار البيضاء", "مراكش"],
            Self::Ae => &["دبي", "أبوظبي"],
            Self::Jp => &["京都", "大阪"],
            Self::Cn => &["上海", "杭州"],
            Self::Tr => &["İstanbul", "İzmir"],
        }
    }

    /// Fixed leading digits (country code and reserved range) and how many digits follow.
    fn number_plan(self) -> (&'static str, usize) {
        match self {
            Self::Fr => ("3363998", 4),
            Self::Uk => ("447700900", 3),
            Self::Us => ("120255501", 2),
            Self::Ie => ("35387", 7),
            Self::Es => ("346", 8),
            Self::Mx => ("5215", 9),
            Self::De => ("49151", 8),
            Self::Br => ("55119", 8),
            Self::Ma => ("2126", 8),
            Self::Ae => ("97150", 7),
            Self::Jp => ("8190", 8),
            Self::Cn => ("86138", 8),
            Self::Tr => ("90532", 7),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contact {
    /// Identity across accounts: the same person has one number.
    pub key: &'static str,
    /// The saved name; `None` for a number the shop never saved.
    pub name: Option<&'static str>,
    pub lang: Lang,
    pub country: Country,
}

const fn person(key: &'static str, name: &'static str, lang: Lang, country: Country) -> Contact {
    Contact {
        key,
        name: Some(name),
        lang,
        country,
    }
}

const fn unsaved(key: &'static str, lang: Lang, country: Country) -> Contact {
    Contact {
        key,
        name: None,
        lang,
        country,
    }
}

// Customers.
pub const MARIE: Contact = person("marie", "Marie Dubois", Lang::Fr, Country::Fr);
pub const SARAH: Contact = person("sarah", "Sarah Mitchell", Lang::En, Country::Uk);
pub const KARIM: Contact = person("karim", "Karim Benali", Lang::Fr, Country::Fr);
pub const LUCIA: Contact = person("lucia", "Lucía Fernández", Lang::Es, Country::Es);
pub const JURGEN: Contact = person("jurgen", "Jürgen Weiß", Lang::De, Country::De);
pub const JOAO: Contact = person("joao", "João Silva", Lang::Pt, Country::Br);
pub const FATIMA: Contact = person("fatima", "فاطمة الزهراء", Lang::Ar, Country::Ma);
pub const MISAKI: Contact = person("misaki", "佐藤 美咲", Lang::Ja, Country::Jp);
pub const WANG_FANG: Contact = person("wangfang", "王芳", Lang::Zh, Country::Cn);
pub const TOM: Contact = person("tom", "Tom Becker", Lang::En, Country::Us);
pub const CHLOE: Contact = person("chloe", "Chloé Petit", Lang::Fr, Country::Fr);
pub const NADIA: Contact = person("nadia", "Nadia 🌸", Lang::Fr, Country::Fr);
pub const LEA: Contact = person("lea", "Léa 👩‍👩‍👧", Lang::Fr, Country::Fr);
pub const DIEGO: Contact = unsaved("diego", Lang::Es, Country::Mx);
pub const AOIFE: Contact = unsaved("aoife", Lang::En, Country::Ie);
pub const ANA: Contact = person("ana", "Ana Beatriz Costa 🇧🇷", Lang::Pt, Country::Br);
pub const MOHAMMED: Contact = person("mohammed", "محمد العلي", Lang::Ar, Country::Ae);
pub const MEHMET: Contact = person("mehmet", "Mehmet Yılmaz", Lang::En, Country::Tr);
pub const JEAN_PIERRE: Contact = person("jeanpierre", "Jean-Pierre Lefèvre", Lang::Fr, Country::Fr);
pub const ANNA: Contact = person("anna", "Anna Schröder", Lang::De, Country::De);
pub const CHEN_WEI: Contact = person("chenwei", "陈伟", Lang::Zh, Country::Cn);
pub const PRIYA: Contact = person("priya", "Priya Natarajan", Lang::En, Country::Uk);
pub const KEN: Contact = person("ken", "田中 健", Lang::Ja, Country::Jp);
pub const SPAMMER: Contact = person("spammer", HOSTILE_NAME, Lang::En, Country::Us);
// Staff.
pub const AMELIE: Contact = person("amelie", "Amélie Laurent", Lang::Fr, Country::Fr);
pub const THEO: Contact = person("theo", "Théo Martin", Lang::Fr, Country::Fr);
pub const INES: Contact = person("ines", "Inès Moreau", Lang::Fr, Country::Fr);
// Businesses.
pub const COURIER: Contact = person(
    "courier",
    "Colissimo – Tournée Lyon 7",
    Lang::Fr,
    Country::Fr,
);
pub const DHL: Contact = person("dhl", "DHL Express Gennevilliers", Lang::En, Country::Fr);
pub const SUPPLIER: Contact = person(
    "supplier",
    "Céramiques Roux (fournisseur)",
    Lang::Fr,
    Country::Fr,
);
pub const PRINTER: Contact = person("printer", "Imprimerie Azur", Lang::Fr, Country::Fr);
pub const HANA: Contact = person("hana", "Boutique Hana 京都", Lang::Ja, Country::Jp);
pub const CLAY_ROOM: Contact = person("clayroom", "The Clay Room London", Lang::En, Country::Uk);
pub const KASA: Contact = person("kasa", "Kasa Concept Store", Lang::En, Country::Tr);
// Trade-fair people.
pub const OLIVIA: Contact = person("olivia", "Olivia Grant", Lang::En, Country::Uk);
pub const MARCO: Contact = person("marco", "Marco B.", Lang::En, Country::Us);
pub const SOPHIE: Contact = person("sophie", "Sophie Müller", Lang::De, Country::De);
// Known, opted-in people without a chat yet: the warm start-chat targets.
pub const CAMILLE: Contact = person("camille", "Camille Rousseau", Lang::Fr, Country::Fr);
pub const HANNAH: Contact = person("hannah", "Hannah Lee", Lang::En, Country::Us);
pub const RAFAEL: Contact = person("rafael", "Rafael Ortega", Lang::Es, Country::Es);
pub const YUKI: Contact = person("yuki", "Yuki Tanaka", Lang::Ja, Country::Jp);

/// Hands out one distinct number per person.
#[derive(Debug, Default)]
pub struct PhoneBook {
    taken: BTreeSet<String>,
    by_key: Vec<(&'static str, String)>,
}

impl PhoneBook {
    /// A number that must not be handed out (the accounts' own).
    pub fn reserve(&mut self, number: &str) {
        self.taken.insert(number.trim_start_matches('+').to_owned());
    }

    /// The contact's number as digits only (`33639981234`), the same on every call.
    pub fn number(&mut self, contact: &Contact, rng: &mut Xoshiro256PlusPlus) -> String {
        if let Some((_, number)) = self.by_key.iter().find(|(key, _)| *key == contact.key) {
            return number.clone();
        }
        let (prefix, free_digits) = contact.country.number_plan();
        let number = loop {
            let candidate = (0..free_digits).fold(prefix.to_owned(), |mut digits, _| {
                digits.push(char::from(b'0' + rng.random_range(0..10u8)));
                digits
            });
            if self.taken.insert(candidate.clone()) {
                break candidate;
            }
        };
        self.by_key.push((contact.key, number.clone()));
        number
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn numbers_are_stable_per_person_and_distinct() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let mut book = PhoneBook::default();
        let marie = book.number(&MARIE, &mut rng);
        assert!(marie.starts_with("3363998") && marie.len() == 11, "{marie}");
        assert_eq!(book.number(&MARIE, &mut rng), marie);
        let others: Vec<String> = [KARIM, CHLOE, NADIA, LEA, AMELIE, THEO, INES]
            .iter()
            .map(|c| book.number(c, &mut rng))
            .collect();
        assert!(!others.contains(&marie));
        let sarah = book.number(&SARAH, &mut rng);
        assert!(sarah.starts_with("447700900"), "{sarah}");
    }
}
