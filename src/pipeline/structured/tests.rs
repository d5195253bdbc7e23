use std::collections::HashMap;

use super::*;
use crate::domain::{ShopId, TurnNotes};
use crate::knowledge::{ShippingOption, TrackingEvent};

struct Data {
    orders: HashMap<String, Order>,
    shipping: Vec<ShippingOption>,
}

#[async_trait::async_trait]
impl ShopFacts for Data {
    async fn order(&self, _: &Shop, key: &str) -> Result<Option<Order>, StageError> {
        Ok(self.orders.get(key).cloned())
    }

    fn shipping(&self, _: &ShopId, country: &str) -> (Vec<ShippingOption>, bool) {
        let rows: Vec<ShippingOption> = self.shipping.iter().filter(|o| o.country == country).cloned().collect();
        if rows.is_empty() {
            (self.shipping.iter().filter(|o| o.country == "*").cloned().collect(), true)
        } else {
            (rows, false)
        }
    }

    fn tracking_url(&self, _: &ShopId, carrier: &str, tracking: &str) -> Option<String> {
        (carrier == "Yanwen").then(|| format!("https://track.example/{tracking}"))
    }

    fn catalogue(&self, _: &ShopId) -> std::sync::Arc<crate::knowledge::catalogue::Catalogue> {
        std::sync::Arc::default()
    }
}

fn order(id: &str, status: OrderStatus) -> Order {
    Order {
        buyer_id: None,
        platform_order_id: None,
        shipping_address: None,
        order_id: id.into(),
        buyer: None,
        email: Some(format!("buyer{id}@example.com")),
        phone: None,
        postcode: None,
        status,
        items: vec![],
        total: 70.8,
        currency: "USD".into(),
        destination_country: Some("MX".into()),
        carrier: Some("Yanwen".into()),
        tracking_number: Some("UG574306162YP".into()),
        shipped_at: Some("2026-09-11T20:50:00Z".into()),
        delivered_at: (status == OrderStatus::Delivered).then(|| "2026-09-29T00:16:00Z".into()),
        eta_min: Some("2026-09-23".into()),
        eta_max: Some("2026-10-01".into()),
        events: vec![TrackingEvent {
            time: "2026-09-17T16:11:00Z".into(),
            location: "墨西哥城".into(),
            description: "航班已到达目的地".into(),
        }],
        updated_at: None,
        line: 1,
    }
}

fn row(country: &str, carrier: &str, cost: f64) -> ShippingOption {
    ShippingOption {
        country: country.into(),
        carrier: carrier.into(),
        service: "Express".into(),
        cost,
        currency: "USD".into(),
        min_days: 3,
        max_days: 6,
        tracking_url: String::new(),
        notes: String::new(),
        line: 2,
    }
}

fn data() -> Data {
    Data {
        orders: HashMap::from([
            ("1002".to_owned(), order("1002", OrderStatus::Shipped)),
            ("1003".to_owned(), order("1003", OrderStatus::Delivered)),
        ]),
        shipping: vec![row("CL", "DHL", 38.0), row("CL", "China Post", 9.8), row("*", "EMS", 25.5)],
    }
}

struct Turn {
    intent: Intent,
    text: String,
    language: &'static str,
    slots: Entities,
    photo: bool,
    memory: Memory,
    /// The wording tests use a shop that gives orders to whoever names them.
    verification: OrderVerification,
}

fn turn(intent: Intent, language: &'static str) -> Turn {
    Turn {
        intent,
        text: String::new(),
        language,
        slots: Entities::default(),
        photo: false,
        memory: Memory::default(),
        verification: OrderVerification::None,
    }
}

impl Turn {
    fn order(mut self, id: &str) -> Turn {
        self.slots.order_id = Some(id.into());
        self
    }

    fn country(mut self, code: &str) -> Turn {
        self.slots.country = Some(code.into());
        self
    }

    async fn run(&self) -> Option<Drafted> {
        let mut shop = Shop::serving_any_language("gr", Language::parse("zh").unwrap());
        shop.name = "桂林藤艺工坊".into();
        shop.return_window_days = Some(14);
        shop.order_verification = self.verification;
        let language = Language::parse(self.language).unwrap();
        let attachments: Vec<Attachment> =
            if self.photo { vec![Attachment { kind: AttachmentKind::Image, url: None }] } else { vec![] };
        let data = data();
        let templates = Templates::built_in();
        let countries = Countries::built_in();
        let cx = Context {
            shop: &shop,
            text: &self.text,
            language: &language,
            intent: self.intent,
            slots: &self.slots,
            attachments: &attachments,
            memory: &self.memory,
            facts: &data,
            templates: &templates,
            countries: &countries,
            now: "2026-09-20T00:00:00Z".parse().unwrap(),
            history: &[],
            buyer_phone: None,
            buyer_id: None,
        };
        answer(&cx).await.unwrap()
    }
}

#[tokio::test]
async fn a_spanish_buyer_of_a_chinese_shop_gets_tracking_and_eta_in_spanish() {
    let drafted = turn(Intent::OrderStatus, "es").order("1002").run().await.unwrap();
    let text = &drafted.text;
    for fact in [
        "1002",
        "Yanwen",
        "UG574306162YP",
        "2026-09-23",
        "2026-10-01",
        "2026-09-17",
        "https://track.example/UG574306162YP",
    ] {
        assert!(text.contains(fact), "{fact} missing from {text}");
    }
    let spanish = Templates::built_in().say(
        &Language::parse("es").unwrap(),
        "order-eta",
        &[("from", "2026-09-23".into()), ("to", "2026-10-01".into())],
    );
    assert!(text.contains(&spanish), "{text}");
    assert!(!text.contains("航班"), "the shop's Chinese event text is not quoted to a Spanish buyer: {text}");
    assert_eq!(drafted.sources[0].id, "1002");
    assert_eq!(drafted.handoff, None);
}

#[tokio::test]
async fn without_an_order_number_the_bot_asks_for_it_in_the_buyers_language() {
    let drafted = turn(Intent::OrderStatus, "ar").run().await.unwrap();
    assert_eq!(drafted.awaiting, Some(Slot::Order));
    let english = Templates::built_in().say(&Language::english(), "ask-order-id", &[]);
    assert_ne!(drafted.text, english);
    assert!(drafted.text.chars().any(crate::lexicon::script::is_arabic), "{}", drafted.text);
}

#[tokio::test]
async fn an_unknown_order_is_said_and_asked_again() {
    let drafted = turn(Intent::OrderStatus, "en").order("9999").run().await.unwrap();
    assert!(drafted.text.contains("9999"));
    assert_eq!(drafted.awaiting, Some(Slot::Order));
    assert!(drafted.sources.is_empty());
}

#[tokio::test]
async fn a_delivered_order_says_when_and_what_to_do_if_it_is_missing() {
    let drafted = turn(Intent::OrderStatus, "en").order("1003").run().await.unwrap();
    assert!(drafted.text.contains("2026-09-29"), "{}", drafted.text);
    assert!(drafted.text.contains("neighbours"), "{}", drafted.text);
}

#[tokio::test]
async fn shipping_lists_the_countrys_options_or_the_catch_all() {
    let drafted = turn(Intent::Shipping, "pt-BR").country("CL").run().await.unwrap();
    assert!(
        drafted.text.contains("DHL") && drafted.text.contains("38") && drafted.text.contains("9.80"),
        "{}",
        drafted.text
    );
    assert!(drafted.text.contains("Chile"), "{}", drafted.text);
    assert_eq!(drafted.sources[0].id, "shipping.csv#CL");
    let other = turn(Intent::Shipping, "en").country("NZ").run().await.unwrap();
    assert!(
        other.text.contains("EMS") && other.text.contains("25.50") && other.text.contains("New Zealand"),
        "{}",
        other.text
    );
    assert_eq!(other.sources[0].id, "shipping.csv#*");
    let asked = turn(Intent::Shipping, "en").run().await.unwrap();
    assert_eq!(asked.awaiting, Some(Slot::Country));
}

#[tokio::test]
async fn the_return_window_runs_from_the_delivery_date() {
    let general = turn(Intent::ReturnsRefunds, "en").run().await.unwrap();
    assert!(general.text.contains("14"), "{}", general.text);
    let dated = turn(Intent::ReturnsRefunds, "en").order("1003").run().await.unwrap();
    assert!(dated.text.contains("2026-10-13"), "delivered 2026-09-29 + 14 days: {}", dated.text);
}

#[tokio::test]
async fn damaged_items_need_a_photo_and_then_a_person() {
    let asked = turn(Intent::DamagedWrongItem, "fr").run().await.unwrap();
    assert_eq!(asked.awaiting, Some(Slot::Photo));
    let mut with_photo = turn(Intent::DamagedWrongItem, "fr");
    with_photo.photo = true;
    assert_eq!(with_photo.run().await.unwrap().handoff, Some(HandoffReason::DamagedItem));
}

#[tokio::test]
async fn order_changes_go_to_a_person_once_the_order_is_known() {
    assert_eq!(turn(Intent::CancelOrder, "de").run().await.unwrap().awaiting, Some(Slot::Order));
    let known = turn(Intent::CancelOrder, "de").order("1002").run().await.unwrap();
    assert_eq!(known.handoff, Some(HandoffReason::OrderChange));
}

#[tokio::test]
async fn anger_that_persists_goes_to_a_person() {
    let first = turn(Intent::Complaint, "en").run().await.unwrap();
    assert_eq!(first.handoff, None);
    let mut again = turn(Intent::Complaint, "en");
    again.memory.notes = TurnNotes { angry: true, ..TurnNotes::default() };
    assert_eq!(again.run().await.unwrap().handoff, Some(HandoffReason::PersistentAnger));
}

#[tokio::test]
async fn a_number_that_is_one_of_the_shops_orders_is_taken_as_it() {
    let mut named = turn(Intent::OrderStatus, "zh-CN");
    named.text = "帮客户查一下1002这票到哪了".into();
    assert_eq!(named.run().await.unwrap().sources[0].id, "1002");
    let mut other = turn(Intent::OrderStatus, "en");
    other.text = "I ordered 300 baskets".into();
    assert_eq!(other.run().await.unwrap().awaiting, Some(Slot::Order), "300 is no order of the shop");
}

#[tokio::test]
async fn a_known_orders_destination_answers_the_shipping_question() {
    let drafted = turn(Intent::Shipping, "en").order("1002").run().await.unwrap();
    assert_eq!(drafted.awaiting, None);
    assert!(drafted.text.contains("EMS"), "Mexico has no rows: the catch-all: {}", drafted.text);
}

#[tokio::test]
async fn free_form_intents_are_left_to_retrieval() {
    assert_eq!(turn(Intent::ProductQuestion, "en").run().await, None);
    assert_eq!(turn(Intent::Payment, "en").run().await, None);
    assert_eq!(turn(Intent::Other, "en").run().await, None, "the FAQ may answer it");
}

#[tokio::test]
async fn an_orders_details_wait_until_the_buyer_shows_it_is_theirs() {
    let contact = |text: &str, memory: Memory| Turn {
        text: text.into(),
        memory,
        verification: OrderVerification::Contact,
        ..turn(Intent::OrderStatus, "en").order("1002")
    };
    let asked = contact("where is my order 1002?", Memory::default()).run().await.unwrap();
    assert_eq!(asked.awaiting, Some(Slot::Contact));
    assert!(asked.text.contains("1002") && asked.text.contains("e-mail"), "{}", asked.text);
    assert!(!asked.text.contains("UG574306162YP"), "no tracking before: {}", asked.text);
    let waiting =
        Memory { notes: TurnNotes { awaiting: Some(Slot::Contact), ..TurnNotes::default() }, ..Memory::default() };
    let wrong = contact("someone@example.com", waiting.clone()).run().await.unwrap();
    assert!(wrong.text.contains("does not match"), "{}", wrong.text);
    let right = contact("it's buyer1002@example.com", waiting).run().await.unwrap();
    assert!(right.awaiting.is_none() && right.text.contains("UG574306162YP"), "{}", right.text);

    let returns = Turn {
        text: "can I still return 1003?".into(),
        verification: OrderVerification::Contact,
        ..turn(Intent::ReturnsRefunds, "en").order("1003")
    };
    let text = returns.run().await.unwrap().text;
    assert!(text.contains("14") && !text.contains("2026-09-29"), "the window, not the order's dates: {text}");
}
