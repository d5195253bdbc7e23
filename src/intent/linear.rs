//! The intent classifier: a softmax over intents on one hidden layer (`mlp`; or, fitted with
//! `--hidden 0`, multinomial logistic regression) over a message's embedding (the shared
//! multilingual model) and its keyword hits (`keywords`), with `other` — out of scope — a class
//! of its own, trained on examples nobody on the team wrote as well as on the team's.
//!
//! Training data: the team's examples in a dozen languages (`knowledge/intents/examples`) and
//! third-party help-desk data mapped onto kefu's taxonomy (`knowledge/intents/third_party`:
//! Bitext, CLINC150 with its out-of-scope examples, NLU++, Banking77 as near-domain negatives,
//! chatterbot's small talk in a dozen languages, real buyers' product questions from hetPQA),
//! all compiled in. `kefu intents fit` embeds them, fits the weights, and calibrates a
//! temperature on held-out folds split by source (a whole dataset, or a group of the team's
//! languages, held out at a time, so near-duplicates never grade each other), then writes
//! `knowledge/intents/model.json`, which is compiled in: a start reads weights, it embeds nothing.
//! When the examples change and the file was not fitted again, kefu fits at start instead (a
//! few minutes), caches the result in `intents.cache_dir`, and says so.
//!
//! A shop's own phrasings (`[intents.examples]` in shop.toml) are embedded at first use; a
//! message close to one of them leans to its intent.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

mod mlp;

use super::{entities, keywords};
use crate::domain::{Intent, Language, ShopId};
use crate::lexicon::Countries;
use crate::pipeline::{Classification, IntentClassifier, StageError};
use crate::retrieval::{EmbedError, Embedder, TextKind, dot, embed_question, masked};
use crate::shop::Shop;

const TEAM: &[(&str, &str)] = &[
    ("en", include_str!("../../knowledge/intents/examples/en.jsonl")),
    ("zh", include_str!("../../knowledge/intents/examples/zh.jsonl")),
    ("es", include_str!("../../knowledge/intents/examples/es.jsonl")),
    ("pt", include_str!("../../knowledge/intents/examples/pt.jsonl")),
    ("fr", include_str!("../../knowledge/intents/examples/fr.jsonl")),
    ("de", include_str!("../../knowledge/intents/examples/de.jsonl")),
    ("ru", include_str!("../../knowledge/intents/examples/ru.jsonl")),
    ("ar", include_str!("../../knowledge/intents/examples/ar.jsonl")),
    ("ja", include_str!("../../knowledge/intents/examples/ja.jsonl")),
    ("ko", include_str!("../../knowledge/intents/examples/ko.jsonl")),
    ("tr", include_str!("../../knowledge/intents/examples/tr.jsonl")),
    ("it", include_str!("../../knowledge/intents/examples/it.jsonl")),
    ("service", include_str!("../../knowledge/intents/examples/service.jsonl")),
];
const THIRD_PARTY: &[&str] = &[
    include_str!("../../knowledge/intents/third_party/train.jsonl"),
    include_str!("../../knowledge/intents/third_party/train-multilingual.jsonl"),
    include_str!("../../knowledge/intents/third_party/chatterbot.jsonl"),
    include_str!("../../knowledge/intents/third_party/hetpqa.jsonl"),
];
/// The fitted model, written by `kefu intents fit`.
const FITTED: &str = include_str!("../../knowledge/intents/model.json");

/// Changes when the features or the fit do, so older models are not used.
const FIT_VERSION: u32 = 4;
const INTENTS: usize = Intent::ALL.len();
/// Keyword hits above this count no more.
const KEYWORD_CAP: f32 = 3.0;
/// Training: mini-batch Adam, a fixed shuffle, L2 on the weights.
const BATCH: usize = 128;

/// How a fit runs (`kefu intents fit` flags; the defaults are what model.json was fitted with).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitOptions {
    pub epochs: usize,
    pub learning_rate: f32,
    pub l2: f32,
    /// Weigh classes by their inverse frequency. Off by default: `other` is the largest class
    /// because off-topic messages are common, and balancing it away cost out-of-scope recall
    /// (held-out third-party English accuracy 0.846 balanced, 0.902 unweighted, linear model).
    pub balanced: bool,
    /// Units in the hidden layer (`mlp`); 0 fits a linear model.
    pub hidden: usize,
}

impl Default for FitOptions {
    fn default() -> FitOptions {
        FitOptions { epochs: 100, learning_rate: 1e-3, l2: 5e-3, balanced: false, hidden: 256 }
    }
}
/// A message this close to one of a shop's own examples leans to its intent, by up to
/// `SHOP_LEAN` in the logits.
const SHOP_CLOSE: f32 = 0.88;
const SHOP_LEAN: f32 = 8.0;
/// Asking for a person outright ("quiero hablar con una persona, mi pedido no ha llegado")
/// leans to `human_request` by this much in the logits: a buyer who asked for a person and got
/// the bot is the costliest misreading.
const ASKED_FOR_A_PERSON: f32 = 1.5;

/// One labelled message.
#[derive(Debug, Clone, Deserialize)]
pub struct Example {
    pub intent: Intent,
    pub language: String,
    pub text: String,
    /// Where it comes from (`bitext/track_order#row3678`); the team's have none.
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub translated: bool,
}

impl Example {
    /// The held-out fold the example belongs to: a third-party dataset, or a group of the
    /// team's languages (their examples are often translations of one another).
    fn fold(&self, file: &str) -> &'static str {
        match self.source.as_deref().and_then(|s| s.split('/').next()) {
            Some("bitext") => "bitext",
            Some("clinc150") => "clinc",
            Some("nlupp") => "nlupp",
            Some("banking77") => "banking77",
            Some("chatterbot") => "chatterbot",
            Some("hetpqa") => "hetpqa",
            Some(_) => "third-party",
            None => match file {
                "en" | "zh" | "es" => "team-1",
                "pt" | "fr" | "de" => "team-2",
                "ru" | "ar" | "ja" => "team-3",
                _ => "team-4",
            },
        }
    }
}

/// Every training example, with its fold.
pub fn examples() -> Vec<(Example, &'static str)> {
    let parse = |line: &str| -> Example { serde_json::from_str(line).expect("the built-in intent examples are valid") };
    let mut out = Vec::new();
    for (file, text) in TEAM {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let example = parse(line);
            let fold = example.fold(file);
            out.push((example, fold));
        }
    }
    for text in THIRD_PARTY {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let example = parse(line);
            let fold = example.fold("");
            out.push((example, fold));
        }
    }
    out
}

/// What identifies a fit: the fit's version and every example.
pub fn examples_hash(examples: &[(Example, &str)]) -> String {
    let mut hash = Sha256::new();
    hash.update(format!("fit {FIT_VERSION}\n").as_bytes());
    for (e, _) in examples {
        hash.update(format!("\n{}\t{}\t{}", e.intent.as_str(), e.language, e.text).as_bytes());
    }
    hash.finalize().iter().take(12).map(|b| format!("{b:02x}")).collect()
}

fn index(intent: Intent) -> usize {
    Intent::ALL.iter().position(|i| *i == intent).expect("every intent is in ALL")
}

/// A message as the model reads it: its embedding less the mean embedding of its language (what
/// makes a Spanish sentence Spanish, not what it asks: a fit mostly on English examples then
/// carries over to other languages), then its keyword hits per intent (`keywords::scores`).
pub fn features(vector: &[f32], keyword_scores: &[(Intent, f32)], language_mean: &[f32]) -> Vec<f32> {
    let mut out: Vec<f32> =
        vector.iter().zip(language_mean.iter().chain(std::iter::repeat(&0.0))).map(|(v, m)| v - m).collect();
    let mut hits = [0.0; INTENTS];
    for &(intent, score) in keyword_scores {
        hits[index(intent)] = score.min(KEYWORD_CAP) / KEYWORD_CAP;
    }
    out.extend_from_slice(&hits);
    out
}

/// The fitted model: standardised features → logits → softmax at a temperature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub format: u32,
    /// `examples_hash` of what it was fitted on.
    pub examples: String,
    /// The embedding model whose vectors it reads.
    pub embedder: String,
    /// Intent names, in the order of the rows of `weights`.
    pub intents: Vec<Intent>,
    /// Mean embedding per language of the examples (`language_key`); "" for all of them.
    pub language_means: std::collections::BTreeMap<String, Vec<f32>>,
    pub mean: Vec<f32>,
    pub scale: Vec<f32>,
    /// The hidden layer (ReLU): one row of weights per unit over the standardised features.
    /// Empty in a linear model.
    #[serde(default)]
    pub hidden: Vec<Vec<f32>>,
    #[serde(default)]
    pub hidden_bias: Vec<f32>,
    /// Per intent, over the hidden layer's activations (or the features, when linear).
    pub weights: Vec<Vec<f32>>,
    pub bias: Vec<f32>,
    pub temperature: f32,
    /// Accuracy and log-loss on the held-out folds, for the record.
    #[serde(default)]
    pub held_out: BTreeReport,
}

/// Held-out results per fold: (cases, accuracy).
pub type BTreeReport = std::collections::BTreeMap<String, (usize, f32)>;

/// The language an example or message counts as, for its mean embedding.
fn language_key(language: &str) -> &str {
    let primary = language.split(['-', '_']).next().unwrap_or(language);
    if primary == "zh" && language.to_lowercase().ends_with("tw") { "zh-tw" } else { primary }
}

/// Mean embedding per language of the team's examples, and of all of them under "". Only the
/// team's: they ask the same things in every language, so their means differ by language alone
/// (third-party data is mostly English and mostly out of scope).
fn language_means(
    examples: &[(Example, &'static str)],
    vectors: &[Vec<f32>],
) -> std::collections::BTreeMap<String, Vec<f32>> {
    let mut sums: std::collections::BTreeMap<String, (Vec<f32>, usize)> = std::collections::BTreeMap::new();
    let team = examples.iter().zip(vectors).filter(|((_, fold), _)| fold.starts_with("team"));
    for ((example, _), vector) in team {
        for key in [language_key(&example.language).to_owned(), String::new()] {
            let (sum, n) = sums.entry(key).or_insert_with(|| (vec![0.0; vector.len()], 0));
            sum.iter_mut().zip(vector).for_each(|(s, v)| *s += v);
            *n += 1;
        }
    }
    sums.into_iter()
        .filter(|(_, (_, n))| *n >= 20)
        .map(|(k, (sum, n))| (k, sum.into_iter().map(|s| s / n as f32).collect()))
        .collect()
}

impl Model {
    /// The mean embedding of `language`, else of every language.
    pub fn language_mean(&self, language: &str) -> &[f32] {
        self.language_means
            .get(language_key(language))
            .or_else(|| self.language_means.get(""))
            .map_or(&[], Vec::as_slice)
    }

    fn logits(&self, features: &[f32]) -> Vec<f32> {
        let mut x: Vec<f32> = features.iter().zip(&self.mean).zip(&self.scale).map(|((f, m), s)| (f - m) * s).collect();
        if !self.hidden.is_empty() {
            x = mlp::Layers::activations(&self.hidden, &self.hidden_bias, &x);
        }
        self.weights.iter().zip(&self.bias).map(|(w, b)| dot(w, &x) + b).collect()
    }

    /// Probabilities per intent, in `Intent::ALL` order.
    pub fn probabilities(&self, features: &[f32], lean: &[f32; INTENTS]) -> [f32; INTENTS] {
        let logits = self.logits(features);
        let mut by_intent = [0.0f32; INTENTS];
        for (intent, logit) in self.intents.iter().zip(logits) {
            by_intent[index(*intent)] = logit / self.temperature + lean[index(*intent)];
        }
        softmax(&by_intent)
    }
}

fn softmax(logits: &[f32; INTENTS]) -> [f32; INTENTS] {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exp: Vec<f32> = logits.iter().map(|l| (l - max).exp()).collect();
    let total: f32 = exp.iter().sum();
    let mut out = [0.0; INTENTS];
    for (o, e) in out.iter_mut().zip(exp) {
        *o = e / total;
    }
    out
}

/// Rows to fit on: the class (index in `Intent::ALL`) and the features.
pub struct Rows {
    pub classes: Vec<usize>,
    pub features: Vec<Vec<f32>>,
}

/// Fits weights and biases (temperature 1) on `rows`: standardised features, classes weighted
/// by their inverse frequency when `options.balanced`.
pub fn fit(rows: &Rows, embedder: &str, examples: &str, options: FitOptions) -> Model {
    let n = rows.features.len();
    let width = rows.features.first().map_or(0, Vec::len);
    let mut mean = vec![0.0f32; width];
    for f in &rows.features {
        mean.iter_mut().zip(f).for_each(|(m, x)| *m += x / n as f32);
    }
    let mut scale = vec![0.0f32; width];
    for f in &rows.features {
        scale.iter_mut().zip(f).zip(&mean).for_each(|((s, x), m)| *s += (x - m) * (x - m) / n as f32);
    }
    scale.iter_mut().for_each(|s| *s = 1.0 / s.sqrt().max(1e-4));
    let x: Vec<Vec<f32>> = rows
        .features
        .iter()
        .map(|f| f.iter().zip(&mean).zip(&scale).map(|((v, m), s)| (v - m) * s).collect())
        .collect();
    let mut counts = [0usize; INTENTS];
    rows.classes.iter().for_each(|c| counts[*c] += 1);
    let present = counts.iter().filter(|c| **c > 0).count().max(1);
    let class_weight: Vec<f32> = counts
        .iter()
        .map(|c| match *c {
            0 => 0.0,
            _ if !options.balanced => 1.0,
            c => (n as f32 / (present as f32 * c as f32)).clamp(0.2, 5.0),
        })
        .collect();

    let model = |hidden, hidden_bias, weights, bias| Model {
        format: FIT_VERSION,
        examples: examples.to_owned(),
        embedder: embedder.to_owned(),
        intents: Intent::ALL.to_vec(),
        language_means: std::collections::BTreeMap::new(),
        mean: mean.clone(),
        scale: scale.clone(),
        hidden,
        hidden_bias,
        weights,
        bias,
        temperature: 1.0,
        held_out: BTreeReport::new(),
    };
    if options.hidden > 0 {
        let layers = mlp::fit(&x, &rows.classes, &class_weight, options);
        return model(layers.hidden, layers.hidden_bias, layers.output, layers.output_bias);
    }
    let mut w = vec![vec![0.0f32; width]; INTENTS];
    let mut b = vec![0.0f32; INTENTS];
    let mut adam = Adam::new(INTENTS * (width + 1), options.learning_rate);
    let mut order: Vec<usize> = (0..n).collect();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..options.epochs {
        shuffle(&mut order, &mut seed);
        for batch in order.chunks(BATCH) {
            let mut gw = vec![vec![0.0f32; width]; INTENTS];
            let mut gb = [0.0f32; INTENTS];
            for &i in batch {
                let logits: [f32; INTENTS] =
                    std::array::from_fn(|c| if counts[c] == 0 { -1e9 } else { dot(&w[c], &x[i]) + b[c] });
                let p = softmax(&logits);
                let weight = class_weight[rows.classes[i]];
                for c in 0..INTENTS {
                    let error = weight * (p[c] - if c == rows.classes[i] { 1.0 } else { 0.0 });
                    if error.abs() < 1e-7 {
                        continue;
                    }
                    gb[c] += error;
                    gw[c].iter_mut().zip(&x[i]).for_each(|(g, v)| *g += error * v);
                }
            }
            let size = batch.len() as f32;
            let mut grads = Vec::with_capacity(INTENTS * (width + 1));
            for c in 0..INTENTS {
                grads.extend(gw[c].iter().zip(&w[c]).map(|(g, wv)| g / size + options.l2 * wv));
                grads.push(gb[c] / size);
            }
            let steps = adam.step(&grads);
            for c in 0..INTENTS {
                let row = &steps[c * (width + 1)..(c + 1) * (width + 1)];
                w[c].iter_mut().zip(row).for_each(|(wv, s)| *wv -= s);
                b[c] -= row[width];
            }
        }
    }
    model(Vec::new(), Vec::new(), w, b)
}

struct Adam {
    m: Vec<f32>,
    v: Vec<f32>,
    t: i32,
    rate: f32,
}

impl Adam {
    fn new(size: usize, rate: f32) -> Adam {
        Adam { m: vec![0.0; size], v: vec![0.0; size], t: 0, rate }
    }

    fn step(&mut self, grads: &[f32]) -> Vec<f32> {
        const B1: f32 = 0.9;
        const B2: f32 = 0.999;
        self.t += 1;
        let (c1, c2) = (1.0 - B1.powi(self.t), 1.0 - B2.powi(self.t));
        grads
            .iter()
            .zip(self.m.iter_mut().zip(self.v.iter_mut()))
            .map(|(g, (m, v))| {
                *m = B1 * *m + (1.0 - B1) * g;
                *v = B2 * *v + (1.0 - B2) * g * g;
                self.rate * (*m / c1) / ((*v / c2).sqrt() + 1e-8)
            })
            .collect()
    }
}

/// Fisher–Yates with a small deterministic generator: the same data fits the same weights.
fn shuffle(order: &mut [usize], seed: &mut u64) {
    for i in (1..order.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        order.swap(i, (*seed % (i as u64 + 1)) as usize);
    }
}

/// Fits on everything, after fitting once per held-out fold to calibrate the temperature on
/// predictions for data the fold's model never saw. Blocking; `progress` hears each step.
pub fn train(
    examples: &[(Example, &'static str)],
    vectors: &[Vec<f32>],
    embedder: &str,
    options: FitOptions,
    progress: &dyn Fn(&str),
) -> Model {
    let hash = examples_hash(examples);
    let means = language_means(examples, vectors);
    let mean_of = |language: &str| -> &[f32] {
        means.get(language_key(language)).or_else(|| means.get("")).map_or(&[], Vec::as_slice)
    };
    let rows = |keep: &dyn Fn(&str) -> bool| -> Rows {
        let mut out = Rows { classes: Vec::new(), features: Vec::new() };
        for ((example, fold), vector) in examples.iter().zip(vectors) {
            if keep(fold) {
                out.classes.push(index(example.intent));
                out.features.push(features(vector, &keywords::scores(&example.text), mean_of(&example.language)));
            }
        }
        out
    };
    let mut folds: Vec<&str> = examples.iter().map(|(_, f)| *f).collect();
    folds.sort_unstable();
    folds.dedup();
    let mut held_out: Vec<(usize, Vec<f32>)> = Vec::new();
    let mut report = BTreeReport::new();
    // A model per held-out fold, two at a time (the fits are independent; a hidden layer makes
    // each take tens of seconds).
    let fit_without = |fold: &str| (fit(&rows(&|f| f != fold), embedder, &hash, options), rows(&|f| f == fold));
    let fitted: Vec<(Model, Rows)> = std::thread::scope(|scope| {
        let second = scope.spawn(|| folds.iter().skip(1).step_by(2).map(|f| fit_without(f)).collect::<Vec<_>>());
        let first: Vec<(Model, Rows)> = folds.iter().step_by(2).map(|f| fit_without(f)).collect();
        let second = second.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let mut second = second.into_iter();
        first.into_iter().flat_map(|a| std::iter::once(a).chain(second.next())).collect()
    });
    for (fold, (model, test)) in folds.iter().zip(fitted) {
        let mut right = 0;
        for (class, features) in test.classes.iter().zip(&test.features) {
            let logits = model.logits(features);
            let best = logits.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map_or(0, |(i, _)| i);
            right += usize::from(best == *class);
            held_out.push((*class, logits));
        }
        let accuracy = right as f32 / test.classes.len().max(1) as f32;
        progress(&format!("held out {fold}: {} cases, accuracy {accuracy:.3}", test.classes.len()));
        report.insert((*fold).to_owned(), (test.classes.len(), accuracy));
    }
    let temperature = calibrate(&held_out);
    progress(&format!("temperature {temperature}"));
    let mut model = fit(&rows(&|_| true), embedder, &hash, options);
    model.temperature = temperature;
    model.language_means = means;
    model.held_out = report;
    model
}

/// The temperature that minimises the log-loss of held-out predictions.
fn calibrate(held_out: &[(usize, Vec<f32>)]) -> f32 {
    let loss = |t: f32| -> f32 {
        held_out
            .iter()
            .map(|(class, logits)| {
                let scaled: [f32; INTENTS] = std::array::from_fn(|c| logits.get(c).copied().unwrap_or(-1e9) / t);
                -softmax(&scaled)[*class].max(1e-9).ln()
            })
            .sum()
    };
    let candidates = (2..=80).map(|i| i as f32 * 0.1);
    candidates.min_by(|a, b| loss(*a).total_cmp(&loss(*b))).unwrap_or(1.0)
}

/// The compiled-in model when it was fitted on the compiled-in examples with this embedding
/// model; else the one cached in `cache_dir`; else a fit now (embedding every example, about a
/// minute), cached. Blocking.
pub fn load(embedder: &dyn Embedder, cache_dir: &Path) -> Result<Arc<Model>, EmbedError> {
    static LOADED: Mutex<Option<Arc<Model>>> = Mutex::new(None);
    let examples = examples();
    let hash = examples_hash(&examples);
    let mut loaded = LOADED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(model) = loaded.as_ref().filter(|m| m.examples == hash && m.embedder == embedder.model()) {
        return Ok(model.clone());
    }
    let fits = |m: &Model| m.format == FIT_VERSION && m.examples == hash && m.embedder == embedder.model();
    let cached = cache_dir.join(format!("intent-model-{hash}.json"));
    let model = match serde_json::from_str::<Model>(FITTED).ok().filter(fits) {
        Some(model) => model,
        None => match std::fs::read(&cached).ok().and_then(|b| serde_json::from_slice::<Model>(&b).ok()).filter(fits) {
            Some(model) => model,
            None => {
                tracing::warn!(
                    "knowledge/intents/model.json was not fitted on these examples: fitting now (a few minutes); run `kefu intents fit` and commit the file"
                );
                let started = std::time::Instant::now();
                let model = embed_and_train(embedder, &examples, cache_dir, FitOptions::default(), &|step| {
                    tracing::info!(step, "intent fit")
                })?;
                tracing::info!(seconds = started.elapsed().as_secs_f32(), "intent model fitted");
                if let Err(err) = write_atomically(&cached, &serde_json::to_vec(&model).unwrap_or_default()) {
                    tracing::warn!(path = %cached.display(), error.message = %err, "could not cache the intent model");
                }
                model
            }
        },
    };
    let model = Arc::new(model);
    *loaded = Some(model.clone());
    Ok(model)
}

/// Embeds every example (or reads their vectors from `cache_dir`, where they are kept for the
/// next fit) and trains.
pub fn embed_and_train(
    embedder: &dyn Embedder,
    examples: &[(Example, &'static str)],
    cache_dir: &Path,
    options: FitOptions,
    progress: &dyn Fn(&str),
) -> Result<Model, EmbedError> {
    // Vectors depend on the texts and the embedding model only, not on how the fit runs.
    let mut texts_hash = Sha256::new();
    examples.iter().for_each(|(e, _)| texts_hash.update(format!("{}\n", masked(&e.text)).as_bytes()));
    let hash: String = texts_hash.finalize().iter().take(12).map(|b| format!("{b:02x}")).collect();
    let path = cache_dir.join(format!("intent-vectors-{}-{hash}.bin", embedder.model().replace(['/', '\\'], "_")));
    let vectors = match read_vectors(&path, examples.len(), embedder.dimension()) {
        Some(vectors) => vectors,
        None => {
            let masked: Vec<std::borrow::Cow<'_, str>> = examples.iter().map(|(e, _)| masked(&e.text)).collect();
            let texts: Vec<&str> = masked.iter().map(|t| t.as_ref()).collect();
            progress(&format!("embedding {} examples", texts.len()));
            let vectors = embedder.embed(TextKind::Query, &texts)?;
            let bytes: Vec<u8> = vectors.iter().flatten().flat_map(|v| v.to_le_bytes()).collect();
            if let Err(err) = write_atomically(&path, &bytes) {
                tracing::warn!(path = %path.display(), error.message = %err, "could not keep the example vectors");
            }
            vectors
        }
    };
    Ok(train(examples, &vectors, embedder.model(), options, progress))
}

/// Vectors kept by an earlier fit of the same examples, when the file is whole.
fn read_vectors(path: &Path, count: usize, dimension: usize) -> Option<Vec<Vec<f32>>> {
    let bytes = std::fs::read(path).ok()?;
    if bytes.len() != count * dimension * 4 {
        return None;
    }
    let values: Vec<f32> = bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
    Some(values.chunks_exact(dimension).map(<[f32]>::to_vec).collect())
}

/// Writes to a temporary file and renames it, so a reader never sees half a file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let temporary = tempfile::NamedTempFile::new_in(dir)?;
    std::fs::write(temporary.path(), bytes)?;
    temporary.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The model as `knowledge/intents/model.json` keeps it: weights rounded to five digits.
pub fn to_file(model: &Model) -> String {
    let round = |v: &[f32]| -> Vec<f32> { v.iter().map(|x| (x * 1e5).round() / 1e5).collect() };
    let rounded = Model {
        language_means: model.language_means.iter().map(|(k, v)| (k.clone(), round(v))).collect(),
        mean: round(&model.mean),
        scale: round(&model.scale),
        weights: model.weights.iter().map(|w| round(w)).collect(),
        bias: round(&model.bias),
        ..model.clone()
    };
    serde_json::to_string(&rounded).unwrap_or_default() + "\n"
}

/// One shop's own examples (`[intents.examples]` in its shop.toml), embedded.
pub struct ShopExamples {
    /// What they were embedded from, so a changed shop.toml is embedded again.
    source: Vec<(Intent, String)>,
    intents: Vec<usize>,
    vectors: Vec<Vec<f32>>,
}

impl ShopExamples {
    /// How far a message leans to each intent for being close to the shop's examples of it.
    fn lean(&self, vector: &[f32]) -> [f32; INTENTS] {
        let mut out = [0.0f32; INTENTS];
        for (intent, example) in self.intents.iter().zip(&self.vectors) {
            let similarity = dot(example, vector);
            if similarity >= SHOP_CLOSE {
                let lean = SHOP_LEAN * (similarity - SHOP_CLOSE) / (1.0 - SHOP_CLOSE);
                out[*intent] = out[*intent].max(lean);
            }
        }
        out
    }
}

pub struct LinearClassifier {
    embedder: Arc<dyn Embedder>,
    model: Arc<Model>,
    countries: Arc<Countries>,
    shops: Mutex<HashMap<ShopId, Arc<ShopExamples>>>,
}

impl LinearClassifier {
    pub fn new(embedder: Arc<dyn Embedder>, model: Arc<Model>, countries: Arc<Countries>) -> Self {
        LinearClassifier { embedder, model, countries, shops: Mutex::default() }
    }

    /// Classifies with an already computed query vector (blocking, microseconds).
    pub fn classify_vector(
        &self,
        text: &str,
        language: &Language,
        vector: &[f32],
        shop: Option<&ShopExamples>,
    ) -> Classification {
        let mut lean = shop.map_or([0.0; INTENTS], |s| s.lean(vector));
        let keyword_scores = keywords::scores(text);
        if keyword_scores.iter().any(|(intent, _)| *intent == Intent::HumanRequest) {
            lean[index(Intent::HumanRequest)] += ASKED_FOR_A_PERSON;
        }
        let features = features(vector, &keyword_scores, self.model.language_mean(language.as_str()));
        let probabilities = self.model.probabilities(&features, &lean);
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
            vectors,
            source,
        });
        tracing::info!(shop = %shop.id, examples = examples.intents.len(), "shop intent examples embedded");
        self.shops.lock().expect("shop examples").insert(shop.id.clone(), examples.clone());
        Ok(Some(examples))
    }
}

#[async_trait::async_trait]
impl IntentClassifier for LinearClassifier {
    async fn classify(&self, text: &str, language: &Language, shop: &Shop) -> Result<Classification, StageError> {
        let failed = |e: EmbedError| StageError::failed("classify", e);
        let examples = self.shop_examples(shop).await.map_err(failed)?;
        let vector = embed_question(&self.embedder, text).await.map_err(failed)?;
        Ok(self.classify_vector(text, language, &vector, examples.as_deref()))
    }
}

#[cfg(test)]
mod tests;
