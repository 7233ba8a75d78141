use super::*;
use crate::fault::{Fault, FaultKind, FaultTarget};
use alloc::format;
use alloc::string::ToString;
use alloc::vec;
use proptest::prelude::*;

/// The smallest file that makes a game: everything else defaults.
const MINIMAL: &str = "name = \"Friday\"\n\
                       [[teams]]\n\
                       name = \"Red\"\n\
                       lan = \"10.0.1.0/24\"\n\
                       clients = [\"Alice\"]\n";

/// Two linked teams, to which tests append lines.
const TWO_TEAMS: &str = r#"name = "Two"
goals = ["handshake", "across_lans"]

[[teams]]
name = "Red"
lan = "10.0.1.0/24"
clients = ["Alice", "Bob"]

[[teams]]
name = "Blue"
lan = "10.0.2.0/24"
clients = ["Carol"]

[backbone]
prefix = "192.168.0.0/24"
links = [["Red", "Blue"]]
"#;

fn errors(text: &str) -> Vec<ScenarioError> {
    match Scenario::from_toml(text) {
        Ok(s) => panic!("expected errors, parsed {s:?}"),
        Err(e) => e,
    }
}

/// The one error of `text`, which must name `field` on `line` and say `words`.
fn single_error(text: &str, line: usize, field: &str, words: &str) {
    let errs = errors(text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    let e = &errs[0];
    assert_eq!((e.line, e.field.as_str()), (Some(line), field), "{e}");
    assert!(e.message.contains(words), "{e}");
}

fn with_fault(lines: &str) -> String {
    format!("{TWO_TEAMS}\n[[faults]]\n{lines}\n")
}

#[test]
fn every_shipped_scenario_parses_and_validates() {
    let shipped = Scenario::shipped();
    assert_eq!(shipped.len(), 3);
    for (file, text) in shipped {
        let s = Scenario::from_toml(text).unwrap_or_else(|e| panic!("{file}: {e:?}"));
        assert!(s.validate().is_empty(), "{file}");
        assert!(!s.description.is_empty(), "{file}");
    }
}

/// Seed 000: three teams, LANs 10.0.x.0/24 behind routers on a separate network, all seven
/// rounds, first sequence numbers 0; round 4 needs a non-matching then a matching forged RST.
#[test]
fn the_original_game_follows_seed_000() {
    let s = Scenario::original();
    assert_eq!(s.teams.len(), 3);
    assert_eq!(s.goals, Goal::ALL.to_vec());
    assert_eq!(s.settings.isn, Isn::Zero);
    assert_eq!(s.settings.referee, Referee::Coach);
    for (i, t) in s.teams.iter().enumerate() {
        assert_eq!(t.lan.to_string(), format!("10.0.{}.0/24", i + 1));
        assert_eq!(t.clients.len(), 2);
        assert_eq!(t.server_ports, vec![TELNET_PORT]);
        assert!(
            t.routes.is_empty(),
            "round 6: the router players write the routes"
        );
        let forged: Vec<(bool, Duration)> = s
            .faults
            .iter()
            .filter(|f| f.fault.target == FaultTarget::Team(i))
            .filter_map(|f| match f.fault.kind {
                FaultKind::ForgedRst { matching } => Some((matching, f.at)),
                _ => None,
            })
            .collect();
        assert_eq!(forged.len(), 2);
        assert!(!forged[0].0 && forged[1].0 && forged[0].1 < forged[1].1);
    }
    let backbone = s
        .backbone
        .as_ref()
        .expect("routers linked on a separate network");
    assert!(
        s.teams
            .iter()
            .all(|t| !t.lan.contains(backbone.prefix.network()))
    );
}

#[test]
fn the_chain_reaches_blue_only_via_green() {
    let (_, text) = Scenario::shipped()[1];
    let s = Scenario::from_toml(text).unwrap();
    let red = &s.teams[0];
    assert!(red.routes.iter().all(|r| r.via == "Green"));
    let b = s.backbone.as_ref().unwrap();
    assert!(b.linked("Red", "Green") && b.linked("Blue", "Green"));
    assert!(!b.linked("Red", "Blue"));
    assert_eq!(s.settings.isn, Isn::Random);
}

#[test]
fn the_lossy_game_loses_cards() {
    let (_, text) = Scenario::shipped()[2];
    let s = Scenario::from_toml(text).unwrap();
    assert!(s.settings.loss_percent > 0);
    assert!(s.faults.iter().any(|f| f.fault.kind == FaultKind::Drop));
    assert_eq!(s.goals, vec![Goal::Handshake, Goal::Data, Goal::Goodbye]);
}

/// The defaults the format documents; MSL 5 s because RFC 9293 §3.4.2's 2 minutes would
/// make TIME-WAIT last 4 minutes.
#[test]
fn omitted_settings_take_the_documented_defaults_rfc_9293_section_3_4_2() {
    let s = Scenario::from_toml(MINIMAL).unwrap();
    let st = &s.settings;
    assert_eq!((st.isn, st.referee), (Isn::Zero, Referee::Coach));
    assert_eq!((st.speed_percent, st.seed, st.loss_percent), (100, 1, 0));
    assert_eq!(st.msl, Duration::from_secs(5));
    assert_eq!(st.link_delay, Duration::from_millis(1500));
    assert_eq!(st.think_time, Duration::from_secs(2));
    // All seven rounds but across_lans, which needs a backbone to other LANs.
    let without_round_6: Vec<Goal> = Goal::ALL.into_iter().filter(|g| g.number() != 6).collect();
    assert_eq!(s.goals, without_round_6);
    assert_eq!(s.teams[0].server_ports, vec![23]);
    assert_eq!(s.backbone, None);
    assert!(s.faults.is_empty());
}

#[test]
fn settings_are_read_with_fractional_seconds() {
    let text = format!(
        "{MINIMAL}[settings]\nisn = \"Random\"\nreferee = \"real\"\nspeed = 250\nmsl = 0.5\n\
         seed = 99\nlink_delay = 1.25\nthink_time = 3\nloss = 10\n"
    );
    // A [settings] table after [[teams]] is still the top-level table.
    let s = Scenario::from_toml(&text).unwrap();
    let st = &s.settings;
    assert_eq!((st.isn, st.referee), (Isn::Random, Referee::Real));
    assert_eq!((st.speed_percent, st.seed, st.loss_percent), (250, 99, 10));
    assert_eq!(st.msl, Duration::from_millis(500));
    assert_eq!(st.link_delay, Duration::from_micros(1_250_000));
    assert_eq!(st.think_time, Duration::from_secs(3));
}

#[test]
fn bad_durations_are_reported_not_wrapped() {
    for (value, words) in [
        ("-1", "is not a duration"),
        ("nan", "is not a duration"),
        ("-inf", "is not a duration"),
        ("inf", "far too long"),
        ("1e300", "far too long"),
    ] {
        let text = format!("{MINIMAL}[settings]\nlink_delay = {value}\n");
        single_error(&text, 7, "settings.link_delay", words);
    }
}

#[test]
fn settings_out_of_range_name_the_range() {
    let cases = [
        ("loss = 95", "settings.loss", "from 0 to 90%"),
        ("loss = 300", "settings.loss", "out of range"),
        ("speed = 5", "settings.speed", "from 10%"),
        ("speed = -5", "settings.speed", "out of range"),
        ("msl = 0", "settings.msl", "more than 0"),
        ("msl = 601", "settings.msl", "at most 600.000s"),
        ("seed = -1", "settings.seed", "out of range"),
        ("link_delay = 61", "settings.link_delay", "at most"),
        ("think_time = 601", "settings.think_time", "at most"),
        ("isn = \"secret\"", "settings.isn", "\"zero\""),
        ("referee = \"strict\"", "settings.referee", "\"coach\""),
    ];
    for (line, field, words) in cases {
        single_error(&format!("{MINIMAL}[settings]\n{line}\n"), 7, field, words);
    }
}

#[test]
fn syntax_errors_carry_their_line_and_the_key() {
    let text = "name = \"x\"\n[[teams]]\nname = \"Red\"\nlan = 10.0.1.0/24\n";
    single_error(text, 4, "lan", "text must be in quotes");
    single_error("name = \"x\"\n[[teams]\n", 2, "file", "not valid TOML");
}

#[test]
fn unknown_keys_are_rejected_by_name() {
    single_error(
        &format!("{MINIMAL}colour = \"red\"\n"),
        6,
        "teams.colour",
        "unknown key `colour`",
    );
    single_error(
        &format!("{MINIMAL}[settings]\nspeeed = 3\n"),
        7,
        "settings.speeed",
        "`speed`",
    );
    single_error(
        &format!("teems = 1\n{MINIMAL}"),
        1,
        "teems",
        "unknown key `teems`",
    );
}

#[test]
fn wrong_types_are_explained_in_words() {
    single_error(
        &format!("{MINIMAL}[settings]\nloss = 2.5\n"),
        7,
        "settings.loss",
        "a whole number",
    );
}

#[test]
fn required_keys_are_asked_for() {
    single_error(
        "[[teams]]\nname = \"Red\"\nlan = \"10.0.1.0/24\"\nclients = [\"A\"]\n",
        1,
        "name",
        "needs a name",
    );
    single_error(
        "name = \"x\"\n[[teams]]\nname = \"Red\"\nclients = [\"A\"]\n",
        2,
        "teams[0].lan",
        "needs a lan",
    );
    single_error(
        "name = \"x\"\n[[teams]]\nlan = \"10.0.1.0/24\"\nclients = [\"A\"]\n",
        2,
        "teams[0].name",
        "needs a name",
    );
    let errs = errors("name = \"x\"\n");
    assert_eq!(errs[0].field, "teams");
    assert!(errs[0].message.contains("at least one team"));
}

/// Seed 003: networks are told apart by address AND netmask, so two LANs must not overlap.
#[test]
fn overlapping_lans_are_rejected_seed_003() {
    let text = TWO_TEAMS.replace("10.0.2.0/24", "10.0.0.0/16");
    single_error(
        &text,
        11,
        "teams[1].lan",
        "10.0.0.0/16 overlaps 10.0.1.0/24 of team Red",
    );
    let text = TWO_TEAMS.replace("192.168.0.0/24", "10.0.2.0/25");
    let errs = errors(&text);
    assert!(
        errs.iter()
            .any(|e| e.field == "teams[1].lan" && e.message.contains("backbone"))
    );
}

#[test]
fn prefixes_must_be_well_formed_and_sized() {
    single_error(
        &TWO_TEAMS.replace("10.0.2.0/24", "10.0.2.0"),
        11,
        "teams[1].lan",
        "address/length",
    );
    single_error(
        &TWO_TEAMS.replace("10.0.2.0/24", "10.0.2.0/33"),
        11,
        "teams[1].lan",
        "0 to 32",
    );
    single_error(
        &TWO_TEAMS.replace("10.0.2.0/24", "10.0.2.0/31"),
        11,
        "teams[1].lan",
        "/8 to /30",
    );
    single_error(
        &TWO_TEAMS.replace("10.0.2.0/24", "10.0.0.0/7"),
        11,
        "teams[1].lan",
        "/8 to /30",
    );
    // Router, server and two clients do not fit in the two hosts of a /30.
    single_error(
        &TWO_TEAMS.replace("10.0.1.0/24", "10.0.1.0/30"),
        6,
        "teams[0].lan",
        "room for 2 hosts",
    );
    single_error(
        &TWO_TEAMS.replace("192.168.0.0/24", "192.168.0"),
        15,
        "backbone.prefix",
        "address/length",
    );
}

#[test]
fn routes_must_go_via_a_linked_neighbour() {
    let route = |via: &str| {
        TWO_TEAMS.replace(
            "clients = [\"Carol\"]",
            &format!(
                "clients = [\"Carol\"]\nroutes = [{{ prefix = \"10.0.1.0/24\", via = \"{via}\" }}]"
            ),
        )
    };
    assert!(Scenario::from_toml(&route("Red")).is_ok());
    single_error(
        &route("Purple"),
        13,
        "teams[1].routes[0].via",
        "no team called \"Purple\"; the teams are Red, Blue",
    );
    single_error(
        &route("Blue"),
        13,
        "teams[1].routes[0].via",
        "cannot route via itself",
    );
    let unlinked = route("Red").replace("links = [[\"Red\", \"Blue\"]]", "links = []");
    single_error(&unlinked, 13, "teams[1].routes[0].via", "not linked");
}

#[test]
fn a_backbone_is_required_by_across_lans_routes_and_link_faults() {
    let no_backbone = TWO_TEAMS.split("[backbone]").next().unwrap_or_default();
    let errs = errors(no_backbone);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!((errs[0].line, errs[0].field.as_str()), (None, "backbone"));
    assert!(errs[0].message.contains("the goal across_lans"));
    let just_handshake = no_backbone.replace(", \"across_lans\"", "");
    assert!(Scenario::from_toml(&just_handshake).is_ok());
    let alone = MINIMAL.replace("[[teams]]", "goals = [\"across_lans\"]\n[[teams]]");
    let errs = errors(&alone);
    assert!(
        errs.iter()
            .any(|e| e.field == "goals" && e.message.contains("at least two teams"))
    );
}

#[test]
fn links_name_two_different_existing_teams_once() {
    let links =
        |l: &str| TWO_TEAMS.replace("links = [[\"Red\", \"Blue\"]]", &format!("links = {l}"));
    single_error(
        &links("[[\"Red\", \"Pink\"]]"),
        16,
        "backbone.links[0]",
        "no team called \"Pink\"",
    );
    single_error(
        &links("[[\"Red\", \"Red\"]]"),
        16,
        "backbone.links[0]",
        "linked to itself",
    );
    single_error(
        &links("[[\"Red\", \"Blue\"], [\"Blue\", \"Red\"]]"),
        16,
        "backbone.links[1]",
        "linked twice",
    );
    single_error(
        &links("[[\"Red\"]]"),
        16,
        "backbone.links[0]",
        "exactly two teams",
    );
}

#[test]
fn team_and_client_names_are_checked() {
    let two_reds = TWO_TEAMS
        .replace("name = \"Blue\"", "name = \"red\"")
        .replace("\"Blue\"]]", "\"red\"]]");
    single_error(&two_reds, 10, "teams[1].name", "two teams are called");
    single_error(
        &TWO_TEAMS.replace("\"Carol\"", "\"  \""),
        12,
        "teams[1].clients[0]",
        "empty",
    );
    let long = "x".repeat(41);
    single_error(
        &TWO_TEAMS.replace("\"Carol\"", &format!("\"{long}\"")),
        12,
        "teams[1].clients[0]",
        "longer than 40",
    );
    single_error(
        &TWO_TEAMS.replace("\"Carol\"", "\"Carol\", \"carol\""),
        12,
        "teams[1].clients[1]",
        "two clients",
    );
    single_error(
        &TWO_TEAMS.replace("clients = [\"Carol\"]", "clients = []"),
        9,
        "teams[1].clients",
        "at least one client",
    );
    let many: Vec<String> = (0..201).map(|i| format!("\"c{i}\"")).collect();
    let text = TWO_TEAMS
        .replace("10.0.2.0/24", "10.0.4.0/22")
        .replace("\"Carol\"", &many.join(", "));
    single_error(&text, 12, "teams[1].clients", "at most 200 clients");
}

#[test]
fn server_ports_are_real_ports() {
    let ports = |p: &str| MINIMAL.replace("clients", &format!("server_ports = {p}\nclients"));
    assert_eq!(
        Scenario::from_toml(&ports("[23, 80]")).unwrap().teams[0].server_ports,
        vec![23, 80]
    );
    single_error(
        &ports("[70000]"),
        5,
        "teams[0].server_ports",
        "ports go from 1 to 65535",
    );
    single_error(&ports("[0]"), 5, "teams[0].server_ports", "port 0");
    single_error(
        &ports("[23, 23]"),
        5,
        "teams[0].server_ports",
        "listed twice",
    );
    single_error(
        &ports("[]"),
        5,
        "teams[0].server_ports",
        "at least one port",
    );
}

#[test]
fn goals_are_known_listed_once_and_not_empty() {
    single_error(
        &TWO_TEAMS.replace("\"handshake\"", "\"lunch\""),
        2,
        "goals[0]",
        "no goal \"lunch\"",
    );
    single_error(
        &TWO_TEAMS.replace("\"handshake\"", "\"across_lans\""),
        2,
        "goals[1]",
        "listed twice",
    );
    single_error(
        &TWO_TEAMS.replace("[\"handshake\", \"across_lans\"]", "[]"),
        2,
        "goals",
        "at least one goal",
    );
}

#[test]
fn every_fault_kind_and_target_is_read() {
    let cases: [(&str, FaultKind, FaultTarget); 9] = [
        (
            "kind = \"forged_rst\"\nteam = \"Red\"",
            FaultKind::ForgedRst { matching: false },
            FaultTarget::Team(0),
        ),
        (
            "kind = \"forged_rst\"\nmatching = true\nteam = \"Red\"\nclient = \"Bob\"",
            FaultKind::ForgedRst { matching: true },
            FaultTarget::Connection { team: 0, client: 1 },
        ),
        (
            "kind = \"icmp_unreachable\"\ncode = 3\nteam = \"Blue\"",
            FaultKind::IcmpUnreachable { code: 3 },
            FaultTarget::Team(1),
        ),
        (
            "kind = \"icmp_unreachable\"\nteam = \"Blue\"",
            FaultKind::IcmpUnreachable { code: 1 },
            FaultTarget::Team(1),
        ),
        (
            "kind = \"delay\"\nseconds = 2.5\nlink = [\"Blue\", \"Red\"]",
            FaultKind::Delay {
                by: Duration::from_millis(2500),
            },
            FaultTarget::Link {
                team_a: 1,
                team_b: 0,
            },
        ),
        (
            "kind = \"Drop\"\nteam = \"Red\"",
            FaultKind::Drop,
            FaultTarget::Team(0),
        ),
        (
            "kind = \"duplicate\"\nteam = \"Red\"",
            FaultKind::Duplicate,
            FaultTarget::Team(0),
        ),
        (
            "kind = \"reorder\"\nlink = [\"Red\", \"Blue\"]",
            FaultKind::Reorder,
            FaultTarget::Link {
                team_a: 0,
                team_b: 1,
            },
        ),
        (
            "kind = \"server-port-closed\"\nteam = \"Blue\"",
            FaultKind::ServerPortClosed,
            FaultTarget::Team(1),
        ),
    ];
    for (lines, kind, target) in cases {
        let s = Scenario::from_toml(&with_fault(&format!("at = 40\n{lines}")))
            .unwrap_or_else(|e| panic!("{lines}: {e:?}"));
        assert_eq!(
            s.faults,
            vec![ScriptedFault {
                at: Duration::from_secs(40),
                fault: Fault { kind, target }
            }]
        );
    }
    let routed = TWO_TEAMS.replace(
        "clients = [\"Carol\"]",
        "clients = [\"Carol\"]\nroutes = [{ prefix = \"10.0.1.0/24\", via = \"Red\" }]",
    );
    let text = format!(
        "{routed}\n[[faults]]\nat = 1\nkind = \"route_removed\"\nprefix = \"10.0.1.0/24\"\nteam = \"Blue\"\n"
    );
    let s = Scenario::from_toml(&text).unwrap();
    assert_eq!(
        s.faults[0].fault.kind,
        FaultKind::RouteRemoved {
            prefix: "10.0.1.0/24".parse().unwrap()
        }
    );
}

#[test]
fn faults_must_hit_something_that_exists() {
    // TWO_TEAMS is 16 lines, then a blank line, `[[faults]]` on 18 and the fault keys from 19.
    single_error(
        &with_fault("at = 1\nkind = \"drop\"\nteam = \"Pink\""),
        21,
        "faults[0].team",
        "no team called \"Pink\"",
    );
    single_error(
        &with_fault("at = 1\nkind = \"drop\"\nteam = \"Red\"\nclient = \"Zoe\""),
        22,
        "faults[0].client",
        "its clients are Alice, Bob",
    );
    single_error(
        &with_fault("at = 1\nkind = \"drop\"\nclient = \"Alice\""),
        18,
        "faults[0].team",
        "say whom the fault hits",
    );
    single_error(
        &with_fault("at = 1\nkind = \"drop\"\nteam = \"Red\"\nlink = [\"Red\", \"Blue\"]"),
        22,
        "faults[0].link",
        "not both",
    );
    single_error(
        &with_fault("at = 1\nkind = \"drop\"\nlink = [\"Red\", \"Red\"]"),
        21,
        "faults[0].link",
        "not linked",
    );
    single_error(
        &with_fault("at = 1\nkind = \"drop\"\nlink = [\"Red\"]"),
        21,
        "faults[0].link",
        "exactly two teams",
    );
    single_error(
        &with_fault("at = 1\nkind = \"drop\"\nlink = [\"Red\", \"Blue\"]\nclient = \"Alice\""),
        22,
        "faults[0].client",
        "remove client",
    );
}

#[test]
fn fault_parameters_are_checked() {
    single_error(
        &with_fault("at = 90000\nkind = \"drop\"\nteam = \"Red\""),
        19,
        "faults[0].at",
        "within 24 hours",
    );
    single_error(
        &with_fault("at = -3\nkind = \"drop\"\nteam = \"Red\""),
        19,
        "faults[0].at",
        "not a duration",
    );
    single_error(
        &with_fault("kind = \"drop\"\nteam = \"Red\""),
        18,
        "faults[0].at",
        "a fault needs at",
    );
    single_error(
        &with_fault("at = 1\nteam = \"Red\""),
        18,
        "faults[0].kind",
        "the kinds are",
    );
    single_error(
        &with_fault("at = 1\nkind = \"meteor\"\nteam = \"Red\""),
        20,
        "faults[0].kind",
        "no fault kind \"meteor\"",
    );
    single_error(
        &with_fault("at = 1\nkind = \"drop\"\ncode = 3\nteam = \"Red\""),
        21,
        "faults[0].code",
        "a drop fault has no code",
    );
    single_error(
        &with_fault("at = 1\nkind = \"icmp_unreachable\"\ncode = 16\nteam = \"Red\""),
        21,
        "faults[0].code",
        "from 0 to 15",
    );
    single_error(
        &with_fault("at = 1\nkind = \"icmp_unreachable\"\ncode = 256\nteam = \"Red\""),
        21,
        "faults[0].code",
        "out of range",
    );
    single_error(
        &with_fault("at = 1\nkind = \"delay\"\nseconds = 0\nteam = \"Red\""),
        21,
        "faults[0].seconds",
        "more than 0",
    );
    single_error(
        &with_fault("at = 1\nkind = \"server_port_closed\"\nteam = \"Red\"\nclient = \"Bob\""),
        22,
        "faults[0].client",
        "whole team",
    );
    single_error(
        &with_fault("at = 1\nkind = \"forged_rst\"\nlink = [\"Red\", \"Blue\"]"),
        21,
        "faults[0].link",
        "cannot be aimed at a link",
    );
    single_error(
        &with_fault("at = 1\nkind = \"route_removed\"\nteam = \"Red\""),
        20,
        "faults[0].prefix",
        "needs the prefix",
    );
    single_error(
        &with_fault("at = 1\nkind = \"route_removed\"\nprefix = \"10.0.9.0/24\"\nteam = \"Red\""),
        21,
        "faults[0].prefix",
        "no preset route to 10.0.9.0/24",
    );
}

#[test]
fn every_problem_is_reported_in_file_order() {
    let text = TWO_TEAMS
        .replace("10.0.2.0/24", "10.0.1.0/24")
        .replace("\"handshake\"", "\"lunch\"")
        .replace(
            "links = [[\"Red\", \"Blue\"]]",
            "links = [[\"Red\", \"Red\"]]",
        );
    let errs = errors(&text);
    let found: Vec<(Option<usize>, &str)> =
        errs.iter().map(|e| (e.line, e.field.as_str())).collect();
    assert_eq!(
        found,
        vec![
            (Some(2), "goals[0]"),
            (Some(11), "teams[1].lan"),
            (Some(16), "backbone.links[0]")
        ]
    );
    assert_eq!(
        errs[1].to_string(),
        format!("line 11, teams[1].lan: {}", errs[1].message)
    );
}

/// A value that could not be read is reported once, not again by the validation.
#[test]
fn a_broken_value_is_not_reported_twice() {
    let text = TWO_TEAMS.replace("10.0.1.0/24", "ten.zero/24");
    single_error(&text, 6, "teams[0].lan", "not an IPv4 address");
}

/// Seed 000: the router/switch is .254, the telnet server .1, the clients after it.
#[test]
fn addresses_follow_the_seed_000_convention() {
    let s = Scenario::from_toml(TWO_TEAMS).unwrap();
    let red = &s.teams[0];
    assert_eq!(red.router_addr(), Ipv4Addr::new(10, 0, 1, 254));
    assert_eq!(red.server_addr(), Ipv4Addr::new(10, 0, 1, 1));
    assert_eq!(red.client_addr(1), Some(Ipv4Addr::new(10, 0, 1, 3)));
    assert_eq!(red.client_addr(2), None);
    let b = s.backbone.as_ref().unwrap();
    assert_eq!(b.router_addr(1), Some(Ipv4Addr::new(192, 168, 0, 2)));
    assert_eq!(b.router_addr(254), None);
    assert_eq!(s.team_index("Blue"), Some(1));
}

#[test]
fn the_fallback_game_is_playable() {
    assert!(Scenario::fallback().validate().is_empty());
}

proptest! {
    /// Files come from instructors and uploads: no text may make the reader panic.
    #[test]
    fn any_text_is_answered_without_panicking(text in "\\PC{0,200}") {
        let _ = Scenario::from_toml(&text);
    }

    /// Damaged copies of a real file (a byte cut out, a line dropped) fail with errors that
    /// carry lines inside the file, or still parse.
    #[test]
    fn damaged_files_report_lines_inside_the_file(cut in 0usize..2000, drop_line in 0usize..80) {
        let original = Scenario::shipped()[0].1;
        let mut text: String = original.lines().enumerate()
            .filter(|(i, _)| *i != drop_line).map(|(_, l)| format!("{l}\n")).collect();
        if cut < text.len() && text.is_char_boundary(cut) && text.is_char_boundary(cut + 1) {
            text.remove(cut);
        }
        let lines = text.lines().count() + 1;
        if let Err(errs) = Scenario::from_toml(&text) {
            prop_assert!(!errs.is_empty());
            for e in errs {
                prop_assert!(e.line.is_none_or(|l| l >= 1 && l <= lines), "{}", e);
                prop_assert!(!e.message.is_empty());
            }
        }
    }
}
