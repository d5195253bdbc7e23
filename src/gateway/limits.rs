//! Rate and connection limits for buyer sockets: token buckets per connection and per IP, and a
//! cap on connections per IP. All in memory; limits reset when kefu restarts.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::config::ChatSettings;

/// A bucket of `burst` tokens refilled at `per_minute`.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    tokens: f32,
    burst: f32,
    per_second: f32,
    refilled: Instant,
}

impl TokenBucket {
    pub fn new(per_minute: u32, burst: u32) -> TokenBucket {
        TokenBucket {
            tokens: burst as f32,
            burst: burst as f32,
            per_second: per_minute as f32 / 60.0,
            refilled: Instant::now(),
        }
    }

    /// Takes a token, or says how long until one is there.
    pub fn take(&mut self, now: Instant) -> Result<(), Duration> {
        self.refill(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return Ok(());
        }
        Err(Duration::from_secs_f32((1.0 - self.tokens) / self.per_second))
    }

    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.refilled).as_secs_f32();
        self.tokens = (self.tokens + elapsed * self.per_second).min(self.burst);
        self.refilled = now;
    }

    fn is_full(&mut self, now: Instant) -> bool {
        self.refill(now);
        self.tokens >= self.burst
    }
}

/// Limits shared by all connections from one IP address.
pub struct IpLimits {
    inner: Arc<Mutex<HashMap<IpAddr, IpState>>>,
    max_connections: u32,
    per_minute: u32,
    burst: u32,
}

struct IpState {
    connections: u32,
    messages: TokenBucket,
}

/// Held by a connection; frees its slot when dropped.
pub struct ConnectionPermit {
    ip: IpAddr,
    inner: Arc<Mutex<HashMap<IpAddr, IpState>>>,
}

/// Entries kept for addresses with no connection before the table is swept.
const SWEEP_AT: usize = 10_000;

impl IpLimits {
    pub fn new(settings: &ChatSettings) -> IpLimits {
        IpLimits {
            inner: Arc::default(),
            max_connections: settings.max_connections_per_ip,
            per_minute: settings.ip_messages_per_minute,
            burst: settings.ip_burst,
        }
    }

    /// A connection slot for `ip`, or `None` when it already has the most allowed.
    pub fn connect(&self, ip: IpAddr) -> Option<ConnectionPermit> {
        let mut table = self.inner.lock().expect("ip limits");
        if table.len() >= SWEEP_AT {
            let now = Instant::now();
            table.retain(|_, state| state.connections > 0 || !state.messages.is_full(now));
        }
        let state = table
            .entry(ip)
            .or_insert_with(|| IpState { connections: 0, messages: TokenBucket::new(self.per_minute, self.burst) });
        if state.connections >= self.max_connections {
            return None;
        }
        state.connections += 1;
        Some(ConnectionPermit { ip, inner: self.inner.clone() })
    }

    /// Takes one message token for `ip`.
    pub fn message(&self, ip: IpAddr) -> Result<(), Duration> {
        let mut table = self.inner.lock().expect("ip limits");
        match table.get_mut(&ip) {
            Some(state) => state.messages.take(Instant::now()),
            None => Ok(()),
        }
    }
}

impl Drop for ConnectionPermit {
    fn drop(&mut self) {
        let mut table = self.inner.lock().expect("ip limits");
        if let Some(state) = table.get_mut(&self.ip) {
            state.connections -= 1;
            // Keep a drained bucket so reconnecting does not reset an address's rate.
            if state.connections == 0 && state.messages.is_full(Instant::now()) {
                table.remove(&self.ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_allows_its_burst_then_refills_at_its_rate() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(60, 2);
        assert!(bucket.take(start).is_ok());
        assert!(bucket.take(start).is_ok());
        let wait = bucket.take(start).unwrap_err();
        assert!(wait > Duration::from_millis(900) && wait <= Duration::from_secs(1), "{wait:?}");
        assert!(bucket.take(start + Duration::from_secs(1)).is_ok());
        assert!(bucket.take(start + Duration::from_secs(1)).is_err());
    }

    #[test]
    fn connections_per_ip_are_capped_and_released() {
        let mut settings = crate::config::Settings::defaults().chat;
        settings.max_connections_per_ip = 2;
        let limits = IpLimits::new(&settings);
        let ip: IpAddr = "127.0.0.9".parse().unwrap();
        let a = limits.connect(ip).expect("first");
        let _b = limits.connect(ip).expect("second");
        assert!(limits.connect(ip).is_none());
        assert!(limits.connect("127.0.0.10".parse().unwrap()).is_some(), "other addresses are separate");
        drop(a);
        assert!(limits.connect(ip).is_some());
    }

    #[test]
    fn the_ip_bucket_survives_reconnecting() {
        let mut settings = crate::config::Settings::defaults().chat;
        settings.ip_burst = 1;
        let limits = IpLimits::new(&settings);
        let ip: IpAddr = "127.0.0.9".parse().unwrap();
        let permit = limits.connect(ip).unwrap();
        assert!(limits.message(ip).is_ok());
        assert!(limits.message(ip).is_err());
        drop(permit);
        let _again = limits.connect(ip).unwrap();
        assert!(limits.message(ip).is_err());
    }
}

/// Token buckets per client address (IPv6 by /64) for one kind of request (image uploads).
pub struct AddressBuckets {
    buckets: Mutex<HashMap<IpAddr, TokenBucket>>,
    per_minute: u32,
    burst: u32,
}

impl AddressBuckets {
    pub fn new(per_minute: u32, burst: u32) -> AddressBuckets {
        AddressBuckets { buckets: Mutex::default(), per_minute, burst }
    }

    /// Takes a token for `ip`, or says how long until one is there.
    pub fn take(&self, ip: IpAddr) -> Result<(), Duration> {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().expect("address buckets");
        if buckets.len() >= SWEEP_AT {
            buckets.retain(|_, bucket| !bucket.is_full(now));
        }
        let key = super::serve::client_key(ip);
        buckets.entry(key).or_insert_with(|| TokenBucket::new(self.per_minute, self.burst)).take(now)
    }
}

/// The conversations buyer sockets have open right now (a fresh one is stored only with its
/// first message, yet a photo may come first).
#[derive(Default)]
pub struct LiveConversations {
    open: Arc<Mutex<HashMap<crate::domain::ConversationKey, usize>>>,
}

/// Held by a socket's session; the conversation stops counting as live when the last is dropped.
pub struct LiveConversation {
    key: crate::domain::ConversationKey,
    open: Arc<Mutex<HashMap<crate::domain::ConversationKey, usize>>>,
}

impl LiveConversations {
    pub fn hold(&self, key: &crate::domain::ConversationKey) -> LiveConversation {
        *self.open.lock().expect("live conversations").entry(key.clone()).or_default() += 1;
        LiveConversation { key: key.clone(), open: self.open.clone() }
    }

    pub fn is_live(&self, key: &crate::domain::ConversationKey) -> bool {
        self.open.lock().expect("live conversations").contains_key(key)
    }
}

impl Drop for LiveConversation {
    fn drop(&mut self) {
        let mut open = self.open.lock().expect("live conversations");
        if let Some(count) = open.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.key);
            }
        }
    }
}
