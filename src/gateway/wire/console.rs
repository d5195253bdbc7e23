//! What the agent console's API and live socket send (docs/console.md), mapped from the
//! console's and the store's types field by field: the stored formats can change without
//! changing these. Domain values inside them (ids, languages, intents, an agent's reference,
//! the arguments of an action on an order) serialise as themselves.

use serde::Serialize;

use crate::actions::store::{ActionRecord, ActionState};
use crate::console::store::{Agent, AuditRecord, Canned, Role};
use crate::console::{ConversationView, Preview, QueueItem, ReviewSummary, Sent};
use crate::domain::{
    AgentRef, Attachment, ConversationId, Entry, EntryBody, HandoffReason, Intent, Language, Owner, PageContext,
    Proposal, Review, ShopId, Source, Ticket, Verdict,
};

/// The agent as the console shows it (never the password hash).
#[derive(Serialize)]
pub struct AgentOut<'a> {
    id: &'a str,
    name: &'a str,
    email: &'a str,
    role: Role,
    language: &'a str,
    shops: Vec<&'a str>,
}

impl AgentOut<'_> {
    pub fn of(agent: &Agent) -> AgentOut<'_> {
        AgentOut {
            id: &agent.id,
            name: &agent.name,
            email: &agent.email,
            role: agent.role,
            language: agent.language.as_str(),
            shops: agent.shops.iter().map(|s| s.as_str()).collect(),
        }
    }
}

/// An entry: `seq`, `at_ms`, its `kind` and that kind's fields. The bot's notes for the next
/// turn and a message's client id stay in the store.
#[derive(Serialize)]
pub struct EntryOut<'a> {
    seq: u64,
    at_ms: u64,
    #[serde(flatten)]
    body: BodyOut<'a>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum BodyOut<'a> {
    Buyer {
        text: &'a str,
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        attachments: &'a [Attachment],
        #[serde(skip_serializing_if = "Option::is_none")]
        context: Option<&'a PageContext>,
        /// The marketplace's id of the sender, from its signed delivery.
        #[serde(skip_serializing_if = "Option::is_none")]
        sender: Option<&'a str>,
    },
    Bot {
        reply_to: u64,
        text: &'a str,
        language: &'a Language,
        intent: Intent,
        confidence: f32,
        sources: &'a [Source],
    },
    Handoff {
        reply_to: u64,
        reason: HandoffReason,
        text: &'a str,
        language: &'a Language,
        expected_wait_secs: u64,
        intent: Option<Intent>,
    },
    Agent {
        agent: &'a AgentRef,
        text: &'a str,
        language: &'a Language,
        original: &'a str,
    },
    Note {
        agent: &'a AgentRef,
        text: &'a str,
    },
    Claimed {
        agent: &'a AgentRef,
        #[serde(skip_serializing_if = "Option::is_none")]
        from: Option<&'a AgentRef>,
    },
    Resolved {
        agent: &'a AgentRef,
    },
}

impl EntryOut<'_> {
    pub fn of(entry: &Entry) -> EntryOut<'_> {
        let body = match &entry.body {
            EntryBody::Buyer { text, attachments, context, sender, client_msg_id: _ } => {
                BodyOut::Buyer { text, attachments, context: context.as_ref(), sender: sender.as_deref() }
            }
            EntryBody::Bot { reply_to, text, language, intent, confidence, sources, notes: _ } => {
                BodyOut::Bot { reply_to: *reply_to, text, language, intent: *intent, confidence: *confidence, sources }
            }
            EntryBody::Handoff { reply_to, reason, text, language, expected_wait_secs, intent, notes: _ } => {
                BodyOut::Handoff {
                    reply_to: *reply_to,
                    reason: *reason,
                    text,
                    language,
                    expected_wait_secs: *expected_wait_secs,
                    intent: *intent,
                }
            }
            EntryBody::Agent { agent, text, language, original } => BodyOut::Agent { agent, text, language, original },
            EntryBody::Note { agent, text } => BodyOut::Note { agent, text },
            EntryBody::Claimed { agent, from } => BodyOut::Claimed { agent, from: from.as_ref() },
            EntryBody::Resolved { agent } => BodyOut::Resolved { agent },
        };
        EntryOut { seq: entry.seq, at_ms: entry.at_ms, body }
    }
}

/// A conversation in a shop's hand-off queue.
#[derive(Serialize)]
pub struct TicketOut<'a> {
    conversation: &'a ConversationId,
    seq: u64,
    at_ms: u64,
    reason: HandoffReason,
    language: &'a Language,
    intent: Option<Intent>,
    claimed_by: Option<&'a AgentRef>,
}

impl TicketOut<'_> {
    pub fn of(ticket: &Ticket) -> TicketOut<'_> {
        TicketOut {
            conversation: &ticket.conversation,
            seq: ticket.seq,
            at_ms: ticket.at_ms,
            reason: ticket.reason,
            language: &ticket.language,
            intent: ticket.intent,
            claimed_by: ticket.claimed_by.as_ref(),
        }
    }
}

/// A queue item: its shop and channel, the ticket's fields, the last messages.
#[derive(Serialize)]
pub struct QueueItemOut<'a> {
    shop: &'a ShopId,
    channel: &'a str,
    #[serde(flatten)]
    ticket: TicketOut<'a>,
    last_messages: Vec<PreviewOut<'a>>,
}

impl QueueItemOut<'_> {
    pub fn of(item: &QueueItem) -> QueueItemOut<'_> {
        QueueItemOut {
            shop: &item.shop,
            channel: item.channel,
            ticket: TicketOut::of(&item.ticket),
            last_messages: item.last_messages.iter().map(PreviewOut::of).collect(),
        }
    }

    pub fn all(items: &[QueueItem]) -> Vec<QueueItemOut<'_>> {
        items.iter().map(QueueItemOut::of).collect()
    }
}

#[derive(Serialize)]
pub struct PreviewOut<'a> {
    seq: u64,
    role: &'a str,
    text: &'a str,
}

impl PreviewOut<'_> {
    fn of(preview: &Preview) -> PreviewOut<'_> {
        PreviewOut { seq: preview.seq, role: preview.role, text: &preview.text }
    }
}

/// An opened conversation.
#[derive(Serialize)]
pub struct ConversationOut<'a> {
    shop: &'a ShopId,
    conversation: &'a ConversationId,
    channel: &'a str,
    owner: Owner,
    claimed_by: Option<&'a AgentRef>,
    buyer_language: Option<&'a Language>,
    translation: &'a str,
    entries: Vec<EntryOut<'a>>,
}

impl ConversationOut<'_> {
    pub fn of(view: &ConversationView) -> ConversationOut<'_> {
        ConversationOut {
            shop: &view.shop,
            conversation: &view.conversation,
            channel: view.channel,
            owner: view.owner,
            claimed_by: view.claimed_by.as_ref(),
            buyer_language: view.buyer_language.as_ref(),
            translation: view.translation,
            entries: view.entries.iter().map(EntryOut::of).collect(),
        }
    }
}

/// What the buyer received from an agent's reply.
#[derive(Serialize)]
pub struct SentOut<'a> {
    seq: u64,
    text: &'a str,
    language: &'a Language,
    original: &'a str,
}

impl SentOut<'_> {
    pub fn of(sent: &Sent) -> SentOut<'_> {
        SentOut { seq: sent.seq, text: &sent.text, language: &sent.language, original: &sent.original }
    }
}

#[derive(Serialize)]
pub struct CannedOut<'a> {
    id: &'a str,
    title: &'a str,
    text: &'a str,
}

impl CannedOut<'_> {
    pub fn all(canned: &[Canned]) -> Vec<CannedOut<'_>> {
        canned.iter().map(|c| CannedOut { id: &c.id, title: &c.title, text: &c.text }).collect()
    }
}

/// An unsure bot answer under review.
#[derive(Serialize)]
pub struct ReviewOut<'a> {
    conversation: &'a ConversationId,
    seq: u64,
    at_ms: u64,
    question: &'a str,
    answer: &'a str,
    intent: Intent,
    confidence: f32,
    verdict: Option<Verdict>,
}

impl ReviewOut<'_> {
    pub fn all(reviews: &[Review]) -> Vec<ReviewOut<'_>> {
        reviews
            .iter()
            .map(|r| ReviewOut {
                conversation: &r.conversation,
                seq: r.seq,
                at_ms: r.at_ms,
                question: &r.question,
                answer: &r.answer,
                intent: r.intent,
                confidence: r.confidence,
                verdict: r.verdict,
            })
            .collect()
    }
}

#[derive(Serialize)]
pub struct ReviewSummaryOut {
    right: usize,
    wrong: usize,
    suggested_threshold: Option<f32>,
}

impl ReviewSummaryOut {
    pub fn of(summary: &ReviewSummary) -> ReviewSummaryOut {
        ReviewSummaryOut {
            right: summary.right,
            wrong: summary.wrong,
            suggested_threshold: summary.suggested_threshold,
        }
    }
}

/// One line of a shop's audit log.
#[derive(Serialize)]
pub struct AuditOut<'a> {
    at_ms: u64,
    shop: &'a ShopId,
    agent: &'a str,
    action: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    conversation: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a str>,
}

impl AuditOut<'_> {
    pub fn all(records: &[AuditRecord]) -> Vec<AuditOut<'_>> {
        records
            .iter()
            .map(|r| AuditOut {
                at_ms: r.at_ms,
                shop: &r.shop,
                agent: &r.agent,
                action: &r.action,
                conversation: r.conversation.as_deref(),
                detail: r.detail.as_deref(),
            })
            .collect()
    }
}

/// A confirmed action on an order (docs/actions.md), for the console's cards and the admin API.
#[derive(Serialize)]
pub struct ActionOut<'a> {
    shop: &'a ShopId,
    conversation: &'a ConversationId,
    proposal: &'a Proposal,
    language: &'a Language,
    state: ActionState,
    created_ms: u64,
    updated_ms: u64,
    attempts: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    decided_by: Option<&'a AgentRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

impl ActionOut<'_> {
    pub fn of(record: &ActionRecord) -> ActionOut<'_> {
        ActionOut {
            shop: &record.shop,
            conversation: &record.conversation,
            proposal: &record.proposal,
            language: &record.language,
            state: record.state,
            created_ms: record.created_ms,
            updated_ms: record.updated_ms,
            attempts: record.attempts,
            decided_by: record.decided_by.as_ref(),
            error: record.error.as_deref(),
        }
    }

    pub fn all(records: &[ActionRecord]) -> Vec<ActionOut<'_>> {
        records.iter().map(ActionOut::of).collect()
    }
}
