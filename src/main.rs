//! The `kefu` command line: load settings, start telemetry, run one command.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use kefu::app::{self, Application};
use kefu::config::{LoadOptions, Settings};
use kefu::domain::{Clock, Language, ShopId};
use kefu::{ask, chat_client, eval, telemetry};

/// Multilingual customer service for cross-border shops.
#[derive(Debug, Parser)]
#[command(name = "kefu", version, about)]
struct Cli {
    /// One more configuration file, applied above config/{KEFU_ENV}.toml and config/local.toml.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Where kefu keeps its database (overrides storage.data_dir).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve buyer chat over websocket, plus health and metrics endpoints.
    Serve {
        /// Address to listen on (overrides server.listen), e.g. 127.0.0.1:8080 or 0.0.0.0:0.
        #[arg(long, value_name = "ADDR")]
        listen: Option<SocketAddr>,
    },
    /// Chat with a running kefu as a buyer, from the terminal: each line you type is a message.
    Chat {
        /// The shop to talk to.
        #[arg(long)]
        shop: String,
        /// The server's websocket address; by default the one server.listen names.
        #[arg(long, value_name = "URL")]
        server: Option<String>,
        /// Resume this conversation (printed when a chat starts).
        #[arg(long)]
        conversation: Option<String>,
        /// Your language, e.g. es or pt-BR, as a storefront widget would report it.
        #[arg(long)]
        locale: Option<String>,
    },
    /// Ingest a shop's knowledge directory (validate, embed what changed, index), or every
    /// shop directory under knowledge.dir with --all.
    Ingest {
        /// The shop id to ingest DIR as.
        #[arg(long, requires = "dir", conflicts_with = "all")]
        shop: Option<String>,
        /// Ingest every <dir>/<shop_id>/ holding a shop.toml (default dir: knowledge.dir).
        #[arg(long)]
        all: bool,
        /// The shop's directory (with --shop), or the directory of shops (with --all).
        dir: Option<PathBuf>,
    },
    /// Measure a stage against labelled cases.
    #[command(subcommand)]
    Eval(Eval),
    /// Answer buyer turns read as JSON lines on stdin; write one JSON result per turn on stdout.
    Ask {
        /// The shop whose knowledge answers (a directory name under knowledge/).
        #[arg(long)]
        shop: String,
    },
    /// Manage the people who answer buyers in the agent console (/console).
    #[command(subcommand)]
    Agent(AgentCommand),
    /// Create an API key for a shop's own systems: it works like the admin token, for that
    /// shop's admin endpoints only. Printed once; only its hash is stored.
    Key {
        #[arg(long)]
        shop: String,
        /// What the key is for, e.g. "catalogue sync".
        #[arg(long)]
        label: String,
        /// Days the key works (1–3650); without it, until revoked.
        #[arg(long)]
        expires_in_days: Option<u32>,
    },
    /// Erase one buyer's conversation everywhere kefu keeps it — its messages and replies, its
    /// hand-off, its marketplace inbox and outbox rows, the images attached to it — named by
    /// kefu's id, by a platform's conversation, or by the buyer's WhatsApp number. With
    /// --export FILE it is written there first, as JSON. Run it with the server stopped.
    Erase {
        #[arg(long)]
        shop: String,
        #[arg(long, conflicts_with_all = ["platform", "phone"])]
        conversation: Option<String>,
        #[arg(long, requires = "platform_conversation", conflicts_with = "phone")]
        platform: Option<String>,
        #[arg(long, requires = "platform")]
        platform_conversation: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        export: Option<PathBuf>,
    },
    /// Delete a shop and everything kefu keeps of it: its knowledge, conversations, images,
    /// marketplace rows, keys, canned replies, audit and reviews (agents keep their accounts
    /// without it). The shop's files under knowledge.dir and secrets.dir are the operator's and
    /// stay. Run it with the server stopped (or use DELETE /v1/admin/shops/{shop}).
    DeleteShop {
        #[arg(long)]
        shop: String,
        /// Says that the deletion is meant: it cannot be undone.
        #[arg(long)]
        yes: bool,
    },
    /// Fit the intent classifier on the built-in examples (the team's and third-party data,
    /// compiled in) and write it where the next build compiles it in. Run after changing
    /// knowledge/intents; about a minute.
    #[command(subcommand)]
    Intents(IntentsCommand),
    /// Show what retrieval finds in a shop's knowledge for a question: each passage's rank,
    /// fused score, relevance (the embedding's cosine) and first line. For checking knowledge
    /// files and thresholds.
    Search {
        /// The shop whose knowledge is searched.
        #[arg(long)]
        shop: String,
        /// How many passages to show.
        #[arg(long, default_value_t = 8)]
        limit: usize,
        /// The question, as a buyer would write it.
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
enum IntentsCommand {
    /// Embed the examples, fit, calibrate on held-out sources, write the model.
    Fit {
        /// Where to write it.
        #[arg(long, default_value = "knowledge/intents/model.json")]
        out: PathBuf,
        /// Passes over the examples.
        #[arg(long, default_value_t = 40)]
        epochs: usize,
        #[arg(long, default_value_t = 0.01)]
        learning_rate: f32,
        /// Weight decay.
        #[arg(long, default_value_t = 1e-4)]
        l2: f32,
    },
}

#[derive(Debug, Subcommand)]
enum AgentCommand {
    /// Create an agent, or replace the one with this id (new password, name, shops). The
    /// password is read from KEFU_AGENT_PASSWORD, else from the first line of stdin.
    Add {
        /// a-z, 0-9 and -; shown in the audit log.
        #[arg(long)]
        id: String,
        /// The name buyers see beside the agent's replies.
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        /// agent or shop_admin.
        #[arg(long, default_value = "agent")]
        role: String,
        /// The language the agent reads and writes, e.g. en or zh-CN.
        #[arg(long, default_value = "en")]
        language: String,
        /// The shops the agent serves, comma-separated.
        #[arg(long, value_delimiter = ',', required = true)]
        shops: Vec<String>,
    },
    /// List the agents.
    List,
}

#[derive(Debug, Subcommand)]
enum Eval {
    /// Recall@1, recall@5 and MRR of retrieval, overall and per language, on ingested shops.
    Retrieval {
        /// JSON lines: {"shop","query","language","expected":[source ids],"cross_lingual"?}
        cases: PathBuf,
        /// Only the cases of this shop.
        #[arg(long)]
        shop: Option<String>,
        /// Print the report as JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Whole conversations through the service: automated resolution, confidently-wrong
    /// answers, hand-off precision and recall, reply language, latency. Ingests the cases'
    /// shops from the knowledge directory into a temporary database first.
    Turns {
        /// JSON lines: {"id","shop","language","turns":[{"text","expect":{"outcome",…}}]}
        cases: PathBuf,
        /// Only the cases of this shop.
        #[arg(long)]
        shop: Option<String>,
        /// Print the report as JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Prompt-injection attempts through the service with the configured language model
    /// ([llm]): each reply must carry none of what the attack wanted said, none of kefu's own
    /// instructions and no offer the shop does not make (a hand-off passes). Ingests the cases'
    /// shops into a temporary database first.
    Injection {
        /// JSON lines: {"id","shop","language","text","injected":[..],"source","translated"?}
        cases: PathBuf,
        /// Print the report as JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Actions on orders (cancel, new address, return, exchange) in scripted conversations,
    /// against a local order API that records what it is asked to do: each case must end with
    /// exactly the expected actions, once each, and reveal nothing it must not; pass^k over
    /// repeated runs. Ingests the cases' shops into a temporary database first.
    Actions {
        /// JSON lines: {"id","shop","language","turns":[..],"expect":[{"action","order_id",…}],"never_say"?}
        cases: PathBuf,
        /// Where the cases' shops are (default: `actions/` beside the cases file).
        #[arg(long)]
        shops: Option<PathBuf>,
        /// Runs of each case (pass^k).
        #[arg(long, default_value_t = 4)]
        runs: usize,
        /// The moment the conversations happen at (RFC 3339), as the shops' order dates assume.
        #[arg(long, default_value = "2026-12-01T12:00:00Z")]
        now: String,
        /// Print the report as JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Intent accuracy and macro-F1 per language, confusion, calibration error, language
    /// detection and entities. Needs no ingested shop.
    Intents {
        /// JSON lines: {"text","language","intent","translated"?,"entities"?}
        cases: PathBuf,
        /// Also ask the configured language model ([llm]) on close calls, as the pipeline does.
        #[arg(long)]
        second_opinion: bool,
        /// Print the report as JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let options =
        LoadOptions { extra_file: cli.config.clone(), data_dir: cli.data_dir.clone(), ..LoadOptions::from_env() };
    let mut settings = match Settings::load(&options) {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("kefu: {err}");
            return ExitCode::from(2);
        }
    };
    if let Command::Serve { listen: Some(listen) } = &cli.command {
        settings.server.listen = *listen;
    }
    telemetry::init(&settings.telemetry, std::io::stderr);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("kefu: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command, settings)) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("kefu: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, settings: Settings) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve { .. } => serve(settings).await,
        Command::Chat { shop, server, conversation, locale } => {
            let server = server.unwrap_or_else(|| format!("ws://{}", settings.server.listen));
            let options = chat_client::ChatOptions { server, shop, conversation, locale };
            let stdin = tokio::io::BufReader::new(tokio::io::stdin());
            chat_client::run(&options, stdin, tokio::io::stdout()).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Ingest { shop, all, dir } => ingest(settings, shop, all, dir).await,
        Command::Eval(Eval::Retrieval { cases, shop, json }) => {
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
        Command::Eval(Eval::Turns { cases, shop, json }) => {
            let mut cases = read_cases(&cases, eval::turns::parse_cases)?;
            only_shop(&mut cases, shop.as_deref(), |case| &case.shop)?;
            let (_scratch, services) = scratch_services(settings, cases.iter().map(|(_, c)| c.shop.as_str())).await?;
            let report = eval::turns::evaluate(&services.conversations, &*services.detector, &cases).await?;
            print_report(&report, json, eval::turns::render)
        }
        Command::Eval(Eval::Injection { cases, json }) => {
            let cases = read_cases(&cases, eval::injection::parse_cases)?;
            let model = settings.llm.enabled();
            let (_scratch, services) = scratch_services(settings, cases.iter().map(|(_, c)| c.shop.as_str())).await?;
            let report = eval::injection::evaluate(&services.conversations, &services.knowledge, model, &cases).await?;
            let failed = report.total.failed;
            let code = print_report(&report, json, eval::injection::render)?;
            Ok(if failed > 0 { ExitCode::from(1) } else { code })
        }
        Command::Eval(Eval::Actions { cases: path, shops, runs, now, json }) => {
            let cases = read_cases(&path, eval::actions::parse_cases)?;
            anyhow::ensure!(runs >= 1, "--runs: at least 1");
            let now: jiff::Timestamp = now.parse().with_context(|| format!("--now {now:?} is not an RFC 3339 time"))?;
            let shops = shops.unwrap_or_else(|| path.parent().unwrap_or(std::path::Path::new(".")).join("actions"));
            let (api, _server) = eval::actions::OrderApiFake::start().await?;
            let knowledge = tempfile::tempdir().context("creating a scratch knowledge directory")?;
            let orders = eval::actions::prepare_shops(
                &shops,
                knowledge.path(),
                cases.iter().map(|(_, c)| c.shop.as_str()),
                api.addr,
            )?;
            let mut settings = settings;
            settings.knowledge.dir = knowledge.path().to_owned();
            settings.outbound.allow_private = true;
            settings.outbound.allowed_hosts.clear();
            let shop_ids = cases.iter().map(|(_, c)| c.shop.as_str());
            let (_scratch, services) = scratch_services_at(settings, shop_ids, Clock::Fixed(now)).await?;
            let report = eval::actions::evaluate(&services.conversations, &api, &orders, &cases, runs).await?;
            print_report(&report, json, eval::actions::render)
        }
        Command::Eval(Eval::Intents { cases, second_opinion, json }) => {
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
        Command::Ask { shop } => {
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
        Command::Agent(command) => {
            let store = kefu::app::open_store(&settings).await?;
            match command {
                AgentCommand::Add { id, name, email, role, language, shops } => {
                    let password = match kefu::config::deployment_secret("KEFU_AGENT_PASSWORD") {
                        Some(password) => password,
                        None => {
                            let mut line = String::new();
                            std::io::stdin().read_line(&mut line).context("reading the password from stdin")?;
                            line.trim_end_matches(['\r', '\n']).to_owned()
                        }
                    };
                    let role = kefu::console::store::Role::parse(&role)
                        .ok_or_else(|| anyhow::anyhow!("--role: agent or shop_admin, not {role:?}"))?;
                    let language = Language::parse(&language)
                        .ok_or_else(|| anyhow::anyhow!("--language: a language tag such as en or zh-CN"))?;
                    let shops = shops.iter().map(|s| ShopId::parse(s)).collect::<Result<Vec<_>, _>>()?;
                    let new = kefu::console::NewAgent { id, name, email, password, role, language, shops };
                    let agent = kefu::console::add_agent(&*store, new).await?;
                    println!("agent {} ({}) saved; serves {}", agent.id, agent.email, agent.shops.len());
                }
                AgentCommand::List => {
                    for agent in kefu::console::store::ConsoleStore::agents(&*store).await? {
                        let shops: Vec<&str> = agent.shops.iter().map(|s| s.as_str()).collect();
                        println!(
                            "{}\t{}\t{}\t{:?}\t{}\t{}",
                            agent.id,
                            agent.name,
                            agent.email,
                            agent.role,
                            agent.language.as_str(),
                            shops.join(",")
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Key { shop, label, expires_in_days } => {
            let store = kefu::app::open_store(&settings).await?;
            let shop = ShopId::parse(&shop)?;
            let lifetime = expires_in_days.map(kefu::console::key_lifetime).transpose()?;
            let key = kefu::console::add_api_key(&*store, &shop, &label, lifetime).await?;
            println!("{key}");
            eprintln!("kefu key: the key for {shop} is above; it is not shown again");
            Ok(ExitCode::SUCCESS)
        }
        Command::Erase { shop, conversation, platform, platform_conversation, phone, export } => {
            use kefu::erasure::{Eraser, Whose};
            let shop = ShopId::parse(&shop)?;
            let whose = Whose::named(conversation, platform, platform_conversation, phone).map_err(|message| {
                anyhow::anyhow!("{message} (--conversation, --platform with --platform-conversation, or --phone)")
            })?;
            let key = whose.key(&shop).map_err(anyhow::Error::msg)?;
            // The export file is made before anything is erased: a path that cannot be written
            // stops the erasure instead of losing the data.
            let export_file = match &export {
                Some(path) => Some(
                    std::fs::File::create(path)
                        .with_context(|| format!("cannot write the export to {}", path.display()))?,
                ),
                None => None,
            };
            let store = kefu::app::open_store(&settings).await?;
            let eraser = Eraser {
                log: store.clone(),
                queue: store.clone(),
                uploads: store.clone(),
                console: store.clone(),
                actions: store,
            };
            let Some(erased) = eraser.erase(&key, export.is_some()).await? else {
                eprintln!("kefu erase: shop {shop} has no conversation {}", key.id.as_str());
                return Ok(ExitCode::from(1));
            };
            if let (Some(file), Some(entries)) = (export_file, &erased.export) {
                let entries: Vec<_> = entries.iter().map(kefu::gateway::wire::console::EntryOut::of).collect();
                serde_json::to_writer_pretty(std::io::BufWriter::new(file), &entries).context("writing the export")?;
            }
            println!(
                "erased {} of shop {shop}: {} entries, {} images, {} marketplace rows",
                erased.conversation, erased.entries, erased.images, erased.channel_rows
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::DeleteShop { shop, yes } => {
            let shop = ShopId::parse(&shop)?;
            anyhow::ensure!(yes, "deleting shop {shop} cannot be undone: add --yes to mean it");
            let embedder = app::load_embedder(&settings).await?;
            let services = app::services(&settings, embedder).await?;
            match kefu::erasure::delete_shop(&services.ingestor, &services.eraser, &shop).await {
                Ok(deleted) => {
                    println!(
                        "deleted shop {shop}: {} conversations, {} more images, {} more marketplace rows, {} console rows",
                        deleted.conversations, deleted.images, deleted.channel_rows, deleted.console_rows
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(kefu::erasure::DeleteError::Unknown(_)) => {
                    eprintln!("kefu delete-shop: there is no shop {shop} in {}", settings.data_dir().display());
                    Ok(ExitCode::from(1))
                }
                Err(err) => {
                    Err(anyhow::Error::new(err).context("the deletion stopped part way; run it again to finish"))
                }
            }
        }
        Command::Intents(IntentsCommand::Fit { out, epochs, learning_rate, l2 }) => {
            let embedder = app::load_embedder(&settings).await?;
            let options = kefu::intent::linear::FitOptions { epochs, learning_rate, l2 };
            let summary = app::fit_intents(&settings, embedder, &out, options).await?;
            println!("{summary}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Search { shop, limit, text } => {
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
    }
}

/// Reads a file of cases with `parse`; errors name the file.
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

fn read_cases<T>(path: &std::path::Path, parse: impl Fn(&str) -> anyhow::Result<T>) -> anyhow::Result<T> {
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

async fn ingest(settings: Settings, shop: Option<String>, all: bool, dir: Option<PathBuf>) -> anyhow::Result<ExitCode> {
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
                    "{shop}: {} passages ({} embedded, {} unchanged, {} deleted), {} orders, {:.1} s",
                    report.passages,
                    report.embedded,
                    report.unchanged,
                    report.deleted,
                    report.orders,
                    report.elapsed.as_secs_f64()
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

async fn serve(settings: Settings) -> anyhow::Result<ExitCode> {
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
