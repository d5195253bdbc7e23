//! Writing replies. `fluent` holds kefu's own sentences in the buyer's language (Project Fluent,
//! `locales/*.ftl`); `template` is the generator that needs no model (extracts of the shop's own
//! passages, introduced in the buyer's language); `openai` is the adapter for any
//! OpenAI-compatible chat-completions endpoint.

pub mod openai;
pub mod template;
