//! The storage contract: what every store must do, run against each adapter — sled always,
//! PostgreSQL when `KEFU_TEST_POSTGRES_URL` names a server (`scripts/test.sh` starts one and sets
//! `KEFU_TEST_REQUIRE_SERVERS=1`, so CI cannot skip it). A test written once with `contract!`
//! becomes `…::sled::name` and `…::postgres::name`.
//!
//! Tests of one adapter's own format (sled's version check, a truncated record) stay beside
//! that adapter.

use std::sync::Arc;

pub(crate) use super::Store;

mod actions;
mod channels;
mod console;
mod conversations;
mod knowledge;
mod uploads;

enum Backend {
    Sled(tempfile::TempDir),
    Postgres { url: String, schema: String },
}

/// An empty store for one test, and how to open it again.
pub(crate) struct Scratch {
    pub(crate) store: Arc<dyn Store>,
    backend: Backend,
}

impl Scratch {
    pub(crate) fn sled() -> Scratch {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = crate::storage::sled::SledStore::open(dir.path()).expect("open sled");
        Scratch { store: Arc::new(store), backend: Backend::Sled(dir) }
    }

    pub(crate) async fn postgres() -> Option<Scratch> {
        let (store, schema) = crate::storage::postgres::scratch::store().await?;
        let url = crate::storage::postgres::scratch::url()?;
        Some(Scratch { store: Arc::new(store), backend: Backend::Postgres { url, schema } })
    }

    /// The same data through a newly opened store (a restart).
    pub(crate) async fn reopen(self) -> Scratch {
        let Scratch { store, backend } = self;
        drop(store);
        let store: Arc<dyn Store> = match &backend {
            Backend::Sled(dir) => Arc::new(reopen_sled(dir.path()).await),
            Backend::Postgres { url, schema } => Arc::new(crate::storage::postgres::scratch::reopen(url, schema).await),
        };
        Scratch { store, backend }
    }

    /// A second store on the same data, open at the same time (another node). Sled allows one
    /// process per database, so only PostgreSQL has one.
    pub(crate) async fn second_node(&self) -> Option<Arc<dyn Store>> {
        match &self.backend {
            Backend::Sled(_) => None,
            Backend::Postgres { url, schema } => {
                Some(Arc::new(crate::storage::postgres::scratch::reopen(url, schema).await))
            }
        }
    }
}

/// Opens a sled database just dropped: sled frees its file lock when its last background
/// handle (the flusher, a blocking task finishing) lets go, which may be a moment after the
/// store is dropped — as a restarted process would find it.
async fn reopen_sled(dir: &std::path::Path) -> crate::storage::sled::SledStore {
    use crate::storage::sled::{OpenError, SledStore};
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        match SledStore::open(dir) {
            Err(OpenError::Locked(_)) if std::time::Instant::now() < deadline => {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            opened => return opened.expect("reopen sled"),
        }
    }
}

/// Writes each test once for every backend: `sled::name` always, `postgres::name` with a server.
macro_rules! contract {
    ($($(#[$meta:meta])* async fn $name:ident($scratch:ident) $body:block)*) => {
        mod sled {
            #[allow(unused_imports)]
            use super::*;
            $(
                $(#[$meta])*
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    #[allow(unused_mut)]
                    let mut $scratch = $crate::storage::contract::Scratch::sled();
                    $body
                }
            )*
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $(
                $(#[$meta])*
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    #[allow(unused_mut)]
                    let Some(mut $scratch) = $crate::storage::contract::Scratch::postgres().await else { return };
                    $body
                }
            )*
        }
    };
}
pub(crate) use contract;
