//! Login throttling: failed logins are counted per client address and per account, each
//! attempt *before* its password is hashed (so a flood of concurrent guesses cannot all slip
//! past the count), and password hashing — the costly part, argon2 — runs a few at a time.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::sync::{Semaphore, SemaphorePermit};

/// Failed logins within `WINDOW` before further attempts are refused: from one address, and
/// for one account (from anywhere).
const MAX_PER_ADDRESS: u32 = 10;
const MAX_PER_ACCOUNT: u32 = 5;
const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Passwords hashed at once; further logins wait at most `HASH_WAIT`, then are told to retry.
const HASHING: usize = 2;
const HASH_WAIT: Duration = Duration::from_secs(3);

#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Too many failures from the address or for the account.
    Throttled,
    /// Too many logins at once.
    Busy,
}

pub struct Throttle {
    failures: Mutex<Failures>,
    hashing: Semaphore,
}

#[derive(Default)]
struct Failures {
    by_address: HashMap<IpAddr, (u32, Instant)>,
    by_account: HashMap<String, (u32, Instant)>,
}

/// An attempt under way: counted as a failure unless `succeeded` is called.
pub struct Attempt<'a> {
    throttle: &'a Throttle,
    address: IpAddr,
    account: String,
    _hashing: SemaphorePermit<'a>,
}

impl Default for Throttle {
    fn default() -> Throttle {
        Throttle { failures: Mutex::default(), hashing: Semaphore::new(HASHING) }
    }
}

impl Throttle {
    /// Starts an attempt for `account` from `address` (its /64 for IPv6, as the caller keys
    /// addresses): refused when either has failed too often, else counted as failed at once,
    /// then given a turn at hashing.
    pub async fn attempt(&self, address: IpAddr, account: &str) -> Result<Attempt<'_>, Refusal> {
        {
            let mut failures = self.failures.lock().expect("login failures");
            failures.by_address.retain(|_, (_, since)| since.elapsed() < WINDOW);
            failures.by_account.retain(|_, (_, since)| since.elapsed() < WINDOW);
            let from_address = failures.by_address.get(&address).map_or(0, |(n, _)| *n);
            let for_account = failures.by_account.get(account).map_or(0, |(n, _)| *n);
            if from_address >= MAX_PER_ADDRESS || for_account >= MAX_PER_ACCOUNT {
                return Err(Refusal::Throttled);
            }
            failures.by_address.entry(address).or_insert((0, Instant::now())).0 += 1;
            failures.by_account.entry(account.to_owned()).or_insert((0, Instant::now())).0 += 1;
        }
        let Ok(Ok(permit)) = tokio::time::timeout(HASH_WAIT, self.hashing.acquire()).await else {
            self.forget(address, account);
            return Err(Refusal::Busy);
        };
        Ok(Attempt { throttle: self, address, account: account.to_owned(), _hashing: permit })
    }

    /// Takes back one counted attempt that turned out not to be a failure.
    fn forget(&self, address: IpAddr, account: &str) {
        let mut failures = self.failures.lock().expect("login failures");
        if let Some((count, _)) = failures.by_address.get_mut(&address) {
            *count = count.saturating_sub(1);
        }
        failures.by_account.remove(account);
    }
}

impl Attempt<'_> {
    /// The password was right: the attempt was no failure, and the account starts afresh.
    pub fn succeeded(self) {
        self.throttle.forget(self.address, &self.account);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn failures_count_before_the_hash_per_address_and_per_account() {
        let throttle = Throttle::default();
        let (a, b): (IpAddr, IpAddr) = ("203.0.113.1".parse().unwrap(), "203.0.113.2".parse().unwrap());
        for _ in 0..MAX_PER_ACCOUNT {
            drop(throttle.attempt(a, "ann@example.com").await.unwrap());
        }
        assert_eq!(throttle.attempt(b, "ann@example.com").await.err(), Some(Refusal::Throttled), "the account");
        assert!(throttle.attempt(a, "bo@example.com").await.is_ok(), "another account from the same address");
        for n in 0..MAX_PER_ADDRESS {
            let _ = throttle.attempt(a, &format!("guess{n}@example.com")).await;
        }
        assert_eq!(throttle.attempt(a, "cy@example.com").await.err(), Some(Refusal::Throttled), "the address");
        throttle.attempt(b, "cy@example.com").await.unwrap().succeeded();
        assert!(throttle.attempt(b, "cy@example.com").await.is_ok(), "a success forgives");
    }

    #[tokio::test]
    async fn while_hashing_is_full_an_attempt_counts_and_waits() {
        let throttle = Throttle::default();
        let ip: IpAddr = "203.0.113.1".parse().unwrap();
        let _one = throttle.attempt(ip, "a@example.com").await.unwrap();
        let _two = throttle.attempt(ip, "b@example.com").await.unwrap();
        let third = tokio::time::timeout(Duration::from_millis(100), throttle.attempt(ip, "c@example.com")).await;
        assert!(third.is_err(), "a third hash waits for a turn");
        let counted = throttle.failures.lock().unwrap().by_account.contains_key("c@example.com");
        assert!(counted, "the waiting attempt was counted before it got its turn");
    }
}
