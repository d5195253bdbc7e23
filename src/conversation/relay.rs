//! Live delivery between nodes. With several kefu nodes on one database, a buyer's socket may
//! sit on one node while another answers: every event a node publishes (typing, reply pieces,
//! stored entries) is also handed to the `Relay`, which carries it to the other nodes, and they
//! publish it to their own sockets and console watchers (`Conversations::deliver`). Nothing
//! here is durable — the log is: a socket that misses an event fills the gap from the log by
//! seq, as it does after a reconnect. `redis` is the adapter (Redis Streams).

use serde::{Deserialize, Serialize};

use super::hub::Event;
use crate::domain::{ConversationKey, Entry};

/// An event as it travels between nodes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Relayed {
    Typing { on: bool },
    Delta { reply_to: u64, text: String },
    Entry { entry: Box<Entry> },
}

impl Relayed {
    pub fn of(event: &Event) -> Relayed {
        match event {
            Event::Typing(on) => Relayed::Typing { on: *on },
            Event::Delta { reply_to, text } => Relayed::Delta { reply_to: *reply_to, text: text.clone() },
            Event::Entry(entry) => Relayed::Entry { entry: entry.clone() },
        }
    }

    pub fn into_event(self) -> Event {
        match self {
            Relayed::Typing { on } => Event::Typing(on),
            Relayed::Delta { reply_to, text } => Event::Delta { reply_to, text },
            Relayed::Entry { entry } => Event::Entry(entry),
        }
    }
}

/// Carries this node's events to the other nodes.
pub trait Relay: Send + Sync {
    /// Hands the event on without waiting: a turn never stalls on the network. An event the
    /// relay cannot take (its queue full, its server gone) is dropped; sockets recover stored
    /// entries from the log.
    fn relay(&self, key: &ConversationKey, event: &Relayed);
}
