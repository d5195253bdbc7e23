//! What the buyer reads when an action is done or cannot be, in their language: shared by the
//! turn that acts and by the console's decisions on approvals.

use super::policy::Refusal;
use crate::domain::{ActionKind, Language, Proposal};
use crate::wording::{Arg, Templates, amount};

/// What the buyer hears once an action is done (by kefu, or approved by the shop).
pub fn done_text(templates: &Templates, language: &Language, proposal: &Proposal) -> String {
    let order = proposal.action.order_id.as_str();
    let id = match proposal.action.kind {
        ActionKind::Cancel => "action-done-cancel",
        ActionKind::Address => "action-done-address",
        ActionKind::Return => "action-done-return",
        ActionKind::Exchange => "action-done-exchange",
    };
    let mut text = templates.say(language, id, &[("order", order.into())]);
    if proposal.action.kind == ActionKind::Cancel && proposal.amount > 0.0 {
        let total = amount(proposal.amount);
        let args = [("amount", total.as_str().into()), ("currency", proposal.currency.as_str().into())];
        text = format!("{text}\n{}", templates.say(language, "action-refund", &args));
    }
    text
}

/// Why an action cannot be taken, in the buyer's language.
pub fn refusal_text(templates: &Templates, language: &Language, order: &str, refusal: &Refusal) -> String {
    let say = |id: &str, args: &[(&str, Arg<'_>)]| templates.say(language, id, args);
    let order_arg = [("order", Arg::from(order))];
    match refusal {
        Refusal::CancelShipped => say("action-refused-cancel-shipped", &order_arg),
        Refusal::AddressShipped => say("action-refused-address-shipped", &order_arg),
        Refusal::Cancelled => say("action-refused-cancelled", &order_arg),
        Refusal::UnderWay => say("action-refused-under-way", &order_arg),
        Refusal::NotDelivered => say("action-refused-not-delivered", &order_arg),
        Refusal::Window { days, until } => say(
            "action-refused-window",
            &[("order", order.into()), ("days", (*days).into()), ("until", until.as_str().into())],
        ),
        Refusal::NotReturnable { item } => say("action-refused-not-returnable", &[("item", item.as_str().into())]),
        Refusal::Unavailable { item, value } => {
            say("action-refused-unavailable", &[("item", item.as_str().into()), ("value", value.as_str().into())])
        }
        Refusal::NoVariant { item, value, choices } => say(
            "action-refused-no-variant",
            &[("item", item.as_str().into()), ("value", value.as_str().into()), ("choices", choices.as_str().into())],
        ),
        Refusal::NotAllowed => say("action-refused-not-allowed", &[]),
    }
}
