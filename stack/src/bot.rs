//! The engine's own players. A bot plays a host with the reference TCP ([`Host`]) and a
//! router with [`crate::route::Router::forward`], so a team of one or two, a lone student or
//! a projector demo can still play every round (game design §2, "bot").
//!
//! Host bots are people at a keyboard: the world wakes them a think-time after something
//! happens, they hand every card their stack wants to transmit to the router, and a client
//! bot pursues its team's current goal, each round in its own way (its module under
//! `world/rounds/` says how) with the connections kept here: the one to its own server, the
//! one to another team's, and a probe meant to fail.
//!
//! Each connection uses a new client port: reusing a four-tuple right after TIME-WAIT is
//! legal but confuses Wireshark ("port numbers reused") and students alike.
//!
//! Only one client bot per team plays the rounds (the first), and none when a person plays
//! one of the team's clients: the bots fill seats, they do not steal a round from people.

use alloc::boxed::Box;
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

/// The state a bot keeps between moves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostBot {
    /// Accepts, reads, and closes when the client closed (CLOSE-WAIT → LAST-ACK).
    Server,
    /// Boxed: what a client bot remembers grows with the rounds, and a server's node
    /// should not carry it.
    Client(Box<ClientBot>),
}

impl HostBot {
    pub fn client() -> HostBot {
        HostBot::Client(Box::default())
    }
}

/// What a client bot remembers: its connections by purpose, the lines it said, and the
/// next port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientBot {
    next_port: u16,
    /// The connection to its own server (rounds 1, 2, 4, 7, 8, 9).
    pub(crate) main: Option<ConnId>,
    /// The lines rounds said on `main`: the round, and the connection when the round says
    /// its line once a connection ([`Once::PerConnection`]).
    said: Vec<(Goal, Option<ConnId>)>,
    /// The connection expected to fail, and the round it is for (rounds 3 and 5).
    pub(crate) probe: Option<(Goal, ConnId)>,
    /// The connection to the next team's server (round 6).
    pub(crate) across: Option<ConnId>,
    /// The connection to the address the DNS server gave (round 10).
    pub(crate) named: Option<ConnId>,
    /// The connection to the load balancer's service address (round 11).
    pub(crate) balanced: Option<ConnId>,
    /// Whether it asked the DNS server in round 10, so an address it holds is an answer
    /// of the round's.
    pub(crate) asked: bool,
}

/// How often a round's line goes on the connection to the own server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Once {
    /// Again on a new connection, if the first one died (round 2's name).
    PerConnection,
    /// Once in the round, whatever happens to the connection (round 8's lost line).
    PerRound,
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
    /// The game's DNS server and the name of the own server in its zone (round 10), when
    /// the game has a zone.
    pub dns: Option<(Ipv4Addr, &'a str)>,
    /// The load balancer's service address (round 11), when the game has a balancer.
    pub vip: Option<Ipv4Addr>,
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

/// One turn of a client bot: its host, what it knows, the time, and the moves it made so
/// far. A round's turn (its module under `world/rounds/`) plays through it.
pub struct Turn<'a> {
    pub host: &'a mut Host,
    pub ctx: ClientContext<'a>,
    pub now: Instant,
    pub moves: Moves,
}

impl ClientBot {
    pub fn new() -> ClientBot {
        ClientBot {
            next_port: FIRST_PORT,
            main: None,
            said: Vec::new(),
            probe: None,
            across: None,
            named: None,
            balanced: None,
            asked: false,
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
    pub(crate) fn connect(&mut self, turn: &mut Turn, remote: Endpoint) -> Option<ConnId> {
        for _ in 0..8 {
            let port = self.take_port();
            if let Ok(id) = turn.host.connect(port, remote, turn.now) {
                turn.moves
                    .done
                    .push(format!("connect from port {port} to {remote}"));
                return Some(id);
            }
        }
        None
    }

    pub(crate) fn state(host: &Host, conn: Option<ConnId>) -> Option<State> {
        conn.and_then(|c| host.connection(c)).map(|v| v.state)
    }

    /// Keeps a connection to the own server: opens one when there is none (or it died).
    pub(crate) fn ensure_main(&mut self, turn: &mut Turn) -> Option<State> {
        let state = Self::state(turn.host, self.main);
        if state.is_none() {
            self.main = self.connect(turn, turn.ctx.own_server);
            return Self::state(turn.host, self.main);
        }
        state
    }

    /// Round `goal`'s `line`, sent on the connection to the own server once it is
    /// ESTABLISHED (opening one first if needed), unless the round said it already.
    pub(crate) fn say(&mut self, turn: &mut Turn, (goal, once): (Goal, Once), line: &str) {
        let state = self.ensure_main(turn);
        let Some(conn) = self.main.filter(|_| state == Some(State::Established)) else {
            return;
        };
        let mark = (goal, (once == Once::PerConnection).then_some(conn));
        if !self.said.contains(&mark) && turn.host.send(conn, line.as_bytes(), turn.now).is_ok() {
            turn.moves.done.push(format!("send \"{line}\""));
            self.said.push(mark);
        }
    }

    /// The start of every turn: a probe whose round is over is abandoned, as a user gives
    /// up on a hung connect; one that is gone is forgotten.
    pub(crate) fn give_up(&mut self, turn: &mut Turn) {
        let Some((round, conn)) = self.probe else {
            return;
        };
        if turn.ctx.goal != Some(round) {
            if turn.host.connection(conn).is_some() && turn.host.abort(conn, turn.now).is_ok() {
                turn.moves
                    .done
                    .push(String::from("give up the failed connection"));
            }
            self.probe = None;
        } else if turn.host.connection(conn).is_none() {
            // Refused or dead: the world reads the outcome from the host events.
            self.probe = None;
        }
    }

    pub(crate) fn close(&self, turn: &mut Turn, conn: Option<ConnId>) {
        if let Some(conn) = conn
            && turn.host.close(conn, turn.now).is_ok()
        {
            turn.moves.done.push(format!("close connection {conn}"));
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

    /// RFC 9293 §3.10.4: a server bot closes once the client closed (CLOSE-WAIT).
    #[test]
    fn server_bot_closes_in_close_wait_rfc_9293_3_10_4() {
        let mut server = Host::new(Ipv4Addr::new(10, 0, 1, 1), Config::default());
        let mut cl = Host::new(Ipv4Addr::new(10, 0, 1, 2), Config::default());
        server.listen(23).unwrap();
        let t = Instant::ZERO;
        let telnet = Endpoint::new(Ipv4Addr::new(10, 0, 1, 1), 23);
        let conn = cl.connect(FIRST_PORT, telnet, t).unwrap();
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
        cl.close(conn, t).unwrap();
        exchange(&mut cl, &mut server);
        let moves = serve(&mut server, &[23], t);
        assert!(moves.done.iter().any(|m| m.starts_with("close")));
        assert_eq!(server.connections()[0].state, State::LastAck);
    }
}
