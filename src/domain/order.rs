//! Where an order is in its life, as the shop's order data and its rules name it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Pending,
    Processing,
    Shipped,
    Delivered,
    Cancelled,
    Returned,
    /// The buyer asked to return items; the shop has not received them yet.
    ReturnRequested,
    /// The buyer asked to exchange items for other variants.
    ExchangeRequested,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Pending => "pending",
            OrderStatus::Processing => "processing",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Returned => "returned",
            OrderStatus::ReturnRequested => "return_requested",
            OrderStatus::ExchangeRequested => "exchange_requested",
        }
    }
}
