//! Acting out a parsed script against the engine's reference host, in virtual time.
//!
//! The semantics (addresses, time, file descriptors, errno) are documented on the `drill`
//! module; this file keeps the bookkeeping: which fd is which connection, the segments
//! the host emitted and when, and the host's explanations so a failure can say *why* the
//! host did what it did.

use std::collections::{BTreeMap, VecDeque};

use tcpip_stack::addr::{Endpoint, Ipv4Addr};
use tcpip_stack::host::{ConnId, Host, HostError, HostEvent};
use tcpip_stack::segment::{TcpFlags, TcpSegment};
use tcpip_stack::seq::SeqNumber;
use tcpip_stack::tcp::{Config, IssMode, State, TcpError};
use tcpip_stack::time::{Duration, Instant};

use tcpip_stack::wire::ipv4::{self, Ipv4Repr};
use tcpip_stack::wire::{IpMeta, tcp as tcp_wire};

use super::parse::{
    Call, CallKind, Event, Expect, IcmpSpec, O_NONBLOCK, O_RDWR, Python, Script, SegmentSpec,
    Shutdown, TimePoint, When, linux_state_name,
};

/// packetdrill's default address of the kernel under test.
pub const LOCAL_ADDR: Ipv4Addr = Ipv4Addr::new(192, 168, 0, 1);
/// packetdrill's default address of the remote (scripted) side.
pub const REMOTE_ADDR: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 1);
/// packetdrill's default server port: `bind(3, ..., ...)` binds to it.
pub const SERVER_PORT: u16 = 8080;
/// The local port of `connect`, standing in for the kernel's ephemeral choice.
pub const CONNECT_PORT: u16 = 40000;
/// The remote's port when it is the client (inbound SYNs to our listener).
pub const REMOTE_CLIENT_PORT: u16 = 50000;
/// How far an outbound segment may be from its scripted time. packetdrill allows 4 ms for
/// real kernels' scheduling jitter; virtual time has none, but 10 ms keeps scripts
/// written for real stacks (with `+.01`-style slack) usable.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_millis(10);
/// 2×MSL = 60 s, the TIME-WAIT of Linux (`TCP_TIMEWAIT_LEN`), so scripts written for real
/// stacks time out where they expect to.
pub const MSL: Duration = Duration::from_secs(30);
/// Retransmissions before giving up: Linux's `tcp_syn_retries` (6), stated here rather
/// than inherited so the drill scripts do not move if the game default does.
pub const MAX_RETRANSMITS: u32 = 6;
/// Guards against a host whose timer never clears (it would otherwise loop forever).
const MAX_TIMER_STEPS: usize = 100_000;
/// How far `*` waits for an outbound segment.
const ANY_HORIZON: Duration = Duration::from_secs(3600);

/// Why a script failed: the line and a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub line: usize,
    pub message: String,
}

/// Runs `script`; `rcv_wnd` is the command line's window, which the script's own
/// `--rcv-wnd=` overrides.
pub fn run_script(script: &Script, rcv_wnd: u16) -> Result<(), Failure> {
    let config = Config {
        rcv_wnd: script.options.rcv_wnd.unwrap_or(rcv_wnd),
        msl: MSL,
        rto_initial: Duration::from_secs(1),
        rto_max: Duration::from_secs(60),
        max_retransmits: MAX_RETRANSMITS,
        iss: IssMode::Zero,
        ..Config::default()
    };
    let tolerance = script
        .options
        .tolerance_us
        .map_or(DEFAULT_TOLERANCE, Duration::from_micros);
    let mut runner = Runner::new(Host::new(LOCAL_ADDR, config), tolerance);
    let mut last_line = 0;
    for line in &script.lines {
        last_line = line.number;
        runner
            .line(&line.when, &line.event)
            .map_err(|message| Failure {
                line: line.number,
                message,
            })?;
    }
    runner.finish().map_err(|message| Failure {
        line: last_line,
        message,
    })
}

/// A file descriptor of the script.
struct Fd {
    kind: FdKind,
    /// `SO_LINGER {onoff=1, linger=0}`: close sends a RST (ABORT) instead of a FIN.
    linger_zero: bool,
    /// `O_NONBLOCK`, for `F_GETFL` (the reference host's sockets never block anyway).
    nonblock: bool,
}

impl Fd {
    fn new(kind: FdKind, nonblock: bool) -> Fd {
        Fd {
            kind,
            linger_zero: false,
            nonblock,
        }
    }
}

enum FdKind {
    Socket { bound: Option<u16> },
    Listening { port: u16 },
    Conn { conn: ConnId, unread: Vec<u8> },
}

/// A system call's result: `value` and, for -1, the errno name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ret {
    value: i64,
    errno: Option<&'static str>,
}

impl Ret {
    const fn ok(value: i64) -> Ret {
        Ret { value, errno: None }
    }
    const fn err(errno: &'static str) -> Ret {
        Ret {
            value: -1,
            errno: Some(errno),
        }
    }
    fn matches(&self, expect: &Expect) -> bool {
        self.value == expect.value
            && expect
                .errno
                .as_deref()
                .is_none_or(|e| self.errno == Some(e))
    }
}

impl std::fmt::Display for Ret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.value)?;
        if let Some(e) = self.errno {
            write!(f, " {e}")?;
        }
        Ok(())
    }
}

struct Runner {
    host: Host,
    /// The host's clock: never goes backwards.
    now: Instant,
    /// The time of the previous line, which `+N` counts from.
    prev: Instant,
    tolerance: Duration,
    /// Segments the host emitted and the script has not matched yet, with their time.
    emitted: VecDeque<(Instant, TcpSegment)>,
    /// The host's explanations since the last inbound/call line: the segment it concerns
    /// (when it sent one) and the sentence with its RFC.
    notes: Vec<(Option<TcpSegment>, String)>,
    fds: BTreeMap<i64, Fd>,
    /// The flow the script talks about: our endpoint and the remote's.
    local: Endpoint,
    remote: Endpoint,
    /// The last segment the host sent: what an ICMP line without `[seq]` quotes.
    last_sent: Option<TcpSegment>,
    /// packetdrill's "socket under test": the fd most recently made by `socket` or
    /// `accept`, whose `tcpi_state` inline Python reads.
    under_test: Option<i64>,
}

impl Runner {
    fn new(host: Host, tolerance: Duration) -> Runner {
        Runner {
            host,
            now: Instant::ZERO,
            prev: Instant::ZERO,
            tolerance,
            emitted: VecDeque::new(),
            notes: Vec::new(),
            fds: BTreeMap::new(),
            local: Endpoint::new(LOCAL_ADDR, SERVER_PORT),
            remote: Endpoint::new(REMOTE_ADDR, REMOTE_CLIENT_PORT),
            last_sent: None,
            under_test: None,
        }
    }

    fn line(&mut self, when: &When, event: &Event) -> Result<(), String> {
        if let Event::Outbound(spec) = event {
            return self.outbound(when, spec);
        }
        if let Event::IcmpOut(spec) = event {
            return self.icmp_out(when, spec);
        }
        let t = match when {
            When::At(p) | When::Range(p, _) => self.resolve(*p)?,
            When::Any => self.prev,
        };
        self.advance(t, true)?;
        self.expect_quiet("before this line")?;
        self.prev = t;
        self.notes.clear();
        match event {
            Event::Inbound(spec) => self.inbound(spec),
            Event::IcmpIn(spec) => self.icmp_in(spec)?,
            Event::Call(call) => self.call(call)?,
            Event::Python(Python::States(checks)) => {
                let state = self.tcpi_state();
                if let Some(check) = checks.iter().find(|c| (c.state == state) != c.equal) {
                    return Err(format!(
                        "inline Python `{}` fails: the socket is in {} ({}){}",
                        check.text,
                        state,
                        linux_state_name(state),
                        self.why(None)
                    ));
                }
            }
            Event::Outbound(_) | Event::IcmpOut(_) | Event::Shell | Event::Python(_) => {}
        }
        self.collect();
        Ok(())
    }

    fn finish(&mut self) -> Result<(), String> {
        let end = self.prev + self.tolerance;
        self.advance(end, true)?;
        self.expect_quiet("after the last line")
    }

    /// The absolute time of a time point.
    fn resolve(&self, p: TimePoint) -> Result<Instant, String> {
        if p.relative {
            return Ok(self.prev + Duration::from_micros(p.micros));
        }
        let t = Instant::from_micros(p.micros);
        if t < self.prev {
            return Err(format!(
                "time goes backwards: this line is at {t} but the previous one was at {}",
                self.prev
            ));
        }
        Ok(t)
    }

    /// Fires every timer due by `until`, recording what the host sends and when. With
    /// `settle`, the clock then moves to `until` (the next action happens then).
    fn advance(&mut self, until: Instant, settle: bool) -> Result<(), String> {
        let mut steps = 0;
        while let Some(at) = self.host.next_timer().filter(|&at| at <= until) {
            steps += 1;
            if steps > MAX_TIMER_STEPS {
                return Err(format!(
                    "the host's timers keep firing at {at} without time passing (an engine bug)"
                ));
            }
            self.now = self.now.max(at);
            self.host.poll(self.now);
            self.collect();
        }
        if settle {
            self.now = self.now.max(until);
        }
        Ok(())
    }

    /// Takes what the host sent and explained since the last look.
    fn collect(&mut self) {
        for seg in self.host.take_outbox() {
            self.last_sent = Some(seg.clone());
            self.emitted.push_back((self.now, seg));
        }
        for event in self.host.take_events() {
            let note = match event {
                HostEvent::Replied { segment, reason } => {
                    (Some(segment), format!("{} ({})", reason.text, reason.rfc))
                }
                HostEvent::SegmentIgnored { reason, .. }
                | HostEvent::StateChanged { reason, .. }
                | HostEvent::Error { reason, .. } => {
                    (None, format!("{} ({})", reason.text, reason.rfc))
                }
                HostEvent::Dns(d) => (None, format!("{} ({})", d.text(), d.rfc())),
                HostEvent::Accepted { .. } | HostEvent::DataReceived { .. } => continue,
            };
            self.notes.push(note);
        }
    }

    /// Fails if the host sent a segment that no `>` line has claimed.
    fn expect_quiet(&mut self, when: &str) -> Result<(), String> {
        let Some((at, seg)) = self.emitted.pop_front() else {
            return Ok(());
        };
        Err(format!(
            "unexpected outbound segment {when} (expected none, got {} at {at}){}",
            describe(&seg),
            self.why(Some(&seg))
        ))
    }

    /// The host's explanation for `seg` (or, without one, its last explanation).
    fn why(&self, seg: Option<&TcpSegment>) -> String {
        let note = seg
            .and_then(|s| self.notes.iter().rev().find(|(n, _)| n.as_ref() == Some(s)))
            .or_else(|| self.notes.last());
        note.map(|(_, text)| format!(" — the host says: {text}"))
            .unwrap_or_default()
    }

    fn outbound(&mut self, when: &When, spec: &SegmentSpec) -> Result<(), String> {
        let (lo, hi, scripted) = match when {
            When::At(p) => {
                let t = self.resolve(*p)?;
                (
                    minus(t, self.tolerance),
                    t + self.tolerance,
                    format!("at {t}"),
                )
            }
            When::Range(a, b) => {
                let (a, b) = (self.resolve(*a)?, self.resolve(*b)?);
                (
                    minus(a, self.tolerance),
                    b + self.tolerance,
                    format!("between {a} and {b}"),
                )
            }
            When::Any => (
                self.prev,
                self.prev + ANY_HORIZON,
                "at any time".to_string(),
            ),
        };
        if self.emitted.is_empty() {
            if matches!(when, When::Any) {
                self.advance_until_sent(hi)?;
            } else {
                self.advance(hi, false)?;
            }
        }
        let Some((at, seg)) = self.emitted.pop_front() else {
            // Say what came later, if anything: a timer that fires too late.
            self.advance_until_sent(hi + ANY_HORIZON)?;
            let got = match self.emitted.front() {
                Some((later, seg)) => {
                    format!("nothing; it sent {} later, at {later}", describe(seg))
                }
                None => "nothing".to_string(),
            };
            let message = format!(
                "the host sent nothing in time (expected {} {scripted}, got {got}){}",
                show_spec(spec),
                self.why(None)
            );
            return Err(message);
        };
        if at < lo || at > hi {
            return Err(format!(
                "the segment came at the wrong time (expected {} {scripted} ±{}, got {} at {at})",
                show_spec(spec),
                self.tolerance,
                describe(&seg)
            ));
        }
        if let Some(diff) = first_difference(spec, &seg, self.local, self.remote) {
            return Err(format!(
                "{diff}; the host sent {}{}",
                describe(&seg),
                self.why(Some(&seg))
            ));
        }
        self.now = self.now.max(at);
        self.prev = at;
        Ok(())
    }

    /// Fires timers one by one until the host sends something or `horizon` passes.
    fn advance_until_sent(&mut self, horizon: Instant) -> Result<(), String> {
        while self.emitted.is_empty() {
            match self.host.next_timer() {
                Some(at) if at <= horizon => self.advance(at, false)?,
                _ => break,
            }
        }
        Ok(())
    }

    /// The host is a TCP end host: it answers with segments (a RST for a closed port, RFC
    /// 9293 §3.10.7.1) and sends ICMP only as a router would, which it is not. A `> icmp`
    /// line therefore fails, saying what the host sent instead.
    fn icmp_out(&mut self, when: &When, spec: &IcmpSpec) -> Result<(), String> {
        let t = match when {
            When::At(p) | When::Range(_, p) => self.resolve(*p)? + self.tolerance,
            When::Any => self.prev + ANY_HORIZON,
        };
        if self.emitted.is_empty() {
            self.advance_until_sent(t)?;
        }
        let got = match self.emitted.front() {
            Some((at, seg)) => format!("it sent {} at {at}", describe(seg)),
            None => "it sent nothing".to_string(),
        };
        Err(format!(
            "expected the host to send ICMP type {} code {}, but the reference host never \
             sends ICMP: a TCP host answers a segment for a closed port with a RST (RFC 9293 \
             §3.10.7.1), and ICMP errors come from routers (RFC 1812 §4.3.2) or for UDP (RFC \
             1122 §3.2.2.1); {got}",
            spec.icmp_type, spec.code
        ))
    }

    /// An ICMP error from the network quoting one of the host's own segments: the IPv4
    /// header and the first 8 bytes of TCP (ports and sequence number), as RFC 792 says
    /// an error quotes its datagram.
    fn icmp_in(&mut self, spec: &IcmpSpec) -> Result<(), String> {
        let (seq, len) = match (spec.quote, &self.last_sent) {
            (Some(quote), _) => quote,
            (None, Some(seg)) => (
                seg.seq.0,
                u32::try_from(seg.payload.len()).unwrap_or(u32::MAX),
            ),
            (None, None) => {
                return Err(
                    "this ICMP line quotes no segment (`[start:end(len)]`) and the host has \
                     sent none yet"
                        .to_string(),
                );
            }
        };
        let quoted = TcpSegment {
            src: self.local,
            dst: self.remote,
            seq: SeqNumber(seq),
            ack: SeqNumber(0),
            flags: TcpFlags::ACK,
            window: 0,
            payload: Vec::new(),
        };
        let mut bytes = Vec::with_capacity(ipv4::HEADER_LEN + 20);
        Ipv4Repr {
            src: self.local.addr,
            dst: self.remote.addr,
            protocol: ipv4::protocol::TCP,
            meta: IpMeta::default(),
            payload_len: u16::try_from(len.saturating_add(20)).unwrap_or(u16::MAX),
        }
        .emit(&mut bytes);
        tcp_wire::emit(&quoted, &mut bytes);
        bytes.truncate(ipv4::HEADER_LEN + 8);
        self.host
            .on_icmp_error(spec.icmp_type, spec.code, &bytes, self.now);
        Ok(())
    }

    /// `tcpi_state` of the socket under test: a listener is LISTEN, a connection its
    /// state, and a socket not (or no longer) connected CLOSE.
    fn tcpi_state(&self) -> State {
        let state_of = |conn| self.host.connection(conn).map(|c| c.state);
        match self
            .under_test
            .and_then(|fd| self.fds.get(&fd))
            .map(|f| &f.kind)
        {
            Some(FdKind::Listening { port }) if self.host.is_listening(*port) => {
                Some(State::Listen)
            }
            Some(FdKind::Conn { conn, .. }) => state_of(*conn),
            Some(_) => None,
            // Closed by the script: the kernel still holds the connection (TIME-WAIT...).
            None => self.host.find(self.local, self.remote).and_then(state_of),
        }
        .unwrap_or(State::Closed)
    }

    fn inbound(&mut self, spec: &SegmentSpec) {
        let seg = TcpSegment {
            src: self.remote,
            dst: self.local,
            seq: SeqNumber(spec.seq),
            ack: SeqNumber(spec.ack.unwrap_or(0)),
            flags: spec.flags,
            window: spec.win.unwrap_or(u16::MAX),
            payload: filler(spec.len as usize),
        };
        self.host.on_segment(&seg, self.now);
    }

    fn call(&mut self, call: &Call) -> Result<(), String> {
        let got = self.syscall(&call.kind, &call.expect)?;
        if got.matches(&call.expect) {
            return Ok(());
        }
        Err(format!(
            "{} returned the wrong result (expected {}, got {got}){}",
            call_name(&call.kind),
            call.expect,
            self.why(None)
        ))
    }

    fn syscall(&mut self, kind: &CallKind, expect: &Expect) -> Result<Ret, String> {
        let now = self.now;
        Ok(match *kind {
            CallKind::Socket { nonblock } => {
                let fd = (3..).find(|fd| !self.fds.contains_key(fd)).unwrap_or(3);
                self.fds
                    .insert(fd, Fd::new(FdKind::Socket { bound: None }, nonblock));
                self.under_test = Some(fd);
                Ret::ok(fd)
            }
            CallKind::Bind { fd, port } => match self.fds.get_mut(&fd) {
                Some(Fd {
                    kind: FdKind::Socket { bound },
                    ..
                }) => {
                    *bound = Some(port.unwrap_or(SERVER_PORT));
                    Ret::ok(0)
                }
                Some(_) => Ret::err("EINVAL"),
                None => Ret::err("EBADF"),
            },
            CallKind::Listen { fd } => match self.fds.get_mut(&fd) {
                Some(entry) => match entry.kind {
                    FdKind::Socket { bound } => {
                        let port = bound.unwrap_or(SERVER_PORT);
                        match self.host.listen(port) {
                            Ok(()) => {
                                entry.kind = FdKind::Listening { port };
                                self.local = Endpoint::new(LOCAL_ADDR, port);
                                self.remote = Endpoint::new(REMOTE_ADDR, REMOTE_CLIENT_PORT);
                                Ret::ok(0)
                            }
                            Err(_) => Ret::err("EADDRINUSE"),
                        }
                    }
                    FdKind::Listening { .. } => Ret::ok(0),
                    FdKind::Conn { .. } => Ret::err("EINVAL"),
                },
                None => Ret::err("EBADF"),
            },
            CallKind::Accept { fd } => match self.fds.get(&fd).map(|e| &e.kind) {
                Some(&FdKind::Listening { port }) => match self.host.accept(port) {
                    Some(conn) => {
                        let new = (3..).find(|fd| !self.fds.contains_key(fd)).unwrap_or(3);
                        let kind = FdKind::Conn {
                            conn,
                            unread: Vec::new(),
                        };
                        self.fds.insert(new, Fd::new(kind, false));
                        self.under_test = Some(new);
                        Ret::ok(new)
                    }
                    None => Ret::err("EAGAIN"),
                },
                Some(_) => Ret::err("EINVAL"),
                None => Ret::err("EBADF"),
            },
            CallKind::Connect { fd, port } => match self.fds.get_mut(&fd) {
                Some(entry) => match entry.kind {
                    FdKind::Socket { bound } => {
                        let local_port = bound.unwrap_or(CONNECT_PORT);
                        let remote = Endpoint::new(REMOTE_ADDR, port.unwrap_or(SERVER_PORT));
                        match self.host.connect(local_port, remote, now) {
                            Ok(conn) => {
                                entry.kind = FdKind::Conn {
                                    conn,
                                    unread: Vec::new(),
                                };
                                self.local = Endpoint::new(LOCAL_ADDR, local_port);
                                self.remote = remote;
                                // A non-blocking connect says EINPROGRESS, a blocking one
                                // 0 once established: both describe the same SYN.
                                if expect.value == 0 {
                                    Ret::ok(0)
                                } else {
                                    Ret::err("EINPROGRESS")
                                }
                            }
                            Err(_) => Ret::err("EADDRINUSE"),
                        }
                    }
                    FdKind::Listening { .. } => Ret::err("EINVAL"),
                    FdKind::Conn { .. } => Ret::err("EISCONN"),
                },
                None => Ret::err("EBADF"),
            },
            CallKind::Write { fd, len } => match self.conn_of(fd) {
                Err(ret) => ret,
                Ok(conn) => {
                    if self.host.connection(conn).is_none() {
                        self.pending_error(conn).unwrap_or(Ret::err("EPIPE"))
                    } else {
                        match self.host.send(conn, &filler(len), now) {
                            Ok(n) => Ret::ok(i64::try_from(n).unwrap_or(i64::MAX)),
                            Err(HostError::NotConnected {
                                state: State::SynSent | State::SynReceived,
                            }) => Ret::err("EAGAIN"),
                            Err(_) => Ret::err("EPIPE"),
                        }
                    }
                }
            },
            CallKind::Read { fd, len } => self.read(fd, len),
            CallKind::Shutdown { fd, how } => match self.conn_of(fd) {
                Err(_) => Ret::err("ENOTCONN"),
                Ok(_) if how == Shutdown::Read => Ret::ok(0),
                Ok(conn) => match self.host.close(conn, now) {
                    Ok(()) | Err(HostError::Closing { .. }) => Ret::ok(0),
                    Err(_) => Ret::err("ENOTCONN"),
                },
            },
            CallKind::Close { fd } => match self.fds.remove(&fd) {
                None => Ret::err("EBADF"),
                Some(entry) => {
                    match entry.kind {
                        FdKind::Listening { port } => self.host.unlisten(port),
                        // close() always succeeds; a connection already gone has nothing
                        // left to send.
                        FdKind::Conn { conn, .. } if entry.linger_zero => {
                            let _ = self.host.abort(conn, now);
                        }
                        FdKind::Conn { conn, .. } => {
                            let _ = self.host.close(conn, now);
                        }
                        FdKind::Socket { .. } => {}
                    }
                    Ret::ok(0)
                }
            },
            CallKind::GetError { fd, ref errno } => {
                let got = match self.conn_of(fd) {
                    Ok(conn) => self.host.take_error(conn).map(errno_of),
                    Err(Ret {
                        errno: Some("EBADF"),
                        ..
                    }) => return Ok(Ret::err("EBADF")),
                    Err(_) => None,
                };
                if got != errno.as_deref() {
                    return Err(format!(
                        "SO_ERROR is wrong (expected {}, got {}){}",
                        errno.as_deref().unwrap_or("0"),
                        got.unwrap_or("0"),
                        self.why(None)
                    ));
                }
                Ret::ok(0)
            }
            CallKind::LingerZero { fd } => match self.fds.get_mut(&fd) {
                Some(entry) => {
                    entry.linger_zero = true;
                    Ret::ok(0)
                }
                None => Ret::err("EBADF"),
            },
            CallKind::GetFlags { fd } => match self.fds.get(&fd) {
                Some(entry) => Ret::ok(O_RDWR | if entry.nonblock { O_NONBLOCK } else { 0 }),
                None => Ret::err("EBADF"),
            },
            CallKind::SetFlags { fd, nonblock } => match self.fds.get_mut(&fd) {
                Some(entry) => {
                    entry.nonblock = nonblock;
                    Ret::ok(0)
                }
                None => Ret::err("EBADF"),
            },
            CallKind::Accepted { .. } => Ret::ok(0),
        })
    }

    /// The connection behind `fd`, or the errno a call on a non-connection fd gets.
    fn conn_of(&self, fd: i64) -> Result<ConnId, Ret> {
        match self.fds.get(&fd).map(|e| &e.kind) {
            Some(FdKind::Conn { conn, .. }) => Ok(*conn),
            Some(_) => Err(Ret::err("ENOTCONN")),
            None => Err(Ret::err("EBADF")),
        }
    }

    /// Reports (and clears) the error that ended a connection, as Linux's `sock_error`.
    fn pending_error(&mut self, conn: ConnId) -> Option<Ret> {
        self.host.take_error(conn).map(|e| Ret::err(errno_of(e)))
    }

    fn read(&mut self, fd: i64, len: usize) -> Ret {
        let conn = match self.conn_of(fd) {
            Ok(conn) => conn,
            Err(ret) => return ret,
        };
        let fresh = self.host.recv(conn);
        let Some(Fd {
            kind: FdKind::Conn { unread, .. },
            ..
        }) = self.fds.get_mut(&fd)
        else {
            return Ret::err("EBADF");
        };
        unread.extend_from_slice(&fresh);
        if !unread.is_empty() {
            let n = len.min(unread.len());
            unread.drain(..n);
            return Ret::ok(i64::try_from(n).unwrap_or(i64::MAX));
        }
        if len == 0 {
            return Ret::ok(0);
        }
        match self.host.connection(conn).map(|c| c.state) {
            // Gone: reset (its error, once) or closed normally (end of file).
            None => self.pending_error(conn).unwrap_or(Ret::ok(0)),
            // Their FIN arrived: end of file (RFC 9293 §3.10.3, "connection closing").
            Some(State::CloseWait | State::Closing | State::LastAck | State::TimeWait) => {
                Ret::ok(0)
            }
            Some(_) => Ret::err("EAGAIN"),
        }
    }
}

/// `t - d`, stopping at time zero.
fn minus(t: Instant, d: Duration) -> Instant {
    Instant::from_micros(t.micros().saturating_sub(d.micros()))
}

/// Deterministic payload bytes: the content is never compared, only the length.
fn filler(len: usize) -> Vec<u8> {
    (0..len).map(|i| b'a' + (i % 26) as u8).collect()
}

/// The errno a socket reports for a connection error (Linux's `icmp_err_convert` for the
/// ICMP codes).
fn errno_of(error: TcpError) -> &'static str {
    match error {
        TcpError::ConnectionReset => "ECONNRESET",
        TcpError::ConnectionRefused => "ECONNREFUSED",
        TcpError::TimedOut => "ETIMEDOUT",
        TcpError::Unreachable { code: 0 } => "ENETUNREACH",
        TcpError::Unreachable { code: 2 } => "ENOPROTOOPT",
        TcpError::Unreachable { code: 3 } => "ECONNREFUSED",
        TcpError::Unreachable { code: 4 } => "EMSGSIZE",
        TcpError::Unreachable { .. } => "EHOSTUNREACH",
    }
}

fn call_name(kind: &CallKind) -> &str {
    match kind {
        CallKind::Socket { .. } => "socket",
        CallKind::Bind { .. } => "bind",
        CallKind::Listen { .. } => "listen",
        CallKind::Accept { .. } => "accept",
        CallKind::Connect { .. } => "connect",
        CallKind::Write { .. } => "write",
        CallKind::Read { .. } => "read",
        CallKind::Shutdown { .. } => "shutdown",
        CallKind::Close { .. } => "close",
        CallKind::GetError { .. } => "getsockopt",
        CallKind::LingerZero { .. } => "setsockopt",
        CallKind::GetFlags { .. } | CallKind::SetFlags { .. } => "fcntl",
        CallKind::Accepted { name } => name,
    }
}

/// Flags in packetdrill notation, never empty.
fn flags_text(flags: TcpFlags) -> String {
    let text = flags.tcpdump();
    if text.is_empty() {
        "(no flags)".to_string()
    } else {
        text
    }
}

/// A script line's segment, as the script would write it.
fn show_spec(spec: &SegmentSpec) -> String {
    let mut s = format!(
        "{} {}:{}({})",
        flags_text(spec.flags),
        spec.seq,
        spec.seq.wrapping_add(spec.len),
        spec.len
    );
    if let Some(ack) = spec.ack {
        s.push_str(&format!(" ack {ack}"));
    }
    s
}

/// A segment the host sent, in the same notation plus its window.
fn describe(seg: &TcpSegment) -> String {
    let len = seg.payload.len();
    let mut s = format!(
        "{} {}:{}({len})",
        flags_text(seg.flags),
        seg.seq,
        seg.seq + len
    );
    if seg.flags.ack() {
        s.push_str(&format!(" ack {}", seg.ack));
    }
    s.push_str(&format!(" win {}", seg.window));
    s
}

/// The first field where the host's segment differs from the script's, in words.
fn first_difference(
    spec: &SegmentSpec,
    seg: &TcpSegment,
    local: Endpoint,
    remote: Endpoint,
) -> Option<String> {
    if seg.src != local || seg.dst != remote {
        return Some(format!(
            "the segment has the wrong addresses (expected {local} > {remote}, got {} > {})",
            seg.src, seg.dst
        ));
    }
    if seg.flags != spec.flags {
        return Some(format!(
            "the flags are wrong (expected {} = {}, got {} = {})",
            flags_text(spec.flags),
            spec.flags.words(),
            flags_text(seg.flags),
            seg.flags.words()
        ));
    }
    if seg.seq != SeqNumber(spec.seq) {
        return Some(format!(
            "the sequence number is wrong (expected seq {}, got seq {})",
            spec.seq, seg.seq
        ));
    }
    // Without the ACK flag the field means nothing (RFC 9293 §3.1), so it is not compared.
    let ack = spec.ack.filter(|_| spec.flags.ack());
    if let Some(ack) = ack.filter(|&ack| seg.ack != SeqNumber(ack)) {
        return Some(format!(
            "the acknowledgement number is wrong (expected ack {ack}, got ack {})",
            seg.ack
        ));
    }
    if seg.payload.len() != spec.len as usize {
        return Some(format!(
            "the data length is wrong (expected {} bytes, got {} bytes)",
            spec.len,
            seg.payload.len()
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drill::parse::parse;

    fn run(text: &str) -> Result<(), Failure> {
        run_script(&parse(text, &[]).unwrap(), 65535)
    }

    const PASSIVE: &str = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n\
                           +0 bind(3, ..., ...) = 0\n\
                           +0 listen(3, 1) = 0\n\
                           +0 < S 0:0(0) win 65535\n\
                           +0 > S. 0:0(0) ack 1\n\
                           +.1 < . 1:1(0) ack 1 win 65535\n\
                           +0 accept(3, ..., ...) = 4\n";

    /// RFC 9293 §3.5 (Figure 6): the three-way handshake a listener completes.
    #[test]
    fn passive_handshake_passes() {
        assert_eq!(run(PASSIVE), Ok(()));
    }

    /// Seed 001, round 2: the ACK of data is seq + number of bytes; a script that says
    /// otherwise fails on that line and names both values.
    #[test]
    fn wrong_ack_names_line_and_both_values() {
        let text = format!("{PASSIVE}+0 < P. 1:11(10) ack 1 win 65535\n+0 > . 1:1(0) ack 12\n");
        let failure = run(&text).unwrap_err();
        assert_eq!(failure.line, 9);
        assert!(
            failure.message.contains("expected ack 12, got ack 11"),
            "{failure:?}"
        );
    }

    /// packetdrill fails a script when the kernel sends a segment it does not expect.
    #[test]
    fn unexpected_segment_fails() {
        let text = format!("{PASSIVE}+0 < P. 1:11(10) ack 1 win 65535\n+0 read(4, ..., 10) = 10\n");
        let failure = run(&text).unwrap_err();
        assert_eq!(failure.line, 9);
        assert!(
            failure.message.contains("unexpected outbound segment"),
            "{failure:?}"
        );
        // And after the last line as well.
        let text = format!("{PASSIVE}+0 < P. 1:11(10) ack 1 win 65535\n");
        assert!(
            run(&text)
                .unwrap_err()
                .message
                .contains("after the last line")
        );
    }

    /// RFC 6298 §2.1: the first retransmission comes 1 s after the SYN, so a script that
    /// expects it at 0.5 s fails, and says when it really came.
    #[test]
    fn late_and_early_segments_fail_with_times() {
        let base = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n\
                    +0 connect(3, ..., ...) = -1 EINPROGRESS\n+0 > S 0:0(0)\n";
        assert_eq!(run(&format!("{base}+1 > S 0:0(0)\n")), Ok(()));
        let early = run(&format!("{base}+.5 > S 0:0(0)\n")).unwrap_err();
        assert!(early.message.contains("later, at 1.000s"), "{early:?}");
        let late = run(&format!("{base}+1.5 > S 0:0(0)\n")).unwrap_err();
        assert!(late.message.contains("wrong time"), "{late:?}");
        assert_eq!(run(&format!("{base}* > S 0:0(0)\n")), Ok(()));
        assert_eq!(run(&format!("{base}+.9~+1.1 > S 0:0(0)\n")), Ok(()));
    }

    #[test]
    fn syscall_results_are_checked() {
        let failure = run(&format!("{PASSIVE}+0 read(4, ..., 10) = 10\n")).unwrap_err();
        assert!(
            failure.message.contains("expected 10, got -1 EAGAIN"),
            "{failure:?}"
        );
        let failure = run("0 close(7) = 0\n").unwrap_err();
        assert!(failure.message.contains("got -1 EBADF"), "{failure:?}");
        let failure =
            run("0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNRESET], [4]) = 0\n").unwrap_err();
        assert!(
            failure.message.contains("expected 0, got -1 EBADF"),
            "{failure:?}"
        );
    }

    /// Nothing a script file can say makes the runner panic: the shipped scripts, mutated
    /// at random (numbers replaced, tokens swapped, words dropped or repeated), are parsed
    /// and run, and each one passes, fails on a line, or is a parse error.
    #[test]
    fn mutated_scripts_never_panic() {
        use tcpip_stack::rng::{Rng, SplitMix64};
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("drills");
        let scripts: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        let tokens = [
            "0",
            "+0",
            "+1",
            "*",
            "<",
            ">",
            "S",
            "S.",
            "R",
            "R.",
            "F.",
            "P.",
            ".",
            "ack",
            "win",
            "4294967295",
            "65535",
            "0:0(0)",
            "1:11(10)",
            "close(4) = 0",
            "read(4, ..., 5) = 5",
            "write(4, ..., 10) = 10",
            "accept(3, ..., ...) = 4",
            "-1",
            "EAGAIN",
            "(",
            ")",
            "[",
            "<",
            "/*",
            "//",
            "`",
            "...",
            "~",
            "\n+0 > . 1:1(0) ack 1\n",
        ];
        let mut rng = SplitMix64::new(7);
        let mut outcomes = [0usize; 3];
        for _ in 0..3000 {
            let base = &scripts[rng.below(scripts.len() as u64) as usize];
            let mut words: Vec<String> = base.split(' ').map(String::from).collect();
            for _ in 0..=rng.below(3) {
                let i = rng.below(words.len() as u64) as usize;
                match rng.below(4) {
                    0 => words[i] = rng.next_u32().to_string(),
                    1 => words[i] = tokens[rng.below(tokens.len() as u64) as usize].to_string(),
                    2 if words.len() > 1 => drop(words.remove(i)),
                    _ => words.insert(i, words[i].clone()),
                }
            }
            let text = words.join(" ");
            let outcome = match parse(&text, &[]) {
                Ok(script) => match run_script(&script, rng.below(2) as u16 * 1000) {
                    Ok(()) => 0,
                    Err(_) => 1,
                },
                Err(_) => 2,
            };
            outcomes[outcome] += 1;
        }
        // The mutations reach the runner, not only the parser, and both outcomes occur.
        assert!(outcomes.iter().all(|&n| n > 0), "{outcomes:?}");
    }

    /// Linux's `F_GETFL` on a socket: O_RDWR (2), plus O_NONBLOCK (0x800) once set.
    #[test]
    fn f_getfl_reports_the_real_flags() {
        let base = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n";
        assert_eq!(
            run(&format!(
                "{base}+0 fcntl(3, F_GETFL) = 0x2 (flags O_RDWR)\n\
                                 +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n\
                                 +0 fcntl(3, F_GETFL) = 0x802 (flags O_RDWR|O_NONBLOCK)\n"
            )),
            Ok(())
        );
        let failure = run(&format!("{base}+0 fcntl(3, F_GETFL) = 0x802\n")).unwrap_err();
        assert!(
            failure.message.contains("expected 2050, got 2"),
            "{failure:?}"
        );
        assert_eq!(
            run(
                "0 socket(..., SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP) = 3\n\
                 +0 fcntl(3, F_GETFL) = 0x802\n"
            ),
            Ok(())
        );
    }

    /// `assert tcpi_state == ...` is checked against the engine's state (RFC 9293 §3.3.2).
    #[test]
    fn tcpi_state_assertions_are_checked() {
        let ok = format!("{PASSIVE}+0 %{{ assert tcpi_state == TCP_ESTABLISHED }}%\n");
        assert_eq!(run(&ok), Ok(()));
        let bad = format!("{PASSIVE}+0 %{{ assert tcpi_state == TCP_CLOSE_WAIT }}%\n");
        let failure = run(&bad).unwrap_err();
        assert_eq!(failure.line, 8);
        assert!(
            failure.message.contains("ESTABLISHED (TCP_ESTABLISHED)"),
            "{failure:?}"
        );
        let listening = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n\
                         +0 listen(3, 1) = 0\n+0 %{ assert tcpi_state == TCP_LISTEN }%\n";
        assert_eq!(run(listening), Ok(()));
    }

    /// RFC 1122 §4.2.3.9: a port unreachable (hard) quoting our SYN aborts SYN-SENT; RFC
    /// 5927 §4.1: one quoting a seq outside SND.UNA..SND.NXT is ignored.
    #[test]
    fn icmp_quotes_the_hosts_segment() {
        let base = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n\
                    +0 connect(3, ..., ...) = -1 EINPROGRESS\n+0 > S 0:0(0)\n";
        let genuine = format!(
            "{base}+.1 < icmp unreachable port_unreachable [0:0(0)]\n\
             +0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0\n"
        );
        assert_eq!(run(&genuine), Ok(()));
        // Without a quote: the last segment the host sent, our SYN.
        let implicit = format!(
            "{base}+.1 < icmp unreachable port_unreachable\n\
             +0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0\n"
        );
        assert_eq!(run(&implicit), Ok(()));
        let forged = format!(
            "{base}+.1 < icmp unreachable port_unreachable [1000:1000(0)]\n\
             +0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0\n+.9 > S 0:0(0)\n"
        );
        assert_eq!(run(&forged), Ok(()));
        let nothing_sent = run("0 < icmp unreachable host_unreachable\n").unwrap_err();
        assert!(
            nothing_sent.message.contains("quotes no segment"),
            "{nothing_sent:?}"
        );
    }

    #[test]
    fn outbound_icmp_fails_with_what_was_sent() {
        let text = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n\
                    +0 < S 0:0(0) win 1000\n+0 > icmp unreachable port_unreachable\n";
        let failure = run(text).unwrap_err();
        assert_eq!(failure.line, 3);
        assert!(failure.message.contains("never sends ICMP"), "{failure:?}");
        assert!(
            failure.message.contains("it sent R. 0:0(0) ack 1"),
            "{failure:?}"
        );
    }

    #[test]
    fn time_cannot_go_backwards() {
        let failure = run("1 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n0.5 close(3) = 0\n");
        assert!(failure.unwrap_err().message.contains("backwards"));
    }
}
