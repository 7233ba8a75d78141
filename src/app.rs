//! The app shell: restores a saved game on load, shows the start screen or the game, and
//! holds the game screen's top bar (clock, pause, speed, new game) and its views.

use leptos::prelude::*;
use tcpip_stack::time::Instant;

use crate::game::{GameCtx, use_game};
use crate::i18n::{Key, LanguageSwitch, provide_i18n, t, use_locale};

/// The views of the game screen, as tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Board,
    Desk,
    Ladder,
    Instructor,
    Projector,
}

impl View {
    pub const ALL: [View; 5] = [
        View::Board,
        View::Desk,
        View::Ladder,
        View::Instructor,
        View::Projector,
    ];

    /// The tab's text key (the desk's own heading names its tab).
    fn label(self) -> Key {
        match self {
            View::Board => Key::TabBoard,
            View::Desk => Key::DeskHeading,
            View::Ladder => Key::TabLadder,
            View::Instructor => Key::TabInstructor,
            View::Projector => Key::TabProjector,
        }
    }

    fn id(self) -> &'static str {
        match self {
            View::Board => "board",
            View::Desk => "desk",
            View::Ladder => "ladder",
            View::Instructor => "instructor",
            View::Projector => "projector",
        }
    }
}

/// The whole game.
#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    crate::desk::provide_announcer();
    let game = GameCtx::provide();
    // Nothing lost on reload: a saved game comes back exactly (its actions replayed).
    let resume_error = RwSignal::new(None::<String>);
    if let Err(e) = game.resume_saved() {
        resume_error.set(Some(e));
    }
    let printing = hash_signal();
    view! {
        <crate::desk::Announcer />
        <Show when=move || !printing.get() fallback=|| view! { <crate::print::PrintView /> }>
            <Show
                when=move || game.is_playing()
                fallback=move || view! { <crate::start::StartScreen resume_error /> }
            >
                <GameScreen />
            </Show>
        </Show>
    }
}

/// Whether the page's address ends in `#print`, kept up to date as the hash changes.
fn hash_signal() -> RwSignal<bool> {
    let is_print = || {
        web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .is_some_and(|h| h == "#print")
    };
    let printing = RwSignal::new(is_print());
    let handle = window_event_listener(leptos::ev::hashchange, move |_| printing.set(is_print()));
    on_cleanup(move || handle.remove());
    printing
}

#[component]
fn GameScreen() -> impl IntoView {
    let view = RwSignal::new(View::Board);
    let locale = use_locale();
    view! {
        <TopBar />
        <nav class="tabs" role="tablist" aria-label=move || t(locale.get(), Key::ViewsLabel)>
            {View::ALL
                .into_iter()
                .map(|v| {
                    view! {
                        <button
                            type="button"
                            role="tab"
                            id=format!("tab-{}", v.id())
                            aria-controls="view"
                            aria-selected=move || (view.get() == v).to_string()
                            tabindex=move || if view.get() == v { "0" } else { "-1" }
                            on:click=move |_| view.set(v)
                            on:keydown=move |ev| {
                                let i = View::ALL.iter().position(|x| *x == v).unwrap_or(0);
                                let n = View::ALL.len();
                                let next = match ev.key().as_str() {
                                    "ArrowRight" => Some((i + 1) % n),
                                    "ArrowLeft" => Some((i + n - 1) % n),
                                    _ => None,
                                };
                                if let Some(j) = next {
                                    view.set(View::ALL[j]);
                                    focus(&format!("tab-{}", View::ALL[j].id()));
                                }
                            }
                        >
                            {move || t(locale.get(), v.label())}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
        <main id="view" role="tabpanel" aria-labelledby=move || format!("tab-{}", view.get().id())>
            {move || match view.get() {
                View::Board => view! { <crate::board::Board /> }.into_any(),
                View::Desk => view! { <crate::desk::DeskScreen /> }.into_any(),
                View::Ladder => view! { <crate::ladder::Ladder /> }.into_any(),
                View::Instructor => view! { <crate::instructor::Instructor /> }.into_any(),
                View::Projector => view! { <crate::instructor::Projector /> }.into_any(),
            }}
        </main>
    }
}

fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Game time as m:ss.
pub fn clock_text(at: Instant) -> String {
    let s = at.micros() / 1_000_000;
    format!("{}:{:02}", s / 60, s % 60)
}

#[component]
fn TopBar() -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let tr = move |key| move || t(locale.get(), key);
    // The clock display refreshes on its own; the world only changes when something happens.
    let now = RwSignal::new(game.now());
    if let Ok(h) = set_interval_with_handle(
        move || now.set(game.now()),
        std::time::Duration::from_millis(250),
    ) {
        on_cleanup(move || h.clear());
    }
    let name = Memo::new(move |_| {
        game.with_world(|w| w.name().to_string())
            .unwrap_or_default()
    });
    let paused = move || game.clock().paused();
    let confirm_new = RwSignal::new(false);
    view! {
        <header class="topbar">
            <h1 class="brand">"TCP/IP Animated"</h1>
            <span class="scenario-name">{name}</span>
            <span class="clock" aria-label=tr(Key::GameTime)>
                {move || clock_text(now.get())}
            </span>
            <button
                type="button"
                aria-pressed=move || paused().to_string()
                on:click=move |_| game.set_paused(!paused())
            >
                {move || t(locale.get(), if paused() { Key::Resume } else { Key::Pause })}
            </button>
            <label for="speed-select">{tr(Key::Speed)}</label>
            <select
                id="speed-select"
                on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<u32>() {
                        game.set_speed(v);
                    }
                }
            >
                {[25u32, 50, 100, 200, 400, 1000]
                    .into_iter()
                    .map(|v| {
                        view! {
                            <option
                                value=v.to_string()
                                selected=move || game.clock().speed_percent() == v
                            >
                                {format!("{v} %")}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <LanguageSwitch />
            <button type="button" class="danger" on:click=move |_| confirm_new.set(true)>
                {tr(Key::NewGame)}
            </button>
            <Show when=move || confirm_new.get()>
                <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
                    <p id="confirm-text">{tr(Key::DiscardQuestion)}</p>
                    <button type="button" class="danger" on:click=move |_| game.discard()>
                        {tr(Key::DiscardConfirm)}
                    </button>
                    <button type="button" on:click=move |_| confirm_new.set(false)>
                        {tr(Key::KeepPlaying)}
                    </button>
                </div>
            </Show>
        </header>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_reads_minutes_and_seconds() {
        assert_eq!(clock_text(Instant::ZERO), "0:00");
        assert_eq!(clock_text(Instant::from_millis(125_900)), "2:05");
    }
}
