//! Language detection adapters. `script` is the dependency-free detector of the service spine;
//! the language issue replaces it with a measured one. Pure code: no IO, nothing async.

pub mod lingua;
