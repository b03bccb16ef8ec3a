//! The figures, each with its limit and verdict, printed as a table and written as JSON.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::stats::Summary;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Millis,
    PerSecond,
    MiB,
    Bytes,
    Count,
    RequestsPerSecond,
}

impl Unit {
    fn name(self) -> &'static str {
        match self {
            Self::Millis => "ms",
            Self::PerSecond => "msg/s",
            Self::MiB => "MiB",
            Self::Bytes => "B",
            Self::Count => "",
            Self::RequestsPerSecond => "req/s",
        }
    }
}

/// What a figure must stay within.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    /// The median must stay below.
    Below(f64),
    /// The 99th percentile must stay below.
    P99Below(f64),
    /// The median must reach at least.
    AtLeast(f64),
    /// The median must be at most this many times the median of the figure `of`.
    TimesBaseline { of: &'static str, times: f64 },
    /// The median must be at least this many times the median of the figure `of`.
    AtLeastTimesBaseline { of: &'static str, times: f64 },
}

#[derive(Debug, Clone)]
pub struct Figure {
    /// Stable name, for scripts and the tiny-size test.
    pub key: String,
    pub label: String,
    pub unit: Unit,
    pub summary: Summary,
    pub limits: Vec<Limit>,
}

impl Figure {
    pub fn new(
        key: impl Into<String>,
        label: impl Into<String>,
        unit: Unit,
        summary: Summary,
    ) -> Self {
        Self {
            key: key.into(),
            label: label.into(),
            unit,
            summary,
            limits: Vec::new(),
        }
    }

    pub fn limit(mut self, limit: Limit) -> Self {
        self.limits.push(limit);
        self
    }
}

/// A limit applied: the value compared, the bound, their ratio, and whether it holds.
struct Check {
    text: String,
    ratio: f64,
    holds: bool,
}

#[derive(Debug, Default)]
pub struct Report {
    pub notes: Vec<String>,
    pub figures: Vec<Figure>,
}

impl Report {
    pub fn note(&mut self, text: impl Into<String>) {
        self.notes.push(text.into());
    }

    pub fn push(&mut self, figure: Figure) {
        self.figures.push(figure);
    }

    pub fn figure(&self, key: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.key == key)
    }

    fn checks(&self, figure: &Figure) -> Vec<Check> {
        let unit = figure.unit.name();
        let s = figure.summary;
        figure
            .limits
            .iter()
            .filter_map(|limit| match *limit {
                Limit::Below(bound) => Some(Check {
                    text: format!("median < {} {unit}", number(bound)),
                    ratio: s.median / bound,
                    holds: s.median < bound,
                }),
                Limit::P99Below(bound) => Some(Check {
                    text: format!("p99 < {} {unit}", number(bound)),
                    ratio: s.p99 / bound,
                    holds: s.p99 < bound,
                }),
                Limit::AtLeast(bound) => Some(Check {
                    text: format!("median ≥ {} {unit}", number(bound)),
                    ratio: s.median / bound,
                    holds: s.median >= bound,
                }),
                Limit::TimesBaseline { of, times } => {
                    let base = self.figure(of)?.summary.median;
                    let ratio = s.median / base;
                    Some(Check {
                        text: format!("≤ {times}× {of} ({}×)", number(ratio)),
                        ratio: ratio / times,
                        holds: ratio <= times,
                    })
                }
                Limit::AtLeastTimesBaseline { of, times } => {
                    let base = self.figure(of)?.summary.median;
                    let ratio = s.median / base;
                    Some(Check {
                        text: format!("≥ {times}× {of} ({}×)", number(ratio)),
                        ratio: ratio / times,
                        holds: ratio >= times,
                    })
                }
            })
            .collect()
    }

    pub fn text(&self) -> String {
        let mut out = String::new();
        for note in &self.notes {
            let _ = writeln!(out, "{note}");
        }
        let _ = writeln!(
            out,
            "\n{:<44} {:>12} {:>12} {:>12} {:>12}  limit (ratio to it) and verdict",
            "figure", "median", "min", "max", "p99"
        );
        for figure in &self.figures {
            let unit = figure.unit.name();
            let s = figure.summary;
            let cell = |v: f64| format!("{} {unit}", number(v));
            let _ = write!(
                out,
                "{:<44} {:>12} {:>12} {:>12} {:>12}",
                figure.label,
                cell(s.median),
                cell(s.min),
                cell(s.max),
                cell(s.p99)
            );
            for check in self.checks(figure) {
                let verdict = if check.holds { "ok" } else { "MISSED" };
                let _ = write!(out, "  {} ({}) {verdict}", check.text, number(check.ratio));
            }
            let _ = writeln!(out);
        }
        out
    }

    pub fn json(&self) -> Value {
        let figures: Vec<Value> = self
            .figures
            .iter()
            .map(|figure| {
                let s = figure.summary;
                let limits: Vec<Value> = self
                    .checks(figure)
                    .into_iter()
                    .map(|c| json!({ "limit": c.text, "ratio": c.ratio, "holds": c.holds }))
                    .collect();
                json!({
                    "key": figure.key,
                    "label": figure.label,
                    "unit": figure.unit.name(),
                    "median": s.median,
                    "min": s.min,
                    "max": s.max,
                    "p99": s.p99,
                    "count": s.count,
                    "limits": limits,
                })
            })
            .collect();
        json!({ "notes": self.notes, "figures": figures })
    }
}

/// About three significant digits, no exponent.
fn number(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude >= 100.0 {
        format!("{value:.0}")
    } else if magnitude >= 10.0 {
        format!("{value:.1}")
    } else if magnitude >= 1.0 {
        format!("{value:.2}")
    } else {
        format!("{value:.3}")
    }
}
