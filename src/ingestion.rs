//! Ingestion: a shop directory in, searchable knowledge out.
//!
//! Read and validate everything (a bad shop is rejected whole, before anything is written) →
//! chunk → compare content hashes with what is stored → embed only new and changed passages →
//! commit passages, vectors, orders and settings in one transaction → update the vector index
//! and the in-memory view. Re-ingesting an unchanged shop embeds nothing.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::channels::OrderUpdate;
use crate::domain::{Language, OrderStatus, ShopId, now_ms};
use crate::knowledge::catalogue::Catalogue;
use crate::knowledge::chunk::{self, Chunk};
use crate::knowledge::parse::{Problem, read_shop};
use crate::knowledge::store::{Changes, KnowledgeStore, ShopRecord, Snapshot, StoreError, StoredPassage};
use crate::knowledge::{LearnedFaq, Order};
use crate::retrieval::hybrid::{KnowledgeBase, ShopView};
use crate::retrieval::index::{IndexError, VectorIndex};
use crate::retrieval::{EmbedError, Embedder, TextKind};
use crate::shop::{ShopDirectory, parse_shop_toml};
use crate::telemetry::events;

/// What one ingestion did.
#[derive(Debug, Clone)]
pub struct IngestReport {
    pub shop: ShopId,
    pub passages: usize,
    pub embedded: usize,
    pub unchanged: usize,
    pub deleted: usize,
    pub orders: usize,
    pub warnings: Vec<Problem>,
    pub elapsed: Duration,
    /// Of `elapsed`, the time spent embedding the new and changed passages.
    pub embedding: Duration,
    /// Of `elapsed`, the time spent warming what questions will need (`Warmup`): nothing when
    /// the shop's language and attributes were already warm on this node.
    pub warming: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("the shop has {} problem(s); nothing was written:\n{}", .0.len(), .0.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
    #[error(transparent)]
    Embed(#[from] EmbedError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Index(#[from] IndexError),
}

pub struct Ingestor {
    pub store: Arc<dyn KnowledgeStore>,
    pub index: Arc<dyn VectorIndex>,
    pub embedder: Arc<dyn Embedder>,
    pub knowledge: Arc<KnowledgeBase>,
    pub shops: Arc<ShopDirectory>,
    /// One ingestion at a time: two at once could interleave their diffs.
    pub lock: tokio::sync::Mutex<()>,
    /// The other nodes, told when a shop's knowledge changes here (`hub.backend = "redis"`).
    notice: std::sync::OnceLock<Arc<dyn ChangeNotice>>,
    /// Run on each catalogue this node ingests, before the ingestion reports done.
    warmup: std::sync::OnceLock<Arc<dyn Warmup>>,
}

/// Tells the other nodes that a shop's knowledge changed in the store, so each reloads its
/// in-memory view (`Ingestor::reload`). Never waits: a node that misses a notice serves the
/// older view until the next change or restart.
pub trait ChangeNotice: Send + Sync {
    fn changed(&self, shop: &ShopId);
}

/// Prepares what answers read of a shop (its attributes' vectors, the vectors of the words
/// questions are expanded with in its language) before buyers ask.
#[async_trait::async_trait]
pub trait Warmup: Send + Sync {
    async fn warm(&self, language: &Language, catalogue: &Catalogue);
}

impl Ingestor {
    pub fn new(
        store: Arc<dyn KnowledgeStore>,
        index: Arc<dyn VectorIndex>,
        embedder: Arc<dyn Embedder>,
        knowledge: Arc<KnowledgeBase>,
        shops: Arc<ShopDirectory>,
    ) -> Ingestor {
        Ingestor {
            store,
            index,
            embedder,
            knowledge,
            shops,
            lock: tokio::sync::Mutex::new(()),
            notice: std::sync::OnceLock::new(),
            warmup: std::sync::OnceLock::new(),
        }
    }

    /// Ingests `dir` as shop `shop`.
    #[tracing::instrument(skip_all, fields(shop = %shop))]
    pub async fn ingest(&self, shop: &ShopId, dir: &Path) -> Result<IngestReport, IngestError> {
        let started = Instant::now();
        let result = self.ingest_whole(shop, dir).await;
        match &result {
            Ok(report) => events::ingestion("done", report.passages, report.embedded, report.elapsed),
            Err(IngestError::Invalid(_)) => events::ingestion("invalid", 0, 0, started.elapsed()),
            Err(IngestError::Embed(_) | IngestError::Store(_) | IngestError::Index(_)) => {
                events::ingestion("failed", 0, 0, started.elapsed());
            }
        }
        result
    }

    async fn ingest_whole(&self, shop: &ShopId, dir: &Path) -> Result<IngestReport, IngestError> {
        let _one_at_a_time = self.lock.lock().await;
        // Another node changing the same shop waits too: a saved FAQ or an order update is a
        // read, change and write that would otherwise lose the other node's change.
        let _everywhere = self.store.write_lock(shop).await?;
        let started = Instant::now();
        let (id, path) = (shop.clone(), dir.to_owned());
        let parsed = tokio::task::spawn_blocking(move || read_shop(id, &path))
            .await
            .map_err(|e| IngestError::Invalid(vec![problem(format!("reading failed: {e}"))]))?;
        let (knowledge, warnings) = parsed.map_err(IngestError::Invalid)?;
        if let Some(conflict) = self.shops.conflict(&knowledge.shop) {
            return Err(IngestError::Invalid(vec![problem(format!("shop.toml: {conflict}"))]));
        }
        let shop_toml = std::fs::read_to_string(dir.join("shop.toml"))
            .map_err(|e| IngestError::Invalid(vec![problem(format!("shop.toml: {e}"))]))?;
        let previous = self.store.record(shop).await?;
        let learned = previous.as_ref().map(|r| r.learned.clone()).unwrap_or_default();
        let mut chunks = chunk::chunks(&knowledge);
        chunks.extend(chunk::learned_chunks(&learned, &knowledge.shop.default_language));

        let stored = self.store.hashes(shop).await?;
        let same_model = previous.is_some_and(|r| r.model == self.embedder.model());
        let unchanged = |c: &Chunk| same_model && stored.get(&c.id) == Some(&c.hash);
        let changed: Vec<&Chunk> = chunks.iter().filter(|c| !unchanged(c)).collect();
        let new_ids: std::collections::HashSet<&str> = chunks.iter().map(|c| c.id.as_str()).collect();
        let deletes: Vec<String> = stored.keys().filter(|id| !new_ids.contains(id.as_str())).cloned().collect();

        let embedding = Instant::now();
        let vectors = self.embed(&changed).await?;
        let embedding = embedding.elapsed();
        let upserts: Vec<StoredPassage> =
            changed.iter().zip(vectors).map(|(c, vector)| stored_passage(c, vector)).collect();
        let record = ShopRecord {
            shop_toml,
            model: self.embedder.model().to_owned(),
            dimension: self.embedder.dimension(),
            ingested_at_ms: now_ms(),
            passages: chunks.len(),
            orders: knowledge.orders.len(),
            indexed: false,
            shipping: knowledge.shipping.clone(),
            products: knowledge.products.clone(),
            learned,
        };
        let points: Vec<(String, Vec<f32>)> = upserts.iter().map(|p| (p.id.clone(), p.vector.clone())).collect();
        let report = IngestReport {
            shop: shop.clone(),
            passages: chunks.len(),
            embedded: upserts.len(),
            unchanged: chunks.len() - upserts.len(),
            deleted: deletes.len(),
            orders: knowledge.orders.len(),
            warnings,
            elapsed: Duration::ZERO,
            embedding,
            warming: Duration::ZERO,
        };
        let orders = self.keep_later_changes(shop, knowledge.orders.clone());
        let changes = Changes { record, upserts, deletes: deletes.clone(), orders };
        self.store.commit(shop, changes).await?;

        // The store is committed; should the index update fail, `indexed` stays false and the
        // next start (or ingestion) brings the index back in line with the store.
        self.index.upsert(shop, &points).await?;
        self.index.delete(shop, &deletes).await?;
        self.store.set_indexed(shop, true).await?;
        self.refresh(shop).await?;
        let warming = Instant::now();
        if let (Some(warmup), Some(view)) = (self.warmup.get(), self.knowledge.get(shop)) {
            warmup.warm(view.language(), &view.catalogue()).await;
        }
        Ok(IngestReport { elapsed: started.elapsed(), warming: warming.elapsed(), ..report })
    }

    /// The file's orders, except those kefu holds a later version of (`updated_at`): an action
    /// kefu carried out, or a platform's update, is not undone by ingesting an older file. An
    /// order in the file without `updated_at` counts as older than one with it.
    fn keep_later_changes(&self, shop: &ShopId, orders: Vec<Order>) -> Vec<Order> {
        let Some(view) = self.knowledge.get(shop) else { return orders };
        orders
            .into_iter()
            .map(|incoming| match view.order(&incoming.order_id) {
                Some(known) if known.order_id.eq_ignore_ascii_case(&incoming.order_id) && later(known, &incoming) => {
                    tracing::info!(shop = %shop, "an order changed since the file was written is kept as kefu has it");
                    Order { line: incoming.line, ..known.clone() }
                }
                _ => incoming,
            })
            .collect()
    }

    /// Saves an answer as one of the shop's FAQ entries (replacing an entry with the same
    /// question) and makes it searchable at once: only its passage is embedded.
    #[tracing::instrument(skip_all, fields(shop = %shop))]
    pub async fn learn(&self, shop: &ShopId, entry: LearnedFaq) -> Result<(), IngestError> {
        let _one_at_a_time = self.lock.lock().await;
        // Another node changing the same shop waits too: a saved FAQ or an order update is a
        // read, change and write that would otherwise lose the other node's change.
        let _everywhere = self.store.write_lock(shop).await?;
        let snapshot = self.store.snapshot(shop).await?.ok_or_else(|| {
            IngestError::Invalid(vec![problem(format!("shop {shop} is not ingested; ingest it before saving answers"))])
        })?;
        let settings = parse_shop_toml(shop.clone(), &snapshot.record.shop_toml, Path::new("."))
            .map_err(|e| IngestError::Invalid(vec![problem(format!("stored shop.toml: {e}"))]))?;
        let mut record = snapshot.record;
        let same = |e: &LearnedFaq| e.question.trim().eq_ignore_ascii_case(entry.question.trim());
        record.learned.retain(|e| !same(e));
        record.learned.push(entry);
        let chunks = chunk::learned_chunks(&record.learned, &settings.default_language);
        let stored: HashMap<&str, &str> = snapshot.passages.iter().map(|p| (p.id.as_str(), p.hash.as_str())).collect();
        let changed: Vec<&Chunk> =
            chunks.iter().filter(|c| stored.get(c.id.as_str()) != Some(&c.hash.as_str())).collect();
        let added = changed.iter().filter(|c| !stored.contains_key(c.id.as_str())).count();
        let vectors = self.embed(&changed).await?;
        let upserts: Vec<StoredPassage> =
            changed.iter().zip(vectors).map(|(c, vector)| stored_passage(c, vector)).collect();
        let points: Vec<(String, Vec<f32>)> = upserts.iter().map(|p| (p.id.clone(), p.vector.clone())).collect();
        record.passages += added;
        record.indexed = false;
        let changes = Changes { record, upserts, deletes: Vec::new(), orders: snapshot.orders };
        self.store.commit(shop, changes).await?;
        self.index.upsert(shop, &points).await?;
        self.store.set_indexed(shop, true).await?;
        self.refresh(shop).await
    }

    /// Applies what a platform reported about an order (Shopify's order and fulfilment
    /// webhooks) to the shop's stored orders: a whole order is added or replaces the one with
    /// its id; a shipment updates a known order (one not known yet is left for its order
    /// webhook). Answered from at once.
    #[tracing::instrument(skip_all, fields(shop = %shop))]
    pub async fn update_order(&self, shop: &ShopId, update: OrderUpdate) -> Result<(), IngestError> {
        let _one_at_a_time = self.lock.lock().await;
        // Another node changing the same shop waits too: a saved FAQ or an order update is a
        // read, change and write that would otherwise lose the other node's change.
        let _everywhere = self.store.write_lock(shop).await?;
        let snapshot = self.store.snapshot(shop).await?.ok_or_else(|| {
            IngestError::Invalid(vec![problem(format!("shop {shop} is not ingested; ingest it before sending orders"))])
        })?;
        let mut orders = snapshot.orders;
        match update {
            OrderUpdate::Order(order) => {
                let known = orders.iter().find(|o| o.order_id.eq_ignore_ascii_case(&order.order_id));
                if known.is_some_and(|known| !newer(order.updated_at.as_deref(), known.updated_at.as_deref())) {
                    tracing::info!(shop = %shop, "an order update older than what kefu has: not applied");
                    return Ok(());
                }
                orders.retain(|o| !o.order_id.eq_ignore_ascii_case(&order.order_id));
                orders.push(*order);
            }
            OrderUpdate::Fulfillment { order_id, carrier, tracking_number, shipped_at, delivered_at, updated_at } => {
                let Some(order) = orders.iter_mut().find(|o| o.order_id.eq_ignore_ascii_case(&order_id)) else {
                    tracing::warn!(shop = %shop, "a shipment of an order kefu does not know yet; its order webhook will bring it");
                    return Ok(());
                };
                if !newer(updated_at.as_deref(), order.updated_at.as_deref()) {
                    tracing::info!(shop = %shop, "a shipment update older than what kefu has: not applied");
                    return Ok(());
                }
                order.updated_at = updated_at.or(order.updated_at.take());
                order.carrier = carrier.or(order.carrier.take());
                order.tracking_number = tracking_number.or(order.tracking_number.take());
                order.shipped_at = shipped_at.or(order.shipped_at.take());
                order.status = if delivered_at.is_some() { OrderStatus::Delivered } else { OrderStatus::Shipped };
                order.delivered_at = delivered_at.or(order.delivered_at.take());
            }
        }
        let mut record = snapshot.record;
        record.orders = orders.len();
        let changes = Changes { record, upserts: Vec::new(), deletes: Vec::new(), orders };
        self.store.commit(shop, changes).await?;
        self.refresh(shop).await
    }

    /// Replaces one order of a stored shop with `order` (an action kefu carried out on it), or
    /// adds it. Answered from at once.
    pub async fn replace_order(&self, shop: &ShopId, order: Order) -> Result<(), IngestError> {
        let _one_at_a_time = self.lock.lock().await;
        // Another node changing the same shop waits too: a saved FAQ or an order update is a
        // read, change and write that would otherwise lose the other node's change.
        let _everywhere = self.store.write_lock(shop).await?;
        let snapshot = self.store.snapshot(shop).await?.ok_or_else(|| {
            IngestError::Invalid(vec![problem(format!("shop {shop} is not ingested; its orders cannot change"))])
        })?;
        let mut orders = snapshot.orders;
        match orders.iter_mut().find(|o| o.order_id.eq_ignore_ascii_case(&order.order_id)) {
            Some(known) => *known = order,
            None => orders.push(order),
        }
        let mut record = snapshot.record;
        record.orders = orders.len();
        let changes = Changes { record, upserts: Vec::new(), deletes: Vec::new(), orders };
        self.store.commit(shop, changes).await?;
        self.refresh(shop).await
    }

    /// Loads a stored shop into the shop directory, the in-memory view and (when `vectors`)
    /// the vector index. Used at start for every stored shop, and after each ingestion.
    pub async fn load(&self, shop: &ShopId, vectors: bool) -> Result<(), IngestError> {
        let Some(snapshot) = self.store.snapshot(shop).await? else { return Ok(()) };
        let settings = parse_shop_toml(shop.clone(), &snapshot.record.shop_toml, Path::new("."))
            .map_err(|e| IngestError::Invalid(vec![problem(format!("stored shop.toml: {e}"))]))?;
        if snapshot.record.model != self.embedder.model() {
            tracing::error!(shop = %shop, stored = %snapshot.record.model, current = %self.embedder.model(),
                "the shop was embedded with another model: only keyword search works until it is ingested again");
        } else if vectors {
            self.sync_index(shop, &snapshot).await?;
        }
        let has_products = snapshot.passages.iter().any(|p| p.source.kind == crate::domain::SourceKind::Product);
        if has_products && snapshot.record.products.is_empty() {
            tracing::warn!(shop = %shop,
                "the shop was ingested by an older kefu that kept no product records: catalogue answers (variants, attributes, prices) are off until it is ingested again (kefu ingest)");
        }
        let variants = variant_skus(&snapshot.passages);
        let view = ShopView::new(settings.default_language.clone(), snapshot.passages, snapshot.orders, variants)
            .with_shipping(snapshot.record.shipping)
            .with_catalogue(Catalogue::new(snapshot.record.products));
        if let Some(conflict) = self.shops.conflict(&settings) {
            tracing::error!(shop = %shop, conflict = %conflict,
                "two shops claim one platform account: deliveries for it are refused until one shop is ingested without it");
        }
        self.knowledge.insert(shop.clone(), view);
        self.shops.insert(settings);
        Ok(())
    }

    /// Stops serving the shop and removes its knowledge — record, passages, orders, vectors —
    /// (its deletion); whether it was known.
    #[tracing::instrument(skip_all, fields(shop = %shop))]
    pub async fn remove(&self, shop: &ShopId) -> Result<bool, IngestError> {
        let _one_at_a_time = self.lock.lock().await;
        // Another node changing the same shop waits too: a saved FAQ or an order update is a
        // read, change and write that would otherwise lose the other node's change.
        let _everywhere = self.store.write_lock(shop).await?;
        let served = self.shops.remove(shop);
        self.knowledge.remove(shop);
        let stored = self.store.remove(shop).await?;
        self.index.clear(shop).await?;
        self.announce(shop);
        Ok(served || stored)
    }

    /// Fills the index with the stored vectors. A persistent index that is known to be in
    /// line with the store (and holds as many points) is left alone; otherwise it is rebuilt.
    async fn sync_index(&self, shop: &ShopId, snapshot: &Snapshot) -> Result<(), IngestError> {
        if self.index.persistent() {
            if snapshot.record.indexed && self.index.len(shop).await? == snapshot.passages.len() {
                return Ok(());
            }
            tracing::warn!(shop = %shop, "the vector index is behind the store: rebuilding this shop's points");
            self.index.clear(shop).await?;
        }
        let points: Vec<(String, Vec<f32>)> =
            snapshot.passages.iter().map(|p| (p.id.clone(), p.vector.clone())).collect();
        self.index.upsert(shop, &points).await?;
        self.store.set_indexed(shop, true).await?;
        Ok(())
    }

    /// Warms each catalogue ingested here from now on. A second call is ignored.
    pub fn set_warmup(&self, warmup: Arc<dyn Warmup>) {
        let _already_set = self.warmup.set(warmup);
    }

    /// Tells the other nodes about this node's changes from now on. A second call is ignored.
    pub fn set_notice(&self, notice: Arc<dyn ChangeNotice>) {
        let _already_set = self.notice.set(notice);
    }

    /// After a change here: this node's view from the store, and a notice to the others.
    async fn refresh(&self, shop: &ShopId) -> Result<(), IngestError> {
        self.load(shop, false).await?;
        self.announce(shop);
        Ok(())
    }

    fn announce(&self, shop: &ShopId) {
        if let Some(notice) = self.notice.get() {
            notice.changed(shop);
        }
    }

    /// After another node changed the shop: reads it from the store again — passages, orders,
    /// settings and (for an index in this process) its vectors — or forgets it when it was
    /// removed.
    #[tracing::instrument(skip_all, fields(shop = %shop))]
    pub async fn reload(&self, shop: &ShopId) -> Result<(), IngestError> {
        let _one_at_a_time = self.lock.lock().await;
        let local_index = !self.index.persistent();
        if self.store.record(shop).await?.is_none() {
            self.shops.remove(shop);
            self.knowledge.remove(shop);
            if local_index {
                self.index.clear(shop).await?;
            }
            return Ok(());
        }
        if local_index {
            // Passages the other node deleted must leave this node's index too.
            self.index.clear(shop).await?;
        }
        self.load(shop, true).await
    }

    /// Embeds on the blocking pool; the embedder sorts by length and batches.
    async fn embed(&self, chunks: &[&Chunk]) -> Result<Vec<Vec<f32>>, IngestError> {
        if chunks.is_empty() {
            return Ok(Vec::new());
        }
        let embedder = self.embedder.clone();
        let texts: Vec<String> = chunks.iter().map(|c| c.text.clone()).collect();
        tokio::task::spawn_blocking(move || {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            embedder.embed(TextKind::Passage, &refs)
        })
        .await
        .map_err(|e| EmbedError(format!("embedding task failed: {e}")))?
        .map_err(IngestError::Embed)
    }
}

fn stored_passage(c: &Chunk, vector: Vec<f32>) -> StoredPassage {
    StoredPassage {
        id: c.id.clone(),
        source: c.source.clone(),
        location: c.location.clone(),
        language: c.language.clone(),
        text: c.text.clone(),
        hash: c.hash.clone(),
        vector,
    }
}

#[async_trait::async_trait]
impl crate::channels::worker::OrderUpdates for Ingestor {
    async fn update_order(&self, shop: &ShopId, update: OrderUpdate) -> Result<(), String> {
        Ingestor::update_order(self, shop, update).await.map_err(|e| e.to_string())
    }
}

#[async_trait::async_trait]
impl crate::actions::OrderRecords for Ingestor {
    async fn replace_order(&self, shop: &ShopId, order: Order) -> Result<(), String> {
        Ingestor::replace_order(self, shop, order).await.map_err(|e| e.to_string())
    }
}

/// Variant SKUs, read back from product passages ("variant SKU: …" lines), mapped to their
/// product's SKU, so a buyer naming a variant finds the product.
fn variant_skus(passages: &[StoredPassage]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let products = passages.iter().filter(|p| p.source.kind == crate::domain::SourceKind::Product);
    for passage in products {
        for line in passage.text.lines() {
            if let Some((sku, _)) = line.strip_prefix("variant ").and_then(|rest| rest.split_once(':')) {
                out.push((sku.trim().to_owned(), passage.source.id.clone()));
            }
        }
    }
    let unique: HashMap<String, String> = out.into_iter().collect();
    unique.into_iter().collect()
}

/// Whether an update stamped `incoming` may replace what was stamped `known`: when either has no
/// time (a shop's own file, a platform that does not say) the update wins; otherwise only a
/// strictly later time does, so a redelivery or a late, older update changes nothing.
/// Whether `known` changed after `incoming` was written: it has an `updated_at` and the incoming
/// order has none or an earlier one.
fn later(known: &Order, incoming: &Order) -> bool {
    match (&known.updated_at, &incoming.updated_at) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(known), Some(incoming)) => !newer(Some(incoming), Some(known)),
    }
}

fn newer(incoming: Option<&str>, known: Option<&str>) -> bool {
    let time = |t: &str| t.parse::<jiff::Timestamp>().ok();
    match (incoming.and_then(time), known.and_then(time)) {
        (Some(incoming), Some(known)) => incoming > known,
        _ => true,
    }
}

fn problem(message: String) -> Problem {
    Problem { file: "shop".into(), line: None, field: None, message }
}

#[cfg(test)]
mod tests {
    use super::{later, newer};
    use crate::knowledge::Order;

    fn stamped(updated_at: Option<&str>) -> Order {
        let mut order: Order = serde_json::from_value(serde_json::json!({"order_id": "1001", "status": "pending",
            "items": [], "total": 1.0, "currency": "USD"}))
        .unwrap();
        order.updated_at = updated_at.map(str::to_owned);
        order
    }

    #[test]
    fn ingesting_an_older_file_keeps_what_kefu_changed_since() {
        let kefu = stamped(Some("2026-12-07T10:00:00Z"));
        assert!(later(&kefu, &stamped(None)), "a file without times is older than kefu's action");
        assert!(later(&kefu, &stamped(Some("2026-12-06T10:00:00Z"))));
        assert!(!later(&kefu, &stamped(Some("2026-12-08T10:00:00Z"))), "a later file wins");
        assert!(!later(&stamped(None), &stamped(None)), "nothing changed since: the file wins");
    }

    #[test]
    fn only_a_strictly_later_update_replaces_a_stamped_order() {
        let at = |t: &'static str| Some(t);
        assert!(newer(at("2026-11-23T10:00:00Z"), at("2026-11-22T10:00:00-05:00")));
        assert!(!newer(at("2026-11-22T14:00:00Z"), at("2026-11-22T10:00:00-05:00")), "14:00Z is 09:00-05:00");
        assert!(!newer(at("2026-11-22T15:00:00Z"), at("2026-11-22T10:00:00-05:00")), "the same instant");
        assert!(newer(None, at("2026-11-22T10:00:00Z")), "an update without a time wins");
        assert!(newer(at("2026-11-22T10:00:00Z"), None));
        assert!(newer(at("not a time"), at("2026-11-22T10:00:00Z")));
    }
}
