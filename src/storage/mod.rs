//! Storage adapters. `sled` is the embedded default: one database in the data directory.

pub mod sled;
