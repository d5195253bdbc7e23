//! The conversation log's contract (`ConversationLog`), on every store.

use super::contract;
use crate::conversation::log::{Appended, LogError};
use crate::domain::{ConversationId, ConversationKey, EntryBody, Intent, Language, Owner, ShopId};

fn key(shop: &str, id: &str) -> ConversationKey {
    ConversationKey { shop: ShopId::parse(shop).unwrap(), id: ConversationId::parse(id).unwrap() }
}

fn bot(reply_to: u64) -> EntryBody {
    EntryBody::Bot {
        reply_to,
        text: "hi".into(),
        language: Language::english(),
        intent: Intent::Greeting,
        confidence: 0.9,
        sources: vec![],
        notes: Default::default(),
    }
}

fn handoff(reply_to: u64) -> EntryBody {
    EntryBody::Handoff {
        reply_to,
        reason: crate::domain::HandoffReason::HumanRequest,
        text: "a person will reply".into(),
        language: Language::english(),
        expected_wait_secs: 60,
        intent: None,
        notes: Default::default(),
    }
}

fn person(id: &str) -> crate::domain::AgentRef {
    crate::domain::AgentRef { id: id.into(), name: id.to_uppercase() }
}

contract! {

    async fn appends_get_consecutive_seqs_and_read_back_in_order(scratch) {
        let store = &*scratch.store;
        let k = key("shop", "c1");
        assert_eq!(
            store.append_buyer(&k, "m1", "one", &[], None, None, None).await.unwrap(),
            Appended { seq: 1, duplicate: false }
        );
        assert_eq!(store.append(&k, bot(1)).await.unwrap().seq, 2);
        assert_eq!(store.append_buyer(&k, "m2", "two", &[], None, None, None).await.unwrap().seq, 3);

        let all = store.entries_after(&k, 0, 100).await.unwrap();
        assert_eq!(all.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 2, 3]);
        let tail = store.entries_after(&k, 1, 1).await.unwrap();
        assert_eq!(tail.len(), 1);
        assert_eq!(tail[0].seq, 2);
        let recent = store.recent(&k, 2).await.unwrap();
        assert_eq!(recent.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![2, 3]);
        let meta = store.open(&k, None).await.unwrap().unwrap();
        assert_eq!((meta.last_seq, meta.answered_through), (3, 1));
}

    async fn a_repeated_client_msg_id_writes_nothing(scratch) {
        let store = &*scratch.store;
        let k = key("shop", "c1");
        store.append_buyer(&k, "m1", "one", &[], None, None, None).await.unwrap();
        let again = store.append_buyer(&k, "m1", "one, resent", &[], None, None, None).await.unwrap();
        assert_eq!(again, Appended { seq: 1, duplicate: true });
        assert_eq!(store.entries_after(&k, 0, 100).await.unwrap().len(), 1);
}

    async fn shops_never_see_each_others_conversations(scratch) {
        let store = &*scratch.store;
        let a = key("shop-a", "same");
        let b = key("shop-b", "same");
        store.append_buyer(&a, "m1", "secret of a", &[], None, None, None).await.unwrap();
        assert!(store.open(&b, None).await.unwrap().is_none());
        assert!(store.entries_after(&b, 0, 100).await.unwrap().is_empty());
        assert!(
            matches!(store.append(&b, bot(1)).await, Err(LogError::NotFound)),
            "no reply into a conversation that does not exist"
        );
        store.append_buyer(&b, "m1", "b's own", &[], None, None, None).await.unwrap();
        let a_entries = store.entries_after(&a, 0, 100).await.unwrap();
        assert_eq!(a_entries.len(), 1, "b's message did not land in a's conversation");
        // A prefix of one shop's id is not a way into another's.
        let short = key("shop", "a");
        assert!(store.open(&short, None).await.unwrap().is_none());
}

    async fn a_conversation_exists_from_its_first_message_with_its_locale(scratch) {
        let store = &*scratch.store;
        let k = key("shop", "c1");
        assert!(store.open(&k, None).await.unwrap().is_none());
        store.append_buyer(&k, "m1", "hola", &[], None, Language::parse("es"), None).await.unwrap();
        let meta = store.open(&k, None).await.unwrap().unwrap();
        assert_eq!((meta.last_seq, meta.locale), (1, Language::parse("es")));
        let meta = store.open(&k, Language::parse("pt")).await.unwrap().unwrap();
        assert_eq!(meta.locale, Language::parse("pt"), "a new locale replaces the old");
}

    async fn a_locale_change_racing_appends_never_moves_last_seq_back(scratch) {
        let store = &*scratch.store;
        let k = key("shop", "c1");
        store.append_buyer(&k, "m0", "hi", &[], None, None, None).await.unwrap();
        let appends = {
            let (store, k) = (scratch.store.clone(), k.clone());
            tokio::spawn(async move {
                for n in 1..=200 {
                    store.append_buyer(&k, &format!("m{n}"), "again", &[], None, None, None).await.unwrap();
                }
            })
        };
        let opens = {
            let (store, k) = (scratch.store.clone(), k.clone());
            tokio::spawn(async move {
                for n in 0..400 {
                    let locale = if n % 2 == 0 { "es" } else { "pt" };
                    store.open(&k, Language::parse(locale)).await.unwrap();
                }
            })
        };
        appends.await.unwrap();
        opens.await.unwrap();
        let meta = store.open(&k, None).await.unwrap().unwrap();
        assert_eq!(meta.last_seq, 201, "every append counted");
        let seqs: Vec<u64> = store.entries_after(&k, 0, 1000).await.unwrap().iter().map(|e| e.seq).collect();
        assert_eq!(seqs, (1..=201).collect::<Vec<u64>>(), "no entry overwritten, no gap");
}

    async fn a_handoff_passes_the_conversation_to_a_person(scratch) {
        let store = &*scratch.store;
        let k = key("shop", "c1");
        store.append_buyer(&k, "m1", "human please", &[], None, None, None).await.unwrap();
        let body = EntryBody::Handoff {
            reply_to: 1,
            reason: crate::domain::HandoffReason::HumanRequest,
            text: "A person will reply".into(),
            language: Language::english(),
            expected_wait_secs: 600,
            intent: Some(Intent::HumanRequest),
            notes: Default::default(),
        };
        store.append(&k, body).await.unwrap();
        let meta = store.open(&k, None).await.unwrap().unwrap();
        assert_eq!(meta.owner, Owner::Human);
        assert_eq!(meta.answered_through, 1);
        let queue = store.handoffs(&k.shop).await.unwrap();
        assert_eq!(queue.len(), 1);
        assert_eq!((queue[0].conversation.as_str(), queue[0].seq, queue[0].intent), ("c1", 2, Some(Intent::HumanRequest)));
        assert!(store.handoffs(&ShopId::parse("other").unwrap()).await.unwrap().is_empty(), "queues are per shop");
        let scratch = scratch.reopen().await;
        let reopened = &*scratch.store;
        assert_eq!(reopened.handoffs(&k.shop).await.unwrap().len(), 1, "the queue is persistent");
}

    async fn data_survives_reopening(scratch) {
        let k = key("shop", "c1");
        scratch.store.append_buyer(&k, "m1", "¿dónde está mi pedido?", &[], None, Language::parse("es"), None).await.unwrap();
        let scratch = scratch.reopen().await;
        let store = &*scratch.store;
        let entries = store.entries_after(&k, 0, 10).await.unwrap();
        assert_eq!(entries.len(), 1);
        let meta = store.open(&k, None).await.unwrap().unwrap();
        assert_eq!(meta.locale, Language::parse("es"));
}

    async fn mark_seen_never_goes_backwards_or_past_the_end(scratch) {
        let store = &*scratch.store;
        let k = key("shop", "c1");
        store.append_buyer(&k, "m1", "a", &[], None, None, None).await.unwrap();
        store.append_buyer(&k, "m2", "b", &[], None, None, None).await.unwrap();
        store.mark_seen(&k, 2).await.unwrap();
        store.mark_seen(&k, 1).await.unwrap();
        store.mark_seen(&k, 9).await.unwrap();
        assert_eq!(store.open(&k, None).await.unwrap().unwrap().client_seen, 2);
}

    async fn a_claim_holds_only_if_nobody_took_it_first_and_a_resolve_gives_it_back(scratch) {
        let store = &*scratch.store;
        let k = key("shop", "c1");
        store.append_buyer(&k, "m1", "a person please", &[], None, None, None).await.unwrap();
        let reply = EntryBody::Agent {
            agent: person("ann"),
            text: "hi".into(),
            language: Language::english(),
            original: "hi".into(),
        };
        assert!(matches!(store.append(&k, reply.clone()).await, Err(LogError::NotQueued)), "nothing to answer yet");
        store.append(&k, handoff(1)).await.unwrap();

        store.append(&k, EntryBody::Claimed { agent: person("ann"), from: None }).await.unwrap();
        let late = store.append(&k, EntryBody::Claimed { agent: person("bob"), from: None }).await;
        assert!(matches!(late, Err(LogError::ClaimedBy(Some(ref holder))) if holder.id == "ann"), "{late:?}");
        let transfer = EntryBody::Claimed { agent: person("bob"), from: Some(person("ann")) };
        store.append(&k, transfer).await.unwrap();
        assert_eq!(store.ticket(&k).await.unwrap().unwrap().claimed_by.unwrap().id, "bob");

        store.append_buyer(&k, "m2", "still there?", &[], None, None, None).await.unwrap();
        store.append(&k, reply).await.unwrap();
        let meta = store.open(&k, None).await.unwrap().unwrap();
        assert_eq!((meta.owner, meta.answered_through), (Owner::Human, meta.last_seq), "the agent's reply answers it");
        store.append(&k, EntryBody::Resolved { agent: person("bob") }).await.unwrap();
        assert!(store.ticket(&k).await.unwrap().is_none());
        assert!(store.handoffs(&k.shop).await.unwrap().is_empty());
        assert_eq!(store.open(&k, None).await.unwrap().unwrap().owner, Owner::Bot);
}

    async fn an_unsure_answer_is_kept_for_review_with_its_question(scratch) {
        use crate::domain::Verdict;
        let store = &*scratch.store;
        let k = key("shop", "c1");
        store.append_buyer(&k, "m1", "is it cotton?", &[], None, None, None).await.unwrap();
        store.append(&k, bot(1)).await.unwrap();
        assert!(store.reviews(&k.shop, 10).await.unwrap().is_empty(), "a sure answer is not reviewed");
        store.append_buyer(&k, "m2", "and linen?", &[], None, None, None).await.unwrap();
        let mut unsure = bot(3);
        if let EntryBody::Bot { notes, confidence, .. } = &mut unsure {
            notes.unsure = true;
            *confidence = 0.42;
        }
        let entry = store.append(&k, unsure).await.unwrap();
        let reviews = store.reviews(&k.shop, 10).await.unwrap();
        assert_eq!(reviews.len(), 1);
        assert_eq!((reviews[0].question.as_str(), reviews[0].seq, reviews[0].verdict), ("and linen?", entry.seq, None));
        assert!(store.set_verdict(&k.shop, "c1", entry.seq, Verdict::Wrong).await.unwrap());
        assert!(!store.set_verdict(&k.shop, "c1", 99, Verdict::Wrong).await.unwrap());
        assert!(!store.set_verdict(&ShopId::parse("other").unwrap(), "c1", entry.seq, Verdict::Right).await.unwrap());
        assert_eq!(store.reviews(&k.shop, 10).await.unwrap()[0].verdict, Some(Verdict::Wrong));
}

    async fn a_persons_reply_in_a_marketplace_conversation_enters_its_outbox_in_the_same_write(scratch) {
        use crate::channels::Platform;
        let store = &*scratch.store;
        let (widget, market) = (key("shop", "w-1"), key("shop", "tiktok.conv-9"));
        store.link(&market, Platform::Tiktok, "conv-9").await.unwrap();
        for k in [&widget, &market] {
            store.append_buyer(k, "m1", "a person please", &[], None, None, None).await.unwrap();
            store.append(k, handoff(1)).await.unwrap();
            store.append(k, EntryBody::Claimed { agent: person("ann"), from: None }).await.unwrap();
            let reply = EntryBody::Agent {
                agent: person("ann"),
                text: "On its way".into(),
                language: Language::english(),
                original: "On its way".into(),
            };
            store.append(k, reply).await.unwrap();
        }
        let outbox = store.undelivered().await.unwrap();
        assert_eq!(outbox.len(), 2, "only the marketplace conversation's notice and reply: {outbox:?}");
        let reply = &outbox[1];
        assert_eq!(
            (reply.platform, reply.conversation.as_str(), reply.text.as_str()),
            (Platform::Tiktok, "conv-9", "On its way")
        );
        assert_eq!(reply.reply_to, "agent-4");
}

    async fn a_marketplace_conversations_reply_is_queued_in_the_write_that_stores_it(scratch) {
        use crate::channels::Platform;
        let store = &*scratch.store;
        let (k, web) = (key("shop", "generic.c-42"), key("shop", "c1"));
        store.link(&k, Platform::Generic, "c-42").await.unwrap();
        store.append_buyer(&k, "m-7", "is it cotton?", &[], None, None, None).await.unwrap();
        store.append(&k, bot(1)).await.unwrap();
        store.append_buyer(&web, "w-1", "is it cotton?", &[], None, None, None).await.unwrap();
        store.append(&web, bot(1)).await.unwrap();
        let queued = store.undelivered().await.unwrap();
        assert_eq!(queued.len(), 1, "only the marketplace conversation's: {queued:?}");
        let reply = &queued[0];
        assert_eq!(
            (reply.platform, reply.conversation.as_str(), reply.reply_to.as_str(), reply.text.as_str()),
            (Platform::Generic, "c-42", "m-7", "hi")
        );
        assert!(reply.buyer_at_ms > 0);
}


    async fn two_nodes_appending_at_once_leave_no_gap_and_no_duplicate(scratch) {
        let Some(other) = scratch.second_node().await else { return };
        let k = key("shop", "c1");
        let write = |store: std::sync::Arc<dyn crate::storage::contract::Store>, side: &'static str| {
            let k = k.clone();
            tokio::spawn(async move {
                for n in 0..60 {
                    store.append_buyer(&k, &format!("{side}{n}"), "hi", &[], None, None, None).await.unwrap();
                    // The same resend reaching both nodes is stored once.
                    store.append_buyer(&k, &format!("both{n}"), "hi", &[], None, None, None).await.unwrap();
                }
            })
        };
        let (a, b) = (write(scratch.store.clone(), "a"), write(other.clone(), "b"));
        a.await.unwrap();
        b.await.unwrap();
        let seqs: Vec<u64> = other.entries_after(&k, 0, 1000).await.unwrap().iter().map(|e| e.seq).collect();
        assert_eq!(seqs, (1..=180).collect::<Vec<u64>>(), "60 + 60 + 60 once each, 1, 2, 3 … without gaps");
        assert_eq!(scratch.store.open(&k, None).await.unwrap().unwrap().last_seq, 180);
    }

    async fn a_turn_lock_keeps_a_second_node_out_until_it_is_released(scratch) {
        let Some(other) = scratch.second_node().await else { return };
        let (k, elsewhere) = (key("shop", "c1"), key("shop", "c2"));
        let held = scratch.store.turn_lock(&k).await.unwrap();
        // Another conversation's lock is free.
        drop(other.turn_lock(&elsewhere).await.unwrap());
        let waiting = {
            let (other, k) = (other.clone(), k.clone());
            tokio::spawn(async move { other.turn_lock(&k).await.map(drop) })
        };
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(!waiting.is_finished(), "the second node waits for the first's turn");
        drop(held);
        tokio::time::timeout(std::time::Duration::from_secs(10), waiting)
            .await
            .expect("released when the guard drops")
            .unwrap()
            .unwrap();
    }

    async fn a_message_with_a_nul_character_is_stored_not_refused(scratch) {
        // PostgreSQL cannot hold U+0000: it keeps U+FFFD in its place (sled keeps the character).
        let k = key("shop", "c1");
        let text = "size\0M please";
        scratch.store.append_buyer(&k, "m1", text, &[], None, None, Some("buyer\0id")).await.unwrap();
        let entries = scratch.store.entries_after(&k, 0, 10).await.unwrap();
        let EntryBody::Buyer { text: stored, .. } = &entries.last().unwrap().body else { panic!("{entries:?}") };
        assert_eq!(stored.replace('\0', "\u{fffd}"), "size\u{fffd}M please");
    }
}
