//! The channels' queues on sled.
//!
//! - `inbox`:  `platform \0 shop \0 message id` → `(answered: bool, Inbound, at_ms)` as JSON; kept
//!   after it is answered, so a redelivery of the same message is recognised, until the shop's
//!   `[retention] inbox` has passed (`prune_inbox`)
//! - `channel_links`: `shop \0 conversation` → `(platform, platform conversation)` as JSON
//! - `poll_cursors`: `platform \0 shop` → the cursor polling goes on from
//! - `deliveries`: `platform \0 delivery id` → when it was applied (Unix ms, big-endian)
//! - `outbox`: id (u64 big-endian, from sled's id generator: in order) → `Outbound` as JSON
//!
//! Every write is flushed before the call returns. Only this process opens the database, so the
//! outbox has no lease (`ChannelQueue::due`): every call returns every due reply, which is what
//! the lease gives the one node holding it.

use serde::{Deserialize, Serialize};

use super::SledStore;
use super::conversations::{blocking, decode, encode, storage};
use crate::channels::queue::{ChannelQueue, NewOutbound};
use crate::channels::{Inbound, Outbound, Platform};
use crate::domain::StorageError;
use crate::domain::{ConversationKey, ShopId};

#[derive(Serialize, Deserialize)]
pub(super) struct Received {
    pub(super) answered: bool,
    pub(super) message: Inbound,
    /// When the row was last written (Unix ms); 0 in rows from before this was kept.
    #[serde(default)]
    pub(super) at_ms: u64,
}

fn link_key(conversation: &ConversationKey) -> Vec<u8> {
    [conversation.shop.as_str(), conversation.id.as_str()].join("\0").into_bytes()
}

fn inbox_key(message: &Inbound) -> Vec<u8> {
    received_key(message.platform, &message.shop, &message.message_id)
}

/// Removes every row of `tree` (JSON values) that `doomed` picks; how many.
fn remove_where<T: serde::de::DeserializeOwned>(
    tree: &::sled::Tree,
    doomed: impl Fn(&T) -> bool,
) -> Result<usize, StorageError> {
    let mut removed = 0;
    for item in tree.iter() {
        let (key, raw) = item.map_err(storage)?;
        if doomed(&decode::<T>(&raw)?) {
            tree.remove(key).map_err(storage)?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// The inbox's key of a platform's message.
pub(super) fn received_key(platform: Platform, shop: &ShopId, message_id: &str) -> Vec<u8> {
    [platform.as_str(), shop.as_str(), message_id].join("\0").into_bytes()
}

#[async_trait::async_trait]
impl ChannelQueue for SledStore {
    async fn receive(&self, message: &Inbound) -> Result<bool, StorageError> {
        let store = self.clone();
        let key = inbox_key(message);
        let value = encode(&Received { answered: false, message: message.clone(), at_ms: crate::domain::now_ms() })?;
        blocking(move || {
            let fresh = store.inbox.compare_and_swap(key, None as Option<&[u8]>, Some(value)).map_err(storage)?.is_ok();
            store.db.flush().map_err(storage)?;
            Ok(fresh)
        })
        .await
    }

    async fn pending(&self) -> Result<Vec<Inbound>, StorageError> {
        let store = self.clone();
        blocking(move || {
            let mut pending = Vec::new();
            for item in store.inbox.iter() {
                let received: Received = decode(&item.map_err(storage)?.1)?;
                if !received.answered {
                    pending.push(received.message);
                }
            }
            Ok(pending)
        })
        .await
    }

    async fn answered(&self, message: &Inbound) -> Result<(), StorageError> {
        let store = self.clone();
        let key = inbox_key(message);
        let value = encode(&Received { answered: true, message: message.clone(), at_ms: crate::domain::now_ms() })?;
        blocking(move || {
            store.inbox.insert(key, value).map_err(storage)?;
            store.db.flush().map(|_| ()).map_err(storage)
        })
        .await
    }

    async fn erase(
        &self,
        conversation: &ConversationKey,
        platform: Platform,
        platform_conversation: &str,
    ) -> Result<usize, StorageError> {
        let store = self.clone();
        let link = link_key(conversation);
        let shop = conversation.shop.clone();
        let theirs = platform_conversation.to_owned();
        blocking(move || {
            let removed = remove_where(&store.inbox, |r: &Received| {
                let message = &r.message;
                message.shop == shop && message.platform == platform && message.conversation == theirs
            })? + remove_where(&store.outbox, |reply: &Outbound| {
                reply.shop == shop && reply.platform == platform && reply.conversation == theirs
            })?;
            store.channel_links.remove(link).map_err(storage)?;
            store.db.flush().map_err(storage)?;
            Ok(removed)
        })
        .await
    }

    async fn prune_inbox(&self, shop: &ShopId, before_ms: u64) -> Result<usize, StorageError> {
        let store = self.clone();
        let shop = shop.clone();
        blocking(move || {
            remove_where(&store.inbox, |r: &Received| r.answered && r.message.shop == shop && r.at_ms < before_ms)
        })
        .await
    }

    async fn erase_shop(&self, shop: &ShopId) -> Result<usize, StorageError> {
        let store = self.clone();
        let shop = shop.clone();
        blocking(move || {
            let removed = remove_where(&store.inbox, |r: &Received| r.message.shop == shop)?
                + remove_where(&store.outbox, |reply: &Outbound| reply.shop == shop)?;
            let mut prefix = shop.as_str().as_bytes().to_vec();
            prefix.push(0);
            for item in store.channel_links.scan_prefix(&prefix) {
                store.channel_links.remove(item.map_err(storage)?.0).map_err(storage)?;
            }
            for item in store.poll_cursors.iter() {
                let (key, _) = item.map_err(storage)?;
                if key.split(|b| *b == 0).nth(1) == Some(shop.as_str().as_bytes()) {
                    store.poll_cursors.remove(key).map_err(storage)?;
                }
            }
            store.db.flush().map_err(storage)?;
            Ok(removed)
        })
        .await
    }

    async fn prune_deliveries(&self, before_ms: u64) -> Result<usize, StorageError> {
        let store = self.clone();
        blocking(move || {
            let mut removed = 0;
            for item in store.deliveries.iter() {
                let (key, raw) = item.map_err(storage)?;
                let at = raw.as_ref().try_into().map(u64::from_be_bytes).unwrap_or(0);
                if at < before_ms {
                    store.deliveries.remove(key).map_err(storage)?;
                    removed += 1;
                }
            }
            Ok(removed)
        })
        .await
    }

    async fn delivery_seen(&self, platform: Platform, id: &str) -> Result<bool, StorageError> {
        let store = self.clone();
        let key = [platform.as_str(), id].join("\0").into_bytes();
        blocking(move || store.deliveries.contains_key(key).map_err(storage)).await
    }

    async fn delivery_applied(&self, platform: Platform, id: &str) -> Result<(), StorageError> {
        let store = self.clone();
        let key = [platform.as_str(), id].join("\0").into_bytes();
        blocking(move || {
            store.deliveries.insert(key, &crate::domain::now_ms().to_be_bytes()).map_err(storage)?;
            store.db.flush().map(|_| ()).map_err(storage)
        })
        .await
    }

    async fn link(
        &self,
        conversation: &ConversationKey,
        platform: Platform,
        platform_conversation: &str,
    ) -> Result<(), StorageError> {
        let store = self.clone();
        let key = link_key(conversation);
        let value = encode(&(platform, platform_conversation))?;
        blocking(move || {
            store.channel_links.insert(key, value).map_err(storage)?;
            store.db.flush().map(|_| ()).map_err(storage)
        })
        .await
    }

    async fn linked(&self, conversation: &ConversationKey) -> Result<Option<(Platform, String)>, StorageError> {
        let store = self.clone();
        let key = link_key(conversation);
        blocking(move || store.channel_links.get(key).map_err(storage)?.map(|raw| decode(&raw)).transpose()).await
    }

    async fn cursor(&self, shop: &ShopId, platform: Platform) -> Result<Option<String>, StorageError> {
        let store = self.clone();
        let key = [platform.as_str(), shop.as_str()].join("\0");
        blocking(move || {
            Ok(store.poll_cursors.get(key).map_err(storage)?.map(|raw| String::from_utf8_lossy(&raw).into_owned()))
        })
        .await
    }

    async fn set_cursor(&self, shop: &ShopId, platform: Platform, cursor: &str) -> Result<(), StorageError> {
        let store = self.clone();
        let (key, value) = ([platform.as_str(), shop.as_str()].join("\0"), cursor.to_owned());
        blocking(move || {
            store.poll_cursors.insert(key, value.as_bytes()).map_err(storage)?;
            store.db.flush().map(|_| ()).map_err(storage)
        })
        .await
    }

    async fn enqueue(&self, replies: &[NewOutbound]) -> Result<(), StorageError> {
        let store = self.clone();
        let replies = replies.to_vec();
        blocking(move || {
            for reply in replies {
                let id = store.db.generate_id().map_err(storage)?;
                let outbound = Outbound {
                    id,
                    platform: reply.platform,
                    shop: reply.shop,
                    conversation: reply.conversation,
                    reply_to: reply.reply_to,
                    buyer_at_ms: reply.buyer_at_ms,
                    text: reply.text,
                    attempts: 0,
                    next_at_ms: 0,
                    last_error: None,
                    pieces_sent: 0,
                };
                store.outbox.insert(id.to_be_bytes(), encode(&outbound)?).map_err(storage)?;
            }
            store.db.flush().map(|_| ()).map_err(storage)
        })
        .await
    }

    async fn due(&self, now_ms: u64, limit: usize) -> Result<Vec<Outbound>, StorageError> {
        let store = self.clone();
        blocking(move || {
            let mut due = Vec::new();
            for item in store.outbox.iter() {
                let reply: Outbound = decode(&item.map_err(storage)?.1)?;
                if reply.next_at_ms <= now_ms {
                    due.push(reply);
                    if due.len() == limit {
                        break;
                    }
                }
            }
            Ok(due)
        })
        .await
    }

    async fn delivered(&self, id: u64) -> Result<(), StorageError> {
        let store = self.clone();
        blocking(move || {
            store.outbox.remove(id.to_be_bytes()).map_err(storage)?;
            store.db.flush().map(|_| ()).map_err(storage)
        })
        .await
    }

    async fn save(&self, reply: &Outbound) -> Result<(), StorageError> {
        let store = self.clone();
        let (id, value) = (reply.id, encode(reply)?);
        blocking(move || {
            // Progress of a reply still in the outbox: one delivered, erased or deleted with its
            // shop meanwhile stays gone (a send that failed after an erasure must not bring it back).
            let key = id.to_be_bytes();
            let saved = store.outbox.transaction(|outbox| {
                if outbox.get(key)?.is_some() {
                    outbox.insert(&key, value.as_slice())?;
                }
                Ok(())
            });
            saved.map_err(|err: ::sled::transaction::TransactionError<()>| {
                StorageError::unavailable(format!("{err:?}"))
            })?;
            store.db.flush().map(|_| ()).map_err(storage)
        })
        .await
    }

    async fn undelivered(&self) -> Result<Vec<Outbound>, StorageError> {
        let store = self.clone();
        blocking(move || store.outbox.iter().map(|item| decode(&item.map_err(storage)?.1)).collect()).await
    }
}
