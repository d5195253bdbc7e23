//! Reads and validates one shop directory. Every problem is collected (not just the first) and
//! named `file:line: field: what is wrong`, so a merchant can fix a file in one pass. Errors
//! reject the shop whole; warnings (unknown fields, totals that do not add up) are reported and
//! the shop is still accepted.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use serde::de::DeserializeOwned;

use super::{Document, LISTING_PLATFORMS, Order, Product, Section, ShippingOption, ShopKnowledge, is_listing_id};
use crate::domain::{Language, OrderStatus, ShopId};
use crate::shop::{ShopError, read_shop_toml};

/// One thing wrong with a shop's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: Option<usize>,
    /// The field, as a path: `price`, `variants[1].sku`.
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The outcome of reading a shop: the knowledge and its warnings, or every error found.
pub type Parsed = Result<(ShopKnowledge, Vec<Problem>), Vec<Problem>>;

/// Largest file read, so a wrong path cannot make kefu read a disk image into memory.
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads `dir` as the knowledge of shop `id`.
pub fn read_shop(id: ShopId, dir: &Path) -> Parsed {
    let mut report = Report::default();
    if !dir.is_dir() {
        report.error(dir.display().to_string(), None, None, "not a directory");
        return Err(report.errors);
    }
    let shop = match read_shop_toml(id, dir) {
        Ok(shop) => Some(shop),
        Err(ShopError::Read { source, .. }) => {
            report.error("shop.toml", None, None, format!("cannot read: {source}"));
            None
        }
        Err(ShopError::Invalid { message, .. }) => {
            report.error("shop.toml", None, None, message);
            None
        }
    };
    let products = read_text(dir, "products.jsonl", &mut report).map(|t| products(&t, &mut report)).unwrap_or_default();
    let shipping = read_text(dir, "shipping.csv", &mut report).map(|t| shipping(&t, &mut report)).unwrap_or_default();
    let orders = read_text(dir, "orders.jsonl", &mut report).map(|t| orders(&t, &mut report)).unwrap_or_default();
    let unverifiable = orders.iter().filter(|o| o.email.is_none() && o.phone.is_none() && o.postcode.is_none()).count();
    let verifies = shop.as_ref().is_some_and(|s| s.order_verification == crate::shop::OrderVerification::Contact);
    if verifies && unverifiable > 0 {
        report.warn(
            "orders.jsonl",
            None,
            None,
            format!(
                "{unverifiable} of {} orders have no email, phone or postcode: their buyers cannot show an order is theirs, so a person answers them; add one, or set [orders] verify = \"none\" in shop.toml",
                orders.len()
            ),
        );
    }
    let faq = read_text(dir, "faq.md", &mut report).map(|t| markdown("faq.md", &t, &mut report));
    let policies = policies(dir, &mut report);
    match shop {
        Some(shop) if report.errors.is_empty() => {
            Ok((ShopKnowledge { shop, products, shipping, orders, policies, faq }, report.warnings))
        }
        _ => Err(report.errors),
    }
}

/// What one knowledge file holds, parsed on its own (`parse_file`).
#[derive(Debug, Clone, PartialEq)]
pub enum KnowledgeFile {
    Products(Vec<Product>),
    Orders(Vec<Order>),
    Shipping(Vec<ShippingOption>),
    /// `faq.md` or a `policies/<name>.md`.
    Document(Document),
}

/// Parses one knowledge file from its text, by its name in a shop directory (`products.jsonl`,
/// `orders.jsonl`, `shipping.csv`, `faq.md`, `policies/<name>.md`), with the checks `read_shop`
/// makes on that file: what it holds and its warnings, or every error. Checks across files (an
/// order without a contact against shop.toml's `[orders] verify`) need the whole directory and
/// are `read_shop`'s. For checking one uploaded file before it replaces the shop's.
pub fn parse_file(name: &str, text: &str) -> Result<(KnowledgeFile, Vec<Problem>), Vec<Problem>> {
    let mut report = Report::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let policy = name.strip_prefix("policies/").is_some_and(|n| n.ends_with(".md") && !n.contains('/'));
    let file = match name {
        "products.jsonl" => KnowledgeFile::Products(products(text, &mut report)),
        "orders.jsonl" => KnowledgeFile::Orders(orders(text, &mut report)),
        "shipping.csv" => KnowledgeFile::Shipping(shipping(text, &mut report)),
        "faq.md" => KnowledgeFile::Document(markdown(name, text, &mut report)),
        _ if policy => KnowledgeFile::Document(markdown(name, text, &mut report)),
        _ => {
            let known = "products.jsonl, orders.jsonl, shipping.csv, faq.md or policies/<name>.md";
            report.error(name, None, None, format!("not a knowledge file: the files are {known}"));
            return Err(report.errors);
        }
    };
    if report.errors.is_empty() { Ok((file, report.warnings)) } else { Err(report.errors) }
}

#[derive(Default)]
struct Report {
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
}

impl Report {
    fn error(&mut self, file: impl Into<String>, line: Option<usize>, field: Option<&str>, message: impl Into<String>) {
        self.errors.push(Problem { file: file.into(), line, field: field.map(str::to_owned), message: message.into() });
    }

    fn warn(&mut self, file: impl Into<String>, line: Option<usize>, field: Option<&str>, message: impl Into<String>) {
        self.warnings.push(Problem {
            file: file.into(),
            line,
            field: field.map(str::to_owned),
            message: message.into(),
        });
    }
}

/// An optional file's text; `None` when it is absent. Unreadable or non-UTF-8 files are errors.
fn read_text(dir: &Path, name: &str, report: &mut Report) -> Option<String> {
    let path = dir.join(name);
    let metadata = std::fs::metadata(&path).ok()?;
    if metadata.len() > MAX_FILE_BYTES {
        report.error(name, None, None, format!("larger than {} MiB", MAX_FILE_BYTES / 1024 / 1024));
        return None;
    }
    match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text)),
            Err(err) => {
                let line = 1 + err.as_bytes()[..err.utf8_error().valid_up_to()].iter().filter(|&&b| b == b'\n').count();
                report.error(name, Some(line), None, "not UTF-8 text; save the file as UTF-8");
                None
            }
        },
        Err(err) => {
            report.error(name, None, None, format!("cannot read: {err}"));
            None
        }
    }
}

/// Parses one JSON line into `T`, naming the field a type error is in.
fn json_line<T: DeserializeOwned>(file: &str, number: usize, line: &str, report: &mut Report) -> Option<T> {
    let mut deserializer = serde_json::Deserializer::from_str(line);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(value) => Some(value),
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            if inner.is_syntax() || inner.is_eof() {
                report.error(
                    file,
                    Some(number),
                    None,
                    format!("not valid JSON: {}", strip_position(&inner.to_string())),
                );
            } else {
                let field = (path != "." && path != "?").then_some(path);
                report.error(file, Some(number), field.as_deref(), strip_position(&inner.to_string()));
            }
            None
        }
    }
}

/// serde_json appends " at line 1 column 57" (the line within the line): noise here.
fn strip_position(message: &str) -> String {
    message.split(" at line ").next().unwrap_or(message).to_owned()
}

/// Fields each record may have; others are reported as warnings (a typo, or a newer format).
fn unknown_fields(file: &str, number: usize, line: &str, known: &[&str], report: &mut Report) {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(line) else { return };
    for key in map.keys().filter(|k| !known.contains(&k.as_str())) {
        report.warn(file, Some(number), Some(key), "unknown field, ignored");
    }
}

fn non_empty_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())).filter(|(_, l)| !l.is_empty())
}

const PRODUCT_FIELDS: &[&str] = &[
    "sku",
    "title",
    "description",
    "price",
    "currency",
    "attributes",
    "variants",
    "url",
    "tags",
    "language",
    "listings",
];

fn products(text: &str, report: &mut Report) -> Vec<Product> {
    const FILE: &str = "products.jsonl";
    let mut out = Vec::new();
    let mut skus = HashSet::new();
    // (platform, id) → the SKU that claimed it: a card must name one product.
    let mut listings: HashMap<(String, String), String> = HashMap::new();
    for (number, line) in non_empty_lines(text) {
        let Some(mut product) = json_line::<Product>(FILE, number, line, report) else { continue };
        product.line = number;
        unknown_fields(FILE, number, line, PRODUCT_FIELDS, report);
        let mut error = |field: &str, message: String| report.error(FILE, Some(number), Some(field), message);
        check_id(&product.sku, "sku", &mut error);
        if !skus.insert(product.sku.clone()) {
            error("sku", format!("{:?} appears twice in the catalogue", product.sku));
        }
        if product.title.trim().is_empty() {
            error("title", "must not be empty".into());
        }
        check_amount(product.price, "price", &mut error);
        check_currency(&product.currency, "currency", &mut error);
        if let Some(language) = &product.language
            && Language::parse(language).is_none()
        {
            error("language", format!("{language:?} is not a language tag (en, pt-BR, zh-TW …)"));
        }
        for (i, variant) in product.variants.iter().enumerate() {
            check_id(&variant.sku, &format!("variants[{i}].sku"), &mut error);
            if variant.sku != product.sku && !skus.insert(variant.sku.clone()) {
                error(&format!("variants[{i}].sku"), format!("{:?} appears twice in the catalogue", variant.sku));
            }
            if let Some(price) = variant.price {
                check_amount(price, &format!("variants[{i}].price"), &mut error);
            }
        }
        for (key, value) in &product.attributes {
            if value.is_object() || value.is_null() {
                error(&format!("attributes.{key}"), "must be text, a number, true/false or a list of those".into());
            }
        }
        for (platform, id) in &product.listings {
            let field = format!("listings.{platform}");
            if !LISTING_PLATFORMS.contains(&platform.as_str()) {
                let known = LISTING_PLATFORMS.join(", ");
                error(&field, format!("{platform:?} is not a marketplace kefu reads product cards from ({known})"));
            } else if !is_listing_id(id) {
                error(&field, format!("{id:?} must be 1-64 ASCII letters, digits, - or _"));
            } else if let Some(other) = listings.get(&(platform.clone(), id.clone())) {
                error(&field, format!("{id:?} is already the {platform} listing of {other:?}"));
            } else {
                listings.insert((platform.clone(), id.clone()), product.sku.clone());
            }
        }
        out.push(product);
    }
    out
}

const ORDER_FIELDS: &[&str] = &[
    "order_id",
    "buyer",
    "email",
    "phone",
    "postcode",
    "updated_at",
    "status",
    "items",
    "total",
    "currency",
    "destination_country",
    "carrier",
    "tracking_number",
    "shipped_at",
    "delivered_at",
    "eta_min",
    "eta_max",
    "events",
];

fn orders(text: &str, report: &mut Report) -> Vec<Order> {
    const FILE: &str = "orders.jsonl";
    let mut out = Vec::new();
    let mut ids = HashSet::new();
    for (number, line) in non_empty_lines(text) {
        let Some(mut order) = json_line::<Order>(FILE, number, line, report) else { continue };
        order.line = number;
        unknown_fields(FILE, number, line, ORDER_FIELDS, report);
        let mut error = |field: &str, message: String| report.error(FILE, Some(number), Some(field), message);
        check_id(&order.order_id, "order_id", &mut error);
        if !ids.insert(order.order_id.clone()) {
            error("order_id", format!("{:?} appears twice", order.order_id));
        }
        if order.items.is_empty() {
            error("items", "an order has at least one item".into());
        }
        for (i, item) in order.items.iter().enumerate() {
            if item.qty == 0 {
                error(&format!("items[{i}].qty"), "must be at least 1".into());
            }
            check_amount(item.price, &format!("items[{i}].price"), &mut error);
        }
        check_amount(order.total, "total", &mut error);
        check_currency(&order.currency, "currency", &mut error);
        if let Some(country) = &order.destination_country {
            check_country(country, false, "destination_country", &mut error);
        }
        for (field, value) in [("shipped_at", &order.shipped_at), ("delivered_at", &order.delivered_at)] {
            if let Some(value) = value.as_deref().filter(|v| !is_timestamp(v)) {
                error(field, format!("{value:?} is not a time like 2026-09-11T20:50:00Z"));
            }
        }
        for (field, value) in [("eta_min", &order.eta_min), ("eta_max", &order.eta_max)] {
            if let Some(value) = value.as_deref().filter(|v| !is_date(v) && !is_timestamp(v)) {
                error(field, format!("{value:?} is not a date like 2026-10-02"));
            }
        }
        for (i, event) in order.events.iter().enumerate() {
            if !is_timestamp(&event.time) {
                error(
                    &format!("events[{i}].time"),
                    format!("{:?} is not a time like 2026-09-11T20:50:00Z", event.time),
                );
            }
        }
        let shipped = matches!(order.status, OrderStatus::Shipped | OrderStatus::Delivered);
        if shipped && order.tracking_number.as_deref().is_none_or(str::is_empty) {
            report.warn(FILE, Some(number), Some("tracking_number"), "a shipped or delivered order usually has one");
        }
        let sum: f64 = order.items.iter().map(|i| f64::from(i.qty) * i.price).sum();
        if sum > order.total + 0.005 {
            report.warn(
                FILE,
                Some(number),
                Some("total"),
                format!("the items add up to {sum:.2}, more than the total"),
            );
        }
        out.push(order);
    }
    out
}

const SHIPPING_COLUMNS: [&str; 9] =
    ["country", "carrier", "service", "cost", "currency", "min_days", "max_days", "tracking_url", "notes"];

fn shipping(text: &str, report: &mut Report) -> Vec<ShippingOption> {
    const FILE: &str = "shipping.csv";
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let mut lines = LineCounter::new(text);
    let header: Vec<String> = match reader.headers() {
        Ok(header) => header.iter().map(|h| h.trim().to_owned()).collect(),
        Err(err) => {
            report.error(FILE, Some(1), None, format!("cannot read the header: {err}"));
            return Vec::new();
        }
    };
    if header.len() < 9 || header[..9] != SHIPPING_COLUMNS {
        report.error(FILE, Some(1), None, format!("the header must start with {}", SHIPPING_COLUMNS.join(",")));
        return Vec::new();
    }
    let mut out = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                let line = err.position().map(|p| lines.line_at(p.byte() as usize));
                report.error(FILE, line, None, format!("not valid CSV: {err}"));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| lines.line_at(p.byte() as usize));
        if record.len() < 9 {
            report.error(FILE, Some(line), None, format!("has {} columns, needs 9", record.len()));
            continue;
        }
        let field = |i: usize| record[i].trim().to_owned();
        let mut error = |field: &str, message: String| report.error(FILE, Some(line), Some(field), message);
        let number = |i: usize, error: &mut dyn FnMut(&str, String)| -> Option<f64> {
            let value = field(i).parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0);
            if value.is_none() {
                error(SHIPPING_COLUMNS[i], format!("{:?} is not a number ≥ 0", field(i)));
            }
            value
        };
        let cost = number(3, &mut error);
        let min_days = number(5, &mut error);
        let max_days = number(6, &mut error);
        check_country(&field(0), true, "country", &mut error);
        if field(1).is_empty() {
            error("carrier", "must not be empty".into());
        }
        check_currency(&field(4), "currency", &mut error);
        let tracking_url = field(7);
        if !tracking_url.is_empty() && !tracking_url.contains("{tracking_number}") {
            error("tracking_url", "must contain {tracking_number} where the number goes".into());
        }
        if let (Some(min), Some(max)) = (min_days, max_days) {
            if min > max {
                error("min_days", format!("{min} is more than max_days {max}"));
            }
            if min.fract() != 0.0 || max.fract() != 0.0 {
                error("min_days", "days are whole numbers".into());
            }
        }
        let (Some(cost), Some(min_days), Some(max_days)) = (cost, min_days, max_days) else { continue };
        out.push(ShippingOption {
            country: field(0),
            carrier: field(1),
            service: field(2),
            cost,
            currency: field(4),
            min_days: min_days as u32,
            max_days: max_days as u32,
            tracking_url,
            notes: field(8),
            line,
        });
    }
    out
}

/// The line a byte of a CSV file is on, as an editor shows it. The csv crate ends a record at a
/// lone `\r` too (old Mac line ends) but counts only `\n` in its line numbers, which named every
/// row of such a file line 1. Asked in file order, it reads the text once.
struct LineCounter<'t> {
    text: &'t [u8],
    at: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> LineCounter<'t> {
        LineCounter { text: text.as_bytes(), at: 0, line: 1 }
    }

    fn line_at(&mut self, byte: usize) -> usize {
        // A record's position is where the last one ended: blank lines before it are skipped.
        let mut end = byte.min(self.text.len());
        while matches!(self.text.get(end), Some(b'\r' | b'\n')) {
            end += 1;
        }
        for i in self.at..end {
            let lone_cr = self.text[i] == b'\r' && self.text.get(i + 1) != Some(&b'\n');
            if self.text[i] == b'\n' || lone_cr {
                self.line += 1;
            }
        }
        self.at = self.at.max(end);
        self.line
    }
}

fn policies(dir: &Path, report: &mut Report) -> Vec<Document> {
    let Ok(entries) = std::fs::read_dir(dir.join("policies")) else { return Vec::new() };
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| name.ends_with(".md"))
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| {
            let file = format!("policies/{name}");
            read_text(dir, &file, report).map(|text| markdown(&file, &text, report))
        })
        .collect()
}

/// Splits markdown at `## ` headings. Text before the first one (under the `# ` title) is a
/// section of its own, headed by the title or the file name.
fn markdown(file: &str, text: &str, report: &mut Report) -> Document {
    let mut title = None;
    let mut language = None;
    let mut sections: Vec<Section> = Vec::new();
    let mut preamble = String::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(tag) = language_comment(line).filter(|_| sections.is_empty()) {
            match Language::parse(tag) {
                Some(tag) => language = Some(tag),
                None => report.error(file, Some(i + 1), Some("language"), format!("{tag:?} is not a language tag")),
            }
        } else if let Some(heading) = line.strip_prefix("## ") {
            sections.push(Section { heading: heading.trim().to_owned(), body: String::new(), line: i + 1 });
        } else if let (Some(t), None) = (line.strip_prefix("# "), title.as_ref()) {
            title = Some(t.trim().to_owned());
        } else if let Some(section) = sections.last_mut() {
            section.body.push_str(line);
            section.body.push('\n');
        } else {
            preamble.push_str(line);
            preamble.push('\n');
        }
    }
    if !preamble.trim().is_empty() {
        let stem = file.rsplit('/').next().unwrap_or(file).trim_end_matches(".md").to_owned();
        let heading = title.clone().unwrap_or(stem);
        sections.insert(0, Section { heading, body: preamble, line: 1 });
    }
    for section in &mut sections {
        section.body = section.body.trim().to_owned();
        if section.body.is_empty() {
            report.warn(file, Some(section.line), None, format!("the section {:?} is empty", section.heading));
        }
    }
    let mut seen = HashSet::new();
    for section in &sections {
        if !seen.insert(section.heading.clone()) {
            report.error(
                file,
                Some(section.line),
                None,
                format!("the heading {:?} appears twice; headings name passages, so they must differ", section.heading),
            );
        }
    }
    sections.retain(|s| !s.body.is_empty());
    Document { file: file.to_owned(), title, language, sections }
}

/// The tag of a `<!-- language: es -->` line.
fn language_comment(line: &str) -> Option<&str> {
    let inner = line.trim().strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    Some(inner.strip_prefix("language:")?.trim())
}

fn check_id(id: &str, field: &str, error: &mut dyn FnMut(&str, String)) {
    if id.trim().is_empty() || id.len() > 128 || id.chars().any(char::is_control) || id.trim() != id {
        error(field, format!("{id:?} must be 1-128 characters, no control characters or surrounding spaces"));
    }
}

fn check_amount(value: f64, field: &str, error: &mut dyn FnMut(&str, String)) {
    if !value.is_finite() || value < 0.0 {
        error(field, format!("{value} must be a number ≥ 0"));
    }
}

fn check_currency(code: &str, field: &str, error: &mut dyn FnMut(&str, String)) {
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        error(field, format!("{code:?} is not an ISO 4217 code like USD or EUR"));
    }
}

fn check_country(code: &str, wildcard: bool, field: &str, error: &mut dyn FnMut(&str, String)) {
    let ok = (wildcard && code == "*") || (code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()));
    if !ok {
        let hint = if wildcard { " or *" } else { "" };
        error(field, format!("{code:?} is not an ISO 3166 alpha-2 code like CL{hint}"));
    }
}

/// `2026-10-02`
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9].iter().all(|&i| b[i].is_ascii_digit())
        && (1..=12).contains(&text[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&text[8..10].parse::<u32>().unwrap_or(0))
}

/// RFC 3339: `2026-09-11T20:50:00Z`, `2026-09-11T20:50:00.5+08:00`.
fn is_timestamp(text: &str) -> bool {
    if text.len() < 20 || !text.get(..10).is_some_and(is_date) || !matches!(text.as_bytes()[10], b'T' | b't' | b' ') {
        return false;
    }
    let rest = &text[11..];
    let b = rest.as_bytes();
    let time_ok = b.len() >= 8
        && b[2] == b':'
        && b[5] == b':'
        && [0, 1, 3, 4, 6, 7].iter().all(|&i| b[i].is_ascii_digit())
        && rest[..2].parse::<u32>().is_ok_and(|h| h < 24)
        && rest[3..5].parse::<u32>().is_ok_and(|m| m < 60)
        && rest[6..8].parse::<u32>().is_ok_and(|s| s <= 60);
    if !time_ok {
        return false;
    }
    let mut zone = &rest[8..];
    if let Some(fraction) = zone.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        zone = &fraction[digits..];
    }
    matches!(zone, "Z" | "z")
        || (zone.len() == 6
            && matches!(zone.as_bytes()[0], b'+' | b'-')
            && zone.as_bytes()[3] == b':'
            && [1, 2, 4, 5].iter().all(|&i| zone.as_bytes()[i].is_ascii_digit()))
}

#[cfg(test)]
mod tests;
