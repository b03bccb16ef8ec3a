//! Customers writing to the shop's support and sales numbers, in their own languages.

use super::{Body, Episode, Lang, Who, said, them, us};

pub fn customer_episodes(lang: Lang) -> &'static [Episode] {
    match lang {
        Lang::En => EN,
        Lang::Fr => FR,
        Lang::Es => ES,
        Lang::De => DE,
        Lang::Pt => PT,
        Lang::Ar => AR,
        Lang::Ja => JA,
        Lang::Zh => ZH,
    }
}

const EN: &[Episode] = &[
    &[
        them("Hi! Is the {product} vase still available in blue?"),
        us("Hello {name}! Yes, we have three left in midnight blue 😊"),
        them("Great. Can you ship to {city}?"),
        us("Of course, delivery takes 3–5 working days. Shipping is free above €60."),
        them("Perfect, ordering now 🙌"),
    ],
    &[
        them("Hello, my order {order} hasn't arrived yet 😕"),
        us("Sorry about that {name}! Let me check with the courier."),
        us(
            "It is at the local depot, tracking {tracking}. It should reach you tomorrow before noon.",
        ),
        them("Thanks for the quick answer 👍🏽"),
    ],
    &[
        said(Who::Them(0), Body::Photo("The bowl arrived cracked 😢")),
        us(
            "Oh no, I'm so sorry. We'll send a replacement {product} bowl today, no need to return the broken one.",
        ),
        them("That's really kind, thank you!"),
        us("You're welcome. The new tracking number will follow by email."),
    ],
    &[
        them("Do you do gift wrapping? It's for my mum's birthday 🎂"),
        us("We do! Recycled paper and a handwritten card, €3.50."),
        them("Lovely. Can the card say \"Happy 60th Mum, love from all of us 👨‍👩‍👧‍👦\"?"),
        us("Consider it done ✍️"),
    ],
    &[
        them("Quick question: are your mugs dishwasher safe?"),
        us("Yes, all glazed pieces are. We recommend hand-washing the gold-rimmed ones though."),
        them("Good to know, cheers"),
    ],
    &[
        them("hey, I got charged twice for {order}??"),
        us(
            "Hi {name}, I can see one payment of {price} and one pre-authorisation that your bank will release within 3 days.",
        ),
        them("ah ok, my bad. thanks!"),
        us("No worries at all 🙂"),
    ],
];

const FR: &[Episode] = &[
    &[
        them("Bonjour, le vase {product} existe-t-il en grand format ?"),
        us("Bonjour {name} ! Oui, en 32 cm, il est à {price}."),
        them("Super, vous livrez à {city} ?"),
        us("Oui, sous 48 h avec Colissimo, ou retrait gratuit à l'atelier."),
        them("Je passe le récupérer samedi alors 😊"),
    ],
    &[
        them("Bonjour, ma commande {order} n'est toujours pas arrivée…"),
        us("Bonjour {name}, désolé pour l'attente ! Je regarde tout de suite."),
        us("Le colis est bloqué au centre de tri de {city}. Numéro de suivi : {tracking}"),
        them("Merci, j'espère qu'il arrive avant le week-end 🤞"),
        us("Je relance le transporteur et je vous tiens au courant."),
    ],
    &[
        said(
            Who::Them(0),
            Body::Photo("Voilà le plat reçu ce matin, il est fêlé 😞"),
        ),
        us("Oh non, toutes nos excuses ! On vous renvoie un plat {product} aujourd'hui même."),
        them("Merci beaucoup, c'est très réactif 🙏"),
    ],
    &[
        them("Est-ce que vous faites des listes de mariage ? 💍"),
        us("Oui ! On prépare une liste en ligne et les invités choisissent directement."),
        them("Génial. On se marie en juin à {city} 🇫🇷"),
        us("Félicitations ! Passez à l'atelier, on vous offre le café ☕"),
    ],
    &[
        them("Bonsoir, vous êtes ouverts le dimanche ?"),
        us("Bonsoir ! L'atelier est ouvert le dimanche de 10 h à 13 h."),
        them("Top, merci"),
    ],
    &[
        them(
            "Bonjour, j'aimerais retourner les tasses {product}, la couleur ne va pas avec ma cuisine",
        ),
        us("Pas de souci {name}, vous avez 30 jours. Je vous envoie l'étiquette retour."),
        said(
            Who::Us,
            Body::File(
                "Etiquette-retour-{order}.pdf",
                "Voici l'étiquette à imprimer",
            ),
        ),
        them("Reçu, merci !"),
        us("Le remboursement de {price} sera fait dès réception du colis."),
    ],
    &[
        said(Who::Them(0), Body::Voice),
        us(
            "Bien reçu votre message vocal {name} ! Oui, la commande {order} peut encore être modifiée.",
        ),
        them("Parfait, alors j'ajoute deux bols {product} 🥣🥣"),
    ],
];

const ES: &[Episode] = &[
    &[
        them("¡Hola! ¿Hacéis envíos a {city}? 🇪🇸"),
        us("¡Hola {name}! Sí, enviamos a toda España en 4–6 días."),
        them("¿Y cuánto cuesta el envío?"),
        us("9,90 €, gratis a partir de 60 €."),
        them("Perfecto, gracias 😊"),
    ],
    &[
        them("Buenas, el pedido {order} llegó pero falta una taza"),
        us("Lo siento mucho {name}. Te mandamos la taza {product} que falta hoy mismo."),
        them("¡Genial, muchas gracias! 👍🏻"),
    ],
    &[
        them("¿El jarrón {product} se puede usar con flores frescas? ¿Es impermeable?"),
        us("Sí, el interior está esmaltado, es totalmente impermeable 💐"),
    ],
];

const DE: &[Episode] = &[
    &[
        them("Guten Tag, ist die Schale {product} spülmaschinenfest?"),
        us("Guten Tag {name}, ja, alle glasierten Stücke sind spülmaschinenfest."),
        them("Danke! Dann bestelle ich zwei Stück nach {city}."),
    ],
    &[
        them("Hallo, meine Bestellung {order} ist noch nicht angekommen. Können Sie nachsehen?"),
        us(
            "Hallo {name}, das Paket liegt beim DHL-Paketshop in {city}. Sendungsnummer: {tracking}",
        ),
        them("Ah, super, ich hole es heute ab. Vielen Dank! 🙏🏼"),
    ],
    &[
        them("Gibt es die Tassen {product} auch in Grün? Meine Frau liebt Grün 💚"),
        us("Leider nur in Sand und Blau – aber im März kommt eine Salbei-Edition!"),
        them("Dann warte ich darauf. Schönen Tag noch!"),
    ],
];

const PT: &[Episode] = &[
    &[
        them("Oi! Vocês enviam para o Brasil? 🇧🇷"),
        us("Olá {name}! Sim, envio internacional em 10–15 dias úteis."),
        them("Quanto fica o frete para {city}?"),
        us("24 € até 2 kg. A alfândega pode cobrar taxas na entrega."),
        them("Beleza, vou fechar o pedido hoje 😍"),
    ],
    &[
        them("Bom dia, o pedido {order} chegou perfeito! Obrigada 🥰"),
        us("Que bom {name}! Obrigado pela confiança 🙏🏾"),
        said(Who::Them(0), Body::Photo("Olha como ficou na minha mesa")),
        us("Ficou lindo! Podemos compartilhar no nosso Instagram?"),
        them("Claro que sim!"),
    ],
];

const AR: &[Episode] = &[
    &[
        them("السلام عليكم، هل يتوفر الطقم {product} باللون الأبيض؟"),
        us("وعليكم السلام {name}! نعم، متوفر باللون الأبيض والرملي."),
        them("ممتاز. كم سعر الشحن إلى {city}؟ 🇲🇦"),
        us("الشحن إلى المغرب 19 يورو، ويصل خلال أسبوع تقريباً."),
        them("شكراً جزيلاً 🌹"),
    ],
    &[
        them("مرحباً، طلبي رقم {order} لم يصل بعد"),
        us("مرحباً {name}، الطرد في الجمارك حالياً. رقم التتبع: {tracking}"),
        them("حسناً، شكراً على المتابعة 🙏🏽"),
    ],
];

const JA: &[Episode] = &[
    &[
        them("こんにちは！{product}の花瓶は日本に発送できますか？🇯🇵"),
        us("{name}様、こんにちは。はい、日本への発送も可能です。7〜10日ほどかかります。"),
        them("ありがとうございます！送料はいくらですか？"),
        us("2kgまで28ユーロです。"),
        them("わかりました。注文します😊"),
    ],
    &[
        them("注文番号{order}の件ですが、割れて届きました…"),
        said(Who::Them(0), Body::Photo("写真です")),
        us("大変申し訳ございません。すぐに代わりの商品をお送りします。"),
        them("ご対応ありがとうございます🙇‍♀️"),
    ],
];

const ZH: &[Episode] = &[
    &[
        them("你好！请问{product}茶杯还有货吗？"),
        us("{name}您好！有的，目前还有蓝色和米色两种。"),
        them("可以寄到{city}吗？大概多久？"),
        us("可以的，国际快递大约10天左右。"),
        them("好的，谢谢！👍"),
    ],
    &[
        them("订单{order}已经收到了，包装很仔细，谢谢🙏"),
        us("不客气！欢迎再次光临 😊"),
    ],
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_scripts_in_which_both_sides_speak() {
        for lang in [
            Lang::En,
            Lang::Fr,
            Lang::Es,
            Lang::De,
            Lang::Pt,
            Lang::Ar,
            Lang::Ja,
            Lang::Zh,
        ] {
            let episodes = customer_episodes(lang);
            assert!(episodes.len() >= 2, "{lang:?}");
            for episode in episodes {
                assert!(episode.iter().any(|l| l.who == Who::Us), "{lang:?}");
                assert!(episode.iter().any(|l| l.who != Who::Us), "{lang:?}");
            }
        }
    }
}
