//! The task banner at the top of every desk: the round, its goal in one sentence, and the
//! player's situation in it ("your move: …" or "waiting for …"), read from the engine's
//! [`tcpip_stack::world::Task`] so it says what the referee will judge.

use leptos::prelude::*;
use tcpip_protocol::clock::{frozen_to_explain, waiting_for_the_instructor};
use tcpip_stack::world::{NodeId, Task};

use crate::derived::Derived;
use crate::game::{Role, use_game};
use crate::i18n::{Key, goal_explain, goal_title, said_view, t, use_locale};

#[component]
pub(crate) fn TaskBanner(node: NodeId) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let task = Derived::new(move || game.with_world(|w| w.task(node)).flatten());
    // The game's DNS server and its load balancer are no team's players: they serve every
    // team in every round, so their banner names their role instead of a team's round and
    // goal.
    let serves_all = game
        .with_world(|w| {
            if w.dns_server() == Some(node) {
                Some(Key::DnsServerRole)
            } else if w.balancer() == Some(node) {
                Some(Key::BalancerRole)
            } else {
                None
            }
        })
        .flatten();
    // In a room, a student waits for the instructor's clock (the server refuses their moves
    // until it runs): the banner says so instead of naming a move they cannot make yet.
    // A freeze says what the instructor stopped the game for, as the server's refusal does.
    let held = Derived::new(move || {
        let clock = game.clock();
        let student = matches!(game.role(), Role::Student { .. });
        (student && clock.paused()).then(|| match game.freeze_note() {
            Some(note) => frozen_to_explain(&note),
            None => waiting_for_the_instructor(clock.now(0.0)),
        })
    });
    move || {
        let lang = locale.get();
        let held = held.get();
        task.get().map(|task| {
            let Task {
                round,
                mut your_move,
                mut situation,
            } = task;
            if let Some(why) = held {
                your_move = false;
                situation = why;
            }
            let round = round.filter(|_| serves_all.is_none());
            let heading = match (round, serves_all) {
                (None, Some(role)) => t(lang, role).to_string(),
                (Some(goal), _) => format!(
                    "{} {} — {}",
                    t(lang, Key::RoundWord),
                    goal.number(),
                    goal_title(lang, goal)
                ),
                (None, None) => t(lang, Key::RaceOver).to_string(),
            };
            let goal = round.map(|g| view! { <p class="task-goal">{goal_explain(lang, g)}</p> });
            view! {
                <section class="task-banner" class:your-move=your_move aria-live="polite">
                    <h3 class="task-round">{heading}</h3>
                    {goal}
                    <p class="task-situation" data-your-move=your_move.to_string()>
                        {said_view(lang, &situation, "")}
                    </p>
                </section>
            }
        })
    }
}
