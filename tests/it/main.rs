//! One integration-test binary (one link step): the real app, real sockets, real sled files.
#![expect(clippy::wildcard_enum_match_arm, reason = "test code")]

mod actions;
mod admin;
mod architecture;
mod ask;
mod browser;
mod channels;
mod chat;
mod console;
mod crash;
mod drivers;
mod generation;
mod isolation;
#[path = "../launcher/mod.rs"]
mod launcher;
mod nodes;
mod presale;
mod retrieval;
mod support;
mod understanding;
mod widget;
