//! The load balancer's slip as a person writes it: the boxes of the new outer header and
//! of the inner one, read into a [`Tunnel`] — or every problem at once, each naming its
//! box, as a card is read. Whether the boxes are *right* is the referee's to say
//! (`check::balancer`); here only whether they can be read.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::{Field, FieldError, Problems, Tunnel};
use crate::text::text;
use crate::wire::{IpMeta, Packet};

/// The boxes of the balancer's slip, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TunnelSlip {
    pub src_ip: String,
    pub dst_ip: String,
    pub protocol: String,
    pub ttl: String,
    pub inner_dst_ip: String,
    pub inner_ttl: String,
}

impl TunnelSlip {
    /// The slip as it lands under `packet`: the inner header's destination and TTL copied
    /// from the card (they leave unchanged, RFC 2003 §3.1), the outer boxes blank for the
    /// person to write.
    pub fn under(packet: &Packet) -> TunnelSlip {
        TunnelSlip {
            inner_dst_ip: packet.dst().to_string(),
            inner_ttl: packet.ttl().to_string(),
            ..TunnelSlip::default()
        }
    }

    /// Reads every box. A blank outer TTL is the usual 64, as on a card (RFC 1700's
    /// default); the protocol is any number 0–255 here (RFC 791 §3.1: 8 bits), and 4 is
    /// the referee's to ask for.
    pub fn parse(&self) -> Result<Tunnel, Vec<FieldError>> {
        let mut p = Problems(Vec::new());
        let src = p.ip(
            Field::SrcIp,
            &self.src_ip,
            text!(
                "source IP is blank: write the balancer's own address, e.g. 10.0.1.80",
                "l'IP sorgente è vuoto: scrivi l'indirizzo del bilanciatore, es. 10.0.1.80"
            ),
        );
        let dst = p.ip(
            Field::DstIp,
            &self.dst_ip,
            text!(
                "destination IP is blank: write the address of the backend you choose",
                "l'IP destinazione è vuoto: scrivi l'indirizzo del backend che scegli"
            ),
        );
        let protocol = p.number(
            Field::Protocol,
            &self.protocol,
            0,
            255,
            text!(
                "protocol is blank: write the number of what the new header carries",
                "il protocollo è vuoto: scrivi il numero di ciò che trasporta la nuova \
                 intestazione"
            ),
        );
        let ttl = if self.ttl.trim().is_empty() {
            Some(u64::from(IpMeta::default().ttl))
        } else {
            p.number(
                Field::Ttl,
                &self.ttl,
                1,
                255,
                text!(
                    "TTL is blank: leave it empty for 64, or write 1 to 255",
                    "il TTL è vuoto: lascialo vuoto per avere 64, oppure scrivi da 1 a 255"
                ),
            )
        };
        let inner_dst = p.ip(
            Field::InnerDstIp,
            &self.inner_dst_ip,
            text!(
                "inner destination IP is blank: it is the card's own destination, unchanged",
                "l'IP destinazione interno è vuoto: è la destinazione della carta, invariata"
            ),
        );
        let inner_ttl = p.number(
            Field::InnerTtl,
            &self.inner_ttl,
            1,
            255,
            text!(
                "inner TTL is blank: it is the card's own TTL, unchanged",
                "il TTL interno è vuoto: è il TTL della carta, invariato"
            ),
        );
        let byte = |n: Option<u64>| n.and_then(|n| u8::try_from(n).ok());
        match (
            src,
            dst,
            byte(protocol),
            byte(ttl),
            inner_dst,
            byte(inner_ttl),
        ) {
            (Some(src), Some(dst), Some(protocol), Some(ttl), Some(inner_dst), Some(inner_ttl))
                if p.0.is_empty() =>
            {
                Ok(Tunnel {
                    src,
                    dst,
                    protocol,
                    ttl,
                    inner_dst,
                    inner_ttl,
                })
            }
            _ => Err(p.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addr::Ipv4Addr;
    use crate::card::Card;

    fn syn_to_vip() -> Packet {
        let card = Card {
            src_ip: "10.0.2.2".into(),
            dst_ip: "10.0.1.100".into(),
            src_port: "40001".into(),
            dst_port: "23".into(),
            syn: true,
            seq: "0".into(),
            ttl: "62".into(),
            ..Card::default()
        };
        card.parse().expect("a SYN")
    }

    /// RFC 2003 §3.1: the inner header arrives on the slip as the card carries it; the
    /// outer boxes are the person's to write.
    #[test]
    fn the_slip_under_a_card_copies_the_inner_header_only() {
        let slip = TunnelSlip::under(&syn_to_vip());
        assert_eq!(slip.inner_dst_ip, "10.0.1.100");
        assert_eq!(slip.inner_ttl, "62");
        assert_eq!((slip.src_ip.as_str(), slip.dst_ip.as_str()), ("", ""));
        assert_eq!((slip.protocol.as_str(), slip.ttl.as_str()), ("", ""));
    }

    #[test]
    fn a_filled_slip_reads_as_the_tunnel_and_a_blank_ttl_is_64() {
        let slip = TunnelSlip {
            src_ip: "10.0.1.80".into(),
            dst_ip: " 10.0.2.1 ".into(),
            protocol: "4".into(),
            ..TunnelSlip::under(&syn_to_vip())
        };
        let tunnel = slip.parse().expect("readable");
        assert_eq!(
            tunnel,
            Tunnel {
                src: Ipv4Addr::new(10, 0, 1, 80),
                dst: Ipv4Addr::new(10, 0, 2, 1),
                protocol: 4,
                ttl: 64,
                inner_dst: Ipv4Addr::new(10, 0, 1, 100),
                inner_ttl: 62,
            }
        );
        // A wrong protocol is readable: the referee, not the reader, says it must be 4.
        let six = TunnelSlip {
            protocol: "6".into(),
            ..slip
        };
        assert_eq!(six.parse().map(|t| t.protocol), Ok(6));
    }

    #[test]
    fn every_unreadable_box_is_named_in_both_languages() {
        let slip = TunnelSlip {
            src_ip: String::new(),
            dst_ip: "10.0.2".into(),
            protocol: "four".into(),
            ttl: "0".into(),
            inner_dst_ip: "10.0.1.300".into(),
            inner_ttl: "-1".into(),
        };
        let errors = slip.parse().expect_err("nothing readable");
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                Field::SrcIp,
                Field::DstIp,
                Field::Protocol,
                Field::Ttl,
                Field::InnerDstIp,
                Field::InnerTtl
            ]
        );
        assert!(errors.iter().all(|e| e.it.is_some()), "{errors:?}");
        assert!(errors[0].message.contains("balancer's own address"));
        assert!(errors[3].message.starts_with("TTL 0 is too small"));
    }
}
