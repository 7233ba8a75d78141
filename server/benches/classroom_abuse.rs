//! The classroom load under abuse: N legitimate players in M rooms on loopback, each
//! writing a card every second, while other devices of the "network" (other loopback
//! addresses, 127.0.0.2 and up: the server limits every address but its own machine's)
//! send oversized cards, flood `resync` without reading, hold idle sockets, create rooms
//! in a loop and run the heaviest room the limits allow at full speed. Prints the
//! legitimate players' action→event latency, the messages they lost and the server's
//! peak memory.
//!
//! ```text
//! cargo bench -p tcpip-classroom --bench classroom_abuse      # 500 players, 100 rooms, 30 s
//! ABUSE_PLAYERS=50 ABUSE_ROOMS=10 ABUSE_SECS=10 cargo bench -p tcpip-classroom --bench classroom_abuse
//! ```
//!
//! `ABUSE_WITHOUT=heavy,idle,create,resync,oversized` leaves some of the abuse out, to see
//! what each one costs.
//!
//! Goal (README): p99 ≤ 50 ms, nothing lost, peak RSS ≤ 512 MB on a 2-core machine.

// The benchmarks and the integration tests share their server and clients; each uses the
// part it needs.
#[allow(dead_code)]
#[path = "../tests/support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use tcpip_protocol::limits::{MAX_CLIENTS_PER_TEAM, MAX_SEATS};

/// Teams of the heaviest room the limits allow: as many full teams (16 clients, a server
/// and a router) as the seats allow.
const HEAVY_TEAMS: usize = MAX_SEATS / (MAX_CLIENTS_PER_TEAM + 2);
use tcpip_protocol::{ToClient, ToServer};
use tcpip_stack::card::Card;
use tcpip_stack::scenario::Scenario;
use tcpip_stack::world::{Action, NodeKind, World};
use tokio_tungstenite::tungstenite::Message;

use support::{
    Scratch, Server, Socket, env_num, percentile, recv, send, small_buffer, tcp_from, usage,
    websocket_from,
};

type Sent = Arc<Mutex<HashMap<String, Instant>>>;

/// The server with an empty page and its own data directory, both removed at the end.
fn start_server() -> (Server, Scratch) {
    let dir = Scratch::new("abuse");
    std::fs::create_dir_all(dir.0.join("dist")).expect("temp dir");
    std::fs::write(
        dir.0.join("dist/index.html"),
        "<!doctype html><title>abuse</title>",
    )
    .expect("index");
    let server = Server::start(None, &dir.0.join("dist"), &dir.0.join("data"), &[]);
    (server, dir)
}

/// A WebSocket from `127.0.0.N`; `None` when the server turned the connection away.
async fn try_connect(port: u16, n: u8) -> Option<Socket> {
    websocket_from(port, n, true, Some(small_buffer())).await
}

/// A WebSocket the server must accept.
async fn connect(port: u16, n: u8) -> Socket {
    try_connect(port, n).await.expect("websocket")
}

async fn create(port: u16, n: u8, scenario: Scenario) -> Option<(Socket, String)> {
    let mut ws = try_connect(port, n).await?;
    send(&mut ws, &ToServer::Create { scenario }).await;
    match recv(&mut ws).await? {
        ToClient::Welcome { you, .. } => Some((ws, you.code)),
        _ => None,
    }
}

/// Reads a socket to its end, so the server never sees it fall behind.
fn drain(mut ws: Socket) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move { while recv(&mut ws).await.is_some() {} })
}

/// What one legitimate player saw.
#[derive(Default)]
struct Seen {
    latencies_us: Vec<u64>,
    gaps: u64,
    last_seq: u64,
}

/// A legitimate player of room `code`: a card every second from `phase` on, for `secs`.
async fn player(port: u16, code: String, p: usize, phase: Duration, secs: u64, sent: Sent) -> Seen {
    let mut ws = connect(port, 1).await;
    send(
        &mut ws,
        &ToServer::Join {
            code,
            name: format!("player {p}"),
        },
    )
    .await;
    let Some(ToClient::Welcome { you, snapshot }) = recv(&mut ws).await else {
        panic!("player {p} did not get in");
    };
    let world = World::new(&snapshot.scenario).expect("scenario");
    let node = you.node.expect("a seat for every player");
    let me = world.node_view(node).expect("my node");
    assert_ne!(me.kind, NodeKind::Router, "players write cards");
    let server = world
        .node_view(world.teams()[me.team].server)
        .expect("server");
    let mut seen = Seen {
        last_seq: snapshot.actions.len() as u64,
        ..Seen::default()
    };
    let (mut sink, mut stream) = ws.split();
    let end = Instant::now() + Duration::from_secs(secs);
    let writer_sent = sent.clone();
    let writer = tokio::spawn(async move {
        tokio::time::sleep(phase).await;
        let mut every = tokio::time::interval(Duration::from_secs(1));
        let mut n = 0u32;
        while Instant::now() < end {
            every.tick().await;
            n += 1;
            let nonce = format!("ab:{}:{}:{n}", you.code, you.member);
            let card = Card {
                src_ip: me.addr.to_string(),
                dst_ip: server.addr.to_string(),
                src_port: "40000".into(),
                dst_port: "23".into(),
                syn: true,
                seq: "0".into(),
                data: nonce.clone(),
                ..Card::default()
            };
            let msg = ToServer::Act {
                req: n,
                action: Action::WriteCard {
                    node,
                    card: Box::new(card),
                },
            };
            writer_sent
                .lock()
                .expect("lock")
                .insert(nonce, Instant::now());
            let text = serde_json::to_string(&msg).expect("serialisable");
            if sink.send(Message::text(text)).await.is_err() {
                break;
            }
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
        let _ = sink.close().await;
    });
    while let Some(Ok(msg)) = stream.next().await {
        let Message::Text(text) = msg else { continue };
        match serde_json::from_str::<ToClient>(&text) {
            Ok(ToClient::Applied { seq, logged }) => {
                seen.gaps += seq.saturating_sub(seen.last_seq + 1);
                seen.last_seq = seq;
                if let Action::WriteCard { node: by, card } = &logged.action
                    && *by != node
                    && let Some(t) = sent.lock().expect("lock").get(&card.data)
                {
                    seen.latencies_us.push(t.elapsed().as_micros() as u64);
                }
            }
            Ok(ToClient::Welcome { snapshot, .. }) => seen.last_seq = snapshot.actions.len() as u64,
            _ => {}
        }
    }
    let _ = writer.await;
    seen
}

/// A legitimate room: its instructor starts the clock, its players play.
async fn room(
    port: u16,
    players: usize,
    first: usize,
    total: usize,
    secs: u64,
    sent: Sent,
) -> (Vec<Seen>, u64) {
    let (mut teacher, code) = create(port, 1, Scenario::original()).await.expect("a room");
    send(
        &mut teacher,
        &ToServer::SetClock {
            paused: false,
            speed_percent: 100,
        },
    )
    .await;
    let teacher = drain(teacher);
    let mut tasks = Vec::new();
    for p in 0..players {
        // Player k of all acts at k/total of every second: an even load.
        let phase = Duration::from_micros(((first + p) * 1_000_000 / total.max(1)) as u64);
        tasks.push(tokio::spawn(player(
            port,
            code.clone(),
            first + p,
            phase,
            secs,
            sent.clone(),
        )));
    }
    let mut seen = Vec::new();
    for t in tasks {
        seen.push(t.await.expect("player"));
    }
    teacher.abort();
    let last = seen.iter().map(|s| s.last_seq).max().unwrap_or(0);
    (seen, last)
}

/// Whether `ABUSE_WITHOUT` leaves this kind of abuse out.
fn without(kind: &str) -> bool {
    std::env::var("ABUSE_WITHOUT").is_ok_and(|v| v.split(',').any(|k| k.trim() == kind))
}

/// The abuse, until `end`; returns how many abusive messages or connections it made.
async fn abuse(port: u16, end: Instant) -> u64 {
    let count = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    // A room of full cards for the floods to ask snapshots of (its instructor writes them
    // at the first client's desk).
    let world = World::new(&Scenario::original()).expect("scenario");
    let node = world.teams()[0].clients[0];
    let (mut host, code) = create(port, 2, Scenario::original())
        .await
        .expect("abuse room");
    for i in 0..100u32 {
        let card = Card {
            syn: true,
            data: "x".repeat(1000),
            ..Card::default()
        };
        send(
            &mut host,
            &ToServer::Act {
                req: i,
                action: Action::WriteCard {
                    node,
                    card: Box::new(card),
                },
            },
        )
        .await;
        tokio::time::sleep(Duration::from_millis(55)).await;
    }
    let host = drain(host);
    // Oversized cards, as fast as the limits let them in.
    let (c, oversized_code) = (count.clone(), code.clone());
    tasks.push(tokio::spawn(async move {
        if without("oversized") {
            return;
        }
        let mut ws = connect(port, 3).await;
        send(
            &mut ws,
            &ToServer::Join {
                code: oversized_code,
                name: "Big".into(),
            },
        )
        .await;
        let (mut sink, stream) = ws.split();
        let reader = tokio::spawn(stream.for_each(|_| async {}));
        let card = Card {
            data: "x".repeat(60_000),
            ..Card::default()
        };
        let text = serde_json::to_string(&ToServer::Act {
            req: 1,
            action: Action::WriteCard {
                node,
                card: Box::new(card),
            },
        })
        .expect("json");
        while Instant::now() < end && sink.send(Message::text(text.clone())).await.is_ok() {
            c.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        reader.abort();
    }));
    // Slow readers flooding resync: never read a byte.
    for i in 0..8u8 {
        let (c, code) = (count.clone(), code.clone());
        tasks.push(tokio::spawn(async move {
            if without("resync") {
                return;
            }
            let mut ws = connect(port, 10 + i).await;
            send(
                &mut ws,
                &ToServer::Join {
                    code: code.clone(),
                    name: format!("Slow {i}"),
                },
            )
            .await;
            while Instant::now() < end {
                let resync = ws.send(Message::text(r#""resync""#));
                if !matches!(
                    tokio::time::timeout(Duration::from_secs(1), resync).await,
                    Ok(Ok(()))
                ) {
                    // Closed or no longer read by the server: come back.
                    ws = connect(port, 10 + i).await;
                    send(
                        &mut ws,
                        &ToServer::Join {
                            code: code.clone(),
                            name: format!("Slow {i}"),
                        },
                    )
                    .await;
                }
                c.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(52)).await;
            }
        }));
    }
    // Idle sockets: 900 connections that never say anything, opened again as they close.
    for i in 0..900u32 {
        let c = count.clone();
        tasks.push(tokio::spawn(async move {
            if without("idle") {
                return;
            }
            tokio::time::sleep(Duration::from_millis(u64::from(i) * 5)).await;
            while Instant::now() < end {
                let Ok(mut tcp) = tcp_from(port, 20 + (i % 8) as u8, true).await else {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                };
                c.fetch_add(1, Ordering::Relaxed);
                let mut buf = [0u8; 64];
                let left = end.saturating_duration_since(Instant::now());
                let _ =
                    tokio::time::timeout(left, tokio::io::AsyncReadExt::read(&mut tcp, &mut buf))
                        .await;
                // Refused at once or let go after a while, it comes back a moment later
                // (the generator shares the cores with the server: no busy loop).
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }));
    }
    // Rooms created and ended in a loop from one device.
    let c = count.clone();
    tasks.push(tokio::spawn(async move {
        while Instant::now() < end && !without("create") {
            if let Some((mut ws, _)) = create(port, 30, Scenario::original()).await {
                send(&mut ws, &ToServer::End).await;
            }
            c.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }));
    // The heaviest room the limits allow, at full speed.
    tasks.push(tokio::spawn(async move {
        if without("heavy") {
            return;
        }
        let s = Scenario::class_sized(HEAVY_TEAMS, MAX_CLIENTS_PER_TEAM).expect("a class");
        let (mut ws, _) = create(port, 31, s).await.expect("the heavy room");
        send(
            &mut ws,
            &ToServer::SetClock {
                paused: false,
                speed_percent: 1000,
            },
        )
        .await;
        let _ = tokio::time::timeout(end.saturating_duration_since(Instant::now()), async {
            while recv(&mut ws).await.is_some() {}
        })
        .await;
    }));
    for t in tasks {
        let _ = t.await;
    }
    host.abort();
    count.load(Ordering::Relaxed)
}

fn main() {
    let players = env_num("ABUSE_PLAYERS", 500) as usize;
    let rooms = env_num("ABUSE_ROOMS", 100).max(1) as usize;
    let secs = env_num("ABUSE_SECS", 30);
    let (server, _dir) = start_server();
    let (pid, port) = (server.pid(), server.port);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sent: Sent = Arc::default();
    let peak = Arc::new(AtomicU64::new(0));
    let (results, abusive) = runtime.block_on(async {
        let sampler_peak = peak.clone();
        let sampler = tokio::spawn(async move {
            loop {
                sampler_peak.fetch_max(usage(pid).0, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        });
        // The abuse starts first and runs over the whole game.
        let end = Instant::now() + Duration::from_secs(secs + 10);
        let abuse = tokio::spawn(abuse(port, end));
        tokio::time::sleep(Duration::from_secs(5)).await;
        let mut tasks = Vec::new();
        let mut first = 0;
        for r in 0..rooms {
            let n = players / rooms + usize::from(r < players % rooms);
            tasks.push(tokio::spawn(room(
                port,
                n,
                first,
                players,
                secs,
                sent.clone(),
            )));
            first += n;
        }
        let mut all = Vec::new();
        for t in tasks {
            all.push(t.await.expect("room"));
        }
        let abusive = abuse.await.unwrap_or(0);
        sampler.abort();
        (all, abusive)
    });
    let mut latencies = Vec::new();
    let mut lost = 0;
    for (seen, last) in &results {
        for s in seen {
            latencies.extend(&s.latencies_us);
            lost += s.gaps + last.saturating_sub(s.last_seq);
        }
    }
    latencies.sort_unstable();
    println!(
        "classroom abuse: {players} players in {rooms} rooms for {secs} s, beside oversized cards, resync floods from 8 slow readers, 900 idle sockets, a create loop and a {HEAVY_TEAMS}x{MAX_CLIENTS_PER_TEAM} room at 1000%"
    );
    println!("  abusive messages and connections: {abusive}");
    println!(
        "  legitimate action -> event at the other players: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} samples)",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0),
        latencies.len()
    );
    println!("  messages lost: {lost}");
    println!(
        "  server peak RSS: {} MB",
        peak.load(Ordering::Relaxed) / 1024
    );
}
