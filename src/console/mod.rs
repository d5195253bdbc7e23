//! The agent console's use cases: accounts and sessions, the hand-off queue as an agent sees
//! it, taking a conversation over (claim, reply, note, transfer, resolve), translation both
//! ways, canned replies, saving an answer as a FAQ entry (the learning loop), reviewing unsure
//! bot answers, and the audit log. `gateway::console` is its HTTP and websocket edge.
//!
//! **Invariant:** every use case that names a shop checks that the agent serves it, here, before
//! reading anything; a shop the agent does not serve is `NotFound`, like one that does not exist.
//! Every action on a conversation is written to the shop's audit log.

mod actions;
pub mod password;
pub mod store;
mod throttle;

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use self::store::{Agent, AgentError, AuditRecord, Canned, ConsoleStore, Role, Session};
use crate::conversation::log::{ConversationMeta, LogError};
use crate::conversation::{ConversationError, Conversations};
use crate::domain::{
    AgentRef, ConversationId, ConversationKey, Entry, EntryBody, Language, Owner, Review, ShopId, Ticket, Verdict,
    now_ms,
};
use crate::ingestion::Ingestor;
use crate::knowledge::LearnedFaq;
use crate::pipeline::{LanguageDetector, ShopFacts, StageError, grounding};

/// Translates text for agents and buyers. The OpenAI-compatible adapter implements it.
#[async_trait::async_trait]
pub trait Translator: Send + Sync {
    /// `shop` is whose conversation it is: model calls are bounded per shop.
    async fn translate(&self, shop: &ShopId, text: &str, to: &Language) -> Result<String, StageError>;
}

#[derive(Debug, thiserror::Error)]
pub enum ConsoleError {
    #[error("wrong e-mail address or password")]
    BadCredentials,
    #[error("too many failed logins from this address or for this account; try again in a few minutes")]
    RateLimited,
    #[error("too many logins at once; try again in a moment")]
    Busy,
    #[error("log in first (the session is missing, unknown or expired)")]
    Unauthenticated,
    #[error("not found")]
    NotFound,
    #[error("only a shop admin may do this")]
    Forbidden,
    #[error("{} is already answering this conversation", .0.name)]
    AlreadyClaimed(AgentRef),
    #[error("claim the conversation before replying")]
    NotClaimed,
    #[error("the conversation is not waiting for a person")]
    NotQueued,
    #[error("no translation model is configured; send the text as written")]
    TranslationUnavailable,
    #[error("the translation failed ({0}); try again or send the text as written")]
    TranslationFailed(String),
    #[error("{0}")]
    Invalid(String),
    #[error("storage failed: {0}")]
    Storage(String),
}

impl From<LogError> for ConsoleError {
    fn from(err: LogError) -> ConsoleError {
        match err {
            LogError::NotFound => ConsoleError::NotFound,
            LogError::NotQueued => ConsoleError::NotQueued,
            LogError::ClaimedBy(Some(holder)) => ConsoleError::AlreadyClaimed(holder),
            LogError::ClaimedBy(None) => ConsoleError::NotClaimed,
            other @ (LogError::Storage(_) | LogError::Corrupt(_)) => ConsoleError::Storage(other.to_string()),
        }
    }
}

impl From<ConversationError> for ConsoleError {
    fn from(err: ConversationError) -> ConsoleError {
        match err {
            ConversationError::UnknownShop(_) => ConsoleError::NotFound,
            ConversationError::Log(err) => err.into(),
        }
    }
}

impl From<AgentError> for ConsoleError {
    fn from(err: AgentError) -> ConsoleError {
        match err {
            AgentError::EmailTaken(owner) => {
                ConsoleError::Invalid(format!("the e-mail address is already used by agent {owner}"))
            }
            AgentError::Storage(err) => err.into(),
        }
    }
}

/// A new account, as the operator describes it.
pub struct NewAgent {
    pub id: String,
    pub name: String,
    pub email: String,
    pub password: String,
    pub role: Role,
    pub language: Language,
    pub shops: Vec<ShopId>,
}

/// Shortest password accepted.
const MIN_PASSWORD_CHARS: usize = 10;
/// Buyer and bot entries shown with a queue item.
const QUEUE_PREVIEW: usize = 3;
/// Entries shown when a conversation is opened.
const CONVERSATION_ENTRIES: usize = 200;

/// A conversation in the queue, as the console lists it.
#[derive(Debug, Clone, Serialize)]
pub struct QueueItem {
    pub shop: ShopId,
    /// Where the buyer writes from: `widget` or a platform (`generic`, `shopee` …).
    pub channel: &'static str,
    #[serde(flatten)]
    pub ticket: Ticket,
    pub last_messages: Vec<Preview>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    pub seq: u64,
    pub role: &'static str,
    pub text: String,
}

/// An opened conversation.
#[derive(Debug, Clone, Serialize)]
pub struct ConversationView {
    pub shop: ShopId,
    pub conversation: ConversationId,
    pub channel: &'static str,
    pub owner: Owner,
    pub claimed_by: Option<AgentRef>,
    pub buyer_language: Option<Language>,
    pub translation: &'static str,
    pub entries: Vec<Entry>,
}

/// The verdicts on a shop's unsure answers.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewSummary {
    pub right: usize,
    pub wrong: usize,
    /// Above the most confident answer judged wrong; `None` before any is.
    pub suggested_threshold: Option<f32>,
}

/// What the buyer received.
#[derive(Debug, Clone, Serialize)]
pub struct Sent {
    pub seq: u64,
    pub text: String,
    pub language: Language,
    pub original: String,
}

/// What the console is built from (`app.rs` names the adapters).
pub struct ConsoleParts {
    pub store: Arc<dyn ConsoleStore>,
    pub conversations: Arc<Conversations>,
    pub ingestor: Arc<Ingestor>,
    pub facts: Arc<dyn ShopFacts>,
    pub translator: Option<Arc<dyn Translator>>,
    pub detector: Arc<dyn LanguageDetector>,
    pub session_ttl: Duration,
    /// Actions on orders waiting for the shop's approval; `None` where none are taken.
    pub actions: Option<Arc<crate::actions::Actions>>,
}

pub struct Console {
    store: Arc<dyn ConsoleStore>,
    conversations: Arc<Conversations>,
    ingestor: Arc<Ingestor>,
    facts: Arc<dyn ShopFacts>,
    translator: Option<Arc<dyn Translator>>,
    detector: Arc<dyn LanguageDetector>,
    session_ttl: Duration,
    throttle: throttle::Throttle,
    actions: Option<Arc<crate::actions::Actions>>,
}

impl Console {
    pub fn new(parts: ConsoleParts) -> Console {
        let ConsoleParts { store, conversations, ingestor, facts, translator, detector, session_ttl, actions } = parts;
        Console {
            store,
            conversations,
            ingestor,
            facts,
            translator,
            detector,
            session_ttl,
            throttle: throttle::Throttle::default(),
            actions,
        }
    }

    pub fn conversations(&self) -> &Arc<Conversations> {
        &self.conversations
    }

    /// Creates an account, or replaces the one with the same id (a new password, new shops).
    pub async fn add_agent(&self, new: NewAgent) -> Result<Agent, ConsoleError> {
        add_agent(self.store.as_ref(), new).await
    }

    pub async fn agents(&self) -> Result<Vec<Agent>, ConsoleError> {
        Ok(self.store.agents().await?)
    }

    /// Checks the password and opens a session: its token (give it to the client once; only
    /// its hash is stored) and when it expires.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        from: IpAddr,
    ) -> Result<(String, Session, Agent), ConsoleError> {
        let email = email.trim().to_lowercase();
        // Counted as failed before the hash; taken back once the password holds.
        let attempt = self.throttle.attempt(from, &email).await.map_err(|refusal| match refusal {
            throttle::Refusal::Throttled => ConsoleError::RateLimited,
            throttle::Refusal::Busy => ConsoleError::Busy,
        })?;
        let agent = self.store.agent_by_email(&email).await?;
        // An unknown address costs the same hashing as a wrong password.
        let hash = agent.as_ref().map(|a| a.password_hash.clone());
        let valid = password::verify(password.to_owned(), hash).await;
        let Some(agent) = agent.filter(|a| valid && !a.disabled) else {
            return Err(ConsoleError::BadCredentials);
        };
        attempt.succeeded();
        let token = password::new_token();
        let session = Session {
            agent: agent.id.clone(),
            expires_at_ms: now_ms() + self.session_ttl.as_millis() as u64,
            issued_at_ms: now_ms(),
        };
        self.store.put_session(&password::token_hash(&token), &session).await?;
        for shop in &agent.shops {
            self.audit(&agent, shop, "login", None, None).await?;
        }
        Ok((token, session, agent))
    }

    /// The agent a session token belongs to.
    pub async fn authenticate(&self, token: &str) -> Result<Agent, ConsoleError> {
        let hash = password::token_hash(token);
        let session = self.store.session(&hash).await?.ok_or(ConsoleError::Unauthenticated)?;
        if session.expires_at_ms <= now_ms() {
            self.store.delete_session(&hash).await?;
            return Err(ConsoleError::Unauthenticated);
        }
        match self.store.agent(&session.agent).await? {
            // A session outlives neither its agent nor a change to the account.
            Some(agent) if !agent.disabled && session.issued_at_ms >= agent.changed_at_ms => Ok(agent),
            Some(_) | None => {
                self.store.delete_session(&hash).await?;
                Err(ConsoleError::Unauthenticated)
            }
        }
    }

    /// Disables (or enables again) an agent: a disabled one cannot log in, and their sessions
    /// end at once. `NotFound` for an unknown id.
    pub async fn set_disabled(&self, id: &str, disabled: bool) -> Result<Agent, ConsoleError> {
        let mut agent = self.store.agent(id).await?.ok_or(ConsoleError::NotFound)?;
        agent.disabled = disabled;
        agent.changed_at_ms = now_ms();
        self.store.put_agent(&agent).await?;
        Ok(agent)
    }

    /// Deletes an agent; their sessions end with them. Their entries in conversations and the
    /// audit log stay (they are the shop's record).
    pub async fn remove_agent(&self, id: &str) -> Result<(), ConsoleError> {
        if self.store.delete_agent(id).await? { Ok(()) } else { Err(ConsoleError::NotFound) }
    }

    /// The shop's API keys (never the keys themselves).
    pub async fn api_keys(&self, shop: &ShopId) -> Result<Vec<store::ListedKey>, ConsoleError> {
        Ok(self.store.api_keys(shop).await?)
    }

    /// Revokes one of the shop's keys, by the id `api_keys` lists.
    pub async fn revoke_api_key(&self, shop: &ShopId, id: &str) -> Result<(), ConsoleError> {
        if self.store.delete_api_key(shop, id).await? { Ok(()) } else { Err(ConsoleError::NotFound) }
    }

    pub async fn logout(&self, token: &str) -> Result<(), ConsoleError> {
        Ok(self.store.delete_session(&password::token_hash(token)).await?)
    }

    /// The queue of every shop the agent serves, oldest hand-off first.
    pub async fn queue(&self, agent: &Agent) -> Result<Vec<QueueItem>, ConsoleError> {
        let mut items = Vec::new();
        for shop in &agent.shops {
            if self.conversations.shop(shop).is_none() {
                continue;
            }
            for ticket in self.conversations.handoffs(shop).await? {
                items.push(self.item(shop, ticket).await?);
            }
        }
        items.sort_by_key(|item| item.ticket.at_ms);
        Ok(items)
    }

    /// A queue item for `ticket`, with the last messages.
    pub async fn item(&self, shop: &ShopId, ticket: Ticket) -> Result<QueueItem, ConsoleError> {
        let key = ConversationKey { shop: shop.clone(), id: ticket.conversation.clone() };
        let recent = self.conversations.recent(&key, 12).await?;
        let mut last_messages: Vec<Preview> = recent
            .iter()
            .rev()
            .filter_map(|entry| match &entry.body {
                EntryBody::Buyer { text, .. } => Some(Preview { seq: entry.seq, role: "buyer", text: text.clone() }),
                EntryBody::Bot { text, .. } => Some(Preview { seq: entry.seq, role: "bot", text: text.clone() }),
                EntryBody::Agent { text, .. } => Some(Preview { seq: entry.seq, role: "agent", text: text.clone() }),
                EntryBody::Handoff { .. }
                | EntryBody::Note { .. }
                | EntryBody::Claimed { .. }
                | EntryBody::Resolved { .. } => None,
            })
            .take(QUEUE_PREVIEW)
            .collect();
        last_messages.reverse();
        Ok(QueueItem { shop: shop.clone(), channel: channel_of(&ticket.conversation), ticket, last_messages })
    }

    /// The shop, if the agent serves it and it is served here.
    pub fn shop_of(&self, agent: &Agent, shop: &str) -> Result<ShopId, ConsoleError> {
        let shop = ShopId::parse(shop).map_err(|_| ConsoleError::NotFound)?;
        if !agent.serves(&shop) || self.conversations.shop(&shop).is_none() {
            return Err(ConsoleError::NotFound);
        }
        Ok(shop)
    }

    fn key(&self, agent: &Agent, shop: &str, conversation: &str) -> Result<ConversationKey, ConsoleError> {
        let shop = self.shop_of(agent, shop)?;
        let id = ConversationId::parse(conversation).map_err(|_| ConsoleError::NotFound)?;
        Ok(ConversationKey { shop, id })
    }

    fn buyer_language(&self, key: &ConversationKey, entries: &[Entry], meta: &ConversationMeta) -> Option<Language> {
        buyer_language(entries, meta, &*self.conversations.shop(&key.shop)?)
    }

    async fn existing(&self, key: &ConversationKey) -> Result<ConversationMeta, ConsoleError> {
        self.conversations.meta(key).await?.ok_or(ConsoleError::NotFound)
    }

    /// The whole conversation (its last `CONVERSATION_ENTRIES` entries). Audited as a read.
    pub async fn conversation(&self, agent: &Agent, shop: &str, id: &str) -> Result<ConversationView, ConsoleError> {
        let key = self.key(agent, shop, id)?;
        let meta = self.existing(&key).await?;
        let entries = self.conversations.recent(&key, CONVERSATION_ENTRIES).await?;
        self.audit(agent, &key.shop, "read", Some(&key.id), None).await?;
        self.view(key, meta, entries).await
    }

    async fn view(
        &self,
        key: ConversationKey,
        meta: ConversationMeta,
        entries: Vec<Entry>,
    ) -> Result<ConversationView, ConsoleError> {
        let ticket = self.conversations.ticket(&key).await?;
        Ok(ConversationView {
            buyer_language: self.buyer_language(&key, &entries, &meta),
            channel: channel_of(&key.id),
            shop: key.shop,
            conversation: key.id,
            owner: meta.owner,
            claimed_by: ticket.and_then(|t| t.claimed_by),
            translation: if self.translator.is_some() { "available" } else { "unavailable" },
            entries,
        })
    }

    /// The buyer's messages in the agent's language (those already in it are left out).
    /// Translations are cached.
    pub async fn translate(&self, agent: &Agent, shop: &str, id: &str) -> Result<BTreeMap<u64, String>, ConsoleError> {
        let key = self.key(agent, shop, id)?;
        self.existing(&key).await?;
        let translator = self.translator.as_ref().ok_or(ConsoleError::TranslationUnavailable)?;
        let entries = self.conversations.recent(&key, CONVERSATION_ENTRIES).await?;
        let mut out = BTreeMap::new();
        for entry in &entries {
            let EntryBody::Buyer { text, .. } = &entry.body else { continue };
            if text.trim().is_empty() || self.written_in(text, &agent.language) {
                continue;
            }
            let translated = match self.store.translation(&key, entry.seq, &agent.language).await? {
                Some(cached) => cached,
                None => {
                    let translated =
                        self.checked_translation(translator.as_ref(), &key.shop, text, &agent.language).await?;
                    self.store.put_translation(&key, entry.seq, &agent.language, &translated).await?;
                    translated
                }
            };
            out.insert(entry.seq, translated);
        }
        self.audit(agent, &key.shop, "translate", Some(&key.id), None).await?;
        Ok(out)
    }

    /// A translation that keeps every number of the original and is in the target language.
    async fn checked_translation(
        &self,
        translator: &dyn Translator,
        shop: &ShopId,
        text: &str,
        to: &Language,
    ) -> Result<String, ConsoleError> {
        let translated = translator
            .translate(shop, text, to)
            .await
            .map_err(|e| ConsoleError::TranslationFailed(e.message.clone()))?;
        let facts = grounding::Facts::new([text]);
        facts.claims(&translated).map_err(|e| ConsoleError::TranslationFailed(e.to_string()))?;
        grounding::in_language(&translated, to, self.detector.as_ref(), &any_language(to))
            .map_err(|e| ConsoleError::TranslationFailed(e.to_string()))?;
        Ok(translated)
    }

    /// Whether `text` is in `language`, among all languages (not only a shop's).
    fn written_in(&self, text: &str, language: &Language) -> bool {
        grounding::in_language(text, language, self.detector.as_ref(), &any_language(language)).is_ok()
    }

    /// Takes a queued conversation. Taking one's own again is fine; someone else's is refused.
    pub async fn claim(&self, agent: &Agent, shop: &str, id: &str) -> Result<AgentRef, ConsoleError> {
        let key = self.key(agent, shop, id)?;
        let ticket = self.conversations.ticket(&key).await?.ok_or(ConsoleError::NotQueued)?;
        let me = agent_ref(agent);
        match ticket.claimed_by {
            Some(holder) if holder.id == agent.id => return Ok(holder),
            Some(holder) => return Err(ConsoleError::AlreadyClaimed(holder)),
            None => {}
        }
        self.conversations.record(&key, EntryBody::Claimed { agent: me.clone(), from: None }).await?;
        self.audit(agent, &key.shop, "claim", Some(&key.id), None).await?;
        Ok(me)
    }

    /// Hands the claim to another agent of the shop.
    pub async fn transfer(&self, agent: &Agent, shop: &str, id: &str, to: &str) -> Result<AgentRef, ConsoleError> {
        let key = self.key(agent, shop, id)?;
        let target = self.store.agent(to).await?.filter(|a| a.serves(&key.shop)).ok_or(ConsoleError::NotFound)?;
        self.holding(agent, &key).await?;
        let to = agent_ref(&target);
        let body = EntryBody::Claimed { agent: to.clone(), from: Some(agent_ref(agent)) };
        self.conversations.record(&key, body).await?;
        self.audit(agent, &key.shop, "transfer", Some(&key.id), Some(target.id.clone())).await?;
        Ok(to)
    }

    /// Sends the agent's reply to the buyer, translated into the buyer's language unless
    /// `translate` is false. Only the agent holding the claim may reply.
    pub async fn reply(
        &self,
        agent: &Agent,
        shop: &str,
        id: &str,
        text: &str,
        translate: bool,
    ) -> Result<Sent, ConsoleError> {
        let key = self.key(agent, shop, id)?;
        let original = checked_text(text)?;
        let meta = self.existing(&key).await?;
        self.holding(agent, &key).await?;
        let entries = self.conversations.recent(&key, CONVERSATION_ENTRIES).await?;
        let buyer = self.buyer_language(&key, &entries, &meta).unwrap_or_else(|| agent.language.clone());
        let (sent, language) = if !translate || buyer.primary() == agent.language.primary() {
            let language = if translate { buyer } else { agent.language.clone() };
            (original.clone(), language)
        } else {
            let translator = self.translator.as_ref().ok_or(ConsoleError::TranslationUnavailable)?;
            (self.checked_translation(translator.as_ref(), &key.shop, &original, &buyer).await?, buyer)
        };
        let body = EntryBody::Agent {
            agent: agent_ref(agent),
            text: sent.clone(),
            language: language.clone(),
            original: original.clone(),
        };
        let entry = self.conversations.record(&key, body).await?;
        self.audit(agent, &key.shop, "reply", Some(&key.id), Some(format!("seq {}", entry.seq))).await?;
        Ok(Sent { seq: entry.seq, text: sent, language, original })
    }

    /// An internal note on the conversation.
    pub async fn note(&self, agent: &Agent, shop: &str, id: &str, text: &str) -> Result<u64, ConsoleError> {
        let key = self.key(agent, shop, id)?;
        let text = checked_text(text)?;
        self.existing(&key).await?;
        let entry = self.conversations.record(&key, EntryBody::Note { agent: agent_ref(agent), text }).await?;
        self.audit(agent, &key.shop, "note", Some(&key.id), None).await?;
        Ok(entry.seq)
    }

    /// Gives the conversation back to the bot. The agent holding the claim, or anyone while
    /// nobody holds it, may resolve.
    pub async fn resolve(&self, agent: &Agent, shop: &str, id: &str) -> Result<u64, ConsoleError> {
        let key = self.key(agent, shop, id)?;
        let ticket = self.conversations.ticket(&key).await?.ok_or(ConsoleError::NotQueued)?;
        if let Some(holder) = ticket.claimed_by.filter(|h| h.id != agent.id) {
            return Err(ConsoleError::AlreadyClaimed(holder));
        }
        let entry = self.conversations.record(&key, EntryBody::Resolved { agent: agent_ref(agent) }).await?;
        self.audit(agent, &key.shop, "resolve", Some(&key.id), None).await?;
        Ok(entry.seq)
    }

    /// The shop's canned replies (templates, variables unfilled).
    pub async fn canned(&self, agent: &Agent, shop: &str) -> Result<Vec<Canned>, ConsoleError> {
        let shop = self.shop_of(agent, shop)?;
        Ok(self.store.canned(&shop).await?)
    }

    /// Adds a canned reply: shop admins only.
    pub async fn add_canned(&self, agent: &Agent, shop: &str, title: &str, text: &str) -> Result<Canned, ConsoleError> {
        let shop = self.shop_of(agent, shop)?;
        if agent.role != Role::ShopAdmin {
            return Err(ConsoleError::Forbidden);
        }
        let title = title.trim();
        if title.is_empty() || title.chars().count() > 120 {
            return Err(ConsoleError::Invalid("title: 1–120 characters".into()));
        }
        let canned = Canned {
            id: uuid::Uuid::new_v4().simple().to_string(),
            title: title.to_owned(),
            text: checked_text(text)?,
        };
        self.store.put_canned(&shop, &canned).await?;
        self.audit(agent, &shop, "canned_add", None, Some(canned.title.clone())).await?;
        Ok(canned)
    }

    pub async fn delete_canned(&self, agent: &Agent, shop: &str, id: &str) -> Result<(), ConsoleError> {
        let shop = self.shop_of(agent, shop)?;
        if agent.role != Role::ShopAdmin {
            return Err(ConsoleError::Forbidden);
        }
        if !self.store.delete_canned(&shop, id).await? {
            return Err(ConsoleError::NotFound);
        }
        self.audit(agent, &shop, "canned_delete", None, Some(id.to_owned())).await
    }

    /// The canned replies with this conversation's variables filled in: the order the
    /// conversation is about (its number, carrier, tracking number and link), the buyer's
    /// language and the agent's name. A variable the conversation does not know stays as written.
    pub async fn canned_for(&self, agent: &Agent, shop: &str, id: &str) -> Result<Vec<Canned>, ConsoleError> {
        let key = self.key(agent, shop, id)?;
        let meta = self.existing(&key).await?;
        let entries = self.conversations.recent(&key, CONVERSATION_ENTRIES).await?;
        let mut values: Vec<(&str, String)> = vec![("agent_name", agent.name.clone())];
        if let Some(language) = self.buyer_language(&key, &entries, &meta) {
            values.push(("buyer_language", language.as_str().to_owned()));
        }
        let order_id = entries.iter().rev().find_map(|e| e.body.notes().and_then(|n| n.slots.order_id.clone()));
        let shop_record = self.conversations.shop(&key.shop).ok_or(ConsoleError::NotFound)?;
        if let Some(order_id) = order_id {
            if let Ok(Some(order)) = self.facts.order(&shop_record, &order_id).await {
                if let (Some(carrier), Some(number)) = (&order.carrier, &order.tracking_number)
                    && let Some(url) = self.facts.tracking_url(&key.shop, carrier, number)
                {
                    values.push(("tracking_url", url));
                }
                if let Some(carrier) = order.carrier {
                    values.push(("carrier", carrier));
                }
                if let Some(number) = order.tracking_number {
                    values.push(("tracking_number", number));
                }
            }
            values.push(("order_id", order_id));
        }
        let mut canned = self.store.canned(&key.shop).await?;
        for reply in &mut canned {
            for (name, value) in &values {
                reply.text = reply.text.replace(&format!("{{{name}}}"), value);
            }
        }
        Ok(canned)
    }

    /// Saves an answer as one of the shop's FAQ entries; the bot answers from it at once.
    pub async fn learn(&self, agent: &Agent, shop: &str, question: &str, answer: &str) -> Result<(), ConsoleError> {
        let shop = self.shop_of(agent, shop)?;
        // What the bot tells every buyer is the shop admin's to change.
        if agent.role != Role::ShopAdmin {
            return Err(ConsoleError::Forbidden);
        }
        let question = checked_text(question)?;
        if question.lines().count() > 1 || question.chars().count() > 300 {
            return Err(ConsoleError::Invalid("question: one line, at most 300 characters".into()));
        }
        let entry = LearnedFaq {
            question: question.clone(),
            answer: checked_text(answer)?,
            agent: agent.id.clone(),
            at_ms: now_ms(),
        };
        self.ingestor.learn(&shop, entry).await.map_err(|e| ConsoleError::Storage(e.to_string()))?;
        self.audit(agent, &shop, "faq_add", None, Some(question)).await
    }

    /// Recent unsure bot answers, and what the verdicts so far suggest for the threshold: the
    /// lowest confidence above every answer judged wrong.
    pub async fn reviews(&self, agent: &Agent, shop: &str) -> Result<(Vec<Review>, ReviewSummary), ConsoleError> {
        let shop = self.shop_of(agent, shop)?;
        let reviews = self.store.reviews(&shop, 200).await?;
        let judged = |v: Verdict| reviews.iter().filter(|r| r.verdict == Some(v)).count();
        let highest_wrong =
            reviews.iter().filter(|r| r.verdict == Some(Verdict::Wrong)).map(|r| r.confidence).reduce(f32::max);
        let summary = ReviewSummary {
            right: judged(Verdict::Right),
            wrong: judged(Verdict::Wrong),
            suggested_threshold: highest_wrong.map(|c| ((c + 0.01) * 100.0).ceil() / 100.0),
        };
        Ok((reviews, summary))
    }

    pub async fn review(
        &self,
        agent: &Agent,
        shop: &str,
        conversation: &str,
        seq: u64,
        verdict: Verdict,
    ) -> Result<(), ConsoleError> {
        let shop = self.shop_of(agent, shop)?;
        if !self.store.set_verdict(&shop, conversation, seq, verdict).await? {
            return Err(ConsoleError::NotFound);
        }
        let id = ConversationId::parse(conversation).ok();
        let detail = format!("seq {seq}: {verdict:?}").to_lowercase();
        self.audit(agent, &shop, "review", id.as_ref(), Some(detail)).await
    }

    /// A transcript of the conversation, for the agent to keep. Audited as an export.
    pub async fn export(&self, agent: &Agent, shop: &str, id: &str) -> Result<ConversationView, ConsoleError> {
        let key = self.key(agent, shop, id)?;
        let meta = self.existing(&key).await?;
        let entries = self.conversations.entries_after(&key, 0, usize::MAX).await?;
        self.audit(agent, &key.shop, "export", Some(&key.id), Some(format!("{} entries", entries.len()))).await?;
        self.view(key, meta, entries).await
    }

    /// A new key for the shop's own systems; only its hash is kept, so it is shown once.
    pub async fn add_api_key(
        &self,
        shop: &ShopId,
        label: &str,
        lifetime: Option<Duration>,
    ) -> Result<String, ConsoleError> {
        add_api_key(self.store.as_ref(), shop, label, lifetime).await
    }

    /// The shop a key belongs to, while it has not expired.
    pub async fn shop_of_key(&self, key: &str) -> Result<Option<ShopId>, ConsoleError> {
        let key = self.store.api_key(&password::token_hash(key)).await?;
        Ok(key.filter(|k| k.expires_at_ms.is_none_or(|at| at > now_ms())).map(|k| k.shop))
    }

    /// The shop's audit log, newest first: shop admins only.
    pub async fn audit_log(&self, agent: &Agent, shop: &str) -> Result<Vec<AuditRecord>, ConsoleError> {
        let shop = self.shop_of(agent, shop)?;
        if agent.role != Role::ShopAdmin {
            return Err(ConsoleError::Forbidden);
        }
        Ok(self.store.audit_log(&shop, 500).await?)
    }

    async fn holding(&self, agent: &Agent, key: &ConversationKey) -> Result<(), ConsoleError> {
        let ticket = self.conversations.ticket(key).await?.ok_or(ConsoleError::NotQueued)?;
        match ticket.claimed_by {
            Some(holder) if holder.id == agent.id => Ok(()),
            Some(holder) => Err(ConsoleError::AlreadyClaimed(holder)),
            None => Err(ConsoleError::NotClaimed),
        }
    }

    async fn audit(
        &self,
        agent: &Agent,
        shop: &ShopId,
        action: &str,
        conversation: Option<&ConversationId>,
        detail: Option<String>,
    ) -> Result<(), ConsoleError> {
        let record = AuditRecord {
            at_ms: now_ms(),
            shop: shop.clone(),
            agent: agent.id.clone(),
            action: action.to_owned(),
            conversation: conversation.map(|c| c.as_str().to_owned()),
            detail,
        };
        Ok(self.store.audit(&record).await?)
    }
}

/// Creates an account, or replaces the one with the same id (a new password, new shops).
pub async fn add_agent(store: &dyn ConsoleStore, new: NewAgent) -> Result<Agent, ConsoleError> {
    let id_ok = !new.id.is_empty()
        && new.id.len() <= 64
        && new.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !id_ok {
        return Err(ConsoleError::Invalid("agent id: use 1–64 of a-z, 0-9 and -".into()));
    }
    let email = new.email.trim().to_lowercase();
    if !email.contains('@') || email.chars().any(char::is_whitespace) {
        return Err(ConsoleError::Invalid(format!("e-mail {email:?} is not an address")));
    }
    if new.name.trim().is_empty() {
        return Err(ConsoleError::Invalid("name: give the name buyers will see".into()));
    }
    if new.password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ConsoleError::Invalid(format!("password: at least {MIN_PASSWORD_CHARS} characters")));
    }
    if new.shops.is_empty() {
        return Err(ConsoleError::Invalid("shops: an agent serves at least one shop".into()));
    }
    let password_hash = password::hash(new.password).await.map_err(ConsoleError::Storage)?;
    let agent = Agent {
        id: new.id,
        name: new.name.trim().to_owned(),
        email,
        password_hash,
        role: new.role,
        language: new.language,
        shops: new.shops,
        created_at_ms: now_ms(),
        disabled: false,
        // Replacing an account (a new password, role or shops) ends its sessions.
        changed_at_ms: now_ms(),
    };
    store.put_agent(&agent).await?;
    Ok(agent)
}

/// How long a shop key lives, from days (1–3650).
pub fn key_lifetime(days: u32) -> Result<Duration, ConsoleError> {
    if !(1..=3650).contains(&days) {
        return Err(ConsoleError::Invalid("expires_in_days: 1 to 3650".into()));
    }
    Ok(Duration::from_secs(u64::from(days) * 86_400))
}

/// Creates a key for `shop`'s own systems (`kefu_` and 64 hexadecimal characters).
pub async fn add_api_key(
    store: &dyn ConsoleStore,
    shop: &ShopId,
    label: &str,
    lifetime: Option<Duration>,
) -> Result<String, ConsoleError> {
    let label = label.trim();
    if label.is_empty() || label.chars().count() > 80 {
        return Err(ConsoleError::Invalid("label: say what the key is for, in 1–80 characters".into()));
    }
    let key = format!("kefu_{}", password::new_token());
    let expires_at_ms = lifetime.map(|d| now_ms().saturating_add(d.as_millis() as u64));
    let record = store::ApiKey { shop: shop.clone(), label: label.to_owned(), created_at_ms: now_ms(), expires_at_ms };
    store.put_api_key(&password::token_hash(&key), &record).await?;
    Ok(key)
}

/// Where a conversation's buyer writes from: a channel's conversations are named after their
/// platform (`generic.c-42`), the widget's are not.
fn channel_of(conversation: &ConversationId) -> &'static str {
    let prefix = conversation.as_str().split_once('.').map(|(p, _)| p);
    prefix.and_then(crate::channels::Platform::parse).map_or("widget", crate::channels::Platform::as_str)
}

/// A shop that serves every language: language checks for translations are not limited to the
/// languages the bot answers in.
fn any_language(language: &Language) -> crate::shop::Shop {
    crate::shop::Shop::serving_any_language("translation", language.clone())
}

pub fn agent_ref(agent: &Agent) -> AgentRef {
    AgentRef { id: agent.id.clone(), name: agent.name.clone() }
}

/// The buyer's language: the one the bot last answered in, which follows what the buyer
/// writes — but the bot answers only in the shop's languages, so a locale the buyer's client
/// reported outside them (a Chinese browser at a shop serving pt, es, en) wins: a person with a
/// translator can answer in it.
fn buyer_language(entries: &[Entry], meta: &ConversationMeta, shop: &crate::shop::Shop) -> Option<Language> {
    let served = |l: &Language| shop.languages.is_empty() || shop.languages.iter().any(|s| s.primary() == l.primary());
    if let Some(locale) = meta.locale.as_ref().filter(|l| !served(l)) {
        return Some(locale.clone());
    }
    let answered = entries.iter().rev().find_map(|entry| match &entry.body {
        EntryBody::Bot { language, .. } | EntryBody::Handoff { language, .. } => Some(language.clone()),
        EntryBody::Buyer { .. }
        | EntryBody::Agent { .. }
        | EntryBody::Note { .. }
        | EntryBody::Claimed { .. }
        | EntryBody::Resolved { .. } => None,
    });
    answered.or_else(|| meta.locale.clone())
}

/// Longest agent reply or note, in characters.
const MAX_TEXT_CHARS: usize = 4000;

fn checked_text(text: &str) -> Result<String, ConsoleError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ConsoleError::Invalid("the text is empty".into()));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(ConsoleError::Invalid(format!("the text is over {MAX_TEXT_CHARS} characters")));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{HandoffReason, TurnNotes};
    use crate::shop::Shop;

    fn handed_off_in(language: &str) -> Vec<Entry> {
        let body = EntryBody::Handoff {
            reply_to: 1,
            reason: HandoffReason::HumanRequest,
            text: "…".into(),
            language: Language::parse(language).unwrap(),
            expected_wait_secs: 60,
            intent: None,
            notes: TurnNotes::default(),
        };
        vec![Entry { seq: 2, at_ms: 1, body }]
    }

    #[test]
    fn a_locale_the_shop_does_not_answer_in_is_the_buyers_language_for_a_person() {
        let mut shop = Shop::serving_any_language("s", Language::parse("pt-BR").unwrap());
        let meta = ConversationMeta::new(Language::parse("zh-CN"));
        let entries = handed_off_in("pt-BR");
        assert_eq!(buyer_language(&entries, &meta, &shop), Language::parse("pt-BR"), "any language: the bot's");
        shop.languages = vec![Language::parse("pt-BR").unwrap(), Language::parse("es").unwrap()];
        assert_eq!(buyer_language(&entries, &meta, &shop), Language::parse("zh-CN"), "outside the shop's: the locale");
        let spanish = ConversationMeta::new(Language::parse("es"));
        assert_eq!(buyer_language(&entries, &spanish, &shop), Language::parse("pt-BR"), "what the buyer writes wins");
    }
}
