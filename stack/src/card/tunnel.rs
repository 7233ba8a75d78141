//! The balancer's choice for a card addressed to the service address: wrap the whole
//! datagram in a new IP header to one backend (IP in IP, RFC 2003 §3), every box of the
//! new header written by the player.

use core::fmt;

use crate::addr::Ipv4Addr;
use crate::text::{Text, text};
use crate::wire::{IpMeta, Outer, Packet};

/// The boxes of an encapsulation: the outer header (source, destination, protocol, TTL)
/// and the inner datagram's destination and TTL, which arrive prefilled from the card and
/// must leave unchanged.
///
/// Deliberate choice: the service address (VIP) is the balancer's own address, as in
/// LVS-TUN, so the balancer is the datagram's destination and not a router forwarding it:
/// RFC 2003 §3.1 decrements the inner TTL only "if the encapsulator is forwarding the
/// datagram", so here the inner TTL is not changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Tunnel {
    /// The encapsulator's own address (RFC 2003 §3.1 "Source Address").
    pub src: Ipv4Addr,
    /// The backend that decapsulates (RFC 2003 §3.1 "Destination Address").
    pub dst: Ipv4Addr,
    /// 4, IP in IP (RFC 2003 §3.1 "Protocol").
    pub protocol: u8,
    /// A fresh outer TTL (RFC 2003 §3.1 "Time to Live").
    pub ttl: u8,
    /// The inner datagram's destination: the VIP, unchanged.
    pub inner_dst: Ipv4Addr,
    /// The inner datagram's TTL, unchanged.
    pub inner_ttl: u8,
}

impl Tunnel {
    /// The boxes as a correct balancer fills them for `inner` towards `backend`: its own
    /// address as the source, protocol 4, a fresh TTL of 64, the inner header as it came.
    pub fn wrapping(own: Ipv4Addr, backend: Ipv4Addr, inner: &Packet) -> Tunnel {
        Tunnel {
            src: own,
            dst: backend,
            protocol: crate::wire::ipv4::protocol::IPIP,
            ttl: IpMeta::default().ttl,
            inner_dst: inner.dst(),
            inner_ttl: inner.ttl(),
        }
    }

    /// The datagram the boxes make of `inner`, with `ident` in the outer header: the
    /// inner destination and TTL as written (a rewritten destination is NAT, and travels
    /// as such). `None` when the protocol box is not 4: the bytes would then not be IP in
    /// IP at all (see the world's balancer for what happens to them).
    pub fn wrap(&self, inner: &Packet, ident: u16) -> Option<Packet> {
        if self.protocol != crate::wire::ipv4::protocol::IPIP {
            return None;
        }
        let mut inner = inner.clone();
        inner.set_ttl(self.inner_ttl);
        inner.set_dst(self.inner_dst);
        Some(Packet::Ipip {
            outer: Outer {
                src: self.src,
                dst: self.dst,
                meta: IpMeta {
                    ttl: self.ttl,
                    ident,
                },
            },
            inner: alloc::boxed::Box::new(inner),
        })
    }

    /// The choice in both languages.
    pub fn text(&self) -> Text {
        let Tunnel {
            src,
            dst,
            protocol,
            ttl,
            inner_dst,
            inner_ttl,
        } = *self;
        text!(
            "encapsulate: outer {src} → {dst} protocol {protocol} TTL {ttl}, inner to \
             {inner_dst} TTL {inner_ttl}",
            "incapsula: esterno {src} → {dst} protocollo {protocol} TTL {ttl}, interno verso \
             {inner_dst} TTL {inner_ttl}"
        )
    }
}

impl fmt::Display for Tunnel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en)
    }
}
