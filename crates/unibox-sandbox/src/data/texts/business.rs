//! Suppliers, couriers and wholesale buyers: the shop's business-to-business chats.

use super::{Body, Episode, Lang, Who, said, them, us};

pub fn business_episodes(lang: Lang) -> &'static [Episode] {
    match lang {
        Lang::Fr => FR,
        Lang::Ja => JA,
        _ => EN,
    }
}

const FR: &[Episode] = &[
    &[
        them("Bonjour, la tournée passe chez vous vers 14 h aujourd'hui, 6 colis à enlever ?"),
        us("Bonjour ! Oui, 6 colis dont 2 fragiles, ils sont étiquetés."),
        them("Ok c'est noté 🚚"),
    ],
    &[
        them("Bonjour, les émaux sable et ardoise sont de retour en stock."),
        us("Parfait ! On prend 20 kg de chaque, livraison habituelle ?"),
        them("Oui, jeudi matin. Je vous envoie la facture."),
        said(Who::Them(0), Body::File("Facture-F2025-0412.pdf", "")),
        us("Bien reçu, virement fait ce soir."),
    ],
    &[
        them("Le colis {tracking} est revenu à l'expéditeur : adresse incomplète."),
        us("Merci, on contacte le client et on le renvoie demain."),
    ],
    &[
        us("Bonjour, pouvez-vous imprimer 500 cartes de visite avec le nouveau logo ?"),
        them("Bien sûr. Papier recyclé 350 g comme la dernière fois ?"),
        us("Oui, même finition."),
        said(
            Who::Them(0),
            Body::File("BAT-cartes-MaisonArgile-v2.pdf", "Le BAT pour validation"),
        ),
        us("Validé 👍"),
    ],
];

const EN: &[Episode] = &[
    &[
        them("Hi, we'd like to reorder 40 {product} mugs and 24 bowls for the shop."),
        us("Hi {name}! Noted. Wholesale price is unchanged, delivery in two weeks."),
        them("Perfect. Same address in {city}."),
        said(
            Who::Us,
            Body::File("Proforma-{order}.pdf", "Here is the proforma invoice"),
        ),
        them("Paid this morning ✅"),
    ],
    &[
        them("Pickup confirmed for tomorrow 9:00–12:00, 3 pallets."),
        us("Thanks, the pallets will be wrapped and labelled."),
    ],
    &[
        them("Could you send a few product photos for our spring catalogue?"),
        said(Who::Us, Body::Photo("Spring collection, {product} range")),
        said(Who::Us, Body::Photo("")),
        them("Gorgeous, thank you! 📸"),
    ],
    &[
        said(
            Who::Them(0),
            Body::Video("Unboxing in the shop, customers loved it"),
        ),
        us("That made our day 🥹"),
    ],
];

const JA: &[Episode] = &[
    &[
        them("いつもお世話になっております。{product}シリーズを30点追加で注文したいです。"),
        us("ありがとうございます！2週間で発送いたします。"),
        them("よろしくお願いします🙏"),
    ],
    &[
        them("先月の商品、京都のお客様にとても好評でした！"),
        us("嬉しいです！ありがとうございます😊"),
    ],
];
