//! `[actions]` in shop.toml: which actions on an order kefu takes for the shop's buyers, who
//! decides (kefu after the buyer's yes, a person of the shop, or a person takes the
//! conversation), and the shop's narrower rules. Where an action goes is `[orders]`
//! (`actions_url`, or the shop's own orders.jsonl).

use std::collections::BTreeSet;
use std::time::Duration;

use serde::Deserialize;

use crate::domain::{ActionKind, ActionMode, OrderStatus};

/// How long a confirmed request waits for the shop's approval before it lapses.
pub const APPROVAL_EXPIRES: Duration = Duration::from_secs(48 * 3600);

#[derive(Debug, Clone, PartialEq)]
pub struct ActionSettings {
    pub cancel: ActionMode,
    pub address: ActionMode,
    pub return_: ActionMode,
    pub exchange: ActionMode,
    /// Above this amount (a refund, a price difference) an `auto` action waits for approval.
    pub max_auto_amount: Option<f64>,
    /// How long an action waits for approval before it lapses.
    pub approval_expires: Duration,
    /// The statuses an order may be cancelled in (at most pending and processing).
    pub cancel_statuses: BTreeSet<OrderStatus>,
    /// The statuses an order's address may be changed in (at most pending and processing).
    pub address_statuses: BTreeSet<OrderStatus>,
    /// Days after delivery an item may be returned or exchanged; at most `[returns] window_days`.
    pub return_days: Option<u32>,
    /// Products or variants (SKUs) that are never returned or exchanged.
    pub non_returnable: BTreeSet<String>,
}

impl Default for ActionSettings {
    fn default() -> ActionSettings {
        let before_shipping: BTreeSet<OrderStatus> = [OrderStatus::Pending, OrderStatus::Processing].into();
        ActionSettings {
            cancel: ActionMode::Off,
            address: ActionMode::Off,
            return_: ActionMode::Off,
            exchange: ActionMode::Off,
            max_auto_amount: None,
            approval_expires: APPROVAL_EXPIRES,
            cancel_statuses: before_shipping.clone(),
            address_statuses: before_shipping,
            return_days: None,
            non_returnable: BTreeSet::new(),
        }
    }
}

impl ActionSettings {
    pub fn mode(&self, kind: ActionKind) -> ActionMode {
        match kind {
            ActionKind::Cancel => self.cancel,
            ActionKind::Address => self.address,
            ActionKind::Return => self.return_,
            ActionKind::Exchange => self.exchange,
        }
    }

    /// Whether any action is taken by kefu or approved by the shop.
    pub fn any(&self) -> bool {
        ActionKind::ALL.iter().any(|k| self.mode(*k) != ActionMode::Off)
    }
}

/// `[actions]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ActionsFile {
    #[serde(default)]
    cancel: ActionMode,
    #[serde(default)]
    address: ActionMode,
    #[serde(default, rename = "return")]
    return_: ActionMode,
    #[serde(default)]
    exchange: ActionMode,
    #[serde(default)]
    max_auto_amount: Option<f64>,
    #[serde(default, with = "humantime_serde")]
    approval_expires: Option<Duration>,
    #[serde(default)]
    cancel_statuses: Option<BTreeSet<OrderStatus>>,
    #[serde(default)]
    address_statuses: Option<BTreeSet<OrderStatus>>,
    #[serde(default)]
    return_days: Option<u32>,
    #[serde(default)]
    non_returnable: BTreeSet<String>,
}

impl ActionsFile {
    /// The settings, or what is wrong, naming the key. `window_days` is `[returns]`'s.
    pub(super) fn settings(self, window_days: Option<u32>) -> Result<ActionSettings, String> {
        let defaults = ActionSettings::default();
        if let Some(amount) = self.max_auto_amount
            && !(amount.is_finite() && amount >= 0.0)
        {
            return Err(format!("actions.max_auto_amount: {amount} is not an amount (0 or more)"));
        }
        let expires = self.approval_expires.unwrap_or(APPROVAL_EXPIRES);
        if expires < Duration::from_secs(60) {
            return Err("actions.approval_expires: at least \"1m\" (e.g. \"48h\")".into());
        }
        let narrow = |key: &str, statuses: Option<BTreeSet<OrderStatus>>, allowed: &BTreeSet<OrderStatus>| {
            let Some(statuses) = statuses else { return Ok(allowed.clone()) };
            match statuses.iter().find(|s| !allowed.contains(s)) {
                Some(status) => Err(format!(
                    "actions.{key}: {:?} is not allowed; only orders not yet shipped (\"pending\", \"processing\") can be changed so",
                    status.as_str()
                )),
                None => Ok(statuses),
            }
        };
        let cancel_statuses = narrow("cancel_statuses", self.cancel_statuses, &defaults.cancel_statuses)?;
        let address_statuses = narrow("address_statuses", self.address_statuses, &defaults.address_statuses)?;
        let returns = self.return_ != ActionMode::Off || self.exchange != ActionMode::Off;
        let return_days = match (self.return_days, window_days) {
            (Some(days), Some(window)) if days > window => {
                return Err(format!(
                    "actions.return_days: {days} is longer than the return window ([returns] window_days = {window})"
                ));
            }
            (Some(days), _) => Some(days),
            (None, window) => window,
        };
        if returns && return_days.is_none() {
            return Err("actions: returns and exchanges need a return window ([returns] window_days)".into());
        }
        Ok(ActionSettings {
            cancel: self.cancel,
            address: self.address,
            return_: self.return_,
            exchange: self.exchange,
            max_auto_amount: self.max_auto_amount,
            approval_expires: expires,
            cancel_statuses,
            address_statuses,
            return_days,
            non_returnable: self.non_returnable,
        })
    }
}

/// Where a confirmed action goes.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum ActionTarget {
    /// kefu changes its own record of the order (the ingested orders.jsonl); the shop sees the
    /// action in the console and the admin API.
    #[default]
    Embedded,
    /// The shop's own API: `POST url` with `{order_id}` and `{action}` replaced.
    Http { url: String, token: Option<crate::secrets::CredentialName>, timeout: Duration },
    /// The shop's Shopify store, through the Admin API with the app's token (`[channels.shopify]
    /// admin_token`): cancel and address; returns and exchanges go to a person.
    Shopify { domain: String, token: crate::secrets::CredentialName },
    /// The marketplace the buyer writes from, whose own API takes the action (cancel only:
    /// no marketplace lets a seller change the buyer's address; returns are the buyer's on the
    /// platform).
    Marketplace(Marketplace),
    /// Nowhere kefu can reach: the shop's orders come from its API, which takes no actions.
    None,
}

/// Marketplaces whose buyers write through kefu's channels, by their conversation ids'
/// prefix (`shopee.…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Marketplace {
    Shopee,
    Lazada,
    Tiktok,
    Ebay,
    Aliexpress,
}

impl Marketplace {
    /// The marketplace a conversation is on, from its id.
    pub fn of(conversation: &crate::domain::ConversationId) -> Option<Marketplace> {
        Some(match conversation.as_str().split('.').next()? {
            "shopee" => Marketplace::Shopee,
            "lazada" => Marketplace::Lazada,
            "tiktok" => Marketplace::Tiktok,
            "ebay" => Marketplace::Ebay,
            "aliexpress" => Marketplace::Aliexpress,
            _ => return None,
        })
    }

    /// Its name as buyers know it.
    pub fn name(self) -> &'static str {
        match self {
            Marketplace::Shopee => "Shopee",
            Marketplace::Lazada => "Lazada",
            Marketplace::Tiktok => "TikTok Shop",
            Marketplace::Ebay => "eBay",
            Marketplace::Aliexpress => "AliExpress",
        }
    }
}

impl ActionTarget {
    /// Whether this destination can carry out `kind`.
    pub fn supports(&self, kind: ActionKind) -> bool {
        match self {
            ActionTarget::Embedded | ActionTarget::Http { .. } => true,
            ActionTarget::Shopify { .. } => matches!(kind, ActionKind::Cancel | ActionKind::Address),
            ActionTarget::Marketplace(Marketplace::Shopee | Marketplace::Lazada | Marketplace::Tiktok) => {
                kind == ActionKind::Cancel
            }
            ActionTarget::Marketplace(Marketplace::Ebay | Marketplace::Aliexpress) | ActionTarget::None => false,
        }
    }
}

impl super::Shop {
    /// Where an action asked in `conversation` goes: the marketplace the buyer writes from, else
    /// the shop's `[orders]`.
    pub fn action_target_for(&self, conversation: &crate::domain::ConversationId) -> ActionTarget {
        match Marketplace::of(conversation) {
            Some(marketplace) => ActionTarget::Marketplace(marketplace),
            None => self.action_target.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::domain::{ActionKind, ActionMode, ShopId};
    use crate::shop::{ActionTarget, parse_shop_toml};

    fn parse(body: &str) -> Result<crate::shop::Shop, String> {
        let text = format!("name = \"S\"\ndefault_language = \"en\"\n{body}");
        parse_shop_toml(ShopId::parse("s").unwrap(), &text, Path::new(".")).map_err(|e| e.to_string())
    }

    #[test]
    fn actions_are_off_unless_the_shop_turns_them_on_and_bad_settings_are_named() {
        let shop = parse("").unwrap();
        assert!(ActionKind::ALL.iter().all(|k| shop.actions.mode(*k) == ActionMode::Off));
        assert_eq!(shop.action_target, ActionTarget::Embedded);
        let shop = parse("[returns]\nwindow_days = 30\n[actions]\ncancel = \"auto\"\nreturn = \"approve\"\nreturn_days = 14\nmax_auto_amount = 50\n")
            .unwrap();
        assert_eq!(
            (shop.actions.cancel, shop.actions.return_, shop.actions.return_days),
            (ActionMode::Auto, ActionMode::Approve, Some(14))
        );
        for (body, key) in [
            ("[actions]\ncancel = \"always\"\n", "cancel"),
            ("[actions]\ncancel = \"auto\"\nmax_auto_amount = -1\n", "max_auto_amount"),
            ("[actions]\ncancel = \"auto\"\nmax_auto_amount = nan\n", "max_auto_amount"),
            ("[actions]\ncancel = \"auto\"\napproval_expires = \"5s\"\n", "approval_expires"),
            ("[actions]\ncancel = \"auto\"\ncancel_statuses = [\"shipped\"]\n", "cancel_statuses"),
            ("[actions]\ncancel = \"auto\"\ncancel_statuses = [\"teleported\"]\n", "teleported"),
            ("[returns]\nwindow_days = 14\n[actions]\nreturn = \"auto\"\nreturn_days = 60\n", "return_days"),
            ("[actions]\nexchange = \"auto\"\n", "window_days"),
            ("[actions]\ncancel = \"auto\"\nrefund_everything = true\n", "refund_everything"),
            (
                "[orders]\nsource = \"http\"\nurl = \"https://o.example/{order_id}\"\n[actions]\ncancel = \"auto\"\n",
                "actions_url",
            ),
            ("[orders]\nactions_url = \"https://o.example/orders/{order_id}\"\n", "{action}"),
            ("[orders]\nactions_url = \"file:///etc/{order_id}/{action}\"\n", "actions_url"),
        ] {
            let error = parse(body).expect_err(body);
            assert!(error.contains(key), "{body}: {error}");
        }
        let api =
            parse("[orders]\nactions_url = \"https://o.example/orders/{order_id}/{action}\"\ntoken = \"orders\"\n")
                .unwrap();
        assert!(matches!(api.action_target, ActionTarget::Http { .. }));
    }
}
