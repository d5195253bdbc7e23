//! Images buyers attach to a message (a damaged item, a wrong size): checked to be the image
//! they claim to be, kept per shop, served back to the console and the buyer. The `UploadStore`
//! port is here; `storage::sled` is the adapter.

use crate::domain::ShopId;
use crate::domain::StorageError;

/// A stored image.
#[derive(Debug, Clone, PartialEq)]
pub struct Upload {
    pub content_type: String,
    pub bytes: Vec<u8>,
    /// When it was stored (Unix ms; 0 for images kept before kefu recorded it).
    pub at_ms: u64,
}

#[async_trait::async_trait]
pub trait UploadStore: Send + Sync {
    /// Stores `upload` under `id` unless the shop's images would then take more than
    /// `quota_bytes`; `false` when refused. Durable when it returns.
    async fn put_upload(
        &self,
        shop: &ShopId,
        id: &str,
        upload: &Upload,
        quota_bytes: u64,
    ) -> Result<bool, StorageError>;
    async fn upload(&self, shop: &ShopId, id: &str) -> Result<Option<Upload>, StorageError>;
    /// Deletes one image (a buyer's erasure); `false` when there is none.
    async fn delete_upload(&self, shop: &ShopId, id: &str) -> Result<bool, StorageError>;
    /// Deletes the shop's images stored before `before_ms`; returns how many.
    async fn prune_uploads(&self, shop: &ShopId, before_ms: u64) -> Result<usize, StorageError>;
    /// Deletes every image of the shop and its usage count (the shop's deletion); how many.
    async fn erase_shop_uploads(&self, shop: &ShopId) -> Result<usize, StorageError>;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    #[error("send an image: image/png, image/jpeg, image/webp or image/gif")]
    UnsupportedType,
    #[error("the file is not the {0} it says it is")]
    NotThatImage(&'static str),
    #[error("the image is empty")]
    Empty,
}

/// The image type of an upload, when `content_type` is one kefu keeps and the bytes start
/// the way that format does (a script sent as `image/png` is refused).
pub fn image_type(content_type: &str, bytes: &[u8]) -> Result<&'static str, UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    let declared = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let (kind, matches) = match declared.as_str() {
        "image/png" => ("image/png", bytes.starts_with(b"\x89PNG\r\n\x1a\n")),
        "image/jpeg" | "image/jpg" => ("image/jpeg", bytes.starts_with(&[0xFF, 0xD8, 0xFF])),
        "image/gif" => ("image/gif", bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a")),
        "image/webp" => ("image/webp", bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP"),
        _ => return Err(UploadError::UnsupportedType),
    };
    if matches { Ok(kind) } else { Err(UploadError::NotThatImage(kind)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_must_be_what_it_says() {
        assert_eq!(image_type("image/png", b"\x89PNG\r\n\x1a\nrest"), Ok("image/png"));
        assert_eq!(image_type("image/jpeg; charset=x", &[0xFF, 0xD8, 0xFF, 0xE0]), Ok("image/jpeg"));
        assert_eq!(image_type("image/webp", b"RIFF\0\0\0\0WEBPVP8 "), Ok("image/webp"));
        assert_eq!(image_type("image/png", b"<script>alert(1)</script>"), Err(UploadError::NotThatImage("image/png")));
        assert_eq!(image_type("text/html", b"<html>"), Err(UploadError::UnsupportedType));
        assert_eq!(image_type("image/svg+xml", b"<svg/>"), Err(UploadError::UnsupportedType), "SVG can carry script");
        assert_eq!(image_type("image/gif", b""), Err(UploadError::Empty));
    }
}
