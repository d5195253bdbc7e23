use std::collections::BTreeSet;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use super::*;

/// Variables a pattern refers to, inside selectors too.
fn variables(pattern: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        Expression::Inline(inline) => inline_variables(inline, out),
        Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                variables(&variant.value, out);
            }
        }
    }
}

fn inline_variables(inline: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, out),
        InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, out);
            }
        }
        InlineExpression::StringLiteral { .. }
        | InlineExpression::NumberLiteral { .. }
        | InlineExpression::MessageReference { .. }
        | InlineExpression::TermReference { .. } => {}
    }
}

/// Message id → the variables it uses, for one locale file.
fn messages(text: &str) -> Vec<(String, BTreeSet<String>)> {
    let resource = fluent_syntax::parser::parse(text).unwrap_or_else(|(_, errors)| panic!("{errors:?}"));
    resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            Entry::Message(message) => {
                let mut used = BTreeSet::new();
                if let Some(value) = &message.value {
                    variables(value, &mut used);
                }
                Some((message.id.name.to_owned(), used))
            }
            Entry::Junk { content } => panic!("junk in a locale file: {content}"),
            Entry::Term(_) | Entry::Comment(_) | Entry::GroupComment(_) | Entry::ResourceComment(_) => None,
        })
        .collect()
}

#[test]
fn every_locale_has_every_message_with_the_same_variables() {
    let english = messages(LOCALES[0].1);
    assert!(english.len() >= 30, "en.ftl has {} messages", english.len());
    for (tag, text) in LOCALES {
        let theirs = messages(text);
        let ids: Vec<&String> = theirs.iter().map(|(id, _)| id).collect();
        let expected: Vec<&String> = english.iter().map(|(id, _)| id).collect();
        assert_eq!(ids, expected, "{tag}.ftl: messages differ from en.ftl");
        for ((id, used), (_, reference)) in theirs.iter().zip(&english) {
            assert_eq!(used, reference, "{tag}.ftl: {id} uses other variables than en.ftl");
        }
    }
}

#[test]
fn at_least_twelve_languages_are_written() {
    let templates = Templates::built_in();
    for tag in ["en", "zh-CN", "zh-TW", "es", "pt-BR", "fr", "de", "ru", "ar", "ja", "ko", "tr"] {
        let language = Language::parse(tag).unwrap();
        assert!(templates.speaks(&language), "{tag}");
        assert_eq!(templates.ids(templates.locale(&language).unwrap()), templates.ids("en"));
    }
}

#[test]
fn variables_appear_exactly_as_given() {
    let templates = Templates::built_in();
    let es = Language::parse("es-MX").unwrap();
    let text = templates.say(
        &es,
        "order-shipped",
        &[("order", "1002".into()), ("carrier", "Yanwen".into()), ("tracking", "UG574306162YP".into())],
    );
    assert!(text.contains("1002") && text.contains("Yanwen") && text.contains("UG574306162YP"), "{text}");
    assert!(!text.contains('\u{2068}'), "no isolation marks: {text:?}");
    let ar = Language::parse("ar").unwrap();
    let text = templates.say(&ar, "handoff", &[("minutes", 20u32.into())]);
    assert!(text.contains("20"), "{text}");
}

#[test]
fn aliases_and_primary_tags_find_a_locale_and_others_get_english() {
    let templates = Templates::built_in();
    let locale = |tag: &str| templates.locale(&Language::parse(tag).unwrap());
    assert_eq!(locale("zh"), Some("zh-cn"));
    assert_eq!(locale("zh-HK"), Some("zh-tw"));
    assert_eq!(locale("pt"), Some("pt-br"));
    assert_eq!(locale("fr-CA"), Some("fr"));
    assert_eq!(locale("sw"), None);
    let sw = Language::parse("sw").unwrap();
    assert_eq!(templates.say(&sw, "ask-country", &[]), templates.say(&Language::english(), "ask-country", &[]));
}

#[test]
fn weekdays_are_selected() {
    let templates = Templates::built_in();
    let text = templates.say(
        &Language::english(),
        "handoff-closed",
        &[("day", "mon".into()), ("time", "08:30".into()), ("timezone", "Asia/Shanghai".into())],
    );
    assert!(text.contains("Monday at 08:30 (Asia/Shanghai)"), "{text}");
}

#[test]
fn amounts_drop_zero_cents_only() {
    assert_eq!(amount(38.0), "38");
    assert_eq!(amount(9.8), "9.80");
    assert_eq!(amount(11715.0), "11715");
}
