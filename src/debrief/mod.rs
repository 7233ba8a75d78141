//! The debrief at the end of a game: the podium, the class's most common mistakes and a
//! replay of each team's game. Every device of an ended room shows it (students, the
//! instructor, the projector), and so does a local game its players ended. Everything is
//! read from the engine's [`tcpip_stack::world::World::debrief`] and from a replay of the
//! game's own log; nothing here changes the game.

mod mistakes;
mod podium;
mod replay;

pub use mistakes::Mistakes;
pub use podium::Podium;
pub use replay::Replay;

use leptos::prelude::*;
use tcpip_stack::text::Text;

use crate::derived::Derived;
use crate::game::{Role, room_log_url, use_game};
use crate::i18n::{Key, LanguageSwitch, use_locale};

/// The whole debrief page. `notice`: why a room ended, when the server said.
#[component]
pub fn DebriefScreen(notice: Option<Text>) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    let room = untrack(|| game.room());
    let log = room.as_ref().and_then(|s| {
        let you = s.you.as_ref()?;
        you.instructor.then(|| room_log_url(&you.code, &you.token))
    });
    // The results are the instructor's to take away (and, on one computer, whoever ran it).
    let exports = matches!(untrack(|| game.role()), Role::Local | Role::Instructor);
    let debrief = Derived::new(move || game.with_world(|w| w.debrief()));
    let back = move |_| match untrack(|| game.role()) {
        Role::Local => game.discard(),
        Role::Instructor | Role::Student { .. } => game.leave_room(),
    };
    // A room says the room is over (every device of the class reads the same words); a
    // local game that its players ended, that the game is.
    let title = if room.is_some() {
        Key::RoomOver
    } else {
        Key::DebriefTitle
    };
    view! {
        <main id="main" class="debrief room-over">
            <div class="debrief-bar">
                <button type="button" class="primary" on:click=back>
                    {tr(Key::BackToStart)}
                </button>
                <LanguageSwitch />
            </div>
            <h1>"TCP/IP Animated"</h1>
            <h2 class="debrief-title">{tr(title)}</h2>
            {room.map(|_| match notice {
                // The server's own sentence is English only; this page's has Italian.
                Some(n) => view! { <p>{locale.said(n, "")}</p> }.into_any(),
                None => view! { <p>{tr(Key::RoomEndedByInstructor)}</p> }.into_any(),
            })}
            {move || {
                debrief
                    .get()
                    .map(|d| {
                        view! {
                            <Podium places=d.podium rounds=d.rounds />
                            <Mistakes groups=d.mistakes />
                            <Replay />
                        }
                    })
            }}
            {log.map(|href| {
                view! {
                    <p>
                        <a href=href download="">{tr(Key::DownloadRoomLog)}</a>
                    </p>
                }
            })}
            {crate::teacher::screens().filter(|_| exports).map(|s| (s.exports)())}
        </main>
    }
}
