//! Named events: each writes its log line (if any) and updates its metrics. Metric names follow
//! `kefu_<noun>_<unit>[_total]`; label values come from small fixed sets (intent, stage,
//! outcome, reason, error code), never from buyer input.

use std::time::Duration;

use metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram};

pub(super) fn describe() {
    describe_counter!("kefu_turns_total", "Buyer turns processed, by intent and outcome");
    describe_histogram!("kefu_turn_duration_seconds", "Time from a stored buyer message to its stored answer");
    describe_histogram!("kefu_stage_duration_seconds", "Time spent in each pipeline stage");
    describe_gauge!("kefu_ws_connections", "Buyer websocket connections open now");
    describe_counter!("kefu_handoffs_total", "Conversations handed to a person, by reason");
    describe_counter!("kefu_ws_errors_total", "Error frames sent to buyer sockets, by code");
    describe_counter!("kefu_messages_total", "Buyer messages stored");
    describe_histogram!(
        "kefu_llm_reply_seconds",
        "Language-model replies by result: grounded, ungrounded, busy, error, timeout"
    );
    describe_counter!("kefu_channel_deliveries_total", "Replies sent to a platform, by platform and outcome");
    describe_counter!("kefu_webhooks_refused_total", "Webhook deliveries refused, by platform and reason");
    describe_counter!("kefu_ingestions_total", "Shop ingestions, by outcome");
}

/// A reply in the outbox was sent (`outcome`: delivered), will be tried again (retry), or
/// never will (failed). Logged with the span's platform, shop and conversation.
pub fn delivery(platform: &'static str, outcome: &'static str, attempts: u32, error: Option<&str>) {
    counter!("kefu_channel_deliveries_total", "platform" => platform, "outcome" => outcome).increment(1);
    match (outcome, error) {
        ("delivered", _) => tracing::debug!(attempts, "reply delivered"),
        ("retry", Some(error)) => {
            tracing::warn!(attempts, error.message = error, "a reply was not delivered; it will be tried again")
        }
        (_, error) => tracing::error!(
            attempts,
            error.message = error.unwrap_or_default(),
            "a reply was not delivered and will not be"
        ),
    }
}

/// A webhook delivery refused before anything of it was stored (`reason`: signature, malformed,
/// unknown_platform, storage).
/// `platform` is one kefu knows, or "unknown": never the raw path.
pub fn webhook_refused(platform: &'static str, reason: &'static str) {
    counter!("kefu_webhooks_refused_total", "platform" => platform, "reason" => reason).increment(1);
    tracing::warn!(platform, reason, "a webhook delivery was refused");
}

/// A shop ingestion ended (`outcome`: done, invalid, failed); logged with the span's shop.
pub fn ingestion(outcome: &'static str, passages: usize, embedded: usize, elapsed: Duration) {
    counter!("kefu_ingestions_total", "outcome" => outcome).increment(1);
    tracing::info!(outcome, passages, embedded, elapsed_ms = elapsed.as_millis() as u64, "ingestion ended");
}

/// A language-model reply finished (`result`: grounded, ungrounded, busy, error, timeout).
pub fn llm_reply(result: &'static str, elapsed: Duration) {
    histogram!("kefu_llm_reply_seconds", "result" => result).record(elapsed.as_secs_f64());
}

pub fn stage_finished(stage: &'static str, elapsed: Duration) {
    histogram!("kefu_stage_duration_seconds", "stage" => stage).record(elapsed.as_secs_f64());
}

pub fn turn_finished(intent: &'static str, outcome: &'static str, elapsed: Duration) {
    counter!("kefu_turns_total", "intent" => intent, "outcome" => outcome).increment(1);
    histogram!("kefu_turn_duration_seconds").record(elapsed.as_secs_f64());
}

pub fn handed_off(reason: &'static str) {
    counter!("kefu_handoffs_total", "reason" => reason).increment(1);
}

pub fn message_stored() {
    counter!("kefu_messages_total").increment(1);
}

pub fn socket_opened() {
    gauge!("kefu_ws_connections").increment(1.0);
}

pub fn socket_closed() {
    gauge!("kefu_ws_connections").decrement(1.0);
}

pub fn socket_error(code: &'static str) {
    counter!("kefu_ws_errors_total", "code" => code).increment(1);
}
