//! The embedded destination: kefu changes its own record of the order (the shop's ingested
//! orders.jsonl), so buyers asking later see the new status or address, and the shop sees the
//! action in the console and `GET /v1/admin/shops/{shop}/actions`. Applying an action to an
//! order already changed by it changes nothing more, so a retry with the same key is harmless.

use std::sync::Arc;

use super::{Destination, DestinationError};
use crate::domain::{ActionKind, OrderAction, OrderStatus, ShopId};
use crate::knowledge::Order;
use crate::shop::Shop;

/// Replaces one order in the shop's stored orders (ingestion's store, one write at a time).
#[async_trait::async_trait]
pub trait OrderRecords: Send + Sync {
    async fn replace_order(&self, shop: &ShopId, order: Order) -> Result<(), String>;
}

pub struct OwnOrders {
    records: Arc<dyn OrderRecords>,
}

impl OwnOrders {
    pub fn new(records: Arc<dyn OrderRecords>) -> OwnOrders {
        OwnOrders { records }
    }
}

#[async_trait::async_trait]
impl Destination for OwnOrders {
    async fn apply(
        &self,
        shop: &Shop,
        order: &Order,
        action: &OrderAction,
        _key: &str,
    ) -> Result<(), DestinationError> {
        let mut changed = applied(order, action);
        if changed == *order {
            return Ok(());
        }
        // Later than the shop's file: ingesting the file again does not undo the action.
        changed.updated_at = Some(jiff::Timestamp::now().to_string());
        self.records.replace_order(&shop.id, changed).await.map_err(DestinationError::Unreachable)
    }
}

/// The order after `action`. Pure.
pub fn applied(order: &Order, action: &OrderAction) -> Order {
    let mut order = order.clone();
    match action.kind {
        ActionKind::Cancel => order.status = OrderStatus::Cancelled,
        ActionKind::Address => {
            if let Some(address) = &action.address {
                order.postcode = Some(address.postcode.clone());
                order.destination_country = Some(address.country.clone());
                order.shipping_address = Some(address.clone());
            }
        }
        ActionKind::Return => order.status = OrderStatus::ReturnRequested,
        ActionKind::Exchange => order.status = OrderStatus::ExchangeRequested,
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Address;

    #[test]
    fn an_action_applied_twice_changes_the_order_once() {
        let order: Order = serde_json::from_value(serde_json::json!({"order_id": "#W1", "status": "pending",
            "items": [], "total": 10.0, "currency": "USD", "postcode": "10001"}))
        .unwrap();
        let address = Address {
            name: "A".into(),
            line1: "1 Main St".into(),
            city: "Austin".into(),
            postcode: "73301".into(),
            country: "US".into(),
            ..Address::default()
        };
        let action = OrderAction {
            kind: ActionKind::Address,
            order_id: "#W1".into(),
            reason: None,
            address: Some(address.clone()),
            items: Vec::new(),
            exchange: Vec::new(),
        };
        let once = applied(&order, &action);
        assert_eq!(once.shipping_address.as_ref(), Some(&address));
        assert_eq!(once.postcode.as_deref(), Some("73301"));
        assert_eq!(applied(&once, &action), once);
        let cancel = OrderAction { kind: ActionKind::Cancel, address: None, ..action };
        assert_eq!(applied(&order, &cancel).status, OrderStatus::Cancelled);
        let returned = OrderAction { kind: ActionKind::Return, items: vec!["A".into()], ..cancel.clone() };
        assert_eq!(applied(&order, &returned).status, OrderStatus::ReturnRequested);
        let exchanged = OrderAction { kind: ActionKind::Exchange, ..cancel };
        assert_eq!(applied(&order, &exchanged).status, OrderStatus::ExchangeRequested);
    }
}
