//! The test layers, the release build with its size report, and `play`.

use std::io::Read;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode};
use std::time::{Duration, Instant};

use crate::run::{cargo, root, server_binary, status};
use crate::{compress, imports, install};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    Fmt,
    Imports,
    Clippy,
    Native,
    NoStd,
    Wasm,
    Bundle,
    E2e,
}

impl Layer {
    pub const ALL: [Layer; 8] = [
        Layer::Fmt,
        Layer::Imports,
        Layer::Clippy,
        Layer::Native,
        Layer::NoStd,
        Layer::Wasm,
        Layer::Bundle,
        Layer::E2e,
    ];

    pub fn parse(s: &str) -> Result<Layer, String> {
        Layer::ALL
            .into_iter()
            .find(|l| l.name() == s.trim())
            .ok_or_else(|| {
                format!(
                    "unknown layer {s:?}; layers are fmt, imports, clippy, native, nostd, wasm, bundle, e2e"
                )
            })
    }

    fn name(self) -> &'static str {
        match self {
            Layer::Fmt => "fmt",
            Layer::Imports => "imports",
            Layer::Clippy => "clippy",
            Layer::Native => "native",
            Layer::NoStd => "nostd",
            Layer::Wasm => "wasm",
            Layer::Bundle => "bundle",
            Layer::E2e => "e2e",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Layer::Fmt => "cargo fmt --check",
            Layer::Imports => "no two source files import each other",
            Layer::Clippy => "clippy -D warnings, all targets",
            Layer::Native => "native tests of the whole workspace",
            Layer::NoStd => "tcpip-stack for wasm32, no_std + alloc",
            Layer::Wasm => "wasm-bindgen-test in headless Chromium",
            Layer::Bundle => "release build (Trunk) and bundle size",
            Layer::E2e => "Playwright end-to-end in Chromium",
        }
    }
}

/// `cargo xtask test`: installs, then runs each selected layer even if an earlier one
/// failed (except e2e without a bundle), and ends with a summary.
pub fn test(only: &[Layer]) -> Result<ExitCode, String> {
    let started = Instant::now();
    let wants = |l: Layer| only.contains(&l) || (l == Layer::Bundle && only.contains(&Layer::E2e));
    let mut results: Vec<(Layer, Result<String, String>, Duration)> = Vec::new();

    let setup = Instant::now();
    install_for(&wants)?;
    let setup = setup.elapsed();

    for layer in Layer::ALL.into_iter().filter(|l| wants(*l)) {
        eprintln!("\n=== {} — {} ===", layer.name(), layer.describe());
        let t = Instant::now();
        let bundle_failed = results
            .iter()
            .any(|(l, r, _)| *l == Layer::Bundle && r.is_err());
        let result = if layer == Layer::E2e && bundle_failed {
            Err("skipped: the release build failed".to_string())
        } else {
            run_layer(layer)
        };
        results.push((layer, result, t.elapsed()));
    }

    eprintln!("\n=== summary ===");
    eprintln!(
        "  {:<8} {:>7.1}s  installs checked",
        "setup",
        setup.as_secs_f64()
    );
    for (layer, result, took) in &results {
        let (mark, detail) = match result {
            Ok(d) => ("PASS", d.as_str()),
            Err(e) => ("FAIL", e.as_str()),
        };
        eprintln!(
            "  {mark} {:<8} {:>6.1}s  {}  {detail}",
            layer.name(),
            took.as_secs_f64(),
            layer.describe()
        );
    }
    let failed = results.iter().filter(|(_, r, _)| r.is_err()).count();
    eprintln!("  total {:.1}s", started.elapsed().as_secs_f64());
    // The plain closing line CI reads.
    println!(
        "layers: {} passed, {} failed",
        results.len() - failed,
        failed
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn install_for(wants: &dyn Fn(Layer) -> bool) -> Result<(), String> {
    if wants(Layer::NoStd) || wants(Layer::Wasm) || wants(Layer::Bundle) {
        install::wasm_target()?;
    }
    if wants(Layer::Wasm) || wants(Layer::Bundle) {
        install::wasm_bindgen()?;
    }
    if wants(Layer::Bundle) {
        install::trunk()?;
    }
    if wants(Layer::Wasm) || wants(Layer::E2e) {
        install::debian(install::CHROMIUM)?;
    }
    if wants(Layer::Native) {
        // The pcap tests read every capture back with Wireshark's dissectors.
        install::debian(install::TSHARK)?;
    }
    if wants(Layer::Bundle) || wants(Layer::E2e) {
        install::npm_packages()?;
    }
    Ok(())
}

fn run_layer(layer: Layer) -> Result<String, String> {
    match layer {
        Layer::Imports => imports::check(root()),
        Layer::Fmt => status(
            cargo()
                .args(["fmt", "--all", "--check"])
                .current_dir(root()),
        )
        .map(|_| String::new()),
        Layer::Clippy => status(
            cargo()
                .args([
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ])
                .current_dir(root()),
        )
        .map(|_| String::new()),
        Layer::Native => {
            status(cargo().args(["test", "--workspace"]).current_dir(root())).map(|_| String::new())
        }
        Layer::NoStd => status(
            cargo()
                .args([
                    "build",
                    "-p",
                    "tcpip-stack",
                    "--no-default-features",
                    "--features",
                    "alloc,serde",
                ])
                .args(["--target", "wasm32-unknown-unknown"])
                .current_dir(root()),
        )
        .map(|_| String::new()),
        Layer::Wasm => wasm_tests(),
        Layer::Bundle => bundle(),
        Layer::E2e => e2e(),
    }
}

/// wasm-bindgen-test in headless Chromium through ChromeDriver. The browser's flags are in
/// `tests/webdriver.json` (no background networking, component updates or sync: the tests
/// talk to 127.0.0.1 only). The runner looks for that file in its working directory, which
/// cargo sets to the package root, so its path is given explicitly.
fn wasm_tests() -> Result<String, String> {
    let dir = root().join("tests");
    let tmp = BrowserTmp::new("wasm")?;
    let files = browser_test_targets()?;
    let mut cmd = cargo();
    cmd.args([
        "test",
        "-p",
        "tcpip-animated",
        "--target",
        "wasm32-unknown-unknown",
    ]);
    for name in &files {
        cmd.args(["--test", name]);
    }
    status(
        cmd.env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        .env("TMPDIR", tmp.path())
        .env(
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
            dir.join("webdriver.json"),
        )
        .env("PATH", install::tool_path())
        .current_dir(dir),
    )
    .map(|_| format!("{} test files: {}", files.len(), files.join(", ")))
}

/// The game's `[[test]]` targets (root Cargo.toml): every one is a browser test file.
/// Read from the manifest so a new file cannot be forgotten by this layer.
fn browser_test_targets() -> Result<Vec<String>, String> {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml"))
        .map_err(|e| format!("cannot read Cargo.toml: {e}"))?;
    let mut names = Vec::new();
    let mut in_test = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_test = line == "[[test]]";
        } else if in_test && let Some(v) = line.strip_prefix("name = ") {
            names.push(v.trim_matches('"').to_string());
        }
    }
    if names.is_empty() {
        return Err("the root Cargo.toml declares no [[test]] browser test".into());
    }
    Ok(names)
}

/// The release build with Trunk (the whole game in `dist/`, the students' join page in
/// `dist/join/`), their brotli and gzip copies, and what a browser downloads.
fn bundle() -> Result<String, String> {
    let dist = root().join("dist");
    let trunk = |args: &[&str]| {
        status(
            Command::new("trunk")
                .args(["build", "--release=true"])
                .args(args)
                .env("PATH", install::tool_path())
                .current_dir(root()),
        )
    };
    // The whole game first: Trunk replaces its whole output directory, `join/` included.
    trunk(&[])?;
    trunk(&[
        "--dist",
        "dist/join",
        "--public-url",
        "/join/",
        "--html-output",
        "index.html",
        "join.html",
    ])?;
    let files = compress::precompress(&dist)?;
    let (join, whole): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|f| f.path.starts_with(dist.join("join")));
    let report = format!(
        "a student's join page: {}; the whole game: {}",
        bundle_report(&join, Some(BUNDLE_BUDGET_KB))?,
        bundle_report(&whole, None)?
    );
    eprintln!("bundle: {report}");
    Ok(report)
}

/// What a student's browser may download (wasm + JS + CSS of the join page), brotli-
/// compressed as the server sends it, in KB.
const BUNDLE_BUDGET_KB: f64 = 400.0;

/// The bytes on the wire (brotli) of the wasm, JS and CSS, next to their gzip figure, and
/// how they compare with `budget`. A size budget, reported on every run; not a failure
/// (it is kept as a measure).
fn bundle_report(files: &[compress::Compressed], budget: Option<f64>) -> Result<String, String> {
    let kb = |ext: &str, size: fn(&compress::Compressed) -> u64| {
        files
            .iter()
            .filter(|f| f.ext() == ext)
            .map(size)
            .sum::<u64>() as f64
            / 1024.0
    };
    let (wasm, js, css) = (
        kb("wasm", |f| f.br),
        kb("js", |f| f.br),
        kb("css", |f| f.br),
    );
    if wasm == 0.0 {
        return Err("the build has no .wasm file".into());
    }
    let total = wasm + js + css;
    let gzip = kb("wasm", |f| f.gz) + kb("js", |f| f.gz) + kb("css", |f| f.gz);
    let verdict = match budget {
        Some(budget) if total <= budget => format!(", within the {budget:.0} KB budget"),
        Some(budget) => format!(
            ", OVER the {budget:.0} KB budget by {:.1} KB",
            total - budget
        ),
        None => String::new(),
    };
    Ok(format!(
        "on the wire (brotli) wasm {wasm:.1} KB + js {js:.1} KB + css {css:.1} KB = \
         {total:.1} KB{verdict} (gzip: {gzip:.1} KB)"
    ))
}

/// The Playwright suite (node's test runner) against the release build served by the
/// real server binary on 127.0.0.1.
fn e2e() -> Result<String, String> {
    status(
        cargo()
            .args(["build", "-p", "tcpip-classroom"])
            .current_dir(root()),
    )?;
    let port = free_port()?;
    let server = Server::start(port)?;
    let tmp = BrowserTmp::new("e2e")?;
    let shots = root().join("target").join("e2e-screenshots");
    let result = status(
        Command::new("node")
            .args(["--test", "--test-concurrency=1"])
            .env("BASE_URL", format!("http://127.0.0.1:{port}"))
            .env("SCREENSHOT_DIR", &shots)
            .env("TMPDIR", tmp.path())
            .current_dir(install::e2e_dir()),
    );
    drop(server);
    drop(tmp);
    result.map(|_| format!("screenshots in {}", shots.display()))
}

/// The temporary directory a browser layer's Chromium profiles go in (`TMPDIR`), emptied
/// before the layer and removed after it. The wasm-bindgen test runner stops ChromeDriver
/// without closing its session, so every test file left a profile of 2–160 MB in `/tmp`:
/// 400 of them filled the disk of the machine CI runs on.
struct BrowserTmp(PathBuf);

impl BrowserTmp {
    fn new(layer: &str) -> Result<BrowserTmp, String> {
        let dir = root()
            .join("target")
            .join("tmp")
            .join(format!("{layer}-browser"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(BrowserTmp(dir))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for BrowserTmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The classroom server binary, killed when dropped.
struct Server(Child);

impl Server {
    fn start(port: u16) -> Result<Server, String> {
        let bin = server_binary();
        // Every run starts with no rooms: the classroom tests count on a fresh server.
        let data = root().join("target").join("e2e-classroom-data");
        let _ = std::fs::remove_dir_all(&data);
        let child = Command::new(&bin)
            .args(["serve", "--dir"])
            .arg(root().join("dist"))
            .args(["--addr", &format!("127.0.0.1:{port}")])
            .arg("--data")
            .arg(&data)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let server = Server(child);
        wait_until_serving(port)?;
        Ok(server)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> Result<u16, String> {
    let l =
        TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port on 127.0.0.1: {e}"))?;
    l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

fn wait_until_serving(port: u16) -> Result<(), String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            use std::io::Write;
            let _ = s.write_all(b"GET / HTTP/1.0\r\n\r\n");
            let mut buf = [0u8; 12];
            if s.read_exact(&mut buf).is_ok() && buf.starts_with(b"HTTP/1.") {
                return Ok(());
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!(
        "the server did not answer on 127.0.0.1:{port} within 30 s"
    ))
}

/// `cargo xtask play`: build everything, then serve the game until interrupted.
pub fn play(port: u16) -> Result<ExitCode, String> {
    install::wasm_target()?;
    install::wasm_bindgen()?;
    install::trunk()?;
    install::npm_packages()?;
    bundle()?;
    status(
        cargo()
            .args(["build", "-p", "tcpip-classroom"])
            .current_dir(root()),
    )?;
    let bin = server_binary();
    eprintln!("\nTCP/IP Animated is at http://127.0.0.1:{port}/  (Ctrl-C stops it)\n");
    status(
        Command::new(bin)
            .args(["serve", "--dir"])
            .arg(root().join("dist"))
            .args(["--addr", &format!("0.0.0.0:{port}")])
            .arg("--data")
            .arg(root().join("classroom-data")),
    )?;
    Ok(ExitCode::SUCCESS)
}
