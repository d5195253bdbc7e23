//! The `kefu` command line: parse it, load settings, start telemetry, run one command
//! (`cli/…` holds each command's body).

mod cli;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use cli::{accounts, commands, erase, eval};
use kefu::config::{LoadOptions, Settings};
use kefu::telemetry;

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
    /// knowledge/intents; about three minutes.
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
        /// Passes over the examples (default: what model.json was fitted with).
        #[arg(long)]
        epochs: Option<usize>,
        #[arg(long)]
        learning_rate: Option<f32>,
        /// Weight decay.
        #[arg(long)]
        l2: Option<f32>,
        /// Weigh the intents by their inverse frequency.
        #[arg(long)]
        balanced: bool,
        /// Units in the hidden layer; 0 fits a linear model.
        #[arg(long)]
        hidden: Option<usize>,
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
        Command::Serve { .. } => commands::serve(settings).await,
        Command::Chat { shop, server, conversation, locale } => {
            commands::chat(settings, shop, server, conversation, locale).await
        }
        Command::Ingest { shop, all, dir } => commands::ingest(settings, shop, all, dir).await,
        Command::Eval(Eval::Retrieval { cases, shop, json }) => eval::retrieval(settings, cases, shop, json).await,
        Command::Eval(Eval::Turns { cases, shop, json }) => eval::turns(settings, cases, shop, json).await,
        Command::Eval(Eval::Injection { cases, json }) => eval::injection(settings, cases, json).await,
        Command::Eval(Eval::Actions { cases, shops, runs, now, json }) => {
            eval::actions(settings, cases, shops, runs, now, json).await
        }
        Command::Eval(Eval::Intents { cases, second_opinion, json }) => {
            eval::intents(settings, cases, second_opinion, json).await
        }
        Command::Ask { shop } => commands::ask(settings, shop).await,
        Command::Agent(AgentCommand::Add { id, name, email, role, language, shops }) => {
            accounts::add_agent(settings, id, name, email, role, language, shops).await
        }
        Command::Agent(AgentCommand::List) => accounts::list_agents(settings).await,
        Command::Key { shop, label, expires_in_days } => {
            accounts::add_key(settings, shop, label, expires_in_days).await
        }
        Command::Erase { shop, conversation, platform, platform_conversation, phone, export } => {
            erase::erase(settings, shop, conversation, platform, platform_conversation, phone, export).await
        }
        Command::DeleteShop { shop, yes } => erase::delete_shop(settings, shop, yes).await,
        Command::Intents(IntentsCommand::Fit { out, epochs, learning_rate, l2, balanced, hidden }) => {
            let default = kefu::intent::linear::FitOptions::default();
            let options = kefu::intent::linear::FitOptions {
                epochs: epochs.unwrap_or(default.epochs),
                learning_rate: learning_rate.unwrap_or(default.learning_rate),
                l2: l2.unwrap_or(default.l2),
                balanced: balanced || default.balanced,
                hidden: hidden.unwrap_or(default.hidden),
            };
            commands::fit_intents(settings, out, options).await
        }
        Command::Search { shop, limit, text } => commands::search(settings, shop, limit, text).await,
    }
}
