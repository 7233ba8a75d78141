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
use crate::text::{Text, text};

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

/// The service address a game gets when its rounds bring the balancer: `.100` of the
/// first team's LAN, the scenario format's example.
pub const DEFAULT_VIP_HOST: u32 = 100;

impl BalancerSpec {
    /// The balancer a game gets when round 11 is chosen for a scenario without one
    /// ([`Scenario::with_rounds`]): the VIP at `.100` of the first team's LAN, served by
    /// every team's telnet server. `None` without a team.
    pub fn for_teams(teams: &[TeamSpec]) -> Option<BalancerSpec> {
        let first = teams.first()?;
        Some(BalancerSpec {
            vip: first.lan.host(DEFAULT_VIP_HOST),
            backends: teams.iter().map(|t| t.name.clone()).collect(),
        })
    }

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
pub(super) fn validate(s: &Scenario, err: &mut impl FnMut(String, Text)) {
    let Some(lb) = &s.balancer else { return };
    let Some(first) = s.teams.first() else { return };
    let own = BalancerSpec::addr(&s.teams);
    let (lan, team) = (first.lan, first.name.as_str());
    if own.is_none() {
        err(
            "balancer".into(),
            text!(
                "the balancer takes .{BALANCER_HOST} of the first team's LAN, and {lan} is too \
                 small: make it a /25 or larger",
                "il bilanciatore prende il .{BALANCER_HOST} della LAN della prima squadra, e \
                 {lan} è troppo piccola: falla /25 o più grande"
            ),
        );
    }
    if let Some(addr) = own
        && first.clients.len() + 1 >= BALANCER_HOST as usize
    {
        let most = BALANCER_HOST - 1;
        err(
            "balancer".into(),
            text!(
                "the balancer takes {addr}, which a client of team {team} would have: give \
                 that team fewer than {most} clients",
                "il bilanciatore prende {addr}, che avrebbe un client della squadra {team}: \
                 dai a quella squadra meno di {most} client"
            ),
        );
    }
    let vip = lb.vip;
    if !first.lan.contains(vip) {
        err(
            "balancer.vip".into(),
            text!(
                "{vip} is not in the first team's LAN {lan}: the VIP is delivered there, to \
                 the balancer",
                "{vip} non è nella LAN della prima squadra {lan}: il VIP viene consegnato lì, \
                 al bilanciatore"
            ),
        );
    } else if vip == first.lan.network()
        || vip == first.lan.host(lan_size(first.lan).saturating_sub(1))
    {
        err(
            "balancer.vip".into(),
            text!(
                "{vip} is the network's own or broadcast address, not a host's",
                "{vip} è l'indirizzo della rete stessa o di broadcast, non di un host"
            ),
        );
    } else if let Some(who) = taken_by(s, vip) {
        let (en, it) = (who.en, who.it.unwrap_or_default());
        err(
            "balancer.vip".into(),
            text!(
                "{vip} is already {en}'s address: pick a free one, e.g. .100",
                "{vip} è già l'indirizzo {it}: scegline uno libero, per esempio .100"
            ),
        );
    }
    if lb.backends.len() < 2 {
        let n = lb.backends.len();
        err(
            "balancer.backends".into(),
            text!(
                "{n} backend is not balancing: name two teams or more, e.g. [\"Red\", \
                 \"Blue\"]",
                "{n} backend non bilancia niente: indica due squadre o più, per esempio \
                 [\"Red\", \"Blue\"]"
            ),
        );
    }
    for (i, name) in lb.backends.iter().enumerate() {
        let field = format!("balancer.backends[{i}]");
        if s.team_index(name).is_none() {
            let teams = s
                .teams
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            err(
                field,
                text!(
                    "{name:?} is not a team: the backends are teams' telnet servers ({teams})",
                    "{name:?} non è una squadra: i backend sono i server telnet delle squadre \
                     ({teams})"
                ),
            );
        } else if lb.backends[..i].contains(name) {
            err(
                field,
                text!("{name} is named twice", "{name} compare due volte"),
            );
        }
    }
}

/// Who already has `addr` in the scenario, in both languages (the Italian with its
/// preposition, "del router della squadra Red"): a team's router, server or client, the
/// DNS server or the balancer.
fn taken_by(s: &Scenario, addr: Ipv4Addr) -> Option<Text> {
    for t in &s.teams {
        let team = t.name.as_str();
        if t.router_addr() == addr {
            return Some(text!(
                "team {team}'s router",
                "del router della squadra {team}"
            ));
        }
        if t.server_addr() == addr {
            return Some(text!(
                "team {team}'s server",
                "del server della squadra {team}"
            ));
        }
        if let Some(c) = (0..t.clients.len()).find(|c| t.client_addr(*c) == Some(addr)) {
            return t.clients.get(c).map(|name| text!("{name}", "di {name}"));
        }
    }
    if s.dns.is_some() && super::DnsSpec::server_addr(&s.teams) == Some(addr) {
        return Some(text!("the DNS server", "del server DNS"));
    }
    (BalancerSpec::addr(&s.teams) == Some(addr)).then(|| text!("the balancer", "del bilanciatore"))
}

#[cfg(test)]
mod tests;
