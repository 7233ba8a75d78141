//! `tcpip-classroom serve`: serves the built game (Trunk's `dist/`) over HTTP. Classroom
//! rooms and the WebSocket endpoint build on this.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The built game (the output of `trunk build`).
    #[arg(long, default_value = "dist")]
    dir: PathBuf,
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
}

pub fn run(args: ServeArgs) -> ExitCode {
    let index = args.dir.join("index.html");
    if !index.is_file() {
        eprintln!(
            "serve: {} has no index.html — build the game first (`cargo xtask play` does both)",
            args.dir.display()
        );
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("serve: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(args.dir, index, args.addr)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("serve: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(dir: PathBuf, index: PathBuf, addr: SocketAddr) -> Result<(), String> {
    // Unknown paths get the game's page, so a reload on any screen works.
    let app = Router::new().fallback_service(ServeDir::new(&dir).fallback(ServeFile::new(index)));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    println!("serving {} at http://{local}/", dir.display());
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| format!("server error: {e}"))
}
