//! Generation adapters. `template` answers without any language model: fixed phrases in the
//! buyer's language and extracts of the shop's own passages. The generation issue adds the
//! OpenAI-compatible adapter, localized templates for structured intents and grounding checks.

pub mod template;
