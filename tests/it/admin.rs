//! The admin ingestion API over real HTTP: authentication, uploads, rejection, and a shop that
//! is live for buyers as soon as it is ingested.

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::{Widget, spawn_app_with};

const TOKEN: &str = "a-long-enough-admin-token";

async fn post(app: &crate::support::TestApp, path: &str, token: Option<&str>, body: &str) -> (u16, Value) {
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\n{auth}Content-Length: {}\r\n\r\n{body}",
        app.addr,
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let status = response.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or_default();
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn shop_files(faq: &str) -> Value {
    json!({"files": {
        "shop.toml": "name = \"Uploaded\"\ndefault_language = \"en\"\ncurrency = \"EUR\"\ntimezone = \"Europe/Madrid\"\n",
        "faq.md": faq,
        "shipping.csv": "country,carrier,service,cost,currency,min_days,max_days,tracking_url,notes\nES,Correos,Paq Premium,4.5,EUR,2,4,,\n",
    }})
}

#[tokio::test]
async fn the_admin_api_ingests_uploaded_files_and_the_shop_answers_at_once() {
    let app = spawn_app_with(|s| s.admin.token = kefu::config::Secret::new(TOKEN)).await;
    let body =
        shop_files("## Can I pay with Bizum?\nYes, Bizum is accepted for every order shipped to Spain.\n").to_string();
    let (status, report) = post(&app, "/v1/admin/shops/uploaded/ingest", Some(TOKEN), &body).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["shop"], "uploaded");
    assert_eq!(report["embedded"], report["passages"], "{report}");
    assert!(report["passages"].as_u64().unwrap() >= 2, "{report}");

    let mut widget = Widget::connect(app.addr, "uploaded").await;
    widget.hello(json!({})).await;
    widget.message("m1", "can I pay with Bizum?").await;
    let mut frames = Vec::new();
    while !frames.last().is_some_and(|f: &Value| f["type"] == "typing" && f["on"] == false) {
        frames.push(widget.recv().await);
    }
    let reply = frames.iter().find(|f| f["type"] == "reply").unwrap_or_else(|| panic!("{frames:?}"));
    assert!(reply["text"].as_str().unwrap().contains("Bizum is accepted for every order shipped to Spain"), "{reply}");
    assert_eq!(reply["sources"][0]["id"], "faq.md#Can I pay with Bizum?", "{reply}");
    // Its shipping.csv answers at once too, from data.
    widget.message("m2", "how much is shipping to Spain?").await;
    let reply = loop {
        let frame = widget.recv().await;
        if frame["type"] == "reply" || frame["type"] == "handoff" {
            break frame;
        }
    };
    let text = reply["text"].as_str().unwrap();
    assert!(text.contains("Correos") && text.contains("4.50") && text.contains("EUR"), "{reply}");

    let (status, again) = post(&app, "/v1/admin/shops/uploaded/ingest", Some(TOKEN), &body).await;
    assert_eq!((status, again["embedded"].as_u64()), (200, Some(0)), "unchanged files embed nothing: {again}");
    app.shutdown().await;
}

#[tokio::test]
async fn a_bad_upload_is_rejected_whole_with_every_problem_named() {
    let app = spawn_app_with(|s| s.admin.token = kefu::config::Secret::new(TOKEN)).await;
    let mut body = shop_files("## Q?\nA.\n");
    body["files"]["products.jsonl"] = json!(
        "{\"sku\":\"A\",\"title\":\"Lamp\",\"price\":3,\"currency\":\"EUR\"}\n{\"sku\":\"B\",\"title\":\"Tray\",\"price\":\"three\"}\n"
    );
    let (status, answer) = post(&app, "/v1/admin/shops/uploaded/ingest", Some(TOKEN), &body.to_string()).await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["code"], "invalid_shop");
    let problems: Vec<&str> = answer["problems"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(problems.iter().any(|p| p.starts_with("products.jsonl:2: price:")), "{problems:?}");

    let mut widget = Widget::connect(app.addr, "uploaded").await;
    let frame = widget.recv().await;
    assert_eq!(frame["code"], "unknown_shop", "nothing was written, so the shop does not exist: {frame}");

    let escape = json!({"files": {"../outside.md": "x"}}).to_string();
    let (status, answer) = post(&app, "/v1/admin/shops/uploaded/ingest", Some(TOKEN), &escape).await;
    assert_eq!((status, answer["code"].as_str()), (400, Some("invalid_files")), "{answer}");
    let (status, answer) = post(&app, "/v1/admin/shops/uploaded/ingest", Some(TOKEN), "{\"dir\": 3}").await;
    assert_eq!((status, answer["code"].as_str()), (400, Some("invalid_body")), "{answer}");
    let (status, answer) = post(&app, "/v1/admin/shops/Bad%20Shop/ingest", Some(TOKEN), "{\"dir\": \".\"}").await;
    assert_eq!((status, answer["code"].as_str()), (400, Some("invalid_shop_id")), "{answer}");
    app.shutdown().await;
}

#[tokio::test]
async fn without_the_right_token_nothing_is_ingested() {
    let app = spawn_app_with(|s| s.admin.token = kefu::config::Secret::new(TOKEN)).await;
    let body = shop_files("## Q?\nA.\n").to_string();
    for token in [None, Some("wrong-token-of-some-length"), Some(&TOKEN[..TOKEN.len() - 1])] {
        let (status, answer) = post(&app, "/v1/admin/shops/uploaded/ingest", token, &body).await;
        assert_eq!((status, answer["code"].as_str()), (401, Some("unauthorized")), "{token:?}: {answer}");
    }
    app.shutdown().await;

    let app = spawn_app_with(|_| {}).await;
    let (status, answer) = post(&app, "/v1/admin/shops/uploaded/ingest", Some(TOKEN), &body).await;
    assert_eq!((status, answer["code"].as_str()), (403, Some("admin_disabled")), "no token configured: {answer}");
    app.shutdown().await;
}
