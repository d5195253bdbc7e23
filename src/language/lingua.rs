//! The buyer's language, from short messages: scripts decide where they can (kana → Japanese,
//! hangul → Korean, Han → Chinese, Arabic, Thai …), `lingua` (n-gram models, chosen because it
//! was the most accurate on short buyer messages: docs/benchmarks.md) decides among Latin and
//! Cyrillic languages, a small pinyin list catches romanised Chinese ("dingdan dao le ma").
//!
//! Then the conversation smooths it: a message with little evidence (a lone "ok", "👍", an order
//! number) keeps the language the conversation already speaks, else the widget's locale; a weak
//! guess is weighed against those priors; and only languages the shop allows are chosen.

use lingua::{Language as L, LanguageDetector as Lingua, LanguageDetectorBuilder};

use crate::domain::{Entry, EntryBody, Language};
use crate::lexicon::script;
use crate::pipeline::{Detection, LanguageDetector};
use crate::shop::Shop;

/// The Latin- and Cyrillic-script languages lingua chooses among (others are told by script).
const LINGUA_LANGUAGES: [(L, &str); 18] = [
    (L::English, "en"),
    (L::Spanish, "es"),
    (L::Portuguese, "pt"),
    (L::French, "fr"),
    (L::German, "de"),
    (L::Italian, "it"),
    (L::Dutch, "nl"),
    (L::Polish, "pl"),
    (L::Turkish, "tr"),
    (L::Vietnamese, "vi"),
    (L::Indonesian, "id"),
    (L::Malay, "ms"),
    (L::Swedish, "sv"),
    (L::Danish, "da"),
    (L::Czech, "cs"),
    (L::Romanian, "ro"),
    (L::Russian, "ru"),
    (L::Ukrainian, "uk"),
];

/// Below this many letters a message says little about its language.
const FEW_LETTERS: usize = 4;
/// Below this, a language is not a plausible reading of the text.
const PLAUSIBLE: f64 = 0.2;
/// A guess this sure stands on its own; a weaker one is weighed against the priors.
const SURE: f64 = 0.8;

pub struct LinguaDetector {
    lingua: Lingua,
}

impl Default for LinguaDetector {
    fn default() -> Self {
        LinguaDetector::new()
    }
}

impl LinguaDetector {
    /// Builds the detector with its models loaded (~100 ms, tens of MB).
    pub fn new() -> LinguaDetector {
        let languages: Vec<L> = LINGUA_LANGUAGES.iter().map(|(l, _)| *l).collect();
        let lingua = LanguageDetectorBuilder::from_languages(&languages).with_preloaded_language_models().build();
        LinguaDetector { lingua }
    }

    /// Candidate languages with their confidence, best first, before any smoothing, for the
    /// words `evidence` kept; empty when they carry no evidence.
    fn candidates(&self, words: &[String]) -> Vec<(Language, f64)> {
        if letters(words) == 0 {
            return Vec::new();
        }
        let cleaned = words.join(" ");
        if let Some((tag, confidence)) = script::by_script(&cleaned) {
            return vec![(tag_language(tag), f64::from(confidence))];
        }
        let plain: Vec<&str> = words.iter().map(String::as_str).collect();
        if is_pinyin(&plain) {
            return vec![(tag_language("zh"), 0.7)];
        }
        if let Some(tag) = telling(words) {
            return vec![(tag_language(tag), 0.85)];
        }
        if let Some(tag) = marked(words) {
            return vec![(tag_language(tag), 0.9)];
        }
        self.lingua
            .compute_language_confidence_values(&cleaned)
            .into_iter()
            .filter_map(|(l, c)| LINGUA_LANGUAGES.iter().find(|(x, _)| *x == l).map(|(_, tag)| (tag_language(tag), c)))
            .collect()
    }
}

impl LanguageDetector for LinguaDetector {
    fn detect(&self, text: &str, locale: Option<&Language>, shop: &Shop, history: &[Entry]) -> Detection {
        let previous = history.iter().rev().find_map(|entry| match &entry.body {
            EntryBody::Bot { language, .. }
            | EntryBody::Handoff { language, .. }
            | EntryBody::Agent { language, .. } => Some(language.clone()),
            EntryBody::Buyer { .. }
            | EntryBody::Note { .. }
            | EntryBody::Claimed { .. }
            | EntryBody::Resolved { .. } => None,
        });
        let allowed =
            |l: &Language| shop.languages.is_empty() || shop.languages.iter().any(|a| a.primary() == l.primary());
        let fallback = previous
            .clone()
            .filter(|l| allowed(l))
            .or_else(|| locale.cloned().filter(|l| allowed(l)))
            .unwrap_or_else(|| shop.default_language.clone());

        let words = evidence(text);
        let letters = letters(&words);
        let candidates = self.candidates(&words);
        // Too little to go on: keep what the conversation speaks, or the locale; with neither,
        // a guess from a word or two beats the shop's default.
        if candidates.is_empty() || (letters < FEW_LETTERS && (previous.is_some() || locale.is_some())) {
            return Detection { language: fallback, confidence: 0.3 };
        }
        let (best, best_confidence) = candidates[0].clone();
        let ranked = if best_confidence >= SURE {
            candidates
        } else {
            // A weak guess: the conversation's language and the locale count too.
            let same = |a: &Language, b: Option<&Language>| b.is_some_and(|b| b.primary() == a.primary());
            let mut weighed: Vec<(Language, f64)> = candidates
                .into_iter()
                .map(|(l, c)| {
                    let boost = 1.0
                        + if same(&l, previous.as_ref()) { 1.0 } else { 0.0 }
                        + if same(&l, locale) { 0.5 } else { 0.0 };
                    (l, c * boost)
                })
                .collect();
            let total: f64 = weighed.iter().map(|(_, c)| c).sum::<f64>().max(f64::EPSILON);
            weighed.iter_mut().for_each(|(_, c)| *c /= total);
            weighed.sort_by(|a, b| b.1.total_cmp(&a.1));
            weighed
        };
        // An allowed language the text merely might be (lingua gives every language some
        // weight) is not a detection.
        match ranked.into_iter().find(|(l, c)| allowed(l) && *c >= PLAUSIBLE) {
            Some((language, confidence)) => Detection { language, confidence: confidence as f32 },
            // A flat guess with nothing to lean on (a first message, no locale): lingua's best
            // still beats the shop's default, which may not even be in the text's script.
            None if previous.is_none() && locale.is_none() && allowed(&best) => {
                Detection { language: best, confidence: best_confidence as f32 }
            }
            // Nothing plausible the shop serves (or a flat guess): what the conversation speaks.
            None => {
                tracing::debug!(detected = %best, "no plausible language the shop serves; keeping the conversation's");
                Detection { language: fallback, confidence: 0.3 }
            }
        }
    }
}

fn tag_language(tag: &str) -> Language {
    Language::parse(tag).expect("tags in this file are valid")
}

/// The words that say something about the language: without order numbers, tracking numbers,
/// model numbers and amounts (ASCII runs with a digit, also inside "注文番号W2610377を"), links,
/// e-mail addresses or emoji.
fn evidence(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|w| !(w.contains("://") || w.starts_with("www.") || w.contains('@')))
        .map(strip_codes)
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect()
}

fn letters(words: &[String]) -> usize {
    words.iter().map(|w| w.chars().filter(|c| c.is_alphabetic()).count()).sum()
}

/// `word` without its ASCII letter-and-digit runs that contain a digit.
fn strip_codes(word: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for c in word.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphanumeric() {
            run.push(c);
            continue;
        }
        if !run.chars().any(|r| r.is_ascii_digit()) {
            out.push_str(&run);
        }
        run.clear();
        if c != ' ' {
            out.push(c);
        }
    }
    out
}

/// Words that on their own tell a language: greetings, thanks and, for languages buyers often
/// type in Latin letters, common romanised words. Used for very short messages, where n-grams
/// have too little to go on, and for romanised text.
const TELLING: &[(&str, &[&str])] = &[
    ("en", &["hi", "hello", "hey", "thx", "thanks", "bye", "pls", "plz", "please"]),
    ("es", &["hola", "holaa", "gracias", "vale", "buenas", "adiós", "adios", "chao"]),
    ("pt", &["oi", "olá", "ola", "obrigado", "obrigada", "valeu", "tchau", "cadê", "cade"]),
    ("fr", &["salut", "bonjour", "merci", "bonsoir", "coucou"]),
    ("de", &["hallo", "moin", "danke", "servus", "tschüss", "tschuss"]),
    ("it", &["ciao", "salve", "grazie", "buongiorno", "arrivederci"]),
    ("tr", &["merhaba", "selam", "teşekkürler", "tesekkurler", "sağol", "sagol", "rezalet", "iyi", "günler"]),
    ("nl", &["hoi", "bedankt", "dank", "doei"]),
    ("pl", &["cześć", "czesc", "dzięki", "dzieki", "dziękuję", "dziekuje"]),
    (
        "ru",
        &[
            "привет",
            "спасибо",
            "спс",
            "пока",
            "gde",
            "moy",
            "moi",
            "zakaz",
            "privet",
            "spasibo",
            "kogda",
            "posylka",
            "pochemu",
        ],
    ),
    ("ar", &["shukran", "wein", "fein", "habibi", "salam", "mafi", "lesh", "leh", "yalla"]),
    (
        "ja",
        &[
            "chuumon",
            "chumon",
            "mada",
            "todokanai",
            "arigatou",
            "arigato",
            "sumimasen",
            "kudasai",
            "desu",
            "konnichiwa",
        ],
    ),
    ("ko", &["baesong", "eonje", "annyeong", "annyeonghaseyo", "juseyo", "gamsahamnida", "jumun", "wayo"]),
];

/// Marks only one language among those served writes: Spanish's opening "¿" and "¡", French's
/// "est-ce" and "qu'il", Portuguese's "é", "quero", "você" — n-grams of a short message miss
/// them ("¿Venden bicicletas?" read as Portuguese, "est-ce qu'il y a un bloc de score ?" as
/// English, "o vestido é forrado?" and "como eu carrego o helicóptero?" as Spanish). Marks of
/// two languages at once decide nothing.
fn marked(words: &[String]) -> Option<&'static str> {
    const MARKS: &[(&str, &[&str])] = &[
        ("fr", &["est-ce", "qu'il", "qu'elle", "qu'est-ce", "n'est"]),
        ("pt", &["é", "quero", "vou", "você", "vocês", "não", "minha", "obrigado", "obrigada", "também"]),
    ];
    let spanish = words.iter().any(|w| w.starts_with(['¿', '¡']));
    let lower: Vec<String> = words
        .iter()
        .map(|w| w.to_lowercase().replace('’', "'"))
        .map(|w| w.trim_matches(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-')).to_owned())
        .collect();
    // Portuguese "eu" (I), which Spanish and Italian never write; French writes it after avoir
    // ("j'ai eu").
    const AVOIR: &[&str] = &["ai", "j'ai", "n'ai", "as", "a", "avons", "avez", "ont", "avait", "aurait", "avoir"];
    let eu = lower.iter().enumerate().any(|(i, w)| w == "eu" && (i == 0 || !AVOIR.contains(&lower[i - 1].as_str())));
    let mut found = MARKS
        .iter()
        .filter(|(tag, marks)| lower.iter().any(|w| marks.contains(&w.as_str())) || (*tag == "pt" && eu))
        .map(|(tag, _)| *tag)
        .chain(spanish.then_some("es"));
    match (found.next(), found.next()) {
        (Some(tag), None) => Some(tag),
        (Some(_), Some(_)) | (None, _) => None,
    }
}

fn telling(words: &[String]) -> Option<&'static str> {
    let lower: Vec<String> =
        words.iter().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()).collect();
    let mut counts: Vec<(&'static str, usize)> = TELLING
        .iter()
        .map(|(tag, list)| (*tag, lower.iter().filter(|w| list.contains(&w.as_str())).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    match counts.as_slice() {
        [(tag, n), rest @ ..] if rest.first().is_none_or(|(_, m)| m < n) => {
            // A short message, or at least two telling words of one language.
            (lower.len() <= 3 || *n >= 2).then_some(*tag)
        }
        _ => None,
    }
}

/// Romanised Chinese as buyers type it: every word a run of pinyin syllables, and at least one
/// a word of shopping talk.
fn is_pinyin(words: &[&str]) -> bool {
    const TELLING: &[&str] = &[
        "dingdan",
        "kuaidi",
        "fahuo",
        "shenme",
        "shihou",
        "tuikuan",
        "tuihuo",
        "duoshao",
        "qian",
        "nihao",
        "xiexie",
        "zaima",
        "zai",
        "daole",
        "meiyou",
        "wuliu",
        "danhao",
        "baoyou",
        "youhui",
        "huanhuo",
        "shouhuo",
        "kefu",
        "rengong",
        "zenme",
        "weishenme",
        "haimei",
        "mashang",
        "quxiao",
        "fapiao",
        "guanshui",
    ];
    let lower: Vec<String> = words
        .iter()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    !lower.is_empty()
        && lower.iter().any(|w| TELLING.contains(&w.as_str()))
        && lower.iter().all(|w| w.is_ascii() && syllables(w))
}

/// Whether `word` splits wholly into pinyin syllables (greedy, longest first).
fn syllables(word: &str) -> bool {
    const INITIALS: &[&str] = &[
        "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s",
        "y", "w", "",
    ];
    const FINALS: &[&str] = &[
        "iang", "iong", "uang", "ang", "eng", "ing", "ong", "ian", "iao", "uai", "uan", "van", "ai", "ei", "ao", "ou",
        "an", "en", "in", "un", "ia", "ie", "iu", "ua", "uo", "ui", "ve", "er", "a", "o", "e", "i", "u", "v",
    ];
    fn walk(rest: &str) -> bool {
        if rest.is_empty() {
            return true;
        }
        INITIALS.iter().any(|initial| {
            rest.strip_prefix(initial).is_some_and(|after| {
                FINALS.iter().any(|f| {
                    after.strip_prefix(f).is_some_and(|tail| !(initial.is_empty() && tail == rest) && walk(tail))
                })
            })
        })
    }
    walk(word)
}

#[cfg(test)]
#[path = "lingua_tests.rs"]
mod tests;
