//! TLS for kefu's outgoing HTTPS calls (language-model endpoints, shops' order APIs): rustls
//! with the ring provider, installed once per process before the first client is built.

use std::sync::Once;

pub fn init() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Fails only when a provider is already installed, which is just as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}
