//! The knowledge store's contract (`KnowledgeStore`), on every store: a commit's record,
//! passages, vectors and orders read back as written, all of a commit or none of it, a shop's
//! removal takes everything of it, and shops and their passages and orders are listed in the
//! byte order of their ids.
//!
//! The store is used as a `&dyn KnowledgeStore`, so methods whose names other ports share
//! (`record`, `remove`) are this port's without spelling it out at every call.

use super::contract;
use crate::domain::{Language, OrderStatus, ShopId, Source, SourceKind};
use crate::knowledge::store::{Changes, KnowledgeStore, ShopRecord, StoredPassage};
use crate::knowledge::{Order, OrderItem};

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

fn ids(passages: &[StoredPassage]) -> Vec<&str> {
    passages.iter().map(|p| p.id.as_str()).collect()
}

fn order_ids(orders: &[Order]) -> Vec<&str> {
    orders.iter().map(|o| o.order_id.as_str()).collect()
}

contract! {
    async fn the_indexed_mark_survives_a_reopen_and_each_commit_clears_it(scratch) {
        let changes = Changes { record: record(0), upserts: vec![], deletes: vec![], orders: vec![] };
        {
            let store: &dyn KnowledgeStore = &*scratch.store;
            store.set_indexed(&shop("a"), true).await.unwrap();
            assert!(store.record(&shop("a")).await.unwrap().is_none(), "no record is made for an unknown shop");
            store.commit(&shop("a"), changes.clone()).await.unwrap();
            assert!(!store.record(&shop("a")).await.unwrap().unwrap().indexed);
            store.set_indexed(&shop("a"), true).await.unwrap();
        }
        let scratch = scratch.reopen().await;
        let store: &dyn KnowledgeStore = &*scratch.store;
        assert!(store.record(&shop("a")).await.unwrap().unwrap().indexed);
        store.commit(&shop("a"), changes).await.unwrap();
        assert!(!store.record(&shop("a")).await.unwrap().unwrap().indexed);
    }

    async fn a_commit_round_trips_passages_vectors_and_orders(scratch) {
        let store: &dyn KnowledgeStore = &*scratch.store;
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

    async fn vectors_keep_every_bit_even_of_unusual_floats(scratch) {
        let store: &dyn KnowledgeStore = &*scratch.store;
        let vector = vec![-0.0, f32::MIN_POSITIVE / 4.0, f32::INFINITY, f32::NAN, f32::MAX, -1e-38];
        let changes = Changes {
            record: record(2),
            upserts: vec![passage("odd", "h", vector.clone()), passage("empty", "h", vec![])],
            deletes: vec![],
            orders: vec![],
        };
        store.commit(&shop("a"), changes).await.unwrap();
        let snapshot = store.snapshot(&shop("a")).await.unwrap().unwrap();
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(ids(&snapshot.passages), ["empty", "odd"]);
        assert!(snapshot.passages[0].vector.is_empty());
        assert_eq!(bits(&snapshot.passages[1].vector), bits(&vector));
    }

    async fn deletes_remove_passages_and_orders_are_replaced_whole(scratch) {
        let store: &dyn KnowledgeStore = &*scratch.store;
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
        assert_eq!(
            snapshot.passages.iter().map(|p| (p.id.as_str(), p.hash.as_str())).collect::<Vec<_>>(),
            [("p2", "h2b")]
        );
        assert_eq!(snapshot.orders.iter().map(|o| o.order_id.as_str()).collect::<Vec<_>>(), ["1002", "1003"]);
    }

    async fn a_changed_order_is_rewritten_and_no_orders_remove_them_all(scratch) {
        let store: &dyn KnowledgeStore = &*scratch.store;
        let commit = |orders: Vec<Order>| Changes { record: record(0), upserts: vec![], deletes: vec![], orders };
        store.commit(&shop("a"), commit(vec![order("1001"), order("1002")])).await.unwrap();
        let shipped = Order { status: OrderStatus::Shipped, tracking_number: Some("TN1".into()), ..order("1002") };
        store.commit(&shop("a"), commit(vec![order("1001"), shipped])).await.unwrap();
        let orders = store.snapshot(&shop("a")).await.unwrap().unwrap().orders;
        assert_eq!(orders[1].status, OrderStatus::Shipped);
        assert_eq!(orders[1].tracking_number.as_deref(), Some("TN1"));

        store.commit(&shop("a"), commit(vec![])).await.unwrap();
        assert!(store.snapshot(&shop("a")).await.unwrap().unwrap().orders.is_empty());
    }

    async fn the_last_of_a_repeated_id_wins_and_an_upsert_beats_a_delete(scratch) {
        let store: &dyn KnowledgeStore = &*scratch.store;
        let first = Changes {
            record: record(1),
            upserts: vec![passage("p1", "h1", vec![1.0, 0.0])],
            deletes: vec![],
            orders: vec![],
        };
        store.commit(&shop("a"), first).await.unwrap();
        let second = Changes {
            record: record(2),
            upserts: vec![
                passage("p1", "h1b", vec![0.0, 1.0]),
                passage("p2", "old", vec![1.0, 1.0]),
                passage("p2", "new", vec![2.0, 2.0]),
            ],
            deletes: vec!["p1".into(), "p2".into(), "never-stored".into()],
            orders: vec![order("1001"), Order { total: 9.0, ..order("1001") }],
        };
        store.commit(&shop("a"), second).await.unwrap();
        let snapshot = store.snapshot(&shop("a")).await.unwrap().unwrap();
        let passages: Vec<_> =
            snapshot.passages.iter().map(|p| (p.id.as_str(), p.hash.as_str(), p.vector.clone())).collect();
        assert_eq!(passages, [("p1", "h1b", vec![0.0, 1.0]), ("p2", "new", vec![2.0, 2.0])]);
        assert_eq!(snapshot.orders.len(), 1);
        assert_eq!(snapshot.orders[0].total, 9.0);
    }

    async fn shops_whose_ids_share_a_prefix_stay_apart(scratch) {
        let store: &dyn KnowledgeStore = &*scratch.store;
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

    async fn shops_passages_and_orders_are_listed_in_the_byte_order_of_their_ids(scratch) {
        let store: &dyn KnowledgeStore = &*scratch.store;
        // Byte order, not a locale's: '-' < digits < '_' < letters, capitals before small
        // letters, and "10" before "9".
        for id in ["b", "a_b", "ab", "a-b", "a1"] {
            let changes = Changes {
                record: record(5),
                upserts: ["é", "b", "B", "a-1", "a"].iter().map(|p| passage(p, "h", vec![1.0])).collect(),
                deletes: vec![],
                orders: ["9", "1001", "10", "A-2", "a-1"].into_iter().map(order).collect(),
            };
            store.commit(&shop(id), changes).await.unwrap();
        }
        assert_eq!(store.shops().await.unwrap(), ["a-b", "a1", "a_b", "ab", "b"].map(shop));
        let snapshot = store.snapshot(&shop("ab")).await.unwrap().unwrap();
        assert_eq!(ids(&snapshot.passages), ["B", "a", "a-1", "b", "é"]);
        assert_eq!(order_ids(&snapshot.orders), ["10", "1001", "9", "A-2", "a-1"]);
    }

    async fn removing_a_shop_takes_its_record_passages_and_orders(scratch) {
        let store: &dyn KnowledgeStore = &*scratch.store;
        for id in ["a", "b"] {
            let changes = Changes {
                record: record(1),
                upserts: vec![passage("p1", "h1", vec![1.0, 0.0])],
                deletes: vec![],
                orders: vec![order("1001")],
            };
            store.commit(&shop(id), changes).await.unwrap();
        }
        assert!(store.remove(&shop("a")).await.unwrap(), "the shop had a record");
        assert!(!store.remove(&shop("a")).await.unwrap(), "it has none now");
        assert!(store.record(&shop("a")).await.unwrap().is_none());
        assert!(store.snapshot(&shop("a")).await.unwrap().is_none());
        assert!(store.hashes(&shop("a")).await.unwrap().is_empty());
        assert_eq!(store.shops().await.unwrap(), [shop("b")]);

        let scratch = scratch.reopen().await;
        let store: &dyn KnowledgeStore = &*scratch.store;
        assert!(store.record(&shop("a")).await.unwrap().is_none(), "the removal is durable");
        // Ingested again, the shop starts empty: nothing of before comes back.
        let changes = Changes { record: record(0), upserts: vec![], deletes: vec![], orders: vec![] };
        store.commit(&shop("a"), changes).await.unwrap();
        let snapshot = store.snapshot(&shop("a")).await.unwrap().unwrap();
        assert!(snapshot.passages.is_empty() && snapshot.orders.is_empty());
        let b = store.snapshot(&shop("b")).await.unwrap().unwrap();
        assert_eq!((ids(&b.passages), order_ids(&b.orders)), (vec!["p1"], vec!["1001"]), "the other shop is untouched");
    }

    async fn thousands_of_passages_commit_and_read_back_whole(scratch) {
        let store: &dyn KnowledgeStore = &*scratch.store;
        let vector = |i: usize| vec![i as f32, -(i as f32), 0.5];
        let changes = Changes {
            record: record(2500),
            upserts: (0..2500).map(|i| passage(&format!("p{i:05}"), &format!("h{i}"), vector(i))).collect(),
            deletes: vec![],
            orders: (0..2500).map(|i| order(&format!("{i:05}"))).collect(),
        };
        store.commit(&shop("a"), changes).await.unwrap();
        let snapshot = store.snapshot(&shop("a")).await.unwrap().unwrap();
        assert_eq!(snapshot.passages.len(), 2500);
        assert_eq!(snapshot.orders.len(), 2500);
        for (i, p) in snapshot.passages.iter().enumerate() {
            assert_eq!(
                (p.id.as_str(), p.hash.as_str(), &p.vector),
                (format!("p{i:05}").as_str(), format!("h{i}").as_str(), &vector(i))
            );
        }
        assert_eq!(store.hashes(&shop("a")).await.unwrap().len(), 2500);

        // Most of them deleted, a few changed, in one commit.
        let changes = Changes {
            record: record(10),
            upserts: (0..10).map(|i| passage(&format!("p{i:05}"), "changed", vector(i))).collect(),
            deletes: (10..2500).map(|i| format!("p{i:05}")).collect(),
            orders: (0..10).map(|i| order(&format!("{i:05}"))).collect(),
        };
        store.commit(&shop("a"), changes).await.unwrap();
        let snapshot = store.snapshot(&shop("a")).await.unwrap().unwrap();
        assert_eq!(snapshot.passages.len(), 10);
        assert!(snapshot.passages.iter().all(|p| p.hash == "changed"));
        assert_eq!(snapshot.orders.len(), 10);
    }

    async fn two_nodes_committing_one_shop_leave_one_whole_commit_and_readers_see_whole_ones(scratch) {
        let Some(second) = scratch.second_node().await else { return };
        let first = scratch.store.clone();
        // Each node writes its own version of every passage and order; whichever commits last,
        // the shop must be that commit entirely, and every snapshot one commit entirely.
        let version = |node: &str, round: usize| Changes {
            record: ShopRecord { model: format!("{node}{round}"), ..record(300) },
            upserts: (0..300).map(|i| passage(&format!("p{i:03}"), &format!("{node}{round}"), vec![1.0])).collect(),
            deletes: vec![],
            orders: (0..300)
                .map(|i| Order { currency: format!("{node}{round}"), ..order(&format!("{i:03}")) })
                .collect(),
        };
        let writers = [(first.clone(), "a"), (second.clone(), "b")].map(|(store, node)| {
            tokio::spawn(async move {
                for round in 0..5 {
                    KnowledgeStore::commit(&*store, &shop("s"), version(node, round)).await.unwrap();
                }
            })
        });
        let reader = {
            let store = second.clone();
            tokio::spawn(async move {
                for _ in 0..20 {
                    if let Some(snapshot) = KnowledgeStore::snapshot(&*store, &shop("s")).await.unwrap() {
                        let model = snapshot.record.model.as_str();
                        assert!(snapshot.passages.iter().all(|p| p.hash == model), "a snapshot of one commit");
                        assert!(snapshot.orders.iter().all(|o| o.currency == model), "a snapshot of one commit");
                    }
                }
            })
        };
        for writer in writers {
            writer.await.unwrap();
        }
        reader.await.unwrap();
        let snapshot = KnowledgeStore::snapshot(&*first, &shop("s")).await.unwrap().unwrap();
        let model = snapshot.record.model.as_str();
        assert!(model == "a4" || model == "b4", "{model}");
        assert_eq!(snapshot.passages.len(), 300);
        assert!(snapshot.passages.iter().all(|p| p.hash == model));
        assert_eq!(snapshot.orders.len(), 300);
        assert!(snapshot.orders.iter().all(|o| o.currency == model));
    }

    async fn a_shops_write_lock_keeps_a_second_node_out_until_it_is_released(scratch) {
        let Some(other) = scratch.second_node().await else { return };
        let (a, b) = (shop("a"), shop("b"));
        let held = KnowledgeStore::write_lock(&*scratch.store, &a).await.unwrap();
        drop(KnowledgeStore::write_lock(&*other, &b).await.unwrap());
        let waiting = {
            let (other, a) = (other.clone(), a.clone());
            tokio::spawn(async move { KnowledgeStore::write_lock(&*other, &a).await.map(drop) })
        };
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(!waiting.is_finished(), "the second node waits to change the same shop");
        drop(held);
        tokio::time::timeout(std::time::Duration::from_secs(10), waiting)
            .await
            .expect("released when the guard drops")
            .unwrap()
            .unwrap();
    }
}
