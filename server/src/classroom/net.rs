//! Which addresses students can open: on a school network the laptop's LAN address, not
//! `0.0.0.0` nor `127.0.0.1`.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The URLs to give students for a server listening on `local`: every non-loopback IPv4
/// address of the machine when it listens on all of them; the one it listens on otherwise;
/// the loopback one when there is nothing else.
pub fn student_urls(local: SocketAddr) -> Vec<String> {
    let port = local.port();
    let ips: Vec<IpAddr> = if local.ip().is_unspecified() {
        let mut ips: Vec<IpAddr> = if_addrs::get_if_addrs()
            .unwrap_or_default()
            .into_iter()
            .map(|i| i.ip())
            .filter(|ip| ip.is_ipv4() && !ip.is_loopback())
            .collect();
        ips.sort();
        ips.dedup();
        ips
    } else {
        vec![local.ip()]
    };
    let ips = if ips.is_empty() {
        vec![IpAddr::V4(Ipv4Addr::LOCALHOST)]
    } else {
        ips
    };
    ips.into_iter()
        .map(|ip| format!("http://{}/", SocketAddr::new(ip, port)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_servers_are_reached_on_loopback_only() {
        let urls = student_urls("127.0.0.1:8080".parse().unwrap());
        assert_eq!(urls, ["http://127.0.0.1:8080/"]);
    }

    #[test]
    fn a_server_on_every_address_lists_real_ones() {
        let urls = student_urls("0.0.0.0:8123".parse().unwrap());
        assert!(!urls.is_empty());
        for u in &urls {
            assert!(u.starts_with("http://") && u.ends_with(":8123/"), "{u}");
            assert!(!u.contains("0.0.0.0"), "{u}");
        }
        // Loopback only when the machine has no other address.
        if urls.iter().any(|u| u.contains("127.0.0.1")) {
            assert_eq!(urls.len(), 1);
        }
    }
}
