//! Browser tests of the debrief at the end of a game (wasm-bindgen-test in headless
//! Chromium): a local game ended from the Instructor tab shows the podium in leaderboard
//! order and the class's mistakes grouped by rule with their count and first card, and
//! leads back to the start; an ended room shows every device the same debrief, whose replay
//! slider brings back the team's board and ladder as they were at the chosen time.
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::Cell;
use std::rc::Rc;

use common::{
    SubmitNow, alice_room, all, choose, eventually, find, fire, host, sleep, storage, text, texts,
    try_find,
};
use leptos::prelude::*;
use tcpip_animated::game::GameCtx;
use tcpip_animated::i18n::{Lang, provide_i18n};
use tcpip_protocol::{Logged, ToClient, You};
use tcpip_stack::card::Card;
use tcpip_stack::scenario::Scenario;
use tcpip_stack::score::Goal;
use tcpip_stack::time::Instant;
use tcpip_stack::world::{Action, NodeId, Seat};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The whole app, in English, on a page with nothing saved, and the game context it uses.
fn mount_app() -> (web_sys::HtmlElement, GameCtx) {
    storage().clear().expect("storage");
    let slot: Rc<Cell<Option<GameCtx>>> = Rc::default();
    let out = slot.clone();
    let root = host();
    leptos::mount::mount_to(root.clone(), move || {
        provide_i18n().set(Lang::En);
        let game = GameCtx::provide();
        out.set(Some(game));
        view! { <tcpip_animated::App /> }
    })
    .forget();
    let game = slot.take().expect("the game context was created");
    (root, game)
}

/// Round 1 of seed 000 written wrong: the SYN goes to the router's address (10.0.1.254),
/// not to the team's telnet server (10.0.1.1).
fn syn_to_the_router(port: &str) -> Card {
    Card {
        src_ip: "10.0.1.2".into(),
        dst_ip: "10.0.1.254".into(),
        src_port: port.into(),
        dst_port: "23".into(),
        syn: true,
        seq: "0".into(),
        ..Card::default()
    }
}

fn write(node: NodeId, card: Card) -> Action {
    Action::WriteCard {
        node,
        card: Box::new(card),
    }
}

#[wasm_bindgen_test]
async fn a_local_game_ends_on_a_podium_with_the_class_mistakes_and_leads_back_to_the_start() {
    let (root, game) = mount_app();
    game.start(Scenario::original()).expect("starts");
    game.set_paused(true);
    let alice = game
        .with_world(|w| w.teams()[0].clients[0])
        .expect("a game");
    game.submit_now(Action::SetSeat {
        node: alice,
        seat: Seat::Human,
    })
    .expect("seat");
    for port in ["40000", "40001"] {
        game.submit_now(write(alice, syn_to_the_router(port)))
            .expect("a wrong card is refereed");
    }
    sleep(0).await;

    find(&root, "#tab-instructor").click();
    sleep(0).await;
    find(&root, ".end-game button.danger").click();
    sleep(0).await;
    assert!(try_find(&root, ".debrief").is_none(), "asked first");
    find(&root, ".end-game .confirm button.danger").click();
    sleep(0).await;

    let debrief = find(&root, ".debrief");
    assert_eq!(text(&find(&debrief, "h2")), "The game is over");
    assert!(
        try_find(&root, "[role=tab]").is_none(),
        "the game's views are gone"
    );
    // The podium: the leaderboard's first three, Red first (a person played it).
    let board = game
        .with_world(|w| w.race().leaderboard())
        .expect("the game is kept");
    let steps = all(&debrief, ".podium-step");
    assert_eq!(steps.len(), 3);
    for (step, standing) in steps.iter().zip(&board) {
        assert!(
            text(&find(step, ".podium-name")).starts_with(&standing.name),
            "{} for {}",
            text(step),
            standing.name
        );
    }
    assert_eq!(text(&find(&steps[0], ".podium-name")), "Red");
    assert_eq!(text(&find(&steps[0], ".podium-rank")), "1");
    assert!(
        text(&steps[0]).contains("0 of 7 rounds"),
        "{}",
        text(&steps[0])
    );
    // The mistake: one rule, two cards by Alice, the first one as the example.
    let group = find(&debrief, ".mistake-group");
    assert_eq!(
        text(&find(&group, ".mistake-count")),
        "2 cards, by 1 player in 1 team"
    );
    let first = text(&find(&group, ".mistake-first"));
    assert!(
        first.starts_with("First: Red client 1 (team Red), at 0:0"),
        "{first}"
    );
    let why = game
        .with_world(|w| w.debrief().mistakes[0].example.note.why.en.clone())
        .expect("a mistake");
    assert_eq!(text(&find(&group, ".mistake-why")), why);
    assert!(
        text(&find(&group, ".mistake-card")).contains("10.0.1.254:23"),
        "the card as written"
    );
    assert!(
        try_find(&debrief, ".export-mistakes").is_some(),
        "in the exports"
    );

    // A reload brings the debrief back, not the game.
    assert!(
        storage()
            .get_item("tcpip.game.ended")
            .expect("storage")
            .is_some()
    );

    find(&debrief, ".debrief-bar button").click();
    sleep(0).await;
    assert!(try_find(&root, ".debrief").is_none());
    assert_eq!(
        texts(&root, "ol.rounds > li").len(),
        Goal::ALL.len(),
        "the start screen"
    );
}

/// Seed 000 in a classroom room: Alice (seated at 0:00) writes a SYN to the router at 0:01
/// (sent back by the coach) and the right SYN at 0:02; the room runs to 0:30 and ends.
fn ended_room(game: GameCtx, alice_at_one: bool) {
    let (mut snapshot, alice) = alice_room(|_| Vec::new(), 30);
    let mut right = syn_to_the_router("40001");
    right.dst_ip = "10.0.1.1".into();
    if alice_at_one {
        snapshot.actions.push(Logged {
            at: Instant::from_secs(1),
            action: write(alice, syn_to_the_router("40000")),
        });
    }
    snapshot.actions.push(Logged {
        at: Instant::from_secs(2),
        action: write(alice, right),
    });
    let you = You {
        code: "ABCD23".into(),
        token: "student-token".into(),
        member: 2,
        name: "Ada".into(),
        instructor: false,
        node: Some(alice),
    };
    game.receive(ToClient::Welcome { you, snapshot });
    game.receive(ToClient::Ended);
}

#[wasm_bindgen_test]
async fn the_replay_slider_brings_back_the_board_and_ladder_of_that_moment() {
    let (root, game) = mount_app();
    ended_room(game, true);
    sleep(0).await;
    let debrief = find(&root, ".debrief");
    assert_eq!(text(&find(&debrief, "h2")), "This room is over");
    let slider = find(&debrief, "input#replay-time[type=range]");
    assert_eq!(slider.get_attribute("max").as_deref(), Some("30"));
    assert!(
        try_find(&debrief, "label[for=replay-time]").is_some(),
        "the slider is labelled"
    );
    let clock = || text(&find(&root, ".replay-clock"));
    let arrows = || all(&root, ".replay-ladder .ladder-arrow").len();
    let cards = || all(&root, ".replay-board .cards .card").len();
    assert_eq!(clock(), "0:30 / 0:30", "the replay opens at the end");
    let at_end = arrows();
    assert!(at_end > 2, "the Red team's game, {at_end} cards");

    choose_time(&slider, "0");
    assert!(
        eventually(2_000, || clock() == "0:00 / 0:30").await,
        "{}",
        clock()
    );
    assert!(
        try_find(&root, ".replay-ladder .ladder-empty").is_some(),
        "no card yet"
    );
    assert!(
        eventually(2_000, || cards() == 0).await,
        "nothing in flight at 0:00"
    );

    // At 0:03 Alice's SYN is on its way to her router (sent at 0:02, 1.5 s a link).
    choose_time(&slider, "3");
    assert!(
        eventually(2_000, || cards() >= 1).await,
        "a card in flight at 0:03"
    );
    let early = arrows();
    assert!(
        (1..at_end).contains(&early),
        "{early} of {at_end} cards by 0:03"
    );
    assert_eq!(
        slider.get_attribute("aria-valuetext").as_deref(),
        Some("0:03")
    );

    // Another team's game, at its end: Blue's connections, none of Red's LAN.
    choose(&find(&debrief, "#replay-team"), "1");
    choose_time(&slider, "30");
    sleep(0).await;
    let headings = texts(&root, ".replay-ladder .ladder-heading");
    assert!(!headings.is_empty(), "Blue played too");
    assert!(
        headings.iter().all(|h| !h.contains("10.0.1.")),
        "{headings:?}"
    );
}

/// Moves the slider as a person would (a range input fires `input` as it moves).
fn choose_time(slider: &web_sys::Element, secs: &str) {
    js_sys::Reflect::set(slider, &"value".into(), &secs.into()).expect("value set");
    fire(slider, "input");
}

#[wasm_bindgen_test]
async fn every_device_of_an_ended_room_shows_the_podium_and_the_mistakes() {
    let (root, game) = mount_app();
    ended_room(game, true);
    sleep(0).await;
    let debrief = find(&root, ".debrief");
    assert_eq!(all(&debrief, ".podium-step").len(), 3);
    assert_eq!(
        text(&find(&debrief, ".podium-step-1 .podium-name")),
        "Red",
        "the team a person played leads"
    );
    let group = find(&debrief, ".mistake-group");
    assert_eq!(
        text(&find(&group, ".mistake-count")),
        "1 card, by 1 player in 1 team"
    );
    assert!(text(&find(&group, ".mistake-first")).contains("at 0:01"));
    assert!(
        try_find(&debrief, ".exports").is_none(),
        "the exports are the instructor's"
    );
}

#[wasm_bindgen_test]
async fn a_game_without_mistakes_says_so() {
    let (root, game) = mount_app();
    ended_room(game, false);
    sleep(0).await;
    let debrief = find(&root, ".debrief");
    assert!(try_find(&debrief, ".mistake-group").is_none());
    assert!(text(&find(&debrief, ".no-mistakes")).starts_with("Nobody wrote a card"));
}
