//! The bot of the DNS server seat. Its stack answers a question as it arrives, from the
//! zone's table (RFC 1034 §4.3.2), the way a kernel answers a SYN; the bot's turn is to say
//! what goes out, so the board shows the server at work. A client that resolves before it
//! connects uses [`crate::host::Host::resolve`] and reads [`crate::host::Host::address_of`].

use alloc::format;
use alloc::vec::Vec;

use crate::bot::Moves;
use crate::host::Host;
use crate::wire::Packet;

/// The answers the server's stack queued, in words, as the bot's moves.
pub fn serve(host: &Host) -> Moves {
    let done = host
        .udp_outbox()
        .iter()
        .filter_map(|p| {
            let Packet::Udp { dst, .. } = p else {
                return None;
            };
            Some(format!("answer {dst}: {}", p.dns()?.describe()))
        })
        .collect::<Vec<_>>();
    Moves {
        done,
        requests: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addr::{Endpoint, Ipv4Addr};
    use crate::host::{Zone, ZoneRecord};
    use crate::tcp::Config;
    use crate::wire::{DnsMessage, DnsName};

    /// RFC 1034 §4.3.2: the server bot answers from the zone, and says so.
    #[test]
    fn the_server_bot_says_what_it_answers_rfc1034_4_3_2() {
        let mut server = Host::new(Ipv4Addr::new(10, 0, 1, 53), Config::default());
        server.serve_zone(Zone {
            origin: "game".into(),
            records: alloc::vec![ZoneRecord {
                name: "red.game".into(),
                addr: Ipv4Addr::new(10, 0, 1, 1),
                ttl: 300,
            }],
        });
        let name = DnsName::from_text("red.game").expect("a name");
        let query = DnsMessage::query(4660, name).encode().expect("bytes");
        let client = Endpoint::new(Ipv4Addr::new(10, 0, 1, 2), 40000);
        server.on_udp(client, Endpoint::new(server.addr(), 53), &query);
        assert_eq!(
            serve(&server).done,
            ["answer 10.0.1.2:40000: DNS answer red.game A 10.0.1.1 TTL 300 id 4660"]
        );
    }
}
