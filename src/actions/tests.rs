use std::sync::Mutex;

use super::*;
use crate::domain::{ActionKind, ActionMode, ConversationId, Language, OrderStatus, Proposal};
use crate::knowledge::catalogue::Catalogue;
use crate::knowledge::{Order, ShippingOption};
use crate::storage::sled::SledStore;

/// One shop's orders, as they are now.
struct Orders(Mutex<Vec<Order>>);

#[async_trait::async_trait]
impl ShopFacts for Orders {
    async fn order(&self, _shop: &Shop, key: &str) -> Result<Option<Order>, StageError> {
        let orders = self.0.lock().unwrap();
        Ok(orders.iter().find(|o| crate::domain::order_key(&o.order_id) == crate::domain::order_key(key)).cloned())
    }
    fn shipping(&self, _shop: &ShopId, _country: &str) -> (Vec<ShippingOption>, bool) {
        (Vec::new(), false)
    }
    fn tracking_url(&self, _shop: &ShopId, _carrier: &str, _tracking: &str) -> Option<String> {
        None
    }
    fn catalogue(&self, _shop: &ShopId) -> Arc<Catalogue> {
        Arc::default()
    }
}

/// A destination that applies each key once and can fall silent after applying (the answer
/// lost, as in a crash between the call and kefu's record of it).
#[derive(Default)]
struct Recording {
    applied: Mutex<Vec<String>>,
    calls: Mutex<usize>,
    silent_once: Mutex<bool>,
}

#[async_trait::async_trait]
impl Destination for Recording {
    async fn apply(
        &self,
        _shop: &Shop,
        _order: &Order,
        _action: &OrderAction,
        key: &str,
    ) -> Result<(), DestinationError> {
        *self.calls.lock().unwrap() += 1;
        let mut applied = self.applied.lock().unwrap();
        if !applied.iter().any(|k| k == key) {
            applied.push(key.to_owned());
        }
        if std::mem::take(&mut *self.silent_once.lock().unwrap()) {
            return Err(DestinationError::Unreachable("timed out".into()));
        }
        Ok(())
    }
}

fn order(status: OrderStatus) -> Order {
    serde_json::from_value(serde_json::json!({"order_id": "#W1", "status": status.as_str(), "items": [],
        "total": 40.0, "currency": "USD"}))
    .unwrap()
}

fn shop(mode: ActionMode) -> Shop {
    let mut shop = Shop::serving_any_language("s1", Language::parse("en").unwrap());
    shop.actions.cancel = mode;
    shop
}

fn proposal(key: &str) -> Proposal {
    Proposal {
        key: key.into(),
        action: OrderAction {
            kind: ActionKind::Cancel,
            order_id: "#W1".into(),
            reason: None,
            address: None,
            items: Vec::new(),
            exchange: Vec::new(),
        },
        amount: 40.0,
        currency: "USD".into(),
    }
}

fn actions(store: Arc<SledStore>, orders: Arc<Orders>, destination: Arc<Recording>) -> Actions {
    let destinations = Destinations {
        embedded: destination.clone(),
        http: destination.clone(),
        shopify: destination.clone(),
        shopee: destination.clone(),
        lazada: destination.clone(),
        tiktok: destination,
    };
    Actions::new(store, orders, destinations)
}

async fn confirm(actions: &Actions, shop: &Shop, proposal: &Proposal, approval: bool) -> Acted {
    let conversation = ConversationId::parse("c1").unwrap();
    let language = Language::parse("en").unwrap();
    let confirmed = Confirmed {
        shop,
        conversation: &conversation,
        proposal,
        language: &language,
        approval,
        now: jiff::Timestamp::now(),
    };
    actions.confirmed(confirmed).await.unwrap()
}

fn agent() -> AgentRef {
    AgentRef { id: "a1".into(), name: "Ana".into() }
}

#[tokio::test]
async fn a_confirmed_action_is_carried_out_once_however_often_it_is_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SledStore::open(dir.path()).unwrap());
    let destination = Arc::new(Recording::default());
    let orders = Arc::new(Orders(Mutex::new(vec![order(OrderStatus::Pending)])));
    let actions = actions(store, orders, destination.clone());
    let shop = shop(ActionMode::Auto);
    assert_eq!(confirm(&actions, &shop, &proposal("k1"), false).await, Acted::Done);
    assert_eq!(confirm(&actions, &shop, &proposal("k1"), false).await, Acted::Done, "the same key again");
    assert_eq!(*destination.calls.lock().unwrap(), 1, "a key seen before is not sent again");
    // Another action under the same key is not carried out: a key is bound to its arguments.
    let mut other = proposal("k1");
    other.action.kind = ActionKind::Return;
    assert_eq!(confirm(&actions, &shop, &other, false).await, Acted::Refused(Refusal::NotAllowed));
    assert_eq!(*destination.calls.lock().unwrap(), 1);
}

#[tokio::test]
async fn an_action_whose_answer_was_lost_is_retried_with_the_same_key_and_happens_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SledStore::open(dir.path()).unwrap());
    let destination = Arc::new(Recording { silent_once: Mutex::new(true), ..Recording::default() });
    let orders = Arc::new(Orders(Mutex::new(vec![order(OrderStatus::Pending)])));
    let shop = shop(ActionMode::Auto);
    {
        let actions = actions(store.clone(), orders.clone(), destination.clone());
        assert_eq!(confirm(&actions, &shop, &proposal("k2"), false).await, Acted::Unreachable);
    }
    // The order changed meanwhile (the call did happen): the retry does not check the rules
    // again, it repeats the call with the same key.
    *orders.0.lock().unwrap() = vec![order(OrderStatus::Cancelled)];
    let actions = actions(store.clone(), orders, destination.clone());
    assert_eq!(confirm(&actions, &shop, &proposal("k2"), false).await, Acted::Done);
    assert_eq!(*destination.applied.lock().unwrap(), vec!["k2".to_owned()], "one key, one action");
    let record = store.action(&shop.id, "k2").await.unwrap().unwrap();
    assert_eq!((record.state, record.attempts), (ActionState::Done, 2));
}

#[tokio::test]
async fn an_approval_is_checked_again_and_a_decision_is_made_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SledStore::open(dir.path()).unwrap());
    let destination = Arc::new(Recording::default());
    let orders = Arc::new(Orders(Mutex::new(vec![order(OrderStatus::Pending)])));
    let actions = actions(store.clone(), orders.clone(), destination.clone());
    let shop = shop(ActionMode::Approve);
    assert_eq!(confirm(&actions, &shop, &proposal("k3"), true).await, Acted::AwaitingApproval);
    assert_eq!(*destination.calls.lock().unwrap(), 0, "nothing happens before the shop decides");
    let (record, acted) = actions.approve(&shop, "k3", agent(), jiff::Timestamp::now()).await.unwrap();
    assert_eq!((acted, record.state), (Acted::Done, ActionState::Done));
    assert!(matches!(
        actions.approve(&shop, "k3", agent(), jiff::Timestamp::now()).await,
        Err(DecisionError::NotWaiting("done"))
    ));
    assert!(matches!(
        actions.reject(&shop, "k3", agent(), jiff::Timestamp::now()).await,
        Err(DecisionError::NotWaiting(_))
    ));
    // The order shipped before the shop approved: the rules refuse it then.
    assert_eq!(confirm(&actions, &shop, &proposal("k4"), true).await, Acted::AwaitingApproval);
    *orders.0.lock().unwrap() = vec![order(OrderStatus::Shipped)];
    let (record, acted) = actions.approve(&shop, "k4", agent(), jiff::Timestamp::now()).await.unwrap();
    assert_eq!((acted, record.state), (Acted::Refused(Refusal::CancelShipped), ActionState::Refused));
    // Past approval_expires, an approval is refused and the action lapses.
    assert_eq!(confirm(&actions, &shop, &proposal("k5"), true).await, Acted::AwaitingApproval);
    let later = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(49);
    assert!(matches!(actions.approve(&shop, "k5", agent(), later).await, Err(DecisionError::NotWaiting("expired"))));
    assert_eq!(*destination.calls.lock().unwrap(), 1);
    // Another shop's action is not found.
    let other = Shop::serving_any_language("s2", Language::parse("en").unwrap());
    assert!(matches!(
        actions.reject(&other, "k4", agent(), jiff::Timestamp::now()).await,
        Err(DecisionError::NotFound)
    ));
}
