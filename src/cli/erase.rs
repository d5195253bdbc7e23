//! `kefu erase` and `kefu delete-shop`: a buyer's conversation, or a whole shop, removed
//! everywhere kefu keeps it (`erasure`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use kefu::app;
use kefu::config::Settings;
use kefu::domain::ShopId;

pub async fn erase(
    settings: Settings,
    shop: String,
    conversation: Option<String>,
    platform: Option<String>,
    platform_conversation: Option<String>,
    phone: Option<String>,
    export: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    use kefu::erasure::{Eraser, Whose};
    let shop = ShopId::parse(&shop)?;
    let whose = Whose::named(conversation, platform, platform_conversation, phone).map_err(|message| {
        anyhow::anyhow!("{message} (--conversation, --platform with --platform-conversation, or --phone)")
    })?;
    let key = whose.key(&shop).map_err(anyhow::Error::msg)?;
    // The export file is made before anything is erased: a path that cannot be written
    // stops the erasure instead of losing the data.
    let export_file = match &export {
        Some(path) => Some(
            std::fs::File::create(path).with_context(|| format!("cannot write the export to {}", path.display()))?,
        ),
        None => None,
    };
    let store = kefu::app::open_store(&settings).await?;
    let eraser = Eraser {
        log: store.clone(),
        queue: store.clone(),
        uploads: store.clone(),
        console: store.clone(),
        actions: store,
        clock: kefu::domain::Clock::System,
    };
    let Some(erased) = eraser.erase(&key, export.is_some()).await? else {
        eprintln!("kefu erase: shop {shop} has no conversation {}", key.id.as_str());
        return Ok(ExitCode::from(1));
    };
    if let (Some(file), Some(entries)) = (export_file, &erased.export) {
        let entries: Vec<_> = entries.iter().map(kefu::gateway::wire::console::EntryOut::of).collect();
        serde_json::to_writer_pretty(std::io::BufWriter::new(file), &entries).context("writing the export")?;
    }
    println!(
        "erased {} of shop {shop}: {} entries, {} images, {} marketplace rows",
        erased.conversation, erased.entries, erased.images, erased.channel_rows
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn delete_shop(settings: Settings, shop: String, yes: bool) -> anyhow::Result<ExitCode> {
    let shop = ShopId::parse(&shop)?;
    anyhow::ensure!(yes, "deleting shop {shop} cannot be undone: add --yes to mean it");
    let embedder = app::load_embedder(&settings).await?;
    let services = app::services(&settings, embedder).await?;
    match kefu::erasure::delete_shop(&services.ingestor, &services.eraser, &shop).await {
        Ok(deleted) => {
            println!(
                "deleted shop {shop}: {} conversations, {} more images, {} more marketplace rows, {} console rows",
                deleted.conversations, deleted.images, deleted.channel_rows, deleted.console_rows
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(kefu::erasure::DeleteError::Unknown(_)) => {
            eprintln!("kefu delete-shop: there is no shop {shop} in {}", settings.data_dir().display());
            Ok(ExitCode::from(1))
        }
        Err(err) => Err(anyhow::Error::new(err).context("the deletion stopped part way; run it again to finish")),
    }
}
