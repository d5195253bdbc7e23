//! What the admin API sends (the module doc of `gateway::admin` lists the endpoints), mapped
//! from the use cases' results field by field.

use serde::Serialize;

use super::console::EntryOut;
use crate::console::store::ListedKey;
use crate::domain::ShopId;
use crate::erasure::{Erased, ShopDeleted};
use crate::ingestion::IngestReport;

/// An ingestion's report.
#[derive(Serialize)]
pub struct ReportOut<'a> {
    shop: &'a str,
    passages: usize,
    embedded: usize,
    unchanged: usize,
    deleted: usize,
    orders: usize,
    warnings: Vec<String>,
    elapsed_ms: u128,
    /// Of `elapsed_ms`, embedding passages and warming up what questions will need.
    embedding_ms: u128,
    warming_ms: u128,
}

impl ReportOut<'_> {
    pub fn of(report: &IngestReport) -> ReportOut<'_> {
        ReportOut {
            shop: report.shop.as_str(),
            passages: report.passages,
            embedded: report.embedded,
            unchanged: report.unchanged,
            deleted: report.deleted,
            orders: report.orders,
            warnings: report.warnings.iter().map(ToString::to_string).collect(),
            elapsed_ms: report.elapsed.as_millis(),
            embedding_ms: report.embedding.as_millis(),
            warming_ms: report.warming.as_millis(),
        }
    }
}

/// A shop's API key as listed: its id and label, never the key.
#[derive(Serialize)]
pub struct KeyOut<'a> {
    id: &'a str,
    shop: &'a ShopId,
    label: &'a str,
    created_at_ms: u64,
    expires_at_ms: Option<u64>,
}

impl KeyOut<'_> {
    pub fn all(keys: &[ListedKey]) -> Vec<KeyOut<'_>> {
        keys.iter()
            .map(|k| KeyOut {
                id: &k.id,
                shop: &k.key.shop,
                label: &k.key.label,
                created_at_ms: k.key.created_at_ms,
                expires_at_ms: k.key.expires_at_ms,
            })
            .collect()
    }
}

/// What a buyer's erasure removed, and the conversation itself when an export was asked for.
#[derive(Serialize)]
pub struct ErasedOut<'a> {
    shop: &'a ShopId,
    conversation: &'a str,
    entries: usize,
    images: usize,
    channel_rows: usize,
    translations: usize,
    actions: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    export: Option<Vec<EntryOut<'a>>>,
}

impl ErasedOut<'_> {
    pub fn of(erased: &Erased) -> ErasedOut<'_> {
        ErasedOut {
            shop: &erased.shop,
            conversation: &erased.conversation,
            entries: erased.entries,
            images: erased.images,
            channel_rows: erased.channel_rows,
            translations: erased.translations,
            actions: erased.actions,
            export: erased.export.as_ref().map(|entries| entries.iter().map(EntryOut::of).collect()),
        }
    }
}

/// What deleting a shop removed.
#[derive(Serialize)]
pub struct ShopDeletedOut<'a> {
    shop: &'a ShopId,
    conversations: usize,
    images: usize,
    channel_rows: usize,
    console_rows: usize,
}

impl ShopDeletedOut<'_> {
    pub fn of(deleted: &ShopDeleted) -> ShopDeletedOut<'_> {
        ShopDeletedOut {
            shop: &deleted.shop,
            conversations: deleted.conversations,
            images: deleted.images,
            channel_rows: deleted.channel_rows,
            console_rows: deleted.console_rows,
        }
    }
}
