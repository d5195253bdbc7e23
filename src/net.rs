//! Client addresses as kefu counts and trusts them: an IPv6 client by its /64, and address
//! blocks (`10.0.0.0/8`) for the reverse proxies whose `X-Forwarded-For` is believed. Pure.

use std::net::IpAddr;

/// An address block (`10.0.0.0/8`, `2001:db8::/32`; a bare address is its own block).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    base: IpAddr,
    prefix: u8,
}

impl Network {
    pub fn parse(text: &str) -> Option<Network> {
        let (address, prefix) = match text.trim().split_once('/') {
            Some((address, prefix)) => (address.parse::<IpAddr>().ok()?, Some(prefix.parse::<u8>().ok()?)),
            None => (text.trim().parse::<IpAddr>().ok()?, None),
        };
        let bits = if address.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(bits);
        (prefix <= bits).then_some(Network { base: address, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let mapped = |v6: std::net::Ipv6Addr| v6.to_ipv4_mapped().map_or(ip, IpAddr::V4);
        let ip = if let IpAddr::V6(v6) = ip
            && self.base.is_ipv4()
        {
            mapped(v6)
        } else {
            ip
        };
        match (self.base, ip) {
            (IpAddr::V4(base), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(base) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(base), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(base) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// The address limits count by: an IPv4 address (or IPv4 inside IPv6) as it is, an IPv6
/// address by its /64.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}
