//! The channels' benchmark: how fast a webhook delivery is acknowledged under load, and how many
//! replies a second flow through the inbox and the outbox.
//!
//! Run with `cargo bench --bench channels` (add `-- --deliveries 2000 --clients 16` to change
//! the load). It starts the release `kefu serve` as a child process with one shop on the generic
//! signed webhook whose replies go to a fake platform in this process (at 1,000 a second, the
//! shop's `per_second`), then `--clients` senders post `--deliveries` signed deliveries in all,
//! each a new buyer message, as fast as they are acknowledged. It reports the acknowledgement
//! latency (request sent → 200; the delivery verified, stored and flushed), deliveries/s, and the
//! time until the fake platform has every reply (each answered by the pipeline, put in the outbox,
//! delivered). Results go to stdout as Markdown for docs/benchmarks.md.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

mod common;
#[path = "../tests/launcher/mod.rs"]
#[allow(dead_code, reason = "a bench uses part of the launcher the tests share")]
mod launcher;
use common::{ms, percentile};
use launcher::Kefu;
use std::ffi::OsStr;

const SECRET: &str = "bench secret";

fn option(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let deliveries = option("--deliveries", 2000);
    let clients = option("--clients", 16);

    // The fake platform: counts replies.
    let received = Arc::new(AtomicUsize::new(0));
    let counter = received.clone();
    let app = axum::Router::new().route(
        "/replies",
        axum::routing::post(move || {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                axum::http::StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let platform = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let data = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let secrets = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(secrets.path().join("bench-shop")).unwrap();
    std::fs::write(secrets.path().join("bench-shop/webhook"), SECRET).unwrap();
    let shop = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/knowledge");
    std::fs::copy(fixtures.join("test-shop/faq.md"), shop.path().join("faq.md")).unwrap();
    let toml = format!(
        "name = \"Bench Shop\"\ndefault_language = \"en\"\n\n[channels.generic]\nsecret = \"webhook\"\nreply_url = \"http://{platform}/replies\"\nper_second = 1000\n"
    );
    std::fs::write(shop.path().join("shop.toml"), toml).unwrap();
    Kefu::new(
        &[OsStr::new("ingest"), OsStr::new("--shop"), OsStr::new("bench-shop"), shop.path().as_os_str()],
        config.path(),
    )
    .data_dir(data.path())
    .succeeds("ingesting the bench shop")
    .await;
    let (mut child, addr) = Kefu::new(&["serve", "--listen", "127.0.0.1:0"], config.path())
        .data_dir(data.path())
        .env("KEFU_ENV", "bench")
        .env("KEFU__SECRETS__DIR", secrets.path())
        .env("KEFU__OUTBOUND__ALLOW_PRIVATE", "true")
        .serve()
        .await;
    let url = format!("http://{addr}/v1/webhooks/generic");
    kefu::tls::init();
    let http = reqwest::Client::new();
    let questions = [
        "Is the lamp shade cotton?",
        "How do I return an item?",
        "How long does shipping to Chile take?",
        "do you have a discount for students?",
    ];

    let started = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let workers = (0..clients).map(|_| {
        let (http, url, next) = (http.clone(), url.clone(), next.clone());
        async move {
            let mut latencies = Vec::new();
            loop {
                let n = next.fetch_add(1, Ordering::SeqCst);
                if n >= deliveries {
                    return latencies;
                }
                let body = serde_json::json!({"conversation": format!("c-{n}"), "message_id": format!("m-{n}"),
                    "text": questions[n % questions.len()]})
                .to_string();
                let signature = format!("sha256={}", kefu::crypto::hmac_hex(SECRET.as_bytes(), body.as_bytes()));
                let sent = Instant::now();
                let response = http
                    .post(&url)
                    .header("x-kefu-shop", "bench-shop")
                    .header("x-kefu-signature", signature)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .expect("kefu answers");
                assert_eq!(response.status(), 200);
                latencies.push(sent.elapsed());
            }
        }
    });
    let mut latencies: Vec<Duration> = futures_util::future::join_all(workers).await.into_iter().flatten().collect();
    let acked_in = started.elapsed();
    while received.load(Ordering::SeqCst) < deliveries && started.elapsed() < Duration::from_secs(600) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let delivered_in = started.elapsed();
    let delivered = received.load(Ordering::SeqCst);

    println!("## kefu channels benchmark\n");
    println!(
        "machine: {} cores; server: release `kefu serve`, sled in a temp dir; {deliveries} deliveries from {clients} concurrent senders\n",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("| what | value |");
    println!("|---|---:|");
    println!("| acknowledgement p50 | {} |", ms(percentile(&mut latencies, 0.5)));
    println!("| acknowledgement p99 | {} |", ms(percentile(&mut latencies, 0.99)));
    println!("| acknowledgement max | {} |", ms(percentile(&mut latencies, 1.0)));
    println!("| deliveries acknowledged per second | {:.0} |", deliveries as f64 / acked_in.as_secs_f64());
    println!("| replies delivered | {delivered} of {deliveries} |");
    println!(
        "| replies per second, first delivery → last reply (answered, outbox, sent) | {:.0} |",
        delivered as f64 / delivered_in.as_secs_f64()
    );
    child.kill().await.ok();
}
