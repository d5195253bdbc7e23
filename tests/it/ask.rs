//! `kefu ask`: the JSONL contract evaluation tools use.

use serde_json::Value;

use crate::support::run_kefu;

fn lines(stdout: &str) -> Vec<Value> {
    stdout.lines().map(|l| serde_json::from_str(l).expect("every output line is JSON")).collect()
}

#[tokio::test]
async fn answers_each_turn_with_the_documented_fields_and_memory() {
    let data = tempfile::tempdir().unwrap();
    crate::support::Server::ingest_fixtures(data.path()).await;
    let input = [
        r#"{"conversation":"c1","text":"hola, buenos días"}"#,
        r#"{"conversation":"c1","text":"👍"}"#,
        r#"{"conversation":"c2","text":"How do I return an item?"}"#,
        r#"{"conversation":"c3","text":"👍","locale":"fr"}"#,
        r#"{"conversation":"c4","text":"I want to talk to a real person"}"#,
        r#"{"conversation":"c4","text":"hello?"}"#,
    ]
    .join("\n");
    let data_dir = data.path().to_str().unwrap();
    let (code, stdout, stderr) = run_kefu(&["ask", "--shop", "test-shop", "--data-dir", data_dir], &input).await;
    assert_eq!(code, 0, "{stderr}");
    let out = lines(&stdout);
    assert_eq!(out.len(), 6);
    for line in &out {
        let keys: Vec<&str> = line.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["confidence", "conversation", "escalated", "intent", "language", "reply", "sources"],
            "{line}"
        );
    }
    assert_eq!((out[0]["conversation"].as_str(), out[0]["intent"].as_str()), (Some("c1"), Some("greeting")));
    assert_eq!(out[0]["language"], "es");
    assert_eq!(out[1]["language"], "es", "an emoji keeps the conversation's language");
    assert_eq!(out[2]["intent"], "returns_refunds");
    assert_eq!(out[2]["escalated"], false);
    assert_eq!(
        out[2]["sources"][0],
        serde_json::json!({"kind": "faq", "id": "faq.md#How do I return an item?", "title": "How do I return an item?", "score": out[2]["sources"][0]["score"]})
    );
    assert_eq!(out[3]["language"], "fr", "the locale is the prior");
    assert_eq!(out[4]["escalated"], true);
    assert_eq!(out[4]["intent"], "human_request");
    assert!(!out[4]["reply"].as_str().unwrap().is_empty(), "the buyer is told a person will reply");
    assert_eq!(
        (out[5]["escalated"].as_bool(), out[5]["reply"].as_str()),
        (Some(true), Some("")),
        "silent while a person owns it"
    );
}

#[tokio::test]
async fn a_bad_line_gets_an_error_line_and_a_failing_exit_code() {
    let data = tempfile::tempdir().unwrap();
    crate::support::Server::ingest_fixtures(data.path()).await;
    let input = "{\"conversation\":\"c1\",\"text\":\"hi\"}\nnot json\n{\"conversation\":\"c1\"}\n{\"conversation\":\"c1\",\"text\":\"thanks\"}\n";
    let data_dir = data.path().to_str().unwrap();
    let (code, stdout, stderr) = run_kefu(&["ask", "--shop", "test-shop", "--data-dir", data_dir], input).await;
    assert_eq!(code, 1);
    assert!(stderr.contains("2 line(s)"), "{stderr}");
    let out = lines(&stdout);
    assert_eq!(out.len(), 4, "one output line per input line");
    assert_eq!(out[1]["line"], 2);
    assert!(out[1]["error"].as_str().unwrap().contains("expected"));
    assert_eq!(out[2]["line"], 3);
    assert_eq!(out[3]["intent"], "thanks_bye", "processing goes on after a bad line");
}

#[tokio::test]
async fn an_unknown_shop_and_a_bad_config_say_what_to_fix() {
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap();
    let (code, _, stderr) = run_kefu(&["ask", "--shop", "nope", "--data-dir", data_dir], "").await;
    assert_eq!(code, 1);
    assert!(stderr.contains("unknown shop nope") && stderr.contains("kefu ingest --shop nope"), "{stderr}");

    let config = data.path().join("bad.toml");
    std::fs::write(&config, "[chat]\nmax_message_chars = -5\n").unwrap();
    let (code, _, stderr) =
        run_kefu(&["ask", "--shop", "test-shop", "--data-dir", data_dir, "--config", config.to_str().unwrap()], "")
            .await;
    assert_eq!(code, 2);
    assert!(stderr.contains("chat.max_message_chars") && stderr.contains("bad.toml"), "{stderr}");
}

#[tokio::test]
async fn kefu_chat_talks_to_a_running_server_like_a_widget() {
    let app = crate::support::spawn_app().await;
    let server = format!("ws://{}", app.addr);
    let input = "How do I return an item?\nquiero hablar con una persona\n";
    let (code, stdout, stderr) = run_kefu(&["chat", "--shop", "test-shop", "--server", &server], input).await;
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("[conversation "), "{stdout}");
    assert!(stdout.contains("30 days") && stdout.contains("returns_refunds"), "{stdout}");
    assert!(stdout.contains("faq:faq.md#How do I return an item?"), "{stdout}");
    assert!(stdout.contains("[handed to a person: human_request]"), "{stdout}");

    let (code, _, stderr) = run_kefu(&["chat", "--shop", "test-shop", "--server", "ws://127.0.0.1:9"], "hi\n").await;
    assert_eq!(code, 1);
    assert!(stderr.contains("is `kefu serve` running there?"), "{stderr}");
    app.shutdown().await;
}

#[tokio::test]
async fn serve_keeps_running_when_whoever_started_it_stops_reading_its_output() {
    let data = tempfile::tempdir().unwrap();
    crate::support::Server::ingest_fixtures(data.path()).await;
    // `Server::start` reads the first line of stdout and drops the pipe.
    let server = crate::support::Server::start(data.path(), &[]).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(crate::support::http_get(server.addr, "/healthz").await, (200, "ok".to_owned()));
}
