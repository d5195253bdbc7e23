//! The console's storage port: agent accounts, sessions, the audit log and translations.
//! `storage::sled` is the embedded adapter.

use serde::{Deserialize, Serialize};

use crate::domain::StorageError;
use crate::domain::{ConversationKey, Language, Review, ShopId, Verdict};

/// What an agent may do. Every role is limited to the agent's shops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Answers the hand-off queue.
    Agent,
    /// Also manages the shop's canned replies and reads its audit log.
    ShopAdmin,
}

impl Role {
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "agent" => Some(Role::Agent),
            "shop_admin" => Some(Role::ShopAdmin),
            _ => None,
        }
    }
}

/// A person who answers buyers in the console.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agent {
    /// Lower-case letters, digits and `-`; chosen by the operator.
    pub id: String,
    pub name: String,
    /// Lower-cased; unique.
    pub email: String,
    /// An argon2id PHC string.
    pub password_hash: String,
    pub role: Role,
    /// The language the agent reads and writes.
    pub language: Language,
    pub shops: Vec<ShopId>,
    pub created_at_ms: u64,
    /// A disabled agent cannot log in, and their sessions end.
    #[serde(default)]
    pub disabled: bool,
    /// When the account last changed (password, role, shops, disabled): sessions issued before
    /// it end.
    #[serde(default)]
    pub changed_at_ms: u64,
}

impl Agent {
    pub fn serves(&self, shop: &ShopId) -> bool {
        self.shops.contains(shop)
    }
}

/// A logged-in session, stored under the SHA-256 of its token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub agent: String,
    pub expires_at_ms: u64,
    #[serde(default)]
    pub issued_at_ms: u64,
}

/// One agent action, kept per shop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub at_ms: u64,
    pub shop: ShopId,
    pub agent: String,
    /// `login`, `read`, `claim`, `reply`, `note`, `transfer`, `resolve`, `translate`, …
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// A key a shop's own systems use for the shop's admin endpoints (ingest, hand-off queue),
/// stored under its SHA-256.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiKey {
    pub shop: ShopId,
    pub label: String,
    pub created_at_ms: u64,
    /// After this the key opens nothing; `None`: until revoked.
    #[serde(default)]
    pub expires_at_ms: Option<u64>,
}

/// A key as the operator lists it: never the key, only the first characters of its hash (its
/// id, to revoke it by).
#[derive(Debug, Clone, PartialEq)]
pub struct ListedKey {
    pub id: String,
    pub key: ApiKey,
}

/// A shop's canned reply; `text` may hold variables (`{order_id}` …, docs/console.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Canned {
    pub id: String,
    pub title: String,
    pub text: String,
}

#[async_trait::async_trait]
pub trait ConsoleStore: Send + Sync {
    /// Creates or replaces an agent (by id); an e-mail another agent has is refused.
    async fn put_agent(&self, agent: &Agent) -> Result<(), AgentError>;
    async fn agent(&self, id: &str) -> Result<Option<Agent>, StorageError>;
    async fn agent_by_email(&self, email: &str) -> Result<Option<Agent>, StorageError>;
    async fn agents(&self) -> Result<Vec<Agent>, StorageError>;

    async fn put_session(&self, token_hash: &str, session: &Session) -> Result<(), StorageError>;
    async fn session(&self, token_hash: &str) -> Result<Option<Session>, StorageError>;
    async fn delete_session(&self, token_hash: &str) -> Result<(), StorageError>;

    /// Appends to the audit log (durable when it returns).
    async fn audit(&self, record: &AuditRecord) -> Result<(), StorageError>;
    /// The shop's audit records, newest first, at most `limit`.
    async fn audit_log(&self, shop: &ShopId, limit: usize) -> Result<Vec<AuditRecord>, StorageError>;

    /// The shop's canned replies, by title.
    async fn canned(&self, shop: &ShopId) -> Result<Vec<Canned>, StorageError>;
    async fn put_canned(&self, shop: &ShopId, canned: &Canned) -> Result<(), StorageError>;
    /// Whether there was one to delete.
    async fn delete_canned(&self, shop: &ShopId, id: &str) -> Result<bool, StorageError>;

    /// The shop's unsure bot answers (`Review`), newest first, at most `limit`.
    async fn reviews(&self, shop: &ShopId, limit: usize) -> Result<Vec<Review>, StorageError>;
    /// Records a verdict; `false` when there is no such review.
    async fn set_verdict(
        &self,
        shop: &ShopId,
        conversation: &str,
        seq: u64,
        verdict: Verdict,
    ) -> Result<bool, StorageError>;

    async fn put_api_key(&self, key_hash: &str, key: &ApiKey) -> Result<(), StorageError>;
    /// The shop's keys, by the first 12 characters of their hash.
    async fn api_keys(&self, shop: &ShopId) -> Result<Vec<ListedKey>, StorageError>;
    /// Revokes the shop's key whose hash starts with `id`; `false` when it has none.
    async fn delete_api_key(&self, shop: &ShopId, id: &str) -> Result<bool, StorageError>;
    /// Deletes an agent (their sessions end with them); `false` when there is none.
    async fn delete_agent(&self, id: &str) -> Result<bool, StorageError>;
    async fn api_key(&self, key_hash: &str) -> Result<Option<ApiKey>, StorageError>;

    /// The cached translation of entry `seq` of a conversation into `to`.
    async fn translation(&self, of: &ConversationKey, seq: u64, to: &Language) -> Result<Option<String>, StorageError>;
    async fn put_translation(
        &self,
        of: &ConversationKey,
        seq: u64,
        to: &Language,
        text: &str,
    ) -> Result<(), StorageError>;
    /// Removes every cached translation of a conversation (its erasure); how many.
    async fn erase_translations(&self, of: &ConversationKey) -> Result<usize, StorageError>;
    /// Removes the shop's translations cached before `before_ms` (its retention); how many.
    async fn prune_translations(&self, shop: &ShopId, before_ms: u64) -> Result<usize, StorageError>;
    /// Removes everything of the shop — keys, canned replies, audit records, reviews,
    /// translations — and the shop from every agent's list (their sessions end); how many rows.
    async fn erase_shop(&self, shop: &ShopId) -> Result<usize, StorageError>;
}

#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    #[error("another agent ({0}) already has this e-mail address")]
    EmailTaken(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}
