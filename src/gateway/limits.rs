//! Rate and connection limits for buyer sockets and uploads: governor's GCRA rate limiters per
//! connection, per IP and per address, and a cap on connections per IP. All in memory; limits
//! reset when kefu restarts.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DashMapStateStore;
use governor::state::{InMemoryState, NotKeyed};
use governor::{NotUntil, Quota, RateLimiter};

use crate::config::ChatSettings;

/// `per_minute` cells, `burst` of them at once. Settings are checked positive when they load;
/// a zero still cannot reach governor, it counts as one.
fn quota(per_minute: u32, burst: u32) -> Quota {
    let at_least_one = |n| NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
    Quota::per_minute(at_least_one(per_minute)).allow_burst(at_least_one(burst))
}

/// One rate for one thing (a connection), on `clock`.
type Direct<C> = RateLimiter<NotKeyed, InMemoryState, C, NoOpMiddleware<<C as Clock>::Instant>>;
/// One rate per key (an address), on `clock`.
type Keyed<K, C> = RateLimiter<K, DashMapStateStore<K>, C, NoOpMiddleware<<C as Clock>::Instant>>;

/// How long from now until the refused cell would be let through.
fn wait<C: Clock>(clock: &C, refused: &NotUntil<C::Instant>) -> Duration {
    refused.wait_time_from(clock.now())
}

/// A bucket of `burst` cells refilled at `per_minute`, for one connection.
pub struct TokenBucket<C: Clock = DefaultClock> {
    limiter: Direct<C>,
}

impl TokenBucket {
    pub fn new(per_minute: u32, burst: u32) -> TokenBucket {
        TokenBucket::with_clock(per_minute, burst, DefaultClock::default())
    }
}

impl<C: Clock> TokenBucket<C> {
    /// A bucket that reads the time from `clock` (a fake one in tests).
    pub fn with_clock(per_minute: u32, burst: u32, clock: C) -> TokenBucket<C> {
        TokenBucket { limiter: RateLimiter::direct_with_clock(quota(per_minute, burst), clock) }
    }

    /// Takes a cell, or says how long until one is there.
    pub fn take(&self) -> Result<(), Duration> {
        self.limiter.check().map_err(|refused| wait(self.limiter.clock(), &refused))
    }
}

/// Limits shared by all connections from one IP address: a rate on their messages, and a cap on
/// how many are open at once (a count: governor limits rates, not things held open).
pub struct IpLimits<C: Clock = DefaultClock> {
    connections: Arc<Mutex<HashMap<IpAddr, u32>>>,
    max_connections: u32,
    messages: Keyed<IpAddr, C>,
}

/// Held by a connection; frees its slot when dropped.
pub struct ConnectionPermit {
    ip: IpAddr,
    connections: Arc<Mutex<HashMap<IpAddr, u32>>>,
}

/// Addresses a keyed limiter holds before those back at a full bucket are swept out.
const SWEEP_AT: usize = 10_000;

/// Keeps a keyed limiter's memory bounded: once it holds `SWEEP_AT` addresses, drops those whose
/// state is the same as a fresh one (a full bucket), so no address gains by being swept.
fn sweep<K: std::hash::Hash + Eq + Clone, C: Clock>(limiter: &Keyed<K, C>) {
    if limiter.len() >= SWEEP_AT {
        limiter.retain_recent();
        limiter.shrink_to_fit();
    }
}

impl IpLimits {
    pub fn new(settings: &ChatSettings) -> IpLimits {
        IpLimits::with_clock(settings, DefaultClock::default())
    }
}

impl<C: Clock> IpLimits<C> {
    /// Limits that read the time from `clock` (a fake one in tests).
    pub fn with_clock(settings: &ChatSettings, clock: C) -> IpLimits<C> {
        let messages = quota(settings.ip_messages_per_minute, settings.ip_burst);
        IpLimits {
            connections: Arc::default(),
            max_connections: settings.max_connections_per_ip,
            messages: RateLimiter::dashmap_with_clock(messages, clock),
        }
    }

    /// A connection slot for `ip`, or `None` when it already has the most allowed.
    pub fn connect(&self, ip: IpAddr) -> Option<ConnectionPermit> {
        sweep(&self.messages);
        let mut open = self.connections.lock().expect("ip connections");
        let count = open.entry(ip).or_default();
        if *count >= self.max_connections {
            return None;
        }
        *count += 1;
        Some(ConnectionPermit { ip, connections: self.connections.clone() })
    }

    /// Takes one message cell for `ip`, or says how long until one is there. The rate outlives
    /// the address's connections, so reconnecting does not reset it.
    pub fn message(&self, ip: IpAddr) -> Result<(), Duration> {
        self.messages.check_key(&ip).map_err(|refused| wait(self.messages.clock(), &refused))
    }
}

impl Drop for ConnectionPermit {
    fn drop(&mut self) {
        let mut open = self.connections.lock().expect("ip connections");
        if let Some(count) = open.get_mut(&self.ip) {
            *count -= 1;
            // Only addresses with a connection open are kept: the table is as big as they are.
            if *count == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use governor::clock::FakeRelativeClock;

    use super::*;

    #[test]
    fn a_bucket_allows_its_burst_then_refills_at_its_rate() {
        let clock = FakeRelativeClock::default();
        let bucket = TokenBucket::with_clock(60, 2, clock.clone());
        assert!(bucket.take().is_ok());
        assert!(bucket.take().is_ok());
        let wait = bucket.take().unwrap_err();
        assert!(wait > Duration::from_millis(900) && wait <= Duration::from_secs(1), "{wait:?}");
        clock.advance(Duration::from_secs(1));
        assert!(bucket.take().is_ok());
        assert!(bucket.take().is_err());
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
        let limits = IpLimits::with_clock(&settings, FakeRelativeClock::default());
        let ip: IpAddr = "127.0.0.9".parse().unwrap();
        let permit = limits.connect(ip).unwrap();
        assert!(limits.message(ip).is_ok());
        assert!(limits.message(ip).is_err());
        drop(permit);
        let _again = limits.connect(ip).unwrap();
        assert!(limits.message(ip).is_err());
    }
}

/// Rate limiters per client address (IPv6 by /64) for one kind of request (image uploads).
pub struct AddressBuckets {
    limiter: Keyed<IpAddr, DefaultClock>,
}

impl AddressBuckets {
    pub fn new(per_minute: u32, burst: u32) -> AddressBuckets {
        AddressBuckets { limiter: RateLimiter::dashmap_with_clock(quota(per_minute, burst), DefaultClock::default()) }
    }

    /// Takes a cell for `ip`, or says how long until one is there.
    pub fn take(&self, ip: IpAddr) -> Result<(), Duration> {
        sweep(&self.limiter);
        let key = super::serve::client_key(ip);
        self.limiter.check_key(&key).map_err(|refused| wait(self.limiter.clock(), &refused))
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
