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
        "Language-model replies by result: grounded, ungrounded, error, timeout"
    );
}

/// A language-model reply finished (`result`: grounded, ungrounded, error, timeout).
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
