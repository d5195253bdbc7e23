//! The error every storage port returns when the store itself fails, whichever store it is
//! (sled, PostgreSQL): the ports' own refusals (not found, claimed by someone else) are theirs.

/// A store that failed.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The store could not do it now (IO, a lost connection, a transaction that failed); a
    /// later try may work. The cause is kept.
    #[error("storage failed: {0}")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// What is stored cannot be read: a record kefu did not write, or a format it does not know.
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
}

impl StorageError {
    pub fn unavailable(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> StorageError {
        StorageError::Unavailable(cause.into())
    }
}
