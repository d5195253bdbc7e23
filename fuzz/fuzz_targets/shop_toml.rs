//! shop.toml (`shop::parse_shop_toml`): any text a merchant may save. A shop that parses keeps
//! every rule the parser enforces; a refusal names the file.

#![no_main]

use std::path::Path;

use kefu::domain::ShopId;
use kefu::shop::{MAX_INTENT_EXAMPLES, OrderSource, ShopError, parse_shop_toml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let id = ShopId::parse("fuzz-shop").expect("a shop id");
    match parse_shop_toml(id.clone(), text, Path::new("shops/fuzz-shop")) {
        Ok(shop) => {
            assert_eq!(shop.id, id);
            let handoff = &shop.handoff;
            let thresholds = handoff.threshold.iter().chain(handoff.intent_thresholds.values());
            assert!(thresholds.into_iter().all(|t| (0.0..=1.0).contains(t)));
            let examples = shop.intent_examples.values().flatten();
            assert!(examples.clone().all(|e| !e.trim().is_empty()));
            assert!(examples.count() <= MAX_INTENT_EXAMPLES);
            assert!(shop.business_hours.is_none() || !shop.timezone.is_empty());
            if let OrderSource::Http { url, .. } = &shop.orders {
                assert!(url.starts_with("http://") || url.starts_with("https://"));
                assert!(url.contains("{order_id}"));
            }
            if let Some(generic) = &shop.channels.generic {
                assert!(generic.reply_url.starts_with("http://") || generic.reply_url.starts_with("https://"));
            }
            assert!(shop.conversation_retention.is_none_or(|d| d.as_secs() >= 1));
            // The same text reads the same way again.
            let again = parse_shop_toml(id, text, Path::new("shops/fuzz-shop")).expect("parsed once");
            assert_eq!(format!("{shop:?}"), format!("{again:?}"));
        }
        Err(error @ ShopError::Invalid { .. }) => assert!(error.to_string().contains("shop.toml"), "{error}"),
        Err(error @ ShopError::Read { .. }) => panic!("nothing is read from disk: {error}"),
    }
});
