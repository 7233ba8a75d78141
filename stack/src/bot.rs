//! The engine's own players. A bot plays a host with the reference TCP ([`Host`]) and a
//! router with [`crate::route::Router::forward`], so a team of one or two, a lone student or
//! a projector demo can still play every round (game design §2, "bot").
//!
//! Host bots are people at a keyboard: the world wakes them a think-time after something
//! happens, they hand every card their stack wants to transmit to the router, and a client
//! bot pursues its team's current goal, in the order of seed 000's rounds:
//! 1. open a connection to its own server (port 23);
//! 2. send `my name is <name>` on it;
//! 3. open a connection to port 80 of its server, which nobody listens on (RST expected);
//! 4. keep the connection open and wait: the forged RST of round 4 is the attacker's move;
//! 5. open a connection to an address no router knows (ICMP unreachable expected), then
//!    give up on it as a user would (Ctrl-C), so it does not retransmit for minutes;
//! 6. open a connection to the next team's server (router bots fill in the routes);
//! 7. close every connection gracefully and live through TIME-WAIT.
//!
//! Each connection uses a new client port: reusing a four-tuple right after TIME-WAIT is
//! legal but confuses Wireshark ("port numbers reused") and students alike.
//!
//! Only one client bot per team plays the rounds (the first), and none when a person plays
//! one of the team's clients: the bots fill seats, they do not steal a round from people.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::addr::{Endpoint, Ipv4Addr};
use crate::host::{ConnId, Host};
use crate::score::Goal;
use crate::tcp::State;
use crate::time::Instant;

/// The first client port a bot uses; each new connection takes the next one.
const FIRST_PORT: u16 = 40000;

/// The port round 3 aims at: the web server that is not there (seed 000).
const REFUSED_PORT: u16 = 80;

/// The state a bot keeps between moves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostBot {
    /// Accepts, reads, and closes when the client closed (CLOSE-WAIT → LAST-ACK).
    Server,
    Client(ClientBot),
}

impl HostBot {
    pub fn client() -> HostBot {
        HostBot::Client(ClientBot::new())
    }
}

/// What a client bot remembers: its connections by purpose, and the next port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientBot {
    next_port: u16,
    /// The connection to its own server (rounds 1, 2, 4, 7).
    main: Option<ConnId>,
    /// Whether `main` already carried the name (round 2).
    named: bool,
    /// Whether `main` carried the retransmission round's line, which the round loses.
    asked: bool,
    /// The connection expected to fail (rounds 3 and 5).
    probe: Option<(Goal, ConnId)>,
    /// The connection to the next team's server (round 6).
    across: Option<ConnId>,
}

impl Default for ClientBot {
    fn default() -> Self {
        ClientBot::new()
    }
}

/// What a client bot knows about its place in the game when it plays.
#[derive(Clone, Copy, Debug)]
pub struct ClientContext<'a> {
    /// The team's first unreached goal; `None` when the race is over for the team.
    pub goal: Option<Goal>,
    pub name: &'a str,
    pub own_server: Endpoint,
    /// The server of round 6 (the next team's), when there is a backbone.
    pub across_server: Option<Endpoint>,
    /// An address no router has a route for (round 5).
    pub unknown: Ipv4Addr,
    /// The ports the own server listens on, so round 3 picks one it does not.
    pub server_ports: &'a [u16],
}

/// What a bot needs from the world besides its own host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    /// Round 4: the attacker should forge a RST against this established connection.
    Forgery,
    /// Round 6: router bots should add the routes between the LANs.
    Routes,
}

/// One move of a bot, described for the event log, plus what it asks of the world.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Moves {
    pub done: Vec<String>,
    pub requests: Vec<Request>,
}

impl ClientBot {
    pub fn new() -> ClientBot {
        ClientBot {
            next_port: FIRST_PORT,
            main: None,
            named: false,
            asked: false,
            probe: None,
            across: None,
        }
    }

    fn take_port(&mut self) -> u16 {
        let port = self.next_port;
        self.next_port = match self.next_port.checked_add(1) {
            Some(p) if p < 61000 => p,
            _ => FIRST_PORT,
        };
        port
    }

    /// Opens a connection from a fresh port; a busy port (never expected) is skipped.
    fn connect(
        &mut self,
        host: &mut Host,
        remote: Endpoint,
        now: Instant,
        moves: &mut Moves,
    ) -> Option<ConnId> {
        for _ in 0..8 {
            let port = self.take_port();
            if let Ok(id) = host.connect(port, remote, now) {
                moves
                    .done
                    .push(format!("connect from port {port} to {remote}"));
                return Some(id);
            }
        }
        None
    }

    fn state(host: &Host, conn: Option<ConnId>) -> Option<State> {
        conn.and_then(|c| host.connection(c)).map(|v| v.state)
    }

    /// Keeps a connection to the own server: opens one when there is none (or it died).
    fn ensure_main(
        &mut self,
        host: &mut Host,
        ctx: &ClientContext,
        now: Instant,
        moves: &mut Moves,
    ) -> Option<State> {
        let state = Self::state(host, self.main);
        if state.is_none() {
            self.main = self.connect(host, ctx.own_server, now, moves);
            self.named = false;
            return Self::state(host, self.main);
        }
        state
    }

    /// The port of round 3: 80, or the first port above it the server does not listen on.
    fn refused_port(ctx: &ClientContext) -> u16 {
        (REFUSED_PORT..u16::MAX)
            .find(|p| !ctx.server_ports.contains(p))
            .unwrap_or(REFUSED_PORT)
    }

    /// One turn of the client bot.
    pub fn play(&mut self, host: &mut Host, ctx: &ClientContext, now: Instant) -> Moves {
        let mut moves = Moves::default();
        // A probe whose round is over is abandoned, as a user gives up on a hung connect.
        if let Some((round, conn)) = self.probe {
            if ctx.goal != Some(round) {
                if host.connection(conn).is_some() && host.abort(conn, now).is_ok() {
                    moves
                        .done
                        .push(String::from("give up the failed connection"));
                }
                self.probe = None;
            } else if host.connection(conn).is_none() {
                // Refused or dead: the world reads the outcome from the host events.
                self.probe = None;
            }
        }
        match ctx.goal {
            // The buffering round's bytes come from the application, which the world
            // keeps: it sends them through this connection (`World::nagle_bot`).
            Some(Goal::Handshake | Goal::Nagle) => {
                self.ensure_main(host, ctx, now, &mut moves);
            }
            Some(Goal::Data) => {
                let state = self.ensure_main(host, ctx, now, &mut moves);
                if state == Some(State::Established)
                    && !self.named
                    && let Some(conn) = self.main
                {
                    let line = format!("my name is {}", ctx.name);
                    if host.send(conn, line.as_bytes(), now).is_ok() {
                        moves.done.push(format!("send \"{line}\""));
                        self.named = true;
                    }
                }
            }
            // The round loses this card on the way; the stack's timer sends it again
            // by itself, as a kernel does (RFC 6298 §5.4).
            Some(Goal::Retransmit) => {
                let state = self.ensure_main(host, ctx, now, &mut moves);
                if state == Some(State::Established)
                    && !self.asked
                    && let Some(conn) = self.main
                {
                    let line = "are you there?";
                    if host.send(conn, line.as_bytes(), now).is_ok() {
                        moves.done.push(format!("send \"{line}\""));
                        self.asked = true;
                    }
                }
            }
            Some(Goal::Refused) if self.probe.is_none() => {
                let remote = Endpoint::new(ctx.own_server.addr, Self::refused_port(ctx));
                if let Some(conn) = self.connect(host, remote, now, &mut moves) {
                    self.probe = Some((Goal::Refused, conn));
                }
            }
            Some(Goal::ForgedRst) => {
                if self.ensure_main(host, ctx, now, &mut moves) == Some(State::Established) {
                    moves.requests.push(Request::Forgery);
                }
            }
            Some(Goal::NoRoute) if self.probe.is_none() => {
                let remote = Endpoint::new(ctx.unknown, ctx.own_server.port);
                if let Some(conn) = self.connect(host, remote, now, &mut moves) {
                    self.probe = Some((Goal::NoRoute, conn));
                }
            }
            Some(Goal::AcrossLans) => {
                if let Some(remote) = ctx.across_server {
                    moves.requests.push(Request::Routes);
                    if Self::state(host, self.across).is_none() {
                        self.across = self.connect(host, remote, now, &mut moves);
                    }
                }
            }
            Some(Goal::Goodbye) => {
                let state = self.ensure_main(host, ctx, now, &mut moves);
                if matches!(state, Some(State::Established | State::CloseWait)) {
                    self.close(host, self.main, now, &mut moves);
                }
                if matches!(
                    Self::state(host, self.across),
                    Some(State::Established | State::CloseWait)
                ) {
                    self.close(host, self.across, now, &mut moves);
                }
            }
            Some(Goal::Refused | Goal::NoRoute) | None => {}
        }
        moves
    }

    fn close(&self, host: &mut Host, conn: Option<ConnId>, now: Instant, moves: &mut Moves) {
        if let Some(conn) = conn
            && host.close(conn, now).is_ok()
        {
            moves.done.push(format!("close connection {conn}"));
        }
    }
}

/// One turn of a server bot: accept new connections, read what arrived (so the receive
/// window stays open), and close a connection the client closed (RFC 9293 §3.10.4: in
/// CLOSE-WAIT the application closes when it has nothing more to send).
pub fn serve(host: &mut Host, ports: &[u16], now: Instant) -> Moves {
    let mut moves = Moves::default();
    for port in ports {
        while let Some(conn) = host.accept(*port) {
            moves
                .done
                .push(format!("accept connection {conn} on port {port}"));
        }
    }
    for view in host.connections() {
        let data = host.recv(view.id);
        if !data.is_empty() {
            moves.done.push(format!(
                "read \"{}\" from {}",
                String::from_utf8_lossy(&data),
                view.remote
            ));
        }
        if view.state == State::CloseWait && host.close(view.id, now).is_ok() {
            moves
                .done
                .push(format!("close connection {} (the client closed)", view.id));
        }
    }
    moves
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tcp::Config;

    fn ctx(goal: Option<Goal>) -> ClientContext<'static> {
        ClientContext {
            goal,
            name: "Alice",
            own_server: Endpoint::new(Ipv4Addr::new(10, 0, 1, 1), 23),
            across_server: Some(Endpoint::new(Ipv4Addr::new(10, 0, 2, 1), 23)),
            unknown: Ipv4Addr::new(10, 0, 99, 1),
            server_ports: &[23, 80],
        }
    }

    fn client() -> Host {
        Host::new(Ipv4Addr::new(10, 0, 1, 2), Config::default())
    }

    /// Seed 000, round 1: the client opens with a SYN to the telnet port.
    #[test]
    fn round_1_handshake_opens_a_connection_to_port_23_seed_000() {
        let mut bot = ClientBot::new();
        let mut host = client();
        let moves = bot.play(&mut host, &ctx(Some(Goal::Handshake)), Instant::ZERO);
        assert_eq!(moves.done.len(), 1);
        let syn = host.take_outbox();
        assert_eq!(syn.len(), 1);
        assert!(syn[0].flags.syn());
        assert_eq!(syn[0].dst.port, 23);
        // Playing again while SYN-SENT does not open a second connection.
        assert!(
            bot.play(&mut host, &ctx(Some(Goal::Handshake)), Instant::ZERO)
                .done
                .is_empty()
        );
    }

    /// Seed 000, round 3: the probe goes to a port the server does not listen on, here 81
    /// because this server listens on 80 too; every connection takes a new client port.
    #[test]
    fn round_3_probes_a_closed_port_from_a_new_port_seed_000() {
        let mut bot = ClientBot::new();
        let mut host = client();
        bot.play(&mut host, &ctx(Some(Goal::Handshake)), Instant::ZERO);
        bot.play(&mut host, &ctx(Some(Goal::Refused)), Instant::ZERO);
        let out = host.take_outbox();
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].dst.port, 81);
        assert_ne!(out[0].src.port, out[1].src.port);
    }

    /// Seed 000, round 5: after the round the hung connect is abandoned (no RST is sent,
    /// nobody has state for it — RFC 9293 §3.10.5).
    #[test]
    fn round_5_probe_is_abandoned_when_the_round_is_over_seed_000() {
        let mut bot = ClientBot::new();
        let mut host = client();
        bot.play(&mut host, &ctx(Some(Goal::NoRoute)), Instant::ZERO);
        assert_eq!(host.take_outbox()[0].dst.addr, Ipv4Addr::new(10, 0, 99, 1));
        let moves = bot.play(&mut host, &ctx(Some(Goal::AcrossLans)), Instant::ZERO);
        assert!(moves.done.iter().any(|m| m.contains("give up")));
        assert!(moves.requests.contains(&Request::Routes));
        assert!(
            host.connections()
                .iter()
                .all(|c| c.remote.addr != Ipv4Addr::new(10, 0, 99, 1))
        );
        assert!(host.take_outbox().iter().all(|s| !s.flags.rst()));
    }

    /// RFC 9293 §3.10.4: a server bot closes once the client closed (CLOSE-WAIT).
    #[test]
    fn server_bot_closes_in_close_wait_rfc_9293_3_10_4() {
        let mut server = Host::new(Ipv4Addr::new(10, 0, 1, 1), Config::default());
        let mut cl = client();
        server.listen(23).unwrap();
        let t = Instant::ZERO;
        let mut bot = ClientBot::new();
        bot.play(&mut cl, &ctx(Some(Goal::Handshake)), t);
        // Run the handshake and a FIN by hand.
        let exchange = |from: &mut Host, to: &mut Host| {
            for s in from.take_outbox() {
                to.on_segment(&s, t);
            }
        };
        exchange(&mut cl, &mut server);
        exchange(&mut server, &mut cl);
        exchange(&mut cl, &mut server);
        assert!(serve(&mut server, &[23], t).done[0].starts_with("accept"));
        bot.play(&mut cl, &ctx(Some(Goal::Goodbye)), t);
        exchange(&mut cl, &mut server);
        let moves = serve(&mut server, &[23], t);
        assert!(moves.done.iter().any(|m| m.starts_with("close")));
        assert_eq!(server.connections()[0].state, State::LastAck);
    }
}
