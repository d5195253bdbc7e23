//! Multilingual word lists, and finding their words in a buyer's message.
//!
//! `Matcher` finds listed forms in text in any script: whole words and phrases where words are
//! separated by spaces (with Arabic's article and one-letter prefixes, and a Turkish or English
//! suffix after an apostrophe, taken off), substrings where they are not (Chinese, Japanese,
//! Korean, Thai). `Countries` is the built-in gazetteer (`knowledge/glossary/countries.jsonl`,
//! country names per language plus major cities under `cities`):
//! the countries a message names, as ISO codes. Pure: no IO.

pub mod glossary;
pub mod script;

pub use script::{is_cjk, is_unspaced};

use std::collections::{BTreeMap, HashMap};

/// Finds forms, each tagged with an id, in text.
#[derive(Debug, Default)]
pub struct Matcher {
    /// Lower-case word or phrase → ids.
    words: HashMap<String, Vec<usize>>,
    /// Forms in scripts without spaces, found as substrings.
    unspaced: Vec<(String, usize)>,
    /// One automaton over every unspaced form, built at the first `find`: a scan of the text
    /// once, not once per form.
    automaton: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>>,
    /// Longest phrase, in words.
    longest: usize,
}

impl Matcher {
    pub fn add(&mut self, form: &str, id: usize) {
        let form = fold(form.trim());
        if form.is_empty() {
            return;
        }
        if form.chars().any(is_unspaced) {
            self.unspaced.push((form, id));
            self.automaton = std::sync::OnceLock::new();
        } else {
            let words = split_words(&form);
            self.longest = self.longest.max(words.len());
            self.words.entry(words.join(" ")).or_default().push(id);
        }
    }

    /// The ids whose forms occur in `text`, each once, in the order first found.
    pub fn find(&self, text: &str) -> Vec<usize> {
        let lower = fold(text);
        let mut found: Vec<usize> = Vec::new();
        let mut add = |id: usize| {
            if !found.contains(&id) {
                found.push(id);
            }
        };
        let words = split_words(&lower);
        for start in 0..words.len() {
            for length in (1..=self.longest.min(words.len() - start)).rev() {
                let phrase = words[start..start + length].join(" ");
                for candidate in stems(&phrase) {
                    for &id in self.words.get(&candidate).into_iter().flatten() {
                        add(id);
                    }
                }
            }
        }
        // Substring matches: one inside a longer match of something else does not count
        // (印度 inside 印度尼西亚, 가나 inside 가나요 when that is listed). A text with no
        // character of those scripts has none (and skipping the scan keeps this microseconds).
        if !lower.chars().any(is_unspaced) {
            return found;
        }
        let automaton = self.automaton.get_or_init(|| {
            let forms = self.unspaced.iter().map(|(form, _)| form.as_str());
            aho_corasick::AhoCorasick::new(forms).ok()
        });
        let mut spans: Vec<(usize, usize, usize)> = match automaton {
            Some(automaton) => automaton
                .find_overlapping_iter(lower.as_str())
                .map(|m| (m.start(), m.end(), self.unspaced[m.pattern().as_usize()].1))
                .collect(),
            None => self
                .unspaced
                .iter()
                .flat_map(|(form, id)| lower.match_indices(form.as_str()).map(move |(at, f)| (at, at + f.len(), *id)))
                .collect(),
        };
        spans.sort_unstable();
        for &(start, end, id) in &spans {
            let inside =
                spans.iter().any(|&(s, e, other)| other != id && s <= start && end <= e && e - s > end - start);
            if !inside {
                add(id);
            }
        }
        found
    }
}

/// Lower case, without the dot Turkish "İ" leaves behind ("i̇" → "i").
fn fold(text: &str) -> String {
    text.to_lowercase().replace('\u{307}', "")
}

/// Words: hyphens separate them ("кресло-кокон" is the phrase "кресло кокон"), apostrophes do
/// not ("l'extérieur", "türkiye'ye"; see `stems`).
fn split_words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The phrase, and the phrase without what its words carry around an apostrophe — a French or
/// Italian elision before it ("l'extérieur", "dell'ombra"), a Turkish case ending or English
/// possessive after it ("Türkiye'ye", "Chile's") — or, for Arabic, without the first word's
/// article and one-letter prefixes (ال, و, ب, ل, ف and their combinations).
fn stems(phrase: &str) -> Vec<String> {
    let mut out = vec![phrase.to_owned()];
    if phrase.contains(['\'', '’']) {
        let bare: Vec<&str> = phrase
            .split(' ')
            .map(|word| match word.split_once(['\'', '’']) {
                Some((head, tail)) if head.chars().count() <= 4 => tail,
                Some((head, _)) => head,
                None => word,
            })
            .collect();
        out.push(bare.join(" "));
    }
    if phrase.chars().any(script::is_arabic) {
        for prefix in ["وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف"] {
            if let Some(rest) = phrase.strip_prefix(prefix).filter(|r| r.chars().take_while(|c| *c != ' ').count() >= 2)
            {
                out.push(rest.to_owned());
            }
        }
    }
    out
}

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

    fn matcher(forms: &[(&str, usize)]) -> Matcher {
        let mut m = Matcher::default();
        for (form, id) in forms {
            m.add(form, *id);
        }
        m
    }

    #[test]
    fn words_phrases_and_unspaced_forms_are_found() {
        let m = matcher(&[("tapa", 0), ("tasa de refresco", 1), ("篮子", 2), ("سلة", 3), ("türkiye", 4), ("chile", 5)]);
        assert_eq!(m.find("¿Cuál es la tasa de refresco de la tapa?"), [1, 0]);
        assert_eq!(m.find("我想要篮子"), [2]);
        assert_eq!(m.find("هل لديكم السلة؟ والسلة"), [3], "the article and و are taken off");
        assert_eq!(m.find("Türkiye'ye gönderiyor musunuz?"), [4], "a suffix after an apostrophe");
        assert_eq!(m.find("what are Chile's duties"), [5]);
        let spain = matcher(&[("İspanya", 0)]);
        assert_eq!((spain.find("İSPANYA'YA gönderim"), spain.find("ispanya")), (vec![0], vec![0]), "Turkish dotted I");
        assert_eq!(matcher(&[("extérieur", 0)]).find("pour l'extérieur ?"), [0], "a French elision");
        assert_eq!(matcher(&[("кресло-кокон", 0)]).find("подвесное кресло-кокон"), [0]);
        assert_eq!(matcher(&[("360 hz", 0)]).find("ein 360-Hz-Monitor"), [0], "hyphens separate words");
        assert!(m.find("tapas bar").is_empty(), "tapas is not tapa");
        let asia = matcher(&[("印度", 0), ("印度尼西亚", 1)]);
        assert_eq!(asia.find("寄到印度尼西亚"), [1], "a name inside a longer name does not count");
        assert_eq!(asia.find("印度和印度尼西亚"), [0, 1], "in the order written");
    }

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
