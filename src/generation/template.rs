//! The offline generator: no model, deterministic, milliseconds. It quotes the best-matching
//! passage of the shop's knowledge, introduced in the buyer's language. With nothing to quote it
//! says so with low confidence, which hands the turn to a person. (Structured intents never get
//! here: `pipeline::structured` answers them from data.)

use std::sync::Arc;

use super::fluent::Templates;
use crate::pipeline::{DeltaSink, Generated, GenerationRequest, Generator, StageError};

/// Longest quote taken from a passage, in characters.
const MAX_QUOTE_CHARS: usize = 700;

pub struct TemplateGenerator {
    pub templates: Arc<Templates>,
}

#[async_trait::async_trait]
impl Generator for TemplateGenerator {
    async fn generate(&self, request: &GenerationRequest<'_>, deltas: DeltaSink<'_>) -> Result<Generated, StageError> {
        let generated = compose(&self.templates, request);
        for piece in pieces(&generated.text) {
            deltas(piece);
        }
        Ok(generated)
    }
}

fn compose(templates: &Templates, request: &GenerationRequest<'_>) -> Generated {
    let language = request.language;
    let shop = request.shop.name.as_str();
    let Some(best) = request.passages.first() else {
        // Nothing in the shop's knowledge: for a question outside the shop's business, say what
        // the bot can help with; otherwise that it is not sure. Either way a person follows.
        let text = if request.classification.intent == crate::domain::Intent::Other {
            templates.say(language, "out-of-scope", &[("shop", shop.into())])
        } else {
            templates.say(language, "not-sure", &[])
        };
        return Generated { text, confidence: 0.2, used: Vec::new() };
    };
    let quote = shorten(&best.text, MAX_QUOTE_CHARS);
    let lead = templates.say(language, "from-shop", &[("shop", shop.into())]);
    let text = format!("{lead}\n{}\n{quote}", best.source.title);
    Generated { text, confidence: best.source.score, used: vec![0] }
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

/// Splits a reply into the pieces streamed to the buyer: lines, then sentences.
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['\n', '.', '。', '!', '?', '！', '？']).filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::domain::{Intent, Language, Source, SourceKind};
    use crate::pipeline::{Classification, Passage};
    use crate::shop::Shop;

    fn shop() -> Shop {
        Shop { name: "Vela".into(), ..Shop::serving_any_language("s", Language::english()) }
    }

    async fn run(intent: Intent, language: &str, passages: &[Passage]) -> (Generated, String) {
        let shop = shop();
        let language = Language::parse(language).unwrap();
        let classification =
            Classification { intent, probability: 0.8, alternatives: vec![], entities: Default::default() };
        let request = GenerationRequest {
            shop: &shop,
            text: "?",
            language: &language,
            classification: &classification,
            passages,
            history: &[],
        };
        let streamed = Mutex::new(String::new());
        let sink = |piece: &str| streamed.lock().unwrap().push_str(piece);
        let generator = TemplateGenerator { templates: Arc::new(Templates::built_in()) };
        let generated = generator.generate(&request, &sink).await.unwrap();
        (generated, streamed.into_inner().unwrap())
    }

    #[tokio::test]
    async fn the_streamed_pieces_add_up_to_the_reply() {
        let passage = Passage {
            source: Source { kind: SourceKind::Faq, id: "faq.md#Returns".into(), title: "Returns".into(), score: 0.7 },
            text: "Within 30 days. Unused items only!".into(),
        };
        let (generated, streamed) = run(Intent::ReturnsRefunds, "es", &[passage]).await;
        assert_eq!(streamed, generated.text);
        assert!(generated.text.starts_with("Esto es lo que indica Vela:"));
        assert_eq!(generated.used, vec![0]);
        assert_eq!(generated.confidence, 0.7);
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
