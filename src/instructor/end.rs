//! "End the game" for a game on one computer: confirmed first (the clock stops for good),
//! then the page shows the debrief. A room's instructor ends the room instead, for
//! everybody (the room panel).

use leptos::prelude::*;

use crate::app::ConfirmButton;
use crate::game::{Role, use_game};
use crate::i18n::Key;

/// The end of a local game, confirmed first (the clock stops for good): the debrief
/// follows. A room's instructor ends the room instead, for everybody.
#[component]
pub fn EndGame() -> impl IntoView {
    let game = use_game();
    crate::shown::shown(
        move || game.role() == Role::Local,
        move || {
            view! {
                <div class="end-game">
                    <ConfirmButton
                        label=Key::EndGame
                        question=Key::EndGameQuestion
                        confirm=Key::EndGameConfirm
                        cancel=Key::KeepPlaying
                        on_confirm=Callback::new(move |()| game.end_game())
                    />
                </div>
            }
        },
    )
}
