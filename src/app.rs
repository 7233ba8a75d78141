//! The app shell: on load, restores a saved game or gets back into a classroom room; shows
//! the start screen, the game or the end of a room; holds the game screen's top bar (clock,
//! pause, speed, new game; in a room, the person, the room code and the connection) and its
//! views, as many as the person's role allows.

use leptos::prelude::*;
use tcpip_stack::text::Text;
use tcpip_stack::time::Instant;
use tcpip_stack::world::NodeId;

use crate::derived::Derived;
use crate::game::{GameCtx, LinkState, Role, use_game};
use crate::i18n::{Key, LanguageSwitch, provide_i18n, t, use_locale};
use crate::slot::Slot;
use crate::teacher::TeacherScreens;

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

    /// What a student in a classroom room sees: their game, not the instructor's.
    pub const STUDENT: [View; 3] = [View::Board, View::Desk, View::Ladder];

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

/// What the page shows: one of its screens, or a teacher's page that takes the whole window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shown {
    Screen(Screen),
    /// A printable page (`#print`, `#guide`).
    Print,
    /// The projector's wall (`#projector`).
    Wall,
}

/// Where the game on the page is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Screen {
    Start,
    Game,
    /// The game on this page is over: its debrief.
    RoomOver,
}

/// The whole game: a game on one computer, the classroom's instructor and projector, and
/// a student's seat.
#[component]
pub fn App() -> impl IntoView {
    provide_context(whole_game());
    view! { <Shell /> }
}

/// The teacher's screens of the whole game's page.
pub fn whole_game() -> TeacherScreens {
    TeacherScreens {
        play: |resume_error| view! { <crate::start::play::Play resume_error /> }.into_any(),
        rooms_you_run: |room_error| {
            view! { <crate::start::play::RoomsYouRun room_error /> }.into_any()
        },
        resume_saved: GameCtx::resume_saved,
        instructor: || view! { <crate::instructor::Instructor /> }.into_any(),
        projector: || {
            view! {
                <crate::instructor::RoomJoin />
                <crate::instructor::Projector />
            }
            .into_any()
        },
        wall: || view! { <crate::instructor::ProjectorWall /> }.into_any(),
        print: || view! { <crate::print::PrintView /> }.into_any(),
        exports: || view! { <crate::instructor::Exports /> }.into_any(),
    }
}

/// A student's page (the join link's): joining a room and playing a seat in it, without
/// the teacher's screens ([`crate::teacher`]).
#[component]
pub fn StudentApp() -> impl IntoView {
    view! { <Shell /> }
}

/// The page around whichever screens it has: restoring a saved game (the whole game only)
/// or getting back into a room, then the start screen, the game or its end.
#[component]
fn Shell() -> impl IntoView {
    let screens = crate::teacher::screens();
    provide_i18n();
    crate::desk::provide_announcer();
    // A game the caller already provided (a test driving a classroom room) is the page's.
    let game = use_context::<GameCtx>().unwrap_or_else(GameCtx::provide);
    let resume_error = Slot::new(None::<String>);
    let room_error = Slot::new(None::<Text>);
    // Nothing lost on reload: a saved game comes back exactly (its actions replayed), and
    // a browser that was in a classroom room gets its seat back, once the server says it
    // runs classrooms (else the local save, if any, comes back).
    let resume = move || {
        if let Some(Err(e)) = screens.map(|s| (s.resume_saved)(&game)) {
            resume_error.set(Some(e));
        }
    };
    let remembered = GameCtx::remembered_room();
    // A game on one computer is the whole game's: the join page only plays in rooms.
    if remembered.is_none() && screens.is_some() {
        resume();
    }
    leptos::task::spawn_local(async move {
        let classroom = game.discover_server().await.is_some();
        match remembered {
            Some(key) if classroom => game.rejoin_room(key, move |entered| {
                if let Err(e) = entered {
                    room_error.set(Some(e));
                }
            }),
            Some(_) if screens.is_some() => resume(),
            Some(_) | None => {}
        }
    });
    let screen = Derived::new(move || {
        // A room whose page never got the game (ended before it arrived) still says so.
        if game.is_over() && (game.is_playing() || game.room().is_some()) {
            Screen::RoomOver
        } else if game.is_playing() {
            Screen::Game
        } else {
            Screen::Start
        }
    });
    // The join page is a student's: a browser that turns out to be a room's instructor
    // there (its saved key) goes to the whole game, which rejoins the room with that key.
    if screens.is_none() {
        Effect::new(move |_| {
            if matches!(game.role(), Role::Instructor) {
                crate::dom::go_to("../");
            }
        });
    }
    let hash = crate::dom::hash_signal();
    let shown = Derived::new(move || {
        let screen = screen.get();
        hash.with(|h| {
            if screens.is_some() && crate::print::Page::from_hash(h).is_some() {
                Shown::Print
            } else if screens.is_some()
                && h == crate::instructor::WALL_HASH
                && screen != Screen::Start
                && !matches!(game.role(), Role::Student { .. })
            {
                // The projector's wall, full screen without the app's bars: never a student's.
                Shown::Wall
            } else {
                Shown::Screen(screen)
            }
        })
    });
    view! {
        <crate::desk::Announcer />
        {move || match shown.get() {
            Shown::Print => screens.map(|s| (s.print)()).into_any(),
            Shown::Wall => screens.map(|s| (s.wall)()).into_any(),
            Shown::Screen(Screen::Start) => {
                view! { <crate::start::StartScreen resume_error room_error /> }.into_any()
            }
            Shown::Screen(Screen::Game) => view! { <GameScreen /> }.into_any(),
            Shown::Screen(Screen::RoomOver) => view! { <RoomOver /> }.into_any(),
        }}
    }
}

#[component]
fn GameScreen() -> impl IntoView {
    let game = use_game();
    let screens = crate::teacher::screens();
    let student = Derived::new(move || matches!(game.role(), Role::Student { .. }));
    // A student plays their seat; the instructor's and projector's views are not theirs
    // (and not on their page).
    let views = move || -> &'static [View] {
        if student.get() || screens.is_none() {
            &View::STUDENT
        } else {
            &View::ALL
        }
    };
    let first = match untrack(|| game.role()) {
        Role::Instructor => View::Instructor,
        Role::Student { seat: Some(_) } => View::Desk,
        _ => View::Board,
    };
    let view = Slot::new(first);
    // A student lands on their desk, also when the seat arrives after the page (a join or
    // a reload that is still being answered): the desk is where they play. Once the
    // student has chosen a view, it stays theirs.
    let landed = Slot::new(matches!(first, View::Desk | View::Instructor));
    Effect::new(move |_| {
        if let Role::Student { seat: Some(_) } = game.role()
            && !landed.get_untracked()
        {
            landed.set(true);
            view.set(View::Desk);
        }
    });
    let locale = use_locale();
    view! {
        <TopBar />
        <RoomNotice />
        <crate::pacing::PacingBanner />
        <nav class="tabs" role="tablist" aria-label=locale.text(Key::ViewsLabel)>
            {move || {
                let list = views();
                list.iter()
                    .map(|&v| {
                        view! {
                            <button
                                type="button"
                                role="tab"
                                id=format!("tab-{}", v.id())
                                aria-controls="view"
                                aria-selected=move || (view.get() == v).to_string()
                                tabindex=move || if view.get() == v { "0" } else { "-1" }
                                on:click=move |_| {
                                    landed.set(true);
                                    view.set(v);
                                }
                                on:keydown=move |ev| {
                                    let i = list.iter().position(|x| *x == v).unwrap_or(0);
                                    let n = list.len();
                                    let next = match ev.key().as_str() {
                                        "ArrowRight" => Some((i + 1) % n),
                                        "ArrowLeft" => Some((i + n - 1) % n),
                                        _ => None,
                                    };
                                    if let Some(&w) = next.and_then(|j| list.get(j)) {
                                        landed.set(true);
                                        view.set(w);
                                        crate::dom::focus(&format!("tab-{}", w.id()));
                                    }
                                }
                            >
                                {locale.text(v.label())}
                            </button>
                        }
                    })
                    .collect_view()
            }}
        </nav>
        <main id="view" role="tabpanel" aria-labelledby=move || format!("tab-{}", view.get().id())>
            {move || match view.get() {
                View::Board => view! { <RoleBoard /> }.into_any(),
                View::Desk => view! { <crate::desk::DeskScreen /> }.into_any(),
                View::Ladder => view! { <RoleLadder /> }.into_any(),
                View::Instructor => screens.map(|s| (s.instructor)()).into_any(),
                View::Projector => screens.map(|s| (s.projector)()).into_any(),
            }}
        </main>
    }
}

/// A student's seat and its team (`None` for everyone else, and for a student who is
/// watching): what their board and ladder are narrowed to.
fn student_seat() -> (Derived<Option<NodeId>>, Derived<Option<usize>>) {
    let game = use_game();
    let seat = Derived::new(move || match game.role() {
        Role::Student { seat } => seat,
        Role::Local | Role::Instructor => None,
    });
    let team = Derived::new(move || {
        seat.get().and_then(|n| {
            game.with_world(|w| w.node_view(n).map(|v| v.team))
                .flatten()
        })
    });
    (seat, team)
}

/// The board as this person sees it: a student their own team's LAN with their seat
/// ringed; everyone else (and a student who is watching) every team.
#[component]
fn RoleBoard() -> impl IntoView {
    let (seat, team) = student_seat();
    move || match (seat.get(), team.get()) {
        (Some(node), Some(team)) => {
            view! { <crate::board::Board team=team highlight=node /> }.into_any()
        }
        _ => view! { <crate::board::Board /> }.into_any(),
    }
}

/// The ladder as this person sees it: a student the connections of their own team (the
/// other teams' cards are theirs to write, not to copy); everyone else every connection.
#[component]
fn RoleLadder() -> impl IntoView {
    let (_, team) = student_seat();
    move || match team.get() {
        Some(team) => view! { <crate::ladder::Ladder team=team /> }.into_any(),
        None => view! { <crate::ladder::Ladder /> }.into_any(),
    }
}

/// The end of a game (a room its instructor ended, or a local game its players ended):
/// the debrief, with why a room ended, its log for its instructor, and the way back.
#[component]
fn RoomOver() -> impl IntoView {
    let game = use_game();
    let notice = untrack(|| game.room()).and_then(|s| s.notice);
    view! { <crate::debrief::DebriefScreen notice /> }
}

/// The server's last complaint (a command it refused), as text, until dismissed.
#[component]
fn RoomNotice() -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let notice = Derived::new(move || game.room().and_then(|r| r.notice));
    move || {
        notice.get().map(|n| {
            view! {
                <div class="room-notice error" role="alert">
                    <strong>{locale.text(Key::ServerSays)}</strong>
                    " "
                    // The server's own sentence is English only; this page's has Italian.
                    {locale.said(n, "")}
                    " "
                    <button type="button" on:click=move |_| game.dismiss_notice()>
                        {locale.text(Key::Dismiss)}
                    </button>
                </div>
            }
        })
    }
}

/// A button whose action is confirmed first (it loses something: a game, a seat, a room).
#[component]
pub(crate) fn ConfirmButton(
    label: Key,
    question: Key,
    confirm: Key,
    cancel: Key,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    let open = Slot::new(false);
    let text_id = format!("confirm-text-{}", crate::desk::next_id());
    view! {
        // In a phone's top bar only the cross shows (style.css); the words stay the
        // button's name for screen readers and voice control.
        <button type="button" class="danger" on:click=move |_| open.set(true)>
            <span class="bar-icon" aria-hidden="true">"✕"</span>
            <span class="bar-word">{tr(label)}</span>
        </button>
        {crate::shown::shown(
            move || open.get(),
            move || view! {
                <div class="confirm" role="alertdialog" aria-labelledby=text_id.clone()>
                    <p id=text_id.clone()>{tr(question)}</p>
                    <button
                        type="button"
                        class="danger"
                        on:click=move |_| {
                            open.set(false);
                            on_confirm.run(());
                        }
                    >
                        {tr(confirm)}
                    </button>
                    <button type="button" on:click=move |_| open.set(false)>
                        {tr(cancel)}
                    </button>
                </div>
            },
        )}
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
    let tr = move |key| locale.text(key);
    // The clock display refreshes on its own; the world only changes when something happens.
    let now = Slot::new(game.now());
    crate::dom::every(250, move || now.set(game.now()));
    let name = Derived::new(move || {
        game.with_world(|w| w.name().to_string())
            .unwrap_or_default()
    });
    let role = Derived::new(move || game.role());
    // In a room, "New game" becomes leaving it (what that costs depends on the role).
    let leave_question = Derived::new(move || match role.get() {
        Role::Local => None,
        Role::Instructor => Some(Key::LeaveQuestionInstructor),
        Role::Student { .. } => Some(Key::LeaveQuestion),
    });
    let paused = move || game.clock().paused();
    view! {
        <header class="topbar">
            <h1 class="brand">"TCP/IP Animated"</h1>
            <span class="scenario-name">{move || name.get()}</span>
            <span class="clock" aria-label=tr(Key::GameTime)>
                {move || clock_text(now.get())}
            </span>
            // A student cannot start the clock, so they are told why nothing moves (a room
            // opens paused). Always on the page, so the change is announced.
            {crate::shown::shown(
                move || matches!(role.get(), Role::Student { .. }),
                move || view! {
                    <span class="clock-state" role="status">
                        {move || paused().then(|| t(locale.get(), Key::Paused))}
                    </span>
                },
            )}
            // The clock is the instructor's (or, on one computer, everybody's).
            {crate::shown::shown(
                move || !matches!(role.get(), Role::Student { .. }),
                move || view! {
                    <button
                        type="button"
                        aria-pressed=move || paused().to_string()
                        on:click=move |_| game.set_paused(!paused())
                    >
                        {move || t(locale.get(), game.clock_button(Key::Pause, Key::Resume))}
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
                },
            )}
            <RoomBadge />
            <LanguageSwitch />
            {move || match leave_question.get() {
                None => {
                    view! {
                        <ConfirmButton
                            label=Key::NewGame
                            question=Key::DiscardQuestion
                            confirm=Key::DiscardConfirm
                            cancel=Key::KeepPlaying
                            on_confirm=Callback::new(move |()| game.discard())
                        />
                    }
                        .into_any()
                }
                Some(question) => {
                    view! {
                        <ConfirmButton
                            label=Key::LeaveRoom
                            question
                            confirm=Key::LeaveConfirm
                            cancel=Key::Stay
                            on_confirm=Callback::new(move |()| game.leave_room())
                        />
                    }
                        .into_any()
                }
            }}
        </header>
    }
}

/// In a classroom room: who this person is, the room's code and the connection (a live
/// region that stays on the page, so every change of the connection is announced).
#[component]
fn RoomBadge() -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    let who = Derived::new(move || {
        game.room()
            .map(|r| (r.code, r.you.map(|y| y.name).unwrap_or_default()))
    });
    let link = Derived::new(move || game.room().map(|r| r.link));
    let class = move || match link.get() {
        Some(LinkState::Online) => "room-link online",
        Some(LinkState::Reconnecting { .. }) => "room-link offline",
        Some(LinkState::Connecting) | None => "room-link",
    };
    let state = move || {
        let lang = locale.get();
        match link.get() {
            Some(LinkState::Online) => t(lang, Key::LinkOnline).to_string(),
            Some(LinkState::Reconnecting { attempt }) => format!(
                "{} ({} {attempt})",
                t(lang, Key::LinkReconnecting),
                t(lang, Key::Attempt)
            ),
            Some(LinkState::Connecting) | None => t(lang, Key::LinkConnecting).to_string(),
        }
    };
    view! {
        {crate::shown::shown(
            move || who.with(Option::is_some),
            move || view! {
                <span class="room-badge">
                    <span class="room-you">
                        <span class="visually-hidden">{tr(Key::YouAre)} " "</span>
                        {move || who.get().map(|w| w.1)}
                    </span>
                    // On a phone the words "Room" and "connected" give way to the code and
                    // the dot (style.css); a reconnection keeps its words.
                    <span class="room-code">
                        <span class="room-word">{tr(Key::RoomWord)} " "</span>
                        <strong>{move || who.get().map(|w| w.0)}</strong>
                    </span>
                    <span class=class role="status">
                        <span class="visually-hidden">{tr(Key::ConnectionLabel)} ": "</span>
                        <span class="room-link-word">{state}</span>
                    </span>
                </span>
            },
        )}
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
