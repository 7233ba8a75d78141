//! The task banner at the top of every desk: the round, its goal in one sentence, and the
//! player's situation in it ("your move: …" or "waiting for …"), read from the engine's
//! [`tcpip_stack::world::Task`] so it says what the referee will judge.

use leptos::prelude::*;
use tcpip_stack::text::{Text, text};
use tcpip_stack::time::Instant;
use tcpip_stack::world::{NodeId, Task};

use crate::derived::Derived;
use crate::game::{Role, use_game};
use crate::i18n::{Key, goal_explain, goal_title, said_view, t, use_locale};

/// What a student waits for while a room's clock is stopped: the start (the lobby) or the
/// end of a pause. The server refuses their moves meanwhile, so the banner says so
/// instead of naming a move they cannot make yet.
fn held_situation(not_started: bool) -> Text {
    if not_started {
        text!(
            "the game has not started: wait for the instructor to start it",
            "la partita non è ancora cominciata: aspetta che l'insegnante la avvii"
        )
    } else {
        text!(
            "the game is paused: wait for the instructor to resume it",
            "la partita è in pausa: aspetta che l'insegnante la riprenda"
        )
    }
}

#[component]
pub(crate) fn TaskBanner(node: NodeId) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let task = Derived::new(move || game.with_world(|w| w.task(node)).flatten());
    let held = Derived::new(move || {
        let clock = game.clock();
        let student = matches!(game.role(), Role::Student { .. });
        (student && clock.paused()).then(|| clock.now(0.0) == Instant::ZERO)
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
            if let Some(not_started) = held {
                your_move = false;
                situation = held_situation(not_started);
            }
            let heading = match round {
                Some(goal) => format!(
                    "{} {} — {}",
                    t(lang, Key::RoundWord),
                    goal.number(),
                    goal_title(lang, goal)
                ),
                None => t(lang, Key::RaceOver).to_string(),
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
