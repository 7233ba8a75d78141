//! The classroom WebSocket protocol: one JSON value per text frame, each message named by
//! its variant the way serde names enums by default (`{"act":{"req":7,"action":…}}`, `"end"`).
//!
//! Why not an internally tagged `{"type":"act",…}`: serde reads an internally tagged enum
//! (and a `flatten`ed field) by buffering the whole message into an intermediate value and
//! reading every type inside it a second time from that, so the browser would carry two
//! copies of the deserializer of everything a room sends — the scenario, the actions,
//! the faults — next to the ones it needs for its saved game. Measured on the release
//! wasm: ≈ 70 KB before gzip.
//!
//! A connection starts with [`ToServer::Create`], [`ToServer::Join`] or
//! [`ToServer::Rejoin`] and is answered with [`ToClient::Welcome`] (a [`Snapshot`] of the
//! room) or [`ToClient::Error`]. Afterwards the server sends every accepted action to
//! everyone in the room ([`ToClient::Applied`], numbered), the time the game has run to
//! ([`ToClient::Tick`]), and to the one who asked, [`ToClient::Done`] or
//! [`ToClient::Refused`].

use serde::{Deserialize, Serialize};
use tcpip_stack::scenario::Scenario;
use tcpip_stack::text::{Text, text};
use tcpip_stack::time::Instant;
use tcpip_stack::world::{Action, NodeId};

use crate::session::Logged;

/// The largest frame either side accepts (a scenario file is the largest thing sent).
pub const MAX_FRAME_BYTES: usize = 64 * 1024;
pub use crate::limits::MAX_NAME_CHARS;
/// Join codes are this many characters of [`CODE_ALPHABET`].
pub const CODE_LEN: usize = 6;
/// Letters and digits that cannot be mistaken for each other when read off a projector
/// (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
pub const CODE_ALPHABET: &[u8] = b"34679ACDEFGHJKMNPQRTUVWXY";

/// A person in a room, numbered in the order they joined.
pub type MemberId = u32;

/// What a browser asks of the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToServer {
    /// Open a room for `scenario` (team names and settings already chosen); the sender
    /// becomes its instructor.
    Create {
        /// As its file ([`crate::scenario_text`]).
        #[serde(with = "crate::scenario_text")]
        scenario: Scenario,
    },
    /// A student enters the room `code` with a display name and is given a seat.
    Join { code: String, name: String },
    /// Anyone comes back with the token they were given (kept in the browser).
    Rejoin { code: String, token: String },
    /// Play an action; `req` is the sender's number for it, echoed in the answer.
    Act { req: u32, action: Action },
    /// Instructor: pause or resume the game, or change its speed. Resuming ends a freeze.
    SetClock { paused: bool, speed_percent: u32 },
    /// Instructor: stop the clock to explain something; `note` (may be empty) is shown on
    /// every screen until the game resumes.
    Freeze { note: String },
    /// Instructor: step mode on (the clock waits where it is) or off (it runs freely).
    /// In step mode people still write cards; nothing moves until [`ToServer::Next`].
    StepMode { on: bool },
    /// Instructor, in step mode: let the game run to the next thing it has to do (a card
    /// arrives, a bot writes its card…) and wait there again.
    Next,
    /// Instructor: move a person to a seat (`None`: watch only). The seat's previous
    /// person, if any, watches.
    Assign {
        member: MemberId,
        node: Option<NodeId>,
    },
    /// Instructor: end the room for everybody (its log stays on disk to download).
    End,
    /// Instructor: lock the room (nobody new may join; people already in come back with
    /// their token as always), or unlock it.
    Lock { locked: bool },
    /// Instructor: remove a person from the room. Their connection is closed, their token
    /// no longer works and their seat goes back to its bot.
    Remove { member: MemberId },
    /// Instructor: add a team of the same shape to a room whose game has not started (its
    /// clock never ran); the people watching are seated in it and everybody gets a fresh
    /// `Welcome`.
    AddTeam,
    /// Ask for a fresh snapshot: this browser's copy refused an action it was sent.
    Resync,
}

/// What the server tells a browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToClient {
    /// You are in: who you are, and the room as it is now.
    Welcome { you: You, snapshot: Box<Snapshot> },
    /// The `seq`-th accepted action of the room (1-based: after it, the log is `seq` long).
    Applied { seq: u64, logged: Logged },
    /// Your action `req` was accepted as the `seq`-th (its `Applied` came first).
    Done { req: u32, seq: u64 },
    /// Your action `req` was refused; nothing changed.
    /// `message` in English and Italian (`tcpip_stack::text`): the engine's and the room's
    /// refusals are shown in the player's language.
    Refused { req: u32, message: Text },
    /// The game has run to `at`: replay up to here.
    Tick { at: Instant },
    /// The instructor paused, resumed or changed the speed.
    Clock { clock: RoomClock },
    /// Who is in the room and where they sit.
    Roster { members: Vec<Member> },
    /// Your seat changed (the instructor moved you).
    Seat { node: Option<NodeId> },
    /// A message that was not understood or not allowed; the connection stays usable
    /// unless it was the first message. `message` in English and Italian, as `Refused`.
    Error { message: Text },
    /// The instructor ended the room.
    Ended,
}

/// Who the person at this browser is in the room.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct You {
    pub code: String,
    /// The secret that gets this seat (or the instructor's powers) back after a reconnect.
    pub token: String,
    pub member: MemberId,
    pub name: String,
    pub instructor: bool,
    /// The host this person plays (`None`: instructor or watching).
    pub node: Option<NodeId>,
}

/// A room as a newcomer needs it: enough to replay the game to the server's state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// In serde's form, field by field, not as its file: the server read and checked the
    /// file when the room was created, and a student's page that reads this form carries
    /// neither the scenario file reader nor its messages (see docs/bundle.md; the form is
    /// no longer than the file). Every part of [`Scenario`] travels with its own derive,
    /// so a new table needs nothing here; the replay still checks the scenario
    /// ([`Scenario::validate`], through the world it builds).
    pub scenario: Scenario,
    pub actions: Vec<Logged>,
    pub clock: RoomClock,
    pub members: Vec<Member>,
    pub ended: bool,
}

/// The room's game clock at one moment: `at` is the game time the server had reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomClock {
    pub at: Instant,
    pub speed_percent: u32,
    pub paused: bool,
    /// Step mode: the clock runs up to here and waits for the instructor's next step
    /// ([`crate::Clock::held`]). Absent in rooms logged before step mode: free.
    #[serde(default)]
    pub hold: Option<Instant>,
    /// While paused: the instructor froze the game to explain this (shown on every
    /// screen, see [`crate::clock::frozen_to_explain`]); `None` for a plain pause.
    #[serde(default)]
    pub note: Option<String>,
}

/// One person as everyone in the room sees them (no token).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: MemberId,
    pub name: String,
    pub instructor: bool,
    pub node: Option<NodeId>,
    pub online: bool,
}

/// `GET /api/info`: what the page asks the server it was loaded from. A page served by
/// anything else (no such path) is in local mode only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Info {
    /// The server's version (`tcpip-classroom --version`).
    pub version: String,
    /// The addresses students can open, e.g. `http://192.168.1.20:8080/` (every
    /// non-loopback IPv4 address of the machine; the loopback one when there is none).
    pub urls: Vec<String>,
}

/// The WebSocket endpoint, relative to the page.
pub const WS_PATH: &str = "/ws";

/// Where the students' page is, relative to the server's root: the screens of a seat in a
/// room, without the teacher's, so a student downloads less than the whole game.
pub const JOIN_PATH: &str = "/join/";

/// The link a student follows to join `code` from `base` (one of [`Info::urls`]): the
/// students' page, with the code after `#join=`.
pub fn join_link(base: &str, code: &str) -> String {
    format!("{}{JOIN_PATH}#join={code}", base.trim_end_matches('/'))
}

/// A display name as typed, checked: trimmed, and readable by everybody
/// ([`crate::limits::name_problem`]). Names are always shown as text, never as HTML. The
/// error is sent to the browser that typed it, in both languages.
pub fn check_name(name: &str) -> Result<String, Text> {
    match crate::limits::name_problem(name) {
        None => Ok(name.trim().to_string()),
        Some(why) => {
            let (en, it) = (why.en, why.it.unwrap_or_default());
            Err(text!("name: {en}", "nome: {it}"))
        }
    }
}

/// The characters codes leave out because they read alike, with what a person is told.
const LOOK_ALIKE: [(&str, &str, &str); 5] = [
    (
        "0O",
        " (codes have neither 0 nor O)",
        " (i codici non hanno né 0 né O)",
    ),
    (
        "1IL",
        " (codes have no 1, I or L)",
        " (i codici non hanno 1, I o L)",
    ),
    (
        "2Z",
        " (codes have neither 2 nor Z)",
        " (i codici non hanno né 2 né Z)",
    ),
    (
        "5S",
        " (codes have neither 5 nor S)",
        " (i codici non hanno né 5 né S)",
    ),
    (
        "8B",
        " (codes have neither 8 nor B)",
        " (i codici non hanno né 8 né B)",
    ),
];

/// A join code as typed (any case, spaces and dashes ignored), in its canonical form. The
/// error is sent to the browser that typed it, in both languages.
pub fn normalize_code(code: &str) -> Result<String, Text> {
    let code: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let n = code.chars().count();
    if n != CODE_LEN {
        return Err(text!(
            "code: the room code has {CODE_LEN} characters, as shown on the projector; this one \
             has {n}",
            "codice: il codice della stanza ha {CODE_LEN} caratteri, come appare sul proiettore; \
             questo ne ha {n}"
        ));
    }
    // Codes leave out the characters that read alike (0/O, 1/I/L, 2/Z, 5/S, 8/B), so a
    // code copied from a projector is never ambiguous; such a character is named.
    if let Some(bad) = code
        .chars()
        .find(|c| !c.is_ascii() || !CODE_ALPHABET.contains(&(*c as u8)))
    {
        let (alike, simile) = LOOK_ALIKE
            .iter()
            .find(|(chars, ..)| chars.contains(bad))
            .map_or(("", ""), |(_, en, it)| (*en, *it));
        return Err(text!(
            "code: \"{bad}\" is not in room codes{alike}: check the code on the projector",
            "codice: \"{bad}\" non compare nei codici delle stanze{simile}: controlla il codice \
             sul proiettore"
        ));
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcpip_stack::card::Card;

    #[test]
    fn messages_are_named_json_both_ways() {
        let msg = ToServer::Act {
            req: 7,
            action: Action::WriteCard {
                node: NodeId(2),
                card: Box::new(Card {
                    syn: true,
                    ..Card::default()
                }),
            },
        };
        let json = serde_json::to_string(&msg).unwrap();
        assert!(json.starts_with(r#"{"act":{"req":7,"#), "{json}");
        assert_eq!(serde_json::from_str::<ToServer>(&json).unwrap(), msg);

        let applied = ToClient::Applied {
            seq: 3,
            logged: Logged {
                at: Instant::from_secs(2),
                action: Action::RequestHint { node: NodeId(1) },
            },
        };
        let json = serde_json::to_string(&applied).unwrap();
        assert!(
            json.starts_with(r#"{"applied":{"seq":3,"logged":{"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<ToClient>(&json).unwrap(), applied);
        assert_eq!(serde_json::to_string(&ToServer::End).unwrap(), r#""end""#);

        // A refusal crosses the wire in both languages.
        let refused = ToClient::Refused {
            req: 4,
            message: Text::new("you are watching".into(), "stai guardando".into()),
        };
        let json = serde_json::to_string(&refused).unwrap();
        assert!(json.contains(r#""it":"stai guardando""#), "{json}");
        assert_eq!(serde_json::from_str::<ToClient>(&json).unwrap(), refused);

        // So does an error.
        let error = ToClient::Error {
            message: normalize_code("7KQ").unwrap_err(),
        };
        let json = serde_json::to_string(&error).unwrap();
        assert!(json.contains(r#""it":"codice: "#), "{json}");
        assert_eq!(serde_json::from_str::<ToClient>(&json).unwrap(), error);
    }

    fn snapshot(scenario: Scenario) -> Snapshot {
        Snapshot {
            scenario,
            actions: Vec::new(),
            clock: RoomClock {
                at: Instant::ZERO,
                speed_percent: 100,
                paused: true,
                hold: None,
                note: None,
            },
            members: Vec::new(),
            ended: false,
        }
    }

    /// Every shipped scenario, the DNS one's `[dns]` table included, reaches a newcomer
    /// whole, as fields rather than as a file to read.
    #[test]
    fn a_welcome_carries_the_scenario_field_by_field() {
        for (file, text) in Scenario::shipped() {
            let scenario = Scenario::from_toml(text).expect("a shipped scenario");
            let sent = snapshot(scenario);
            let json = serde_json::to_string(&sent).unwrap();
            let value: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(
                value["scenario"]["name"],
                sent.scenario.name.as_str(),
                "{file}"
            );
            assert_eq!(
                serde_json::from_str::<Snapshot>(&json).unwrap(),
                sent,
                "{file}"
            );
        }
        let (_, dns) = Scenario::shipped()
            .into_iter()
            .find(|(file, _)| *file == "dns.toml")
            .expect("the DNS scenario is shipped");
        let dns = Scenario::from_toml(dns).unwrap();
        let json = serde_json::to_string(&snapshot(dns)).unwrap();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(value["scenario"]["dns"].is_object(), "{json}");
    }

    /// Read without the file reader's checks, a scenario that cannot be played is still
    /// refused when the newcomer builds the game from it, naming what is wrong.
    #[test]
    fn a_welcome_with_an_unplayable_scenario_is_refused() {
        let mut scenario = Scenario::original();
        scenario.teams.clear();
        let json = serde_json::to_string(&snapshot(scenario)).unwrap();
        let read: Snapshot = serde_json::from_str(&json).expect("well-formed JSON");
        let you = You {
            code: "ACDEFG".into(),
            token: "t".into(),
            member: 1,
            name: "Ann".into(),
            instructor: false,
            node: None,
        };
        let Err(e) = crate::Replica::welcome(you, read) else {
            panic!("a scenario without teams was replayed");
        };
        assert!(e.contains("teams"), "{e}");
    }

    /// The balancer's choice crosses the wire with every box of its slip (RFC 2003 §3.1).
    #[test]
    fn the_balancers_tunnel_is_named_json_both_ways() {
        use tcpip_stack::addr::Ipv4Addr;
        use tcpip_stack::card::{RouterChoice, Tunnel};
        use tcpip_stack::world::CardId;
        let msg = ToServer::Act {
            req: 9,
            action: Action::RouteCard {
                node: NodeId(7),
                card: CardId(12),
                choice: RouterChoice::Encapsulate(Tunnel {
                    src: Ipv4Addr::new(10, 0, 1, 80),
                    dst: Ipv4Addr::new(10, 0, 2, 1),
                    protocol: 4,
                    ttl: 64,
                    inner_dst: Ipv4Addr::new(10, 0, 1, 100),
                    inner_ttl: 63,
                }),
            },
        };
        let json = serde_json::to_string(&msg).unwrap();
        assert!(
            json.contains(r#""choice":{"Encapsulate":{"src":"10.0.1.80","dst":"10.0.2.1","protocol":4,"ttl":64,"inner_dst":"10.0.1.100","inner_ttl":63}}"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<ToServer>(&json).unwrap(), msg);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for text in [
            "",
            "{",
            "null",
            r#"{"fly":null}"#,
            r#"{"act":{"req":-1}}"#,
            r#"{"type":"act","req":7}"#,
            r#""resync"x"#,
        ] {
            assert!(serde_json::from_str::<ToServer>(text).is_err(), "{text}");
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(check_name("  Ada ").unwrap(), "Ada");
        let empty = check_name("   ").unwrap_err();
        assert!(empty.en.starts_with("name:"), "{empty:?}");
        assert!(empty.it.is_some_and(|it| it.starts_with("nome:")));
        assert!(check_name(&"x".repeat(41)).is_err());
        assert!(check_name("a\nb").is_err());
        assert_eq!(check_name("<b>Bob</b>").unwrap(), "<b>Bob</b>");
    }

    #[test]
    fn codes_are_read_as_people_type_them() {
        assert_eq!(normalize_code(" 7k-q 9ax ").unwrap(), "7KQ9AX");
        let short = normalize_code("7KQ9A").unwrap_err();
        assert!(
            short.en.contains("has 6 characters") && short.en.contains("has 5"),
            "{short}"
        );
        // A code with a letter codes leave out says which one, and why it is not there.
        let b = normalize_code("ABCDEF").unwrap_err();
        assert!(
            b.en.contains("\"B\" is not in room codes (codes have neither 8 nor B)"),
            "{b}"
        );
        assert!(b.it.as_deref().is_some_and(|it| it.contains("\"B\"")));
        assert!(
            normalize_code("7KQ9A0")
                .unwrap_err()
                .en
                .contains("neither 0 nor O")
        );
        assert!(normalize_code("7KQ9AÈ").unwrap_err().en.contains("\"È\""));
    }
}
