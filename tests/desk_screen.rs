//! The Desk screen in a real browser (wasm-bindgen-test in headless Chromium), playing the
//! original scenario as a person would: choosing a seat, typing into the paper card,
//! waiting for the server bot's answer, replying, being corrected by the coach, and
//! routing a card as the team's router.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use tcpip_animated::desk::{Announcer, DeskScreen, provide_announcer};
use tcpip_animated::game::GameCtx;
use tcpip_animated::i18n::provide_i18n;
use tcpip_stack::scenario::Scenario;
use tcpip_stack::world::{Action, EventKind, NodeId, Seat};
use wasm_bindgen::{JsCast, JsValue};
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
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let host: web_sys::HtmlElement = document
        .create_element("div")
        .expect("a div")
        .unchecked_into();
    document
        .body()
        .expect("a body")
        .append_child(&host)
        .expect("appended");
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
            game.submit(Action::SetSeat {
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

/// Waits `ms` milliseconds of wall time (effects and the game's ticks run meanwhile).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("a timer");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("the timer fires");
}

/// Polls until `check` holds, up to `limit_ms`; whether it did.
async fn eventually(limit_ms: i32, mut check: impl FnMut() -> bool) -> bool {
    let mut waited = 0;
    loop {
        if check() {
            return true;
        }
        if waited >= limit_ms {
            return false;
        }
        sleep(50).await;
        waited += 50;
    }
}

fn find(root: &web_sys::HtmlElement, selector: &str) -> Option<web_sys::HtmlElement> {
    root.query_selector(selector)
        .expect("a valid selector")
        .map(JsCast::unchecked_into)
}

fn must(root: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlElement {
    find(root, selector).unwrap_or_else(|| panic!("no element matches {selector}"))
}

fn all_text(root: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).expect("a valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

fn value(el: &web_sys::Element) -> String {
    js_sys::Reflect::get(el, &"value".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

fn fire(el: &web_sys::Element, kind: &str) {
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"bubbles".into(), &JsValue::TRUE).expect("init");
    let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"Event".into())
        .expect("Event")
        .unchecked_into();
    let args = js_sys::Array::of2(&kind.into(), &init);
    let event: web_sys::Event = js_sys::Reflect::construct(&ctor, &args)
        .expect("an event")
        .unchecked_into();
    el.dispatch_event(&event).expect("dispatched");
}

/// The input of a card box (its `data-field` slug) on the desk's form.
fn card_input(root: &web_sys::HtmlElement, field: &str) -> web_sys::HtmlElement {
    must(
        root,
        &format!(
            ".desk-form [data-field='{field}'] input, .desk-form [data-field='{field}'] textarea"
        ),
    )
}

/// Types into a box as a person: sets the value, then the `input` event the browser fires.
fn type_into(root: &web_sys::HtmlElement, field: &str, text: &str) {
    let input = card_input(root, field);
    js_sys::Reflect::set(&input, &"value".into(), &text.into()).expect("value set");
    fire(&input, "input");
}

fn first_client(game: &GameCtx) -> NodeId {
    game.with_world(|w| w.teams()[0].clients[0])
        .expect("a game")
}

fn announced(root: &web_sys::HtmlElement) -> String {
    must(root, ".announcer").text_content().unwrap_or_default()
}

/// Alice writes the round-1 SYN, and the server bot's SYN+ACK lands on her desk.
async fn syn_until_synack(root: &web_sys::HtmlElement, game: &GameCtx) {
    game.set_speed(1000);
    type_into(root, "src-ip", "10.0.1.2");
    type_into(root, "dst-ip", "10.0.1.1");
    type_into(root, "src-port", "40000");
    type_into(root, "dst-port", "23");
    type_into(root, "seq", "0");
    must(root, ".desk-form [data-flag='SYN']").click();
    must(root, ".desk-form .card-send").click();
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
        find(root, ".desk-outcome .verdict.verdict-ok").is_some(),
        "the SYN is a correct card: {:?}",
        all_text(root, ".desk-outcome")
    );
    // The form is blank again for the next card.
    assert_eq!(value(&card_input(root, "seq")), "");

    let arrived = eventually(8000, || {
        all_text(root, ".inbox-card")
            .iter()
            .any(|t| t.contains("SYN+ACK") && t.contains("10.0.1.1"))
    })
    .await;
    assert!(
        arrived,
        "the SYN+ACK arrived: {:?}",
        all_text(root, ".desk-inbox")
    );
}

#[wasm_bindgen_test]
async fn alice_sends_a_syn_gets_the_syn_ack_and_replies() {
    let (root, game) = mount_desk(Human::FirstClient);
    sleep(0).await;
    let picked = must(&root, ".seat-select");
    let chosen = must(
        &root,
        &format!(".seat-select option[value='{}']", value(&picked)),
    )
    .text_content()
    .unwrap_or_default();
    assert!(
        chosen.contains("Red client 1") && chosen.contains("10.0.1.2") && chosen.contains("Red"),
        "{chosen}"
    );
    assert!(find(&root, ".host-desk").is_some());

    syn_until_synack(&root, &game).await;
    let said = announced(&root);
    assert!(
        said.contains("New card from 10.0.1.1: SYN+ACK, seq 0, ack 1"),
        "{said}"
    );

    must(&root, ".inbox-reply").click();
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
    assert_eq!(all_text(&root, ".conn-table .conn-state"), engine_states);
    let lit = must(&root, ".state-diagram .tcp-state.current");
    assert_eq!(
        lit.get_attribute("data-state"),
        engine_states.first().cloned()
    );
    assert!(find(&root, ".state-diagram .tcp-transition.last").is_some());
}

#[wasm_bindgen_test]
async fn a_wrong_ack_comes_back_with_its_explanation() {
    let (root, game) = mount_desk(Human::FirstClient);
    sleep(0).await;
    syn_until_synack(&root, &game).await;

    must(&root, ".inbox-reply").click();
    sleep(0).await;
    type_into(&root, "seq", "1");
    type_into(&root, "ack", "5");
    must(&root, ".desk-form [data-flag='ACK']").click();
    must(&root, ".desk-form .card-send").click();
    sleep(0).await;

    let head = all_text(&root, ".desk-outcome .verdict-head").join(" ");
    assert!(head.contains("Card returned"), "{head}");
    let ack = must(&root, ".desk-outcome li.mistake[data-field='ack']");
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
    let cost = all_text(&root, ".hint-cost").join("");
    assert!(cost.contains("30 s"), "{cost}");
    must(&root, ".hint-button").click();
    sleep(0).await;
    let hint = all_text(&root, ".hint-text").join("");
    assert!(hint.contains("ACK"), "{hint}");
}

#[wasm_bindgen_test]
async fn the_router_delivers_an_arriving_card_without_mistakes() {
    let (root, game) = mount_desk(Human::Router);
    sleep(0).await;
    assert!(find(&root, ".router-desk").is_some());
    let table = all_text(&root, ".route-table td").join(" ");
    assert!(
        table.contains("10.0.1.0/24"),
        "the LAN is in the table: {table}"
    );
    game.set_speed(1000);

    let arrived = eventually(8000, || find(&root, ".router-desk .inbox-card").is_some()).await;
    assert!(arrived, "a card reached the router");
    let card = all_text(&root, ".router-desk .inbox-card").join(" ");
    assert!(card.contains("10.0.1.1") && card.contains("SYN"), "{card}");
    for choice in ["deliver", "forward", "unreachable", "time-exceeded", "drop"] {
        assert!(
            find(&root, &format!(".inbox-card [data-choice='{choice}']")).is_some(),
            "{choice}"
        );
    }

    must(&root, ".inbox-card [data-choice='deliver']").click();
    sleep(0).await;
    assert!(
        find(&root, ".desk-outcome .verdict.verdict-ok").is_some(),
        "{:?}",
        all_text(&root, ".desk-outcome")
    );
    assert_eq!(all_text(&root, ".desk-outcome li.mistake").len(), 0);
    assert!(
        !all_text(&root, ".router-said").is_empty(),
        "the router's decision is written"
    );
}

#[wasm_bindgen_test]
async fn a_bad_route_is_marked_per_box_and_a_good_one_is_added() {
    let (root, _game) = mount_desk(Human::Router);
    sleep(0).await;
    let prefix = must(&root, "[data-field='route-prefix'] input");
    let gateway = must(&root, "[data-field='route-gateway'] input");
    js_sys::Reflect::set(&prefix, &"value".into(), &"10.0.2.0".into()).expect("set");
    fire(&prefix, "input");
    js_sys::Reflect::set(&gateway, &"value".into(), &"not an address".into()).expect("set");
    fire(&gateway, "input");
    must(&root, ".route-add-button").click();
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
        !all_text(&root, "[data-field='route-gateway'] .field-error")
            .join("")
            .is_empty()
    );

    js_sys::Reflect::set(&prefix, &"value".into(), &"10.0.2.0/24".into()).expect("set");
    fire(&prefix, "input");
    js_sys::Reflect::set(&gateway, &"value".into(), &"192.168.0.2".into()).expect("set");
    fire(&gateway, "input");
    must(&root, ".route-add-button").click();
    sleep(0).await;
    let table = all_text(&root, ".route-table tbody tr").join(" | ");
    assert!(
        table.contains("10.0.2.0/24") && table.contains("192.168.0.2"),
        "{table}"
    );

    let remove = must(&root, ".route-remove[aria-label='Remove: 10.0.2.0/24']");
    remove.click();
    sleep(0).await;
    let table = all_text(&root, ".route-table tbody tr").join(" | ");
    assert!(!table.contains("10.0.2.0/24"), "{table}");
}

#[wasm_bindgen_test]
async fn without_a_human_seat_a_person_takes_one() {
    let (root, _game) = mount_desk(Human::Nobody);
    sleep(0).await;
    assert!(find(&root, ".seat-none").is_some());
    assert!(find(&root, ".host-desk, .router-desk").is_none());
    let take = must(&root, ".seat-take");
    take.click();
    sleep(0).await;
    assert!(
        find(&root, ".host-desk, .router-desk").is_some(),
        "the seat's desk appears"
    );
    assert!(find(&root, ".seat-none").is_none());
    must(&root, ".seat-give-back").click();
    sleep(0).await;
    assert!(find(&root, ".seat-none").is_some(), "back to the bot");
}
