//! The referee knows the round (game design §3): a card that is legal TCP but not what the
//! team's current round asks — a SYN to the router instead of the server, ports swapped, a
//! telnet connection when round 3 wants a closed port — is wrong in the round's words.
//! Only the opening SYN of a client is held against the round: every later card of a
//! connection is judged by the TCP rules alone, which know it better than any round.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::addr::{Endpoint, Ipv4Addr};
use crate::card::Field;
use crate::check::Mistake;
use crate::score::{Destination, Goal};
use crate::segment::TcpSegment;
use crate::text::{Text, text};

use super::World;
use super::topology::{NodeId, NodeKind, Role, server_endpoint};

/// Ports below this belong to services (RFC 6335 §6: 0–1023 are the system ports); a
/// client opens its connections from a port of its own above them.
const FIRST_CLIENT_PORT: u16 = 1024;

impl World {
    /// What is wrong with client `node`'s opening SYN `seg` for its team's current round;
    /// empty when it is what the round asks, or when the card is no opening SYN.
    pub(super) fn round_mistakes(&self, node: NodeId, seg: &TcpSegment) -> Vec<Mistake> {
        let mut out = Vec::new();
        let opening = seg.flags.syn() && !seg.flags.ack() && !seg.flags.rst();
        let Some(n) = self.node(node) else { return out };
        if !opening || n.kind != NodeKind::Client {
            return out;
        }
        let Some(goal) = self.current_goal(n.team) else {
            return out;
        };
        let round = Heading::of(goal);
        let port = seg.src.port;
        if port < FIRST_CLIENT_PORT {
            out.push(Mistake {
                field: Field::SrcPort,
                expected: text!(
                    "a port of your own above 1023, e.g. 40000",
                    "una porta tua sopra la 1023, per esempio 40000"
                ),
                got: Text::same(port.to_string()),
                why: text!(
                    "ports 0 to 1023 are where services listen (telnet is 23): a client opens \
                     its connection from a fresh port of its own, like the 40000s of this game",
                    "le porte da 0 a 1023 sono quelle dove ascoltano i servizi (telnet è la 23): \
                     un client apre la sua connessione da una porta nuova tutta sua, come le \
                     40000 di questo gioco"
                ),
                rfc: "RFC 6335 §6",
            });
        }
        let own = self
            .teams
            .get(n.team)
            .and_then(|t| server_endpoint(t, &self.nodes));
        let Some(own) = own else { return out };
        let dst = seg.dst;
        match goal.destination() {
            Destination::OwnServer => self.to_server(&round, own, dst, true, &mut out),
            Destination::ClosedPort => self.to_server(&round, own, dst, false, &mut out),
            Destination::Unknown => {
                if let Some(net) = self.known_network(dst.addr) {
                    let unknown = self.unknown;
                    let addr = dst.addr;
                    out.push(round.mistake(
                        Field::DstIp,
                        Text::same(unknown.to_string()),
                        dst.addr,
                        text!(
                            "connect to an address no router knows, e.g. {unknown}: {addr} is in \
                             {net}, which the routers know",
                            "connettiti a un indirizzo che nessun router conosce, per esempio \
                             {unknown}: {addr} è in {net}, che i router conoscono"
                        ),
                    ));
                }
            }
            Destination::OtherTeam => self.to_other_team(&round, n.team, dst, &mut out),
            Destination::Named => self.to_named(&round, node, n.team, own, dst, &mut out),
            Destination::Vip => self.to_vip(&round, dst, &mut out),
        }
        out
    }

    /// The rule of its own that the current round of `node`'s team adds for a card the
    /// node wrote, if any (round 9's buffering).
    pub(super) fn round_rule(&self, node: NodeId, seg: &TcpSegment) -> Option<Mistake> {
        let goal = self.current_goal(self.node(node)?.team)?;
        (goal.round().hooks.mistake)(self, node, seg)
    }

    /// Rounds played with the team's own server: its address, and a port it listens on
    /// (`listening`) or one where nothing listens (round 3).
    fn to_server(
        &self,
        round: &Heading,
        own: Endpoint,
        dst: Endpoint,
        listening: bool,
        out: &mut Vec<Mistake>,
    ) {
        let (addr, port) = (own.addr, own.port);
        if dst.addr != own.addr {
            let got = dst.addr;
            let why = match self.owner(got) {
                Some((name, true)) => text!(
                    "your team's telnet server is {addr}, port {port}; {got} is {name}, a router, \
                     which hands cards on and serves nothing",
                    "il server telnet della tua squadra è {addr}, porta {port}; {got} è {name}, \
                     un router, che passa le carte e non offre servizi"
                ),
                Some((name, false)) => text!(
                    "your team's telnet server is {addr}, port {port}; {got} is {name}",
                    "il server telnet della tua squadra è {addr}, porta {port}; {got} è {name}"
                ),
                None => text!(
                    "your team's telnet server is {addr}, port {port}",
                    "il server telnet della tua squadra è {addr}, porta {port}"
                ),
            };
            out.push(round.mistake(Field::DstIp, Text::same(addr.to_string()), got, why));
        }
        let ports = self.server_ports(own.addr);
        let open = ports.contains(&dst.port);
        if listening && !open {
            let got = dst.port;
            out.push(round.mistake(
                Field::DstPort,
                Text::same(port.to_string()),
                got,
                text!(
                    "your team's telnet server listens on port {port} of {addr}; port {got} is \
                     not where it waits",
                    "il server telnet della tua squadra ascolta sulla porta {port} di {addr}; la \
                     porta {got} non è dove aspetta"
                ),
            ));
        } else if !listening && open {
            let got = dst.port;
            out.push(round.mistake(
                Field::DstPort,
                text!(
                    "a port where nothing listens, e.g. 80",
                    "una porta dove nessuno ascolta, per esempio 80"
                ),
                got,
                text!(
                    "send the SYN to a port of {addr} where nothing listens, e.g. 80: on port \
                     {got} the telnet server would accept it",
                    "manda il SYN a una porta di {addr} dove nessuno ascolta, per esempio 80: \
                     sulla porta {got} il server telnet lo accetterebbe"
                ),
            ));
        }
    }

    /// Round 6: the telnet server of another team.
    fn to_other_team(&self, round: &Heading, team: usize, dst: Endpoint, out: &mut Vec<Mistake>) {
        let servers: Vec<(usize, Endpoint)> = self
            .teams
            .iter()
            .filter_map(|t| Some((t.index, server_endpoint(t, &self.nodes)?)))
            .collect();
        let Some((next, example)) = servers
            .iter()
            .find(|(t, _)| *t == (team + 1) % self.teams.len().max(1) && *t != team)
            .or_else(|| servers.iter().find(|(t, _)| *t != team))
            .copied()
        else {
            return;
        };
        let name = self
            .teams
            .get(next)
            .map_or(String::new(), |t| t.name.clone());
        let (addr, port) = (example.addr, example.port);
        match servers.iter().find(|(_, s)| s.addr == dst.addr) {
            Some((t, s)) if *t != team => {
                let ports = self.server_ports(s.addr);
                if !ports.contains(&dst.port) {
                    let (got, want) = (dst.port, s.port);
                    out.push(round.mistake(
                        Field::DstPort,
                        Text::same(want.to_string()),
                        got,
                        text!(
                            "that team's telnet server listens on port {want}",
                            "il server telnet di quella squadra ascolta sulla porta {want}"
                        ),
                    ));
                }
            }
            Some(_) => out.push(round.mistake(
                Field::DstIp,
                Text::same(addr.to_string()),
                dst.addr,
                text!(
                    "this round crosses the routers: connect to the server of another team, \
                     e.g. {name}'s {addr}, port {port}, not your own",
                    "questa manche attraversa i router: connettiti al server di un'altra \
                     squadra, per esempio {addr} di {name}, porta {port}, non al tuo"
                ),
            )),
            None => out.push(round.mistake(
                Field::DstIp,
                Text::same(addr.to_string()),
                dst.addr,
                text!(
                    "connect to the telnet server of another team, e.g. {name}'s {addr}, port \
                     {port}",
                    "connettiti al server telnet di un'altra squadra, per esempio {addr} di \
                     {name}, porta {port}"
                ),
            )),
        }
    }

    /// Round 10: the address the client's resolver got for its server's name, and only
    /// once it got one. A resolver turns a name into the address a program connects to
    /// (RFC 1034 §2, §5.3.1), as the original session simulated DNS, then TCP (seed 001):
    /// the client follows its answer, even a forged one, so the referee checks the SYN
    /// against the answer believed, and the network shows what a lie costs.
    fn to_named(
        &self,
        round: &Heading,
        node: NodeId,
        team: usize,
        own: Endpoint,
        dst: Endpoint,
        out: &mut Vec<Mistake>,
    ) {
        const RULE: &str = "RFC 1034 §5.3.1, seed 001";
        let Some((dns, name)) = self.server_name(team) else {
            return;
        };
        let named = |m: Mistake| Mistake { rfc: RULE, ..m };
        let Some(addr) = self.believed(node) else {
            out.push(named(round.mistake(
                Field::DstIp,
                text!(
                    "the address the DNS server gives for {name}",
                    "l'indirizzo che il server DNS dà per {name}"
                ),
                dst.addr,
                text!(
                    "ask the DNS server ({dns}) for the address of {name} first: a client knows \
                     its server by name, and connects to the address the answer gives",
                    "chiedi prima al server DNS ({dns}) l'indirizzo di {name}: un client conosce \
                     il suo server per nome, e si connette all'indirizzo che dà la risposta"
                ),
            )));
            return;
        };
        if dst.addr != addr {
            out.push(named(round.mistake(
                Field::DstIp,
                Text::same(addr.to_string()),
                dst.addr,
                text!(
                    "the DNS server said {name} is {addr}: connect to that address",
                    "il server DNS ha detto che {name} è {addr}: connettiti a quell'indirizzo"
                ),
            )));
        }
        if dst.port != own.port {
            let (port, got) = (own.port, dst.port);
            out.push(named(round.mistake(
                Field::DstPort,
                Text::same(port.to_string()),
                got,
                text!(
                    "the telnet server of {name} listens on port {port}, not {got}",
                    "il server telnet di {name} ascolta sulla porta {port}, non sulla {got}"
                ),
            )));
        }
    }

    /// Round 11: the load balancer's service address, port 23. A client knows only the
    /// VIP; which backend serves it is the balancer's choice, not the client's (RFC 2003
    /// §3: the balancer tunnels it to one).
    fn to_vip(&self, round: &Heading, dst: Endpoint, out: &mut Vec<Mistake>) {
        const RULE: &str = "RFC 2003 §3, seeds 000/001";
        let Some(vip) = self.vip() else { return };
        let service = Endpoint::new(vip, crate::scenario::TELNET_PORT);
        let balanced = |m: Mistake| Mistake { rfc: RULE, ..m };
        if dst.addr != vip {
            let got = dst.addr;
            let backend = self
                .balancer()
                .and_then(|b| self.lb(b))
                .filter(|(_, lb)| lb.backends.contains(&got))
                .and_then(|_| self.host_at(got))
                .map(|b| b.name.clone());
            let why = match backend {
                Some(name) => text!(
                    "{got} is {name}, one of the backends behind the balancer: this round \
                     connects to the service address {service}, and the balancer picks the \
                     backend",
                    "{got} è {name}, uno dei backend dietro il bilanciatore: questa manche si \
                     connette all'indirizzo di servizio {service}, e il backend lo sceglie il \
                     bilanciatore"
                ),
                None => text!(
                    "this round connects to the service address {service}, behind the load \
                     balancer",
                    "questa manche si connette all'indirizzo di servizio {service}, dietro il \
                     bilanciatore"
                ),
            };
            out.push(balanced(round.mistake(
                Field::DstIp,
                Text::same(vip.to_string()),
                got,
                why,
            )));
        }
        if dst.port != service.port {
            let (port, got) = (service.port, dst.port);
            out.push(balanced(round.mistake(
                Field::DstPort,
                Text::same(port.to_string()),
                got,
                text!(
                    "the telnet service behind {vip} listens on port {port}, not {got}",
                    "il servizio telnet dietro {vip} ascolta sulla porta {port}, non sulla {got}"
                ),
            )));
        }
    }

    /// The ports the host at `addr` listens on (its team's server ports).
    fn server_ports(&self, addr: Ipv4Addr) -> Vec<u16> {
        self.teams
            .iter()
            .find(|t| self.node(t.server).is_some_and(|n| n.addr == addr))
            .map(|t| t.server_ports.clone())
            .unwrap_or_default()
    }

    /// Who has `addr` in the game: a node's name and whether it is a router.
    fn owner(&self, addr: Ipv4Addr) -> Option<(String, bool)> {
        self.nodes.iter().find_map(|n| match &n.role {
            Role::Router { backbone_addr, .. }
                if n.addr == addr || *backbone_addr == Some(addr) =>
            {
                Some((n.name.clone(), true))
            }
            Role::Host { .. } | Role::Balancer { .. } if n.answers_to(addr) => {
                Some((n.name.clone(), false))
            }
            _ => None,
        })
    }

    /// The network of the game that holds `addr`: a team's LAN or the backbone, which
    /// the routers know.
    fn known_network(&self, addr: Ipv4Addr) -> Option<String> {
        if let Some(t) = self.teams.iter().find(|t| t.lan.contains(addr)) {
            return Some(format!("{}", t.lan));
        }
        self.nodes.iter().find_map(|n| match &n.role {
            Role::Router { router, .. } => router
                .interfaces
                .iter()
                .find(|i| i.prefix.contains(addr))
                .map(|i| format!("{}", i.prefix)),
            Role::Host { .. } | Role::Balancer { .. } => None,
        })
    }
}

/// The round a mistake is explained in: "round 1 (Handshake): …".
struct Heading {
    en: String,
    it: String,
}

impl Heading {
    fn of(goal: Goal) -> Heading {
        let n = goal.number();
        Heading {
            en: format!("round {n} ({})", goal.title().en),
            it: format!("manche {n} ({})", goal.title().it),
        }
    }

    fn mistake(&self, field: Field, expected: Text, got: impl ToString, why: Text) -> Mistake {
        Mistake {
            field,
            expected,
            got: Text::same(got.to_string()),
            why: Text::new(
                format!("{}: {}", self.en, why.en),
                format!("{}: {}", self.it, why.it.unwrap_or_default()),
            ),
            rfc: "seed 000",
        }
    }
}

/// The referee knows the round (game design §3, seed 000): a legal opening SYN that is not
/// what the round asks is wrong in the round's words; routes must name a neighbour.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::{BACKBONE_IFACE, NextHop, Route};
    use crate::scenario::Scenario;
    use crate::text::twin_with_same_numbers;
    use crate::time::Instant;
    use crate::world::{Action, EventKind, MistakeNote, RouteEdit};
    use crate::world::{Event, Seat};
    use alloc::boxed::Box;

    fn original(goals: &str) -> (World, NodeId) {
        let mut scenario = Scenario::original();
        scenario.goals = goals
            .split(',')
            .filter_map(crate::score::Goal::from_key)
            .collect();
        let mut w = World::new(&scenario).expect("builds");
        w.set_attacker(false);
        let ada = w.node_by_name("Red client 1").expect("client");
        w.act(
            Action::SetSeat {
                node: ada,
                seat: Seat::Human,
            },
            Instant::ZERO,
        )
        .expect("seat");
        (w, ada)
    }

    fn syn(w: &mut World, node: NodeId, from: u16, to: &str, port: u16) -> Vec<MistakeNote> {
        let card = crate::world::syn_card("10.0.1.2", from, to, port);
        let events: Vec<Event> = w
            .act(
                Action::WriteCard {
                    node,
                    card: Box::new(card),
                },
                w.now(),
            )
            .expect("a card is refereed");
        events
            .into_iter()
            .find_map(|e| match e.kind {
                EventKind::CardRejected { mistakes, .. } | EventKind::Verdict { mistakes, .. } => {
                    Some(mistakes)
                }
                _ => None,
            })
            .expect("a verdict")
    }

    #[test]
    fn round_1_wants_the_own_server_on_port_23_seed_000() {
        let (mut w, ada) = original("handshake");
        let to_router = syn(&mut w, ada, 40000, "10.0.1.254", 23);
        assert_eq!(to_router.len(), 1, "{to_router:#?}");
        assert_eq!(to_router[0].field, "destination IP");
        assert!(
            to_router[0]
                .why
                .en
                .starts_with("round 1 (Handshake): your team's telnet server is 10.0.1.1, port 23")
        );
        assert!(to_router[0].why.en.contains("a router"));
        assert!(twin_with_same_numbers(&to_router[0].why));
        let swapped = syn(&mut w, ada, 23, "10.0.1.1", 40000);
        let fields: Vec<&str> = swapped.iter().map(|m| m.field.as_str()).collect();
        assert_eq!(fields, ["source port", "destination port"], "{swapped:#?}");
        assert!(syn(&mut w, ada, 40000, "10.0.1.1", 23).is_empty());
    }

    #[test]
    fn round_3_wants_a_closed_port_and_round_5_an_unknown_address_seed_000() {
        let (mut w, ada) = original("refused");
        let telnet = syn(&mut w, ada, 40000, "10.0.1.1", 23);
        assert_eq!(telnet.len(), 1, "{telnet:#?}");
        assert!(telnet[0].why.en.contains("where nothing listens"));
        assert!(syn(&mut w, ada, 40001, "10.0.1.1", 80).is_empty());
        let (mut w, ada) = original("no_route");
        let known = syn(&mut w, ada, 40000, "10.0.2.1", 23);
        assert_eq!(known.len(), 1, "{known:#?}");
        assert!(
            known[0]
                .why
                .en
                .contains("10.0.2.0/24, which the routers know")
        );
        assert!(syn(&mut w, ada, 40001, "10.0.99.1", 23).is_empty());
    }

    #[test]
    fn round_6_wants_another_team_seed_000() {
        let (mut w, ada) = original("across_lans");
        let own = syn(&mut w, ada, 40000, "10.0.1.1", 23);
        assert!(own[0].why.en.contains("another team"), "{own:#?}");
        assert!(syn(&mut w, ada, 40001, "10.0.3.1", 23).is_empty());
    }

    /// RFC 1812 §5.2.4.3: a gateway the router cannot reach is refused when written.
    #[test]
    fn a_route_via_an_unreachable_gateway_is_refused_rfc1812_5_2_4_3() {
        let (mut w, _) = original("across_lans");
        let red = w.node_by_name("Red router").expect("router");
        let route = |gw: [u8; 4]| Action::EditRoute {
            node: red,
            edit: RouteEdit::Add(Route {
                prefix: "10.0.3.0/24".parse().expect("prefix"),
                next_hop: NextHop::Gateway(Ipv4Addr::from(gw)),
                iface: BACKBONE_IFACE,
            }),
        };
        let err = w
            .act(route([10, 0, 3, 254]), w.now())
            .expect_err("unreachable");
        assert!(
            err.message.contains("cannot reach the gateway 10.0.3.254"),
            "{err}"
        );
        let err = w.act(route([192, 168, 0, 1]), w.now()).expect_err("itself");
        assert!(err.message.contains("itself"), "{err}");
        assert!(w.act(route([192, 168, 0, 3]), w.now()).is_ok());
    }
}
