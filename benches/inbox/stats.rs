//! Medians, extremes and percentiles of repeated measurements.

/// A set of measurements, summarised.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub p99: f64,
    pub count: usize,
}

impl Summary {
    /// `None` for no measurement at all.
    pub fn of(values: &[f64]) -> Option<Self> {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let count = sorted.len();
        Some(Self {
            median: percentile(&sorted, 50.0)?,
            min: *sorted.first()?,
            max: *sorted.last()?,
            p99: percentile(&sorted, 99.0)?,
            count,
        })
    }

    /// One measurement taken once.
    pub fn single(value: f64) -> Self {
        Self {
            median: value,
            min: value,
            max: value,
            p99: value,
            count: 1,
        }
    }
}

/// The nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.saturating_sub(1)).copied()
}
