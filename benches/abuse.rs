//! Abuse limits under load: how a connected buyer's acks fare while 20,000 half-open connections
//! and 1,000 image uploads a second from one address hit the server (issue: "acks p99 within 2×
//! of an idle server").
//!
//! Run with `cargo bench --bench abuse` (add `-- --messages 300 --half-open 20000 --uploads 1000`
//! to change the load). It starts the release `kefu serve` on 127.0.0.1:0 with the test fixture
//! shops and the default limits (`server.max_connections`, `server.max_connections_per_address`,
//! `server.header_read_timeout`, the upload rate and quota); only the one benign buyer's own
//! message buckets are lifted so that it can send its messages back to back. Then:
//!
//! 1. idle: the buyer (127.0.0.1) sends `--messages` messages one after another, each after the
//!    last one's turn ended; ack latency percentiles;
//! 2. under attack: two attacker processes (this binary again, `--attacker`) hold `--half-open`
//!    connections between them that send half a request head and then nothing, from 100
//!    addresses of 127.0.2.0/24 and 127.0.3.0/24 (what the kernel lets one machine do), opening
//!    a new one whenever the server closes one; meanwhile 127.0.0.2 posts `--uploads` images a
//!    second to its own open conversation over 16 keep-alive connections. The buyer sends the
//!    same number of messages again.
//!
//! Results go to stdout as Markdown for docs/benchmarks.md.

use std::ffi::OsStr;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;

#[path = "../tests/launcher/mod.rs"]
#[allow(dead_code, reason = "a bench uses part of the launcher the tests share")]
mod launcher;
use launcher::Kefu;

type Socket = WebSocketStream<TcpStream>;

struct Options {
    messages: usize,
    half_open: usize,
    uploads: u64,
}

fn options() -> Options {
    let mut options = Options { messages: 300, half_open: 20_000, uploads: 1000 };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--messages" => options.messages = value().parse().expect("a number"),
            "--half-open" => options.half_open = value().parse().expect("a number"),
            "--uploads" => options.uploads = value().parse().expect("a number"),
            _ => {}
        }
    }
    options
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    if let Some(at) = args.iter().position(|a| a == "--attacker") {
        // --attacker <server> <count> <third octet>
        let addr: SocketAddr = args[at + 1].parse().unwrap();
        let count: usize = args[at + 2].parse().unwrap();
        let octet: u8 = args[at + 3].parse().unwrap();
        runtime.block_on(hold_half_open(addr, count, octet));
    } else {
        runtime.block_on(bench(options()));
    }
}

async fn bench(options: Options) {
    let data = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/knowledge");
    Kefu::new(&[OsStr::new("ingest"), OsStr::new("--all"), fixtures.as_os_str()], config.path())
        .data_dir(data.path())
        .env("KEFU__TELEMETRY__FILTER", "error")
        .succeeds("ingesting the fixture shops")
        .await;
    let (mut child, addr) = Kefu::new(&["serve", "--listen", "127.0.0.1:0"], config.path())
        .data_dir(data.path())
        .env("KEFU_ENV", "bench")
        .env("KEFU__KNOWLEDGE__DIR", &fixtures)
        .env("KEFU__TELEMETRY__FILTER", "error")
        // The benign buyer's own buckets (per socket and per address) only.
        .env("KEFU__CHAT__BURST", "100000")
        .env("KEFU__CHAT__MESSAGES_PER_MINUTE", "1000000")
        .env("KEFU__CHAT__IP_BURST", "100000")
        .env("KEFU__CHAT__IP_MESSAGES_PER_MINUTE", "1000000")
        .serve()
        .await;
    let pid = child.id().expect("a pid");

    let mut buyer = open_session(addr, Ipv4Addr::LOCALHOST).await.0;
    turn(&mut buyer, "warm-up", "Is the lamp shade cotton?").await;
    // Spare sessions, opened before any attack, for a conversation handed to a person.
    let mut spares = Vec::new();
    for _ in 0..4 {
        spares.push(open_session(addr, Ipv4Addr::LOCALHOST).await.0);
    }
    let idle = acks(&mut buyer, &mut spares, "idle", options.messages).await;

    // The attack.
    let per_process = options.half_open / 2;
    let attackers: Vec<tokio::process::Child> = [2u8, 3]
        .iter()
        .map(|octet| {
            tokio::process::Command::new(std::env::current_exe().unwrap())
                .args(["--attacker", &addr.to_string(), &per_process.to_string(), &octet.to_string()])
                .kill_on_drop(true)
                .spawn()
                .expect("an attacker starts")
        })
        .collect();
    let (flooder, conversation) = open_session(addr, Ipv4Addr::new(127, 0, 0, 2)).await;
    let accepted = Arc::new(AtomicU64::new(0));
    let refused = Arc::new(AtomicU64::new(0));
    let flood = tokio::spawn(flood_uploads(addr, conversation, options.uploads, accepted.clone(), refused.clone()));
    // Let the attack reach its height: every half-open connection attempted.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let held_before = open_fds(pid);
    let started = Instant::now();
    let (sent_before, refused_before) = (accepted.load(Ordering::Relaxed), refused.load(Ordering::Relaxed));
    let attacked = acks(&mut buyer, &mut spares, "attacked", options.messages).await;
    let took = started.elapsed().as_secs_f64();
    let uploads_done =
        accepted.load(Ordering::Relaxed) + refused.load(Ordering::Relaxed) - sent_before - refused_before;
    let held_after = open_fds(pid);
    flood.abort();
    drop(flooder);
    drop(attackers);

    println!("## kefu abuse-limits benchmark\n");
    println!(
        "machine: {} cores; server: release `kefu serve` with the default limits; {} half-open connections attempted from 100 loopback addresses by two processes, {} uploads/s aimed from 127.0.0.2\n",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        options.half_open,
        options.uploads
    );
    println!("| buyer acks | messages | p50 | p99 | max |");
    println!("|---|---:|---:|---:|---:|");
    for (name, sample) in [("idle", &idle), ("under attack", &attacked)] {
        println!(
            "| {name} | {} | {:.2} ms | {:.2} ms | {:.2} ms |",
            sample.len(),
            ms(percentile(sample, 0.5)),
            ms(percentile(sample, 0.99)),
            ms(*sample.last().unwrap())
        );
    }
    println!(
        "\np99 under attack / idle: {:.2}×; server file descriptors during the attack: {held_before}–{held_after}; uploads during the measurement: {:.0}/s sent, {} stored in all, {} refused in all",
        ms(percentile(&attacked, 0.99)) / ms(percentile(&idle, 0.99)).max(0.001),
        uploads_done as f64 / took,
        accepted.load(Ordering::Relaxed),
        refused.load(Ordering::Relaxed),
    );
    child.kill().await.ok();
}

/// Ack latency of `count` messages, each sent after the last one's turn ended; sorted. A
/// conversation handed to a person (where the bot stays quiet) is left for a spare one.
async fn acks(socket: &mut Socket, spares: &mut Vec<Socket>, tag: &str, count: usize) -> Vec<Duration> {
    let texts = ["Is the lamp shade cotton?", "How long does shipping take?", "What is the lamp made of?"];
    let mut out = Vec::with_capacity(count);
    for n in 0..count {
        let (ack, handed_off) = turn(socket, &format!("{tag}-{n}"), texts[n % texts.len()]).await;
        out.push(ack);
        if handed_off {
            *socket = spares.pop().expect("more hand-offs than spares: choose texts the bot answers");
        }
    }
    out.sort();
    out
}

/// Sends one message; the time to its ack (after waiting for the turn to end) and whether it
/// was handed off.
async fn turn(socket: &mut Socket, id: &str, text: &str) -> (Duration, bool) {
    let started = Instant::now();
    let frame = json!({"type": "message", "client_msg_id": id, "text": text});
    socket.send(Message::Text(frame.to_string().into())).await.unwrap();
    let mut ack = None;
    loop {
        let frame = next_frame(socket).await;
        match frame["type"].as_str() {
            Some("ack") if frame["client_msg_id"] == id => ack = Some(started.elapsed()),
            Some(kind @ ("reply" | "handoff")) => return (ack.expect("ack before reply"), kind == "handoff"),
            Some("error") => panic!("server error: {frame}"),
            _ => {}
        }
    }
}

async fn tcp_from(source: Ipv4Addr, addr: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(IpAddr::V4(source), 0))?;
    socket.connect(addr).await
}

/// A buyer session from `source`: the socket and its conversation id.
async fn open_session(addr: SocketAddr, source: Ipv4Addr) -> (Socket, String) {
    let stream = tcp_from(source, addr).await.expect("connects");
    let url = format!("ws://{addr}/v1/chat?shop=test-shop");
    let mut socket = tokio_tungstenite::client_async(url, stream).await.expect("upgrades").0;
    socket.send(Message::Text(json!({"type": "hello"}).to_string().into())).await.unwrap();
    let welcome = next_frame(&mut socket).await;
    assert_eq!(welcome["type"], "welcome");
    let id = welcome["conversation_id"].as_str().unwrap().to_owned();
    (socket, id)
}

async fn next_frame(socket: &mut Socket) -> Value {
    loop {
        match tokio::time::timeout(Duration::from_secs(20), socket.next())
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

/// Keeps `count` connections that never finish their request head, from 50 addresses
/// 127.0.`octet`.1–50, opening a new one when the server closes one. Runs until killed.
async fn hold_half_open(addr: SocketAddr, count: usize, octet: u8) {
    let per_address = count.div_ceil(50);
    let mut tasks = Vec::new();
    for host in 1..=50u8 {
        for _ in 0..per_address {
            let source = Ipv4Addr::new(127, 0, octet, host);
            tasks.push(tokio::spawn(async move {
                loop {
                    if let Ok(mut stream) = tcp_from(source, addr).await {
                        let _ = stream.write_all(b"GET /v1/chat?shop=test-shop HTTP/1.1\r\nHost: x\r\n").await;
                        // Until the server closes it (a refusal at accept, or its header timeout).
                        let mut buf = [0u8; 256];
                        while matches!(stream.read(&mut buf).await, Ok(n) if n > 0) {}
                    }
                    // Back again a second later: a connection refused at accept is retried, not
                    // hammered (the bench's processes share the server's two cores).
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }));
        }
    }
    futures_util::future::join_all(tasks).await;
}

/// Posts a small PNG to `conversation` from 127.0.0.2, `per_second` in all over 16 keep-alive
/// connections; counts stored (201) and refused (anything else) uploads.
async fn flood_uploads(
    addr: SocketAddr,
    conversation: String,
    per_second: u64,
    accepted: Arc<AtomicU64>,
    refused: Arc<AtomicU64>,
) {
    const LINES: u64 = 16;
    let png: Vec<u8> = [b"\x89PNG\r\n\x1a\n".as_slice(), &[7u8; 256]].concat();
    let request = [
        format!(
            "POST /v1/uploads?shop=test-shop&conversation={conversation} HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: {}\r\n\r\n",
            png.len()
        )
        .into_bytes(),
        png,
    ]
    .concat();
    let request = Arc::new(request);
    let lines = (0..LINES).map(|_| {
        let (request, accepted, refused) = (request.clone(), accepted.clone(), refused.clone());
        tokio::spawn(async move {
            let gap = Duration::from_secs_f64(LINES as f64 / per_second as f64);
            let mut tick = tokio::time::interval(gap);
            loop {
                let Ok(stream) = tcp_from(Ipv4Addr::new(127, 0, 0, 2), addr).await else {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                };
                let mut stream = BufReader::new(stream);
                loop {
                    tick.tick().await;
                    if stream.get_mut().write_all(&request).await.is_err() {
                        break;
                    }
                    match read_response(&mut stream).await {
                        Some(201) => accepted.fetch_add(1, Ordering::Relaxed),
                        Some(_) => refused.fetch_add(1, Ordering::Relaxed),
                        None => break,
                    };
                }
            }
        })
    });
    futures_util::future::join_all(lines).await;
}

/// Reads one HTTP/1.1 response; its status, `None` when the connection ended.
async fn read_response(stream: &mut BufReader<TcpStream>) -> Option<u16> {
    let mut line = String::new();
    stream.read_line(&mut line).await.ok().filter(|n| *n > 0)?;
    let status = line.split_whitespace().nth(1)?.parse().ok()?;
    let mut length = 0usize;
    loop {
        line.clear();
        stream.read_line(&mut line).await.ok().filter(|n| *n > 0)?;
        if line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await.ok()?;
    Some(status)
}

fn open_fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |dir| dir.count())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
