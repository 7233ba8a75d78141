//! Classroom mode end to end: the real `tcpip-classroom serve` binary on
//! 127.0.0.1, and real WebSocket clients that follow their room with the browser's own
//! [`Replica`]. Three students play the round-1 handshake over three sockets; permissions,
//! garbage, floods and reconnects are checked on the wire; and a server killed with SIGKILL
//! mid-game comes back with every accepted action.

// Each test file and benchmark uses the part of the shared support it needs.
#[allow(dead_code)]
mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use tcpip_protocol::msg::{CODE_LEN, MAX_FRAME_BYTES};
use tcpip_protocol::{Info, Logged, MemberId, Replica, ToClient, ToServer, You};
use tcpip_stack::addr::{Endpoint, Ipv4Addr};
use tcpip_stack::card::{Card, RouterChoice, Tunnel};
use tcpip_stack::fault::{Fault, FaultKind, FaultTarget};
use tcpip_stack::scenario::Scenario;
use tcpip_stack::score::Goal;
use tcpip_stack::segment::TcpFlags;
use tcpip_stack::tcp::State;
use tcpip_stack::text::Text;
use tcpip_stack::wire::Packet;
use tcpip_stack::world::{Action, CardId, EventKind, NodeId, World};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;

use support::{Scratch, Server, Socket, tcp_from, websocket_from};

/// How long any one expected thing may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(20);

/// A data directory and a web root with a tiny page, for one or more server lives.
struct Site {
    data: Scratch,
    www: Scratch,
}

impl Site {
    fn new(name: &str) -> Site {
        let www = Scratch::new(&format!("{name}-www"));
        std::fs::write(
            www.0.join("index.html"),
            "<!doctype html><title>the game</title>",
        )
        .expect("index.html");
        Site {
            data: Scratch::new(&format!("{name}-data")),
            www,
        }
    }

    fn start(&self) -> Server {
        self.start_with(&[])
    }

    /// A server with more options for `serve`; `CLASSROOM_SERVER` runs the tests against
    /// another build (a copy of an older binary), to see which of them it fails.
    fn start_with(&self, options: &[&str]) -> Server {
        Server::start(Some("CLASSROOM_SERVER"), &self.www.0, &self.data.0, options)
    }
}

impl Server {
    /// `GET path`: the status code, the headers (lower-case names) and the body.
    fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("response");
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("end of headers");
        let head = String::from_utf8_lossy(&raw[..split]).to_lowercase();
        let status = head[9..12].parse().expect("status code");
        (status, head, raw[split + 4..].to_vec())
    }
}

/// A browser, as far as the server can tell: a socket and the room replayed on it.
struct Client {
    ws: Socket,
    replica: Option<Replica>,
    /// Every `Error` the server sent.
    errors: Vec<Text>,
    /// How the server closed the socket, once it did.
    closed: Option<Option<CloseFrame>>,
}

impl Client {
    async fn connect(server: &Server) -> Client {
        Client::on(server, 1, true).await
    }

    /// A browser that says `hello` (create, join or rejoin), welcomed.
    async fn welcomed(server: &Server, hello: ToServer) -> (Client, You) {
        let mut client = Client::connect(server).await;
        let you = client.welcome(hello).await;
        (client, you)
    }

    /// A browser coming back to room `code` with its `token` (after a reload or a restart
    /// of the server), welcomed.
    async fn rejoin(server: &Server, code: &str, token: &str) -> (Client, You) {
        let hello = ToServer::Rejoin {
            code: code.into(),
            token: token.into(),
        };
        Client::welcomed(server, hello).await
    }

    /// A browser on another device of the network (`127.0.0.N`), its small messages
    /// bunched by Nagle.
    async fn connect_from(server: &Server, n: u8) -> Client {
        Client::on(server, n, false).await
    }

    async fn on(server: &Server, n: u8, nodelay: bool) -> Client {
        let ws = websocket_from(server.port, n, nodelay, None)
            .await
            .expect("WebSocket handshake");
        Client {
            ws,
            replica: None,
            errors: Vec::new(),
            closed: None,
        }
    }

    async fn send(&mut self, msg: &ToServer) {
        assert!(support::send(&mut self.ws, msg).await, "send");
    }

    fn world(&self) -> &World {
        self.replica.as_ref().expect("welcomed").world()
    }

    /// The accepted actions this client has replayed.
    fn actions(&self) -> &[Logged] {
        self.replica.as_ref().expect("welcomed").session().actions()
    }

    fn you(&self) -> &You {
        self.replica.as_ref().expect("welcomed").you()
    }

    /// The next message, followed on the replica (which must stay in step); `None` once
    /// the server closed the socket.
    async fn next(&mut self) -> Option<ToClient> {
        loop {
            let frame = tokio::time::timeout(PATIENCE, self.ws.next())
                .await
                .expect("the server went silent");
            let text = match frame {
                Some(Ok(Message::Text(text))) => text,
                Some(Ok(Message::Close(frame))) => {
                    self.closed = Some(frame);
                    return None;
                }
                Some(Ok(_)) => continue,
                None | Some(Err(_)) => {
                    self.closed.get_or_insert(None);
                    return None;
                }
            };
            let msg: ToClient = serde_json::from_str(text.as_str()).expect("valid JSON");
            match (&mut self.replica, msg.clone()) {
                (_, ToClient::Welcome { you, snapshot }) => {
                    self.replica = Some(Replica::welcome(you, *snapshot).expect("replays"));
                }
                (_, ToClient::Error { message }) => self.errors.push(message),
                (Some(r), msg) => {
                    r.receive(msg)
                        .expect("the copy stays in step with the server");
                }
                (None, other) => panic!("{other:?} before the welcome"),
            }
            return Some(msg);
        }
    }

    /// Follows the room until `done` holds.
    async fn until(&mut self, what: &str, done: impl Fn(&Client) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while !done(self) {
            assert!(Instant::now() < deadline, "waited in vain for {what}");
            if self.next().await.is_none() {
                panic!(
                    "the socket closed while waiting for {what}: {:?}",
                    self.closed
                );
            }
        }
    }

    /// The instructor sets the clock and waits until their own copy shows it.
    async fn set_clock(&mut self, paused: bool, speed_percent: u32) {
        self.send(&ToServer::SetClock {
            paused,
            speed_percent,
        })
        .await;
        self.until("the clock change", |c| {
            let clock = c.replica.as_ref().unwrap().clock();
            clock.paused == paused && clock.speed_percent == speed_percent
        })
        .await;
    }

    async fn welcome(&mut self, hello: ToServer) -> You {
        self.send(&hello).await;
        match self.next().await {
            Some(ToClient::Welcome { you, .. }) => you,
            other => panic!("no welcome for {hello:?}: {other:?} {:?}", self.errors),
        }
    }

    /// Plays `action`: `Ok(seq)` once accepted, `Err(message)` (the English) if refused.
    async fn act(&mut self, req: u32, action: Action) -> Result<u64, String> {
        self.send(&ToServer::Act { req, action }).await;
        loop {
            match self.next().await {
                Some(ToClient::Done { req: r, seq }) if r == req => return Ok(seq),
                Some(ToClient::Refused { req: r, message }) if r == req => return Err(message.en),
                Some(_) => {}
                None => panic!("closed before answering {req}: {:?}", self.closed),
            }
        }
    }

    /// Reads until the server closes the socket; the close frame's code.
    async fn closing(&mut self) -> Option<u16> {
        while self.next().await.is_some() {}
        self.closed.clone().flatten().map(|f| u16::from(f.code))
    }
}

/// The instructor, three students seated on the Red team's client, router and server
/// (by the instructor), and the game running at ten times real speed.
struct Class {
    instructor: Client,
    /// Red client 1, Red router, Red server.
    students: [Client; 3],
    code: String,
    client: NodeId,
    router: NodeId,
    server: NodeId,
}

impl Class {
    async fn open(server: &Server) -> Class {
        let mut instructor = Client::connect(server).await;
        let you = instructor
            .welcome(ToServer::Create {
                scenario: Scenario::original(),
            })
            .await;
        assert!(you.instructor);
        assert_eq!(you.code.len(), CODE_LEN);
        let code = you.code;
        let mut students = Vec::new();
        for name in ["Ada", "Bob", "Cy"] {
            let join = ToServer::Join {
                code: code.to_lowercase(),
                name: name.into(),
            };
            let (s, me) = Client::welcomed(server, join).await;
            assert_eq!((me.name.as_str(), me.instructor), (name, false));
            students.push(s);
        }
        let w = instructor.world();
        let client = w.node_by_name("Red client 1").expect("Red client 1");
        let (router, server_node) = (w.teams()[0].router, w.teams()[0].server);
        assert_eq!(w.node_view(router).unwrap().name, "Red router");
        assert_eq!(w.node_view(server_node).unwrap().name, "Red server");
        for (s, node) in students.iter_mut().zip([client, router, server_node]) {
            let member = s.you().member;
            instructor
                .send(&ToServer::Assign {
                    member,
                    node: Some(node),
                })
                .await;
            s.until("my seat", |c| c.you().node == Some(node)).await;
        }
        instructor.set_clock(false, 1000).await;
        let students: [Client; 3] = students.try_into().ok().expect("three students");
        Class {
            instructor,
            students,
            code,
            client,
            router,
            server: server_node,
        }
    }

    fn addr(&self, node: NodeId) -> Ipv4Addr {
        self.instructor.world().node_view(node).unwrap().addr
    }

    /// A card of the round-1 handshake between Red client 1 (port 40000) and the Red
    /// server's telnet port, as its writer fills it in (seed 000: ISNs are 0).
    fn card(&self, from_client: bool, flags: TcpFlags, seq: &str, ack: &str) -> Card {
        let (client, server) = (self.addr(self.client), self.addr(self.server));
        let ((src, sport), (dst, dport)) = if from_client {
            ((client, "40000"), (server, "23"))
        } else {
            ((server, "23"), (client, "40000"))
        };
        Card {
            src_ip: src.to_string(),
            dst_ip: dst.to_string(),
            src_port: sport.into(),
            dst_port: dport.into(),
            syn: flags.syn(),
            ack_flag: flags.ack(),
            seq: seq.into(),
            ack: ack.into(),
            ..Card::default()
        }
    }

    /// A host writes a card of the handshake.
    async fn write(&mut self, who: usize, req: u32, card: Card) -> u64 {
        let node = self.students[who].you().node.expect("seated");
        let action = Action::WriteCard {
            node,
            card: Box::new(card),
        };
        self.students[who]
            .act(req, action)
            .await
            .unwrap_or_else(|e| panic!("card {req} refused: {e}"))
    }

    /// The router player waits for the card from `src` with `flags` and delivers it.
    async fn route(&mut self, req: u32, src: Ipv4Addr, flags: TcpFlags) {
        let router = self.router;
        let router_player = &mut self.students[1];
        router_player
            .until("the card on the router's desk", |c| {
                card_on_desk(c.world(), router, src, flags).is_some()
            })
            .await;
        let card = card_on_desk(router_player.world(), router, src, flags).unwrap();
        let action = Action::RouteCard {
            node: router,
            card,
            choice: RouterChoice::Deliver,
        };
        router_player
            .act(req, action)
            .await
            .unwrap_or_else(|e| panic!("routing {req} refused: {e}"));
    }
}

/// The card on `node`'s desk from `src` with exactly `flags`.
fn card_on_desk(w: &World, node: NodeId, src: Ipv4Addr, flags: TcpFlags) -> Option<CardId> {
    w.inbox(node).into_iter().find_map(|c| match &c.packet {
        Packet::Tcp { seg, .. } if seg.src.addr == src && seg.flags == flags => Some(c.card),
        _ => None,
    })
}

/// The state of `node`'s end of the handshake's connection (Red client 1, port 40000).
fn state_of(w: &World, node: NodeId, client: Ipv4Addr) -> Option<State> {
    let is_client = |e: &Endpoint| e.addr == client && e.port == 40000;
    w.connections(node)
        .iter()
        .find(|c| is_client(&c.local) || is_client(&c.remote))
        .map(|c| c.state)
}

fn syn_ack() -> TcpFlags {
    TcpFlags::SYN.union(TcpFlags::ACK)
}

/// "play the handshake across three real client connections (client, router,
/// server seats)" — seed 000 round 1, RFC 9293 §3.5: SYN, SYN/ACK, ACK, each card through
/// the router. Every browser's copy ends with both ends ESTABLISHED.
#[tokio::test]
async fn three_students_play_the_handshake_over_three_sockets() {
    let site = Site::new("handshake");
    let server = site.start();
    let mut c = Class::open(&server).await;
    let (client_ip, server_ip) = (c.addr(c.client), c.addr(c.server));

    c.write(0, 1, c.card(true, TcpFlags::SYN, "0", "")).await;
    c.route(1, client_ip, TcpFlags::SYN).await;
    let server_node = c.server;
    c.students[2]
        .until("the SYN on the server's desk", |s| {
            card_on_desk(s.world(), server_node, client_ip, TcpFlags::SYN).is_some()
        })
        .await;
    c.write(2, 1, c.card(false, syn_ack(), "0", "1")).await;
    c.route(2, server_ip, syn_ack()).await;
    let client_node = c.client;
    c.students[0]
        .until("the SYN/ACK on the client's desk", |s| {
            card_on_desk(s.world(), client_node, server_ip, syn_ack()).is_some()
        })
        .await;
    c.write(0, 2, c.card(true, TcpFlags::ACK, "1", "1")).await;
    c.route(3, client_ip, TcpFlags::ACK).await;

    let established = |cl: &Client| {
        state_of(cl.world(), client_node, client_ip) == Some(State::Established)
            && state_of(cl.world(), server_node, client_ip) == Some(State::Established)
    };
    for s in c.students.iter_mut().chain([&mut c.instructor]) {
        s.until("both ends ESTABLISHED", established).await;
        assert!(s.errors.is_empty(), "{:?}", s.errors);
    }
    // Everybody replayed the same accepted actions.
    let actions = c.instructor.actions().len();
    for s in &c.students {
        let mine = s.actions();
        assert_eq!(mine.len(), actions, "{} saw other actions", s.you().name);
    }
}

/// "instructor fault, unauthorized fault rejected, a player trying to act for
/// another seat rejected".
#[tokio::test]
async fn only_the_instructor_breaks_the_network_and_players_act_for_themselves() {
    let site = Site::new("rights");
    let server = site.start();
    let mut c = Class::open(&server).await;
    let fault = Action::InjectFault(Fault {
        kind: FaultKind::Drop,
        target: FaultTarget::Team(0),
    });
    c.instructor
        .act(1, fault.clone())
        .await
        .expect("the instructor's fault is accepted");
    let injected = |cl: &Client| {
        cl.world()
            .log()
            .iter()
            .any(|e| matches!(e.kind, EventKind::FaultInjected { .. }))
    };
    for s in &mut c.students {
        s.until("the fault on every copy", injected).await;
    }
    let before = c.instructor.actions().len() as u64;

    let refused = c.students[0]
        .act(7, fault)
        .await
        .expect_err("a student's fault");
    assert!(refused.contains("only the instructor"), "{refused}");
    // Ada plays Red client 1; writing the router's card is not hers to do.
    let router = c.router;
    let syn = c.card(true, TcpFlags::SYN, "0", "");
    let refused = c.students[0]
        .act(
            8,
            Action::WriteCard {
                node: router,
                card: Box::new(syn),
            },
        )
        .await
        .expect_err("acting for another seat");
    assert!(refused.contains("cannot act for Red router"), "{refused}");
    let refused = c.students[0]
        .act(9, Action::RequestHint { node: c.server })
        .await
        .expect_err("a hint for another seat");
    assert!(refused.contains("you play Red client 1"), "{refused}");
    // None of it was logged: the instructor's next action is the very next one.
    let again = Action::InjectFault(Fault {
        kind: FaultKind::Duplicate,
        target: FaultTarget::Team(1),
    });
    assert_eq!(c.instructor.act(2, again).await, Ok(before + 1));
}

/// RFC 5927 §4.1 in classroom mode: the instructor's forged ICMP unreachable (a guessed
/// seq) reaches every student's copy of the game, with the same effect on each.
#[tokio::test]
async fn a_forged_icmp_reaches_every_student() {
    let site = Site::new("forged-icmp");
    let server = site.start();
    let mut c = Class::open(&server).await;
    let fault = Action::InjectFault(Fault {
        kind: FaultKind::ForgedIcmp { code: 3 },
        target: FaultTarget::Team(0),
    });
    c.instructor
        .act(1, fault)
        .await
        .expect("the instructor's forged ICMP is accepted");
    let effect = |cl: &Client| {
        cl.world().log().iter().find_map(|e| match &e.kind {
            EventKind::FaultInjected {
                kind: FaultKind::ForgedIcmp { code: 3 },
                effect,
                ..
            } => Some(effect.clone()),
            _ => None,
        })
    };
    c.instructor
        .until("the forged ICMP on the instructor's copy", |cl| {
            effect(cl).is_some()
        })
        .await;
    let expected = effect(&c.instructor);
    for s in &mut c.students {
        s.until("the forged ICMP on every copy", |cl| effect(cl).is_some())
            .await;
        assert_eq!(effect(s), expected);
    }
}

/// "malformed/oversized/garbage frames rejected with the connection or server
/// still healthy", and the per-connection rate limit.
#[tokio::test]
async fn garbage_and_floods_are_refused_while_others_play_on() {
    let site = Site::new("garbage");
    let mut server = site.start();
    let mut teacher = Client::connect(&server).await;
    let code = teacher
        .welcome(ToServer::Create {
            scenario: Scenario::original(),
        })
        .await
        .code;
    let join = ToServer::Join {
        code: code.clone(),
        name: "Mallory".into(),
    };

    // A first message that is not a hello: refused, and the connection is over.
    let mut m = Client::connect(&server).await;
    m.send(&ToServer::Resync).await;
    assert_eq!(m.closing().await, Some(1008));
    assert!(m.errors[0].en.contains("first message"), "{:?}", m.errors);
    // An unknown room.
    let mut m = Client::connect(&server).await;
    m.send(&ToServer::Join {
        code: "XXXXXX".into(),
        name: "Eve".into(),
    })
    .await;
    m.closing().await;
    assert!(
        m.errors[0].en.contains("no room with code XXXXXX"),
        "{:?}",
        m.errors
    );
    // Said in Italian too, for a page in Italian.
    let it = m.errors[0].it.as_deref().unwrap_or_default();
    assert!(it.contains("nessuna stanza con il codice XXXXXX"), "{it}");

    // In a room, bad frames are answered and the connection stays usable.
    let mut m = Client::connect(&server).await;
    m.welcome(join.clone()).await;
    let garbage = [
        (
            Message::text("<b>not JSON</b>"),
            "message not understood: expected value",
        ),
        (Message::text(r#"{"fly":null}"#), "unknown variant `fly`"),
        (
            Message::text(r#"{"act":{"req":-1}}"#),
            "message not understood",
        ),
        (Message::binary(vec![0u8, 1, 2]), "send JSON text frames"),
    ];
    for (frame, said) in garbage {
        m.ws.send(frame).await.unwrap();
        m.until(said, |c| {
            c.errors.last().is_some_and(|e| e.en.contains(said))
        })
        .await;
    }
    m.send(&ToServer::Resync).await;
    loop {
        match m.next().await {
            Some(ToClient::Welcome { .. }) => break,
            Some(_) => {}
            None => panic!("closed instead of a fresh welcome: {:?}", m.closed),
        }
    }

    // Oversized: closed with 1009 ("message too big", RFC 6455 §7.4.1).
    let big = "x".repeat(MAX_FRAME_BYTES + 1);
    let _ = m.ws.send(Message::text(big)).await;
    assert_eq!(m.closing().await, Some(1009));

    // A flood: slowed down, then closed (1008, policy violation).
    let mut f = Client::connect(&server).await;
    f.welcome(join.clone()).await;
    for _ in 0..400 {
        if f.ws.send(Message::text("{}")).await.is_err() {
            break;
        }
    }
    assert_eq!(f.closing().await, Some(1008));
    assert!(
        f.errors
            .iter()
            .any(|e| e.en == "too many messages: slow down"),
        "{:?}",
        &f.errors[f.errors.len().saturating_sub(3)..]
    );

    // Meanwhile the instructor's connection and the server are fine.
    teacher.set_clock(false, 200).await;
    assert!(teacher.errors.is_empty(), "{:?}", teacher.errors);
    assert!(server.alive(), "{}", server.output());
    let (status, _, _) = server.get("/api/info");
    assert_eq!(status, 200);
}

/// "reconnect gets the seat back"; and a person's messages come from one socket
/// at most: the newer one wins, the older one is told and closed.
#[tokio::test]
async fn a_student_who_reconnects_gets_the_same_seat_and_world() {
    let site = Site::new("reconnect");
    let server = site.start();
    let mut c = Class::open(&server).await;
    c.write(0, 1, c.card(true, TcpFlags::SYN, "0", "")).await;
    let you = c.students[0].you().clone();
    let rejoin = ToServer::Rejoin {
        code: c.code.clone(),
        token: you.token.clone(),
    };

    let mut again = Client::connect(&server).await;
    let back = again.welcome(rejoin.clone()).await;
    assert_eq!(
        (back.member, back.node, back.name),
        (you.member, you.node, you.name)
    );
    let old = c.students[0]
        .replica
        .as_ref()
        .unwrap()
        .session()
        .actions()
        .to_vec();
    let new = again.actions();
    assert_eq!(new, &old[..], "the same accepted actions");
    // The old socket was replaced: told why, and closed with 4001.
    assert_eq!(c.students[0].closing().await, Some(4001));
    assert!(c.students[0].errors[0].en.contains("another page"));
    // The new socket plays the seat.
    let node = you.node.unwrap();
    let hint = again.act(5, Action::RequestHint { node }).await;
    assert!(hint.is_ok(), "{hint:?}");
    // A wrong token gets nothing.
    let mut stranger = Client::connect(&server).await;
    stranger
        .send(&ToServer::Rejoin {
            code: c.code.clone(),
            token: "0".repeat(32),
        })
        .await;
    stranger.closing().await;
    assert!(
        stranger.errors[0].en.starts_with("token:"),
        "{:?}",
        stranger.errors
    );
}

/// "kill the server process mid-game and restart: every accepted action is still
/// there (compare event logs before and after)".
#[tokio::test]
async fn a_killed_server_comes_back_with_every_accepted_action() {
    let site = Site::new("kill");
    let server = site.start();
    let mut c = Class::open(&server).await;
    let client_ip = c.addr(c.client);
    c.write(0, 1, c.card(true, TcpFlags::SYN, "0", "")).await;
    c.route(1, client_ip, TcpFlags::SYN).await;
    let server_node = c.server;
    c.students[2]
        .until("the SYN on the server's desk", |s| {
            state_of(s.world(), server_node, client_ip) == Some(State::SynReceived)
        })
        .await;
    // The browsers see the game run on past the last action (5 s of game time).
    let later = c.instructor.world().now() + tcpip_stack::time::Duration::from_secs(5);
    c.instructor
        .until("the game to run on", |cl| cl.world().now() >= later)
        .await;
    let seen: Vec<_> = c.instructor.world().log().to_vec();
    let seen_at = c.instructor.world().now();
    let actions = c.instructor.actions().to_vec();
    let tokens: Vec<(MemberId, String, Option<NodeId>)> = c
        .students
        .iter()
        .map(|s| (s.you().member, s.you().token.clone(), s.you().node))
        .collect();
    let syn_ack_card = c.card(false, syn_ack(), "0", "1");
    drop(server); // SIGKILL: no chance to flush anything.

    let server = site.start();
    let out = server.output();
    assert!(
        out.contains(&format!(
            "restored 1 room(s) (0 ended) with {} action(s)",
            actions.len()
        )),
        "{out}"
    );
    let (member, token, node) = tokens[2].clone();
    let (mut back, you) = Client::rejoin(&server, &c.code, &token).await;
    assert_eq!((you.member, you.node), (member, node));
    assert_eq!(back.actions(), &actions[..]);
    // The game resumes from its log's last moment and replays, identically, what the
    // browsers had already seen.
    back.until("the game to reach where it was", |cl| {
        cl.world().now() >= seen_at
    })
    .await;
    let log = back.world().log();
    assert!(log.len() >= seen.len(), "{} < {}", log.len(), seen.len());
    assert_eq!(&log[..seen.len()], &seen[..], "the replayed events differ");
    // And it goes on: the server answers the SYN it got before the crash.
    let answer = Action::WriteCard {
        node: server_node,
        card: Box::new(syn_ack_card),
    };
    let accepted = back.act(2, answer).await;
    assert!(accepted.is_ok(), "{accepted:?}");
    let teacher = c.instructor.you().token.clone();
    let download = server.get(&format!("/api/rooms/{}/log?token={teacher}", c.code));
    assert_eq!(download.0, 200);
    let lines = String::from_utf8(download.2).unwrap();
    assert_eq!(
        lines
            .lines()
            .filter(|l| l.contains(r#""record":"acted""#))
            .count(),
        actions.len() + 1
    );
}

/// `/api/info`, the QR code, the log download (instructor only), the page fallback, and
/// an ended room that refuses newcomers but keeps its log.
#[tokio::test]
async fn the_http_side_serves_info_qr_and_logs() {
    let site = Site::new("http");
    let server = site.start();
    let (status, head, body) = server.get("/api/info");
    assert_eq!(status, 200);
    assert!(head.contains("application/json"), "{head}");
    let info: Info = serde_json::from_slice(&body).unwrap();
    assert_eq!(info.urls, [format!("http://127.0.0.1:{}/", server.port)]);
    assert_eq!(info.version, env!("CARGO_PKG_VERSION"));

    let mut teacher = Client::connect(&server).await;
    let you = teacher
        .welcome(ToServer::Create {
            scenario: Scenario::original(),
        })
        .await;
    let (status, head, body) = server.get(&format!("/api/rooms/{}/qr.svg", you.code));
    assert_eq!(status, 200);
    assert!(head.contains("content-type: image/svg+xml"), "{head}");
    assert!(String::from_utf8_lossy(&body).contains("<svg"));
    assert_eq!(server.get("/api/rooms/XXXXXX/qr.svg").0, 404);
    assert_eq!(server.get("/api/rooms/../qr.svg").0, 404);

    let log = format!("/api/rooms/{}/log", you.code);
    assert_eq!(server.get(&log).0, 403);
    assert_eq!(server.get(&format!("{log}?token=guess")).0, 403);
    let (status, head, body) = server.get(&format!("{log}?token={}", you.token));
    assert_eq!(status, 200);
    assert!(
        head.contains("content-type: application/x-ndjson"),
        "{head}"
    );
    let attachment = format!("attachment; filename=\"room-{}.log\"", you.code).to_lowercase();
    assert!(head.contains(&attachment), "{head}");
    let first: serde_json::Value =
        serde_json::from_slice(body.split(|b| *b == b'\n').next().unwrap()).unwrap();
    assert_eq!(first["record"], "created");

    // Any other path is the game's page.
    let (status, _, body) = server.get("/desk/red");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("the game"));

    // An ended room: no newcomers, the log still downloads.
    teacher.send(&ToServer::End).await;
    teacher
        .until("the end", |c| c.replica.as_ref().unwrap().ended())
        .await;
    let mut late = Client::connect(&server).await;
    late.send(&ToServer::Join {
        code: you.code.clone(),
        name: "Late".into(),
    })
    .await;
    late.closing().await;
    assert!(late.errors[0].en.contains("has ended"), "{:?}", late.errors);
    let (status, _, body) = server.get(&format!("{log}?token={}", you.token));
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains(r#""record":"ended""#));
}

/// A server runs at most `--max-rooms` rooms that have not ended: one more is refused with
/// a sentence that says why and what to do, in both languages; the rooms already open keep
/// working, and a room that ends frees its place.
#[tokio::test]
async fn rooms_beyond_the_limit_are_refused_until_one_ends() {
    let site = Site::new("max-rooms");
    let mut server = site.start_with(&["--max-rooms", "2"]);
    let create = ToServer::Create {
        scenario: Scenario::original(),
    };
    let mut first = Client::connect(&server).await;
    first.welcome(create.clone()).await;
    let mut second = Client::connect(&server).await;
    second.welcome(create.clone()).await;

    let mut third = Client::connect(&server).await;
    third.send(&create).await;
    assert_eq!(third.closing().await, Some(1008));
    let said = &third.errors[0];
    assert!(
        said.en.contains("already runs 2 rooms") && said.en.contains("--max-rooms"),
        "{said:?}"
    );
    let it = said.it.as_deref().unwrap_or_default();
    assert!(it.contains("ha già 2 stanze aperte"), "{it}");

    // The open rooms still work.
    second.set_clock(false, 200).await;
    assert!(second.errors.is_empty(), "{:?}", second.errors);
    // Once a room has ended, a new one fits again.
    first.send(&ToServer::End).await;
    first
        .until("the end", |c| c.replica.as_ref().unwrap().ended())
        .await;
    let mut again = Client::connect(&server).await;
    assert!(again.welcome(create).await.instructor);
    assert!(server.alive(), "{}", server.output());
}

/// What cannot fit on paper or on a projector is refused
/// with a sentence naming the field, before it is logged — an oversized card, a name that
/// turns the screen around or shows nothing, an instructor's fault beyond what a scenario
/// file may say, a room of more teams or clients than a class can play — and the room
/// plays on.
#[tokio::test]
async fn what_does_not_fit_is_refused_naming_the_field() {
    let site = Site::new("limits");
    let server = site.start();
    let mut c = Class::open(&server).await;
    let before = c.instructor.actions().len();

    let mut big = c.card(true, TcpFlags::SYN, "0", "");
    big.data = "x".repeat(60_000);
    let node = c.client;
    let refused = c.students[0]
        .act(
            1,
            Action::WriteCard {
                node,
                card: Box::new(big),
            },
        )
        .await
        .expect_err("a 60 000-byte card");
    assert!(refused.starts_with("data: 60000 bytes"), "{refused}");
    let mut port = c.card(true, TcpFlags::SYN, "0", "");
    port.src_port = "4".repeat(30);
    let refused = c.students[0]
        .act(
            2,
            Action::WriteCard {
                node,
                card: Box::new(port),
            },
        )
        .await
        .expect_err("a 30-digit port");
    assert!(
        refused.starts_with("source port: 30 characters"),
        "{refused}"
    );

    let fault = |kind, target| Action::InjectFault(Fault { kind, target });
    for (action, field) in [
        (
            fault(
                FaultKind::Delay {
                    by: tcpip_stack::time::Duration::from_micros(u64::MAX),
                },
                FaultTarget::Team(0),
            ),
            "delay:",
        ),
        (
            fault(
                FaultKind::IcmpUnreachable { code: 255 },
                FaultTarget::Connection { team: 0, client: 0 },
            ),
            "code:",
        ),
        (
            fault(
                FaultKind::Drop,
                FaultTarget::Link {
                    team_a: 1,
                    team_b: 1,
                },
            ),
            "link:",
        ),
    ] {
        let refused = c.instructor.act(3, action).await.expect_err(field);
        assert!(refused.starts_with(field), "{refused}");
    }
    c.instructor
        .send(&ToServer::SetClock {
            paused: false,
            speed_percent: 100_000,
        })
        .await;
    c.instructor
        .until("the speed refused", |cl| {
            cl.errors.iter().any(|e| e.en.starts_with("speed:"))
        })
        .await;
    assert_eq!(c.instructor.actions().len(), before, "nothing was logged");

    for name in ["Eve\u{202E}gnp.exe", "Ada\u{2028}Bob", "\u{200B}\u{200D}"] {
        let mut m = Client::connect(&server).await;
        m.send(&ToServer::Join {
            code: c.code.clone(),
            name: name.into(),
        })
        .await;
        assert_eq!(m.closing().await, Some(1008), "{name:?}");
        assert!(m.errors[0].en.starts_with("name:"), "{:?}", m.errors);
    }

    let class = |teams, clients| Scenario::class_sized(teams, clients).expect("a class");
    for (scenario, said) in [
        (class(65, 1), "teams: 65"),
        (class(2, 200), "seats: 404"),
        (class(60, 3), "seats: 300"),
        (class(2, 17), "teams[0].clients: 17"),
    ] {
        let mut m = Client::connect(&server).await;
        m.send(&ToServer::Create { scenario }).await;
        assert_eq!(m.closing().await, Some(1008));
        assert!(m.errors[0].en.starts_with(said), "{:?}", m.errors);
    }
    // The room plays on.
    let syn = c.card(true, TcpFlags::SYN, "0", "");
    assert_eq!(c.write(0, 9, syn).await, before as u64 + 1);
}

/// The server's resident memory, in bytes (Linux).
fn rss(server: &Server) -> u64 {
    let (kb, _) = support::usage(server.pid());
    assert!(kb > 0, "the server's VmRSS in /proc");
    kb * 1024
}

/// Browsers that ask for snapshots over and over and read them slowly
/// cannot make the server's memory grow without bound — each connection's queue is
/// bounded in bytes and snapshots are paced — while the instructor plays on.
#[tokio::test]
async fn resync_floods_from_slow_readers_do_not_grow_memory() {
    let site = Site::new("resync-flood");
    let server = site.start();
    let mut c = Class::open(&server).await;
    // A game of full cards: every snapshot is about 100 KB.
    for (who, node) in [(0, c.client), (2, c.server)] {
        for req in 0..50 {
            let mut card = c.card(true, TcpFlags::SYN, "0", "");
            card.data = "x".repeat(1000);
            let action = Action::WriteCard {
                node,
                card: Box::new(card),
            };
            c.students[who].act(req, action).await.expect("a full card");
            // Within the rate limit.
            tokio::time::sleep(Duration::from_millis(60)).await;
        }
    }
    let before = rss(&server);
    let mut floods = Vec::new();
    for i in 0..8 {
        let mut m = Client::connect(&server).await;
        m.welcome(ToServer::Join {
            code: c.code.clone(),
            name: format!("Slow {i}"),
        })
        .await;
        floods.push(tokio::spawn(async move {
            // 19 a second for 8 s, under the rate limit, reading one message in five
            // seconds' worth (a send the server no longer reads is given up).
            let (mut sink, mut stream) = m.ws.split();
            let reader = tokio::spawn(async move {
                while let Some(Ok(_)) = stream.next().await {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            });
            let end = Instant::now() + Duration::from_secs(8);
            while Instant::now() < end {
                let send = sink.send(Message::text(r#""resync""#));
                if !matches!(
                    tokio::time::timeout(Duration::from_secs(1), send).await,
                    Ok(Ok(()))
                ) {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(1000 / 19)).await;
            }
            reader.abort();
        }));
    }
    let mut peak = before;
    let mut speed = 100;
    while !floods.iter().all(|f| f.is_finished()) {
        peak = peak.max(rss(&server));
        speed += 10;
        c.instructor.set_clock(true, speed).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let grew = peak.saturating_sub(before) / (1024 * 1024);
    assert!(grew < 48, "the server grew by {grew} MB");
    assert!(c.instructor.errors.is_empty(), "{:?}", c.instructor.errors);
}

/// A text frame that is not UTF-8 fails the connection with 1007 and
/// a reason (RFC 6455 §8.1), before and after entering a room.
#[tokio::test]
async fn invalid_utf8_closes_with_1007() {
    use tokio_tungstenite::tungstenite::protocol::frame::Frame;
    use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
    let site = Site::new("utf8");
    let server = site.start();
    let mut teacher = Client::connect(&server).await;
    let code = teacher
        .welcome(ToServer::Create {
            scenario: Scenario::original(),
        })
        .await
        .code;
    let not_utf8 = || {
        let frame = Frame::message(&b"{\"join\":\xff\xfe}"[..], OpCode::Data(Data::Text), true);
        Message::Frame(frame)
    };
    let mut stranger = Client::connect(&server).await;
    stranger.ws.send(not_utf8()).await.unwrap();
    assert_eq!(stranger.closing().await, Some(1007));
    let mut student = Client::connect(&server).await;
    student
        .welcome(ToServer::Join {
            code,
            name: "Ada".into(),
        })
        .await;
    student.ws.send(not_utf8()).await.unwrap();
    assert_eq!(student.closing().await, Some(1007));
    let reason = student.closed.clone().flatten().unwrap().reason;
    assert!(reason.contains("UTF-8"), "{reason}");
    teacher.set_clock(false, 200).await;
}

/// A log with a bad complete line (a torn last line that ends in a
/// newline, or one bad line in the middle) still loads: with the records before it, the
/// rest kept aside in a file next to it, and the instructor told.
#[tokio::test]
async fn a_bad_line_in_a_log_is_set_aside_and_the_room_loads() {
    let site = Site::new("bad-line");
    let server = site.start();
    let mut teacher = Client::connect(&server).await;
    let you = teacher
        .welcome(ToServer::Create {
            scenario: Scenario::original(),
        })
        .await;
    teacher.set_clock(true, 300).await;
    drop(server);
    let log = site.data.0.join(format!("{}.log", you.code));
    let good = std::fs::read(&log).unwrap();
    for (n, tail) in [
        (1, &b"{\"record\":\"clock\",\"at\":\n"[..]),
        (
            2,
            &b"not a record\n{\"record\":\"clock\",\"at\":0,\"speed_percent\":100,\"paused\":false}\n"[..],
        ),
    ] {
        let mut text = good.clone();
        text.extend_from_slice(tail);
        std::fs::write(&log, &text).unwrap();
        let server = site.start();
        // stderr is read by its own thread: give it a moment.
        let deadline = Instant::now() + PATIENCE;
        while !server.output().contains("set aside") && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let out = server.output();
        assert!(out.contains("restored 1 room(s)"), "{out}");
        assert!(out.contains("set aside"), "{out}");
        let aside = site.data.0.join(format!("{}.log.bad-{n}", you.code));
        assert_eq!(std::fs::read(&aside).unwrap(), tail, "{}", aside.display());
        assert_eq!(std::fs::read(&log).unwrap(), good);
        let (mut back, me) = Client::rejoin(&server, &you.code, &you.token).await;
        assert!(me.instructor);
        let clock = back.replica.as_ref().unwrap().clock();
        assert_eq!((clock.paused, clock.speed_percent), (true, 300));
        back.until("the notice", |c| !c.errors.is_empty()).await;
        let notice = &back.errors[0];
        assert!(notice.en.contains("were set aside in"), "{notice:?}");
        assert!(notice.it.is_some());
    }
}

/// Reads until the peer closes; how long that took (`None`: still open after `limit`).
async fn closed_within(tcp: &mut tokio::net::TcpStream, limit: Duration) -> Option<Duration> {
    use tokio::io::AsyncReadExt;
    let start = Instant::now();
    let mut buf = [0u8; 4096];
    tokio::time::timeout(limit, async {
        while tcp.read(&mut buf).await.is_ok_and(|n| n > 0) {}
    })
    .await
    .ok()
    .map(|()| start.elapsed())
}

/// A connection that says nothing, a request whose headers trickle in
/// (slowloris), a WebSocket that never says which room, and a student whose device went
/// silent are all let go within seconds — the last one's seat shown offline.
#[tokio::test]
async fn silent_and_slow_connections_are_let_go() {
    use tokio::io::AsyncWriteExt;
    let site = Site::new("timeouts");
    let server = site.start();
    let mut teacher = Client::connect(&server).await;
    let code = teacher
        .welcome(ToServer::Create {
            scenario: Scenario::original(),
        })
        .await
        .code;
    let mut ghost = Client::connect(&server).await;
    let ghost_id = ghost
        .welcome(ToServer::Join {
            code: code.clone(),
            name: "Ghost".into(),
        })
        .await
        .member;

    let mut idle = tcp_from(server.port, 2, false).await.expect("connect");
    let mut slow = tcp_from(server.port, 3, false).await.expect("connect");
    let slowloris = async {
        slow.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
        let start = Instant::now();
        for i in 0..40 {
            let header = format!("X-{i}: a\r\n");
            if slow.write_all(header.as_bytes()).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        closed_within(&mut slow, Duration::from_secs(1))
            .await
            .map(|_| start.elapsed())
    };
    let mut mute = Client::connect_from(&server, 4).await;
    let mute_closed = async {
        let start = Instant::now();
        let code = mute.closing().await;
        (code, start.elapsed())
    };
    // The ghost's device is gone: its socket is never read again, so no pong answers the
    // server's pings.
    let offline = async {
        let start = Instant::now();
        teacher
            .until("the ghost offline", |c| {
                c.replica
                    .as_ref()
                    .unwrap()
                    .members()
                    .iter()
                    .any(|m| m.id == ghost_id && !m.online)
            })
            .await;
        start.elapsed()
    };
    let (idle_closed, slowloris, (mute_code, mute_after), offline_after) = tokio::join!(
        closed_within(&mut idle, Duration::from_secs(15)),
        slowloris,
        mute_closed,
        async {
            // `until` gives up after 20 s without the change; allow for two of those.
            tokio::time::sleep(Duration::from_secs(15)).await;
            offline.await + Duration::from_secs(15)
        },
    );
    assert!(idle_closed.is_some(), "an idle connection stayed open");
    let slowloris = slowloris.expect("a slowloris connection stayed open");
    assert!(slowloris < Duration::from_secs(15), "{slowloris:?}");
    assert_eq!(mute_code, Some(1008));
    assert!(mute_after < Duration::from_secs(15), "{mute_after:?}");
    assert!(
        mute.errors[0].en.contains("which room"),
        "{:?}",
        mute.errors
    );
    assert!(
        offline_after <= Duration::from_secs(35),
        "{offline_after:?}"
    );
    drop(ghost);
}

/// Limits belong to the seat and the address, not the connection —
/// reconnecting with one's token does not reset them, pings count, and guessing join
/// codes (WebSocket or QR) gets slower with every wrong code.
#[tokio::test]
async fn limits_follow_the_seat_and_the_address() {
    let site = Site::new("dodges");
    // A seat's bucket refills at one message every ten seconds here (40 at once, as by
    // default), so what it holds does not depend on how fast this machine is.
    let server = site.start_with(&["--seat-rate", "0.1/40"]);
    let mut c = Class::open(&server).await;
    c.instructor.set_clock(true, 100).await;
    let mut eve = Client::connect_from(&server, 5).await;
    let you = eve
        .welcome(ToServer::Join {
            code: c.code.clone(),
            name: "Eve".into(),
        })
        .await;
    let node = c.client;
    let hint = || ToServer::Act {
        req: 1,
        action: Action::RequestHint { node },
    };
    let slowed = |cl: &Client| {
        cl.errors
            .iter()
            .any(|e| e.en == "too many messages: slow down")
    };
    // One more than the bucket holds: Eve is told to slow down once the server counted
    // them all, so the other socket below cannot be counted first.
    for _ in 0..41 {
        eve.send(&hint()).await;
    }
    eve.until("slow down", slowed).await;
    let mut again = Client::connect_from(&server, 6).await;
    // A new socket with the same token, from another address, goes on with the same
    // bucket: already empty.
    again
        .send(&ToServer::Rejoin {
            code: c.code.clone(),
            token: you.token.clone(),
        })
        .await;
    for _ in 0..10 {
        again.send(&hint()).await;
    }
    again.until("slow down", slowed).await;

    // Pings count like any frame.
    let mut pinger = Client::connect_from(&server, 7).await;
    pinger
        .welcome(ToServer::Join {
            code: c.code.clone(),
            name: "Pinger".into(),
        })
        .await;
    for _ in 0..2_000 {
        if pinger.ws.send(Message::Ping(vec![1].into())).await.is_err() {
            break;
        }
    }
    assert_eq!(pinger.closing().await, Some(1008));

    // Eight wrong codes from one address: each waits twice as long as the one before.
    let start = Instant::now();
    for i in 0..8 {
        let mut tcp = tcp_from(server.port, 8, false).await.expect("connect");
        use tokio::io::AsyncWriteExt;
        let request = format!(
            "GET /api/rooms/XXXXX{}/qr.svg HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            ["3", "4", "6", "7", "9", "A", "C", "D"][i]
        );
        tcp.write_all(request.as_bytes()).await.unwrap();
        closed_within(&mut tcp, PATIENCE).await.expect("an answer");
    }
    let guessing = start.elapsed();
    assert!(guessing > Duration::from_secs(3), "{guessing:?}");
    let start = Instant::now();
    let mut guess = Client::connect_from(&server, 8).await;
    guess
        .send(&ToServer::Join {
            code: "XXXXXX".into(),
            name: "Guess".into(),
        })
        .await;
    guess.closing().await;
    assert!(
        start.elapsed() > Duration::from_millis(2_500),
        "{:?}",
        start.elapsed()
    );
    // Another address is not slowed down, and the room plays on.
    let start = Instant::now();
    assert_eq!(server.get(&format!("/api/rooms/{}/qr.svg", c.code)).0, 200);
    assert!(
        start.elapsed() < Duration::from_millis(2_500),
        "{:?}, as slow as the guesser",
        start.elapsed()
    );
    c.instructor.set_clock(false, 200).await;
}

/// A seat rate written wrongly stops the server before it listens, saying how to write it.
#[test]
fn a_seat_rate_written_wrongly_is_named() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tcpip-classroom"))
        .args(["serve", "--addr", "127.0.0.1:0", "--seat-rate", "fast"])
        .output()
        .expect("the server runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--seat-rate") && stderr.contains("RATE/BURST, for example 20/40"),
        "{stderr}"
    );
    assert!(!stderr.contains("listening"), "{stderr}");
}

/// Rooms left without their instructor and without activity end by
/// themselves; ended rooms are archived (their log downloads, they do not count against
/// the cap, and a restart does not load their game); creating rooms is limited per
/// address.
#[tokio::test]
async fn forgotten_rooms_end_and_ended_rooms_are_archived() {
    let site = Site::new("lifecycle");
    let server = site.start_with(&["--max-rooms", "2", "--idle-room-secs", "2"]);
    let create = ToServer::Create {
        scenario: Scenario::original(),
    };
    let mut first = Client::connect(&server).await;
    let forgotten = first.welcome(create.clone()).await;
    let mut student = Client::connect(&server).await;
    student
        .welcome(ToServer::Join {
            code: forgotten.code.clone(),
            name: "Ada".into(),
        })
        .await;
    drop(first);
    let mut second = Client::connect(&server).await;
    let kept = second.welcome(create.clone()).await;
    // The forgotten room ends by itself: its student hears it and is let go.
    let start = Instant::now();
    student
        .until("the end", |c| c.replica.as_ref().unwrap().ended())
        .await;
    assert!(start.elapsed() < Duration::from_secs(10));
    assert_eq!(student.closing().await, Some(1000));
    // The room whose instructor is there stays, and a new one fits in the freed place.
    second.set_clock(false, 200).await;
    let mut third = Client::connect(&server).await;
    third.welcome(create.clone()).await;
    let log = format!(
        "/api/rooms/{}/log?token={}",
        forgotten.code, forgotten.token
    );
    let (status, _, body) = server.get(&log);
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains(r#""record":"ended""#));
    assert_eq!(
        server
            .get(&format!("/api/rooms/{}/log?token=guess", forgotten.code))
            .0,
        403
    );
    drop(server);

    let server = site.start_with(&["--max-rooms", "2"]);
    let out = server.output();
    assert!(out.contains("restored 3 room(s) (1 ended)"), "{out}");
    let mut late = Client::connect(&server).await;
    late.send(&ToServer::Join {
        code: forgotten.code.clone(),
        name: "Late".into(),
    })
    .await;
    late.closing().await;
    assert!(late.errors[0].en.contains("has ended"), "{:?}", late.errors);
    assert_eq!(server.get(&log).0, 200);
    assert!(
        Client::rejoin(&server, &kept.code, &kept.token)
            .await
            .1
            .instructor
    );

    // One device creating rooms in a loop: three pass, then it must wait.
    let site = Site::new("create-flood");
    let server = site.start();
    let mut refused = None;
    for _ in 0..5 {
        let mut m = Client::connect_from(&server, 9).await;
        m.send(&create).await;
        if m.next().await.is_none() || !m.errors.is_empty() {
            refused = m.errors.first().cloned();
            break;
        }
        m.send(&ToServer::End).await;
        m.closing().await;
    }
    let refused = refused.expect("a create loop was not stopped");
    assert!(
        refused
            .en
            .starts_with("rooms: this device opened too many rooms"),
        "{refused:?}"
    );
}

/// One device cannot fill a room with fake joins at once, and the
/// instructor controls who is in: locking the room, removing a person (whose connection
/// closes and whose token stops working).
#[tokio::test]
async fn the_instructor_controls_who_is_in() {
    let site = Site::new("membership");
    let server = site.start();
    let mut teacher = Client::connect(&server).await;
    let code = teacher
        .welcome(ToServer::Create {
            scenario: Scenario::original(),
        })
        .await
        .code;
    let start = Instant::now();
    let mut fakes = Vec::new();
    for i in 0..20 {
        let mut f = Client::connect_from(&server, 10).await;
        let you = f
            .welcome(ToServer::Join {
                code: code.clone(),
                name: format!("Fake {i}"),
            })
            .await;
        fakes.push((f, you));
    }
    assert!(
        start.elapsed() >= Duration::from_millis(900),
        "{:?}",
        start.elapsed()
    );

    let (mut fake, you) = fakes.remove(0);
    teacher.send(&ToServer::Remove { member: you.member }).await;
    assert_eq!(fake.closing().await, Some(4003));
    assert!(
        fake.errors[0].en.contains("removed you"),
        "{:?}",
        fake.errors
    );
    teacher
        .until("the roster without the fake", |c| {
            c.replica
                .as_ref()
                .unwrap()
                .members()
                .iter()
                .all(|m| m.id != you.member)
        })
        .await;
    let mut again = Client::connect(&server).await;
    again
        .send(&ToServer::Rejoin {
            code: code.clone(),
            token: you.token.clone(),
        })
        .await;
    again.closing().await;
    assert!(
        again.errors[0].en.contains("removed you"),
        "{:?}",
        again.errors
    );

    teacher.send(&ToServer::Lock { locked: true }).await;
    teacher
        .until("the lock", |c| {
            c.errors.iter().any(|e| e.en.contains("is locked"))
        })
        .await;
    let mut late = Client::connect(&server).await;
    late.send(&ToServer::Join {
        code: code.clone(),
        name: "Late".into(),
    })
    .await;
    late.closing().await;
    assert!(late.errors[0].en.contains("is locked"), "{:?}", late.errors);
    teacher.send(&ToServer::Lock { locked: false }).await;
    let mut late = Client::connect(&server).await;
    late.welcome(ToServer::Join {
        code,
        name: "Late".into(),
    })
    .await;
}

/// A class-sized room whose six seats are taken grows by a team in its lobby: the person
/// watching is seated in it over the wire, and after a SIGKILL the restarted server still
/// has the grown game, the seat, and plays on.
#[tokio::test]
async fn a_room_grown_by_a_team_survives_a_restart() {
    let site = Site::new("grow");
    let server = site.start();
    let mut instructor = Client::connect(&server).await;
    let code = instructor
        .welcome(ToServer::Create {
            scenario: Scenario::class_sized(2, 1).unwrap(),
        })
        .await
        .code;
    let mut students = Vec::new();
    for i in 0..7 {
        let mut s = Client::connect(&server).await;
        s.welcome(ToServer::Join {
            code: code.clone(),
            name: format!("P{i}"),
        })
        .await;
        students.push(s);
    }
    let mut watcher = students.pop().unwrap();
    assert_eq!(watcher.you().node, None, "six seats, the seventh watches");

    instructor.send(&ToServer::AddTeam).await;
    watcher
        .until("a seat in the new team", |c| c.you().node.is_some())
        .await;
    let node = watcher.you().node.unwrap();
    let view = watcher.world().node_view(node).unwrap();
    assert_eq!((view.team, view.name.as_str()), (2, "LAN 3 client 1"));
    let (member, token) = (watcher.you().member, watcher.you().token.clone());
    let actions = watcher.actions().to_vec();
    drop(server); // SIGKILL

    let server = site.start();
    let (mut back, you) = Client::rejoin(&server, &code, &token).await;
    assert_eq!((you.member, you.node), (member, Some(node)));
    assert_eq!(back.world().teams().len(), 3);
    assert_eq!(back.actions(), &actions[..]);

    let teacher_token = instructor.you().token.clone();
    let (mut teacher, _) = Client::rejoin(&server, &code, &teacher_token).await;
    teacher.set_clock(false, 1000).await;
    let me = back.world().node_view(node).unwrap();
    let syn = Action::WriteCard {
        node,
        card: Box::new(tcpip_stack::card::Card {
            src_ip: me.addr.to_string(),
            dst_ip: "10.0.3.1".into(),
            src_port: "40000".into(),
            dst_port: "23".into(),
            syn: true,
            seq: "0".into(),
            ..Default::default()
        }),
    };
    let played = back.act(1, syn).await;
    assert!(played.is_ok(), "{played:?}");
}

/// In a game with a DNS server or a load balancer, the newcomer after every team seat is
/// taken plays it (the DNS server answers everyone's questions, every connection to the
/// service address passes the balancer); the next one watches.
#[tokio::test]
async fn the_games_own_seat_comes_after_the_teams() {
    let site = Site::new("games-own-seat");
    let server = site.start();
    type SeatOf = fn(&World) -> Option<NodeId>;
    let own: [(&str, SeatOf); 2] = [
        ("dns.toml", World::dns_server),
        ("balancer.toml", World::balancer),
    ];
    for (file, seat_of) in own {
        let scenario = Scenario::shipped()
            .into_iter()
            .find(|(name, _)| *name == file)
            .and_then(|(_, toml)| Scenario::from_toml(toml).ok())
            .expect("a shipped scenario");
        let create = ToServer::Create { scenario };
        let (instructor, you) = Client::welcomed(&server, create).await;
        let own = seat_of(instructor.world()).expect("the game's own seat");
        let mut seats = Vec::new();
        for i in 0..8 {
            let join = ToServer::Join {
                code: you.code.clone(),
                name: format!("P{i}"),
            };
            seats.push(Client::welcomed(&server, join).await.1.node);
        }
        assert!(
            seats[..6].iter().all(|n| n.is_some_and(|n| n != own)),
            "{file}: {seats:?}"
        );
        assert_eq!(seats[6..], [Some(own), None], "{file}");
    }
}

/// Round 11 in a room (scenarios/balancer.toml): Ada plays the load balancer over her
/// WebSocket. A tunnel with protocol 6 is sent back in the referee's words (RFC 2003
/// §3.1); then she wraps every card for the service address for the backend her
/// connection table names, or the next one for a new connection, until both teams'
/// connections to the VIP are established — on her copy, the instructor's and the
/// server's alike.
#[tokio::test]
async fn the_load_balancer_is_played_by_hand_in_a_room() {
    let site = Site::new("balancer");
    let server = site.start();
    let (_, toml) = Scenario::shipped()
        .into_iter()
        .find(|(name, _)| *name == "balancer.toml")
        .expect("the balancer's scenario");
    let scenario = Scenario::from_toml(toml)
        .expect("it reads")
        .with_rounds(&[Goal::Balance]);
    let mut instructor = Client::connect(&server).await;
    let code = instructor.welcome(ToServer::Create { scenario }).await.code;
    let mut ada = Client::connect(&server).await;
    ada.welcome(ToServer::Join {
        code: code.clone(),
        name: "Ada".into(),
    })
    .await;
    let lb = instructor.world().balancer().expect("a balancer");
    instructor
        .send(&ToServer::Assign {
            member: ada.you().member,
            node: Some(lb),
        })
        .await;
    ada.until("the balancer's seat", |c| c.you().node == Some(lb))
        .await;
    instructor.set_clock(false, 1000).await;
    ada.until("a card for the VIP", |c| !c.world().inbox(lb).is_empty())
        .await;
    let view = ada.world().balancer_view(lb);
    let (own, backends) = (
        view.addr.expect("its address"),
        view.backends.iter().map(|b| b.addr).collect::<Vec<_>>(),
    );
    let first = ada.world().inbox(lb)[0].clone();
    let mut req = 0;
    let mut wrap = async |ada: &mut Client, card: CardId, tunnel: Tunnel| {
        req += 1;
        let choice = RouterChoice::Encapsulate(tunnel);
        ada.act(
            req,
            Action::RouteCard {
                node: lb,
                card,
                choice,
            },
        )
        .await
        .unwrap_or_else(|e| panic!("decision {req} refused: {e}"))
    };
    let six = Tunnel {
        protocol: 6,
        ..Tunnel::wrapping(own, backends[0], &first.packet)
    };
    wrap(&mut ada, first.card, six).await;
    let sent_back = |c: &Client| {
        c.world().log().iter().find_map(|e| match &e.kind {
            EventKind::CardRejected { node, mistakes, .. } if *node == lb => Some(mistakes.clone()),
            _ => None,
        })
    };
    ada.until("the verdict on protocol 6", |c| sent_back(c).is_some())
        .await;
    let mistakes = sent_back(&ada).unwrap();
    assert!(
        mistakes.iter().any(|m| m.rfc.contains("RFC 2003")),
        "{mistakes:?}"
    );
    // Every card for the VIP, wrapped as the table says, until both teams are through.
    let mut next = 0;
    loop {
        let done = |c: &Client| {
            c.world().race().reached(0, Goal::Balance).is_some()
                && c.world().race().reached(1, Goal::Balance).is_some()
        };
        if done(&ada) {
            break;
        }
        ada.until("a card to wrap, or the round", |c| {
            done(c) || !c.world().inbox(lb).is_empty()
        })
        .await;
        let Some(card) = ada.world().inbox(lb).first().cloned() else {
            continue;
        };
        let client = match card.packet.inner() {
            Packet::Tcp { seg, .. } => seg.src,
            other => panic!("not TCP: {other:?}"),
        };
        let flows = ada.world().balancer_view(lb).flows;
        let backend = match flows.iter().find(|f| f.client == client) {
            Some(f) => f.backend,
            None => {
                next += 1;
                backends[(next - 1) % backends.len()]
            }
        };
        wrap(
            &mut ada,
            card.card,
            Tunnel::wrapping(own, backend, &card.packet),
        )
        .await;
    }
    let table = |c: &Client| c.world().balancer_view(lb).flows;
    instructor
        .until("the instructor's copy", |c| table(c) == table(&ada))
        .await;
    let flows = table(&ada);
    assert_eq!(flows.len(), 2, "{flows:?}");
    assert_ne!(
        flows[0].backend, flows[1].backend,
        "one connection per backend, in turn"
    );
}

/// The buffering round in a room (scenarios/nagle.toml): the application's writes are
/// events of the room, so Ada's send buffer is the same on her copy and the instructor's
/// and survives a restart of the server; the referee sends back her "e" while "h" is
/// unacknowledged (RFC 896, RFC 1122 §4.2.3.4), and "ello" in one card reaches the round.
#[tokio::test]
async fn buffering_is_played_by_hand_in_a_room() {
    let site = Site::new("nagle");
    let server = site.start();
    let (_, toml) = Scenario::shipped()
        .into_iter()
        .find(|(name, _)| *name == "nagle.toml")
        .expect("the buffering scenario");
    let mut instructor = Client::connect(&server).await;
    let code = instructor
        .welcome(ToServer::Create {
            scenario: Scenario::from_toml(toml).expect("it reads"),
        })
        .await
        .code;
    let mut ada = Client::connect(&server).await;
    ada.welcome(ToServer::Join {
        code: code.clone(),
        name: "Ada".into(),
    })
    .await;
    let alice = instructor.world().node_by_name("Alice").expect("Alice");
    instructor
        .send(&ToServer::Assign {
            member: ada.you().member,
            node: Some(alice),
        })
        .await;
    ada.until("Alice's seat", |c| c.you().node == Some(alice))
        .await;
    instructor.set_clock(false, 1000).await;
    let card = |syn: bool, seq: &str, ack: &str, data: &str| {
        Box::new(Card {
            src_ip: "10.0.1.2".into(),
            dst_ip: "10.0.1.1".into(),
            src_port: "40000".into(),
            dst_port: "23".into(),
            syn,
            ack_flag: !ack.is_empty(),
            seq: seq.into(),
            ack: ack.into(),
            data: data.into(),
            ..Card::default()
        })
    };
    let mut req = 0;
    let mut write = async |ada: &mut Client, card: Box<Card>| {
        req += 1;
        ada.act(req, Action::WriteCard { node: alice, card })
            .await
            .unwrap_or_else(|e| panic!("card {req} refused: {e}"))
    };
    write(&mut ada, card(true, "0", "", "")).await;
    ada.until("the SYN/ACK", |c| !c.world().inbox(alice).is_empty())
        .await;
    write(&mut ada, card(false, "1", "1", "")).await;
    ada.until("the application's h", |c| {
        c.world()
            .send_buffer(alice)
            .is_some_and(|b| b.buffered() == "h")
    })
    .await;
    write(&mut ada, card(false, "1", "1", "h")).await;
    // Real time from here, so "h" stays unacknowledged (10 s for it and its ACK) while the
    // application writes "e" a second later.
    instructor.set_clock(false, 100).await;
    let buffer = |c: &Client| c.world().send_buffer(alice).expect("a buffer");
    ada.until("e written while h is in flight", |c| {
        let b = buffer(c);
        b.in_flight == 1 && b.buffered() == "e"
    })
    .await;
    let rejected = |c: &Client| {
        c.world().log().iter().find_map(|e| match &e.kind {
            EventKind::CardRejected { node, mistakes, .. } if *node == alice => {
                Some(mistakes.clone())
            }
            _ => None,
        })
    };
    write(&mut ada, card(false, "2", "1", "e")).await;
    ada.until("the card sent back", |c| rejected(c).is_some())
        .await;
    let mistakes = rejected(&ada).unwrap();
    assert!(
        mistakes
            .iter()
            .any(|m| m.why.en.contains("should have waited") && m.rfc.contains("RFC 896")),
        "{mistakes:?}"
    );

    // The server is killed; the room comes back with the same buffer, and the writes go on.
    instructor.set_clock(true, 100).await;
    let (token, before) = (ada.you().token.clone(), buffer(&instructor));
    let teacher_token = instructor.you().token.clone();
    drop(server);
    let server = site.start();
    let (mut ada, _) = Client::rejoin(&server, &code, &token).await;
    assert_eq!(buffer(&ada), before, "the same buffer after the restart");
    let (mut instructor, _) = Client::rejoin(&server, &code, &teacher_token).await;
    instructor.set_clock(false, 1000).await;
    ada.until("the ACK of h and every byte written", |c| {
        let b = buffer(c);
        b.in_flight == 0 && b.buffered() == "ello"
    })
    .await;
    write(&mut ada, card(false, "2", "1", "ello")).await;
    let reached = |c: &Client| c.world().race().reached(0, Goal::Nagle).is_some();
    let wrote = |c: &Client| -> String {
        c.world()
            .log()
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::AppWrote { node, data } if *node == alice => Some(data.as_str()),
                _ => None,
            })
            .collect()
    };
    for c in [&mut ada, &mut instructor] {
        c.until("round 9 reached", reached).await;
        assert_eq!(wrote(c), "hello", "each write once, in order");
    }
    assert_eq!(ada.actions(), instructor.actions(), "one history");
}
