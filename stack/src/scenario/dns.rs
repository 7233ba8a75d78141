//! The DNS zone of a scenario: an optional `[dns]` table that gives the game one DNS server
//! and the names it answers for.
//!
//! ```toml
//! [dns]
//! zone = "game"          # the zone's origin (default "game")
//! ttl = 300              # seconds every answer may be kept (default 300)
//! records = [["www.game", "10.0.2.1"]]   # more names beyond the teams' servers
//! ```
//!
//! Every team's telnet server gets a name by default, the team's name in lower case under
//! the zone (`red.game` for team Red), so a zone needs no records to be useful.
//!
//! Where the server sits, and why: one DNS server for the whole game, at `.53` of the first
//! team's LAN (53 as the port, easy to remember), named "DNS server". A zone has its
//! authoritative servers, not one per asker, and one server means the other teams' questions
//! cross the routers like their telnet cards do, so resolving is also a routing lesson. It
//! is added after every other node, so the other nodes keep the ids they have in the same
//! scenario without a zone.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{Scenario, TeamSpec, lan_size};
use crate::addr::Ipv4Addr;
use crate::card::MAX_TTL;
use crate::host::{Zone, ZoneRecord, dns::in_zone};
use crate::text::{Text, text};
use crate::wire::DnsName;

/// The zone's origin when the file does not say.
pub const DEFAULT_ZONE: &str = "game";

/// The TTL of every record when the file does not say: five minutes, a common choice.
pub const DEFAULT_TTL: u32 = 300;

/// The DNS server is host `.53` of the first team's LAN.
pub const DNS_HOST: u32 = 53;

/// Records beyond the teams' servers: a zone for a lesson, not a registry.
pub const MAX_RECORDS: usize = 64;

/// A scenario's zone, as written in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DnsSpec {
    pub zone: String,
    pub ttl: u32,
    /// The names written in `records`, each with its address; the teams' servers' names
    /// come on top ([`DnsSpec::table`]).
    pub records: Vec<(String, Ipv4Addr)>,
}

impl Default for DnsSpec {
    fn default() -> Self {
        DnsSpec {
            zone: String::from(DEFAULT_ZONE),
            ttl: DEFAULT_TTL,
            records: Vec::new(),
        }
    }
}

/// The default name of a team's server: the team's name in lower case, every character
/// that is not a letter or digit turned into a hyphen, under the zone (`Red` → `red.game`).
/// `None` when nothing of the name is left, or the label would be too long (RFC 1035
/// §2.3.4: 63 bytes).
pub fn team_server_name(team: &str, zone: &str) -> Option<String> {
    let label: String = team
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let label = label.trim_matches('-');
    if label.is_empty() || label.len() > crate::wire::dns::MAX_LABEL_LEN {
        return None;
    }
    let name = format!("{label}.{}", zone.trim_end_matches('.'));
    DnsName::from_text(&name).ok().map(|_| name)
}

impl DnsSpec {
    /// The address of the game's DNS server (see the module docs).
    pub fn server_addr(teams: &[TeamSpec]) -> Option<Ipv4Addr> {
        let first = teams.first()?;
        (DNS_HOST < lan_size(first.lan).saturating_sub(2)).then(|| first.lan.host(DNS_HOST))
    }

    /// The whole table the server answers from: every team's server by its default name,
    /// then the written records.
    pub fn table(&self, teams: &[TeamSpec]) -> Zone {
        let mut records: Vec<ZoneRecord> = teams
            .iter()
            .filter_map(|t| {
                Some(ZoneRecord {
                    name: team_server_name(&t.name, &self.zone)?,
                    addr: t.server_addr(),
                    ttl: self.ttl,
                })
            })
            .collect();
        records.extend(self.records.iter().map(|(name, addr)| ZoneRecord {
            name: name.clone(),
            addr: *addr,
            ttl: self.ttl,
        }));
        Zone {
            origin: self.zone.clone(),
            records,
        }
    }
}

/// Every problem of the zone, each naming its field: names within RFC 1035 §2.3.4 limits
/// and under the zone, no name twice, addresses inside a team's LAN or the backbone, and
/// room for the server at `.53` of the first LAN.
pub(super) fn validate(s: &Scenario, err: &mut impl FnMut(String, Text)) {
    let Some(dns) = &s.dns else { return };
    if let Err(e) = DnsName::from_text(&dns.zone) {
        // The reason is the DNS name reader's, in English only (it also explains packets).
        let (zone, reason) = (&dns.zone, e.reason);
        err(
            "dns.zone".into(),
            text!(
                "{zone}: {reason}",
                "la zona {zone} non è un nome valido: {reason}"
            ),
        );
    }
    if dns.ttl > MAX_TTL {
        err("dns.ttl".into(), {
            let ttl = dns.ttl;
            text!(
                "{ttl} seconds is too long: a TTL is at most {MAX_TTL} (RFC 2181 §8)",
                "{ttl} secondi sono troppi: un TTL è al massimo {MAX_TTL} (RFC 2181 §8)"
            )
        });
    }
    if dns.records.len() > MAX_RECORDS {
        err("dns.records".into(), {
            let n = dns.records.len();
            text!(
                "{n} records are too many for a lesson: at most {MAX_RECORDS}",
                "{n} record sono troppi per una lezione: al massimo {MAX_RECORDS}"
            )
        });
        return;
    }
    let mut seen: Vec<String> = s
        .teams
        .iter()
        .filter_map(|t| team_server_name(&t.name, &dns.zone))
        .collect();
    for (i, (name, addr)) in dns.records.iter().enumerate() {
        let field = format!("dns.records[{i}]");
        if let Err(e) = DnsName::from_text(name) {
            let reason = e.reason;
            err(
                field,
                text!(
                    "{name:?} is not a domain name: {reason}",
                    "{name:?} non è un nome di dominio: {reason}"
                ),
            );
            continue;
        }
        if !in_zone(name, &dns.zone) {
            err(field, {
                let zone = &dns.zone;
                text!(
                    "{name} is not in the zone {zone}: write a name that ends in .{zone}",
                    "{name} non è nella zona {zone}: scrivi un nome che finisce in .{zone}"
                )
            });
            continue;
        }
        let lower = name.trim_end_matches('.').to_ascii_lowercase();
        if seen.contains(&lower) {
            err(field, {
                let zone = &dns.zone;
                text!(
                    "{name} is already in the zone (every team's server has its name, e.g. \
                         red.{zone}): give each name once",
                    "{name} è già nella zona (il server di ogni squadra ha il suo nome, per \
                         esempio red.{zone}): scrivi ogni nome una volta sola"
                )
            });
            continue;
        }
        seen.push(lower);
        let reachable = s.teams.iter().any(|t| t.lan.contains(*addr))
            || s.backbone
                .as_ref()
                .is_some_and(|b| b.prefix.contains(*addr));
        if !reachable {
            err(
                field,
                text!(
                    "{addr} is in no team's LAN nor the backbone: nobody could reach it",
                    "{addr} non è nella LAN di nessuna squadra né nella dorsale: nessuno potrebbe \
                     raggiungerlo"
                ),
            );
        }
    }
    match (s.teams.first(), DnsSpec::server_addr(&s.teams)) {
        (Some(first), None) => err("dns".into(), {
            let lan = first.lan;
            text!(
                "the DNS server takes .{DNS_HOST} of the first team's LAN, and {lan} is too \
                     small: make it a /26 or larger",
                "il server DNS prende il .{DNS_HOST} della LAN della prima squadra, e {lan} è \
                     troppo piccola: falla /26 o più grande"
            )
        }),
        (Some(first), Some(addr)) if first.clients.len() + 1 >= DNS_HOST as usize => {
            err("dns".into(), {
                let (team, most) = (&first.name, DNS_HOST - 1);
                text!(
                    "the DNS server takes {addr}, which a client of team {team} would have: give \
                     that team fewer than {most} clients",
                    "il server DNS prende {addr}, che avrebbe un client della squadra {team}: dai \
                     a quella squadra meno di {most} client"
                )
            })
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
