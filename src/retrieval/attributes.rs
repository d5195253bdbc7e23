//! `AttributeRanker` on the embedding model: how close a question is to each of a product's
//! attributes, through its name and its value ("does it have brakes?" is near "brake style:
//! coaster" through both).
//!
//! e5 puts every attribute name near every other and every question near them all (raw cosines
//! of 0.72–0.92), so vectors are compared after subtracting where they sit on average
//! (`Centres`): the question's language's mean question, and the typical attribute name and
//! value — a prior from real listings blended with the product's own. On real buyers'
//! questions about products outside the dev shop (hetPQA) the right attribute comes first 4 %
//! more often, and the gaps the pipeline's thresholds read widen (docs/benchmarks.md).
//!
//! Names and values repeat across turns and products, so their vectors are kept (bounded) and
//! each is embedded once: when a shop is ingested, in the background after a start, or else when
//! first asked of. The question's vector is the one retrieval already asked for (`MemoEmbedder`).

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use super::kept::KeptVectors;
use super::{Embedder, TextKind, dot, embed_question};
use crate::domain::Language;
use crate::knowledge::catalogue::Catalogue;
use crate::pipeline::{AttributeRanker, StageError};

pub struct EmbeddedAttributes {
    embedder: Arc<dyn Embedder>,
    known: KeptVectors,
    centres: Centres,
}

/// Where questions and attributes sit on average, for one embedding model.
#[derive(Debug, Clone, Default)]
pub struct Centres {
    /// The mean question per language, "" for any other (the intent model's, fitted on the
    /// team's examples, which ask the same things in every language).
    pub questions: BTreeMap<String, Vec<f32>>,
    /// The typical attribute name and value (`knowledge/attributes/centres.json`); empty when
    /// none was computed for this model: the product's own mean stands alone then.
    pub names: Vec<f32>,
    pub values: Vec<f32>,
}

/// How many of a product's own attributes the prior weighs as: a product's few attributes are
/// too few to say where attributes sit, but a catalogue in another language moves the mean.
/// Chosen on hetPQA (5 to 40 change little; 0, the product alone, answers 10 fewer).
const PRIOR_WEIGHT: f32 = 20.0;

/// The typical attribute name and value, from hetPQA (scripts/attribute_centres.py).
const PRIOR: &str = include_str!("../../knowledge/attributes/centres.json");

#[derive(serde::Deserialize)]
struct PriorFile {
    embedder: String,
    names: Vec<f32>,
    values: Vec<f32>,
}

impl Centres {
    /// The question means given, and the built-in prior when it was computed with `embedder`.
    pub fn new(embedder: &str, questions: BTreeMap<String, Vec<f32>>) -> Centres {
        match serde_json::from_str::<PriorFile>(PRIOR) {
            Ok(prior) if prior.embedder == embedder => Centres { questions, names: prior.names, values: prior.values },
            Ok(prior) => {
                tracing::warn!(
                    prior = %prior.embedder,
                    embedder,
                    "knowledge/attributes/centres.json is for another model: attributes are centred on each product alone; run scripts/attribute_centres.py"
                );
                Centres { questions, ..Centres::default() }
            }
            Err(error) => {
                tracing::warn!(%error, "knowledge/attributes/centres.json unreadable: attributes are centred on each product alone");
                Centres { questions, ..Centres::default() }
            }
        }
    }

    fn question(&self, language: &Language) -> Option<&[f32]> {
        [language.as_str(), language.primary(), ""]
            .into_iter()
            .find_map(|key| self.questions.get(key))
            .map(Vec::as_slice)
    }
}

/// Texts a warm-up embeds at a time: between two, a buyer's question waits for one only.
const WARM_BATCH: usize = 8;

impl EmbeddedAttributes {
    /// Keeps at most `capacity` vectors (1.5 KiB each).
    pub fn new(embedder: Arc<dyn Embedder>, capacity: usize, centres: Centres) -> EmbeddedAttributes {
        let known = KeptVectors::new(embedder.clone(), TextKind::Passage, capacity);
        EmbeddedAttributes { embedder, known, centres }
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
    async fn relevance(
        &self,
        question: &str,
        language: &Language,
        names: &[&str],
        values: &[&str],
    ) -> Result<Vec<f32>, StageError> {
        let failed = |message: String| StageError::failed("rank_attributes", message);
        // The question's vector is the one retrieval already asked for (`MemoEmbedder`).
        let asked = embed_question(&self.embedder, question).await.map_err(|e| failed(e.to_string()))?;
        // Names and values in one call: a product not yet warm runs the model once.
        let texts: Vec<&str> = names.iter().chain(values).copied().collect();
        let vectors = self.known.vectors(&texts).await.map_err(|e| failed(e.to_string()))?;
        let (names, values) = vectors.split_at(names.len().min(vectors.len()));
        let asked = centred(&asked, self.centres.question(language).unwrap_or(&[]));
        let names = centred_on_their_mean(names, &self.centres.names);
        let values = centred_on_their_mean(values, &self.centres.values);
        Ok(names.iter().zip(&values).map(|(n, v)| (dot(&asked, n) + dot(&asked, v)) / 2.0).collect())
    }
}

/// `vector - mean` at unit length (`mean` may be empty: nothing to subtract).
fn centred(vector: &[f32], mean: &[f32]) -> Vec<f32> {
    let moved: Vec<f32> = vector.iter().enumerate().map(|(i, v)| v - mean.get(i).copied().unwrap_or(0.0)).collect();
    let norm = moved.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm == 0.0 { moved } else { moved.into_iter().map(|x| x / norm).collect() }
}

/// Each vector minus the mean of them and the prior (weighed as `PRIOR_WEIGHT` vectors).
fn centred_on_their_mean<V: AsRef<[f32]>>(vectors: &[V], prior: &[f32]) -> Vec<Vec<f32>> {
    let Some(dimension) = vectors.first().map(|v| v.as_ref().len()) else {
        return Vec::new();
    };
    let weight = if prior.len() == dimension { PRIOR_WEIGHT } else { 0.0 };
    let mut mean: Vec<f32> = (0..dimension).map(|i| weight * prior.get(i).copied().unwrap_or(0.0)).collect();
    for vector in vectors {
        mean.iter_mut().zip(vector.as_ref()).for_each(|(m, v)| *m += v);
    }
    let count = weight + vectors.len() as f32;
    mean.iter_mut().for_each(|m| *m /= count);
    vectors.iter().map(|v| centred(v.as_ref(), &mean)).collect()
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
        let ranker = EmbeddedAttributes::new(counting.clone(), 100, Centres::default());
        let en = Language::english();
        let first = ranker.relevance("aaaa", &en, &["aaaa", "bbbb"], &["aaaa", "bbbb"]).await.unwrap();
        assert!(first[1] < first[0], "{first:?}");
        let again = ranker.relevance("aaaa", &en, &["bbbb", "aaaa"], &["bbbb", "aaaa"]).await.unwrap();
        assert_eq!(again, vec![first[1], first[0]]);
        ranker.relevance("aaaa", &en, &["cc"], &["aaaa"]).await.unwrap();
        assert_eq!(counting.0.load(Ordering::SeqCst), 3, "aaaa and bbbb once, cc once");
    }

    #[tokio::test]
    async fn a_full_memory_starts_over_instead_of_growing() {
        let counting = Arc::new(Counting(AtomicUsize::new(0)));
        let ranker = EmbeddedAttributes::new(counting.clone(), 2, Centres::default());
        let en = Language::english();
        ranker.relevance("q", &en, &["a"], &["b"]).await.unwrap();
        ranker.relevance("q", &en, &["c"], &[]).await.unwrap();
        assert!(ranker.known.len() <= 2);
        ranker.relevance("q", &en, &["a"], &[]).await.unwrap();
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
        let ranker = EmbeddedAttributes::new(counting.clone(), 100, Centres::default());
        ranker.warm(&catalogue(&[("line_length", "30 m"), ("weight", "30 m")])).await;
        assert_eq!(counting.0.load(Ordering::SeqCst), 3, "line length, weight and 30 m, each once");
        let en = Language::english();
        ranker.relevance("how long is the line?", &en, &["line length", "weight"], &["30 m", "30 m"]).await.unwrap();
        assert_eq!(counting.0.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_catalogue_too_large_to_keep_is_left_to_the_questions() {
        let counting = Arc::new(Counting(AtomicUsize::new(0)));
        let ranker = EmbeddedAttributes::new(counting.clone(), 2, Centres::default());
        ranker.warm(&catalogue(&[("colour", "red"), ("size", "large")])).await;
        assert_eq!(counting.0.load(Ordering::SeqCst), 0);
        ranker.relevance("is it red?", &Language::english(), &["colour"], &["red"]).await.unwrap();
        assert_eq!(counting.0.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn vectors_are_centred_on_their_mean_blended_with_the_prior() {
        let vectors = vec![vec![1.0, 0.0], vec![0.0, 1.0]];
        let alone = centred_on_their_mean(&vectors, &[]);
        // Mean (0.5, 0.5): what is left points away from it, at unit length.
        let half = std::f32::consts::FRAC_1_SQRT_2;
        assert!((alone[0][0] - half).abs() < 1e-6 && (alone[0][1] + half).abs() < 1e-6, "{alone:?}");
        // The prior weighs as 20 vectors: one at the vectors' own mean changes nothing, one
        // elsewhere moves the mean to near itself.
        let skewed = vec![vec![1.0, 0.0], vec![0.8, 0.6]];
        let alone = centred_on_their_mean(&skewed, &[]);
        let close = |a: &[Vec<f32>], b: &[Vec<f32>]| {
            a.iter().flatten().zip(b.iter().flatten()).all(|(x, y)| (x - y).abs() < 1e-5)
        };
        assert!(close(&centred_on_their_mean(&skewed, &[0.9, 0.3]), &alone));
        let moved = centred_on_their_mean(&skewed, &[0.0, 1.0]);
        assert!(!close(&moved, &alone) && moved[0][0] > 0.6, "{moved:?}");
        // A prior for another model (another length) is left out, not misread.
        assert_eq!(centred_on_their_mean(&vectors, &[1.0, 0.0, 0.0]), centred_on_their_mean(&vectors, &[]));
        assert!(centred_on_their_mean::<Vec<f32>>(&[], &[1.0, 0.0]).is_empty());
        assert_eq!(centred(&[0.0, 0.0], &[]), vec![0.0, 0.0], "a zero vector stays zero, no NaN");
    }

    #[test]
    fn a_question_is_centred_on_its_languages_mean_else_the_primary_else_any() {
        let questions = [("", 0.0), ("pt", 1.0), ("zh-tw", 2.0), ("zh", 3.0)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), vec![v]))
            .collect();
        let centres = Centres { questions, ..Centres::default() };
        let mean = |tag: &str| centres.question(&Language::parse(tag).unwrap()).map(|m| m[0]);
        assert_eq!(mean("pt-BR"), Some(1.0));
        assert_eq!(mean("zh-TW"), Some(2.0));
        assert_eq!(mean("zh"), Some(3.0));
        assert_eq!(mean("sw"), Some(0.0));
        assert_eq!(Centres::default().question(&Language::english()), None);
    }

    #[test]
    fn the_built_in_prior_is_for_the_shipped_model() {
        let prior: PriorFile = serde_json::from_str(PRIOR).expect("knowledge/attributes/centres.json parses");
        assert_eq!(prior.names.len(), prior.values.len());
        let centres = Centres::new(&prior.embedder, BTreeMap::new());
        assert_eq!(centres.names.len(), prior.names.len());
        assert!(Centres::new("another-model", BTreeMap::new()).names.is_empty());
    }
}
