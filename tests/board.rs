//! Component tests of the Board in a real browser (wasm-bindgen-test in headless Chromium):
//! the topology of the original game, a card moving frame by frame, a card flipping to show
//! its fields, and the faults the board must make visible (forged, ICMP, delayed, dropped).
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::Cell;
use std::rc::Rc;

use common::{SubmitNow, all, eventually, host, sleep, syn_card, text};
use leptos::prelude::*;
use tcpip_animated::board::Board;
use tcpip_animated::game::{GameCtx, use_game};
use tcpip_stack::card::Card;
use tcpip_stack::fault::{Fault, FaultKind, FaultTarget};
use tcpip_stack::scenario::Scenario;
use tcpip_stack::tcp::State;
use tcpip_stack::time::Duration;
use tcpip_stack::world::{Action, EventKind, NodeId, Seat, World};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// A mounted board with its game; unmounted (and its animation loop stopped) on drop.
struct Mounted {
    root: web_sys::HtmlElement,
    game: GameCtx,
    /// Dropping it unmounts the view (its owner, effects and animation loop go too).
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

/// Mounts a board showing `team` (or all) on a fresh game of the original scenario.
fn mount_board(team: Option<usize>) -> Mounted {
    mount_scenario(team, Scenario::original())
}

/// Mounts a board showing `team` (or all) on a fresh game of `scenario`.
fn mount_scenario(team: Option<usize>, scenario: Scenario) -> Mounted {
    let root = host();
    root.set_attribute("style", "width: 1200px").expect("style");
    let slot: Rc<Cell<Option<GameCtx>>> = Rc::new(Cell::new(None));
    let out = Rc::clone(&slot);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let game = GameCtx::provide();
        game.start(scenario).expect("the game starts");
        out.set(Some(use_game()));
        match team {
            Some(t) => view! { <Board team=t /> }.into_any(),
            None => view! { <Board /> }.into_any(),
        }
    });
    let game = slot.get().expect("the game context");
    Mounted {
        root,
        game,
        _handle: Box::new(handle),
    }
}

/// Waits for the next animation frame.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("a window")
            .request_animation_frame(&resolve)
            .expect("a frame");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("the frame comes");
}

/// Polls (every 50 ms, for at most `ms`) until `selector` matches an element for which
/// `ok` holds.
async fn wait_for(
    root: &web_sys::Element,
    selector: &str,
    ms: i32,
    ok: impl Fn(&web_sys::Element) -> bool,
) -> web_sys::Element {
    let mut found = None;
    eventually(ms, || {
        found = all(root, selector).into_iter().find(|e| ok(e));
        found.is_some()
    })
    .await;
    found.unwrap_or_else(|| {
        panic!(
            "nothing matched {selector} in {ms} ms; the board says: {}",
            text(root)
        )
    })
}

/// The original game's world, built here too, to know what the board must show.
fn original() -> World {
    World::new(&Scenario::original()).expect("the original scenario builds")
}

fn red_client(i: usize) -> NodeId {
    original().teams()[0].clients[i]
}

/// Red client `client`'s round-1 SYN to the Red server.
fn syn_from(client: usize) -> Card {
    Card {
        src_ip: format!("10.0.1.{}", client + 2),
        ..syn_card()
    }
}

/// A person takes Red client `client`'s seat and writes a SYN to the Red server.
fn human_syn(game: &GameCtx, client: usize) {
    let node = red_client(client);
    game.submit_now(Action::SetSeat {
        node,
        seat: Seat::Human,
    })
    .expect("seat taken");
    game.submit_now(Action::WriteCard {
        node,
        card: Box::new(syn_from(client)),
    })
    .expect("the SYN is accepted");
}

fn call(el: &web_sys::Element, method: &str) {
    let f: js_sys::Function = js_sys::Reflect::get(el, &method.into())
        .expect("a method")
        .unchecked_into();
    f.call0(el).expect("called");
}

#[wasm_bindgen_test]
async fn the_original_board_shows_every_node_and_one_lan_per_team() {
    let m = mount_board(None);
    sleep(0).await;
    let w = original();
    let svg = all(&m.root, "svg.board-svg");
    assert_eq!(svg.len(), 1, "one SVG board");
    let drawn = text(&svg[0]);
    for n in w.nodes() {
        let node = all(&m.root, &format!("svg g.node[data-node='{}']", n.id.0));
        assert_eq!(node.len(), 1, "node {} drawn once", n.name);
        let t = text(&node[0]);
        assert!(t.contains(&n.name), "{} in {t}", n.name);
        assert!(t.contains(&n.addr.to_string()), "{} in {t}", n.addr);
        if let Some(b) = n.backbone_addr {
            assert!(
                t.contains(&format!("backbone {b}")),
                "backbone address in {t}"
            );
        }
    }
    let lans = all(&m.root, "svg g.lan");
    assert_eq!(lans.len(), w.teams().len());
    for team in w.teams() {
        assert!(drawn.contains(&format!("{} · LAN {}", team.name, team.lan)));
    }
    // Routers are linked across the backbone: one dashed line per backbone link.
    let backbone = w.links().iter().filter(|l| l.backbone).count();
    assert_eq!(all(&m.root, "svg .link-backbone").len(), backbone);
    assert!(backbone > 0);
    assert!(text(&m.root).contains("Legend") || !all(&m.root, ".board-legend li").is_empty());
}

/// A student's board: only their LAN, with a stub towards the backbone.
#[wasm_bindgen_test]
async fn a_team_board_shows_only_that_lan() {
    let m = mount_board(Some(1));
    sleep(0).await;
    let w = original();
    assert_eq!(all(&m.root, "svg g.lan").len(), 1);
    let team = &w.teams()[1];
    assert_eq!(all(&m.root, "svg g.node").len(), 2 + team.clients.len());
    let t = text(&m.root);
    assert!(t.contains(&team.name) && !t.contains(&w.teams()[0].name));
    assert!(t.contains("backbone: to the other teams"));
    assert_eq!(all(&m.root, "svg .link-backbone").len(), 1);
}

#[wasm_bindgen_test]
async fn a_syn_card_moves_along_its_link_and_flips_to_show_its_fields() {
    let m = mount_board(None);
    human_syn(&m.game, 0);
    let label = "S — SYN card from 10.0.1.2 to 10.0.1.1, seq 0";
    let card = wait_for(&m.root, "svg.board-svg g.card", 1_000, |e| {
        e.get_attribute("aria-label").as_deref() == Some(label)
    })
    .await;
    assert_eq!(text(&card).trim(), "S", "the glyph shows the flags as text");
    assert_eq!(card.get_attribute("tabindex").as_deref(), Some("0"));
    assert_eq!(card.get_attribute("role").as_deref(), Some("button"));
    next_frame().await;
    let before = card.get_attribute("transform").expect("a transform");
    sleep(50).await;
    next_frame().await;
    next_frame().await;
    let after = card.get_attribute("transform").expect("a transform");
    assert_ne!(before, after, "the card moves between animation frames");

    assert!(
        all(&m.root, ".card-flip").is_empty(),
        "no fields before focus"
    );
    call(&card, "focus");
    sleep(0).await;
    let panel = wait_for(&m.root, ".card-flip", 500, |_| true).await;
    let fields = text(&panel);
    for want in [
        "10.0.1.2:40000",
        "10.0.1.1:23",
        "SYN (S)",
        "seq",
        "TTL",
        "64",
    ] {
        assert!(fields.contains(want), "{want} in {fields}");
    }
    assert_eq!(card.get_attribute("aria-pressed").as_deref(), Some("true"));
    call(&card, "blur");
    sleep(0).await;
    assert!(
        all(&m.root, ".card-flip").is_empty(),
        "the card flips back on blur"
    );
}

/// Round 4: the forged RST is marked in words (and red); an ICMP error looks different.
#[wasm_bindgen_test]
async fn forged_and_icmp_cards_are_marked() {
    let m = mount_board(None);
    m.game.set_speed(1000);
    let client = red_client(0);
    let established = eventually(10_000, || {
        m.game
            .with_world(|w| {
                w.connections(client)
                    .iter()
                    .any(|c| c.state == State::Established)
            })
            .unwrap_or(false)
    })
    .await;
    assert!(established, "the bots open a connection");
    m.game.set_speed(100);
    let events = m
        .game
        .submit_now(Action::InjectFault(Fault {
            kind: FaultKind::ForgedRst { matching: false },
            target: FaultTarget::Team(0),
        }))
        .expect("the fault is injected");
    assert!(
        events
            .iter()
            .any(|e| matches!(e.kind, EventKind::CardSent { forged: true, .. })),
        "a forged card left: {events:?}"
    );
    let forged = wait_for(&m.root, "svg.board-svg g.card.card-forged", 1_000, |_| true).await;
    let label = forged.get_attribute("aria-label").unwrap_or_default();
    assert!(text(&forged).contains("forged"), "{}", text(&forged));
    assert!(text(&forged).contains('R'));
    assert!(
        label.contains("RST") && label.contains(", forged"),
        "{label}"
    );

    m.game
        .submit_now(Action::InjectFault(Fault {
            kind: FaultKind::IcmpUnreachable { code: 1 },
            target: FaultTarget::Team(0),
        }))
        .expect("the ICMP fault is injected");
    let icmp = wait_for(&m.root, "svg.board-svg g.card.card-icmp", 1_000, |_| true).await;
    assert!(text(&icmp).contains("ICMP"));
    assert_eq!(all(&icmp, ".card-triangle").len(), 1);
    assert!(all(&m.root, "svg.board-svg g.card-tcp .card-triangle").is_empty());
}

#[wasm_bindgen_test]
async fn a_delayed_card_waits_with_a_countdown() {
    let m = mount_board(None);
    m.game
        .submit_now(Action::InjectFault(Fault {
            kind: FaultKind::Delay {
                by: Duration::from_secs(10),
            },
            target: FaultTarget::Connection { team: 0, client: 0 },
        }))
        .expect("the delay is armed");
    human_syn(&m.game, 0);
    let card = wait_for(&m.root, "svg.board-svg g.card.card-delayed", 1_000, |_| {
        true
    })
    .await;
    let wait = wait_for(
        &m.root,
        "svg.board-svg g.card-delayed .card-wait",
        3_000,
        |e| text(e).starts_with("waits "),
    )
    .await;
    let first = text(&wait);
    let secs: u64 = first
        .trim_start_matches("waits ")
        .trim_end_matches(" s")
        .parse()
        .expect("a number of seconds");
    assert!((1..=10).contains(&secs), "{first}");
    // A card that crept by one cell (half a pixel) is redrawn on the next shared beat
    // (`SLOW_REDRAW_FRAMES`), so the glyph may settle one frame after its countdown shows.
    sleep(150).await;
    let at = card.get_attribute("transform");
    let counted = eventually(3_000, || text(&wait) != first).await;
    assert!(counted, "the countdown counts down from {first}");
    assert_eq!(
        card.get_attribute("transform"),
        at,
        "a waiting card does not move"
    );
    // What the card shows is part of its name (WCAG 2.5.3), countdown included.
    let name = card.get_attribute("aria-label").unwrap_or_default();
    assert!(name.contains("delayed by"), "{name}");
    assert!(name.ends_with(&text(&wait)), "{name} / {}", text(&wait));
}

#[wasm_bindgen_test]
async fn a_dropped_card_falls_off_its_link() {
    let m = mount_board(None);
    m.game
        .submit_now(Action::InjectFault(Fault {
            kind: FaultKind::Drop,
            target: FaultTarget::Connection { team: 0, client: 1 },
        }))
        .expect("the drop is armed");
    human_syn(&m.game, 1);
    wait_for(&m.root, "svg.board-svg g.card[data-card]", 1_000, |e| {
        e.get_attribute("aria-label")
            .is_some_and(|l| l.starts_with("S — SYN card from 10.0.1.3"))
    })
    .await;
    m.game.set_speed(1000);
    let ghost = wait_for(&m.root, "svg.board-svg g.ghost", 3_000, |_| true).await;
    assert!(text(&ghost).contains("dropped"));
    assert!(text(&ghost).contains('S'));
    // It is gone again about a second later.
    let cleared = eventually(3_000, || all(&m.root, "svg.board-svg g.ghost").is_empty()).await;
    assert!(cleared, "the fallen card is cleared");
}

/// Unmounting stops the animation loop without errors, even with cards in flight.
#[wasm_bindgen_test]
async fn unmounting_stops_the_animation() {
    let m = mount_board(None);
    human_syn(&m.game, 0);
    wait_for(&m.root, "svg.board-svg g.card[data-card]", 1_000, |_| true).await;
    let root = m.root.clone();
    drop(m);
    next_frame().await;
    next_frame().await;
    assert!(!root.is_connected());
}

/// A box on the page, as the browser measured what it drew (`getBoundingClientRect`).
#[derive(Clone, Copy, Debug)]
struct Box2 {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
}

impl Box2 {
    fn width(&self) -> f64 {
        self.right - self.left
    }

    fn height(&self) -> f64 {
        self.bottom - self.top
    }
}

fn rect(el: &web_sys::Element) -> Box2 {
    let f: js_sys::Function = js_sys::Reflect::get(el, &"getBoundingClientRect".into())
        .expect("a method")
        .unchecked_into();
    let r = f.call0(el).expect("measured");
    let side = |name: &str| {
        js_sys::Reflect::get(&r, &name.into())
            .ok()
            .and_then(|v| v.as_f64())
            .expect("a number")
    };
    Box2 {
        left: side("left"),
        top: side("top"),
        right: side("right"),
        bottom: side("bottom"),
    }
}

/// The segments of a drawn link, in page pixels (the board is scaled to its box).
fn segments(svg: &web_sys::Element, link: &web_sys::Element) -> Vec<((f64, f64), (f64, f64))> {
    let s = rect(svg);
    let view: Vec<f64> = svg
        .get_attribute("viewBox")
        .expect("a viewBox")
        .split(' ')
        .map(|v| v.parse().expect("a number"))
        .collect();
    let scale = (s.width() / view[2]).min(s.height() / view[3]);
    let (ox, oy) = (
        s.left + (s.width() - view[2] * scale) / 2.0,
        s.top + (s.height() - view[3] * scale) / 2.0,
    );
    let points: Vec<(f64, f64)> = link
        .get_attribute("points")
        .expect("points")
        .split(' ')
        .map(|p| {
            let (x, y) = p.split_once(',').expect("x,y");
            let (x, y): (f64, f64) = (x.parse().expect("x"), y.parse().expect("y"));
            (ox + (x - view[0]) * scale, oy + (y - view[1]) * scale)
        })
        .collect();
    points.windows(2).map(|w| (w[0], w[1])).collect()
}

/// A class of 50 teams (`Scenario::class_sized(50, 3)`): every team a tile, and no link
/// drawn across any word on the board (names, addresses, team headings), measured on what
/// the browser drew.
#[wasm_bindgen_test]
async fn a_class_of_fifty_teams_is_tiles_and_no_label_is_crossed_by_a_link() {
    let m = mount_scenario(None, Scenario::class_sized(50, 3).expect("a class"));
    sleep(0).await;
    assert_eq!(
        all(&m.root, "svg g.lan-tile").len(),
        50,
        "one tile per team"
    );
    assert_eq!(all(&m.root, "svg g.node").len(), 50 * 5);
    let svg = all(&m.root, "svg.board-svg").remove(0);
    let labels = all(&m.root, "svg .node-name, svg .node-addr, svg .lan-heading");
    assert_eq!(
        labels.len(),
        50 * (5 * 2 + 1) + 50,
        "name and address of each node, backbone of each router, one heading per team"
    );
    let boxes: Vec<Box2> = labels.iter().map(rect).collect();
    let links = all(&m.root, "svg .link");
    assert!(links.len() >= 50 * 4 + 50, "{} links", links.len());
    let mut checked = 0;
    for link in &links {
        for ((x1, y1), (x2, y2)) in segments(&svg, link) {
            for (b, label) in boxes.iter().zip(&labels) {
                // A hair inside the box: a line may touch the edge of a glyph's box.
                let apart = x1.max(x2) <= b.left + 0.5
                    || x1.min(x2) >= b.right - 0.5
                    || y1.max(y2) <= b.top + 0.5
                    || y1.min(y2) >= b.bottom - 0.5;
                assert!(
                    apart,
                    "the link {:?} crosses \"{}\"",
                    link.get_attribute("points"),
                    text(label)
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100_000, "{checked} segment–label pairs");
}

/// A tile opens its team's own board (its LAN drawn large, the way to the backbone), and
/// the way back shows the whole class again.
#[wasm_bindgen_test]
async fn a_tile_opens_its_team_and_the_way_back_shows_every_team() {
    let m = mount_scenario(None, Scenario::class_sized(50, 3).expect("a class"));
    sleep(0).await;
    let tile = all(&m.root, "svg g.lan-tile[data-team='11']").remove(0);
    assert_eq!(
        tile.get_attribute("aria-label").as_deref(),
        Some("LAN 12 · LAN 10.0.12.0/24, show this team's LAN large")
    );
    // A click as a person's (it bubbles to the page, where Leptos listens).
    js_sys::Function::new_with_args(
        "el",
        "el.dispatchEvent(new MouseEvent('click', { bubbles: true }))",
    )
    .call1(&wasm_bindgen::JsValue::NULL, &tile)
    .expect("clicked");
    let ok = eventually(1_000, || all(&m.root, "svg g.lan").len() == 1).await;
    assert!(ok, "one team's board");
    assert_eq!(
        all(&m.root, "svg g.node").len(),
        5,
        "its router, server and clients"
    );
    let t = text(&m.root);
    assert!(t.contains("LAN 12 · LAN 10.0.12.0/24"), "{t}");
    assert!(t.contains("backbone: to the other teams"), "{t}");
    assert!(
        all(&m.root, "svg g.lan-tile").is_empty(),
        "no tiles on one team's board"
    );
    let back = all(&m.root, "button.board-back").remove(0);
    assert_eq!(text(&back), "← All teams");
    call(&back, "click");
    let ok = eventually(1_000, || all(&m.root, "svg g.lan-tile").len() == 50).await;
    assert!(ok, "every team again");
    assert!(all(&m.root, "button.board-back").is_empty());
}
