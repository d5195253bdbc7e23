//! What the shop sees of its service (issue: analytics and CSAT): each conversation counted from
//! its stored entries (`outcome`), so a period's figures are reproducible from the log. The
//! aggregates over a period, CSAT, marketplace response health and the stats endpoint build on
//! this.

pub mod outcome;

pub use outcome::{Counted, Outcome, VERIFICATION_WINDOW, count};
