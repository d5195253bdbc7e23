//! The buyer chat protocol's JSON frames (docs/protocol.md). Only the gateway sees these types;
//! the rest of kefu speaks domain types.

pub mod admin;
pub mod console;

use serde::{Deserialize, Serialize};

use crate::domain::{Attachment, ConversationId, Entry, EntryBody, PageContext, Source};

/// The protocol version this server speaks. Frames may carry `"v"`; any other value is refused.
pub const PROTOCOL_VERSION: u32 = 1;

/// A frame from the client.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientFrame {
    Hello {
        #[serde(default)]
        conversation_id: Option<String>,
        #[serde(default)]
        last_seq: Option<u64>,
        #[serde(default)]
        locale: Option<String>,
        /// The page the buyer is on: it holds for the conversation until another is given.
        #[serde(default)]
        context: Option<PageContext>,
    },
    Message {
        client_msg_id: String,
        text: String,
        /// Files sent with the message (the widget uploads them; only their kind is used here).
        #[serde(default)]
        attachments: Vec<Attachment>,
        #[serde(default)]
        context: Option<PageContext>,
    },
    Typing {},
    Ack {
        seq: u64,
    },
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    v: Option<u32>,
    #[serde(flatten)]
    frame: ClientFrame,
}

/// A frame to the client. Every frame goes out with `"v": 1`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame<'a> {
    Welcome {
        conversation_id: &'a ConversationId,
        resumed: bool,
        /// The conversation's last seq when the welcome was sent.
        last_seq: u64,
    },
    Ack {
        client_msg_id: &'a str,
        seq: u64,
    },
    Typing {
        on: bool,
    },
    /// A piece of the reply being written to buyer message `seq`.
    ReplyDelta {
        seq: u64,
        text: &'a str,
    },
    Reply {
        seq: u64,
        reply_to: u64,
        text: &'a str,
        language: &'a str,
        intent: &'a str,
        confidence: f32,
        sources: &'a [Source],
    },
    Handoff {
        seq: u64,
        reply_to: u64,
        reason: &'a str,
        text: &'a str,
        language: &'a str,
        /// Seconds until a person is expected to answer.
        expected_wait: u64,
    },
    /// A person's reply, in the buyer's language.
    AgentMessage {
        seq: u64,
        text: &'a str,
        language: &'a str,
        agent_name: &'a str,
    },
    /// The person handed the conversation back to the bot.
    Resolved {
        seq: u64,
    },
    Error {
        code: ErrorCode,
        message: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        client_msg_id: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        retry_after_ms: Option<u64>,
    },
}

/// Stable error codes; clients branch on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidJson,
    InvalidFrame,
    UnsupportedVersion,
    UnsupportedFrame,
    HelloRequired,
    AlreadyStarted,
    InvalidConversationId,
    InvalidClientMsgId,
    EmptyMessage,
    MessageTooLong,
    FrameTooLarge,
    RateLimited,
    TooManyConnections,
    UnknownShop,
    OriginNotAllowed,
    IdleTimeout,
    Unavailable,
    /// More turns at once than `pipeline.max_turns` (or per shop): not stored, send again later.
    Busy,
    ShuttingDown,
    // The HTTP API's codes (console, admin, widget uploads, webhooks): `gateway::ApiError`.
    CrossOrigin,
    BadCredentials,
    Unauthenticated,
    Unauthorized,
    AdminDisabled,
    Forbidden,
    NotFound,
    UnknownConversation,
    AlreadyClaimed,
    NotClaimed,
    NotQueued,
    TranslationUnavailable,
    TranslationFailed,
    Invalid,
    InvalidBody,
    InvalidShopId,
    InvalidShop,
    InvalidFiles,
    DirNotAllowed,
    InvalidAgent,
    InvalidKey,
    InvalidErasure,
    InvalidSignature,
    TooLarge,
    UnsupportedType,
    InvalidImage,
    QuotaExceeded,
    IngestFailed,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::InvalidFrame => "invalid_frame",
            ErrorCode::UnsupportedVersion => "unsupported_version",
            ErrorCode::UnsupportedFrame => "unsupported_frame",
            ErrorCode::HelloRequired => "hello_required",
            ErrorCode::AlreadyStarted => "already_started",
            ErrorCode::InvalidConversationId => "invalid_conversation_id",
            ErrorCode::InvalidClientMsgId => "invalid_client_msg_id",
            ErrorCode::EmptyMessage => "empty_message",
            ErrorCode::MessageTooLong => "message_too_long",
            ErrorCode::FrameTooLarge => "frame_too_large",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::TooManyConnections => "too_many_connections",
            ErrorCode::UnknownShop => "unknown_shop",
            ErrorCode::OriginNotAllowed => "origin_not_allowed",
            ErrorCode::IdleTimeout => "idle_timeout",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Busy => "busy",
            ErrorCode::ShuttingDown => "shutting_down",
            ErrorCode::CrossOrigin => "cross_origin",
            ErrorCode::BadCredentials => "bad_credentials",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::AdminDisabled => "admin_disabled",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::UnknownConversation => "unknown_conversation",
            ErrorCode::AlreadyClaimed => "already_claimed",
            ErrorCode::NotClaimed => "not_claimed",
            ErrorCode::NotQueued => "not_queued",
            ErrorCode::TranslationUnavailable => "translation_unavailable",
            ErrorCode::TranslationFailed => "translation_failed",
            ErrorCode::Invalid => "invalid",
            ErrorCode::InvalidBody => "invalid_body",
            ErrorCode::InvalidShopId => "invalid_shop_id",
            ErrorCode::InvalidShop => "invalid_shop",
            ErrorCode::InvalidFiles => "invalid_files",
            ErrorCode::DirNotAllowed => "dir_not_allowed",
            ErrorCode::InvalidAgent => "invalid_agent",
            ErrorCode::InvalidKey => "invalid_key",
            ErrorCode::InvalidErasure => "invalid_erasure",
            ErrorCode::InvalidSignature => "invalid_signature",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::UnsupportedType => "unsupported_type",
            ErrorCode::InvalidImage => "invalid_image",
            ErrorCode::QuotaExceeded => "quota_exceeded",
            ErrorCode::IngestFailed => "ingest_failed",
        }
    }
}

/// Why a client frame was refused.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameError {
    pub code: ErrorCode,
    pub message: String,
}

/// Parses a client frame, telling broken JSON, a frame of the wrong shape and a version this
/// server does not speak apart.
pub fn parse(text: &str) -> Result<ClientFrame, FrameError> {
    match serde_json::from_str::<Envelope>(text) {
        Ok(Envelope { v: Some(v), .. }) if v != PROTOCOL_VERSION => Err(FrameError {
            code: ErrorCode::UnsupportedVersion,
            message: format!("this server speaks protocol version {PROTOCOL_VERSION}, the frame says {v}"),
        }),
        Ok(envelope) => Ok(envelope.frame),
        Err(err) if err.is_syntax() || err.is_eof() => {
            Err(FrameError { code: ErrorCode::InvalidJson, message: format!("not valid JSON: {err}") })
        }
        Err(err) => Err(FrameError {
            code: ErrorCode::InvalidFrame,
            message: format!("not a frame this server knows (hello, message, typing, ack): {err}"),
        }),
    }
}

/// Serializes a frame with the protocol version.
pub fn render(frame: &ServerFrame<'_>) -> String {
    #[derive(Serialize)]
    struct Out<'f, 'a> {
        v: u32,
        #[serde(flatten)]
        frame: &'f ServerFrame<'a>,
    }
    serde_json::to_string(&Out { v: PROTOCOL_VERSION, frame }).expect("frames always serialize")
}

/// The frame that shows a stored entry to the buyer; `None` for what only the shop sees
/// (internal notes, claims).
pub fn entry_frame(entry: &Entry) -> Option<ServerFrame<'_>> {
    let frame = match &entry.body {
        EntryBody::Buyer { client_msg_id, .. } => ServerFrame::Ack { client_msg_id, seq: entry.seq },
        EntryBody::Bot { reply_to, text, language, intent, confidence, sources, .. } => ServerFrame::Reply {
            seq: entry.seq,
            reply_to: *reply_to,
            text,
            language: language.as_str(),
            intent: intent.as_str(),
            confidence: *confidence,
            sources,
        },
        EntryBody::Handoff { reply_to, reason, text, language, expected_wait_secs, .. } => ServerFrame::Handoff {
            seq: entry.seq,
            reply_to: *reply_to,
            reason: reason.as_str(),
            text,
            language: language.as_str(),
            expected_wait: *expected_wait_secs,
        },
        EntryBody::Agent { agent, text, language, .. } => {
            ServerFrame::AgentMessage { seq: entry.seq, text, language: language.as_str(), agent_name: &agent.name }
        }
        EntryBody::Resolved { .. } => ServerFrame::Resolved { seq: entry.seq },
        EntryBody::Note { .. } | EntryBody::Claimed { .. } => return None,
    };
    Some(frame)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_client_frame() {
        assert_eq!(
            parse(r#"{"v":1,"type":"hello","conversation_id":"abc","last_seq":4,"locale":"es"}"#).unwrap(),
            ClientFrame::Hello {
                conversation_id: Some("abc".into()),
                last_seq: Some(4),
                locale: Some("es".into()),
                context: None
            }
        );
        assert_eq!(
            parse(r#"{"type":"hello"}"#).unwrap(),
            ClientFrame::Hello { conversation_id: None, last_seq: None, locale: None, context: None }
        );
        assert_eq!(
            parse(r#"{"type":"message","client_msg_id":"m1","text":"hola"}"#).unwrap(),
            ClientFrame::Message {
                client_msg_id: "m1".into(),
                text: "hola".into(),
                attachments: vec![],
                context: None
            }
        );
        assert_eq!(parse(r#"{"type":"typing"}"#).unwrap(), ClientFrame::Typing {});
        assert_eq!(parse(r#"{"type":"ack","seq":3}"#).unwrap(), ClientFrame::Ack { seq: 3 });
    }

    #[test]
    fn tells_bad_json_from_bad_frames_and_versions() {
        assert_eq!(parse("{not json").unwrap_err().code, ErrorCode::InvalidJson);
        assert_eq!(parse(r#"{"type":"dance"}"#).unwrap_err().code, ErrorCode::InvalidFrame);
        assert_eq!(parse(r#"{"type":"message","text":"no id"}"#).unwrap_err().code, ErrorCode::InvalidFrame);
        assert_eq!(parse(r#"{"type":"ack","seq":-1}"#).unwrap_err().code, ErrorCode::InvalidFrame);
        assert_eq!(parse(r#"{"v":2,"type":"typing"}"#).unwrap_err().code, ErrorCode::UnsupportedVersion);
    }

    #[test]
    fn server_frames_carry_the_version_and_a_type() {
        let json = render(&ServerFrame::Typing { on: true });
        assert_eq!(json, r#"{"v":1,"type":"typing","on":true}"#);
        let json = render(&ServerFrame::Error {
            code: ErrorCode::RateLimited,
            message: "slow down",
            client_msg_id: Some("m1"),
            retry_after_ms: Some(1500),
        });
        assert_eq!(
            json,
            r#"{"v":1,"type":"error","code":"rate_limited","message":"slow down","client_msg_id":"m1","retry_after_ms":1500}"#
        );
    }

    #[test]
    fn error_code_names_match_their_serialization() {
        for code in [
            ErrorCode::InvalidJson,
            ErrorCode::MessageTooLong,
            ErrorCode::ShuttingDown,
            ErrorCode::UnknownShop,
            ErrorCode::CrossOrigin,
            ErrorCode::InvalidShopId,
            ErrorCode::TranslationUnavailable,
            ErrorCode::IngestFailed,
        ] {
            assert_eq!(serde_json::to_string(&code).unwrap(), format!("\"{}\"", code.as_str()));
        }
    }
}
