//! The wall: the game on a projector, full screen (`#projector` in the address; the
//! Projector tab's link opens it, Escape or the corner button leaves it), without the app's
//! top bar and tabs, laid out for 1920 × 1080 so that nothing scrolls. It follows the game
//! through three phases ([`phase`]):
//!
//! - **joining** (a classroom room whose clock has not started): the room code in huge type,
//!   the QR code, the join link, and who has joined, team by team;
//! - **the race**: the standings, each round a mark, and beside them the board (up to
//!   [`RING_MAX_TEAMS`] teams, where the board is still legible from the back of a room) or,
//!   for a class of many teams, the latest rounds reached in large type;
//! - **ended** (the room is over, or every team reached every goal): the final standings,
//!   and the place of the podium.
//!
//! Standings with many teams: up to 10 rows a column and 3 columns, so 30 teams fit at
//! once in type about 32 px high (a projected line a back row still reads); a class of
//! more than 30 is shown in pages of 30 that turn every [`PAGE_SECS`] seconds, each page
//! saying which it is. Pages rather than smaller type: below ~30 px a projected name is
//! no longer read from the back, and a page of teams that turns is still read whole.

use leptos::prelude::*;
use tcpip_stack::score::Goal;
use tcpip_stack::time::Instant;
use tcpip_stack::world::World;

use super::{ProjectedRow, projected};
use crate::app::clock_text;
use crate::board::Board;
use crate::board::layout::RING_MAX_TEAMS;
use crate::derived::Derived;
use crate::game::{room_qr_url, use_game};
use crate::i18n::{Key, Lang, t, use_locale};
use crate::instructor::{FeedKind, bots_tag, feed, join_links};
use crate::slot::Slot;

/// The address of the wall (the page's hash).
pub const WALL_HASH: &str = "#projector";
/// Teams on one page of the standings (3 columns of 10).
pub const PAGE_ROWS: usize = 30;
/// How long a page of the standings stays up when there are several.
pub const PAGE_SECS: u32 = 10;
/// The latest rounds reached, shown under the standings of a class of many teams.
const LATEST: usize = 4;

/// What the wall shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Joining,
    Race,
    Ended,
}

/// The phase of the game: `room` is `Some(ended)` in a classroom room; `started`, whether
/// its clock ever ran; `all_done`, whether every team reached every goal.
pub fn phase(room: Option<bool>, started: bool, all_done: bool) -> Phase {
    match room {
        Some(true) => Phase::Ended,
        _ if all_done => Phase::Ended,
        Some(false) if !started => Phase::Joining,
        _ => Phase::Race,
    }
}

/// How many pages the standings of `teams` teams take.
pub fn page_count(teams: usize) -> usize {
    teams.div_ceil(PAGE_ROWS).max(1)
}

/// The rows on page `page` (counted on and on: it wraps round).
pub fn page_rows<T>(rows: &[T], page: usize) -> &[T] {
    let start = (page % page_count(rows.len())) * PAGE_ROWS;
    rows.get(start..rows.len().min(start + PAGE_ROWS))
        .unwrap_or(&[])
}

/// Whether every team reached every goal of the game.
fn all_done(w: &World) -> bool {
    let race = w.race();
    let goals = race.goals();
    !goals.is_empty()
        && (0..w.teams().len()).all(|t| goals.iter().all(|g| race.reached(t, *g).is_some()))
}

/// Asks the browser to show the page full screen (from a click: browsers only allow it
/// then). A browser that refuses still shows the wall, only with its own bars.
pub fn full_screen() {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.request_fullscreen();
    }
}

/// Back to the app: out of full screen, and the address without `#projector`.
fn leave() {
    let Some(w) = web_sys::window() else {
        return;
    };
    if let Some(d) = w.document()
        && d.fullscreen_element().is_some()
    {
        d.exit_fullscreen();
    }
    let _ = w.location().set_hash("");
}

/// The wall (see the module).
#[component]
pub fn ProjectorWall() -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    let current = Derived::new(move || {
        let room = game.room().map(|r| r.ended);
        let clock = game.clock();
        let started = !clock.paused() || clock.now(0.0) != Instant::ZERO;
        let done = game.with_world(all_done).unwrap_or(false);
        phase(room, started, done)
    });
    let handle = window_event_listener(leptos::ev::keydown, |ev| {
        if ev.key() == "Escape" {
            leave();
        }
    });
    on_cleanup(move || handle.remove());
    let title = Derived::new(move || {
        game.with_world(|w| w.name().to_string())
            .unwrap_or_default()
    });
    let now = Slot::new(game.now());
    crate::dom::every(250, move || now.set(game.now()));
    let code = Derived::new(move || game.room().map(|r| r.code));
    view! {
        <main id="main" class="wall" data-phase=move || format!("{:?}", current.get()).to_lowercase()>
            <header class="wall-top">
                <h1 class="wall-title">{move || title.get()}</h1>
                {move || code.get().map(|c| view! {
                    <span class="wall-code-small">{tr(Key::JoinCode)} " " <strong>{c}</strong></span>
                })}
                <crate::pacing::PacingBanner />
                <span class="wall-clock" aria-label=tr(Key::GameTime)>{move || clock_text(now.get())}</span>
                <button type="button" class="wall-exit" on:click=|_| leave()>
                    {tr(Key::LeaveProjector)}
                </button>
            </header>
            {move || match current.get() {
                Phase::Joining => view! { <Joining /> }.into_any(),
                Phase::Race => view! { <Race /> }.into_any(),
                Phase::Ended => view! { <Ended /> }.into_any(),
            }}
        </main>
    }
}

/// The room code, the QR code, the join link and who has joined, by team.
#[component]
fn Joining() -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let code = Derived::new(move || game.room().map(|r| r.code).unwrap_or_default());
    let link = Derived::new(move || {
        let urls = game.server_info().map(|i| i.urls).unwrap_or_default();
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        join_links(&urls, &origin, &code.get())
            .into_iter()
            .next()
            .unwrap_or_default()
    });
    // Who sits in which team (a person watching is counted apart).
    let joined = Derived::new(move || {
        let members = game.room().map(|r| r.members).unwrap_or_default();
        game.with_world(|w| {
            let mut teams: Vec<(String, Vec<String>)> = w
                .teams()
                .iter()
                .map(|t| (t.name.clone(), Vec::new()))
                .collect();
            let mut watching = 0usize;
            for m in members.iter().filter(|m| !m.instructor) {
                match m
                    .node
                    .and_then(|n| w.node_view(n))
                    .and_then(|v| teams.get_mut(v.team))
                {
                    Some((_, names)) => names.push(m.name.clone()),
                    None => watching += 1,
                }
            }
            teams.retain(|(_, names)| !names.is_empty());
            (teams, watching)
        })
        .unwrap_or_default()
    });
    let count = move || {
        joined
            .with(|(teams, watching)| teams.iter().map(|(_, n)| n.len()).sum::<usize>() + watching)
    };
    view! {
        <section class="wall-join" aria-labelledby="wall-join-code">
            <div class="wall-join-text">
                <p class="wall-join-label" id="wall-join-code">{locale.text(Key::JoinCode)}</p>
                <p class="wall-join-value">{move || code.get()}</p>
                <p class="wall-join-at">{locale.text(Key::JoinAt)} ":"</p>
                <p class="wall-join-link">{move || link.get()}</p>
            </div>
            <img class="wall-qr" src=move || room_qr_url(&code.get())
                alt=locale.text(Key::QrAlt) width="480" height="480" />
            <div class="wall-joined">
                <h2>{locale.text(Key::WallJoined)} ": " {count}</h2>
                {move || {
                    let (teams, watching) = joined.get();
                    if teams.is_empty() && watching == 0 {
                        return view! { <p>{t(locale.get(), Key::NobodyJoined)}</p> }.into_any();
                    }
                    let lang = locale.get();
                    view! {
                        <ul class="wall-joined-teams">
                            {teams
                                .into_iter()
                                .map(|(team, names)| view! {
                                    <li><strong>{team}</strong> " " {names.join(", ")}</li>
                                })
                                .collect_view()}
                            {(watching > 0).then(|| view! {
                                <li><strong>{t(lang, Key::Watching)}</strong> " " {watching}</li>
                            })}
                        </ul>
                    }
                    .into_any()
                }}
            </div>
        </section>
    }
}

/// The standings, the page that turns, and beside them the board or the latest rounds.
#[component]
fn Race() -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let teams = Derived::new(move || game.with_world(|w| w.teams().len()).unwrap_or(0));
    let latest = Derived::new(move || {
        let lang = locale.get();
        game.with_world(|w| {
            feed(w, 40, lang)
                .into_iter()
                .filter(|l| l.kind == FeedKind::Goal)
                .take(LATEST)
                .map(|l| (l.team, l.text))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    });
    view! {
        <section class=move || if teams.get() <= RING_MAX_TEAMS { "wall-race wall-race-board" } else { "wall-race" }>
            <Standings />
            {move || if teams.get() <= RING_MAX_TEAMS {
                view! { <div class="wall-board"><Board /></div> }.into_any()
            } else {
                view! {
                    <section class="wall-latest" aria-labelledby="wall-latest-title"
                        class:wall-latest-none=move || latest.with(Vec::is_empty)>
                        <h2 id="wall-latest-title">{locale.text(Key::WallLatest)}</h2>
                        <ul>
                            {move || latest
                                .get()
                                .into_iter()
                                .map(|(team, text)| view! { <li><strong>{team}</strong> " " {text}</li> })
                                .collect_view()}
                        </ul>
                    </section>
                }
                .into_any()
            }}
        </section>
    }
}

/// The podium (its first three teams) and the final standings.
#[component]
fn Ended() -> impl IntoView {
    let locale = use_locale();
    let game = use_game();
    // The first three only: the paged standings below list every team.
    let data = Derived::new(move || {
        game.with_world(|w| {
            let mut places = w.podium();
            places.truncate(3);
            (places, w.race().goals().len())
        })
    });
    let podium = move || {
        data.get()
            .map(|(places, rounds)| view! { <crate::debrief::Podium places rounds /> })
    };
    view! {
        <section class="wall-ended" aria-labelledby="wall-ended-title">
            <h2 id="wall-ended-title" class="wall-ended-title">{locale.text(Key::WallFinal)}</h2>
            // The first three teams on the podium, large; the standings below stay paged.
            <div class="wall-podium">{podium}</div>
            <Standings />
        </section>
    }
}

/// The standings, a page at a time (see the module).
#[component]
fn Standings() -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let rows = Derived::new(move || game.with_world(projected).unwrap_or_default());
    let page = Slot::new(0usize);
    crate::dom::every(PAGE_SECS * 1000, move || {
        if rows.with_untracked(|r| page_count(r.len())) > 1 {
            page.update(|p| *p = p.wrapping_add(1));
        }
    });
    let size = move || match rows.with(Vec::len) {
        0..=RING_MAX_TEAMS => "wall-standings wall-cols-1",
        n if n <= 20 => "wall-standings wall-cols-2",
        _ => "wall-standings wall-cols-3",
    };
    view! {
        <div class="wall-standings-box">
            <ol class=size aria-label=locale.text(Key::Leaderboard)>
                {move || {
                    let lang = locale.get();
                    let p = page.get();
                    rows.with(|all| {
                        page_rows(all, p).iter().map(|r| standing(lang, r)).collect_view()
                    })
                }}
            </ol>
            {move || {
                let pages = rows.with(|r| page_count(r.len()));
                (pages > 1).then(|| {
                    let shown = page.get() % pages + 1;
                    view! {
                        <p class="wall-page" aria-live="polite">
                            {format!("{} {shown} / {pages}", t(locale.get(), Key::WallPage))}
                        </p>
                    }
                })
            }}
        </div>
    }
}

/// One team on the wall: rank, name, a mark per round (filled once reached), score.
fn standing(lang: Lang, r: &ProjectedRow) -> impl IntoView + use<> {
    let marks = format!(
        "{} / {} {}",
        r.goals_done,
        r.goals_total,
        t(lang, Key::Rounds).to_lowercase()
    );
    let reached: Vec<Goal> = r.reached.clone();
    view! {
        <li class="wall-row" data-team=r.team>
            <span class="wall-rank">{r.rank}</span>
            <span class="wall-team">{r.name.clone()} {r.bots.then(|| bots_tag(lang))}</span>
            <span class="wall-marks" role="img" aria-label=marks>
                {(0..r.goals_total)
                    .map(|i| {
                        let done = i < reached.len();
                        view! { <span class=if done { "wall-mark done" } else { "wall-mark" }></span> }
                    })
                    .collect_view()}
            </span>
            <span class="wall-score">{r.score}</span>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcpip_stack::scenario::Scenario;

    #[test]
    fn a_room_waits_for_people_then_races_then_ends() {
        assert_eq!(phase(Some(false), false, false), Phase::Joining);
        assert_eq!(phase(Some(false), true, false), Phase::Race);
        assert_eq!(phase(Some(true), true, false), Phase::Ended);
        assert_eq!(phase(Some(true), false, false), Phase::Ended);
        // A game on one computer has nobody to wait for.
        assert_eq!(phase(None, false, false), Phase::Race);
        assert_eq!(phase(None, true, true), Phase::Ended);
    }

    /// 30 teams fit on one page; 50 take two, the second with the last 20.
    #[test]
    fn thirty_teams_fit_and_more_turn_pages() {
        let rows: Vec<usize> = (0..50).collect();
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(30), 1);
        assert_eq!(page_count(50), 2);
        assert_eq!(
            page_rows(&rows[..30], 1),
            &rows[..30],
            "one page wraps to itself"
        );
        assert_eq!(page_rows(&rows, 0), &rows[..30]);
        assert_eq!(page_rows(&rows, 1), &rows[30..]);
        assert_eq!(page_rows(&rows, 2), &rows[..30], "and round again");
        assert!(page_rows(&Vec::<usize>::new(), 3).is_empty());
    }

    #[test]
    fn the_race_ends_when_every_team_reached_every_goal() {
        let scenario = Scenario::class_sized(30, 1).expect("a class of 30 teams");
        let w = World::new(&scenario).expect("builds");
        assert!(!all_done(&w));
        assert_eq!(projected(&w).len(), 30);
    }
}
