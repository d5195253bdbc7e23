//! Lazada Open Platform IM: push `message_type` 2 (a new IM message) in, `/im/message/send` out.
//!
//! In: `POST /v1/webhooks/lazada` with `Authorization: <hex HMAC-SHA256(app secret, app key +
//! raw body)>`, acknowledged with 200 at once (Lazada wants it within 500 ms); routed by
//! `seller_id` to the shop whose `[channels.lazada] seller_id` it is. Answered: buyers' messages
//! only — not the seller's, system messages, recalled ones, or ones Lazada's safety check held
//! back (`process_msg` set: only the seller sees them, so a person looks at them). Out: `POST
//! {api_base}/im/message/send` with `session_id`, `template_id` 1 and `txt`, signed the Lazada
//! way (upper-case hex HMAC-SHA256 under the app secret of the API path and the sorted
//! parameters as name+value).

use std::time::Duration;

use serde::Deserialize;

use super::{Inbound, Outbound, Platform, PushReceiver, Refused, SendError, Sender};
use crate::config::LazadaConfig;
use crate::crypto::hmac_hex;
use crate::domain::{PageContext, now_ms};
use crate::secrets::Secrets;
use crate::shop::{Shop, ShopDirectory};

const SEND_PATH: &str = "/im/message/send";

pub struct LazadaIm {
    app: LazadaConfig,
    secrets: Secrets,
    client: reqwest::Client,
}

impl LazadaIm {
    pub fn new(app: LazadaConfig, secrets: Secrets) -> LazadaIm {
        let client = super::http_client(Duration::from_secs(10));
        LazadaIm { app, secrets, client }
    }

    fn secret(&self) -> Option<String> {
        crate::config::deployment_secret(&self.app.app_secret_env)
    }
}

/// Lazada's request signature: upper-case hex HMAC-SHA256 under the secret of the API path
/// followed by the parameters sorted by name, each as name+value (`sign` left out).
pub fn request_sign(secret: &str, path: &str, params: &[(&str, &str)]) -> String {
    let mut sorted: Vec<&(&str, &str)> = params.iter().filter(|(k, _)| *k != "sign").collect();
    sorted.sort_by_key(|(k, _)| *k);
    let mut text = String::from(path);
    for (k, v) in sorted {
        text.push_str(k);
        text.push_str(v);
    }
    hmac_hex(secret.as_bytes(), text.as_bytes()).to_uppercase()
}

#[derive(Deserialize)]
struct Push {
    seller_id: serde_json::Value,
    message_type: u32,
    data: Option<ImMessage>,
}

#[derive(Deserialize)]
struct ImMessage {
    session_id: String,
    message_id: String,
    /// A JSON string; for text (`template_id` 1) `{"txt": "…"}`.
    content: String,
    from_account_type: u32,
    #[serde(default = "text_template")]
    template_id: u32,
    #[serde(rename = "type", default = "user_message")]
    kind: u32,
    #[serde(default)]
    status: u32,
    #[serde(default)]
    process_msg: Option<String>,
    #[serde(default)]
    send_time: Option<u64>,
}

/// A JSON string as its text, any other value as JSON (Lazada sends ids and codes either way).
fn text_of(value: &serde_json::Value) -> String {
    value.as_str().map_or_else(|| value.to_string(), str::to_owned)
}

/// Lazada IM's item (product) card template. Its documented use is `/im/message/send`, where
/// template 10006 takes the product's `item_id`; the fields of a pushed card's `content` are not
/// in the reference found, and integrations read its id as `itemId` — both are taken.
const ITEM_CARD: u32 = 10006;

/// A product card sets the conversation's product (`lazada:<item id>`) with no text of its own,
/// so it is stored and answers nothing. One without a usable id stays the note it was before.
fn item_card(content: &serde_json::Value) -> (String, Option<PageContext>) {
    let id = if content["itemId"].is_null() { &content["item_id"] } else { &content["itemId"] };
    match super::product_card(Platform::Lazada, id) {
        Some(context) => (String::new(), Some(context)),
        None => (format!("[template {ITEM_CARD}]"), None),
    }
}

fn text_template() -> u32 {
    1
}

fn user_message() -> u32 {
    1
}

#[async_trait::async_trait]
impl Sender for LazadaIm {
    fn platform(&self) -> Platform {
        Platform::Lazada
    }

    async fn send(&self, shop: &Shop, message: &Outbound) -> Result<(), SendError> {
        let channel = shop
            .channels
            .lazada
            .as_ref()
            .ok_or_else(|| SendError::Permanent("the shop has no [channels.lazada]".into()))?;
        let secret = super::env_for_send(&self.app.app_secret_env)?;
        let token = super::credential(&self.secrets, shop, &channel.token)?;
        let timestamp = now_ms().to_string();
        let mut params = vec![
            ("app_key", self.app.app_key.as_str()),
            ("timestamp", timestamp.as_str()),
            ("sign_method", "sha256"),
            ("access_token", token.as_str()),
            ("session_id", message.conversation.as_str()),
            ("template_id", "1"),
            ("txt", message.text.as_str()),
        ];
        let sign = request_sign(&secret, SEND_PATH, &params);
        params.push(("sign", sign.as_str()));
        let url = format!("{}{SEND_PATH}", self.app.api_base.trim_end_matches('/'));
        match self.client.post(&url).query(&params).send().await {
            Ok(response) if super::transient(response.status()) => {
                Err(SendError::Retry(format!("Lazada answered {}", response.status())))
            }
            Ok(response) => {
                let status = response.status();
                let answer: serde_json::Value = response.json().await.unwrap_or_default();
                let code = text_of(&answer["code"]);
                match code.as_str() {
                    "0" if status.is_success() => Ok(()),
                    "ApiCallLimit" | "ServiceTimeout" | "SYSTEM_BUSY" => {
                        Err(SendError::Retry(format!("Lazada: {code}")))
                    }
                    _ => Err(SendError::Permanent(format!("Lazada answered {status}: {code} {}", answer["message"]))),
                }
            }
            // The URL carries the access token: never in a message.
            Err(err) => Err(SendError::Retry(format!("Lazada cannot be reached: {}", err.without_url()))),
        }
    }

    fn pace(&self, _shop: &Shop) -> Duration {
        Duration::from_millis(20)
    }
}

impl PushReceiver for LazadaIm {
    fn platform(&self) -> Platform {
        Platform::Lazada
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
        let push: Push = serde_json::from_slice(body).map_err(|e| Refused::Malformed(e.to_string()))?;
        let Some(message) = push.data.filter(|_| push.message_type == 2) else { return Ok(super::Received::default()) };
        let from_buyer = message.from_account_type == 1 && message.kind == 1 && message.status != 1;
        if !from_buyer {
            return Ok(super::Received::default());
        }
        if message.process_msg.as_deref().is_some_and(|p| !p.trim().is_empty()) {
            tracing::warn!("a Lazada message held back by Lazada's safety check: left for a person");
            return Ok(super::Received::default());
        }
        let seller = text_of(&push.seller_id);
        let shop = shops
            .find(|s| s.channels.lazada.as_ref().is_some_and(|c| c.seller_id == seller))
            .ok_or(Refused::UnknownShop)?;
        let content = serde_json::from_str::<serde_json::Value>(&message.content).unwrap_or_default();
        let (text, context) = match message.template_id {
            1 => (content["txt"].as_str().unwrap_or_default().to_owned(), None),
            ITEM_CARD => item_card(&content),
            other => (format!("[template {other}]"), None),
        };
        Ok(super::Received::from(vec![Inbound {
            platform: Platform::Lazada,
            shop: shop.id.clone(),
            conversation: message.session_id,
            message_id: message.message_id,
            text,
            attachments: Vec::new(),
            locale: None,
            at_ms: message.send_time.unwrap_or_else(now_ms),
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
    fn an_item_card_names_the_lazada_item() {
        for content in [json!({"itemId": "2345", "skuId": "9876"}), json!({"item_id": 2345})] {
            let (text, context) = item_card(&content);
            assert_eq!(text, "");
            assert_eq!(context.and_then(|c| c.product).as_deref(), Some("lazada:2345"), "{content}");
        }
    }

    #[test]
    fn an_item_card_without_a_usable_id_names_nothing() {
        let long = "1".repeat(65);
        for content in
            [json!({}), json!({"itemId": ""}), json!({"itemId": long}), json!({"itemId": "a/b"}), json!(null)]
        {
            assert_eq!(item_card(&content), ("[template 10006]".to_owned(), None), "{content}");
        }
    }

    #[test]
    fn the_request_signature_is_upper_case_over_the_path_and_sorted_parameters() {
        let sign = request_sign("s", "/im/message/send", &[("txt", "hi"), ("app_key", "k"), ("sign", "x")]);
        assert_eq!(sign, hmac_hex(b"s", b"/im/message/sendapp_keyktxthi").to_uppercase());
    }
}
