//! The agent console's use cases: accounts and sessions (`accounts.rs`), the hand-off queue as
//! an agent sees it and opened conversations (`queue.rs`), taking a conversation over — claim,
//! reply, note, transfer, resolve, translation both ways (`actions.rs`) —, canned replies and
//! saving an answer as a FAQ entry, the learning loop (`canned.rs`), reviewing unsure bot
//! answers (`reviews.rs`), the shop's decisions on actions on orders (`approvals.rs`) and the
//! audit log (`audit.rs`). `gateway::console` is its HTTP and websocket edge.
//!
//! **Invariant:** every use case that names a shop takes a `ShopScope` or `ConversationScope`,
//! which only `Console::shop_scope` and `Console::conversation_scope` make, after checking that
//! the agent serves the shop; a shop the agent does not serve is `NotFound`, like one that does
//! not exist. Every action on a conversation is written to the shop's audit log, after the
//! action (an audit write that fails is reported as an error; the action stands).

mod accounts;
mod actions;
mod approvals;
mod audit;
mod canned;
pub mod password;
mod queue;
mod reviews;
pub mod store;
mod throttle;

use std::sync::Arc;
use std::time::Duration;

pub use self::accounts::{NewAgent, add_agent, add_api_key, key_lifetime};
pub use self::actions::Sent;
pub use self::queue::{ConversationView, Preview, QueueItem};
pub use self::reviews::ReviewSummary;
use self::store::{Agent, AgentError, ConsoleStore};
use crate::conversation::log::{ConversationMeta, LogError};
use crate::conversation::{ConversationError, Conversations};
use crate::domain::StorageError;
use crate::domain::{AgentRef, Clock, ConversationId, ConversationKey, Entry, EntryBody, Language, ShopId};
use crate::ingestion::Ingestor;
use crate::pipeline::{LanguageDetector, ShopFacts, StageError};

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
    /// The store (or the system behind a use case: the ingestor, the actions) failed; the
    /// cause is kept.
    #[error("storage failed: {0}")]
    Storage(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl From<StorageError> for ConsoleError {
    fn from(err: StorageError) -> ConsoleError {
        ConsoleError::Storage(Box::new(err))
    }
}

impl From<LogError> for ConsoleError {
    fn from(err: LogError) -> ConsoleError {
        match err {
            LogError::NotFound => ConsoleError::NotFound,
            LogError::NotQueued => ConsoleError::NotQueued,
            LogError::ClaimedBy(Some(holder)) => ConsoleError::AlreadyClaimed(holder),
            LogError::ClaimedBy(None) => ConsoleError::NotClaimed,
            LogError::Store(err) => err.into(),
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
    /// When sessions and keys expire.
    pub clock: Clock,
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
    clock: Clock,
}

impl Console {
    pub fn new(parts: ConsoleParts) -> Console {
        let ConsoleParts { store, conversations, ingestor, facts, translator, detector, session_ttl, actions, clock } =
            parts;
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
            clock,
        }
    }

    pub fn conversations(&self) -> &Arc<Conversations> {
        &self.conversations
    }
}

/// An agent acting for one shop they serve, served here. Only `Console::shop_scope` makes one,
/// so a use case that takes one cannot skip the check.
#[derive(Debug, Clone)]
pub struct ShopScope {
    agent: Agent,
    shop: ShopId,
}

impl ShopScope {
    pub fn agent(&self) -> &Agent {
        &self.agent
    }

    pub fn shop(&self) -> &ShopId {
        &self.shop
    }
}

/// An agent acting on one conversation of a shop they serve (the conversation may not exist:
/// each use case says `NotFound` then). Only `Console::conversation_scope` makes one.
#[derive(Debug, Clone)]
pub struct ConversationScope {
    agent: Agent,
    key: ConversationKey,
}

impl ConversationScope {
    pub fn agent(&self) -> &Agent {
        &self.agent
    }

    pub fn key(&self) -> &ConversationKey {
        &self.key
    }
}

/// Entries shown when a conversation is opened.
const CONVERSATION_ENTRIES: usize = 200;

impl Console {
    /// The one check of "this agent serves this shop": the shop, if the agent serves it and it
    /// is served here; otherwise `NotFound`.
    pub fn shop_scope(&self, agent: Agent, shop: &str) -> Result<ShopScope, ConsoleError> {
        let shop = ShopId::parse(shop).map_err(|_| ConsoleError::NotFound)?;
        if !agent.serves(&shop) || self.conversations.shop(&shop).is_none() {
            return Err(ConsoleError::NotFound);
        }
        Ok(ShopScope { agent, shop })
    }

    /// A conversation of a shop the agent serves (`shop_scope`), named by a valid id.
    pub fn conversation_scope(
        &self,
        agent: Agent,
        shop: &str,
        conversation: &str,
    ) -> Result<ConversationScope, ConsoleError> {
        let ShopScope { agent, shop } = self.shop_scope(agent, shop)?;
        let id = ConversationId::parse(conversation).map_err(|_| ConsoleError::NotFound)?;
        Ok(ConversationScope { agent, key: ConversationKey { shop, id } })
    }

    pub(super) fn buyer_language(
        &self,
        key: &ConversationKey,
        entries: &[Entry],
        meta: &ConversationMeta,
    ) -> Option<Language> {
        buyer_language(entries, meta, &*self.conversations.shop(&key.shop)?)
    }

    pub(super) async fn existing(&self, key: &ConversationKey) -> Result<ConversationMeta, ConsoleError> {
        self.conversations.meta(key).await?.ok_or(ConsoleError::NotFound)
    }

    pub(super) async fn holding(&self, agent: &Agent, key: &ConversationKey) -> Result<(), ConsoleError> {
        let ticket = self.conversations.ticket(key).await?.ok_or(ConsoleError::NotQueued)?;
        match ticket.claimed_by {
            Some(holder) if holder.id == agent.id => Ok(()),
            Some(holder) => Err(ConsoleError::AlreadyClaimed(holder)),
            None => Err(ConsoleError::NotClaimed),
        }
    }
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
