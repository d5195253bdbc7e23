//! The turn pipeline: detect language → classify intent → recall the conversation → answer
//! from data (orders, shipping, returns) or retrieve → write (language model, checked, or
//! extractive) → decide.
//!
//! Each stage is a port (a trait defined here, beside its only consumer) so adapters can be
//! swapped in `app.rs` without touching this file. `decide`, `memory` and `grounding` are pure.
//! The pipeline neither stores nor sends anything: `conversation` persists the outcome and
//! delivers it.

pub mod actions;
mod decide;
pub mod grounding;
mod injection;
pub mod memory;
pub mod product;
pub mod structured;
mod turn;
mod verify;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use tracing::Instrument;

use crate::domain::{
    Attachment, Entities, Entry, HandoffReason, Intent, Language, Owner, PageContext, ShopId, Source, TurnNotes,
};
use crate::knowledge::catalogue::Catalogue;
use crate::knowledge::{Order, Product, ShippingOption};
use crate::lexicon::Countries;
use crate::lexicon::glossary::Glossary;
use crate::shop::Shop;
use crate::telemetry::events;
use crate::wording::Templates;

use self::memory::Memory;

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
    /// Files sent with the message.
    pub attachments: &'a [Attachment],
    /// The time of the turn (dates in replies, the return window, business hours).
    pub now: jiff::Timestamp,
    /// The page the buyer writes from: this message's, else the latest an earlier one gave.
    pub context: Option<&'a PageContext>,
    /// A phone number the platform vouches is the buyer's (a WhatsApp conversation): it shows
    /// an order placed with it is theirs.
    pub buyer_phone: Option<&'a str>,
    /// The marketplace's id of the buyer, as its signed delivery of this message says: it shows
    /// an order that buyer placed (`Order::buyer_id`) is theirs.
    pub buyer_id: Option<&'a str>,
    /// The conversation: a confirmed action names it.
    pub conversation: &'a crate::domain::ConversationId,
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

/// A piece of one shop's knowledge, as retrieval returns it.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    pub source: Source,
    pub text: String,
    /// The language the passage is written in.
    pub language: Language,
    /// How close the passage is to the question on its own terms (the embedding's cosine
    /// similarity; 1 for what the question names outright, such as its order or a SKU), unlike
    /// `source.score`, which ranks passages against each other.
    pub relevance: f32,
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

/// Why a stage (or a port it calls) gave no result; the pipeline answers without it — from
/// data, or by handing the conversation to a person — and says which in its logs and metrics.
#[derive(Debug, thiserror::Error)]
pub enum StageError {
    /// Not attempted: the work in flight is at its bound (`capacity`). Not a fault.
    #[error("{stage} is busy: {reason}")]
    Busy { stage: &'static str, reason: String },
    /// The system behind the stage failed or could not be reached; a later try may work.
    #[error("{stage} failed: {cause}")]
    Failed {
        stage: &'static str,
        #[source]
        cause: Box<dyn std::error::Error + Send + Sync>,
    },
    /// It answered, but nothing usable: a reply cut short, malformed JSON, an unknown choice.
    #[error("{stage} answered unusably: {reason}")]
    Unusable { stage: &'static str, reason: String },
}

impl StageError {
    pub fn failed(stage: &'static str, cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> StageError {
        StageError::Failed { stage, cause: cause.into() }
    }

    pub fn unusable(stage: &'static str, reason: impl Into<String>) -> StageError {
        StageError::Unusable { stage, reason: reason.into() }
    }

    pub fn busy(stage: &'static str, reason: impl ToString) -> StageError {
        StageError::Busy { stage, reason: reason.to_string() }
    }
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

/// How close in meaning a question in `language` is to each of a product's attributes, given
/// by name and value in the same order ("how high does it fly?" to "maximum height: 50 m", in
/// any language): what answers a question the glossary has no word for. One score per
/// attribute, comparable across calls (`product`'s thresholds read them: 0 is unrelated).
#[async_trait::async_trait]
pub trait AttributeRanker: Send + Sync {
    async fn relevance(
        &self,
        question: &str,
        language: &Language,
        names: &[&str],
        values: &[&str],
    ) -> Result<Vec<f32>, StageError>;
}

/// Writes the reply, streaming it through `deltas`.
#[async_trait::async_trait]
pub trait Generator: Send + Sync {
    async fn generate(&self, request: &GenerationRequest<'_>, deltas: DeltaSink<'_>) -> Result<Generated, StageError>;
}

/// A second opinion on what a buyer wants, asked only when the classifier is torn between
/// intents and a language model is configured.
#[async_trait::async_trait]
pub trait IntentJudge: Send + Sync {
    /// Which of `candidates` (most likely first) the message is about.
    async fn judge(&self, shop: &ShopId, text: &str, candidates: &[Intent]) -> Result<Intent, StageError>;
}

/// The shop's structured data that answers are built from.
#[async_trait::async_trait]
pub trait ShopFacts: Send + Sync {
    /// The order with this id or tracking number, from the shop's order source.
    async fn order(&self, shop: &Shop, key: &str) -> Result<Option<Order>, StageError>;
    /// The shop's shipping rows to `country` (ISO alpha-2), or else its rows for everywhere else
    /// (`*`) with `true`; empty when it ships to neither.
    fn shipping(&self, shop: &ShopId, country: &str) -> (Vec<ShippingOption>, bool);
    /// Where a parcel of `carrier` is tracked, from the shop's shipping rows.
    fn tracking_url(&self, shop: &ShopId, carrier: &str, tracking_number: &str) -> Option<String>;
    /// The shop's products, for answers about variants, attributes and prices.
    fn catalogue(&self, shop: &ShopId) -> Arc<Catalogue>;
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
    /// What the next turns should remember of this one.
    pub notes: TurnNotes,
    /// Said before a hand-off's notice (why an action could not be finished); empty otherwise.
    pub preface: String,
}

pub struct Pipeline {
    pub detector: Arc<dyn LanguageDetector>,
    pub classifier: Arc<dyn IntentClassifier>,
    pub retriever: Arc<dyn Retriever>,
    /// Ranks a product's attributes for a question (`product::Asked::attributes`).
    pub attributes: Arc<dyn AttributeRanker>,
    /// The language model that writes free-form answers, when one is configured. Its replies
    /// are checked (`grounding`) and it is bounded by `llm_timeout`.
    pub llm: Option<Arc<dyn Generator>>,
    /// Writes without a model (extractive): the default, and the fallback whenever the model
    /// fails, is slow, or writes something the facts do not support.
    pub extractive: Arc<dyn Generator>,
    pub llm_timeout: std::time::Duration,
    /// Asked when the top two intents are close (`SECOND_OPINION_MARGIN`); bounded by
    /// `judge_timeout`, after which the classifier's choice stands.
    pub judge: Option<Arc<dyn IntentJudge>>,
    pub judge_timeout: std::time::Duration,
    pub facts: Arc<dyn ShopFacts>,
    pub templates: Arc<Templates>,
    pub countries: Arc<Countries>,
    /// Tells what a returns question asks beyond the window (`RETURN_DETAILS`), and what a
    /// model's reply speaks of (grounding).
    pub glossary: Arc<Glossary>,
    pub thresholds: Thresholds,
    /// Carries out the actions on orders buyers confirm; `None`: every action goes to a person.
    pub actions: Option<Arc<dyn actions::OrderActions>>,
    /// The words of action requests and of a yes or a no.
    pub cues: Arc<actions::cues::Cues>,
}

/// How many passages retrieval hands to generation. The extractive generator looks through all
/// of them for one that answers; a language model reads the best `MODEL_PASSAGES` (reading is
/// most of its time to first token on a CPU), and its reply is checked against those alone.
const PASSAGES: usize = 8;
const MODEL_PASSAGES: usize = 3;
/// Intents under which a question the glossary finds nothing in may still ask an attribute in
/// other words ("how high does it fly?"); thanks, customs or returns questions do not.
const ASKS_OF_ATTRIBUTES: &[Intent] = &[Intent::ProductQuestion, Intent::StockAvailability, Intent::Other];
/// A question asked from a product's page is ranked against its attributes whatever the
/// intent, unless it is one of these (or names damage): the classifier takes "does it come with
/// paper?" for a payment question and "does this tricycle have brakes?" for a damaged item in
/// several languages, but a person asking for a person, or disputing a charge, is not asking
/// about the product. The product answer itself refuses shipping, customs, returns and payment
/// questions (`product::NOT_PRODUCT_TOPICS`).
const NEVER_ATTRIBUTES: &[Intent] = &[Intent::HumanRequest, Intent::ChargebackDispute, Intent::CancelOrder];
/// An answer whose confidence is within this much above the threshold is "unsure": two unsure
/// answers in a row go to a person.
const UNSURE_MARGIN: f32 = 0.1;
/// Complaint probability from which a message counts as angry.
const ANGRY: f32 = 0.5;
/// What a returns question may ask that the return window does not answer and only the shop's
/// policy can: without a quote that names it, the answer is not sure.
const RETURN_DETAILS: &[&str] = &["return shipping fee", "damaged", "defective", "wrong item", "warranty"];
/// What makes a message about a damaged or wrong item (glossary concepts).
const DAMAGE: &[&str] = &["damaged", "defective", "wrong item", "missing not received"];
/// The classifier is "torn" when its top two intents are closer than this.
const SECOND_OPINION_MARGIN: f32 = 0.2;
/// Intents below this probability are not offered to the judge.
const CANDIDATE_FLOOR: f32 = 0.05;

impl Pipeline {
    /// A pre-sale answer from the catalogue (an option's availability, an attribute, a price,
    /// "do you sell …"), when the turn asks one and the catalogue answers it; and the passages
    /// retrieved on the way, which the rest of the turn reuses.
    async fn answer_from_catalogue(
        &self,
        turn: &TurnInput<'_>,
        language: &Language,
        classification: &Classification,
        catalogue: &Catalogue,
        memory: &Memory,
    ) -> Result<(Option<product::ProductAnswer>, Option<Vec<Passage>>), StageError> {
        if !self.asks_of_a_product(classification) || catalogue.is_empty() {
            return Ok((None, None));
        }
        let passages = timed("retrieve", self.retriever.retrieve(&turn.shop.id, turn.text, PASSAGES)).await?;
        let ranked: Vec<(&str, f32)> = passages
            .iter()
            .filter(|p| p.source.kind == crate::domain::SourceKind::Product)
            .map(|p| (p.source.id.as_str(), p.relevance))
            .collect();
        let mut asked = product::Asked {
            text: turn.text,
            language,
            catalogue,
            glossary: &self.glossary,
            templates: &self.templates,
            page: turn.context.and_then(PageContext::product_ref),
            earlier: memory.notes.product.as_deref(),
            ranked: &ranked,
            attributes: None,
        };
        let mut answered = timed("answer_from_catalogue", async { product::answer(&asked) }).await;
        // What the glossary finds no attribute for may be one in meaning (ranked only then:
        // the first question about a product embeds its attributes).
        let unanswered = match &answered {
            Some(answer) => answer.handoff,
            None => {
                ASKS_OF_ATTRIBUTES.contains(&classification.intent)
                    || (asked.page.is_some() && self.asks_of_the_page(classification, turn.text))
            }
        };
        let subject = if unanswered { product::subject(&asked) } else { None };
        let relevance = match subject {
            Some(subject) => timed("rank_attributes", self.rank_attributes(subject, turn.text, language)).await,
            None => None,
        };
        if relevance.is_some() {
            asked.attributes = relevance.as_ref();
            answered = product::answer(&asked);
        }
        let accepted = answered.filter(|a| self.takes_product_answer(classification, a, turn.text));
        Ok((accepted, Some(passages)))
    }

    /// The turn's outcome for a catalogue answer: answered, or handed off when the answer is
    /// unsure or says a person should check.
    fn catalogue_reply(
        &self,
        turn: &TurnInput<'_>,
        language: Language,
        mut classification: Classification,
        answer: product::ProductAnswer,
        notes: TurnNotes,
        deltas: DeltaSink<'_>,
    ) -> TurnOutcome {
        if classification.intent != answer.intent {
            classification.alternatives.insert(0, (classification.intent, classification.probability));
            classification.intent = answer.intent;
        }
        classification.probability = answer.confidence;
        let notes = TurnNotes { product: answer.product.clone(), ..notes };
        let threshold = threshold_for(turn.shop, &self.thresholds, answer.intent);
        let decision = if answer.handoff {
            Decision::Handoff(HandoffReason::LowConfidence)
        } else {
            decide::after_answer(answer.confidence, threshold, false)
        };
        if decision == Decision::Answer {
            stream(&answer.text, deltas);
        }
        TurnOutcome {
            language,
            classification,
            text: if decision == Decision::Answer { answer.text } else { String::new() },
            confidence: answer.confidence,
            sources: answer.sources,
            decision,
            notes,
            preface: String::new(),
        }
    }

    /// Whether the catalogue may answer: product questions and stock, and the intents a product
    /// question is mistaken for — an exchange naming no order ("do you have it in M?"), a
    /// "damaged" call with no damage named ("does the basket have a lid?"), something else.
    fn asks_of_a_product(&self, classification: &Classification) -> bool {
        let about_an_order = classification.entities.order_key().is_some();
        match classification.intent {
            Intent::HumanRequest | Intent::ChargebackDispute => false,
            Intent::ProductQuestion | Intent::StockAvailability => true,
            // "Thanks! And is it waterproof?" — and a long question the classifier took for a
            // greeting: the catalogue answers only what is asked outright, so "hi" stays a greeting.
            Intent::Greeting
            | Intent::ThanksBye
            | Intent::OrderStatus
            | Intent::Shipping
            | Intent::CustomsDuties
            | Intent::ReturnsRefunds
            | Intent::Exchange
            | Intent::CancelOrder
            | Intent::ModifyOrder
            | Intent::Payment
            | Intent::Discount
            | Intent::DamagedWrongItem
            | Intent::Complaint
            | Intent::Other => !about_an_order,
        }
    }

    /// Whether a message from a product's page, classified as something else, may still ask
    /// about the product: a question ("…?"), not about damage, and not one of `NEVER_ATTRIBUTES`.
    fn asks_of_the_page(&self, classification: &Classification, text: &str) -> bool {
        let question = text.contains(['?', '？', '؟']);
        let damage = self.glossary.concepts(text).iter().any(|c| DAMAGE.contains(c));
        question && !damage && !NEVER_ATTRIBUTES.contains(&classification.intent)
    }

    /// How close the question is to each of the product's attributes; `None` when it has
    /// none, or ranking failed (the glossary's matches still answer).
    async fn rank_attributes(
        &self,
        product: &Product,
        text: &str,
        language: &Language,
    ) -> Option<product::AttributeRelevance> {
        let (names, values) = product.attribute_texts();
        if names.is_empty() {
            return None;
        }
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        match self.attributes.relevance(text, language, &names, &values).await {
            Ok(scores) if scores.len() == names.len() => {
                Some(product::AttributeRelevance { sku: product.sku.clone(), scores })
            }
            Ok(_) => {
                tracing::warn!(sku = %product.sku, "attribute ranker returned a score count unlike the attributes'");
                None
            }
            Err(error) => {
                tracing::warn!(%error, sku = %product.sku, "attributes not ranked; the glossary's matches still answer");
                None
            }
        }
    }

    /// Whether a catalogue answer stands for the turn. For product intents, any (a hand-off
    /// when the listing does not say); for the intents a product question is mistaken for,
    /// only an answer (a product answer always answers something asked outright: an option, an
    /// attribute, a price, stock, "do you sell …"), and not about damage ("the jacket arrived
    /// torn").
    fn takes_product_answer(
        &self,
        classification: &Classification,
        answer: &product::ProductAnswer,
        text: &str,
    ) -> bool {
        if matches!(classification.intent, Intent::ProductQuestion | Intent::StockAvailability) {
            return true;
        }
        let concepts = self.glossary.concepts(text);
        !answer.handoff && !DAMAGE.iter().any(|c| concepts.contains(c))
    }

    /// The shop's own words when a passage in the buyer's language answers the question with at
    /// least `floor` confidence: nothing is more faithful, and it takes milliseconds. Otherwise
    /// the language model's reply when it comes in time and passes the grounding check (one
    /// retry), else the extractive one. Only the first attempt streams, and only sentences that
    /// pass the check; the stored reply is what counts.
    async fn write(
        &self,
        request: &GenerationRequest<'_>,
        floor: f32,
        deltas: DeltaSink<'_>,
    ) -> Result<Generated, StageError> {
        let Some(llm) = &self.llm else { return self.extractive.generate(request, deltas).await };
        let quiet = |_: &str| {};
        let extract = self.extractive.generate(request, &quiet).await?;
        if !extract.used.is_empty() && extract.confidence >= floor {
            stream(&extract.text, deltas);
            return Ok(extract);
        }
        let read =
            GenerationRequest { passages: &request.passages[..request.passages.len().min(MODEL_PASSAGES)], ..*request };
        let facts = grounding::Facts::of(&read).with_concepts(self.glossary.clone(), read.text, &self.countries);
        let mut streamed = false;
        for attempt in 0..2 {
            let gate = grounding::Gate::new(&facts, if attempt == 0 { Some(deltas) } else { None });
            let sink = |piece: &str| gate.push(piece);
            let started = Instant::now();
            match tokio::time::timeout(self.llm_timeout, llm.generate(&read, &sink)).await {
                Ok(Ok(generated)) => {
                    streamed |= gate.released();
                    match facts.check(&generated.text, read.language, self.detector.as_ref(), read.shop) {
                        Ok(()) => {
                            gate.finish();
                            events::llm_reply("grounded", started.elapsed());
                            return Ok(generated);
                        }
                        Err(problem) => {
                            events::llm_reply("ungrounded", started.elapsed());
                            tracing::warn!(attempt, problem = %problem, "the model's reply failed the grounding check");
                        }
                    }
                }
                Ok(Err(err @ StageError::Busy { .. })) => {
                    events::llm_reply("busy", started.elapsed());
                    tracing::info!(error.message = %err, "the language model is at its bound; answering without it");
                    break;
                }
                Ok(Err(err @ (StageError::Failed { .. } | StageError::Unusable { .. }))) => {
                    events::llm_reply("error", started.elapsed());
                    tracing::warn!(error.message = %err, "the language model failed; answering without it");
                    break;
                }
                Err(_) => {
                    events::llm_reply("timeout", started.elapsed());
                    tracing::warn!(timeout = ?self.llm_timeout, "the language model was too slow; answering without it");
                    break;
                }
            }
        }
        if !streamed {
            stream(&extract.text, deltas);
        }
        Ok(extract)
    }
}

/// When the classifier is torn, the judge picks among its candidates. The probability stays
/// the classifier's for the intent picked (the judge is not calibrated), so a close call
/// still goes to a person when it is below the threshold; what changes is which answer an
/// automated turn gives.
pub async fn second_opinion(
    judge: &dyn IntentJudge,
    timeout: std::time::Duration,
    shop: &ShopId,
    text: &str,
    classification: &mut Classification,
) {
    let second = classification.alternatives.first().map_or(0.0, |(_, p)| *p);
    if classification.probability - second >= SECOND_OPINION_MARGIN {
        return;
    }
    let mut candidates = vec![classification.intent];
    candidates.extend(classification.alternatives.iter().filter(|(_, p)| *p >= CANDIDATE_FLOOR).map(|(i, _)| *i));
    match tokio::time::timeout(timeout, judge.judge(shop, text, &candidates)).await {
        Ok(Ok(chosen)) if chosen != classification.intent => {
            let Some(position) = classification.alternatives.iter().position(|(i, _)| *i == chosen) else { return };
            let (intent, probability) = classification.alternatives.remove(position);
            classification.alternatives.insert(0, (classification.intent, classification.probability));
            classification.intent = intent;
            classification.probability = probability;
            tracing::debug!(intent = intent.as_str(), "the second opinion changed the intent");
        }
        Ok(Ok(_)) => {}
        Ok(Err(err)) => tracing::warn!(error.message = %err, "no second opinion on the intent"),
        Err(_) => tracing::warn!(timeout = ?timeout, "the second opinion on the intent came too late"),
    }
}

/// The sources of the passages at `used`.
fn cited(passages: &[Passage], used: &[usize]) -> Vec<Source> {
    used.iter().filter_map(|&i| passages.get(i)).map(|p| p.source.clone()).collect()
}

/// Streams a finished reply in pieces: lines, then sentences.
pub fn stream(text: &str, deltas: DeltaSink<'_>) {
    for piece in text.split_inclusive(['\n', '.', '。', '!', '?', '！', '？']).filter(|p| !p.is_empty()) {
        deltas(piece);
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
