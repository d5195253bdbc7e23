use super::*;
use crate::domain::{Language, OrderStatus};
use crate::knowledge::OrderItem;

fn passage(id: &str, kind: SourceKind, source_id: &str, text: &str) -> StoredPassage {
    StoredPassage {
        id: id.into(),
        source: Source { kind, id: source_id.into(), title: source_id.into(), score: 0.0 },
        location: String::new(),
        language: Language::english(),
        text: text.into(),
        hash: String::new(),
        vector: vec![1.0],
    }
}

fn order(id: &str, tracking: Option<&str>) -> Order {
    Order {
        buyer_id: None,
        platform_order_id: None,
        shipping_address: None,
        order_id: id.into(),
        buyer: Some("Ana".into()),
        email: None,
        phone: None,
        postcode: None,
        status: OrderStatus::Shipped,
        items: vec![OrderItem {
            sku: "A-1-S".into(),
            title: "Basket S".into(),
            qty: 2,
            price: 6.8,
            product_sku: None,
            options: Default::default(),
        }],
        total: 13.6,
        currency: "USD".into(),
        destination_country: Some("CL".into()),
        carrier: Some("China Post".into()),
        tracking_number: tracking.map(str::to_owned),
        shipped_at: Some("2026-09-11T20:50:00Z".into()),
        delivered_at: None,
        eta_min: Some("2026-10-01".into()),
        eta_max: Some("2026-10-15".into()),
        events: vec![],
        updated_at: None,
        line: 1,
    }
}

fn view() -> ShopView {
    ShopView::new(
        Language::english(),
        vec![
            passage("product:A-1", SourceKind::Product, "A-1", "Rattan basket A-1, hand-woven"),
            passage("product:A-1#2", SourceKind::Product, "A-1", "Rattan basket, more description"),
            passage("faq:faq.md#Returns?", SourceKind::Faq, "faq.md#Returns?", "Returns? Within 30 days"),
            passage("shipping:CL", SourceKind::Shipping, "shipping.csv#CL", "Shipping to CL Chile"),
            passage("shipping:*", SourceKind::Shipping, "shipping.csv#*", "Shipping to all other countries"),
        ],
        vec![order("1042", Some("RR123456789CN")), order("W1234567", None)],
        vec![("A-1-S".into(), "A-1".into())],
    )
}

#[test]
fn orders_are_found_by_id_or_tracking_number_in_any_case() {
    let view = view();
    for text in [
        "where is my order #1042?",
        "订单号 1042",
        "我的订单1042什么时候发货",
        "1042번 주문",
        "pedido 1042 no llega",
        "tracking rr123456789cn?",
        "#w1234567",
        "W1234567번",
    ] {
        let (orders, _) = exact_matches(&view, text);
        assert_eq!(orders.len(), 1, "{text}");
        assert_eq!(orders[0].source.kind, SourceKind::Order);
        assert_eq!(orders[0].source.score, 1.0);
    }
    let (orders, _) = exact_matches(&view, "order 10420 or 104");
    assert!(orders.is_empty(), "no partial matches");
    let (orders, _) = exact_matches(&view, "1042 and again 1042");
    assert_eq!(orders.len(), 1, "an order named twice is one passage");
    assert!(
        orders[0].text.contains("status shipped") && orders[0].text.contains("tracking number RR123456789CN"),
        "{}",
        orders[0].text
    );
    assert!(orders[0].text.contains("Expected 2026-10-01 to 2026-10-15"));
}

#[test]
fn a_named_sku_or_variant_sku_points_at_its_product() {
    let view = view();
    let (_, products) = exact_matches(&view, "is A-1-S in stock?");
    assert_eq!(products, vec![0]);
    let (_, products) = exact_matches(&view, "a-1 material?");
    assert_eq!(products, vec![0]);
}

#[test]
fn fusion_rewards_agreement_and_cites_each_source_once() {
    let view = view();
    let fused = fuse(&view, &[(&[], 2.0), (&[2, 0, 1], 1.0), (&[2, 1], 1.0)], &HashMap::new(), 5);
    assert_eq!(fused[0].source.id, "faq.md#Returns?");
    assert!((fused[0].source.score - 1.0).abs() < 1e-6, "first in both rankings: {}", fused[0].source.score);
    assert_eq!(fused.len(), 2, "the product's two parts are cited once");
    assert!(fused[1].source.score < 1.0);
}

#[test]
fn a_passage_named_outright_outweighs_one_ranking_alone() {
    let view = view();
    let fused = fuse(&view, &[(&[3], 2.0), (&[2, 0], 1.0), (&[0, 2], 1.0)], &HashMap::new(), 5);
    let ids: Vec<&str> = fused.iter().map(|p| p.source.id.as_str()).collect();
    assert_eq!(ids[0], "shipping.csv#CL", "{ids:?}");
}

#[test]
fn a_named_country_brings_its_shipping_row_or_the_catch_all() {
    let view = view();
    assert_eq!(shipping_for(&view, &["CL"]), vec![3]);
    assert_eq!(shipping_for(&view, &["NZ"]), vec![4], "no row for NZ: the * row");
    assert_eq!(shipping_for(&view, &["NZ", "FR", "CL"]), vec![4, 3], "each row once");
    let without_catch_all = ShopView::new(Language::english(), vec![], vec![], vec![]);
    assert!(shipping_for(&without_catch_all, &["NZ"]).is_empty());
}

#[test]
fn order_ids_meet_however_the_shop_and_the_buyer_write_them() {
    let orders = vec![
        order("#W2611340", None),
        order("AA-2026-004217", None),
        order("112-1234567-1234567", Some("1Z 999 AA1 0123456784")),
        order("576461413238784952", None),
        order("#1001", None),
    ];
    let view = ShopView::new(Language::english(), vec![], orders, vec![]);
    let found = |key: &str| view.order(key).map(|o| o.order_id.as_str());
    for (asked, id) in [
        ("#W2611340", "#W2611340"),
        ("W2611340", "#W2611340"),
        ("w2611340", "#W2611340"),
        ("2611340", "#W2611340"),
        ("AA-2026-004217", "AA-2026-004217"),
        ("aa2026004217", "AA-2026-004217"),
        ("004217", "AA-2026-004217"),
        ("4217", "AA-2026-004217"),
        ("2026-004217", "AA-2026-004217"),
        ("112-1234567-1234567", "112-1234567-1234567"),
        ("11212345671234567", "112-1234567-1234567"),
        ("1Z999AA10123456784", "112-1234567-1234567"),
        ("576461413238784952", "576461413238784952"),
        ("1001", "#1001"),
        ("#1001", "#1001"),
    ] {
        assert_eq!(found(asked), Some(id), "{asked}");
    }
    for nothing in ["2026", "217", "W261134", "#100", "1Z999", ""] {
        assert_eq!(found(nothing), None, "{nothing}");
    }
    let (orders, _) = exact_matches(&view, "my order #W2611340, tracking number?");
    assert_eq!(orders.len(), 1);
    let (orders, _) = exact_matches(&view, "I need 4217 pieces");
    assert!(orders.is_empty(), "a short form is for order questions only, not any number in retrieval");
}

#[test]
fn a_short_form_two_orders_share_finds_neither() {
    let view = ShopView::new(
        Language::english(),
        vec![],
        vec![order("AA-2026-004217", None), order("BB-2025-004217", None)],
        vec![],
    );
    assert_eq!(view.order("4217"), None);
    assert_eq!(view.order("004217"), None);
    assert_eq!(view.order("2026-004217").map(|o| o.order_id.as_str()), Some("AA-2026-004217"));
}

/// Embeds a text as [its length, its count of 'a', 1] scaled to length 1, counting the texts.
struct Counting(std::sync::Mutex<Vec<String>>);

impl crate::retrieval::Embedder for Counting {
    fn model(&self) -> &str {
        "counting"
    }
    fn dimension(&self) -> usize {
        3
    }
    fn embed(
        &self,
        _: crate::retrieval::TextKind,
        texts: &[&str],
    ) -> Result<Vec<Vec<f32>>, crate::retrieval::EmbedError> {
        self.0.lock().unwrap().extend(texts.iter().map(|t| (*t).to_owned()));
        let unit = |v: [f32; 3]| {
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.iter().map(|x| x / norm).collect::<Vec<f32>>()
        };
        Ok(texts.iter().map(|t| unit([t.len() as f32, t.matches('a').count() as f32, 1.0])).collect())
    }
}

#[tokio::test]
async fn the_expansion_words_are_folded_into_the_questions_vector_each_embedded_once() {
    let embedder = Arc::new(Counting(std::sync::Mutex::new(Vec::new())));
    let retriever = HybridRetriever {
        knowledge: Arc::new(KnowledgeBase::default()),
        glossary: Arc::new(Glossary::built_in()),
        countries: Arc::new(crate::lexicon::Countries::built_in()),
        index: Arc::new(crate::retrieval::index::exact::ExactIndex::new(3)),
        embedder: embedder.clone(),
        words: Arc::new(WordVectors::new(embedder.clone())),
    };
    let question = retriever.dense_vector("¿tiene tapa?", &[]).await.unwrap();
    let folded = retriever.dense_vector("¿tiene tapa?", &["lid", "cover"]).await.unwrap();
    let again = retriever.dense_vector("¿tiene tapa?", &["lid"]).await.unwrap();
    let seen = embedder.0.lock().unwrap().clone();
    // The question alone, then each word once; never "question + words" as one text.
    assert_eq!(seen, ["¿tiene tapa?", "¿tiene tapa?", "lid", "cover", "¿tiene tapa?"]);
    assert!((folded.iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-5, "unit length");
    assert_ne!(folded, question, "the words move the vector");
    assert_ne!(folded, again);

    // Warming embeds a language's leading forms once; a later question embeds none of them.
    let language = crate::domain::Language::parse("es").unwrap();
    retriever.words.warm(&retriever.glossary, &language).await;
    let warmed = embedder.0.lock().unwrap().len();
    assert!(warmed > 100, "hundreds of words: {warmed}");
    retriever.words.warm(&retriever.glossary, &language).await;
    retriever.dense_vector("¿tiene tapa?", &["tapa"]).await.unwrap();
    assert_eq!(embedder.0.lock().unwrap().len(), warmed + 1, "only the question");
}
