//! Lexical intent signals: the weighted multilingual keyword lists of
//! `knowledge/intents/keywords.toml` (compiled in), found with `lexicon::Matcher`, whose hits
//! `intent::linear` reads beside the embedding.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use serde::Deserialize;

use crate::domain::Intent;
use crate::lexicon::{Forms, Matcher};

const BUILT_IN: &str = include_str!("../../knowledge/intents/keywords.toml");

static KEYWORDS: LazyLock<Keywords> =
    LazyLock::new(|| Keywords::parse(BUILT_IN).expect("the built-in intent keywords are valid"));

struct Keywords {
    /// Per keyword (its id in `matcher`): the intent it is evidence for, and the weight.
    keywords: Vec<(Intent, f32)>,
    matcher: Matcher,
}

/// One intent's table: `weight = 1.5` and `<lang> = ["form", ...]`.
#[derive(Deserialize)]
struct Entry {
    weight: f32,
    #[serde(flatten)]
    forms: Forms,
}

impl Keywords {
    fn parse(text: &str) -> Result<Keywords, String> {
        let entries: BTreeMap<String, Entry> = toml::from_str(text).map_err(|e| format!("intent keywords: {e}"))?;
        let mut out = Keywords { keywords: Vec::new(), matcher: Matcher::default() };
        for (name, entry) in entries {
            let intent = Intent::ALL
                .into_iter()
                .find(|i| i.as_str() == name)
                .ok_or_else(|| format!("intent keywords: [{name}] is no intent"))?;
            // A form two languages share ("pedido") is one keyword: it counts once.
            let mut seen = BTreeSet::new();
            for form in entry.forms.values().flatten().filter(|f| seen.insert(f.trim().to_lowercase())) {
                out.matcher.add(form, out.keywords.len());
                out.keywords.push((intent, entry.weight));
            }
        }
        Ok(out)
    }
}

/// Weighted keyword hits per intent, for intents with any, highest first (ties in `Intent`
/// order): each keyword found counts its weight once.
pub fn scores(text: &str) -> Vec<(Intent, f32)> {
    let mut hits: BTreeMap<Intent, (f32, usize)> = BTreeMap::new();
    for id in KEYWORDS.matcher.find_every(text) {
        let (intent, weight) = KEYWORDS.keywords[id];
        hits.entry(intent).or_insert((weight, 0)).1 += 1;
    }
    let mut scores: Vec<(Intent, f32)> =
        hits.into_iter().map(|(intent, (weight, count))| (intent, weight * count as f32)).collect();
    scores.sort_by(|a, b| b.1.total_cmp(&a.1));
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The intent with the most keyword weight; none at all is `Other`.
    fn top(text: &str) -> Intent {
        scores(text).first().map_or(Intent::Other, |(intent, _)| *intent)
    }

    fn check(text: &str, expected: Intent) {
        assert_eq!(top(text), expected, "{text:?} -> {:?}", scores(text));
    }

    #[test]
    fn the_built_in_lists_parse_and_name_every_intent_but_other() {
        let named: BTreeSet<Intent> = KEYWORDS.keywords.iter().map(|(intent, _)| *intent).collect();
        let expected: BTreeSet<Intent> = Intent::ALL.into_iter().filter(|i| *i != Intent::Other).collect();
        assert_eq!(named, expected);
        assert!(KEYWORDS.keywords.len() > 500, "{}", KEYWORDS.keywords.len());
        assert!(KEYWORDS.keywords.iter().all(|(_, weight)| *weight > 0.0));
        let err = Keywords::parse("[order_stat]\nweight = 1.0\nen = [\"x\"]").err().unwrap_or_default();
        assert!(err.contains("[order_stat] is no intent"), "{err}");
    }

    #[test]
    fn common_buyer_messages() {
        check("Where is my order #W1234567?", Intent::OrderStatus);
        check("我的订单到哪里了", Intent::OrderStatus);
        check("¿Dónde está mi pedido?", Intent::OrderStatus);
        check("How long does shipping to Chile take?", Intent::Shipping);
        check("运费多少钱，寄到美国要几天", Intent::Shipping);
        check("Is this cotton?", Intent::ProductQuestion);
        check("How do I return it?", Intent::ReturnsRefunds);
        check("Quero devolver, como faço o reembolso?", Intent::ReturnsRefunds);
        check("I want to cancel my order", Intent::CancelOrder);
        check("I want to talk to a real person", Intent::HumanRequest);
        check("转人工", Intent::HumanRequest);
        check("I will open a chargeback with my bank", Intent::ChargebackDispute);
        check("hi", Intent::Greeting);
        check("Hi, where is my order?", Intent::OrderStatus);
        check("thanks!", Intent::ThanksBye);
        check("Do I have to pay customs duties in Brazil?", Intent::CustomsDuties);
        check("The lamp arrived broken", Intent::DamagedWrongItem);
        check("what's the weather like", Intent::Other);
    }

    #[test]
    fn short_keywords_match_whole_words_only() {
        // "hi" is inside "shipping"; "sue" is inside "issue".
        assert_ne!(top("shipping"), Intent::Greeting);
        assert_ne!(top("there is an issue with shipping"), Intent::ChargebackDispute);
    }

    #[test]
    fn each_form_found_counts_its_weight_once() {
        // 人工, 转人工 and 人工客服 (3.0 each), 人工 inside both longer ones.
        assert_eq!(scores("转人工，人工客服"), [(Intent::HumanRequest, 9.0)]);
        // 배송 (shipping) inside 배송 조회 (order status) is evidence for both.
        assert_eq!(scores("배송 조회"), [(Intent::OrderStatus, 1.0), (Intent::Shipping, 1.0)]);
        assert_eq!(scores("pedido, pedido"), [(Intent::OrderStatus, 1.0)], "listed for es and pt, one form");
    }
}
