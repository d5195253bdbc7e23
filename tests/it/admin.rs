//! The admin ingestion API over real HTTP: authentication, uploads, rejection, and a shop that
//! is live for buyers as soon as it is ingested.

use serde_json::{Value, json};

use crate::drivers::{ADMIN, Running};
use crate::support::{Widget, spawn_app, spawn_app_with};

fn shop_files(faq: &str) -> Value {
    json!({"files": {
        "shop.toml": "name = \"Uploaded\"\ndefault_language = \"en\"\ncurrency = \"EUR\"\ntimezone = \"Europe/Madrid\"\n",
        "faq.md": faq,
        "shipping.csv": "country,carrier,service,cost,currency,min_days,max_days,tracking_url,notes\nES,Correos,Paq Premium,4.5,EUR,2,4,,\n",
    }})
}

#[tokio::test]
async fn the_admin_api_ingests_uploaded_files_and_the_shop_answers_at_once() {
    let app = spawn_app().await;
    let body = shop_files("## Can I pay with Bizum?\nYes, Bizum is accepted for every order shipped to Spain.\n");
    let (status, report) = app.admin().post("/v1/admin/shops/uploaded/ingest", &body).await;
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

    let (status, again) = app.admin().post("/v1/admin/shops/uploaded/ingest", &body).await;
    assert_eq!((status, again["embedded"].as_u64()), (200, Some(0)), "unchanged files embed nothing: {again}");
    app.shutdown().await;
}

#[tokio::test]
async fn a_bad_upload_is_rejected_whole_with_every_problem_named() {
    let app = spawn_app().await;
    let mut body = shop_files("## Q?\nA.\n");
    body["files"]["products.jsonl"] = json!(
        "{\"sku\":\"A\",\"title\":\"Lamp\",\"price\":3,\"currency\":\"EUR\"}\n{\"sku\":\"B\",\"title\":\"Tray\",\"price\":\"three\"}\n"
    );
    let (status, answer) = app.admin().post("/v1/admin/shops/uploaded/ingest", &body).await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["code"], "invalid_shop");
    let problems: Vec<&str> = answer["problems"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(problems.iter().any(|p| p.starts_with("products.jsonl:2: price:")), "{problems:?}");

    let mut widget = Widget::connect(app.addr, "uploaded").await;
    let frame = widget.recv().await;
    assert_eq!(frame["code"], "unknown_shop", "nothing was written, so the shop does not exist: {frame}");

    let escape = json!({"files": {"../outside.md": "x"}});
    let (status, answer) = app.admin().post("/v1/admin/shops/uploaded/ingest", &escape).await;
    assert_eq!((status, answer["code"].as_str()), (400, Some("invalid_files")), "{answer}");
    let (status, answer) = app.admin().post("/v1/admin/shops/uploaded/ingest", &json!({"dir": 3})).await;
    assert_eq!((status, answer["code"].as_str()), (400, Some("invalid_body")), "{answer}");
    let (status, answer) = app.admin().post("/v1/admin/shops/Bad%20Shop/ingest", &json!({"dir": "."})).await;
    assert_eq!((status, answer["code"].as_str()), (400, Some("invalid_shop_id")), "{answer}");
    app.shutdown().await;
}

#[tokio::test]
async fn without_the_right_token_nothing_is_ingested() {
    let app = spawn_app().await;
    let body = shop_files("## Q?\nA.\n");
    let callers = [app.anonymous(), app.key("wrong-token-of-some-length"), app.key(&ADMIN[..ADMIN.len() - 1])];
    for caller in callers {
        let (status, answer) = caller.post("/v1/admin/shops/uploaded/ingest", &body).await;
        assert_eq!((status, answer["code"].as_str()), (401, Some("unauthorized")), "{caller:?}: {answer}");
    }
    app.shutdown().await;

    let app = spawn_app_with(|s| s.admin.token = kefu::config::Secret::default()).await;
    let (status, answer) = app.admin().post("/v1/admin/shops/uploaded/ingest", &body).await;
    assert_eq!((status, answer["code"].as_str()), (403, Some("admin_disabled")), "no token configured: {answer}");
    app.shutdown().await;
}
