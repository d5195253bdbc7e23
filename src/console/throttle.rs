//! Login throttling: failed logins are counted per client address and per account, each
//! attempt *before* its password is hashed (so a flood of concurrent guesses cannot all slip
//! past the count), and password hashing — the costly part, argon2 — runs a few at a time.
//!
//! The counts are governor's GCRA rate limiters, keyed by address and by account: `MAX` cells at
//! once, one more every `WINDOW / MAX`. An attempt takes a cell from both before its hash; one
//! that turns out no failure (the password was right, or it never got a turn at hashing) gives
//! its cell back, so only failures keep theirs. Governor cannot give a cell back, hence `Cells`:
//! the limiters' state, kept where the throttle can reach it too.
//!
//! This replaced a fixed window (`MAX` failures, then nothing until `WINDOW` after the first). The
//! long-run rate is the same, `MAX` failures per `WINDOW`; what differs is that a throttled address
//! or account gets one attempt back every `WINDOW / MAX` (90 s for an address, 3 min for an
//! account) instead of all `MAX` at once when the window ends.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::StateStore;
use governor::state::keyed::ShrinkableKeyedStateStore;
use governor::{Quota, RateLimiter};
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

pub struct Throttle<C: Clock = DefaultClock> {
    by_address: Failures<IpAddr, C>,
    by_account: Failures<String, C>,
    /// Held while an attempt is counted, so that a cell one limiter takes and gives back (the
    /// other refused) is never seen missing by another attempt.
    counting: Mutex<()>,
    hashing: Semaphore,
}

/// Failures for one kind of key: the limiter and its state.
struct Failures<K: Hash + Eq + Clone, C: Clock> {
    limiter: RateLimiter<K, Cells<K>, C, NoOpMiddleware<C::Instant>>,
    cells: Cells<K>,
    /// How long one cell takes to come back: what giving one back subtracts.
    period: Nanos,
}

/// Governor's state per key (when its next cell is due, GCRA's "theoretical arrival time"),
/// shared between a limiter and the throttle, which gives cells back and forgets keys.
struct Cells<K>(Arc<Mutex<HashMap<K, Nanos>>>);

/// An attempt under way: counted as a failure unless `succeeded` is called.
pub struct Attempt<'a, C: Clock = DefaultClock> {
    throttle: &'a Throttle<C>,
    address: IpAddr,
    account: String,
    _hashing: SemaphorePermit<'a>,
}

impl Default for Throttle {
    fn default() -> Throttle {
        Throttle::with_clock(DefaultClock::default())
    }
}

impl<C: Clock + Clone> Throttle<C> {
    /// A throttle that reads the time from `clock` (a fake one in tests).
    fn with_clock(clock: C) -> Throttle<C> {
        Throttle {
            by_address: Failures::new(MAX_PER_ADDRESS, clock.clone()),
            by_account: Failures::new(MAX_PER_ACCOUNT, clock),
            counting: Mutex::default(),
            hashing: Semaphore::new(HASHING),
        }
    }

    /// Starts an attempt for `account` from `address` (its /64 for IPv6, as the caller keys
    /// addresses): refused when either has failed too often, else counted as failed at once,
    /// then given a turn at hashing.
    pub async fn attempt(&self, address: IpAddr, account: &str) -> Result<Attempt<'_, C>, Refusal> {
        let account = account.to_owned();
        self.count(address, &account)?;
        let Ok(Ok(permit)) = tokio::time::timeout(HASH_WAIT, self.hashing.acquire()).await else {
            self.by_address.give_back(&address);
            self.by_account.give_back(&account);
            return Err(Refusal::Busy);
        };
        Ok(Attempt { throttle: self, address, account, _hashing: permit })
    }

    /// Takes a cell for the address and one for the account, or neither when either has none.
    fn count(&self, address: IpAddr, account: &String) -> Result<(), Refusal> {
        let _counting = self.counting.lock().expect("login throttle");
        self.by_address.limiter.retain_recent();
        self.by_account.limiter.retain_recent();
        self.by_address.limiter.check_key(&address).map_err(|_| Refusal::Throttled)?;
        if self.by_account.limiter.check_key(account).is_err() {
            self.by_address.give_back(&address);
            return Err(Refusal::Throttled);
        }
        Ok(())
    }
}

impl<K: Hash + Eq + Clone, C: Clock> Failures<K, C> {
    /// `max` failures at once, one more every `WINDOW / max`.
    fn new(max: u32, clock: C) -> Failures<K, C> {
        let period = WINDOW / max;
        let quota = Quota::with_period(period).expect("a period of seconds");
        let quota = quota.allow_burst(NonZeroU32::new(max).expect("a positive maximum"));
        let cells = Cells(Arc::default());
        let limiter = RateLimiter::new(quota, Cells(cells.0.clone()), clock);
        Failures { limiter, cells, period: period.into() }
    }

    /// Returns the cell an attempt took: GCRA undoes a cell by moving the key's next due time
    /// back one period.
    fn give_back(&self, key: &K) {
        if let Some(due) = self.cells.0.lock().expect("login failures").get_mut(key) {
            *due = due.saturating_sub(self.period);
        }
    }

    /// Drops the key's failures: it starts afresh.
    fn forget(&self, key: &K) {
        self.cells.0.lock().expect("login failures").remove(key);
    }
}

impl<K: Hash + Eq + Clone> StateStore for Cells<K> {
    type Key = K;

    fn measure_and_replace<T, F, E>(&self, key: &K, f: F) -> Result<T, E>
    where
        F: Fn(Option<Nanos>) -> Result<(T, Nanos), E>,
    {
        let mut cells = self.0.lock().expect("login failures");
        let (outcome, due) = f(cells.get(key).copied())?;
        cells.insert(key.clone(), due);
        Ok(outcome)
    }
}

/// Lets the limiter forget keys back at a full bucket (`retain_recent`), as the fixed window
/// forgot failures older than it.
impl<K: Hash + Eq + Clone> ShrinkableKeyedStateStore<K> for Cells<K> {
    fn retain_recent(&self, drop_below: Nanos) {
        self.0.lock().expect("login failures").retain(|_, due| *due > drop_below);
    }

    fn shrink_to_fit(&self) {
        self.0.lock().expect("login failures").shrink_to_fit();
    }

    fn len(&self) -> usize {
        self.0.lock().expect("login failures").len()
    }

    fn is_empty(&self) -> bool {
        self.0.lock().expect("login failures").is_empty()
    }
}

impl<C: Clock> Attempt<'_, C> {
    /// The password was right: the attempt was no failure, and the account starts afresh.
    pub fn succeeded(self) {
        self.throttle.by_address.give_back(&self.address);
        self.throttle.by_account.forget(&self.account);
    }
}

#[cfg(test)]
mod tests {
    use governor::clock::FakeRelativeClock;

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
        let counted = throttle.by_account.cells.0.lock().unwrap().contains_key("c@example.com");
        assert!(counted, "the waiting attempt was counted before it got its turn");
    }

    #[tokio::test]
    async fn successes_keep_no_cell_and_a_throttled_account_gets_one_back_each_period() {
        let clock = FakeRelativeClock::default();
        let throttle = Throttle::with_clock(clock.clone());
        let ip: IpAddr = "203.0.113.1".parse().unwrap();
        for _ in 0..2 * MAX_PER_ACCOUNT {
            throttle.attempt(ip, "ann@example.com").await.unwrap().succeeded();
        }
        for _ in 0..MAX_PER_ACCOUNT {
            drop(throttle.attempt(ip, "ann@example.com").await.unwrap());
        }
        assert_eq!(throttle.attempt(ip, "ann@example.com").await.err(), Some(Refusal::Throttled));
        clock.advance(WINDOW / MAX_PER_ACCOUNT);
        drop(throttle.attempt(ip, "ann@example.com").await.unwrap());
        assert_eq!(throttle.attempt(ip, "ann@example.com").await.err(), Some(Refusal::Throttled), "only one");
    }
}
