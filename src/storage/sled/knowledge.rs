//! Ingested knowledge on sled.
//!
//! - `shops`:    `shop` → `ShopRecord` as JSON
//! - `passages`: `shop \0 passage_id` → u32 LE length of the JSON, the passage as JSON, then
//!   its vector as f32 LE
//! - `orders`:   `shop \0 order_id` → `Order` as JSON
//!
//! A commit changes all three in one transaction and flushes: a shop is never half-written.

use std::collections::{HashMap, HashSet};

use ::sled::Transactional;
use ::sled::transaction::{ConflictableTransactionError, TransactionError};

use super::SledStore;
use crate::domain::ShopId;
use crate::knowledge::Order;
use crate::knowledge::store::{Changes, KnowledgeStore, ShopRecord, Snapshot, StoreError, StoredPassage};

#[async_trait::async_trait]
impl KnowledgeStore for SledStore {
    async fn remove(&self, shop: &ShopId) -> Result<bool, StoreError> {
        let store = self.clone();
        let (key, prefix) = (shop.as_str().as_bytes().to_vec(), prefix(shop));
        blocking(move || {
            // The record first: a shop without one is not loaded, whatever is left.
            let had = store.shops.remove(key).map_err(storage)?.is_some();
            store.db.flush().map_err(storage)?;
            for tree in [&store.passages, &store.orders] {
                for item in tree.scan_prefix(&prefix) {
                    tree.remove(item.map_err(storage)?.0).map_err(storage)?;
                }
            }
            store.db.flush().map_err(storage)?;
            Ok(had)
        })
        .await
    }

    async fn record(&self, shop: &ShopId) -> Result<Option<ShopRecord>, StoreError> {
        let store = self.clone();
        let key = shop.as_str().as_bytes().to_vec();
        blocking(move || store.shops.get(key).map_err(storage)?.map(|raw| json(&raw)).transpose()).await
    }

    async fn hashes(&self, shop: &ShopId) -> Result<HashMap<String, String>, StoreError> {
        let store = self.clone();
        let prefix = prefix(shop);
        blocking(move || {
            let mut out = HashMap::new();
            for item in store.passages.scan_prefix(&prefix) {
                let (_, raw) = item.map_err(storage)?;
                let passage = decode_passage(&raw)?;
                out.insert(passage.id, passage.hash);
            }
            Ok(out)
        })
        .await
    }

    async fn commit(&self, shop: &ShopId, changes: Changes) -> Result<(), StoreError> {
        let store = self.clone();
        let shop = shop.clone();
        blocking(move || {
            let prefix = prefix(&shop);
            let old_orders: Vec<Vec<u8>> = store
                .orders
                .scan_prefix(&prefix)
                .keys()
                .map(|k| k.map(|k| k.to_vec()))
                .collect::<Result<_, _>>()
                .map_err(storage)?;
            let new_orders: Vec<(Vec<u8>, Vec<u8>)> = changes
                .orders
                .iter()
                .map(|order| Ok((key(&prefix, &order.order_id), to_json(order)?)))
                .collect::<Result<_, StoreError>>()?;
            let keep: HashSet<&[u8]> = new_orders.iter().map(|(k, _)| k.as_slice()).collect();
            let passages: Vec<(Vec<u8>, Vec<u8>)> = changes
                .upserts
                .iter()
                .map(|p| Ok((key(&prefix, &p.id), encode_passage(p)?)))
                .collect::<Result<_, StoreError>>()?;
            let record = to_json(&changes.record)?;
            let trees = (&store.shops, &store.passages, &store.orders);
            trees
                .transaction(|(shops, passage_tree, order_tree)| {
                    for id in &changes.deletes {
                        passage_tree.remove(key(&prefix, id))?;
                    }
                    for (k, v) in &passages {
                        passage_tree.insert(k.as_slice(), v.as_slice())?;
                    }
                    for k in old_orders.iter().filter(|k| !keep.contains(k.as_slice())) {
                        order_tree.remove(k.as_slice())?;
                    }
                    for (k, v) in &new_orders {
                        order_tree.insert(k.as_slice(), v.as_slice())?;
                    }
                    shops.insert(shop.as_str().as_bytes(), record.as_slice())?;
                    Ok::<(), ConflictableTransactionError<StoreError>>(())
                })
                .map_err(|err| match err {
                    TransactionError::Abort(err) => err,
                    TransactionError::Storage(err) => storage(err),
                })?;
            store.flush_now().map_err(storage)
        })
        .await
    }

    async fn set_indexed(&self, shop: &ShopId, indexed: bool) -> Result<(), StoreError> {
        let store = self.clone();
        let key = shop.as_str().as_bytes().to_vec();
        blocking(move || {
            // Compare-and-swap on the record read: a commit landing in between is never
            // overwritten with the record as it was before it; the mark is then set on the new one.
            loop {
                let Some(raw) = store.shops.get(&key).map_err(storage)? else { return Ok(()) };
                let mut record: ShopRecord = json(&raw)?;
                if record.indexed == indexed {
                    return Ok(());
                }
                record.indexed = indexed;
                let swapped =
                    store.shops.compare_and_swap(&key, Some(&raw), Some(to_json(&record)?)).map_err(storage)?;
                if swapped.is_ok() {
                    store.flush_now().map_err(storage)?;
                    return Ok(());
                }
            }
        })
        .await
    }

    async fn snapshot(&self, shop: &ShopId) -> Result<Option<Snapshot>, StoreError> {
        let Some(record) = self.record(shop).await? else { return Ok(None) };
        let store = self.clone();
        let prefix = prefix(shop);
        blocking(move || {
            let passages = store
                .passages
                .scan_prefix(&prefix)
                .map(|item| decode_passage(&item.map_err(storage)?.1))
                .collect::<Result<Vec<_>, _>>()?;
            let orders = store
                .orders
                .scan_prefix(&prefix)
                .map(|item| json::<Order>(&item.map_err(storage)?.1))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some(Snapshot { record, passages, orders }))
        })
        .await
    }

    async fn shops(&self) -> Result<Vec<ShopId>, StoreError> {
        let store = self.clone();
        blocking(move || {
            store
                .shops
                .iter()
                .keys()
                .map(|k| {
                    let k = k.map_err(storage)?;
                    let id = std::str::from_utf8(&k).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    ShopId::parse(id).map_err(|e| StoreError::Corrupt(e.to_string()))
                })
                .collect()
        })
        .await
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| StoreError::Storage(format!("storage task failed: {e}")))?
}

fn prefix(shop: &ShopId) -> Vec<u8> {
    let mut prefix = shop.as_str().as_bytes().to_vec();
    prefix.push(0);
    prefix
}

fn key(prefix: &[u8], id: &str) -> Vec<u8> {
    let mut key = prefix.to_vec();
    key.extend_from_slice(id.as_bytes());
    key
}

fn encode_passage(passage: &StoredPassage) -> Result<Vec<u8>, StoreError> {
    let meta = to_json(passage)?;
    let mut out = Vec::with_capacity(4 + meta.len() + passage.vector.len() * 4);
    out.extend_from_slice(&(meta.len() as u32).to_le_bytes());
    out.extend_from_slice(&meta);
    for x in &passage.vector {
        out.extend_from_slice(&x.to_le_bytes());
    }
    Ok(out)
}

fn decode_passage(raw: &[u8]) -> Result<StoredPassage, StoreError> {
    let corrupt = || StoreError::Corrupt("a passage record is truncated".to_owned());
    let len = u32::from_le_bytes(raw.get(..4).ok_or_else(corrupt)?.try_into().map_err(|_| corrupt())?) as usize;
    let meta = raw.get(4..4 + len).ok_or_else(corrupt)?;
    let floats = &raw[4 + len..];
    if !floats.len().is_multiple_of(4) {
        return Err(corrupt());
    }
    let mut passage: StoredPassage = json(meta)?;
    passage.vector = floats.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
    Ok(passage)
}

fn to_json(value: &impl serde::Serialize) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn json<T: serde::de::DeserializeOwned>(raw: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(raw).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn storage(err: ::sled::Error) -> StoreError {
    StoreError::Storage(err.to_string())
}

#[cfg(test)]
#[path = "knowledge_tests.rs"]
mod tests;
