//! Cancelling a TikTok Shop order at the buyer's request through the TikTok Shop Partner API,
//! as the shop's `[channels.tiktok]` (its `shop_cipher`, and its access token from the
//! credential `token` names) with kefu's app key and app secret (the variable `app_secret_env`
//! names).
//!
//! Every call carries the query parameters `app_key`, `timestamp` (s), `shop_cipher` and `sign`
//! (hex HMAC-SHA256 under the app secret of: secret, path, the sorted query parameters as
//! key+value, body, secret — as the customer-service channel signs), and the token in
//! `x-tts-access-token`. Two calls:
//!
//! 1. Get Order Detail, `GET {api_base}/order/202309/orders?ids=`: the order's `status`.
//!    `CANCELLED` is done — Cancel Order takes no idempotency key and kefu knows no documented
//!    "already cancelled" code, so a retried cancel that went through is recognised this way.
//!    The seller may cancel only in `UNPAID`, `ON_HOLD` and `AWAITING_SHIPMENT`; any other
//!    status is refused.
//! 2. Cancel Order, `POST {api_base}/return_refund/202309/cancellations` with JSON `{"order_id",
//!    "cancel_reason"}` (the whole order: no `order_line_item_ids` or `skus`), the reason being
//!    TikTok's "Buyer requested cancellation" for the order's status:
//!    `seller_cancel_unpaid_reason_buyer_requested_cancellation` when `UNPAID`,
//!    `seller_cancel_paid_reason_buyer_requested_cancellation` when `ON_HOLD` or
//!    `AWAITING_SHIPMENT`. `code` 0 is done (TikTok answers a `cancel_id` and `cancel_status`).
//!
//! The order's TikTok id is its `platform_order_id`, else its id without `#`. A `code` other
//! than 0 is refused with TikTok's `message`, unless it is in the 105xxx–106xxx families
//! (access token, app and signature errors), which, like HTTP 401, 403, 429 or 5xx or no
//! answer, is unreachable. Address changes, returns and exchanges are refused: the shop's team
//! handles them on TikTok Shop.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use super::{marketplace_id, readable};
use crate::actions::{Destination, DestinationError};
use crate::channels::tiktok::request_sign;
use crate::config::TiktokConfig;
use crate::domain::{OrderAction, now_ms};
use crate::knowledge::Order;
use crate::outbound::{OutboundPolicy, refusal_in};
use crate::secrets::Secrets;
use crate::shop::Shop;

const ORDERS_PATH: &str = "/order/202309/orders";
const CANCEL_PATH: &str = "/return_refund/202309/cancellations";
const UNPAID_REASON: &str = "seller_cancel_unpaid_reason_buyer_requested_cancellation";
const PAID_REASON: &str = "seller_cancel_paid_reason_buyer_requested_cancellation";

pub struct TiktokActions {
    app: TiktokConfig,
    secrets: Secrets,
    outbound: OutboundPolicy,
    client: reqwest::Client,
}

/// What one shop's calls are signed with.
struct Credentials<'a> {
    shop_cipher: &'a str,
    token: String,
    secret: String,
}

impl TiktokActions {
    pub fn new(app: TiktokConfig, secrets: Secrets, outbound: OutboundPolicy) -> TiktokActions {
        let client = outbound.client(Duration::from_secs(15));
        TiktokActions { app, secrets, outbound, client }
    }

    /// One signed call: the `data` of TikTok's answer when its `code` is 0.
    async fn call(
        &self,
        credentials: &Credentials<'_>,
        method: Method,
        path: &str,
        params: &[(&str, &str)],
        body: Option<Value>,
    ) -> Result<Value, DestinationError> {
        let unreachable = DestinationError::Unreachable;
        let timestamp = (now_ms() / 1000).to_string();
        let mut query = vec![
            ("app_key", self.app.app_key.as_str()),
            ("shop_cipher", credentials.shop_cipher),
            ("timestamp", timestamp.as_str()),
        ];
        query.extend_from_slice(params);
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let sign = request_sign(&credentials.secret, path, &query, &body);
        let mut url = reqwest::Url::parse(&format!("{}{path}", self.app.api_base.trim_end_matches('/')))
            .map_err(|e| unreachable(format!("the TikTok Shop API address: {e}")))?;
        self.outbound.check(&url).map_err(|refusal| unreachable(format!("TikTok Shop: {refusal}")))?;
        url.query_pairs_mut().extend_pairs(&query).append_pair("sign", &sign);
        let mut request = self.client.request(method, url).header("x-tts-access-token", &credentials.token);
        if !body.is_empty() {
            request = request.header("content-type", "application/json").body(body);
        }
        let response = request.send().await.map_err(|e| match refusal_in(&e) {
            Some(refusal) => unreachable(format!("TikTok Shop: {refusal}")),
            None => unreachable(format!("TikTok Shop request failed: {}", e.without_url())),
        })?;
        let status = response.status();
        let body = self.outbound.body(response).await.map_err(|e| unreachable(format!("TikTok Shop answer: {e}")))?;
        if matches!(status.as_u16(), 401 | 403 | 429) || status.is_server_error() {
            return Err(unreachable(format!("TikTok Shop answered {status}")));
        }
        let Ok(answer) = serde_json::from_slice::<Value>(&body) else {
            return Err(unreachable(format!("TikTok Shop answered {status} with what kefu cannot read")));
        };
        let Some(code) = answer["code"].as_i64() else {
            return Err(unreachable(format!("TikTok Shop answered {status} without a code")));
        };
        if code == 0 && status.is_success() {
            return Ok(answer["data"].clone());
        }
        let message = answer["message"].as_str().filter(|m| !m.trim().is_empty()).map(readable);
        let message = message.unwrap_or_else(|| format!("TikTok Shop answered code {code}"));
        if (105_000..107_000).contains(&code) {
            Err(unreachable(format!("TikTok Shop: code {code}: {message}")))
        } else {
            Err(DestinationError::Refused(message))
        }
    }
}

#[async_trait::async_trait]
impl Destination for TiktokActions {
    async fn apply(
        &self,
        shop: &Shop,
        order: &Order,
        action: &OrderAction,
        _key: &str,
    ) -> Result<(), DestinationError> {
        super::cancel_only(action, "TikTok Shop")?;
        let Some(channel) = shop.channels.tiktok.as_ref() else {
            return Err(DestinationError::Unreachable("the shop has no [channels.tiktok]".into()));
        };
        let (secret, token) =
            super::marketplace_keys(&self.secrets, &shop.id, &self.app.app_secret_env, &channel.token)?;
        let credentials = Credentials { shop_cipher: &channel.shop_cipher, token, secret };
        let order_id = marketplace_id(order);

        let detail = self.call(&credentials, Method::GET, ORDERS_PATH, &[("ids", &order_id)], None).await?;
        let Some(found) = detail["orders"].as_array().and_then(|orders| orders.first()) else {
            return Err(DestinationError::Refused("TikTok Shop does not know this order".into()));
        };
        let reason = match found["status"].as_str().unwrap_or_default() {
            "CANCELLED" => return Ok(()), // a retry of a cancel that went through
            "UNPAID" => UNPAID_REASON,
            "ON_HOLD" | "AWAITING_SHIPMENT" => PAID_REASON,
            other => {
                return Err(DestinationError::Refused(format!(
                    "the order is {} on TikTok Shop: it can no longer be cancelled",
                    readable(other)
                )));
            }
        };
        let body = json!({"order_id": order_id, "cancel_reason": reason});
        self.call(&credentials, Method::POST, CANCEL_PATH, &[], Some(body)).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap, VecDeque};
    use std::sync::{Arc, Mutex};

    use axum::extract::State;
    use axum::http::{HeaderMap, StatusCode, Uri};
    use axum::response::{IntoResponse, Response};

    use super::*;
    use crate::domain::ActionKind;
    use crate::domain::Language;
    use crate::orders::testing::{self, cancel, local_outbound};
    use crate::secrets::CredentialName;
    use crate::shop::TiktokChannel;

    #[derive(Debug, Clone)]
    struct Seen {
        method: String,
        path: String,
        query: BTreeMap<String, String>,
        token: String,
        body: String,
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

    async fn fake_tiktok(
        State(state): State<FakeState>,
        method: axum::http::Method,
        uri: Uri,
        headers: HeaderMap,
        body: String,
    ) -> Response {
        let url = reqwest::Url::parse(&format!("http://fake{uri}")).unwrap();
        let query = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let token = headers.get("x-tts-access-token").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        let seen = Seen { method: method.to_string(), path: url.path().to_owned(), query, token, body };
        state.seen.lock().unwrap().push(seen);
        let mut answers = state.answers.lock().unwrap();
        let Some(queue) = answers.get_mut(url.path()) else { return StatusCode::NOT_FOUND.into_response() };
        let answer = if queue.len() > 1 { queue.pop_front() } else { queue.front().cloned() };
        axum::Json(answer.unwrap_or(Value::Null)).into_response()
    }

    struct Setup {
        actions: TiktokActions,
        shop: Shop,
        fake: FakeState,
        secret: String,
        _secrets: tempfile::TempDir,
    }

    async fn setup() -> Setup {
        let fake = FakeState::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let app = axum::Router::new().fallback(fake_tiktok).with_state(fake.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.ok() });
        let secrets = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(secrets.path().join("s1")).unwrap();
        std::fs::write(secrets.path().join("s1").join("tiktok"), "shop-token\n").unwrap();
        let mut shop = Shop::serving_any_language("s1", Language::parse("en").unwrap());
        shop.channels.tiktok = Some(TiktokChannel {
            shop_id: "7494".into(),
            shop_cipher: "ROW_cipher".into(),
            token: CredentialName::parse("tiktok").unwrap(),
        });
        let (env, secret) = testing::known_env("app secret");
        let app =
            TiktokConfig { app_key: "6abc".into(), app_secret_env: env, api_base: format!("http://127.0.0.1:{port}") };
        let outbound = local_outbound();
        let actions = TiktokActions::new(app, Secrets::new(secrets.path().to_path_buf()), outbound);
        Setup { actions, shop, fake, secret, _secrets: secrets }
    }

    fn order() -> Order {
        testing::order("processing", "GBP", Some("576461413038785752"))
    }

    fn ok(data: Value) -> Value {
        json!({"code": 0, "message": "Success", "request_id": "r", "data": data})
    }

    fn with_status(status: &str) -> Value {
        ok(json!({"orders": [{"id": "576461413038785752", "status": status}]}))
    }

    /// The common parameters and token are there and `sign` is TikTok's signature of the path,
    /// the other parameters and the body.
    fn assert_signed(setup: &Setup, seen: &Seen) {
        let q = &seen.query;
        assert_eq!((q["app_key"].as_str(), q["shop_cipher"].as_str()), ("6abc", "ROW_cipher"));
        assert_eq!(seen.token, "shop-token");
        let params: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(q["sign"], request_sign(&setup.secret, &seen.path, &params, &seen.body), "{seen:?}");
    }

    #[tokio::test]
    async fn an_order_awaiting_shipment_is_cancelled_at_the_buyers_request() {
        let setup = setup().await;
        setup.fake.answer(ORDERS_PATH, vec![with_status("AWAITING_SHIPMENT")]);
        setup.fake.answer(
            CANCEL_PATH,
            vec![ok(json!({"cancel_id": "4035", "cancel_status": "CANCELLATION_REQUEST_COMPLETE"}))],
        );
        assert_eq!(setup.actions.apply(&setup.shop, &order(), &cancel(), "k1").await, Ok(()));
        let seen = setup.fake.seen();
        assert_eq!(seen.len(), 2);
        assert_eq!((seen[0].method.as_str(), seen[0].path.as_str()), ("GET", ORDERS_PATH));
        assert_eq!(seen[0].query["ids"], "576461413038785752");
        assert_signed(&setup, &seen[0]);
        assert_eq!((seen[1].method.as_str(), seen[1].path.as_str()), ("POST", CANCEL_PATH));
        let body: Value = serde_json::from_str(&seen[1].body).unwrap();
        assert_eq!(body, json!({"order_id": "576461413038785752", "cancel_reason": PAID_REASON}));
        assert_signed(&setup, &seen[1]);
    }

    #[tokio::test]
    async fn an_unpaid_order_takes_the_unpaid_reason_and_a_cancelled_one_is_done() {
        let setup = setup().await;
        setup.fake.answer(ORDERS_PATH, vec![with_status("UNPAID"), with_status("CANCELLED")]);
        setup.fake.answer(CANCEL_PATH, vec![ok(json!({"cancel_id": "1"}))]);
        assert_eq!(setup.actions.apply(&setup.shop, &order(), &cancel(), "k1").await, Ok(()));
        let body: Value = serde_json::from_str(&setup.fake.seen()[1].body).unwrap();
        assert_eq!(body["cancel_reason"], UNPAID_REASON);

        assert_eq!(setup.actions.apply(&setup.shop, &order(), &cancel(), "k1").await, Ok(()));
        assert_eq!(setup.fake.seen().len(), 3, "a cancelled order is not cancelled again");
    }

    #[tokio::test]
    async fn tiktoks_refusal_is_passed_on_and_token_errors_are_unreachable() {
        let setup = setup().await;
        setup.fake.answer(ORDERS_PATH, vec![with_status("ON_HOLD")]);
        setup.fake.answer(
            CANCEL_PATH,
            vec![
                json!({"code": 25001021, "message": "Reason not match order status", "request_id": "r"}),
                json!({"code": 105002, "message": "Expired credentials", "request_id": "r"}),
            ],
        );
        let refused = setup.actions.apply(&setup.shop, &order(), &cancel(), "k1").await;
        assert_eq!(refused, Err(DestinationError::Refused("Reason not match order status".into())));
        let result = setup.actions.apply(&setup.shop, &order(), &cancel(), "k1").await;
        assert!(matches!(&result, Err(DestinationError::Unreachable(m)) if m.contains("105002")), "{result:?}");

        setup.fake.answer(ORDERS_PATH, vec![with_status("IN_TRANSIT")]);
        let result = setup.actions.apply(&setup.shop, &order(), &cancel(), "k2").await;
        assert!(matches!(&result, Err(DestinationError::Refused(m)) if m.contains("IN_TRANSIT")), "{result:?}");

        let mut ret = cancel();
        ret.kind = ActionKind::Return;
        let result = setup.actions.apply(&setup.shop, &order(), &ret, "k3").await;
        assert!(matches!(result, Err(DestinationError::Refused(_))), "{result:?}");
        let mut elsewhere = setup.shop.clone();
        elsewhere.channels.tiktok = None;
        let result = setup.actions.apply(&elsewhere, &order(), &cancel(), "k4").await;
        assert_eq!(result, Err(DestinationError::Unreachable("the shop has no [channels.tiktok]".into())));
        assert_eq!(setup.fake.seen().len(), 5);
    }
}
