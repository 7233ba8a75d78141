//! Reading packetdrill scripts into [`Script`]s.
//!
//! The grammar is the subset of packetdrill's that the reference host can act out (see the
//! module documentation of `drill` for what each line means). Every problem is a
//! [`ParseError`] naming the line and what is wrong, because the people reading these
//! messages are students who wrote the script by hand; nothing here panics on any input.

use std::fmt;

use tcpip_stack::segment::TcpFlags;
use tcpip_stack::tcp::State;

/// The biggest payload an inbound line may carry: an IPv4 datagram cannot hold more than
/// 65535 bytes in total (RFC 791 §3.1, "Total Length"), and refusing more keeps a
/// malicious `(4000000000)` from allocating gigabytes.
pub const MAX_SEGMENT_PAYLOAD: u32 = 65_535;

/// The biggest `write`/`read` a script may ask for, for the same reason.
pub const MAX_CALL_BYTES: usize = 1 << 20;

/// A script problem found before running it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number in the script file.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Settings a script can carry in `--name=value` header lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `--rcv-wnd=N`: the receive window of the host (overrides the command line), so a
    /// script that needs a zero window says so itself.
    pub rcv_wnd: Option<u16>,
    /// `--tolerance_usecs=N`: packetdrill's name for how far an outbound segment may be
    /// from its scripted time.
    pub tolerance_us: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script {
    pub options: Options,
    pub lines: Vec<Line>,
}

/// One timed statement of the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the script file, for messages.
    pub number: usize,
    pub when: When,
    pub event: Event,
}

/// A time written at the start of a line: `0.1` (absolute), `+0.1` (after the previous
/// line), `*` (any time: only meaningful for outbound segments) or `lo~hi` (a window).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    At(TimePoint),
    Range(TimePoint, TimePoint),
    Any,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimePoint {
    /// Written with a leading `+`: counted from the previous line's time.
    pub relative: bool,
    pub micros: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// `<`: a segment the remote sends to the host.
    Inbound(SegmentSpec),
    /// `>`: a segment the host must send.
    Outbound(SegmentSpec),
    /// `< icmp ...`: an ICMP error the network sends to the host about one of its own
    /// segments.
    IcmpIn(IcmpSpec),
    /// `> icmp ...`: an ICMP message the host must send.
    IcmpOut(IcmpSpec),
    Call(Call),
    /// A timed backtick line: a shell command for a real kernel, nothing to do here.
    Shell,
    /// An inline Python block `%{ ... }%`.
    Python(Python),
}

/// What the runner makes of an inline Python block. packetdrill runs it with the socket's
/// `tcp_info` in `tcpi_*` variables; the runner has no Python, but the connection state
/// is the engine's own, so a block made only of `assert tcpi_state == TCP_...` lines is
/// checked, and any other block is skipped (and counted in the summary).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Python {
    States(Vec<StateCheck>),
    Skipped,
}

/// `assert tcpi_state == TCP_ESTABLISHED` (or `!=`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateCheck {
    pub state: State,
    pub equal: bool,
    /// The statement as written, for the failure message.
    pub text: String,
}

/// The fields of an ICMP line: `icmp unreachable frag_needed mtu 1200 [1:1461(1460)]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IcmpSpec {
    pub icmp_type: u8,
    pub code: u8,
    /// `mtu N` of a "fragmentation needed" message (RFC 1191 §4).
    pub mtu: Option<u16>,
    /// The host's own segment the message quotes, `[start:end(len)]` (start, len); `None`
    /// quotes the last segment the host sent, as packetdrill does.
    pub quote: Option<(u32, u32)>,
}

/// The fields of a segment line: `S. 0:0(0) ack 1 win 65535 <mss 1460>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SegmentSpec {
    pub flags: TcpFlags,
    pub seq: u32,
    /// Payload bytes (the `(len)`); SYN and FIN are not counted, as in packetdrill.
    pub len: u32,
    pub ack: Option<u32>,
    pub win: Option<u16>,
}

/// A system call line and the result the script expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    pub kind: CallKind,
    pub expect: Expect,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallKind {
    /// `socket(..., SOCK_STREAM, IPPROTO_TCP)`; `nonblock` with `SOCK_NONBLOCK`.
    Socket {
        nonblock: bool,
    },
    Bind {
        fd: i64,
        port: Option<u16>,
    },
    Listen {
        fd: i64,
    },
    Accept {
        fd: i64,
    },
    Connect {
        fd: i64,
        port: Option<u16>,
    },
    Write {
        fd: i64,
        len: usize,
    },
    Read {
        fd: i64,
        len: usize,
    },
    Shutdown {
        fd: i64,
        how: Shutdown,
    },
    Close {
        fd: i64,
    },
    /// `getsockopt(fd, SOL_SOCKET, SO_ERROR, [E], [4])`: `errno` is `None` for `[0]`.
    GetError {
        fd: i64,
        errno: Option<String>,
    },
    /// `setsockopt(fd, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8)`: close aborts.
    LingerZero {
        fd: i64,
    },
    /// `fcntl(fd, F_GETFL)`: the file status flags (`O_RDWR`, plus `O_NONBLOCK` once set).
    GetFlags {
        fd: i64,
    },
    /// `fcntl(fd, F_SETFL, O_RDWR|O_NONBLOCK)`.
    SetFlags {
        fd: i64,
        nonblock: bool,
    },
    /// `setsockopt`/`getsockopt`/`fcntl`/`ioctl` calls that do not change what the
    /// reference host does (its sockets are always non-blocking).
    Accepted {
        name: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shutdown {
    Read,
    Write,
    Both,
}

/// `= 10`, `= -1 EAGAIN (Resource temporarily unavailable)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expect {
    pub value: i64,
    pub errno: Option<String>,
}

impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.value)?;
        if let Some(e) = &self.errno {
            write!(f, " {e}")?;
        }
        Ok(())
    }
}

/// Reads a whole script; `defines` are the names given with `--define` on the command
/// line, for `#ifdef`.
pub fn parse(text: &str, defines: &[String]) -> Result<Script, ParseError> {
    let mut script = Script {
        options: Options::default(),
        lines: Vec::new(),
    };
    let (lines, python) = strip_comments(text)?;
    for (number, line) in preprocess(lines, defines)? {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let err = |message: String| ParseError {
            line: number,
            message,
        };
        if let Some(option) = line.strip_prefix("--") {
            if !script.lines.is_empty() {
                return Err(err(
                    "`--option` lines must come before the first timed line".to_string(),
                ));
            }
            parse_option(option, &mut script.options).map_err(err)?;
        } else if line.starts_with('`') {
            // An untimed shell command (packetdrill runs it at once): nothing to do here.
            shell_line(line).map_err(err)?;
        } else {
            let (when, rest) = if line.starts_with("%{") {
                // An untimed Python block runs where it stands: `+0`.
                let now = TimePoint {
                    relative: true,
                    micros: 0,
                };
                (When::At(now), line)
            } else {
                split_time(line).map_err(err)?
            };
            let event = parse_event(rest, &python).map_err(err)?;
            script.lines.push(Line {
                number,
                when,
                event,
            });
        }
    }
    Ok(script)
}

/// Numbered lines of a script with its comments blanked out.
type Lines = Vec<(usize, String)>;

/// Replaces `//` and `/* */` comments with spaces, keeping line breaks so line numbers
/// stay right, and splits into numbered lines. Inline Python blocks `%{ ... }%` are taken
/// out first (their `//` is integer division and their `#` a comment) and replaced by
/// `%{N}%`, N indexing the returned code.
fn strip_comments(text: &str) -> Result<(Lines, Vec<String>), ParseError> {
    let mut lines = Vec::new();
    let mut python = Vec::new();
    let mut current = String::new();
    let mut number = 1;
    let mut block_start: Option<usize> = None;
    let mut in_string = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            lines.push((number, std::mem::take(&mut current)));
            number += 1;
            in_string = false;
            continue;
        }
        if block_start.is_some() {
            if c == '*' && chars.peek() == Some(&'/') {
                chars.next();
                block_start = None;
            }
            current.push(' ');
            continue;
        }
        if in_string {
            in_string = c != '"';
            current.push(c);
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                current.push(c);
            }
            '%' if chars.peek() == Some(&'{') => {
                chars.next();
                let start = number;
                let mut code = String::new();
                let mut closed = false;
                while let Some(c) = chars.next() {
                    if c == '}' && chars.peek() == Some(&'%') {
                        chars.next();
                        closed = true;
                        break;
                    }
                    code.push(c);
                }
                if !closed {
                    return Err(ParseError {
                        line: start,
                        message: "this inline Python block `%{` is never closed with `}%`"
                            .to_string(),
                    });
                }
                current.push_str(&format!("%{{{}}}%", python.len()));
                // Keep the numbering: the block's own line breaks become empty lines.
                for _ in code.matches('\n') {
                    lines.push((number, std::mem::take(&mut current)));
                    number += 1;
                }
                python.push(code);
            }
            '/' if chars.peek() == Some(&'/') => {
                // Line comment: drop everything up to (not including) the line break.
                while chars.peek().is_some_and(|&n| n != '\n') {
                    chars.next();
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                block_start = Some(number);
                current.push(' ');
            }
            _ => current.push(c),
        }
    }
    if let Some(line) = block_start {
        return Err(ParseError {
            line,
            message: "this `/*` comment is never closed with `*/`".to_string(),
        });
    }
    lines.push((number, current));
    Ok((lines, python))
}

/// The C-preprocessor conditionals scripts use for per-system expectations: `#define
/// NAME`, `#undef NAME`, `#ifdef NAME`, `#ifndef NAME`, `#else`, `#endif`, nested. Lines
/// in a branch not taken become empty (so numbers stay right); directives are consumed.
fn preprocess(lines: Lines, defines: &[String]) -> Result<Lines, ParseError> {
    struct Branch {
        line: usize,
        /// The enclosing branches are all taken.
        outer: bool,
        /// This branch's condition (flipped by `#else`).
        taken: bool,
        in_else: bool,
    }
    let mut names: std::collections::BTreeSet<String> = defines
        .iter()
        .map(|d| d.split('=').next().unwrap_or(d).trim().to_string())
        .collect();
    let mut stack: Vec<Branch> = Vec::new();
    let mut out = Vec::with_capacity(lines.len());
    for (number, line) in lines {
        let active = stack.last().is_none_or(|b| b.outer && b.taken);
        let Some(directive) = line.trim().strip_prefix('#') else {
            out.push((number, if active { line } else { String::new() }));
            continue;
        };
        let err = |message: String| ParseError {
            line: number,
            message,
        };
        let mut words = directive.split_whitespace();
        let keyword = words.next().unwrap_or("");
        let name = words.next();
        let named = name.filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        let needs_name =
            || named.ok_or_else(|| err(format!("`#{keyword}` needs a NAME (letters, digits, _)")));
        match keyword {
            "define" => {
                let name = needs_name()?;
                if active {
                    names.insert(name.to_string());
                }
            }
            "undef" => {
                let name = needs_name()?;
                if active {
                    names.remove(name);
                }
            }
            "ifdef" | "ifndef" => {
                let name = needs_name()?;
                if words.next().is_some() {
                    return Err(err(format!("`#{keyword}` takes one NAME")));
                }
                stack.push(Branch {
                    line: number,
                    outer: active,
                    taken: names.contains(name) == (keyword == "ifdef"),
                    in_else: false,
                });
            }
            "else" => match stack.last_mut() {
                Some(b) if !b.in_else => {
                    b.taken = !b.taken;
                    b.in_else = true;
                }
                Some(_) => return Err(err("a second `#else` for the same `#ifdef`".into())),
                None => return Err(err("`#else` without an `#ifdef` or `#ifndef`".into())),
            },
            "endif" => {
                if stack.pop().is_none() {
                    return Err(err("`#endif` without an `#ifdef` or `#ifndef`".into()));
                }
            }
            other => {
                return Err(err(format!(
                    "`#{other}` is not supported: the runner knows #define, #undef, #ifdef, \
                     #ifndef, #else and #endif"
                )));
            }
        }
        out.push((number, String::new()));
    }
    if let Some(open) = stack.pop() {
        return Err(ParseError {
            line: open.line,
            message: "this `#ifdef`/`#ifndef` is never closed with `#endif`".to_string(),
        });
    }
    Ok(out)
}

fn parse_option(option: &str, options: &mut Options) -> Result<(), String> {
    let (name, value) = option.split_once('=').unwrap_or((option, ""));
    let (name, value) = (name.trim(), value.trim());
    match name {
        "rcv-wnd" | "rcv_wnd" => {
            let wnd = value.parse::<u16>().map_err(|_| {
                format!("--rcv-wnd needs a window from 0 to 65535 bytes, not {value:?}")
            })?;
            options.rcv_wnd = Some(wnd);
        }
        "tolerance_usecs" => {
            let us = value.parse::<u64>().map_err(|_| {
                format!("--tolerance_usecs needs a number of microseconds, not {value:?}")
            })?;
            options.tolerance_us = Some(us);
        }
        // Options for a real kernel (`--ip_version`, `--mss`, ...) do not apply here.
        _ if !name.is_empty() => {}
        _ => return Err("an option line is written `--name=value`".to_string()),
    }
    Ok(())
}

fn shell_line(line: &str) -> Result<(), String> {
    if line.len() >= 2 && line.ends_with('`') {
        Ok(())
    } else {
        Err("a shell command line must be wrapped in backticks: `command`".to_string())
    }
}

/// Splits the leading time off a line.
fn split_time(line: &str) -> Result<(When, &str), String> {
    let (token, rest) = match line.find(char::is_whitespace) {
        Some(i) => (&line[..i], line[i..].trim_start()),
        None => (line, ""),
    };
    if token.contains("...") {
        return Err(format!(
            "blocking calls (`{token}`) are not supported: the reference host's sockets never \
             block, so write the call at the time it completes"
        ));
    }
    let when = if token == "*" {
        When::Any
    } else if let Some((lo, hi)) = token.split_once('~') {
        When::Range(time_point(lo, line)?, time_point(hi, line)?)
    } else {
        When::At(time_point(token, line)?)
    };
    if rest.is_empty() {
        return Err(format!("{token:?} is a time with nothing after it"));
    }
    Ok((when, rest))
}

fn time_point(token: &str, line: &str) -> Result<TimePoint, String> {
    let (relative, number) = match token.strip_prefix('+') {
        Some(n) => (true, n),
        None => (false, token),
    };
    let micros = seconds_to_micros(number).ok_or_else(|| {
        format!(
            "expected a time in seconds at the start of the line (like 0, +0.1 or *), found \
             {}",
            snippet(line)
        )
    })?;
    Ok(TimePoint { relative, micros })
}

/// `1.25` → 1_250_000; at most 6 decimals (microseconds), no sign, no overflow.
fn seconds_to_micros(s: &str) -> Option<u64> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if (int.is_empty() && frac.is_empty())
        || frac.len() > 6
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let mut fraction: u64 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    for _ in frac.len()..6 {
        fraction *= 10;
    }
    whole.checked_mul(1_000_000)?.checked_add(fraction)
}

/// The start of an unreadable line, quoted so control characters show as escapes.
fn snippet(line: &str) -> String {
    let short: String = line.chars().take(40).collect();
    format!("{short:?}")
}

fn parse_event(rest: &str, python: &[String]) -> Result<Event, String> {
    if let Some(seg) = rest.strip_prefix('<') {
        return parse_packet(seg, "inbound");
    }
    if let Some(seg) = rest.strip_prefix('>') {
        return parse_packet(seg, "outbound");
    }
    if let Some(block) = rest.strip_prefix("%{") {
        let code = block
            .split_once("}%")
            .filter(|(_, after)| after.trim().is_empty())
            .and_then(|(index, _)| index.parse::<usize>().ok())
            .and_then(|index| python.get(index))
            .ok_or_else(|| {
                "nothing may follow an inline Python block `}%` on its line".to_string()
            })?;
        return Ok(Event::Python(python_block(code)));
    }
    if rest.starts_with('`') {
        shell_line(rest)?;
        return Ok(Event::Shell);
    }
    if rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return Ok(Event::Call(parse_call(rest)?));
    }
    Err(format!(
        "after the time, expected `<` (inbound segment), `>` (outbound segment), a system \
         call like `write(4, ..., 10) = 10`, a `shell` command or a `%{{ python }}%` block, \
         found {}",
        snippet(rest)
    ))
}

/// A tiny cursor over one line.
struct Cursor<'a> {
    rest: &'a str,
}

impl<'a> Cursor<'a> {
    fn skip_ws(&mut self) {
        self.rest = self.rest.trim_start();
    }
    /// The next whitespace-delimited word, stopping before `<`, `(`, `[` and `,`.
    fn word(&mut self) -> &'a str {
        self.skip_ws();
        let end = self
            .rest
            .find(|c: char| c.is_whitespace() || "<([,".contains(c))
            .unwrap_or(self.rest.len());
        let (w, r) = self.rest.split_at(end);
        self.rest = r;
        w
    }
    fn eat(&mut self, c: char) -> bool {
        self.skip_ws();
        match self.rest.strip_prefix(c) {
            Some(r) => {
                self.rest = r;
                true
            }
            None => false,
        }
    }
    /// Skips a bracketed group starting at the cursor (`<...>`, `[...]`, `(...)`),
    /// returning its inside; `None` if it is never closed.
    fn group(&mut self, open: char, close: char) -> Option<&'a str> {
        self.skip_ws();
        let inner = self.rest.strip_prefix(open)?;
        let mut depth = 1usize;
        for (i, c) in inner.char_indices() {
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth == 0 {
                    self.rest = &inner[i + c.len_utf8()..];
                    return Some(&inner[..i]);
                }
            }
        }
        None
    }
    fn at_end(&mut self) -> bool {
        self.skip_ws();
        self.rest.is_empty()
    }
}

/// The body of a `<` or `>` line: a TCP segment or an ICMP message.
fn parse_packet(text: &str, direction: &str) -> Result<Event, String> {
    let mut cur = Cursor { rest: text };
    // `[ect0]`, `[noecn]`: ECN markings of the IP header, not part of this game.
    while cur.rest.trim_start().starts_with('[') {
        cur.group('[', ']')
            .ok_or_else(|| format!("a `[` in this {direction} segment is never closed"))?;
    }
    match cur.word() {
        "icmp" => {
            let spec = parse_icmp(&mut cur)?;
            Ok(if direction == "inbound" {
                Event::IcmpIn(spec)
            } else {
                Event::IcmpOut(spec)
            })
        }
        "udp" => Err(format!(
            "udp lines are not supported: the drill runner plays TCP segments and ICMP \
             only, found a udp {direction} line"
        )),
        flag_word => {
            let spec = parse_segment(flag_word, &mut cur, direction)?;
            Ok(if direction == "inbound" {
                Event::Inbound(spec)
            } else {
                Event::Outbound(spec)
            })
        }
    }
}

/// packetdrill's names of the ICMP destination unreachable codes (RFC 792, RFC 1812
/// §5.2.7.1), indexed by code.
const UNREACHABLE_CODES: [&str; 16] = [
    "net_unreachable",
    "host_unreachable",
    "protocol_unreachable",
    "port_unreachable",
    "frag_needed",
    "source_route_failed",
    "net_unknown",
    "host_unknown",
    "source_host_isolated",
    "net_prohibited",
    "host_prohibited",
    "net_unreachable_for_tos",
    "host_unreachable_for_tos",
    "packet_filtered",
    "precedence_violation",
    "precedence_cutoff",
];

/// `unreachable CODE [mtu N] [start:end(len)]`, `time_exceeded [CODE] [...]`,
/// `source_quench [...]`: the ICMP messages TCP has rules for (RFC 1122 §4.2.3.9, RFC
/// 6633).
fn parse_icmp(cur: &mut Cursor<'_>) -> Result<IcmpSpec, String> {
    let type_word = cur.word();
    let icmp_type = match type_word {
        "unreachable" => 3,
        "time_exceeded" => 11,
        "source_quench" => 4,
        other => {
            return Err(format!(
                "ICMP type {other:?} is not supported: TCP has rules only for unreachable, \
                 time_exceeded and source_quench (RFC 1122 §4.2.3.9, RFC 6633)"
            ));
        }
    };
    let mut spec = IcmpSpec {
        icmp_type,
        code: 0,
        mtu: None,
        quote: None,
    };
    let next = cur.rest.trim_start();
    if !next.is_empty() && !next.starts_with('[') && !next.starts_with("mtu ") {
        let word = cur.word();
        spec.code = match (icmp_type, word.parse::<u8>()) {
            (_, Ok(code)) => code,
            (3, Err(_)) => UNREACHABLE_CODES
                .iter()
                .position(|&name| name == word)
                .and_then(|code| u8::try_from(code).ok())
                .ok_or_else(|| {
                    format!(
                        "{word:?} is not an unreachable code; packetdrill's names are {}",
                        UNREACHABLE_CODES.join(", ")
                    )
                })?,
            (_, Err(_)) => {
                return Err(format!(
                    "{word:?} is not a code of ICMP {type_word}: write it as a number"
                ));
            }
        };
    }
    if cur.rest.trim_start().starts_with("mtu ") {
        cur.word();
        if (icmp_type, spec.code) != (3, 4) {
            return Err("`mtu N` belongs to `unreachable frag_needed` only".to_string());
        }
        spec.mtu = Some(number::<u16>(cur.word(), "mtu")?);
    }
    if cur.rest.trim_start().starts_with('[') {
        let inner = cur
            .group('[', ']')
            .ok_or_else(|| "the quoted segment `[start:end(len)]` is never closed".to_string())?;
        let mut quoted = Cursor { rest: inner };
        spec.quote = Some(parse_range(&mut quoted)?);
        if !quoted.at_end() {
            return Err(format!(
                "the quoted segment is written [start:end(len)], found {}",
                snippet(inner)
            ));
        }
    }
    if !cur.at_end() {
        return Err(format!(
            "unexpected {} in this ICMP line: it is written `icmp unreachable CODE [mtu N] \
             [start:end(len)]`",
            snippet(cur.rest)
        ));
    }
    Ok(spec)
}

/// A Python block checked where it only asserts `tcpi_state`, skipped otherwise.
fn python_block(code: &str) -> Python {
    let statements = code
        .split(['\n', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty() && !s.starts_with('#'));
    let mut checks = Vec::new();
    for statement in statements {
        match state_check(statement) {
            Some(check) => checks.push(check),
            None => return Python::Skipped,
        }
    }
    if checks.is_empty() {
        Python::Skipped
    } else {
        Python::States(checks)
    }
}

/// Linux's `TCP_*` state names and numbers (`include/net/tcp_states.h`), as `tcpi_state`
/// reports them.
const LINUX_STATES: [(&str, State); 11] = [
    ("TCP_ESTABLISHED", State::Established),
    ("TCP_SYN_SENT", State::SynSent),
    ("TCP_SYN_RECV", State::SynReceived),
    ("TCP_FIN_WAIT1", State::FinWait1),
    ("TCP_FIN_WAIT2", State::FinWait2),
    ("TCP_TIME_WAIT", State::TimeWait),
    ("TCP_CLOSE", State::Closed),
    ("TCP_CLOSE_WAIT", State::CloseWait),
    ("TCP_LAST_ACK", State::LastAck),
    ("TCP_LISTEN", State::Listen),
    ("TCP_CLOSING", State::Closing),
];

/// Linux's name of a state.
pub fn linux_state_name(state: State) -> &'static str {
    LINUX_STATES
        .iter()
        .find(|(_, s)| *s == state)
        .map_or("TCP_CLOSE", |(name, _)| name)
}

/// `assert tcpi_state == TCP_CLOSE_WAIT, tcpi_state`; `None` for any other statement.
fn state_check(statement: &str) -> Option<StateCheck> {
    let rest = statement.strip_prefix("assert")?;
    if !rest.starts_with([' ', '(']) {
        return None;
    }
    let expr = rest.split(',').next()?.trim();
    let expr = expr
        .strip_prefix('(')
        .and_then(|e| e.strip_suffix(')'))
        .unwrap_or(expr);
    let (op, equal) = if expr.contains("==") {
        ("==", true)
    } else {
        ("!=", false)
    };
    let (lhs, rhs) = expr.split_once(op)?;
    let (lhs, rhs) = (lhs.trim(), rhs.trim());
    let value = match (lhs, rhs) {
        ("tcpi_state", v) | (v, "tcpi_state") => v,
        _ => return None,
    };
    let state = LINUX_STATES
        .iter()
        .enumerate()
        .find(|(i, (name, _))| *name == value || value.parse::<usize>() == Ok(i + 1))
        .map(|(_, (_, state))| *state)?;
    Some(StateCheck {
        state,
        equal,
        text: statement.to_string(),
    })
}

fn parse_segment(
    flag_word: &str,
    cur: &mut Cursor<'_>,
    direction: &str,
) -> Result<SegmentSpec, String> {
    let flags = parse_flags(flag_word)?;
    let (seq, len) = parse_range(cur)?;
    let mut spec = SegmentSpec {
        flags,
        seq,
        len,
        ack: None,
        win: None,
    };
    while !cur.at_end() {
        if cur.rest.starts_with('<') {
            cur.group('<', '>').ok_or_else(|| {
                "the `<options>` of this segment are never closed with `>`".to_string()
            })?;
            continue;
        }
        match cur.word() {
            "ack" => spec.ack = Some(number::<u32>(cur.word(), "ack")?),
            "win" => spec.win = Some(number::<u16>(cur.word(), "win")?),
            other => {
                return Err(format!(
                    "unexpected {other:?} in this {direction} segment: after `start:end(len)` \
                     come `ack N`, `win N` and `<options>`"
                ));
            }
        }
    }
    // `ack N` without the ACK flag is accepted: the field is on the wire, and the
    // receiver ignores it (RFC 9293 §3.1: "If the ACK control bit is set this field
    // contains ..."), so a script may write what a real capture shows.
    if flags.ack() && spec.ack.is_none() {
        return Err(format!(
            "this {direction} segment has the ACK flag (`.`) but no `ack N`: write the \
             acknowledgement number"
        ));
    }
    Ok(spec)
}

fn parse_flags(word: &str) -> Result<TcpFlags, String> {
    if word.is_empty() {
        return Err("expected the TCP flags of the segment (like S, S., ., P., F., R)".into());
    }
    let mut flags = TcpFlags::NONE;
    for c in word.chars() {
        let flag = match c {
            'S' => TcpFlags::SYN,
            'F' => TcpFlags::FIN,
            'R' => TcpFlags::RST,
            'P' => TcpFlags::PSH,
            '.' => TcpFlags::ACK,
            'U' | 'E' | 'W' => {
                return Err(format!(
                    "flag {c:?} in {word:?} (URG/ECE/CWR) is not part of this game; use S, F, \
                     R, P and . (ACK)"
                ));
            }
            _ => {
                return Err(format!(
                    "{word:?} are not TCP flags: write S (SYN), F (FIN), R (RST), P (PSH) and \
                     . (ACK), e.g. S. or P."
                ));
            }
        };
        if flags.contains(flag) {
            return Err(format!("flag {c:?} is written twice in {word:?}"));
        }
        flags = flags | flag;
    }
    Ok(flags)
}

/// `start:end(len)`: `end - start` (mod 2^32) must equal `len`.
fn parse_range(cur: &mut Cursor<'_>) -> Result<(u32, u32), String> {
    let word = cur.word();
    let expected = "expected the sequence numbers as start:end(len), e.g. 1:11(10)";
    let (start, end) = word
        .split_once(':')
        .ok_or_else(|| format!("{expected}, found {word:?}"))?;
    let start = number::<u32>(start, "start sequence number")?;
    let end = number::<u32>(end, "end sequence number")?;
    let len = cur
        .group('(', ')')
        .ok_or_else(|| format!("{expected}: the (len) is missing"))?;
    let len = number::<u32>(len.trim(), "length")?;
    if end.wrapping_sub(start) != len {
        return Err(format!(
            "start:end(len) disagree: {start}:{end} covers {} bytes but the length says {len}",
            end.wrapping_sub(start)
        ));
    }
    if len > MAX_SEGMENT_PAYLOAD {
        return Err(format!(
            "length {len} is more than one IPv4 datagram can carry ({MAX_SEGMENT_PAYLOAD} bytes)"
        ));
    }
    Ok((start, len))
}

/// A whole number that fits the header field `T` (u16 window, u32 sequence number).
fn number<T: TryFrom<u64>>(word: &str, what: &str) -> Result<T, String> {
    word.parse::<u64>()
        .ok()
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| {
            format!("the {what} must be a whole number that fits the header field, not {word:?}")
        })
}

fn parse_call(text: &str) -> Result<Call, String> {
    let mut cur = Cursor { rest: text };
    let name = cur.word();
    let inner = cur
        .group('(', ')')
        .ok_or_else(|| format!("the arguments of {name}(...) are not closed with `)`"))?;
    let args = split_args(inner);
    if !cur.eat('=') {
        return Err(format!(
            "a system call line ends with its result, e.g. `{name}(...) = 0`"
        ));
    }
    let value = cur.word();
    let value = integer(value)
        .ok_or_else(|| format!("the result of {name} must be a number, not {value:?}"))?;
    let mut expect = Expect { value, errno: None };
    if !cur.at_end() && !cur.rest.starts_with('(') {
        expect.errno = Some(errno_name(cur.word())?);
    }
    if !cur.at_end() {
        // `(Operation now in progress)`: the errno's text, for people.
        cur.group('(', ')').ok_or_else(|| {
            format!(
                "unexpected {} after the result of {name}",
                snippet(cur.rest)
            )
        })?;
        if !cur.at_end() {
            return Err(format!(
                "unexpected {} after the result of {name}",
                snippet(cur.rest)
            ));
        }
    }
    let kind = call_kind(name, &args)?;
    Ok(Call { kind, expect })
}

/// A result as scripts write it: decimal (`-1`, `10`) or hex (`0x802`).
fn integer(word: &str) -> Option<i64> {
    let (negative, digits) = match word.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, word),
    };
    let value = match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(hex) => i64::from_str_radix(hex, 16).ok()?,
        None => digits.parse::<i64>().ok()?,
    };
    Some(if negative { -value } else { value })
}

/// An errno name, with Linux's aliases folded (`EWOULDBLOCK` is `EAGAIN`, errno 11).
fn errno_name(word: &str) -> Result<String, String> {
    if !word.starts_with('E') || word.len() < 2 || !word.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(format!(
            "{word:?} is not an errno name like EAGAIN or ECONNRESET"
        ));
    }
    Ok(match word {
        "EWOULDBLOCK" => "EAGAIN".to_string(),
        other => other.to_string(),
    })
}

/// `O_RDWR` (2) and `O_NONBLOCK` (0o4000): Linux's values, so `F_GETFL` results read as
/// on a real kernel.
pub const O_RDWR: i64 = 2;
pub const O_NONBLOCK: i64 = 0o4000;

/// `O_RDWR|O_NONBLOCK`, or a number.
fn open_flags(text: &str) -> Result<i64, String> {
    let mut flags = 0;
    for part in text.split('|').map(str::trim) {
        flags |= match part {
            "O_RDONLY" => 0,
            "O_WRONLY" => 1,
            "O_RDWR" => O_RDWR,
            "O_NONBLOCK" | "O_NDELAY" => O_NONBLOCK,
            other => integer(other).ok_or_else(|| {
                format!(
                    "{other:?} is not a file flag this runner knows (O_RDONLY, O_WRONLY, \
                     O_RDWR, O_NONBLOCK, or a number)"
                )
            })?,
        };
    }
    Ok(flags)
}

/// Splits at commas that are not inside brackets or quotes.
fn split_args(inner: &str) -> Vec<&str> {
    let mut args = Vec::new();
    let (mut depth, mut start, mut quoted) = (0i32, 0, false);
    for (i, c) in inner.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '(' | '[' | '{' if !quoted => depth += 1,
            ')' | ']' | '}' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                args.push(inner[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    let last = inner[start..].trim();
    if !last.is_empty() || !args.is_empty() {
        args.push(last);
    }
    args
}

fn call_kind(name: &str, args: &[&str]) -> Result<CallKind, String> {
    let arg = |i: usize, what: &str| -> Result<&str, String> {
        args.get(i)
            .copied()
            .ok_or_else(|| format!("{name} needs its {what} argument"))
    };
    let fd = || -> Result<i64, String> {
        let a = arg(0, "file descriptor")?;
        a.parse::<i64>().map_err(|_| {
            format!("the first argument of {name} must be a file descriptor, not {a:?}")
        })
    };
    let count = |i: usize| -> Result<usize, String> {
        let a = arg(i, "byte count")?;
        let n = a
            .parse::<usize>()
            .map_err(|_| format!("the byte count of {name} must be a number, not {a:?}"))?;
        if n > MAX_CALL_BYTES {
            return Err(format!(
                "{name} of {n} bytes is more than this runner allows ({MAX_CALL_BYTES})"
            ));
        }
        Ok(n)
    };
    Ok(match name {
        "socket" => CallKind::Socket {
            nonblock: args.get(1).is_some_and(|t| t.contains("SOCK_NONBLOCK")),
        },
        "bind" => CallKind::Bind {
            fd: fd()?,
            port: port_of(args.get(1).copied())?,
        },
        "listen" => CallKind::Listen { fd: fd()? },
        "accept" | "accept4" => CallKind::Accept { fd: fd()? },
        "connect" => CallKind::Connect {
            fd: fd()?,
            port: port_of(args.get(1).copied())?,
        },
        "write" | "send" => CallKind::Write {
            fd: fd()?,
            len: count(2)?,
        },
        "read" | "recv" => CallKind::Read {
            fd: fd()?,
            len: count(2)?,
        },
        "close" => CallKind::Close { fd: fd()? },
        "shutdown" => {
            let how = match arg(1, "how")? {
                "SHUT_RD" => Shutdown::Read,
                "SHUT_WR" => Shutdown::Write,
                "SHUT_RDWR" => Shutdown::Both,
                other => {
                    return Err(format!(
                        "shutdown's second argument is SHUT_RD, SHUT_WR or SHUT_RDWR, not \
                         {other:?}"
                    ));
                }
            };
            CallKind::Shutdown { fd: fd()?, how }
        }
        "getsockopt" if arg(2, "option name")? == "SO_ERROR" => {
            let value = arg(3, "value")?;
            let inner = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')).ok_or_else(
                || format!("SO_ERROR's value is written in brackets, like [0] or [ECONNRESET], not {value:?}"),
            )?;
            let errno =
                match inner.trim() {
                    "0" => None,
                    e => Some(errno_name(e).map_err(|_| {
                        format!("{e:?} is not an errno name like ECONNRESET, nor 0")
                    })?),
                };
            CallKind::GetError { fd: fd()?, errno }
        }
        "setsockopt" if arg(2, "option name")? == "SO_LINGER" => {
            let value: String = arg(3, "value")?.split_whitespace().collect();
            if value.contains("onoff=1") && value.contains("linger=0") {
                CallKind::LingerZero { fd: fd()? }
            } else {
                CallKind::Accepted {
                    name: name.to_string(),
                }
            }
        }
        "fcntl" if arg(1, "command")? == "F_GETFL" => CallKind::GetFlags { fd: fd()? },
        "fcntl" if arg(1, "command")? == "F_SETFL" => CallKind::SetFlags {
            fd: fd()?,
            nonblock: open_flags(arg(2, "flags")?)? & O_NONBLOCK != 0,
        },
        "setsockopt" | "getsockopt" | "fcntl" | "ioctl" => CallKind::Accepted {
            name: name.to_string(),
        },
        _ => {
            return Err(format!(
                "system call {name:?} is not supported; this runner knows socket, bind, listen, \
                 accept, connect, write/send, read/recv, shutdown, close, setsockopt, \
                 getsockopt and fcntl"
            ));
        }
    })
}

/// The port in a `sockaddr` argument written as `{..., sin_port=htons(8080), ...}`;
/// `None` for packetdrill's `...` (the default address).
fn port_of(arg: Option<&str>) -> Result<Option<u16>, String> {
    let Some(arg) = arg else { return Ok(None) };
    let Some((_, after)) = arg.split_once("htons(") else {
        return Ok(None);
    };
    let digits = after.split(')').next().unwrap_or("").trim();
    digits
        .parse::<u16>()
        .map(Some)
        .map_err(|_| format!("htons({digits}) must hold a port from 0 to 65535"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Line {
        let script = parse(text, &[]).unwrap();
        assert_eq!(script.lines.len(), 1, "{script:?}");
        script.lines[0].clone()
    }

    fn err(text: &str) -> ParseError {
        parse(text, &[]).unwrap_err()
    }

    #[test]
    fn timing_forms() {
        let at = |relative, micros| When::At(TimePoint { relative, micros });
        assert_eq!(
            one("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3").when,
            at(false, 0)
        );
        assert_eq!(one("+0.1 close(4) = 0").when, at(true, 100_000));
        assert_eq!(one("+.25 close(4) = 0").when, at(true, 250_000));
        assert_eq!(one("1.000001 close(4) = 0").when, at(false, 1_000_001));
        assert_eq!(one("* > . 1:1(0) ack 1").when, When::Any);
        assert_eq!(
            one("+1~+1.2 > S 0:0(0)").when,
            When::Range(
                TimePoint {
                    relative: true,
                    micros: 1_000_000
                },
                TimePoint {
                    relative: true,
                    micros: 1_200_000
                }
            )
        );
    }

    #[test]
    fn bad_times_are_reported() {
        assert!(err("abc < S 0:0(0)").message.contains("time in seconds"));
        assert!(
            err("0.1234567 close(4) = 0")
                .message
                .contains("time in seconds")
        );
        assert!(
            err("99999999999999999999 close(4) = 0")
                .message
                .contains("time in seconds")
        );
        assert!(
            err("+0...0.1 read(4, ..., 1) = 1")
                .message
                .contains("blocking")
        );
        assert!(err("+0").message.contains("nothing after it"));
    }

    #[test]
    fn comments_options_and_shell_lines() {
        let text = "// header\n--rcv-wnd=0\n--tolerance_usecs=5000\n--ip_version=ipv4\n\
                    `sysctl -q net.ipv4.tcp_timestamps=0`\n/* a\nblock */ 0 `echo hi`\n\
                    +0 close(3) = 0 // trailing\n";
        let script = parse(text, &[]).unwrap();
        assert_eq!(
            script.options,
            Options {
                rcv_wnd: Some(0),
                tolerance_us: Some(5000)
            }
        );
        assert_eq!(script.lines.len(), 2);
        assert_eq!(script.lines[0].event, Event::Shell);
        assert_eq!(script.lines[0].number, 7);
        assert_eq!(script.lines[1].number, 8);
        assert_eq!(err("/* never closed\n0 close(3) = 0").line, 1);
        assert_eq!(err("0 close(3) = 0\n--rcv-wnd=1").line, 2);
        assert!(err("--rcv-wnd=70000").message.contains("0 to 65535"));
        assert!(err("`unterminated").message.contains("backticks"));
    }

    #[test]
    fn inbound_and_outbound_segments() {
        let line = one("0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>");
        assert_eq!(
            line.event,
            Event::Inbound(SegmentSpec {
                flags: TcpFlags::SYN,
                seq: 0,
                len: 0,
                ack: None,
                win: Some(32792)
            })
        );
        let line = one("+0 > P. 1:1001(1000) ack 1 <nop,nop,TS val 100 ecr 700>");
        assert_eq!(
            line.event,
            Event::Outbound(SegmentSpec {
                flags: TcpFlags::PSH | TcpFlags::ACK,
                seq: 1,
                len: 1000,
                ack: Some(1),
                win: None
            })
        );
        let Event::Inbound(spec) = one("0 < [noecn] SF 4294967295:9(10)").event else {
            panic!("not inbound")
        };
        assert_eq!(
            (spec.flags, spec.seq, spec.len),
            (TcpFlags::SYN | TcpFlags::FIN, u32::MAX, 10)
        );
        let Event::Outbound(spec) = one("0 > R 5:5(0)").event else {
            panic!("not outbound")
        };
        assert_eq!((spec.flags, spec.ack), (TcpFlags::RST, None));
    }

    #[test]
    fn bad_segments_say_what_is_wrong() {
        assert!(err("0 < X 0:0(0)").message.contains("not TCP flags"));
        assert!(err("0 < SS 0:0(0)").message.contains("twice"));
        assert!(
            err("0 < SE 0:0(0)")
                .message
                .contains("not part of this game")
        );
        assert!(err("0 < S 0:5(4)").message.contains("disagree"));
        assert!(err("0 < S 0-5(5)").message.contains("start:end(len)"));
        assert!(err("0 < S 0:0").message.contains("(len) is missing"));
        assert!(err("0 < . 0:0(0)").message.contains("no `ack N`"));
        assert!(err("0 < . 0:0(0) ack 99999999999").message.contains("ack"));
        assert!(err("0 < . 0:0(0) ack 1 win 70000").message.contains("win"));
        assert!(
            err("0 < S 0:0(0) <mss 1460")
                .message
                .contains("never closed")
        );
        assert!(err("0 < S 0:0(0) urg 3").message.contains("unexpected"));
        assert!(
            err("0 < P. 0:4000000000(4000000000) ack 1")
                .message
                .contains("datagram")
        );
        assert!(err("0 < udp (10)").message.contains("not supported"));
    }

    #[test]
    fn system_calls() {
        let call = |text: &str| match one(text).event {
            Event::Call(c) => c,
            other => panic!("not a call: {other:?}"),
        };
        assert_eq!(
            call("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3").kind,
            CallKind::Socket { nonblock: false }
        );
        assert_eq!(
            call("0 socket(..., SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP) = 3").kind,
            CallKind::Socket { nonblock: true }
        );
        assert_eq!(
            call("0 bind(3, ..., ...) = 0").kind,
            CallKind::Bind { fd: 3, port: None }
        );
        assert_eq!(
            call("0 bind(3, {sa_family=AF_INET, sin_port=htons(23), sin_addr=inet_addr(\"192.168.0.1\")}, 16) = 0")
                .kind,
            CallKind::Bind { fd: 3, port: Some(23) }
        );
        assert_eq!(call("0 listen(3, 1) = 0").kind, CallKind::Listen { fd: 3 });
        assert_eq!(call("0 accept(3, ..., ...) = 4").expect.value, 4);
        let c = call("0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)");
        assert_eq!(c.kind, CallKind::Connect { fd: 3, port: None });
        assert_eq!(
            c.expect,
            Expect {
                value: -1,
                errno: Some("EINPROGRESS".into())
            }
        );
        assert_eq!(
            call("0 write(4, ..., 10) = 10").kind,
            CallKind::Write { fd: 4, len: 10 }
        );
        assert_eq!(
            call("0 send(4, ..., 10, 0) = 10").kind,
            CallKind::Write { fd: 4, len: 10 }
        );
        assert_eq!(
            call("0 read(4, ..., 100) = -1 EAGAIN").kind,
            CallKind::Read { fd: 4, len: 100 }
        );
        assert_eq!(
            call("0 shutdown(4, SHUT_WR) = 0").kind,
            CallKind::Shutdown {
                fd: 4,
                how: Shutdown::Write
            }
        );
        assert_eq!(call("0 close(4) = 0").kind, CallKind::Close { fd: 4 });
        assert_eq!(
            call("0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0").kind,
            CallKind::GetError {
                fd: 3,
                errno: Some("ECONNREFUSED".into())
            }
        );
        assert_eq!(
            call("0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0").kind,
            CallKind::GetError { fd: 3, errno: None }
        );
        assert_eq!(
            call("0 setsockopt(4, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0").kind,
            CallKind::LingerZero { fd: 4 }
        );
        assert_eq!(
            call("0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0").kind,
            CallKind::SetFlags {
                fd: 3,
                nonblock: true
            }
        );
        assert_eq!(
            call("0 fcntl(3, F_SETFL, 0x2) = 0").kind,
            CallKind::SetFlags {
                fd: 3,
                nonblock: false
            }
        );
        assert_eq!(
            call("0 fcntl(3, F_SETFD, FD_CLOEXEC) = 0").kind,
            CallKind::Accepted {
                name: "fcntl".into()
            }
        );
    }

    #[test]
    fn bad_calls_say_what_is_wrong() {
        assert!(err("0 frobnicate(3) = 0").message.contains("not supported"));
        assert!(err("0 close(3)").message.contains("ends with its result"));
        assert!(err("0 close(3 = 0").message.contains("not closed"));
        assert!(err("0 close(x) = 0").message.contains("file descriptor"));
        assert!(
            err("0 close(3) = zero")
                .message
                .contains("must be a number")
        );
        assert!(err("0 close(3) = -1 eagain").message.contains("errno"));
        assert!(
            err("0 close(3) = 0 (x) more")
                .message
                .contains("unexpected")
        );
        assert!(err("0 write(4, ...) = 1").message.contains("byte count"));
        assert!(
            err("0 write(4, ..., 99999999999) = 1")
                .message
                .contains("allows")
        );
        assert!(
            err("0 shutdown(4, SHUT_UP) = 0")
                .message
                .contains("SHUT_WR")
        );
        assert!(
            err("0 getsockopt(3, SOL_SOCKET, SO_ERROR, 0, [4]) = 0")
                .message
                .contains("brackets")
        );
        assert!(
            err("0 connect(3, {sin_port=htons(99999)}, 16) = 0")
                .message
                .contains("htons")
        );
        assert!(err("~~~ close(3) = 0").message.contains("time in seconds"));
        assert!(err("0 ???").message.contains("after the time"));
    }

    /// packetdrill writes results in hex with a comment; `F_GETFL` is its own call.
    #[test]
    fn hex_results_with_a_comment() {
        let Event::Call(call) = one("0 fcntl(3, F_GETFL) = 0x802 (flags O_RDWR|O_NONBLOCK)").event
        else {
            panic!("not a call")
        };
        assert_eq!(call.kind, CallKind::GetFlags { fd: 3 });
        assert_eq!(call.expect.value, O_RDWR | O_NONBLOCK);
        assert_eq!(integer("0x02"), Some(2));
        assert_eq!(integer("-0X1f"), Some(-31));
        assert_eq!(integer("0xzz"), None);
        assert!(err("0 fcntl(3, F_GETFL) = 0xg").message.contains("number"));
        assert!(
            err("0 fcntl(3, F_SETFL, O_BOGUS) = 0")
                .message
                .contains("O_BOGUS")
        );
    }

    /// Linux defines EWOULDBLOCK as EAGAIN (errno 11): both names match the same result.
    #[test]
    fn ewouldblock_is_eagain() {
        let Event::Call(call) =
            one("0 read(4, ..., 1) = -1 EWOULDBLOCK (Resource temporarily unavailable)").event
        else {
            panic!("not a call")
        };
        assert_eq!(call.expect.errno.as_deref(), Some("EAGAIN"));
    }

    /// RFC 9293 §3.1: the acknowledgement field is meaningful only with ACK, so a script
    /// may carry one on a SYN (as captures show) and it is kept, not refused.
    #[test]
    fn ack_without_the_ack_flag_is_carried() {
        let Event::Inbound(spec) = one("0 < S 0:0(0) ack 77 win 1000").event else {
            panic!("not inbound")
        };
        assert_eq!((spec.flags, spec.ack), (TcpFlags::SYN, Some(77)));
    }

    #[test]
    fn conditionals_keep_the_right_branch() {
        let text = "#define LINUX\n#ifdef LINUX\n0 close(3) = 0\n#else\n0 close(4) = 0\n#endif\n\
                    #ifndef BSD\n#ifdef CLI\n0 close(5) = 0\n#else\n0 close(6) = 0\n#endif\n#endif\n";
        let fds = |defines: &[String]| -> Vec<(usize, CallKind)> {
            parse(text, defines)
                .unwrap()
                .lines
                .into_iter()
                .map(|l| match l.event {
                    Event::Call(c) => (l.number, c.kind),
                    other => panic!("{other:?}"),
                })
                .collect()
        };
        assert_eq!(
            fds(&[]),
            vec![
                (3, CallKind::Close { fd: 3 }),
                (11, CallKind::Close { fd: 6 })
            ]
        );
        assert_eq!(fds(&["CLI".into()])[1], (9, CallKind::Close { fd: 5 }));
        assert_eq!(fds(&["BSD=1".into()]).len(), 1);
        assert_eq!(err("#ifdef A\n0 close(3) = 0\n").line, 1);
        assert!(
            err("#ifdef A\n#ifdef B\n#endif\n")
                .message
                .contains("never closed")
        );
        assert!(err("#endif\n").message.contains("without"));
        assert!(
            err("#ifdef A\n#else\n#else\n#endif")
                .message
                .contains("second")
        );
        assert!(err("#if A > 1\n#endif").message.contains("not supported"));
        assert!(err("#ifdef\n#endif").message.contains("NAME"));
    }

    #[test]
    fn inline_python_is_checked_or_skipped() {
        let text = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n\
                    +0 %{ assert tcpi_state == TCP_CLOSE, tcpi_state }%\n\
                    +0 %{\nassert tcpi_rto == 1000000 // 2\n# a comment\n}%\n\
                    %{ assert tcpi_state != 1 }%\n\
                    +0 close(3) = 0\n";
        let script = parse(text, &[]).unwrap();
        let events: Vec<(usize, &Event)> =
            script.lines.iter().map(|l| (l.number, &l.event)).collect();
        assert_eq!(events.len(), 5);
        assert!(
            matches!(events[1], (2, Event::Python(Python::States(c))) if c[0].state == State::Closed && c[0].equal)
        );
        assert_eq!(events[2], (3, &Event::Python(Python::Skipped)));
        assert!(
            matches!(events[3], (7, Event::Python(Python::States(c))) if c[0].state == State::Established && !c[0].equal)
        );
        assert_eq!(events[4].0, 8);
        assert!(err("0 %{ assert 1\n").message.contains("never closed"));
        assert!(
            err("0 %{ x }% close(3) = 0")
                .message
                .contains("nothing may follow")
        );
    }

    #[test]
    fn icmp_lines() {
        let icmp = |text: &str| match one(text).event {
            Event::IcmpIn(spec) | Event::IcmpOut(spec) => spec,
            other => panic!("not icmp: {other:?}"),
        };
        assert_eq!(
            icmp("0 < icmp unreachable frag_needed mtu 1200 [1:1461(1460)]"),
            IcmpSpec {
                icmp_type: 3,
                code: 4,
                mtu: Some(1200),
                quote: Some((1, 1460))
            }
        );
        assert_eq!(icmp("0 < icmp unreachable packet_filtered").code, 13);
        assert_eq!(icmp("0 < icmp unreachable 10 [0:0(0)]").code, 10);
        let spec = icmp("0 < [noecn] icmp time_exceeded [0:0(0)]");
        assert_eq!(
            (spec.icmp_type, spec.code, spec.quote),
            (11, 0, Some((0, 0)))
        );
        assert!(matches!(
            one("0 > icmp unreachable port_unreachable").event,
            Event::IcmpOut(_)
        ));
        assert!(
            err("0 < icmp unreachable nowhere")
                .message
                .contains("port_unreachable")
        );
        assert!(
            err("0 < icmp echo_request")
                .message
                .contains("not supported")
        );
        assert!(
            err("0 < icmp unreachable port_unreachable mtu 5")
                .message
                .contains("frag_needed")
        );
        assert!(
            err("0 < icmp unreachable port_unreachable [0:1(0)]")
                .message
                .contains("disagree")
        );
        assert!(
            err("0 < icmp unreachable port_unreachable [0:0(0)")
                .message
                .contains("never closed")
        );
        assert!(
            err("0 < icmp unreachable port_unreachable [0:0(0)] x")
                .message
                .contains("unexpected")
        );
    }

    /// Whatever bytes a file holds (once decoded as text), parsing returns, never panics.
    #[test]
    fn garbage_never_panics() {
        for text in [
            "\u{0}\u{1}\u{2}",
            "0 < ",
            "0 > S",
            "0 > S 1:",
            "0 write(",
            "0 write(4, ..., 1) =",
            "0 < S 0:0(0) <",
            "0 < [",
            "+",
            "*",
            "~",
            "0~",
            "é ü",
            "0 < é",
            "0 close(3) = 0 (",
            "0 getsockopt(3, SOL_SOCKET, SO_ERROR) = 0",
        ] {
            assert!(parse(text, &[]).is_err(), "{text:?} should not parse");
        }
    }
}
