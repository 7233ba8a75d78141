//! Load generator for classroom mode: N simulated players in M rooms on
//! loopback, each acting every second (`LOAD_EVERY_MS`); reports the action→event latency seen by
//! the *other* players of the room, messages lost, and the server's memory and CPU.
//!
//! ```text
//! cargo bench -p tcpip-classroom --bench classroom_load            # 500 players, 100 rooms, 60 s
//! LOAD_PLAYERS=50 LOAD_ROOMS=10 LOAD_SECS=10 cargo bench -p tcpip-classroom --bench classroom_load
//! LOAD_PLAYERS=200 LOAD_ROOMS=1 cargo bench -p tcpip-classroom --bench classroom_load  # one class
//! LOAD_PLAYERS=200 LOAD_ROOMS=1 LOAD_EVERY_MS=10000 cargo bench …  # a card every 10 s each
//! LOAD_SERVER=/tmp/old-tcpip-classroom cargo bench -p tcpip-classroom --bench classroom_load
//! ```
//!
//! A room plays the original scenario when its players fit its twelve seats, and otherwise
//! the original for a class ([`Scenario::class_sized`]): a team of four (two clients, the
//! server and the router) per four players, so everyone has a seat. Hosts write a card to a
//! host of their LAN each time they act; routers, who get no card to route from these
//! players, edit their routing table instead (add a route, then remove it).
//!
//! `LOAD_SERVER` runs another build of the server (a copy of an older binary) under the
//! same load, so a change can be compared with what it replaces in the same session.
//!
//! The server is the real binary (`serve --addr 127.0.0.1:0`) with a fresh data directory,
//! so every action is fsync'd as in a classroom. Players and server share this machine's
//! cores: the figures are for both together.

// The benchmarks and the integration tests share their server and clients; each uses the
// part it needs.
#[allow(dead_code)]
#[path = "../tests/support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, OnceLock};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use tcpip_protocol::{Logged, ToClient, ToServer};
use tcpip_stack::addr::{Ipv4Addr, Prefix};
use tcpip_stack::card::Card;
use tcpip_stack::route::{NextHop, Route};
use tcpip_stack::scenario::Scenario;
use tcpip_stack::world::{Action, NodeId, NodeKind, RouteEdit, World};
use tokio_tungstenite::tungstenite::Message;

use support::{
    Scratch, Server, Socket, env_num, percentile, recv, small_buffer, usage, websocket_from,
};

/// What every player of the run shares.
struct Run {
    /// Send times of the actions in flight: a card by the nonce written in its data, a
    /// route edit by [`edit_key`].
    sent: Mutex<HashMap<String, Instant>>,
    /// Every player waits here once in its room, so the play is measured once everyone has
    /// joined (and everyone stops at the same time: no one leaves while others still act).
    joined: tokio::sync::Barrier,
    /// When the last player got in.
    all_joined: OnceLock<Instant>,
}

impl Run {
    fn new(players: usize) -> Arc<Run> {
        Arc::new(Run {
            sent: Mutex::default(),
            joined: tokio::sync::Barrier::new(players),
            all_joined: OnceLock::new(),
        })
    }

    async fn everyone_joined(&self) {
        let wait = tokio::time::timeout(JOIN_PATIENCE, self.joined.wait());
        let result = wait.await.expect("every player joins within the patience");
        if result.is_leader() {
            let _ = self.all_joined.set(Instant::now());
        }
    }
}

/// How long the players may take to join, all together.
const JOIN_PATIENCE: Duration = Duration::from_secs(120);

/// What every other player of room `code` recognises a router's edit by.
fn edit_key(code: &str, node: NodeId, edit: &RouteEdit) -> String {
    format!("{code}:{node:?}:{edit:?}")
}

/// Players of a room who read every message whole and time the others' actions, as a
/// browser would; the others only number what they get. In a room of a whole class, 200
/// players parsing 200 messages a second each would spend the 2 cores the server needs.
const TIMERS_PER_ROOM: usize = 10;

/// The scenario of a room of `players`: the original when they fit its seats, else the
/// original for a class, a team of four per four players.
fn scenario_for(players: usize) -> Scenario {
    let original = Scenario::original();
    if players <= original.seats() {
        return original;
    }
    Scenario::class_sized(players.div_ceil(4), 2).expect("a class-sized scenario")
}

/// The server with an empty page and its own data directory, both removed at the end;
/// `LOAD_SERVER` names another build to measure instead.
fn start_server() -> (Server, Scratch) {
    let dir = Scratch::new("load");
    std::fs::create_dir_all(dir.0.join("dist")).expect("temp dir");
    std::fs::write(
        dir.0.join("dist/index.html"),
        "<!doctype html><title>load</title>",
    )
    .expect("index.html");
    let server = Server::start(
        Some("LOAD_SERVER"),
        &dir.0.join("dist"),
        &dir.0.join("data"),
        &[],
    );
    (server, dir)
}

async fn connect(port: u16) -> Socket {
    websocket_from(port, 1, true, Some(small_buffer()))
        .await
        .expect("websocket connects")
}

async fn send(ws: &mut Socket, msg: &ToServer) {
    assert!(support::send(ws, msg).await, "sent");
}

/// What one player saw.
#[derive(Default)]
struct Seen {
    latencies_us: Vec<u64>,
    applied: u64,
    gaps: u64,
    refused: u64,
    last_seq: u64,
}

impl Seen {
    /// The room's `seq`-th action arrived: count it, and what was skipped before it.
    fn applied(&mut self, seq: u64) {
        if seq != self.last_seq + 1 {
            self.gaps += seq.saturating_sub(self.last_seq + 1);
        }
        self.last_seq = seq;
        self.applied += 1;
    }
}

/// How every `Applied` message starts, up to its number: serde writes the variant's name,
/// then its first field (`{"applied":{"seq":12,…`).
static APPLIED_PREFIX: LazyLock<String> = LazyLock::new(|| {
    let probe = ToClient::Applied {
        seq: 1_234_567,
        logged: Logged {
            at: tcpip_stack::time::Instant::ZERO,
            action: Action::RequestHint { node: NodeId(0) },
        },
    };
    let text = serde_json::to_string(&probe).expect("serialisable");
    let at = text.find("1234567").expect("the number is written");
    text[..at].to_string()
});

/// The `seq` of an `Applied` message read off its first bytes, the rest left unparsed.
fn applied_seq(text: &str) -> Option<u64> {
    let rest = text.strip_prefix(APPLIED_PREFIX.as_str())?;
    let end = rest.find(|c: char| !c.is_ascii_digit())?;
    rest[..end].parse().ok()
}

/// How long everyone plays, and how often each player acts.
#[derive(Clone, Copy)]
struct Pace {
    secs: u64,
    every: Duration,
}

/// One room: the instructor opens it and starts the clock, then its players play.
/// `players` play in this room; `spread` gives each one the moment of the period they act
/// at, so that the whole load is even rather than one burst every period.
async fn room(
    port: u16,
    players: usize,
    spread: impl Fn(usize) -> Duration,
    pace: Pace,
    run: Arc<Run>,
) -> (Vec<Seen>, u64) {
    let mut teacher = connect(port).await;
    send(
        &mut teacher,
        &ToServer::Create {
            scenario: scenario_for(players),
        },
    )
    .await;
    let code = match recv(&mut teacher).await {
        Some(ToClient::Welcome { you, .. }) => you.code,
        other => panic!("no room: {other:?}"),
    };
    send(
        &mut teacher,
        &ToServer::SetClock {
            paused: false,
            speed_percent: 100,
        },
    )
    .await;
    // The instructor's socket must be read too, or the server would see it fall behind.
    let teacher_reader = tokio::spawn(async move {
        let mut last = 0;
        while let Some(msg) = recv(&mut teacher).await {
            if let ToClient::Applied { seq, .. } = msg {
                last = seq;
            }
        }
        last
    });
    let mut tasks = Vec::new();
    for p in 0..players {
        let (code, run) = (code.clone(), run.clone());
        let phase = spread(p);
        tasks.push(tokio::spawn(async move {
            let timer = p < TIMERS_PER_ROOM;
            player(port, code, format!("player {p}"), phase, pace, run, timer).await
        }));
    }
    let mut seen = Vec::new();
    for t in tasks {
        seen.push(t.await.expect("player task"));
    }
    teacher_reader.abort();
    let total = seen.iter().map(|s| s.last_seq).max().unwrap_or(0);
    (seen, total)
}

async fn player(
    port: u16,
    code: String,
    name: String,
    phase: Duration,
    pace: Pace,
    run: Arc<Run>,
    timer: bool,
) -> Seen {
    let mut ws = connect(port).await;
    send(
        &mut ws,
        &ToServer::Join {
            code,
            name: name.clone(),
        },
    )
    .await;
    let (you, snapshot) = match recv(&mut ws).await {
        Some(ToClient::Welcome { you, snapshot }) => (you, snapshot),
        other => panic!("{name} did not get in: {other:?}"),
    };
    let world = World::new(&snapshot.scenario).expect("scenario");
    let node = you.node.expect("a seat for every player");
    let me = world.node_view(node).expect("my node");
    let team = &world.teams()[me.team];
    // A host writes to another host of its LAN: a client to the server, the server to the
    // first client.
    let peer = if me.kind == NodeKind::Server {
        team.clients[0]
    } else {
        team.server
    };
    let peer = world.node_view(peer).expect("peer").addr;
    let mut seen = Seen {
        last_seq: snapshot.actions.len() as u64,
        ..Seen::default()
    };
    let (mut sink, mut stream) = ws.split();
    let writer_run = run.clone();
    let code = you.code.clone();
    let writer = tokio::spawn(async move {
        writer_run.everyone_joined().await;
        let end = Instant::now() + Duration::from_secs(pace.secs);
        tokio::time::sleep(phase).await;
        let mut every = tokio::time::interval(pace.every);
        let mut n = 0u32;
        loop {
            every.tick().await;
            // Checked after the wait: an action sent after the end could reach players that
            // have already left, and count as lost.
            if Instant::now() >= end {
                break;
            }
            n += 1;
            let (action, key) = if me.kind == NodeKind::Router {
                let edit = route_edit(n);
                let key = edit_key(&you.code, node, &edit);
                (Action::EditRoute { node, edit }, key)
            } else {
                let nonce = format!("lg:{}:{}:{n}", you.code, you.member);
                let card = Card {
                    src_ip: me.addr.to_string(),
                    dst_ip: peer.to_string(),
                    src_port: "40000".into(),
                    dst_port: "23".into(),
                    syn: true,
                    seq: "0".into(),
                    data: nonce.clone(),
                    ..Card::default()
                };
                let card = Box::new(card);
                (Action::WriteCard { node, card }, nonce)
            };
            let msg = ToServer::Act { req: n, action };
            writer_run
                .sent
                .lock()
                .expect("lock")
                .insert(key, Instant::now());
            let text = serde_json::to_string(&msg).expect("serialisable");
            if sink.send(Message::text(text)).await.is_err() {
                break;
            }
        }
        // Let the last answers arrive, then close.
        tokio::time::sleep(Duration::from_secs(2)).await;
        let _ = sink.close().await;
    });
    while let Some(Ok(msg)) = stream.next().await {
        let Message::Text(text) = msg else { continue };
        if !timer && let Some(seq) = applied_seq(&text) {
            seen.applied(seq);
            continue;
        }
        let Ok(msg) = serde_json::from_str::<ToClient>(&text) else {
            continue;
        };
        match msg {
            ToClient::Applied { seq, logged } => {
                seen.applied(seq);
                let key = match &logged.action {
                    Action::WriteCard { node: by, card } if *by != node => Some(card.data.clone()),
                    Action::EditRoute { node: by, edit } if *by != node => {
                        Some(edit_key(&code, *by, edit))
                    }
                    _ => None,
                };
                if let Some(t) = key.and_then(|k| run.sent.lock().expect("lock").get(&k).copied()) {
                    seen.latencies_us.push(t.elapsed().as_micros() as u64);
                }
            }
            ToClient::Refused { .. } | ToClient::Error { .. } => seen.refused += 1,
            ToClient::Welcome { snapshot, .. } => seen.last_seq = snapshot.actions.len() as u64,
            _ => {}
        }
    }
    let _ = writer.await;
    seen
}

/// A router's `n`-th edit (from 1): a route to `172.16.k.0/24` on its LAN (k from `n`, so
/// every edit differs), then its removal, so the table never grows.
fn route_edit(n: u32) -> RouteEdit {
    let k = (n.div_ceil(2) % 4096) as u16;
    let prefix = Prefix::new(
        Ipv4Addr::new(172, 16 + (k >> 8) as u8, (k & 0xff) as u8, 0),
        24,
    );
    if n % 2 == 1 {
        RouteEdit::Add(Route {
            prefix,
            next_hop: NextHop::Direct,
            iface: 0,
        })
    } else {
        RouteEdit::Remove(prefix)
    }
}

fn main() {
    let players = env_num("LOAD_PLAYERS", 500) as usize;
    let rooms = env_num("LOAD_ROOMS", 100).max(1) as usize;
    let secs = env_num("LOAD_SECS", 60);
    let every_ms = env_num("LOAD_EVERY_MS", 1000).max(1);
    let pace = Pace {
        secs,
        every: Duration::from_millis(every_ms),
    };
    let (server, _dir) = start_server();
    let pid = server.pid();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let run = Run::new(players);
    let (_, cpu_before) = usage(pid);
    let (_, own_cpu_before) = usage(std::process::id());
    let started = Instant::now();
    let peak_rss = Arc::new(Mutex::new(0u64));
    let results = runtime.block_on(async {
        let sampler_peak = peak_rss.clone();
        let sampler = tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(500)).await;
                let (rss, _) = usage(pid);
                let mut peak = sampler_peak.lock().expect("lock");
                *peak = (*peak).max(rss);
            }
        });
        let mut tasks = Vec::new();
        let mut first = 0;
        for r in 0..rooms {
            let n = players / rooms + usize::from(r < players % rooms);
            // Player k of all acts at k/players of every period.
            let spread = move |p: usize| {
                Duration::from_micros((first + p) as u64 * every_ms * 1000 / players.max(1) as u64)
            };
            first += n;
            tasks.push(tokio::spawn(room(
                server.port,
                n,
                spread,
                pace,
                run.clone(),
            )));
        }
        let mut all = Vec::new();
        for t in tasks {
            all.push(t.await.expect("room task"));
        }
        sampler.abort();
        all
    });
    let elapsed = started.elapsed().as_secs_f64();
    let (rss_end, cpu_after) = usage(pid);
    let (_, own_cpu_after) = usage(std::process::id());
    let mut latencies: Vec<u64> = Vec::new();
    let (mut applied, mut lost, mut refused, mut written) = (0, 0, 0, 0);
    for (seen, total) in &results {
        for s in seen {
            latencies.extend(&s.latencies_us);
            applied += s.applied;
            refused += s.refused;
            // Lost: gaps in the numbering, and actions the room accepted that never came.
            lost += s.gaps + total.saturating_sub(s.last_seq);
        }
        written += total;
    }
    latencies.sort_unstable();
    println!(
        "classroom load: {players} players in {rooms} rooms for {secs} s, each acting every \
         {every_ms} ms (loopback)"
    );
    println!(
        "  scenario of the largest room: {}",
        scenario_for(players.div_ceil(rooms)).name
    );
    if let Some(at) = run.all_joined.get() {
        println!(
            "  everyone joined in {:.1} s (then played for {secs} s)",
            (*at - started).as_secs_f64()
        );
    }
    println!("  actions accepted by the server: {written}");
    println!("  Applied messages received by players: {applied}; refused/errors: {refused}");
    println!(
        "  action -> event at the other players: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} samples)",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0),
        latencies.len()
    );
    println!("  messages lost: {lost}");
    println!(
        "  server: RSS {} MB at the end (peak {} MB), CPU {:.1} s over {:.1} s ({:.0}% of one core)",
        rss_end / 1024,
        *peak_rss.lock().expect("lock") / 1024,
        cpu_after - cpu_before,
        elapsed,
        (cpu_after - cpu_before) / elapsed * 100.0
    );
    println!(
        "  players (this process): CPU {:.1} s ({:.0}% of one core); {} of the players in each \
         room time the others' actions",
        own_cpu_after - own_cpu_before,
        (own_cpu_after - own_cpu_before) / elapsed * 100.0,
        TIMERS_PER_ROOM.min(players.div_ceil(rooms)),
    );
    // What else ran on the machine: the figures are only as quiet as it was.
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        let one_minute = load.split_whitespace().next().unwrap_or("?");
        println!("  machine load average (1 min) at the end: {one_minute}");
    }
}
