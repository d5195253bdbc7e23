//! `kefu eval …`: measurements on labelled cases, for docs/benchmarks.md and for tuning.
//! `retrieval`: recall and MRR of passages; `intents`: intent accuracy, calibration, language
//! detection and entities.

pub mod intents;
pub mod retrieval;
