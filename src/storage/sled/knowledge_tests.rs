use super::*;
use crate::domain::{Language, Source, SourceKind};
use crate::knowledge::{OrderItem, OrderStatus};

fn shop(id: &str) -> ShopId {
    ShopId::parse(id).unwrap()
}

fn passage(id: &str, hash: &str, vector: Vec<f32>) -> StoredPassage {
    StoredPassage {
        id: id.into(),
        source: Source { kind: SourceKind::Faq, id: format!("faq.md#{id}"), title: id.into(), score: 0.0 },
        location: "faq.md:1".into(),
        language: Language::english(),
        text: format!("text of {id}"),
        hash: hash.into(),
        vector,
    }
}

fn order(id: &str) -> Order {
    Order {
        buyer_id: None,
        platform_order_id: None,
        shipping_address: None,
        order_id: id.into(),
        buyer: None,
        email: None,
        phone: None,
        postcode: None,
        status: OrderStatus::Pending,
        items: vec![OrderItem {
            sku: "A".into(),
            title: String::new(),
            qty: 1,
            price: 1.0,
            product_sku: None,
            options: Default::default(),
        }],
        total: 1.0,
        currency: "USD".into(),
        destination_country: None,
        carrier: None,
        tracking_number: None,
        shipped_at: None,
        delivered_at: None,
        eta_min: None,
        eta_max: None,
        events: vec![],
        updated_at: None,
        line: 0,
    }
}

fn record(passages: usize) -> ShopRecord {
    ShopRecord {
        shop_toml: "name = \"S\"".into(),
        model: "m".into(),
        dimension: 2,
        ingested_at_ms: 1,
        passages,
        orders: 0,
        indexed: false,
        shipping: vec![],
        products: vec![],
        learned: vec![],
    }
}

#[tokio::test]
async fn the_indexed_mark_survives_a_reopen_and_each_commit_clears_it() {
    let dir = tempfile::tempdir().unwrap();
    let changes = Changes { record: record(0), upserts: vec![], deletes: vec![], orders: vec![] };
    {
        let store = SledStore::open(dir.path()).unwrap();
        store.set_indexed(&shop("a"), true).await.unwrap();
        assert!(store.record(&shop("a")).await.unwrap().is_none(), "no record is made for an unknown shop");
        store.commit(&shop("a"), changes.clone()).await.unwrap();
        assert!(!store.record(&shop("a")).await.unwrap().unwrap().indexed);
        store.set_indexed(&shop("a"), true).await.unwrap();
    }
    let store = SledStore::open(dir.path()).unwrap();
    assert!(store.record(&shop("a")).await.unwrap().unwrap().indexed);
    store.commit(&shop("a"), changes).await.unwrap();
    assert!(!store.record(&shop("a")).await.unwrap().unwrap().indexed);
}

#[tokio::test]
async fn a_commit_round_trips_passages_vectors_and_orders() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
    assert!(store.snapshot(&shop("a")).await.unwrap().is_none());
    let changes = Changes {
        record: record(2),
        upserts: vec![passage("p1", "h1", vec![0.5, -1.25]), passage("p2", "h2", vec![1.0, 0.0])],
        deletes: vec![],
        orders: vec![order("1001"), order("1002")],
    };
    store.commit(&shop("a"), changes).await.unwrap();

    let snapshot = store.snapshot(&shop("a")).await.unwrap().unwrap();
    assert_eq!(snapshot.record, record(2));
    assert_eq!(snapshot.passages.len(), 2);
    assert_eq!(snapshot.passages[0].vector, vec![0.5, -1.25], "vectors survive bit for bit");
    assert_eq!(snapshot.passages[0].text, "text of p1");
    assert_eq!(snapshot.orders.iter().map(|o| o.order_id.as_str()).collect::<Vec<_>>(), ["1001", "1002"]);
    assert_eq!(store.hashes(&shop("a")).await.unwrap()["p2"], "h2");
    assert_eq!(store.shops().await.unwrap(), vec![shop("a")]);
}

#[tokio::test]
async fn deletes_remove_passages_and_orders_are_replaced_whole() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
    let first = Changes {
        record: record(2),
        upserts: vec![passage("p1", "h1", vec![1.0, 0.0]), passage("p2", "h2", vec![0.0, 1.0])],
        deletes: vec![],
        orders: vec![order("1001"), order("1002")],
    };
    store.commit(&shop("a"), first).await.unwrap();
    let second = Changes {
        record: record(1),
        upserts: vec![passage("p2", "h2b", vec![0.0, 1.0])],
        deletes: vec!["p1".into()],
        orders: vec![order("1002"), order("1003")],
    };
    store.commit(&shop("a"), second).await.unwrap();
    let snapshot = store.snapshot(&shop("a")).await.unwrap().unwrap();
    assert_eq!(snapshot.passages.iter().map(|p| (p.id.as_str(), p.hash.as_str())).collect::<Vec<_>>(), [("p2", "h2b")]);
    assert_eq!(snapshot.orders.iter().map(|o| o.order_id.as_str()).collect::<Vec<_>>(), ["1002", "1003"]);
}

#[tokio::test]
async fn shops_whose_ids_share_a_prefix_stay_apart() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
    for (id, p) in [("shop", "p-of-shop"), ("shop-b", "p-of-shop-b")] {
        let changes = Changes {
            record: record(1),
            upserts: vec![passage(p, "h", vec![1.0, 0.0])],
            deletes: vec![],
            orders: vec![order(p)],
        };
        store.commit(&shop(id), changes).await.unwrap();
    }
    let a = store.snapshot(&shop("shop")).await.unwrap().unwrap();
    assert_eq!(a.passages.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["p-of-shop"]);
    assert_eq!(a.orders.len(), 1);
    assert_eq!(store.hashes(&shop("shop")).await.unwrap().len(), 1);
}

#[test]
fn a_truncated_passage_is_reported_not_misread() {
    let raw = encode_passage(&passage("p", "h", vec![1.0, 2.0])).unwrap();
    assert!(decode_passage(&raw[..raw.len() - 1]).is_err());
    assert!(decode_passage(&raw[..3]).is_err());
    assert_eq!(decode_passage(&raw).unwrap().vector, vec![1.0, 2.0]);
}
