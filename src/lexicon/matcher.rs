//! `Matcher`: finds listed forms, each tagged with an id, in a buyer's message in any script —
//! the one word finder behind the glossary, the gazetteer, the action cues and the intent
//! keywords.
//!
//! Where words are separated by spaces a form is a whole word or phrase (case-insensitive,
//! hyphens separating words; Arabic's article and one-letter prefixes, a French or Italian
//! elision and a Turkish or English suffix after an apostrophe taken off), and a trailing `*`
//! makes its last word a prefix ("ship*" finds "shipped"). In Chinese, Japanese, Korean and Thai
//! (`script::is_unspaced`) a form is a substring.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::script;

/// Finds forms, each tagged with an id, in text.
#[derive(Debug, Default)]
pub struct Matcher {
    /// Lower-case word or phrase → ids.
    words: HashMap<String, Vec<usize>>,
    /// Forms ending in `*`: (their number of words, the phrase before the `*`, id).
    prefixes: Vec<(usize, String, usize)>,
    /// Forms in scripts without spaces, found as substrings.
    unspaced: Vec<(String, usize)>,
    /// One automaton over every unspaced form, built at the first `find`: a scan of the text
    /// once, not once per form.
    automaton: OnceLock<Option<aho_corasick::AhoCorasick>>,
    /// Longest phrase, in words.
    longest: usize,
}

impl Matcher {
    pub fn add(&mut self, form: &str, id: usize) {
        let form = fold(form.trim());
        let (form, prefix) = match form.strip_suffix('*') {
            Some(stem) => (stem.trim_end().to_owned(), true),
            None => (form, false),
        };
        if form.is_empty() {
            return;
        }
        if form.chars().any(script::is_unspaced) {
            // A substring is found inside longer words anyway: a `*` adds nothing.
            self.unspaced.push((form, id));
            self.automaton = OnceLock::new();
            return;
        }
        let words = split_words(&form);
        self.longest = self.longest.max(words.len());
        if prefix {
            self.prefixes.push((words.len(), words.join(" "), id));
        } else {
            self.words.entry(words.join(" ")).or_default().push(id);
        }
    }

    /// The ids whose forms occur in `text`, each once, in the order first found. A substring
    /// inside a longer match of another id does not count (印度 inside 印度尼西亚, 가나 inside
    /// 가나요 when that is listed): for naming things, where the longer name is the one meant.
    pub fn find(&self, text: &str) -> Vec<usize> {
        self.scan(text, false)
    }

    /// Like `find`, but a substring inside a longer match counts too (人工 inside 转人工): for
    /// counting evidence, where each listed form found is one more sign.
    pub fn find_every(&self, text: &str) -> Vec<usize> {
        self.scan(text, true)
    }

    fn scan(&self, text: &str, nested: bool) -> Vec<usize> {
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
                    for (_, _, id) in self
                        .prefixes
                        .iter()
                        .filter(|(count, head, _)| *count == length && candidate.starts_with(head.as_str()))
                    {
                        add(*id);
                    }
                }
            }
        }
        // A text with no character of those scripts has no substring match (and skipping the
        // scan keeps this microseconds).
        if !lower.chars().any(script::is_unspaced) {
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
            let inside = !nested
                && spans.iter().any(|&(s, e, other)| other != id && s <= start && end <= e && e - s > end - start);
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
        assert_eq!(asia.find_every("寄到印度尼西亚"), [0, 1], "unless every form is asked for");
    }

    #[test]
    fn a_trailing_star_matches_the_start_of_a_word() {
        let m = matcher(&[("ship*", 0), ("adres değiş*", 1), ("sue", 2), ("退货*", 3)]);
        assert_eq!(m.find("Has it shipped yet?"), [0]);
        assert_eq!(m.find("adres değişikliği istiyorum"), [1]);
        assert!(m.find("a friendship, an adresi değişti").is_empty(), "only at a word's start");
        assert!(m.find("there is an issue").is_empty(), "without a star, whole words only");
        assert_eq!(m.find("我要退货吗"), [3], "a star on a substring form changes nothing");
    }
}
