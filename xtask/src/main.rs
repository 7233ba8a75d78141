//! `cargo xtask play` and `cargo xtask test`: the two commands of the README.
//!
//! Both install whatever is missing on a fresh Debian machine with only Rust (the wasm32
//! target, Trunk, wasm-bindgen-cli, Chromium + ChromeDriver, tshark, the e2e suite's npm
//! packages), skipping what is already there at the right version, so a second run is fast.
//! Nothing is downloaded from anywhere but the package registries (crates.io, Debian, npm).

use std::process::ExitCode;

mod compress;
mod imports;
mod install;
mod run;
mod steps;

const USAGE: &str = "\
usage:
  cargo xtask play [--port N]            build the game and serve it on http://127.0.0.1:N (default 8080)
  cargo xtask test [--only LAYER,...]    install what is missing, run every test layer, print a summary
      layers: fmt, imports, clippy, native, nostd, wasm, bundle, e2e (bundle = release build + size report;
      e2e needs bundle and runs it too)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("play") => parse_port(&args[1..]).and_then(steps::play),
        Some("test") => parse_only(&args[1..]).and_then(|only| steps::test(&only)),
        // Asking for help is a success: the usage goes to stdout and the exit code is 0.
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn parse_port(args: &[String]) -> Result<u16, String> {
    match args {
        [] => Ok(8080),
        [flag, n] if flag == "--port" => n
            .parse()
            .map_err(|_| format!("--port expects a number from 1 to 65535, got {n:?}")),
        _ => Err(USAGE.to_string()),
    }
}

fn parse_only(args: &[String]) -> Result<Vec<steps::Layer>, String> {
    match args {
        [] => Ok(steps::Layer::ALL.to_vec()),
        [flag, list] if flag == "--only" => list.split(',').map(steps::Layer::parse).collect(),
        _ => Err(USAGE.to_string()),
    }
}
