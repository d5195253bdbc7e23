//! Conversations: the use cases every channel shares. The websocket gateway and `kefu ask` both
//! come through here, so they get the same pipeline, the same memory and the same log.
//!
//! A buyer message is stored (and flushed) by `submit` before anyone acknowledges it; `answer`
//! then runs the pipeline for it, stores the reply or hand-off, and publishes every step to the
//! conversation's live subscribers. Turns of one conversation run one at a time, in order.

pub mod hub;
pub mod log;
pub mod relay;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tracing::Instrument;

use self::hub::{Event, Hub, Subscription};
use self::log::{Appended, ConversationLog, ConversationMeta, LogError};
use self::relay::{Relay, Relayed};
use crate::domain::{
    Attachment, ConversationId, ConversationKey, Entry, EntryBody, HandoffReason, Intent, Language, Owner, PageContext,
    ShopId, Slot, Source,
};
use crate::pipeline::{Decision, Pipeline, TurnInput, TurnOutcome};
use crate::shop::{Shop, ShopDirectory};
use crate::telemetry::events;
use crate::wording::{Arg, Templates};

#[derive(Debug, Clone)]
pub struct ConversationSettings {
    /// Earlier entries given to the pipeline as memory.
    pub history_entries: usize,
    pub turn_timeout: Duration,
    /// Turns whose pipeline runs at once; the others wait for a place, in order.
    pub concurrent_turns: usize,
    /// The time turns happen at (dates in replies, return windows, actions).
    pub clock: crate::domain::Clock,
}

pub struct Conversations {
    log: Arc<dyn ConversationLog>,
    pipeline: Pipeline,
    shops: Arc<ShopDirectory>,
    hub: Hub,
    templates: Arc<Templates>,
    settings: ConversationSettings,
    /// One lock per conversation with a turn running, so its turns answer in order.
    turn_locks: Mutex<HashMap<ConversationKey, Arc<tokio::sync::Mutex<()>>>>,
    /// Every stored entry of every shop, live, for the agent console (`watch`). Not durable:
    /// a watcher that falls behind reloads the queue.
    feed: tokio::sync::broadcast::Sender<Arc<Stored>>,
    /// Places for turns whose pipeline runs now (`ConversationSettings::concurrent_turns`).
    running: tokio::sync::Semaphore,
    /// The other nodes, when there are any (`hub.backend = "redis"`); set once at start.
    relay: std::sync::OnceLock<Arc<dyn Relay>>,
}

/// An entry just stored, and its conversation.
#[derive(Debug, Clone)]
pub struct Stored {
    pub key: ConversationKey,
    pub entry: Entry,
}

/// Stored entries queued per console watcher before it counts as fallen behind.
const FEED: usize = 1024;

#[derive(Debug, thiserror::Error)]
pub enum ConversationError {
    #[error("unknown shop {0}")]
    UnknownShop(ShopId),
    #[error(transparent)]
    Log(#[from] LogError),
}

/// How `open` treats a conversation id it does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// Start a new conversation with a fresh random id (the websocket: ids are bearer secrets,
    /// so a client cannot pick one).
    StartFresh,
    /// Create the conversation under the given id (`kefu ask`, whose caller names conversations).
    Create,
}

#[derive(Debug, Clone)]
pub struct Opened {
    pub key: ConversationKey,
    pub meta: ConversationMeta,
    /// The conversation existed before.
    pub resumed: bool,
}

/// What one answered turn produced, for callers that wait for it (`kefu ask`).
#[derive(Debug, Clone)]
pub struct TurnReport {
    pub reply: String,
    pub language: Language,
    pub intent: Intent,
    pub confidence: f32,
    pub escalated: bool,
    pub sources: Vec<Source>,
    /// What the reply asked the buyer for (an order number, a country, a photo).
    pub awaiting: Option<Slot>,
}

impl Conversations {
    pub fn new(
        log: Arc<dyn ConversationLog>,
        pipeline: Pipeline,
        shops: Arc<ShopDirectory>,
        settings: ConversationSettings,
    ) -> Conversations {
        let templates = pipeline.templates.clone();
        let feed = tokio::sync::broadcast::channel(FEED).0;
        let turn_locks = Mutex::default();
        let running = tokio::sync::Semaphore::new(settings.concurrent_turns.max(1));
        Conversations {
            log,
            pipeline,
            shops,
            hub: Hub::default(),
            templates,
            settings,
            turn_locks,
            feed,
            running,
            relay: std::sync::OnceLock::new(),
        }
    }

    /// Every entry stored from now on, in every shop; the receiver filters.
    pub fn watch(&self) -> tokio::sync::broadcast::Receiver<Arc<Stored>> {
        self.feed.subscribe()
    }

    /// Carries this node's events to the other nodes from now on. A second call is ignored.
    pub fn set_relay(&self, relay: Arc<dyn Relay>) {
        let _already_set = self.relay.set(relay);
    }

    /// Publishes an event another node relayed to this node's sockets and, for a stored entry,
    /// to its console watchers.
    pub fn deliver(&self, key: &ConversationKey, event: Event) {
        if let Event::Entry(entry) = &event {
            let _no_watcher = self.feed.send(Arc::new(Stored { key: key.clone(), entry: (**entry).clone() }));
        }
        self.hub.publish(key, event);
    }

    /// After this node may have missed other nodes' events (its relay lost its server for a
    /// while): every conversation with a socket here gets its latest stored entry again, and a
    /// socket that finds a gap before it fills the gap from the log.
    pub async fn resync(&self) {
        for key in self.hub.keys() {
            match self.log.recent(&key, 1).await {
                Ok(mut last) => {
                    if let Some(entry) = last.pop() {
                        self.hub.publish(&key, Event::Entry(Box::new(entry)));
                    }
                }
                Err(err) => tracing::warn!(error.message = %err, "resync: cannot read a conversation"),
            }
        }
    }

    fn publish(&self, key: &ConversationKey, entry: Entry) {
        let _no_watcher = self.feed.send(Arc::new(Stored { key: key.clone(), entry: entry.clone() }));
        self.live(key, Event::Entry(Box::new(entry)));
    }

    /// Publishes an event of this node's to its sockets and hands it to the other nodes.
    fn live(&self, key: &ConversationKey, event: Event) {
        if let Some(relay) = self.relay.get() {
            relay.relay(key, &Relayed::of(&event));
        }
        self.hub.publish(key, event);
    }

    /// Stores an agent's entry (reply, note, claim, resolve; see `ConversationLog::append`)
    /// and shows it to the buyer's sockets and the console.
    #[tracing::instrument(skip_all, fields(shop = %key.shop, conversation = %key.id))]
    pub async fn record(&self, key: &ConversationKey, body: EntryBody) -> Result<Entry, ConversationError> {
        let entry = self.log.append(key, body).await?;
        self.publish(key, entry.clone());
        Ok(entry)
    }

    /// kefu's own wording, for messages outside a turn.
    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    /// Tells the buyer something outside a turn (the shop's decision on an action they
    /// confirmed), as a bot entry after their latest message: shown live, and sent through a
    /// marketplace's outbox in the write that stores it.
    #[tracing::instrument(skip_all, fields(shop = %key.shop, conversation = %key.id))]
    pub async fn tell(
        &self,
        key: &ConversationKey,
        text: String,
        language: Language,
        intent: Intent,
    ) -> Result<Entry, ConversationError> {
        let recent = self.log.recent(key, self.settings.history_entries.max(1)).await?;
        let reply_to = recent
            .iter()
            .rev()
            .find(|e| matches!(e.body, EntryBody::Buyer { .. }))
            .map(|e| e.seq)
            .ok_or(ConversationError::Log(LogError::NotFound))?;
        let body = EntryBody::Bot {
            reply_to,
            text,
            language,
            intent,
            confidence: 1.0,
            sources: Vec::new(),
            notes: crate::domain::TurnNotes::default(),
        };
        self.record(key, body).await
    }

    /// The conversation's header, `None` when it does not exist.
    pub async fn meta(&self, key: &ConversationKey) -> Result<Option<ConversationMeta>, ConversationError> {
        Ok(self.log.open(key, None).await?)
    }

    /// Its ticket when it is in the hand-off queue.
    pub async fn ticket(&self, key: &ConversationKey) -> Result<Option<crate::domain::Ticket>, ConversationError> {
        Ok(self.log.ticket(key).await?)
    }

    /// The last `n` entries, oldest first.
    pub async fn recent(&self, key: &ConversationKey, n: usize) -> Result<Vec<Entry>, ConversationError> {
        Ok(self.log.recent(key, n).await?)
    }

    pub fn shop(&self, id: &ShopId) -> Option<Arc<Shop>> {
        self.shops.get(id)
    }

    pub fn shops(&self) -> &ShopDirectory {
        &self.shops
    }

    /// The shop directory, to keep (background tasks that outlive a borrow).
    pub fn shops_handle(&self) -> Arc<ShopDirectory> {
        self.shops.clone()
    }

    /// Whether the conversation is stored (it has a first message). Reads only.
    pub async fn exists(&self, key: &ConversationKey) -> Result<bool, ConversationError> {
        Ok(self.log.open(key, None).await?.is_some())
    }

    /// Opens a conversation of `shop`: the requested one if it exists, else per `unknown`.
    /// Nothing is written: a conversation is stored with its first message, so a socket that
    /// never sends one costs no storage.
    pub async fn open(
        &self,
        shop: &ShopId,
        requested: Option<ConversationId>,
        locale: Option<Language>,
        unknown: Unknown,
    ) -> Result<Opened, ConversationError> {
        if self.shops.get(shop).is_none() {
            return Err(ConversationError::UnknownShop(shop.clone()));
        }
        let id = match requested {
            Some(id) => {
                let key = ConversationKey { shop: shop.clone(), id };
                if let Some(meta) = self.log.open(&key, locale.clone()).await? {
                    return Ok(Opened { key, meta, resumed: true });
                }
                match unknown {
                    Unknown::Create => key.id,
                    Unknown::StartFresh => ConversationId::random(),
                }
            }
            None => ConversationId::random(),
        };
        let key = ConversationKey { shop: shop.clone(), id };
        Ok(Opened { key, meta: ConversationMeta::new(locale), resumed: false })
    }

    /// Stores a buyer message durably. A repeated `client_msg_id` stores nothing and returns the
    /// original seq with `duplicate` set.
    pub async fn submit(
        &self,
        key: &ConversationKey,
        client_msg_id: &str,
        text: &str,
        attachments: &[Attachment],
        context: Option<&PageContext>,
        locale: Option<Language>,
    ) -> Result<Appended, ConversationError> {
        self.submit_from(key, client_msg_id, text, attachments, context, locale, None).await
    }

    /// `submit` for a message a platform vouches `sender` (its buyer id) wrote: an order that
    /// buyer placed is theirs without more proof.
    #[expect(clippy::too_many_arguments, reason = "a buyer message's parts, as submit takes them")]
    #[tracing::instrument(skip_all, fields(shop = %key.shop, conversation = %key.id))]
    pub async fn submit_from(
        &self,
        key: &ConversationKey,
        client_msg_id: &str,
        text: &str,
        attachments: &[Attachment],
        context: Option<&PageContext>,
        locale: Option<Language>,
        sender: Option<&str>,
    ) -> Result<Appended, ConversationError> {
        let appended = self.log.append_buyer(key, client_msg_id, text, attachments, context, locale, sender).await?;
        if !appended.duplicate {
            events::message_stored();
            tracing::debug!(conversation = %key.id, seq = appended.seq, text, "buyer message stored");
            let entry = Entry {
                seq: appended.seq,
                at_ms: crate::domain::now_ms(),
                body: EntryBody::Buyer {
                    client_msg_id: client_msg_id.to_owned(),
                    text: text.to_owned(),
                    attachments: attachments.to_vec(),
                    context: context.cloned(),
                    sender: sender.map(str::to_owned),
                },
            };
            self.publish(key, entry);
        }
        Ok(appended)
    }

    /// The shop's conversations waiting for a person, oldest first.
    pub async fn handoffs(&self, shop: &ShopId) -> Result<Vec<crate::domain::Ticket>, ConversationError> {
        Ok(self.log.handoffs(shop).await?)
    }

    pub fn subscribe(&self, key: &ConversationKey) -> Subscription {
        self.hub.subscribe(key)
    }

    pub async fn entries_after(
        &self,
        key: &ConversationKey,
        after: u64,
        limit: usize,
    ) -> Result<Vec<Entry>, ConversationError> {
        Ok(self.log.entries_after(key, after, limit).await?)
    }

    pub async fn mark_seen(&self, key: &ConversationKey, seq: u64) -> Result<(), ConversationError> {
        Ok(self.log.mark_seen(key, seq).await?)
    }

    pub async fn flush(&self) -> Result<(), ConversationError> {
        Ok(self.log.flush().await?)
    }

    /// Answers every buyer message up to `seq` that has no answer yet, in order; used after a
    /// restart, when a stored message may have lost its turn. Returns how many it answered.
    #[tracing::instrument(skip_all, fields(shop = %key.shop, conversation = %key.id))]
    pub async fn answer_pending(&self, key: &ConversationKey) -> Result<usize, ConversationError> {
        let Some(meta) = self.log.open(key, None).await? else { return Ok(0) };
        // A person answers a conversation they own: nothing is pending for the bot.
        if meta.answered_through >= meta.last_seq || meta.owner == Owner::Human {
            return Ok(0);
        }
        let pending = self.log.entries_after(key, meta.answered_through, usize::MAX).await?;
        let mut answered = 0;
        for entry in pending {
            if matches!(entry.body, EntryBody::Buyer { .. }) && self.answer(key, entry.seq).await?.is_some() {
                answered += 1;
            }
        }
        Ok(answered)
    }

    /// Runs the turn for buyer entry `seq`, stores and publishes its outcome. `None` when the
    /// entry was already answered (a resend, or a turn recovered twice).
    pub async fn answer(&self, key: &ConversationKey, seq: u64) -> Result<Option<TurnReport>, ConversationError> {
        let lock = self.turn_lock(key);
        let guard = lock.lock().await;
        let result = self.answer_in_order(key, seq).await;
        drop(guard);
        self.release_turn_lock(key, lock);
        result
    }

    /// An earlier message whose turn was lost (its node died) is answered first: answering a
    /// later one moves `answered_through` past it, and it would never be answered.
    async fn answer_in_order(&self, key: &ConversationKey, seq: u64) -> Result<Option<TurnReport>, ConversationError> {
        for earlier in self.unanswered_before(key, seq).await? {
            self.answer_traced(key, earlier).await?;
        }
        self.answer_traced(key, seq).await
    }

    async fn answer_traced(&self, key: &ConversationKey, seq: u64) -> Result<Option<TurnReport>, ConversationError> {
        let span =
            tracing::info_span!("turn", shop = %key.shop, conversation = %key.id, seq, intent = tracing::field::Empty);
        self.answer_locked(key, seq).instrument(span).await
    }

    /// Buyer messages before `seq` that have no answer yet, oldest first.
    async fn unanswered_before(&self, key: &ConversationKey, seq: u64) -> Result<Vec<u64>, ConversationError> {
        let Some(meta) = self.log.open(key, None).await? else { return Ok(Vec::new()) };
        if meta.owner == Owner::Human || meta.answered_through + 1 >= seq {
            return Ok(Vec::new());
        }
        let between = seq - meta.answered_through - 1;
        let entries = self.log.entries_after(key, meta.answered_through, between as usize).await?;
        Ok(entries
            .iter()
            .filter(|entry| entry.seq < seq && matches!(entry.body, EntryBody::Buyer { .. }))
            .map(|entry| entry.seq)
            .collect())
    }

    async fn answer_locked(&self, key: &ConversationKey, seq: u64) -> Result<Option<TurnReport>, ConversationError> {
        let shop = self.shops.get(&key.shop).ok_or_else(|| ConversationError::UnknownShop(key.shop.clone()))?;
        if self.log.open(key, None).await?.ok_or(LogError::NotFound)?.answered_through >= seq {
            return Ok(None);
        }
        // Fair (first come, first served) and never closed.
        let _running = self.running.acquire().await.expect("the turn semaphore is never closed");
        // With a store several nodes share, another node may be answering this conversation:
        // wait for it, then look again — it may have answered this very message.
        let _turn = self.log.turn_lock(key).await?;
        let meta = self.log.open(key, None).await?.ok_or(LogError::NotFound)?;
        if meta.answered_through >= seq {
            return Ok(None);
        }
        // A person's to answer: no pipeline work at all, and nothing stored — the bot is silent.
        if meta.owner == Owner::Human {
            return Ok(Some(TurnReport {
                reply: String::new(),
                language: meta.locale.clone().unwrap_or_else(|| shop.default_language.clone()),
                intent: Intent::Other,
                confidence: 0.0,
                escalated: true,
                sources: Vec::new(),
                awaiting: None,
            }));
        }
        let history = self.log.recent(key, self.settings.history_entries + (meta.last_seq - seq) as usize + 1).await?;
        let Some(position) = history.iter().position(|e| e.seq == seq) else { return Ok(None) };
        let EntryBody::Buyer { text, attachments, sender, .. } = &history[position].body else { return Ok(None) };
        // Nothing was said: a marketplace product card alone sets the conversation's product,
        // which the buyer's next message asks about; a reply to the card would only guess.
        if text.trim().is_empty() && attachments.is_empty() {
            return Ok(None);
        }
        // The page the buyer writes from: this message's, else the latest an earlier one gave.
        let context = history[..=position].iter().rev().find_map(|entry| match &entry.body {
            EntryBody::Buyer { context, .. } => context.as_ref(),
            EntryBody::Bot { .. }
            | EntryBody::Handoff { .. }
            | EntryBody::Agent { .. }
            | EntryBody::Note { .. }
            | EntryBody::Claimed { .. }
            | EntryBody::Resolved { .. } => None,
        });
        let earlier = &history[..position];

        let started = Instant::now();
        self.live(key, Event::Typing(true));
        let deltas = |piece: &str| self.live(key, Event::Delta { reply_to: seq, text: piece.to_owned() });
        let input = TurnInput {
            shop: &shop,
            text,
            locale: meta.locale.as_ref(),
            history: earlier,
            owner: meta.owner,
            attachments,
            now: self.settings.clock.now(),
            context,
            buyer_phone: vouched_phone(&key.id),
            buyer_id: sender.as_deref(),
            conversation: &key.id,
        };
        let outcome = match tokio::time::timeout(self.settings.turn_timeout, self.pipeline.run(input, &deltas)).await {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(err)) => {
                tracing::error!(error.message = %err, "turn failed; handing off");
                failed_turn(&shop, &meta)
            }
            Err(_) => {
                tracing::error!(timeout = ?self.settings.turn_timeout, "turn timed out; handing off");
                failed_turn(&shop, &meta)
            }
        };
        tracing::Span::current().record("intent", outcome.classification.intent.as_str());
        let report = self.store_outcome(key, &shop, seq, outcome).await;
        self.live(key, Event::Typing(false));
        let report = report?;
        let result = if report.escalated { "handoff" } else { "answer" };
        events::turn_finished(report.intent.as_str(), result, started.elapsed());
        Ok(Some(report))
    }

    /// Stores the outcome as a reply or a hand-off and publishes it; a silent turn stores nothing.
    async fn store_outcome(
        &self,
        key: &ConversationKey,
        shop: &Shop,
        seq: u64,
        outcome: TurnOutcome,
    ) -> Result<TurnReport, ConversationError> {
        let TurnOutcome { language, classification, text, confidence, sources, decision, notes, preface } = outcome;
        let intent = classification.intent;
        let mut report = TurnReport {
            reply: text.clone(),
            language: language.clone(),
            intent,
            confidence,
            escalated: false,
            sources: sources.clone(),
            awaiting: notes.awaiting,
        };
        let body = match decision {
            Decision::Answer => EntryBody::Bot { reply_to: seq, text, language, intent, confidence, sources, notes },
            Decision::Handoff(reason) => {
                let (notice, wait) = handoff_notice(&self.templates, shop, &language, jiff::Timestamp::now());
                // What the turn said before handing off (an action the shop's system refused).
                let notice = if preface.is_empty() { notice } else { format!("{preface}\n\n{notice}") };
                events::handed_off(reason.as_str());
                report.reply = notice.clone();
                report.escalated = true;
                let intent = Some(intent);
                EntryBody::Handoff {
                    reply_to: seq,
                    reason,
                    text: notice,
                    language,
                    expected_wait_secs: wait.as_secs(),
                    intent,
                    notes,
                }
            }
            Decision::Silent => {
                report.reply = String::new();
                report.escalated = true;
                return Ok(report);
            }
        };
        let entry = self.log.append(key, body).await?;
        self.publish(key, entry);
        Ok(report)
    }

    fn turn_lock(&self, key: &ConversationKey) -> Arc<tokio::sync::Mutex<()>> {
        self.turn_locks.lock().expect("turn locks").entry(key.clone()).or_default().clone()
    }

    /// Forgets the lock once no other turn of the conversation holds or waits for it.
    fn release_turn_lock(&self, key: &ConversationKey, lock: Arc<tokio::sync::Mutex<()>>) {
        let mut locks = self.turn_locks.lock().expect("turn locks");
        // Ours and the map's: nobody else is waiting.
        if Arc::strong_count(&lock) == 2 {
            locks.remove(key);
        }
    }
}

/// What the buyer is told at a hand-off, and how long they will likely wait: the shop's usual
/// wait while it is open; while it is closed, when it opens (plus the usual wait).
pub fn handoff_notice(
    templates: &Templates,
    shop: &Shop,
    language: &Language,
    now: jiff::Timestamp,
) -> (String, Duration) {
    let usual = shop.handoff.expected_wait();
    match shop.business_hours.as_ref().and_then(|hours| hours.next_opening(now)) {
        None => {
            let minutes = u64::from(shop.handoff.expected_wait_minutes);
            (templates.say(language, "handoff", &[("minutes", minutes.into())]), usual)
        }
        Some(opening) => {
            let args = [
                ("day", Arg::Text(opening.day)),
                ("time", opening.time.as_str().into()),
                ("timezone", opening.timezone.as_str().into()),
            ];
            (templates.say(language, "handoff-closed", &args), Duration::from_secs(opening.in_secs) + usual)
        }
    }
}

/// A turn that failed or timed out goes to a person, in the language we last knew.
/// The buyer's phone number when the platform vouches for it: a WhatsApp conversation is kept
/// under its buyer's number (`whatsapp.<number>`, channels::worker), which WhatsApp verified.
fn vouched_phone(id: &crate::domain::ConversationId) -> Option<&str> {
    id.as_str().strip_prefix("whatsapp.").filter(|n| n.len() >= 6 && n.bytes().all(|b| b.is_ascii_digit()))
}

fn failed_turn(shop: &Shop, meta: &ConversationMeta) -> TurnOutcome {
    TurnOutcome {
        language: meta.locale.clone().unwrap_or_else(|| shop.default_language.clone()),
        classification: crate::pipeline::Classification {
            intent: Intent::Other,
            probability: 0.0,
            alternatives: Vec::new(),
            entities: Default::default(),
        },
        text: String::new(),
        confidence: 0.0,
        sources: Vec::new(),
        decision: Decision::Handoff(HandoffReason::Error),
        notes: Default::default(),
        preface: String::new(),
    }
}
