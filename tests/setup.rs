//! The set-up page for the class in front of the teacher, in a real browser
//! (wasm-bindgen-test in headless Chromium): a class size proposes teams and says why, the
//! teams and clients boxes change the game that starts, the rounds ticked and their order
//! are the race, an empty race shows the validator's words, a people-only team has no bot;
//! and in a classroom room, the instructor's panel says every seat is taken and adds a team.
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::Cell;
use std::rc::Rc;

use common::{alice_room, all, find, fire, host, sleep, text, try_find, type_text};
use leptos::prelude::*;
use tcpip_animated::game::GameCtx;
use tcpip_animated::i18n::{Lang, provide_i18n};
use tcpip_animated::setup::Setup;
use tcpip_protocol::{Member, ToClient, ToServer, You};
use tcpip_stack::scenario::Scenario;
use tcpip_stack::score::Goal;
use tcpip_stack::world::{NodeId, Seat};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `view` in English under a fresh game context.
fn mount_in<V: IntoView + 'static>(
    lang: Lang,
    view: impl FnOnce() -> V + 'static,
) -> (web_sys::HtmlElement, GameCtx) {
    let slot: Rc<Cell<Option<GameCtx>>> = Rc::new(Cell::new(None));
    let out = slot.clone();
    let root = host();
    leptos::mount::mount_to(root.clone(), move || {
        provide_i18n().set(lang);
        out.set(Some(GameCtx::provide()));
        view()
    })
    .forget();
    let game = slot.take().expect("the game context was created");
    (root, game)
}

/// The set-up form of the original game, as a teacher opens it from the scenario list.
fn setup_of_the_original(lang: Lang) -> (web_sys::HtmlElement, GameCtx) {
    mount_in(lang, || {
        view! { <Setup scenario=Scenario::original() on_back=Callback::new(|()| {}) /> }
    })
}

/// Sets a number box and fires `change`, as a stepper click or a typed number does.
fn set_number(root: &web_sys::Element, selector: &str, value: &str) {
    let input = find(root, selector);
    js_sys::Reflect::set(&input, &"value".into(), &value.into()).expect("value set");
    fire(&input, "change");
}

fn start(root: &web_sys::Element) {
    find(root, ".actions button.primary").click();
}

#[wasm_bindgen_test]
async fn a_class_of_thirty_is_proposed_eight_teams_and_the_game_has_them() {
    let (root, game) = setup_of_the_original(Lang::En);
    assert_eq!(
        text(&find(&root, ".seat-total")),
        "3 teams × (2 clients + server + router) = 12 seats",
        "the original game as it comes"
    );
    type_text(&find(&root, "#class-students"), "30");
    sleep(0).await;
    assert_eq!(
        text(&find(&root, ".class-proposal")),
        "30 students: 8 teams of 2 client(s), a server and a router (32 seats): 6 teams get \
         4 people and 2 get 3; bots play the 2 seats nobody takes"
    );
    assert_eq!(
        text(&find(&root, ".seat-total")),
        "8 teams × (2 clients + server + router) = 32 seats"
    );
    assert_eq!(all(&root, ".team-setup").len(), 8);
    // The teacher's first three teams keep the original's names.
    let first = find(&root, "#team-0-name");
    assert_eq!(common::value(&first), "Red");

    // The boxes show the proposal, and changing them changes the game.
    assert_eq!(common::value(&find(&root, "#class-teams")), "8");
    set_number(&root, "#class-teams", "4");
    set_number(&root, "#class-clients", "3");
    sleep(0).await;
    assert_eq!(
        text(&find(&root, ".seat-total")),
        "4 teams × (3 clients + server + router) = 20 seats"
    );
    assert!(
        try_find(&root, ".class-proposal").is_none(),
        "the proposal no longer holds"
    );
    start(&root);
    sleep(0).await;
    let teams = game
        .with_world(|w| {
            w.teams()
                .iter()
                .map(|t| t.clients.len())
                .collect::<Vec<_>>()
        })
        .expect("the game started");
    assert_eq!(teams, [3, 3, 3, 3]);
}

#[wasm_bindgen_test]
async fn a_size_beyond_the_engine_is_refused_in_words() {
    let (root, _game) = setup_of_the_original(Lang::It);
    type_text(&find(&root, "#class-students"), "401");
    sleep(0).await;
    assert_eq!(
        text(&find(&root, ".class-problem")),
        "studenti: un numero da 1 a 400, non \"401\""
    );
    set_number(&root, "#class-teams", "101");
    sleep(0).await;
    let why = text(&find(&root, ".class-problem"));
    assert!(why.contains("da 2 a 100 squadre, non 101"), "{why}");
    assert_eq!(all(&root, ".team-setup").len(), 3, "the game is as it was");
    type_text(&find(&root, "#class-students"), "9");
    sleep(0).await;
    assert_eq!(
        text(&find(&root, ".seat-total")),
        "3 squadre × (1 client + server + router) = 9 posti"
    );
    let why = text(&find(&root, ".class-proposal"));
    assert!(
        why.ends_with("ogni squadra ha 3 persone; nessuno gioca contro un bot"),
        "{why}"
    );
}

#[wasm_bindgen_test]
async fn unticked_rounds_leave_the_race_and_the_arrows_order_it() {
    let (root, game) = setup_of_the_original(Lang::En);
    let rounds = || {
        all(&root, ".round-list li")
            .iter()
            .map(|li| li.get_attribute("data-round").unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert_eq!(rounds().len(), Goal::ALL.len() + Goal::NEXT.len());
    find(&root, "#round-data").click();
    find(&root, "li[data-round='goodbye'] button.round-up").click();
    sleep(0).await;
    // Then the next steps, unticked, in their order, however many there are.
    let next: Vec<&str> = Goal::NEXT.iter().map(Goal::key).collect();
    assert_eq!(rounds()[5..7], ["goodbye", "across_lans"]);
    assert_eq!(rounds()[7..], next);
    let up = find(&root, "li[data-round='handshake'] button.round-up");
    assert_eq!(
        up.get_attribute("aria-label").as_deref(),
        Some("Move up: Handshake")
    );
    assert!(
        up.has_attribute("disabled"),
        "the first round cannot move up"
    );
    start(&root);
    sleep(0).await;
    let goals = game
        .with_world(|w| w.goals().to_vec())
        .expect("the game started");
    assert_eq!(
        goals,
        [
            Goal::Handshake,
            Goal::Refused,
            Goal::ForgedRst,
            Goal::NoRoute,
            Goal::Goodbye,
            Goal::AcrossLans
        ]
    );
}

#[wasm_bindgen_test]
async fn a_race_without_rounds_is_refused_in_the_validators_words() {
    let (root, game) = setup_of_the_original(Lang::En);
    for goal in Goal::ALL {
        find(&root, &format!("#round-{}", goal.key())).click();
    }
    sleep(0).await;
    let said = text(&find(&root, ".round-problems"));
    assert!(
        said.contains("goals: the race needs at least one goal"),
        "{said}"
    );
    start(&root);
    sleep(0).await;
    assert!(!game.is_playing(), "no game starts without a race");
    let error = text(&find(&root, "pre.error[role=alert]"));
    assert!(error.contains("at least one goal"), "{error}");
    find(&root, "#round-refused").click();
    sleep(0).await;
    assert!(try_find(&root, ".round-problems").is_none());
}

/// A teacher whose page is in Italian reads the validator's problems in Italian, marked
/// `lang="it"`: under the round picker, and when Start is refused.
#[wasm_bindgen_test]
async fn a_race_without_rounds_is_refused_in_italian_on_an_italian_page() {
    let (root, game) = setup_of_the_original(Lang::It);
    for goal in Goal::ALL {
        find(&root, &format!("#round-{}", goal.key())).click();
    }
    sleep(0).await;
    let picker = find(&root, ".round-problems");
    assert_eq!(picker.get_attribute("lang"), None, "the page's language");
    let said = find(&picker, "span");
    assert_eq!(said.get_attribute("lang").as_deref(), Some("it"));
    assert_eq!(
        text(&said),
        "goals: la gara ha bisogno di almeno una manche; togli goals per giocarle tutte e sette"
    );
    start(&root);
    sleep(0).await;
    assert!(!game.is_playing(), "no game starts without a race");
    let error = find(&root, "pre.error[role=alert] span");
    assert_eq!(error.get_attribute("lang").as_deref(), Some("it"));
    assert!(
        text(&error).contains("almeno una manche"),
        "{}",
        text(&error)
    );
}

/// The buffering round can be played with Nagle's algorithm off (TCP_NODELAY, RFC 1122
/// §4.2.3.4), to compare: the set-up's setting reaches the game, in the teacher's language.
#[wasm_bindgen_test]
async fn nagle_can_be_turned_off_for_the_buffering_round() {
    let (root, game) = setup_of_the_original(Lang::It);
    let group = find(&root, "[role=radiogroup]:has(input[name=nagle])");
    assert!(
        text(&group).contains("Algoritmo di Nagle (manche 9)"),
        "{}",
        text(&group)
    );
    let on = find(&group, "input[name=nagle]");
    assert_eq!(
        js_sys::Reflect::get(&on, &"checked".into())
            .ok()
            .and_then(|v| v.as_bool()),
        Some(true),
        "on by default, as in real stacks"
    );
    find(&root, "#round-nagle").click();
    let off = find(&group, "label:nth-of-type(2)");
    assert_eq!(text(&off), "Nagle disattivato (TCP_NODELAY)");
    find(&off, "input").click();
    sleep(0).await;
    start(&root);
    sleep(0).await;
    let (nodelay, goals) = game
        .with_world(|w| (w.settings().nodelay, w.goals().to_vec()))
        .expect("the game started");
    assert!(nodelay, "the game plays with TCP_NODELAY");
    assert_eq!(goals.last(), Some(&Goal::Nagle));
}

/// The DNS server is no team's seat: in a game with a zone it stands after the teams, and
/// ticked, a person plays it.
#[wasm_bindgen_test]
async fn the_dns_servers_seat_can_be_played_by_a_person() {
    let dns = Scenario::shipped()
        .into_iter()
        .find(|(file, _)| *file == "dns.toml")
        .and_then(|(_, text)| Scenario::from_toml(text).ok())
        .expect("the DNS scenario");
    let (root, game) = mount_in(Lang::En, move || {
        view! { <Setup scenario=dns on_back=Callback::new(|()| {}) /> }
    });
    let seat = find(&root, ".dns-seat label");
    assert_eq!(text(&seat), "DNS server 10.0.1.53 — played by a person");
    find(&seat, "input").click();
    start(&root);
    sleep(0).await;
    let played = game
        .with_world(|w| {
            let dns = w.dns_server().expect("a DNS server");
            w.nodes().into_iter().find(|n| n.id == dns).map(|n| n.seat)
        })
        .flatten();
    assert_eq!(played, Some(Seat::Human));
    assert!(
        try_find(&setup_of_the_original(Lang::En).0, ".dns-seat").is_none(),
        "no DNS seat without a zone"
    );
}

/// The original game has no zone, yet it can go on to "resolve, then connect" (seed 001:
/// the session simulated DNS): ticking round 10 brings the DNS server's seat after the
/// teams, with no problem to fix, and the game starts with thirteen seats; unticking it
/// takes the seat away again.
#[wasm_bindgen_test]
async fn ticking_round_10_gives_the_original_game_its_dns_server() {
    let (root, game) = setup_of_the_original(Lang::En);
    assert!(try_find(&root, ".dns-seat").is_none());
    find(&root, "#round-resolve").click();
    sleep(0).await;
    let seat = find(&root, ".dns-seat label");
    assert_eq!(text(&seat), "DNS server 10.0.1.53 — played by a person");
    assert!(
        try_find(&root, ".round-problems").is_none(),
        "nothing to fix"
    );
    find(&root, "#round-resolve").click();
    sleep(0).await;
    assert!(
        try_find(&root, ".dns-seat").is_none(),
        "unticked, no DNS server"
    );
    find(&root, "#round-resolve").click();
    sleep(0).await;
    find(&root, ".dns-seat input").click();
    start(&root);
    sleep(0).await;
    let (goals, nodes, dns_seat) = game
        .with_world(|w| {
            let dns = w.dns_server().expect("a DNS server");
            let seat = w.nodes().into_iter().find(|n| n.id == dns).map(|n| n.seat);
            (w.goals().to_vec(), w.nodes().len(), seat)
        })
        .expect("the game started");
    assert_eq!(goals.last(), Some(&Goal::Resolve));
    assert_eq!(nodes, 13, "three teams of four and the DNS server");
    assert_eq!(dns_seat, Some(Seat::Human));
}

/// Round 11 likewise brings the game's load balancer to the original game (every team's
/// server behind 10.0.1.100): its seat stands after the teams while the round is ticked.
#[wasm_bindgen_test]
async fn ticking_round_11_gives_the_original_game_its_load_balancer() {
    let (root, game) = setup_of_the_original(Lang::En);
    assert!(try_find(&root, ".balancer-seat").is_none());
    find(&root, "#round-balance").click();
    sleep(0).await;
    let seat = find(&root, ".balancer-seat label");
    assert_eq!(text(&seat), "Load balancer 10.0.1.80 — played by a person");
    assert!(
        try_find(&root, ".round-problems").is_none(),
        "nothing to fix"
    );
    start(&root);
    sleep(0).await;
    let backends = game
        .with_world(|w| {
            let lb = w.balancer().expect("a load balancer");
            w.balancer_view(lb).backends.len()
        })
        .expect("the game started");
    assert_eq!(backends, 3, "every team's server serves the VIP");
}

#[wasm_bindgen_test]
async fn a_people_only_team_has_no_bot() {
    let (root, game) = setup_of_the_original(Lang::En);
    let team = || all(&root, ".team-setup")[1].clone();
    find(&team(), ".people-only input").click();
    sleep(0).await;
    let seats = all(&team(), ".seats input[type=checkbox]");
    assert_eq!(seats.len(), 4);
    assert!(seats.iter().all(|s| {
        js_sys::Reflect::get(s, &"checked".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }));
    start(&root);
    sleep(0).await;
    let (green, others) = game
        .with_world(|w| {
            let seat_of = |t: usize| {
                w.nodes()
                    .iter()
                    .filter(|n| n.team == t)
                    .map(|n| n.seat)
                    .collect::<Vec<_>>()
            };
            (seat_of(1), seat_of(0))
        })
        .expect("the game started");
    assert_eq!(green, [Seat::Human; 4]);
    assert_eq!(others, [Seat::Bot; 4]);
}

/// The instructor's page in a room of the original game where all twelve seats have a
/// person and one more watches, its clock at `at` seconds.
fn full_room(at: u64) -> (web_sys::HtmlElement, GameCtx) {
    let (root, game) = mount_in(Lang::En, || view! { <tcpip_animated::App /> });
    let (snapshot, _) = alice_room(
        |_| {
            let mut members = vec![Member {
                id: 0,
                name: "Teacher".into(),
                instructor: true,
                node: None,
                online: true,
            }];
            for i in 0..13u16 {
                members.push(Member {
                    id: u32::from(i) + 1,
                    name: format!("P{i}"),
                    instructor: false,
                    node: (i < 12).then_some(NodeId(i)),
                    online: true,
                });
            }
            members
        },
        at,
    );
    let you = You {
        code: "7KQ9AX".into(),
        token: "teacher-token".into(),
        member: 0,
        name: "Teacher".into(),
        instructor: true,
        node: None,
    };
    game.receive(ToClient::Welcome { you, snapshot });
    (root, game)
}

#[wasm_bindgen_test]
async fn a_full_room_in_its_lobby_adds_a_team_with_one_click() {
    common::storage().clear().ok();
    let (root, game) = full_room(0);
    sleep(0).await;
    game.take_sent();
    let full = find(&root, ".room-panel .seats-full");
    assert!(
        text(&full).starts_with("Every seat is taken: 1 person watches."),
        "{}",
        text(&full)
    );
    find(&full, "button.add-team").click();
    assert_eq!(game.take_sent(), vec![ToServer::AddTeam]);
    common::storage().clear().ok();
}

#[wasm_bindgen_test]
async fn once_the_game_has_run_the_panel_says_why_no_team_is_added() {
    common::storage().clear().ok();
    let (root, _game) = full_room(5);
    sleep(0).await;
    let full = find(&root, ".room-panel .seats-full");
    assert!(try_find(&full, "button.add-team").is_none());
    assert!(
        text(&full).contains("A team can be added only before the game starts."),
        "{}",
        text(&full)
    );
    common::storage().clear().ok();
}
