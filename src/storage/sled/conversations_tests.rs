use super::*;
use crate::domain::{ConversationId, Intent, ShopId};

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

#[tokio::test]
async fn appends_get_consecutive_seqs_and_read_back_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
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

#[tokio::test]
async fn a_repeated_client_msg_id_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
    let k = key("shop", "c1");
    store.append_buyer(&k, "m1", "one", &[], None, None, None).await.unwrap();
    let again = store.append_buyer(&k, "m1", "one, resent", &[], None, None, None).await.unwrap();
    assert_eq!(again, Appended { seq: 1, duplicate: true });
    assert_eq!(store.entries_after(&k, 0, 100).await.unwrap().len(), 1);
}

#[tokio::test]
async fn shops_never_see_each_others_conversations() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
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

#[tokio::test]
async fn a_conversation_exists_from_its_first_message_with_its_locale() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
    let k = key("shop", "c1");
    assert!(store.open(&k, None).await.unwrap().is_none());
    store.append_buyer(&k, "m1", "hola", &[], None, Language::parse("es"), None).await.unwrap();
    let meta = store.open(&k, None).await.unwrap().unwrap();
    assert_eq!((meta.last_seq, meta.locale), (1, Language::parse("es")));
    let meta = store.open(&k, Language::parse("pt")).await.unwrap().unwrap();
    assert_eq!(meta.locale, Language::parse("pt"), "a new locale replaces the old");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locale_change_racing_appends_never_moves_last_seq_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
    let k = key("shop", "c1");
    store.append_buyer(&k, "m0", "hi", &[], None, None, None).await.unwrap();
    let appends = {
        let (store, k) = (store.clone(), k.clone());
        tokio::spawn(async move {
            for n in 1..=200 {
                store.append_buyer(&k, &format!("m{n}"), "again", &[], None, None, None).await.unwrap();
            }
        })
    };
    let opens = {
        let (store, k) = (store.clone(), k.clone());
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

#[tokio::test]
async fn a_handoff_passes_the_conversation_to_a_person() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
    let k = key("shop", "c1");
    store.append_buyer(&k, "m1", "human please", &[], None, None, None).await.unwrap();
    let body = EntryBody::Handoff {
        reply_to: 1,
        reason: crate::conversation::log::HandoffReason::HumanRequest,
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
    drop(store);
    let reopened = SledStore::open(dir.path()).unwrap();
    assert_eq!(reopened.handoffs(&k.shop).await.unwrap().len(), 1, "the queue is persistent");
}

#[tokio::test]
async fn data_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let k = key("shop", "c1");
    {
        let store = SledStore::open(dir.path()).unwrap();
        store.append_buyer(&k, "m1", "¿dónde está mi pedido?", &[], None, Language::parse("es"), None).await.unwrap();
    }
    let store = SledStore::open(dir.path()).unwrap();
    let entries = store.entries_after(&k, 0, 10).await.unwrap();
    assert_eq!(entries.len(), 1);
    let meta = store.open(&k, None).await.unwrap().unwrap();
    assert_eq!(meta.locale, Language::parse("es"));
}

#[test]
fn a_second_open_of_the_same_data_dir_gets_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let _first = SledStore::open(dir.path()).unwrap();
    let err = SledStore::open(dir.path()).err().expect("the second open is refused").to_string();
    assert!(err.contains("in use by another kefu process"), "{err}");
}

#[test]
fn an_unknown_format_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    {
        let db = ::sled::open(dir.path().join("kefu.sled")).unwrap();
        db.open_tree("meta").unwrap().insert("format_version", &99u32.to_be_bytes()).unwrap();
        db.flush().unwrap();
    }
    let err = SledStore::open(dir.path()).err().expect("refused").to_string();
    assert!(err.contains("format version 99"), "{err}");
}

#[tokio::test]
async fn mark_seen_never_goes_backwards_or_past_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
    let k = key("shop", "c1");
    store.append_buyer(&k, "m1", "a", &[], None, None, None).await.unwrap();
    store.append_buyer(&k, "m2", "b", &[], None, None, None).await.unwrap();
    store.mark_seen(&k, 2).await.unwrap();
    store.mark_seen(&k, 1).await.unwrap();
    store.mark_seen(&k, 9).await.unwrap();
    assert_eq!(store.open(&k, None).await.unwrap().unwrap().client_seen, 2);
}

fn handoff(reply_to: u64) -> EntryBody {
    EntryBody::Handoff {
        reply_to,
        reason: crate::conversation::log::HandoffReason::HumanRequest,
        text: "a person will reply".into(),
        language: Language::english(),
        expected_wait_secs: 60,
        intent: None,
        notes: Default::default(),
    }
}

fn person(id: &str) -> crate::conversation::log::AgentRef {
    crate::conversation::log::AgentRef { id: id.into(), name: id.to_uppercase() }
}

#[tokio::test]
async fn a_claim_holds_only_if_nobody_took_it_first_and_a_resolve_gives_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
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

#[tokio::test]
async fn an_unsure_answer_is_kept_for_review_with_its_question() {
    use crate::console::store::ConsoleStore;
    use crate::conversation::log::Verdict;
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
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

#[tokio::test]
async fn a_persons_reply_in_a_marketplace_conversation_enters_its_outbox_in_the_same_write() {
    use crate::channels::Platform;
    use crate::channels::queue::ChannelQueue;
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
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

#[tokio::test]
async fn a_marketplace_conversations_reply_is_queued_in_the_write_that_stores_it() {
    use crate::channels::Platform;
    use crate::channels::queue::ChannelQueue;
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
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
