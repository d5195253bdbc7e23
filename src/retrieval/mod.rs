//! Retrieval adapters over each shop's own knowledge. `lexical` is the in-memory BM25 index of
//! the service spine; the knowledge issue adds embeddings, hybrid fusion and persistent indexes.

pub mod index;
pub mod lexical;
