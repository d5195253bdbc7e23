//! The ledger of confirmed order actions on PostgreSQL (`migrations/0005_actions.sql`): one row
//! per shop and idempotency key.
//!
//! The primary key makes an action happen once across nodes: two nodes inserting one key at
//! once both reach the row, the second waits for the first's commit and then reads its record
//! instead of writing its own. A state change is one conditional `UPDATE … WHERE state =
//! expected`: of two nodes moving the same action from the same state, the second finds the
//! state changed (PostgreSQL checks the condition again on the row the first wrote) and is told
//! `false`.

use sqlx::types::Json;

use super::{PgStore, ms, storage};
use crate::actions::store::{ActionRecord, ActionState, ActionStore};
use crate::domain::StorageError;
use crate::domain::{ConversationId, ShopId};

/// How many times `insert_action` looks again when the record it collided with was erased
/// before it could read it.
const INSERT_RETRIES: usize = 3;

#[async_trait::async_trait]
impl ActionStore for PgStore {
    async fn insert_action(&self, record: &ActionRecord) -> Result<ActionRecord, StorageError> {
        for _ in 0..INSERT_RETRIES {
            let inserted = sqlx::query(
                "INSERT INTO actions (shop, action_key, conversation, state, created_ms, record)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (shop, action_key) DO NOTHING",
            )
            .bind(record.shop.as_str())
            .bind(&record.proposal.key)
            .bind(record.conversation.as_str())
            .bind(record.state.as_str())
            .bind(ms(record.created_ms))
            .bind(super::jsonb(&record)?)
            .execute(&self.pool)
            .await
            .map_err(storage)?;
            if inserted.rows_affected() > 0 {
                return Ok(record.clone());
            }
            // The key was taken: what is stored under it, committed before the insert returned.
            if let Some(stored) = self.action(&record.shop, &record.proposal.key).await? {
                return Ok(stored);
            }
            // Erased between the two statements (the conversation's erasure): insert again.
        }
        Err(StorageError::unavailable(format!(
            "action {} kept being erased while it was stored; try again",
            record.proposal.key
        )))
    }

    async fn update_action(&self, record: &ActionRecord, expected: ActionState) -> Result<bool, StorageError> {
        let updated = sqlx::query(
            "UPDATE actions SET conversation = $3, state = $4, created_ms = $5, record = $6
             WHERE shop = $1 AND action_key = $2 AND state = $7",
        )
        .bind(record.shop.as_str())
        .bind(&record.proposal.key)
        .bind(record.conversation.as_str())
        .bind(record.state.as_str())
        .bind(ms(record.created_ms))
        .bind(super::jsonb(&record)?)
        .bind(expected.as_str())
        .execute(&self.pool)
        .await
        .map_err(storage)?;
        Ok(updated.rows_affected() > 0)
    }

    async fn action(&self, shop: &ShopId, key: &str) -> Result<Option<ActionRecord>, StorageError> {
        let row: Option<(Json<ActionRecord>,)> =
            sqlx::query_as("SELECT record FROM actions WHERE shop = $1 AND action_key = $2")
                .bind(shop.as_str())
                .bind(key)
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
        Ok(row.map(|(Json(record),)| record))
    }

    async fn actions(&self, shop: &ShopId, limit: usize) -> Result<Vec<ActionRecord>, StorageError> {
        // Newest first; one millisecond's actions by key, as sled sorts them.
        let rows: Vec<(Json<ActionRecord>,)> =
            sqlx::query_as("SELECT record FROM actions WHERE shop = $1 ORDER BY created_ms DESC, action_key LIMIT $2")
                .bind(shop.as_str())
                .bind(i64::try_from(limit).unwrap_or(i64::MAX))
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
        Ok(rows.into_iter().map(|(Json(record),)| record).collect())
    }

    async fn erase_conversation_actions(
        &self,
        shop: &ShopId,
        conversation: &ConversationId,
    ) -> Result<usize, StorageError> {
        let deleted = sqlx::query("DELETE FROM actions WHERE shop = $1 AND conversation = $2")
            .bind(shop.as_str())
            .bind(conversation.as_str())
            .execute(&self.pool)
            .await
            .map_err(storage)?;
        Ok(usize::try_from(deleted.rows_affected()).unwrap_or(usize::MAX))
    }

    async fn erase_shop_actions(&self, shop: &ShopId) -> Result<usize, StorageError> {
        let deleted = sqlx::query("DELETE FROM actions WHERE shop = $1")
            .bind(shop.as_str())
            .execute(&self.pool)
            .await
            .map_err(storage)?;
        Ok(usize::try_from(deleted.rows_affected()).unwrap_or(usize::MAX))
    }
}
