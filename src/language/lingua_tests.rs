use std::sync::OnceLock;

use super::*;
use crate::domain::Intent;

fn detector() -> &'static LinguaDetector {
    static DETECTOR: OnceLock<LinguaDetector> = OnceLock::new();
    DETECTOR.get_or_init(LinguaDetector::new)
}

fn shop(default: &str, allowed: &[&str]) -> Shop {
    let mut shop = Shop::serving_any_language("s", Language::parse(default).unwrap());
    shop.languages = allowed.iter().map(|l| Language::parse(l).unwrap()).collect();
    shop
}

fn spoken(language: &str) -> Vec<Entry> {
    vec![Entry {
        seq: 2,
        at_ms: 0,
        body: EntryBody::Bot {
            reply_to: 1,
            text: "…".into(),
            language: Language::parse(language).unwrap(),
            intent: Intent::Greeting,
            confidence: 0.9,
            sources: vec![],
            notes: Default::default(),
        },
    }]
}

fn detect(text: &str, locale: Option<&str>, history: &[Entry]) -> String {
    let locale = locale.map(|l| Language::parse(l).unwrap());
    detector().detect(text, locale.as_ref(), &shop("en", &[]), history).language.as_str().to_owned()
}

#[test]
fn short_buyer_messages_in_many_languages() {
    let cases = [
        ("where is my order?", "en"),
        ("tracking hasnt moved for like 10 days", "en"),
        ("order 1132 status pls", "en"),
        ("¿Dónde está mi pedido?", "es"),
        ("¿Venden bicicletas?", "es"),
        ("mi pedido no llega", "es"),
        ("est-ce qu'il y a un bloc de score ?", "fr"),
        ("o vestido é forrado?", "pt"),
        ("quero trocar a cor da bolsa", "pt"),
        ("como eu carrego o helicóptero?", "pt"),
        ("j'ai eu un problème avec ma commande", "fr"),
        ("cadê meu pedido? ainda não chegou", "pt"),
        ("Où est ma commande ?", "fr"),
        ("Wo ist meine Bestellung?", "de"),
        ("dov'è il mio ordine?", "it"),
        ("waar blijft mijn bestelling", "nl"),
        ("gdzie jest moje zamówienie?", "pl"),
        ("Siparişim nerede?", "tr"),
        ("Где мой заказ?", "ru"),
        ("де моє замовлення?", "uk"),
        ("我的订单到哪了", "zh"),
        ("我的訂單到哪了？還沒收到", "zh-tw"),
        ("注文はどこですか", "ja"),
        ("주문 어디쯤이에요?", "ko"),
        ("طلبي وين؟", "ar"),
        ("đơn hàng của tôi đâu rồi", "vi"),
        ("dingdan dao le ma", "zh"),
        ("订单号 1042 什么时候发货", "zh"),
        ("pedido #88231 no llega", "es"),
        ("注文番号W2610377を取り消してください", "ja"),
        ("追跡番号 LX987654321CN が1週間更新されてない", "ja"),
        ("藤编孔雀椅现货有吗？要20把", "zh"),
        ("hola", "es"),
        ("oi", "pt"),
        ("ciao", "it"),
        ("merhaba", "tr"),
        ("gde moy zakaz", "ru"),
        ("chuumon mada todokanai", "ja"),
        ("baesong eonje wayo?", "ko"),
    ];
    for (text, expected) in cases {
        assert_eq!(detect(text, None, &[]), expected, "{text:?}");
    }
}

#[test]
fn a_message_with_little_evidence_keeps_the_conversations_language() {
    let spanish = spoken("es");
    for text in ["ok", "👍", "#W1234567", "ok 👍", "LX123456789CN", "https://shop.example/p/1"] {
        assert_eq!(detect(text, None, &spanish), "es", "{text:?}");
    }
    assert_eq!(detect("thank you so much, that helps a lot", None, &spanish), "en", "clear evidence switches");
    assert_eq!(detect("ok", Some("pt-BR"), &[]), "pt-br", "without a conversation, the widget's locale");
    assert_eq!(detect("123", None, &[]), "en", "with nothing at all, the shop's default");
    assert_eq!(detect("#1042", Some("pt-BR"), &[]), "pt-br");
    let chinese_shop = shop("zh", &[]);
    assert_eq!(detector().detect("123", None, &chinese_shop, &[]).language.as_str(), "zh");
}

#[test]
fn a_weak_guess_leans_on_the_conversation() {
    // "no" or "si" alone could be several languages; in a Spanish conversation they are Spanish.
    let spanish = spoken("es");
    for text in ["no gracias", "si claro", "vale"] {
        assert_eq!(detect(text, None, &spanish), "es", "{text:?}");
    }
}

#[test]
fn only_languages_the_shop_serves_are_chosen() {
    let serving = shop("pt", &["pt", "es", "en"]);
    let got = detector().detect("Где мой заказ?", None, &serving, &[]);
    assert_eq!(got.language.as_str(), "pt", "Russian is not served: the shop's default");
    let got = detector().detect("dónde está mi pedido", None, &serving, &[]);
    assert_eq!(got.language.as_str(), "es");
}

#[test]
fn pinyin_is_told_from_other_latin_text() {
    assert!(is_pinyin(&["dingdan", "dao", "le", "ma"]));
    assert!(is_pinyin(&["kuaidi", "danhao", "shi", "duoshao"]));
    assert!(!is_pinyin(&["dingdan", "please"]), "not every word is pinyin");
    assert!(!is_pinyin(&["ma", "le"]), "no word of shopping talk");
    assert!(!is_pinyin(&["hola", "quiero"]));
}

#[test]
fn codes_are_taken_out_of_words_not_the_words_with_them() {
    assert_eq!(strip_codes("注文番号W2610377を"), "注文番号を");
    assert_eq!(strip_codes("#W1234567"), "#");
    assert_eq!(strip_codes("hello"), "hello");
    assert_eq!(evidence("pedido 88231 no llega"), ["pedido", "no", "llega"]);
}
