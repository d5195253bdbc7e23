//! Drivers per role, the same for the app in this process (`TestApp`) and a `kefu serve` child
//! (`Server`): the operator (`admin()`), a shop's API key (`key(…)`), an agent signed in to the
//! console (`console(id)`), a marketplace delivering a signed webhook (`webhook(…)`), and anyone
//! (`anonymous()`). Tests say who acts; the headers and signatures are written once, here.

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::http;

/// The deployment's admin token in every test app and server (tests of a missing or wrong token
/// set their own).
pub const ADMIN: &str = "a-long-enough-admin-token";

/// The password of every agent `Caller::add_agent` creates.
pub const PASSWORD: &str = "correct horse battery staple";

/// A running kefu, reached at `addr`.
pub trait Running {
    fn addr(&self) -> SocketAddr;

    /// The operator, with the deployment's admin token.
    fn admin(&self) -> Caller {
        Caller { addr: self.addr(), bearer: Some(format!("Bearer {ADMIN}")) }
    }

    /// Whoever holds `token` (a shop's API key, a session, a guess).
    fn key(&self, token: &str) -> Caller {
        Caller { addr: self.addr(), bearer: Some(format!("Bearer {token}")) }
    }

    /// Anyone, without a credential.
    fn anonymous(&self) -> Caller {
        Caller { addr: self.addr(), bearer: None }
    }

    /// Agent `id` (created with `Caller::add_agent`) signed in to the console; checks the
    /// session cookie is out of scripts' and other sites' reach.
    async fn console(&self, id: &str) -> Caller {
        let (status, session, cookie) = self.anonymous().login(&format!("{id}@example.com"), PASSWORD).await;
        assert_eq!(status, 200, "{id} signs in: {session}");
        let cookie = cookie.expect("a session cookie");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
        self.key(session["token"].as_str().expect("a session token"))
    }

    /// A platform delivering `body` to its webhook, signed as `hook` says; the status and the
    /// body (`Null` when it is not JSON).
    async fn webhook(&self, hook: Webhook<'_>, body: &Value) -> (u16, Value) {
        let (path, headers) = hook.signed(&body.to_string());
        let headers: Vec<(&str, &str)> = headers.iter().map(|(name, value)| (*name, value.as_str())).collect();
        let (status, answer, _) = http(self.addr(), "POST", path, &headers, Some(body)).await;
        (status, answer)
    }
}

impl Running for crate::support::TestApp {
    fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Running for crate::support::Server {
    fn addr(&self) -> SocketAddr {
        self.addr
    }
}

/// Whatever listens there (a task that must own what it calls).
impl Running for SocketAddr {
    fn addr(&self) -> SocketAddr {
        *self
    }
}

/// One caller of kefu's HTTP API and its credential.
#[derive(Debug, Clone)]
pub struct Caller {
    addr: SocketAddr,
    bearer: Option<String>,
}

impl Caller {
    /// The `Authorization` header's value (`Bearer …`), for a console socket.
    pub fn authorization(&self) -> &str {
        self.bearer.as_deref().expect("a caller with a credential")
    }

    /// The credential alone (a session token is also the session cookie's value).
    pub fn token(&self) -> &str {
        self.authorization().trim_start_matches("Bearer ")
    }

    /// A request with an optional JSON body; the status and the body as JSON (`Null` when it
    /// is not JSON).
    pub async fn call(&self, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        let headers: Vec<(&str, &str)> = self.bearer.iter().map(|b| ("Authorization", b.as_str())).collect();
        let (status, answer, _) = http(self.addr, method, path, &headers, body).await;
        (status, answer)
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.call("GET", path, None).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        self.call("POST", path, Some(body)).await
    }

    /// A POST without a body (claim, resolve, approve …).
    pub async fn act(&self, path: &str) -> (u16, Value) {
        self.call("POST", path, None).await
    }

    pub async fn delete(&self, path: &str) -> (u16, Value) {
        self.call("DELETE", path, None).await
    }

    /// A console login with `email` and `password`; the status, the answer and the
    /// `Set-Cookie` header.
    pub async fn login(&self, email: &str, password: &str) -> (u16, Value, Option<String>) {
        let body = json!({"email": email, "password": password});
        http(self.addr, "POST", "/v1/console/login", &[], Some(&body)).await
    }

    /// As the operator: creates agent `id` (named `ID`, e-mail `<id>@example.com`, `PASSWORD`)
    /// with `role` at `shops`; panics unless it is created, and checks no password comes back.
    pub async fn add_agent(&self, id: &str, role: &str, shops: &[&str]) {
        let body = json!({"id": id, "name": id.to_uppercase(), "email": format!("{id}@example.com"),
            "password": PASSWORD, "role": role, "language": "en", "shops": shops});
        let (status, answer) = self.post("/v1/admin/agents", &body).await;
        assert_eq!(status, 200, "{answer}");
        assert!(answer.get("password_hash").is_none() && answer.get("password").is_none(), "{answer}");
    }
}

/// How a platform signs what it delivers, each as its documentation says (kefu's checks of the
/// same recipes are in `src/channels/`).
#[derive(Debug, Clone, Copy)]
pub enum Webhook<'a> {
    /// kefu's own webhook: `X-Kefu-Shop`, and `X-Kefu-Signature: sha256=<hex HMAC>` when signed.
    Generic { shop: &'a str, secret: Option<&'a str> },
    /// Meta: `X-Hub-Signature-256: sha256=<hex HMAC of the body with the app secret>`.
    WhatsApp { app_secret: &'a str },
    /// TikTok Shop: `Authorization: <hex HMAC of app key + body>`.
    TikTok { app_key: &'a str, secret: &'a str },
    /// Lazada: `Authorization: <hex HMAC of app key + body>`.
    Lazada { app_key: &'a str, secret: &'a str },
    /// Shopee: `Authorization: <hex HMAC of callback URL | body with the partner key>`.
    Shopee { callback: &'a str, partner_key: &'a str },
    /// Shopify: `X-Shopify-Hmac-Sha256: <base64 HMAC>`, the topic, the store's domain and,
    /// when given, the webhook id.
    Shopify { domain: &'a str, topic: &'a str, webhook_id: Option<&'a str>, secret: &'a str },
}

impl Webhook<'_> {
    /// The webhook's path and headers for `raw`, the body as sent.
    fn signed(&self, raw: &str) -> (&'static str, Vec<(&'static str, String)>) {
        let hex = |key: &str, text: &str| kefu::crypto::hmac_hex(key.as_bytes(), text.as_bytes());
        match *self {
            Webhook::Generic { shop, secret } => {
                let mut headers = vec![("X-Kefu-Shop", shop.to_owned())];
                if let Some(secret) = secret {
                    headers.push(("X-Kefu-Signature", format!("sha256={}", hex(secret, raw))));
                }
                ("/v1/webhooks/generic", headers)
            }
            Webhook::WhatsApp { app_secret } => {
                ("/v1/webhooks/whatsapp", vec![("X-Hub-Signature-256", format!("sha256={}", hex(app_secret, raw)))])
            }
            Webhook::TikTok { app_key, secret } => {
                ("/v1/webhooks/tiktok", vec![("Authorization", hex(secret, &format!("{app_key}{raw}")))])
            }
            Webhook::Lazada { app_key, secret } => {
                ("/v1/webhooks/lazada", vec![("Authorization", hex(secret, &format!("{app_key}{raw}")))])
            }
            Webhook::Shopee { callback, partner_key } => {
                ("/v1/webhooks/shopee", vec![("Authorization", hex(partner_key, &format!("{callback}|{raw}")))])
            }
            Webhook::Shopify { domain, topic, webhook_id, secret } => {
                use base64::Engine;
                use hmac::Mac;
                let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
                mac.update(raw.as_bytes());
                let signature = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
                let mut headers = vec![
                    ("X-Shopify-Hmac-Sha256", signature),
                    ("X-Shopify-Topic", topic.to_owned()),
                    ("X-Shopify-Shop-Domain", domain.to_owned()),
                ];
                if let Some(id) = webhook_id {
                    headers.push(("X-Shopify-Webhook-Id", id.to_owned()));
                }
                ("/v1/webhooks/shopify", headers)
            }
        }
    }
}

/// Polls `done` every 50 ms until it holds or `patience` runs out; whether it held. For what
/// happens in the background (a delivery, a prune): the caller asserts on the state itself.
pub async fn eventually(patience: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = tokio::time::Instant::now() + patience;
    loop {
        if done() {
            return true;
        }
        if tokio::time::Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
