//! DNS on the desks in a real browser (wasm-bindgen-test in headless Chromium), in
//! `scenarios/dns.toml`: Alice picks a UDP card and asks the DNS server (10.0.1.53:53)
//! where red.game is; her desk shows the question waiting, then the answer she believed
//! (RFC 1034 §5.3.1). At the DNS server's desk a person answers a question from the zone
//! table the desk shows: an answer whose ID is not the question's is sent back naming the
//! box (RFC 1035 §4.1.1), the right one reaches Alice. The game runs at ten times real
//! speed, and every wait is for something the world or the page does.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{
    SubmitNow, eventually, fill, find, mount_alice_desk, mount_desk, run_until, sleep, texts, write,
};
use tcpip_stack::card::{Card, CardKind};
use tcpip_stack::score::Goal;
use tcpip_stack::world::{Action, Seat};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Alice's question for red.game: a UDP card from her port 50000 to the DNS server, ID 4660.
const QUESTION: [(&str, &str); 8] = [
    ("src-ip", "10.0.1.2"),
    ("dst-ip", "10.0.1.53"),
    ("src-port", "50000"),
    ("dst-port", "53"),
    ("dns-id", "4660"),
    ("dns-qname", "red.game"),
    ("dns-qtype", "A"),
    ("dns-qclass", "IN"),
];

fn send(root: &web_sys::Element) {
    find(root, ".desk-form .card-send").click();
}

fn ok(root: &web_sys::Element) -> bool {
    common::try_find(root, ".desk-outcome .verdict.verdict-ok").is_some()
}

/// The banner of the desk, in one line.
fn banner(root: &web_sys::Element) -> String {
    texts(root, ".task-situation").join(" ")
}

#[wasm_bindgen_test]
async fn a_client_asks_the_dns_server_and_sees_the_answer_it_believed() {
    let (root, game, alice) = mount_alice_desk("dns.toml", Some(vec![Goal::Resolve]));
    sleep(0).await;
    assert!(
        banner(&root)
            .contains("your move: ask the DNS server (10.0.1.53) for the address of red.game"),
        "{}",
        banner(&root)
    );
    let ask = texts(&root, ".dns-panel .dns-ask").join(" ");
    assert_eq!(ask, "The DNS server is at 10.0.1.53:53");
    assert_eq!(
        texts(&root, ".desk-form h3").join(""),
        "TCP card",
        "a client starts on TCP"
    );
    find(&root, ".kind-toggle[data-kind='udp']").click();
    sleep(0).await;
    assert_eq!(texts(&root, ".desk-form h3").join(""), "UDP card (DNS)");
    assert!(
        common::try_find(&root, ".desk-form [data-field='seq']").is_none(),
        "no TCP boxes on a UDP card"
    );
    fill(&root, &QUESTION);
    send(&root);
    sleep(0).await;
    assert!(ok(&root), "{:?}", texts(&root, ".desk-outcome"));
    let waiting = eventually(3000, || {
        texts(&root, ".dns-waiting").join("") == "red.game? — DNS ID 4660, from your port 50000"
    })
    .await;
    assert!(waiting, "{:?}", texts(&root, ".dns-panel"));
    // The DNS server (a bot here) answers from its zone.
    run_until(&game, |w| !w.dns_view(alice).resolved.is_empty()).await;
    let learned = eventually(3000, || {
        texts(&root, ".dns-resolved").join("") == "red.game → 10.0.1.1 (TTL 300 s)"
    })
    .await;
    assert!(learned, "{:?}", texts(&root, ".dns-panel"));
    let told = eventually(3000, || {
        banner(&root).contains("your move: open the connection to 10.0.1.1:23")
    })
    .await;
    assert!(told, "round 10 goes on: {}", banner(&root));
    // The answer is read, not answered: it is not the card in hand.
    assert!(
        common::try_find(&root, ".in-hand").is_none(),
        "{:?}",
        texts(&root, ".in-hand")
    );
}

#[wasm_bindgen_test]
async fn a_wrong_udp_box_is_named_next_to_it() {
    let (root, _game, _alice) = mount_alice_desk("dns.toml", None);
    sleep(0).await;
    find(&root, ".kind-toggle[data-kind='udp']").click();
    sleep(0).await;
    fill(&root, &QUESTION);
    fill(&root, &[("dns-id", "70000")]);
    send(&root);
    sleep(0).await;
    let error = texts(&root, ".desk-form [data-field='dns-id'] .field-error").join("");
    assert!(error.contains("65535"), "{error}");
    let input = find(&root, ".desk-form [data-field='dns-id'] input");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn the_dns_server_answers_from_the_zone_its_desk_shows() {
    let (root, game, dns) = mount_desk("dns.toml", None, |w| w.dns_server().expect("a DNS server"));
    sleep(0).await;
    let zone = texts(&root, ".dns-zone tbody tr");
    assert_eq!(
        zone,
        [
            "red.game10.0.1.1300",
            "blue.game10.0.2.1300",
            "www.game10.0.2.1300"
        ]
    );
    assert_eq!(texts(&root, ".desk-form h3").join(""), "UDP card (DNS)");
    assert!(
        common::try_find(&root, ".kind-toggle").is_none(),
        "the DNS server writes UDP cards only"
    );
    assert!(
        common::try_find(&root, ".desk-conns").is_none(),
        "and has no TCP connections"
    );
    assert!(
        banner(&root).contains("waiting for DNS queries"),
        "{}",
        banner(&root)
    );
    assert_eq!(
        texts(&root, ".task-round").join(""),
        "The game's DNS server: every team asks you",
        "no team's round"
    );
    assert!(common::try_find(&root, ".task-goal").is_none());
    // Alice, played for a moment by the test, asks; then her seat goes back to its bot.
    let alice = game
        .with_world(|w| w.teams()[0].clients[0])
        .expect("a game");
    let seat = |seat| {
        game.submit_now(Action::SetSeat { node: alice, seat })
            .expect("seat")
    };
    seat(Seat::Human);
    let mut question = Card {
        kind: CardKind::Udp,
        ..Card::default()
    };
    for (field, text) in QUESTION {
        let b = match field {
            "src-ip" => &mut question.src_ip,
            "dst-ip" => &mut question.dst_ip,
            "src-port" => &mut question.src_port,
            "dst-port" => &mut question.dst_port,
            "dns-id" => &mut question.dns_id,
            "dns-qname" => &mut question.dns_qname,
            "dns-qtype" => &mut question.dns_qtype,
            _ => &mut question.dns_qclass,
        };
        *b = text.to_string();
    }
    write(&game, alice, question);
    seat(Seat::Bot);
    run_until(&game, |w| !w.inbox(dns).is_empty()).await;
    let owed = eventually(3000, || {
        banner(&root).contains("your move: answer the DNS query from 10.0.1.2")
    })
    .await;
    assert!(owed, "{}", banner(&root));
    let replied = eventually(3000, || {
        common::try_find(&root, ".inbox-reply").is_some_and(|b| {
            b.click();
            true
        })
    })
    .await;
    assert!(replied, "the question can be answered");
    sleep(0).await;
    let value = |field: &str| {
        common::value(&find(
            &root,
            &format!(".desk-form [data-field='{field}'] input"),
        ))
    };
    assert_eq!(
        (value("src-port"), value("dst-port")),
        ("53".to_string(), "50000".to_string()),
        "the reply swaps the ports"
    );
    let answer = [
        ("dns-id", "1"),
        ("dns-qname", "red.game"),
        ("dns-qtype", "A"),
        ("dns-qclass", "IN"),
        ("dns-rcode", "0"),
        ("dns-answers", "red.game 300 10.0.1.1"),
    ];
    fill(&root, &answer);
    for flag in ["QR", "AA"] {
        find(&root, &format!(".desk-form [data-flag='{flag}']")).click();
    }
    send(&root);
    sleep(0).await;
    let outcome = texts(&root, ".desk-outcome").join(" ");
    assert!(
        outcome.contains("DNS ID") && outcome.contains("4660") && outcome.contains("RFC 1035"),
        "{outcome}"
    );
    // Sent back: the boxes stay; the ID is the question's.
    fill(&root, &[("dns-id", "4660")]);
    send(&root);
    sleep(0).await;
    assert!(ok(&root), "{:?}", texts(&root, ".desk-outcome"));
    run_until(&game, |w| {
        w.dns_view(alice).resolved.iter().any(|r| {
            r.name == "red.game" && r.addr.map(|a| a.to_string()) == Some("10.0.1.1".into())
        })
    })
    .await;
}
