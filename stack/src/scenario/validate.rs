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
use crate::text::{Text, Words, text};
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
    let mut err = |field: String, message: Text| errors.push(ScenarioError::new(field, message));

    if s.name.trim().is_empty() {
        err(
            "name".into(),
            text!(
                "the scenario needs a name, e.g. name = \"Friday class\"",
                "lo scenario ha bisogno di un nome, per esempio name = \"Friday class\""
            ),
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

fn settings(s: &Scenario, err: &mut impl FnMut(String, Text)) {
    let st = &s.settings;
    if st.loss_percent > MAX_LOSS_PERCENT {
        let loss = st.loss_percent;
        err(
            "settings.loss".into(),
            text!(
                "loss is {loss}%, but it must be from 0 to {MAX_LOSS_PERCENT}%: above that \
                 almost no card gets through",
                "loss è {loss}%, ma deve essere da 0 a {MAX_LOSS_PERCENT}%: oltre, quasi \
                 nessuna carta arriva"
            ),
        );
    }
    // A scenario travels as its file (`write.rs`), and a TOML integer is a signed 64-bit
    // one (TOML 1.1 §Integer).
    if i64::try_from(st.seed).is_err() {
        err("settings.seed".into(), {
            let (seed, max) = (st.seed, i64::MAX);
            text!(
                "seed is {seed}, but it must be at most {max}",
                "seed è {seed}, ma deve essere al massimo {max}"
            )
        });
    }
    let (lo, hi) = SPEED_PERCENT;
    if !(lo..=hi).contains(&st.speed_percent) {
        err("settings.speed".into(), {
            let speed = st.speed_percent;
            text!(
                "speed is {speed}%, but it must be from {lo}% (ten times slower than real \
                     time) to {hi}% (ten times faster)",
                "speed è {speed}%, ma deve essere da {lo}% (dieci volte più lento del tempo \
                     reale) a {hi}% (dieci volte più veloce)"
            )
        });
    }
    if st.msl == Duration::ZERO || st.msl > MAX_MSL {
        err("settings.msl".into(), {
            let msl = st.msl;
            text!(
                "msl is {msl}, but it must be more than 0 and at most {MAX_MSL}: TIME-WAIT \
                     lasts twice as long",
                "msl è {msl}, ma deve essere più di 0 e al massimo {MAX_MSL}: TIME-WAIT \
                     dura il doppio"
            )
        });
    }
    if st.link_delay > MAX_LINK_DELAY {
        err("settings.link_delay".into(), {
            let delay = st.link_delay;
            text!(
                "link_delay is {delay}, but it must be at most {MAX_LINK_DELAY}",
                "link_delay è {delay}, ma deve essere al massimo {MAX_LINK_DELAY}"
            )
        });
    }
    if st.think_time > MAX_THINK_TIME {
        err("settings.think_time".into(), {
            let think = st.think_time;
            text!(
                "think_time is {think}, but it must be at most {MAX_THINK_TIME}",
                "think_time è {think}, ma deve essere al massimo {MAX_THINK_TIME}"
            )
        });
    }
}

/// A name shown on the board: not blank and short enough for a card.
fn name_problem(name: &str) -> Option<Text> {
    if name.trim().is_empty() {
        Some(text!("the name is empty", "il nome è vuoto"))
    } else if name.chars().count() > MAX_NAME_CHARS {
        Some(text!(
            "the name \"{name}\" is longer than {MAX_NAME_CHARS} characters",
            "il nome \"{name}\" è più lungo di {MAX_NAME_CHARS} caratteri"
        ))
    } else {
        None
    }
}

fn prefix_len_problem(p: Prefix) -> Option<Text> {
    (!(SHORTEST_PREFIX..=LONGEST_PREFIX).contains(&p.len())).then(|| {
        let len = p.len();
        text!(
            "{p} is a /{len}, but a network here must be from /{SHORTEST_PREFIX} to \
             /{LONGEST_PREFIX}",
            "{p} è un /{len}, ma qui una rete deve essere da /{SHORTEST_PREFIX} a \
             /{LONGEST_PREFIX}"
        )
    })
}

/// The blocks whose addresses are not unicast host addresses, with why no LAN or backbone
/// may use them. The limited broadcast comes first: it lies in 240.0.0.0/4 too, but is the
/// better reason.
const NOT_UNICAST: [(Ipv4Addr, u8, Words); 5] = [
    (
        Ipv4Addr::BROADCAST,
        32,
        Words::new(
            "contains 255.255.255.255, the limited broadcast address, which means every host \
             of the local network and is never one host's address (RFC 919 §7, RFC 1122 \
             §3.2.1.3)",
            "contiene 255.255.255.255, l'indirizzo di broadcast limitato, che vuol dire tutti \
             gli host della rete locale e non è mai l'indirizzo di un host (RFC 919 §7, \
             RFC 1122 §3.2.1.3)",
        ),
    ),
    (
        Ipv4Addr::new(224, 0, 0, 0),
        4,
        Words::new(
            "lies in 224.0.0.0/4, the multicast addresses (RFC 1112 §4): a host's own address \
             is unicast, a SYN addressed to a multicast address is discarded (RFC 1122 \
             §4.2.3.10), and routers do not forward to it as to one host (RFC 1812 §5.3.7)",
            "sta in 224.0.0.0/4, gli indirizzi multicast (RFC 1112 §4): l'indirizzo di un \
             host è unicast, un SYN diretto a un indirizzo multicast viene scartato \
             (RFC 1122 §4.2.3.10) e i router non lo inoltrano come a un solo host \
             (RFC 1812 §5.3.7)",
        ),
    ),
    (
        Ipv4Addr::new(240, 0, 0, 0),
        4,
        Words::new(
            "lies in 240.0.0.0/4, reserved for future use (RFC 1112 §4, class E): no host has \
             such an address and routers drop packets to it (RFC 1812 §5.3.7)",
            "sta in 240.0.0.0/4, riservato per usi futuri (RFC 1112 §4, classe E): nessun \
             host ha un indirizzo così e i router scartano i pacchetti diretti lì \
             (RFC 1812 §5.3.7)",
        ),
    ),
    (
        Ipv4Addr::new(127, 0, 0, 0),
        8,
        Words::new(
            "lies in 127.0.0.0/8, the loopback addresses (RFC 1122 §3.2.1.3): a packet to one \
             never leaves its host, so no network can hold them",
            "sta in 127.0.0.0/8, gli indirizzi di loopback (RFC 1122 §3.2.1.3): un pacchetto \
             diretto lì non lascia mai il suo host, quindi nessuna rete può contenerli",
        ),
    ),
    (
        Ipv4Addr::new(0, 0, 0, 0),
        8,
        Words::new(
            "lies in 0.0.0.0/8, \"this network\" (RFC 1122 §3.2.1.3): a host uses it only as \
             a source while it does not know its own address, never as a destination",
            "sta in 0.0.0.0/8, \"questa rete\" (RFC 1122 §3.2.1.3): un host lo usa solo come \
             mittente finché non conosce il proprio indirizzo, mai come destinazione",
        ),
    ),
];

/// Why `p` cannot be a network of hosts, if it cannot.
fn not_unicast_problem(p: Prefix) -> Option<Text> {
    NOT_UNICAST
        .iter()
        .find(|(addr, len, _)| overlap(p, Prefix::new(*addr, *len)))
        .map(|(_, _, why)| {
            let (en, it) = (why.en, why.it);
            text!(
                "{p} {en}; use a private network such as 10.0.1.0/24 (RFC 1918)",
                "{p} {it}; usa una rete privata come 10.0.1.0/24 (RFC 1918)"
            )
        })
}

/// Two prefixes overlap when one contains the other's network address.
fn overlap(a: Prefix, b: Prefix) -> bool {
    a.contains(b.network()) || b.contains(a.network())
}

fn teams(s: &Scenario, err: &mut impl FnMut(String, Text)) {
    if s.teams.is_empty() {
        err(
            "teams".into(),
            text!(
                "a scenario needs at least one team: add a [[teams]] table with a name, a lan \
                 and clients",
                "uno scenario ha bisogno di almeno una squadra: aggiungi una tabella [[teams]] \
                 con name, lan e clients"
            ),
        );
    }
    if s.teams.len() > MAX_TEAMS {
        err("teams".into(), {
            let n = s.teams.len();
            text!(
                "there are at most {MAX_TEAMS} teams in a game, and this scenario has {n}",
                "una partita ha al massimo {MAX_TEAMS} squadre, e questo scenario ne ha {n}"
            )
        });
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
            err(at("name"), {
                let name = &t.name;
                text!(
                    "two teams are called \"{name}\" (teams[{first}] too): names must differ",
                    "due squadre si chiamano \"{name}\" (anche teams[{first}]): i nomi devono \
                         essere diversi"
                )
            });
        }
        lan(s, i, t, err);
        clients(i, t, err);
        ports(i, t, err);
        routes(s, i, t, err);
    }
}

fn lan(s: &Scenario, i: usize, t: &TeamSpec, err: &mut impl FnMut(String, Text)) {
    let field = format!("teams[{i}].lan");
    if let Some(why) = prefix_len_problem(t.lan).or_else(|| not_unicast_problem(t.lan)) {
        err(field, why);
        return;
    }
    for (j, other) in s.teams[..i].iter().enumerate() {
        if overlap(t.lan, other.lan) {
            err(field.clone(), {
                let (lan, theirs, name) = (t.lan, other.lan, &other.name);
                text!(
                    "{lan} overlaps {theirs} of team {name} (teams[{j}]): every LAN needs \
                         its own addresses, or routers could not tell them apart",
                    "{lan} si sovrappone a {theirs} della squadra {name} (teams[{j}]): ogni \
                         LAN ha bisogno dei suoi indirizzi, o i router non saprebbero distinguerle"
                )
            });
        }
    }
    if let Some(b) = &s.backbone
        && overlap(t.lan, b.prefix)
    {
        err(field.clone(), {
            let (lan, backbone) = (t.lan, b.prefix);
            text!(
                "{lan} overlaps the backbone {backbone}: use separate networks",
                "{lan} si sovrappone alla dorsale {backbone}: usa reti separate"
            )
        });
    }
    // Router, server and clients each need a usable address (not network, not broadcast).
    let usable = u64::from(lan_size(t.lan)).saturating_sub(2);
    let needed = u64::try_from(t.clients.len())
        .unwrap_or(u64::MAX)
        .saturating_add(2);
    if needed > usable {
        err(field, {
            let (lan, clients) = (t.lan, t.clients.len());
            text!(
                "{lan} has room for {usable} hosts, but the team needs {needed} (a router, \
                     a server and {clients} clients): use a shorter prefix such as /24",
                "{lan} ha posto per {usable} host, ma alla squadra ne servono {needed} (un \
                     router, un server e {clients} client): usa un prefisso più corto come /24"
            )
        });
    }
}

fn clients(i: usize, t: &TeamSpec, err: &mut impl FnMut(String, Text)) {
    if t.clients.is_empty() {
        err(
            format!("teams[{i}].clients"),
            text!(
                "a team needs at least one client, e.g. clients = [\"Alice\"]",
                "una squadra ha bisogno di almeno un client, per esempio clients = [\"Alice\"]"
            ),
        );
    }
    if t.clients.len() > MAX_CLIENTS {
        err(format!("teams[{i}].clients"), {
            let n = t.clients.len();
            text!(
                "there are at most {MAX_CLIENTS} clients in a team, and this one has {n}",
                "una squadra ha al massimo {MAX_CLIENTS} client, e questa ne ha {n}"
            )
        });
        return;
    }
    for (c, name) in t.clients.iter().enumerate() {
        if let Some(why) = name_problem(name) {
            err(format!("teams[{i}].clients[{c}]"), why);
        } else if t.clients[..c].iter().any(|o| o.eq_ignore_ascii_case(name)) {
            err(format!("teams[{i}].clients[{c}]"), {
                let team = &t.name;
                text!(
                    "two clients of team {team} are called \"{name}\": names must differ",
                    "due client della squadra {team} si chiamano \"{name}\": i nomi devono \
                         essere diversi"
                )
            });
        }
    }
}

fn ports(i: usize, t: &TeamSpec, err: &mut impl FnMut(String, Text)) {
    let field = format!("teams[{i}].server_ports");
    if t.server_ports.is_empty() {
        err(
            field.clone(),
            text!(
                "the server must listen on at least one port (the telnet port is 23)",
                "il server deve ascoltare su almeno una porta (la porta di telnet è la 23)"
            ),
        );
    }
    if t.server_ports.len() > MAX_PORTS {
        err(field, {
            let n = t.server_ports.len();
            text!(
                "there are at most {MAX_PORTS} ports a server listens on, and this list \
                     has {n}",
                "un server ascolta al massimo su {MAX_PORTS} porte, e questa lista ne ha {n}"
            )
        });
        return;
    }
    for (p, port) in t.server_ports.iter().enumerate() {
        if *port == 0 {
            err(
                field.clone(),
                text!(
                    "port 0 cannot be listened on: ports go from 1 to 65535",
                    "non si può ascoltare sulla porta 0: le porte vanno da 1 a 65535"
                ),
            );
        } else if t.server_ports[..p].contains(port) {
            err(
                field.clone(),
                text!(
                    "port {port} is listed twice",
                    "la porta {port} è scritta due volte"
                ),
            );
        }
    }
}

fn routes(s: &Scenario, i: usize, t: &TeamSpec, err: &mut impl FnMut(String, Text)) {
    if t.routes.len() > MAX_ROUTES {
        err(format!("teams[{i}].routes"), {
            let n = t.routes.len();
            text!(
                "there are at most {MAX_ROUTES} routes in a team's table, and this one has {n}",
                "la tabella di una squadra ha al massimo {MAX_ROUTES} rotte, e questa ne ha {n}"
            )
        });
        return;
    }
    for (r, route) in t.routes.iter().enumerate() {
        let at = |field: &str| format!("teams[{i}].routes[{r}].{field}");
        if t.routes[..r].iter().any(|o| o.prefix == route.prefix) {
            err(at("prefix"), {
                let prefix = route.prefix;
                text!(
                    "{prefix} has two routes: a routing table has one per prefix",
                    "{prefix} ha due rotte: una tabella di routing ne ha una per prefisso"
                )
            });
        }
        if route.via == t.name {
            err(at("via"), {
                let team = &t.name;
                text!(
                    "team {team} cannot route via itself: name the neighbour router the \
                         packets go to",
                    "la squadra {team} non può instradare attraverso sé stessa: scrivi il \
                         router vicino a cui vanno i pacchetti"
                )
            });
        } else if s.team_index(&route.via).is_none() {
            err(at("via"), no_team(&route.via, s));
        } else if let Some(b) = &s.backbone
            && !b.linked(&t.name, &route.via)
        {
            err(at("via"), {
                let (team, via) = (&t.name, &route.via);
                text!(
                    "the routers of {team} and {via} are not linked on the backbone: a \
                         route can only go to a direct neighbour (add the link to \
                         backbone.links)",
                    "i router di {team} e {via} non sono collegati sulla dorsale: una rotta \
                         può andare solo a un vicino diretto (aggiungi il collegamento a \
                         backbone.links)"
                )
            });
        }
    }
}

pub(crate) fn team_list(s: &Scenario) -> Text {
    if s.teams.is_empty() {
        return text!("there are no teams yet", "non ci sono ancora squadre");
    }
    let names: Vec<&str> = s.teams.iter().map(|t| t.name.as_str()).collect();
    let names = names.join(", ");
    text!("the teams are {names}", "le squadre sono {names}")
}

/// "there is no team called "Pink"; the teams are Red, Blue", for every field that names a
/// team.
pub(crate) fn no_team(name: &str, s: &Scenario) -> Text {
    text!(
        "there is no team called \"{name}\"; ",
        "non c'è nessuna squadra che si chiama \"{name}\"; "
    )
    .then(team_list(s))
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

fn backbone(s: &Scenario, err: &mut impl FnMut(String, Text)) {
    let Some(b) = &s.backbone else {
        let needs = if let Some(g) = across(s) {
            let key = g.key();
            Some(text!("the goal {key}", "la manche {key} ha bisogno"))
        } else if s.teams.iter().any(|t| !t.routes.is_empty()) {
            Some(text!(
                "preset routes",
                "le rotte preimpostate hanno bisogno"
            ))
        } else if s
            .faults
            .iter()
            .any(|f| matches!(f.fault.target, FaultTarget::Link { .. }))
        {
            Some(text!(
                "a fault on a link",
                "un guasto su un collegamento ha bisogno"
            ))
        } else {
            None
        };
        if let Some(what) = needs {
            err(
                "backbone".into(),
                what.then(text!(
                    " needs the routers to be linked: add a [backbone] with a prefix and links",
                    " che i router siano collegati: aggiungi un [backbone] con prefix e links"
                )),
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
            err("backbone.prefix".into(), {
                let prefix = b.prefix;
                text!(
                    "{prefix} has room for {usable} routers, but there are {routers} teams",
                    "{prefix} ha posto per {usable} router, ma le squadre sono {routers}"
                )
            });
        }
    }
    if b.links.len() > MAX_LINKS {
        err("backbone.links".into(), {
            let n = b.links.len();
            text!(
                "there are at most {MAX_LINKS} links on the backbone, and this list has {n}",
                "la dorsale ha al massimo {MAX_LINKS} collegamenti, e questa lista ne ha {n}"
            )
        });
        return;
    }
    for (l, (a, c)) in b.links.iter().enumerate() {
        let field = format!("backbone.links[{l}]");
        for name in [a, c] {
            if s.team_index(name).is_none() {
                err(field.clone(), no_team(name, s));
            }
        }
        if a == c {
            err(
                field.clone(),
                text!(
                    "a router cannot be linked to itself ({a})",
                    "un router non può essere collegato a sé stesso ({a})"
                ),
            );
        } else if b.links[..l]
            .iter()
            .any(|(x, y)| (x == a && y == c) || (x == c && y == a))
        {
            err(
                field,
                text!(
                    "{a} and {c} are linked twice",
                    "{a} e {c} sono collegati due volte"
                ),
            );
        }
    }
}

fn goals(s: &Scenario, err: &mut impl FnMut(String, Text)) {
    if s.goals.is_empty() {
        err(
            "goals".into(),
            text!(
                "the race needs at least one goal; leave goals out to play all seven",
                "la gara ha bisogno di almeno una manche; togli goals per giocarle tutte e sette"
            ),
        );
    }
    if let Some(g) = across(s)
        && s.teams.len() < 2
    {
        err("goals".into(), {
            let key = g.key();
            text!(
                "{key} needs at least two teams: one LAN has no other LAN to reach",
                "{key} ha bisogno di almeno due squadre: con una LAN sola non c'è un'altra \
                     LAN da raggiungere"
            )
        });
    }
    // Round 10 asks the game's DNS server, which only a zone puts in the game.
    if let Some(g) = s
        .goals
        .iter()
        .find(|g| g.destination() == Destination::Named)
        && s.dns.is_none()
    {
        err("goals".into(), {
            let key = g.key();
            text!(
                "{key} needs a DNS server to ask: add a [dns] zone (every team's server \
                     then has a name)",
                "{key} ha bisogno di un server DNS a cui chiedere: aggiungi una zona [dns] \
                     (così il server di ogni squadra ha un nome)"
            )
        });
    }
    // Round 11 connects to the load balancer's service address, which only a
    // [balancer] table puts in the game.
    if let Some(g) = s.goals.iter().find(|g| g.destination() == Destination::Vip)
        && s.balancer.is_none()
    {
        let key = g.key();
        err(
            "goals".into(),
            text!(
                "{key} needs a load balancer: add a [balancer] table with its vip and two \
                 backends or more",
                "{key} ha bisogno di un bilanciatore di carico: aggiungi una tabella \
                 [balancer] con il suo vip e due backend o più"
            ),
        );
    }
    for (g, goal) in s.goals.iter().enumerate() {
        if s.goals[..g].contains(goal) {
            err(format!("goals[{g}]"), {
                let key = goal.key();
                text!("{key} is listed twice", "{key} compare due volte")
            });
        }
    }
}

fn faults(s: &Scenario, err: &mut impl FnMut(String, Text)) {
    if s.faults.len() > MAX_FAULTS {
        err("faults".into(), {
            let n = s.faults.len();
            text!(
                "there are at most {MAX_FAULTS} faults in a scenario, and this one has {n}",
                "uno scenario ha al massimo {MAX_FAULTS} guasti, e questo ne ha {n}"
            )
        });
        return;
    }
    for (f, sf) in s.faults.iter().enumerate() {
        let at = |field: &str| format!("faults[{f}].{field}");
        if sf.at > MAX_FAULT_AT {
            err(at("at"), {
                let at = sf.at;
                text!(
                    "a fault must fire within 24 hours of the start, not at {at}",
                    "un guasto deve scattare entro 24 ore dall'inizio, non a {at}"
                )
            });
        }
        target(s, f, sf.fault.target, err);
        match sf.fault.kind.setting() {
            Setting::Code(code) if code > MAX_UNREACHABLE_CODE => err(
                at("code"),
                text!(
                    "destination unreachable codes go from 0 to {MAX_UNREACHABLE_CODE} \
                     (0 net, 1 host, 3 port), not {code}",
                    "i codici di destination unreachable vanno da 0 a {MAX_UNREACHABLE_CODE} \
                     (0 rete, 1 host, 3 porta), non {code}"
                ),
            ),
            Setting::Delay(by) if by == Duration::ZERO || by > MAX_DELAY_FAULT => err(
                at("seconds"),
                text!(
                    "a delay must be more than 0 and at most {MAX_DELAY_FAULT}, not {by}",
                    "un ritardo deve essere più di 0 e al massimo {MAX_DELAY_FAULT}, non {by}"
                ),
            ),
            Setting::Prefix(prefix) => {
                let team = match sf.fault.target {
                    FaultTarget::Team(t) => s.teams.get(t),
                    _ => None,
                };
                if let Some(t) = team
                    && !t.routes.iter().any(|r| r.prefix == prefix)
                {
                    err(at("prefix"), {
                        let team = &t.name;
                        text!(
                            "the router of team {team} has no preset route to {prefix} to \
                                 remove",
                            "il router della squadra {team} non ha una rotta preimpostata \
                                 verso {prefix} da togliere"
                        )
                    });
                }
            }
            _ => {}
        }
        let spec = sf.fault.kind.spec();
        match (sf.fault.target, spec.aim) {
            (FaultTarget::Connection { .. }, Aim::Team) => {
                let key = spec.key;
                err(
                    at("client"),
                    text!(
                        "\"{key}\" is aimed at a whole team: remove client",
                        "\"{key}\" colpisce una squadra intera: togli client"
                    ),
                )
            }
            (FaultTarget::Link { .. }, Aim::Team | Aim::Connection) => {
                let key = spec.key;
                err(
                    at("link"),
                    text!(
                        "\"{key}\" cannot be aimed at a link: aim it at a team (team = \"...\")",
                        "\"{key}\" non può colpire un collegamento: mira a una squadra \
                         (team = \"...\")"
                    ),
                )
            }
            _ => {}
        }
    }
}

fn target(s: &Scenario, f: usize, target: FaultTarget, err: &mut impl FnMut(String, Text)) {
    let team_missing = |t: usize| s.teams.get(t).is_none();
    match target {
        FaultTarget::Team(t) | FaultTarget::Connection { team: t, .. } if team_missing(t) => err(
            format!("faults[{f}].team"),
            text!(
                "there is no team number {t}; ",
                "non c'è nessuna squadra numero {t}; "
            )
            .then(team_list(s)),
        ),
        FaultTarget::Connection { team, client } => {
            if let Some(t) = s.teams.get(team)
                && t.clients.get(client).is_none()
            {
                err(format!("faults[{f}].client"), {
                    let team = &t.name;
                    text!(
                        "team {team} has no client number {client}",
                        "la squadra {team} non ha un client numero {client}"
                    )
                });
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
                    text!(
                        "the two teams' routers are not linked on the backbone",
                        "i router delle due squadre non sono collegati sulla dorsale"
                    ),
                );
            }
        }
        FaultTarget::Team(_) => {}
    }
}
