//! Locks held across nodes for longer than a transaction: PostgreSQL advisory locks, each on
//! one pooled connection. Every node asking for one waits; if the holder dies, its connection
//! closes and the lock is free again — no lease to expire, no row to clean up.

use sqlx::Postgres;
use sqlx::pool::PoolConnection;

/// A held advisory lock; released when dropped.
pub struct AdvisoryLock {
    conn: Option<PoolConnection<Postgres>>,
    id: i64,
}

impl AdvisoryLock {
    /// Waits for the lock `id` (`lock_id`) and holds it.
    pub(super) async fn take(pool: &sqlx::PgPool, id: i64) -> Result<AdvisoryLock, sqlx::Error> {
        let mut conn = pool.acquire().await?;
        sqlx::query("SELECT pg_advisory_lock($1)").bind(id).execute(&mut *conn).await?;
        Ok(AdvisoryLock { conn: Some(conn), id })
    }
}

impl Drop for AdvisoryLock {
    fn drop(&mut self) {
        let Some(mut conn) = self.conn.take() else { return };
        let id = self.id;
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    let unlocked = sqlx::query_as::<_, (bool,)>("SELECT pg_advisory_unlock($1)")
                        .bind(id)
                        .fetch_one(&mut *conn)
                        .await;
                    if !matches!(unlocked, Ok((true,))) {
                        // Closing the session releases every lock it held.
                        conn.close_on_drop();
                    }
                });
            }
            Err(_) => {
                conn.close_on_drop();
            }
        }
    }
}

/// A lock's key: the first 8 bytes of SHA-256 over a tag (what is locked: `c` a conversation's
/// turn, `k` a shop's knowledge) and the parts that name it, NUL-separated (ids never contain
/// NUL).
pub(super) fn lock_id(tag: u8, parts: &[&str]) -> i64 {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new().chain_update([tag]);
    for part in parts {
        hasher = hasher.chain_update([0]).chain_update(part.as_bytes());
    }
    let digest = hasher.finalize();
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(bytes)
}
