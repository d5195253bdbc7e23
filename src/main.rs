//! The `kefu` command line: load settings, start telemetry, run one command.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use kefu::app::{self, Application};
use kefu::config::{LoadOptions, Settings};
use kefu::domain::ShopId;
use kefu::{ask, chat_client, telemetry};

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
    /// Answer buyer turns read as JSON lines on stdin; write one JSON result per turn on stdout.
    Ask {
        /// The shop whose knowledge answers (a directory name under knowledge/).
        #[arg(long)]
        shop: String,
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
        Command::Ask { shop } => {
            let shop = ShopId::parse(&shop)?;
            let conversations = app::services(&settings)?;
            let stdin = tokio::io::BufReader::new(tokio::io::stdin());
            let failures = ask::run(&conversations, &shop, stdin, tokio::io::stdout()).await?;
            conversations.flush().await.context("flushing the store")?;
            if failures > 0 {
                eprintln!("kefu ask: {failures} line(s) could not be answered; see the \"error\" lines");
                return Ok(ExitCode::FAILURE);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
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
