//! Test drivers: the real app on 127.0.0.1:0 with sled in a temp dir, a websocket client that
//! speaks the buyer protocol, HTTP calls on reqwest (`raw` for bytes written by hand), and the
//! `kefu` binary as a child process.

use std::ffi::OsStr;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use kefu::app::Application;
use kefu::config::Settings;
use kefu::domain::{Clock, ShopId};
use kefu::retrieval::Embedder;
use kefu::retrieval::fastembed::{FastembedE5, ModelFiles};
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use tokio_util::sync::CancellationToken;

use crate::launcher::Kefu;

/// How long a test waits for any one frame before failing. Generous: the suite shares two cores
/// with the model, the local LLM server, PostgreSQL, Redis and child nodes loading their own
/// model, so a turn that takes 100 ms alone can take seconds; this is when to give up, not how
/// fast a turn must be.
pub const PATIENCE: Duration = Duration::from_secs(30);

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/knowledge")
}

/// The real embedding model, loaded once for the whole test binary (2 s, 600 MB).
pub fn shared_embedder() -> Arc<dyn Embedder> {
    static EMBEDDER: OnceLock<Arc<dyn Embedder>> = OnceLock::new();
    EMBEDDER
        .get_or_init(|| {
            let settings = Settings::defaults().embedding;
            let files = ModelFiles {
                model_dir: settings.model_dir,
                ort_library: settings.ort_library,
                intra_threads: settings.intra_threads,
                batch_size: settings.batch_size,
            };
            Arc::new(FastembedE5::load(&files).expect("the model is installed (scripts/install-model.sh)"))
        })
        .clone()
}

/// Settings for a test app: fixture shops, a fresh data dir, port 0, the admin token
/// `drivers::ADMIN`.
pub fn test_settings(data: &Path) -> Settings {
    let mut settings = Settings::defaults();
    settings.server.listen = "127.0.0.1:0".parse().unwrap();
    settings.server.shutdown_grace = Duration::from_secs(5);
    settings.storage.data_dir = data.to_owned();
    settings.knowledge.dir = fixtures();
    // Tests and their browser talk plain http to 127.0.0.1 (one test checks the secure cookie).
    settings.console.secure_cookie = false;
    settings.admin.token = kefu::config::Secret::new(crate::drivers::ADMIN);
    settings
}

pub struct TestApp {
    pub addr: SocketAddr,
    /// The app's clock: at the system's time until a test moves it on (`clock.advance`) to see
    /// what expiry does, instead of sleeping.
    pub clock: Clock,
    pub stop: CancellationToken,
    pub handle: JoinHandle<anyhow::Result<()>>,
    pub _data: TempDir,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let shops = ["test-shop", "other-shop"].map(|shop| (shop.to_owned(), fixtures().join(shop)));
    spawn_app_with_shops(&shops, adjust).await
}

/// The demo shops' directory (knowledge/).
pub fn demo_shops() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

/// An app serving `shops` (id, directory), ingested before it starts.
pub async fn spawn_app_with_shops(shops: &[(String, PathBuf)], adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let data = tempfile::tempdir().unwrap();
    let mut settings = test_settings(data.path());
    adjust(&mut settings);
    let clock = Clock::shifted();
    let app = Application::build_at(settings, shared_embedder(), clock.clone()).await.expect("the app builds");
    for (shop, dir) in shops {
        let id = ShopId::parse(shop).unwrap();
        app.ingestor().ingest(&id, dir).await.unwrap_or_else(|e| panic!("{} does not ingest: {e}", dir.display()));
    }
    let addr = app.local_addr();
    let stop = CancellationToken::new();
    let handle = tokio::spawn(app.run_until_stopped(stop.clone().cancelled_owned()));
    TestApp { addr, clock, stop, handle, _data: data }
}

impl TestApp {
    pub async fn widget(&self, shop: &str) -> Widget {
        Widget::connect(self.addr, shop).await
    }

    /// Stops the app and checks it drained cleanly.
    pub async fn shutdown(self) {
        self.stop.cancel();
        tokio::time::timeout(Duration::from_secs(15), self.handle)
            .await
            .expect("the app stops within its grace period")
            .expect("the app task did not panic")
            .expect("the app stopped without error");
    }

    /// A plain GET; returns the status code and body.
    pub async fn get(&self, path: &str) -> (u16, String) {
        http_get(self.addr, path).await
    }
}

pub async fn http_get(addr: SocketAddr, path: &str) -> (u16, String) {
    let response = send(addr, "GET", path, &[], None).await;
    let status = response.status().as_u16();
    (status, response.text().await.expect("a readable body"))
}

/// An HTTP request with an optional JSON body; returns the status, the body as JSON (`Null`
/// when it is not JSON) and the `Set-Cookie` header, if any.
pub async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> (u16, Value, Option<String>) {
    let response = send(addr, method, path, headers, body).await;
    let status = response.status().as_u16();
    let cookie = response.headers().get("set-cookie").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let body = response.text().await.expect("a readable body");
    (status, serde_json::from_str(&body).unwrap_or(Value::Null), cookie)
}

/// One request on reqwest: no redirects followed (tests read them), no cookies kept (tests
/// carry them), every request typed JSON, an empty body too (as the hand-written client sent
/// them). A client per request: every test has its own runtime, and a pooled connection must
/// not outlive it.
async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> reqwest::Response {
    kefu::tls::init();
    let client =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("an HTTP client");
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("an HTTP method");
    let mut request = client.request(method, format!("http://{addr}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let body = body.map(Value::to_string).unwrap_or_default();
    request = request.header("Content-Type", "application/json").body(body);
    request.send().await.unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A request written byte for byte, for what a well-behaved client would not send (a declared
/// type that is not the body's, an upload's raw bytes); returns the status, the head and the
/// body bytes.
pub async fn raw(addr: SocketAddr, request_head: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!("{request_head}Host: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, head, response[split + 4..].to_vec())
}

/// A buyer's chat socket.
pub struct Widget {
    pub ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl Widget {
    pub async fn connect(addr: SocketAddr, shop: &str) -> Widget {
        let url = format!("ws://{addr}/v1/chat?shop={shop}");
        let (ws, _) = tokio_tungstenite::connect_async(url).await.expect("websocket connects");
        Widget { ws }
    }

    /// Any kefu socket at `path`, with extra headers (the console's `Authorization`); the
    /// refusal's HTTP status when the upgrade is refused.
    pub async fn connect_to(addr: SocketAddr, path: &str, headers: &[(&str, &str)]) -> Result<Widget, u16> {
        use tokio_tungstenite::tungstenite::client::IntoClientRequest;
        let mut request = format!("ws://{addr}{path}").into_client_request().unwrap();
        for (name, value) in headers {
            request.headers_mut().insert(
                tokio_tungstenite::tungstenite::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        match tokio_tungstenite::connect_async(request).await {
            Ok((ws, _)) => Ok(Widget { ws }),
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => Err(response.status().as_u16()),
            Err(err) => panic!("websocket: {err}"),
        }
    }

    pub async fn send(&mut self, frame: Value) {
        self.ws.send(Message::Text(frame.to_string().into())).await.expect("send");
    }

    pub async fn send_raw(&mut self, text: &str) {
        self.ws.send(Message::Text(text.into())).await.expect("send");
    }

    /// The next JSON frame; pings and pongs are skipped. Panics on close or after `PATIENCE`.
    pub async fn recv(&mut self) -> Value {
        self.recv_within(PATIENCE).await
    }

    /// The next JSON frame, waiting up to `patience` for it (a turn through a CPU language model).
    pub async fn recv_within(&mut self, patience: Duration) -> Value {
        match self.next_within(patience).await {
            Some(Ok(frame)) => frame,
            Some(Err(close)) => panic!("socket closed: {close:?}"),
            None => panic!("socket ended"),
        }
    }

    /// The next frame: `Ok(json)`, or `Err(close frame)` when the server closed.
    pub async fn next(&mut self) -> Option<Result<Value, Option<CloseFrame>>> {
        self.next_within(PATIENCE).await
    }

    async fn next_within(&mut self, patience: Duration) -> Option<Result<Value, Option<CloseFrame>>> {
        // One deadline for the frame: the server's heartbeat pings must not restart the wait.
        let deadline = tokio::time::Instant::now() + patience;
        loop {
            let message =
                tokio::time::timeout_at(deadline, self.ws.next()).await.expect("a frame within the patience")?;
            match message {
                Ok(Message::Text(text)) => {
                    return Some(Ok(serde_json::from_str(&text).expect("server frames are JSON")));
                }
                Ok(Message::Close(frame)) => return Some(Err(frame)),
                Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_)) => continue,
                Ok(Message::Binary(_)) => panic!("the server sent a binary frame"),
                Err(err) => {
                    eprintln!("socket error: {err}");
                    return None;
                }
            }
        }
    }

    /// Frames until one of type `kind` (included).
    pub async fn recv_until(&mut self, kind: &str) -> Vec<Value> {
        let mut frames = Vec::new();
        loop {
            let frame = self.recv().await;
            let done = frame["type"] == kind;
            frames.push(frame);
            if done {
                return frames;
            }
        }
    }

    /// Frames until the turn's outcome, a `reply` or a `handoff` (included).
    pub async fn recv_until_turn_end(&mut self) -> Vec<Value> {
        let mut frames = Vec::new();
        loop {
            let frame = self.recv().await;
            let done = frame["type"] == "reply" || frame["type"] == "handoff";
            frames.push(frame);
            if done {
                return frames;
            }
        }
    }

    /// Every frame that arrives within `window`, then stops (the socket stays open).
    pub async fn drain(&mut self, window: Duration) -> Vec<Value> {
        let mut frames = Vec::new();
        let deadline = tokio::time::Instant::now() + window;
        while let Ok(Some(Ok(message))) = tokio::time::timeout_at(deadline, self.ws.next()).await {
            if let Message::Text(text) = message {
                frames.push(serde_json::from_str(&text).unwrap());
            }
        }
        frames
    }

    /// Says hello and returns the welcome.
    pub async fn hello(&mut self, frame: Value) -> Value {
        let mut hello = json!({"type": "hello"});
        hello.as_object_mut().unwrap().extend(frame.as_object().unwrap().clone());
        self.send(hello).await;
        let welcome = self.recv().await;
        assert_eq!(welcome["type"], "welcome", "{welcome}");
        welcome
    }

    pub async fn message(&mut self, client_msg_id: &str, text: &str) {
        self.send(json!({"type": "message", "client_msg_id": client_msg_id, "text": text})).await;
    }
}

/// `kefu serve` as a child process, for tests that kill it.
pub struct Server {
    pub child: tokio::process::Child,
    pub addr: SocketAddr,
}

impl Server {
    /// Ingests the fixture shops into `data` with `kefu ingest --all`.
    pub async fn ingest_fixtures(data: &Path) {
        let config_dir = tempfile::tempdir().unwrap();
        let fixtures = fixtures();
        Kefu::new(&[OsStr::new("ingest"), OsStr::new("--all"), fixtures.as_os_str()], config_dir.path())
            .data_dir(data)
            .env("KEFU_ENV", "test")
            .succeeds("ingesting the fixtures")
            .await;
    }

    /// `kefu serve` on the data in `data`, with the admin token `drivers::ADMIN` unless `env`
    /// names another. Shops' credentials are read from `data`'s
    /// `secrets/` (`write_secret`) and shops may call this machine (the fake platforms); a test
    /// of the refusal sets `KEFU__OUTBOUND__ALLOW_PRIVATE=false` in `env`.
    pub async fn start(data: &Path, env: &[(&str, &str)]) -> Server {
        let config_dir = tempfile::tempdir().unwrap();
        let (child, addr) = Kefu::new(&["serve", "--listen", "127.0.0.1:0"], config_dir.path())
            .data_dir(data)
            .env("KEFU_ENV", "test")
            .env("KEFU__KNOWLEDGE__DIR", fixtures())
            .env("KEFU__SECRETS__DIR", data.join("secrets"))
            .env("KEFU__OUTBOUND__ALLOW_PRIVATE", "true")
            .env("KEFU__ADMIN__TOKEN", crate::drivers::ADMIN)
            .envs(env.iter().copied())
            .serve()
            .await;
        Server { child, addr }
    }
}

/// Puts `shop`'s credential `name` in the secret directory `Server::start` gives kefu (the
/// data directory's `secrets/`).
pub fn write_secret(data: &Path, shop: &str, name: &str, value: &str) {
    let dir = data.join("secrets").join(shop);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), value).unwrap();
}

/// Runs `kefu` with `args` and `stdin`; returns (exit code, stdout, stderr).
pub async fn run_kefu(args: &[&str], stdin: &str) -> (i32, String, String) {
    let config_dir = tempfile::tempdir().unwrap();
    Kefu::new(args, config_dir.path())
        .env("KEFU_ENV", "test")
        .env("KEFU__KNOWLEDGE__DIR", fixtures())
        .output(stdin)
        .await
}
