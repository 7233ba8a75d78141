//! The screens only a teacher uses (or whoever plays a game on one computer): the way into
//! a local game and the class set-up, the instructor's and the projector's views, the
//! printable pages and the exports.
//!
//! Students download a page of their own (`/join/`, the `tcpip-join` binary): the same
//! shell, start screen, desk, board, ladder and debrief, without these. Wasm has no lazy
//! loading that Trunk can build, so the split is made at link time: shared views reach the
//! teacher's screens only through [`TeacherScreens`], function pointers that the whole
//! game's page provides as context and the join page never creates, so nothing the join
//! page runs can reach their code and the linker leaves it out (the bundle budget is what a
//! student downloads).

use leptos::prelude::*;
use tcpip_stack::text::Text;

use crate::game::GameCtx;
use crate::slot::Slot;

/// One teacher-only screen, rendered on demand.
pub type Screen = fn() -> AnyView;

/// The teacher's screens, as the whole game's page provides them.
#[derive(Clone, Copy)]
pub struct TeacherScreens {
    /// The start screen's way into a game on this computer; its argument says why a saved
    /// game could not be restored.
    pub play: fn(Slot<Option<String>>) -> AnyView,
    /// The rooms this browser runs, each with a way back in; its argument shows why one
    /// could not be entered.
    pub rooms_you_run: fn(Slot<Option<Text>>) -> AnyView,
    /// The game on this computer that this browser saved, brought back
    /// ([`GameCtx::resume_saved`]): a local game is the whole game's, and reading its save
    /// needs the scenario file reader, which the join page leaves out.
    pub resume_saved: fn(&GameCtx) -> Result<bool, String>,
    /// The instructor's tab.
    pub instructor: Screen,
    /// The projector's tab (the join link and the race as a projector shows it).
    pub projector: Screen,
    /// The projector's wall: full screen, without the app's bars.
    pub wall: Screen,
    /// The printable pages (cards, lesson guide).
    pub print: Screen,
    /// The results and records to take away, at the end of a game.
    pub exports: Screen,
}

/// The teacher's screens, when this page has them (`None` on a student's join page).
pub fn screens() -> Option<TeacherScreens> {
    use_context::<TeacherScreens>()
}
