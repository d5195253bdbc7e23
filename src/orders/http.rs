//! A shop's own order API: `GET <url with {order_id}>` → an order as in orders.jsonl
//! (docs/knowledge-format.md), 404 when there is no such order. The bearer token comes from the
//! environment variable the shop names, never from shop.toml.

use std::time::Duration;

use crate::knowledge::Order;

pub struct OrderApi {
    client: reqwest::Client,
}

impl Default for OrderApi {
    fn default() -> Self {
        OrderApi::new()
    }
}

impl OrderApi {
    pub fn new() -> OrderApi {
        crate::tls::init();
        OrderApi { client: reqwest::Client::new() }
    }

    /// The order `key` from the API at `url`; `Ok(None)` on 404. Errors say what failed.
    pub async fn order(
        &self,
        url: &str,
        token_env: Option<&str>,
        timeout: Duration,
        key: &str,
    ) -> Result<Option<Order>, String> {
        let key = key.trim_start_matches('#');
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Ok(None);
        }
        let url = url.replace("{order_id}", key);
        let mut request = self.client.get(&url).timeout(timeout);
        if let Some(var) = token_env {
            let token = std::env::var(var).map_err(|_| format!("the order API token variable {var} is not set"))?;
            request = request.bearer_auth(token);
        }
        let response = request.send().await.map_err(|e| format!("order API request failed: {e}"))?;
        let status = response.status();
        if status == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !status.is_success() {
            return Err(format!("order API answered {status}"));
        }
        let body = response.bytes().await.map_err(|e| format!("order API body: {e}"))?;
        let order: Order =
            serde_json::from_slice(&body).map_err(|e| format!("order API answered an order kefu cannot read: {e}"))?;
        Ok(Some(order))
    }
}
