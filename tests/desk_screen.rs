//! The Desk screen in a real browser (wasm-bindgen-test in headless Chromium), playing the
//! original scenario as a person would: choosing a seat, typing into the paper card,
//! waiting for the server bot's answer, replying, being corrected by the coach, and
//! routing a card as the team's router.
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::Cell;
use std::rc::Rc;

use common::{SubmitNow, eventually, find, host, sleep, text, texts, try_find, type_text, value};
use leptos::prelude::*;
use tcpip_animated::desk::{Announcer, DeskScreen, provide_announcer};
use tcpip_animated::game::GameCtx;
use tcpip_animated::i18n::provide_i18n;
use tcpip_stack::scenario::Scenario;
use tcpip_stack::world::{Action, EventKind, NodeId, Seat};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Which seats a test hands to a person before the desk appears.
#[derive(Clone, Copy)]
enum Human {
    Nobody,
    FirstClient,
    Router,
}

/// Mounts a desk on a fresh game of the original scenario with the chosen seat human (every
/// other seat a bot), and returns the page element and the game.
fn mount_desk(human: Human) -> (web_sys::HtmlElement, GameCtx) {
    let host = host();
    let slot: Rc<Cell<Option<GameCtx>>> = Rc::new(Cell::new(None));
    let out = slot.clone();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_i18n().set(tcpip_animated::i18n::Lang::En);
        provide_announcer();
        let game = GameCtx::provide();
        game.start(Scenario::original())
            .expect("the original game starts");
        let node = game
            .with_world(|w| {
                let team = w.teams().first()?;
                match human {
                    Human::Nobody => None,
                    Human::FirstClient => team.clients.first().copied(),
                    Human::Router => Some(team.router),
                }
            })
            .flatten();
        if let Some(node) = node {
            game.submit_now(Action::SetSeat {
                node,
                seat: Seat::Human,
            })
            .expect("the seat is taken");
        }
        out.set(Some(game));
        view! {
            <Announcer />
            <DeskScreen />
        }
    });
    handle.forget();
    (host, slot.get().expect("the game was created"))
}

/// The input of a card box (its `data-field` slug) on the desk's form.
fn card_input(root: &web_sys::Element, field: &str) -> web_sys::HtmlElement {
    find(
        root,
        &format!(
            ".desk-form [data-field='{field}'] input, .desk-form [data-field='{field}'] textarea"
        ),
    )
}

/// Types into a box as a person: sets the value, then the `input` event the browser fires.
fn type_into(root: &web_sys::Element, field: &str, text: &str) {
    type_text(&card_input(root, field), text);
}

fn first_client(game: &GameCtx) -> NodeId {
    game.with_world(|w| w.teams()[0].clients[0])
        .expect("a game")
}

fn announced(root: &web_sys::Element) -> String {
    text(&find(root, ".announcer"))
}

/// Alice writes the round-1 SYN, and the server bot's SYN+ACK lands on her desk.
async fn syn_until_synack(root: &web_sys::Element, game: &GameCtx) {
    game.set_speed(1000);
    type_into(root, "src-ip", "10.0.1.2");
    type_into(root, "dst-ip", "10.0.1.1");
    type_into(root, "src-port", "40000");
    type_into(root, "dst-port", "23");
    type_into(root, "seq", "0");
    find(root, ".desk-form [data-flag='SYN']").click();
    find(root, ".desk-form .card-send").click();
    sleep(0).await;

    let alice = first_client(game);
    let sent = game
        .with_world(|w| {
            w.log().iter().any(|e| {
                matches!(&e.kind, EventKind::CardSent { from, forged: false, .. } if *from == alice)
            })
        })
        .expect("a game");
    assert!(sent, "the SYN left Alice's desk");
    assert!(
        try_find(root, ".desk-outcome .verdict.verdict-ok").is_some(),
        "the SYN is a correct card: {:?}",
        texts(root, ".desk-outcome")
    );
    // The form is blank again for the next card.
    assert_eq!(value(&card_input(root, "seq")), "");

    let arrived = eventually(8000, || {
        texts(root, ".inbox-card")
            .iter()
            .any(|t| t.contains("SYN+ACK") && t.contains("10.0.1.1"))
    })
    .await;
    assert!(
        arrived,
        "the SYN+ACK arrived: {:?}",
        texts(root, ".desk-inbox")
    );
}

#[wasm_bindgen_test]
async fn alice_sends_a_syn_gets_the_syn_ack_and_replies() {
    let (root, game) = mount_desk(Human::FirstClient);
    sleep(0).await;
    let picked = find(&root, ".seat-select");
    let chosen = find(
        &root,
        &format!(".seat-select option[value='{}']", value(&picked)),
    )
    .text_content()
    .unwrap_or_default();
    assert!(
        chosen.contains("Red client 1") && chosen.contains("10.0.1.2") && chosen.contains("Red"),
        "{chosen}"
    );
    assert!(try_find(&root, ".host-desk").is_some());
    // The banner names the round and whose move it is: Alice opens.
    let banner = texts(&root, ".task-banner").join(" ");
    assert!(banner.contains("Round 1 — Handshake"), "{banner}");
    assert!(
        banner.contains("your move: open the connection to 10.0.1.1:23 with a SYN"),
        "{banner}"
    );
    assert!(try_find(&root, ".task-banner.your-move").is_some());

    syn_until_synack(&root, &game).await;
    let said = announced(&root);
    assert!(
        said.contains("New card from 10.0.1.1: SYN+ACK, seq 0, ack 1"),
        "{said}"
    );

    // The SYN+ACK waits for her answer, and the banner says so.
    let banner = texts(&root, ".task-situation").join(" ");
    assert!(
        banner.contains("a card on your desk needs an answer"),
        "{banner}"
    );

    find(&root, ".inbox-reply").click();
    sleep(0).await;
    assert_eq!(value(&card_input(&root, "src-ip")), "10.0.1.2");
    assert_eq!(value(&card_input(&root, "dst-ip")), "10.0.1.1");
    assert_eq!(value(&card_input(&root, "src-port")), "40000");
    assert_eq!(value(&card_input(&root, "dst-port")), "23");
    // Never the numbers: working them out is the game.
    assert_eq!(value(&card_input(&root, "seq")), "");
    assert_eq!(value(&card_input(&root, "ack")), "");

    // The connection is listed with the state the engine gives it, lit on the diagram.
    let alice = first_client(&game);
    let engine_states: Vec<String> = game
        .with_world(|w| {
            w.connections(alice)
                .iter()
                .map(|c| c.state.name().to_string())
                .collect()
        })
        .expect("a game");
    assert_eq!(engine_states.len(), 1, "{engine_states:?}");
    assert_eq!(texts(&root, ".conn-table .conn-state"), engine_states);
    let lit = find(&root, ".state-diagram .tcp-state.current");
    assert_eq!(
        lit.get_attribute("data-state"),
        engine_states.first().cloned()
    );
    assert!(try_find(&root, ".state-diagram .tcp-transition.last").is_some());

    // A card can be put aside: it leaves this desk (the stack has read it anyway).
    find(&root, ".inbox-aside").click();
    sleep(0).await;
    assert!(try_find(&root, ".inbox-card").is_none());
    assert!(try_find(&root, ".inbox-empty").is_some());
}

#[wasm_bindgen_test]
async fn a_wrong_ack_comes_back_with_its_explanation() {
    let (root, game) = mount_desk(Human::FirstClient);
    sleep(0).await;
    syn_until_synack(&root, &game).await;

    find(&root, ".inbox-reply").click();
    sleep(0).await;
    type_into(&root, "seq", "1");
    type_into(&root, "ack", "5");
    find(&root, ".desk-form [data-flag='ACK']").click();
    find(&root, ".desk-form .card-send").click();
    sleep(0).await;

    let head = texts(&root, ".desk-outcome .verdict-head").join(" ");
    assert!(head.contains("Card returned"), "{head}");
    let ack = find(&root, ".desk-outcome li.mistake[data-field='ack']");
    let why = ack
        .query_selector(".mistake-why")
        .expect("selector")
        .and_then(|e| e.text_content())
        .unwrap_or_default();
    assert!(why.trim().len() > 10, "the why is written: {why}");
    let text = ack.text_content().unwrap_or_default();
    assert!(text.contains('5') && text.contains('1'), "{text}");
    // Coach mode: the card stays in the hand to be corrected.
    assert_eq!(value(&card_input(&root, "ack")), "5");

    // A hint says what to write, and what it costs.
    let cost = texts(&root, ".hint-cost").join("");
    assert!(cost.contains("30 s"), "{cost}");
    find(&root, ".hint-button").click();
    sleep(0).await;
    let hint = texts(&root, ".hint-text").join("");
    assert!(hint.contains("ACK"), "{hint}");

    // The right card goes out: the hint was about a moment that is gone, so it leaves the
    // desk instead of advising on the next card.
    type_into(&root, "ack", "1");
    find(&root, ".desk-form .card-send").click();
    sleep(0).await;
    assert!(
        try_find(&root, ".desk-outcome .verdict.verdict-ok").is_some(),
        "{:?}",
        texts(&root, ".desk-outcome")
    );
    assert!(
        texts(&root, ".hint-text").is_empty(),
        "a stale hint stays: {:?}",
        texts(&root, ".hint-text")
    );
}

#[wasm_bindgen_test]
async fn the_router_delivers_an_arriving_card_without_mistakes() {
    let (root, game) = mount_desk(Human::Router);
    sleep(0).await;
    assert!(try_find(&root, ".router-desk").is_some());
    let table = texts(&root, ".route-table td").join(" ");
    assert!(
        table.contains("10.0.1.0/24"),
        "the LAN is in the table: {table}"
    );
    game.set_speed(1000);

    let arrived = eventually(8000, || {
        try_find(&root, ".router-desk .inbox-card").is_some()
    })
    .await;
    assert!(arrived, "a card reached the router");
    let card = texts(&root, ".router-desk .inbox-card").join(" ");
    assert!(card.contains("10.0.1.1") && card.contains("SYN"), "{card}");
    for choice in [
        "deliver",
        "forward",
        "unreachable",
        "time-exceeded",
        "drop",
        "keep",
    ] {
        assert!(
            try_find(&root, &format!(".inbox-card [data-choice='{choice}']")).is_some(),
            "{choice}"
        );
    }

    // A wrong decision comes back (coach mode), its verdict under the card it was about.
    find(&root, ".inbox-card [data-choice='drop']").click();
    sleep(0).await;
    assert!(
        try_find(&root, ".inbox-list li .desk-outcome li.mistake").is_some(),
        "{:?}",
        texts(&root, ".router-desk")
    );

    find(&root, ".inbox-card [data-choice='deliver']").click();
    sleep(0).await;
    // The card went on: its verdict stands above the list, under no other card.
    assert!(try_find(&root, ".inbox-list li .desk-outcome").is_none());
    assert!(
        try_find(&root, ".desk-outcome .verdict.verdict-ok").is_some(),
        "{:?}",
        texts(&root, ".desk-outcome")
    );
    assert_eq!(texts(&root, ".desk-outcome li.mistake").len(), 0);
    assert!(
        !texts(&root, ".router-said").is_empty(),
        "the router's decision is written"
    );
}

#[wasm_bindgen_test]
async fn a_bad_route_is_marked_per_box_and_a_good_one_is_added() {
    let (root, _game) = mount_desk(Human::Router);
    sleep(0).await;
    let prefix = find(&root, "[data-field='route-prefix'] input");
    let gateway = find(&root, "[data-field='route-gateway'] input");
    type_text(&prefix, "10.0.2.0");
    type_text(&gateway, "not an address");
    find(&root, ".route-add-button").click();
    sleep(0).await;
    assert_eq!(
        prefix.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        gateway.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert!(
        !texts(&root, "[data-field='route-gateway'] .field-error")
            .join("")
            .is_empty()
    );

    type_text(&prefix, "10.0.2.0/24");
    type_text(&gateway, "192.168.0.2");
    find(&root, ".route-add-button").click();
    sleep(0).await;
    let table = texts(&root, ".route-table tbody tr").join(" | ");
    assert!(
        table.contains("10.0.2.0/24") && table.contains("192.168.0.2"),
        "{table}"
    );

    let remove = find(&root, ".route-remove[aria-label='Remove: 10.0.2.0/24']");
    remove.click();
    sleep(0).await;
    let table = texts(&root, ".route-table tbody tr").join(" | ");
    assert!(!table.contains("10.0.2.0/24"), "{table}");
}

#[wasm_bindgen_test]
async fn without_a_human_seat_a_person_takes_one() {
    let (root, _game) = mount_desk(Human::Nobody);
    sleep(0).await;
    assert!(try_find(&root, ".seat-none").is_some());
    assert!(try_find(&root, ".host-desk, .router-desk").is_none());
    let take = find(&root, ".seat-take");
    take.click();
    sleep(0).await;
    assert!(
        try_find(&root, ".host-desk, .router-desk").is_some(),
        "the seat's desk appears"
    );
    assert!(try_find(&root, ".seat-none").is_none());
    find(&root, ".seat-give-back").click();
    sleep(0).await;
    assert!(try_find(&root, ".seat-none").is_some(), "back to the bot");
}
