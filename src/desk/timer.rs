//! The retransmission timer on a host's desk (RFC 6298 §5): for each connection waiting
//! for an ACK, the seconds left, the timeout, how often it ran out, and a bar that empties.
//! A person plays the retransmission by hand, so the timer is theirs to watch: when it
//! runs out the task banner (a polite live region) says to send the card again, while
//! the timer's sentence is a `role="timer"`, which screen readers do not announce every
//! tick (on the sentence, not the list item, which must stay a list item).

use leptos::prelude::*;
use tcpip_stack::host::ConnView;
use tcpip_stack::tcp::State;

use crate::derived::Derived;
use crate::game::use_game;
use crate::i18n::{said_view, use_locale};
use crate::slot::Slot;

/// How often the seconds are redrawn: the game time runs between world changes.
const TICK_MS: u32 = 500;

#[component]
pub(crate) fn RetransmitTimers(conns: Derived<Vec<ConnView>>) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let now = Slot::new(game.now());
    crate::dom::every(TICK_MS, move || now.set(game.now()));
    move || {
        let lang = locale.get();
        let at = now.get();
        let rows: Vec<_> = conns
            .get()
            .into_iter()
            .filter(|c| c.state != State::Closed)
            .filter_map(|c| {
                let text = c.timer_text(at)?;
                let left = c.rto_deadline.map_or(0, |d| d.since(at).micros());
                // Integer percent: no float formatting in the bundle.
                let full = left.saturating_mul(100) / c.rto.micros().max(1);
                // Set through the CSSOM (`style:`), which the page's style-src policy allows,
                // unlike a `style` attribute.
                let width = format!("{}%", full.min(100));
                let resent = c.retransmits > 0;
                Some(view! {
                    <li class="rto-timer" class:resent=resent>
                        <span role="timer">{said_view(lang, &text, "rto-text")}</span>
                        <span class="rto-bar" aria-hidden="true">
                            <span class="rto-left" style:width=width></span>
                        </span>
                    </li>
                })
            })
            .collect();
        (!rows.is_empty()).then(|| view! { <ul class="rto-timers">{rows}</ul> })
    }
}
