//! Hybrid retrieval: dense vectors and BM25, fused by reciprocal rank, plus exact look-ups for
//! what must never be approximate (order ids, tracking numbers, SKUs).
//!
//! `KnowledgeBase` holds what retrieval reads per shop in memory — passages, their BM25 index,
//! orders — and is replaced shop by shop when a shop is ingested. Dense vectors live in the
//! `VectorIndex`. Every look-up names its shop; nothing spans shops.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use super::index::VectorIndex;
use super::kept::KeptVectors;
use super::lexical::Bm25;
use super::{EmbedError, Embedder, TextKind, embed_question};
use crate::domain::{Language, ShopId, Source, SourceKind, order_key, order_short_forms};
use crate::knowledge::catalogue::Catalogue;
use crate::knowledge::store::StoredPassage;
use crate::knowledge::{Order, ShippingOption};
use crate::lexicon::Countries;
use crate::lexicon::glossary::Glossary;
use crate::pipeline::{Passage, Retriever, StageError};

/// Candidates taken from each ranking before fusion.
const CANDIDATES: usize = 20;
/// What a passage named outright (its SKU, the country of a shipping row) weighs in fusion
/// against the dense and keyword rankings: as much as both agreeing.
const EXACT_WEIGHT: f32 = 2.0;
/// The usual reciprocal-rank-fusion constant.
const RRF_K: f32 = 60.0;

/// What retrieval knows about one shop.
pub struct ShopView {
    /// The language the shop's knowledge is written in: questions are expanded into it.
    language: Language,
    passages: Vec<StoredPassage>,
    position: HashMap<String, usize>,
    lexical: Bm25,
    /// `order_key` of the order id → the order.
    orders: HashMap<String, Order>,
    /// `order_key` of a tracking number → the order's key.
    tracking: HashMap<String, String>,
    /// A short form buyers type (`order_short_forms`) → the keys of the orders it fits.
    short_forms: HashMap<String, Vec<String>>,
    /// SKU (product or variant) → product passage id.
    skus: HashMap<String, String>,
    shipping: Vec<ShippingOption>,
    catalogue: Arc<Catalogue>,
}

impl ShopView {
    /// Builds the view from stored passages (vectors are not kept here) and orders.
    pub fn new(
        language: Language,
        mut passages: Vec<StoredPassage>,
        orders: Vec<Order>,
        variant_skus: Vec<(String, String)>,
    ) -> ShopView {
        for passage in &mut passages {
            passage.vector = Vec::new();
        }
        let position = passages.iter().enumerate().map(|(i, p)| (p.id.clone(), i)).collect();
        let lexical = Bm25::new(passages.iter().map(|p| p.text.as_str()));
        let tracking = orders
            .iter()
            .filter_map(|o| o.tracking_number.as_ref().map(|t| (order_key(t), order_key(&o.order_id))))
            .collect();
        let mut short_forms: HashMap<String, Vec<String>> = HashMap::new();
        for order in &orders {
            for form in order_short_forms(&order.order_id) {
                short_forms.entry(form).or_default().push(order_key(&order.order_id));
            }
        }
        let mut skus: HashMap<String, String> = passages
            .iter()
            .filter(|p| p.source.kind == SourceKind::Product && !p.id.contains('#'))
            .map(|p| (p.source.id.to_lowercase(), p.id.clone()))
            .collect();
        for (variant, product) in variant_skus {
            skus.entry(variant.to_lowercase()).or_insert(format!("product:{product}"));
        }
        let orders = orders.into_iter().map(|o| (order_key(&o.order_id), o)).collect();
        let catalogue = Arc::default();
        ShopView {
            language,
            passages,
            position,
            lexical,
            orders,
            tracking,
            short_forms,
            skus,
            shipping: Vec::new(),
            catalogue,
        }
    }

    /// The shop's shipping.csv rows.
    pub fn with_shipping(self, shipping: Vec<ShippingOption>) -> ShopView {
        ShopView { shipping, ..self }
    }

    /// The shop's products (products.jsonl).
    pub fn with_catalogue(self, catalogue: Catalogue) -> ShopView {
        ShopView { catalogue: Arc::new(catalogue), ..self }
    }

    /// Every passage's text: what the shop says anywhere.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.passages.iter().map(|p| p.text.as_str())
    }

    pub fn catalogue(&self) -> Arc<Catalogue> {
        self.catalogue.clone()
    }

    /// The language the shop's knowledge is written in.
    pub fn language(&self) -> &Language {
        &self.language
    }

    /// The shipping rows for `country` (ISO alpha-2), or else the rows for everywhere else
    /// (`*`, with `fallback` set); empty when the shop ships to neither.
    pub fn shipping_to(&self, country: &str) -> (Vec<&ShippingOption>, bool) {
        let rows: Vec<&ShippingOption> =
            self.shipping.iter().filter(|o| o.country.eq_ignore_ascii_case(country)).collect();
        if !rows.is_empty() {
            return (rows, false);
        }
        (self.shipping.iter().filter(|o| o.country == "*").collect(), true)
    }

    /// The address where a parcel of `carrier` is tracked, from the shipping rows.
    pub fn tracking_url(&self, carrier: &str, tracking_number: &str) -> Option<String> {
        self.shipping
            .iter()
            .find(|o| o.carrier.eq_ignore_ascii_case(carrier) && o.tracking_url.contains("{tracking_number}"))
            .map(|o| o.tracking_url.replace("{tracking_number}", tracking_number))
    }

    pub fn len(&self) -> usize {
        self.passages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.passages.is_empty()
    }

    /// The order with this id or tracking number, however it is written (`order_key`: any
    /// case, with or without `#`, spaces or dashes), or the one order a short form fits
    /// ("4217" for `AA-2026-004217`).
    pub fn order(&self, id_or_tracking: &str) -> Option<&Order> {
        let key = order_key(id_or_tracking);
        if let Some(order) = self.order_by_key(&key) {
            return Some(order);
        }
        match self.short_forms.get(&key).map(Vec::as_slice) {
            Some([only]) => self.orders.get(only),
            _ => None,
        }
    }

    /// The order whose id or tracking number is exactly `key` (an `order_key`).
    fn order_by_key(&self, key: &str) -> Option<&Order> {
        if key.len() < 3 {
            return None;
        }
        self.orders.get(key).or_else(|| self.tracking.get(key).and_then(|id| self.orders.get(id)))
    }
}

/// Every shop's view, swapped whole when a shop is ingested.
#[derive(Default)]
pub struct KnowledgeBase {
    shops: RwLock<HashMap<ShopId, Arc<ShopView>>>,
}

impl KnowledgeBase {
    pub fn insert(&self, shop: ShopId, view: ShopView) {
        self.shops.write().expect("knowledge lock").insert(shop, Arc::new(view));
    }

    pub fn remove(&self, shop: &ShopId) {
        self.shops.write().expect("knowledge lock").remove(shop);
    }

    pub fn get(&self, shop: &ShopId) -> Option<Arc<ShopView>> {
        self.shops.read().expect("knowledge lock").get(shop).cloned()
    }
}

pub struct HybridRetriever {
    pub knowledge: Arc<KnowledgeBase>,
    pub glossary: Arc<Glossary>,
    pub countries: Arc<Countries>,
    pub index: Arc<dyn VectorIndex>,
    pub embedder: Arc<dyn Embedder>,
    /// The vectors of the words questions are expanded with.
    pub words: Arc<WordVectors>,
}

/// The vectors of the catalogue-language words questions are expanded with, each embedded once
/// (the glossary's leading forms: a few hundred per language), at most `WORDS_KEPT`: warmed
/// for a shop's language when it is loaded or ingested (`warm`), else embedded at first use.
pub struct WordVectors(KeptVectors);

const WORDS_KEPT: usize = 20_000;
/// Words embedded at a time when warming: a buyer's question waits for one batch at most.
/// Warming while turns run costs them (batches of 16 took turn p99 from 28 to 80–150 ms), so it
/// is done when a shop is loaded or ingested, not at its first question.
const WARM_BATCH: usize = 8;

impl WordVectors {
    pub fn new(embedder: Arc<dyn Embedder>) -> WordVectors {
        WordVectors(KeptVectors::new(embedder, TextKind::Query, WORDS_KEPT))
    }

    /// Embeds the glossary's leading forms in `language` not yet known (about two seconds for a
    /// language on one core).
    pub async fn warm(&self, glossary: &Glossary, language: &Language) {
        let leading = glossary.leading_forms(language);
        let refs: Vec<&str> = leading.iter().map(String::as_str).collect();
        if let Err(error) = self.0.warm(&refs, WARM_BATCH).await {
            tracing::warn!(%error, %language, "expansion words not embedded ahead: each is embedded when first used");
        }
    }
}

impl HybridRetriever {
    /// The question's vector with the expansion words folded in. Embedding "question + words"
    /// would run the model a second time in the turn (the classifier embedded the question);
    /// mean pooling makes that vector close to the token-weighted mean of the question's and
    /// the words' own vectors, which are kept, so a turn embeds nothing more (retrieval recall
    /// within one case of the concatenation's on both sets, docs/benchmarks.md).
    async fn dense_vector(&self, text: &str, words: &[&str]) -> Result<Vec<f32>, EmbedError> {
        let question = embed_question(&self.embedder, text).await?;
        if words.is_empty() {
            return Ok(question);
        }
        let vectors = self.words.0.vectors(words).await?;
        let mut sum: Vec<f32> = question.iter().map(|x| x * tokens(text)).collect();
        for (word, vector) in words.iter().zip(&vectors) {
            let weight = tokens(word) * WORD_WEIGHT;
            for (s, x) in sum.iter_mut().zip(vector.iter()) {
                *s += x * weight;
            }
        }
        let norm = sum.iter().map(|x| x * x).sum::<f32>().sqrt().max(f32::EPSILON);
        Ok(sum.into_iter().map(|x| x / norm).collect())
    }
}

/// How much an expansion word weighs against the question's own tokens.
/// Chosen on the retrieval dev set (0.5 / 0.75 / 1 / 2: MRR 0.897 / 0.894 / 0.890 / 0.874),
/// checked on the held-out set (0.833 / 0.841 / 0.834 / 0.829; the concatenation 0.842).
const WORD_WEIGHT: f32 = 0.75;

/// Roughly how many model tokens a text is: a word per four letters, a token per Han, kana or
/// hangul character, plus the prefix.
fn tokens(text: &str) -> f32 {
    let cjk = text.chars().filter(|c| crate::lexicon::is_cjk(*c)).count() as f32;
    let other = text.chars().filter(|c| c.is_alphanumeric() && !crate::lexicon::is_cjk(*c)).count() as f32;
    2.0 + cjk + (other / 4.0).ceil()
}

#[async_trait::async_trait]
impl Retriever for HybridRetriever {
    async fn retrieve(&self, shop: &ShopId, text: &str, limit: usize) -> Result<Vec<Passage>, StageError> {
        let Some(view) = self.knowledge.get(shop) else { return Ok(Vec::new()) };
        let error = |message: String| StageError::failed("retrieve", message);
        // Cross-lingual help: add the catalogue's words for the concepts the question names.
        // Keyword search gets every form; the embedding only each concept's most common one,
        // since embedding time grows with the question's length.
        let concepts = self.glossary.expand(text, &view.language);
        let query = with_words(text, concepts.iter().flatten());
        let added: Vec<&str> = concepts.iter().filter_map(|forms| forms.first()).map(String::as_str).collect();
        let vector = self.dense_vector(text, &added).await.map_err(|e| error(e.to_string()))?;
        let hits = self.index.search(shop, &vector, CANDIDATES).await.map_err(|e| error(e.to_string()))?;
        let dense: Vec<usize> = hits.iter().filter_map(|(id, _)| view.position.get(id).copied()).collect();
        let mut relevance: HashMap<usize, f32> =
            hits.iter().filter_map(|(id, score)| Some((*view.position.get(id)?, *score))).collect();
        let lexical: Vec<usize> = view.lexical.search(&query, CANDIDATES).into_iter().map(|(i, _)| i).collect();
        let (orders, mut exact) = exact_matches(&view, text);
        for &i in &exact {
            relevance.insert(i, 1.0);
        }
        exact.extend(shipping_for(&view, &self.countries.find(text)));
        let mut out = orders;
        let rankings = [(exact.as_slice(), EXACT_WEIGHT), (dense.as_slice(), 1.0), (lexical.as_slice(), 1.0)];
        out.extend(fuse(&view, &rankings, &relevance, limit.saturating_sub(out.len())));
        Ok(out)
    }
}

fn with_words<'a>(text: &str, words: impl Iterator<Item = &'a String>) -> String {
    let mut out = text.to_owned();
    for word in words {
        out.push(' ');
        out.push_str(word);
    }
    out
}

/// The shipping passage of each country named, or the shop's "all other countries" row for a
/// country it has no row for.
fn shipping_for(view: &ShopView, countries: &[&str]) -> Vec<usize> {
    let mut out = Vec::new();
    for code in countries {
        let row = view.position.get(&format!("shipping:{code}")).or_else(|| view.position.get("shipping:*"));
        if let Some(&i) = row.filter(|i| !out.contains(*i)) {
            out.push(i);
        }
    }
    out
}

/// Orders named by id or tracking number become order passages (score 1); SKUs named in the
/// text rank their product first.
fn exact_matches(view: &ShopView, text: &str) -> (Vec<Passage>, Vec<usize>) {
    let mut orders = Vec::new();
    let mut products = Vec::new();
    let tokens =
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '#')).filter(|t| t.len() >= 3);
    for token in tokens {
        let token = token.trim_matches(|c| c == '-' || c == '#');
        // Whole ids only: a short form ("4217") is for order questions, not any number.
        if let Some(order) =
            view.order_by_key(&order_key(token)).filter(|o| !orders.iter().any(|p: &Passage| p.source.id == o.order_id))
        {
            orders.push(order_passage(order));
        }
        if let Some(&i) = view.skus.get(&token.to_lowercase()).and_then(|id| view.position.get(id)) {
            products.push(i);
        }
    }
    (orders, products)
}

/// Reciprocal rank fusion of several rankings of passage indexes. The score reported is the
/// fused score relative to the best possible (first in every ranking), so 1.0 means every
/// ranking agreed on it.
fn fuse(view: &ShopView, rankings: &[(&[usize], f32)], relevance: &HashMap<usize, f32>, limit: usize) -> Vec<Passage> {
    let mut scores: HashMap<usize, f32> = HashMap::new();
    let mut votes = 0.0;
    for (ranking, weight) in rankings.iter().filter(|(r, _)| !r.is_empty()) {
        votes += weight;
        for (rank, &i) in ranking.iter().enumerate() {
            *scores.entry(i).or_default() += weight / (RRF_K + rank as f32 + 1.0);
        }
    }
    let best = f32::max(votes, 1.0) / (RRF_K + 1.0);
    let mut ranked: Vec<(usize, f32)> = scores.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    // Several parts of one long product count once: the best part speaks for it.
    let mut seen = std::collections::HashSet::new();
    ranked
        .into_iter()
        .filter(|(i, _)| seen.insert(view.passages[*i].source.id.clone()))
        .take(limit)
        .map(|(i, score)| {
            let passage = &view.passages[i];
            let mut source = passage.source.clone();
            source.score = (score / best).min(1.0);
            Passage {
                source,
                text: passage.text.clone(),
                language: passage.language.clone(),
                relevance: relevance.get(&i).copied().unwrap_or(0.0),
            }
        })
        .collect()
}

/// An order as a passage: written by kefu, in English, and exactly what was asked for.
fn order_passage(order: &Order) -> Passage {
    let mut text = format!("Order {}: status {}.", order.order_id, order.status.as_str());
    let items: Vec<String> = order
        .items
        .iter()
        .map(|i| format!("{} × {} ({}, {} {})", i.qty, i.title, i.sku, i.price, order.currency))
        .collect();
    text += &format!(" Items: {}. Total {} {}.", items.join("; "), order.total, order.currency);
    if let Some(country) = &order.destination_country {
        text += &format!(" Destination {country}.");
    }
    if let (Some(carrier), Some(tracking)) = (&order.carrier, &order.tracking_number) {
        text += &format!(" Carrier {carrier}, tracking number {tracking}.");
    }
    if let Some(shipped) = &order.shipped_at {
        text += &format!(" Shipped {shipped}.");
    }
    if let Some(delivered) = &order.delivered_at {
        text += &format!(" Delivered {delivered}.");
    }
    if let (Some(min), Some(max)) = (&order.eta_min, &order.eta_max) {
        text += &format!(" Expected {min} to {max}.");
    }
    if let Some(last) = order.events.last() {
        text += &format!(" Latest event {}: {} {}.", last.time, last.location, last.description);
    }
    Passage {
        source: Source {
            kind: SourceKind::Order,
            id: order.order_id.clone(),
            title: format!("Order {}", order.order_id),
            score: 1.0,
        },
        text,
        language: Language::english(),
        relevance: 1.0,
    }
}

#[cfg(test)]
#[path = "hybrid_tests.rs"]
mod tests;
