//! The rules an action on an order must pass, in code: cancel and change the address only
//! before shipping; return and exchange only delivered items, within the return window, and an
//! exchange only for another available variant of the same product — each narrowed by the
//! shop's `[actions]`. Checked before the action is proposed and again when it is carried out
//! (an approval may come days later). Pure.

use jiff::civil::Date;

use crate::domain::{ActionKind, OrderAction, OrderStatus};
use crate::knowledge::catalogue::Catalogue;
use crate::knowledge::{Order, OrderItem, Product, Variant};
use crate::shop::Shop;

/// Why an action cannot be taken. Each is told to the buyer in their language.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// Cancel: the order has shipped (or is further along).
    CancelShipped,
    /// Address: the order has shipped.
    AddressShipped,
    Cancelled,
    /// A return or exchange of the order is already under way, or it was returned.
    UnderWay,
    /// Return or exchange of an order not delivered yet.
    NotDelivered,
    /// The return window ended on `until`.
    Window {
        days: u32,
        until: String,
    },
    /// The item is not returned or exchanged under the shop's policy.
    NotReturnable {
        item: String,
    },
    /// The variant wanted exists but is sold out.
    Unavailable {
        item: String,
        value: String,
    },
    /// The product does not come in what was asked.
    NoVariant {
        item: String,
        value: String,
        choices: String,
    },
    /// Anything else that makes the action impossible (an item not in the order, an incomplete
    /// address, nothing to do).
    NotAllowed,
}

/// What an action moves, once it passes: the refund of a cancel or a return, the price
/// difference of an exchange (positive: the buyer pays more), nothing for an address.
pub fn check(
    shop: &Shop,
    order: &Order,
    action: &OrderAction,
    catalogue: &Catalogue,
    today: Date,
) -> Result<f64, Refusal> {
    let rules = &shop.actions;
    if !crate::domain::order_key(&order.order_id).eq(&crate::domain::order_key(&action.order_id)) {
        return Err(Refusal::NotAllowed);
    }
    match action.kind {
        ActionKind::Cancel => {
            if order.status == OrderStatus::Cancelled {
                return Err(Refusal::Cancelled);
            }
            if !rules.cancel_statuses.contains(&order.status) {
                return Err(Refusal::CancelShipped);
            }
            Ok(order.total)
        }
        ActionKind::Address => {
            if order.status == OrderStatus::Cancelled {
                return Err(Refusal::Cancelled);
            }
            if !rules.address_statuses.contains(&order.status) {
                return Err(Refusal::AddressShipped);
            }
            let Some(address) = &action.address else { return Err(Refusal::NotAllowed) };
            let filled = [&address.line1, &address.city, &address.postcode, &address.country];
            if filled.iter().any(|f| f.trim().is_empty()) || address.country.len() != 2 {
                return Err(Refusal::NotAllowed);
            }
            if order.shipping_address.as_ref() == Some(address) {
                return Err(Refusal::NotAllowed);
            }
            Ok(0.0)
        }
        ActionKind::Return | ActionKind::Exchange => {
            delivered_within_window(shop, order, today)?;
            match action.kind {
                ActionKind::Return => {
                    if action.items.is_empty() {
                        return Err(Refusal::NotAllowed);
                    }
                    let mut refund = 0.0;
                    for sku in &action.items {
                        let item = item(order, sku).ok_or(Refusal::NotAllowed)?;
                        returnable(shop, item, catalogue)?;
                        refund += item.price * f64::from(item.qty);
                    }
                    Ok(refund)
                }
                ActionKind::Cancel | ActionKind::Address | ActionKind::Exchange => {
                    if action.exchange.is_empty() {
                        return Err(Refusal::NotAllowed);
                    }
                    let mut difference = 0.0;
                    for swap in &action.exchange {
                        let item = item(order, &swap.sku).ok_or(Refusal::NotAllowed)?;
                        returnable(shop, item, catalogue)?;
                        let product = product_of(item, catalogue).ok_or(Refusal::NotAllowed)?;
                        let wanted = product
                            .variants
                            .iter()
                            .find(|v| v.sku.eq_ignore_ascii_case(&swap.new_sku))
                            .ok_or(Refusal::NotAllowed)?;
                        if wanted.sku.eq_ignore_ascii_case(&item.sku) {
                            return Err(Refusal::NotAllowed);
                        }
                        if !wanted.available {
                            return Err(Refusal::Unavailable {
                                item: item.title.clone(),
                                value: differing_values(item, wanted),
                            });
                        }
                        let price = wanted.price.unwrap_or(product.price);
                        difference += (price - item.price) * f64::from(item.qty);
                    }
                    Ok(difference)
                }
            }
        }
    }
}

/// Delivered, and still within the return window (the shop's `return_days`, else its
/// `[returns] window_days`).
fn delivered_within_window(shop: &Shop, order: &Order, today: Date) -> Result<(), Refusal> {
    match order.status {
        OrderStatus::Delivered => {}
        OrderStatus::Cancelled => return Err(Refusal::Cancelled),
        OrderStatus::Returned | OrderStatus::ReturnRequested | OrderStatus::ExchangeRequested => {
            return Err(Refusal::UnderWay);
        }
        OrderStatus::Pending | OrderStatus::Processing | OrderStatus::Shipped => return Err(Refusal::NotDelivered),
    }
    let Some(days) = shop.actions.return_days.or(shop.return_window_days) else { return Err(Refusal::NotAllowed) };
    let delivered = order.delivered_at.as_deref().and_then(|d| d.get(..10)).and_then(|d| d.parse::<Date>().ok());
    // A delivered order without a date cannot be placed in the window: a person checks.
    let Some(delivered) = delivered else { return Err(Refusal::NotAllowed) };
    let until = delivered.checked_add(jiff::Span::new().days(i64::from(days))).map_err(|_| Refusal::NotAllowed)?;
    if until < today {
        return Err(Refusal::Window { days, until: until.to_string() });
    }
    Ok(())
}

fn returnable(shop: &Shop, item: &OrderItem, catalogue: &Catalogue) -> Result<(), Refusal> {
    let product = item.product_sku.clone().or_else(|| product_of(item, catalogue).map(|p| p.sku.clone()));
    let listed = |sku: &str| shop.actions.non_returnable.iter().any(|s| s.eq_ignore_ascii_case(sku));
    if listed(&item.sku) || product.as_deref().is_some_and(listed) {
        return Err(Refusal::NotReturnable { item: item.title.clone() });
    }
    Ok(())
}

/// The order's item with this variant SKU.
pub fn item<'a>(order: &'a Order, sku: &str) -> Option<&'a OrderItem> {
    order.items.iter().find(|i| i.sku.eq_ignore_ascii_case(sku))
}

/// The catalogue's product an order item is a variant of: its `product_sku`, else the product
/// its SKU belongs to.
pub fn product_of<'a>(item: &OrderItem, catalogue: &'a Catalogue) -> Option<&'a Product> {
    item.product_sku
        .as_deref()
        .and_then(|sku| catalogue.by_sku(sku))
        .or_else(|| catalogue.by_sku(&item.sku))
        .map(|(product, _)| product)
}

/// The values in which `wanted` differs from what the item was bought in ("M", "Black / L").
pub fn differing_values(item: &OrderItem, wanted: &Variant) -> String {
    let values: Vec<String> = wanted
        .options
        .iter()
        .filter(|(key, value)| {
            item.options.get(key.as_str()).is_none_or(|bought| *bought != super::super::product::option_text(value))
        })
        .map(|(_, value)| super::super::product::option_text(value))
        .collect();
    if values.is_empty() { wanted.sku.clone() } else { values.join(" / ") }
}
