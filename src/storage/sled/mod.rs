//! The embedded store on sled: one database in the data directory, no server. It holds the
//! conversations (`conversations.rs`), every shop's ingested knowledge (`knowledge.rs`) and the
//! console's agents, sessions and audit log (`console.rs`).
//!
//! On-disk format, version 1 (the `meta` tree's `format_version` says which); the trees and
//! their keys are described in each file. Ids never contain `\0` (see `domain`), so
//! `\0`-separated key prefixes name exactly one shop or conversation.

use std::path::{Path, PathBuf};

use ::sled::{Db, Tree};

mod actions;
mod channels;
mod console;
mod conversations;
mod knowledge;
mod uploads;

/// The on-disk format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(
        "the data directory {0} is in use by another kefu process; stop it (kefu serve?) or pass another --data-dir"
    )]
    Locked(PathBuf),
    #[error("cannot open the database in {path}: {source}")]
    Io { path: PathBuf, source: ::sled::Error },
    #[error(
        "the database in {path} has format version {found}, this kefu reads version {FORMAT_VERSION}; use a kefu that matches it"
    )]
    Version { path: PathBuf, found: u32 },
}

/// The sled database. Cheap to clone: trees are reference-counted handles.
#[derive(Clone)]
pub struct SledStore {
    db: Db,
    conversations: Tree,
    entries: Tree,
    client_msgs: Tree,
    handoffs: Tree,
    shops: Tree,
    passages: Tree,
    orders: Tree,
    agents: Tree,
    agent_emails: Tree,
    sessions: Tree,
    audit: Tree,
    translations: Tree,
    reviews: Tree,
    canned: Tree,
    api_keys: Tree,
    uploads: Tree,
    inbox: Tree,
    outbox: Tree,
    channel_links: Tree,
    poll_cursors: Tree,
    deliveries: Tree,
    actions: Tree,
}

impl SledStore {
    /// Opens (or creates) the database under `data_dir`, checking its format version.
    pub fn open(data_dir: &Path) -> Result<SledStore, OpenError> {
        let path = data_dir.join("kefu.sled");
        let io = |source: ::sled::Error| OpenError::Io { path: path.clone(), source };
        std::fs::create_dir_all(data_dir).map_err(|e| io(e.into()))?;
        let db = match ::sled::Config::new().path(&path).open() {
            Ok(db) => db,
            Err(::sled::Error::Io(err))
                if err.kind() == std::io::ErrorKind::WouldBlock || err.to_string().contains("lock") =>
            {
                return Err(OpenError::Locked(data_dir.to_owned()));
            }
            Err(err) => return Err(io(err)),
        };
        let meta = db.open_tree("meta").map_err(io)?;
        match meta.get("format_version").map_err(io)? {
            Some(raw) => {
                let found = raw.as_ref().try_into().map(u32::from_be_bytes).unwrap_or(u32::MAX);
                if found != FORMAT_VERSION {
                    return Err(OpenError::Version { path, found });
                }
            }
            None => {
                meta.insert("format_version", &FORMAT_VERSION.to_be_bytes()).map_err(io)?;
                db.flush().map_err(io)?;
            }
        }
        Ok(SledStore {
            conversations: db.open_tree("conversations").map_err(io)?,
            entries: db.open_tree("entries").map_err(io)?,
            client_msgs: db.open_tree("client_msgs").map_err(io)?,
            handoffs: db.open_tree("handoffs").map_err(io)?,
            shops: db.open_tree("shops").map_err(io)?,
            passages: db.open_tree("passages").map_err(io)?,
            orders: db.open_tree("orders").map_err(io)?,
            agents: db.open_tree("agents").map_err(io)?,
            agent_emails: db.open_tree("agent_emails").map_err(io)?,
            sessions: db.open_tree("sessions").map_err(io)?,
            audit: db.open_tree("audit").map_err(io)?,
            translations: db.open_tree("translations").map_err(io)?,
            reviews: db.open_tree("reviews").map_err(io)?,
            canned: db.open_tree("canned").map_err(io)?,
            api_keys: db.open_tree("api_keys").map_err(io)?,
            uploads: db.open_tree("uploads").map_err(io)?,
            inbox: db.open_tree("inbox").map_err(io)?,
            outbox: db.open_tree("outbox").map_err(io)?,
            channel_links: db.open_tree("channel_links").map_err(io)?,
            poll_cursors: db.open_tree("poll_cursors").map_err(io)?,
            deliveries: db.open_tree("deliveries").map_err(io)?,
            actions: db.open_tree("actions").map_err(io)?,
            db,
        })
    }

    fn flush_now(&self) -> ::sled::Result<()> {
        self.db.flush().map(|_| ())
    }
}
