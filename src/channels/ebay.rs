//! eBay: no push for buyer messages, so the Message API is polled (docs/channels.md).
//!
//! Each round asks `GET {api_base}/commerce/message/v1/conversation` for the shop's member
//! conversations, and for each one with a message newer than the shop's cursor, `GET
//! …/conversation/{id}` for its messages; those from buyers (not the seller's user name) newer
//! than the cursor are new buyer messages. The cursor — the newest `createdDate` seen — is kept
//! per shop in the store, so a restart neither misses nor repeats messages (and the inbox
//! de-duplicates by message id anyway). Out: `POST …/send_message` with the conversation id.

use std::time::Duration;

use serde::Deserialize;

use super::{Inbound, Outbound, Platform, SendError, Sender};
use crate::config::EbayConfig;
use crate::secrets::Secrets;
use crate::shop::Shop;

pub struct EbayMessages {
    app: EbayConfig,
    secrets: Secrets,
    client: reqwest::Client,
}

impl EbayMessages {
    pub fn new(app: EbayConfig, secrets: Secrets) -> EbayMessages {
        let client = super::http_client(Duration::from_secs(15));
        EbayMessages { app, secrets, client }
    }

    fn token(&self, shop: &Shop) -> Result<(String, String), SendError> {
        let channel = shop
            .channels
            .ebay
            .as_ref()
            .ok_or_else(|| SendError::Permanent("the shop has no [channels.ebay]".into()))?;
        let token = super::credential(&self.secrets, shop, &channel.token)?;
        Ok((token, channel.seller_username.clone()))
    }

    async fn get(&self, token: &str, path: &str) -> Result<serde_json::Value, SendError> {
        let url = format!("{}{path}", self.app.api_base.trim_end_matches('/'));
        match self.client.get(&url).bearer_auth(token).send().await {
            Ok(response) if response.status().is_success() => {
                response.json().await.map_err(|e| SendError::Retry(format!("eBay's answer is not JSON: {e}")))
            }
            Ok(response) if super::transient(response.status()) => {
                Err(SendError::Retry(format!("eBay answered {}", response.status())))
            }
            Ok(response) => Err(SendError::Permanent(format!("eBay answered {}", response.status()))),
            Err(err) => Err(SendError::Retry(format!("eBay cannot be reached: {err}"))),
        }
    }
}

#[async_trait::async_trait]
impl super::Poller for EbayMessages {
    fn platform(&self) -> Platform {
        Platform::Ebay
    }

    fn polls(&self, shop: &Shop) -> bool {
        shop.channels.ebay.is_some()
    }

    async fn poll(&self, shop: &Shop, cursor: Option<&str>) -> Result<(Vec<Inbound>, Option<String>), SendError> {
        let (token, seller) = self.token(shop)?;
        let list: ConversationList = serde_json::from_value(
            self.get(&token, "/commerce/message/v1/conversation?conversation_type=FROM_MEMBERS&limit=50").await?,
        )
        .map_err(|e| SendError::Retry(format!("eBay's conversations: {e}")))?;
        let newer = |date: &str| cursor.is_none_or(|c| date > c);
        let mut messages = Vec::new();
        let mut newest = cursor.map(str::to_owned);
        for conversation in
            list.conversations.iter().filter(|c| c.latest_message.as_ref().is_some_and(|m| newer(&m.created_date)))
        {
            let path = format!(
                "/commerce/message/v1/conversation/{}?conversation_type=FROM_MEMBERS",
                conversation.conversation_id
            );
            let detail: Conversation = serde_json::from_value(self.get(&token, &path).await?)
                .map_err(|e| SendError::Retry(format!("eBay's messages: {e}")))?;
            for message in detail.messages.into_iter().filter(|m| newer(&m.created_date)) {
                if newest.as_deref().is_none_or(|n| message.created_date.as_str() > n) {
                    newest = Some(message.created_date.clone());
                }
                if message.sender_username.eq_ignore_ascii_case(&seller) {
                    continue;
                }
                messages.push(Inbound {
                    platform: Platform::Ebay,
                    shop: shop.id.clone(),
                    conversation: conversation.conversation_id.clone(),
                    message_id: message.message_id,
                    text: message.message_body,
                    attachments: Vec::new(),
                    locale: None,
                    at_ms: crate::domain::now_ms(),
                    context: None,
                    sender: Some(message.sender_username.clone()),
                });
            }
        }
        Ok((messages, newest))
    }
}

#[derive(Deserialize)]
struct ConversationList {
    #[serde(default)]
    conversations: Vec<ConversationSummary>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConversationSummary {
    conversation_id: String,
    #[serde(default)]
    latest_message: Option<Message>,
}

#[derive(Deserialize)]
struct Conversation {
    #[serde(default)]
    messages: Vec<Message>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Message {
    #[serde(default)]
    message_id: String,
    #[serde(default)]
    message_body: String,
    #[serde(default)]
    sender_username: String,
    created_date: String,
}

#[async_trait::async_trait]
impl Sender for EbayMessages {
    fn platform(&self) -> Platform {
        Platform::Ebay
    }

    async fn send(&self, shop: &Shop, message: &Outbound) -> Result<(), SendError> {
        let (token, _) = self.token(shop)?;
        let url = format!("{}/commerce/message/v1/send_message", self.app.api_base.trim_end_matches('/'));
        let body = serde_json::json!({"conversationId": message.conversation, "messageText": message.text});
        match self.client.post(&url).bearer_auth(token).json(&body).send().await {
            Ok(response) if response.status().is_success() => Ok(()),
            Ok(response) if super::transient(response.status()) => {
                Err(SendError::Retry(format!("eBay answered {}", response.status())))
            }
            Ok(response) => Err(SendError::Permanent(format!("eBay answered {}", response.status()))),
            Err(err) => Err(SendError::Retry(format!("eBay cannot be reached: {err}"))),
        }
    }

    fn pace(&self, _shop: &Shop) -> Duration {
        Duration::from_millis(200)
    }

    fn pieces(&self, text: &str) -> Vec<String> {
        super::whatsapp::split(text, 2000)
    }
}
