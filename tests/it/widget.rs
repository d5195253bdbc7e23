//! The storefront widget's server side over real HTTP and websockets: the script, a shop's
//! widget settings, the origin check, image uploads and the demo pages.

use serde_json::json;

use crate::support::{Widget, http, raw, spawn_app_with};

#[tokio::test]
async fn the_script_and_a_shops_widget_settings_are_served_to_any_page() {
    let app = spawn_app_with(|_| {}).await;
    let (status, head, script) = raw(app.addr, "GET /widget.js HTTP/1.1\r\n", b"").await;
    assert_eq!(status, 200);
    assert!(head.to_lowercase().contains("content-type: text/javascript; charset=utf-8"), "{head}");
    assert!(String::from_utf8_lossy(&script).contains("/v1/chat"), "the widget speaks the chat protocol");

    let origin = [("Origin", "https://other-shop.example")];
    let (status, config, _) = http(app.addr, "GET", "/v1/widget/config?shop=other-shop", &origin, None).await;
    assert_eq!(status, 200, "{config}");
    assert_eq!(
        (config["colour"].as_str(), config["greeting"]["zh-CN"].as_str()),
        (Some("#aa3300"), Some("你好！有什么可以帮您？"))
    );
    let (status, head, _) =
        raw(app.addr, "GET /v1/widget/config?shop=other-shop HTTP/1.1\r\nOrigin: https://evil.example\r\n", b"").await;
    assert_eq!(status, 200);
    assert!(!head.to_lowercase().contains("access-control-allow-origin"), "another site cannot read it: {head}");
    let (status, _, _) = http(app.addr, "GET", "/v1/widget/config?shop=nope", &[], None).await;
    assert_eq!(status, 404);
    app.shutdown().await;
}

#[tokio::test]
async fn a_page_outside_the_shops_allowed_origins_cannot_chat() {
    let app = spawn_app_with(|_| {}).await;
    let path = "/v1/chat?shop=other-shop";
    let mut refused = Widget::connect_to(app.addr, path, &[("Origin", "https://evil.example")]).await.unwrap();
    let error = refused.recv().await;
    assert_eq!(error["code"], "origin_not_allowed", "{error}");
    let mut allowed = Widget::connect_to(app.addr, path, &[("Origin", "https://other-shop.example")]).await.unwrap();
    assert_eq!(allowed.hello(json!({"type": "hello"})).await["type"], "welcome");
    let mut any =
        Widget::connect_to(app.addr, "/v1/chat?shop=test-shop", &[("Origin", "https://evil.example")]).await.unwrap();
    assert_eq!(any.hello(json!({"type": "hello"})).await["type"], "welcome", "a shop without a list takes any page");
    app.shutdown().await;
}

#[tokio::test]
async fn an_image_is_stored_only_if_it_is_one_and_small_enough() {
    let app = spawn_app_with(|s| {
        s.widget.max_upload_bytes = 1000;
        s.widget.upload_quota_bytes = 250;
        s.widget.upload_burst = 100;
    })
    .await;
    // The conversation a buyer socket has open: a photo may come before the first message.
    let mut buyer = Widget::connect(app.addr, "test-shop").await;
    let welcome = buyer.hello(json!({})).await;
    let conversation = welcome["conversation_id"].as_str().unwrap().to_owned();
    let png: Vec<u8> = [b"\x89PNG\r\n\x1a\n".as_slice(), &[7u8; 100]].concat();
    let post_to = |shop: &str, conversation: &str, kind: &str| {
        format!("POST /v1/uploads?shop={shop}&conversation={conversation} HTTP/1.1\r\nContent-Type: {kind}\r\n")
    };
    let post = |kind: &str| post_to("test-shop", &conversation, kind);
    let (status, _, body) = raw(app.addr, &post("image/png"), &png).await;
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
    let url = serde_json::from_slice::<serde_json::Value>(&body).unwrap()["url"].as_str().unwrap().to_owned();
    let (status, head, stored) = raw(app.addr, &format!("GET {url} HTTP/1.1\r\n"), b"").await;
    assert_eq!((status, stored), (200, png.clone()));
    assert!(head.to_lowercase().contains("x-content-type-options: nosniff"), "{head}");

    let (status, _, _) = raw(app.addr, &post("image/png"), b"<script>alert(1)</script>").await;
    assert_eq!(status, 422, "not a PNG");
    let (status, _, _) = raw(app.addr, &post("text/html"), b"<html></html>").await;
    assert_eq!(status, 415);
    let (status, _, _) = raw(app.addr, &post("image/png"), &[png.as_slice(), &[0u8; 1000]].concat()).await;
    assert_eq!(status, 413);
    let (status, _, _) =
        raw(app.addr, "POST /v1/uploads?shop=test-shop HTTP/1.1\r\nContent-Type: image/png\r\n", &png).await;
    assert_eq!(status, 400, "which conversation");
    // No conversation of the shop by that id is open or stored: a made-up one, or the same id
    // at another shop — the same answer, and nothing stored.
    for (shop, id) in
        [("test-shop", "c-1"), ("test-shop", "0123456789abcdef0123456789abcdef"), ("other-shop", conversation.as_str())]
    {
        let (status, _, body) = raw(app.addr, &post_to(shop, id, "image/png"), &png).await;
        assert_eq!(status, 404, "{shop} {id}: {}", String::from_utf8_lossy(&body));
    }
    let other = url.replace("test-shop", "other-shop");
    let (status, _, _) = raw(app.addr, &format!("GET {other} HTTP/1.1\r\n"), b"").await;
    assert_eq!(status, 404, "another shop's path does not find it");
    // The shop's quota (250 bytes here): a second image fits, a third does not.
    assert_eq!(raw(app.addr, &post("image/png"), &png).await.0, 201);
    let (status, _, body) = raw(app.addr, &post("image/png"), &png).await;
    assert_eq!(status, 507, "{}", String::from_utf8_lossy(&body));
    drop(buyer);
    app.shutdown().await;
}

#[tokio::test]
async fn uploads_from_one_address_are_rate_limited() {
    let app = spawn_app_with(|s| {
        s.widget.uploads_per_minute = 1;
        s.widget.upload_burst = 2;
    })
    .await;
    let mut buyer = Widget::connect(app.addr, "test-shop").await;
    let conversation = buyer.hello(json!({})).await["conversation_id"].as_str().unwrap().to_owned();
    let png: Vec<u8> = [b"\x89PNG\r\n\x1a\n".as_slice(), &[7u8; 100]].concat();
    let post =
        format!("POST /v1/uploads?shop=test-shop&conversation={conversation} HTTP/1.1\r\nContent-Type: image/png\r\n");
    let statuses =
        [raw(app.addr, &post, &png).await.0, raw(app.addr, &post, &png).await.0, raw(app.addr, &post, &png).await.0];
    assert_eq!(statuses, [201, 201, 429]);
    drop(buyer);
    app.shutdown().await;
}

#[tokio::test]
async fn demo_pages_exist_only_in_development_and_carry_the_widget() {
    let app = spawn_app_with(|s| s.widget.demo_pages = true).await;
    let (status, page) = app.get("/demo/test-shop").await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"<script src="/widget.js" data-shop="test-shop" async></script>"#), "{page}");
    assert!(page.contains("Test Shop") && !page.contains("{{"), "filled in");
    assert_eq!(app.get("/demo/nope").await.0, 404);
    app.shutdown().await;
    let app = spawn_app_with(|_| {}).await;
    assert_eq!(app.get("/demo/test-shop").await.0, 404);
    app.shutdown().await;
}
