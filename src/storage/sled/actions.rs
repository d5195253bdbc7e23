//! Confirmed actions on orders on sled, in the `actions` tree: `shop \0 key` → the record
//! (JSON). One shop's records are one prefix; keys are random, so a listing sorts by time.

use ::sled::transaction::TransactionError;

use super::SledStore;
use super::conversations::{blocking, storage};
use crate::actions::store::{ActionRecord, ActionState, ActionStore};
use crate::domain::StorageError;
use crate::domain::{ConversationId, ShopId};

#[async_trait::async_trait]
impl ActionStore for SledStore {
    async fn insert_action(&self, record: &ActionRecord) -> Result<ActionRecord, StorageError> {
        let store = self.clone();
        let key = key(&record.shop, &record.proposal.key);
        let value = encode(record)?;
        let stored = blocking(move || {
            let previous = store
                .actions
                .compare_and_swap(key.as_slice(), None as Option<&[u8]>, Some(value.as_slice()))
                .map_err(storage)?;
            store.db.flush().map_err(storage)?;
            match previous {
                Ok(()) => Ok(None),
                Err(existing) => Ok(existing.current.map(|raw| raw.to_vec())),
            }
        })
        .await?;
        match stored {
            None => Ok(record.clone()),
            Some(raw) => decode(&raw),
        }
    }

    async fn update_action(&self, record: &ActionRecord, expected: ActionState) -> Result<bool, StorageError> {
        let store = self.clone();
        let key = key(&record.shop, &record.proposal.key);
        let value = encode(record)?;
        blocking(move || {
            let updated = store.actions.transaction(|tree| {
                let Some(raw) = tree.get(key.as_slice())? else { return Ok(false) };
                let current: ActionRecord = match serde_json::from_slice(&raw) {
                    Ok(current) => current,
                    Err(_) => return Ok(false),
                };
                if current.state != expected {
                    return Ok(false);
                }
                tree.insert(key.as_slice(), value.as_slice())?;
                Ok(true)
            });
            let updated = updated.map_err(|err: TransactionError<()>| StorageError::unavailable(format!("{err:?}")))?;
            store.db.flush().map_err(storage)?;
            Ok(updated)
        })
        .await
    }

    async fn action(&self, shop: &ShopId, action_key: &str) -> Result<Option<ActionRecord>, StorageError> {
        let store = self.clone();
        let key = key(shop, action_key);
        let raw = blocking(move || store.actions.get(key).map_err(storage)).await?;
        raw.map(|raw| decode(&raw)).transpose()
    }

    async fn actions(&self, shop: &ShopId, limit: usize) -> Result<Vec<ActionRecord>, StorageError> {
        let store = self.clone();
        let prefix = key(shop, "");
        let mut records = blocking(move || {
            let mut out = Vec::new();
            for item in store.actions.scan_prefix(&prefix) {
                out.push(decode(&item.map_err(storage)?.1)?);
            }
            Ok(out)
        })
        .await?;
        records.sort_by(|a: &ActionRecord, b| {
            b.created_ms.cmp(&a.created_ms).then_with(|| a.proposal.key.cmp(&b.proposal.key))
        });
        records.truncate(limit);
        Ok(records)
    }

    async fn erase_conversation_actions(
        &self,
        shop: &ShopId,
        conversation: &ConversationId,
    ) -> Result<usize, StorageError> {
        let conversation = conversation.clone();
        self.remove_actions(shop, move |record| record.conversation == conversation).await
    }

    async fn erase_shop_actions(&self, shop: &ShopId) -> Result<usize, StorageError> {
        self.remove_actions(shop, |_| true).await
    }
}

impl SledStore {
    async fn remove_actions(
        &self,
        shop: &ShopId,
        which: impl Fn(&ActionRecord) -> bool + Send + 'static,
    ) -> Result<usize, StorageError> {
        let store = self.clone();
        let prefix = key(shop, "");
        blocking(move || {
            let mut removed = 0;
            for item in store.actions.scan_prefix(&prefix) {
                let (key, raw) = item.map_err(storage)?;
                // A record kefu cannot read is the shop's all the same: removed.
                if decode(&raw).map_or(true, |record| which(&record)) {
                    store.actions.remove(key).map_err(storage)?;
                    removed += 1;
                }
            }
            store.db.flush().map_err(storage)?;
            Ok(removed)
        })
        .await
    }
}

fn key(shop: &ShopId, action_key: &str) -> Vec<u8> {
    let mut key = shop.as_str().as_bytes().to_vec();
    key.push(0);
    key.extend_from_slice(action_key.as_bytes());
    key
}

fn encode(record: &ActionRecord) -> Result<Vec<u8>, StorageError> {
    serde_json::to_vec(record).map_err(|e| StorageError::unavailable(format!("an action record: {e}")))
}

fn decode(raw: &[u8]) -> Result<ActionRecord, StorageError> {
    serde_json::from_slice(raw)
        .map_err(|e| StorageError::unavailable(format!("an action record kefu cannot read: {e}")))
}
