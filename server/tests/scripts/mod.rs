//! What the end-to-end tests of the two script runners (`drill`, `referee`) share: running
//! the binary, its output, and scratch files for broken scripts.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `tcpip-classroom SUBCOMMAND ARGS…`.
pub fn run(subcommand: &str, args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tcpip-classroom"))
        .arg(subcommand)
        .args(args)
        .output()
        .expect("the binary runs")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The directory of the game's own scripts, e.g. `drills`.
pub fn shipped(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)
}

/// A fresh directory for one test's files (tests run in parallel).
pub fn scratch(kind: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tcpip-{kind}-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Writes `bytes` as `NAME.EXT` in a fresh directory of its own.
pub fn write(kind: &str, name: &str, ext: &str, bytes: &[u8]) -> PathBuf {
    let path = scratch(kind, name).join(format!("{name}.{ext}"));
    std::fs::write(&path, bytes).expect("write the file");
    path
}
