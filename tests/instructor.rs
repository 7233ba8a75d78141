//! Component tests of the Instructor screen and the Ladder in a real browser
//! (wasm-bindgen-test in headless Chromium): the progress table, a bot's handshake showing
//! up in it, a forged RST and a forged ICMP injected through the fault form reaching the
//! feed, the ladder's arrows and their details, and untrusted names rendered as text.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{all, choose, eventually, find, fire, mount, sleep, text, type_text};
use leptos::prelude::*;
use tcpip_animated::game::GameCtx;
use tcpip_animated::instructor::{Instructor, Projector};
use tcpip_animated::ladder::Ladder;
use tcpip_stack::scenario::Scenario;
use tcpip_stack::score::Goal;
use tcpip_stack::time::Duration;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The original game, made quick: short links and thinking, so bots finish the handshake
/// within a second or two of wall time at 1000%.
fn quick_original() -> Scenario {
    let mut s = Scenario::original();
    s.settings.link_delay = Duration::from_millis(200);
    s.settings.think_time = Duration::from_millis(200);
    s
}

/// Mounts `view` under a fresh game context running `scenario`.
fn mount_game<V: IntoView + 'static>(
    scenario: Scenario,
    view: impl FnOnce() -> V + 'static,
) -> (web_sys::HtmlElement, GameCtx) {
    let slot: std::rc::Rc<std::cell::Cell<Option<GameCtx>>> = Default::default();
    let out = slot.clone();
    let root = mount(move || {
        let game = GameCtx::provide();
        game.start(scenario).expect("the scenario starts");
        out.set(Some(game));
        view()
    });
    let game = slot.get().expect("the context was created");
    (root, game)
}

#[wasm_bindgen_test]
async fn progress_has_a_row_per_team_and_a_column_per_goal_then_a_handshake_time() {
    let (root, game) = mount_game(quick_original(), || view! { <Instructor /> });
    sleep(0).await;
    let table = find(&root, "table.progress-table");
    let rows = all(&table, "tbody tr");
    assert_eq!(rows.len(), 3, "one row per team of the original game");
    let goal_cols = all(&table, "thead th.goal-col");
    assert_eq!(goal_cols.len(), Goal::ALL.len());
    assert_eq!(text(&goal_cols[0]), "1. Handshake");
    for r in &rows {
        let header = find(r, "th[scope='row']");
        assert!(!text(&header).is_empty());
        assert_eq!(all(r, "td[data-goal]").len(), Goal::ALL.len());
    }
    let red_handshake = || find(&root, "tr[data-team='0'] td[data-goal='handshake']");
    assert!(text(&red_handshake()).contains("not yet"));

    game.set_speed(1000);
    let reached = eventually(20_000, || text(&red_handshake()).contains("reached at")).await;
    let cell = text(&red_handshake());
    assert!(reached, "the handshake cell still says {cell:?}");
    // A time, mm:ss.
    let time = cell.trim_start_matches("reached at ✓ ");
    assert_eq!(time.len(), 5, "{cell:?}");
    assert_eq!(time.as_bytes()[2], b':', "{cell:?}");
    // The feed says so too.
    assert!(
        all(&root, ".feed-line.goal")
            .iter()
            .any(|l| text(l).contains("Handshake")),
        "no goal line in the feed"
    );
}

#[wasm_bindgen_test]
async fn a_forged_rst_injected_through_the_form_reaches_the_feed() {
    let (root, game) = mount_game(quick_original(), || view! { <Instructor /> });
    game.set_speed(1000);
    sleep(1500).await;
    let form = find(&root, "form.fault-form");
    choose(&find(&form, "select[name='target']"), "team");
    choose(&find(&form, "select[name='team']"), "1");
    choose(&find(&form, "select[name='kind']"), "rst-not-matching");
    sleep(0).await;
    find(&form, "button.fault-inject").click();
    sleep(0).await;

    let outcome = text(&find(&form, ".fault-outcome"));
    assert!(outcome.starts_with("Done — "), "{outcome}");
    assert!(outcome.contains("team Green"), "{outcome}");
    let first = all(&root, ".feed-line")
        .into_iter()
        .next()
        .expect("a feed line");
    let line = text(&first);
    assert!(line.contains("Fault"), "{line}");
    assert!(line.contains("forged"), "{line}");
    assert!(line.contains("Green"), "{line}");
}

/// RFC 5927 §4.1, the twin of the forged RST: the form offers a forged ICMP unreachable
/// with its code, says what it teaches, and the feed names the guessed seq.
#[wasm_bindgen_test]
async fn a_forged_icmp_injected_through_the_form_reaches_the_feed() {
    let (root, game) = mount_game(quick_original(), || view! { <Instructor /> });
    game.set_speed(1000);
    sleep(1500).await;
    let form = find(&root, "form.fault-form");
    choose(&find(&form, "select[name='target']"), "team");
    choose(&find(&form, "select[name='team']"), "0");
    choose(&find(&form, "select[name='kind']"), "icmp-forged");
    sleep(0).await;
    choose(&find(&form, "select[name='code']"), "3");
    sleep(0).await;
    let teaches = text(&find(&form, ".fault-explain"));
    assert!(teaches.contains("RFC 5927 §4.1"), "{teaches}");
    find(&form, "button.fault-inject").click();
    sleep(0).await;

    let outcome = text(&find(&form, ".fault-outcome"));
    assert!(outcome.starts_with("Done — "), "{outcome}");
    assert!(outcome.contains("team Red"), "{outcome}");
    let line = all(&root, ".feed-line.fault")
        .into_iter()
        .next()
        .map(|l| text(&l))
        .expect("a fault line in the feed");
    assert!(
        line.contains("forged ICMP destination unreachable, code 3"),
        "{line}"
    );
    assert!(line.contains("guessed seq"), "{line}");
}

#[wasm_bindgen_test]
async fn a_bad_delay_is_explained_and_nothing_is_injected() {
    let (root, _game) = mount_game(quick_original(), || view! { <Instructor /> });
    sleep(0).await;
    let form = find(&root, "form.fault-form");
    choose(&find(&form, "select[name='kind']"), "delay");
    sleep(0).await;
    let input = find(&form, "input[name='delay']");
    type_text(&input, "0");
    find(&form, "button.fault-inject").click();
    sleep(0).await;
    let outcome = text(&find(&form, ".fault-outcome"));
    assert!(outcome.contains("whole number of seconds"), "{outcome}");
    assert!(all(&root, ".feed-line.fault").is_empty());
}

#[wasm_bindgen_test]
async fn the_ladder_shows_the_syn_and_opens_its_card() {
    let (root, game) = mount_game(quick_original(), || view! { <Ladder team=0 /> });
    game.set_speed(1000);
    let has_arrow = eventually(20_000, || !all(&root, "g.ladder-arrow").is_empty()).await;
    assert!(has_arrow, "no arrow was drawn");
    let ladder = find(&root, "article.ladder");
    let heading = text(&find(&ladder, "h3"));
    assert!(heading.contains("10.0.1."), "{heading}");
    let syn = all(&ladder, "g.ladder-arrow")
        .into_iter()
        .find(|a| text(&find(a, ".ladder-label")).starts_with("S seq 0 "))
        .expect("an arrow labelled S with seq 0");
    assert_eq!(syn.get_attribute("role").as_deref(), Some("button"));
    assert_eq!(syn.get_attribute("tabindex").as_deref(), Some("0"));
    fire(&syn, "click");
    sleep(0).await;
    assert_eq!(syn.get_attribute("aria-pressed").as_deref(), Some("true"));
    let details = find(&ladder, ".ladder-card");
    assert_eq!(text(&find(&details, ".ladder-flags")), "S");
    assert_eq!(text(&find(&details, ".ladder-seq")), "0");
    let all_text = text(&details);
    assert!(all_text.contains("TTL"), "{all_text}");
    assert!(all_text.contains(":23"), "{all_text}");

    // Only team 0's LAN: no connection of another team's addresses.
    for h in all(&root, "article.ladder h3") {
        assert!(text(&h).contains("10.0.1."), "{}", text(&h));
    }
}

#[wasm_bindgen_test]
async fn names_with_markup_render_as_text() {
    let mut s = quick_original();
    s.teams[0].name = "<b>Bold</b>".into();
    if let Some(backbone) = s.backbone.as_mut() {
        for (a, b) in &mut backbone.links {
            for end in [a, b] {
                if end == "Red" {
                    *end = "<b>Bold</b>".into();
                }
            }
        }
    }
    let (root, _game) = mount_game(s, || {
        view! {
            <Instructor />
            <Projector />
        }
    });
    sleep(0).await;
    assert!(all(&root, "b").is_empty(), "a <b> element was created");
    let header = text(&find(&root, "tr[data-team='0'] th[scope='row']"));
    assert_eq!(header, "<b>Bold</b>");
    assert!(
        all(&root, ".projector-team")
            .iter()
            .any(|t| text(t) == "<b>Bold</b>")
    );
    let pcap = find(&root, "button.export-pcap");
    assert_eq!(
        pcap.get_attribute("data-file").as_deref(),
        Some("tcpip-b-bold-b.pcap")
    );
}

#[wasm_bindgen_test]
async fn the_pause_button_stops_and_restarts_the_clock() {
    let (root, game) = mount_game(quick_original(), || view! { <Instructor /> });
    sleep(0).await;
    let button = find(&root, "button.instructor-pause");
    assert_eq!(
        button.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    button.click();
    sleep(0).await;
    assert!(untrack(|| game.clock().paused()));
    assert_eq!(
        button.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert!(text(&button).contains("Resume"));
    button.click();
    sleep(0).await;
    assert!(!untrack(|| game.clock().paused()));
}

/// The autoplay demo takes the seats people play: with a person seated it asks first, and
/// only the confirmation gives the seat to its bot.
#[wasm_bindgen_test]
async fn the_autoplay_demo_asks_before_taking_peoples_seats() {
    use common::SubmitNow;
    use tcpip_stack::world::{Action, Seat};
    let (root, game) = mount_game(quick_original(), || view! { <Instructor /> });
    let alice = game
        .with_world(|w| w.teams()[0].clients[0])
        .expect("a game");
    game.submit_now(Action::SetSeat {
        node: alice,
        seat: Seat::Human,
    })
    .expect("Alice is a person's");
    sleep(0).await;
    let seat = || {
        game.with_world(|w| w.node_view(alice).map(|n| n.seat))
            .flatten()
    };
    find(&root, ".instructor-autoplay").click();
    sleep(0).await;
    let ask = text(&find(&root, "#autoplay-ask"));
    assert!(ask.contains("the seats people play too"), "{ask}");
    assert_eq!(
        seat(),
        Some(Seat::Human),
        "nothing changes before the answer"
    );
    find(&root, ".autoplay-confirm").click();
    sleep(0).await;
    assert_eq!(seat(), Some(Seat::Bot));
}

/// Step mode in a game on one computer: the clock waits where it is; each Next lets it run
/// to exactly the next thing the engine has to do (here the bots' first moves and their
/// cards), and no further however long the class looks; leaving step mode lets it run.
#[wasm_bindgen_test]
async fn step_mode_moves_the_game_one_step_per_next() {
    let (root, game) = mount_game(quick_original(), || view! { <Instructor /> });
    sleep(0).await;
    game.set_speed(1000);
    find(&root, ".step-mode").click();
    sleep(0).await;
    let held = game.clock().hold().expect("step mode holds the clock");
    assert!(common::try_find(&root, ".next-step").is_some());
    sleep(300).await;
    assert_eq!(game.now(), held, "nothing runs past the hold");

    let due = game
        .with_world(|w| w.next_due())
        .flatten()
        .expect("the bots have something to do");
    find(&root, ".next-step").click();
    assert_eq!(game.clock().hold(), Some(due));
    let reached = eventually(5_000, || game.now() == due).await;
    assert!(
        reached,
        "the clock ran to the next step: {} of {due}",
        game.now()
    );
    sleep(300).await;
    assert_eq!(game.now(), due, "and waits there");
    let events = game.with_world(|w| w.log().len()).unwrap_or(0);
    assert!(events > 0, "the step happened");

    find(&root, ".step-mode").click();
    sleep(0).await;
    assert_eq!(game.clock().hold(), None);
    assert!(common::try_find(&root, ".next-step").is_none());
    let ran = eventually(2_000, || game.now() > due).await;
    assert!(ran, "out of step mode the game runs again");
}
