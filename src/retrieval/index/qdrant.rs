//! The Qdrant adapter: passage vectors in a Qdrant server, over gRPC, for deployments whose
//! shops or traffic outgrow one machine.
//!
//! Layout, as Qdrant advises for many tenants: one collection per embedding model
//! (`<prefix>_<model>`), shared by every shop, with `shop_id` a keyword payload index marked
//! `is_tenant` so each shop's points are stored together. HNSW is built per tenant
//! (`payload_m`), not across shops (`m = 0`). Every request carries a `shop_id` filter, so a
//! search is restricted to its shop inside Qdrant; nothing is filtered afterwards.
//!
//! Qdrant point ids are UUIDs; a passage's is derived from its shop and passage id (SHA-256),
//! so the same passage always lands on the same point, and the passage id travels in the
//! payload.

use std::time::Duration;

use qdrant_client::qdrant::{
    Condition, CountPointsBuilder, CreateCollectionBuilder, CreateFieldIndexCollectionBuilder, DeleteCollectionBuilder,
    DeletePointsBuilder, Distance, FieldType, Filter, HnswConfigDiffBuilder, KeywordIndexParamsBuilder,
    PayloadIncludeSelector, PointStruct, QueryPointsBuilder, UpsertPointsBuilder, VectorParamsBuilder, value::Kind,
};
use qdrant_client::{Payload, Qdrant, QdrantError};
use sha2::{Digest, Sha256};

use super::{Hit, IndexError, VectorIndex};
use crate::domain::ShopId;

const SHOP_FIELD: &str = "shop_id";
const PASSAGE_FIELD: &str = "passage_id";
/// Points per upsert request.
const BATCH: usize = 256;

/// Where and how to reach the server.
#[derive(Debug, Clone)]
pub struct QdrantTarget {
    pub url: String,
    pub api_key: Option<String>,
    pub timeout: Duration,
    /// The collection, one per embedding model: see [`collection_name`].
    pub collection: String,
}

pub struct QdrantIndex {
    client: Qdrant,
    collection: String,
    dimension: usize,
    url: String,
}

/// `<prefix>_<model>`, with anything but letters, digits, `-` and `_` in the model name made `_`.
pub fn collection_name(prefix: &str, model: &str) -> String {
    let model: String = model.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    format!("{prefix}_{model}")
}

impl QdrantIndex {
    /// Connects and makes sure the collection exists with the right layout. Fails with what
    /// to do when the server cannot be reached or holds vectors of another size.
    pub async fn connect(target: &QdrantTarget, dimension: usize) -> Result<QdrantIndex, IndexError> {
        let unreachable = |e: QdrantError| {
            IndexError::Unavailable(format!(
                "cannot reach Qdrant at {} ({e}); start it (docker compose --profile qdrant up) or set \
                 index.backend = \"embedded\"",
                target.url
            ))
        };
        let client = Qdrant::from_url(&target.url)
            .api_key(target.api_key.clone())
            .timeout(target.timeout)
            .connect_timeout(target.timeout)
            .skip_compatibility_check()
            .build()
            .map_err(unreachable)?;
        client.health_check().await.map_err(unreachable)?;
        let index = QdrantIndex { client, collection: target.collection.clone(), dimension, url: target.url.clone() };
        index.ensure_collection().await?;
        Ok(index)
    }

    async fn ensure_collection(&self) -> Result<(), IndexError> {
        let exists = self.client.collection_exists(&self.collection).await.map_err(|e| self.failed(e))?;
        if exists {
            let info = self.client.collection_info(&self.collection).await.map_err(|e| self.failed(e))?;
            let size =
                info.result.and_then(|i| i.config).and_then(|c| c.params).and_then(|p| p.vectors_config).and_then(
                    |v| match v.config {
                        Some(qdrant_client::qdrant::vectors_config::Config::Params(p)) => Some(p.size as usize),
                        _ => None,
                    },
                );
            return match size {
                Some(size) if size == self.dimension => Ok(()),
                Some(size) => Err(IndexError::Unavailable(format!(
                    "Qdrant collection {} holds {size}-dimensional vectors, the model makes {}; \
                     use another index.qdrant.collection_prefix",
                    self.collection, self.dimension
                ))),
                None => Err(IndexError::Unavailable(format!(
                    "Qdrant collection {} is not a single dense vector collection; use another \
                     index.qdrant.collection_prefix",
                    self.collection
                ))),
            };
        }
        self.client
            .create_collection(
                CreateCollectionBuilder::new(&self.collection)
                    .vectors_config(VectorParamsBuilder::new(self.dimension as u64, Distance::Cosine))
                    .hnsw_config(HnswConfigDiffBuilder::default().m(0).payload_m(16)),
            )
            .await
            .map_err(|e| self.failed(e))?;
        self.client
            .create_field_index(
                CreateFieldIndexCollectionBuilder::new(&self.collection, SHOP_FIELD, FieldType::Keyword)
                    .field_index_params(KeywordIndexParamsBuilder::default().is_tenant(true))
                    .wait(true),
            )
            .await
            .map_err(|e| self.failed(e))?;
        self.client
            .create_field_index(
                CreateFieldIndexCollectionBuilder::new(&self.collection, PASSAGE_FIELD, FieldType::Keyword).wait(true),
            )
            .await
            .map_err(|e| self.failed(e))?;
        Ok(())
    }

    /// Drops the whole collection: every shop's points. For tests.
    pub async fn drop_collection(&self) -> Result<(), IndexError> {
        self.client
            .delete_collection(DeleteCollectionBuilder::new(&self.collection))
            .await
            .map_err(|e| self.failed(e))?;
        Ok(())
    }

    fn failed(&self, error: QdrantError) -> IndexError {
        IndexError::Unavailable(format!("Qdrant at {} failed: {error}", self.url))
    }

    fn check(&self, vector: &[f32]) -> Result<(), IndexError> {
        if vector.len() == self.dimension {
            Ok(())
        } else {
            Err(IndexError::Dimension { expected: self.dimension, got: vector.len() })
        }
    }
}

fn shop_filter(shop: &ShopId) -> Filter {
    Filter::must([Condition::matches(SHOP_FIELD, shop.as_str().to_owned())])
}

/// The point id of a passage: a UUID made from the SHA-256 of shop and passage id.
pub fn point_id(shop: &ShopId, passage: &str) -> String {
    let digest = Sha256::new().chain_update(shop.as_str()).chain_update([0u8]).chain_update(passage).finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x80; // version 8: custom
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    uuid::Uuid::from_bytes(bytes).to_string()
}

#[async_trait::async_trait]
impl VectorIndex for QdrantIndex {
    async fn upsert(&self, shop: &ShopId, points: &[(String, Vec<f32>)]) -> Result<(), IndexError> {
        for (_, vector) in points {
            self.check(vector)?;
        }
        for batch in points.chunks(BATCH) {
            let structs: Vec<PointStruct> = batch
                .iter()
                .map(|(id, vector)| {
                    let mut payload = Payload::new();
                    payload.insert(SHOP_FIELD, shop.as_str());
                    payload.insert(PASSAGE_FIELD, id.as_str());
                    PointStruct::new(point_id(shop, id), vector.clone(), payload)
                })
                .collect();
            self.client
                .upsert_points(UpsertPointsBuilder::new(&self.collection, structs).wait(true))
                .await
                .map_err(|e| self.failed(e))?;
        }
        Ok(())
    }

    async fn delete(&self, shop: &ShopId, ids: &[String]) -> Result<(), IndexError> {
        if ids.is_empty() {
            return Ok(());
        }
        let filter = Filter::must([
            Condition::matches(SHOP_FIELD, shop.as_str().to_owned()),
            Condition::matches(PASSAGE_FIELD, ids.to_vec()),
        ]);
        self.client
            .delete_points(DeletePointsBuilder::new(&self.collection).points(filter).wait(true))
            .await
            .map_err(|e| self.failed(e))?;
        Ok(())
    }

    async fn clear(&self, shop: &ShopId) -> Result<(), IndexError> {
        self.client
            .delete_points(DeletePointsBuilder::new(&self.collection).points(shop_filter(shop)).wait(true))
            .await
            .map_err(|e| self.failed(e))?;
        Ok(())
    }

    async fn search(&self, shop: &ShopId, query: &[f32], limit: usize) -> Result<Vec<Hit>, IndexError> {
        self.check(query)?;
        if limit == 0 {
            return Ok(Vec::new()); // Qdrant refuses a limit of 0; the port's answer is "nothing".
        }
        let response = self
            .client
            .query(
                QueryPointsBuilder::new(&self.collection)
                    .query(query.to_vec())
                    .filter(shop_filter(shop))
                    .limit(limit as u64)
                    .with_payload(PayloadIncludeSelector { fields: vec![PASSAGE_FIELD.to_owned()] }),
            )
            .await
            .map_err(|e| self.failed(e))?;
        let hits = response
            .result
            .into_iter()
            .filter_map(|point| match point.payload.get(PASSAGE_FIELD).and_then(|v| v.kind.clone()) {
                Some(Kind::StringValue(id)) => Some((id, point.score)),
                _ => None,
            })
            .collect();
        Ok(hits)
    }

    async fn len(&self, shop: &ShopId) -> Result<usize, IndexError> {
        let response = self
            .client
            .count(CountPointsBuilder::new(&self.collection).filter(shop_filter(shop)).exact(true))
            .await
            .map_err(|e| self.failed(e))?;
        Ok(response.result.map_or(0, |r| r.count as usize))
    }

    fn persistent(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::super::contract;
    use super::super::qdrant_fake::{self, Call};
    use super::*;
    use qdrant_client::qdrant::payload_index_params::IndexParams;

    #[test]
    fn point_ids_are_stable_uuids_that_differ_per_shop() {
        let a = ShopId::parse("shop-a").unwrap();
        let b = ShopId::parse("shop-b").unwrap();
        let id = point_id(&a, "product:GR-BSK-101");
        assert_eq!(id, point_id(&a, "product:GR-BSK-101"));
        assert_ne!(id, point_id(&b, "product:GR-BSK-101"));
        assert_ne!(id, point_id(&a, "product:GR-BSK-102"));
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
        // The separator keeps ("ab", "c") and ("a", "bc") apart.
        assert_ne!(point_id(&ShopId::parse("ab").unwrap(), "c"), point_id(&ShopId::parse("a").unwrap(), "bc"));
    }

    #[test]
    fn one_collection_per_model() {
        assert_eq!(collection_name("kefu", "multilingual-e5-small/q4"), "kefu_multilingual-e5-small_q4");
    }

    #[tokio::test]
    async fn an_unreachable_server_is_a_clear_error() {
        let target = QdrantTarget {
            url: "http://127.0.0.1:9".into(),
            api_key: None,
            timeout: Duration::from_secs(2),
            collection: "kefu_test".into(),
        };
        let Err(err) = QdrantIndex::connect(&target, 8).await else { panic!("connected to a closed port") };
        let message = err.to_string();
        assert!(message.contains("cannot reach Qdrant at http://127.0.0.1:9"), "{message}");
        assert!(message.contains("index.backend"), "{message}");
    }

    /// Runs the contract against a real server when `KEFU_TEST_QDRANT_URL` names one (e.g.
    /// http://127.0.0.1:6334 after `docker compose --profile qdrant up qdrant`).
    #[tokio::test]
    async fn the_qdrant_index_meets_the_contract() {
        let Ok(url) = std::env::var("KEFU_TEST_QDRANT_URL") else {
            eprintln!(
                "SKIPPED the_qdrant_index_meets_the_contract: no Qdrant server here; set \
                 KEFU_TEST_QDRANT_URL=http://HOST:6334 to run it"
            );
            return;
        };
        let target = QdrantTarget {
            url,
            api_key: std::env::var("KEFU_TEST_QDRANT_API_KEY").ok(),
            timeout: Duration::from_secs(10),
            collection: format!("kefu_contract_{}", uuid::Uuid::new_v4().simple()),
        };
        let index = QdrantIndex::connect(&target, super::super::contract::DIMENSION).await.unwrap();
        super::super::contract::check(&index).await;
        index.drop_collection().await.unwrap();
    }

    fn fake_target(url: String) -> QdrantTarget {
        QdrantTarget { url, api_key: None, timeout: Duration::from_secs(10), collection: "kefu_contract".into() }
    }

    /// The contract against a fake Qdrant server (Qdrant's gRPC services, in memory), and the
    /// layout the adapter gives its collection, as the server received it.
    #[tokio::test]
    async fn the_qdrant_adapter_meets_the_contract_against_a_fake_server() {
        let (url, fake) = qdrant_fake::spawn().await;
        let target = fake_target(url);
        let index = QdrantIndex::connect(&target, contract::DIMENSION).await.unwrap();
        contract::check(&index).await;

        // Every read and delete was restricted to one shop inside Qdrant, and every point
        // carries its shop.
        let calls = fake.calls();
        let mut shops_read = std::collections::BTreeSet::new();
        for call in &calls {
            match call {
                Call::Upsert { collection, shops } => {
                    assert_eq!(collection, &target.collection);
                    assert!(shops.iter().all(Option::is_some), "a point without its shop: {call:?}");
                }
                Call::Delete { collection, shop }
                | Call::Query { collection, shop }
                | Call::Count { collection, shop } => {
                    assert_eq!(collection, &target.collection);
                    let Some(shop) = shop else { panic!("not restricted to a shop: {call:?}") };
                    shops_read.insert(shop.clone());
                }
            }
        }
        assert!(calls.iter().any(|c| matches!(c, Call::Delete { .. })), "{calls:?}");
        assert!(calls.iter().any(|c| matches!(c, Call::Query { .. })), "{calls:?}");
        assert!(calls.iter().any(|c| matches!(c, Call::Count { .. })), "{calls:?}");
        assert_eq!(shops_read, ["contract", "contract-a", "contract-b"].map(String::from).into());

        // One collection per model: Cosine vectors of the model's size, HNSW per tenant only.
        let created = fake.created(&target.collection).expect("the collection was created");
        let Some(qdrant_client::qdrant::vectors_config::Config::Params(params)) =
            created.vectors_config.and_then(|v| v.config)
        else {
            panic!("not a single dense vector")
        };
        assert_eq!(params.size, contract::DIMENSION as u64);
        assert_eq!(params.distance, Distance::Cosine as i32);
        let hnsw = created.hnsw_config.expect("an HNSW config");
        assert_eq!((hnsw.m, hnsw.payload_m), (Some(0), Some(16)));
        // `shop_id` a keyword index marked as the tenant; `passage_id` a keyword index.
        let shop_index = fake.field_index(&target.collection, SHOP_FIELD).expect("a shop_id index");
        assert_eq!(shop_index.field_type, FieldType::Keyword);
        let Some(IndexParams::KeywordIndexParams(keyword)) = shop_index.params else {
            panic!("shop_id has no keyword index params: {shop_index:?}")
        };
        assert_eq!(keyword.is_tenant, Some(true));
        let passage_index = fake.field_index(&target.collection, PASSAGE_FIELD).expect("a passage_id index");
        assert_eq!(passage_index.field_type, FieldType::Keyword);

        index.drop_collection().await.unwrap();
        assert!(fake.created(&target.collection).is_none());
    }

    #[tokio::test]
    async fn an_existing_collection_with_another_vector_size_is_refused() {
        let (url, _fake) = qdrant_fake::spawn().await;
        let target = fake_target(url);
        QdrantIndex::connect(&target, 4).await.unwrap();
        // The same size again: the collection is reused.
        QdrantIndex::connect(&target, 4).await.unwrap();
        let Err(err) = QdrantIndex::connect(&target, 8).await else { panic!("connected to 4-dimensional vectors") };
        let message = err.to_string();
        assert!(message.contains("holds 4-dimensional vectors, the model makes 8"), "{message}");
        assert!(message.contains("index.qdrant.collection_prefix"), "{message}");
    }
}
