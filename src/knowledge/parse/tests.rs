use std::path::Path;

use super::*;

fn shop_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec![("shop.toml", "name = \"S\"\ndefault_language = \"en\"\n")];
    all.extend_from_slice(files);
    for (name, text) in all {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn errors(dir: &Path) -> Vec<String> {
    match read_shop(ShopId::parse("s").unwrap(), dir) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

const PRODUCT: &str = r#"{"sku":"A-1","title":"Basket","price":6.8,"currency":"USD","attributes":{"material":"rattan","weight_kg":1.2},"variants":[{"sku":"A-1-S","options":{"size":"S"},"price":6.8,"available":true}]}"#;
const SHIPPING: &str = "country,carrier,service,cost,currency,min_days,max_days,tracking_url,notes\nCL,China Post,\"registered, small\",9.8,USD,15,30,https://t.example/{tracking_number},\"over 2kg, not accepted\"\n*,DHL,express,38,USD,3,6,,\n";
const ORDER: &str = r#"{"order_id":"1042","buyer":"Ana","email":"ana@example.com","status":"shipped","items":[{"sku":"A-1-S","title":"Basket S","qty":2,"price":6.8}],"total":13.6,"currency":"USD","destination_country":"CL","carrier":"China Post","tracking_number":"RR1CN","shipped_at":"2026-09-11T20:50:00Z","delivered_at":null,"eta_min":"2026-10-01","eta_max":"2026-10-15","events":[{"time":"2026-09-12T08:00:00+08:00","location":"Guilin","description":"picked up"}]}"#;

#[test]
fn a_good_shop_reads_whole() {
    let dir = shop_dir(&[
        ("products.jsonl", &format!("{PRODUCT}\n\n")),
        ("shipping.csv", SHIPPING),
        ("orders.jsonl", ORDER),
        ("faq.md", "# FAQ\n\n## Do you ship to Chile?\nYes.\n\n## Returns?\nWithin 30 days.\n"),
        ("policies/returns.md", "# Returns\nIntro text.\n## Window\n30 days.\n"),
    ]);
    let (knowledge, warnings) = read_shop(ShopId::parse("s").unwrap(), dir.path()).expect("valid");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(knowledge.products[0].variants[0].sku, "A-1-S");
    assert_eq!(knowledge.shipping.len(), 2);
    assert_eq!(knowledge.shipping[0].service, "registered, small", "quoted commas are one field");
    assert_eq!(knowledge.shipping[0].notes, "over 2kg, not accepted");
    assert_eq!(knowledge.shipping[0].line, 2);
    assert_eq!(knowledge.orders[0].status, OrderStatus::Shipped);
    let faq = knowledge.faq.unwrap();
    assert_eq!(
        faq.sections.iter().map(|s| s.heading.as_str()).collect::<Vec<_>>(),
        ["Do you ship to Chile?", "Returns?"]
    );
    assert_eq!(faq.sections[1].line, 6);
    let returns = &knowledge.policies[0];
    assert_eq!(returns.file, "policies/returns.md");
    assert_eq!(returns.sections[0].heading, "Returns", "text under the title is a section headed by it");
    assert_eq!(returns.sections[1].body, "30 days.");
}

#[test]
fn every_problem_is_named_by_file_line_and_field() {
    let products = format!(
        "{PRODUCT}\n{{\"sku\":\"B\",\"title\":\"x\",\"price\":\"cheap\",\"currency\":\"USD\"}}\n{{not json\n{}\n{{\"sku\":\"C\",\"title\":\"\",\"price\":-1,\"currency\":\"usd\"}}\n",
        PRODUCT
    );
    let dir = shop_dir(&[
        ("products.jsonl", &products),
        (
            "shipping.csv",
            "country,carrier,service,cost,currency,min_days,max_days,tracking_url,notes\nChile,DHL,x,abc,USD,9,3,https://no-placeholder,\n",
        ),
        ("orders.jsonl", r#"{"order_id":"1","status":"lost","items":[],"total":1,"currency":"USD"}"#),
    ]);
    let errors = errors(dir.path());
    let expected = [
        "products.jsonl:2: price: invalid type: string \"cheap\", expected f64",
        "products.jsonl:3: not valid JSON",
        "products.jsonl:4: sku: \"A-1\" appears twice in the catalogue",
        "products.jsonl:5: title: must not be empty",
        "products.jsonl:5: price: -1 must be a number ≥ 0",
        "products.jsonl:5: currency: \"usd\" is not an ISO 4217 code",
        "shipping.csv:2: cost: \"abc\" is not a number ≥ 0",
        "shipping.csv:2: country: \"Chile\" is not an ISO 3166 alpha-2 code",
        "shipping.csv:2: tracking_url: must contain {tracking_number}",
        "shipping.csv:2: min_days: 9 is more than max_days 3",
        "orders.jsonl:1: status: unknown variant `lost`",
    ];
    for expected in expected {
        assert!(errors.iter().any(|e| e.starts_with(expected)), "missing {expected:?} in {errors:#?}");
    }
}

#[test]
fn orders_are_checked_for_times_items_and_duplicates() {
    let bad = ORDER.replace("2026-09-11T20:50:00Z", "11/09/2026").replace("\"qty\":2", "\"qty\":0");
    let dir = shop_dir(&[("orders.jsonl", &format!("{ORDER}\n{bad}\n"))]);
    let errors = errors(dir.path());
    assert!(errors.iter().any(|e| e.starts_with("orders.jsonl:2: order_id: \"1042\" appears twice")), "{errors:#?}");
    assert!(
        errors.iter().any(|e| e.starts_with("orders.jsonl:2: shipped_at: \"11/09/2026\" is not a time")),
        "{errors:#?}"
    );
    assert!(errors.iter().any(|e| e.starts_with("orders.jsonl:2: items[0].qty: must be at least 1")), "{errors:#?}");
}

#[test]
fn unknown_fields_and_odd_totals_are_warnings_not_errors() {
    let product = PRODUCT.replacen("{", "{\"brand\":\"X\",", 1);
    let order = ORDER.replace("\"total\":13.6", "\"total\":10");
    let dir = shop_dir(&[("products.jsonl", &product), ("orders.jsonl", &order)]);
    let (_, warnings) = read_shop(ShopId::parse("s").unwrap(), dir.path()).expect("still valid");
    let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert!(warnings.contains(&"products.jsonl:1: brand: unknown field, ignored".to_owned()), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.starts_with("orders.jsonl:1: total: the items add up to 13.60")), "{warnings:?}");
    let without_email = ORDER.replace("\"email\":\"ana@example.com\",", "");
    let dir = shop_dir(&[("orders.jsonl", &without_email)]);
    let (knowledge, warnings) = read_shop(ShopId::parse("s").unwrap(), dir.path()).expect("valid");
    assert_eq!(knowledge.orders[0].email, None);
    let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.starts_with("orders.jsonl: 1 of 1 orders have no email, phone or postcode")),
        "an order its buyer cannot show is theirs: {warnings:?}"
    );
}

#[test]
fn a_bad_shop_toml_a_bad_header_and_non_utf8_are_errors() {
    let dir = shop_dir(&[("shipping.csv", "country;carrier\n")]);
    std::fs::write(dir.path().join("shop.toml"), "name = 3\n").unwrap();
    std::fs::write(dir.path().join("faq.md"), b"## ok\n\xff\xfe\n").unwrap();
    let errors = errors(dir.path());
    assert!(errors.iter().any(|e| e.starts_with("shop.toml: ")), "{errors:#?}");
    assert!(
        errors.iter().any(|e| e.starts_with("shipping.csv:1: the header must start with country,carrier")),
        "{errors:#?}"
    );
    assert!(errors.iter().any(|e| e == "faq.md:2: not UTF-8 text; save the file as UTF-8"), "{errors:#?}");
}

#[test]
fn duplicate_headings_are_errors_because_they_name_passages() {
    let dir = shop_dir(&[("faq.md", "## Returns?\nA\n## Returns?\nB\n")]);
    assert_eq!(
        errors(dir.path()),
        vec!["faq.md:3: the heading \"Returns?\" appears twice; headings name passages, so they must differ"]
    );
}

#[test]
fn timestamps_and_dates() {
    for good in ["2026-09-11T20:50:00Z", "2026-09-11T20:50:00.123+08:00", "2026-09-11 20:50:00-03:00"] {
        assert!(is_timestamp(good), "{good}");
    }
    for bad in
        ["2026-09-11", "2026-13-11T20:50:00Z", "2026-09-11T25:50:00Z", "2026-09-11T20:50:00", "2026-09-11T20:50:00.Z"]
    {
        assert!(!is_timestamp(bad), "{bad}");
    }
    assert!(is_date("2026-02-28") && !is_date("2026-2-28") && !is_date("2026-02-32"));
    // A character across the date's end: slicing the date out of it panicked.
    assert!(!is_timestamp("2026-09-1\u{e9}T20:50:00Z"));
    let order = ORDER.replace("2026-09-11T20:50:00Z", "2026-09-1\u{e9}T20:50:00Z");
    let errors: Vec<String> = parse_file("orders.jsonl", &order).unwrap_err().iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        ["orders.jsonl:1: shipped_at: \"2026-09-1\u{e9}T20:50:00Z\" is not a time like 2026-09-11T20:50:00Z"]
    );
}

#[test]
fn a_file_or_a_product_may_declare_its_language_and_a_bad_tag_is_an_error() {
    let spanish = PRODUCT.replace(r#""sku":"A-1","#, r#""sku":"A-1","language":"es","#);
    let dir = shop_dir(&[
        ("products.jsonl", spanish.as_str()),
        ("policies/returns.md", "<!-- language: pt-BR -->\n# Devoluções\n## Prazo\n30 dias.\n"),
    ]);
    let (knowledge, _) = read_shop(ShopId::parse("s").unwrap(), dir.path()).expect("valid");
    assert_eq!(knowledge.products[0].language.as_deref(), Some("es"));
    assert_eq!(knowledge.policies[0].language.as_ref().map(|l| l.as_str()), Some("pt-br"));
    assert!(!knowledge.policies[0].sections[0].body.contains("language"), "the declaration is not text");

    let bad = PRODUCT.replace(r#""sku":"A-1","#, r#""sku":"A-1","language":"klingon!","#);
    let dir = shop_dir(&[("products.jsonl", bad.as_str()), ("faq.md", "<!-- language: ?? -->\n## Q\nA.\n")]);
    let found = errors(dir.path());
    assert!(found.iter().any(|e| e.contains("products.jsonl:1") && e.contains("language")), "{found:?}");
    assert!(found.iter().any(|e| e.contains("faq.md:1") && e.contains("language")), "{found:?}");
}

#[test]
fn one_file_parses_on_its_own_by_its_name() {
    let Ok((KnowledgeFile::Products(products), warnings)) =
        parse_file("products.jsonl", &format!("\u{feff}{PRODUCT}\n"))
    else {
        panic!("a good catalogue line, after a byte-order mark")
    };
    assert_eq!((products[0].sku.as_str(), products[0].line), ("A-1", 1));
    assert!(warnings.is_empty(), "{warnings:?}");
    let Ok((KnowledgeFile::Shipping(options), _)) = parse_file("shipping.csv", SHIPPING) else { panic!("shipping") };
    assert_eq!(options.len(), 2);
    let Ok((KnowledgeFile::Document(returns), _)) =
        parse_file("policies/returns.md", "# Returns\n## Window\n30 days.\n")
    else {
        panic!("a policy")
    };
    assert_eq!((returns.file.as_str(), returns.sections[0].body.as_str()), ("policies/returns.md", "30 days."));

    let bad = ORDER.replace("\"qty\":2", "\"qty\":0");
    let errors: Vec<String> = parse_file("orders.jsonl", &bad).unwrap_err().iter().map(ToString::to_string).collect();
    assert_eq!(errors, ["orders.jsonl:1: items[0].qty: must be at least 1"]);
    for name in ["shop.toml", "policies/old/returns.md", "faq.txt"] {
        let errors = parse_file(name, "## Q\nA.\n").unwrap_err();
        assert!(errors[0].message.starts_with("not a knowledge file"), "{name}: {errors:?}");
    }
}

#[test]
fn csv_rows_after_lone_carriage_returns_are_named_by_their_own_line() {
    let header = "country,carrier,service,cost,currency,min_days,max_days,tracking_url,notes";
    let old_mac = format!("{header}\rCL,DHL,x,9.8,USD,15,30,,\r*,DHL,express,38,USD,3,6,,\r\rXX,,x,1,USD,1,2,,\r");
    let errors: Vec<String> =
        parse_file("shipping.csv", &old_mac).unwrap_err().iter().map(ToString::to_string).collect();
    assert_eq!(errors, ["shipping.csv:5: carrier: must not be empty"]);
    let windows = format!("{header}\r\nCL,DHL,x,9.8,USD,15,30,,\r\n*,DHL,express,38,USD,3,6,,\r\n");
    let Ok((KnowledgeFile::Shipping(options), _)) = parse_file("shipping.csv", &windows) else { panic!("CRLF") };
    assert_eq!(options.iter().map(|o| o.line).collect::<Vec<_>>(), [2, 3]);
    // Found by the knowledge_shipping fuzz target: its one row was said to be on line 1.
    let found = "country,carrier,service,cost,currency,min_days,max_days,tracking_url,notes\rCL,ps:n//lp\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{1}ered, sm%all\",9.8,USD,15,30,h/{tracking_number},\"L,Cps:u,se_dayslD$older\u{1}\u{8},\u{0}\n 〔";
    let Ok((KnowledgeFile::Shipping(options), _)) = parse_file("shipping.csv", found) else { panic!("accepted") };
    assert_eq!(options.iter().map(|o| o.line).collect::<Vec<_>>(), [2]);
}

#[test]
fn a_product_names_its_marketplace_listings() {
    let listed =
        PRODUCT.replacen('{', r#"{"listings":{"shopee":"123456789","lazada":"2345","tiktok":"1729382256910"},"#, 1);
    let dir = shop_dir(&[("products.jsonl", &listed)]);
    let (knowledge, warnings) = read_shop(ShopId::parse("s").unwrap(), dir.path()).expect("valid");
    assert!(warnings.is_empty(), "a known field: {warnings:?}");
    assert_eq!(knowledge.products[0].listings.get("shopee").map(String::as_str), Some("123456789"));
    assert_eq!(knowledge.products[0].listings.len(), 3);
}

#[test]
fn listings_name_known_marketplaces_with_plain_ids_each_claimed_once() {
    let product = |sku: &str, listings: &str| {
        format!(r#"{{"sku":"{sku}","title":"x","price":1,"currency":"USD","listings":{listings}}}"#)
    };
    let long = "9".repeat(65);
    let products = [
        product("A", r#"{"shopee":"111","amazon":"B0123"}"#),
        product("B", r#"{"lazada":"12 34","tiktok":""}"#),
        product("C", &format!(r#"{{"tiktok":"{long}"}}"#)),
        product("D", r#"{"shopee":"111"}"#),
        product("E", r#"["shopee","111"]"#),
        product("F", r#"{"shopee":111}"#),
        product("G", r#"{"lazada":"111","shopee":"shopee:1"}"#),
    ]
    .join("\n");
    let dir = shop_dir(&[("products.jsonl", &products)]);
    let errors = errors(dir.path());
    let expected = [
        "products.jsonl:1: listings.amazon: \"amazon\" is not a marketplace kefu reads product cards from",
        "products.jsonl:2: listings.lazada: \"12 34\" must be 1-64 ASCII letters, digits, - or _",
        "products.jsonl:2: listings.tiktok: \"\" must be 1-64",
        &format!("products.jsonl:3: listings.tiktok: \"{long}\" must be 1-64"),
        "products.jsonl:4: listings.shopee: \"111\" is already the shopee listing of \"A\"",
        "products.jsonl:5: listings: invalid type: sequence, expected a map",
        "products.jsonl:6: listings.shopee: invalid type: integer `111`, expected a string",
        "products.jsonl:7: listings.shopee: \"shopee:1\" must be 1-64",
    ];
    for expected in expected {
        assert!(errors.iter().any(|e| e.starts_with(expected)), "missing {expected:?} in {errors:#?}");
    }
    // The same id on another marketplace is another listing.
    assert!(!errors.iter().any(|e| e.starts_with("products.jsonl:7: listings.lazada")), "{errors:#?}");
    assert!(!errors.iter().any(|e| e.starts_with("products.jsonl:1: listings.shopee")), "{errors:#?}");
}
