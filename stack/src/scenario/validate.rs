//! The checks that make a scenario playable, whoever built it (a file, the instructor's
//! editor, a test). Every problem is reported, not only the first, each with the path of
//! its field so a file reader can attach the line.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{Scenario, ScenarioError, TeamSpec, lan_size};
use crate::addr::{Ipv4Addr, Prefix};
use crate::fault::{Aim, FaultTarget, MAX_UNREACHABLE_CODE, Setting};
use crate::score::{Destination, Goal};
use crate::time::Duration;

/// LANs and the backbone must be /8 … /30: shorter would swallow other networks, longer
/// has no room for a router and a host (a /31 or /32 has no usable host addresses in the
/// classic sense of RFC 950).
pub(crate) const SHORTEST_PREFIX: u8 = 8;
pub(crate) const LONGEST_PREFIX: u8 = 30;
/// Sizes past what a classroom can play, refused so that a huge file or editor state is
/// one clear problem instead of minutes of checking: 100 teams of four is a 400-seat
/// lecture hall; a LAN of 200 clients already fills a board.
pub(crate) const MAX_TEAMS: usize = 100;
pub(crate) const MAX_CLIENTS: usize = 200;
/// A telnet server, a web server and a few more: ports are a lesson, not a list.
pub(crate) const MAX_PORTS: usize = 16;
/// One route per other team's LAN.
pub(crate) const MAX_ROUTES: usize = MAX_TEAMS;
/// Every pair of routers linked once.
pub(crate) const MAX_LINKS: usize = MAX_TEAMS * (MAX_TEAMS - 1) / 2;
/// A fault every few seconds of a long lesson.
pub(crate) const MAX_FAULTS: usize = 1000;
/// Names are printed on the board and on paper cards: keep them short.
pub(crate) const MAX_NAME_CHARS: usize = 40;
pub(crate) const MAX_FAULT_AT: Duration = Duration::from_secs(24 * 60 * 60);
pub(crate) const MAX_LOSS_PERCENT: u8 = 90;
pub(crate) const SPEED_PERCENT: (u32, u32) = (10, 1000);
pub(crate) const MAX_MSL: Duration = Duration::from_secs(600);
/// A card that travels longer than a minute on one link is not a game any more.
pub(crate) const MAX_LINK_DELAY: Duration = Duration::from_secs(60);
pub(crate) const MAX_THINK_TIME: Duration = Duration::from_secs(600);
/// The longest delay a fault may put on a link, for a scenario file and for the
/// instructor's fault panel alike.
pub const MAX_DELAY_FAULT: Duration = Duration::from_secs(600);

pub(crate) fn validate(s: &Scenario) -> Vec<ScenarioError> {
    let mut errors = Vec::new();
    let mut err = |field: String, message: String| errors.push(ScenarioError::new(field, message));

    if s.name.trim().is_empty() {
        err(
            "name".into(),
            "the scenario needs a name, e.g. name = \"Friday class\"".into(),
        );
    }
    settings(s, &mut err);
    teams(s, &mut err);
    backbone(s, &mut err);
    goals(s, &mut err);
    faults(s, &mut err);
    super::dns::validate(s, &mut err);
    super::balancer::validate(s, &mut err);
    errors
}

fn settings(s: &Scenario, err: &mut impl FnMut(String, String)) {
    let st = &s.settings;
    if st.loss_percent > MAX_LOSS_PERCENT {
        err(
            "settings.loss".into(),
            format!(
                "loss is {}%, but it must be from 0 to {MAX_LOSS_PERCENT}%: above that \
                 almost no card gets through",
                st.loss_percent
            ),
        );
    }
    // A scenario travels as its file (`write.rs`), and a TOML integer is a signed 64-bit
    // one (TOML 1.1 §Integer).
    if i64::try_from(st.seed).is_err() {
        err(
            "settings.seed".into(),
            format!("seed is {}, but it must be at most {}", st.seed, i64::MAX),
        );
    }
    let (lo, hi) = SPEED_PERCENT;
    if !(lo..=hi).contains(&st.speed_percent) {
        err(
            "settings.speed".into(),
            format!(
                "speed is {}%, but it must be from {lo}% (ten times slower than real time) \
                 to {hi}% (ten times faster)",
                st.speed_percent
            ),
        );
    }
    if st.msl == Duration::ZERO || st.msl > MAX_MSL {
        err(
            "settings.msl".into(),
            format!(
                "msl is {}, but it must be more than 0 and at most {MAX_MSL}: TIME-WAIT lasts \
                 twice as long",
                st.msl
            ),
        );
    }
    if st.link_delay > MAX_LINK_DELAY {
        err(
            "settings.link_delay".into(),
            format!(
                "link_delay is {}, but it must be at most {MAX_LINK_DELAY}",
                st.link_delay
            ),
        );
    }
    if st.think_time > MAX_THINK_TIME {
        err(
            "settings.think_time".into(),
            format!(
                "think_time is {}, but it must be at most {MAX_THINK_TIME}",
                st.think_time
            ),
        );
    }
}

/// A name shown on the board: not blank and short enough for a card.
fn name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        Some("the name is empty".into())
    } else if name.chars().count() > MAX_NAME_CHARS {
        Some(format!(
            "the name \"{name}\" is longer than {MAX_NAME_CHARS} characters"
        ))
    } else {
        None
    }
}

fn prefix_len_problem(p: Prefix) -> Option<String> {
    (!(SHORTEST_PREFIX..=LONGEST_PREFIX).contains(&p.len())).then(|| {
        format!(
            "{p} is a /{}, but a network here must be from /{SHORTEST_PREFIX} to \
             /{LONGEST_PREFIX}",
            p.len()
        )
    })
}

/// The blocks whose addresses are not unicast host addresses, with why no LAN or backbone
/// may use them. The limited broadcast comes first: it lies in 240.0.0.0/4 too, but is the
/// better reason.
const NOT_UNICAST: [(Ipv4Addr, u8, &str); 5] = [
    (
        Ipv4Addr::BROADCAST,
        32,
        "contains 255.255.255.255, the limited broadcast address, which means every host \
         of the local network and is never one host's address (RFC 919 §7, RFC 1122 \
         §3.2.1.3)",
    ),
    (
        Ipv4Addr::new(224, 0, 0, 0),
        4,
        "lies in 224.0.0.0/4, the multicast addresses (RFC 1112 §4): a host's own address \
         is unicast, a SYN addressed to a multicast address is discarded (RFC 1122 \
         §4.2.3.10), and routers do not forward to it as to one host (RFC 1812 §5.3.7)",
    ),
    (
        Ipv4Addr::new(240, 0, 0, 0),
        4,
        "lies in 240.0.0.0/4, reserved for future use (RFC 1112 §4, class E): no host has \
         such an address and routers drop packets to it (RFC 1812 §5.3.7)",
    ),
    (
        Ipv4Addr::new(127, 0, 0, 0),
        8,
        "lies in 127.0.0.0/8, the loopback addresses (RFC 1122 §3.2.1.3): a packet to one \
         never leaves its host, so no network can hold them",
    ),
    (
        Ipv4Addr::new(0, 0, 0, 0),
        8,
        "lies in 0.0.0.0/8, \"this network\" (RFC 1122 §3.2.1.3): a host uses it only as \
         a source while it does not know its own address, never as a destination",
    ),
];

/// Why `p` cannot be a network of hosts, if it cannot.
fn not_unicast_problem(p: Prefix) -> Option<String> {
    NOT_UNICAST
        .iter()
        .find(|(addr, len, _)| overlap(p, Prefix::new(*addr, *len)))
        .map(|(_, _, why)| {
            format!("{p} {why}; use a private network such as 10.0.1.0/24 (RFC 1918)")
        })
}

/// Two prefixes overlap when one contains the other's network address.
fn overlap(a: Prefix, b: Prefix) -> bool {
    a.contains(b.network()) || b.contains(a.network())
}

fn teams(s: &Scenario, err: &mut impl FnMut(String, String)) {
    if s.teams.is_empty() {
        err(
            "teams".into(),
            "a scenario needs at least one team: add a [[teams]] table with a name, a lan \
             and clients"
                .into(),
        );
    }
    if s.teams.len() > MAX_TEAMS {
        err(
            "teams".into(),
            format!(
                "there are at most {MAX_TEAMS} teams in a game, and this scenario has {}",
                s.teams.len()
            ),
        );
        return;
    }
    for (i, t) in s.teams.iter().enumerate() {
        let at = |field: &str| format!("teams[{i}].{field}");
        if let Some(why) = name_problem(&t.name) {
            err(at("name"), why);
        }
        if let Some(first) = s.teams[..i]
            .iter()
            .position(|o| o.name.eq_ignore_ascii_case(&t.name))
        {
            err(
                at("name"),
                format!(
                    "two teams are called \"{}\" (teams[{first}] too): names must differ",
                    t.name
                ),
            );
        }
        lan(s, i, t, err);
        clients(i, t, err);
        ports(i, t, err);
        routes(s, i, t, err);
    }
}

fn lan(s: &Scenario, i: usize, t: &TeamSpec, err: &mut impl FnMut(String, String)) {
    let field = format!("teams[{i}].lan");
    if let Some(why) = prefix_len_problem(t.lan).or_else(|| not_unicast_problem(t.lan)) {
        err(field, why);
        return;
    }
    for (j, other) in s.teams[..i].iter().enumerate() {
        if overlap(t.lan, other.lan) {
            err(
                field.clone(),
                format!(
                    "{} overlaps {} of team {} (teams[{j}]): every LAN needs its own \
                     addresses, or routers could not tell them apart",
                    t.lan, other.lan, other.name
                ),
            );
        }
    }
    if let Some(b) = &s.backbone
        && overlap(t.lan, b.prefix)
    {
        err(
            field.clone(),
            format!(
                "{} overlaps the backbone {}: use separate networks",
                t.lan, b.prefix
            ),
        );
    }
    // Router, server and clients each need a usable address (not network, not broadcast).
    let usable = u64::from(lan_size(t.lan)).saturating_sub(2);
    let needed = u64::try_from(t.clients.len())
        .unwrap_or(u64::MAX)
        .saturating_add(2);
    if needed > usable {
        err(
            field,
            format!(
                "{} has room for {usable} hosts, but the team needs {needed} (a router, a \
                 server and {} clients): use a shorter prefix such as /24",
                t.lan,
                t.clients.len()
            ),
        );
    }
}

fn clients(i: usize, t: &TeamSpec, err: &mut impl FnMut(String, String)) {
    if t.clients.is_empty() {
        err(
            format!("teams[{i}].clients"),
            "a team needs at least one client, e.g. clients = [\"Alice\"]".into(),
        );
    }
    if t.clients.len() > MAX_CLIENTS {
        err(
            format!("teams[{i}].clients"),
            format!(
                "there are at most {MAX_CLIENTS} clients in a team, and this one has {}",
                t.clients.len()
            ),
        );
        return;
    }
    for (c, name) in t.clients.iter().enumerate() {
        if let Some(why) = name_problem(name) {
            err(format!("teams[{i}].clients[{c}]"), why);
        } else if t.clients[..c].iter().any(|o| o.eq_ignore_ascii_case(name)) {
            err(
                format!("teams[{i}].clients[{c}]"),
                format!(
                    "two clients of team {} are called \"{name}\": names must differ",
                    t.name
                ),
            );
        }
    }
}

fn ports(i: usize, t: &TeamSpec, err: &mut impl FnMut(String, String)) {
    let field = format!("teams[{i}].server_ports");
    if t.server_ports.is_empty() {
        err(
            field.clone(),
            "the server must listen on at least one port (the telnet port is 23)".into(),
        );
    }
    if t.server_ports.len() > MAX_PORTS {
        err(
            field,
            format!(
                "there are at most {MAX_PORTS} ports a server listens on, and this list has {}",
                t.server_ports.len()
            ),
        );
        return;
    }
    for (p, port) in t.server_ports.iter().enumerate() {
        if *port == 0 {
            err(
                field.clone(),
                "port 0 cannot be listened on: ports go from 1 to 65535".into(),
            );
        } else if t.server_ports[..p].contains(port) {
            err(field.clone(), format!("port {port} is listed twice"));
        }
    }
}

fn routes(s: &Scenario, i: usize, t: &TeamSpec, err: &mut impl FnMut(String, String)) {
    if t.routes.len() > MAX_ROUTES {
        err(
            format!("teams[{i}].routes"),
            format!(
                "there are at most {MAX_ROUTES} routes in a team's table, and this one has {}",
                t.routes.len()
            ),
        );
        return;
    }
    for (r, route) in t.routes.iter().enumerate() {
        let at = |field: &str| format!("teams[{i}].routes[{r}].{field}");
        if t.routes[..r].iter().any(|o| o.prefix == route.prefix) {
            err(
                at("prefix"),
                format!(
                    "{} has two routes: a routing table has one per prefix",
                    route.prefix
                ),
            );
        }
        if route.via == t.name {
            err(
                at("via"),
                format!(
                    "team {} cannot route via itself: name the neighbour router the packets \
                     go to",
                    t.name
                ),
            );
        } else if s.team_index(&route.via).is_none() {
            err(
                at("via"),
                format!(
                    "there is no team called \"{}\"; {}",
                    route.via,
                    team_list(s)
                ),
            );
        } else if let Some(b) = &s.backbone
            && !b.linked(&t.name, &route.via)
        {
            err(
                at("via"),
                format!(
                    "the routers of {} and {} are not linked on the backbone: a route can \
                     only go to a direct neighbour (add the link to backbone.links)",
                    t.name, route.via
                ),
            );
        }
    }
}

pub(crate) fn team_list(s: &Scenario) -> String {
    if s.teams.is_empty() {
        return "there are no teams yet".into();
    }
    let names: Vec<&str> = s.teams.iter().map(|t| t.name.as_str()).collect();
    format!("the teams are {}", names.join(", "))
}

/// A goal of the scenario whose cards cross the backbone: one played with another team's
/// server, or, with more than one team, one that asks the game's DNS server, which
/// stands on the first team's LAN.
fn across(s: &Scenario) -> Option<Goal> {
    s.goals.iter().copied().find(|g| match g.destination() {
        Destination::OtherTeam => true,
        Destination::Named => s.teams.len() > 1,
        _ => false,
    })
}

fn backbone(s: &Scenario, err: &mut impl FnMut(String, String)) {
    let Some(b) = &s.backbone else {
        let needs = if let Some(g) = across(s) {
            Some(format!("the goal {}", g.key()))
        } else if s.teams.iter().any(|t| !t.routes.is_empty()) {
            Some("preset routes".into())
        } else if s
            .faults
            .iter()
            .any(|f| matches!(f.fault.target, FaultTarget::Link { .. }))
        {
            Some("a fault on a link".into())
        } else {
            None
        };
        if let Some(what) = needs {
            err(
                "backbone".into(),
                format!(
                    "{what} needs the routers to be linked: add a [backbone] with a prefix \
                     and links"
                ),
            );
        }
        return;
    };
    if let Some(why) = prefix_len_problem(b.prefix).or_else(|| not_unicast_problem(b.prefix)) {
        err("backbone.prefix".into(), why);
    } else {
        let usable = u64::from(lan_size(b.prefix)).saturating_sub(2);
        let routers = u64::try_from(s.teams.len()).unwrap_or(u64::MAX);
        if routers > usable {
            err(
                "backbone.prefix".into(),
                format!(
                    "{} has room for {usable} routers, but there are {routers} teams",
                    b.prefix
                ),
            );
        }
    }
    if b.links.len() > MAX_LINKS {
        err(
            "backbone.links".into(),
            format!(
                "there are at most {MAX_LINKS} links on the backbone, and this list has {}",
                b.links.len()
            ),
        );
        return;
    }
    for (l, (a, c)) in b.links.iter().enumerate() {
        let field = format!("backbone.links[{l}]");
        for name in [a, c] {
            if s.team_index(name).is_none() {
                err(
                    field.clone(),
                    format!("there is no team called \"{name}\"; {}", team_list(s)),
                );
            }
        }
        if a == c {
            err(
                field.clone(),
                format!("a router cannot be linked to itself ({a})"),
            );
        } else if b.links[..l]
            .iter()
            .any(|(x, y)| (x == a && y == c) || (x == c && y == a))
        {
            err(field, format!("{a} and {c} are linked twice"));
        }
    }
}

fn goals(s: &Scenario, err: &mut impl FnMut(String, String)) {
    if s.goals.is_empty() {
        err(
            "goals".into(),
            "the race needs at least one goal; leave goals out to play all seven".into(),
        );
    }
    if let Some(g) = across(s)
        && s.teams.len() < 2
    {
        err(
            "goals".into(),
            format!(
                "{} needs at least two teams: one LAN has no other LAN to reach",
                g.key()
            ),
        );
    }
    // Round 10 asks the game's DNS server, which only a zone puts in the game.
    if let Some(g) = s
        .goals
        .iter()
        .find(|g| g.destination() == Destination::Named)
        && s.dns.is_none()
    {
        err(
            "goals".into(),
            format!(
                "{} needs a DNS server to ask: add a [dns] zone (every team's server then \
                 has a name)",
                g.key()
            ),
        );
    }
    // Round 11 connects to the load balancer's service address, which only a
    // [balancer] table puts in the game.
    if let Some(g) = s.goals.iter().find(|g| g.destination() == Destination::Vip)
        && s.balancer.is_none()
    {
        err(
            "goals".into(),
            format!(
                "{} needs a load balancer: add a [balancer] table with its vip and two \
                 backends or more",
                g.key()
            ),
        );
    }
    for (g, goal) in s.goals.iter().enumerate() {
        if s.goals[..g].contains(goal) {
            err(
                format!("goals[{g}]"),
                format!("{} is listed twice", goal.key()),
            );
        }
    }
}

fn faults(s: &Scenario, err: &mut impl FnMut(String, String)) {
    if s.faults.len() > MAX_FAULTS {
        err(
            "faults".into(),
            format!(
                "there are at most {MAX_FAULTS} faults in a scenario, and this one has {}",
                s.faults.len()
            ),
        );
        return;
    }
    for (f, sf) in s.faults.iter().enumerate() {
        let at = |field: &str| format!("faults[{f}].{field}");
        if sf.at > MAX_FAULT_AT {
            err(
                at("at"),
                format!(
                    "a fault must fire within 24 hours of the start, not at {}",
                    sf.at
                ),
            );
        }
        target(s, f, sf.fault.target, err);
        match sf.fault.kind.setting() {
            Setting::Code(code) if code > MAX_UNREACHABLE_CODE => err(
                at("code"),
                format!(
                    "destination unreachable codes go from 0 to {MAX_UNREACHABLE_CODE} \
                     (0 net, 1 host, 3 port), not {code}"
                ),
            ),
            Setting::Delay(by) if by == Duration::ZERO || by > MAX_DELAY_FAULT => err(
                at("seconds"),
                format!("a delay must be more than 0 and at most {MAX_DELAY_FAULT}, not {by}"),
            ),
            Setting::Prefix(prefix) => {
                let team = match sf.fault.target {
                    FaultTarget::Team(t) => s.teams.get(t),
                    _ => None,
                };
                if let Some(t) = team
                    && !t.routes.iter().any(|r| r.prefix == prefix)
                {
                    err(
                        at("prefix"),
                        format!(
                            "the router of team {} has no preset route to {prefix} to remove",
                            t.name
                        ),
                    );
                }
            }
            _ => {}
        }
        let spec = sf.fault.kind.spec();
        match (sf.fault.target, spec.aim) {
            (FaultTarget::Connection { .. }, Aim::Team) => err(
                at("client"),
                format!("\"{}\" is aimed at a whole team: remove client", spec.key),
            ),
            (FaultTarget::Link { .. }, Aim::Team | Aim::Connection) => err(
                at("link"),
                format!(
                    "\"{}\" cannot be aimed at a link: aim it at a team (team = \"...\")",
                    spec.key
                ),
            ),
            _ => {}
        }
    }
}

fn target(s: &Scenario, f: usize, target: FaultTarget, err: &mut impl FnMut(String, String)) {
    let team_missing = |t: usize| s.teams.get(t).is_none();
    match target {
        FaultTarget::Team(t) | FaultTarget::Connection { team: t, .. } if team_missing(t) => err(
            format!("faults[{f}].team"),
            format!("there is no team number {t}; {}", team_list(s)),
        ),
        FaultTarget::Connection { team, client } => {
            if let Some(t) = s.teams.get(team)
                && t.clients.get(client).is_none()
            {
                err(
                    format!("faults[{f}].client"),
                    format!("team {} has no client number {client}", t.name),
                );
            }
        }
        FaultTarget::Link { team_a, team_b } => {
            let names = (s.teams.get(team_a), s.teams.get(team_b));
            let linked = match (names, &s.backbone) {
                ((Some(a), Some(b)), Some(bb)) => bb.linked(&a.name, &b.name),
                _ => false,
            };
            if !linked {
                err(
                    format!("faults[{f}].link"),
                    "the two teams' routers are not linked on the backbone".into(),
                );
            }
        }
        FaultTarget::Team(_) => {}
    }
}
