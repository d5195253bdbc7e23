//! Carrying out the actions on orders buyers confirm (the pipeline's `OrderActions` port), and
//! the shop's decisions on those that wait for approval. Every confirmed action is recorded
//! first (`ActionStore`, by its idempotency key), then checked against the rules again with the
//! order as it is now, then sent once to where the shop's orders live (`Destination`: kefu's
//! own copy of orders.jsonl, the shop's API …) with the same key on every attempt. A key seen
//! before returns what happened then.

pub mod embedded;
pub mod store;

use std::sync::Arc;

use crate::domain::{AgentRef, OrderAction, ShopId};
use crate::knowledge::Order;
use crate::pipeline::actions::policy::{self, Refusal};
use crate::pipeline::actions::{Acted, Confirmed, OrderActions};
use crate::pipeline::{ShopFacts, StageError};
use crate::shop::{ActionTarget, Marketplace, Shop};

pub use embedded::{OrderRecords, OwnOrders};
use store::{ActionRecord, ActionState, ActionStore};

/// Where a shop's confirmed actions are carried out.
#[async_trait::async_trait]
pub trait Destination: Send + Sync {
    /// Carries out `action` on `order` once per `key`: a retry with the same key changes
    /// nothing more.
    async fn apply(&self, shop: &Shop, order: &Order, action: &OrderAction, key: &str) -> Result<(), DestinationError>;
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DestinationError {
    /// The order's system said no (its words).
    #[error("the shop's system refused the action: {0}")]
    Refused(String),
    /// It could not be reached, or failed; whether the action happened is not known.
    #[error("the shop's system could not be reached: {0}")]
    Unreachable(String),
}

/// Why a decision on an action waiting for approval could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DecisionError {
    #[error("no such action")]
    NotFound,
    #[error("the action is {0}: it is not waiting for a decision")]
    NotWaiting(&'static str),
    #[error(transparent)]
    Stage(#[from] StageError),
}

/// Where each kind of `ActionTarget` is carried out (`app.rs` names the adapters).
pub struct Destinations {
    pub embedded: Arc<dyn Destination>,
    pub http: Arc<dyn Destination>,
    pub shopify: Arc<dyn Destination>,
    pub shopee: Arc<dyn Destination>,
    pub lazada: Arc<dyn Destination>,
    pub tiktok: Arc<dyn Destination>,
}

pub struct Actions {
    store: Arc<dyn ActionStore>,
    facts: Arc<dyn ShopFacts>,
    destinations: Destinations,
}

impl Actions {
    pub fn new(store: Arc<dyn ActionStore>, facts: Arc<dyn ShopFacts>, destinations: Destinations) -> Actions {
        Actions { store, facts, destinations }
    }

    /// The shop's actions, newest first; one waiting for approval past the shop's
    /// `approval_expires` shows as expired.
    pub async fn list(&self, shop: &Shop, limit: usize, now: jiff::Timestamp) -> Result<Vec<ActionRecord>, StageError> {
        let mut records = self.store.actions(&shop.id, limit).await.map_err(storage)?;
        for record in &mut records {
            if record.state == ActionState::AwaitingApproval && expired(shop, record, now) {
                record.state = ActionState::Expired;
            }
        }
        Ok(records)
    }

    pub async fn record(&self, shop: &ShopId, key: &str) -> Result<Option<ActionRecord>, StageError> {
        self.store.action(shop, key).await.map_err(storage)
    }

    /// A person of the shop approves the action `key`: it is checked against the rules again
    /// and carried out once. Also retries an action whose system did not answer (same key).
    pub async fn approve(
        &self,
        shop: &Shop,
        key: &str,
        agent: AgentRef,
        now: jiff::Timestamp,
    ) -> Result<(ActionRecord, Acted), DecisionError> {
        let mut record = self.store.action(&shop.id, key).await.map_err(storage)?.ok_or(DecisionError::NotFound)?;
        let was = record.state;
        match was {
            ActionState::AwaitingApproval if expired(shop, &record, now) => {
                record.state = ActionState::Expired;
                record.updated_ms = millis(now);
                self.store.update_action(&record, was).await.map_err(storage)?;
                return Err(DecisionError::NotWaiting(ActionState::Expired.as_str()));
            }
            ActionState::AwaitingApproval | ActionState::Executing => {}
            other @ (ActionState::Done
            | ActionState::Failed
            | ActionState::Refused
            | ActionState::Rejected
            | ActionState::Expired) => return Err(DecisionError::NotWaiting(other.as_str())),
        }
        record.state = ActionState::Executing;
        record.decided_by = Some(agent);
        record.updated_ms = millis(now);
        if !self.store.update_action(&record, was).await.map_err(storage)? {
            return Err(DecisionError::NotWaiting("being decided by someone else"));
        }
        let acted = self.execute(shop, &mut record, now).await?;
        Ok((record, acted))
    }

    /// A person of the shop rejects the action `key`: nothing is changed.
    pub async fn reject(
        &self,
        shop: &Shop,
        key: &str,
        agent: AgentRef,
        now: jiff::Timestamp,
    ) -> Result<ActionRecord, DecisionError> {
        let mut record = self.store.action(&shop.id, key).await.map_err(storage)?.ok_or(DecisionError::NotFound)?;
        if record.state != ActionState::AwaitingApproval {
            return Err(DecisionError::NotWaiting(record.state.as_str()));
        }
        record.state = ActionState::Rejected;
        record.decided_by = Some(agent);
        record.updated_ms = millis(now);
        if !self.store.update_action(&record, ActionState::AwaitingApproval).await.map_err(storage)? {
            return Err(DecisionError::NotWaiting("being decided by someone else"));
        }
        Ok(record)
    }

    /// Checks the rules with the order as it is now (on the first attempt only: a retry after
    /// a crash or a silent system repeats the call, with the same key), then calls the
    /// destination and records what happened.
    async fn execute(&self, shop: &Shop, record: &mut ActionRecord, now: jiff::Timestamp) -> Result<Acted, StageError> {
        let action = record.proposal.action.clone();
        let order = self.facts.order(shop, &action.order_id).await?;
        let first = record.attempts == 0;
        let checked = match &order {
            None => Err(Refusal::NotAllowed),
            Some(_) if !first => Ok(()),
            Some(order) => {
                let catalogue = self.facts.catalogue(&shop.id);
                let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
                policy::check(shop, order, &action, &catalogue, today).map(|_| ())
            }
        };
        let (Ok(()), Some(order)) = (checked.clone(), order) else {
            let refusal = checked.err().unwrap_or(Refusal::NotAllowed);
            self.finish(record, ActionState::Refused, Some(format!("{refusal:?}")), now).await?;
            return Ok(Acted::Refused(refusal));
        };
        let destination = match shop.action_target_for(&record.conversation) {
            ActionTarget::Embedded => &self.destinations.embedded,
            ActionTarget::Http { .. } => &self.destinations.http,
            ActionTarget::Shopify { .. } => &self.destinations.shopify,
            ActionTarget::Marketplace(Marketplace::Shopee) => &self.destinations.shopee,
            ActionTarget::Marketplace(Marketplace::Lazada) => &self.destinations.lazada,
            ActionTarget::Marketplace(Marketplace::Tiktok) => &self.destinations.tiktok,
            ActionTarget::Marketplace(Marketplace::Ebay | Marketplace::Aliexpress) | ActionTarget::None => {
                self.finish(record, ActionState::Refused, Some("no destination".into()), now).await?;
                return Ok(Acted::Refused(Refusal::NotAllowed));
            }
        };
        record.attempts += 1;
        record.updated_ms = millis(now);
        self.store.update_action(record, ActionState::Executing).await.map_err(storage)?;
        let key = record.proposal.key.clone();
        let span = tracing::info_span!("order_action", shop = %shop.id, action = action.kind.as_str(), attempt = record.attempts);
        let applied = tracing::Instrument::instrument(destination.apply(shop, &order, &action, &key), span).await;
        match applied {
            Ok(()) => {
                self.finish(record, ActionState::Done, None, now).await?;
                tracing::info!(shop = %shop.id, action = action.kind.as_str(), "order action done");
                Ok(Acted::Done)
            }
            Err(DestinationError::Refused(message)) => {
                self.finish(record, ActionState::Failed, Some(message.clone()), now).await?;
                Ok(Acted::Failed(message))
            }
            Err(DestinationError::Unreachable(message)) => {
                // Still executing: whether it happened is unknown; a retry uses the same key.
                tracing::warn!(shop = %shop.id, action = action.kind.as_str(), error.message = %message,
                    "the order's system did not answer an action; a person can retry it");
                record.error = Some(message);
                self.store.update_action(record, ActionState::Executing).await.map_err(storage)?;
                Ok(Acted::Unreachable)
            }
        }
    }

    async fn finish(
        &self,
        record: &mut ActionRecord,
        state: ActionState,
        error: Option<String>,
        now: jiff::Timestamp,
    ) -> Result<(), StageError> {
        let was = record.state;
        record.state = state;
        record.error = error;
        record.updated_ms = millis(now);
        self.store.update_action(record, was).await.map_err(storage)?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl OrderActions for Actions {
    async fn confirmed(&self, confirmed: Confirmed<'_>) -> Result<Acted, StageError> {
        let now = millis(confirmed.now);
        let fresh = ActionRecord {
            shop: confirmed.shop.id.clone(),
            conversation: confirmed.conversation.clone(),
            proposal: confirmed.proposal.clone(),
            language: confirmed.language.clone(),
            state: if confirmed.approval { ActionState::AwaitingApproval } else { ActionState::Executing },
            created_ms: now,
            updated_ms: now,
            attempts: 0,
            decided_by: None,
            error: None,
        };
        let mut record = self.store.insert_action(&fresh).await.map_err(storage)?;
        if record.shop != confirmed.shop.id || record.proposal.action != confirmed.proposal.action {
            // A key is bound to its exact arguments.
            return Ok(Acted::Refused(Refusal::NotAllowed));
        }
        Ok(match record.state {
            ActionState::AwaitingApproval => Acted::AwaitingApproval,
            ActionState::Executing => self.execute(confirmed.shop, &mut record, confirmed.now).await?,
            ActionState::Done => Acted::Done,
            ActionState::Failed => Acted::Failed(record.error.unwrap_or_default()),
            ActionState::Refused | ActionState::Rejected | ActionState::Expired => Acted::Refused(Refusal::NotAllowed),
        })
    }
}

fn expired(shop: &Shop, record: &ActionRecord, now: jiff::Timestamp) -> bool {
    let limit = shop.actions.approval_expires.as_millis() as u64;
    millis(now).saturating_sub(record.created_ms) > limit
}

fn millis(at: jiff::Timestamp) -> u64 {
    u64::try_from(at.as_millisecond()).unwrap_or(0)
}

fn storage(err: crate::domain::StorageError) -> StageError {
    StageError::failed("actions", err)
}

#[cfg(test)]
mod tests;
