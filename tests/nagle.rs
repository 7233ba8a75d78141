//! The buffering round (Nagle's algorithm) on the Desk screen in a real browser
//! (wasm-bindgen-test in headless Chromium): Alice's desk shows her send buffer — "h"
//! waiting, then sent, the next bytes written while it is unacknowledged — a small card sent
//! then is sent back as "should have waited" (RFC 896, RFC 1122 §4.2.3.4), and when the ACK
//! comes everything buffered goes in one card and reaches the round. The game runs at ten
//! times real speed, and every wait is for something the world or the page does.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{
    alice_card, eventually, fill, find, mount_alice_desk, run_until, sleep, texts, try_find, write,
};
use tcpip_animated::game::GameCtx;
use tcpip_stack::score::Goal;
use tcpip_stack::world::NodeId;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Alice's desk in `scenarios/nagle.toml`.
fn mount_alice() -> (web_sys::HtmlElement, GameCtx, NodeId) {
    mount_alice_desk("nagle.toml", Some(vec![Goal::Nagle]))
}

/// Types a data card on the desk's form and sends it, as a person would.
async fn type_data_card(root: &web_sys::Element, seq: &str, data: &str) {
    fill(
        root,
        &[
            ("src-ip", "10.0.1.2"),
            ("dst-ip", "10.0.1.1"),
            ("src-port", "40000"),
            ("dst-port", "23"),
            ("seq", seq),
            ("ack", "1"),
            ("data", data),
        ],
    );
    // A card sent back keeps its boxes, flags included: ACK is pressed only when it is off.
    let ack = find(root, ".desk-form [data-flag='ACK']");
    if ack.get_attribute("aria-pressed").as_deref() != Some("true") {
        ack.click();
    }
    find(root, ".desk-form .card-send").click();
    sleep(0).await;
}

/// The strip's bytes as the page shows them: (byte, sent).
fn pieces(root: &web_sys::Element) -> Vec<(String, bool)> {
    let list = root
        .query_selector_all(".send-buffer .piece")
        .expect("a selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        .map(|e| {
            let sent = e.class_list().contains("sent");
            (
                e.text_content().unwrap_or_default().trim().to_string(),
                sent,
            )
        })
        .collect()
}

#[wasm_bindgen_test]
async fn small_cards_wait_in_the_send_buffer_until_the_ack_comes() {
    let (root, game, alice) = mount_alice();
    sleep(0).await;
    assert!(
        try_find(&root, ".send-buffer").is_none(),
        "no buffer before the connection"
    );
    write(&game, alice, alice_card(false, true, "0", ""));
    run_until(&game, |w| !w.inbox(alice).is_empty()).await;
    write(&game, alice, alice_card(true, false, "1", "1"));
    let shown = eventually(3000, || pieces(&root) == [("h".to_string(), false)]).await;
    assert!(shown, "{:?}", texts(&root, ".send-buffer"));
    let strip = texts(&root, ".send-buffer").join(" ");
    assert!(strip.contains("nothing unacknowledged in flight") && strip.contains("Nagle on"));

    type_data_card(&root, "1", "h").await;
    assert!(try_find(&root, ".desk-outcome .verdict.verdict-ok").is_some());
    // The application writes on while "h" is unacknowledged: the bytes wait.
    let held = eventually(3000, || {
        pieces(&root).len() > 1
            && texts(&root, ".send-buffer .in-flight")
                .join("")
                .contains("1")
    })
    .await;
    assert!(held, "{:?}", texts(&root, ".send-buffer"));
    let waiting = game
        .with_world(|w| w.send_buffer(alice).map(|b| b.buffered().to_string()))
        .flatten()
        .expect("a buffer");
    let banner = texts(&root, ".task-situation").join(" ");
    assert!(
        banner.contains("Nagle's algorithm holds small cards"),
        "{banner}"
    );
    type_data_card(&root, "2", &waiting).await;
    let outcome = texts(&root, ".desk-outcome").join(" ");
    assert!(
        outcome.contains("should have waited") && outcome.contains("RFC 896"),
        "{outcome}"
    );

    // The ACK comes: everything buffered goes in one card.
    run_until(&game, |w| {
        w.send_buffer(alice).is_some_and(|b| b.in_flight == 0)
    })
    .await;
    let all = eventually(3000, || {
        pieces(&root).iter().filter(|(_, sent)| !sent).count() == 4
    })
    .await;
    assert!(all, "{:?}", pieces(&root));
    type_data_card(&root, "2", "ello").await;
    assert!(
        try_find(&root, ".desk-outcome .verdict.verdict-ok").is_some(),
        "{:?}",
        texts(&root, ".desk-outcome")
    );
    run_until(&game, |w| w.race().reached(0, Goal::Nagle).is_some()).await;
}
