//! The shop's decisions on actions buyers confirmed that wait for its approval
//! (docs/actions.md): the cards the console lists, Confirm and Reject. A decision is the
//! `actions` use case's (checked again, carried out once, bound to its key); here it is also
//! audited, and the buyer is told the outcome in their language, in their conversation.

use super::{Console, ConsoleError, ShopScope, agent_ref};
use crate::actions::store::ActionRecord;
use crate::actions::{Actions, DecisionError};
use crate::domain::{ConversationKey, now_ms};
use crate::pipeline::actions::{Acted, done_text, intent_of, refusal_text};
use crate::wording::Arg;

/// Most actions one card list shows.
const LISTED: usize = 200;

impl Console {
    /// The shop's confirmed actions, newest first: those awaiting approval are the cards.
    #[tracing::instrument(skip_all, fields(shop = %scope.shop(), agent = %scope.agent().id))]
    pub async fn actions(&self, scope: &ShopScope) -> Result<Vec<ActionRecord>, ConsoleError> {
        let (actions, settings) = self.actions_of(scope.shop())?;
        actions.list(&settings, LISTED, jiff::Timestamp::now()).await.map_err(|e| ConsoleError::Storage(Box::new(e)))
    }

    /// Confirms (`approve`) or rejects the action `key`; any agent of the shop may decide, and
    /// the audit log says who did.
    #[tracing::instrument(skip_all, fields(shop = %scope.shop(), agent = %scope.agent().id))]
    pub async fn decide_action(
        &self,
        scope: &ShopScope,
        key: &str,
        approve: bool,
    ) -> Result<ActionRecord, ConsoleError> {
        let (agent, shop) = (scope.agent(), scope.shop());
        let (actions, settings) = self.actions_of(shop)?;
        let now = jiff::Timestamp::now();
        let templates = self.conversations.templates();
        let decided = if approve {
            actions.approve(&settings, key, agent_ref(agent), now).await.map(|(record, acted)| {
                let language = &record.language;
                let order = record.proposal.action.order_id.as_str();
                let text = match &acted {
                    Acted::Done => done_text(templates, language, &record.proposal),
                    Acted::Refused(refusal) => refusal_text(templates, language, order, refusal),
                    Acted::Failed(error) => templates.say(
                        language,
                        "action-failed",
                        &[("order", Arg::from(order)), ("error", error.as_str().into())],
                    ),
                    Acted::Unreachable | Acted::AwaitingApproval => {
                        templates.say(language, "action-unreachable", &[("order", order.into())])
                    }
                };
                (record, text)
            })
        } else {
            actions.reject(&settings, key, agent_ref(agent), now).await.map(|record| {
                let order = record.proposal.action.order_id.as_str();
                let text = templates.say(&record.language, "action-rejected", &[("order", order.into())]);
                (record, text)
            })
        };
        let (record, text) = match decided {
            Ok(decided) => decided,
            Err(DecisionError::NotFound) => return Err(ConsoleError::NotFound),
            Err(DecisionError::NotWaiting(state)) => {
                if state == "expired"
                    && let Some(record) =
                        actions.record(shop, key).await.map_err(|e| ConsoleError::Storage(Box::new(e)))?
                {
                    let order = record.proposal.action.order_id.as_str();
                    let text = templates.say(&record.language, "action-expired", &[("order", order.into())]);
                    self.tell(&record, text).await?;
                }
                return Err(ConsoleError::Invalid(format!("this action is {state}; nothing was done")));
            }
            Err(DecisionError::Stage(err)) => return Err(ConsoleError::Storage(Box::new(err))),
        };
        self.tell(&record, text).await?;
        let what = if approve { "action_approve" } else { "action_reject" };
        let detail = format!(
            "{} {} ({}): {}",
            record.proposal.action.kind.as_str(),
            record.proposal.action.order_id,
            record.proposal.key,
            record.state.as_str()
        );
        self.audit(agent, shop, what, Some(&record.conversation), Some(detail)).await?;
        Ok(record)
    }

    /// The buyer hears what the shop decided, in their conversation.
    async fn tell(&self, record: &ActionRecord, text: String) -> Result<(), ConsoleError> {
        let key = ConversationKey { shop: record.shop.clone(), id: record.conversation.clone() };
        let intent = intent_of(record.proposal.action.kind);
        match self.conversations.tell(&key, text, record.language.clone(), intent).await {
            Ok(_) => Ok(()),
            // An erased conversation has no one to tell.
            Err(err) => {
                tracing::warn!(shop = %record.shop, error.message = %err, at = now_ms(),
                    "the buyer could not be told an action's outcome");
                Ok(())
            }
        }
    }

    fn actions_of(
        &self,
        shop: &crate::domain::ShopId,
    ) -> Result<(&std::sync::Arc<Actions>, std::sync::Arc<crate::shop::Shop>), ConsoleError> {
        let actions = self.actions.as_ref().ok_or(ConsoleError::NotFound)?;
        let settings = self.conversations.shop(shop).ok_or(ConsoleError::NotFound)?;
        Ok((actions, settings))
    }
}
