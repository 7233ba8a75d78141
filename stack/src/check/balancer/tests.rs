use super::*;
use crate::segment::{TcpFlags, TcpSegment};
use crate::seq::SeqNumber;
use crate::wire::IpMeta;

const OWN: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 80);
const VIP: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 100);
const RED: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 1);
const BLUE: Ipv4Addr = Ipv4Addr::new(10, 0, 2, 1);

fn facts(flow: Option<Ipv4Addr>) -> BalancerFacts {
    BalancerFacts {
        own: OWN,
        vip: VIP,
        backends: alloc::vec![("Red server".into(), RED), ("Blue server".into(), BLUE)],
        flow,
        next: Some(RED),
    }
}

/// Bob's SYN to the VIP as it reaches the balancer, TTL 63 after one router.
fn syn() -> Packet {
    Packet::Tcp {
        meta: IpMeta { ttl: 63, ident: 0 },
        seg: TcpSegment {
            src: Endpoint::new(Ipv4Addr::new(10, 0, 2, 2), 40001),
            dst: Endpoint::new(VIP, 23),
            seq: SeqNumber(0),
            ack: SeqNumber(0),
            flags: TcpFlags::SYN,
            window: 65535,
            payload: Vec::new(),
        },
    }
}

fn right(to: Ipv4Addr) -> Tunnel {
    Tunnel::wrapping(OWN, to, &syn())
}

/// The boxes the referee finds wrong, with their rule, for `tunnel` and `flow`.
fn wrong(tunnel: Tunnel, flow: Option<Ipv4Addr>) -> Vec<(Field, &'static str, String)> {
    check_balancer_choice(&facts(flow), &syn(), &RouterChoice::Encapsulate(tunnel))
        .mistakes
        .into_iter()
        .map(|m| {
            let it = m.why.it.clone().unwrap_or_default();
            assert!(
                !it.is_empty() && it != m.why.en,
                "{m:?} has its Italian twin"
            );
            (m.field, m.rfc, m.why.en)
        })
        .collect()
}

/// RFC 2003 §3.1: own address outside, a backend, protocol 4, a fresh TTL, the inner
/// header as it came (TTL 63 stays 63: the VIP is the balancer's own, it is not
/// forwarding). Right, with no note.
#[test]
fn the_right_tunnel_has_no_mistake_rfc2003() {
    let t = right(RED);
    assert_eq!(
        (t.protocol, t.ttl, t.inner_dst, t.inner_ttl),
        (4, 64, VIP, 63)
    );
    let v = check_balancer_choice(&facts(None), &syn(), &RouterChoice::Encapsulate(t));
    assert!(v.ok() && v.notes.is_empty(), "{v:?}");
}

/// Each wrong box is named with its reason and rule, and the numbers in the why are the
/// card's.
#[test]
fn each_wrong_box_is_named_with_its_rule_rfc2003() {
    let cases = [
        (
            Tunnel {
                src: VIP,
                ..right(RED)
            },
            Field::SrcIp,
            RFC_OUTER,
            "encapsulator's own address, 10.0.1.80, not 10.0.1.100",
        ),
        (
            Tunnel {
                dst: VIP,
                ..right(RED)
            },
            Field::DstIp,
            RFC_OUTER,
            "the card comes back to you",
        ),
        (
            Tunnel {
                dst: Ipv4Addr::new(10, 0, 2, 2),
                ..right(RED)
            },
            Field::DstIp,
            RFC_OUTER,
            "10.0.2.2 is not a backend of this balancer",
        ),
        (
            Tunnel {
                protocol: 6,
                ..right(RED)
            },
            Field::Protocol,
            RFC_OUTER,
            "protocol 4 (IP in IP; 1 is ICMP, 6 TCP, 17 UDP). With 6",
        ),
        (
            Tunnel {
                ttl: 0,
                ..right(RED)
            },
            Field::Ttl,
            "RFC 1812 §5.3.1",
            "from 1 to 255",
        ),
        (
            Tunnel {
                inner_dst: RED,
                ..right(RED)
            },
            Field::InnerDstIp,
            RFC_OUTER,
            "writing 10.0.1.1 into the inner destination is NAT, not encapsulation",
        ),
        (
            Tunnel {
                inner_ttl: 62,
                ..right(RED)
            },
            Field::InnerTtl,
            RFC_OUTER,
            "the inner TTL stays 63",
        ),
    ];
    for (tunnel, field, rfc, words) in cases {
        let got = wrong(tunnel, None);
        assert_eq!(got.len(), 1, "{got:?}");
        let (f, r, why) = &got[0];
        assert_eq!((*f, *r), (field, rfc), "{why}");
        assert!(why.contains(words), "{why}");
    }
}

/// RFC 9293 §3.10.7.1 and the LVS connection table: a connection already sent to Red
/// stays on Red (Blue holds no TCB for it and would answer with a RST);
/// moving it to Blue is wrong, while a new connection may go to either (with a note when
/// it is not the one in turn).
#[test]
fn a_connection_stays_on_its_backend_rfc9293() {
    let moved = wrong(right(BLUE), Some(RED));
    assert_eq!(moved.len(), 1);
    assert_eq!((moved[0].0, moved[0].1), (Field::DstIp, RFC_FLOW));
    assert!(
        moved[0].2.contains("already goes to 10.0.1.1"),
        "{}",
        moved[0].2
    );
    let v = check_balancer_choice(
        &facts(None),
        &syn(),
        &RouterChoice::Encapsulate(right(BLUE)),
    );
    assert!(v.ok());
    assert_eq!(v.notes.len(), 1);
    assert!(
        v.notes[0]
            .en
            .contains("you picked 10.0.2.1, the bot would take 10.0.1.1")
    );
    let fresh_ttl = Tunnel {
        ttl: 128,
        ..right(RED)
    };
    let v = check_balancer_choice(&facts(None), &syn(), &RouterChoice::Encapsulate(fresh_ttl));
    assert!(v.ok() && v.notes[0].en.contains("outer TTL 128"), "{v:?}");
}

/// Deliver, forward, keep, drop and ICMP are wrong for a card for the VIP, each in the
/// role's words; for a card that is not for the VIP, dropping is right.
#[test]
fn other_choices_are_wrong_in_the_balancers_words() {
    for (choice, words) in [
        (RouterChoice::Deliver, "does not deliver or forward"),
        (
            RouterChoice::Forward {
                gateway: Ipv4Addr::new(192, 168, 0, 2),
            },
            "does not deliver or forward",
        ),
        (RouterChoice::Keep, "runs no telnet server"),
        (RouterChoice::Drop, "wrap it in a new IP header"),
        (
            RouterChoice::IcmpUnreachable { code: 1 },
            "wrap it in a new IP header",
        ),
    ] {
        let v = check_balancer_choice(&facts(None), &syn(), &choice);
        assert_eq!(v.mistakes.len(), 1, "{choice:?}");
        assert_eq!(v.mistakes[0].field, Field::Choice);
        assert!(
            v.mistakes[0].why.en.contains(words),
            "{choice:?}: {:?}",
            v.mistakes[0].why
        );
    }
    let mut other = syn();
    other.set_dst(OWN);
    assert!(check_balancer_choice(&facts(None), &other, &RouterChoice::Drop).ok());
    let v = check_balancer_choice(&facts(None), &other, &RouterChoice::Encapsulate(right(RED)));
    assert!(v.mistakes[0].why.en.contains("this card is for 10.0.1.80"));
}
