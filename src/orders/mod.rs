//! Where a shop's orders and shipping rows come from, behind the pipeline's `ShopFacts` port:
//! the ingested knowledge (orders.jsonl, shipping.csv) by default, or the shop's own order API
//! over HTTP when its shop.toml says `[orders] source = "http"` (`http.rs`).

mod http;
mod lazada;
mod shopee;
mod shopify;
mod tiktok;

use std::sync::Arc;

use crate::domain::ShopId;
use crate::knowledge::catalogue::Catalogue;
use crate::knowledge::{Order, ShippingOption};
use crate::pipeline::{ShopFacts, StageError};
use crate::retrieval::hybrid::KnowledgeBase;
use crate::shop::{OrderSource, Shop};

pub use http::OrderApi;
pub use lazada::LazadaActions;
pub use shopee::ShopeeActions;
pub use shopify::ShopifyActions;
pub use tiktok::TiktokActions;

pub struct ShopData {
    knowledge: Arc<KnowledgeBase>,
    api: Arc<OrderApi>,
}

impl ShopData {
    pub fn new(knowledge: Arc<KnowledgeBase>, api: Arc<OrderApi>) -> ShopData {
        ShopData { knowledge, api }
    }
}

#[async_trait::async_trait]
impl ShopFacts for ShopData {
    async fn order(&self, shop: &Shop, key: &str) -> Result<Option<Order>, StageError> {
        match &shop.orders {
            OrderSource::File => Ok(self.knowledge.get(&shop.id).and_then(|view| view.order(key).cloned())),
            OrderSource::Http { url, token, timeout } => self
                .api
                .order(http::Call { shop: &shop.id, url, token: token.as_ref(), timeout: *timeout }, key)
                .await
                .map_err(|message| StageError::failed("orders", format!("shop {}: {message}", shop.id))),
        }
    }

    fn shipping(&self, shop: &ShopId, country: &str) -> (Vec<ShippingOption>, bool) {
        let Some(view) = self.knowledge.get(shop) else { return (Vec::new(), false) };
        let (rows, fallback) = view.shipping_to(country);
        (rows.into_iter().cloned().collect(), fallback)
    }

    fn tracking_url(&self, shop: &ShopId, carrier: &str, tracking_number: &str) -> Option<String> {
        self.knowledge.get(shop)?.tracking_url(carrier, tracking_number)
    }

    fn catalogue(&self, shop: &ShopId) -> Arc<Catalogue> {
        self.knowledge.get(shop).map(|view| view.catalogue()).unwrap_or_default()
    }
}

/// The shop's own action endpoint (`[orders] actions_url`) as a destination for confirmed
/// actions; retried on silence with the same idempotency key.
pub struct ShopApiActions {
    api: Arc<OrderApi>,
}

impl ShopApiActions {
    pub fn new(api: Arc<OrderApi>) -> ShopApiActions {
        ShopApiActions { api }
    }
}

/// Attempts of one action call while the buyer waits, and the pause before each retry.
const ACTION_RETRIES: [std::time::Duration; 2] =
    [std::time::Duration::from_millis(200), std::time::Duration::from_millis(800)];

#[async_trait::async_trait]
impl crate::actions::Destination for ShopApiActions {
    async fn apply(
        &self,
        shop: &Shop,
        _order: &Order,
        action: &crate::domain::OrderAction,
        key: &str,
    ) -> Result<(), crate::actions::DestinationError> {
        use crate::actions::DestinationError;
        let crate::shop::ActionTarget::Http { url, token, timeout } = &shop.action_target else {
            return Err(DestinationError::Unreachable("the shop has no orders.actions_url".into()));
        };
        let call = || http::Call { shop: &shop.id, url, token: token.as_ref(), timeout: *timeout };
        let mut result = self.api.act(call(), action, key).await;
        for pause in ACTION_RETRIES {
            match &result {
                Err(http::ActError::Unreachable(_)) => {
                    tokio::time::sleep(pause).await;
                    result = self.api.act(call(), action, key).await;
                }
                _ => break,
            }
        }
        result.map_err(|e| match e {
            http::ActError::Refused(message) => DestinationError::Refused(message),
            http::ActError::Unreachable(message) => DestinationError::Unreachable(message),
        })
    }
}

/// Longest message of a shop's or a marketplace's system kefu passes on to a buyer.
const MAX_ERROR_CHARS: usize = 300;

/// A system's message as a buyer may read it: one line, no control characters, at most
/// `MAX_ERROR_CHARS` (a longer one cut, with "…").
fn readable(text: &str) -> String {
    let clean: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    match clean.char_indices().nth(MAX_ERROR_CHARS) {
        Some((at, _)) => format!("{}…", &clean[..at]),
        None => clean,
    }
}

/// A marketplace's order API takes cancellations only: the other actions are the shop team's,
/// on `platform` itself.
fn cancel_only(action: &crate::domain::OrderAction, platform: &str) -> Result<(), crate::actions::DestinationError> {
    use crate::domain::ActionKind;
    match action.kind {
        ActionKind::Cancel => Ok(()),
        ActionKind::Address | ActionKind::Return | ActionKind::Exchange => {
            Err(crate::actions::DestinationError::Refused(format!(
                "address changes, returns and exchanges of {platform} orders are handled on {platform} by the shop's team"
            )))
        }
    }
}

/// What a marketplace call is signed with: the deployment's app secret (read from the
/// environment variable `env`) and the shop's own token (its credential `token`).
fn marketplace_keys(
    secrets: &crate::secrets::Secrets,
    shop: &ShopId,
    env: &str,
    token: &crate::secrets::CredentialName,
) -> Result<(String, String), crate::actions::DestinationError> {
    use crate::actions::DestinationError;
    let secret = crate::config::deployment_secret(env)
        .ok_or_else(|| DestinationError::Unreachable(format!("{env} is not set")))?;
    let token = secrets.read(shop, token).map_err(|e| DestinationError::Unreachable(e.to_string()))?;
    Ok((secret, token))
}

/// The marketplace's id of the order: its `platform_order_id`, else its id without `#`.
fn marketplace_id(order: &Order) -> String {
    order
        .platform_order_id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| order.order_id.trim().trim_start_matches('#'))
        .to_owned()
}

/// What the marketplace adapters' tests share: a cancellation of order `#1001`, the order, and
/// an outbound policy that lets them call their fake platform on this machine.
#[cfg(test)]
mod testing {
    use crate::config::OutboundSettings;
    use crate::domain::{ActionKind, OrderAction};
    use crate::knowledge::Order;
    use crate::outbound::OutboundPolicy;

    pub fn cancel() -> OrderAction {
        OrderAction {
            kind: ActionKind::Cancel,
            order_id: "#1001".into(),
            reason: None,
            address: None,
            items: Vec::new(),
            exchange: Vec::new(),
        }
    }

    /// Order `#1001` (20 in `currency`, `status`), known to the marketplace as `platform_id`.
    pub fn order(status: &str, currency: &str, platform_id: Option<&str>) -> Order {
        let mut order: Order = serde_json::from_value(serde_json::json!({
            "order_id": "#1001", "status": status, "items": [], "total": 20.0, "currency": currency
        }))
        .unwrap();
        order.platform_order_id = platform_id.map(str::to_owned);
        order
    }

    /// A variable every test run has, and its value, to stand for the deployment's `what` (an
    /// app secret, a partner key): tests cannot set one.
    pub fn known_env(what: &str) -> (String, String) {
        ["CARGO_PKG_NAME", "PATH", "HOME"]
            .into_iter()
            .find_map(|name| crate::config::deployment_secret(name).map(|value| (name.to_owned(), value)))
            .unwrap_or_else(|| panic!("an environment variable to use as the {what}"))
    }

    pub fn local_outbound() -> OutboundPolicy {
        OutboundPolicy::new(&OutboundSettings {
            allowed_hosts: Vec::new(),
            allow_private: true,
            max_response_bytes: 1 << 20,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_systems_message_is_made_readable() {
        assert_eq!(readable("order\nalready\u{7}  shipped"), "order already shipped");
        assert_eq!(readable(&"x".repeat(400)).chars().count(), MAX_ERROR_CHARS + 1);
    }
}
