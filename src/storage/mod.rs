//! Storage adapters. `sled` is the embedded default: one database in the data directory, one
//! process. `postgres` is the system of record when several kefu nodes serve together
//! (`storage.backend = "postgres"`). Both implement the same ports and pass the same contract
//! suite (`contract`).

#[cfg(test)]
pub(crate) mod contract;
pub mod postgres;
pub mod sled;

use crate::actions::store::ActionStore;
use crate::channels::queue::ChannelQueue;
use crate::console::store::ConsoleStore;
use crate::conversation::log::ConversationLog;
use crate::knowledge::store::KnowledgeStore;
use crate::uploads::UploadStore;

/// Every storage port, as one store implements them: what `app` opens and hands out, each
/// consumer seeing only its own port.
pub trait Store: ConversationLog + KnowledgeStore + ConsoleStore + ChannelQueue + UploadStore + ActionStore {}
impl<T> Store for T where T: ConversationLog + KnowledgeStore + ConsoleStore + ChannelQueue + UploadStore + ActionStore {}
