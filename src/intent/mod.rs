//! Intent classification. `prototypes` is the classifier kefu runs: the shared multilingual
//! embedding model against labelled examples in a dozen languages, plus `keywords` (weighted
//! multilingual keyword lists, a second signal), calibrated. `entities` pulls order ids,
//! tracking numbers, countries, SKUs and amounts out of a message.

pub mod entities;
pub mod keywords;
pub mod prototypes;
