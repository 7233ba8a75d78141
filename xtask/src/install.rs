//! Installing what the build and the tests need, only when it is missing or at the wrong
//! version. Every source is a package registry: crates.io (`cargo install`), Debian
//! (`apt-get`), npm (`npm ci`), plus rustup's own wasm32 standard library.

use std::path::PathBuf;
use std::process::Command;

use crate::run::{cargo, output, root, status};

/// Trunk 0.21.14 is the newest Trunk that builds with rustc 1.95.
const TRUNK_VERSION: &str = "0.21.14";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Where the e2e suite's npm packages (Playwright, axe-core and binaryen's wasm-opt) live.
pub fn e2e_dir() -> PathBuf {
    root().join("tests").join("e2e")
}

/// `node_modules/.bin` of the e2e suite, put first on PATH so Trunk finds npm's wasm-opt
/// (version 132) before any other.
pub fn npm_bin() -> PathBuf {
    e2e_dir().join("node_modules").join(".bin")
}

pub fn wasm_target() -> Result<(), String> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))
        .ok_or("rustup is needed to add the wasm32 target (install Rust with rustup)")?;
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        return Ok(());
    }
    status(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

pub fn trunk() -> Result<(), String> {
    cargo_tool("trunk", "trunk", TRUNK_VERSION, true)
}

/// wasm-bindgen-cli must be exactly the version of the `wasm-bindgen` crate in Cargo.lock.
/// It is installed without `--locked`: its own lock file pins a dependency that no longer
/// resolves here.
pub fn wasm_bindgen() -> Result<(), String> {
    let version = locked_version("wasm-bindgen")?;
    cargo_tool("wasm-bindgen", "wasm-bindgen-cli", &version, false)
}

/// The version of `package` recorded in the workspace's Cargo.lock.
pub fn locked_version(package: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == name_line
            && let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
        {
            return Ok(v.trim_matches('"').to_string());
        }
    }
    Err(format!("Cargo.lock has no package named {package}"))
}

/// Installs `krate` at `version` unless `bin --version` already reports it.
fn cargo_tool(bin: &str, krate: &str, version: &str, locked: bool) -> Result<(), String> {
    if let Some(out) = output(Command::new(bin).arg("--version").env("PATH", tool_path())) {
        if out
            .split_whitespace()
            .any(|w| w.trim_start_matches('v') == version)
        {
            return Ok(());
        }
        eprintln!(
            "{bin}: found `{}`, need {version}; reinstalling",
            out.trim()
        );
    }
    let mut cmd = cargo();
    cmd.args(["install", krate, "--version", &format!("={version}")]);
    if locked {
        cmd.arg("--locked");
    }
    // A tool build should not fight the workspace for the target dir.
    cmd.env_remove("CARGO_TARGET_DIR");
    status(&mut cmd)
}

/// Debian packages, by the file each one provides.
pub const CHROMIUM: &[(&str, &str)] = &[
    ("/usr/bin/chromium", "chromium"),
    ("/usr/bin/chromedriver", "chromium-driver"),
];
pub const TSHARK: &[(&str, &str)] = &[("/usr/bin/tshark", "tshark")];

/// Installs the Debian packages whose file is missing (as root); otherwise says what to do.
pub fn debian(packages: &[(&str, &str)]) -> Result<(), String> {
    let missing: Vec<&str> = packages
        .iter()
        .filter(|(file, _)| !std::path::Path::new(file).exists())
        .map(|(_, pkg)| *pkg)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let root_user = output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    if !root_user {
        return Err(format!(
            "missing Debian packages: {}. Install them with `sudo apt-get install {}` and run again.",
            missing.join(", "),
            missing.join(" ")
        ));
    }
    status(Command::new("apt-get").arg("update").arg("-q"))?;
    status(
        Command::new("apt-get")
            // With recommends, as tested: Chromium then brings its fonts.
            .args(["install", "-y", "-q"])
            .args(&missing)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// `npm ci` in the e2e suite unless `node_modules` already matches `package-lock.json`
/// (npm writes its own copy of the lock into `node_modules/.package-lock.json`; we keep a
/// stamp of the lock we installed from).
pub fn npm_packages() -> Result<(), String> {
    let dir = e2e_dir();
    let lock = std::fs::read(dir.join("package-lock.json"))
        .map_err(|e| format!("cannot read tests/e2e/package-lock.json: {e}"))?;
    let stamp = dir.join("node_modules").join(".xtask-installed-lock");
    if std::fs::read(&stamp).is_ok_and(|s| s == lock) && npm_bin().join("wasm-opt").exists() {
        return Ok(());
    }
    if output(Command::new("npm").arg("--version")).is_none() {
        return Err("npm is needed for the e2e suite: `apt-get install nodejs npm`".into());
    }
    status(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir),
    )?;
    std::fs::write(&stamp, lock).map_err(|e| format!("cannot write {}: {e}", stamp.display()))
}

/// PATH with npm's `.bin` (wasm-opt 132) and cargo's bin dir first.
pub fn tool_path() -> std::ffi::OsString {
    let mut paths = vec![npm_bin()];
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        paths.push(PathBuf::from(home).join("bin"));
    } else if let Some(home) = std::env::var_os("HOME") {
        paths.push(PathBuf::from(home).join(".cargo").join("bin"));
    }
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap_or_default()
}
