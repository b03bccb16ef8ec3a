//! The README's screenshots (`assets/*.svg`): the real views drawn by `ui::render` into a
//! `TestBackend` at 120×40 with a frozen clock, written out as SVG. The test fails when a
//! committed screenshot no longer matches what unibox draws; refresh them with
//! `UNIBOX_WRITE_ASSETS=1 cargo test --test it ui_screenshots`.

use std::fmt::Write as _;
use std::path::PathBuf;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use unibox::app::{OutboundKind, Pane, State};

use crate::ui_support::{ana_label, ana_thread, buffer, confirm, focused, inbox};

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;
/// One cell, in SVG pixels, for a 14 px monospace font.
const CELL_WIDTH: f32 = 8.4;
const CELL_HEIGHT: f32 = 18.0;
/// The terminal's own colours where a cell keeps the default.
const FOREGROUND: &str = "#d0d0d0";
const BACKGROUND: &str = "#1c1c1c";

/// How a screenshot's state is made.
type Screen = fn() -> State;

#[test]
fn the_readme_screenshots_are_what_unibox_draws() {
    let shots: [(&str, Screen); 3] = [
        ("inbox", || focused(inbox(), Pane::Chats)),
        ("thread", || focused(inbox(), Pane::Thread)),
        ("confirmation", confirmation),
    ];
    let write = std::env::var_os("UNIBOX_WRITE_ASSETS").is_some();
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets");
    for (name, make) in shots {
        let svg = svg(&buffer(&mut make(), WIDTH, HEIGHT));
        let path = folder.join(format!("{name}.svg"));
        if write {
            std::fs::write(&path, &svg).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == svg,
            "{} is not what unibox draws now: refresh it with \
             `UNIBOX_WRITE_ASSETS=1 cargo test --test it ui_screenshots`",
            path.display()
        );
    }
}

#[test]
fn a_screenshot_holds_every_visible_character_of_the_screen_once() {
    let drawn = buffer(&mut focused(inbox(), Pane::Chats), WIDTH, HEIGHT);
    let svg = svg(&drawn);
    assert!(svg.starts_with("<svg "), "{}", &svg[..40]);
    let mut on_screen: Vec<char> = (0..HEIGHT)
        .flat_map(|y| (0..WIDTH).map(move |x| (x, y)))
        .flat_map(|cell| drawn[cell].symbol().chars().collect::<Vec<_>>())
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut in_svg: Vec<char> = svg
        .split("</text>")
        .filter_map(|part| part.rsplit_once('>').map(|(_, text)| text))
        .flat_map(|text| unescape(text).chars().collect::<Vec<_>>())
        .filter(|c| !c.is_whitespace())
        .collect();
    on_screen.sort_unstable();
    in_svg.sort_unstable();
    assert!(on_screen.len() > 500, "the inbox draws text");
    assert_eq!(in_svg, on_screen);
}

fn confirmation() -> State {
    let kind = OutboundKind::Send {
        text: "Yes, it is ready!\nWe are open until 19:00.".into(),
        quote: None,
        attachments: vec![],
    };
    let mut state = focused(inbox(), Pane::Thread);
    state.thread = ana_thread();
    state.modal = Some(confirm(Some(ana_label()), kind));
    state
}

/// The buffer as an SVG picture: a background rectangle per run of cells of one colour, and a
/// text per run of one style, stretched to its cells so wide characters keep the grid.
fn svg(buffer: &Buffer) -> String {
    let area = buffer.area;
    let (width, height) = (
        f32::from(area.width) * CELL_WIDTH,
        f32::from(area.height) * CELL_HEIGHT,
    );
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"'DejaVu Sans Mono', Menlo, monospace\" \
         font-size=\"14\">\n<rect width=\"100%\" height=\"100%\" fill=\"{BACKGROUND}\"/>\n"
    );
    for y in 0..area.height {
        let runs = runs(buffer, y);
        for run in runs.iter().filter(|run| run.background != BACKGROUND) {
            let _ = writeln!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{CELL_HEIGHT}\" fill=\"{}\"/>",
                f32::from(run.start) * CELL_WIDTH,
                f32::from(y) * CELL_HEIGHT,
                f32::from(run.cells) * CELL_WIDTH,
                run.background
            );
        }
        for run in runs.iter().filter(|run| !run.text.trim().is_empty()) {
            let weight = if run.bold {
                " font-weight=\"bold\""
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" textLength=\"{:.1}\" lengthAdjust=\"spacingAndGlyphs\" \
                 fill=\"{}\"{weight} xml:space=\"preserve\">{}</text>",
                f32::from(run.start) * CELL_WIDTH,
                (f32::from(y) + 0.8) * CELL_HEIGHT,
                f32::from(run.cells) * CELL_WIDTH,
                run.foreground,
                escape(&run.text)
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

/// Cells of one row that share their colours and weight.
struct Run {
    start: u16,
    cells: u16,
    text: String,
    foreground: &'static str,
    background: &'static str,
    bold: bool,
}

fn runs(buffer: &Buffer, y: u16) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for x in 0..buffer.area.width {
        let cell = &buffer[(x, y)];
        let reversed = cell.modifier.contains(Modifier::REVERSED);
        let (mut foreground, mut background) = (
            hex(cell.fg).unwrap_or(FOREGROUND),
            hex(cell.bg).unwrap_or(BACKGROUND),
        );
        if reversed {
            std::mem::swap(&mut foreground, &mut background);
        }
        let bold = cell.modifier.contains(Modifier::BOLD);
        match runs.last_mut() {
            Some(run)
                if run.foreground == foreground
                    && run.background == background
                    && run.bold == bold =>
            {
                run.cells += 1;
                run.text.push_str(cell.symbol());
            }
            _ => runs.push(Run {
                start: x,
                cells: 1,
                text: cell.symbol().to_owned(),
                foreground,
                background,
                bold,
            }),
        }
    }
    runs
}

/// xterm's default palette for the named colours; `None` keeps the terminal's default.
fn hex(color: Color) -> Option<&'static str> {
    Some(match color {
        Color::Reset => return None,
        Color::Black => "#000000",
        Color::Red => "#cd3131",
        Color::Green => "#0dbc79",
        Color::Yellow => "#e5e510",
        Color::Blue => "#2472c8",
        Color::Magenta => "#bc3fbc",
        Color::Cyan => "#11a8cd",
        Color::Gray => "#e5e5e5",
        Color::DarkGray => "#666666",
        Color::LightRed => "#f14c4c",
        Color::LightGreen => "#23d18b",
        Color::LightYellow => "#f5f543",
        Color::LightBlue => "#3b8eea",
        Color::LightMagenta => "#d670d6",
        Color::LightCyan => "#29b8db",
        Color::White => "#ffffff",
        // The views use named colours only; anything else is drawn in the default.
        Color::Rgb(..) | Color::Indexed(_) => return None,
    })
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
