//! Engine throughput: how many TCP segments per second the reference `Host` referees,
//! next to smoltcp (a production `no_std` stack) running the very same trace.
//!
//! Run with:
//!
//! ```text
//! cargo bench -p tcpip-stack --bench throughput            # 20000 connections
//! cargo bench -p tcpip-stack --bench throughput -- 100000  # or any count
//! ```
//!
//! Each connection is the trace of the paper game (seed 001): a client SYN, the server's
//! SYN/ACK, the client's ACK, 10 data segments of 100 bytes each acknowledged by the
//! server, then the goodbye (client FIN → server ACK, server FIN → client ACK). A scripted
//! client sends real IPv4 bytes to a telnet server on port 23; the server is either our
//! `Host` (bytes decoded with `wire::Packet::decode`, replies encoded with
//! `Packet::encode`) or a smoltcp `Interface` + TCP socket (which parses and checksums the
//! same bytes itself). Both sides therefore do bytes in → TCP → bytes out, with immediate
//! ACKs (smoltcp's delayed ACK is turned off, ours has none), and the server application
//! accepts, reads everything and closes after the peer's FIN.
//!
//! The client's cost (building its datagrams) is the same for both and included, so the
//! ratio slightly understates the difference between the stacks. The bench profile inherits
//! the workspace's size-tuned release profile (opt-level "z"), for both stacks alike.
//! This is a benchmark, not a test: it only checks that each trace completed.

use std::collections::VecDeque;
use std::time::Instant as WallClock;

use smoltcp::iface::{Config as IfaceConfig, Interface, SocketHandle, SocketSet};
use smoltcp::phy::{self, Device, DeviceCapabilities, Medium};
use smoltcp::socket::tcp as smol_tcp;
use smoltcp::wire::{HardwareAddress, IpAddress, IpCidr};
use tcpip_stack::addr::{Endpoint, Ipv4Addr};
use tcpip_stack::host::{ConnId, Host};
use tcpip_stack::segment::{TcpFlags, TcpSegment};
use tcpip_stack::seq::SeqNumber;
use tcpip_stack::tcp::{Config, State};
use tcpip_stack::time::Instant;
use tcpip_stack::wire::{IpMeta, Packet};

const CLIENT: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 2);
const SERVER: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 1);
const TELNET: u16 = 23;
const DATA_SEGMENTS: u32 = 10;
const DATA_LEN: usize = 100;
const DEFAULT_CONNECTIONS: usize = 20_000;

/// A server under test: takes one client datagram, lets its application run, and appends
/// the datagrams it transmits to `out`.
trait Server {
    fn exchange(&mut self, datagram: &[u8], now_ms: u64, out: &mut Vec<Vec<u8>>);
    /// Payload bytes the server application has read so far.
    fn received(&self) -> usize;
}

/// Our reference host as a telnet server.
struct OurServer {
    host: Host,
    conn: Option<ConnId>,
    closing: bool,
    received: usize,
}

impl OurServer {
    fn new() -> Self {
        let mut host = Host::new(SERVER, Config::default());
        host.listen(TELNET).expect("port 23 is free");
        OurServer {
            host,
            conn: None,
            closing: false,
            received: 0,
        }
    }
}

impl Server for OurServer {
    fn exchange(&mut self, datagram: &[u8], now_ms: u64, out: &mut Vec<Vec<u8>>) {
        let now = Instant::from_millis(now_ms);
        let Ok(Packet::Tcp { seg, .. }) = Packet::decode(datagram) else {
            panic!("the client sends valid TCP");
        };
        self.host.on_segment(&seg, now);
        if self.conn.is_none() {
            self.conn = self.host.accept(TELNET);
        }
        if let Some(conn) = self.conn {
            self.received += self.host.recv(conn).len();
            match self.host.connection(conn).map(|c| c.state) {
                Some(State::CloseWait) if !self.closing => {
                    self.host.close(conn, now).expect("close in CLOSE-WAIT");
                    self.closing = true;
                }
                None => {
                    self.conn = None;
                    self.closing = false;
                }
                _ => {}
            }
        }
        for seg in self.host.take_outbox() {
            out.push(
                Packet::Tcp {
                    meta: IpMeta::default(),
                    seg,
                }
                .encode(),
            );
        }
        // The explanations are part of what our host produces; drop them like a bot would.
        drop(self.host.take_events());
    }

    fn received(&self) -> usize {
        self.received
    }
}

/// A smoltcp device that is just two queues of raw IPv4 datagrams.
#[derive(Default)]
struct Queues {
    rx: VecDeque<Vec<u8>>,
    tx: Vec<Vec<u8>>,
}

struct RxToken(Vec<u8>);
struct TxToken<'a>(&'a mut Vec<Vec<u8>>);

impl phy::RxToken for RxToken {
    fn consume<R, F: FnOnce(&[u8]) -> R>(self, f: F) -> R {
        f(&self.0)
    }
}

impl phy::TxToken for TxToken<'_> {
    fn consume<R, F: FnOnce(&mut [u8]) -> R>(self, len: usize, f: F) -> R {
        let mut buf = vec![0; len];
        let r = f(&mut buf);
        self.0.push(buf);
        r
    }
}

impl Device for Queues {
    type RxToken<'a> = RxToken;
    type TxToken<'a> = TxToken<'a>;

    fn receive(
        &mut self,
        _: smoltcp::time::Instant,
    ) -> Option<(Self::RxToken<'_>, Self::TxToken<'_>)> {
        let datagram = self.rx.pop_front()?;
        Some((RxToken(datagram), TxToken(&mut self.tx)))
    }

    fn transmit(&mut self, _: smoltcp::time::Instant) -> Option<Self::TxToken<'_>> {
        Some(TxToken(&mut self.tx))
    }

    fn capabilities(&self) -> DeviceCapabilities {
        let mut caps = DeviceCapabilities::default();
        caps.medium = Medium::Ip;
        caps.max_transmission_unit = 1500;
        caps
    }
}

/// smoltcp as the same telnet server.
struct SmolServer {
    iface: Interface,
    device: Queues,
    sockets: SocketSet<'static>,
    handle: SocketHandle,
    received: usize,
}

impl SmolServer {
    fn new() -> Self {
        let mut device = Queues::default();
        let mut config = IfaceConfig::new(HardwareAddress::Ip);
        config.random_seed = 42;
        let mut iface = Interface::new(config, &mut device, smoltcp::time::Instant::ZERO);
        iface.update_ip_addrs(|addrs| {
            addrs
                .push(IpCidr::new(IpAddress::v4(10, 0, 1, 1), 24))
                .expect("one address");
        });
        let mut socket = smol_tcp::Socket::new(
            smol_tcp::SocketBuffer::new(vec![0; 65535]),
            smol_tcp::SocketBuffer::new(vec![0; 65535]),
        );
        socket.set_ack_delay(None);
        socket.listen(TELNET).expect("listen on 23");
        let mut sockets = SocketSet::new(Vec::new());
        let handle = sockets.add(socket);
        SmolServer {
            iface,
            device,
            sockets,
            handle,
            received: 0,
        }
    }
}

impl Server for SmolServer {
    fn exchange(&mut self, datagram: &[u8], now_ms: u64, out: &mut Vec<Vec<u8>>) {
        let now = smoltcp::time::Instant::from_millis(now_ms as i64);
        self.device.rx.push_back(datagram.to_vec());
        self.iface.poll(now, &mut self.device, &mut self.sockets);
        let socket = self.sockets.get_mut::<smol_tcp::Socket>(self.handle);
        if socket.can_recv() {
            self.received += socket.recv(|buf| (buf.len(), buf.len())).unwrap_or(0);
        }
        if socket.state() == smol_tcp::State::CloseWait {
            socket.close();
            self.iface.poll(now, &mut self.device, &mut self.sockets);
        }
        let socket = self.sockets.get_mut::<smol_tcp::Socket>(self.handle);
        if socket.state() == smol_tcp::State::Closed {
            socket.listen(TELNET).expect("listen again");
        }
        out.append(&mut self.device.tx);
    }

    fn received(&self) -> usize {
        self.received
    }
}

/// The client's side of one connection; returns (segments sent, segments received).
fn connection(server: &mut impl Server, port: u16, now_ms: &mut u64) -> (usize, usize) {
    let client = Endpoint::new(CLIENT, port);
    let telnet = Endpoint::new(SERVER, TELNET);
    let isn = SeqNumber(1_000);
    let mut replies = Vec::new();
    let mut sent = 0;
    let mut send = |flags: TcpFlags, seq: SeqNumber, ack: SeqNumber, payload: &[u8]| {
        let seg = TcpSegment {
            src: client,
            dst: telnet,
            seq,
            ack,
            flags,
            window: 65535,
            payload: payload.to_vec(),
        };
        let before = replies.len();
        *now_ms += 1;
        sent += 1;
        server.exchange(
            &Packet::Tcp {
                meta: IpMeta::default(),
                seg,
            }
            .encode(),
            *now_ms,
            &mut replies,
        );
        replies.get(before..).map(<[_]>::to_vec).unwrap_or_default()
    };

    let syn_ack = send(TcpFlags::SYN, isn, SeqNumber(0), b"");
    // The server's ISN, read straight from its SYN/ACK (TCP seq at bytes 24..28).
    let server_isn = match syn_ack.first().and_then(|d| d.get(24..28)) {
        Some(&[a, b, c, d]) => SeqNumber(u32::from_be_bytes([a, b, c, d])),
        _ => panic!("the server answered the SYN with a SYN/ACK"),
    };
    let (ack, psh, fin) = (
        TcpFlags::ACK,
        TcpFlags::PSH | TcpFlags::ACK,
        TcpFlags::FIN | TcpFlags::ACK,
    );
    let theirs = server_isn + 1u32;
    let mut mine = isn + 1u32;
    send(ack, mine, theirs, b"");
    let data = [b'x'; DATA_LEN];
    for _ in 0..DATA_SEGMENTS {
        send(psh, mine, theirs, &data);
        mine += DATA_LEN as u32;
    }
    send(fin, mine, theirs, b"");
    mine += 1u32;
    send(ack, mine, theirs + 1u32, b"");
    (sent, replies.len())
}

struct Row {
    name: &'static str,
    seconds: f64,
    segments_in: usize,
    segments_out: usize,
}

fn run(name: &'static str, mut server: impl Server, connections: usize) -> Row {
    let mut now_ms = 0;
    let (mut segments_in, mut segments_out) = (0, 0);
    let start = WallClock::now();
    for i in 0..connections {
        let port = 40_000 + (i % 20_000) as u16;
        let (sent, got) = connection(&mut server, port, &mut now_ms);
        segments_in += sent;
        segments_out += got;
    }
    let seconds = start.elapsed().as_secs_f64();
    let expected = connections * DATA_SEGMENTS as usize * DATA_LEN;
    assert_eq!(
        server.received(),
        expected,
        "{name}: the server read every byte"
    );
    Row {
        name,
        seconds,
        segments_in,
        segments_out,
    }
}

fn main() {
    let connections = std::env::args()
        .skip(1)
        .find_map(|a| a.parse::<usize>().ok())
        .unwrap_or(DEFAULT_CONNECTIONS);
    // Warm up caches and the allocator for both, then measure both in the same run.
    run("warm-up", OurServer::new(), 500);
    run("warm-up", SmolServer::new(), 500);
    let rows = [
        run("tcpip-stack Host", OurServer::new(), connections),
        run("smoltcp 0.14", SmolServer::new(), connections),
    ];

    println!(
        "throughput: {connections} connections, each SYN / SYN-ACK / ACK, {DATA_SEGMENTS} × \
         {DATA_LEN}-byte data + ACK, FIN / ACK / FIN / ACK"
    );
    println!(
        "{:<18} {:>9} {:>9} {:>10} {:>12} {:>14}",
        "stack", "segs in", "segs out", "time (s)", "µs / conn", "segments / s"
    );
    let rate = |r: &Row| (r.segments_in + r.segments_out) as f64 / r.seconds;
    for r in &rows {
        println!(
            "{:<18} {:>9} {:>9} {:>10.3} {:>12.2} {:>14.0}",
            r.name,
            r.segments_in,
            r.segments_out,
            r.seconds,
            r.seconds * 1e6 / connections as f64,
            rate(r)
        );
    }
    let [ours, smol] = &rows;
    println!(
        "ratio (tcpip-stack / smoltcp, segments per second): {:.2}",
        rate(ours) / rate(smol)
    );
}
