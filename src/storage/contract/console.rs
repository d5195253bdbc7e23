//! The console's contract (`ConsoleStore`), on every store: agents and their unique e-mails,
//! sessions, the audit log, canned replies, reviews and their verdicts, API keys, cached
//! translations and a shop's erasure.

use super::contract;
use crate::console::store::{Agent, AgentError, ApiKey, AuditRecord, Canned, ConsoleStore, Role, Session};
use crate::domain::{ConversationId, ConversationKey, EntryBody, Intent, Language, ShopId, Verdict};

fn conversation(shop: &str, id: &str) -> ConversationKey {
    ConversationKey { shop: ShopId::parse(shop).unwrap(), id: ConversationId::parse(id).unwrap() }
}

fn shop(id: &str) -> ShopId {
    ShopId::parse(id).unwrap()
}

fn agent(id: &str, email: &str, shops: &[&str]) -> Agent {
    Agent {
        id: id.into(),
        name: id.to_uppercase(),
        email: email.into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        role: Role::Agent,
        language: Language::english(),
        shops: shops.iter().map(|s| shop(s)).collect(),
        created_at_ms: 1_000,
        disabled: false,
        changed_at_ms: 1_000,
    }
}

fn record(shop_id: &str, at_ms: u64, action: &str) -> AuditRecord {
    AuditRecord {
        at_ms,
        shop: shop(shop_id),
        agent: "ann".into(),
        action: action.into(),
        conversation: None,
        detail: None,
    }
}

fn canned(id: &str, title: &str) -> Canned {
    Canned { id: id.into(), title: title.into(), text: format!("the text of {id}") }
}

fn api_key(shop_id: &str, label: &str, created_at_ms: u64) -> ApiKey {
    ApiKey { shop: shop(shop_id), label: label.into(), created_at_ms, expires_at_ms: None }
}

/// A buyer's question and the bot's unsure answer to it: a review, at the answer's seq.
async fn unsure_answer(store: &dyn super::Store, key: &ConversationKey, question: &str) -> u64 {
    let asked = store.append_buyer(key, &format!("m-{question}"), question, &[], None, None, None).await.unwrap();
    let notes = crate::domain::TurnNotes { unsure: true, ..Default::default() };
    let answer = EntryBody::Bot {
        reply_to: asked.seq,
        text: format!("about {question}"),
        language: Language::english(),
        intent: Intent::Greeting,
        confidence: 0.4,
        sources: vec![],
        notes,
    };
    store.append(key, answer).await.unwrap().seq
}

/// Lets the clock move, so rows written after it have a later millisecond.
async fn tick() {
    tokio::time::sleep(std::time::Duration::from_millis(3)).await;
}

contract! {
    async fn translations_go_with_their_conversation_and_their_shops_retention(scratch) {
        let store = &*scratch.store;
        let en = Language::english();
        let (c1, c10, other) = (conversation("a", "c1"), conversation("a", "c10"), conversation("b", "c1"));
        for (key, text) in [(&c1, "one"), (&c10, "ten"), (&other, "b's")] {
            store.put_translation(key, 1, &en, text).await.unwrap();
        }
        assert_eq!(store.translation(&c1, 1, &en).await.unwrap().as_deref(), Some("one"));
        // c1's erasure leaves c10 (a longer id with the same start) and shop b alone.
        assert_eq!(store.erase_translations(&c1).await.unwrap(), 1);
        assert_eq!(store.translation(&c1, 1, &en).await.unwrap(), None);
        assert_eq!(store.translation(&c10, 1, &en).await.unwrap().as_deref(), Some("ten"));
        let a = ShopId::parse("a").unwrap();
        assert_eq!(store.prune_translations(&a, 0).await.unwrap(), 0);
        assert_eq!(store.prune_translations(&a, crate::domain::now_ms() + 1).await.unwrap(), 1);
        assert_eq!(store.translation(&other, 1, &en).await.unwrap().as_deref(), Some("b's"));
    }

    async fn a_translation_is_kept_per_entry_and_language_and_replaced_when_cached_again(scratch) {
        let store = &*scratch.store;
        let key = conversation("a", "c1");
        let (en, de) = (Language::english(), Language::parse("de").unwrap());
        store.put_translation(&key, 1, &en, "one").await.unwrap();
        store.put_translation(&key, 1, &de, "eins").await.unwrap();
        store.put_translation(&key, 2, &en, "two").await.unwrap();
        store.put_translation(&key, 1, &en, "one, again").await.unwrap();
        assert_eq!(store.translation(&key, 1, &en).await.unwrap().as_deref(), Some("one, again"));
        assert_eq!(store.translation(&key, 1, &de).await.unwrap().as_deref(), Some("eins"));
        assert_eq!(store.translation(&key, 2, &de).await.unwrap(), None);
        assert_eq!(store.erase_translations(&key).await.unwrap(), 3);
    }

    async fn an_email_belongs_to_one_agent(scratch) {
        let store = &*scratch.store;
        store.put_agent(&agent("ann", "ann@shop.test", &["a"])).await.unwrap();
        let taken = store.put_agent(&agent("bob", "ann@shop.test", &["a"])).await;
        assert!(matches!(&taken, Err(AgentError::EmailTaken(owner)) if owner == "ann"), "{taken:?}");
        assert_eq!(store.agent("bob").await.unwrap(), None, "a refused agent is not stored");
        store.put_agent(&agent("bob", "bob@shop.test", &["a"])).await.unwrap();
        // An agent's own e-mail is no conflict when the agent is written again.
        let mut ann = agent("ann", "ann@shop.test", &["a", "b"]);
        store.put_agent(&ann).await.unwrap();
        assert_eq!(store.agent("ann").await.unwrap(), Some(ann.clone()));
        assert_eq!(store.agent_by_email("Ann@Shop.test").await.unwrap(), Some(ann.clone()), "looked up lower-cased");
        // A changed e-mail lets the old one go.
        ann.email = "ann.new@shop.test".into();
        store.put_agent(&ann).await.unwrap();
        assert_eq!(store.agent_by_email("ann@shop.test").await.unwrap(), None);
        assert_eq!(store.agent_by_email("ann.new@shop.test").await.unwrap(), Some(ann.clone()));
        store.put_agent(&agent("bob", "ann@shop.test", &["a"])).await.unwrap();
        let ids: Vec<String> = store.agents().await.unwrap().into_iter().map(|a| a.id).collect();
        assert_eq!(ids, ["ann", "bob"]);
        // A deleted agent's e-mail is free again.
        assert!(store.delete_agent("ann").await.unwrap());
        assert!(!store.delete_agent("ann").await.unwrap());
        assert_eq!(store.agent("ann").await.unwrap(), None);
        assert_eq!(store.agent_by_email("ann.new@shop.test").await.unwrap(), None);
        store.put_agent(&agent("cat", "ann.new@shop.test", &["a"])).await.unwrap();
        assert_eq!(store.agent_by_email("ann.new@shop.test").await.unwrap().map(|a| a.id).as_deref(), Some("cat"));
    }

    async fn agents_and_sessions_outlive_a_restart(scratch) {
        let session = Session { agent: "ann".into(), expires_at_ms: 9_000, issued_at_ms: 1_000 };
        scratch.store.put_agent(&agent("ann", "ann@shop.test", &["a"])).await.unwrap();
        scratch.store.put_session("hash-1", &session).await.unwrap();
        let scratch = scratch.reopen().await;
        let store = &*scratch.store;
        assert_eq!(store.agent_by_email("ann@shop.test").await.unwrap().map(|a| a.id).as_deref(), Some("ann"));
        assert_eq!(store.session("hash-1").await.unwrap(), Some(session.clone()));
        assert_eq!(store.session("hash-2").await.unwrap(), None);
        let longer = Session { expires_at_ms: 19_000, ..session };
        store.put_session("hash-1", &longer).await.unwrap();
        assert_eq!(store.session("hash-1").await.unwrap(), Some(longer));
        store.delete_session("hash-1").await.unwrap();
        assert_eq!(store.session("hash-1").await.unwrap(), None);
        store.delete_session("hash-1").await.unwrap();
    }

    async fn the_audit_log_is_per_shop_newest_first(scratch) {
        let store = &*scratch.store;
        let written = [
            ("a", 1_000, "login"),
            ("a", 3_000, "reply"),
            ("b", 2_500, "login"),
            ("a", 2_000, "claim"),
            ("a", 3_000, "resolve"),
        ];
        for (shop_id, at_ms, action) in written {
            store.audit(&record(shop_id, at_ms, action)).await.unwrap();
        }
        let actions = |records: Vec<AuditRecord>| records.into_iter().map(|r| r.action).collect::<Vec<_>>();
        // Records of one millisecond: the later written first.
        assert_eq!(actions(store.audit_log(&shop("a"), 10).await.unwrap()), ["resolve", "reply", "claim", "login"]);
        assert_eq!(actions(store.audit_log(&shop("a"), 2).await.unwrap()), ["resolve", "reply"]);
        assert_eq!(actions(store.audit_log(&shop("b"), 10).await.unwrap()), ["login"]);
        assert!(store.audit_log(&shop("c"), 10).await.unwrap().is_empty());
        let full = AuditRecord {
            conversation: Some("c1".into()),
            detail: Some("to bob".into()),
            ..record("a", 4_000, "transfer")
        };
        store.audit(&full).await.unwrap();
        assert_eq!(store.audit_log(&shop("a"), 1).await.unwrap(), [full]);
    }

    async fn canned_replies_are_the_shops_own_and_listed_by_title(scratch) {
        let store = &*scratch.store;
        let a = shop("a");
        for (id, title) in [("1", "Zeta"), ("2", "alpha"), ("3", "Beta"), ("4", "beta")] {
            store.put_canned(&a, &canned(id, title)).await.unwrap();
        }
        store.put_canned(&shop("b"), &canned("9", "Other shop")).await.unwrap();
        let titles = |list: Vec<Canned>| list.into_iter().map(|c| c.title).collect::<Vec<_>>();
        // By title whatever its case; equal titles by id.
        assert_eq!(titles(store.canned(&a).await.unwrap()), ["alpha", "Beta", "beta", "Zeta"]);
        store.put_canned(&a, &canned("1", "Gamma")).await.unwrap();
        assert_eq!(titles(store.canned(&a).await.unwrap()), ["alpha", "Beta", "beta", "Gamma"]);
        assert!(store.delete_canned(&a, "3").await.unwrap());
        assert!(!store.delete_canned(&a, "3").await.unwrap());
        assert!(!store.delete_canned(&a, "9").await.unwrap(), "another shop's reply");
        assert_eq!(store.canned(&a).await.unwrap(), [canned("2", "alpha"), canned("4", "beta"), canned("1", "Gamma")]);
        assert_eq!(titles(store.canned(&shop("b")).await.unwrap()), ["Other shop"]);
    }

    async fn reviews_are_listed_newest_first_and_take_verdicts(scratch) {
        let store = &*scratch.store;
        let (c1, c2, other) = (conversation("a", "c1"), conversation("a", "c2"), conversation("b", "c1"));
        let first = unsure_answer(store, &c1, "cotton?").await;
        tick().await;
        let second = unsure_answer(store, &c2, "linen?").await;
        tick().await;
        let third = unsure_answer(store, &c1, "wool?").await;
        unsure_answer(store, &other, "silk?").await;
        let listed = |reviews: Vec<crate::domain::Review>| {
            reviews.into_iter().map(|r| (r.conversation.to_string(), r.seq, r.question, r.verdict)).collect::<Vec<_>>()
        };
        assert_eq!(
            listed(store.reviews(&shop("a"), 10).await.unwrap()),
            [
                ("c1".to_owned(), third, "wool?".to_owned(), None),
                ("c2".to_owned(), second, "linen?".to_owned(), None),
                ("c1".to_owned(), first, "cotton?".to_owned(), None),
            ]
        );
        assert_eq!(store.reviews(&shop("a"), 1).await.unwrap().len(), 1);
        assert!(store.set_verdict(&shop("a"), "c2", second, Verdict::Right).await.unwrap());
        assert!(store.set_verdict(&shop("a"), "c2", second, Verdict::Wrong).await.unwrap(), "a verdict can change");
        assert!(!store.set_verdict(&shop("a"), "c2", third, Verdict::Right).await.unwrap(), "no review there");
        assert!(!store.set_verdict(&shop("a"), "c", second, Verdict::Right).await.unwrap(), "no conversation c");
        let reviews = store.reviews(&shop("a"), 10).await.unwrap();
        assert_eq!(reviews.iter().map(|r| r.verdict).collect::<Vec<_>>(), [None, Some(Verdict::Wrong), None]);
        assert_eq!(reviews[1].answer, "about linen?");
        assert_eq!(store.reviews(&shop("b"), 10).await.unwrap()[0].verdict, None);
    }

    async fn api_keys_are_listed_and_revoked_by_the_start_of_their_hash(scratch) {
        let store = &*scratch.store;
        let hash = |c: char| c.to_string().repeat(64);
        store.put_api_key(&hash('b'), &api_key("a", "later", 2_000)).await.unwrap();
        store.put_api_key(&hash('a'), &api_key("a", "sooner", 1_000)).await.unwrap();
        store.put_api_key(&hash('c'), &api_key("b", "shop b's", 1_500)).await.unwrap();
        assert_eq!(store.api_key(&hash('a')).await.unwrap(), Some(api_key("a", "sooner", 1_000)));
        assert_eq!(store.api_key(&hash('d')).await.unwrap(), None);
        let listed = store.api_keys(&shop("a")).await.unwrap();
        assert_eq!(
            listed.iter().map(|k| (k.id.as_str(), k.key.label.as_str())).collect::<Vec<_>>(),
            [("aaaaaaaaaaaa", "sooner"), ("bbbbbbbbbbbb", "later")],
            "by when they were made, named by 12 characters of their hash"
        );
        assert!(!store.delete_api_key(&shop("a"), "bbbbb").await.unwrap(), "too short to name one key");
        assert!(!store.delete_api_key(&shop("a"), "cccccccccccc").await.unwrap(), "another shop's key");
        assert!(!store.delete_api_key(&shop("a"), "b%__________").await.unwrap(), "an id is no pattern");
        assert!(store.delete_api_key(&shop("a"), "bbbbbbbbbbbb").await.unwrap());
        assert!(!store.delete_api_key(&shop("a"), "bbbbbbbbbbbb").await.unwrap());
        assert_eq!(store.api_key(&hash('b')).await.unwrap(), None);
        assert_eq!(store.api_keys(&shop("a")).await.unwrap().len(), 1);
        assert_eq!(store.api_keys(&shop("b")).await.unwrap()[0].key.label, "shop b's");
    }

    async fn a_shops_erasure_removes_its_rows_and_the_shop_from_every_agent(scratch) {
        let store = &*scratch.store;
        let en = Language::english();
        for shop_id in ["a", "b"] {
            let key = conversation(shop_id, "c1");
            store.put_canned(&shop(shop_id), &canned("1", "Hello")).await.unwrap();
            store.audit(&record(shop_id, 1_000, "login")).await.unwrap();
            unsure_answer(store, &key, "cotton?").await;
            store.put_translation(&key, 1, &en, "hello").await.unwrap();
            store.put_api_key(&format!("{shop_id}-hash"), &api_key(shop_id, "key", 1_000)).await.unwrap();
        }
        store.put_agent(&agent("ann", "ann@shop.test", &["a", "b"])).await.unwrap();
        store.put_agent(&agent("bob", "bob@shop.test", &["a"])).await.unwrap();
        store.put_agent(&agent("cat", "cat@shop.test", &["b"])).await.unwrap();

        // A canned reply, an audit record, a review, a translation and a key.
        assert_eq!(ConsoleStore::erase_shop(store, &shop("a")).await.unwrap(), 5);
        let a = shop("a");
        assert!(store.canned(&a).await.unwrap().is_empty());
        assert!(store.audit_log(&a, 10).await.unwrap().is_empty());
        assert!(store.reviews(&a, 10).await.unwrap().is_empty());
        assert_eq!(store.translation(&conversation("a", "c1"), 1, &en).await.unwrap(), None);
        assert!(store.api_keys(&a).await.unwrap().is_empty());
        assert_eq!(store.api_key("a-hash").await.unwrap(), None);
        let ann = store.agent("ann").await.unwrap().unwrap();
        assert_eq!(ann.shops, [shop("b")]);
        assert!(ann.changed_at_ms > 1_000, "sessions issued before the change end");
        assert!(store.agent("bob").await.unwrap().unwrap().shops.is_empty());
        assert_eq!(store.agent("cat").await.unwrap(), Some(agent("cat", "cat@shop.test", &["b"])), "untouched");
        assert_eq!(store.agent_by_email("ann@shop.test").await.unwrap(), Some(ann), "the e-mail still names ann");

        let b = shop("b");
        assert_eq!(store.canned(&b).await.unwrap().len(), 1);
        assert_eq!(store.audit_log(&b, 10).await.unwrap().len(), 1);
        assert_eq!(store.reviews(&b, 10).await.unwrap().len(), 1);
        assert_eq!(store.translation(&conversation("b", "c1"), 1, &en).await.unwrap().as_deref(), Some("hello"));
        assert_eq!(store.api_keys(&b).await.unwrap().len(), 1);
        assert_eq!(ConsoleStore::erase_shop(store, &a).await.unwrap(), 0, "nothing left");
    }

    async fn two_nodes_giving_one_email_at_once_give_it_to_one_agent(scratch) {
        // Sled is one process: the race is between two tasks on the one store.
        let other = scratch.second_node().await.unwrap_or_else(|| scratch.store.clone());
        for round in 0..10 {
            let email = format!("shared-{round}@shop.test");
            let first = agent(&format!("ann-{round}"), &email, &["a"]);
            let second = agent(&format!("bob-{round}"), &email, &["a"]);
            let (one, two) = (scratch.store.clone(), other.clone());
            let (a, b) = tokio::join!(
                tokio::spawn(async move { one.put_agent(&first).await }),
                tokio::spawn(async move { two.put_agent(&second).await }),
            );
            let results = [a.unwrap(), b.unwrap()];
            let stored = results.iter().filter(|r| r.is_ok()).count();
            assert_eq!(stored, 1, "round {round}: {results:?}");
            let owner = scratch.store.agent_by_email(&email).await.unwrap().unwrap().id;
            let refused = results.iter().find_map(|r| match r {
                Err(AgentError::EmailTaken(holder)) => Some(holder.clone()),
                Err(AgentError::Storage(err)) => panic!("round {round}: {err}"),
                Ok(()) => None,
            });
            assert_eq!(refused, Some(owner.clone()), "round {round}: the refusal names the owner");
            let stored_agents = scratch.store.agents().await.unwrap();
            assert_eq!(stored_agents.iter().filter(|a| a.email == email).count(), 1, "round {round}");
        }
    }
}
