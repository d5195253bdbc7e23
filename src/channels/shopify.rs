//! Shopify webhooks for orders and fulfilments: they keep the shop's order source current, so
//! "where is my order?" is answered from what Shopify knows now. (Shopify has no public buyer
//! chat API; on Shopify stores the widget is the chat.)
//!
//! In: `POST /v1/webhooks/shopify`, `X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256(app secret,
//! raw body)>`, `X-Shopify-Topic` (`orders/create`, `orders/updated`, `orders/paid`,
//! `orders/fulfilled`, `orders/cancelled`, `fulfillments/create`, `fulfillments/update`; others
//! are taken and ignored), `X-Shopify-Shop-Domain` and `X-Shopify-Webhook-Id`. The domain picks
//! the shop whose `[channels.shopify] shop_domain` it is, and the signature must then hold under
//! *that shop's* secret (the client secret of the shop's own Shopify app, its credential
//! `[channels.shopify] secret`): a body signed for one shop never counts for another, whatever
//! the unsigned header says. A webhook id seen before changes nothing, and an update older than
//! what kefu has (`updated_at`) is not applied. Nothing goes out.

use base64::Engine;
use serde::Deserialize;

use super::{OrderUpdate, Platform, PushReceiver, Received, Refused, header};
use crate::crypto::constant_time_eq;
use crate::domain::OrderStatus;
use crate::knowledge::{Order, OrderItem};
use crate::secrets::Secrets;
use crate::shop::ShopDirectory;

pub struct ShopifyWebhooks {
    secrets: Secrets,
}

impl ShopifyWebhooks {
    pub fn new(secrets: Secrets) -> ShopifyWebhooks {
        ShopifyWebhooks { secrets }
    }
}

#[derive(Deserialize)]
struct ShopifyOrder {
    name: String,
    #[serde(default)]
    id: Option<u64>,
    #[serde(default)]
    admin_graphql_api_id: Option<String>,
    #[serde(default)]
    financial_status: Option<String>,
    #[serde(default)]
    fulfillment_status: Option<String>,
    #[serde(default)]
    cancelled_at: Option<String>,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    total_price: String,
    #[serde(default)]
    line_items: Vec<LineItem>,
    #[serde(default)]
    shipping_address: Option<Address>,
    #[serde(default)]
    fulfillments: Vec<Fulfillment>,
    #[serde(default)]
    updated_at: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    phone: Option<String>,
}

#[derive(Deserialize)]
struct LineItem {
    #[serde(default)]
    sku: Option<String>,
    #[serde(default)]
    title: String,
    quantity: u32,
    #[serde(default)]
    price: String,
}

#[derive(Deserialize)]
struct Address {
    #[serde(default)]
    country_code: Option<String>,
    #[serde(default)]
    zip: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    address1: Option<String>,
    #[serde(default)]
    address2: Option<String>,
    #[serde(default)]
    city: Option<String>,
    #[serde(default)]
    province_code: Option<String>,
}

impl Address {
    fn to_address(&self) -> Option<crate::domain::Address> {
        Some(crate::domain::Address {
            name: self.name.clone().unwrap_or_default(),
            line1: self.address1.clone().filter(|l| !l.trim().is_empty())?,
            line2: self.address2.clone().filter(|l| !l.trim().is_empty()),
            city: self.city.clone().unwrap_or_default(),
            state: self.province_code.clone().filter(|s| !s.trim().is_empty()),
            postcode: self.zip.clone().unwrap_or_default(),
            country: self.country_code.clone().unwrap_or_default(),
        })
    }
}

#[derive(Deserialize)]
struct Fulfillment {
    /// `#1001.1` for an order named `#1001`.
    #[serde(default)]
    name: String,
    #[serde(default)]
    tracking_company: Option<String>,
    #[serde(default)]
    tracking_number: Option<String>,
    #[serde(default)]
    shipment_status: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
}

/// `#1001` → `1001`.
fn order_id(name: &str) -> String {
    name.trim().trim_start_matches('#').to_owned()
}

/// The date of an ISO timestamp (`2026-11-02T10:00:00-05:00` → `2026-11-02`).
fn day(timestamp: &Option<String>) -> Option<String> {
    timestamp.as_ref().and_then(|t| t.get(..10)).map(str::to_owned)
}

impl Fulfillment {
    fn delivered(&self) -> bool {
        self.shipment_status.as_deref() == Some("delivered")
    }
}

impl ShopifyOrder {
    fn into_order(self) -> Order {
        let last = self.fulfillments.iter().rev().find(|f| f.tracking_number.is_some()).or(self.fulfillments.last());
        let delivered = last.is_some_and(Fulfillment::delivered);
        let status = if self.cancelled_at.is_some() {
            OrderStatus::Cancelled
        } else if delivered {
            OrderStatus::Delivered
        } else if self.fulfillment_status.is_some() || !self.fulfillments.is_empty() {
            OrderStatus::Shipped
        } else if matches!(self.financial_status.as_deref(), Some("pending") | Some("authorized") | None) {
            OrderStatus::Pending
        } else {
            OrderStatus::Processing
        };
        let items = self
            .line_items
            .into_iter()
            .map(|i| OrderItem {
                sku: i.sku.unwrap_or_default(),
                title: i.title,
                qty: i.quantity,
                price: i.price.parse().unwrap_or(0.0),
                product_sku: None,
                options: Default::default(),
            })
            .collect();
        Order {
            order_id: order_id(&self.name),
            buyer: None,
            buyer_id: None,
            platform_order_id: self
                .admin_graphql_api_id
                .clone()
                .or_else(|| self.id.map(|id| format!("gid://shopify/Order/{id}"))),
            shipping_address: self.shipping_address.as_ref().and_then(Address::to_address),
            email: self.email.filter(|e| !e.trim().is_empty()),
            phone: self.phone.or_else(|| self.shipping_address.as_ref().and_then(|a| a.phone.clone())),
            postcode: self.shipping_address.as_ref().and_then(|a| a.zip.clone()),
            status,
            items,
            total: self.total_price.parse().unwrap_or(0.0),
            currency: self.currency,
            destination_country: self.shipping_address.as_ref().and_then(|a| a.country_code.clone()),
            carrier: last.and_then(|f| f.tracking_company.clone()),
            tracking_number: last.and_then(|f| f.tracking_number.clone()),
            shipped_at: last.and_then(|f| day(&f.created_at)),
            delivered_at: last.filter(|f| f.delivered()).and_then(|f| day(&f.updated_at)),
            eta_min: None,
            eta_max: None,
            events: Vec::new(),
            updated_at: self.updated_at,
            line: 0,
        }
    }
}

impl PushReceiver for ShopifyWebhooks {
    fn platform(&self) -> Platform {
        Platform::Shopify
    }

    fn receive(&self, headers: &[(String, String)], body: &[u8], shops: &ShopDirectory) -> Result<Received, Refused> {
        // The domain only picks the key: nothing is believed before that shop's signature holds.
        let domain = header(headers, "x-shopify-shop-domain").unwrap_or_default().to_ascii_lowercase();
        let shop = shops
            .find(|s| s.channels.shopify.as_ref().is_some_and(|c| c.shop_domain.eq_ignore_ascii_case(&domain)))
            .ok_or(Refused::Signature)?;
        let channel = shop.channels.shopify.as_ref().ok_or(Refused::Signature)?;
        let secret = self.secrets.read(&shop.id, &channel.secret).map_err(|_| Refused::Signature)?;
        use hmac::Mac;
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
        mac.update(body);
        let expected = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        let given = header(headers, "x-shopify-hmac-sha256").unwrap_or_default();
        if !constant_time_eq(given.as_bytes(), expected.as_bytes()) {
            return Err(Refused::Signature);
        }
        let malformed = |e: serde_json::Error| Refused::Malformed(e.to_string());
        let update = match header(headers, "x-shopify-topic").unwrap_or_default() {
            "orders/create" | "orders/updated" | "orders/paid" | "orders/fulfilled" | "orders/cancelled" => {
                let order: ShopifyOrder = serde_json::from_slice(body).map_err(malformed)?;
                OrderUpdate::Order(Box::new(order.into_order()))
            }
            "fulfillments/create" | "fulfillments/update" => {
                let fulfillment: Fulfillment = serde_json::from_slice(body).map_err(malformed)?;
                let name = fulfillment.name.split('.').next().unwrap_or_default();
                OrderUpdate::Fulfillment {
                    order_id: order_id(name),
                    carrier: fulfillment.tracking_company.clone(),
                    tracking_number: fulfillment.tracking_number.clone(),
                    shipped_at: day(&fulfillment.created_at),
                    delivered_at: fulfillment.delivered().then(|| day(&fulfillment.updated_at)).flatten(),
                    updated_at: fulfillment.updated_at.clone(),
                }
            }
            _ => return Ok(Received::default()),
        };
        let delivery_id = header(headers, "x-shopify-webhook-id").map(|id| format!("{}:{id}", shop.id));
        Ok(Received { messages: Vec::new(), orders: vec![(shop.id.clone(), update)], delivery_id })
    }
}
