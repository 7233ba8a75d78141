//! Pacing the class: the instructor can freeze the game to explain something (every screen
//! shows what) and can move the cards one at a time (step mode, like a network simulator's
//! simulation mode), so a first round can be watched card by card. The clock does the
//! work ([`tcpip_protocol::Clock`]); these are its controls and its banner.

use leptos::prelude::*;
use tcpip_protocol::clock::frozen_to_explain;
use tcpip_protocol::limits::MAX_NOTE_CHARS;

use crate::derived::Derived;
use crate::game::{Role, use_game};
use crate::i18n::{Key, said_view, use_locale};
use crate::slot::Slot;

/// The banner every screen shows while the instructor paces the class: the freeze with
/// its note, or step mode. Nothing otherwise.
#[component]
pub fn PacingBanner() -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let note = Derived::new(move || game.freeze_note());
    let stepping = Derived::new(move || game.clock().hold().is_some());
    move || {
        let lang = locale.get();
        if let Some(note) = note.get().filter(|_| game.clock().paused()) {
            let said = frozen_to_explain(&note);
            Some(
                view! {
                    <p class="pacing-banner frozen" role="status">
                        {said_view(lang, &said, "")}
                    </p>
                }
                .into_any(),
            )
        } else if stepping.get() {
            Some(
                view! {
                    <p class="pacing-banner stepping" role="status">
                        {locale.text(Key::StepBanner)}
                    </p>
                }
                .into_any(),
            )
        } else {
            None
        }
    }
}

/// The instructor's pacing controls: freeze with a note (in a classroom room, where the
/// class is on other screens), step mode and its Next button.
#[component]
pub fn PacingControls() -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    let note = Slot::new(String::new());
    let told = Slot::new(None::<tcpip_stack::text::Text>);
    let in_room = Derived::new(move || matches!(game.role(), Role::Instructor));
    let stepping = Derived::new(move || game.clock().hold().is_some());
    let freeze = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        game.freeze(&note.get_untracked());
    };
    let toggle_step = move |_| {
        told.set(None);
        game.set_step_mode(!stepping.get_untracked());
    };
    let next = move |_| told.set(game.next_step().err());
    view! {
        <div class="pacing-controls">
            {crate::shown::shown(
                move || in_room.get(),
                move || view! {
                    <form class="freeze-form" on:submit=freeze>
                        <label for="freeze-note">{tr(Key::FreezeNoteLabel)}</label>
                        <input
                            id="freeze-note"
                            type="text"
                            maxlength=MAX_NOTE_CHARS.to_string()
                            placeholder=tr(Key::FreezeNotePlaceholder)
                            prop:value=move || note.get()
                            on:input=move |ev| note.set(event_target_value(&ev))
                        />
                        <button type="submit" class="freeze-button">{tr(Key::FreezeGame)}</button>
                    </form>
                },
            )}
            <button
                type="button"
                class="step-mode"
                aria-pressed=move || stepping.get().to_string()
                on:click=toggle_step
            >
                {tr(Key::StepMode)}
            </button>
            {crate::shown::shown(
                move || stepping.get(),
                move || view! {
                    <button type="button" class="primary next-step" on:click=next>
                        {tr(Key::NextStep)}
                    </button>
                },
            )}
            <span class="pacing-message" role="status">
                {move || told.get().map(|t| said_view(locale.get(), &t, ""))}
            </span>
        </div>
    }
}
