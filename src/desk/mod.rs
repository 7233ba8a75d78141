//! Reusable pieces of the Desk screen: the paper card form, the referee's verdict (with the
//! live region that announces it) and the TCP state diagram. They take plain signals and
//! callbacks, never the game world, so the local game and the classroom server can both
//! feed them.

mod card_form;
mod held;
mod paper;
mod router;
mod screen;
mod state_diagram;
mod task;
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
