//! Classroom mode in a real browser (wasm-bindgen-test in headless Chromium), without a
//! server: the test plays the server's part by handing `GameCtx::receive` the messages a
//! classroom server sends, and reads what the page would have sent from
//! `GameCtx::take_sent`. It checks what a person sees: a student only their own seat,
//! cards arriving only when the server says time passed, a refusal at the card form, the
//! instructor's room panel, the end of a room, and the join form's per-field messages.
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::Cell;
use std::rc::Rc;
use tcpip_animated::slot::Slot;

use common::{
    alice_room, all, choose, eventually, find, host, member, sleep, storage, text, texts, try_find,
    type_text, value,
};
use leptos::prelude::*;
use tcpip_animated::game::GameCtx;
use tcpip_animated::i18n::{Lang, provide_i18n};
use tcpip_protocol::{Info, Logged, Member, RoomClock, ToClient, ToServer, You};
use tcpip_stack::scenario::Scenario;
use tcpip_stack::score::Goal;
use tcpip_stack::text::Text;
use tcpip_stack::time::Instant;
use tcpip_stack::world::{Action, NodeId, World};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const CODE: &str = "7KQ9AX";
const ROOM_KEY: &str = "tcpip.room";
const RUN_KEY: &str = "tcpip.rooms.run";

/// Red client 1 of the original game ("Alice"'s seat), and its name there.
fn alice() -> (NodeId, String) {
    let world = World::new(&Scenario::original()).expect("the original game builds");
    let id = world.teams()[0].clients[0];
    let name = world.node_view(id).expect("a node").name;
    (id, name)
}

/// The room as the server describes it to a newcomer: the original game where Alice's
/// seat was given to a person at the start, its clock paused at `at` seconds.
fn welcome(you: You, members: Vec<Member>, at: u64) -> ToClient {
    let (snapshot, _) = alice_room(|_| members, at);
    ToClient::Welcome { you, snapshot }
}

fn student(node: Option<NodeId>) -> You {
    You {
        code: CODE.into(),
        token: "student-token".into(),
        member: 2,
        name: "Ada".into(),
        instructor: false,
        node,
    }
}

fn instructor() -> You {
    You {
        code: CODE.into(),
        token: "teacher-token".into(),
        member: 1,
        name: "Teacher".into(),
        instructor: true,
        node: None,
    }
}

/// Mounts, in English, the view `prepare` returns for a fresh game context; `prepare` also
/// hands back what the test keeps of it.
fn mount_with<K, V>(
    prepare: impl FnOnce(GameCtx) -> (K, V) + 'static,
) -> (web_sys::HtmlElement, GameCtx, K)
where
    K: 'static,
    V: IntoView + 'static,
{
    let slot: Rc<Cell<Option<(GameCtx, K)>>> = Rc::new(Cell::new(None));
    let out = slot.clone();
    let root = host();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_i18n().set(Lang::En);
        let game = GameCtx::provide();
        let (kept, view) = prepare(game);
        out.set(Some((game, kept)));
        view
    });
    handle.forget();
    let (game, kept) = slot.take().expect("the game context was created");
    (root, game, kept)
}

/// The whole app, in English, with a game context the test holds.
fn mount_app() -> (web_sys::HtmlElement, GameCtx) {
    let (root, game, ()) = mount_with(|_| ((), view! { <tcpip_animated::App /> }));
    (root, game)
}

/// The whole app of Ada, a student the room seated at Alice's desk (Red client 1), alone in
/// the room, at 0:00; also Alice's node.
fn ada_at_alice() -> (web_sys::HtmlElement, GameCtx, NodeId) {
    forget_room();
    let (root, game) = mount_app();
    let (alice, _) = alice();
    let members = vec![member(2, "Ada", false, Some(alice), true)];
    game.receive(welcome(student(Some(alice)), members, 0));
    (root, game, alice)
}

/// The server's word that Alice's round-1 SYN was accepted at 0:01, as the room's second
/// action (the first seated Ada).
fn alices_syn_applied(alice: NodeId) -> ToClient {
    ToClient::Applied {
        seq: 2,
        logged: Logged {
            at: Instant::from_secs(1),
            action: Action::WriteCard {
                node: alice,
                card: Box::new(common::syn_card()),
            },
        },
    }
}

/// A tab button by its text.
fn tab(root: &web_sys::Element, name: &str) -> web_sys::HtmlElement {
    all(root, "[role=tab]")
        .into_iter()
        .find(|t| text(t) == name)
        .unwrap_or_else(|| panic!("no {name} tab"))
        .unchecked_into()
}

fn forget_room() {
    storage().remove_item(ROOM_KEY).expect("storage");
}

/// The `req` of the one `WriteCard` the page sent, with its action.
fn sent_card(sent: &[ToServer]) -> (u32, Action) {
    let cards: Vec<_> = sent
        .iter()
        .filter_map(|m| match m {
            ToServer::Act { req, action } if matches!(action, Action::WriteCard { .. }) => {
                Some((*req, action.clone()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(cards.len(), 1, "one card went to the server: {sent:?}");
    cards[0].clone()
}

#[wasm_bindgen_test]
async fn a_student_sees_only_their_seat_and_no_instructor_tab() {
    forget_room();
    let (root, game) = mount_app();
    let (alice, alice_name) = alice();
    let members = vec![
        member(1, "Teacher", true, None, true),
        member(2, "Ada", false, Some(alice), true),
    ];
    game.receive(welcome(student(Some(alice)), members, 0));
    sleep(0).await;

    assert_eq!(
        texts(&root, "[role=tab]"),
        vec!["Board", "Desk", "Ladder"],
        "a student has no Instructor or Projector tab"
    );
    let bar = text(&find(&root, ".topbar"));
    assert!(bar.contains("Ada"), "{bar}");
    assert!(bar.contains(CODE), "{bar}");
    assert!(bar.contains("connected"), "{bar}");
    assert!(bar.contains("Leave the room"), "{bar}");
    assert!(
        try_find(&root, "#speed-select").is_none() && !bar.contains("Pause"),
        "the clock is the instructor's: {bar}"
    );
    // A seated student lands on their desk, where they play.
    assert_eq!(
        tab(&root, "Desk").get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    assert!(try_find(&root, ".student-seat").is_some());
    // The lobby: the room has not started, and the banner says whose move that is.
    let banner = text(&find(&root, ".task-situation"));
    assert!(
        banner.contains("the game has not started: wait for the instructor to start it"),
        "{banner}"
    );
    // The board shows the student's own LAN with their seat marked.
    tab(&root, "Board").click();
    sleep(0).await;
    assert!(try_find(&root, "svg.board-svg g.node-you").is_some());

    tab(&root, "Desk").click();
    sleep(0).await;
    let seat = text(&find(&root, ".student-seat"));
    assert!(
        seat.starts_with(&format!("You are {alice_name} (client 10.0.1.2")),
        "{seat}"
    );
    assert!(try_find(&root, ".seat-select").is_none(), "no seat picker");
    assert!(
        try_find(&root, ".seat-take").is_none(),
        "no other seat to take"
    );
    assert_eq!(all(&root, ".host-desk").len(), 1);
    assert!(try_find(&root, &format!(".host-desk[data-node='{}']", alice.0)).is_some());

    // The browser remembers the room, so a reload gets the seat back.
    let kept = storage()
        .get_item(ROOM_KEY)
        .expect("storage")
        .unwrap_or_default();
    assert!(
        kept.contains(CODE) && kept.contains("student-token"),
        "{kept}"
    );

    // The instructor moves Ada to watch: her desk says so.
    game.receive(ToClient::Seat { node: None });
    sleep(0).await;
    assert!(
        text(&find(&root, ".student-seat")).starts_with("You are watching"),
        "{}",
        text(&find(&root, ".desk-screen"))
    );
    assert!(try_find(&root, ".host-desk").is_none());
    // A student who is moved is told so, whatever they are looking at.
    let notice = text(&find(&root, ".room-notice"));
    assert!(
        notice.contains("the instructor gave your seat to someone else: you are watching"),
        "{notice}"
    );

    // Leaving (confirmed) forgets the room and goes back to the start screen.
    let leave = all(&root, ".topbar button")
        .into_iter()
        .find(|b| try_find(b, ".bar-word").is_some_and(|w| text(&w) == "Leave the room"))
        .expect("a Leave button");
    leave.unchecked_ref::<web_sys::HtmlElement>().click();
    sleep(0).await;
    find(&root, ".confirm button.danger").click();
    sleep(0).await;
    assert!(storage().get_item(ROOM_KEY).expect("storage").is_none());
    assert_eq!(
        texts(&root, "ol.rounds > li").len(),
        Goal::ALL.len(),
        "the start screen"
    );
}

#[wasm_bindgen_test]
async fn cards_arrive_only_when_the_server_says_time_passed() {
    let (root, game, alice) = ada_at_alice();
    // The server runs the clock.
    game.receive(ToClient::Clock {
        clock: RoomClock {
            at: Instant::ZERO,
            speed_percent: 1000,
            paused: false,
            hold: None,
            note: None,
        },
    });
    sleep(0).await;
    tab(&root, "Desk").click();
    sleep(0).await;
    let inbox = || texts(&root, ".desk-inbox .inbox-list > li article");

    // Another browser's action: Alice's SYN, written on her other device.
    game.receive(alices_syn_applied(alice));
    // The local clock runs (10 s of game time a second) but the world waits for the server.
    sleep(400).await;
    assert!(
        inbox().is_empty(),
        "nothing arrives on the local clock: {:?}",
        inbox()
    );

    game.receive(ToClient::Tick {
        at: Instant::from_secs(60),
    });
    let arrived = eventually(2_000, || !inbox().is_empty()).await;
    assert!(arrived, "the SYN+ACK lands once the server's time passed");
    let card = inbox().join("\n");
    assert!(card.contains("10.0.1.1"), "{card}");
    let said = text(&find(&root, ".announcer"));
    assert!(said.contains("New card from 10.0.1.1"), "{said}");
    forget_room();
}

#[wasm_bindgen_test]
async fn a_refused_card_shows_the_servers_sentence_at_the_form_and_an_accepted_one_its_verdict() {
    let (root, game, _) = ada_at_alice();
    sleep(0).await;
    tab(&root, "Desk").click();
    sleep(0).await;
    game.take_sent();

    common::send_syn_by_hand(&root).await;
    let (req, action) = sent_card(&game.take_sent());
    assert!(
        try_find(&root, ".desk-write .desk-error").is_none(),
        "no answer yet"
    );
    game.receive(ToClient::Refused {
        req,
        message: "you may only write cards for your own seat <b>10.0.1.2</b>".into(),
    });
    sleep(0).await;
    let error = find(&root, ".desk-write .desk-error");
    assert!(
        text(&error).contains("you may only write cards for your own seat <b>10.0.1.2</b>"),
        "{}",
        text(&error)
    );
    assert!(
        all(&error, "b").is_empty(),
        "the server's words are text, not HTML"
    );
    // The refused card stays on the form to be fixed.
    assert_eq!(
        value(&find(&root, ".desk-form [data-field='dst-port'] input")),
        "23"
    );

    // Sent again and accepted: the server applies it and says it was ours.
    find(&root, ".desk-form .card-send").click();
    sleep(0).await;
    let (req, _) = sent_card(&game.take_sent());
    game.receive(ToClient::Applied {
        seq: 2,
        logged: Logged {
            at: Instant::ZERO,
            action,
        },
    });
    game.receive(ToClient::Done { req, seq: 2 });
    sleep(0).await;
    assert!(
        try_find(&root, ".desk-outcome .verdict.verdict-ok").is_some(),
        "{:?}",
        texts(&root, ".desk-write")
    );
    assert!(try_find(&root, ".desk-write .desk-error").is_none());
    forget_room();
}

#[wasm_bindgen_test]
async fn the_instructor_runs_the_room_from_its_panel() {
    forget_room();
    let (root, game) = mount_app();
    let (alice, alice_name) = alice();
    let hostile = "<img src=x onerror=alert(1)>";
    let members = vec![
        member(1, "Teacher", true, None, true),
        member(2, "Ada", false, Some(alice), true),
        member(3, hostile, false, None, false),
    ];
    game.receive(welcome(instructor(), members, 0));
    sleep(0).await;
    game.take_sent();

    assert_eq!(
        texts(&root, "[role=tab]"),
        vec!["Board", "Desk", "Ladder", "Instructor", "Projector"]
    );
    // The instructor lands on the Instructor tab, the room panel on top.
    let panel = find(&root, ".room-panel");
    assert_eq!(text(&find(&panel, ".room-code-value")), CODE);
    let qr = find(&panel, "img.room-qr");
    assert_eq!(
        qr.get_attribute("src").as_deref(),
        Some("/api/rooms/7KQ9AX/qr.svg")
    );
    assert_eq!(
        qr.get_attribute("alt").as_deref(),
        Some("QR code of the join link")
    );
    let link = text(&find(&panel, ".join-links a"));
    assert!(link.ends_with("/join/#join=7KQ9AX"), "{link}");
    let log = find(&panel, "a.room-log");
    assert_eq!(
        log.get_attribute("href").as_deref(),
        Some("/api/rooms/7KQ9AX/log?token=teacher-token")
    );

    let rows = all(&panel, ".roster tbody tr");
    assert_eq!(rows.len(), 2, "the two students, not the instructor");
    let ada = text(&rows[0]);
    assert!(ada.contains("Ada") && ada.contains(&alice_name), "{ada}");
    assert!(ada.contains("online"), "{ada}");
    let other = text(&rows[1]);
    assert!(
        other.contains(hostile),
        "the name is shown as typed: {other}"
    );
    assert!(
        other.contains("watching") && other.contains("offline"),
        "{other}"
    );
    assert_eq!(all(&panel, ".roster img").len(), 0, "names are never HTML");

    // Moving the watcher to a seat asks the server.
    let select = find(&rows[1], "select.roster-move");
    choose(&select, &alice.0.to_string());
    assert_eq!(
        game.take_sent(),
        vec![ToServer::Assign {
            member: 3,
            node: Some(alice)
        }]
    );

    // Removing a person is confirmed first, then asked of the server.
    find(&rows[1], "button.danger").click();
    sleep(0).await;
    assert!(
        game.take_sent().is_empty(),
        "nothing sent before the confirmation"
    );
    find(&rows[1], ".confirm button.danger").click();
    assert_eq!(game.take_sent(), vec![ToServer::Remove { member: 3 }]);
    // Locking the room, and opening it again.
    let lock = find(&panel, ".room-actions button.room-lock");
    lock.click();
    assert_eq!(game.take_sent(), vec![ToServer::Lock { locked: true }]);
    sleep(0).await;
    assert_eq!(text(&lock), "Let people join again");
    lock.click();
    assert_eq!(game.take_sent(), vec![ToServer::Lock { locked: false }]);

    // The clock is the instructor's command to the server.
    let pause = all(&root, ".topbar button")
        .into_iter()
        .find(|b| text(b) == "Start the game")
        .expect("the room has never run: a Start the game button");
    pause.unchecked_ref::<web_sys::HtmlElement>().click();
    assert_eq!(
        game.take_sent(),
        vec![ToServer::SetClock {
            paused: false,
            speed_percent: 100
        }]
    );

    // A command the server refuses is said as text.
    game.receive(ToClient::Error {
        message: "that seat is taken".into(),
    });
    sleep(0).await;
    assert!(text(&find(&root, ".room-notice")).contains("that seat is taken"));

    // Ending the room is confirmed first.
    find(&panel, ".room-actions button.danger").click();
    sleep(0).await;
    assert!(
        game.take_sent().is_empty(),
        "nothing sent before the confirmation"
    );
    find(&panel, ".room-actions .confirm button.danger").click();
    assert_eq!(game.take_sent(), vec![ToServer::End]);

    // The projector shows the code and the QR code too.
    tab(&root, "Projector").click();
    sleep(0).await;
    assert_eq!(text(&find(&root, ".room-join .room-code-value")), CODE);
    assert!(try_find(&root, ".room-join img.room-qr").is_some());
    forget_room();
}

#[wasm_bindgen_test]
async fn the_end_of_a_room_says_so_and_leads_back_to_the_start() {
    forget_room();
    let (root, game) = mount_app();
    let (alice, _) = alice();
    game.receive(welcome(
        student(Some(alice)),
        vec![member(2, "Ada", false, Some(alice), true)],
        0,
    ));
    sleep(0).await;
    assert!(storage().get_item(ROOM_KEY).expect("storage").is_some());

    game.receive(ToClient::Ended);
    sleep(0).await;
    let over = find(&root, ".room-over");
    assert!(
        text(&over).contains("The instructor ended the room."),
        "{}",
        text(&over)
    );
    assert!(try_find(&root, "[role=tab]").is_none(), "the game is gone");
    assert!(
        storage().get_item(ROOM_KEY).expect("storage").is_none(),
        "an ended room is not rejoined on reload"
    );
    assert!(
        try_find(&over, "a[download]").is_none(),
        "the log is the instructor's"
    );

    find(&over, "button").click();
    sleep(0).await;
    assert_eq!(
        texts(&root, "ol.rounds > li").len(),
        Goal::ALL.len(),
        "the start screen"
    );
}

/// "an instructor can end a room and download its log, pcap and results". After
/// the end the instructor's page keeps the room's log link and the game's exports.
#[wasm_bindgen_test]
async fn the_instructor_takes_the_log_pcap_and_results_of_an_ended_room() {
    forget_room();
    let (root, game) = mount_app();
    game.receive(welcome(
        instructor(),
        vec![member(1, "Teacher", true, None, true)],
        0,
    ));
    game.receive(ToClient::Ended);
    sleep(0).await;
    let over = find(&root, ".room-over");
    let log = find(&over, "a[download]");
    assert!(
        log.get_attribute("href")
            .is_some_and(|h| h.contains(CODE) && h.contains("teacher-token")),
        "{:?}",
        log.get_attribute("href")
    );
    let teams = game
        .with_world(|w| w.teams().len())
        .expect("the game is kept");
    assert_eq!(all(&over, ".export-pcap").len(), teams, "a pcap per team");
    assert!(try_find(&over, ".export-pcap-all").is_some());
    assert!(try_find(&over, ".export-csv").is_some());
    assert!(try_find(&over, ".export-log").is_some());
    forget_room();
}

#[wasm_bindgen_test]
async fn the_join_form_says_what_is_wrong_with_each_field() {
    forget_room();
    let window = web_sys::window().expect("a window");
    window.location().set_hash("join=7kq-9ax").expect("hash");
    let (root, _, _) = mount_start();
    sleep(50).await;
    window.location().set_hash("").expect("hash");

    let form = find(&root, "form.join-form");
    let code = find(&form, "input.join-code");
    let name = find(&form, "input.join-name");
    assert_eq!(value(&code), "7kq-9ax", "the join link fills in the code");
    let focused = || {
        common::document()
            .active_element()
            .map(|e| e.id())
            .unwrap_or_default()
    };
    let on_name = eventually(1_000, || focused() == name.id()).await;
    assert!(
        on_name,
        "the name is what is left to type: {:?} has focus",
        focused()
    );

    type_text(&code, "7KQ9A0");
    type_text(&name, "   ");
    find(&form, "button.join-submit").click();
    sleep(0).await;
    let errors = texts(&form, ".field-error");
    assert_eq!(
        errors,
        vec![
            "\"0\" is not in room codes (codes have neither 0 nor O): check the code on the \
             projector"
                .to_string(),
            "Write the name the others will see.".to_string()
        ]
    );
    assert_eq!(code.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = code.get_attribute("aria-describedby").unwrap_or_default();
    assert!(
        text(&find(&form, &format!("#{described}"))).starts_with("\"0\" is not in room codes"),
        "the message is tied to its box"
    );

    type_text(&code, "7kq 9ax");
    type_text(&name, &"x".repeat(41));
    find(&form, "button.join-submit").click();
    sleep(0).await;
    assert_eq!(
        texts(&form, ".field-error"),
        vec![
            String::new(),
            "The name is too long: at most 40 characters.".to_string()
        ]
    );
    assert_eq!(code.get_attribute("aria-invalid").as_deref(), Some("false"));

    // Both right: the page opens a real WebSocket to its server, which here (the test
    // runner's file server) is no classroom server: the person is told, at the form.
    type_text(&name, "Ada");
    find(&form, "button.join-submit").click();
    sleep(0).await;
    // The status says so while the socket tries (a refusal on a fast machine may already
    // have replaced it).
    let joining = text(&find(&form, ".join-status"));
    assert!(
        joining == "Joining the room…" || try_find(&form, ".join-refused").is_some(),
        "{joining:?}"
    );
    let told = eventually(5_000, || try_find(&form, ".join-refused").is_some()).await;
    assert!(told, "a failed connection is reported");
    let refused = text(&find(&form, ".join-refused"));
    assert!(
        refused.contains("could not reach the classroom server"),
        "{refused}"
    );
    assert_eq!(text(&find(&form, ".join-status")), "");
    assert!(
        storage().get_item(ROOM_KEY).expect("storage").is_none(),
        "a room never entered is not remembered"
    );
    forget_room();
}

#[wasm_bindgen_test]
async fn a_room_that_cannot_be_reached_is_retried_visibly_until_forgotten() {
    forget_room();
    let (root, game, _) = mount_start();
    // What a reload finds in a student's browser; the server is not answering.
    let key = tcpip_animated::game::RoomKey {
        code: CODE.into(),
        token: "student-token".into(),
    };
    game.rejoin_room(key, |_| {
        panic!("a rejoin keeps trying while the server is away")
    });
    sleep(0).await;
    let status = || {
        try_find(&root, ".rejoining [role=status]")
            .map(|s| text(&s))
            .unwrap_or_default()
    };
    assert!(
        status().starts_with("Getting back into room 7KQ9AX"),
        "{}",
        status()
    );
    let retrying = eventually(5_000, || status().contains("reconnecting")).await;
    assert!(retrying, "the lost connection is said: {}", status());

    find(&root, ".rejoining button").click();
    sleep(0).await;
    assert!(try_find(&root, ".rejoining").is_none());
    assert!(game.room().is_none(), "the page let go of the room");
    forget_room();
}

#[wasm_bindgen_test]
async fn a_students_ladder_shows_only_their_teams_connections() {
    let (root, game, alice) = ada_at_alice();
    game.receive(alices_syn_applied(alice));
    // A minute of game time: the other teams' bots have opened their connections too.
    game.receive(ToClient::Tick {
        at: Instant::from_secs(60),
    });
    sleep(0).await;
    let every = game.with_world(|w| w.ladders().len()).expect("a world");
    tab(&root, "Ladder").click();
    sleep(0).await;
    let headings = texts(&root, ".ladder-heading");
    assert!(
        headings.iter().any(|h| h.contains("10.0.1.2")),
        "Ada's own connection: {headings:?}"
    );
    assert!(
        headings.iter().all(|h| h.contains("10.0.1.")),
        "only Red's LAN: {headings:?}"
    );
    assert!(
        headings.len() < every,
        "{every} connections in the game, {headings:?}"
    );
    forget_room();
}

/// The start screen alone, as a classroom server's page shows it, with a game context the
/// test holds and its "could not get back in" message.
fn mount_start() -> (web_sys::HtmlElement, GameCtx, Slot<Option<Text>>) {
    mount_with(|game| {
        provide_context(tcpip_animated::app::whole_game());
        game.set_server_info(Some(Info {
            version: "test".into(),
            urls: Vec::new(),
        }));
        let resume_error = Slot::new(None);
        let room_error = Slot::new(None);
        (
            room_error,
            view! { <tcpip_animated::StartScreen resume_error room_error /> },
        )
    })
}

/// The button among `selector` whose text is exactly `label`.
fn button(root: &web_sys::Element, label: &str) -> web_sys::HtmlElement {
    all(root, "button")
        .into_iter()
        .find(|b| text(b).trim() == label)
        .unwrap_or_else(|| panic!("no button {label:?}: {:?}", texts(root, "button")))
        .unchecked_into()
}

/// An instructor who leaves a room that goes on does not lose it: the start screen lists
/// it under "Rooms you run", "Return" asks the server to let the instructor back in with
/// the kept token, a room the server no longer has is said and dropped from the list, and
/// "Forget" drops one on purpose.
#[wasm_bindgen_test]
async fn an_instructor_who_leaves_a_room_can_return_to_it() {
    forget_room();
    storage().remove_item(RUN_KEY).expect("storage");
    let (root, game, room_error) = mount_start();
    for code in ["2ND222", CODE] {
        let you = You {
            code: code.into(),
            ..instructor()
        };
        game.receive(welcome(
            you,
            vec![member(1, "Teacher", true, None, true)],
            0,
        ));
        sleep(0).await;
        assert!(
            try_find(&root, ".rooms-run").is_none(),
            "not while in a room"
        );
        game.leave_room();
        sleep(0).await;
    }
    assert!(storage().get_item(ROOM_KEY).expect("storage").is_none());
    let kept = storage()
        .get_item(RUN_KEY)
        .expect("storage")
        .unwrap_or_default();
    assert!(kept.contains("teacher-token"), "{kept}");
    let run = find(&root, ".rooms-run");
    assert!(text(&run).contains("Rooms you run"), "{}", text(&run));
    assert_eq!(
        texts(&run, "button"),
        vec![
            format!("Return to room {CODE}"),
            format!("Forget room {CODE}"),
            "Return to room 2ND222".to_string(),
            "Forget room 2ND222".to_string(),
        ],
        "newest first"
    );

    // Back in: the page sends the instructor's token; the list waits for the answer.
    button(&run, &format!("Return to room {CODE}")).click();
    sleep(0).await;
    let status = text(&find(&root, ".rejoining [role=status]"));
    assert!(
        status.starts_with(&format!("Getting back into room {CODE}")),
        "{status}"
    );
    assert!(try_find(&root, ".rooms-run").is_none());
    // The server has no such room any more (ended while the instructor was away).
    game.receive(ToClient::Error {
        message: format!("there is no room {CODE} on this server").into(),
    });
    sleep(0).await;
    assert!(
        room_error
            .get_untracked()
            .is_some_and(|e| e.en.contains(CODE)),
        "the reason is shown"
    );
    assert_eq!(
        texts(&find(&root, ".rooms-run"), "button"),
        vec!["Return to room 2ND222", "Forget room 2ND222"],
        "a room that is gone leaves the list"
    );

    button(&root, "Forget room 2ND222").click();
    sleep(0).await;
    assert!(try_find(&root, ".rooms-run").is_none());
    assert!(storage().get_item(RUN_KEY).expect("storage").is_none());
    forget_room();
}

/// A student who leaves is not kept: only an instructor's room goes on under their name.
#[wasm_bindgen_test]
async fn a_student_who_leaves_is_not_offered_the_room_back() {
    forget_room();
    storage().remove_item(RUN_KEY).expect("storage");
    let (root, game, _) = mount_start();
    let (alice, _) = alice();
    game.receive(welcome(
        student(Some(alice)),
        vec![member(2, "Ada", false, Some(alice), true)],
        0,
    ));
    sleep(0).await;
    game.leave_room();
    sleep(0).await;
    assert!(try_find(&root, ".rooms-run").is_none());
    assert!(storage().get_item(RUN_KEY).expect("storage").is_none());
}

/// The room's clock as the server sends it: running at real speed from `at` seconds,
/// with `hold` (step mode) and `note` (a freeze) as given.
fn room_clock(at: u64, paused: bool, hold: Option<u64>, note: Option<&str>) -> ToClient {
    ToClient::Clock {
        clock: RoomClock {
            at: Instant::from_secs(at),
            speed_percent: 100,
            paused,
            hold: hold.map(Instant::from_secs),
            note: note.map(str::to_string),
        },
    }
}

/// Freeze and explain, and step mode, as a student sees them: the instructor's note on
/// their screen while the game is frozen (and the banner says why their card would be
/// refused), step mode's line while the cards wait for the instructor, nothing otherwise.
#[wasm_bindgen_test]
async fn a_student_sees_why_the_game_stopped_and_when_it_goes_step_by_step() {
    let (root, game, _) = ada_at_alice();
    let banner = || try_find(&root, ".pacing-banner").map(|b| text(&b));
    game.receive(room_clock(5, false, None, None));
    sleep(0).await;
    assert_eq!(banner(), None, "a running game shows no banner");

    game.receive(room_clock(
        9,
        true,
        None,
        Some("Look at Red's ladder: who sent the RST?"),
    ));
    assert!(eventually(1_000, || banner().is_some()).await);
    let frozen = banner().unwrap_or_default();
    assert!(
        frozen.contains("the instructor froze the game to explain: Look at Red's ladder"),
        "{frozen}"
    );
    assert!(try_find(&root, ".pacing-banner.frozen").is_some());

    game.receive(room_clock(9, false, Some(9), None));
    assert!(
        eventually(1_000, || try_find(&root, ".pacing-banner.stepping")
            .is_some())
        .await
    );
    let stepping = banner().unwrap_or_default();
    assert!(
        stepping.contains("it moves when the instructor says next"),
        "{stepping}"
    );

    game.receive(room_clock(10, false, None, None));
    assert!(
        eventually(1_000, || banner().is_none()).await,
        "{:?}",
        banner()
    );
    forget_room();
}

/// The instructor's pacing controls send the room's commands: a freeze with the typed
/// note, step mode on, and — once the server confirms step mode — Next.
#[wasm_bindgen_test]
async fn the_instructor_freezes_with_a_note_and_steps_card_by_card() {
    forget_room();
    let (root, game) = mount_app();
    let members = vec![member(1, "Teacher", true, None, true)];
    game.receive(welcome(instructor(), members, 0));
    sleep(0).await;
    game.take_sent();

    let note = find(&root, "#freeze-note");
    type_text(&note, "Why did the SYN come back?");
    find(&root, ".freeze-button").click();
    assert_eq!(
        game.take_sent(),
        vec![ToServer::Freeze {
            note: "Why did the SYN come back?".into()
        }]
    );

    assert!(
        try_find(&root, ".next-step").is_none(),
        "Next only in step mode"
    );
    let step = find(&root, ".step-mode");
    assert_eq!(step.get_attribute("aria-pressed").as_deref(), Some("false"));
    step.click();
    assert_eq!(game.take_sent(), vec![ToServer::StepMode { on: true }]);
    game.receive(room_clock(3, false, Some(3), None));
    assert!(eventually(1_000, || try_find(&root, ".next-step").is_some()).await);
    assert_eq!(step.get_attribute("aria-pressed").as_deref(), Some("true"));
    find(&root, ".next-step").click();
    assert_eq!(game.take_sent(), vec![ToServer::Next]);
    forget_room();
}

/// The students' start screen (the join page's, without the teacher's screens): the join
/// form, without the ways into a game on this computer, and a way to the whole game.
#[wasm_bindgen_test]
async fn the_students_start_screen_has_the_join_form_and_no_game_of_its_own() {
    forget_room();
    let (root, _game, ()) = mount_with(|game| {
        game.set_server_info(Some(Info {
            version: "test".into(),
            urls: Vec::new(),
        }));
        let (resume_error, room_error) = (Slot::new(None), Slot::new(None));
        (
            (),
            view! { <tcpip_animated::StartScreen resume_error room_error /> },
        )
    });
    sleep(0).await;
    assert!(try_find(&root, ".join-form").is_some(), "the join form");
    assert!(
        try_find(&root, "section.play").is_none(),
        "no game on this computer"
    );
    assert!(
        try_find(&root, "a[href='#guide']").is_none(),
        "no lesson guide"
    );
    let hint = find(&root, ".classroom .hint a");
    assert_eq!(hint.get_attribute("href").as_deref(), Some("../"));
    assert!(
        try_find(&root, ".no-server").is_none(),
        "the server answered"
    );
}

/// The students' page (`StudentApp`, what a join link opens) in a room: a seat's three
/// views, then the debrief at the room's end, without the instructor's exports.
#[wasm_bindgen_test]
async fn the_students_page_plays_a_seat_and_ends_without_the_teachers_screens() {
    forget_room();
    let (root, game, ()) = mount_with(|_| ((), view! { <tcpip_animated::StudentApp /> }));
    let (alice, _) = alice();
    game.receive(welcome(
        student(Some(alice)),
        vec![member(2, "Ada", false, Some(alice), true)],
        0,
    ));
    sleep(0).await;
    assert_eq!(texts(&root, "[role=tab]"), vec!["Board", "Desk", "Ladder"]);
    assert!(
        try_find(&root, ".card-form").is_some(),
        "Ada lands on her desk"
    );

    game.receive(ToClient::Ended);
    sleep(0).await;
    let over = find(&root, ".room-over");
    assert!(try_find(&over, ".debrief-title").is_some(), "the debrief");
    assert!(
        try_find(&over, ".export-csv").is_none(),
        "the exports are the teacher's"
    );
    forget_room();
}

#[wasm_bindgen_test]
async fn the_students_page_away_from_a_classroom_server_says_where_the_game_is() {
    forget_room();
    let (root, _game, ()) = mount_with(|_| ((), view! { <tcpip_animated::StudentApp /> }));
    sleep(0).await;
    let note = find(&root, ".no-server");
    assert!(
        text(&note).contains("no classroom server answers here"),
        "{}",
        text(&note)
    );
    assert_eq!(
        find(&note, "a").get_attribute("href").as_deref(),
        Some("../")
    );
    assert!(try_find(&root, ".join-form").is_none());
}
