//! Multilingual word lists, and finding their words in a buyer's message.
//!
//! The lists are data files, compiled in: JSON lines of forms per language (`parse_lines`) under
//! `knowledge/glossary/`, and the intent keywords' TOML.
//! `Matcher` (matcher.rs) finds listed forms in text in any script. `Countries` is the built-in
//! gazetteer (`knowledge/glossary/countries.jsonl`, country names per language plus major cities
//! under `cities`): the countries a message names, as ISO codes, and a country's name in a
//! language. Pure: no IO.

pub mod glossary;
mod matcher;
pub mod script;

pub use matcher::Matcher;
pub use script::{is_cjk, is_unspaced};

use std::collections::BTreeMap;

/// Language → forms.
pub type Forms = BTreeMap<String, Vec<String>>;

/// JSON lines of `{"<key>": ..., "<lang>": ["form", ...], ...}`: the value of `key` and the
/// forms per language, per line.
pub fn parse_lines(text: &str, key: &str) -> Result<Vec<(String, Forms)>, String> {
    let mut out = Vec::new();
    for (number, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let entry: BTreeMap<String, serde_json::Value> =
            serde_json::from_str(line).map_err(|e| format!("line {}: {e}", number + 1))?;
        let name = entry
            .get(key)
            .and_then(|v| v.as_str())
            .ok_or_else(|| format!("line {}: no \"{key}\"", number + 1))?
            .to_owned();
        let mut forms = BTreeMap::new();
        for (language, value) in entry.into_iter().filter(|(k, _)| k != key) {
            let list: Vec<String> =
                serde_json::from_value(value).map_err(|e| format!("line {}: {language}: {e}", number + 1))?;
            forms.insert(language, list);
        }
        out.push((name, forms));
    }
    Ok(out)
}

const COUNTRIES: &str = include_str!("../../knowledge/glossary/countries.jsonl");

/// Country names in many languages → ISO 3166 alpha-2 codes.
#[derive(Debug, Default)]
pub struct Countries {
    codes: Vec<String>,
    matcher: Matcher,
    /// Per country (by id), language → its names there, the usual one first.
    names: Vec<Forms>,
}

impl Countries {
    pub fn built_in() -> Countries {
        Countries::parse(COUNTRIES).expect("the built-in country list is valid")
    }

    pub fn parse(text: &str) -> Result<Countries, String> {
        let mut countries = Countries::default();
        for (code, forms) in parse_lines(text, "code")? {
            if code.len() != 2 || !code.chars().all(|c| c.is_ascii_uppercase()) {
                return Err(format!("{code:?} is not an ISO 3166 alpha-2 code"));
            }
            let id = countries.codes.len();
            for form in forms.values().flatten() {
                countries.matcher.add(form, id);
            }
            countries.codes.push(code);
            countries.names.push(forms);
        }
        Ok(countries)
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// What buyers writing `language` call country `code`: the usual name in that language
    /// (Traditional Chinese where the list has it for zh-TW), else in English, else the code.
    pub fn name(&self, code: &str, language: &crate::domain::Language) -> String {
        let Some(id) = self.codes.iter().position(|c| c.eq_ignore_ascii_case(code)) else { return code.to_owned() };
        let forms = &self.names[id];
        let traditional = matches!(language.as_str(), "zh-tw" | "zh-hk" | "zh-mo" | "zh-hant");
        let pick = |lang: &str| -> Option<String> {
            let list = forms.get(lang)?;
            let chosen = if lang == "zh" && traditional { list.get(1).or(list.first()) } else { list.first() };
            chosen.cloned()
        };
        pick(language.primary()).or_else(|| pick("en")).unwrap_or_else(|| code.to_owned())
    }

    /// The codes of the countries `text` names, in the order first named.
    pub fn find(&self, text: &str) -> Vec<&str> {
        self.matcher.find(text).into_iter().map(|id| self.codes[id].as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_countries_are_found_in_many_languages() {
        let countries = Countries::built_in();
        assert!(countries.len() >= 120, "{}", countries.len());
        let cases = [
            ("how long to ship to Chile?", "CL"),
            ("¿envían a Nueva Zelanda?", "NZ"),
            ("新西兰能寄吗", "NZ"),
            ("هل تشحنون إلى المغرب؟", "MA"),
            ("доставка в Казахстан", "KZ"),
            ("ニュージーランドに発送できますか", "NZ"),
            ("뉴질랜드로 배송되나요?", "NZ"),
            ("Türkiye'ye gönderiyor musunuz?", "TR"),
            ("vocês entregam no Brasil?", "BR"),
            ("livrez-vous en Allemagne ?", "DE"),
            ("كم يستغرق الشحن إلى دبي؟", "AE"),
            ("delivery time to Dublin?", "IE"),
            ("寄到印度尼西亚要多久", "ID"),
        ];
        for (text, code) in cases {
            assert_eq!(countries.find(text), [code], "{text}");
        }
        assert!(countries.find("where is my order?").is_empty());
    }

    #[test]
    fn bad_lines_are_named() {
        assert!(Countries::parse("{\"code\": \"nz\", \"en\": [\"New Zealand\"]}").unwrap_err().contains("alpha-2"));
        let err = parse_lines("{\"code\": \"NZ\", \"en\": \"New Zealand\"}", "code").unwrap_err();
        assert!(err.starts_with("line 1: en:"), "{err}");
    }
}
