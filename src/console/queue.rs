//! The hand-off queue of an agent's shops, and a conversation opened or exported.

use super::store::Agent;
use super::{CONVERSATION_ENTRIES, Console, ConsoleError, ConversationScope};
use crate::conversation::log::ConversationMeta;
use crate::domain::{AgentRef, ConversationId, ConversationKey, Entry, EntryBody, Language, Owner, ShopId, Ticket};

/// Buyer and bot entries shown with a queue item.
const QUEUE_PREVIEW: usize = 3;

/// A conversation in the queue, as the console lists it.
#[derive(Debug, Clone)]
pub struct QueueItem {
    pub shop: ShopId,
    /// Where the buyer writes from: `widget` or a platform (`generic`, `shopee` …).
    pub channel: &'static str,
    pub ticket: Ticket,
    pub last_messages: Vec<Preview>,
}

#[derive(Debug, Clone)]
pub struct Preview {
    pub seq: u64,
    pub role: &'static str,
    pub text: String,
}

/// An opened conversation.
#[derive(Debug, Clone)]
pub struct ConversationView {
    pub shop: ShopId,
    pub conversation: ConversationId,
    pub channel: &'static str,
    pub owner: Owner,
    pub claimed_by: Option<AgentRef>,
    pub buyer_language: Option<Language>,
    pub translation: &'static str,
    pub entries: Vec<Entry>,
}

impl Console {
    /// The queue of every shop the agent serves, oldest hand-off first.
    pub async fn queue(&self, agent: &Agent) -> Result<Vec<QueueItem>, ConsoleError> {
        let mut items = Vec::new();
        for shop in &agent.shops {
            if self.conversations.shop(shop).is_none() {
                continue;
            }
            for ticket in self.conversations.handoffs(shop).await? {
                items.push(self.item(shop, ticket).await?);
            }
        }
        items.sort_by_key(|item| item.ticket.at_ms);
        Ok(items)
    }

    /// A queue item for `ticket`, with the last messages.
    pub async fn item(&self, shop: &ShopId, ticket: Ticket) -> Result<QueueItem, ConsoleError> {
        let key = ConversationKey { shop: shop.clone(), id: ticket.conversation.clone() };
        let recent = self.conversations.recent(&key, 12).await?;
        let mut last_messages: Vec<Preview> = recent
            .iter()
            .rev()
            .filter_map(|entry| match &entry.body {
                EntryBody::Buyer { text, .. } => Some(Preview { seq: entry.seq, role: "buyer", text: text.clone() }),
                EntryBody::Bot { text, .. } => Some(Preview { seq: entry.seq, role: "bot", text: text.clone() }),
                EntryBody::Agent { text, .. } => Some(Preview { seq: entry.seq, role: "agent", text: text.clone() }),
                EntryBody::Handoff { .. }
                | EntryBody::Note { .. }
                | EntryBody::Claimed { .. }
                | EntryBody::Resolved { .. } => None,
            })
            .take(QUEUE_PREVIEW)
            .collect();
        last_messages.reverse();
        Ok(QueueItem { shop: shop.clone(), channel: channel_of(&ticket.conversation), ticket, last_messages })
    }

    /// The whole conversation (its last `CONVERSATION_ENTRIES` entries). Audited as a read.
    #[tracing::instrument(skip_all, fields(shop = %scope.key().shop, conversation = %scope.key().id, agent = %scope.agent().id))]
    pub async fn conversation(&self, scope: &ConversationScope) -> Result<ConversationView, ConsoleError> {
        let (agent, key) = (scope.agent(), scope.key());
        let meta = self.existing(key).await?;
        let entries = self.conversations.recent(key, CONVERSATION_ENTRIES).await?;
        self.audit(agent, &key.shop, "read", Some(&key.id), None).await?;
        self.view(key.clone(), meta, entries).await
    }

    /// A transcript of the conversation, for the agent to keep. Audited as an export.
    #[tracing::instrument(skip_all, fields(shop = %scope.key().shop, conversation = %scope.key().id, agent = %scope.agent().id))]
    pub async fn export(&self, scope: &ConversationScope) -> Result<ConversationView, ConsoleError> {
        let (agent, key) = (scope.agent(), scope.key());
        let meta = self.existing(key).await?;
        let entries = self.conversations.entries_after(key, 0, usize::MAX).await?;
        self.audit(agent, &key.shop, "export", Some(&key.id), Some(format!("{} entries", entries.len()))).await?;
        self.view(key.clone(), meta, entries).await
    }

    async fn view(
        &self,
        key: ConversationKey,
        meta: ConversationMeta,
        entries: Vec<Entry>,
    ) -> Result<ConversationView, ConsoleError> {
        let ticket = self.conversations.ticket(&key).await?;
        Ok(ConversationView {
            buyer_language: self.buyer_language(&key, &entries, &meta),
            channel: channel_of(&key.id),
            shop: key.shop,
            conversation: key.id,
            owner: meta.owner,
            claimed_by: ticket.and_then(|t| t.claimed_by),
            translation: if self.translator.is_some() { "available" } else { "unavailable" },
            entries,
        })
    }
}

/// Where a conversation's buyer writes from: a channel's conversations are named after their
/// platform (`generic.c-42`), the widget's are not.
fn channel_of(conversation: &ConversationId) -> &'static str {
    let prefix = conversation.as_str().split_once('.').map(|(p, _)| p);
    prefix.and_then(crate::channels::Platform::parse).map_or("widget", crate::channels::Platform::as_str)
}
