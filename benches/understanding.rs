//! Language detection and intent classification cost per message, in a release build.
//!
//! Run with `cargo bench --bench understanding`. It loads the model, the language models and
//! the intent examples (embedding them on the first run; cached after), then detects and
//! classifies every message of knowledge/eval/intents.jsonl one at a time and reports p50/p99
//! of each step and the memory the detector and the examples add.

use std::path::Path;
use std::time::Instant;

#[path = "common/mod.rs"]
mod common;

use common::{ms, percentile, rss_kib};
use kefu::app;
use kefu::config::Settings;
use kefu::domain::Language;
use kefu::shop::Shop;

#[tokio::main]
async fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let settings = Settings::defaults();
    let embedder = app::load_embedder(&settings).await.expect("the model loads: run scripts/install-model.sh");
    let before = rss_kib();
    let started = Instant::now();
    let (detector, classifier) = app::understanding(&settings, embedder).await.expect("loads");
    println!(
        "detector and intent examples loaded in {:.1} s (cached examples after the first run), +{} MiB RSS",
        started.elapsed().as_secs_f64(),
        rss_kib().saturating_sub(before) / 1024
    );
    let shop = Shop::serving_any_language("bench", Language::english());
    let text = std::fs::read_to_string(root.join("knowledge/eval/intents.jsonl")).expect("the eval set");
    let messages: Vec<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_owned))
        .collect();
    let (mut detect, mut classify) = (Vec::new(), Vec::new());
    for message in &messages {
        let started = Instant::now();
        let language = detector.detect(message, None, &shop, &[]).language;
        detect.push(started.elapsed());
        let started = Instant::now();
        std::hint::black_box(classifier.classify(message, &language, &shop).await.expect("classifies"));
        classify.push(started.elapsed());
    }
    println!(
        "\n{} messages, one at a time; RSS growth since the model was loaded: {} MiB (language models load on first use)\n",
        messages.len(),
        rss_kib().saturating_sub(before) / 1024
    );
    println!("| step | p50 | p99 |\n|---|---:|---:|");
    println!("| language detection | {} | {} |", ms(percentile(&mut detect, 0.5)), ms(percentile(&mut detect, 0.99)));
    println!(
        "| intent classification (embedding + nearest examples + keywords + entities) | {} | {} |",
        ms(percentile(&mut classify, 0.5)),
        ms(percentile(&mut classify, 0.99))
    );
}
