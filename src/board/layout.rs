//! Where every node of the board goes: a pure function of the teams, so the same scenario
//! always gives the same picture and the geometry can be tested without a browser.
//!
//! Each team's LAN is drawn around its router/switch, with the server and the clients on a
//! fan that opens *away* from the middle of the board; the routers sit on a ring around the
//! middle, where the backbone links them. The ring is grown until no two LANs (nodes,
//! labels and the team heading) touch, so any number of teams fits without overlaps; the
//! SVG's viewBox then scales the whole picture to its container.

use std::f64::consts::PI;

use tcpip_stack::world::NodeId;

/// Radius of a node's circle.
pub const NODE_R: f64 = 22.0;
/// Space a host takes: its circle and, under it, two lines (name, address).
pub const HOST_W: f64 = 176.0;
pub const HOST_H: f64 = 86.0;
/// A router also shows its backbone address: three lines.
pub const ROUTER_W: f64 = 196.0;
pub const ROUTER_H: f64 = 106.0;
/// The team heading ("Red · 10.0.1.0/24") above each LAN.
pub const HEADING_H: f64 = 40.0;
pub const HEADING_W: f64 = 260.0;
/// Empty space kept around a LAN's nodes, between LANs and around the board.
const LAN_PAD: f64 = 14.0;
const LAN_GAP: f64 = 36.0;
const MARGIN: f64 = 24.0;
/// Smallest distance from a router to its hosts, and the widest fan of hosts.
const MIN_FAN_RADIUS: f64 = 210.0;
const MAX_STEP: f64 = PI / 3.0;
const MAX_SPAN: f64 = 210.0 * PI / 180.0;
/// Where the backbone stub goes when only one team is shown.
const ANCHOR_GAP: f64 = 46.0;

/// Sine and cosine: in the page, the browser's own `Math`, which spares the bundle libm's
/// argument reduction (about 3 KB gzipped, issue 4); in native builds (the layout's tests),
/// the standard library's. The layout only needs them to place nodes on a circle.
#[cfg(target_arch = "wasm32")]
mod trig {
    use wasm_bindgen::prelude::wasm_bindgen;

    #[wasm_bindgen(js_namespace = Math)]
    extern "C" {
        pub fn sin(x: f64) -> f64;
        pub fn cos(x: f64) -> f64;
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod trig {
    pub fn sin(x: f64) -> f64 {
        x.sin()
    }
    pub fn cos(x: f64) -> f64 {
        x.cos()
    }
}

/// A board number as SVG/CSS text with `.1` decimals (0 to 3), rounded half away from
/// zero: `Fixed(12.345, 1)` is "12.3", `Fixed(-0.04, 1)` is "0.0" (no minus sign on zero).
///
/// Written by hand because the board never needs more than two decimals, and Rust's general
/// float formatter (`{:.1}`) adds about 5 KB gzipped to the page (issue 4's bundle budget).
/// A number that is not finite is written as 0, which keeps a broken layout drawable.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fixed(pub f64, pub u8);

impl std::fmt::Display for Fixed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let places = usize::from(self.1.min(3));
        let scale = [1_u64, 10, 100, 1000][places];
        let v = if self.0.is_finite() { self.0 } else { 0.0 };
        // `as` saturates, so a huge number cannot overflow; board numbers stay far below.
        let units = (v.abs() * scale as f64 + 0.5).floor() as u64;
        if v < 0.0 && units != 0 {
            f.write_str("-")?;
        }
        write!(f, "{}", units / scale)?;
        if places > 0 {
            write!(f, ".{:0places$}", units % scale)?;
        }
        Ok(())
    }
}

/// A board coordinate with one decimal, as the SVG attributes take it.
pub fn px(v: impl Into<f64>) -> String {
    Fixed(v.into(), 1).to_string()
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub const fn new(x: f64, y: f64) -> Point {
        Point { x, y }
    }
}

/// An axis-aligned rectangle (top-left corner and size).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// Whether the two rectangles share any area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }

    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
    }

    fn union(&self, other: &Rect) -> Rect {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        Rect {
            x,
            y,
            w: self.right().max(other.right()) - x,
            h: self.bottom().max(other.bottom()) - y,
        }
    }

    fn grow(&self, by: f64) -> Rect {
        Rect {
            x: self.x - by,
            y: self.y - by,
            w: self.w + 2.0 * by,
            h: self.h + 2.0 * by,
        }
    }

    fn shift(&self, dx: f64, dy: f64) -> Rect {
        Rect {
            x: self.x + dx,
            y: self.y + dy,
            ..*self
        }
    }
}

/// One LAN to draw: its router/switch and its hosts (server first, then clients).
#[derive(Clone, Debug, PartialEq)]
pub struct LanInput {
    pub router: NodeId,
    pub hosts: Vec<NodeId>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlacedNode {
    pub id: NodeId,
    pub at: Point,
    pub router: bool,
}

impl PlacedNode {
    /// The space the node and its labels take (labels are centred under the circle).
    pub fn bounds(&self) -> Rect {
        let (w, h) = if self.router {
            (ROUTER_W, ROUTER_H)
        } else {
            (HOST_W, HOST_H)
        };
        Rect {
            x: self.at.x - w / 2.0,
            y: self.at.y - NODE_R,
            w,
            h,
        }
    }
}

/// A LAN as drawn: its outline (around its nodes) and its heading above the outline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlacedLan {
    /// Index into the input LANs.
    pub index: usize,
    pub outline: Rect,
    pub heading: Rect,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BoardLayout {
    pub width: f64,
    pub height: f64,
    pub nodes: Vec<PlacedNode>,
    pub lans: Vec<PlacedLan>,
    /// Where backbone links to routers that are not drawn end (single-team view).
    pub backbone_anchor: Option<Point>,
}

impl BoardLayout {
    pub fn position(&self, id: NodeId) -> Option<Point> {
        self.nodes.iter().find(|n| n.id == id).map(|n| n.at)
    }
}

/// A LAN laid out with its router at the origin, hosts fanning out towards `angle`.
struct LocalLan {
    nodes: Vec<PlacedNode>,
    outline: Rect,
    heading: Rect,
}

impl LocalLan {
    fn extent(&self) -> Rect {
        self.outline.union(&self.heading)
    }
}

/// Angle between neighbouring hosts and the fan radius that keeps their boxes apart.
fn fan(hosts: usize) -> (f64, f64) {
    if hosts < 2 {
        return (0.0, MIN_FAN_RADIUS);
    }
    let step = MAX_STEP.min(MAX_SPAN / (hosts - 1) as f64);
    // Two neighbours at least a box diagonal apart can never overlap, whatever the angle.
    let diagonal = HOST_W.hypot(HOST_H);
    let radius = MIN_FAN_RADIUS.max(diagonal / (2.0 * trig::sin(step / 2.0)));
    (step, radius)
}

fn local_lan(lan: &LanInput, angle: f64) -> LocalLan {
    let (step, mut radius) = fan(lan.hosts.len());
    let mid = (lan.hosts.len().saturating_sub(1)) as f64 / 2.0;
    let place = |radius: f64| {
        let mut nodes = vec![PlacedNode {
            id: lan.router,
            at: Point::new(0.0, 0.0),
            router: true,
        }];
        for (i, id) in lan.hosts.iter().enumerate() {
            let a = angle + (i as f64 - mid) * step;
            nodes.push(PlacedNode {
                id: *id,
                at: Point::new(radius * trig::cos(a), radius * trig::sin(a)),
                router: false,
            });
        }
        nodes
    };
    // Hosts beside the router can still touch its wider, taller label box: push the fan
    // out until nothing touches (the fan's own spacing already keeps hosts apart).
    let mut nodes = place(radius);
    for _ in 0..1_000 {
        let router = nodes[0].bounds();
        if nodes[1..].iter().all(|h| !h.bounds().overlaps(&router)) {
            break;
        }
        radius += 5.0;
        nodes = place(radius);
    }
    let mut outline = nodes[0].bounds();
    for n in &nodes[1..] {
        outline = outline.union(&n.bounds());
    }
    let outline = outline.grow(LAN_PAD);
    let heading = Rect {
        x: outline.x,
        y: outline.y - HEADING_H,
        w: outline.w.max(HEADING_W),
        // A hair short, so rounding never makes the heading touch its own outline.
        h: HEADING_H - 2.0,
    };
    LocalLan {
        nodes,
        outline,
        heading,
    }
}

/// Direction in which LAN `i` of `n` lies from the middle (and its hosts fan out): the
/// first team on the left, then round the ring; a lone LAN fans downwards under its router.
fn direction(i: usize, n: usize) -> f64 {
    if n == 1 {
        PI / 2.0
    } else {
        PI - 2.0 * PI * i as f64 / n as f64
    }
}

/// Lays out the board. `backbone_anchor`: also place the end point of backbone links that
/// leave the board (a student's screen shows only their own LAN).
pub fn layout(lans: &[LanInput], backbone_anchor: bool) -> BoardLayout {
    let n = lans.len();
    let locals: Vec<LocalLan> = lans
        .iter()
        .enumerate()
        .map(|(i, lan)| local_lan(lan, direction(i, n)))
        .collect();
    let centre = |i: usize, ring: f64| {
        let a = direction(i, n);
        Point::new(ring * trig::cos(a), ring * trig::sin(a))
    };
    // Grow the ring until no two LANs touch. Every pair separates as the ring grows (their
    // directions differ), so this ends; the bound only guards against a bug.
    let mut ring = 0.0;
    for _ in 0..10_000 {
        let placed: Vec<Rect> = (0..n)
            .map(|i| {
                let c = centre(i, ring);
                locals[i].extent().grow(LAN_GAP / 2.0).shift(c.x, c.y)
            })
            .collect();
        let clear = placed
            .iter()
            .enumerate()
            .all(|(i, a)| placed[i + 1..].iter().all(|b| !a.overlaps(b)));
        if clear {
            break;
        }
        ring += 10.0;
    }
    let mut nodes = Vec::new();
    let mut placed_lans = Vec::new();
    let mut bounds: Option<Rect> = None;
    for (i, local) in locals.iter().enumerate() {
        let c = centre(i, ring);
        for node in &local.nodes {
            nodes.push(PlacedNode {
                at: Point::new(node.at.x + c.x, node.at.y + c.y),
                ..*node
            });
        }
        let lan = PlacedLan {
            index: i,
            outline: local.outline.shift(c.x, c.y),
            heading: local.heading.shift(c.x, c.y),
        };
        let extent = lan.outline.union(&lan.heading);
        bounds = Some(bounds.map_or(extent, |b| b.union(&extent)));
        placed_lans.push(lan);
    }
    let mut anchor = None;
    if backbone_anchor && let (Some(b), Some(router)) = (bounds, nodes.first()) {
        let at = Point::new(router.at.x, b.y - ANCHOR_GAP);
        bounds = Some(b.union(&Rect {
            x: at.x - HEADING_W / 2.0,
            y: at.y - HEADING_H / 2.0,
            w: HEADING_W,
            h: HEADING_H,
        }));
        anchor = Some(at);
    }
    let b = bounds.unwrap_or(Rect {
        x: 0.0,
        y: 0.0,
        w: HEADING_W,
        h: HEADING_H,
    });
    let (dx, dy) = (MARGIN - b.x, MARGIN - b.y);
    for node in &mut nodes {
        node.at = Point::new(node.at.x + dx, node.at.y + dy);
    }
    for lan in &mut placed_lans {
        lan.outline = lan.outline.shift(dx, dy);
        lan.heading = lan.heading.shift(dx, dy);
    }
    BoardLayout {
        width: b.w + 2.0 * MARGIN,
        height: b.h + 2.0 * MARGIN,
        nodes,
        lans: placed_lans,
        backbone_anchor: anchor.map(|a| Point::new(a.x + dx, a.y + dy)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_writes_rounded_decimals_like_the_svg_needs() {
        let cases = [
            (12.345, 1, "12.3"),
            (12.35, 0, "12"),
            (0.05, 1, "0.1"),
            (-0.04, 1, "0.0"),
            (-3.26, 1, "-3.3"),
            (99.999, 2, "100.00"),
            (7.0, 2, "7.00"),
            (1234.5, 0, "1235"),
            (f64::NAN, 1, "0.0"),
            (f64::INFINITY, 2, "0.00"),
        ];
        for (v, places, text) in cases {
            assert_eq!(
                Fixed(v, places).to_string(),
                text,
                "{v} with {places} places"
            );
        }
        assert_eq!(px(41.25), "41.3");
    }

    fn lans(teams: usize, clients: usize) -> Vec<LanInput> {
        let per = 2 + clients;
        (0..teams)
            .map(|t| {
                let base = u16::try_from(t * per).unwrap();
                LanInput {
                    router: NodeId(base),
                    hosts: (1..=u16::try_from(clients + 1).unwrap())
                        .map(|h| NodeId(base + h))
                        .collect(),
                }
            })
            .collect()
    }

    fn every_case() -> impl Iterator<Item = (usize, usize, bool)> {
        (1..=8).flat_map(|t| (0..=6).flat_map(move |c| [(t, c, false), (t, c, true)]))
    }

    /// Issue 4: the board must stay readable: no node (with its labels) covers another.
    #[test]
    fn no_two_nodes_overlap_for_one_to_eight_teams() {
        for (teams, clients, anchor) in every_case() {
            let l = layout(&lans(teams, clients), anchor);
            assert_eq!(l.nodes.len(), teams * (clients + 2));
            for (i, a) in l.nodes.iter().enumerate() {
                for b in &l.nodes[i + 1..] {
                    assert!(
                        !a.bounds().overlaps(&b.bounds()),
                        "{teams} teams, {clients} clients: {:?} overlaps {:?}",
                        a,
                        b
                    );
                }
            }
        }
    }

    /// The team heading and the LAN outline never run into another LAN.
    #[test]
    fn lans_and_headings_are_apart() {
        for (teams, clients, anchor) in every_case() {
            let l = layout(&lans(teams, clients), anchor);
            assert_eq!(l.lans.len(), teams);
            for (i, a) in l.lans.iter().enumerate() {
                assert!(!a.heading.overlaps(&a.outline));
                for n in &l.nodes {
                    assert!(!a.heading.overlaps(&n.bounds()), "heading over {n:?}");
                }
                for b in &l.lans[i + 1..] {
                    assert!(!a.outline.overlaps(&b.outline));
                    assert!(!a.heading.overlaps(&b.outline));
                    assert!(!a.outline.overlaps(&b.heading));
                    assert!(!a.heading.overlaps(&b.heading));
                }
            }
        }
    }

    /// Everything drawn is inside the viewBox, so scaling to the container never clips.
    #[test]
    fn everything_is_inside_the_view_box() {
        for (teams, clients, anchor) in every_case() {
            let l = layout(&lans(teams, clients), anchor);
            let view = Rect {
                x: 0.0,
                y: 0.0,
                w: l.width,
                h: l.height,
            };
            assert!(l.width.is_finite() && l.height.is_finite());
            for n in &l.nodes {
                assert!(view.contains(&n.bounds()), "{n:?} outside {view:?}");
                assert!(n.bounds().contains(&Rect {
                    x: n.at.x - NODE_R,
                    y: n.at.y - NODE_R,
                    w: 2.0 * NODE_R,
                    h: 2.0 * NODE_R
                }));
            }
            for lan in &l.lans {
                assert!(view.contains(&lan.outline) && view.contains(&lan.heading));
                for n in &l.nodes {
                    // Each node is inside the outline of exactly one LAN.
                    let inside = l.lans.iter().filter(|x| x.outline.contains(&n.bounds()));
                    assert_eq!(inside.count(), 1, "{n:?}");
                }
            }
            match (anchor, l.backbone_anchor) {
                (true, Some(a)) => {
                    assert!(a.x > 0.0 && a.x < l.width && a.y > 0.0 && a.y < l.height);
                    assert!(l.nodes.iter().all(|n| a.y < n.bounds().y));
                }
                (false, None) => {}
                other => panic!("anchor asked {anchor}, got {other:?}"),
            }
        }
    }

    #[test]
    fn the_same_teams_give_the_same_picture() {
        let a = layout(&lans(3, 2), false);
        assert_eq!(a, layout(&lans(3, 2), false));
        assert_eq!(a.position(NodeId(0)), Some(a.nodes[0].at));
        assert_eq!(a.position(NodeId(999)), None);
    }

    /// An empty board (no game yet) still has a drawable size.
    #[test]
    fn no_teams_is_an_empty_board() {
        let l = layout(&[], true);
        assert!(l.nodes.is_empty() && l.width > 0.0 && l.height > 0.0);
        assert_eq!(l.backbone_anchor, None);
    }
}
