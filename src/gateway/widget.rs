//! The storefront widget's edge (docs/widget.md): the script, each shop's widget settings,
//! image uploads, and the demo storefront pages of development mode. The chat itself is
//! `chat.rs`, which also checks the page's origin against the shop's allowed origins.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Json;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::AppState;
use super::error::ApiError;
use super::wire::ErrorCode;
use crate::domain::{ConversationId, ConversationKey, ShopId};
use crate::shop::Shop;
use crate::uploads::{Upload, UploadError, image_type};

const SCRIPT: &str = include_str!("widget.js");
const DEMO: &str = include_str!("demo.html");
/// The widget's colour when the shop sets none.
const DEFAULT_COLOUR: &str = "#1d5bc9";

/// `GET /widget.js`.
pub async fn script() -> Response {
    let headers = [
        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
        (header::CACHE_CONTROL, "public, max-age=300"),
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
    ];
    (headers, SCRIPT).into_response()
}

#[derive(Deserialize)]
pub struct ShopQuery {
    shop: Option<String>,
    conversation: Option<String>,
}

/// `GET /v1/widget/config?shop=S`: the shop's branding.
pub async fn config(
    State(state): State<Arc<AppState>>,
    Query(query): Query<ShopQuery>,
    headers: HeaderMap,
) -> Response {
    let Some(shop) = served(&state, query.shop.as_deref()) else { return unknown_shop() };
    let widget = &shop.widget;
    let languages: Vec<&str> = shop.languages.iter().map(|l| l.as_str()).collect();
    let body = json!({
        "shop": shop.id.as_str(),
        "name": shop.name,
        "colour": widget.colour.as_deref().unwrap_or(DEFAULT_COLOUR),
        "greeting": widget.greeting,
        "avatar_url": widget.avatar_url,
        "default_language": shop.default_language.as_str(),
        "languages": languages,
        "max_upload_bytes": state.widget.max_upload_bytes,
    });
    with_cors(&shop, &headers, Json(body).into_response())
}

/// `OPTIONS /v1/uploads`: the browser's preflight for an image upload from a shop's page.
pub async fn preflight(
    State(state): State<Arc<AppState>>,
    Query(query): Query<ShopQuery>,
    headers: HeaderMap,
) -> Response {
    let Some(shop) = served(&state, query.shop.as_deref()) else { return unknown_shop() };
    let mut response = StatusCode::NO_CONTENT.into_response();
    let h = response.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("POST"));
    h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("content-type"));
    h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    with_cors(&shop, &headers, response)
}

/// `POST /v1/uploads?shop=S&conversation=C`: a buyer's image, stored; answers its address.
/// Only for a conversation of the shop that a buyer socket has open now or that is stored,
/// within the address's upload rate and the shop's quota.
pub async fn upload(
    State(state): State<Arc<AppState>>,
    Query(query): Query<ShopQuery>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let Some(shop) = served(&state, query.shop.as_deref()) else { return unknown_shop() };
    let answer = match store_upload(&state, &shop, &query, peer, &headers, &body).await {
        Ok(url) => (StatusCode::CREATED, Json(json!({"url": url}))).into_response(),
        Err(refused) => refused.into_response(),
    };
    with_cors(&shop, &headers, answer)
}

/// Checks and stores one upload; its address.
async fn store_upload(
    state: &AppState,
    shop: &Shop,
    query: &ShopQuery,
    peer: SocketAddr,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<String, ApiError> {
    if !shop.widget.allows(origin(headers)) {
        return Err(ApiError::Forbidden(ErrorCode::OriginNotAllowed, "this page may not use the shop's chat".into()));
    }
    if let Err(wait) = state.upload_limits.take(peer.ip()) {
        let message = format!("too many images from your address; try again in {} s", wait.as_secs().max(1));
        return Err(ApiError::RateLimited(message));
    }
    let Some(id) = query.conversation.as_deref().and_then(|c| ConversationId::parse(c).ok()) else {
        let message = "name the conversation: /v1/uploads?shop=S&conversation=<id from welcome>";
        return Err(ApiError::bad_request(ErrorCode::InvalidConversationId, message));
    };
    // A conversation of another shop, a marketplace's, or none at all: all the same answer.
    let key = ConversationKey { shop: shop.id.clone(), id };
    let open = key.id.is_unguessable()
        && (state.live.is_live(&key) || matches!(state.conversations.exists(&key).await, Ok(true)));
    if !open {
        let message = "no such conversation is open: upload from the chat that the welcome named";
        return Err(ApiError::NotFound(ErrorCode::UnknownConversation, message.into()));
    }
    if body.len() > state.widget.max_upload_bytes {
        let message = format!("the image is over {} bytes; send a smaller one", state.widget.max_upload_bytes);
        return Err(ApiError::TooLarge(message));
    }
    let declared = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let content_type = match image_type(declared, body) {
        Ok(kind) => kind,
        Err(err @ UploadError::UnsupportedType) => return Err(ApiError::UnsupportedType(err.to_string())),
        Err(err) => return Err(ApiError::invalid(ErrorCode::InvalidImage, err.to_string())),
    };
    let image_id = uuid::Uuid::new_v4().simple().to_string();
    let upload = Upload { content_type: content_type.to_owned(), bytes: body.to_vec(), at_ms: crate::domain::now_ms() };
    let stored = state
        .uploads
        .put_upload(&shop.id, &image_id, &upload, state.widget.upload_quota_bytes)
        .await
        .map_err(|err| ApiError::unavailable("the image cannot be stored now; try again", err))?;
    if !stored {
        let message = "the shop cannot take more images right now; describe the problem in words";
        return Err(ApiError::QuotaExceeded(message.into()));
    }
    Ok(format!("/v1/uploads/{}/{image_id}", shop.id))
}

/// `GET /v1/uploads/{shop}/{id}`: a stored image. Ids are random; the image is shown in the
/// buyer's widget on the shop's page and in the console.
pub async fn image(State(state): State<Arc<AppState>>, Path((shop, id)): Path<(String, String)>) -> Response {
    let Ok(shop) = ShopId::parse(&shop) else { return StatusCode::NOT_FOUND.into_response() };
    if id.len() != 32 || !id.chars().all(|c| c.is_ascii_hexdigit()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    match state.uploads.upload(&shop, &id).await {
        Ok(Some(upload)) => {
            let headers = [
                (header::CONTENT_TYPE, upload.content_type),
                (header::CACHE_CONTROL, "private, max-age=86400".to_owned()),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
                (header::HeaderName::from_static("cross-origin-resource-policy"), "cross-origin".to_owned()),
            ];
            (headers, upload.bytes).into_response()
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(error.message = %err, "cannot read an upload");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// `GET /demo/{shop}`: a plain storefront of the shop with the widget on it (development only).
pub async fn demo(State(state): State<Arc<AppState>>, Path(shop): Path<String>) -> Response {
    if !state.widget.demo_pages {
        return StatusCode::NOT_FOUND.into_response();
    }
    let Some(shop) = served(&state, Some(&shop)) else { return StatusCode::NOT_FOUND.into_response() };
    let catalogue = state.knowledge.get(&shop.id).map(|view| view.catalogue()).unwrap_or_default();
    let cards: String = catalogue
        .products()
        .iter()
        .take(12)
        .map(|p| {
            let href = format!("/demo/{}/products/{}", shop.id, utf8_percent(&p.sku));
            let price = format!("{} {}", crate::wording::amount(p.price), p.currency);
            format!(
                "<article class=\"card\"><div class=\"pic\" aria-hidden=\"true\"></div><h3><a href=\"{}\">{}</a></h3><p class=\"price\">{}</p></article>\n",
                escape(&href),
                escape(&p.title),
                escape(&price)
            )
        })
        .collect();
    Html(demo_page(&shop, &cards)).into_response()
}

/// `GET /demo/{shop}/products/{sku}`: one product's page, with its schema.org `Product` in
/// JSON-LD, as storefronts publish it; the widget reads the SKU from it (development only).
pub async fn demo_product(State(state): State<Arc<AppState>>, Path((shop, sku)): Path<(String, String)>) -> Response {
    if !state.widget.demo_pages {
        return StatusCode::NOT_FOUND.into_response();
    }
    let Some(shop) = served(&state, Some(&shop)) else { return StatusCode::NOT_FOUND.into_response() };
    let catalogue = state.knowledge.get(&shop.id).map(|view| view.catalogue()).unwrap_or_default();
    let Some((product, _)) = catalogue.by_sku(&sku) else { return StatusCode::NOT_FOUND.into_response() };
    let json_ld = json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "sku": product.sku,
        "name": product.title,
        "offers": {"@type": "Offer", "price": product.price, "priceCurrency": product.currency},
    });
    // Inside <script>, "<" is escaped so no value can close the element.
    let json_ld = json_ld.to_string().replace('<', "\\u003c");
    let price = format!("{} {}", crate::wording::amount(product.price), product.currency);
    let card = format!(
        "<article class=\"card product\"><div class=\"pic\" aria-hidden=\"true\"></div><h3>{}</h3><p class=\"price\">{}</p><p>{}</p></article>\n<script type=\"application/ld+json\">{json_ld}</script>\n",
        escape(&product.title),
        escape(&price),
        escape(&product.description)
    );
    Html(demo_page(&shop, &card)).into_response()
}

fn demo_page(shop: &Shop, products: &str) -> String {
    DEMO.replace("{{SHOP_ID}}", &escape(shop.id.as_str()))
        .replace("{{SHOP_NAME}}", &escape(&shop.name))
        .replace("{{LANG}}", &escape(shop.default_language.as_str()))
        .replace("{{PRODUCTS}}", products)
}

/// A SKU as a path segment.
fn utf8_percent(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

fn served(state: &AppState, shop: Option<&str>) -> Option<Arc<Shop>> {
    let id = ShopId::parse(shop?).ok()?;
    state.conversations.shop(&id)
}

fn unknown_shop() -> Response {
    let message = "no such shop: pass ?shop=<shop id> of a shop this server serves";
    let mut response = ApiError::NotFound(ErrorCode::UnknownShop, message.into()).into_response();
    response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response
}

pub fn origin(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ORIGIN).and_then(|v| v.to_str().ok())
}

/// Lets the page read the answer: any page for a shop without a list of allowed origins,
/// else only those.
fn with_cors(shop: &Shop, headers: &HeaderMap, mut response: Response) -> Response {
    let allowed = if shop.widget.allowed_origins.is_empty() {
        Some(HeaderValue::from_static("*"))
    } else {
        origin(headers).filter(|o| shop.widget.allows(Some(o))).and_then(|o| HeaderValue::from_str(o).ok())
    };
    if let Some(value) = allowed {
        let h = response.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        h.insert(header::VARY, HeaderValue::from_static("origin"));
    }
    response
}

/// Text for HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}
