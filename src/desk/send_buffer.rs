//! The send buffer strip of a client's desk in the buffering round (Nagle's algorithm,
//! RFC 896): each byte the application wrote, whether it left on a card or waits in the
//! buffer, and how many bytes are unacknowledged in flight — read-only, from the engine's
//! [`tcpip_stack::world::SendBuffer`], so it shows what the referee judges against.

use leptos::prelude::*;
use tcpip_stack::world::NodeId;

use crate::derived::Derived;
use crate::game::use_game;
use crate::i18n::{Key, t, use_locale};

#[component]
pub(crate) fn SendBufferStrip(node: NodeId) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let buffer = Derived::new(move || game.with_world(|w| w.send_buffer(node)).flatten());
    let heading = format!("send-buffer-{}", super::next_id());
    move || {
        let lang = locale.get();
        buffer.get().map(|b| {
            let (sent, waiting) = (t(lang, Key::PieceSent), t(lang, Key::PieceWaiting));
            let pieces = b
                .written
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    let left = i < b.sent;
                    let label = format!("\"{c}\": {}", if left { sent } else { waiting });
                    view! {
                        <li class="piece" class:sent=left aria-label=label>
                            {c.to_string()}
                        </li>
                    }
                })
                .collect_view();
            let flight = match b.in_flight {
                0 => t(lang, Key::NothingInFlight).to_string(),
                n => format!("{} {n}", t(lang, Key::InFlight)),
            };
            let mode = t(lang, if b.nagle { Key::NagleOn } else { Key::NagleOff });
            let to_write = format!("{} {}", t(lang, Key::StillToWrite), b.to_write);
            view! {
                <section class="send-buffer" aria-labelledby=heading.clone()>
                    <h4 id=heading.clone()>{t(lang, Key::SendBuffer)}</h4>
                    <ol class="pieces">{pieces}</ol>
                    <p class="send-buffer-state">
                        <span class="in-flight" class:busy=b.in_flight != 0>{flight}</span>
                        " · "
                        <span>{to_write}</span>
                        " · "
                        <span class="nagle-mode">{mode}</span>
                    </p>
                </section>
            }
        })
    }
}
