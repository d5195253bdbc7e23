//! A shop's products.jsonl (`knowledge::parse::parse_file`): any text a merchant may upload. See
//! `kefu_fuzz::check_knowledge` for what is checked of every outcome.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    kefu_fuzz::check_knowledge("products.jsonl", text);
});
