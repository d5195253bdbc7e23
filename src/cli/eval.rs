//! `kefu eval …`: the evaluations, each on a scratch database (`eval::*` holds the work).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use kefu::app;
use kefu::config::Settings;
use kefu::domain::{Clock, ShopId};
use kefu::eval;

pub async fn retrieval(
    settings: Settings,
    cases: PathBuf,
    shop: Option<String>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let mut cases = read_cases(&cases, eval::retrieval::parse_cases)?;
    only_shop(&mut cases, shop.as_deref(), |case| &case.shop)?;
    let embedder = app::load_embedder(&settings).await?;
    let services = app::services(&settings, embedder).await?;
    let known = services.ingestor.shops.ids();
    if let Some((line, case)) = cases.iter().find(|(_, c)| !known.iter().any(|k| k.as_str() == c.shop)) {
        anyhow::bail!(
            "line {line}: shop {} is not ingested in {}; run `kefu ingest` first",
            case.shop,
            settings.data_dir().display()
        );
    }
    let report = eval::retrieval::evaluate(&*services.retriever, &cases).await?;
    print_report(&report, json, eval::retrieval::render)
}

pub async fn turns(settings: Settings, cases: PathBuf, shop: Option<String>, json: bool) -> anyhow::Result<ExitCode> {
    let mut cases = read_cases(&cases, eval::turns::parse_cases)?;
    only_shop(&mut cases, shop.as_deref(), |case| &case.shop)?;
    let (_scratch, services) = scratch_services(settings, cases.iter().map(|(_, c)| c.shop.as_str())).await?;
    let report = eval::turns::evaluate(&services.conversations, &*services.detector, &cases).await?;
    print_report(&report, json, eval::turns::render)
}

pub async fn injection(settings: Settings, cases: PathBuf, json: bool) -> anyhow::Result<ExitCode> {
    let cases = read_cases(&cases, eval::injection::parse_cases)?;
    let model = settings.llm.enabled();
    let (_scratch, services) = scratch_services(settings, cases.iter().map(|(_, c)| c.shop.as_str())).await?;
    let report = eval::injection::evaluate(&services.conversations, &services.knowledge, model, &cases).await?;
    let failed = report.total.failed;
    let code = print_report(&report, json, eval::injection::render)?;
    Ok(if failed > 0 { ExitCode::from(1) } else { code })
}

pub async fn actions(
    settings: Settings,
    path: PathBuf,
    shops: Option<PathBuf>,
    runs: usize,
    now: String,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let cases = read_cases(&path, eval::actions::parse_cases)?;
    anyhow::ensure!(runs >= 1, "--runs: at least 1");
    let now: jiff::Timestamp = now.parse().with_context(|| format!("--now {now:?} is not an RFC 3339 time"))?;
    let shops = shops.unwrap_or_else(|| path.parent().unwrap_or(Path::new(".")).join("actions"));
    let (api, _server) = eval::actions::OrderApiFake::start().await?;
    let knowledge = tempfile::tempdir().context("creating a scratch knowledge directory")?;
    let orders =
        eval::actions::prepare_shops(&shops, knowledge.path(), cases.iter().map(|(_, c)| c.shop.as_str()), api.addr)?;
    let mut settings = settings;
    settings.knowledge.dir = knowledge.path().to_owned();
    settings.outbound.allow_private = true;
    settings.outbound.allowed_hosts.clear();
    let shop_ids = cases.iter().map(|(_, c)| c.shop.as_str());
    let (_scratch, services) = scratch_services_at(settings, shop_ids, Clock::Fixed(now)).await?;
    let report = eval::actions::evaluate(&services.conversations, &api, &orders, &cases, runs).await?;
    print_report(&report, json, eval::actions::render)
}

pub async fn intents(settings: Settings, cases: PathBuf, second_opinion: bool, json: bool) -> anyhow::Result<ExitCode> {
    let cases = read_cases(&cases, eval::intents::parse_cases)?;
    let judge = if second_opinion {
        let judge = app::intent_judge(&settings);
        Some(judge.context("--second-opinion needs [llm] base_url and a non-zero llm.second_opinion_timeout")?)
    } else {
        None
    };
    let embedder = app::load_embedder(&settings).await?;
    let (detector, classifier) = app::understanding(&settings, embedder).await?;
    let second = judge
        .as_deref()
        .map(|judge| eval::intents::SecondOpinion { judge, timeout: settings.llm.second_opinion_timeout });
    let report = eval::intents::evaluate(&*detector, &*classifier, second, &cases).await?;
    print_report(&report, json, eval::intents::render)
}

/// The services on a scratch database (the cases' conversations and hand-offs must not land in
/// a real one), with `shops` ingested from the knowledge directory. Keep the directory alive as
/// long as the services.
async fn scratch_services<'a>(
    settings: Settings,
    shops: impl Iterator<Item = &'a str>,
) -> anyhow::Result<(tempfile::TempDir, app::Services)> {
    scratch_services_at(settings, shops, Clock::System).await
}

/// `scratch_services` with turns happening at `clock`'s time.
async fn scratch_services_at<'a>(
    mut settings: Settings,
    shops: impl Iterator<Item = &'a str>,
    clock: Clock,
) -> anyhow::Result<(tempfile::TempDir, app::Services)> {
    let scratch = tempfile::tempdir().context("creating a scratch data directory")?;
    settings.storage.data_dir = scratch.path().to_owned();
    // Scratch means scratch: never the deployment's shared database, Redis or Qdrant, where an
    // evaluation's shops would overwrite real ones.
    settings.storage.backend = kefu::config::StorageBackend::Sled;
    settings.hub.backend = kefu::config::HubBackend::Local;
    settings.index.backend = kefu::config::IndexBackend::Embedded;
    let embedder = app::load_embedder(&settings).await?;
    let services = app::services_at(&settings, embedder, clock).await?;
    for shop in shops.collect::<std::collections::BTreeSet<&str>>() {
        let dir = settings.knowledge.dir.join(shop);
        services
            .ingestor
            .ingest(&ShopId::parse(shop)?, &dir)
            .await
            .with_context(|| format!("ingesting {}", dir.display()))?;
    }
    Ok((scratch, services))
}

/// Reads a file of cases with `parse`; errors name the file.
fn read_cases<T>(path: &Path, parse: impl Fn(&str) -> anyhow::Result<T>) -> anyhow::Result<T> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    parse(&text).with_context(|| format!("{}", path.display()))
}

/// Keeps the cases of `shop` (all when `None`); none left is an error.
fn only_shop<T>(cases: &mut Vec<(usize, T)>, shop: Option<&str>, shop_of: impl Fn(&T) -> &str) -> anyhow::Result<()> {
    if let Some(shop) = shop {
        cases.retain(|(_, case)| shop_of(case) == shop);
        anyhow::ensure!(!cases.is_empty(), "no case is about shop {shop}");
    }
    Ok(())
}

/// Prints a report as JSON or as its table.
fn print_report<R: serde::Serialize>(
    report: &R,
    json: bool,
    render: impl Fn(&R) -> String,
) -> anyhow::Result<ExitCode> {
    if json {
        println!("{}", serde_json::to_string_pretty(report)?);
    } else {
        print!("{}", render(report));
    }
    Ok(ExitCode::SUCCESS)
}
