//! The PostgreSQL store: kefu's system of record when several nodes serve together
//! (`storage.backend = "postgres"`). It implements the same ports as `storage::sled` and passes
//! the same contract suite (`storage::contract`); what sled does in one transaction over several
//! trees, this does in one SQL transaction.
//!
//! The schema is in `migrations/` (run at open, in order, by sqlx; a database migrated by a newer
//! kefu is refused). Rows keep the types' serde JSON plus the columns queries select, order or
//! lock by. Order between nodes comes from row locks: an append locks its conversation's row
//! (`SELECT … FOR UPDATE`), so seqs are 1, 2, 3 … without gaps whichever node writes; a turn
//! holds an advisory lock on its conversation (`turn_lock`, `locks.rs`), so two nodes never run
//! turns of one conversation at once, and a change to a shop's knowledge one on the shop
//! (`write_lock`), so two nodes' changes never overwrite each other.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

use crate::domain::StorageError;

mod actions;
mod channels;
mod console;
mod conversations;
mod knowledge;
mod locks;
mod uploads;

pub use locks::AdvisoryLock;

/// The embedded migrations, applied at open.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("src/storage/postgres/migrations");

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("storage.postgres.url is not a PostgreSQL URL ({0}); write postgres://USER:PASSWORD@HOST:PORT/DATABASE")]
    Url(String),
    #[error("cannot connect to PostgreSQL at {target}: {source}; is the server running, and may this user connect?")]
    Connect { target: String, source: sqlx::Error },
    #[error(
        "cannot migrate the PostgreSQL database at {target}: {source}; a database written by a newer kefu needs that kefu"
    )]
    Migrate { target: String, source: sqlx::migrate::MigrateError },
}

/// How kefu connects to PostgreSQL (`[storage.postgres]`).
#[derive(Debug, Clone)]
pub struct PgSettings {
    pub url: String,
    /// Connections this node keeps at most. Turns hold one each while they run (the advisory
    /// lock), so it must exceed `pipeline.concurrent_turns` by the web and worker traffic.
    pub max_connections: u32,
    pub connect_timeout: Duration,
}

/// The database: a pool of connections. Cheap to clone.
#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
    /// This open store's name where rows are leased to a node (the outbox): drawn at open, so
    /// two stores in one process (the tests' nodes) are two nodes, and a restarted process is a
    /// new one.
    node: String,
}

impl PgStore {
    /// Connects and brings the schema up to date.
    pub async fn open(settings: &PgSettings) -> Result<PgStore, OpenError> {
        let options = PgConnectOptions::from_str(&settings.url).map_err(|e| OpenError::Url(e.to_string()))?;
        PgStore::open_with(options, settings.max_connections, settings.connect_timeout).await
    }

    /// `open` with connect options built by the caller (the tests' scratch schemas).
    pub async fn open_with(
        options: PgConnectOptions,
        max_connections: u32,
        connect_timeout: Duration,
    ) -> Result<PgStore, OpenError> {
        // Never the password: host, port and database name only.
        let target = format!(
            "{}:{}/{}",
            options.get_host(),
            options.get_port(),
            options.get_database().unwrap_or("(default database)")
        );
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(2))
            .acquire_timeout(connect_timeout)
            .connect_with(options)
            .await
            .map_err(|source| OpenError::Connect { target: target.clone(), source })?;
        MIGRATOR.run(&pool).await.map_err(|source| OpenError::Migrate { target, source })?;
        Ok(PgStore { pool, node: uuid::Uuid::new_v4().simple().to_string() })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Closes every connection (the end of a test, or of the process).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A database failure, kept with its cause.
pub(super) fn storage(err: sqlx::Error) -> StorageError {
    StorageError::unavailable(err)
}

/// A value for a `jsonb` column. PostgreSQL's jsonb (and text) cannot hold the character U+0000,
/// which a buyer or a platform may send and sled stores as it is; nothing kefu does with a text
/// needs it, so it is stored as U+FFFD (the replacement character) instead of failing the write
/// — a buyer's message must never be refused for it.
pub(super) fn jsonb<T: serde::Serialize>(value: &T) -> Result<sqlx::types::Json<serde_json::Value>, StorageError> {
    let mut value = serde_json::to_value(value).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    without_nul(&mut value);
    Ok(sqlx::types::Json(value))
}

fn without_nul(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(text) => {
            if text.contains('\0') {
                *text = text.replace('\0', "\u{fffd}");
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(without_nul),
        serde_json::Value::Object(fields) => {
            // Keys too: a header or attribute name can come from outside.
            if fields.keys().any(|k| k.contains('\0')) {
                let old = std::mem::take(fields);
                for (key, mut item) in old {
                    without_nul(&mut item);
                    fields.insert(key.replace('\0', "\u{fffd}"), item);
                }
            } else {
                fields.values_mut().for_each(without_nul);
            }
        }
        serde_json::Value::Null | serde_json::Value::Bool(_) | serde_json::Value::Number(_) => {}
    }
}

/// Unix milliseconds as PostgreSQL's `bigint` (saturating: times past the year 292 million
/// read as "never").
pub(super) fn ms(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// A `bigint` read back as an unsigned count or time.
pub(super) fn unsigned(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

#[cfg(test)]
pub(crate) mod scratch {
    //! A fresh schema per test on the server `KEFU_TEST_POSTGRES_URL` names.

    use super::*;

    /// The test server, or `None` when none is configured (then the PostgreSQL half of the
    /// contract suite is skipped — unless `KEFU_TEST_REQUIRE_SERVERS=1`, as `scripts/test.sh`
    /// sets, which makes a missing server a failure).
    pub(crate) fn url() -> Option<String> {
        match std::env::var("KEFU_TEST_POSTGRES_URL") {
            Ok(url) if !url.is_empty() => Some(url),
            _ => {
                assert!(
                    std::env::var("KEFU_TEST_REQUIRE_SERVERS").as_deref() != Ok("1"),
                    "KEFU_TEST_REQUIRE_SERVERS=1 but KEFU_TEST_POSTGRES_URL is not set (scripts/servers.sh start)"
                );
                None
            }
        }
    }

    /// A store on a schema of its own, empty and migrated; its name for reopening.
    pub(crate) async fn store() -> Option<(PgStore, String)> {
        let url = url()?;
        let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
        let options = PgConnectOptions::from_str(&url).expect("KEFU_TEST_POSTGRES_URL");
        let admin = PgPoolOptions::new().max_connections(1).connect_with(options.clone()).await.expect("connect");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}"))).execute(&admin).await.expect("schema");
        admin.close().await;
        Some((reopen(&url, &schema).await, schema))
    }

    /// The store on `schema` again, through new connections.
    pub(crate) async fn reopen(url: &str, schema: &str) -> PgStore {
        let options =
            PgConnectOptions::from_str(url).expect("KEFU_TEST_POSTGRES_URL").options([("search_path", schema)]);
        PgStore::open_with(options, 8, Duration::from_secs(10)).await.expect("open the scratch store")
    }
}
