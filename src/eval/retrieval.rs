//! `kefu eval retrieval`: how well retrieval finds the passage a question needs.
//!
//! Cases are JSON lines: `{"shop", "query", "language", "expected": [source ids], "cross_lingual"?}`
//! where a source id is what replies cite (the SKU, the order id, `shipping.csv#CL`,
//! `file#heading`). A case is found at rank r when the r-th passage retrieved cites any of
//! `expected`. Reported: recall@1, recall@5 and MRR (over the top 10), overall, per language and
//! for same-language versus cross-lingual cases.

use std::collections::BTreeMap;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::domain::ShopId;
use crate::pipeline::Retriever;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub shop: String,
    pub query: String,
    pub language: String,
    pub expected: Vec<String>,
    #[serde(default)]
    pub cross_lingual: bool,
    /// Whether a person translated the query (kept for the record; not used in scoring).
    #[serde(default)]
    pub translated: bool,
    #[serde(default)]
    pub note: Option<String>,
}

/// Scores for one group of cases.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scores {
    pub cases: usize,
    pub recall_at_1: f64,
    pub recall_at_5: f64,
    pub mrr: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub overall: Scores,
    pub by_language: BTreeMap<String, Scores>,
    pub same_language: Scores,
    pub cross_lingual: Scores,
    /// Cases not found in the top 5, for inspection.
    pub misses: Vec<Miss>,
    pub latency_ms_p50: f64,
    pub latency_ms_p99: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub line: usize,
    pub shop: String,
    pub query: String,
    pub expected: Vec<String>,
    pub got: Vec<String>,
}

/// Depth searched for MRR.
const DEPTH: usize = 10;

/// Parses cases, naming the line of any that is malformed.
pub fn parse_cases(text: &str) -> anyhow::Result<Vec<(usize, Case)>> {
    let cases: Vec<(usize, Case)> = super::parse_lines(text)?;
    if let Some((line, _)) = cases.iter().find(|(_, c)| c.expected.is_empty()) {
        anyhow::bail!("line {line}: \"expected\" is empty");
    }
    Ok(cases)
}

pub async fn evaluate(retriever: &dyn Retriever, cases: &[(usize, Case)]) -> anyhow::Result<Report> {
    let mut ranks: Vec<(&Case, Option<usize>)> = Vec::new();
    let mut latencies = Vec::new();
    let mut misses = Vec::new();
    for (line, case) in cases {
        let shop = ShopId::parse(&case.shop).map_err(|e| anyhow::anyhow!("line {line}: {e}"))?;
        let started = Instant::now();
        let passages = retriever.retrieve(&shop, &case.query, DEPTH).await?;
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        let got: Vec<String> = passages.iter().map(|p| p.source.id.clone()).collect();
        let rank = got.iter().position(|id| case.expected.contains(id));
        if rank.is_none_or(|r| r >= 5) {
            let got = got.into_iter().take(5).collect();
            misses.push(Miss {
                line: *line,
                shop: case.shop.clone(),
                query: case.query.clone(),
                expected: case.expected.clone(),
                got,
            });
        }
        ranks.push((case, rank));
    }
    latencies.sort_by(f64::total_cmp);
    let mut by_language: BTreeMap<String, Vec<Option<usize>>> = BTreeMap::new();
    for (case, rank) in &ranks {
        by_language.entry(case.language.clone()).or_default().push(*rank);
    }
    let pick =
        |cross: bool| ranks.iter().filter(|(c, _)| c.cross_lingual == cross).map(|(_, r)| *r).collect::<Vec<_>>();
    Ok(Report {
        overall: scores(&ranks.iter().map(|(_, r)| *r).collect::<Vec<_>>()),
        by_language: by_language.into_iter().map(|(language, ranks)| (language, scores(&ranks))).collect(),
        same_language: scores(&pick(false)),
        cross_lingual: scores(&pick(true)),
        misses,
        latency_ms_p50: super::percentile(&latencies, 0.5),
        latency_ms_p99: super::percentile(&latencies, 0.99),
    })
}

fn scores(ranks: &[Option<usize>]) -> Scores {
    let n = ranks.len();
    if n == 0 {
        return Scores::default();
    }
    let within = |k: usize| ranks.iter().filter(|r| r.is_some_and(|r| r < k)).count() as f64 / n as f64;
    let mrr = ranks.iter().map(|r| r.map_or(0.0, |r| 1.0 / (r as f64 + 1.0))).sum::<f64>() / n as f64;
    Scores { cases: n, recall_at_1: within(1), recall_at_5: within(5), mrr }
}

/// The report as a Markdown table, for people and docs/benchmarks.md.
pub fn render(report: &Report) -> String {
    let mut out = String::from("| group | cases | recall@1 | recall@5 | MRR |\n|---|---:|---:|---:|---:|\n");
    let mut row = |name: &str, s: &Scores| {
        if s.cases > 0 {
            out += &format!("| {name} | {} | {:.3} | {:.3} | {:.3} |\n", s.cases, s.recall_at_1, s.recall_at_5, s.mrr);
        }
    };
    row("all", &report.overall);
    row("same language", &report.same_language);
    row("cross-lingual", &report.cross_lingual);
    for (language, s) in &report.by_language {
        row(language, s);
    }
    out += &format!("\nretrieval latency: p50 {:.1} ms, p99 {:.1} ms\n", report.latency_ms_p50, report.latency_ms_p99);
    if !report.misses.is_empty() {
        out += &format!("\nnot in the top 5 ({}):\n", report.misses.len());
        for miss in &report.misses {
            out += &format!(
                "  line {} [{}] {:?}: expected {:?}, got {:?}\n",
                miss.line, miss.shop, miss.query, miss.expected, miss.got
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_count_ranks() {
        let s = scores(&[Some(0), Some(1), Some(7), None]);
        assert_eq!(s.cases, 4);
        assert_eq!(s.recall_at_1, 0.25);
        assert_eq!(s.recall_at_5, 0.5);
        assert!((s.mrr - (1.0 + 0.5 + 0.125) / 4.0).abs() < 1e-9);
        assert_eq!(scores(&[]), Scores::default());
    }

    #[test]
    fn malformed_cases_name_their_line() {
        let err = parse_cases("{\"shop\":\"s\",\"query\":\"q\",\"language\":\"en\",\"expected\":[\"A\"]}\n\n{oops")
            .unwrap_err();
        assert!(err.to_string().starts_with("line 3:"), "{err}");
        let err = parse_cases("{\"shop\":\"s\",\"query\":\"q\",\"language\":\"en\",\"expected\":[]}").unwrap_err();
        assert!(err.to_string().contains("empty"), "{err}");
    }
}
