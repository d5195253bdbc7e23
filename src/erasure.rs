//! A buyer's right to be forgotten: one conversation erased everywhere kefu keeps it — its log
//! entries, header and hand-off ticket (`ConversationLog::erase`), its marketplace inbox and
//! outbox rows and link (`ChannelQueue::erase`), the images attached to it (`UploadStore`), the
//! console's translations of it (`ConsoleStore`) — after handing back, when asked, everything
//! that is erased (the export). `Pruning` deletes what is past its retention. These are the
//! exceptions to the append-only log (ARCHITECTURE.md).

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::channels::Platform;
use crate::channels::queue::ChannelQueue;
use crate::console::store::ConsoleStore;
use crate::conversation::log::{ConversationLog, LogError};
use crate::domain::{Clock, ConversationId, ConversationKey, Entry, EntryBody, ShopId, StorageError};
use crate::shop::ShopDirectory;
use crate::uploads::UploadStore;

/// What an erasure removed, and (when asked) the data itself.
#[derive(Debug)]
pub struct Erased {
    pub shop: ShopId,
    pub conversation: String,
    /// Log entries removed.
    pub entries: usize,
    /// Images removed.
    pub images: usize,
    /// Inbox and outbox rows of the marketplace conversation removed.
    pub channel_rows: usize,
    /// Cached console translations removed.
    pub translations: usize,
    /// Records of actions on orders the buyer confirmed, removed.
    pub actions: usize,
    /// The erased entries, oldest first, when an export was asked for.
    pub export: Option<Vec<Entry>>,
}

pub struct Eraser {
    pub log: Arc<dyn ConversationLog>,
    pub queue: Arc<dyn ChannelQueue>,
    pub uploads: Arc<dyn UploadStore>,
    pub console: Arc<dyn ConsoleStore>,
    /// Confirmed actions on orders: they carry the buyer's addresses.
    pub actions: Arc<dyn crate::actions::store::ActionStore>,
    /// When retentions run out.
    pub clock: Clock,
}

impl Eraser {
    /// Erases the conversation; `Ok(None)` when the shop has no such conversation.
    pub async fn erase(&self, key: &ConversationKey, export: bool) -> Result<Option<Erased>, LogError> {
        let link: Option<(Platform, String)> = self.queue.linked(key).await?;
        let Some(entries) = self.log.erase(key).await? else { return Ok(None) };
        let mut images = 0;
        for id in attached_images(&key.shop, &entries) {
            if self.uploads.delete_upload(&key.shop, &id).await? {
                images += 1;
            }
        }
        let channel_rows = match &link {
            Some((platform, conversation)) => self.queue.erase(key, *platform, conversation).await?,
            None => 0,
        };
        let translations = self.console.erase_translations(key).await?;
        let actions = self.actions.erase_conversation_actions(&key.shop, &key.id).await?;
        Ok(Some(Erased {
            actions,
            shop: key.shop.clone(),
            conversation: key.id.as_str().to_owned(),
            entries: entries.len(),
            images,
            channel_rows,
            translations,
            export: export.then_some(entries),
        }))
    }
}

impl Eraser {
    /// Erases the shop's conversations idle longer than `retention`; returns how many.
    pub async fn expire(&self, shop: &ShopId, retention: std::time::Duration) -> Result<usize, LogError> {
        let mut erased = 0;
        for key in self.log.idle_since(shop, self.ago(retention)).await? {
            if self.erase(&key, false).await?.is_some() {
                erased += 1;
            }
        }
        Ok(erased)
    }

    /// The time `span` ago by the eraser's clock, in Unix ms.
    fn ago(&self, span: Duration) -> u64 {
        self.clock.now_ms().saturating_sub(span.as_millis() as u64)
    }
}

/// What deleting a shop removed.
#[derive(Debug)]
pub struct ShopDeleted {
    pub shop: ShopId,
    /// Its conversations, each erased as a buyer's erasure erases one.
    pub conversations: usize,
    /// Images not attached to any conversation (attached ones go with theirs).
    pub images: usize,
    /// Marketplace inbox and outbox rows not linked to a conversation.
    pub channel_rows: usize,
    /// API keys, canned replies, audit records, reviews and translations.
    pub console_rows: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum DeleteError {
    #[error("kefu has no shop {0}")]
    Unknown(ShopId),
    #[error(transparent)]
    Knowledge(#[from] crate::ingestion::IngestError),
    #[error(transparent)]
    Log(#[from] LogError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Deletes a shop and everything kefu keeps of it: it stops being served and its knowledge
/// goes (record, passages, orders, vectors: `Ingestor::remove`), then every conversation is
/// erased, then what is left of its images, marketplace rows and console data. Agents keep
/// their accounts without the shop. Not touched: the operator's own files (`knowledge.dir` and
/// `secrets.dir` under the shop's id). Running it again finishes an interrupted deletion.
pub async fn delete_shop(
    ingestor: &crate::ingestion::Ingestor,
    eraser: &Eraser,
    shop: &ShopId,
) -> Result<ShopDeleted, DeleteError> {
    let known = ingestor.remove(shop).await?;
    let conversations = eraser.log.idle_since(shop, u64::MAX).await?;
    if !known && conversations.is_empty() {
        return Err(DeleteError::Unknown(shop.clone()));
    }
    let mut erased = 0;
    for key in &conversations {
        if eraser.erase(key, false).await?.is_some() {
            erased += 1;
        }
    }
    Ok(ShopDeleted {
        shop: shop.clone(),
        conversations: erased,
        images: eraser.uploads.erase_shop_uploads(shop).await?,
        channel_rows: eraser.queue.erase_shop(shop).await?,
        console_rows: eraser.console.erase_shop(shop).await? + eraser.actions.erase_shop_actions(shop).await?,
    })
}

/// How long a platform's delivery id is remembered, to refuse a replay.
const DELIVERY_MEMORY: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 3600);

/// Deletes what is past its retention — images (`widget.upload_retention`), each shop's
/// conversations idle longer than its `[retention] conversations`, its answered marketplace
/// messages (`inbox`) and cached translations (`translations`), and old delivery ids — at start
/// and then every `server.prune_interval`, until shutdown.
pub struct Pruning {
    pub eraser: Arc<Eraser>,
    pub shops: Arc<ShopDirectory>,
    /// `widget.upload_retention`, for shops that set no `[retention] uploads`.
    pub upload_retention: Duration,
    pub every: Duration,
}

impl Pruning {
    pub async fn run(self, shutdown: CancellationToken) {
        let mut tick = tokio::time::interval(self.every);
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return,
                _ = tick.tick() => {}
            }
            self.once().await;
        }
    }

    /// One round; a failure is logged and the next round tries again.
    pub async fn once(&self) {
        let eraser = &self.eraser;
        report("delivery ids forgotten", None, eraser.queue.prune_deliveries(eraser.ago(DELIVERY_MEMORY)).await);
        for id in self.shops.ids() {
            let Some(shop) = self.shops.get(&id) else { continue };
            if let Some(retention) = shop.conversation_retention {
                report(
                    "conversations past the shop's retention erased",
                    Some(&id),
                    eraser.expire(&id, retention).await,
                );
            }
            let images = shop.upload_retention.unwrap_or(self.upload_retention);
            report(
                "images past their retention deleted",
                Some(&id),
                eraser.uploads.prune_uploads(&id, eraser.ago(images)).await,
            );
            let inbox = eraser.queue.prune_inbox(&id, eraser.ago(shop.inbox_retention)).await;
            report("answered marketplace messages past the shop's retention deleted", Some(&id), inbox);
            let translations = eraser.console.prune_translations(&id, eraser.ago(shop.translation_retention)).await;
            report("translations past the shop's retention deleted", Some(&id), translations);
        }
    }
}

fn report<E: std::fmt::Display>(what: &'static str, shop: Option<&ShopId>, outcome: Result<usize, E>) {
    let shop = shop.map(ShopId::as_str).unwrap_or("-");
    match outcome {
        Ok(0) => {}
        Ok(deleted) => tracing::info!(shop, deleted, "{what}"),
        Err(err) => tracing::error!(shop, error.message = %err, "pruning failed: {what}"),
    }
}

/// Which conversation to erase, as the shop or the buyer knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Whose {
    /// kefu's id (the widget's welcome, `kefu ask`).
    Conversation(String),
    /// A marketplace's conversation (`whatsapp` and the buyer's number, `generic` and its id).
    Platform { platform: Platform, conversation: String },
    /// A phone number: the WhatsApp conversation kept under it.
    Phone(String),
}

impl Whose {
    /// The one buyer these fields name — kefu's conversation id, a platform with its
    /// conversation, or a phone — or why they do not (none, or more than one).
    pub fn named(
        conversation: Option<String>,
        platform: Option<String>,
        platform_conversation: Option<String>,
        phone: Option<String>,
    ) -> Result<Whose, String> {
        match (conversation, platform, platform_conversation, phone) {
            (Some(id), None, None, None) => Ok(Whose::Conversation(id)),
            (None, Some(platform), Some(conversation), None) => match Platform::parse(&platform) {
                Some(platform) => Ok(Whose::Platform { platform, conversation }),
                None => Err(format!("platform {platform:?}: not one kefu knows")),
            },
            (None, None, None, Some(phone)) => Ok(Whose::Phone(phone)),
            _ => Err("name one buyer: a conversation, a platform with its platform conversation, or a phone".into()),
        }
    }

    /// The conversation of `shop` this names; an error says what is wrong with it.
    pub fn key(&self, shop: &ShopId) -> Result<ConversationKey, String> {
        let id = match self {
            Whose::Conversation(id) => ConversationId::parse(id).map_err(|e| e.to_string())?,
            Whose::Platform { platform, conversation } => {
                if conversation.trim().is_empty() {
                    return Err("platform_conversation is empty".into());
                }
                crate::channels::worker::platform_conversation_id(*platform, conversation)
            }
            Whose::Phone(phone) => {
                let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
                if digits.len() < 6 {
                    return Err(format!("{phone:?} is not a phone number"));
                }
                crate::channels::worker::platform_conversation_id(Platform::Whatsapp, &digits)
            }
        };
        Ok(ConversationKey { shop: shop.clone(), id })
    }
}

/// The ids of the shop's images the buyer attached (`/v1/uploads/<shop>/<id>`).
fn attached_images(shop: &ShopId, entries: &[Entry]) -> Vec<String> {
    let prefix = format!("/v1/uploads/{shop}/");
    entries
        .iter()
        .filter_map(
            |entry| if let EntryBody::Buyer { attachments, .. } = &entry.body { Some(attachments) } else { None },
        )
        .flatten()
        .filter_map(|attachment| attachment.url.as_deref()?.strip_prefix(&prefix).map(str::to_owned))
        .collect()
}
