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

use crate::support::{Server, fixtures, http, run_kefu};

const SECRET: &str = "a shared secret for the generic channel";
const SECRET_ENV: &str = "KEFU_TEST_GENERIC_SECRET";

/// The platform's side: what reached its reply endpoint, and whether it is up.
#[derive(Default)]
struct Platform {
    replies: Mutex<Vec<Value>>,
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
    StatusCode::NO_CONTENT
}

async fn fake_platform() -> (Arc<Platform>, SocketAddr) {
    let platform = Arc::new(Platform::default());
    let app = axum::Router::new().route("/replies", axum::routing::post(reply_endpoint)).with_state(platform.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (platform, addr)
}

/// A shop with the generic channel, its replies going to the fake platform, ingested into `data`.
async fn shop_with_channel(data: &Path, platform: SocketAddr) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixtures().join("test-shop/faq.md"), dir.path().join("faq.md")).unwrap();
    let toml = format!(
        "name = \"Channel Shop\"\ndefault_language = \"en\"\n\n[channels.generic]\nsecret_env = \"{SECRET_ENV}\"\nreply_url = \"http://{platform}/replies\"\n"
    );
    std::fs::write(dir.path().join("shop.toml"), toml).unwrap();
    let args = ["ingest", "--shop", "chan-shop", dir.path().to_str().unwrap(), "--data-dir", data.to_str().unwrap()];
    let (code, _, stderr) = run_kefu(&args, "").await;
    assert_eq!(code, 0, "{stderr}");
    dir
}

const ADMIN: &str = "a-long-enough-admin-token";

async fn start(data: &Path) -> Server {
    let env = [
        (SECRET_ENV, SECRET),
        ("KEFU__CHANNELS__RETRY_BASE", "200ms"),
        ("KEFU__CHANNELS__RETRY_MAX", "1s"),
        ("KEFU__ADMIN__TOKEN", ADMIN),
    ];
    Server::start(data, &env).await
}

/// Delivers `body` signed with `secret` (none: unsigned); returns the status.
async fn deliver(addr: SocketAddr, body: &Value, secret: Option<&str>) -> u16 {
    let raw = body.to_string();
    let signature = secret.map(|s| format!("sha256={}", kefu::crypto::hmac_hex(s.as_bytes(), raw.as_bytes())));
    let mut headers = vec![("X-Kefu-Shop", "chan-shop")];
    if let Some(signature) = &signature {
        headers.push(("X-Kefu-Signature", signature.as_str()));
    }
    http(addr, "POST", "/v1/webhooks/generic", &headers, Some(body)).await.0
}

async fn replies_after(platform: &Platform, count: usize, patience: Duration) -> Vec<Value> {
    let deadline = tokio::time::Instant::now() + patience;
    loop {
        let replies = platform.replies.lock().unwrap().clone();
        if replies.len() >= count || tokio::time::Instant::now() > deadline {
            return replies;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_signed_delivery_is_answered_once_and_a_forged_one_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let (platform, platform_addr) = fake_platform().await;
    let _shop = shop_with_channel(data.path(), platform_addr).await;
    let mut kefu = start(data.path()).await;

    let question = json!({"conversation": "c-1", "message_id": "m-1", "text": "Is the lamp shade cotton?"});
    assert_eq!(deliver(kefu.addr, &question, Some("not the secret")).await, 401, "forged");
    assert_eq!(deliver(kefu.addr, &question, None).await, 401, "unsigned");
    let (status, _, _) = http(kefu.addr, "POST", "/v1/webhooks/myspace", &[], Some(&question)).await;
    assert_eq!(status, 404, "no such platform");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(*platform.attempts.lock().unwrap(), 0, "nothing was stored, so nothing answered");

    assert_eq!(deliver(kefu.addr, &question, Some(SECRET)).await, 200);
    assert_eq!(deliver(kefu.addr, &question, Some(SECRET)).await, 200, "a redelivery is acknowledged too");
    let replies = replies_after(&platform, 1, Duration::from_secs(10)).await;
    assert_eq!(replies.len(), 1, "{replies:?}");
    assert_eq!((replies[0]["conversation"].as_str(), replies[0]["reply_to"].as_str()), (Some("c-1"), Some("m-1")));
    assert!(replies[0]["text"].as_str().unwrap().contains("rattan"), "{replies:?}");
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(platform.replies.lock().unwrap().len(), 1, "the redelivery got no second reply");

    // A request for a person: the notice goes back to the platform, the conversation to the
    // console (its channel shown), and the person's reply to the platform.
    let human = json!({"conversation": "c-1", "message_id": "m-2", "text": "I want to talk to a human agent"});
    assert_eq!(deliver(kefu.addr, &human, Some(SECRET)).await, 200);
    let replies = replies_after(&platform, 2, Duration::from_secs(10)).await;
    assert_eq!(replies.len(), 2, "the hand-off notice: {replies:?}");
    let admin = format!("Bearer {ADMIN}");
    let agent = json!({"id": "ana", "name": "Ana", "email": "ana@example.com", "password": "correct horse battery",
        "shops": ["chan-shop"]});
    let (status, _, _) = http(kefu.addr, "POST", "/v1/admin/agents", &[("Authorization", &admin)], Some(&agent)).await;
    assert_eq!(status, 200);
    let login = json!({"email": "ana@example.com", "password": "correct horse battery"});
    let (_, session, _) = http(kefu.addr, "POST", "/v1/console/login", &[], Some(&login)).await;
    let bearer = format!("Bearer {}", session["token"].as_str().unwrap());
    let auth = [("Authorization", bearer.as_str())];
    let (_, queue, _) = http(kefu.addr, "GET", "/v1/console/queue", &auth, None).await;
    let item = &queue["items"][0];
    assert_eq!((item["channel"].as_str(), item["conversation"].as_str()), (Some("generic"), Some("generic.c-1")));
    let base = "/v1/console/shops/chan-shop/conversations/generic.c-1";
    let (status, _, _) = http(kefu.addr, "POST", &format!("{base}/claim"), &auth, None).await;
    assert_eq!(status, 200);
    let reply = json!({"text": "Hi, Ana here. Let me check that for you.", "translate": false});
    let (status, sent, _) = http(kefu.addr, "POST", &format!("{base}/reply"), &auth, Some(&reply)).await;
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
    assert_eq!(deliver(kefu.addr, &question, Some(SECRET)).await, 200);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while *platform.attempts.lock().unwrap() < 2 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
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
