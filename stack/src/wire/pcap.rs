//! A libpcap capture file (the classic format 2.4, "pcap-savefile(5)") so any game opens in
//! Wireshark or tcpdump: link type 101 (LINKTYPE_RAW, packets start at the IPv4 header, as
//! the game has no link layer) and timestamps taken from game time.

use alloc::format;
use alloc::vec::Vec;

use super::WireError;
use crate::time::Instant;

const MAGIC_MICROS: u32 = 0xa1b2_c3d4;
const MAGIC_NANOS: u32 = 0xa1b2_3c4d;
const VERSION_MAJOR: u16 = 2;
const VERSION_MINOR: u16 = 4;
/// The largest packet an IPv4 datagram can be, so no packet is ever cut.
const SNAPLEN: u32 = 65_535;
/// LINKTYPE_RAW from the tcpdump.org link-type registry.
pub const LINKTYPE_RAW: u32 = 101;
/// LINKTYPE_IPV4: also raw IPv4, accepted on reading.
const LINKTYPE_IPV4: u32 = 228;
const GLOBAL_HEADER_LEN: usize = 24;
const RECORD_HEADER_LEN: usize = 16;

/// Builds a capture in memory; the engine has no files, the caller saves the bytes.
///
/// Written little-endian whatever the machine, so the same game gives the same file
/// everywhere (readers use the magic number to detect byte order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PcapWriter {
    bytes: Vec<u8>,
    records: usize,
}

impl Default for PcapWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl PcapWriter {
    /// A capture with only the 24-byte global header.
    pub fn new() -> Self {
        let mut bytes = Vec::with_capacity(GLOBAL_HEADER_LEN);
        bytes.extend_from_slice(&MAGIC_MICROS.to_le_bytes());
        bytes.extend_from_slice(&VERSION_MAJOR.to_le_bytes());
        bytes.extend_from_slice(&VERSION_MINOR.to_le_bytes());
        bytes.extend_from_slice(&0i32.to_le_bytes()); // thiszone: timestamps are UTC-like
        bytes.extend_from_slice(&0u32.to_le_bytes()); // sigfigs: always 0 in practice
        bytes.extend_from_slice(&SNAPLEN.to_le_bytes());
        bytes.extend_from_slice(&LINKTYPE_RAW.to_le_bytes());
        PcapWriter { bytes, records: 0 }
    }

    /// Appends one IPv4 packet seen at game time `at` (game start shows as 1970-01-01,
    /// which keeps the file deterministic). Bytes beyond the snapshot length are cut and
    /// the original length recorded, as libpcap does.
    pub fn push(&mut self, at: Instant, packet: &[u8]) {
        let secs = u32::try_from(at.micros() / 1_000_000).unwrap_or(u32::MAX);
        let micros = (at.micros() % 1_000_000) as u32;
        let orig_len = u32::try_from(packet.len()).unwrap_or(u32::MAX);
        let kept = packet.get(..SNAPLEN as usize).unwrap_or(packet);
        self.bytes.extend_from_slice(&secs.to_le_bytes());
        self.bytes.extend_from_slice(&micros.to_le_bytes());
        self.bytes
            .extend_from_slice(&(kept.len() as u32).to_le_bytes());
        self.bytes.extend_from_slice(&orig_len.to_le_bytes());
        self.bytes.extend_from_slice(kept);
        self.records += 1;
    }

    /// The number of packets written.
    pub fn len(&self) -> usize {
        self.records
    }
    pub fn is_empty(&self) -> bool {
        self.records == 0
    }
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// Reads the packets of a raw-IPv4 capture, in either byte order and with micro- or
/// nanosecond timestamps. Packets are returned as stored (possibly cut at the snapshot
/// length); nothing in them is checked.
pub fn pcap_records(bytes: &[u8]) -> Result<Vec<(Instant, Vec<u8>)>, WireError> {
    let Some(header) = bytes.get(..GLOBAL_HEADER_LEN) else {
        return Err(WireError::new(
            "pcap global header",
            format!(
                "needs {GLOBAL_HEADER_LEN} bytes, the file has {}",
                bytes.len()
            ),
        ));
    };
    let le = u32_at(header, 0, true);
    let (little_endian, nanos) = match (le, le.swap_bytes()) {
        (MAGIC_MICROS, _) => (true, false),
        (MAGIC_NANOS, _) => (true, true),
        (_, MAGIC_MICROS) => (false, false),
        (_, MAGIC_NANOS) => (false, true),
        _ => {
            return Err(WireError::new(
                "pcap magic number",
                format!("0x{le:08x} is not a classic pcap file (pcapng is not supported)"),
            ));
        }
    };
    let linktype = u32_at(header, 20, little_endian) & 0x0fff_ffff; // high bits: FCS info
    if linktype != LINKTYPE_RAW && linktype != LINKTYPE_IPV4 {
        return Err(WireError::new(
            "pcap link type",
            format!("must be {LINKTYPE_RAW} (raw IPv4), found {linktype}"),
        ));
    }
    let mut records = Vec::new();
    let mut rest = bytes.get(GLOBAL_HEADER_LEN..).unwrap_or_default();
    while !rest.is_empty() {
        let index = records.len() + 1;
        let Some(record) = rest.get(..RECORD_HEADER_LEN) else {
            return Err(WireError::new(
                "pcap record header",
                format!("record {index} is cut short after {} bytes", rest.len()),
            ));
        };
        let secs = u64::from(u32_at(record, 0, little_endian));
        let frac = u64::from(u32_at(record, 4, little_endian));
        let micros = if nanos { frac / 1_000 } else { frac };
        let incl_len = u32_at(record, 8, little_endian) as usize;
        let body = rest.get(RECORD_HEADER_LEN..).unwrap_or_default();
        let Some(data) = body.get(..incl_len) else {
            return Err(WireError::new(
                "pcap record length",
                format!(
                    "record {index} says {incl_len} bytes, only {} remain",
                    body.len()
                ),
            ));
        };
        let at = Instant::from_micros(secs.saturating_mul(1_000_000).saturating_add(micros));
        records.push((at, data.to_vec()));
        rest = body.get(incl_len..).unwrap_or_default();
    }
    Ok(records)
}

fn u32_at(bytes: &[u8], at: usize, little_endian: bool) -> u32 {
    let word = match bytes.get(at..at.saturating_add(4)) {
        Some(&[a, b, c, d]) => [a, b, c, d],
        _ => [0; 4],
    };
    if little_endian {
        u32::from_le_bytes(word)
    } else {
        u32::from_be_bytes(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    /// pcap-savefile(5): magic 0xa1b2c3d4, version 2.4, thiszone 0, sigfigs 0, snaplen,
    /// link type 101 (LINKTYPE_RAW, tcpdump.org link-layer header types).
    #[test]
    fn global_header_is_pcap_2_4_raw_ipv4() {
        let w = PcapWriter::new();
        assert_eq!(
            w.as_bytes(),
            [
                0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 101,
                0, 0, 0
            ]
        );
        assert!(w.is_empty());
        assert_eq!(pcap_records(w.as_bytes()), Ok(vec![]));
    }

    /// pcap-savefile(5) record header: ts_sec, ts_usec, incl_len, orig_len.
    #[test]
    fn record_header_carries_game_time_and_lengths() {
        let mut w = PcapWriter::new();
        w.push(Instant::from_micros(3_250_007), &[0x45, 1, 2]);
        assert_eq!(w.len(), 1);
        let bytes = w.into_bytes();
        assert_eq!(
            bytes.get(24..),
            Some(
                &[
                    3, 0, 0, 0, 0x97, 0xd0, 0x03, 0, 3, 0, 0, 0, 3, 0, 0, 0, 0x45, 1, 2
                ][..]
            )
        );
        assert_eq!(
            pcap_records(&bytes),
            Ok(vec![(Instant::from_micros(3_250_007), vec![0x45, 1, 2])])
        );
    }

    /// pcap-savefile(5): readers detect byte order from the magic number; the 0xa1b23c4d
    /// magic means nanosecond timestamps.
    #[test]
    fn reads_big_endian_and_nanosecond_files() {
        let mut be = vec![0xa1, 0xb2, 0x3c, 0x4d, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0];
        be.extend_from_slice(&[0, 0, 0xff, 0xff, 0, 0, 0, 101]);
        be.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0x03, 0xe8, 0, 0, 0, 1, 0, 0, 0, 1, 0x45]);
        assert_eq!(
            pcap_records(&be),
            Ok(vec![(Instant::from_micros(1_000_001), vec![0x45])])
        );
    }

    #[test]
    fn broken_files_name_the_field() {
        let err = |b: &[u8]| pcap_records(b).map_err(|e| e.field);
        assert_eq!(err(&[0xd4, 0xc3]), Err("pcap global header"));
        let mut ethernet = PcapWriter::new().into_bytes();
        if let Some(l) = ethernet.get_mut(20) {
            *l = 1;
        }
        assert_eq!(err(&ethernet), Err("pcap link type"));
        assert_eq!(err(&[0; 24]), Err("pcap magic number"));
        let mut w = PcapWriter::new();
        w.push(Instant::ZERO, &[1, 2, 3, 4]);
        let bytes = w.into_bytes();
        assert_eq!(
            err(bytes.get(..bytes.len() - 1).unwrap_or_default()),
            Err("pcap record length")
        );
        assert_eq!(
            err(bytes.get(..30).unwrap_or_default()),
            Err("pcap record header")
        );
    }
}
