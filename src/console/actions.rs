//! What an agent does in a conversation: claim it, reply (translated into the buyer's language),
//! write a note, transfer the claim, resolve it back to the bot, and read the buyer's messages
//! translated into their own language. Each is audited.

use std::collections::BTreeMap;

use super::{
    CONVERSATION_ENTRIES, Console, ConsoleError, ConversationScope, Translator, agent_ref, any_language, checked_text,
};
use crate::domain::{AgentRef, EntryBody, Language, ShopId};
use crate::pipeline::grounding;

/// What the buyer received.
#[derive(Debug, Clone)]
pub struct Sent {
    pub seq: u64,
    pub text: String,
    pub language: Language,
    pub original: String,
}

impl Console {
    /// The buyer's messages in the agent's language (those already in it are left out).
    /// Translations are cached.
    #[tracing::instrument(skip_all, fields(shop = %scope.key().shop, conversation = %scope.key().id, agent = %scope.agent().id))]
    pub async fn translate(&self, scope: &ConversationScope) -> Result<BTreeMap<u64, String>, ConsoleError> {
        let (agent, key) = (scope.agent(), scope.key());
        self.existing(key).await?;
        let translator = self.translator.as_ref().ok_or(ConsoleError::TranslationUnavailable)?;
        let entries = self.conversations.recent(key, CONVERSATION_ENTRIES).await?;
        let mut out = BTreeMap::new();
        for entry in &entries {
            let EntryBody::Buyer { text, .. } = &entry.body else { continue };
            if text.trim().is_empty() || self.written_in(text, &agent.language) {
                continue;
            }
            let translated = match self.store.translation(key, entry.seq, &agent.language).await? {
                Some(cached) => cached,
                None => {
                    let translated =
                        self.checked_translation(translator.as_ref(), &key.shop, text, &agent.language).await?;
                    self.store.put_translation(key, entry.seq, &agent.language, &translated).await?;
                    translated
                }
            };
            out.insert(entry.seq, translated);
        }
        self.audit(agent, &key.shop, "translate", Some(&key.id), None).await?;
        Ok(out)
    }

    /// A translation that keeps every number of the original and is in the target language.
    async fn checked_translation(
        &self,
        translator: &dyn Translator,
        shop: &ShopId,
        text: &str,
        to: &Language,
    ) -> Result<String, ConsoleError> {
        let translated =
            translator.translate(shop, text, to).await.map_err(|e| ConsoleError::TranslationFailed(e.to_string()))?;
        let facts = grounding::Facts::new([text]);
        facts.claims(&translated).map_err(|e| ConsoleError::TranslationFailed(e.to_string()))?;
        grounding::in_language(&translated, to, self.detector.as_ref(), &any_language(to))
            .map_err(|e| ConsoleError::TranslationFailed(e.to_string()))?;
        Ok(translated)
    }

    /// Whether `text` is in `language`, among all languages (not only a shop's).
    fn written_in(&self, text: &str, language: &Language) -> bool {
        grounding::in_language(text, language, self.detector.as_ref(), &any_language(language)).is_ok()
    }

    /// Takes a queued conversation. Taking one's own again is fine; someone else's is refused.
    #[tracing::instrument(skip_all, fields(shop = %scope.key().shop, conversation = %scope.key().id, agent = %scope.agent().id))]
    pub async fn claim(&self, scope: &ConversationScope) -> Result<AgentRef, ConsoleError> {
        let (agent, key) = (scope.agent(), scope.key());
        let ticket = self.conversations.ticket(key).await?.ok_or(ConsoleError::NotQueued)?;
        let me = agent_ref(agent);
        match ticket.claimed_by {
            Some(holder) if holder.id == agent.id => return Ok(holder),
            Some(holder) => return Err(ConsoleError::AlreadyClaimed(holder)),
            None => {}
        }
        self.conversations.record(key, EntryBody::Claimed { agent: me.clone(), from: None }).await?;
        self.audit(agent, &key.shop, "claim", Some(&key.id), None).await?;
        Ok(me)
    }

    /// Hands the claim to another agent of the shop.
    #[tracing::instrument(skip_all, fields(shop = %scope.key().shop, conversation = %scope.key().id, agent = %scope.agent().id))]
    pub async fn transfer(&self, scope: &ConversationScope, to: &str) -> Result<AgentRef, ConsoleError> {
        let (agent, key) = (scope.agent(), scope.key());
        let target = self.store.agent(to).await?.filter(|a| a.serves(&key.shop)).ok_or(ConsoleError::NotFound)?;
        self.holding(agent, key).await?;
        let to = agent_ref(&target);
        let body = EntryBody::Claimed { agent: to.clone(), from: Some(agent_ref(agent)) };
        self.conversations.record(key, body).await?;
        self.audit(agent, &key.shop, "transfer", Some(&key.id), Some(target.id.clone())).await?;
        Ok(to)
    }

    /// Sends the agent's reply to the buyer, translated into the buyer's language unless
    /// `translate` is false. Only the agent holding the claim may reply.
    #[tracing::instrument(skip_all, fields(shop = %scope.key().shop, conversation = %scope.key().id, agent = %scope.agent().id))]
    pub async fn reply(&self, scope: &ConversationScope, text: &str, translate: bool) -> Result<Sent, ConsoleError> {
        let (agent, key) = (scope.agent(), scope.key());
        let original = checked_text(text)?;
        let meta = self.existing(key).await?;
        self.holding(agent, key).await?;
        let entries = self.conversations.recent(key, CONVERSATION_ENTRIES).await?;
        let buyer = self.buyer_language(key, &entries, &meta).unwrap_or_else(|| agent.language.clone());
        let (sent, language) = if !translate || buyer.primary() == agent.language.primary() {
            let language = if translate { buyer } else { agent.language.clone() };
            (original.clone(), language)
        } else {
            let translator = self.translator.as_ref().ok_or(ConsoleError::TranslationUnavailable)?;
            (self.checked_translation(translator.as_ref(), &key.shop, &original, &buyer).await?, buyer)
        };
        let body = EntryBody::Agent {
            agent: agent_ref(agent),
            text: sent.clone(),
            language: language.clone(),
            original: original.clone(),
        };
        let entry = self.conversations.record(key, body).await?;
        self.audit(agent, &key.shop, "reply", Some(&key.id), Some(format!("seq {}", entry.seq))).await?;
        Ok(Sent { seq: entry.seq, text: sent, language, original })
    }

    /// An internal note on the conversation.
    #[tracing::instrument(skip_all, fields(shop = %scope.key().shop, conversation = %scope.key().id, agent = %scope.agent().id))]
    pub async fn note(&self, scope: &ConversationScope, text: &str) -> Result<u64, ConsoleError> {
        let (agent, key) = (scope.agent(), scope.key());
        let text = checked_text(text)?;
        self.existing(key).await?;
        let entry = self.conversations.record(key, EntryBody::Note { agent: agent_ref(agent), text }).await?;
        self.audit(agent, &key.shop, "note", Some(&key.id), None).await?;
        Ok(entry.seq)
    }

    /// Gives the conversation back to the bot. The agent holding the claim, or anyone while
    /// nobody holds it, may resolve.
    #[tracing::instrument(skip_all, fields(shop = %scope.key().shop, conversation = %scope.key().id, agent = %scope.agent().id))]
    pub async fn resolve(&self, scope: &ConversationScope) -> Result<u64, ConsoleError> {
        let (agent, key) = (scope.agent(), scope.key());
        let ticket = self.conversations.ticket(key).await?.ok_or(ConsoleError::NotQueued)?;
        if let Some(holder) = ticket.claimed_by.filter(|h| h.id != agent.id) {
            return Err(ConsoleError::AlreadyClaimed(holder));
        }
        let entry = self.conversations.record(key, EntryBody::Resolved { agent: agent_ref(agent) }).await?;
        self.audit(agent, &key.shop, "resolve", Some(&key.id), None).await?;
        Ok(entry.seq)
    }
}
