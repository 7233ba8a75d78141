//! `tcpip-classroom serve`: the game (Trunk's `dist/`) and classroom rooms, over HTTP and a
//! WebSocket (see [`crate::classroom`]).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::classroom::{self, Config};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The built game (the output of `trunk build`).
    #[arg(long, default_value = "dist")]
    dir: PathBuf,
    /// Address and port to listen on: every address by default, so students' devices on
    /// the network can connect (`127.0.0.1:0`: loopback only, any free port).
    #[arg(long, default_value = "0.0.0.0:8080")]
    addr: SocketAddr,
    /// Where each room's log is kept (one file per room); rooms found there are restored.
    #[arg(long, default_value = "classroom-data")]
    data: PathBuf,
    /// Rooms that have not ended allowed at once; creating one more is refused with a
    /// message (rooms restored from --data always come back; 0: no new rooms).
    #[arg(long, default_value_t = classroom::DEFAULT_MAX_ROOMS)]
    max_rooms: usize,
    /// Seconds after which a room with no instructor connected and nothing happening is
    /// ended (its log stays on disk, for the instructor to download).
    #[arg(long, default_value_t = classroom::DEFAULT_IDLE_ROOM.as_secs())]
    idle_room_secs: u64,
    /// Messages one person may send per second on average, and at once after a quiet
    /// moment, written RATE/BURST; more are dropped with "slow down", and a sender that
    /// never slows down is disconnected.
    #[arg(long, default_value = "20/40")]
    seat_rate: classroom::Rate,
}

pub fn run(args: ServeArgs) -> ExitCode {
    if !args.dir.join("index.html").is_file() {
        // Still useful without the game: the rooms and their API work (tests rely on it).
        eprintln!(
            "serve: {} has no index.html — build the game first (`cargo xtask play` does both)",
            args.dir.display()
        );
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("serve: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let config = Config {
        dir: args.dir,
        addr: args.addr,
        data: args.data,
        max_rooms: args.max_rooms,
        idle_room: std::time::Duration::from_secs(args.idle_room_secs),
        seat_rate: args.seat_rate,
    };
    match runtime.block_on(classroom::run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("serve: {e}");
            ExitCode::FAILURE
        }
    }
}
