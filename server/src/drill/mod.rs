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
//! - **Results** may be written in hex with a comment, `fcntl(3, F_GETFL) = 0x802 (flags
//!   O_RDWR|O_NONBLOCK)`: `F_GETFL` reports `O_RDWR` plus `O_NONBLOCK` once `F_SETFL` or
//!   `SOCK_NONBLOCK` set it. `EWOULDBLOCK` is `EAGAIN`, as on Linux. `ack N` on a segment
//!   without the ACK flag is carried on the wire and ignored by the receiver (RFC 9293
//!   §3.1); on an outbound line it is not compared.
//! - **Conditionals.** `#ifdef NAME` / `#ifndef NAME` / `#else` / `#endif` (nested) keep
//!   or drop lines, as the C preprocessor does for the per-system expectations scripts
//!   carry; names come from `--define NAME` (repeatable) and `#define NAME` lines.
//! - **Inline Python** `%{ ... }%` is not run. A block made only of `assert tcpi_state
//!   == TCP_...` (or `!=`) statements is checked against the state of the socket under
//!   test (the fd most recently made by `socket` or `accept`; once the script closed it,
//!   the connection of the flow, as the kernel still holds it); any other block is
//!   skipped, and the summary line of the script counts both.
//! - **ICMP.** `< icmp unreachable CODE [mtu N] [start:end(len)]`, `< icmp time_exceeded
//!   [...]` and `< icmp source_quench [...]` hand the host an ICMP error quoting its own
//!   segment of the flow with that sequence number (without `[...]`, the last segment it
//!   sent), as a router on the path would; codes by packetdrill's names (`net_unreachable`,
//!   `port_unreachable`, `frag_needed mtu N`, `packet_filtered`, ...) or numbers. The host
//!   believes it only if the quoted seq lies in SND.UNA..SND.NXT (RFC 5927 §4.1), aborts
//!   a SYN-SENT connection on a hard error and keeps a soft one for SO_ERROR (RFC 1122
//!   §4.2.3.9, RFC 5461 §4). The host never sends ICMP (a closed port gets a RST), so a
//!   `> icmp` line fails and says what the host sent instead.
//! - **Not supported:** UDP lines, TCP options (tolerated, never compared), Python other
//!   than `tcpi_state` assertions (skipped and counted), `#if` expressions, statements
//!   spanning several lines (other than Python blocks).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod parse;
mod run;

#[derive(clap::Args)]
#[command(after_help = "\
Scripts are packetdrill's own syntax, run against the engine's host in virtual time.
Conditionals: #ifdef NAME, #ifndef NAME, #else, #endif (nested), #define NAME, #undef NAME;
  names come from --define and #define lines.
Skipped, not failed: inline Python %{ ... }% (except blocks that only assert tcpi_state ==
  TCP_..., which are checked; each script's PASS line counts both), shell commands in
  backticks, --options for a real kernel, TCP <options> and [ECN] markings, the window of
  outbound segments.
ICMP: `< icmp unreachable CODE [mtu N] [start:end(len)]` and `< icmp time_exceeded` quote the
  host's own segment; the host never sends ICMP, so `> icmp` lines fail.
Anything else not understood fails with its line and what was not understood.")]
pub struct DrillArgs {
    /// Receive window of the host, in bytes (a script's `--rcv-wnd=N` line overrides it).
    #[arg(long, default_value_t = 65535)]
    pub rcv_wnd: u16,
    /// Defines NAME for the scripts' `#ifdef NAME` / `#ifndef NAME` (repeatable; `NAME=VALUE`
    /// defines NAME).
    #[arg(long = "define", value_name = "NAME")]
    pub defines: Vec<String>,
    /// Scripts to run; a directory stands for every `*.pkt` file in it.
    #[arg(required = true)]
    pub scripts: Vec<PathBuf>,
}

pub fn run(args: DrillArgs) -> ExitCode {
    crate::scripts::run_all(&args.scripts, "pkt", "script", |path| {
        drill_file(path, args.rcv_wnd, &args.defines)
    })
}

/// Reads, parses and runs one script; the error is `path:LINE: message`. On success, what
/// the script's inline Python came to (empty without any).
fn drill_file(path: &Path, rcv_wnd: u16, defines: &[String]) -> Result<String, String> {
    let shown = path.display();
    let text = crate::scripts::read_text(path, "script")?;
    let script =
        parse::parse(&text, defines).map_err(|e| format!("{shown}:{}: {}", e.line, e.message))?;
    run::run_script(&script, rcv_wnd).map_err(|f| format!("{shown}:{}: {}", f.line, f.message))?;
    Ok(python_summary(&script))
}

/// ` (inline Python: 1 checked, 2 skipped)`, or nothing for a script without Python.
fn python_summary(script: &parse::Script) -> String {
    let (mut checked, mut skipped) = (0, 0);
    for line in &script.lines {
        match line.event {
            parse::Event::Python(parse::Python::States(_)) => checked += 1,
            parse::Event::Python(parse::Python::Skipped) => skipped += 1,
            _ => {}
        }
    }
    if checked + skipped == 0 {
        String::new()
    } else {
        format!(" (inline Python: {checked} checked, {skipped} skipped)")
    }
}
