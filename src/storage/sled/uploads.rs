//! Buyers' images on sled, in the `uploads` tree:
//! - `shop \0 id` → `\x01`, when it was stored (Unix ms, u64 big-endian), the content type, `\0`,
//!   the bytes (images stored before kefu recorded the time: the content type, `\0`, the bytes);
//! - `\0 usage \0 shop` → the bytes the shop's images take (u64 big-endian), changed in the
//!   transaction that stores or deletes an image. Shop ids never start with `\0`.

use ::sled::transaction::{ConflictableTransactionError, TransactionError};

use super::SledStore;
use super::conversations::{blocking, storage};
use crate::domain::ShopId;
use crate::domain::StorageError;
use crate::uploads::{Upload, UploadStore};

const TIMED: u8 = 1;

#[async_trait::async_trait]
impl UploadStore for SledStore {
    async fn erase_shop_uploads(&self, shop: &ShopId) -> Result<usize, StorageError> {
        let store = self.clone();
        let (prefix, usage) = (key(shop, ""), usage_key(shop));
        blocking(move || {
            let mut removed = 0;
            for item in store.uploads.scan_prefix(&prefix) {
                store.uploads.remove(item.map_err(storage)?.0).map_err(storage)?;
                removed += 1;
            }
            store.uploads.remove(usage).map_err(storage)?;
            store.db.flush().map_err(storage)?;
            Ok(removed)
        })
        .await
    }

    async fn put_upload(
        &self,
        shop: &ShopId,
        id: &str,
        upload: &Upload,
        quota_bytes: u64,
    ) -> Result<bool, StorageError> {
        let store = self.clone();
        let key = key(shop, id);
        let usage_key = usage_key(shop);
        let mut value = vec![TIMED];
        value.extend_from_slice(&upload.at_ms.to_be_bytes());
        value.extend_from_slice(upload.content_type.as_bytes());
        value.push(0);
        value.extend_from_slice(&upload.bytes);
        let size = upload.bytes.len() as u64;
        blocking(move || {
            let stored = store.uploads.transaction(|tree| {
                let used = tree.get(&usage_key)?.map_or(0, |raw| number(&raw));
                // An image stored again under its id gives its old size back first.
                let replaced =
                    tree.get(key.as_slice())?.and_then(|raw| decode(&raw).ok()).map_or(0, |u| u.bytes.len() as u64);
                let used = used.saturating_sub(replaced);
                if used + size > quota_bytes {
                    return Ok(false);
                }
                tree.insert(key.as_slice(), value.as_slice())?;
                tree.insert(usage_key.as_slice(), &(used + size).to_be_bytes())?;
                Ok(true)
            });
            let stored = stored.map_err(|err: TransactionError<()>| StorageError::unavailable(format!("{err:?}")))?;
            store.db.flush().map_err(storage)?;
            Ok(stored)
        })
        .await
    }

    async fn upload(&self, shop: &ShopId, id: &str) -> Result<Option<Upload>, StorageError> {
        let store = self.clone();
        let key = key(shop, id);
        blocking(move || match store.uploads.get(key).map_err(storage)? {
            Some(raw) => decode(&raw).map(Some),
            None => Ok(None),
        })
        .await
    }

    async fn delete_upload(&self, shop: &ShopId, id: &str) -> Result<bool, StorageError> {
        let store = self.clone();
        let (key, usage_key) = (key(shop, id), usage_key(shop));
        blocking(move || {
            let removed = store
                .uploads
                .transaction(|tree| {
                    let Some(raw) = tree.remove(key.as_slice())? else { return Ok(false) };
                    let size = decode(&raw).map(|u| u.bytes.len() as u64).unwrap_or(0);
                    let used = tree.get(&usage_key)?.map_or(0, |raw| number(&raw));
                    tree.insert(usage_key.as_slice(), &used.saturating_sub(size).to_be_bytes())?;
                    Ok::<bool, ConflictableTransactionError<()>>(true)
                })
                .map_err(|err| StorageError::unavailable(format!("{err:?}")))?;
            store.db.flush().map_err(storage)?;
            Ok(removed)
        })
        .await
    }

    async fn prune_uploads(&self, shop: &ShopId, before_ms: u64) -> Result<usize, StorageError> {
        let store = self.clone();
        let prefix = key(shop, "");
        blocking(move || {
            let mut old = Vec::new();
            for item in store.uploads.scan_prefix(&prefix) {
                let (key, raw) = item.map_err(storage)?;
                let upload = decode(&raw)?;
                if upload.at_ms < before_ms {
                    old.push((key, upload.bytes.len() as u64));
                }
            }
            for (key, size) in &old {
                let shop_end = key.iter().position(|b| *b == 0).unwrap_or(key.len());
                let mut usage_key = b"\0usage\0".to_vec();
                usage_key.extend_from_slice(&key[..shop_end]);
                store
                    .uploads
                    .transaction(|tree| {
                        if tree.remove(key.as_ref())?.is_some() {
                            let used = tree.get(&usage_key)?.map_or(0, |raw| number(&raw));
                            tree.insert(usage_key.as_slice(), &used.saturating_sub(*size).to_be_bytes())?;
                        }
                        Ok::<(), ConflictableTransactionError<()>>(())
                    })
                    .map_err(|err| StorageError::unavailable(format!("{err:?}")))?;
            }
            store.db.flush().map_err(storage)?;
            Ok(old.len())
        })
        .await
    }
}

fn decode(raw: &[u8]) -> Result<Upload, StorageError> {
    let (at_ms, rest) = match raw.split_first() {
        Some((&TIMED, rest)) if rest.len() >= 8 => (number(&rest[..8]), &rest[8..]),
        _ => (0, raw),
    };
    let split =
        rest.iter().position(|b| *b == 0).ok_or_else(|| StorageError::Corrupt("an upload without its type".into()))?;
    let content_type = String::from_utf8_lossy(&rest[..split]).into_owned();
    Ok(Upload { content_type, bytes: rest[split + 1..].to_vec(), at_ms })
}

fn number(raw: &[u8]) -> u64 {
    raw.try_into().map(u64::from_be_bytes).unwrap_or(0)
}

fn key(shop: &ShopId, id: &str) -> Vec<u8> {
    let mut key = shop.as_str().as_bytes().to_vec();
    key.push(0);
    key.extend_from_slice(id.as_bytes());
    key
}

fn usage_key(shop: &ShopId) -> Vec<u8> {
    let mut key = b"\0usage\0".to_vec();
    key.extend_from_slice(shop.as_str().as_bytes());
    key
}

#[cfg(test)]
mod tests {
    //! Sled's own format; what every store must do is in `storage::contract::uploads`.

    use super::*;

    #[tokio::test]
    async fn images_kept_before_their_time_was_recorded_still_read_and_expire() {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let shop = ShopId::parse("a").unwrap();
        store.uploads.insert(key(&shop, "old"), b"image/gif\0GIF89a".to_vec()).unwrap();
        let old = store.upload(&shop, "old").await.unwrap().unwrap();
        assert_eq!((old.content_type.as_str(), old.bytes.as_slice(), old.at_ms), ("image/gif", &b"GIF89a"[..], 0));
        assert_eq!(store.prune_uploads(&shop, 1).await.unwrap(), 1);
    }
}
