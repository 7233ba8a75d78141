//! The decapsulator of IP in IP (RFC 2003 §3.1), as a backend behind a load balancer runs
//! it: a datagram whose outer header is addressed to this host is unwrapped, and the inner
//! datagram is taken as if it had arrived, when it is for this host or for the service
//! address (VIP) it serves. As in LVS-TUN the VIP sits on a loopback without ARP: the host
//! accepts it only inside a tunnel, and answers from it straight to the client.

use alloc::format;

use super::Host;
use super::event::{HostEvent, Reason};
use crate::addr::Ipv4Addr;
use crate::time::Instant;
use crate::wire::{Outer, Packet};

/// RFC 2003 §3.1, the decapsulator's rules.
const RFC: &str = "RFC 2003 §3.1";

impl Host {
    /// Serves `vip` behind a load balancer: accepted inside a tunnel only.
    pub fn serve_vip(&mut self, vip: Ipv4Addr) {
        self.vip = Some(vip);
    }

    /// The service address this host serves behind a balancer, if any.
    pub fn vip(&self) -> Option<Ipv4Addr> {
        self.vip
    }

    /// An IP-in-IP datagram arrived: unwrapped when the outer header is for this host and
    /// the inner TCP segment for this host or its VIP; ignored (and said why) otherwise.
    /// The inner TTL is not checked here: the backend is the datagram's destination.
    pub fn on_tunnelled(&mut self, outer: &Outer, inner: &Packet, now: Instant) {
        let Packet::Tcp { seg, .. } = inner else {
            return;
        };
        let (me, to) = (self.addr, seg.dst.addr);
        let refusal = if outer.dst != me {
            Some(format!(
                "tunnel ignored: its outer header is addressed to {}, and this host is {me}",
                outer.dst
            ))
        } else if to != me && Some(to) != self.vip {
            Some(match self.vip {
                Some(vip) => format!(
                    "unwrapped, then ignored: the inner datagram is for {to}, neither this \
                     host ({me}) nor the service address {vip} it serves"
                ),
                None => format!(
                    "unwrapped, then ignored: the inner datagram is for {to}, and this host is \
                     {me}"
                ),
            })
        } else {
            None
        };
        match refusal {
            Some(text) => self.events.push(HostEvent::SegmentIgnored {
                segment: seg.clone(),
                reason: Reason::new(text, RFC),
            }),
            None => self.take_segment(seg, now),
        }
    }
}

#[cfg(test)]
mod tests;
