//! An `Embedder` that remembers its most recent query vectors, so a turn that embeds the same
//! question twice (the intent classifier, then retrieval when the glossary adds nothing) pays
//! once. Passages are never cached: ingestion embeds each once anyway.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use super::{EmbedError, Embedder, TextKind};

pub struct MemoEmbedder {
    inner: Arc<dyn Embedder>,
    recent: Mutex<VecDeque<(String, Vec<f32>)>>,
    capacity: usize,
}

impl MemoEmbedder {
    pub fn new(inner: Arc<dyn Embedder>, capacity: usize) -> MemoEmbedder {
        MemoEmbedder { inner, recent: Mutex::new(VecDeque::with_capacity(capacity)), capacity }
    }

    fn recall(&self, text: &str) -> Option<Vec<f32>> {
        let recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        recent.iter().find(|(t, _)| t == text).map(|(_, v)| v.clone())
    }

    fn remember(&self, text: &str, vector: &[f32]) {
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        if recent.len() == self.capacity {
            recent.pop_front();
        }
        recent.push_back((text.to_owned(), vector.to_vec()));
    }
}

impl Embedder for MemoEmbedder {
    fn model(&self) -> &str {
        self.inner.model()
    }

    fn dimension(&self) -> usize {
        self.inner.dimension()
    }

    fn embed(&self, kind: TextKind, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        if kind != TextKind::Query || texts.len() != 1 {
            return self.inner.embed(kind, texts);
        }
        if let Some(vector) = self.recall(texts[0]) {
            return Ok(vec![vector]);
        }
        let vectors = self.inner.embed(kind, texts)?;
        if let Some(vector) = vectors.first() {
            self.remember(texts[0], vector);
        }
        Ok(vectors)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// Counts calls; vectors are the text's length, so answers can be told apart.
    struct Counting(AtomicUsize);

    impl Embedder for Counting {
        fn model(&self) -> &str {
            "counting"
        }
        fn dimension(&self) -> usize {
            1
        }
        fn embed(&self, _: TextKind, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Ok(texts.iter().map(|t| vec![t.len() as f32]).collect())
        }
    }

    #[test]
    fn a_repeated_query_is_embedded_once_and_old_ones_are_forgotten() {
        let inner = Arc::new(Counting(AtomicUsize::new(0)));
        let memo = MemoEmbedder::new(inner.clone(), 2);
        assert_eq!(memo.embed(TextKind::Query, &["abc"]).unwrap(), [[3.0]]);
        assert_eq!(memo.embed(TextKind::Query, &["abc"]).unwrap(), [[3.0]]);
        assert_eq!(inner.0.load(Ordering::SeqCst), 1);
        memo.embed(TextKind::Query, &["de"]).unwrap();
        memo.embed(TextKind::Query, &["fghi"]).unwrap();
        memo.embed(TextKind::Query, &["abc"]).unwrap();
        assert_eq!(inner.0.load(Ordering::SeqCst), 4, "abc was pushed out by two newer queries");
        memo.embed(TextKind::Passage, &["abc"]).unwrap();
        memo.embed(TextKind::Passage, &["abc"]).unwrap();
        assert_eq!(inner.0.load(Ordering::SeqCst), 6, "passages are not cached");
    }
}
