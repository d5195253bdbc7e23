//! One buyer turn, stage by stage: understand (language, intent, memory), stop early (a person
//! owns the conversation, an injection attempt), act on an order, answer from the catalogue,
//! answer from the shop's data, else write from passages. Each stage that answers returns the
//! turn's outcome; the ones that do not, hand on what they found.

use super::memory::Memory;
use super::{
    ANGRY, Classification, Decision, DeltaSink, Generated, GenerationRequest, PASSAGES, Passage, Pipeline,
    RETURN_DETAILS, StageError, TurnInput, TurnOutcome, UNSURE_MARGIN, actions, cited, decide, injection,
    second_opinion, stream, structured, threshold_for, timed,
};
use crate::domain::{
    AttachmentKind, HandoffReason, Intent, Language, PageContext, Slot, Source, SourceKind, TurnNotes,
};
use crate::knowledge::catalogue::Catalogue;
use crate::shop::OrderVerification;

/// What a turn understood before answering.
struct Understood {
    /// The buyer's language: that of the words around the shop's product names.
    language: Language,
    classification: Classification,
    memory: Memory,
}

impl Understood {
    fn outcome(
        &self,
        text: String,
        confidence: f32,
        sources: Vec<Source>,
        decision: Decision,
        notes: TurnNotes,
    ) -> TurnOutcome {
        TurnOutcome {
            language: self.language.clone(),
            classification: self.classification.clone(),
            text,
            confidence,
            sources,
            decision,
            notes,
            preface: String::new(),
        }
    }
}

impl Pipeline {
    /// Runs one turn through every stage; `deltas` receives the reply's text as it is written.
    /// Stages that cannot change the decision are skipped: a conversation a person owns, or a
    /// request for a person, is not sent to retrieval.
    pub async fn run(&self, turn: TurnInput<'_>, deltas: DeltaSink<'_>) -> Result<TurnOutcome, StageError> {
        let catalogue = self.facts.catalogue(&turn.shop.id);
        let (understood, notes) = self.understand(&turn, &catalogue).await?;
        let Understood { language, classification, memory } = &understood;

        if let Some(decision) = decide::before_generation(turn.owner, classification.intent) {
            return Ok(understood.outcome(String::new(), classification.probability, Vec::new(), decision, notes));
        }
        if injection::attempted(turn.text) {
            let decision = Decision::Handoff(HandoffReason::Manipulation);
            return Ok(understood.outcome(String::new(), classification.probability, Vec::new(), decision, notes));
        }
        let cx = structured::Context {
            shop: turn.shop,
            text: turn.text,
            language,
            intent: classification.intent,
            slots: &notes.slots,
            attachments: turn.attachments,
            memory,
            facts: self.facts.as_ref(),
            templates: &self.templates,
            countries: &self.countries,
            now: turn.now,
            history: turn.history,
            buyer_phone: turn.buyer_phone,
            buyer_id: turn.buyer_id,
        };
        let acting = actions::Turn {
            cx: &cx,
            cues: &self.cues,
            glossary: &self.glossary,
            catalogue: &catalogue,
            conversation: turn.conversation,
            actions: self.actions.as_deref(),
        };
        if let Some(step) = timed("act", actions::turn(&acting)).await? {
            return Ok(acted(&understood, step, notes, deltas));
        }
        let (accepted, retrieved) =
            self.answer_from_catalogue(&turn, language, classification, &catalogue, memory).await?;
        if let Some(answer) = accepted {
            return Ok(self.catalogue_reply(&turn, language.clone(), classification.clone(), answer, notes, deltas));
        }

        let drafted = timed("answer_from_data", structured::answer(&cx)).await?;
        // Free-form answers need the shop's passages; so does a returns answer, whose window is
        // a fact but whose how-to (fees, labels, conditions) is in the shop's policy.
        let quotes_policy =
            |d: &structured::Drafted| classification.intent == Intent::ReturnsRefunds && d.handoff.is_none();
        let passages = match (&drafted, retrieved) {
            (Some(d), _) if !quotes_policy(d) => Vec::new(),
            (_, Some(passages)) => passages,
            (Some(_) | None, None) => {
                timed("retrieve", self.retriever.retrieve(&turn.shop.id, turn.text, PASSAGES)).await?
            }
        };
        let passages = self.shown_to_the_buyer(passages, &turn, &cx, &catalogue).await?;
        let request = GenerationRequest {
            shop: turn.shop,
            text: turn.text,
            language,
            classification,
            passages: &passages,
            history: turn.history,
        };
        let threshold = threshold_for(turn.shop, &self.thresholds, classification.intent);
        if let Some(drafted) = drafted {
            let quote = quotes_policy(&drafted);
            return self.answer_from_data(&understood, drafted, quote, &request, threshold, notes, deltas).await;
        }

        let floor = threshold.min(classification.probability);
        let generated = timed("generate", self.write(&request, floor, deltas)).await?;
        let confidence = classification.probability.min(generated.confidence);
        let unsure = confidence < threshold + UNSURE_MARGIN;
        let decision = decide::after_answer(confidence, threshold, unsure && memory.notes.unsure);
        let sources = cited(&passages, &generated.used);
        Ok(understood.outcome(generated.text, confidence, sources, decision, TurnNotes { unsure, ..notes }))
    }

    /// The buyer's language, the intent (with a second opinion when it is close, and what the
    /// conversation was waiting for), and what this turn starts remembering.
    async fn understand(
        &self,
        turn: &TurnInput<'_>,
        catalogue: &Catalogue,
    ) -> Result<(Understood, TurnNotes), StageError> {
        let own_words = catalogue.without_names(turn.text);
        let said = own_words.as_deref().unwrap_or(turn.text);
        let detection =
            timed("detect", async { self.detector.detect(said, turn.locale, turn.shop, turn.history) }).await;
        let language = detection.language;
        let memory = Memory::recall(turn.history);
        let mut classification = timed("classify", self.classifier.classify(turn.text, &language, turn.shop)).await?;
        memory.continue_asked(&mut classification, turn.text);
        if let Some(judge) = &self.judge {
            let asked =
                second_opinion(judge.as_ref(), self.judge_timeout, &turn.shop.id, turn.text, &mut classification);
            timed("second_opinion", asked).await;
        }
        let photo = turn.attachments.iter().any(|a| a.kind == AttachmentKind::Image);
        if photo && memory.notes.awaiting == Some(Slot::Photo) {
            classification.intent = Intent::DamagedWrongItem;
            classification.probability = classification.probability.max(0.9);
        }
        let notes = TurnNotes {
            slots: memory.slots(&classification.entities),
            awaiting: None,
            unsure: false,
            angry: classification.intent == Intent::Complaint && classification.probability >= ANGRY,
            product: memory.notes.product.clone(),
            action: None,
        };
        Ok((Understood { language, classification, memory }, notes))
    }

    /// The passages a reply may use: an order's only once the buyer has shown it is theirs,
    /// and on a product's page no other product's (it does not answer "does it …?").
    async fn shown_to_the_buyer(
        &self,
        passages: Vec<Passage>,
        turn: &TurnInput<'_>,
        cx: &structured::Context<'_>,
        catalogue: &Catalogue,
    ) -> Result<Vec<Passage>, StageError> {
        let mut passages = passages;
        if turn.shop.order_verification == OrderVerification::Contact {
            let mut kept = Vec::with_capacity(passages.len());
            for passage in passages {
                if passage.source.kind != SourceKind::Order || cx.shows(&passage.source.id).await? {
                    kept.push(passage);
                }
            }
            passages = kept;
        }
        if let Some(on_page) = turn.context.and_then(PageContext::product_ref).and_then(|p| catalogue.by_page(p)) {
            let sku = on_page.sku.as_str();
            passages.retain(|p| p.source.kind != SourceKind::Product || p.source.id == sku);
        }
        Ok(passages)
    }

    /// An answer drafted from the shop's data (an order, shipping, the return window …); a
    /// returns answer quotes the shop's policy after it (`quote`) when a passage is relevant.
    #[expect(clippy::too_many_arguments, reason = "one stage's inputs, each named at its one call")]
    async fn answer_from_data(
        &self,
        understood: &Understood,
        mut drafted: structured::Drafted,
        quote: bool,
        request: &GenerationRequest<'_>,
        threshold: f32,
        notes: TurnNotes,
        deltas: DeltaSink<'_>,
    ) -> Result<TurnOutcome, StageError> {
        let mut confidence = understood.classification.probability;
        if quote {
            // Quoted when it is relevant and in the buyer's language.
            let quiet = |_: &str| {};
            let policy: Generated = self.extractive.generate(request, &quiet).await?;
            if !policy.used.is_empty() {
                drafted.text = format!("{}\n\n{}", drafted.text, policy.text);
                drafted.sources.extend(cited(request.passages, &policy.used));
            } else if self.glossary.concepts(request.text).iter().any(|c| RETURN_DETAILS.contains(c)) {
                // "Who pays the return shipping?" is not answered by the window alone.
                confidence = confidence.min(policy.confidence);
            }
        }
        let notes = TurnNotes { awaiting: drafted.awaiting, ..notes };
        if let Some(reason) = drafted.handoff {
            return Ok(understood.outcome(
                String::new(),
                confidence,
                drafted.sources,
                Decision::Handoff(reason),
                notes,
            ));
        }
        let unsure = confidence < threshold + UNSURE_MARGIN;
        let decision = decide::after_answer(confidence, threshold, unsure && understood.memory.notes.unsure);
        let notes = TurnNotes { unsure, ..notes };
        if decision == Decision::Answer {
            stream(&drafted.text, deltas);
        }
        Ok(understood.outcome(drafted.text, confidence, drafted.sources, decision, notes))
    }
}

/// The outcome of an action step (a proposal, a question, a result, or a hand-off with its
/// reason said first); the step's intent becomes the turn's.
fn acted(understood: &Understood, step: actions::Step, notes: TurnNotes, deltas: DeltaSink<'_>) -> TurnOutcome {
    let mut classification = understood.classification.clone();
    if classification.intent != step.intent {
        classification.alternatives.insert(0, (classification.intent, classification.probability));
        classification.intent = step.intent;
    }
    let notes = TurnNotes { awaiting: step.awaiting, action: step.draft, ..notes };
    let (decision, text, preface) = match step.handoff {
        Some(reason) => (Decision::Handoff(reason), String::new(), step.text),
        None => {
            stream(&step.text, deltas);
            (Decision::Answer, step.text, String::new())
        }
    };
    TurnOutcome {
        language: understood.language.clone(),
        confidence: classification.probability,
        classification,
        text,
        sources: step.sources,
        decision,
        notes,
        preface,
    }
}
