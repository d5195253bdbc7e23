//! The multilingual intent classifier: one model for every language. A message is embedded with
//! the shared multilingual model and compared with labelled examples of every intent in a dozen
//! languages (`knowledge/intents/examples/*.jsonl`, compiled in); an intent's similarity is the
//! mean of its `TOP_K` nearest examples. Keyword hits (`keywords::scores`) are a second signal.
//! A softmax with a fitted temperature and keyword weight turns both into probabilities that
//! mean what they say: the fit minimises the log-loss of leave-one-out predictions over the
//! examples, and `kefu eval intents` reports the calibration error on held-out data.
//!
//! Embedding the examples takes a while (~30 s here), so the vectors and the fit are cached in
//! a file named after a hash of the model and the examples, and shared within the process.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{entities, keywords};
use crate::domain::{Intent, Language, ShopId};
use crate::lexicon::Countries;
use crate::pipeline::{Classification, IntentClassifier, StageError};
use crate::retrieval::{EmbedError, Embedder, TextKind, dot, embed_query};
use crate::shop::Shop;

const EXAMPLES: &[&str] = &[
    include_str!("../../knowledge/intents/examples/en.jsonl"),
    include_str!("../../knowledge/intents/examples/zh.jsonl"),
    include_str!("../../knowledge/intents/examples/es.jsonl"),
    include_str!("../../knowledge/intents/examples/pt.jsonl"),
    include_str!("../../knowledge/intents/examples/fr.jsonl"),
    include_str!("../../knowledge/intents/examples/de.jsonl"),
    include_str!("../../knowledge/intents/examples/ru.jsonl"),
    include_str!("../../knowledge/intents/examples/ar.jsonl"),
    include_str!("../../knowledge/intents/examples/ja.jsonl"),
    include_str!("../../knowledge/intents/examples/ko.jsonl"),
    include_str!("../../knowledge/intents/examples/tr.jsonl"),
    include_str!("../../knowledge/intents/examples/it.jsonl"),
    // Plain help-desk phrasing, mostly English.
    include_str!("../../knowledge/intents/examples/service.jsonl"),
];

/// Nearest examples averaged per intent.
const TOP_K: usize = 3;
const INTENTS: usize = Intent::ALL.len();
/// Changes when the fit or the scoring does, so older caches are not used.
const FIT_VERSION: u32 = 3;
/// Keyword hits above this count no more.
const KEYWORD_CAP: f32 = 3.0;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub intent: Intent,
    pub language: String,
    pub text: String,
}

/// The built-in examples.
pub fn examples() -> Vec<Example> {
    EXAMPLES
        .iter()
        .flat_map(|file| file.lines().filter(|l| !l.trim().is_empty()))
        .map(|line| serde_json::from_str(line).expect("the built-in intent examples are valid"))
        .collect()
}

/// How similarities and keyword hits become probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    pub temperature: f32,
    pub keyword_weight: f32,
    /// Extra weight for damaged_wrong_item when damage words appear: an item that arrived
    /// broken is that intent even when the buyer also asks for a refund or an exchange
    /// (docs/intents.md).
    #[serde(default)]
    pub damage_precedence: f32,
}

/// The embedded examples and their calibration.
pub struct Prototypes {
    intents: Vec<usize>,
    vectors: Vec<f32>,
    dimension: usize,
    pub calibration: Calibration,
}

impl Prototypes {
    /// Per intent (in `Intent::ALL` order), the mean similarity of its `TOP_K` nearest examples
    /// to `query`, leaving out example `skip`; a shop's own examples (`extra`) count as built-in ones.
    fn similarities(&self, query: &[f32], skip: Option<usize>, extra: Option<&ShopExamples>) -> [f32; INTENTS] {
        let mut best = [[f32::NEG_INFINITY; TOP_K]; INTENTS];
        let mut offer = |intent: usize, score: f32| {
            let slots = &mut best[intent];
            let (weakest, _) =
                slots.iter().enumerate().fold((0, f32::INFINITY), |acc, (j, s)| if *s < acc.1 { (j, *s) } else { acc });
            if score > slots[weakest] {
                slots[weakest] = score;
            }
        };
        for (i, row) in self.vectors.chunks_exact(self.dimension).enumerate() {
            if Some(i) != skip {
                offer(self.intents[i], dot(row, query));
            }
        }
        if let Some(extra) = extra {
            for (intent, row) in extra.intents.iter().zip(extra.vectors.chunks_exact(self.dimension)) {
                offer(*intent, dot(row, query));
            }
        }
        best.map(|slots| {
            let found: Vec<f32> = slots.into_iter().filter(|s| s.is_finite()).collect();
            if found.is_empty() { 0.0 } else { found.iter().sum::<f32>() / found.len() as f32 }
        })
    }

    pub fn len(&self) -> usize {
        self.intents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.intents.is_empty()
    }
}

/// Keyword hits per intent, capped.
fn keyword_hits(text: &str) -> [f32; INTENTS] {
    let mut out = [0.0; INTENTS];
    for (intent, score) in keywords::scores(text) {
        out[index(intent)] = score.min(KEYWORD_CAP);
    }
    out
}

fn index(intent: Intent) -> usize {
    Intent::ALL.iter().position(|i| *i == intent).expect("every intent is in ALL")
}

/// Probabilities per intent.
pub fn probabilities(
    similarity: &[f32; INTENTS],
    keywords: &[f32; INTENTS],
    calibration: Calibration,
) -> [f32; INTENTS] {
    let logits: Vec<f32> = similarity
        .iter()
        .zip(keywords)
        .map(|(s, k)| s / calibration.temperature + calibration.keyword_weight * k)
        .collect();
    let mut logits = logits;
    let damaged = index(Intent::DamagedWrongItem);
    if keywords[damaged] > 0.0 {
        logits[damaged] += calibration.damage_precedence;
    }
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exp: Vec<f32> = logits.iter().map(|l| (l - max).exp()).collect();
    let total: f32 = exp.iter().sum();
    let mut out = [0.0; INTENTS];
    for (o, e) in out.iter_mut().zip(exp) {
        *o = e / total;
    }
    out
}

/// Fits temperature and keyword weight by minimising the log-loss of leave-one-out predictions.
fn fit(prototypes: &Prototypes, keywords: &[[f32; INTENTS]]) -> Calibration {
    let rows: Vec<(usize, [f32; INTENTS])> = prototypes
        .vectors
        .chunks_exact(prototypes.dimension)
        .enumerate()
        .map(|(i, row)| (prototypes.intents[i], prototypes.similarities(row, Some(i), None)))
        .collect();
    let mut best = (f32::INFINITY, Calibration { temperature: 0.03, keyword_weight: 0.0, damage_precedence: 0.0 });
    for temperature in
        [0.002, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.0125, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.07, 0.1]
    {
        for keyword_weight in [0.0, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5, 2.0] {
            for damage_precedence in [0.0, 0.5, 1.0, 2.0, 3.0] {
                let calibration = Calibration { temperature, keyword_weight, damage_precedence };
                let loss: f32 = rows
                    .iter()
                    .zip(keywords)
                    .map(|((truth, sims), kw)| -probabilities(sims, kw, calibration)[*truth].max(1e-9).ln())
                    .sum();
                if loss < best.0 {
                    best = (loss, calibration);
                }
            }
        }
    }
    best.1
}

/// The cache key: the model and every example.
fn key(model: &str, examples: &[Example]) -> String {
    let mut hash = Sha256::new();
    hash.update(format!("fit {FIT_VERSION} top {TOP_K}\n").as_bytes());
    hash.update(model.as_bytes());
    for e in examples {
        hash.update(format!("\n{}\t{}\t{}", e.intent.as_str(), e.language, e.text).as_bytes());
    }
    hash.finalize().iter().take(12).map(|b| format!("{b:02x}")).collect()
}

#[derive(Serialize, Deserialize)]
struct CacheHeader {
    key: String,
    count: usize,
    dimension: usize,
    calibration: Calibration,
}

/// Embeds the examples (or reads them from `cache_dir`) and fits the calibration. Blocking.
pub fn load(embedder: &dyn Embedder, cache_dir: &Path) -> Result<Arc<Prototypes>, EmbedError> {
    static LOADED: Mutex<Option<(String, Arc<Prototypes>)>> = Mutex::new(None);
    let examples = examples();
    let key = key(embedder.model(), &examples);
    let mut loaded = LOADED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((k, prototypes)) = loaded.as_ref().filter(|(k, _)| *k == key) {
        tracing::debug!(key = %k, "intent prototypes already loaded");
        return Ok(prototypes.clone());
    }
    let intents: Vec<usize> = examples.iter().map(|e| index(e.intent)).collect();
    let path = cache_dir.join(format!("intent-prototypes-{key}.bin"));
    let prototypes = match read_cache(&path, &key, &intents) {
        Some(prototypes) => prototypes,
        None => {
            let started = std::time::Instant::now();
            let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
            let vectors: Vec<f32> = embedder.embed(TextKind::Query, &texts)?.into_iter().flatten().collect();
            let mut prototypes = Prototypes {
                intents,
                vectors,
                dimension: embedder.dimension(),
                calibration: Calibration { temperature: 0.03, keyword_weight: 0.0, damage_precedence: 0.0 },
            };
            let hits: Vec<[f32; INTENTS]> = examples.iter().map(|e| keyword_hits(&e.text)).collect();
            prototypes.calibration = fit(&prototypes, &hits);
            tracing::info!(
                damage_precedence = prototypes.calibration.damage_precedence,
                examples = prototypes.len(),
                seconds = started.elapsed().as_secs_f32(),
                temperature = prototypes.calibration.temperature,
                keyword_weight = prototypes.calibration.keyword_weight,
                "intent examples embedded and calibrated"
            );
            if let Err(err) = write_cache(&path, &key, &prototypes) {
                tracing::warn!(path = %path.display(), error.message = %err, "could not cache the intent prototypes");
            }
            prototypes
        }
    };
    let prototypes = Arc::new(prototypes);
    *loaded = Some((key, prototypes.clone()));
    Ok(prototypes)
}

fn read_cache(path: &Path, key: &str, intents: &[usize]) -> Option<Prototypes> {
    let bytes = std::fs::read(path).ok()?;
    let newline = bytes.iter().position(|b| *b == b'\n')?;
    let header: CacheHeader = serde_json::from_slice(&bytes[..newline]).ok()?;
    let body = &bytes[newline + 1..];
    if header.key != key || header.count != intents.len() || body.len() != header.count * header.dimension * 4 {
        tracing::warn!(path = %path.display(), "ignoring a cache of intent prototypes that does not match");
        return None;
    }
    let vectors = body.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
    Some(Prototypes {
        intents: intents.to_vec(),
        vectors,
        dimension: header.dimension,
        calibration: header.calibration,
    })
}

/// Writes to a temporary file and renames it, so a reader never sees half a cache.
fn write_cache(path: &Path, key: &str, prototypes: &Prototypes) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let header = CacheHeader {
        key: key.to_owned(),
        count: prototypes.len(),
        dimension: prototypes.dimension,
        calibration: prototypes.calibration,
    };
    let mut bytes = serde_json::to_vec(&header)?;
    bytes.push(b'\n');
    for v in &prototypes.vectors {
        bytes.extend_from_slice(&v.to_le_bytes());
    }
    let temporary = tempfile::NamedTempFile::new_in(dir)?;
    std::fs::write(temporary.path(), &bytes)?;
    temporary.persist(path).map_err(|e| e.error)?;
    prune(dir, KEEP_CACHES);
    Ok(())
}

/// Caches kept in the directory: the newest few, so two kefu versions sharing it do not undo
/// each other's work, while old ones do not pile up.
const KEEP_CACHES: usize = 3;

/// Removes all but the `keep` newest intent caches in `dir`; failures are only logged.
fn prune(dir: &Path, keep: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut caches: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("intent-prototypes-"))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    caches.sort_by_key(|c| std::cmp::Reverse(c.0));
    for (_, old) in caches.into_iter().skip(keep) {
        if let Err(err) = std::fs::remove_file(&old) {
            tracing::debug!(path = %old.display(), error.message = %err, "could not remove an old intent cache");
        }
    }
}

/// The default cache directory: `$KEFU_CACHE`, else `~/.cache/kefu`, then `intents`.
pub fn default_cache_dir() -> PathBuf {
    let base = std::env::var_os("KEFU_CACHE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/kefu")))
        .unwrap_or_else(|| PathBuf::from(".kefu-cache"));
    base.join("intents")
}

/// One shop's own examples (`[intents.examples]` in its shop.toml), embedded.
pub struct ShopExamples {
    /// What they were embedded from, so a changed shop.toml is embedded again.
    source: Vec<(Intent, String)>,
    intents: Vec<usize>,
    vectors: Vec<f32>,
}

pub struct PrototypeClassifier {
    embedder: Arc<dyn Embedder>,
    prototypes: Arc<Prototypes>,
    countries: Arc<Countries>,
    shops: Mutex<HashMap<ShopId, Arc<ShopExamples>>>,
}

impl PrototypeClassifier {
    pub fn new(embedder: Arc<dyn Embedder>, prototypes: Arc<Prototypes>, countries: Arc<Countries>) -> Self {
        PrototypeClassifier { embedder, prototypes, countries, shops: Mutex::default() }
    }

    /// Classifies with an already computed query vector (blocking, microseconds).
    pub fn classify_vector(&self, text: &str, vector: &[f32], shop: Option<&ShopExamples>) -> Classification {
        let similarity = self.prototypes.similarities(vector, None, shop);
        let probabilities = probabilities(&similarity, &keyword_hits(text), self.prototypes.calibration);
        let mut ranked: Vec<(Intent, f32)> = Intent::ALL.iter().copied().zip(probabilities).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let (intent, probability) = ranked[0];
        Classification {
            intent,
            probability,
            alternatives: ranked[1..4].to_vec(),
            entities: entities::extract(text, &self.countries),
        }
    }

    /// The shop's own examples, embedded the first time they are needed and again when they
    /// change; `None` for a shop without any.
    pub async fn shop_examples(&self, shop: &Shop) -> Result<Option<Arc<ShopExamples>>, EmbedError> {
        let source: Vec<(Intent, String)> = shop
            .intent_examples
            .iter()
            .flat_map(|(intent, texts)| texts.iter().map(|t| (*intent, t.clone())))
            .collect();
        if source.is_empty() {
            return Ok(None);
        }
        if let Some(known) = self.shops.lock().expect("shop examples").get(&shop.id).filter(|k| k.source == source) {
            return Ok(Some(known.clone()));
        }
        let embedder = self.embedder.clone();
        let texts: Vec<String> = source.iter().map(|(_, t)| t.clone()).collect();
        let vectors = tokio::task::spawn_blocking(move || {
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            embedder.embed(TextKind::Query, &texts)
        })
        .await
        .map_err(|e| EmbedError(format!("embedding task failed: {e}")))??;
        let examples = Arc::new(ShopExamples {
            intents: source.iter().map(|(intent, _)| index(*intent)).collect(),
            vectors: vectors.into_iter().flatten().collect(),
            source,
        });
        tracing::info!(shop = %shop.id, examples = examples.intents.len(), "shop intent examples embedded");
        self.shops.lock().expect("shop examples").insert(shop.id.clone(), examples.clone());
        Ok(Some(examples))
    }
}

#[async_trait::async_trait]
impl IntentClassifier for PrototypeClassifier {
    async fn classify(&self, text: &str, _language: &Language, shop: &Shop) -> Result<Classification, StageError> {
        let failed = |e: EmbedError| StageError { stage: "classify", message: e.to_string() };
        let examples = self.shop_examples(shop).await.map_err(failed)?;
        let vector = embed_query(&self.embedder, text.to_owned()).await.map_err(failed)?;
        Ok(self.classify_vector(text, &vector, examples.as_deref()))
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    /// Examples per intent and language.
    fn coverage() -> HashMap<(Intent, String), usize> {
        let mut out = HashMap::new();
        for e in examples() {
            *out.entry((e.intent, e.language.clone())).or_default() += 1;
        }
        out
    }

    #[test]
    fn the_built_in_examples_cover_every_intent_in_twelve_languages() {
        let coverage = coverage();
        for language in ["en", "zh", "es", "pt", "fr", "de", "ru", "ar", "ja", "ko", "tr", "it"] {
            for intent in Intent::ALL {
                let n = coverage.get(&(intent, language.to_owned())).copied().unwrap_or(0);
                assert!(n >= 10, "{language} {intent:?}: {n} examples");
            }
        }
    }

    #[test]
    fn probabilities_sum_to_one_and_follow_the_signals() {
        let mut similarity = [0.80; INTENTS];
        similarity[3] = 0.90;
        let calibration = Calibration { temperature: 0.02, keyword_weight: 0.5, damage_precedence: 0.0 };
        let p = probabilities(&similarity, &[0.0; INTENTS], calibration);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert!(p[3] > 0.85, "{p:?}");
        let mut keywords = [0.0; INTENTS];
        keywords[5] = 3.0;
        let q = probabilities(&similarity, &keywords, calibration);
        assert!(q[5] > p[5] && q[3] < p[3], "keyword hits move probability: {q:?}");
        let cooler = probabilities(
            &similarity,
            &[0.0; INTENTS],
            Calibration { temperature: 0.1, keyword_weight: 0.5, damage_precedence: 0.0 },
        );
        assert!(cooler[3] < p[3], "a higher temperature is less sure");
    }

    #[test]
    fn a_cache_round_trips_and_a_mismatched_one_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.bin");
        let prototypes = Prototypes {
            intents: vec![0, 1],
            vectors: vec![1.0, 0.0, 0.0, 1.0],
            dimension: 2,
            calibration: Calibration { temperature: 0.02, keyword_weight: 0.5, damage_precedence: 0.0 },
        };
        write_cache(&path, "k", &prototypes).unwrap();
        let back = read_cache(&path, "k", &[0, 1]).unwrap();
        assert_eq!((back.vectors, back.calibration), (prototypes.vectors.clone(), prototypes.calibration));
        assert!(read_cache(&path, "other", &[0, 1]).is_none());
        assert!(read_cache(&path, "k", &[0, 1, 2]).is_none());
        std::fs::write(&path, b"garbage").unwrap();
        assert!(read_cache(&path, "k", &[0, 1]).is_none());
    }

    #[test]
    fn only_the_newest_caches_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..5 {
            std::fs::write(dir.path().join(format!("intent-prototypes-{i}.bin")), b"x").unwrap();
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        std::fs::write(dir.path().join("unrelated.txt"), b"x").unwrap();
        prune(dir.path(), 3);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            ["intent-prototypes-2.bin", "intent-prototypes-3.bin", "intent-prototypes-4.bin", "unrelated.txt"]
        );
    }

    #[test]
    fn nearest_examples_are_averaged_per_intent_leaving_one_out() {
        let prototypes = Prototypes {
            intents: vec![0, 0, 1],
            vectors: vec![1.0, 0.0, 0.8, 0.6, 0.0, 1.0],
            dimension: 2,
            calibration: Calibration { temperature: 0.02, keyword_weight: 0.0, damage_precedence: 0.0 },
        };
        let s = prototypes.similarities(&[1.0, 0.0], None, None);
        assert!((s[0] - 0.9).abs() < 1e-6 && s[1].abs() < 1e-6, "{s:?}");
        let s = prototypes.similarities(&[1.0, 0.0], Some(0), None);
        assert!((s[0] - 0.8).abs() < 1e-6, "without itself: {s:?}");
    }
}
