//! Reading a scenario file. The TOML is first read into "raw" structures that keep every
//! value's position (`toml::Spanned`) and reject unknown keys; then each value is
//! converted, collecting every problem instead of stopping at the first, and finally
//! [`super::validate`] runs and its errors get the line of the field they name.
//!
//! Values that cannot be converted are replaced by harmless placeholders so the other
//! checks can still run; the validation errors about a field already reported are dropped,
//! so an instructor sees each problem once.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::validate::team_list;
use super::{
    Backbone, Isn, Referee, RouteSpec, Scenario, ScenarioError, Settings, TELNET_PORT, TeamSpec,
};
use crate::addr::{Ipv4Addr, Prefix};
use crate::fault::{Fault, FaultKind, FaultTarget, ScriptedFault};
use crate::score::Goal;
use crate::time::Duration;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    name: Option<Spanned<String>>,
    description: Option<String>,
    settings: Option<RawSettings>,
    #[serde(default)]
    teams: Vec<Spanned<RawTeam>>,
    backbone: Option<Spanned<RawBackbone>>,
    goals: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    faults: Vec<Spanned<RawFault>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    isn: Option<Spanned<String>>,
    referee: Option<Spanned<String>>,
    speed: Option<Spanned<i64>>,
    msl: Option<Spanned<f64>>,
    seed: Option<Spanned<i64>>,
    link_delay: Option<Spanned<f64>>,
    think_time: Option<Spanned<f64>>,
    loss: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTeam {
    name: Option<Spanned<String>>,
    lan: Option<Spanned<String>>,
    #[serde(default)]
    clients: Vec<Spanned<String>>,
    server_ports: Option<Spanned<Vec<Spanned<i64>>>>,
    #[serde(default)]
    routes: Vec<Spanned<RawRoute>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoute {
    prefix: Option<Spanned<String>>,
    via: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBackbone {
    prefix: Option<Spanned<String>>,
    #[serde(default)]
    links: Vec<Spanned<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
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

/// Defaults a fault kind takes when the file leaves its parameter out.
const DEFAULT_UNREACHABLE_CODE: u8 = 1;
const DEFAULT_DELAY: Duration = Duration::from_secs(5);

/// Larger than any sensible duration, small enough that seconds × 10^6 fits a `u64`.
const MAX_SECONDS: f64 = 1e9;

pub(super) fn from_toml(text: &str) -> Result<Scenario, Vec<ScenarioError>> {
    let raw: RawScenario = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => return Err(alloc::vec![toml_error(text, &e)]),
    };
    let mut cx = Cx {
        text,
        lines: BTreeMap::new(),
        reported: BTreeSet::new(),
        errors: Vec::new(),
    };
    let scenario = cx.scenario(raw);
    for mut e in scenario.validate() {
        if cx.already_reported(&e.field) {
            continue;
        }
        e.line = cx.line_for(&e.field);
        cx.errors.push(e);
    }
    let mut errors = cx.errors;
    if errors.is_empty() {
        return Ok(scenario);
    }
    // In file order, the way an instructor fixes them; problems without a line last.
    errors.sort_by_key(|e| e.line.unwrap_or(usize::MAX));
    Err(errors)
}

/// The 1-based line of byte `offset` in `text`.
fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()
        .get(..end)
        .map_or(0, |b| b.iter().filter(|c| **c == b'\n').count())
        + 1
}

/// A TOML syntax error or a serde error (unknown key, wrong type) as a scenario error.
fn toml_error(text: &str, e: &toml::de::Error) -> ScenarioError {
    // The key path is only printed by `Display` when the error carries no input text.
    let mut bare = e.clone();
    bare.set_input(None);
    let shown = bare.to_string();
    let keys = shown
        .lines()
        .find_map(|l| l.strip_prefix("in `").and_then(|k| k.strip_suffix('`')))
        .filter(|k| !k.is_empty())
        .map(String::from);
    let line = e.span().map(|s| line_at(text, s.start));
    let raw = e.message().trim();
    let unknown = raw
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(key, _)| key);
    if keys.is_some() || unknown.is_some() {
        let field = match (keys, unknown) {
            (Some(keys), Some(key)) => format!("{keys}.{key}"),
            (Some(keys), None) => keys,
            (None, key) => key.unwrap_or_default().to_string(),
        };
        let mut message = raw
            .replace("unknown field", "unknown key")
            .replace(", expected one of", "; the keys allowed here are")
            .replace(", expected", "; expected")
            .replace("expected f64", "expected a number")
            .replace("expected i64", "expected a whole number")
            .replace("expected a sequence", "expected a list in [ ]");
        for raw_type in [
            "RawScenario",
            "RawSettings",
            "RawTeam",
            "RawRoute",
            "RawBackbone",
            "RawFault",
        ] {
            message = message.replace(&format!("struct {raw_type}"), "a table");
        }
        return ScenarioError {
            line,
            field,
            message,
        };
    }
    // A syntax error: name the key written on that line, and give the commonest fix.
    let source_line = line
        .and_then(|l| text.lines().nth(l.saturating_sub(1)))
        .unwrap_or("");
    let (field, value) = match source_line.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() && !key.contains(['[', '"']) => {
            (key.trim().to_string(), value.trim())
        }
        _ => (String::from("file"), ""),
    };
    let quoted_or_typed = value.is_empty()
        || value.starts_with(['"', '\'', '[', '{'])
        || value.parse::<f64>().is_ok()
        || value == "true"
        || value == "false";
    let hint = if quoted_or_typed {
        ""
    } else {
        " — text must be in quotes, e.g. lan = \"10.0.1.0/24\""
    };
    ScenarioError {
        line,
        field,
        message: format!("this is not valid TOML: {raw}{hint}"),
    }
}

/// The conversion state: where each field is, and what went wrong so far.
struct Cx<'t> {
    text: &'t str,
    /// Field path → line, for attaching lines to validation errors.
    lines: BTreeMap<String, usize>,
    /// Fields whose problems were already reported by the conversion.
    reported: BTreeSet<String>,
    errors: Vec<ScenarioError>,
}

impl Cx<'_> {
    fn mark(&mut self, path: &str, span: Range<usize>) {
        let line = line_at(self.text, span.start);
        self.lines.insert(path.to_string(), line);
    }

    fn error(&mut self, path: &str, span: Option<Range<usize>>, message: impl Into<String>) {
        let line = match span {
            Some(s) => Some(line_at(self.text, s.start)),
            None => self.line_for(path),
        };
        self.reported.insert(path.to_string());
        self.errors.push(ScenarioError {
            line,
            field: path.to_string(),
            message: message.into(),
        });
    }

    /// The line of `path`, or of the nearest enclosing field whose line is known.
    fn line_for(&self, path: &str) -> Option<usize> {
        let mut p = path;
        loop {
            if let Some(line) = self.lines.get(p) {
                return Some(*line);
            }
            p = &p[..p.rfind(['.', '['])?];
        }
    }

    /// A validation error about `field` repeats a conversion error when one was reported on
    /// the same field, inside it, or around it.
    fn already_reported(&self, field: &str) -> bool {
        let within = |inner: &str, outer: &str| {
            inner == outer
                || inner
                    .strip_prefix(outer)
                    .is_some_and(|rest| rest.starts_with(['.', '[']))
        };
        self.reported
            .iter()
            .any(|r| within(field, r) || within(r, field))
    }

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
                    "every scenario needs a name at the top, e.g. name = \"Friday class\"",
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
            // All seven rounds, except that round 6 needs routers linked to other LANs.
            None if backbone.is_some() => Goal::ALL.to_vec(),
            None => Goal::ALL
                .into_iter()
                .filter(|g| *g != Goal::AcrossLans)
                .collect(),
        };
        let mut scenario = Scenario {
            name,
            description: raw.description.unwrap_or_default(),
            settings,
            teams,
            backbone,
            goals,
            faults: Vec::new(),
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
            match v.get_ref().trim().to_ascii_lowercase().as_str() {
                "zero" => s.isn = Isn::Zero,
                "random" => s.isn = Isn::Random,
                other => self.error(
                    "settings.isn",
                    Some(v.span()),
                    format!(
                        "isn is \"{other}\", but it must be \"zero\" (every connection starts \
                         at 0, like the paper game) or \"random\" (like real TCP)"
                    ),
                ),
            }
        }
        if let Some(v) = raw.referee {
            self.mark("settings.referee", v.span());
            match v.get_ref().trim().to_ascii_lowercase().as_str() {
                "coach" => s.referee = Referee::Coach,
                "real" => s.referee = Referee::Real,
                other => self.error(
                    "settings.referee",
                    Some(v.span()),
                    format!(
                        "referee is \"{other}\", but it must be \"coach\" (wrong cards come back \
                         with an explanation) or \"real\" (wrong cards go out as written)"
                    ),
                ),
            }
        }
        if let Some(v) = raw.speed
            && let Some(n) = self.whole("settings.speed", &v, "a percentage such as 100")
        {
            s.speed_percent = n;
        }
        if let Some(v) = raw.loss
            && let Some(n) = self.whole("settings.loss", &v, "a percentage from 0 to 90")
        {
            s.loss_percent = n;
        }
        if let Some(v) = raw.seed
            && let Some(n) = self.whole("settings.seed", &v, "a whole number, 0 or more")
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
        s
    }

    /// A whole number that must fit `T` (validation checks the finer range).
    fn whole<T: TryFrom<i64>>(&mut self, path: &str, v: &Spanned<i64>, what: &str) -> Option<T> {
        self.mark(path, v.span());
        let n = *v.get_ref();
        let converted = T::try_from(n).ok();
        if converted.is_none() {
            self.error(
                path,
                Some(v.span()),
                format!("{n} is out of range: write {what}"),
            );
        }
        converted
    }

    /// A number of seconds (fractions allowed) as a [`Duration`]; NaN, negative and
    /// absurdly large values are reported instead of wrapping or saturating silently.
    fn seconds(&mut self, path: &str, v: &Spanned<f64>) -> Option<Duration> {
        self.mark(path, v.span());
        let secs = *v.get_ref();
        if secs.is_nan() || secs < 0.0 {
            self.error(
                path,
                Some(v.span()),
                format!("{secs} is not a duration: write a number of seconds, 0 or more, e.g. 1.5"),
            );
            None
        } else if secs > MAX_SECONDS {
            self.error(
                path,
                Some(v.span()),
                format!("{secs} seconds is far too long"),
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
                self.error(path, Some(v.span()), format!("\"{}\": {why}", v.get_ref()));
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
                    "every team needs a name, e.g. name = \"Red\"",
                );
                format!("team {}", i.saturating_add(1))
            }
        };
        let parsed_lan = match raw.lan {
            Some(l) => self.prefix(&at("lan"), &l),
            None => {
                self.error(
                    &at("lan"),
                    Some(table.clone()),
                    format!(
                        "team {name} needs a lan, e.g. lan = \"10.0.{}.0/24\"",
                        i.saturating_add(1).min(255)
                    ),
                );
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
                        Err(_) => self.error(
                            &at("server_ports"),
                            Some(p.span()),
                            format!("{} is not a port: ports go from 1 to 65535", p.get_ref()),
                        ),
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
                    "a route needs a prefix, e.g. prefix = \"10.0.2.0/24\"",
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
                    "a route needs a via: the team whose router the packets go to",
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
                    "the backbone needs a prefix, e.g. prefix = \"192.168.0.0/24\"",
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
                self.error(
                    &path,
                    Some(span),
                    format!(
                        "a link names exactly two teams, e.g. [\"Red\", \"Blue\"], not {}",
                        names.len()
                    ),
                );
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
                    self.error(
                        &path,
                        Some(name.span()),
                        format!(
                            "there is no goal \"{}\"; the goals are {}",
                            name.get_ref(),
                            known.join(", ")
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
        let errors_before = self.errors.len();

        let at = match &raw.at {
            Some(v) => self.seconds(&at_field("at"), v).unwrap_or(Duration::ZERO),
            None => {
                self.error(
                    &at_field("at"),
                    Some(span.clone()),
                    "a fault needs at: the seconds after the start when it fires, e.g. at = 60",
                );
                Duration::ZERO
            }
        };
        let kind = self.fault_kind(f, &raw, span.clone());
        let target = self.fault_target(s, f, &raw, span);
        if self.errors.len() > errors_before {
            // Whatever validation would add about a broken fault is noise.
            self.reported.insert(path);
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
                format!("a fault needs a kind: {KINDS}"),
            );
            return None;
        };
        self.mark(&field("kind"), kind.span());
        let word = kind.get_ref().trim().replace('-', "_").to_ascii_lowercase();
        // Which optional parameter each kind takes; any other one present is a mistake.
        let (takes, result) = match word.as_str() {
            "forged_rst" => (
                Some("matching"),
                Some(FaultKind::ForgedRst {
                    matching: raw.matching.as_ref().is_some_and(|m| *m.get_ref()),
                }),
            ),
            "icmp_unreachable" => (Some("code"), self.icmp_code(f, raw)),
            "delay" => (
                Some("seconds"),
                match &raw.seconds {
                    Some(v) => self
                        .seconds(&field("seconds"), v)
                        .map(|by| FaultKind::Delay { by }),
                    None => Some(FaultKind::Delay { by: DEFAULT_DELAY }),
                },
            ),
            "drop" => (None, Some(FaultKind::Drop)),
            "duplicate" => (None, Some(FaultKind::Duplicate)),
            "reorder" => (None, Some(FaultKind::Reorder)),
            "server_port_closed" => (None, Some(FaultKind::ServerPortClosed)),
            "route_removed" => (
                Some("prefix"),
                match &raw.prefix {
                    Some(p) => self
                        .prefix(&field("prefix"), p)
                        .map(|prefix| FaultKind::RouteRemoved { prefix }),
                    None => {
                        self.error(
                            &field("prefix"),
                            Some(kind.span()),
                            "a route_removed fault needs the prefix of the route, e.g. \
                             prefix = \"10.0.2.0/24\"",
                        );
                        None
                    }
                },
            ),
            other => {
                self.error(
                    &field("kind"),
                    Some(kind.span()),
                    format!("there is no fault kind \"{other}\"; {KINDS}"),
                );
                return None;
            }
        };
        let params = [
            ("matching", raw.matching.as_ref().map(Spanned::span)),
            ("code", raw.code.as_ref().map(Spanned::span)),
            ("seconds", raw.seconds.as_ref().map(Spanned::span)),
            ("prefix", raw.prefix.as_ref().map(Spanned::span)),
        ];
        for (param, present) in params {
            if let Some(param_span) = present
                && takes != Some(param)
            {
                self.error(
                    &field(param),
                    Some(param_span),
                    format!("a {word} fault has no {param}: remove it"),
                );
            }
        }
        result
    }

    fn icmp_code(&mut self, f: usize, raw: &RawFault) -> Option<FaultKind> {
        let Some(code) = &raw.code else {
            return Some(FaultKind::IcmpUnreachable {
                code: DEFAULT_UNREACHABLE_CODE,
            });
        };
        let code = self.whole(&format!("faults[{f}].code"), code, "a code from 0 to 15")?;
        Some(FaultKind::IcmpUnreachable { code })
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
                    "aim a fault at a team (team = ...) or at a link (link = ...), not both",
                );
                None
            }
            (Some(team), None) => {
                self.mark(&field("team"), team.span());
                let Some(t) = s.team_index(team.get_ref()) else {
                    self.error(
                        &field("team"),
                        Some(team.span()),
                        format!(
                            "there is no team called \"{}\"; {}",
                            team.get_ref(),
                            team_list(s)
                        ),
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
                        self.error(
                            &field("client"),
                            Some(client.span()),
                            format!(
                                "team {} has no client called \"{}\"; its clients are {}",
                                team.get_ref(),
                                client.get_ref(),
                                clients.join(", ")
                            ),
                        );
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
                        "a fault on a link hits every card on it: remove client",
                    );
                }
                let [a, b] = link.get_ref().as_slice() else {
                    self.error(
                        &field("link"),
                        Some(link.span()),
                        "a link names exactly two teams, e.g. link = [\"Red\", \"Blue\"]",
                    );
                    return None;
                };
                let mut index = |name: &str| {
                    let i = s.team_index(name);
                    if i.is_none() {
                        self.error(
                            &field("link"),
                            Some(link.span()),
                            format!("there is no team called \"{name}\"; {}", team_list(s)),
                        );
                    }
                    i
                };
                let (team_a, team_b) = (index(a), index(b));
                Some(FaultTarget::Link {
                    team_a: team_a?,
                    team_b: team_b?,
                })
            }
            (None, None) => {
                self.error(
                    &field("team"),
                    Some(span),
                    "say whom the fault hits: team = \"Red\" (and maybe client = \"Alice\"), \
                     or link = [\"Red\", \"Blue\"]",
                );
                None
            }
        }
    }
}

/// The fault kinds, for error messages.
const KINDS: &str = "the kinds are forged_rst, icmp_unreachable, delay, drop, duplicate, \
                     reorder, server_port_closed, route_removed";
