//! Buyers' images' contract (`UploadStore`), on every store: a per-shop quota that holds even
//! when two nodes store at once, deletion, retention and a shop's erasure.

use super::contract;
use crate::domain::ShopId;
use crate::uploads::Upload;

fn image(at_ms: u64, size: usize) -> Upload {
    Upload { content_type: "image/png".into(), bytes: vec![7; size], at_ms }
}

contract! {
    async fn a_shop_keeps_images_up_to_its_quota_until_they_expire(scratch) {
        let store = &*scratch.store;
        let (a, b) = (ShopId::parse("a").unwrap(), ShopId::parse("b").unwrap());
        assert!(store.put_upload(&a, "1", &image(1_000, 600), 1_000).await.unwrap());
        assert!(!store.put_upload(&a, "2", &image(2_000, 600), 1_000).await.unwrap(), "over shop a's quota");
        assert!(store.put_upload(&b, "1", &image(2_000, 600), 1_000).await.unwrap(), "shop b has its own");
        assert_eq!(store.upload(&a, "1").await.unwrap(), Some(image(1_000, 600)));
        assert_eq!(store.prune_uploads(&b, 1_500).await.unwrap(), 0, "shop b's image is newer");
        assert_eq!(store.prune_uploads(&a, 1_500).await.unwrap(), 1, "shop a's old image");
        assert_eq!(store.upload(&a, "1").await.unwrap(), None);
        assert!(store.put_upload(&a, "2", &image(3_000, 600), 1_000).await.unwrap(), "its room is back");
        assert!(store.upload(&b, "1").await.unwrap().is_some());
    }

    async fn a_deleted_image_gives_its_room_back_and_a_refused_one_takes_none(scratch) {
        let store = &*scratch.store;
        let a = ShopId::parse("a").unwrap();
        let gif = Upload { content_type: "image/gif".into(), bytes: b"GIF89a".to_vec(), at_ms: 5 };
        assert!(store.put_upload(&a, "gif", &gif, 1_000).await.unwrap());
        assert_eq!(store.upload(&a, "gif").await.unwrap(), Some(gif), "type, bytes and time read back");
        assert!(store.put_upload(&a, "1", &image(1_000, 994), 1_000).await.unwrap(), "exactly the quota");
        assert!(!store.put_upload(&a, "2", &image(1_000, 1), 1_000).await.unwrap());
        assert_eq!(store.upload(&a, "2").await.unwrap(), None, "a refused image is not stored");
        assert!(store.delete_upload(&a, "1").await.unwrap());
        assert!(!store.delete_upload(&a, "1").await.unwrap(), "gone already");
        assert!(!store.delete_upload(&ShopId::parse("b").unwrap(), "gif").await.unwrap(), "another shop's id");
        assert!(store.put_upload(&a, "2", &image(1_000, 994), 1_000).await.unwrap(), "the deleted image's room");
    }

    async fn a_shops_erasure_removes_its_images_and_their_count(scratch) {
        let store = &*scratch.store;
        let (a, b) = (ShopId::parse("a").unwrap(), ShopId::parse("b").unwrap());
        for id in ["1", "2", "3"] {
            assert!(store.put_upload(&a, id, &image(1_000, 300), 1_000).await.unwrap());
        }
        assert!(store.put_upload(&b, "1", &image(1_000, 300), 1_000).await.unwrap());
        assert_eq!(store.erase_shop_uploads(&a).await.unwrap(), 3);
        assert_eq!(store.upload(&a, "1").await.unwrap(), None);
        assert!(store.upload(&b, "1").await.unwrap().is_some(), "shop b's image stays");
        assert_eq!(store.erase_shop_uploads(&a).await.unwrap(), 0);
        assert!(store.put_upload(&a, "4", &image(1_000, 1_000), 1_000).await.unwrap(), "the count starts again");
    }

    async fn images_outlive_a_restart_and_so_does_their_count(scratch) {
        let a = ShopId::parse("a").unwrap();
        assert!(scratch.store.put_upload(&a, "1", &image(1_000, 600), 1_000).await.unwrap());
        let scratch = scratch.reopen().await;
        assert_eq!(scratch.store.upload(&a, "1").await.unwrap(), Some(image(1_000, 600)));
        assert!(!scratch.store.put_upload(&a, "2", &image(1_000, 600), 1_000).await.unwrap(), "still counted");
    }

    async fn two_nodes_filling_the_quota_at_once_never_exceed_it(scratch) {
        // Sled is one process: the race is between tasks on the one store.
        let other = scratch.second_node().await.unwrap_or_else(|| scratch.store.clone());
        let shop = ShopId::parse("a").unwrap();
        // Room for 5 images of 100 bytes; each node tries to store 6.
        let (quota, size, tries) = (500, 100, 6);
        let mut puts = Vec::new();
        for i in 0..tries {
            for (node, store) in [("one", scratch.store.clone()), ("two", other.clone())] {
                let (shop, id) = (shop.clone(), format!("{node}-{i}"));
                puts.push(tokio::spawn(async move {
                    let stored = store.put_upload(&shop, &id, &image(1_000, size), quota).await.unwrap();
                    (id, stored)
                }));
            }
        }
        let mut stored = Vec::new();
        for put in puts {
            let (id, ok) = put.await.unwrap();
            if ok {
                stored.push(id);
            }
        }
        assert_eq!(stored.len(), 5, "exactly as many as fit: {stored:?}");
        let mut kept = 0;
        for i in 0..tries {
            for node in ["one", "two"] {
                let id = format!("{node}-{i}");
                let present = scratch.store.upload(&shop, &id).await.unwrap().is_some();
                assert_eq!(present, stored.contains(&id), "{id}: stored when it said so, only then");
                kept += usize::from(present);
            }
        }
        assert_eq!(kept, 5);
        // Freeing one image's room lets exactly one more in, whichever node asks.
        assert!(other.delete_upload(&shop, &stored[0]).await.unwrap());
        assert!(scratch.store.put_upload(&shop, "late", &image(1_000, size), quota).await.unwrap());
        assert!(!other.put_upload(&shop, "later", &image(1_000, size), quota).await.unwrap());
    }

    async fn an_image_stored_again_under_its_id_counts_once(scratch) {
        let shop = ShopId::parse("a").unwrap();
        let quota = 2_500;
        assert!(scratch.store.put_upload(&shop, "same", &image(1_000, 1_000), quota).await.unwrap());
        // The same id again (a retried upload) replaces the image: its old size goes back first.
        assert!(scratch.store.put_upload(&shop, "same", &image(1_000, 1_200), quota).await.unwrap());
        assert!(scratch.store.put_upload(&shop, "other", &image(1_000, 1_200), quota).await.unwrap());
        assert_eq!(scratch.store.upload(&shop, "same").await.unwrap().unwrap().bytes.len(), 1_200);
        assert!(!scratch.store.put_upload(&shop, "third", &image(1_000, 200), quota).await.unwrap(), "2,400 of 2,500 used");
    }
}
