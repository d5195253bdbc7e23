//! `AttributeRanker` on the embedding model: a question's cosine to each attribute name or
//! value ("passage: maximum height"). Names and values repeat across turns and products, so
//! their vectors are kept (bounded) and each is embedded once: when a shop is ingested, in the
//! background after a start, or else when first asked of. The question's vector is the one
//! retrieval already asked for (`MemoEmbedder`).

use std::collections::HashSet;
use std::sync::Arc;

use super::kept::KeptVectors;
use super::{Embedder, TextKind, dot, embed_query};
use crate::knowledge::catalogue::Catalogue;
use crate::pipeline::{AttributeRanker, StageError};

pub struct EmbeddedAttributes {
    embedder: Arc<dyn Embedder>,
    known: KeptVectors,
}

/// Texts a warm-up embeds at a time: between two, a buyer's question waits for one only.
const WARM_BATCH: usize = 8;

impl EmbeddedAttributes {
    /// Keeps at most `capacity` vectors (1.5 KiB each).
    pub fn new(embedder: Arc<dyn Embedder>, capacity: usize) -> EmbeddedAttributes {
        let known = KeptVectors::new(embedder.clone(), TextKind::Passage, capacity);
        EmbeddedAttributes { embedder, known }
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
        let missing = self.known.missing(&refs).len();
        if missing > self.known.room() {
            tracing::info!(texts = missing, "too many attributes to keep: each is embedded when first asked of");
            return;
        }
        if let Err(error) = self.known.warm(&refs, WARM_BATCH).await {
            tracing::warn!(%error, "attributes not embedded ahead: each is embedded when first asked of");
        }
    }
}

#[async_trait::async_trait]
impl AttributeRanker for EmbeddedAttributes {
    async fn relevance(&self, question: &str, texts: &[&str]) -> Result<Vec<f32>, StageError> {
        let failed = |message: String| StageError::failed("rank_attributes", message);
        // The question's vector is the one retrieval already asked for (`MemoEmbedder`).
        let asked = embed_query(&self.embedder, question.to_owned()).await.map_err(|e| failed(e.to_string()))?;
        let vectors = self.known.vectors(texts).await.map_err(|e| failed(e.to_string()))?;
        // Unit vectors: their dot product is their cosine.
        Ok(vectors.iter().map(|v| dot(&asked, v)).collect())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::retrieval::EmbedError;

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
        assert!(ranker.known.len() <= 2);
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
