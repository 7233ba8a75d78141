use super::*;
use crate::addr::Endpoint;
use crate::segment::{TcpFlags, TcpSegment};
use crate::seq::SeqNumber;
use crate::tcp::Config;
use crate::wire::IpMeta;

const BACKEND: Ipv4Addr = Ipv4Addr::new(10, 0, 2, 1);
const VIP: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 100);
const CLIENT: Ipv4Addr = Ipv4Addr::new(10, 0, 2, 2);

fn backend() -> Host {
    let mut host = Host::new(BACKEND, Config::default());
    host.listen(23).expect("listens");
    host.serve_vip(VIP);
    host
}

fn syn_to(dst: Ipv4Addr) -> Packet {
    Packet::Tcp {
        meta: IpMeta::default(),
        seg: TcpSegment {
            src: Endpoint::new(CLIENT, 40001),
            dst: Endpoint::new(dst, 23),
            seq: SeqNumber(0),
            ack: SeqNumber(0),
            flags: TcpFlags::SYN,
            window: 65535,
            payload: alloc::vec::Vec::new(),
        },
    }
}

fn outer_to(dst: Ipv4Addr) -> Outer {
    Outer {
        src: Ipv4Addr::new(10, 0, 1, 80),
        dst,
        meta: IpMeta::default(),
    }
}

fn ignored_because(host: &mut Host) -> alloc::string::String {
    match host.take_events().as_slice() {
        [HostEvent::SegmentIgnored { reason, .. }] => {
            assert_eq!(reason.rfc, RFC);
            reason.text.clone()
        }
        other => panic!("one ignored segment, not {other:?}"),
    }
}

/// RFC 2003 §3.1 and LVS-TUN: a SYN for the VIP inside a tunnel to this backend is
/// unwrapped and answered from the VIP, straight to the client.
#[test]
fn a_tunnelled_syn_for_the_vip_is_answered_from_the_vip_rfc2003() {
    let mut host = backend();
    host.on_tunnelled(&outer_to(BACKEND), &syn_to(VIP), Instant::ZERO);
    let out = host.take_outbox();
    assert_eq!(out.len(), 1);
    assert!(out[0].flags.syn() && out[0].flags.ack());
    assert_eq!(out[0].src, Endpoint::new(VIP, 23));
    assert_eq!(out[0].dst, Endpoint::new(CLIENT, 40001));
}

/// The VIP sits on a loopback without ARP: a plain segment for it is not this host's, and
/// a tunnel for another host or for an address the host does not serve is ignored.
#[test]
fn only_a_tunnel_for_this_host_and_its_vip_is_taken_rfc2003() {
    let mut host = backend();
    host.on_segment(
        match &syn_to(VIP) {
            Packet::Tcp { seg, .. } => seg,
            _ => unreachable!(),
        },
        Instant::ZERO,
    );
    assert!(host.take_outbox().is_empty());
    let _ = host.take_events();

    host.on_tunnelled(
        &outer_to(Ipv4Addr::new(10, 0, 1, 1)),
        &syn_to(VIP),
        Instant::ZERO,
    );
    assert!(host.take_outbox().is_empty());
    assert!(ignored_because(&mut host).contains("outer header is addressed to 10.0.1.1"));

    let other = Ipv4Addr::new(10, 0, 1, 99);
    host.on_tunnelled(&outer_to(BACKEND), &syn_to(other), Instant::ZERO);
    assert!(host.take_outbox().is_empty());
    assert!(ignored_because(&mut host).contains("neither this host (10.0.2.1) nor the service"));
}

/// A NAT'ed inner datagram (the backend's own address written in) is this host's: it
/// answers from its own address, which the client does not know.
#[test]
fn a_natted_inner_datagram_is_answered_from_the_backends_own_address() {
    let mut host = backend();
    host.on_tunnelled(&outer_to(BACKEND), &syn_to(BACKEND), Instant::ZERO);
    let out = host.take_outbox();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].src.addr, BACKEND);
}
