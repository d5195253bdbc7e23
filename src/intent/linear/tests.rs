use std::collections::HashMap;

use super::*;

/// Examples per intent and language (the team's).
fn coverage() -> HashMap<(Intent, String), usize> {
    let mut out = HashMap::new();
    for (e, fold) in examples() {
        if fold.starts_with("team") {
            *out.entry((e.intent, e.language.clone())).or_default() += 1;
        }
    }
    out
}

#[test]
fn the_teams_examples_cover_every_intent_in_twelve_languages_and_third_party_data_is_in() {
    let coverage = coverage();
    for language in ["en", "zh", "es", "pt", "fr", "de", "ru", "ar", "ja", "ko", "tr", "it"] {
        for intent in Intent::ALL {
            let n = coverage.get(&(intent, language.to_owned())).copied().unwrap_or(0);
            assert!(n >= 10, "{language} {intent:?}: {n} examples");
        }
    }
    let folds: std::collections::BTreeSet<&str> = examples().into_iter().map(|(_, f)| f).collect();
    for fold in ["bitext", "clinc", "nlupp", "banking77", "team-1", "team-4"] {
        assert!(folds.contains(fold), "{fold} in {folds:?}");
    }
}

#[test]
fn the_compiled_in_model_was_fitted_on_the_compiled_in_examples() {
    let model: Model = serde_json::from_str(FITTED).expect("knowledge/intents/model.json parses");
    assert_eq!(
        model.examples,
        examples_hash(&examples()),
        "the examples changed since the model was fitted: run `kefu intents fit` and commit knowledge/intents/model.json"
    );
    assert_eq!((model.format, model.intents.len(), model.weights.len()), (FIT_VERSION, INTENTS, INTENTS));
    let inputs = if model.hidden.is_empty() { model.mean.len() } else { model.hidden.len() };
    assert!(model.weights.iter().all(|w| w.len() == inputs));
    assert!(model.hidden.iter().all(|w| w.len() == model.mean.len()));
    assert_eq!(model.hidden.len(), model.hidden_bias.len());
    assert!(model.temperature > 0.0);
}

/// Two-dimensional "embeddings" of three intents, around three corners.
fn toy_rows() -> Rows {
    let centres = [(Intent::OrderStatus, [1.0, 0.0]), (Intent::Shipping, [0.0, 1.0]), (Intent::Other, [-1.0, -1.0])];
    let mut rows = Rows { classes: Vec::new(), features: Vec::new() };
    let mut seed = 7u64;
    for (intent, centre) in centres {
        for _ in 0..60 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let jitter = |s: u64| ((s >> 33) % 1000) as f32 / 1000.0 - 0.5;
            let mut f = vec![centre[0] + 0.6 * jitter(seed), centre[1] + 0.6 * jitter(seed >> 7)];
            f.extend([0.0; INTENTS]);
            rows.classes.push(index(intent));
            rows.features.push(f);
        }
    }
    rows
}

#[test]
fn a_fit_separates_what_is_separable_and_its_probabilities_sum_to_one() {
    let linear = FitOptions { hidden: 0, epochs: 40, learning_rate: 0.01, ..FitOptions::default() };
    for options in [FitOptions::default(), linear] {
        separates(options);
    }
}

fn separates(options: FitOptions) {
    let rows = toy_rows();
    let model = fit(&rows, "toy", "h", options);
    assert_eq!(model.hidden.len(), options.hidden);
    let right = rows
        .features
        .iter()
        .zip(&rows.classes)
        .filter(|(f, c)| {
            let p = model.probabilities(f, &[0.0; INTENTS]);
            assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-4);
            p.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map(|(i, _)| i) == Some(**c)
        })
        .count();
    assert!(right as f32 / rows.classes.len() as f32 > 0.97, "{right} of {}", rows.classes.len());
    let again = fit(&rows, "toy", "h", options);
    assert_eq!(model, again, "the same data fits the same weights");
}

#[test]
fn the_temperature_cools_overconfident_held_out_predictions() {
    // Held-out logits that are sure and wrong a third of the time want a temperature above 1.
    let held_out: Vec<(usize, Vec<f32>)> =
        (0..30).map(|i| (if i % 3 == 0 { 1 } else { 0 }, vec![8.0, 0.0, 0.0])).collect();
    assert!(calibrate(&held_out) > 2.0);
    let right: Vec<(usize, Vec<f32>)> = (0..30).map(|_| (0, vec![2.0, 0.0, 0.0])).collect();
    assert!(calibrate(&right) < 1.0, "always right: sharper");
}

#[test]
fn a_shops_own_example_leans_the_message_to_its_intent() {
    let examples =
        ShopExamples { source: vec![], intents: vec![index(Intent::Discount)], vectors: vec![vec![1.0, 0.0]] };
    let lean = examples.lean(&[0.99, 0.141]);
    assert!(lean[index(Intent::Discount)] > 5.0, "{lean:?}");
    assert_eq!(examples.lean(&[0.0, 1.0]), [0.0; INTENTS], "far from it: no lean");
}
