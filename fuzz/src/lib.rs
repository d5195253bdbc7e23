//! What the fuzz targets share: the checks on a parsed knowledge file, and the webhook
//! connectors with a shop, its secrets and the deployment's app secrets, so a fuzzed body can be
//! signed the way each platform signs and reach the connector's parser.

use std::collections::HashSet;
use std::sync::OnceLock;

use kefu::knowledge::parse::{KnowledgeFile, Problem, parse_file};

/// Parses `text` as the knowledge file `name` and checks what is true of any outcome: problems
/// name the file and a line inside it, and what was accepted keeps the rules the parser enforces
/// (unique ids and headings, amounts ≥ 0, non-empty orders and sections).
pub fn check_knowledge(name: &str, text: &str) {
    // A line number may point one past the last line break (an unterminated last line); `\r`
    // alone ends a CSV record, so it counts as a line break too.
    let breaks = text.bytes().filter(|&b| b == b'\n' || b == b'\r').count();
    let check_problems = |problems: &[Problem]| {
        for problem in problems {
            assert_eq!(problem.file, name, "{problem}");
            assert!(problem.line.is_none_or(|l| (1..=breaks + 1).contains(&l)), "{problem} ({breaks} line breaks)");
            assert!(!problem.message.is_empty());
            assert!(problem.to_string().starts_with(name));
        }
    };
    let (file, warnings) = match parse_file(name, text) {
        Ok(parsed) => parsed,
        Err(errors) => {
            assert!(!errors.is_empty(), "a refusal says why");
            check_problems(&errors);
            return;
        }
    };
    check_problems(&warnings);
    let lines = text.lines().count();
    match file {
        KnowledgeFile::Products(products) => {
            let mut skus = HashSet::new();
            for product in &products {
                assert!((1..=lines).contains(&product.line));
                assert!(skus.insert(product.sku.as_str()), "sku {:?} twice", product.sku);
                assert!(!product.title.trim().is_empty());
                assert!(product.price.is_finite() && product.price >= 0.0);
                assert!(product.currency.len() == 3);
                for variant in &product.variants {
                    assert!(variant.sku == product.sku || skus.insert(variant.sku.as_str()), "{:?}", variant.sku);
                    assert!(variant.price.is_none_or(|p| p.is_finite() && p >= 0.0));
                }
            }
            assert!(products.windows(2).all(|w| w[0].line < w[1].line), "in file order");
        }
        KnowledgeFile::Orders(orders) => {
            let mut ids = HashSet::new();
            for order in &orders {
                assert!((1..=lines).contains(&order.line));
                assert!(ids.insert(order.order_id.as_str()), "order {:?} twice", order.order_id);
                assert!(!order.items.is_empty());
                assert!(order.items.iter().all(|i| i.qty >= 1 && i.price.is_finite() && i.price >= 0.0));
                assert!(order.total.is_finite() && order.total >= 0.0);
            }
        }
        KnowledgeFile::Shipping(options) => {
            for option in &options {
                assert!(option.line >= 2 && option.line <= breaks + 1, "line {} of {breaks} breaks", option.line);
                assert!(option.min_days <= option.max_days);
                assert!(option.cost.is_finite() && option.cost >= 0.0);
                let country = option.country.as_str();
                assert!(country == "*" || (country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase())));
                assert!(!option.carrier.is_empty());
                assert!(option.tracking_url.is_empty() || option.tracking_url.contains("{tracking_number}"));
            }
        }
        KnowledgeFile::Document(document) => {
            assert_eq!(document.file, name);
            let mut headings = HashSet::new();
            for section in &document.sections {
                assert!(headings.insert(section.heading.as_str()), "heading {:?} twice", section.heading);
                assert!(!section.body.is_empty() && section.body.trim() == section.body);
                assert!((1..=lines.max(1)).contains(&section.line));
            }
        }
    }
}

pub mod webhook {
    use std::path::Path;

    use base64::Engine;
    use hmac::Mac;
    use kefu::channels::generic::GenericWebhook;
    use kefu::channels::lazada::LazadaIm;
    use kefu::channels::shopee::ShopeeChat;
    use kefu::channels::shopify::ShopifyWebhooks;
    use kefu::channels::tiktok::TiktokShop;
    use kefu::channels::whatsapp::WhatsappCloud;
    use kefu::channels::{OrderUpdate, PushReceiver, Refused};
    use kefu::config::{LazadaConfig, OutboundSettings, ShopeeConfig, TiktokConfig, WhatsappConfig};
    use kefu::domain::ShopId;
    use kefu::outbound::OutboundPolicy;
    use kefu::secrets::Secrets;
    use kefu::shop::{ShopDirectory, parse_shop_toml};

    use super::OnceLock;

    pub const SHOP: &str = "fuzz-shop";
    const GENERIC_SECRET: &str = "generic webhook secret";
    const SHOPIFY_SECRET: &str = "shopify client secret";
    const WHATSAPP_SECRET: &str = "meta app secret";
    const TIKTOK_SECRET: &str = "tiktok app secret";
    const SHOPEE_KEY: &str = "shopee partner key";
    const LAZADA_SECRET: &str = "lazada app secret";
    const TIKTOK_KEY: &str = "tiktok-app-key";
    const LAZADA_KEY: &str = "123456";
    const SHOPEE_CALLBACK: &str = "https://kefu.example/v1/webhooks/shopee";

    /// One shop on every pushing platform; the accounts match the payloads in the seed corpus.
    const SHOP_TOML: &str = r#"name = "Fuzz Shop"
default_language = "en"

[channels.generic]
secret = "generic"
reply_url = "https://replies.example/kefu"

[channels.whatsapp]
phone_number_id = "1234567890"
token = "whatsapp"

[channels.tiktok]
shop_id = "7000123"
shop_cipher = "cipher"
token = "tiktok"

[channels.shopee]
shop_id = 880001
token = "shopee"

[channels.lazada]
seller_id = 100200300
token = "lazada"

[channels.shopify]
shop_domain = "lamps.myshopify.com"
secret = "shopify"
"#;

    /// Shopify topics a fuzzed delivery is sent as: an order, a fulfilment, and one kefu ignores.
    pub const SHOPIFY_TOPICS: [&str; 3] = ["orders/updated", "fulfillments/update", "products/update"];

    pub struct Setup {
        pub shops: ShopDirectory,
        pub generic: GenericWebhook,
        pub whatsapp: WhatsappCloud,
        pub tiktok: TiktokShop,
        pub shopee: ShopeeChat,
        pub lazada: LazadaIm,
        pub shopify: ShopifyWebhooks,
        _secrets: tempfile::TempDir,
    }

    /// The connectors, the shop and the secrets, made once per process.
    pub fn setup() -> &'static Setup {
        static SETUP: OnceLock<Setup> = OnceLock::new();
        SETUP.get_or_init(|| {
            // SAFETY: set once, before any connector reads them, while the fuzzer runs inputs on
            // this one thread.
            unsafe {
                std::env::set_var("KEFU_FUZZ_WHATSAPP_APP_SECRET", WHATSAPP_SECRET);
                std::env::set_var("KEFU_FUZZ_TIKTOK_APP_SECRET", TIKTOK_SECRET);
                std::env::set_var("KEFU_FUZZ_SHOPEE_PARTNER_KEY", SHOPEE_KEY);
                std::env::set_var("KEFU_FUZZ_LAZADA_APP_SECRET", LAZADA_SECRET);
            }
            let dir = tempfile::tempdir().expect("a temporary directory");
            let shop_secrets = dir.path().join(SHOP);
            std::fs::create_dir_all(&shop_secrets).expect("the shop's secret directory");
            std::fs::write(shop_secrets.join("generic"), GENERIC_SECRET).expect("a secret");
            std::fs::write(shop_secrets.join("shopify"), SHOPIFY_SECRET).expect("a secret");
            let secrets = Secrets::new(dir.path().to_path_buf());
            let id = ShopId::parse(SHOP).expect("a shop id");
            let shop = parse_shop_toml(id, SHOP_TOML, Path::new(SHOP)).expect("the fuzz shop's settings");
            let shops = ShopDirectory::default();
            shops.insert(shop);
            let outbound =
                OutboundSettings { allowed_hosts: Vec::new(), allow_private: false, max_response_bytes: 1 << 20 };
            let api_base = "https://api.example".to_owned();
            Setup {
                shops,
                generic: GenericWebhook::new(secrets.clone(), OutboundPolicy::new(&outbound)),
                whatsapp: WhatsappCloud::new(
                    WhatsappConfig {
                        app_secret_env: "KEFU_FUZZ_WHATSAPP_APP_SECRET".into(),
                        verify_token_env: "KEFU_FUZZ_WHATSAPP_VERIFY_TOKEN".into(),
                        api_base: api_base.clone(),
                    },
                    secrets.clone(),
                ),
                tiktok: TiktokShop::new(
                    TiktokConfig {
                        app_key: TIKTOK_KEY.into(),
                        app_secret_env: "KEFU_FUZZ_TIKTOK_APP_SECRET".into(),
                        api_base: api_base.clone(),
                    },
                    secrets.clone(),
                ),
                shopee: ShopeeChat::new(
                    ShopeeConfig {
                        partner_id: "2001".into(),
                        partner_key_env: "KEFU_FUZZ_SHOPEE_PARTNER_KEY".into(),
                        callback_url: SHOPEE_CALLBACK.into(),
                        api_base: api_base.clone(),
                    },
                    secrets.clone(),
                ),
                lazada: LazadaIm::new(
                    LazadaConfig {
                        app_key: LAZADA_KEY.into(),
                        app_secret_env: "KEFU_FUZZ_LAZADA_APP_SECRET".into(),
                        api_base,
                    },
                    secrets.clone(),
                ),
                shopify: ShopifyWebhooks::new(secrets),
                _secrets: dir,
            }
        })
    }

    fn hex_hmac(secret: &str, prefix: &str, body: &[u8]) -> String {
        let mut signed = prefix.as_bytes().to_vec();
        signed.extend_from_slice(body);
        kefu::crypto::hmac_hex(secret.as_bytes(), &signed)
    }

    fn header(name: &str, value: impl Into<String>) -> (String, String) {
        (name.to_owned(), value.into())
    }

    /// The platform a fuzz input is for: its first byte modulo 8 (`0` is generic … `5`–`7` are
    /// Shopify with each of `SHOPIFY_TOPICS`); the rest is the body.
    pub fn delivery(selector: u8) -> (&'static dyn PushReceiver, usize) {
        let setup = setup();
        let connectors: [&'static dyn PushReceiver; 5] =
            [&setup.generic, &setup.whatsapp, &setup.tiktok, &setup.shopee, &setup.lazada];
        match usize::from(selector % 8) {
            n @ 0..=4 => (connectors[n], 0),
            n => (&setup.shopify, n - 5),
        }
    }

    /// The headers that sign `body` for `connector` as its platform signs deliveries.
    pub fn signed(connector: &dyn PushReceiver, topic: usize, body: &[u8]) -> Vec<(String, String)> {
        use kefu::channels::Platform;
        match connector.platform() {
            Platform::Generic => vec![
                header("x-kefu-shop", SHOP),
                header("x-kefu-signature", format!("sha256={}", hex_hmac(GENERIC_SECRET, "", body))),
            ],
            Platform::Whatsapp => {
                vec![header("x-hub-signature-256", format!("sha256={}", hex_hmac(WHATSAPP_SECRET, "", body)))]
            }
            Platform::Tiktok => vec![header("authorization", hex_hmac(TIKTOK_SECRET, TIKTOK_KEY, body))],
            Platform::Shopee => {
                vec![header("authorization", hex_hmac(SHOPEE_KEY, &format!("{SHOPEE_CALLBACK}|"), body))]
            }
            Platform::Lazada => vec![header("authorization", hex_hmac(LAZADA_SECRET, LAZADA_KEY, body))],
            Platform::Shopify => {
                let mut mac =
                    hmac::Hmac::<sha2::Sha256>::new_from_slice(SHOPIFY_SECRET.as_bytes()).expect("any key length");
                mac.update(body);
                let signature = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
                vec![
                    header("x-shopify-hmac-sha256", signature),
                    header("x-shopify-topic", SHOPIFY_TOPICS[topic]),
                    header("x-shopify-shop-domain", "lamps.myshopify.com"),
                    header("x-shopify-webhook-id", "fuzz-delivery"),
                ]
            }
            other @ (Platform::Ebay | Platform::Aliexpress) => unreachable!("{other:?} is polled"),
        }
    }

    /// Delivers one fuzz input and checks what holds of every delivery: a correctly signed body
    /// is never refused for its signature, the same signature on a changed body always is, and
    /// what is accepted is routed to the shop, on the connector's platform, no larger than what
    /// came in.
    pub fn deliver(data: &[u8]) {
        let Some((&selector, body)) = data.split_first() else { return };
        let setup = setup();
        let (connector, topic) = delivery(selector);
        let headers = signed(connector, topic, body);
        let outcome = connector.receive(&headers, body, &setup.shops);
        let mut changed = body.to_vec();
        changed.push(b' ');
        assert_eq!(
            connector.receive(&headers, &changed, &setup.shops).err(),
            Some(Refused::Signature),
            "a body changed after signing is refused"
        );
        let received = match outcome {
            Ok(received) => received,
            Err(Refused::Signature) => panic!("a correctly signed {:?} delivery was refused", connector.platform()),
            Err(Refused::UnknownShop | Refused::Malformed(_)) => return,
        };
        let bound = 2 * body.len() + 16;
        for message in &received.messages {
            assert_eq!(message.platform, connector.platform());
            assert_eq!(message.shop.as_str(), SHOP);
            for text in [&message.text, &message.conversation, &message.message_id] {
                assert!(text.len() <= bound, "{} bytes out of a {}-byte body", text.len(), body.len());
            }
        }
        for (shop, update) in &received.orders {
            assert_eq!(shop.as_str(), SHOP);
            if let OrderUpdate::Order(order) = update {
                assert!(order.order_id.len() <= body.len());
            }
        }
    }
}
