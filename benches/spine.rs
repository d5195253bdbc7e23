//! The spine's benchmark: memory per idle buyer session and turns per second.
//!
//! Run with `cargo bench --bench spine` (add `-- --sessions 1000,10000 --clients 32 --turns 20`
//! to change the load). It starts the release `kefu serve` as a child process on 127.0.0.1:0
//! with the test fixture shops and a fresh data dir, then:
//!
//! 1. idle sessions: opens websocket sessions (connect + hello + welcome) up to each count in
//!    `--sessions` and reads the server's resident memory (VmRSS) after each step; the cost of a
//!    session is the growth over the baseline divided by the sessions opened;
//! 2. turns: `--clients` buyers each send `--turns` messages one after another, each waiting for
//!    its reply, and it reports turns/s with ack and reply latency percentiles. The messages are
//!    the real buyer messages of knowledge/eval/intents.jsonl, each sent once.
//!
//! Every turn writes and flushes the buyer message and the reply to sled, so turns/s includes
//! two durable writes. Results go to stdout as a Markdown table for docs/benchmarks.md.
//!
//! Every `KEFU__*` variable of the bench's environment reaches `kefu ingest` and `kefu serve`,
//! so the same load runs on PostgreSQL (`KEFU__STORAGE__BACKEND=postgres`,
//! `KEFU__STORAGE__POSTGRES__URL=…`) and, with `--nodes 2`, on two `kefu serve` sharing it
//! through Redis (`KEFU__HUB__BACKEND=redis`, `KEFU__HUB__REDIS__URL=…`): sessions and buyers
//! are spread over the nodes in turn, and memory is the nodes' RSS summed.

use std::ffi::OsStr;
use std::path::Path;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

#[path = "../tests/launcher/mod.rs"]
#[allow(dead_code, reason = "a bench uses part of the launcher the tests share")]
mod launcher;
use launcher::Kefu;

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

struct Options {
    sessions: Vec<usize>,
    /// Open sockets without a hello: the cost of a bare connection, without its conversation.
    bare: bool,
    clients: usize,
    turns: usize,
    nodes: usize,
}

fn options() -> Options {
    let mut options = Options { sessions: vec![1000, 10_000], bare: false, clients: 32, turns: 20, nodes: 1 };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--sessions" => options.sessions = value().split(',').map(|n| n.parse().expect("a number")).collect(),
            "--clients" => options.clients = value().parse().expect("a number"),
            "--turns" => options.turns = value().parse().expect("a number"),
            "--bare" => options.bare = true,
            "--nodes" => options.nodes = value().parse().expect("a number"),
            // cargo bench passes --bench; ignore flags we do not know.
            _ => {}
        }
    }
    options
}

#[tokio::main]
async fn main() {
    let options = options();
    let data = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/knowledge");
    Kefu::new(&[OsStr::new("ingest"), OsStr::new("--all"), fixtures.as_os_str()], config.path())
        .data_dir(data.path())
        .succeeds("ingesting the fixture shops")
        .await;
    let mut nodes = Vec::new();
    for _ in 0..options.nodes.max(1) {
        nodes.push(start_node(data.path(), config.path(), &fixtures).await);
    }
    let pids: Vec<u32> = nodes.iter().map(|(child, _)| child.id().expect("a pid")).collect();
    let addrs: Vec<String> = nodes.iter().map(|(_, addr)| addr.clone()).collect();
    let addr_of = |n: usize| addrs[n % addrs.len()].clone();
    let rss = || pids.iter().map(|pid| rss_kib(*pid)).sum::<u64>();

    // Warm up: one full turn, so lazily built state is in the baseline.
    for (n, addr) in addrs.iter().enumerate() {
        let mut warm = open_session(addr).await;
        turn(&mut warm, &format!("warm-up-{n}"), "hello").await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;

    println!("## kefu spine benchmark\n");
    println!(
        "machine: {} cores; server: {} release `kefu serve`, storage {}, hub {}\n",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        addrs.len(),
        std::env::var("KEFU__STORAGE__BACKEND").unwrap_or_else(|_| "sled (temp dir)".into()),
        std::env::var("KEFU__HUB__BACKEND").unwrap_or_else(|_| "local".into()),
    );
    println!("| idle sessions | server RSS | growth over baseline | per session |");
    println!("|---:|---:|---:|---:|");
    let baseline = rss();
    println!("| 0 | {} KiB | — | — |", baseline);
    let mut sessions: Vec<Socket> = Vec::new();
    for &target in &options.sessions {
        while sessions.len() < target {
            let batch = (target - sessions.len()).min(256);
            let first = sessions.len();
            let opened = futures_util::future::join_all((0..batch).map(|i| {
                let addr = addr_of(first + i);
                async move { if options.bare { connect(&addr).await } else { open_session(&addr).await } }
            }))
            .await;
            sessions.extend(opened);
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
        let rss = rss();
        let growth = rss.saturating_sub(baseline);
        println!("| {target} | {rss} KiB | {growth} KiB | {:.2} KiB |", growth as f64 / target as f64);
    }
    drop(sessions);
    tokio::time::sleep(Duration::from_secs(1)).await;

    // Real buyer messages in twelve languages, each sent once, so no cache helps.
    let messages: std::sync::Arc<Vec<String>> = std::sync::Arc::new(
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge/eval/intents.jsonl"))
            .expect("the intent evaluation set")
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_owned))
            .collect(),
    );
    let started = Instant::now();
    let workers = (0..options.clients).map(|c| {
        let addr = addr_of(c);
        let turns = options.turns;
        let messages = messages.clone();
        tokio::spawn(async move {
            let mut socket = open_session(&addr).await;
            let mut latencies = Vec::with_capacity(turns);
            for t in 0..turns {
                let text = &messages[(c * turns + t) % messages.len()];
                let (ack, reply, handed_off) = turn(&mut socket, &format!("c{c}-t{t}"), text).await;
                latencies.push((ack, reply));
                if handed_off {
                    // A person owns that conversation now and the bot stays quiet: start another.
                    socket = open_session(&addr).await;
                }
            }
            latencies
        })
    });
    let results: Vec<(Duration, Duration)> =
        futures_util::future::join_all(workers).await.into_iter().flat_map(|r| r.expect("worker")).collect();
    let elapsed = started.elapsed();
    let mut acks: Vec<Duration> = results.iter().map(|r| r.0).collect();
    let mut replies: Vec<Duration> = results.iter().map(|r| r.1).collect();
    acks.sort();
    replies.sort();
    println!("\n| turns | clients | turns/s | ack p50 | ack p99 | reply p50 | reply p99 |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {} | {} | {:.0} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms |",
        results.len(),
        options.clients,
        results.len() as f64 / elapsed.as_secs_f64(),
        ms(percentile(&acks, 0.50)),
        ms(percentile(&acks, 0.99)),
        ms(percentile(&replies, 0.50)),
        ms(percentile(&replies, 0.99)),
    );
    for (mut child, _) in nodes {
        child.kill().await.ok();
    }
}

/// `kefu serve` on the ingested data, with the bench's `KEFU__*` settings; its address.
async fn start_node(data: &Path, config: &Path, fixtures: &Path) -> (tokio::process::Child, String) {
    let (child, addr) = Kefu::new(&["serve", "--listen", "127.0.0.1:0"], config)
        .data_dir(data)
        .env("KEFU_ENV", "bench")
        .env("KEFU__KNOWLEDGE__DIR", fixtures)
        .env("KEFU__CHAT__MAX_CONNECTIONS_PER_IP", "100000")
        // Every client of the bench is one address: lift the per-address connection cap too.
        .env("KEFU__SERVER__MAX_CONNECTIONS_PER_ADDRESS", "100000")
        .env("KEFU__SERVER__MAX_CONNECTIONS", "100000")
        .envs(std::env::vars().filter(|(k, _)| k.starts_with("KEFU__")))
        .env("KEFU__CHAT__BURST", "100000")
        .env("KEFU__CHAT__MESSAGES_PER_MINUTE", "1000000")
        .env("KEFU__CHAT__IP_BURST", "100000")
        .env("KEFU__CHAT__IP_MESSAGES_PER_MINUTE", "1000000")
        .serve()
        .await;
    (child, addr.to_string())
}

async fn connect(addr: &str) -> Socket {
    let url = format!("ws://{addr}/v1/chat?shop=test-shop");
    tokio_tungstenite::connect_async(url).await.expect("connects").0
}

async fn open_session(addr: &str) -> Socket {
    let mut socket = connect(addr).await;
    socket.send(Message::Text(json!({"type": "hello"}).to_string().into())).await.unwrap();
    let welcome = next_frame(&mut socket).await;
    assert_eq!(welcome["type"], "welcome");
    socket
}

/// Sends one message and waits for its reply or hand-off; returns (time to ack, time to reply,
/// handed off).
async fn turn(socket: &mut Socket, id: &str, text: &str) -> (Duration, Duration, bool) {
    let started = Instant::now();
    let frame = json!({"type": "message", "client_msg_id": id, "text": text});
    socket.send(Message::Text(frame.to_string().into())).await.unwrap();
    let mut ack = None;
    loop {
        let frame = next_frame(socket).await;
        match frame["type"].as_str() {
            Some("ack") if frame["client_msg_id"] == id => ack = Some(started.elapsed()),
            Some(kind @ ("reply" | "handoff")) => {
                return (ack.expect("ack before reply"), started.elapsed(), kind == "handoff");
            }
            Some("error") => panic!("server error: {frame}"),
            _ => {}
        }
    }
}

async fn next_frame(socket: &mut Socket) -> Value {
    loop {
        match tokio::time::timeout(Duration::from_secs(30), socket.next())
            .await
            .expect("a frame")
            .expect("open")
            .unwrap()
        {
            Message::Text(text) => return serde_json::from_str(&text).unwrap(),
            Message::Close(frame) => panic!("closed: {frame:?}"),
            Message::Ping(_) | Message::Pong(_) | Message::Binary(_) | Message::Frame(_) => {}
        }
    }
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc is readable");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/<pid>/status")
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
