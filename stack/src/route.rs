//! Routers: interfaces, a routing table with longest-prefix match, and what a correct router
//! does with one packet (RFC 1812). The router players of rounds 5 and 6 are checked against
//! [`Router::forward`], and router bots simply obey it.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::addr::{Ipv4Addr, Prefix};
use crate::text::{Text, text};
use crate::wire::{self, IcmpMessage, IpMeta, Packet, unreach};

/// Where a matching packet goes next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum NextHop {
    /// The destination is on a network this router is attached to: hand it over directly
    /// (ARP happens "in the background", seed 000).
    Direct,
    /// Hand it to this neighbour router, which knows more (seed 003: "the next hop").
    Gateway(Ipv4Addr),
}

/// One line of a routing table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Route {
    pub prefix: Prefix,
    pub next_hop: NextHop,
    /// Index into the router's `interfaces`: the cable the packet leaves on.
    pub iface: usize,
}

impl fmt::Display for Route {
    /// As a student reads a table line: `10.0.2.0/24 via 192.168.0.2` or `10.0.1.0/24
    /// directly connected`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.next_hop {
            NextHop::Direct => write!(f, "{} directly connected", self.prefix),
            NextHop::Gateway(gw) => write!(f, "{} via {gw}", self.prefix),
        }
    }
}

/// Interface numbers of every router the game builds: its LAN first, then the backbone.
pub const LAN_IFACE: usize = 0;
pub const BACKBONE_IFACE: usize = 1;

/// The interface a route through `gateway` leaves on: the attached network (a directly
/// connected line of `routes`) that holds the gateway, since a next hop is a neighbour
/// "on a directly connected network" (RFC 1812 §5.2.4.3). `None` when no attached
/// network holds it (the engine refuses such a route, saying why).
pub fn iface_towards(routes: &[Route], gateway: Ipv4Addr) -> Option<usize> {
    routes
        .iter()
        .find(|r| r.next_hop == NextHop::Direct && r.prefix.contains(gateway))
        .map(|r| r.iface)
}

/// A routing table. Lines are kept most specific first, so the table reads top to bottom
/// in the order the lookup considers them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RoutingTable {
    routes: Vec<Route>,
}

impl RoutingTable {
    pub fn new() -> Self {
        RoutingTable { routes: Vec::new() }
    }

    /// Adds a line. A line for the same prefix is replaced: a table has one answer per
    /// prefix (like `ip route replace`; equal-cost multipath is not part of the game).
    pub fn add(&mut self, r: Route) {
        self.routes.retain(|old| old.prefix != r.prefix);
        let at = self
            .routes
            .iter()
            .position(|old| (old.prefix.len(), old.prefix) < (r.prefix.len(), r.prefix))
            .unwrap_or(self.routes.len());
        self.routes.insert(at, r);
    }

    /// Removes the line for exactly this prefix (the "route removed" fault).
    pub fn remove(&mut self, p: Prefix) -> Option<Route> {
        let at = self.routes.iter().position(|r| r.prefix == p)?;
        Some(self.routes.remove(at))
    }

    pub fn routes(&self) -> &[Route] {
        &self.routes
    }

    /// The line for `dst`: among the prefixes that contain it, the longest wins (RFC 1812
    /// §5.2.4.3, seed 003); `0.0.0.0/0` is the default route that matches everything.
    pub fn lookup(&self, dst: Ipv4Addr) -> Option<&Route> {
        // Lines are sorted longest prefix first, so the first match is the longest.
        self.routes.iter().find(|r| r.prefix.contains(dst))
    }
}

/// One network card of a router: its address and the network it is attached to.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Interface {
    pub name: String,
    pub addr: Ipv4Addr,
    pub prefix: Prefix,
}

/// A router: the `.254` player of each team, plus its table.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Router {
    pub name: String,
    pub interfaces: Vec<Interface>,
    pub table: RoutingTable,
}

/// What a correct router does with one packet (RFC 1812). Serialize only: the `rfc`
/// labels are static text of the engine, not something read back.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Forwarding {
    /// Hand it to `to` on the directly connected network of `iface` (TTL already
    /// decremented).
    Deliver {
        iface: usize,
        to: Ipv4Addr,
        packet: Packet,
    },
    /// Hand it to the next router (TTL already decremented).
    Forward {
        iface: usize,
        gateway: Ipv4Addr,
        packet: Packet,
    },
    /// Addressed to the router itself.
    ForMe { packet: Packet },
    /// Send this ICMP error back to the source instead. `reason` is for the student, in
    /// both languages (`text.rs`).
    Reply {
        icmp: Packet,
        reason: Text,
        rfc: &'static str,
    },
    /// Drop it silently.
    Discard { reason: Text, rfc: &'static str },
}

/// The time-exceeded code for "TTL exceeded in transit" (RFC 792).
const TTL_EXCEEDED_IN_TRANSIT: u8 = 0;

/// The TTL of the ICMP errors the router writes (RFC 1812 §4.3.2.x leaves it to the
/// router; 64 is the common default).
const ICMP_TTL: u8 = 64;

impl Router {
    /// A router with a directly connected route for each interface's network (RFC 1812
    /// §5.2.4: attached networks are known without being configured).
    pub fn new(name: impl Into<String>, interfaces: Vec<Interface>) -> Router {
        let mut table = RoutingTable::new();
        for (iface, i) in interfaces.iter().enumerate() {
            table.add(Route {
                prefix: i.prefix,
                next_hop: NextHop::Direct,
                iface,
            });
        }
        Router {
            name: name.into(),
            interfaces,
            table,
        }
    }

    /// Whether `addr` is one of this router's own addresses.
    pub fn owns(&self, addr: Ipv4Addr) -> bool {
        self.interfaces.iter().any(|i| i.addr == addr)
    }

    /// The router's address on the interface it would use to reach `towards`: the source
    /// address of an ICMP error it sends there (RFC 1812 §4.3.2.4).
    pub fn addr_towards(&self, towards: Ipv4Addr) -> Option<Ipv4Addr> {
        let route = self.table.lookup(towards)?;
        self.interfaces.get(route.iface).map(|i| i.addr)
    }

    /// The interface of the LAN that holds both ends of `packet`, if it does. Inside one
    /// LAN the router/switch of seed 000 hands a card over at layer 2, "in the background":
    /// nothing is routed, so the TTL is not touched and no time exceeded exists (RFC 1812
    /// §5.3.1 decrements the TTL of datagrams forwarded between networks).
    pub fn switches(&self, packet: &Packet) -> Option<usize> {
        let (src, dst) = (packet.src(), packet.dst());
        let route = self.table.lookup(dst)?;
        let lan = self.interfaces.get(route.iface)?;
        let on_lan = route.next_hop == NextHop::Direct
            && lan.prefix == route.prefix
            && lan.prefix.contains(src)
            && src != lan.addr;
        on_lan.then_some(route.iface)
    }

    /// What a correct router does with `packet`. `host_exists` answers the ARP question
    /// for a directly connected destination; `ident` is the IP identification for an ICMP
    /// error, if one is written.
    ///
    /// The TTL is checked before the route is looked up. Linux looks the route up first
    /// (a TTL-1 packet with no route gets "net unreachable" there); RFC 1812 allows both,
    /// and the game checks the TTL first because that step is the same for every packet a
    /// router forwards, which makes it the easier habit to teach.
    pub fn forward(
        &self,
        packet: &Packet,
        host_exists: impl Fn(Ipv4Addr) -> bool,
        ident: u16,
    ) -> Forwarding {
        let dst = packet.dst();
        if self.owns(dst) {
            return Forwarding::ForMe {
                packet: packet.clone(),
            };
        }
        if let Some(iface) = self.switches(packet) {
            if host_exists(dst) {
                return Forwarding::Deliver {
                    iface,
                    to: dst,
                    packet: packet.clone(),
                };
            }
            let src = packet.src();
            return Forwarding::Discard {
                reason: text!(
                    "{src} and {dst} share a LAN, but nobody there has {dst}: no host answers \
                     ARP, so the card cannot be handed over, and as no router is involved, no \
                     ICMP error is sent either",
                    "{src} e {dst} sono sulla stessa LAN, ma lì nessuno ha {dst}: nessun host \
                     risponde all'ARP, quindi la carta non si può consegnare, e siccome nessun \
                     router è coinvolto non si manda nemmeno un errore ICMP"
                ),
                rfc: "RFC 1122 §2.3.2.2",
            };
        }
        // RFC 1812 §5.3.1: decrement by one; at zero the packet dies here. A packet that
        // arrives with TTL 0 cannot be decremented and dies too.
        let ttl = packet.ttl().saturating_sub(1);
        if ttl == 0 {
            let was = packet.ttl();
            let reason = text!(
                "the TTL was {was} and reaches 0 here: the packet dies and the source is told \
                 \"time exceeded\"",
                "il TTL era {was} e qui arriva a 0: il pacchetto muore e alla sorgente si \
                 comunica \"time exceeded\" (tempo scaduto)"
            );
            let msg = IcmpMessage::TimeExceeded {
                code: TTL_EXCEEDED_IN_TRANSIT,
                quoted: wire::quote(&packet.encode()),
            };
            return self.icmp_error(packet, msg, reason, "RFC 1812 §5.3.1", ident);
        }
        let mut out = packet.clone();
        out.set_ttl(ttl);
        let Some(route) = self.table.lookup(dst) else {
            let reason = text!(
                "no line of the routing table matches {dst} and there is no default route: \
                 the source is told \"network unreachable\"",
                "nessuna riga della tabella di instradamento corrisponde a {dst} e non c'è una \
                 route di default: alla sorgente si comunica \"network unreachable\" (rete \
                 irraggiungibile)"
            );
            let msg = IcmpMessage::DestUnreachable {
                code: unreach::NET,
                quoted: wire::quote(&packet.encode()),
            };
            return self.icmp_error(packet, msg, reason, "RFC 1812 §5.2.7.1", ident);
        };
        match route.next_hop {
            NextHop::Gateway(gateway) => Forwarding::Forward {
                iface: route.iface,
                gateway,
                packet: out,
            },
            NextHop::Direct if host_exists(dst) => Forwarding::Deliver {
                iface: route.iface,
                to: dst,
                packet: out,
            },
            NextHop::Direct => {
                let net = route.prefix;
                let reason = text!(
                    "{dst} is on the directly connected network {net} but nobody answers ARP \
                     for it: the source is told \"host unreachable\"",
                    "{dst} è sulla rete direttamente connessa {net} ma nessuno risponde all'ARP \
                     per quell'indirizzo: alla sorgente si comunica \"host unreachable\" (host \
                     irraggiungibile)"
                );
                let msg = IcmpMessage::DestUnreachable {
                    code: unreach::HOST,
                    quoted: wire::quote(&packet.encode()),
                };
                self.icmp_error(packet, msg, reason, "RFC 1812 §5.2.7.1", ident)
            }
        }
    }

    /// Wraps `msg` for the source of `original`, unless the rules forbid an ICMP error
    /// about this packet.
    fn icmp_error(
        &self,
        original: &Packet,
        msg: IcmpMessage,
        reason: Text,
        rfc: &'static str,
        ident: u16,
    ) -> Forwarding {
        if original.is_icmp_error() {
            return Forwarding::Discard {
                reason: reason.then(text!(
                    " — but this packet is itself an ICMP error, and an ICMP error is never \
                     answered with another one, so it is dropped silently",
                    " — ma questo pacchetto è già un errore ICMP, e a un errore ICMP non si \
                     risponde mai con un altro, quindi viene scartato in silenzio"
                )),
                rfc: "RFC 1122 §3.2.2",
            };
        }
        let src = original.src();
        if src.is_unspecified() || src.is_broadcast() || src.is_multicast() {
            return Forwarding::Discard {
                reason: reason.then(text!(
                    " — but its source {src} is not a single host, so no ICMP error is sent \
                     and it is dropped",
                    " — ma la sua sorgente {src} non è un singolo host, quindi non si manda \
                     nessun errore ICMP e il pacchetto viene scartato"
                )),
                rfc: "RFC 1812 §4.3.2.7",
            };
        }
        let Some(from) = self.addr_towards(src) else {
            return Forwarding::Discard {
                reason: reason.then(text!(
                    " — but there is no route back to {src}, so the error cannot be sent and \
                     the packet is dropped",
                    " — ma non c'è una route per tornare a {src}, quindi l'errore non può \
                     essere inviato e il pacchetto viene scartato"
                )),
                rfc: "RFC 1812 §4.3.2.4",
            };
        };
        let icmp = Packet::Icmp {
            src: from,
            dst: src,
            meta: IpMeta {
                ttl: ICMP_TTL,
                ident,
            },
            msg,
        };
        Forwarding::Reply { icmp, reason, rfc }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 1812 §5.2.4.3: a gateway is reached over the attached network that holds it.
    #[test]
    fn a_route_leaves_on_the_attached_network_that_holds_its_gateway() {
        let lan: Prefix = "10.0.1.0/24".parse().unwrap();
        let backbone: Prefix = "192.168.0.0/24".parse().unwrap();
        let router = Router::new(
            "Red",
            alloc::vec![
                Interface {
                    name: "lan".into(),
                    prefix: lan,
                    addr: Ipv4Addr::new(10, 0, 1, 254),
                },
                Interface {
                    name: "backbone".into(),
                    prefix: backbone,
                    addr: Ipv4Addr::new(192, 168, 0, 1),
                },
            ],
        );
        let routes = router.table.routes();
        assert_eq!(
            iface_towards(routes, Ipv4Addr::new(192, 168, 0, 2)),
            Some(BACKBONE_IFACE)
        );
        assert_eq!(
            iface_towards(routes, Ipv4Addr::new(10, 0, 1, 7)),
            Some(LAN_IFACE)
        );
        assert_eq!(iface_towards(routes, Ipv4Addr::new(172, 16, 0, 1)), None);
    }
    use crate::addr::Endpoint;
    use crate::segment::{TcpFlags, TcpSegment};
    use crate::seq::SeqNumber;

    fn ip(s: &str) -> Ipv4Addr {
        s.parse().unwrap()
    }

    fn prefix(s: &str) -> Prefix {
        s.parse().unwrap()
    }

    /// The far router's "net unreachable" on its way back to Alice, with TTL 1 left.
    fn net_unreachable_to_alice() -> Packet {
        Packet::Icmp {
            src: ip("10.0.3.254"),
            dst: ip("10.0.1.2"),
            meta: IpMeta { ttl: 1, ident: 0 },
            msg: IcmpMessage::DestUnreachable {
                code: unreach::NET,
                quoted: Vec::new(),
            },
        }
    }

    /// The router's reason says `en` in English and `it` in its Italian twin.
    fn says(reason: &crate::text::Text, en: &str, it: &str) -> bool {
        reason.en.contains(en) && reason.it.as_deref().is_some_and(|t| t.contains(it))
    }

    fn iface(name: &str, addr: &str, net: &str) -> Interface {
        Interface {
            name: name.into(),
            addr: ip(addr),
            prefix: prefix(net),
        }
    }

    fn syn(src: &str, dst: &str, ttl: u8) -> Packet {
        Packet::Tcp {
            meta: IpMeta { ttl, ident: 7 },
            seg: TcpSegment {
                src: Endpoint::new(ip(src), 40000),
                dst: Endpoint::new(ip(dst), 23),
                seq: SeqNumber(0),
                ack: SeqNumber(0),
                flags: TcpFlags::SYN,
                window: 65535,
                payload: Vec::new(),
            },
        }
    }

    /// The three-router chain of round 6: LAN A 10.0.1.0/24 behind R1, a backbone
    /// 192.168.0.0/24 between R1 and R2, LAN B 10.0.2.0/24 behind R2, and a third LAN
    /// 10.0.3.0/24 behind R3, which R2 reaches over a second link 10.0.23.0/24.
    fn chain() -> (Router, Router, Router) {
        let mut r1 = Router::new(
            "R1",
            Vec::from([
                iface("lan", "10.0.1.254", "10.0.1.0/24"),
                iface("bb", "192.168.0.1", "192.168.0.0/24"),
            ]),
        );
        r1.table.add(Route {
            prefix: prefix("0.0.0.0/0"),
            next_hop: NextHop::Gateway(ip("192.168.0.2")),
            iface: 1,
        });
        let mut r2 = Router::new(
            "R2",
            Vec::from([
                iface("lan", "10.0.2.254", "10.0.2.0/24"),
                iface("bb", "192.168.0.2", "192.168.0.0/24"),
                iface("r3", "10.0.23.2", "10.0.23.0/24"),
            ]),
        );
        r2.table.add(Route {
            prefix: prefix("10.0.1.0/24"),
            next_hop: NextHop::Gateway(ip("192.168.0.1")),
            iface: 1,
        });
        r2.table.add(Route {
            prefix: prefix("10.0.3.0/24"),
            next_hop: NextHop::Gateway(ip("10.0.23.3")),
            iface: 2,
        });
        let mut r3 = Router::new(
            "R3",
            Vec::from([
                iface("lan", "10.0.3.254", "10.0.3.0/24"),
                iface("r2", "10.0.23.3", "10.0.23.0/24"),
            ]),
        );
        r3.table.add(Route {
            prefix: prefix("0.0.0.0/0"),
            next_hop: NextHop::Gateway(ip("10.0.23.2")),
            iface: 1,
        });
        (r1, r2, r3)
    }

    fn everyone(_: Ipv4Addr) -> bool {
        true
    }

    /// RFC 1812 §5.2.4.3 and seed 003: the longest matching prefix wins, whatever the
    /// order the lines were added in; the default route catches the rest.
    #[test]
    fn longest_prefix_wins_rfc1812_5_2_4_3() {
        let mut t = RoutingTable::new();
        let gw = |s: &str| NextHop::Gateway(ip(s));
        for (p, hop) in [
            ("0.0.0.0/0", gw("192.168.0.9")),
            ("10.0.2.128/25", gw("192.168.0.3")),
            ("10.0.0.0/8", gw("192.168.0.1")),
            ("10.0.2.0/24", gw("192.168.0.2")),
        ] {
            t.add(Route {
                prefix: prefix(p),
                next_hop: hop,
                iface: 0,
            });
        }
        let via = |dst: &str| t.lookup(ip(dst)).map(|r| r.next_hop);
        assert_eq!(via("10.0.2.200"), Some(gw("192.168.0.3")));
        assert_eq!(via("10.0.2.7"), Some(gw("192.168.0.2")));
        assert_eq!(via("10.9.9.9"), Some(gw("192.168.0.1")));
        assert_eq!(via("8.8.8.8"), Some(gw("192.168.0.9")));
        let lens: Vec<u8> = t.routes().iter().map(|r| r.prefix.len()).collect();
        assert_eq!(lens, [25, 24, 8, 0]);
        assert_eq!(t.remove(prefix("0.0.0.0/0")).map(|r| r.iface), Some(0));
        assert_eq!(t.lookup(ip("8.8.8.8")), None);
        assert_eq!(t.remove(prefix("0.0.0.0/0")), None);
    }

    /// Seed 003: one answer per prefix; adding the same prefix again replaces the line.
    #[test]
    fn same_prefix_replaces_the_line_seed_003() {
        let mut t = RoutingTable::new();
        for gw in ["192.168.0.2", "192.168.0.3"] {
            t.add(Route {
                prefix: prefix("10.0.2.0/24"),
                next_hop: NextHop::Gateway(ip(gw)),
                iface: 1,
            });
        }
        assert_eq!(t.routes().len(), 1);
        assert_eq!(
            alloc::format!("{}", t.routes()[0]),
            "10.0.2.0/24 via 192.168.0.3"
        );
    }

    /// RFC 1812 §5.2.4: interfaces bring their directly connected routes.
    #[test]
    fn interfaces_add_direct_routes_rfc1812_5_2_4() {
        let (r1, _, _) = chain();
        let r = r1.table.lookup(ip("10.0.1.1")).unwrap();
        assert_eq!((r.next_hop, r.iface), (NextHop::Direct, 0));
        assert_eq!(alloc::format!("{r}"), "10.0.1.0/24 directly connected");
        assert!(r1.owns(ip("192.168.0.1")));
        assert!(!r1.owns(ip("10.0.1.1")));
    }

    /// RFC 1812 §5.3.1: a forwarded packet leaves with its TTL one lower; seed 003:
    /// next hop from the table, over several routers.
    #[test]
    fn multi_hop_chain_rfc1812_5_3_1() {
        let (r1, r2, r3) = chain();
        let packet = syn("10.0.1.2", "10.0.3.1", 64);
        let Forwarding::Forward {
            iface: 1,
            gateway,
            packet: p1,
        } = r1.forward(&packet, everyone, 0)
        else {
            panic!("R1 must use its default route");
        };
        assert_eq!((gateway, p1.ttl()), (ip("192.168.0.2"), 63));
        let Forwarding::Forward {
            iface: 2,
            gateway,
            packet: p2,
        } = r2.forward(&p1, everyone, 0)
        else {
            panic!("R2 must use its 10.0.3.0/24 line");
        };
        assert_eq!((gateway, p2.ttl()), (ip("10.0.23.3"), 62));
        let Forwarding::Deliver {
            iface: 0,
            to,
            packet: p3,
        } = r3.forward(&p2, everyone, 0)
        else {
            panic!("R3 is attached to 10.0.3.0/24");
        };
        assert_eq!((to, p3.ttl()), (ip("10.0.3.1"), 61));
        let mut expected = packet.clone();
        expected.set_ttl(61);
        assert_eq!(p3, expected, "only the TTL changes on the way");
        // And back: R2 knows 10.0.1.0/24 via R1.
        let back = syn("10.0.3.1", "10.0.1.2", 64);
        assert!(matches!(
            r2.forward(&back, everyone, 0),
            Forwarding::Forward { gateway, .. } if gateway == ip("192.168.0.1")
        ));
    }

    /// Packets for the router's own addresses are not forwarded, even with TTL 1.
    #[test]
    fn packets_for_the_router_are_for_me_rfc1812_5_2_1() {
        let (r1, _, _) = chain();
        let p = syn("10.0.1.2", "192.168.0.1", 1);
        assert_eq!(r1.forward(&p, everyone, 0), Forwarding::ForMe { packet: p });
    }

    /// RFC 1812 §5.3.1 and RFC 792: TTL reaching 0 ⇒ time exceeded (type 11 code 0) from
    /// the router's address towards the source (RFC 1812 §4.3.2.4), quoting the packet
    /// as received.
    #[test]
    fn ttl_expiry_sends_time_exceeded_rfc1812_5_3_1() {
        let (_, r2, _) = chain();
        let p = syn("10.0.1.2", "10.0.3.1", 1);
        let Forwarding::Reply { icmp, reason, rfc } = r2.forward(&p, everyone, 99) else {
            panic!("expected an ICMP reply");
        };
        assert_eq!(rfc, "RFC 1812 §5.3.1");
        assert!(says(&reason, "TTL was 1", "il TTL era 1"), "{reason:?}");
        let Packet::Icmp {
            src,
            dst,
            meta,
            msg,
        } = icmp
        else {
            panic!("must be ICMP");
        };
        assert_eq!((src, dst), (ip("192.168.0.2"), ip("10.0.1.2")));
        assert_eq!(meta, IpMeta { ttl: 64, ident: 99 });
        assert_eq!((msg.icmp_type(), msg.code()), (11, 0));
        assert_eq!(msg.quoted(), Some(&wire::quote(&p.encode())[..]));
        assert_eq!(
            msg.quoted().map(|q| q[8]),
            Some(1),
            "quoted TTL as received"
        );
        // A TTL of 0 on arrival dies as well, without wrapping to 255.
        let dead = syn("10.0.1.2", "10.0.3.1", 0);
        assert!(matches!(
            r2.forward(&dead, everyone, 0),
            Forwarding::Reply { .. }
        ));
    }

    /// Seed 000 ("the router/switch hands it over, L2 happens in the background") and RFC
    /// 1812 §5.3.1 (the TTL is decremented by forwarding between networks): a card from one
    /// host of a LAN to another keeps its TTL, even a TTL of 1, and a missing host on the
    /// same LAN gets no ICMP error (no router is involved).
    #[test]
    fn inside_one_lan_the_ttl_is_untouched_rfc1812_5_3_1() {
        let (r1, _, _) = chain();
        for ttl in [64, 1] {
            let p = syn("10.0.1.2", "10.0.1.1", ttl);
            assert_eq!(r1.switches(&p), Some(0));
            let Forwarding::Deliver { to, packet, .. } = r1.forward(&p, everyone, 0) else {
                panic!("a LAN card is delivered");
            };
            assert_eq!((to, packet.ttl()), (ip("10.0.1.1"), ttl));
        }
        let missing = syn("10.0.1.2", "10.0.1.9", 64);
        let Forwarding::Discard { rfc, .. } = r1.forward(&missing, |_| false, 0) else {
            panic!("nobody answers ARP");
        };
        assert_eq!(rfc, "RFC 1122 §2.3.2.2");
        // From another network the same destination is routed: TTL 63.
        let routed = syn("10.0.3.2", "10.0.1.1", 64);
        assert_eq!(r1.switches(&routed), None);
        let Forwarding::Deliver { packet, .. } = r1.forward(&routed, everyone, 0) else {
            panic!("delivered");
        };
        assert_eq!(packet.ttl(), 63);
    }

    /// RFC 1812 §5.2.7.1 (round 5, seed 000): no matching line ⇒ net unreachable, code 0.
    #[test]
    fn no_route_is_net_unreachable_rfc1812_5_2_7_1() {
        let (_, r2, _) = chain();
        let p = syn("10.0.1.2", "10.0.99.1", 64);
        let Forwarding::Reply { icmp, rfc, .. } = r2.forward(&p, everyone, 0) else {
            panic!("expected an ICMP reply");
        };
        assert_eq!(rfc, "RFC 1812 §5.2.7.1");
        assert_eq!(icmp.src(), ip("192.168.0.2"));
        let Packet::Icmp { msg, .. } = icmp else {
            panic!("must be ICMP");
        };
        assert_eq!((msg.icmp_type(), msg.code()), (3, unreach::NET));
    }

    /// RFC 1812 §5.2.7.1: a directly connected host that does not answer ARP ⇒ host
    /// unreachable, code 1, sent from the address facing the source (RFC 1812 §4.3.2.4).
    #[test]
    fn missing_host_is_host_unreachable_rfc1812_5_2_7_1() {
        let (r1, _, _) = chain();
        let p = syn("10.0.2.2", "10.0.1.77", 64);
        let nobody_at_77 = |a: Ipv4Addr| a != ip("10.0.1.77");
        let Forwarding::Reply { icmp, .. } = r1.forward(&p, nobody_at_77, 0) else {
            panic!("expected an ICMP reply");
        };
        assert_eq!(icmp.src(), ip("192.168.0.1"));
        let Packet::Icmp { msg, .. } = icmp else {
            panic!("must be ICMP");
        };
        assert_eq!(msg.code(), unreach::HOST);
    }

    /// RFC 1122 §3.2.2 and RFC 1812 §4.3.2.7: never an ICMP error about an ICMP error,
    /// nor to a source that is not a single host.
    #[test]
    fn no_icmp_about_icmp_errors_rfc1122_3_2_2() {
        let (_, r2, _) = chain();
        let error = net_unreachable_to_alice();
        let Forwarding::Discard { reason, rfc } = r2.forward(&error, everyone, 0) else {
            panic!("an ICMP error must be discarded");
        };
        assert_eq!(rfc, "RFC 1122 §3.2.2");
        assert!(
            says(&reason, "never answered", "non si risponde mai"),
            "{reason:?}"
        );
        // A ping, by contrast, is a query: its expiry is reported.
        let ping = Packet::Icmp {
            src: ip("10.0.3.1"),
            dst: ip("10.0.1.2"),
            meta: IpMeta { ttl: 1, ident: 0 },
            msg: IcmpMessage::EchoRequest {
                ident: 1,
                seq: 1,
                data: Vec::new(),
            },
        };
        assert!(matches!(
            r2.forward(&ping, everyone, 0),
            Forwarding::Reply { .. }
        ));
        let from_nowhere = syn("0.0.0.0", "10.0.99.1", 64);
        assert!(matches!(
            r2.forward(&from_nowhere, everyone, 0),
            Forwarding::Discard {
                rfc: "RFC 1812 §4.3.2.7",
                ..
            }
        ));
    }

    /// RFC 1812 §4.3.2.4: the error leaves from the interface towards the source; with no
    /// route back it cannot be sent at all.
    #[test]
    fn no_route_back_means_no_error_rfc1812_4_3_2_4() {
        let (_, _, r3) = chain();
        let mut lonely = r3.clone();
        lonely.table.remove(prefix("0.0.0.0/0"));
        let p = syn("10.0.1.2", "10.0.99.1", 64);
        assert!(matches!(
            lonely.forward(&p, everyone, 0),
            Forwarding::Discard {
                rfc: "RFC 1812 §4.3.2.4",
                ..
            }
        ));
        assert_eq!(r3.addr_towards(ip("10.0.1.2")), Some(ip("10.0.23.3")));
    }

    /// Every reason a router gives (RFC 1812 §5.3.1, §5.2.7.1, §4.3.2.4,
    /// §4.3.2.7, RFC 1122 §3.2.2) reads in Italian too, with the same addresses and TTL.
    #[test]
    fn every_reason_has_its_italian_twin_rfc1812_5_2_7_1() {
        use crate::text::twin_with_same_numbers;
        let (r1, r2, r3) = chain();
        let mut lonely = r3.clone();
        lonely.table.remove(prefix("0.0.0.0/0"));
        let nobody = |_: Ipv4Addr| false;
        let icmp_error = net_unreachable_to_alice();
        let cases = [
            r2.forward(&syn("10.0.1.2", "10.0.3.1", 1), everyone, 0),
            r2.forward(&syn("10.0.1.2", "10.0.99.1", 64), everyone, 0),
            r1.forward(&syn("10.0.1.2", "10.0.1.77", 64), nobody, 0),
            r2.forward(&icmp_error, everyone, 0),
            r2.forward(&syn("255.255.255.255", "10.0.99.1", 64), everyone, 0),
            lonely.forward(&syn("10.0.1.2", "10.0.99.1", 64), everyone, 0),
        ];
        for forwarding in cases {
            let (Forwarding::Reply { reason, .. } | Forwarding::Discard { reason, .. }) =
                forwarding
            else {
                panic!("every case here ends in an ICMP error or a drop: {forwarding:?}");
            };
            assert!(twin_with_same_numbers(&reason), "{reason:?}");
        }
        let Forwarding::Reply { reason, .. } =
            r2.forward(&syn("10.0.1.2", "10.0.99.1", 64), everyone, 0)
        else {
            panic!("no route is answered");
        };
        assert_eq!(
            reason.it.as_deref(),
            Some(
                "nessuna riga della tabella di instradamento corrisponde a 10.0.99.1 e non c'è \
                 una route di default: alla sorgente si comunica \"network unreachable\" (rete \
                 irraggiungibile)"
            )
        );
    }
}
