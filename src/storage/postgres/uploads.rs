//! Buyers' images on PostgreSQL (`migrations/0004_uploads.sql`): the images per shop and each
//! shop's usage counter.
//!
//! The quota holds across nodes because every write of a shop's images first locks the shop's
//! `upload_usage` row and changes it in the same transaction: two nodes storing at once take
//! turns, the second sees the first's bytes counted, and the counter is always the sum of the
//! images. Locking the counter before any image row is the one order every writer follows, so
//! a store and a delete of the same image cannot deadlock.

use sqlx::PgConnection;

use super::{PgStore, ms, storage, unsigned};
use crate::domain::ShopId;
use crate::domain::StorageError;
use crate::uploads::{Upload, UploadStore};

#[async_trait::async_trait]
impl UploadStore for PgStore {
    async fn put_upload(
        &self,
        shop: &ShopId,
        id: &str,
        upload: &Upload,
        quota_bytes: u64,
    ) -> Result<bool, StorageError> {
        let size = u64::try_from(upload.bytes.len()).unwrap_or(u64::MAX);
        let mut tx = self.pool.begin().await.map_err(storage)?;
        // The shop's first image creates its counter. The no-op update makes this one
        // statement that always returns the row, locked, even when another node creates or
        // erases it at the same moment.
        let (used,): (i64,) = sqlx::query_as(
            "INSERT INTO upload_usage (shop, used_bytes) VALUES ($1, 0)
             ON CONFLICT (shop) DO UPDATE SET used_bytes = upload_usage.used_bytes
             RETURNING used_bytes",
        )
        .bind(shop.as_str())
        .fetch_one(&mut *tx)
        .await
        .map_err(storage)?;
        // An image stored again under its id gives back the room of the one it replaces (sled
        // counts both; ids are fresh UUIDs, so it never comes up there).
        let replaced: Option<(i64,)> =
            sqlx::query_as("SELECT octet_length(bytes)::bigint FROM uploads WHERE shop = $1 AND id = $2")
                .bind(shop.as_str())
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(storage)?;
        let after = unsigned(used).saturating_sub(replaced.map_or(0, |(old,)| unsigned(old))).saturating_add(size);
        if after > quota_bytes {
            // Dropping the transaction rolls it back: nothing changed.
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO uploads (shop, id, at_ms, content_type, bytes) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (shop, id) DO UPDATE
             SET at_ms = EXCLUDED.at_ms, content_type = EXCLUDED.content_type, bytes = EXCLUDED.bytes",
        )
        .bind(shop.as_str())
        .bind(id)
        .bind(ms(upload.at_ms))
        .bind(&upload.content_type)
        .bind(&upload.bytes)
        .execute(&mut *tx)
        .await
        .map_err(storage)?;
        sqlx::query("UPDATE upload_usage SET used_bytes = $2 WHERE shop = $1")
            .bind(shop.as_str())
            .bind(ms(after))
            .execute(&mut *tx)
            .await
            .map_err(storage)?;
        tx.commit().await.map_err(storage)?;
        Ok(true)
    }

    async fn upload(&self, shop: &ShopId, id: &str) -> Result<Option<Upload>, StorageError> {
        let row: Option<(String, Vec<u8>, i64)> =
            sqlx::query_as("SELECT content_type, bytes, at_ms FROM uploads WHERE shop = $1 AND id = $2")
                .bind(shop.as_str())
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
        Ok(row.map(|(content_type, bytes, at_ms)| Upload { content_type, bytes, at_ms: unsigned(at_ms) }))
    }

    async fn delete_upload(&self, shop: &ShopId, id: &str) -> Result<bool, StorageError> {
        let mut tx = self.pool.begin().await.map_err(storage)?;
        lock_usage(&mut tx, shop).await?;
        let sizes: Vec<(i64,)> =
            sqlx::query_as("DELETE FROM uploads WHERE shop = $1 AND id = $2 RETURNING octet_length(bytes)::bigint")
                .bind(shop.as_str())
                .bind(id)
                .fetch_all(&mut *tx)
                .await
                .map_err(storage)?;
        if sizes.is_empty() {
            return Ok(false);
        }
        give_back(&mut tx, shop, &sizes).await?;
        tx.commit().await.map_err(storage)?;
        Ok(true)
    }

    async fn prune_uploads(&self, shop: &ShopId, before_ms: u64) -> Result<usize, StorageError> {
        let mut tx = self.pool.begin().await.map_err(storage)?;
        lock_usage(&mut tx, shop).await?;
        let sizes: Vec<(i64,)> =
            sqlx::query_as("DELETE FROM uploads WHERE shop = $1 AND at_ms < $2 RETURNING octet_length(bytes)::bigint")
                .bind(shop.as_str())
                .bind(ms(before_ms))
                .fetch_all(&mut *tx)
                .await
                .map_err(storage)?;
        give_back(&mut tx, shop, &sizes).await?;
        tx.commit().await.map_err(storage)?;
        Ok(sizes.len())
    }

    async fn erase_shop_uploads(&self, shop: &ShopId) -> Result<usize, StorageError> {
        let mut tx = self.pool.begin().await.map_err(storage)?;
        lock_usage(&mut tx, shop).await?;
        let deleted = sqlx::query("DELETE FROM uploads WHERE shop = $1")
            .bind(shop.as_str())
            .execute(&mut *tx)
            .await
            .map_err(storage)?;
        // A store waiting for the counter finds it gone and starts the shop's count afresh.
        sqlx::query("DELETE FROM upload_usage WHERE shop = $1")
            .bind(shop.as_str())
            .execute(&mut *tx)
            .await
            .map_err(storage)?;
        tx.commit().await.map_err(storage)?;
        Ok(usize::try_from(deleted.rows_affected()).unwrap_or(usize::MAX))
    }
}

/// Locks the shop's counter until the transaction ends, so no other node changes the shop's
/// images meanwhile. A shop without one has no images (its first store creates it).
async fn lock_usage(tx: &mut PgConnection, shop: &ShopId) -> Result<(), StorageError> {
    sqlx::query("SELECT 1 FROM upload_usage WHERE shop = $1 FOR UPDATE")
        .bind(shop.as_str())
        .execute(&mut *tx)
        .await
        .map_err(storage)?;
    Ok(())
}

/// Takes the deleted images' bytes off the shop's counter (never below zero, as sled's
/// saturating count).
async fn give_back(tx: &mut PgConnection, shop: &ShopId, sizes: &[(i64,)]) -> Result<(), StorageError> {
    let freed = sizes.iter().fold(0u64, |sum, (size,)| sum.saturating_add(unsigned(*size)));
    if freed == 0 {
        return Ok(());
    }
    sqlx::query("UPDATE upload_usage SET used_bytes = GREATEST(used_bytes - $2, 0) WHERE shop = $1")
        .bind(shop.as_str())
        .bind(ms(freed))
        .execute(&mut *tx)
        .await
        .map_err(storage)?;
    Ok(())
}
