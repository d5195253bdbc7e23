//! Conversations on sled.
//!
//! - `conversations`: `shop \0 conversation \0` → `ConversationMeta` as JSON
//! - `entries`:       `shop \0 conversation \0 seq(u64 big-endian)` → `Entry` as JSON
//! - `client_msgs`:   `shop \0 conversation \0 client_msg_id` → seq (u64 big-endian)
//! - `handoffs`:      `shop \0 conversation \0` → `Ticket` as JSON: the shop's hand-off queue,
//!   written in the same transaction as the hand-off entry; a claim sets its holder and a
//!   resolve removes it, each in the transaction of its entry
//! - an agent's reply in a conversation from a marketplace (`channel_links`, channels.rs) enters
//!   the `outbox` in the transaction of its entry, so it cannot be stored and then lost
//! - `reviews`:       `shop \0 conversation \0 seq(u64 big-endian)` → `Review` as JSON: unsure
//!   bot answers, written in the transaction of the answer; agents add verdicts
//!
//! Big-endian seqs make a prefix scan return entries in order. A buyer message, its dedup key
//! and the header's `last_seq` change in one transaction, then the database is flushed before
//! the call returns.

use ::sled::Transactional;
use ::sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::SledStore;
use crate::channels::{Outbound, Platform};
use crate::conversation::log::{Appended, ConversationLog, ConversationMeta, LogError};
use crate::domain::StorageError;
use crate::domain::{
    Attachment, ConversationKey, Entry, EntryBody, Language, Owner, PageContext, Review, ShopId, Ticket, now_ms,
};

/// Runs a blocking sled call off the async runtime.
pub(super) async fn blocking<T: Send + 'static, E: From<StorageError> + Send + 'static>(
    f: impl FnOnce() -> Result<T, E> + Send + 'static,
) -> Result<T, E> {
    tokio::task::spawn_blocking(f).await.map_err(|e| E::from(StorageError::unavailable(e)))?
}

#[async_trait::async_trait]
impl ConversationLog for SledStore {
    async fn open(
        &self,
        key: &ConversationKey,
        locale: Option<Language>,
    ) -> Result<Option<ConversationMeta>, LogError> {
        let store = self.clone();
        let prefix = prefix(key);
        blocking(move || {
            // The header changes inside a transaction, so an append running at the same time
            // (which moves last_seq) is never overwritten with the header read before it.
            store
                .conversations
                .transaction(|conversations| {
                    let Some(raw) = conversations.get(prefix.as_slice())? else { return Ok(None) };
                    let mut meta: ConversationMeta = decode(&raw).map_err(abort)?;
                    if locale.is_some() && meta.locale != locale {
                        meta.locale = locale.clone();
                        conversations.insert(prefix.as_slice(), encode(&meta).map_err(abort)?)?;
                    }
                    Ok(Some(meta))
                })
                .map_err(from_transaction)
        })
        .await
    }

    async fn append_buyer(
        &self,
        key: &ConversationKey,
        client_msg_id: &str,
        text: &str,
        attachments: &[Attachment],
        context: Option<&PageContext>,
        locale: Option<Language>,
        sender: Option<&str>,
    ) -> Result<Appended, LogError> {
        let store = self.clone();
        let prefix = prefix(key);
        let sender = sender.map(str::to_owned);
        let client_msg_id = client_msg_id.to_owned();
        let text = text.to_owned();
        let attachments = attachments.to_vec();
        let context = context.cloned();
        blocking(move || {
            let mut dedup_key = prefix.clone();
            dedup_key.extend_from_slice(client_msg_id.as_bytes());
            let trees = (&store.conversations, &store.entries, &store.client_msgs);
            let appended = trees
                .transaction(|(conversations, entries, client_msgs)| {
                    if let Some(seq) = client_msgs.get(&dedup_key)? {
                        return Ok(Appended { seq: be_u64(&seq), duplicate: true });
                    }
                    let mut meta = match conversations.get(&prefix)? {
                        Some(raw) => decode(&raw).map_err(abort)?,
                        None => ConversationMeta::new(locale.clone()),
                    };
                    meta.last_seq += 1;
                    let entry = Entry {
                        seq: meta.last_seq,
                        at_ms: now_ms(),
                        body: EntryBody::Buyer {
                            client_msg_id: client_msg_id.clone(),
                            text: text.clone(),
                            attachments: attachments.clone(),
                            context: context.clone(),
                            sender: sender.clone(),
                        },
                    };
                    entries.insert(entry_key(&prefix, entry.seq), encode(&entry).map_err(abort)?)?;
                    client_msgs.insert(dedup_key.as_slice(), &entry.seq.to_be_bytes())?;
                    conversations.insert(prefix.as_slice(), encode(&meta).map_err(abort)?)?;
                    Ok(Appended { seq: entry.seq, duplicate: false })
                })
                .map_err(from_transaction)?;
            if !appended.duplicate {
                store.flush_now().map_err(storage)?;
            }
            Ok(appended)
        })
        .await
    }

    async fn append(&self, key: &ConversationKey, body: EntryBody) -> Result<Entry, LogError> {
        let store = self.clone();
        let prefix = prefix(key);
        let key = key.clone();
        blocking(move || {
            let conversation = key.id.clone();
            let trees = (
                &store.conversations,
                &store.entries,
                &store.handoffs,
                &store.reviews,
                &store.channel_links,
                &store.outbox,
                &store.inbox,
            );
            let entry = trees
                .transaction(|(conversations, entries, handoffs, reviews, channel_links, outbox, inbox)| {
                    let mut meta: ConversationMeta = read_meta(conversations, &prefix)?;
                    meta.last_seq += 1;
                    let entry = Entry { seq: meta.last_seq, at_ms: now_ms(), body: body.clone() };
                    let queued: Option<Ticket> = match handoffs.get(prefix.as_slice())? {
                        Some(raw) => Some(decode(&raw).map_err(abort)?),
                        None => None,
                    };
                    match &body {
                        EntryBody::Buyer { .. } | EntryBody::Note { .. } => {}
                        EntryBody::Bot { reply_to, text, intent, confidence, notes, .. } => {
                            meta.answered_through = meta.answered_through.max(*reply_to);
                            // A marketplace conversation's reply enters its outbox in this write.
                            let to = answering(entries, &prefix, *reply_to)?;
                            to_platform((channel_links, outbox, inbox), &prefix, &key, to, text)?;
                            if notes.unsure {
                                let question = match entries.get(entry_key(&prefix, *reply_to))? {
                                    Some(raw) => buyer_text(decode::<Entry>(&raw).map_err(abort)?.body),
                                    None => String::new(),
                                };
                                let review = Review {
                                    conversation: conversation.clone(),
                                    seq: entry.seq,
                                    at_ms: entry.at_ms,
                                    question,
                                    answer: text.clone(),
                                    intent: *intent,
                                    confidence: *confidence,
                                    verdict: None,
                                };
                                reviews.insert(entry_key(&prefix, entry.seq), encode(&review).map_err(abort)?)?;
                            }
                        }
                        EntryBody::Handoff { reply_to, reason, language, intent, text, .. } => {
                            meta.answered_through = meta.answered_through.max(*reply_to);
                            let to = answering(entries, &prefix, *reply_to)?;
                            to_platform((channel_links, outbox, inbox), &prefix, &key, to, text)?;
                            meta.owner = Owner::Human;
                            let ticket = Ticket {
                                conversation: conversation.clone(),
                                seq: entry.seq,
                                at_ms: entry.at_ms,
                                reason: *reason,
                                language: language.clone(),
                                intent: *intent,
                                claimed_by: None,
                            };
                            handoffs.insert(prefix.as_slice(), encode(&ticket).map_err(abort)?)?;
                        }
                        EntryBody::Claimed { agent, from } => {
                            let mut ticket = queued.ok_or_else(|| abort(LogError::NotQueued))?;
                            let holder = ticket.claimed_by.as_ref().map(|a| &a.id);
                            if holder != from.as_ref().map(|a| &a.id) {
                                return Err(abort(LogError::ClaimedBy(ticket.claimed_by)));
                            }
                            ticket.claimed_by = Some(agent.clone());
                            handoffs.insert(prefix.as_slice(), encode(&ticket).map_err(abort)?)?;
                        }
                        EntryBody::Agent { text, .. } => {
                            queued.ok_or_else(|| abort(LogError::NotQueued))?;
                            meta.answered_through = meta.last_seq;
                            // From a marketplace: the reply goes back through its outbox.
                            let to = (format!("agent-{}", entry.seq), 0);
                            to_platform((channel_links, outbox, inbox), &prefix, &key, to, text)?;
                        }
                        EntryBody::Resolved { .. } => {
                            queued.ok_or_else(|| abort(LogError::NotQueued))?;
                            handoffs.remove(prefix.as_slice())?;
                            meta.owner = Owner::Bot;
                            meta.answered_through = meta.last_seq;
                        }
                    }
                    entries.insert(entry_key(&prefix, entry.seq), encode(&entry).map_err(abort)?)?;
                    conversations.insert(prefix.as_slice(), encode(&meta).map_err(abort)?)?;
                    Ok(entry)
                })
                .map_err(from_transaction)?;
            store.flush_now().map_err(storage)?;
            Ok(entry)
        })
        .await
    }

    async fn ticket(&self, key: &ConversationKey) -> Result<Option<Ticket>, LogError> {
        let store = self.clone();
        let prefix = prefix(key);
        blocking(move || store.handoffs.get(&prefix).map_err(storage)?.map(|raw| decode(&raw)).transpose())
            .await
            .map_err(LogError::from)
    }

    async fn handoffs(&self, shop: &ShopId) -> Result<Vec<Ticket>, LogError> {
        let store = self.clone();
        let mut prefix = shop.as_str().as_bytes().to_vec();
        prefix.push(0);
        blocking(move || {
            let mut tickets: Vec<Ticket> = store
                .handoffs
                .scan_prefix(&prefix)
                .map(|item| decode(&item.map_err(storage)?.1))
                .collect::<Result<_, _>>()?;
            tickets.sort_by_key(|t| (t.at_ms, t.seq));
            Ok(tickets)
        })
        .await
    }

    async fn entries_after(&self, key: &ConversationKey, after: u64, limit: usize) -> Result<Vec<Entry>, LogError> {
        let store = self.clone();
        let prefix = prefix(key);
        blocking(move || {
            let start = entry_key(&prefix, after.saturating_add(1));
            let end = entry_key(&prefix, u64::MAX);
            store.entries.range(start..=end).take(limit).map(|item| decode(&item.map_err(storage)?.1)).collect()
        })
        .await
        .map_err(LogError::from)
    }

    async fn recent(&self, key: &ConversationKey, n: usize) -> Result<Vec<Entry>, LogError> {
        let store = self.clone();
        let prefix = prefix(key);
        blocking(move || {
            let mut entries = store
                .entries
                .scan_prefix(&prefix)
                .rev()
                .take(n)
                .map(|item| decode(&item.map_err(storage)?.1))
                .collect::<Result<Vec<Entry>, StorageError>>()?;
            entries.reverse();
            Ok(entries)
        })
        .await
    }

    async fn mark_seen(&self, key: &ConversationKey, seq: u64) -> Result<(), LogError> {
        let store = self.clone();
        let prefix = prefix(key);
        blocking(move || {
            store
                .conversations
                .transaction(|conversations| {
                    let mut meta: ConversationMeta = read_meta(conversations, &prefix)?;
                    if seq > meta.client_seen && seq <= meta.last_seq {
                        meta.client_seen = seq;
                        conversations.insert(prefix.as_slice(), encode(&meta).map_err(abort)?)?;
                    }
                    Ok(())
                })
                .map_err(from_transaction)
        })
        .await
    }

    async fn idle_since(&self, shop: &ShopId, before_ms: u64) -> Result<Vec<ConversationKey>, LogError> {
        let store = self.clone();
        let shop = shop.clone();
        blocking(move || {
            let mut shop_prefix = shop.as_str().as_bytes().to_vec();
            shop_prefix.push(0);
            let mut idle = Vec::new();
            for item in store.conversations.scan_prefix(&shop_prefix) {
                let (prefix, raw) = item.map_err(storage)?;
                let meta: ConversationMeta = decode(&raw)?;
                let last_at = match store.entries.get(entry_key(&prefix, meta.last_seq)).map_err(storage)? {
                    Some(raw) => decode::<Entry>(&raw)?.at_ms,
                    None => meta.created_at_ms,
                };
                if last_at < before_ms {
                    let id = String::from_utf8_lossy(&prefix[shop_prefix.len()..prefix.len() - 1]).into_owned();
                    if let Ok(id) = crate::domain::ConversationId::parse(&id) {
                        idle.push(ConversationKey { shop: shop.clone(), id });
                    }
                }
            }
            Ok(idle)
        })
        .await
    }

    async fn erase(&self, key: &ConversationKey) -> Result<Option<Vec<Entry>>, LogError> {
        let store = self.clone();
        let prefix = prefix(key);
        blocking(move || {
            if store.conversations.get(&prefix).map_err(storage)?.is_none() {
                return Ok(None);
            }
            let mut entries = Vec::new();
            let mut entry_keys = Vec::new();
            for item in store.entries.scan_prefix(&prefix) {
                let (key, raw) = item.map_err(storage)?;
                entries.push(decode::<Entry>(&raw)?);
                entry_keys.push(key);
            }
            let keys = |tree: &::sled::Tree| -> Result<Vec<::sled::IVec>, StorageError> {
                tree.scan_prefix(&prefix).keys().collect::<Result<_, _>>().map_err(storage)
            };
            let (client_keys, review_keys) = (keys(&store.client_msgs)?, keys(&store.reviews)?);
            let trees = (&store.conversations, &store.entries, &store.client_msgs, &store.handoffs, &store.reviews);
            trees
                .transaction(|(conversations, entries, client_msgs, handoffs, reviews)| {
                    conversations.remove(prefix.as_slice())?;
                    handoffs.remove(prefix.as_slice())?;
                    for key in &entry_keys {
                        entries.remove(key)?;
                    }
                    for key in &client_keys {
                        client_msgs.remove(key)?;
                    }
                    for key in &review_keys {
                        reviews.remove(key)?;
                    }
                    Ok::<(), ConflictableTransactionError<LogError>>(())
                })
                .map_err(from_transaction)?;
            store.flush_now().map_err(storage)?;
            Ok(Some(entries))
        })
        .await
    }

    async fn flush(&self) -> Result<(), LogError> {
        let store = self.clone();
        blocking(move || store.flush_now().map_err(storage)).await.map_err(LogError::from)
    }
}

pub(super) fn prefix(key: &ConversationKey) -> Vec<u8> {
    let mut prefix = Vec::with_capacity(key.shop.as_str().len() + key.id.as_str().len() + 2);
    prefix.extend_from_slice(key.shop.as_str().as_bytes());
    prefix.push(0);
    prefix.extend_from_slice(key.id.as_str().as_bytes());
    prefix.push(0);
    prefix
}

/// What a buyer wrote, for a buyer entry.
fn buyer_text(body: EntryBody) -> String {
    if let EntryBody::Buyer { text, .. } = body { text } else { String::new() }
}

pub(super) fn entry_key(prefix: &[u8], seq: u64) -> Vec<u8> {
    let mut key = Vec::with_capacity(prefix.len() + 8);
    key.extend_from_slice(prefix);
    key.extend_from_slice(&seq.to_be_bytes());
    key
}

fn read_meta(
    conversations: &TransactionalTree,
    prefix: &[u8],
) -> Result<ConversationMeta, ConflictableTransactionError<LogError>> {
    match conversations.get(prefix)? {
        Some(raw) => decode(&raw).map_err(abort),
        None => Err(abort(LogError::NotFound)),
    }
}

fn be_u64(raw: &[u8]) -> u64 {
    raw.try_into().map(u64::from_be_bytes).unwrap_or(0)
}

pub(super) fn encode(value: &impl Serialize) -> Result<Vec<u8>, StorageError> {
    serde_json::to_vec(value).map_err(|e| StorageError::Corrupt(e.to_string()))
}

pub(super) fn decode<T: DeserializeOwned>(raw: &[u8]) -> Result<T, StorageError> {
    serde_json::from_slice(raw).map_err(|e| StorageError::Corrupt(e.to_string()))
}

fn abort(err: impl Into<LogError>) -> ConflictableTransactionError<LogError> {
    ConflictableTransactionError::Abort(err.into())
}

type Abortable<T> = Result<T, ConflictableTransactionError<LogError>>;

/// The buyer message `seq` as a platform knows it (the message id it was stored under) and when
/// it was written.
fn answering(entries: &TransactionalTree, prefix: &[u8], seq: u64) -> Abortable<(String, u64)> {
    match entries.get(entry_key(prefix, seq))? {
        Some(raw) => {
            let entry: Entry = decode(&raw).map_err(abort)?;
            let id =
                if let EntryBody::Buyer { client_msg_id, .. } = entry.body { client_msg_id } else { String::new() };
            Ok((id, entry.at_ms))
        }
        None => Ok((String::new(), 0)),
    }
}

/// Puts `text` in the outbox when the conversation is a marketplace's (`channel_links`), in the
/// caller's transaction: stored and queued in one write, so a crash between them cannot lose it.
fn to_platform(
    (channel_links, outbox, inbox): (&TransactionalTree, &TransactionalTree, &TransactionalTree),
    prefix: &[u8],
    key: &ConversationKey,
    (reply_to, buyer_at_ms): (String, u64),
    text: &str,
) -> Abortable<()> {
    if text.trim().is_empty() {
        return Ok(());
    }
    let Some(raw) = channel_links.get(&prefix[..prefix.len() - 1])? else { return Ok(()) };
    let (platform, conversation): (Platform, String) = decode(&raw).map_err(abort)?;
    // When the buyer wrote, as the platform says (WhatsApp takes replies only for a day after).
    let buyer_at_ms = match inbox.get(super::channels::received_key(platform, &key.shop, &reply_to))? {
        Some(raw) => decode::<super::channels::Received>(&raw).map_err(abort)?.message.at_ms,
        None => buyer_at_ms,
    };
    let id = outbox.generate_id()?;
    let reply = Outbound {
        id,
        platform,
        shop: key.shop.clone(),
        conversation,
        reply_to,
        buyer_at_ms,
        text: text.to_owned(),
        attempts: 0,
        next_at_ms: 0,
        last_error: None,
        pieces_sent: 0,
    };
    outbox.insert(&id.to_be_bytes(), encode(&reply).map_err(abort)?)?;
    Ok(())
}

fn from_transaction(err: TransactionError<LogError>) -> LogError {
    match err {
        TransactionError::Abort(err) => err,
        TransactionError::Storage(err) => storage(err).into(),
    }
}

pub(super) fn storage(err: ::sled::Error) -> StorageError {
    StorageError::unavailable(err)
}

#[cfg(test)]
#[path = "conversations_tests.rs"]
mod tests;
