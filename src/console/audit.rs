//! The shop's audit log: every action on a conversation, login and change of the shop's words,
//! with who did it and when.

use super::store::{Agent, AuditRecord, Role};
use super::{Console, ConsoleError, ShopScope};
use crate::domain::{ConversationId, ShopId, now_ms};

impl Console {
    /// The shop's audit log, newest first: shop admins only.
    #[tracing::instrument(skip_all, fields(shop = %scope.shop(), agent = %scope.agent().id))]
    pub async fn audit_log(&self, scope: &ShopScope) -> Result<Vec<AuditRecord>, ConsoleError> {
        if scope.agent().role != Role::ShopAdmin {
            return Err(ConsoleError::Forbidden);
        }
        Ok(self.store.audit_log(scope.shop(), 500).await?)
    }

    /// Records what `agent` did in `shop`'s audit log.
    pub(super) async fn audit(
        &self,
        agent: &Agent,
        shop: &ShopId,
        action: &str,
        conversation: Option<&ConversationId>,
        detail: Option<String>,
    ) -> Result<(), ConsoleError> {
        let record = AuditRecord {
            at_ms: now_ms(),
            shop: shop.clone(),
            agent: agent.id.clone(),
            action: action.to_owned(),
            conversation: conversation.map(|c| c.as_str().to_owned()),
            detail,
        };
        Ok(self.store.audit(&record).await?)
    }
}
