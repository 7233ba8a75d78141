//! The start screen: what the game is, the seven rounds of the original session, and the
//! entry into a game.

use leptos::prelude::*;
use tcpip_stack::scenario::Scenario;
use tcpip_stack::score::Goal;

use crate::game::use_game;
use crate::i18n::{Key, goal_explain, goal_heading, goal_title, t, use_locale};
use crate::setup::{Setup, read_scenario_file};
use crate::{ScenarioSummary, shipped_scenarios};

/// `resume_error`: why the game saved in this browser could not be restored, if so.
#[component]
pub fn StartScreen(resume_error: RwSignal<Option<String>>) -> impl IntoView {
    let (choosing, set_choosing) = signal(false);
    let chosen = RwSignal::new(None::<Scenario>);
    let locale = use_locale();
    let tr = move |key| move || t(locale.get(), key);
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
                    <Show when=move || choosing.get() && chosen.with(Option::is_none)>
                        <ScenarioList chosen />
                    </Show>
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
            </section>
        </main>
        <footer>
            <p>{tr(Key::Credits)}</p>
        </footer>
    }
}

/// A saved game that could not be restored: say why, and offer to discard it.
#[component]
fn ResumeError(resume_error: RwSignal<Option<String>>) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    view! {
        <Show when=move || resume_error.with(Option::is_some)>
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
                    {move || t(locale.get(), Key::DiscardSaved)}
                </button>
            </div>
        </Show>
    }
}

/// The shipped scenarios, each with its teams and rounds, and a scenario file of one's own.
#[component]
fn ScenarioList(chosen: RwSignal<Option<Scenario>>) -> impl IntoView {
    let scenarios = shipped_scenarios();
    let locale = use_locale();
    let tr = move |key| move || t(locale.get(), key);
    let file_error = RwSignal::new(None::<String>);
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
            <Show when=move || file_error.with(Option::is_some)>
                <div class="error" role="alert">
                    <p>{tr(Key::FileProblems)}</p>
                    // The scenario reader's sentences, written in English.
                    <pre lang="en">{move || file_error.get().unwrap_or_default()}</pre>
                </div>
            </Show>
        </div>
    }
}

#[component]
fn ScenarioItem(scenario: ScenarioSummary, chosen: RwSignal<Option<Scenario>>) -> impl IntoView {
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
                <strong>{move || t(locale.get(), Key::TeamsLabel)}</strong>
                {scenario.teams.join(", ")}
            </p>
            <p class="meta">
                <strong>{move || t(locale.get(), Key::RoundsLabel)}</strong>
                {rounds}
            </p>
            <button type="button" on:click=choose>
                {move || t(locale.get(), Key::Choose)}
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
            aria-label=move || t(locale.get(), Key::CardArtLabel)
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
