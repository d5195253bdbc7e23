//! ARCHITECTURE.md's invariants that are absences, checked over the source tree (rust-analyzer's
//! "tidy" tests): imports between kefu's top-level modules only go down the floors below; a
//! crate one adapter wraps is named only by that adapter; only `config` reads the environment;
//! only `main` names `app`; only `gateway::wire` holds what the API serialises. Production code only: unit-test modules and the contract suites
//! use whatever they test with.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// kefu's top-level modules, lowest floor first. A module imports only modules on lower floors
/// (never one on its own floor, never one above). Vocabulary sits at the bottom, the pipeline in
/// the middle with its ports, adapters above the ports they implement, the edges and `app` on
/// top. A new import that breaks this is either shared vocabulary to move down (to `domain`,
/// `lexicon`, `wording`) or a sign the importer belongs higher: move it here only for the second.
const FLOORS: &[&[&str]] = &[
    // identifiers, entries, intents; pure helpers with no kefu imports
    &["domain", "crypto", "net", "tls", "chat_client"],
    // shared leaves: word lists and scripts, kefu's own sentences, settings, secrets, bounds
    &["lexicon", "wording", "config", "secrets", "capacity"],
    &["shop", "outbound", "telemetry"],
    // the knowledge format and the catalogue
    &["knowledge"],
    // the turn: decisions and the ports it consumes
    &["pipeline"],
    // the use case every channel shares; the pipeline's adapters for language and retrieval
    &["conversation", "language", "retrieval"],
    &["actions", "analytics", "channels", "intent", "uploads", "ask"],
    &["ingestion", "orders", "eval"],
    &["console", "redis"],
    &["erasure", "generation", "storage"],
    // the HTTP and websocket edge
    &["gateway"],
    // the composition root
    &["app"],
];

/// Crates only one adapter may name (production code), and where.
const WRAPPED: &[(&str, &[&str])] = &[
    ("sled", &["storage/sled/"]),
    ("sqlx", &["storage/postgres/"]),
    ("redis", &["redis.rs"]),
    ("lingua", &["language/lingua.rs"]),
    ("fastembed", &["retrieval/fastembed.rs"]),
    ("ort", &["retrieval/fastembed.rs"]),
    ("qdrant_client", &["retrieval/index/qdrant.rs"]),
    ("async_openai", &["generation/openai.rs"]),
    ("hyper", &["gateway/serve.rs"]),
    ("tokio_tungstenite", &["chat_client.rs"]),
];

struct Source {
    /// Relative to `src/`, with `/`.
    path: String,
    /// The production part: comments, unit-test modules and test-only files left out.
    code: String,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files
        .into_iter()
        .filter_map(|file| {
            let path = file.strip_prefix(&root).ok()?.to_string_lossy().replace('\\', "/");
            let name = path.rsplit('/').next().unwrap_or_default();
            let test_only = name == "tests.rs"
                || name.ends_with("_tests.rs")
                || name == "qdrant_fake.rs"
                || path.contains("/contract");
            if test_only || !path.ends_with(".rs") {
                return None;
            }
            let text = std::fs::read_to_string(&file).expect("a readable source file");
            Some(Source { code: production(&text), path })
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a readable source directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The code without comment lines and without `#[cfg(test)]` modules.
fn production(text: &str) -> String {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed == "#[cfg(test)]" && lines.peek().is_some_and(|next| next.contains("mod ") && next.ends_with('{')) {
            // Skip the module, up to its closing brace (braces counted naively: kefu's test
            // modules put none in strings unbalanced).
            let mut depth = 0usize;
            for inner in lines.by_ref() {
                depth += inner.matches('{').count();
                depth = depth.saturating_sub(inner.matches('}').count());
                if depth == 0 {
                    break;
                }
            }
            continue;
        }
        if !trimmed.starts_with("//") {
            out.push(line.split(" // ").next().unwrap_or_default());
        }
    }
    out.join("\n")
}

/// The top-level module a file belongs to (`pipeline` for `pipeline/product.rs`).
fn module_of(path: &str) -> &str {
    let first = path.split('/').next().unwrap_or_default();
    first.strip_suffix(".rs").unwrap_or(first)
}

fn floor(module: &str) -> Option<usize> {
    FLOORS.iter().position(|floor| floor.contains(&module))
}

/// The kefu modules a file's code names (`crate::x`).
fn imports(code: &str) -> BTreeSet<String> {
    let re = regex::Regex::new(r"\bcrate::([a-z_]+)").expect("a valid pattern");
    re.captures_iter(code).map(|c| c[1].to_owned()).collect()
}

#[test]
fn imports_only_go_down_the_floors() {
    let mut problems = Vec::new();
    for source in sources() {
        let module = module_of(&source.path);
        // The binary (`main.rs` and its `cli/`) is the top: it sees the library as `kefu::`.
        if matches!(module, "lib" | "main" | "cli") {
            continue;
        }
        let Some(own) = floor(module) else {
            problems.push(format!("src/{}: module `{module}` is on no floor; add it to FLOORS", source.path));
            continue;
        };
        for imported in imports(&source.code) {
            if imported == module {
                continue;
            }
            match floor(&imported) {
                Some(theirs) if theirs < own => {}
                Some(theirs) => problems.push(format!(
                    "src/{} (`{module}`, floor {own}) imports `crate::{imported}` (floor {theirs})",
                    source.path
                )),
                None => problems.push(format!("src/{}: `crate::{imported}` is on no floor", source.path)),
            }
        }
    }
    assert!(problems.is_empty(), "imports that run up or across the layers:\n{}", problems.join("\n"));
}

#[test]
fn every_top_level_module_is_on_exactly_one_floor() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).expect("src/lib.rs");
    let declared: BTreeSet<&str> =
        lib.lines().filter_map(|line| line.strip_prefix("pub mod ")?.strip_suffix(';')).collect();
    let placed: Vec<&str> = FLOORS.iter().flat_map(|floor| floor.iter().copied()).collect();
    let unique: BTreeSet<&str> = placed.iter().copied().collect();
    assert_eq!(placed.len(), unique.len(), "a module is on two floors");
    assert_eq!(declared, unique, "lib.rs's modules and the floors differ");
}

#[test]
fn a_wrapped_crate_is_named_only_by_its_adapter() {
    let mut problems = Vec::new();
    for source in sources() {
        for (krate, allowed) in WRAPPED {
            let named = regex::Regex::new(&format!(r"(^|[^\w:]|[^\w]::){krate}::")).expect("a valid pattern");
            let here = allowed.iter().any(|a| source.path.starts_with(a));
            if !here && named.is_match(&source.code) {
                problems.push(format!("src/{} names `{krate}`, which only {allowed:?} may", source.path));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn only_config_reads_the_environment() {
    let reads = regex::Regex::new(r"env::(var|var_os|vars|vars_os)\b").expect("a valid pattern");
    let problems: Vec<String> = sources()
        .into_iter()
        // `RUST_LOG` is tracing's convention for the log filter, read where the filter is built.
        .filter(|s| s.path != "config.rs" && !(s.path == "telemetry/mod.rs" && s.code.contains("\"RUST_LOG\"")))
        .filter(|s| reads.is_match(&s.code))
        .map(|s| {
            format!("src/{} reads the environment; take it from `Settings` or `config::deployment_secret`", s.path)
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn only_main_names_the_composition_root() {
    let problems: Vec<String> = sources()
        .into_iter()
        .filter(|s| s.path != "app.rs" && module_of(&s.path) != "cli" && s.path != "main.rs")
        .filter(|s| s.code.contains("crate::app"))
        .map(|s| format!("src/{} imports `app`", s.path))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_gateway_serialises_only_its_wire_types() {
    // Handlers map domain and stored types to `gateway::wire` types; a `Serialize` elsewhere in
    // the gateway (or in the console's use cases) would send a type whose shape is not the API's.
    let problems: Vec<String> = sources()
        .into_iter()
        .filter(|s| {
            let edge = s.path.starts_with("gateway/") && !s.path.starts_with("gateway/wire/");
            let use_case = s.path.starts_with("console/") && s.path != "console/store.rs";
            (edge || use_case) && s.code.contains("Serialize")
        })
        .map(|s| format!("src/{} derives Serialize; put the client's type in gateway/wire/", s.path))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn storage_ports_share_one_storage_error_not_the_conversation_logs() {
    let ports = ["console/store.rs", "uploads.rs", "channels/queue.rs", "actions/store.rs"];
    let problems: Vec<String> = sources()
        .into_iter()
        .filter(|s| ports.contains(&s.path.as_str()) && s.code.contains("LogError"))
        .map(|s| format!("src/{} returns the conversation log's LogError; use domain::StorageError", s.path))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn only_lexicon_script_writes_a_scripts_code_points() {
    // Han, kana, Hangul, Thai and Arabic: where each block starts, in hex as Rust writes it.
    let ranges = regex::Regex::new(r"(?i)0x(4e00|3040|30a0|ac00|1100|0e00|0600)\b").expect("a valid pattern");
    let problems: Vec<String> = sources()
        .into_iter()
        .filter(|s| s.path != "lexicon/script.rs" && ranges.is_match(&s.code))
        .map(|s| format!("src/{} writes a script's code points; ask lexicon::script", s.path))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The checks themselves: a file that imports upward, names a wrapped crate or reads the
/// environment is caught (so a broken pattern cannot pass everything).
#[test]
fn the_checks_catch_what_they_look_for() {
    let code = production("use crate::pipeline::Pipeline;\n// use crate::app;\nlet x = std::env::var(\"X\");");
    assert_eq!(imports(&code), BTreeSet::from(["pipeline".to_owned()]));
    assert!(floor("pipeline") > floor("knowledge"), "the pipeline sits above the knowledge it reads");
    assert!(regex::Regex::new(r"env::(var|var_os|vars|vars_os)\b").expect("valid").is_match(&code));
    let lexicon = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lexicon/script.rs"))
        .expect("lexicon/script.rs");
    assert!(lexicon.to_lowercase().contains("0x4e00"), "the script ranges are where the check expects them");
    let tail = production("fn a() {}\n#[cfg(test)]\nmod tests {\n    use crate::app;\n}\nuse crate::domain;\n");
    assert_eq!(imports(&tail), BTreeSet::from(["domain".to_owned()]), "unit-test modules are not production code");
    assert_eq!(module_of("pipeline/product.rs"), "pipeline");
    assert_eq!(module_of("redis.rs"), "redis");
}
