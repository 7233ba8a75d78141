//! The replay: pick a team, scrub the game time with a slider, and see that team's board
//! and ladder as they were then. The board and the ladder are the game's own components,
//! under a game context of their own that holds the game rebuilt from its log up to the
//! chosen time (see [`crate::game::GameCtx::replay`]).

use leptos::prelude::*;
use tcpip_stack::time::Instant;

use crate::app::clock_text;
use crate::derived::Derived;
use crate::game::{GameCtx, use_game};
use crate::i18n::{Key, use_locale};
use crate::slot::Slot;

#[component]
pub fn Replay() -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    let teams: Vec<(usize, String)> = untrack(|| {
        game.with_world(|w| {
            w.teams()
                .iter()
                .map(|t| (t.index, t.name.clone()))
                .collect()
        })
    })
    .unwrap_or_default();
    let replay = game.replay();
    view! {
        <section class="replay" aria-labelledby="replay-title">
            <h3 id="replay-title">{tr(Key::ReplayHeading)}</h3>
            {match replay {
                None => ().into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok(ctx)) => view! { <Scrubber ctx teams /> }.into_any(),
            }}
        </section>
    }
}

/// The team picker, the slider and the past, shown from the game's end first.
#[component]
fn Scrubber(ctx: GameCtx, teams: Vec<(usize, String)>) -> impl IntoView {
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    let end = ctx.replay_end();
    // Whole seconds on the slider (a keyboard step is one second); its last step is the
    // game's end, which the replay never runs past.
    let last = end.micros().div_ceil(1_000_000);
    let at = Slot::new(end);
    let error = Slot::new(None::<String>);
    let seek = move |to: Instant| match ctx.seek(to) {
        Ok(()) => at.set(to.min(end)),
        Err(e) => error.set(Some(e)),
    };
    seek(end);
    let team = Slot::new(teams.first().map_or(0, |t| t.0));
    let shown = Derived::new(move || clock_text(at.get()));
    view! {
        <div class="replay-controls">
            <label for="replay-team">{tr(Key::Team)}</label>
            <select
                id="replay-team"
                on:change=move |ev| {
                    if let Ok(t) = event_target_value(&ev).parse::<usize>() {
                        team.set(t);
                    }
                }
            >
                {teams
                    .into_iter()
                    .map(|(i, name)| view! { <option value=i.to_string()>{name}</option> })
                    .collect_view()}
            </select>
            <label for="replay-time">{tr(Key::GameTime)}</label>
            <input
                id="replay-time"
                type="range"
                min="0"
                max=last.to_string()
                step="1"
                prop:value=move || (at.get().micros() / 1_000_000).to_string()
                aria-valuetext=move || shown.get()
                on:input=move |ev| {
                    if let Ok(s) = event_target_value(&ev).parse::<u64>() {
                        seek(Instant::from_secs(s));
                    }
                }
            />
            <output for="replay-time" class="replay-clock">
                {move || format!("{} / {}", shown.get(), clock_text(end))}
            </output>
        </div>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        <Past ctx team />
    }
}

/// The chosen team's board and ladder under the replay's own game context.
#[component]
fn Past(ctx: GameCtx, team: Slot<usize>) -> impl IntoView {
    provide_context(ctx);
    view! {
        <div class="replay-past">
            {move || {
                let team = team.get();
                view! {
                    <div class="replay-board">
                        <crate::board::Board team=team />
                    </div>
                    <div class="replay-ladder">
                        <crate::ladder::Ladder team=team />
                    </div>
                }
            }}
        </div>
    }
}
