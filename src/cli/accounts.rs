//! `kefu agent …` and `kefu key`: console accounts and shop API keys, straight in the store.

use std::process::ExitCode;

use anyhow::Context;
use kefu::config::Settings;
use kefu::domain::{Language, ShopId};

/// Creates or replaces an agent; the password comes from KEFU_AGENT_PASSWORD, else stdin's
/// first line.
pub async fn add_agent(
    settings: Settings,
    id: String,
    name: String,
    email: String,
    role: String,
    language: String,
    shops: Vec<String>,
) -> anyhow::Result<ExitCode> {
    let store = kefu::app::open_store(&settings).await?;
    let password = match kefu::config::deployment_secret("KEFU_AGENT_PASSWORD") {
        Some(password) => password,
        None => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).context("reading the password from stdin")?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let role = kefu::console::store::Role::parse(&role)
        .ok_or_else(|| anyhow::anyhow!("--role: agent or shop_admin, not {role:?}"))?;
    let language =
        Language::parse(&language).ok_or_else(|| anyhow::anyhow!("--language: a language tag such as en or zh-CN"))?;
    let shops = shops.iter().map(|s| ShopId::parse(s)).collect::<Result<Vec<_>, _>>()?;
    let new = kefu::console::NewAgent { id, name, email, password, role, language, shops };
    let agent = kefu::console::add_agent(&*store, new).await?;
    println!("agent {} ({}) saved; serves {}", agent.id, agent.email, agent.shops.len());
    Ok(ExitCode::SUCCESS)
}

pub async fn list_agents(settings: Settings) -> anyhow::Result<ExitCode> {
    let store = kefu::app::open_store(&settings).await?;
    for agent in kefu::console::store::ConsoleStore::agents(&*store).await? {
        let shops: Vec<&str> = agent.shops.iter().map(|s| s.as_str()).collect();
        println!(
            "{}\t{}\t{}\t{:?}\t{}\t{}",
            agent.id,
            agent.name,
            agent.email,
            agent.role,
            agent.language.as_str(),
            shops.join(",")
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn add_key(
    settings: Settings,
    shop: String,
    label: String,
    expires_in_days: Option<u32>,
) -> anyhow::Result<ExitCode> {
    let store = kefu::app::open_store(&settings).await?;
    let shop = ShopId::parse(&shop)?;
    let lifetime = expires_in_days.map(kefu::console::key_lifetime).transpose()?;
    let key = kefu::console::add_api_key(&*store, &shop, &label, lifetime).await?;
    println!("{key}");
    eprintln!("kefu key: the key for {shop} is above; it is not shown again");
    Ok(ExitCode::SUCCESS)
}
