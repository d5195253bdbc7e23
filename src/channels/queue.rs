//! The channels' persistent queues: the inbox of verified buyer messages (de-duplicated by the
//! platform's message id) and the outbox of replies to deliver. `storage::sled` (one process)
//! and `storage::postgres` (several nodes on one database) are the adapters.

use super::{Inbound, Outbound, Platform};
use crate::domain::StorageError;
use crate::domain::{ConversationKey, ShopId};

/// A reply to put in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOutbound {
    pub platform: Platform,
    pub shop: ShopId,
    pub conversation: String,
    pub reply_to: String,
    pub buyer_at_ms: u64,
    pub text: String,
}

#[async_trait::async_trait]
pub trait ChannelQueue: Send + Sync {
    /// Stores a buyer message unless the same platform message was stored before; `true` when
    /// it is new. Durable when it returns.
    async fn receive(&self, message: &Inbound) -> Result<bool, StorageError>;
    /// Buyer messages not yet answered, oldest first.
    async fn pending(&self) -> Result<Vec<Inbound>, StorageError>;
    /// The message is answered (its reply, if any, is in the outbox).
    async fn answered(&self, message: &Inbound) -> Result<(), StorageError>;

    /// Remembers which platform conversation a kefu conversation is, so a person's reply from
    /// the console goes back to it.
    async fn link(
        &self,
        conversation: &ConversationKey,
        platform: Platform,
        platform_conversation: &str,
    ) -> Result<(), StorageError>;
    async fn linked(&self, conversation: &ConversationKey) -> Result<Option<(Platform, String)>, StorageError>;

    /// Removes the shop's answered inbox rows last written before `before_ms` (its `[retention]
    /// inbox`); how many.
    async fn prune_inbox(&self, shop: &ShopId, before_ms: u64) -> Result<usize, StorageError>;
    /// Removes every inbox and outbox row, link and poll cursor of the shop (its deletion);
    /// how many rows.
    async fn erase_shop(&self, shop: &ShopId) -> Result<usize, StorageError>;
    /// Forgets deliveries applied before `before_ms`; how many.
    async fn prune_deliveries(&self, before_ms: u64) -> Result<usize, StorageError>;

    /// Whether a delivery with this id (the platform's, e.g. Shopify's webhook id) was
    /// applied before.
    async fn delivery_seen(&self, platform: Platform, id: &str) -> Result<bool, StorageError>;
    /// Remembers that the delivery was applied; durable when it returns.
    async fn delivery_applied(&self, platform: Platform, id: &str) -> Result<(), StorageError>;

    /// Removes the kefu conversation's link and every inbox and outbox row of its platform
    /// conversation (a buyer's erasure); returns how many rows.
    async fn erase(
        &self,
        conversation: &ConversationKey,
        platform: Platform,
        platform_conversation: &str,
    ) -> Result<usize, StorageError>;

    /// Where polling `platform` for `shop` goes on from.
    async fn cursor(&self, shop: &ShopId, platform: Platform) -> Result<Option<String>, StorageError>;
    async fn set_cursor(&self, shop: &ShopId, platform: Platform, cursor: &str) -> Result<(), StorageError>;

    /// Puts replies in the outbox; durable when it returns.
    async fn enqueue(&self, replies: &[NewOutbound]) -> Result<(), StorageError>;
    /// Replies due by `now_ms`, oldest first, at most `limit`.
    ///
    /// Where several nodes share the store, each reply returned is leased to the node that
    /// asked: no other node is handed it until this one `save`s it, it is `delivered`, or the
    /// lease passes (minutes: longer than a send with its timeouts); so a reply is never sent by
    /// two nodes at once, and a dead node's replies go to another after the lease. The holder
    /// is handed its leased replies again by its next calls (which renew the lease), so a
    /// caller may pass over a reply for now (its line busy, its pace not come) and find it in a
    /// later round. Replies of one platform and shop go to one node at a time. A store only
    /// one process opens (sled) has nothing to lease: every call returns every due reply.
    async fn due(&self, now_ms: u64, limit: usize) -> Result<Vec<Outbound>, StorageError>;
    /// Delivered: out of the outbox.
    async fn delivered(&self, id: u64) -> Result<(), StorageError>;
    /// Stores a reply's progress: after a failed attempt, the next at `next_at_ms` (never:
    /// `u64::MAX`), and the pieces already sent. Ends the lease `due` gave: once the next
    /// attempt is due, any node may take the reply.
    async fn save(&self, reply: &Outbound) -> Result<(), StorageError>;
    /// Replies not yet delivered (for metrics and tests).
    async fn undelivered(&self) -> Result<Vec<Outbound>, StorageError>;
}
