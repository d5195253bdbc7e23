//! What an action is about, read from the buyer's words: which of the order's items (by name,
//! SKU, a glossary concept in the buyer's language, or the number in kefu's list), and for an
//! exchange which variant (the option value named, the item's other options kept). Pure.

use std::collections::BTreeMap;

use super::Turn;
use super::cues::Cue;
use super::policy::{self, Refusal};
use crate::domain::{ItemExchange, Slot};
use crate::knowledge::catalogue::Catalogue;
use crate::knowledge::{Order, OrderItem};
use crate::lexicon::glossary::Glossary;
use crate::wording::amount;

/// The items to return: those the buyer names (by name, SKU or number in the list kefu gave),
/// every item when they say all of them or the order has one; `None` when that is not known.
pub(super) fn items_named(order: &Order, said: &[String], t: &Turn<'_>) -> Option<Vec<String>> {
    let all = || order.items.iter().map(|i| i.sku.clone()).collect::<Vec<_>>();
    if order.items.len() <= 1 {
        return Some(all());
    }
    let mut named = named_items(order, said);
    if named.is_empty() {
        named = items_by_concept(order, said, t.glossary);
    }
    if named.is_empty() && t.cx.memory.notes.awaiting == Some(Slot::Items) {
        named = numbered(order, t.cx.text);
    }
    if !named.is_empty() {
        return Some(named);
    }
    said.iter().any(|text| t.cues.has(text, Cue::All)).then(all)
}

/// Items named by their number in the list kefu gave ("1", "1 and 3", "2, 4").
pub(super) fn numbered(order: &Order, text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse::<usize>().ok())
        .filter(|n| (1..=order.items.len()).contains(n))
        .map(|n| order.items[n - 1].sku.clone())
        .fold(Vec::new(), |mut out, sku| {
            if !out.contains(&sku) {
                out.push(sku);
            }
            out
        })
}

/// The order's items the buyer names: by SKU, or by a word of its title (four letters or more,
/// or two Chinese or Japanese characters) that no other item's title has.
pub(super) fn named_items(order: &Order, said: &[String]) -> Vec<String> {
    let text = said.join("\n").to_lowercase();
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let title_words = |item: &OrderItem| -> Vec<String> {
        let title = item.title.to_lowercase();
        let mut out: Vec<String> = title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4 && !w.chars().any(crate::lexicon::is_cjk))
            .map(str::to_owned)
            .collect();
        let chars: Vec<char> = title.chars().collect();
        out.extend(
            chars
                .windows(2)
                .filter(|w| w.iter().all(|c| crate::lexicon::is_cjk(*c)))
                .map(|w| w.iter().collect::<String>()),
        );
        out
    };
    let all: Vec<Vec<String>> = order.items.iter().map(title_words).collect();
    let mut named = Vec::new();
    for (i, item) in order.items.iter().enumerate() {
        let by_sku = words.iter().any(|w| w.eq_ignore_ascii_case(&item.sku));
        let own = all[i].iter().filter(|w| all.iter().enumerate().all(|(j, other)| j == i || !other.contains(w)));
        let by_title = own.into_iter().any(|w| {
            if w.chars().any(crate::lexicon::is_cjk) {
                text.contains(w.as_str())
            } else {
                words.iter().any(|x| x == w || x.trim_end_matches('s') == w.trim_end_matches('s'))
            }
        });
        if (by_sku || by_title) && !named.contains(&item.sku) {
            named.push(item.sku.clone());
        }
    }
    named
}

/// The order's items whose title names a glossary concept ("water bottle") the buyer names in
/// their own language ("la gourde", "水筒") and no other item's title names.
pub(super) fn items_by_concept(order: &Order, said: &[String], glossary: &Glossary) -> Vec<String> {
    let text = said.join("\n");
    let asked = glossary.concepts(&text);
    let of_items: Vec<Vec<&str>> = order.items.iter().map(|i| glossary.concepts(&i.title)).collect();
    let mut named = Vec::new();
    for (i, item) in order.items.iter().enumerate() {
        let own =
            of_items[i].iter().filter(|c| of_items.iter().enumerate().all(|(j, other)| j == i || !other.contains(c)));
        if own.into_iter().any(|c| asked.contains(c)) && !named.contains(&item.sku) {
            named.push(item.sku.clone());
        }
    }
    named
}

pub(super) enum Wanted {
    Swap(Vec<ItemExchange>),
    Refused(Refusal),
    /// Which value of `option` the buyer wants instead for `item`.
    Ask {
        item: String,
        option: String,
        choices: String,
    },
}

/// The exchange the buyer asks for: an item (the one named, else the order's only one with
/// other variants) and the variant with the option value they name, the item's other options
/// kept.
pub(super) fn exchange_wanted(t: &Turn<'_>, order: &Order, said: &[String]) -> Wanted {
    // What this message asks for before what earlier ones did: "and in green, then?" after blue.
    if let [.., last] = said
        && said.len() > 1
        && let found @ (Wanted::Swap(_) | Wanted::Refused(Refusal::Unavailable { .. } | Refusal::NoVariant { .. })) =
            exchange_in(t, order, said, std::slice::from_ref(last))
    {
        return found;
    }
    exchange_in(t, order, said, said)
}

/// The exchange `values_from` asks for, of the items `said` names.
pub(super) fn exchange_in(t: &Turn<'_>, order: &Order, said: &[String], values_from: &[String]) -> Wanted {
    let mut named = named_items(order, said);
    if named.is_empty() {
        named = items_by_concept(order, said, t.glossary);
    }
    let candidates: Vec<&OrderItem> = order
        .items
        .iter()
        .filter(|i| named.is_empty() || named.contains(&i.sku))
        .filter(|i| policy::product_of(i, t.catalogue).is_some_and(|p| p.variants.len() > 1))
        .collect();
    let text = values_from.join("\n");
    for item in &candidates {
        let Some(product) = policy::product_of(item, t.catalogue) else { continue };
        let bought = bought_options(item, t.catalogue);
        let values = crate::pipeline::product::option_values_named(t.glossary, product, &text);
        // Values that differ from what was bought.
        let changes: BTreeMap<&String, &String> = values
            .iter()
            .filter_map(|(key, vals)| {
                let new = vals.iter().find(|v| bought.get(key) != Some(*v))?;
                Some((key, new))
            })
            .collect();
        if changes.is_empty() {
            continue;
        }
        let wanted = product.variants.iter().find(|v| {
            v.options.iter().all(|(key, value)| {
                let value = crate::pipeline::product::option_text(value);
                match changes.get(key) {
                    Some(new) => **new == value,
                    None => bought.get(key).is_none_or(|b| *b == value),
                }
            })
        });
        let value = changes.values().map(|v| v.as_str()).collect::<Vec<_>>().join(" / ");
        return match wanted {
            Some(variant) => Wanted::Swap(vec![ItemExchange { sku: item.sku.clone(), new_sku: variant.sku.clone() }]),
            None => {
                let key = changes.keys().next().map(|k| k.as_str()).unwrap_or_default();
                Wanted::Refused(Refusal::NoVariant {
                    item: item.title.clone(),
                    value,
                    choices: choices(product, item, &bought, key),
                })
            }
        };
    }
    match candidates.first() {
        Some(item) => {
            let bought = bought_options(item, t.catalogue);
            let product = policy::product_of(item, t.catalogue).expect("candidates have products");
            // The option to ask about: the one whose values vary most (sizes before colours).
            let mut keys: Vec<(&String, usize)> = bought
                .keys()
                .map(|k| {
                    let distinct: std::collections::BTreeSet<String> = product
                        .variants
                        .iter()
                        .filter_map(|v| v.options.get(k.as_str()).map(crate::pipeline::product::option_text))
                        .collect();
                    (k, distinct.len())
                })
                .filter(|(k, n)| *n > 1 && !choices(product, item, &bought, k).is_empty())
                .collect();
            keys.sort_by_key(|(k, n)| (usize::MAX - n, !crate::pipeline::product::is_size_key(k)));
            let Some((key, _)) = keys.first() else { return Wanted::Refused(Refusal::NotAllowed) };
            Wanted::Ask {
                item: item.title.clone(),
                option: (*key).clone(),
                choices: choices(product, item, &bought, key),
            }
        }
        None => Wanted::Refused(Refusal::NotAllowed),
    }
}

/// The values of `key` the item is available in, its other options kept.
pub(super) fn choices(
    product: &crate::knowledge::Product,
    item: &OrderItem,
    bought: &BTreeMap<String, String>,
    key: &str,
) -> String {
    let mut values: Vec<String> = Vec::new();
    for variant in product.variants.iter().filter(|v| v.available && !v.sku.eq_ignore_ascii_case(&item.sku)) {
        let others_kept = variant
            .options
            .iter()
            .all(|(k, v)| k == key || bought.get(k).is_none_or(|b| *b == crate::pipeline::product::option_text(v)));
        if let Some(value) = variant.options.get(key).map(crate::pipeline::product::option_text)
            && others_kept
            && !values.contains(&value)
        {
            values.push(value);
        }
    }
    values.join(", ")
}

/// The options the item was bought in: as the order says, else its variant's in the catalogue.
pub(super) fn bought_options(item: &OrderItem, catalogue: &Catalogue) -> BTreeMap<String, String> {
    if !item.options.is_empty() {
        return item.options.clone();
    }
    match catalogue.by_sku(&item.sku) {
        Some((_, Some(variant))) => {
            variant.options.iter().map(|(k, v)| (k.clone(), crate::pipeline::product::option_text(v))).collect()
        }
        _ => BTreeMap::new(),
    }
}

pub(super) fn bought_values(item: &OrderItem, catalogue: &Catalogue) -> String {
    bought_options(item, catalogue).into_values().collect::<Vec<_>>().join(" / ")
}

/// "1 × Wireless Earbuds (Color: black) — 89.99 USD".
pub(super) fn item_line(item: &OrderItem, currency: &str) -> String {
    let options = item.options.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", ");
    let options = if options.is_empty() { String::new() } else { format!(" ({options})") };
    format!("{} × {}{options} — {} {currency}", item.qty, item.title, amount(item.price * f64::from(item.qty)))
}
