//! `tcpip-classroom drill` end to end: the shipped scripts all pass against the reference
//! host, and broken scripts fail with the line and the reason, never a panic.

mod scripts;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scripts::stdout;

fn drill(args: &[&Path]) -> Output {
    scripts::run("drill", args)
}

fn drills_dir() -> PathBuf {
    scripts::shipped("drills")
}

fn scratch(name: &str) -> PathBuf {
    scripts::scratch("drills", name)
}

fn write_script(name: &str, bytes: &[u8]) -> PathBuf {
    scripts::write("drills", name, "pkt", bytes)
}

const PASSIVE: &str = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
+0 < S 0:0(0) win 65535
+0 > S. 0:0(0) ack 1
+.1 < . 1:1(0) ack 1 win 65535
+0 accept(3, ..., ...) = 4
";

/// Every shipped script cites its RFC and passes: the reference host follows them.
#[test]
fn all_shipped_scripts_pass() {
    let dir = drills_dir();
    let scripts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("server/drills exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "pkt"))
        .collect();
    assert!(scripts.len() >= 115, "only {} scripts", scripts.len());
    for script in &scripts {
        let text = std::fs::read_to_string(script).expect("readable");
        assert!(
            text.starts_with("// RFC") || text.starts_with("// Seed"),
            "{} must start with a comment citing its RFC",
            script.display()
        );
    }
    let out = drill(&[&dir]);
    let text = stdout(&out);
    assert!(
        text.ends_with(&format!("{} passed, 0 failed\n", scripts.len())),
        "{text}"
    );
    assert!(out.status.success());
}

/// Seed 001 round 2: ack = seq + bytes. A script expecting ack 12 for 10 bytes from seq 1
/// fails on that line, naming both numbers; the exit code is non-zero.
#[test]
fn wrong_ack_fails_with_line_and_both_values() {
    let text = format!("{PASSIVE}+0 < P. 1:11(10) ack 1 win 65535\n+0 > . 1:1(0) ack 12\n");
    let path = write_script("wrong-ack", text.as_bytes());
    let out = drill(&[&path]);
    let text = stdout(&out);
    let expected = format!("FAIL {}:9: ", path.display());
    assert!(text.starts_with(&expected), "{text}");
    assert!(text.contains("expected ack 12, got ack 11"), "{text}");
    assert!(text.ends_with("0 passed, 1 failed\n"), "{text}");
    assert!(!out.status.success());
}

/// packetdrill semantics: a segment the script does not expect fails it.
#[test]
fn unexpected_outbound_segment_fails() {
    let text = format!("{PASSIVE}+0 write(4, ..., 10) = 10\n+.1 < . 1:1(0) ack 11 win 65535\n");
    let path = write_script("unexpected", text.as_bytes());
    let out = drill(&[&path]);
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!("FAIL {}:9: ", path.display())),
        "{text}"
    );
    assert!(text.contains("unexpected outbound segment"), "{text}");
    assert!(text.contains("P. 1:11(10) ack 1"), "{text}");
    assert!(!out.status.success());
}

/// Binary garbage is a parse error naming the file and line, and the run goes on to the
/// next script and the summary (no panic).
#[test]
fn garbage_is_a_parse_error_not_a_panic() {
    let binary = write_script("binary", &[0x00, 0xff, 0xfe, 0x10, 0x80, b'\n', 0xc3]);
    let noise = write_script(
        "noise",
        b"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n\x01\x02 ???\n",
    );
    let good = write_script("good", PASSIVE.as_bytes());
    let out = drill(&[&binary, &noise, &good]);
    let text = stdout(&out);
    assert!(
        text.contains(&format!("FAIL {}:1: ", binary.display())),
        "{text}"
    );
    assert!(text.contains("not a text script"), "{text}");
    assert!(
        text.contains(&format!("FAIL {}:2: ", noise.display())),
        "{text}"
    );
    assert!(text.contains(&format!("PASS {}", good.display())), "{text}");
    assert!(text.ends_with("1 passed, 2 failed\n"), "{text}");
    assert!(!out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `--rcv-wnd 0` on the command line changes the acceptability test (RFC 9293 §3.10.7.4):
/// data at RCV.NXT is refused with an ACK instead of being acknowledged.
#[test]
fn rcv_wnd_flag_sets_the_window() {
    let text = format!("{PASSIVE}+0 < P. 1:11(10) ack 1 win 65535\n+0 > . 1:1(0) ack 1\n");
    let path = write_script("zero-window", text.as_bytes());
    let out = Command::new(env!("CARGO_BIN_EXE_tcpip-classroom"))
        .args(["drill", "--rcv-wnd", "0"])
        .arg(&path)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(!drill(&[&path]).status.success());
}

#[test]
fn missing_file_fails_cleanly() {
    let path = scratch("missing").join("nope.pkt");
    let out = drill(&[&path]);
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!("FAIL {}: cannot read", path.display())),
        "{text}"
    );
    assert!(text.ends_with("0 passed, 1 failed\n"), "{text}");
}

/// `--define NAME` (repeatable) selects `#ifdef` branches; without it the `#else` runs.
#[test]
fn define_selects_the_ifdef_branch() {
    let text = format!(
        "{PASSIVE}+0 < P. 1:11(10) ack 1 win 65535\n#ifdef QUIET\n#ifdef ALSO\n+0 > . 1:1(0) ack 11\n#endif\n#else\n+0 > . 1:1(0) ack 99\n#endif\n"
    );
    let path = write_script("define", text.as_bytes());
    let with = Command::new(env!("CARGO_BIN_EXE_tcpip-classroom"))
        .args(["drill", "--define", "QUIET", "--define", "ALSO"])
        .arg(&path)
        .output()
        .expect("runs");
    assert!(with.status.success(), "{}", stdout(&with));
    let without = drill(&[&path]);
    assert!(
        stdout(&without).contains("expected ack 99"),
        "{}",
        stdout(&without)
    );
}

/// The summary line says, per script, how many Python blocks were checked and skipped.
#[test]
fn python_blocks_are_counted_per_script() {
    let text = format!(
        "{PASSIVE}+0 %{{ assert tcpi_state == TCP_ESTABLISHED }}%\n+0 %{{\nassert tcpi_rto == 1000000\n}}%\n+0 %{{ print(tcpi_snd_cwnd) }}%\n"
    );
    let path = write_script("python", text.as_bytes());
    let out = drill(&[&path]);
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "PASS {} (inline Python: 1 checked, 2 skipped)",
            path.display()
        )),
        "{text}"
    );
}

/// `drill --help` documents `--define` and what is skipped.
#[test]
fn help_documents_define_and_skips() {
    let out = Command::new(env!("CARGO_BIN_EXE_tcpip-classroom"))
        .args(["drill", "--help"])
        .output()
        .expect("runs");
    let text = stdout(&out);
    for needle in [
        "--define <NAME>",
        "#ifdef",
        "Skipped",
        "inline Python",
        "icmp",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
}
