//! The console's data on sled.
//!
//! - `agents`:       agent id → `Agent` as JSON
//! - `agent_emails`: lower-cased e-mail → agent id (unique)
//! - `sessions`:     SHA-256 of the token (hex) → `Session` as JSON
//! - `audit`:        `shop \0 time(u64 big-endian ms) id(u64 big-endian)` → `AuditRecord` as JSON
//! - `translations`: `shop \0 conversation \0 seq \0 language` → `\0`, when it was cached (u64
//!   big-endian ms), the translated text (older rows: the text alone)
//! - `canned`:       `shop \0 id` → `Canned` as JSON
//! - `api_keys`:     SHA-256 of the key (hex) → `ApiKey` as JSON
//! - `reviews` (written by `conversations.rs`): verdicts are set here
//!
//! An agent and its e-mail index change in one transaction. Audit records are flushed before
//! the call returns; sessions and translations are not (losing one means logging in again, or
//! translating again).

use ::sled::Transactional;
use ::sled::transaction::ConflictableTransactionError;

use super::SledStore;
use super::conversations::{blocking, decode, encode, storage};
use crate::console::store::{Agent, AgentError, ApiKey, AuditRecord, Canned, ConsoleStore, ListedKey, Session};
use crate::domain::StorageError;
use crate::domain::{ConversationKey, Language, Review, ShopId, Verdict};

#[async_trait::async_trait]
impl ConsoleStore for SledStore {
    async fn put_agent(&self, agent: &Agent) -> Result<(), AgentError> {
        let store = self.clone();
        let agent = agent.clone();
        let taken = tokio::task::spawn_blocking(move || {
            let trees = (&store.agents, &store.agent_emails);
            let result = trees.transaction(|(agents, emails)| {
                if let Some(owner) = emails.get(agent.email.as_bytes())?
                    && owner.as_ref() != agent.id.as_bytes()
                {
                    return Err(ConflictableTransactionError::Abort(String::from_utf8_lossy(&owner).into_owned()));
                }
                if let Some(old) = agents.get(agent.id.as_bytes())? {
                    let old: Agent = decode(&old).map_err(|e| ConflictableTransactionError::Abort(e.to_string()))?;
                    emails.remove(old.email.as_bytes())?;
                }
                let raw = encode(&agent).map_err(|e| ConflictableTransactionError::Abort(e.to_string()))?;
                agents.insert(agent.id.as_bytes(), raw)?;
                emails.insert(agent.email.as_bytes(), agent.id.as_bytes())?;
                Ok(())
            });
            store.db.flush().map_err(storage)?;
            Ok::<_, StorageError>(result)
        })
        .await
        .map_err(|e| StorageError::unavailable(format!("storage task failed: {e}")))??;
        match taken {
            Ok(()) => Ok(()),
            Err(::sled::transaction::TransactionError::Abort(owner)) => Err(AgentError::EmailTaken(owner)),
            Err(::sled::transaction::TransactionError::Storage(err)) => Err(storage(err).into()),
        }
    }

    async fn agent(&self, id: &str) -> Result<Option<Agent>, StorageError> {
        let store = self.clone();
        let id = id.to_owned();
        blocking(move || store.agents.get(id.as_bytes()).map_err(storage)?.map(|raw| decode(&raw)).transpose()).await
    }

    async fn agent_by_email(&self, email: &str) -> Result<Option<Agent>, StorageError> {
        let store = self.clone();
        let email = email.to_lowercase();
        blocking(move || {
            let Some(id) = store.agent_emails.get(email.as_bytes()).map_err(storage)? else { return Ok(None) };
            store.agents.get(&id).map_err(storage)?.map(|raw| decode(&raw)).transpose()
        })
        .await
    }

    async fn agents(&self) -> Result<Vec<Agent>, StorageError> {
        let store = self.clone();
        blocking(move || store.agents.iter().map(|item| decode(&item.map_err(storage)?.1)).collect()).await
    }

    async fn put_session(&self, token_hash: &str, session: &Session) -> Result<(), StorageError> {
        let store = self.clone();
        let (key, raw) = (token_hash.to_owned(), encode(session)?);
        blocking(move || store.sessions.insert(key.as_bytes(), raw).map(|_| ()).map_err(storage)).await
    }

    async fn session(&self, token_hash: &str) -> Result<Option<Session>, StorageError> {
        let store = self.clone();
        let key = token_hash.to_owned();
        blocking(move || store.sessions.get(key.as_bytes()).map_err(storage)?.map(|raw| decode(&raw)).transpose()).await
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StorageError> {
        let store = self.clone();
        let key = token_hash.to_owned();
        blocking(move || store.sessions.remove(key.as_bytes()).map(|_| ()).map_err(storage)).await
    }

    async fn audit(&self, record: &AuditRecord) -> Result<(), StorageError> {
        let store = self.clone();
        let raw = encode(record)?;
        let mut key = shop_prefix(&record.shop);
        key.extend_from_slice(&record.at_ms.to_be_bytes());
        blocking(move || {
            key.extend_from_slice(&store.db.generate_id().map_err(storage)?.to_be_bytes());
            store.audit.insert(key, raw).map_err(storage)?;
            store.db.flush().map(|_| ()).map_err(storage)
        })
        .await
    }

    async fn audit_log(&self, shop: &ShopId, limit: usize) -> Result<Vec<AuditRecord>, StorageError> {
        let store = self.clone();
        let prefix = shop_prefix(shop);
        blocking(move || {
            store.audit.scan_prefix(prefix).rev().take(limit).map(|item| decode(&item.map_err(storage)?.1)).collect()
        })
        .await
    }

    async fn canned(&self, shop: &ShopId) -> Result<Vec<Canned>, StorageError> {
        let store = self.clone();
        let prefix = shop_prefix(shop);
        blocking(move || {
            let mut canned: Vec<Canned> = store
                .canned
                .scan_prefix(prefix)
                .map(|item| decode(&item.map_err(storage)?.1))
                .collect::<Result<_, _>>()?;
            canned.sort_by_key(|c| c.title.to_lowercase());
            Ok(canned)
        })
        .await
    }

    async fn put_canned(&self, shop: &ShopId, canned: &Canned) -> Result<(), StorageError> {
        let store = self.clone();
        let mut key = shop_prefix(shop);
        key.extend_from_slice(canned.id.as_bytes());
        let raw = encode(canned)?;
        blocking(move || {
            store.canned.insert(key, raw).map_err(storage)?;
            store.db.flush().map(|_| ()).map_err(storage)
        })
        .await
    }

    async fn delete_canned(&self, shop: &ShopId, id: &str) -> Result<bool, StorageError> {
        let store = self.clone();
        let mut key = shop_prefix(shop);
        key.extend_from_slice(id.as_bytes());
        blocking(move || {
            let existed = store.canned.remove(key).map_err(storage)?.is_some();
            store.db.flush().map_err(storage)?;
            Ok(existed)
        })
        .await
    }

    async fn reviews(&self, shop: &ShopId, limit: usize) -> Result<Vec<Review>, StorageError> {
        let store = self.clone();
        let prefix = shop_prefix(shop);
        blocking(move || {
            let mut reviews: Vec<Review> = store
                .reviews
                .scan_prefix(prefix)
                .map(|item| decode(&item.map_err(storage)?.1))
                .collect::<Result<_, _>>()?;
            reviews.sort_by_key(|r| std::cmp::Reverse((r.at_ms, r.seq)));
            reviews.truncate(limit);
            Ok(reviews)
        })
        .await
    }

    async fn set_verdict(
        &self,
        shop: &ShopId,
        conversation: &str,
        seq: u64,
        verdict: Verdict,
    ) -> Result<bool, StorageError> {
        let store = self.clone();
        let mut key = shop_prefix(shop);
        key.extend_from_slice(conversation.as_bytes());
        key.push(0);
        key.extend_from_slice(&seq.to_be_bytes());
        blocking(move || {
            let Some(raw) = store.reviews.get(&key).map_err(storage)? else { return Ok(false) };
            let mut review: Review = decode(&raw)?;
            review.verdict = Some(verdict);
            store.reviews.insert(key, encode(&review)?).map_err(storage)?;
            store.db.flush().map_err(storage)?;
            Ok(true)
        })
        .await
    }

    async fn put_api_key(&self, key_hash: &str, key: &ApiKey) -> Result<(), StorageError> {
        let store = self.clone();
        let (hash, raw) = (key_hash.to_owned(), encode(key)?);
        blocking(move || {
            store.api_keys.insert(hash.as_bytes(), raw).map_err(storage)?;
            store.db.flush().map(|_| ()).map_err(storage)
        })
        .await
    }

    async fn api_keys(&self, shop: &ShopId) -> Result<Vec<ListedKey>, StorageError> {
        let store = self.clone();
        let shop = shop.clone();
        blocking(move || {
            let mut keys = Vec::new();
            for item in store.api_keys.iter() {
                let (hash, raw) = item.map_err(storage)?;
                let key: ApiKey = decode(&raw)?;
                if key.shop == shop {
                    let id = String::from_utf8_lossy(&hash).chars().take(12).collect();
                    keys.push(ListedKey { id, key });
                }
            }
            keys.sort_by_key(|k| k.key.created_at_ms);
            Ok(keys)
        })
        .await
    }

    async fn delete_api_key(&self, shop: &ShopId, id: &str) -> Result<bool, StorageError> {
        let store = self.clone();
        let (shop, id) = (shop.clone(), id.to_owned());
        blocking(move || {
            if id.len() < 12 {
                return Ok(false);
            }
            for item in store.api_keys.scan_prefix(id.as_bytes()) {
                let (hash, raw) = item.map_err(storage)?;
                let key: ApiKey = decode(&raw)?;
                if key.shop == shop {
                    store.api_keys.remove(hash).map_err(storage)?;
                    store.db.flush().map_err(storage)?;
                    return Ok(true);
                }
            }
            Ok(false)
        })
        .await
    }

    async fn delete_agent(&self, id: &str) -> Result<bool, StorageError> {
        let store = self.clone();
        let id = id.to_owned();
        blocking(move || {
            // The account and its e-mail go in one write: never an e-mail naming no one.
            let removed = (&store.agents, &store.agent_emails)
                .transaction(|(agents, emails)| {
                    let Some(raw) = agents.remove(id.as_bytes())? else { return Ok(false) };
                    let agent: Agent = decode(&raw).map_err(ConflictableTransactionError::Abort)?;
                    emails.remove(agent.email.as_bytes())?;
                    Ok(true)
                })
                .map_err(|err| StorageError::unavailable(format!("{err:?}")))?;
            store.db.flush().map_err(storage)?;
            Ok(removed)
        })
        .await
    }

    async fn api_key(&self, key_hash: &str) -> Result<Option<ApiKey>, StorageError> {
        let store = self.clone();
        let hash = key_hash.to_owned();
        blocking(move || store.api_keys.get(hash.as_bytes()).map_err(storage)?.map(|raw| decode(&raw)).transpose())
            .await
    }

    async fn translation(&self, of: &ConversationKey, seq: u64, to: &Language) -> Result<Option<String>, StorageError> {
        let store = self.clone();
        let key = translation_key(of, seq, to);
        blocking(move || Ok(store.translations.get(key).map_err(storage)?.map(|raw| cached_translation(&raw).1))).await
    }

    async fn put_translation(
        &self,
        of: &ConversationKey,
        seq: u64,
        to: &Language,
        text: &str,
    ) -> Result<(), StorageError> {
        let store = self.clone();
        let key = translation_key(of, seq, to);
        let mut value = vec![0];
        value.extend_from_slice(&crate::domain::now_ms().to_be_bytes());
        value.extend_from_slice(text.as_bytes());
        blocking(move || store.translations.insert(key, value).map(|_| ()).map_err(storage)).await
    }

    async fn erase_translations(&self, of: &ConversationKey) -> Result<usize, StorageError> {
        let store = self.clone();
        let prefix = [of.shop.as_str(), of.id.as_str(), ""].join("\0").into_bytes();
        blocking(move || {
            let mut removed = 0;
            for item in store.translations.scan_prefix(&prefix) {
                store.translations.remove(item.map_err(storage)?.0).map_err(storage)?;
                removed += 1;
            }
            store.db.flush().map_err(storage)?;
            Ok(removed)
        })
        .await
    }

    async fn erase_shop(&self, shop: &ShopId) -> Result<usize, StorageError> {
        let store = self.clone();
        let id = shop.clone();
        let removed = blocking(move || {
            let prefix = shop_prefix(&id);
            let mut removed = 0;
            for tree in [&store.canned, &store.audit, &store.reviews, &store.translations] {
                for item in tree.scan_prefix(&prefix) {
                    tree.remove(item.map_err(storage)?.0).map_err(storage)?;
                    removed += 1;
                }
            }
            for item in store.api_keys.iter() {
                let (hash, raw) = item.map_err(storage)?;
                if decode::<ApiKey>(&raw)?.shop == id {
                    store.api_keys.remove(hash).map_err(storage)?;
                    removed += 1;
                }
            }
            store.db.flush().map_err(storage)?;
            Ok(removed)
        })
        .await?;
        for mut agent in self.agents().await? {
            if agent.shops.contains(shop) {
                agent.shops.retain(|s| s != shop);
                agent.changed_at_ms = crate::domain::now_ms();
                self.put_agent(&agent).await.map_err(|e| StorageError::unavailable(e.to_string()))?;
            }
        }
        Ok(removed)
    }

    async fn prune_translations(&self, shop: &ShopId, before_ms: u64) -> Result<usize, StorageError> {
        let store = self.clone();
        let prefix = shop_prefix(shop);
        blocking(move || {
            let mut removed = 0;
            for item in store.translations.scan_prefix(&prefix) {
                let (key, raw) = item.map_err(storage)?;
                if cached_translation(&raw).0 < before_ms {
                    store.translations.remove(key).map_err(storage)?;
                    removed += 1;
                }
            }
            Ok(removed)
        })
        .await
    }
}

fn translation_key(of: &ConversationKey, seq: u64, to: &Language) -> Vec<u8> {
    [of.shop.as_str(), of.id.as_str(), &seq.to_string(), to.as_str()].join("\0").into_bytes()
}

/// When a translation was cached (0 for rows from before that was kept) and its text.
fn cached_translation(raw: &[u8]) -> (u64, String) {
    match raw {
        [0, time @ ..] if time.len() >= 8 => {
            let (at, text) = time.split_at(8);
            (u64::from_be_bytes(at.try_into().expect("8 bytes")), String::from_utf8_lossy(text).into_owned())
        }
        _ => (0, String::from_utf8_lossy(raw).into_owned()),
    }
}

fn shop_prefix(shop: &ShopId) -> Vec<u8> {
    let mut prefix = shop.as_str().as_bytes().to_vec();
    prefix.push(0);
    prefix
}

#[cfg(test)]
mod tests {
    //! Sled's own format; what every store must do is in `storage::contract::console`.

    use super::*;
    use crate::domain::ConversationId;

    fn conversation(shop: &str, id: &str) -> ConversationKey {
        ConversationKey { shop: ShopId::parse(shop).unwrap(), id: ConversationId::parse(id).unwrap() }
    }

    #[tokio::test]
    async fn a_translation_cached_before_its_time_was_kept_still_reads_and_expires() {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let (key, en) = (conversation("a", "c1"), Language::english());
        store.translations.insert(translation_key(&key, 3, &en), "hello".as_bytes()).unwrap();
        assert_eq!(store.translation(&key, 3, &en).await.unwrap().as_deref(), Some("hello"));
        assert_eq!(store.prune_translations(&key.shop, 1).await.unwrap(), 1);
    }
}
