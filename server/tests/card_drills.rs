//! `tcpip-classroom referee` end to end: every card drill of the game passes (this is how
//! `cargo xtask test`'s native layer runs them), a wrong expectation fails with its line,
//! and broken drill files are reported with their line, never a panic.

mod scripts;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scripts::stdout;

fn referee(args: &[&Path]) -> Output {
    scripts::run("referee", args)
}

fn drills_dir() -> PathBuf {
    scripts::shipped("card-drills")
}

fn scratch(name: &str) -> PathBuf {
    scripts::scratch("card-drills", name)
}

fn write_drill(name: &str, bytes: &[u8]) -> PathBuf {
    scripts::write("card-drills", name, "drill", bytes)
}

/// The round-1 SYN the coach must send back: ack 0 instead of 1 (RFC 9293 §3.4).
const ACK_EQUALS_SEQ: &str = "scenario original
human \"Red client 1\"
human \"Red server\"
card \"Red client 1\" 10.0.1.2:40000 > 10.0.1.1:23 [SYN] seq 0
wait 10
card \"Red server\" 10.0.1.1:23 > 10.0.1.2:40000 [SYN+ACK] seq 0 ack 0
";

/// Every drill of the game names its round and rule on top, there are at least 80, and the
/// whole directory passes.
#[test]
fn every_card_drill_passes() {
    let dir = drills_dir();
    let drills: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("server/card-drills exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "drill"))
        .collect();
    assert!(drills.len() >= 80, "only {} drills", drills.len());
    for drill in &drills {
        let text = std::fs::read_to_string(drill).expect("readable");
        assert!(
            text.starts_with("# "),
            "{} must start with a comment naming its round, mistake and rule",
            drill.display()
        );
    }
    let out = referee(&[&dir]);
    let text = stdout(&out);
    let failures: Vec<&str> = text.lines().filter(|l| l.starts_with("FAIL")).collect();
    assert!(
        out.status.success() && failures.is_empty(),
        "{}",
        failures.join("\n")
    );
    let summary = format!("{} passed, 0 failed", drills.len());
    assert_eq!(text.lines().last(), Some(summary.as_str()));
}

#[test]
fn a_right_expectation_passes_and_the_summary_counts_it() {
    let text = format!(
        "{ACK_EQUALS_SEQ}expect returned\nexpect mistake ack expected \"1\" got \"0\" why \"SYN\"\n"
    );
    let path = write_drill("right", text.as_bytes());
    let out = referee(&[&path]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).ends_with("1 passed, 0 failed\n"));
}

#[test]
fn a_wrong_expectation_fails_with_its_line() {
    let text = format!("{ACK_EQUALS_SEQ}expect returned\nexpect mistake ack expected \"2\"\n");
    let path = write_drill("wrong", text.as_bytes());
    let out = referee(&[&path]);
    let text = stdout(&out);
    assert!(!out.status.success());
    let wanted = format!(
        "FAIL {}:8: no mistake on ack fits this line",
        path.display()
    );
    assert!(text.contains(&wanted), "{text}");
    assert!(text.contains("expected \"1\", got \"0\""), "{text}");
    assert!(text.ends_with("0 passed, 1 failed\n"), "{text}");
}

#[test]
fn accepted_fails_on_a_returned_card_and_names_the_mistake() {
    let text = format!("{ACK_EQUALS_SEQ}expect accepted\n");
    let path = write_drill("accepted", text.as_bytes());
    let out = referee(&[&path]);
    let text = stdout(&out);
    assert!(!out.status.success());
    assert!(text.contains(":6: an unexpected mistake: ack"), "{text}");
}

#[test]
fn bad_drill_files_are_reported_with_their_line() {
    let cases: [(&str, &[u8], &str); 8] = [
        (
            "refused",
            b"scenario original\nhuman \"Red router\"\nroute-remove \"Red router\" 10.0.9.0/24\n",
            ":3: the move was refused: Red router has no route for 10.0.9.0/24",
        ),
        (
            "contradiction",
            b"scenario original\nhuman \"Red router\"\nroute-remove \"Red router\" 10.0.9.0/24\nexpect refused \"no route\"\nexpect sent\n",
            ":5: the move was refused (Red router has no route for 10.0.9.0/24 to remove), so this cannot hold",
        ),
        ("unknown", b"scenario original\n\nfly away\n", ":3: unknown statement `fly`"),
        ("utf8", b"scenario original\n# \xff\n", ":2: this is not a text drill"),
        (
            "node",
            b"scenario original\nhuman \"Red client 9\"\n",
            ":2: no node is called \"Red client 9\" in this scenario; the nodes are \"Red router\"",
        ),
        ("inline", b"scenario inline\nname = \"x\"\n", ":1: this inline scenario has no line `end`"),
        (
            "scenario",
            b"scenario inline\nname = \"x\"\n[[teams]]\nname = 3\nend\n",
            ":1: the scenario does not load: drill line 3: teams[0].lan",
        ),
        (
            "route",
            b"scenario original\nhuman \"Red router\"\nroute \"Red router\" from 10.0.1.2 deliver\n",
            ":3: no card from 10.0.1.2 in the inbox of \"Red router\"; it holds nothing",
        ),
    ];
    for (name, bytes, wanted) in cases {
        let path = write_drill(name, bytes);
        let out = referee(&[&path]);
        let text = stdout(&out);
        assert!(!out.status.success(), "{name}: {text}");
        assert!(
            text.contains(&format!("FAIL {}{wanted}", path.display())),
            "{name}: {text}"
        );
        assert!(
            String::from_utf8_lossy(&out.stderr).is_empty(),
            "{name}: nothing on stderr (no panic)"
        );
    }
}

#[test]
fn a_directory_without_drills_fails() {
    let dir = scratch("empty-dir");
    let out = referee(&[&dir]);
    assert!(!out.status.success());
    assert!(stdout(&out).contains("no .drill drills in this directory"));
}

#[test]
fn help_points_to_the_format() {
    let out = Command::new(env!("CARGO_BIN_EXE_tcpip-classroom"))
        .args(["referee", "--help"])
        .output()
        .expect("the binary runs");
    let text = stdout(&out);
    assert!(text.contains("docs/card-drills.md"), "{text}");
    assert!(text.contains("expect mistake"), "{text}");
}
