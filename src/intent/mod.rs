//! Intent classification adapters. `keywords` is the lexical classifier of the service spine;
//! the intent issue adds the multilingual embedding classifier and calibration. Pure code.

pub mod keywords;
