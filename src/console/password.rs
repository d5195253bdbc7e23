//! Password hashing (argon2id, the crate's defaults: 19 MiB, 2 passes) and session tokens
//! (244 random bits; only their SHA-256 is stored). Hashing is CPU-bound and runs on the
//! blocking pool.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sha2::{Digest, Sha256};

/// Verified against when the e-mail is unknown, so that takes as long as a wrong password.
static DUMMY: LazyLock<String> = LazyLock::new(|| {
    let salt = salt();
    Argon2::default().hash_password(b"not a password of anyone", &salt).expect("argon2 hashes").to_string()
});

/// 16 bytes from the operating system's generator (a v4 UUID's random bits).
fn salt() -> SaltString {
    SaltString::encode_b64(uuid::Uuid::new_v4().as_bytes()).expect("16 bytes make a salt")
}

pub async fn hash(password: String) -> Result<String, String> {
    tokio::task::spawn_blocking(move || {
        let salt = salt();
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Whether `password` matches `hash`; with no hash, checks against a dummy and says no.
pub async fn verify(password: String, hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| DUMMY.clone());
        let Ok(parsed) = PasswordHash::new(&hash) else { return false };
        Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok() && known
    })
    .await
    .unwrap_or(false)
}

/// A fresh session token: 64 hexadecimal characters.
pub fn new_token() -> String {
    format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_password_matches_only_its_hash() {
        let hashed = hash("correct horse battery".into()).await.unwrap();
        assert!(hashed.starts_with("$argon2id$"), "{hashed}");
        assert!(verify("correct horse battery".into(), Some(hashed.clone())).await);
        assert!(!verify("correct horse batterY".into(), Some(hashed)).await);
        assert!(!verify("not a password of anyone".into(), None).await, "no account, no login");
    }

    #[test]
    fn tokens_are_long_random_and_stored_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }
}
