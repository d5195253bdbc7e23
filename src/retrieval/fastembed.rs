//! The embedding adapter: fastembed running multilingual-e5-small on ONNX Runtime, loaded
//! dynamically from files `scripts/install-model.sh` put on disk. Nothing is downloaded.
//!
//! e5 wants "query: " before questions and "passage: " before knowledge, and mean pooling
//! (fastembed's user-defined models default to CLS, which halves the gap between matching and
//! unrelated texts). fastembed L2-normalises, so a dot product is the cosine.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use ::fastembed::{InitOptionsUserDefined, Pooling, TextEmbedding, TokenizerFiles, UserDefinedEmbeddingModel};
use sha2::{Digest, Sha256};

use super::{EmbedError, Embedder, TextKind};

/// Where the model and the runtime are, and how to run them.
#[derive(Debug, Clone)]
pub struct ModelFiles {
    /// Holds model.onnx, tokenizer.json, tokenizer_config.json, config.json, special_tokens_map.json.
    pub model_dir: PathBuf,
    /// libonnxruntime.so (1.24 or newer).
    pub ort_library: PathBuf,
    pub intra_threads: usize,
    pub batch_size: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0} is missing; run scripts/install-model.sh (or set embedding.model_dir / embedding.ort_library)")]
    Missing(PathBuf),
    #[error("cannot load ONNX Runtime from {path}: {message}")]
    Runtime { path: PathBuf, message: String },
    #[error("cannot load the embedding model from {path}: {message}")]
    Model { path: PathBuf, message: String },
}

pub struct FastembedE5 {
    /// Held for one batch at a time, so a shop's long ingestion lets buyers' questions through.
    model: Mutex<TextEmbedding>,
    /// Questions waiting for the model: passages wait while any does (a buyer waits on a
    /// question; nobody waits on one batch of an ingestion).
    questions_waiting: AtomicUsize,
    name: String,
    batch_size: usize,
}

const DIMENSION: usize = 384;

impl FastembedE5 {
    /// Loads the model (about 2 s and 600 MB): do it once per process and share it.
    pub fn load(files: &ModelFiles) -> Result<FastembedE5, LoadError> {
        let model_path = |name: &str| files.model_dir.join(name);
        let read = |name: &str| {
            let path = model_path(name);
            std::fs::read(&path).map_err(|_| LoadError::Missing(path))
        };
        if !files.ort_library.is_file() {
            return Err(LoadError::Missing(files.ort_library.clone()));
        }
        let onnx = read("model.onnx")?;
        let tokenizer_files = TokenizerFiles {
            tokenizer_file: read("tokenizer.json")?,
            config_file: read("config.json")?,
            special_tokens_map_file: read("special_tokens_map.json")?,
            tokenizer_config_file: read("tokenizer_config.json")?,
        };
        let environment = runtime(&files.ort_library)?;
        let digest: String = Sha256::digest(&onnx).iter().take(6).map(|b| format!("{b:02x}")).collect();
        let mut options = InitOptionsUserDefined::new()
            .with_environment(environment)
            .with_max_length(512)
            .with_intra_threads(files.intra_threads.max(1));
        if files.intra_threads > 1 {
            // ONNX Runtime's spin-waiting threads fight each other on a small machine.
            options = options.with_session_config("session.intra_op.allow_spinning", "0");
        }
        let user_model = UserDefinedEmbeddingModel::new(onnx, tokenizer_files).with_pooling(Pooling::Mean);
        let model = TextEmbedding::try_new_from_user_defined(user_model, options)
            .map_err(|err| LoadError::Model { path: files.model_dir.clone(), message: err.to_string() })?;
        Ok(FastembedE5 {
            model: Mutex::new(model),
            questions_waiting: AtomicUsize::new(0),
            name: format!("multilingual-e5-small@{digest}"),
            batch_size: files.batch_size.max(1),
        })
    }
}

/// ONNX Runtime is loaded once per process; later calls reuse it.
fn runtime(library: &Path) -> Result<ort::environment::Environment, LoadError> {
    static LOADED: OnceLock<Result<(), String>> = OnceLock::new();
    let error = |message: String| LoadError::Runtime { path: library.to_owned(), message };
    LOADED.get_or_init(|| ort::init_from(library).map(|_| ()).map_err(|e| e.to_string())).clone().map_err(error)?;
    ort::init().with_name("kefu").build().map_err(|e| error(e.to_string()))
}

impl FastembedE5 {
    /// The model, for one batch of `kind`: questions go first.
    fn model_for(&self, kind: TextKind) -> Result<std::sync::MutexGuard<'_, TextEmbedding>, EmbedError> {
        let poisoned = |_| EmbedError("the model lock is poisoned".into());
        match kind {
            TextKind::Query => {
                self.questions_waiting.fetch_add(1, Ordering::AcqRel);
                let model = self.model.lock();
                self.questions_waiting.fetch_sub(1, Ordering::AcqRel);
                model.map_err(poisoned)
            }
            TextKind::Passage => {
                while self.questions_waiting.load(Ordering::Acquire) > 0 {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                self.model.lock().map_err(poisoned)
            }
        }
    }
}

impl Embedder for FastembedE5 {
    fn model(&self) -> &str {
        &self.name
    }

    fn dimension(&self) -> usize {
        DIMENSION
    }

    /// Embeds in batches of similar length (less padding), returning vectors in input order.
    fn embed(&self, kind: TextKind, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let prefix = match kind {
            TextKind::Query => "query: ",
            TextKind::Passage => "passage: ",
        };
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| texts[i].len());
        let mut out = vec![Vec::new(); texts.len()];
        for batch in order.chunks(self.batch_size) {
            let mut model = self.model_for(kind)?;
            let inputs: Vec<String> = batch.iter().map(|&i| format!("{prefix}{}", texts[i])).collect();
            let vectors = model.embed(&inputs, Some(self.batch_size)).map_err(|e| EmbedError(e.to_string()))?;
            for (&i, vector) in batch.iter().zip(vectors) {
                if vector.len() != DIMENSION {
                    return Err(EmbedError(format!(
                        "the model returned {} dimensions, expected {DIMENSION}",
                        vector.len()
                    )));
                }
                out[i] = vector;
            }
        }
        Ok(out)
    }
}
