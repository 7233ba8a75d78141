//! "English and Italian (the original game was played in Italy), language switch
//! remembered". The whole app in a real browser: switch to Italian through the language
//! picker, then the start screen, the set-up and the game screen speak Italian; and the
//! engine's own sentences (the referee's explanation of a wrong card, a hint, what a fault
//! did) reach an Italian player in Italian, marked `lang="it"`.
//! Run: `cargo test -p tcpip-animated --target wasm32-unknown-unknown --test italian`.
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::Cell;
use std::rc::Rc;

use common::{
    SubmitNow, alice_room, all, choose, eventually, find, fire, mount, page_lang, sleep, storage,
    syn_card, text, texts, try_find, type_text,
};
use leptos::prelude::*;
use tcpip_animated::desk::{Announcer, DeskScreen, provide_announcer};
use tcpip_animated::game::GameCtx;
use tcpip_animated::i18n::{Key, Lang, Locale, STORAGE_KEY, goal_title, provide_i18n, t};
use tcpip_animated::instructor::FaultForm;
use tcpip_animated::ladder::Ladder;
use tcpip_protocol::{Member, RoomClock, ToClient, You};
use tcpip_stack::scenario::Scenario;
use tcpip_stack::score::Goal;
use tcpip_stack::time::Duration;
use tcpip_stack::time::Instant;
use tcpip_stack::world::{Action, NodeId, Seat, TeamView, World};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The text of `el`, trimmed: what a person reads on the page.
fn trimmed(el: &web_sys::Element) -> String {
    text(el).trim().to_string()
}

/// The button among `selector` whose text is exactly `label`.
fn button(root: &web_sys::Element, selector: &str, label: &str) -> web_sys::HtmlElement {
    all(root, selector)
        .into_iter()
        .find(|b| trimmed(b) == label)
        .unwrap_or_else(|| {
            let seen: Vec<String> = all(root, selector).iter().map(trimmed).collect();
            panic!("no {selector} reads {label:?}: {seen:?}")
        })
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn the_whole_game_switches_to_italian_and_remembers_it() {
    // A fresh browser: no saved game, no remembered language.
    storage().clear().expect("storage cleared");
    let root = mount(tcpip_animated::App);
    let root: &web_sys::Element = &root;
    sleep(0).await;

    // English first: the texts the end-to-end tests rely on.
    assert_eq!(trimmed(&find(root, "#rounds-title")), "The seven rounds");
    assert_eq!(trimmed(&find(root, "button.primary")), "Play");

    // The picker is found by its bilingual label, as a person who reads neither would.
    let label = all(root, ".language-switch label")
        .into_iter()
        .find(|l| trimmed(l) == "Language / Lingua")
        .expect("the language picker's label");
    let select = find(
        root,
        &format!("#{}", label.get_attribute("for").expect("label for")),
    );
    choose(&select, "it");
    sleep(0).await;

    assert_eq!(trimmed(&find(root, "button.primary")), "Gioca");
    assert_eq!(trimmed(&find(root, "#rounds-title")), "Le sette manche");
    let first_round = trimmed(&find(root, "ol.rounds > li h3"));
    assert_eq!(first_round, goal_title(Lang::It, Goal::Handshake));
    let second_round = all(root, "ol.rounds > li h3")
        .get(1)
        .map(trimmed)
        .unwrap_or_default();
    assert_eq!(
        second_round, "Dati",
        "the engine's English title is replaced"
    );
    // The choice is remembered and the page says which language it speaks.
    assert_eq!(
        storage().get_item(STORAGE_KEY).ok().flatten().as_deref(),
        Some("it")
    );
    assert_eq!(page_lang().as_deref(), Some("it"));

    // Play, choose the original game, start it: every step in Italian.
    find(root, "button.primary").click();
    sleep(0).await;
    let original = find(root, ".scenario[aria-labelledby='scenario-original-toml']");
    assert!(
        trimmed(&original).contains(t(Lang::It, Key::TeamsLabel).trim()),
        "{}",
        trimmed(&original)
    );
    button(&original, "button", "Scegli").click();
    sleep(0).await;
    assert!(
        all(root, ".setup legend")
            .iter()
            .any(|l| trimmed(l) == "Squadre e posti"),
        "the set-up speaks Italian"
    );
    button(root, ".setup button", "Inizia la partita").click();
    sleep(50).await;

    let tabs: Vec<String> = all(root, "[role='tab']").iter().map(trimmed).collect();
    assert_eq!(
        tabs,
        vec!["Tabellone", "Scrivania", "Scala", "Docente", "Proiettore"]
    );
    button(root, "[role='tab']", "Docente").click();
    sleep(50).await;
    let heads: Vec<String> = all(root, ".progress-table thead th")
        .iter()
        .map(trimmed)
        .collect();
    assert_eq!(
        heads.first().map(String::as_str),
        Some("Squadra"),
        "{heads:?}"
    );
    assert!(heads.iter().any(|h| h == "1. Handshake"), "{heads:?}");
    assert!(heads.iter().any(|h| h == "2. Dati"), "{heads:?}");
    for want in ["Errori", "Suggerimenti", "Punteggio"] {
        assert!(heads.iter().any(|h| h == want), "{want} in {heads:?}");
    }
    assert_eq!(
        trimmed(&find(root, ".feed h2")),
        "Cronaca in diretta",
        "the live feed heading"
    );

    // Back to English without a reload: the same table follows.
    let select = find(root, ".topbar .language-switch select");
    choose(&select, "en");
    sleep(0).await;
    let heads: Vec<String> = all(root, ".progress-table thead th")
        .iter()
        .map(trimmed)
        .collect();
    assert_eq!(heads.first().map(String::as_str), Some("Team"), "{heads:?}");
    assert!(heads.iter().any(|h| h == "2. Data"), "{heads:?}");

    // Leave the browser as we found it for any later test.
    storage().clear().expect("storage cleared");
}

/// Mounts `view` in Italian over a fresh, quick game of the original scenario (short links
/// and thinking) in which a person plays Red's first client, Alice.
fn mount_italian<V: IntoView + 'static>(
    view: impl FnOnce() -> V + 'static,
) -> (web_sys::HtmlElement, GameCtx, Locale) {
    mount_italian_at(|t| t.clients.first().copied(), view)
}

/// Round 1's SYN, written for Alice (Red's first client).
fn send_alices_syn(game: &GameCtx) {
    game.submit_now(Action::WriteCard {
        node: game
            .with_world(|w| w.teams()[0].clients[0])
            .expect("a game"),
        card: Box::new(syn_card()),
    })
    .expect("the SYN is written");
}

/// [`mount_italian`] with a person at the seat `seat` picks in Red.
fn mount_italian_at<V: IntoView + 'static>(
    seat: fn(&TeamView) -> Option<NodeId>,
    view: impl FnOnce() -> V + 'static,
) -> (web_sys::HtmlElement, GameCtx, Locale) {
    let slot: Rc<Cell<Option<(GameCtx, Locale)>>> = Rc::default();
    let out = slot.clone();
    let root = mount(move || {
        let locale = provide_i18n();
        locale.set(Lang::It);
        provide_announcer();
        let game = GameCtx::provide();
        let mut scenario = Scenario::original();
        scenario.settings.link_delay = Duration::from_millis(200);
        scenario.settings.think_time = Duration::from_millis(200);
        game.start(scenario).expect("the original game starts");
        let node = game
            .with_world(|w| w.teams().first().and_then(seat))
            .flatten()
            .expect("Red has that seat");
        game.submit_now(Action::SetSeat {
            node,
            seat: Seat::Human,
        })
        .expect("the seat is taken");
        out.set(Some((game, locale)));
        view()
    });
    let (game, locale) = slot.get().expect("the game was created");
    (root, game, locale)
}

/// The sentence in `el` and the language it is marked with.
fn sentence(el: &web_sys::Element) -> (String, Option<String>) {
    (trimmed(el), el.get_attribute("lang"))
}

/// RFC 9293 §3.4 in Italian: Alice answers the SYN+ACK (seq 0) with ack 5; the coach sends
/// the card back with the same explanation an English player reads, in Italian, marked
/// `lang="it"`, the Ladder explains the returned card in Italian too, and the hint says
/// which card to write in Italian.
#[wasm_bindgen_test]
async fn an_italian_players_wrong_ack_is_explained_in_italian_rfc9293_3_4() {
    let (root, game, locale) = mount_italian(|| {
        view! {
            <Announcer />
            <DeskScreen />
            <Ladder team=0 />
        }
    });
    let root: &web_sys::Element = &root;
    sleep(0).await;
    // Round 1's SYN goes out (written for Alice), and the server's SYN+ACK comes back.
    send_alices_syn(&game);
    game.set_speed(1000);
    let arrived = eventually(8000, || {
        texts(root, ".inbox-card")
            .iter()
            .any(|t| t.contains("SYN+ACK"))
    })
    .await;
    assert!(
        arrived,
        "the SYN+ACK arrived: {:?}",
        texts(root, ".desk-inbox")
    );

    find(root, ".inbox-reply").click();
    sleep(0).await;
    type_text(&find(root, ".desk-form [data-field='seq'] input"), "1");
    type_text(&find(root, ".desk-form [data-field='ack'] input"), "5");
    find(root, ".desk-form [data-flag='ACK']").click();
    find(root, ".desk-form .card-send").click();
    sleep(0).await;

    let head = texts(root, ".desk-outcome .verdict-head").join(" ");
    assert!(head.contains(t(Lang::It, Key::CardReturned)), "{head}");
    let why = || {
        find(
            root,
            ".desk-outcome li.mistake[data-field='ack'] .mistake-why",
        )
    };
    assert_eq!(
        sentence(&why()),
        (
            "ack deve essere 1: il SYN dell'altro lato aveva seq 0 e un SYN conta uno".into(),
            Some("it".into())
        )
    );
    // The same verdict follows the language switch, numbers unchanged.
    locale.set(Lang::En);
    sleep(0).await;
    assert_eq!(
        sentence(&why()),
        (
            "ack should be 1: their SYN had seq 0 and a SYN counts as one".into(),
            Some("en".into())
        )
    );
    locale.set(Lang::It);
    sleep(0).await;

    // The Ladder keeps the returned card with the referee's sentence, in Italian.
    let returned = all(root, "g.ladder-arrow")
        .into_iter()
        .find(|a| text(&find(a, ".ladder-label")).contains("ack 5"))
        .unwrap_or_else(|| {
            panic!(
                "the returned card is on the ladder: {:?}",
                texts(root, ".ladder-label")
            )
        });
    fire(&returned, "click");
    sleep(0).await;
    assert_eq!(
        sentence(&find(root, ".ladder-details .ladder-why")),
        (
            "ack deve essere 1: il SYN dell'altro lato aveva seq 0 e un SYN conta uno".into(),
            Some("it".into())
        )
    );

    find(root, ".hint-button").click();
    sleep(0).await;
    let (hint, lang) = sentence(&find(root, ".hint-text .hint-said"));
    assert_eq!(lang.as_deref(), Some("it"), "{hint}");
    assert!(
        hint.starts_with("scrivi questa carta: da 10.0.1.2:40000 a 10.0.1.1:23, flag ACK"),
        "{hint}"
    );
    storage().clear().expect("storage cleared");
}

/// Seed 000, round 3 (RFC 9293 §3.10.7.1): the instructor closes the server port from the
/// Italian fault form; what the fault teaches and what it did read in Italian.
#[wasm_bindgen_test]
async fn a_fault_says_what_it_did_in_italian_rfc9293_3_10_7_1() {
    let (root, _game, _locale) = mount_italian(|| view! { <FaultForm /> });
    let root: &web_sys::Element = &root;
    sleep(0).await;
    let form = find(root, "form.fault-form");
    choose(&find(&form, "select[name='target']"), "team");
    choose(&find(&form, "select[name='team']"), "0");
    choose(&find(&form, "select[name='kind']"), "server-port-closed");
    sleep(0).await;
    let (teaches, lang) = sentence(&find(&form, ".fault-explain .fault-teaches"));
    assert_eq!(lang.as_deref(), Some("it"), "{teaches}");
    assert!(
        teaches.ends_with("connessione rifiutata — RFC 9293 §3.10.7.1"),
        "{teaches}"
    );
    find(&form, "button.fault-inject").click();
    sleep(0).await;
    let outcome = trimmed(&find(&form, ".fault-outcome"));
    assert!(outcome.starts_with("Fatto — "), "{outcome}");
    assert_eq!(
        sentence(&find(&form, ".fault-outcome .fault-effect")),
        (
            "il server ha smesso di ascoltare sulla porta 23".into(),
            Some("it".into())
        )
    );
    storage().clear().expect("storage cleared");
}

/// RFC 1812 §5.2.7.1 in Italian, at the router desk: a route removed twice is refused the
/// second time in Italian (the engine's refusal), and with the LAN route gone a card for
/// the LAN has no route: delivering it is a mistake the referee explains in Italian.
#[wasm_bindgen_test]
async fn an_italian_router_is_told_why_in_italian_rfc1812_5_2_7_1() {
    let (root, game, _locale) = mount_italian_at(
        |t| Some(t.router),
        || {
            view! {
                <Announcer />
                <DeskScreen />
            }
        },
    );
    let root: &web_sys::Element = &root;
    sleep(0).await;
    let remove = all(root, ".route-table .route-remove")
        .into_iter()
        .find(|b| {
            b.get_attribute("aria-label")
                .is_some_and(|l| l.ends_with("10.0.1.0/24"))
        })
        .expect("the LAN's line has a remove button");
    let remove: web_sys::HtmlElement = remove.unchecked_into();
    // A double click: the second removal finds nothing left to remove.
    remove.click();
    remove.click();
    sleep(0).await;
    let refusal = find(root, ".route-table .desk-error");
    let (said, _) = sentence(&refusal);
    assert!(said.starts_with("Non eseguito"), "{said}");
    let span = find(&refusal, "span[lang]");
    let (why, lang) = sentence(&span);
    assert_eq!(lang.as_deref(), Some("it"), "{why}");
    assert!(
        why.ends_with("non ha nessuna rotta per 10.0.1.0/24 da rimuovere"),
        "{why}"
    );

    // Alice's bot opens round 1: her SYN for 10.0.1.1 reaches a router with no LAN route.
    game.set_speed(1000);
    let arrived = eventually(8000, || {
        try_find(root, ".router-desk .inbox-card").is_some()
    })
    .await;
    assert!(arrived, "a card reached the router");
    find(root, ".inbox-card [data-choice='deliver']").click();
    sleep(0).await;
    let (why, lang) = sentence(&find(root, ".desk-outcome li.mistake .mistake-why"));
    assert_eq!(lang.as_deref(), Some("it"), "{why}");
    assert!(
        why.starts_with(
            "nessuna riga della tabella di instradamento corrisponde a 10.0.1.1 e non c'è una \
             route di default"
        ),
        "{why}"
    );
    storage().clear().expect("storage cleared");
}

/// What the classroom server tells a newcomer to a room of the original game in which
/// Ada plays Alice's seat: the instructor or Ada, the clock paused at `at` seconds.
fn room_welcome(instructor: bool, at: u64) -> ToClient {
    let (snapshot, alice) = alice_room(
        |alice| {
            vec![
                Member {
                    id: 1,
                    name: "Prof".into(),
                    instructor: true,
                    node: None,
                    online: true,
                },
                Member {
                    id: 2,
                    name: "Ada".into(),
                    instructor: false,
                    node: Some(alice),
                    online: true,
                },
            ]
        },
        at,
    );
    ToClient::Welcome {
        you: You {
            code: "7KQ9AX".into(),
            token: "token".into(),
            member: if instructor { 1 } else { 2 },
            name: if instructor { "Prof" } else { "Ada" }.into(),
            instructor,
            node: (!instructor).then_some(alice),
        },
        snapshot,
    }
}

/// The whole app in Italian, with the game context the test plays the server to.
fn mount_app_italian() -> (web_sys::HtmlElement, GameCtx) {
    let slot: Rc<Cell<Option<GameCtx>>> = Rc::default();
    let out = slot.clone();
    let root = mount(move || {
        provide_i18n().set(Lang::It);
        let game = GameCtx::provide();
        out.set(Some(game));
        view! { <tcpip_animated::App /> }
    });
    (root, slot.get().expect("the game context"))
}

/// In Italian: a classroom room that has never run offers its instructor "Avvia la
/// partita" (top bar and Instructor tab); once it has run, a pause offers to resume.
#[wasm_bindgen_test]
async fn a_room_that_never_ran_offers_to_start_the_game() {
    storage().clear().expect("storage cleared");
    let (root, game) = mount_app_italian();
    let root: &web_sys::Element = &root;
    game.receive(room_welcome(true, 0));
    sleep(0).await;
    let clock_button = || {
        all(root, ".topbar button")
            .into_iter()
            .find(|b| b.has_attribute("aria-pressed"))
            .map(|b| trimmed(&b))
            .expect("the instructor has the clock button")
    };
    assert_eq!(clock_button(), "Avvia la partita");
    assert_eq!(
        trimmed(&find(root, ".instructor-pause")),
        "Avvia la partita"
    );
    // Once the game has run, pausing it again offers to resume, not to start.
    game.receive(ToClient::Clock {
        clock: RoomClock {
            at: Instant::from_secs(12),
            speed_percent: 100,
            paused: true,
            hold: None,
            note: None,
        },
    });
    sleep(0).await;
    assert_eq!(clock_button(), "Riprendi");
    assert_eq!(
        trimmed(&find(root, ".instructor-pause")),
        "Riprendi la partita"
    );
    game.leave_room();
    storage().clear().expect("storage cleared");
}

/// In Italian: a refusal the server sends (the engine's own words, as the room
/// forwards them) reaches an Italian student in Italian at the card form.
#[wasm_bindgen_test]
async fn a_refusal_from_the_room_reads_in_italian() {
    storage().clear().expect("storage cleared");
    let (root, game) = mount_app_italian();
    let root: &web_sys::Element = &root;
    game.receive(room_welcome(false, 0));
    sleep(0).await;
    button(root, "[role=tab]", t(Lang::It, Key::DeskHeading)).click();
    sleep(0).await;
    game.take_sent();
    common::send_syn_by_hand(root).await;
    let req = game
        .take_sent()
        .into_iter()
        .find_map(|m| match m {
            tcpip_protocol::ToServer::Act { req, .. } => Some(req),
            _ => None,
        })
        .expect("the card went to the server");
    let refusal = World::new(&Scenario::original())
        .expect("a world")
        .act(
            Action::RequestHint {
                node: NodeId(9_999),
            },
            Instant::ZERO,
        )
        .expect_err("there is no node 9999")
        .text();
    game.receive(ToClient::Refused {
        req,
        message: refusal,
    });
    sleep(0).await;
    let error = find(root, ".desk-write .desk-error");
    let (why, lang) = sentence(&find(&error, "span[lang]"));
    assert_eq!(
        (why.as_str(), lang.as_deref()),
        ("in questa partita non c'è nessun nodo 9999", Some("it"))
    );
    game.leave_room();
    storage().clear().expect("storage cleared");
}

/// The board speaks Italian too. Alice's SYN crosses the board as a "carta SYN",
/// its flipped side names the boxes in Italian (the values stay the same), the legend's
/// words are the ones the cards write, and a switch back to English redraws the card in
/// English.
#[wasm_bindgen_test]
async fn the_board_names_a_card_in_italian_and_follows_the_switch() {
    let (root, game, locale) = mount_italian(|| view! { <tcpip_animated::board::Board /> });
    let root: &web_sys::Element = &root;
    game.set_speed(10);
    send_alices_syn(&game);
    let card_named = |name: &'static str| {
        move || {
            all(root, "svg.board-svg g.card")
                .iter()
                .any(|c| c.get_attribute("aria-label").as_deref() == Some(name))
        }
    };
    assert!(
        eventually(
            2_000,
            card_named("S — carta SYN da 10.0.1.2 a 10.0.1.1, seq 0")
        )
        .await,
        "{:?}",
        all(root, "svg.board-svg g.card")
            .iter()
            .map(|c| c.get_attribute("aria-label"))
            .collect::<Vec<_>>()
    );
    let card = find(root, "svg.board-svg g.card");
    assert_eq!(card.get_attribute("lang").as_deref(), Some("it"));
    let focus: js_sys::Function = js_sys::Reflect::get(&card, &"focus".into())
        .expect("an SVG element can take focus")
        .unchecked_into();
    focus.call0(&card).expect("focused");
    sleep(0).await;
    let panel = find(root, "#board-card-fields");
    assert_eq!(panel.get_attribute("lang").as_deref(), Some("it"));
    let boxes = texts(&panel, "dt");
    assert!(
        boxes.contains(&"da".to_string()) && boxes.contains(&"lungh.".to_string()),
        "{boxes:?}"
    );
    assert!(text(&panel).contains("nessun flag ACK"), "{}", text(&panel));
    let legend = texts(root, ".board-legend .legend-word");
    assert!(
        legend.contains(&"attende 3 s".to_string())
            && legend.contains(&"trattenuta".to_string())
            && legend.contains(&"persa".to_string()),
        "{legend:?}"
    );

    locale.set(Lang::En);
    assert!(
        eventually(
            2_000,
            card_named("S — SYN card from 10.0.1.2 to 10.0.1.1, seq 0")
        )
        .await,
        "the card is redrawn in English"
    );
}

/// A scenario file the teacher loads on the start screen, as a file input hands it over
/// (a `DataTransfer`, which web-sys is not built with here, so it is made through JS).
fn load_file(input: &web_sys::Element, name: &str, contents: &str) {
    use js_sys::{Array, Function, Reflect};
    let parts = Array::of1(&contents.into());
    let file = web_sys::File::new_with_str_sequence(&parts, name).expect("a file");
    let ctor: Function = Reflect::get(&js_sys::global(), &"DataTransfer".into())
        .expect("DataTransfer")
        .unchecked_into();
    let transfer = Reflect::construct(&ctor, &Array::new()).expect("a DataTransfer");
    let items = Reflect::get(&transfer, &"items".into()).expect("its items");
    let add: Function = Reflect::get(&items, &"add".into())
        .expect("items.add")
        .unchecked_into();
    add.call1(&items, &file).expect("the file added");
    let files = Reflect::get(&transfer, &"files".into()).expect("its files");
    Reflect::set(input, &"files".into(), &files).expect("the input's files set");
    fire(input, "change");
}

/// A broken scenario file loaded on an Italian start screen is refused in Italian, each
/// problem with its line ("riga 4"), marked `lang="it"`.
#[wasm_bindgen_test]
async fn a_broken_scenario_file_is_refused_in_italian() {
    storage().clear().expect("storage cleared");
    let (root, _game) = mount_app_italian();
    let root: &web_sys::Element = &root;
    sleep(0).await;
    button(root, "button.primary", "Gioca").click();
    sleep(0).await;
    let broken = "name = \"Friday\"\n[[teams]]\nname = \"Red\"\nlan = \"10.0.1/24\"\n\
                  clients = [\"Alice\"]\n";
    load_file(&find(root, "#scenario-file"), "broken.toml", broken);
    assert!(
        eventually(2000, || try_find(root, ".scenarios .error pre span")
            .is_some())
        .await,
        "the file's problems are shown"
    );
    let said = find(root, ".scenarios .error pre span");
    assert_eq!(said.get_attribute("lang").as_deref(), Some("it"));
    assert_eq!(
        trimmed(&said),
        "riga 4, teams[0].lan: \"10.0.1/24\": la parte dell'indirizzo non è un indirizzo \
         IPv4 come 10.0.1.0"
    );
    assert_eq!(
        find(root, ".scenarios .error pre").get_attribute("lang"),
        None
    );
    storage().clear().expect("storage cleared");
}
