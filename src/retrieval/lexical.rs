//! BM25 over a shop's knowledge files, held in memory and built at start.
//!
//! Passages follow the files' structure: one per FAQ entry (`## question`), per policy section,
//! per product, per shipping destination. Words are split on non-alphanumerics; Chinese and
//! Japanese text, which has no spaces, is indexed as single characters and character pairs.
//! Every index belongs to one shop and a search names its shop: there is no cross-shop search.

use std::collections::HashMap;
use std::path::Path;

use crate::domain::{ShopId, Source, SourceKind};
use crate::pipeline::{Passage, Retriever, StageError};
use crate::shop::ShopDirectory;

#[derive(Default)]
pub struct LexicalIndex {
    shops: HashMap<ShopId, ShopIndex>,
}

impl LexicalIndex {
    /// Reads every shop's faq.md, policies/*.md, products.jsonl and shipping.csv. Files that are
    /// missing are skipped; lines that do not parse are skipped here (ingestion validates them).
    pub fn build(shops: &ShopDirectory) -> LexicalIndex {
        let mut index = LexicalIndex::default();
        for id in shops.ids() {
            let Some(shop) = shops.get(&id) else { continue };
            index.shops.insert(id, ShopIndex::new(read_passages(&shop.dir)));
        }
        index
    }

    pub fn passages(&self, shop: &ShopId) -> usize {
        self.shops.get(shop).map_or(0, |s| s.passages.len())
    }
}

#[async_trait::async_trait]
impl Retriever for LexicalIndex {
    async fn retrieve(&self, shop: &ShopId, text: &str, limit: usize) -> Result<Vec<Passage>, StageError> {
        Ok(self.shops.get(shop).map(|index| index.search(text, limit)).unwrap_or_default())
    }
}

struct ShopIndex {
    passages: Vec<Passage>,
    /// term → (passage index, term frequency)
    postings: HashMap<String, Vec<(usize, u32)>>,
    lengths: Vec<u32>,
    average_length: f32,
}

impl ShopIndex {
    fn new(passages: Vec<Passage>) -> ShopIndex {
        let mut postings: HashMap<String, Vec<(usize, u32)>> = HashMap::new();
        let mut lengths = Vec::with_capacity(passages.len());
        for (i, passage) in passages.iter().enumerate() {
            let terms = terms(&format!("{} {}", passage.source.title, passage.text));
            lengths.push(terms.len() as u32);
            let mut counts: HashMap<String, u32> = HashMap::new();
            for term in terms {
                *counts.entry(term).or_default() += 1;
            }
            for (term, count) in counts {
                postings.entry(term).or_default().push((i, count));
            }
        }
        let average_length = lengths.iter().sum::<u32>() as f32 / lengths.len().max(1) as f32;
        ShopIndex { passages, postings, lengths, average_length }
    }

    fn search(&self, text: &str, limit: usize) -> Vec<Passage> {
        const K1: f32 = 1.2;
        const B: f32 = 0.75;
        let n = self.passages.len() as f32;
        let mut scores = vec![0.0f32; self.passages.len()];
        let mut query = terms(text);
        query.sort();
        query.dedup();
        for term in &query {
            let Some(list) = self.postings.get(term) else { continue };
            let idf = ((n - list.len() as f32 + 0.5) / (list.len() as f32 + 0.5) + 1.0).ln();
            for &(i, tf) in list {
                let tf = tf as f32;
                let norm = K1 * (1.0 - B + B * self.lengths[i] as f32 / self.average_length.max(1.0));
                scores[i] += idf * tf * (K1 + 1.0) / (tf + norm);
            }
        }
        let mut ranked: Vec<(usize, f32)> = scores.into_iter().enumerate().filter(|(_, s)| *s > 0.0).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        ranked
            .into_iter()
            .take(limit)
            .map(|(i, score)| {
                let mut passage = self.passages[i].clone();
                // BM25 is unbounded; squash it into 0..1 so it can be fused with other scores.
                passage.source.score = 1.0 - (-score / 6.0).exp();
                passage
            })
            .collect()
    }
}

/// Lower-case words, plus single characters and pairs for runs of Chinese or Japanese.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut previous_cjk: Option<char> = None;
    for c in text.chars().flat_map(char::to_lowercase) {
        if is_cjk(c) {
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
    if !word.is_empty() {
        out.push(word);
    }
    out.retain(|t| !STOPWORDS.contains(&t.as_str()));
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

const STOPWORDS: &[&str] = &[
    "a", "an", "the", "is", "are", "do", "does", "i", "my", "me", "to", "of", "in", "on", "and", "or", "it", "this",
    "for", "can", "you", "el", "la", "los", "las", "de", "del", "en", "y", "mi", "es", "o", "um", "uma", "do", "da",
    "meu", "que", "le", "les", "des", "et", "est", "der", "die", "das", "und", "ist", "的", "了", "吗", "是", "我",
];

fn read_passages(dir: &Path) -> Vec<Passage> {
    let mut passages = Vec::new();
    if let Ok(text) = std::fs::read_to_string(dir.join("faq.md")) {
        passages.extend(markdown_sections(&text, "faq.md", SourceKind::Faq));
    }
    if let Ok(entries) = std::fs::read_dir(dir.join("policies")) {
        let mut files: Vec<_> =
            entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "md")).collect();
        files.sort();
        for file in files {
            let name = format!("policies/{}", file.file_name().unwrap_or_default().to_string_lossy());
            if let Ok(text) = std::fs::read_to_string(&file) {
                passages.extend(markdown_sections(&text, &name, SourceKind::Policy));
            }
        }
    }
    if let Ok(text) = std::fs::read_to_string(dir.join("products.jsonl")) {
        passages.extend(text.lines().filter_map(product_passage));
    }
    if let Ok(text) = std::fs::read_to_string(dir.join("shipping.csv")) {
        passages.extend(shipping_passages(&text));
    }
    passages
}

/// One passage per `## ` section; text before the first `## ` is kept only if it has no heading.
fn markdown_sections(text: &str, file: &str, kind: SourceKind) -> Vec<Passage> {
    let mut out = Vec::new();
    let mut heading: Option<String> = None;
    let mut body = String::new();
    let mut flush = |heading: &Option<String>, body: &mut String| {
        if let Some(h) = heading {
            let text = body.trim().to_owned();
            if !text.is_empty() {
                out.push(Passage {
                    source: Source { kind, id: format!("{file}#{h}"), title: h.clone(), score: 0.0 },
                    text,
                });
            }
        }
        body.clear();
    };
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            flush(&heading, &mut body);
            heading = Some(h.trim().to_owned());
        } else if !line.starts_with("# ") {
            body.push_str(line);
            body.push('\n');
        }
    }
    flush(&heading, &mut body);
    out
}

fn product_passage(line: &str) -> Option<Passage> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    let sku = value.get("sku")?.as_str()?.to_owned();
    let title = value.get("title").and_then(|t| t.as_str()).unwrap_or(&sku).to_owned();
    let mut text = String::new();
    if let Some(description) = value.get("description").and_then(|d| d.as_str()) {
        text.push_str(description);
        text.push('\n');
    }
    if let Some(attributes) = value.get("attributes").and_then(|a| a.as_object()) {
        for (key, value) in attributes {
            let value = value.as_str().map(str::to_owned).unwrap_or_else(|| value.to_string());
            text.push_str(&format!("{key}: {value}\n"));
        }
    }
    if let (Some(price), Some(currency)) = (value.get("price"), value.get("currency").and_then(|c| c.as_str())) {
        text.push_str(&format!("price: {price} {currency}\n"));
    }
    Some(Passage {
        source: Source { kind: SourceKind::Product, id: sku, title, score: 0.0 },
        text: text.trim().to_owned(),
    })
}

/// One passage per destination country, listing every option to it.
fn shipping_passages(csv: &str) -> Vec<Passage> {
    let mut by_country: Vec<(String, String)> = Vec::new();
    for line in csv.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        if fields.len() < 7 {
            continue;
        }
        let [country, carrier, service, cost, currency, min_days, max_days] =
            [fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6]];
        let notes = fields.get(8..).map(|rest| rest.join(",")).unwrap_or_default();
        let row = format!("{carrier} {service}: {cost} {currency}, {min_days}-{max_days} days. {notes}\n");
        match by_country.iter_mut().find(|(c, _)| c == country) {
            Some((_, text)) => text.push_str(&row),
            None => by_country.push((country.to_owned(), row)),
        }
    }
    by_country
        .into_iter()
        .map(|(country, text)| Passage {
            source: Source {
                kind: SourceKind::Shipping,
                id: format!("shipping.csv#{country}"),
                title: format!("shipping {country}"),
                score: 0.0,
            },
            text: text.trim().to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_text_becomes_characters_and_pairs() {
        assert_eq!(terms("退货政策"), vec!["退", "货", "退货", "政", "货政", "策", "政策"]);
        assert_eq!(terms("How do I return it?"), vec!["how", "return"]);
    }

    #[test]
    fn finds_the_matching_faq_entry_and_names_its_source() {
        let text = "# FAQ\n\n## How do I return an item?\nWithin 30 days, unused.\n\n## Do you ship to Chile?\nYes, 12-20 days.\n";
        let index = ShopIndex::new(markdown_sections(text, "faq.md", SourceKind::Faq));
        let hits = index.search("can I return this?", 5);
        assert_eq!(hits[0].source.id, "faq.md#How do I return an item?");
        assert!(hits[0].source.score > 0.0 && hits[0].source.score < 1.0);
        assert!(index.search("zzzz", 5).is_empty());
    }

    #[test]
    fn shipping_rows_are_grouped_by_country() {
        let csv = "country,carrier,service,cost,currency,min_days,max_days,tracking_url,notes\nCL,China Post,small packet,5,USD,15,30,https://t/{tracking_number},\nCL,DHL,express,30,USD,3,6,https://d/{tracking_number},fast\n";
        let passages = shipping_passages(csv);
        assert_eq!(passages.len(), 1);
        assert_eq!(passages[0].source.id, "shipping.csv#CL");
        assert!(passages[0].text.contains("DHL express: 30 USD, 3-6 days"));
    }
}
