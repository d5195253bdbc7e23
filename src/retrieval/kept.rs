//! Vectors of short texts that come back turn after turn (a product's attribute names and
//! values, the words questions are expanded with), each embedded once per node and kept, at
//! most `capacity` (1.5 KiB each); past it, it starts over.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::{EmbedError, Embedder, TextKind};

pub struct KeptVectors {
    embedder: Arc<dyn Embedder>,
    kind: TextKind,
    vectors: Mutex<HashMap<String, Arc<[f32]>>>,
    capacity: usize,
}

impl KeptVectors {
    /// Embeds texts as `kind`, keeping at most `capacity` vectors.
    pub fn new(embedder: Arc<dyn Embedder>, kind: TextKind, capacity: usize) -> KeptVectors {
        KeptVectors { embedder, kind, vectors: Mutex::new(HashMap::new()), capacity }
    }

    fn get(&self, texts: &[&str]) -> Vec<Option<Arc<[f32]>>> {
        let vectors = self.vectors.lock().unwrap_or_else(|e| e.into_inner());
        texts.iter().map(|t| vectors.get(*t).cloned()).collect()
    }

    /// The texts it has no vector for, in order, each once ("30 m" as two values is one).
    pub fn missing(&self, texts: &[&str]) -> Vec<String> {
        let vectors = self.vectors.lock().unwrap_or_else(|e| e.into_inner());
        let mut seen = std::collections::HashSet::new();
        texts.iter().filter(|t| !vectors.contains_key(**t) && seen.insert(**t)).map(|t| (*t).to_owned()).collect()
    }

    fn keep(&self, embedded: &[(String, Vec<f32>)]) {
        let mut vectors = self.vectors.lock().unwrap_or_else(|e| e.into_inner());
        if vectors.len() + embedded.len() > self.capacity {
            vectors.clear();
        }
        for (text, vector) in embedded.iter().take(self.capacity) {
            vectors.insert(text.clone(), Arc::from(vector.as_slice()));
        }
    }

    /// Room left before it starts over.
    pub fn room(&self) -> usize {
        self.capacity.saturating_sub(self.len())
    }

    pub fn len(&self) -> usize {
        self.vectors.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each text's vector, in order: those not kept are embedded, in one call, and kept.
    pub async fn vectors(&self, texts: &[&str]) -> Result<Vec<Arc<[f32]>>, EmbedError> {
        let mut vectors = self.get(texts);
        let missing = self.missing(texts);
        if !missing.is_empty() {
            let embedded = self.embed(missing).await?;
            let fresh: HashMap<&str, Arc<[f32]>> =
                embedded.iter().map(|(text, v)| (text.as_str(), Arc::from(v.as_slice()))).collect();
            for (slot, text) in vectors.iter_mut().zip(texts).filter(|(v, _)| v.is_none()) {
                *slot = fresh.get(text).cloned();
            }
            self.keep(&embedded);
        }
        Ok(vectors.into_iter().map(Option::unwrap_or_default).collect())
    }

    /// Embeds the texts not kept, `batch` at a time (between two batches a buyer's question
    /// waits for one only); stops at the first failure.
    pub async fn warm(&self, texts: &[&str], batch: usize) -> Result<(), EmbedError> {
        for chunk in self.missing(texts).chunks(batch.max(1)) {
            let embedded = self.embed(chunk.to_vec()).await?;
            self.keep(&embedded);
        }
        Ok(())
    }

    async fn embed(&self, texts: Vec<String>) -> Result<Vec<(String, Vec<f32>)>, EmbedError> {
        let (embedder, kind) = (self.embedder.clone(), self.kind);
        tokio::task::spawn_blocking(move || {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let vectors = embedder.embed(kind, &refs)?;
            Ok(texts.into_iter().zip(vectors).collect())
        })
        .await
        .map_err(|e| EmbedError(format!("embedding task failed: {e}")))?
    }
}
