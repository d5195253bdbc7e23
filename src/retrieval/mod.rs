//! Retrieval: finding the passages of one shop's knowledge that bear on a buyer's question.
//!
//! Ports defined here: `Embedder` (text → unit vectors; `fastembed` is the adapter, running
//! multilingual-e5-small on ONNX Runtime) and, in `index`, `VectorIndex`. `lexical` is BM25
//! with CJK-aware terms. The hybrid retriever fuses both.

pub mod attributes;
pub mod fastembed;
pub mod hybrid;
pub mod index;
pub mod kept;
pub mod lexical;
pub mod memo;
mod question;

pub use question::{embed_question, masked};

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

/// Embeds one question on the blocking pool (embedding is CPU-bound and must not hold up the
/// async workers).
pub async fn embed_query(embedder: &std::sync::Arc<dyn Embedder>, text: String) -> Result<Vec<f32>, EmbedError> {
    let embedder = embedder.clone();
    tokio::task::spawn_blocking(move || embedder.embed(TextKind::Query, &[&text]))
        .await
        .map_err(|e| EmbedError(format!("embedding task failed: {e}")))?
        .map(|mut vectors| vectors.pop().unwrap_or_default())
}

/// A dot product in eight independent lanes, which the compiler turns into SIMD (a plain
/// `sum()` must add in order and stays scalar): about 3× faster here. Vectors are unit length,
/// so this is their cosine similarity.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let (a_lanes, a_rest) = a.as_chunks::<8>();
    let (b_lanes, b_rest) = b.as_chunks::<8>();
    let mut acc = [0.0f32; 8];
    for (x, y) in a_lanes.iter().zip(b_lanes) {
        for lane in 0..8 {
            acc[lane] += x[lane] * y[lane];
        }
    }
    let rest: f32 = a_rest.iter().zip(b_rest).map(|(x, y)| x * y).sum();
    acc.iter().sum::<f32>() + rest
}
