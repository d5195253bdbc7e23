//! A shop's faq.md and policies/*.md (`knowledge::parse::parse_file`): any text a merchant may
//! upload, read as faq.md when its length is even and as a policy when odd (the file's stem
//! heads text before the first heading). See `kefu_fuzz::check_knowledge` for the checks.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let name = if text.len() % 2 == 0 { "faq.md" } else { "policies/returns.md" };
    kefu_fuzz::check_knowledge(name, text);
});
