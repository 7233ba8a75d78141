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

/// The problems of `text`, each checked to have its Italian twin: so every test here that
/// reads a broken file (hundreds of them) also fails on a new message written without one.
fn errors(text: &str) -> Vec<ScenarioError> {
    match Scenario::from_toml(text) {
        Ok(s) => panic!("expected errors, parsed {s:?}"),
        Err(e) => in_italian_too(e),
    }
}

/// `errors`, after checking that each one has an Italian twin with the same numbers, and
/// that the line reads "riga N, field: …" in Italian.
pub(super) fn in_italian_too(errors: Vec<ScenarioError>) -> Vec<ScenarioError> {
    for e in &errors {
        let message = crate::text::Text {
            en: e.message.clone(),
            it: e.it.clone(),
        };
        assert!(
            crate::text::twin_with_same_numbers(&message),
            "no Italian twin (or other numbers in it) for: {e}\n{:?}",
            e.it
        );
        let said = e.text();
        assert_eq!(said.en, e.to_string(), "the English line is the Display");
        let it = said.it.unwrap_or_default();
        assert!(it.contains(&format!("{}: ", e.field)), "{it}");
        assert_eq!(e.line.is_some(), it.starts_with("riga "), "{it}");
    }
    errors
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
    assert_eq!(shipped.len(), 7);
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
        // The message quotes the number as the person wrote it.
        single_error(&text, 7, "settings.link_delay", &format!("{value} "));
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
    single_error(
        "name = \"x\"\n[[teams]\n",
        2,
        "file",
        "not valid TOML: the header `[[teams` needs `]]` after its name",
    );
    single_error(
        "name = \"x\"\nname = \"y\"\n",
        2,
        "name",
        "the key `name` is written twice in this table",
    );
}

/// Every table rejects keys it does not know, names the table and lists the keys it takes.
#[test]
fn unknown_keys_are_rejected_by_name_in_every_table() {
    let route = TWO_TEAMS.replace(
        "clients = [\"Carol\"]",
        "clients = [\"Carol\"]\nroutes = [{ prefix = \"10.0.1.0/24\", via = \"Red\", metric = 1 }]",
    );
    let cases = [
        (
            format!("teems = 1\n{MINIMAL}"),
            1,
            "teems",
            "unknown key `teems` at the top level of the file (did you mean `teams`?); \
             the keys allowed there are `name`, `description`, `settings`, `teams`, \
             `backbone`, `goals`, `faults`, `dns`, `balancer`",
        ),
        (
            format!("{MINIMAL}[settings]\nspeeed = 3\n"),
            7,
            "settings.speeed",
            "unknown key `speeed` in [settings] (did you mean `speed`?); the keys allowed \
             there are `isn`, `referee`, `speed`, `msl`, `seed`, `link_delay`, `think_time`, \
             `loss`, `bots_wait`, `nodelay`",
        ),
        (
            format!("{MINIMAL}colour = \"red\"\n"),
            6,
            "teams[0].colour",
            "unknown key `colour` in a team; the keys allowed there are `name`, `lan`, \
             `clients`, `server_ports`, `routes`",
        ),
        (
            route,
            13,
            "teams[1].routes[0].metric",
            "unknown key `metric` in a route; the keys allowed there are `prefix`, `via`",
        ),
        (
            format!("{TWO_TEAMS}link = [\"Red\", \"Blue\"]\n"),
            17,
            "backbone.link",
            "unknown key `link` in [backbone] (did you mean `links`?); the keys allowed there \
             are `prefix`, `links`",
        ),
        (
            with_fault("at = 1\nkind = \"drop\"\nteam = \"Red\"\nWhen = 3"),
            22,
            "faults[0].When",
            "unknown key `When` in a fault; the keys allowed there are `at`, `kind`, `team`, \
             `client`, `link`, `matching`, `code`, `seconds`, `prefix`",
        ),
    ];
    for (text, line, field, message) in cases {
        single_error(&text, line, field, message);
        assert_eq!(errors(&text)[0].message, message);
    }
}

/// TOML puts every key under the last [table] header above it, so a top-level key written
/// at the end of the file lands in the last team or fault: the message says where it goes.
#[test]
fn a_top_level_key_under_a_table_is_sent_back_to_the_top() {
    single_error(
        &format!("{MINIMAL}goals = [\"handshake\"]\n"),
        6,
        "teams[0].goals",
        "unknown key `goals` in a team (`goals` belongs at the top level: move it above the \
         first [table] header); the keys allowed there are",
    );
    single_error(
        &format!("{MINIMAL}[settings]\nname = \"x\"\n"),
        7,
        "settings.name",
        "unknown key `name` in [settings] (`name` belongs at the top level",
    );
}

/// A mistyped key is one letter added, missing, changed or swapped: the guess names it.
#[test]
fn a_mistyped_key_gets_a_guess_and_a_foreign_one_does_not() {
    for (key, guess) in [
        ("nme", "name"),
        ("namme", "name"),
        ("nome", "name"),
        ("anme", "name"),
        ("Goals", "goals"),
    ] {
        let errs = errors(&format!("{key} = 1\n{MINIMAL}"));
        assert!(
            errs[0]
                .message
                .contains(&format!("(did you mean `{guess}`?)")),
            "{key}: {}",
            errs[0]
        );
    }
    let errs = errors(&format!("colore = 1\n{MINIMAL}"));
    assert!(!errs[0].message.contains("did you mean"), "{}", errs[0]);
}

/// A value of the wrong type says what it must be and shows what was written.
#[test]
fn wrong_types_are_explained_in_words() {
    let cases = [
        // A whole number.
        (
            format!("{MINIMAL}[settings]\nloss = 2.5\n"),
            7,
            "settings.loss",
            "must be a whole number, but it is 2.5",
        ),
        (
            format!("{MINIMAL}[settings]\nspeed = \"fast\"\n"),
            7,
            "settings.speed",
            "must be a whole number, but it is text: \"fast\"",
        ),
        // A number of seconds, where a whole number is fine.
        (
            format!("{MINIMAL}[settings]\nmsl = \"5s\"\n"),
            7,
            "settings.msl",
            "must be a number, but it is text: \"5s\"",
        ),
        (
            with_fault("at = 1979-05-27\nkind = \"drop\"\nteam = \"Red\""),
            19,
            "faults[0].at",
            "must be a number, but it is 1979-05-27",
        ),
        // Text.
        (
            "name = 3\n[[teams]]\nname = \"Red\"\nlan = \"10.0.1.0/24\"\nclients = [\"A\"]\n"
                .to_string(),
            1,
            "name",
            "must be text in quotes, but it is 3",
        ),
        (
            format!("{MINIMAL}[settings]\nisn = false\n"),
            7,
            "settings.isn",
            "must be text in quotes, but it is false",
        ),
        // True or false.
        (
            with_fault("at = 1\nkind = \"forged_rst\"\nmatching = \"yes\"\nteam = \"Red\""),
            21,
            "faults[0].matching",
            "must be true or false (without quotes), but it is text: \"yes\"",
        ),
        // Lists, and the items in them.
        (
            MINIMAL.replace("[\"Alice\"]", "\"Alice\""),
            5,
            "teams[0].clients",
            "must be a list of names in [ ], e.g. [\"Alice\", \"Bob\"], but it is text: \"Alice\"",
        ),
        (
            MINIMAL.replace("[\"Alice\"]", "[\"Alice\", 7]"),
            5,
            "teams[0].clients[1]",
            "must be text in quotes, but it is 7",
        ),
        (
            MINIMAL.replace("clients", "server_ports = 23\nclients"),
            5,
            "teams[0].server_ports",
            "must be a list of ports in [ ], e.g. [23], but it is 23",
        ),
        (
            TWO_TEAMS.replace("[\"handshake\", \"across_lans\"]", "\"handshake\""),
            2,
            "goals",
            "must be a list of goals in [ ], e.g. [\"handshake\", \"data\"], but it is text: \
             \"handshake\"",
        ),
        (
            TWO_TEAMS.replace(
                "[[\"Red\", \"Blue\"]]",
                "[[\"Red\", \"Blue\"], \"Red-Blue\"]",
            ),
            16,
            "backbone.links[1]",
            "must be two team names in [ ], e.g. [\"Red\", \"Blue\"], but it is text: \"Red-Blue\"",
        ),
        (
            with_fault("at = 1\nkind = \"drop\"\nlink = \"Red-Blue\""),
            21,
            "faults[0].link",
            "must be two team names in [ ], e.g. [\"Red\", \"Blue\"], but it is text: \
             \"Red-Blue\"",
        ),
        // Tables.
        (
            format!("settings = \"fast\"\n{MINIMAL}"),
            1,
            "settings",
            "must be one table: write [settings] (one bracket) above its keys, but it is text: \
             \"fast\"",
        ),
        (
            TWO_TEAMS.replace(
                "clients = [\"Carol\"]",
                "clients = [\"Carol\"]\nroutes = [\"10.0.1.0/24 via Red\"]",
            ),
            13,
            "teams[1].routes[0]",
            "must be a table of keys in { }, but it is text: \"10.0.1.0/24 via Red\"",
        ),
    ];
    for (text, line, field, message) in cases {
        let errs = errors(&text);
        assert_eq!(errs.len(), 1, "{field}: {errs:?}");
        let e = &errs[0];
        assert_eq!((e.line, e.field.as_str()), (Some(line), field), "{e}");
        assert!(e.message.starts_with(message), "{e}\nexpected: {message}");
    }
}

/// `[x]` is one table, `[[x]]` one item of a list of tables; mixing them up is explained
/// with the brackets the instructor wrote.
#[test]
fn tables_and_lists_of_tables_are_told_apart() {
    single_error(
        &format!("{MINIMAL}[[settings]]\nspeed = 200\n"),
        6,
        "settings",
        "must be one table: write [settings] (one bracket) above its keys, but it is a list \
         of tables: [[settings]]",
    );
    single_error(
        &TWO_TEAMS.replace("[backbone]", "[[backbone]]"),
        14,
        "backbone",
        "must be one table: write [backbone] (one bracket) above its keys, but it is a list \
         of tables: [[backbone]]",
    );
    single_error(
        &MINIMAL.replace("[[teams]]", "[teams]"),
        2,
        "teams",
        "must be a list of teams: write [[teams]] (two brackets) above each team's keys, but \
         it is one table: [teams]",
    );
    single_error(
        "name = \"x\"\nteams = \"Red\"\n",
        2,
        "teams",
        "must be a list of teams: write [[teams]] (two brackets) above each team's keys, but \
         it is text: \"Red\"",
    );
    single_error(
        &format!("{MINIMAL}faults = {{ at = 1 }}\n"),
        6,
        "teams[0].faults",
        "unknown key `faults` in a team",
    );
    single_error(
        &format!("faults = {{ at = 1, kind = \"drop\", team = \"Red\" }}\n{MINIMAL}"),
        1,
        "faults",
        "must be a list of faults: write [[faults]] (two brackets) above each fault's keys, \
         but it is a table: { at = 1, kind = \"drop\", team = \"Red\" }",
    );
    single_error(
        "teams = [\"Red\"]\nname = \"x\"\n",
        1,
        "teams[0]",
        "must be a table of keys in { }, but it is text: \"Red\"",
    );
    // Both ways of writing a list of tables are read alike.
    let inline =
        "name = \"x\"\nteams = [{ name = \"Red\", lan = \"10.0.1.0/24\", clients = [\"A\"] }]\n";
    assert_eq!(
        Scenario::from_toml(inline).unwrap().teams,
        Scenario::from_toml(&MINIMAL.replace("Alice", "A"))
            .unwrap()
            .teams
    );
}

/// A value that cannot be read counts as absent, but is not then also "missing", and
/// nothing inside it or about it is reported again.
#[test]
fn a_value_of_the_wrong_type_is_reported_once() {
    // Not also "team Red needs a lan", nor the overlap of the placeholder LAN.
    single_error(
        &TWO_TEAMS.replace("lan = \"10.0.1.0/24\"", "lan = 10"),
        6,
        "teams[0].lan",
        "must be text in quotes, but it is 10",
    );
    // Not also "needs a name" or "needs a lan".
    single_error(
        "name = \"x\"\nteams = [3, { name = \"Red\", lan = \"10.0.1.0/24\", clients = [\"A\"] }]\n",
        2,
        "teams[0]",
        "must be a table of keys in { }, but it is 3",
    );
    // Not also "say whom the fault hits".
    single_error(
        &with_fault("at = 1\nkind = \"drop\"\nlink = 7"),
        21,
        "faults[0].link",
        "must be two team names",
    );
    // Not also "a route_removed fault needs the prefix".
    single_error(
        &with_fault("at = 1\nkind = \"route_removed\"\nprefix = 10\nteam = \"Red\""),
        21,
        "faults[0].prefix",
        "must be text in quotes",
    );
    // Not also "needs a backbone" for across_lans.
    single_error(
        &TWO_TEAMS.replace("[backbone]", "[[backbone]]"),
        14,
        "backbone",
        "list of tables",
    );
    // The placeholder for a bad port is not "port 0"; a later item keeps its index.
    let errs = errors(&MINIMAL.replace("clients", "server_ports = [\"telnet\", 70000]\nclients"));
    let found: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        found,
        vec!["teams[0].server_ports[0]", "teams[0].server_ports"]
    );
    assert!(
        errs[1].message.contains("70000 is not a port"),
        "{}",
        errs[1]
    );
}

/// Numbers toml reads but no setting can hold are refused with the number, not wrapped.
#[test]
fn numbers_too_large_for_any_setting_are_refused() {
    single_error(
        &format!("{MINIMAL}[settings]\nseed = 99999999999999999999\n"),
        7,
        "settings.seed",
        "99999999999999999999 is far too large",
    );
    single_error(
        &format!("{MINIMAL}[settings]\nmsl = 99999999999999999999\n"),
        7,
        "settings.msl",
        "far too large",
    );
    single_error(
        &format!("{MINIMAL}[settings]\nseed = 0x7fff_ffff_ffff_ffff_f\n"),
        7,
        "settings.seed",
        "far too large",
    );
    // Hexadecimal, octal, binary and underscores are whole numbers like any other.
    let s =
        Scenario::from_toml(&format!("{MINIMAL}[settings]\nseed = 0x1_0\nloss = 0o12\n")).unwrap();
    assert_eq!((s.settings.seed, s.settings.loss_percent), (16, 10));
}

/// Every problem of reading is reported at once, in file order, with the conversion's.
#[test]
fn reading_problems_come_together_in_file_order() {
    let text = format!(
        "nmae = \"x\"\n{}[settings]\nspeed = \"fast\"\nseed = 2.5\n",
        MINIMAL.replace("name = \"Friday\"\n", "")
    );
    let errs = errors(&text);
    let found: Vec<(Option<usize>, &str)> =
        errs.iter().map(|e| (e.line, e.field.as_str())).collect();
    assert_eq!(
        found,
        vec![
            (Some(1), "nmae"),
            (Some(1), "name"),
            (Some(7), "settings.speed"),
            (Some(8), "settings.seed"),
        ],
        "{errs:?}"
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
    let cases: [(&str, FaultKind, FaultTarget); 10] = [
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
            "kind = \"forged_icmp\"\ncode = 3\nteam = \"Red\"\nclient = \"Alice\"",
            FaultKind::ForgedIcmp { code: 3 },
            FaultTarget::Connection { team: 0, client: 0 },
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

    /// Real files with one value swapped for a value of any TOML type, and one key renamed:
    /// no panic, every error on a line of the file, and a value no key takes (a date, an
    /// inline table) always reported on its own line.
    #[test]
    fn retyped_values_and_renamed_keys_are_reported_on_their_line(
        file in 0usize..3,
        line in 0usize..120,
        value in prop::sample::select(vec![
            "\"x\"", "3", "-7", "2.5", "nan", "-inf", "true", "[]", "[1, \"a\"]",
            "[[\"Red\"]]", "99999999999999999999", "0xff", "{ a = 1 }", "1979-05-27",
        ]),
        renamed in 0usize..120,
    ) {
        let original = Scenario::shipped()[file].1;
        let mut lines: Vec<String> = original.lines().map(String::from).collect();
        // A `key = value` line whose value ends on it (not the `routes = [` of a long list).
        let key_line = |l: &String| {
            l.starts_with(|c: char| c.is_ascii_lowercase()) && l.contains(" = ") && !l.ends_with('[')
        };
        let retyped = lines.get(line).is_some_and(key_line);
        if let Some(l) = lines.get_mut(line).filter(|_| retyped) {
            let key = l.split(" = ").next().unwrap_or_default().to_string();
            *l = format!("{key} = {value}");
        }
        if let Some(l) = lines.get_mut(renamed).filter(|l| key_line(l) && renamed != line) {
            l.insert(0, 'x');
        }
        let text = lines.join("\n");
        let count = lines.len();
        let taken_by_no_key = retyped && matches!(value, "{ a = 1 }" | "1979-05-27");
        match Scenario::from_toml(&text) {
            Ok(_) => prop_assert!(!taken_by_no_key),
            Err(errs) => {
                prop_assert!(!errs.is_empty());
                for e in &errs {
                    prop_assert!(e.line.is_none_or(|l| l >= 1 && l <= count), "{}", e);
                    prop_assert!(!e.message.is_empty());
                    prop_assert!(e.it.as_ref().is_some_and(|it| !it.is_empty()), "{}", e);
                }
                if taken_by_no_key {
                    prop_assert!(errs.iter().any(|e| e.line == Some(line + 1)), "{errs:?}");
                }
            }
        }
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
                prop_assert!(e.it.as_ref().is_some_and(|it| !it.is_empty()), "{}", e);
            }
        }
    }
}

/// A team of `clients` clients named `c0`, `c1`, … on LAN 10.`i/256`.`i%256`.0/24.
fn team_text(i: usize, clients: &str) -> String {
    format!(
        "[[teams]]\nname = \"T{i}\"\nlan = \"10.{}.{}.0/24\"\nclients = [{clients}]\n",
        i / 256,
        i % 256
    )
}

/// Lists longer than a game can use are one problem each, found before their items are
/// read: a million repeated ports is one line, not a million.
#[test]
fn oversized_lists_are_refused_at_once() {
    let ports = vec!["23"; 1_000_000].join(", ");
    let text = MINIMAL.replace("clients", &format!("server_ports = [{ports}]\nclients"));
    single_error(&text, 5, "teams[0].server_ports", "at most 16 ports");

    let teams: String = (0..101).map(|i| team_text(i, "\"a\"")).collect();
    single_error(
        &format!("name = \"Big\"\n{teams}"),
        2,
        "teams",
        "at most 100 teams in a game, and this list has 101",
    );
    let faults = "[[faults]]\nat = 1\nkind = \"drop\"\nteam = \"Red\"\n".repeat(1001);
    single_error(
        &format!("{TWO_TEAMS}{faults}"),
        17,
        "faults",
        "at most 1000 faults",
    );
}

/// The same limits hold for a scenario built without a file (the instructor's editor).
#[test]
fn validate_refuses_oversized_scenarios() {
    let mut s = Scenario::from_toml(MINIMAL).unwrap();
    s.teams[0].server_ports = vec![23; 17];
    let errs = s.validate();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].message.contains("at most 16 ports"), "{errs:?}");
    s.teams[0].server_ports = vec![23];
    let team = s.teams[0].clone();
    s.teams = vec![team; 101];
    let errs = s.validate();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].field, "teams");
}

/// After 100 problems a reading only counts: the list ends with "N more problems", the
/// problems shown are in file order, and `problem_count` adds them up.
#[test]
fn errors_stop_after_a_hundred_with_the_count() {
    // 150 clients that are numbers: 150 reading problems.
    let numbers: Vec<String> = (0..150).map(|i| i.to_string()).collect();
    let text = MINIMAL.replace("[\"Alice\"]", &format!("[{}]", numbers.join(", ")));
    let errs = errors(&text);
    assert_eq!(errs.len(), 101);
    let last = errs.last().unwrap();
    assert_eq!(last.field, MORE_PROBLEMS);
    assert!(
        last.message.starts_with("50 more problems not shown"),
        "{last}"
    );
    assert!(last.message.contains("other checks run once"), "{last}");
    assert_eq!(problem_count(&errs), 150);
    assert_eq!(errs[0].field, "teams[0].clients[0]");
    assert_eq!(errs[99].field, "teams[0].clients[99]");

    // 60 teams on the same LAN: team i overlaps the i before it, 1770 validation problems.
    let teams: String = (0..60)
        .map(|i| team_text(0, "\"a\"").replace("T0", &format!("T{i}")))
        .collect();
    let errs = errors(&format!("name = \"Same\"\n{teams}"));
    assert_eq!(errs.len(), 101);
    assert_eq!(problem_count(&errs), 60 * 59 / 2);
    assert!(errs[..100].iter().all(|e| e.message.contains("overlaps")));
    assert!(
        errs[..100].windows(2).all(|w| w[0].line <= w[1].line),
        "file order"
    );
    assert!(!errs[100].message.contains("other checks"), "{}", errs[100]);
}

/// Line numbers are found by a binary search of the line starts: the last line of a long
/// file is still named exactly, and a file of many lines is read in one pass.
#[test]
fn lines_stay_exact_in_long_files() {
    let padding = "# a comment line\n".repeat(200_000);
    let text = format!("{padding}{MINIMAL}lan2 = 1\n");
    let errs = errors(&text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].line, Some(200_006));
    assert_eq!(errs[0].field, "teams[0].lan2");
}

/// A table has at most 1000 keys and a dotted key at most 64 parts (TOML itself has no
/// limit, but a scenario's tables have nine keys at most).
#[test]
fn document_limits_are_syntax_errors() {
    let keys: String = (0..1001).map(|i| format!("k{i} = 1\n")).collect();
    let errs = errors(&keys);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].line, Some(1001));
    assert!(errs[0].message.contains("at most 1000 keys"), "{errs:?}");
    let dotted = vec!["a"; 65].join(".");
    let errs = errors(&format!("{dotted} = 1\n"));
    assert!(
        errs[0].message.contains("at most 64 dotted parts"),
        "{errs:?}"
    );
}

/// RFC 1112 §4, RFC 1122 §3.2.1.3 and §4.2.3.10, RFC 1812 §5.3.7, RFC 919 §7: a LAN is a
/// network of unicast hosts, so multicast, reserved, loopback, "this network" and the
/// limited broadcast are refused, each with its reason, its RFC and its line.
#[test]
fn lans_must_be_unicast_host_networks() {
    for (lan, words, rfc) in [
        ("224.0.0.0/24", "multicast", "RFC 1122 §4.2.3.10"),
        ("239.1.2.0/24", "multicast", "RFC 1112 §4"),
        ("127.0.0.0/24", "loopback", "RFC 1122 §3.2.1.3"),
        ("0.0.0.0/24", "\"this network\"", "RFC 1122 §3.2.1.3"),
        ("240.0.0.0/24", "reserved for future use", "RFC 1112 §4"),
        ("255.255.255.0/24", "limited broadcast", "RFC 919 §7"),
    ] {
        let text = MINIMAL.replace("10.0.1.0/24", lan);
        let errs = errors(&text);
        assert_eq!(errs.len(), 1, "{lan}: {errs:?}");
        let e = &errs[0];
        assert_eq!((e.line, e.field.as_str()), (Some(4), "teams[0].lan"), "{e}");
        assert!(e.message.starts_with(lan), "{e}");
        assert!(e.message.contains(words) && e.message.contains(rfc), "{e}");
    }
    // Neighbours of the blocks are ordinary networks.
    for lan in [
        "1.0.0.0/24",
        "126.255.255.0/24",
        "128.0.0.0/24",
        "223.255.255.0/24",
    ] {
        assert!(
            Scenario::from_toml(&MINIMAL.replace("10.0.1.0/24", lan)).is_ok(),
            "{lan}"
        );
    }
    // The backbone too.
    let text = TWO_TEAMS.replace("192.168.0.0/24", "224.0.1.0/24");
    single_error(&text, 15, "backbone.prefix", "multicast");
}

/// Every problem a teacher can meet has its Italian twin: broken TOML of every kind the
/// reader refuses, a scenario built in code with what no file can hold, and a class that
/// cannot be sized. (Every other test of this file checks the problems it reads the same
/// way, through `errors`.)
#[test]
fn every_problem_has_its_italian_twin() {
    let deep = format!("x = {}", "[".repeat(200));
    let long_key = format!("{}x = 1", "a.".repeat(70));
    let many_keys: String = (0..1100).map(|k| format!("k{k} = 1\n")).collect();
    let broken = [
        "name = \"x\" y",
        "name",
        "[teams",
        "[[teams]",
        "[]",
        "name = ",
        "x = [1 2]",
        "x = {a = 1 b = 2}",
        "x = \"abc",
        "x = \"abc\ny\"",
        "x = 'abc\n'",
        "x = \"\"\"abc",
        "x = \"\\q\"",
        "x = \"\\u12\"",
        "x = \"a\u{1}b\"",
        "# a comment \u{1}",
        "x = 1\nx = 2",
        "[a]\n[a]",
        "[[a]]\n[a]",
        "a = 1\n[a]",
        "a.b = 1\n[a]",
        "a = 1\na.b = 2",
        "a = {b = 1}\n[a.c]",
        "a = 1\n[a.b]",
        "lan = 10.0.1.0/24",
        "x = \"\"\"a\"\"\"\"\"\"",
        &long_key,
        &deep,
        &many_keys,
    ];
    for text in broken {
        let errs = errors(text);
        assert!(
            errs.iter().all(|e| e.message.contains("not valid TOML")),
            "{errs:?}"
        );
    }
    for text in [
        "name = 5\nsettings = 1\nteams = 1\nbackbone = []\ngoals = 1\nfaults = {a = 1}\ndns = 1",
        "name = \"\"\n[settings]\nisn = \"x\"\nreferee = \"x\"\nspeed = -1\nloss = 300\n\
         seed = -1\nmsl = -1\nlink_delay = 1e10\nthink_time = 99999999999999999999\n\
         bots_wait = 1\nnodelay = \"no\"\nsped = 1",
        "name = \"x\"\n[[teams]]\nnam = \"R\"\nclients = [1]\nserver_ports = [0, 70000, 23, 23]\n\
         routes = [1, {via = \"R\"}, {prefix = \"10.0.9.0\"}]\n[[teams]]\nname = \"R\"\n\
         lan = \"127.0.0.0/24\"\nclients = [\"\", \"a\", \"A\"]\n[backbone]\nlinks = [[\"R\"], [\"X\", \"X\"]]",
        "name = \"x\"\ngoals = [\"nope\", \"handshake\", \"handshake\", \"named\"]\n\
         [[teams]]\nname = \"R\"\nlan = \"10.0.1.0/30\"\nclients = [\"a\", \"b\"]\n\
         [dns]\nzone = \"a..b\"\nttl = -1\nrecords = [[\"x\"], [\"www.game\", \"nope\"], \
         [\"a b\", \"10.0.1.1\"], [\"www.other\", \"10.0.1.1\"], [\"r.game\", \"10.0.1.1\"], \
         [\"r.game\", \"10.0.1.1\"], [\"q.game\", \"8.8.8.8\"]]",
    ] {
        assert!(errors(text).len() > 3);
    }
    // What only a scenario built in code (the teacher's editor, a test) can hold.
    let mut s = Scenario::from_toml(TWO_TEAMS).expect("valid");
    s.settings.seed = u64::MAX;
    s.settings.msl = Duration::ZERO;
    s.faults = vec![
        ScriptedFault {
            at: Duration::from_secs(100_000),
            fault: Fault {
                kind: FaultKind::Drop,
                target: FaultTarget::Team(9),
            },
        },
        ScriptedFault {
            at: Duration::ZERO,
            fault: Fault {
                kind: FaultKind::Drop,
                target: FaultTarget::Connection { team: 0, client: 9 },
            },
        },
        ScriptedFault {
            at: Duration::ZERO,
            fault: Fault {
                kind: FaultKind::Drop,
                target: FaultTarget::Link {
                    team_a: 0,
                    team_b: 0,
                },
            },
        },
    ];
    let problems = in_italian_too(s.validate());
    assert!(problems.len() >= 5, "{problems:?}");
    for refused in [
        ClassShape::propose_for(0).map(|_| ()),
        Scenario::class_sized(1, 1).map(|_| ()),
        Scenario::class_sized(2, 0).map(|_| ()),
    ] {
        in_italian_too(vec![refused.expect_err("refused")]);
    }
}

/// The whole list in Italian, one problem a line, as the teacher's page shows it.
#[test]
fn the_problems_are_listed_in_italian_with_their_lines() {
    let errs =
        errors("name = \"x\"\n[[teams]]\nname = \"Red\"\nlan = \"10.0.1.0/24\"\nclients = []\n");
    let listed = ScenarioError::listed(&errs);
    assert_eq!(
        listed.en,
        "line 2, teams[0].clients: a team needs at least one client, e.g. clients = [\"Alice\"]"
    );
    assert_eq!(
        listed.it.as_deref(),
        Some(
            "riga 2, teams[0].clients: una squadra ha bisogno di almeno un client, per esempio clients = [\"Alice\"]"
        )
    );
    let three = ScenarioError::listed(&errors("name = 1\ngoals = 2\n"));
    assert_eq!(three.en.lines().count(), 3, "{}", three.en);
    assert_eq!(three.it.as_deref().map(|it| it.lines().count()), Some(3));
}
