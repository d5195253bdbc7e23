//! The entries of a conversation — what the buyer, the bot and people said and did — and the
//! notes a turn leaves for the next: the vocabulary the pipeline, the conversation log, the
//! console and the channels share. Stored as serde JSON by every storage adapter.

use serde::{Deserialize, Serialize};

use super::{Attachment, ConversationId, Entities, Intent, Language, PageContext, Slot, Source};

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
    pub action: Option<super::ActionDraft>,
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
