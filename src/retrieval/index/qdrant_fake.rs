//! A fake Qdrant server, for tests only: Qdrant's own gRPC services (the tonic server traits
//! generated in qdrant-client) backed by memory, so the Qdrant adapter can run the index
//! contract where no Qdrant server can run.
//!
//! It follows Qdrant's documented gRPC contract for the calls the adapter makes: health check;
//! collection exists, create (one unnamed dense vector, Cosine), info, delete; point upsert
//! (UUID or numeric ids, dense vectors, payload), delete (by ids or filter), payload index
//! creation, count (always exact) and query (nearest dense vector, filter, limit, offset,
//! payload selector). Cosine vectors are normalised when stored and when queried, as Qdrant
//! does, so a score is the cosine similarity; search is exhaustive, so index tuning (HNSW,
//! quantization, optimizers, search params) is recorded but changes nothing. Filters support
//! `must`, `should`, `must_not`, `min_should` and nested filters over `match` keyword / keywords
//! on top-level payload fields. Errors use Qdrant's status codes: an unknown collection is
//! `NotFound`, bad input (wrong vector size, limit 0, …) `InvalidArgument`. Anything else — any
//! other method, condition, query kind or option that would change a result — is
//! `Unimplemented`, never silently ignored.
//!
//! The fake also records every points request (see [`Call`]), so a test can check that each
//! read and delete was restricted to one shop inside the index.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use qdrant_client::qdrant as q;
use qdrant_client::qdrant::collections_server::{Collections, CollectionsServer};
use qdrant_client::qdrant::points_server::{Points, PointsServer};
use qdrant_client::qdrant::qdrant_server::{Qdrant, QdrantServer};
use tonic::transport::server::TcpIncoming;
use tonic::{Request, Response, Status};

/// The payload field whose `match` conditions are recorded in [`Call`].
pub const TENANT_FIELD: &str = "shop_id";
/// What every gRPC method returns.
type Reply<T> = Result<Response<T>, Status>;
/// Qdrant's default `limit` of a query.
const DEFAULT_LIMIT: u64 = 10;

/// Starts a fake server on a free local port; returns its URL (`http://127.0.0.1:PORT`) and
/// its state. It serves until the test's runtime ends.
pub async fn spawn() -> (String, Arc<State>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a local port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    let state = Arc::new(State::default());
    let fake = Fake { state: Arc::clone(&state) };
    let server = tonic::transport::Server::builder()
        .add_service(QdrantServer::new(fake.clone()))
        .add_service(CollectionsServer::new(fake.clone()))
        .add_service(PointsServer::new(fake))
        .serve_with_incoming(TcpIncoming::from(listener));
    tokio::spawn(async move { server.await.expect("fake Qdrant server") });
    (url, state)
}

/// A points request as the fake received it (whether it then succeeded or not).
#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    /// The [`TENANT_FIELD`] string in each upserted point's payload, in order (`None`: none).
    Upsert { collection: String, shops: Vec<Option<String>> },
    /// `shop`: the keyword a condition in the filter's top-level `must` requires of
    /// [`TENANT_FIELD`]; `None` when nothing restricts the request to one shop that way
    /// (no filter, a list of ids, or only `should` / `must_not` conditions on it).
    Delete { collection: String, shop: Option<String> },
    /// `shop` as for `Delete`.
    Query { collection: String, shop: Option<String> },
    /// `shop` as for `Delete`.
    Count { collection: String, shop: Option<String> },
}

/// A payload index as created.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldIndex {
    pub field_type: q::FieldType,
    pub params: Option<q::payload_index_params::IndexParams>,
}

/// What the fake holds, shared with the test that spawned it.
#[derive(Default)]
pub struct State {
    inner: Mutex<Inner>,
}

impl State {
    /// Every points request received so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.lock().calls.clone()
    }

    /// The request that created `collection`, if it exists.
    pub fn created(&self, collection: &str) -> Option<q::CreateCollection> {
        self.lock().collections.get(collection).map(|c| c.created.clone())
    }

    /// The payload index on `field` of `collection`, if there is one.
    pub fn field_index(&self, collection: &str, field: &str) -> Option<FieldIndex> {
        self.lock().collections.get(collection).and_then(|c| c.indexes.get(field).cloned())
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[derive(Default)]
struct Inner {
    collections: BTreeMap<String, Collection>,
    calls: Vec<Call>,
    /// The last update operation's id.
    operation: u64,
}

impl Inner {
    fn collection(&mut self, name: &str) -> Result<&mut Collection, Status> {
        self.collections
            .get_mut(name)
            .ok_or_else(|| Status::not_found(format!("Not found: Collection `{name}` doesn't exist!")))
    }

    fn next_operation(&mut self) -> u64 {
        self.operation += 1;
        self.operation
    }
}

struct Collection {
    created: q::CreateCollection,
    /// The vector size, from `created`.
    size: usize,
    indexes: BTreeMap<String, FieldIndex>,
    points: BTreeMap<PointKey, Stored>,
}

impl Collection {
    /// A vector as stored and compared: of the collection's size, normalised for Cosine.
    fn vector(&self, vector: Vec<f32>) -> Result<Vec<f32>, Status> {
        if vector.len() != self.size {
            return Err(Status::invalid_argument(format!(
                "Wrong input: Vector dimension error: expected dim: {}, got {}",
                self.size,
                vector.len()
            )));
        }
        let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
        // Like Qdrant, a (near) zero vector is kept as it is.
        if norm < f32::EPSILON { Ok(vector) } else { Ok(vector.into_iter().map(|x| x / norm).collect()) }
    }

    fn info(&self) -> q::CollectionInfo {
        let created = &self.created;
        let payload_schema = self
            .indexes
            .iter()
            .map(|(field, index)| {
                let points = self.points.values().filter(|p| p.payload.contains_key(field)).count() as u64;
                let info = q::PayloadSchemaInfo {
                    data_type: schema_type(index.field_type) as i32,
                    params: index.params.clone().map(|p| q::PayloadIndexParams { index_params: Some(p) }),
                    points: Some(points),
                };
                (field.clone(), info)
            })
            .collect();
        q::CollectionInfo {
            status: q::CollectionStatus::Green as i32,
            optimizer_status: Some(q::OptimizerStatus { ok: true, error: String::new() }),
            segments_count: 1,
            config: Some(q::CollectionConfig {
                params: Some(q::CollectionParams {
                    shard_number: created.shard_number.unwrap_or(1),
                    vectors_config: created.vectors_config.clone(),
                    replication_factor: Some(created.replication_factor.unwrap_or(1)),
                    write_consistency_factor: Some(created.write_consistency_factor.unwrap_or(1)),
                    ..Default::default()
                }),
                hnsw_config: Some(hnsw_config(created.hnsw_config.as_ref())),
                optimizer_config: created.optimizers_config,
                wal_config: created.wal_config,
                quantization_config: created.quantization_config,
                strict_mode_config: created.strict_mode_config.clone(),
                metadata: created.metadata.clone(),
            }),
            payload_schema,
            points_count: Some(self.points.len() as u64),
            indexed_vectors_count: Some(0),
            ..Default::default()
        }
    }
}

/// The HNSW configuration a collection reports: Qdrant's defaults, overridden by what was
/// given at creation.
fn hnsw_config(given: Option<&q::HnswConfigDiff>) -> q::HnswConfigDiff {
    let given = given.cloned().unwrap_or_default();
    q::HnswConfigDiff {
        m: given.m.or(Some(16)),
        ef_construct: given.ef_construct.or(Some(100)),
        full_scan_threshold: given.full_scan_threshold.or(Some(10_000)),
        max_indexing_threads: given.max_indexing_threads.or(Some(0)),
        ..given
    }
}

fn schema_type(field_type: q::FieldType) -> q::PayloadSchemaType {
    match field_type {
        q::FieldType::Keyword => q::PayloadSchemaType::Keyword,
        q::FieldType::Integer => q::PayloadSchemaType::Integer,
        q::FieldType::Float => q::PayloadSchemaType::Float,
        q::FieldType::Geo => q::PayloadSchemaType::Geo,
        q::FieldType::Text => q::PayloadSchemaType::Text,
        q::FieldType::Bool => q::PayloadSchemaType::Bool,
        q::FieldType::Datetime => q::PayloadSchemaType::Datetime,
        q::FieldType::Uuid => q::PayloadSchemaType::Uuid,
    }
}

/// The field type that index parameters are for.
fn params_type(params: &q::payload_index_params::IndexParams) -> q::FieldType {
    use q::payload_index_params::IndexParams;
    match params {
        IndexParams::KeywordIndexParams(_) => q::FieldType::Keyword,
        IndexParams::IntegerIndexParams(_) => q::FieldType::Integer,
        IndexParams::FloatIndexParams(_) => q::FieldType::Float,
        IndexParams::GeoIndexParams(_) => q::FieldType::Geo,
        IndexParams::TextIndexParams(_) => q::FieldType::Text,
        IndexParams::BoolIndexParams(_) => q::FieldType::Bool,
        IndexParams::DatetimeIndexParams(_) => q::FieldType::Datetime,
        IndexParams::UuidIndexParams(_) => q::FieldType::Uuid,
    }
}

struct Stored {
    vector: Vec<f32>,
    payload: HashMap<String, q::Value>,
    /// The operation that last wrote the point.
    version: u64,
}

/// A point id: Qdrant's ids are unsigned integers or UUIDs (compared parsed, not as text).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum PointKey {
    Num(u64),
    Uuid(uuid::Uuid),
}

impl PointKey {
    fn parse(id: Option<&q::PointId>) -> Result<PointKey, Status> {
        use q::point_id::PointIdOptions;
        match id.and_then(|id| id.point_id_options.as_ref()) {
            Some(PointIdOptions::Num(n)) => Ok(PointKey::Num(*n)),
            Some(PointIdOptions::Uuid(text)) => uuid::Uuid::parse_str(text)
                .map(PointKey::Uuid)
                .map_err(|e| Status::invalid_argument(format!("Unable to parse UUID: {text}: {e}"))),
            None => Err(Status::invalid_argument("Wrong input: a point has no id")),
        }
    }

    fn to_point_id(&self) -> q::PointId {
        use q::point_id::PointIdOptions;
        let options = match self {
            PointKey::Num(n) => PointIdOptions::Num(*n),
            PointKey::Uuid(uuid) => PointIdOptions::Uuid(uuid.to_string()),
        };
        q::PointId { point_id_options: Some(options) }
    }
}

/// A point's dense vector: the `vector` oneof, or the legacy `data` field Qdrant still accepts.
#[allow(deprecated, reason = "Qdrant still accepts the deprecated `data` form of a dense vector")]
fn dense_vector(vectors: Option<&q::Vectors>) -> Result<Vec<f32>, Status> {
    use q::vectors::VectorsOptions;
    let vector = match vectors.and_then(|v| v.vectors_options.as_ref()) {
        Some(VectorsOptions::Vector(vector)) => vector,
        Some(VectorsOptions::Vectors(_)) => return Err(unsupported("named vectors")),
        None => return Err(Status::invalid_argument("Wrong input: a point has no vector")),
    };
    match &vector.vector {
        Some(q::vector::Vector::Dense(dense)) => Ok(dense.data.clone()),
        Some(
            q::vector::Vector::Sparse(_)
            | q::vector::Vector::MultiDense(_)
            | q::vector::Vector::Document(_)
            | q::vector::Vector::Image(_)
            | q::vector::Vector::Object(_),
        ) => Err(unsupported("vectors other than dense ones")),
        None if vector.indices.is_none() && vector.vectors_count.is_none() => Ok(vector.data.clone()),
        None => Err(unsupported("sparse or multi-dense vectors")),
    }
}

/// The dense vector of a `nearest` query.
fn nearest(query: Option<q::Query>) -> Result<Vec<f32>, Status> {
    use q::query::Variant;
    match query.and_then(|query| query.variant) {
        Some(Variant::Nearest(q::VectorInput { variant: Some(q::vector_input::Variant::Dense(dense)) })) => {
            Ok(dense.data)
        }
        Some(Variant::Nearest(input)) => Err(unsupported(&format!("nearest query by {input:?}"))),
        Some(
            variant @ (Variant::Recommend(_)
            | Variant::Discover(_)
            | Variant::Context(_)
            | Variant::OrderBy(_)
            | Variant::Fusion(_)
            | Variant::Sample(_)
            | Variant::Formula(_)
            | Variant::NearestWithMmr(_)
            | Variant::Rrf(_)
            | Variant::RelevanceFeedback(_)
            | Variant::Text(_)),
        ) => Err(unsupported(&format!("query {variant:?}"))),
        None => Err(unsupported("a query without `query` (scroll order)")),
    }
}

/// The payload fields a query returns.
enum PayloadSelector {
    None,
    All,
    Include(Vec<String>),
    Exclude(Vec<String>),
}

impl PayloadSelector {
    fn new(selector: Option<q::WithPayloadSelector>) -> Result<PayloadSelector, Status> {
        use q::with_payload_selector::SelectorOptions;
        let selector = match selector.and_then(|s| s.selector_options) {
            // Qdrant's default for a query: no payload.
            None | Some(SelectorOptions::Enable(false)) => PayloadSelector::None,
            Some(SelectorOptions::Enable(true)) => PayloadSelector::All,
            Some(SelectorOptions::Include(q::PayloadIncludeSelector { fields })) => PayloadSelector::Include(fields),
            Some(SelectorOptions::Exclude(q::PayloadExcludeSelector { fields })) => PayloadSelector::Exclude(fields),
        };
        if let PayloadSelector::Include(fields) | PayloadSelector::Exclude(fields) = &selector
            && let Some(path) = fields.iter().find(|f| is_path(f))
        {
            return Err(unsupported(&format!("payload selector with the nested path `{path}`")));
        }
        Ok(selector)
    }

    fn apply(&self, payload: &HashMap<String, q::Value>) -> HashMap<String, q::Value> {
        let keep = |key: &String| match self {
            PayloadSelector::None => false,
            PayloadSelector::All => true,
            PayloadSelector::Include(fields) => fields.contains(key),
            PayloadSelector::Exclude(fields) => !fields.contains(key),
        };
        payload.iter().filter(|(key, _)| keep(key)).map(|(key, value)| (key.clone(), value.clone())).collect()
    }
}

/// A Qdrant filter, checked once for support, then applied to payloads.
#[derive(Default)]
struct Filter {
    must: Vec<Condition>,
    should: Vec<Condition>,
    must_not: Vec<Condition>,
    min_should: Option<(Vec<Condition>, u64)>,
}

enum Condition {
    /// `match` keyword (one value) or keywords (any of them) on a top-level payload field.
    AnyOf {
        key: String,
        values: Vec<String>,
    },
    Filter(Filter),
}

impl Filter {
    /// No filter matches every point.
    fn new(filter: Option<&q::Filter>) -> Result<Filter, Status> {
        let Some(q::Filter { should, must, must_not, min_should }) = filter else { return Ok(Filter::default()) };
        let all = |conditions: &[q::Condition]| conditions.iter().map(Condition::new).collect::<Result<Vec<_>, _>>();
        Ok(Filter {
            must: all(must)?,
            should: all(should)?,
            must_not: all(must_not)?,
            min_should: match min_should {
                Some(q::MinShould { conditions, min_count }) => Some((all(conditions)?, *min_count)),
                None => None,
            },
        })
    }

    /// Qdrant's semantics: every `must`, at least one `should` (if any), no `must_not`, and at
    /// least `min_count` of `min_should`.
    fn matches(&self, payload: &HashMap<String, q::Value>) -> bool {
        let holds = |c: &Condition| c.matches(payload);
        self.must.iter().all(holds)
            && (self.should.is_empty() || self.should.iter().any(holds))
            && !self.must_not.iter().any(holds)
            && self
                .min_should
                .as_ref()
                .is_none_or(|(conditions, min)| conditions.iter().filter(|c| holds(c)).count() as u64 >= *min)
    }
}

impl Condition {
    fn new(condition: &q::Condition) -> Result<Condition, Status> {
        use q::condition::ConditionOneOf;
        match &condition.condition_one_of {
            Some(ConditionOneOf::Field(field)) => Condition::field(field),
            Some(ConditionOneOf::Filter(filter)) => Ok(Condition::Filter(Filter::new(Some(filter))?)),
            Some(
                other @ (ConditionOneOf::IsEmpty(_)
                | ConditionOneOf::HasId(_)
                | ConditionOneOf::IsNull(_)
                | ConditionOneOf::Nested(_)
                | ConditionOneOf::HasVector(_)
                | ConditionOneOf::Slice(_)),
            ) => Err(unsupported(&format!("filter condition {other:?}"))),
            None => Err(Status::invalid_argument("Wrong input: an empty filter condition")),
        }
    }

    fn field(field: &q::FieldCondition) -> Result<Condition, Status> {
        use q::r#match::MatchValue;
        let q::FieldCondition {
            key,
            r#match,
            range,
            geo_bounding_box,
            geo_radius,
            values_count,
            geo_polygon,
            datetime_range,
            is_empty,
            is_null,
        } = field;
        if range.is_some()
            || geo_bounding_box.is_some()
            || geo_radius.is_some()
            || values_count.is_some()
            || geo_polygon.is_some()
            || datetime_range.is_some()
            || is_empty.is_some()
            || is_null.is_some()
        {
            return Err(unsupported(&format!("field conditions on `{key}` other than `match`: {field:?}")));
        }
        if is_path(key) {
            return Err(unsupported(&format!("conditions on the nested payload path `{key}`")));
        }
        let values = match r#match.as_ref().and_then(|m| m.match_value.as_ref()) {
            Some(MatchValue::Keyword(keyword)) => vec![keyword.clone()],
            Some(MatchValue::Keywords(q::RepeatedStrings { strings })) => strings.clone(),
            Some(
                other @ (MatchValue::Integer(_)
                | MatchValue::Boolean(_)
                | MatchValue::Text(_)
                | MatchValue::Integers(_)
                | MatchValue::ExceptIntegers(_)
                | MatchValue::ExceptKeywords(_)
                | MatchValue::Phrase(_)
                | MatchValue::TextAny(_)
                | MatchValue::Prefix(_)
                | MatchValue::Substring(_)),
            ) => return Err(unsupported(&format!("match {other:?} on `{key}`"))),
            None => return Err(Status::invalid_argument(format!("Wrong input: an empty field condition on `{key}`"))),
        };
        Ok(Condition::AnyOf { key: key.clone(), values })
    }

    fn matches(&self, payload: &HashMap<String, q::Value>) -> bool {
        match self {
            // A string value matches if it is one of `values`; an array if any element is.
            Condition::AnyOf { key, values } => {
                let is_one = |value: &q::Value| matches!(&value.kind, Some(q::value::Kind::StringValue(s)) if values.contains(s));
                let value = payload.get(key);
                if let Some(q::value::Kind::ListValue(list)) = value.and_then(|value| value.kind.as_ref()) {
                    list.values.iter().any(is_one)
                } else {
                    value.is_some_and(is_one)
                }
            }
            Condition::Filter(filter) => filter.matches(payload),
        }
    }
}

/// Whether a payload key is a path into nested values, which the fake does not support.
fn is_path(key: &str) -> bool {
    key.contains(['.', '['])
}

/// The keyword a top-level `must` condition requires of [`TENANT_FIELD`], if any.
fn shop_of(filter: Option<&q::Filter>) -> Option<String> {
    use q::condition::ConditionOneOf;
    use q::r#match::MatchValue;
    filter?.must.iter().find_map(|condition| {
        let Some(ConditionOneOf::Field(field)) = &condition.condition_one_of else { return None };
        let Some(MatchValue::Keyword(shop)) = field.r#match.as_ref()?.match_value.as_ref() else { return None };
        (field.key == TENANT_FIELD).then(|| shop.clone())
    })
}

fn string_value(value: Option<&q::Value>) -> Option<String> {
    let Some(q::value::Kind::StringValue(s)) = value?.kind.as_ref() else { return None };
    Some(s.clone())
}

fn unsupported(what: &str) -> Status {
    Status::unimplemented(format!("fake qdrant: {what} is not supported"))
}

/// Fails with [`unsupported`] when `used`.
fn reject(used: bool, what: &str) -> Result<(), Status> {
    if used { Err(unsupported(what)) } else { Ok(()) }
}

fn unimplemented<T>(method: &str) -> Reply<T> {
    Err(Status::unimplemented(format!("fake qdrant: {method}")))
}

fn operation_response(operation: u64, wait: Option<bool>) -> Response<q::PointsOperationResponse> {
    // Qdrant answers Completed when asked to wait, Acknowledged otherwise; the fake has
    // always applied the operation already.
    let status = if wait == Some(true) { q::UpdateStatus::Completed } else { q::UpdateStatus::Acknowledged };
    Response::new(q::PointsOperationResponse {
        result: Some(q::UpdateResult { operation_id: Some(operation), status: status as i32 }),
        time: 0.0,
        usage: None,
    })
}

#[derive(Clone)]
struct Fake {
    state: Arc<State>,
}

#[tonic::async_trait]
impl Qdrant for Fake {
    async fn health_check(&self, _: Request<q::HealthCheckRequest>) -> Reply<q::HealthCheckReply> {
        Ok(Response::new(q::HealthCheckReply {
            title: "qdrant - vector search engine (kefu test fake)".to_owned(),
            // Any version will do: the adapter skips qdrant-client's compatibility check.
            version: "1.16.0".to_owned(),
            commit: None,
        }))
    }
}

#[tonic::async_trait]
impl Collections for Fake {
    async fn collection_exists(
        &self,
        request: Request<q::CollectionExistsRequest>,
    ) -> Reply<q::CollectionExistsResponse> {
        let exists = self.state.lock().collections.contains_key(&request.get_ref().collection_name);
        Ok(Response::new(q::CollectionExistsResponse { result: Some(q::CollectionExists { exists }), time: 0.0 }))
    }

    async fn create(&self, request: Request<q::CreateCollection>) -> Reply<q::CollectionOperationResponse> {
        use q::vectors_config::Config;
        let created = request.into_inner();
        let name = &created.collection_name;
        if name.is_empty() || name.len() > 255 || name.contains(['<', '>', ':', '"', '/', '\\', '|', '?', '*', '\0']) {
            return Err(Status::invalid_argument(format!(
                "Validation error in body: [collection_name: invalid name `{name}`]"
            )));
        }
        let params = match created.vectors_config.as_ref().and_then(|v| v.config.as_ref()) {
            Some(Config::Params(params)) => params,
            Some(Config::ParamsMap(_)) => return Err(unsupported("named vectors (vectors_config params_map)")),
            None => return Err(unsupported("a collection without an unnamed dense vector")),
        };
        if !(1..=65_536).contains(&params.size) {
            return Err(Status::invalid_argument(format!(
                "Validation error in body: [vectors_config.size: value {} invalid, must be from 1 to 65536]",
                params.size
            )));
        }
        if params.distance != q::Distance::Cosine as i32 {
            return Err(unsupported(&format!("distance {:?}", q::Distance::try_from(params.distance))));
        }
        reject(params.multivector_config.is_some(), "multivectors")?;
        reject(
            params.datatype.is_some_and(|d| d != q::Datatype::Float32 as i32 && d != q::Datatype::Default as i32),
            "vector datatypes other than float32",
        )?;
        reject(created.sparse_vectors_config.is_some(), "sparse vectors")?;
        let size = params.size as usize;
        let mut inner = self.state.lock();
        if inner.collections.contains_key(name) {
            return Err(Status::invalid_argument(format!("Wrong input: Collection `{name}` already exists!")));
        }
        let collection =
            Collection { size, created: created.clone(), indexes: BTreeMap::new(), points: BTreeMap::new() };
        inner.collections.insert(created.collection_name, collection);
        Ok(Response::new(q::CollectionOperationResponse { result: true, time: 0.0 }))
    }

    async fn get(&self, request: Request<q::GetCollectionInfoRequest>) -> Reply<q::GetCollectionInfoResponse> {
        let mut inner = self.state.lock();
        let info = inner.collection(&request.get_ref().collection_name)?.info();
        Ok(Response::new(q::GetCollectionInfoResponse { result: Some(info), time: 0.0 }))
    }

    async fn delete(&self, request: Request<q::DeleteCollection>) -> Reply<q::CollectionOperationResponse> {
        // Like Qdrant: deleting a collection that does not exist is not an error, just `false`.
        let existed = self.state.lock().collections.remove(&request.get_ref().collection_name).is_some();
        Ok(Response::new(q::CollectionOperationResponse { result: existed, time: 0.0 }))
    }

    // Everything else: not part of the fake.

    async fn list(&self, _: Request<q::ListCollectionsRequest>) -> Reply<q::ListCollectionsResponse> {
        unimplemented("list")
    }

    async fn update(&self, _: Request<q::UpdateCollection>) -> Reply<q::CollectionOperationResponse> {
        unimplemented("update")
    }

    async fn update_aliases(&self, _: Request<q::ChangeAliases>) -> Reply<q::CollectionOperationResponse> {
        unimplemented("update_aliases")
    }

    async fn list_collection_aliases(
        &self,
        _: Request<q::ListCollectionAliasesRequest>,
    ) -> Reply<q::ListAliasesResponse> {
        unimplemented("list_collection_aliases")
    }

    async fn list_aliases(&self, _: Request<q::ListAliasesRequest>) -> Reply<q::ListAliasesResponse> {
        unimplemented("list_aliases")
    }

    async fn collection_cluster_info(
        &self,
        _: Request<q::CollectionClusterInfoRequest>,
    ) -> Reply<q::CollectionClusterInfoResponse> {
        unimplemented("collection_cluster_info")
    }

    async fn update_collection_cluster_setup(
        &self,
        _: Request<q::UpdateCollectionClusterSetupRequest>,
    ) -> Reply<q::UpdateCollectionClusterSetupResponse> {
        unimplemented("update_collection_cluster_setup")
    }

    async fn create_shard_key(&self, _: Request<q::CreateShardKeyRequest>) -> Reply<q::CreateShardKeyResponse> {
        unimplemented("create_shard_key")
    }

    async fn delete_shard_key(&self, _: Request<q::DeleteShardKeyRequest>) -> Reply<q::DeleteShardKeyResponse> {
        unimplemented("delete_shard_key")
    }

    async fn list_shard_keys(&self, _: Request<q::ListShardKeysRequest>) -> Reply<q::ListShardKeysResponse> {
        unimplemented("list_shard_keys")
    }
}

#[tonic::async_trait]
impl Points for Fake {
    async fn upsert(&self, request: Request<q::UpsertPoints>) -> Reply<q::PointsOperationResponse> {
        let q::UpsertPoints {
            collection_name,
            wait,
            points,
            ordering: _,
            shard_key_selector,
            update_filter,
            timeout: _,
            update_mode,
        } = request.into_inner();
        let mut inner = self.state.lock();
        let shops = points.iter().map(|point| string_value(point.payload.get(TENANT_FIELD))).collect();
        inner.calls.push(Call::Upsert { collection: collection_name.clone(), shops });
        reject(shard_key_selector.is_some(), "shard keys")?;
        reject(update_filter.is_some(), "upsert with update_filter")?;
        reject(update_mode.is_some_and(|mode| mode != q::UpdateMode::Upsert as i32), "update modes other than upsert")?;
        let operation = inner.next_operation();
        let collection = inner.collection(&collection_name)?;
        // Like Qdrant, a bad point fails the whole request before anything is written.
        let mut stored = Vec::with_capacity(points.len());
        for point in points {
            let key = PointKey::parse(point.id.as_ref())?;
            let vector = collection.vector(dense_vector(point.vectors.as_ref())?)?;
            stored.push((key, Stored { vector, payload: point.payload, version: operation }));
        }
        // A point that exists is replaced whole: vector and payload.
        collection.points.extend(stored);
        Ok(operation_response(operation, wait))
    }

    async fn delete(&self, request: Request<q::DeletePoints>) -> Reply<q::PointsOperationResponse> {
        use q::points_selector::PointsSelectorOneOf;
        let q::DeletePoints { collection_name, wait, points, ordering: _, shard_key_selector, timeout: _ } =
            request.into_inner();
        let selector = points.and_then(|p| p.points_selector_one_of);
        let shop = match &selector {
            Some(PointsSelectorOneOf::Filter(filter)) => shop_of(Some(filter)),
            Some(PointsSelectorOneOf::Points(_)) | None => None,
        };
        let mut inner = self.state.lock();
        inner.calls.push(Call::Delete { collection: collection_name.clone(), shop });
        reject(shard_key_selector.is_some(), "shard keys")?;
        let operation = inner.next_operation();
        let collection = inner.collection(&collection_name)?;
        match selector {
            Some(PointsSelectorOneOf::Points(q::PointsIdsList { ids })) => {
                let keys = ids.iter().map(|id| PointKey::parse(Some(id))).collect::<Result<Vec<_>, _>>()?;
                // Unknown ids are ignored.
                for key in keys {
                    collection.points.remove(&key);
                }
            }
            Some(PointsSelectorOneOf::Filter(filter)) => {
                let filter = Filter::new(Some(&filter))?;
                collection.points.retain(|_, point| !filter.matches(&point.payload));
            }
            None => return Err(Status::invalid_argument("Wrong input: no points selector")),
        }
        Ok(operation_response(operation, wait))
    }

    async fn create_field_index(
        &self,
        request: Request<q::CreateFieldIndexCollection>,
    ) -> Reply<q::PointsOperationResponse> {
        let q::CreateFieldIndexCollection {
            collection_name,
            wait,
            field_name,
            field_type,
            field_index_params,
            ordering: _,
            timeout: _,
        } = request.into_inner();
        if field_name.is_empty() {
            return Err(Status::invalid_argument("Validation error in body: [field_name: must not be empty]"));
        }
        let params = field_index_params.and_then(|p| p.index_params);
        let field_type = match field_type {
            Some(t) => Some(
                q::FieldType::try_from(t)
                    .map_err(|_| Status::invalid_argument(format!("Wrong input: unknown field type {t}")))?,
            ),
            None => None,
        };
        let field_type = match (field_type, params.as_ref().map(params_type)) {
            (Some(given), Some(of_params)) if given != of_params => {
                return Err(Status::invalid_argument(format!(
                    "Wrong input: field type {given:?} does not match index params for {of_params:?}"
                )));
            }
            (Some(field_type), _) | (None, Some(field_type)) => field_type,
            (None, None) => return Err(Status::invalid_argument("Wrong input: a field index needs a field type")),
        };
        let mut inner = self.state.lock();
        let operation = inner.next_operation();
        // Creating it again replaces it.
        inner.collection(&collection_name)?.indexes.insert(field_name, FieldIndex { field_type, params });
        Ok(operation_response(operation, wait))
    }

    async fn query(&self, request: Request<q::QueryPoints>) -> Reply<q::QueryResponse> {
        let q::QueryPoints {
            collection_name,
            prefetch,
            query,
            using,
            filter,
            params: _,
            score_threshold,
            limit,
            offset,
            with_vectors,
            with_payload,
            read_consistency: _,
            shard_key_selector,
            lookup_from,
            timeout: _,
        } = request.into_inner();
        let mut inner = self.state.lock();
        inner.calls.push(Call::Query { collection: collection_name.clone(), shop: shop_of(filter.as_ref()) });
        reject(!prefetch.is_empty(), "prefetch")?;
        reject(score_threshold.is_some(), "score_threshold")?;
        reject(shard_key_selector.is_some(), "shard keys")?;
        reject(lookup_from.is_some(), "lookup_from")?;
        let no_vectors = |s: q::WithVectorsSelector| {
            matches!(s.selector_options, None | Some(q::with_vectors_selector::SelectorOptions::Enable(false)))
        };
        reject(!with_vectors.is_none_or(no_vectors), "returning vectors")?;
        if let Some(name) = using.filter(|name| !name.is_empty()) {
            return Err(Status::invalid_argument(format!("Wrong input: Not existing vector name error: {name}")));
        }
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 {
            return Err(Status::invalid_argument(
                "Validation error in body: [limit: value 0 invalid, must be 1 or larger]",
            ));
        }
        let payload = PayloadSelector::new(with_payload)?;
        let filter = Filter::new(filter.as_ref())?;
        let collection = inner.collection(&collection_name)?;
        let query = collection.vector(nearest(query)?)?;
        // Exhaustive search; both sides are normalised, so the dot product is the cosine.
        let mut scored: Vec<(f32, &PointKey, &Stored)> = collection
            .points
            .iter()
            .filter(|(_, point)| filter.matches(&point.payload))
            .map(|(key, point)| (query.iter().zip(&point.vector).map(|(a, b)| a * b).sum(), key, point))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        let result = scored
            .into_iter()
            .skip(usize::try_from(offset.unwrap_or(0)).unwrap_or(usize::MAX))
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .map(|(score, key, point)| q::ScoredPoint {
                id: Some(key.to_point_id()),
                payload: payload.apply(&point.payload),
                score,
                version: point.version,
                ..Default::default()
            })
            .collect();
        Ok(Response::new(q::QueryResponse { result, time: 0.0, usage: None }))
    }

    async fn count(&self, request: Request<q::CountPoints>) -> Reply<q::CountResponse> {
        // Always exact: `exact: false` only allows Qdrant to estimate.
        let q::CountPoints { collection_name, filter, exact: _, read_consistency: _, shard_key_selector, timeout: _ } =
            request.into_inner();
        let mut inner = self.state.lock();
        inner.calls.push(Call::Count { collection: collection_name.clone(), shop: shop_of(filter.as_ref()) });
        reject(shard_key_selector.is_some(), "shard keys")?;
        let filter = Filter::new(filter.as_ref())?;
        let collection = inner.collection(&collection_name)?;
        let count = collection.points.values().filter(|point| filter.matches(&point.payload)).count() as u64;
        Ok(Response::new(q::CountResponse { result: Some(q::CountResult { count }), time: 0.0, usage: None }))
    }

    // Everything else: not part of the fake.

    async fn get(&self, _: Request<q::GetPoints>) -> Reply<q::GetResponse> {
        unimplemented("get")
    }

    async fn update_vectors(&self, _: Request<q::UpdatePointVectors>) -> Reply<q::PointsOperationResponse> {
        unimplemented("update_vectors")
    }

    async fn delete_vectors(&self, _: Request<q::DeletePointVectors>) -> Reply<q::PointsOperationResponse> {
        unimplemented("delete_vectors")
    }

    async fn set_payload(&self, _: Request<q::SetPayloadPoints>) -> Reply<q::PointsOperationResponse> {
        unimplemented("set_payload")
    }

    async fn overwrite_payload(&self, _: Request<q::SetPayloadPoints>) -> Reply<q::PointsOperationResponse> {
        unimplemented("overwrite_payload")
    }

    async fn delete_payload(&self, _: Request<q::DeletePayloadPoints>) -> Reply<q::PointsOperationResponse> {
        unimplemented("delete_payload")
    }

    async fn clear_payload(&self, _: Request<q::ClearPayloadPoints>) -> Reply<q::PointsOperationResponse> {
        unimplemented("clear_payload")
    }

    async fn delete_field_index(&self, _: Request<q::DeleteFieldIndexCollection>) -> Reply<q::PointsOperationResponse> {
        unimplemented("delete_field_index")
    }

    async fn create_vector_name(&self, _: Request<q::CreateVectorNameRequest>) -> Reply<q::PointsOperationResponse> {
        unimplemented("create_vector_name")
    }

    async fn delete_vector_name(&self, _: Request<q::DeleteVectorNameRequest>) -> Reply<q::PointsOperationResponse> {
        unimplemented("delete_vector_name")
    }

    async fn search(&self, _: Request<q::SearchPoints>) -> Reply<q::SearchResponse> {
        unimplemented("search")
    }

    async fn search_batch(&self, _: Request<q::SearchBatchPoints>) -> Reply<q::SearchBatchResponse> {
        unimplemented("search_batch")
    }

    async fn search_groups(&self, _: Request<q::SearchPointGroups>) -> Reply<q::SearchGroupsResponse> {
        unimplemented("search_groups")
    }

    async fn scroll(&self, _: Request<q::ScrollPoints>) -> Reply<q::ScrollResponse> {
        unimplemented("scroll")
    }

    async fn recommend(&self, _: Request<q::RecommendPoints>) -> Reply<q::RecommendResponse> {
        unimplemented("recommend")
    }

    async fn recommend_batch(&self, _: Request<q::RecommendBatchPoints>) -> Reply<q::RecommendBatchResponse> {
        unimplemented("recommend_batch")
    }

    async fn recommend_groups(&self, _: Request<q::RecommendPointGroups>) -> Reply<q::RecommendGroupsResponse> {
        unimplemented("recommend_groups")
    }

    async fn discover(&self, _: Request<q::DiscoverPoints>) -> Reply<q::DiscoverResponse> {
        unimplemented("discover")
    }

    async fn discover_batch(&self, _: Request<q::DiscoverBatchPoints>) -> Reply<q::DiscoverBatchResponse> {
        unimplemented("discover_batch")
    }

    async fn update_batch(&self, _: Request<q::UpdateBatchPoints>) -> Reply<q::UpdateBatchResponse> {
        unimplemented("update_batch")
    }

    async fn query_batch(&self, _: Request<q::QueryBatchPoints>) -> Reply<q::QueryBatchResponse> {
        unimplemented("query_batch")
    }

    async fn query_groups(&self, _: Request<q::QueryPointGroups>) -> Reply<q::QueryGroupsResponse> {
        unimplemented("query_groups")
    }

    async fn facet(&self, _: Request<q::FacetCounts>) -> Reply<q::FacetResponse> {
        unimplemented("facet")
    }

    async fn search_matrix_pairs(&self, _: Request<q::SearchMatrixPoints>) -> Reply<q::SearchMatrixPairsResponse> {
        unimplemented("search_matrix_pairs")
    }

    async fn search_matrix_offsets(&self, _: Request<q::SearchMatrixPoints>) -> Reply<q::SearchMatrixOffsetsResponse> {
        unimplemented("search_matrix_offsets")
    }
}

/// The fake itself, through qdrant-client: Qdrant's semantics where the contract does not reach.
#[cfg(test)]
mod tests {
    use qdrant_client::{Payload, Qdrant, QdrantError};
    use tonic::Code;

    use super::{q, spawn};

    /// A client of a fake holding collection `c` (2-dimensional, Cosine) with three points.
    async fn fake_with_points() -> Qdrant {
        let (url, _) = spawn().await;
        let client = Qdrant::from_url(&url).skip_compatibility_check().build().unwrap();
        client
            .create_collection(
                q::CreateCollectionBuilder::new("c")
                    .vectors_config(q::VectorParamsBuilder::new(2, q::Distance::Cosine)),
            )
            .await
            .unwrap();
        let point = |id: u64, vector: Vec<f32>, shop: &str, tags: &[&str]| {
            let mut payload = Payload::new();
            payload.insert("shop_id", shop);
            payload.insert("tags", tags.iter().map(|t| t.to_string()).collect::<Vec<_>>());
            q::PointStruct::new(id, vector, payload)
        };
        let points = vec![
            point(1, vec![1.0, 0.0], "a", &["x"]),
            point(2, vec![0.0, 3.0], "a", &["y", "z"]),
            point(3, vec![1.0, 1.0], "b", &[]),
        ];
        client.upsert_points(q::UpsertPointsBuilder::new("c", points).wait(true)).await.unwrap();
        client
    }

    async fn count(client: &Qdrant, filter: q::Filter) -> Result<u64, QdrantError> {
        let response = client.count(q::CountPointsBuilder::new("c").filter(filter).exact(true)).await?;
        Ok(response.result.unwrap().count)
    }

    fn code<T>(result: Result<T, QdrantError>) -> Code {
        let Err(QdrantError::ResponseError { status }) = result else { panic!("no error response") };
        status.code()
    }

    #[tokio::test]
    async fn the_fake_qdrant_filters_and_scores_like_qdrant() {
        let client = fake_with_points().await;
        let keyword = |key: &str, value: &str| q::Condition::matches(key, value.to_owned());
        assert_eq!(count(&client, q::Filter::must([keyword("shop_id", "a")])).await.unwrap(), 2);
        assert_eq!(count(&client, q::Filter::must_not([keyword("shop_id", "a")])).await.unwrap(), 1);
        // An array matches if any element does; a missing or empty field never matches.
        assert_eq!(count(&client, q::Filter::should([keyword("tags", "x"), keyword("tags", "z")])).await.unwrap(), 2);
        assert_eq!(
            count(&client, q::Filter::must([q::Condition::matches("tags", vec!["y".to_owned()])])).await.unwrap(),
            1
        );
        let any_shop = q::Condition::matches("shop_id", vec!["a".to_owned(), "b".to_owned()]);
        assert_eq!(count(&client, q::Filter::must([any_shop])).await.unwrap(), 3);
        let nested = q::Filter::must([keyword("shop_id", "a"), q::Filter::must_not([keyword("tags", "x")]).into()]);
        assert_eq!(count(&client, nested).await.unwrap(), 1);
        let two_of = q::Filter::min_should(2, [keyword("shop_id", "a"), keyword("tags", "y"), keyword("tags", "z")]);
        assert_eq!(count(&client, two_of).await.unwrap(), 1);

        // Cosine: vectors normalised, best first, only the payload fields asked for.
        let response = client
            .query(
                q::QueryPointsBuilder::new("c")
                    .query(vec![0.0, 0.5])
                    .filter(q::Filter::must([keyword("shop_id", "a")]))
                    .with_payload(q::PayloadIncludeSelector { fields: vec!["tags".to_owned()] }),
            )
            .await
            .unwrap();
        let hits: Vec<(Option<q::PointId>, f32)> = response.result.iter().map(|p| (p.id.clone(), p.score)).collect();
        assert_eq!(hits.len(), 2, "{hits:?}");
        assert_eq!(hits[0].0, Some(2.into()));
        assert!((hits[0].1 - 1.0).abs() < 1e-6 && hits[1].1.abs() < 1e-6, "{hits:?}");
        assert!(response.result.iter().all(|p| p.payload.keys().eq(["tags"])), "{:?}", response.result);
    }

    #[tokio::test]
    async fn the_fake_qdrant_refuses_bad_input_and_what_it_does_not_support() {
        let client = fake_with_points().await;
        let unknown = client.count(q::CountPointsBuilder::new("nope")).await;
        assert_eq!(code(unknown), Code::NotFound);
        let wrong_size = q::PointStruct::new(9, vec![1.0, 0.0, 0.0], Payload::new());
        let upsert = client.upsert_points(q::UpsertPointsBuilder::new("c", vec![wrong_size]).wait(true)).await;
        assert_eq!(code(upsert), Code::InvalidArgument);
        let query = client.query(q::QueryPointsBuilder::new("c").query(vec![1.0])).await;
        assert_eq!(code(query), Code::InvalidArgument);
        let no_limit = client.query(q::QueryPointsBuilder::new("c").query(vec![1.0, 0.0]).limit(0)).await;
        assert_eq!(code(no_limit), Code::InvalidArgument);
        assert_eq!(count(&client, q::Filter::default()).await.unwrap(), 3, "a refused upsert writes nothing");

        // Conditions and methods it does not implement are refused, not ignored.
        let range = q::Condition::range("n", q::Range { gt: Some(1.0), ..Default::default() });
        assert_eq!(code(count(&client, q::Filter::must([range])).await), Code::Unimplemented);
        let integer = q::Condition::matches("n", 1i64);
        assert_eq!(code(count(&client, q::Filter::must_not([integer])).await), Code::Unimplemented);
        let scroll = client.scroll(q::ScrollPointsBuilder::new("c")).await;
        assert_eq!(code(scroll), Code::Unimplemented);
    }
}
