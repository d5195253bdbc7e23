//! Whether the buyer has shown that an order is theirs (`[orders] verify = "contact"`, the
//! default): the order's e-mail address, phone number or postcode written in this
//! conversation, or a phone number the platform vouches for (a WhatsApp conversation) that is
//! the order's. Its tracking number counts too: whoever has it can follow the parcel at the
//! carrier already. Until then an order's tracking and dates are not given. Pure.

use crate::knowledge::Order;

/// Trailing digits compared when two phone numbers differ in length: one written with a country
/// code, the other with a trunk prefix or none ("+44 7700 900123", "07700 900123", "612345678").
const PHONE_DIGITS: usize = 9;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Yes,
    No,
    /// The order has no e-mail, phone or postcode on file: only a person can check.
    Unknowable,
}

/// Whether anything the buyer `said` (this message and earlier ones), or the phone or the
/// marketplace buyer id the platform vouches for, matches what the order was placed with.
pub fn shown<'a>(
    order: &Order,
    said: impl IntoIterator<Item = &'a str>,
    phone: Option<&str>,
    buyer: Option<&str>,
) -> Shown {
    shown_with(order, said, (phone, buyer), true)
}

/// Whether the buyer has shown `order` is theirs well enough to change it: as `shown`, but its
/// tracking number does not count (whoever follows the parcel may not cancel it).
pub fn shown_for_action<'a>(
    order: &Order,
    said: impl IntoIterator<Item = &'a str>,
    phone: Option<&str>,
    buyer: Option<&str>,
) -> Shown {
    shown_with(order, said, (phone, buyer), false)
}

/// `vouched`: the phone and the marketplace buyer id the platform vouches for.
fn shown_with<'a>(
    order: &Order,
    said: impl IntoIterator<Item = &'a str>,
    vouched: (Option<&str>, Option<&str>),
    tracking_counts: bool,
) -> Shown {
    let (phone, buyer) = vouched;
    // The marketplace says this buyer placed it.
    if let (Some(placed_by), Some(buyer)) = (order.buyer_id.as_deref().map(str::trim), buyer.map(str::trim))
        && !placed_by.is_empty()
        && placed_by == buyer
    {
        return Shown::Yes;
    }
    let email = order.email.as_deref().map(str::trim).filter(|e| e.contains('@'));
    let order_phone = order.phone.as_deref().map(digits).filter(|d| d.len() >= 6);
    let postcode = order.postcode.as_deref().map(alnum_upper).filter(|p| p.len() >= 3);
    let contact_on_file = email.is_some() || order_phone.is_some() || postcode.is_some() || order.buyer_id.is_some();
    if let (Some(order_phone), Some(phone)) = (&order_phone, phone)
        && same_phone(order_phone, &digits(phone))
    {
        return Shown::Yes;
    }
    let tracking =
        order.tracking_number.as_deref().map(crate::domain::order_key).filter(|t| tracking_counts && t.len() >= 8);
    for text in said {
        let tracking_given = tracking.as_ref().is_some_and(|t| {
            text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).any(|w| crate::domain::order_key(w) == *t)
        });
        let email_given = email.is_some_and(|email| emails_in(text).any(|token| token.eq_ignore_ascii_case(email)));
        let phone_given = order_phone.as_ref().is_some_and(|p| phone_runs(text).iter().any(|run| same_phone(p, run)));
        let postcode_given = postcode.as_ref().is_some_and(|p| postcodes(text).any(|candidate| candidate == *p));
        if email_given || phone_given || postcode_given || tracking_given {
            return Shown::Yes;
        }
    }
    // Its tracking number still shows it (above); nothing else can.
    if contact_on_file { Shown::No } else { Shown::Unknowable }
}

/// The e-mail addresses written in `text`: runs of the characters addresses are made of around
/// an `@`, wherever they stand ("メールはaarav@example.comです", "邮箱：a@b.cn，谢谢").
fn emails_in(text: &str) -> impl Iterator<Item = &str> {
    let part = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    text.match_indices('@').filter_map(move |(at, _)| {
        let start = text[..at].char_indices().rev().take_while(|(_, c)| part(*c)).last().map(|(i, _)| i)?;
        let end = at
            + 1
            + text[at + 1..].char_indices().take_while(|(_, c)| part(*c)).last().map(|(i, c)| i + c.len_utf8())?;
        Some(text[start..end].trim_matches('.'))
    })
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

fn alnum_upper(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
}

fn same_phone(a: &str, b: &str) -> bool {
    if a.len() < 6 || b.len() < 6 {
        return false;
    }
    let common = a.len().min(b.len()).min(PHONE_DIGITS);
    a == b || (common >= 8 && a[a.len() - common..] == b[b.len() - common..])
}

/// Digit runs in `text`, with the separators phone numbers are written with (spaces, dashes,
/// dots, brackets, a leading +) taken out.
fn phone_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            current.push(c);
        } else if matches!(c, ' ' | '-' | '.' | '(' | ')' | '+' | '/')
            && chars.peek().is_some_and(|n| n.is_ascii_digit() || *n == '(' || *n == ' ')
        {
            continue;
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// Words of `text` and pairs of adjacent words, as postcodes are compared ("SW1A 1AA" is two
/// words).
fn postcodes(text: &str) -> impl Iterator<Item = String> {
    let words: Vec<String> =
        text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(alnum_upper).collect();
    let pairs: Vec<String> = words.windows(2).map(|w| format!("{}{}", w[0], w[1])).collect();
    words.into_iter().chain(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(email: Option<&str>, phone: Option<&str>, postcode: Option<&str>) -> Order {
        let mut order: Order = serde_json::from_value(serde_json::json!({"order_id": "1001", "status": "shipped",
            "items": [], "total": 1.0, "currency": "USD"}))
        .unwrap();
        order.email = email.map(str::to_owned);
        order.phone = phone.map(str::to_owned);
        order.postcode = postcode.map(str::to_owned);
        order
    }

    #[test]
    fn the_orders_email_phone_or_postcode_shows_it_is_the_buyers() {
        let o = order(Some("Oliver.Hughes@example.com"), Some("+44 7700 900123"), Some("SW1A 1AA"));
        for said in [
            "my email is oliver.hughes@example.com",
            "oliver.hughes@example.com.",
            "it's 07700 900123",
            "Tel: (+44) 7700-900-123",
            "postcode sw1a 1aa",
            "SW1A1AA",
            "订单邮箱：oliver.hughes@example.com",
            "メールはoliver.hughes@example.comです",
            "(oliver.hughes@example.com).",
        ] {
            assert_eq!(shown(&o, [said], None, None), Shown::Yes, "{said}");
        }
        for said in [
            "where is order 1001?",
            "jolly.oliver.hughes@example.com",
            "oliver.hughes@example.co",
            "my number is 900123",
            "SW1A",
            "order SW1A1AA9",
        ] {
            assert_eq!(shown(&o, [said], None, None), Shown::No, "{said}");
        }
        assert_eq!(
            shown(&o, ["where is 1001?", "email: oliver.hughes@example.com"], None, None),
            Shown::Yes,
            "said earlier"
        );
        let mut tracked = o.clone();
        tracked.tracking_number = Some("RR189464929CN".into());
        assert_eq!(shown(&tracked, ["parcel RR189464929CN is stuck"], None, None), Shown::Yes, "the tracking number");
        assert_eq!(shown(&tracked, ["parcel RR18946492 is stuck"], None, None), Shown::No);
        assert_eq!(
            shown_for_action(&tracked, ["cancel RR189464929CN"], None, None),
            Shown::No,
            "a tracking number does not let anyone change the order"
        );
        assert_eq!(shown_for_action(&tracked, ["cancel it, oliver.hughes@example.com"], None, None), Shown::Yes);
    }

    #[test]
    fn a_platform_vouched_phone_matches_and_an_order_without_contact_cannot_be_shown() {
        let o = order(None, Some("+34 612 345 678"), None);
        assert_eq!(shown(&o, ["where is my order?"], Some("34612345678"), None), Shown::Yes);
        assert_eq!(shown(&o, ["where is my order?"], Some("34612345679"), None), Shown::No);
        assert_eq!(shown(&order(None, None, None), ["anything"], Some("34612345678"), None), Shown::Unknowable);
        // A marketplace buyer id the platform vouches for, when the order names it.
        let mut placed = order(Some("someone@example.com"), None, None);
        placed.buyer_id = Some("77123".into());
        assert_eq!(shown_for_action(&placed, ["cancel it"], None, Some("77123")), Shown::Yes);
        assert_eq!(shown_for_action(&placed, ["cancel it"], None, Some("77124")), Shown::No);
        assert_eq!(shown_for_action(&placed, ["my id is 77123"], None, None), Shown::No, "said is not vouched");
        let mut tracked = order(None, None, None);
        tracked.tracking_number = Some("LX689703375CN".into());
        assert_eq!(
            shown(&tracked, ["LX689703375CN ya llegó?"], None, None),
            Shown::Yes,
            "no contact on file, but its tracking"
        );
    }
}
