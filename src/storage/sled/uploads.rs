//! Buyers' images on sled: `uploads`: `shop \0 id` → content type, `\0`, the bytes.

use super::SledStore;
use super::conversations::{blocking, storage};
use crate::conversation::log::LogError;
use crate::domain::ShopId;
use crate::uploads::{Upload, UploadStore};

#[async_trait::async_trait]
impl UploadStore for SledStore {
    async fn put_upload(&self, shop: &ShopId, id: &str, upload: &Upload) -> Result<(), LogError> {
        let store = self.clone();
        let key = key(shop, id);
        let mut value = upload.content_type.as_bytes().to_vec();
        value.push(0);
        value.extend_from_slice(&upload.bytes);
        blocking(move || {
            store.uploads.insert(key, value).map_err(storage)?;
            store.db.flush().map(|_| ()).map_err(storage)
        })
        .await
    }

    async fn upload(&self, shop: &ShopId, id: &str) -> Result<Option<Upload>, LogError> {
        let store = self.clone();
        let key = key(shop, id);
        blocking(move || {
            let Some(raw) = store.uploads.get(key).map_err(storage)? else { return Ok(None) };
            let split = raw
                .iter()
                .position(|b| *b == 0)
                .ok_or_else(|| LogError::Corrupt("an upload without its type".into()))?;
            let content_type = String::from_utf8_lossy(&raw[..split]).into_owned();
            Ok(Some(Upload { content_type, bytes: raw[split + 1..].to_vec() }))
        })
        .await
    }
}

fn key(shop: &ShopId, id: &str) -> Vec<u8> {
    let mut key = shop.as_str().as_bytes().to_vec();
    key.push(0);
    key.extend_from_slice(id.as_bytes());
    key
}
