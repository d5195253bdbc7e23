//! A shop's products as answers need them: found by SKU (the product's or a variant's) or by
//! the address of its page, the way a storefront or a marketplace card names it. Pure.

use std::collections::{HashMap, HashSet};

use super::{Product, Variant};
use crate::lexicon::is_cjk;

#[derive(Debug, Default)]
pub struct Catalogue {
    products: Vec<Product>,
    /// Upper-cased SKU → (product, variant).
    skus: HashMap<String, (usize, Option<usize>)>,
    /// `page_key` of a product's `url` → product.
    pages: HashMap<String, usize>,
    /// `<platform>:<id>` of each of a product's `listings` → product.
    listings: HashMap<String, usize>,
    /// Lower-case Latin-script words of the titles and option values ("rain", "jacket", "xl").
    names: HashSet<String>,
}

impl Catalogue {
    pub fn new(products: Vec<Product>) -> Catalogue {
        let mut skus = HashMap::new();
        let mut pages = HashMap::new();
        let mut listings = HashMap::new();
        let mut names = HashSet::new();
        for (i, product) in products.iter().enumerate() {
            names.extend(latin_words(&product.title));
            for value in product.variants.iter().flat_map(|v| v.options.values()) {
                names.extend(latin_words(&value.to_string()));
            }
            skus.insert(product.sku.to_uppercase(), (i, None));
            for (v, variant) in product.variants.iter().enumerate() {
                skus.entry(variant.sku.to_uppercase()).or_insert((i, Some(v)));
            }
            if let Some(url) = &product.url {
                pages.insert(page_key(url), i);
            }
            for (platform, id) in &product.listings {
                listings.entry(listing_key(platform, id)).or_insert(i);
            }
        }
        Catalogue { products, skus, pages, listings, names }
    }

    /// `text` without the catalogue's product and option names written in Latin letters, when
    /// it has any and enough is left to tell a language by: the language a buyer writes in is
    /// that of the sentence around the names ("¿Tienen la rain jacket en XL?" is Spanish,
    /// "你们有large的pet bed吗？" Chinese). `None` when nothing is taken out, or too little is left.
    pub fn without_names(&self, text: &str) -> Option<String> {
        let mut removed = false;
        let mut kept = String::with_capacity(text.len());
        let mut word = String::new();
        for c in text.chars().chain(std::iter::once(' ')) {
            if c.is_alphanumeric() && !is_cjk(c) {
                word.push(c);
                continue;
            }
            if !word.is_empty() {
                if is_latin_word(&word) && self.names.contains(&word.to_lowercase()) {
                    removed = true;
                } else {
                    kept.push_str(&word);
                }
                word.clear();
            }
            kept.push(c);
        }
        let letters = kept.chars().filter(|c| c.is_alphabetic()).count();
        (removed && letters >= MIN_LETTERS_LEFT).then(|| kept.trim_end().to_owned())
    }

    pub fn products(&self) -> &[Product] {
        &self.products
    }

    pub fn is_empty(&self) -> bool {
        self.products.is_empty()
    }

    /// The product, and the variant, a SKU names (any case).
    pub fn by_sku(&self, sku: &str) -> Option<(&Product, Option<&Variant>)> {
        let &(product, variant) = self.skus.get(&sku.trim().to_uppercase())?;
        let product = &self.products[product];
        Some((product, variant.map(|v| &product.variants[v])))
    }

    /// The product a page names: a SKU, a marketplace listing as a product card names it
    /// (`shopee:123456789`, from the product's `listings`), or the address of the product's page
    /// (scheme, `www.`, query, fragment and a trailing slash aside).
    pub fn by_page(&self, sku_or_url: &str) -> Option<&Product> {
        if let Some((product, _)) = self.by_sku(sku_or_url) {
            return Some(product);
        }
        if let Some(&i) = sku_or_url.trim().split_once(':').and_then(|(p, id)| self.listings.get(&listing_key(p, id))) {
            return Some(&self.products[i]);
        }
        self.pages.get(&page_key(sku_or_url)).map(|&i| &self.products[i])
    }
}

/// Letters a message must keep, its names taken out, for its language to be told from the rest
/// (a CJK character counts as one).
const MIN_LETTERS_LEFT: usize = 4;

/// Latin-script words of two letters or more (names; not "a", not digits alone).
fn latin_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric() || is_cjk(c))
        .filter(|w| w.chars().count() >= 2 && is_latin_word(w))
        .map(str::to_lowercase)
}

fn is_latin_word(word: &str) -> bool {
    word.chars().any(char::is_alphabetic)
        && word.chars().all(|c| c.is_ascii_alphanumeric() || (c.is_alphabetic() && (c as u32) < 0x250))
}

/// How a marketplace listing is named in a page context: `<platform>:<id>`, the platform's
/// name in lower case and the id as the marketplace writes it.
fn listing_key(platform: &str, id: &str) -> String {
    format!("{}:{id}", platform.to_lowercase())
}

/// A page address as compared: lower-case host and path, without scheme, `www.`, query,
/// fragment or trailing slash.
pub fn page_key(url: &str) -> String {
    let url = url.trim();
    let url = url.split_once("://").map_or(url, |(_, rest)| rest);
    let url = url.split(['?', '#']).next().unwrap_or_default();
    let url = url.strip_prefix("www.").unwrap_or(url);
    url.trim_end_matches('/').to_lowercase()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn product(sku: &str, url: Option<&str>) -> Product {
        Product {
            sku: sku.into(),
            title: sku.into(),
            description: String::new(),
            price: 10.0,
            currency: "USD".into(),
            attributes: BTreeMap::new(),
            variants: vec![Variant {
                sku: format!("{sku}-BLK-M"),
                options: BTreeMap::from([("Color".into(), serde_json::json!("Black"))]),
                price: None,
                available: true,
            }],
            url: url.map(str::to_owned),
            tags: vec![],
            language: None,
            listings: BTreeMap::new(),
            line: 1,
        }
    }

    #[test]
    fn a_product_is_found_by_its_sku_a_variants_or_its_page() {
        let catalogue = Catalogue::new(vec![
            product("JK-1", Some("https://shop.example.com/products/rain-jacket")),
            product("BAG-2", None),
        ]);
        assert_eq!(catalogue.by_sku("jk-1").map(|(p, v)| (p.sku.as_str(), v.is_none())), Some(("JK-1", true)));
        let (product, variant) = catalogue.by_sku("JK-1-BLK-M").unwrap();
        assert_eq!((product.sku.as_str(), variant.map(|v| v.sku.as_str())), ("JK-1", Some("JK-1-BLK-M")));
        for page in [
            "JK-1",
            "https://shop.example.com/products/rain-jacket",
            "http://www.shop.example.com/products/rain-jacket/?variant=123#reviews",
            "SHOP.EXAMPLE.COM/products/rain-jacket",
        ] {
            assert_eq!(catalogue.by_page(page).map(|p| p.sku.as_str()), Some("JK-1"), "{page}");
        }
        for nothing in ["", "https://shop.example.com/products/other", "JK"] {
            assert!(catalogue.by_page(nothing).is_none(), "{nothing}");
        }
    }

    #[test]
    fn a_marketplace_card_names_a_product_by_its_listing() {
        let mut jacket = product("JK-1", Some("https://shop.example.com/products/rain-jacket"));
        jacket.listings = BTreeMap::from([("shopee".into(), "123456789".into()), ("tiktok".into(), "1729".into())]);
        let catalogue = Catalogue::new(vec![jacket, product("BAG-2", None)]);
        for card in ["shopee:123456789", "tiktok:1729", " shopee:123456789 "] {
            assert_eq!(catalogue.by_page(card).map(|p| p.sku.as_str()), Some("JK-1"), "{card}");
        }
        // Another platform's id, an id no product lists, or an id alone name nothing.
        for nothing in ["lazada:123456789", "shopee:1729", "shopee:", "123456789", ":123456789"] {
            assert!(catalogue.by_page(nothing).is_none(), "{nothing}");
        }
    }

    #[test]
    fn product_names_are_taken_out_to_leave_the_buyers_own_words() {
        let mut jacket = product("JK-1", None);
        jacket.title = "Rain Jacket".into();
        let catalogue = Catalogue::new(vec![jacket]);
        assert_eq!(catalogue.without_names("¿Tienen la rain jacket en Black?").as_deref(), Some("¿Tienen la   en ?"));
        assert_eq!(catalogue.without_names("你们有black的rain jacket吗？").as_deref(), Some("你们有的 吗？"));
        assert_eq!(catalogue.without_names("rain jacket?"), None, "too little left");
        assert_eq!(catalogue.without_names("¿Tienen chaquetas?"), None, "nothing taken out");
    }
}
