//! The start screen: what the game is, the seven rounds of the original session, and the
//! entry into a game.

use leptos::prelude::*;
use tcpip_stack::score::Goal;

use crate::{ScenarioSummary, shipped_scenarios};

#[component]
pub fn StartScreen() -> impl IntoView {
    let (choosing, set_choosing) = signal(false);
    view! {
        <header class="masthead">
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
                <button
                    class="primary"
                    aria-expanded=move || choosing.get().to_string()
                    aria-controls="scenarios"
                    on:click=move |_| set_choosing.update(|c| *c = !*c)
                >
                    "Play"
                </button>
                <Show when=move || choosing.get()>
                    <ScenarioList />
                </Show>
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

/// The shipped scenarios, each with its teams and rounds.
#[component]
fn ScenarioList() -> impl IntoView {
    let scenarios = shipped_scenarios();
    view! {
        <div id="scenarios" class="scenarios">
            <p class="lead">"Choose a scenario:"</p>
            <ul>
                {scenarios.into_iter().map(|s| view! { <ScenarioItem scenario=s /> }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn ScenarioItem(scenario: ScenarioSummary) -> impl IntoView {
    let rounds = scenario
        .goals
        .iter()
        .map(|g| format!("{}. {}", g.number(), g.title()))
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li class="scenario">
            <h3>{scenario.name}</h3>
            <p>{scenario.description}</p>
            <p class="meta">
                <strong>"Teams: "</strong>
                {scenario.teams.join(", ")}
            </p>
            <p class="meta">
                <strong>"Rounds: "</strong>
                {rounds}
            </p>
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
