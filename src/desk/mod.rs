//! The Desk screen and its pieces: the seat being played, the task banner, the paper card
//! form, what a move came to (the verdict, with the live region that announces it), the
//! router's desk, the TCP state diagram and the send buffer of the buffering round. The reusable pieces take plain signals and
//! callbacks; the screens read the game through the game context, in a game on one computer
//! and in a classroom room alike.

mod balancer;
mod card_form;
mod dns;
mod held;
mod paper;
mod router;
mod screen;
mod send_buffer;
mod state_diagram;
mod task;
mod timer;
mod verdict;

use std::sync::atomic::{AtomicUsize, Ordering};

pub use card_form::CardForm;
pub use screen::DeskScreen;
pub(crate) use screen::seat_label;
pub use state_diagram::{StateDiagram, TRANSITIONS, Transition, transition_label};
pub use verdict::{Announce, Announcer, NotesVerdictView, provide_announcer, use_announcer};

/// A number unique on this page, so several copies of a component (two desks side by side,
/// a test mounting many) get distinct element ids for `<label for>` and ARIA references.
pub(crate) fn next_id() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
