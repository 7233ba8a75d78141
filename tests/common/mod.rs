//! Helpers shared by the browser tests (wasm-bindgen-test in headless Chromium); each test
//! binary uses a subset, hence `dead_code` is allowed here. Declared by every test file as
//! `mod common;`.
#![cfg(target_arch = "wasm32")]
#![allow(dead_code)]

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use tcpip_animated::game::{GameCtx, Verdict};
use tcpip_stack::card::Card;
use tcpip_stack::world::Action;
use wasm_bindgen::{JsCast, JsValue};

/// The page's document.
pub fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

/// The page's `localStorage`.
pub fn storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage")
}

/// The `lang` attribute of the page's `<html>` element.
pub fn page_lang() -> Option<String> {
    document()
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
}

/// A fresh, empty `<div>` appended to the page's body.
pub fn host() -> web_sys::HtmlElement {
    let document = document();
    let host: web_sys::HtmlElement = document
        .create_element("div")
        .expect("a div")
        .unchecked_into();
    document
        .body()
        .expect("a body")
        .append_child(&host)
        .expect("appended");
    host
}

/// Mounts `view` into a fresh element of the page and returns that element.
pub fn mount<F, V>(view: F) -> web_sys::HtmlElement
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
    let host = host();
    leptos::mount::mount_to(host.clone(), view).forget();
    host
}

/// Waits `ms` milliseconds of wall time (a macrotask even for 0), so Leptos' effects, DOM
/// updates and the game's ticks run meanwhile.
pub async fn sleep(ms: i32) {
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

/// Polls (every 50 ms) until `check` holds, up to `limit_ms` of wall time; whether it did.
pub async fn eventually(limit_ms: i32, mut check: impl FnMut() -> bool) -> bool {
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

/// The first element under `root` matching `selector`, if any.
pub fn try_find(root: &web_sys::Element, selector: &str) -> Option<web_sys::HtmlElement> {
    root.query_selector(selector)
        .expect("a valid selector")
        .map(JsCast::unchecked_into)
}

/// The first element under `root` matching `selector`; panics if there is none.
pub fn find(root: &web_sys::Element, selector: &str) -> web_sys::HtmlElement {
    try_find(root, selector).unwrap_or_else(|| panic!("no element matches {selector}"))
}

/// Every element under `root` matching `selector`, in document order.
pub fn all(root: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(selector).expect("a valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .collect()
}

/// The text of `el` and its descendants, as it is (not trimmed).
pub fn text(el: &web_sys::Element) -> String {
    el.text_content().unwrap_or_default()
}

/// The text of every element under `root` matching `selector`.
pub fn texts(root: &web_sys::Element, selector: &str) -> Vec<String> {
    all(root, selector).iter().map(text).collect()
}

/// The `value` property of an input, textarea or select (empty if it has none).
pub fn value(el: &web_sys::Element) -> String {
    js_sys::Reflect::get(el, &"value".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Fires a bubbling DOM event the way a browser does after user input.
pub fn fire(el: &web_sys::Element, kind: &str) {
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

/// Types `text` into a box as a person: sets its value, then fires the `input` event the
/// browser fires.
pub fn type_text(input: &web_sys::Element, text: &str) {
    js_sys::Reflect::set(input, &"value".into(), &text.into()).expect("value set");
    fire(input, "input");
}

/// Picks `value` in a `<select>` and fires `change`, as a person choosing it would.
pub fn choose(select: &web_sys::Element, value: &str) {
    js_sys::Reflect::set(select, &"value".into(), &value.into()).expect("value set");
    fire(select, "change");
}

/// The round-1 SYN of the original game: Red client 1 (10.0.1.2:40000) opens a connection
/// to the Red server's telnet port (10.0.1.1:23), seq 0.
pub fn syn_card() -> Card {
    Card {
        src_ip: "10.0.1.2".into(),
        dst_ip: "10.0.1.1".into(),
        src_port: "40000".into(),
        dst_port: "23".into(),
        syn: true,
        seq: "0".into(),
        ..Card::default()
    }
}

/// Alice writes [`syn_card`] on her desk's card form, box by box, and sends it.
pub async fn send_syn_by_hand(root: &web_sys::Element) {
    for (field, typed) in [
        ("src-ip", "10.0.1.2"),
        ("dst-ip", "10.0.1.1"),
        ("src-port", "40000"),
        ("dst-port", "23"),
        ("seq", "0"),
    ] {
        type_text(
            &find(root, &format!(".desk-form [data-field='{field}'] input")),
            typed,
        );
    }
    find(root, ".desk-form [data-flag='SYN']").click();
    find(root, ".desk-form .card-send").click();
    sleep(0).await;
}

/// Plays an action in a local game and hands back its verdict: local mode answers
/// [`GameCtx::submit`] at once, so a test can read it on the next line.
pub trait SubmitNow {
    fn submit_now(&self, action: Action) -> Verdict;
}

impl SubmitNow for GameCtx {
    fn submit_now(&self, action: Action) -> Verdict {
        let answer = Rc::new(RefCell::new(None));
        let slot = answer.clone();
        self.submit(action, move |verdict| *slot.borrow_mut() = Some(verdict));
        answer
            .take()
            .unwrap_or_else(|| Err("the game did not answer at once (not a local game)".into()))
    }
}

/// What a classroom server sends a newcomer about a room of the original game in which
/// Alice's seat was given to a person at the start: `members`, the clock paused at `at`
/// seconds. Returns the snapshot and Alice's node.
pub fn alice_room(
    members: impl FnOnce(tcpip_stack::world::NodeId) -> Vec<tcpip_protocol::Member>,
    at: u64,
) -> (Box<tcpip_protocol::Snapshot>, tcpip_stack::world::NodeId) {
    use tcpip_stack::scenario::Scenario;
    let scenario = Scenario::original();
    let alice = tcpip_stack::world::World::new(&scenario)
        .expect("the original game builds")
        .teams()[0]
        .clients[0];
    let snapshot = tcpip_protocol::Snapshot {
        scenario,
        actions: vec![tcpip_protocol::Logged {
            at: tcpip_stack::time::Instant::ZERO,
            action: Action::SetSeat {
                node: alice,
                seat: tcpip_stack::world::Seat::Human,
            },
        }],
        clock: tcpip_protocol::RoomClock {
            at: tcpip_stack::time::Instant::from_secs(at),
            speed_percent: 100,
            paused: true,
            hold: None,
            note: None,
        },
        members: members(alice),
        ended: false,
    };
    (Box::new(snapshot), alice)
}

/// A person of a classroom room as the server lists them in its roster.
pub fn member(
    id: u32,
    name: &str,
    instructor: bool,
    node: Option<tcpip_stack::world::NodeId>,
    online: bool,
) -> tcpip_protocol::Member {
    tcpip_protocol::Member {
        id,
        name: name.into(),
        instructor,
        node,
        online,
    }
}

/// The desk of Alice (Red's first client, played by a person) in the shipped scenario
/// `file`, playing `goals` (the scenario's own when `None`), at ten times real speed: a
/// round whose cards wait on game time (a timer, a slow link) is played without waiting ten
/// times as long.
pub fn mount_alice_desk(
    file: &'static str,
    goals: Option<Vec<tcpip_stack::score::Goal>>,
) -> (web_sys::HtmlElement, GameCtx, tcpip_stack::world::NodeId) {
    mount_desk(file, goals, |w| w.teams()[0].clients[0])
}

/// The desk of the seat `seat` picks, played by a person, in the shipped scenario `file`
/// (see [`mount_alice_desk`]).
pub fn mount_desk(
    file: &'static str,
    goals: Option<Vec<tcpip_stack::score::Goal>>,
    seat: fn(&tcpip_stack::world::World) -> tcpip_stack::world::NodeId,
) -> (web_sys::HtmlElement, GameCtx, tcpip_stack::world::NodeId) {
    use std::cell::Cell;
    use tcpip_stack::scenario::Scenario;
    use tcpip_stack::world::Seat;
    let host = host();
    let slot = Rc::new(Cell::new(None));
    let out = slot.clone();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        tcpip_animated::i18n::provide_i18n().set(tcpip_animated::i18n::Lang::En);
        tcpip_animated::desk::provide_announcer();
        let game = GameCtx::provide();
        let text = Scenario::shipped()
            .into_iter()
            .find(|(f, _)| *f == file)
            .expect("shipped")
            .1;
        let mut scenario = Scenario::from_toml(text).expect("reads");
        if let Some(goals) = goals {
            scenario.goals = goals;
        }
        game.start(scenario).expect("starts");
        let node = game.with_world(seat).expect("a game");
        game.submit_now(Action::SetSeat {
            node,
            seat: Seat::Human,
        })
        .expect("the seat is taken");
        game.set_speed(1000);
        out.set(Some((game, node)));
        view! {
            <tcpip_animated::desk::Announcer />
            <tcpip_animated::desk::DeskScreen />
        }
    });
    handle.forget();
    let (game, node) = slot.get().expect("the game was created");
    (host, game, node)
}

/// Types each `(data-field, text)` pair into the box of the desk's card form, as a person
/// would.
pub fn fill(root: &web_sys::Element, boxes: &[(&str, &str)]) {
    for (field, text) in boxes {
        let input = find(
            root,
            &format!(
                ".desk-form [data-field='{field}'] input, .desk-form [data-field='{field}'] textarea"
            ),
        );
        type_text(&input, text);
    }
}

/// A card of Alice (10.0.1.2:40000) to her team's telnet server (10.0.1.1:23).
pub fn alice_card(ack_flag: bool, syn: bool, seq: &str, ack: &str) -> Card {
    Card {
        src_ip: "10.0.1.2".into(),
        dst_ip: "10.0.1.1".into(),
        src_port: "40000".into(),
        dst_port: "23".into(),
        syn,
        ack_flag,
        seq: seq.into(),
        ack: ack.into(),
        ..Card::default()
    }
}

/// Writes `card` at `node` and expects it accepted.
pub fn write(game: &GameCtx, node: tcpip_stack::world::NodeId, card: Card) {
    let verdict = game.submit_now(Action::WriteCard {
        node,
        card: Box::new(card),
    });
    assert!(verdict.is_ok(), "{verdict:?}");
}

/// Lets the game run (at the speed it was set to) until `done` holds for the world. A
/// local game's clock runs on wall time; step mode only holds it, so waiting is the way.
pub async fn run_until(game: &GameCtx, done: impl Fn(&tcpip_stack::world::World) -> bool) {
    let happened = eventually(20_000, || game.with_world(&done).unwrap_or(false)).await;
    let now = game.with_world(|w| w.now()).unwrap_or_default();
    assert!(happened, "never happened (game time {now})");
}
