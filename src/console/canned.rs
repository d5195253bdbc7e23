//! The shop's own words for agents and the bot: canned replies (filled in for a conversation)
//! and answers saved as FAQ entries, which the bot answers from at once (the learning loop).

use super::store::{Canned, Role};
use super::{CONVERSATION_ENTRIES, Console, ConsoleError, ConversationScope, ShopScope, checked_text};
use crate::domain::now_ms;
use crate::knowledge::LearnedFaq;

impl Console {
    /// The shop's canned replies (templates, variables unfilled).
    #[tracing::instrument(skip_all, fields(shop = %scope.shop(), agent = %scope.agent().id))]
    pub async fn canned(&self, scope: &ShopScope) -> Result<Vec<Canned>, ConsoleError> {
        Ok(self.store.canned(scope.shop()).await?)
    }

    /// Adds a canned reply: shop admins only.
    #[tracing::instrument(skip_all, fields(shop = %scope.shop(), agent = %scope.agent().id))]
    pub async fn add_canned(&self, scope: &ShopScope, title: &str, text: &str) -> Result<Canned, ConsoleError> {
        let (agent, shop) = (scope.agent(), scope.shop());
        if agent.role != Role::ShopAdmin {
            return Err(ConsoleError::Forbidden);
        }
        let title = title.trim();
        if title.is_empty() || title.chars().count() > 120 {
            return Err(ConsoleError::Invalid("title: 1–120 characters".into()));
        }
        let canned = Canned {
            id: uuid::Uuid::new_v4().simple().to_string(),
            title: title.to_owned(),
            text: checked_text(text)?,
        };
        self.store.put_canned(shop, &canned).await?;
        self.audit(agent, shop, "canned_add", None, Some(canned.title.clone())).await?;
        Ok(canned)
    }

    #[tracing::instrument(skip_all, fields(shop = %scope.shop(), agent = %scope.agent().id))]
    pub async fn delete_canned(&self, scope: &ShopScope, id: &str) -> Result<(), ConsoleError> {
        let (agent, shop) = (scope.agent(), scope.shop());
        if agent.role != Role::ShopAdmin {
            return Err(ConsoleError::Forbidden);
        }
        if !self.store.delete_canned(shop, id).await? {
            return Err(ConsoleError::NotFound);
        }
        self.audit(agent, shop, "canned_delete", None, Some(id.to_owned())).await
    }

    /// The canned replies with this conversation's variables filled in: the order the
    /// conversation is about (its number, carrier, tracking number and link), the buyer's
    /// language and the agent's name. A variable the conversation does not know stays as written.
    #[tracing::instrument(skip_all, fields(shop = %scope.key().shop, conversation = %scope.key().id, agent = %scope.agent().id))]
    pub async fn canned_for(&self, scope: &ConversationScope) -> Result<Vec<Canned>, ConsoleError> {
        let (agent, key) = (scope.agent(), scope.key());
        let meta = self.existing(key).await?;
        let entries = self.conversations.recent(key, CONVERSATION_ENTRIES).await?;
        let mut values: Vec<(&str, String)> = vec![("agent_name", agent.name.clone())];
        if let Some(language) = self.buyer_language(key, &entries, &meta) {
            values.push(("buyer_language", language.as_str().to_owned()));
        }
        let order_id = entries.iter().rev().find_map(|e| e.body.notes().and_then(|n| n.slots.order_id.clone()));
        let shop_record = self.conversations.shop(&key.shop).ok_or(ConsoleError::NotFound)?;
        if let Some(order_id) = order_id {
            if let Ok(Some(order)) = self.facts.order(&shop_record, &order_id).await {
                if let (Some(carrier), Some(number)) = (&order.carrier, &order.tracking_number)
                    && let Some(url) = self.facts.tracking_url(&key.shop, carrier, number)
                {
                    values.push(("tracking_url", url));
                }
                if let Some(carrier) = order.carrier {
                    values.push(("carrier", carrier));
                }
                if let Some(number) = order.tracking_number {
                    values.push(("tracking_number", number));
                }
            }
            values.push(("order_id", order_id));
        }
        let mut canned = self.store.canned(&key.shop).await?;
        for reply in &mut canned {
            for (name, value) in &values {
                reply.text = reply.text.replace(&format!("{{{name}}}"), value);
            }
        }
        Ok(canned)
    }

    /// Saves an answer as one of the shop's FAQ entries; the bot answers from it at once.
    #[tracing::instrument(skip_all, fields(shop = %scope.shop(), agent = %scope.agent().id))]
    pub async fn learn(&self, scope: &ShopScope, question: &str, answer: &str) -> Result<(), ConsoleError> {
        let (agent, shop) = (scope.agent(), scope.shop());
        // What the bot tells every buyer is the shop admin's to change.
        if agent.role != Role::ShopAdmin {
            return Err(ConsoleError::Forbidden);
        }
        let question = checked_text(question)?;
        if question.lines().count() > 1 || question.chars().count() > 300 {
            return Err(ConsoleError::Invalid("question: one line, at most 300 characters".into()));
        }
        let entry = LearnedFaq {
            question: question.clone(),
            answer: checked_text(answer)?,
            agent: agent.id.clone(),
            at_ms: now_ms(),
        };
        self.ingestor.learn(shop, entry).await.map_err(|e| ConsoleError::Storage(Box::new(e)))?;
        self.audit(agent, shop, "faq_add", None, Some(question)).await
    }
}
