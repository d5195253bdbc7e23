//! The `ChannelQueue` contract: the inbox, links, cursors, deliveries and outbox, the same on
//! every store; and, where a second node can open the store, what two nodes polling one outbox
//! and storing one inbox may count on.

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use super::{Store, contract};
use crate::channels::queue::{ChannelQueue, NewOutbound};
use crate::channels::{Inbound, Outbound, Platform};
use crate::domain::{ConversationId, ConversationKey, ShopId, now_ms};

fn message(shop: &str, id: &str) -> Inbound {
    Inbound {
        platform: Platform::Generic,
        shop: ShopId::parse(shop).unwrap(),
        conversation: "c-1".into(),
        message_id: id.into(),
        text: "is it cotton?".into(),
        attachments: Vec::new(),
        locale: None,
        at_ms: 0,
        context: None,
        sender: None,
    }
}

fn reply(shop: &str, conversation: &str, text: &str) -> NewOutbound {
    NewOutbound {
        platform: Platform::Generic,
        shop: ShopId::parse(shop).unwrap(),
        conversation: conversation.into(),
        reply_to: "m-1".into(),
        buyer_at_ms: 7,
        text: text.into(),
    }
}

fn key(shop: &str, conversation: &str) -> ConversationKey {
    ConversationKey { shop: ShopId::parse(shop).unwrap(), id: ConversationId::parse(conversation).unwrap() }
}

/// The store as the port under test (its other ports share method names).
fn queue(store: &Arc<dyn Store>) -> &dyn ChannelQueue {
    &**store
}

fn ids(replies: &[Outbound]) -> Vec<u64> {
    replies.iter().map(|reply| reply.id).collect()
}

fn texts(replies: &[Outbound]) -> Vec<&str> {
    replies.iter().map(|reply| reply.text.as_str()).collect()
}

/// Far enough after a lease was taken that it has passed: the PostgreSQL lease is minutes.
const AFTER_THE_LEASE_MS: u64 = 3_600_000;

contract! {
    async fn only_a_shops_answered_messages_past_its_retention_are_deleted(scratch) {
        let store = queue(&scratch.store);
        let (old, waiting, other) = (message("a", "m-1"), message("a", "m-2"), message("b", "m-1"));
        for m in [&old, &waiting, &other] {
            assert!(store.receive(m).await.unwrap());
        }
        store.answered(&old).await.unwrap();
        store.answered(&other).await.unwrap();
        let shop = ShopId::parse("a").unwrap();
        assert_eq!(store.prune_inbox(&shop, 0).await.unwrap(), 0, "nothing is older than the epoch");
        assert_eq!(store.prune_inbox(&shop, now_ms() + 1).await.unwrap(), 1);
        assert!(store.receive(&old).await.unwrap(), "forgotten: a redelivery now is a new message");
        assert!(!store.receive(&other).await.unwrap(), "shop b's is kept");
        assert_eq!(store.pending().await.unwrap().len(), 2, "an unanswered message is never pruned");
    }

    async fn delivery_ids_are_forgotten_after_a_while(scratch) {
        let store = queue(&scratch.store);
        store.delivery_applied(Platform::Shopify, "w-1").await.unwrap();
        assert_eq!(store.prune_deliveries(0).await.unwrap(), 0);
        assert!(store.delivery_seen(Platform::Shopify, "w-1").await.unwrap());
        assert!(!store.delivery_seen(Platform::Generic, "w-1").await.unwrap(), "ids are per platform");
        assert_eq!(store.prune_deliveries(now_ms() + 1).await.unwrap(), 1);
        assert!(!store.delivery_seen(Platform::Shopify, "w-1").await.unwrap());
    }

    async fn the_inbox_stores_a_message_once_and_keeps_it_across_a_restart(scratch) {
        let (first, second) = (message("a", "m-1"), message("a", "m-2"));
        {
            let store = queue(&scratch.store);
            assert!(store.receive(&first).await.unwrap());
            assert!(!store.receive(&first).await.unwrap(), "a redelivery is not new");
            assert!(store.receive(&second).await.unwrap());
            store.answered(&first).await.unwrap();
        }
        scratch = scratch.reopen().await;
        let store = queue(&scratch.store);
        assert_eq!(store.pending().await.unwrap(), vec![second.clone()], "only the unanswered one waits");
        assert!(!store.receive(&first).await.unwrap(), "an answered message is still known");
        assert!(!store.receive(&second).await.unwrap());
    }

    async fn links_and_cursors_are_kept_per_shop(scratch) {
        let store = queue(&scratch.store);
        let (a, b) = (ShopId::parse("a").unwrap(), ShopId::parse("b").unwrap());
        assert_eq!(store.linked(&key("a", "generic.c-1")).await.unwrap(), None);
        store.link(&key("a", "generic.c-1"), Platform::Generic, "c-1").await.unwrap();
        store.link(&key("a", "generic.c-1"), Platform::Whatsapp, "c-9").await.unwrap();
        assert_eq!(
            store.linked(&key("a", "generic.c-1")).await.unwrap(),
            Some((Platform::Whatsapp, "c-9".to_owned())),
            "a new link replaces the old"
        );
        assert_eq!(store.linked(&key("b", "generic.c-1")).await.unwrap(), None, "links are per shop");

        assert_eq!(store.cursor(&a, Platform::Ebay).await.unwrap(), None);
        store.set_cursor(&a, Platform::Ebay, "p-1").await.unwrap();
        store.set_cursor(&a, Platform::Ebay, "p-2").await.unwrap();
        store.set_cursor(&a, Platform::Aliexpress, "x-1").await.unwrap();
        store.set_cursor(&b, Platform::Ebay, "q-1").await.unwrap();
        assert_eq!(store.cursor(&a, Platform::Ebay).await.unwrap().as_deref(), Some("p-2"));
        assert_eq!(store.cursor(&a, Platform::Aliexpress).await.unwrap().as_deref(), Some("x-1"));
        assert_eq!(store.cursor(&b, Platform::Ebay).await.unwrap().as_deref(), Some("q-1"));
    }

    async fn the_outbox_hands_out_due_replies_oldest_first_and_keeps_their_progress(scratch) {
        let store = queue(&scratch.store);
        store.enqueue(&[reply("a", "c-1", "one"), reply("a", "c-1", "two"), reply("b", "c-2", "three")]).await.unwrap();
        let all = store.undelivered().await.unwrap();
        assert_eq!(texts(&all), ["one", "two", "three"]);
        assert!(all.windows(2).all(|pair| pair[0].id < pair[1].id), "ids grow in enqueue order");
        let first = &all[0];
        assert_eq!((first.attempts, first.next_at_ms, first.pieces_sent, first.buyer_at_ms), (0, 0, 0, 7));
        let now = now_ms();
        assert_eq!(texts(&store.due(now, 2).await.unwrap()), ["one", "two"], "at most the limit, oldest first");

        // A failed attempt: the next one later, with what the platform already has.
        let busy = Some("busy".to_owned());
        let retried =
            Outbound { attempts: 1, next_at_ms: now + 60_000, pieces_sent: 1, last_error: busy, ..first.clone() };
        store.save(&retried).await.unwrap();
        let refused =
            Outbound { attempts: 1, next_at_ms: u64::MAX, last_error: Some("refused".into()), ..all[2].clone() };
        store.save(&refused).await.unwrap();
        let due = store.due(now, 10).await.unwrap();
        assert_eq!(texts(&due), ["two"], "not before its next attempt, and never when refused");
        assert_eq!(texts(&store.due(now + 60_000, 10).await.unwrap()), ["one", "two"]);

        store.delivered(all[1].id).await.unwrap();
        scratch = scratch.reopen().await;
        let store = queue(&scratch.store);
        assert_eq!(store.undelivered().await.unwrap(), vec![retried, refused], "progress is kept across a restart");
        assert_eq!(texts(&store.due(now + AFTER_THE_LEASE_MS, 10).await.unwrap()), ["one"], "never is never");
    }

    async fn a_node_is_handed_its_due_replies_again_until_it_saves_or_delivers_them(scratch) {
        // The outbox worker passes over a reply whose line is busy and expects it next round.
        let store = queue(&scratch.store);
        store.enqueue(&[reply("a", "c-1", "one"), reply("a", "c-1", "two")]).await.unwrap();
        let now = now_ms();
        let first = store.due(now, 10).await.unwrap();
        assert_eq!(texts(&first), ["one", "two"]);
        assert_eq!(store.due(now + 200, 10).await.unwrap(), first, "the same node gets them again");
        assert_eq!(texts(&store.due(now + 400, 1).await.unwrap()), ["one"], "oldest first within the limit");
        store.delivered(first[0].id).await.unwrap();
        assert_eq!(texts(&store.due(now + 600, 10).await.unwrap()), ["two"]);
    }

    async fn saving_a_reply_that_left_the_outbox_does_not_bring_it_back(scratch) {
        let store = queue(&scratch.store);
        store.enqueue(&[reply("a", "c-1", "one"), reply("a", "c-2", "two")]).await.unwrap();
        let all = store.undelivered().await.unwrap();
        // A send fails while the shop is deleted, or after the reply was delivered elsewhere.
        assert!(ChannelQueue::erase_shop(&*scratch.store, &ShopId::parse("a").unwrap()).await.unwrap() >= 2);
        for reply in &all {
            store.save(&Outbound { attempts: 1, next_at_ms: 1, ..reply.clone() }).await.unwrap();
        }
        assert!(store.undelivered().await.unwrap().is_empty(), "an erased reply stays erased");
    }

    async fn erasing_a_conversation_or_a_shop_removes_only_its_rows(scratch) {
        let store = queue(&scratch.store);
        let mut elsewhere = message("a", "m-2");
        elsewhere.conversation = "c-2".into();
        for m in [message("a", "m-1"), elsewhere.clone(), message("b", "m-1")] {
            assert!(store.receive(&m).await.unwrap());
        }
        store.enqueue(&[reply("a", "c-1", "one"), reply("a", "c-2", "two"), reply("b", "c-1", "three")]).await.unwrap();
        store.link(&key("a", "generic.c-1"), Platform::Generic, "c-1").await.unwrap();
        store.link(&key("a", "generic.c-2"), Platform::Generic, "c-2").await.unwrap();
        store.link(&key("b", "generic.c-1"), Platform::Generic, "c-1").await.unwrap();
        let (a, b) = (ShopId::parse("a").unwrap(), ShopId::parse("b").unwrap());
        store.set_cursor(&a, Platform::Ebay, "p-1").await.unwrap();
        store.set_cursor(&b, Platform::Ebay, "q-1").await.unwrap();

        let erased = store.erase(&key("a", "generic.c-1"), Platform::Generic, "c-1").await.unwrap();
        assert_eq!(erased, 2, "its inbox row and its reply");
        assert_eq!(store.linked(&key("a", "generic.c-1")).await.unwrap(), None);
        assert!(store.linked(&key("a", "generic.c-2")).await.unwrap().is_some());
        assert_eq!(store.pending().await.unwrap().len(), 2);
        assert_eq!(texts(&store.undelivered().await.unwrap()), ["two", "three"]);

        assert_eq!(ChannelQueue::erase_shop(&*scratch.store, &a).await.unwrap(), 2, "shop a's inbox row and reply");
        assert_eq!(store.pending().await.unwrap(), vec![message("b", "m-1")]);
        assert_eq!(texts(&store.undelivered().await.unwrap()), ["three"]);
        assert_eq!(store.linked(&key("a", "generic.c-2")).await.unwrap(), None);
        assert!(store.linked(&key("b", "generic.c-1")).await.unwrap().is_some());
        assert_eq!(store.cursor(&a, Platform::Ebay).await.unwrap(), None);
        assert_eq!(store.cursor(&b, Platform::Ebay).await.unwrap().as_deref(), Some("q-1"));
        assert!(store.receive(&elsewhere).await.unwrap(), "an erased message is forgotten");
    }

    async fn two_nodes_asking_at_once_are_never_handed_the_same_reply(scratch) {
        // Sled is one process: there is no second node to race.
        let Some(other) = scratch.second_node().await else { return };
        // Every reply its own line, so lines do not decide who gets what.
        let replies: Vec<NewOutbound> = (0..60).map(|n| reply(&format!("s{n}"), "c-1", &format!("r{n}"))).collect();
        queue(&scratch.store).enqueue(&replies).await.unwrap();
        let now = now_ms();
        // Each node's worker asks, "sends" what it was handed and asks again, as the outbox
        // worker does, while the other node does the same.
        let workers = [scratch.store.clone(), other.clone()].map(|store| {
            tokio::spawn(async move {
                let mut handed = Vec::new();
                loop {
                    let due = queue(&store).due(now, 3).await.unwrap();
                    if due.is_empty() {
                        return handed;
                    }
                    for reply in &due {
                        queue(&store).delivered(reply.id).await.unwrap();
                    }
                    handed.extend(ids(&due));
                }
            })
        });
        let mut sent: Vec<u64> = Vec::new();
        for worker in workers {
            sent.extend(worker.await.unwrap());
        }
        let once: BTreeSet<u64> = sent.iter().copied().collect();
        assert_eq!(once.len(), sent.len(), "a reply was handed out twice: {sent:?}");
        assert_eq!(once.len(), 60, "every reply was handed out");
    }

    async fn a_platform_and_shop_is_sent_by_one_node_at_a_time(scratch) {
        let Some(other) = scratch.second_node().await else { return };
        let (mine, theirs) = (queue(&scratch.store), queue(&other));
        mine.enqueue(&[reply("a", "c-1", "a1"), reply("b", "c-1", "b1"), reply("a", "c-2", "a2")]).await.unwrap();
        let now = now_ms();
        assert_eq!(texts(&mine.due(now, 1).await.unwrap()), ["a1"]);
        assert_eq!(texts(&theirs.due(now, 10).await.unwrap()), ["b1"], "shop a's line stays with the first node");
        assert_eq!(texts(&mine.due(now, 10).await.unwrap()), ["a1", "a2"], "its own first, then the rest of its line");
        assert!(theirs.due(now, 10).await.unwrap().iter().all(|reply| reply.text == "b1"));
    }

    async fn a_reply_leased_by_a_node_that_vanished_goes_to_another_after_the_lease(scratch) {
        let Some(other) = scratch.second_node().await else { return };
        let (gone, survivor) = (queue(&scratch.store), queue(&other));
        gone.enqueue(&[reply("a", "c-1", "one")]).await.unwrap();
        let now = now_ms();
        let leased = gone.due(now, 10).await.unwrap();
        assert_eq!(texts(&leased), ["one"]);
        // The first node now never saves it, nor asks again.
        assert!(survivor.due(now, 10).await.unwrap().is_empty(), "leased to the first node");
        assert!(survivor.due(now + 30_000, 10).await.unwrap().is_empty(), "still leased half a minute later");
        assert_eq!(survivor.due(now + AFTER_THE_LEASE_MS, 10).await.unwrap(), leased, "the lease has passed");
        assert!(gone.due(now + AFTER_THE_LEASE_MS, 10).await.unwrap().is_empty(), "now the other node's");
    }

    async fn a_saved_reply_is_free_for_any_node_when_it_comes_due(scratch) {
        let Some(other) = scratch.second_node().await else { return };
        let (first, second) = (queue(&scratch.store), queue(&other));
        first.enqueue(&[reply("a", "c-1", "one")]).await.unwrap();
        let now = now_ms();
        let leased = first.due(now, 10).await.unwrap().remove(0);
        let retried = Outbound { attempts: 1, next_at_ms: now + 1_000, last_error: Some("busy".into()), ..leased };
        first.save(&retried).await.unwrap();
        assert_eq!(second.due(now + 1_000, 10).await.unwrap(), vec![retried], "no lease to wait for");
    }

    async fn two_nodes_storing_one_message_at_once_store_it_once(scratch) {
        let Some(other) = scratch.second_node().await else { return };
        for n in 0..20 {
            let m = message("a", &format!("m-{n}"));
            let (mine, theirs) = (scratch.store.clone(), other.clone());
            let (m1, m2) = (m.clone(), m.clone());
            let (a, b) = tokio::join!(
                tokio::spawn(async move { queue(&mine).receive(&m1).await.unwrap() }),
                tokio::spawn(async move { queue(&theirs).receive(&m2).await.unwrap() }),
            );
            assert!(a.unwrap() ^ b.unwrap(), "exactly one node is told message {n} is new");
        }
        let pending: HashSet<String> =
            queue(&other).pending().await.unwrap().into_iter().map(|m| m.message_id).collect();
        assert_eq!(pending.len(), 20, "each stored once, seen by both nodes");
        assert_eq!(queue(&scratch.store).pending().await.unwrap().len(), 20);
    }
}
