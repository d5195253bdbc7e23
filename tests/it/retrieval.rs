//! Ingestion and retrieval with the real multilingual model, over the demo shops.

use kefu::app::{self, Services};
use kefu::domain::{ShopId, SourceKind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use kefu::ingestion::{IngestError, Ingestor};
use kefu::knowledge::store::KnowledgeStore;
use kefu::retrieval::index::exact::ExactIndex;
use kefu::retrieval::index::{IndexError, VectorIndex};
use kefu::shop::ShopDirectory;
use kefu::storage::sled::SledStore;

use crate::support::{shared_embedder, test_settings};

fn demo(shop: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge").join(shop)
}

fn id(shop: &str) -> ShopId {
    ShopId::parse(shop).unwrap()
}

async fn services(data: &Path) -> Services {
    app::services(&test_settings(data), shared_embedder()).await.expect("services start")
}

/// The source ids retrieval returns for `query`, best first.
async fn ask(services: &Services, shop: &str, query: &str) -> Vec<String> {
    let passages = services.retriever.retrieve(&id(shop), query, 5).await.expect("retrieval works");
    passages.into_iter().map(|p| p.source.id).collect()
}

#[tokio::test]
async fn questions_in_other_languages_find_products_of_the_chinese_catalogue() {
    let data = tempfile::tempdir().unwrap();
    let services = services(data.path()).await;
    services.ingestor.ingest(&id("guilin-rattan"), &demo("guilin-rattan")).await.unwrap();
    let cases = [
        ("es", "¿Tienen cestas de ratán redondas con tapa?", "GR-BSK-101"),
        ("ar", "هل لديكم سلة من الأعشاب البحرية للنباتات؟", "GR-BSK-102"),
        ("ru", "Сколько стоит подвесное кресло-кокон из ротанга?", "GR-CHR-202"),
    ];
    for (language, query, sku) in cases {
        let found = ask(&services, "guilin-rattan", query).await;
        assert!(found.iter().any(|s| s == sku), "{language}: {query:?} should find {sku}, got {found:?}");
    }
}

#[tokio::test]
async fn a_shop_never_sees_another_shops_passages() {
    let data = tempfile::tempdir().unwrap();
    let services = services(data.path()).await;
    for shop in ["guilin-rattan", "lumina-displays"] {
        services.ingestor.ingest(&id(shop), &demo(shop)).await.unwrap();
    }
    let lumina_only =
        ["monitor", "refresh rate 165Hz", "dead pixel policy", "shipping to Korea", "IOSS VAT", "W2616538"];
    let guilin_only = ["藤编篮子", "rattan chair", "海运拼箱", "1026", "bamboo tray", "MOQ"];
    let mut checked = 0;
    for (shop, other) in [("guilin-rattan", "lumina-displays"), ("lumina-displays", "guilin-rattan")] {
        let own = services.ingestor.store.snapshot(&id(shop)).await.unwrap().unwrap();
        let theirs = services.ingestor.store.snapshot(&id(other)).await.unwrap().unwrap();
        let own_ids: std::collections::HashSet<String> = own
            .passages
            .iter()
            .map(|p| p.source.id.clone())
            .chain(own.orders.iter().map(|o| o.order_id.clone()))
            .collect();
        let their_ids: std::collections::HashSet<String> = theirs
            .passages
            .iter()
            .map(|p| p.source.id.clone())
            .chain(theirs.orders.iter().map(|o| o.order_id.clone()))
            .filter(|id| !own_ids.contains(id))
            .collect();
        for query in lumina_only.iter().chain(&guilin_only) {
            for found in ask(&services, shop, query).await {
                assert!(own_ids.contains(&found), "{shop} got {found:?} for {query:?}, not one of its own");
                assert!(!their_ids.contains(&found), "{shop} got {other}'s {found:?} for {query:?}");
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "enough results were checked: {checked}");
}

#[tokio::test]
async fn reingesting_embeds_only_what_changed_and_deletes_what_is_gone() {
    let data = tempfile::tempdir().unwrap();
    let services = services(data.path()).await;
    let shop = tempfile::tempdir().unwrap();
    copy_dir(&crate::support::fixtures().join("test-shop"), shop.path());
    let first = services.ingestor.ingest(&id("copy"), shop.path()).await.unwrap();
    assert_eq!((first.embedded, first.unchanged, first.deleted), (first.passages, 0, 0));
    assert!(first.embedding + first.warming <= first.elapsed, "the parts are within the whole: {first:?}");

    let again = services.ingestor.ingest(&id("copy"), shop.path()).await.unwrap();
    assert_eq!(
        (again.embedded, again.unchanged, again.deleted),
        (0, first.passages, 0),
        "nothing changed, nothing embedded"
    );

    let faq = std::fs::read_to_string(shop.path().join("faq.md")).unwrap();
    let faq = faq.replace("Express takes 4 to 7 days.", "Express takes 3 to 5 days.");
    let faq = faq.split("## Is the lamp shade cotton?").next().unwrap().to_owned();
    std::fs::write(shop.path().join("faq.md"), faq).unwrap();
    let third = services.ingestor.ingest(&id("copy"), shop.path()).await.unwrap();
    assert_eq!((third.embedded, third.deleted), (1, 1), "one entry changed, one removed: {third:?}");
    let found = ask(&services, "copy", "is the lamp shade cotton").await;
    assert!(!found.iter().any(|s| s.contains("lamp shade")), "the removed entry is gone: {found:?}");
}

#[tokio::test]
async fn a_malformed_line_is_reported_by_file_and_line_and_nothing_is_written() {
    let data = tempfile::tempdir().unwrap();
    let services = services(data.path()).await;
    let shop = tempfile::tempdir().unwrap();
    copy_dir(&crate::support::fixtures().join("test-shop"), shop.path());
    services.ingestor.ingest(&id("copy"), shop.path()).await.unwrap();
    let before = services.ingestor.store.snapshot(&id("copy")).await.unwrap().unwrap();

    std::fs::write(shop.path().join("faq.md"), "## Changed?\nYes.\n").unwrap();
    let products = "{\"sku\":\"A\",\"title\":\"Lamp\",\"price\":3,\"currency\":\"USD\"}\n{\"sku\":\"B\",\"title\":\"Tray\",\"price\":\"three\",\"currency\":\"USD\"}\n";
    std::fs::write(shop.path().join("products.jsonl"), products).unwrap();
    let Err(IngestError::Invalid(problems)) = services.ingestor.ingest(&id("copy"), shop.path()).await else {
        panic!("a malformed shop is rejected");
    };
    let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(problems.iter().any(|p| p.starts_with("products.jsonl:2: price:")), "{problems:?}");
    let after = services.ingestor.store.snapshot(&id("copy")).await.unwrap().unwrap();
    assert_eq!(before.record, after.record, "the shop's record is untouched");
    assert_eq!(before.passages, after.passages, "no passage was written, not even the valid FAQ change");
    assert!(services.ingestor.store.snapshot(&id("never")).await.unwrap().is_none());
}

#[tokio::test]
async fn order_ids_and_tracking_numbers_are_exact_lookups() {
    let data = tempfile::tempdir().unwrap();
    let services = services(data.path()).await;
    services.ingestor.ingest(&id("vela-moda"), &demo("vela-moda")).await.unwrap();
    let passages = services.retriever.retrieve(&id("vela-moda"), "cadê meu pedido 88223??", 5).await.unwrap();
    assert_eq!((passages[0].source.kind, passages[0].source.id.as_str()), (SourceKind::Order, "88223"));
    let snapshot = services.ingestor.store.snapshot(&id("vela-moda")).await.unwrap().unwrap();
    let order = snapshot.orders.iter().find(|o| o.tracking_number.is_some()).unwrap();
    let tracking = order.tracking_number.clone().unwrap();
    let passages = services.retriever.retrieve(&id("vela-moda"), &format!("rastreio {tracking}"), 5).await.unwrap();
    assert_eq!(passages[0].source.id, order.order_id);
    assert!(passages[0].text.contains(&tracking));
    let passages = services.retriever.retrieve(&id("vela-moda"), "pedido 99999", 5).await.unwrap();
    assert!(passages.iter().all(|p| p.source.kind != SourceKind::Order), "no order invented for an unknown id");
}

/// An index that keeps its points across "restarts" (as Qdrant does) and can be made to fail.
struct Persistent {
    inner: ExactIndex,
    failing: AtomicBool,
    upserts: AtomicUsize,
}

impl Persistent {
    fn fail(&self) -> Result<(), IndexError> {
        if self.failing.load(Ordering::SeqCst) {
            Err(IndexError::Unavailable("down for the test".into()))
        } else {
            Ok(())
        }
    }
}

#[async_trait::async_trait]
impl VectorIndex for Persistent {
    async fn upsert(&self, shop: &ShopId, points: &[(String, Vec<f32>)]) -> Result<(), IndexError> {
        self.fail()?;
        self.upserts.fetch_add(1, Ordering::SeqCst);
        self.inner.upsert(shop, points).await
    }
    async fn delete(&self, shop: &ShopId, ids: &[String]) -> Result<(), IndexError> {
        self.fail()?;
        self.inner.delete(shop, ids).await
    }
    async fn clear(&self, shop: &ShopId) -> Result<(), IndexError> {
        self.fail()?;
        self.inner.clear(shop).await
    }
    async fn search(&self, shop: &ShopId, query: &[f32], limit: usize) -> Result<Vec<(String, f32)>, IndexError> {
        self.inner.search(shop, query, limit).await
    }
    async fn len(&self, shop: &ShopId) -> Result<usize, IndexError> {
        self.inner.len(shop).await
    }
    fn persistent(&self) -> bool {
        true
    }
}

#[tokio::test]
async fn a_persistent_index_left_behind_by_an_outage_is_rebuilt_at_the_next_start() {
    let data = tempfile::tempdir().unwrap();
    let store = Arc::new(SledStore::open(data.path()).unwrap());
    let embedder = shared_embedder();
    let index = Arc::new(Persistent {
        inner: ExactIndex::new(embedder.dimension()),
        failing: AtomicBool::new(true),
        upserts: AtomicUsize::new(0),
    });
    let start = || {
        Ingestor::new(
            store.clone(),
            index.clone(),
            embedder.clone(),
            Arc::default(),
            Arc::new(ShopDirectory::default()),
        )
    };
    let shop = id("copy");
    let result = start().ingest(&shop, &crate::support::fixtures().join("test-shop")).await;
    assert!(matches!(result, Err(IngestError::Index(_))), "the outage is reported: {result:?}");
    let record = store.record(&shop).await.unwrap().expect("the store was committed");
    assert!(!record.indexed, "and knows the index is behind");
    assert_eq!(index.len(&shop).await.unwrap(), 0);

    index.failing.store(false, Ordering::SeqCst);
    start().load(&shop, true).await.unwrap();
    assert_eq!(index.len(&shop).await.unwrap(), record.passages, "the restart filled the index");
    assert!(store.record(&shop).await.unwrap().unwrap().indexed);

    let upserts = index.upserts.load(Ordering::SeqCst);
    start().load(&shop, true).await.unwrap();
    assert_eq!(index.upserts.load(Ordering::SeqCst), upserts, "an index in line with the store is left alone");

    index.inner.upsert(&shop, &[("ghost".to_owned(), vec![0.0; embedder.dimension()])]).await.unwrap();
    start().load(&shop, true).await.unwrap();
    assert_eq!(index.len(&shop).await.unwrap(), record.passages, "a point the store does not have is dropped");
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// One shop's long ingestion holds the model one batch at a time, and buyers' questions go
/// first: a question asked while hundreds of passages embed is answered before they are done.
#[tokio::test]
async fn a_question_is_embedded_between_the_batches_of_a_long_ingestion() {
    use kefu::retrieval::TextKind;
    let embedder = shared_embedder();
    let passages: Vec<String> =
        (0..240).map(|n| format!("Passage {n}: a hand-woven rattan basket with a lid, item GR-{n}")).collect();
    let done = Arc::new(AtomicBool::new(false));
    let ingestion = {
        let (embedder, done) = (embedder.clone(), done.clone());
        tokio::task::spawn_blocking(move || {
            let refs: Vec<&str> = passages.iter().map(String::as_str).collect();
            let vectors = embedder.embed(TextKind::Passage, &refs).unwrap();
            done.store(true, Ordering::SeqCst);
            vectors.len()
        })
    };
    // Let the ingestion take the model first.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let question = kefu::retrieval::embed_query(&embedder, "Does the basket have a lid?".into()).await.unwrap();
    assert_eq!(question.len(), embedder.dimension());
    assert!(!done.load(Ordering::SeqCst), "the question waited for the whole ingestion");
    assert_eq!(ingestion.await.unwrap(), 240);
}
