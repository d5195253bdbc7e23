//! Redis Streams between kefu nodes (`hub.backend = "redis"`): the `Relay` of live events and
//! the `ChangeNotice` of knowledge changes.
//!
//! Keys start with `hub.redis.prefix` (`kefu` by default):
//! - `kefu:events:<shop>`: one stream per shop; each item is one event of one conversation
//!   (`node`, `conversation`, `event` as `Relayed` JSON). Stored entries carry their seq, so a
//!   socket that sees seq 7 after 5 fetches 6 from the database.
//! - `kefu:knowledge`: one item per change of a shop's knowledge (`node`, `shop`).
//!
//! Streams, not pub/sub: a node whose read was cut (a restart of Redis, a slow loop) reads on
//! from its last id instead of losing what was said meanwhile. Each stream is capped
//! (`XADD … MAXLEN ~ hub.redis.stream_length`); what falls off was already in the database.
//! Events go out through one writer task (in order, pipelined), so a turn never waits on
//! Redis; a node skips its own items when reading.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use redis::AsyncConnectionConfig;
use redis::aio::MultiplexedConnection;
use redis::streams::StreamReadReply;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::config::RedisSettings;
use crate::conversation::Conversations;
use crate::conversation::relay::{Relay, Relayed};
use crate::domain::{ConversationId, ConversationKey, ShopId};
use crate::ingestion::{ChangeNotice, Ingestor};

/// Events waiting for the writer; past this, new ones are dropped (and counted in the log).
const QUEUE: usize = 4096;
/// Items per XREAD and how long one waits for news.
const READ_COUNT: usize = 256;
const READ_BLOCK: Duration = Duration::from_millis(1000);
/// After a failed connection or command: how long before trying again.
const BACKOFF: Duration = Duration::from_millis(500);

#[derive(Debug, thiserror::Error)]
pub enum RedisError {
    #[error("hub.redis.url is not a Redis URL: {0}")]
    Url(redis::RedisError),
    #[error("cannot reach Redis at hub.redis.url: {0}; is the server running, and is the password right?")]
    Connect(redis::RedisError),
}

enum Outgoing {
    Event { key: ConversationKey, json: String },
    Knowledge { shop: ShopId },
}

/// This node's handle: what `Conversations` and `Ingestor` hand events to.
pub struct RedisRelay {
    queue: mpsc::Sender<Outgoing>,
}

/// The tasks that write to and read from Redis (`run`).
pub struct RedisWorker {
    client: redis::Client,
    node: String,
    queue: mpsc::Receiver<Outgoing>,
    stream_length: u64,
    keys: Keys,
}

/// The streams' names under the deployment's prefix.
#[derive(Clone)]
struct Keys {
    knowledge: String,
    /// Followed by the shop's id.
    events: String,
}

impl RedisRelay {
    /// Checks that Redis answers, then returns the handle and its worker (not yet running).
    pub async fn connect(settings: &RedisSettings) -> Result<(Arc<RedisRelay>, RedisWorker), RedisError> {
        let client = redis::Client::open(settings.url.expose()).map_err(RedisError::Url)?;
        let mut conn = connection(&client).await.map_err(RedisError::Connect)?;
        redis::cmd("PING").query_async::<String>(&mut conn).await.map_err(RedisError::Connect)?;
        let (tx, rx) = mpsc::channel(QUEUE);
        let worker = RedisWorker {
            client,
            node: uuid::Uuid::new_v4().simple().to_string(),
            queue: rx,
            stream_length: settings.stream_length,
            keys: Keys {
                knowledge: format!("{}:knowledge", settings.prefix),
                events: format!("{}:events:", settings.prefix),
            },
        };
        Ok((Arc::new(RedisRelay { queue: tx }), worker))
    }

    fn send(&self, item: Outgoing) {
        if self.queue.try_send(item).is_err() {
            tracing::warn!("the Redis relay's queue is full or closed: an event stays on this node");
        }
    }
}

impl Relay for RedisRelay {
    fn relay(&self, key: &ConversationKey, event: &Relayed) {
        match serde_json::to_string(event) {
            Ok(json) => self.send(Outgoing::Event { key: key.clone(), json }),
            Err(err) => tracing::error!(error.message = %err, "an event could not be written as JSON"),
        }
    }
}

impl ChangeNotice for RedisRelay {
    fn changed(&self, shop: &ShopId) {
        self.send(Outgoing::Knowledge { shop: shop.clone() });
    }
}

/// Tells running nodes that `shops` changed in the store (`kefu ingest` on a shared database),
/// so each reloads them.
pub async fn announce(settings: &RedisSettings, shops: &[ShopId]) -> Result<(), RedisError> {
    let client = redis::Client::open(settings.url.expose()).map_err(RedisError::Url)?;
    let mut conn = connection(&client).await.map_err(RedisError::Connect)?;
    let node = format!("cli-{}", uuid::Uuid::new_v4().simple());
    let stream = format!("{}:knowledge", settings.prefix);
    let mut pipe = redis::pipe();
    for shop in shops {
        pipe.cmd("XADD")
            .arg(&stream)
            .arg("MAXLEN")
            .arg("~")
            .arg(settings.stream_length)
            .arg("*")
            .arg("node")
            .arg(&node)
            .arg("shop")
            .arg(shop.as_str())
            .arg("kind")
            .arg("changed")
            .ignore();
    }
    pipe.query_async::<()>(&mut conn).await.map_err(RedisError::Connect)
}

impl RedisWorker {
    /// Writes this node's events and reads the others' until `shutdown`.
    pub async fn run(self, conversations: Arc<Conversations>, ingestor: Arc<Ingestor>, shutdown: CancellationToken) {
        let RedisWorker { client, node, queue, stream_length, keys } = self;
        let writer = write(client.clone(), node.clone(), queue, (stream_length, keys.clone()), shutdown.clone());
        let reader = read(client, (node, keys), conversations, ingestor, shutdown);
        tokio::join!(writer, reader);
    }
}

async fn connection(client: &redis::Client) -> redis::RedisResult<MultiplexedConnection> {
    // A blocking XREAD waits up to READ_BLOCK: the response timeout must be longer.
    let config = AsyncConnectionConfig::new()
        .set_connection_timeout(Some(Duration::from_secs(5)))
        .set_response_timeout(Some(READ_BLOCK + Duration::from_secs(5)));
    client.get_multiplexed_async_connection_with_config(&config).await
}

/// A new connection, or `None` (logged) while Redis cannot be reached.
async fn reconnect(client: &redis::Client) -> Option<MultiplexedConnection> {
    connection(client).await.map_err(|err| tracing::warn!(error.message = %err, "Redis: no connection")).ok()
}

/// Sends queued items in order, as many per round trip as are waiting.
async fn write(
    client: redis::Client,
    node: String,
    mut queue: mpsc::Receiver<Outgoing>,
    (stream_length, keys): (u64, Keys),
    shutdown: CancellationToken,
) {
    let mut conn: Option<MultiplexedConnection> = None;
    let mut batch = Vec::new();
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => return,
            received = queue.recv_many(&mut batch, 256) => if received == 0 { return },
        }
        let mut pipe = redis::pipe();
        for item in batch.drain(..) {
            let (stream, fields) = match item {
                Outgoing::Event { key, json } => (
                    format!("{}{}", keys.events, key.shop),
                    [("conversation", key.id.as_str().to_owned()), ("event", json)],
                ),
                Outgoing::Knowledge { shop } => {
                    (keys.knowledge.clone(), [("shop", shop.as_str().to_owned()), ("kind", "changed".to_owned())])
                }
            };
            pipe.cmd("XADD").arg(stream).arg("MAXLEN").arg("~").arg(stream_length).arg("*").arg("node").arg(&node);
            for (field, value) in fields {
                pipe.arg(field).arg(value);
            }
            pipe.ignore();
        }
        if conn.is_none() {
            conn = reconnect(&client).await;
        }
        let Some(open) = conn.as_mut() else {
            tracing::warn!("Redis is unreachable: these events stay on this node");
            tokio::time::sleep(BACKOFF).await;
            continue;
        };
        if let Err(err) = pipe.query_async::<()>(open).await {
            tracing::warn!(error.message = %err, "Redis: relaying events failed; they stay on this node");
            conn = None;
        }
    }
}

/// Reads every served shop's stream and the knowledge stream, and acts on other nodes' items.
async fn read(
    client: redis::Client,
    (node, keys): (String, Keys),
    conversations: Arc<Conversations>,
    ingestor: Arc<Ingestor>,
    shutdown: CancellationToken,
) {
    let mut conn: Option<MultiplexedConnection> = None;
    // Where each stream is read from: its last item seen, or the moment it was first read.
    let mut cursors: HashMap<String, String> = HashMap::new();
    loop {
        if shutdown.is_cancelled() {
            return;
        }
        if conn.is_none() {
            conn = reconnect(&client).await;
            if conn.is_some() && !cursors.is_empty() {
                // Back after an outage: what other nodes said meanwhile may be lost with it.
                conversations.resync().await;
            }
        }
        let Some(open) = conn.as_mut() else {
            tokio::select! { _ = shutdown.cancelled() => return, _ = tokio::time::sleep(BACKOFF) => continue }
        };
        let mut streams = vec![keys.knowledge.clone()];
        streams.extend(conversations.shops().ids().iter().map(|shop| format!("{}{shop}", keys.events)));
        if streams.iter().any(|s| !cursors.contains_key(s)) {
            // New streams are read from now, as Redis tells time, so nothing between two reads
            // falls in a gap.
            match redis::cmd("TIME").query_async::<(String, String)>(open).await {
                Ok((seconds, micros)) => {
                    let now_ms = seconds.parse::<u64>().unwrap_or(0) * 1000 + micros.parse::<u64>().unwrap_or(0) / 1000;
                    for stream in &streams {
                        cursors.entry(stream.clone()).or_insert_with(|| format!("{now_ms}-0"));
                    }
                }
                Err(err) => {
                    tracing::warn!(error.message = %err, "Redis: TIME failed");
                    conn = None;
                    continue;
                }
            }
        }
        let mut command = redis::cmd("XREAD");
        command.arg("COUNT").arg(READ_COUNT).arg("BLOCK").arg(READ_BLOCK.as_millis() as u64).arg("STREAMS");
        for stream in &streams {
            command.arg(stream);
        }
        for stream in &streams {
            command.arg(&cursors[stream]);
        }
        let reply = tokio::select! {
            _ = shutdown.cancelled() => return,
            reply = command.query_async::<Option<StreamReadReply>>(open) => reply,
        };
        let reply = match reply {
            Ok(Some(reply)) => reply,
            Ok(None) => continue,
            Err(err) => {
                tracing::warn!(error.message = %err, "Redis: reading the streams failed; reconnecting");
                conn = None;
                tokio::time::sleep(BACKOFF).await;
                continue;
            }
        };
        for stream in reply.keys {
            for item in stream.ids {
                cursors.insert(stream.key.clone(), item.id.clone());
                let field = |name: &str| item.map.get(name).and_then(|v| redis::from_redis_value_ref::<String>(v).ok());
                if field("node").as_deref() == Some(node.as_str()) {
                    continue;
                }
                if stream.key == keys.knowledge {
                    let Some(shop) = field("shop").and_then(|s| ShopId::parse(&s).ok()) else { continue };
                    let ingestor = ingestor.clone();
                    tokio::spawn(async move {
                        if let Err(err) = ingestor.reload(&shop).await {
                            tracing::error!(shop = %shop, error.message = %err, "reloading a shop another node changed failed");
                        }
                    });
                } else if let Some(shop) = stream.key.strip_prefix(&keys.events).and_then(|s| ShopId::parse(s).ok()) {
                    let id = field("conversation").and_then(|c| ConversationId::parse(&c).ok());
                    let event = field("event").and_then(|e| serde_json::from_str::<Relayed>(&e).ok());
                    if let (Some(id), Some(event)) = (id, event) {
                        conversations.deliver(&ConversationKey { shop, id }, event.into_event());
                    }
                }
            }
        }
    }
}
