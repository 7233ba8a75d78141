//! Golden files: what every shipped scenario leaves behind — its pcap, its text ladders and
//! its saved game — byte for byte, so that moving code around the engine (splitting files,
//! folding the exports from the event log, changing the JSON derive) provably changes
//! nothing a teacher downloads or a browser saved.
//!
//! Each game is the bots' whole game, plus one person on Red's first client who writes a
//! wrong SYN first (coach mode sends it back with its mistakes, so the ladders carry a
//! rejected card and its why) and then the right one, before giving the seat back.
//!
//! After an intended change, write the files again with `GOLDEN_UPDATE=1 cargo test -p
//! tcpip-protocol --test golden` and read the diff.

use std::path::PathBuf;

use tcpip_protocol::Session;
use tcpip_stack::card::Card;
use tcpip_stack::scenario::Scenario;
use tcpip_stack::time::Instant;
use tcpip_stack::world::{Action, PcapFilter, Seat};

/// Far beyond the end of any shipped game: the loop stops when the race is over.
const LIMIT: Instant = Instant::from_secs(1_800);

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// The game described in the module comment, played to its end.
fn played(scenario: Scenario) -> Session {
    let mut session = Session::new(scenario).expect("a shipped scenario starts");
    let (alice, server) = {
        let team = &session.world().teams()[0];
        (team.clients[0], team.server)
    };
    let addr = |n| {
        session
            .world()
            .node_view(n)
            .expect("a node of the scenario")
            .addr
            .to_string()
    };
    let syn = |dst_port: &str| Action::WriteCard {
        node: alice,
        card: Box::new(Card {
            src_ip: addr(alice),
            dst_ip: addr(server),
            src_port: "40000".into(),
            dst_port: dst_port.into(),
            syn: true,
            seq: "0".into(),
            ..Card::default()
        }),
    };
    let person = |seat| Action::SetSeat { node: alice, seat };
    let steps = [
        (0, person(Seat::Human)),
        // Port 32 instead of telnet's 23: a legal card, the wrong one for round 1.
        (1, syn("32")),
        (2, syn("23")),
        (3, person(Seat::Bot)),
    ];
    for (secs, action) in steps {
        let at = Instant::from_secs(secs);
        session.advance(at);
        // A refusal is part of the game being recorded, not a failure of the test.
        let _ = session.act(action, at);
    }
    while let Some(t) = session.world().next_due() {
        if t > LIMIT || session.world().finished() {
            break;
        }
        session.advance(t);
    }
    session
}

/// Compares `bytes` with the golden file `name`, or writes it under `GOLDEN_UPDATE=1`.
fn check(name: &str, bytes: &[u8]) -> Option<String> {
    let path = golden_dir().join(name);
    if std::env::var_os("GOLDEN_UPDATE").is_some() {
        std::fs::create_dir_all(golden_dir()).expect("the golden directory");
        std::fs::write(&path, bytes).expect("a golden file written");
        return None;
    }
    match std::fs::read(&path) {
        Ok(golden) if golden == bytes => None,
        Ok(golden) => Some(format!(
            "{name}: {} bytes now, {} in the golden file (first difference at byte {})",
            bytes.len(),
            golden.len(),
            golden
                .iter()
                .zip(bytes)
                .position(|(a, b)| a != b)
                .unwrap_or(golden.len().min(bytes.len()))
        )),
        Err(e) => Some(format!("{name}: {e} (GOLDEN_UPDATE=1 writes it)")),
    }
}

#[test]
fn every_shipped_game_leaves_the_same_pcap_ladders_and_save() {
    let mut differences = Vec::new();
    for (file, text) in Scenario::shipped() {
        let stem = file.trim_end_matches(".toml");
        let scenario = Scenario::from_toml(text).expect("a shipped scenario reads");
        let session = played(scenario);
        let world = session.world();
        assert!(world.finished(), "{stem}: the bots finish the race");
        let save = session.save(world.now(), 100, true);
        let json = serde_json::to_string_pretty(&save).expect("a save is JSON");
        let outputs = [
            (format!("{stem}.pcap"), world.pcap(PcapFilter::All)),
            (
                format!("{stem}-team1.pcap"),
                world.pcap(PcapFilter::Team(0)),
            ),
            (
                format!("{stem}.ladder.txt"),
                world.ladder_text().into_bytes(),
            ),
            (format!("{stem}.save.json"), json.into_bytes()),
        ];
        differences.extend(
            outputs
                .iter()
                .filter_map(|(name, bytes)| check(name, bytes)),
        );
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
