//! The buyer chat frame parser (`gateway::wire::parse`): any text a socket may carry. A frame
//! that parses, written out again in the protocol's plain form, parses to the same frame; a
//! refusal carries one of the parse error codes and a message.

#![no_main]

use kefu::gateway::wire::{ClientFrame, ErrorCode, parse};
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

/// The frame as a client would write it (with `"v": 1` or without).
fn written(frame: &ClientFrame, versioned: bool) -> Value {
    let mut value = match frame {
        ClientFrame::Hello { conversation_id, last_seq, locale, context } => {
            let mut hello = json!({"type": "hello"});
            if let Some(id) = conversation_id {
                hello["conversation_id"] = json!(id);
            }
            if let Some(seq) = last_seq {
                hello["last_seq"] = json!(seq);
            }
            if let Some(locale) = locale {
                hello["locale"] = json!(locale);
            }
            if let Some(context) = context {
                hello["context"] = serde_json::to_value(context).expect("a context serializes");
            }
            hello
        }
        ClientFrame::Message { client_msg_id, text, attachments, context } => {
            let mut message = json!({"type": "message", "client_msg_id": client_msg_id, "text": text,
                "attachments": attachments});
            if let Some(context) = context {
                message["context"] = serde_json::to_value(context).expect("a context serializes");
            }
            message
        }
        ClientFrame::Typing {} => json!({"type": "typing"}),
        ClientFrame::Ack { seq } => json!({"type": "ack", "seq": seq}),
    };
    if versioned {
        value["v"] = json!(1);
    }
    value
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match parse(text) {
        Ok(frame) => {
            for versioned in [false, true] {
                let again = written(&frame, versioned).to_string();
                assert_eq!(parse(&again), Ok(frame.clone()), "{text:?} parsed, but not its plain form {again:?}");
            }
        }
        Err(error) => {
            assert!(
                matches!(error.code, ErrorCode::InvalidJson | ErrorCode::InvalidFrame | ErrorCode::UnsupportedVersion),
                "{error:?}"
            );
            assert!(!error.message.is_empty());
        }
    }
});
