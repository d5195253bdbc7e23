//! Tests of sled's own passage format. What every store must do is in
//! `storage::contract::knowledge`, run on sled and PostgreSQL alike.

use super::*;
use crate::domain::{Language, Source, SourceKind};

fn passage(id: &str, hash: &str, vector: Vec<f32>) -> StoredPassage {
    StoredPassage {
        id: id.into(),
        source: Source { kind: SourceKind::Faq, id: format!("faq.md#{id}"), title: id.into(), score: 0.0 },
        location: "faq.md:1".into(),
        language: Language::english(),
        text: format!("text of {id}"),
        hash: hash.into(),
        vector,
    }
}

#[test]
fn a_truncated_passage_is_reported_not_misread() {
    let raw = encode_passage(&passage("p", "h", vec![1.0, 2.0])).unwrap();
    assert!(decode_passage(&raw[..raw.len() - 1]).is_err());
    assert!(decode_passage(&raw[..3]).is_err());
    assert_eq!(decode_passage(&raw).unwrap().vector, vec![1.0, 2.0]);
}
