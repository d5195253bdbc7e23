//! Live delivery: who is connected to which conversation right now. Nothing here is durable;
//! a subscriber that falls behind is dropped and catches up from the log when it resumes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

use crate::domain::{ConversationKey, Entry};

/// What subscribers of a conversation receive.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The bot started (`true`) or stopped (`false`) working on a reply.
    Typing(bool),
    /// A piece of the reply to buyer entry `reply_to`, not yet stored.
    Delta { reply_to: u64, text: String },
    /// A stored entry (boxed: entries are far larger than the other events).
    Entry(Box<Entry>),
}

/// Events queued per subscriber before it counts as too slow and is dropped.
const QUEUE: usize = 64;

#[derive(Clone, Default)]
pub struct Hub {
    inner: Arc<Inner>,
}

/// A subscriber: its id (for unsubscribing) and its queue.
type Subscriber = (u64, mpsc::Sender<Arc<Event>>);

#[derive(Default)]
struct Inner {
    subscribers: Mutex<HashMap<ConversationKey, Vec<Subscriber>>>,
    next_id: AtomicU64,
}

/// A live feed of one conversation's events; unsubscribes when dropped.
pub struct Subscription {
    pub events: mpsc::Receiver<Arc<Event>>,
    key: ConversationKey,
    id: u64,
    inner: Arc<Inner>,
}

impl Hub {
    pub fn subscribe(&self, key: &ConversationKey) -> Subscription {
        let (tx, rx) = mpsc::channel(QUEUE);
        let id = self.inner.next_id.fetch_add(1, Ordering::Relaxed);
        self.inner.subscribers.lock().expect("hub lock").entry(key.clone()).or_default().push((id, tx));
        Subscription { events: rx, key: key.clone(), id, inner: self.inner.clone() }
    }

    /// Sends `event` to every subscriber of `key`. A subscriber whose queue is full is removed:
    /// its receiver closes, and its connection ends so the client resumes from the log.
    pub fn publish(&self, key: &ConversationKey, event: Event) {
        let mut subscribers = self.inner.subscribers.lock().expect("hub lock");
        let Some(list) = subscribers.get_mut(key) else { return };
        let event = Arc::new(event);
        list.retain(|(_, tx)| tx.try_send(event.clone()).is_ok());
        if list.is_empty() {
            subscribers.remove(key);
        }
    }

    /// The conversations with a subscriber now.
    pub fn keys(&self) -> Vec<ConversationKey> {
        self.inner.subscribers.lock().expect("hub lock").keys().cloned().collect()
    }

    pub fn subscribers(&self, key: &ConversationKey) -> usize {
        self.inner.subscribers.lock().expect("hub lock").get(key).map_or(0, Vec::len)
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut subscribers = self.inner.subscribers.lock().expect("hub lock");
        if let Some(list) = subscribers.get_mut(&self.key) {
            list.retain(|(id, _)| *id != self.id);
            if list.is_empty() {
                subscribers.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ConversationId, ShopId};

    fn key(id: &str) -> ConversationKey {
        ConversationKey { shop: ShopId::parse("s").unwrap(), id: ConversationId::parse(id).unwrap() }
    }

    #[tokio::test]
    async fn events_reach_only_their_conversation_and_stop_after_drop() {
        let hub = Hub::default();
        let mut a = hub.subscribe(&key("a"));
        let mut b = hub.subscribe(&key("b"));
        hub.publish(&key("a"), Event::Typing(true));
        assert_eq!(*a.events.recv().await.unwrap(), Event::Typing(true));
        assert!(b.events.try_recv().is_err());
        drop(a);
        assert_eq!(hub.subscribers(&key("a")), 0);
        drop(b);
        assert_eq!(hub.subscribers(&key("b")), 0);
    }

    #[tokio::test]
    async fn a_subscriber_that_falls_behind_is_dropped() {
        let hub = Hub::default();
        let mut slow = hub.subscribe(&key("a"));
        for _ in 0..=QUEUE {
            hub.publish(&key("a"), Event::Typing(true));
        }
        assert_eq!(hub.subscribers(&key("a")), 0);
        let mut received = 0;
        while slow.events.recv().await.is_some() {
            received += 1;
        }
        assert_eq!(received, QUEUE, "the queue drains, then the feed ends");
    }
}
