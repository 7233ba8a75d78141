//! The projector: the Projector tab inside the app (the leaderboard in type big enough to
//! read from the back of a room, high contrast, and the whole board below it, with a way to
//! the wall), and the wall itself ([`wall`]): the same game full screen, without the app's
//! bars, laid out for a 1920 × 1080 projector.

mod wall;

pub use wall::{ProjectorWall, WALL_HASH};

use leptos::prelude::*;
use tcpip_stack::time::Duration;

use super::{bots_among_people, bots_tag, mmss};
use crate::board::Board;
use crate::derived::Derived;
use crate::game::use_game;
use crate::i18n::{Key, goal_title, t, use_locale};
use tcpip_stack::score::Goal;

/// One line of the projected leaderboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectedRow {
    pub rank: usize,
    pub team: usize,
    pub name: String,
    pub goals_done: usize,
    pub goals_total: usize,
    /// The rounds reached, in the game's order.
    pub reached: Vec<Goal>,
    pub elapsed: Duration,
    pub penalty: Duration,
    pub score: i64,
    /// See [`bots_among_people`].
    pub bots: bool,
}

/// The leaderboard as projected, in ranking order.
pub fn projected(w: &tcpip_stack::world::World) -> Vec<ProjectedRow> {
    let race = w.race();
    let goals = race.goals();
    let board = race.leaderboard();
    let anyone = board.iter().any(|s| s.played);
    board
        .iter()
        .enumerate()
        .map(|(i, s)| ProjectedRow {
            rank: i + 1,
            bots: bots_among_people(s.played, anyone),
            team: s.team,
            reached: goals
                .iter()
                .filter(|g| race.reached(s.team, **g).is_some())
                .copied()
                .collect(),
            name: s.name.clone(),
            goals_done: s.goals_done,
            goals_total: goals.len(),
            elapsed: s.elapsed,
            penalty: s.penalty,
            score: s.score,
        })
        .collect()
}

/// The big leaderboard and the board.
#[component]
pub fn Projector() -> impl IntoView {
    let game = use_game();
    let rows = Derived::new(move || game.with_world(projected).unwrap_or_default());
    let title = Derived::new(move || {
        game.with_world(|w| w.name().to_string())
            .unwrap_or_default()
    });
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    view! {
        <section class="projector" aria-labelledby="projector-title">
            <h2 id="projector-title" class="projector-title">{move || title.get()}</h2>
            <p>
                <a class="projector-wall-link" href=WALL_HASH on:click=|_| wall::full_screen()>
                    {tr(Key::ProjectFullScreen)}
                </a>
            </p>
            <table class="projector-board-table">
                <caption class="sr-only">{tr(Key::Leaderboard)}</caption>
                <thead>
                    <tr>
                        <th scope="col">"#"</th>
                        <th scope="col">{tr(Key::Team)}</th>
                        <th scope="col">{tr(Key::Rounds)}</th>
                        <th scope="col">{tr(Key::Time)}</th>
                        <th scope="col">{tr(Key::Score)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let lang = locale.get();
                        rows.get()
                            .into_iter()
                            .map(|r| {
                                let reached = if r.reached.is_empty() {
                                    t(lang, Key::NoneYet).to_string()
                                } else {
                                    r.reached
                                        .iter()
                                        .map(|g| goal_title(lang, *g))
                                        .collect::<Vec<_>>()
                                        .join(" · ")
                                };
                                let time = if r.penalty == Duration::ZERO {
                                    mmss(r.elapsed)
                                } else {
                                    format!(
                                        "{} + {} {}",
                                        mmss(r.elapsed),
                                        mmss(r.penalty),
                                        t(lang, Key::Penalty)
                                    )
                                };
                                view! {
                                    <tr class="projector-row" data-team=r.team>
                                        <td class="projector-rank">{r.rank}</td>
                                        <th scope="row" class="projector-team">
                                            {r.name}
                                            {r.bots.then(|| bots_tag(lang))}
                                        </th>
                                        <td class="projector-goals">
                                            <span class="projector-count">
                                                {format!("{} / {}", r.goals_done, r.goals_total)}
                                            </span>
                                            <span class="projector-reached">{reached}</span>
                                        </td>
                                        <td class="projector-time">{time}</td>
                                        <td class="projector-score">{r.score}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            <div class="projector-board">
                <Board />
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcpip_stack::scenario::Scenario;
    use tcpip_stack::time::Instant;
    use tcpip_stack::world::World;

    #[test]
    fn every_team_is_ranked_with_the_rounds_it_reached() {
        let mut w = World::new(&Scenario::original()).expect("builds");
        w.advance(Instant::from_secs(120));
        let rows = projected(&w);
        assert_eq!(rows.len(), w.teams().len());
        assert_eq!(
            rows.iter().map(|r| r.rank).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
        for r in &rows {
            assert_eq!(r.goals_total, Goal::ALL.len());
            assert_eq!(r.reached.len(), r.goals_done);
            assert_eq!(r.reached.first().copied(), Some(Goal::Handshake));
        }
    }

    /// A person's move in the last team: their team is ranked first, the bot teams are
    /// marked.
    #[test]
    fn a_team_of_people_is_projected_first_and_the_bot_teams_are_marked() {
        let mut w = World::new(&Scenario::original()).expect("builds");
        w.advance(Instant::from_secs(60));
        assert!(projected(&w).iter().all(|r| !r.bots), "no people, no marks");
        let last = projected(&w).last().expect("teams").team;
        let node = w.teams()[last].clients[0];
        let now = w.now();
        w.act(
            tcpip_stack::world::Action::SetSeat {
                node,
                seat: tcpip_stack::world::Seat::Human,
            },
            now,
        )
        .expect("seat");
        w.act(tcpip_stack::world::Action::RequestHint { node }, now)
            .expect("a person's move");
        let rows = projected(&w);
        assert_eq!(rows[0].team, last);
        assert!(!rows[0].bots);
        assert!(rows[1..].iter().all(|r| r.bots));
    }
}
