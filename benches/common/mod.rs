//! What the in-process benchmarks share: percentiles and this process's resident memory.

use std::time::Duration;

/// The `q` quantile of `samples` (sorts them).
pub fn percentile(samples: &mut [Duration], q: f64) -> Duration {
    samples.sort();
    samples[((samples.len() - 1) as f64 * q).round() as usize]
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// This process's resident memory (VmRSS), in KiB; 0 where /proc is not there.
#[allow(dead_code, reason = "each bench compiles this module; not every one reads memory")]
pub fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
