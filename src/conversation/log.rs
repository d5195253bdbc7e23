//! The conversation log port: an append-only, per-conversation sequence of entries that is
//! durable before anything is acknowledged. `storage::sled` is the embedded adapter.

use serde::{Deserialize, Serialize};

use crate::domain::{
    Attachment, ConversationId, ConversationKey, Entities, Held, Intent, Language, PageContext, ShopId, Slot, Source,
};

/// One entry of a conversation, at position `seq` (1, 2, 3, … with no gaps).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub seq: u64,
    /// Unix time in milliseconds when the entry was written.
    pub at_ms: u64,
    pub body: EntryBody,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EntryBody {
    /// What the buyer wrote. `client_msg_id` makes a resend idempotent.
    Buyer {
        client_msg_id: String,
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        attachments: Vec<Attachment>,
        /// The page the buyer wrote from, when their client said.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        context: Option<PageContext>,
        /// Who wrote it, as the marketplace's signed delivery says (its buyer id); never set
        /// from anything a buyer's client sends.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sender: Option<String>,
    },
    /// The bot's answer to the buyer entry `reply_to`.
    Bot {
        reply_to: u64,
        text: String,
        language: Language,
        intent: Intent,
        confidence: f32,
        sources: Vec<Source>,
        #[serde(default)]
        notes: TurnNotes,
    },
    /// The conversation went to the shop's people; the bot is silent until they hand it back.
    Handoff {
        reply_to: u64,
        reason: HandoffReason,
        text: String,
        language: Language,
        expected_wait_secs: u64,
        /// What the buyer wanted, when the bot could tell.
        #[serde(default)]
        intent: Option<Intent>,
        #[serde(default)]
        notes: TurnNotes,
    },
    /// A person's reply to the buyer: `text` as the buyer received it, in `language`;
    /// `original` as the agent wrote it (the same when not translated).
    Agent { agent: AgentRef, text: String, language: Language, original: String },
    /// An agent's internal note: never shown to the buyer.
    Note { agent: AgentRef, text: String },
    /// `agent` now answers the conversation: claimed from the queue (`from` is `None`) or
    /// transferred by `from`. Internal.
    Claimed {
        agent: AgentRef,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<AgentRef>,
    },
    /// `agent` handed the conversation back to the bot; it leaves the queue.
    Resolved { agent: AgentRef },
}

/// A bot answer given with a confidence close to the hand-off threshold (`TurnNotes::unsure`),
/// kept for agents to review: their verdicts show where a shop's threshold should be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub conversation: ConversationId,
    /// The bot's entry.
    pub seq: u64,
    pub at_ms: u64,
    pub question: String,
    pub answer: String,
    pub intent: Intent,
    pub confidence: f32,
    #[serde(default)]
    pub verdict: Option<Verdict>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Right,
    Wrong,
}

/// A person who answers buyers, as entries and tickets name them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentRef {
    pub id: String,
    pub name: String,
}

/// A conversation in its shop's hand-off queue, waiting for a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    pub conversation: ConversationId,
    /// The hand-off entry.
    pub seq: u64,
    /// When it was handed off (Unix ms).
    pub at_ms: u64,
    pub reason: HandoffReason,
    pub language: Language,
    pub intent: Option<Intent>,
    /// The person answering it, once claimed.
    #[serde(default)]
    pub claimed_by: Option<AgentRef>,
}

impl EntryBody {
    /// What the bot noted at this entry, for a bot reply or a hand-off.
    pub fn notes(&self) -> Option<&TurnNotes> {
        match self {
            EntryBody::Bot { notes, .. } | EntryBody::Handoff { notes, .. } => Some(notes),
            EntryBody::Buyer { .. }
            | EntryBody::Agent { .. }
            | EntryBody::Note { .. }
            | EntryBody::Claimed { .. }
            | EntryBody::Resolved { .. } => None,
        }
    }

    /// Whether the buyer sees this entry (notes and claims are the shop's business).
    pub fn buyer_visible(&self) -> bool {
        !matches!(self, EntryBody::Note { .. } | EntryBody::Claimed { .. })
    }
}

/// What the bot remembers of a turn for the next ones (conversation memory), stored with its
/// reply so a restart or another process continues the conversation where it was.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TurnNotes {
    /// Order, country … known after this turn, from this message and earlier ones.
    #[serde(default)]
    pub slots: Entities,
    /// What the reply asked the buyer for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awaiting: Option<Slot>,
    /// The answer went out, but with a confidence close to the hand-off threshold.
    #[serde(default)]
    pub unsure: bool,
    /// The buyer's message was an angry complaint.
    #[serde(default)]
    pub angry: bool,
    /// The product (SKU) the conversation is about: "and in black?" asks about it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// An action on an order being prepared, or proposed and waiting for the buyer's yes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<crate::domain::ActionDraft>,
}

/// Why a conversation was handed to a person. Stable names: they are on the wire and in metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoffReason {
    /// The buyer asked for a person.
    HumanRequest,
    /// A dispute, chargeback or legal threat: always a person's job.
    Dispute,
    /// The bot was not confident enough in its answer.
    LowConfidence,
    /// Two turns in a row the bot was unsure of its answer.
    RepeatedLowConfidence,
    /// The buyer was still angry after the bot's apology.
    PersistentAnger,
    /// A damaged or wrong item, shown in a photo: a person decides on refunds and replacements.
    DamagedItem,
    /// The buyer wants an order cancelled or changed: a person does it.
    OrderChange,
    /// The message tried to instruct the bot ("ignore your instructions …").
    Manipulation,
    /// The buyer could not show an order is theirs (or asked about too many): a person checks.
    Verification,
    /// The turn failed or ran out of time.
    Error,
}

impl HandoffReason {
    pub fn as_str(self) -> &'static str {
        match self {
            HandoffReason::HumanRequest => "human_request",
            HandoffReason::Dispute => "dispute",
            HandoffReason::LowConfidence => "low_confidence",
            HandoffReason::RepeatedLowConfidence => "repeated_low_confidence",
            HandoffReason::PersistentAnger => "persistent_anger",
            HandoffReason::DamagedItem => "damaged_item",
            HandoffReason::OrderChange => "order_change",
            HandoffReason::Manipulation => "manipulation",
            HandoffReason::Verification => "verification",
            HandoffReason::Error => "error",
        }
    }
}

/// Who currently answers the buyer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    Bot,
    /// Waiting for, or talking with, a person.
    Human,
}

/// A conversation's header, kept beside its entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationMeta {
    pub created_at_ms: u64,
    /// The seq of the last entry; 0 for a conversation with none.
    pub last_seq: u64,
    /// Every buyer entry up to here has been answered (by a reply or a hand-off).
    pub answered_through: u64,
    pub owner: Owner,
    /// The buyer's locale as the widget reported it.
    pub locale: Option<Language>,
    /// The last seq a client told us it has seen (`ack {seq}`).
    pub client_seen: u64,
}

impl ConversationMeta {
    /// The header of a conversation with no entries yet.
    pub fn new(locale: Option<Language>) -> ConversationMeta {
        ConversationMeta {
            created_at_ms: crate::domain::now_ms(),
            last_seq: 0,
            answered_through: 0,
            owner: Owner::Bot,
            locale,
            client_seen: 0,
        }
    }
}

/// The result of appending a buyer message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appended {
    pub seq: u64,
    /// True when this `client_msg_id` was already in the log: nothing new was written.
    pub duplicate: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("conversation not found")]
    NotFound,
    /// A claim or transfer that assumed another holder than the one there is.
    #[error("the conversation is claimed by {}", .0.as_ref().map_or("nobody", |a| a.name.as_str()))]
    ClaimedBy(Option<AgentRef>),
    /// A claim, reply or resolve on a conversation that is not in the hand-off queue.
    #[error("the conversation is not waiting for a person")]
    NotQueued,
    #[error("storage failed: {0}")]
    Storage(String),
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
}

/// An append-only log of conversations. Every write is durable (flushed) when it returns.
#[async_trait::async_trait]
pub trait ConversationLog: Send + Sync {
    /// The conversation's header, or `None` when it has no entries yet. A `locale` different
    /// from the stored one replaces it.
    async fn open(&self, key: &ConversationKey, locale: Option<Language>)
    -> Result<Option<ConversationMeta>, LogError>;

    /// Appends a buyer message unless its `client_msg_id` is already there. The first message
    /// creates the conversation, with `locale`: a conversation exists once it has an entry.
    #[expect(clippy::too_many_arguments, reason = "a buyer message's parts, each optional but the text")]
    async fn append_buyer(
        &self,
        key: &ConversationKey,
        client_msg_id: &str,
        text: &str,
        attachments: &[Attachment],
        context: Option<&PageContext>,
        locale: Option<Language>,
        sender: Option<&str>,
    ) -> Result<Appended, LogError>;

    /// Appends a bot reply, a hand-off or an agent's entry and updates the header and the queue
    /// to match, in one write: a hand-off enters the queue; `Claimed` sets the ticket's holder
    /// only if it is still `from` (else `ClaimedBy` with the holder there is); `Resolved`
    /// removes the ticket and gives the conversation back to the bot. Claims, agent replies and
    /// resolves need a queued conversation (`NotQueued`). An agent reply or a resolve counts
    /// as the answer to every buyer message before it; in a conversation from a marketplace it
    /// also enters that channel's outbox in the same write. An unsure bot answer is kept for
    /// review (`Review`) in the same write.
    async fn append(&self, key: &ConversationKey, body: EntryBody) -> Result<Entry, LogError>;

    /// The ticket of a queued conversation.
    async fn ticket(&self, key: &ConversationKey) -> Result<Option<Ticket>, LogError>;

    /// Conversations of `shop` waiting for a person, oldest first. A hand-off entry enters the
    /// queue in the same write that stores it.
    async fn handoffs(&self, shop: &ShopId) -> Result<Vec<Ticket>, LogError>;

    /// Entries with `seq > after`, oldest first, at most `limit`.
    async fn entries_after(&self, key: &ConversationKey, after: u64, limit: usize) -> Result<Vec<Entry>, LogError>;

    /// The last `n` entries, oldest first.
    async fn recent(&self, key: &ConversationKey, n: usize) -> Result<Vec<Entry>, LogError>;

    /// Records the highest seq a client has seen. Not flushed: losing it only means a resend.
    async fn mark_seen(&self, key: &ConversationKey, seq: u64) -> Result<(), LogError>;

    /// Makes everything written so far durable.
    async fn flush(&self) -> Result<(), LogError>;

    /// The shop's conversations whose last entry is older than `before_ms` (for retention).
    async fn idle_since(&self, shop: &ShopId, before_ms: u64) -> Result<Vec<ConversationKey>, LogError>;

    /// Removes the conversation — entries, header, dedupe rows, hand-off ticket, reviews — for
    /// a buyer's erasure, the one exception to append-only; returns the entries it held, or
    /// `None` when there is no such conversation. Durable when it returns.
    async fn erase(&self, key: &ConversationKey) -> Result<Option<Vec<Entry>>, LogError>;

    /// Holds the conversation's turn lock until the guard drops, for stores several processes
    /// share: two nodes never run turns of one conversation at the same time. A store only one
    /// process opens needs nothing beyond `Conversations`' own per-conversation lock.
    async fn turn_lock(&self, _key: &ConversationKey) -> Result<Held, LogError> {
        Ok(Held::default())
    }
}
