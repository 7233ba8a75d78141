//! `tcpip-classroom check SCENARIO`: lets an instructor validate a scenario file before the
//! class, with every problem printed as `FILE:LINE: field: message` (the compiler format
//! editors already know how to jump to).

use std::path::Path;
use std::process::ExitCode;

use tcpip_stack::scenario::{Scenario, problem_count};

/// Exit code when the file is readable but has problems.
const INVALID: u8 = 1;
/// Exit code when the file cannot be read at all.
const UNREADABLE: u8 = 2;

pub fn run(scenario: &Path) -> ExitCode {
    let file = scenario.display();
    let text = match std::fs::read_to_string(scenario) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            eprintln!("{file}: cannot read the scenario: it is not UTF-8 text");
            return ExitCode::from(UNREADABLE);
        }
        Err(e) => {
            eprintln!("{file}: cannot read the scenario: {e}");
            return ExitCode::from(UNREADABLE);
        }
    };
    match Scenario::from_toml(&text) {
        Ok(s) => {
            println!("OK: {}", summary(&s));
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for e in &errors {
                match e.line {
                    Some(line) => eprintln!("{file}:{line}: {}: {}", e.field, e.message),
                    None => eprintln!("{file}: {}: {}", e.field, e.message),
                }
            }
            let n = problem_count(&errors);
            eprintln!("{file}: {n} problem{} found", if n == 1 { "" } else { "s" });
            ExitCode::from(INVALID)
        }
    }
}

/// `<name> — N teams, goals: handshake, data, …` plus the scripted faults, if any.
fn summary(s: &Scenario) -> String {
    let teams = s.teams.len();
    let goals: Vec<&str> = s.goals.iter().map(|g| g.key()).collect();
    let mut out = format!(
        "{} — {teams} team{}, goals: {}",
        s.name,
        if teams == 1 { "" } else { "s" },
        goals.join(", ")
    );
    match s.faults.len() {
        0 => {}
        1 => out.push_str(", 1 scripted fault"),
        n => out.push_str(&format!(", {n} scripted faults")),
    }
    out
}
