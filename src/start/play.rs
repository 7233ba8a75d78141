//! The teacher's side of the start screen: a game on this computer (the shipped scenarios,
//! a scenario file, the set-up, the printable cards and the lesson guide) and the rooms this
//! browser runs. Only the whole game's page reaches it ([`crate::teacher`]); the join page
//! a student follows does not carry it.

use leptos::prelude::*;
use tcpip_stack::scenario::Scenario;
use tcpip_stack::text::Text;

use crate::derived::Derived;
use crate::game::{GameCtx, use_game};
use crate::i18n::{Key, goal_heading, said_view, use_locale};
use crate::setup::{Setup, read_scenario_file};
use crate::slot::Slot;
use crate::{ScenarioSummary, shipped_scenarios};

/// The way into a game on this computer. `resume_error`: why the game saved in this
/// browser could not be restored, if so.
#[component]
pub fn Play(resume_error: Slot<Option<String>>) -> impl IntoView {
    let (choosing, set_choosing) = signal(false);
    let chosen = Slot::new(None::<Scenario>);
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    view! {
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
    }
}

/// The rooms this browser's instructor left without ending them, each with a way back in
/// and a way to forget it; nothing when there are none, or while the page is in a room.
#[component]
pub fn RoomsYouRun(room_error: Slot<Option<Text>>) -> impl IntoView {
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
    let file_error = Slot::new(None::<Text>);
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
                None => file_error.set(Some(super::both(Key::FileUnreadable))),
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
                        <pre>
                            {move || file_error.get().map(|e| said_view(locale.get(), &e, ""))}
                        </pre>
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
