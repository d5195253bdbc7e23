//! The buyer websocket, driven over a real socket against the real app.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{Widget, spawn_app, spawn_app_with};

fn of_type<'a>(frames: &'a [Value], kind: &str) -> Vec<&'a Value> {
    frames.iter().filter(|f| f["type"] == kind).collect()
}

#[tokio::test]
async fn a_message_is_acked_then_answered_with_a_streamed_reply() {
    let app = spawn_app().await;
    let mut widget = app.widget("test-shop").await;

    let welcome = widget.hello(json!({"locale": "en"})).await;
    assert_eq!(welcome["v"], 1);
    assert_eq!(welcome["resumed"], false);
    assert!(welcome["conversation_id"].as_str().unwrap().len() >= 16);

    widget.message("m1", "How do I return an item?").await;
    let frames = widget.recv_until("reply").await;

    assert_eq!(frames[0], json!({"v": 1, "type": "ack", "client_msg_id": "m1", "seq": 1}), "the ack comes first");
    assert!(!of_type(&frames, "typing").is_empty(), "typing is shown while the bot writes");
    let deltas: String = of_type(&frames, "reply_delta")
        .iter()
        .inspect(|d| assert_eq!(d["seq"], 1, "deltas name the message they answer"))
        .map(|d| d["text"].as_str().unwrap())
        .collect();
    let reply = frames.last().unwrap();
    assert_eq!(reply["seq"], 2);
    assert_eq!(reply["reply_to"], 1);
    assert_eq!(reply["intent"], "returns_refunds");
    assert_eq!(reply["language"], "en");
    assert_eq!(deltas, reply["text"].as_str().unwrap(), "the deltas add up to the reply");
    assert!(reply["text"].as_str().unwrap().contains("30 days"), "{reply}");
    assert_eq!(reply["sources"][0]["kind"], "faq");
    assert_eq!(reply["sources"][0]["id"], "faq.md#How do I return an item?");
    let confidence = reply["confidence"].as_f64().unwrap();
    assert!(confidence > 0.3 && confidence <= 1.0, "{confidence}");
    let after = widget.recv().await;
    assert_eq!(after, json!({"v": 1, "type": "typing", "on": false}));

    app.shutdown().await;
}

#[tokio::test]
async fn a_client_that_reconnects_gets_what_it_missed_once_and_in_order() {
    let app = spawn_app().await;
    let mut first = app.widget("test-shop").await;
    let welcome = first.hello(json!({})).await;
    let id = welcome["conversation_id"].as_str().unwrap().to_owned();
    first.message("m1", "How long does shipping to Chile take?").await;
    let ack = first.recv().await;
    assert_eq!(ack["seq"], 1);
    drop(first); // gone before the reply could arrive

    let mut second = app.widget("test-shop").await;
    let welcome = second.hello(json!({"conversation_id": id, "last_seq": 1})).await;
    assert_eq!(welcome["resumed"], true);
    assert_eq!(welcome["conversation_id"], id.as_str());
    let frames = second.recv_until("reply").await;
    let reply = frames.last().unwrap();
    assert_eq!(reply["seq"], 2);
    assert_eq!(reply["reply_to"], 1);
    assert_eq!(reply["intent"], "shipping");

    second.message("m2", "thanks!").await;
    let frames = second.recv_until("reply").await;
    assert_eq!(of_type(&frames, "ack")[0]["seq"], 3);
    assert_eq!(frames.last().unwrap()["seq"], 4);
    drop(second);

    // From the start: every stored entry, once, in seq order; then nothing more.
    let mut third = app.widget("test-shop").await;
    third.hello(json!({"conversation_id": id, "last_seq": 0})).await;
    let frames = third.drain(Duration::from_millis(700)).await;
    let seqs: Vec<u64> = frames.iter().filter_map(|f| f["seq"].as_u64()).collect();
    assert_eq!(seqs, vec![1, 2, 3, 4], "{frames:?}");
    assert_eq!(
        frames.iter().map(|f| f["type"].as_str().unwrap()).collect::<Vec<_>>(),
        vec!["ack", "reply", "ack", "reply"]
    );
    app.shutdown().await;
}

#[tokio::test]
async fn without_last_seq_a_client_resumes_after_what_it_acknowledged() {
    let app = spawn_app().await;
    let mut first = app.widget("test-shop").await;
    let id = first.hello(json!({})).await["conversation_id"].as_str().unwrap().to_owned();
    first.message("m1", "hello").await;
    first.recv_until("reply").await;
    first.send(json!({"type": "ack", "seq": 2})).await;
    first.message("m2", "Is the lamp shade cotton?").await;
    first.recv_until("reply").await;
    first.ws.close(None).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await; // the server records the ack on close

    let mut second = app.widget("test-shop").await;
    second.hello(json!({"conversation_id": id})).await;
    let frames = second.drain(Duration::from_millis(500)).await;
    let seqs: Vec<u64> = frames.iter().filter_map(|f| f["seq"].as_u64()).collect();
    assert_eq!(seqs, vec![3, 4], "{frames:?}");
    app.shutdown().await;
}

#[tokio::test]
async fn a_repeated_client_msg_id_gets_the_same_ack_and_no_second_reply() {
    let app = spawn_app().await;
    let mut widget = app.widget("test-shop").await;
    widget.hello(json!({})).await;
    widget.message("m1", "How do I return an item?").await;
    let first = widget.recv_until("reply").await;
    widget.recv().await; // typing off

    widget.message("m1", "How do I return an item?").await;
    let frames = widget.drain(Duration::from_millis(700)).await;
    assert_eq!(frames, vec![first[0].clone()], "only the same ack again");
    app.shutdown().await;
}

#[tokio::test]
async fn bad_frames_get_error_codes_and_the_connection_survives() {
    let app = spawn_app().await;
    let mut widget = app.widget("test-shop").await;

    widget.message("early", "hi").await;
    let error = widget.recv().await;
    assert_eq!(error["code"], "hello_required");
    assert_eq!(error["client_msg_id"], "early");

    widget.send_raw("{this is not json").await;
    assert_eq!(widget.recv().await["code"], "invalid_json");
    widget.send_raw(r#"{"type":"dance"}"#).await;
    assert_eq!(widget.recv().await["code"], "invalid_frame");
    widget.send_raw(r#"{"v":9,"type":"typing"}"#).await;
    assert_eq!(widget.recv().await["code"], "unsupported_version");
    widget.send(json!({"type": "hello", "conversation_id": "no spaces allowed"})).await;
    assert_eq!(widget.recv().await["code"], "invalid_conversation_id");

    widget.hello(json!({})).await;
    widget.send(json!({"type": "hello"})).await;
    assert_eq!(widget.recv().await["code"], "already_started");
    widget.message("m1", &"a".repeat(2001)).await;
    let error = widget.recv().await;
    assert_eq!((error["code"].as_str(), error["client_msg_id"].as_str()), (Some("message_too_long"), Some("m1")));
    widget.message("m2", "   ").await;
    assert_eq!(widget.recv().await["code"], "empty_message");
    widget.message("", "hello").await;
    assert_eq!(widget.recv().await["code"], "invalid_client_msg_id");

    // Still usable, and nothing refused was stored: the first stored message is seq 1.
    widget.message("m3", "hello").await;
    assert_eq!(widget.recv().await, json!({"v": 1, "type": "ack", "client_msg_id": "m3", "seq": 1}));
    app.shutdown().await;
}

#[tokio::test]
async fn an_oversized_frame_gets_an_error_then_close_1009() {
    let app = spawn_app().await;
    let mut widget = app.widget("test-shop").await;
    widget.hello(json!({})).await;
    let huge = json!({"type": "message", "client_msg_id": "big", "text": "x".repeat(100_000)}).to_string();
    widget.send_raw(&huge).await;
    let error = widget.recv().await;
    assert_eq!(error["code"], "frame_too_large");
    match widget.next().await {
        Some(Err(Some(close))) => assert_eq!(u16::from(close.code), 1009),
        other => panic!("expected close 1009, got {other:?}"),
    }
    app.shutdown().await;
}

#[tokio::test]
async fn an_unknown_shop_is_refused_with_a_code() {
    let app = spawn_app().await;
    for shop in ["no-such-shop", "Bad%20Id"] {
        let mut widget = app.widget(shop).await;
        let error = widget.recv().await;
        assert_eq!(error["code"], "unknown_shop");
        match widget.next().await {
            Some(Err(Some(close))) => assert_eq!(u16::from(close.code), 1008),
            other => panic!("expected close 1008, got {other:?}"),
        }
    }
    app.shutdown().await;
}

#[tokio::test]
async fn a_conversation_id_from_another_shop_opens_nothing_there() {
    let app = spawn_app().await;
    let mut a = app.widget("test-shop").await;
    let id = a.hello(json!({})).await["conversation_id"].as_str().unwrap().to_owned();
    a.message("m1", "my secret address is 1 Main St").await;
    a.recv().await;

    let mut b = app.widget("other-shop").await;
    let welcome = b.hello(json!({"conversation_id": id, "last_seq": 0})).await;
    assert_eq!(welcome["resumed"], false);
    assert_ne!(welcome["conversation_id"], id.as_str());
    assert!(b.drain(Duration::from_millis(400)).await.is_empty(), "nothing of shop A's conversation");
    app.shutdown().await;
}

#[tokio::test]
async fn messages_over_the_rate_get_rate_limited_and_the_socket_survives() {
    let app = spawn_app_with(|s| {
        s.chat.burst = 3;
        s.chat.messages_per_minute = 60;
    })
    .await;
    let mut widget = app.widget("test-shop").await;
    widget.hello(json!({})).await;
    for i in 0..4 {
        widget.message(&format!("m{i}"), "hello").await;
    }
    let frames = widget.drain(Duration::from_millis(800)).await;
    let limited = of_type(&frames, "error");
    assert_eq!(limited.len(), 1, "{frames:?}");
    assert_eq!(limited[0]["code"], "rate_limited");
    assert_eq!(limited[0]["client_msg_id"], "m3");
    let wait = limited[0]["retry_after_ms"].as_u64().unwrap();
    assert!(wait > 0 && wait <= 1001, "{wait}");
    assert_eq!(of_type(&frames, "ack").len(), 3);

    tokio::time::sleep(Duration::from_millis(wait)).await;
    widget.message("m3", "hello").await;
    assert_eq!(widget.recv().await["type"], "ack", "after the wait the resend is accepted");
    app.shutdown().await;
}

#[tokio::test]
async fn the_per_ip_connection_cap_refuses_one_more() {
    let app = spawn_app_with(|s| s.chat.max_connections_per_ip = 2).await;
    let _a = app.widget("test-shop").await;
    let _b = app.widget("test-shop").await;
    let mut c = app.widget("test-shop").await;
    assert_eq!(c.recv().await["code"], "too_many_connections");
    match c.next().await {
        Some(Err(Some(close))) => assert_eq!(u16::from(close.code), 1013),
        other => panic!("expected close 1013, got {other:?}"),
    }
    app.shutdown().await;
}

#[tokio::test]
async fn an_idle_socket_is_told_and_closed_and_a_live_one_is_pinged() {
    let app = spawn_app_with(|s| {
        s.chat.idle_timeout = Duration::from_millis(600);
        s.chat.heartbeat_interval = Duration::from_millis(100);
        s.chat.heartbeat_timeout = Duration::from_secs(5);
    })
    .await;
    let mut widget = app.widget("test-shop").await;
    widget.hello(json!({})).await;
    let mut pinged = false;
    let started = std::time::Instant::now();
    let error = loop {
        use futures_util::StreamExt;
        match tokio::time::timeout(Duration::from_secs(5), widget.ws.next()).await.unwrap().unwrap().unwrap() {
            tokio_tungstenite::tungstenite::Message::Ping(_) => pinged = true,
            tokio_tungstenite::tungstenite::Message::Text(text) => break serde_json::from_str::<Value>(&text).unwrap(),
            other => panic!("unexpected {other:?}"),
        }
    };
    assert!(pinged, "the heartbeat pings");
    assert_eq!(error["code"], "idle_timeout");
    assert!(started.elapsed() >= Duration::from_millis(500));
    match widget.next().await {
        Some(Err(Some(close))) => assert_eq!(u16::from(close.code), 1000),
        other => panic!("expected close 1000, got {other:?}"),
    }
    app.shutdown().await;
}

#[tokio::test]
async fn shutdown_closes_live_sockets_with_1001_and_finishes() {
    let app = spawn_app().await;
    let mut widget = app.widget("test-shop").await;
    widget.hello(json!({})).await;
    widget.message("m1", "hello").await;
    widget.recv_until("reply").await;

    app.stop.cancel();
    let close = loop {
        match widget.next().await {
            Some(Ok(_)) => continue,
            Some(Err(close)) => break close,
            None => panic!("the socket ended without a close frame"),
        }
    };
    assert_eq!(u16::from(close.expect("a close frame").code), 1001);
    tokio::time::timeout(Duration::from_secs(10), app.handle)
        .await
        .expect("shutdown finishes")
        .unwrap()
        .expect("clean shutdown");
    // A new connection after shutdown finds nobody listening.
    assert!(tokio_tungstenite::connect_async(format!("ws://{}/v1/chat?shop=test-shop", app.addr)).await.is_err());
}

#[tokio::test]
async fn a_human_request_hands_off_and_the_bot_then_stays_silent() {
    let app = spawn_app().await;
    let mut widget = app.widget("test-shop").await;
    widget.hello(json!({"locale": "es"})).await;
    widget.message("m1", "quiero hablar con una persona").await;
    let frames = widget.recv_until("handoff").await;
    let handoff = frames.last().unwrap();
    assert_eq!(handoff["reason"], "human_request");
    assert_eq!(handoff["expected_wait"], 12 * 60);
    assert_eq!(handoff["language"], "es");
    assert!(handoff["text"].as_str().unwrap().contains("12 minutos"), "{handoff}");
    assert!(of_type(&frames, "reply_delta").is_empty(), "nothing was generated");

    widget.message("m2", "hola?").await;
    let frames = widget.drain(Duration::from_millis(700)).await;
    assert_eq!(of_type(&frames, "ack").len(), 1);
    assert!(of_type(&frames, "reply").is_empty() && of_type(&frames, "handoff").is_empty(), "{frames:?}");
    app.shutdown().await;
}

#[tokio::test]
async fn two_sockets_on_one_conversation_both_see_the_reply() {
    let app = spawn_app().await;
    let mut phone = app.widget("test-shop").await;
    let id = phone.hello(json!({})).await["conversation_id"].as_str().unwrap().to_owned();
    phone.message("m1", "hello").await;
    phone.recv_until("reply").await;
    phone.recv().await; // typing off

    // A conversation exists once it has a message; a second tab joins it.
    let mut laptop = Widget::connect(app.addr, "test-shop").await;
    let welcome = laptop.hello(json!({"conversation_id": id, "last_seq": 2})).await;
    assert_eq!(welcome["resumed"], true);
    phone.message("m2", "thanks").await;
    let on_phone = phone.recv_until("reply").await;
    let on_laptop = laptop.recv_until("reply").await;
    assert_eq!(on_phone.last(), on_laptop.last());
    assert_eq!(
        of_type(&on_laptop, "ack"),
        vec![&json!({"v": 1, "type": "ack", "client_msg_id": "m2", "seq": 3})],
        "the other tab sees the message too"
    );
    app.shutdown().await;
}

#[tokio::test]
async fn a_conversation_without_messages_is_not_stored() {
    let app = spawn_app().await;
    let mut first = app.widget("test-shop").await;
    let id = first.hello(json!({})).await["conversation_id"].as_str().unwrap().to_owned();
    drop(first);
    let mut second = app.widget("test-shop").await;
    let welcome = second.hello(json!({"conversation_id": id})).await;
    assert_eq!(welcome["resumed"], false, "nothing was said, so there is nothing to resume");
    assert_ne!(welcome["conversation_id"], id.as_str());
    app.shutdown().await;
}

#[tokio::test]
async fn health_readiness_and_metrics_answer_over_http() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await, (200, "ok".to_owned()));
    assert_eq!(app.get("/readyz").await.0, 200);
    let mut widget = app.widget("test-shop").await;
    widget.hello(json!({})).await;
    widget.message("m1", "hello").await;
    widget.recv_until("reply").await;
    let (status, body) = app.get("/metrics").await;
    assert_eq!(status, 200);
    for name in ["kefu_turns_total", "kefu_stage_duration_seconds_bucket", "kefu_ws_connections", "kefu_messages_total"]
    {
        assert!(body.contains(name), "{name} missing from /metrics");
    }
    assert!(body.contains("stage=\"classify\""), "per-stage latency is labelled");
    app.shutdown().await;
}
