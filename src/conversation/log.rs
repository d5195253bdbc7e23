//! The conversation log port: an append-only, per-conversation sequence of entries that is
//! durable before anything is acknowledged. `storage::sled` is the embedded adapter.

use serde::{Deserialize, Serialize};

use crate::domain::{
    AgentRef, Attachment, ConversationKey, Entry, EntryBody, Held, Language, Owner, PageContext, ShopId, StorageError,
    Ticket,
};

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
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StorageError),
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
