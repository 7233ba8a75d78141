//! The start screen: what the game is, the seven rounds of the original session, and the
//! entry into a game; on a classroom server, the way into a room too (a student joins with
//! the room's code and a name; the instructor opens rooms from the set-up form).

use leptos::prelude::*;
use tcpip_protocol::msg::{MAX_NAME_CHARS, check_name, normalize_code};
use tcpip_stack::scenario::Scenario;
use tcpip_stack::score::Goal;
use tcpip_stack::text::Text;

use crate::derived::Derived;
use crate::game::{GameCtx, LinkState, use_game};
use crate::i18n::{Key, Lang, goal_explain, goal_heading, goal_title, said_view, t, use_locale};
use crate::setup::{Setup, read_scenario_file};
use crate::slot::Slot;
use crate::{ScenarioSummary, shipped_scenarios};

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
    let (choosing, set_choosing) = signal(false);
    let chosen = Slot::new(None::<Scenario>);
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
            <section class="play" aria-labelledby="play-title">
                <h2 id="play-title">{tr(Key::Play)}</h2>
                <ResumeError resume_error />
                <button
                    class="primary"
                    aria-expanded=move || choosing.get().to_string()
                    aria-controls="scenarios"
                    on:click=move |_| set_choosing.update(|c| *c = !*c)
                >
                    {tr(Key::Play)}
                </button>
                // Always present, so the Play button's `aria-controls` names a real element.
                <div id="scenarios">
                    {crate::shown::shown(
                        move || choosing.get() && chosen.with(Option::is_none),
                        move || view! {
                            <ScenarioList chosen />
                        },
                    )}
                    {move || {
                        chosen
                            .get()
                            .map(|scenario| {
                                view! {
                                    <Setup
                                        scenario
                                        on_back=Callback::new(move |()| chosen.set(None))
                                    />
                                }
                            })
                    }}
                </div>
                <p class="print-link">
                    <a href="#print">{tr(Key::PrintLink)}</a>
                    {tr(Key::PrintLinkEnd)}
                </p>
                <p class="print-link guide-link">
                    <a href="#guide">{tr(Key::GuideLink)}</a>
                    {tr(Key::GuideLinkEnd)}
                </p>
            </section>
        </main>
        <footer>
            <p>{tr(Key::Credits)}</p>
        </footer>
    }
}

/// The rooms this browser's instructor left without ending them, each with a way back in
/// and a way to forget it; nothing when there are none, or while the page is in a room.
#[component]
fn RoomsYouRun(room_error: Slot<Option<Text>>) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    let outside = Derived::new(move || game.room().is_none());
    // Read again when the page leaves a room (it may have just been kept) or a button
    // changed the list.
    let changed = Slot::new(0u32);
    let rooms = Derived::new(move || {
        changed.track();
        if outside.get() {
            GameCtx::rooms_you_run()
        } else {
            Vec::new()
        }
    });
    move || {
        let list = rooms.get();
        (!list.is_empty()).then(|| {
            view! {
                <div class="rooms-run">
                    <h3>{tr(Key::RoomsYouRun)}</h3>
                    <p>{tr(Key::RoomsYouRunLead)}</p>
                    <ul>
                        {list
                            .into_iter()
                            .map(|key| {
                                let code = key.code.clone();
                                let back = move |_| {
                                    room_error.set(None);
                                    game.return_to_room(key.clone(), move |entered| {
                                        changed.update(|n| *n = n.wrapping_add(1));
                                        if let Err(e) = entered {
                                            room_error.set(Some(e));
                                        }
                                    });
                                };
                                let forget = {
                                    let code = code.clone();
                                    move |_| {
                                        GameCtx::forget_run_room(&code);
                                        changed.update(|n| *n = n.wrapping_add(1));
                                    }
                                };
                                view! {
                                    <li>
                                        <button type="button" class="primary" on:click=back>
                                            {tr(Key::ReturnToRoom)}
                                            " "
                                            {code.clone()}
                                        </button>
                                        <button type="button" on:click=forget>
                                            {tr(Key::ForgetRunRoom)}
                                            " "
                                            {code}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
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
            <RoomsYouRun room_error />
            <p class="lead">{tr(Key::ClassroomLead)}</p>
            <JoinForm />
            <p class="hint">{tr(Key::TeacherHint)}</p>
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

/// A saved game that could not be restored: say why, and offer to discard it.
#[component]
fn ResumeError(resume_error: Slot<Option<String>>) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    view! {
        {crate::shown::shown(
            move || resume_error.with(Option::is_some),
            move || view! {
                <div class="error" role="alert">
                    // The game's own sentence, written in English.
                    <p lang="en">{move || resume_error.get().unwrap_or_default()}</p>
                    <button
                        type="button"
                        on:click=move |_| {
                            game.discard();
                            resume_error.set(None);
                        }
                    >
                        {locale.text(Key::DiscardSaved)}
                    </button>
                </div>
            },
        )}
    }
}

/// The shipped scenarios, each with its teams and rounds, and a scenario file of one's own.
#[component]
fn ScenarioList(chosen: Slot<Option<Scenario>>) -> impl IntoView {
    let scenarios = shipped_scenarios();
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    let file_error = Slot::new(None::<String>);
    let on_file = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(file) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            match text.ok().and_then(|t| t.as_string()) {
                Some(text) => match read_scenario_file(&text) {
                    Ok(s) => {
                        file_error.set(None);
                        chosen.set(Some(s));
                    }
                    Err(e) => file_error.set(Some(e)),
                },
                None => file_error.set(Some(
                    t(locale.signal().get_untracked(), Key::FileUnreadable).into(),
                )),
            }
        });
    };
    view! {
        <div class="scenarios">
            <p class="lead">{tr(Key::ChooseScenario)}</p>
            <ul>
                {scenarios
                    .into_iter()
                    .map(|s| view! { <ScenarioItem scenario=s chosen /> })
                    .collect_view()}
            </ul>
            <label for="scenario-file">{tr(Key::LoadScenarioFile)}</label>
            <input id="scenario-file" type="file" accept=".toml,text/plain" on:change=on_file />
            {crate::shown::shown(
                move || file_error.with(Option::is_some),
                move || view! {
                    <div class="error" role="alert">
                        <p>{tr(Key::FileProblems)}</p>
                        // The scenario reader's sentences, written in English.
                        <pre lang="en">{move || file_error.get().unwrap_or_default()}</pre>
                    </div>
                },
            )}
        </div>
    }
}

#[component]
fn ScenarioItem(scenario: ScenarioSummary, chosen: Slot<Option<Scenario>>) -> impl IntoView {
    let file = scenario.file;
    let choose = move |_| {
        let text = Scenario::shipped()
            .into_iter()
            .find(|(f, _)| *f == file)
            .map(|(_, t)| t);
        if let Some(s) = text.and_then(|t| Scenario::from_toml(t).ok()) {
            chosen.set(Some(s));
        }
    };
    let title_id = format!("scenario-{}", file.replace(['.', '/'], "-"));
    let locale = use_locale();
    let goals = scenario.goals.clone();
    let rounds = move || {
        goals
            .iter()
            .map(|g| goal_heading(locale.get(), *g))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    view! {
        <li class="scenario" aria-labelledby=title_id.clone()>
            <h3 id=title_id.clone()>{scenario.name}</h3>
            // Scenario files are written in English.
            <p lang="en">{scenario.description}</p>
            <p class="meta">
                <strong>{locale.text(Key::TeamsLabel)}</strong>
                {scenario.teams.join(", ")}
            </p>
            <p class="meta">
                <strong>{locale.text(Key::RoundsLabel)}</strong>
                {rounds}
            </p>
            <button type="button" on:click=choose>
                {locale.text(Key::Choose)}
            </button>
        </li>
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
