//! `tcpip-classroom check`: the shipped scenarios pass, and broken files are reported as
//! `FILE:LINE: field: message` with exit code 1 (2 when the file cannot be read).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn check(path: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tcpip-classroom"))
        .arg("check")
        .arg(path)
        .output()
        .expect("the tcpip-classroom binary runs")
}

/// A scenario file in a directory of its own under the system temp dir.
fn write_temp(test: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tcpip-check-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("scenario.toml");
    std::fs::write(&path, text).expect("write scenario");
    path
}

/// Runs `check` on `text` and returns (exit code, stderr), with the file name shortened to
/// `FILE` so the assertions read like the documentation.
fn check_text(test: &str, text: &str) -> (Option<i32>, String) {
    let path = write_temp(test, text);
    let out = check(&path);
    let stderr = String::from_utf8_lossy(&out.stderr).replace(&path.display().to_string(), "FILE");
    let _ = std::fs::remove_dir_all(path.parent().unwrap_or(&path));
    (out.status.code(), stderr)
}

const GOOD: &str = r#"name = "Two"

[[teams]]
name = "Red"
lan = "10.0.1.0/24"
clients = ["Alice"]

[[teams]]
name = "Blue"
lan = "10.0.2.0/24"
clients = ["Bob"]
routes = [{ prefix = "10.0.1.0/24", via = "Red" }]

[backbone]
prefix = "192.168.0.0/24"
links = [["Red", "Blue"]]
"#;

#[test]
fn every_shipped_scenario_is_ok() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("scenarios directory") {
        let path = entry.expect("dir entry").path();
        if path.extension().is_some_and(|e| e == "toml") {
            let out = check(&path);
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}: {}",
                path.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(stdout.starts_with("OK: "), "{stdout}");
            seen += 1;
        }
    }
    assert!(seen >= 3, "the three shipped scenarios");
    let out = check(&dir.join("original.toml"));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "OK: The original EuroPython game — 3 teams, goals: handshake, data, refused, \
         forged_rst, no_route, across_lans, goodbye, 6 scripted faults"
    );
}

#[test]
fn the_good_example_is_ok() {
    let (code, stderr) = check_text("good", GOOD);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_syntax_error_names_its_line() {
    let (code, stderr) = check_text("syntax", &GOOD.replace("\"10.0.2.0/24\"", "10.0.2.0/24"));
    assert_eq!(code, Some(1));
    assert!(
        stderr.starts_with("FILE:10: lan: this is not valid TOML:"),
        "{stderr}"
    );
    assert!(stderr.contains("text must be in quotes"), "{stderr}");
}

#[test]
fn an_unknown_key_is_named() {
    let (code, stderr) = check_text(
        "unknown",
        &GOOD.replace(
            "clients = [\"Bob\"]",
            "clients = [\"Bob\"]\ncolour = \"blue\"",
        ),
    );
    assert_eq!(code, Some(1));
    assert!(
        stderr.starts_with("FILE:12: teams[1].colour: unknown key `colour` in a team"),
        "{stderr}"
    );
}

#[test]
fn overlapping_lans_are_reported_on_the_second_lan() {
    let (code, stderr) = check_text("overlap", &GOOD.replace("10.0.2.0/24", "10.0.0.0/16"));
    assert_eq!(code, Some(1));
    assert!(
        stderr.starts_with(
            "FILE:10: teams[1].lan: 10.0.0.0/16 overlaps 10.0.1.0/24 of team Red (teams[0])"
        ),
        "{stderr}"
    );
    assert!(stderr.ends_with("FILE: 1 problem found\n"), "{stderr}");
}

#[test]
fn a_bad_prefix_says_how_to_write_one() {
    let (code, stderr) = check_text(
        "prefix",
        &GOOD.replace("10.0.1.0/24\"\nclients", "10.0.1.0/42\"\nclients"),
    );
    assert_eq!(code, Some(1));
    assert!(
        stderr.starts_with(
            "FILE:5: teams[0].lan: \"10.0.1.0/42\": the length after '/' must be a number from 0 to 32"
        ),
        "{stderr}"
    );
}

#[test]
fn a_route_via_an_unknown_team_lists_the_teams() {
    let (code, stderr) = check_text("via", &GOOD.replace("via = \"Red\"", "via = \"Green\""));
    assert_eq!(code, Some(1));
    assert!(
        stderr.starts_with(
            "FILE:12: teams[1].routes[0].via: there is no team called \"Green\"; the teams are Red, Blue"
        ),
        "{stderr}"
    );
}

#[test]
fn every_problem_is_listed_not_only_the_first() {
    let text = GOOD
        .replace("10.0.2.0/24", "10.0.1.0/24")
        .replace("via = \"Red\"", "via = \"Green\"");
    let (code, stderr) = check_text("many", &text);
    assert_eq!(code, Some(1));
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(lines[0].starts_with("FILE:10: teams[1].lan:"), "{stderr}");
    assert!(
        lines[1].starts_with("FILE:12: teams[1].routes[0].via:"),
        "{stderr}"
    );
    assert_eq!(lines[2], "FILE: 2 problems found");
}

#[test]
fn an_unreadable_file_exits_2_with_a_clear_message() {
    let missing = std::env::temp_dir().join("tcpip-check-no-such-dir/none.toml");
    let out = check(&missing);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("none.toml: cannot read the scenario:"),
        "{stderr}"
    );

    let path = write_temp("binary", "");
    std::fs::write(&path, [0xff, 0xfe, 0x00]).expect("write bytes");
    let out = check(&path);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("it is not UTF-8 text"));
    let _ = std::fs::remove_dir_all(path.parent().unwrap_or(&path));
}

/// After 100 problems `check` counts the rest, and its total says how many there were.
#[test]
fn many_problems_end_with_the_count() {
    let numbers: Vec<String> = (0..150).map(|i| i.to_string()).collect();
    let text = format!(
        "name = \"Many\"\n[[teams]]\nname = \"Red\"\nlan = \"10.0.1.0/24\"\nclients = [{}]\n",
        numbers.join(", ")
    );
    let (code, stderr) = check_text("many-problems", &text);
    assert_eq!(code, Some(1), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 102, "{stderr}");
    assert!(
        lines[100].starts_with("FILE: more: 50 more problems not shown"),
        "{stderr}"
    );
    assert_eq!(lines[101], "FILE: 150 problems found");
}

/// RFC 1112 §4 and RFC 1122 §4.2.3.10: a multicast LAN cannot hold hosts; `check` says why,
/// with the RFC and the line, and exits 1.
#[test]
fn multicast_lan_is_refused_with_its_rfc() {
    let text = GOOD.replace("10.0.2.0/24", "224.0.0.0/24");
    let (code, stderr) = check_text("multicast-lan", &text);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.starts_with("FILE:10: teams[1].lan: 224.0.0.0/24 lies in 224.0.0.0/4, the multicast addresses (RFC 1112 §4)"),
        "{stderr}"
    );
    assert!(stderr.contains("RFC 1122 §4.2.3.10"), "{stderr}");
    assert!(stderr.ends_with("FILE: 1 problem found\n"), "{stderr}");
}
