//! "A lesson that runs itself", in a real browser (wasm-bindgen-test in headless Chromium):
//! the task banner of a team's client, server and router at the start of each of the seven
//! rounds of the original game; the instructor's desk at a seat a student holds (read-only
//! until confirmed) and the student's notice of a card played for them; the lesson guide.
//!
//! The test plays the classroom server's part, as `tests/classroom.rs` does: it plays the
//! original game with the engine's bots in its own copy of the world, keeps the room's log
//! of actions, and welcomes the page into the room as it stands at the moment to check.
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::Cell;
use std::rc::Rc;

use common::{all, choose, find, host, member, sleep, text, try_find};
use leptos::prelude::*;
use tcpip_animated::game::GameCtx;
use tcpip_animated::i18n::{Lang, Locale, provide_i18n};
use tcpip_protocol::{Logged, Member, RoomClock, Snapshot, ToClient, ToServer, You};
use tcpip_stack::card::{Card, RouterChoice};
use tcpip_stack::scenario::Scenario;
use tcpip_stack::score::Goal;
use tcpip_stack::time::{Duration, Instant};
use tcpip_stack::world::{Action, NodeId, Seat, World};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const CODE: &str = "LESSON";
const ROOM_KEY: &str = "tcpip.room";

/// The original game as the classroom server runs it: the world and its log of actions.
struct Room {
    scenario: Scenario,
    world: World,
    log: Vec<Logged>,
}

impl Room {
    fn new() -> Room {
        let scenario = Scenario::original();
        let world = World::new(&scenario).expect("the original game builds");
        Room {
            scenario,
            world,
            log: Vec::new(),
        }
    }

    /// Red: its first client, its server and its router.
    fn red(&self) -> (NodeId, NodeId, NodeId) {
        let red = &self.world.teams()[0];
        (red.clients[0], red.server, red.router)
    }

    fn act(&mut self, action: Action) {
        let at = self.world.now();
        self.world
            .act(action.clone(), at)
            .unwrap_or_else(|e| panic!("{action:?}: {e}"));
        self.log.push(Logged { at, action });
    }

    fn seat(&mut self, node: NodeId, seat: Seat) {
        self.act(Action::SetSeat { node, seat });
    }

    /// Lets the game run `by` more (the bots play their seats).
    fn run(&mut self, by: Duration) {
        let until = self.world.now() + by;
        while let Some(t) = self.world.next_due().filter(|t| *t <= until) {
            self.world.advance(t);
        }
        self.world.advance(until);
    }

    /// Lets the bots play until Red's round is `goal` (every round before it reached).
    fn play_until(&mut self, goal: Goal) {
        while self.world.current_goal(0) != Some(goal) {
            let t = self.world.next_due().expect("the bots have a move to make");
            assert!(t < Instant::from_secs(1200), "Red never reached {goal:?}");
            self.world.advance(t);
        }
    }

    /// What the server sends a newcomer now, `members` in the room, the clock paused.
    fn welcome(&self, you: You, members: Vec<Member>) -> ToClient {
        ToClient::Welcome {
            you,
            snapshot: Box::new(Snapshot {
                scenario: self.scenario.clone(),
                actions: self.log.clone(),
                clock: RoomClock {
                    at: self.world.now(),
                    speed_percent: 100,
                    paused: true,
                    hold: None,
                    note: None,
                },
                members,
                ended: false,
            }),
        }
    }

    /// The server's word that `action` was accepted now, as the room's next action.
    fn applied(&mut self, action: Action) -> ToClient {
        self.act(action);
        let logged = self.log.last().cloned().expect("just logged");
        ToClient::Applied {
            seq: self.log.len() as u64,
            logged,
        }
    }
}

fn you(member: u32, name: &str, instructor: bool, node: Option<NodeId>) -> You {
    You {
        code: CODE.into(),
        token: format!("token-{member}"),
        member,
        name: name.into(),
        instructor,
        node,
    }
}

/// The desk screen alone, in English, with a game context and the locale the test holds.
fn mount_desk() -> (web_sys::HtmlElement, GameCtx, Locale) {
    common::storage().remove_item(ROOM_KEY).expect("storage");
    let kept: Rc<Cell<Option<(GameCtx, Locale)>>> = Rc::new(Cell::new(None));
    let out = kept.clone();
    let root = host();
    leptos::mount::mount_to(root.clone(), move || {
        let locale = provide_i18n();
        locale.set(Lang::En);
        let game = GameCtx::provide();
        out.set(Some((game, locale)));
        view! { <tcpip_animated::desk::DeskScreen /> }
    })
    .forget();
    let (game, locale) = kept.take().expect("mounted");
    (root, game, locale)
}

/// What the task banner of `node`'s desk shows: heading, goal, situation, your move.
#[derive(Debug)]
struct Banner {
    round: String,
    goal: String,
    situation: String,
    your_move: bool,
}

/// Picks `node` in the instructor's seat picker and reads its desk's task banner.
async fn banner_of(root: &web_sys::Element, node: NodeId) -> Banner {
    choose(&find(root, "select.seat-select"), &node.0.to_string());
    sleep(0).await;
    let desk = find(root, &format!(".desk[data-node='{}']", node.0));
    let banner = find(&desk, ".task-banner");
    let situation = find(&banner, ".task-situation");
    let your_move = banner.class_list().contains("your-move");
    assert_eq!(
        situation.get_attribute("data-your-move").as_deref(),
        Some(if your_move { "true" } else { "false" }),
        "the class and the attribute agree"
    );
    Banner {
        round: text(&find(&banner, ".task-round")),
        goal: try_find(&banner, ".task-goal")
            .map(|g| text(&g))
            .unwrap_or_default(),
        situation: text(&situation),
        your_move,
    }
}

/// Red's client, server and router as people, the instructor at the page: the room at this
/// moment, shown on the page's desk.
async fn show(game: &GameCtx, room: &Room) {
    // The moment as the server has it, with Red's three seats given to people now.
    let mut at_desks = room_fork(room);
    let (client, server, router) = room.red();
    for node in [client, server, router] {
        if at_desks.world.node_view(node).map(|n| n.seat) == Some(Seat::Bot) {
            at_desks.seat(node, Seat::Human);
        }
    }
    game.receive(at_desks.welcome(
        you(1, "Teacher", true, None),
        vec![member(1, "Teacher", true, None, true)],
    ));
    sleep(0).await;
}

/// Checks one seat's banner: `round` in its heading, its goal sentence, whose move, and
/// `says` in the situation.
fn expect(b: &Banner, goal: Goal, your_move: bool, says: &str) {
    assert!(
        b.round
            .starts_with(&format!("Round {} — {}", goal.number(), goal.title().en)),
        "{b:?}"
    );
    assert_eq!(b.goal, goal.explain().en, "{b:?}");
    assert_eq!(b.your_move, your_move, "{b:?}");
    assert!(b.situation.contains(says), "{says:?} in {b:?}");
}

/// Seed 000's seven rounds, from the desks of Red's client, server and router as each round
/// begins (the bots played the rounds before): every desk names the round and its goal,
/// and only the seat whose move it is is told so, with the move in the round's words.
#[wasm_bindgen_test]
async fn every_seat_of_a_team_is_told_its_task_in_every_round_seed_000() {
    let (root, game, locale) = mount_desk();
    let mut room = Room::new();
    let (client, server, router) = room.red();

    // Round 1: the client opens; the server listens; the router waits for a card.
    show(&game, &room).await;
    let b = banner_of(&root, client).await;
    expect(
        &b,
        Goal::Handshake,
        true,
        "open the connection to 10.0.1.1:23 with a SYN",
    );
    let b = banner_of(&root, server).await;
    expect(
        &b,
        Goal::Handshake,
        false,
        "your telnet server listens on port 23",
    );
    let b = banner_of(&root, router).await;
    expect(&b, Goal::Handshake, false, "waiting for a card to route");
    // The same desk in Italian.
    locale.set(Lang::It);
    sleep(0).await;
    let b = banner_of(&root, client).await;
    assert!(b.round.starts_with("Manche 1 — "), "{b:?}");
    assert!(
        b.your_move
            && b.situation
                .contains("apri la connessione verso 10.0.1.1:23 con un SYN"),
        "{b:?}"
    );
    locale.set(Lang::En);
    sleep(0).await;

    // Round 1, one card later: the client wrote its SYN, which waits in the router's inbox.
    show(&game, &one_card_later(&room, client, common::syn_card())).await;
    let b = banner_of(&root, router).await;
    expect(
        &b,
        Goal::Handshake,
        true,
        "decide where the card from 10.0.1.2 goes",
    );
    let b = banner_of(&root, client).await;
    expect(
        &b,
        Goal::Handshake,
        false,
        "waiting for the server's SYN+ACK",
    );

    // Round 2: the connection is open; the client sends its name.
    room.play_until(Goal::Data);
    show(&game, &room).await;
    let b = banner_of(&root, client).await;
    expect(
        &b,
        Goal::Data,
        true,
        "send \"my name is Red client 1\" to 10.0.1.1:23",
    );
    let b = banner_of(&root, server).await;
    expect(&b, Goal::Data, false, "listens on port 23");
    let b = banner_of(&root, router).await;
    expect(&b, Goal::Data, false, "waiting for a card to route");

    // Round 3: a SYN to a port where nothing listens.
    room.play_until(Goal::Refused);
    show(&game, &room).await;
    let b = banner_of(&root, client).await;
    expect(
        &b,
        Goal::Refused,
        true,
        "send a SYN to a port of 10.0.1.1 where nothing listens, e.g. 80",
    );
    let b = banner_of(&root, server).await;
    expect(
        &b,
        Goal::Refused,
        false,
        "a port of yours where nothing listens",
    );
    let b = banner_of(&root, router).await;
    expect(&b, Goal::Refused, false, "waiting for a card to route");

    // Round 4: the client keeps its connection and watches for the forged RST.
    room.play_until(Goal::ForgedRst);
    show(&game, &room).await;
    let b = banner_of(&root, client).await;
    expect(&b, Goal::ForgedRst, false, "a forged RST is coming");
    let b = banner_of(&root, server).await;
    expect(&b, Goal::ForgedRst, false, "listens on port 23");
    let b = banner_of(&root, router).await;
    expect(&b, Goal::ForgedRst, false, "waiting for a card to route");

    // Round 5: an address no router knows; the router will answer, not the server.
    room.play_until(Goal::NoRoute);
    show(&game, &room).await;
    let b = banner_of(&root, client).await;
    expect(
        &b,
        Goal::NoRoute,
        true,
        "an address no router knows, e.g. 10.0.99.1:23",
    );
    let b = banner_of(&root, server).await;
    expect(&b, Goal::NoRoute, false, "nothing comes to you this round");
    let b = banner_of(&root, router).await;
    expect(&b, Goal::NoRoute, false, "waiting for a card to route");
    // One card later: the SYN to nowhere is the router's to answer.
    let nowhere = Card {
        src_ip: "10.0.1.2".into(),
        dst_ip: "10.0.99.1".into(),
        src_port: "40099".into(),
        dst_port: "23".into(),
        syn: true,
        seq: "0".into(),
        ..Card::default()
    };
    show(&game, &one_card_later(&room, client, nowhere)).await;
    let b = banner_of(&root, router).await;
    expect(
        &b,
        Goal::NoRoute,
        true,
        "decide where the card from 10.0.1.2 goes",
    );
    let b = banner_of(&root, client).await;
    expect(
        &b,
        Goal::NoRoute,
        false,
        "what will the router answer about 10.0.99.1?",
    );

    // Round 6: the routers' tables first; the client's SYN goes to Green's server.
    room.play_until(Goal::AcrossLans);
    show(&game, &room).await;
    let b = banner_of(&root, client).await;
    expect(
        &b,
        Goal::AcrossLans,
        true,
        "open the connection to 10.0.2.1:23 with a SYN",
    );
    let b = banner_of(&root, server).await;
    expect(&b, Goal::AcrossLans, false, "a client of another team");
    let b = banner_of(&root, router).await;
    expect(
        &b,
        Goal::AcrossLans,
        true,
        "add a route for 10.0.2.0/24, 10.0.3.0/24",
    );

    // Round 7: the client closes with FIN.
    room.play_until(Goal::Goodbye);
    show(&game, &room).await;
    let b = banner_of(&root, client).await;
    expect(&b, Goal::Goodbye, true, "with FIN");
    let b = banner_of(&root, server).await;
    expect(&b, Goal::Goodbye, false, "listens on port 23");
    let b = banner_of(&root, router).await;
    expect(&b, Goal::Goodbye, false, "waiting for a card to route");
}

/// The room a moment aside from the bots' game: Red's seats are people's, and `node` wrote
/// `card`, which had 5 s to reach its router.
fn one_card_later(room: &Room, node: NodeId, card: Card) -> Room {
    let mut fork = room_fork(room);
    let (client, server, router) = room.red();
    for seat in [client, server, router] {
        fork.seat(seat, Seat::Human);
    }
    fork.act(Action::WriteCard {
        node,
        card: Box::new(card),
    });
    fork.run(Duration::from_secs(5));
    fork
}

/// A copy of the room as it is, to play a moment aside from the bots' game.
fn room_fork(room: &Room) -> Room {
    let mut fork = Room {
        scenario: room.scenario.clone(),
        world: World::new(&room.scenario).expect("builds"),
        log: Vec::new(),
    };
    for logged in &room.log {
        fork.run(logged.at - fork.world.now());
        fork.act(logged.action.clone());
    }
    fork.run(room.world.now() - fork.world.now());
    fork
}

/// A room where Eve routes for Red and Ada's SYN waits in Eve's inbox; the page is
/// welcomed as `page`.
async fn eve_routes(page: You) -> (web_sys::HtmlElement, GameCtx, Room, NodeId) {
    let (root, game, _) = mount_desk();
    let mut room = Room::new();
    let (client, _, router) = room.red();
    room.seat(client, Seat::Human);
    room.seat(router, Seat::Human);
    room.act(Action::WriteCard {
        node: client,
        card: Box::new(common::syn_card()),
    });
    room.run(Duration::from_secs(5));
    let members = vec![
        member(1, "Teacher", true, None, true),
        member(2, "Ada", false, Some(client), true),
        member(3, "Eve", false, Some(router), false),
    ];
    game.receive(room.welcome(page, members));
    sleep(0).await;
    (root, game, room, router)
}

/// The one card waiting in `node`'s inbox.
fn waiting_card(room: &Room, node: NodeId) -> tcpip_stack::world::CardId {
    let inbox = room.world.inbox(node);
    assert_eq!(inbox.len(), 1, "{inbox:?}");
    inbox[0].card
}

/// The instructor opens the desk of a seat Eve holds (offline or not): it says Eve plays it
/// and nothing on it can be pressed; playing it for her is asked first, and once confirmed
/// the instructor's decision goes to the server as the router's. Another seat and back
/// locks it again.
#[wasm_bindgen_test]
async fn the_instructor_watches_a_students_seat_until_they_confirm_playing_it() {
    let (root, game, room, router) = eve_routes(you(1, "Teacher", true, None)).await;
    game.take_sent();
    let (client, _, _) = room.red();
    choose(&find(&root, "select.seat-select"), &router.0.to_string());
    sleep(0).await;

    let said = text(&find(&root, ".held-seat .held-by"));
    assert!(said.contains("Eve plays this seat"), "{said}");
    assert!(said.contains("offline"), "{said}");
    let lock = find(&root, "fieldset.desk-lock");
    assert!(lock.has_attribute("disabled"), "read-only by default");
    let deliver = find(&lock, "button[data-choice='deliver']");
    assert!(
        deliver.matches(":disabled").expect("a selector"),
        "the decision cannot be pressed"
    );
    deliver.click();
    sleep(0).await;
    assert!(
        game.take_sent().is_empty(),
        "nothing played behind Eve's back"
    );

    // Asking first; "Only watch" keeps it read-only.
    let play = find(&root, ".held-seat button.held-play");
    assert_eq!(text(&play), "Play this seat for Eve");
    play.click();
    sleep(0).await;
    let question = text(&find(&root, ".held-seat .confirm"));
    assert!(
        question.contains("their desk says the instructor played it"),
        "{question}"
    );
    all(&root, ".held-seat .confirm button")
        .into_iter()
        .find(|b| text(b) == "Only watch")
        .map(|b| b.unchecked_into::<web_sys::HtmlElement>().click())
        .expect("an Only watch button");
    sleep(0).await;
    assert!(try_find(&root, ".held-seat .confirm").is_none());
    assert!(find(&root, "fieldset.desk-lock").has_attribute("disabled"));

    // Confirmed: the desk plays, and says for whom.
    find(&root, ".held-seat button.held-play").click();
    sleep(0).await;
    find(&root, ".held-seat .confirm button.held-confirm").click();
    sleep(0).await;
    assert!(!find(&root, "fieldset.desk-lock").has_attribute("disabled"));
    let playing = text(&find(&root, ".held-seat.playing-for"));
    assert!(
        playing.contains("You are playing this seat for Eve"),
        "{playing}"
    );
    find(&root, "button[data-choice='deliver']").click();
    sleep(0).await;
    let card = waiting_card(&room, router);
    assert!(
        game.take_sent().iter().any(|m| matches!(m,
            ToServer::Act { action: Action::RouteCard { node, card: c, choice: RouterChoice::Deliver }, .. }
                if *node == router && *c == card)),
        "the decision went to the server as Eve's router's"
    );

    // Ada's seat, then Eve's again: locked once more.
    choose(&find(&root, "select.seat-select"), &client.0.to_string());
    sleep(0).await;
    assert!(text(&find(&root, ".held-seat .held-by")).contains("Ada plays this seat"));
    choose(&find(&root, "select.seat-select"), &router.0.to_string());
    sleep(0).await;
    assert!(find(&root, "fieldset.desk-lock").has_attribute("disabled"));
    common::storage().remove_item(ROOM_KEY).expect("storage");
}

/// Eve's desk: her own decision brings no notice; a card the instructor played at her
/// seat does, with the card, until she dismisses it.
#[wasm_bindgen_test]
async fn a_student_is_told_when_the_instructor_played_a_card_at_their_seat() {
    let router = Room::new().red().2;
    let (root, game, mut room, _) = eve_routes(you(3, "Eve", false, Some(router))).await;
    game.take_sent();
    assert!(
        try_find(&root, ".held-seat").is_none(),
        "a student's desk is theirs"
    );
    assert!(try_find(&root, ".played-for-you").is_none());

    // Eve hands the SYN on herself: the server accepts it; no notice.
    find(&root, "button[data-choice='deliver']").click();
    sleep(0).await;
    let req = game
        .take_sent()
        .iter()
        .find_map(|m| match m {
            ToServer::Act { req, .. } => Some(*req),
            _ => None,
        })
        .expect("Eve's decision went to the server");
    let card = waiting_card(&room, router);
    let mine = room.applied(Action::RouteCard {
        node: router,
        card,
        choice: RouterChoice::Deliver,
    });
    let seq = room.log.len() as u64;
    // The server's two messages arrive as two of the socket's events, each in its own task.
    game.receive(mine);
    sleep(0).await;
    game.receive(ToClient::Done { req, seq });
    sleep(0).await;
    assert!(
        try_find(&root, ".played-for-you").is_none(),
        "{}",
        text(&root)
    );

    // The server's bot answers; its SYN+ACK reaches Eve; the instructor hands it on from
    // their desk.
    room.run(Duration::from_secs(20));
    let mut inbox = room.world.inbox(router);
    assert!(!inbox.is_empty(), "a card for Eve to route");
    let card = inbox.remove(0).card;
    let at = room.world.now();
    game.receive(ToClient::Tick { at });
    let theirs = room.applied(Action::RouteCard {
        node: router,
        card,
        choice: RouterChoice::Deliver,
    });
    game.receive(theirs);
    sleep(0).await;
    let notice = text(&find(&root, ".played-for-you"));
    assert!(
        notice.contains("The instructor played a card at your seat:")
            && notice.contains("SYN+ACK → 10.0.1.2:40000"),
        "{notice}"
    );
    find(&root, ".played-for-you button").click();
    sleep(0).await;
    assert!(try_find(&root, ".played-for-you").is_none());
    common::storage().remove_item(ROOM_KEY).expect("storage");
}

/// The lesson guide is a page of its own (`#guide`, linked from the start screen): the plan
/// in seven timed rounds with their faults and questions, then a second lesson on rounds 8
/// to 11, in the page's language.
#[wasm_bindgen_test]
async fn the_lesson_guide_is_reached_from_the_start_screen_in_both_languages() {
    let window = web_sys::window().expect("a window");
    common::storage().remove_item(ROOM_KEY).expect("storage");
    let root = common::mount(tcpip_animated::App);
    let language = |root: &web_sys::Element, lang: &str| {
        choose(&find(root, ".language-switch select"), lang);
    };
    language(&root, "en");
    sleep(0).await;
    let link = find(&root, "a[href='#guide']");
    assert_eq!(text(&link), "Lesson guide for the teacher");
    window.location().set_hash("guide").expect("hash");
    assert!(
        common::eventually(2000, || try_find(&root, ".lesson-guide").is_some()).await,
        "the guide replaces the start screen"
    );
    let guide = find(&root, ".lesson-guide");
    assert_eq!(text(&find(&guide, "h1")), "TCP/IP Animated — lesson guide");
    let rounds: Vec<String> = all(&guide, ":scope > .guide-section[data-round] h3")
        .iter()
        .map(text)
        .collect();
    assert_eq!(rounds.len(), Goal::ALL.len(), "{rounds:?}");
    assert!(
        rounds[0].starts_with("5–12 min") && rounds[0].contains("Handshake"),
        "{rounds:?}"
    );
    assert!(rounds[6].starts_with("41–45 min"), "{rounds:?}");
    let round4 = text(&find(&guide, ".guide-section[data-round='4']"));
    assert!(
        round4.contains("forged RST, numbers not matching") && round4.contains("RFC 5961 §3.2"),
        "{round4}"
    );
    // The second lesson: rounds 8 to 11 in 40 minutes, a fault for the first, a question
    // for the second.
    let further: Vec<String> = all(&guide, ".guide-further .guide-section h3")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        further,
        [
            "0–10 min Round 8 — Retransmission",
            "10–20 min Round 9 — Buffering (Nagle)",
            "20–30 min Round 10 — Resolve, then connect",
            "30–40 min Round 11 — Two servers, one address"
        ]
    );
    let round9 = find(&guide, ".guide-further .guide-section[data-round='9']");
    assert!(
        text(&round9).contains("“Nagle off (TCP_NODELAY)”")
            && text(&round9).contains("RFC 896, RFC 1122 §4.2.3.4")
            && !text(&round9).contains("Inject:"),
        "{}",
        text(&round9)
    );
    assert!(try_find(&root, ".blank-card").is_none(), "the guide alone");

    // The guide's own language switch, as on every screen.
    language(&root, "it");
    sleep(0).await;
    let guide = find(&root, ".lesson-guide");
    assert_eq!(
        text(&find(&guide, "h1")),
        "TCP/IP Animated — guida alla lezione"
    );
    let round4 = text(&find(&guide, ".guide-section[data-round='4']"));
    assert!(
        round4.contains("RST falsificato, numeri che non corrispondono"),
        "{round4}"
    );

    // `#print` puts the cards first and the guide after them.
    window.location().set_hash("print").expect("hash");
    assert!(common::eventually(2000, || try_find(&root, ".blank-card").is_some()).await);
    assert!(try_find(&root, ".lesson-guide").is_some());
    language(&root, "en");
    window.location().set_hash("").expect("hash");
    sleep(0).await;
}
