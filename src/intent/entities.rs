//! The things in a buyer's message a reply needs: order id, tracking number, destination
//! country, SKU, an amount of money. Pure: patterns and the country gazetteer, no IO.
//!
//! Order ids and tracking numbers are told apart by shape: a tracking number is a UPU S10 code
//! (`LX123456789CN`) or a long code (10+ characters with 10+ digits, `SF1234567890123`,
//! `1Z999AA10123456784`); an order id is shorter (`1042`, `W1234567`, `88231`) and needs a sign:
//! a `#`, an order word before it ("pedido", "订单号", "заказ", "주문"…), or a letter-and-digits
//! shape of its own.

use std::sync::LazyLock;

use regex::Regex;

use crate::domain::Entities;
use crate::lexicon::Countries;

/// Words after which a number is an order id, in the languages kefu serves.
const ORDER_WORDS: &[&str] = &[
    "order",
    "orders",
    "order#",
    "pedido",
    "pedidos",
    "encomenda",
    "compra",
    "commande",
    "bestellung",
    "bestellnummer",
    "auftrag",
    "ordine",
    "ordinazione",
    "заказ",
    "заказа",
    "заказу",
    "заказе",
    "номер",
    "sipariş",
    "siparis",
    "siparişim",
    "bestelling",
    "zamówienie",
    "zamowienie",
    "طلب",
    "الطلب",
    "طلبي",
    "رقم",
    "no",
    "nr",
    "n°",
    "nº",
    "number",
    "número",
    "numero",
    "no.",
    "nr.",
    "id",
];

/// Order words in scripts without spaces, which may touch the number ("订单1042", "주문번호88231").
const UNSPACED_ORDER_WORDS: &[&str] =
    &["订单号", "订单", "單號", "订单编号", "訂單", "单号", "注文番号", "注文", "주문번호", "주문"];

static TRACKING_S10: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^[A-Z]{2}\d{9}[A-Z]{2}$").expect("valid"));
/// Amazon's order numbers: `112-1234567-1234567`.
static AMAZON_ORDER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{3}-\d{7}-\d{7}$").expect("valid"));
static SKU: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Z]{2,4}(?:-[A-Z0-9]{1,6}){1,3}$").expect("valid"));
static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?: (?P<pre>R\$|US\$|\$|€|£|¥|₩|₺|₽|USD|EUR|BRL|MXN|CNY|RMB|KRW|JPY|GBP|TRY|RUB)\s?(?P<n1>\d[\d.,\s]*\d|\d) )
        | (?: (?P<n2>\d[\d.,]*\d|\d)\s?(?P<post>USD|EUR|BRL|MXN|CNY|RMB|KRW|JPY|GBP|TRY|RUB|€|円|元|块|원|руб\.?|рублей|₽|TL|dólares|dolares|euros?|reais|pesos|dollars?)\b )",
    )
    .expect("valid")
});

/// Extracts entities; `countries` is the gazetteer (`Countries::built_in()`).
pub fn extract(text: &str, countries: &Countries) -> Entities {
    let mut entities =
        Entities { country: countries.find(text).first().map(|c| (*c).to_owned()), ..Entities::default() };
    if let Some(m) = AMOUNT.find(text) {
        entities.amount = Some(m.as_str().trim().to_owned());
    }
    let tokens: Vec<&str> = text
        .split(|c: char| {
            c.is_whitespace()
                || matches!(c, ',' | '?' | '!' | '。' | '，' | '？' | '！' | ':' | '：' | '(' | ')' | '（' | '）')
        })
        .filter(|t| !t.is_empty())
        .collect();
    for (i, raw) in tokens.iter().enumerate() {
        // Split a code off words of unspaced scripts it touches: "订单1042什么时候" → "1042".
        let (prefix, code, suffix) = split_code(raw);
        let code = code.trim_matches(|c: char| matches!(c, '.' | ';' | '"' | '\'' | '“' | '”'));
        let hashed = code.starts_with('#') || prefix.ends_with('#');
        let code = code.trim_start_matches('#').trim_start_matches("No.").trim_start_matches("Nr.");
        if code.is_empty()
            || !code.chars().any(|c| c.is_ascii_digit())
            || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            continue;
        }
        let digits = code.chars().filter(char::is_ascii_digit).count();
        if entities.sku.is_none() && SKU.is_match(code) {
            entities.sku = Some(code.to_owned());
            continue;
        }
        if code.contains('-') {
            if entities.order_id.is_none() && AMAZON_ORDER.is_match(code) {
                entities.order_id = Some(code.to_owned());
            }
            continue;
        }
        if entities.tracking_number.is_none()
            && (TRACKING_S10.is_match(code) || (code.len() >= 10 && digits >= 10 && code.len() <= 30))
        {
            entities.tracking_number = Some(code.to_uppercase());
            continue;
        }
        // Korean puts the order word after the number: "1040번 주문", "88231 주문".
        let before_order_word = suffix.starts_with('번')
            || tokens.get(i + 1).is_some_and(|t| UNSPACED_ORDER_WORDS.iter().any(|w| t.starts_with(w)));
        let after_order_word = before_order_word
            || UNSPACED_ORDER_WORDS.iter().any(|w| prefix.ends_with(w))
            || tokens[i.saturating_sub(3)..i].iter().any(|t| {
                let t = t.to_lowercase();
                ORDER_WORDS.contains(&t.trim_matches(|c: char| !c.is_alphanumeric() && c != '°' && c != 'º'))
                    || UNSPACED_ORDER_WORDS.iter().any(|w| t.ends_with(w))
            });
        let lettered = code.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && digits >= 5;
        let plausible = (3..=12).contains(&code.len()) && digits >= 3;
        if entities.order_id.is_none() && plausible && (hashed || after_order_word || lettered) {
            entities.order_id = Some(code.to_owned());
        }
    }
    entities
}

/// A token as the text before its ASCII code (in scripts without spaces, where an order word
/// may touch the number), the code, and what follows it.
fn split_code(token: &str) -> (&str, &str, &str) {
    let start =
        token.char_indices().find(|(_, c)| c.is_ascii_alphanumeric() || *c == '#').map_or(token.len(), |(i, _)| i);
    let (prefix, rest) = token.split_at(start);
    let end = rest
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '#' | '-' | '.')))
        .map_or(rest.len(), |(i, _)| i);
    let (code, suffix) = rest.split_at(end);
    (prefix, code, suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entities(text: &str) -> Entities {
        static COUNTRIES: LazyLock<Countries> = LazyLock::new(Countries::built_in);
        extract(text, &COUNTRIES)
    }

    #[test]
    fn order_ids_in_the_ways_buyers_write_them() {
        let cases = [
            ("where is my order #W1234567?", "W1234567"),
            ("订单号 1042 什么时候发货", "1042"),
            ("我的订单1054什么时候发货", "1054"),
            ("pedido 88231 no llega", "88231"),
            ("1040번 주문 언제 도착해요?", "1040"),
            ("주문번호 88231", "88231"),
            ("W2622481번 주문 언제 출고돼요?", "W2622481"),
            ("заказ 1042 где?", "1042"),
            ("commande n° 1057", "1057"),
            ("#88249", "88249"),
            ("where is my order #W2611340? tracking number?", "W2611340"),
            ("Amazon order 112-1234567-1234567 hasn't arrived", "112-1234567-1234567"),
        ];
        for (text, id) in cases {
            assert_eq!(entities(text).order_id.as_deref(), Some(id), "{text}");
        }
    }

    #[test]
    fn tracking_numbers_are_not_order_ids() {
        let found = entities("tracking LX123456789CN hasn't moved");
        assert_eq!((found.tracking_number.as_deref(), found.order_id), (Some("LX123456789CN"), None));
        assert_eq!(entities("运单号 SF1234567890123 查不到").tracking_number.as_deref(), Some("SF1234567890123"));
        assert_eq!(entities("rastreio lx123456789cn").tracking_number.as_deref(), Some("LX123456789CN"));
    }

    #[test]
    fn numbers_that_are_not_ids_are_left_alone() {
        for text in ["I need 200 pieces", "is the 27 inch 165Hz?", "size 38 please", "my phone is 555"] {
            let found = entities(text);
            assert_eq!((found.order_id, found.tracking_number), (None, None), "{text}");
        }
    }

    #[test]
    fn countries_skus_and_amounts() {
        assert_eq!(entities("how long to ship to Chile?").country.as_deref(), Some("CL"));
        assert_eq!(entities("寄到智利要多久").country.as_deref(), Some("CL"));
        assert_eq!(entities("Сколько идёт доставка в Чили?").country.as_deref(), Some("CL"));
        assert_eq!(entities("is GR-BSK-101 in stock?").sku.as_deref(), Some("GR-BSK-101"));
        assert_eq!(entities("LD-C27 has speakers?").sku.as_deref(), Some("LD-C27"));
        assert_eq!(entities("I was charged 25 USD twice").amount.as_deref(), Some("25 USD"));
        assert_eq!(entities("paguei R$ 199,90").amount.as_deref(), Some("R$ 199,90"));
        assert_eq!(entities("退我50元").amount.as_deref(), Some("50元"));
        assert_eq!(entities("hello").amount, None);
    }
}
