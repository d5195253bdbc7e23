//! kefu's own sentences in the buyer's language, with Project Fluent: greetings, questions for a
//! missing order number or country, order and shipping answers, hand-off notices. One `.ftl`
//! file per locale in `src/wording/locales/`, compiled in; `en.ftl` is the reference and
//! documents the variables. A locale missing a message falls back to English for that message.
//!
//! Variables are inserted without Unicode isolation marks, so an order id or a price appears in
//! the reply exactly as in the data (replies are checked against facts by substring).

use std::collections::HashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::domain::Language;

/// Locale tag (lower-case, as `Language` spells it) → its messages.
const LOCALES: &[(&str, &str)] = &[
    ("en", include_str!("locales/en.ftl")),
    ("zh-cn", include_str!("locales/zh-CN.ftl")),
    ("zh-tw", include_str!("locales/zh-TW.ftl")),
    ("es", include_str!("locales/es.ftl")),
    ("pt-br", include_str!("locales/pt-BR.ftl")),
    ("fr", include_str!("locales/fr.ftl")),
    ("de", include_str!("locales/de.ftl")),
    ("ru", include_str!("locales/ru.ftl")),
    ("ar", include_str!("locales/ar.ftl")),
    ("ja", include_str!("locales/ja.ftl")),
    ("ko", include_str!("locales/ko.ftl")),
    ("tr", include_str!("locales/tr.ftl")),
    ("it", include_str!("locales/it.ftl")),
    ("vi", include_str!("locales/vi.ftl")),
    ("th", include_str!("locales/th.ftl")),
    ("id", include_str!("locales/id.ftl")),
    ("nl", include_str!("locales/nl.ftl")),
    ("pl", include_str!("locales/pl.ftl")),
];

/// Other spellings of a locale that mean the same messages.
const ALIASES: &[(&str, &str)] = &[
    ("zh", "zh-cn"),
    ("zh-hans", "zh-cn"),
    ("zh-sg", "zh-cn"),
    ("zh-hant", "zh-tw"),
    ("zh-hk", "zh-tw"),
    ("zh-mo", "zh-tw"),
    ("pt", "pt-br"),
    ("pt-pt", "pt-br"),
    ("in", "id"),
];

/// A value for a message variable.
pub enum Arg<'a> {
    Text(&'a str),
    Number(f64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Arg::Text(text)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(text: &'a String) -> Self {
        Arg::Text(text)
    }
}

impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Number(f64::from(n))
    }
}

impl From<u64> for Arg<'_> {
    fn from(n: u64) -> Self {
        Arg::Number(n as f64)
    }
}

pub struct Templates {
    bundles: HashMap<&'static str, FluentBundle<FluentResource>>,
}

impl Default for Templates {
    fn default() -> Self {
        Templates::built_in()
    }
}

impl Templates {
    /// Every compiled-in locale. Panics on a malformed file: tests parse them all.
    pub fn built_in() -> Templates {
        let bundles = LOCALES
            .iter()
            .map(|(tag, text)| {
                let resource = FluentResource::try_new((*text).to_owned())
                    .unwrap_or_else(|(_, errors)| panic!("locales/{tag}.ftl does not parse: {errors:?}"));
                let langid = tag.parse().unwrap_or_else(|e| panic!("{tag} is not a language id: {e}"));
                let mut bundle = FluentBundle::new_concurrent(vec![langid]);
                bundle.set_use_isolating(false);
                bundle.add_resource(resource).unwrap_or_else(|e| panic!("locales/{tag}.ftl: {e:?}"));
                (*tag, bundle)
            })
            .collect();
        Templates { bundles }
    }

    /// The locale kefu writes for `language`: itself, an alias, or its primary subtag; `None`
    /// when kefu has no sentences in it.
    pub fn locale(&self, language: &Language) -> Option<&'static str> {
        let find = |tag: &str| {
            let tag = ALIASES.iter().find(|(alias, _)| *alias == tag).map_or(tag, |(_, to)| to);
            self.bundles.get_key_value(tag).map(|(k, _)| *k)
        };
        find(language.as_str()).or_else(|| find(language.primary()))
    }

    /// Whether kefu has its own sentences in `language` (else it writes English).
    pub fn speaks(&self, language: &Language) -> bool {
        self.locale(language).is_some()
    }

    /// Message `id` in `language` (English when kefu does not write that language or the
    /// locale lacks the message), with `args` filled in.
    pub fn say(&self, language: &Language, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let locale = self.locale(language).unwrap_or("en");
        self.format(locale, id, args)
            .or_else(|| self.format("en", id, args))
            .unwrap_or_else(|| panic!("message {id} is missing from locales/en.ftl"))
    }

    fn format(&self, locale: &str, id: &str, args: &[(&str, Arg<'_>)]) -> Option<String> {
        let bundle = self.bundles.get(locale)?;
        let pattern = bundle.get_message(id)?.value()?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            let value = match value {
                Arg::Text(text) => FluentValue::from(*text),
                Arg::Number(n) => FluentValue::from(*n),
            };
            fluent_args.set(*name, value);
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(locale, id, ?errors, "a reply template did not format cleanly");
        }
        Some(text.into_owned())
    }

    /// Message ids of a locale, sorted, for tests.
    #[cfg(test)]
    fn ids(&self, locale: &str) -> Vec<String> {
        let text = LOCALES.iter().find(|(t, _)| *t == locale).map(|(_, text)| *text).unwrap_or_default();
        let resource = FluentResource::try_new(text.to_owned()).unwrap_or_else(|(r, _)| r);
        let mut ids: Vec<String> = resource
            .entries()
            .filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                fluent_syntax::ast::Entry::Term(_)
                | fluent_syntax::ast::Entry::Comment(_)
                | fluent_syntax::ast::Entry::GroupComment(_)
                | fluent_syntax::ast::Entry::ResourceComment(_)
                | fluent_syntax::ast::Entry::Junk { .. } => None,
            })
            .collect();
        ids.sort();
        ids
    }
}

/// A number as kefu writes amounts: no trailing zeros for whole amounts ("38"), two decimals
/// otherwise ("9.80").
pub fn amount(value: f64) -> String {
    if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value:.2}") }
}

#[cfg(test)]
mod tests;
