//! The start screen: what the game is, the seven rounds of the original session, and the
//! entry into a game; on a classroom server, the way into a room too (a student joins with
//! the room's code and a name; the instructor opens rooms from the set-up form). The join
//! page a student follows shows the same screen without the teacher's parts ([`play`]).

pub mod play;

use leptos::prelude::*;
use tcpip_protocol::msg::{MAX_NAME_CHARS, check_name, normalize_code};
use tcpip_stack::score::Goal;
use tcpip_stack::text::Text;

use crate::derived::Derived;
use crate::game::{LinkState, use_game};
use crate::i18n::{Key, Lang, goal_explain, goal_title, said_view, t, use_locale};
use crate::slot::Slot;

/// The room code in a join link's address (`#join=CODE`), as typed there.
pub fn code_in_hash(hash: &str) -> Option<String> {
    hash.strip_prefix("#join=")
        .filter(|c| !c.is_empty())
        .map(str::to_string)
}

/// Why `typed` is not a name [`check_name`] accepts, as the sentence to show.
pub fn name_problem(typed: &str) -> Key {
    let name = typed.trim();
    if name.is_empty() {
        Key::NameEmpty
    } else if name.chars().count() > MAX_NAME_CHARS {
        Key::NameTooLong
    } else {
        Key::NameControl
    }
}

/// `resume_error`: why the game saved in this browser could not be restored, if so.
/// `room_error`: why this browser could not get back into its classroom room, if so.
#[component]
pub fn StartScreen(
    resume_error: Slot<Option<String>>,
    room_error: Slot<Option<Text>>,
) -> impl IntoView {
    let game = use_game();
    let screens = crate::teacher::screens();
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    view! {
        <header class="masthead">
            <div class="masthead-lang">
                <crate::i18n::LanguageSwitch />
            </div>
            <PaperCardArt />
            <div>
                <h1>"TCP/IP Animated"</h1>
                <p class="tagline">{tr(Key::Tagline1)}</p>
                <p class="tagline">{tr(Key::Tagline2)}</p>
            </div>
        </header>
        <main id="main">
            {crate::shown::shown(
                move || game.server_info().is_some(),
                move || view! {
                    <Classroom room_error />
                },
            )}
            // The join page lives on the classroom server: opened anywhere else, it says so
            // and points at the whole game.
            {screens.is_none().then(|| crate::shown::shown(
                move || game.server_info().is_none(),
                move || view! {
                    <p class="lead no-server" role="status">
                        {tr(Key::JoinPageNoServer)}
                        " "
                        <a href="../">{tr(Key::JoinPageWholeGame)}</a>
                        "."
                    </p>
                },
            ))}
            <section aria-labelledby="rounds-title">
                <h2 id="rounds-title">{tr(Key::RoundsHeading)}</h2>
                <p class="lead">{tr(Key::RoundsLead)}</p>
                <ol class="rounds">
                    {Goal::ALL
                        .iter()
                        .map(|&goal| {
                            view! {
                                <li class="round">
                                    <span class="round-number" aria-hidden="true">
                                        {goal.number()}
                                    </span>
                                    <div>
                                        <h3>{move || goal_title(locale.get(), goal)}</h3>
                                        <p>{move || goal_explain(locale.get(), goal)}</p>
                                    </div>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </section>
            {screens.map(|s| (s.play)(resume_error))}
        </main>
        <footer>
            <p>{tr(Key::Credits)}</p>
        </footer>
    }
}

/// Classroom mode: getting back into a room, or joining one.
#[component]
fn Classroom(room_error: Slot<Option<Text>>) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    // A room this page is coming back to (after a reload), until the server lets it in.
    let returning = Derived::new(move || {
        game.room()
            .filter(|r| r.returning && r.you.is_none())
            .map(|r| (r.code, r.link))
    });
    view! {
        <section class="classroom" aria-labelledby="classroom-title">
            <h2 id="classroom-title">{tr(Key::Classroom)}</h2>
            {move || {
                returning
                    .get()
                    .map(|(code, link)| {
                        let lang = locale.get();
                        let state = match link {
                            LinkState::Reconnecting { .. } => t(lang, Key::LinkReconnecting),
                            LinkState::Connecting | LinkState::Online => t(lang, Key::LinkConnecting),
                        };
                        view! {
                            <div class="rejoining">
                                <p role="status">{format!("{} {code}: {state}", t(lang, Key::RejoiningRoom))}</p>
                                <button type="button" on:click=move |_| game.leave_room()>
                                    {t(lang, Key::ForgetRoom)}
                                </button>
                            </div>
                        }
                    })
            }}
            {move || {
                room_error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="error" role="alert">
                                {locale.text(Key::CouldNotRejoin)}
                                " "
                                {locale.said(e, "")}
                            </p>
                        }
                    })
            }}
            {crate::teacher::screens().map(|s| (s.rooms_you_run)(room_error))}
            <p class="lead">{tr(Key::ClassroomLead)}</p>
            <JoinForm />
            {match crate::teacher::screens() {
                Some(_) => view! { <p class="hint">{tr(Key::TeacherHint)}</p> }.into_any(),
                None => {
                    view! {
                        <p class="hint">
                            {tr(Key::TeacherHintJoinPage)}
                            " "
                            <a href="../">{tr(Key::JoinPageWholeGame)}</a>
                            "."
                        </p>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// A field's problem under its box, referenced by the box's `aria-describedby`.
#[component]
fn FieldError(id: String, problem: Slot<Option<Text>>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <p id=id class="field-error">
            {move || problem.get().map(|p| said_view(locale.get(), &p, ""))}
        </p>
    }
}

/// A sentence of the page in both languages, for a box's error.
fn both(key: Key) -> Text {
    Text::new(t(Lang::En, key).into(), t(Lang::It, key).into())
}

/// The server's own refusal of a code ("code: …"), without the box's name, which the
/// form already shows beside it.
fn code_error(e: &Text) -> Text {
    e.map(|s| {
        let rest = s.split_once(": ").map_or(s, |(_, rest)| rest);
        let mut chars = rest.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    })
}

/// The room code and the person's name, each checked as the server will check it.
#[component]
fn JoinForm() -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    let from_link = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .and_then(|h| code_in_hash(&h));
    let prefilled = from_link.is_some();
    let code = Slot::new(from_link.unwrap_or_default());
    let name = Slot::new(String::new());
    let code_problem = Slot::new(None::<Text>);
    let name_problem_key = Slot::new(None::<Text>);
    let refused = Slot::new(None::<Text>);
    let joining = Slot::new(false);
    let uid = crate::desk::next_id();
    let code_id = format!("join-code-{uid}");
    let name_id = format!("join-name-{uid}");
    let (code_err, name_err) = (format!("{code_id}-error"), format!("{name_id}-error"));

    // Following a join link, the code is there: the name is what is left to type.
    if prefilled {
        let name_id = name_id.clone();
        request_animation_frame(move || crate::dom::focus(&name_id));
    }
    let submit = {
        let (code_id, name_id) = (code_id.clone(), name_id.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if joining.get_untracked() {
                return;
            }
            let typed_name = name.get_untracked();
            let checked_code = normalize_code(&code.get_untracked());
            let checked_name = check_name(&typed_name);
            code_problem.set(checked_code.as_ref().err().map(code_error));
            name_problem_key.set(
                checked_name
                    .as_ref()
                    .err()
                    .map(|_| both(name_problem(&typed_name))),
            );
            refused.set(None);
            match (checked_code, checked_name) {
                (Ok(c), Ok(n)) => {
                    code.set(c.clone());
                    joining.set(true);
                    game.join_room(c, n, move |entered| {
                        joining.set(false);
                        if let Err(e) = entered {
                            refused.set(Some(e));
                        }
                    });
                }
                (Err(_), _) => crate::dom::focus(&code_id),
                (Ok(_), Err(_)) => crate::dom::focus(&name_id),
            }
        }
    };
    let invalid = move |p: Slot<Option<Text>>| move || p.with(Option::is_some).to_string();
    view! {
        <form class="join-form" novalidate on:submit=submit aria-label=tr(Key::JoinRoom)>
            <div class="join-field">
                <label for=code_id.clone()>{tr(Key::RoomCodeLabel)}</label>
                <input
                    id=code_id
                    class="join-code"
                    type="text"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev))
                    aria-invalid=invalid(code_problem)
                    aria-describedby=code_err.clone()
                />
                <FieldError id=code_err problem=code_problem />
            </div>
            <div class="join-field">
                <label for=name_id.clone()>{tr(Key::YourName)}</label>
                <input
                    id=name_id
                    class="join-name"
                    type="text"
                    autocomplete="nickname"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                    aria-invalid=invalid(name_problem_key)
                    aria-describedby=name_err.clone()
                />
                <FieldError id=name_err problem=name_problem_key />
            </div>
            <button type="submit" class="join-submit" aria-disabled=move || joining.get().to_string()>
                {tr(Key::JoinRoom)}
            </button>
            <p class="join-status" role="status">
                {move || joining.get().then(|| t(locale.get(), Key::JoiningRoom))}
            </p>
            {move || {
                refused
                    .get()
                    .map(|e| {
                        view! {
                            <p class="error join-refused" role="alert">
                                {locale.said(e, "")}
                            </p>
                        }
                    })
            }}
        </form>
    }
}

/// A filled-in SYN card, the way the paper game looked.
#[component]
fn PaperCardArt() -> impl IntoView {
    let locale = use_locale();
    view! {
        <svg
            class="card-art"
            viewBox="0 0 250 150"
            role="img"
            aria-label=locale.text(Key::CardArtLabel)
        >
            <rect x="4" y="4" width="242" height="142" rx="8" class="paper" />
            <text x="16" y="28" class="card-head">"IP"</text>
            <text x="16" y="48">"src 10.0.1.2"</text>
            <text x="130" y="48">"dst 10.0.1.1"</text>
            <line x1="12" y1="60" x2="238" y2="60" class="rule" />
            <text x="16" y="80" class="card-head">"TCP"</text>
            <text x="16" y="100">"sport 40000"</text>
            <text x="130" y="100">"dport 23"</text>
            <text x="16" y="124">"seq 0"</text>
            <text x="86" y="124">"ack —"</text>
            <rect x="176" y="108" width="50" height="24" rx="4" class="flag" />
            <text x="186" y="125" class="flag-text">"SYN"</text>
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_join_link_carries_the_code() {
        assert_eq!(code_in_hash("#join=7KQ9AX").as_deref(), Some("7KQ9AX"));
        assert_eq!(code_in_hash("#join="), None);
        assert_eq!(code_in_hash("#print"), None);
        assert_eq!(code_in_hash(""), None);
    }

    #[test]
    fn every_name_the_server_refuses_gets_its_reason() {
        for (typed, key) in [
            ("   ", Key::NameEmpty),
            (&"x".repeat(MAX_NAME_CHARS + 1)[..], Key::NameTooLong),
            ("a\tb", Key::NameControl),
        ] {
            assert!(check_name(typed).is_err(), "{typed:?}");
            assert_eq!(name_problem(typed), key, "{typed:?}");
        }
        assert!(
            crate::i18n::t(crate::i18n::Lang::En, Key::NameTooLong)
                .contains(&MAX_NAME_CHARS.to_string())
        );
    }
}
