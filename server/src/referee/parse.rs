//! Reads a card drill (see `docs/card-drills.md`): one statement a line, tokens split on
//! spaces, `"…"` for a name or text with spaces (`\"` and `\\` inside), `#` to the end of
//! the line a comment. Every error names its line and what is wrong; nothing here panics on
//! any text (a property test feeds it random text).

use std::str::FromStr;

use tcpip_stack::addr::{Endpoint, Ipv4Addr, Prefix};
use tcpip_stack::card::{Card, CardKind, Field, RouterChoice, Tunnel};
use tcpip_stack::fault::{CHOICES, FaultKind, Setting};
use tcpip_stack::route::NextHop;
use tcpip_stack::scenario::{Isn, Referee, Scenario};
use tcpip_stack::score::Goal;
use tcpip_stack::segment::TcpFlags;
use tcpip_stack::tcp::State;
use tcpip_stack::time::Duration;

/// A drill that could not be read: the 1-based line and why.
#[derive(Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

fn err<T>(line: usize, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError {
        line,
        message: message.into(),
    })
}

/// A whole drill file.
#[derive(Debug)]
pub struct Drill {
    pub scenario: ScenarioSource,
    /// The line of the `scenario` statement.
    pub scenario_line: usize,
    /// `expect scenario-error "PHRASE"`: the scenario must fail to load with this phrase.
    pub scenario_error: Option<(usize, String)>,
    pub isn: Option<Isn>,
    pub referee: Option<Referee>,
    pub rounds: Option<Vec<Goal>>,
    /// Whether round 4's built-in attacker plays (off unless `attacker on`).
    pub attacker: bool,
    pub steps: Vec<Step>,
}

#[derive(Debug)]
pub enum ScenarioSource {
    /// A scenario shipped with the game: its TOML text.
    Shipped(&'static str),
    /// A `.toml` file, relative to the drill's directory.
    File(String),
    /// TOML written in the drill; `first_line` is the drill line of its first line.
    Inline { text: String, first_line: usize },
}

#[derive(Debug)]
pub struct Step {
    pub line: usize,
    pub kind: StepKind,
}

#[derive(Debug)]
pub enum StepKind {
    /// `human "NODE"`: a person takes that seat.
    Human(String),
    /// `wait SECONDS`.
    Wait(Duration),
    /// A move and the `expect` lines about its result, each with its line.
    Move {
        action: Move,
        expects: Vec<(usize, Expect)>,
    },
    /// A check of the world's state between moves.
    Check(StateCheck),
}

#[derive(Debug)]
pub enum Move {
    Card {
        node: String,
        /// Boxed: a card is much larger than the other moves.
        card: Box<Card>,
    },
    Route {
        node: String,
        from: Ipv4Addr,
        to: Option<Ipv4Addr>,
        choice: RouterChoice,
    },
    RouteAdd {
        node: String,
        prefix: Prefix,
        next_hop: NextHop,
        iface: Option<usize>,
    },
    RouteRemove {
        node: String,
        prefix: Prefix,
    },
    Fault {
        kind: FaultKind,
        target: TargetSpec,
    },
    Hint {
        node: String,
    },
}

#[derive(Debug, Clone)]
pub enum TargetSpec {
    Team(String),
    /// The connections of this client (a node name).
    Client(String),
    Link(String, String),
}

/// What an `expect` line after a move says about its result.
#[derive(Debug)]
pub enum Expect {
    Accepted,
    Mistake(MistakeSpec),
    Returned,
    Sent,
    Note(String),
    Refused(String),
    Hint(String),
    Italian,
}

#[derive(Debug)]
pub struct MistakeSpec {
    pub field: Field,
    pub expected: Option<String>,
    pub got: Option<String>,
    pub why: Vec<String>,
    pub rfc: Option<String>,
}

#[derive(Debug)]
pub enum StateCheck {
    /// `expect state`: `state` None means no such connection.
    Connection {
        node: String,
        local_port: u16,
        remote: Endpoint,
        state: Option<State>,
    },
    Inbox {
        node: String,
        from: Ipv4Addr,
        values: InboxValues,
    },
    NoInbox {
        node: String,
        from: Ipv4Addr,
    },
    Goal {
        team: String,
        goal: Goal,
        reached: bool,
    },
}

/// What an `expect inbox` line asks of the card; `None` is "any".
#[derive(Debug, Default)]
pub struct InboxValues {
    pub flags: Option<TcpFlags>,
    pub seq: Option<u32>,
    pub ack: Option<u32>,
    pub ttl: Option<u8>,
    pub icmp: Option<(u8, u8)>,
}

/// One token of a line; `quoted` tokens are never keywords.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    text: String,
    quoted: bool,
}

/// Splits a line into tokens; `#` outside quotes ends it. An unquoted `>` is a token of its
/// own, so `10.0.1.2:40000>10.0.1.1:23` reads as written with spaces.
fn tokenize(line: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<Token>| {
        if !word.is_empty() {
            out.push(Token {
                text: std::mem::take(word),
                quoted: false,
            });
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '#' => break,
            '>' => {
                flush(&mut word, &mut out);
                out.push(Token {
                    text: ">".into(),
                    quoted: false,
                });
            }
            '"' => {
                if !word.is_empty() {
                    return Err(format!(
                        "a quote starts in the middle of `{word}`: put a space before it"
                    ));
                }
                let mut text = String::new();
                loop {
                    match chars.next() {
                        None => return Err("a quoted text is not closed (missing `\"`)".into()),
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(e @ ('"' | '\\')) => text.push(e),
                            Some(e) => {
                                return Err(format!(
                                    "`\\{e}` is not an escape: inside quotes write `\\\"` for a \
                                     quote and `\\\\` for a backslash"
                                ));
                            }
                            None => return Err("a quoted text is not closed (missing `\"`)".into()),
                        },
                        Some(ch) => text.push(ch),
                    }
                }
                if chars
                    .peek()
                    .is_some_and(|c| !c.is_whitespace() && *c != '#')
                {
                    return Err(format!("put a space after the closing quote of \"{text}\""));
                }
                out.push(Token { text, quoted: true });
            }
            c if c.is_whitespace() => flush(&mut word, &mut out),
            c => word.push(c),
        }
    }
    flush(&mut word, &mut out);
    Ok(out)
}

/// The tokens of one statement, read left to right.
struct Words<'a> {
    line: usize,
    tokens: &'a [Token],
    at: usize,
}

impl<'a> Words<'a> {
    fn next(&mut self) -> Option<&'a Token> {
        let t = self.tokens.get(self.at)?;
        self.at += 1;
        Some(t)
    }

    fn peek(&self) -> Option<&'a Token> {
        self.tokens.get(self.at)
    }

    /// The next token, or an error saying what was expected there.
    fn want(&mut self, what: &str) -> Result<&'a Token, ParseError> {
        match self.next() {
            Some(t) => Ok(t),
            None => err(
                self.line,
                format!("{what} is missing at the end of the line"),
            ),
        }
    }

    /// The next token if it is the unquoted keyword `kw`.
    fn keyword(&mut self, kw: &str) -> bool {
        if self.peek().is_some_and(|t| !t.quoted && t.text == kw) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect_keyword(&mut self, kw: &str, usage: &str) -> Result<(), ParseError> {
        if self.keyword(kw) {
            Ok(())
        } else {
            let found = self.peek().map_or("the end of the line".to_string(), |t| {
                format!("`{}`", t.text)
            });
            err(
                self.line,
                format!("expected `{kw}` here, found {found}; {usage}"),
            )
        }
    }

    /// Nothing may follow the statement.
    fn done(&self, usage: &str) -> Result<(), ParseError> {
        match self.peek() {
            None => Ok(()),
            Some(t) => err(
                self.line,
                format!("unexpected `{}` at the end; {usage}", t.text),
            ),
        }
    }

    fn addr(&mut self, what: &str) -> Result<Ipv4Addr, ParseError> {
        let t = self.want(what)?;
        Ipv4Addr::from_str(&t.text).map_err(|_| ParseError {
            line: self.line,
            message: format!("{what} `{}` is not an IPv4 address like 10.0.1.2", t.text),
        })
    }

    fn number<N: FromStr>(&mut self, what: &str, range: &str) -> Result<N, ParseError> {
        let t = self.want(what)?;
        t.text.parse().map_err(|_| ParseError {
            line: self.line,
            message: format!("{what} `{}` is not a number {range}", t.text),
        })
    }

    fn prefix(&mut self, what: &str) -> Result<Prefix, ParseError> {
        let t = self.want(what)?;
        Prefix::from_str(&t.text).map_err(|e| ParseError {
            line: self.line,
            message: format!("{what} `{}`: {e}", t.text),
        })
    }
}

const CARD_USAGE: &str = "write `card \"NODE\" SRC_IP:PORT > DST_IP:PORT [FLAGS] seq N ack N ttl N \
     data \"TEXT\"`, for ICMP `card \"NODE\" SRC_IP > DST_IP icmp TYPE CODE`, or for DNS \
     `card \"NODE\" SRC_IP:PORT > DST_IP:PORT dns [QR+AA+RD+RA] id N opcode N rcode N name NAME \
     type A class IN answers \"NAME TTL IP; …\"`";
const ROUTE_USAGE: &str = "write `route \"ROUTER\" from SRC_IP [to DST_IP] CHOICE`, CHOICE being \
     deliver, forward GATEWAY_IP, unreachable CODE, time-exceeded, drop, keep, or for the \
     balancer encapsulate OUTER_SRC > OUTER_DST protocol N ttl N inner INNER_DST ttl N";
const ROUTE_ADD_USAGE: &str = "write `route-add \"ROUTER\" PREFIX via GATEWAY_IP [iface N]` or `route-add \"ROUTER\" PREFIX \
     direct [iface N]`";
/// How to write a fault, with every kind the engine knows and the setting each takes.
fn fault_usage() -> String {
    let mut kinds: Vec<String> = Vec::new();
    for c in &CHOICES {
        let key = c.kind.spec().key;
        let kind = match c.kind.setting() {
            Setting::None => key.to_string(),
            Setting::Matching(_) => format!("{key} matching|guessed"),
            Setting::Code(_) => format!("{key} CODE"),
            Setting::Delay(_) => format!("{key} SECONDS"),
            Setting::Prefix(_) => format!("{key} PREFIX"),
        };
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    let last = kinds.pop().unwrap_or_default();
    format!(
        "write `fault KIND … TARGET`: KIND is {} or {last}; TARGET is team \"TEAM\", client \
         \"CLIENT NODE\" or link \"TEAM\" \"TEAM\"",
        kinds.join(", ")
    )
}
const EXPECT_USAGE: &str = "after a move: expect accepted | mistake FIELD … | returned | sent | \
     note \"…\" | refused \"…\" | hint \"…\" | italian; anywhere: expect state | inbox | no-inbox | \
     goal; after the scenario: expect scenario-error \"…\"";

/// Reads a drill file.
pub fn parse(text: &str) -> Result<Drill, ParseError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0usize;
    let mut drill: Option<Drill> = None;
    // Whether a move or seat change happened: settings must come before.
    let mut moved = false;
    // Whether the last statement was a move, so `expect` lines about it may follow.
    let mut after_move = false;
    while let Some(raw) = lines.get(i) {
        let line = i + 1;
        i += 1;
        let tokens = tokenize(raw).map_err(|message| ParseError { line, message })?;
        let Some(first) = tokens.first() else {
            continue;
        };
        let mut w = Words {
            line,
            tokens: &tokens,
            at: 1,
        };
        if first.quoted {
            return err(
                line,
                format!(
                    "a statement starts with a keyword, not the quoted \"{}\"",
                    first.text
                ),
            );
        }
        let keyword = first.text.as_str();
        let Some(d) = drill.as_mut() else {
            if keyword != "scenario" {
                return err(
                    line,
                    format!(
                        "a drill starts with `scenario NAME` or `scenario inline`, not `{keyword}`"
                    ),
                );
            }
            let (source, next) = scenario(&mut w, &lines, i)?;
            i = next;
            drill = Some(Drill {
                scenario: source,
                scenario_line: line,
                scenario_error: None,
                isn: None,
                referee: None,
                rounds: None,
                attacker: false,
                steps: Vec::new(),
            });
            continue;
        };
        if d.scenario_error.is_some() {
            return err(
                line,
                "after `expect scenario-error` the drill ends: a scenario that does not load \
                 has no moves",
            );
        }
        match keyword {
            "scenario" => return err(line, "a drill has one `scenario`, and it comes first"),
            "isn" | "referee" | "rounds" | "attacker" => {
                if moved {
                    return err(
                        line,
                        format!("`{keyword}` is a setting: settings come before the first move"),
                    );
                }
                setting(keyword, &mut w, d)?;
            }
            "human" => {
                let node = w.want("the node's name")?.text.clone();
                w.done("write `human \"NODE NAME\"`")?;
                moved = true;
                after_move = false;
                d.steps.push(Step {
                    line,
                    kind: StepKind::Human(node),
                });
            }
            "wait" => {
                let t = w.want("the number of seconds")?;
                let by = seconds(&t.text).ok_or_else(|| ParseError {
                    line,
                    message: format!(
                        "`{}` is not a number of seconds like 2 or 1.5 (at most 6 decimals, \
                         at most a day)",
                        t.text
                    ),
                })?;
                w.done("write `wait SECONDS`")?;
                moved = true;
                after_move = false;
                d.steps.push(Step {
                    line,
                    kind: StepKind::Wait(by),
                });
            }
            "card" | "route" | "route-add" | "route-remove" | "fault" | "hint" => {
                let action = a_move(keyword, &mut w)?;
                moved = true;
                after_move = true;
                d.steps.push(Step {
                    line,
                    kind: StepKind::Move {
                        action,
                        expects: Vec::new(),
                    },
                });
            }
            "expect" => {
                let what = w.want("what to expect")?;
                match what.text.as_str() {
                    "scenario-error" => {
                        if moved || d.isn.is_some() || d.referee.is_some() || d.rounds.is_some() {
                            return err(
                                line,
                                "`expect scenario-error` comes right after the scenario",
                            );
                        }
                        let phrase = w.want("the phrase the error must contain")?.text.clone();
                        w.done("write `expect scenario-error \"PHRASE\"`")?;
                        d.scenario_error = Some((line, phrase));
                    }
                    "state" | "inbox" | "no-inbox" | "goal" => {
                        let check = state_check(&what.text, &mut w)?;
                        moved = true;
                        after_move = false;
                        d.steps.push(Step {
                            line,
                            kind: StepKind::Check(check),
                        });
                    }
                    other => {
                        let expect = action_expect(other, &mut w)?;
                        let last = d.steps.last_mut().filter(|_| after_move);
                        let Some(Step {
                            kind: StepKind::Move { expects, .. },
                            ..
                        }) = last
                        else {
                            return err(
                                line,
                                format!(
                                    "`expect {other}` is about the result of a move: it must \
                                     follow a card, route, route-add, route-remove, fault or \
                                     hint line (or another expect about it)"
                                ),
                            );
                        };
                        expects.push((line, expect));
                    }
                }
            }
            other => {
                return err(
                    line,
                    format!(
                        "unknown statement `{other}`: a drill knows scenario, isn, referee, \
                         rounds, attacker, human, wait, card, route, route-add, route-remove, \
                         fault, hint and expect"
                    ),
                );
            }
        }
    }
    match drill {
        Some(d) => Ok(d),
        None => err(
            lines.len().max(1),
            "this drill is empty: it starts with `scenario NAME`",
        ),
    }
}

/// `scenario NAME` or `scenario inline` … `end`; returns the index of the next line.
fn scenario(
    w: &mut Words,
    lines: &[&str],
    next: usize,
) -> Result<(ScenarioSource, usize), ParseError> {
    let line = w.line;
    let name = w.want("the scenario (a shipped name, a .toml file or `inline`)")?;
    w.done("write `scenario NAME` or `scenario inline`")?;
    if name.text == "inline" && !name.quoted {
        let mut text = String::new();
        for (k, raw) in lines.iter().enumerate().skip(next) {
            if raw.trim() == "end" {
                return Ok((
                    ScenarioSource::Inline {
                        text,
                        first_line: next + 1,
                    },
                    k + 1,
                ));
            }
            text.push_str(raw);
            text.push('\n');
        }
        return err(line, "this inline scenario has no line `end` closing it");
    }
    let shipped = Scenario::shipped();
    if let Some((_, text)) = shipped
        .iter()
        .find(|(file, _)| *file == name.text || file.strip_suffix(".toml") == Some(&name.text))
    {
        return Ok((ScenarioSource::Shipped(text), next));
    }
    if name.text.ends_with(".toml") {
        return Ok((ScenarioSource::File(name.text.clone()), next));
    }
    let names: Vec<&str> = shipped
        .iter()
        .map(|(f, _)| f.strip_suffix(".toml").unwrap_or(f))
        .collect();
    err(
        line,
        format!(
            "no shipped scenario is called `{}`: the shipped ones are {}; a file must end in .toml",
            name.text,
            names.join(", ")
        ),
    )
}

fn setting(keyword: &str, w: &mut Words, d: &mut Drill) -> Result<(), ParseError> {
    let line = w.line;
    match keyword {
        "isn" => {
            let t = w.want("zero or random")?;
            d.isn = Some(match t.text.as_str() {
                "zero" => Isn::Zero,
                "random" => Isn::Random,
                other => {
                    return err(
                        line,
                        format!("`isn {other}`: write `isn zero` or `isn random`"),
                    );
                }
            });
            w.done("write `isn zero` or `isn random`")
        }
        "referee" => {
            let t = w.want("coach or real")?;
            d.referee = Some(match t.text.as_str() {
                "coach" => Referee::Coach,
                "real" => Referee::Real,
                other => {
                    return err(
                        line,
                        format!("`referee {other}`: write `referee coach` or `referee real`"),
                    );
                }
            });
            w.done("write `referee coach` or `referee real`")
        }
        "attacker" => {
            let t = w.want("on or off")?;
            d.attacker = match t.text.as_str() {
                "on" => true,
                "off" => false,
                other => {
                    return err(
                        line,
                        format!("`attacker {other}`: write `attacker on` or `attacker off`"),
                    );
                }
            };
            w.done("write `attacker on` or `attacker off`")
        }
        _ => {
            // `refused,forged_rst`, `refused, forged_rst` and `refused forged_rst` alike.
            let mut list = String::new();
            while let Some(t) = w.next() {
                list.push_str(&t.text);
                list.push(',');
            }
            let keys: Vec<&str> = Goal::ALL
                .iter()
                .chain(&Goal::NEXT)
                .map(|g| g.key())
                .collect();
            let mut goals = Vec::new();
            for key in list.split(',').filter(|k| !k.is_empty()) {
                match Goal::from_key(key) {
                    Some(g) => goals.push(g),
                    None => {
                        return err(
                            line,
                            format!("`{key}` is not a round: the rounds are {}", keys.join(", ")),
                        );
                    }
                }
            }
            if goals.is_empty() {
                return err(
                    line,
                    format!("`rounds` needs at least one round: {}", keys.join(", ")),
                );
            }
            d.rounds = Some(goals);
            Ok(())
        }
    }
}

/// `SECONDS` as a duration: a decimal number with at most 6 decimals, at most a day.
fn seconds(text: &str) -> Option<Duration> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() && frac.is_empty()
        || frac.len() > 6
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    if whole > 86_400 {
        return None;
    }
    let mut micros = 0u64;
    for (k, b) in frac.bytes().enumerate() {
        micros += u64::from(b - b'0') * 10u64.pow(5 - k as u32);
    }
    Some(Duration::from_micros(whole * 1_000_000 + micros))
}

/// The balancer's slip after `encapsulate`: every box written out, as the person writes
/// them (RFC 2003 §3.1): `OUTER_SRC > OUTER_DST protocol N ttl N inner INNER_DST ttl N`.
fn tunnel(w: &mut Words) -> Result<Tunnel, ParseError> {
    let src = w.addr("the outer source")?;
    w.expect_keyword(">", ROUTE_USAGE)?;
    let dst = w.addr("the outer destination")?;
    w.expect_keyword("protocol", ROUTE_USAGE)?;
    let protocol = w.number("the protocol", "from 0 to 255")?;
    w.expect_keyword("ttl", ROUTE_USAGE)?;
    let ttl = w.number("the outer TTL", "from 0 to 255")?;
    w.expect_keyword("inner", ROUTE_USAGE)?;
    let inner_dst = w.addr("the inner destination")?;
    w.expect_keyword("ttl", ROUTE_USAGE)?;
    let inner_ttl = w.number("the inner TTL", "from 0 to 255")?;
    Ok(Tunnel {
        src,
        dst,
        protocol,
        ttl,
        inner_dst,
        inner_ttl,
    })
}

fn a_move(keyword: &str, w: &mut Words) -> Result<Move, ParseError> {
    let line = w.line;
    match keyword {
        "card" => card(w),
        "route" => {
            let node = w.want("the router's name")?.text.clone();
            w.expect_keyword("from", ROUTE_USAGE)?;
            let from = w.addr("the source address")?;
            let to = if w.keyword("to") {
                Some(w.addr("the destination address")?)
            } else {
                None
            };
            let choice = w.want("the choice")?;
            let choice = match choice.text.as_str() {
                "deliver" => RouterChoice::Deliver,
                "forward" => RouterChoice::Forward {
                    gateway: w.addr("the gateway")?,
                },
                "unreachable" => RouterChoice::IcmpUnreachable {
                    code: w.number("the ICMP code", "from 0 to 255")?,
                },
                "time-exceeded" => RouterChoice::IcmpTimeExceeded,
                "drop" => RouterChoice::Drop,
                "keep" => RouterChoice::Keep,
                "encapsulate" => RouterChoice::Encapsulate(tunnel(w)?),
                other => return err(line, format!("`{other}` is not a choice; {ROUTE_USAGE}")),
            };
            w.done(ROUTE_USAGE)?;
            Ok(Move::Route {
                node,
                from,
                to,
                choice,
            })
        }
        "route-add" => {
            let node = w.want("the router's name")?.text.clone();
            let prefix = w.prefix("the prefix")?;
            let next_hop = if w.keyword("via") {
                NextHop::Gateway(w.addr("the gateway")?)
            } else if w.keyword("direct") {
                NextHop::Direct
            } else {
                return err(
                    line,
                    format!("say `via GATEWAY_IP` or `direct`; {ROUTE_ADD_USAGE}"),
                );
            };
            let iface = if w.keyword("iface") {
                Some(w.number("the interface", "from 0")?)
            } else {
                None
            };
            w.done(ROUTE_ADD_USAGE)?;
            Ok(Move::RouteAdd {
                node,
                prefix,
                next_hop,
                iface,
            })
        }
        "route-remove" => {
            let node = w.want("the router's name")?.text.clone();
            let prefix = w.prefix("the prefix")?;
            w.done("write `route-remove \"ROUTER\" PREFIX`")?;
            Ok(Move::RouteRemove { node, prefix })
        }
        "fault" => fault(w),
        _ => {
            let node = w.want("the node's name")?.text.clone();
            w.done("write `hint \"NODE\"`")?;
            Ok(Move::Hint { node })
        }
    }
}

/// An address box of a card: `IP:PORT` (TCP) or `IP` (ICMP), `_` for a blank box.
fn boxes(text: &str, tcp: bool, line: usize) -> Result<(String, String), ParseError> {
    let blank = |s: &str| {
        if s == "_" {
            String::new()
        } else {
            s.to_string()
        }
    };
    if !tcp {
        if text.contains(':') {
            return err(
                line,
                format!("`{text}`: an ICMP card has no ports, write only the address"),
            );
        }
        return Ok((blank(text), String::new()));
    }
    match text.rsplit_once(':') {
        Some((ip, port)) => Ok((blank(ip), blank(port))),
        None => err(
            line,
            format!(
                "`{text}`: a TCP or UDP card's address is written IP:PORT, e.g. 10.0.1.2:40000 (`_` \
                 for a blank box, e.g. 10.0.1.2:_)"
            ),
        ),
    }
}

fn flags(text: &str, line: usize) -> Result<TcpFlags, ParseError> {
    let inner = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    let mut flags = TcpFlags::NONE;
    for name in inner.split('+').filter(|n| !n.is_empty()) {
        let Some((f, _)) = TcpFlags::ALL
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name))
        else {
            return err(
                line,
                format!("`{name}` is not a flag: write SYN, ACK, FIN, RST or PSH, joined with +"),
            );
        };
        flags = flags.union(*f);
    }
    Ok(flags)
}

/// The ticks of a DNS card, `[QR+AA+RD+RA]` (RFC 1035 §4.1.1), `[]` for none.
fn dns_flags(card: &mut Card, text: &str, line: usize) -> Result<(), ParseError> {
    let inner = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    for name in inner.split('+').filter(|n| !n.is_empty()) {
        let tick = match name.to_ascii_uppercase().as_str() {
            "QR" => &mut card.dns_qr,
            "AA" => &mut card.dns_aa,
            "RD" => &mut card.dns_rd,
            "RA" => &mut card.dns_ra,
            _ => {
                return err(
                    line,
                    format!("`{name}` is not a DNS flag: write QR, AA, RD or RA, joined with +"),
                );
            }
        };
        *tick = true;
    }
    Ok(())
}

fn card(w: &mut Words) -> Result<Move, ParseError> {
    let line = w.line;
    let node = w.want("the node's name")?.text.clone();
    let src = w.want("the source address")?.text.clone();
    w.expect_keyword(">", CARD_USAGE)?;
    let dst = w.want("the destination address")?.text.clone();
    let word = |word: &str| w.tokens[w.at..].iter().any(|t| !t.quoted && t.text == word);
    let kind = if word("icmp") {
        CardKind::Icmp
    } else if word("dns") {
        CardKind::Udp
    } else {
        CardKind::Tcp
    };
    let (tcp, dns, ports) = (
        kind == CardKind::Tcp,
        kind == CardKind::Udp,
        kind != CardKind::Icmp,
    );
    let mut card = Card {
        kind,
        ttl: "64".into(),
        ..Card::default()
    };
    (card.src_ip, card.src_port) = boxes(&src, ports, line)?;
    (card.dst_ip, card.dst_port) = boxes(&dst, ports, line)?;
    let mut seen: Vec<&str> = Vec::new();
    while let Some(t) = w.next() {
        let key = if !t.quoted && t.text.starts_with('[') {
            "[flags]"
        } else {
            t.text.as_str()
        };
        if seen.contains(&key) {
            return err(line, format!("`{key}` is written twice on this card"));
        }
        seen.push(key);
        match key {
            "[flags]" if dns => dns_flags(&mut card, &t.text, line)?,
            "[flags]" => {
                if !tcp {
                    return err(line, "an ICMP card has no TCP flags");
                }
                if !t.text.ends_with(']') {
                    return err(
                        line,
                        format!("`{}`: flags are written [SYN+ACK], without spaces", t.text),
                    );
                }
                let f = flags(&t.text, line)?;
                card.syn = f.syn();
                card.ack_flag = f.ack();
                card.fin = f.fin();
                card.rst = f.rst();
                card.psh = f.psh();
            }
            "seq" | "ack" | "data" if !tcp => {
                return err(line, format!("an ICMP or DNS card has no `{key}` box"));
            }
            "id" | "opcode" | "rcode" | "name" | "type" | "class" | "answers" if !dns => {
                return err(
                    line,
                    format!("`{key}` is a box of a DNS card: write `dns` first"),
                );
            }
            "dns" => {}
            "id" => card.dns_id = w.want("the DNS ID")?.text.clone(),
            "opcode" => card.dns_opcode = w.want("the opcode")?.text.clone(),
            "rcode" => card.dns_rcode = w.want("the RCODE")?.text.clone(),
            "name" => card.dns_qname = w.want("the question's name")?.text.clone(),
            "type" => card.dns_qtype = w.want("the question's type")?.text.clone(),
            "class" => card.dns_qclass = w.want("the question's class")?.text.clone(),
            // One record per `;`, as the card's box holds one per line.
            "answers" => {
                let text = &w.want("the answers")?.text;
                card.dns_answers = text
                    .split(';')
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join("\n");
            }
            "seq" => card.seq = w.want("the seq box")?.text.clone(),
            "ack" => card.ack = w.want("the ack box")?.text.clone(),
            "data" => card.data = w.want("the data box")?.text.clone(),
            "ttl" => card.ttl = w.want("the TTL box")?.text.clone(),
            "icmp" => {
                card.icmp_type = w.want("the ICMP type")?.text.clone();
                card.icmp_code = w.want("the ICMP code")?.text.clone();
            }
            other => {
                return err(
                    line,
                    format!("`{other}` is not a box of the card; {CARD_USAGE}"),
                );
            }
        }
    }
    Ok(Move::Card {
        node,
        card: Box::new(card),
    })
}

fn fault(w: &mut Words) -> Result<Move, ParseError> {
    let line = w.line;
    let word = w.want("the kind of fault")?;
    let Some(default) = FaultKind::from_key(&word.text) else {
        return err(
            line,
            format!("`{}` is not a fault; {}", word.text, fault_usage()),
        );
    };
    // The kind's setting, which a drill always spells out, after the kind.
    let setting = match default.setting() {
        Setting::None => Setting::None,
        Setting::Matching(_) => {
            let m = w.want("matching or guessed")?;
            match m.text.as_str() {
                "matching" => Setting::Matching(true),
                "guessed" => Setting::Matching(false),
                other => {
                    return err(
                        line,
                        format!("`{other}`: a forgery is `matching` or `guessed`"),
                    );
                }
            }
        }
        Setting::Code(_) => Setting::Code(w.number("the ICMP code", "from 0 to 15")?),
        Setting::Delay(_) => {
            let t = w.want("the delay in seconds")?;
            Setting::Delay(seconds(&t.text).ok_or_else(|| ParseError {
                line,
                message: format!("`{}` is not a number of seconds like 2 or 1.5", t.text),
            })?)
        }
        Setting::Prefix(_) => Setting::Prefix(w.prefix("the prefix")?),
    };
    let kind = default.with(setting);
    let target = w.want("the target")?;
    let target = match target.text.as_str() {
        "team" => TargetSpec::Team(w.want("the team's name")?.text.clone()),
        "client" => TargetSpec::Client(w.want("the client's name")?.text.clone()),
        "link" => {
            let a = w.want("the first team")?.text.clone();
            TargetSpec::Link(a, w.want("the second team")?.text.clone())
        }
        other => {
            return err(
                line,
                format!("`{other}` is not a target; {}", fault_usage()),
            );
        }
    };
    w.done(&fault_usage())?;
    Ok(Move::Fault { kind, target })
}

/// The field a drill names: the card's label ("destination IP"), in any case, with `-` or
/// `_` for spaces, or the short forms src-ip, dst-ip, src-port, dst-port.
pub fn field(name: &str) -> Option<Field> {
    let norm = |s: &str| s.to_ascii_lowercase().replace(['-', '_'], " ");
    let wanted = norm(name);
    let short = match wanted.as_str() {
        "src ip" => Some(Field::SrcIp),
        "dst ip" => Some(Field::DstIp),
        "src port" => Some(Field::SrcPort),
        "dst port" => Some(Field::DstPort),
        _ => None,
    };
    short.or_else(|| Field::ALL.into_iter().find(|f| norm(f.label()) == wanted))
}

fn action_expect(what: &str, w: &mut Words) -> Result<Expect, ParseError> {
    let line = w.line;
    let phrase = |w: &mut Words, usage: &str| -> Result<String, ParseError> {
        let t = w.want("the phrase")?.text.clone();
        w.done(usage)?;
        Ok(t)
    };
    let bare = |w: &mut Words, e: Expect| -> Result<Expect, ParseError> {
        w.done(&format!("`expect {what}` takes nothing more"))?;
        Ok(e)
    };
    match what {
        "accepted" => bare(w, Expect::Accepted),
        "returned" => bare(w, Expect::Returned),
        "sent" => bare(w, Expect::Sent),
        "italian" => bare(w, Expect::Italian),
        "note" => Ok(Expect::Note(phrase(w, "write `expect note \"PHRASE\"`")?)),
        "refused" => Ok(Expect::Refused(phrase(
            w,
            "write `expect refused \"PHRASE\"`",
        )?)),
        "hint" => Ok(Expect::Hint(phrase(w, "write `expect hint \"PHRASE\"`")?)),
        "mistake" => {
            let f = w.want("the field")?;
            let Some(field) = self::field(&f.text) else {
                let labels: Vec<&str> = Field::ALL.iter().map(|f| f.label()).collect();
                return err(
                    line,
                    format!(
                        "`{}` is not a field of the card: the fields are {}",
                        f.text,
                        labels.join(", ")
                    ),
                );
            };
            let mut spec = MistakeSpec {
                field,
                expected: None,
                got: None,
                why: Vec::new(),
                rfc: None,
            };
            while let Some(t) = w.next() {
                let v = w
                    .want(&format!("the text after `{}`", t.text))?
                    .text
                    .clone();
                match t.text.as_str() {
                    "expected" if spec.expected.is_none() => spec.expected = Some(v),
                    "got" if spec.got.is_none() => spec.got = Some(v),
                    "rfc" if spec.rfc.is_none() => spec.rfc = Some(v),
                    "why" => spec.why.push(v),
                    "expected" | "got" | "rfc" => {
                        return err(line, format!("`{}` is written twice", t.text));
                    }
                    other => {
                        return err(
                            line,
                            format!(
                                "`{other}`: after `expect mistake FIELD` come expected \"…\", \
                                 got \"…\", why \"…\" (several allowed) and rfc \"…\""
                            ),
                        );
                    }
                }
            }
            Ok(Expect::Mistake(spec))
        }
        other => err(
            line,
            format!("`expect {other}` is not known; {EXPECT_USAGE}"),
        ),
    }
}

fn state_check(what: &str, w: &mut Words) -> Result<StateCheck, ParseError> {
    let line = w.line;
    match what {
        "state" => {
            let usage =
                "write `expect state \"NODE\" LOCAL_PORT > REMOTE_IP:PORT STATE` (or `none`)";
            let node = w.want("the node's name")?.text.clone();
            let local_port = w.number("the local port", "from 0 to 65535")?;
            w.expect_keyword(">", usage)?;
            let r = w.want("the remote IP:PORT")?;
            let remote = r
                .text
                .rsplit_once(':')
                .and_then(|(ip, port)| Some(Endpoint::new(ip.parse().ok()?, port.parse().ok()?)))
                .ok_or_else(|| ParseError {
                    line,
                    message: format!("`{}` is not IP:PORT, e.g. 10.0.1.1:23", r.text),
                })?;
            let s = w.want("the state")?;
            let state = if s.text.eq_ignore_ascii_case("none") {
                None
            } else {
                let wanted = s.text.to_ascii_uppercase().replace('_', "-");
                let Some(st) = State::ALL.into_iter().find(|st| st.name() == wanted) else {
                    let names: Vec<&str> = State::ALL.iter().map(|s| s.name()).collect();
                    return err(
                        line,
                        format!(
                            "`{}` is not a state: the states are {} (or none)",
                            s.text,
                            names.join(", ")
                        ),
                    );
                };
                Some(st)
            };
            w.done(usage)?;
            Ok(StateCheck::Connection {
                node,
                local_port,
                remote,
                state,
            })
        }
        "inbox" => {
            let usage = "write `expect inbox \"NODE\" from SRC_IP [FLAGS] [seq N] [ack N] [ttl N]` \
                         or `… from SRC_IP icmp TYPE CODE`";
            let node = w.want("the node's name")?.text.clone();
            w.expect_keyword("from", usage)?;
            let from = w.addr("the source address")?;
            let mut values = InboxValues::default();
            while let Some(t) = w.next() {
                match t.text.as_str() {
                    f if f.starts_with('[') && values.flags.is_none() => {
                        values.flags = Some(flags(f, line)?);
                    }
                    "seq" if values.seq.is_none() => {
                        values.seq = Some(w.number("seq", "from 0 to 4294967295")?);
                    }
                    "ack" if values.ack.is_none() => {
                        values.ack = Some(w.number("ack", "from 0 to 4294967295")?);
                    }
                    "ttl" if values.ttl.is_none() => {
                        values.ttl = Some(w.number("the TTL", "from 0 to 255")?);
                    }
                    "icmp" if values.icmp.is_none() => {
                        values.icmp = Some((
                            w.number("the ICMP type", "from 0 to 255")?,
                            w.number("the ICMP code", "from 0 to 255")?,
                        ));
                    }
                    other => return err(line, format!("unexpected `{other}`; {usage}")),
                }
            }
            Ok(StateCheck::Inbox { node, from, values })
        }
        "no-inbox" => {
            let usage = "write `expect no-inbox \"NODE\" from SRC_IP`";
            let node = w.want("the node's name")?.text.clone();
            w.expect_keyword("from", usage)?;
            let from = w.addr("the source address")?;
            w.done(usage)?;
            Ok(StateCheck::NoInbox { node, from })
        }
        _ => {
            let usage = "write `expect goal \"TEAM\" KEY reached|not-reached`";
            let team = w.want("the team's name")?.text.clone();
            let k = w.want("the round's key")?;
            let Some(goal) = Goal::from_key(&k.text) else {
                let keys: Vec<&str> = Goal::ALL
                    .iter()
                    .chain(&Goal::NEXT)
                    .map(|g| g.key())
                    .collect();
                return err(
                    line,
                    format!(
                        "`{}` is not a round: the rounds are {}",
                        k.text,
                        keys.join(", ")
                    ),
                );
            };
            let reached = match w.want("reached or not-reached")?.text.as_str() {
                "reached" => true,
                "not-reached" => false,
                other => return err(line, format!("`{other}`; {usage}")),
            };
            w.done(usage)?;
            Ok(StateCheck::Goal {
                team,
                goal,
                reached,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn message(text: &str) -> (usize, String) {
        let e = parse(text).expect_err("must fail");
        (e.line, e.message)
    }

    #[test]
    fn tokens_quotes_escapes_and_comments() {
        let t = tokenize(r#"card "Red client 1" a\b "x \"y\" \\z" # comment"#).unwrap();
        let texts: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["card", "Red client 1", r"a\b", r#"x "y" \z"#]);
        assert!(tokenize(r#""open"#).unwrap_err().contains("not closed"));
        assert!(tokenize(r#""a\n""#).unwrap_err().contains("not an escape"));
        let t = tokenize("10.0.1.2:1>10.0.1.1:23").unwrap();
        assert_eq!(t.len(), 3);
    }

    /// RFC 1035 §4.1: a DNS card's boxes as a drill writes them; its ticks are DNS flags,
    /// and TCP's boxes and flags are refused on it (as DNS boxes are on a TCP card).
    #[test]
    fn a_dns_card_reads_rfc1035_4_1() {
        let d = parse(
            "scenario dns\n\
             card \"DNS server\" 10.0.1.53:53 > 10.0.1.2:40000 dns [QR+aa] id 7 rcode 3 \
             name x.game type A class IN answers \"a.game 300 10.0.1.1; b.game 60 10.0.1.2\"\n",
        )
        .unwrap();
        let StepKind::Move {
            action: Move::Card { card, .. },
            ..
        } = &d.steps[0].kind
        else {
            panic!("a card")
        };
        assert_eq!(card.kind, CardKind::Udp);
        assert!(card.dns_qr && card.dns_aa && !card.dns_rd && !card.dns_ra);
        assert_eq!(
            (card.dst_port.as_str(), card.dns_id.as_str()),
            ("40000", "7")
        );
        assert_eq!(card.dns_answers, "a.game 300 10.0.1.1\nb.game 60 10.0.1.2");
        let head = "scenario dns\ncard \"Alice\" 10.0.1.2:1 > 10.0.1.53:53";
        assert!(
            message(&format!("{head} dns [SYN]\n"))
                .1
                .contains("not a DNS flag")
        );
        assert!(
            message(&format!("{head} dns seq 1\n"))
                .1
                .contains("has no `seq` box")
        );
        assert!(
            message(&format!("{head} [SYN] id 1\n"))
                .1
                .contains("write `dns` first")
        );
    }

    #[test]
    fn a_whole_drill_reads() {
        let d = parse(
            "# round 1\nscenario original\nreferee real\nhuman \"Red client 1\"\n\
             card \"Red client 1\" 10.0.1.2:40000 > 10.0.1.1:23 [SYN] seq 0\n\
             expect accepted\nexpect sent\nwait 1.5\n\
             expect state \"Red client 1\" 40000 > 10.0.1.1:23 SYN-SENT\n",
        )
        .unwrap();
        assert!(matches!(d.scenario, ScenarioSource::Shipped(_)));
        assert_eq!(d.referee, Some(Referee::Real));
        assert_eq!(d.steps.len(), 4);
        let StepKind::Move {
            action: Move::Card { card, .. },
            expects,
        } = &d.steps[1].kind
        else {
            panic!("a card")
        };
        assert!(card.syn && !card.ack_flag);
        assert_eq!((card.src_port.as_str(), card.ttl.as_str()), ("40000", "64"));
        assert_eq!(card.ack, "");
        assert_eq!(expects.len(), 2);
        assert!(matches!(d.steps[2].kind, StepKind::Wait(t) if t == Duration::from_millis(1500)));
        let r = parse("scenario original\nrounds refused, forged_rst\n").unwrap();
        assert_eq!(r.rounds, Some(vec![Goal::Refused, Goal::ForgedRst]));
    }

    /// A drill names every kind the engine has, with the setting it takes after it.
    #[test]
    fn faults_take_every_kind_and_its_setting() {
        let kind = |line: &str| {
            let d = parse(&format!("scenario original\n{line}\n")).unwrap();
            match &d.steps[0].kind {
                StepKind::Move {
                    action: Move::Fault { kind, .. },
                    ..
                } => kind.clone(),
                _ => panic!("a fault"),
            }
        };
        assert_eq!(
            kind("fault forged_icmp 3 team \"Red\""),
            FaultKind::ForgedIcmp { code: 3 }
        );
        assert_eq!(
            kind("fault forged_rst guessed link \"Red\" \"Blue\""),
            FaultKind::ForgedRst { matching: false }
        );
        assert_eq!(
            kind("fault forged_dns matching client \"Red client 1\""),
            FaultKind::ForgedDns { matching: true }
        );
        assert_eq!(
            kind("fault delay 1.5 client \"Red client 1\""),
            FaultKind::Delay {
                by: Duration::from_millis(1500)
            }
        );
        let (_, e) = message("scenario original\nfault lunch team \"Red\"\n");
        assert!(
            e.contains("forged_icmp CODE, forged_dns matching|guessed, delay SECONDS")
                && e.contains("server_port_closed or route_removed PREFIX;"),
            "{e}"
        );
    }

    #[test]
    fn inline_scenarios_keep_their_lines() {
        let d =
            parse("scenario inline\nname = \"x\"\nend\nexpect scenario-error \"LAN\"\n").unwrap();
        let ScenarioSource::Inline { text, first_line } = d.scenario else {
            panic!("inline")
        };
        assert_eq!((text.as_str(), first_line), ("name = \"x\"\n", 2));
        assert_eq!(d.scenario_error, Some((4, "LAN".into())));
        assert_eq!(message("scenario inline\nname = 1\n").0, 1);
    }

    #[test]
    fn errors_name_the_line_and_the_problem() {
        let cases: [(&str, usize, &str); 14] = [
            ("", 1, "empty"),
            ("human \"x\"", 1, "starts with `scenario"),
            ("scenario nowhere", 1, "original"),
            ("scenario original\nwait x", 2, "seconds"),
            (
                "scenario original\nwait 1\nisn zero",
                3,
                "before the first move",
            ),
            ("scenario original\nexpect accepted", 2, "must follow"),
            (
                "scenario original\ncard \"a\" 1.2.3.4 > 1.2.3.5:1",
                2,
                "IP:PORT",
            ),
            (
                "scenario original\ncard \"a\" _:_ > _:_ [SYN+URG]",
                2,
                "`URG` is not a flag",
            ),
            (
                "scenario original\nhint \"a\"\nexpect mistake colour",
                3,
                "not a field",
            ),
            (
                "scenario original\nroute \"r\" from 10.0.1.2 fly",
                2,
                "not a choice",
            ),
            (
                "scenario original\nexpect state \"a\" 1 > 1.2.3.4:5 OPEN",
                2,
                "not a state",
            ),
            ("scenario original\nfrobnicate", 2, "unknown statement"),
            ("scenario original\nrounds", 2, "at least one round"),
            (
                "scenario original\nrounds refused, fly",
                2,
                "`fly` is not a round",
            ),
        ];
        for (text, line, phrase) in cases {
            let (l, m) = message(text);
            assert_eq!(l, line, "{text}: {m}");
            assert!(m.contains(phrase), "{text}: {m}");
        }
    }

    #[test]
    fn fields_by_label_hyphen_or_short_name() {
        assert_eq!(field("ack"), Some(Field::Ack));
        assert_eq!(field("destination-IP"), Some(Field::DstIp));
        assert_eq!(field("destination IP"), Some(Field::DstIp));
        assert_eq!(field("dst-ip"), Some(Field::DstIp));
        assert_eq!(field("next_hop"), Some(Field::NextHop));
        assert_eq!(field("window"), None);
    }

    #[test]
    fn seconds_are_exact_decimals() {
        assert_eq!(seconds("2"), Some(Duration::from_secs(2)));
        assert_eq!(seconds("0.000001"), Some(Duration::from_micros(1)));
        assert_eq!(seconds(".5"), Some(Duration::from_millis(500)));
        for bad in [
            "",
            ".",
            "-1",
            "1e3",
            "0.0000001",
            "99999999999999999999",
            "86401",
        ] {
            assert_eq!(seconds(bad), None, "{bad}");
        }
    }

    proptest! {
        /// Nothing a drill file holds makes the parser panic.
        #[test]
        fn random_text_never_panics(text in "\\PC{0,300}") {
            let _ = parse(&text);
        }

        /// Nor do random lines built from the drill's own words.
        #[test]
        fn random_statements_never_panic(
            lines in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec![
                        "scenario", "original", "inline", "end", "card", "route", "route-add",
                        "route-remove", "fault", "hint", "human", "wait", "expect", "mistake",
                        "accepted", "state", "inbox", "\"Red client 1\"", ">", "10.0.1.2:40000",
                        "10.0.1.1", "[SYN+ACK]", "[", "seq", "ack", "ttl", "icmp", "3", "1.5",
                        "\"", "#", "via", "direct", "iface", "10.0.0.0/8", "forged_rst", "team",
                        "matching", "goal", "reached", "why", "expected",
                    ]),
                    0..8,
                ),
                0..12,
            )
        ) {
            let text: Vec<String> = lines.iter().map(|l| l.join(" ")).collect();
            let _ = parse(&text.join("\n"));
        }
    }
}
