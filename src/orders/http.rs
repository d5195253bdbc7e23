//! A shop's own order API: `GET <url with {order_id}>` → an order as in orders.jsonl
//! (docs/knowledge-format.md), 404 when there is no such order. The bearer token is the shop's
//! credential its shop.toml names (the deployment's secret directory); the call goes only where
//! the deployment's `[outbound]` rules allow, and reads at most `max_response_bytes`.

use std::time::Duration;

use super::readable;
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

/// What the shop's action endpoint answered when it did not carry the action out.
#[derive(Debug, Clone, PartialEq)]
pub enum ActError {
    /// `409` or `422` (or another 4xx) with the API's own words.
    Refused(String),
    /// No answer, a 5xx, or an answer kefu cannot read: whether it happened is unknown.
    Unreachable(String),
}

impl OrderApi {
    /// `POST` the action to the shop's `actions_url` (`{order_id}` percent-encoded, `{action}`
    /// the action's name) with JSON `{"idempotency_key", "reason"?, "address"?, "items"?,
    /// "exchange"?, "refund_to"?}` and an `Idempotency-Key` header; `200` is done.
    pub async fn act(&self, call: Call<'_>, action: &crate::domain::OrderAction, key: &str) -> Result<(), ActError> {
        use crate::domain::ActionKind;
        let order_id = percent_encode(action.order_id.trim().trim_start_matches('#'));
        let address = call.url.replace("{order_id}", &order_id).replace("{action}", action.kind.as_str());
        let url = reqwest::Url::parse(&address)
            .map_err(|e| ActError::Unreachable(format!("orders.actions_url {:?} is not an address: {e}", call.url)))?;
        self.outbound.check(&url).map_err(|refusal| ActError::Unreachable(format!("orders.actions_url: {refusal}")))?;
        let mut body = serde_json::json!({ "idempotency_key": key });
        if let Some(reason) = action.reason {
            body["reason"] = serde_json::to_value(reason).unwrap_or_default();
        }
        if let Some(address) = &action.address {
            body["address"] = serde_json::to_value(address).unwrap_or_default();
        }
        if !action.items.is_empty() {
            body["items"] = serde_json::to_value(&action.items).unwrap_or_default();
        }
        if !action.exchange.is_empty() {
            body["exchange"] = serde_json::to_value(&action.exchange).unwrap_or_default();
        }
        if matches!(action.kind, ActionKind::Cancel | ActionKind::Return) {
            body["refund_to"] = "original".into();
        }
        let mut request = self.client.post(url).timeout(call.timeout).header("Idempotency-Key", key).json(&body);
        if let Some(name) = call.token {
            let token = self.secrets.read(call.shop, name).map_err(|e| ActError::Unreachable(e.to_string()))?;
            request = request.bearer_auth(token);
        }
        let response = request.send().await.map_err(|e| match refusal_in(&e) {
            Some(refusal) => ActError::Unreachable(format!("orders.actions_url: {refusal}")),
            None => ActError::Unreachable(format!("order API action request failed: {e}")),
        })?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let body = self.outbound.body(response).await.unwrap_or_default();
        if status.is_client_error() {
            let said = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_owned))
                .unwrap_or_else(|| format!("answered {status}"));
            return Err(ActError::Refused(readable(&said)));
        }
        Err(ActError::Unreachable(format!("order API answered {status}")))
    }
}

/// Every byte but ASCII letters, digits, `-`, `_` and `.` as `%XX`.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_ids_are_percent_encoded() {
        assert_eq!(percent_encode("W2611340"), "W2611340");
        assert_eq!(percent_encode("A/B ?x"), "A%2FB%20%3Fx");
    }
}
