//! `kefu chat`: a terminal buyer for a running kefu. Speaks the websocket protocol like the
//! storefront widget does: hello, then each line typed is a message; replies stream in as they
//! are written. The conversation id is printed so `--conversation` can resume it later.

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};
use tokio_tungstenite::tungstenite::Message;

/// Where and as whom to chat.
pub struct ChatOptions {
    /// e.g. `ws://127.0.0.1:8080`
    pub server: String,
    pub shop: String,
    pub conversation: Option<String>,
    pub locale: Option<String>,
}

/// Chats until end of input, writing what the buyer would see to `output`.
pub async fn run(
    options: &ChatOptions,
    input: impl AsyncBufRead + Unpin,
    mut output: impl AsyncWrite + Unpin,
) -> anyhow::Result<()> {
    let url = format!("{}/v1/chat?shop={}", options.server.trim_end_matches('/'), options.shop);
    let (socket, _) = tokio_tungstenite::connect_async(&url)
        .await
        .map_err(|err| anyhow::anyhow!("cannot connect to {url}: {err}; is `kefu serve` running there?"))?;
    let (mut sink, mut stream) = socket.split();
    let hello = json!({"type": "hello", "conversation_id": options.conversation, "locale": options.locale});
    sink.send(Message::Text(hello.to_string().into())).await?;

    let mut lines = input.lines();
    let mut sent = 0u64;
    let mut answered = 0u64;
    // After the input ends, wait this long for the last answers (a person may own the
    // conversation, and then the bot stays silent).
    let mut deadline: Option<tokio::time::Instant> = None;
    loop {
        let until_deadline = async {
            match deadline {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            line = lines.next_line(), if deadline.is_none() => match line? {
                Some(text) if text.trim().is_empty() => {}
                Some(text) => {
                    sent += 1;
                    let frame = json!({"type": "message", "client_msg_id": format!("cli-{sent}"), "text": text});
                    sink.send(Message::Text(frame.to_string().into())).await?;
                }
                None => deadline = Some(tokio::time::Instant::now() + std::time::Duration::from_secs(30)),
            },
            message = stream.next() => {
                let Some(message) = message else { break };
                let Message::Text(text) = message? else { continue };
                let frame: Value = serde_json::from_str(&text)?;
                if show(&frame, &mut output).await? {
                    answered += 1;
                }
            }
            () = until_deadline => break,
        }
        if deadline.is_some() && answered >= sent {
            break;
        }
    }
    let _ = sink.send(Message::Close(None)).await;
    Ok(())
}

/// Prints a frame; returns true when it ends the bot's turn.
async fn show(frame: &Value, output: &mut (impl AsyncWrite + Unpin)) -> anyhow::Result<bool> {
    let text = |key: &str| frame[key].as_str().unwrap_or_default().to_owned();
    let (line, done) = match frame["type"].as_str().unwrap_or_default() {
        "welcome" => (
            format!(
                "[conversation {} {}]\n",
                text("conversation_id"),
                if frame["resumed"] == true { "resumed" } else { "started" }
            ),
            false,
        ),
        "reply_delta" => (text("text"), false),
        "reply" => {
            let sources: Vec<String> = frame["sources"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|s| format!("{}:{}", s["kind"].as_str().unwrap_or("?"), s["id"].as_str().unwrap_or("?")))
                .collect();
            (
                format!(
                    "\n[{} · {} · confidence {:.2} · {}]\n",
                    text("language"),
                    text("intent"),
                    frame["confidence"].as_f64().unwrap_or(0.0),
                    if sources.is_empty() { "no sources".to_owned() } else { sources.join(", ") }
                ),
                true,
            )
        }
        "handoff" => (format!("{}\n[handed to a person: {}]\n", text("text"), text("reason")), true),
        "error" => (format!("[error {}: {}]\n", text("code"), text("message")), frame["client_msg_id"].is_string()),
        _ => return Ok(false),
    };
    output.write_all(line.as_bytes()).await?;
    output.flush().await?;
    Ok(done)
}
