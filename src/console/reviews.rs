//! Reviewing the bot's unsure answers: the recent ones near the threshold, a person's verdict on
//! each, and the threshold the verdicts suggest.

use super::{Console, ConsoleError, ShopScope};
use crate::domain::{ConversationId, Review, Verdict};

/// The verdicts on a shop's unsure answers.
#[derive(Debug, Clone)]
pub struct ReviewSummary {
    pub right: usize,
    pub wrong: usize,
    /// Above the most confident answer judged wrong; `None` before any is.
    pub suggested_threshold: Option<f32>,
}

impl Console {
    /// Recent unsure bot answers, and what the verdicts so far suggest for the threshold: the
    /// lowest confidence above every answer judged wrong.
    #[tracing::instrument(skip_all, fields(shop = %scope.shop(), agent = %scope.agent().id))]
    pub async fn reviews(&self, scope: &ShopScope) -> Result<(Vec<Review>, ReviewSummary), ConsoleError> {
        let reviews = self.store.reviews(scope.shop(), 200).await?;
        let judged = |v: Verdict| reviews.iter().filter(|r| r.verdict == Some(v)).count();
        let highest_wrong =
            reviews.iter().filter(|r| r.verdict == Some(Verdict::Wrong)).map(|r| r.confidence).reduce(f32::max);
        let summary = ReviewSummary {
            right: judged(Verdict::Right),
            wrong: judged(Verdict::Wrong),
            suggested_threshold: highest_wrong.map(|c| ((c + 0.01) * 100.0).ceil() / 100.0),
        };
        Ok((reviews, summary))
    }

    #[tracing::instrument(skip_all, fields(shop = %scope.shop(), agent = %scope.agent().id))]
    pub async fn review(
        &self,
        scope: &ShopScope,
        conversation: &str,
        seq: u64,
        verdict: Verdict,
    ) -> Result<(), ConsoleError> {
        let (agent, shop) = (scope.agent(), scope.shop());
        if !self.store.set_verdict(shop, conversation, seq, verdict).await? {
            return Err(ConsoleError::NotFound);
        }
        let id = ConversationId::parse(conversation).ok();
        let detail = format!("seq {seq}: {verdict:?}").to_lowercase();
        self.audit(agent, shop, "review", id.as_ref(), Some(detail)).await
    }
}
