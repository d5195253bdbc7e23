//! `AttributeRanker` on the embedding model: a question's cosine to each attribute name or
//! value ("passage: maximum height"). Names and values repeat across turns and products, so
//! their vectors are kept (bounded) and each is embedded once: when a shop is ingested, in the
//! background after a start, or else when first asked of. The question's vector is the one
//! retrieval already asked for (`MemoEmbedder`).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use super::{EmbedError, Embedder, TextKind, dot};
use crate::knowledge::catalogue::Catalogue;
use crate::pipeline::{AttributeRanker, StageError};

pub struct EmbeddedAttributes {
    embedder: Arc<dyn Embedder>,
    known: Arc<Known>,
}

/// Vectors by text, at most `capacity` (1.5 KiB each); past it, it starts over.
struct Known {
    vectors: Mutex<HashMap<String, Arc<[f32]>>>,
    capacity: usize,
}

impl Known {
    fn get(&self, texts: &[&str]) -> Vec<Option<Arc<[f32]>>> {
        let vectors = self.vectors.lock().unwrap_or_else(|e| e.into_inner());
        texts.iter().map(|t| vectors.get(*t).cloned()).collect()
    }

    /// The texts it has no vector for, in order.
    fn missing(&self, texts: &[&str]) -> Vec<String> {
        let vectors = self.vectors.lock().unwrap_or_else(|e| e.into_inner());
        texts.iter().filter(|t| !vectors.contains_key(**t)).map(|t| (*t).to_owned()).collect()
    }

    fn keep(&self, embedded: &[(String, Vec<f32>)]) {
        let mut vectors = self.vectors.lock().unwrap_or_else(|e| e.into_inner());
        if vectors.len() + embedded.len() > self.capacity {
            vectors.clear();
        }
        for (text, vector) in embedded.iter().take(self.capacity) {
            vectors.insert(text.clone(), Arc::from(vector.as_slice()));
        }
    }

    /// Room left before it starts over.
    fn room(&self) -> usize {
        let vectors = self.vectors.lock().unwrap_or_else(|e| e.into_inner());
        self.capacity.saturating_sub(vectors.len())
    }
}

/// Texts a warm-up embeds at a time: between two, a buyer's question waits for one only.
const WARM_BATCH: usize = 8;

impl EmbeddedAttributes {
    /// Keeps at most `capacity` vectors (1.5 KiB each).
    pub fn new(embedder: Arc<dyn Embedder>, capacity: usize) -> EmbeddedAttributes {
        EmbeddedAttributes { embedder, known: Arc::new(Known { vectors: Mutex::new(HashMap::new()), capacity }) }
    }

    /// Embeds the catalogue's attribute names and values not yet known, when they fit (a
    /// catalogue too large to keep is embedded question by question). `app` offers it to the
    /// ingestor as its `Warmup`.
    pub async fn warm(&self, catalogue: &Catalogue) {
        let mut seen = HashSet::new();
        let mut texts: Vec<String> = Vec::new();
        for product in catalogue.products() {
            let (names, values) = product.attribute_texts();
            texts.extend(names.into_iter().chain(values).filter(|t| seen.insert(t.clone())));
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let missing = self.known.missing(&refs);
        if missing.len() > self.known.room() {
            tracing::info!(texts = missing.len(), "too many attributes to keep: each is embedded when first asked of");
            return;
        }
        for batch in missing.chunks(WARM_BATCH) {
            let (embedder, batch) = (self.embedder.clone(), batch.to_vec());
            let embedded = tokio::task::spawn_blocking(move || {
                let refs: Vec<&str> = batch.iter().map(String::as_str).collect();
                embedder
                    .embed(TextKind::Passage, &refs)
                    .map(|vectors| batch.into_iter().zip(vectors).collect::<Vec<_>>())
            })
            .await
            .map_err(|e| e.to_string())
            .and_then(|embedded| embedded.map_err(|e| e.to_string()));
            match embedded {
                Ok(embedded) => self.known.keep(&embedded),
                Err(error) => {
                    tracing::warn!(%error, "attributes not embedded ahead: each is embedded when first asked of");
                    return;
                }
            }
        }
    }
}

#[async_trait::async_trait]
impl AttributeRanker for EmbeddedAttributes {
    async fn relevance(&self, question: &str, texts: &[&str]) -> Result<Vec<f32>, StageError> {
        let failed = |message: String| StageError::failed("rank_attributes", message);
        let mut vectors = self.known.get(texts);
        let missing: Vec<String> =
            texts.iter().zip(&vectors).filter(|(_, v)| v.is_none()).map(|(t, _)| (*t).to_owned()).collect();
        let embedder = self.embedder.clone();
        let question = question.to_owned();
        let (asked, embedded) = tokio::task::spawn_blocking(move || {
            let asked = embedder.embed(TextKind::Query, &[&question])?.pop().unwrap_or_default();
            let refs: Vec<&str> = missing.iter().map(String::as_str).collect();
            let embedded = if refs.is_empty() { Vec::new() } else { embedder.embed(TextKind::Passage, &refs)? };
            Ok::<_, EmbedError>((asked, missing.into_iter().zip(embedded).collect::<Vec<_>>()))
        })
        .await
        .map_err(|e| failed(format!("embedding task failed: {e}")))?
        .map_err(|e| failed(e.to_string()))?;
        self.known.keep(&embedded);
        let mut fresh = embedded.into_iter();
        for slot in vectors.iter_mut().filter(|v| v.is_none()) {
            *slot = fresh.next().map(|(_, v)| Arc::from(v));
        }
        // Unit vectors: their dot product is their cosine.
        Ok(vectors.iter().map(|v| v.as_deref().map_or(0.0, |v| dot(&asked, v))).collect())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// Unit vectors from the text: [length, count of 'a'] scaled to length 1; counts the
    /// passages it embeds.
    struct Counting(AtomicUsize);

    impl Embedder for Counting {
        fn model(&self) -> &str {
            "counting"
        }
        fn dimension(&self) -> usize {
            2
        }
        fn embed(&self, kind: TextKind, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
            if kind == TextKind::Passage {
                self.0.fetch_add(texts.len(), Ordering::SeqCst);
            }
            let unit = |v: [f32; 2]| {
                let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
                v.iter().map(|x| x / norm).collect::<Vec<f32>>()
            };
            Ok(texts.iter().map(|t| unit([t.len() as f32, t.matches('a').count() as f32])).collect())
        }
    }

    #[tokio::test]
    async fn each_name_is_embedded_once_and_scores_keep_the_names_order() {
        let counting = Arc::new(Counting(AtomicUsize::new(0)));
        let ranker = EmbeddedAttributes::new(counting.clone(), 100);
        let first = ranker.relevance("aaaa", &["aaaa", "bbbb"]).await.unwrap();
        assert!((first[0] - 1.0).abs() < 1e-6, "{first:?}");
        assert!(first[1] < first[0], "{first:?}");
        let again = ranker.relevance("aaaa", &["bbbb", "aaaa", "cc"]).await.unwrap();
        assert_eq!(again[0], first[1]);
        assert_eq!(again[1], first[0]);
        assert_eq!(counting.0.load(Ordering::SeqCst), 3, "aaaa and bbbb once, cc once");
    }

    #[tokio::test]
    async fn a_full_memory_starts_over_instead_of_growing() {
        let counting = Arc::new(Counting(AtomicUsize::new(0)));
        let ranker = EmbeddedAttributes::new(counting.clone(), 2);
        ranker.relevance("q", &["a", "b"]).await.unwrap();
        ranker.relevance("q", &["c"]).await.unwrap();
        assert!(ranker.known.vectors.lock().unwrap().len() <= 2);
        ranker.relevance("q", &["a"]).await.unwrap();
        assert_eq!(counting.0.load(Ordering::SeqCst), 4);
    }

    fn catalogue(attributes: &[(&str, &str)]) -> Catalogue {
        let product = crate::knowledge::Product {
            sku: "P-1".into(),
            title: "Kite".into(),
            description: String::new(),
            price: 10.0,
            currency: "USD".into(),
            attributes: attributes.iter().map(|(k, v)| ((*k).to_owned(), serde_json::json!(v))).collect(),
            variants: Vec::new(),
            url: None,
            tags: Vec::new(),
            language: None,
            listings: Default::default(),
            line: 1,
        };
        Catalogue::new(vec![product])
    }

    #[tokio::test]
    async fn a_warmed_catalogue_is_ranked_without_embedding_again() {
        let counting = Arc::new(Counting(AtomicUsize::new(0)));
        let ranker = EmbeddedAttributes::new(counting.clone(), 100);
        ranker.warm(&catalogue(&[("line_length", "30 m"), ("weight", "30 m")])).await;
        assert_eq!(counting.0.load(Ordering::SeqCst), 3, "line length, weight and 30 m, each once");
        ranker.relevance("how long is the line?", &["line length", "weight", "30 m", "30 m"]).await.unwrap();
        assert_eq!(counting.0.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_catalogue_too_large_to_keep_is_left_to_the_questions() {
        let counting = Arc::new(Counting(AtomicUsize::new(0)));
        let ranker = EmbeddedAttributes::new(counting.clone(), 2);
        ranker.warm(&catalogue(&[("colour", "red"), ("size", "large")])).await;
        assert_eq!(counting.0.load(Ordering::SeqCst), 0);
        ranker.relevance("is it red?", &["colour", "red"]).await.unwrap();
        assert_eq!(counting.0.load(Ordering::SeqCst), 2);
    }
}
