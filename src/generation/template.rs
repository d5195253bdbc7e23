//! The offline generator: no model, deterministic, milliseconds. It quotes the best-matching
//! passage of the shop's knowledge, introduced in the buyer's language. With nothing to quote it
//! says so with low confidence, which hands the turn to a person. (Structured intents never get
//! here: `pipeline::structured` answers them from data.)

use std::sync::Arc;

use crate::domain::{Intent, Language, SourceKind};
use crate::lexicon::glossary::Glossary;
use crate::pipeline::{DeltaSink, Generated, GenerationRequest, Generator, Passage, StageError, stream};
use crate::wording::Templates;

/// Longest quote taken from a passage, in characters.
const MAX_QUOTE_CHARS: usize = 700;

pub struct TemplateGenerator {
    pub templates: Arc<Templates>,
    /// Tells a price question ("how much", "多少钱", "cuánto cuesta") from other product
    /// questions.
    pub glossary: Arc<Glossary>,
}

#[async_trait::async_trait]
impl Generator for TemplateGenerator {
    async fn generate(&self, request: &GenerationRequest<'_>, deltas: DeltaSink<'_>) -> Result<Generated, StageError> {
        let generated = compose(&self.templates, &self.glossary, request);
        stream(&generated.text, deltas);
        Ok(generated)
    }
}

/// The embedding similarity from which a passage is taken to be about the question
/// (multilingual-e5-small's cosines bunch up: unrelated texts score about 0.75).
const RELEVANT: f32 = 0.82;
/// The similarity at which the extractive answer is as sure as it gets.
const CERTAIN: f32 = 0.90;

fn compose(templates: &Templates, glossary: &Glossary, request: &GenerationRequest<'_>) -> Generated {
    let language = request.language;
    let shop = request.shop.name.as_str();
    let asked = Asked::of(glossary, request);
    let relevant = asked.best(glossary, request.passages, request.classification.intent);
    let Some((index, best)) = relevant else {
        // Nothing in the shop's knowledge: for a question outside the shop's business, say what
        // the bot can help with; otherwise that it is not sure. Either way a person follows.
        let text = if request.classification.intent == Intent::Other {
            templates.say(language, "out-of-scope", &[("shop", shop.into())])
        } else {
            templates.say(language, "not-sure", &[])
        };
        return Generated { text, confidence: 0.2, used: Vec::new() };
    };
    let confidence = 0.5 + 0.45 * ((best.relevance - RELEVANT) / (CERTAIN - RELEVANT)).clamp(0.0, 1.0);
    let lead = templates.say(language, "from-shop", &[("shop", shop.into())]);
    if best.language.primary() == language.primary() {
        let quote = shorten(&best.text, MAX_QUOTE_CHARS);
        return Generated { text: format!("{lead}\n{quote}"), confidence, used: vec![index] };
    }
    // Written in another language, and no model to translate it: for a product's price, the
    // product's card speaks for itself (name, SKU, price, with kefu's labels); other questions
    // about it (a size, a material, stock) and prose go to a person.
    let price_question =
        request.classification.intent == Intent::ProductQuestion && glossary.mentions(request.text, "price");
    if best.source.kind == SourceKind::Product
        && price_question
        && let Some(facts) = product_facts(templates, language, &best.text)
    {
        return Generated { text: format!("{lead}\n{facts}"), confidence, used: vec![index] };
    }
    Generated { text: templates.say(language, "not-sure", &[]), confidence: 0.25, used: Vec::new() }
}

/// What a question asks about, as far as words tell: the glossary's concepts it names ("coupon",
/// "return shipping fee", "picture-in-picture") and the product names it uses ("Vortex", "34W").
/// A passage answers it only when it names all of them: the embedding alone finds passages
/// *near* a question (a refunds section for a coupon question), not passages that answer it.
#[derive(Debug)]
struct Asked<'g> {
    concepts: Vec<&'g str>,
    names: Vec<String>,
}

impl<'g> Asked<'g> {
    fn of(glossary: &'g Glossary, request: &GenerationRequest<'_>) -> Asked<'g> {
        let concepts = glossary.concepts(request.text);
        // A word of the question that is a word of a product title among the passages, and not
        // a glossary word (those are concepts): a product line or model name.
        let titles: Vec<Vec<String>> = request
            .passages
            .iter()
            .filter(|p| p.source.kind == SourceKind::Product)
            .map(|p| words(p.text.lines().next().unwrap_or_default()))
            .collect();
        let mut names: Vec<String> = Vec::new();
        for word in words(request.text) {
            let named = titles.iter().any(|title| title.contains(&word));
            if named && glossary.concepts(&word).is_empty() && !names.contains(&word) {
                names.push(word);
            }
        }
        Asked { concepts, names }
    }

    /// The passage that answers best: relevant to the embedding, naming the products named,
    /// and naming the most of the concepts asked (at least one; ties go to the better ranked).
    /// Not every concept need be named: "trocar a calça por um número maior" is answered by
    /// the size-exchange rule, which names no trousers. A product question that names no concept
    /// ("do these have pockets?") is answered by a product's passage only: an FAQ near it in
    /// meaning ("Are batteries included?") does not answer it.
    fn best<'p>(&self, glossary: &Glossary, passages: &'p [Passage], intent: Intent) -> Option<(usize, &'p Passage)> {
        let named: Vec<Vec<&str>> = passages.iter().map(|p| glossary.concepts(&p.text)).collect();
        let only_products = intent == Intent::ProductQuestion && self.concepts.is_empty();
        let mut best: Option<(usize, usize)> = None;
        for (i, passage) in passages.iter().enumerate() {
            if passage.relevance < RELEVANT
                || !self.names.iter().all(|n| words(&passage.text).contains(n))
                || (only_products && passage.source.kind != SourceKind::Product)
            {
                continue;
            }
            let covered = self.concepts.iter().filter(|c| named[i].contains(c)).count();
            if (covered > 0 || self.concepts.is_empty()) && best.is_none_or(|(_, most)| covered > most) {
                best = Some((i, covered));
            }
        }
        best.map(|(i, _)| (i, &passages[i]))
    }
}

/// The lower-cased words of `text` of three characters or more (letters and digits; a model
/// name like "34W" is one word).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 3).map(str::to_lowercase).collect()
}

/// A product passage's name, SKU and price (lines `SKU: …` and `price: …` as `knowledge::chunk`
/// writes them), with the price label in the buyer's language.
fn product_facts(templates: &Templates, language: &Language, text: &str) -> Option<String> {
    let mut lines = text.lines();
    let title = lines.next()?.trim();
    let field = |name: &str| text.lines().find_map(|l| l.strip_prefix(name)).map(str::trim);
    let sku = field("SKU:")?;
    let price = field("price:")?;
    let label = templates.say(language, "label-price", &[]);
    Some(format!("{title}\nSKU: {sku}\n{label}: {price}"))
}

/// Cuts at the last sentence or line end before `max` characters.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let end = cut
        .rfind(['\n', '.', '。', '!', '?', '！', '？'])
        .map_or(cut.len(), |i| i + cut[i..].chars().next().map_or(1, char::len_utf8));
    format!("{}…", cut[..end].trim_end())
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::domain::Source;
    use crate::pipeline::{Classification, Passage};
    use crate::shop::Shop;

    fn shop() -> Shop {
        Shop { name: "Vela".into(), ..Shop::serving_any_language("s", Language::english()) }
    }

    async fn run(intent: Intent, language: &str, passages: &[Passage]) -> (Generated, String) {
        ask(intent, language, "?", passages).await
    }

    async fn ask(intent: Intent, language: &str, text: &str, passages: &[Passage]) -> (Generated, String) {
        let shop = shop();
        let language = Language::parse(language).unwrap();
        let classification =
            Classification { intent, probability: 0.8, alternatives: vec![], entities: Default::default() };
        let request = GenerationRequest {
            shop: &shop,
            text,
            language: &language,
            classification: &classification,
            passages,
            history: &[],
        };
        let streamed = Mutex::new(String::new());
        let sink = |piece: &str| streamed.lock().unwrap().push_str(piece);
        let generator =
            TemplateGenerator { templates: Arc::new(Templates::built_in()), glossary: Arc::new(Glossary::built_in()) };
        let generated = generator.generate(&request, &sink).await.unwrap();
        (generated, streamed.into_inner().unwrap())
    }

    fn passage(kind: SourceKind, language: &str, relevance: f32, text: &str) -> Passage {
        Passage {
            source: Source { kind, id: "x".into(), title: "X".into(), score: 0.7 },
            text: text.into(),
            language: Language::parse(language).unwrap(),
            relevance,
        }
    }

    #[tokio::test]
    async fn a_relevant_passage_in_the_buyers_language_is_quoted_and_streamed() {
        let faq = passage(SourceKind::Faq, "es", 0.88, "Devoluciones: 30 días. ¡Solo sin usar!");
        let (generated, streamed) = run(Intent::ReturnsRefunds, "es", &[faq]).await;
        assert_eq!(streamed, generated.text);
        assert!(generated.text.starts_with("Esto es lo que indica Vela:"), "{}", generated.text);
        assert!(generated.text.contains("Solo sin usar"));
        assert_eq!(generated.used, vec![0]);
        assert!(generated.confidence > 0.8);
    }

    #[tokio::test]
    async fn a_passage_in_another_language_gives_only_its_facts_or_nothing() {
        let product = passage(SourceKind::Product, "zh", 0.86, "藤编篮\nSKU: GR-1\nprice: 6.8 USD\n产地: 桂林");
        let (generated, _) =
            ask(Intent::ProductQuestion, "de", "Was ist der Preis vom Korb?", std::slice::from_ref(&product)).await;
        assert!(generated.text.contains("GR-1") && generated.text.contains("Preis: 6.8 USD"), "{}", generated.text);
        let (generated, _) = ask(Intent::ProductQuestion, "de", "Wie schwer ist der Korb?", &[product]).await;
        assert!(generated.used.is_empty(), "the card does not say the weight: {generated:?}");
        assert!(!generated.text.contains("产地"), "{}", generated.text);
        let (generated, _) = run(
            Intent::Discount,
            "de",
            &[passage(SourceKind::Product, "zh", 0.86, "藤编篮\nSKU: GR-1\nprice: 6.8 USD")],
        )
        .await;
        assert!(generated.used.is_empty(), "a product card does not answer a discount question: {generated:?}");
        let policy = passage(SourceKind::Policy, "zh", 0.88, "退货政策：14天");
        let (generated, _) = run(Intent::ReturnsRefunds, "de", &[policy]).await;
        assert!(generated.confidence < 0.45 && generated.used.is_empty(), "{generated:?}");
    }

    #[tokio::test]
    async fn a_passage_near_the_question_but_not_naming_what_it_asks_is_not_quoted() {
        // "desconto" here is a deduction, not a coupon.
        let refunds = passage(SourceKind::Policy, "pt", 0.9, "Reembolso parcial: fotos antes de qualquer desconto.");
        let (generated, _) =
            ask(Intent::Discount, "pt", "vocês têm algum cupom pra primeira compra?", &[refunds]).await;
        assert!(generated.used.is_empty(), "{generated:?}");
    }

    #[tokio::test]
    async fn the_passage_naming_most_of_what_is_asked_is_quoted() {
        let undelivered =
            passage(SourceKind::Policy, "en", 0.89, "Parcels returned undelivered are re-shipped free of charge once.");
        let fee = passage(
            SourceKind::Policy,
            "en",
            0.87,
            "Change-of-mind returns: we deduct a flat return-shipping fee of €15 from the refund.",
        );
        let (generated, _) =
            ask(Intent::ReturnsRefunds, "en", "is the return shipping free or do I pay?", &[undelivered, fee]).await;
        assert_eq!(generated.used, vec![1], "{generated:?}");
    }

    #[tokio::test]
    async fn a_product_named_in_the_question_must_be_the_one_quoted() {
        let other = passage(SourceKind::Product, "en", 0.86, "Lumina Clarity 34W\nKVM and picture-by-picture.");
        let named = passage(SourceKind::Product, "en", 0.86, "Lumina Vortex 34W\nSKU: LD-V34W\n180 Hz, curved.");
        let question = "does the Vortex 34W do picture-by-picture?";
        let (generated, _) = ask(Intent::ProductQuestion, "en", question, &[other.clone(), named]).await;
        assert!(generated.used.is_empty(), "neither says the Vortex does: {generated:?}");
        let (generated, _) =
            ask(Intent::ProductQuestion, "en", "does the Clarity 34W do picture-by-picture?", &[other]).await;
        assert_eq!(generated.used, vec![0], "{generated:?}");
    }

    #[tokio::test]
    async fn unrelated_passages_are_not_quoted() {
        let far = passage(SourceKind::Faq, "en", 0.76, "We ship worldwide.");
        let (generated, _) = run(Intent::Other, "en", &[far]).await;
        assert!(generated.confidence < 0.45 && !generated.text.contains("worldwide"), "{generated:?}");
    }

    #[tokio::test]
    async fn a_product_question_naming_no_concept_is_not_answered_by_a_nearby_faq() {
        let faq = passage(SourceKind::Faq, "en", 0.86, "Are batteries included? Only when the product page says so.");
        let (generated, _) =
            ask(Intent::ProductQuestion, "en", "do these have pockets on them?", std::slice::from_ref(&faq)).await;
        assert!(generated.used.is_empty() && generated.confidence < 0.45, "{generated:?}");
        // The same passage answers a question naming what it is about.
        let (batteries, _) = ask(Intent::ProductQuestion, "en", "are batteries included?", &[faq]).await;
        assert_eq!(batteries.used, vec![0], "{batteries:?}");
    }

    #[tokio::test]
    async fn nothing_to_quote_is_low_confidence() {
        let (generated, _) = run(Intent::ProductQuestion, "zh", &[]).await;
        assert!(generated.confidence < 0.45);
        assert!(generated.used.is_empty());
    }

    #[test]
    fn long_passages_are_cut_at_a_sentence() {
        let text = "One. Two. ".repeat(200);
        let short = shorten(&text, 50);
        assert!(short.chars().count() <= 51);
        assert!(short.ends_with(".…"));
    }
}
