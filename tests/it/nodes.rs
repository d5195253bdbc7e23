//! Several kefu nodes on one PostgreSQL and one Redis (`storage.backend = "postgres"`,
//! `hub.backend = "redis"`): a conversation moves between nodes whole, a reply made on one
//! reaches a socket on another, the console on one sees a hand-off made on another, and a node
//! killed mid-stream loses nothing a buyer was told was received.
//!
//! The servers come from `KEFU_TEST_POSTGRES_URL` and `KEFU_TEST_REDIS_URL` (scripts/test.sh
//! starts both); each test gets a database and a Redis key prefix of its own. Without the
//! servers these tests are skipped, unless `KEFU_TEST_REQUIRE_SERVERS=1` (CI), which fails them.

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use kefu::app::Application;
use kefu::config::{HubBackend, Secret, Settings, StorageBackend};
use kefu::domain::ShopId;
use kefu::ingestion::Ingestor;
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

use crate::support::{PATIENCE, TestApp, Widget, fixtures, shared_embedder, test_settings};

/// One PostgreSQL database and one Redis prefix, shared by the nodes of one test.
pub struct Cluster {
    pub database_url: String,
    pub redis_url: String,
    pub prefix: String,
}

impl Cluster {
    /// A fresh database on the test server; `None` when no servers are configured.
    pub async fn new() -> Option<Cluster> {
        let (Some(postgres), Some(redis)) = (var("KEFU_TEST_POSTGRES_URL"), var("KEFU_TEST_REDIS_URL")) else {
            assert!(
                std::env::var("KEFU_TEST_REQUIRE_SERVERS").as_deref() != Ok("1"),
                "KEFU_TEST_REQUIRE_SERVERS=1 but KEFU_TEST_POSTGRES_URL or KEFU_TEST_REDIS_URL is not set"
            );
            eprintln!("SKIPPED: set KEFU_TEST_POSTGRES_URL and KEFU_TEST_REDIS_URL (scripts/servers.sh start)");
            return None;
        };
        let name = format!("kefu_it_{}", uuid::Uuid::new_v4().simple());
        let options = sqlx::postgres::PgConnectOptions::from_str(&postgres).expect("KEFU_TEST_POSTGRES_URL");
        let admin = sqlx::PgPool::connect_with(options).await.expect("the test PostgreSQL answers");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&admin).await.unwrap();
        admin.close().await;
        let (server, _) = postgres.rsplit_once('/').expect("a URL ending in /DATABASE");
        Some(Cluster { database_url: format!("{server}/{name}"), redis_url: redis, prefix: name })
    }

    /// Settings for one node of this cluster, with `data` as its (unused) data directory.
    pub fn settings(&self, data: &Path) -> Settings {
        let mut settings = test_settings(data);
        settings.storage.backend = StorageBackend::Postgres;
        settings.storage.postgres.url = Secret::new(&self.database_url);
        settings.hub.backend = HubBackend::Redis;
        settings.hub.redis.url = Secret::new(&self.redis_url);
        settings.hub.redis.prefix = self.prefix.clone();
        settings
    }

    /// The same settings as `kefu serve`'s environment.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("KEFU__STORAGE__BACKEND", "postgres".into()),
            ("KEFU__STORAGE__POSTGRES__URL", self.database_url.clone()),
            ("KEFU__HUB__BACKEND", "redis".into()),
            ("KEFU__HUB__REDIS__URL", self.redis_url.clone()),
            ("KEFU__HUB__REDIS__PREFIX", self.prefix.clone()),
        ]
    }

    /// A node in this process, serving on 127.0.0.1:0.
    pub async fn node(&self, adjust: impl FnOnce(&mut Settings)) -> (TestApp, Arc<Ingestor>) {
        let data = tempfile::tempdir().unwrap();
        let mut settings = self.settings(data.path());
        adjust(&mut settings);
        let app = Application::build_with(settings, shared_embedder()).await.expect("the node builds");
        let ingestor = app.ingestor();
        let addr = app.local_addr();
        let stop = CancellationToken::new();
        let handle = tokio::spawn(app.run_until_stopped(stop.clone().cancelled_owned()));
        (TestApp { addr, clock: kefu::domain::Clock::System, stop, handle, _data: data }, ingestor)
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Waits until `ingestor`'s node serves `shop` (another node ingested it).
pub async fn until_served(ingestor: &Ingestor, shop: &str) {
    let shop = ShopId::parse(shop).unwrap();
    tokio::time::timeout(PATIENCE, async {
        while ingestor.shops.get(&shop).is_none() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .unwrap_or_else(|_| panic!("the other node never learned of {shop}"));
}

/// Every frame up to and including the one carrying `seq`, replayed on resume.
async fn replay(widget: &mut Widget, last_seq: u64) -> Vec<Value> {
    let mut frames = Vec::new();
    let mut seen = 0;
    while seen < last_seq {
        let frame = widget.recv().await;
        if let Some(seq) = frame["seq"].as_u64()
            && frame["type"] != "reply_delta"
        {
            assert!(seq > seen, "entries arrive in seq order, once: {seq} after {seen}");
            seen = seq;
            frames.push(frame);
        }
    }
    frames
}

#[tokio::test]
async fn a_conversation_begun_on_one_node_resumes_on_the_other_whole_and_in_order() {
    let Some(cluster) = Cluster::new().await else { return };
    let (a, a_ingestor) = cluster.node(|_| {}).await;
    let (b, b_ingestor) = cluster.node(|_| {}).await;
    // Ingested on A only: B learns of the shop through Redis and loads it from PostgreSQL.
    a_ingestor.ingest(&ShopId::parse("test-shop").unwrap(), &fixtures().join("test-shop")).await.unwrap();
    until_served(&b_ingestor, "test-shop").await;

    let mut on_a = a.widget("test-shop").await;
    let id = on_a.hello(json!({})).await["conversation_id"].as_str().unwrap().to_owned();
    on_a.message("m1", "How long does shipping to Germany take?").await;
    let reply = on_a.recv_until_turn_end().await.pop().unwrap();
    assert_eq!((reply["type"].as_str(), reply["seq"].as_u64()), (Some("reply"), Some(2)), "{reply}");
    drop(on_a);

    let mut on_b = b.widget("test-shop").await;
    let welcome = on_b.hello(json!({"conversation_id": id, "last_seq": 0})).await;
    assert_eq!((welcome["resumed"].as_bool(), welcome["last_seq"].as_u64()), (Some(true), Some(2)), "{welcome}");
    replay(&mut on_b, 2).await;
    on_b.message("m2", "And to France?").await;
    let reply = on_b.recv_until_turn_end().await.pop().unwrap();
    assert_eq!((reply["seq"].as_u64(), reply["reply_to"].as_u64()), (Some(4), Some(3)), "{reply}");
    // A resend of m1 through B is recognised, not stored again.
    on_b.message("m1", "How long does shipping to Germany take?").await;
    let ack = on_b.recv_until("ack").await.pop().unwrap();
    assert_eq!(ack["seq"].as_u64(), Some(1), "{ack}");
    drop(on_b);

    let mut again = a.widget("test-shop").await;
    let welcome = again.hello(json!({"conversation_id": id, "last_seq": 0})).await;
    assert_eq!(welcome["last_seq"].as_u64(), Some(4), "{welcome}");
    let kinds: Vec<String> =
        replay(&mut again, 4).await.iter().map(|f| f["type"].as_str().unwrap().to_owned()).collect();
    assert_eq!(kinds, ["ack", "reply", "ack", "reply"], "every entry once, in order");
    a.shutdown().await;
    b.shutdown().await;
}

#[tokio::test]
async fn a_reply_made_on_one_node_reaches_a_socket_of_the_conversation_on_another_live() {
    let Some(cluster) = Cluster::new().await else { return };
    let (a, a_ingestor) = cluster.node(|_| {}).await;
    let (b, b_ingestor) = cluster.node(|_| {}).await;
    a_ingestor.ingest(&ShopId::parse("test-shop").unwrap(), &fixtures().join("test-shop")).await.unwrap();
    until_served(&b_ingestor, "test-shop").await;

    let mut on_a = a.widget("test-shop").await;
    let id = on_a.hello(json!({})).await["conversation_id"].as_str().unwrap().to_owned();
    on_a.message("m1", "hello").await;
    on_a.recv_until_turn_end().await;
    // The same buyer in a second tab, whose socket lands on node B.
    let mut on_b = b.widget("test-shop").await;
    on_b.hello(json!({"conversation_id": id, "last_seq": 2})).await;
    on_b.message("m2", "How long does shipping to Germany take?").await;
    let on_b_frames = on_b.recv_until_turn_end().await;
    let reply = on_b_frames.last().unwrap();
    assert_eq!((reply["type"].as_str(), reply["reply_to"].as_u64()), (Some("reply"), Some(3)), "{reply}");

    // Node A's socket sees the buyer's message and B's reply as they are stored.
    let frames = on_a.recv_until_turn_end().await;
    let stored: Vec<(String, u64)> = frames
        .iter()
        .filter(|f| f["type"] != "reply_delta" && f["seq"].is_u64())
        .map(|f| (f["type"].as_str().unwrap().to_owned(), f["seq"].as_u64().unwrap()))
        .collect();
    assert_eq!(stored, [("ack".to_owned(), 3), ("reply".to_owned(), 4)], "{frames:?}");
    assert_eq!(frames.last().unwrap()["text"], reply["text"]);
    a.shutdown().await;
    b.shutdown().await;
}

#[tokio::test]
async fn the_console_on_one_node_sees_live_a_handoff_made_on_another() {
    use crate::console::next_of;
    use crate::drivers::Running;
    let Some(cluster) = Cluster::new().await else { return };
    let (a, a_ingestor) = cluster.node(|_| {}).await;
    let (b, b_ingestor) = cluster.node(|_| {}).await;
    a_ingestor.ingest(&ShopId::parse("test-shop").unwrap(), &fixtures().join("test-shop")).await.unwrap();
    until_served(&b_ingestor, "test-shop").await;
    a.admin().add_agent("alice", "shop_admin", &["test-shop"]).await;
    let alice = a.console("alice").await;
    let mut live =
        Widget::connect_to(a.addr, "/v1/console/ws", &[("Authorization", alice.authorization())]).await.unwrap();
    assert_eq!(next_of(&mut live, "queue").await["items"], json!([]));

    let mut buyer = b.widget("test-shop").await;
    let conversation = buyer.hello(json!({})).await["conversation_id"].as_str().unwrap().to_owned();
    buyer.message("m1", "I want to talk to a human agent please").await;
    buyer.recv_until("handoff").await;
    let handoff = next_of(&mut live, "handoff").await;
    assert_eq!(handoff["item"]["conversation"], conversation.as_str());
    assert_eq!(handoff["item"]["reason"], "human_request");
    // A login made on A holds on B: sessions live in the shared database.
    let (status, queue) = b.key(alice.token()).get("/v1/console/queue").await;
    assert_eq!(status, 200, "{queue}");
    assert_eq!(queue["items"][0]["conversation"], conversation.as_str());
    a.shutdown().await;
    b.shutdown().await;
}

#[tokio::test]
async fn two_nodes_taking_the_same_channel_deliveries_never_reply_twice() {
    use crate::channels::{SECRET, deliver, fake_platform, replies_after};
    let Some(cluster) = Cluster::new().await else { return };
    let secrets = tempfile::tempdir().unwrap();
    crate::support::write_secret(secrets.path(), "chan-shop", "webhook", SECRET);
    let adjust = |s: &mut Settings| {
        s.outbound.allow_private = true;
        s.secrets.dir = secrets.path().join("secrets");
        s.channels.retry_base = Duration::from_millis(200);
    };
    let (a, a_ingestor) = cluster.node(adjust).await;
    let (b, b_ingestor) = cluster.node(adjust).await;
    let (platform, platform_addr) = fake_platform().await;
    let shop = tempfile::tempdir().unwrap();
    std::fs::copy(fixtures().join("test-shop/faq.md"), shop.path().join("faq.md")).unwrap();
    let toml = format!(
        "name = \"Channel Shop\"\ndefault_language = \"en\"\n\n[channels.generic]\nsecret = \"webhook\"\nreply_url = \"http://{platform_addr}/replies\"\nper_second = 100\n"
    );
    std::fs::write(shop.path().join("shop.toml"), toml).unwrap();
    a_ingestor.ingest(&ShopId::parse("chan-shop").unwrap(), shop.path()).await.unwrap();
    until_served(&b_ingestor, "chan-shop").await;

    // A platform that retries delivers each message to both nodes at once.
    const MESSAGES: usize = 12;
    let mut deliveries = Vec::new();
    for n in 0..MESSAGES {
        let body = json!({"conversation": format!("c-{}", n % 4), "message_id": format!("m-{n}"),
            "text": "Is the lamp shade cotton?"});
        for addr in [a.addr, b.addr] {
            let body = body.clone();
            deliveries.push(tokio::spawn(async move { deliver(&addr, &body, Some(SECRET)).await }));
        }
    }
    for delivery in deliveries {
        assert_eq!(delivery.await.unwrap(), 200);
    }
    let replies = replies_after(&platform, MESSAGES, Duration::from_secs(60)).await;
    assert_eq!(replies.len(), MESSAGES, "every message answered: {replies:?}");
    // Both outbox workers keep polling: nothing is sent a second time.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let replies = platform.replies.lock().unwrap().clone();
    let mut answered: Vec<&str> = replies.iter().map(|r| r["reply_to"].as_str().unwrap()).collect();
    answered.sort();
    answered.dedup();
    assert_eq!((replies.len(), answered.len()), (MESSAGES, MESSAGES), "one reply per message: {replies:?}");
    let mut deliveries: Vec<&str> = replies.iter().map(|r| r["delivery_id"].as_str().unwrap()).collect();
    deliveries.sort();
    deliveries.dedup();
    assert_eq!(deliveries.len(), MESSAGES, "each reply has its own delivery id: {replies:?}");
    a.shutdown().await;
    b.shutdown().await;
}

#[tokio::test]
async fn a_node_killed_while_a_buyer_sends_loses_nothing_acknowledged_and_answers_each_once() {
    use futures_util::{SinkExt, StreamExt};
    use std::collections::{BTreeMap, HashMap};
    use tokio_tungstenite::tungstenite::Message;

    let Some(cluster) = Cluster::new().await else { return };
    {
        let data = tempfile::tempdir().unwrap();
        let services = kefu::app::services(&cluster.settings(data.path()), shared_embedder()).await.unwrap();
        services.ingestor.ingest(&ShopId::parse("test-shop").unwrap(), &fixtures().join("test-shop")).await.unwrap();
    }
    let mut env: Vec<(&str, String)> = cluster.env();
    for (key, value) in [
        ("KEFU__CHAT__BURST", "100000"),
        ("KEFU__CHAT__MESSAGES_PER_MINUTE", "100000"),
        ("KEFU__CHAT__IP_BURST", "100000"),
        ("KEFU__CHAT__IP_MESSAGES_PER_MINUTE", "100000"),
    ] {
        env.push((key, value.to_owned()));
    }
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (data_a, data_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = crate::support::Server::start(data_a.path(), &env).await;
    let b = crate::support::Server::start(data_b.path(), &env).await;

    const SENT: usize = 40;
    let mut widget = Widget::connect(a.addr, "test-shop").await;
    let id = widget.hello(json!({})).await["conversation_id"].as_str().unwrap().to_owned();
    let (mut sink, mut stream) = widget.ws.split();
    let sender = tokio::spawn(async move {
        for i in 0..SENT {
            let frame = json!({"type": "message", "client_msg_id": format!("m{i:02}"), "text": format!("hello {i}")});
            if sink.send(Message::Text(frame.to_string().into())).await.is_err() {
                break;
            }
        }
    });
    let mut acked: Vec<(String, u64)> = Vec::new();
    while let Ok(Some(Ok(message))) = tokio::time::timeout(PATIENCE, stream.next()).await {
        let Message::Text(text) = message else { continue };
        let frame: Value = serde_json::from_str(&text).unwrap();
        if frame["type"] == "ack" {
            acked.push((frame["client_msg_id"].as_str().unwrap().to_owned(), frame["seq"].as_u64().unwrap()));
            if acked.len() == 12 {
                a.child.start_kill().unwrap(); // SIGKILL, turns and sends in flight
            }
        }
    }
    a.child.wait().await.unwrap();
    sender.abort();
    assert!(acked.len() >= 12, "node A acknowledged messages before it was killed");

    // The buyer's widget reconnects — to node B — and resends what was not acknowledged.
    let mut widget = Widget::connect(b.addr, "test-shop").await;
    let welcome = widget.hello(json!({"conversation_id": id, "last_seq": 0})).await;
    assert_eq!(welcome["resumed"], true, "{welcome}");
    let acked_ids: std::collections::HashSet<&str> = acked.iter().map(|(id, _)| id.as_str()).collect();
    for i in 0..SENT {
        let client_msg_id = format!("m{i:02}");
        if !acked_ids.contains(client_msg_id.as_str()) {
            widget.message(&client_msg_id, &format!("hello {i}")).await;
        }
    }
    // Until every stored message has its answer.
    let mut stored: BTreeMap<u64, String> = BTreeMap::new();
    let mut replies: HashMap<u64, usize> = HashMap::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    while stored.len() < SENT || stored.keys().any(|seq| !replies.contains_key(seq)) {
        let Ok(Some(Ok(message))) = tokio::time::timeout_at(deadline, widget.ws.next()).await else {
            panic!("not every message was answered: stored {stored:?}, answered {replies:?}");
        };
        let Message::Text(text) = message else { continue };
        let frame: Value = serde_json::from_str(&text).unwrap();
        match frame["type"].as_str() {
            Some("ack") => {
                stored.insert(frame["seq"].as_u64().unwrap(), frame["client_msg_id"].as_str().unwrap().to_owned());
            }
            Some("reply" | "handoff") => *replies.entry(frame["reply_to"].as_u64().unwrap()).or_default() += 1,
            _ => {}
        }
    }

    // The whole log, read back from node B.
    let mut reader = Widget::connect(b.addr, "test-shop").await;
    let last_seq = reader.hello(json!({"conversation_id": id, "last_seq": 0})).await["last_seq"].as_u64().unwrap();
    let log = replay(&mut reader, last_seq).await;
    let buyer: Vec<(String, u64)> = log
        .iter()
        .filter(|f| f["type"] == "ack")
        .map(|f| (f["client_msg_id"].as_str().unwrap().to_owned(), f["seq"].as_u64().unwrap()))
        .collect();
    let by_id: HashMap<&str, u64> = buyer.iter().map(|(id, seq)| (id.as_str(), *seq)).collect();
    assert_eq!((buyer.len(), by_id.len()), (SENT, SENT), "every message stored exactly once");
    for (client_msg_id, seq) in &acked {
        assert_eq!(by_id.get(client_msg_id.as_str()), Some(seq), "acknowledged {client_msg_id} is stored at its seq");
    }
    assert!(buyer.windows(2).all(|w| w[0].0 < w[1].0), "stored in the order sent: {buyer:?}");
    let mut answers: HashMap<u64, usize> = HashMap::new();
    for frame in log.iter().filter(|f| f["type"] == "reply" || f["type"] == "handoff") {
        *answers.entry(frame["reply_to"].as_u64().unwrap()).or_default() += 1;
    }
    for (client_msg_id, seq) in &buyer {
        assert_eq!(answers.get(seq), Some(&1), "{client_msg_id} (seq {seq}) has exactly one answer");
    }
    drop(b);
}

/// A Redis server of this test's own, so it can be stopped without touching other tests.
struct OwnRedis {
    child: tokio::process::Child,
    port: u16,
}

impl OwnRedis {
    async fn start(port: u16) -> OwnRedis {
        let child = tokio::process::Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &port.to_string(), "--save", "", "--appendonly", "no"])
            .stdout(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("redis-server runs (scripts/servers.sh installs it)");
        let client = redis::Client::open(format!("redis://127.0.0.1:{port}/")).unwrap();
        for _ in 0..100 {
            if let Ok(mut conn) = client.get_multiplexed_async_connection().await
                && redis::cmd("PING").query_async::<String>(&mut conn).await.is_ok()
            {
                return OwnRedis { child, port };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("redis-server on port {port} does not answer");
    }
}

#[tokio::test]
async fn after_redis_comes_back_a_socket_gets_what_another_node_said_meanwhile() {
    let Some(mut cluster) = Cluster::new().await else { return };
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let redis = OwnRedis::start(port).await;
    cluster.redis_url = format!("redis://127.0.0.1:{}/", redis.port);
    let (a, a_ingestor) = cluster.node(|_| {}).await;
    let (b, b_ingestor) = cluster.node(|_| {}).await;
    a_ingestor.ingest(&ShopId::parse("test-shop").unwrap(), &fixtures().join("test-shop")).await.unwrap();
    until_served(&b_ingestor, "test-shop").await;
    let mut on_a = a.widget("test-shop").await;
    let id = on_a.hello(json!({})).await["conversation_id"].as_str().unwrap().to_owned();
    on_a.message("m1", "hello").await;
    on_a.recv_until_turn_end().await;
    let mut on_b = b.widget("test-shop").await;
    on_b.hello(json!({"conversation_id": id, "last_seq": 2})).await;

    // Redis goes away; node B answers meanwhile and its events to node A are lost.
    let OwnRedis { mut child, port } = redis;
    child.kill().await.unwrap();
    on_b.message("m2", "How long does shipping to Germany take?").await;
    let reply = on_b.recv_until_turn_end().await.pop().unwrap();
    assert_eq!(reply["seq"].as_u64(), Some(4), "{reply}");
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Redis is back: node A's socket fills what it missed from the database.
    let _redis = OwnRedis::start(port).await;
    let frames = on_a.recv_until_turn_end().await;
    let stored: Vec<(String, u64)> = frames
        .iter()
        .filter(|f| f["seq"].is_u64() && f["type"] != "reply_delta")
        .map(|f| (f["type"].as_str().unwrap().to_owned(), f["seq"].as_u64().unwrap()))
        .collect();
    assert_eq!(stored, [("ack".to_owned(), 3), ("reply".to_owned(), 4)], "{frames:?}");
    a.shutdown().await;
    b.shutdown().await;
}
