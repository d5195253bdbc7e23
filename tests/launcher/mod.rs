//! `kefu` as a child process: the one launcher the integration tests (`tests/it/support.rs`)
//! and the benches that run the release binary share. A command starts with the settings every
//! run wants (a config directory of its own, logs at `warn`, no inherited `RUST_LOG`); `serve`
//! reads the address kefu prints first, `succeeds` runs a command to its end, `output` runs
//! one on an input and returns what it printed.

use std::ffi::OsStr;
use std::net::SocketAddr;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// How long `kefu serve` may take to say where it listens (it loads the model first).
const START_PATIENCE: Duration = Duration::from_secs(120);

pub struct Kefu {
    command: Command,
}

impl Kefu {
    /// `kefu <args>` with `KEFU_CONFIG_DIR` at `config_dir`.
    pub fn new<S: AsRef<OsStr>>(args: &[S], config_dir: &Path) -> Kefu {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kefu"));
        command
            .args(args)
            .env("KEFU_CONFIG_DIR", config_dir)
            .env("KEFU__TELEMETRY__FILTER", "warn")
            .env_remove("RUST_LOG")
            .kill_on_drop(true);
        Kefu { command }
    }

    /// Its database in `data` (`--data-dir`).
    pub fn data_dir(mut self, data: &Path) -> Kefu {
        self.command.arg("--data-dir").arg(data);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Kefu {
        self.command.env(key, value);
        self
    }

    /// Every variable in `vars`, in order (a later one wins).
    pub fn envs<K: AsRef<OsStr>, V: AsRef<OsStr>>(mut self, vars: impl IntoIterator<Item = (K, V)>) -> Kefu {
        self.command.envs(vars);
        self
    }

    /// Runs it to its end; panics, naming `what`, unless it succeeds.
    pub async fn succeeds(mut self, what: &str) {
        let status = self.command.status().await.unwrap_or_else(|e| panic!("{what}: kefu does not run: {e}"));
        assert!(status.success(), "{what} failed: {status}");
    }

    /// Runs it with `stdin` as its input; its exit code, stdout and stderr.
    pub async fn output(mut self, stdin: &str) -> (i32, String, String) {
        use tokio::io::AsyncWriteExt;
        let mut child = self
            .command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("kefu runs");
        let mut input = child.stdin.take().expect("stdin is piped");
        input.write_all(stdin.as_bytes()).await.expect("kefu reads its input");
        drop(input);
        let output = tokio::time::timeout(Duration::from_secs(60), child.wait_with_output())
            .await
            .expect("kefu finishes")
            .expect("kefu's output is readable");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// `kefu serve --listen 127.0.0.1:0` (give `serve` and `--listen 127.0.0.1:0` as the
    /// arguments): the child, killed when dropped, and the address it printed first.
    pub async fn serve(mut self) -> (Child, SocketAddr) {
        let mut child = self.command.stdout(Stdio::piped()).spawn().expect("kefu serve starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let line = tokio::time::timeout(START_PATIENCE, BufReader::new(stdout).lines().next_line())
            .await
            .expect("kefu says where it listens")
            .expect("kefu's stdout is readable")
            .expect("a line on stdout");
        let addr = line.rsplit("http://").next().unwrap_or_default().trim().parse().expect("an address");
        (child, addr)
    }
}
