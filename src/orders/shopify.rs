//! Actions on a Shopify store's orders through the Admin GraphQL API
//! (`POST <base>/admin/api/<version>/graphql.json`, header `X-Shopify-Access-Token`, the token
//! being the shop's `[channels.shopify] admin_token` credential): `orderCancel` (reason
//! `CUSTOMER`, refund to the original payment, restock, the customer notified, the action's key
//! in the staff note) and `orderUpdate` with the new `shippingAddress`. The order is named by
//! its Shopify id (`gid://shopify/Order/…`), which the order webhooks bring. Shopify takes no
//! idempotency key here: a retried cancel that finds the order cancelled is done, and an
//! address update sets the same address again. Returns and exchanges go to a person.

use std::time::Duration;

use serde_json::{Value, json};

use crate::actions::{Destination, DestinationError};
use crate::domain::{ActionKind, OrderAction};
use crate::knowledge::Order;
use crate::outbound::{OutboundPolicy, refusal_in};
use crate::secrets::Secrets;
use crate::shop::{ActionTarget, Shop};

const CANCEL: &str = "mutation orderCancel($orderId: ID!, $reason: OrderCancelReason!, $refund: Boolean!, $restock: Boolean!, $notifyCustomer: Boolean, $staffNote: String) { orderCancel(orderId: $orderId, reason: $reason, refund: $refund, restock: $restock, notifyCustomer: $notifyCustomer, staffNote: $staffNote) { job { id } orderCancelUserErrors { field message code } } }";
const UPDATE: &str = "mutation orderUpdate($input: OrderInput!) { orderUpdate(input: $input) { order { id } userErrors { field message } } }";

pub struct ShopifyActions {
    secrets: Secrets,
    outbound: OutboundPolicy,
    client: reqwest::Client,
    /// Empty: `https://<shop_domain>`.
    api_base: String,
    version: String,
}

impl ShopifyActions {
    pub fn new(secrets: Secrets, outbound: OutboundPolicy, api_base: String, version: String) -> ShopifyActions {
        let client = outbound.client(Duration::from_secs(15));
        ShopifyActions { secrets, outbound, client, api_base, version }
    }

    async fn call(
        &self,
        shop: &Shop,
        domain: &str,
        token: &crate::secrets::CredentialName,
        query: &str,
        variables: Value,
    ) -> Result<Value, DestinationError> {
        let unreachable = DestinationError::Unreachable;
        let base = if self.api_base.is_empty() { format!("https://{domain}") } else { self.api_base.clone() };
        let url =
            reqwest::Url::parse(&format!("{}/admin/api/{}/graphql.json", base.trim_end_matches('/'), self.version))
                .map_err(|e| unreachable(format!("the Shopify address of {domain:?}: {e}")))?;
        self.outbound.check(&url).map_err(|refusal| unreachable(format!("Shopify: {refusal}")))?;
        let token = self.secrets.read(&shop.id, token).map_err(|e| unreachable(e.to_string()))?;
        let response = self
            .client
            .post(url)
            .header("X-Shopify-Access-Token", token)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .map_err(|e| match refusal_in(&e) {
                Some(refusal) => unreachable(format!("Shopify: {refusal}")),
                None => unreachable(format!("Shopify request failed: {e}")),
            })?;
        let status = response.status();
        let body = self.outbound.body(response).await.map_err(|e| unreachable(format!("Shopify answer: {e:?}")))?;
        if !status.is_success() {
            // 401/403: the token or its scopes; 402/423: the store; 429/5xx: try later.
            return Err(unreachable(format!("Shopify answered {status}")));
        }
        let answer: Value = serde_json::from_slice(&body)
            .map_err(|e| unreachable(format!("Shopify answered what kefu cannot read: {e}")))?;
        if let Some(errors) = answer.get("errors").filter(|e| !e.is_null()) {
            return Err(unreachable(format!("Shopify: {errors}")));
        }
        Ok(answer)
    }
}

#[async_trait::async_trait]
impl Destination for ShopifyActions {
    async fn apply(&self, shop: &Shop, order: &Order, action: &OrderAction, key: &str) -> Result<(), DestinationError> {
        let ActionTarget::Shopify { domain, token } = &shop.action_target else {
            return Err(DestinationError::Unreachable("the shop has no [channels.shopify] admin_token".into()));
        };
        let Some(id) = order.platform_order_id.as_deref().filter(|id| id.starts_with("gid://shopify/Order/")) else {
            return Err(DestinationError::Refused("kefu does not know this order's Shopify id".into()));
        };
        match action.kind {
            ActionKind::Cancel => {
                let variables = json!({"orderId": id, "reason": "CUSTOMER", "refund": true, "restock": true,
                    "notifyCustomer": true, "staffNote": format!("Cancelled by kefu at the buyer's request (action {key})")});
                let answer = self.call(shop, domain, token, CANCEL, variables).await?;
                let errors = &answer["data"]["orderCancel"]["orderCancelUserErrors"];
                match first_error(errors) {
                    None => Ok(()),
                    // A retry of a cancel that went through.
                    Some((code, _)) if code == "ORDER_ALREADY_CANCELLED" => Ok(()),
                    Some((_, message)) => Err(DestinationError::Refused(message)),
                }
            }
            ActionKind::Address => {
                let Some(address) = &action.address else {
                    return Err(DestinationError::Refused("no address".into()));
                };
                let (first, last) = match address.name.trim().rsplit_once(' ') {
                    Some((first, last)) => (first.to_owned(), last.to_owned()),
                    None => (String::new(), address.name.trim().to_owned()),
                };
                let variables = json!({"input": {"id": id, "shippingAddress": {
                    "firstName": first, "lastName": last, "address1": address.line1, "address2": address.line2,
                    "city": address.city, "provinceCode": address.state, "zip": address.postcode, "countryCode": address.country}}});
                let answer = self.call(shop, domain, token, UPDATE, variables).await?;
                match first_error(&answer["data"]["orderUpdate"]["userErrors"]) {
                    None => Ok(()),
                    Some((_, message)) => Err(DestinationError::Refused(message)),
                }
            }
            ActionKind::Return | ActionKind::Exchange => {
                Err(DestinationError::Refused("returns and exchanges on Shopify are handled by the shop's team".into()))
            }
        }
    }
}

/// The first user error: its code (empty when it has none) and message.
fn first_error(errors: &Value) -> Option<(String, String)> {
    let first = errors.as_array()?.first()?;
    let code = first["code"].as_str().unwrap_or_default().to_owned();
    Some((code, first["message"].as_str().unwrap_or("Shopify refused the change").to_owned()))
}
