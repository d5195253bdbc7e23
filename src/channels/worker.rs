//! The channels' use cases: accept a webhook delivery (verify, store, acknowledge), answer what
//! the inbox holds, deliver what the outbox holds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{Notify, mpsc};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::queue::ChannelQueue;
use super::{Inbound, Outbound, Platform, Poller, PushReceiver, Refused, SendError, Sender};
use crate::conversation::{Conversations, Unknown};
use crate::domain::{ConversationId, Language, ShopId, now_ms};
use crate::telemetry::events;

#[derive(Debug, thiserror::Error)]
pub enum AcceptError {
    #[error("no connector for this platform")]
    UnknownPlatform,
    #[error(transparent)]
    Refused(#[from] Refused),
    #[error("the delivery cannot be stored now: {0}")]
    Storage(String),
}

/// How the outbox tries again.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// The wait after the first failure; it doubles after each.
    pub base: Duration,
    /// The longest wait between two attempts.
    pub max: Duration,
}

impl Retry {
    fn after(&self, attempts: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempts.saturating_sub(1).min(20));
        self.base.saturating_mul(factor).min(self.max)
    }
}

/// Where orders a platform reports go: the shop's order source. (`Ingestor` implements it.)
#[async_trait::async_trait]
pub trait OrderUpdates: Send + Sync {
    /// Adds the order or replaces the one with its id, or records a shipment of a known order;
    /// answered from at once.
    async fn update_order(&self, shop: &ShopId, update: super::OrderUpdate) -> Result<(), String>;
}

pub struct Channels {
    queue: Arc<dyn ChannelQueue>,
    orders: Arc<dyn OrderUpdates>,
    pollers: Vec<Arc<dyn Poller>>,
    poll_interval: Duration,
    conversations: Arc<Conversations>,
    receivers: HashMap<Platform, Arc<dyn PushReceiver>>,
    senders: HashMap<Platform, Arc<dyn Sender>>,
    retry: Retry,
    new_messages: mpsc::UnboundedSender<Inbound>,
    received: Mutex<Option<mpsc::UnboundedReceiver<Inbound>>>,
    outbox_ready: Notify,
    /// When each (platform, shop) may send next.
    next_send: Mutex<HashMap<(Platform, ShopId), Instant>>,
    /// The (platform, shop) lines with a send under way: the outbox goes on with the others.
    sending: Mutex<std::collections::HashSet<(Platform, ShopId)>>,
}

/// Channel messages answered at once (turns are CPU work on a small machine).
const CONCURRENT_TURNS: usize = 2;

/// What a lane does with each message (`Channels::answer`; a stand-in in tests).
type Answer = Arc<dyn Fn(Inbound) -> futures_util::future::BoxFuture<'static, ()> + Send + Sync>;

/// A platform conversation: its shop, its platform and the platform's id for it.
type LaneKey = (ShopId, Platform, String);

/// The inbox's lanes, one per conversation: each answers its conversation's messages in order,
/// while other conversations — of the same shop or another — go on beside it (one slow turn
/// holds up only its own conversation); at most `CONCURRENT_TURNS` are answered at once. A lane
/// ends when its conversation has nothing waiting.
struct Lanes {
    answer: Answer,
    tracker: TaskTracker,
    stop: CancellationToken,
    turns: Arc<tokio::sync::Semaphore>,
    open: Arc<Mutex<HashMap<LaneKey, mpsc::UnboundedSender<Inbound>>>>,
}

impl Lanes {
    fn new(answer: Answer, tracker: TaskTracker, stop: CancellationToken) -> Lanes {
        let turns = Arc::new(tokio::sync::Semaphore::new(CONCURRENT_TURNS));
        Lanes { answer, tracker, stop, turns, open: Arc::default() }
    }

    fn push(&self, message: Inbound) {
        let key = (message.shop.clone(), message.platform, message.conversation.clone());
        let mut open = self.open.lock().expect("lanes");
        let message = match open.get(&key) {
            Some(lane) => match lane.send(message) {
                Ok(()) => return,
                // The lane has just ended: open a new one.
                Err(mpsc::error::SendError(message)) => message,
            },
            None => message,
        };
        let (send, receive) = mpsc::unbounded_channel();
        let _first = send.send(message);
        open.insert(key.clone(), send);
        drop(open);
        let lane =
            Lane { key, receive, open: self.open.clone(), answer: self.answer.clone(), turns: self.turns.clone() };
        self.tracker.spawn(lane.run(self.stop.clone()));
    }
}

/// One conversation's lane.
struct Lane {
    key: LaneKey,
    receive: mpsc::UnboundedReceiver<Inbound>,
    open: Arc<Mutex<HashMap<LaneKey, mpsc::UnboundedSender<Inbound>>>>,
    answer: Answer,
    turns: Arc<tokio::sync::Semaphore>,
}

impl Lane {
    async fn run(mut self, stop: CancellationToken) {
        while let Some(message) = self.next() {
            let turn = tokio::select! {
                () = stop.cancelled() => return,
                turn = self.turns.acquire() => turn,
            };
            let Ok(_turn) = turn else { return };
            (self.answer)(message).await;
        }
    }

    /// The next message waiting; none, and the lane closes — decided under the lanes' lock, so
    /// a message pushed meanwhile is either taken here or opens a new lane.
    fn next(&mut self) -> Option<Inbound> {
        if let Ok(message) = self.receive.try_recv() {
            return Some(message);
        }
        let mut open = self.open.lock().expect("lanes");
        match self.receive.try_recv() {
            Ok(message) => Some(message),
            Err(_) => {
                open.remove(&self.key);
                None
            }
        }
    }
}

/// Replies taken from the outbox per round.
const ROUND: usize = 64;
/// How often the outbox looks for replies that have come due.
const TICK: Duration = Duration::from_millis(200);

/// The platforms kefu speaks to: who pushes deliveries, who takes replies, who is polled (and
/// how often).
pub struct Platforms {
    pub receivers: Vec<Arc<dyn PushReceiver>>,
    pub senders: Vec<Arc<dyn Sender>>,
    pub pollers: Vec<Arc<dyn Poller>>,
    pub poll_interval: Duration,
}

impl Channels {
    pub fn new(
        queue: Arc<dyn ChannelQueue>,
        orders: Arc<dyn OrderUpdates>,
        conversations: Arc<Conversations>,
        platforms: Platforms,
        retry: Retry,
    ) -> Channels {
        let Platforms { receivers, senders, pollers, poll_interval } = platforms;
        let (new_messages, received) = mpsc::unbounded_channel();
        Channels {
            queue,
            orders,
            pollers,
            poll_interval,
            conversations,
            receivers: receivers.into_iter().map(|c| (c.platform(), c)).collect(),
            senders: senders.into_iter().map(|c| (c.platform(), c)).collect(),
            retry,
            new_messages,
            received: Mutex::new(Some(received)),
            outbox_ready: Notify::new(),
            next_send: Mutex::default(),
            sending: Mutex::default(),
        }
    }

    /// A platform's subscription check; `None` when the platform has none.
    pub fn handshake(&self, platform: &str, query: &[(String, String)]) -> Option<Result<String, Refused>> {
        self.receivers.get(&Platform::parse(platform)?)?.handshake(query)
    }

    /// Verifies a delivery, stores its new messages and hands them to the worker; returns how
    /// many were new (a redelivery stores nothing). Fast: the answer is written later.
    #[tracing::instrument(skip_all, fields(platform = %platform))]
    pub async fn accept(
        &self,
        platform: &str,
        headers: &[(String, String)],
        body: &[u8],
    ) -> Result<usize, AcceptError> {
        let platform = Platform::parse(platform).ok_or(AcceptError::UnknownPlatform)?;
        let receiver = self.receivers.get(&platform).ok_or(AcceptError::UnknownPlatform)?;
        let received = receiver.receive(headers, body, self.conversations.shops())?;
        let storage = |e: crate::domain::StorageError| AcceptError::Storage(e.to_string());
        let seen = match &received.delivery_id {
            Some(id) => self.queue.delivery_seen(platform, id).await.map_err(storage)?,
            None => false,
        };
        if !seen {
            for (shop, order) in received.orders {
                self.orders.update_order(&shop, order).await.map_err(AcceptError::Storage)?;
            }
            if let Some(id) = &received.delivery_id {
                self.queue.delivery_applied(platform, id).await.map_err(storage)?;
            }
        }
        let mut fresh = 0;
        for message in received.messages {
            if self.queue.receive(&message).await.map_err(|e| AcceptError::Storage(e.to_string()))? {
                fresh += 1;
                let _worker_gone = self.new_messages.send(message);
            }
        }
        Ok(fresh)
    }

    /// Starts the inbox and outbox workers; they stop when `shutdown` is cancelled. Messages
    /// and replies left from before a restart are taken up first.
    pub fn spawn(self: &Arc<Self>, tracker: &TaskTracker, shutdown: CancellationToken) {
        let Some(mut received) = self.received.lock().expect("channels").take() else { return };
        let inbox = self.clone();
        let stop = shutdown.clone();
        let lanes_tracker = tracker.clone();
        tracker.spawn(async move {
            // One lane per conversation: its messages are answered in order, and a slow turn or
            // one shop's flood waits in its own lanes while the others go on.
            let answering = inbox.clone();
            let answer: Answer = Arc::new(move |message| {
                let channels = answering.clone();
                Box::pin(async move { channels.answer(&message).await })
            });
            let lanes = Lanes::new(answer, lanes_tracker, stop.clone());
            match inbox.queue.pending().await {
                Ok(left) => left.into_iter().for_each(|message| lanes.push(message)),
                Err(err) => tracing::error!(error.message = %err, "cannot read the channel inbox"),
            }
            loop {
                tokio::select! {
                    () = stop.cancelled() => return,
                    next = received.recv() => match next {
                        Some(message) => lanes.push(message),
                        None => return,
                    },
                }
            }
        });
        if !self.pollers.is_empty() {
            let polling = self.clone();
            let stop = shutdown.clone();
            tracker.spawn(async move {
                loop {
                    polling.poll_round().await;
                    tokio::select! {
                        () = stop.cancelled() => return,
                        () = tokio::time::sleep(polling.poll_interval) => {}
                    }
                }
            });
        }
        let outbox = self.clone();
        let senders = tracker.clone();
        tracker.spawn(async move {
            loop {
                outbox.deliver_due(&senders).await;
                tokio::select! {
                    () = shutdown.cancelled() => return,
                    () = outbox.outbox_ready.notified() => {}
                    () = tokio::time::sleep(TICK) => {}
                }
            }
        });
    }

    /// One round over every shop on a platform without push: new buyer messages into the inbox
    /// (de-duplicated as pushed ones are), then the shop's cursor moves on.
    async fn poll_round(&self) {
        let shops = self.conversations.shops();
        for id in shops.ids() {
            let Some(shop) = shops.get(&id) else { continue };
            for poller in self.pollers.iter().filter(|p| p.polls(&shop)) {
                let platform = poller.platform();
                let cursor = match self.queue.cursor(&id, platform).await {
                    Ok(cursor) => cursor,
                    Err(err) => {
                        tracing::error!(error.message = %err, "cannot read a polling cursor");
                        continue;
                    }
                };
                let (messages, next) = match poller.poll(&shop, cursor.as_deref()).await {
                    Ok(polled) => polled,
                    Err(err) => {
                        tracing::warn!(platform = platform.as_str(), shop = %id, error.message = %err, "polling failed; next round");
                        continue;
                    }
                };
                let mut stored = true;
                for message in messages {
                    match self.queue.receive(&message).await {
                        Ok(true) => {
                            let _worker_gone = self.new_messages.send(message);
                        }
                        Ok(false) => {}
                        Err(err) => {
                            tracing::error!(error.message = %err, "a polled message cannot be stored; the cursor stays");
                            stored = false;
                        }
                    }
                }
                if let Some(next) = next.filter(|_| stored)
                    && let Err(err) = self.queue.set_cursor(&id, platform, &next).await
                {
                    tracing::error!(error.message = %err, "cannot store a polling cursor");
                }
            }
        }
    }

    /// Answers one buyer message like any other channel's and puts the reply in the outbox.
    #[tracing::instrument(skip_all, fields(platform = message.platform.as_str(), shop = %message.shop, conversation = %message.conversation))]
    async fn answer(&self, message: &Inbound) {
        if let Err(err) = self.try_answer(message).await {
            tracing::error!(platform = message.platform.as_str(), shop = %message.shop, error.message = %err,
                "a channel message could not be answered; it stays in the inbox for the next start");
        }
    }

    async fn try_answer(&self, message: &Inbound) -> anyhow::Result<()> {
        let id = conversation_id(message);
        let locale = message.locale.as_deref().and_then(Language::parse);
        let opened = self.conversations.open(&message.shop, Some(id), locale.clone(), Unknown::Create).await?;
        let client_msg_id = short(&message.message_id);
        let appended = self
            .conversations
            .submit_from(
                &opened.key,
                &client_msg_id,
                &message.text,
                &message.attachments,
                message.context.as_ref(),
                locale,
                message.sender.as_deref(),
            )
            .await?;
        self.queue.link(&opened.key, message.platform, &message.conversation).await?;
        // The reply (or the hand-off notice) enters the outbox in the write that stores it.
        if self.conversations.answer(&opened.key, appended.seq).await?.is_some() {
            self.outbox_ready.notify_one();
        }
        self.queue.answered(message).await?;
        Ok(())
    }

    /// One round of the outbox: every reply that is due and whose platform and shop may send.
    async fn deliver_due(self: &Arc<Self>, tracker: &TaskTracker) {
        let due = match self.queue.due(now_ms(), ROUND).await {
            Ok(due) => due,
            Err(err) => {
                tracing::error!(error.message = %err, "cannot read the outbox");
                return;
            }
        };
        // Each platform and shop is its own line: a slow reply URL or a platform's outage holds
        // up only its own shop's replies; the lines are sent at the same time.
        let mut lines: Vec<((Platform, ShopId), Vec<Outbound>)> = Vec::new();
        let busy =
            |reply: &Outbound| self.sending.lock().expect("sending").contains(&(reply.platform, reply.shop.clone()));
        for reply in due.into_iter().filter(|reply| !busy(reply) && self.may_send(reply)) {
            let line = (reply.platform, reply.shop.clone());
            match lines.iter_mut().find(|(key, _)| *key == line) {
                Some((_, replies)) => replies.push(reply),
                None => lines.push((line, vec![reply])),
            }
        }
        for (line, replies) in lines {
            self.sending.lock().expect("sending").insert(line.clone());
            let channels = self.clone();
            tracker.spawn(async move {
                for reply in replies {
                    channels.deliver(reply).await;
                }
                channels.sending.lock().expect("sending").remove(&line);
                channels.outbox_ready.notify_one();
            });
        }
    }

    #[tracing::instrument(skip_all, fields(platform = reply.platform.as_str(), shop = %reply.shop, conversation = %reply.conversation, outbox = reply.id))]
    async fn deliver(&self, reply: Outbound) {
        let outcome = self.send(&reply).await;
        let platform = reply.platform.as_str();
        let stored = match outcome {
            Ok(()) => {
                events::delivery(platform, "delivered", reply.attempts + 1, None);
                self.queue.delivered(reply.id).await
            }
            Err((err, pieces_sent)) => {
                let attempts = reply.attempts + 1;
                let (next_at_ms, outcome) = match &err {
                    SendError::Retry(_) => (now_ms() + self.retry.after(attempts).as_millis() as u64, "retry"),
                    SendError::Permanent(_) => (u64::MAX, "failed"),
                };
                let last_error = Some(err.to_string());
                events::delivery(platform, outcome, attempts, last_error.as_deref());
                self.queue.save(&Outbound { attempts, next_at_ms, last_error, pieces_sent, ..reply }).await
            }
        };
        if let Err(err) = stored {
            tracing::error!(error.message = %err, "cannot update the outbox");
        }
    }

    /// Sends the reply's pieces the platform does not have yet, at the platform's pace; on a
    /// failure, how many it has now.
    async fn send(&self, reply: &Outbound) -> Result<(), (SendError, u32)> {
        let failed = |err: SendError| (err, reply.pieces_sent);
        let connector =
            self.senders.get(&reply.platform).ok_or_else(|| failed(SendError::Permanent("no sender".into())))?;
        let shop = self
            .conversations
            .shop(&reply.shop)
            .ok_or_else(|| failed(SendError::Retry("the shop is not loaded".into())))?;
        let pieces = connector.pieces(&reply.text);
        for (n, piece) in pieces.iter().enumerate().skip(reply.pieces_sent as usize) {
            if n > reply.pieces_sent as usize {
                tokio::time::sleep(connector.pace(&shop)).await;
            }
            let one = Outbound { text: piece.clone(), ..reply.clone() };
            connector.send(&shop, &one).await.map_err(|err| (err, n as u32))?;
        }
        Ok(())
    }

    /// Keeps each platform's pace per shop: one send per `Sender::pace`.
    fn may_send(&self, reply: &Outbound) -> bool {
        let Some(connector) = self.senders.get(&reply.platform) else { return true };
        let Some(shop) = self.conversations.shop(&reply.shop) else { return true };
        let mut next = self.next_send.lock().expect("pace");
        let now = Instant::now();
        let slot = next.entry((reply.platform, reply.shop.clone())).or_insert(now);
        if *slot > now {
            return false;
        }
        *slot = now + connector.pace(&shop);
        true
    }
}

/// The kefu conversation of a platform conversation: readable when the platform's id allows,
/// else a digest of it.
fn conversation_id(message: &Inbound) -> ConversationId {
    platform_conversation_id(message.platform, &message.conversation)
}

/// The kefu conversation a platform's conversation is kept as: `<platform>.<its id>`, or a
/// digest of its id when that is not a valid conversation id.
pub fn platform_conversation_id(platform: Platform, conversation: &str) -> ConversationId {
    let readable = format!("{}.{}", platform.as_str(), conversation);
    ConversationId::parse(&readable).unwrap_or_else(|_| {
        let digest = crate::crypto::hmac_hex(platform.as_str().as_bytes(), conversation.as_bytes());
        ConversationId::parse(&format!("{}.{}", platform.as_str(), &digest[..40])).expect("a valid id")
    })
}

/// A client message id from a platform's message id (at most 64 characters).
fn short(message_id: &str) -> String {
    if message_id.chars().count() <= 64 && !message_id.chars().any(char::is_control) {
        return message_id.to_owned();
    }
    crate::crypto::hmac_hex(b"message", message_id.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inbound(conversation: &str, message_id: &str) -> Inbound {
        Inbound {
            platform: Platform::Generic,
            shop: ShopId::parse("s").unwrap(),
            conversation: conversation.into(),
            message_id: message_id.into(),
            text: "hi".into(),
            attachments: vec![],
            locale: None,
            at_ms: 0,
            context: None,
            sender: None,
        }
    }

    /// A slow turn holds up only its own conversation: another conversation of the same shop is
    /// answered meanwhile, and each conversation's messages are answered in the order they came.
    #[tokio::test]
    async fn a_slow_turn_holds_up_only_its_own_conversation() {
        let answered = Arc::new(Mutex::new(Vec::new()));
        let release = Arc::new(Notify::new());
        let (record, gate) = (answered.clone(), release.clone());
        let answer: Answer = Arc::new(move |message: Inbound| {
            let (record, gate) = (record.clone(), gate.clone());
            Box::pin(async move {
                if message.message_id == "a1" {
                    gate.notified().await;
                }
                record.lock().unwrap().push(message.message_id);
            })
        });
        let tracker = TaskTracker::new();
        let lanes = Lanes::new(answer, tracker.clone(), CancellationToken::new());
        for (conversation, id) in [("a", "a1"), ("a", "a2"), ("b", "b1"), ("b", "b2")] {
            lanes.push(inbound(conversation, id));
        }
        let seen = |n: usize| {
            let answered = answered.clone();
            async move {
                while answered.lock().unwrap().len() < n {
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
            }
        };
        tokio::time::timeout(Duration::from_secs(10), seen(2)).await.expect("b is answered while a waits");
        assert_eq!(*answered.lock().unwrap(), ["b1", "b2"], "a2 waits behind a1");
        release.notify_one();
        tokio::time::timeout(Duration::from_secs(10), seen(4)).await.expect("a goes on once a1 is done");
        assert_eq!(*answered.lock().unwrap(), ["b1", "b2", "a1", "a2"]);
        // Every lane closed once its conversation had nothing waiting; a new message opens one.
        tokio::time::timeout(Duration::from_secs(10), async {
            while !lanes.open.lock().unwrap().is_empty() {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
        .await
        .expect("idle lanes close");
        lanes.push(inbound("a", "a3"));
        tokio::time::timeout(Duration::from_secs(10), seen(5)).await.expect("a new lane answers");
    }

    #[test]
    fn retries_back_off_to_a_ceiling() {
        let retry = Retry { base: Duration::from_millis(500), max: Duration::from_secs(60) };
        let waits: Vec<u64> = (1..=9).map(|n| retry.after(n).as_millis() as u64).collect();
        assert_eq!(waits, [500, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    }

    #[test]
    fn platform_conversations_get_kefu_ids() {
        let message = |conversation: &str| inbound(conversation, "m");
        assert_eq!(conversation_id(&message("c-42")).as_str(), "generic.c-42");
        let odd = conversation_id(&message("a b/c?d"));
        assert!(odd.as_str().starts_with("generic.") && odd.as_str().len() <= 64, "{}", odd.as_str());
        assert_eq!(odd, conversation_id(&message("a b/c?d")), "the same platform conversation, the same id");
    }
}
