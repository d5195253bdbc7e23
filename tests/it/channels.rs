//! Channels end to end with kefu as a child process: a fake platform receives replies at the
//! shop's reply URL and checks their signatures; deliveries are verified, de-duplicated,
//! answered, retried while the platform is down — also across a kefu restart.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

use crate::drivers::{Running, Webhook, eventually};
use crate::support::{Server, fixtures, http, run_kefu, write_secret};

pub(crate) const SECRET: &str = "a shared secret for the generic channel";

/// The platform's side: what reached its reply endpoint, and whether it is up.
#[derive(Default)]
pub(crate) struct Platform {
    pub(crate) replies: Mutex<Vec<Value>>,
    /// When each reply arrived.
    times: Mutex<Vec<std::time::Instant>>,
    attempts: Mutex<usize>,
    down: Mutex<bool>,
}

async fn reply_endpoint(
    State(platform): State<Arc<Platform>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    *platform.attempts.lock().unwrap() += 1;
    if *platform.down.lock().unwrap() {
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    let expected = format!("sha256={}", kefu::crypto::hmac_hex(SECRET.as_bytes(), &body));
    if headers.get("x-kefu-signature").and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
        return StatusCode::UNAUTHORIZED;
    }
    platform.replies.lock().unwrap().push(serde_json::from_slice(&body).unwrap());
    platform.times.lock().unwrap().push(std::time::Instant::now());
    StatusCode::NO_CONTENT
}

pub(crate) async fn fake_platform() -> (Arc<Platform>, SocketAddr) {
    let platform = Arc::new(Platform::default());
    let app = axum::Router::new().route("/replies", axum::routing::post(reply_endpoint)).with_state(platform.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (platform, addr)
}

/// A shop with the generic channel, its replies going to the fake platform, ingested into `data`.
async fn shop_with_channel(data: &Path, platform: SocketAddr) -> tempfile::TempDir {
    shop_with_rate(data, platform, 20).await
}

async fn shop_with_rate(data: &Path, platform: SocketAddr, per_second: u32) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixtures().join("test-shop/faq.md"), dir.path().join("faq.md")).unwrap();
    let toml = format!(
        "name = \"Channel Shop\"\ndefault_language = \"en\"\n\n[channels.generic]\nsecret = \"webhook\"\nreply_url = \"http://{platform}/replies\"\nper_second = {per_second}\n"
    );
    std::fs::write(dir.path().join("shop.toml"), toml).unwrap();
    let args = ["ingest", "--shop", "chan-shop", dir.path().to_str().unwrap(), "--data-dir", data.to_str().unwrap()];
    let (code, _, stderr) = run_kefu(&args, "").await;
    assert_eq!(code, 0, "{stderr}");
    write_secret(data, "chan-shop", "webhook", SECRET);
    dir
}

async fn start(data: &Path) -> Server {
    Server::start(data, &[("KEFU__CHANNELS__RETRY_BASE", "200ms"), ("KEFU__CHANNELS__RETRY_MAX", "1s")]).await
}

/// Delivers `body` to chan-shop's generic webhook signed with `secret` (none: unsigned); the
/// status.
pub(crate) async fn deliver(kefu: &impl Running, body: &Value, secret: Option<&str>) -> u16 {
    kefu.webhook(Webhook::Generic { shop: "chan-shop", secret }, body).await.0
}

pub(crate) async fn replies_after(platform: &Platform, count: usize, patience: Duration) -> Vec<Value> {
    eventually(patience, || platform.replies.lock().unwrap().len() >= count).await;
    platform.replies.lock().unwrap().clone()
}

#[tokio::test]
async fn a_signed_delivery_is_answered_once_and_a_forged_one_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let (platform, platform_addr) = fake_platform().await;
    let _shop = shop_with_channel(data.path(), platform_addr).await;
    let mut kefu = start(data.path()).await;

    let question = json!({"conversation": "c-1", "message_id": "m-1", "text": "Is the lamp shade cotton?"});
    assert_eq!(deliver(&kefu, &question, Some("not the secret")).await, 401, "forged");
    assert_eq!(deliver(&kefu, &question, None).await, 401, "unsigned");
    let (status, _, _) = http(kefu.addr, "POST", "/v1/webhooks/myspace", &[], Some(&question)).await;
    assert_eq!(status, 404, "no such platform");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(*platform.attempts.lock().unwrap(), 0, "nothing was stored, so nothing answered");

    assert_eq!(deliver(&kefu, &question, Some(SECRET)).await, 200);
    assert_eq!(deliver(&kefu, &question, Some(SECRET)).await, 200, "a redelivery is acknowledged too");
    let replies = replies_after(&platform, 1, Duration::from_secs(10)).await;
    assert_eq!(replies.len(), 1, "{replies:?}");
    assert_eq!((replies[0]["conversation"].as_str(), replies[0]["reply_to"].as_str()), (Some("c-1"), Some("m-1")));
    assert!(replies[0]["text"].as_str().unwrap().contains("rattan"), "{replies:?}");
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(platform.replies.lock().unwrap().len(), 1, "the redelivery got no second reply");

    // A request for a person: the notice goes back to the platform, the conversation to the
    // console (its channel shown), and the person's reply to the platform.
    let human = json!({"conversation": "c-1", "message_id": "m-2", "text": "I want to talk to a human agent"});
    assert_eq!(deliver(&kefu, &human, Some(SECRET)).await, 200);
    let replies = replies_after(&platform, 2, Duration::from_secs(10)).await;
    assert_eq!(replies.len(), 2, "the hand-off notice: {replies:?}");
    kefu.admin().add_agent("ana", "agent", &["chan-shop"]).await;
    let ana = kefu.console("ana").await;
    let (_, queue) = ana.get("/v1/console/queue").await;
    let item = &queue["items"][0];
    assert_eq!((item["channel"].as_str(), item["conversation"].as_str()), (Some("generic"), Some("generic.c-1")));
    let base = "/v1/console/shops/chan-shop/conversations/generic.c-1";
    let (status, _) = ana.act(&format!("{base}/claim")).await;
    assert_eq!(status, 200);
    let reply = json!({"text": "Hi, Ana here. Let me check that for you.", "translate": false});
    let (status, sent) = ana.post(&format!("{base}/reply"), &reply).await;
    assert_eq!(status, 200, "{sent}");
    let replies = replies_after(&platform, 3, Duration::from_secs(10)).await;
    assert_eq!(replies.len(), 3, "{replies:?}");
    let text = replies[2]["text"].as_str();
    assert_eq!(
        (replies[2]["conversation"].as_str(), text),
        (Some("c-1"), Some("Hi, Ana here. Let me check that for you."))
    );
    kefu.child.kill().await.unwrap();
}

#[tokio::test]
async fn replies_wait_in_the_outbox_while_the_platform_is_down_even_across_a_restart() {
    let data = tempfile::tempdir().unwrap();
    let (platform, platform_addr) = fake_platform().await;
    let _shop = shop_with_channel(data.path(), platform_addr).await;
    *platform.down.lock().unwrap() = true;
    let mut kefu = start(data.path()).await;
    let question = json!({"conversation": "c-2", "message_id": "m-7", "text": "How do I return an item?"});
    assert_eq!(deliver(&kefu, &question, Some(SECRET)).await, 200);
    eventually(Duration::from_secs(10), || *platform.attempts.lock().unwrap() >= 2).await;
    assert!(*platform.attempts.lock().unwrap() >= 2, "kefu tried, and tried again");
    kefu.child.kill().await.unwrap();
    kefu.child.wait().await.unwrap();

    *platform.down.lock().unwrap() = false;
    let mut kefu = start(data.path()).await;
    let replies = replies_after(&platform, 1, Duration::from_secs(10)).await;
    assert_eq!(replies.len(), 1, "delivered after the restart, once: {replies:?}");
    assert!(replies[0]["text"].as_str().unwrap().contains("30 days"), "{replies:?}");
    kefu.child.kill().await.unwrap();
}

/// A fake WhatsApp Graph API: records the messages a number sends, checking the bearer token;
/// answers 429 to the first `rate_limited` sends.
#[derive(Default)]
struct Graph {
    sent: Mutex<Vec<Value>>,
    rate_limited: Mutex<usize>,
}

async fn graph_messages(
    State(graph): State<Arc<Graph>>,
    axum::extract::Path(number): axum::extract::Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> (StatusCode, String) {
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some("Bearer shop-access-token") {
        return (StatusCode::UNAUTHORIZED, r#"{"error":{"code":190}}"#.into());
    }
    {
        let mut limited = graph.rate_limited.lock().unwrap();
        if *limited > 0 {
            *limited -= 1;
            return (StatusCode::TOO_MANY_REQUESTS, r#"{"error":{"code":130429}}"#.into());
        }
    }
    let mut message: Value = serde_json::from_slice(&body).unwrap();
    message["from_number"] = json!(number);
    graph.sent.lock().unwrap().push(message);
    (StatusCode::OK, r#"{"messaging_product":"whatsapp","messages":[{"id":"wamid.out"}]}"#.into())
}

async fn fake_graph() -> (Arc<Graph>, SocketAddr) {
    let graph = Arc::new(Graph::default());
    let app = axum::Router::new()
        .route("/v21.0/{number}/messages", axum::routing::post(graph_messages))
        .with_state(graph.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (graph, addr)
}

const APP_SECRET: &str = "the meta app secret";

fn whatsapp_delivery(message_id: &str, from: &str, text: &str, sent_at_secs: u64) -> Value {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "+34 600 000 000", "phone_number_id": "1234567890"},
        "contacts": [{"profile": {"name": "Lucía"}, "wa_id": from}],
        "messages": [{"from": from, "id": message_id, "timestamp": sent_at_secs.to_string(), "type": "text", "text": {"body": text}}]
    }}]}]})
}

/// Ingests `wa-shop` (WhatsApp number 1234567890) with `files` into `data`, and starts kefu with
/// the app secret, the shop's token and `graph` as the Graph API, plus `env`.
async fn start_whatsapp_shop(
    data: &Path,
    files: &[std::path::PathBuf],
    graph: SocketAddr,
    env: &[(&str, &str)],
) -> Server {
    let dir = tempfile::tempdir().unwrap();
    for file in files {
        std::fs::copy(file, dir.path().join(file.file_name().unwrap())).unwrap();
    }
    let toml = "name = \"WA Shop\"\ndefault_language = \"en\"\n\n[channels.whatsapp]\nphone_number_id = \"1234567890\"\ntoken = \"whatsapp\"\n";
    std::fs::write(dir.path().join("shop.toml"), toml).unwrap();
    let args = ["ingest", "--shop", "wa-shop", dir.path().to_str().unwrap(), "--data-dir", data.to_str().unwrap()];
    assert_eq!(run_kefu(&args, "").await.0, 0);
    write_secret(data, "wa-shop", "whatsapp", "shop-access-token");
    let api_base = format!("http://{graph}/v21.0");
    let mut all =
        vec![("KEFU_WHATSAPP_APP_SECRET", APP_SECRET), ("KEFU__CHANNELS__WHATSAPP__API_BASE", api_base.as_str())];
    all.extend_from_slice(env);
    Server::start(data, &all).await
}

#[tokio::test]
async fn whatsapp_cloud_api_in_and_out_with_its_handshake_rate_limit_and_24_hour_window() {
    let data = tempfile::tempdir().unwrap();
    let (graph, graph_addr) = fake_graph().await;
    *graph.rate_limited.lock().unwrap() = 1;
    let files = [fixtures().join("test-shop/faq.md")];
    let env = [("KEFU_WHATSAPP_VERIFY_TOKEN", "verify-me"), ("KEFU__CHANNELS__RETRY_BASE", "200ms")];
    let mut kefu = start_whatsapp_shop(data.path(), &files, graph_addr, &env).await;

    let check = "/v1/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444";
    assert_eq!(crate::support::http_get(kefu.addr, check).await, (200, "1158201444".to_owned()));
    let wrong = "/v1/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1";
    assert_eq!(crate::support::http_get(kefu.addr, wrong).await.0, 403);

    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let question = whatsapp_delivery("wamid.IN1", "34600111222", "Is the lamp shade cotton?", now);
    assert_eq!(kefu.webhook(Webhook::WhatsApp { app_secret: "not the app secret" }, &question).await.0, 401);
    assert_eq!(kefu.webhook(Webhook::WhatsApp { app_secret: APP_SECRET }, &question).await.0, 200);
    let statuses = json!({"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": [{"field": "statuses",
        "value": {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "1234567890"}, "statuses": [{"id": "wamid.out", "status": "read"}]}}]}]});
    assert_eq!(
        kefu.webhook(Webhook::WhatsApp { app_secret: APP_SECRET }, &statuses).await.0,
        200,
        "status updates are taken and ignored"
    );

    eventually(Duration::from_secs(10), || !graph.sent.lock().unwrap().is_empty()).await;
    let sent = graph.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 1, "delivered once, after the 429: {sent:?}");
    assert_eq!((sent[0]["to"].as_str(), sent[0]["from_number"].as_str()), (Some("34600111222"), Some("1234567890")));
    assert!(sent[0]["text"]["body"].as_str().unwrap().contains("rattan"), "{sent:?}");

    // A buyer who wrote 25 hours ago is outside WhatsApp's window: nothing is sent to them. A
    // later buyer's reply arriving shows the earlier one was worked through (in order).
    let old = whatsapp_delivery("wamid.IN2", "34600999888", "How do I return an item?", now - 25 * 3600);
    assert_eq!(kefu.webhook(Webhook::WhatsApp { app_secret: APP_SECRET }, &old).await.0, 200);
    let later = whatsapp_delivery("wamid.IN3", "34600333444", "How do I return an item?", now);
    assert_eq!(kefu.webhook(Webhook::WhatsApp { app_secret: APP_SECRET }, &later).await.0, 200);
    eventually(Duration::from_secs(10), || graph.sent.lock().unwrap().len() >= 2).await;
    let sent = graph.sent.lock().unwrap().clone();
    assert_eq!(sent.last().unwrap()["to"], "34600333444", "{sent:?}");
    assert!(sent.iter().all(|m| m["to"] != "34600999888"), "{sent:?}");
    kefu.child.kill().await.unwrap();
}

/// A buyer who writes from a product in the shop's WhatsApp catalogue ("Message business" on
/// a product) asks about that product: `referred_product` is the page context.
#[tokio::test]
async fn a_whatsapp_product_card_names_the_product_the_buyer_asks_about() {
    let data = tempfile::tempdir().unwrap();
    let (graph, graph_addr) = fake_graph().await;
    let files = ["products.jsonl", "faq.md"].map(|file| fixtures().join("presale-shop").join(file));
    let mut kefu = start_whatsapp_shop(data.path(), &files, graph_addr, &[]).await;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let mut card = whatsapp_delivery("wamid.CARD1", "491700000001", "Ist die wasserdicht?", now);
    card["entry"][0]["changes"][0]["value"]["messages"][0]["context"] = json!({"from": "1234567890", "id": "wamid.catalog", "referred_product": {"catalog_id": "CAT1", "product_retailer_id": "RR-JKT"}});
    assert_eq!(kefu.webhook(Webhook::WhatsApp { app_secret: APP_SECRET }, &card).await.0, 200);
    eventually(Duration::from_secs(10), || !graph.sent.lock().unwrap().is_empty()).await;
    let sent = graph.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 1, "{sent:?}");
    let body = sent[0]["text"]["body"].as_str().unwrap();
    assert!(body.contains("10,000 mm hydrostatic head"), "the jacket's value, from the card: {body}");
    kefu.child.kill().await.unwrap();
}

/// A fake TikTok Shop Open API: checks each send's signature (computed here from the
/// documented recipe, not with kefu's code) and token, records the messages.
#[derive(Default)]
struct Tiktok {
    sent: Mutex<Vec<(String, String)>>,
    bad: Mutex<usize>,
}

const TT_SECRET: &str = "tiktok app secret";

async fn tiktok_send(
    State(tiktok): State<Arc<Tiktok>>,
    axum::extract::Path(conversation): axum::extract::Path<String>,
    axum::extract::Query(query): axum::extract::Query<Vec<(String, String)>>,
    headers: HeaderMap,
    body: String,
) -> (StatusCode, String) {
    let path = format!("/customer_service/202309/conversations/{conversation}/messages");
    let mut params: Vec<&(String, String)> = query.iter().filter(|(k, _)| k != "sign" && k != "access_token").collect();
    params.sort();
    let text = format!(
        "{TT_SECRET}{path}{}{body}{TT_SECRET}",
        params.iter().map(|(k, v)| format!("{k}{v}")).collect::<String>()
    );
    let expected = kefu::crypto::hmac_hex(TT_SECRET.as_bytes(), text.as_bytes());
    let sign = query.iter().find(|(k, _)| k == "sign").map(|(_, v)| v.as_str());
    let token = headers.get("x-tts-access-token").and_then(|v| v.to_str().ok());
    if sign != Some(expected.as_str()) || token != Some("tt-shop-token") {
        *tiktok.bad.lock().unwrap() += 1;
        return (StatusCode::UNAUTHORIZED, r#"{"code":105002,"message":"invalid sign"}"#.into());
    }
    let message: Value = serde_json::from_str(&body).unwrap();
    let content: Value = serde_json::from_str(message["content"].as_str().unwrap()).unwrap();
    tiktok.sent.lock().unwrap().push((conversation, content["content"].as_str().unwrap().to_owned()));
    (StatusCode::OK, r#"{"code":0,"message":"Success","data":{"message_id":"out"}}"#.into())
}

fn tiktok_push(message_id: &str, role: &str, text: &str) -> Value {
    json!({"type": 14, "tts_notification_id": format!("n-{message_id}"), "shop_id": "7000123", "timestamp": 1700000000,
        "data": {"conversation_id": "conv-9", "message_id": message_id, "index": "1", "type": "TEXT",
            "content": json!({"content": text}).to_string(), "sender": {"role": role, "im_user_id": "u-1"},
            "is_visible": true, "create_time": 1700000000}})
}

/// TikTok Shop's push for app `app-key-1`, signed with `secret`.
fn signed_for_tiktok(secret: &str) -> Webhook<'_> {
    Webhook::TikTok { app_key: "app-key-1", secret }
}

#[tokio::test]
async fn tiktok_shop_messages_are_answered_and_long_replies_split_at_2000_characters() {
    let data = tempfile::tempdir().unwrap();
    let tiktok = Arc::new(Tiktok::default());
    let app = axum::Router::new()
        .route("/customer_service/202309/conversations/{conversation}/messages", axum::routing::post(tiktok_send))
        .with_state(tiktok.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixtures().join("test-shop/faq.md"), dir.path().join("faq.md")).unwrap();
    let toml = "name = \"TT Shop\"\ndefault_language = \"en\"\n\n[channels.tiktok]\nshop_id = \"7000123\"\nshop_cipher = \"ROW_abc\"\ntoken = \"tiktok\"\n";
    std::fs::write(dir.path().join("shop.toml"), toml).unwrap();
    let args =
        ["ingest", "--shop", "tt-shop", dir.path().to_str().unwrap(), "--data-dir", data.path().to_str().unwrap()];
    assert_eq!(run_kefu(&args, "").await.0, 0);
    write_secret(data.path(), "tt-shop", "tiktok", "tt-shop-token");
    let api_base = format!("http://{api}");
    let env = [
        ("KEFU_TIKTOK_APP_SECRET", TT_SECRET),
        ("KEFU__CHANNELS__TIKTOK__APP_KEY", "app-key-1"),
        ("KEFU__CHANNELS__TIKTOK__API_BASE", api_base.as_str()),
    ];
    let mut kefu = Server::start(data.path(), &env).await;

    let question = tiktok_push("m-1", "BUYER", "Is the lamp shade cotton?");
    assert_eq!(kefu.webhook(signed_for_tiktok("forged"), &question).await.0, 401);
    assert_eq!(kefu.webhook(signed_for_tiktok(TT_SECRET), &tiktok_push("m-0", "SHOP", "our own message")).await.0, 200);
    assert_eq!(kefu.webhook(signed_for_tiktok(TT_SECRET), &question).await.0, 200);
    assert_eq!(kefu.webhook(signed_for_tiktok(TT_SECRET), &question).await.0, 200, "a retried push");
    assert_eq!(
        kefu.webhook(signed_for_tiktok(TT_SECRET), &tiktok_push("m-2", "BUYER", "I want to talk to a human agent"))
            .await
            .0,
        200
    );
    eventually(Duration::from_secs(10), || tiktok.sent.lock().unwrap().len() >= 2).await;
    let sent = tiktok.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 2, "one answer and one hand-off notice, nothing for the shop's own message: {sent:?}");
    assert!(sent[0].1.contains("rattan") && sent[0].0 == "conv-9", "{sent:?}");
    assert_eq!(*tiktok.bad.lock().unwrap(), 0, "every send was signed right");

    // A person's long answer goes out in pieces TikTok takes.
    kefu.admin().add_agent("ana", "agent", &["tt-shop"]).await;
    let ana = kefu.console("ana").await;
    let base = "/v1/console/shops/tt-shop/conversations/tiktok.conv-9";
    assert_eq!(ana.act(&format!("{base}/claim")).await.0, 200);
    let long = "This is a long and careful answer about your order. ".repeat(60);
    let reply = json!({"text": long, "translate": false});
    let (status, sent_reply) = ana.post(&format!("{base}/reply"), &reply).await;
    assert_eq!(status, 200, "{sent_reply}");
    eventually(Duration::from_secs(10), || tiktok.sent.lock().unwrap().len() >= 4).await;
    let pieces: Vec<String> = tiktok.sent.lock().unwrap()[2..].iter().map(|(_, t)| t.clone()).collect();
    assert_eq!(pieces.len(), 2, "{} characters in two messages", long.trim().chars().count());
    assert!(
        pieces.iter().all(|p| p.chars().count() <= 2000),
        "{:?}",
        pieces.iter().map(|p| p.chars().count()).collect::<Vec<_>>()
    );
    assert_eq!(pieces.join(" "), long.trim());
    kefu.child.kill().await.unwrap();
}

/// A fake Shopee Open Platform: `sellerchat/send_message` checking the request signature
/// (computed here from the documented recipe) and answering `error_busy` to the first send.
#[derive(Default)]
struct Shopee {
    sent: Mutex<Vec<Value>>,
    busy_once: Mutex<bool>,
    bad: Mutex<usize>,
}

const PARTNER_KEY: &str = "shopee partner key";
const CALLBACK: &str = "https://kefu.example/v1/webhooks/shopee";

async fn shopee_send(
    State(shopee): State<Arc<Shopee>>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
    body: String,
) -> (StatusCode, String) {
    let base = format!(
        "{}{}{}{}{}",
        query["partner_id"],
        "/api/v2/sellerchat/send_message",
        query["timestamp"],
        query["access_token"],
        query["shop_id"]
    );
    let expected = kefu::crypto::hmac_hex(PARTNER_KEY.as_bytes(), base.as_bytes());
    if query["sign"] != expected || query["access_token"] != "shopee-shop-token" || query["shop_id"] != "880001" {
        *shopee.bad.lock().unwrap() += 1;
        return (StatusCode::FORBIDDEN, r#"{"error":"error_sign","message":"wrong sign"}"#.into());
    }
    {
        let mut busy = shopee.busy_once.lock().unwrap();
        if *busy {
            *busy = false;
            return (StatusCode::OK, r#"{"error":"error_busy","message":"try later"}"#.into());
        }
    }
    shopee.sent.lock().unwrap().push(serde_json::from_str(&body).unwrap());
    (StatusCode::OK, r#"{"error":"","message":"","response":{"message_id":"out-1"}}"#.into())
}

fn shopee_push(message_id: &str, from_id: u64, text: &str) -> Value {
    json!({"code": 10, "shop_id": 880001, "timestamp": 1700000000, "data": {"type": "message", "content": {
        "message_id": message_id, "from_id": from_id, "to_id": 55501, "from_shop_id": 0, "to_shop_id": 880001,
        "message_type": "text", "content": {"text": text}, "conversation_id": "123456789",
        "created_timestamp": 1700000000, "is_in_chatbot_session": false}}})
}

#[tokio::test]
async fn shopee_webchat_pushes_are_answered_through_sellerchat() {
    let data = tempfile::tempdir().unwrap();
    let shopee = Arc::new(Shopee { busy_once: Mutex::new(true), ..Shopee::default() });
    let app = axum::Router::new()
        .route("/api/v2/sellerchat/send_message", axum::routing::post(shopee_send))
        .with_state(shopee.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixtures().join("test-shop/faq.md"), dir.path().join("faq.md")).unwrap();
    let toml = "name = \"Shopee Shop\"\ndefault_language = \"en\"\n\n[channels.shopee]\nshop_id = \"880001\"\ntoken = \"shopee\"\n";
    std::fs::write(dir.path().join("shop.toml"), toml).unwrap();
    let args =
        ["ingest", "--shop", "sp-shop", dir.path().to_str().unwrap(), "--data-dir", data.path().to_str().unwrap()];
    assert_eq!(run_kefu(&args, "").await.0, 0);
    write_secret(data.path(), "sp-shop", "shopee", "shopee-shop-token");
    let api_base = format!("http://{api}");
    let env = [
        ("KEFU_SHOPEE_PARTNER_KEY", PARTNER_KEY),
        ("KEFU__CHANNELS__SHOPEE__PARTNER_ID", "2001234"),
        ("KEFU__CHANNELS__SHOPEE__CALLBACK_URL", CALLBACK),
        ("KEFU__CHANNELS__SHOPEE__API_BASE", api_base.as_str()),
        ("KEFU__CHANNELS__RETRY_BASE", "200ms"),
    ];
    let mut kefu = Server::start(data.path(), &env).await;
    let push = shopee_push("sp-m-1", 77123, "Is the lamp shade cotton?");
    let forged = Webhook::Shopee { callback: CALLBACK, partner_key: "not the key" };
    assert_eq!(kefu.webhook(forged, &push).await.0, 401);
    let (status, body) = kefu.webhook(Webhook::Shopee { callback: CALLBACK, partner_key: PARTNER_KEY }, &push).await;
    assert_eq!((status, body), (200, Value::Null), "2xx with an empty body, as Shopee asks");
    eventually(Duration::from_secs(10), || !shopee.sent.lock().unwrap().is_empty()).await;
    let sent = shopee.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 1, "sent once, after error_busy: {sent:?}");
    assert_eq!(sent[0]["to_id"], 77123);
    assert!(sent[0]["content"]["text"].as_str().unwrap().contains("rattan"), "{sent:?}");
    assert_eq!(*shopee.bad.lock().unwrap(), 0);
    kefu.child.kill().await.unwrap();
}

/// A buyer sends a product card from Shopee (webchat push, message type "item") and then asks
/// about "it": the card alone answers nothing, and the question is answered for the product
/// whose products.jsonl `listings` names that Shopee item.
#[tokio::test]
async fn a_shopee_product_card_names_the_product_the_buyer_asks_about_next() {
    let data = tempfile::tempdir().unwrap();
    let shopee = Arc::new(Shopee::default());
    let app = axum::Router::new()
        .route("/api/v2/sellerchat/send_message", axum::routing::post(shopee_send))
        .with_state(shopee.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let dir = tempfile::tempdir().unwrap();
    for file in ["products.jsonl", "faq.md"] {
        std::fs::copy(fixtures().join("presale-shop").join(file), dir.path().join(file)).unwrap();
    }
    let toml = "name = \"Ridge & Rain\"\ndefault_language = \"en\"\n\n[channels.shopee]\nshop_id = \"880001\"\ntoken = \"shopee\"\n";
    std::fs::write(dir.path().join("shop.toml"), toml).unwrap();
    let args =
        ["ingest", "--shop", "sp-card", dir.path().to_str().unwrap(), "--data-dir", data.path().to_str().unwrap()];
    assert_eq!(run_kefu(&args, "").await.0, 0);
    write_secret(data.path(), "sp-card", "shopee", "shopee-shop-token");
    let api_base = format!("http://{api}");
    let env = [
        ("KEFU_SHOPEE_PARTNER_KEY", PARTNER_KEY),
        ("KEFU__CHANNELS__SHOPEE__PARTNER_ID", "2001234"),
        ("KEFU__CHANNELS__SHOPEE__CALLBACK_URL", CALLBACK),
        ("KEFU__CHANNELS__SHOPEE__API_BASE", api_base.as_str()),
    ];
    let mut kefu = Server::start(data.path(), &env).await;
    let push = |body: &Value| {
        let (kefu, body) = (&kefu, body.clone());
        async move { kefu.webhook(Webhook::Shopee { callback: CALLBACK, partner_key: PARTNER_KEY }, &body).await.0 }
    };
    // The jacket's Shopee item, as Shopee's push carries a card: no text, the item and its shop.
    let mut card = shopee_push("sp-card-1", 77123, "");
    card["data"]["content"]["message_type"] = json!("item");
    card["data"]["content"]["content"] = json!({"shop_id": 880001, "item_id": 22001234567u64});
    assert_eq!(push(&card).await, 200);
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(push(&shopee_push("sp-card-2", 77123, "Is it waterproof?")).await, 200);
    eventually(Duration::from_secs(10), || !shopee.sent.lock().unwrap().is_empty()).await;
    // A moment more: a reply to the card itself would arrive too.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let sent = shopee.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 1, "the question answered, the card alone not: {sent:?}");
    let text = sent[0]["content"]["text"].as_str().unwrap();
    assert!(text.contains("10,000 mm hydrostatic head"), "the jacket's value, from the card: {text}");
    assert_eq!(*shopee.bad.lock().unwrap(), 0);
    kefu.child.kill().await.unwrap();
}

/// A fake Lazada Open Platform: `/im/message/send` checking the request signature (computed
/// here from the documented recipe) and the token.
#[derive(Default)]
struct Lazada {
    sent: Mutex<Vec<(String, String)>>,
    bad: Mutex<usize>,
}

const LZ_SECRET: &str = "lazada app secret";

async fn lazada_send(
    State(lazada): State<Arc<Lazada>>,
    axum::extract::Query(query): axum::extract::Query<Vec<(String, String)>>,
) -> (StatusCode, String) {
    let mut params: Vec<&(String, String)> = query.iter().filter(|(k, _)| k != "sign").collect();
    params.sort();
    let text = format!("/im/message/send{}", params.iter().map(|(k, v)| format!("{k}{v}")).collect::<String>());
    let expected = kefu::crypto::hmac_hex(LZ_SECRET.as_bytes(), text.as_bytes()).to_uppercase();
    let get = |name: &str| query.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    if get("sign") != expected || get("access_token") != "lz-seller-token" || get("template_id") != "1" {
        *lazada.bad.lock().unwrap() += 1;
        return (StatusCode::OK, r#"{"code":"IncompleteSignature","message":"bad sign"}"#.into());
    }
    lazada.sent.lock().unwrap().push((get("session_id"), get("txt")));
    (StatusCode::OK, r#"{"code":"0","data":{"message_id":"out"}}"#.into())
}

fn lazada_push(message_id: &str, from: u32, text: &str, process_msg: &str) -> Value {
    json!({"seller_id": "100200300", "message_type": 2, "timestamp": 1700000000, "site": "lazada_sg", "data": {
        "session_id": "s-77", "message_id": message_id, "content": json!({"txt": text}).to_string(),
        "from_account_type": from, "template_id": 1, "type": 1, "site_id": "SG", "auto_reply": false,
        "status": 0, "process_msg": process_msg, "send_time": 1700000000000u64}})
}

#[tokio::test]
async fn lazada_im_messages_are_answered_and_held_back_ones_left_for_a_person() {
    let data = tempfile::tempdir().unwrap();
    let lazada = Arc::new(Lazada::default());
    let app =
        axum::Router::new().route("/im/message/send", axum::routing::post(lazada_send)).with_state(lazada.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixtures().join("test-shop/faq.md"), dir.path().join("faq.md")).unwrap();
    let toml = "name = \"Lazada Shop\"\ndefault_language = \"en\"\n\n[channels.lazada]\nseller_id = 100200300\ntoken = \"lazada\"\n";
    std::fs::write(dir.path().join("shop.toml"), toml).unwrap();
    let args =
        ["ingest", "--shop", "lz-shop", dir.path().to_str().unwrap(), "--data-dir", data.path().to_str().unwrap()];
    let (code, _, stderr) = run_kefu(&args, "").await;
    assert_eq!(code, 0, "{stderr}");
    write_secret(data.path(), "lz-shop", "lazada", "lz-seller-token");
    let api_base = format!("http://{api}");
    let env = [
        ("KEFU_LAZADA_APP_SECRET", LZ_SECRET),
        ("KEFU__CHANNELS__LAZADA__APP_KEY", "123456"),
        ("KEFU__CHANNELS__LAZADA__API_BASE", api_base.as_str()),
    ];
    let mut kefu = Server::start(data.path(), &env).await;
    let send = |body: Value, secret: &'static str| {
        let kefu = &kefu;
        async move { kefu.webhook(Webhook::Lazada { app_key: "123456", secret }, &body).await.0 }
    };
    assert_eq!(send(lazada_push("lz-1", 1, "Is the lamp shade cotton?", ""), "forged").await, 401);
    assert_eq!(send(lazada_push("lz-0", 2, "a seller message", ""), LZ_SECRET).await, 200);
    assert_eq!(send(lazada_push("lz-h", 1, "call me on 555", "contains contact details"), LZ_SECRET).await, 200);
    assert_eq!(send(lazada_push("lz-1", 1, "Is the lamp shade cotton?", ""), LZ_SECRET).await, 200);
    eventually(Duration::from_secs(10), || !lazada.sent.lock().unwrap().is_empty()).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let sent = lazada.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 1, "only the buyer's visible message is answered: {sent:?}");
    assert!(sent[0].0 == "s-77" && sent[0].1.contains("rattan"), "{sent:?}");
    assert_eq!(*lazada.bad.lock().unwrap(), 0);
    kefu.child.kill().await.unwrap();
}

#[tokio::test]
async fn replies_keep_to_the_rate_the_shop_set() {
    let data = tempfile::tempdir().unwrap();
    let (platform, platform_addr) = fake_platform().await;
    let _shop = shop_with_rate(data.path(), platform_addr, 5).await;
    let mut kefu = start(data.path()).await;
    for n in 0..6 {
        let question = json!({"conversation": format!("c-{n}"), "message_id": format!("m-{n}"), "text": "Is the lamp shade cotton?"});
        assert_eq!(deliver(&kefu, &question, Some(SECRET)).await, 200);
    }
    let replies = replies_after(&platform, 6, Duration::from_secs(15)).await;
    assert_eq!(replies.len(), 6);
    let times = platform.times.lock().unwrap().clone();
    let gaps: Vec<u128> = times.windows(2).map(|w| w[1].duration_since(w[0]).as_millis()).collect();
    assert!(gaps.iter().all(|&g| g >= 190), "5 a second: at least 200 ms apart, within timer slack: {gaps:?}");
    kefu.child.kill().await.unwrap();
}

const SHOPIFY_SECRET: &str = "shopify client secret";

/// The lamp store's Shopify webhook for `topic`, signed with `secret`.
fn lamps(topic: &'static str, secret: &'static str) -> Webhook<'static> {
    Webhook::Shopify { domain: "lamps.myshopify.com", topic, webhook_id: None, secret }
}

/// The bot's answer to one buyer message, over the chat socket.
async fn ask(addr: SocketAddr, text: &str) -> String {
    let mut buyer = crate::support::Widget::connect(addr, "sf-shop").await;
    buyer.hello(json!({"type": "hello"})).await;
    buyer.message("m1", text).await;
    let frames = buyer.recv_until("reply").await;
    frames.last().unwrap()["text"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn shopify_order_and_fulfilment_webhooks_keep_order_answers_current() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixtures().join("test-shop/faq.md"), dir.path().join("faq.md")).unwrap();
    let toml = "name = \"Lamp Store\"\ndefault_language = \"en\"\n\n[channels.shopify]\nshop_domain = \"lamps.myshopify.com\"\nsecret = \"shopify\"\n";
    std::fs::write(dir.path().join("shop.toml"), toml).unwrap();
    let args =
        ["ingest", "--shop", "sf-shop", dir.path().to_str().unwrap(), "--data-dir", data.path().to_str().unwrap()];
    assert_eq!(run_kefu(&args, "").await.0, 0);
    write_secret(data.path(), "sf-shop", "shopify", SHOPIFY_SECRET);
    let mut kefu = Server::start(data.path(), &[]).await;

    let order = json!({"id": 820982911946154500u64, "name": "#2001", "email": "jo@example.com", "financial_status": "paid", "fulfillment_status": null,
        "cancelled_at": null, "currency": "USD", "total_price": "54.00",
        "line_items": [{"sku": "LAMP-1", "title": "Rattan pendant lamp", "quantity": 1, "price": "54.00"}],
        "shipping_address": {"country_code": "CL"}, "fulfillments": []});
    assert_eq!(kefu.webhook(lamps("orders/create", "forged"), &order).await.0, 401);
    let before = ask(kefu.addr, "where is my order 2001?").await;
    assert!(!before.contains("Rattan pendant"), "not known yet: {before}");
    assert_eq!(kefu.webhook(lamps("orders/create", SHOPIFY_SECRET), &order).await.0, 200);
    let fulfillment = json!({"id": 1, "order_id": 820982911946154500u64, "name": "#2001.1", "status": "success",
        "tracking_company": "DHL Express", "tracking_number": "JD014600006281234567", "shipment_status": "in_transit",
        "created_at": "2026-11-20T10:00:00-05:00", "updated_at": "2026-11-21T10:00:00-05:00"});
    assert_eq!(kefu.webhook(lamps("fulfillments/create", SHOPIFY_SECRET), &fulfillment).await.0, 200);
    let unverified = ask(kefu.addr, "where is my order 2001?").await;
    assert!(!unverified.contains("JD014600006281234567") && unverified.contains("e-mail"), "{unverified}");
    let after = ask(kefu.addr, "where is my order 2001? jo@example.com").await;
    assert!(after.contains("JD014600006281234567") && after.contains("DHL"), "{after}");
    kefu.child.kill().await.unwrap();
}

/// A fake eBay Message API: one member conversation whose messages the test adds, and the
/// replies sent to it.
#[derive(Default)]
struct Ebay {
    messages: Mutex<Vec<Value>>,
    sent: Mutex<Vec<Value>>,
}

async fn ebay_conversations(State(ebay): State<Arc<Ebay>>) -> axum::Json<Value> {
    let latest = ebay.messages.lock().unwrap().last().cloned();
    axum::Json(
        json!({"conversations": [{"conversationId": "cv-1", "conversationType": "FROM_MEMBERS", "latestMessage": latest}], "total": 1}),
    )
}

async fn ebay_conversation(State(ebay): State<Arc<Ebay>>) -> axum::Json<Value> {
    axum::Json(json!({"conversationId": "cv-1", "messages": ebay.messages.lock().unwrap().clone()}))
}

async fn ebay_send(
    State(ebay): State<Arc<Ebay>>,
    headers: HeaderMap,
    axum::Json(body): axum::Json<Value>,
) -> StatusCode {
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some("Bearer ebay-user-token") {
        return StatusCode::UNAUTHORIZED;
    }
    ebay.sent.lock().unwrap().push(body);
    StatusCode::OK
}

fn ebay_message(id: &str, from: &str, text: &str, at: &str) -> Value {
    json!({"messageId": id, "messageBody": text, "senderUsername": from, "recipientUsername": "lamp_seller", "createdDate": at})
}

#[tokio::test]
async fn ebay_messages_are_polled_from_a_cursor_and_answered_once_even_across_a_restart() {
    let data = tempfile::tempdir().unwrap();
    let ebay = Arc::new(Ebay::default());
    ebay.messages.lock().unwrap().push(ebay_message(
        "e-1",
        "buyer_jo",
        "Is the lamp shade cotton?",
        "2026-11-22T01:00:00.000Z",
    ));
    ebay.messages.lock().unwrap().push(ebay_message(
        "e-2",
        "lamp_seller",
        "(an earlier reply of ours)",
        "2026-11-22T01:01:00.000Z",
    ));
    let app = axum::Router::new()
        .route("/commerce/message/v1/conversation", axum::routing::get(ebay_conversations))
        .route("/commerce/message/v1/conversation/{id}", axum::routing::get(ebay_conversation))
        .route("/commerce/message/v1/send_message", axum::routing::post(ebay_send))
        .with_state(ebay.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixtures().join("test-shop/faq.md"), dir.path().join("faq.md")).unwrap();
    let toml = "name = \"eBay Shop\"\ndefault_language = \"en\"\n\n[channels.ebay]\nseller_username = \"lamp_seller\"\ntoken = \"ebay\"\n";
    std::fs::write(dir.path().join("shop.toml"), toml).unwrap();
    let args =
        ["ingest", "--shop", "eb-shop", dir.path().to_str().unwrap(), "--data-dir", data.path().to_str().unwrap()];
    assert_eq!(run_kefu(&args, "").await.0, 0);
    write_secret(data.path(), "eb-shop", "ebay", "ebay-user-token");
    let api_base = format!("http://{api}");
    let env = [("KEFU__CHANNELS__EBAY__API_BASE", api_base.as_str()), ("KEFU__CHANNELS__POLL_INTERVAL", "200ms")];
    let sent_count = |n: usize| {
        let ebay = ebay.clone();
        async move {
            eventually(Duration::from_secs(10), || ebay.sent.lock().unwrap().len() >= n).await;
            ebay.sent.lock().unwrap().clone()
        }
    };
    let mut kefu = Server::start(data.path(), &env).await;
    let sent = sent_count(1).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0]["conversationId"], "cv-1");
    assert!(sent[0]["messageText"].as_str().unwrap().contains("rattan"), "{sent:?}");

    ebay.messages.lock().unwrap().push(ebay_message(
        "e-3",
        "buyer_jo",
        "How do I return an item?",
        "2026-11-22T01:05:00.000Z",
    ));
    let sent = sent_count(2).await;
    assert_eq!(sent.len(), 2, "the new message, and nothing twice: {sent:?}");
    assert!(sent[1]["messageText"].as_str().unwrap().contains("30 days"), "{sent:?}");
    kefu.child.kill().await.unwrap();
    kefu.child.wait().await.unwrap();

    let mut kefu = Server::start(data.path(), &env).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(ebay.sent.lock().unwrap().len(), 2, "a restart repeats nothing");
    kefu.child.kill().await.unwrap();
}

/// A fake AliExpress open-platform gateway: checks every call's signature (computed here from
/// the recipe) and answers the three message methods the way the SDKs' response classes read.
#[derive(Default)]
struct Aliexpress {
    sent: Mutex<Vec<Value>>,
    bad: Mutex<usize>,
}

const AE_SECRET: &str = "aliexpress app secret";

async fn aliexpress_gateway(
    State(ae): State<Arc<Aliexpress>>,
    axum::extract::Query(query): axum::extract::Query<Vec<(String, String)>>,
) -> axum::Json<Value> {
    let mut params: Vec<&(String, String)> = query.iter().filter(|(k, _)| k != "sign").collect();
    params.sort();
    let text: String = params.iter().map(|(k, v)| format!("{k}{v}")).collect();
    let expected = kefu::crypto::hmac_hex(AE_SECRET.as_bytes(), text.as_bytes()).to_uppercase();
    let get = |name: &str| query.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    if get("sign") != expected || get("session") != "ae-seller-token" || get("sign_method") != "sha256" {
        *ae.bad.lock().unwrap() += 1;
        return axum::Json(json!({"code": "IncompleteSignature", "message": "bad sign"}));
    }
    let method = get("method");
    let wrap = |body: Value| json!({format!("{}_response", method.replace('.', "_")): body});
    axum::Json(match method.as_str() {
        "aliexpress.message.redefining.versiontwo.querymsgrelationlist" => wrap(json!({"result": {"is_success": true,
            "relation_list": {"relation_result": [{"channel_id": "ch-1", "other_login_id": "buyer_ana", "message_time": 1763773200000u64,
                "last_message_is_own": false, "unread_count": 1}]}}})),
        "aliexpress.message.redefining.versiontwo.querymsgdetaillist" => wrap(json!({"result": {"is_success": true,
            "message_detail_list": {"message_detail": [
                {"id": 11, "content": "Is the lamp shade cotton?", "gmt_create": 1763773100000u64, "sender_name": "Ana",
                    "summary": {"sender_login_id": "buyer_ana"}},
                {"id": 12, "content": "(an earlier reply of ours)", "gmt_create": 1763773000000u64, "sender_name": "ae_lamps",
                    "summary": {"sender_login_id": "ae_lamps"}}]}}})),
        "aliexpress.message.redefining.versiontwo.addmsg" => {
            ae.sent.lock().unwrap().push(serde_json::from_str(&get("create_param")).unwrap());
            wrap(json!({"is_success": true, "channel_id": "ch-1"}))
        }
        _ => json!({"code": "InvalidApiPath", "message": "no such method"}),
    })
}

#[tokio::test]
async fn aliexpress_messages_are_polled_and_answered_once() {
    let data = tempfile::tempdir().unwrap();
    let ae = Arc::new(Aliexpress::default());
    let app = axum::Router::new().route("/sync", axum::routing::post(aliexpress_gateway)).with_state(ae.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixtures().join("test-shop/faq.md"), dir.path().join("faq.md")).unwrap();
    let toml = "name = \"AE Shop\"\ndefault_language = \"en\"\n\n[channels.aliexpress]\nseller_login_id = \"ae_lamps\"\ntoken = \"aliexpress\"\n";
    std::fs::write(dir.path().join("shop.toml"), toml).unwrap();
    let args =
        ["ingest", "--shop", "ae-shop", dir.path().to_str().unwrap(), "--data-dir", data.path().to_str().unwrap()];
    assert_eq!(run_kefu(&args, "").await.0, 0);
    write_secret(data.path(), "ae-shop", "aliexpress", "ae-seller-token");
    let api_base = format!("http://{api}/sync");
    let env = [
        ("KEFU_ALIEXPRESS_APP_SECRET", AE_SECRET),
        ("KEFU__CHANNELS__ALIEXPRESS__APP_KEY", "500123"),
        ("KEFU__CHANNELS__ALIEXPRESS__API_BASE", api_base.as_str()),
        ("KEFU__CHANNELS__POLL_INTERVAL", "200ms"),
    ];
    let mut kefu = Server::start(data.path(), &env).await;
    eventually(Duration::from_secs(10), || !ae.sent.lock().unwrap().is_empty()).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let sent = ae.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 1, "the buyer's message answered once, the seller's own not at all: {sent:?}");
    assert_eq!((sent[0]["buyer_id"].as_str(), sent[0]["seller_id"].as_str()), (Some("buyer_ana"), Some("ae_lamps")));
    assert!(sent[0]["content"].as_str().unwrap().contains("rattan"), "{sent:?}");
    assert_eq!(*ae.bad.lock().unwrap(), 0, "every call signed right");
    kefu.child.kill().await.unwrap();
}
