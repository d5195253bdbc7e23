//! Conversation memory: what earlier turns established (order number, country), what the bot
//! asked for, and how the last turn went. Read from the notes stored with the bot's last entry,
//! so nothing is parsed back out of prose. Pure.

use crate::domain::{Entities, Entry, Intent, Slot, TurnNotes};

use super::Classification;

/// A reply to the bot's question is taken as continuing its intent with this probability: the
/// buyer answered what was asked ("1002" after "what is your order number?").
const CONTINUATION_PROBABILITY: f32 = 0.9;
/// A message of at most this many words that fills the awaited slot continues the intent even
/// when the classifier leans elsewhere ("es el 1002" reads like nothing in particular).
const SHORT_ANSWER_WORDS: usize = 6;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Memory {
    /// The intent of the bot's last turn.
    pub last_intent: Option<Intent>,
    pub notes: TurnNotes,
}

impl Memory {
    /// What the last bot entry of `history` noted.
    pub fn recall(history: &[Entry]) -> Memory {
        history
            .iter()
            .rev()
            .find_map(|entry| match &entry.body {
                crate::domain::EntryBody::Bot { intent, notes, .. } => {
                    Some(Memory { last_intent: Some(*intent), notes: notes.clone() })
                }
                crate::domain::EntryBody::Handoff { notes, .. } => {
                    Some(Memory { last_intent: None, notes: notes.clone() })
                }
                crate::domain::EntryBody::Buyer { .. }
                | crate::domain::EntryBody::Agent { .. }
                | crate::domain::EntryBody::Note { .. }
                | crate::domain::EntryBody::Claimed { .. }
                | crate::domain::EntryBody::Resolved { .. } => None,
            })
            .unwrap_or_default()
    }

    /// When the bot asked for something and this message gives it, the buyer is answering the
    /// question: the turn keeps the asked intent. A bare number answers "which order?".
    pub fn continue_asked(&self, classification: &mut Classification, text: &str) {
        let (Some(slot), Some(intent)) = (self.notes.awaiting, self.last_intent) else { return };
        if slot == Slot::Order && classification.entities.order_key().is_none() {
            classification.entities.order_id = bare_order_id(text);
        }
        let filled = match slot {
            Slot::Order => classification.entities.order_key().is_some(),
            Slot::Country => classification.entities.country.is_some(),
            // Answers to an action's questions are read by the action's own turn.
            Slot::Photo | Slot::Address | Slot::Option | Slot::Confirmation | Slot::Items => false,
            // The e-mail, phone or postcode on the order: a short reply, or one with an address
            // or a number in it.
            Slot::Contact => {
                text.contains('@')
                    || text.chars().filter(char::is_ascii_digit).count() >= 4
                    || text.split_whitespace().count() <= SHORT_ANSWER_WORDS
            }
        };
        let short = text.split_whitespace().count() <= SHORT_ANSWER_WORDS;
        let leaning_elsewhere = classification.intent != intent && classification.probability >= 0.8 && !short;
        if filled && !leaning_elsewhere && classification.intent != intent {
            let previous = (classification.intent, classification.probability);
            classification.alternatives.retain(|(i, _)| *i != intent);
            classification.alternatives.insert(0, previous);
            classification.intent = intent;
            classification.probability = classification.probability.max(CONTINUATION_PROBABILITY);
        } else if filled && classification.intent == intent {
            classification.probability = classification.probability.max(CONTINUATION_PROBABILITY);
        }
    }

    /// The slots after this message: what it names, then what earlier turns did.
    pub fn slots(&self, entities: &Entities) -> Entities {
        entities.clone().or(&self.notes.slots)
    }
}

/// A message that is nothing but an order number, possibly with a word or two around it.
fn bare_order_id(text: &str) -> Option<String> {
    order_candidates(text).next().map(str::to_owned)
}

/// The tokens of `text` that could be an order number: 3–24 letters, digits and dashes, with at
/// least one digit, in order.
pub(super) fn order_candidates(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .map(|t| t.trim_matches('-'))
        .filter(|t| (3..=24).contains(&t.len()) && t.chars().any(|c| c.is_ascii_digit()))
}

/// What could be an order number when written with spaces ("AA 2026 004217", "112 1234567
/// 1234567"): runs of two or three adjacent ASCII words, joined, with a digit, longest first.
pub(super) fn spaced_order_candidates(text: &str) -> Vec<String> {
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '#'))
        .map(|w| w.trim_matches(['-', '#']))
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    for size in [3, 2] {
        for run in words.windows(size) {
            let joined: String = run.concat();
            let digits = joined.chars().filter(char::is_ascii_digit).count();
            if digits >= 4 && joined.len() <= 24 && run.iter().all(|w| w.len() <= 12) {
                out.push(joined);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{EntryBody, Language};

    fn asked(slot: Slot, intent: Intent) -> Memory {
        let notes = TurnNotes { awaiting: Some(slot), ..TurnNotes::default() };
        let entry = Entry {
            seq: 2,
            at_ms: 0,
            body: EntryBody::Bot {
                reply_to: 1,
                text: "?".into(),
                language: Language::english(),
                intent,
                confidence: 0.8,
                sources: vec![],
                notes,
            },
        };
        Memory::recall(&[entry])
    }

    fn classified(intent: Intent, probability: f32) -> Classification {
        Classification { intent, probability, alternatives: vec![], entities: Entities::default() }
    }

    #[test]
    fn a_bare_number_answers_the_order_question() {
        let memory = asked(Slot::Order, Intent::OrderStatus);
        let mut c = classified(Intent::Other, 0.4);
        memory.continue_asked(&mut c, "1002");
        assert_eq!((c.intent, c.entities.order_id.as_deref()), (Intent::OrderStatus, Some("1002")));
        assert!(c.probability >= 0.9);
        let mut c = classified(Intent::Other, 0.4);
        memory.continue_asked(&mut c, "es el #W1234567 gracias");
        assert_eq!(c.entities.order_id.as_deref(), Some("W1234567"));
    }

    #[test]
    fn a_new_question_is_not_taken_for_an_answer() {
        let memory = asked(Slot::Order, Intent::OrderStatus);
        let mut c = classified(Intent::Other, 0.5);
        memory.continue_asked(&mut c, "thanks, bye");
        assert_eq!(c.intent, Intent::Other, "nothing that looks like an order number");
        let mut c = classified(Intent::Shipping, 0.95);
        memory.continue_asked(&mut c, "and how much would shipping 3 of them to Chile cost, roughly, by DHL?");
        assert_eq!(c.intent, Intent::Shipping);
    }

    #[test]
    fn a_country_answers_the_shipping_question() {
        let memory = asked(Slot::Country, Intent::Shipping);
        let mut c = classified(Intent::Other, 0.3);
        c.entities.country = Some("CL".into());
        memory.continue_asked(&mut c, "a Chile");
        assert_eq!(c.intent, Intent::Shipping);
    }

    #[test]
    fn slots_carry_over_and_new_ones_win() {
        let mut memory = Memory::default();
        memory.notes.slots.order_id = Some("1001".into());
        memory.notes.slots.country = Some("CL".into());
        let now = Entities { country: Some("MX".into()), ..Entities::default() };
        let slots = memory.slots(&now);
        assert_eq!((slots.order_id.as_deref(), slots.country.as_deref()), (Some("1001"), Some("MX")));
    }
}
