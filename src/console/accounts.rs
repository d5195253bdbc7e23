//! Accounts, sessions and the shops' API keys: creating and disabling agents, logging in
//! (throttled per address and account), finding the agent a session belongs to, and the keys a
//! shop's own systems use for its admin endpoints.

use std::net::IpAddr;
use std::time::Duration;

use super::store::{self, Agent, ConsoleStore, Role, Session};
use super::{Console, ConsoleError, password, throttle};
use crate::domain::{Language, ShopId, now_ms};

/// A new account, as the operator describes it.
pub struct NewAgent {
    pub id: String,
    pub name: String,
    pub email: String,
    pub password: String,
    pub role: Role,
    pub language: Language,
    pub shops: Vec<ShopId>,
}

/// Shortest password accepted.
const MIN_PASSWORD_CHARS: usize = 10;

impl Console {
    /// Creates an account, or replaces the one with the same id (a new password, new shops).
    pub async fn add_agent(&self, new: NewAgent) -> Result<Agent, ConsoleError> {
        add_agent(self.store.as_ref(), new).await
    }

    pub async fn agents(&self) -> Result<Vec<Agent>, ConsoleError> {
        Ok(self.store.agents().await?)
    }

    /// Checks the password and opens a session: its token (give it to the client once; only
    /// its hash is stored) and when it expires.
    #[tracing::instrument(skip_all)]
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        from: IpAddr,
    ) -> Result<(String, Session, Agent), ConsoleError> {
        let email = email.trim().to_lowercase();
        // Counted as failed before the hash; taken back once the password holds.
        let attempt = self.throttle.attempt(from, &email).await.map_err(|refusal| match refusal {
            throttle::Refusal::Throttled => ConsoleError::RateLimited,
            throttle::Refusal::Busy => ConsoleError::Busy,
        })?;
        let agent = self.store.agent_by_email(&email).await?;
        // An unknown address costs the same hashing as a wrong password.
        let hash = agent.as_ref().map(|a| a.password_hash.clone());
        let valid = password::verify(password.to_owned(), hash).await;
        let Some(agent) = agent.filter(|a| valid && !a.disabled) else {
            return Err(ConsoleError::BadCredentials);
        };
        attempt.succeeded();
        let token = password::new_token();
        let session = Session {
            agent: agent.id.clone(),
            expires_at_ms: self.clock.now_ms() + self.session_ttl.as_millis() as u64,
            issued_at_ms: now_ms(),
        };
        self.store.put_session(&password::token_hash(&token), &session).await?;
        for shop in &agent.shops {
            self.audit(&agent, shop, "login", None, None).await?;
        }
        Ok((token, session, agent))
    }

    /// The agent a session token belongs to.
    pub async fn authenticate(&self, token: &str) -> Result<Agent, ConsoleError> {
        let hash = password::token_hash(token);
        let session = self.store.session(&hash).await?.ok_or(ConsoleError::Unauthenticated)?;
        if session.expires_at_ms <= self.clock.now_ms() {
            self.store.delete_session(&hash).await?;
            return Err(ConsoleError::Unauthenticated);
        }
        match self.store.agent(&session.agent).await? {
            // A session outlives neither its agent nor a change to the account.
            Some(agent) if !agent.disabled && session.issued_at_ms >= agent.changed_at_ms => Ok(agent),
            Some(_) | None => {
                self.store.delete_session(&hash).await?;
                Err(ConsoleError::Unauthenticated)
            }
        }
    }

    pub async fn logout(&self, token: &str) -> Result<(), ConsoleError> {
        Ok(self.store.delete_session(&password::token_hash(token)).await?)
    }

    /// Disables (or enables again) an agent: a disabled one cannot log in, and their sessions
    /// end at once. `NotFound` for an unknown id.
    pub async fn set_disabled(&self, id: &str, disabled: bool) -> Result<Agent, ConsoleError> {
        let mut agent = self.store.agent(id).await?.ok_or(ConsoleError::NotFound)?;
        agent.disabled = disabled;
        agent.changed_at_ms = now_ms();
        self.store.put_agent(&agent).await?;
        Ok(agent)
    }

    /// Deletes an agent; their sessions end with them. Their entries in conversations and the
    /// audit log stay (they are the shop's record).
    pub async fn remove_agent(&self, id: &str) -> Result<(), ConsoleError> {
        if self.store.delete_agent(id).await? { Ok(()) } else { Err(ConsoleError::NotFound) }
    }

    /// The shop's API keys (never the keys themselves).
    pub async fn api_keys(&self, shop: &ShopId) -> Result<Vec<store::ListedKey>, ConsoleError> {
        Ok(self.store.api_keys(shop).await?)
    }

    /// Revokes one of the shop's keys, by the id `api_keys` lists.
    pub async fn revoke_api_key(&self, shop: &ShopId, id: &str) -> Result<(), ConsoleError> {
        if self.store.delete_api_key(shop, id).await? { Ok(()) } else { Err(ConsoleError::NotFound) }
    }

    /// A new key for the shop's own systems; only its hash is kept, so it is shown once.
    pub async fn add_api_key(
        &self,
        shop: &ShopId,
        label: &str,
        lifetime: Option<Duration>,
    ) -> Result<String, ConsoleError> {
        add_api_key(self.store.as_ref(), shop, label, lifetime).await
    }

    /// The shop a key belongs to, while it has not expired.
    pub async fn shop_of_key(&self, key: &str) -> Result<Option<ShopId>, ConsoleError> {
        let key = self.store.api_key(&password::token_hash(key)).await?;
        let now = self.clock.now_ms();
        Ok(key.filter(|k| k.expires_at_ms.is_none_or(|at| at > now)).map(|k| k.shop))
    }
}

/// Creates an account, or replaces the one with the same id (a new password, new shops).
pub async fn add_agent(store: &dyn ConsoleStore, new: NewAgent) -> Result<Agent, ConsoleError> {
    let id_ok = !new.id.is_empty()
        && new.id.len() <= 64
        && new.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !id_ok {
        return Err(ConsoleError::Invalid("agent id: use 1–64 of a-z, 0-9 and -".into()));
    }
    let email = new.email.trim().to_lowercase();
    if !email.contains('@') || email.chars().any(char::is_whitespace) {
        return Err(ConsoleError::Invalid(format!("e-mail {email:?} is not an address")));
    }
    if new.name.trim().is_empty() {
        return Err(ConsoleError::Invalid("name: give the name buyers will see".into()));
    }
    if new.password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ConsoleError::Invalid(format!("password: at least {MIN_PASSWORD_CHARS} characters")));
    }
    if new.shops.is_empty() {
        return Err(ConsoleError::Invalid("shops: an agent serves at least one shop".into()));
    }
    let password_hash = password::hash(new.password).await.map_err(|e| ConsoleError::Storage(e.into()))?;
    let agent = Agent {
        id: new.id,
        name: new.name.trim().to_owned(),
        email,
        password_hash,
        role: new.role,
        language: new.language,
        shops: new.shops,
        created_at_ms: now_ms(),
        disabled: false,
        // Replacing an account (a new password, role or shops) ends its sessions.
        changed_at_ms: now_ms(),
    };
    store.put_agent(&agent).await?;
    Ok(agent)
}

/// How long a shop key lives, from days (1–3650).
pub fn key_lifetime(days: u32) -> Result<Duration, ConsoleError> {
    if !(1..=3650).contains(&days) {
        return Err(ConsoleError::Invalid("expires_in_days: 1 to 3650".into()));
    }
    Ok(Duration::from_secs(u64::from(days) * 86_400))
}

/// Creates a key for `shop`'s own systems (`kefu_` and 64 hexadecimal characters).
pub async fn add_api_key(
    store: &dyn ConsoleStore,
    shop: &ShopId,
    label: &str,
    lifetime: Option<Duration>,
) -> Result<String, ConsoleError> {
    let label = label.trim();
    if label.is_empty() || label.chars().count() > 80 {
        return Err(ConsoleError::Invalid("label: say what the key is for, in 1–80 characters".into()));
    }
    let key = format!("kefu_{}", password::new_token());
    let expires_at_ms = lifetime.map(|d| now_ms().saturating_add(d.as_millis() as u64));
    let record = store::ApiKey { shop: shop.clone(), label: label.to_owned(), created_at_ms: now_ms(), expires_at_ms };
    store.put_api_key(&password::token_hash(&key), &record).await?;
    Ok(key)
}
