//! A shop's own order API: `GET <url with {order_id}>` → an order as in orders.jsonl
//! (docs/knowledge-format.md), 404 when there is no such order. The bearer token is the shop's
//! credential its shop.toml names (the deployment's secret directory); the call goes only where
//! the deployment's `[outbound]` rules allow, and reads at most `max_response_bytes`.

use std::time::Duration;

use crate::domain::ShopId;
use crate::knowledge::Order;
use crate::outbound::{BodyError, OutboundPolicy, refusal_in};
use crate::secrets::{CredentialName, Secrets};

pub struct OrderApi {
    secrets: Secrets,
    outbound: OutboundPolicy,
    client: reqwest::Client,
}

/// Where and how one shop's order API is called.
pub struct Call<'a> {
    pub shop: &'a ShopId,
    pub url: &'a str,
    pub token: Option<&'a CredentialName>,
    pub timeout: Duration,
}

impl OrderApi {
    pub fn new(secrets: Secrets, outbound: OutboundPolicy) -> OrderApi {
        let client = outbound.client(Duration::from_secs(30));
        OrderApi { secrets, outbound, client }
    }

    /// The order `key` from the API `call` names; `Ok(None)` on 404. Errors say what failed.
    pub async fn order(&self, call: Call<'_>, key: &str) -> Result<Option<Order>, String> {
        let key = key.trim_start_matches('#');
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Ok(None);
        }
        let url = reqwest::Url::parse(&call.url.replace("{order_id}", key))
            .map_err(|e| format!("orders.url {:?} is not an address: {e}", call.url))?;
        self.outbound.check(&url).map_err(|refusal| format!("orders.url: {refusal}"))?;
        let mut request = self.client.get(url).timeout(call.timeout);
        if let Some(name) = call.token {
            let token = self.secrets.read(call.shop, name).map_err(|e| e.to_string())?;
            request = request.bearer_auth(token);
        }
        let response = request.send().await.map_err(|e| match refusal_in(&e) {
            Some(refusal) => format!("orders.url: {refusal}"),
            None => format!("order API request failed: {e}"),
        })?;
        let status = response.status();
        if status == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !status.is_success() {
            return Err(format!("order API answered {status}"));
        }
        let body = self.outbound.body(response).await.map_err(|e| match e {
            BodyError::Refused(refusal) => format!("order API: {refusal}"),
            BodyError::Read(err) => format!("order API body: {err}"),
        })?;
        let order: Order =
            serde_json::from_slice(&body).map_err(|e| format!("order API answered an order kefu cannot read: {e}"))?;
        Ok(Some(order))
    }
}
