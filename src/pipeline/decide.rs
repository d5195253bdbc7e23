//! Answer or hand off: pure rules, no IO.

use crate::domain::{HandoffReason, Intent, Owner};
use crate::shop::Shop;

use super::Thresholds;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Send the generated reply.
    Answer,
    /// Tell the buyer a person will take over, and queue the conversation for one.
    Handoff(HandoffReason),
    /// A person owns the conversation: the bot says nothing.
    Silent,
}

/// Decisions that need no retrieval or generation.
pub(super) fn before_generation(owner: Owner, intent: Intent) -> Option<Decision> {
    if owner == Owner::Human {
        return Some(Decision::Silent);
    }
    if intent == Intent::HumanRequest {
        return Some(Decision::Handoff(HandoffReason::HumanRequest));
    }
    if intent == Intent::ChargebackDispute {
        return Some(Decision::Handoff(HandoffReason::Dispute));
    }
    None
}

/// Below the threshold a person answers instead of the bot.
pub fn decide(confidence: f32, threshold: f32) -> Decision {
    if confidence >= threshold { Decision::Answer } else { Decision::Handoff(HandoffReason::LowConfidence) }
}

/// After an answer is drafted: below the threshold, or unsure for the second turn running, a
/// person takes over.
pub fn after_answer(confidence: f32, threshold: f32, unsure_twice: bool) -> Decision {
    let decision = decide(confidence, threshold);
    if decision == Decision::Answer && unsure_twice {
        return Decision::Handoff(HandoffReason::RepeatedLowConfidence);
    }
    decision
}

/// The most specific threshold: the shop's for this intent, the shop's default, the
/// deployment's for this intent, the deployment's default.
pub fn threshold_for(shop: &Shop, deployment: &Thresholds, intent: Intent) -> f32 {
    shop.handoff
        .intent_thresholds
        .get(&intent)
        .copied()
        .or(shop.handoff.threshold)
        .or_else(|| deployment.per_intent.get(&intent).copied())
        .unwrap_or(deployment.default)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::domain::Language;
    use crate::shop::HandoffSettings;

    fn shop(threshold: Option<f32>, per_intent: &[(Intent, f32)]) -> Shop {
        Shop {
            handoff: HandoffSettings {
                threshold,
                expected_wait_minutes: 10,
                intent_thresholds: per_intent.iter().copied().collect(),
            },
            ..Shop::serving_any_language("s", Language::english())
        }
    }

    #[test]
    fn thresholds_go_from_specific_to_general() {
        let deployment = Thresholds { default: 0.4, per_intent: BTreeMap::from([(Intent::Shipping, 0.7)]) };
        assert_eq!(threshold_for(&shop(None, &[]), &deployment, Intent::Greeting), 0.4);
        assert_eq!(threshold_for(&shop(None, &[]), &deployment, Intent::Shipping), 0.7);
        assert_eq!(threshold_for(&shop(Some(0.5), &[]), &deployment, Intent::Shipping), 0.5);
        let specific = shop(Some(0.5), &[(Intent::Shipping, 0.9)]);
        assert_eq!(threshold_for(&specific, &deployment, Intent::Shipping), 0.9);
        assert_eq!(threshold_for(&specific, &deployment, Intent::Payment), 0.5);
    }

    #[test]
    fn people_and_disputes_never_go_through_the_bot() {
        assert_eq!(before_generation(Owner::Human, Intent::Greeting), Some(Decision::Silent));
        assert_eq!(
            before_generation(Owner::Bot, Intent::HumanRequest),
            Some(Decision::Handoff(HandoffReason::HumanRequest))
        );
        assert_eq!(
            before_generation(Owner::Bot, Intent::ChargebackDispute),
            Some(Decision::Handoff(HandoffReason::Dispute))
        );
        assert_eq!(before_generation(Owner::Bot, Intent::OrderStatus), None);
    }

    #[test]
    fn a_second_unsure_answer_goes_to_a_person() {
        assert_eq!(after_answer(0.7, 0.5, false), Decision::Answer);
        assert_eq!(after_answer(0.7, 0.5, true), Decision::Handoff(HandoffReason::RepeatedLowConfidence));
        assert_eq!(after_answer(0.4, 0.5, false), Decision::Handoff(HandoffReason::LowConfidence));
    }

    #[test]
    fn the_threshold_itself_answers() {
        assert_eq!(decide(0.5, 0.5), Decision::Answer);
        assert_eq!(decide(0.49, 0.5), Decision::Handoff(HandoffReason::LowConfidence));
    }
}
