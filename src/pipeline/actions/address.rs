//! Reading a new delivery address out of a buyer's message: "445 Maple Drive, Suite 394, Fort
//! Worth, TX 76165, USA", on one line or several. The street is the first part with a house
//! number, the postcode a code of digits (or the letters-and-digits of British and Canadian
//! ones) next to the city, the country a name or code the gazetteer knows (else the order's).
//! The buyer reads the address back before anything changes, so a misreading costs a "no".
//! Pure.

use crate::domain::Address;
use crate::lexicon::Countries;

/// What precedes an address in a request ("… to 12 High St", "nueva dirección: …").
const LEADS: &[&str] = &[
    ":",
    "：",
    " to ",
    " is ",
    " a ",
    " para ",
    " à ",
    " nach ",
    " auf ",
    " naar ",
    " на ",
    " do ",
    " için ",
    " adresine ",
    "改成",
    "改为",
    "改到",
    "换成",
    "地址是",
    "に変更",
    "로 ",
];
/// Words that start a second address line.
const LINE2: &[&str] = &[
    "apt",
    "apartment",
    "suite",
    "unit",
    "flat",
    "floor",
    "fl",
    "room",
    "#",
    "piso",
    "depto",
    "dpto",
    "apto",
    "bloco",
    "sala",
    "étage",
    "etage",
    "appartement",
    "bâtiment",
    "wohnung",
    "kv",
    "кв",
    "квартира",
    "daire",
    "kat",
];

/// The address in `text`, when it has a street with a number, a city and a postcode. `current`
/// gives the name and the country when the message does not.
pub fn read(text: &str, current: Option<&Address>, countries: &Countries) -> Option<Address> {
    let body = after_lead(text);
    let mut parts: Vec<String> = body
        .split(['\n', ',', ';', '，', '、', '；'])
        .map(|p| p.trim().trim_end_matches(['.', '。']).trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    // The country: a last part the gazetteer names wholly, or a two-letter code.
    let mut country = None;
    if let Some(last) = parts.last() {
        let found = countries.find(last);
        let whole = found.len() == 1 && last.chars().filter(|c| c.is_alphabetic()).count() <= 40;
        let code = last.len() == 2 && last.chars().all(|c| c.is_ascii_uppercase());
        let usa = matches!(last.to_ascii_uppercase().replace('.', "").as_str(), "USA" | "US" | "UK");
        if usa {
            country = Some(if last.to_ascii_uppercase().starts_with('U') && last.len() <= 4 && last.contains('K') {
                "GB".to_owned()
            } else {
                "US".to_owned()
            });
        } else if code {
            country = Some(last.clone());
        } else if whole && !has_digit(last) {
            country = Some(found[0].to_owned());
        }
        if country.is_some() {
            parts.pop();
        }
    }
    let country = country.or_else(|| current.map(|a| a.country.clone())).filter(|c| !c.is_empty())?;
    // The street: the first part with a house number and a word.
    let street = parts.iter().position(|p| has_digit(p) && p.chars().filter(|c| c.is_alphabetic()).count() >= 2)?;
    let line1 = parts[street].clone();
    let rest: Vec<String> = parts.iter().skip(street + 1).cloned().collect();
    let (line2, rest) = match rest.split_first() {
        Some((first, tail))
            if (is_line2(first) || (has_digit(first) && postcode_in(first).is_none())) && !tail.is_empty() =>
        {
            (Some(first.clone()), tail.to_vec())
        }
        _ => (None, rest),
    };
    // City, state and postcode, in the remaining parts in any order: "Fort Worth", "TX 76165";
    // "10115 Berlin"; "Leeds", "LS1 4AP".
    let mut postcode = None;
    let mut city = None;
    let mut state = None;
    for part in &rest {
        if postcode.is_none()
            && let Some((code, left)) = postcode_in(part)
        {
            postcode = Some(code);
            let words: Vec<&str> = left.split_whitespace().collect();
            match words.as_slice() {
                [] => {}
                [one] if one.len() <= 3 && one.chars().all(|c| c.is_ascii_uppercase()) => {
                    state = Some((*one).to_owned())
                }
                _ => {
                    let (last, head) = words.split_last().expect("not empty");
                    if last.len() == 2 && last.chars().all(|c| c.is_ascii_uppercase()) && !head.is_empty() {
                        state = Some((*last).to_owned());
                        city.get_or_insert_with(|| head.join(" "));
                    } else {
                        city.get_or_insert_with(|| words.join(" "));
                    }
                }
            }
        } else if city.is_none() && !has_digit(part) {
            city = Some(part.clone());
        } else if state.is_none() && !has_digit(part) {
            state = Some(part.clone());
        }
    }
    let name = current.map(|a| a.name.clone()).unwrap_or_default();
    Some(Address { name, line1, line2, city: city?, state, postcode: postcode?, country })
}

/// The text after the last word that leads an address in, when a part after it has a number.
fn after_lead(text: &str) -> &str {
    let lower = text.to_lowercase();
    let mut best: Option<usize> = None;
    for lead in LEADS {
        if let Some(at) = lower.rfind(lead) {
            let end = at + lead.len();
            // Byte offsets of `lower` match `text` only for case changes that keep lengths.
            if lower.len() == text.len() && text.is_char_boundary(end) && has_digit(&text[end..]) {
                best = Some(best.map_or(end, |b| b.max(end)));
            }
        }
    }
    match best {
        // Only when what follows still has a street, a city and a postcode.
        Some(end) if text[end..].split([',', '\n', '，']).filter(|p| !p.trim().is_empty()).count() >= 2 => {
            &text[end..]
        }
        _ => text,
    }
}

fn has_digit(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
}

fn is_line2(part: &str) -> bool {
    let lower = part.to_lowercase();
    let first = lower.split(|c: char| c.is_whitespace() || c == '.').next().unwrap_or("");
    LINE2.contains(&first) || lower.starts_with('#')
}

/// A postcode in `part` and what is left of the part without it: "76165", "01310-100",
/// "100-0001", "SW1A 1AA", "M5V 3L9", "〒100-0001".
fn postcode_in(part: &str) -> Option<(String, String)> {
    let words: Vec<&str> = part.split_whitespace().collect();
    // Two words, letters and digits each, as British and Canadian postcodes are written.
    for (i, pair) in words.windows(2).enumerate() {
        let (a, b) = (pair[0], pair[1]);
        let alnum = |w: &str| w.chars().all(|c| c.is_ascii_alphanumeric()) && has_digit(w);
        if alnum(a)
            && alnum(b)
            && (2..=4).contains(&a.len())
            && b.len() == 3
            && a.chars().any(|c| c.is_ascii_alphabetic())
        {
            let left: Vec<&str> =
                words.iter().enumerate().filter(|(j, _)| *j != i && *j != i + 1).map(|(_, w)| *w).collect();
            return Some((format!("{a} {b}"), left.join(" ")));
        }
    }
    for (i, word) in words.iter().enumerate() {
        let code = word.trim_start_matches('〒').trim_matches(|c: char| c == ',' || c == '.');
        let digits = code.chars().filter(char::is_ascii_digit).count();
        let shaped = code.chars().all(|c| c.is_ascii_digit() || c == '-') && (4..=10).contains(&digits);
        if shaped {
            let left: Vec<&str> = words.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, w)| *w).collect();
            return Some((code.to_owned(), left.join(" ")));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_it(text: &str) -> Option<Address> {
        let current = Address { name: "Mia Garcia".into(), country: "US".into(), ..Address::default() };
        read(text, Some(&current), &Countries::built_in())
    }

    #[test]
    fn addresses_as_buyers_write_them() {
        let a = read_it("445 Maple Drive, Suite 394, Fort Worth, TX 76165, USA").unwrap();
        assert_eq!(
            (a.line1.as_str(), a.line2.as_deref(), a.city.as_str(), a.state.as_deref(), a.postcode.as_str()),
            ("445 Maple Drive", Some("Suite 394"), "Fort Worth", Some("TX"), "76165")
        );
        assert_eq!((a.country.as_str(), a.name.as_str()), ("US", "Mia Garcia"));
        let a = read_it("Hauptstraße 12\n10115 Berlin\nDeutschland").unwrap();
        assert_eq!(
            (a.line1.as_str(), a.city.as_str(), a.postcode.as_str(), a.country.as_str()),
            ("Hauptstraße 12", "Berlin", "10115", "DE")
        );
        let a = read_it("please send it to 12 High Street, Leeds, LS1 4AP, United Kingdom").unwrap();
        assert_eq!(
            (a.line1.as_str(), a.city.as_str(), a.postcode.as_str(), a.country.as_str()),
            ("12 High Street", "Leeds", "LS1 4AP", "GB")
        );
        let a = read_it("nueva dirección: Calle Mayor 5, 3º B, 28013 Madrid, España").unwrap();
        assert_eq!(
            (a.line1.as_str(), a.city.as_str(), a.postcode.as_str(), a.country.as_str()),
            ("Calle Mayor 5", "Madrid", "28013", "ES")
        );
        let a = read_it("Rua Augusta 1500, apto 52, São Paulo, SP, 01310-100, Brasil").unwrap();
        assert_eq!(
            (a.line2.as_deref(), a.city.as_str(), a.postcode.as_str(), a.country.as_str()),
            (Some("apto 52"), "São Paulo", "01310-100", "BR")
        );
        // The order's country when none is written.
        let a = read_it("10 Elm St, Springfield, IL 62704").unwrap();
        assert_eq!((a.city.as_str(), a.state.as_deref(), a.country.as_str()), ("Springfield", Some("IL"), "US"));
    }

    #[test]
    fn what_is_not_a_full_address_is_not_read() {
        for text in ["change the address of order #W2611340", "Fort Worth, TX", "I moved", "445 Maple Drive", "yes"] {
            assert_eq!(read_it(text), None, "{text}");
        }
    }
}
