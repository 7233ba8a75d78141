//! Plays a parsed card drill on the engine's [`World`] and compares every result with the
//! drill's `expect` lines. The first difference fails the drill with its line.

use std::path::Path;

use tcpip_stack::card::Field;
use tcpip_stack::fault::{Fault, FaultTarget};
use tcpip_stack::route::{NextHop, Route};
use tcpip_stack::scenario::{Scenario, ScenarioError};
use tcpip_stack::text::Text;
use tcpip_stack::wire::Packet;
use tcpip_stack::world::{
    Action, ActionError, Event, EventKind, MistakeNote, NodeId, RouteEdit, Seat, World,
};

use super::parse::{
    Drill, Expect, InboxValues, MistakeSpec, Move, ScenarioSource, StateCheck, StepKind, TargetSpec,
};

/// Why a drill failed: the drill line and what differed.
#[derive(Debug)]
pub struct Failure {
    pub line: usize,
    pub message: String,
}

fn fail<T>(line: usize, message: impl Into<String>) -> Result<T, Failure> {
    Err(Failure {
        line,
        message: message.into(),
    })
}

/// Runs a drill; `dir` is its directory, where a `scenario NAME.toml` file is found.
pub fn run_drill(drill: &Drill, dir: &Path) -> Result<(), Failure> {
    let Some(mut scenario) = load_scenario(drill, dir)? else {
        return Ok(());
    };
    if let Some(isn) = drill.isn {
        scenario.settings.isn = isn;
    }
    if let Some(referee) = drill.referee {
        scenario.settings.referee = referee;
    }
    if let Some(rounds) = &drill.rounds {
        scenario.goals = rounds.clone();
    }
    let mut world = World::new(&scenario).map_err(|e| Failure {
        line: drill.scenario_line,
        message: format!("the scenario cannot be played: {e}"),
    })?;
    world.set_attacker(drill.attacker);
    for step in &drill.steps {
        let line = step.line;
        match &step.kind {
            StepKind::Human(name) => {
                let node = node(&world, name, line)?;
                let now = world.now();
                world
                    .act(
                        Action::SetSeat {
                            node,
                            seat: Seat::Human,
                        },
                        now,
                    )
                    .map_err(|e| Failure {
                        line,
                        message: format!("\"{name}\" cannot be taken by a person: {e}"),
                    })?;
            }
            StepKind::Wait(by) => {
                let until = world.now() + *by;
                world.advance(until);
            }
            StepKind::Move { action, expects } => {
                let (actor, action) = resolve(&world, action, line)?;
                let now = world.now();
                let result = world.act(action, now);
                check_result(actor, &result, expects, line)?;
            }
            StepKind::Check(check) => state(&world, check, line)?,
        }
    }
    Ok(())
}

/// The scenario, or `None` when the drill expected it to be refused and it was.
fn load_scenario(drill: &Drill, dir: &Path) -> Result<Option<Scenario>, Failure> {
    let line = drill.scenario_line;
    let loaded: Result<Scenario, String> = match &drill.scenario {
        ScenarioSource::Shipped(text) => {
            Scenario::from_toml(text).map_err(|e| errors_text(&e, |l| format!("line {l}")))
        }
        ScenarioSource::File(name) => {
            let path = dir.join(name);
            let text = crate::scripts::read_text(&path, "scenario").map_err(|message| Failure {
                line,
                message: format!("the scenario cannot be read: {message}"),
            })?;
            Scenario::from_toml(&text)
                .map_err(|e| errors_text(&e, |l| format!("{}:{l}", path.display())))
        }
        ScenarioSource::Inline { text, first_line } => Scenario::from_toml(text)
            .map_err(|e| errors_text(&e, |l| format!("drill line {}", first_line + l - 1))),
    };
    // A scenario that reads but cannot be laid out as a network is refused as well.
    let loaded = loaded.and_then(|s| match World::new(&s) {
        Ok(_) => Ok(s),
        Err(e) => Err(e.to_string()),
    });
    match (loaded, &drill.scenario_error) {
        (Ok(s), None) => Ok(Some(s)),
        (Err(e), None) => fail(line, format!("the scenario does not load: {e}")),
        (Ok(_), Some((at, phrase))) => fail(
            *at,
            format!("the scenario loaded, but it should be refused with \"{phrase}\""),
        ),
        (Err(e), Some((_, phrase))) if e.contains(phrase.as_str()) => Ok(None),
        (Err(e), Some((at, phrase))) => fail(
            *at,
            format!("the scenario is refused, but not with \"{phrase}\": {e}"),
        ),
    }
}

fn errors_text(errors: &[ScenarioError], at: impl Fn(usize) -> String) -> String {
    let all: Vec<String> = errors
        .iter()
        .map(|e| match e.line {
            Some(l) => format!("{}: {}: {}", at(l), e.field, e.message),
            None => format!("{}: {}", e.field, e.message),
        })
        .collect();
    all.join("; ")
}

fn node(world: &World, name: &str, line: usize) -> Result<NodeId, Failure> {
    world.node_by_name(name).ok_or_else(|| {
        let names: Vec<String> = world
            .nodes()
            .iter()
            .map(|n| format!("\"{}\"", n.name))
            .collect();
        Failure {
            line,
            message: format!(
                "no node is called \"{name}\" in this scenario; the nodes are {}",
                names.join(", ")
            ),
        }
    })
}

fn team(world: &World, name: &str, line: usize) -> Result<usize, Failure> {
    world
        .teams()
        .iter()
        .position(|t| t.name == name)
        .ok_or_else(|| {
            let names: Vec<String> = world
                .teams()
                .iter()
                .map(|t| format!("\"{}\"", t.name))
                .collect();
            Failure {
                line,
                message: format!(
                    "no team is called \"{name}\"; the teams are {}",
                    names.join(", ")
                ),
            }
        })
}

/// The engine's action for a move, and the node that acts (none for a fault).
fn resolve(world: &World, m: &Move, line: usize) -> Result<(Option<NodeId>, Action), Failure> {
    Ok(match m {
        Move::Card { node: name, card } => {
            let node = node(world, name, line)?;
            (
                Some(node),
                Action::WriteCard {
                    node,
                    card: card.clone(),
                },
            )
        }
        Move::Route {
            node: name,
            from,
            to,
            choice,
        } => {
            let node = node(world, name, line)?;
            let inbox = world.inbox(node);
            let card = inbox
                .iter()
                .find(|c| c.packet.src() == *from && to.is_none_or(|to| c.packet.dst() == to))
                .map(|c| c.card);
            let Some(card) = card else {
                let wanted = match to {
                    Some(to) => format!("from {from} to {to}"),
                    None => format!("from {from}"),
                };
                return fail(
                    line,
                    format!(
                        "no card {wanted} in the inbox of \"{name}\"; it holds {}",
                        inbox_list(world, node)
                    ),
                );
            };
            (
                Some(node),
                Action::RouteCard {
                    node,
                    card,
                    choice: *choice,
                },
            )
        }
        Move::RouteAdd {
            node: name,
            prefix,
            next_hop,
            iface,
        } => {
            let node = node(world, name, line)?;
            // A gateway is on the backbone (interface 1), a direct network on the LAN (0).
            let iface = iface.unwrap_or(match next_hop {
                NextHop::Direct => 0,
                NextHop::Gateway(_) => 1,
            });
            let route = Route {
                prefix: *prefix,
                next_hop: *next_hop,
                iface,
            };
            (
                Some(node),
                Action::EditRoute {
                    node,
                    edit: RouteEdit::Add(route),
                },
            )
        }
        Move::RouteRemove { node: name, prefix } => {
            let node = node(world, name, line)?;
            (
                Some(node),
                Action::EditRoute {
                    node,
                    edit: RouteEdit::Remove(*prefix),
                },
            )
        }
        Move::Hint { node: name } => {
            let node = node(world, name, line)?;
            (Some(node), Action::RequestHint { node })
        }
        Move::Fault { kind, target } => {
            let target = match target {
                TargetSpec::Team(name) => FaultTarget::Team(team(world, name, line)?),
                TargetSpec::Link(a, b) => FaultTarget::Link {
                    team_a: team(world, a, line)?,
                    team_b: team(world, b, line)?,
                },
                TargetSpec::Client(name) => {
                    let id = node(world, name, line)?;
                    let found = world.teams().iter().find_map(|t| {
                        let client = t.clients.iter().position(|c| *c == id)?;
                        Some(FaultTarget::Connection {
                            team: t.index,
                            client,
                        })
                    });
                    match found {
                        Some(t) => t,
                        None => return fail(line, format!("\"{name}\" is not a client")),
                    }
                }
            };
            let kind = kind.clone();
            (None, Action::InjectFault(Fault { kind, target }))
        }
    })
}

/// "SYN 10.0.1.2:40000 → 10.0.1.1:23 …, …" for a failure message.
fn inbox_list(world: &World, node: NodeId) -> String {
    let cards: Vec<String> = world
        .inbox(node)
        .iter()
        .map(|c| format!("[{}, TTL {}]", c.packet.summary(), c.packet.ttl()))
        .collect();
    if cards.is_empty() {
        "nothing".into()
    } else {
        cards.join(", ")
    }
}

/// The referee's words on the move: the mistakes and the notes of its verdict.
struct Judged<'a> {
    mistakes: &'a [MistakeNote<Text>],
    notes: &'a [Text],
    verdict: bool,
}

fn judged(actor: Option<NodeId>, events: &[Event]) -> Option<Judged<'_>> {
    events.iter().find_map(|e| match &e.kind {
        EventKind::CardRejected { node, mistakes, .. } if Some(*node) == actor => Some(Judged {
            mistakes,
            notes: &[],
            verdict: false,
        }),
        EventKind::Verdict {
            node,
            mistakes,
            notes,
            ..
        } if Some(*node) == actor => Some(Judged {
            mistakes,
            notes,
            verdict: true,
        }),
        _ => None,
    })
}

fn show_mistake(m: &MistakeNote<Text>) -> String {
    let mut s = format!(
        "{}: expected \"{}\", got \"{}\": {}",
        m.field, m.expected.en, m.got.en, m.why.en
    );
    if !m.rfc.is_empty() {
        s.push_str(&format!(" ({})", m.rfc));
    }
    s
}

fn show_all(mistakes: &[MistakeNote<Text>]) -> String {
    if mistakes.is_empty() {
        return "no mistake".into();
    }
    let all: Vec<String> = mistakes.iter().map(show_mistake).collect();
    all.join(" | ")
}

fn check_result(
    actor: Option<NodeId>,
    result: &Result<Vec<Event>, ActionError>,
    expects: &[(usize, Expect)],
    line: usize,
) -> Result<(), Failure> {
    let events = match result {
        Err(refusal) => {
            return match expects
                .iter()
                .find(|(_, e)| matches!(e, Expect::Refused(_)))
            {
                Some((at, Expect::Refused(phrase)))
                    if !refusal.message.contains(phrase.as_str()) =>
                {
                    fail(
                        *at,
                        format!("refused, but not with \"{phrase}\": {}", refusal.message),
                    )
                }
                Some(_) => match expects
                    .iter()
                    .find(|(_, e)| !matches!(e, Expect::Refused(_)))
                {
                    // A refused move has no verdict, hint or card to check.
                    Some((at, _)) => fail(
                        *at,
                        format!(
                            "the move was refused ({}), so this cannot hold",
                            refusal.message
                        ),
                    ),
                    None => Ok(()),
                },
                None => fail(line, format!("the move was refused: {}", refusal.message)),
            };
        }
        Ok(events) => events,
    };
    let judged = judged(actor, events);
    // Every number in a why must add up, whether the drill expects the mistake or not.
    for m in judged.iter().flat_map(|j| j.mistakes) {
        if let Err(problem) = tcpip_stack::sums::adds_up(&m.why, &m.expected.en) {
            return fail(
                line,
                format!("{problem} — in the mistake {}", show_mistake(m)),
            );
        }
    }
    if expects.is_empty() {
        return Ok(());
    }
    let wanted: Vec<(usize, &MistakeSpec)> = expects
        .iter()
        .filter_map(|(at, e)| match e {
            Expect::Mistake(spec) => Some((*at, spec)),
            _ => None,
        })
        .collect();
    let verdict_expected = expects.iter().any(|(_, e)| {
        matches!(
            e,
            Expect::Accepted | Expect::Mistake(_) | Expect::Note(_) | Expect::Italian
        )
    });
    if verdict_expected {
        let Some(j) = &judged else {
            return fail(line, "the move got no verdict from the referee");
        };
        match_mistakes(j.mistakes, &wanted, line)?;
    }
    for (at, e) in expects {
        let at = *at;
        match e {
            Expect::Accepted => {
                let Some(j) = &judged else {
                    return fail(at, "the move got no verdict from the referee");
                };
                if !j.verdict {
                    return fail(
                        at,
                        format!("the card was returned: {}", show_all(j.mistakes)),
                    );
                }
            }
            Expect::Mistake(_) => {}
            Expect::Returned => {
                let returned = events.iter().any(|e| {
                    matches!(&e.kind, EventKind::CardRejected { node, .. } if Some(*node) == actor)
                });
                if !returned {
                    return fail(at, "the card was not sent back: it went out");
                }
            }
            Expect::Sent => {
                let sent = events.iter().any(
                    |e| matches!(&e.kind, EventKind::CardSent { from, .. } if Some(*from) == actor),
                );
                if !sent {
                    let why = judged
                        .as_ref()
                        .map_or(String::new(), |j| format!(": {}", show_all(j.mistakes)));
                    return fail(at, format!("no card went out{why}"));
                }
            }
            Expect::Note(phrase) => {
                let notes = judged.as_ref().map_or(&[][..], |j| j.notes);
                if !notes.iter().any(|n| n.en.contains(phrase.as_str())) {
                    let all: Vec<&str> = notes.iter().map(|n| n.en.as_str()).collect();
                    return fail(
                        at,
                        format!("no note says \"{phrase}\"; the notes: {}", all.join(" | ")),
                    );
                }
            }
            Expect::Refused(phrase) => {
                return fail(
                    at,
                    format!("the move was not refused (\"{phrase}\" expected)"),
                );
            }
            Expect::Hint(phrase) => {
                let hint = events.iter().find_map(|e| match &e.kind {
                    EventKind::Hint { node, text } if Some(*node) == actor => Some(text),
                    _ => None,
                });
                match hint {
                    Some(t) if t.en.contains(phrase.as_str()) => {}
                    Some(t) => {
                        return fail(at, format!("the hint does not say \"{phrase}\": {}", t.en));
                    }
                    None => return fail(at, "no hint was given"),
                }
            }
            Expect::Italian => {
                let Some(j) = &judged else {
                    return fail(at, "the move got no verdict from the referee");
                };
                let whys = j.mistakes.iter().map(|m| &m.why).chain(j.notes);
                for why in whys {
                    if why.it.as_deref().is_none_or(str::is_empty) {
                        return fail(at, format!("no Italian for \"{}\"", why.en));
                    }
                }
            }
        }
    }
    Ok(())
}

/// "RST+ACK" and "ACK+RST" name the same flags: the order a drill writes them in does not
/// matter.
fn same_flags(a: &str, b: &str) -> bool {
    let set = |s: &str| {
        let mut names: Vec<String> = s
            .split('+')
            .map(|n| n.trim().to_ascii_uppercase())
            .collect();
        names.sort();
        names
    };
    set(a) == set(b)
}

/// Every expected mistake matches a different mistake of the verdict, and none is left.
fn match_mistakes(
    got: &[MistakeNote<Text>],
    wanted: &[(usize, &MistakeSpec)],
    line: usize,
) -> Result<(), Failure> {
    let fits = |spec: &MistakeSpec, m: &MistakeNote<Text>| {
        let same = |written: &str, said: &str| {
            written == said || spec.field == Field::Flags && same_flags(written, said)
        };
        m.field == spec.field.label()
            && spec
                .expected
                .as_ref()
                .is_none_or(|e| same(e, &m.expected.en))
            && spec.got.as_ref().is_none_or(|g| same(g, &m.got.en))
            && spec.why.iter().all(|w| m.why.en.contains(w.as_str()))
            && spec.rfc.as_ref().is_none_or(|r| m.rfc.contains(r.as_str()))
    };
    // Small sets: try every assignment (backtracking), so the order of lines never matters.
    fn assign(
        k: usize,
        wanted: &[(usize, &MistakeSpec)],
        got: &[MistakeNote<Text>],
        used: &mut Vec<bool>,
        fits: &dyn Fn(&MistakeSpec, &MistakeNote<Text>) -> bool,
    ) -> bool {
        let Some((_, spec)) = wanted.get(k) else {
            return true;
        };
        for (i, m) in got.iter().enumerate() {
            if !used[i] && fits(spec, m) {
                used[i] = true;
                if assign(k + 1, wanted, got, used, fits) {
                    return true;
                }
                used[i] = false;
            }
        }
        false
    }
    let mut used = vec![false; got.len()];
    if assign(0, wanted, got, &mut used, &fits) {
        if let Some(extra) = got.iter().zip(&used).find(|(_, u)| !**u) {
            return fail(
                line,
                format!("an unexpected mistake: {}", show_mistake(extra.0)),
            );
        }
        return Ok(());
    }
    // Name the first line no mistake fits on its own, or else the set as a whole.
    let lonely = wanted
        .iter()
        .find(|(_, spec)| !got.iter().any(|m| fits(spec, m)));
    let (at, what) = match lonely {
        Some((at, spec)) => (
            *at,
            format!("no mistake on {} fits this line", spec.field.label()),
        ),
        None => (
            line,
            "the expected mistakes do not match one to one".to_string(),
        ),
    };
    fail(at, format!("{what}; the verdict: {}", show_all(got)))
}

fn state(world: &World, check: &StateCheck, line: usize) -> Result<(), Failure> {
    match check {
        StateCheck::Connection {
            node: name,
            local_port,
            remote,
            state,
        } => {
            let id = node(world, name, line)?;
            let conns = world.connections(id);
            let mine: Vec<_> = conns
                .iter()
                .filter(|c| c.local.port == *local_port && c.remote == *remote)
                .collect();
            let ok = match state {
                None => mine.is_empty(),
                Some(s) => mine.iter().any(|c| c.state == *s),
            };
            if !ok {
                let all: Vec<String> = conns
                    .iter()
                    .map(|c| format!("{} > {} {}", c.local.port, c.remote, c.state.name()))
                    .collect();
                let wanted = state.map_or("none", |s| s.name());
                let all = if all.is_empty() {
                    "none".to_string()
                } else {
                    all.join(", ")
                };
                return fail(
                    line,
                    format!(
                        "\"{name}\" {local_port} > {remote} is not {wanted}; its connections: {all}"
                    ),
                );
            }
        }
        StateCheck::Inbox {
            node: name,
            from,
            values,
        } => {
            let id = node(world, name, line)?;
            if !world
                .inbox(id)
                .iter()
                .any(|c| c.packet.src() == *from && inbox_fits(&c.packet, values))
            {
                return fail(
                    line,
                    format!(
                        "no such card from {from} in the inbox of \"{name}\"; it holds {}",
                        inbox_list(world, id)
                    ),
                );
            }
        }
        StateCheck::NoInbox { node: name, from } => {
            let id = node(world, name, line)?;
            if world.inbox(id).iter().any(|c| c.packet.src() == *from) {
                return fail(
                    line,
                    format!(
                        "the inbox of \"{name}\" holds a card from {from}: {}",
                        inbox_list(world, id)
                    ),
                );
            }
        }
        StateCheck::Goal {
            team: name,
            goal,
            reached,
        } => {
            let t = team(world, name, line)?;
            let is = world.race().reached(t, *goal).is_some();
            if is != *reached {
                let (key, now) = (goal.key(), if is { "reached" } else { "not reached" });
                return fail(line, format!("team {name} has {key} {now}"));
            }
        }
    }
    Ok(())
}

fn inbox_fits(packet: &Packet, v: &InboxValues) -> bool {
    if v.ttl.is_some_and(|t| t != packet.ttl()) {
        return false;
    }
    // A tunnelled card's TTL is the outer header's; its flags and numbers are the inner
    // card's (RFC 2003 §3).
    match packet.inner() {
        Packet::Tcp { seg, .. } => {
            v.icmp.is_none()
                && v.flags.is_none_or(|f| f == seg.flags)
                && v.seq.is_none_or(|s| s == seg.seq.0)
                && v.ack.is_none_or(|a| a == seg.ack.0)
        }
        Packet::Icmp { msg, .. } => {
            v.flags.is_none()
                && v.seq.is_none()
                && v.ack.is_none()
                && v.icmp
                    .is_none_or(|(t, c)| t == msg.icmp_type() && c == msg.code())
        }
        // A DNS card is told apart by its TTL alone: it has no flags, seq, ack nor ICMP.
        Packet::Udp { .. } => {
            v.icmp.is_none() && v.flags.is_none() && v.seq.is_none() && v.ack.is_none()
        }
        // `inner` is never a tunnel itself.
        Packet::Ipip { .. } => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(s: &str) -> Text {
        Text {
            en: s.into(),
            it: None,
        }
    }

    fn note(field: &str, expected: &str, why: &str) -> MistakeNote<Text> {
        MistakeNote {
            field: field.into(),
            expected: en(expected),
            got: en("x"),
            why: en(why),
            rfc: "RFC 9293 §3.4".into(),
        }
    }

    fn spec(field: Field, why: &str) -> MistakeSpec {
        MistakeSpec {
            field,
            expected: None,
            got: None,
            why: vec![why.into()],
            rfc: None,
        }
    }

    /// Two mistakes on one field (the flags of case 1) match their lines in any order, and
    /// an extra mistake is named.
    #[test]
    fn mistakes_match_one_to_one_in_any_order() {
        let got = [
            note("flags", "ACK+RST", "SYN flag must be off"),
            note("flags", "ACK+RST", "RST flag missing"),
        ];
        let (a, b) = (spec(Field::Flags, "RST"), spec(Field::Flags, "SYN flag"));
        // "RST" fits both; the backtracking gives "SYN flag" the first.
        assert!(match_mistakes(&got, &[(1, &a), (2, &b)], 9).is_ok());
        let only = match_mistakes(&got, &[(1, &b)], 9).unwrap_err();
        assert_eq!(only.line, 9);
        assert!(
            only.message.contains("unexpected mistake: flags"),
            "{}",
            only.message
        );
        let mut by_set = spec(Field::Flags, "RST flag");
        by_set.expected = Some("RST+ACK".into());
        let e = match_mistakes(&got, &[(1, &by_set)], 9).unwrap_err();
        assert!(
            e.message.contains("unexpected mistake: flags"),
            "{}",
            e.message
        );
        let wrong = spec(Field::Ack, "SYN");
        let e = match_mistakes(&got, &[(4, &wrong)], 9).unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.message.contains("no mistake on ack"), "{}", e.message);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Drills made of random but well-formed moves and checks, on every seat, never make
        /// the runner panic: whatever happens is a pass or a failure with its line.
        #[test]
        fn random_drills_never_panic(
            picks in proptest::collection::vec((0usize..14, 0u32..70_000, 0usize..6), 0..24)
        ) {
            let nodes = ["Red client 1", "Red server", "Red router", "Green server", "Red client 2",
                "Nobody"];
            let mut text = String::from("scenario original\nreferee real\n");
            for (what, n, who) in picks {
                let node = nodes[who];
                let line = match what {
                    0 => format!("human \"{node}\""),
                    1 => format!("wait {}", n % 20),
                    2 => format!("card \"{node}\" 10.0.1.2:40000 > 10.0.1.1:23 [SYN] seq {n}"),
                    3 => format!("card \"{node}\" 10.0.1.1:23 > 10.0.1.2:40000 [SYN+ACK] seq 0 ack {n}"),
                    4 => format!("card \"{node}\" 10.0.1.2:40000 > 10.0.1.1:23 [ACK] seq 1 ack {n} data \"x\""),
                    5 => format!("card \"{node}\" 10.0.1.2:40000 > 10.0.1.1:23 [RST+ACK] seq {n} ack 1"),
                    6 => format!("route \"{node}\" from 10.0.1.2 deliver"),
                    7 => format!("route \"{node}\" from 10.0.1.{} unreachable {}", n % 4, n % 16),
                    8 => format!("route-add \"{node}\" 10.0.{}.0/24 via 192.168.0.{} iface {}", n % 4, n % 4, n % 3),
                    9 => format!("fault forged_rst matching client \"{node}\""),
                    10 => format!("hint \"{node}\""),
                    11 => "expect accepted".to_string(),
                    12 => format!("expect state \"{node}\" 40000 > 10.0.1.1:23 ESTABLISHED"),
                    _ => format!("expect mistake ack expected \"{n}\""),
                };
                text.push_str(&line);
                text.push('\n');
            }
            if let Ok(drill) = super::super::parse::parse(&text) {
                let _ = run_drill(&drill, Path::new("."));
            }
        }
    }
}
