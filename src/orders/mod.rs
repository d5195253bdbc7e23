//! Where a shop's orders and shipping rows come from, behind the pipeline's `ShopFacts` port:
//! the ingested knowledge (orders.jsonl, shipping.csv) by default, or the shop's own order API
//! over HTTP when its shop.toml says `[orders] source = "http"` (`http.rs`).

mod http;

use std::sync::Arc;

use crate::domain::ShopId;
use crate::knowledge::catalogue::Catalogue;
use crate::knowledge::{Order, ShippingOption};
use crate::pipeline::{ShopFacts, StageError};
use crate::retrieval::hybrid::KnowledgeBase;
use crate::shop::{OrderSource, Shop};

pub use http::OrderApi;

pub struct ShopData {
    knowledge: Arc<KnowledgeBase>,
    api: OrderApi,
}

impl ShopData {
    pub fn new(knowledge: Arc<KnowledgeBase>, api: OrderApi) -> ShopData {
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
                .map_err(|message| StageError { stage: "orders", message: format!("shop {}: {message}", shop.id) }),
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
