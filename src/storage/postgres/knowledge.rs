//! Ingested knowledge on PostgreSQL (`migrations/0002_knowledge.sql`): each shop's record, its
//! passages with their vectors, and its orders.
//!
//! A commit is one transaction. It writes the record first, whose row lock makes two nodes'
//! commits or removals of one shop take turns, then the passages and orders as arrays unnested
//! by the server — a statement per thousand rows, not per row — so a shop of thousands of
//! passages commits in a handful of round trips. It is durable when it returns
//! (`synchronous_commit` on, PostgreSQL's default). A snapshot reads in one REPEATABLE READ
//! transaction, so it never pairs one commit's record with another's passages.
//!
//! PostgreSQL's text and jsonb cannot hold U+0000, which sled stores as it is; like the other
//! PostgreSQL adapters (`super::jsonb`), this one stores it as U+FFFD rather than refuse a shop
//! whose files or orders contain one.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use sqlx::types::Json;

use super::PgStore;
use crate::domain::{Held, ShopId};
use crate::knowledge::Order;
use crate::knowledge::store::{Changes, KnowledgeStore, ShopRecord, Snapshot, StoreError, StoredPassage};

/// Rows one statement writes at most: a bigger commit takes another statement per this many, so
/// no message to the server grows with the shop.
const ROWS_PER_STATEMENT: usize = 1000;

#[async_trait::async_trait]
impl KnowledgeStore for PgStore {
    async fn record(&self, shop: &ShopId) -> Result<Option<ShopRecord>, StoreError> {
        let row: Option<(Json<ShopRecord>,)> = sqlx::query_as("SELECT record FROM shops WHERE shop = $1")
            .bind(shop.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(failed)?;
        Ok(row.map(|(Json(record),)| record))
    }

    async fn hashes(&self, shop: &ShopId) -> Result<HashMap<String, String>, StoreError> {
        let rows: Vec<(String, String)> = sqlx::query_as("SELECT id, hash FROM passages WHERE shop = $1")
            .bind(shop.as_str())
            .fetch_all(&self.pool)
            .await
            .map_err(failed)?;
        Ok(rows.into_iter().collect())
    }

    async fn commit(&self, shop: &ShopId, changes: Changes) -> Result<(), StoreError> {
        let Changes { record, upserts, deletes, orders } = changes;
        // Everything is serialised before the transaction begins: a value that cannot be written
        // fails the commit without having held a connection.
        let record = to_json(&record)?;
        let passages = PassageRows::new(&upserts)?;
        let orders = OrderRows::new(&orders)?;

        let mut tx = self.pool.begin().await.map_err(failed)?;
        sqlx::query(
            "INSERT INTO shops (shop, record) VALUES ($1, $2::jsonb)
             ON CONFLICT (shop) DO UPDATE SET record = EXCLUDED.record",
        )
        .bind(shop.as_str())
        .bind(&record)
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
        // Deletes before upserts, as sled applies them: a passage both deleted and upserted stays.
        if !deletes.is_empty() {
            let deletes: Vec<Cow<str>> = deletes.iter().map(|id| text(id)).collect();
            sqlx::query("DELETE FROM passages WHERE shop = $1 AND id = ANY($2)")
                .bind(shop.as_str())
                .bind(&deletes)
                .execute(&mut *tx)
                .await
                .map_err(failed)?;
        }
        for rows in chunks(passages.ids.len()) {
            sqlx::query(
                "INSERT INTO passages (shop, id, hash, passage, vector)
                 SELECT $1, id, hash, passage::jsonb, vector
                 FROM UNNEST($2::text[], $3::text[], $4::text[], $5::bytea[]) AS p (id, hash, passage, vector)
                 ON CONFLICT (shop, id) DO UPDATE
                 SET hash = EXCLUDED.hash, passage = EXCLUDED.passage, vector = EXCLUDED.vector",
            )
            .bind(shop.as_str())
            .bind(&passages.ids[rows.clone()])
            .bind(&passages.hashes[rows.clone()])
            .bind(&passages.json[rows.clone()])
            .bind(&passages.vectors[rows])
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
        }
        // The orders are replaced whole: those not in the commit go, and of the rest only the
        // changed ones are rewritten (an ingestion mostly brings the same orders again).
        // NOT IN over a subquery is a hashed lookup, however many orders the shop has.
        sqlx::query("DELETE FROM orders WHERE shop = $1 AND order_id NOT IN (SELECT UNNEST($2::text[]))")
            .bind(shop.as_str())
            .bind(&orders.ids)
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
        for rows in chunks(orders.ids.len()) {
            sqlx::query(
                "INSERT INTO orders (shop, order_id, body)
                 SELECT $1, order_id, body::jsonb FROM UNNEST($2::text[], $3::text[]) AS o (order_id, body)
                 ON CONFLICT (shop, order_id) DO UPDATE SET body = EXCLUDED.body
                 WHERE orders.body IS DISTINCT FROM EXCLUDED.body",
            )
            .bind(shop.as_str())
            .bind(&orders.ids[rows.clone()])
            .bind(&orders.json[rows])
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
        }
        tx.commit().await.map_err(failed)
    }

    async fn set_indexed(&self, shop: &ShopId, indexed: bool) -> Result<(), StoreError> {
        // One statement, so a commit from another node cannot slip between reading the record
        // and writing it back; no row is written when the mark is already right, and none is
        // made for a shop without a record.
        sqlx::query(
            "UPDATE shops SET record = jsonb_set(record, '{indexed}', to_jsonb($2::boolean))
             WHERE shop = $1 AND record -> 'indexed' IS DISTINCT FROM to_jsonb($2::boolean)",
        )
        .bind(shop.as_str())
        .bind(indexed)
        .execute(&self.pool)
        .await
        .map_err(failed)?;
        Ok(())
    }

    async fn snapshot(&self, shop: &ShopId) -> Result<Option<Snapshot>, StoreError> {
        // The three reads see one state of the database, whatever other nodes commit meanwhile.
        let mut tx = self.pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY").await.map_err(failed)?;
        let record: Option<(Json<ShopRecord>,)> = sqlx::query_as("SELECT record FROM shops WHERE shop = $1")
            .bind(shop.as_str())
            .fetch_optional(&mut *tx)
            .await
            .map_err(failed)?;
        let Some((Json(record),)) = record else { return Ok(None) };
        let passages: Vec<(Json<StoredPassage>, Vec<u8>)> =
            sqlx::query_as("SELECT passage, vector FROM passages WHERE shop = $1 ORDER BY id")
                .bind(shop.as_str())
                .fetch_all(&mut *tx)
                .await
                .map_err(failed)?;
        let orders: Vec<(Json<Order>,)> = sqlx::query_as("SELECT body FROM orders WHERE shop = $1 ORDER BY order_id")
            .bind(shop.as_str())
            .fetch_all(&mut *tx)
            .await
            .map_err(failed)?;
        tx.commit().await.map_err(failed)?;
        let passages = passages
            .into_iter()
            .map(|(Json(mut passage), vector)| {
                passage.vector = floats(&vector)?;
                Ok(passage)
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let orders = orders.into_iter().map(|(Json(order),)| order).collect();
        Ok(Some(Snapshot { record, passages, orders }))
    }

    async fn shops(&self) -> Result<Vec<ShopId>, StoreError> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT shop FROM shops ORDER BY shop").fetch_all(&self.pool).await.map_err(failed)?;
        rows.into_iter().map(|(id,)| ShopId::parse(&id).map_err(|e| StoreError::Corrupt(e.to_string()))).collect()
    }

    async fn remove(&self, shop: &ShopId) -> Result<bool, StoreError> {
        // The passages and orders go with the record (ON DELETE CASCADE) in this one statement,
        // so no crash can leave a part of the shop behind.
        let removed = sqlx::query("DELETE FROM shops WHERE shop = $1")
            .bind(shop.as_str())
            .execute(&self.pool)
            .await
            .map_err(failed)?;
        Ok(removed.rows_affected() > 0)
    }

    async fn write_lock(&self, shop: &ShopId) -> Result<Held, StoreError> {
        let id = super::locks::lock_id(b'k', &[shop.as_str()]);
        let lock = super::locks::AdvisoryLock::take(&self.pool, id).await.map_err(failed)?;
        Ok(Held::new(Box::new(lock)))
    }
}

/// A commit's passages as the columns of the insert, one array each. An id upserted twice is
/// written once, as the later passage: what sled keeps, where the later insert overwrites (and
/// what PostgreSQL needs, which cannot upsert one row twice in a statement).
struct PassageRows<'a> {
    ids: Vec<Cow<'a, str>>,
    hashes: Vec<Cow<'a, str>>,
    json: Vec<String>,
    vectors: Vec<Vec<u8>>,
}

impl<'a> PassageRows<'a> {
    fn new(upserts: &'a [StoredPassage]) -> Result<PassageRows<'a>, StoreError> {
        let latest: BTreeMap<Cow<str>, &StoredPassage> = upserts.iter().map(|p| (text(&p.id), p)).collect();
        let mut rows = PassageRows {
            ids: Vec::with_capacity(latest.len()),
            hashes: Vec::with_capacity(latest.len()),
            json: Vec::with_capacity(latest.len()),
            vectors: Vec::with_capacity(latest.len()),
        };
        for (id, passage) in latest {
            rows.ids.push(id);
            rows.hashes.push(text(&passage.hash));
            rows.json.push(to_json(passage)?);
            rows.vectors.push(passage.vector.iter().flat_map(|x| x.to_le_bytes()).collect());
        }
        Ok(rows)
    }
}

/// A commit's orders as the columns of the insert; a repeated order id is written once, as the
/// later order (see `PassageRows`).
struct OrderRows<'a> {
    ids: Vec<Cow<'a, str>>,
    json: Vec<String>,
}

impl<'a> OrderRows<'a> {
    fn new(orders: &'a [Order]) -> Result<OrderRows<'a>, StoreError> {
        let latest: BTreeMap<Cow<str>, &Order> = orders.iter().map(|o| (text(&o.order_id), o)).collect();
        let mut rows = OrderRows { ids: Vec::with_capacity(latest.len()), json: Vec::with_capacity(latest.len()) };
        for (id, order) in latest {
            rows.ids.push(id);
            rows.json.push(to_json(order)?);
        }
        Ok(rows)
    }
}

/// The row ranges of the statements that write `len` rows.
fn chunks(len: usize) -> impl Iterator<Item = Range<usize>> {
    (0..len).step_by(ROWS_PER_STATEMENT).map(move |start| start..len.min(start + ROWS_PER_STATEMENT))
}

/// A vector read back from its f32 little-endian bytes.
fn floats(raw: &[u8]) -> Result<Vec<f32>, StoreError> {
    if !raw.len().is_multiple_of(4) {
        return Err(StoreError::Corrupt("a passage's vector is truncated".to_owned()));
    }
    Ok(raw.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
}

/// A value's JSON for a jsonb column, U+0000 as U+FFFD; a failure is reported as sled's adapter
/// reports it.
fn to_json(value: &impl serde::Serialize) -> Result<String, StoreError> {
    let json = serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    // serde_json writes U+0000 only as this escape. A text holding the six characters `\u0000`
    // (escaped as `\\u0000`) matches too, and merely takes the slower way to the same JSON.
    if !json.contains("\\u0000") {
        return Ok(json);
    }
    let Json(clean) = super::jsonb(value).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(clean.to_string())
}

/// A text column's value, U+0000 as U+FFFD like the JSON beside it.
fn text(value: &str) -> Cow<'_, str> {
    if value.contains('\0') { Cow::Owned(value.replace('\0', "\u{fffd}")) } else { Cow::Borrowed(value) }
}

/// A database failure as the port reports it: a stored value that no longer reads as its type is
/// corrupt (ingesting the shop again rewrites it), anything else a storage failure.
fn failed(err: sqlx::Error) -> StoreError {
    if let sqlx::Error::ColumnDecode { source, .. } = &err {
        return StoreError::Corrupt(source.to_string());
    }
    StoreError::Storage(format!("PostgreSQL: {err}"))
}

#[cfg(test)]
mod tests {
    //! PostgreSQL's own limits; what every store must do is in `storage::contract::knowledge`.

    use super::*;
    use crate::domain::{Language, Source, SourceKind};

    fn passage(id: &str, text: &str) -> StoredPassage {
        StoredPassage {
            id: id.into(),
            source: Source { kind: SourceKind::Faq, id: format!("faq.md#{id}"), title: id.into(), score: 0.0 },
            location: "faq.md:1".into(),
            language: Language::english(),
            text: text.into(),
            hash: format!("hash of {id}"),
            vector: vec![1.0, 0.0],
        }
    }

    fn record(model: &str) -> ShopRecord {
        ShopRecord {
            shop_toml: "name = \"S\"".into(),
            model: model.into(),
            dimension: 2,
            ingested_at_ms: 1,
            passages: 1,
            orders: 0,
            indexed: false,
            shipping: vec![],
            products: vec![],
            learned: vec![],
        }
    }

    /// sled stores U+0000 like any character; PostgreSQL's text and jsonb refuse it, so it is kept
    /// as U+FFFD wherever it comes — ids, hashes, texts, the record, orders — and a delete
    /// naming the id as first given still finds the passage.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_nul_is_kept_as_the_replacement_character() {
        let Some((store, _)) = crate::storage::postgres::scratch::store().await else { return };
        let shop = ShopId::parse("a").unwrap();
        let mut nul = passage("p\u{0}1", "nul \u{0} here");
        nul.hash = "h\u{0}".into();
        let mut order: Order = serde_json::from_value(serde_json::json!({
            "order_id": "1001\u{0}", "status": "pending", "items": [], "total": 1.0, "currency": "USD"
        }))
        .unwrap();
        order.carrier = Some("post\u{0}".into());
        let changes = Changes {
            record: ShopRecord { shop_toml: "name = \"S\\u0000\"".into(), ..record("m\u{0}") },
            upserts: vec![nul, passage("p2", "plain")],
            deletes: vec![],
            orders: vec![order],
        };
        store.commit(&shop, changes).await.unwrap();
        let snapshot = store.snapshot(&shop).await.unwrap().unwrap();
        assert_eq!(snapshot.record.model, "m\u{fffd}");
        assert_eq!(snapshot.record.shop_toml, "name = \"S\\u0000\"", "TOML's own escape is not a NUL");
        // Second, after "p2": the ids compare as bytes, and U+FFFD is EF BF BD.
        let p = &snapshot.passages[1];
        assert_eq!((p.id.as_str(), p.hash.as_str(), p.text.as_str()), ("p\u{fffd}1", "h\u{fffd}", "nul \u{fffd} here"));
        assert_eq!(p.vector, vec![1.0, 0.0]);
        assert_eq!(snapshot.orders[0].order_id, "1001\u{fffd}");
        assert_eq!(snapshot.orders[0].carrier.as_deref(), Some("post\u{fffd}"));
        assert_eq!(store.hashes(&shop).await.unwrap()["p\u{fffd}1"], "h\u{fffd}");

        let changes = Changes { record: record("m"), upserts: vec![], deletes: vec!["p\u{0}1".into()], orders: vec![] };
        store.commit(&shop, changes).await.unwrap();
        let snapshot = store.snapshot(&shop).await.unwrap().unwrap();
        assert_eq!(snapshot.passages.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["p2"]);
        store.close().await;
    }

    /// A statement failing late in a commit — here the orders', after the record and passages
    /// are written in the transaction — leaves the shop as the commit before it.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_commit_failing_part_way_keeps_nothing_of_it() {
        let Some((store, _)) = crate::storage::postgres::scratch::store().await else { return };
        let shop = ShopId::parse("a").unwrap();
        let first =
            Changes { record: record("m1"), upserts: vec![passage("p1", "one")], deletes: vec![], orders: vec![] };
        store.commit(&shop, first).await.unwrap();
        // The scratch schema's own trigger, standing in for a failure of the server.
        for ddl in [
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$",
            "CREATE TRIGGER refuse BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION refuse()",
        ] {
            sqlx::query(ddl).execute(store.pool()).await.unwrap();
        }
        let order: Order = serde_json::from_value(serde_json::json!({
            "order_id": "1001", "status": "pending", "items": [], "total": 1.0, "currency": "USD"
        }))
        .unwrap();
        let second = Changes {
            record: record("m2"),
            upserts: vec![passage("p2", "two")],
            deletes: vec!["p1".into()],
            orders: vec![order],
        };
        let err = store.commit(&shop, second).await.expect_err("the trigger refuses the order");
        assert!(matches!(&err, StoreError::Storage(m) if m.contains("refused")), "{err}");
        let snapshot = store.snapshot(&shop).await.unwrap().unwrap();
        assert_eq!(snapshot.record.model, "m1", "nothing of the failed commit is kept");
        assert_eq!(snapshot.passages.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["p1"]);
        assert!(snapshot.orders.is_empty());
        store.close().await;
    }
}
