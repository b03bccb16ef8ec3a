//! Group chatter: the support team, a trade-fair group, a buyers' group; and group events.

use super::{Body, Episode, Lang, Who, member, said, us};

pub fn group_episodes(lang: Lang) -> &'static [Episode] {
    match lang {
        Lang::Fr => FR,
        _ => EN,
    }
}

/// Event messages of a group's life: `(event_type, text)`; `{name}` is a member.
pub const GROUP_EVENTS: &[(u8, &str)] = &[
    (1, "{name} a créé le groupe"),
    (2, "{name} a été ajouté(e)"),
    (6, "{name} a modifié l'icône du groupe"),
    (3, "{name} est parti(e)"),
];

const FR: &[Episode] = &[
    &[
        member(
            0,
            "Qui peut répondre à la cliente de Bordeaux ? Elle attend depuis ce matin",
        ),
        us("Je m'en occupe 👍"),
        member(1, "Merci ! Elle a aussi écrit sur Instagram"),
    ],
    &[
        member(1, "Rappel : inventaire samedi 8 h, croissants offerts 🥐"),
        member(2, "Présent 🙋🏻‍♂️"),
        member(0, "Présente aussi"),
        us("Je ramène le café ☕"),
    ],
    &[
        said(
            Who::Them(2),
            Body::Photo("La nouvelle vitrine, qu'en pensez-vous ?"),
        ),
        member(0, "Magnifique 😍"),
        us("Bravo Théo ! On la garde jusqu'à Noël"),
    ],
    &[
        member(
            0,
            "Le transporteur a encore perdu un colis, commande {order}",
        ),
        us("Je lance une réclamation. Numéro de suivi ?"),
        member(0, "{tracking}"),
        us("C'est fait, réponse sous 48 h"),
    ],
    &[
        member(1, "Petit point stock : plus que 4 vases {product} en bleu"),
        member(
            2,
            "Je relance l'atelier pour une fournée la semaine prochaine",
        ),
        us("Top, merci à vous deux 🙏"),
    ],
    &[
        said(
            Who::Them(1),
            Body::File("Planning-decembre.xlsx", "Le planning de décembre"),
        ),
        member(0, "Je peux échanger mon samedi 14 avec quelqu'un ?"),
        member(2, "Moi je peux 👌"),
    ],
];

const EN: &[Episode] = &[
    &[
        member(0, "Stand B12 is confirmed for the fair 🎉"),
        member(1, "Great news! Who's bringing the display tables?"),
        us("We are, plus two boxes of samples."),
    ],
    &[
        member(
            1,
            "Reminder: orders for the spring collection close on Friday",
        ),
        member(2, "Ours is in, 60 pieces"),
        us("Thanks all, confirmations go out Monday."),
    ],
    &[
        said(
            Who::Them(0),
            Body::Photo("Setup done, doors open in 10 minutes!"),
        ),
        member(2, "Looks amazing 🔥"),
        us("Good luck everyone 🍀"),
    ],
];
