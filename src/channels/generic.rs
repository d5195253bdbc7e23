//! kefu's own signed JSON webhook, for any platform without a connector (docs/channels.md).
//!
//! In: `POST /v1/webhooks/generic` with `X-Kefu-Shop: <shop id>` and `X-Kefu-Signature:
//! sha256=<hex HMAC-SHA256(secret, raw body)>`; the body is `{"conversation", "message_id",
//! "text", "locale"?}`. Out: the same signature on `POST <reply_url>` with `{"conversation",
//! "reply_to", "text"}`; a 2xx is delivered, 429 and 5xx are tried again, other answers are
//! refusals. The secret is the shop's credential `[channels.generic] secret` names (the
//! deployment's secret directory); replies go only where the deployment's `[outbound]` rules
//! allow.

use std::time::Duration;

use serde::Deserialize;

use super::{Inbound, Outbound, Platform, PushReceiver, Refused, SendError, Sender, header};
use crate::crypto::constant_time_eq;
use crate::domain::{PageContext, ShopId};
use crate::outbound::OutboundPolicy;
use crate::secrets::Secrets;
use crate::shop::{Shop, ShopDirectory};

pub struct GenericWebhook {
    secrets: Secrets,
    outbound: OutboundPolicy,
    client: reqwest::Client,
}

impl GenericWebhook {
    pub fn new(secrets: Secrets, outbound: OutboundPolicy) -> GenericWebhook {
        let client = outbound.client(Duration::from_secs(10));
        GenericWebhook { secrets, outbound, client }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Delivery {
    conversation: String,
    message_id: String,
    text: String,
    #[serde(default)]
    locale: Option<String>,
    /// The product the buyer writes about (docs/protocol.md's `context`).
    #[serde(default)]
    context: Option<PageContext>,
}

impl GenericWebhook {
    /// The shop's webhook secret, when it has the channel and the deployment has its value.
    fn secret(&self, shop: &Shop) -> Option<String> {
        let channel = shop.channels.generic.as_ref()?;
        self.secrets.read(&shop.id, &channel.secret).ok()
    }
}

#[async_trait::async_trait]
impl Sender for GenericWebhook {
    fn platform(&self) -> Platform {
        Platform::Generic
    }

    async fn send(&self, shop: &Shop, message: &Outbound) -> Result<(), SendError> {
        let channel = shop
            .channels
            .generic
            .as_ref()
            .ok_or_else(|| SendError::Permanent("the shop has no [channels.generic]".into()))?;
        let secret = super::credential(&self.secrets, shop, &channel.secret)?;
        let url = reqwest::Url::parse(&channel.reply_url)
            .map_err(|err| SendError::Permanent(format!("reply_url {:?}: {err}", channel.reply_url)))?;
        self.outbound.check(&url).map_err(|refusal| SendError::Permanent(format!("reply_url: {refusal}")))?;
        // The delivery id is the outbox row's: a reply sent again (a retry after a lost answer,
        // or another node after this one died mid-send) carries the same one, so the receiver
        // can apply it once.
        let delivery = format!("kefu-{}", message.id);
        let body = serde_json::json!({"conversation": message.conversation, "reply_to": message.reply_to,
            "text": message.text, "delivery_id": delivery});
        let body = serde_json::to_vec(&body).expect("JSON serializes");
        let sent = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .header("x-kefu-shop", shop.id.as_str())
            .header("x-kefu-signature", super::sha256_signature(&secret, &body))
            .header("idempotency-key", &delivery)
            .body(body)
            .send()
            .await;
        match sent {
            Ok(response) if response.status().is_success() => Ok(()),
            Ok(response) if super::transient(response.status()) => {
                Err(SendError::Retry(format!("the reply URL answered {}", response.status())))
            }
            Ok(response) => Err(SendError::Permanent(format!("the reply URL answered {}", response.status()))),
            Err(err) => match crate::outbound::refusal_in(&err) {
                Some(refusal) => Err(SendError::Permanent(format!("reply_url: {refusal}"))),
                None => Err(SendError::Retry(format!("the reply URL cannot be reached: {err}"))),
            },
        }
    }

    fn pace(&self, shop: &Shop) -> Duration {
        let per_second = shop.channels.generic.as_ref().map_or(20, |g| g.per_second.max(1));
        Duration::from_secs(1) / per_second
    }
}

impl PushReceiver for GenericWebhook {
    fn platform(&self) -> Platform {
        Platform::Generic
    }

    fn receive(
        &self,
        headers: &[(String, String)],
        body: &[u8],
        shops: &ShopDirectory,
    ) -> Result<super::Received, Refused> {
        // The shop only picks the key: nothing of the body is read before the signature holds.
        let shop = header(headers, "x-kefu-shop")
            .and_then(|id| ShopId::parse(id).ok())
            .and_then(|id| shops.get(&id))
            .ok_or(Refused::Signature)?;
        let secret = self.secret(&shop).ok_or(Refused::Signature)?;
        let given = header(headers, "x-kefu-signature").unwrap_or_default();
        if !constant_time_eq(given.as_bytes(), super::sha256_signature(&secret, body).as_bytes()) {
            return Err(Refused::Signature);
        }
        let delivery: Delivery = serde_json::from_slice(body).map_err(|e| Refused::Malformed(e.to_string()))?;
        if delivery.conversation.trim().is_empty() || delivery.message_id.trim().is_empty() {
            return Err(Refused::Malformed("conversation and message_id must not be empty".into()));
        }
        let context = PageContext::check(delivery.context).map_err(|problem| Refused::Malformed(problem.into()))?;
        Ok(super::Received::from(vec![Inbound {
            platform: Platform::Generic,
            shop: shop.id.clone(),
            conversation: delivery.conversation,
            message_id: delivery.message_id,
            text: delivery.text,
            attachments: Vec::new(),
            locale: delivery.locale,
            at_ms: crate::domain::now_ms(),
            context,
            sender: None,
        }]))
    }
}
