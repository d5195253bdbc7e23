//! The other commands: `serve`, `ingest`, `chat`, `ask`, `search`, `intents fit`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use kefu::app::{self, Application};
use kefu::config::Settings;
use kefu::domain::ShopId;
use kefu::{ask, chat_client};

pub async fn serve(settings: Settings) -> anyhow::Result<ExitCode> {
    let application = Application::build(settings).await?;
    let addr = application.local_addr();
    // The first line on stdout is for scripts; logs go to stderr. A closed stdout (a script that
    // read the first line and went away) must not stop the server, so write errors are ignored.
    let mut banner = format!("kefu listening on http://{addr}\n");
    for shop in application.shops() {
        banner += &format!(
            "  chat with {shop}: ws://{addr}/v1/chat?shop={shop}   (in a terminal: kefu chat --shop {shop})\n"
        );
    }
    let mut stdout = std::io::stdout();
    let _ = stdout.write_all(banner.as_bytes()).and_then(|()| stdout.flush());
    application.run_until_stopped(app::shutdown_signal()).await?;
    Ok(ExitCode::SUCCESS)
}

pub async fn ingest(
    settings: Settings,
    shop: Option<String>,
    all: bool,
    dir: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let targets: Vec<(ShopId, PathBuf)> = match (shop, all) {
        (Some(shop), false) => {
            vec![(ShopId::parse(&shop)?, dir.context("give the shop's directory: kefu ingest --shop S DIR")?)]
        }
        (None, true) => {
            let root = dir.unwrap_or_else(|| settings.knowledge.dir.clone());
            let mut found = Vec::new();
            let entries = std::fs::read_dir(&root).with_context(|| format!("cannot read {}", root.display()))?;
            for entry in entries.flatten() {
                let path = entry.path();
                if !path.join("shop.toml").is_file() {
                    continue;
                }
                let name = entry.file_name().to_string_lossy().into_owned();
                let id = ShopId::parse(&name)
                    .with_context(|| format!("{}: the directory name is the shop id", path.display()))?;
                found.push((id, path));
            }
            found.sort();
            anyhow::ensure!(!found.is_empty(), "no shop directories (with a shop.toml) in {}", root.display());
            found
        }
        _ => anyhow::bail!("say what to ingest: kefu ingest --shop S DIR, or kefu ingest --all [DIR]"),
    };
    let embedder = app::load_embedder(&settings).await?;
    let services = app::services(&settings, embedder).await?;
    let mut failed = 0;
    let mut changed = Vec::new();
    for (shop, dir) in targets {
        match services.ingestor.ingest(&shop, &dir).await {
            Ok(report) => {
                changed.push(shop.clone());
                println!(
                    "{shop}: {} passages ({} embedded, {} unchanged, {} deleted), {} orders, {:.1} s (embedding {:.1} s{}, warming up {:.1} s)",
                    report.passages,
                    report.embedded,
                    report.unchanged,
                    report.deleted,
                    report.orders,
                    report.elapsed.as_secs_f64(),
                    report.embedding.as_secs_f64(),
                    per_second(report.embedded, report.embedding),
                    report.warming.as_secs_f64(),
                );
                for warning in &report.warnings {
                    println!("  warning: {warning}");
                }
            }
            Err(err) => {
                failed += 1;
                eprintln!("{shop} ({}): {err}", dir.display());
            }
        }
    }
    services.conversations.flush().await.context("flushing the store")?;
    if settings.hub.backend == kefu::config::HubBackend::Redis && !changed.is_empty() {
        // Nodes serving from the same database reload what changed.
        kefu::redis::announce(&settings.hub.redis, &changed)
            .await
            .context("the shops are stored, but running nodes were not told; restart them or ingest again")?;
    }
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

pub async fn chat(
    settings: Settings,
    shop: String,
    server: Option<String>,
    conversation: Option<String>,
    locale: Option<String>,
) -> anyhow::Result<ExitCode> {
    let server = server.unwrap_or_else(|| format!("ws://{}", settings.server.listen));
    let options = chat_client::ChatOptions { server, shop, conversation, locale };
    let stdin = tokio::io::BufReader::new(tokio::io::stdin());
    chat_client::run(&options, stdin, tokio::io::stdout()).await?;
    Ok(ExitCode::SUCCESS)
}

pub async fn ask(settings: Settings, shop: String) -> anyhow::Result<ExitCode> {
    let shop = ShopId::parse(&shop)?;
    let embedder = app::load_embedder(&settings).await?;
    let conversations = app::services(&settings, embedder).await?.conversations;
    let stdin = tokio::io::BufReader::new(tokio::io::stdin());
    let failures = ask::run(&conversations, &shop, stdin, tokio::io::stdout()).await?;
    conversations.flush().await.context("flushing the store")?;
    if failures > 0 {
        eprintln!("kefu ask: {failures} line(s) could not be answered; see the \"error\" lines");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn search(settings: Settings, shop: String, limit: usize, text: Vec<String>) -> anyhow::Result<ExitCode> {
    let shop = ShopId::parse(&shop)?;
    let embedder = app::load_embedder(&settings).await?;
    let retriever = app::services(&settings, embedder).await?.retriever;
    let passages = retriever.retrieve(&shop, &text.join(" "), limit).await?;
    anyhow::ensure!(!passages.is_empty(), "nothing found: is shop {shop} ingested? (kefu ingest --all)");
    println!("rank  score  relevance  lang  source");
    for (rank, p) in passages.iter().enumerate() {
        let first = p.text.lines().next().unwrap_or_default();
        println!(
            "{:>4}  {:.3}  {:>9.3}  {:<4}  {} {}\n      {}",
            rank + 1,
            p.source.score,
            p.relevance,
            p.language.as_str(),
            format!("{:?}", p.source.kind).to_lowercase(),
            p.source.id,
            first
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn fit_intents(
    settings: Settings,
    out: PathBuf,
    options: kefu::intent::linear::FitOptions,
) -> anyhow::Result<ExitCode> {
    let embedder = app::load_embedder(&settings).await?;
    let summary = app::fit_intents(&settings, embedder, &out, options).await?;
    println!("{summary}");
    Ok(ExitCode::SUCCESS)
}

/// ", 12.3 passages/s" when something was embedded.
fn per_second(passages: usize, took: std::time::Duration) -> String {
    if passages == 0 || took.is_zero() {
        return String::new();
    }
    format!(", {:.1} passages/s", passages as f64 / took.as_secs_f64())
}
