//! Texts that do not belong to one script: long messages, reactions, channel posts, follow-ups
//! of people waiting for an answer, the simulated inbound stream, and hostile spam (an inbox
//! receives it, and unibox must neutralise it at display time).

use super::Lang;

/// Reactions people give, skin tones included.
pub const REACTIONS: &[&str] = &["👍", "❤️", "😂", "🙏", "👍🏽", "🎉", "😮", "🙏🏿", "🔥", "❤️‍🔥"];

/// A long, multi-paragraph message from the shop, where one is written in `lang`.
pub fn long_text(lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::Fr => Some(
            "Bonjour {name},\n\nMerci pour votre message. Voici notre politique de retour :\n\n1. Vous disposez de 30 jours après réception pour nous retourner un article.\n2. Les articles doivent être dans leur emballage d'origine, non utilisés.\n3. Les frais de retour sont offerts pour les commandes de plus de 60 €.\n\nUne fois le colis reçu à l'atelier, le remboursement est effectué sous 5 jours ouvrés sur le moyen de paiement utilisé lors de la commande.\n\nBelle journée,\nL'équipe Maison Argile 🏺",
        ),
        Lang::En => Some(
            "Hi {name},\n\nThanks for your patience. Here is what happened with order {order}:\n\n- the parcel left our workshop on Monday,\n- it was scanned at the Paris hub on Tuesday,\n- since then the carrier has had no update.\n\nWe have opened an investigation with the carrier ({tracking}). If the parcel is not found within 5 working days we will send a replacement at no cost, or refund you in full — your choice.\n\nSorry again for the trouble,\nMaison Argile",
        ),
        Lang::De => Some(
            "Guten Tag {name},\n\nvielen Dank für Ihre Anfrage zu einer Großbestellung.\n\nFür Bestellungen ab 50 Stück gewähren wir 15 % Rabatt, ab 100 Stück 20 %. Die Lieferzeit beträgt etwa drei Wochen, da jedes Stück von Hand glasiert wird.\n\nMit freundlichen Grüßen\nMaison Argile",
        ),
        _ => None,
    }
}

/// What the shop just answered, still fresh enough to be edited.
pub fn replies_in_progress(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Fr => &[
            "Je vous envoie le lien de suivi dans un instant 📦",
            "C'est noté, on prépare votre colis cet après-midi",
        ],
        Lang::Es => &["Te mando el enlace de seguimiento ahora mismo 📦"],
        Lang::De => &["Ich schicke Ihnen gleich die Sendungsnummer 📦"],
        Lang::Pt => &["Já te mando o código de rastreio 📦"],
        Lang::Ar => &["سأرسل لك رابط التتبع بعد قليل 📦"],
        Lang::Ja => &["追跡番号をすぐにお送りします📦"],
        Lang::Zh => &["马上把物流单号发给您📦"],
        Lang::En => &[
            "I'll send you the tracking link in a moment 📦",
            "Noted, we'll pack your order this afternoon",
        ],
    }
}

/// Posts of the read-only channel the shop follows.
pub const CHANNEL_POSTS: &[&str] = &[
    "📣 Salon Maison&Objet : les inscriptions exposants ouvrent lundi.",
    "Nouveau numéro : « La céramique japonaise au quotidien » 🇯🇵 — 12 pages d'ateliers à Kyoto et Mashiko.",
    "Concours jeunes céramistes 2025 : dépôt des dossiers jusqu'au 15 mars.",
    "Tendance de la saison : les émaux mats couleur argile et sauge 🌿",
    "Portrait : trois générations de potiers à Vallauris 👨‍👩‍👦",
];

/// A spam sender's name: a right-to-left override that reverses what follows on screen.
pub const HOSTILE_NAME: &str = "\u{202E}ecivreS tnuoccA\u{202C} 🎁";

/// Spam an inbox receives: terminal escapes, bidi overrides, zero-width characters, a bell.
pub const HOSTILE_TEXTS: &[&str] = &[
    "\u{1b}[2J\u{1b}[31;1mYOUR ACCOUNT IS SUSPENDED\u{1b}[0m verify now: hxxp://wa-verify.example/\u{7}",
    "Congratulations!!! You won a \u{200B}F\u{200B}R\u{200B}E\u{200B}E\u{200B} iPhone 📱 reply YES\u{1b}]0;pwned\u{7}",
    "Invoice attached \u{202E}fdp.exe\u{202C} please open\r\nurgent",
];

/// What someone writes when still waiting for an answer (the trailing unread messages).
pub fn follow_ups(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Fr => &[
            "Bonjour ? 🙂",
            "Vous avez pu regarder pour ma commande {order} ?",
            "Je repasse demain à l'atelier sinon",
            "Merci d'avance !",
        ],
        Lang::Es => &[
            "¿Hola? 🙂",
            "¿Alguna novedad sobre el pedido {order}?",
            "¡Gracias!",
        ],
        Lang::De => &[
            "Hallo? 🙂",
            "Gibt es Neuigkeiten zu {order}?",
            "Danke im Voraus!",
        ],
        Lang::Pt => &["Oi? 🙂", "Alguma novidade do pedido {order}?", "Obrigada!"],
        Lang::Ar => &["مرحباً؟ 🙂", "هل من جديد بخصوص الطلب {order}؟", "شكراً مقدماً"],
        Lang::Ja => &[
            "こんにちは🙂",
            "{order}の件、いかがでしょうか？",
            "よろしくお願いします🙏",
        ],
        Lang::Zh => &["你好？🙂", "订单{order}有消息了吗？", "谢谢！"],
        Lang::En => &[
            "Hello? 🙂",
            "Any news about {order}?",
            "I can also call if that's easier",
            "Thanks in advance!",
        ],
    }
}

/// What colleagues post in a team group while waiting for someone to pick it up.
pub fn team_pings(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Fr => &[
            "Quelqu'un a vu le colis pour Bordeaux ? 📦",
            "@Support tu peux regarder la commande {order} ?",
            "Le transporteur passe à 16 h aujourd'hui",
            "Pensez à mettre à jour le stock {product} 🙏",
        ],
        _ => &[
            "Has anyone seen the parcel for Bristol? 📦",
            "Can someone check order {order}?",
            "Pickup moved to 4 pm today",
            "Please update the {product} stock 🙏",
        ],
    }
}

/// The simulated live traffic: short messages arriving while the sandbox runs.
pub fn inbound_stream() -> &'static [&'static str] {
    &[
        "Hi! Are you open today?",
        "Bonjour, je viens de passer commande 😊",
        "¿Tenéis el jarrón en verde?",
        "Merci pour la livraison rapide 🙏🏽",
        "Can I change the delivery address?",
        "Danke, alles angekommen 👍",
        "ok 👍",
        "Vous faites des bons cadeaux ?",
        "是否可以开发票？",
        "شكراً، وصل الطلب 🌹",
        "Obrigada! 🥰",
        "Est-ce que je peux passer vers 18 h ?",
        "配送状況を教えてください",
        "👨‍👩‍👧‍👦 the whole family loves the plates!",
        "Is the sale still on? 🇬🇧",
    ]
}
