//! `kefu ask`: buyer turns as JSON lines in, one JSON result per turn out. The contract that
//! evaluation tools use (README.md, "kefu ask"); its fields are stable.
//!
//! Turns go through `Conversations`, exactly like websocket messages: same pipeline, same
//! memory, same log. Each `conversation` label names a conversation for this run only, so two
//! runs over the same file do not see each other's turns.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};

use crate::conversation::{Conversations, TurnReport, Unknown};
use crate::domain::{Attachment, ConversationId, Language, PageContext, ShopId, Source};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Turn {
    conversation: String,
    text: String,
    #[serde(default)]
    locale: Option<String>,
    /// Files sent with the message, e.g. `[{"kind": "image"}]`.
    #[serde(default)]
    attachments: Vec<Attachment>,
    /// The page the buyer writes from, e.g. `{"product": "SKU-1"}` (README).
    #[serde(default)]
    context: Option<PageContext>,
}

/// One output line. Field names and meanings are a public contract.
#[derive(Debug, Serialize)]
struct Answer<'a> {
    conversation: &'a str,
    reply: &'a str,
    language: &'a str,
    intent: &'a str,
    confidence: f32,
    escalated: bool,
    sources: &'a [Source],
}

/// Written instead of an answer for a line that could not be processed.
#[derive(Debug, Serialize)]
struct Failure<'a> {
    line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    conversation: Option<&'a str>,
    error: String,
}

/// Reads turns until end of input and answers each. Returns how many lines failed; every line
/// gets exactly one output line either way.
pub async fn run(
    conversations: &Conversations,
    shop: &ShopId,
    input: impl AsyncBufRead + Unpin,
    mut output: impl AsyncWrite + Unpin,
) -> anyhow::Result<usize> {
    if conversations.shop(shop).is_none() {
        let known: Vec<String> = conversations.shops().ids().iter().map(ToString::to_string).collect();
        let known = if known.is_empty() { "none".to_owned() } else { known.join(", ") };
        anyhow::bail!("unknown shop {shop} (ingested shops: {known}); add it with kefu ingest --shop {shop} DIR");
    }
    let mut ids: HashMap<String, ConversationId> = HashMap::new();
    let mut lines = input.lines();
    let mut number = 0;
    let mut failures = 0;
    while let Some(line) = lines.next_line().await? {
        number += 1;
        if line.trim().is_empty() {
            continue;
        }
        let out = match serde_json::from_str::<Turn>(&line) {
            Err(err) => {
                failures += 1;
                let error = format!("expected {{\"conversation\":\"…\",\"text\":\"…\",\"locale\"?:\"…\"}}: {err}");
                serde_json::to_string(&Failure { line: number, conversation: None, error })?
            }
            Ok(turn) => match answer(conversations, shop, &mut ids, &turn, number).await {
                Ok(report) => serde_json::to_string(&Answer {
                    conversation: &turn.conversation,
                    reply: &report.reply,
                    language: report.language.as_str(),
                    intent: report.intent.as_str(),
                    confidence: report.confidence,
                    escalated: report.escalated,
                    sources: &report.sources,
                })?,
                Err(err) => {
                    failures += 1;
                    let failure =
                        Failure { line: number, conversation: Some(&turn.conversation), error: format!("{err:#}") };
                    serde_json::to_string(&failure)?
                }
            },
        };
        output.write_all(out.as_bytes()).await?;
        output.write_all(b"\n").await?;
        output.flush().await?;
    }
    Ok(failures)
}

async fn answer(
    conversations: &Conversations,
    shop: &ShopId,
    ids: &mut HashMap<String, ConversationId>,
    turn: &Turn,
    number: usize,
) -> anyhow::Result<TurnReport> {
    if turn.text.trim().is_empty() && turn.attachments.is_empty() {
        anyhow::bail!("the turn has no text and no attachment");
    }
    let id = ids.entry(turn.conversation.clone()).or_insert_with(ConversationId::random).clone();
    let locale = turn.locale.as_deref().and_then(Language::parse);
    let opened = conversations.open(shop, Some(id), locale.clone(), Unknown::Create).await?;
    let context = PageContext::check(turn.context.clone()).map_err(anyhow::Error::msg)?;
    let appended = conversations
        .submit(&opened.key, &format!("ask-{number}"), &turn.text, &turn.attachments, context.as_ref(), locale)
        .await?;
    conversations
        .answer(&opened.key, appended.seq)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the turn was already answered"))
}
