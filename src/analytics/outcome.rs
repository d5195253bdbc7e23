//! What became of one conversation, read from its stored entries alone, so any period can be
//! counted again and gives the same figures: answered by the bot without a person (contained;
//! verified once the buyer thanked it or did not write again within the window), with the
//! shop's people (handed off, by reason), resolved by a person, or abandoned (handed off and no
//! person answered within the window); and its first response and resolution times.

use std::time::Duration;

use crate::domain::{Entry, EntryBody, HandoffReason, Intent, Language, SourceKind};

/// How long after the bot's last answer a buyer who writes nothing more counts as served, and
/// how long a handed-off buyer waits for a person before the conversation counts as abandoned.
pub const VERIFICATION_WINDOW: Duration = Duration::from_secs(72 * 3600);

/// The conversation's state as the shop would count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing answered yet, or the buyer's latest message still waits for the bot.
    Open,
    /// The bot answered and no person was asked. `verified` once the buyer said thanks or
    /// wrote nothing more within the window.
    Contained { verified: bool },
    /// With the shop's people for `reason`, and not handed back yet.
    HandedOff { reason: HandoffReason },
    /// A person answered after the hand-off and handed the conversation back.
    ResolvedByPerson,
    /// Handed off, and no person answered within the window.
    Abandoned { reason: HandoffReason },
}

/// One conversation, counted.
#[derive(Debug, Clone, PartialEq)]
pub struct Counted {
    pub outcome: Outcome,
    /// From the buyer's first message to the first answer of anyone: the bot, its hand-off
    /// notice or a person.
    pub first_response: Option<Duration>,
    /// From the buyer's first message to a person's first reply (what marketplaces that do
    /// not count automated replies measure).
    pub first_human_response: Option<Duration>,
    /// From the buyer's first message to the end: the bot's last answer when contained and
    /// verified, the hand-back when resolved by a person.
    pub resolution: Option<Duration>,
    /// What the buyer asked, turn by turn (the bot's answers and hand-offs), first seen first.
    pub intents: Vec<Intent>,
    /// The language the buyer was last answered in.
    pub language: Option<Language>,
    /// The products the answers relied on (SKUs), first seen first.
    pub products: Vec<String>,
}

/// Counts the conversation whose entries (oldest first) are `entries`, as of `now_ms`.
pub fn count(entries: &[Entry], now_ms: u64, window: Duration) -> Counted {
    let window_ms = u64::try_from(window.as_millis()).unwrap_or(u64::MAX);
    let since = |from: u64, to: u64| Duration::from_millis(to.saturating_sub(from));
    let mut first_buyer = None;
    let mut first_response = None;
    let mut first_human_response = None;
    let mut last_buyer = None;
    let mut last_bot = None;
    let mut thanked = false;
    // The hand-off not handed back yet, and whether a person has answered since it.
    let mut handed: Option<(HandoffReason, u64)> = None;
    let mut person_answered = false;
    let mut handed_back = None;
    let mut intents = Vec::new();
    let mut language = None;
    let mut products = Vec::new();
    let mut note_intent = |intent: Intent| {
        if !intents.contains(&intent) {
            intents.push(intent);
        }
    };
    for entry in entries {
        let at = entry.at_ms;
        let answer = matches!(entry.body, EntryBody::Bot { .. } | EntryBody::Handoff { .. } | EntryBody::Agent { .. });
        if answer && first_response.is_none() {
            first_response = first_buyer.map(|from| since(from, at));
        }
        match &entry.body {
            EntryBody::Buyer { .. } => {
                first_buyer.get_or_insert(at);
                last_buyer = Some(at);
            }
            EntryBody::Bot { intent, language: said_in, sources, .. } => {
                last_bot = Some(at);
                thanked |= *intent == Intent::ThanksBye;
                note_intent(*intent);
                language = Some(said_in.clone());
                for source in sources.iter().filter(|s| s.kind == SourceKind::Product) {
                    if !products.contains(&source.id) {
                        products.push(source.id.clone());
                    }
                }
            }
            EntryBody::Handoff { reason, intent, language: said_in, .. } => {
                handed = Some((*reason, at));
                person_answered = false;
                if let Some(intent) = intent {
                    note_intent(*intent);
                }
                language = Some(said_in.clone());
            }
            EntryBody::Agent { .. } => {
                person_answered = true;
                if first_human_response.is_none() {
                    first_human_response = first_buyer.map(|from| since(from, at));
                }
            }
            EntryBody::Resolved { .. } => {
                if handed.take().is_some() {
                    handed_back = Some(at);
                }
            }
            EntryBody::Note { .. } | EntryBody::Claimed { .. } => {}
        }
    }
    let waiting = last_buyer.is_some_and(|buyer| last_bot.is_none_or(|bot| bot < buyer));
    let outcome = match (handed, handed_back) {
        (Some((reason, at)), _) if !person_answered && now_ms.saturating_sub(at) >= window_ms => {
            Outcome::Abandoned { reason }
        }
        (Some((reason, _)), _) => Outcome::HandedOff { reason },
        (None, Some(_)) => Outcome::ResolvedByPerson,
        (None, None) => match last_bot {
            Some(bot) if !waiting => {
                Outcome::Contained { verified: thanked || now_ms.saturating_sub(bot) >= window_ms }
            }
            _ => Outcome::Open,
        },
    };
    let resolution = match outcome {
        Outcome::Contained { verified: true } => first_buyer.zip(last_bot).map(|(from, to)| since(from, to)),
        Outcome::ResolvedByPerson => first_buyer.zip(handed_back).map(|(from, to)| since(from, to)),
        Outcome::Open | Outcome::Contained { .. } | Outcome::HandedOff { .. } | Outcome::Abandoned { .. } => None,
    };
    Counted { outcome, first_response, first_human_response, resolution, intents, language, products }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AgentRef, Source, TurnNotes};

    const MIN: u64 = 60_000;
    const HOUR: u64 = 60 * MIN;

    fn en() -> Language {
        Language::parse("en").unwrap()
    }

    fn buyer() -> EntryBody {
        EntryBody::Buyer {
            client_msg_id: "m".into(),
            text: "hello".into(),
            attachments: Vec::new(),
            context: None,
            sender: None,
        }
    }

    fn bot(intent: Intent, sku: Option<&str>) -> EntryBody {
        let sources = sku
            .map(|sku| Source { kind: SourceKind::Product, id: sku.into(), title: sku.into(), score: 1.0 })
            .into_iter()
            .collect();
        EntryBody::Bot {
            reply_to: 0,
            text: "an answer".into(),
            language: en(),
            intent,
            confidence: 0.9,
            sources,
            notes: TurnNotes::default(),
        }
    }

    fn handoff(reason: HandoffReason) -> EntryBody {
        EntryBody::Handoff {
            reply_to: 0,
            reason,
            text: "a person will answer".into(),
            language: en(),
            expected_wait_secs: 1200,
            intent: Some(Intent::ReturnsRefunds),
            notes: TurnNotes::default(),
        }
    }

    fn ana() -> AgentRef {
        AgentRef { id: "ana".into(), name: "Ana".into() }
    }

    fn agent() -> EntryBody {
        EntryBody::Agent { agent: ana(), text: "hi".into(), language: en(), original: "hi".into() }
    }

    /// Entries at the given milliseconds, numbered in order.
    fn log(bodies: Vec<(u64, EntryBody)>) -> Vec<Entry> {
        bodies.into_iter().enumerate().map(|(n, (at, body))| Entry { seq: n as u64 + 1, at_ms: at, body }).collect()
    }

    const WINDOW: Duration = VERIFICATION_WINDOW;

    #[test]
    fn a_bot_answer_is_contained_and_verified_after_the_window_or_a_thank_you() {
        let answered = log(vec![(0, buyer()), (2_000, bot(Intent::ProductQuestion, Some("LAMP-1")))]);
        let soon = count(&answered, 2_000 + HOUR, WINDOW);
        assert_eq!(soon.outcome, Outcome::Contained { verified: false });
        assert_eq!((soon.first_response, soon.resolution), (Some(Duration::from_secs(2)), None));
        assert_eq!(
            (soon.intents.as_slice(), soon.products.as_slice()),
            ([Intent::ProductQuestion].as_slice(), ["LAMP-1".to_owned()].as_slice())
        );
        let later = count(&answered, 2_000 + 72 * HOUR, WINDOW);
        assert_eq!(later.outcome, Outcome::Contained { verified: true });
        assert_eq!(later.resolution, Some(Duration::from_secs(2)));
        let thanked = log(vec![
            (0, buyer()),
            (2_000, bot(Intent::ProductQuestion, Some("LAMP-1"))),
            (MIN, buyer()),
            (MIN + 500, bot(Intent::ThanksBye, None)),
        ]);
        assert_eq!(count(&thanked, MIN + HOUR, WINDOW).outcome, Outcome::Contained { verified: true });
        assert_eq!(count(&thanked, MIN + HOUR, WINDOW).language, Some(en()));
    }

    #[test]
    fn a_message_still_waiting_for_the_bot_is_open() {
        assert_eq!(count(&log(vec![(0, buyer())]), HOUR * 100, WINDOW).outcome, Outcome::Open);
        let again = log(vec![(0, buyer()), (1_000, bot(Intent::Shipping, None)), (5 * MIN, buyer())]);
        assert_eq!(count(&again, 5 * MIN + 10, WINDOW).outcome, Outcome::Open);
        assert_eq!(count(&[], 0, WINDOW).outcome, Outcome::Open);
    }

    #[test]
    fn a_hand_off_is_with_people_until_handed_back_and_abandoned_if_nobody_answers_in_time() {
        let handed = log(vec![(0, buyer()), (1_000, handoff(HandoffReason::HumanRequest))]);
        let waiting = count(&handed, HOUR, WINDOW);
        assert_eq!(waiting.outcome, Outcome::HandedOff { reason: HandoffReason::HumanRequest });
        assert_eq!((waiting.first_response, waiting.first_human_response), (Some(Duration::from_secs(1)), None));
        assert_eq!(waiting.intents, [Intent::ReturnsRefunds]);
        assert_eq!(
            count(&handed, 1_000 + 72 * HOUR, WINDOW).outcome,
            Outcome::Abandoned { reason: HandoffReason::HumanRequest }
        );

        let mut answered = handed.clone();
        answered.push(Entry { seq: 3, at_ms: 10 * MIN, body: agent() });
        let with_people = count(&answered, 100 * HOUR, WINDOW);
        assert_eq!(
            with_people.outcome,
            Outcome::HandedOff { reason: HandoffReason::HumanRequest },
            "a person answered"
        );
        assert_eq!(with_people.first_human_response, Some(Duration::from_millis(10 * MIN)));

        answered.push(Entry { seq: 4, at_ms: 20 * MIN, body: EntryBody::Resolved { agent: ana() } });
        let resolved = count(&answered, 100 * HOUR, WINDOW);
        assert_eq!(resolved.outcome, Outcome::ResolvedByPerson);
        assert_eq!(resolved.resolution, Some(Duration::from_millis(20 * MIN)));
        // The bot answering again after the hand-back leaves it resolved by the person.
        answered.push(Entry { seq: 5, at_ms: 30 * MIN, body: buyer() });
        answered.push(Entry { seq: 6, at_ms: 30 * MIN + 1, body: bot(Intent::Shipping, None) });
        assert_eq!(count(&answered, 100 * HOUR, WINDOW).outcome, Outcome::ResolvedByPerson);
    }

    #[test]
    fn a_second_hand_off_after_a_hand_back_counts_again() {
        let entries = log(vec![
            (0, buyer()),
            (1, handoff(HandoffReason::LowConfidence)),
            (2, agent()),
            (3, EntryBody::Resolved { agent: ana() }),
            (4, buyer()),
            (5, handoff(HandoffReason::Dispute)),
        ]);
        assert_eq!(count(&entries, 10, WINDOW).outcome, Outcome::HandedOff { reason: HandoffReason::Dispute });
        assert_eq!(
            count(&entries, 5 + 72 * HOUR, WINDOW).outcome,
            Outcome::Abandoned { reason: HandoffReason::Dispute }
        );
    }
}
