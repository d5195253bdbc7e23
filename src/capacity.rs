//! Bounds on work in flight, in all and per shop. Work beyond a bound is refused at once — the
//! caller answers "busy" or takes a cheaper path — instead of queueing without end, and one
//! shop's flood cannot take the capacity every other shop needs. Pure bookkeeping: no I/O.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::domain::ShopId;

/// Counts pieces of work (turns, model calls) held at once, against a bound in all and a bound
/// per shop. Cheap to clone; clones share the counts.
#[derive(Clone)]
pub struct Capacity {
    inner: Arc<Inner>,
}

struct Inner {
    what: &'static str,
    total: usize,
    per_shop: usize,
    counts: Mutex<Counts>,
}

#[derive(Default)]
struct Counts {
    all: usize,
    shops: HashMap<ShopId, usize>,
}

/// Why a piece of work was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Full {
    #[error("{0} at once for all shops reached: busy")]
    All(&'static str),
    #[error("{0} at once for this shop reached: busy")]
    Shop(&'static str),
}

/// One piece of work's place; the place is given back when the permit is dropped.
#[must_use = "the place is given back when the permit is dropped"]
pub struct Permit {
    inner: Arc<Inner>,
    shop: ShopId,
}

impl Capacity {
    /// `what` names the work in errors ("turns", "model calls"). Bounds of 0 are taken as 1.
    pub fn new(what: &'static str, total: usize, per_shop: usize) -> Capacity {
        let inner = Inner { what, total: total.max(1), per_shop: per_shop.max(1), counts: Mutex::default() };
        Capacity { inner: Arc::new(inner) }
    }

    /// A place for one more piece of `shop`'s work, or why there is none.
    pub fn try_take(&self, shop: &ShopId) -> Result<Permit, Full> {
        let mut counts = self.inner.counts.lock().expect("capacity counts");
        if counts.all >= self.inner.total {
            return Err(Full::All(self.inner.what));
        }
        let held = counts.shops.get(shop).copied().unwrap_or(0);
        if held >= self.inner.per_shop {
            return Err(Full::Shop(self.inner.what));
        }
        counts.all += 1;
        counts.shops.insert(shop.clone(), held + 1);
        Ok(Permit { inner: self.inner.clone(), shop: shop.clone() })
    }

    /// Places held now, in all.
    pub fn in_use(&self) -> usize {
        self.inner.counts.lock().expect("capacity counts").all
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut counts = self.inner.counts.lock().expect("capacity counts");
        counts.all = counts.all.saturating_sub(1);
        if let Some(held) = counts.shops.get_mut(&self.shop) {
            *held -= 1;
            if *held == 0 {
                counts.shops.remove(&self.shop);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop(id: &str) -> ShopId {
        ShopId::parse(id).unwrap()
    }

    #[test]
    fn a_shop_cannot_take_more_than_its_share_and_the_rest_stay_open() {
        let capacity = Capacity::new("turns", 3, 2);
        let a1 = capacity.try_take(&shop("a")).unwrap();
        let _a2 = capacity.try_take(&shop("a")).unwrap();
        assert_eq!(capacity.try_take(&shop("a")).err(), Some(Full::Shop("turns")));
        let _b1 = capacity.try_take(&shop("b")).unwrap();
        // All three places are held: every shop is told busy, whatever its own count.
        assert_eq!(capacity.try_take(&shop("c")).err(), Some(Full::All("turns")));
        assert_eq!(capacity.in_use(), 3);
        drop(a1);
        assert_eq!(capacity.in_use(), 2);
        let _a3 = capacity.try_take(&shop("a")).expect("a place given back is taken again");
        assert!(capacity.try_take(&shop("c")).is_err());
    }

    #[test]
    fn dropping_every_permit_leaves_no_count_behind() {
        let capacity = Capacity::new("model calls", 10, 10);
        let permits: Vec<Permit> = (0..5).map(|n| capacity.try_take(&shop(&format!("s{n}"))).unwrap()).collect();
        drop(permits);
        assert_eq!(capacity.in_use(), 0);
        assert!(capacity.inner.counts.lock().unwrap().shops.is_empty());
    }

    #[test]
    fn a_bound_of_zero_still_lets_one_through() {
        let capacity = Capacity::new("turns", 0, 0);
        let _one = capacity.try_take(&shop("a")).unwrap();
        assert!(capacity.try_take(&shop("a")).is_err());
    }
}
