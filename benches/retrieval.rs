//! The retrieval benchmark: ingestion throughput, query embedding, and search at shop scale.
//!
//! Run with `cargo bench --bench retrieval` (add `-- --sizes 1000,10000,100000 --queries 200`).
//! It needs the model (`bash scripts/install-model.sh`). Steps:
//!
//! 1. ingestion: `Ingestor::ingest` of the three demo shops into a fresh sled store with the
//!    real model — parse, chunk, embed, commit — reported as passages/s;
//! 2. query embedding: p50/p99 over the dev set's questions (knowledge/eval/retrieval.jsonl);
//! 3. per shop size N: a synthetic shop of N passages made from the demo passages (their texts
//!    with a numbered suffix, their vectors with a little noise, so the index is not full of
//!    duplicates), then p50/p99 of the exact dense scan, of BM25, and of the whole hybrid
//!    retrieval (glossary + embedding + dense + BM25 + exact look-ups + fusion), and the resident
//!    memory the shop costs (VmRSS growth while building its view and index; it includes what
//!    the allocator keeps of the temporary vectors, so it is an upper bound).
//!
//! Results go to stdout as Markdown for docs/benchmarks.md.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

#[path = "common/mod.rs"]
mod common;

use common::{ms, percentile, rss_kib};
use kefu::app;
use kefu::config::Settings;
use kefu::domain::{Language, ShopId};
use kefu::ingestion::Ingestor;
use kefu::knowledge::store::{KnowledgeStore, StoredPassage};
use kefu::lexicon::Countries;
use kefu::lexicon::glossary::Glossary;
use kefu::pipeline::Retriever;
use kefu::retrieval::TextKind;
use kefu::retrieval::hybrid::{HybridRetriever, KnowledgeBase, ShopView};
use kefu::retrieval::index::VectorIndex;
use kefu::retrieval::index::exact::ExactIndex;
use kefu::retrieval::lexical::Bm25;
use kefu::shop::ShopDirectory;
use kefu::storage::sled::SledStore;

const DEMO_SHOPS: [&str; 3] = ["guilin-rattan", "lumina-displays", "vela-moda"];

struct Options {
    sizes: Vec<usize>,
    queries: usize,
}

fn options() -> Options {
    let mut options = Options { sizes: vec![1_000, 10_000, 100_000], queries: 200 };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--sizes" => {
                let list = args.next().expect("--sizes needs a list, e.g. 1000,10000");
                options.sizes = list.split(',').map(|s| s.trim().parse().expect("--sizes: numbers")).collect();
            }
            "--queries" => {
                options.queries = args.next().and_then(|s| s.parse().ok()).expect("--queries needs a number")
            }
            "--bench" => {}
            other => panic!("unknown argument {other:?}; use --sizes LIST and --queries N"),
        }
    }
    options
}

#[tokio::main]
async fn main() {
    let options = options();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let settings = Settings::defaults();
    let rss_start = rss_kib();
    let embedder = app::load_embedder(&settings).await.expect("the model loads: run scripts/install-model.sh");
    println!("model loaded: {} (RSS {} MiB)", embedder.model(), rss_kib() / 1024);
    let rss_model = rss_kib();

    // 1. Ingestion of the demo shops.
    let data = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(SledStore::open(data.path()).expect("store opens"));
    let ingestor = Ingestor::new(
        store.clone(),
        Arc::new(ExactIndex::new(embedder.dimension())),
        embedder.clone(),
        Arc::default(),
        Arc::new(ShopDirectory::default()),
    );
    let started = Instant::now();
    let mut passages = 0;
    for shop in DEMO_SHOPS {
        let report = ingestor.ingest(&id(shop), &root.join("knowledge").join(shop)).await.expect("demo shop ingests");
        passages += report.embedded;
    }
    let elapsed = started.elapsed();
    println!("\n## Ingestion (3 demo shops, from nothing)\n");
    println!(
        "{passages} passages in {:.1} s: **{:.1} passages/s** (parse, chunk, embed, commit; 1 intra-op thread)",
        elapsed.as_secs_f64(),
        passages as f64 / elapsed.as_secs_f64()
    );
    let mut base: Vec<StoredPassage> = Vec::new();
    for shop in DEMO_SHOPS {
        base.extend(store.snapshot(&id(shop)).await.expect("snapshot").expect("stored").passages);
    }

    // 2. Query embedding.
    let questions = questions(root, options.queries);
    let mut embed = Vec::new();
    for question in &questions {
        let started = Instant::now();
        embedder.embed(TextKind::Query, &[question]).expect("embeds");
        embed.push(started.elapsed());
    }
    println!("\n## Query embedding ({} questions from the dev set, one at a time)\n", questions.len());
    println!("p50 {} · p99 {}", ms(percentile(&mut embed, 0.50)), ms(percentile(&mut embed, 0.99)));
    println!("RSS: {} MiB at start, {} MiB with the model loaded", rss_start / 1024, rss_model / 1024);

    // The question's expansion (glossary) and country names, before any search.
    let glossary = Arc::new(Glossary::built_in());
    let countries = Arc::new(Countries::built_in());
    let (mut expand, mut expanded_embed) = (Vec::new(), Vec::new());
    let chinese = Language::parse("zh").unwrap();
    for question in &questions {
        let started = Instant::now();
        let extra = glossary.expand(question, &chinese);
        std::hint::black_box(countries.find(question));
        expand.push(started.elapsed());
        let firsts: Vec<&str> = extra.iter().filter_map(|forms| forms.first()).map(String::as_str).collect();
        let query = format!("{question} {}", firsts.join(" "));
        let started = Instant::now();
        embedder.embed(TextKind::Query, &[&query]).expect("embeds");
        expanded_embed.push(started.elapsed());
    }
    println!("\n## Question expansion (glossary into Chinese + country names)\n");
    println!("lexicon look-ups p50 {} · p99 {}", ms(percentile(&mut expand, 0.50)), ms(percentile(&mut expand, 0.99)));
    println!(
        "embedding the expanded question p50 {} · p99 {}",
        ms(percentile(&mut expanded_embed, 0.50)),
        ms(percentile(&mut expanded_embed, 0.99))
    );

    // 3. Search at shop scale.
    println!("\n## Search per shop size ({} questions each)\n", questions.len());
    println!("| passages | dense scan p50 | p99 | BM25 p50 | p99 | hybrid retrieve p50 | p99 | shop RSS |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for &size in &options.sizes {
        let shop = id("bench");
        let before = rss_kib();
        let (passages, points) = synthetic(&base, size);
        let index = Arc::new(ExactIndex::new(embedder.dimension()));
        index.upsert(&shop, &points).await.expect("upsert");
        drop(points);
        let knowledge = Arc::new(KnowledgeBase::default());
        knowledge.insert(shop.clone(), ShopView::new(Language::parse("en").unwrap(), passages, Vec::new(), Vec::new()));
        let shop_rss = rss_kib().saturating_sub(before);
        let retriever = HybridRetriever {
            knowledge,
            glossary: glossary.clone(),
            countries: countries.clone(),
            index: index.clone(),
            embedder: embedder.clone(),
            words: Arc::new(kefu::retrieval::hybrid::WordVectors::new(embedder.clone())),
        };
        let texts: Vec<String> = synthetic(&base, size).0.into_iter().map(|p| p.text).collect();
        let bm25 = Bm25::new(texts.iter().map(String::as_str));

        let (mut dense, mut lexical, mut hybrid) = (Vec::new(), Vec::new(), Vec::new());
        for question in &questions {
            let vector = embedder.embed(TextKind::Query, &[question]).expect("embeds").pop().unwrap();
            let started = Instant::now();
            std::hint::black_box(index.search(&shop, &vector, 20).await.expect("search"));
            dense.push(started.elapsed());
            let started = Instant::now();
            std::hint::black_box(bm25.search(question, 20));
            lexical.push(started.elapsed());
            let started = Instant::now();
            std::hint::black_box(retriever.retrieve(&shop, question, 5).await.expect("retrieve"));
            hybrid.push(started.elapsed());
        }
        println!(
            "| {size} | {} | {} | {} | {} | {} | {} | {:.1} MiB |",
            ms(percentile(&mut dense, 0.5)),
            ms(percentile(&mut dense, 0.99)),
            ms(percentile(&mut lexical, 0.5)),
            ms(percentile(&mut lexical, 0.99)),
            ms(percentile(&mut hybrid, 0.5)),
            ms(percentile(&mut hybrid, 0.99)),
            shop_rss as f64 / 1024.0
        );
    }
}

fn id(shop: &str) -> ShopId {
    ShopId::parse(shop).expect("a valid shop id")
}

/// Up to `limit` questions from the retrieval dev set, in file order.
fn questions(root: &Path, limit: usize) -> Vec<String> {
    let text = std::fs::read_to_string(root.join("knowledge/eval/retrieval.jsonl")).expect("the dev set is there");
    text.lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|case| case["query"].as_str().map(str::to_owned))
        .take(limit)
        .collect()
}

/// `size` passages cycling through `base` (numbered texts, no vectors) and their points
/// (the base vectors with deterministic noise), so the index is not full of duplicates.
fn synthetic(base: &[StoredPassage], size: usize) -> (Vec<StoredPassage>, Vec<(String, Vec<f32>)>) {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut noise = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 40) as f32 / (1u64 << 24) as f32 - 0.5
    };
    let mut passages = Vec::with_capacity(size);
    let mut points = Vec::with_capacity(size);
    for i in 0..size {
        let from = &base[i % base.len()];
        let mut vector: Vec<f32> = from.vector.iter().map(|x| x + 0.04 * noise()).collect();
        let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
        vector.iter_mut().for_each(|x| *x /= norm);
        let id = format!("{}~{i}", from.id);
        points.push((id.clone(), vector));
        passages.push(StoredPassage {
            id,
            text: format!("{} (copy {i})", from.text),
            vector: Vec::new(),
            ..from.clone()
        });
    }
    (passages, points)
}
