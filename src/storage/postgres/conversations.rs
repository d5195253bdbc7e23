//! Conversations on PostgreSQL (`migrations/0001_conversations.sql`).
//!
//! Every write that moves a conversation — a buyer message, a reply, a hand-off, a claim — runs
//! in one transaction that first locks the conversation's row (`FOR UPDATE`): two nodes
//! appending at once take turns, so seqs stay 1, 2, 3 … without gaps, and the hand-off queue,
//! reviews and the outbox change in the same commit as the entry. A commit is durable when it
//! returns (`synchronous_commit` on, PostgreSQL's default), so `flush` has nothing to do.

use sqlx::types::Json;
use sqlx::{PgConnection, Postgres, Transaction};

use super::locks::{AdvisoryLock, lock_id};
use super::{PgStore, ms, storage, unsigned};
use crate::channels::{Inbound, Outbound, Platform};
use crate::conversation::log::{Appended, ConversationLog, ConversationMeta, LogError};
use crate::domain::StorageError;
use crate::domain::{
    Attachment, ConversationId, ConversationKey, Entry, EntryBody, Held, Language, Owner, PageContext, Review, ShopId,
    Ticket, now_ms,
};

#[async_trait::async_trait]
impl ConversationLog for PgStore {
    async fn open(
        &self,
        key: &ConversationKey,
        locale: Option<Language>,
    ) -> Result<Option<ConversationMeta>, LogError> {
        let Some(locale) = locale else {
            let row: Option<(Json<ConversationMeta>,)> =
                sqlx::query_as("SELECT meta FROM conversations WHERE shop = $1 AND id = $2")
                    .bind(key.shop.as_str())
                    .bind(key.id.as_str())
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(storage)?;
            return Ok(row.map(|(Json(meta),)| meta));
        };
        // The header changes under the row's lock, so an append running at the same time (which
        // moves last_seq) is never overwritten with the header read before it.
        let mut tx = self.pool.begin().await.map_err(storage)?;
        let Some(mut meta) = locked_meta(&mut tx, key).await? else { return Ok(None) };
        if meta.locale.as_ref() != Some(&locale) {
            meta.locale = Some(locale);
            sqlx::query("UPDATE conversations SET meta = $3 WHERE shop = $1 AND id = $2")
                .bind(key.shop.as_str())
                .bind(key.id.as_str())
                .bind(super::jsonb(&meta)?)
                .execute(&mut *tx)
                .await
                .map_err(storage)?;
        }
        tx.commit().await.map_err(storage)?;
        Ok(Some(meta))
    }

    async fn append_buyer(
        &self,
        key: &ConversationKey,
        client_msg_id: &str,
        text: &str,
        attachments: &[Attachment],
        context: Option<&PageContext>,
        locale: Option<Language>,
        sender: Option<&str>,
    ) -> Result<Appended, LogError> {
        let mut tx = self.pool.begin().await.map_err(storage)?;
        let now = now_ms();
        // The first message creates the conversation; a concurrent creator waits for this one.
        sqlx::query(
            "INSERT INTO conversations (shop, id, last_at_ms, meta) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(key.shop.as_str())
        .bind(key.id.as_str())
        .bind(ms(now))
        .bind(super::jsonb(&ConversationMeta::new(locale))?)
        .execute(&mut *tx)
        .await
        .map_err(storage)?;
        let mut meta = locked_meta(&mut tx, key).await?.ok_or(LogError::NotFound)?;
        let seen: Option<(i64,)> =
            sqlx::query_as("SELECT seq FROM client_msgs WHERE shop = $1 AND conversation = $2 AND client_msg_id = $3")
                .bind(key.shop.as_str())
                .bind(key.id.as_str())
                .bind(client_msg_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(storage)?;
        if let Some((seq,)) = seen {
            return Ok(Appended { seq: unsigned(seq), duplicate: true });
        }
        meta.last_seq += 1;
        let entry = Entry {
            seq: meta.last_seq,
            at_ms: now,
            body: EntryBody::Buyer {
                client_msg_id: client_msg_id.to_owned(),
                text: text.to_owned(),
                attachments: attachments.to_vec(),
                context: context.cloned(),
                sender: sender.map(str::to_owned),
            },
        };
        insert_entry(&mut tx, key, &entry).await?;
        sqlx::query("INSERT INTO client_msgs (shop, conversation, client_msg_id, seq) VALUES ($1, $2, $3, $4)")
            .bind(key.shop.as_str())
            .bind(key.id.as_str())
            .bind(client_msg_id)
            .bind(ms(entry.seq))
            .execute(&mut *tx)
            .await
            .map_err(storage)?;
        save_meta(&mut tx, key, &meta, entry.at_ms).await?;
        tx.commit().await.map_err(storage)?;
        Ok(Appended { seq: entry.seq, duplicate: false })
    }

    async fn append(&self, key: &ConversationKey, body: EntryBody) -> Result<Entry, LogError> {
        let mut tx = self.pool.begin().await.map_err(storage)?;
        let mut meta = locked_meta(&mut tx, key).await?.ok_or(LogError::NotFound)?;
        meta.last_seq += 1;
        let entry = Entry { seq: meta.last_seq, at_ms: now_ms(), body };
        let queued = ticket_in(&mut tx, key).await?;
        match &entry.body {
            EntryBody::Buyer { .. } | EntryBody::Note { .. } => {}
            EntryBody::Bot { reply_to, text, intent, confidence, notes, .. } => {
                meta.answered_through = meta.answered_through.max(*reply_to);
                // A marketplace conversation's reply enters its outbox in this transaction.
                let answered = entry_in(&mut tx, key, *reply_to).await?;
                let to = answered.as_ref().map_or((String::new(), 0), platform_message);
                to_platform(&mut tx, key, to, text).await?;
                if notes.unsure {
                    let question = match answered.map(|e| e.body) {
                        Some(EntryBody::Buyer { text, .. }) => text,
                        Some(_) | None => String::new(),
                    };
                    let review = Review {
                        conversation: key.id.clone(),
                        seq: entry.seq,
                        at_ms: entry.at_ms,
                        question,
                        answer: text.clone(),
                        intent: *intent,
                        confidence: *confidence,
                        verdict: None,
                    };
                    sqlx::query(
                        "INSERT INTO reviews (shop, conversation, seq, at_ms, review) VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(key.shop.as_str())
                    .bind(key.id.as_str())
                    .bind(ms(entry.seq))
                    .bind(ms(entry.at_ms))
                    .bind(super::jsonb(&review)?)
                    .execute(&mut *tx)
                    .await
                    .map_err(storage)?;
                }
            }
            EntryBody::Handoff { reply_to, reason, language, intent, text, .. } => {
                meta.answered_through = meta.answered_through.max(*reply_to);
                let answered = entry_in(&mut tx, key, *reply_to).await?;
                let to = answered.as_ref().map_or((String::new(), 0), platform_message);
                to_platform(&mut tx, key, to, text).await?;
                meta.owner = Owner::Human;
                let ticket = Ticket {
                    conversation: key.id.clone(),
                    seq: entry.seq,
                    at_ms: entry.at_ms,
                    reason: *reason,
                    language: language.clone(),
                    intent: *intent,
                    claimed_by: None,
                };
                put_ticket(&mut tx, key, &ticket).await?;
            }
            EntryBody::Claimed { agent, from } => {
                let mut ticket = queued.ok_or(LogError::NotQueued)?;
                let holder = ticket.claimed_by.as_ref().map(|a| &a.id);
                if holder != from.as_ref().map(|a| &a.id) {
                    return Err(LogError::ClaimedBy(ticket.claimed_by));
                }
                ticket.claimed_by = Some(agent.clone());
                put_ticket(&mut tx, key, &ticket).await?;
            }
            EntryBody::Agent { text, .. } => {
                queued.ok_or(LogError::NotQueued)?;
                meta.answered_through = meta.last_seq;
                // From a marketplace: the reply goes back through its outbox.
                to_platform(&mut tx, key, (format!("agent-{}", entry.seq), 0), text).await?;
            }
            EntryBody::Resolved { .. } => {
                queued.ok_or(LogError::NotQueued)?;
                sqlx::query("DELETE FROM handoffs WHERE shop = $1 AND conversation = $2")
                    .bind(key.shop.as_str())
                    .bind(key.id.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(storage)?;
                meta.owner = Owner::Bot;
                meta.answered_through = meta.last_seq;
            }
        }
        insert_entry(&mut tx, key, &entry).await?;
        save_meta(&mut tx, key, &meta, entry.at_ms).await?;
        tx.commit().await.map_err(storage)?;
        Ok(entry)
    }

    async fn ticket(&self, key: &ConversationKey) -> Result<Option<Ticket>, LogError> {
        let mut conn = self.pool.acquire().await.map_err(storage)?;
        ticket_in(&mut conn, key).await
    }

    async fn handoffs(&self, shop: &ShopId) -> Result<Vec<Ticket>, LogError> {
        let rows: Vec<(Json<Ticket>,)> =
            sqlx::query_as("SELECT ticket FROM handoffs WHERE shop = $1 ORDER BY at_ms, seq")
                .bind(shop.as_str())
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
        Ok(rows.into_iter().map(|(Json(ticket),)| ticket).collect())
    }

    async fn entries_after(&self, key: &ConversationKey, after: u64, limit: usize) -> Result<Vec<Entry>, LogError> {
        let rows: Vec<(Json<Entry>,)> = sqlx::query_as(
            "SELECT entry FROM entries WHERE shop = $1 AND conversation = $2 AND seq > $3 ORDER BY seq LIMIT $4",
        )
        .bind(key.shop.as_str())
        .bind(key.id.as_str())
        .bind(ms(after))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await
        .map_err(storage)?;
        Ok(rows.into_iter().map(|(Json(entry),)| entry).collect())
    }

    async fn recent(&self, key: &ConversationKey, n: usize) -> Result<Vec<Entry>, LogError> {
        let rows: Vec<(Json<Entry>,)> = sqlx::query_as(
            "SELECT entry FROM entries WHERE shop = $1 AND conversation = $2 ORDER BY seq DESC LIMIT $3",
        )
        .bind(key.shop.as_str())
        .bind(key.id.as_str())
        .bind(i64::try_from(n).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await
        .map_err(storage)?;
        Ok(rows.into_iter().rev().map(|(Json(entry),)| entry).collect())
    }

    async fn mark_seen(&self, key: &ConversationKey, seq: u64) -> Result<(), LogError> {
        let mut tx = self.pool.begin().await.map_err(storage)?;
        let mut meta = locked_meta(&mut tx, key).await?.ok_or(LogError::NotFound)?;
        if seq > meta.client_seen && seq <= meta.last_seq {
            meta.client_seen = seq;
            sqlx::query("UPDATE conversations SET meta = $3 WHERE shop = $1 AND id = $2")
                .bind(key.shop.as_str())
                .bind(key.id.as_str())
                .bind(super::jsonb(&meta)?)
                .execute(&mut *tx)
                .await
                .map_err(storage)?;
        }
        Ok(tx.commit().await.map_err(storage)?)
    }

    async fn flush(&self) -> Result<(), LogError> {
        Ok(())
    }

    async fn idle_since(&self, shop: &ShopId, before_ms: u64) -> Result<Vec<ConversationKey>, LogError> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT id FROM conversations WHERE shop = $1 AND last_at_ms < $2")
            .bind(shop.as_str())
            .bind(ms(before_ms))
            .fetch_all(&self.pool)
            .await
            .map_err(storage)?;
        Ok(rows
            .into_iter()
            .filter_map(|(id,)| ConversationId::parse(&id).ok())
            .map(|id| ConversationKey { shop: shop.clone(), id })
            .collect())
    }

    async fn erase(&self, key: &ConversationKey) -> Result<Option<Vec<Entry>>, LogError> {
        let mut tx = self.pool.begin().await.map_err(storage)?;
        if locked_meta(&mut tx, key).await?.is_none() {
            return Ok(None);
        }
        let rows: Vec<(Json<Entry>,)> =
            sqlx::query_as("SELECT entry FROM entries WHERE shop = $1 AND conversation = $2 ORDER BY seq")
                .bind(key.shop.as_str())
                .bind(key.id.as_str())
                .fetch_all(&mut *tx)
                .await
                .map_err(storage)?;
        // Entries, dedupe rows, the ticket and reviews go with it (ON DELETE CASCADE).
        sqlx::query("DELETE FROM conversations WHERE shop = $1 AND id = $2")
            .bind(key.shop.as_str())
            .bind(key.id.as_str())
            .execute(&mut *tx)
            .await
            .map_err(storage)?;
        tx.commit().await.map_err(storage)?;
        Ok(Some(rows.into_iter().map(|(Json(entry),)| entry).collect()))
    }

    async fn turn_lock(&self, key: &ConversationKey) -> Result<Held, LogError> {
        let id = lock_id(b'c', &[key.shop.as_str(), key.id.as_str()]);
        AdvisoryLock::take(&self.pool, id).await.map(|lock| Held::new(Box::new(lock))).map_err(|e| storage(e).into())
    }
}

/// The conversation's header, its row locked until the transaction ends.
async fn locked_meta(tx: &mut PgConnection, key: &ConversationKey) -> Result<Option<ConversationMeta>, LogError> {
    let row: Option<(Json<ConversationMeta>,)> =
        sqlx::query_as("SELECT meta FROM conversations WHERE shop = $1 AND id = $2 FOR UPDATE")
            .bind(key.shop.as_str())
            .bind(key.id.as_str())
            .fetch_optional(&mut *tx)
            .await
            .map_err(storage)?;
    Ok(row.map(|(Json(meta),)| meta))
}

async fn save_meta(
    tx: &mut Transaction<'_, Postgres>,
    key: &ConversationKey,
    meta: &ConversationMeta,
    last_at_ms: u64,
) -> Result<(), LogError> {
    sqlx::query("UPDATE conversations SET meta = $3, last_at_ms = $4 WHERE shop = $1 AND id = $2")
        .bind(key.shop.as_str())
        .bind(key.id.as_str())
        .bind(super::jsonb(&meta)?)
        .bind(ms(last_at_ms))
        .execute(&mut **tx)
        .await
        .map_err(storage)?;
    Ok(())
}

async fn insert_entry(
    tx: &mut Transaction<'_, Postgres>,
    key: &ConversationKey,
    entry: &Entry,
) -> Result<(), LogError> {
    sqlx::query("INSERT INTO entries (shop, conversation, seq, at_ms, entry) VALUES ($1, $2, $3, $4, $5)")
        .bind(key.shop.as_str())
        .bind(key.id.as_str())
        .bind(ms(entry.seq))
        .bind(ms(entry.at_ms))
        .bind(super::jsonb(&entry)?)
        .execute(&mut **tx)
        .await
        .map_err(storage)?;
    Ok(())
}

async fn entry_in(tx: &mut PgConnection, key: &ConversationKey, seq: u64) -> Result<Option<Entry>, LogError> {
    let row: Option<(Json<Entry>,)> =
        sqlx::query_as("SELECT entry FROM entries WHERE shop = $1 AND conversation = $2 AND seq = $3")
            .bind(key.shop.as_str())
            .bind(key.id.as_str())
            .bind(ms(seq))
            .fetch_optional(&mut *tx)
            .await
            .map_err(storage)?;
    Ok(row.map(|(Json(entry),)| entry))
}

async fn ticket_in(conn: &mut PgConnection, key: &ConversationKey) -> Result<Option<Ticket>, LogError> {
    let row: Option<(Json<Ticket>,)> =
        sqlx::query_as("SELECT ticket FROM handoffs WHERE shop = $1 AND conversation = $2")
            .bind(key.shop.as_str())
            .bind(key.id.as_str())
            .fetch_optional(&mut *conn)
            .await
            .map_err(storage)?;
    Ok(row.map(|(Json(ticket),)| ticket))
}

async fn put_ticket(
    tx: &mut Transaction<'_, Postgres>,
    key: &ConversationKey,
    ticket: &Ticket,
) -> Result<(), LogError> {
    sqlx::query(
        "INSERT INTO handoffs (shop, conversation, at_ms, seq, ticket) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (shop, conversation) DO UPDATE SET at_ms = $3, seq = $4, ticket = $5",
    )
    .bind(key.shop.as_str())
    .bind(key.id.as_str())
    .bind(ms(ticket.at_ms))
    .bind(ms(ticket.seq))
    .bind(super::jsonb(&ticket)?)
    .execute(&mut **tx)
    .await
    .map_err(storage)?;
    Ok(())
}

/// The buyer message as a platform knows it (the message id it was stored under) and when it
/// was written.
fn platform_message(entry: &Entry) -> (String, u64) {
    let id =
        if let EntryBody::Buyer { client_msg_id, .. } = &entry.body { client_msg_id.clone() } else { String::new() };
    (id, entry.at_ms)
}

/// Puts `text` in the outbox when the conversation is a marketplace's (`channel_links`), in the
/// caller's transaction: stored and queued in one commit, so a crash between them cannot lose it.
async fn to_platform(
    tx: &mut Transaction<'_, Postgres>,
    key: &ConversationKey,
    (reply_to, buyer_at_ms): (String, u64),
    text: &str,
) -> Result<(), LogError> {
    if text.trim().is_empty() {
        return Ok(());
    }
    let link: Option<(String, String)> = sqlx::query_as(
        "SELECT platform, platform_conversation FROM channel_links WHERE shop = $1 AND conversation = $2",
    )
    .bind(key.shop.as_str())
    .bind(key.id.as_str())
    .fetch_optional(&mut **tx)
    .await
    .map_err(storage)?;
    let Some((platform, conversation)) = link else { return Ok(()) };
    let platform = Platform::parse(&platform)
        .ok_or_else(|| StorageError::Corrupt(format!("channel link of {} names no platform: {platform}", key.id)))?;
    // When the buyer wrote, as the platform says (WhatsApp takes replies only for a day after).
    let received: Option<(Json<Inbound>,)> =
        sqlx::query_as("SELECT message FROM inbox WHERE platform = $1 AND shop = $2 AND message_id = $3")
            .bind(platform.as_str())
            .bind(key.shop.as_str())
            .bind(&reply_to)
            .fetch_optional(&mut **tx)
            .await
            .map_err(storage)?;
    let buyer_at_ms = received.map_or(buyer_at_ms, |(Json(message),)| message.at_ms);
    let (id,): (i64,) =
        sqlx::query_as("SELECT nextval('outbox_id_seq')").fetch_one(&mut **tx).await.map_err(storage)?;
    let reply = Outbound {
        id: unsigned(id),
        platform,
        shop: key.shop.clone(),
        conversation,
        reply_to,
        buyer_at_ms,
        text: text.to_owned(),
        attempts: 0,
        next_at_ms: 0,
        last_error: None,
        pieces_sent: 0,
    };
    Ok(super::channels::insert_outbound(tx, &reply).await?)
}
