//! The retransmission round on the Desk screen in a real browser (wasm-bindgen-test in
//! headless Chromium): Alice's data card is lost, her desk shows the retransmission timer
//! counting and then running out (RFC 6298 §5), and the card she types again with the
//! same seq and bytes is accepted and reaches the round. The game runs at ten times real
//! speed, and every wait is for something the world or the page does.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{
    alice_card, eventually, find, mount_alice_desk, run_until, sleep, texts, try_find, type_text,
    write,
};
use tcpip_animated::game::GameCtx;
use tcpip_stack::score::Goal;
use tcpip_stack::world::NodeId;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Alice's desk in `scenarios/retransmit.toml`.
fn mount_alice() -> (web_sys::HtmlElement, GameCtx, NodeId) {
    mount_alice_desk("retransmit.toml", None)
}

/// Types the data card on the desk's form and sends it, as a person would.
async fn type_data_card(root: &web_sys::Element) {
    for (field, text) in [
        ("src-ip", "10.0.1.2"),
        ("dst-ip", "10.0.1.1"),
        ("src-port", "40000"),
        ("dst-port", "23"),
        ("seq", "1"),
        ("ack", "1"),
        ("data", "hello"),
    ] {
        let input = find(
            root,
            &format!(
                ".desk-form [data-field='{field}'] input, .desk-form [data-field='{field}'] textarea"
            ),
        );
        type_text(&input, text);
    }
    find(root, ".desk-form [data-flag='ACK']").click();
    find(root, ".desk-form .card-send").click();
    sleep(0).await;
}

#[wasm_bindgen_test]
async fn the_lost_card_goes_again_when_the_desk_timer_runs_out() {
    let (root, game, alice) = mount_alice();
    sleep(0).await;
    write(&game, alice, alice_card(false, true, "0", ""));
    run_until(&game, |w| !w.inbox(alice).is_empty()).await;
    write(&game, alice, alice_card(true, false, "1", "1"));
    run_until(&game, |w| w.current_goal(0) == Some(Goal::Retransmit)).await;
    assert!(
        try_find(&root, ".rto-timer").is_none(),
        "no timer while nothing waits"
    );

    type_data_card(&root).await;
    let counting = eventually(3000, || {
        texts(&root, ".rto-timer").iter().any(|t| {
            t.contains("retransmission timer for 10.0.1.1:23") && t.contains("s left of 38 s")
        })
    })
    .await;
    assert!(
        counting,
        "the timer counts: {:?}",
        texts(&root, ".desk-write")
    );
    let timer = find(&root, ".rto-timer [role='timer']");
    assert!(timer.text_content().unwrap_or_default().contains("38 s"));

    // The round lost the card: nothing comes back, and the timer runs out.
    run_until(&game, |w| w.connections(alice)[0].retransmits == 1).await;
    let ran_out = eventually(3000, || {
        texts(&root, ".rto-timer.resent")
            .iter()
            .any(|t| t.contains("of 76 s (ran out 1× already"))
    })
    .await;
    assert!(ran_out, "{:?}", texts(&root, ".rto-timer"));
    let banner = texts(&root, ".task-situation").join(" ");
    assert!(
        banner.contains("your retransmission timer ran out before the ACK came"),
        "{banner}"
    );

    // The same card, typed again, is right; its ACK reaches the round.
    type_data_card(&root).await;
    assert!(
        try_find(&root, ".desk-outcome .verdict.verdict-ok").is_some(),
        "{:?}",
        texts(&root, ".desk-outcome")
    );
    run_until(&game, |w| w.race().reached(0, Goal::Retransmit).is_some()).await;
    let gone = eventually(3000, || try_find(&root, ".rto-timer").is_none()).await;
    assert!(gone, "the timer stops once acknowledged");
}
