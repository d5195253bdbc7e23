//! The turn pipeline: detect language → classify intent → retrieve → generate → decide.
//!
//! Each stage is a port (a trait defined here, beside its only consumer) so adapters can be
//! swapped in `app.rs` without touching this file. `decide` is a pure function. The pipeline
//! neither stores nor sends anything: `conversation` persists the outcome and delivers it.

mod decide;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use tracing::Instrument;

use crate::conversation::log::{Entry, HandoffReason, Owner};
use crate::domain::{Intent, Language, ShopId, Source};
use crate::shop::Shop;
use crate::telemetry::events;

pub use decide::{Decision, decide, threshold_for};

/// What one buyer turn gives the pipeline.
pub struct TurnInput<'a> {
    pub shop: &'a Shop,
    pub text: &'a str,
    /// The widget's locale, a prior for language detection.
    pub locale: Option<&'a Language>,
    /// Earlier entries of the conversation, oldest first (conversation memory).
    pub history: &'a [Entry],
    pub owner: Owner,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    pub language: Language,
    pub confidence: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    pub intent: Intent,
    /// Probability that `intent` is right.
    pub probability: f32,
    /// The next most likely intents, most likely first.
    pub alternatives: Vec<(Intent, f32)>,
    /// What the message names that a reply may need.
    pub entities: Entities,
}

/// Order id, tracking number, country (ISO alpha-2), SKU and amount a message names, as written
/// (a tracking number upper-cased).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entities {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
}

/// A piece of one shop's knowledge, as retrieval returns it.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    pub source: Source,
    pub text: String,
}

/// What the generator is asked to answer.
pub struct GenerationRequest<'a> {
    pub shop: &'a Shop,
    pub text: &'a str,
    pub language: &'a Language,
    pub classification: &'a Classification,
    pub passages: &'a [Passage],
    pub history: &'a [Entry],
}

/// A generated reply and how sure the generator is that it is grounded in the passages.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    pub text: String,
    pub confidence: f32,
    /// Indexes into the request's passages that the reply relies on.
    pub used: Vec<usize>,
}

/// Receives reply text as it is produced, for streaming to the buyer.
pub type DeltaSink<'a> = &'a (dyn Fn(&str) + Send + Sync);

#[derive(Debug, thiserror::Error)]
#[error("{stage} failed: {message}")]
pub struct StageError {
    pub stage: &'static str,
    pub message: String,
}

/// Guesses the language a buyer wrote in.
pub trait LanguageDetector: Send + Sync {
    fn detect(&self, text: &str, prior: Option<&Language>, shop: &Shop, history: &[Entry]) -> Detection;
}

/// Says what a buyer wants.
#[async_trait::async_trait]
pub trait IntentClassifier: Send + Sync {
    /// `shop` may extend the built-in examples with its own (`Shop::intent_examples`).
    async fn classify(&self, text: &str, language: &Language, shop: &Shop) -> Result<Classification, StageError>;
}

/// Finds the passages of one shop's knowledge that bear on a question. Never another shop's.
#[async_trait::async_trait]
pub trait Retriever: Send + Sync {
    async fn retrieve(&self, shop: &ShopId, text: &str, limit: usize) -> Result<Vec<Passage>, StageError>;
}

/// Writes the reply, streaming it through `deltas`.
#[async_trait::async_trait]
pub trait Generator: Send + Sync {
    async fn generate(&self, request: &GenerationRequest<'_>, deltas: DeltaSink<'_>) -> Result<Generated, StageError>;
}

/// Deployment-wide hand-off thresholds; a shop's own (shop.toml) take precedence.
#[derive(Debug, Clone)]
pub struct Thresholds {
    pub default: f32,
    pub per_intent: BTreeMap<Intent, f32>,
}

/// The outcome of one turn, before it is stored or sent.
#[derive(Debug, Clone)]
pub struct TurnOutcome {
    pub language: Language,
    pub classification: Classification,
    /// The reply's text (empty when the decision is `Silent` or a hand-off).
    pub text: String,
    pub confidence: f32,
    pub sources: Vec<Source>,
    pub decision: Decision,
}

pub struct Pipeline {
    pub detector: Arc<dyn LanguageDetector>,
    pub classifier: Arc<dyn IntentClassifier>,
    pub retriever: Arc<dyn Retriever>,
    pub generator: Arc<dyn Generator>,
    pub thresholds: Thresholds,
}

/// How many passages retrieval hands to generation.
const PASSAGES: usize = 5;

impl Pipeline {
    /// Runs one turn through every stage. Stages that cannot change the decision are skipped:
    /// a conversation a person owns, or a request for a person, is not sent to retrieval.
    pub async fn run(&self, turn: TurnInput<'_>, deltas: DeltaSink<'_>) -> Result<TurnOutcome, StageError> {
        let detection =
            timed("detect", async { self.detector.detect(turn.text, turn.locale, turn.shop, turn.history) }).await;
        let language = detection.language;
        let classification = timed("classify", self.classifier.classify(turn.text, &language, turn.shop)).await?;

        let early = decide::before_generation(turn.owner, classification.intent);
        if let Some(decision) = early {
            return Ok(TurnOutcome {
                language,
                confidence: classification.probability,
                classification,
                text: String::new(),
                sources: Vec::new(),
                decision,
            });
        }

        let passages = timed("retrieve", self.retriever.retrieve(&turn.shop.id, turn.text, PASSAGES)).await?;
        let request = GenerationRequest {
            shop: turn.shop,
            text: turn.text,
            language: &language,
            classification: &classification,
            passages: &passages,
            history: turn.history,
        };
        let generated = timed("generate", self.generator.generate(&request, deltas)).await?;

        let confidence = classification.probability.min(generated.confidence);
        let threshold = threshold_for(turn.shop, &self.thresholds, classification.intent);
        let decision = timed("decide", async { decide(confidence, threshold) }).await;
        let sources = generated.used.iter().filter_map(|&i| passages.get(i)).map(|p| p.source.clone()).collect();
        Ok(TurnOutcome { language, classification, text: generated.text, confidence, sources, decision })
    }
}

/// Runs a stage inside its own span and records its latency.
async fn timed<T>(stage: &'static str, fut: impl Future<Output = T>) -> T {
    let started = Instant::now();
    let out = fut.instrument(tracing::info_span!("stage", stage)).await;
    events::stage_finished(stage, started.elapsed());
    out
}

impl From<HandoffReason> for Decision {
    fn from(reason: HandoffReason) -> Decision {
        Decision::Handoff(reason)
    }
}
