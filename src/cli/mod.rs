//! The bodies of `kefu`'s commands; `main.rs` parses the command line and calls one of these.
//! Part of the binary, not the library: they may name `app`.

pub mod accounts;
pub mod commands;
pub mod erase;
pub mod eval;
