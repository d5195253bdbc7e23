//! Turns a shop's records into passages that follow the data's structure: one per product
//! (title, attributes, variants, description; a long description is split), one per shipping
//! destination, one per policy section, one per FAQ entry. Pure: no IO.
//!
//! A passage's `id` is stable across ingestions (it names the record, not its position), and
//! its `hash` covers everything that is embedded or shown, so re-ingesting an unchanged shop
//! changes no passage.

use sha2::{Digest, Sha256};

use super::{Document, LearnedFaq, Product, Section, ShippingOption, ShopKnowledge};
use crate::domain::{Language, Source, SourceKind};
use crate::lexicon::{Countries, is_cjk, script};

/// A passage ready to be embedded and indexed.
#[derive(Debug, Clone, PartialEq)]
pub struct Chunk {
    /// Unique within the shop: `product:SKU`, `product:SKU#2`, `shipping:CL`,
    /// `policy:policies/returns.md#Window`, `faq:faq.md#Question`.
    pub id: String,
    /// What a reply cites: the SKU, `shipping.csv#CL` or `file#heading`.
    pub source: Source,
    /// Where it came from, for people: `products.jsonl:12`, `faq.md:40`.
    pub location: String,
    pub language: Language,
    pub text: String,
    /// Hex SHA-256 of id, title, language and text.
    pub hash: String,
}

/// Rough passage budget in model tokens. multilingual-e5-small reads 512; the rest is headroom
/// for the tokenizer splitting words finer than this estimate.
const MAX_TOKENS: usize = 320;

pub fn chunks(knowledge: &ShopKnowledge) -> Vec<Chunk> {
    let default = &knowledge.shop.default_language;
    let mut out = Vec::new();
    for product in &knowledge.products {
        out.extend(product_chunks(product, default));
    }
    out.extend(shipping_chunks(&knowledge.shipping, default));
    for policy in &knowledge.policies {
        out.extend(document_chunks(policy, SourceKind::Policy, "policy", default));
    }
    if let Some(faq) = &knowledge.faq {
        out.extend(document_chunks(faq, SourceKind::Faq, "faq", default));
    }
    out
}

/// The passages of the FAQ entries agents saved (`faq:learned#<question>`).
pub fn learned_chunks(entries: &[LearnedFaq], default: &Language) -> Vec<Chunk> {
    let sections = entries
        .iter()
        .enumerate()
        .map(|(i, e)| Section { heading: e.question.clone(), body: e.answer.clone(), line: i + 1 })
        .collect();
    let document = Document { file: "learned".into(), title: None, language: None, sections };
    document_chunks(&document, SourceKind::Faq, "faq", default)
}

fn product_chunks(product: &Product, default: &Language) -> Vec<Chunk> {
    let mut header = format!("{}\nSKU: {}\n", product.title, product.sku);
    header += &format!("price: {} {}\n", product.price, product.currency);
    for (key, value) in &product.attributes {
        header += &format!("{key}: {}\n", scalar(value));
    }
    for variant in &product.variants {
        let options: Vec<String> = variant.options.iter().map(|(k, v)| format!("{k} {}", scalar(v))).collect();
        let price = variant.price.map(|p| format!(", {p} {}", product.currency)).unwrap_or_default();
        let stock = if variant.available { "available" } else { "sold out" };
        header += &format!("variant {}: {}{price}, {stock}\n", variant.sku, options.join(", "));
    }
    if !product.tags.is_empty() {
        header += &format!("tags: {}\n", product.tags.join(", "));
    }
    let budget = MAX_TOKENS.saturating_sub(tokens(&header)).max(MAX_TOKENS / 3);
    let parts = split(&product.description, budget);
    let declared = product.language.as_deref().and_then(Language::parse);
    let language = language_of(&format!("{} {}", product.title, product.description), default, declared);
    let source =
        Source { kind: SourceKind::Product, id: product.sku.clone(), title: product.title.clone(), score: 0.0 };
    let location = format!("products.jsonl:{}", product.line);
    if parts.is_empty() {
        return vec![chunk(format!("product:{}", product.sku), source, location, language, header)];
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let id =
                if i == 0 { format!("product:{}", product.sku) } else { format!("product:{}#{}", product.sku, i + 1) };
            // Later parts repeat only the title, so each still says what it is about.
            let text = if i == 0 { format!("{header}{part}") } else { format!("{}\n{part}", product.title) };
            chunk(id, source.clone(), location.clone(), language.clone(), text)
        })
        .collect()
}

fn shipping_chunks(rows: &[ShippingOption], default: &Language) -> Vec<Chunk> {
    let gazetteer = Countries::built_in();
    let mut countries: Vec<&str> = rows.iter().map(|r| r.country.as_str()).collect();
    countries.dedup();
    countries.sort();
    countries.dedup();
    countries
        .into_iter()
        .map(|country| {
            let options: Vec<&ShippingOption> = rows.iter().filter(|r| r.country == country).collect();
            let names = if country == "*" {
                "all other countries".to_owned()
            } else {
                country_names(&gazetteer, country, default)
            };
            let mut text = format!("Shipping to {country} {names}\n");
            for o in &options {
                text += &format!(
                    "{} {}: {} {}, {}-{} days",
                    o.carrier, o.service, o.cost, o.currency, o.min_days, o.max_days
                );
                if !o.notes.is_empty() {
                    text += &format!(". {}", o.notes);
                }
                text.push('\n');
            }
            let source = Source {
                kind: SourceKind::Shipping,
                id: format!("shipping.csv#{country}"),
                title: format!("Shipping to {}", if country == "*" { "other countries" } else { country }),
                score: 0.0,
            };
            let location = format!("shipping.csv:{}", options[0].line);
            let language = language_of(&text, default, None);
            chunk(format!("shipping:{country}"), source, location, language, text.trim_end().to_owned())
        })
        .collect()
}

/// A destination's usual name in the shop's language and in English (once where they are the
/// same), so a buyer who writes either finds the passage by its words.
fn country_names(gazetteer: &Countries, code: &str, language: &Language) -> String {
    let mut names: Vec<String> = [language, &Language::english()]
        .into_iter()
        .map(|l| gazetteer.name(code, l))
        .filter(|name| name != code)
        .collect();
    names.dedup();
    names.join(" / ")
}

fn document_chunks(document: &Document, kind: SourceKind, prefix: &str, default: &Language) -> Vec<Chunk> {
    let mut out = Vec::new();
    for section in &document.sections {
        let heading = match (&document.title, kind) {
            (Some(title), SourceKind::Policy) if *title != section.heading => format!("{title}: {}", section.heading),
            _ => section.heading.clone(),
        };
        let source_id = format!("{}#{}", document.file, section.heading);
        let source = Source { kind, id: source_id.clone(), title: heading.clone(), score: 0.0 };
        let location = format!("{}:{}", document.file, section.line);
        let language = language_of(&format!("{heading} {}", section.body), default, document.language.clone());
        let parts = split(&section.body, MAX_TOKENS.saturating_sub(tokens(&heading)).max(MAX_TOKENS / 3));
        for (i, part) in parts.into_iter().enumerate() {
            let id = if i == 0 { format!("{prefix}:{source_id}") } else { format!("{prefix}:{source_id}#{}", i + 1) };
            out.push(chunk(id, source.clone(), location.clone(), language.clone(), format!("{heading}\n{part}")));
        }
    }
    out
}

fn chunk(id: String, source: Source, location: String, language: Language, text: String) -> Chunk {
    let mut hasher = Sha256::new();
    for part in [id.as_str(), source.title.as_str(), source.id.as_str(), language.as_str(), text.as_str()] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let hash = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Chunk { id, source, location, language, text, hash }
}

/// A value as text: arrays joined with ", ".
pub(crate) fn scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(", "),
        other @ (serde_json::Value::Null
        | serde_json::Value::Bool(_)
        | serde_json::Value::Number(_)
        | serde_json::Value::Object(_)) => other.to_string(),
    }
}

/// The language a passage is written in: the one its source declares, else the shop's
/// `default_language` — never a guess from its words, which on a short attribute text is often
/// wrong ("Material: cotton, Size: M" is not Spanish). One exception: a passage written in a
/// script that names its language outright (Han, kana, hangul, Arabic …) when that is not the
/// shop's language, such as a Chinese FAQ in an English shop.
fn language_of(text: &str, default: &Language, declared: Option<Language>) -> Language {
    if let Some(declared) = declared {
        return declared;
    }
    match script::by_script(text).and_then(|(tag, _)| Language::parse(tag)) {
        Some(language) if language.primary() != default.primary() => language,
        _ => default.clone(),
    }
}

/// A rough token count: one per CJK character, one per four other characters.
pub fn tokens(text: &str) -> usize {
    let (cjk, other): (usize, usize) =
        text.chars().fold((0, 0), |(c, o), ch| if is_cjk(ch) { (c + 1, o) } else { (c, o + 1) });
    cjk + other.div_ceil(4)
}

/// Splits text into parts of at most `budget` tokens, at paragraph, then sentence, then
/// character boundaries. Empty text gives no parts.
pub fn split(text: &str, budget: usize) -> Vec<String> {
    let text = text.trim();
    if text.is_empty() {
        return Vec::new();
    }
    if tokens(text) <= budget {
        return vec![text.to_owned()];
    }
    let sentences = text.split_inclusive(['\n', '.', '。', '!', '?', '！', '？', '；', ';']);
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    for sentence in sentences.flat_map(|s| hard_split(s, budget)) {
        if !current.is_empty() && tokens(&current) + tokens(&sentence) > budget {
            parts.push(std::mem::take(&mut current).trim().to_owned());
        }
        current.push_str(&sentence);
    }
    if !current.trim().is_empty() {
        parts.push(current.trim().to_owned());
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// A sentence longer than the budget, cut into pieces that fit.
fn hard_split(sentence: &str, budget: usize) -> Vec<String> {
    if tokens(sentence) <= budget {
        return vec![sentence.to_owned()];
    }
    let mut pieces = Vec::new();
    let mut current = String::new();
    for c in sentence.chars() {
        current.push(c);
        if tokens(&current) >= budget {
            pieces.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

#[cfg(test)]
mod tests;
