use std::collections::{BTreeMap, HashSet};

use super::*;
use crate::knowledge::{Section, Variant};
use crate::shop::Shop;

fn knowledge(products: Vec<Product>, shipping: Vec<ShippingOption>, faq: Option<Document>) -> ShopKnowledge {
    ShopKnowledge {
        shop: Shop::serving_any_language("s", Language::parse("en").unwrap()),
        products,
        shipping,
        orders: vec![],
        policies: vec![],
        faq,
    }
}

fn product(sku: &str, title: &str, description: &str) -> Product {
    Product {
        sku: sku.into(),
        title: title.into(),
        description: description.into(),
        price: 6.8,
        currency: "USD".into(),
        attributes: BTreeMap::from([("材质".to_owned(), serde_json::json!("藤芯"))]),
        variants: vec![Variant {
            sku: format!("{sku}-S"),
            options: BTreeMap::from([("size".to_owned(), serde_json::json!("S"))]),
            price: Some(6.8),
            available: false,
        }],
        url: None,
        tags: vec!["basket".into()],
        language: None,
        listings: BTreeMap::new(),
        line: 3,
    }
}

fn option(country: &str, carrier: &str, line: usize) -> ShippingOption {
    ShippingOption {
        country: country.into(),
        carrier: carrier.into(),
        service: "standard".into(),
        cost: 9.8,
        currency: "USD".into(),
        min_days: 12,
        max_days: 25,
        tracking_url: String::new(),
        notes: "no batteries".into(),
        line,
    }
}

#[test]
fn a_product_is_one_passage_with_its_facts() {
    let chunks = chunks(&knowledge(vec![product("A-1", "手工藤编收纳篮", "桂林匠人手工编织。")], vec![], None));
    assert_eq!(chunks.len(), 1);
    let c = &chunks[0];
    assert_eq!(c.id, "product:A-1");
    assert_eq!((c.source.kind, c.source.id.as_str()), (SourceKind::Product, "A-1"));
    assert_eq!(c.location, "products.jsonl:3");
    assert_eq!(c.language.as_str(), "zh");
    for fact in [
        "手工藤编收纳篮",
        "材质: 藤芯",
        "price: 6.8 USD",
        "variant A-1-S: size S, 6.8 USD, sold out",
        "tags: basket",
        "桂林匠人手工编织。",
    ] {
        assert!(c.text.contains(fact), "{fact:?} missing from {}", c.text);
    }
}

#[test]
fn a_long_description_is_split_and_every_part_names_the_product() {
    let description = "这是一段很长的产品说明。".repeat(80);
    let chunks = chunks(&knowledge(vec![product("A-1", "藤编篮", &description)], vec![], None));
    assert!(chunks.len() > 1);
    assert_eq!(chunks[1].id, "product:A-1#2");
    for c in &chunks {
        assert!(tokens(&c.text) <= MAX_TOKENS + 8, "{} tokens", tokens(&c.text));
        assert!(c.text.starts_with("藤编篮"));
        assert_eq!(c.source.id, "A-1", "every part cites the product");
    }
}

#[test]
fn shipping_rows_become_one_passage_per_destination_with_country_names() {
    let chunks = chunks(&knowledge(
        vec![],
        vec![option("CL", "China Post", 2), option("*", "DHL", 3), option("CL", "DHL", 4)],
        None,
    ));
    let ids: Vec<&str> = chunks.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["shipping:*", "shipping:CL"]);
    let chile = &chunks[1];
    assert!(chile.text.starts_with("Shipping to CL Chile"), "{}", chile.text);
    assert!(chile.text.contains("China Post standard: 9.8 USD, 12-25 days. no batteries"));
    assert!(chile.text.contains("DHL standard"));
    assert_eq!(chile.source.id, "shipping.csv#CL");
    assert_eq!(chile.location, "shipping.csv:2");
}

#[test]
fn a_destination_is_named_in_the_shops_language_and_english() {
    let gazetteer = Countries::built_in();
    let name = |code: &str, language: &str| country_names(&gazetteer, code, &Language::parse(language).unwrap());
    assert_eq!(name("CL", "zh"), "智利 / Chile");
    assert_eq!(name("DE", "pt"), "Alemanha / Germany");
    assert_eq!(name("CL", "en"), "Chile");
    assert_eq!(name("XX", "en"), "", "a code the list does not have");
}

#[test]
fn faq_entries_cite_file_and_heading() {
    let faq = Document {
        file: "faq.md".into(),
        title: Some("FAQ".into()),
        language: None,
        sections: vec![Section { heading: "Do you ship to Chile?".into(), body: "Yes, 12-20 days.".into(), line: 3 }],
    };
    let chunks = chunks(&knowledge(vec![], vec![], Some(faq)));
    assert_eq!(chunks[0].id, "faq:faq.md#Do you ship to Chile?");
    assert_eq!(chunks[0].source.id, "faq.md#Do you ship to Chile?");
    assert_eq!(chunks[0].text, "Do you ship to Chile?\nYes, 12-20 days.");
    assert_eq!(chunks[0].language.as_str(), "en");
}

#[test]
fn ids_are_unique_and_hashes_stable_and_sensitive() {
    let shop = knowledge(
        vec![product("A-1", "Basket", "Long. ".repeat(300).as_str()), product("A-2", "Tray", "")],
        vec![option("CL", "X", 2)],
        None,
    );
    let first = chunks(&shop);
    let ids: HashSet<&str> = first.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), first.len());
    assert_eq!(first, chunks(&shop), "same input, same passages");
    let mut changed = shop.clone();
    changed.products[1].price = 7.0;
    let second = chunks(&changed);
    let differing: Vec<&str> =
        first.iter().zip(&second).filter(|(a, b)| a.hash != b.hash).map(|(a, _)| a.id.as_str()).collect();
    assert_eq!(differing, ["product:A-2"], "only the changed product's hash changes");
}

#[test]
fn split_covers_the_text_within_the_budget() {
    for text in
        ["", "short", &"One sentence here. ".repeat(100), &"无标点的中文长句".repeat(200), &"a\n\nb\n".repeat(50)]
    {
        let parts = split(text, 40);
        let joined: String = parts.concat().split_whitespace().collect();
        let original: String = text.split_whitespace().collect();
        assert_eq!(joined, original, "parts cover the text");
        for part in &parts {
            assert!(tokens(part) <= 40, "{} > 40 in {part:?}", tokens(part));
            assert!(!part.is_empty());
        }
    }
}

#[test]
fn a_passage_is_in_its_sources_language_not_a_guess_from_its_words() {
    // Short Latin text reads like Spanish or Italian to word lists; the shop says English.
    let mut short = product("B-1", "Bicicleta urbana Sol", "Cuadro de aluminio, talla M.");
    short.attributes = BTreeMap::from([("material".to_owned(), serde_json::json!("aluminio"))]);
    let mut declared = product("B-2", "Rain jacket", "Waterproof.");
    declared.language = Some("es".into());
    let chunks = chunks(&knowledge(vec![short, declared], vec![], None));
    assert_eq!(chunks[0].language.as_str(), "en", "the shop's default_language");
    assert_eq!(chunks[1].language.as_str(), "es", "declared on the product");
    let mut faq = Document {
        file: "faq.md".into(),
        title: None,
        language: None,
        sections: vec![Section { heading: "配送".into(), body: "全国包邮，3-5天送达。".into(), line: 1 }],
    };
    let chinese = chunks_of_faq(faq.clone());
    assert_eq!(chinese.language.as_str(), "zh", "a script that names its language outright");
    faq.language = Language::parse("ja");
    assert_eq!(chunks_of_faq(faq).language.as_str(), "ja", "declared in the file");
}

fn chunks_of_faq(faq: Document) -> Chunk {
    chunks(&knowledge(vec![], vec![], Some(faq))).remove(0)
}
