//! Setting up a game: the scenario (shipped or loaded from a file), its size for the class
//! (`class`: the original game for N students, or T teams of C clients), team names, which
//! seats people play (the others are bots; a whole team at once), the rounds and their
//! order (`rounds`), and the settings (ISN, referee, speed). On a classroom server the same
//! form also opens a room for the scenario instead.
//!
//! People-only teams are a local (hot-seat) choice: in a classroom room students take
//! seats as they join, and a seat nobody takes is played by its bot so that no team waits
//! for somebody who is not there; a full room grows by a team instead (the instructor's
//! room panel).

mod class;
mod rounds;

pub use class::resize;
pub use rounds::{chosen, round_problems, rounds_of};

use leptos::prelude::*;
use tcpip_stack::scenario::{BalancerSpec, DnsSpec, Isn, Referee, Scenario, ScenarioError};
use tcpip_stack::text::Text;
use tcpip_stack::world::{Action, Seat, World};

use crate::derived::Derived;
use crate::game::use_game;
use crate::i18n::{Key, Lang, client_seat, t, use_locale};
use crate::slot::Slot;

/// A seat of a team, before the world (and its node ids) exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SeatKey {
    Router(usize),
    Server(usize),
    Client(usize, usize),
    /// The game's one DNS server, when the scenario has a zone.
    Dns,
    /// The game's one load balancer, when the scenario has a `[balancer]`.
    Balancer,
}

impl SeatKey {
    /// The node this seat became in `world`.
    pub fn node(self, world: &World) -> Option<tcpip_stack::world::NodeId> {
        let team = |t: usize| world.teams().get(t);
        match self {
            SeatKey::Router(t) => team(t).map(|t| t.router),
            SeatKey::Server(t) => team(t).map(|t| t.server),
            SeatKey::Client(t, c) => team(t).and_then(|t| t.clients.get(c).copied()),
            SeatKey::Dns => world.dns_server(),
            SeatKey::Balancer => world.balancer(),
        }
    }
}

/// Renames team `index`, following the name into the backbone links and the routes that
/// refer to the team by name, so a renamed scenario stays valid.
pub fn rename_team(scenario: &mut Scenario, index: usize, name: &str) {
    let Some(old) = scenario.teams.get(index).map(|t| t.name.clone()) else {
        return;
    };
    let name = name.to_string();
    if let Some(team) = scenario.teams.get_mut(index) {
        team.name = name.clone();
    }
    for team in &mut scenario.teams {
        for route in &mut team.routes {
            if route.via == old {
                route.via = name.clone();
            }
        }
    }
    if let Some(backbone) = &mut scenario.backbone {
        for (a, b) in &mut backbone.links {
            for end in [a, b] {
                if *end == old {
                    *end = name.clone();
                }
            }
        }
    }
}

/// Reads a scenario file an instructor loaded; the error lists every problem, one a line,
/// in both languages.
pub fn read_scenario_file(text: &str) -> Result<Scenario, Text> {
    Scenario::from_toml(text).map_err(|errors| ScenarioError::listed(&errors))
}

/// The set-up form for one scenario; `on_back` returns to the list.
#[component]
pub fn Setup(scenario: Scenario, on_back: Callback<()>) -> impl IntoView {
    let game = use_game();
    let rounds = Slot::new(rounds_of(&scenario));
    let scenario = Slot::new(scenario);
    // Kept sorted (the order the seats are handed to people in); a sorted Vec rather than a
    // BTreeSet, whose code the page would carry for this one set (the bundle budget, docs/bundle.md).
    let humans: Slot<Vec<SeatKey>> = Slot::new(Vec::new());
    let error = Slot::new(None::<Text>);
    let locale = use_locale();
    let tr = move |key| locale.text(key);

    // The scenario as customised, or `None` with its problems shown.
    let checked = move || {
        let s = scenario
            .get_untracked()
            .with_rounds(&rounds.with_untracked(|r| chosen(r)));
        let problems = s.validate();
        if problems.is_empty() {
            error.set(None);
            return Some(s);
        }
        error.set(Some(ScenarioError::listed(&problems)));
        None
    };
    let start = move |_| {
        let Some(s) = checked() else {
            return;
        };
        if let Err(e) = game.start(s) {
            error.set(Some(Text::from(e)));
            return;
        }
        let nodes: Vec<_> = humans
            .get_untracked()
            .into_iter()
            .filter_map(|key| game.with_world(|w| key.node(w)).flatten())
            .collect();
        for node in nodes {
            let action = Action::SetSeat {
                node,
                seat: Seat::Human,
            };
            game.submit(action, move |verdict| {
                if let Err(e) = verdict {
                    error.set(Some(e));
                }
            });
        }
        // The game opens at its top, not where the set-up page was scrolled to.
        if let Some(w) = web_sys::window() {
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
    };
    // Classroom: the same scenario, run by the server; students take seats as they join.
    let opening = Slot::new(false);
    let open_room = move |_| {
        let Some(s) = checked() else {
            return;
        };
        opening.set(true);
        game.create_room(s, move |entered| {
            opening.set(false);
            if let Err(e) = entered {
                error.set(Some(e));
            }
        });
    };

    view! {
        <section class="setup" aria-labelledby="setup-title">
            <h2 id="setup-title">{move || scenario.with(|s| s.name.clone())}</h2>
            // Scenario files are written in English.
            <p class="lead" lang="en">{move || scenario.with(|s| s.description.clone())}</p>
            <class::ClassControls scenario humans />
            <fieldset class="teams">
                <legend>{tr(Key::TeamsAndSeats)}</legend>
                <p class="hint">{tr(Key::SeatsHint)}</p>
                {move || {
                    scenario
                        .with(|s| s.teams.clone())
                        .into_iter()
                        .enumerate()
                        .map(|(t, team)| view! { <TeamSetup index=t team=team scenario humans /> })
                        .collect_view()
                }}
                // The game's own seats are no team's: they stand after the teams. The DNS
                // server comes with a zone of the scenario's, or with round 10 ticked in a
                // game without one (`Scenario::with_rounds` adds the default zone); the load
                // balancer with a `[balancer]`.
                {move || {
                    scenario
                        .with(|s| {
                            let played = rounds.with(|r| s.with_rounds(&chosen(r)));
                            let dns = played
                                .dns
                                .and(DnsSpec::server_addr(&s.teams))
                                .map(|a| (SeatKey::Dns, "seats dns-seat", Key::DnsServerSeat, a));
                            let lb = played.balancer.and(BalancerSpec::addr(&s.teams)).map(|a| {
                                (SeatKey::Balancer, "seats balancer-seat", Key::BalancerSeat, a)
                            });
                            [dns, lb]
                        })
                        .into_iter()
                        .flatten()
                        .map(|(key, class, label, addr)| {
                            view! {
                                <ul class=class>
                                    {seat_box(key, SeatLabel::Game(label, addr.to_string()), humans)}
                                </ul>
                            }
                        })
                        .collect_view()
                }}
            </fieldset>
            <rounds::RoundsPicker scenario rounds />
            <Settings scenario />
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <pre class="error" role="alert">
                                {locale.said(e, "")}
                            </pre>
                        }
                    })
            }}
            <div class="actions">
                <button type="button" on:click=move |_| on_back.run(())>{tr(Key::Back)}</button>
                <button type="button" class="primary" on:click=start>{tr(Key::StartGame)}</button>
            </div>
            {crate::shown::shown(
                move || game.server_info().is_some(),
                move || view! {
                    <div class="open-room">
                        <p class="hint">{tr(Key::OpenRoomHint)}</p>
                        <button
                            type="button"
                            class="open-room-button"
                            aria-disabled=move || opening.get().to_string()
                            on:click=move |ev| {
                                if !opening.get_untracked() {
                                    open_room(ev);
                                }
                            }
                        >
                            {tr(Key::OpenRoom)}
                        </button>
                        <p class="open-room-status" role="status">
                            {move || opening.get().then(|| t(locale.get(), Key::OpeningRoom))}
                        </p>
                    </div>
                },
            )}
        </section>
    }
}

/// What a seat's checkbox says, kept as data so the label follows the language.
#[derive(Clone, Debug, PartialEq, Eq)]
enum SeatLabel {
    Router(String),
    Server(String),
    /// Name and address.
    Client(String, String),
    /// One of the game's own seats (the DNS server, the load balancer): its name and
    /// address.
    Game(Key, String),
}

impl SeatLabel {
    fn text(&self, lang: Lang) -> String {
        match self {
            SeatLabel::Router(addr) => format!("Router/switch {addr}"),
            SeatLabel::Server(addr) => format!("{} {addr}", t(lang, Key::TelnetServer)),
            SeatLabel::Client(name, addr) => client_seat(lang, name, addr),
            SeatLabel::Game(name, addr) => format!("{} {addr}", t(lang, *name)),
        }
    }
}

#[component]
fn TeamSetup(
    index: usize,
    team: tcpip_stack::scenario::TeamSpec,
    scenario: Slot<Scenario>,
    humans: Slot<Vec<SeatKey>>,
) -> impl IntoView {
    let name_id = format!("team-{index}-name");
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    // Each seat's label, in the current language (names are player text).
    let mut seats = vec![
        (
            SeatKey::Router(index),
            SeatLabel::Router(team.router_addr().to_string()),
        ),
        (
            SeatKey::Server(index),
            SeatLabel::Server(team.server_addr().to_string()),
        ),
    ];
    for (c, client) in team.clients.iter().enumerate() {
        let addr = team
            .client_addr(c)
            .map(|a| a.to_string())
            .unwrap_or_default();
        seats.push((
            SeatKey::Client(index, c),
            SeatLabel::Client(client.clone(), addr),
        ));
    }
    let keys: Vec<SeatKey> = seats.iter().map(|(key, _)| *key).collect();
    let all_people = {
        let keys = keys.clone();
        move || humans.with(|h| keys.iter().all(|k| h.binary_search(k).is_ok()))
    };
    let people_only = move |on: bool| {
        humans.update(|h| {
            for key in &keys {
                match (h.binary_search(key), on) {
                    (Err(i), true) => h.insert(i, *key),
                    (Ok(i), false) => {
                        h.remove(i);
                    }
                    _ => {}
                }
            }
        });
    };
    view! {
        <div class="team-setup">
            <label for=name_id.clone()>{tr(Key::TeamName)}</label>
            <input
                id=name_id
                type="text"
                maxlength="40"
                prop:value=team.name.clone()
                on:change=move |ev| {
                    let name = event_target_value(&ev);
                    scenario.update(|s| rename_team(s, index, name.trim()));
                }
            />
            <span class="lan">{team.lan.to_string()}</span>
            <label class="check people-only">
                <input
                    type="checkbox"
                    prop:checked=all_people
                    on:change=move |ev| people_only(event_target_checked(&ev))
                />
                {tr(Key::PeopleOnlyTeam)}
            </label>
            <ul class="seats">
                {seats
                    .into_iter()
                    .map(|(key, label)| seat_box(key, label, humans))
                    .collect_view()}
            </ul>
        </div>
    }
}

/// One seat's "played by a person" box.
fn seat_box(key: SeatKey, label: SeatLabel, humans: Slot<Vec<SeatKey>>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <li>
            // The label holds its box: the whole line is what a finger presses.
            <label>
                <input
                    type="checkbox"
                    prop:checked=move || humans.with(|h| h.binary_search(&key).is_ok())
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        humans.update(|h| match (h.binary_search(&key), on) {
                            (Err(i), true) => h.insert(i, key),
                            (Ok(i), false) => {
                                h.remove(i);
                            }
                            _ => {}
                        });
                    }
                />
                {move || label.text(locale.get())}
                {locale.text(Key::PlayedByPerson)}
            </label>
        </li>
    }
}

/// One setting chosen among a few values, as labelled radio buttons.
#[component]
fn RadioGroup<T>(
    name: &'static str,
    label: Key,
    options: Vec<(T, Key)>,
    current: Derived<T>,
    set: Callback<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let locale = use_locale();
    let label_id = format!("{name}-label");
    let labelled_by = label_id.clone();
    view! {
        <div role="radiogroup" aria-labelledby=labelled_by class="choice">
            <span id=label_id>{locale.text(label)}</span>
            {options
                .into_iter()
                .map(|(value, text)| {
                    view! {
                        <label>
                            <input
                                type="radio"
                                name=name
                                prop:checked=move || current.get() == value
                                on:change=move |_| set.run(value)
                            />
                            {locale.text(text)}
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
fn Settings(scenario: Slot<Scenario>) -> impl IntoView {
    let isn = move || scenario.with(|s| s.settings.isn);
    let referee = move || scenario.with(|s| s.settings.referee);
    let nodelay = move || scenario.with(|s| s.settings.nodelay);
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    view! {
        <fieldset class="settings">
            <legend>{tr(Key::Settings)}</legend>
            <RadioGroup
                name="isn"
                label=Key::IsnLabel
                options=vec![(Isn::Zero, Key::IsnZero), (Isn::Random, Key::IsnRandom)]
                current=Derived::new(isn)
                set=Callback::new(move |v| scenario.update(|s| s.settings.isn = v))
            />
            <RadioGroup
                name="referee"
                label=Key::RefereeLabel
                options=vec![(Referee::Coach, Key::RefereeCoach), (Referee::Real, Key::RefereeReal)]
                current=Derived::new(referee)
                set=Callback::new(move |v| scenario.update(|s| s.settings.referee = v))
            />
            // RFC 896, RFC 1122 §4.2.3.4: on in real stacks; off is TCP_NODELAY, for the
            // teacher to play the buffering round both ways and compare.
            <RadioGroup
                name="nagle"
                label=Key::NagleLabel
                options=vec![(false, Key::NagleOn), (true, Key::NagleOff)]
                current=Derived::new(nodelay)
                set=Callback::new(move |v| scenario.update(|s| s.settings.nodelay = v))
            />
            <label for="speed">{tr(Key::Speed)}</label>
            <select
                id="speed"
                on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<u32>() {
                        scenario.update(|s| s.settings.speed_percent = v);
                    }
                }
            >
                {[50u32, 100, 200, 400]
                    .into_iter()
                    .map(|v| {
                        view! {
                            <option
                                value=v.to_string()
                                selected=move || scenario.with(|s| s.settings.speed_percent == v)
                            >
                                {format!("{v} %")}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <label class="check">
                <input
                    type="checkbox"
                    name="bots-wait"
                    prop:checked=move || scenario.with(|s| s.settings.bots_wait)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        scenario.update(|s| s.settings.bots_wait = on);
                    }
                />
                {tr(Key::BotsWait)}
            </label>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renaming_a_team_follows_into_links_and_routes() {
        let mut s = Scenario::shipped()
            .into_iter()
            .find(|(f, _)| f.contains("chain"))
            .and_then(|(_, t)| Scenario::from_toml(t).ok())
            .expect("the chain scenario");
        let old = s.teams[1].name.clone();
        rename_team(&mut s, 1, "Verde");
        assert_eq!(s.teams[1].name, "Verde");
        assert!(s.validate().is_empty(), "{:?}", s.validate());
        let links = &s.backbone.as_ref().expect("backbone").links;
        assert!(links.iter().all(|(a, b)| *a != old && *b != old));
        assert!(
            s.teams
                .iter()
                .flat_map(|t| &t.routes)
                .any(|r| r.via == "Verde")
        );
    }

    #[test]
    fn a_bad_scenario_file_lists_every_problem_with_its_line() {
        let err =
            read_scenario_file("name = \"x\"\n[[teams]]\nname = \"A\"\nlan = \"10.0.1/24\"\n")
                .unwrap_err();
        assert!(err.en.contains("line 4"), "{err}");
        assert!(err.en.contains("lan"), "{err}");
        let it = err.it.unwrap_or_default();
        assert!(
            it.lines()
                .any(|l| l.starts_with("riga 4, teams[0].lan: \"10.0.1/24\": ")),
            "{it}"
        );
    }

    #[test]
    fn seat_keys_find_their_nodes() {
        let world = World::new(&Scenario::original()).unwrap();
        let teams = world.teams();
        assert_eq!(SeatKey::Router(0).node(&world), Some(teams[0].router));
        assert_eq!(
            SeatKey::Client(1, 0).node(&world),
            teams[1].clients.first().copied()
        );
        assert_eq!(SeatKey::Client(9, 0).node(&world), None);
        assert_eq!(SeatKey::Balancer.node(&world), None, "no balancer here");
        let balancer = Scenario::shipped()
            .into_iter()
            .find(|(file, _)| *file == "balancer.toml")
            .and_then(|(_, text)| Scenario::from_toml(text).ok())
            .expect("the balancer's scenario");
        let world = World::new(&balancer).unwrap();
        assert_eq!(SeatKey::Balancer.node(&world), world.balancer());
        assert!(world.balancer().is_some());
    }
}
