//! Pre-sale answers from the catalogue, without a model: which variants of a product have the
//! option the buyer asks for (in stock or sold out, and at what price), an attribute's value as
//! the listing writes it, a product's price, and whether the shop sells something.
//!
//! The product is the one the message names (a SKU, or its name in any language through the
//! glossary, ahead of the runner-up), else the page the buyer writes from, else the one the
//! conversation was about. Sentences are kefu's own (`generation::fluent`) in the buyer's
//! language; catalogue values are quoted as written, never translated. What the listing does not
//! say goes to a person. Pure: the catalogue, the glossary and the templates come in.

use std::collections::{BTreeMap, HashSet};

use crate::domain::{Intent, Language, Source, SourceKind};
use crate::knowledge::catalogue::Catalogue;
use crate::knowledge::{Product, Variant};
use crate::lexicon::glossary::Glossary;
use crate::lexicon::is_cjk;
use crate::wording::{Arg, Templates, amount};

/// Everything a product answer reads.
pub struct Asked<'a> {
    pub text: &'a str,
    pub language: &'a Language,
    pub catalogue: &'a Catalogue,
    pub glossary: &'a Glossary,
    pub templates: &'a Templates,
    /// The page the buyer writes from (a SKU or the product page's address).
    pub page: Option<&'a str>,
    /// The product the conversation was about (its SKU).
    pub earlier: Option<&'a str>,
    /// The products retrieval ranked for the message, best first: SKU and relevance (cosine).
    pub ranked: &'a [(&'a str, f32)],
    /// How close the question is in meaning to each attribute name of the product it is about
    /// (`subject`), when the pipeline ranked them.
    pub attributes: Option<&'a AttributeRelevance>,
}

/// A question's cosine to each of one product's attribute names, in `Product::attributes`
/// order (`attribute_names`).
#[derive(Debug, Clone, PartialEq)]
pub struct AttributeRelevance {
    pub sku: String,
    pub scores: Vec<f32>,
}

/// A product answer: a reply, or a hand-off when the listing does not say.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductAnswer {
    /// Empty when `handoff`.
    pub text: String,
    pub handoff: bool,
    pub intent: Intent,
    pub confidence: f32,
    pub sources: Vec<Source>,
    /// The product the conversation is about after this turn.
    pub product: Option<String>,
}

/// How sure a "we don't seem to sell that" is: the name may be one the catalogue writes
/// differently, so it is an answer only where the shop's threshold is lenient.
const NOT_FOUND_CONFIDENCE: f32 = 0.6;
/// An answer to part of what was asked (the price, of "price and MOQ?"): a person may follow.
const PARTIAL_CONFIDENCE: f32 = 0.55;
/// Topics that make a message about shipping or an order rather than the product it names.
const NOT_PRODUCT_TOPICS: &[&str] = &[
    "shipping",
    "free shipping",
    "delivery time",
    "customs",
    "duties tax",
    "tracking",
    "return",
    "refund",
    "cancel",
    "payment",
];
/// Concepts a value may answer by naming them ("100% cotton" answers "is it cotton?"): materials
/// and properties; any other concept needs an attribute named for it.
const PROPERTIES: &[&str] = &["waterproof", "foldable", "stackable", "handmade", "lid", "handle", "outdoor", "woven"];
/// Concepts asked as a quantity: an attribute named for one answers only with a number.
const MEASURES: &[&str] = &["dimensions", "weight", "load capacity", "capacity"];
/// Asked together, the first of each pair is the question ("max weight" is the load capacity).
const MORE_SPECIFIC: &[(&str, &str)] = &[("load capacity", "weight"), ("screen size", "dimensions")];
/// Retrieval alone names a product (no word of its title in the message, no page) only when its
/// relevance is at least this and this far ahead of the next product's: e5 squeezes cosines
/// into 0.72–0.92, and across languages the right product leads by a clear gap or not at all.
const RETRIEVED_FLOOR: f32 = 0.78;
const RETRIEVED_MARGIN: f32 = 0.02;
/// An attribute answers by meaning alone (no glossary word of the question names it) when its
/// score (`AttributeRanker`: centred cosines, 0 for unrelated) is at least this far ahead of
/// the next one's; a product's only attribute, when it is at least `ONLY_FLOOR`. Chosen on real
/// buyer questions about products outside the dev shop (hetPQA, English: of 428 questions about
/// products with two attributes or more, 282 answered right, 5 wrong, 4 of the unanswerable
/// answered; raw cosines answered 259, 10 wrong) and checked on the dev shop in 12 languages
/// (docs/benchmarks.md).
const MEANING_FLOOR: f32 = 0.04;
const MEANING_MARGIN: f32 = 0.13;
const ONLY_FLOOR: f32 = 0.06;
/// When no attribute is clearly first, the two closest answer together ("what the listing
/// says that may answer it") when the second is at least this close and this far ahead of the
/// third: e5 often cannot tell "how high does it fly?" between `maximum range` and `size`, but
/// both are far from the rest. Only for products with three attributes or more (two are the
/// whole listing). Chosen with the above, on the same harness.
const NEAREST_FLOOR: f32 = 0.04;
const NEAREST_MARGIN: f32 = 0.07;
/// How sure two quoted attributes are: an answer, below a clear one.
const NEAREST_CONFIDENCE: f32 = 0.65;
/// "We don't seem to sell that" only when no product retrieval found comes this close.
const NOTHING_CLOSE: f32 = 0.80;

/// Concepts that are options or verdicts, not a product's name or an attribute.
const COLOURS: &[&str] = &[
    "black", "white", "red", "blue", "green", "beige", "pink", "yellow", "brown", "grey", "purple", "orange", "gold",
    "silver",
];
const SIZES: &[(&str, &[&str])] =
    &[("large", &["l", "large", "xl"]), ("medium", &["m", "medium"]), ("small", &["s", "small", "xs"])];
const NOT_ATTRIBUTES: &[&str] = &[
    "in stock",
    "out of stock",
    "price",
    "how much",
    "discount",
    "coupon",
    "order",
    "shipping",
    "free shipping",
    "delivery time",
    "return",
    "refund",
    "exchange",
    "payment",
    "colour",
    "clothing size",
    "large",
    "medium",
    "small",
    "set",
    "sell",
];

/// Concepts a listing states or does not: an attribute near in meaning is no answer to them.
const STATED_OR_NOT: &[&str] =
    &["certificate of origin", "warranty", "hs code", "fumigation", "moq", "lead time", "invoice", "sample"];

/// Concepts that are materials: "is this cotton?" is answered by the material attribute.
const MATERIALS: &[&str] = &[
    "cotton",
    "linen",
    "polyester",
    "viscose",
    "silk",
    "satin",
    "leather",
    "knit",
    "wool",
    "straw",
    "rattan",
    "seagrass",
    "water hyacinth",
    "bamboo",
    "wood",
    "metal",
];
/// Words that ask for a size when a letter size follows ("size m", "talla M").
const SIZE_WORDS: &[&str] = &[
    "size",
    "talla",
    "tamanho",
    "taille",
    "größe",
    "grösse",
    "taglia",
    "maat",
    "rozmiar",
    "beden",
    "размер",
    "尺码",
    "码",
    "サイズ",
    "사이즈",
    "مقاس",
];
/// Letter sizes a buyer may ask for even when the product lacks them.
const LETTER_SIZES: &[&str] = &["xxs", "xs", "s", "m", "l", "xl", "xxl", "xxxl", "2xl", "3xl", "4xl"];

/// The answer to a product question, or `None` when the message is not one this path can
/// answer (no product named and no page, or nothing asked of it).
pub fn answer(asked: &Asked<'_>) -> Option<ProductAnswer> {
    if asked.catalogue.is_empty() {
        return None;
    }
    let words = Words::of(asked.text);
    let concepts: Vec<&str> = asked.glossary.concepts(asked.text);
    let selling = concepts.contains(&"sell");
    if selling && let Some(text) = several_named(asked, &words, &concepts) {
        return Some(text);
    }
    // "Do you sell bikes?" is not answered by a "Bike Speaker".
    let found = resolve(asked, &words, &concepts)
        .filter(|f| !selling || asked.page.is_some() || head_named(asked.glossary, f.product, &words, &concepts));
    let Some(found) = found else {
        // "Do you sell kayaks?" of a shop whose catalogue names none, and nothing comes close.
        let close = asked.ranked.iter().any(|(_, relevance)| *relevance >= NOTHING_CLOSE);
        return (selling && !close).then(|| ProductAnswer {
            text: asked.templates.say(asked.language, "catalogue-none", &[]),
            handoff: false,
            intent: Intent::StockAvailability,
            confidence: NOT_FOUND_CONFIDENCE,
            sources: Vec::new(),
            product: None,
        });
    };
    let product = found.product;
    let say = |id: &str, args: &[(&str, Arg<'_>)]| asked.templates.say(asked.language, id, args);
    let source =
        Source { kind: SourceKind::Product, id: product.sku.clone(), title: product.title.clone(), score: 1.0 };
    let reply = |text: String, intent: Intent| ProductAnswer {
        text,
        handoff: false,
        intent,
        confidence: found.confidence,
        sources: vec![source.clone()],
        product: Some(product.sku.clone()),
    };

    // "in black?", "size 42?", "20000mAh?": the variants that have it.
    let options = options_asked(asked, product, &words, &concepts, found.variant);
    if let Some(options) = options {
        return Some(reply(availability(asked, product, &options), Intent::StockAvailability));
    }
    // "How much to ship a cable?" is a shipping question, not the cable's price.
    if concepts.iter().any(|c| NOT_PRODUCT_TOPICS.contains(c)) {
        return None;
    }
    // "is it waterproof?", "what is it made of?": an attribute's value.
    let name_concepts: HashSet<&str> = asked.glossary.concepts(&product.title).into_iter().collect();
    let wanted: Vec<&str> = concepts
        .iter()
        .copied()
        .filter(|c| !name_concepts.contains(c) && !NOT_ATTRIBUTES.contains(c) && !COLOURS.contains(c))
        .collect();
    let by_key = attribute_named(product, &words);
    // "Price" of "Fisher-Price" asks nothing.
    let priced = concepts.contains(&"price")
        && (!name_concepts.contains("price")
            || asked.glossary.mentions(&without_name_of(asked.text, &product.title), "price"));
    let stock = concepts.contains(&"in stock") || concepts.contains(&"out of stock");
    // By meaning, when nothing else is asked ("what does it cost?", "do you sell bike helmets?"
    // are not an attribute's).
    let by_meaning = by_meaning(asked, product).filter(|_| !(priced || stock || selling));
    // "How much" ("ne kadar", "얼마인가요") asks the price unless it asks a measure: "boyu ne
    // kadar?" is its height, "ne kadar yükseğe uçabiliyor?" how high it flies. So the
    // attributes are ranked first (the pipeline ranks them on a hand-off), and the price is the
    // answer when none is the question.
    let how_much = concepts.contains(&"how much") && !priced;
    let measure = !wanted.is_empty() || by_key.is_some() || by_meaning.is_some();
    if how_much && !measure && asked.attributes.is_none() && !product.attributes.is_empty() {
        return Some(ProductAnswer { handoff: true, confidence: 0.0, ..reply(String::new(), Intent::ProductQuestion) });
    }
    let price = priced || (how_much && !measure);
    if measure {
        // A name written out, a glossary word, else a clear match in meaning, else the two
        // closest.
        let named = by_key.or_else(|| attribute_for(asked.glossary, product, &wanted));
        let chosen = match (named, by_meaning) {
            (Some(one), _) | (None, Some(Meaning::Clear(one))) => Some(vec![one]),
            // Where a thing is made, its warranty, its HS code …: a listing says so or a
            // person checks; the two attributes nearest in meaning do not answer it.
            (None, Some(Meaning::Nearest(two))) if !wanted.iter().any(|c| STATED_OR_NOT.contains(c)) => {
                Some(two.to_vec())
            }
            (None, _) => None,
        };
        return Some(match chosen {
            Some(attributes) => {
                let intro = if attributes.len() == 1 { "attribute-intro" } else { "attribute-nearest-intro" };
                let lines: Vec<String> = attributes
                    .iter()
                    .map(|(key, value)| {
                        format!("{} — {}: {value}", product.title, label(asked.glossary, asked.language, key))
                    })
                    .collect();
                let mut text = format!("{}\n{}", say(intro, &[]), lines.join("\n"));
                if price {
                    // "How much is it, and what is the MOQ?": both.
                    text = format!("{text}\n{}", price_lines(product));
                }
                let answer = reply(text, Intent::ProductQuestion);
                match attributes.len() {
                    1 => answer,
                    _ => ProductAnswer { confidence: answer.confidence.min(NEAREST_CONFIDENCE), ..answer },
                }
            }
            // "How much is it, and what is the MOQ?" — the price is an answer, the rest a person's.
            None if price => ProductAnswer {
                confidence: found.confidence.min(PARTIAL_CONFIDENCE),
                ..reply(format!("{}\n{}", say("price-intro", &[]), price_lines(product)), Intent::ProductQuestion)
            },
            None => ProductAnswer {
                handoff: true,
                text: String::new(),
                confidence: 0.0,
                ..reply(String::new(), Intent::ProductQuestion)
            },
        });
    }
    if price {
        return Some(reply(format!("{}\n{}", say("price-intro", &[]), price_lines(product)), Intent::ProductQuestion));
    }
    // "is it in stock?", "do you sell rain jackets?" — not a product merely named ("are your
    // bamboo products FSC certified?" asks something the catalogue cannot say).
    if stock || selling {
        // "is it in stock?", "do you sell rain jackets?": the product, its price, what is left.
        let all = Options { matching: product.variants.iter().collect(), offered: true };
        let text = if product.variants.is_empty() {
            format!("{}\n{}", say("catalogue-yes", &[]), line(asked, product, None))
        } else {
            availability(asked, product, &all)
        };
        return Some(reply(text, Intent::StockAvailability));
    }
    None
}

/// The product a question is about (named, else the page's, else the conversation's): the one
/// whose attributes the pipeline ranks for `answer`.
pub fn subject<'a>(asked: &Asked<'a>) -> Option<&'a Product> {
    if asked.catalogue.is_empty() {
        return None;
    }
    let words = Words::of(asked.text);
    let concepts = asked.glossary.concepts(asked.text);
    resolve(asked, &words, &concepts).map(|found| found.product)
}

/// What the ranking in meaning picked.
#[derive(Debug, Clone, PartialEq)]
enum Meaning<'a> {
    /// One attribute, clearly the closest.
    Clear((&'a str, String)),
    /// Two attributes close together, clearly ahead of the rest.
    Nearest([(&'a str, String); 2]),
}

/// The attribute clearly closest in meaning to the question, else the two clearly closest,
/// when the pipeline ranked this product's.
fn by_meaning<'a>(asked: &Asked<'_>, product: &'a Product) -> Option<Meaning<'a>> {
    let relevance = asked.attributes.filter(|r| r.sku == product.sku && r.scores.len() == product.attributes.len())?;
    let mut ranked: Vec<(usize, f32)> = relevance.scores.iter().copied().enumerate().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let attribute =
        |index: usize| product.attributes.iter().nth(index).map(|(key, value)| (key.as_str(), scalar(value)));
    let &(best, top) = ranked.first()?;
    let clear = match ranked.get(1) {
        Some(&(_, next)) => top >= MEANING_FLOOR && top - next >= MEANING_MARGIN,
        None => top >= ONLY_FLOOR,
    };
    if clear {
        return attribute(best).map(Meaning::Clear);
    }
    let [_, (second, close), (_, third), ..] = ranked[..] else {
        return None;
    };
    if close < NEAREST_FLOOR || close - third < NEAREST_MARGIN {
        return None;
    }
    Some(Meaning::Nearest([attribute(best)?, attribute(second)?]))
}

/// "Do you sell rain jackets?" where several products' names fit equally: each, with its price.
fn several_named(asked: &Asked<'_>, words: &Words, concepts: &[&str]) -> Option<ProductAnswer> {
    let scored: Vec<(usize, &Product)> = asked
        .catalogue
        .products()
        .iter()
        .map(|p| (name_score(asked.glossary, p, words, concepts), p))
        .filter(|(score, _)| *score > 0)
        .collect();
    let best = scored.iter().map(|(s, _)| *s).max()?;
    let fitting: Vec<&Product> = scored
        .iter()
        .filter(|(s, p)| *s == best && head_named(asked.glossary, p, words, concepts))
        .map(|(_, p)| *p)
        .take(4)
        .collect();
    if fitting.len() < 2 {
        return None;
    }
    let lines: Vec<String> = fitting.iter().map(|p| line(asked, p, None)).collect();
    let text = format!("{}\n{}", asked.templates.say(asked.language, "catalogue-yes", &[]), lines.join("\n"));
    let sources = fitting
        .iter()
        .map(|p| Source { kind: SourceKind::Product, id: p.sku.clone(), title: p.title.clone(), score: 1.0 })
        .collect();
    Some(ProductAnswer {
        text,
        handoff: false,
        intent: Intent::StockAvailability,
        confidence: 0.8,
        sources,
        product: None,
    })
}

struct Found<'a> {
    product: &'a Product,
    /// The variant a SKU named.
    variant: Option<&'a Variant>,
    confidence: f32,
}

/// Which product the question is about.
fn resolve<'a>(asked: &Asked<'a>, words: &Words, concepts: &[&str]) -> Option<Found<'a>> {
    let catalogue = asked.catalogue;
    for token in &words.codes {
        if let Some((product, variant)) = catalogue.by_sku(token) {
            return Some(Found { product, variant, confidence: 0.95 });
        }
    }
    let page = asked.page.and_then(|p| catalogue.by_page(p));
    let earlier = asked.earlier.and_then(|sku| catalogue.by_sku(sku)).map(|(p, _)| p);
    // Best name evidence first; among equals, the one retrieval ranks first.
    let rank = |sku: &str| asked.ranked.iter().position(|(s, _)| *s == sku).unwrap_or(usize::MAX);
    let mut scored: Vec<(usize, usize, &Product)> = catalogue
        .products()
        .iter()
        .map(|p| (name_score(asked.glossary, p, words, concepts), rank(&p.sku), p))
        .filter(|(score, ..)| *score > 0)
        .collect();
    scored.sort_by_key(|(score, rank, _)| (std::cmp::Reverse(*score), *rank));
    let best = scored.first().map(|(score, _, p)| (*score, *p));
    let runner_up = scored.get(1).map_or(0, |(s, ..)| *s);
    let current = page.or(earlier);
    let ranked_first = scored.first().is_some_and(|(_, rank, _)| *rank == 0);
    if let Some((score, product)) = best
        && (score > runner_up || ranked_first)
    {
        // Another product named outright wins over the page; a word the page's product also
        // has ("is this cotton?" beside a "Cotton tee") does not.
        let here = current.map_or(0, |c| name_score(asked.glossary, c, words, concepts));
        if current.is_none() || (score >= 2 && score > here) {
            let confidence = if score >= 2 { 0.9 } else { 0.75 };
            return Some(Found { product, variant: None, confidence });
        }
    }
    if let Some(product) = current {
        return Some(Found { product, variant: None, confidence: 0.9 });
    }
    // No word of any title: retrieval across languages ("Regenjacke", "羽绒服"), when it is clear.
    if best.is_none()
        && let [(sku, relevance), rest @ ..] = asked.ranked
        && *relevance >= RETRIEVED_FLOOR
        && rest.first().is_none_or(|(_, next)| relevance - next >= RETRIEVED_MARGIN)
        && let Some((product, _)) = catalogue.by_sku(sku)
    {
        return Some(Found { product, variant: None, confidence: 0.7 });
    }
    None
}

/// How strongly the message names `product`: its title's words found in the message, and the
/// glossary concepts both name (so "bicicleta" finds a "bicycle"), each word counted once.
fn name_score(glossary: &Glossary, product: &Product, words: &Words, concepts: &[&str]) -> usize {
    let title = Words::of(&product.title);
    let mut matched_words: Vec<&str> = title
        .plain
        .iter()
        .filter(|w| w.chars().count() >= 3 && !STOP.contains(&w.as_str()) && words.has(w))
        .map(String::as_str)
        .collect();
    matched_words.dedup();
    let covered: HashSet<&str> = matched_words.iter().flat_map(|w| glossary.concepts(w)).collect();
    let shared = glossary
        .concepts(&product.title)
        .into_iter()
        .filter(|c| concepts.contains(c) && !covered.contains(c) && !is_option_concept(c))
        .count();
    let cjk = title.cjk_pairs.iter().filter(|pair| words.cjk_pairs.contains(*pair)).count().min(2);
    let evidence = matched_words.len() + shared + cjk;
    // An option value of this product named too ("the backpack in 60L") tells it from others.
    let option_named = evidence > 0
        && product.variants.iter().flat_map(|v| v.options.values()).any(|value| {
            let value = scalar(value);
            value.chars().count() > 2 && value_named(glossary, &value, &words.original, words, concepts)
        });
    evidence + usize::from(option_named)
}

/// Whether the message names what the product is, not only something it goes with: the last
/// word of a Latin-script title ("Speaker" of "Bluetooth Bike Speaker"), itself or through the
/// glossary. Titles in other scripts are taken as named.
fn head_named(glossary: &Glossary, product: &Product, words: &Words, concepts: &[&str]) -> bool {
    let title = Words::of(&product.title);
    if !title.cjk_pairs.is_empty() {
        return true;
    }
    let Some(head) =
        title.plain.iter().rev().find(|w| w.chars().any(char::is_alphabetic) && !STOP.contains(&w.as_str()))
    else {
        return true;
    };
    words.has(head) || glossary.concepts(&singular(head)).iter().any(|c| concepts.contains(c))
}

fn is_option_concept(concept: &str) -> bool {
    COLOURS.contains(&concept) || SIZES.iter().any(|(c, _)| *c == concept) || NOT_ATTRIBUTES.contains(&concept)
}

/// Words too common in titles and questions to name a product.
const STOP: &[&str] = &[
    "the", "and", "for", "with", "you", "have", "this", "that", "del", "con", "para", "les", "des", "une", "und",
    "mit", "der", "die", "das", "pro", "new", "set", "size", "color", "colour",
];

/// The variants asked for.
struct Options<'a> {
    matching: Vec<&'a Variant>,
    /// False when the product has no variant with what was asked.
    offered: bool,
}

/// The option values the message asks about, or `None` when it asks about none.
fn options_asked<'a>(
    asked: &Asked<'_>,
    product: &'a Product,
    words: &Words,
    concepts: &[&str],
    named_variant: Option<&'a Variant>,
) -> Option<Options<'a>> {
    if let Some(variant) = named_variant {
        return Some(Options { matching: vec![variant], offered: true });
    }
    if product.variants.is_empty() {
        return None;
    }
    // Per option (Color, Size …), the values of it the message names.
    let mut wanted: BTreeMap<&str, HashSet<String>> = BTreeMap::new();
    for variant in &product.variants {
        for (key, value) in &variant.options {
            let value = scalar(value);
            if value_named(asked.glossary, &value, asked.text, words, concepts) {
                wanted.entry(key.as_str()).or_default().insert(value);
            }
        }
    }
    let mut unmatched = asked_but_absent(asked.glossary, product, words, concepts, &wanted);
    // "for 4 people", "4 personas", "4人用" of a tent made for 2 or 3.
    if let Some(people) = people_in(asked.text) {
        let sized: Vec<(&str, String, u32)> = product
            .variants
            .iter()
            .flat_map(|v| v.options.iter())
            .filter_map(|(key, value)| {
                let value = scalar(value);
                people_in(&value).map(|n| (key.as_str(), value, n))
            })
            .collect();
        let fitting: Vec<&(&str, String, u32)> = sized.iter().filter(|(.., n)| *n == people).collect();
        if !sized.is_empty() && fitting.is_empty() {
            unmatched.push(format!("{people}"));
        }
        for (key, value, _) in fitting {
            wanted.entry(key).or_default().insert(value.clone());
        }
    }
    if wanted.is_empty() && unmatched.is_empty() {
        return None;
    }
    if !unmatched.is_empty() {
        return Some(Options { matching: Vec::new(), offered: false });
    }
    let matching: Vec<&Variant> = product
        .variants
        .iter()
        .filter(|v| wanted.iter().all(|(key, values)| v.options.get(*key).is_some_and(|x| values.contains(&scalar(x)))))
        .collect();
    Some(Options { offered: !matching.is_empty(), matching })
}

/// The option values of `product`'s variants that `text` names, per option ("Size" → ["M"]):
/// as written, or through the glossary ("negro" for "Black", "large" for "L").
pub fn option_values_named(glossary: &Glossary, product: &Product, text: &str) -> BTreeMap<String, Vec<String>> {
    let words = Words::of(text);
    let concepts = glossary.concepts(text);
    let mut named: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for variant in &product.variants {
        for (key, value) in &variant.options {
            let value = scalar(value);
            let feature = value == "yes" && feature_named(glossary, key, &concepts);
            if feature || value_named(glossary, &value, text, &words, &concepts) || number_named(&value, &words) {
                let values = named.entry(key.clone()).or_default();
                if !values.contains(&value) {
                    values.push(value);
                }
            }
        }
    }
    named
}

/// Whether the message asks for a yes-or-no option by naming it ("the waterproof version" for
/// `water resistance: yes`): every glossary concept of the option's name is named.
fn feature_named(glossary: &Glossary, key: &str, concepts: &[&str]) -> bool {
    let of_key = glossary.concepts(key);
    !of_key.is_empty() && of_key.iter().all(|c| concepts.contains(c))
}

/// Whether a value that is a number and a unit ("34 inch", "750ml") is named by its number
/// alone, in any language's unit ("34 pulgadas", "750 мл").
fn number_named(value: &str, words: &Words) -> bool {
    let lower = value.to_lowercase();
    let number: String = lower.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    let unit = lower[number.len()..].trim();
    !number.is_empty()
        && !unit.is_empty()
        && unit.chars().all(|c| c.is_alphabetic() || c == ' ')
        && words.plain.iter().any(|w| {
            let digits: String = w.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
            digits == number && w[digits.len()..].chars().all(char::is_alphabetic)
        })
}

/// An option value as text ("M", "Black", "42").
pub fn option_text(value: &serde_json::Value) -> String {
    scalar(value)
}

/// Whether the message names an option value: as written ("XL", "20000mAh", "Floral azul"),
/// or through the glossary ("negro" for "Black", "large" for "L").
fn value_named(glossary: &Glossary, value: &str, text: &str, words: &Words, concepts: &[&str]) -> bool {
    let lower = value.to_lowercase();
    let compact: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    if compact.is_empty() {
        return false;
    }
    let letters_only = compact.chars().all(char::is_alphabetic);
    if compact.chars().count() == 1 && letters_only {
        // "S", "M", "L": upper-case on their own, or after a size word.
        return words.size_letter(&compact);
    }
    // "M (55-59 cm)": the letter size it starts with.
    if let Some(lead) = letter_size_lead(&lower)
        && words.size_letter(lead)
    {
        return true;
    }
    let value_words = Words::of(value);
    if !value_words.plain.is_empty() && value_words.plain.iter().all(|w| words.has(w)) {
        return true;
    }
    if compact.chars().any(|c| c.is_ascii_digit()) && words.compact_windows.iter().any(|w| w == &compact) {
        return true;
    }
    if !value_words.cjk_pairs.is_empty() && text.contains(value) {
        return true;
    }
    // Through concepts: every concept the value names is named by the message.
    let value_concepts: Vec<&str> = glossary
        .concepts(value)
        .into_iter()
        .filter(|c| COLOURS.contains(c) || SIZES.iter().any(|(s, _)| s == c))
        .collect();
    if !value_concepts.is_empty() && value_concepts.iter().all(|c| concepts.contains(c)) {
        return true;
    }
    // "large" for "L", "small" for "S".
    SIZES.iter().any(|(concept, letters)| concepts.contains(concept) && letters.first() == Some(&compact.as_str()))
}

/// Colours and letter sizes the message asks for that no variant has ("in purple?" of a jacket
/// made in black and blue), written as the buyer wrote them.
fn asked_but_absent(
    glossary: &Glossary,
    product: &Product,
    words: &Words,
    concepts: &[&str],
    wanted: &BTreeMap<&str, HashSet<String>>,
) -> Vec<String> {
    let values: Vec<String> =
        product.variants.iter().flat_map(|v| v.options.values().map(|x| scalar(x).to_lowercase())).collect();
    let colour_values: Vec<String> = product
        .variants
        .iter()
        .flat_map(|v| v.options.iter().filter(|(k, _)| is_colour_key(k)).map(|(_, x)| scalar(x)))
        .collect();
    // A colour is "not offered" only when every colour the product comes in is one kefu knows
    // ("Teal" or "Sage" may be what the buyer calls green).
    let colours_known = !colour_values.is_empty()
        && colour_values.iter().all(|v| glossary.concepts(v).iter().any(|c| COLOURS.contains(c)));
    let has_sizes = product.variants.iter().any(|v| v.options.keys().any(|k| is_size_key(k)));
    let mut absent = Vec::new();
    if colours_known && !wanted.keys().any(|k| is_colour_key(k)) {
        absent.extend(concepts.iter().filter(|c| COLOURS.contains(c)).map(|c| (*c).to_owned()));
    }
    if has_sizes && !wanted.keys().any(|k| is_size_key(k)) {
        for letter in LETTER_SIZES {
            let offered = values.iter().any(|v| v == letter || letter_size_lead(v) == Some(letter));
            if words.size_letter(letter) && !offered {
                absent.push(letter.to_uppercase());
            }
        }
        // "34 размер", "size 42", "34码" of boots made in 24 to 32.
        let sizes: Vec<String> = product
            .variants
            .iter()
            .flat_map(|v| v.options.iter().filter(|(k, _)| is_size_key(k)).map(|(_, x)| scalar(x)))
            .collect();
        let numeric = |v: &String| v.starts_with(|c: char| c.is_ascii_digit());
        if let Some(number) = size_number_in(&words.original)
            && sizes.iter().any(numeric)
            && !sizes
                .iter()
                .any(|v| v.split(|c: char| !(c.is_ascii_digit() || c == '.')).next() == Some(number.as_str()))
        {
            absent.push(number);
        }
    }
    absent
}

/// `text` (lower-cased words joined by spaces) without where it writes out `name`: runs of two
/// or more of its words ("Fisher-Price" of "the price of the Fisher-Price case").
fn without_name_of(text: &str, name: &str) -> String {
    let split = |t: &str| -> Vec<String> {
        t.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
    };
    let named: HashSet<String> = split(name).into_iter().collect();
    let words = split(text);
    let mut kept: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let run = words[i..].iter().take_while(|w| named.contains(*w)).count();
        if run >= 2 {
            i += run;
        } else {
            kept.push(&words[i]);
            i += 1;
        }
    }
    kept.join(" ")
}

/// The number a text asks for as a size, written next to a word for "size" ("34 размер",
/// "size 42", "talla: 38", "34码", "サイズ23"), when there is exactly one.
fn size_number_in(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let mut found: Option<String> = None;
    for word in SIZE_WORDS {
        let cjk = word.chars().next().is_some_and(is_cjk) || word.starts_with('사');
        for (at, _) in lower.match_indices(word) {
            let before = &lower[..at];
            if !cjk && before.chars().next_back().is_some_and(char::is_alphabetic) {
                continue;
            }
            let mut after = &lower[at + word.len()..];
            if !cjk {
                after = after.trim_start_matches(char::is_alphabetic);
            }
            let after = after.trim_start_matches([' ', ':', '-', '#']);
            let next: String = after.chars().take_while(char::is_ascii_digit).collect();
            let before = before.trim_end_matches([' ', '-']);
            let previous: String = before.chars().rev().take_while(char::is_ascii_digit).collect();
            let previous: String = previous.chars().rev().collect();
            for number in [next, previous].into_iter().filter(|n| !n.is_empty()) {
                if found.as_ref().is_some_and(|f| *f != number) {
                    return None;
                }
                found = Some(number);
            }
        }
    }
    found
}

/// Words for "person" after a number, in the languages kefu serves ("4 personas", "2-person",
/// "на 4 человека"); Han and hangul ones follow the number directly ("4人用", "4인용").
const PEOPLE: &[&str] = &[
    "person",
    "persons",
    "people",
    "personas",
    "persona",
    "pessoas",
    "pessoa",
    "personnes",
    "personne",
    "personen",
    "persone",
    "persoons",
    "persoon",
    "osoby",
    "osób",
    "osoba",
    "osobowy",
    "человек",
    "человека",
    "местная",
    "kişilik",
    "kişi",
    "أشخاص",
    "شخص",
    "orang",
    "người",
    "คน",
    "人",
    "人用",
    "名",
    "인용",
    "인",
];

/// The number of people a text asks for or a value is made for: a number followed by a word
/// for "person" ("4 personas", "2-person", "4人用"), when there is exactly one such number.
fn people_in(text: &str) -> Option<u32> {
    let lower = text.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    let mut found = None;
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let number: String = chars[start..i].iter().collect();
        let mut j = i;
        while j < chars.len() && (chars[j] == ' ' || chars[j] == '-') {
            j += 1;
        }
        let after: String = chars[j..].iter().take_while(|c| c.is_alphabetic()).collect();
        let cjk_after: String = chars[j..].iter().take(2).collect();
        let person = PEOPLE
            .iter()
            .any(|w| if w.chars().next().is_some_and(is_cjk) { cjk_after.starts_with(w) } else { after == *w });
        if person && let Ok(n) = number.parse::<u32>() {
            if found.is_some_and(|f| f != n) {
                return None;
            }
            found = Some(n);
        }
    }
    found
}

/// The letter size a value starts with ("m" of "m (55-59 cm)"), when it does.
fn letter_size_lead(value: &str) -> Option<&str> {
    let lead = value.split(|c: char| !c.is_alphanumeric()).next()?;
    (lead != value && LETTER_SIZES.contains(&lead)).then_some(lead)
}

fn is_colour_key(key: &str) -> bool {
    let key = key.to_lowercase();
    [
        "color",
        "colour",
        "cor",
        "couleur",
        "farbe",
        "colore",
        "kleur",
        "kolor",
        "renk",
        "цвет",
        "颜色",
        "顏色",
        "カラー",
        "색상",
        "لون",
    ]
    .iter()
    .any(|k| key.contains(k))
}

pub(crate) fn is_size_key(key: &str) -> bool {
    let key = key.to_lowercase();
    SIZE_WORDS.iter().any(|k| key.contains(k)) || key.contains("tamaño")
}

/// The availability answer: a verdict in kefu's words, then each variant asked for.
fn availability(asked: &Asked<'_>, product: &Product, options: &Options<'_>) -> String {
    let say = |id: &str, args: &[(&str, Arg<'_>)]| asked.templates.say(asked.language, id, args);
    if !options.offered {
        let mut offered: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for variant in &product.variants {
            for (key, value) in &variant.options {
                let value = scalar(value);
                let values = offered.entry(key.as_str()).or_default();
                if !values.contains(&value) {
                    values.push(value);
                }
            }
        }
        let offered: Vec<String> = offered.iter().map(|(k, v)| format!("{k}: {}", v.join(", "))).collect();
        return format!("{}\n{} — {}", say("availability-none", &[]), product.title, offered.join("; "));
    }
    let any_in_stock = options.matching.iter().any(|v| v.available);
    let verdict = if any_in_stock { say("availability-yes", &[]) } else { say("availability-sold-out", &[]) };
    let lines: Vec<String> = options.matching.iter().take(12).map(|v| line(asked, product, Some(v))).collect();
    format!("{verdict}\n{}", lines.join("\n"))
}

/// "Rain Jacket (Black, XL): in stock, 59.90 USD".
fn line(asked: &Asked<'_>, product: &Product, variant: Option<&Variant>) -> String {
    let say = |id: &str| asked.templates.say(asked.language, id, &[]);
    let (options, available, price) = match variant {
        Some(v) => {
            let values: Vec<String> = v.options.values().map(scalar).collect();
            (format!(" ({})", values.join(", ")), v.available, v.price.unwrap_or(product.price))
        }
        None => (String::new(), true, product.price),
    };
    let stock = if available { say("stock-in") } else { say("stock-out") };
    format!("{}{options}: {stock}, {} {}", product.title, amount(price), product.currency)
}

/// The product's price, or each variant's when they differ.
fn price_lines(product: &Product) -> String {
    let mut prices: Vec<(String, f64)> = product
        .variants
        .iter()
        .map(|v| (v.options.values().map(scalar).collect::<Vec<_>>().join(", "), v.price.unwrap_or(product.price)))
        .collect();
    prices.dedup_by(|a, b| a.1 == b.1);
    if prices.len() <= 1 {
        return format!("{}: {} {}", product.title, amount(product.price), product.currency);
    }
    let lines: Vec<String> = prices
        .iter()
        .take(12)
        .map(|(options, price)| format!("{} ({options}): {} {}", product.title, amount(*price), product.currency))
        .collect();
    lines.join("\n")
}

/// An attribute whose name the message uses as written ("wattage?" of a "Wattage" attribute).
fn attribute_named<'a>(product: &'a Product, words: &Words) -> Option<(&'a str, String)> {
    product.attributes.iter().find_map(|(key, value)| {
        let key_words = Words::of(key);
        let named = !key_words.plain.is_empty()
            && key_words.plain.iter().filter(|w| w.chars().count() >= 3).count() > 0
            && key_words.plain.iter().filter(|w| w.chars().count() >= 3).all(|w| words.has(w));
        named.then(|| (key.as_str(), scalar(value)))
    })
}

/// The attribute that answers a question about `wanted` concepts: one whose name is the
/// concept (material, weight, warranty …), or whose value names it ("100% cotton" for "is it
/// cotton?"); a material asked of a product with a material attribute is answered by it.
fn attribute_for<'a>(glossary: &Glossary, product: &'a Product, wanted: &[&str]) -> Option<(&'a str, String)> {
    let attributes: Vec<(&str, String, Vec<&str>, Vec<&str>)> = product
        .attributes
        .iter()
        .map(|(k, v)| {
            let value = scalar(v);
            let key_concepts = glossary.concepts(&k.replace(['_', '-'], " "));
            let value_concepts = glossary.concepts(&value);
            (k.as_str(), value, key_concepts, value_concepts)
        })
        .collect();
    let wanted: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|c| !MORE_SPECIFIC.iter().any(|(specific, general)| c == general && wanted.contains(specific)))
        .collect();
    for concept in &wanted {
        // Of the attributes named for it, the most specific: "battery" before "batteries
        // included", "included components" before "batteries included".
        // A measure is answered by a number: "size: mini rc helicopter" does not say how high.
        let named = attributes
            .iter()
            .filter(|(_, value, keys, _)| {
                keys.contains(concept) && (!MEASURES.contains(concept) || value.chars().any(|c| c.is_ascii_digit()))
            })
            .min_by_key(|(k, _, keys, _)| (keys.len(), k.split_whitespace().count()));
        if let Some((k, v, ..)) = named {
            return Some((k, v.clone()));
        }
        let by_value = MATERIALS.contains(concept) || PROPERTIES.contains(concept);
        if by_value && let Some((k, v, ..)) = attributes.iter().find(|(_, _, _, values)| values.contains(concept)) {
            return Some((k, v.clone()));
        }
        if MATERIALS.contains(concept)
            && let Some((k, v, ..)) = attributes.iter().find(|(_, _, keys, _)| keys.contains(&"material"))
        {
            return Some((k, v.clone()));
        }
    }
    None
}

/// An attribute's name in the buyer's language: the glossary's word for its concept, else the
/// name as the catalogue writes it.
fn label(glossary: &Glossary, language: &Language, key: &str) -> String {
    let spaced = key.replace(['_', '-'], " ");
    let concept = glossary.concepts(&spaced).into_iter().next();
    let word = concept.and_then(|c| glossary.word(c, language));
    let word = word.unwrap_or(spaced);
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(", "),
        serde_json::Value::Bool(true) => "yes".into(),
        serde_json::Value::Bool(false) => "no".into(),
        other @ (serde_json::Value::Null | serde_json::Value::Number(_) | serde_json::Value::Object(_)) => {
            other.to_string()
        }
    }
}

/// A message's words as product answers compare them.
struct Words {
    original: String,
    /// Lower-case words of letters and digits (apostrophes kept inside: "i'm" is one word).
    plain: Vec<String>,
    /// Letters-and-digits runs of one, two or three adjacent words, joined ("20000 mAh" →
    /// "20000mah").
    compact_windows: Vec<String>,
    /// Words that may be codes (SKUs): letters, digits, dashes.
    codes: Vec<String>,
    /// Pairs of adjacent Han, kana or hangul characters.
    cjk_pairs: HashSet<String>,
}

impl Words {
    fn of(text: &str) -> Words {
        let lower = text.to_lowercase();
        let plain: Vec<String> = lower
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’') || is_cjk(c))
            .map(|w| w.trim_matches(['\'', '’']))
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        let mut compact_windows = Vec::new();
        for size in 1..=3 {
            for run in plain.windows(size) {
                compact_windows.push(run.concat().chars().filter(|c| c.is_alphanumeric()).collect());
            }
        }
        let codes = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .map(|t| t.trim_matches(['-', '_']))
            .filter(|t| t.len() >= 3 && t.chars().any(|c| c.is_ascii_digit()) || t.contains('-'))
            .map(str::to_owned)
            .collect();
        let cjk: Vec<char> = text.chars().collect();
        let cjk_pairs = cjk.windows(2).filter(|w| is_cjk(w[0]) && is_cjk(w[1])).map(|w| w.iter().collect()).collect();
        Words { original: text.to_owned(), plain, compact_windows, codes, cjk_pairs }
    }

    /// The word, or its plural ("batteries" for "battery", "boxes", "sheets").
    fn has(&self, word: &str) -> bool {
        let stem = singular(word);
        self.plain.iter().any(|w| w == word || singular(w) == stem)
    }

    /// Whether a letter size ("m", "xl") is asked: upper-case on its own ("in M?"), or after a
    /// size word ("size m", "talla m"); longer ones ("xl") in any case.
    fn size_letter(&self, letter: &str) -> bool {
        if letter.chars().count() > 1 {
            return self.plain.iter().any(|w| w == letter);
        }
        let upper = letter.to_uppercase();
        let standalone = self
            .original
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’') || is_cjk(c))
            .any(|w| w == upper);
        let after_size_word = self.plain.windows(2).any(|w| w[1] == letter && SIZE_WORDS.contains(&w[0].as_str()));
        standalone || after_size_word
    }
}

/// An English plural's singular, roughly ("batteries" → "battery", "boxes" → "box", "sheets" →
/// "sheet"); other words as they are.
fn singular(word: &str) -> std::borrow::Cow<'_, str> {
    if let Some(stem) = word.strip_suffix("ies").filter(|s| s.chars().count() >= 2) {
        return format!("{stem}y").into();
    }
    if let Some(stem) =
        word.strip_suffix("es").filter(|s| s.ends_with(['x', 's', 'z']) || s.ends_with("ch") || s.ends_with("sh"))
    {
        return stem.into();
    }
    match word.strip_suffix('s').filter(|s| s.chars().count() >= 3 && !s.ends_with('s')) {
        Some(stem) => stem.into(),
        None => word.into(),
    }
}

#[cfg(test)]
mod tests;
