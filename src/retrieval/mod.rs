//! Retrieval: finding the passages of one shop's knowledge that bear on a buyer's question.
//!
//! Ports defined here: `Embedder` (text → unit vectors; `fastembed` is the adapter, running
//! multilingual-e5-small on ONNX Runtime) and, in `index`, `VectorIndex`. `lexical` is BM25
//! with CJK-aware terms. The hybrid retriever fuses both.

pub mod fastembed;
pub mod glossary;
pub mod hybrid;
pub mod index;
pub mod lexical;
pub mod memo;

/// What a text is, for models that embed questions and passages differently (e5 prefixes
/// "query: " and "passage: ").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Query,
    Passage,
}

#[derive(Debug, thiserror::Error)]
#[error("embedding failed: {0}")]
pub struct EmbedError(pub String);

/// Turns texts into unit-length vectors. CPU-bound and blocking: call it from
/// `spawn_blocking`. One instance is shared by the whole process.
pub trait Embedder: Send + Sync {
    /// Names the model; vectors from different models are not comparable.
    fn model(&self) -> &str;
    fn dimension(&self) -> usize;
    fn embed(&self, kind: TextKind, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError>;
}
