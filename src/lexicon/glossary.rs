//! A multilingual e-commerce glossary: for each concept (basket, lid, refresh rate, Brazil …)
//! the words buyers and catalogues use for it in a dozen languages.
//!
//! A catalogue is written in one language and buyers ask in any; the small embedding model
//! matches across languages only weakly. So a question is expanded with the catalogue-language
//! words for the concepts it names ("cestas … con tapa" + "篮 盖"), which both keyword search
//! and the embedding then match. The built-in glossary is `knowledge/glossary/ecommerce.jsonl`,
//! compiled in; words are found as `lexicon::Matcher` finds them. Pure: no IO.

use std::collections::{BTreeMap, HashSet};

use crate::domain::Language;
use crate::lexicon::{Matcher, parse_lines};

const BUILT_IN: &str = include_str!("../../knowledge/glossary/ecommerce.jsonl");
/// Concepts that say what the buyer does rather than what they look for ("do you sell …"): a
/// question is not expanded with them, or it would find pages that merely use the word.
const NOT_SEARCHED: &[&str] = &["sell", "free of charge"];

#[derive(Debug, Default)]
pub struct Glossary {
    /// Per concept: language → its forms.
    concepts: Vec<BTreeMap<String, Vec<String>>>,
    /// Per concept, its name (`"price"`).
    names: Vec<String>,
    matcher: Matcher,
}

impl Glossary {
    /// The glossary compiled into kefu.
    pub fn built_in() -> Glossary {
        Glossary::parse(BUILT_IN).expect("the built-in glossary is valid")
    }

    /// Parses JSON lines of `{"concept": "...", "<lang>": ["form", ...], ...}`.
    pub fn parse(text: &str) -> Result<Glossary, String> {
        let mut glossary = Glossary::default();
        for (name, forms) in parse_lines(text, "concept").map_err(|e| format!("glossary {e}"))? {
            let id = glossary.concepts.len();
            for form in forms.values().flatten() {
                glossary.matcher.add(form, id);
            }
            glossary.concepts.push(forms);
            glossary.names.push(name);
        }
        Ok(glossary)
    }

    pub fn len(&self) -> usize {
        self.concepts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty()
    }

    /// Whether `text` names the concept called `concept` (in any language).
    pub fn mentions(&self, text: &str, concept: &str) -> bool {
        self.matcher.find(text).into_iter().any(|id| self.names[id] == concept)
    }

    /// Every concept's name.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    /// The concept's most common word in `language` (or its primary language), if it has one.
    pub fn word(&self, concept: &str, language: &Language) -> Option<String> {
        let id = self.names.iter().position(|n| n == concept)?;
        let forms = self.concepts[id].get(language.as_str()).or_else(|| self.concepts[id].get(language.primary()))?;
        forms.first().cloned()
    }

    /// The words `expand` may add for `target`: each searched concept's first two forms there
    /// (the second stands in when a question already has the first).
    pub fn leading_forms(&self, target: &Language) -> Vec<String> {
        let mut out = Vec::new();
        for (id, forms) in self.concepts.iter().enumerate() {
            if NOT_SEARCHED.contains(&self.names[id].as_str()) {
                continue;
            }
            let forms = forms.get(target.as_str()).or_else(|| forms.get(target.primary()));
            out.extend(forms.into_iter().flatten().take(2).cloned());
        }
        out.sort();
        out.dedup();
        out
    }

    /// The names of the concepts `text` names, each once, in the order found.
    pub fn concepts(&self, text: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for id in self.matcher.find(text) {
            if !out.contains(&self.names[id].as_str()) {
                out.push(&self.names[id]);
            }
        }
        out
    }

    /// For each concept `text` names, in the order found: its words in `target` that `text`
    /// does not already contain, most common first. Concepts without such words are left out.
    pub fn expand(&self, text: &str, target: &Language) -> Vec<Vec<String>> {
        let lower = text.to_lowercase();
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for id in self.matcher.find(text).into_iter().filter(|id| !NOT_SEARCHED.contains(&self.names[*id].as_str())) {
            let forms = self.concepts[id].get(target.as_str()).or_else(|| self.concepts[id].get(target.primary()));
            let new: Vec<String> = forms
                .into_iter()
                .flatten()
                .filter(|form| !lower.contains(&form.to_lowercase()) && seen.insert(form.to_string()))
                .cloned()
                .collect();
            if !new.is_empty() {
                out.push(new);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"{"concept": "basket", "en": ["basket", "baskets"], "zh": ["篮", "篮子"], "es": ["cesta", "cestas"], "ar": ["سلة"], "ko": ["바구니"]}
{"concept": "lid", "en": ["lid"], "zh": ["盖", "带盖"], "es": ["tapa"]}
{"concept": "refresh rate", "en": ["refresh rate"], "zh": ["刷新率"], "es": ["tasa de refresco", "frecuencia de actualización"]}"#;

    fn expand(text: &str, target: &str) -> Vec<String> {
        Glossary::parse(SAMPLE).unwrap().expand(text, &Language::parse(target).unwrap()).concat()
    }

    #[test]
    fn the_leading_forms_are_the_first_two_of_each_concept_in_the_language() {
        let glossary = Glossary::parse(SAMPLE).unwrap();
        assert_eq!(glossary.leading_forms(&Language::parse("zh").unwrap()), ["刷新率", "带盖", "盖", "篮", "篮子"]);
        assert_eq!(glossary.leading_forms(&Language::parse("ko").unwrap()), ["바구니"]);
    }

    #[test]
    fn a_question_gains_the_catalogues_words() {
        assert_eq!(expand("¿Tienen cestas de ratán con tapa?", "zh"), ["篮", "篮子", "盖", "带盖"]);
        assert_eq!(expand("هل لديكم السلة؟", "zh"), ["篮", "篮子"], "the article is stripped");
        assert_eq!(expand("我想要带盖的篮子", "en"), ["lid", "basket", "baskets"], "in the order written");
        assert_eq!(expand("바구니 있어요?", "es"), ["cesta", "cestas"]);
    }

    #[test]
    fn phrases_match_whole_and_words_never_match_inside_other_words() {
        assert_eq!(expand("¿Cuál es la tasa de refresco?", "en"), ["refresh rate"]);
        assert!(expand("tapas bar", "zh").is_empty(), "tapas is not tapa");
        assert!(expand("nothing here", "zh").is_empty());
    }

    #[test]
    fn words_come_grouped_by_concept_most_common_first() {
        let glossary = Glossary::parse(SAMPLE).unwrap();
        let groups = glossary.expand("¿cestas con tapa?", &Language::parse("zh").unwrap());
        assert_eq!(groups, [vec!["篮", "篮子"], vec!["盖", "带盖"]]);
    }

    #[test]
    fn words_already_in_the_question_are_not_repeated() {
        assert_eq!(expand("cestas y 篮", "zh"), ["篮子"]);
    }

    #[test]
    fn the_built_in_glossary_loads() {
        assert!(Glossary::built_in().len() > 100);
    }

    #[test]
    fn bad_lines_are_named() {
        let err = Glossary::parse("{\"concept\": \"x\", \"en\": \"not a list\"}").unwrap_err();
        assert!(err.starts_with("glossary line 1: en:"), "{err}");
    }
}
