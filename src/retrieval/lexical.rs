//! BM25 over a shop's passages, with terms that work for every script: words split at
//! non-alphanumerics, single characters plus character pairs for Chinese and Japanese, and
//! character pairs for Thai, which have no spaces between words. It finds what embeddings miss:
//! SKUs, model numbers, rare words.

use std::collections::HashMap;

use crate::lexicon::script::{is_han, is_kana, is_thai};

/// A BM25 index over a fixed list of documents (a shop's passages, in order).
pub struct Bm25 {
    /// term → (document, term frequency)
    postings: HashMap<String, Vec<(u32, u32)>>,
    lengths: Vec<u32>,
    average_length: f32,
}

const K1: f32 = 1.2;
const B: f32 = 0.75;

impl Bm25 {
    pub fn new<'a>(documents: impl IntoIterator<Item = &'a str>) -> Bm25 {
        let mut postings: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
        let mut lengths = Vec::new();
        for (i, text) in documents.into_iter().enumerate() {
            let terms = terms(text);
            lengths.push(terms.len() as u32);
            let mut counts: HashMap<String, u32> = HashMap::new();
            for term in terms {
                *counts.entry(term).or_default() += 1;
            }
            for (term, count) in counts {
                postings.entry(term).or_default().push((i as u32, count));
            }
        }
        let average_length = lengths.iter().sum::<u32>() as f32 / lengths.len().max(1) as f32;
        Bm25 { postings, lengths, average_length }
    }

    /// The best `limit` documents for `query`: (document index, BM25 score), best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<(usize, f32)> {
        let n = self.lengths.len() as f32;
        let mut scores: HashMap<u32, f32> = HashMap::new();
        let mut query = terms(query);
        query.sort();
        query.dedup();
        for term in &query {
            let Some(list) = self.postings.get(term) else { continue };
            let idf = ((n - list.len() as f32 + 0.5) / (list.len() as f32 + 0.5) + 1.0).ln();
            for &(doc, tf) in list {
                let tf = tf as f32;
                let norm = K1 * (1.0 - B + B * self.lengths[doc as usize] as f32 / self.average_length.max(1.0));
                *scores.entry(doc).or_default() += idf * tf * (K1 + 1.0) / (tf + norm);
            }
        }
        let mut ranked: Vec<(usize, f32)> = scores.into_iter().map(|(d, s)| (d as usize, s)).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(limit);
        ranked
    }
}

/// Lower-case words, plus single characters and pairs for runs of Chinese or Japanese and
/// pairs for runs of Thai.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut previous_cjk: Option<char> = None;
    let mut thai: Vec<char> = Vec::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if is_thai(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            previous_cjk = None;
            thai.push(c);
            continue;
        }
        thai_terms(&mut thai, &mut out);
        if is_han(c) || is_kana(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
            if let Some(p) = previous_cjk {
                out.push(format!("{p}{c}"));
            }
            previous_cjk = Some(c);
        } else {
            previous_cjk = None;
            if c.is_alphanumeric() {
                word.push(c);
            } else if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
        }
    }
    thai_terms(&mut thai, &mut out);
    if !word.is_empty() {
        out.push(word);
    }
    out.retain(|t| !STOPWORDS.contains(&t.as_str()));
    out
}

/// A run of Thai as its character pairs, about a syllable's worth each: Thai writes no space
/// between words, and a Thai letter alone, unlike a Han character, means nothing by itself.
fn thai_terms(run: &mut Vec<char>, out: &mut Vec<String>) {
    match run.as_slice() {
        [] => {}
        [c] => out.push(c.to_string()),
        chars => out.extend(chars.windows(2).map(|pair| pair.iter().collect())),
    }
    run.clear();
}

const STOPWORDS: &[&str] = &[
    "a", "an", "the", "is", "are", "do", "does", "i", "my", "me", "to", "of", "in", "on", "and", "or", "it", "this",
    "for", "can", "you", "el", "la", "los", "las", "de", "del", "en", "y", "mi", "es", "o", "um", "uma", "do", "da",
    "meu", "que", "le", "les", "des", "et", "est", "der", "die", "das", "und", "ist", "的", "了", "吗", "是", "我",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_text_becomes_characters_and_pairs() {
        assert_eq!(terms("退货政策"), vec!["退", "货", "退货", "政", "货政", "策", "政策"]);
        assert_eq!(terms("How do I return it?"), vec!["how", "return"]);
        assert_eq!(terms("GR-BSK-101"), vec!["gr", "bsk", "101"]);
        assert_eq!(terms("ส่งไป ไทย"), vec!["ส่", "่ง", "งไ", "ไป", "ไท", "ทย"]);
    }

    #[test]
    fn ranks_the_matching_document_first() {
        let docs = [
            "How do I return an item? Within 30 days.",
            "Do you ship to Chile? Yes, 12-20 days.",
            "退货政策：七天无理由退货",
        ];
        let bm25 = Bm25::new(docs);
        assert_eq!(bm25.search("can I return this?", 5)[0].0, 0);
        assert_eq!(bm25.search("shipping to Chile", 5)[0].0, 1);
        assert_eq!(bm25.search("怎么退货", 5)[0].0, 2);
        assert!(bm25.search("zzzz", 5).is_empty());
        assert_eq!(bm25.search("days", 1).len(), 1);
    }

    #[test]
    fn thai_is_found_by_character_pairs() {
        let docs = [
            "นโยบายการคืนสินค้า: คืนสินค้าได้ภายใน 30 วัน",
            "การจัดส่งไปประเทศไทย: ใช้เวลา 5-7 วัน",
            "How do I return an item? Within 30 days.",
        ];
        let bm25 = Bm25::new(docs);
        // "How many days to ship to Thailand?": no word of it is split off by spaces.
        assert_eq!(bm25.search("ส่งของไปไทยกี่วัน", 5)[0].0, 1);
        assert_eq!(bm25.search("คืนสินค้าได้ไหม", 5)[0].0, 0);
    }
}
