//! AliExpress: no push for buyer messages, so its message API is polled (docs/channels.md), like
//! eBay. Calls go to the open-platform gateway (`api_base`, `/sync`) with the usual system
//! parameters (`method`, `app_key`, `session` = the seller's token, `timestamp` in ms,
//! `sign_method` = `sha256`) and `sign` = upper-case hex HMAC-SHA256 under the app secret of the
//! parameters sorted by name, each as name+value.
//!
//! A round lists the seller's message relations (`aliexpress.message.redefining.versiontwo.
//! querymsgrelationlist`, `query` = a JSON object with `current_page`, `page_size`) and, for each
//! whose `message_time` is newer than the shop's cursor and whose last message is not the
//! seller's own, reads its messages (`…versiontwo.querymsgdetaillist` with `channel_id`,
//! `current_page`, `page_size`); messages newer than the cursor not sent by the seller are new.
//! Replies: `…versiontwo.addmsg` with `create_param` = `{buyer_id, seller_id, content,
//! message_type: "member", extern_id: 0}`.
//!
//! The request and answer shapes here come from the public SDKs' request and response classes
//! (no official reference was reachable offline); answers are read both bare and wrapped in a
//! `<method>_response` object, lists both bare and wrapped in their item name.

use std::time::Duration;

use serde_json::Value;

use super::{Inbound, Outbound, Platform, Poller, SendError, Sender};
use crate::config::AliexpressConfig;
use crate::crypto::hmac_hex;
use crate::domain::now_ms;
use crate::secrets::Secrets;
use crate::shop::Shop;

const RELATIONS: &str = "aliexpress.message.redefining.versiontwo.querymsgrelationlist";
const DETAILS: &str = "aliexpress.message.redefining.versiontwo.querymsgdetaillist";
const ADD: &str = "aliexpress.message.redefining.versiontwo.addmsg";

pub struct AliexpressMessages {
    app: AliexpressConfig,
    secrets: Secrets,
    client: reqwest::Client,
}

/// The gateway's signature: upper-case hex HMAC-SHA256 under the secret of the parameters
/// sorted by name, each as name+value (`sign` left out).
pub fn request_sign(secret: &str, params: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = params.iter().filter(|(k, _)| k != "sign").collect();
    sorted.sort();
    let text: String = sorted.iter().map(|(k, v)| format!("{k}{v}")).collect();
    hmac_hex(secret.as_bytes(), text.as_bytes()).to_uppercase()
}

impl AliexpressMessages {
    pub fn new(app: AliexpressConfig, secrets: Secrets) -> AliexpressMessages {
        let client = super::http_client(Duration::from_secs(15));
        AliexpressMessages { app, secrets, client }
    }

    fn credentials(&self, shop: &Shop) -> Result<(String, String, String), SendError> {
        let channel = shop
            .channels
            .aliexpress
            .as_ref()
            .ok_or_else(|| SendError::Permanent("the shop has no [channels.aliexpress]".into()))?;
        let secret = super::env_for_send(&self.app.app_secret_env)?;
        let token = super::credential(&self.secrets, shop, &channel.token)?;
        Ok((secret, token, channel.seller_login_id.clone()))
    }

    /// One gateway call; the method's `result` object.
    async fn call(&self, secret: &str, token: &str, method: &str, api: &[(&str, String)]) -> Result<Value, SendError> {
        let mut params: Vec<(String, String)> = vec![
            ("method".into(), method.into()),
            ("app_key".into(), self.app.app_key.clone()),
            ("session".into(), token.into()),
            ("timestamp".into(), now_ms().to_string()),
            ("sign_method".into(), "sha256".into()),
        ];
        params.extend(api.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
        let sign = request_sign(secret, &params);
        params.push(("sign".into(), sign));
        let sent = self.client.post(&self.app.api_base).query(&params).send().await;
        let response = match sent {
            Ok(response) if super::transient(response.status()) => {
                return Err(SendError::Retry(format!("AliExpress answered {}", response.status())));
            }
            Ok(response) => response,
            Err(err) => return Err(SendError::Retry(format!("AliExpress cannot be reached: {err}"))),
        };
        let answer: Value =
            response.json().await.map_err(|e| SendError::Retry(format!("AliExpress's answer is not JSON: {e}")))?;
        if let Some(code) = answer.get("code").and_then(Value::as_str).filter(|c| *c != "0") {
            let message = answer["message"].as_str().unwrap_or_default();
            return if code.contains("Limit") || code.contains("limited") {
                Err(SendError::Retry(format!("AliExpress: {code} {message}")))
            } else {
                Err(SendError::Permanent(format!("AliExpress: {code} {message}")))
            };
        }
        let wrapped = format!("{}_response", method.replace('.', "_"));
        let body = answer.get(&wrapped).unwrap_or(&answer);
        Ok(body.get("result").cloned().unwrap_or_else(|| body.clone()))
    }
}

/// A list that SDKs show both bare and wrapped in its item name (`{"relation_result": [...]}`).
fn items(value: &Value, item: &str) -> Vec<Value> {
    match value.get(item).unwrap_or(value) {
        Value::Array(list) => list.clone(),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) | Value::Object(_) => Vec::new(),
    }
}

fn number(value: &Value) -> u64 {
    value.as_u64().or_else(|| value.as_str().and_then(|s| s.parse().ok())).unwrap_or(0)
}

fn text(value: &Value) -> String {
    value.as_str().map_or_else(|| if value.is_null() { String::new() } else { value.to_string() }, str::to_owned)
}

#[async_trait::async_trait]
impl Poller for AliexpressMessages {
    fn platform(&self) -> Platform {
        Platform::Aliexpress
    }

    fn polls(&self, shop: &Shop) -> bool {
        shop.channels.aliexpress.is_some()
    }

    async fn poll(&self, shop: &Shop, cursor: Option<&str>) -> Result<(Vec<Inbound>, Option<String>), SendError> {
        let (secret, token, seller) = self.credentials(shop)?;
        let since: u64 = cursor.and_then(|c| c.parse().ok()).unwrap_or(0);
        let query = serde_json::json!({"current_page": 1, "page_size": 50}).to_string();
        let relations = self.call(&secret, &token, RELATIONS, &[("query", query)]).await?;
        let mut newest = since;
        let mut messages = Vec::new();
        for relation in items(&relations["relation_list"], "relation_result") {
            if number(&relation["message_time"]) <= since || relation["last_message_is_own"].as_bool() == Some(true) {
                continue;
            }
            let channel = text(&relation["channel_id"]);
            let buyer = text(&relation["other_login_id"]);
            let api = [("channel_id", channel.clone()), ("current_page", "1".into()), ("page_size", "50".into())];
            let details = self.call(&secret, &token, DETAILS, &api).await?;
            for message in items(&details["message_detail_list"], "message_detail") {
                let at = number(&message["gmt_create"]);
                if at <= since {
                    continue;
                }
                newest = newest.max(at);
                let senders = [text(&message["summary"]["sender_login_id"]), text(&message["sender_name"])];
                if senders.iter().any(|s| s.eq_ignore_ascii_case(&seller)) {
                    continue; // the seller's own
                }
                messages.push(Inbound {
                    platform: Platform::Aliexpress,
                    shop: shop.id.clone(),
                    conversation: buyer.clone(),
                    message_id: format!("{channel}:{}", text(&message["id"])),
                    text: text(&message["content"]),
                    attachments: Vec::new(),
                    locale: None,
                    at_ms: at,
                    context: None,
                    sender: Some(buyer.clone()),
                });
            }
        }
        Ok((messages, (newest > since).then(|| newest.to_string()).or_else(|| cursor.map(str::to_owned))))
    }
}

#[async_trait::async_trait]
impl Sender for AliexpressMessages {
    fn platform(&self) -> Platform {
        Platform::Aliexpress
    }

    async fn send(&self, shop: &Shop, message: &Outbound) -> Result<(), SendError> {
        let (secret, token, seller) = self.credentials(shop)?;
        let create = serde_json::json!({"buyer_id": message.conversation, "seller_id": seller, "content": message.text,
            "message_type": "member", "extern_id": 0})
        .to_string();
        let result = self.call(&secret, &token, ADD, &[("create_param", create)]).await?;
        if result["is_success"].as_bool() == Some(true) {
            Ok(())
        } else {
            Err(SendError::Permanent(format!("AliExpress refused the message: {}", text(&result["error_msg"]))))
        }
    }

    fn pace(&self, _shop: &Shop) -> Duration {
        Duration::from_millis(200)
    }

    fn pieces(&self, text: &str) -> Vec<String> {
        super::whatsapp::split(text, 2000)
    }
}
