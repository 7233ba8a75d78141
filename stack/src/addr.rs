//! IPv4 addresses, prefixes (address/netmask) and TCP endpoints.

use core::fmt;
use core::str::FromStr;

use crate::text::Words;

pub use core::net::Ipv4Addr;

/// An IPv4 prefix such as `10.0.1.0/24` (seed 003: "netmask routing").
///
/// The stored address is always the network address (host bits cleared), so two prefixes
/// that cover the same addresses are equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "alloc::string::String", into = "alloc::string::String")
)]
pub struct Prefix {
    network: Ipv4Addr,
    len: u8,
}

/// Why a prefix could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrefixError {
    /// No `/` separating address and length.
    MissingSlash,
    BadAddress,
    /// The length after `/` is not a number from 0 to 32.
    BadLength,
}

impl PrefixError {
    /// Why, in both languages: the scenario checker and the browser's route editor say it.
    pub fn words(&self) -> Words {
        match self {
            PrefixError::MissingSlash => Words::new(
                "a prefix is written address/length, e.g. 10.0.1.0/24",
                "un prefisso si scrive indirizzo/lunghezza, per esempio 10.0.1.0/24",
            ),
            PrefixError::BadAddress => Words::new(
                "the address part is not an IPv4 address like 10.0.1.0",
                "la parte dell'indirizzo non è un indirizzo IPv4 come 10.0.1.0",
            ),
            PrefixError::BadLength => Words::new(
                "the length after '/' must be a number from 0 to 32",
                "la lunghezza dopo '/' deve essere un numero da 0 a 32",
            ),
        }
    }
}

impl fmt::Display for PrefixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.words().en)
    }
}

impl Prefix {
    /// The prefix of length `len` containing `addr`; `len` above 32 is clamped to 32.
    pub fn new(addr: Ipv4Addr, len: u8) -> Prefix {
        let len = len.min(32);
        Prefix {
            network: Ipv4Addr::from(u32::from(addr) & Self::mask_bits(len)),
            len,
        }
    }

    /// The default route, `0.0.0.0/0`, which matches every address.
    pub const DEFAULT: Prefix = Prefix {
        network: Ipv4Addr::UNSPECIFIED,
        len: 0,
    };

    const fn mask_bits(len: u8) -> u32 {
        if len == 0 {
            0
        } else {
            u32::MAX << (32 - len as u32)
        }
    }

    pub fn network(&self) -> Ipv4Addr {
        self.network
    }
    /// The prefix length (the `/24`), as routers and seed 003 call it; not a size, so it
    /// has no `is_empty` twin.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> u8 {
        self.len
    }
    pub fn netmask(&self) -> Ipv4Addr {
        Ipv4Addr::from(Self::mask_bits(self.len))
    }

    /// Whether `addr` falls inside this prefix (the AND-with-netmask test of seed 003).
    pub fn contains(&self, addr: Ipv4Addr) -> bool {
        u32::from(addr) & Self::mask_bits(self.len) == u32::from(self.network)
    }

    /// The address `host` inside this network, e.g. `.254` of `10.0.1.0/24`.
    pub fn host(&self, host: u32) -> Ipv4Addr {
        Ipv4Addr::from(u32::from(self.network) | (host & !Self::mask_bits(self.len)))
    }
}

impl FromStr for Prefix {
    type Err = PrefixError;
    fn from_str(s: &str) -> Result<Prefix, PrefixError> {
        let (a, l) = s.trim().split_once('/').ok_or(PrefixError::MissingSlash)?;
        let addr = Ipv4Addr::from_str(a.trim()).map_err(|_| PrefixError::BadAddress)?;
        let len: u8 = l.trim().parse().map_err(|_| PrefixError::BadLength)?;
        if len > 32 {
            return Err(PrefixError::BadLength);
        }
        Ok(Prefix::new(addr, len))
    }
}

impl TryFrom<alloc::string::String> for Prefix {
    type Error = PrefixError;
    fn try_from(s: alloc::string::String) -> Result<Prefix, PrefixError> {
        s.parse()
    }
}

impl From<Prefix> for alloc::string::String {
    fn from(p: Prefix) -> alloc::string::String {
        alloc::format!("{p}")
    }
}

impl fmt::Display for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.len)
    }
}

/// One end of a TCP connection: an address and a port.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Endpoint {
    pub addr: Ipv4Addr,
    pub port: u16,
}

impl Endpoint {
    pub const fn new(addr: Ipv4Addr, port: u16) -> Self {
        Endpoint { addr, port }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.addr, self.port)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Ipv4Addr {
        s.parse().unwrap()
    }

    /// Seed 003: a host is on a network when address AND netmask equals the network.
    #[test]
    fn contains_is_the_netmask_and_test() {
        let p: Prefix = "10.0.1.0/24".parse().unwrap();
        assert!(p.contains(ip("10.0.1.1")));
        assert!(p.contains(ip("10.0.1.254")));
        assert!(!p.contains(ip("10.0.2.1")));
        assert_eq!(p.netmask(), ip("255.255.255.0"));
        assert!(Prefix::DEFAULT.contains(ip("192.0.2.7")));
    }

    #[test]
    fn host_bits_are_cleared_and_hosts_built() {
        let p: Prefix = "10.0.1.77/24".parse().unwrap();
        assert_eq!(p.network(), ip("10.0.1.0"));
        assert_eq!(p.host(254), ip("10.0.1.254"));
        assert_eq!(alloc::format!("{p}"), "10.0.1.0/24");
    }

    #[test]
    fn bad_prefixes_say_what_is_wrong() {
        assert_eq!("10.0.1.0".parse::<Prefix>(), Err(PrefixError::MissingSlash));
        assert_eq!("10.0.1/24".parse::<Prefix>(), Err(PrefixError::BadAddress));
        assert_eq!("10.0.1.0/33".parse::<Prefix>(), Err(PrefixError::BadLength));
        assert_eq!("10.0.1.0/x".parse::<Prefix>(), Err(PrefixError::BadLength));
    }
}
