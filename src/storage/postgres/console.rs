//! The console's data on PostgreSQL (`migrations/0003_console.sql`): agents, sessions, the audit
//! log, canned replies, API keys and cached translations, plus the verdicts on the reviews the
//! conversation log writes (`reviews`, 0001).
//!
//! It keeps the sled adapter's semantics: an e-mail belongs to one agent (the unique index
//! decides, so two nodes cannot give one address to two agents), listings come in the order
//! sled's keys give them, and a shop's erasure removes its rows and takes the shop from every
//! agent's list — here in one transaction.

use sqlx::types::Json;

use super::{PgStore, ms, storage};
use crate::console::store::{Agent, AgentError, ApiKey, AuditRecord, Canned, ConsoleStore, ListedKey, Session};
use crate::domain::StorageError;
use crate::domain::{ConversationKey, Language, Review, ShopId, Verdict, now_ms};

/// How many times `put_agent` writes again when the agent holding the e-mail it collided with
/// was gone by the time it looked (deleted or renamed in between).
const EMAIL_RETRIES: usize = 3;

/// How many characters of a key's hash name it in a listing (and at least, to revoke it).
const KEY_ID_CHARS: usize = 12;

#[async_trait::async_trait]
impl ConsoleStore for PgStore {
    async fn put_agent(&self, agent: &Agent) -> Result<(), AgentError> {
        for _ in 0..EMAIL_RETRIES {
            // One statement: the agent's row and its e-mail change together, and the unique
            // index on the e-mail refuses an address another agent has, even one given by
            // another node at this very moment.
            let written = sqlx::query(
                "INSERT INTO agents (id, email, agent) VALUES ($1, $2, $3)
                 ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, agent = EXCLUDED.agent",
            )
            .bind(&agent.id)
            .bind(&agent.email)
            .bind(super::jsonb(&agent)?)
            .execute(&self.pool)
            .await;
            let Err(err) = written else { return Ok(()) };
            let taken = matches!(&err, sqlx::Error::Database(db) if db.constraint() == Some("agents_email_unique"));
            if !taken {
                return Err(storage(err).into());
            }
            let owner: Option<(String,)> = sqlx::query_as("SELECT id FROM agents WHERE email = $1")
                .bind(&agent.email)
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
            if let Some((owner,)) = owner
                && owner != agent.id
            {
                return Err(AgentError::EmailTaken(owner));
            }
            // The holder let the address go between the two statements: write again.
        }
        Err(StorageError::unavailable(format!("the e-mail of agent {} kept changing hands; try again", agent.id))
            .into())
    }

    async fn agent(&self, id: &str) -> Result<Option<Agent>, StorageError> {
        let row: Option<(Json<Agent>,)> = sqlx::query_as("SELECT agent FROM agents WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(storage)?;
        Ok(row.map(|(Json(agent),)| agent))
    }

    async fn agent_by_email(&self, email: &str) -> Result<Option<Agent>, StorageError> {
        // Lower-cased in Rust, as sled does: PostgreSQL's lower() follows the database's locale.
        let row: Option<(Json<Agent>,)> = sqlx::query_as("SELECT agent FROM agents WHERE email = $1")
            .bind(email.to_lowercase())
            .fetch_optional(&self.pool)
            .await
            .map_err(storage)?;
        Ok(row.map(|(Json(agent),)| agent))
    }

    async fn agents(&self) -> Result<Vec<Agent>, StorageError> {
        let rows: Vec<(Json<Agent>,)> =
            sqlx::query_as("SELECT agent FROM agents ORDER BY id").fetch_all(&self.pool).await.map_err(storage)?;
        Ok(rows.into_iter().map(|(Json(agent),)| agent).collect())
    }

    async fn put_session(&self, token_hash: &str, session: &Session) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, session) VALUES ($1, $2)
             ON CONFLICT (token_hash) DO UPDATE SET session = EXCLUDED.session",
        )
        .bind(token_hash)
        .bind(super::jsonb(&session)?)
        .execute(&self.pool)
        .await
        .map_err(storage)?;
        Ok(())
    }

    async fn session(&self, token_hash: &str) -> Result<Option<Session>, StorageError> {
        let row: Option<(Json<Session>,)> = sqlx::query_as("SELECT session FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await
            .map_err(storage)?;
        Ok(row.map(|(Json(session),)| session))
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(storage)?;
        Ok(())
    }

    async fn audit(&self, record: &AuditRecord) -> Result<(), StorageError> {
        sqlx::query("INSERT INTO audit (shop, at_ms, record) VALUES ($1, $2, $3)")
            .bind(record.shop.as_str())
            .bind(ms(record.at_ms))
            .bind(super::jsonb(&record)?)
            .execute(&self.pool)
            .await
            .map_err(storage)?;
        Ok(())
    }

    async fn audit_log(&self, shop: &ShopId, limit: usize) -> Result<Vec<AuditRecord>, StorageError> {
        // Newest first; records of one millisecond newest-written first, as sled's generated ids
        // order them.
        let rows: Vec<(Json<AuditRecord>,)> =
            sqlx::query_as("SELECT record FROM audit WHERE shop = $1 ORDER BY at_ms DESC, id DESC LIMIT $2")
                .bind(shop.as_str())
                .bind(limit_of(limit))
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
        Ok(rows.into_iter().map(|(Json(record),)| record).collect())
    }

    async fn canned(&self, shop: &ShopId) -> Result<Vec<Canned>, StorageError> {
        let rows: Vec<(Json<Canned>,)> = sqlx::query_as("SELECT canned FROM canned WHERE shop = $1 ORDER BY id")
            .bind(shop.as_str())
            .fetch_all(&self.pool)
            .await
            .map_err(storage)?;
        // Sorted here rather than by `lower(title)`, whose result and order would follow the
        // database's locale; a stable sort keeps equal titles by id, as sled does.
        let mut canned: Vec<Canned> = rows.into_iter().map(|(Json(canned),)| canned).collect();
        canned.sort_by_key(|c| c.title.to_lowercase());
        Ok(canned)
    }

    async fn put_canned(&self, shop: &ShopId, canned: &Canned) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO canned (shop, id, canned) VALUES ($1, $2, $3)
             ON CONFLICT (shop, id) DO UPDATE SET canned = EXCLUDED.canned",
        )
        .bind(shop.as_str())
        .bind(&canned.id)
        .bind(super::jsonb(&canned)?)
        .execute(&self.pool)
        .await
        .map_err(storage)?;
        Ok(())
    }

    async fn delete_canned(&self, shop: &ShopId, id: &str) -> Result<bool, StorageError> {
        let deleted = sqlx::query("DELETE FROM canned WHERE shop = $1 AND id = $2")
            .bind(shop.as_str())
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(storage)?;
        Ok(deleted.rows_affected() > 0)
    }

    async fn reviews(&self, shop: &ShopId, limit: usize) -> Result<Vec<Review>, StorageError> {
        // Newest first; reviews of the same time and seq by conversation id's bytes, the order
        // sled's keys leave them in.
        let rows: Vec<(Json<Review>,)> = sqlx::query_as(
            "SELECT review FROM reviews WHERE shop = $1
             ORDER BY at_ms DESC, seq DESC, conversation COLLATE \"C\" LIMIT $2",
        )
        .bind(shop.as_str())
        .bind(limit_of(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(storage)?;
        Ok(rows.into_iter().map(|(Json(review),)| review).collect())
    }

    async fn set_verdict(
        &self,
        shop: &ShopId,
        conversation: &str,
        seq: u64,
        verdict: Verdict,
    ) -> Result<bool, StorageError> {
        // Read, changed and written under the row's lock, so two agents' verdicts at once leave
        // one whole review (the last verdict), never a mix.
        let mut tx = self.pool.begin().await.map_err(storage)?;
        let row: Option<(Json<Review>,)> =
            sqlx::query_as("SELECT review FROM reviews WHERE shop = $1 AND conversation = $2 AND seq = $3 FOR UPDATE")
                .bind(shop.as_str())
                .bind(conversation)
                .bind(ms(seq))
                .fetch_optional(&mut *tx)
                .await
                .map_err(storage)?;
        let Some((Json(mut review),)) = row else { return Ok(false) };
        review.verdict = Some(verdict);
        sqlx::query("UPDATE reviews SET review = $4 WHERE shop = $1 AND conversation = $2 AND seq = $3")
            .bind(shop.as_str())
            .bind(conversation)
            .bind(ms(seq))
            .bind(super::jsonb(&review)?)
            .execute(&mut *tx)
            .await
            .map_err(storage)?;
        tx.commit().await.map_err(storage)?;
        Ok(true)
    }

    async fn put_api_key(&self, key_hash: &str, key: &ApiKey) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO api_keys (key_hash, shop, created_at_ms, api_key) VALUES ($1, $2, $3, $4)
             ON CONFLICT (key_hash) DO UPDATE
             SET shop = EXCLUDED.shop, created_at_ms = EXCLUDED.created_at_ms, api_key = EXCLUDED.api_key",
        )
        .bind(key_hash)
        .bind(key.shop.as_str())
        .bind(ms(key.created_at_ms))
        .bind(super::jsonb(&key)?)
        .execute(&self.pool)
        .await
        .map_err(storage)?;
        Ok(())
    }

    async fn api_keys(&self, shop: &ShopId) -> Result<Vec<ListedKey>, StorageError> {
        let rows: Vec<(String, Json<ApiKey>)> =
            sqlx::query_as("SELECT key_hash, api_key FROM api_keys WHERE shop = $1 ORDER BY created_at_ms, key_hash")
                .bind(shop.as_str())
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
        Ok(rows
            .into_iter()
            .map(|(hash, Json(key))| ListedKey { id: hash.chars().take(KEY_ID_CHARS).collect(), key })
            .collect())
    }

    async fn delete_api_key(&self, shop: &ShopId, id: &str) -> Result<bool, StorageError> {
        // A shorter id could name several keys: as sled, it names none.
        if id.len() < KEY_ID_CHARS {
            return Ok(false);
        }
        // starts_with, not LIKE: the id is the caller's text and must not act as a pattern. One
        // key goes, the first by hash, as sled's prefix scan finds it.
        let deleted = sqlx::query(
            "DELETE FROM api_keys WHERE key_hash = (
                 SELECT key_hash FROM api_keys WHERE shop = $1 AND starts_with(key_hash, $2)
                 ORDER BY key_hash LIMIT 1
             )",
        )
        .bind(shop.as_str())
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(storage)?;
        Ok(deleted.rows_affected() > 0)
    }

    async fn delete_agent(&self, id: &str) -> Result<bool, StorageError> {
        // The account and its e-mail are one row: never an e-mail naming no one. Sessions stay
        // and name no one, so they open nothing (as on sled).
        let deleted =
            sqlx::query("DELETE FROM agents WHERE id = $1").bind(id).execute(&self.pool).await.map_err(storage)?;
        Ok(deleted.rows_affected() > 0)
    }

    async fn api_key(&self, key_hash: &str) -> Result<Option<ApiKey>, StorageError> {
        let row: Option<(Json<ApiKey>,)> = sqlx::query_as("SELECT api_key FROM api_keys WHERE key_hash = $1")
            .bind(key_hash)
            .fetch_optional(&self.pool)
            .await
            .map_err(storage)?;
        Ok(row.map(|(Json(key),)| key))
    }

    async fn translation(&self, of: &ConversationKey, seq: u64, to: &Language) -> Result<Option<String>, StorageError> {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT translated FROM translations
             WHERE shop = $1 AND conversation = $2 AND seq = $3 AND language = $4",
        )
        .bind(of.shop.as_str())
        .bind(of.id.as_str())
        .bind(ms(seq))
        .bind(to.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(storage)?;
        Ok(row.map(|(text,)| text))
    }

    async fn put_translation(
        &self,
        of: &ConversationKey,
        seq: u64,
        to: &Language,
        text: &str,
    ) -> Result<(), StorageError> {
        // A translation cached again counts from now for the shop's retention, as on sled.
        sqlx::query(
            "INSERT INTO translations (shop, conversation, seq, language, cached_at_ms, translated)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (shop, conversation, seq, language)
             DO UPDATE SET cached_at_ms = EXCLUDED.cached_at_ms, translated = EXCLUDED.translated",
        )
        .bind(of.shop.as_str())
        .bind(of.id.as_str())
        .bind(ms(seq))
        .bind(to.as_str())
        .bind(ms(now_ms()))
        .bind(text)
        .execute(&self.pool)
        .await
        .map_err(storage)?;
        Ok(())
    }

    async fn erase_translations(&self, of: &ConversationKey) -> Result<usize, StorageError> {
        // The conversation's id compared whole: erasing c1 leaves c10 alone.
        let deleted = sqlx::query("DELETE FROM translations WHERE shop = $1 AND conversation = $2")
            .bind(of.shop.as_str())
            .bind(of.id.as_str())
            .execute(&self.pool)
            .await
            .map_err(storage)?;
        Ok(count(deleted.rows_affected()))
    }

    async fn prune_translations(&self, shop: &ShopId, before_ms: u64) -> Result<usize, StorageError> {
        let deleted = sqlx::query("DELETE FROM translations WHERE shop = $1 AND cached_at_ms < $2")
            .bind(shop.as_str())
            .bind(ms(before_ms))
            .execute(&self.pool)
            .await
            .map_err(storage)?;
        Ok(count(deleted.rows_affected()))
    }

    async fn erase_shop(&self, shop: &ShopId) -> Result<usize, StorageError> {
        // One transaction: the shop is gone from every table and every agent's list together,
        // or from none (sled does it in steps).
        let mut tx = self.pool.begin().await.map_err(storage)?;
        let mut removed = 0;
        for delete in [
            "DELETE FROM canned WHERE shop = $1",
            "DELETE FROM audit WHERE shop = $1",
            "DELETE FROM reviews WHERE shop = $1",
            "DELETE FROM translations WHERE shop = $1",
            "DELETE FROM api_keys WHERE shop = $1",
        ] {
            let deleted = sqlx::query(delete).bind(shop.as_str()).execute(&mut *tx).await.map_err(storage)?;
            removed += count(deleted.rows_affected());
        }
        // The agents who served the shop, locked so an edit of one at the same time is not lost
        // (or does not bring the shop back).
        let agents: Vec<(Json<Agent>,)> = sqlx::query_as(
            "SELECT agent FROM agents WHERE agent -> 'shops' @> jsonb_build_array($1::text) ORDER BY id FOR UPDATE",
        )
        .bind(shop.as_str())
        .fetch_all(&mut *tx)
        .await
        .map_err(storage)?;
        for (Json(mut agent),) in agents {
            // The shop is taken from the list and the account marked changed, so sessions
            // issued before end, as sled's erase does.
            agent.shops.retain(|s| s != shop);
            agent.changed_at_ms = now_ms();
            sqlx::query("UPDATE agents SET agent = $2 WHERE id = $1")
                .bind(&agent.id)
                .bind(super::jsonb(&agent)?)
                .execute(&mut *tx)
                .await
                .map_err(storage)?;
        }
        tx.commit().await.map_err(storage)?;
        Ok(removed)
    }
}

/// A listing's `limit` as SQL's `LIMIT`.
fn limit_of(limit: usize) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX)
}

/// Rows a statement changed, as the port counts them.
fn count(rows: u64) -> usize {
    usize::try_from(rows).unwrap_or(usize::MAX)
}
