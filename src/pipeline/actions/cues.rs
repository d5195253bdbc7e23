//! The words that tell what a buyer wants done with an order, in 18 languages
//! (`knowledge/glossary/actions.jsonl`, compiled in): a yes or a no to a proposal, a request to
//! return, exchange or re-address, and why an order is cancelled. Pure.

use crate::domain::CancelReason;
use crate::lexicon::{Matcher, parse_lines};

const ACTIONS: &str = include_str!("../../../knowledge/glossary/actions.jsonl");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    Yes,
    No,
    OrderedByMistake,
    NoLongerNeeded,
    ReturnRequest,
    ExchangeRequest,
    AddressChange,
    CancelRequest,
    /// "all of it", "everything", "todo", "全部".
    All,
}

impl Cue {
    fn named(name: &str) -> Option<Cue> {
        Some(match name {
            "yes" => Cue::Yes,
            "no" => Cue::No,
            "ordered_by_mistake" => Cue::OrderedByMistake,
            "no_longer_needed" => Cue::NoLongerNeeded,
            "return_request" => Cue::ReturnRequest,
            "exchange_request" => Cue::ExchangeRequest,
            "address_change" => Cue::AddressChange,
            "cancel_request" => Cue::CancelRequest,
            "all" => Cue::All,
            _ => return None,
        })
    }
}

/// A buyer's answer to "shall I go ahead?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    /// Neither, or both: not an answer to the question.
    Neither,
}

/// Longest message, in words, taken as a plain yes or no ("yes please go ahead and do it").
const SHORT_REPLY_WORDS: usize = 8;

#[derive(Debug)]
pub struct Cues {
    matcher: Matcher,
    cues: Vec<Cue>,
}

impl Cues {
    pub fn built_in() -> Cues {
        Cues::parse(ACTIONS).expect("the built-in action word lists are valid")
    }

    pub fn parse(text: &str) -> Result<Cues, String> {
        let mut matcher = Matcher::default();
        let mut cues = Vec::new();
        for (name, forms) in parse_lines(text, "concept")? {
            let cue = Cue::named(&name).ok_or_else(|| format!("unknown concept {name:?}"))?;
            let id = cues.len();
            cues.push(cue);
            for form in forms.values().flatten() {
                matcher.add(form, id);
            }
        }
        Ok(Cues { matcher, cues })
    }

    /// The cues `text` gives.
    pub fn find(&self, text: &str) -> Vec<Cue> {
        let mut found: Vec<Cue> = self.matcher.find(text).into_iter().map(|id| self.cues[id]).collect();
        found.dedup();
        found
    }

    pub fn has(&self, text: &str, cue: Cue) -> bool {
        self.find(text).contains(&cue)
    }

    /// Whether `text` answers a yes-or-no question: a short message with a yes and no no (or
    /// the other way round).
    pub fn answer(&self, text: &str) -> Answer {
        let found = self.find(text);
        let short = text.split_whitespace().count() <= SHORT_REPLY_WORDS
            && text.chars().filter(|c| crate::lexicon::is_unspaced(*c)).count() <= SHORT_REPLY_WORDS * 2;
        // "ok, so I'll be refunded?" asks; it does not agree.
        let question = text.contains(['?', '？', '吗', '嗎', '까']) || {
            let end = text.trim_end();
            end.ends_with('か') || end.ends_with("ไหม")
        };
        match (found.contains(&Cue::Yes), found.contains(&Cue::No)) {
            (true, false) if short && !question => Answer::Yes,
            (false, true) if short => Answer::No,
            _ => Answer::Neither,
        }
    }

    pub fn reason(&self, text: &str) -> CancelReason {
        let found = self.find(text);
        if found.contains(&Cue::OrderedByMistake) {
            CancelReason::OrderedByMistake
        } else if found.contains(&Cue::NoLongerNeeded) {
            CancelReason::NoLongerNeeded
        } else {
            CancelReason::Other
        }
    }
}
