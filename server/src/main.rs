//! `tcpip-classroom`: the native side of TCP/IP Animated — the command line (autoplay,
//! drill, referee, check) and the server that serves the game.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod autoplay;
mod check;
mod classroom;
mod drill;
mod referee;
mod room;
mod scripts;
mod serve;

#[derive(Parser)]
#[command(
    name = "tcpip-classroom",
    version,
    about = "TCP/IP Animated: classroom server and tools"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the game and its classroom rooms (WebSocket) to the school network.
    Serve(serve::ServeArgs),
    /// Bots play a whole scenario; writes a pcap and a text ladder diagram.
    Autoplay(autoplay::AutoplayArgs),
    /// Validate a scenario file and report every problem with its line and field.
    Check {
        /// The scenario file (TOML).
        scenario: PathBuf,
    },
    /// Run packetdrill-format scripts against the engine's reference host.
    Drill(drill::DrillArgs),
    /// Run card drills: classroom situations and the verdict the referee must give
    /// (format: docs/card-drills.md).
    Referee(referee::RefereeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => serve::run(args),
        Command::Autoplay(args) => autoplay::run(args),
        Command::Check { scenario } => check::run(&scenario),
        Command::Drill(args) => drill::run(args),
        Command::Referee(args) => referee::run(args),
    }
}
