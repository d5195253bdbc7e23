//! The contract every `VectorIndex` adapter must meet, run against each of them.

use super::VectorIndex;
use crate::domain::ShopId;

pub const DIMENSION: usize = 8;

/// A unit vector pointing mostly along axis `axis`, with a small deterministic tilt.
fn unit(axis: usize, tilt: f32) -> Vec<f32> {
    let mut v = [tilt; DIMENSION];
    v[axis % DIMENSION] = 1.0;
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter().map(|x| x / norm).collect()
}

pub async fn check(index: &dyn VectorIndex) {
    let a = ShopId::parse("contract-a").unwrap();
    let b = ShopId::parse("contract-b").unwrap();
    let prefix = ShopId::parse("contract").unwrap();

    // Empty shops return nothing.
    assert!(index.search(&a, &unit(0, 0.0), 5).await.unwrap().is_empty());
    assert_eq!(index.len(&a).await.unwrap(), 0);

    let points: Vec<(String, Vec<f32>)> = (0..DIMENSION).map(|i| (format!("a{i}"), unit(i, 0.05))).collect();
    index.upsert(&a, &points).await.unwrap();
    index.upsert(&b, &[("b0".to_owned(), unit(0, 0.0))]).await.unwrap();
    assert_eq!(index.len(&a).await.unwrap(), DIMENSION);

    // The nearest point comes first, with cosine similarity as its score.
    let hits = index.search(&a, &unit(3, 0.05), 3).await.unwrap();
    assert_eq!(hits.len(), 3);
    assert_eq!(hits[0].0, "a3");
    assert!((hits[0].1 - 1.0).abs() < 1e-3, "{hits:?}");
    assert!(hits[0].1 >= hits[1].1 && hits[1].1 >= hits[2].1, "best first: {hits:?}");

    // Isolation: a shop sees only its own points, even when another's match better.
    for shop in [&a, &prefix] {
        let hits = index.search(shop, &unit(0, 0.0), 50).await.unwrap();
        assert!(hits.iter().all(|(id, _)| !id.starts_with('b')), "{shop}: {hits:?}");
    }
    assert_eq!(index.search(&b, &unit(5, 0.0), 50).await.unwrap().len(), 1);

    // Upserting an existing id replaces its vector; it is not duplicated.
    index.upsert(&a, &[("a3".to_owned(), unit(6, 0.0))]).await.unwrap();
    assert_eq!(index.len(&a).await.unwrap(), DIMENSION);
    let hits = index.search(&a, &unit(6, 0.0), 2).await.unwrap();
    assert_eq!(hits.iter().filter(|(id, _)| id == "a3").count(), 1);
    assert!(hits.iter().any(|(id, _)| id == "a3"));

    // Deleting removes; unknown ids are ignored.
    index.delete(&a, &["a3".to_owned(), "nope".to_owned()]).await.unwrap();
    assert_eq!(index.len(&a).await.unwrap(), DIMENSION - 1);
    let hits = index.search(&a, &unit(6, 0.0), 50).await.unwrap();
    assert!(hits.iter().all(|(id, _)| id != "a3"));
    assert_eq!(index.len(&b).await.unwrap(), 1, "deleting in one shop leaves the other alone");

    // Clearing a shop removes all its points and nothing of another shop's.
    index.clear(&a).await.unwrap();
    assert_eq!(index.len(&a).await.unwrap(), 0);
    assert!(index.search(&a, &unit(1, 0.0), 5).await.unwrap().is_empty());
    assert_eq!(index.len(&b).await.unwrap(), 1);
    index.clear(&b).await.unwrap();

    // A vector of the wrong size is an error, not a panic.
    assert!(index.search(&a, &[1.0, 0.0], 1).await.is_err());
    assert!(index.upsert(&a, &[("x".to_owned(), vec![1.0])]).await.is_err());
}
