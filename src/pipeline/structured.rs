//! Intents answered from the shop's data, never by a model: order status and tracking, shipping
//! to a country, the return window; and the turns whose right move is a question (which order?
//! which country? a photo?) or a person. Localized with `generation::fluent`, so a Spanish
//! buyer of a Chinese shop gets Spanish sentences around the shop's own numbers.

use jiff::Timestamp;

use super::memory::{Memory, order_candidates, spaced_order_candidates};
use super::verify::{Shown, shown};
use super::{ShopFacts, StageError};
use crate::domain::{
    Attachment, AttachmentKind, Entities, Entry, EntryBody, HandoffReason, Intent, Language, OrderStatus, Slot, Source,
    SourceKind,
};
use crate::knowledge::Order;
use crate::lexicon::Countries;
use crate::shop::{OrderVerification, Shop};
use crate::wording::{Arg, Templates, amount};

/// Times in one conversation kefu asks for an order's contact, or for an order number after
/// one was not found, before a person takes over: guessing orders is slow work.
pub(super) const MAX_ORDER_ASKS: usize = 4;

/// What a data-backed turn drafted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drafted {
    /// The reply; empty for a hand-off (the notice is written when it is stored).
    pub text: String,
    pub sources: Vec<Source>,
    /// What the reply asks the buyer for.
    pub awaiting: Option<Slot>,
    pub handoff: Option<HandoffReason>,
}

/// Everything a data answer reads.
pub struct Context<'a> {
    pub shop: &'a Shop,
    /// The buyer's message.
    pub text: &'a str,
    pub language: &'a Language,
    pub intent: Intent,
    pub slots: &'a Entities,
    pub attachments: &'a [Attachment],
    pub memory: &'a Memory,
    pub facts: &'a dyn ShopFacts,
    pub templates: &'a Templates,
    pub countries: &'a Countries,
    pub now: Timestamp,
    /// Earlier entries of the conversation (what the buyer said before).
    pub history: &'a [Entry],
    /// A phone number the platform vouches is the buyer's.
    pub buyer_phone: Option<&'a str>,
    /// The marketplace's id of the buyer, as the platform vouches.
    pub buyer_id: Option<&'a str>,
}

impl Context<'_> {
    /// Whether the buyer has shown `order` is theirs, in this message or an earlier one (or
    /// the shop does not ask them to).
    fn owns(&self, order: &Order) -> Shown {
        if self.shop.order_verification == OrderVerification::None {
            return Shown::Yes;
        }
        let earlier = self.history.iter().filter_map(|entry| {
            if let EntryBody::Buyer { text, .. } = &entry.body { Some(text.as_str()) } else { None }
        });
        shown(order, earlier.chain([self.text]), self.buyer_phone, self.buyer_id)
    }

    /// Whether the order with this id may be quoted to the buyer (a retrieved order passage).
    pub async fn shows(&self, order_id: &str) -> Result<bool, StageError> {
        Ok(match self.facts.order(self.shop, order_id).await? {
            Some(order) => self.owns(&order) == Shown::Yes,
            None => false,
        })
    }

    /// How many times this conversation was asked for an order number or an order's contact.
    pub(super) fn order_asks(&self) -> usize {
        let asked = |entry: &Entry| matches!(&entry.body, EntryBody::Bot { notes, .. } if matches!(notes.awaiting, Some(Slot::Order | Slot::Contact)));
        self.history.iter().filter(|e| asked(e)).count()
    }
}

/// The drafted turn for intents answered from data, or `None` for intents that need the
/// shop's passages (product questions, payment, customs …).
pub async fn answer(cx: &Context<'_>) -> Result<Option<Drafted>, StageError> {
    let say = |id: &str, args: &[(&str, Arg<'_>)]| cx.templates.say(cx.language, id, args);
    let shop = cx.shop.name.as_str();
    let text = |text: String| Drafted { text, ..Drafted::default() };
    let ask = |slot: Slot, id: &str| Drafted { text: say(id, &[]), awaiting: Some(slot), ..Drafted::default() };
    let handoff = |reason| Drafted { handoff: Some(reason), ..Drafted::default() };
    let photo = cx.attachments.iter().any(|a| a.kind == AttachmentKind::Image);

    Ok(Some(match cx.intent {
        Intent::Greeting => text(say("greeting", &[("shop", shop.into())])),
        Intent::ThanksBye => text(say("thanks", &[("shop", shop.into())])),
        Intent::Complaint if cx.memory.notes.angry => handoff(HandoffReason::PersistentAnger),
        Intent::Complaint => text(say("complaint", &[])),
        Intent::DamagedWrongItem if photo => handoff(HandoffReason::DamagedItem),
        Intent::DamagedWrongItem => ask(Slot::Photo, "ask-photo"),
        Intent::CancelOrder | Intent::ModifyOrder => {
            // A person changes the order: naming one is enough, it need not be looked up.
            if cx.slots.order_key().is_some() || named_order(cx).await?.is_some() {
                handoff(HandoffReason::OrderChange)
            } else {
                ask(Slot::Order, "ask-order-id")
            }
        }
        Intent::OrderStatus => match named_order(cx).await? {
            None => ask(Slot::Order, "ask-order-id"),
            Some((_, Some(order))) => match cx.owns(&order) {
                Shown::Yes => order_status(cx, &order),
                Shown::Unknowable => handoff(HandoffReason::Verification),
                Shown::No if cx.order_asks() >= MAX_ORDER_ASKS => handoff(HandoffReason::Verification),
                Shown::No => {
                    let again = cx.memory.notes.awaiting == Some(Slot::Contact);
                    let id = if again { "order-verify-mismatch" } else { "order-verify" };
                    Drafted {
                        awaiting: Some(Slot::Contact),
                        ..text(say(id, &[("order", order.order_id.as_str().into())]))
                    }
                }
            },
            Some((_, None)) if cx.order_asks() >= MAX_ORDER_ASKS => handoff(HandoffReason::Verification),
            Some((key, None)) => Drafted {
                awaiting: Some(Slot::Order),
                ..text(say("order-not-found", &[("order", key.as_str().into()), ("shop", shop.into())]))
            },
        },
        Intent::Shipping => {
            let country = match cx.slots.country.clone() {
                Some(country) => Some(country),
                // "when will it get here?" about a known order the buyer has shown is theirs.
                None => named_order(cx)
                    .await?
                    .and_then(|(_, order)| order.filter(|o| cx.owns(o) == Shown::Yes)?.destination_country),
            };
            let Some(country) = country else { return Ok(Some(ask(Slot::Country, "ask-country"))) };
            shipping(cx, &country)
        }
        Intent::ReturnsRefunds => {
            let Some(days) = cx.shop.return_window_days else { return Ok(None) };
            returns(cx, days).await?
        }
        // "Other" may still be in the shop's FAQ ("do you gift wrap?"): retrieval decides.
        Intent::Other
        | Intent::CustomsDuties
        | Intent::ProductQuestion
        | Intent::StockAvailability
        | Intent::Exchange
        | Intent::Payment
        | Intent::Discount
        | Intent::ChargebackDispute
        | Intent::HumanRequest => return Ok(None),
    }))
}

/// The order the turn is about, with what the shop's order source says of it (looked up once):
/// the one named, now or earlier (`None` when the source does not know it), or else a number in
/// the message that is one of the shop's orders ("1030这票", "tracking for 1042") — an exact
/// look-up, so a number that is not an order never becomes one.
/// A named id the source does not know is still tried against the message's other numbers,
/// and their spaced forms ("aa 2026 004217"), before it is reported as not found.
pub(super) async fn named_order(cx: &Context<'_>) -> Result<Option<(String, Option<Order>)>, StageError> {
    let named = cx.slots.order_key();
    if let Some(key) = named
        && let Some(order) = cx.facts.order(cx.shop, key).await?
    {
        return Ok(Some((key.to_owned(), Some(order))));
    }
    let singles = order_candidates(cx.text).map(str::to_owned);
    let candidates = singles.chain(spaced_order_candidates(cx.text)).filter(|c| Some(c.as_str()) != named);
    for candidate in candidates.take(6) {
        if let Some(order) = cx.facts.order(cx.shop, &candidate).await? {
            return Ok(Some((candidate, Some(order))));
        }
    }
    Ok(named.map(|key| (key.to_owned(), None)))
}

fn order_status(cx: &Context<'_>, order: &Order) -> Drafted {
    let say = |id: &str, args: &[(&str, Arg<'_>)]| cx.templates.say(cx.language, id, args);
    let id = order.order_id.as_str();
    let carrier = order.carrier.as_deref().unwrap_or("");
    let mut lines = Vec::new();
    let shipped_line = |lines: &mut Vec<String>| match &order.tracking_number {
        Some(tracking) => lines.push(say(
            "order-shipped",
            &[("order", id.into()), ("carrier", carrier.into()), ("tracking", tracking.into())],
        )),
        None => lines.push(say("order-shipped-untracked", &[("order", id.into()), ("carrier", carrier.into())])),
    };
    let eta = |lines: &mut Vec<String>| {
        if let (Some(from), Some(to)) = (order.eta_min.as_deref().map(day), order.eta_max.as_deref().map(day)) {
            let passed = to < today(cx.now).as_str();
            let id = if passed { "order-eta-passed" } else { "order-eta" };
            lines.push(say(id, &[("from", from.into()), ("to", to.into())]));
        }
    };
    match order.status {
        OrderStatus::Pending => {
            lines.push(say("order-pending", &[("order", id.into())]));
            eta(&mut lines);
        }
        OrderStatus::Processing => {
            lines.push(say("order-processing", &[("order", id.into())]));
            eta(&mut lines);
        }
        OrderStatus::Cancelled => lines.push(say("order-cancelled", &[("order", id.into())])),
        OrderStatus::Returned => lines.push(say("order-returned", &[("order", id.into())])),
        OrderStatus::ReturnRequested => lines.push(say("order-return-requested", &[("order", id.into())])),
        OrderStatus::ExchangeRequested => lines.push(say("order-exchange-requested", &[("order", id.into())])),
        OrderStatus::Shipped => {
            shipped_line(&mut lines);
            eta(&mut lines);
            if let Some(last) = order.events.last() {
                lines.push(say("order-last-update", &[("date", day(&last.time).into())]));
            }
        }
        OrderStatus::Delivered => {
            shipped_line(&mut lines);
            let date = order.delivered_at.as_deref().map(day).unwrap_or("");
            lines.push(say("order-delivered", &[("order", id.into()), ("date", date.into())]));
            lines.push(say("order-not-received", &[]));
        }
    }
    if matches!(order.status, OrderStatus::Shipped)
        && let (Some(carrier), Some(tracking)) = (&order.carrier, &order.tracking_number)
        && let Some(url) = cx.facts.tracking_url(&cx.shop.id, carrier, tracking)
    {
        lines.push(say("order-track", &[("url", url.as_str().into())]));
    }
    Drafted { text: lines.join("\n"), sources: vec![order_source(order)], ..Drafted::default() }
}

fn shipping(cx: &Context<'_>, country: &str) -> Drafted {
    let say = |id: &str, args: &[(&str, Arg<'_>)]| cx.templates.say(cx.language, id, args);
    let name = cx.countries.name(country, cx.language);
    let shop = cx.shop.name.as_str();
    let (rows, fallback) = cx.facts.shipping(&cx.shop.id, country);
    if rows.is_empty() {
        let text = say("shipping-none", &[("shop", shop.into()), ("country", name.as_str().into())]);
        return Drafted { text, ..Drafted::default() };
    }
    let intro = if fallback { "shipping-intro-other" } else { "shipping-intro" };
    let mut lines = vec![say(intro, &[("shop", shop.into()), ("country", name.as_str().into())])];
    // The shop's notes (free-shipping thresholds, size limits) are quoted when the buyer reads
    // the shop's language; kefu does not translate them.
    let notes = cx.shop.default_language.primary() == cx.language.primary();
    for row in &rows {
        let cost = amount(row.cost);
        lines.push(format!(
            "• {}",
            say(
                "shipping-option",
                &[
                    ("carrier", row.carrier.as_str().into()),
                    ("service", row.service.as_str().into()),
                    ("cost", cost.as_str().into()),
                    ("currency", row.currency.as_str().into()),
                    ("min", row.min_days.into()),
                    ("max", row.max_days.into()),
                ],
            )
        ));
        if notes && !row.notes.trim().is_empty() {
            lines.push(format!("  {}", row.notes.trim()));
        }
    }
    let code = if fallback { "*" } else { country };
    let source = Source {
        kind: SourceKind::Shipping,
        id: format!("shipping.csv#{code}"),
        title: format!("Shipping to {code}"),
        score: 1.0,
    };
    Drafted { text: lines.join("\n"), sources: vec![source], ..Drafted::default() }
}

async fn returns(cx: &Context<'_>, days: u32) -> Result<Drafted, StageError> {
    let say = |id: &str, args: &[(&str, Arg<'_>)]| cx.templates.say(cx.language, id, args);
    let mut lines = vec![say("returns-window", &[("days", days.into())])];
    let mut sources = vec![Source {
        kind: SourceKind::Policy,
        id: "shop.toml#returns".into(),
        title: "Return window".into(),
        score: 1.0,
    }];
    let order = match cx.slots.order_key() {
        Some(key) => cx.facts.order(cx.shop, key).await?.filter(|o| cx.owns(o) == Shown::Yes),
        None => None,
    };
    if let Some(order) = order
        && let Some(delivered) = order.delivered_at.as_deref().map(day)
        && let Ok(date) = delivered.parse::<jiff::civil::Date>()
        && let Ok(until) = date.checked_add(jiff::Span::new().days(i64::from(days)))
    {
        let until = until.to_string();
        let expired = until.as_str() < today(cx.now).as_str();
        let args = [
            ("order", order.order_id.as_str().into()),
            ("date", delivered.into()),
            ("until", until.as_str().into()),
            ("days", days.into()),
        ];
        lines.push(say(if expired { "returns-expired" } else { "returns-until" }, &args));
        sources.push(order_source(&order));
    }
    Ok(Drafted { text: lines.join("\n"), sources, ..Drafted::default() })
}

pub(super) fn order_source(order: &Order) -> Source {
    Source {
        kind: SourceKind::Order,
        id: order.order_id.clone(),
        title: format!("Order {}", order.order_id),
        score: 1.0,
    }
}

/// The date part of an ISO date or timestamp ("2026-09-23T20:50:00Z" → "2026-09-23").
fn day(value: &str) -> &str {
    value.get(..10).unwrap_or(value)
}

/// Today's date in UTC, as orders write dates.
pub(super) fn today(now: Timestamp) -> String {
    now.to_zoned(jiff::tz::TimeZone::UTC).date().to_string()
}

#[cfg(test)]
mod tests;
