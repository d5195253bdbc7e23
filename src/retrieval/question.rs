//! A buyer's question as the embedding model reads it. The classifier, retrieval's dense query
//! and the attribute ranker embed the same text, so a turn runs the model once (`MemoEmbedder`):
//! a second, slightly different text (an order number left in) cost long messages ~20 ms.

use std::sync::Arc;

use super::{EmbedError, Embedder, embed_query};

/// Embeds `text` as a question, `masked`.
pub async fn embed_question(embedder: &Arc<dyn Embedder>, text: &str) -> Result<Vec<f32>, EmbedError> {
    embed_query(embedder, masked(text).into_owned()).await
}

/// The text the model embeds: numbers and codes that name an order, a parcel or a year (four
/// digits or more on their own, or six inside a code) become one stand-in number, so "status of
/// order 4217" reads like "status of order 1002" — the embedding otherwise takes some numbers for
/// quantities or models. Amounts with units ("20000mAh", "165Hz") are kept. E-mail addresses
/// (a buyer showing an order is theirs) are left out: they say nothing of what is asked.
pub fn masked(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('@') {
        let is_email =
            |word: &str| word.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
        let kept: Vec<&str> = text.split_whitespace().filter(|w| !is_email(w)).collect();
        if kept.len() < text.split_whitespace().count() {
            return std::borrow::Cow::Owned(masked(&kept.join(" ")).into_owned());
        }
    }
    let is_code_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '#';
    let maskable = |token: &str| {
        let digits = token.chars().filter(char::is_ascii_digit).count();
        let plain = token.trim_start_matches('#').chars().all(|c| c.is_ascii_digit());
        (plain && digits >= 4) || digits >= 6
    };
    if !text.split(|c: char| !is_code_char(c)).any(maskable) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut token = String::new();
    for c in text.chars().chain(std::iter::once('\0')) {
        if is_code_char(c) {
            token.push(c);
            continue;
        }
        if maskable(&token) {
            out.push_str("12345");
        } else {
            out.push_str(&token);
        }
        token.clear();
        if c != '\0' {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_and_codes_become_one_stand_in_and_addresses_are_left_out() {
        assert_eq!(masked("what's the status of order 4217"), "what's the status of order 12345");
        assert_eq!(masked("订单号W2611340到哪了"), "订单号12345到哪了");
        assert_eq!(masked("pedido 112-1234567-1234567, #1001"), "pedido 12345, 12345");
        assert_eq!(masked("do you have it in 20000mAh? 165Hz, size 42"), "do you have it in 20000mAh? 165Hz, size 42");
        assert_eq!(masked("Wo ist meine Bestellung 2611340? mia.k@example.com"), "Wo ist meine Bestellung 12345?");
        assert_eq!(masked("write to me@home"), "write to me@home", "not an address");
    }
}
