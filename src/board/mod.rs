//! The Board (game design, screen 2): the network as SVG — each team's LAN around its
//! router/switch, routers linked across the backbone — with every card in flight moving
//! along its link in real time.
//!
//! Rendering is split by rhythm, so 200 cards stay smooth:
//! - the picture (LANs, nodes, links) re-renders only when the topology changes;
//! - the list of cards (one `<g>` per card) re-renders when the world changes, which is a
//!   few times a second at most;
//! - every animation frame, a `requestAnimationFrame` loop computes each card's position
//!   from its departure and arrival times ([`cards::CardInfo::progress`]) and writes only
//!   the `transform` attribute (and a delayed card's countdown) of the elements that moved
//!   visibly: positions snap to a grid of half a device pixel ([`cards::snap_step`]), since
//!   every write costs the browser a restyle and a raster of the tiles the card crosses,
//!   and slow cards move together every other frame ([`cards::redraw_now`]). With 200
//!   cards on the 20-team benchmark board this took a frame from about 25 ms of browser
//!   CPU time (all threads) to under 10 (`tests/e2e/bench-animation.mjs`).
//!
//! Everything shown comes from the engine's read-only views; names and card data are
//! player text and are only ever rendered as text.

pub mod cards;
pub mod layout;
pub mod view;

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use leptos::prelude::*;
use tcpip_stack::addr::Ipv4Addr;
use tcpip_stack::sorted::SortedMap;
use tcpip_stack::world::{EventKind, NodeId, NodeKind};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::derived::Derived;
use crate::game::{use_game, wall_ms};
use crate::i18n::{Key, Lang, board_summary, t, use_locale};
use crate::slot::Slot;
use cards::{
    CardInfo, MIN_STEP, SLOW_REDRAW_FRAMES, along_path, cell_point, clip, redraw_now, snap,
    snap_step,
};
use layout::{BoardLayout, Fixed, LanInput, NODE_R, layout, px};
use view::{MAX_ZOOM, ViewWindow, ZOOM_STEP, screen_aspect};

/// How long a dropped card stays on the board, falling, after it left the game.
const FALL_MS: f64 = 1_000.0;
/// Cards going opposite ways on one link are drawn this far apart, so they pass each other.
const LANE_OFFSET: f64 = 12.0;
/// Names on the board are cut to this many characters to keep the layout's boxes honest
/// (the full name is in the node's accessible label).
const NAME_CHARS: usize = 20;
/// A press that moves less than this (CSS pixels) is a click, not a drag.
const DRAG_SLOP: f64 = 6.0;
/// How often (in frames) the loop asks again whether the person prefers reduced motion.
const MOTION_RECHECK_FRAMES: u32 = 30;

/// A node as the board labels it. Only what is drawn, so the picture does not re-render
/// when, say, an inbox count changes.
#[derive(Clone, Debug, PartialEq)]
struct NodeLabel {
    id: NodeId,
    kind: NodeKind,
    name: String,
    addr: Ipv4Addr,
    backbone_addr: Option<Ipv4Addr>,
}

#[derive(Clone, Debug, PartialEq)]
struct LanLabel {
    team: usize,
    name: String,
    lan: String,
}

/// A link as drawn: the line from one end to the other (see [`BoardLayout::route`]) and
/// whether it is a backbone link.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    path: Vec<(f64, f64)>,
    backbone: bool,
}

/// The drawn network: what to draw and where.
#[derive(Clone, Debug, PartialEq)]
struct Picture {
    layout: BoardLayout,
    nodes: Vec<NodeLabel>,
    lans: Vec<LanLabel>,
    links: Vec<Line>,
    /// Positions of nodes that are not drawn but reachable over the backbone (they map to
    /// the backbone anchor on a single team's board).
    offboard: Vec<NodeId>,
}

impl Picture {
    fn point(&self, id: NodeId) -> Option<(f64, f64)> {
        if let Some(p) = self.layout.position(id) {
            return Some((p.x, p.y));
        }
        if self.offboard.contains(&id) {
            return self.layout.backbone_anchor.map(|a| (a.x, a.y));
        }
        None
    }

    /// The line from `a` to `b` as drawn: the layout's route between two drawn nodes, a
    /// straight stub to the backbone anchor for a node off the board.
    fn path(&self, a: NodeId, b: NodeId) -> Option<Vec<(f64, f64)>> {
        match self.layout.route(a, b) {
            Some(line) => Some(line.into_iter().map(|p| (p.x, p.y)).collect()),
            None => Some(vec![self.point(a)?, self.point(b)?]),
        }
    }
}

/// The line of a link as drawn (see [`Picture::path`]), shared by the cards on it.
type LinkPath = Arc<[(f64, f64)]>;

/// A card with the line of its link on the board.
#[derive(Clone, Debug, PartialEq)]
struct PlacedCard {
    info: CardInfo,
    path: LinkPath,
    offset: f64,
}

impl PlacedCard {
    /// Identity of the drawn glyph: a card that moves on to its next link, or is released,
    /// is drawn afresh (its label and TTL may have changed).
    /// A language switch redraws it too (its words changed).
    fn key(&self) -> String {
        let i = &self.info;
        format!(
            "{} {} {} {} {} {} {}",
            i.id,
            i.depart.micros(),
            i.arrive.micros(),
            i.held,
            i.from.0,
            i.to.0,
            i.lang.code()
        )
    }

    /// Where the card is at `now` (board units) and its countdown while it waits.
    fn at(&self, now: tcpip_stack::time::Instant, reduced: bool) -> ((f64, f64), Option<u64>) {
        let p = self.info.progress(now, reduced);
        (along_path(&self.path, p.fraction, self.offset), p.countdown)
    }
}

fn translate((x, y): (f64, f64)) -> String {
    format!("translate({} {})", px(x), px(y))
}

/// The snapping grid of the board as last measured (see [`cards::snap_step`]).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Grid {
    step: f64,
}

impl Grid {
    /// The grid of a board not measured yet: as fine as the written `transform`, so no
    /// move is skipped.
    const FINE: Grid = Grid { step: MIN_STEP };

    /// Measures the drawn board. Reading its size right at the start of a frame, before
    /// anything is written, costs no extra layout.
    fn measure(svg: &web_sys::Element, view: (f64, f64)) -> Grid {
        let client = (
            f64::from(svg.client_width()),
            f64::from(svg.client_height()),
        );
        let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
        Grid {
            step: snap_step(client, view, dpr),
        }
    }
}

fn countdown_text(lang: Lang, c: Option<u64>) -> String {
    c.map(|s| match lang {
        Lang::En => format!("waits {s} s"),
        Lang::It => format!("attende {s} s"),
    })
    .unwrap_or_default()
}

/// A card's accessible name: its label and, while it waits, the countdown it shows, so
/// what a person sees on the card is part of what a screen reader says (WCAG 2.5.3).
fn card_name(lang: Lang, label: &str, c: Option<u64>) -> String {
    match c {
        Some(_) => format!("{label}, {}", countdown_text(lang, c)),
        None => label.to_string(),
    }
}

/// A card that fell off its link: drawn for [`FALL_MS`] where it was last seen.
#[derive(Clone, Debug, PartialEq)]
struct Ghost {
    id: u32,
    at: (f64, f64),
    badge: String,
    icmp: bool,
    label: String,
    lang: Lang,
    until_ms: f64,
}

/// The elements of a drawn card, for the animation loop.
struct Drawn {
    /// Which glyph registered this entry (see [`NEXT_GLYPH`]).
    serial: u64,
    el: web_sys::Element,
    wait: Option<web_sys::Element>,
    /// The card's label, to which a waiting card's countdown is added.
    label: String,
    /// The language of the label (and so of the countdown).
    lang: Lang,
    /// The grid cell the glyph is drawn in: the loop rewrites the `transform` only when a
    /// card changes cell (or the grid changes), so invisible moves cost nothing.
    cell: (i64, i64),
    grid: Grid,
    countdown: Option<u64>,
}

/// Numbers every card glyph ever drawn on this page, to tell a card's old glyph from
/// its new one.
static NEXT_GLYPH: AtomicU64 = AtomicU64::new(0);

/// Whether the person asked their system for less motion.
fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// The frame callback, shared with itself so it can ask for the next frame.
type FrameSlot = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

/// Runs `frame` on every animation frame until the calling owner is cleaned up.
///
/// On cleanup the loop is not cancelled but told to stop: its next frame drops the
/// closure itself, so nothing leaks and no disposed signal is read.
fn animate(mut frame: impl FnMut(f64) + 'static) {
    let alive = Arc::new(AtomicBool::new(true));
    let running = Arc::clone(&alive);
    let slot: FrameSlot = Rc::new(RefCell::new(None));
    let me = Rc::clone(&slot);
    *slot.borrow_mut() = Some(Closure::new(move |ts: f64| {
        if !running.load(Ordering::Relaxed) {
            let _ = me.borrow_mut().take();
            return;
        }
        frame(ts);
        if let (Some(w), Some(cb)) = (web_sys::window(), me.borrow().as_ref()) {
            let _ = w.request_animation_frame(cb.as_ref().unchecked_ref());
        }
    }));
    if let (Some(w), Some(cb)) = (web_sys::window(), slot.borrow().as_ref()) {
        let _ = w.request_animation_frame(cb.as_ref().unchecked_ref());
    }
    on_cleanup(move || alive.store(false, Ordering::Relaxed));
}

/// The colour class of team `i` (Okabe–Ito; the team's name is always written too).
fn team_class(i: usize) -> &'static str {
    [
        "team-0", "team-1", "team-2", "team-3", "team-4", "team-5", "team-6", "team-7",
    ][i % 8]
}

fn kind_letter(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Router => "R",
        NodeKind::Server => "S",
        NodeKind::Dns => "D",
        NodeKind::Balancer => "L",
        NodeKind::Client => "C",
    }
}

fn kind_word(kind: NodeKind, lang: Lang) -> &'static str {
    t(
        lang,
        match kind {
            NodeKind::Router => Key::KindRouterSwitch,
            NodeKind::Server => Key::KindTelnetServer,
            NodeKind::Dns => Key::KindDnsServer,
            NodeKind::Balancer => Key::KindBalancer,
            NodeKind::Client => Key::KindClient,
        },
    )
}

/// The network and the cards moving on it.
///
/// `team`: show only that team's LAN (a student's screen); `None` shows every team (the
/// instructor's or the projector's). `highlight`: the node the person plays, ringed and
/// marked "you".
#[component]
pub fn Board(
    #[prop(optional)] team: Option<usize>,
    #[prop(optional)] highlight: Option<NodeId>,
) -> impl IntoView {
    let game = use_game();
    // The team a person zoomed into from the tiles of the whole board (see `Tiles`).
    let zoomed = Slot::new(None::<usize>);
    let aspect = screen_aspect();

    let picture = Derived::new(move || {
        let team = team.or(zoomed.get());
        let aspect = aspect.get();
        game.with_world(|w| {
            let teams = w.teams();
            let shown: Vec<usize> = match team {
                Some(t) if t < teams.len() => vec![t],
                Some(_) => Vec::new(),
                None => (0..teams.len()).collect(),
            };
            let inputs: Vec<LanInput> = shown
                .iter()
                .filter_map(|t| teams.get(*t))
                .map(|t| LanInput {
                    router: t.router,
                    hosts: std::iter::once(t.server)
                        .chain(t.clients.iter().copied())
                        .collect(),
                })
                .collect();
            let single = team.is_some();
            let views = w.nodes();
            let has_backbone = single
                && inputs.first().is_some_and(|lan| {
                    views
                        .iter()
                        .any(|n| n.id == lan.router && n.backbone_addr.is_some())
                });
            let layout = layout(&inputs, has_backbone, aspect);
            let drawn: Vec<NodeId> = layout.nodes.iter().map(|n| n.id).collect();
            let offboard: Vec<NodeId> = if has_backbone {
                views
                    .iter()
                    .filter(|n| !drawn.contains(&n.id))
                    .map(|n| n.id)
                    .collect()
            } else {
                Vec::new()
            };
            let nodes = views
                .iter()
                .filter(|n| drawn.contains(&n.id))
                .map(|n| NodeLabel {
                    id: n.id,
                    kind: n.kind,
                    name: n.name.clone(),
                    addr: n.addr,
                    backbone_addr: n.backbone_addr,
                })
                .collect();
            let lans = shown
                .iter()
                .filter_map(|t| teams.get(*t))
                .map(|t| LanLabel {
                    team: t.index,
                    name: t.name.clone(),
                    lan: t.lan.to_string(),
                })
                .collect();
            let mut picture = Picture {
                layout,
                nodes,
                lans,
                links: Vec::new(),
                offboard,
            };
            let mut anchored = false;
            for l in w.links() {
                let (a, b) = (drawn.contains(&l.a), drawn.contains(&l.b));
                if !(a || b) {
                    continue;
                }
                if !(a && b) {
                    // One stub to the anchor is enough for all the other routers.
                    if anchored {
                        continue;
                    }
                    anchored = true;
                }
                if let Some(path) = picture.path(l.a, l.b) {
                    picture.links.push(Line {
                        path,
                        backbone: l.backbone,
                    });
                }
            }
            picture
        })
    });

    let locale = use_locale();
    let placed = Derived::new(move || {
        let lang = locale.get();
        let delay_and_flights =
            game.with_world(|w| (w.settings().link_delay, w.flights_at(w.now())));
        let Some((delay, mut flights)) = delay_and_flights else {
            return Vec::new();
        };
        if !game.sees_forgeries() {
            for f in &mut flights {
                f.forged = false;
            }
        }
        picture.with(|p| {
            let Some(p) = p else {
                return Vec::new();
            };
            // One line per link, shared by the cards on it (hundreds on a class's board).
            let mut lines: SortedMap<(NodeId, NodeId), LinkPath> = SortedMap::new();
            flights
                .iter()
                .filter_map(|f| {
                    let path = match lines.get(&(f.from, f.to)) {
                        Some(path) => Arc::clone(path),
                        None => {
                            let path: LinkPath = p.path(f.from, f.to)?.into();
                            lines.insert((f.from, f.to), Arc::clone(&path));
                            path
                        }
                    };
                    Some(PlacedCard {
                        info: CardInfo::from_flight(f, delay, lang),
                        path,
                        offset: if f.from < f.to {
                            LANE_OFFSET
                        } else {
                            -LANE_OFFSET
                        },
                    })
                })
                .collect()
        })
    });

    // By card id. The engine's sorted map rather than a HashMap: one kind of map in the
    // page instead of two (the bundle budget, docs/bundle.md), and a few hundred cards at most.
    let drawn: StoredValue<SortedMap<u32, Drawn>, LocalStorage> =
        StoredValue::new_local(SortedMap::new());
    let last_at: StoredValue<SortedMap<u32, (f64, f64)>, LocalStorage> =
        StoredValue::new_local(SortedMap::new());
    let ghosts = Slot::new(Vec::<Ghost>::new());
    let focused = Slot::new(None::<u32>);
    let panel_at = Slot::new((0.0f64, 0.0f64));
    let reduced = StoredValue::new(prefers_reduced_motion());
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    // Measured by the animation loop (`None` until the board is on the page).
    let grid = StoredValue::new(None::<Grid>);
    // The part of the board on screen (zoom buttons, dragging), and a drag under way: where
    // the pointer went down (CSS pixels), the window then, and whether it has moved yet.
    let window = Slot::new(ViewWindow::FIT);
    let drag = StoredValue::new(None::<((f64, f64), ViewWindow, bool)>);
    let set_window = move |w: ViewWindow| {
        window.set(w);
        // The snapping grid follows the scale on screen: measure it again.
        grid.set_value(None);
    };
    let board_size = move || {
        picture
            .try_with_untracked(|p| p.as_ref().map(|p| (p.layout.width, p.layout.height)))
            .flatten()
    };

    // Cards that left the board because they were lost become falling ghosts: `doomed`
    // says a card will fall off its link, `CardDropped` that it just did.
    Effect::new(move |previous: Option<Vec<PlacedCard>>| {
        let now = placed.get();
        if let Some(previous) = previous {
            let dropped: Vec<u32> = untrack(|| game.last_events())
                .iter()
                .filter_map(|e| match e.kind {
                    EventKind::CardDropped { card, .. } => Some(card.0),
                    _ => None,
                })
                .collect();
            let mut still = SortedMap::new();
            for c in &now {
                still.insert(c.info.id, ());
            }
            let fell: Vec<Ghost> = previous
                .iter()
                .filter(|c| !still.contains_key(&c.info.id))
                .filter(|c| c.info.doomed || dropped.contains(&c.info.id))
                .map(|c| Ghost {
                    id: c.info.id,
                    at: last_at
                        .with_value(|m| m.get(&c.info.id).copied())
                        .unwrap_or_else(|| along_path(&c.path, 0.9, c.offset)),
                    badge: c.info.badge.clone(),
                    icmp: c.info.icmp,
                    label: format!("{}, {}", c.info.label, t(c.info.lang, Key::CardDropped)),
                    lang: c.info.lang,
                    until_ms: wall_ms() + FALL_MS,
                })
                .collect();
            if !fell.is_empty() {
                ghosts.update(|g| {
                    g.retain(|x| !fell.iter().any(|f| f.id == x.id));
                    g.extend(fell);
                });
            }
            last_at.update_value(|m| m.retain(|id, _| still.contains_key(id)));
        }
        now
    });

    let frames = StoredValue::new(0u32);
    animate(move |ts| {
        let count = frames.try_update_value(|f| {
            *f = f.wrapping_add(1);
            *f
        });
        let recheck = count.is_some_and(|c| c % MOTION_RECHECK_FRAMES == 0);
        let beat = count.is_none_or(|c| c % SLOW_REDRAW_FRAMES == 0);
        if recheck {
            reduced.try_set_value(prefers_reduced_motion());
        }
        if recheck || grid.try_with_value(Option::is_none) == Some(true) {
            let zoom = window.try_with_untracked(|w| w.zoom).unwrap_or(1.0);
            let view = board_size().map(|(w, h)| (w / zoom, h / zoom));
            if let (Some(Some(svg)), Some(view)) = (svg_ref.try_get_untracked(), view) {
                grid.try_set_value(Some(Grid::measure(&svg, view)));
            }
        }
        let reduce = reduced.try_get_value().unwrap_or(false);
        let grid = grid.try_get_value().flatten().unwrap_or(Grid::FINE);
        let now = game.now_at(ts);
        placed.try_with_untracked(|cards| {
            drawn.try_update_value(|drawn| {
                last_at.try_update_value(|last| {
                    for c in cards {
                        let (at, countdown) = c.at(now, reduce);
                        last.insert(c.info.id, at);
                        let Some(d) = drawn.get_mut(&c.info.id) else {
                            continue;
                        };
                        let cell = snap(at, grid.step);
                        if d.grid != grid || redraw_now(d.cell, cell, beat) {
                            let transform = translate(cell_point(cell, grid.step));
                            let _ = d.el.set_attribute("transform", &transform);
                            d.cell = cell;
                            d.grid = grid;
                        }
                        if d.countdown != countdown {
                            d.countdown = countdown;
                            if let Some(w) = &d.wait {
                                w.set_text_content(Some(&countdown_text(d.lang, countdown)));
                            }
                            let _ = d.el.set_attribute(
                                "aria-label",
                                &card_name(d.lang, &d.label, countdown),
                            );
                        }
                    }
                });
            });
        });
        let expired = ghosts
            .try_with_untracked(|g| g.iter().any(|x| x.until_ms <= ts))
            .unwrap_or(false);
        if expired {
            ghosts.update(|g| g.retain(|x| x.until_ms > ts));
        }
    });

    let show_card = move |id: u32| {
        focused.set(Some(id));
        if let Some(at) = last_at.with_value(|m| m.get(&id).copied()) {
            panel_at.set(at);
        } else if let Some(g) = ghosts.with_untracked(|g| g.iter().find(|x| x.id == id).cloned()) {
            panel_at.set(g.at);
        }
    };
    let hide_card = move |id: u32| {
        if focused.get_untracked() == Some(id) {
            focused.set(None);
        }
    };

    let card_view = move |c: PlacedCard| {
        let id = c.info.id;
        let node_ref = NodeRef::<leptos::svg::G>::new();
        let (at, countdown) = c.at(game.now_at(wall_ms()), reduced.get_value());
        let grid = grid.get_value().unwrap_or(Grid::FINE);
        let cell = snap(at, grid.step);
        let transform = translate(cell_point(cell, grid.step));
        let serial = NEXT_GLYPH.fetch_add(1, Ordering::Relaxed);
        let label = c.info.label.clone();
        let lang = c.info.lang;
        node_ref.on_load(move |el| {
            let el: web_sys::Element = el.into();
            let wait = el.query_selector(".card-wait").ok().flatten();
            let _ = drawn.try_update_value(|d| {
                d.insert(
                    id,
                    Drawn {
                        serial,
                        el,
                        wait,
                        label: label.clone(),
                        lang,
                        cell,
                        grid,
                        countdown,
                    },
                );
            });
        });
        // The card may be drawn afresh (on its next link) before this glyph is removed:
        // only forget the entry if it is still this glyph's.
        on_cleanup(move || {
            let _ = drawn.try_update_value(|d| {
                if d.get(&id).is_some_and(|x| x.serial == serial) {
                    d.remove(&id);
                }
            });
        });
        let info = c.info;
        let class = format!(
            "card{}{}{}{}",
            if info.icmp { " card-icmp" } else { " card-tcp" },
            if info.forged { " card-forged" } else { "" },
            if info.held { " card-held" } else { "" },
            if info.wait.micros() > 0 {
                " card-delayed"
            } else {
                ""
            },
        );
        let shape = if info.icmp {
            view! {
                <path class="card-shape" d="M -26 -16 H 26 V 16 H -26 Z"></path>
                <path class="card-triangle" d="M -22 12 L -14 -2 L -6 12 Z"></path>
                <text class="card-badge" x="8" y="5">{info.badge.clone()}</text>
            }
            .into_any()
        } else {
            view! {
                <rect class="card-shape" x="-22" y="-15" width="44" height="30" rx="4"></rect>
                <text class="card-badge" x="0" y="6">{info.badge.clone()}</text>
            }
            .into_any()
        };
        view! {
            <g
                lang=info.lang.code()
                class=class
                data-card=id
                transform=transform
                tabindex="0"
                role="button"
                aria-label=card_name(info.lang, &info.label, countdown)
                aria-pressed=move || if focused.get() == Some(id) { "true" } else { "false" }
                node_ref=node_ref
                on:focus=move |_| show_card(id)
                on:blur=move |_| hide_card(id)
                on:mouseenter=move |_| show_card(id)
                on:mouseleave=move |_| hide_card(id)
                on:keydown=move |ev| match ev.key().as_str() {
                    "Enter" | " " => {
                        ev.prevent_default();
                        if focused.get_untracked() == Some(id) {
                            focused.set(None);
                        } else {
                            show_card(id);
                        }
                    }
                    "Escape" => focused.set(None),
                    _ => {}
                }
            >
                {shape}
                {info.forged.then(|| view! { <text class="card-note card-forged-text" y="30">{t(info.lang, Key::CardForged)}</text> })}
                {info.held.then(|| view! { <text class="card-note" y="30">{t(info.lang, Key::CardHeld)}</text> })}
                // Only a delayed card has a countdown to show (a class's board would
                // otherwise carry hundreds of empty texts).
                {(info.wait.micros() > 0).then(|| view! {
                    <text class="card-wait" y="-22">{countdown_text(info.lang, countdown)}</text>
                })}
            </g>
        }
    };

    let panel = move || {
        let id = focused.get()?;
        let info = placed.with(|cards| {
            cards
                .iter()
                .find(|c| c.info.id == id)
                .map(|c| c.info.clone())
        });
        let (title, fields, lang) = match info {
            Some(i) => (i.label, i.fields, i.lang),
            None => {
                let g = ghosts.with(|g| g.iter().find(|x| x.id == id).cloned())?;
                (g.label, Vec::new(), g.lang)
            }
        };
        let (x, y) = panel_at.get();
        let (w, h) = picture.with(|p| {
            p.as_ref()
                .map(|p| (p.layout.width, p.layout.height))
                .unwrap_or((1.0, 1.0))
        });
        let (vx, vy, vw, vh) = window.get().view_box(w, h);
        let left = ((x - vx) / vw * 100.0).clamp(0.0, 100.0);
        let top = ((y - vy) / vh * 100.0).clamp(0.0, 100.0);
        // Flip the panel to the other side of the card near the right or bottom edge.
        // Set property by property (the CSS object model): the page's Content-Security-Policy
        // refuses `style` attributes.
        let transform = format!(
            "translate({}, {})",
            if left > 60.0 {
                "calc(-100% - 1.5rem)"
            } else {
                "1.5rem"
            },
            if top > 60.0 { "-100%" } else { "0" },
        );
        Some(view! {
            <div
                class="card-flip"
                style:left=format!("{}%", Fixed(left, 2))
                style:top=format!("{}%", Fixed(top, 2))
                style:transform=transform
                id="board-card-fields"
                lang=lang.code()
            >
                <p class="card-flip-title">{title}</p>
                <dl>
                    {fields
                        .into_iter()
                        .map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> })
                        .collect_view()}
                </dl>
            </div>
        })
    };

    let board = move || {
        let lang = locale.get();
        let Some(p) = picture.get() else {
            return view! { <p class="board-empty">{t(lang, Key::BoardNoGame)}</p> }.into_any();
        };
        if p.lans.is_empty() {
            return view! { <p class="board-empty">{t(lang, Key::BoardTeamAbsent)}</p> }.into_any();
        }
        let (width, height) = (p.layout.width, p.layout.height);
        let view_box = move || {
            let (x, y, w, h) = window.get().view_box(width, height);
            format!(
                "{} {} {} {}",
                Fixed(x, 0),
                Fixed(y, 0),
                Fixed(w, 0),
                Fixed(h, 0)
            )
        };
        let tiled = p.layout.tiled;
        let teams: Vec<(String, String)> = p
            .lans
            .iter()
            .map(|l| (l.name.clone(), l.lan.clone()))
            .collect();
        let summary = board_summary(lang, &teams, p.nodes.len());
        let links = p
            .links
            .iter()
            .map(|Line { path, backbone }| {
                let points = path
                    .iter()
                    .map(|(x, y)| format!("{},{}", px(*x), px(*y)))
                    .collect::<Vec<_>>()
                    .join(" ");
                view! {
                    <polyline
                        class=if *backbone { "link link-backbone" } else { "link" }
                        points=points
                    ></polyline>
                }
            })
            .collect_view();
        let lans = p
            .layout
            .lans
            .iter()
            .filter_map(|placed| {
                let label = p.lans.get(placed.index)?.clone();
                let o = placed.outline;
                let hx = placed.heading.x + 12.0;
                let hy = placed.heading.y + placed.heading.h - 12.0;
                let heading = format!("{} · LAN {}", clip(&label.name, NAME_CHARS), label.lan);
                // WCAG 2.5.3: a tile's name starts with what it shows.
                let heading_name = heading.clone();
                let team = label.team;
                let outline = view! {
                    <rect class="lan-outline" x=px(o.x) y=px(o.y)
                        width=px(o.w) height=px(o.h) rx="18"></rect>
                    <text class="lan-heading" x=px(hx) y=px(hy)>{heading}</text>
                };
                // A tile of a class's board opens that team's own board (its LAN, large).
                Some(if tiled {
                    let open = move || {
                        if !drag.with_value(|d| d.is_some_and(|(_, _, moved)| moved)) {
                            zoomed.set(Some(team));
                        }
                    };
                    view! {
                        <g class=format!("lan lan-tile {}", team_class(team)) data-team=team
                            role="button" tabindex="0"
                            aria-label=format!("{heading_name}, {}", t(lang, Key::BoardZoomTeam))
                            on:click=move |_| open()
                            on:keydown=move |ev| {
                                if matches!(ev.key().as_str(), "Enter" | " ") {
                                    ev.prevent_default();
                                    zoomed.set(Some(team));
                                }
                            }
                        >
                            {outline}
                        </g>
                    }
                    .into_any()
                } else {
                    view! {
                        <g class=format!("lan {}", team_class(team)) data-team=team>{outline}</g>
                    }
                    .into_any()
                })
            })
            .collect_view();
        let nodes = p
            .layout
            .nodes
            .iter()
            .filter_map(|placed| {
                let n = p.nodes.iter().find(|n| n.id == placed.id)?.clone();
                let (x, y) = (placed.at.x, placed.at.y);
                let you = highlight == Some(n.id);
                let shape = match n.kind {
                    NodeKind::Router => view! {
                        <rect class="node-shape" x=px(x - NODE_R) y=px(y - NODE_R)
                            width=px(2.0 * NODE_R) height=px(2.0 * NODE_R) rx="6"></rect>
                    }.into_any(),
                    NodeKind::Server | NodeKind::Dns | NodeKind::Balancer => view! {
                        <rect class="node-shape" x=px(x - NODE_R * 0.8) y=px(y - NODE_R)
                            width=px(1.6 * NODE_R) height=px(2.0 * NODE_R) rx="3"></rect>
                    }.into_any(),
                    NodeKind::Client => view! {
                        <circle class="node-shape" cx=px(x) cy=px(y) r=px(NODE_R)></circle>
                    }.into_any(),
                };
                let label = format!(
                    "{} ({}), {}{}{}",
                    n.name,
                    kind_word(n.kind, lang),
                    n.addr,
                    n.backbone_addr
                        .map(|b| format!(", {} {b}", t(lang, Key::Backbone)))
                        .unwrap_or_default(),
                    if you { format!(", {}", t(lang, Key::YouPlayThisNode)) } else { String::new() },
                );
                // The words go where the layout found room (no link crosses them).
                let words = placed.words();
                let line = |i: f64| px(words.y + 15.0 + 18.0 * i);
                let (x_text, align) = match placed.label.align() {
                    0 => (x, ""),
                    a if a < 0 => (words.x, " label-start"),
                    _ => (words.right(), " label-end"),
                };
                Some(view! {
                    <g class=format!("node node-{}{}{}", kind_letter(n.kind).to_lowercase(), if you { " node-you" } else { "" }, align)
                        data-node=n.id.0 role="img" aria-label=label>
                        {you.then(|| view! {
                            <circle class="node-ring" cx=px(x) cy=px(y) r=px(NODE_R + 7.0)></circle>
                            <text class="node-you-text" x=px(x + NODE_R + 10.0) y=px(y - NODE_R)>{t(lang, Key::You)}</text>
                        })}
                        {shape}
                        <text class="node-kind" x=px(x) y=px(y + 6.0)>{kind_letter(n.kind)}</text>
                        <text class="node-name" x=px(x_text) y=line(0.0)>{clip(&n.name, NAME_CHARS)}</text>
                        <text class="node-addr" x=px(x_text) y=line(1.0)>{n.addr.to_string()}</text>
                        {n.backbone_addr.map(|b| view! {
                            <text class="node-addr node-backbone" x=px(x_text) y=line(2.0)>{format!("{} {b}", t(lang, Key::Backbone))}</text>
                        })}
                    </g>
                })
            })
            .collect_view();
        let anchor = p.layout.backbone_anchor.map(|a| {
            view! {
                <text class="backbone-anchor" x=px(a.x) y=px(a.y - 8.0)>
                    {t(lang, Key::BackboneAnchor)}
                </text>
            }
        });
        view! {
            <svg class=move || {
                    let zoomed = if window.get().is_fit() { "" } else { " board-zoomed" };
                    format!("board-svg{zoomed}{}", if tiled { " board-tiled" } else { "" })
                }
                viewBox=view_box preserveAspectRatio="xMidYMid meet"
                role="group" aria-label=summary node_ref=svg_ref
                on:pointerdown=move |ev| {
                    if ev.button() == 0 && !window.get_untracked().is_fit() {
                        let at = (f64::from(ev.client_x()), f64::from(ev.client_y()));
                        drag.set_value(Some((at, window.get_untracked(), false)));
                    }
                }
                on:pointermove=move |ev| {
                    let Some((start, from, _)) = drag.get_value() else { return };
                    let Some(svg) = svg_ref.get_untracked() else { return };
                    let (dx, dy) = (f64::from(ev.client_x()) - start.0, f64::from(ev.client_y()) - start.1);
                    if dx.abs() + dy.abs() < DRAG_SLOP {
                        return;
                    }
                    let (cw, ch) = (f64::from(svg.client_width()), f64::from(svg.client_height()));
                    let to = from.panned(-dx / cw.max(1.0) / from.zoom, -dy / ch.max(1.0) / from.zoom);
                    drag.set_value(Some((start, from, true)));
                    set_window(to);
                }
                on:pointerup=move |_| {
                    // A click that ends a drag must not open a tile: forget the drag after it.
                    let moved = drag.with_value(|d| d.is_some_and(|(_, _, m)| m));
                    if moved {
                        crate::dom::after(0, move || drag.set_value(None));
                    } else {
                        drag.set_value(None);
                    }
                }
                on:pointerleave=move |_| drag.set_value(None)
            >
                <g class="lans">{lans}</g>
                <g class="links">{links}</g>
                {anchor}
                <g class="nodes">{nodes}</g>
                <g class="cards">
                    {crate::keyed::keyed(move || {
                        placed.with(|cards| {
                            cards
                                .iter()
                                .map(|c| {
                                    let c = c.clone();
                                    crate::keyed::Row::new(c.key(), move || card_view(c.clone()))
                                })
                                .collect()
                        })
                    })}
                </g>
                <g class="ghosts">
                    {crate::keyed::keyed(move || {
                        ghosts
                            .get()
                            .into_iter()
                            .map(|g| crate::keyed::Row::new(g.id.to_string(), move || {
                                let id = g.id;
                                let lang = g.lang;
                                view! {
                                    <g lang=lang.code() class=if g.icmp { "ghost card card-icmp" } else { "ghost card card-tcp" }
                                        transform=translate(g.at) tabindex="0" role="button"
                                        aria-label=g.label.clone()
                                        on:focus=move |_| show_card(id) on:blur=move |_| hide_card(id)>
                                        <g class="ghost-fall">
                                            <rect class="card-shape" x="-22" y="-15" width="44" height="30" rx="4"></rect>
                                            <text class="card-badge" x="0" y="6">{g.badge.clone()}</text>
                                            <text class="card-note card-dropped-text" y="30">{t(lang, Key::CardDropped)}</text>
                                        </g>
                                    </g>
                                }
                            }))
                            .collect()
                    })}
                </g>
            </svg>
        }
        .into_any()
    };

    // Back from a team's board to the whole class, to the whole board fitted.
    Effect::new(move |_| {
        zoomed.track();
        set_window(ViewWindow::FIT);
    });
    let tr = move |key| locale.text(key);
    let back = move || {
        let shown = zoomed.get()?;
        let name = game
            .with_world(|w| w.teams().get(shown).map(|t| t.name.clone()))
            .flatten()
            .unwrap_or_default();
        Some(view! {
            <div class="board-zoomed-team">
                <button type="button" class="board-back" on:click=move |_| zoomed.set(None)>
                    {tr(Key::BoardBackToAll)}
                </button>
                <span class="board-team-name">{name}</span>
            </div>
        })
    };
    let zoom_by = move |by: f64| set_window(window.get_untracked().zoomed(by));
    view! {
        <section class="board" aria-label=locale.text(Key::BoardLabel)>
            <div class="board-bar">
            {back}
            <div class="board-tools" role="toolbar" aria-label=tr(Key::BoardZoomLabel)>
                <button type="button" on:click=move |_| zoom_by(ZOOM_STEP)
                    disabled=move || { window.get().zoom >= MAX_ZOOM }>
                    {tr(Key::BoardZoomIn)}
                </button>
                <button type="button" on:click=move |_| zoom_by(1.0 / ZOOM_STEP)
                    disabled=move || { window.get().is_fit() }>
                    {tr(Key::BoardZoomOut)}
                </button>
                <button type="button" on:click=move |_| set_window(ViewWindow::FIT)
                    disabled=move || { window.get().is_fit() }>
                    {tr(Key::BoardFit)}
                </button>
            </div>
            </div>
            <div class="board-stage">
                {board}
                {panel}
            </div>
            <Legend />
        </section>
    }
}

/// What the glyphs of the board mean (shapes and colours are always also written).
#[component]
fn Legend() -> impl IntoView {
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    view! {
        <ul class="board-legend" aria-label=tr(Key::LegendLabel)>
            <li>
                <svg viewBox="-30 -20 60 40" class="legend-glyph" aria-hidden="true">
                    <g class="card card-tcp">
                        <rect class="card-shape" x="-22" y="-15" width="44" height="30" rx="4"></rect>
                        <text class="card-badge" x="0" y="6">"S."</text>
                    </g>
                </svg>
                {tr(Key::LegendTcp)}
            </li>
            <li>
                <svg viewBox="-30 -20 60 40" class="legend-glyph" aria-hidden="true">
                    <g class="card card-icmp">
                        <path class="card-shape" d="M -26 -16 H 26 V 16 H -26 Z"></path>
                        <path class="card-triangle" d="M -22 12 L -14 -2 L -6 12 Z"></path>
                        <text class="card-badge" x="8" y="5">"ICMP"</text>
                    </g>
                </svg>
                {tr(Key::LegendIcmp)}
            </li>
            <li>
                <svg viewBox="-30 -20 60 54" class="legend-glyph" aria-hidden="true">
                    <g class="card card-tcp card-forged">
                        <rect class="card-shape" x="-22" y="-15" width="44" height="30" rx="4"></rect>
                        <text class="card-badge" x="0" y="6">"R"</text>
                        <text class="card-note card-forged-text" y="30">{tr(Key::CardForged)}</text>
                    </g>
                </svg>
                {tr(Key::LegendForged)}
            </li>
            <li>
                <span class="legend-word">{move || countdown_text(locale.get(), Some(3))}</span>
                {tr(Key::LegendDelayed)}
            </li>
            <li>
                <span class="legend-word">{tr(Key::CardHeld)}</span>
                {tr(Key::LegendHeld)}
            </li>
            <li>
                <span class="legend-word">{tr(Key::CardDropped)}</span>
                {tr(Key::LegendDropped)}
            </li>
            <li>
                <span class="legend-word">"R · S · C"</span>
                {tr(Key::LegendNodes)}
            </li>
        </ul>
    }
}
