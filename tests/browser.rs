//! Component tests in a real browser (wasm-bindgen-test in headless Chromium):
//! `cargo xtask test --only wasm`.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{SubmitNow, find, mount, sleep, syn_card, texts};
use tcpip_stack::score::Goal;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn start_screen_shows_title_and_the_seven_rounds() {
    let root = mount(tcpip_animated::App);
    assert_eq!(texts(&root, "h1"), vec!["TCP/IP Animated".to_string()]);
    let rounds = texts(&root, "ol.rounds > li h3");
    assert_eq!(rounds.len(), Goal::ALL.len(), "{rounds:?}");
    assert!(rounds[0].to_lowercase().contains("handshake"), "{rounds:?}");
}

#[wasm_bindgen_test]
async fn play_reveals_the_shipped_scenarios() {
    let root = mount(tcpip_animated::App);
    assert!(
        texts(&root, ".scenario h3").is_empty(),
        "scenarios hidden before Play"
    );
    let button = find(&root, "button.primary");
    button.click();
    // Let the reactive system flush the update.
    sleep(0).await;
    let names = texts(&root, ".scenario h3");
    assert!(names.len() >= 3, "{names:?}");
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
}

/// "Nothing lost on reload: the game is saved to localStorage after every action
/// and restored exactly (same events replayed)".
#[wasm_bindgen_test]
fn a_game_saved_in_local_storage_comes_back_exactly() {
    use tcpip_animated::game::GameCtx;
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
        game.submit_now(Action::SetSeat {
            node: alice,
            seat: Seat::Human,
        })
        .expect("seat");
        game.submit_now(Action::WriteCard {
            node: alice,
            card: Box::new(syn_card()),
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

/// A save written by the version before (format 1, its scenario field by field) is refused
/// with a message that says so, and stays in storage until the person starts a new game.
#[wasm_bindgen_test]
fn a_save_of_the_previous_format_is_refused_by_name() {
    use tcpip_animated::game::GameCtx;

    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage");
    let old = r#"{"version":1,"scenario":{"name":"Old","description":"","settings":{},"teams":[],"backbone":null,"goals":[],"faults":[]},"actions":[],"game_time":0,"speed_percent":100,"paused":true}"#;
    storage.set_item("tcpip.game", old).expect("stored");
    leptos::prelude::Owner::new().with(|| {
        let game = GameCtx::provide();
        let why = game.resume_saved().expect_err("an old save is refused");
        assert!(
            why.contains("another version of TCP/IP Animated (save format 1, this one reads 2)"),
            "{why}"
        );
        assert!(
            GameCtx::has_saved(),
            "the old save is kept until a new game"
        );
        game.discard();
    });
}
