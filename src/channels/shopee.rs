//! Shopee Open Platform v2: webchat push (code 10) in, `sellerchat/send_message` out.
//!
//! In: `POST /v1/webhooks/shopee` with `Authorization: <hex HMAC-SHA256(partner key, callback
//! URL + "|" + raw body)>`, answered 2xx with an empty body; routed by the push's `shop_id` to
//! the shop whose `[channels.shopee] shop_id` it is; messages the shop itself sent are skipped.
//! Out: `POST {api_base}/api/v2/sellerchat/send_message` with `partner_id`, `timestamp`,
//! `access_token`, `shop_id` and `sign` = hex HMAC-SHA256(partner key, partner id + path +
//! timestamp + access token + shop id); Shopee's `error` field says whether it worked
//! (`error_busy` and server errors are tried again).

use std::time::Duration;

use serde::Deserialize;

use super::{Inbound, Outbound, Platform, PushReceiver, Refused, SendError, Sender};
use crate::config::ShopeeConfig;
use crate::crypto::hmac_hex;
use crate::domain::{PageContext, now_ms};
use crate::secrets::Secrets;
use crate::shop::{Shop, ShopDirectory};

const SEND_PATH: &str = "/api/v2/sellerchat/send_message";

pub struct ShopeeChat {
    app: ShopeeConfig,
    secrets: Secrets,
    client: reqwest::Client,
}

impl ShopeeChat {
    pub fn new(app: ShopeeConfig, secrets: Secrets) -> ShopeeChat {
        let client = super::http_client(Duration::from_secs(10));
        ShopeeChat { app, secrets, client }
    }

    fn key(&self) -> Option<String> {
        crate::config::deployment_secret(&self.app.partner_key_env)
    }
}

#[derive(Deserialize)]
struct Push {
    code: u32,
    shop_id: u64,
    data: Option<PushData>,
}

#[derive(Deserialize)]
struct PushData {
    #[serde(rename = "type")]
    kind: String,
    content: ChatMessage,
}

#[derive(Deserialize)]
struct ChatMessage {
    message_id: String,
    from_id: u64,
    #[serde(default)]
    from_shop_id: Option<u64>,
    message_type: String,
    content: serde_json::Value,
    #[serde(default)]
    created_timestamp: Option<u64>,
}

/// A product card (webchat push, `message_type` "item"): the push documentation's example
/// (Open Platform push mechanism, webchat code 10, as public copies of it show) gives its
/// `content` as `{"shop_id", "item_id"}` (numbers: the shop that lists the item and the item's
/// Shopee id), with no text and no URL. It sets the conversation's product (`shopee:<item_id>`) with no text of its own, so it
/// is stored and answers nothing. A card of another shop's item, or one without a usable id,
/// names none of this shop's products and stays the note "[item]" it was before.
fn item_card(content: &serde_json::Value, shop_id: u64) -> (String, Option<PageContext>) {
    let own = content["shop_id"].as_u64().is_none_or(|s| s == shop_id);
    match own.then(|| super::product_card(Platform::Shopee, &content["item_id"])).flatten() {
        Some(context) => (String::new(), Some(context)),
        None => ("[item]".to_owned(), None),
    }
}

#[async_trait::async_trait]
impl Sender for ShopeeChat {
    fn platform(&self) -> Platform {
        Platform::Shopee
    }

    async fn send(&self, shop: &Shop, message: &Outbound) -> Result<(), SendError> {
        let channel = shop
            .channels
            .shopee
            .as_ref()
            .ok_or_else(|| SendError::Permanent("the shop has no [channels.shopee]".into()))?;
        let key = super::env_for_send(&self.app.partner_key_env)?;
        let token = super::credential(&self.secrets, shop, &channel.token)?;
        let to_id: u64 =
            message.conversation.parse().map_err(|_| SendError::Permanent("not a Shopee user id".into()))?;
        let timestamp = (now_ms() / 1000).to_string();
        let sign = request_sign(&key, &self.app.partner_id, SEND_PATH, &timestamp, &token, &channel.shop_id);
        let query = [
            ("partner_id", self.app.partner_id.as_str()),
            ("timestamp", timestamp.as_str()),
            ("access_token", token.as_str()),
            ("shop_id", channel.shop_id.as_str()),
            ("sign", sign.as_str()),
        ];
        let body = serde_json::json!({"to_id": to_id, "message_type": "text", "content": {"text": message.text}});
        let url = format!("{}{SEND_PATH}", self.app.api_base.trim_end_matches('/'));
        match self.client.post(&url).query(&query).json(&body).send().await {
            Ok(response) if super::transient(response.status()) => {
                Err(SendError::Retry(format!("Shopee answered {}", response.status())))
            }
            Ok(response) => {
                let status = response.status();
                let answer: serde_json::Value = response.json().await.unwrap_or_default();
                match answer["error"].as_str().unwrap_or_default() {
                    "" if status.is_success() => Ok(()),
                    "error_busy" | "error_server" | "system_busy" => {
                        Err(SendError::Retry(format!("Shopee: {}", answer["error"])))
                    }
                    error => {
                        Err(SendError::Permanent(format!("Shopee answered {status}: {error} {}", answer["message"])))
                    }
                }
            }
            // The URL carries the access token: never in a message.
            Err(err) => Err(SendError::Retry(format!("Shopee cannot be reached: {}", err.without_url()))),
        }
    }

    fn pace(&self, _shop: &Shop) -> Duration {
        Duration::from_millis(100)
    }
}

impl PushReceiver for ShopeeChat {
    fn platform(&self) -> Platform {
        Platform::Shopee
    }

    fn receive(
        &self,
        headers: &[(String, String)],
        body: &[u8],
        shops: &ShopDirectory,
    ) -> Result<super::Received, Refused> {
        let key = self.key().ok_or(Refused::Signature)?;
        if !super::signed_hex(headers, &key, format!("{}|", self.app.callback_url).as_bytes(), body) {
            return Err(Refused::Signature);
        }
        let push: Push = serde_json::from_slice(body).map_err(|e| Refused::Malformed(e.to_string()))?;
        // Code 10 is webchat; other pushes (order status, authorisation expiry) are not chats.
        let Some(data) = push.data.filter(|d| push.code == 10 && d.kind == "message") else {
            return Ok(super::Received::default());
        };
        let message = data.content;
        if message.from_shop_id == Some(push.shop_id) {
            return Ok(super::Received::default()); // the shop's own message, echoed
        }
        let shop_id = push.shop_id.to_string();
        let shop = shops
            .find(|s| s.channels.shopee.as_ref().is_some_and(|c| c.shop_id == shop_id))
            .ok_or(Refused::UnknownShop)?;
        let (text, context) = match message.message_type.as_str() {
            "text" => (message.content["text"].as_str().unwrap_or_default().to_owned(), None),
            "item" => item_card(&message.content, push.shop_id),
            other => (format!("[{other}]"), None),
        };
        Ok(super::Received::from(vec![Inbound {
            platform: Platform::Shopee,
            shop: shop.id.clone(),
            // Replies go to a user, so the buyer is the conversation.
            conversation: message.from_id.to_string(),
            message_id: message.message_id,
            text,
            attachments: Vec::new(),
            locale: None,
            at_ms: super::sent_at_ms(message.created_timestamp),
            context,
            sender: Some(message.from_id.to_string()),
        }]))
    }
}

/// Shopee's shop-level request signature: hex HMAC-SHA256 under the partner key of partner id
/// + API path + timestamp + access token + shop id (seller chat and order calls alike).
pub(crate) fn request_sign(
    partner_key: &str,
    partner_id: &str,
    path: &str,
    timestamp: &str,
    token: &str,
    shop_id: &str,
) -> String {
    hmac_hex(partner_key.as_bytes(), format!("{partner_id}{path}{timestamp}{token}{shop_id}").as_bytes())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_item_card_names_the_item_of_the_shop() {
        let (text, context) = item_card(&json!({"shop_id": 880001, "item_id": 9112503530u64}), 880001);
        assert_eq!(text, "");
        assert_eq!(context.and_then(|c| c.product).as_deref(), Some("shopee:9112503530"));
        // Shopee says which shop lists the item; a card without it is the shop's own.
        let (_, context) = item_card(&json!({"item_id": "9112503530"}), 880001);
        assert_eq!(context.and_then(|c| c.product).as_deref(), Some("shopee:9112503530"));
    }

    #[test]
    fn a_card_of_another_shop_or_without_a_usable_id_names_nothing() {
        let long = "9".repeat(65);
        for content in [
            json!({"shop_id": 109157255, "item_id": 9112503530u64}),
            json!({"shop_id": 880001}),
            json!({"shop_id": 880001, "item_id": null}),
            json!({"shop_id": 880001, "item_id": long}),
            json!({"shop_id": 880001, "item_id": "12 34"}),
            json!({"shop_id": 880001, "item_id": -1}),
            json!("not an object"),
        ] {
            assert_eq!(item_card(&content, 880001), ("[item]".to_owned(), None), "{content}");
        }
    }
}
