//! Cancelling a Shopee order at the buyer's request through Shopee Open Platform v2
//! (`v2.order.cancel_order`: `POST {api_base}/api/v2/order/cancel_order`), as the shop's
//! `[channels.shopee]` (its `shop_id`, and its access token from the credential `token` names)
//! with kefu's partner id and partner key (the variable `partner_key_env` names).
//!
//! Every call carries the common query parameters `partner_id`, `timestamp`, `access_token`,
//! `shop_id` and `sign` = hex HMAC-SHA256(partner key, partner id + API path + timestamp +
//! access token + shop id), as the seller chat does. The body is `{"order_sn", "cancel_reason":
//! "CUSTOMER_REQUEST"}`: the order's Shopee `order_sn` is its `platform_order_id`, else its id
//! without `#`. `CUSTOMER_REQUEST` is the value Shopee's page lists for a seller cancelling at
//! the buyer's request (beside `OUT_OF_STOCK`, `UNDELIVERABLE_AREA` and `COD_NOT_SUPPORTED`).
//! Cancellations the buyer asks for in Shopee's app go through `v2.order.handle_buyer_cancellation`
//! instead (`operation` `ACCEPT`/`REJECT`) and put the order in `IN_CANCEL`; kefu's buyer asked
//! in the chat, so kefu cancels as the seller.
//!
//! Shopee answers HTTP 200 with `error` (empty when it worked) and `message`. An empty `error`
//! is done. An error about kefu's access or Shopee itself (`error_auth`, `error_permission`,
//! `error_sign`, a token error, `error_server`, `error_busy` …), HTTP 429 or 5xx, or no answer
//! is unreachable. Any other error (the order's status, its parameters) is checked against the
//! order's `order_status` from `v2.order.get_order_detail` (`GET …/get_order_detail?order_sn_list=`):
//! `CANCELLED` is done — Shopee takes no idempotency key, and documents no "already cancelled"
//! error, so a retried cancel that went through the first time is recognised by the order's
//! status; `IN_CANCEL` (the buyer also asked in the app) is accepted with
//! `handle_buyer_cancellation` `ACCEPT`; anything else is refused with Shopee's message.
//! Address changes, returns and exchanges are refused: the shop's team handles them on Shopee.

use std::time::Duration;

use serde_json::{Value, json};

use super::{marketplace_id, readable};
use crate::actions::{Destination, DestinationError};
use crate::channels::shopee::request_sign;
use crate::config::ShopeeConfig;
use crate::domain::{OrderAction, now_ms};
use crate::knowledge::Order;
use crate::outbound::{OutboundPolicy, refusal_in};
use crate::secrets::Secrets;
use crate::shop::Shop;

const CANCEL_PATH: &str = "/api/v2/order/cancel_order";
const DETAIL_PATH: &str = "/api/v2/order/get_order_detail";
const BUYER_CANCELLATION_PATH: &str = "/api/v2/order/handle_buyer_cancellation";
/// Shopee's `cancel_reason` for a seller cancelling because the buyer asked.
const CANCEL_REASON: &str = "CUSTOMER_REQUEST";

pub struct ShopeeActions {
    app: ShopeeConfig,
    secrets: Secrets,
    outbound: OutboundPolicy,
    client: reqwest::Client,
}

/// What one shop's calls are signed with.
struct Credentials<'a> {
    shop_id: &'a str,
    token: String,
    partner_key: String,
}

impl ShopeeActions {
    pub fn new(app: ShopeeConfig, secrets: Secrets, outbound: OutboundPolicy) -> ShopeeActions {
        let client = outbound.client(Duration::from_secs(15));
        ShopeeActions { app, secrets, outbound, client }
    }

    /// One signed call to `path`: the `response` of Shopee's answer when its `error` is empty.
    async fn call(
        &self,
        credentials: &Credentials<'_>,
        path: &str,
        query: &[(&str, &str)],
        body: Option<Value>,
    ) -> Result<Value, DestinationError> {
        let unreachable = DestinationError::Unreachable;
        let timestamp = (now_ms() / 1000).to_string();
        let sign = request_sign(
            &credentials.partner_key,
            &self.app.partner_id,
            path,
            &timestamp,
            &credentials.token,
            credentials.shop_id,
        );
        let mut url = reqwest::Url::parse(&format!("{}{path}", self.app.api_base.trim_end_matches('/')))
            .map_err(|e| unreachable(format!("the Shopee API address: {e}")))?;
        self.outbound.check(&url).map_err(|refusal| unreachable(format!("Shopee: {refusal}")))?;
        url.query_pairs_mut()
            .append_pair("partner_id", &self.app.partner_id)
            .append_pair("timestamp", &timestamp)
            .append_pair("access_token", &credentials.token)
            .append_pair("shop_id", credentials.shop_id)
            .append_pair("sign", &sign)
            .extend_pairs(query);
        let request = match body {
            Some(body) => self.client.post(url).json(&body),
            None => self.client.get(url),
        };
        // The address carries the access token: errors are reported without it.
        let response = request.send().await.map_err(|e| match refusal_in(&e) {
            Some(refusal) => unreachable(format!("Shopee: {refusal}")),
            None => unreachable(format!("Shopee request failed: {}", e.without_url())),
        })?;
        let status = response.status();
        let body = self.outbound.body(response).await.map_err(|e| unreachable(format!("Shopee answer: {e}")))?;
        if status.as_u16() == 429 || status.is_server_error() {
            return Err(unreachable(format!("Shopee answered {status}")));
        }
        let Ok(answer) = serde_json::from_slice::<Value>(&body) else {
            return Err(unreachable(format!("Shopee answered {status} with what kefu cannot read")));
        };
        let error = answer["error"].as_str().unwrap_or_default();
        if error.is_empty() {
            return if status.is_success() {
                Ok(answer["response"].clone())
            } else {
                Err(unreachable(format!("Shopee answered {status}")))
            };
        }
        let message = answer["message"].as_str().filter(|m| !m.trim().is_empty()).unwrap_or(error);
        if about_access_or_shopee(error) {
            Err(unreachable(format!("Shopee: {error}: {}", readable(message))))
        } else {
            Err(DestinationError::Refused(readable(message)))
        }
    }

    /// After `cancel_order` refused: done if the order is cancelled already (a retry), the
    /// buyer's own request accepted if it is `IN_CANCEL`, else Shopee's refusal stands.
    async fn after_refusal(
        &self,
        credentials: &Credentials<'_>,
        order_sn: &str,
        message: String,
    ) -> Result<(), DestinationError> {
        let status = match self.call(credentials, DETAIL_PATH, &[("order_sn_list", order_sn)], None).await {
            Ok(response) => response["order_list"][0]["order_status"].as_str().unwrap_or_default().to_owned(),
            Err(_) => String::new(),
        };
        match status.as_str() {
            "CANCELLED" => Ok(()),
            "IN_CANCEL" => {
                let body = json!({"order_sn": order_sn, "operation": "ACCEPT"});
                self.call(credentials, BUYER_CANCELLATION_PATH, &[], Some(body)).await.map(|_| ())
            }
            _ => Err(DestinationError::Refused(message)),
        }
    }
}

#[async_trait::async_trait]
impl Destination for ShopeeActions {
    async fn apply(
        &self,
        shop: &Shop,
        order: &Order,
        action: &OrderAction,
        _key: &str,
    ) -> Result<(), DestinationError> {
        super::cancel_only(action, "Shopee")?;
        let Some(channel) = shop.channels.shopee.as_ref() else {
            return Err(DestinationError::Unreachable("the shop has no [channels.shopee]".into()));
        };
        let (partner_key, token) =
            super::marketplace_keys(&self.secrets, &shop.id, &self.app.partner_key_env, &channel.token)?;
        let credentials = Credentials { shop_id: &channel.shop_id, token, partner_key };
        let order_sn = marketplace_id(order);
        let body = json!({"order_sn": order_sn, "cancel_reason": CANCEL_REASON});
        match self.call(&credentials, CANCEL_PATH, &[], Some(body)).await {
            Ok(_) => Ok(()),
            Err(DestinationError::Refused(message)) => self.after_refusal(&credentials, &order_sn, message).await,
            Err(unreachable) => Err(unreachable),
        }
    }
}

/// Whether Shopee's `error` is about kefu's access or Shopee itself rather than the order.
fn about_access_or_shopee(error: &str) -> bool {
    matches!(
        error,
        "error_auth"
            | "error_permission"
            | "error_sign"
            | "error_server"
            | "error_busy"
            | "error_network"
            | "error_inner"
            | "error_system"
            | "system_busy"
    ) || error.contains("token")
        || error.contains("auth")
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap, VecDeque};
    use std::sync::{Arc, Mutex};

    use axum::extract::State;
    use axum::http::{Method, StatusCode, Uri};
    use axum::response::{IntoResponse, Response};

    use super::*;
    use crate::crypto::hmac_hex;
    use crate::domain::ActionKind;
    use crate::domain::Language;
    use crate::orders::testing::{self, cancel, local_outbound};
    use crate::secrets::CredentialName;
    use crate::shop::ShopeeChannel;

    #[derive(Debug, Clone)]
    struct Seen {
        method: Method,
        path: String,
        query: BTreeMap<String, String>,
        body: Value,
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

    async fn fake_shopee(State(state): State<FakeState>, method: Method, uri: Uri, body: String) -> Response {
        let url = reqwest::Url::parse(&format!("http://fake{uri}")).unwrap();
        let query = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let body = serde_json::from_str(&body).unwrap_or(Value::Null);
        state.seen.lock().unwrap().push(Seen { method, path: url.path().to_owned(), query, body });
        let mut answers = state.answers.lock().unwrap();
        let Some(queue) = answers.get_mut(url.path()) else { return StatusCode::NOT_FOUND.into_response() };
        let answer = if queue.len() > 1 { queue.pop_front() } else { queue.front().cloned() };
        axum::Json(answer.unwrap_or(Value::Null)).into_response()
    }

    struct Setup {
        actions: ShopeeActions,
        shop: Shop,
        fake: FakeState,
        partner_key: String,
        _secrets: tempfile::TempDir,
    }

    async fn setup() -> Setup {
        let fake = FakeState::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let app = axum::Router::new().fallback(fake_shopee).with_state(fake.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.ok() });
        let secrets = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(secrets.path().join("s1")).unwrap();
        std::fs::write(secrets.path().join("s1").join("shopee"), "shop-token\n").unwrap();
        let mut shop = Shop::serving_any_language("s1", Language::parse("en").unwrap());
        shop.channels.shopee =
            Some(ShopeeChannel { shop_id: "777".into(), token: CredentialName::parse("shopee").unwrap() });
        let (env, partner_key) = testing::known_env("partner key");
        let app = ShopeeConfig {
            partner_id: "2001".into(),
            partner_key_env: env,
            callback_url: String::new(),
            api_base: format!("http://127.0.0.1:{port}"),
        };
        let outbound = local_outbound();
        let actions = ShopeeActions::new(app, Secrets::new(secrets.path().to_path_buf()), outbound);
        Setup { actions, shop, fake, partner_key, _secrets: secrets }
    }

    fn order(platform_id: Option<&str>) -> Order {
        testing::order("processing", "SGD", platform_id)
    }

    fn ok(response: Value) -> Value {
        json!({"request_id": "r", "error": "", "message": "", "response": response})
    }

    fn error(error: &str, message: &str) -> Value {
        json!({"request_id": "r", "error": error, "message": message})
    }

    /// The common parameters are there and `sign` is Shopee's signature of this path.
    fn assert_signed(setup: &Setup, seen: &Seen) {
        let q = &seen.query;
        assert_eq!(q["partner_id"], "2001");
        assert_eq!(q["access_token"], "shop-token");
        assert_eq!(q["shop_id"], "777");
        let base = format!("2001{}{}shop-token777", seen.path, q["timestamp"]);
        assert_eq!(q["sign"], hmac_hex(setup.partner_key.as_bytes(), base.as_bytes()), "{seen:?}");
    }

    #[tokio::test]
    async fn a_cancel_is_sent_signed_with_the_buyers_request_as_its_reason() {
        let setup = setup().await;
        setup.fake.answer(CANCEL_PATH, vec![ok(json!({"update_time": 1700000000}))]);
        let done = setup.actions.apply(&setup.shop, &order(Some("220110DYQX6AH5")), &cancel(), "k1").await;
        assert_eq!(done, Ok(()));
        let seen = setup.fake.seen();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].method, Method::POST);
        assert_eq!(seen[0].path, CANCEL_PATH);
        assert_eq!(seen[0].body, json!({"order_sn": "220110DYQX6AH5", "cancel_reason": "CUSTOMER_REQUEST"}));
        assert_signed(&setup, &seen[0]);
    }

    #[tokio::test]
    async fn a_retry_that_finds_the_order_cancelled_is_done_and_another_refusal_is_passed_on() {
        let setup = setup().await;
        setup.fake.answer(CANCEL_PATH, vec![error("error_param", "Order status is not allowed to cancel.")]);
        setup.fake.answer(
            DETAIL_PATH,
            vec![
                ok(json!({"order_list": [{"order_sn": "1001", "order_status": "CANCELLED"}]})),
                ok(json!({"order_list": [{"order_sn": "1001", "order_status": "SHIPPED"}]})),
            ],
        );
        // No platform id: the order's own id without '#'.
        assert_eq!(setup.actions.apply(&setup.shop, &order(None), &cancel(), "k1").await, Ok(()));
        let seen = setup.fake.seen();
        assert_eq!(seen[0].body["order_sn"], "1001");
        assert_eq!((seen[1].method.clone(), seen[1].path.as_str()), (Method::GET, DETAIL_PATH));
        assert_eq!(seen[1].query["order_sn_list"], "1001");
        assert_signed(&setup, &seen[1]);

        let refused = setup.actions.apply(&setup.shop, &order(None), &cancel(), "k2").await;
        assert_eq!(refused, Err(DestinationError::Refused("Order status is not allowed to cancel.".into())));
    }

    #[tokio::test]
    async fn an_order_the_buyer_asked_to_cancel_in_the_app_is_accepted() {
        let setup = setup().await;
        setup.fake.answer(CANCEL_PATH, vec![error("error_param", "The order is in cancel.")]);
        setup.fake.answer(DETAIL_PATH, vec![ok(json!({"order_list": [{"order_status": "IN_CANCEL"}]}))]);
        setup.fake.answer(BUYER_CANCELLATION_PATH, vec![ok(json!({"order_sn": "S1"}))]);
        assert_eq!(setup.actions.apply(&setup.shop, &order(Some("S1")), &cancel(), "k1").await, Ok(()));
        let seen = setup.fake.seen();
        assert_eq!(seen[2].path, BUYER_CANCELLATION_PATH);
        assert_eq!(seen[2].body, json!({"order_sn": "S1", "operation": "ACCEPT"}));
        assert_signed(&setup, &seen[2]);
    }

    #[tokio::test]
    async fn access_errors_are_unreachable_and_other_actions_go_to_the_shops_team() {
        let setup = setup().await;
        setup.fake.answer(CANCEL_PATH, vec![error("error_auth", "Invalid access_token.")]);
        let result = setup.actions.apply(&setup.shop, &order(Some("S1")), &cancel(), "k1").await;
        assert!(matches!(&result, Err(DestinationError::Unreachable(m)) if m.contains("error_auth")), "{result:?}");
        assert_eq!(setup.fake.seen().len(), 1, "no status check after an access error");

        let mut address = cancel();
        address.kind = ActionKind::Address;
        let result = setup.actions.apply(&setup.shop, &order(Some("S1")), &address, "k2").await;
        assert!(matches!(result, Err(DestinationError::Refused(_))), "{result:?}");

        let mut elsewhere = setup.shop.clone();
        elsewhere.channels.shopee = None;
        let result = setup.actions.apply(&elsewhere, &order(Some("S1")), &cancel(), "k3").await;
        assert_eq!(result, Err(DestinationError::Unreachable("the shop has no [channels.shopee]".into())));
        assert_eq!(setup.fake.seen().len(), 1);
    }
}
