//! Requests a shop's settings cause — its order API, its generic channel's reply URL — leave
//! kefu only through `OutboundPolicy`: to hosts on the operator's list (`[outbound] allowed_hosts`,
//! empty = any public host), never to loopback, private or link-local addresses unless the
//! operator allows them (`allow_private`, for development and tests), whether the URL names the
//! address, DNS answers it, or a redirect leads to it; without a proxy; and reading at most
//! `max_response_bytes` of any answer.
//!
//! **Invariant:** a shop cannot make kefu send a request into the deployment's own network.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use crate::config::OutboundSettings;

/// Why a request a shop's settings asked for was not sent, or its answer not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{0}: only http and https addresses are called")]
    Scheme(String),
    #[error("{0} is not on the deployment's list of hosts kefu may call ([outbound] allowed_hosts)")]
    NotListed(String),
    #[error(
        "{0} is a loopback, private or link-local address; kefu calls such addresses only when the deployment sets [outbound] allow_private"
    )]
    Private(String),
    #[error("the answer is larger than {0} bytes ([outbound] max_response_bytes)")]
    TooLarge(usize),
}

/// The deployment's rules for requests a shop's settings cause, and an HTTP client that keeps
/// them.
#[derive(Clone)]
pub struct OutboundPolicy {
    rules: Arc<Rules>,
}

struct Rules {
    allowed_hosts: Vec<String>,
    allow_private: bool,
    max_response_bytes: usize,
}

impl OutboundPolicy {
    pub fn new(settings: &OutboundSettings) -> OutboundPolicy {
        let allowed_hosts = settings.allowed_hosts.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
        let rules = Rules {
            allowed_hosts,
            allow_private: settings.allow_private,
            max_response_bytes: settings.max_response_bytes,
        };
        OutboundPolicy { rules: Arc::new(rules) }
    }

    /// An HTTP client (rustls, no proxy, at most `timeout` per request) whose every connection
    /// and redirect keeps the rules.
    pub fn client(&self, timeout: Duration) -> reqwest::Client {
        crate::tls::init();
        let redirects = self.clone();
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= 5 {
                attempt.stop()
            } else if let Err(refusal) = redirects.check(attempt.url()) {
                attempt.error(refusal)
            } else {
                attempt.follow()
            }
        });
        reqwest::Client::builder()
            .timeout(timeout)
            .no_proxy()
            .redirect(policy)
            .dns_resolver(Arc::new(Resolver { allow_private: self.rules.allow_private }))
            .build()
            .expect("an HTTP client")
    }

    /// Whether `url` may be called: http(s), a listed host, not a private address literal.
    /// (Names are checked again on what DNS answers, by the client's resolver.)
    pub fn check(&self, url: &Url) -> Result<(), Refusal> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Refusal::Scheme(url.scheme().to_owned()));
        }
        let Some(host) = url.host_str() else { return Err(Refusal::Scheme(url.scheme().to_owned())) };
        let host = host.trim_start_matches('[').trim_end_matches(']').trim_end_matches('.').to_ascii_lowercase();
        if let Ok(ip) = host.parse::<IpAddr>() {
            self.public(ip)?;
        }
        let listed = |allowed: &String| match allowed.strip_prefix("*.") {
            Some(domain) => host.ends_with(&format!(".{domain}")),
            None => *allowed == host,
        };
        if self.rules.allowed_hosts.is_empty() || self.rules.allowed_hosts.iter().any(listed) {
            Ok(())
        } else {
            Err(Refusal::NotListed(host))
        }
    }

    fn public(&self, ip: IpAddr) -> Result<(), Refusal> {
        if self.rules.allow_private || is_public(ip) { Ok(()) } else { Err(Refusal::Private(ip.to_string())) }
    }

    /// The body of `response`, refused past `max_response_bytes`.
    pub async fn body(&self, mut response: reqwest::Response) -> Result<Vec<u8>, BodyError> {
        let cap = self.rules.max_response_bytes;
        if response.content_length().is_some_and(|length| length > cap as u64) {
            return Err(BodyError::Refused(Refusal::TooLarge(cap)));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(BodyError::Read)? {
            if body.len() + chunk.len() > cap {
                return Err(BodyError::Refused(Refusal::TooLarge(cap)));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

/// The refusal behind a failed request, when the rules (in the resolver or a redirect) stopped it.
pub fn refusal_in(err: &reqwest::Error) -> Option<Refusal> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(error) = source {
        if let Some(refusal) = error.downcast_ref::<Refusal>() {
            return Some(refusal.clone());
        }
        source = error.source();
    }
    None
}

#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    #[error(transparent)]
    Refused(Refusal),
    #[error("reading the answer failed: {0}")]
    Read(reqwest::Error),
}

/// The system resolver, keeping only public addresses (unless private ones are allowed): a
/// name that resolves to the deployment's own network is as refused as the address itself.
struct Resolver {
    allow_private: bool,
}

impl Resolve for Resolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let kept: Vec<SocketAddr> = found.into_iter().filter(|a| allow_private || is_public(a.ip())).collect();
            if kept.is_empty() {
                return Err(Box::new(Refusal::Private(host)) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(kept.into_iter()) as Addrs)
        })
    }
}

/// Whether `ip` is on the public internet: not loopback, private, link-local, shared (CGNAT),
/// unspecified, multicast, broadcast or documentation space, in either family (IPv4 inside
/// IPv6 included).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_public_v4(ip),
        IpAddr::V6(ip) => match ip.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(ip),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let shared = a == 100 && (64..128).contains(&b);
    let documentation = matches!((a, b, c), (192, 0, 2) | (198, 51, 100) | (203, 0, 113));
    let benchmarking = a == 198 && (b == 18 || b == 19);
    let reserved = a >= 240 || a == 0 || (a == 192 && b == 0 && c == 0);
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || shared
        || documentation
        || benchmarking
        || reserved)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    let unique_local = first & 0xfe00 == 0xfc00;
    let link_local = first & 0xffc0 == 0xfe80;
    let site_local = first & 0xffc0 == 0xfec0;
    let documentation = first == 0x2001 && ip.segments()[1] == 0x0db8;
    let nat64_or_compat = ip.segments()[..6].iter().all(|s| *s == 0) || (first == 0x64 && ip.segments()[1] == 0xff9b);
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || unique_local
        || link_local
        || site_local
        || documentation
        || nat64_or_compat)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outbound(allowed_hosts: &[&str], allow_private: bool) -> OutboundPolicy {
        OutboundPolicy::new(&OutboundSettings {
            allowed_hosts: allowed_hosts.iter().map(|h| h.to_string()).collect(),
            allow_private,
            max_response_bytes: 1024,
        })
    }

    fn check(outbound: &OutboundPolicy, url: &str) -> Result<(), Refusal> {
        outbound.check(&Url::parse(url).unwrap())
    }

    #[test]
    fn the_deployments_own_network_is_refused_in_every_spelling() {
        let open = outbound(&[], false);
        for url in [
            "http://127.0.0.1:8080/admin",
            "http://127.1/",
            "http://2130706433/",
            "http://0x7f000001/",
            "http://10.0.0.5/",
            "http://172.16.3.4/",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data/",
            "http://100.64.0.1/",
            "http://0.0.0.0/",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[fd00::1]/",
            "http://[fe80::1]/",
            "http://[::]/",
        ] {
            assert!(matches!(check(&open, url), Err(Refusal::Private(_))), "{url}: {:?}", check(&open, url));
        }
        assert_eq!(check(&open, "http://93.184.215.14/orders/1"), Ok(()));
        assert_eq!(check(&open, "https://[2606:4700::1111]/"), Ok(()));
        assert_eq!(check(&open, "https://orders.example.com/1"), Ok(()), "names are checked on what DNS answers");
        assert!(matches!(check(&open, "file:///etc/passwd"), Err(Refusal::Scheme(_))));
        assert!(matches!(check(&open, "gopher://example.com/"), Err(Refusal::Scheme(_))));
        assert_eq!(check(&outbound(&[], true), "http://127.0.0.1:9/"), Ok(()), "allowed by the operator");
    }

    #[test]
    fn only_listed_hosts_are_called_when_there_is_a_list() {
        let listed = outbound(&["orders.example.com", "*.shop.example"], false);
        assert_eq!(check(&listed, "https://orders.example.com/o/1"), Ok(()));
        assert_eq!(check(&listed, "https://ORDERS.example.com./o/1"), Ok(()));
        assert_eq!(check(&listed, "https://eu.api.shop.example/o/1"), Ok(()));
        for url in ["https://evil.example/", "https://shop.example.evil.example/", "https://orders.example.com.evil/"] {
            assert!(matches!(check(&listed, url), Err(Refusal::NotListed(_))), "{url}");
        }
    }

    #[tokio::test]
    async fn a_name_that_resolves_to_loopback_is_refused_by_the_resolver() {
        let resolver = Resolver { allow_private: false };
        let refused = resolver.resolve("localhost".parse().unwrap()).await;
        assert!(refused.is_err_and(|e| e.to_string().contains("loopback")));
        let allowed = Resolver { allow_private: true }.resolve("localhost".parse().unwrap()).await.unwrap();
        assert!(allowed.into_iter().all(|a| a.ip().is_loopback()));
    }
}
