//! Many shops on one kefu, tried from outside: `kefu serve` as a child process with two shops,
//! each test one way a shop, a shop's key or a buyer could reach another shop's data, the
//! deployment's secrets or its network.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use crate::drivers::{Caller, PASSWORD, Running, Webhook, eventually};
use crate::support::{Server, Widget, fixtures, run_kefu, spawn_app_with_shops, write_secret};

/// `<dir>/<shop>/` with the test shop's FAQ and `toml` as its shop.toml.
fn shop_dir(dir: &Path, shop: &str, toml: &str) -> std::path::PathBuf {
    let path = dir.join(shop);
    std::fs::create_dir_all(&path).unwrap();
    std::fs::copy(fixtures().join("test-shop/faq.md"), path.join("faq.md")).unwrap();
    std::fs::write(path.join("shop.toml"), format!("name = \"{shop}\"\ndefault_language = \"en\"\n{toml}")).unwrap();
    path
}

async fn ingest(data: &Path, shop: &str, dir: &Path) -> (i32, String) {
    let args = ["ingest", "--shop", shop, dir.to_str().unwrap(), "--data-dir", data.to_str().unwrap()];
    let (code, _, stderr) = run_kefu(&args, "").await;
    (code, stderr)
}

/// What reached a fake HTTP endpoint: each request's path and `Authorization` header.
struct Seen {
    requests: Mutex<Vec<(String, Option<String>)>>,
    /// `/held-orders/…` answers once the test adds a permit here.
    gate: tokio::sync::Semaphore,
}

impl Default for Seen {
    fn default() -> Seen {
        Seen { requests: Mutex::default(), gate: tokio::sync::Semaphore::new(0) }
    }
}

/// A fake endpoint on this machine: the shop's order API (an order for any id) and a reply URL.
async fn fake_endpoint() -> (Arc<Seen>, SocketAddr) {
    use axum::extract::{Path as UrlPath, State};
    async fn order(
        State(seen): State<Arc<Seen>>,
        UrlPath(id): UrlPath<String>,
        headers: axum::http::HeaderMap,
    ) -> axum::Json<Value> {
        let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).map(str::to_owned);
        seen.requests.lock().unwrap().push((format!("/orders/{id}"), auth));
        axum::Json(
            json!({"order_id": id, "email": "ann@example.com", "status": "shipped", "items": [{"sku": "L-1", "title": "Lamp", "qty": 1, "price": 20.0}],
            "total": 20.0, "currency": "USD", "carrier": "DHL", "tracking_number": "JD0123456789",
            "shipped_at": "2026-11-30T10:00:00Z"}),
        )
    }
    async fn reply(State(seen): State<Arc<Seen>>, headers: axum::http::HeaderMap) -> axum::http::StatusCode {
        let auth = headers.get("x-kefu-signature").and_then(|v| v.to_str().ok()).map(str::to_owned);
        seen.requests.lock().unwrap().push(("/replies".into(), auth));
        axum::http::StatusCode::NO_CONTENT
    }
    /// The order API, answering only when the test lets it.
    async fn held(
        State(seen): State<Arc<Seen>>,
        UrlPath(id): UrlPath<String>,
        headers: axum::http::HeaderMap,
    ) -> axum::Json<Value> {
        seen.requests.lock().unwrap().push((format!("/held-orders/{id}"), None));
        seen.gate.acquire().await.unwrap().forget();
        order(State(seen), UrlPath(id), headers).await
    }
    /// A reply URL that takes 4 s to answer.
    async fn slow(State(seen): State<Arc<Seen>>) -> axum::http::StatusCode {
        tokio::time::sleep(Duration::from_secs(4)).await;
        seen.requests.lock().unwrap().push(("/slow".into(), None));
        axum::http::StatusCode::NO_CONTENT
    }
    let seen = Arc::new(Seen::default());
    let app = axum::Router::new()
        .route("/orders/{id}", axum::routing::get(order))
        .route("/held-orders/{id}", axum::routing::get(held))
        .route("/replies", axum::routing::post(reply))
        .route("/slow", axum::routing::post(slow))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (seen, addr)
}

/// Delivers `delivery` to kefu's generic webhook for `shop`, signed with `secret`; the status.
async fn deliver_generic(kefu: &impl Running, shop: &str, secret: &str, delivery: &Value) -> u16 {
    kefu.webhook(Webhook::Generic { shop, secret: Some(secret) }, delivery).await.0
}

/// The buyer's replies to `text` on a fresh socket of `shop`, until the turn ends.
async fn ask(addr: SocketAddr, shop: &str, text: &str) -> String {
    converse(addr, shop, &[text]).await.pop().unwrap()
}

/// The answer to each of `texts`, said in turn in one conversation.
async fn converse(addr: SocketAddr, shop: &str, texts: &[&str]) -> Vec<String> {
    let mut widget = Widget::connect(addr, shop).await;
    widget.hello(json!({})).await;
    let mut answers = Vec::new();
    for (n, text) in texts.iter().enumerate() {
        widget.message(&format!("m-{n}"), text).await;
        let frames = widget.recv_until_turn_end().await;
        answers.push(frames.iter().filter_map(|f| f["text"].as_str()).collect::<Vec<_>>().join(" "));
    }
    answers
}

#[tokio::test]
async fn a_shop_names_credentials_that_only_it_can_read_and_calls_no_private_address() {
    let (seen, api) = fake_endpoint().await;
    let data = tempfile::tempdir().unwrap();
    let shops = tempfile::tempdir().unwrap();
    let orders =
        format!("[orders]\nsource = \"http\"\nurl = \"http://{api}/orders/{{order_id}}\"\ntoken = \"orders\"\n");
    for shop in ["shop-a", "shop-b"] {
        let (code, stderr) = ingest(data.path(), shop, &shop_dir(shops.path(), shop, &orders)).await;
        assert_eq!(code, 0, "{stderr}");
    }
    write_secret(data.path(), "shop-a", "orders", "shop-a-order-token");

    // A shop.toml that names an environment variable is refused, saying what replaces it.
    let old = format!(
        "[orders]\nsource = \"http\"\nurl = \"http://{api}/orders/{{order_id}}\"\ntoken_env = \"KEFU__ADMIN__TOKEN\"\n"
    );
    let (code, stderr) = ingest(data.path(), "shop-c", &shop_dir(shops.path(), "shop-c", &old)).await;
    assert_ne!(code, 0);
    assert!(stderr.contains("orders.token_env") && stderr.contains("token = \"orders\""), "{stderr}");

    // By default the order API on this machine is never called: not with a token, not at all.
    let kefu = Server::start(data.path(), &[("KEFU__OUTBOUND__ALLOW_PRIVATE", "false")]).await;
    let answer = ask(kefu.addr, "shop-a", "Where is my order 5001? ann@example.com").await;
    assert!(!answer.contains("JD0123456789"), "{answer}");
    assert!(
        seen.requests.lock().unwrap().is_empty(),
        "a private address was called: {:?}",
        seen.requests.lock().unwrap()
    );
    drop(kefu);

    // Allowed by the operator: shop A's token reaches its API, and shop B — which names the
    // same credential but has none of its own — never sends shop A's.
    let kefu = Server::start(data.path(), &[]).await;
    // Naming the order is not enough: its tracking waits until the buyer gives its e-mail.
    let answers = converse(kefu.addr, "shop-a", &["Where is my order 5001?", "ann@example.com"]).await;
    assert!(!answers[0].contains("JD0123456789") && answers[0].contains("e-mail"), "{answers:?}");
    assert!(answers[1].contains("JD0123456789"), "{answers:?}");
    let _ = ask(kefu.addr, "shop-b", "Where is my order 5002? ann@example.com").await;
    let requests = seen.requests.lock().unwrap().clone();
    let shop_a = ("/orders/5001".to_owned(), Some("Bearer shop-a-order-token".to_owned()));
    assert_eq!(requests, vec![shop_a.clone(), shop_a], "shop B's lookup never left kefu");
}

#[tokio::test]
async fn a_shops_key_uploads_files_and_only_the_operator_names_the_shops_own_directory() {
    let data = tempfile::tempdir().unwrap();
    let shops = tempfile::tempdir().unwrap();
    let (a, b) = (shop_dir(shops.path(), "shop-a", ""), shop_dir(shops.path(), "shop-b", ""));
    std::fs::write(b.join("faq.md"), "## Secret wholesale price\nShop B sells at 3 USD to resellers.\n").unwrap();
    for (shop, dir) in [("shop-a", &a), ("shop-b", &b)] {
        assert_eq!(ingest(data.path(), shop, dir).await.0, 0);
    }
    let knowledge = shops.path().to_str().unwrap();
    let kefu = Server::start(data.path(), &[("KEFU__KNOWLEDGE__DIR", knowledge)]).await;
    let operator = kefu.admin();
    let (status, body) = operator.post("/v1/admin/shops/shop-a/keys", &json!({"label": "shop a's systems"})).await;
    assert_eq!(status, 201, "{body}");
    let key = kefu.key(body["key"].as_str().unwrap());

    let ingest_a =
        |caller: Caller, body: Value| async move { caller.post("/v1/admin/shops/shop-a/ingest", &body).await };
    let b_dir = b.to_str().unwrap();
    let (status, answer) = ingest_a(key.clone(), json!({"dir": b_dir})).await;
    assert_eq!((status, answer["code"].as_str()), (403, Some("dir_not_allowed")), "{answer}");
    let (status, answer) = ingest_a(key.clone(), json!({"dir": a.to_str().unwrap()})).await;
    assert_eq!(status, 403, "a key names no directory, not even its own: {answer}");
    for elsewhere in [b_dir.to_owned(), format!("{}/../shop-b", a.display()), "/etc".to_owned(), "shop-b".to_owned()] {
        let (status, answer) = ingest_a(operator.clone(), json!({"dir": elsewhere})).await;
        assert_eq!(status, 403, "{elsewhere}: {answer}");
    }
    let files = json!({"files": {"shop.toml": "name = \"A\"\ndefault_language = \"en\"\n", "faq.md": "## Hours\nWe answer 9 to 5.\n"}});
    let (status, answer) = ingest_a(key, files).await;
    assert_eq!(status, 200, "{answer}");
    let (status, answer) = ingest_a(operator, json!({"dir": "shop-a"})).await;
    assert_eq!(status, 200, "the operator may name the shop's own directory: {answer}");

    let answer = ask(kefu.addr, "shop-a", "What is the secret wholesale price for resellers?").await;
    assert!(!answer.contains("3 USD"), "shop B's knowledge reached shop A: {answer}");
}

#[tokio::test]
async fn a_platform_account_belongs_to_one_shop() {
    let data = tempfile::tempdir().unwrap();
    let shops = tempfile::tempdir().unwrap();
    let whatsapp = "[channels.whatsapp]\nphone_number_id = \"1234567890\"\ntoken = \"whatsapp\"\n";
    assert_eq!(ingest(data.path(), "shop-a", &shop_dir(shops.path(), "shop-a", whatsapp)).await.0, 0);
    let (code, stderr) = ingest(data.path(), "shop-b", &shop_dir(shops.path(), "shop-b", whatsapp)).await;
    assert_ne!(code, 0, "a second claim is refused");
    assert!(stderr.contains("channels.whatsapp.phone_number_id") && stderr.contains("shop-a"), "{stderr}");
    let shopify = "[channels.shopify]\nshop_domain = \"a.myshopify.com\"\nsecret = \"shopify\"\n";
    assert_eq!(ingest(data.path(), "shop-a", &shop_dir(shops.path(), "shop-a", shopify)).await.0, 0);
    let shouted = "[channels.shopify]\nshop_domain = \"A.MyShopify.com\"\nsecret = \"shopify\"\n";
    let (code, stderr) = ingest(data.path(), "shop-b", &shop_dir(shops.path(), "shop-b", shouted)).await;
    assert_ne!(code, 0, "{stderr}");
    assert_eq!(
        ingest(data.path(), "shop-b", &shop_dir(shops.path(), "shop-b", whatsapp)).await.0,
        0,
        "freed by shop A"
    );
}

#[tokio::test]
async fn a_marketplace_conversation_or_another_shops_is_never_resumed_from_the_buyer_socket() {
    const SECRET: &str = "shop a's webhook secret";
    let (seen, platform) = fake_endpoint().await;
    let data = tempfile::tempdir().unwrap();
    let shops = tempfile::tempdir().unwrap();
    let generic = format!("[channels.generic]\nsecret = \"webhook\"\nreply_url = \"http://{platform}/replies\"\n");
    assert_eq!(ingest(data.path(), "shop-a", &shop_dir(shops.path(), "shop-a", &generic)).await.0, 0);
    assert_eq!(ingest(data.path(), "shop-b", &shop_dir(shops.path(), "shop-b", "")).await.0, 0);
    write_secret(data.path(), "shop-a", "webhook", SECRET);
    let kefu = Server::start(data.path(), &[]).await;

    let delivery = json!({"conversation": "c-42", "message_id": "m-1", "text": "My address is 12 Rose Street, is the lamp shade cotton?"});
    assert_eq!(deliver_generic(&kefu, "shop-a", SECRET, &delivery).await, 200);
    eventually(Duration::from_secs(15), || !seen.requests.lock().unwrap().is_empty()).await;
    assert_eq!(seen.requests.lock().unwrap().len(), 1, "the marketplace conversation was answered");

    // A widget conversation of shop A, resumable by the socket that was given its id.
    let mut own = Widget::connect(kefu.addr, "shop-a").await;
    let welcome = own.hello(json!({})).await;
    let own_id = welcome["conversation_id"].as_str().unwrap().to_owned();
    own.message("w-1", "Is the lamp shade cotton?").await;
    own.recv_until_turn_end().await;
    let mut again = Widget::connect(kefu.addr, "shop-a").await;
    let resumed = again.hello(json!({"conversation_id": own_id, "last_seq": 0})).await;
    assert_eq!(resumed["resumed"], true, "the control: a socket's own id resumes");

    // The marketplace conversation's id, another shop's id, and an id that never existed are
    // all answered the same way: a fresh conversation, nothing of anyone's history.
    for (shop, id) in [("shop-a", "generic.c-42"), ("shop-b", own_id.as_str()), ("shop-a", "generic.c-43")] {
        let mut intruder = Widget::connect(kefu.addr, shop).await;
        let welcome = intruder.hello(json!({"conversation_id": id, "last_seq": 0})).await;
        assert_eq!(
            (welcome["resumed"].as_bool(), welcome["last_seq"].as_u64()),
            (Some(false), Some(0)),
            "{shop} {id}: {welcome}"
        );
        assert_ne!(welcome["conversation_id"], id);
        let frames = intruder.drain(Duration::from_millis(300)).await;
        assert!(frames.is_empty(), "{shop} {id}: {frames:?}");
    }
}

#[tokio::test]
async fn a_shopify_webhook_counts_only_for_the_shop_whose_secret_signed_it_once_and_in_order() {
    let data = tempfile::tempdir().unwrap();
    let shops = tempfile::tempdir().unwrap();
    for shop in ["shop-a", "shop-b"] {
        let shopify = format!("[channels.shopify]\nshop_domain = \"{shop}.myshopify.com\"\nsecret = \"shopify\"\n");
        assert_eq!(ingest(data.path(), shop, &shop_dir(shops.path(), shop, &shopify)).await.0, 0);
        write_secret(data.path(), shop, "shopify", &format!("{shop}'s client secret"));
    }
    let kefu = Server::start(data.path(), &[]).await;
    let order = |tracking: &str, updated_at: &str| {
        json!({"id": 1, "name": "#3001", "email": "bo@example.com", "financial_status": "paid", "currency": "USD", "total_price": "20.00",
            "line_items": [{"sku": "L-1", "title": "Lamp", "quantity": 1, "price": "20.00"}],
            "fulfillments": [{"name": "#3001.1", "tracking_company": "DHL", "tracking_number": tracking,
                "shipment_status": "in_transit", "created_at": "2026-11-20T10:00:00Z", "updated_at": updated_at}],
            "updated_at": updated_at})
    };
    // An order update to shop B's store, with webhook id `id`, signed with `secret`.
    let update = |id: &'static str, secret: &'static str| Webhook::Shopify {
        domain: "shop-b.myshopify.com",
        topic: "orders/updated",
        webhook_id: Some(id),
        secret,
    };
    let (b_secret, a_secret) = ("shop-b's client secret", "shop-a's client secret");
    let forged = kefu.webhook(update("wh-1", a_secret), &order("TRK-FORGED", "2026-11-21T10:00:00Z")).await.0;
    assert_eq!(forged, 401, "shop A's signature does not count for shop B, whatever the header says");
    let status = kefu.webhook(update("wh-1", b_secret), &order("TRK-T2", "2026-11-22T10:00:00-05:00")).await.0;
    assert_eq!(status, 200);
    let again = order("TRK-REPLAYED", "2026-11-30T10:00:00Z");
    assert_eq!(kefu.webhook(update("wh-1", b_secret), &again).await.0, 200);
    let older = order("TRK-T1", "2026-11-22T14:00:00Z");
    assert_eq!(kefu.webhook(update("wh-2", b_secret), &older).await.0, 200);
    let answer = ask(kefu.addr, "shop-b", "Where is my order 3001? bo@example.com").await;
    assert!(answer.contains("TRK-T2"), "a replayed webhook id and an older update change nothing: {answer}");
    let newer = order("TRK-T3", "2026-11-23T10:00:00Z");
    assert_eq!(kefu.webhook(update("wh-3", b_secret), &newer).await.0, 200);
    let answer = ask(kefu.addr, "shop-b", "Where is my order 3001? bo@example.com").await;
    assert!(answer.contains("TRK-T3"), "{answer}");
    let answer = ask(kefu.addr, "shop-a", "Where is my order 3001? bo@example.com").await;
    assert!(!answer.contains("TRK"), "shop A never had the order: {answer}");
}

/// Reads from `stream` until the server closes it (`Some(elapsed)`) or `patience` passes.
async fn closed_within(stream: &mut tokio::net::TcpStream, patience: Duration) -> Option<Duration> {
    use tokio::io::AsyncReadExt;
    let started = tokio::time::Instant::now();
    let mut buffer = [0u8; 1024];
    loop {
        match tokio::time::timeout_at(started + patience, stream.read(&mut buffer)).await {
            Err(_) => return None,
            Ok(Ok(0) | Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test]
async fn sockets_that_never_finish_their_headers_are_closed_and_capped_per_address() {
    use tokio::io::AsyncWriteExt;
    let data = tempfile::tempdir().unwrap();
    let shops = tempfile::tempdir().unwrap();
    assert_eq!(ingest(data.path(), "shop-a", &shop_dir(shops.path(), "shop-a", "")).await.0, 0);
    let env = [("KEFU__SERVER__HEADER_READ_TIMEOUT", "1s"), ("KEFU__SERVER__MAX_CONNECTIONS_PER_ADDRESS", "8")];
    let kefu = Server::start(data.path(), &env).await;

    // Eight slow clients fill this address's share: a ninth is closed at once, before its
    // headers; the slow ones are closed when their second is up.
    let mut slow = Vec::new();
    for _ in 0..8 {
        let mut stream = tokio::net::TcpStream::connect(kefu.addr).await.unwrap();
        stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        slow.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut ninth = tokio::net::TcpStream::connect(kefu.addr).await.unwrap();
    let refused = closed_within(&mut ninth, Duration::from_millis(900)).await;
    assert!(refused.is_some(), "past the address's cap a connection is closed at once");
    for stream in &mut slow {
        let closed = closed_within(stream, Duration::from_secs(5)).await;
        assert!(closed.is_some(), "a socket that never finishes its headers is closed");
    }
    // Their slots are free again: a whole request is answered.
    let (status, _) = crate::support::http_get(kefu.addr, "/healthz").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn with_every_place_taken_a_new_connection_waits_for_one_instead_of_being_dropped() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let data = tempfile::tempdir().unwrap();
    let shops = tempfile::tempdir().unwrap();
    assert_eq!(ingest(data.path(), "shop-a", &shop_dir(shops.path(), "shop-a", "")).await.0, 0);
    let env = [("KEFU__SERVER__MAX_CONNECTIONS", "4"), ("KEFU__SERVER__HEADER_READ_TIMEOUT", "60s")];
    let kefu = Server::start(data.path(), &env).await;
    let mut held = Vec::new();
    for _ in 0..4 {
        let mut stream = tokio::net::TcpStream::connect(kefu.addr).await.unwrap();
        stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        held.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    // A fifth, whole request: not accepted while all four places are held, and not dropped.
    let mut fifth = tokio::net::TcpStream::connect(kefu.addr).await.unwrap();
    fifth.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut answer = Vec::new();
    let early = tokio::time::timeout(Duration::from_millis(500), fifth.read_to_end(&mut answer)).await;
    assert!(early.is_err(), "answered or closed while no place was free: {answer:?}");
    // One of the four goes away: the fifth is served.
    drop(held.pop());
    tokio::time::timeout(Duration::from_secs(10), fifth.read_to_end(&mut answer)).await.unwrap().unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn a_body_that_stops_arriving_fails_its_request() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let data = tempfile::tempdir().unwrap();
    let shops = tempfile::tempdir().unwrap();
    assert_eq!(ingest(data.path(), "shop-a", &shop_dir(shops.path(), "shop-a", "")).await.0, 0);
    let kefu = Server::start(data.path(), &[("KEFU__SERVER__BODY_READ_TIMEOUT", "1s")]).await;
    let mut stream = tokio::net::TcpStream::connect(kefu.addr).await.unwrap();
    let head = "POST /v1/webhooks/generic HTTP/1.1\r\nHost: x\r\nX-Kefu-Shop: shop-a\r\nContent-Length: 1000\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(b"{\"conversation\": ").await.unwrap();
    // The rest never comes: the request fails once the body has been silent for a second.
    let mut answer = [0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(6), stream.read(&mut answer)).await;
    let read = read.expect("answered, not held until the client gives up").unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(read == 0 || answer.starts_with("HTTP/1.1 4"), "{answer}");
}

/// The count of a metric line with these labels in kefu's `/metrics`.
async fn metric(addr: SocketAddr, name_and_labels: &str) -> f64 {
    let (_, body) = crate::support::http_get(addr, "/metrics").await;
    body.lines()
        .find(|l| l.starts_with(name_and_labels))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

#[tokio::test]
async fn a_conversation_a_person_owns_costs_the_bot_nothing_however_often_the_buyer_reconnects() {
    let data = tempfile::tempdir().unwrap();
    let shops = tempfile::tempdir().unwrap();
    assert_eq!(ingest(data.path(), "shop-a", &shop_dir(shops.path(), "shop-a", "")).await.0, 0);
    let kefu = Server::start(data.path(), &[]).await;
    let mut buyer = Widget::connect(kefu.addr, "shop-a").await;
    let id = buyer.hello(json!({})).await["conversation_id"].as_str().unwrap().to_owned();
    buyer.message("m-0", "I want to talk to a human agent").await;
    buyer.recv_until("handoff").await;
    let classify = r#"kefu_stage_duration_seconds_count{stage="classify"}"#;
    let before = metric(kefu.addr, classify).await;
    for n in 1..=5 {
        buyer.message(&format!("m-{n}"), "hello? anyone there? where is my parcel").await;
    }
    buyer.drain(Duration::from_millis(500)).await;
    for _ in 0..3 {
        let mut again = Widget::connect(kefu.addr, "shop-a").await;
        let welcome = again.hello(json!({"conversation_id": id, "last_seq": 0})).await;
        assert_eq!(welcome["resumed"], true);
        again.drain(Duration::from_millis(300)).await;
    }
    assert_eq!(metric(kefu.addr, classify).await, before, "no message was classified after the hand-off");
}

#[tokio::test]
async fn a_flood_of_password_guesses_is_counted_before_any_is_hashed() {
    let data = tempfile::tempdir().unwrap();
    let shops = tempfile::tempdir().unwrap();
    assert_eq!(ingest(data.path(), "shop-a", &shop_dir(shops.path(), "shop-a", "")).await.0, 0);
    let kefu = Server::start(data.path(), &[]).await;
    kefu.admin().add_agent("ann", "agent", &["shop-a"]).await;

    let guesses = (0..30).map(|n| {
        let anyone = kefu.anonymous();
        async move { anyone.login("ann@example.com", &format!("guess number {n}")).await.0 }
    });
    let statuses = futures_util::future::join_all(guesses).await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    assert!(checked <= 5, "at most 5 guesses per account are checked, however many arrive at once: {statuses:?}");
    assert!(statuses.iter().all(|s| [401, 429, 503].contains(s)), "{statuses:?}");
    let (status, body, _) = kefu.anonymous().login("ann@example.com", PASSWORD).await;
    assert_eq!(status, 429, "the account waits out its back-off, even with the right password: {body}");
}

#[tokio::test]
async fn an_agents_sessions_end_when_the_account_changes_and_keys_can_be_listed_and_revoked() {
    let data = tempfile::tempdir().unwrap();
    let shops = tempfile::tempdir().unwrap();
    assert_eq!(ingest(data.path(), "shop-a", &shop_dir(shops.path(), "shop-a", "")).await.0, 0);
    let kefu = Server::start(data.path(), &[]).await;
    let admin = kefu.admin();
    let add = |password: &'static str| json!({"id": "ann", "name": "Ann", "email": "ann@example.com", "password": password, "shops": ["shop-a"]});
    let addr = kefu.addr;
    let login = |password: &'static str| async move {
        let (status, answer, _) = addr.anonymous().login("ann@example.com", password).await;
        (status, answer["token"].as_str().map(|t| addr.key(t)))
    };
    let me = |session: Caller| async move { session.get("/v1/console/me").await.0 };

    assert_eq!(admin.post("/v1/admin/agents", &add("first password")).await.0, 200);
    let (_, token) = login("first password").await;
    let token = token.unwrap();
    assert_eq!(me(token.clone()).await, 200);
    let mut live =
        Widget::connect_to(kefu.addr, "/v1/console/ws", &[("Authorization", token.authorization())]).await.unwrap();
    // A new password ends every session, the live socket's too.
    assert_eq!(admin.post("/v1/admin/agents", &add("second password")).await.0, 200);
    assert_eq!(me(token).await, 401);
    let closed = loop {
        match live.next().await {
            Some(Ok(_)) => continue,
            Some(Err(frame)) => break frame.map(|f| u16::from(f.code)),
            None => break None,
        }
    };
    assert_eq!(closed, Some(4401));
    assert_eq!(login("first password").await.0, 401);
    let (_, token) = login("second password").await;
    let token = token.unwrap();

    // Disabled: the session ends and no login works; enabled again, it does.
    assert_eq!(admin.act("/v1/admin/agents/ann/disable").await.0, 200);
    assert_eq!(me(token).await, 401);
    assert_eq!(login("second password").await.0, 401);
    assert_eq!(admin.act("/v1/admin/agents/ann/enable").await.0, 200);
    let (status, token) = login("second password").await;
    assert_eq!(status, 200);
    assert_eq!(admin.delete("/v1/admin/agents/ann").await.0, 204);
    assert_eq!(me(token.unwrap()).await, 401);
    assert_eq!(login("second password").await.0, 401);
    assert_eq!(admin.delete("/v1/admin/agents/ann").await.0, 404);

    // Keys: listed without the key, refused once revoked; a lifetime out of range is refused.
    let (status, created) =
        admin.post("/v1/admin/shops/shop-a/keys", &json!({"label": "sync", "expires_in_days": 30})).await;
    assert_eq!(status, 201, "{created}");
    let key = created["key"].as_str().unwrap().to_owned();
    let shop_key = kefu.key(&key);
    let queue = |caller: Caller| async move { caller.get("/v1/admin/shops/shop-a/handoffs").await.0 };
    assert_eq!(queue(shop_key.clone()).await, 200);
    let (status, listed) = admin.get("/v1/admin/shops/shop-a/keys").await;
    assert_eq!(status, 200);
    let keys = listed["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["label"], "sync");
    assert!(keys[0]["expires_at_ms"].as_u64().is_some());
    assert!(!listed.to_string().contains(&key[5..]), "the key itself is never listed");
    let (status, _) = shop_key.get("/v1/admin/shops/shop-a/keys").await;
    assert_eq!(status, 401, "a shop key cannot list keys");
    let id = keys[0]["id"].as_str().unwrap();
    assert_eq!(admin.delete(&format!("/v1/admin/shops/shop-b/keys/{id}")).await.0, 404);
    assert_eq!(admin.delete(&format!("/v1/admin/shops/shop-a/keys/{id}")).await.0, 204);
    assert_eq!(queue(shop_key).await, 401, "revoked");
    let never = json!({"label": "x", "expires_in_days": 0});
    assert_eq!(admin.post("/v1/admin/shops/shop-a/keys", &never).await.0, 422);
}

#[tokio::test]
async fn a_buyers_conversation_is_erased_everywhere_and_exported_first_by_its_own_shop_only() {
    const SECRET: &str = "shop a's webhook secret";
    let (seen, platform) = fake_endpoint().await;
    let data = tempfile::tempdir().unwrap();
    let shops = tempfile::tempdir().unwrap();
    let generic = format!("[channels.generic]\nsecret = \"webhook\"\nreply_url = \"http://{platform}/replies\"\n");
    assert_eq!(ingest(data.path(), "shop-a", &shop_dir(shops.path(), "shop-a", &generic)).await.0, 0);
    assert_eq!(ingest(data.path(), "shop-b", &shop_dir(shops.path(), "shop-b", "")).await.0, 0);
    write_secret(data.path(), "shop-a", "webhook", SECRET);
    let mut kefu = Server::start(data.path(), &[]).await;
    let admin = kefu.admin();

    // A widget buyer with a photo, and a marketplace buyer.
    let mut buyer = Widget::connect(kefu.addr, "shop-a").await;
    let id = buyer.hello(json!({})).await["conversation_id"].as_str().unwrap().to_owned();
    let png: Vec<u8> = [b"\x89PNG\r\n\x1a\n".as_slice(), &[7u8; 64]].concat();
    let head = format!("POST /v1/uploads?shop=shop-a&conversation={id} HTTP/1.1\r\nContent-Type: image/png\r\n");
    let (status, _, body) = crate::support::raw(kefu.addr, &head, &png).await;
    assert_eq!(status, 201);
    let image = serde_json::from_slice::<Value>(&body).unwrap()["url"].as_str().unwrap().to_owned();
    buyer
        .send(
            json!({"type": "message", "client_msg_id": "w-1", "text": "my name is Mia Rossi, the lamp arrived broken",
        "attachments": [{"kind": "image", "url": image}]}),
        )
        .await;
    buyer.recv_until_turn_end().await;
    drop(buyer);
    for (n, conversation) in ["c-7", "c-8"].iter().enumerate() {
        let delivery =
            json!({"conversation": conversation, "message_id": format!("m-{n}"), "text": "Is the lamp shade cotton?"});
        assert_eq!(deliver_generic(&kefu, "shop-a", SECRET, &delivery).await, 200);
    }
    let replies = || seen.requests.lock().unwrap().iter().filter(|(path, _)| path == "/replies").count();
    assert!(eventually(Duration::from_secs(15), || replies() >= 2).await, "both marketplace buyers answered");

    // Another shop's key, or the operator naming the conversation at another shop: nothing.
    let (_, created) = admin.post("/v1/admin/shops/shop-b/keys", &json!({"label": "b"})).await;
    let b_key = kefu.key(created["key"].as_str().unwrap());
    let erase = json!({"conversation": id, "export": true});
    let path_a = "/v1/admin/shops/shop-a/erase";
    assert_eq!(b_key.post(path_a, &erase).await.0, 401);
    assert_eq!(admin.post("/v1/admin/shops/shop-b/erase", &erase).await.0, 404);
    let both = json!({"conversation": id, "phone": "+34 600 111 222"});
    assert_eq!(admin.post(path_a, &both).await.0, 422, "one buyer at a time");

    let (status, erased) = admin.post(path_a, &erase).await;
    assert_eq!(status, 200, "{erased}");
    assert_eq!(erased["images"], 1);
    assert!(erased["entries"].as_u64().unwrap() >= 2, "{erased}");
    assert!(erased["export"].to_string().contains("Mia Rossi"), "exported first: {erased}");
    assert_eq!(crate::support::http_get(kefu.addr, &image).await.0, 404, "the photo is gone");
    let mut again = Widget::connect(kefu.addr, "shop-a").await;
    let welcome = again.hello(json!({"conversation_id": id, "last_seq": 0})).await;
    assert_eq!(welcome["resumed"], false, "the conversation is gone");
    assert_eq!(admin.post(path_a, &erase).await.0, 404, "nothing left to erase");

    let marketplace = json!({"platform": "generic", "platform_conversation": "c-7"});
    let (status, erased) = admin.post(path_a, &marketplace).await;
    assert_eq!(status, 200, "{erased}");
    assert!(erased["channel_rows"].as_u64().unwrap() >= 1, "its inbox row: {erased}");
    assert!(erased.get("export").is_none());
    kefu.child.kill().await.unwrap();
    kefu.child.wait().await.unwrap();

    // The command line, with the server stopped: exported to a file first.
    let export = data.path().join("c-8.json");
    let args = [
        "erase",
        "--shop",
        "shop-a",
        "--platform",
        "generic",
        "--platform-conversation",
        "c-8",
        "--export",
        export.to_str().unwrap(),
        "--data-dir",
        data.path().to_str().unwrap(),
    ];
    let (code, stdout, stderr) = run_kefu(&args, "").await;
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("erased generic.c-8"), "{stdout}");
    assert!(std::fs::read_to_string(&export).unwrap().contains("lamp shade cotton"));
    let (code, _, stderr) = run_kefu(&args, "").await;
    assert_eq!(code, 1, "{stderr}");
}

#[tokio::test]
async fn one_shops_slow_reply_url_does_not_hold_up_another_shops_replies() {
    let (seen, platform) = fake_endpoint().await;
    let data = tempfile::tempdir().unwrap();
    let shops = tempfile::tempdir().unwrap();
    for (shop, path) in [("shop-a", "slow"), ("shop-b", "replies")] {
        let generic = format!("[channels.generic]\nsecret = \"webhook\"\nreply_url = \"http://{platform}/{path}\"\n");
        assert_eq!(ingest(data.path(), shop, &shop_dir(shops.path(), shop, &generic)).await.0, 0);
        write_secret(data.path(), shop, "webhook", "the secret");
    }
    let kefu = Server::start(data.path(), &[]).await;
    for shop in ["shop-a", "shop-b"] {
        let delivery = json!({"conversation": "c-1", "message_id": "m-1", "text": "Is the lamp shade cotton?"});
        assert_eq!(deliver_generic(&kefu, shop, "the secret", &delivery).await, 200);
    }
    eventually(Duration::from_secs(15), || seen.requests.lock().unwrap().len() >= 2).await;
    let order: Vec<String> = seen.requests.lock().unwrap().iter().map(|(path, _)| path.clone()).collect();
    assert_eq!(order, ["/replies", "/slow"], "shop B's reply went out while shop A's URL was still answering");
}

#[tokio::test]
async fn a_shops_conversations_are_erased_once_idle_past_its_retention_and_only_its_own() {
    let data = tempfile::tempdir().unwrap();
    let shops = tempfile::tempdir().unwrap();
    let (code, stderr) =
        ingest(data.path(), "shop-c", &shop_dir(shops.path(), "shop-c", "[retention]\nconversations = \"0s\"\n")).await;
    assert_ne!(code, 0, "a retention of nothing is a mistake: {stderr}");
    let a = shop_dir(shops.path(), "shop-a", "[retention]\nconversations = \"30days\"\n");
    let b = shop_dir(shops.path(), "shop-b", "");
    let served = [("shop-a".to_owned(), a), ("shop-b".to_owned(), b)];
    let kefu = spawn_app_with_shops(&served, |s| s.server.prune_interval = Duration::from_millis(200)).await;
    let mut ids = Vec::new();
    for shop in ["shop-a", "shop-b"] {
        let mut buyer = Widget::connect(kefu.addr, shop).await;
        let id = buyer.hello(json!({})).await["conversation_id"].as_str().unwrap().to_owned();
        buyer.message("m-1", "Is the lamp shade cotton?").await;
        buyer.recv_until_turn_end().await;
        ids.push((shop, id));
    }
    let resumes = |shop: &'static str, id: String| async move {
        let mut again = Widget::connect(kefu.addr, shop).await;
        again.hello(json!({"conversation_id": id, "last_seq": 0})).await["resumed"] == true
    };
    // Thirty-one days without a word from the buyer, in a moment.
    kefu.clock.advance(Duration::from_secs(31 * 86_400));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while resumes("shop-a", ids[0].1.clone()).await && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(!resumes("shop-a", ids[0].1.clone()).await, "shop A's idle conversation was erased");
    assert!(resumes("shop-b", ids[1].1.clone()).await, "shop B keeps its conversations");
    kefu.shutdown().await;
}

#[tokio::test]
async fn a_shop_with_all_its_turns_in_flight_gets_busy_and_other_shops_are_answered() {
    let (seen, api) = fake_endpoint().await;
    let data = tempfile::tempdir().unwrap();
    let shops = tempfile::tempdir().unwrap();
    let orders =
        format!("[orders]\nsource = \"http\"\nurl = \"http://{api}/held-orders/{{order_id}}\"\nverify = \"none\"\n");
    for shop in ["shop-a", "shop-b"] {
        assert_eq!(ingest(data.path(), shop, &shop_dir(shops.path(), shop, &orders)).await.0, 0);
    }
    let kefu = Server::start(data.path(), &[("KEFU__PIPELINE__MAX_TURNS_PER_SHOP", "1")]).await;

    // Shop A's one turn waits on its order API (held until the test lets it answer).
    let mut first = Widget::connect(kefu.addr, "shop-a").await;
    first.hello(json!({})).await;
    first.message("m-1", "Where is my order 1001?").await;
    assert_eq!(first.recv().await["type"], "ack");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while seen.requests.lock().unwrap().is_empty() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(seen.requests.lock().unwrap().len(), 1, "the first turn is at the order API");

    // A second buyer of shop A is told busy, and nothing of theirs is stored.
    let mut second = Widget::connect(kefu.addr, "shop-a").await;
    second.hello(json!({})).await;
    second.message("m-1", "Is the lamp shade cotton?").await;
    let refused = second.recv().await;
    assert_eq!(refused["type"], "error", "{refused}");
    assert_eq!(refused["code"], "busy", "{refused}");
    assert_eq!(refused["client_msg_id"], "m-1", "{refused}");
    assert!(refused["retry_after_ms"].as_u64().unwrap() > 0, "{refused}");

    // Shop B's buyer is answered meanwhile: shop A's load is shop A's.
    let answer = ask(kefu.addr, "shop-b", "Is the lamp shade cotton?").await;
    assert!(answer.contains("cotton"), "{answer}");

    // The order API answers; shop A's first turn ends, and the second buyer's resend is taken
    // as their first message.
    seen.gate.add_permits(10);
    let frames = first.recv_until_turn_end().await;
    assert!(frames.iter().any(|f| f["text"].as_str().is_some_and(|t| t.contains("JD0123456789"))), "{frames:?}");
    second.message("m-1", "Is the lamp shade cotton?").await;
    let ack = second.recv().await;
    assert_eq!((ack["type"].as_str(), ack["seq"].as_u64()), (Some("ack"), Some(1)), "{ack}");
    let frames = second.recv_until_turn_end().await;
    assert!(frames.iter().any(|f| f["text"].as_str().is_some_and(|t| t.contains("cotton"))), "{frames:?}");
}

#[tokio::test]
async fn answered_marketplace_messages_are_pruned_without_answering_a_redelivery_twice() {
    let (seen, platform) = fake_endpoint().await;
    let data = tempfile::tempdir().unwrap();
    let shops = tempfile::tempdir().unwrap();
    let generic = format!("[channels.generic]\nsecret = \"webhook\"\nreply_url = \"http://{platform}/replies\"\n");
    let (code, stderr) = ingest(
        data.path(),
        "shop-c",
        &shop_dir(shops.path(), "shop-c", &format!("{generic}[retention]\ninbox = \"0s\"\n")),
    )
    .await;
    assert_ne!(code, 0, "a retention of nothing is a mistake: {stderr}");
    let toml = format!("{generic}[retention]\ninbox = \"7days\"\n");
    write_secret(data.path(), "shop-a", "webhook", "the secret");
    let kefu = spawn_app_with_shops(&[("shop-a".to_owned(), shop_dir(shops.path(), "shop-a", &toml))], |s| {
        s.server.prune_interval = Duration::from_millis(200);
        s.secrets.dir = data.path().join("secrets");
        s.outbound.allow_private = true;
    })
    .await;
    let delivery = json!({"conversation": "c-1", "message_id": "m-1", "text": "Is the lamp shade cotton?"});
    let replies = || seen.requests.lock().unwrap().iter().filter(|(path, _)| path == "/replies").count();
    let wait_for = |n: usize| async move {
        eventually(Duration::from_secs(15), || replies() >= n).await;
        replies()
    };
    assert_eq!(deliver_generic(&kefu, "shop-a", "the secret", &delivery).await, 200);
    assert_eq!(wait_for(1).await, 1);
    // At once, a redelivery is recognised and answered by nothing.
    assert_eq!(deliver_generic(&kefu, "shop-a", "the secret", &delivery).await, 200);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(replies(), 1, "a redelivery within the retention is not answered again");
    // Past it (eight days on, and a prune round), the inbox row (the buyer's text) is deleted
    // (`storage::sled::channels::tests`); the conversation still knows the message id, so a
    // late redelivery is still answered once.
    kefu.clock.advance(Duration::from_secs(8 * 86_400));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(deliver_generic(&kefu, "shop-a", "the secret", &delivery).await, 200);
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(replies(), 1, "a redelivery after the retention is not answered again either");
    let another = json!({"conversation": "c-1", "message_id": "m-2", "text": "And the basket?"});
    assert_eq!(deliver_generic(&kefu, "shop-a", "the secret", &another).await, 200);
    assert_eq!(wait_for(2).await, 2, "the conversation goes on");
    kefu.shutdown().await;
}

#[tokio::test]
async fn deleting_a_shop_removes_all_it_had_and_leaves_the_others_alone() {
    let (seen, platform) = fake_endpoint().await;
    let data = tempfile::tempdir().unwrap();
    let shops = tempfile::tempdir().unwrap();
    let generic = format!("[channels.generic]\nsecret = \"webhook\"\nreply_url = \"http://{platform}/replies\"\n");
    for shop in ["shop-a", "shop-b"] {
        assert_eq!(ingest(data.path(), shop, &shop_dir(shops.path(), shop, &generic)).await.0, 0);
        write_secret(data.path(), shop, "webhook", "the secret");
    }
    let mut kefu = Server::start(data.path(), &[]).await;
    let admin = kefu.admin();
    let (_, created) = admin.post("/v1/admin/shops/shop-a/keys", &json!({"label": "a"})).await;
    let a_key = kefu.key(created["key"].as_str().unwrap());
    admin.add_agent("ann", "agent", &["shop-a", "shop-b"]).await;

    // Each shop has a widget buyer and a marketplace buyer.
    let mut ids = Vec::new();
    for shop in ["shop-a", "shop-b"] {
        let mut buyer = Widget::connect(kefu.addr, shop).await;
        ids.push(buyer.hello(json!({})).await["conversation_id"].as_str().unwrap().to_owned());
        buyer.message("m-1", "Is the lamp shade cotton?").await;
        buyer.recv_until_turn_end().await;
        let delivery = json!({"conversation": "c-1", "message_id": "m-1", "text": "Is the lamp shade cotton?"});
        assert_eq!(deliver_generic(&kefu, shop, "the secret", &delivery).await, 200);
    }
    let replies = || seen.requests.lock().unwrap().iter().filter(|(path, _)| path == "/replies").count();
    assert!(eventually(Duration::from_secs(15), || replies() >= 2).await, "both marketplace buyers answered");

    // Only the operator deletes a shop, not the shop's own key.
    let path = "/v1/admin/shops/shop-a";
    assert_eq!(a_key.delete(path).await.0, 401);
    let (status, deleted) = admin.delete(path).await;
    assert_eq!(status, 200, "{deleted}");
    assert_eq!(deleted["conversations"], 2, "the widget's and the marketplace's: {deleted}");
    assert!(deleted["console_rows"].as_u64().unwrap() >= 1, "the key at least: {deleted}");
    assert_eq!(admin.delete(path).await.0, 404, "nothing left");

    // Shop A is gone for buyers, platforms and its key; shop B is untouched.
    let mut buyer = Widget::connect(kefu.addr, "shop-a").await;
    assert_eq!(buyer.recv().await["code"], "unknown_shop");
    let delivery = json!({"conversation": "c-2", "message_id": "m-2", "text": "hello"});
    assert_ne!(deliver_generic(&kefu, "shop-a", "the secret", &delivery).await, 200);
    let handoffs = "/v1/admin/shops/shop-a/handoffs";
    assert_eq!(a_key.get(handoffs).await.0, 401);
    let mut b = Widget::connect(kefu.addr, "shop-b").await;
    assert_eq!(b.hello(json!({"conversation_id": ids[1], "last_seq": 0})).await["resumed"], true);
    let (_, session, _) = kefu.anonymous().login("ann@example.com", PASSWORD).await;
    assert_eq!(session["agent"]["shops"], json!(["shop-b"]), "the agent keeps the other shop: {session}");

    // After a restart shop A stays gone: nothing of it is loaded again.
    kefu.child.kill().await.unwrap();
    kefu.child.wait().await.unwrap();
    let (code, _, stderr) =
        run_kefu(&["delete-shop", "--shop", "shop-b", "--data-dir", data.path().to_str().unwrap()], "").await;
    assert_ne!(code, 0, "the command line asks for --yes: {stderr}");
    assert!(stderr.contains("--yes"), "{stderr}");
    let mut kefu = Server::start(data.path(), &[]).await;
    let mut buyer = Widget::connect(kefu.addr, "shop-a").await;
    assert_eq!(buyer.recv().await["code"], "unknown_shop");
    let answer = ask(kefu.addr, "shop-b", "Is the lamp shade cotton?").await;
    assert!(answer.contains("cotton"), "{answer}");

    // The command line, with the server stopped.
    kefu.child.kill().await.unwrap();
    kefu.child.wait().await.unwrap();
    let args = ["delete-shop", "--shop", "shop-b", "--yes", "--data-dir", data.path().to_str().unwrap()];
    let (code, stdout, stderr) = run_kefu(&args, "").await;
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("deleted shop shop-b: 3 conversations"), "{stdout}");
    let (code, _, stderr) = run_kefu(&args, "").await;
    assert_eq!(code, 1, "no shop-b any more: {stderr}");
}

#[tokio::test]
async fn a_shops_images_are_kept_for_its_own_upload_retention() {
    let shops = tempfile::tempdir().unwrap();
    let a = shop_dir(shops.path(), "shop-a", "[retention]\nuploads = \"7days\"\n");
    let served = [("shop-a".to_owned(), a), ("shop-b".to_owned(), shop_dir(shops.path(), "shop-b", ""))];
    let kefu = spawn_app_with_shops(&served, |s| s.server.prune_interval = Duration::from_millis(200)).await;
    let png: Vec<u8> = [b"\x89PNG\r\n\x1a\n".as_slice(), &[7u8; 64]].concat();
    let mut images = Vec::new();
    let mut buyers = Vec::new();
    for shop in ["shop-a", "shop-b"] {
        let mut buyer = Widget::connect(kefu.addr, shop).await;
        let id = buyer.hello(json!({})).await["conversation_id"].as_str().unwrap().to_owned();
        let head = format!("POST /v1/uploads?shop={shop}&conversation={id} HTTP/1.1\r\nContent-Type: image/png\r\n");
        let (status, _, body) = crate::support::raw(kefu.addr, &head, &png).await;
        assert_eq!(status, 201);
        images.push(serde_json::from_slice::<Value>(&body).unwrap()["url"].as_str().unwrap().to_owned());
        buyers.push(buyer);
    }
    let status =
        |url: String| async move { crate::support::raw(kefu.addr, &format!("GET {url} HTTP/1.1\r\n"), b"").await.0 };
    // Eight days on: past shop A's week, within the deployment's 90 days.
    kefu.clock.advance(Duration::from_secs(8 * 86_400));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while status(images[0].clone()).await == 200 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(status(images[0].clone()).await, 404, "shop A's image is past its week");
    assert_eq!(status(images[1].clone()).await, 200, "shop B keeps the deployment's retention");
    drop(buyers);
    kefu.shutdown().await;
}
