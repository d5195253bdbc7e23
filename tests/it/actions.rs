//! Actions on orders over the real service: a buyer on the storefront socket cancels, changes
//! the address, exchanges; kefu changes its own order record, or calls the shop's order API
//! with the documented request; the shop approves from the console (API and a real browser);
//! a crash between the buyer's yes and the API's answer ends in exactly one action.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use crate::drivers::{PASSWORD, Running, Webhook, eventually};
use crate::support::{Server, TestApp, Widget, run_kefu, spawn_app_with_shops, write_secret};
const SHOP: &str = "action-shop";
const EMAIL: &str = "mia.garcia@example.com";

/// A shop with a T-shirt in S, M and L (S sold out) and three orders of it: #A1001 pending,
/// #A1002 delivered (its return window is long enough that the test never depends on today),
/// #A1003 shipped. `actions` is its `[actions]` table; `api` the shop API's address, if any.
fn write_shop(dir: &Path, actions: &str, api: Option<SocketAddr>) {
    write_shop_with(dir, actions, api, "");
}

/// `write_shop` with more of shop.toml (`extra`, e.g. a `[channels.shopify]` table, with which
/// its orders carry their Shopify ids).
fn write_shop_with(dir: &Path, actions: &str, api: Option<SocketAddr>, extra: &str) {
    let shopify = extra.contains("[channels.shopify]");
    std::fs::create_dir_all(dir).unwrap();
    let orders = match api {
        Some(addr) => {
            format!("[orders]\nactions_url = \"http://{addr}/orders/{{order_id}}/{{action}}\"\ntoken = \"orders\"\n")
        }
        None => String::new(),
    };
    let toml = format!(
        "name = \"Action Shop\"\ndefault_language = \"en\"\ncurrency = \"USD\"\n\n[returns]\nwindow_days = 36500\n\n{orders}\n[actions]\n{actions}\n\n{extra}\n"
    );
    std::fs::write(dir.join("shop.toml"), toml).unwrap();
    let variant = |sku: &str, size: &str, available: bool| json!({"sku": sku, "options": {"size": size}, "price": 20.0, "available": available});
    let product = json!({"sku": "TEE", "title": "Linen T-Shirt", "description": "A linen T-shirt.", "price": 20.0,
        "currency": "USD", "variants": [variant("TEE-S", "S", false), variant("TEE-M", "M", true), variant("TEE-L", "L", true)]});
    std::fs::write(dir.join("products.jsonl"), format!("{product}\n")).unwrap();
    let address = json!({"name": "Mia Garcia", "line1": "1 Old Road", "city": "Austin", "state": "TX", "postcode": "73301", "country": "US"});
    let order = |id: &str, status: &str| {
        let mut order = json!({"order_id": id, "buyer": "Mia Garcia", "buyer_id": "77123", "email": EMAIL, "postcode": "73301", "status": status,
            "items": [{"sku": "TEE-M", "product_sku": "TEE", "title": "Linen T-Shirt", "qty": 1, "price": 20.0, "options": {"size": "M"}}],
            "total": 20.0, "currency": "USD", "destination_country": "US", "shipping_address": address,
            "platform_order_id": shopify.then(|| format!("gid://shopify/Order/{}", &id[2..]))});
        if status != "pending" {
            order["carrier"] = json!("UPS");
            order["tracking_number"] = json!("1Z999AA10123456784");
            order["shipped_at"] = json!("2026-10-20T10:00:00Z");
        }
        if status == "delivered" {
            order["delivered_at"] = json!("2026-10-25T10:00:00Z");
        }
        order.to_string()
    };
    let lines = [order("#A1001", "pending"), order("#A1002", "delivered"), order("#A1003", "shipped")];
    std::fs::write(dir.join("orders.jsonl"), lines.join("\n") + "\n").unwrap();
}

async fn app_with(actions: &str, api: Option<SocketAddr>) -> (TestApp, tempfile::TempDir) {
    let shops = tempfile::tempdir().unwrap();
    let dir = shops.path().join(SHOP);
    write_shop(&dir, actions, api);
    let secrets = shops.path().join("secrets");
    let app = spawn_app_with_shops(&[(SHOP.to_owned(), dir)], |s| {
        s.outbound.allow_private = true;
        s.secrets.dir = secrets.clone();
        // A long scripted conversation: the per-buyer message limits are not what is tested.
        (s.chat.burst, s.chat.messages_per_minute, s.chat.ip_burst, s.chat.ip_messages_per_minute) =
            (1000, 10_000, 1000, 10_000);
    })
    .await;
    std::fs::create_dir_all(secrets.join(SHOP)).unwrap();
    std::fs::write(secrets.join(SHOP).join("orders"), "shop-api-token").unwrap();
    (app, shops)
}

/// Sends a buyer message and returns the bot's reply (its stored entry's text).
async fn say(widget: &mut Widget, id: &str, text: &str) -> String {
    widget.message(id, text).await;
    let frames = widget.recv_until_turn_end().await;
    let last = frames.last().expect("a reply or a hand-off");
    last["text"].as_str().unwrap_or_default().to_owned()
}

/// The shop's actions, as the operator lists them.
async fn listed(kefu: &impl Running) -> Vec<Value> {
    let (status, answer) = kefu.admin().get(&format!("/v1/admin/shops/{SHOP}/actions")).await;
    assert_eq!(status, 200, "{answer}");
    answer["actions"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_buyer_cancels_a_pending_order_once_and_kefu_changes_its_own_record() {
    let (app, _shops) =
        app_with("cancel = \"auto\"\naddress = \"auto\"\nreturn = \"auto\"\nexchange = \"auto\"", None).await;
    let mut widget = app.widget(SHOP).await;
    widget.hello(json!({"locale": "en"})).await;

    // Not shown to be the buyer's: nothing about the order, nothing done.
    let asked = say(&mut widget, "m1", "please cancel order A1001, I ordered it by mistake").await;
    assert!(asked.contains("e-mail") && !asked.contains("Linen"), "{asked}");
    assert!(say(&mut widget, "m2", "yes").await.contains("e-mail"), "a yes before any proposal does nothing");
    let proposal = say(&mut widget, "m3", EMAIL).await;
    assert!(proposal.contains("#A1001") && proposal.contains("Linen T-Shirt") && proposal.contains("20"), "{proposal}");
    let done = say(&mut widget, "m4", "yes please").await;
    assert!(done.contains("#A1001") && done.to_lowercase().contains("cancel"), "{done}");
    let again = say(&mut widget, "m5", "yes").await;
    assert!(!again.contains("Done"), "a second yes acts on nothing: {again}");
    let status = say(&mut widget, "m6", "where is my order A1001?").await;
    assert!(status.contains("was cancelled"), "kefu's own record changed: {status}");

    let actions = listed(&app).await;
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["state"], "done");
    assert_eq!(actions[0]["proposal"]["action"]["reason"], "ordered_by_mistake");

    // Shipped: refused with the reason, nothing recorded.
    let refused = say(&mut widget, "m7", "cancel order A1003 please").await;
    assert!(refused.contains("already shipped"), "{refused}");
    // An exchange to a sold-out size is refused; to an available one proposed and done.
    let sold_out = say(&mut widget, "m8", "can I exchange the t-shirt of order A1002 for size S?").await;
    assert!(sold_out.contains("not available"), "{sold_out}");
    let proposal = say(&mut widget, "m9", "L then").await;
    assert!(proposal.contains("TEE-L"), "{proposal}");
    assert!(say(&mut widget, "m10", "no").await.contains("nothing was changed"));
    assert_eq!(listed(&app).await.len(), 1, "a no acts on nothing");
    // A return of the delivered order: kefu's own record says so afterwards.
    say(&mut widget, "m11", "ok then I want to return the t-shirt of order A1002").await;
    assert!(say(&mut widget, "m12", "yes").await.contains("return of order #A1002 is registered"));
    let status = say(&mut widget, "m13", "where is my order A1002?").await;
    assert!(status.contains("A return of order #A1002 is under way"), "{status}");
    app.shutdown().await;
}

/// One request the shop's API received: path, Idempotency-Key, Authorization, body.
type Call = (String, String, String, Value);

/// The shop's order API, recording every request.
#[derive(Clone, Default)]
struct ShopApi {
    calls: Arc<Mutex<Vec<Call>>>,
    /// Answers 409 with this error to every request, when set.
    refuse: Option<&'static str>,
    /// Told (once) when a request arrives; the answer then waits a second.
    arrived: Arc<Mutex<Option<tokio::sync::oneshot::Sender<()>>>>,
}

impl ShopApi {
    async fn start(self) -> SocketAddr {
        use axum::routing::post;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = axum::Router::new().route("/orders/{id}/{action}", post(receive)).with_state(self);
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        addr
    }

    fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }
}

async fn receive(
    axum::extract::State(api): axum::extract::State<ShopApi>,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
    axum::Json(body): axum::Json<Value>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    api.calls.lock().unwrap().push((uri.path().to_owned(), header("idempotency-key"), header("authorization"), body));
    let arrived = api.arrived.lock().unwrap().take();
    if let Some(arrived) = arrived {
        let _ = arrived.send(());
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    match api.refuse {
        Some(error) => (axum::http::StatusCode::CONFLICT, axum::Json(json!({"error": error}))).into_response(),
        None => axum::Json(json!({"order_id": "A1001"})).into_response(),
    }
}

#[tokio::test]
async fn actions_reach_the_shops_api_as_documented_and_its_refusal_reaches_the_buyer() {
    let api = ShopApi::default();
    let addr = api.clone().start().await;
    let (app, _shops) =
        app_with("cancel = \"auto\"\naddress = \"auto\"\nreturn = \"auto\"\nexchange = \"auto\"", Some(addr)).await;
    let mut widget = app.widget(SHOP).await;
    widget.hello(json!({"locale": "en"})).await;
    say(&mut widget, "m1", &format!("I gave the wrong address for order #A1001, my email is {EMAIL}")).await;
    let proposal = say(&mut widget, "m2", "445 Maple Drive, Suite 394, Fort Worth, TX 76165, USA").await;
    assert!(proposal.contains("445 Maple Drive") && proposal.contains("76165"), "{proposal}");
    let done = say(&mut widget, "m3", "yes").await;
    assert!(done.contains("new address"), "{done}");
    let calls = api.calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    let (path, key, auth, body) = &calls[0];
    assert_eq!(path, "/orders/A1001/address", "the id without its '#', percent-encoded");
    assert_eq!(auth, "Bearer shop-api-token", "the shop's credential");
    assert!(!key.is_empty() && body["idempotency_key"] == json!(key), "{body}");
    assert_eq!(
        body["address"],
        json!({"name": "Mia Garcia", "line1": "445 Maple Drive", "line2": "Suite 394", "city": "Fort Worth",
            "state": "TX", "postcode": "76165", "country": "US"})
    );
    // An exchange and a return of the delivered order, each with its documented fields.
    say(&mut widget, "m4", "can I exchange the t-shirt from order A1002 for size L?").await;
    assert!(say(&mut widget, "m5", "yes").await.contains("exchange"));
    say(&mut widget, "m6", "and I want to return the t-shirt of order A1002").await;
    assert!(say(&mut widget, "m7", "yes").await.contains("return"));
    let calls = api.calls();
    assert_eq!(calls.len(), 3, "{calls:?}");
    assert_eq!(calls[1].0, "/orders/A1002/exchange");
    assert_eq!(calls[1].3["exchange"], json!([{"sku": "TEE-M", "new_sku": "TEE-L"}]));
    assert_eq!(calls[2].0, "/orders/A1002/return");
    assert_eq!((&calls[2].3["items"], &calls[2].3["refund_to"]), (&json!(["TEE-M"]), &json!("original")));
    let keys: std::collections::BTreeSet<&str> = calls.iter().map(|c| c.1.as_str()).collect();
    assert_eq!(keys.len(), 3, "one key per action");
    app.shutdown().await;

    // The API says no: the buyer reads why, and a person takes over.
    let api = ShopApi { refuse: Some("the parcel is already packed"), ..ShopApi::default() };
    let addr = api.clone().start().await;
    let (app, _shops) = app_with("cancel = \"auto\"", Some(addr)).await;
    let mut widget = app.widget(SHOP).await;
    widget.hello(json!({"locale": "en"})).await;
    say(&mut widget, "m1", &format!("cancel order A1001 please, {EMAIL}")).await;
    let refused = say(&mut widget, "m2", "yes").await;
    assert!(refused.contains("the parcel is already packed"), "{refused}");
    let calls = api.calls();
    assert_eq!(calls.len(), 1, "a refusal is not retried: {calls:?}");
    assert_eq!(calls[0].3["reason"], "other");
    assert_eq!(calls[0].3["refund_to"], "original");
    assert_eq!(listed(&app).await[0]["state"], "failed");
    app.shutdown().await;
}

#[tokio::test]
async fn an_approval_waits_for_the_shop_and_the_buyer_hears_the_outcome() {
    let (app, _shops) = app_with("cancel = \"approve\"", None).await;
    app.admin().add_agent("ana", "agent", &[SHOP]).await;
    let mut widget = app.widget(SHOP).await;
    widget.hello(json!({"locale": "en"})).await;
    say(&mut widget, "m1", &format!("cancel order A1001 please, {EMAIL}")).await;
    let waiting = say(&mut widget, "m2", "yes").await;
    assert!(waiting.contains("with the shop"), "{waiting}");
    let actions = listed(&app).await;
    assert_eq!(actions[0]["state"], "awaiting_approval");
    let key = actions[0]["proposal"]["key"].as_str().unwrap().to_owned();

    // Another shop's key cannot read them.
    let (status, _) = app.key("kefu_not-a-key-of-this-shop").get(&format!("/v1/admin/shops/{SHOP}/actions")).await;
    assert_eq!(status, 401);

    // An agent of another shop sees none of them and decides nothing (as if there were none).
    app.admin().add_agent("bob", "shop_admin", &["other-shop"]).await;
    let bob = app.console("bob").await;
    assert_eq!(bob.get(&format!("/v1/console/shops/{SHOP}/actions")).await.0, 404);
    assert_eq!(bob.act(&format!("/v1/console/shops/{SHOP}/actions/{key}/approve")).await.0, 404);
    assert_eq!(listed(&app).await[0]["state"], "awaiting_approval");

    let decided = match (std::env::var("KEFU_TEST_BROWSER"), which_node()) {
        (Ok(_), true) => confirm_in_browser(app.addr, &key).await,
        _ => {
            eprintln!(
                "KEFU_TEST_BROWSER is not set: confirming through the console API (scripts/test.sh runs the browser)"
            );
            confirm_by_api(&app, &key).await
        }
    };
    assert!(decided, "the console confirmed the action");
    let told = widget.recv_until("reply").await;
    let told = told.last().unwrap();
    assert!(told["text"].as_str().unwrap().contains("is cancelled"), "{told}");
    let actions = listed(&app).await;
    assert_eq!((actions[0]["state"].as_str(), actions[0]["decided_by"]["id"].as_str()), (Some("done"), Some("ana")));
    // Decided once: a second decision is refused.
    let path = format!("/v1/console/shops/{SHOP}/actions/{key}/reject");
    let (status, answer) = app.console("ana").await.act(&path).await;
    assert_eq!(status, 422, "{answer}");
    app.shutdown().await;
}

fn which_node() -> bool {
    std::process::Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success())
}

async fn confirm_by_api(app: &TestApp, key: &str) -> bool {
    let ana = app.console("ana").await;
    let (status, cards) = ana.get(&format!("/v1/console/shops/{SHOP}/actions")).await;
    assert_eq!(status, 200, "{cards}");
    assert_eq!(cards["items"][0]["proposal"]["action"]["order_id"], "#A1001");
    let path = format!("/v1/console/shops/{SHOP}/actions/{key}/approve");
    let (status, answer) = ana.act(&path).await;
    assert_eq!(status, 200, "{answer}");
    answer["state"] == "done"
}

async fn confirm_in_browser(addr: SocketAddr, key: &str) -> bool {
    let artifacts = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/actions.mjs");
    let run = tokio::process::Command::new("node")
        .arg(&script)
        .env("KEFU_URL", format!("http://{addr}"))
        .env("KEFU_AGENT_EMAIL", "ana@example.com")
        .env("KEFU_AGENT_PASSWORD", PASSWORD)
        .env("KEFU_SHOP", SHOP)
        .env("KEFU_ACTION_KEY", key)
        .env("KEFU_ACTION_TEXT", "cancel · order #A1001")
        .env("KEFU_ARTIFACTS", &artifacts)
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(120), run)
        .await
        .expect("the browser test finishes")
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    true
}

#[tokio::test]
async fn a_crash_between_the_buyers_yes_and_the_apis_answer_ends_in_one_action() {
    let api = ShopApi::default();
    let (arrived, first_call) = tokio::sync::oneshot::channel();
    *api.arrived.lock().unwrap() = Some(arrived);
    let addr = api.clone().start().await;
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("shops").join(SHOP);
    write_shop(&dir, "cancel = \"auto\"", Some(addr));
    let args = ["ingest", "--shop", SHOP, dir.to_str().unwrap(), "--data-dir", data.path().to_str().unwrap()];
    let (code, _, stderr) = run_kefu(&args, "").await;
    assert_eq!(code, 0, "{stderr}");
    write_secret(data.path(), SHOP, "orders", "shop-api-token");

    let mut server = Server::start(data.path(), &[]).await;
    let mut widget = Widget::connect(server.addr, SHOP).await;
    let id = widget.hello(json!({"locale": "en"})).await["conversation_id"].as_str().unwrap().to_owned();
    say(&mut widget, "m1", &format!("cancel order A1001 please, {EMAIL}")).await;
    widget.message("m2", "yes").await;
    // The API has the call; kefu dies before its answer.
    tokio::time::timeout(Duration::from_secs(30), first_call).await.expect("the call is made").unwrap();
    server.child.kill().await.unwrap();

    let server = Server::start(data.path(), &[]).await;
    let mut widget = Widget::connect(server.addr, SHOP).await;
    widget.hello(json!({"conversation_id": id, "last_seq": 0})).await;
    let mut seen = Vec::new();
    let done = loop {
        let frame = widget.recv_within(Duration::from_secs(30)).await;
        if frame["type"] == "reply" && frame["text"].as_str().is_some_and(|t| t.contains("is cancelled")) {
            break true;
        }
        seen.push(frame);
        if seen.len() > 50 {
            break false;
        }
    };
    assert!(done, "the turn finished after the restart: {seen:?}");
    let calls = api.calls();
    let keys: std::collections::BTreeSet<&str> = calls.iter().map(|(_, key, _, _)| key.as_str()).collect();
    assert_eq!(keys.len(), 1, "one action, retried with its key: {calls:?}");
    assert_eq!(calls.len(), 2, "called again once after the restart: {calls:?}");
}

/// Shopify's Admin GraphQL endpoint, recording (access token, body) and answering as Shopify
/// documents: `orderCancel` with a job, `orderUpdate` with the order.
#[derive(Clone, Default)]
struct Shopify {
    calls: Arc<Mutex<Vec<(String, Value)>>>,
}

async fn graphql(
    axum::extract::State(shopify): axum::extract::State<Shopify>,
    headers: axum::http::HeaderMap,
    axum::Json(body): axum::Json<Value>,
) -> axum::Json<Value> {
    let token = headers.get("x-shopify-access-token").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let query = body["query"].as_str().unwrap_or_default().to_owned();
    shopify.calls.lock().unwrap().push((token, body));
    if query.contains("orderCancel(") {
        axum::Json(
            json!({"data": {"orderCancel": {"job": {"id": "gid://shopify/Job/1"}, "orderCancelUserErrors": []}}}),
        )
    } else {
        axum::Json(json!({"data": {"orderUpdate": {"order": {"id": "gid://shopify/Order/1001"}, "userErrors": []}}}))
    }
}

#[tokio::test]
async fn a_shopify_store_cancels_and_re_addresses_through_the_admin_api() {
    let shopify = Shopify::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = axum::Router::new()
        .route("/admin/api/2025-01/graphql.json", axum::routing::post(graphql))
        .with_state(shopify.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let shops = tempfile::tempdir().unwrap();
    let dir = shops.path().join(SHOP);
    let channel = "[channels.shopify]\nshop_domain = \"action-shop.myshopify.com\"\nsecret = \"shopify\"\nadmin_token = \"shopify-admin\"\n";
    write_shop_with(&dir, "cancel = \"auto\"\naddress = \"auto\"\nreturn = \"auto\"", None, channel);
    let secrets = shops.path().join("secrets");
    std::fs::create_dir_all(secrets.join(SHOP)).unwrap();
    std::fs::write(secrets.join(SHOP).join("shopify-admin"), "shpat_test").unwrap();
    let app = spawn_app_with_shops(&[(SHOP.to_owned(), dir)], |s| {
        s.outbound.allow_private = true;
        s.secrets.dir = secrets.clone();
        s.channels.shopify.admin_api_base = format!("http://{addr}");
    })
    .await;
    let mut widget = app.widget(SHOP).await;
    widget.hello(json!({"locale": "en"})).await;
    say(&mut widget, "m1", &format!("please cancel order A1001, {EMAIL}")).await;
    assert!(say(&mut widget, "m2", "yes").await.contains("is cancelled"));
    say(&mut widget, "m3", "I need to change the delivery address of order A1001").await;
    say(&mut widget, "m4", "445 Maple Drive, Fort Worth, TX 76165, USA").await;
    assert!(say(&mut widget, "m5", "yes").await.contains("new address"));

    let calls = shopify.calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert!(calls.iter().all(|(token, _)| token == "shpat_test"), "the shop's Admin API token");
    let cancel = &calls[0].1;
    assert!(cancel["query"].as_str().unwrap().contains("orderCancel("));
    let v = &cancel["variables"];
    assert_eq!(
        (&v["orderId"], &v["reason"], &v["refund"], &v["restock"]),
        (&json!("gid://shopify/Order/1001"), &json!("CUSTOMER"), &json!(true), &json!(true))
    );
    let update = &calls[1].1;
    assert!(update["query"].as_str().unwrap().contains("orderUpdate("));
    assert_eq!(update["variables"]["input"]["id"], "gid://shopify/Order/1001");
    assert_eq!(
        update["variables"]["input"]["shippingAddress"],
        json!({"firstName": "Mia", "lastName": "Garcia", "address1": "445 Maple Drive", "address2": null,
            "city": "Fort Worth", "provinceCode": "TX", "zip": "76165", "countryCode": "US"})
    );
    // A return on Shopify goes to a person: no proposal, no call.
    let returned = say(&mut widget, "m6", "I want to return the t-shirt from order A1002").await;
    assert!(!returned.contains("Shall I go ahead"), "{returned}");
    assert_eq!(shopify.calls.lock().unwrap().len(), 2);
    app.shutdown().await;
}

/// Shopee's Open Platform: seller chat sends and order cancels, recorded.
#[derive(Clone, Default)]
struct Shopee {
    sent: Arc<Mutex<Vec<String>>>,
    cancels: Arc<Mutex<Vec<Value>>>,
}

async fn shopee_send(axum::extract::State(shopee): axum::extract::State<Shopee>, body: String) -> String {
    let body: Value = serde_json::from_str(&body).unwrap();
    shopee.sent.lock().unwrap().push(body["content"]["text"].as_str().unwrap_or_default().to_owned());
    json!({"error": "", "message": "", "response": {"message_id": "out-1"}}).to_string()
}

async fn shopee_cancel(axum::extract::State(shopee): axum::extract::State<Shopee>, body: String) -> String {
    shopee.cancels.lock().unwrap().push(serde_json::from_str(&body).unwrap());
    json!({"error": "", "message": "", "response": {"update_time": 1700000000}}).to_string()
}

#[tokio::test]
async fn a_shopee_buyer_cancels_through_shopee_and_is_told_to_return_on_shopee() {
    const PARTNER_KEY: &str = "shopee partner key";
    const CALLBACK: &str = "https://kefu.example/v1/webhooks/shopee";
    let shopee = Shopee::default();
    let router = axum::Router::new()
        .route("/api/v2/sellerchat/send_message", axum::routing::post(shopee_send))
        .route("/api/v2/order/cancel_order", axum::routing::post(shopee_cancel))
        .with_state(shopee.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("shops").join(SHOP);
    let channel = "[channels.shopee]\nshop_id = \"880001\"\ntoken = \"shopee\"\n";
    write_shop_with(&dir, "cancel = \"auto\"\nreturn = \"auto\"", None, channel);
    let args = ["ingest", "--shop", SHOP, dir.to_str().unwrap(), "--data-dir", data.path().to_str().unwrap()];
    let (code, _, stderr) = run_kefu(&args, "").await;
    assert_eq!(code, 0, "{stderr}");
    write_secret(data.path(), SHOP, "shopee", "shopee-shop-token");
    let api_base = format!("http://{api}");
    let env = [
        ("KEFU_SHOPEE_PARTNER_KEY", PARTNER_KEY),
        ("KEFU__CHANNELS__SHOPEE__PARTNER_ID", "2001234"),
        ("KEFU__CHANNELS__SHOPEE__CALLBACK_URL", CALLBACK),
        ("KEFU__CHANNELS__SHOPEE__API_BASE", api_base.as_str()),
    ];
    let mut kefu = Server::start(data.path(), &env).await;
    let push = |id: &str, text: &str| {
        json!({"code": 10, "shop_id": 880001, "timestamp": 1700000000, "data": {"type": "message", "content": {
            "message_id": id, "from_id": 77123, "to_id": 55501, "from_shop_id": 0, "to_shop_id": 880001,
            "message_type": "text", "content": {"text": text}, "conversation_id": "123456789",
            "created_timestamp": 1700000000, "is_in_chatbot_session": false}}})
    };
    let sent = |n: usize| {
        let shopee = shopee.clone();
        async move {
            eventually(Duration::from_secs(20), || shopee.sent.lock().unwrap().len() >= n).await;
            shopee.sent.lock().unwrap().get(n - 1).cloned().unwrap_or_default()
        }
    };
    let shopee_push = Webhook::Shopee { callback: CALLBACK, partner_key: PARTNER_KEY };
    let deliver = |id: &'static str, text: String| {
        let body = push(id, &text);
        let kefu = &kefu;
        async move { assert_eq!(kefu.webhook(shopee_push, &body).await.0, 200) }
    };
    // Shopee vouches the message comes from buyer 77123, who placed the order: no e-mail needed.
    deliver("sp-1", "please cancel order A1001".into()).await;
    assert!(sent(1).await.contains("Shall I go ahead"), "the proposal");
    deliver("sp-2", "yes".into()).await;
    assert!(sent(2).await.contains("is cancelled"), "done");
    let cancels = shopee.cancels.lock().unwrap().clone();
    assert_eq!(cancels, vec![json!({"order_sn": "A1001", "cancel_reason": "CUSTOMER_REQUEST"})]);
    deliver("sp-3", "I want to return the t-shirt from order A1002".into()).await;
    assert!(sent(3).await.contains("On Shopee"), "returns are made on Shopee");
    kefu.child.kill().await.unwrap();
}

#[tokio::test]
async fn an_auto_action_above_the_shops_limit_waits_for_approval() {
    let (app, _shops) = app_with("cancel = \"auto\"\nmax_auto_amount = 10.0", None).await;
    let mut widget = app.widget(SHOP).await;
    widget.hello(json!({"locale": "en"})).await;
    say(&mut widget, "m1", &format!("cancel order A1001 please, {EMAIL}")).await;
    let waiting = say(&mut widget, "m2", "yes").await;
    assert!(waiting.contains("with the shop"), "20 USD is above the 10 kefu may refund alone: {waiting}");
    assert_eq!(listed(&app).await[0]["state"], "awaiting_approval");
    let status = say(&mut widget, "m3", "where is my order A1001?").await;
    assert!(!status.contains("was cancelled"), "nothing changed before the approval: {status}");
    app.shutdown().await;
}
