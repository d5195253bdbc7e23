//! TikTok Shop Customer Service API: webhook type 14 (NEW_MESSAGE) in, "send message" out.
//!
//! In: `POST /v1/webhooks/tiktok` with `Authorization: <hex HMAC-SHA256(app secret, app key +
//! raw body)>` (no "Bearer"); routed by the payload's `shop_id` to the shop whose
//! `[channels.tiktok] shop_id` it is; only visible messages from the buyer are answered. Out:
//! `POST {api_base}/customer_service/202309/conversations/{id}/messages` with `app_key`,
//! `timestamp`, `shop_cipher` and `sign` (hex HMAC-SHA256 under the app secret of: secret, path,
//! the sorted query parameters as key+value, body, secret), the shop's token in
//! `x-tts-access-token`; text at most 2,000 characters (longer replies go in several messages);
//! 50 requests a second per shop.

use std::time::Duration;

use serde::Deserialize;

use super::{Inbound, Outbound, Platform, PushReceiver, Refused, SendError, Sender};
use crate::config::TiktokConfig;
use crate::crypto::hmac_hex;
use crate::domain::{PageContext, now_ms};
use crate::secrets::Secrets;
use crate::shop::{Shop, ShopDirectory};

/// Longest text TikTok Shop takes in one message.
pub const MAX_CHARS: usize = 2000;
const SEND_PATH: &str = "/customer_service/202309/conversations/{conversation_id}/messages";

pub struct TiktokShop {
    app: TiktokConfig,
    secrets: Secrets,
    client: reqwest::Client,
}

impl TiktokShop {
    pub fn new(app: TiktokConfig, secrets: Secrets) -> TiktokShop {
        let client = super::http_client(Duration::from_secs(10));
        TiktokShop { app, secrets, client }
    }

    fn secret(&self) -> Option<String> {
        crate::config::deployment_secret(&self.app.app_secret_env)
    }
}

/// TikTok Shop's request signature: HMAC-SHA256 under `secret` of secret + path + the query
/// parameters sorted by name as name+value (without `sign` and `access_token`) + body + secret.
pub fn request_sign(secret: &str, path: &str, query: &[(&str, &str)], body: &str) -> String {
    let mut params: Vec<&(&str, &str)> = query.iter().filter(|(k, _)| *k != "sign" && *k != "access_token").collect();
    params.sort_by_key(|(k, _)| *k);
    let mut text = String::from(secret);
    text.push_str(path);
    for (k, v) in params {
        text.push_str(k);
        text.push_str(v);
    }
    text.push_str(body);
    text.push_str(secret);
    hmac_hex(secret.as_bytes(), text.as_bytes())
}

#[derive(Deserialize)]
struct Notification {
    #[serde(rename = "type")]
    kind: u32,
    shop_id: String,
    data: Option<MessageData>,
}

#[derive(Deserialize)]
struct MessageData {
    conversation_id: String,
    message_id: String,
    #[serde(rename = "type")]
    kind: String,
    /// A JSON string; for TEXT `{"content": "…"}`.
    content: String,
    sender: MessageSender,
    #[serde(default = "visible")]
    is_visible: bool,
    #[serde(default)]
    create_time: Option<u64>,
}

fn visible() -> bool {
    true
}

#[derive(Deserialize)]
struct MessageSender {
    role: String,
}

/// A product card (customer service message type `PRODUCT_CARD`, whose `content` is a JSON
/// string `{"product_id": "…"}`, the TikTok Shop product id — the shape integrations of the
/// Customer Service API read; no official reference was reachable offline) sets the conversation's product
/// (`tiktok:<product_id>`) with no text of its own, so it is stored and answers nothing. One
/// without a usable id stays the note "[product_card]" it was before.
fn product_card(content: &serde_json::Value) -> (String, Option<PageContext>) {
    match super::product_card(Platform::Tiktok, &content["product_id"]) {
        Some(context) => (String::new(), Some(context)),
        None => ("[product_card]".to_owned(), None),
    }
}

#[async_trait::async_trait]
impl Sender for TiktokShop {
    fn platform(&self) -> Platform {
        Platform::Tiktok
    }

    async fn send(&self, shop: &Shop, message: &Outbound) -> Result<(), SendError> {
        let channel = shop
            .channels
            .tiktok
            .as_ref()
            .ok_or_else(|| SendError::Permanent("the shop has no [channels.tiktok]".into()))?;
        let secret = super::env_for_send(&self.app.app_secret_env)?;
        let token = super::credential(&self.secrets, shop, &channel.token)?;
        let path = SEND_PATH.replace("{conversation_id}", &message.conversation);
        let content = serde_json::json!({"content": message.text}).to_string();
        let body = serde_json::json!({"type": "TEXT", "content": content}).to_string();
        let timestamp = (now_ms() / 1000).to_string();
        let query = [
            ("app_key", self.app.app_key.as_str()),
            ("shop_cipher", channel.shop_cipher.as_str()),
            ("timestamp", timestamp.as_str()),
        ];
        let sign = request_sign(&secret, &path, &query, &body);
        let url = format!("{}{path}", self.app.api_base.trim_end_matches('/'));
        let sent = self
            .client
            .post(&url)
            .query(&query)
            .query(&[("sign", sign.as_str())])
            .header("x-tts-access-token", token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await;
        match sent {
            Ok(response) if super::transient(response.status()) => {
                Err(SendError::Retry(format!("TikTok Shop answered {}", response.status())))
            }
            Ok(response) => {
                let status = response.status();
                let answer: serde_json::Value = response.json().await.unwrap_or_default();
                match answer["code"].as_i64() {
                    Some(0) if status.is_success() => Ok(()),
                    code => Err(SendError::Permanent(format!(
                        "TikTok Shop answered {status}, code {code:?}: {}",
                        answer["message"]
                    ))),
                }
            }
            Err(err) => Err(SendError::Retry(format!("TikTok Shop cannot be reached: {err}"))),
        }
    }

    fn pace(&self, _shop: &Shop) -> Duration {
        Duration::from_millis(20)
    }

    fn pieces(&self, text: &str) -> Vec<String> {
        super::whatsapp::split(text, MAX_CHARS)
    }
}

impl PushReceiver for TiktokShop {
    fn platform(&self) -> Platform {
        Platform::Tiktok
    }

    fn receive(
        &self,
        headers: &[(String, String)],
        body: &[u8],
        shops: &ShopDirectory,
    ) -> Result<super::Received, Refused> {
        let secret = self.secret().ok_or(Refused::Signature)?;
        if !super::signed_hex(headers, &secret, self.app.app_key.as_bytes(), body) {
            return Err(Refused::Signature);
        }
        let notification: Notification = serde_json::from_slice(body).map_err(|e| Refused::Malformed(e.to_string()))?;
        // Type 14 is a new message; others (13: an agent joined) carry nothing to answer.
        let Some(data) = notification.data.filter(|_| notification.kind == 14) else {
            return Ok(super::Received::default());
        };
        if data.sender.role != "BUYER" || !data.is_visible {
            return Ok(super::Received::default());
        }
        let shop = shops
            .find(|s| s.channels.tiktok.as_ref().is_some_and(|t| t.shop_id == notification.shop_id))
            .ok_or(Refused::UnknownShop)?;
        let content = serde_json::from_str::<serde_json::Value>(&data.content).unwrap_or_default();
        let (text, context) = match data.kind.as_str() {
            "TEXT" => (content["content"].as_str().unwrap_or_default().to_owned(), None),
            "PRODUCT_CARD" => product_card(&content),
            other => (format!("[{}]", other.to_lowercase()), None),
        };
        Ok(super::Received::from(vec![Inbound {
            platform: Platform::Tiktok,
            shop: shop.id.clone(),
            conversation: data.conversation_id,
            message_id: data.message_id,
            text,
            attachments: Vec::new(),
            locale: None,
            at_ms: super::sent_at_ms(data.create_time),
            context,
            sender: None,
        }]))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_product_card_names_the_tiktok_product() {
        let (text, context) = product_card(&json!({"product_id": "1729382256910"}));
        assert_eq!(text, "");
        assert_eq!(context.and_then(|c| c.product).as_deref(), Some("tiktok:1729382256910"));
    }

    #[test]
    fn a_product_card_without_a_usable_id_names_nothing() {
        let long = "1".repeat(65);
        for content in
            [json!({}), json!({"product_id": ""}), json!({"product_id": long}), json!({"product_id": "1\n2"})]
        {
            assert_eq!(product_card(&content), ("[product_card]".to_owned(), None), "{content}");
        }
    }

    #[test]
    fn the_request_signature_covers_sorted_parameters_and_the_body() {
        let query = [("timestamp", "1700000000"), ("app_key", "k"), ("sign", "ignored"), ("access_token", "ignored")];
        let sign = request_sign("s", "/p", &query, "{}");
        assert_eq!(sign, hmac_hex(b"s", b"s/papp_keyktimestamp1700000000{}s"));
    }
}
