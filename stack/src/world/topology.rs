//! The network a scenario describes, laid out as nodes and links (seed 000): per team a LAN
//! with its router/switch at `.254`, its telnet server at `.1` and its clients at `.2`, `.3`…;
//! routers of different teams meet on the backbone, where team `i`'s router is host `i+1`.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::addr::{Endpoint, Ipv4Addr, Prefix};
use crate::bot::HostBot;
use crate::host::Host;
use crate::route::{BACKBONE_IFACE, Interface, NextHop, Route, Router};
use crate::scenario::{Isn, Scenario, ScenarioError, Settings};
use crate::tcp::{Config, IssMode};
use crate::time::{Duration, Instant};

/// Why a scenario cannot become a world.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorldError {
    /// The scenario itself is inconsistent (see [`crate::scenario::Scenario::validate`]).
    Scenario(Vec<ScenarioError>),
    /// The scenario is valid on its own but cannot be laid out as a network.
    Topology(String),
}

impl fmt::Display for WorldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorldError::Scenario(errors) => {
                f.write_str("the scenario has problems:")?;
                for e in errors {
                    write!(f, "\n  {e}")?;
                }
                Ok(())
            }
            WorldError::Topology(text) => f.write_str(text),
        }
    }
}

/// A node of the board. Ids are given in scenario order (per team: router, server,
/// clients), so the same scenario always gets the same ids.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct NodeId(pub u16);

/// A card: unique for the whole game. A card is in exactly one place (on a link or in one
/// inbox) until it is consumed; the duplicate fault makes a *new* card.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CardId(pub u32);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum NodeKind {
    Client,
    Server,
    Router,
    /// The game's DNS server, when the scenario has a zone (see [`crate::scenario::dns`]).
    Dns,
    /// The game's load balancer, when the scenario has one (see
    /// [`crate::scenario::balancer`]).
    Balancer,
}

/// Who plays a node. Every seat starts with a bot, so a scenario can always be autoplayed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Seat {
    Human,
    Bot,
}

/// A cable of the board: a host to its router/switch, or two routers on the backbone.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Link {
    pub a: NodeId,
    pub b: NodeId,
    pub backbone: bool,
}

/// What a node is, beyond its name.
#[derive(Clone, Debug)]
pub(crate) enum Role {
    Host {
        host: Host,
        /// The router/switch every card of this host goes to first (seed 000).
        router: NodeId,
        bot: HostBot,
    },
    Router {
        router: Router,
        backbone_addr: Option<Ipv4Addr>,
    },
    /// The load balancer: it decides about the cards of its inbox as a router does, by
    /// wrapping them for a backend.
    Balancer {
        lb: crate::balancer::Balancer,
        /// The router every card of the balancer goes to.
        router: NodeId,
    },
}

#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub id: NodeId,
    pub kind: NodeKind,
    pub name: String,
    pub team: usize,
    pub seat: Seat,
    /// The node's address on its LAN.
    pub addr: Ipv4Addr,
    pub role: Role,
    /// When its bot plays next (hosts only; router bots think per card).
    pub wake: Option<Instant>,
}

impl Node {
    /// Whether a card for `addr` is delivered to this node on its LAN: a host's address,
    /// the balancer's own and its VIP (the world's address-to-node lookup; the backends
    /// hold the VIP only inside a tunnel, so it is never delivered to them).
    pub(crate) fn answers_to(&self, addr: Ipv4Addr) -> bool {
        match &self.role {
            Role::Host { .. } => self.addr == addr,
            Role::Balancer { lb, .. } => self.addr == addr || lb.vip == addr,
            Role::Router { .. } => false,
        }
    }
}

/// One team's nodes, for lookups and views.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TeamView {
    pub index: usize,
    pub name: String,
    pub lan: Prefix,
    pub router: NodeId,
    pub server: NodeId,
    pub clients: Vec<NodeId>,
    pub server_ports: Vec<u16>,
}

/// Addresses the "no route to host" round (seed 000, round 5) can aim at: the RFC 5737
/// documentation networks, then the address the brief's example uses. The first one no
/// LAN, backbone or preset route covers is taken.
const UNKNOWN_CANDIDATES: [Ipv4Addr; 4] = [
    Ipv4Addr::new(10, 0, 99, 1),
    Ipv4Addr::new(192, 0, 2, 1),
    Ipv4Addr::new(198, 51, 100, 1),
    Ipv4Addr::new(203, 0, 113, 1),
];

pub(crate) struct Layout {
    pub nodes: Vec<Node>,
    pub links: Vec<Link>,
    pub teams: Vec<TeamView>,
    pub unknown: Ipv4Addr,
}

/// The longest round trip a card can take in this scenario: host → router → router → host
/// and back is 6 links, and 5 bots think on the way (2 routers each way and the server).
fn worst_rtt(settings: &Settings) -> Duration {
    settings.link_delay.saturating_mul(6) + settings.think_time.saturating_mul(5)
}

/// TCP settings of every host.
///
/// Deliberate choice: RFC 6298 §2.1 starts the retransmission timeout at 1 s because real
/// round trips are milliseconds. On the board a card takes seconds per link and bots think
/// between hops, so a 1 s timer would retransmit every card. The initial RTO is therefore
/// twice the worst round trip of the scenario (never below RFC 6298's 1 s), and its ceiling
/// at least four times that. Loss is still repaired by retransmission, just on game time.
pub(crate) fn host_config(settings: &Settings, node_index: usize) -> Config {
    let base = Config::default();
    let rto_initial = base.rto_initial.max(worst_rtt(settings).saturating_mul(2));
    let iss = match settings.isn {
        Isn::Zero => IssMode::Zero,
        // Each host gets its own stream, still a pure function of the scenario seed.
        Isn::Random => IssMode::Seeded(
            settings
                .seed
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                .wrapping_add(node_index as u64),
        ),
    };
    Config {
        msl: settings.msl,
        rto_initial,
        rto_max: base.rto_max.max(rto_initial.saturating_mul(4)),
        iss,
        ..base
    }
}

fn next_id(nodes: &[Node]) -> Result<NodeId, WorldError> {
    u16::try_from(nodes.len()).map(NodeId).map_err(|_| {
        WorldError::Topology(String::from("too many nodes: a game holds at most 65535"))
    })
}

pub(crate) fn build(scenario: &Scenario) -> Result<Layout, WorldError> {
    let errors = scenario.validate();
    if !errors.is_empty() {
        return Err(WorldError::Scenario(errors));
    }
    let settings = &scenario.settings;
    let mut nodes: Vec<Node> = Vec::new();
    let mut links = Vec::new();
    let mut teams = Vec::new();
    for (t, spec) in scenario.teams.iter().enumerate() {
        let router_id = next_id(&nodes)?;
        let mut interfaces = alloc::vec![Interface {
            name: String::from("lan"),
            addr: spec.router_addr(),
            prefix: spec.lan,
        }];
        let backbone_addr = match &scenario.backbone {
            Some(bb) => {
                let addr = bb.router_addr(t).ok_or_else(|| {
                    WorldError::Topology(format!(
                        "the backbone {} has no address left for the router of team {}",
                        bb.prefix, spec.name
                    ))
                })?;
                interfaces.push(Interface {
                    name: String::from("backbone"),
                    addr,
                    prefix: bb.prefix,
                });
                Some(addr)
            }
            None => None,
        };
        let mut router = Router::new(format!("{} router", spec.name), interfaces);
        for r in &spec.routes {
            let via = scenario
                .team_index(&r.via)
                .and_then(|v| scenario.backbone.as_ref().and_then(|bb| bb.router_addr(v)))
                .ok_or_else(|| {
                    WorldError::Topology(format!(
                        "team {}: route {} goes via {}, which has no router on a backbone",
                        spec.name, r.prefix, r.via
                    ))
                })?;
            router.table.add(Route {
                prefix: r.prefix,
                next_hop: NextHop::Gateway(via),
                iface: BACKBONE_IFACE,
            });
        }
        nodes.push(Node {
            id: router_id,
            kind: NodeKind::Router,
            name: format!("{} router", spec.name),
            team: t,
            seat: Seat::Bot,
            addr: spec.router_addr(),
            role: Role::Router {
                router,
                backbone_addr,
            },
            wake: None,
        });

        let server_id = next_id(&nodes)?;
        let mut server = Host::new(spec.server_addr(), host_config(settings, nodes.len()));
        for port in &spec.server_ports {
            // Duplicate ports are refused by `validate`; a second listen is harmless anyway.
            let _ = server.listen(*port);
        }
        nodes.push(Node {
            id: server_id,
            kind: NodeKind::Server,
            name: format!("{} server", spec.name),
            team: t,
            seat: Seat::Bot,
            addr: spec.server_addr(),
            role: Role::Host {
                host: server,
                router: router_id,
                bot: HostBot::Server,
            },
            wake: None,
        });
        links.push(Link {
            a: server_id,
            b: router_id,
            backbone: false,
        });

        let mut clients = Vec::new();
        for (c, name) in spec.clients.iter().enumerate() {
            let addr = spec.client_addr(c).ok_or_else(|| {
                WorldError::Topology(format!("team {}: no address for client {name}", spec.name))
            })?;
            let id = next_id(&nodes)?;
            nodes.push(Node {
                id,
                kind: NodeKind::Client,
                name: name.clone(),
                team: t,
                seat: Seat::Bot,
                addr,
                role: Role::Host {
                    host: Host::new(addr, host_config(settings, nodes.len())),
                    router: router_id,
                    bot: HostBot::client(),
                },
                wake: None,
            });
            links.push(Link {
                a: id,
                b: router_id,
                backbone: false,
            });
            clients.push(id);
        }
        teams.push(TeamView {
            index: t,
            name: spec.name.clone(),
            lan: spec.lan,
            router: router_id,
            server: server_id,
            clients,
            server_ports: spec.server_ports.clone(),
        });
    }
    if let Some(bb) = &scenario.backbone {
        for (a, b) in &bb.links {
            let router_of = |name: &str| {
                scenario
                    .team_index(name)
                    .and_then(|t| teams.get(t))
                    .map(|t: &TeamView| t.router)
            };
            if let (Some(a), Some(b)) = (router_of(a), router_of(b)) {
                links.push(Link {
                    a,
                    b,
                    backbone: true,
                });
            }
        }
    }
    if let (Some(dns), Some(first)) = (&scenario.dns, teams.first()) {
        add_dns_server(scenario, dns, first.router, &mut nodes, &mut links)?;
    }
    if let (Some(lb), Some(first)) = (&scenario.balancer, teams.first()) {
        add_balancer(scenario, lb, first.router, &teams, &mut nodes, &mut links)?;
    }
    check_unique_addresses(&nodes)?;
    let covered = |addr: Ipv4Addr| {
        scenario
            .teams
            .iter()
            .any(|t| t.lan.contains(addr) || t.routes.iter().any(|r| r.prefix.contains(addr)))
            || scenario
                .backbone
                .as_ref()
                .is_some_and(|bb| bb.prefix.contains(addr))
    };
    let unknown = UNKNOWN_CANDIDATES
        .iter()
        .copied()
        .find(|a| !covered(*a))
        .unwrap_or(Ipv4Addr::new(203, 0, 113, 1));
    Ok(Layout {
        nodes,
        links,
        teams,
        unknown,
    })
}

/// The game's DNS server, after every other node so their ids do not move (where it sits,
/// and why, is in [`crate::scenario::dns`]).
fn add_dns_server(
    scenario: &Scenario,
    dns: &crate::scenario::DnsSpec,
    router: NodeId,
    nodes: &mut Vec<Node>,
    links: &mut Vec<Link>,
) -> Result<(), WorldError> {
    let addr = crate::scenario::DnsSpec::server_addr(&scenario.teams).ok_or_else(|| {
        WorldError::Topology(String::from(
            "the first team's LAN has no room for the DNS server at .53",
        ))
    })?;
    let mut host = Host::new(addr, host_config(&scenario.settings, nodes.len()));
    host.serve_zone(dns.table(&scenario.teams));
    let role = Role::Host {
        host,
        router,
        // Its stack answers by itself; see `dns_bot`.
        bot: HostBot::Server,
    };
    add_games_own(
        nodes,
        links,
        (NodeKind::Dns, "DNS server"),
        addr,
        role,
        router,
    )
}

/// Adds one of the game's own seats (no team's: the DNS server, the load balancer) on the
/// first team's LAN, linked to its router/switch, after every other node.
fn add_games_own(
    nodes: &mut Vec<Node>,
    links: &mut Vec<Link>,
    (kind, name): (NodeKind, &str),
    addr: Ipv4Addr,
    role: Role,
    router: NodeId,
) -> Result<(), WorldError> {
    let id = next_id(nodes)?;
    nodes.push(Node {
        id,
        kind,
        name: String::from(name),
        team: 0,
        seat: Seat::Bot,
        addr,
        role,
        wake: None,
    });
    links.push(Link {
        a: id,
        b: router,
        backbone: false,
    });
    Ok(())
}

/// The game's load balancer, after every other node (the DNS server too) so their ids do
/// not move; its backends' servers learn the VIP they serve (where it sits, and why, is in
/// [`crate::scenario::balancer`]).
fn add_balancer(
    scenario: &Scenario,
    spec: &crate::scenario::BalancerSpec,
    router: NodeId,
    teams: &[TeamView],
    nodes: &mut Vec<Node>,
    links: &mut Vec<Link>,
) -> Result<(), WorldError> {
    let addr = crate::scenario::BalancerSpec::addr(&scenario.teams).ok_or_else(|| {
        WorldError::Topology(String::from(
            "the first team's LAN has no room for the balancer at .80",
        ))
    })?;
    let mut backends = Vec::new();
    for name in &spec.backends {
        let server = scenario
            .team_index(name)
            .and_then(|t| teams.get(t))
            .map(|t| t.server)
            .ok_or_else(|| WorldError::Topology(format!("the backend {name} is not a team")))?;
        if let Some(n) = nodes.get_mut(usize::from(server.0)) {
            if let Role::Host { host, .. } = &mut n.role {
                host.serve_vip(spec.vip);
            }
            backends.push(n.addr);
        }
    }
    let role = Role::Balancer {
        lb: crate::balancer::Balancer::new(spec.vip, backends),
        router,
    };
    add_games_own(
        nodes,
        links,
        (NodeKind::Balancer, "Balancer"),
        addr,
        role,
        router,
    )
}

/// Two hosts with one address would make delivery ambiguous (two teams sharing a LAN).
fn check_unique_addresses(nodes: &[Node]) -> Result<(), WorldError> {
    let mut seen = crate::sorted::SortedMap::new();
    for n in nodes {
        let mut addrs = alloc::vec![n.addr];
        if let Role::Router {
            backbone_addr: Some(b),
            ..
        } = n.role
        {
            addrs.push(b);
        }
        if let Role::Balancer { lb, .. } = &n.role {
            addrs.push(lb.vip);
        }
        for a in addrs {
            if let Some(other) = seen.insert(a, n.name.clone()) {
                return Err(WorldError::Topology(format!(
                    "{} and {} would both have address {a}: give the teams different LANs",
                    other, n.name
                )));
            }
        }
    }
    Ok(())
}

/// The telnet server endpoint of a team (its first server port, 23 by default).
pub(crate) fn server_endpoint(team: &TeamView, nodes: &[Node]) -> Option<Endpoint> {
    let addr = nodes.get(usize::from(team.server.0))?.addr;
    Some(Endpoint::new(addr, *team.server_ports.first()?))
}
