//! The `ActionStore` port: every action a buyer confirmed, by shop and idempotency key — what
//! was asked, who decided, what happened. The console's approval cards and
//! `GET /v1/admin/shops/{shop}/actions` read it; a retry reads it to act once. `storage::sled`
//! is the embedded adapter.

use serde::{Deserialize, Serialize};

use crate::domain::StorageError;
use crate::domain::{AgentRef, ConversationId, Language, Proposal, ShopId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionState {
    /// Waiting for a person of the shop to approve or reject it.
    AwaitingApproval,
    /// Decided; being carried out (a crash here is finished by the next attempt, same key).
    Executing,
    Done,
    /// The shop's system refused it (its words in `error`).
    Failed,
    /// The rules no longer allowed it when it came to be carried out.
    Refused,
    /// A person of the shop rejected it.
    Rejected,
    /// It waited for approval longer than the shop's `approval_expires`.
    Expired,
}

impl ActionState {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionState::AwaitingApproval => "awaiting_approval",
            ActionState::Executing => "executing",
            ActionState::Done => "done",
            ActionState::Failed => "failed",
            ActionState::Refused => "refused",
            ActionState::Rejected => "rejected",
            ActionState::Expired => "expired",
        }
    }
}

/// One confirmed action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionRecord {
    pub shop: ShopId,
    pub conversation: ConversationId,
    /// The key, the action with its exact arguments, and what it moves.
    pub proposal: Proposal,
    /// The buyer's language, to tell them the outcome of an approval.
    pub language: Language,
    pub state: ActionState,
    /// When the buyer confirmed it (Unix ms).
    pub created_ms: u64,
    pub updated_ms: u64,
    /// Calls made to the order's system for it.
    #[serde(default)]
    pub attempts: u32,
    /// The person who approved or rejected it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<AgentRef>,
    /// What the shop's system or the rules said when it was not done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[async_trait::async_trait]
pub trait ActionStore: Send + Sync {
    /// Stores `record` unless its key is stored already; returns what is stored under the key.
    async fn insert_action(&self, record: &ActionRecord) -> Result<ActionRecord, StorageError>;
    /// Replaces the record if its state is still `expected` (compare-and-set); `false` when it
    /// changed meanwhile.
    async fn update_action(&self, record: &ActionRecord, expected: ActionState) -> Result<bool, StorageError>;
    async fn action(&self, shop: &ShopId, key: &str) -> Result<Option<ActionRecord>, StorageError>;
    /// The shop's actions, newest first, at most `limit`.
    async fn actions(&self, shop: &ShopId, limit: usize) -> Result<Vec<ActionRecord>, StorageError>;
    /// Removes the actions of one conversation (a buyer's erasure).
    async fn erase_conversation_actions(
        &self,
        shop: &ShopId,
        conversation: &ConversationId,
    ) -> Result<usize, StorageError>;
    /// Removes every action of the shop (the shop's deletion).
    async fn erase_shop_actions(&self, shop: &ShopId) -> Result<usize, StorageError>;
}
