//! `kefu eval actions`: scripted conversations asking to cancel, re-address, return or exchange
//! an order, run through `Conversations` against a local order API that records what it is
//! asked to do (`OrderApiFake`: the shop API contract of docs/knowledge-format.md, `POST` an
//! action; it serves `GET` an order too). A case passes when the API received exactly the expected actions,
//! each once (one idempotency key), with the expected arguments — nothing for the cases that
//! must not act — and no reply contains what the case says must not be revealed. Every case runs
//! `runs` times from the same starting orders: pass^k is the share passing all of them.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::conversation::{Conversations, Unknown};
use crate::domain::{ActionKind, Address, CancelReason, ConversationId, ItemExchange, Language, OrderAction, ShopId};
use crate::knowledge::Order;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub id: String,
    pub shop: String,
    pub language: String,
    #[serde(default)]
    pub origin: String,
    pub turns: Vec<String>,
    /// The actions the order API must receive, in order, each once; empty: none.
    pub expect: Vec<Expected>,
    /// What no reply may contain (case-insensitive): the details of an order the buyer has not
    /// shown is theirs.
    #[serde(default)]
    pub never_say: Vec<String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    pub action: ActionKind,
    pub order_id: String,
    #[serde(default)]
    pub reason: Option<CancelReason>,
    #[serde(default)]
    pub address: Option<Address>,
    #[serde(default)]
    pub items: Vec<String>,
    #[serde(default)]
    pub exchange: Vec<ItemExchange>,
}

pub fn parse_cases(text: &str) -> anyhow::Result<Vec<(usize, Case)>> {
    let cases: Vec<(usize, Case)> = super::parse_lines(text)?;
    for (line, case) in &cases {
        anyhow::ensure!(Language::parse(&case.language).is_some(), "line {line}: unknown language {:?}", case.language);
        anyhow::ensure!(!case.turns.is_empty(), "line {line}: a case needs at least one turn");
        ShopId::parse(&case.shop).map_err(|e| anyhow::anyhow!("line {line}: {e}"))?;
    }
    Ok(cases)
}

/// One action call the order API received.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Received {
    pub action: ActionKind,
    pub order_id: String,
    pub key: String,
    pub body: serde_json::Value,
}

#[derive(Default)]
struct ApiState {
    /// Order key (`domain::order_key`) → the order as the API holds it now.
    orders: HashMap<String, Order>,
    calls: Vec<Received>,
}

/// A shop's order API on a local port: serves orders, records and applies actions.
#[derive(Clone)]
pub struct OrderApiFake {
    state: Arc<Mutex<ApiState>>,
    pub addr: SocketAddr,
}

impl OrderApiFake {
    pub async fn start() -> anyhow::Result<(OrderApiFake, tokio::task::JoinHandle<()>)> {
        use axum::routing::{get, post};
        let state = Arc::new(Mutex::new(ApiState::default()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let app = axum::Router::new()
            .route("/orders/{id}", get(get_order))
            .route("/orders/{id}/{action}", post(post_action))
            .with_state(state.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok((OrderApiFake { state, addr }, server))
    }

    /// Starts over from these orders, with no calls recorded.
    pub fn reset(&self, orders: &[Order]) {
        let mut state = self.state.lock().expect("the fake API's lock");
        state.orders = orders.iter().map(|o| (crate::domain::order_key(&o.order_id), o.clone())).collect();
        state.calls.clear();
    }

    pub fn calls(&self) -> Vec<Received> {
        self.state.lock().expect("the fake API's lock").calls.clone()
    }
}

async fn get_order(
    axum::extract::State(state): axum::extract::State<Arc<Mutex<ApiState>>>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let state = state.lock().expect("the fake API's lock");
    match state.orders.get(&crate::domain::order_key(&id)) {
        Some(order) => axum::Json(order.clone()).into_response(),
        None => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}

async fn post_action(
    axum::extract::State(state): axum::extract::State<Arc<Mutex<ApiState>>>,
    axum::extract::Path((id, action)): axum::extract::Path<(String, String)>,
    axum::Json(body): axum::Json<serde_json::Value>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let kind = match action.as_str() {
        "cancel" => ActionKind::Cancel,
        "address" => ActionKind::Address,
        "return" => ActionKind::Return,
        "exchange" => ActionKind::Exchange,
        _ => return axum::http::StatusCode::NOT_FOUND.into_response(),
    };
    let key = body.get("idempotency_key").and_then(|k| k.as_str()).unwrap_or_default().to_owned();
    let mut state = state.lock().expect("the fake API's lock");
    let order_key = crate::domain::order_key(&id);
    let Some(order) = state.orders.get(&order_key).cloned() else {
        return (axum::http::StatusCode::NOT_FOUND, axum::Json(serde_json::json!({"error": "no such order"})))
            .into_response();
    };
    let seen = state.calls.iter().any(|c| c.key == key);
    state.calls.push(Received { action: kind, order_id: order.order_id.clone(), key, body: body.clone() });
    if !seen {
        let action = OrderAction {
            kind,
            order_id: order.order_id.clone(),
            reason: body.get("reason").and_then(|v| serde_json::from_value(v.clone()).ok()),
            address: body.get("address").and_then(|v| serde_json::from_value(v.clone()).ok()),
            items: body.get("items").and_then(|v| serde_json::from_value(v.clone()).ok()).unwrap_or_default(),
            exchange: body.get("exchange").and_then(|v| serde_json::from_value(v.clone()).ok()).unwrap_or_default(),
        };
        let changed = crate::actions::embedded::applied(&order, &action);
        state.orders.insert(order_key.clone(), changed);
    }
    axum::Json(state.orders.get(&order_key).cloned()).into_response()
}

/// Copies the cases' shops from `from` into `to`, each with its actions sent to the fake API
/// (`[orders] actions_url`); kefu reads the orders from the shop's orders.jsonl, which the API
/// starts from too.
pub fn prepare_shops<'a>(
    from: &std::path::Path,
    to: &std::path::Path,
    shops: impl Iterator<Item = &'a str>,
    api: SocketAddr,
) -> anyhow::Result<BTreeMap<String, Vec<Order>>> {
    use anyhow::Context;
    let mut orders = BTreeMap::new();
    for shop in shops.collect::<std::collections::BTreeSet<&str>>() {
        let source = from.join(shop);
        let target = to.join(shop);
        copy_dir(&source, &target).with_context(|| format!("copying {}", source.display()))?;
        let toml_path = target.join("shop.toml");
        let mut table: toml::Table = toml::from_str(&std::fs::read_to_string(&toml_path)?)
            .with_context(|| format!("reading {}", toml_path.display()))?;
        let section = table.entry("orders").or_insert_with(|| toml::Value::Table(toml::Table::new()));
        let section = section.as_table_mut().context("[orders] is not a table")?;
        section.insert("actions_url".into(), format!("http://{api}/orders/{{order_id}}/{{action}}").into());
        std::fs::write(&toml_path, toml::to_string(&table)?)?;
        let jsonl = std::fs::read_to_string(target.join("orders.jsonl")).unwrap_or_default();
        let mut list = Vec::new();
        for (n, line) in jsonl.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            list.push(serde_json::from_str::<Order>(line).with_context(|| format!("{shop}/orders.jsonl:{}", n + 1))?);
        }
        orders.insert(shop.to_owned(), list);
    }
    Ok(orders)
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()))?;
        } else {
            std::fs::copy(&path, to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

#[derive(Debug, Default, Serialize)]
pub struct Tally {
    pub cases: usize,
    /// Cases that passed every run.
    pub passed_all: usize,
    /// Runs that passed, over all cases.
    pub runs_passed: usize,
    pub runs: usize,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub runs: usize,
    pub total: Tally,
    pub by_language: BTreeMap<String, Tally>,
    /// By what the case expects: cancel, address, return, exchange, or none.
    pub by_kind: BTreeMap<String, Tally>,
    /// Actions the API received that no case expected (a second action counts too).
    pub unwanted_actions: usize,
    /// Replies that said what the case says must not be revealed.
    pub leaks: usize,
    /// Milliseconds per turn (the fake API's time included).
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub failures: Vec<Failure>,
}

#[derive(Debug, Serialize)]
pub struct Failure {
    pub id: String,
    pub run: usize,
    pub problem: String,
    pub replies: Vec<String>,
}

pub async fn evaluate(
    conversations: &Conversations,
    api: &OrderApiFake,
    orders: &BTreeMap<String, Vec<Order>>,
    cases: &[(usize, Case)],
    runs: usize,
) -> anyhow::Result<Report> {
    let mut report = Report {
        runs,
        total: Tally::default(),
        by_language: BTreeMap::new(),
        by_kind: BTreeMap::new(),
        unwanted_actions: 0,
        leaks: 0,
        p50_ms: 0.0,
        p99_ms: 0.0,
        failures: Vec::new(),
    };
    let mut latencies = Vec::new();
    for (_, case) in cases {
        let shop = ShopId::parse(&case.shop)?;
        let mut passed = 0;
        for run in 0..runs {
            api.reset(orders.get(&case.shop).map(Vec::as_slice).unwrap_or_default());
            let id = ConversationId::parse(&format!("act-{}", uuid::Uuid::new_v4().simple()))?;
            let locale = Language::parse(&case.language);
            let mut replies = Vec::new();
            for (n, text) in case.turns.iter().enumerate() {
                let opened = conversations.open(&shop, Some(id.clone()), locale.clone(), Unknown::Create).await?;
                let appended =
                    conversations.submit(&opened.key, &format!("t{n}"), text, &[], None, locale.clone()).await?;
                let started = Instant::now();
                let answered = conversations.answer(&opened.key, appended.seq).await?;
                latencies.push(started.elapsed().as_secs_f64() * 1000.0);
                replies.push(match answered {
                    Some(r) => {
                        let handed = if r.escalated { ", handed off" } else { "" };
                        format!("[{} {:.2}{handed}] {}", r.intent.as_str(), r.confidence, r.reply)
                    }
                    None => String::new(),
                });
            }
            let calls = api.calls();
            let (problem, unwanted) = score(case, &calls);
            let leaked: Vec<&String> = case
                .never_say
                .iter()
                .filter(|secret| replies.iter().any(|r| r.to_lowercase().contains(&secret.to_lowercase())))
                .collect();
            report.unwanted_actions += unwanted;
            report.leaks += leaked.len();
            let problem = match (problem, leaked.is_empty()) {
                (None, true) => None,
                (None, false) => Some(format!("revealed {leaked:?}")),
                (Some(p), true) => Some(p),
                (Some(p), false) => Some(format!("{p}; revealed {leaked:?}")),
            };
            match problem {
                None => passed += 1,
                Some(problem) => report.failures.push(Failure { id: case.id.clone(), run, problem, replies }),
            }
        }
        let kind = case.expect.first().map_or("none", |e| e.action.as_str()).to_owned();
        for tally in [
            &mut report.total,
            report.by_language.entry(case.language.clone()).or_default(),
            report.by_kind.entry(kind).or_default(),
        ] {
            tally.cases += 1;
            tally.runs += runs;
            tally.runs_passed += passed;
            tally.passed_all += usize::from(passed == runs);
        }
    }
    latencies.sort_by(f64::total_cmp);
    report.p50_ms = super::percentile(&latencies, 0.5);
    report.p99_ms = super::percentile(&latencies, 0.99);
    Ok(report)
}

/// What is wrong with the calls for this case, and how many of them were not wanted.
fn score(case: &Case, calls: &[Received]) -> (Option<String>, usize) {
    // One action per idempotency key: a retry of the same action is not a second one.
    let mut distinct: Vec<&Received> = Vec::new();
    for call in calls {
        if !distinct.iter().any(|c| c.key == call.key) {
            distinct.push(call);
        }
    }
    let mut unmatched: Vec<&Expected> = case.expect.iter().collect();
    let mut unwanted = 0;
    let mut problems = Vec::new();
    for call in &distinct {
        match unmatched.iter().position(|e| matches(e, call)) {
            Some(i) => {
                unmatched.remove(i);
            }
            None => {
                unwanted += 1;
                problems.push(format!("unwanted {} of {} {}", call.action.as_str(), call.order_id, call.body));
            }
        }
    }
    for expected in unmatched {
        problems.push(format!("no {} of {}", expected.action.as_str(), expected.order_id));
    }
    ((!problems.is_empty()).then(|| problems.join("; ")), unwanted)
}

fn matches(expected: &Expected, call: &Received) -> bool {
    use crate::domain::order_key;
    if expected.action != call.action || order_key(&expected.order_id) != order_key(&call.order_id) {
        return false;
    }
    let field = |name: &str| call.body.get(name).cloned().unwrap_or(serde_json::Value::Null);
    if let Some(reason) = expected.reason
        && field("reason") != serde_json::to_value(reason).unwrap_or_default()
    {
        return false;
    }
    if let Some(address) = &expected.address {
        let Ok(got) = serde_json::from_value::<Address>(field("address")) else { return false };
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        let opt = |a: &Option<String>, b: &Option<String>| same(a.as_deref().unwrap_or(""), b.as_deref().unwrap_or(""));
        if !(same(&address.line1, &got.line1)
            && opt(&address.line2, &got.line2)
            && same(&address.city, &got.city)
            && opt(&address.state, &got.state)
            && same(&address.postcode, &got.postcode)
            && same(&address.country, &got.country))
        {
            return false;
        }
    }
    if !expected.items.is_empty() {
        let got: Vec<String> = serde_json::from_value(field("items")).unwrap_or_default();
        let mut want = expected.items.clone();
        let mut got = got;
        want.sort();
        got.sort();
        if want != got {
            return false;
        }
    }
    if !expected.exchange.is_empty() {
        let got: Vec<ItemExchange> = serde_json::from_value(field("exchange")).unwrap_or_default();
        if got != expected.exchange {
            return false;
        }
    }
    true
}

pub fn render(report: &Report) -> String {
    let share = |t: &Tally| {
        let once = if t.runs == 0 { 0.0 } else { t.runs_passed as f64 / t.runs as f64 };
        let all = if t.cases == 0 { 0.0 } else { t.passed_all as f64 / t.cases as f64 };
        format!("{:>5} cases  pass {:>5.1}%  pass^{} {:>5.1}%", t.cases, once * 100.0, report.runs, all * 100.0)
    };
    let mut out = format!("order actions, {} run(s) per case\n", report.runs);
    out.push_str(&format!("  all          {}\n", share(&report.total)));
    for (kind, tally) in &report.by_kind {
        out.push_str(&format!("  {kind:<12} {}\n", share(tally)));
    }
    for (language, tally) in &report.by_language {
        out.push_str(&format!("  {language:<12} {}\n", share(tally)));
    }
    out.push_str(&format!(
        "unwanted actions: {}   revealed details: {}   turn p50 {:.1} ms, p99 {:.1} ms\n",
        report.unwanted_actions, report.leaks, report.p50_ms, report.p99_ms
    ));
    for failure in &report.failures {
        out.push_str(&format!("\n{} (run {}): {}\n", failure.id, failure.run + 1, failure.problem));
        for reply in &failure.replies {
            out.push_str(&format!("    bot: {}\n", reply.replace('\n', "\n         ")));
        }
    }
    out
}
