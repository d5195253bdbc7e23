//! Each pushing platform's webhook (`channels::PushReceiver::receive`): the first byte picks the
//! platform (0 generic, 1 WhatsApp, 2 TikTok Shop, 3 Shopee, 4 Lazada, 5–7 Shopify with an order,
//! a fulfilment and an ignored topic, modulo 8), the rest is the body, signed as that platform
//! signs so the connector's parser is reached. eBay and AliExpress are polled: nothing is pushed
//! to them. See `kefu_fuzz::webhook::deliver` for the checks.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kefu_fuzz::webhook::deliver(data));
