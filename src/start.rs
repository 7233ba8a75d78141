//! The start screen: what the game is, the seven rounds of the original session, and the
//! entry into a game.

use leptos::prelude::*;
use tcpip_stack::scenario::Scenario;
use tcpip_stack::score::Goal;

use crate::game::use_game;
use crate::setup::{Setup, read_scenario_file};
use crate::{ScenarioSummary, shipped_scenarios};

/// `resume_error`: why the game saved in this browser could not be restored, if so.
#[component]
pub fn StartScreen(resume_error: RwSignal<Option<String>>) -> impl IntoView {
    let (choosing, set_choosing) = signal(false);
    let chosen = RwSignal::new(None::<Scenario>);
    view! {
        <header class="masthead">
            <div class="masthead-lang">
                <crate::i18n::LanguageSwitch />
            </div>
            <PaperCardArt />
            <div>
                <h1>"TCP/IP Animated"</h1>
                <p class="tagline">
                    "Be the network. Every player is a host — a client, a router or a telnet server — "
                    "and writes the IP and TCP headers of every packet by hand, on a paper card."
                </p>
                <p class="tagline">
                    "The referee checks every card and explains every mistake with its RFC, "
                    "the cards fly across the network, and the instructor breaks it on purpose "
                    "while teams race to finish the rounds."
                </p>
            </div>
        </header>
        <main id="main">
            <section aria-labelledby="rounds-title">
                <h2 id="rounds-title">"The seven rounds"</h2>
                <p class="lead">
                    "As played at EuroPython 2017, one LAN per team: the router/switch is .254, "
                    "the telnet server is .1 on port 23, everybody else is a client."
                </p>
                <ol class="rounds">
                    {Goal::ALL
                        .iter()
                        .map(|goal| {
                            view! {
                                <li class="round">
                                    <span class="round-number" aria-hidden="true">
                                        {goal.number()}
                                    </span>
                                    <div>
                                        <h3>{goal.title()}</h3>
                                        <p>{goal.explain()}</p>
                                    </div>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </section>
            <section class="play" aria-labelledby="play-title">
                <h2 id="play-title">"Play"</h2>
                <ResumeError resume_error />
                <button
                    class="primary"
                    aria-expanded=move || choosing.get().to_string()
                    aria-controls="scenarios"
                    on:click=move |_| set_choosing.update(|c| *c = !*c)
                >
                    "Play"
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
                    <a href="#print">"Print blank packet cards and role sheets"</a>
                    " for a classroom without devices."
                </p>
            </section>
        </main>
        <footer>
            <p>
                "After the paper-and-pen session by Danilo Abbasciano and Roberto Polli "
                "(EuroPython 2017, Rimini)."
            </p>
        </footer>
    }
}

/// A saved game that could not be restored: say why, and offer to discard it.
#[component]
fn ResumeError(resume_error: RwSignal<Option<String>>) -> impl IntoView {
    let game = use_game();
    view! {
        <Show when=move || resume_error.with(Option::is_some)>
            <div class="error" role="alert">
                <p>{move || resume_error.get().unwrap_or_default()}</p>
                <button
                    type="button"
                    on:click=move |_| {
                        game.discard();
                        resume_error.set(None);
                    }
                >
                    "Discard the saved game"
                </button>
            </div>
        </Show>
    }
}

/// The shipped scenarios, each with its teams and rounds, and a scenario file of one's own.
#[component]
fn ScenarioList(chosen: RwSignal<Option<Scenario>>) -> impl IntoView {
    let scenarios = shipped_scenarios();
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
                None => file_error.set(Some("the file could not be read as text".into())),
            }
        });
    };
    view! {
        <div class="scenarios">
            <p class="lead">"Choose a scenario:"</p>
            <ul>
                {scenarios
                    .into_iter()
                    .map(|s| view! { <ScenarioItem scenario=s chosen /> })
                    .collect_view()}
            </ul>
            <label for="scenario-file">"Or load a scenario file (TOML)"</label>
            <input id="scenario-file" type="file" accept=".toml,text/plain" on:change=on_file />
            <Show when=move || file_error.with(Option::is_some)>
                <div class="error" role="alert">
                    <p>"This scenario file has problems:"</p>
                    <pre>{move || file_error.get().unwrap_or_default()}</pre>
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
    let rounds = scenario
        .goals
        .iter()
        .map(|g| format!("{}. {}", g.number(), g.title()))
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li class="scenario" aria-labelledby=title_id.clone()>
            <h3 id=title_id.clone()>{scenario.name}</h3>
            <p>{scenario.description}</p>
            <p class="meta">
                <strong>"Teams: "</strong>
                {scenario.teams.join(", ")}
            </p>
            <p class="meta">
                <strong>"Rounds: "</strong>
                {rounds}
            </p>
            <button type="button" on:click=choose>
                "Choose"
            </button>
        </li>
    }
}

/// A filled-in SYN card, the way the paper game looked.
#[component]
fn PaperCardArt() -> impl IntoView {
    view! {
        <svg
            class="card-art"
            viewBox="0 0 250 150"
            role="img"
            aria-label="A paper packet card: from 10.0.1.2 port 40000 to 10.0.1.1 port 23, flag SYN, seq 0"
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
