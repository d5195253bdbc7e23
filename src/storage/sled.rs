//! The embedded store on sled: one database file set in the data directory, no server.
//!
//! On-disk format, version 1 (the `meta` tree's `format_version` says which):
//! - `conversations`: `shop \0 conversation \0` → `ConversationMeta` as JSON
//! - `entries`:       `shop \0 conversation \0 seq(u64 big-endian)` → `Entry` as JSON
//! - `client_msgs`:   `shop \0 conversation \0 client_msg_id` → seq (u64 big-endian)
//!
//! Ids never contain `\0` (see `domain`), so a key prefix names exactly one conversation, and
//! big-endian seqs make a prefix scan return entries in order. A buyer message, its dedup key
//! and the header's `last_seq` change in one transaction, then the database is flushed before
//! the call returns.

use std::path::{Path, PathBuf};

use ::sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};
use ::sled::{Db, Transactional, Tree};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::conversation::log::{Appended, ConversationLog, ConversationMeta, Entry, EntryBody, LogError, Owner};
use crate::domain::{ConversationKey, Language, now_ms};

/// The on-disk format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(
        "the data directory {0} is in use by another kefu process; stop it (kefu serve?) or pass another --data-dir"
    )]
    Locked(PathBuf),
    #[error("cannot open the database in {path}: {source}")]
    Io { path: PathBuf, source: ::sled::Error },
    #[error(
        "the database in {path} has format version {found}, this kefu reads version {FORMAT_VERSION}; use a kefu that matches it"
    )]
    Version { path: PathBuf, found: u32 },
}

/// The sled database. Cheap to clone: trees are reference-counted handles.
#[derive(Clone)]
pub struct SledStore {
    db: Db,
    conversations: Tree,
    entries: Tree,
    client_msgs: Tree,
}

impl SledStore {
    /// Opens (or creates) the database under `data_dir`, checking its format version.
    pub fn open(data_dir: &Path) -> Result<SledStore, OpenError> {
        let path = data_dir.join("kefu.sled");
        let io = |source: ::sled::Error| OpenError::Io { path: path.clone(), source };
        std::fs::create_dir_all(data_dir).map_err(|e| io(e.into()))?;
        let db = match ::sled::Config::new().path(&path).open() {
            Ok(db) => db,
            Err(::sled::Error::Io(err))
                if err.kind() == std::io::ErrorKind::WouldBlock || err.to_string().contains("lock") =>
            {
                return Err(OpenError::Locked(data_dir.to_owned()));
            }
            Err(err) => return Err(io(err)),
        };
        let meta = db.open_tree("meta").map_err(io)?;
        match meta.get("format_version").map_err(io)? {
            Some(raw) => {
                let found = raw.as_ref().try_into().map(u32::from_be_bytes).unwrap_or(u32::MAX);
                if found != FORMAT_VERSION {
                    return Err(OpenError::Version { path, found });
                }
            }
            None => {
                meta.insert("format_version", &FORMAT_VERSION.to_be_bytes()).map_err(io)?;
                db.flush().map_err(io)?;
            }
        }
        Ok(SledStore {
            conversations: db.open_tree("conversations").map_err(io)?,
            entries: db.open_tree("entries").map_err(io)?,
            client_msgs: db.open_tree("client_msgs").map_err(io)?,
            db,
        })
    }

    fn flush_now(&self) -> Result<(), LogError> {
        self.db.flush().map(|_| ()).map_err(storage)
    }
}

/// Runs a blocking sled call off the async runtime.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, LogError> + Send + 'static) -> Result<T, LogError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| LogError::Storage(format!("storage task failed: {e}")))?
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
            let Some(raw) = store.conversations.get(&prefix).map_err(storage)? else { return Ok(None) };
            let mut meta: ConversationMeta = decode(&raw)?;
            if locale.is_some() && meta.locale != locale {
                meta.locale = locale;
                store.conversations.insert(&prefix, encode(&meta)?).map_err(storage)?;
            }
            Ok(Some(meta))
        })
        .await
    }

    async fn append_buyer(
        &self,
        key: &ConversationKey,
        client_msg_id: &str,
        text: &str,
        locale: Option<Language>,
    ) -> Result<Appended, LogError> {
        let store = self.clone();
        let prefix = prefix(key);
        let client_msg_id = client_msg_id.to_owned();
        let text = text.to_owned();
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
                        body: EntryBody::Buyer { client_msg_id: client_msg_id.clone(), text: text.clone() },
                    };
                    entries.insert(entry_key(&prefix, entry.seq), encode(&entry).map_err(abort)?)?;
                    client_msgs.insert(dedup_key.as_slice(), &entry.seq.to_be_bytes())?;
                    conversations.insert(prefix.as_slice(), encode(&meta).map_err(abort)?)?;
                    Ok(Appended { seq: entry.seq, duplicate: false })
                })
                .map_err(from_transaction)?;
            if !appended.duplicate {
                store.flush_now()?;
            }
            Ok(appended)
        })
        .await
    }

    async fn append(&self, key: &ConversationKey, body: EntryBody) -> Result<Entry, LogError> {
        let store = self.clone();
        let prefix = prefix(key);
        blocking(move || {
            let trees = (&store.conversations, &store.entries);
            let entry = trees
                .transaction(|(conversations, entries)| {
                    let mut meta: ConversationMeta = read_meta(conversations, &prefix)?;
                    meta.last_seq += 1;
                    match &body {
                        EntryBody::Buyer { .. } => {}
                        EntryBody::Bot { reply_to, .. } => {
                            meta.answered_through = meta.answered_through.max(*reply_to);
                        }
                        EntryBody::Handoff { reply_to, .. } => {
                            meta.answered_through = meta.answered_through.max(*reply_to);
                            meta.owner = Owner::Human;
                        }
                    }
                    let entry = Entry { seq: meta.last_seq, at_ms: now_ms(), body: body.clone() };
                    entries.insert(entry_key(&prefix, entry.seq), encode(&entry).map_err(abort)?)?;
                    conversations.insert(prefix.as_slice(), encode(&meta).map_err(abort)?)?;
                    Ok(entry)
                })
                .map_err(from_transaction)?;
            store.flush_now()?;
            Ok(entry)
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
                .collect::<Result<Vec<Entry>, LogError>>()?;
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

    async fn flush(&self) -> Result<(), LogError> {
        let store = self.clone();
        blocking(move || store.flush_now()).await
    }
}

fn prefix(key: &ConversationKey) -> Vec<u8> {
    let mut prefix = Vec::with_capacity(key.shop.as_str().len() + key.id.as_str().len() + 2);
    prefix.extend_from_slice(key.shop.as_str().as_bytes());
    prefix.push(0);
    prefix.extend_from_slice(key.id.as_str().as_bytes());
    prefix.push(0);
    prefix
}

fn entry_key(prefix: &[u8], seq: u64) -> Vec<u8> {
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

fn encode(value: &impl Serialize) -> Result<Vec<u8>, LogError> {
    serde_json::to_vec(value).map_err(|e| LogError::Corrupt(e.to_string()))
}

fn decode<T: DeserializeOwned>(raw: &[u8]) -> Result<T, LogError> {
    serde_json::from_slice(raw).map_err(|e| LogError::Corrupt(e.to_string()))
}

fn abort(err: LogError) -> ConflictableTransactionError<LogError> {
    ConflictableTransactionError::Abort(err)
}

fn from_transaction(err: TransactionError<LogError>) -> LogError {
    match err {
        TransactionError::Abort(err) => err,
        TransactionError::Storage(err) => storage(err),
    }
}

fn storage(err: ::sled::Error) -> LogError {
    LogError::Storage(err.to_string())
}

#[cfg(test)]
mod tests;
