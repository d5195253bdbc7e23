//! Actions a buyer asks kefu to take on an order — cancel it, change its delivery address,
//! return items, exchange an item for another variant — as exact arguments: what the buyer
//! confirms, what a shop's approval is bound to, what the shop's order API receives. No IO.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Cancel,
    Address,
    Return,
    Exchange,
}

impl ActionKind {
    pub const ALL: [ActionKind; 4] =
        [ActionKind::Cancel, ActionKind::Address, ActionKind::Return, ActionKind::Exchange];

    /// Stable names: on the wire, in the shop API's URL, in shop.toml and in metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Cancel => "cancel",
            ActionKind::Address => "address",
            ActionKind::Return => "return",
            ActionKind::Exchange => "exchange",
        }
    }
}

/// Who carries out an action a buyer confirmed (`[actions]` in shop.toml, per kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ActionMode {
    /// kefu acts after the buyer's yes.
    Auto,
    /// The confirmed request waits for a person of the shop to approve it in the console.
    Approve,
    /// A person takes the conversation (the default: a shop opts in).
    #[default]
    Off,
}

/// A postal address as orders carry it and the address action sets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Address {
    #[serde(default)]
    pub name: String,
    pub line1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    pub city: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    pub postcode: String,
    /// ISO 3166 alpha-2.
    pub country: String,
}

impl Address {
    /// The address on lines, as a buyer reads it back before confirming.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if !self.name.trim().is_empty() {
            lines.push(self.name.trim().to_owned());
        }
        lines.push(self.line1.trim().to_owned());
        if let Some(line2) = self.line2.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            lines.push(line2.to_owned());
        }
        let state = self.state.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let place = [Some(self.postcode.trim()), Some(self.city.trim()), state]
            .into_iter()
            .flatten()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        lines.push(format!("{place}, {}", self.country));
        lines
    }
}

/// Why a buyer cancels, in the shop API's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelReason {
    NoLongerNeeded,
    OrderedByMistake,
    Other,
}

/// One item of an exchange: the variant bought and the one wanted instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemExchange {
    pub sku: String,
    pub new_sku: String,
}

/// One action on one order with every argument it needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderAction {
    pub kind: ActionKind,
    /// As the shop writes it.
    pub order_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<CancelReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// The variant SKUs returned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exchange: Vec<ItemExchange>,
}

/// An action the bot put to the buyer and waits for their yes to: stored in the turn's notes,
/// so the answer to it — even after a restart — acts on exactly these arguments, once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    /// The action's idempotency key: the same on every attempt of this action.
    pub key: String,
    pub action: OrderAction,
    /// What the action moves: the refund of a cancel or return, the price difference of an
    /// exchange (positive: the buyer pays), 0 for an address.
    pub amount: f64,
    pub currency: String,
}

/// An action being prepared in a conversation: its kind is known, the rest is gathered turn by
/// turn (which order, that it is the buyer's, the new address or option), then proposed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionDraft {
    pub kind: ActionKind,
    /// Set once every argument is known and the buyer was asked to confirm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposal: Option<Proposal>,
    /// How many times the bot asked for an argument it could not read (a new address, an option).
    #[serde(default)]
    pub asks: u8,
}
