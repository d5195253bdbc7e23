//! `kefu eval intents`: how well kefu tells what a buyer wants, in each language.
//!
//! Cases are JSON lines: `{"text", "language", "intent", "translated"?, "entities"?}`. Each case
//! runs through the language detector (no conversation, no locale, a shop serving every language)
//! and the intent classifier, as a first message would. Reported: intent accuracy and macro-F1
//! overall and per language, the confusion matrix, expected calibration error (10 equal-width
//! bins of the top probability), language-detection accuracy, entity precision and recall per
//! kind, and classification latency.

use std::collections::BTreeMap;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::domain::Entities;
use crate::domain::{Intent, Language};
use crate::pipeline::{IntentClassifier, IntentJudge, LanguageDetector, second_opinion};
use crate::shop::Shop;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub text: String,
    pub language: String,
    pub intent: Intent,
    #[serde(default)]
    pub translated: bool,
    #[serde(default)]
    pub entities: Option<Entities>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    pub cases: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub language_accuracy: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityScores {
    pub precision: f64,
    pub recall: f64,
    pub expected: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub overall: Scores,
    pub by_language: BTreeMap<String, Scores>,
    /// Calibration error of the top probability, 10 bins.
    pub ece: f64,
    /// (bin lower edge, cases, mean probability, accuracy)
    pub reliability: Vec<(f64, usize, f64, f64)>,
    /// truth → predicted → count
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
    /// Out of scope (`other`): the share of out-of-scope cases predicted so, and the share of
    /// in-scope predictions that were in scope; `None` without out-of-scope cases.
    pub out_of_scope: Option<OutOfScope>,
    pub entities: BTreeMap<String, EntityScores>,
    pub latency_ms_p50: f64,
    pub latency_ms_p99: f64,
    pub misses: Vec<(usize, String, String, String, f32)>,
    /// (line, text, expected language, detected)
    pub language_misses: Vec<(usize, String, String, String)>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct OutOfScope {
    pub cases: usize,
    pub recall: f64,
    pub in_scope_precision: f64,
}

fn out_of_scope(outcomes: &[Outcome<'_>]) -> Option<OutOfScope> {
    let truly = outcomes.iter().filter(|o| o.case.intent == Intent::Other).count();
    if truly == 0 {
        return None;
    }
    let caught = outcomes.iter().filter(|o| o.case.intent == Intent::Other && o.predicted == Intent::Other).count();
    let said_in = outcomes.iter().filter(|o| o.predicted != Intent::Other).count();
    let right_in = outcomes.iter().filter(|o| o.predicted != Intent::Other && o.case.intent != Intent::Other).count();
    Some(OutOfScope {
        cases: truly,
        recall: caught as f64 / truly as f64,
        in_scope_precision: if said_in == 0 { 1.0 } else { right_in as f64 / said_in as f64 },
    })
}

pub fn parse_cases(text: &str) -> anyhow::Result<Vec<(usize, Case)>> {
    super::parse_lines(text)
}

struct Outcome<'a> {
    case: &'a Case,
    predicted: Intent,
    probability: f32,
    language_right: bool,
    entities: Entities,
}

/// A language model's second opinion on close calls, as the pipeline asks it.
pub struct SecondOpinion<'a> {
    pub judge: &'a dyn IntentJudge,
    pub timeout: std::time::Duration,
}

pub async fn evaluate(
    detector: &dyn LanguageDetector,
    classifier: &dyn IntentClassifier,
    second: Option<SecondOpinion<'_>>,
    cases: &[(usize, Case)],
) -> anyhow::Result<Report> {
    let shop = Shop::serving_any_language("eval", Language::english());
    let mut outcomes = Vec::new();
    let mut latencies = Vec::new();
    let mut misses = Vec::new();
    let mut language_misses = Vec::new();
    for (line, case) in cases {
        let detection = detector.detect(&case.text, None, &shop, &[]);
        let started = Instant::now();
        let mut classification = classifier.classify(&case.text, &detection.language, &shop).await?;
        if let Some(second) = &second {
            second_opinion(second.judge, second.timeout, &shop.id, &case.text, &mut classification).await;
        }
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        let expected = Language::parse(&case.language).map(|l| l.primary().to_owned()).unwrap_or_default();
        if classification.intent != case.intent {
            misses.push((
                *line,
                case.text.clone(),
                case.intent.as_str().to_owned(),
                classification.intent.as_str().to_owned(),
                classification.probability,
            ));
        }
        if detection.language.primary() != expected {
            language_misses.push((
                *line,
                case.text.clone(),
                case.language.clone(),
                detection.language.as_str().to_owned(),
            ));
        }
        outcomes.push(Outcome {
            case,
            predicted: classification.intent,
            probability: classification.probability,
            language_right: detection.language.primary() == expected,
            entities: classification.entities,
        });
    }
    latencies.sort_by(f64::total_cmp);
    let mut by_language: BTreeMap<String, Vec<&Outcome>> = BTreeMap::new();
    for o in &outcomes {
        by_language.entry(o.case.language.clone()).or_default().push(o);
    }
    let all: Vec<&Outcome> = outcomes.iter().collect();
    let mut confusion: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for o in &outcomes {
        *confusion
            .entry(o.case.intent.as_str().to_owned())
            .or_default()
            .entry(o.predicted.as_str().to_owned())
            .or_default() += 1;
    }
    let (ece, reliability) = calibration(&outcomes);
    Ok(Report {
        overall: scores(&all),
        by_language: by_language.iter().map(|(l, o)| (l.clone(), scores(o))).collect(),
        ece,
        reliability,
        confusion,
        out_of_scope: out_of_scope(&outcomes),
        entities: entity_scores(&outcomes),
        latency_ms_p50: super::percentile(&latencies, 0.5),
        latency_ms_p99: super::percentile(&latencies, 0.99),
        misses,
        language_misses,
    })
}

fn scores(outcomes: &[&Outcome]) -> Scores {
    let n = outcomes.len();
    if n == 0 {
        return Scores::default();
    }
    let right = outcomes.iter().filter(|o| o.predicted == o.case.intent).count();
    let languages = outcomes.iter().filter(|o| o.language_right).count();
    // Macro-F1 over the intents present in this group (as truth or prediction).
    let mut f1s = Vec::new();
    for intent in Intent::ALL {
        let tp = outcomes.iter().filter(|o| o.case.intent == intent && o.predicted == intent).count() as f64;
        let fp = outcomes.iter().filter(|o| o.case.intent != intent && o.predicted == intent).count() as f64;
        let fn_ = outcomes.iter().filter(|o| o.case.intent == intent && o.predicted != intent).count() as f64;
        if tp + fp + fn_ > 0.0 {
            f1s.push(if tp == 0.0 { 0.0 } else { 2.0 * tp / (2.0 * tp + fp + fn_) });
        }
    }
    Scores {
        cases: n,
        accuracy: right as f64 / n as f64,
        macro_f1: f1s.iter().sum::<f64>() / f1s.len().max(1) as f64,
        language_accuracy: languages as f64 / n as f64,
    }
}

/// Expected calibration error over 10 bins of the top probability, and the bins.
fn calibration(outcomes: &[Outcome]) -> (f64, Vec<(f64, usize, f64, f64)>) {
    let mut bins: Vec<(usize, f64, usize)> = vec![(0, 0.0, 0); 10];
    for o in outcomes {
        let bin = ((o.probability as f64 * 10.0) as usize).min(9);
        bins[bin].0 += 1;
        bins[bin].1 += o.probability as f64;
        bins[bin].2 += usize::from(o.predicted == o.case.intent);
    }
    let n = outcomes.len().max(1) as f64;
    let mut ece = 0.0;
    let mut table = Vec::new();
    for (i, (count, sum, right)) in bins.into_iter().enumerate() {
        if count == 0 {
            continue;
        }
        let confidence = sum / count as f64;
        let accuracy = right as f64 / count as f64;
        ece += count as f64 / n * (confidence - accuracy).abs();
        table.push((i as f64 / 10.0, count, confidence, accuracy));
    }
    (ece, table)
}

fn entity_scores(outcomes: &[Outcome]) -> BTreeMap<String, EntityScores> {
    type Field = fn(&Entities) -> Option<&String>;
    let kinds: [(&str, Field); 5] = [
        ("order_id", |e| e.order_id.as_ref()),
        ("tracking_number", |e| e.tracking_number.as_ref()),
        ("country", |e| e.country.as_ref()),
        ("sku", |e| e.sku.as_ref()),
        ("amount", |e| e.amount.as_ref()),
    ];
    let mut out = BTreeMap::new();
    for (kind, get) in kinds {
        let (mut found, mut right, mut expected) = (0usize, 0usize, 0usize);
        for o in outcomes {
            let truth = o.case.entities.as_ref().and_then(get);
            let got = get(&o.entities);
            expected += usize::from(truth.is_some());
            found += usize::from(got.is_some());
            if let (Some(t), Some(g)) = (truth, got) {
                right += usize::from(t.eq_ignore_ascii_case(g));
            }
        }
        let precision = if found == 0 { 1.0 } else { right as f64 / found as f64 };
        let recall = if expected == 0 { 1.0 } else { right as f64 / expected as f64 };
        out.insert(kind.to_owned(), EntityScores { precision, recall, expected });
    }
    out
}

/// The report as Markdown.
pub fn render(report: &Report) -> String {
    let mut out =
        String::from("| group | cases | accuracy | macro-F1 | language detected |\n|---|---:|---:|---:|---:|\n");
    let mut row = |name: &str, s: &Scores| {
        out +=
            &format!("| {name} | {} | {:.3} | {:.3} | {:.3} |\n", s.cases, s.accuracy, s.macro_f1, s.language_accuracy);
    };
    row("all", &report.overall);
    for (language, s) in &report.by_language {
        row(language, s);
    }
    if let Some(oos) = &report.out_of_scope {
        out += &format!(
            "\nout of scope (other): {} cases, recall {:.3}, in-scope precision {:.3}\n",
            oos.cases, oos.recall, oos.in_scope_precision
        );
    }
    out += &format!(
        "\nexpected calibration error (10 bins): {:.3}\n\n| probability | cases | mean probability | accuracy |\n|---|---:|---:|---:|\n",
        report.ece
    );
    for (edge, n, p, a) in &report.reliability {
        out += &format!("| {:.1}–{:.1} | {n} | {p:.3} | {a:.3} |\n", edge, edge + 0.1);
    }
    out += "\n| entity | expected | precision | recall |\n|---|---:|---:|---:|\n";
    for (kind, s) in &report.entities {
        out += &format!("| {kind} | {} | {:.3} | {:.3} |\n", s.expected, s.precision, s.recall);
    }
    out += &format!(
        "\nclassification latency: p50 {:.1} ms, p99 {:.1} ms\n\nconfusion (truth → predicted, errors only):\n",
        report.latency_ms_p50, report.latency_ms_p99
    );
    for (truth, predicted) in &report.confusion {
        let errors: Vec<String> =
            predicted.iter().filter(|(p, _)| *p != truth).map(|(p, n)| format!("{p} {n}")).collect();
        if !errors.is_empty() {
            out += &format!("  {truth} → {}\n", errors.join(", "));
        }
    }
    out += &format!("\nlanguage not detected ({}):\n", report.language_misses.len());
    for (line, text, expected, got) in &report.language_misses {
        out += &format!("  line {line}: {text:?}: {expected} → {got}\n");
    }
    out += &format!("\nmisclassified ({}):\n", report.misses.len());
    for (line, text, truth, got, p) in &report.misses {
        out += &format!("  line {line}: {text:?}: {truth} → {got} ({p:.2})\n");
    }
    out
}
