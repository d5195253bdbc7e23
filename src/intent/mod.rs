//! Intent classification. `linear` is the classifier kefu runs: logistic regression over the
//! shared multilingual embedding and `keywords` hits (weighted multilingual keyword lists),
//! trained on the team's examples in a dozen languages and third-party help-desk data, with an
//! out-of-scope class, calibrated on held-out sources. `entities` pulls order ids, tracking
//! numbers, countries, SKUs and amounts out of a message.

pub mod entities;
pub mod keywords;
pub mod linear;
