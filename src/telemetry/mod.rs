//! Logs and metrics. `init` installs the tracing subscriber once per process; `metrics_handle`
//! installs the Prometheus recorder once per process (tests start many apps in one process).
//! Every metric is emitted from `events`, so a log line and its counter change together.

pub mod events;

use std::sync::OnceLock;

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

use crate::config::{LogFormat, TelemetrySettings};

/// Installs the global tracing subscriber. `RUST_LOG` overrides the configured filter.
/// Noisy dependencies are kept at `warn` unless the filter names them.
pub fn init<W>(settings: &TelemetrySettings, writer: W)
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = std::env::var("RUST_LOG").unwrap_or_else(|_| settings.filter.clone());
    let filter = EnvFilter::try_new(format!("hyper=warn,tungstenite=warn,sled=warn,{filter}"))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer);
    // A second init in the same process (tests) keeps the first subscriber.
    let _ = match settings.format {
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).try_init(),
        LogFormat::Pretty => builder.compact().try_init(),
    };
}

/// The process-wide Prometheus recorder, installed on first use.
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let seconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];
            let recorder =
                PrometheusBuilder::new().set_buckets(&seconds).expect("bucket list is not empty").build_recorder();
            let handle = recorder.handle();
            // Fails only if another recorder is installed; then our handle renders nothing,
            // which /metrics shows plainly rather than crashing the server.
            let _ = metrics::set_global_recorder(recorder);
            events::describe();
            handle
        })
        .clone()
}
