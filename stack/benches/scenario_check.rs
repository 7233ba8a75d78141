//! How long reading and checking a 10 MB scenario file takes (`tcpip-classroom check` and
//! every scenario load run `Scenario::from_toml`), on three generated files:
//!
//! - **largest playable**: every limit reached (100 teams of 200 clients, 16 ports, a
//!   route to every other LAN, a full-mesh backbone, 1000 faults), with each team's block
//!   preceded by instructor comments up to 10 MB in all; it must come back valid;
//! - **4000 teams**: past the team limit, refused with one problem;
//! - **a million ports**: one team whose `server_ports` repeats 23 2.5 million times,
//!   refused with one problem.
//!
//! Run with `cargo bench -p tcpip-stack --bench scenario_check`; it prints each file's size
//! and the best of five readings.

use std::fmt::Write as _;
use std::time::Instant;

use tcpip_stack::scenario::{Scenario, problem_count};

const TARGET: usize = 10 * 1024 * 1024;

fn team_name(i: usize) -> String {
    format!("Team {i:03}")
}

fn largest_playable() -> String {
    const TEAMS: usize = 100;
    let mut s =
        String::from("name = \"Largest playable\"\ndescription = \"Every limit reached.\"\n");
    s.push_str("goals = [\"handshake\", \"data\", \"across_lans\"]\n");
    let comment_line = "# seating plan, who sits where and which router cable goes to which desk\n";
    let per_team = TARGET / TEAMS;
    for i in 0..TEAMS {
        let start = s.len();
        writeln!(
            s,
            "\n[[teams]]\nname = \"{}\"\nlan = \"10.{i}.0.0/24\"",
            team_name(i)
        )
        .ok();
        let clients: Vec<String> = (0..200).map(|c| format!("\"T{i} client {c}\"")).collect();
        writeln!(s, "clients = [{}]", clients.join(", ")).ok();
        let ports: Vec<String> = (0..16).map(|p| (23 + p).to_string()).collect();
        writeln!(s, "server_ports = [{}]", ports.join(", ")).ok();
        let routes: Vec<String> = (0..TEAMS)
            .filter(|&j| j != i)
            .map(|j| {
                format!(
                    "{{ prefix = \"10.{j}.0.0/24\", via = \"{}\" }}",
                    team_name(j)
                )
            })
            .collect();
        writeln!(s, "routes = [{}]", routes.join(", ")).ok();
        while s.len() - start < per_team.saturating_sub(comment_line.len() * 2) {
            s.push_str(comment_line);
        }
    }
    s.push_str("\n[backbone]\nprefix = \"192.168.0.0/24\"\nlinks = [\n");
    for i in 0..TEAMS {
        for j in i + 1..TEAMS {
            writeln!(s, "  [\"{}\", \"{}\"],", team_name(i), team_name(j)).ok();
        }
    }
    s.push_str("]\n");
    for f in 0..1000 {
        writeln!(
            s,
            "\n[[faults]]\nat = {f}\nkind = \"drop\"\nteam = \"{}\"",
            team_name(f % TEAMS)
        )
        .ok();
    }
    s
}

fn many_teams() -> String {
    let mut s = String::from("name = \"Too many teams\"\n");
    let clients: Vec<String> = (0..190).map(|c| format!("\"client {c}\"")).collect();
    let clients = clients.join(", ");
    for i in 0..4000 {
        writeln!(
            s,
            "\n[[teams]]\nname = \"T{i}\"\nlan = \"10.{}.{}.0/24\"\nclients = [{clients}]",
            i / 256,
            i % 256
        )
        .ok();
    }
    s
}

fn million_ports() -> String {
    let ports = "23, ".repeat(TARGET / 4);
    format!(
        "name = \"Ports\"\n[[teams]]\nname = \"Red\"\nlan = \"10.0.1.0/24\"\nclients = [\"A\"]\nserver_ports = [{ports}]\n"
    )
}

fn main() {
    for (what, text) in [
        ("largest playable", largest_playable()),
        ("4000 teams", many_teams()),
        ("a million ports", million_ports()),
    ] {
        let mut best = f64::INFINITY;
        let mut outcome = String::new();
        for _ in 0..5 {
            let started = Instant::now();
            let result = Scenario::from_toml(&text);
            best = best.min(started.elapsed().as_secs_f64());
            outcome = match result {
                Ok(s) => format!("valid, {} teams", s.teams.len()),
                Err(errors) => format!(
                    "{} problem(s), first: {}",
                    problem_count(&errors),
                    errors.first().map(ToString::to_string).unwrap_or_default()
                ),
            };
        }
        println!(
            "{what}: {:.1} MB in {best:.3} s — {outcome}",
            text.len() as f64 / 1e6
        );
    }
}
