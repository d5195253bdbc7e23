//! The agent console over real HTTP and websockets: accounts, the live queue, claim, reply,
//! note, resolve, the audit log — and that an agent of one shop sees nothing of another.

use std::time::Duration;

use serde_json::{Value, json};

use crate::drivers::{PASSWORD, Running};
use crate::support::{TestApp, Widget, http, spawn_app, spawn_app_with};

/// A buyer of `shop` who asks for a person; returns the socket and the conversation id.
async fn buyer_wanting_a_person(app: &TestApp, shop: &str) -> (Widget, String) {
    let mut buyer = app.widget(shop).await;
    let welcome = buyer.hello(json!({"type": "hello"})).await;
    let conversation = welcome["conversation_id"].as_str().unwrap().to_owned();
    buyer.message("m1", "I want to talk to a human agent please").await;
    let frames = buyer.recv_until("handoff").await;
    assert_eq!(frames.last().unwrap()["reason"], "human_request");
    (buyer, conversation)
}

/// The next console frame of `kind`, skipping others.
pub(crate) async fn next_of(socket: &mut Widget, kind: &str) -> Value {
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let frame = socket.recv().await;
            if frame["type"] == kind {
                return frame;
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("no {kind} frame"))
}

#[tokio::test]
async fn an_agent_sees_a_handoff_live_claims_it_replies_and_gives_it_back_to_the_bot() {
    let app = spawn_app().await;
    let addr = app.addr;
    app.admin().add_agent("alice", "shop_admin", &["test-shop"]).await;
    app.admin().add_agent("carol", "agent", &["test-shop"]).await;
    let alice = app.console("alice").await;
    let carol = app.console("carol").await;

    let mut live =
        Widget::connect_to(addr, "/v1/console/ws", &[("Authorization", alice.authorization())]).await.unwrap();
    let snapshot = next_of(&mut live, "queue").await;
    assert_eq!(snapshot["items"], json!([]));

    let (mut buyer, conversation) = buyer_wanting_a_person(&app, "test-shop").await;
    let handoff = next_of(&mut live, "handoff").await;
    assert_eq!(handoff["item"]["conversation"], conversation.as_str());
    assert_eq!(handoff["item"]["reason"], "human_request");
    assert_eq!(handoff["item"]["last_messages"][0]["text"], "I want to talk to a human agent please");

    let base = format!("/v1/console/shops/test-shop/conversations/{conversation}");
    let (status, refused) = alice.post(&format!("{base}/reply"), &json!({"text": "hi"})).await;
    assert_eq!((status, refused["error"]["code"].as_str()), (409, Some("not_claimed")), "claim first");

    let (status, claimed) = alice.act(&format!("{base}/claim")).await;
    assert_eq!((status, claimed["claimed_by"]["id"].as_str()), (200, Some("alice")));
    assert_eq!(next_of(&mut live, "claimed").await["claimed_by"]["id"], "alice");
    let (status, taken) = carol.act(&format!("{base}/claim")).await;
    assert_eq!((status, taken["error"]["claimed_by"]["id"].as_str()), (409, Some("alice")), "one owner");

    let (status, view) = alice.get(&base).await;
    assert_eq!(status, 200, "{view}");
    assert_eq!((view["owner"].as_str(), view["claimed_by"]["id"].as_str()), (Some("human"), Some("alice")));
    let kinds: Vec<&str> = view["entries"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["buyer", "handoff", "claimed"]);

    let (status, note) = alice.post(&format!("{base}/notes"), &json!({"text": "VIP buyer, be kind"})).await;
    assert_eq!(status, 200, "{note}");
    let reply = json!({"text": "Hello, I am looking at it now.", "translate": false});
    let (status, sent) = alice.post(&format!("{base}/reply"), &reply).await;
    assert_eq!((status, sent["text"].as_str()), (200, Some("Hello, I am looking at it now.")), "{sent}");
    let frames = buyer.recv_until("agent_message").await;
    let message = frames.last().unwrap();
    assert_eq!(
        (message["text"].as_str(), message["agent_name"].as_str()),
        (Some("Hello, I am looking at it now."), Some("ALICE"))
    );
    assert!(frames.iter().all(|f| !f.to_string().contains("VIP buyer")), "notes never reach the buyer: {frames:?}");
    let (status, _) = carol.act(&format!("{base}/resolve")).await;
    assert_eq!(status, 409, "only the holder resolves");

    let (status, moved) = alice.post(&format!("{base}/transfer"), &json!({"agent": "carol"})).await;
    assert_eq!((status, moved["claimed_by"]["id"].as_str()), (200, Some("carol")), "{moved}");
    assert_eq!(next_of(&mut live, "claimed").await["claimed_by"]["id"], "carol");
    let (status, _) = alice.post(&format!("{base}/reply"), &json!({"text": "x", "translate": false})).await;
    assert_eq!(status, 409, "alice handed it over");

    let (status, _) = carol.act(&format!("{base}/resolve")).await;
    assert_eq!(status, 200);
    buyer.recv_until("resolved").await;
    assert_eq!(next_of(&mut live, "resolved").await["conversation"], conversation.as_str());
    let (_, queue) = alice.get("/v1/console/queue").await;
    assert_eq!(queue["items"], json!([]));
    // The bot answers again.
    buyer.message("m2", "how long does shipping take?").await;
    let frames = buyer.recv_until("reply").await;
    assert!(frames.iter().all(|f| f["type"] != "handoff"), "{frames:?}");

    let (status, transcript) = carol.get(&format!("{base}/export")).await;
    assert_eq!(status, 200, "{transcript}");
    let kinds: Vec<&str> =
        transcript["entries"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["buyer", "handoff", "claimed", "note", "agent", "claimed", "resolved", "buyer", "bot"]);

    let (status, audit) = alice.get("/v1/console/shops/test-shop/audit").await;
    assert_eq!(status, 200, "{audit}");
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|r| r["action"].as_str().unwrap()).collect();
    for action in ["login", "claim", "read", "note", "reply", "transfer", "resolve", "export"] {
        assert!(actions.contains(&action), "{action} missing from {actions:?}");
    }
    let (status, _) = carol.get("/v1/console/shops/test-shop/audit").await;
    assert_eq!(status, 403, "agents do not read the audit log");
    app.shutdown().await;
}

#[tokio::test]
async fn an_agent_of_one_shop_gets_nothing_of_another_over_http_or_websocket() {
    let app = spawn_app().await;
    let addr = app.addr;
    app.admin().add_agent("alice", "shop_admin", &["test-shop"]).await;
    app.admin().add_agent("bob", "shop_admin", &["other-shop"]).await;
    let bob = app.console("bob").await;
    let mut bobs_live =
        Widget::connect_to(addr, "/v1/console/ws", &[("Authorization", bob.authorization())]).await.unwrap();
    next_of(&mut bobs_live, "queue").await;

    let (_buyer, conversation) = buyer_wanting_a_person(&app, "test-shop").await;
    let base = format!("/v1/console/shops/test-shop/conversations/{conversation}");
    let requests = [
        ("GET", base.clone(), None),
        ("POST", format!("{base}/claim"), None),
        ("POST", format!("{base}/reply"), Some(json!({"text": "hello", "translate": false}))),
        ("POST", format!("{base}/notes"), Some(json!({"text": "x"}))),
        ("POST", format!("{base}/transfer"), Some(json!({"agent": "bob"}))),
        ("POST", format!("{base}/resolve"), None),
        ("POST", format!("{base}/translate"), None),
        ("GET", "/v1/console/shops/test-shop/audit".to_owned(), None),
    ];
    for (method, path, body) in requests {
        let (status, answer) = bob.call(method, &path, body.as_ref()).await;
        assert_eq!(status, 404, "{method} {path}: {answer}");
        assert!(!answer.to_string().contains(&conversation), "{answer}");
    }
    let (_, queue) = bob.get("/v1/console/queue").await;
    assert_eq!(queue["items"], json!([]), "bob's queue holds only other-shop");
    let leaked = bobs_live.drain(Duration::from_millis(500)).await;
    assert!(leaked.is_empty(), "bob's socket saw test-shop: {leaked:?}");

    // Another site's page cannot use an agent's cookie or open the socket; the console's own can.
    let cookie = format!("kefu_session={}", bob.token());
    let evil = [("Origin", "https://evil.example"), ("Cookie", cookie.as_str())];
    let (status, answer, _) = http(addr, "GET", "/v1/console/queue", &evil, None).await;
    assert_eq!((status, answer["error"]["code"].as_str()), (403, Some("cross_origin")), "{answer}");
    let evil_headers = [("Origin", "https://evil.example"), ("Authorization", bob.authorization())];
    assert_eq!(Widget::connect_to(addr, "/v1/console/ws", &evil_headers).await.err(), Some(403));
    let own = format!("http://{addr}");
    let (status, _, _) =
        http(addr, "GET", "/v1/console/queue", &[("Origin", own.as_str()), ("Cookie", cookie.as_str())], None).await;
    assert_eq!(status, 200);
    let (status, head, _) = crate::support::raw(addr, "GET /console HTTP/1.1\r\n", b"").await;
    let head = head.to_lowercase();
    assert_eq!(status, 200);
    for expected in
        ["cache-control: no-store", "x-frame-options: deny", "frame-ancestors 'none'", "script-src 'sha256-"]
    {
        assert!(head.contains(expected), "{expected}: {head}");
    }

    // Not logged in, or logged in wrongly.
    let (status, _) = app.key("not-a-token").get("/v1/console/queue").await;
    assert_eq!(status, 401);
    assert_eq!(Widget::connect_to(addr, "/v1/console/ws", &[]).await.err(), Some(401));
    let (status, answer, cookie) = app.anonymous().login("alice@example.com", "not the password").await;
    assert_eq!((status, answer["error"]["code"].as_str(), cookie), (401, Some("bad_credentials"), None));
    let (status, answer, _) = app.anonymous().login("nobody@example.com", PASSWORD).await;
    assert_eq!((status, answer["error"]["code"].as_str()), (401, Some("bad_credentials")), "same answer");

    // Logged out: the token is dead, and the live socket it opened is closed.
    let (status, _) = bob.act("/v1/console/logout").await;
    assert_eq!(status, 204);
    let closed = loop {
        match bobs_live.next().await {
            Some(Ok(_)) => continue,
            Some(Err(frame)) => break frame,
            None => panic!("the socket ended without a close frame"),
        }
    };
    assert_eq!(closed.map(|f| u16::from(f.code)), Some(4401), "closed at logout");
    let (status, _) = bob.get("/v1/console/me").await;
    assert_eq!(status, 401);
    app.shutdown().await;
}

#[tokio::test]
async fn sessions_expire() {
    let app = spawn_app_with(|s| s.console.session_ttl = Duration::from_secs(8 * 3600)).await;
    app.admin().add_agent("alice", "agent", &["test-shop"]).await;
    let alice = app.console("alice").await;
    let (status, me) = alice.get("/v1/console/me").await;
    assert_eq!((status, me["agent"]["id"].as_str()), (200, Some("alice")));
    assert!(app.clock.advance(Duration::from_secs(8 * 3600 - 60)));
    assert_eq!(alice.get("/v1/console/me").await.0, 200, "a minute before it ends");
    app.clock.advance(Duration::from_secs(61));
    let (status, _) = alice.get("/v1/console/me").await;
    assert_eq!(status, 401);
    app.shutdown().await;
}

#[tokio::test]
async fn canned_replies_are_filled_in_and_a_saved_answer_is_what_the_bot_says_next() {
    let app = spawn_app().await;
    app.admin().add_agent("alice", "shop_admin", &["test-shop"]).await;
    app.admin().add_agent("carol", "agent", &["test-shop"]).await;
    app.admin().add_agent("bob", "shop_admin", &["other-shop"]).await;
    let (alice, carol, bob) = (app.console("alice").await, app.console("carol").await, app.console("bob").await);

    let canned = json!({"title": "Hello", "text": "Hi, I am {agent_name}. Which order, {order_id}?"});
    let (status, _) = carol.post("/v1/console/shops/test-shop/canned", &canned.clone()).await;
    assert_eq!(status, 403, "agents do not edit canned replies");
    let (status, created) = alice.post("/v1/console/shops/test-shop/canned", &canned).await;
    assert_eq!(status, 201, "{created}");
    let (_buyer, conversation) = buyer_wanting_a_person(&app, "test-shop").await;
    let path = format!("/v1/console/shops/test-shop/conversations/{conversation}/canned");
    let (status, filled) = carol.get(&path).await;
    assert_eq!(status, 200, "{filled}");
    assert_eq!(filled["replies"][0]["text"], "Hi, I am CAROL. Which order, {order_id}?", "unknown variables stay");
    let (status, _) = bob.get(&path).await;
    assert_eq!(status, 404);

    let faq = json!({"question": "Is the ceramic mug dishwasher safe?",
        "answer": "Yes, up to 70 degrees; washing by hand keeps the glaze bright for longer."});
    let (status, _) = bob.post("/v1/console/shops/test-shop/faq", &faq.clone()).await;
    assert_eq!(status, 404, "another shop's agent cannot teach this shop");
    let (status, _) = carol.post("/v1/console/shops/test-shop/faq", &faq.clone()).await;
    assert_eq!(status, 403, "only a shop admin changes what the bot says");
    let (status, saved) = alice.post("/v1/console/shops/test-shop/faq", &faq).await;
    assert_eq!(status, 201, "{saved}");
    let mut next_buyer = app.widget("test-shop").await;
    next_buyer.hello(json!({"type": "hello"})).await;
    next_buyer.message("m1", "is the ceramic mug dishwasher safe?").await;
    let frames = next_buyer.recv_until("reply").await;
    let reply = frames.last().unwrap()["text"].as_str().unwrap().to_owned();
    assert!(reply.contains("70 degrees"), "the saved answer: {reply}");
    app.shutdown().await;
}

/// Through the local language model (scripts/test.sh sets KEFU_TEST_LLM_URL): the buyer's
/// Spanish reaches the agent in English, the agent's English reaches the buyer in Spanish.
#[tokio::test]
async fn translation_runs_both_ways_through_the_local_model() {
    let Ok(llm) = std::env::var("KEFU_TEST_LLM_URL") else {
        eprintln!("KEFU_TEST_LLM_URL is not set: skipping the translation test (scripts/test.sh sets it)");
        return;
    };
    let app = spawn_app_with(|s| {
        s.llm.base_url = llm;
        s.llm.timeout = Duration::from_secs(90);
        s.pipeline.turn_timeout = Duration::from_secs(120);
    })
    .await;
    app.admin().add_agent("alice", "agent", &["test-shop"]).await;
    let alice = app.console("alice").await;
    let mut buyer = app.widget("test-shop").await;
    let conversation =
        buyer.hello(json!({"type": "hello", "locale": "es"})).await["conversation_id"].as_str().unwrap().to_owned();
    buyer.message("m1", "Hola, quiero hablar con una persona, mi pedido 1234 no ha llegado").await;
    buyer.recv_until("handoff").await;
    let base = format!("/v1/console/shops/test-shop/conversations/{conversation}");
    let (status, translated) = alice.act(&format!("{base}/translate")).await;
    assert_eq!(status, 200, "{translated}");
    let english = translated["translations"]["1"].as_str().unwrap_or_default().to_lowercase();
    assert!(english.contains("1234") && (english.contains("talk") || english.contains("speak")), "{translated}");

    alice.act(&format!("{base}/claim")).await;
    let reply = json!({"text": "Your order 1234 left our warehouse yesterday."});
    let (status, sent) = alice.post(&format!("{base}/reply"), &reply).await;
    assert_eq!((status, sent["language"].as_str()), (200, Some("es")), "{sent}");
    let frames = buyer.recv_until("agent_message").await;
    let text = frames.last().unwrap()["text"].as_str().unwrap().to_owned();
    assert!(text.contains("1234") && !text.contains("warehouse"), "in Spanish, with the number: {text}");
    app.shutdown().await;
}

#[tokio::test]
async fn a_shop_api_key_opens_that_shops_admin_endpoints_and_no_others() {
    let app = spawn_app().await;
    let label = json!({"label": "order sync"});
    let (status, created) = app.admin().post("/v1/admin/shops/test-shop/keys", &label).await;
    assert_eq!(status, 201, "{created}");
    let key = app.key(created["key"].as_str().unwrap());
    let (status, queue) = key.get("/v1/admin/shops/test-shop/handoffs").await;
    assert_eq!(status, 200, "{queue}");
    let (status, _) = key.get("/v1/admin/shops/other-shop/handoffs").await;
    assert_eq!(status, 401, "a key opens its own shop only");
    let (status, _) = key.post("/v1/admin/shops/test-shop/keys", &label).await;
    assert_eq!(status, 401, "keys do not make keys");
    let (status, _) = key.post("/v1/admin/agents", &json!({})).await;
    assert_eq!(status, 401, "keys do not make agents");
    let forged = app.key(&format!("kefu_{}", "0".repeat(64)));
    let (status, _) = forged.get("/v1/admin/shops/test-shop/handoffs").await;
    assert_eq!(status, 401);

    // A key made to last 30 days opens the shop on the 29th and not on the 31st.
    let month = json!({"label": "a month", "expires_in_days": 30});
    let (status, created) = app.admin().post("/v1/admin/shops/test-shop/keys", &month).await;
    assert_eq!(status, 201, "{created}");
    let month = app.key(created["key"].as_str().unwrap());
    app.clock.advance(Duration::from_secs(29 * 86_400));
    assert_eq!(month.get("/v1/admin/shops/test-shop/handoffs").await.0, 200);
    app.clock.advance(Duration::from_secs(2 * 86_400));
    assert_eq!(month.get("/v1/admin/shops/test-shop/handoffs").await.0, 401, "expired");
    assert_eq!(key.get("/v1/admin/shops/test-shop/handoffs").await.0, 200, "a key without an end still opens it");
    app.shutdown().await;
}

#[tokio::test]
async fn outside_development_the_session_cookie_is_secure_and_host_only() {
    let app = spawn_app_with(|s| s.console.secure_cookie = true).await;
    app.admin().add_agent("sam", "agent", &["test-shop"]).await;
    let (status, _, cookie) = app.anonymous().login("sam@example.com", PASSWORD).await;
    assert_eq!(status, 200);
    let cookie = cookie.unwrap();
    assert!(
        cookie.starts_with("__Host-kefu_session=") && cookie.contains("; Secure;") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Domain"), "{cookie}");
    let pair = cookie.split(';').next().unwrap().to_owned();
    let (status, _, _) = http(app.addr, "GET", "/v1/console/me", &[("Cookie", pair.as_str())], None).await;
    assert_eq!(status, 200, "the secure cookie is a session");
    app.shutdown().await;
}
