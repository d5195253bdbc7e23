//! WhatsApp Cloud API: the webhook (`messages` changes) and `POST /{phone-number-id}/messages`.
//!
//! In: `POST /v1/webhooks/whatsapp`, signed `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app
//! secret, raw body)>`; the subscription check is `GET /v1/webhooks/whatsapp?hub.mode=subscribe
//! &hub.verify_token=…&hub.challenge=…`, answered with the challenge. A message is routed by the
//! `phone_number_id` it was sent to: the shop whose `[channels.whatsapp] phone_number_id` it is.
//! Out: text messages with the shop's access token; only within 24 hours of the buyer's last
//! message (after that WhatsApp takes only approved templates); 4,096 characters per message.

use std::time::Duration;

use serde::Deserialize;

use super::{Inbound, Outbound, Platform, PushReceiver, Refused, SendError, Sender, header};
use crate::config::WhatsappConfig;
use crate::crypto::constant_time_eq;
use crate::domain::{PageContext, now_ms};
use crate::secrets::Secrets;
use crate::shop::{Shop, ShopDirectory};

/// The customer-service window after a buyer's message.
const WINDOW: Duration = Duration::from_secs(24 * 3600);
/// Longest text body WhatsApp takes.
const MAX_CHARS: usize = 4096;

pub struct WhatsappCloud {
    app: WhatsappConfig,
    secrets: Secrets,
    client: reqwest::Client,
}

impl WhatsappCloud {
    pub fn new(app: WhatsappConfig, secrets: Secrets) -> WhatsappCloud {
        let client = super::http_client(Duration::from_secs(10));
        WhatsappCloud { app, secrets, client }
    }
}

#[derive(Deserialize)]
struct Delivery {
    #[serde(default)]
    entry: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    changes: Vec<Change>,
}

#[derive(Deserialize)]
struct Change {
    #[serde(default)]
    field: String,
    value: Value,
}

#[derive(Deserialize)]
struct Value {
    metadata: Metadata,
    #[serde(default)]
    messages: Vec<Message>,
}

#[derive(Deserialize)]
struct Metadata {
    phone_number_id: String,
}

#[derive(Deserialize)]
struct Message {
    from: String,
    id: String,
    #[serde(default)]
    timestamp: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    text: Option<Text>,
    /// Set when the buyer writes from a product in the shop's catalogue ("Message business"
    /// on a product): `referred_product.product_retailer_id` is the shop's SKU.
    #[serde(default)]
    context: Option<MessageContext>,
}

#[derive(Deserialize)]
struct Text {
    body: String,
}

#[derive(Deserialize)]
struct MessageContext {
    #[serde(default)]
    referred_product: Option<ReferredProduct>,
}

#[derive(Deserialize)]
struct ReferredProduct {
    product_retailer_id: String,
}

/// The product a message was written from, as page context.
fn referred_product(message: &Message) -> Option<PageContext> {
    let sku = &message.context.as_ref()?.referred_product.as_ref()?.product_retailer_id;
    PageContext { product: Some(sku.clone()), page_url: None }.checked().ok().flatten()
}

#[async_trait::async_trait]
impl Sender for WhatsappCloud {
    fn platform(&self) -> Platform {
        Platform::Whatsapp
    }

    async fn send(&self, shop: &Shop, message: &Outbound) -> Result<(), SendError> {
        let channel = shop
            .channels
            .whatsapp
            .as_ref()
            .ok_or_else(|| SendError::Permanent("the shop has no [channels.whatsapp]".into()))?;
        if message.buyer_at_ms > 0 && now_ms().saturating_sub(message.buyer_at_ms) > WINDOW.as_millis() as u64 {
            return Err(SendError::Permanent(
                "over 24 hours since the buyer wrote: WhatsApp takes only a template now".into(),
            ));
        }
        let token = super::credential(&self.secrets, shop, &channel.token)?;
        let url = format!("{}/{}/messages", self.app.api_base.trim_end_matches('/'), channel.phone_number_id);
        let body = serde_json::json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": message.conversation,
            "type": "text",
            "text": {"preview_url": false, "body": message.text},
        });
        match self.client.post(&url).bearer_auth(token).json(&body).send().await {
            Ok(response) if response.status().is_success() => Ok(()),
            Ok(response) => {
                let status = response.status();
                let detail = response.text().await.unwrap_or_default();
                // 130429: the number's rate; 131047: the 24-hour window closed.
                if status.as_u16() == 429 || status.is_server_error() || detail.contains("130429") {
                    Err(SendError::Retry(format!("WhatsApp answered {status}")))
                } else {
                    Err(SendError::Permanent(format!(
                        "WhatsApp answered {status}: {}",
                        detail.chars().take(300).collect::<String>()
                    )))
                }
            }
            Err(err) => Err(SendError::Retry(format!("WhatsApp cannot be reached: {err}"))),
        }
    }

    fn pace(&self, _shop: &Shop) -> Duration {
        // 80 messages a second per number by default.
        Duration::from_millis(13)
    }

    fn pieces(&self, text: &str) -> Vec<String> {
        split(text, MAX_CHARS)
    }
}

impl PushReceiver for WhatsappCloud {
    fn platform(&self) -> Platform {
        Platform::Whatsapp
    }

    fn receive(
        &self,
        headers: &[(String, String)],
        body: &[u8],
        shops: &ShopDirectory,
    ) -> Result<super::Received, Refused> {
        let secret = crate::config::deployment_secret(&self.app.app_secret_env).ok_or(Refused::Signature)?;
        let expected = super::sha256_signature(&secret, body);
        let given = header(headers, "x-hub-signature-256").unwrap_or_default();
        if !constant_time_eq(given.as_bytes(), expected.as_bytes()) {
            return Err(Refused::Signature);
        }
        let delivery: Delivery = serde_json::from_slice(body).map_err(|e| Refused::Malformed(e.to_string()))?;
        let mut messages = Vec::new();
        for change in delivery.entry.iter().flat_map(|e| &e.changes).filter(|c| c.field == "messages") {
            let number = &change.value.metadata.phone_number_id;
            let Some(shop) = shops.find(|s| s.channels.whatsapp.as_ref().is_some_and(|w| &w.phone_number_id == number))
            else {
                tracing::warn!("a WhatsApp message for a phone number no shop has; dropped");
                continue;
            };
            for message in &change.value.messages {
                // Text only for now: other types (images, voice) reach the shop as a note.
                let text = match (&message.kind[..], &message.text) {
                    ("text", Some(text)) => text.body.clone(),
                    (kind, _) => format!("[{kind}]"),
                };
                let at_ms = super::sent_at_ms(message.timestamp.parse::<u64>().ok());
                messages.push(Inbound {
                    platform: Platform::Whatsapp,
                    shop: shop.id.clone(),
                    conversation: message.from.clone(),
                    message_id: message.id.clone(),
                    text,
                    attachments: Vec::new(),
                    locale: None,
                    at_ms,
                    context: referred_product(message),
                    sender: None,
                });
            }
        }
        Ok(messages.into())
    }

    fn handshake(&self, query: &[(String, String)]) -> Option<Result<String, Refused>> {
        let get = |name: &str| query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let token = crate::config::deployment_secret(&self.app.verify_token_env).unwrap_or_default();
        let given = get("hub.verify_token").unwrap_or_default();
        let ok = get("hub.mode") == Some("subscribe")
            && !token.is_empty()
            && constant_time_eq(given.as_bytes(), token.as_bytes());
        Some(if ok { Ok(get("hub.challenge").unwrap_or_default().to_owned()) } else { Err(Refused::Signature) })
    }
}

/// Splits `text` into pieces of at most `max` characters, at paragraph, line or sentence ends
/// where it can.
pub fn split(text: &str, max: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest = text.trim();
    while rest.chars().count() > max {
        let cut: String = rest.chars().take(max).collect();
        let at = ["\n\n", "\n", ". ", "。", "! ", "? "]
            .iter()
            .filter_map(|sep| cut.rfind(sep).map(|i| i + sep.len()))
            .find(|&i| i > max / 2)
            .unwrap_or(cut.len());
        pieces.push(cut[..at].trim().to_owned());
        rest = rest[at..].trim_start();
    }
    if !rest.is_empty() {
        pieces.push(rest.to_owned());
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_split_at_sentence_ends_within_the_limit() {
        let text = "One sentence here. ".repeat(30);
        let pieces = split(&text, 100);
        assert!(pieces.iter().all(|p| p.chars().count() <= 100), "{pieces:?}");
        assert!(pieces.iter().all(|p| p.ends_with('.')), "{pieces:?}");
        assert_eq!(pieces.join(" "), text.trim());
        assert_eq!(split("short", 100), ["short"]);
        let unbroken = "x".repeat(250);
        assert_eq!(split(&unbroken, 100).iter().map(|p| p.len()).collect::<Vec<_>>(), [100, 100, 50]);
    }
}
