//! What the game's load balancer keeps (see [`crate::scenario::balancer`] for where it
//! sits, and the world's balancer for what it does): the service address, its backends'
//! addresses, and the connection table that keeps each connection on one backend.

use alloc::vec::Vec;

use crate::addr::{Endpoint, Ipv4Addr};

/// How many connections the balancer remembers; the oldest is forgotten first (LVS keeps
/// its connection table with timeouts; a lesson needs a handful).
const FLOW_LIMIT: usize = 256;

/// The balancer's state: see the module documentation.
#[derive(Clone, Debug)]
pub(crate) struct Balancer {
    pub vip: Ipv4Addr,
    /// The backends' telnet servers' addresses, in the file's order.
    pub backends: Vec<Ipv4Addr>,
    /// The connection table: a client's endpoint and the backend it was sent to, oldest
    /// first. One connection stays on one backend (LVS's connection table), or the backend
    /// that never saw its SYN would answer with a RST (RFC 9293 §3.10.7.1).
    pub flows: Vec<Flow>,
    /// The next backend a new connection gets (round robin).
    next: usize,
}

/// One connection of the balancer's table: the client's endpoint and its backend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Flow {
    pub client: Endpoint,
    pub backend: Ipv4Addr,
}

impl Balancer {
    pub(crate) fn new(vip: Ipv4Addr, backends: Vec<Ipv4Addr>) -> Balancer {
        Balancer {
            vip,
            backends,
            flows: Vec::new(),
            next: 0,
        }
    }

    /// The backend this connection was sent to before, if any.
    pub(crate) fn backend_of(&self, client: Endpoint) -> Option<Ipv4Addr> {
        self.flows
            .iter()
            .find(|f| f.client == client)
            .map(|f| f.backend)
    }

    /// The backend a new connection gets now: the next in turn.
    pub(crate) fn next_backend(&self) -> Option<Ipv4Addr> {
        let n = self.backends.len();
        (n > 0)
            .then(|| self.backends.get(self.next % n).copied())
            .flatten()
    }

    /// The backend a correct balancer picks for `client`'s card: its connection's, or the
    /// next in turn for a new connection.
    pub(crate) fn pick(&self, client: Endpoint) -> Option<Ipv4Addr> {
        self.backend_of(client).or_else(|| self.next_backend())
    }

    /// Remembers that `client`'s connection goes to `backend`, unless it is known already;
    /// a new connection moves the turn on.
    pub(crate) fn remember(&mut self, client: Endpoint, backend: Ipv4Addr) {
        if self.backend_of(client).is_some() {
            return;
        }
        self.next = self.next.wrapping_add(1);
        if self.flows.len() >= FLOW_LIMIT {
            self.flows.remove(0);
        }
        self.flows.push(Flow { client, backend });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RED: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 1);
    const BLUE: Ipv4Addr = Ipv4Addr::new(10, 0, 2, 1);

    fn client(port: u16) -> Endpoint {
        Endpoint::new(Ipv4Addr::new(10, 0, 2, 2), port)
    }

    /// New connections take the backends in turn; a known one keeps its backend, whoever
    /// picked it; the table forgets its oldest connection past its size.
    #[test]
    fn connections_take_turns_and_stay_put() {
        let mut lb = Balancer::new(Ipv4Addr::new(10, 0, 1, 100), alloc::vec![RED, BLUE]);
        assert_eq!(lb.pick(client(1)), Some(RED));
        lb.remember(client(1), RED);
        assert_eq!(lb.pick(client(2)), Some(BLUE));
        lb.remember(client(2), BLUE);
        lb.remember(client(2), RED);
        assert_eq!(lb.pick(client(2)), Some(BLUE), "a connection stays put");
        assert_eq!(lb.pick(client(3)), Some(RED));
        for port in 3..3 + FLOW_LIMIT as u16 {
            lb.remember(client(port), RED);
        }
        assert_eq!(lb.flows.len(), FLOW_LIMIT);
        assert_eq!(lb.backend_of(client(1)), None, "the oldest is forgotten");
        assert_eq!(Balancer::new(RED, Vec::new()).pick(client(1)), None);
    }
}
