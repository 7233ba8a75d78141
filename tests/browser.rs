//! Component tests in a real browser (wasm-bindgen-test in headless Chromium):
//! `cargo xtask test --only wasm`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `view` into a fresh element of the page and returns that element.
fn mount<F, V>(view: F) -> web_sys::HtmlElement
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
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
    let handle = leptos::mount::mount_to(host.clone(), view);
    handle.forget();
    host
}

fn texts(root: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).expect("a valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
fn start_screen_shows_title_and_the_seven_rounds() {
    let root = mount(tcpip_animated::App);
    assert_eq!(texts(&root, "h1"), vec!["TCP/IP Animated".to_string()]);
    let rounds = texts(&root, "ol.rounds > li h3");
    assert_eq!(rounds.len(), 7, "{rounds:?}");
    assert!(rounds[0].to_lowercase().contains("handshake"), "{rounds:?}");
}

#[wasm_bindgen_test]
async fn play_reveals_the_shipped_scenarios() {
    let root = mount(tcpip_animated::App);
    assert!(
        texts(&root, ".scenario h3").is_empty(),
        "scenarios hidden before Play"
    );
    let button: web_sys::HtmlElement = root
        .query_selector("button.primary")
        .expect("selector")
        .expect("Play button")
        .unchecked_into();
    button.click();
    // Let the reactive system flush the update.
    gloo_timers_sleep().await;
    let names = texts(&root, ".scenario h3");
    assert!(names.len() >= 3, "{names:?}");
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
}

/// Yields to the browser's event loop once (a resolved promise), so effects run.
async fn gloo_timers_sleep() {
    let promise = js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL);
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("resolved");
}

/// Issue 4: "Nothing lost on reload: the game is saved to localStorage after every action
/// and restored exactly (same events replayed)".
#[wasm_bindgen_test]
fn a_game_saved_in_local_storage_comes_back_exactly() {
    use tcpip_animated::game::GameCtx;
    use tcpip_stack::card::Card;
    use tcpip_stack::scenario::Scenario;
    use tcpip_stack::world::{Action, Seat};

    let first = leptos::prelude::Owner::new();
    let (ladder, log_len) = first.with(|| {
        let game = GameCtx::provide();
        game.start(Scenario::original())
            .expect("the original scenario starts");
        let alice = game
            .with_world(|w| w.teams()[0].clients[0])
            .expect("a world");
        game.submit(Action::SetSeat {
            node: alice,
            seat: Seat::Human,
        })
        .expect("seat");
        let card = Card {
            src_ip: "10.0.1.2".into(),
            dst_ip: "10.0.1.1".into(),
            src_port: "40000".into(),
            dst_port: "23".into(),
            syn: true,
            seq: "0".into(),
            ..Card::default()
        };
        game.submit(Action::WriteCard {
            node: alice,
            card: Box::new(card),
        })
        .expect("card");
        game.set_paused(true);
        game.with_world(|w| (w.ladder_text(), w.log().len()))
            .expect("a world")
    });
    assert!(ladder.contains("10.0.1.2:40000"), "{ladder}");

    // A fresh page: a new context restores the save.
    let second = leptos::prelude::Owner::new();
    second.with(|| {
        let game = GameCtx::provide();
        assert!(game.resume_saved().expect("the save reads back"));
        let restored = game
            .with_world(|w| (w.ladder_text(), w.log().len()))
            .expect("a world");
        assert_eq!(restored, (ladder.clone(), log_len));
        game.discard();
        assert!(!GameCtx::has_saved());
    });
}
