//! `kefu eval turns`: whole conversations through the whole service, scored per turn.
//!
//! Cases are JSON lines (`knowledge/eval/turns.jsonl`): `{"id", "shop", "language",
//! "translated"?, "note"?, "turns": [{"text", "locale"?, "attachments"?, "context"?: {"product"?, "page_url"?},
//! "expect": {"outcome": "answer" | "ask" | "handoff", "intent"?, "facts"?: [..], "forbidden"?:
//! [..], "product"?: SKU, "stock"?: "in_stock" | "sold_out" | "not_offered"}}]}`. Each
//! conversation is played through `Conversations` (store, memory, pipeline, hand-off) as the
//! websocket would. A turn is
//! - **resolved** when the bot's outcome is the expected one (answer, or a question for what is
//!   missing) and an answer contains every expected fact and no forbidden string;
//! - **confidently wrong** when the bot replied instead of handing off where it should have, or
//!   its answer lacks an expected fact, or says something forbidden.
//!
//! Reported: automated resolution rate (resolved turns / turns that should be automated),
//! confidently-wrong rate (over all turns), hand-off precision and recall, reply-language
//! accuracy (the detected language of the reply's first line — kefu's own sentence; quoted shop
//! data follows it — against the buyer's), and turn latency.

use std::collections::BTreeMap;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::conversation::hub::Event;
use crate::conversation::{Conversations, TurnReport, Unknown};
use crate::domain::{Attachment, ConversationId, Intent, Language, PageContext, ShopId};
use crate::pipeline::LanguageDetector;
use crate::pipeline::grounding::{self, Ungrounded, numbers_in};
use crate::wording::Templates;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub id: String,
    pub shop: String,
    pub language: String,
    #[serde(default)]
    pub translated: bool,
    #[serde(default)]
    pub note: Option<String>,
    pub turns: Vec<Turn>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Turn {
    pub text: String,
    #[serde(default)]
    pub locale: Option<String>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// The page the buyer writes from (`{"product": "SKU"}`).
    #[serde(default)]
    pub context: Option<PageContext>,
    pub expect: Expect,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub outcome: Outcome,
    #[serde(default)]
    pub intent: Option<Intent>,
    #[serde(default)]
    pub facts: Vec<String>,
    /// The product (SKU) the answer must cite among its sources.
    #[serde(default)]
    pub product: Option<String>,
    /// What an availability answer must say of the variant asked for.
    #[serde(default)]
    pub stock: Option<Stock>,
    #[serde(default)]
    pub forbidden: Vec<String>,
}

/// An availability answer's verdict, checked by kefu's own words for it in the buyer's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stock {
    InStock,
    SoldOut,
    NotOffered,
}

impl Stock {
    /// The message every availability answer of this verdict contains.
    pub fn message(self) -> &'static str {
        match self {
            Stock::InStock => "stock-in",
            Stock::SoldOut => "stock-out",
            Stock::NotOffered => "availability-none",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Answer,
    Ask,
    Handoff,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    pub turns: usize,
    /// Turns that should be automated (answer or ask).
    pub automatable: usize,
    pub resolved: usize,
    pub confidently_wrong: usize,
    pub resolution_rate: f64,
    pub confidently_wrong_rate: f64,
    pub language_right: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub conversations: usize,
    pub overall: Scores,
    pub by_language: BTreeMap<String, Scores>,
    pub handoff_precision: f64,
    pub handoff_recall: f64,
    pub latency_ms_p50: f64,
    pub latency_ms_p99: f64,
    /// Turns over `MODEL_TURN` (those a language model wrote) whose reply streamed, and the
    /// time to their first piece.
    pub streamed_turns: usize,
    pub first_piece_ms_p50: f64,
    pub first_piece_ms_p99: f64,
    /// (case id, turn, expected, got, what was wrong, reply)
    pub failures: Vec<(String, usize, String, String, String, String)>,
}

/// Turns slower than this went through a language model: data and extractive turns take
/// milliseconds.
const MODEL_TURN: std::time::Duration = std::time::Duration::from_millis(250);

pub fn parse_cases(text: &str) -> anyhow::Result<Vec<(usize, Case)>> {
    let cases: Vec<(usize, Case)> = super::parse_lines(text)?;
    for (line, case) in &cases {
        anyhow::ensure!(!case.turns.is_empty(), "line {line}: a conversation needs turns");
        ShopId::parse(&case.shop).map_err(|e| anyhow::anyhow!("line {line}: shop: {e}"))?;
        ConversationId::parse(&case.id).map_err(|e| anyhow::anyhow!("line {line}: id: {e}"))?;
        anyhow::ensure!(Language::parse(&case.language).is_some(), "line {line}: language {:?}", case.language);
    }
    Ok(cases)
}

struct Scored {
    language: String,
    expected: Outcome,
    got: Outcome,
    resolved: bool,
    confidently_wrong: bool,
    language_right: bool,
}

/// What one turn is judged against: kefu's own sentences in the buyer's language, and the
/// language check grounding applies to a model's reply.
struct Judge<'a> {
    templates: &'a Templates,
    detector: &'a dyn LanguageDetector,
    shop: &'a crate::shop::Shop,
    language: &'a Language,
}

impl Judge<'_> {
    /// The turn's score, and what was wrong with it (`None` when nothing was).
    fn turn(&self, expect: &Expect, report: &TurnReport) -> (Scored, Option<String>) {
        let got = if report.escalated {
            Outcome::Handoff
        } else if report.awaiting.is_some() {
            Outcome::Ask
        } else {
            Outcome::Answer
        };
        let mut missing: Vec<String> = if got == Outcome::Answer {
            expect.facts.iter().filter(|f| !contains_fact(&report.reply, f)).cloned().collect()
        } else {
            vec![]
        };
        if got == Outcome::Answer {
            if let Some(sku) = &expect.product
                && !report.sources.iter().any(|s| s.id.eq_ignore_ascii_case(sku))
            {
                missing.push(format!("product {sku} among the sources"));
            }
            if let Some(stock) = expect.stock {
                let words = self.templates.say(self.language, stock.message(), &[]);
                if !report.reply.contains(&words) {
                    missing.push(format!("{stock:?} ({words:?})"));
                }
            }
        }
        let said: Vec<&String> = expect.forbidden.iter().filter(|f| report.reply.contains(f.as_str())).collect();
        let resolved = got == expect.outcome && missing.is_empty() && said.is_empty() && got != Outcome::Handoff;
        let replied = got != Outcome::Handoff;
        let confidently_wrong = replied
            && (expect.outcome == Outcome::Handoff
                || !said.is_empty()
                || (expect.outcome == Outcome::Answer && got == Outcome::Answer && !missing.is_empty()));
        // kefu's own sentence opens every reply; what follows may quote the shop's data as
        // written (service names, product titles), which is not the reply's language.
        let own = report.reply.lines().next().unwrap_or_default();
        let wrong_language = grounding::in_language(own, self.language, self.detector, self.shop).err();
        let language_right = wrong_language.is_none();
        let ok = (resolved || (got == Outcome::Handoff && expect.outcome == Outcome::Handoff)) && language_right;
        let why = (!ok).then(|| {
            let mut why = Vec::new();
            if got != expect.outcome {
                why.push(format!("{:?} instead of {:?} (intent {})", got, expect.outcome, report.intent.as_str()));
            }
            if !missing.is_empty() {
                why.push(format!("missing {missing:?}"));
            }
            if !said.is_empty() {
                why.push(format!("said {said:?}"));
            }
            if let Some(Ungrounded::Language { found, .. }) = &wrong_language {
                why.push(format!("reply in {found}"));
            }
            why.join("; ")
        });
        let scored = Scored {
            language: self.language.as_str().to_owned(),
            expected: expect.outcome,
            got,
            resolved,
            confidently_wrong,
            language_right,
        };
        (scored, why)
    }
}

pub async fn evaluate(
    conversations: &Conversations,
    detector: &dyn LanguageDetector,
    cases: &[(usize, Case)],
) -> anyhow::Result<Report> {
    let mut scored = Vec::new();
    let mut latencies = Vec::new();
    let mut first_pieces = Vec::new();
    let mut failures = Vec::new();
    let templates = Templates::built_in();
    for (_, case) in cases {
        let shop_id = ShopId::parse(&case.shop)?;
        let shop = conversations.shop(&shop_id).ok_or_else(|| anyhow::anyhow!("shop {} is not loaded", case.shop))?;
        let id = ConversationId::parse(&format!("{}-{}", case.id, uuid::Uuid::new_v4().simple()))?;
        let buyer_language = Language::parse(&case.language).expect("checked when parsed");
        let judge = Judge { templates: &templates, detector, shop: &shop, language: &buyer_language };
        for (n, turn) in case.turns.iter().enumerate() {
            let locale = turn.locale.as_deref().and_then(Language::parse);
            let opened = conversations.open(&shop_id, Some(id.clone()), locale.clone(), Unknown::Create).await?;
            let context = PageContext::check(turn.context.clone()).map_err(anyhow::Error::msg)?;
            let appended = conversations
                .submit(&opened.key, &format!("t{n}"), &turn.text, &turn.attachments, context.as_ref(), locale)
                .await?;
            let mut subscription = conversations.subscribe(&opened.key);
            let started = Instant::now();
            // The first streamed piece, timed from the same start as the turn.
            let first_piece = tokio::spawn(async move {
                while let Some(event) = subscription.events.recv().await {
                    match &*event {
                        Event::Delta { .. } => return Some(started.elapsed()),
                        Event::Typing(false) => return None,
                        Event::Typing(true) | Event::Entry(_) => {}
                    }
                }
                None
            });
            let report = conversations.answer(&opened.key, appended.seq).await?;
            let took = started.elapsed();
            latencies.push(took.as_secs_f64() * 1000.0);
            if let Ok(Ok(Some(first))) = tokio::time::timeout(std::time::Duration::from_secs(1), first_piece).await
                && took > MODEL_TURN
            {
                first_pieces.push(first.as_secs_f64() * 1000.0);
            }
            let report = report.ok_or_else(|| anyhow::anyhow!("{} turn {n}: no answer", case.id))?;
            let (score, why) = judge.turn(&turn.expect, &report);
            if let Some(why) = why {
                failures.push((
                    case.id.clone(),
                    n + 1,
                    format!("{:?}", turn.expect.outcome),
                    format!("{:?}", score.got),
                    why,
                    report.reply.chars().take(160).collect(),
                ));
            }
            let got = score.got;
            scored.push(score);
            if got == Outcome::Handoff {
                break; // a person owns the conversation now: the bot stays silent
            }
        }
    }
    let overall = scores(scored.iter());
    let mut by_language = BTreeMap::new();
    for language in scored.iter().map(|s| s.language.clone()).collect::<std::collections::BTreeSet<_>>() {
        by_language.insert(language.clone(), scores(scored.iter().filter(|s| s.language == language)));
    }
    let handed = scored.iter().filter(|s| s.got == Outcome::Handoff).count();
    let should = scored.iter().filter(|s| s.expected == Outcome::Handoff).count();
    let both = scored.iter().filter(|s| s.got == Outcome::Handoff && s.expected == Outcome::Handoff).count();
    latencies.sort_by(f64::total_cmp);
    first_pieces.sort_by(f64::total_cmp);
    Ok(Report {
        conversations: cases.len(),
        overall,
        by_language,
        handoff_precision: ratio(both, handed),
        handoff_recall: ratio(both, should),
        latency_ms_p50: super::percentile(&latencies, 0.5),
        latency_ms_p99: super::percentile(&latencies, 0.99),
        streamed_turns: first_pieces.len(),
        first_piece_ms_p50: super::percentile(&first_pieces, 0.5),
        first_piece_ms_p99: super::percentile(&first_pieces, 0.99),
        failures,
    })
}

fn scores<'a>(turns: impl Iterator<Item = &'a Scored>) -> Scores {
    let turns: Vec<&Scored> = turns.collect();
    let automatable = turns.iter().filter(|s| s.expected != Outcome::Handoff).count();
    let resolved = turns.iter().filter(|s| s.resolved).count();
    let confidently_wrong = turns.iter().filter(|s| s.confidently_wrong).count();
    Scores {
        turns: turns.len(),
        automatable,
        resolved,
        confidently_wrong,
        resolution_rate: ratio(resolved, automatable),
        confidently_wrong_rate: ratio(confidently_wrong, turns.len()),
        language_right: ratio(turns.iter().filter(|s| s.language_right).count(), turns.len()),
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Whether `reply` states `fact`: a number by value in any notation ("9.8" matches "9,80"),
/// anything else as written, ignoring case.
fn contains_fact(reply: &str, fact: &str) -> bool {
    let numeric = !fact.is_empty() && fact.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    if numeric {
        let wanted: Vec<String> = numbers_in(fact).collect();
        return wanted.len() == 1 && numbers_in(reply).any(|n| n == wanted[0]);
    }
    reply.to_lowercase().contains(&fact.to_lowercase())
}

pub fn render(report: &Report) -> String {
    let mut out = format!(
        "{} conversations, {} turns\n\nautomated resolution {:.1} % ({} of {} automatable turns)\nconfidently wrong {:.2} % ({} turns)\nhand-off precision {:.3}, recall {:.3}\nreply language right {:.2} %\nturn latency p50 {:.1} ms, p99 {:.1} ms\nfirst streamed piece of model turns ({}) p50 {:.1} ms, p99 {:.1} ms\n\nlanguage  turns  resolution  wrong  language\n",
        report.conversations,
        report.overall.turns,
        report.overall.resolution_rate * 100.0,
        report.overall.resolved,
        report.overall.automatable,
        report.overall.confidently_wrong_rate * 100.0,
        report.overall.confidently_wrong,
        report.handoff_precision,
        report.handoff_recall,
        report.overall.language_right * 100.0,
        report.latency_ms_p50,
        report.latency_ms_p99,
        report.streamed_turns,
        report.first_piece_ms_p50,
        report.first_piece_ms_p99,
    );
    for (language, s) in &report.by_language {
        out += &format!(
            "{language:<9} {:>5}  {:>9.1}%  {:>5}  {:>7.1}%\n",
            s.turns,
            s.resolution_rate * 100.0,
            s.confidently_wrong,
            s.language_right * 100.0
        );
    }
    if !report.failures.is_empty() {
        out += "\nturns not right (case, turn, expected, got, why, reply):\n";
        for (id, n, expected, got, why, reply) in &report.failures {
            out += &format!("  {id} #{n}: {expected} → {got}: {why}\n      {reply:?}\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_match_numbers_by_value_and_words_by_text() {
        assert!(contains_fact("Costo: 9,80 USD", "9.8"));
        assert!(contains_fact("349,000원", "349000"));
        assert!(!contains_fact("19.8 USD", "9.8"));
        assert!(contains_fact("con yanwen", "Yanwen"));
        assert!(contains_fact("llega el 2026-11-28", "2026-11-28"));
    }

    #[test]
    fn cases_are_checked_when_parsed() {
        let good = r#"{"id":"a","shop":"s","language":"es","turns":[{"text":"hola","expect":{"outcome":"answer"}}]}"#;
        assert_eq!(parse_cases(good).unwrap().len(), 1);
        let empty = r#"{"id":"a","shop":"s","language":"es","turns":[]}"#;
        assert!(parse_cases(empty).unwrap_err().to_string().contains("needs turns"));
        let typo = r#"{"id":"a","shop":"s","language":"es","turns":[{"text":"x","expect":{"outcome":"reply"}}]}"#;
        assert!(parse_cases(typo).is_err());
    }
}
