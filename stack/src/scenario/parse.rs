//! Reading a scenario file, in three steps.
//!
//! 1. [`document::parse`] turns the text into a document that keeps the position of every
//!    key and value. A TOML syntax error stops here, with its line and what to write.
//! 2. The document is walked by hand into "raw" structures ([`RawScenario`] and the ones it
//!    holds): the keys of every table are checked against those allowed there and every
//!    value against the type it must have. A value of the wrong type is reported and then
//!    counts as absent, and nothing more is said about it or anything inside it.
//! 3. Each raw value is converted ([`Cx`]), collecting every problem instead of stopping at
//!    the first, and finally [`super::validate`] runs and its errors get the line of the
//!    field they name. Values that cannot be converted are replaced by harmless
//!    placeholders so the other checks can still run; the validation errors about a field
//!    already reported are dropped, so an instructor sees each problem once.
//!
//! Why step 2 is written by hand instead of `#[derive(Deserialize)]` and a serde TOML
//! deserializer: the browser game ships this reader (the bundle budget caps the gzipped bundle at
//! 400 KB), and serde's derive is generated anew for every format that uses it. For TOML the
//! derived impls and the `toml` crate's serde deserializer cost 36 KB of the gzipped release
//! wasm (647 KB with them, 610 KB with this walk, after `wasm-opt -Oz`). The walk also words
//! its errors for an instructor rather than a Rust programmer: it names the table an unknown
//! key is in, guesses the key meant, and shows the value it found.

use crate::sorted::SortedMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::ops::Range;

use super::document::{self, Array, Spanned, SyntaxError, Table};

use super::validate::{
    MAX_CLIENTS, MAX_FAULTS, MAX_LINKS, MAX_PORTS, MAX_ROUTES, MAX_TEAMS, no_team,
};
use super::{
    Backbone, BalancerSpec, DnsSpec, Isn, Referee, RouteSpec, Scenario, ScenarioError, Settings,
    TELNET_PORT, TeamSpec,
};
use crate::addr::{Ipv4Addr, Prefix};
use crate::fault::{Fault, FaultKind, FaultTarget, ScriptedFault, Setting};
use crate::score::{Destination, Goal};
use crate::text::{Text, Words, text};
use crate::time::Duration;

/// A value of the document with its place in the text.
type Value = Spanned<document::Value>;

#[derive(Default)]
struct RawScenario {
    name: Option<Spanned<String>>,
    description: Option<Spanned<String>>,
    settings: Option<RawSettings>,
    teams: Vec<Spanned<RawTeam>>,
    backbone: Option<Spanned<RawBackbone>>,
    goals: Option<Spanned<Vec<Spanned<String>>>>,
    faults: Vec<Spanned<RawFault>>,
    dns: Option<Spanned<RawDns>>,
    balancer: Option<Spanned<RawBalancer>>,
}

const SCENARIO_KEYS: &[&str] = &[
    "name",
    "description",
    "settings",
    "teams",
    "backbone",
    "goals",
    "faults",
    "dns",
    "balancer",
];

#[derive(Default)]
struct RawSettings {
    isn: Option<Spanned<String>>,
    referee: Option<Spanned<String>>,
    speed: Option<Spanned<i64>>,
    msl: Option<Spanned<f64>>,
    seed: Option<Spanned<i64>>,
    link_delay: Option<Spanned<f64>>,
    think_time: Option<Spanned<f64>>,
    loss: Option<Spanned<i64>>,
    bots_wait: Option<Spanned<bool>>,
    nodelay: Option<Spanned<bool>>,
}

const SETTINGS_KEYS: &[&str] = &[
    "isn",
    "referee",
    "speed",
    "msl",
    "seed",
    "link_delay",
    "think_time",
    "loss",
    "bots_wait",
    "nodelay",
];

#[derive(Default)]
struct RawTeam {
    name: Option<Spanned<String>>,
    lan: Option<Spanned<String>>,
    clients: Vec<Spanned<String>>,
    server_ports: Option<Spanned<Vec<Spanned<i64>>>>,
    routes: Vec<Spanned<RawRoute>>,
}

const TEAM_KEYS: &[&str] = &["name", "lan", "clients", "server_ports", "routes"];

#[derive(Default)]
struct RawRoute {
    prefix: Option<Spanned<String>>,
    via: Option<Spanned<String>>,
}

const ROUTE_KEYS: &[&str] = &["prefix", "via"];

#[derive(Default)]
struct RawBackbone {
    prefix: Option<Spanned<String>>,
    links: Vec<Spanned<Vec<String>>>,
}

const BACKBONE_KEYS: &[&str] = &["prefix", "links"];

#[derive(Default)]
struct RawDns {
    zone: Option<Spanned<String>>,
    ttl: Option<Spanned<i64>>,
    records: Vec<Spanned<Vec<String>>>,
}

const DNS_KEYS: &[&str] = &["zone", "ttl", "records"];

#[derive(Default)]
struct RawBalancer {
    vip: Option<Spanned<String>>,
    backends: Option<Spanned<Vec<Spanned<String>>>>,
}

const BALANCER_KEYS: &[&str] = &["vip", "backends"];

#[derive(Default)]
struct RawFault {
    at: Option<Spanned<f64>>,
    kind: Option<Spanned<String>>,
    team: Option<Spanned<String>>,
    client: Option<Spanned<String>>,
    link: Option<Spanned<Vec<String>>>,
    matching: Option<Spanned<bool>>,
    code: Option<Spanned<i64>>,
    seconds: Option<Spanned<f64>>,
    prefix: Option<Spanned<String>>,
}

const FAULT_KEYS: &[&str] = &[
    "at", "kind", "team", "client", "link", "matching", "code", "seconds", "prefix",
];

/// Larger than any sensible duration, small enough that seconds × 10^6 fits a `u64`.
const MAX_SECONDS: f64 = 1e9;

/// How much of a wrong value an error message quotes.
const SHOWN_CHARS: usize = 40;

/// How many problems a reading reports before it only counts the rest ("and N more"): an
/// instructor fixes the first ones, and a broken file of a million ports must not print a
/// million lines.
pub(crate) const MAX_ERRORS: usize = 100;

pub(super) fn from_toml(text: &str) -> Result<Scenario, Vec<ScenarioError>> {
    let document = match document::parse(text) {
        Ok(document) => document,
        Err(e) => return Err(alloc::vec![syntax_error(text, &e)]),
    };
    let mut cx = Cx {
        text,
        newlines: text
            .bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i)
            .collect(),
        lines: Vec::new(),
        reported: SortedMap::new(),
        unreadable: SortedMap::new(),
        errors: Vec::new(),
        more: 0,
    };
    let raw = cx.read_scenario(&document);
    let scenario = cx.scenario(raw);
    // Past the limit the validation would only add to the count, and its problems may
    // well follow from the ones already found: it runs once those are fixed.
    let validated = cx.more == 0;
    if validated {
        for mut e in scenario.validate() {
            if cx.already_reported(&e.field) {
                continue;
            }
            if cx.errors.len() >= MAX_ERRORS {
                cx.more += 1;
                continue;
            }
            e.line = cx.line_for(&e.field);
            cx.errors.push(e);
        }
    }
    let mut errors = cx.errors;
    if errors.is_empty() {
        return Ok(scenario);
    }
    // In file order, the way an instructor fixes them; problems without a line last.
    crate::sorted::sort_small_by(&mut errors, |a, b| {
        a.line
            .unwrap_or(usize::MAX)
            .cmp(&b.line.unwrap_or(usize::MAX))
    });
    if cx.more > 0 {
        let more = cx.more;
        let shown = if more == 1 {
            text!(
                "{more} more problem not shown: fix these first",
                "{more} altro problema non mostrato: correggi prima questi"
            )
        } else {
            text!(
                "{more} more problems not shown: fix these first",
                "altri {more} problemi non mostrati: correggi prima questi"
            )
        };
        let then = if validated {
            Text::same("")
        } else {
            text!(
                "; the other checks run once these are fixed",
                "; gli altri controlli partono quando questi sono corretti"
            )
        };
        errors.push(ScenarioError::new(super::MORE_PROBLEMS, shown.then(then)));
    }
    Err(errors)
}

/// The 1-based line of byte `offset` in `text`, counted from the start: for the one
/// syntax error a document can have ([`Cx::line`] answers the many of a walk).
fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()
        .get(..end)
        .map_or(0, |b| b.iter().filter(|c| **c == b'\n').count())
        + 1
}

/// `path.key`, or just `key` at the top of the file.
fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Whether field `inner` is `outer` or lies inside it (`teams[0].lan` is inside `teams`).
fn within(inner: &str, outer: &str) -> bool {
    inner == outer
        || inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with(['.', '[']))
}

/// Whether two keys are at most one edit apart (a letter added, missing, changed, or two
/// swapped), for "did you mean" on a mistyped key.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let common = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let (Some(a), Some(b)) = (a.as_bytes().get(common..), b.as_bytes().get(common..)) else {
        return false;
    };
    let changed = a.len() == b.len() && a.get(1..) == b.get(1..);
    let swapped = matches!(
        (a, b),
        ([a0, a1, a_rest @ ..], [b0, b1, b_rest @ ..]) if a0 == b1 && a1 == b0 && a_rest == b_rest
    );
    changed || swapped || a.get(1..) == Some(b) || b.get(1..) == Some(a)
}

/// A TOML syntax error as a scenario error: name the key written on that line, and give
/// the commonest fix.
fn syntax_error(text: &str, e: &SyntaxError) -> ScenarioError {
    let line = line_at(text, e.at);
    let source_line = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let (field, value) = match source_line.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() && !key.contains(['[', '"']) => {
            (key.trim().to_string(), value.trim())
        }
        _ => (String::from("file"), ""),
    };
    let quoted_or_typed =
        value.is_empty() || value.starts_with(['"', '\'', '[', '{']) || document::is_scalar(value);
    let hint = if quoted_or_typed {
        Text::same("")
    } else {
        text!(
            " — text must be in quotes, e.g. lan = \"10.0.1.0/24\"",
            " — il testo va tra virgolette, per esempio lan = \"10.0.1.0/24\""
        )
    };
    let why = text!("this is not valid TOML: ", "questo non è TOML valido: ");
    ScenarioError {
        line: Some(line),
        ..ScenarioError::new(field, why.then(e.message.clone()).then(hint))
    }
}

/// The conversion state: where each field is, and what went wrong so far.
struct Cx<'t> {
    text: &'t str,
    /// The byte offset of every `\n`, so a line number is a binary search, not a count
    /// from the start of the text (which made a large file take minutes).
    newlines: Vec<usize>,
    /// Field path and line, in the order the walk met them, for attaching lines to
    /// validation errors (looked up only for the problems shown).
    lines: Vec<(String, usize)>,
    /// Fields whose problems were already reported by the reading or the conversion.
    reported: SortedMap<String, ()>,
    /// Fields whose value had the wrong type: the conversion says nothing more about them
    /// or anything inside them (a `lan = 5` is not also "missing").
    unreadable: SortedMap<String, ()>,
    errors: Vec<ScenarioError>,
    /// Problems found after [`MAX_ERRORS`], counted and not kept.
    more: usize,
}

/// `path` and the fields around it, innermost first: `teams[1].lan`, `teams[1]`, `teams`.
fn enclosing(path: &str) -> impl Iterator<Item = &str> {
    core::iter::successors(Some(path), |p| p.rfind(['.', '[']).map(|i| &p[..i]))
}

impl Cx<'_> {
    /// The 1-based line of byte `offset`.
    fn line(&self, offset: usize) -> usize {
        self.newlines.partition_point(|&n| n < offset) + 1
    }

    fn mark(&mut self, path: &str, span: Range<usize>) {
        let line = self.line(span.start);
        self.lines.push((path.to_string(), line));
    }

    fn error(&mut self, path: &str, span: Option<Range<usize>>, message: Text) {
        if enclosing(path).any(|p| self.unreadable.contains_key(p)) {
            return;
        }
        if self.errors.len() >= MAX_ERRORS {
            self.more += 1;
            return;
        }
        let line = match span {
            Some(s) => Some(self.line(s.start)),
            None => self.line_for(path),
        };
        self.reported.insert(path.to_string(), ());
        self.errors.push(ScenarioError {
            line,
            ..ScenarioError::new(path, message)
        });
    }

    /// The line of `path`, or of the nearest enclosing field whose line is known (the
    /// last marked, as a field read twice is reported where it was read last).
    fn line_for(&self, path: &str) -> Option<usize> {
        enclosing(path).find_map(|p| {
            self.lines
                .iter()
                .rev()
                .find(|(marked, _)| marked == p)
                .map(|(_, line)| *line)
        })
    }

    /// A validation error about `field` repeats a conversion error when one was reported on
    /// the same field, inside it, or around it.
    fn already_reported(&self, field: &str) -> bool {
        self.reported
            .iter()
            .any(|(r, ())| within(field, r) || within(r, field))
    }
}

/// Step 2: the document walked into the raw structures. Each `read_*` reports a value of
/// the wrong type and answers `None`, so the value counts as absent.
impl Cx<'_> {
    fn read_scenario(&mut self, root: &Table) -> RawScenario {
        self.check_keys(
            "",
            Words::new(
                "at the top level of the file",
                "al livello più alto del file",
            ),
            root,
            SCENARIO_KEYS,
        );
        RawScenario {
            name: self.key(root, "", "name", Self::read_text),
            description: self.key(root, "", "description", Self::read_text),
            settings: self.key(root, "", "settings", Self::read_settings),
            teams: self
                .key(root, "", "teams", |cx, path, v| {
                    cx.read_tables(
                        path,
                        v,
                        Words::new(
                            "a list of teams: write [[teams]] (two brackets) above each team's keys",
                            "una lista di squadre: scrivi [[teams]] (due parentesi) sopra le \
                             chiavi di ogni squadra",
                        ),
                        Self::read_team,
                    )
                })
                .unwrap_or_default(),
            backbone: self.key(root, "", "backbone", Self::read_backbone),
            dns: self.key(root, "", "dns", Self::read_dns),
            balancer: self.key(root, "", "balancer", Self::read_balancer),
            goals: self.key(root, "", "goals", |cx, path, v| {
                cx.read_list(
                    path,
                    v,
                    Words::new(
                        "a list of goals in [ ], e.g. [\"handshake\", \"data\"]",
                        "una lista di manche tra [ ], per esempio [\"handshake\", \"data\"]",
                    ),
                    Self::read_text,
                )
            }),
            faults: self
                .key(root, "", "faults", |cx, path, v| {
                    cx.read_tables(
                        path,
                        v,
                        Words::new(
                            "a list of faults: write [[faults]] (two brackets) above each fault's \
                             keys",
                            "una lista di guasti: scrivi [[faults]] (due parentesi) sopra le \
                             chiavi di ogni guasto",
                        ),
                        Self::read_fault,
                    )
                })
                .unwrap_or_default(),
        }
    }

    fn read_settings(&mut self, path: &str, v: &Value) -> Option<RawSettings> {
        let t = self.read_table(
            path,
            v,
            Words::new(
                "one table: write [settings] (one bracket) above its keys",
                "una tabella sola: scrivi [settings] (una parentesi) sopra le sue chiavi",
            ),
        )?;
        self.check_keys(
            path,
            Words::new("in [settings]", "in [settings]"),
            t,
            SETTINGS_KEYS,
        );
        Some(RawSettings {
            isn: self.key(t, path, "isn", Self::read_text),
            referee: self.key(t, path, "referee", Self::read_text),
            speed: self.key(t, path, "speed", Self::read_whole),
            msl: self.key(t, path, "msl", Self::read_number),
            seed: self.key(t, path, "seed", Self::read_whole),
            link_delay: self.key(t, path, "link_delay", Self::read_number),
            think_time: self.key(t, path, "think_time", Self::read_number),
            loss: self.key(t, path, "loss", Self::read_whole),
            bots_wait: self.key(t, path, "bots_wait", Self::read_bool),
            nodelay: self.key(t, path, "nodelay", Self::read_bool),
        })
    }

    fn read_team(&mut self, path: &str, t: &Table) -> RawTeam {
        self.check_keys(
            path,
            Words::new("in a team", "in una squadra"),
            t,
            TEAM_KEYS,
        );
        RawTeam {
            name: self.key(t, path, "name", Self::read_text),
            lan: self.key(t, path, "lan", Self::read_text),
            clients: self
                .key(t, path, "clients", |cx, path, v| {
                    cx.read_list(
                        path,
                        v,
                        Words::new(
                            "a list of names in [ ], e.g. [\"Alice\", \"Bob\"]",
                            "una lista di nomi tra [ ], per esempio [\"Alice\", \"Bob\"]",
                        ),
                        Self::read_text,
                    )
                })
                .map(Spanned::into_inner)
                .unwrap_or_default(),
            server_ports: self.key(t, path, "server_ports", |cx, path, v| {
                cx.read_list(
                    path,
                    v,
                    Words::new(
                        "a list of ports in [ ], e.g. [23]",
                        "una lista di porte tra [ ], per esempio [23]",
                    ),
                    Self::read_whole,
                )
            }),
            routes: self
                .key(t, path, "routes", |cx, path, v| {
                    cx.read_tables(
                        path,
                        v,
                        Words::new(
                            "a list of routes, e.g. routes = [{ prefix = \"10.0.2.0/24\", via = \"Blue\" }]",
                            "una lista di rotte, per esempio routes = [{ prefix = \"10.0.2.0/24\", via = \"Blue\" }]",
                        ),
                        Self::read_route,
                    )
                })
                .unwrap_or_default(),
        }
    }

    fn read_route(&mut self, path: &str, t: &Table) -> RawRoute {
        self.check_keys(
            path,
            Words::new("in a route", "in una rotta"),
            t,
            ROUTE_KEYS,
        );
        RawRoute {
            prefix: self.key(t, path, "prefix", Self::read_text),
            via: self.key(t, path, "via", Self::read_text),
        }
    }

    fn read_backbone(&mut self, path: &str, v: &Value) -> Option<Spanned<RawBackbone>> {
        let t = self.read_table(
            path,
            v,
            Words::new(
                "one table: write [backbone] (one bracket) above its keys",
                "una tabella sola: scrivi [backbone] (una parentesi) sopra le sue chiavi",
            ),
        )?;
        self.check_keys(
            path,
            Words::new("in [backbone]", "in [backbone]"),
            t,
            BACKBONE_KEYS,
        );
        let raw = RawBackbone {
            prefix: self.key(t, path, "prefix", Self::read_text),
            links: self
                .key(t, path, "links", |cx, path, v| {
                    cx.read_list(
                        path,
                        v,
                        Words::new(
                            "a list of pairs of teams, e.g. [[\"Red\", \"Blue\"], [\"Blue\", \"Green\"]]",
                            "una lista di coppie di squadre, per esempio [[\"Red\", \"Blue\"], [\"Blue\", \"Green\"]]",
                        ),
                        Self::read_pair,
                    )
                })
                .map(Spanned::into_inner)
                .unwrap_or_default(),
        };
        Some(Spanned::new(v.span(), raw))
    }

    fn read_balancer(&mut self, path: &str, v: &Value) -> Option<Spanned<RawBalancer>> {
        let t = self.read_table(
            path,
            v,
            Words::new(
                "one table: write [balancer] (one bracket) above its keys",
                "una tabella sola: scrivi [balancer] (una parentesi) sopra le sue chiavi",
            ),
        )?;
        self.check_keys(
            path,
            Words::new("in [balancer]", "in [balancer]"),
            t,
            BALANCER_KEYS,
        );
        let raw = RawBalancer {
            vip: self.key(t, path, "vip", Self::read_text),
            backends: self.key(t, path, "backends", |cx, path, v| {
                cx.read_list(
                    path,
                    v,
                    Words::new(
                        "a list of team names in [ ], e.g. [\"Red\", \"Blue\"]",
                        "un elenco di nomi di squadre tra [ ], per esempio [\"Red\", \"Blue\"]",
                    ),
                    Self::read_text,
                )
            }),
        };
        Some(Spanned::new(v.span(), raw))
    }

    fn read_dns(&mut self, path: &str, v: &Value) -> Option<Spanned<RawDns>> {
        let t = self.read_table(
            path,
            v,
            Words::new(
                "one table: write [dns] (one bracket) above its keys",
                "una tabella sola: scrivi [dns] (una parentesi) sopra le sue chiavi",
            ),
        )?;
        self.check_keys(path, Words::new("in [dns]", "in [dns]"), t, DNS_KEYS);
        let raw = RawDns {
            zone: self.key(t, path, "zone", Self::read_text),
            ttl: self.key(t, path, "ttl", Self::read_whole),
            records: self
                .key(t, path, "records", |cx, path, v| {
                    cx.read_list(
                        path,
                        v,
                        Words::new(
                            "a list of [name, address] pairs, e.g. [[\"www.game\", \"10.0.1.1\"]]",
                            "una lista di coppie [nome, indirizzo], per esempio [[\"www.game\", \"10.0.1.1\"]]",
                        ),
                        |cx, path, v| {
                            cx.read_list(
                                path,
                                v,
                                Words::new(
                                    "a name and an address in [ ], e.g. [\"www.game\", \"10.0.1.1\"]",
                                    "un nome e un indirizzo tra [ ], per esempio [\"www.game\", \"10.0.1.1\"]",
                                ),
                                Self::read_text,
                            )
                            .map(|l| {
                                let span = l.span();
                                let words = l.into_inner().into_iter().map(Spanned::into_inner);
                                Spanned::new(span, words.collect())
                            })
                        },
                    )
                })
                .map(Spanned::into_inner)
                .unwrap_or_default(),
        };
        Some(Spanned::new(v.span(), raw))
    }

    fn read_fault(&mut self, path: &str, t: &Table) -> RawFault {
        self.check_keys(
            path,
            Words::new("in a fault", "in un guasto"),
            t,
            FAULT_KEYS,
        );
        RawFault {
            at: self.key(t, path, "at", Self::read_number),
            kind: self.key(t, path, "kind", Self::read_text),
            team: self.key(t, path, "team", Self::read_text),
            client: self.key(t, path, "client", Self::read_text),
            link: self.key(t, path, "link", Self::read_pair),
            matching: self.key(t, path, "matching", Self::read_bool),
            code: self.key(t, path, "code", Self::read_whole),
            seconds: self.key(t, path, "seconds", Self::read_number),
            prefix: self.key(t, path, "prefix", Self::read_text),
        }
    }

    /// Two team names, as a backbone link or the link a fault hits; how many there are is
    /// checked by the conversion, which says so in a team-sized sentence.
    fn read_pair(&mut self, path: &str, v: &Value) -> Option<Spanned<Vec<String>>> {
        let names = self.read_list(
            path,
            v,
            Words::new(
                "two team names in [ ], e.g. [\"Red\", \"Blue\"]",
                "due nomi di squadra tra [ ], per esempio [\"Red\", \"Blue\"]",
            ),
            Self::read_text,
        )?;
        let span = names.span();
        let names = names.into_inner().into_iter().map(Spanned::into_inner);
        Some(Spanned::new(span, names.collect()))
    }

    /// Reports every key of `t` that is not `allowed` there, with the keys that are.
    fn check_keys(&mut self, path: &str, place: Words, t: &Table, allowed: &[&str]) {
        for key in t.keys() {
            let name: &str = key.get_ref();
            if allowed.contains(&name) {
                continue;
            }
            let listed: Vec<String> = allowed.iter().map(|k| format!("`{k}`")).collect();
            let listed = listed.join(", ");
            let guess = if !path.is_empty() && SCENARIO_KEYS.contains(&name) {
                text!(
                    " (`{name}` belongs at the top level: move it above the first [table] header)",
                    " (`{name}` va al livello più alto: spostala sopra la prima intestazione \
                     [tabella])"
                )
            } else {
                allowed
                    .iter()
                    .find(|k| one_edit_apart(&name.to_ascii_lowercase(), k))
                    .map(|k| text!(" (did you mean `{k}`?)", " (forse volevi `{k}`?)"))
                    .unwrap_or_else(|| Text::same(""))
            };
            let (place_en, place_it) = (place.en, place.it);
            let unknown = text!(
                "unknown key `{name}` {place_en}",
                "chiave sconosciuta `{name}` {place_it}"
            );
            let allowed_there = text!(
                "; the keys allowed there are {listed}",
                "; lì le chiavi ammesse sono {listed}"
            );
            // Not `error`: an unknown key hides nothing, so it silences no other message.
            if self.errors.len() >= MAX_ERRORS {
                self.more += 1;
                continue;
            }
            self.errors.push(ScenarioError {
                line: Some(self.line(key.span().start)),
                ..ScenarioError::new(join(path, name), unknown.then(guess).then(allowed_there))
            });
        }
    }

    /// The value of `key` in table `t` (at `path`), read by `read` when present.
    fn key<T>(
        &mut self,
        t: &Table,
        path: &str,
        key: &str,
        read: impl FnOnce(&mut Self, &str, &Value) -> Option<T>,
    ) -> Option<T> {
        let v = t.get(key)?;
        read(self, &join(path, key), v)
    }

    fn read_text(&mut self, path: &str, v: &Value) -> Option<Spanned<String>> {
        match v.get_ref() {
            document::Value::String(s) => Some(Spanned::new(v.span(), s.to_string())),
            _ => self.wrong_type(
                path,
                v,
                Words::new("text in quotes", "testo tra virgolette"),
            ),
        }
    }

    fn read_whole(&mut self, path: &str, v: &Value) -> Option<Spanned<i64>> {
        let document::Value::Integer(n) = v.get_ref() else {
            return self.wrong_type(path, v, Words::new("a whole number", "un numero intero"));
        };
        match n {
            Some(n) => Some(Spanned::new(v.span(), *n)),
            None => {
                let shown = self.shown(v.span());
                self.unreadable(
                    path,
                    v.span(),
                    text!(
                        "{shown} is far too large",
                        "{shown} è davvero troppo grande"
                    ),
                )
            }
        }
    }

    /// A number, whole or not (`at = 60` and `at = 1.5` both mean seconds).
    fn read_number(&mut self, path: &str, v: &Value) -> Option<Spanned<f64>> {
        let n = match v.get_ref() {
            document::Value::Float(f) => Some(*f),
            // Exact up to 2^53, far beyond any sensible number of seconds.
            document::Value::Integer(n) => n.map(|n| n as f64),
            _ => return self.wrong_type(path, v, Words::new("a number", "un numero")),
        };
        match n {
            Some(n) => Some(Spanned::new(v.span(), n)),
            None => self.unreadable(
                path,
                v.span(),
                text!(
                    "this number is far too large",
                    "questo numero è davvero troppo grande"
                ),
            ),
        }
    }

    fn read_bool(&mut self, path: &str, v: &Value) -> Option<Spanned<bool>> {
        match v.get_ref() {
            document::Value::Boolean(b) => Some(Spanned::new(v.span(), *b)),
            _ => self.wrong_type(
                path,
                v,
                Words::new(
                    "true or false (without quotes)",
                    "true o false (senza virgolette)",
                ),
            ),
        }
    }

    fn read_table<'v>(&mut self, path: &str, v: &'v Value, expected: Words) -> Option<&'v Table> {
        match v.get_ref() {
            document::Value::Table(t) => Some(t),
            _ => self.wrong_type(path, v, expected),
        }
    }

    fn read_array<'v>(&mut self, path: &str, v: &'v Value, expected: Words) -> Option<&'v Array> {
        match v.get_ref() {
            document::Value::Array(a) => Some(a),
            _ => self.wrong_type(path, v, expected),
        }
    }

    /// A list whose items are read by `read`; an item of the wrong type is reported and
    /// kept as a default placeholder, so the items after it keep their index in messages.
    fn read_list<T: Default>(
        &mut self,
        path: &str,
        v: &Value,
        expected: Words,
        read: fn(&mut Self, &str, &Value) -> Option<Spanned<T>>,
    ) -> Option<Spanned<Vec<Spanned<T>>>> {
        let items = self.read_array(path, v, expected)?;
        self.within_limit(path, v, items)?;
        let read_all = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                read(self, &format!("{path}[{i}]"), item)
                    .unwrap_or_else(|| Spanned::new(item.span(), T::default()))
            })
            .collect();
        Some(Spanned::new(v.span(), read_all))
    }

    /// A list of tables (`[[teams]]`, or `[{ … }, { … }]` inline); an item that is not a
    /// table is reported and read as an empty one, which then says nothing more.
    fn read_tables<T: Default>(
        &mut self,
        path: &str,
        v: &Value,
        expected: Words,
        read: fn(&mut Self, &str, &Table) -> T,
    ) -> Option<Vec<Spanned<T>>> {
        let items = self.read_array(path, v, expected)?;
        self.within_limit(path, v, items)?;
        let read_all = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let path = format!("{path}[{i}]");
                let expected =
                    Words::new("a table of keys in { }", "una tabella di chiavi tra { }");
                let raw = match self.read_table(&path, item, expected) {
                    Some(t) => read(self, &path, t),
                    None => T::default(),
                };
                Spanned::new(item.span(), raw)
            })
            .collect();
        Some(read_all)
    }

    /// A list longer than a game can use is refused before its items are read, so a file
    /// of a million entries is one clear problem, found at once.
    fn within_limit(&mut self, path: &str, v: &Value, items: &Array) -> Option<()> {
        let n = items.iter().len();
        let field = path.rsplit(['.', '[']).next().unwrap_or(path);
        let (max, what) = match field {
            "teams" => (
                MAX_TEAMS,
                Words::new("teams in a game", "squadre in una partita"),
            ),
            "clients" => (
                MAX_CLIENTS,
                Words::new("clients in a team", "client in una squadra"),
            ),
            "server_ports" => (
                MAX_PORTS,
                Words::new(
                    "ports a server listens on",
                    "porte su cui ascolta un server",
                ),
            ),
            "routes" => (
                MAX_ROUTES,
                Words::new(
                    "routes in a team's table",
                    "rotte nella tabella di una squadra",
                ),
            ),
            "links" => (
                MAX_LINKS,
                Words::new("links on the backbone", "collegamenti sulla dorsale"),
            ),
            "faults" => (
                MAX_FAULTS,
                Words::new("faults in a scenario", "guasti in uno scenario"),
            ),
            _ => return Some(()),
        };
        if n <= max {
            return Some(());
        }
        let (what_en, what_it) = (what.en, what.it);
        let message = text!(
            "there are at most {max} {what_en}, and this list has {n}",
            "ci sono al massimo {max} {what_it}, e questa lista ne ha {n}"
        );
        self.unreadable(path, v.span(), message)
    }

    /// Reports that `v` is not what `path` must be, showing what it is.
    fn wrong_type<T>(&mut self, path: &str, v: &Value, expected: Words) -> Option<T> {
        let shown = self.shown(v.span());
        let found = match v.get_ref() {
            document::Value::String(_) => text!("text: {shown}", "testo: {shown}"),
            document::Value::Array(_) if shown.starts_with("[[") => {
                text!("a list of tables: {shown}", "una lista di tabelle: {shown}")
            }
            document::Value::Array(_) => text!("a list: {shown}", "una lista: {shown}"),
            document::Value::Table(_) if shown.starts_with('[') => {
                text!("one table: {shown}", "una tabella sola: {shown}")
            }
            document::Value::Table(_) if shown.starts_with('{') => {
                text!("a table: {shown}", "una tabella: {shown}")
            }
            document::Value::Table(_) => text!("a table of keys", "una tabella di chiavi"),
            document::Value::Integer(_)
            | document::Value::Float(_)
            | document::Value::Boolean(_)
            | document::Value::Datetime => Text::same(shown),
        };
        let (expected_en, expected_it) = (expected.en, expected.it);
        let must = text!(
            "must be {expected_en}, but it is ",
            "deve essere {expected_it}, ma è "
        );
        self.unreadable(path, v.span(), must.then(found))
    }

    /// Reports the value at `path` as unreadable: nothing more is said about it.
    fn unreadable<T>(&mut self, path: &str, span: Range<usize>, message: Text) -> Option<T> {
        self.error(path, Some(span), message);
        self.unreadable.insert(path.to_string(), ());
        None
    }

    /// The text at `span`, cut to its first line and [`SHOWN_CHARS`] characters.
    fn shown(&self, span: Range<usize>) -> String {
        let all = self.text.get(span).unwrap_or_default();
        let first = all.lines().next().unwrap_or_default();
        match first.char_indices().nth(SHOWN_CHARS) {
            Some((cut, _)) => format!("{}…", &first[..cut]),
            None if first.len() < all.len() => format!("{first}…"),
            None => first.to_string(),
        }
    }
}

/// Step 3: the raw values converted into a [`Scenario`].
impl Cx<'_> {
    fn scenario(&mut self, raw: RawScenario) -> Scenario {
        let name = match raw.name {
            Some(n) => {
                self.mark("name", n.span());
                n.into_inner()
            }
            None => {
                self.error(
                    "name",
                    Some(0..0),
                    text!(
                        "every scenario needs a name at the top, e.g. name = \"Friday class\"",
                        "ogni scenario ha bisogno di un nome in cima, per esempio \
                         name = \"Friday class\""
                    ),
                );
                String::new()
            }
        };
        let settings = match raw.settings {
            Some(s) => self.settings(s),
            None => Settings::default(),
        };
        let teams: Vec<TeamSpec> = raw
            .teams
            .into_iter()
            .enumerate()
            .map(|(i, t)| self.team(i, t))
            .collect();
        let backbone = raw.backbone.map(|b| self.backbone(b));
        let goals = match raw.goals {
            Some(g) => self.goals(g),
            // Every round, except that one played across LANs needs routers linked to
            // other LANs.
            None if backbone.is_some() => Goal::ALL.to_vec(),
            None => Goal::ALL
                .into_iter()
                .filter(|g| g.destination() != Destination::OtherTeam)
                .collect(),
        };
        let mut scenario = Scenario {
            name,
            description: raw.description.map(Spanned::into_inner).unwrap_or_default(),
            settings,
            teams,
            backbone,
            goals,
            faults: Vec::new(),
            dns: raw.dns.map(|d| alloc::boxed::Box::new(self.dns(d))),
            balancer: raw
                .balancer
                .and_then(|b| self.balancer(b).map(alloc::boxed::Box::new)),
        };
        scenario.faults = raw
            .faults
            .into_iter()
            .enumerate()
            .map(|(f, r)| self.fault(&scenario, f, r))
            .collect();
        scenario
    }

    fn settings(&mut self, raw: RawSettings) -> Settings {
        let mut s = Settings::default();
        if let Some(v) = raw.isn {
            self.mark("settings.isn", v.span());
            let word = v.get_ref().trim().to_ascii_lowercase();
            match Isn::ALL.into_iter().find(|isn| isn.key() == word) {
                Some(isn) => s.isn = isn,
                None => self.error(
                    "settings.isn",
                    Some(v.span()),
                    text!(
                        "isn is \"{word}\", but it must be \"zero\" (every connection starts \
                         at 0, like the paper game) or \"random\" (like real TCP)",
                        "isn è \"{word}\", ma deve essere \"zero\" (ogni connessione parte da \
                         0, come nel gioco di carta) o \"random\" (come il vero TCP)"
                    ),
                ),
            }
        }
        if let Some(v) = raw.referee {
            self.mark("settings.referee", v.span());
            let word = v.get_ref().trim().to_ascii_lowercase();
            match Referee::ALL
                .into_iter()
                .find(|referee| referee.key() == word)
            {
                Some(referee) => s.referee = referee,
                None => self.error(
                    "settings.referee",
                    Some(v.span()),
                    text!(
                        "referee is \"{word}\", but it must be \"coach\" (wrong cards come back \
                         with an explanation) or \"real\" (wrong cards go out as written)",
                        "referee è \"{word}\", ma deve essere \"coach\" (le carte sbagliate \
                         tornano indietro con una spiegazione) o \"real\" (le carte sbagliate \
                         partono così come sono scritte)"
                    ),
                ),
            }
        }
        if let Some(v) = raw.speed
            && let Some(n) = self.whole(
                "settings.speed",
                &v,
                Words::new("a percentage such as 100", "una percentuale come 100"),
            )
        {
            s.speed_percent = n;
        }
        if let Some(v) = raw.loss
            && let Some(n) = self.whole(
                "settings.loss",
                &v,
                Words::new("a percentage from 0 to 90", "una percentuale da 0 a 90"),
            )
        {
            s.loss_percent = n;
        }
        if let Some(v) = raw.seed
            && let Some(n) = self.whole(
                "settings.seed",
                &v,
                Words::new("a whole number, 0 or more", "un numero intero, 0 o più"),
            )
        {
            s.seed = n;
        }
        if let Some(v) = raw.msl
            && let Some(d) = self.seconds("settings.msl", &v)
        {
            s.msl = d;
        }
        if let Some(v) = raw.link_delay
            && let Some(d) = self.seconds("settings.link_delay", &v)
        {
            s.link_delay = d;
        }
        if let Some(v) = raw.think_time
            && let Some(d) = self.seconds("settings.think_time", &v)
        {
            s.think_time = d;
        }
        if let Some(v) = raw.bots_wait {
            self.mark("settings.bots_wait", v.span());
            s.bots_wait = *v.get_ref();
        }
        if let Some(v) = raw.nodelay {
            self.mark("settings.nodelay", v.span());
            s.nodelay = *v.get_ref();
        }
        s
    }

    /// A whole number that must fit `T` (validation checks the finer range).
    fn whole<T: TryFrom<i64>>(&mut self, path: &str, v: &Spanned<i64>, what: Words) -> Option<T> {
        self.mark(path, v.span());
        let n = *v.get_ref();
        let converted = T::try_from(n).ok();
        if converted.is_none() {
            self.error(path, Some(v.span()), {
                let (what_en, what_it) = (what.en, what.it);
                text!(
                    "{n} is out of range: write {what_en}",
                    "{n} è fuori intervallo: scrivi {what_it}"
                )
            });
        }
        converted
    }

    /// A number of seconds (fractions allowed) as a [`Duration`]; NaN, negative and
    /// absurdly large values are reported instead of wrapping or saturating silently.
    fn seconds(&mut self, path: &str, v: &Spanned<f64>) -> Option<Duration> {
        self.mark(path, v.span());
        let secs = *v.get_ref();
        // The number as written in the file: what the person typed, and no float formatter
        // in the browser's bundle.
        let written = self.text.get(v.span()).unwrap_or("this number");
        if secs.is_nan() || secs < 0.0 {
            self.error(
                path,
                Some(v.span()),
                text!(
                    "{written} is not a duration: write a number of seconds, 0 or more, e.g. 1.5",
                    "{written} non è una durata: scrivi un numero di secondi, 0 o più, per \
                     esempio 1.5"
                ),
            );
            None
        } else if secs > MAX_SECONDS {
            self.error(
                path,
                Some(v.span()),
                text!(
                    "{written} seconds is far too long",
                    "{written} secondi sono davvero troppi"
                ),
            );
            None
        } else {
            // In range by the check above; `as` rounds toward zero after adding 0.5.
            Some(Duration::from_micros((secs * 1e6 + 0.5) as u64))
        }
    }

    fn prefix(&mut self, path: &str, v: &Spanned<String>) -> Option<Prefix> {
        self.mark(path, v.span());
        match v.get_ref().parse::<Prefix>() {
            Ok(p) => Some(p),
            Err(why) => {
                let (written, why) = (v.get_ref(), why.words());
                let (why_en, why_it) = (why.en, why.it);
                self.error(
                    path,
                    Some(v.span()),
                    text!("\"{written}\": {why_en}", "\"{written}\": {why_it}"),
                );
                None
            }
        }
    }

    fn team(&mut self, i: usize, raw: Spanned<RawTeam>) -> TeamSpec {
        let at = |field: &str| format!("teams[{i}].{field}");
        let table = raw.span();
        self.mark(&format!("teams[{i}]"), table.clone());
        let raw = raw.into_inner();
        let name = match raw.name {
            Some(n) => {
                self.mark(&at("name"), n.span());
                n.into_inner()
            }
            None => {
                self.error(
                    &at("name"),
                    Some(table.clone()),
                    text!(
                        "every team needs a name, e.g. name = \"Red\"",
                        "ogni squadra ha bisogno di un nome, per esempio name = \"Red\""
                    ),
                );
                format!("team {}", i.saturating_add(1))
            }
        };
        let parsed_lan = match raw.lan {
            Some(l) => self.prefix(&at("lan"), &l),
            None => {
                self.error(&at("lan"), Some(table.clone()), {
                    let third = i.saturating_add(1).min(255);
                    text!(
                        "team {name} needs a lan, e.g. lan = \"10.0.{third}.0/24\"",
                        "la squadra {name} ha bisogno di una lan, per esempio \
                             lan = \"10.0.{third}.0/24\""
                    )
                });
                None
            }
        };
        // Class E (RFC 1112 §4) placeholders, four addresses apart, overlap nothing real.
        let placeholder = u32::from(Ipv4Addr::new(240, 0, 0, 0))
            .saturating_add(u32::try_from(i).unwrap_or(0).saturating_mul(4));
        let lan = parsed_lan.unwrap_or_else(|| Prefix::new(Ipv4Addr::from(placeholder), 30));
        // An empty or missing list is reported at the team's [[teams]] line.
        let clients_at = raw.clients.first().map_or(table.clone(), Spanned::span);
        self.mark(&at("clients"), clients_at);
        let clients = raw
            .clients
            .into_iter()
            .enumerate()
            .map(|(c, n)| {
                self.mark(&at(&format!("clients[{c}]")), n.span());
                n.into_inner()
            })
            .collect();
        let server_ports = match raw.server_ports {
            Some(ports) => {
                self.mark(&at("server_ports"), ports.span());
                let mut out = Vec::new();
                for p in ports.into_inner() {
                    match u16::try_from(*p.get_ref()) {
                        Ok(port) => out.push(port),
                        Err(_) => self.error(&at("server_ports"), Some(p.span()), {
                            let port = p.get_ref();
                            text!(
                                "{port} is not a port: ports go from 1 to 65535",
                                "{port} non è una porta: le porte vanno da 1 a 65535"
                            )
                        }),
                    }
                }
                out
            }
            None => alloc::vec![TELNET_PORT],
        };
        let routes = raw
            .routes
            .into_iter()
            .enumerate()
            .map(|(r, route)| self.route(i, r, route))
            .collect();
        TeamSpec {
            name,
            lan,
            clients,
            server_ports,
            routes,
        }
    }

    fn route(&mut self, i: usize, r: usize, raw: Spanned<RawRoute>) -> RouteSpec {
        let path = format!("teams[{i}].routes[{r}]");
        let span = raw.span();
        self.mark(&path, span.clone());
        let raw = raw.into_inner();
        let prefix = match raw.prefix {
            Some(p) => self.prefix(&format!("{path}.prefix"), &p),
            None => {
                self.error(
                    &format!("{path}.prefix"),
                    Some(span.clone()),
                    text!(
                        "a route needs a prefix, e.g. prefix = \"10.0.2.0/24\"",
                        "una rotta ha bisogno di un prefix, per esempio prefix = \"10.0.2.0/24\""
                    ),
                );
                None
            }
        };
        let placeholder =
            u32::from(Ipv4Addr::new(242, 0, 0, 0)).saturating_add(u32::try_from(r).unwrap_or(0));
        let via = match raw.via {
            Some(v) => {
                self.mark(&format!("{path}.via"), v.span());
                v.into_inner()
            }
            None => {
                self.error(
                    &format!("{path}.via"),
                    Some(span),
                    text!(
                        "a route needs a via: the team whose router the packets go to",
                        "una rotta ha bisogno di un via: la squadra al cui router vanno i pacchetti"
                    ),
                );
                String::new()
            }
        };
        RouteSpec {
            prefix: prefix.unwrap_or_else(|| Prefix::new(Ipv4Addr::from(placeholder), 32)),
            via,
        }
    }

    fn backbone(&mut self, raw: Spanned<RawBackbone>) -> Backbone {
        let span = raw.span();
        self.mark("backbone", span.clone());
        let raw = raw.into_inner();
        let prefix = match raw.prefix {
            Some(p) => self.prefix("backbone.prefix", &p),
            None => {
                self.error(
                    "backbone.prefix",
                    Some(span),
                    text!(
                        "the backbone needs a prefix, e.g. prefix = \"192.168.0.0/24\"",
                        "la dorsale ha bisogno di un prefix, per esempio prefix = \"192.168.0.0/24\""
                    ),
                );
                None
            }
        };
        let mut links = Vec::new();
        for (l, link) in raw.links.into_iter().enumerate() {
            let path = format!("backbone.links[{l}]");
            self.mark(&path, link.span());
            let span = link.span();
            let names = link.into_inner();
            if let [a, b] = names.as_slice() {
                links.push((a.clone(), b.clone()));
            } else {
                self.error(&path, Some(span), {
                    let n = names.len();
                    text!(
                        "a link names exactly two teams, e.g. [\"Red\", \"Blue\"], not {n}",
                        "un collegamento nomina esattamente due squadre, per esempio \
                             [\"Red\", \"Blue\"], non {n}"
                    )
                });
                let first = names.first().cloned().unwrap_or_default();
                links.push((first.clone(), first));
            }
        }
        let placeholder = Prefix::new(Ipv4Addr::new(241, 0, 0, 0), 24);
        Backbone {
            prefix: prefix.unwrap_or(placeholder),
            links,
        }
    }

    /// The `[dns]` table; names and addresses are checked by `validate`, which finds the
    /// line of each record through the marks made here.
    fn dns(&mut self, raw: Spanned<RawDns>) -> DnsSpec {
        self.mark("dns", raw.span());
        let raw = raw.into_inner();
        let mut spec = DnsSpec::default();
        if let Some(zone) = raw.zone {
            self.mark("dns.zone", zone.span());
            spec.zone = zone.into_inner().trim().to_string();
        }
        if let Some(ttl) = raw.ttl {
            self.mark("dns.ttl", ttl.span());
            match u32::try_from(*ttl.get_ref()) {
                Ok(t) => spec.ttl = t,
                Err(_) => self.error("dns.ttl", Some(ttl.span()), {
                    let ttl = ttl.get_ref();
                    text!(
                        "{ttl} is not a TTL: write seconds, e.g. 300",
                        "{ttl} non è un TTL: scrivi dei secondi, per esempio 300"
                    )
                }),
            }
        }
        for (i, record) in raw.records.into_iter().enumerate() {
            let path = format!("dns.records[{i}]");
            let span = record.span();
            self.mark(&path, span.clone());
            let words = record.into_inner();
            let [name, addr] = words.as_slice() else {
                self.error(&path, Some(span), {
                    let n = words.len();
                    text!(
                        "a record is a name and an address, e.g. [\"www.game\", \"10.0.1.1\"], \
                             not {n} values",
                        "un record è un nome e un indirizzo, per esempio \
                             [\"www.game\", \"10.0.1.1\"], non {n} valori"
                    )
                });
                continue;
            };
            match addr.trim().parse::<Ipv4Addr>() {
                Ok(a) => spec.records.push((name.trim().to_string(), a)),
                Err(_) => self.error(
                    &path,
                    Some(span),
                    text!(
                        "{addr:?} is not an IPv4 address: write it like 10.0.1.1",
                        "{addr:?} non è un indirizzo IPv4: scrivilo come 10.0.1.1"
                    ),
                ),
            }
        }
        spec
    }

    /// The `[balancer]` table; the VIP's place and the backends' names are checked by
    /// `validate`, which finds their lines through the marks made here. `None` when the
    /// VIP is missing or unreadable (said here, with its line).
    fn balancer(&mut self, raw: Spanned<RawBalancer>) -> Option<BalancerSpec> {
        let span = raw.span();
        self.mark("balancer", span.clone());
        let raw = raw.into_inner();
        let mut backends = Vec::new();
        if let Some(list) = raw.backends {
            self.mark("balancer.backends", list.span());
            for (i, name) in list.into_inner().into_iter().enumerate() {
                self.mark(&format!("balancer.backends[{i}]"), name.span());
                backends.push(name.into_inner().trim().to_string());
            }
        }
        let Some(vip) = raw.vip else {
            self.error(
                "balancer.vip",
                Some(span),
                text!(
                    "the balancer needs its service address, e.g. vip = \"10.0.1.100\"",
                    "il bilanciatore ha bisogno del suo indirizzo di servizio, per esempio vip = \
                     \"10.0.1.100\""
                ),
            );
            return None;
        };
        self.mark("balancer.vip", vip.span());
        match vip.get_ref().trim().parse::<Ipv4Addr>() {
            Ok(vip) => Some(BalancerSpec { vip, backends }),
            Err(_) => {
                let typed = vip.get_ref();
                let text = text!(
                    "{typed:?} is not an IPv4 address: write it like 10.0.1.100",
                    "{typed:?} non è un indirizzo IPv4: scrivilo come 10.0.1.100"
                );
                self.error("balancer.vip", Some(vip.span()), text);
                None
            }
        }
    }

    fn goals(&mut self, raw: Spanned<Vec<Spanned<String>>>) -> Vec<Goal> {
        self.mark("goals", raw.span());
        let mut goals = Vec::new();
        for (g, name) in raw.into_inner().into_iter().enumerate() {
            let path = format!("goals[{g}]");
            self.mark(&path, name.span());
            match Goal::from_key(name.get_ref()) {
                Some(goal) => goals.push(goal),
                None => {
                    let known: Vec<&str> = Goal::ALL.iter().map(Goal::key).collect();
                    let (written, known) = (name.get_ref(), known.join(", "));
                    self.error(
                        &path,
                        Some(name.span()),
                        text!(
                            "there is no goal \"{written}\"; the goals are {known}",
                            "non c'è nessuna manche \"{written}\"; le manche sono {known}"
                        ),
                    );
                }
            }
        }
        goals
    }

    fn fault(&mut self, s: &Scenario, f: usize, raw: Spanned<RawFault>) -> ScriptedFault {
        let path = format!("faults[{f}]");
        let at_field = |field: &str| format!("faults[{f}].{field}");
        let span = raw.span();
        self.mark(&path, span.clone());
        let raw = raw.into_inner();

        let at = match &raw.at {
            Some(v) => self.seconds(&at_field("at"), v).unwrap_or(Duration::ZERO),
            None => {
                self.error(
                    &at_field("at"),
                    Some(span.clone()),
                    text!(
                        "a fault needs at: the seconds after the start when it fires, e.g. at = 60",
                        "un guasto ha bisogno di at: i secondi dall'inizio in cui scatta, per \
                         esempio at = 60"
                    ),
                );
                Duration::ZERO
            }
        };
        let kind = self.fault_kind(f, &raw, span.clone());
        let target = self.fault_target(s, f, &raw, span);
        if self.reported.iter().any(|(r, ())| within(r, &path)) {
            // Whatever validation would add about a broken fault is noise.
            self.reported.insert(path, ());
        }
        ScriptedFault {
            at,
            fault: Fault {
                kind: kind.unwrap_or(FaultKind::Drop),
                target: target.unwrap_or(FaultTarget::Team(0)),
            },
        }
    }

    fn fault_kind(&mut self, f: usize, raw: &RawFault, span: Range<usize>) -> Option<FaultKind> {
        let field = |name: &str| format!("faults[{f}].{name}");
        let Some(kind) = &raw.kind else {
            self.error(
                &field("kind"),
                Some(span),
                text!(
                    "a fault needs a kind: ",
                    "un guasto ha bisogno di un kind: "
                )
                .then(kinds()),
            );
            return None;
        };
        self.mark(&field("kind"), kind.span());
        let word = kind.get_ref().trim().replace('-', "_").to_ascii_lowercase();
        let Some(default) = FaultKind::from_key(&word) else {
            self.error(
                &field("kind"),
                Some(kind.span()),
                text!(
                    "there is no fault kind \"{word}\"; ",
                    "non c'è nessun tipo di guasto \"{word}\"; "
                )
                .then(kinds()),
            );
            return None;
        };
        // The setting the kind takes, or its default when the file leaves it out.
        let takes = default.setting().key();
        let setting = match default.setting() {
            Setting::None => Some(Setting::None),
            Setting::Matching(m) => Some(Setting::Matching(
                raw.matching.as_ref().map_or(m, |m| *m.get_ref()),
            )),
            Setting::Code(c) => match &raw.code {
                Some(code) => self
                    .whole(
                        &field("code"),
                        code,
                        Words::new("a code from 0 to 15", "un codice da 0 a 15"),
                    )
                    .map(Setting::Code),
                None => Some(Setting::Code(c)),
            },
            Setting::Delay(by) => match &raw.seconds {
                Some(v) => self.seconds(&field("seconds"), v).map(Setting::Delay),
                None => Some(Setting::Delay(by)),
            },
            Setting::Prefix(_) => match &raw.prefix {
                Some(p) => self.prefix(&field("prefix"), p).map(Setting::Prefix),
                None => {
                    self.error(
                        &field("prefix"),
                        Some(kind.span()),
                        text!(
                            "a {word} fault needs the prefix of the route, e.g. \
                             prefix = \"10.0.2.0/24\"",
                            "un guasto {word} ha bisogno del prefisso della rotta, per esempio \
                             prefix = \"10.0.2.0/24\""
                        ),
                    );
                    None
                }
            },
        };
        let given = [
            raw.matching.as_ref().map(Spanned::span),
            raw.code.as_ref().map(Spanned::span),
            raw.seconds.as_ref().map(Spanned::span),
            raw.prefix.as_ref().map(Spanned::span),
        ];
        for (param, present) in Setting::KEYS.into_iter().zip(given) {
            if let Some(param_span) = present
                && takes != Some(param)
            {
                self.error(
                    &field(param),
                    Some(param_span),
                    text!(
                        "a {word} fault has no {param}: remove it",
                        "un guasto {word} non ha {param}: toglilo"
                    ),
                );
            }
        }
        setting.map(|s| default.with(s))
    }

    fn fault_target(
        &mut self,
        s: &Scenario,
        f: usize,
        raw: &RawFault,
        span: Range<usize>,
    ) -> Option<FaultTarget> {
        let field = |name: &str| format!("faults[{f}].{name}");
        match (&raw.team, &raw.link) {
            (Some(_), Some(link)) => {
                self.error(
                    &field("link"),
                    Some(link.span()),
                    text!(
                        "aim a fault at a team (team = ...) or at a link (link = ...), not both",
                        "punta un guasto a una squadra (team = ...) o a un collegamento \
                         (link = ...), non a entrambi"
                    ),
                );
                None
            }
            (Some(team), None) => {
                self.mark(&field("team"), team.span());
                let Some(t) = s.team_index(team.get_ref()) else {
                    self.error(
                        &field("team"),
                        Some(team.span()),
                        no_team(team.get_ref(), s),
                    );
                    return None;
                };
                let Some(client) = &raw.client else {
                    return Some(FaultTarget::Team(t));
                };
                self.mark(&field("client"), client.span());
                let clients = s
                    .teams
                    .get(t)
                    .map(|spec| spec.clients.as_slice())
                    .unwrap_or_default();
                match clients.iter().position(|c| c == client.get_ref()) {
                    Some(c) => Some(FaultTarget::Connection { team: t, client: c }),
                    None => {
                        self.error(&field("client"), Some(client.span()), {
                            let (team, client) = (team.get_ref(), client.get_ref());
                            let clients = clients.join(", ");
                            text!(
                                "team {team} has no client called \"{client}\"; its clients \
                                     are {clients}",
                                "la squadra {team} non ha un client che si chiama \
                                     \"{client}\"; i suoi client sono {clients}"
                            )
                        });
                        None
                    }
                }
            }
            (None, Some(link)) => {
                self.mark(&field("link"), link.span());
                if let Some(client) = &raw.client {
                    self.error(
                        &field("client"),
                        Some(client.span()),
                        text!(
                            "a fault on a link hits every card on it: remove client",
                            "un guasto su un collegamento colpisce ogni carta che ci passa: \
                             togli client"
                        ),
                    );
                }
                let [a, b] = link.get_ref().as_slice() else {
                    self.error(
                        &field("link"),
                        Some(link.span()),
                        text!(
                            "a link names exactly two teams, e.g. link = [\"Red\", \"Blue\"]",
                            "un collegamento nomina esattamente due squadre, per esempio \
                             link = [\"Red\", \"Blue\"]"
                        ),
                    );
                    return None;
                };
                let mut index = |name: &str| {
                    let i = s.team_index(name);
                    if i.is_none() {
                        self.error(&field("link"), Some(link.span()), no_team(name, s));
                    }
                    i
                };
                let (team_a, team_b) = (index(a), index(b));
                Some(FaultTarget::Link {
                    team_a: team_a?,
                    team_b: team_b?,
                })
            }
            // A link of the wrong type was reported already: it named its target.
            (None, None) if self.unreadable.contains_key(&field("link")) => None,
            (None, None) => {
                self.error(
                    &field("team"),
                    Some(span),
                    text!(
                        "say whom the fault hits: team = \"Red\" (and maybe client = \"Alice\"), \
                         or link = [\"Red\", \"Blue\"]",
                        "di' chi colpisce il guasto: team = \"Red\" (e magari \
                         client = \"Alice\"), o link = [\"Red\", \"Blue\"]"
                    ),
                );
                None
            }
        }
    }
}

/// The fault kinds, for error messages.
fn kinds() -> Text {
    let keys = FaultKind::keys();
    text!("the kinds are {keys}", "i tipi sono {keys}")
}
