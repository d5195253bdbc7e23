//! SIGKILL the server while a client sends: after a restart every acknowledged message is in
//! the log, in order, exactly once.

use std::collections::HashMap;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use crate::support::{Server, Widget};

const GENEROUS_LIMITS: &[(&str, &str)] = &[
    ("KEFU__CHAT__BURST", "100000"),
    ("KEFU__CHAT__MESSAGES_PER_MINUTE", "100000"),
    ("KEFU__CHAT__IP_BURST", "100000"),
    ("KEFU__CHAT__IP_MESSAGES_PER_MINUTE", "100000"),
];

#[tokio::test]
async fn every_acknowledged_message_survives_sigkill_in_order_exactly_once() {
    let data = tempfile::tempdir().unwrap();
    Server::ingest_fixtures(data.path()).await;
    let mut server = Server::start(data.path(), GENEROUS_LIMITS).await;
    let mut widget = Widget::connect(server.addr, "test-shop").await;
    let id = widget.hello(json!({})).await["conversation_id"].as_str().unwrap().to_owned();

    // Send as fast as the socket takes them, while reading acks, and kill the server mid-stream.
    let (mut sink, mut stream) = widget.ws.split();
    let sender = tokio::spawn(async move {
        for i in 0..2000 {
            let frame = json!({"type": "message", "client_msg_id": format!("m{i}"), "text": format!("hello {i}")});
            if sink.send(Message::Text(frame.to_string().into())).await.is_err() {
                break;
            }
        }
    });
    let mut acked: Vec<(String, u64)> = Vec::new();
    while let Ok(Some(Ok(message))) = tokio::time::timeout(Duration::from_secs(10), stream.next()).await {
        let Message::Text(text) = message else { continue };
        let frame: Value = serde_json::from_str(&text).unwrap();
        if frame["type"] == "ack" {
            acked.push((frame["client_msg_id"].as_str().unwrap().to_owned(), frame["seq"].as_u64().unwrap()));
            if acked.len() == 40 {
                server.child.start_kill().unwrap(); // SIGKILL
            }
        }
    }
    server.child.wait().await.unwrap();
    sender.abort();
    assert!(acked.len() >= 40, "the server acknowledged messages before it was killed");

    // Restart on the same data and read the whole conversation back.
    let server = Server::start(data.path(), GENEROUS_LIMITS).await;
    let mut widget = Widget::connect(server.addr, "test-shop").await;
    let welcome = widget.hello(json!({"conversation_id": id, "last_seq": 0})).await;
    assert_eq!(welcome["resumed"], true);
    let last_seq = welcome["last_seq"].as_u64().unwrap();
    let mut stored: Vec<(String, u64)> = Vec::new();
    let mut seen = 0;
    while seen < last_seq {
        let frame = widget.recv().await;
        if let Some(seq) = frame["seq"].as_u64()
            && frame["type"] != "reply_delta"
        {
            assert!(seq > seen, "entries arrive in seq order, once: {seq} after {seen}");
            seen = seq;
        }
        if frame["type"] == "ack" {
            stored.push((frame["client_msg_id"].as_str().unwrap().to_owned(), frame["seq"].as_u64().unwrap()));
        }
    }

    let by_id: HashMap<&str, u64> = stored.iter().map(|(id, seq)| (id.as_str(), *seq)).collect();
    assert_eq!(by_id.len(), stored.len(), "no message is stored twice");
    for (client_msg_id, seq) in &acked {
        assert_eq!(by_id.get(client_msg_id.as_str()), Some(seq), "acknowledged {client_msg_id} is stored at its seq");
    }
    let order: Vec<usize> = stored.iter().map(|(id, _)| id[1..].parse().unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "messages are stored in the order they were sent");
}
