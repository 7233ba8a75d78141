//! The Instructor screen (game design, screen 5): every team's progress through the rounds with
//! their times, a live feed of mistakes and notable events, the fault panel, pause/resume,
//! an autoplay demo, the exports, and the projector view; in a classroom room, the room
//! itself on top ([`RoomPanel`]: join code, QR code, roster, end of the room).
//!
//! What the screen shows is computed by plain functions over the engine's read-only
//! [`World`] ([`progress`], [`feed`], [`describe_fault`]) so it is tested natively on a real
//! world; the components only render it, always as text.

mod end;
mod exports;
mod faults;
mod projector;
mod room;

use leptos::prelude::*;
use tcpip_stack::card::Field;
use tcpip_stack::fault::{Fault, FaultTarget};
use tcpip_stack::score::Goal;
use tcpip_stack::text::Text;
use tcpip_stack::time::{Duration, Instant};
use tcpip_stack::world::{Action, EventKind, MistakeNote, NodeId, Seat, World};

pub use exports::{Exports, csv_field, file_slug, results_csv};
pub use faults::{FaultChoice, FaultForm, ICMP_CODES, MAX_DELAY_SECS, TargetChoice, build_fault};
pub use projector::{Projector, ProjectorWall, WALL_HASH};
pub use room::{JoinInfo, RoomJoin, RoomPanel, join_links};

use crate::derived::Derived;
use crate::game::use_game;
use crate::i18n::{
    Key, Lang, autoplay_started, clock_line, field_key, goal_heading, reached_round, said,
    said_view, t, team_named, use_locale,
};
use crate::slot::Slot;

/// The feed shows at most this many lines: enough for a round of a full class, few enough
/// to read at a glance and to re-render every tick.
pub const FEED_CAP: usize = 50;

/// Speed of the autoplay demo: fast enough that a round takes well under a minute, slow
/// enough that people can follow the cards on the board.
pub const DEMO_SPEED_PERCENT: u32 = 400;

/// `mm:ss` of a span of game time (minutes keep counting past 59: a lesson is not an hour
/// of game time, and a wrong "01:05:00" would be worse than "65:00").
pub fn mmss(d: Duration) -> String {
    let secs = d.micros() / 1_000_000;
    format!("{:02}:{:02}", secs / 60, secs % 60)
}

/// One team's row of the progress table (and of the results CSV).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgressRow {
    pub team: usize,
    /// 1 for the leader, in leaderboard order.
    pub rank: usize,
    pub name: String,
    /// Parallel to the goals: when each was reached, from the start of the race.
    pub reached: Vec<Option<Duration>>,
    pub goals_done: usize,
    pub mistakes: u32,
    pub hints: u32,
    pub penalty: Duration,
    pub score: i64,
    /// A person has played one of the team's seats.
    pub played: bool,
}

/// Whether a team (`played` or not) is a team of bots racing teams of people (`anyone`
/// played): the screens say so next to its name, so a class sees why it is ranked after
/// them although it is ahead (see [`tcpip_stack::score::Race::leaderboard`]).
pub fn bots_among_people(played: bool, anyone: bool) -> bool {
    !played && anyone
}

/// The goals of the game (each once, in the scenario's order) and one row per team, in
/// team order.
pub fn progress(w: &World) -> (Vec<Goal>, Vec<ProgressRow>) {
    let race = w.race();
    let goals = race.goals().to_vec();
    let board = race.leaderboard();
    let rows = w
        .teams()
        .iter()
        .map(|t| {
            let standing = board.iter().position(|s| s.team == t.index);
            let s = standing.and_then(|i| board.get(i));
            ProgressRow {
                team: t.index,
                rank: standing.map_or(0, |i| i + 1),
                name: t.name.clone(),
                reached: goals
                    .iter()
                    .map(|g| race.reached(t.index, *g).map(|at| at.since(race.started())))
                    .collect(),
                goals_done: s.map_or(0, |s| s.goals_done),
                mistakes: s.map_or(0, |s| s.mistakes),
                hints: s.map_or(0, |s| s.hints),
                penalty: s.map_or(Duration::ZERO, |s| s.penalty),
                score: s.map_or(0, |s| s.score),
                played: s.is_some_and(|s| s.played),
            }
        })
        .collect();
    (goals, rows)
}

/// The "bots" mark after a team's name, as text (never colour alone).
pub fn bots_tag(lang: Lang) -> impl IntoView {
    view! { <span class="bots-tag">{t(lang, Key::BotsOnly)}</span> }
}

/// What a feed line is about; the line also starts with this word, so colour is never the
/// only cue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedKind {
    Mistake,
    Goal,
    Fault,
}

impl FeedKind {
    pub fn word(self, lang: Lang) -> &'static str {
        t(
            lang,
            match self {
                FeedKind::Mistake => Key::FeedMistake,
                FeedKind::Goal => Key::FeedGoal,
                FeedKind::Fault => Key::FeedFault,
            },
        )
    }

    fn class(self) -> &'static str {
        match self {
            FeedKind::Mistake => "feed-line mistake",
            FeedKind::Goal => "feed-line goal",
            FeedKind::Fault => "feed-line fault",
        }
    }
}

/// One line of the live feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedLine {
    pub at: Instant,
    pub kind: FeedKind,
    /// The team(s) concerned, by name ("Red", "Red and Green").
    pub team: String,
    /// The line in the feed's language.
    pub text: String,
    /// The engine's own sentence (the referee's why, a fault's effect) in both languages;
    /// shown after `text` in the feed's language, marked with the language it is in.
    pub engine: Option<Text>,
}

/// The referee's explanations of one card, "ack: ack should be 1: … (RFC 9293 §3.4); …",
/// with the box names and sentences in Italian when every sentence has its twin.
fn whys(notes: &[MistakeNote<Text>]) -> Text {
    let en: Vec<String> = notes.iter().map(ToString::to_string).collect();
    let it: Option<Vec<String>> = notes
        .iter()
        .map(|n| {
            let field =
                Field::from_label(&n.field).map_or(n.field.as_str(), |f| t(Lang::It, field_key(f)));
            let rule = if n.rfc.is_empty() {
                String::new()
            } else {
                format!(" ({})", n.rfc)
            };
            n.why
                .it
                .as_deref()
                .map(|why| format!("{field}: {why}{rule}"))
        })
        .collect();
    Text {
        en: en.join("; "),
        it: it.map(|v| v.join("; ")),
    }
}

/// A fault in words with the world's team and client names, in `lang`.
pub fn describe_fault(f: &Fault, w: &World, lang: Lang) -> String {
    let team = |i: usize| {
        w.teams().get(i).map_or_else(
            || team_named(lang, &(i + 1).to_string()),
            |t| team_named(lang, &t.name),
        )
    };
    let kind = said(lang, &f.kind.name()).0.to_string();
    match (f.target, lang) {
        (FaultTarget::Team(t), Lang::En) => format!("{kind} aimed at {}", team(t)),
        (FaultTarget::Team(t), Lang::It) => format!("{kind} contro la {}", team(t)),
        (FaultTarget::Connection { team: t, client }, _) => {
            let name = w
                .teams()
                .get(t)
                .and_then(|v| v.clients.get(client))
                .and_then(|id| w.node_view(*id))
                .map_or_else(|| format!("client {}", client + 1), |n| n.name);
            match lang {
                Lang::En => format!("{kind} on the connection of {name} ({})", team(t)),
                Lang::It => format!("{kind} sulla connessione di {name} ({})", team(t)),
            }
        }
        (FaultTarget::Link { team_a, team_b }, Lang::En) => format!(
            "{kind} on the link between {} and {}",
            team(team_a),
            team(team_b)
        ),
        (FaultTarget::Link { team_a, team_b }, Lang::It) => format!(
            "{kind} sul collegamento tra la {} e la {}",
            team(team_a),
            team(team_b)
        ),
    }
}

fn target_team_names(f: &Fault, w: &World, lang: Lang) -> String {
    let name = |i: usize| {
        w.teams().get(i).map_or_else(
            || team_named(lang, &(i + 1).to_string()),
            |t| t.name.clone(),
        )
    };
    let and = match lang {
        Lang::En => "and",
        Lang::It => "e",
    };
    match f.target {
        FaultTarget::Team(t) | FaultTarget::Connection { team: t, .. } => name(t),
        FaultTarget::Link { team_a, team_b } => {
            format!("{} {and} {}", name(team_a), name(team_b))
        }
    }
}

/// The newest `cap` lines worth an instructor's attention, newest first: cards the referee
/// found wrong (with why), mistakes counted for other reasons (a wrong routing choice),
/// goals reached and faults injected.
pub fn feed(w: &World, cap: usize, lang: Lang) -> Vec<FeedLine> {
    let nodes = w.nodes();
    let node = |n: NodeId| nodes.iter().find(|v| v.id == n);
    let node_name = |n: NodeId| node(n).map_or_else(|| format!("node {}", n.0), |v| v.name.clone());
    let team_name = |t: usize| {
        w.teams().get(t).map_or_else(
            || team_named(lang, &(t + 1).to_string()),
            |v| v.name.clone(),
        )
    };
    let team_of = |n: NodeId| node(n).map_or_else(String::new, |v| team_name(v.team));
    // A rejected or wrong card already says why; its `Mistake` counter event would repeat it.
    let explained: Vec<(Instant, NodeId)> = w
        .log()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::CardRejected { node, mistakes, .. }
            | EventKind::Verdict { node, mistakes, .. }
                if !mistakes.is_empty() =>
            {
                Some((e.at, *node))
            }
            _ => None,
        })
        .collect();
    w.log()
        .iter()
        .rev()
        .filter_map(|e| {
            let (kind, team, text, engine) = match &e.kind {
                EventKind::CardRejected { node, mistakes, .. } if !mistakes.is_empty() => (
                    FeedKind::Mistake,
                    team_of(*node),
                    match lang {
                        Lang::En => {
                            format!("{} wrote a card the referee sent back", node_name(*node))
                        }
                        Lang::It => format!(
                            "{} ha scritto una carta che l'arbitro ha restituito",
                            node_name(*node)
                        ),
                    },
                    Some(whys(mistakes)),
                ),
                EventKind::Verdict {
                    node,
                    card,
                    mistakes,
                    ..
                } if !mistakes.is_empty() => (
                    FeedKind::Mistake,
                    team_of(*node),
                    match lang {
                        Lang::En => {
                            format!("card #{} of {} went out wrong", card.0, node_name(*node))
                        }
                        Lang::It => format!(
                            "la carta #{} di {} è partita sbagliata",
                            card.0,
                            node_name(*node)
                        ),
                    },
                    Some(whys(mistakes)),
                ),
                EventKind::Mistake { team, node } if !explained.contains(&(e.at, *node)) => (
                    FeedKind::Mistake,
                    team_name(*team),
                    match lang {
                        Lang::En => {
                            format!(
                                "{} made a mistake (it counts in the race)",
                                node_name(*node)
                            )
                        }
                        Lang::It => {
                            format!("{} ha fatto un errore (conta nella gara)", node_name(*node))
                        }
                    },
                    None,
                ),
                EventKind::GoalReached { team, goal } => (
                    FeedKind::Goal,
                    team_name(*team),
                    reached_round(lang, *goal),
                    None,
                ),
                EventKind::FaultInjected { fault, effect, .. } => (
                    FeedKind::Fault,
                    target_team_names(fault, w, lang),
                    describe_fault(fault, w, lang),
                    Some(effect.clone()),
                ),
                _ => return None,
            };
            Some(FeedLine {
                at: e.at,
                kind,
                team,
                text,
                engine,
            })
        })
        .take(cap)
        .collect()
}

/// The whole instructor screen.
#[component]
pub fn Instructor() -> impl IntoView {
    let projecting = Slot::new(false);
    let locale = use_locale();
    view! {
        <section class="instructor" aria-label=locale.text(Key::InstructorLabel)>
            {crate::shown::shown_or(
                move || projecting.get(),
                move || view! {
                    <div class="projector-frame">
                        <button
                            class="projector-exit"
                            on:click=move |_| projecting.set(false)
                        >
                            {locale.text(Key::LeaveProjector)}
                        </button>
                        <RoomJoin />
                        <Projector />
                    </div>
                },
                move || {
                    view! {
                        <RoomPanel />
                        <Controls projecting=projecting />
                        <end::EndGame />
                        <ProgressTable />
                        <div class="instructor-columns">
                            <LiveFeed />
                            <FaultForm />
                        </div>
                        <Exports />
                    }
                },
            )}
        </section>
    }
}

/// Pause/resume, the autoplay demo and the projector switch.
#[component]
fn Controls(projecting: Slot<bool>) -> impl IntoView {
    let game = use_game();
    let paused = move || game.clock().paused();
    let toggle = move |_| game.set_paused(!untrack(|| game.clock().paused()));
    let message: Slot<Option<String>> = Slot::new(None);
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    // The demo takes the people's seats: with people seated it asks first.
    let asking = Slot::new(false);
    let people_seated = move || {
        untrack(|| game.with_world(|w| w.nodes().iter().any(|n| n.seat != Seat::Bot)))
            .unwrap_or(false)
    };
    let autoplay = move || {
        let humans: Vec<NodeId> = untrack(|| {
            game.with_world(|w| {
                w.nodes()
                    .into_iter()
                    .filter(|n| n.seat != Seat::Bot)
                    .map(|n| n.id)
                    .collect()
            })
        })
        .unwrap_or_default();
        let lang = locale.signal().get_untracked();
        message.set(Some(autoplay_started(lang, DEMO_SPEED_PERCENT)));
        // A seat that stays with its person is reported when the game says so (at once
        // here, when the server answers in a classroom).
        let errors = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
        for node in humans {
            let action = Action::SetSeat {
                node,
                seat: Seat::Bot,
            };
            let errors = errors.clone();
            game.submit(action, move |verdict| {
                if let Err(e) = verdict {
                    errors.borrow_mut().push(said(lang, &e).0.to_string());
                    let all = errors.borrow().join("; ");
                    message.set(Some(format!("{} {all}", t(lang, Key::AutoplayStartedBut))));
                }
            });
        }
        game.set_speed(DEMO_SPEED_PERCENT);
        game.set_paused(false);
    };
    view! {
        <div class="instructor-controls" role="toolbar" aria-label=tr(Key::GameControls)>
            <button
                class="instructor-pause"
                aria-pressed=move || if paused() { "true" } else { "false" }
                on:click=toggle
            >
                {move || t(locale.get(), game.clock_button(Key::PauseGame, Key::ResumeGame))}
            </button>
            <span class="instructor-clock">
                {move || {
                    let c = game.clock();
                    clock_line(locale.get(), c.paused(), c.speed_percent())
                }}
            </span>
            <button
                class="instructor-autoplay"
                on:click=move |_| {
                    if people_seated() {
                        asking.set(true);
                    } else {
                        autoplay();
                    }
                }
            >
                {tr(Key::AutoplayDemo)}
            </button>
            {crate::shown::shown(
                move || asking.get(),
                move || view! {
                    <div class="confirm" role="alertdialog" aria-labelledby="autoplay-ask">
                        <p id="autoplay-ask">{tr(Key::AutoplayAsk)}</p>
                        <button
                            type="button"
                            class="danger autoplay-confirm"
                            on:click=move |_| {
                                asking.set(false);
                                autoplay();
                            }
                        >
                            {tr(Key::AutoplayConfirm)}
                        </button>
                        <button type="button" on:click=move |_| asking.set(false)>
                            {tr(Key::KeepPlaying)}
                        </button>
                    </div>
                },
            )}
            <crate::pacing::PacingControls />
            <button
                class="instructor-project"
                on:click=move |_| projecting.set(true)
            >
                {tr(Key::ProjectorView)}
            </button>
            <span class="instructor-message" role="status">{move || message.get()}</span>
        </div>
    }
}

/// One row per team, one column per goal, with the time each was reached.
#[component]
fn ProgressTable() -> impl IntoView {
    let game = use_game();
    let data = Derived::new(move || game.with_world(progress).unwrap_or_default());
    let goals = move || data.with(|(g, _)| g.clone());
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    view! {
        <section class="progress" aria-labelledby="progress-title">
            <h2 id="progress-title">{tr(Key::Progress)}</h2>
            <div class="progress-scroll">
                <table class="progress-table">
                    <caption>{tr(Key::ProgressCaption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tr(Key::Team)}</th>
                            {move || {
                                goals()
                                    .into_iter()
                                    .map(|g| {
                                        view! {
                                            <th scope="col" class="goal-col" data-goal=g.key()>
                                                {goal_heading(locale.get(), g)}
                                            </th>
                                        }
                                    })
                                    .collect_view()
                            }}
                            <th scope="col">{tr(Key::Mistakes)}</th>
                            <th scope="col">{tr(Key::Hints)}</th>
                            <th scope="col">{tr(Key::Score)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let goals = goals();
                            let lang = locale.get();
                            let rows = data.with(|(_, rows)| rows.clone());
                            let anyone = rows.iter().any(|r| r.played);
                            rows.into_iter()
                                .map(|r| {
                                    let cells = r
                                        .reached
                                        .iter()
                                        .zip(goals.iter())
                                        .map(|(at, g)| match at {
                                            Some(d) => {
                                                view! {
                                                    <td class="reached" data-goal=g.key()>
                                                        <span class="sr-only">{t(lang, Key::ReachedAt)}</span>
                                                        {format!("✓ {}", mmss(*d))}
                                                    </td>
                                                }
                                                    .into_any()
                                            }
                                            None => {
                                                view! {
                                                    <td class="not-reached" data-goal=g.key()>
                                                        <span aria-hidden="true">"—"</span>
                                                        <span class="sr-only">{t(lang, Key::NotYet)}</span>
                                                    </td>
                                                }
                                                    .into_any()
                                            }
                                        })
                                        .collect_view();
                                    view! {
                                        <tr data-team=r.team>
                                            <th scope="row">
                                                {r.name}
                                                {bots_among_people(r.played, anyone).then(|| bots_tag(lang))}
                                            </th>
                                            {cells}
                                            <td>{r.mistakes}</td>
                                            <td>{r.hints}</td>
                                            <td>{r.score}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The live feed, newest first.
#[component]
fn LiveFeed() -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let lines = Derived::new(move || {
        let lang = locale.get();
        game.with_world(|w| feed(w, FEED_CAP, lang))
            .unwrap_or_default()
    });
    view! {
        <section class="feed" aria-labelledby="feed-title">
            <h2 id="feed-title">{locale.text(Key::LiveFeed)}</h2>
            {crate::shown::shown_or(
                move || !lines.with(Vec::is_empty),
                move || view! {
                    // A list that scrolls must be reachable by keyboard (WCAG 2.1.1).
                    <ol class="feed-list" aria-live="off" tabindex="0" aria-labelledby="feed-title">
                        {move || {
                            lines
                                .get()
                                .into_iter()
                                .map(|l| {
                                    view! {
                                        <li class=l.kind.class()>
                                            <span class="feed-time">{mmss(l.at.since(Instant::ZERO))}</span>
                                            " "
                                            <strong class="feed-kind">{l.kind.word(locale.get())}</strong>
                                            " "
                                            <span class="feed-team">{l.team}</span>
                                            ": "
                                            <span class="feed-text">{l.text}</span>
                                            {l
                                                .engine
                                                .map(|e| {
                                                    view! {
                                                        " — "
                                                        {said_view(locale.get(), &e, "feed-engine")}
                                                    }
                                                })}
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ol>
                },
                move || {
                    view! { <p class="feed-empty">{locale.text(Key::NothingYet)}</p> }
                },
            )}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcpip_stack::fault::FaultKind;
    use tcpip_stack::scenario::Scenario;

    fn world() -> World {
        World::new(&Scenario::original()).expect("the original scenario builds")
    }

    #[test]
    fn mmss_counts_minutes_past_the_hour() {
        assert_eq!(mmss(Duration::ZERO), "00:00");
        assert_eq!(mmss(Duration::from_millis(65_900)), "01:05");
        assert_eq!(mmss(Duration::from_secs(3_725)), "62:05");
    }

    #[test]
    fn progress_has_a_row_per_team_and_a_cell_per_goal() {
        let w = world();
        let (goals, rows) = progress(&w);
        assert_eq!(goals, Goal::ALL.to_vec());
        assert_eq!(rows.len(), w.teams().len());
        assert!(rows.iter().all(|r| r.reached.len() == goals.len()));
        assert!(
            rows.iter()
                .all(|r| r.rank >= 1 && r.reached.iter().all(Option::is_none))
        );
    }

    #[test]
    fn a_bot_handshake_shows_as_a_time_and_a_goal_line() {
        let mut w = world();
        w.advance(Instant::from_secs(120));
        let (_, rows) = progress(&w);
        assert!(rows.iter().all(|r| r.reached[0].is_some()), "{rows:?}");
        let lines = feed(&w, FEED_CAP, Lang::En);
        assert!(
            lines
                .iter()
                .any(|l| l.kind == FeedKind::Goal && l.text.contains("Handshake")),
            "{lines:?}"
        );
        // Newest first.
        assert!(lines.windows(2).all(|p| p[0].at >= p[1].at));
    }

    #[test]
    fn an_injected_fault_is_a_named_feed_line_and_the_feed_is_capped() {
        let mut w = world();
        w.advance(Instant::from_secs(60));
        let fault = Fault {
            kind: FaultKind::ForgedRst { matching: false },
            target: FaultTarget::Team(1),
        };
        w.act(Action::InjectFault(fault), Instant::from_secs(60))
            .expect("accepted");
        let lines = feed(&w, FEED_CAP, Lang::En);
        let first = lines.first().expect("a line");
        assert_eq!(first.kind, FeedKind::Fault);
        assert_eq!(first.team, "Green");
        assert!(
            first.text == "forged RST (numbers not matching) aimed at team Green",
            "{first:?}"
        );
        assert!(
            first.engine.as_ref().is_some_and(|e| !e.en.is_empty()),
            "the engine says what happened: {first:?}"
        );
        assert!(feed(&w, 1, Lang::En).len() <= 1);
    }

    #[test]
    fn the_feed_speaks_italian_and_keeps_the_engines_sentence_apart() {
        let mut w = world();
        w.advance(Instant::from_secs(120));
        let fault = Fault {
            kind: FaultKind::ForgedRst { matching: true },
            target: FaultTarget::Team(0),
        };
        w.act(Action::InjectFault(fault), Instant::from_secs(120))
            .expect("accepted");
        let lines = feed(&w, FEED_CAP, Lang::It);
        let first = lines.first().expect("a line");
        assert_eq!(
            first.text,
            "RST falsificato (numeri che corrispondono) contro la squadra Red"
        );
        assert_eq!(first.kind.word(Lang::It), "Guasto");
        assert!(
            lines.iter().any(
                |l| l.kind == FeedKind::Goal && l.text == "ha raggiunto la manche 1: Handshake"
            ),
            "{lines:?}"
        );
        let english = feed(&w, FEED_CAP, Lang::En);
        assert_eq!(english.first().map(|l| &l.engine), Some(&first.engine));
        // The engine's sentence has its Italian twin, shown to the Italian instructor.
        let effect = first.engine.as_ref().and_then(|e| e.it.as_deref());
        assert!(
            effect.is_some_and(|e| e.starts_with("un RST che finge di venire da ")),
            "{first:?}"
        );
    }

    /// A wrong card in the feed: each box named and explained in Italian, the rule kept.
    #[test]
    fn the_referees_reasons_read_in_italian_with_their_rules() {
        let note = |field: &str, en: &str, it: &str| MistakeNote {
            field: field.into(),
            expected: "1".into(),
            got: "0".into(),
            why: Text::new(en.into(), it.into()),
            rfc: "RFC 9293 §3.4".into(),
        };
        let notes = [
            note("ack", "ack should be 1", "ack deve essere 1"),
            note(
                "source port",
                "source port should be 40000",
                "la porta sorgente …",
            ),
        ];
        let said = whys(&notes);
        assert_eq!(
            said.en,
            "ack: ack should be 1 (RFC 9293 §3.4); source port: source port should be 40000 \
             (RFC 9293 §3.4)"
        );
        assert_eq!(
            said.it.as_deref(),
            Some(
                "ack: ack deve essere 1 (RFC 9293 §3.4); porta sorgente: la porta sorgente … \
                 (RFC 9293 §3.4)"
            )
        );
        // One sentence without its twin keeps the whole line in English.
        let mut mixed = notes.to_vec();
        mixed.push(MistakeNote {
            why: Text::from("a route's reason"),
            ..note("choice", "", "")
        });
        assert_eq!(whys(&mixed).it, None);
    }

    #[test]
    fn a_fault_on_a_connection_names_the_client() {
        let w = world();
        let f = Fault {
            kind: FaultKind::Drop,
            target: FaultTarget::Connection { team: 0, client: 1 },
        };
        assert_eq!(
            describe_fault(&f, &w, Lang::En),
            "cards dropped on the connection of Red client 2 (team Red)"
        );
    }
}
