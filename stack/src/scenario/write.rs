//! A scenario as the TOML file that reads back to it.
//!
//! Why: a scenario travels as its file (in the classroom messages and the browser's saved
//! game, `tcpip-protocol`'s `scenario_text`), so the browser, which reads scenario files
//! anyway, carries no serde code for scenarios (8.4 KB of the gzipped page; 5.8 KB net of
//! this writer). Every setting and every default is written out, so nothing
//! depends on the reader's defaults.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use super::Scenario;
use crate::fault::{FaultTarget, ScriptedFault, Setting};
use crate::time::Duration;

impl Scenario {
    /// The scenario as a file that [`Scenario::from_toml`] reads back to an equal scenario,
    /// when the scenario is valid ([`Scenario::validate`] finds nothing).
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        line(&mut out, "name", &quoted(&self.name));
        line(&mut out, "description", &quoted(&self.description));
        let goals: Vec<String> = self.goals.iter().map(|g| quoted(g.key())).collect();
        line(&mut out, "goals", &list(&goals));

        let s = &self.settings;
        out.push_str("\n[settings]\n");
        line(&mut out, "isn", &quoted(s.isn.key()));
        line(&mut out, "referee", &quoted(s.referee.key()));
        line(&mut out, "speed", &format!("{}", s.speed_percent));
        line(&mut out, "loss", &format!("{}", s.loss_percent));
        line(&mut out, "seed", &format!("{}", s.seed));
        line(&mut out, "msl", &seconds(s.msl));
        line(&mut out, "link_delay", &seconds(s.link_delay));
        line(&mut out, "think_time", &seconds(s.think_time));
        line(
            &mut out,
            "bots_wait",
            if s.bots_wait { "true" } else { "false" },
        );
        // Written only when on, so the files and saved games of scenarios without it
        // read the same as before the setting existed.
        if s.nodelay {
            line(&mut out, "nodelay", "true");
        }

        for team in &self.teams {
            out.push_str("\n[[teams]]\n");
            line(&mut out, "name", &quoted(&team.name));
            line(&mut out, "lan", &quoted(&format!("{}", team.lan)));
            let clients: Vec<String> = team.clients.iter().map(|c| quoted(c)).collect();
            line(&mut out, "clients", &list(&clients));
            let ports: Vec<String> = team.server_ports.iter().map(|p| format!("{p}")).collect();
            line(&mut out, "server_ports", &list(&ports));
            let routes: Vec<String> = team
                .routes
                .iter()
                .map(|r| {
                    let prefix = quoted(&format!("{}", r.prefix));
                    format!("{{ prefix = {prefix}, via = {} }}", quoted(&r.via))
                })
                .collect();
            line(&mut out, "routes", &list(&routes));
        }

        if let Some(backbone) = &self.backbone {
            out.push_str("\n[backbone]\n");
            line(&mut out, "prefix", &quoted(&format!("{}", backbone.prefix)));
            let links: Vec<String> = backbone
                .links
                .iter()
                .map(|(a, b)| list(&[quoted(a), quoted(b)]))
                .collect();
            line(&mut out, "links", &list(&links));
        }

        // Written only when the scenario has a zone, so files without DNS stay as they were.
        if let Some(dns) = &self.dns {
            out.push_str("\n[dns]\n");
            line(&mut out, "zone", &quoted(&dns.zone));
            line(&mut out, "ttl", &format!("{}", dns.ttl));
            let records: Vec<String> = dns
                .records
                .iter()
                .map(|(name, addr)| list(&[quoted(name), quoted(&format!("{addr}"))]))
                .collect();
            line(&mut out, "records", &list(&records));
        }

        if let Some(lb) = &self.balancer {
            out.push_str("\n[balancer]\n");
            line(&mut out, "vip", &quoted(&format!("{}", lb.vip)));
            let backends: Vec<String> = lb.backends.iter().map(|b| quoted(b)).collect();
            line(&mut out, "backends", &list(&backends));
        }

        for fault in &self.faults {
            self.write_fault(&mut out, fault);
        }
        out
    }

    fn write_fault(&self, out: &mut String, scripted: &ScriptedFault) {
        out.push_str("\n[[faults]]\n");
        line(out, "at", &seconds(scripted.at));
        let team = |i: usize| quoted(self.teams.get(i).map_or("", |t| t.name.as_str()));
        match scripted.fault.target {
            FaultTarget::Team(t) => line(out, "team", &team(t)),
            FaultTarget::Connection { team: t, client } => {
                line(out, "team", &team(t));
                let name = self
                    .teams
                    .get(t)
                    .and_then(|spec| spec.clients.get(client))
                    .map_or("", String::as_str);
                line(out, "client", &quoted(name));
            }
            FaultTarget::Link { team_a, team_b } => {
                line(out, "link", &list(&[team(team_a), team(team_b)]));
            }
        }
        let kind = &scripted.fault.kind;
        line(out, "kind", &quoted(kind.spec().key));
        // The one setting the kind takes, if any, under its key.
        let setting = kind.setting();
        let value = match setting {
            Setting::None => return,
            Setting::Matching(m) => String::from(if m { "true" } else { "false" }),
            Setting::Code(code) => format!("{code}"),
            Setting::Delay(by) => seconds(by),
            Setting::Prefix(prefix) => quoted(&format!("{prefix}")),
        };
        if let Some(key) = setting.key() {
            line(out, key, &value);
        }
    }
}

fn line(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "{key} = {value}");
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

/// A TOML basic string (TOML 1.1 §String): `"` and `\` escaped, and every control
/// character, which a basic string cannot hold as it is.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c < ' ' || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Seconds as the reader takes them: whole, or with up to six decimals (microseconds,
/// the engine's unit), which read back exactly.
fn seconds(d: Duration) -> String {
    let micros = d.micros();
    let (whole, fraction) = (micros / 1_000_000, micros % 1_000_000);
    if fraction == 0 {
        return format!("{whole}");
    }
    let decimals = format!("{fraction:06}");
    format!("{whole}.{}", decimals.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fault::{CHOICES, Fault, FaultKind};
    use crate::scenario::{Isn, Referee};
    use proptest::prelude::*;

    fn reads_back(s: &Scenario) {
        assert!(s.validate().is_empty(), "{:?}", s.validate());
        let text = s.to_toml();
        let back = Scenario::from_toml(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        assert_eq!(&back, s, "{text}");
    }

    #[test]
    fn every_shipped_scenario_reads_back_from_its_file() {
        for (name, text) in Scenario::shipped() {
            let s = Scenario::from_toml(text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            reads_back(&s);
        }
    }

    /// A scenario with every kind of fault and target, text that needs escapes, and
    /// settings away from their defaults.
    fn everything() -> Scenario {
        let mut s = Scenario::from_toml(Scenario::shipped()[1].1).expect("the chain");
        s.name = String::from("Friday \"class\" \\ 5B\ttab é");
        s.description = String::from("line one\nline two\r\u{1}");
        s.settings.isn = Isn::Random;
        s.settings.referee = Referee::Real;
        s.settings.speed_percent = 250;
        s.settings.loss_percent = 7;
        s.settings.seed = i64::MAX as u64;
        s.settings.msl = Duration::from_micros(1_000_001);
        s.settings.link_delay = Duration::from_micros(250_000);
        s.settings.think_time = Duration::ZERO;
        s.settings.bots_wait = false;
        s.settings.nodelay = true;
        s.teams[0].clients[0] = String::from("Zoë 'the' 🙂");
        let prefix = s.teams[1].lan;
        let aimed = [
            (
                FaultKind::ForgedRst { matching: true },
                FaultTarget::Connection { team: 0, client: 0 },
            ),
            (
                FaultKind::ForgedRst { matching: false },
                FaultTarget::Team(0),
            ),
            (FaultKind::IcmpUnreachable { code: 3 }, FaultTarget::Team(0)),
            (
                FaultKind::Delay {
                    by: Duration::from_micros(1_500_000),
                },
                FaultTarget::Link {
                    team_a: 0,
                    team_b: 1,
                },
            ),
            (
                FaultKind::Drop,
                FaultTarget::Connection { team: 1, client: 1 },
            ),
            (FaultKind::Duplicate, FaultTarget::Team(2)),
            (
                FaultKind::Reorder,
                FaultTarget::Link {
                    team_a: 1,
                    team_b: 2,
                },
            ),
            (FaultKind::ServerPortClosed, FaultTarget::Team(1)),
            (FaultKind::RouteRemoved { prefix }, FaultTarget::Team(0)),
            (
                FaultKind::ForgedIcmp { code: 13 },
                FaultTarget::Connection { team: 0, client: 0 },
            ),
        ];
        // Any other kind, with its default setting, aimed at a team (which every kind can be).
        let others = CHOICES
            .iter()
            .filter(|c| !aimed.iter().any(|(k, _)| k.spec() == c.kind.spec()))
            .map(|c| (c.kind.clone(), FaultTarget::Team(0)))
            .collect::<Vec<_>>();
        s.faults = aimed
            .into_iter()
            .chain(others)
            .enumerate()
            .map(|(i, (kind, target))| ScriptedFault {
                at: Duration::from_secs(10 * i as u64 + 1),
                fault: Fault { kind, target },
            })
            .collect();
        s
    }

    #[test]
    fn every_setting_fault_and_escape_reads_back() {
        reads_back(&everything());
        let mut no_backbone = Scenario::from_toml(Scenario::shipped()[0].1).expect("original");
        no_backbone.backbone = None;
        no_backbone.teams.truncate(1);
        no_backbone.teams[0].routes.clear();
        no_backbone.goals.truncate(2);
        no_backbone.faults.clear();
        reads_back(&no_backbone);
    }

    /// The one setting a file could not hold is refused by validation instead.
    #[test]
    fn a_seed_beyond_toml_integers_is_refused() {
        let mut s = everything();
        s.settings.seed = u64::MAX;
        let errors = s.validate();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "settings.seed");
    }

    #[test]
    fn the_file_reads_like_one_an_instructor_writes() {
        let text = everything().to_toml();
        assert!(
            text.starts_with("name = \"Friday \\\"class\\\" \\\\ 5B\\ttab é\"\n"),
            "{text}"
        );
        assert!(
            text.contains("\n[settings]\nisn = \"random\"\nreferee = \"real\"\n"),
            "{text}"
        );
        assert!(
            text.contains("msl = 1.000001\nlink_delay = 0.25\nthink_time = 0\n"),
            "{text}"
        );
        assert!(
            text.contains("description = \"line one\\nline two\\r\\u0001\""),
            "{text}"
        );
        assert!(
            text.contains("\n[[faults]]\nat = 31\nlink = [\"Red\", \"Green\"]\nkind = \"delay\"\nseconds = 1.5\n"),
            "{text}"
        );
    }

    proptest! {
        /// Any duration a file can hold (up to a day, to the microsecond) reads back.
        #[test]
        fn durations_read_back_to_the_microsecond(micros in 0u64..86_400_000_000) {
            let mut s = everything();
            s.faults[3].fault.kind = FaultKind::Delay { by: Duration::from_micros(micros % 600_000_001) };
            s.faults[0].at = Duration::from_micros(micros);
            s.settings.msl = Duration::from_micros(micros % 600_000_000 + 1);
            reads_back(&s);
        }

        /// Names with any characters a person can type read back.
        #[test]
        fn names_read_back(name in "[^\u{0}-\u{1f}]{1,40}") {
            let mut s = everything();
            s.name = name.clone();
            s.teams[0].clients[0] = name;
            prop_assume!(s.validate().is_empty());
            reads_back(&s);
        }
    }
}
