//! The embedded index: an exact scan over each shop's vectors, held in memory.
//!
//! At shop scale an exact scan is fast (10k × 384 floats in about a millisecond on one core),
//! has perfect recall and nothing to build. It persists nothing itself: vectors are stored
//! with their passages in the knowledge store, and `app.rs` loads them into this index at start.
//! Each shop has its own matrix, so a search cannot reach another shop's vectors.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use super::{Hit, IndexError, VectorIndex};
use crate::domain::ShopId;
use crate::retrieval::dot;

/// Scans above this many floats run on the blocking pool instead of the async worker.
const INLINE_FLOATS: usize = 4_000_000;

pub struct ExactIndex {
    dimension: usize,
    shops: RwLock<HashMap<ShopId, Arc<Matrix>>>,
}

/// One shop's vectors, row-major.
#[derive(Default, Clone)]
struct Matrix {
    ids: Vec<String>,
    rows: Vec<f32>,
}

impl ExactIndex {
    pub fn new(dimension: usize) -> ExactIndex {
        ExactIndex { dimension, shops: RwLock::default() }
    }

    fn matrix(&self, shop: &ShopId) -> Option<Arc<Matrix>> {
        self.shops.read().expect("index lock").get(shop).cloned()
    }

    fn check(&self, vector: &[f32]) -> Result<(), IndexError> {
        if vector.len() == self.dimension {
            Ok(())
        } else {
            Err(IndexError::Dimension { expected: self.dimension, got: vector.len() })
        }
    }
}

#[async_trait::async_trait]
impl VectorIndex for ExactIndex {
    async fn upsert(&self, shop: &ShopId, points: &[(String, Vec<f32>)]) -> Result<(), IndexError> {
        for (_, vector) in points {
            self.check(vector)?;
        }
        let mut shops = self.shops.write().expect("index lock");
        let mut matrix = shops.get(shop).map(|m| (**m).clone()).unwrap_or_default();
        let mut position: HashMap<String, usize> =
            matrix.ids.iter().enumerate().map(|(i, id)| (id.clone(), i)).collect();
        for (id, vector) in points {
            match position.get(id) {
                Some(&row) => matrix.rows[row * self.dimension..(row + 1) * self.dimension].copy_from_slice(vector),
                None => {
                    position.insert(id.clone(), matrix.ids.len());
                    matrix.ids.push(id.clone());
                    matrix.rows.extend_from_slice(vector);
                }
            }
        }
        shops.insert(shop.clone(), Arc::new(matrix));
        Ok(())
    }

    async fn delete(&self, shop: &ShopId, ids: &[String]) -> Result<(), IndexError> {
        let mut shops = self.shops.write().expect("index lock");
        let Some(old) = shops.get(shop) else { return Ok(()) };
        let gone: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
        let mut matrix = Matrix::default();
        for (i, id) in old.ids.iter().enumerate() {
            if !gone.contains(id.as_str()) {
                matrix.ids.push(id.clone());
                matrix.rows.extend_from_slice(&old.rows[i * self.dimension..(i + 1) * self.dimension]);
            }
        }
        shops.insert(shop.clone(), Arc::new(matrix));
        Ok(())
    }

    async fn clear(&self, shop: &ShopId) -> Result<(), IndexError> {
        self.shops.write().expect("index lock").remove(shop);
        Ok(())
    }

    async fn search(&self, shop: &ShopId, query: &[f32], limit: usize) -> Result<Vec<Hit>, IndexError> {
        self.check(query)?;
        let Some(matrix) = self.matrix(shop) else { return Ok(Vec::new()) };
        let dimension = self.dimension;
        if matrix.rows.len() <= INLINE_FLOATS {
            return Ok(scan(&matrix, dimension, query, limit));
        }
        let query = query.to_vec();
        tokio::task::spawn_blocking(move || scan(&matrix, dimension, &query, limit))
            .await
            .map_err(|e| IndexError::Unavailable(format!("search task failed: {e}")))
    }

    async fn len(&self, shop: &ShopId) -> Result<usize, IndexError> {
        Ok(self.matrix(shop).map_or(0, |m| m.ids.len()))
    }
}

fn scan(matrix: &Matrix, dimension: usize, query: &[f32], limit: usize) -> Vec<Hit> {
    let mut scored: Vec<(usize, f32)> =
        matrix.rows.chunks_exact(dimension).map(|row| dot(row, query)).enumerate().collect();
    let limit = limit.min(scored.len());
    if limit == 0 {
        return Vec::new();
    }
    scored.select_nth_unstable_by(limit - 1, |a, b| b.1.total_cmp(&a.1));
    scored.truncate(limit);
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.into_iter().map(|(i, score)| (matrix.ids[i].clone(), score)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lane_dot_product_matches_the_plain_one() {
        for n in [0, 1, 7, 8, 9, 384, 385] {
            let a: Vec<f32> = (0..n).map(|i| (i as f32 * 0.37).sin()).collect();
            let b: Vec<f32> = (0..n).map(|i| (i as f32 * 0.11).cos()).collect();
            let plain: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            assert!((dot(&a, &b) - plain).abs() < 1e-4, "{n}: {} vs {plain}", dot(&a, &b));
        }
    }

    #[tokio::test]
    async fn the_exact_index_meets_the_contract() {
        super::super::contract::check(&ExactIndex::new(super::super::contract::DIMENSION)).await;
    }
}
