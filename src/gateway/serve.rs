//! The HTTP/1.1 server loop (hyper, with upgrades for websockets), in place of `axum::serve`,
//! for what that one does not bound: every connection must send its request head within
//! `server.header_read_timeout` (an idle keep-alive connection too), and connections are capped
//! in all (`server.max_connections`) and per client address (`server.max_connections_per_address`,
//! IPv6 by /64): past an address's cap a new connection is closed at once, before anything is
//! read; with every place taken, nothing more is accepted until one frees (new connections wait
//! in the kernel's backlog), so sockets that never finish their headers cannot exhaust kefu's
//! file descriptors or keep it busy closing. Connections are accepted at most
//! `server.accepts_per_second`: a flood of them waits its turn instead of starving the sockets
//! already open.
//!
//! Each request carries `ConnectInfo<SocketAddr>` like `into_make_service_with_connect_info`.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

pub use crate::net::{Network, client_key};

/// The bounds on connections (`[server]`), and whom to believe about the client's address.
#[derive(Debug, Clone)]
pub struct ConnectionLimits {
    pub max_connections: usize,
    pub max_per_address: usize,
    pub header_read_timeout: Duration,
    pub accepts_per_second: u32,
    pub trusted_proxies: Vec<Network>,
}

/// The client a request comes from: the peer, or — when the peer is a trusted proxy — the last
/// address in `X-Forwarded-For` that is not itself one (the one the first untrusted hop saw).
pub fn client_address(peer: SocketAddr, forwarded: Option<&str>, trusted: &[Network]) -> SocketAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|network| network.contains(ip));
    if !is_trusted(peer.ip()) {
        return peer;
    }
    let hops = forwarded.into_iter().flat_map(|header| header.split(',')).map(str::trim).rev();
    for hop in hops {
        match hop.parse::<IpAddr>() {
            Ok(ip) if is_trusted(ip) => continue,
            Ok(ip) => return SocketAddr::new(ip, peer.port()),
            Err(_) => break,
        }
    }
    peer
}

/// Serves `router` on `listener` until `shutdown` is cancelled; then open connections finish
/// their request and close (upgraded sockets close through their own shutdown handling).
pub async fn serve(listener: TcpListener, router: Router, limits: ConnectionLimits, shutdown: CancellationToken) {
    let all = Arc::new(Semaphore::new(limits.max_connections));
    let per_address = Arc::new(AddressCounts::default());
    let mut pace = tokio::time::interval(Duration::from_secs(1) / limits.accepts_per_second.max(1));
    pace.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        // A place first: with all of them taken, connections wait in the backlog, unaccepted.
        let permit = tokio::select! {
            () = shutdown.cancelled() => return,
            permit = all.clone().acquire_owned() => permit.expect("the connection semaphore is never closed"),
        };
        tokio::select! {
            () = shutdown.cancelled() => return,
            _ = pace.tick() => {}
        }
        let (stream, peer) = tokio::select! {
            () = shutdown.cancelled() => return,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors, or the peer gave up before accept: wait a moment.
                    tracing::warn!(error.message = %err, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Some(slot) = per_address.take(peer.ip(), limits.max_per_address) else {
            metrics::counter!("kefu_connections_refused_total", "reason" => "address_full").increment(1);
            continue;
        };
        if let Err(err) = stream.set_nodelay(true) {
            tracing::debug!(error.message = %err, "cannot set TCP_NODELAY");
        }
        let router = router.clone();
        let shutdown = shutdown.clone();
        let timeout = limits.header_read_timeout;
        let trusted = limits.trusted_proxies.clone();
        tokio::spawn(connection(stream, (peer, trusted), router, timeout, shutdown, (permit, slot)));
    }
}

async fn connection(
    stream: tokio::net::TcpStream,
    (peer, trusted): (SocketAddr, Vec<Network>),
    router: Router,
    header_read_timeout: Duration,
    shutdown: CancellationToken,
    _held: (OwnedSemaphorePermit, AddressSlot),
) {
    let service = hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
        let forwarded = request.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
        let client = if trusted.is_empty() { peer } else { client_address(peer, forwarded, &trusted) };
        request.extensions_mut().insert(ConnectInfo(client));
        router.clone().oneshot(request.map(axum::body::Body::new))
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(header_read_timeout);
    let connection = builder.serve_connection(TokioIo::new(stream), service).with_upgrades();
    let mut connection = std::pin::pin!(connection);
    tokio::select! {
        result = connection.as_mut() => {
            if let Err(err) = result {
                tracing::trace!(error.message = %err, "connection ended with an error");
            }
        }
        () = shutdown.cancelled() => {
            connection.as_mut().graceful_shutdown();
            if let Err(err) = connection.await {
                tracing::trace!(error.message = %err, "connection ended with an error");
            }
        }
    }
}

/// Open connections per client address; an IPv6 address counts as its /64, which one client
/// usually has whole.
#[derive(Default)]
struct AddressCounts {
    counts: Mutex<HashMap<IpAddr, usize>>,
}

/// One connection's place in `AddressCounts`; given back when dropped.
struct AddressSlot {
    key: IpAddr,
    counts: Arc<AddressCounts>,
}

impl AddressCounts {
    fn take(self: &Arc<Self>, ip: IpAddr, max: usize) -> Option<AddressSlot> {
        let key = client_key(ip);
        let mut counts = self.counts.lock().expect("address counts");
        let count = counts.entry(key).or_default();
        if *count >= max {
            return None;
        }
        *count += 1;
        Some(AddressSlot { key, counts: self.clone() })
    }
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let mut counts = self.counts.counts.lock().expect("address counts");
        if let Some(count) = counts.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_has_its_share_and_gets_it_back() {
        let counts = Arc::new(AddressCounts::default());
        let ip: IpAddr = "203.0.113.9".parse().unwrap();
        let first = counts.take(ip, 2).unwrap();
        let _second = counts.take(ip, 2).unwrap();
        assert!(counts.take(ip, 2).is_none(), "a third is refused");
        assert!(counts.take("203.0.113.10".parse().unwrap(), 2).is_some(), "another address is not");
        drop(first);
        assert!(counts.take(ip, 2).is_some(), "a closed connection frees its slot");
    }

    #[test]
    fn the_client_is_believed_only_from_a_trusted_proxy() {
        let trusted = [Network::parse("10.0.0.0/8").unwrap(), Network::parse("::1").unwrap()];
        let proxy: SocketAddr = "10.1.2.3:5555".parse().unwrap();
        let client = |peer: SocketAddr, header: Option<&str>| client_address(peer, header, &trusted).ip().to_string();
        assert_eq!(client(proxy, Some("198.51.100.7")), "198.51.100.7");
        assert_eq!(client(proxy, Some("6.6.6.6, 198.51.100.7, 10.9.9.9")), "198.51.100.7", "the last untrusted hop");
        assert_eq!(client(proxy, None), "10.1.2.3");
        assert_eq!(client(proxy, Some("not an address")), "10.1.2.3");
        let stranger: SocketAddr = "203.0.113.5:1".parse().unwrap();
        assert_eq!(client(stranger, Some("198.51.100.7")), "203.0.113.5", "a client cannot name itself");
        assert_eq!(client("[::1]:1".parse().unwrap(), Some("2001:db8::9")), "2001:db8::9");
        assert!(Network::parse("10.0.0.0/33").is_none() && Network::parse("ten").is_none());
        assert!(Network::parse("0.0.0.0/0").unwrap().contains("8.8.8.8".parse().unwrap()));
    }

    #[test]
    fn ipv6_counts_by_slash_64_and_mapped_ipv4_as_ipv4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(other));
        assert_eq!(client_key("::ffff:203.0.113.9".parse().unwrap()), "203.0.113.9".parse::<IpAddr>().unwrap());
    }
}
