//! `kefu eval …`: measurements on labelled cases, for docs/benchmarks.md and for tuning.
//! `retrieval`: recall and MRR of passages; `intents`: intent accuracy, calibration, language
//! detection and entities; `turns`: whole conversations — resolution, confidently-wrong
//! answers, hand-offs, reply language, latency; `injection`: attempts to make the bot say what
//! the shop does not; `actions`: cancel, address, return and exchange conversations against a
//! local order API.

pub mod actions;
pub mod injection;
pub mod intents;
pub mod retrieval;
pub mod turns;

/// The value at fraction `p` (0–1) of `sorted` (nearest rank); 0 when there are none.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted.get(((sorted.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or(0.0)
}

/// JSON lines into values with their line numbers; a malformed line is named. Blank lines are
/// skipped; no lines at all is an error.
pub fn parse_lines<T: serde::de::DeserializeOwned>(text: &str) -> anyhow::Result<Vec<(usize, T)>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value = serde_json::from_str(line).map_err(|e| anyhow::anyhow!("line {}: {e}", i + 1))?;
        out.push((i + 1, value));
    }
    anyhow::ensure!(!out.is_empty(), "no cases");
    Ok(out)
}
