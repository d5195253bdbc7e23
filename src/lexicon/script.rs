//! Unicode scripts: the one place their ranges are written (`is_han`, `is_kana`, `is_hangul`,
//! `is_thai`, `is_arabic`, and the groups kefu treats alike), and a language from the scripts in
//! a text and, for Latin-script text, from common short words and letters; no models.
//! `by_script` is the first step of `language::lingua`; `guess` tells the language of knowledge
//! passages at ingestion.

use std::sync::LazyLock;

/// Han ideographs: CJK Unified Ideographs, Extension A and the compatibility block.
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Hiragana and katakana.
pub fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF)
}

/// Hangul syllables and jamo.
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F)
}

/// Thai letters, vowel and tone marks, digits.
pub fn is_thai(c: char) -> bool {
    matches!(c as u32, 0x0E00..=0x0E7F)
}

/// Arabic, its supplement and presentation forms.
pub fn is_arabic(c: char) -> bool {
    matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

/// Kana, Han and hangul: characters about a word's width, each counted as one (a token budget,
/// a name's characters, the pairs a CJK title is matched by).
pub fn is_cjk(c: char) -> bool {
    is_han(c) || is_kana(c) || is_hangul(c)
}

/// Han, kana and Thai: scripts written without spaces between words, so a word boundary cannot
/// be seen and runs of them are cut into characters or pairs instead.
pub fn is_spaceless(c: char) -> bool {
    is_han(c) || is_kana(c) || is_thai(c)
}

/// The characters `lexicon::Matcher` finds as substrings rather than whole words: the spaceless
/// scripts, and hangul, whose particles are written onto the word before ("주문이").
pub fn is_unspaced(c: char) -> bool {
    is_spaceless(c) || is_hangul(c)
}

/// The language tag and a confidence, or `None` when the text carries no evidence.
pub fn guess(text: &str) -> Option<(&'static str, f32)> {
    if let Some(found) = by_script(text) {
        return Some(found);
    }
    let counts = Counts::of(text);
    if counts.cyrillic > 0 && counts.cyrillic * 2 >= counts.latin {
        if text.chars().any(|c| matches!(c, 'і' | 'ї' | 'є' | 'ґ')) {
            return Some(("uk", 0.9));
        }
        return Some(("ru", 0.9));
    }
    if counts.latin == 0 {
        return None;
    }
    latin(text)
}

/// The language a script alone tells (kana → ja, hangul → ko, Han → zh or zh-TW, Arabic, Thai,
/// Hebrew, Greek, Devanagari) when that script dominates; `None` for Latin and Cyrillic text,
/// whose languages share a script.
pub fn by_script(text: &str) -> Option<(&'static str, f32)> {
    let counts = Counts::of(text);
    if counts.kana > 0 {
        return Some(("ja", 0.95));
    }
    if counts.hangul > 0 {
        return Some(("ko", 0.95));
    }
    let scripts = [
        (counts.han, "zh"),
        (counts.arabic, "ar"),
        (counts.thai, "th"),
        (counts.hebrew, "he"),
        (counts.greek, "el"),
        (counts.devanagari, "hi"),
    ];
    let (top, tag) = scripts.iter().copied().max_by_key(|(n, _)| *n)?;
    if top == 0 || top * 2 < counts.latin + counts.cyrillic {
        return None;
    }
    if tag == "zh" && traditional(text) {
        return Some(("zh-TW", 0.9));
    }
    Some((tag, 0.95))
}

/// Whether Chinese text is written in traditional characters: more of those that exist only in
/// the traditional set than of their simplified counterparts.
fn traditional(text: &str) -> bool {
    const TRADITIONAL: &str = "們個這說貨錢訂單號嗎還麼發運換買賣謝請問會為時間過實點對關係東來給長開門後從現經應該幾樣處認讓邊見覺與業產變無寫體檢標價質顏統";
    const SIMPLIFIED: &str = "们个这说货钱订单号吗还么发运换买卖谢请问会为时间过实点对关系东来给长开门后从现经应该几样处认让边见觉与业产变无写体检标价质颜统";
    let t = text.chars().filter(|c| TRADITIONAL.contains(*c) && !SIMPLIFIED.contains(*c)).count();
    let s = text.chars().filter(|c| SIMPLIFIED.contains(*c) && !TRADITIONAL.contains(*c)).count();
    t > s
}

#[derive(Default)]
struct Counts {
    latin: usize,
    han: usize,
    kana: usize,
    hangul: usize,
    arabic: usize,
    cyrillic: usize,
    thai: usize,
    hebrew: usize,
    greek: usize,
    devanagari: usize,
}

impl Counts {
    fn of(text: &str) -> Counts {
        let mut counts = Counts::default();
        for c in text.chars() {
            counts.add(c);
        }
        counts
    }

    fn add(&mut self, c: char) {
        let slot = match c as u32 {
            _ if is_kana(c) => &mut self.kana,
            _ if is_han(c) => &mut self.han,
            _ if is_hangul(c) => &mut self.hangul,
            _ if is_thai(c) => &mut self.thai,
            0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F => &mut self.latin,
            _ if is_arabic(c) => &mut self.arabic,
            0x0400..=0x04FF => &mut self.cyrillic,
            0x0590..=0x05FF => &mut self.hebrew,
            0x0370..=0x03FF => &mut self.greek,
            0x0900..=0x097F => &mut self.devanagari,
            _ => return,
        };
        *slot += 1;
    }
}

/// Short words that mark a Latin-script language, and letters only it uses among these
/// (`knowledge/glossary/latin-markers.jsonl`, compiled in), in the order ties are decided.
struct Marks {
    language: String,
    words: Vec<String>,
    letters: Vec<char>,
}

const LATIN_MARKERS: &str = include_str!("../../knowledge/glossary/latin-markers.jsonl");

static LATIN: LazyLock<Vec<Marks>> =
    LazyLock::new(|| latin_marks(LATIN_MARKERS).expect("the built-in Latin-script markers are valid"));

fn latin_marks(text: &str) -> Result<Vec<Marks>, String> {
    let mut out = Vec::new();
    for (language, mut lists) in super::parse_lines(text, "language").map_err(|e| format!("latin markers {e}"))? {
        let words = lists.remove("words").unwrap_or_default();
        let letters = lists.remove("letters").unwrap_or_default();
        if let Some(bad) = letters.iter().find(|l| l.chars().count() != 1) {
            return Err(format!("latin markers: {language}: {bad:?} is not one letter"));
        }
        let letters = letters.iter().filter_map(|l| l.chars().next()).collect();
        out.push(Marks { language, words, letters });
    }
    Ok(out)
}

fn latin(text: &str) -> Option<(&'static str, f32)> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let mut best: Option<(&'static str, f32)> = None;
    for marks in LATIN.iter() {
        let hits = words.iter().filter(|w| marks.words.iter().any(|m| m == *w)).count() as f32;
        let letters = lower.chars().filter(|c| marks.letters.contains(c)).count() as f32;
        let score = hits + 1.5 * letters;
        if score > best.map_or(0.0, |(_, s)| s) {
            best = Some((marks.language.as_str(), score));
        }
    }
    let (tag, score) = best?;
    // One matching word in a two-word message is weak evidence; several are strong.
    let confidence = (0.5 + 0.15 * score).min(0.95);
    Some((tag, confidence))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &str) {
        assert_eq!(guess(text).map(|(tag, _)| tag), Some(expected), "{text:?}");
    }

    #[test]
    fn common_buyer_messages() {
        check("where is my order?", "en");
        check("我的订单到哪里了", "zh");
        check("¿Dónde está mi pedido?", "es");
        check("mi pedido no llega", "es");
        check("Onde está o meu pedido? Ainda não chegou", "pt");
        check("Где мой заказ?", "ru");
        check("أين طلبي؟", "ar");
        check("注文はどこですか", "ja");
        check("주문이 어디에 있나요?", "ko");
        check("Où est ma commande ?", "fr");
        check("Wo ist meine Bestellung?", "de");
        check("Siparişim nerede?", "tr");
        check("订单号 1042 什么时候发货", "zh");
    }

    #[test]
    fn scripts_and_their_groups() {
        let group = |c: char| (is_cjk(c), is_spaceless(c), is_unspaced(c));
        assert_eq!(group('订'), (true, true, true));
        assert_eq!(group('の'), (true, true, true));
        assert_eq!(group('주'), (true, false, true), "Korean spaces its words");
        assert_eq!(group('ส'), (false, true, true), "Thai does not");
        assert_eq!(group('a'), (false, false, false));
        assert!(is_arabic('ط') && is_hangul('ㅋ') && !is_han('ア') && !is_kana('中'));
    }

    #[test]
    fn the_latin_markers_parse_in_order() {
        let languages: Vec<&str> = LATIN.iter().map(|m| m.language.as_str()).collect();
        assert_eq!(languages, ["en", "es", "pt", "fr", "de", "it", "tr", "nl", "id", "pl", "vi"]);
        let bad = latin_marks("{\"language\": \"es\", \"words\": [\"el\"], \"letters\": [\"ñ¿\"]}");
        assert!(bad.err().unwrap_or_default().contains("not one letter"));
    }

    #[test]
    fn text_without_evidence_has_no_language() {
        for text in ["👍", "#1042", "123"] {
            assert_eq!(guess(text), None, "{text:?}");
        }
    }
}
