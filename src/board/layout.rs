//! Where every node of the board goes: a pure function of the teams, so the same scenario
//! always gives the same picture and the geometry can be tested without a browser.
//!
//! Each team's LAN is drawn around its router/switch, with the server and the clients on a
//! fan that opens *away* from the middle of the board; the routers sit on a ring around the
//! middle, where the backbone links them. The ring is grown until no two LANs (nodes,
//! labels and the team heading) touch, so any number of teams fits without overlaps; the
//! SVG's viewBox then scales the whole picture to its container.
//!
//! A ring of more than [`RING_MAX_TEAMS`] LANs grows too wide to read (a class of 25–50
//! teams), so from there on every LAN is a tile of one size in a grid ([`tiles`]): the
//! router at the top left with its labels to its right, the server and the clients in a
//! column below, each labelled to its right; a LAN's links run down a trunk left of its
//! hosts, and the backbone runs only in the gutters between tiles. Labels sit inside tiles
//! and links either inside a tile's left strip or in the gutters, so no link ever crosses a
//! label ([`BoardLayout::route`]).

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
/// Up to this many LANs go round the ring; more are drawn as tiles in a grid.
pub const RING_MAX_TEAMS: usize = 8;
/// A tile's host column: how far right of the router's trunk, and the step between hosts.
const TILE_HOST_DX: f64 = 60.0;
const TILE_HOST_DY: f64 = 58.0;
/// From the router down to the first host (the router's three label lines fit in between).
const TILE_FIRST_HOST: f64 = 72.0;
/// A tile's width: the host column, its labels and the padding (the heading fits too).
const TILE_W: f64 = LAN_PAD + 2.0 * NODE_R + 6.0 + TILE_HOST_DX + NODE_R + 6.0 + HOST_W + LAN_PAD;
/// The gap between a node's circle and its words.
const LABEL_GAP: f64 = 6.0;
/// How far a backbone link is followed when a router's words are placed (beyond, it is in
/// the open middle of the ring).
const SPOKE_REACH: f64 = 2_000.0;

/// Sine and cosine: in the page, the browser's own `Math`, which spares the bundle libm's
/// argument reduction (about 3 KB gzipped); in native builds (the layout's tests),
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
/// float formatter (`{:.1}`) adds about 5 KB gzipped to the page (the bundle budget, docs/bundle.md).
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

/// Where a node's words (name, address, backbone address) are written: the side of it no
/// link leaves by (see [`PlacedNode::words`]). Under it when nothing is in the way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelSide {
    Below,
    Right,
    Left,
    Above,
    /// Off a corner: the words start [`CORNER`] right of and below the node's centre, so
    /// only links leaving between about 4° and 72° below the horizontal cross them.
    BelowRight,
    BelowLeft,
    AboveRight,
    AboveLeft,
}

/// How far from a node's centre the words written off one of its corners begin.
const CORNER: (f64, f64) = (24.0, 14.0);

impl LabelSide {
    /// In order of preference.
    const ALL: [LabelSide; 8] = [
        LabelSide::Below,
        LabelSide::Right,
        LabelSide::Left,
        LabelSide::Above,
        LabelSide::BelowRight,
        LabelSide::BelowLeft,
        LabelSide::AboveRight,
        LabelSide::AboveLeft,
    ];

    /// How the words line up: -1 from their left edge, 0 centred, 1 to their right edge.
    pub fn align(self) -> i8 {
        match self {
            LabelSide::Below | LabelSide::Above => 0,
            LabelSide::Right | LabelSide::BelowRight | LabelSide::AboveRight => -1,
            LabelSide::Left | LabelSide::BelowLeft | LabelSide::AboveLeft => 1,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlacedNode {
    pub id: NodeId,
    pub at: Point,
    pub router: bool,
    pub label: LabelSide,
}

impl PlacedNode {
    /// Where the node's words are written (its circle not included: links end there).
    pub fn words(&self) -> Rect {
        let (w, h) = if self.router {
            (ROUTER_W, ROUTER_H - 2.0 * NODE_R - 2.0)
        } else {
            (HOST_W, HOST_H - 2.0 * NODE_R - 2.0)
        };
        let (x, y) = (self.at.x, self.at.y);
        let (cx, cy) = CORNER;
        let (x, y) = match self.label {
            LabelSide::Below => (x - w / 2.0, y + NODE_R + 2.0),
            LabelSide::Above => (x - w / 2.0, y - NODE_R - 2.0 - h),
            LabelSide::Right => (x + NODE_R + LABEL_GAP, y - NODE_R),
            LabelSide::Left => (x - NODE_R - LABEL_GAP - w, y - NODE_R),
            LabelSide::BelowRight => (x + cx, y + cy),
            LabelSide::BelowLeft => (x - cx - w, y + cy),
            LabelSide::AboveRight => (x + cx, y - cy - h),
            LabelSide::AboveLeft => (x - cx - w, y - cy - h),
        };
        Rect { x, y, w, h }
    }

    /// The space the node and its words take.
    pub fn bounds(&self) -> Rect {
        let circle = Rect {
            x: self.at.x - NODE_R,
            y: self.at.y - NODE_R,
            w: 2.0 * NODE_R,
            h: 2.0 * NODE_R,
        };
        circle.union(&self.words())
    }

    /// The same node with its words on `side`.
    fn with_label(self, side: LabelSide) -> PlacedNode {
        PlacedNode {
            label: side,
            ..self
        }
    }
}

/// Whether the segment from `a` to `b` passes through the inside of `r` (Liang–Barsky
/// clipping; touching an edge does not count).
pub fn crosses(a: Point, b: Point, r: &Rect) -> bool {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, a.x - r.x),
        (dx, r.right() - a.x),
        (-dy, a.y - r.y),
        (dy, r.bottom() - a.y),
    ] {
        if p == 0.0 {
            if q <= 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t1 - t0 > 1e-9
}

/// The side of `node` whose words the `lines` cross least (each line counts its weight;
/// the first such side in [`LabelSide::ALL`]), among the sides `allowed` accepts.
fn best_side(
    node: PlacedNode,
    lines: &[(Point, Point, usize)],
    allowed: impl Fn(&PlacedNode) -> bool,
) -> LabelSide {
    let crossings = |side: LabelSide| {
        let words = node.with_label(side).words();
        lines
            .iter()
            .filter(|(a, b, _)| crosses(*a, *b, &words))
            .map(|l| l.2)
            .sum::<usize>()
    };
    LabelSide::ALL
        .into_iter()
        .filter(|side| *side == LabelSide::Below || allowed(&node.with_label(*side)))
        .min_by_key(|side| crossings(*side))
        .unwrap_or(LabelSide::Below)
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
    /// Every LAN is a tile of a grid (many teams), its heading inside its outline.
    pub tiled: bool,
    /// The middle of the ring, where the backbone links meet (two LANs or more).
    pub hub: Option<Point>,
}

impl BoardLayout {
    pub fn position(&self, id: NodeId) -> Option<Point> {
        self.placed(id).map(|n| n.at)
    }

    fn placed(&self, id: NodeId) -> Option<&PlacedNode> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// The tile (outline) of the LAN whose nodes include `node`.
    fn tile_of(&self, node: &PlacedNode) -> Option<Rect> {
        let b = node.bounds();
        self.lans.iter().map(|l| l.outline).find(|o| o.contains(&b))
    }

    /// The line a link between `a` and `b` is drawn along (and its cards move along), from
    /// `a` to `b`. On the ring, straight. On tiles: a LAN link goes down its router's trunk
    /// and right to the host; a backbone link leaves its router to the left, into the
    /// gutter left of its tile, runs along the gutters (up or down that one, across the
    /// gutter above the other router's row, down the gutter left of its tile) and enters
    /// the other router from the left. Gutters hold no label, so no link crosses one.
    /// `None` if either end is not drawn.
    pub fn route(&self, a: NodeId, b: NodeId) -> Option<Vec<Point>> {
        let (na, nb) = (self.placed(a)?, self.placed(b)?);
        if !self.tiled {
            // On the ring, routers reach each other through the middle: each router has
            // one spoke, which its words avoid, instead of a line to every other router.
            return Some(match self.hub {
                Some(hub) if na.router && nb.router => vec![na.at, hub, nb.at],
                _ => vec![na.at, nb.at],
            });
        }
        let (ta, tb) = (self.tile_of(na)?, self.tile_of(nb)?);
        if ta == tb {
            // Router and host of one LAN: the trunk is the router's x.
            let (r, h) = if na.router { (na, nb) } else { (nb, na) };
            let mut line = vec![r.at, Point::new(r.at.x, h.at.y), h.at];
            if !na.router {
                line.reverse();
            }
            return Some(line);
        }
        let gap = LAN_GAP / 2.0;
        let (ga, gb) = (ta.x - gap, tb.x - gap);
        let across = tb.y - gap;
        Some(vec![
            na.at,
            Point::new(ga, na.at.y),
            Point::new(ga, across),
            Point::new(gb, across),
            Point::new(gb, nb.at.y),
            nb.at,
        ])
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

/// A LAN round its router, hosts fanning towards `angle`; `spoke`, the direction its
/// backbone link leaves the router by (towards the middle, or the anchor), if any. Words go
/// on the side of each node that the LAN's links and the spoke leave free.
fn local_lan(lan: &LanInput, angle: f64, spoke: Option<f64>) -> LocalLan {
    let (step, mut radius) = fan(lan.hosts.len());
    let mid = (lan.hosts.len().saturating_sub(1)) as f64 / 2.0;
    let place = |radius: f64| {
        let mut nodes = vec![PlacedNode {
            id: lan.router,
            at: Point::new(0.0, 0.0),
            router: true,
            label: LabelSide::Below,
        }];
        for (i, id) in lan.hosts.iter().enumerate() {
            let a = angle + (i as f64 - mid) * step;
            nodes.push(PlacedNode {
                id: *id,
                at: Point::new(radius * trig::cos(a), radius * trig::sin(a)),
                router: false,
                label: LabelSide::Below,
            });
        }
        nodes
    };
    // The router's words: where neither its links to its hosts nor its spoke go (the
    // directions do not change as the fan is pushed out). A fan of seven hosts or more
    // leaves no side free: the words then keep off the backbone, which crosses the board.
    let origin = Point::new(0.0, 0.0);
    let far = |a: f64| Point::new(SPOKE_REACH * trig::cos(a), SPOKE_REACH * trig::sin(a));
    let mut rays: Vec<(Point, Point, usize)> = (0..lan.hosts.len())
        .map(|i| (origin, far(angle + (i as f64 - mid) * step), 1))
        .collect();
    rays.extend(spoke.map(|a| (origin, far(a), lan.hosts.len() + 1)));
    let router_side = best_side(place(radius)[0], &rays, |_| true);
    let place = |radius: f64| {
        let mut nodes = place(radius);
        nodes[0].label = router_side;
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
    // A host's words move off a link that crosses them, where they touch no other node.
    let lines: Vec<(Point, Point, usize)> = nodes[1..].iter().map(|h| (origin, h.at, 1)).collect();
    for i in 1..nodes.len() {
        let others: Vec<Rect> = nodes
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, n)| n.bounds())
            .collect();
        let side = best_side(nodes[i], &lines, |n| {
            others.iter().all(|o| !o.overlaps(&n.bounds()))
        });
        nodes[i].label = side;
    }
    let mut outline = nodes[0].bounds();
    for n in &nodes[1..] {
        outline = outline.union(&n.bounds());
    }
    let outline = outline.grow(LAN_PAD);
    // The heading goes on the side away from the middle (under a LAN below it), where the
    // spoke to the middle never goes.
    let below = spoke.is_some_and(|a| trig::sin(a) < -0.3);
    let heading = Rect {
        x: outline.x,
        y: if below {
            outline.bottom() + 2.0
        } else {
            outline.y - HEADING_H
        },
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
/// leave the board (a student's screen shows only their own LAN). `aspect`: width over
/// height of the screen it is drawn on, which decides the columns of a grid of tiles.
pub fn layout(lans: &[LanInput], backbone_anchor: bool, aspect: f64) -> BoardLayout {
    if lans.len() > RING_MAX_TEAMS {
        return tiles(lans, aspect);
    }
    ring(lans, backbone_anchor)
}

/// A LAN as a tile, its outline at the origin: heading, router, hosts (see the module).
fn tile(lan: &LanInput, height: f64) -> (Vec<PlacedNode>, PlacedLan) {
    let router = Point::new(LAN_PAD + NODE_R + 6.0, HEADING_H + NODE_R + 6.0);
    let mut nodes = vec![PlacedNode {
        id: lan.router,
        at: router,
        router: true,
        label: LabelSide::Right,
    }];
    for (i, id) in lan.hosts.iter().enumerate() {
        nodes.push(PlacedNode {
            id: *id,
            at: Point::new(
                router.x + TILE_HOST_DX,
                router.y + TILE_FIRST_HOST + i as f64 * TILE_HOST_DY,
            ),
            router: false,
            label: LabelSide::Right,
        });
    }
    let outline = Rect {
        x: 0.0,
        y: 0.0,
        w: TILE_W,
        h: height,
    };
    let heading = Rect {
        h: HEADING_H,
        ..outline
    };
    let lan = PlacedLan {
        index: 0,
        outline,
        heading,
    };
    (nodes, lan)
}

/// The height of a tile with `hosts` hosts.
fn tile_height(hosts: usize) -> f64 {
    let last = hosts.saturating_sub(1) as f64 * TILE_HOST_DY;
    let bottom = if hosts == 0 {
        NODE_R + 40.0
    } else {
        TILE_FIRST_HOST + last + NODE_R
    };
    HEADING_H + NODE_R + 6.0 + bottom + LAN_PAD
}

/// How many columns of `n` tiles of `w` × `h` (gutters included) fill a screen of `aspect`
/// (width / height) best: the most scale for the picture, whole.
pub fn grid_columns(n: usize, w: f64, h: f64, aspect: f64) -> usize {
    let aspect = if aspect.is_finite() && aspect > 0.0 {
        aspect
    } else {
        16.0 / 9.0
    };
    let scale = |cols: usize| {
        let rows = n.div_ceil(cols);
        (aspect / (cols as f64 * w)).min(1.0 / (rows as f64 * h))
    };
    let mut best = 1;
    for cols in 2..=n.max(1) {
        if scale(cols) > scale(best) {
            best = cols;
        }
    }
    best
}

/// Every LAN as a tile of one size (the tallest LAN's), row by row.
fn tiles(lans: &[LanInput], aspect: f64) -> BoardLayout {
    let height = tile_height(lans.iter().map(|l| l.hosts.len()).max().unwrap_or(0));
    let (cell_w, cell_h) = (TILE_W + LAN_GAP, height + LAN_GAP);
    let cols = grid_columns(lans.len(), cell_w, cell_h, aspect);
    let rows = lans.len().div_ceil(cols);
    let mut nodes = Vec::new();
    let mut placed = Vec::new();
    for (i, lan) in lans.iter().enumerate() {
        let (dx, dy) = (
            MARGIN + (i % cols) as f64 * cell_w,
            MARGIN + (i / cols) as f64 * cell_h,
        );
        let (local, outline) = tile(lan, height);
        nodes.extend(local.into_iter().map(|n| PlacedNode {
            at: Point::new(n.at.x + dx, n.at.y + dy),
            ..n
        }));
        placed.push(PlacedLan {
            index: i,
            outline: outline.outline.shift(dx, dy),
            heading: outline.heading.shift(dx, dy),
        });
    }
    BoardLayout {
        width: 2.0 * MARGIN + cols as f64 * cell_w - LAN_GAP,
        height: 2.0 * MARGIN + rows as f64 * cell_h - LAN_GAP,
        nodes,
        lans: placed,
        backbone_anchor: None,
        tiled: true,
        hub: None,
    }
}

/// The ring (see the module): up to [`RING_MAX_TEAMS`] LANs, or one team's own.
fn ring(lans: &[LanInput], backbone_anchor: bool) -> BoardLayout {
    let n = lans.len();
    // The spoke of a LAN of the ring points to the middle; a lone LAN's, up to its anchor.
    let spoke = |i: usize| match n {
        1 => backbone_anchor.then_some(-PI / 2.0),
        _ => Some(direction(i, n) + PI),
    };
    let locals: Vec<LocalLan> = lans
        .iter()
        .enumerate()
        .map(|(i, lan)| local_lan(lan, direction(i, n), spoke(i)))
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
        tiled: false,
        hub: (n > 1).then(|| Point::new(dx, dy)),
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

    /// The board must stay readable: no node (with its labels) covers another.
    #[test]
    fn no_two_nodes_overlap_for_one_to_eight_teams() {
        for (teams, clients, anchor) in every_case() {
            let l = layout(&lans(teams, clients), anchor, 16.0 / 9.0);
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
            let l = layout(&lans(teams, clients), anchor, 16.0 / 9.0);
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
            let l = layout(&lans(teams, clients), anchor, 16.0 / 9.0);
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
        let a = layout(&lans(3, 2), false, 1.0);
        assert_eq!(a, layout(&lans(3, 2), false, 1.0));
        assert_eq!(a.position(NodeId(0)), Some(a.nodes[0].at));
        assert_eq!(a.position(NodeId(999)), None);
    }

    /// A class of 25–50 teams: tiles in a grid, no two touching, every node in its own
    /// LAN's tile, and no link (a LAN's, or the backbone's ring) across any label.
    #[test]
    fn a_class_is_drawn_as_tiles_and_no_link_crosses_a_label() {
        for (teams, clients, aspect) in [
            (9, 1, 16.0 / 9.0),
            (25, 2, 1.0),
            (50, 3, 16.0 / 9.0),
            (50, 3, 0.46),
        ] {
            let input = lans(teams, clients);
            let l = layout(&input, false, aspect);
            assert!(l.tiled && l.lans.len() == teams);
            for (i, a) in l.lans.iter().enumerate() {
                assert!(a.outline.contains(&a.heading));
                for b in &l.lans[i + 1..] {
                    assert!(!a.outline.grow(LAN_GAP / 2.0 - 1.0).overlaps(&b.outline));
                }
            }
            let mut lines = Vec::new();
            for (t, lan) in input.iter().enumerate() {
                for h in &lan.hosts {
                    lines.push(l.route(lan.router, *h).expect("a LAN link"));
                }
                let next = &input[(t + 1) % teams];
                lines.push(l.route(lan.router, next.router).expect("a backbone link"));
            }
            let labels: Vec<Rect> = l
                .nodes
                .iter()
                .map(PlacedNode::words)
                .chain(l.lans.iter().map(|x| x.heading))
                .collect();
            for line in &lines {
                assert!(
                    line.windows(2)
                        .all(|w| w[0].x == w[1].x || w[0].y == w[1].y),
                    "{line:?}"
                );
                for w in line.windows(2) {
                    for r in &labels {
                        assert!(
                            !crosses(w[0], w[1], r),
                            "{teams} teams: {w:?} crosses {r:?}"
                        );
                    }
                }
            }
            for n in &l.nodes {
                let inside = l.lans.iter().filter(|x| x.outline.contains(&n.bounds()));
                assert_eq!(inside.count(), 1, "{n:?}");
            }
        }
    }

    /// A laptop gets a wide grid, a phone a tall one: each as large as its screen allows.
    #[test]
    fn the_grid_follows_the_screen() {
        assert_eq!(grid_columns(50, 1.0, 1.0, 16.0 / 9.0), 10);
        assert_eq!(grid_columns(50, 1.0, 1.0, 0.5), 5);
        assert_eq!(grid_columns(1, 1.0, 1.0, 2.0), 1);
        assert_eq!(grid_columns(50, 1.0, 1.0, f64::NAN), 10);
        let wide = layout(&lans(50, 3), false, 16.0 / 9.0);
        let tall = layout(&lans(50, 3), false, 0.46);
        assert!(wide.width > wide.height && tall.height > tall.width);
        // Up to eight teams, the ring as before.
        assert!(!layout(&lans(8, 3), false, 16.0 / 9.0).tiled);
    }

    /// Every link of a ring board, as drawn: each router to its hosts, and the backbone's
    /// ring of routers (through the middle).
    fn ring_lines(l: &BoardLayout, input: &[LanInput]) -> Vec<Vec<Point>> {
        let mut lines = Vec::new();
        for (t, lan) in input.iter().enumerate() {
            for h in &lan.hosts {
                lines.extend(l.route(lan.router, *h));
            }
            if input.len() > 1 {
                let next = &input[(t + 1) % input.len()];
                lines.extend(l.route(lan.router, next.router));
            }
        }
        lines
    }

    /// How many of `lines` cross the words of a node or a team's heading.
    fn crossings(l: &BoardLayout, lines: &[Vec<Point>]) -> Vec<String> {
        let mut found = Vec::new();
        for line in lines {
            for w in line.windows(2) {
                for n in &l.nodes {
                    if crosses(w[0], w[1], &n.words()) {
                        found.push(format!("{w:?} across the words of {:?}", n.id));
                    }
                }
                for lan in &l.lans {
                    if crosses(w[0], w[1], &lan.heading) {
                        found.push(format!("{w:?} across heading {}", lan.index));
                    }
                }
            }
        }
        found
    }

    /// The original game's board (three teams, two clients each) and its team boards: no
    /// link, of a LAN or of the backbone, crosses a name, an address or a heading.
    #[test]
    fn no_link_crosses_a_label_on_the_original_board() {
        let input = lans(3, 2);
        let l = layout(&input, false, 16.0 / 9.0);
        assert_eq!(crossings(&l, &ring_lines(&l, &input)), Vec::<String>::new());
        for one in &input {
            let l = layout(std::slice::from_ref(one), true, 1.0);
            let mut lines = ring_lines(&l, std::slice::from_ref(one));
            let anchor = l.backbone_anchor.expect("an anchor");
            lines.push(vec![l.nodes[0].at, anchor]);
            assert_eq!(crossings(&l, &lines), Vec::<String>::new());
        }
    }

    /// The backbone never crosses a heading or a router's words, on any ring.
    #[test]
    fn the_backbone_crosses_no_label_on_any_ring() {
        for (teams, clients, _) in every_case().filter(|c| c.0 > 1 && !c.2) {
            let input = lans(teams, clients);
            let l = layout(&input, false, 16.0 / 9.0);
            let backbone: Vec<Vec<Point>> = (0..teams)
                .filter_map(|t| l.route(input[t].router, input[(t + 1) % teams].router))
                .collect();
            assert_eq!(
                crossings(&l, &backbone),
                Vec::<String>::new(),
                "{teams} teams, {clients} clients"
            );
        }
    }

    /// An empty board (no game yet) still has a drawable size.
    #[test]
    fn no_teams_is_an_empty_board() {
        let l = layout(&[], true, 1.0);
        assert!(l.nodes.is_empty() && l.width > 0.0 && l.height > 0.0);
        assert_eq!(l.backbone_anchor, None);
    }
}
