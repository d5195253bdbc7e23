//! A shop's credentials (its order API token, its channel tokens, its webhook secret) belong to
//! the deployment: shop.toml names a credential by a logical name (`token = "orders"`), and its
//! value is the file `<secrets.dir>/<shop id>/<name>` in the operator's secret directory — how
//! Docker and Kubernetes mount secrets.
//!
//! **Invariant:** a shop reads only files under its own sub-directory of the secret directory:
//! its id and the credential's name are both validated words, so no name reaches another shop's
//! credentials, a deployment variable or any other file. Values are never logged.

use std::path::PathBuf;
use std::sync::Arc;

use serde::Deserialize;

use crate::domain::ShopId;

/// The longest credential file read (a token or a secret, not a document).
const MAX_SECRET_BYTES: u64 = 16 * 1024;

/// A credential's name in shop.toml: 1–64 of `a-z 0-9 -`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct CredentialName(String);

impl CredentialName {
    pub fn parse(text: &str) -> Result<CredentialName, String> {
        let word = !text.is_empty()
            && text.len() <= 64
            && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if word {
            Ok(CredentialName(text.to_owned()))
        } else {
            Err(format!(
                "{text:?} is not a credential name (1-64 of a-z, 0-9 and -); the value itself goes in the deployment's secret directory"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CredentialName {
    type Error = String;

    fn try_from(text: String) -> Result<CredentialName, String> {
        CredentialName::parse(&text)
    }
}

impl std::fmt::Display for CredentialName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a credential could not be had. The messages name the shop and the credential, never a
/// value, and say where the operator puts it.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error(
        "shop {shop}'s credential \"{name}\" is not in the secret directory: the operator puts it in <secrets.dir>/{shop}/{name}"
    )]
    Missing { shop: ShopId, name: CredentialName },
    #[error("shop {shop}'s credential \"{name}\" cannot be read: {source}")]
    Unreadable { shop: ShopId, name: CredentialName, source: std::io::Error },
    #[error("shop {shop}'s credential \"{name}\" is empty, larger than 16 KiB or not UTF-8")]
    Invalid { shop: ShopId, name: CredentialName },
}

/// The operator's secret directory.
#[derive(Debug, Clone)]
pub struct Secrets {
    dir: Arc<PathBuf>,
}

impl Secrets {
    pub fn new(dir: PathBuf) -> Secrets {
        Secrets { dir: Arc::new(dir) }
    }

    /// The value of `shop`'s credential `name`, without the line end a file may have.
    pub fn read(&self, shop: &ShopId, name: &CredentialName) -> Result<String, SecretError> {
        let path = self.dir.join(shop.as_str()).join(name.as_str());
        let missing = || SecretError::Missing { shop: shop.clone(), name: name.clone() };
        let invalid = || SecretError::Invalid { shop: shop.clone(), name: name.clone() };
        let metadata = match std::fs::metadata(&path) {
            Ok(metadata) => metadata,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Err(missing()),
            Err(source) => return Err(SecretError::Unreadable { shop: shop.clone(), name: name.clone(), source }),
        };
        if !metadata.is_file() {
            return Err(missing());
        }
        if metadata.len() > MAX_SECRET_BYTES {
            return Err(invalid());
        }
        let bytes = std::fs::read(&path).map_err(|source| SecretError::Unreadable {
            shop: shop.clone(),
            name: name.clone(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        let value = text.trim_end_matches(['\n', '\r']);
        if value.is_empty() {
            return Err(invalid());
        }
        Ok(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_words_so_no_name_leaves_the_shops_directory() {
        for good in ["orders", "webhook", "whatsapp-2", "a"] {
            assert!(CredentialName::parse(good).is_ok(), "{good}");
        }
        let long = "a".repeat(65);
        for bad in ["", "../other-shop/orders", "KEFU_ADMIN_TOKEN", "a/b", ".", "..", "white space", long.as_str()] {
            assert!(CredentialName::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_shop_reads_its_own_credentials_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("shop-a")).unwrap();
        std::fs::create_dir_all(dir.path().join("shop-b")).unwrap();
        std::fs::write(dir.path().join("shop-a/orders"), "token-a\n").unwrap();
        std::fs::write(dir.path().join("shop-b/orders"), "token-b").unwrap();
        std::fs::write(dir.path().join("shop-a/empty"), "\n").unwrap();
        std::fs::write(dir.path().join("shop-a/huge"), "x".repeat(20_000)).unwrap();
        let secrets = Secrets::new(dir.path().to_owned());
        let (a, b) = (ShopId::parse("shop-a").unwrap(), ShopId::parse("shop-b").unwrap());
        let name = |n: &str| CredentialName::parse(n).unwrap();

        assert_eq!(secrets.read(&a, &name("orders")).unwrap(), "token-a");
        assert_eq!(secrets.read(&b, &name("orders")).unwrap(), "token-b");
        let missing = secrets.read(&b, &name("webhook")).unwrap_err().to_string();
        assert!(missing.contains("shop-b/webhook") && missing.contains("secrets.dir"), "{missing}");
        assert!(matches!(secrets.read(&a, &name("empty")), Err(SecretError::Invalid { .. })));
        assert!(matches!(secrets.read(&a, &name("huge")), Err(SecretError::Invalid { .. })));
        let message = secrets.read(&a, &name("huge")).unwrap_err().to_string();
        assert!(!message.contains("xxx"), "values never appear in messages");
    }
}
