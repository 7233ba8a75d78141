//! The load balancer of a scenario: an optional `[balancer]` table that gives the game one
//! service address (a VIP) served by the telnet servers of two or more teams.
//!
//! ```toml
//! [balancer]
//! vip = "10.0.1.100"          # the service address, in the first team's LAN
//! backends = ["Red", "Blue"]  # the teams whose telnet servers serve it
//! ```
//!
//! Where the balancer sits, and why: one balancer, at `.80` of the first team's LAN (80, a
//! web balancer's port, easy to remember), named "Balancer". The VIP is delivered on that
//! LAN to the balancer (it is the balancer's own address, as in LVS-TUN), which wraps each
//! datagram in a new IP header to a backend (IP in IP, RFC 2003); the backends hold the VIP
//! only for what arrives inside a tunnel and answer the clients from it directly. It is
//! added after every other node (the DNS server included), so the other nodes keep their
//! ids.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{Scenario, TeamSpec, lan_size};
use crate::addr::Ipv4Addr;

/// The balancer is host `.80` of the first team's LAN.
pub const BALANCER_HOST: u32 = 80;

/// A scenario's balancer, as written in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BalancerSpec {
    /// The service address the clients connect to.
    pub vip: Ipv4Addr,
    /// The teams whose telnet servers serve the VIP, by name, in the file's order.
    pub backends: Vec<String>,
}

impl BalancerSpec {
    /// The balancer's own address (see the module docs).
    pub fn addr(teams: &[TeamSpec]) -> Option<Ipv4Addr> {
        let first = teams.first()?;
        (BALANCER_HOST < lan_size(first.lan).saturating_sub(2))
            .then(|| first.lan.host(BALANCER_HOST))
    }
}

/// Every problem of the balancer, each naming its field: the VIP inside the first team's
/// LAN and nobody's address, two or more backends that are teams, each named once, and
/// room for the balancer at `.80`.
pub(super) fn validate(s: &Scenario, err: &mut impl FnMut(String, String)) {
    let Some(lb) = &s.balancer else { return };
    let Some(first) = s.teams.first() else { return };
    let own = BalancerSpec::addr(&s.teams);
    if own.is_none() {
        err(
            "balancer".into(),
            format!(
                "the balancer takes .{BALANCER_HOST} of the first team's LAN, and {} is too \
                 small: make it a /25 or larger",
                first.lan
            ),
        );
    }
    if let Some(addr) = own
        && first.clients.len() + 1 >= BALANCER_HOST as usize
    {
        err(
            "balancer".into(),
            format!(
                "the balancer takes {addr}, which a client of team {} would have: give that \
                 team fewer than {} clients",
                first.name,
                BALANCER_HOST - 1
            ),
        );
    }
    let vip = lb.vip;
    let taken = taken_by(s, vip);
    if !first.lan.contains(vip) {
        err(
            "balancer.vip".into(),
            format!(
                "{vip} is not in the first team's LAN {}: the VIP is delivered there, to the \
                 balancer",
                first.lan
            ),
        );
    } else if vip == first.lan.network()
        || vip == first.lan.host(lan_size(first.lan).saturating_sub(1))
    {
        err(
            "balancer.vip".into(),
            format!("{vip} is the network's own or broadcast address, not a host's"),
        );
    } else if let Some(who) = taken {
        err(
            "balancer.vip".into(),
            format!("{vip} is already {who}'s address: pick a free one, e.g. .100"),
        );
    }
    if lb.backends.len() < 2 {
        err(
            "balancer.backends".into(),
            format!(
                "{} backend is not balancing: name two teams or more, e.g. [\"Red\", \
                 \"Blue\"]",
                lb.backends.len()
            ),
        );
    }
    for (i, name) in lb.backends.iter().enumerate() {
        let field = format!("balancer.backends[{i}]");
        if s.team_index(name).is_none() {
            let teams: Vec<&str> = s.teams.iter().map(|t| t.name.as_str()).collect();
            err(
                field,
                format!(
                    "{name:?} is not a team: the backends are teams' telnet servers ({})",
                    teams.join(", ")
                ),
            );
        } else if lb.backends[..i].contains(name) {
            err(field, format!("{name} is named twice"));
        }
    }
}

/// Who already has `addr` in the scenario: a team's router, server or client, or the DNS
/// server.
fn taken_by(s: &Scenario, addr: Ipv4Addr) -> Option<String> {
    for t in &s.teams {
        if t.router_addr() == addr {
            return Some(format!("team {}'s router", t.name));
        }
        if t.server_addr() == addr {
            return Some(format!("team {}'s server", t.name));
        }
        if let Some(c) = (0..t.clients.len()).find(|c| t.client_addr(*c) == Some(addr)) {
            return t.clients.get(c).cloned();
        }
    }
    if s.dns.is_some() && super::DnsSpec::server_addr(&s.teams) == Some(addr) {
        return Some(String::from("the DNS server"));
    }
    (BalancerSpec::addr(&s.teams) == Some(addr)).then(|| String::from("the balancer"))
}

#[cfg(test)]
mod tests;
