//! What a classroom server accepts, in one place: the browser checks a card, a name or a
//! scenario with these functions before sending it (so a student sees the reason at once),
//! and the server checks the same again, because anything can be sent to its port.
//!
//! The limits are about the *size* of what a room keeps and replays, not about being right:
//! a wrong card is refereed by the engine (that is the game), but a card that could not fit
//! on paper is refused before it is logged, broadcast and replayed by every browser. Every
//! refusal names the field and says why, in English and Italian.

use tcpip_stack::card::{self, Card};
use tcpip_stack::fault::{Fault, FaultTarget, MAX_UNREACHABLE_CODE, Setting};
use tcpip_stack::scenario::{MAX_DELAY_FAULT, Scenario};
use tcpip_stack::text::{Text, text};
use tcpip_stack::time::Duration;
use tcpip_stack::world::Action;

/// The longest display name, in characters.
pub const MAX_NAME_CHARS: usize = 40;

/// Teams in a classroom scenario: a class of 200 in teams of four (the class-sized game's
/// 50) fits with room to spare; every team's hosts are played by bots when nobody sits
/// there, so each one costs the server work, which [`MAX_SEATS`] bounds as a whole.
pub const MAX_TEAMS: usize = 64;
/// Clients of one team in a classroom scenario (a team of 16 clients, a server and a
/// router is already a crowd around one router).
pub const MAX_CLIENTS_PER_TEAM: usize = 16;
/// Seats of a classroom scenario, every team's clients, server and router together: a
/// room seats at most 200 students, and a seat nobody takes is a bot the server plays, so
/// the bound is what keeps a heavy room from starving the others (a room of 63 teams of
/// 200 clients once kept a core busy for 14 s).
pub const MAX_SEATS: usize = 256;
/// Ports one server listens on.
pub const MAX_SERVER_PORTS: usize = 8;
/// Preset routes of one team's router: one per other team is all a table needs.
pub const MAX_ROUTES_PER_TEAM: usize = MAX_TEAMS;
/// Backbone links: every pair of teams linked directly.
pub const MAX_LINKS: usize = MAX_TEAMS * (MAX_TEAMS - 1) / 2;
/// Faults a scenario fires by itself: the original game's two forged RSTs per team, for
/// every team.
pub const MAX_SCRIPTED_FAULTS: usize = 2 * MAX_TEAMS;
/// The slowest and fastest a room's clock runs, in percent of real time: the bounds of
/// a scenario file's `speed` (the engine's work per second of real time grows with it).
pub const SPEED_PERCENT: (u32, u32) = (10, 1000);

/// Bytes of a card's data box: the engine's own limit ([`card::MAX_DATA`]), so one card
/// is one segment.
pub const MAX_CARD_DATA: usize = card::MAX_DATA;
/// Characters of an address box: `255.255.255.255`.
pub const MAX_IP_CHARS: usize = 15;

/// Characters of a DNS name box: the longest name in its text form (RFC 1035 §2.3.4: 255
/// bytes on the wire, one more than the text with its final dot).
pub const MAX_DNS_NAME_CHARS: usize = tcpip_stack::wire::dns::MAX_NAME_LEN;
/// Bytes of a DNS answers box: as many as a data box. A DNS message over UDP is at most
/// 512 bytes (RFC 1035 §4.2.1), and its records written as text are shorter than that
/// twice over, so a right card always fits.
pub const MAX_DNS_ANSWERS: usize = card::MAX_DATA;

/// The number boxes of a card and how wide their header field is, in bits (RFC 9293 §3.1
/// for the TCP header, RFC 791 §3.1 for the TTL, RFC 792 for ICMP's type and code, RFC 1035
/// §4.1.1 and §4.1.2 for DNS's ID, opcode, RCODE, type and class).
const NUMBER_BOXES: [(card::Field, u32); 12] = [
    (card::Field::SrcPort, 16),
    (card::Field::DstPort, 16),
    (card::Field::Seq, 32),
    (card::Field::Ack, 32),
    (card::Field::Ttl, 8),
    (card::Field::IcmpType, 8),
    (card::Field::IcmpCode, 8),
    (card::Field::DnsId, 16),
    (card::Field::DnsOpcode, 4),
    (card::Field::DnsRcode, 4),
    (card::Field::DnsQtype, 16),
    (card::Field::DnsQclass, 16),
];

/// Digits of the largest number a `bits`-wide header field holds (5 for a port).
fn digits(bits: u32) -> usize {
    ((1u64 << bits) - 1).to_string().len()
}

/// The text of `field` on `card`.
fn box_text(c: &Card, field: card::Field) -> &str {
    match field {
        card::Field::SrcIp => &c.src_ip,
        card::Field::DstIp => &c.dst_ip,
        card::Field::SrcPort => &c.src_port,
        card::Field::DstPort => &c.dst_port,
        card::Field::Seq => &c.seq,
        card::Field::Ack => &c.ack,
        card::Field::Data => &c.data,
        card::Field::Ttl => &c.ttl,
        card::Field::IcmpType => &c.icmp_type,
        card::Field::IcmpCode => &c.icmp_code,
        card::Field::DnsId => &c.dns_id,
        card::Field::DnsOpcode => &c.dns_opcode,
        card::Field::DnsRcode => &c.dns_rcode,
        card::Field::DnsQname => &c.dns_qname,
        card::Field::DnsQtype => &c.dns_qtype,
        card::Field::DnsQclass => &c.dns_qclass,
        card::Field::DnsAnswers => &c.dns_answers,
        card::Field::Flags
        | card::Field::Choice
        | card::Field::NextHop
        | card::Field::DnsQr
        | card::Field::DnsAa
        | card::Field::DnsRd
        | card::Field::DnsRa
        // The balancer's slip is a routing choice, not boxes of a card.
        | card::Field::Protocol
        | card::Field::InnerDstIp
        | card::Field::InnerTtl => "",
    }
}

/// Whether a card fits on paper: its data at most [`MAX_CARD_DATA`] bytes, an address box
/// at most [`MAX_IP_CHARS`] characters, and a number box at most as many digits as the
/// largest number of its header field (spaces around it aside). What fits is for the
/// engine to referee, right or wrong.
pub fn check_card(c: &Card) -> Result<(), Text> {
    let data = c.data.len();
    if data > MAX_CARD_DATA {
        return Err(text!(
            "data: {data} bytes, but a card holds at most {MAX_CARD_DATA}: send the rest on \
             another card",
            "dati: {data} byte, ma una carta ne contiene al massimo {MAX_CARD_DATA}: manda il \
             resto su un'altra carta"
        ));
    }
    let answers = c.dns_answers.len();
    if answers > MAX_DNS_ANSWERS {
        return Err(text!(
            "answers: {answers} bytes, but a card holds at most {MAX_DNS_ANSWERS}",
            "risposte: {answers} byte, ma una carta ne contiene al massimo {MAX_DNS_ANSWERS}"
        ));
    }
    let name = c.dns_qname.trim().chars().count();
    if name > MAX_DNS_NAME_CHARS {
        return Err(text!(
            "question name: {name} characters, but a name is at most {MAX_DNS_NAME_CHARS}",
            "nome nella domanda: {name} caratteri, ma un nome ne ha al massimo \
             {MAX_DNS_NAME_CHARS}"
        ));
    }
    for field in [card::Field::SrcIp, card::Field::DstIp] {
        let len = box_text(c, field).trim().chars().count();
        if len > MAX_IP_CHARS {
            let (label, nome) = (field.label(), field.label_it());
            return Err(text!(
                "{label}: {len} characters, but an address is at most {MAX_IP_CHARS} \
                 (255.255.255.255)",
                "{nome}: {len} caratteri, ma un indirizzo ne ha al massimo {MAX_IP_CHARS} \
                 (255.255.255.255)"
            ));
        }
    }
    for (field, bits) in NUMBER_BOXES {
        let len = box_text(c, field).trim().chars().count();
        let max = digits(bits);
        if len > max {
            let (label, nome) = (field.label(), field.label_it());
            return Err(text!(
                "{label}: {len} characters, but the header field is {bits} bits: at most \
                 {max} digits",
                "{nome}: {len} caratteri, ma il campo dell'intestazione è di {bits} bit: al \
                 massimo {max} cifre"
            ));
        }
    }
    Ok(())
}

/// Whether an action fits the limits: a card ([`check_card`]) and a fault
/// ([`check_fault`], against the room's `scenario`).
pub fn check_action(scenario: &Scenario, action: &Action) -> Result<(), Text> {
    match action {
        Action::WriteCard { card, .. } => check_card(card),
        Action::InjectFault(fault) => check_fault(scenario, fault),
        Action::SetSeat { .. }
        | Action::RouteCard { .. }
        | Action::EditRoute { .. }
        | Action::RequestHint { .. } => Ok(()),
    }
}

/// An instructor's fault, with the bounds a scenario file's faults have: a delay more than
/// 0 and at most [`MAX_DELAY_FAULT`], a destination-unreachable code defined by an RFC
/// (0 to [`MAX_UNREACHABLE_CODE`], RFC 1812 §5.2.7.1), a link between two different teams
/// whose routers are linked, and a kind aimed at what it can hit (`Scenario::validate`).
pub fn check_fault(scenario: &Scenario, fault: &Fault) -> Result<(), Text> {
    match fault.kind.setting() {
        Setting::Delay(by) if by == Duration::ZERO || by > MAX_DELAY_FAULT => {
            return Err(text!(
                "delay: more than 0 and at most {MAX_DELAY_FAULT}, not {by}",
                "ritardo: più di 0 e al massimo {MAX_DELAY_FAULT}, non {by}"
            ));
        }
        Setting::Code(code) if code > MAX_UNREACHABLE_CODE => {
            return Err(text!(
                "code: destination unreachable codes go from 0 to {MAX_UNREACHABLE_CODE} (0 \
                 net, 1 host, 3 port), not {code}",
                "codice: i codici di destinazione irraggiungibile vanno da 0 a \
                 {MAX_UNREACHABLE_CODE} (0 rete, 1 host, 3 porta), non {code}"
            ));
        }
        _ => {}
    }
    if let FaultTarget::Link { team_a, team_b } = fault.target
        && team_a == team_b
    {
        return Err(text!(
            "link: a link joins two different teams, not team {team_a} to itself",
            "collegamento: un collegamento unisce due squadre diverse, non la squadra \
             {team_a} a se stessa"
        ));
    }
    // Whatever else a scenario file could not say, the scenario's own check names.
    let mut probe = scenario.clone();
    probe.faults = vec![tcpip_stack::fault::ScriptedFault {
        at: Duration::ZERO,
        fault: fault.clone(),
    }];
    match probe
        .validate()
        .into_iter()
        .find(|e| e.field.starts_with("faults[0]"))
    {
        Some(e) => {
            let field = e.field.trim_start_matches("faults[0].");
            Err(Text::from(format!("{field}: {}", e.message)))
        }
        None => Ok(()),
    }
}

/// A clock speed the room accepts: within [`SPEED_PERCENT`].
pub fn check_speed(speed_percent: u32) -> Result<(), Text> {
    let (lo, hi) = SPEED_PERCENT;
    if (lo..=hi).contains(&speed_percent) {
        return Ok(());
    }
    Err(text!(
        "speed: from {lo}% to {hi}% of real time, not {speed_percent}%",
        "velocità: da {lo}% a {hi}% del tempo reale, non {speed_percent}%"
    ))
}

/// A scenario a classroom room runs: within the counts above, with names people can read
/// ([`name_problem`]). The scenario's own rules are `Scenario::validate`'s.
pub fn check_scenario(s: &Scenario) -> Result<(), Text> {
    let count = |field: String, n: usize, max: usize| -> Result<(), Text> {
        if n <= max {
            return Ok(());
        }
        Err(text!(
            "{field}: {n}, but a classroom room takes at most {max}",
            "{field}: {n}, ma una stanza di classe ne accetta al massimo {max}"
        ))
    };
    count("teams".into(), s.teams.len(), MAX_TEAMS)?;
    let seats: usize = s.teams.iter().map(|t| t.clients.len() + 2).sum();
    count("seats".into(), seats, MAX_SEATS)?;
    count("faults".into(), s.faults.len(), MAX_SCRIPTED_FAULTS)?;
    if let Some(b) = &s.backbone {
        count("backbone.links".into(), b.links.len(), MAX_LINKS)?;
    }
    check_speed(s.settings.speed_percent)?;
    let mut names: Vec<(String, &str)> = vec![("name".into(), s.name.as_str())];
    for (i, t) in s.teams.iter().enumerate() {
        count(
            format!("teams[{i}].clients"),
            t.clients.len(),
            MAX_CLIENTS_PER_TEAM,
        )?;
        count(
            format!("teams[{i}].server_ports"),
            t.server_ports.len(),
            MAX_SERVER_PORTS,
        )?;
        count(
            format!("teams[{i}].routes"),
            t.routes.len(),
            MAX_ROUTES_PER_TEAM,
        )?;
        names.push((format!("teams[{i}].name"), &t.name));
        for (c, client) in t.clients.iter().enumerate() {
            names.push((format!("teams[{i}].clients[{c}]"), client));
        }
    }
    for (field, name) in names {
        if let Some(why) = name_problem(name) {
            let (en, it) = (why.en, why.it.unwrap_or_default());
            return Err(text!("{field}: {en}", "{field}: {it}"));
        }
    }
    Ok(())
}

/// Bidirectional formatting characters (Unicode Standard Annex #9 §2): embeddings and
/// overrides U+202A–U+202E, isolates U+2066–U+2069, and the marks U+200E, U+200F, U+061C.
/// In a name they would turn the text that follows it around on everybody's screen.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Characters that show nothing by themselves: spaces, zero-width characters and joiners,
/// the soft hyphen, variation selectors, invisible operators and Hangul fillers.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
        )
}

/// The longest note an instructor shows the class when freezing the game, in characters.
pub const MAX_NOTE_CHARS: usize = 200;

/// Characters that would change how a line shown to everybody is laid out: line breaks,
/// control characters, bidi controls.
fn layout_problem(text: &str) -> Option<Text> {
    // Before any trimming: a separator at either end would otherwise be trimmed away unseen.
    if text
        .chars()
        .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
    {
        return Some(text!(
            "no line breaks or control characters",
            "niente a capo né caratteri di controllo"
        ));
    }
    if text.chars().any(is_bidi_control) {
        return Some(text!(
            "no characters that change the writing direction (U+202A-U+202E, U+2066-U+2069)",
            "niente caratteri che cambiano la direzione della scrittura (U+202A-U+202E, \
             U+2066-U+2069)"
        ));
    }
    None
}

/// The note of a freeze, checked and trimmed: one line of at most [`MAX_NOTE_CHARS`]
/// characters, laid out as typed (see [`layout_problem`]); empty is allowed (a freeze
/// without words).
pub fn check_note(note: &str) -> Result<String, Text> {
    let why = layout_problem(note).or_else(|| {
        (note.trim().chars().count() > MAX_NOTE_CHARS).then(|| {
            text!(
                "at most {MAX_NOTE_CHARS} characters",
                "al massimo {MAX_NOTE_CHARS} caratteri"
            )
        })
    });
    match why {
        None => Ok(note.trim().to_string()),
        Some(why) => {
            let (en, it) = (why.en, why.it.unwrap_or_default());
            Err(text!("note: {en}", "nota: {it}"))
        }
    }
}

/// What is wrong with a name shown to everybody (a person, a team, a client), if anything:
/// not blank nor invisible-only, at most [`MAX_NAME_CHARS`] characters, no control
/// characters, no line or paragraph separators (U+2028, U+2029), no bidi controls.
pub fn name_problem(name: &str) -> Option<Text> {
    if let Some(why) = layout_problem(name) {
        return Some(why);
    }
    let name = name.trim();
    if name.is_empty() {
        return Some(text!(
            "write the name the others will see",
            "scrivi il nome che vedranno gli altri"
        ));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Some(text!(
            "at most {MAX_NAME_CHARS} characters",
            "al massimo {MAX_NAME_CHARS} caratteri"
        ));
    }
    if name.chars().all(is_invisible) {
        return Some(text!(
            "the name shows nothing: write letters the others can read",
            "il nome non mostra nulla: scrivi lettere che gli altri possano leggere"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcpip_stack::fault::FaultKind;
    use tcpip_stack::world::NodeId;

    #[test]
    fn a_freeze_note_is_one_readable_line() {
        assert_eq!(check_note("  look at Red  ").as_deref(), Ok("look at Red"));
        assert_eq!(check_note("").as_deref(), Ok(""));
        let long = "x".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(
            check_note(&long).unwrap_err().en,
            "note: at most 200 characters"
        );
        assert!(
            check_note("a\nb")
                .unwrap_err()
                .en
                .starts_with("note: no line breaks")
        );
        assert!(check_note("\u{202E}evil").is_err());
    }

    fn card() -> Card {
        Card {
            src_ip: "10.0.1.2".into(),
            dst_ip: "10.0.1.1".into(),
            src_port: "40000".into(),
            dst_port: "23".into(),
            syn: true,
            seq: "4294967295".into(),
            ..Card::default()
        }
    }

    #[test]
    fn a_card_that_fits_on_paper_passes_even_when_wrong() {
        assert_eq!(check_card(&card()), Ok(()));
        // Wrong but within the box: the engine referees it.
        let wrong = Card {
            src_port: "70000".into(),
            ttl: "999".into(),
            data: "x".repeat(MAX_CARD_DATA),
            ..card()
        };
        assert_eq!(check_card(&wrong), Ok(()));
    }

    #[test]
    fn an_oversized_box_is_refused_naming_it() {
        let big = Card {
            data: "x".repeat(MAX_CARD_DATA + 1),
            ..card()
        };
        let e = check_card(&big).unwrap_err();
        assert!(e.en.starts_with("data: 1001 bytes"), "{e:?}");
        assert!(e.it.unwrap().starts_with("dati: 1001 byte"));
        let port = Card {
            src_port: "123456".into(),
            ..card()
        };
        let e = check_card(&port).unwrap_err();
        assert!(e.en.starts_with("source port: 6 characters"), "{e:?}");
        assert!(e.en.contains("16 bits: at most 5 digits"), "{e:?}");
        let seq = Card {
            seq: "12345678901".into(),
            ..card()
        };
        assert!(
            check_card(&seq)
                .unwrap_err()
                .en
                .contains("at most 10 digits")
        );
        let ip = Card {
            dst_ip: "10.0.0.1.10.0.0.1".into(),
            ..card()
        };
        assert!(
            check_card(&ip)
                .unwrap_err()
                .en
                .starts_with("destination IP:")
        );
        let code = Card {
            icmp_code: "0003".into(),
            ..card()
        };
        assert!(check_card(&code).unwrap_err().en.starts_with("ICMP code:"));
        // Spaces around a number are the engine's to read.
        let spaced = Card {
            ttl: "  64  ".into(),
            ..card()
        };
        assert_eq!(check_card(&spaced), Ok(()));
    }

    /// RFC 1035 §2.3.4, §4.1.1: a DNS card's boxes are as wide as their fields; a wrong
    /// but fitting card is the referee's.
    #[test]
    fn dns_boxes_fit_their_fields_rfc1035_4_1_1() {
        let dns = Card {
            kind: tcpip_stack::card::CardKind::Udp,
            dns_id: "65535".into(),
            dns_opcode: "15".into(),
            dns_rcode: "99".into(),
            dns_qname: "a".repeat(MAX_DNS_NAME_CHARS),
            dns_qtype: "A".into(),
            dns_qclass: "IN".into(),
            dns_answers: "x".repeat(MAX_DNS_ANSWERS),
            ..card()
        };
        assert_eq!(check_card(&dns), Ok(()));
        for (card, start) in [
            (
                Card {
                    dns_id: "123456".into(),
                    ..dns.clone()
                },
                "DNS ID: 6 characters",
            ),
            (
                Card {
                    dns_rcode: "100".into(),
                    ..dns.clone()
                },
                "RCODE: 3 characters",
            ),
            (
                Card {
                    dns_qname: "a".repeat(MAX_DNS_NAME_CHARS + 1),
                    ..dns.clone()
                },
                "question name: 256 characters",
            ),
            (
                Card {
                    dns_answers: "x".repeat(MAX_DNS_ANSWERS + 1),
                    ..dns.clone()
                },
                "answers: 1001 bytes",
            ),
        ] {
            let e = check_card(&card).unwrap_err();
            assert!(e.en.starts_with(start), "{e:?}");
            assert!(e.it.is_some());
        }
    }

    #[test]
    fn instructor_faults_have_the_bounds_of_scenario_files() {
        let s = Scenario::original();
        let fault = |kind, target| Fault { kind, target };
        let ok = fault(
            FaultKind::Delay {
                by: Duration::from_secs(5),
            },
            FaultTarget::Team(0),
        );
        assert_eq!(check_fault(&s, &ok), Ok(()));
        let forever = fault(
            FaultKind::Delay {
                by: Duration::from_micros(u64::MAX),
            },
            FaultTarget::Team(0),
        );
        assert!(
            check_fault(&s, &forever)
                .unwrap_err()
                .en
                .starts_with("delay:")
        );
        let zero = fault(
            FaultKind::Delay { by: Duration::ZERO },
            FaultTarget::Team(0),
        );
        assert!(check_fault(&s, &zero).is_err());
        let code = fault(
            FaultKind::IcmpUnreachable { code: 255 },
            FaultTarget::Connection { team: 0, client: 0 },
        );
        let e = check_fault(&s, &code).unwrap_err();
        assert!(e.en.starts_with("code:") && e.it.is_some(), "{e:?}");
        // The forged twin carries a code too (RFC 5927 §4.1), with the same bounds.
        let forged = fault(FaultKind::ForgedIcmp { code: 16 }, FaultTarget::Team(0));
        let e = check_fault(&s, &forged).unwrap_err();
        assert!(
            e.en.starts_with("code:") && e.en.ends_with("not 16"),
            "{e:?}"
        );
        let self_link = fault(
            FaultKind::Drop,
            FaultTarget::Link {
                team_a: 1,
                team_b: 1,
            },
        );
        assert!(
            check_fault(&s, &self_link)
                .unwrap_err()
                .en
                .starts_with("link:")
        );
        // The scenario's own check covers the rest: a team-only kind on a connection.
        let closed = fault(
            FaultKind::ServerPortClosed,
            FaultTarget::Connection { team: 0, client: 0 },
        );
        assert!(
            check_fault(&s, &closed)
                .unwrap_err()
                .en
                .starts_with("client:")
        );
        let action = Action::InjectFault(forever);
        assert!(check_action(&s, &action).is_err());
        let hint = Action::RequestHint { node: NodeId(0) };
        assert_eq!(check_action(&s, &hint), Ok(()));
    }

    #[test]
    fn scenarios_are_bounded_and_the_shipped_ones_fit() {
        for (file, text) in Scenario::shipped() {
            let s = Scenario::from_toml(text).unwrap();
            assert_eq!(check_scenario(&s), Ok(()), "{file}");
        }
        let mut heavy = Scenario::original();
        let team = heavy.teams[0].clone();
        heavy.teams = vec![team; MAX_TEAMS + 1];
        let e = check_scenario(&heavy).unwrap_err();
        assert_eq!(e.en, "teams: 65, but a classroom room takes at most 64");
        // A class of 200 in teams of four fits; the seats bound a heavy room as a whole.
        assert_eq!(
            check_scenario(&Scenario::class_sized(50, 2).unwrap()),
            Ok(())
        );
        let mut seats = Scenario::original();
        let full = seats.teams[0].clone();
        seats.teams = vec![full; 15];
        for t in &mut seats.teams {
            t.clients = (0..MAX_CLIENTS_PER_TEAM).map(|i| format!("c{i}")).collect();
        }
        seats.faults.clear();
        let e = check_scenario(&seats).unwrap_err();
        assert_eq!(e.en, "seats: 270, but a classroom room takes at most 256");
        let mut crowd = Scenario::original();
        crowd.teams[1].clients = (0..=MAX_CLIENTS_PER_TEAM)
            .map(|i| format!("c{i}"))
            .collect();
        let e = check_scenario(&crowd).unwrap_err();
        assert!(e.en.starts_with("teams[1].clients: 17"), "{e:?}");
        let mut sneaky = Scenario::original();
        sneaky.teams[2].name = "Blue\u{202E}".into();
        let e = check_scenario(&sneaky).unwrap_err();
        assert!(
            e.en.starts_with("teams[2].name: no characters that change"),
            "{e:?}"
        );
        let mut fast = Scenario::original();
        fast.settings.speed_percent = 5000;
        assert!(check_scenario(&fast).unwrap_err().en.starts_with("speed:"));
    }

    #[test]
    fn names_people_cannot_read_are_refused() {
        assert_eq!(name_problem("Ada"), None);
        assert_eq!(name_problem("Zoë ❤"), None);
        assert_eq!(name_problem("محمد"), None);
        for bad in [
            "Ada\u{2028}Bob",
            "Ada\u{2029}",
            "Eve\u{202E}gnp.exe",
            "\u{2066}Eve",
            "\u{200B}\u{200B}",
            "\u{200D}\u{FEFF}\u{2060}",
            "\u{3164}",
            "a\u{7}b",
            "   ",
        ] {
            assert!(name_problem(bad).is_some(), "{bad:?}");
        }
        assert!(name_problem(&"x".repeat(MAX_NAME_CHARS + 1)).is_some());
    }
}
