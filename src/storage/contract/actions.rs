//! The order-action ledger's contract (`ActionStore`), on every store: one action per shop and
//! key even when two nodes insert it at once, state changes as compare-and-set, listing and
//! erasure.

use super::contract;
use crate::actions::store::{ActionRecord, ActionState};
use crate::domain::{ActionKind, AgentRef, ConversationId, Language, OrderAction, Proposal, ShopId};

fn shop(id: &str) -> ShopId {
    ShopId::parse(id).unwrap()
}

fn action(shop_id: &str, conversation: &str, key: &str, created_ms: u64) -> ActionRecord {
    ActionRecord {
        shop: shop(shop_id),
        conversation: ConversationId::parse(conversation).unwrap(),
        proposal: Proposal {
            key: key.into(),
            action: OrderAction {
                kind: ActionKind::Cancel,
                order_id: format!("order-{key}"),
                reason: None,
                address: None,
                items: vec![],
                exchange: vec![],
            },
            amount: 25.5,
            currency: "EUR".into(),
        },
        language: Language::english(),
        state: ActionState::AwaitingApproval,
        created_ms,
        updated_ms: created_ms,
        attempts: 0,
        decided_by: None,
        error: None,
    }
}

fn keys(records: &[ActionRecord]) -> Vec<&str> {
    records.iter().map(|r| r.proposal.key.as_str()).collect()
}

contract! {
    async fn an_action_is_stored_once_per_shop_and_key(scratch) {
        let store = &*scratch.store;
        let first = action("a", "c1", "k1", 1_000);
        assert_eq!(store.insert_action(&first).await.unwrap(), first);
        // The same key again — a retry, or another confirmation — gets what is stored.
        let again = ActionRecord { state: ActionState::Executing, created_ms: 2_000, ..action("a", "c2", "k1", 2_000) };
        assert_eq!(store.insert_action(&again).await.unwrap(), first);
        assert_eq!(store.action(&shop("a"), "k1").await.unwrap(), Some(first.clone()));
        // The same key in another shop is another action.
        let elsewhere = action("b", "c1", "k1", 3_000);
        assert_eq!(store.insert_action(&elsewhere).await.unwrap(), elsewhere);
        assert_eq!(store.action(&shop("b"), "k1").await.unwrap(), Some(elsewhere));
        assert_eq!(store.action(&shop("a"), "k2").await.unwrap(), None);
    }

    async fn a_state_change_happens_only_from_the_state_expected(scratch) {
        let store = &*scratch.store;
        let stored = store.insert_action(&action("a", "c1", "k1", 1_000)).await.unwrap();
        let approved = ActionRecord {
            state: ActionState::Executing,
            updated_ms: 2_000,
            decided_by: Some(AgentRef { id: "ann".into(), name: "Ann".into() }),
            ..stored.clone()
        };
        assert!(!store.update_action(&approved, ActionState::Executing).await.unwrap(), "not in that state");
        assert_eq!(store.action(&shop("a"), "k1").await.unwrap(), Some(stored));
        assert!(store.update_action(&approved, ActionState::AwaitingApproval).await.unwrap());
        assert_eq!(store.action(&shop("a"), "k1").await.unwrap(), Some(approved.clone()));
        // A second decision from the old state (another agent, a stale page) changes nothing.
        let rejected = ActionRecord { state: ActionState::Rejected, ..approved.clone() };
        assert!(!store.update_action(&rejected, ActionState::AwaitingApproval).await.unwrap());
        let done = ActionRecord { state: ActionState::Done, attempts: 1, ..approved.clone() };
        assert!(store.update_action(&done, ActionState::Executing).await.unwrap());
        // A record of the same state written again (an attempt counted) is a change like any.
        let failed =
            ActionRecord { state: ActionState::Failed, error: Some("refused by the shop".into()), ..done.clone() };
        assert!(store.update_action(&failed, ActionState::Done).await.unwrap());
        assert_eq!(store.action(&shop("a"), "k1").await.unwrap(), Some(failed));
        let missing = action("a", "c1", "missing", 1_000);
        assert!(!store.update_action(&missing, ActionState::AwaitingApproval).await.unwrap());
        assert_eq!(store.action(&shop("a"), "missing").await.unwrap(), None, "an update inserts nothing");
    }

    async fn a_shops_actions_are_listed_newest_first(scratch) {
        let store = &*scratch.store;
        let written = [("k1", 1_000), ("k3", 3_000), ("k2", 2_000), ("b-same-ms", 3_000), ("a-same-ms", 3_000)];
        for (key, created_ms) in written {
            store.insert_action(&action("a", "c1", key, created_ms)).await.unwrap();
        }
        store.insert_action(&action("b", "c1", "k9", 9_000)).await.unwrap();
        let listed = store.actions(&shop("a"), 10).await.unwrap();
        // One millisecond's actions by key.
        assert_eq!(keys(&listed), ["a-same-ms", "b-same-ms", "k3", "k2", "k1"]);
        assert_eq!(keys(&store.actions(&shop("a"), 2).await.unwrap()), ["a-same-ms", "b-same-ms"]);
        assert_eq!(keys(&store.actions(&shop("b"), 10).await.unwrap()), ["k9"]);
        assert!(store.actions(&shop("c"), 10).await.unwrap().is_empty());
    }

    async fn actions_are_erased_with_their_conversation_and_their_shop(scratch) {
        let store = &*scratch.store;
        for (shop_id, conversation, key) in
            [("a", "c1", "k1"), ("a", "c1", "k2"), ("a", "c10", "k3"), ("a", "c2", "k4"), ("b", "c1", "k5")]
        {
            store.insert_action(&action(shop_id, conversation, key, 1_000)).await.unwrap();
        }
        let c1 = ConversationId::parse("c1").unwrap();
        // c1's erasure leaves c10 (a longer id with the same start) and shop b's c1 alone.
        assert_eq!(store.erase_conversation_actions(&shop("a"), &c1).await.unwrap(), 2);
        assert_eq!(keys(&store.actions(&shop("a"), 10).await.unwrap()), ["k3", "k4"]);
        assert_eq!(store.erase_conversation_actions(&shop("a"), &c1).await.unwrap(), 0);
        assert_eq!(store.erase_shop_actions(&shop("a")).await.unwrap(), 2);
        assert!(store.actions(&shop("a"), 10).await.unwrap().is_empty());
        assert_eq!(keys(&store.actions(&shop("b"), 10).await.unwrap()), ["k5"]);
        // An erased key can be used again.
        let fresh = action("a", "c1", "k1", 5_000);
        assert_eq!(store.insert_action(&fresh).await.unwrap(), fresh);
    }

    async fn actions_outlive_a_restart(scratch) {
        let record = action("a", "c1", "k1", 1_000);
        scratch.store.insert_action(&record).await.unwrap();
        let scratch = scratch.reopen().await;
        assert_eq!(scratch.store.action(&shop("a"), "k1").await.unwrap(), Some(record.clone()));
        assert_eq!(scratch.store.insert_action(&action("a", "c2", "k1", 2_000)).await.unwrap(), record);
    }

    async fn two_nodes_storing_one_key_at_once_store_one_action(scratch) {
        // Sled is one process: the race is between tasks on the one store.
        let other = scratch.second_node().await.unwrap_or_else(|| scratch.store.clone());
        for round in 0..20 {
            let key = format!("k{round}");
            let mine = action("a", "c1", &key, 1_000);
            let theirs = ActionRecord { state: ActionState::Executing, ..action("a", "c2", &key, 2_000) };
            let (one, two) = (scratch.store.clone(), other.clone());
            let (m, t) = (mine.clone(), theirs.clone());
            let (a, b) = tokio::join!(
                tokio::spawn(async move { one.insert_action(&m).await.unwrap() }),
                tokio::spawn(async move { two.insert_action(&t).await.unwrap() }),
            );
            let (a, b) = (a.unwrap(), b.unwrap());
            assert_eq!(a, b, "round {round}: both nodes act on the one stored record");
            assert!(a == mine || a == theirs, "round {round}: {a:?}");
            assert_eq!(scratch.store.action(&shop("a"), &key).await.unwrap(), Some(a));
        }
        assert_eq!(scratch.store.actions(&shop("a"), 100).await.unwrap().len(), 20);
    }

    async fn two_nodes_deciding_one_action_at_once_change_it_once(scratch) {
        let other = scratch.second_node().await.unwrap_or_else(|| scratch.store.clone());
        for round in 0..20 {
            let stored = scratch.store.insert_action(&action("a", "c1", &format!("k{round}"), 1_000)).await.unwrap();
            let approved = ActionRecord { state: ActionState::Executing, ..stored.clone() };
            let rejected = ActionRecord { state: ActionState::Rejected, ..stored.clone() };
            let (one, two) = (scratch.store.clone(), other.clone());
            let (yes, no) = (approved.clone(), rejected.clone());
            let (a, b) = tokio::join!(
                tokio::spawn(async move { one.update_action(&yes, ActionState::AwaitingApproval).await.unwrap() }),
                tokio::spawn(async move { two.update_action(&no, ActionState::AwaitingApproval).await.unwrap() }),
            );
            let (a, b) = (a.unwrap(), b.unwrap());
            assert!(a != b, "round {round}: exactly one decision wins ({a}, {b})");
            let now = scratch.store.action(&shop("a"), &stored.proposal.key).await.unwrap().unwrap();
            assert_eq!(now, if a { approved } else { rejected }, "round {round}: the winner's record is stored");
        }
    }
}
