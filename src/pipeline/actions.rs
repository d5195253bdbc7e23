//! Actions on an order the buyer asks for — cancel it, change its delivery address, return
//! items, exchange an item for another variant — without a model: understand the request from
//! the message and what the conversation gathered (`ActionDraft` in the turn's notes), check
//! the order is the buyer's (its e-mail, phone or postcode; not its tracking number), check the
//! shop's rules (`policy`), list exactly what will happen and wait for an explicit yes; then
//! hand the confirmed action, with its idempotency key, to the `OrderActions` port, once.
//!
//! A "no" changes nothing; an answer that asks for something else drops the proposal; a
//! second "yes" finds no proposal and acts on nothing. The proposal is stored with the bot's
//! reply, so the yes is read against exactly the arguments the buyer saw, even after a restart.

pub mod address;
pub mod cues;
mod items;
pub mod policy;
mod wording;

use crate::domain::{
    ActionDraft, ActionKind, ActionMode, ConversationId, Entry, EntryBody, HandoffReason, Intent, Language,
    OrderAction, Proposal, Slot, Source,
};
use crate::knowledge::Order;
use crate::knowledge::catalogue::Catalogue;
use crate::lexicon::glossary::Glossary;
use crate::shop::{ActionTarget, Marketplace, Shop};
use crate::wording::{Arg, amount};

use self::cues::{Answer, Cue, Cues};
use self::items::{Wanted, bought_values, exchange_wanted, item_line, items_named, named_items};
use self::policy::Refusal;
pub use self::wording::{done_text, refusal_text};
use super::StageError;
use super::structured::{self, Context, MAX_ORDER_ASKS};
use super::verify::{Shown, shown_for_action};

/// Times kefu asks again for an address or an option it could not read before a person takes
/// over.
const MAX_ARGUMENT_ASKS: u8 = 2;

/// Carries out actions the buyer confirmed, as the shop's `[actions]` say.
#[async_trait::async_trait]
pub trait OrderActions: Send + Sync {
    /// The buyer said yes to `proposal`: act once, or queue it for the shop's approval. The
    /// same key again returns what happened the first time, and acts on nothing.
    async fn confirmed(&self, confirmed: Confirmed<'_>) -> Result<Acted, StageError>;
}

/// A confirmed action and where it comes from.
pub struct Confirmed<'a> {
    pub shop: &'a Shop,
    pub conversation: &'a ConversationId,
    pub proposal: &'a Proposal,
    /// The buyer's language: an approval's outcome is told in it.
    pub language: &'a Language,
    /// Whether a person of the shop approves it first.
    pub approval: bool,
    pub now: jiff::Timestamp,
}

/// What became of a confirmed action.
#[derive(Debug, Clone, PartialEq)]
pub enum Acted {
    Done,
    /// Waiting for a person of the shop.
    AwaitingApproval,
    /// The rules no longer allow it (the order changed since it was proposed).
    Refused(Refusal),
    /// The shop's system said no, in its own words.
    Failed(String),
    /// The shop's system could not be reached; nothing is known to have happened.
    Unreachable,
}

/// What an action turn says and remembers.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub text: String,
    pub intent: Intent,
    pub awaiting: Option<Slot>,
    pub handoff: Option<HandoffReason>,
    /// The draft the next turn continues (`None` once acted, declined or refused).
    pub draft: Option<ActionDraft>,
    pub sources: Vec<Source>,
}

/// Everything an action turn reads.
pub struct Turn<'a> {
    pub cx: &'a Context<'a>,
    pub cues: &'a Cues,
    pub glossary: &'a Glossary,
    pub catalogue: &'a Catalogue,
    pub conversation: &'a ConversationId,
    pub actions: Option<&'a dyn OrderActions>,
}

/// The intent a turn about an action is stored with.
pub fn intent_of(kind: ActionKind) -> Intent {
    match kind {
        ActionKind::Cancel => Intent::CancelOrder,
        ActionKind::Address => Intent::ModifyOrder,
        ActionKind::Return => Intent::ReturnsRefunds,
        ActionKind::Exchange => Intent::Exchange,
    }
}

/// The action turn, or `None` when the message is not about an action kefu takes for this shop
/// (the pipeline answers it as before; a draft in progress is dropped).
pub async fn turn(t: &Turn<'_>) -> Result<Option<Step>, StageError> {
    let memory = t.cx.memory;
    let draft = memory.notes.action.clone();
    let awaiting = memory.notes.awaiting;
    if let Some(draft) = &draft
        && let Some(proposal) = &draft.proposal
        && awaiting == Some(Slot::Confirmation)
    {
        let answer = t.cues.answer(t.cx.text);
        if answer == Answer::Yes {
            return act(t, draft.kind, proposal).await.map(Some);
        }
        // "No, size L" or "the black one instead": the same action with what was said now.
        if let Some(step) = revise(t, draft, proposal).await? {
            return Ok(Some(step));
        }
        if answer == Answer::No {
            let text = say(t, "action-declined", &[("order", proposal.action.order_id.as_str().into())]);
            return Ok(Some(reply(draft.kind, text, None, None)));
        }
    }
    let continuing = draft.as_ref().filter(|d| d.proposal.is_none() && continues(t, d, awaiting));
    let kind = match (requested(t), continuing) {
        (Some(kind), _) => kind,
        (None, Some(draft)) => draft.kind,
        (None, None) => return Ok(None),
    };
    let shop = t.cx.shop;
    if t.actions.is_none() || shop.actions.mode(kind) == ActionMode::Off {
        return Ok(None);
    }
    let target = shop.action_target_for(t.conversation);
    match target {
        _ if target.supports(kind) => {}
        // On a marketplace the buyer changes the address or returns the item themselves.
        ActionTarget::Marketplace(marketplace @ (Marketplace::Shopee | Marketplace::Lazada | Marketplace::Tiktok)) => {
            let text = say(t, "action-on-platform", &[("platform", marketplace.name().into())]);
            return Ok(Some(reply(kind, text, None, None)));
        }
        ActionTarget::Embedded
        | ActionTarget::Http { .. }
        | ActionTarget::Shopify { .. }
        | ActionTarget::Marketplace(Marketplace::Ebay | Marketplace::Aliexpress)
        | ActionTarget::None => return Ok(None),
    }
    let asks = continuing.filter(|d| d.kind == kind).map_or(0, |d| d.asks);
    prepare(t, kind, asks).await.map(Some)
}

/// The action this message asks for, from its intent and its words.
fn requested(t: &Turn<'_>) -> Option<ActionKind> {
    let text = t.cx.text;
    let cues = t.cues.find(text);
    let order_named = t.cx.slots.order_key().is_some();
    match t.cx.intent {
        Intent::CancelOrder if cues.contains(&Cue::AddressChange) => Some(ActionKind::Address),
        Intent::CancelOrder if cues.contains(&Cue::ReturnRequest) => Some(ActionKind::Return),
        Intent::CancelOrder if cues.contains(&Cue::ExchangeRequest) => Some(ActionKind::Exchange),
        Intent::CancelOrder => Some(ActionKind::Cancel),
        Intent::ModifyOrder
        | Intent::Shipping
        | Intent::OrderStatus
        | Intent::Other
        | Intent::ReturnsRefunds
        | Intent::Exchange
        | Intent::StockAvailability
        | Intent::ProductQuestion
            if cues.contains(&Cue::AddressChange) =>
        {
            Some(ActionKind::Address)
        }
        Intent::Exchange if cues.contains(&Cue::ExchangeRequest) || order_named => Some(ActionKind::Exchange),
        // "I want to cancel order W9300146" taken for something else.
        Intent::Other
        | Intent::ThanksBye
        | Intent::Greeting
        | Intent::OrderStatus
        | Intent::ModifyOrder
        | Intent::Complaint
        | Intent::ReturnsRefunds
            if cues.contains(&Cue::CancelRequest)
                && order_named
                && !cues.iter().any(|c| matches!(c, Cue::ReturnRequest | Cue::ExchangeRequest)) =>
        {
            Some(ActionKind::Cancel)
        }
        Intent::ReturnsRefunds | Intent::ModifyOrder | Intent::Other | Intent::StockAvailability
            if cues.contains(&Cue::ExchangeRequest) && (order_named || t.cx.intent != Intent::StockAvailability) =>
        {
            Some(ActionKind::Exchange)
        }
        // "I want to return it" read as an order-status or a damage question; a damaged item
        // with a photo is a person's call, so only without damage named.
        Intent::ReturnsRefunds
        | Intent::Exchange
        | Intent::Other
        | Intent::Complaint
        | Intent::OrderStatus
        | Intent::Shipping
        | Intent::ModifyOrder
        | Intent::DamagedWrongItem
            if cues.contains(&Cue::ReturnRequest) && !damage_named(t) =>
        {
            Some(ActionKind::Return)
        }
        Intent::OrderStatus
        | Intent::Shipping
        | Intent::CustomsDuties
        | Intent::ProductQuestion
        | Intent::StockAvailability
        | Intent::ReturnsRefunds
        | Intent::Exchange
        | Intent::ModifyOrder
        | Intent::Payment
        | Intent::Discount
        | Intent::DamagedWrongItem
        | Intent::Complaint
        | Intent::ChargebackDispute
        | Intent::HumanRequest
        | Intent::Greeting
        | Intent::ThanksBye
        | Intent::Other => None,
    }
}

/// Whether the buyer says the item is damaged, defective or not what they ordered.
fn damage_named(t: &Turn<'_>) -> bool {
    const DAMAGE: &[&str] = &["damaged", "defective", "wrong item", "missing not received"];
    t.glossary.concepts(t.cx.text).iter().any(|c| DAMAGE.contains(c))
}

/// Whether this message carries on a draft that asked for something: it gives what was asked,
/// or it is short and not about something else.
fn continues(t: &Turn<'_>, draft: &ActionDraft, awaiting: Option<Slot>) -> bool {
    let text = t.cx.text;
    let short = text.split_whitespace().count() <= 12;
    let same = t.cx.intent == intent_of(draft.kind);
    match awaiting {
        Some(Slot::Order) => t.cx.slots.order_key().is_some() || same,
        Some(Slot::Contact) => {
            text.contains('@') || text.chars().filter(char::is_ascii_digit).count() >= 4 || short || same
        }
        Some(Slot::Address) => text.chars().any(|c| c.is_ascii_digit()) || same,
        Some(Slot::Option | Slot::Items) => short || same,
        Some(Slot::Confirmation | Slot::Country | Slot::Photo) | None => false,
    }
}

/// Gathers what the action needs, one question at a time, then proposes it.
async fn prepare(t: &Turn<'_>, kind: ActionKind, asks: u8) -> Result<Step, StageError> {
    let cx = t.cx;
    let draft = |asks: u8| Some(ActionDraft { kind, proposal: None, asks });
    let Some((key, order)) = structured::named_order(cx).await? else {
        return Ok(reply(kind, say(t, "ask-order-id", &[]), Some(Slot::Order), draft(0)));
    };
    let Some(order) = order else {
        if cx.order_asks() >= MAX_ORDER_ASKS {
            return Ok(handoff(kind, HandoffReason::Verification));
        }
        let text = say(t, "order-not-found", &[("order", key.as_str().into()), ("shop", cx.shop.name.as_str().into())]);
        return Ok(reply(kind, text, Some(Slot::Order), draft(0)));
    };
    match owns(t, &order) {
        Shown::Yes => {}
        Shown::Unknowable => return Ok(handoff(kind, HandoffReason::Verification)),
        Shown::No if cx.order_asks() >= MAX_ORDER_ASKS => return Ok(handoff(kind, HandoffReason::Verification)),
        Shown::No => {
            let again = cx.memory.notes.awaiting == Some(Slot::Contact);
            let id = if again { "order-verify-mismatch" } else { "order-verify" };
            let text = say(t, id, &[("order", order.order_id.as_str().into())]);
            return Ok(reply(kind, text, Some(Slot::Contact), draft(0)));
        }
    }
    let said = said_since_draft(cx.history, cx.text);
    let base = OrderAction {
        kind,
        order_id: order.order_id.clone(),
        reason: None,
        address: None,
        items: Vec::new(),
        exchange: Vec::new(),
    };
    let action = match kind {
        ActionKind::Cancel => OrderAction { reason: Some(t.cues.reason(&said.join("\n"))), ..base },
        ActionKind::Address => {
            // A refusal first: no point asking for an address that cannot be set.
            if let Err(refusal) = check(t, &order, &OrderAction { address: Some(placeholder()), ..base.clone() }) {
                return Ok(refused(t, kind, &order, &refusal));
            }
            match address::read(cx.text, order.shipping_address.as_ref(), cx.countries) {
                Some(address) => OrderAction { address: Some(address), ..base },
                None => return Ok(ask_again(t, kind, &order, asks, cx.memory.notes.awaiting == Some(Slot::Address))),
            }
        }
        ActionKind::Return => match items_named(&order, &said, t) {
            Some(items) => OrderAction { items, ..base },
            // Several items and none named: which ones? (A guess would return the wrong ones.)
            None if asks >= MAX_ARGUMENT_ASKS => return Ok(handoff(kind, HandoffReason::OrderChange)),
            None => {
                let list: Vec<String> =
                    order.items.iter().enumerate().map(|(i, item)| format!("{}. {}", i + 1, item.title)).collect();
                let text = format!(
                    "{}\n{}",
                    say(t, "action-ask-items", &[("order", order.order_id.as_str().into())]),
                    list.join("\n")
                );
                let asked = cx.memory.notes.awaiting == Some(Slot::Items);
                let asks = if asked { asks + 1 } else { asks };
                return Ok(reply(kind, text, Some(Slot::Items), Some(ActionDraft { kind, proposal: None, asks })));
            }
        },
        ActionKind::Exchange => {
            if let Err(refusal) = policy::check(
                cx.shop,
                &order,
                &OrderAction {
                    items: order.items.iter().map(|i| i.sku.clone()).collect(),
                    kind: ActionKind::Return,
                    ..base.clone()
                },
                t.catalogue,
                today(cx.now),
            ) {
                return Ok(refused(t, kind, &order, &refusal));
            }
            match exchange_wanted(t, &order, &said) {
                Wanted::Swap(swaps) => OrderAction { exchange: swaps, ..base },
                Wanted::Refused(refusal) => return Ok(refused(t, kind, &order, &refusal)),
                Wanted::Ask { item, option, choices } => {
                    if asks >= MAX_ARGUMENT_ASKS {
                        return Ok(handoff(kind, HandoffReason::OrderChange));
                    }
                    let args = [
                        ("option", option.as_str().into()),
                        ("item", item.as_str().into()),
                        ("choices", choices.as_str().into()),
                    ];
                    let text = say(t, "action-ask-option", &args);
                    return Ok(reply(kind, text, Some(Slot::Option), draft(asks + 1)));
                }
            }
        }
    };
    propose(t, &order, action)
}

/// Lists what will happen and asks for a yes, or says why it cannot happen.
fn propose(t: &Turn<'_>, order: &Order, action: OrderAction) -> Result<Step, StageError> {
    let kind = action.kind;
    let amount_moved = match check(t, order, &action) {
        Ok(amount) => amount,
        Err(refusal) => return Ok(refused(t, kind, order, &refusal)),
    };
    let id = order.order_id.as_str();
    let currency = order.currency.as_str();
    let mut lines = Vec::new();
    match kind {
        ActionKind::Cancel => {
            lines.push(say(t, "action-propose-cancel", &[("order", id.into())]));
            lines.extend(order.items.iter().map(|item| format!("• {}", item_line(item, currency))));
            let total = amount(amount_moved);
            lines.push(say(t, "action-refund", &[("amount", total.as_str().into()), ("currency", currency.into())]));
        }
        ActionKind::Address => {
            lines.push(say(t, "action-propose-address", &[("order", id.into())]));
            let address = action.address.as_ref().expect("an address action has its address");
            lines.extend(address.lines().into_iter().map(|l| format!("  {l}")));
        }
        ActionKind::Return => {
            lines.push(say(t, "action-propose-return", &[("order", id.into())]));
            for sku in &action.items {
                if let Some(item) = policy::item(order, sku) {
                    lines.push(format!("• {}", item_line(item, currency)));
                }
            }
            let refund = amount(amount_moved);
            lines.push(say(
                t,
                "action-return-refund",
                &[("amount", refund.as_str().into()), ("currency", currency.into())],
            ));
        }
        ActionKind::Exchange => {
            lines.push(say(t, "action-propose-exchange", &[("order", id.into())]));
            for swap in &action.exchange {
                let Some(item) = policy::item(order, &swap.sku) else { continue };
                let wanted = policy::product_of(item, t.catalogue)
                    .and_then(|p| p.variants.iter().find(|v| v.sku.eq_ignore_ascii_case(&swap.new_sku)));
                let to = wanted.map(|v| policy::differing_values(item, v)).unwrap_or_else(|| swap.new_sku.clone());
                lines.push(format!("• {}: {} → {to} ({})", item.title, bought_values(item, t.catalogue), swap.new_sku));
            }
            let difference = amount(amount_moved.abs());
            let args = [("amount", difference.as_str().into()), ("currency", currency.into())];
            lines.push(match amount_moved {
                d if d > 0.004 => say(t, "action-price-more", &args),
                d if d < -0.004 => say(t, "action-price-less", &args),
                _ => say(t, "action-price-same", &[]),
            });
        }
    }
    lines.push(say(t, "action-confirm", &[]));
    let proposal = Proposal {
        key: uuid::Uuid::new_v4().simple().to_string(),
        action,
        amount: amount_moved,
        currency: order.currency.clone(),
    };
    let draft = ActionDraft { kind, proposal: Some(proposal), asks: 0 };
    let mut step = reply(kind, lines.join("\n"), Some(Slot::Confirmation), Some(draft));
    step.sources.push(structured::order_source(order));
    Ok(step)
}

/// The buyer said yes: the port acts (or queues it for approval) once.
async fn act(t: &Turn<'_>, kind: ActionKind, proposal: &Proposal) -> Result<Step, StageError> {
    let cx = t.cx;
    let mode = cx.shop.actions.mode(kind);
    let Some(actions) = t.actions.filter(|_| mode != ActionMode::Off) else {
        return Ok(handoff(kind, HandoffReason::OrderChange));
    };
    let over_limit = cx.shop.actions.max_auto_amount.is_some_and(|max| proposal.amount.abs() > max);
    let confirmed = Confirmed {
        shop: cx.shop,
        conversation: t.conversation,
        proposal,
        language: cx.language,
        approval: mode == ActionMode::Approve || over_limit,
        now: cx.now,
    };
    let order = proposal.action.order_id.as_str();
    let order_arg = [("order", order.into())];
    Ok(match actions.confirmed(confirmed).await? {
        Acted::Done => reply(kind, done_text(cx.templates, cx.language, proposal), None, None),
        Acted::AwaitingApproval => reply(kind, say(t, "action-with-shop", &order_arg), None, None),
        Acted::Refused(refusal) => reply(kind, refusal_text(cx.templates, cx.language, order, &refusal), None, None),
        Acted::Failed(error) => {
            let text = say(t, "action-failed", &[("order", order.into()), ("error", error.as_str().into())]);
            Step { text, handoff: Some(HandoffReason::OrderChange), ..reply(kind, String::new(), None, None) }
        }
        Acted::Unreachable => {
            let text = say(t, "action-unreachable", &order_arg);
            Step { text, handoff: Some(HandoffReason::OrderChange), ..reply(kind, String::new(), None, None) }
        }
    })
}

/// After a "no" or another answer to a proposal: the same action with what this message says
/// instead (another option, another address, other items), when it says something new.
async fn revise(t: &Turn<'_>, draft: &ActionDraft, proposal: &Proposal) -> Result<Option<Step>, StageError> {
    let cx = t.cx;
    let kind = draft.kind;
    if requested(t).is_some_and(|k| k != kind) || kind == ActionKind::Cancel {
        return Ok(None);
    }
    let Some(order) = cx.facts.order(cx.shop, &proposal.action.order_id).await? else { return Ok(None) };
    let action = match kind {
        ActionKind::Address => {
            let Some(address) = address::read(cx.text, order.shipping_address.as_ref(), cx.countries) else {
                return Ok(None);
            };
            OrderAction { address: Some(address), ..proposal.action.clone() }
        }
        ActionKind::Return => {
            let items = named_items(&order, &[cx.text.to_owned()]);
            if items.is_empty() {
                return Ok(None);
            }
            OrderAction { items, ..proposal.action.clone() }
        }
        ActionKind::Exchange => match exchange_wanted(t, &order, &[cx.text.to_owned()]) {
            Wanted::Swap(swaps) => OrderAction { exchange: swaps, ..proposal.action.clone() },
            Wanted::Refused(refusal) => return Ok(Some(refused(t, kind, &order, &refusal))),
            Wanted::Ask { .. } => return Ok(None),
        },
        ActionKind::Cancel => return Ok(None),
    };
    if action == proposal.action {
        return Ok(None);
    }
    propose(t, &order, action).map(Some)
}

fn ask_again(t: &Turn<'_>, kind: ActionKind, order: &Order, asks: u8, asked: bool) -> Step {
    if asks >= MAX_ARGUMENT_ASKS {
        return handoff(kind, HandoffReason::OrderChange);
    }
    let text = if asked {
        say(t, "action-ask-address-again", &[])
    } else {
        say(t, "action-ask-address", &[("order", order.order_id.as_str().into())])
    };
    let asks = if asked { asks + 1 } else { asks };
    reply(kind, text, Some(Slot::Address), Some(ActionDraft { kind, proposal: None, asks }))
}

/// Whether the buyer has shown the order is theirs well enough to change it.
fn owns(t: &Turn<'_>, order: &Order) -> Shown {
    let earlier =
        t.cx.history.iter().filter_map(|entry| {
            if let EntryBody::Buyer { text, .. } = &entry.body { Some(text.as_str()) } else { None }
        });
    shown_for_action(order, earlier.chain([t.cx.text]), t.cx.buyer_phone, t.cx.buyer_id)
}

fn check(t: &Turn<'_>, order: &Order, action: &OrderAction) -> Result<f64, Refusal> {
    policy::check(t.cx.shop, order, action, t.catalogue, today(t.cx.now))
}

fn today(now: jiff::Timestamp) -> jiff::civil::Date {
    now.to_zoned(jiff::tz::TimeZone::UTC).date()
}

/// An address that passes the form check, to ask the rules whether any address may be set.
fn placeholder() -> crate::domain::Address {
    crate::domain::Address {
        line1: "-".into(),
        city: "-".into(),
        postcode: "-".into(),
        country: "ZZ".into(),
        ..Default::default()
    }
}

/// What the buyer wrote since the action was first asked for, oldest first, this message last.
fn said_since_draft(history: &[Entry], text: &str) -> Vec<String> {
    let mut said = vec![text.to_owned()];
    for entry in history.iter().rev() {
        match &entry.body {
            EntryBody::Buyer { text, .. } => said.push(text.clone()),
            EntryBody::Bot { notes, .. } | EntryBody::Handoff { notes, .. } if notes.action.is_none() => break,
            EntryBody::Bot { .. }
            | EntryBody::Handoff { .. }
            | EntryBody::Agent { .. }
            | EntryBody::Note { .. }
            | EntryBody::Claimed { .. }
            | EntryBody::Resolved { .. } => {}
        }
    }
    said.reverse();
    said
}

fn refused(t: &Turn<'_>, kind: ActionKind, order: &Order, refusal: &Refusal) -> Step {
    let text = refusal_text(t.cx.templates, t.cx.language, &order.order_id, refusal);
    // A variant that is sold out or not made: the buyer may name another ("and in green?").
    let another = matches!(refusal, Refusal::Unavailable { .. } | Refusal::NoVariant { .. });
    let asks = t.cx.memory.notes.action.as_ref().map_or(0, |d| d.asks);
    let mut step = if another && asks < MAX_ARGUMENT_ASKS {
        reply(kind, text, Some(Slot::Option), Some(ActionDraft { kind, proposal: None, asks: asks + 1 }))
    } else {
        reply(kind, text, None, None)
    };
    step.sources.push(structured::order_source(order));
    step
}

fn say(t: &Turn<'_>, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    t.cx.templates.say(t.cx.language, id, args)
}

fn reply(kind: ActionKind, text: String, awaiting: Option<Slot>, draft: Option<ActionDraft>) -> Step {
    Step { text, intent: intent_of(kind), awaiting, handoff: None, draft, sources: Vec::new() }
}

fn handoff(kind: ActionKind, reason: HandoffReason) -> Step {
    Step { handoff: Some(reason), ..reply(kind, String::new(), None, None) }
}
