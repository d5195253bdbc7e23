//! kefu (客服): multilingual customer service for cross-border e-commerce shops.
//!
//! A buyer's message travels: `gateway::chat` (websocket) → `conversation` (store it, then run
//! the turn) → `pipeline` (detect language → classify intent → retrieve → generate → decide)
//! → `conversation` (store the reply or hand-off) → back out through `conversation::hub` to every
//! socket of that conversation. `kefu ask` (`ask`) enters at `conversation` too.
//!
//! ARCHITECTURE.md is the codemap and lists the invariants.

pub mod actions;
pub mod analytics;
pub mod app;
pub mod ask;
pub mod capacity;
pub mod channels;
pub mod chat_client;
pub mod config;
pub mod console;
pub mod conversation;
pub mod crypto;
pub mod domain;
pub mod erasure;
pub mod eval;
pub mod gateway;
pub mod generation;
pub mod ingestion;
pub mod intent;
pub mod knowledge;
pub mod language;
pub mod lexicon;
pub mod net;
pub mod orders;
pub mod outbound;
pub mod pipeline;
pub mod redis;
pub mod retrieval;
pub mod secrets;
pub mod shop;
pub mod storage;
pub mod telemetry;
pub mod tls;
pub mod uploads;
pub mod wording;
