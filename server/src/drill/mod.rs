//! `tcpip-classroom drill`: runs packetdrill-format scripts against the engine's reference
//! host ([`tcpip_stack::host::Host`]), so its TCP can be checked against scripts written
//! for real stacks, and so every rule it implements has a script a student can read.
//!
//! # Semantics (chosen to match packetdrill where it has an answer)
//!
//! - **Addresses.** The host is 192.168.0.1 and the remote 192.0.2.1, packetdrill's
//!   defaults. `bind(3, ..., ...)` binds port 8080 (or the `htons(N)` written in the
//!   sockaddr); `listen` makes the script's flow "remote 192.0.2.1:50000 → us :8080".
//!   `connect` uses local port 40000 (a fixed stand-in for the kernel's ephemeral port)
//!   towards 192.0.2.1:8080 (or `htons(N)`), and makes that the flow. Before either, the
//!   flow is the listening one, so a script can knock on a closed port 8080. One flow per
//!   script: ports are implicit in packetdrill lines, so a second connection could not be
//!   told apart.
//! - **Sequence numbers are absolute.** Our ISS is 0 (`IssMode::Zero`), so packetdrill's
//!   relative numbers and absolute ones coincide on our side; the remote's numbers are
//!   whatever the script writes, with no mapping, and `ack N` is absolute too.
//! - **Virtual time.** Before a line at time t the host's timers due by t fire, and what
//!   they send is recorded with its time. A `>` line must match the next recorded segment
//!   (advancing timers up to t + tolerance if nothing is waiting), on flags, seq, ack,
//!   payload length and addresses; its time must be within the tolerance: 10 ms by
//!   default (packetdrill's 4 ms is for real kernels' jitter; virtual time is exact), or
//!   `--tolerance_usecs=N`. The window and `<options>` of an outbound line are not
//!   compared (the game's cards carry no options, and the advertised window is covered by
//!   the window scripts through its effects). A segment the host sends that no `>` line
//!   claims fails the script before the next inbound or call line, and after the last
//!   line (timers are run until the last line's time + tolerance, not further, so a
//!   script can end with timers pending). `+N` counts from the previous line's time; for
//!   a `>` line that is the time the segment was really sent, as in packetdrill. `*`
//!   matches a segment sent at any time; `lo~hi` a window. Blocking calls (`a...b`) are
//!   refused: the reference host's sockets never block.
//! - **Files.** `socket` returns the lowest free fd from 3; `accept` returns a new fd for
//!   the oldest established connection, or `-1 EAGAIN` (non-blocking) if there is none.
//!   `write` sends N filler bytes; `read` returns `min(N, unread)` bytes, 0 at end of file
//!   (their FIN arrived), `-1 EAGAIN` when nothing is there yet. `shutdown(SHUT_WR)` and
//!   `close` send a FIN (RFC 9293 §3.10.4); with `SO_LINGER {onoff=1, linger=0}`, `close`
//!   aborts with a RST (§3.10.5). `close` of a listener stops listening. `close` with
//!   unread data does not send a RST (RFC 2525 §2.17 behaviour of Linux is not modelled).
//! - **errno, as Linux reports it.** A reset or refused connection reports its error once
//!   (ECONNRESET, ECONNREFUSED, ETIMEDOUT) to the first of `getsockopt(SO_ERROR)`, `read`
//!   or `write`; afterwards `write` gets EPIPE and `read` end of file. `write` after our
//!   FIN gets EPIPE, before the handshake EAGAIN. `connect` accepts both `= 0` and
//!   `= -1 EINPROGRESS`. Unknown fds get EBADF. `setsockopt`, `fcntl`, `ioctl` and other
//!   `getsockopt`s are accepted and change nothing.
//! - **Window.** `--rcv-wnd N` on the command line (default 65535); a script's own
//!   `--rcv-wnd=N` header line wins, so a zero-window script carries its setting. MSL is
//!   30 s (TIME-WAIT = 60 s, Linux's), the RTO starts at 1 s (RFC 6298 §2.1) and the host
//!   gives up after 6 retransmissions (Linux's `tcp_syn_retries`).
//! - **Not supported:** ICMP and UDP lines, TCP options (tolerated, never compared),
//!   statements spanning several lines.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod parse;
mod run;

#[derive(clap::Args)]
pub struct DrillArgs {
    /// Receive window of the host, in bytes (a script's `--rcv-wnd=N` line overrides it).
    #[arg(long, default_value_t = 65535)]
    pub rcv_wnd: u16,
    /// Scripts to run; a directory stands for every `*.pkt` file in it.
    #[arg(required = true)]
    pub scripts: Vec<PathBuf>,
}

pub fn run(args: DrillArgs) -> ExitCode {
    crate::scripts::run_all(&args.scripts, "pkt", "script", |path| {
        drill_file(path, args.rcv_wnd)
    })
}

/// Reads, parses and runs one script; the error is `path:LINE: message`.
fn drill_file(path: &Path, rcv_wnd: u16) -> Result<(), String> {
    let shown = path.display();
    let text = crate::scripts::read_text(path, "script")?;
    let script = parse::parse(&text).map_err(|e| format!("{shown}:{}: {}", e.line, e.message))?;
    run::run_script(&script, rcv_wnd).map_err(|f| format!("{shown}:{}: {}", f.line, f.message))
}
