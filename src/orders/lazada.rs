//! Cancelling a Lazada order at the buyer's request through the Lazada Open Platform, "validate,
//! then create", as the shop's `[channels.lazada]` (its access token from the credential
//! `token` names) with kefu's app key and app secret (the variable `app_secret_env` names).
//!
//! Lazada cancels order items, not orders (its "Order Cancellation" tutorial), in three calls,
//! each `GET {api_base}<path>` with the common parameters `app_key`, `timestamp` (ms),
//! `sign_method` `sha256`, `access_token` and `sign` (upper-case hex HMAC-SHA256 under the app
//! secret of the path and the sorted parameters, as the IM channel signs):
//!
//! 1. GetOrderItems, `/order/items/get?order_id=`: the order's `order_item_id`s. Items whose
//!    `status` is already `canceled` are left out; when all are, the action is done — Lazada
//!    takes no idempotency key, so a retried cancel that went through is recognised this way.
//! 2. ReverseOrderCancelValidate, `/order/reverse/cancel/validate?order_id=&order_item_id_list=`
//!    (a JSON array): whether the seller may cancel, and the reasons allowed, `data.reason_options`
//!    `[{reason_id, reason_name}]`. A `tip_type` `error` or no reason is refused with Lazada's
//!    `tip_content`. kefu takes the reason naming the customer's or buyer's request; else the
//!    first that is not out of stock or a pricing error (Lazada may set the SKU's stock to 0
//!    after those); else it refuses: the shop's team picks a reason.
//! 3. InitReverseOrderCancel, `/order/reverse/cancel/create?order_id=&order_item_id_list=&reason_id=`:
//!    `code` `"0"` without a `tip_type` `error` is done.
//!
//! The order's Lazada `order_id` is its `platform_order_id`, else its id without `#`. A `code`
//! other than `"0"` is refused with Lazada's `message`, unless it is about kefu's access or
//! Lazada itself (type `SYSTEM` or `ISP`, `IllegalAccessToken`, `IncompleteSignature`,
//! `ApiCallLimit`, `ServiceTimeout` …), which, like HTTP 429 or 5xx or no answer, is
//! unreachable. Address changes, returns and exchanges are refused: the shop's team handles
//! them on Lazada.

use std::time::Duration;

use serde_json::Value;

use super::{marketplace_id, readable};
use crate::actions::{Destination, DestinationError};
use crate::channels::lazada::request_sign;
use crate::config::LazadaConfig;
use crate::domain::{OrderAction, now_ms};
use crate::knowledge::Order;
use crate::outbound::{OutboundPolicy, refusal_in};
use crate::secrets::Secrets;
use crate::shop::Shop;

const ITEMS_PATH: &str = "/order/items/get";
const VALIDATE_PATH: &str = "/order/reverse/cancel/validate";
const CREATE_PATH: &str = "/order/reverse/cancel/create";

pub struct LazadaActions {
    app: LazadaConfig,
    secrets: Secrets,
    outbound: OutboundPolicy,
    client: reqwest::Client,
}

/// What one shop's calls are signed with.
struct Credentials {
    token: String,
    secret: String,
}

impl LazadaActions {
    pub fn new(app: LazadaConfig, secrets: Secrets, outbound: OutboundPolicy) -> LazadaActions {
        let client = outbound.client(Duration::from_secs(15));
        LazadaActions { app, secrets, outbound, client }
    }

    /// One signed `GET` of `path`: the `data` of Lazada's answer when its `code` is `"0"`.
    async fn call(
        &self,
        credentials: &Credentials,
        path: &str,
        params: &[(&str, &str)],
    ) -> Result<Value, DestinationError> {
        let unreachable = DestinationError::Unreachable;
        let timestamp = now_ms().to_string();
        let mut all = vec![
            ("app_key", self.app.app_key.as_str()),
            ("timestamp", timestamp.as_str()),
            ("sign_method", "sha256"),
            ("access_token", credentials.token.as_str()),
        ];
        all.extend_from_slice(params);
        let sign = request_sign(&credentials.secret, path, &all);
        let mut url = reqwest::Url::parse(&format!("{}{path}", self.app.api_base.trim_end_matches('/')))
            .map_err(|e| unreachable(format!("the Lazada API address: {e}")))?;
        self.outbound.check(&url).map_err(|refusal| unreachable(format!("Lazada: {refusal}")))?;
        url.query_pairs_mut().extend_pairs(&all).append_pair("sign", &sign);
        // The address carries the access token: errors are reported without it.
        let response = self.client.get(url).send().await.map_err(|e| match refusal_in(&e) {
            Some(refusal) => unreachable(format!("Lazada: {refusal}")),
            None => unreachable(format!("Lazada request failed: {}", e.without_url())),
        })?;
        let status = response.status();
        let body = self.outbound.body(response).await.map_err(|e| unreachable(format!("Lazada answer: {e}")))?;
        if status.as_u16() == 429 || status.is_server_error() {
            return Err(unreachable(format!("Lazada answered {status}")));
        }
        let Ok(answer) = serde_json::from_slice::<Value>(&body) else {
            return Err(unreachable(format!("Lazada answered {status} with what kefu cannot read")));
        };
        let code = text(&answer["code"]);
        if code == "0" && status.is_success() {
            return Ok(answer["data"].clone());
        }
        if code.is_empty() {
            return Err(unreachable(format!("Lazada answered {status}")));
        }
        let message = answer["message"].as_str().filter(|m| !m.trim().is_empty()).unwrap_or(&code);
        if about_access_or_lazada(&code, answer["type"].as_str().unwrap_or_default()) {
            Err(unreachable(format!("Lazada: {code}: {}", readable(message))))
        } else {
            Err(DestinationError::Refused(readable(message)))
        }
    }
}

#[async_trait::async_trait]
impl Destination for LazadaActions {
    async fn apply(
        &self,
        shop: &Shop,
        order: &Order,
        action: &OrderAction,
        _key: &str,
    ) -> Result<(), DestinationError> {
        super::cancel_only(action, "Lazada")?;
        let Some(channel) = shop.channels.lazada.as_ref() else {
            return Err(DestinationError::Unreachable("the shop has no [channels.lazada]".into()));
        };
        let (secret, token) =
            super::marketplace_keys(&self.secrets, &shop.id, &self.app.app_secret_env, &channel.token)?;
        let credentials = Credentials { token, secret };
        let order_id = marketplace_id(order);

        let data = self.call(&credentials, ITEMS_PATH, &[("order_id", &order_id)]).await?;
        // A list of items; some answers wrap it in `{"order_items": […]}`.
        let items = data.as_array().or_else(|| data["order_items"].as_array()).map(Vec::as_slice).unwrap_or_default();
        if items.is_empty() {
            return Err(DestinationError::Refused("Lazada lists no items for this order".into()));
        }
        let open: Vec<Value> = items
            .iter()
            .filter(|item| !text(&item["status"]).eq_ignore_ascii_case("canceled"))
            .map(|item| item["order_item_id"].clone())
            .collect();
        if open.is_empty() {
            return Ok(()); // every item is cancelled: a retry of a cancel that went through
        }
        let item_ids = Value::Array(open).to_string();
        let params = [("order_id", order_id.as_str()), ("order_item_id_list", item_ids.as_str())];

        let validated = self.call(&credentials, VALIDATE_PATH, &params).await?;
        let tip = validated["tip_content"].as_str().map(readable).filter(|t| !t.is_empty());
        let options = validated["reason_options"].as_array().map(Vec::as_slice).unwrap_or_default();
        if text(&validated["tip_type"]).eq_ignore_ascii_case("error") || options.is_empty() {
            return Err(DestinationError::Refused(
                tip.unwrap_or_else(|| "Lazada does not let the seller cancel this order".into()),
            ));
        }
        let Some(reason_id) = buyer_request_reason(options) else {
            return Err(DestinationError::Refused(
                "Lazada offers no cancellation reason that fits a buyer's request: the shop's team decides".into(),
            ));
        };

        let mut create = params.to_vec();
        create.push(("reason_id", reason_id.as_str()));
        let created = self.call(&credentials, CREATE_PATH, &create).await?;
        if text(&created["tip_type"]).eq_ignore_ascii_case("error") {
            let tip = created["tip_content"].as_str().map(readable).filter(|t| !t.is_empty());
            return Err(DestinationError::Refused(tip.unwrap_or_else(|| "Lazada did not cancel the order".into())));
        }
        Ok(())
    }
}

/// The reason to cancel with: one naming the customer's or buyer's request, else the first
/// that does not claim the seller's stock or price was wrong.
fn buyer_request_reason(options: &[Value]) -> Option<String> {
    let name = |option: &Value| text(&option["reason_name"]).to_lowercase();
    let id = |option: &Value| Some(text(&option["reason_id"])).filter(|id| !id.is_empty());
    let buyer = options.iter().find(|o| ["customer", "buyer"].iter().any(|word| name(o).contains(word)));
    let neutral = || options.iter().find(|o| !["stock", "pric"].iter().any(|word| name(o).contains(word)));
    buyer.or_else(neutral).and_then(id)
}

/// Whether Lazada's error is about kefu's access or Lazada itself rather than the order.
fn about_access_or_lazada(code: &str, kind: &str) -> bool {
    matches!(kind, "SYSTEM" | "ISP")
        || matches!(
            code,
            "IllegalAccessToken"
                | "IncompleteSignature"
                | "InvalidSignature"
                | "MissingAppKey"
                | "InvalidAppKey"
                | "AppCallLimit"
                | "ApiCallLimit"
                | "AccessDenied"
                | "InsufficientPermission"
                | "ServiceTimeout"
                | "SYSTEM_BUSY"
                | "InternalError"
        )
}

/// A JSON string as its text, a number as its digits (Lazada sends ids and codes either way).
fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Null | Value::Bool(_) | Value::Array(_) | Value::Object(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap, VecDeque};
    use std::sync::{Arc, Mutex};

    use axum::extract::State;
    use axum::http::{Method, StatusCode, Uri};
    use axum::response::{IntoResponse, Response};
    use serde_json::json;

    use super::*;
    use crate::domain::ActionKind;
    use crate::domain::Language;
    use crate::orders::testing::{self, cancel, local_outbound};
    use crate::secrets::CredentialName;
    use crate::shop::LazadaChannel;

    #[derive(Debug, Clone)]
    struct Seen {
        method: Method,
        path: String,
        query: BTreeMap<String, String>,
    }

    #[derive(Clone, Default)]
    struct FakeState {
        seen: Arc<Mutex<Vec<Seen>>>,
        /// Per path, the answers in order; the last one repeats.
        answers: Arc<Mutex<HashMap<String, VecDeque<Value>>>>,
    }

    impl FakeState {
        fn answer(&self, path: &str, answers: Vec<Value>) {
            self.answers.lock().unwrap().insert(path.to_owned(), answers.into());
        }

        fn seen(&self) -> Vec<Seen> {
            self.seen.lock().unwrap().clone()
        }
    }

    async fn fake_lazada(State(state): State<FakeState>, method: Method, uri: Uri) -> Response {
        let url = reqwest::Url::parse(&format!("http://fake{uri}")).unwrap();
        let query = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        state.seen.lock().unwrap().push(Seen { method, path: url.path().to_owned(), query });
        let mut answers = state.answers.lock().unwrap();
        // Answers are set per API path, under the API base's `/rest`.
        let path = url.path().strip_prefix("/rest").unwrap_or_default();
        let Some(queue) = answers.get_mut(path) else { return StatusCode::NOT_FOUND.into_response() };
        let answer = if queue.len() > 1 { queue.pop_front() } else { queue.front().cloned() };
        axum::Json(answer.unwrap_or(Value::Null)).into_response()
    }

    struct Setup {
        actions: LazadaActions,
        shop: Shop,
        fake: FakeState,
        secret: String,
        _secrets: tempfile::TempDir,
    }

    async fn setup() -> Setup {
        let fake = FakeState::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let app = axum::Router::new().fallback(fake_lazada).with_state(fake.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.ok() });
        let secrets = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(secrets.path().join("s1")).unwrap();
        std::fs::write(secrets.path().join("s1").join("lazada"), "seller-token\n").unwrap();
        let mut shop = Shop::serving_any_language("s1", Language::parse("en").unwrap());
        shop.channels.lazada =
            Some(LazadaChannel { seller_id: "100".into(), token: CredentialName::parse("lazada").unwrap() });
        let (env, secret) = testing::known_env("app secret");
        let app = LazadaConfig {
            app_key: "123456".into(),
            app_secret_env: env,
            api_base: format!("http://127.0.0.1:{port}/rest"),
        };
        let outbound = local_outbound();
        let actions = LazadaActions::new(app, Secrets::new(secrets.path().to_path_buf()), outbound);
        Setup { actions, shop, fake, secret, _secrets: secrets }
    }

    fn order() -> Order {
        testing::order("pending", "MYR", Some("64500123"))
    }

    fn ok(data: Value) -> Value {
        json!({"code": "0", "request_id": "r", "data": data})
    }

    fn items(statuses: &[&str]) -> Value {
        let items: Vec<Value> = statuses
            .iter()
            .enumerate()
            .map(|(i, status)| json!({"order_item_id": 9001 + i, "order_id": 64500123, "status": status}))
            .collect();
        ok(Value::Array(items))
    }

    fn reasons() -> Value {
        ok(json!({"tip_type": "warning", "tip_content": "SKU stock may be set to 0…", "reason_options": [
            {"reason_name": "Out of Stock", "reason_id": "10000021"},
            {"reason_name": "Sourcing Delay", "reason_id": "10000019"},
            {"reason_name": "Customer Requested Cancellation", "reason_id": "10000030"}
        ]}))
    }

    /// The path is under the API base, the common parameters are there and `sign` is Lazada's
    /// signature of the path and the other parameters.
    fn assert_signed(setup: &Setup, seen: &Seen, path: &str) {
        assert_eq!(seen.method, Method::GET);
        assert_eq!(seen.path, format!("/rest{path}"));
        let q = &seen.query;
        assert_eq!((q["app_key"].as_str(), q["sign_method"].as_str()), ("123456", "sha256"));
        assert_eq!(q["access_token"], "seller-token");
        let params: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(q["sign"], request_sign(&setup.secret, path, &params), "{seen:?}");
    }

    #[tokio::test]
    async fn the_order_is_validated_then_cancelled_with_the_buyers_request_as_reason() {
        let setup = setup().await;
        setup.fake.answer(ITEMS_PATH, vec![items(&["pending", "canceled", "pending"])]);
        setup.fake.answer(VALIDATE_PATH, vec![reasons()]);
        setup.fake.answer(CREATE_PATH, vec![ok(json!({"tip_type": "success", "tip_content": "Cancelled."}))]);
        assert_eq!(setup.actions.apply(&setup.shop, &order(), &cancel(), "k1").await, Ok(()));
        let seen = setup.fake.seen();
        assert_eq!(seen.len(), 3);
        assert_signed(&setup, &seen[0], ITEMS_PATH);
        assert_eq!(seen[0].query["order_id"], "64500123");
        assert_signed(&setup, &seen[1], VALIDATE_PATH);
        assert_eq!(seen[1].query["order_id"], "64500123");
        assert_eq!(seen[1].query["order_item_id_list"], "[9001,9003]", "the cancelled item is left out");
        assert_signed(&setup, &seen[2], CREATE_PATH);
        assert_eq!(seen[2].query["order_item_id_list"], "[9001,9003]");
        assert_eq!(seen[2].query["reason_id"], "10000030");
    }

    #[tokio::test]
    async fn a_retry_finds_the_items_cancelled_and_lazadas_refusal_is_passed_on() {
        let setup = setup().await;
        setup.fake.answer(ITEMS_PATH, vec![items(&["canceled", "canceled"]), items(&["ready_to_ship"])]);
        assert_eq!(setup.actions.apply(&setup.shop, &order(), &cancel(), "k1").await, Ok(()));
        assert_eq!(setup.fake.seen().len(), 1, "nothing left to cancel");

        setup.fake.answer(
            VALIDATE_PATH,
            vec![json!({"code": "OrderStatusInvalid", "type": "ISV", "message": "The order has been shipped.", "request_id": "r"})],
        );
        let refused = setup.actions.apply(&setup.shop, &order(), &cancel(), "k2").await;
        assert_eq!(refused, Err(DestinationError::Refused("The order has been shipped.".into())));
        assert_eq!(setup.fake.seen().len(), 3, "no create after a refused validation");
    }

    #[tokio::test]
    async fn only_stock_or_price_reasons_are_refused_and_access_errors_are_unreachable() {
        let setup = setup().await;
        setup.fake.answer(ITEMS_PATH, vec![items(&["pending"])]);
        setup.fake.answer(
            VALIDATE_PATH,
            vec![ok(json!({"tip_type": "warning", "reason_options": [
                {"reason_name": "Out of Stock", "reason_id": "10000021"},
                {"reason_name": "Wrong Price or Pricing Error", "reason_id": "10000023"}
            ]}))],
        );
        let result = setup.actions.apply(&setup.shop, &order(), &cancel(), "k1").await;
        assert!(matches!(result, Err(DestinationError::Refused(_))), "{result:?}");
        assert!(setup.fake.seen().iter().all(|s| s.path != format!("/rest{CREATE_PATH}")));

        setup.fake.answer(
            ITEMS_PATH,
            vec![json!({"code": "IllegalAccessToken", "type": "ISV", "message": "The specified access token is invalid or expired"})],
        );
        let result = setup.actions.apply(&setup.shop, &order(), &cancel(), "k2").await;
        assert!(
            matches!(&result, Err(DestinationError::Unreachable(m)) if m.contains("IllegalAccessToken")),
            "{result:?}"
        );

        let mut exchange = cancel();
        exchange.kind = ActionKind::Exchange;
        let result = setup.actions.apply(&setup.shop, &order(), &exchange, "k3").await;
        assert!(matches!(result, Err(DestinationError::Refused(_))), "{result:?}");
        let mut elsewhere = setup.shop.clone();
        elsewhere.channels.lazada = None;
        let result = setup.actions.apply(&elsewhere, &order(), &cancel(), "k4").await;
        assert_eq!(result, Err(DestinationError::Unreachable("the shop has no [channels.lazada]".into())));
    }
}
