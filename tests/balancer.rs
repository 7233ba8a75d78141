//! The load balancer on the desks in a real browser (wasm-bindgen-test in headless
//! Chromium), in `scenarios/balancer.toml` round 11: at the balancer's desk a person wraps
//! a client's card for a backend with the tunnel slip (RFC 2003 §3.1) — a box that cannot be
//! read is named next to it, protocol 6 is sent back with the rule, the right slip sends the
//! card and the connection table remembers its backend. At a backend's desk the tunnelled
//! card shows the card it carries, "Reply" answers from the service address, and a reply
//! from the server's own address is sent back. The game runs at ten times real speed, and
//! every wait is for something the world or the page does.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{eventually, find, mount_desk, run_until, sleep, texts, try_find, type_text, value};
use tcpip_stack::score::Goal;
use tcpip_stack::wire::Packet;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Types into the tunnel slip under the first card of the balancer's inbox.
fn slip(root: &web_sys::Element, boxes: &[(&str, &str)]) {
    for (field, text) in boxes {
        let input = find(
            root,
            &format!(".inbox-list li:first-child .tunnel-slip [data-field='tunnel-{field}'] input"),
        );
        type_text(&input, text);
    }
}

fn wrap(root: &web_sys::Element) {
    find(
        root,
        ".inbox-list li:first-child .tunnel-slip [data-choice='encapsulate']",
    )
    .click();
}

#[wasm_bindgen_test]
async fn the_balancer_wraps_a_card_for_a_backend_and_remembers_the_connection() {
    let (root, game, lb) = mount_desk("balancer.toml", Some(vec![Goal::Balance]), |w| {
        w.balancer().expect("a load balancer")
    });
    sleep(0).await;
    let title = texts(&root, ".desk-title").join("");
    assert_eq!(
        title,
        "Balancer — your address 10.0.1.80, service address (VIP) 10.0.1.100"
    );
    assert_eq!(
        texts(&root, ".task-round").join(""),
        "The game's load balancer: every connection to the service address passes you"
    );
    assert_eq!(
        texts(&root, ".backend-list li"),
        ["Red server 10.0.1.1", "Blue server 10.0.2.1"]
    );
    assert!(
        texts(&root, ".balancer-tables p")
            .join("")
            .starts_with("No connection yet")
    );

    // The clients' bots connect to the service address; their SYNs land here.
    run_until(&game, |w| !w.inbox(lb).is_empty()).await;
    let arrived = eventually(3000, || try_find(&root, ".tunnel-slip").is_some()).await;
    assert!(arrived, "a slip under the card");
    let inner = |field: &str| {
        value(&find(
            &root,
            &format!(".inbox-list li:first-child [data-field='tunnel-{field}'] input"),
        ))
    };
    assert_eq!(
        inner("inner-dst"),
        "10.0.1.100",
        "the inner header as it came"
    );
    assert_eq!(
        inner("src"),
        "",
        "the outer header is the person's to write"
    );

    // A box that cannot be read is named next to it, and nothing is sent.
    slip(
        &root,
        &[("src", "10.0.1.80"), ("dst", "10.0.1"), ("protocol", "4")],
    );
    wrap(&root);
    sleep(0).await;
    let error = texts(&root, "[data-field='tunnel-dst'] .field-error").join("");
    assert!(error.contains("four numbers"), "{error}");
    let input = find(&root, "[data-field='tunnel-dst'] input");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));

    // Protocol 6 is TCP's number: the referee sends the slip back with the rule.
    slip(&root, &[("dst", "10.0.1.1"), ("protocol", "6")]);
    wrap(&root);
    sleep(0).await;
    let verdict = texts(&root, ".verdict").join(" ");
    assert!(
        verdict.contains("protocol") && verdict.contains("RFC 2003"),
        "{verdict}"
    );
    assert!(
        try_find(&root, ".verdict.verdict-ok").is_none(),
        "{verdict}"
    );

    // The right slip sends the card, and the table remembers the connection's backend.
    slip(&root, &[("protocol", "4")]);
    wrap(&root);
    sleep(0).await;
    let sent = eventually(3000, || try_find(&root, ".verdict.verdict-ok").is_some()).await;
    assert!(sent, "{:?}", texts(&root, ".verdict"));
    let flows = texts(&root, ".flow-table tbody tr");
    assert_eq!(flows.len(), 1, "{flows:?}");
    assert!(flows[0].ends_with("10.0.1.1"), "{flows:?}");
}

#[wasm_bindgen_test]
async fn a_backend_reads_the_tunnelled_card_and_answers_from_the_service_address() {
    let (root, game, red) = mount_desk("balancer.toml", Some(vec![Goal::Balance]), |w| {
        w.teams()[0].server
    });
    sleep(0).await;
    // The balancer's bot wraps the first connection for Red's server.
    run_until(&game, |w| {
        w.inbox(red)
            .iter()
            .any(|c| matches!(c.packet, Packet::Ipip { .. }))
    })
    .await;
    let shown = eventually(3000, || try_find(&root, ".pc-inner").is_some()).await;
    assert!(shown, "the card inside the tunnel is shown");
    let card = texts(&root, ".inbox-card").join(" ");
    assert!(card.contains("4 (IP in IP)"), "{card}");
    let inside = texts(&root, ".pc-inner").join(" ");
    assert!(
        inside.contains("10.0.1.100") && inside.contains("SYN"),
        "{inside}"
    );
    // Reply answers the card the tunnel carried, from the service address the client wrote to.
    find(&root, ".inbox-reply").click();
    sleep(0).await;
    let field = |name: &str| {
        value(&find(
            &root,
            &format!(".desk-form [data-field='{name}'] input"),
        ))
    };
    assert_eq!(field("src-ip"), "10.0.1.100");
    assert_eq!(field("src-port"), "23");
    // Written from the server's own address, the SYN+ACK is sent back: the client's
    // connection is with the service address.
    common::fill(&root, &[("src-ip", "10.0.1.1"), ("seq", "0"), ("ack", "1")]);
    find(&root, ".desk-form [data-flag='SYN']").click();
    find(&root, ".desk-form [data-flag='ACK']").click();
    find(&root, ".desk-form .card-send").click();
    sleep(0).await;
    let verdict = texts(&root, ".desk-outcome").join(" ");
    assert!(
        verdict.contains("source IP") && verdict.contains("10.0.1.100"),
        "{verdict}"
    );
    common::fill(&root, &[("src-ip", "10.0.1.100")]);
    find(&root, ".desk-form .card-send").click();
    sleep(0).await;
    let ok = eventually(3000, || {
        try_find(&root, ".desk-outcome .verdict.verdict-ok").is_some()
    })
    .await;
    assert!(ok, "{:?}", texts(&root, ".desk-outcome"));
}
