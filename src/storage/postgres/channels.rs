//! The channels' queues on PostgreSQL, shared by every node on the database.
//!
//! - `inbox`: one row per platform message (`platform, shop, message_id`), with `answered` and
//!   when it was last written; kept after it is answered, so a redelivery is recognised, until
//!   the shop's `[retention] inbox` has passed (`prune_inbox`). `receive` inserts with
//!   `ON CONFLICT DO NOTHING`, so of two nodes storing the same message at once exactly one is
//!   told it is new. `pending` gives every node the same rows: answering is idempotent per
//!   conversation (the conversation log's turn lock and what it has answered through).
//! - `channel_links`: `shop, conversation` → the platform and its conversation
//! - `poll_cursors`: `shop, platform` → the cursor polling goes on from
//! - `applied_deliveries`: `platform, delivery_id` → when it was applied (Unix ms)
//! - `outbox`: `id` (from `outbox_id_seq`, in order) → the `Outbound` as JSON, with its
//!   `next_at_ms` and its lease (`lease_until_ms`, `leased_by`) as columns.
//!
//! **The outbox lease.** Every node's outbox worker polls `due`; a reply must leave once. `due`
//! leases the rows it returns to this node (`leased_by`) until `now + LEASE_MS`, in one
//! statement that locks them `FOR UPDATE SKIP LOCKED`, so no other node is handed a row while
//! the lease lasts. The holder is handed its own leased rows again, first, and each `due`
//! renews their lease: the worker skips a row whose platform and shop already has a send under
//! way, or whose pace has not come, and expects to find it in a later round, as it does on
//! sled. `save` (after a failed attempt) releases the row until its next attempt is due, and
//! `delivered` deletes it. A node that dies holds its rows until the lease passes; then another
//! node takes them, and a reply that was sent but not yet marked delivered is sent again
//! (at least once, as after a restart on sled).
//!
//! Rows of one platform and shop go to one node at a time: `due` passes over the lines another
//! node holds a live lease in, so each line is sent in order and at its pace by one node. That
//! needs `due` calls to see each other's leases, so they take turns on a transaction-scoped
//! advisory lock (short: one statement).

use crate::channels::queue::{ChannelQueue, NewOutbound};
use crate::channels::{Inbound, Outbound, Platform};
use crate::domain::StorageError;
use crate::domain::{ConversationKey, ShopId, now_ms};

use super::{PgStore, ms, storage, unsigned};
use sqlx::types::Json;
use sqlx::{Postgres, Transaction};

/// How long a row `due` hands out stays with its node without being handed to it again. The
/// holder renews it at every round of its outbox worker (its own rows are handed to it again),
/// also while a line is sending, so it only has to outlast a stalled round — each HTTP request
/// waits at most 15 s; it is also how long a dead node's replies wait for another node.
const LEASE_MS: u64 = 60 * 1000;

/// Leases the due rows to a node: `$1` now, `$2` the node, `$3` at most how many, `$4` the
/// lease's end. A row is a candidate when it is due and either free (no live lease) or already
/// this node's; lines (platform and shop) where another node holds a live lease are passed
/// over. This node's own rows come first, so its renewals are never crowded out by the limit.
const DUE: &str = "
WITH held AS (
    SELECT DISTINCT platform, shop FROM outbox
    WHERE lease_until_ms > 0 AND lease_until_ms > $1 AND leased_by <> $2
),
taken AS (
    SELECT o.id FROM outbox o
    WHERE o.next_at_ms <= $1
      AND (o.lease_until_ms <= $1 OR o.leased_by = $2)
      AND NOT EXISTS (SELECT 1 FROM held h WHERE h.platform = o.platform AND h.shop = o.shop)
    ORDER BY (o.lease_until_ms > $1) DESC, o.id
    LIMIT $3
    FOR UPDATE OF o SKIP LOCKED
),
leased AS (
    UPDATE outbox SET lease_until_ms = $4, leased_by = $2
    FROM taken WHERE outbox.id = taken.id
    RETURNING outbox.id, outbox.reply
)
SELECT reply FROM leased ORDER BY id";

/// Puts a reply in the outbox, in the caller's transaction (its id already drawn from
/// `outbox_id_seq`).
pub(super) async fn insert_outbound(tx: &mut Transaction<'_, Postgres>, reply: &Outbound) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO outbox (id, platform, shop, conversation, next_at_ms, reply) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(super::ms(reply.id))
    .bind(reply.platform.as_str())
    .bind(reply.shop.as_str())
    .bind(&reply.conversation)
    .bind(super::ms(reply.next_at_ms))
    .bind(super::jsonb(&reply)?)
    .execute(&mut **tx)
    .await
    .map_err(super::storage)?;
    Ok(())
}

/// Rows a statement changed, as the ports count them.
fn count(result: sqlx::postgres::PgQueryResult) -> usize {
    usize::try_from(result.rows_affected()).unwrap_or(usize::MAX)
}

fn platform(text: &str, what: &str) -> Result<Platform, StorageError> {
    Platform::parse(text).ok_or_else(|| StorageError::Corrupt(format!("{what} names no platform: {text}")))
}

#[async_trait::async_trait]
impl ChannelQueue for PgStore {
    async fn receive(&self, message: &Inbound) -> Result<bool, StorageError> {
        let inserted = sqlx::query(
            "INSERT INTO inbox (platform, shop, message_id, answered, at_ms, message)
             VALUES ($1, $2, $3, false, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(message.platform.as_str())
        .bind(message.shop.as_str())
        .bind(&message.message_id)
        .bind(ms(now_ms()))
        .bind(super::jsonb(&message)?)
        .execute(&self.pool)
        .await
        .map_err(storage)?;
        Ok(inserted.rows_affected() == 1)
    }

    async fn pending(&self) -> Result<Vec<Inbound>, StorageError> {
        let rows: Vec<(Json<Inbound>,)> =
            sqlx::query_as("SELECT message FROM inbox WHERE NOT answered ORDER BY at_ms, platform, shop, message_id")
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
        Ok(rows.into_iter().map(|(Json(message),)| message).collect())
    }

    async fn answered(&self, message: &Inbound) -> Result<(), StorageError> {
        // Written whether or not the row is there, as on sled: the answered message is then
        // known when the platform delivers it again.
        sqlx::query(
            "INSERT INTO inbox (platform, shop, message_id, answered, at_ms, message)
             VALUES ($1, $2, $3, true, $4, $5)
             ON CONFLICT (platform, shop, message_id)
             DO UPDATE SET answered = true, at_ms = EXCLUDED.at_ms, message = EXCLUDED.message",
        )
        .bind(message.platform.as_str())
        .bind(message.shop.as_str())
        .bind(&message.message_id)
        .bind(ms(now_ms()))
        .bind(super::jsonb(&message)?)
        .execute(&self.pool)
        .await
        .map_err(storage)?;
        Ok(())
    }

    async fn link(
        &self,
        conversation: &ConversationKey,
        platform: Platform,
        platform_conversation: &str,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO channel_links (shop, conversation, platform, platform_conversation) VALUES ($1, $2, $3, $4)
             ON CONFLICT (shop, conversation)
             DO UPDATE SET platform = EXCLUDED.platform, platform_conversation = EXCLUDED.platform_conversation",
        )
        .bind(conversation.shop.as_str())
        .bind(conversation.id.as_str())
        .bind(platform.as_str())
        .bind(platform_conversation)
        .execute(&self.pool)
        .await
        .map_err(storage)?;
        Ok(())
    }

    async fn linked(&self, conversation: &ConversationKey) -> Result<Option<(Platform, String)>, StorageError> {
        let link: Option<(String, String)> = sqlx::query_as(
            "SELECT platform, platform_conversation FROM channel_links WHERE shop = $1 AND conversation = $2",
        )
        .bind(conversation.shop.as_str())
        .bind(conversation.id.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(storage)?;
        link.map(|(name, theirs)| Ok((platform(&name, "a channel link")?, theirs))).transpose()
    }

    async fn prune_inbox(&self, shop: &ShopId, before_ms: u64) -> Result<usize, StorageError> {
        let pruned = sqlx::query("DELETE FROM inbox WHERE shop = $1 AND answered AND at_ms < $2")
            .bind(shop.as_str())
            .bind(ms(before_ms))
            .execute(&self.pool)
            .await
            .map_err(storage)?;
        Ok(count(pruned))
    }

    async fn erase_shop(&self, shop: &ShopId) -> Result<usize, StorageError> {
        let mut tx = self.pool.begin().await.map_err(storage)?;
        let mut removed = 0;
        // Inbox and outbox rows are counted, as on sled; links and cursors are not.
        for (table, counted) in [("inbox", true), ("outbox", true), ("channel_links", false), ("poll_cursors", false)] {
            let deleted = sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table} WHERE shop = $1")))
                .bind(shop.as_str())
                .execute(&mut *tx)
                .await
                .map_err(storage)?;
            if counted {
                removed += count(deleted);
            }
        }
        tx.commit().await.map_err(storage)?;
        Ok(removed)
    }

    async fn prune_deliveries(&self, before_ms: u64) -> Result<usize, StorageError> {
        let pruned = sqlx::query("DELETE FROM applied_deliveries WHERE applied_at_ms < $1")
            .bind(ms(before_ms))
            .execute(&self.pool)
            .await
            .map_err(storage)?;
        Ok(count(pruned))
    }

    async fn delivery_seen(&self, platform: Platform, id: &str) -> Result<bool, StorageError> {
        let (seen,): (bool,) =
            sqlx::query_as("SELECT EXISTS (SELECT 1 FROM applied_deliveries WHERE platform = $1 AND delivery_id = $2)")
                .bind(platform.as_str())
                .bind(id)
                .fetch_one(&self.pool)
                .await
                .map_err(storage)?;
        Ok(seen)
    }

    async fn delivery_applied(&self, platform: Platform, id: &str) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO applied_deliveries (platform, delivery_id, applied_at_ms) VALUES ($1, $2, $3)
             ON CONFLICT (platform, delivery_id) DO UPDATE SET applied_at_ms = EXCLUDED.applied_at_ms",
        )
        .bind(platform.as_str())
        .bind(id)
        .bind(ms(now_ms()))
        .execute(&self.pool)
        .await
        .map_err(storage)?;
        Ok(())
    }

    async fn erase(
        &self,
        conversation: &ConversationKey,
        platform: Platform,
        platform_conversation: &str,
    ) -> Result<usize, StorageError> {
        let mut tx = self.pool.begin().await.map_err(storage)?;
        let inbox =
            sqlx::query("DELETE FROM inbox WHERE shop = $1 AND platform = $2 AND (message ->> 'conversation') = $3")
                .bind(conversation.shop.as_str())
                .bind(platform.as_str())
                .bind(platform_conversation)
                .execute(&mut *tx)
                .await
                .map_err(storage)?;
        let outbox = sqlx::query("DELETE FROM outbox WHERE shop = $1 AND platform = $2 AND conversation = $3")
            .bind(conversation.shop.as_str())
            .bind(platform.as_str())
            .bind(platform_conversation)
            .execute(&mut *tx)
            .await
            .map_err(storage)?;
        sqlx::query("DELETE FROM channel_links WHERE shop = $1 AND conversation = $2")
            .bind(conversation.shop.as_str())
            .bind(conversation.id.as_str())
            .execute(&mut *tx)
            .await
            .map_err(storage)?;
        tx.commit().await.map_err(storage)?;
        Ok(count(inbox) + count(outbox))
    }

    async fn cursor(&self, shop: &ShopId, platform: Platform) -> Result<Option<String>, StorageError> {
        let cursor: Option<(String,)> =
            sqlx::query_as("SELECT cursor FROM poll_cursors WHERE shop = $1 AND platform = $2")
                .bind(shop.as_str())
                .bind(platform.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
        Ok(cursor.map(|(cursor,)| cursor))
    }

    async fn set_cursor(&self, shop: &ShopId, platform: Platform, cursor: &str) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO poll_cursors (shop, platform, cursor) VALUES ($1, $2, $3)
             ON CONFLICT (shop, platform) DO UPDATE SET cursor = EXCLUDED.cursor",
        )
        .bind(shop.as_str())
        .bind(platform.as_str())
        .bind(cursor)
        .execute(&self.pool)
        .await
        .map_err(storage)?;
        Ok(())
    }

    async fn enqueue(&self, replies: &[NewOutbound]) -> Result<(), StorageError> {
        if replies.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await.map_err(storage)?;
        // The ids first, since each row's JSON carries its own.
        let mut ids: Vec<(i64,)> = sqlx::query_as("SELECT nextval('outbox_id_seq') FROM generate_series(1, $1)")
            .bind(i64::try_from(replies.len()).unwrap_or(i64::MAX))
            .fetch_all(&mut *tx)
            .await
            .map_err(storage)?;
        ids.sort_unstable();
        for (reply, (id,)) in replies.iter().zip(ids) {
            let outbound = Outbound {
                id: unsigned(id),
                platform: reply.platform,
                shop: reply.shop.clone(),
                conversation: reply.conversation.clone(),
                reply_to: reply.reply_to.clone(),
                buyer_at_ms: reply.buyer_at_ms,
                text: reply.text.clone(),
                attempts: 0,
                next_at_ms: 0,
                last_error: None,
                pieces_sent: 0,
            };
            insert_outbound(&mut tx, &outbound).await?;
        }
        tx.commit().await.map_err(storage)
    }

    async fn due(&self, now_ms: u64, limit: usize) -> Result<Vec<Outbound>, StorageError> {
        let mut tx = self.pool.begin().await.map_err(storage)?;
        // One `due` at a time across the nodes, so each sees the leases the others took. The
        // key is the outbox table's own (its oid, in the two-number key space that the turn
        // locks' single numbers never meet), and the lock ends with the transaction.
        sqlx::query("SELECT pg_advisory_xact_lock('outbox'::regclass::oid::int4, 0)")
            .execute(&mut *tx)
            .await
            .map_err(storage)?;
        let rows: Vec<(Json<Outbound>,)> = sqlx::query_as(DUE)
            .bind(ms(now_ms))
            .bind(&self.node)
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .bind(ms(now_ms.saturating_add(LEASE_MS)))
            .fetch_all(&mut *tx)
            .await
            .map_err(storage)?;
        tx.commit().await.map_err(storage)?;
        Ok(rows.into_iter().map(|(Json(reply),)| reply).collect())
    }

    async fn delivered(&self, id: u64) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM outbox WHERE id = $1").bind(ms(id)).execute(&self.pool).await.map_err(storage)?;
        Ok(())
    }

    async fn save(&self, reply: &Outbound) -> Result<(), StorageError> {
        // An update, not an insert: a reply erased while it was being sent stays erased. The
        // lease ends here; the row is free for any node once its next attempt is due.
        sqlx::query(
            "UPDATE outbox SET next_at_ms = $2, reply = $3, lease_until_ms = 0, leased_by = NULL WHERE id = $1",
        )
        .bind(ms(reply.id))
        .bind(ms(reply.next_at_ms))
        .bind(super::jsonb(&reply)?)
        .execute(&self.pool)
        .await
        .map_err(storage)?;
        Ok(())
    }

    async fn undelivered(&self) -> Result<Vec<Outbound>, StorageError> {
        let rows: Vec<(Json<Outbound>,)> =
            sqlx::query_as("SELECT reply FROM outbox ORDER BY id").fetch_all(&self.pool).await.map_err(storage)?;
        Ok(rows.into_iter().map(|(Json(reply),)| reply).collect())
    }
}
