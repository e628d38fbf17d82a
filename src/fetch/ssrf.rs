//! Server-side request forgery guard: a page on the internet must not make us talk to
//! the machine we run on or its network (cloud metadata at 169.254.169.254, an admin
//! panel on 10.x). Checked after DNS resolution (so a public name pointing inward is
//! caught, and DNS rebinding cannot slip between check and connect) and on the literal
//! host of every redirect hop (IP literals never reach the resolver).

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use url::{Host, Url};

/// A refused address, with the reason in words; raised inside reqwest and recovered
/// from its error chain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{host}` is {kind} address {addr}")]
pub struct Refusal {
    pub host: String,
    pub addr: IpAddr,
    pub kind: &'static str,
}

/// Which addresses may be contacted.
#[derive(Debug, Clone)]
pub struct AddressGuard {
    allow_private: bool,
    exempt: Arc<[IpAddr]>,
}

impl AddressGuard {
    pub fn new(allow_private: bool, exempt: &[IpAddr]) -> Self {
        AddressGuard {
            allow_private,
            exempt: exempt.into(),
        }
    }

    /// Refuses `addr` (reached as `host`) unless private networks are allowed or it is exempt.
    pub fn check(&self, host: &str, addr: IpAddr) -> Result<(), Refusal> {
        if self.allow_private || self.exempt.contains(&addr) {
            return Ok(());
        }
        match non_public_kind(addr) {
            Some(kind) => Err(Refusal {
                host: host.to_string(),
                addr,
                kind,
            }),
            None => Ok(()),
        }
    }

    /// Checks the host of `url` if it is an IP literal (in whatever form it was
    /// written: the url crate turns `0x7f.1` into 127.0.0.1). Names are left to the resolver.
    pub fn check_url(&self, url: &Url) -> Result<(), Refusal> {
        let shown = url.host_str().unwrap_or_default();
        match url.host() {
            Some(Host::Ipv4(v4)) => self.check(shown, IpAddr::V4(v4)),
            Some(Host::Ipv6(v6)) => self.check(shown, IpAddr::V6(v6)),
            Some(Host::Domain(_)) | None => Ok(()),
        }
    }

    /// Keeps the permitted addresses of a resolved name; refuses the name if none is left.
    pub fn filter(&self, host: &str, addrs: Vec<SocketAddr>) -> Result<Vec<SocketAddr>, Refusal> {
        let mut first_refusal = None;
        let mut kept = Vec::with_capacity(addrs.len());
        for addr in addrs {
            match self.check(host, addr.ip()) {
                Ok(()) => kept.push(addr),
                Err(refusal) => {
                    first_refusal.get_or_insert(refusal);
                }
            }
        }
        match first_refusal {
            Some(refusal) if kept.is_empty() => Err(refusal),
            _ => Ok(kept),
        }
    }
}

/// What kind of non-public address `addr` is, or `None` for a public one.
pub fn non_public_kind(addr: IpAddr) -> Option<&'static str> {
    match addr {
        IpAddr::V4(v4) => v4_kind(v4),
        IpAddr::V6(v6) => v6_kind(v6),
    }
}

fn v4_kind(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, ..] = ip.octets();
    if ip.is_loopback() {
        Some("a loopback")
    } else if ip.is_private() {
        Some("a private-network")
    } else if ip.is_link_local() {
        Some("a link-local")
    } else if ip.is_unspecified() || a == 0 {
        Some("an unspecified (this-network)")
    } else if ip.is_multicast() {
        Some("a multicast")
    } else if ip.is_broadcast() {
        Some("the broadcast")
    } else if a == 100 && (64..128).contains(&b) {
        Some("a carrier-grade NAT (100.64.0.0/10)")
    } else {
        None
    }
}

fn v6_kind(ip: Ipv6Addr) -> Option<&'static str> {
    // An IPv4 address wrapped in IPv6 reaches the IPv4 host: judge the IPv4 address.
    if let Some(v4) = ip.to_ipv4_mapped().or_else(|| nat64_embedded(ip)) {
        return v4_kind(v4);
    }
    let first = ip.segments()[0];
    if ip.is_loopback() {
        Some("a loopback")
    } else if ip.is_unspecified() {
        Some("an unspecified")
    } else if first & 0xffc0 == 0xfe80 {
        Some("a link-local")
    } else if first & 0xfe00 == 0xfc00 {
        Some("a unique-local (private)")
    } else if ip.is_multicast() {
        Some("a multicast")
    } else {
        None
    }
}

/// The IPv4 address inside a NAT64 address (64:ff9b::/96), which a NAT64 gateway would reach.
fn nat64_embedded(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let [.., a, b, c, d] = ip.octets();
        Some(Ipv4Addr::new(a, b, c, d))
    } else {
        None
    }
}

/// reqwest's DNS resolver, guarded: the system resolver's answers minus refused addresses.
pub struct GuardedResolver {
    pub guard: AddressGuard,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let guard = self.guard.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let kept = guard.filter(&host, found)?;
            let addrs: Addrs = Box::new(kept.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn closed() -> AddressGuard {
        AddressGuard::new(false, &[])
    }

    #[test]
    fn inward_addresses_are_refused() {
        for ip in [
            "127.0.0.1",
            "127.8.9.10",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "0.1.2.3",
            "224.0.0.1",
            "255.255.255.255",
            "100.64.0.1",
            "100.127.255.254",
            "::1",
            "::",
            "fe80::1",
            "febf::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
        ] {
            let addr: IpAddr = ip.parse().unwrap();
            assert!(non_public_kind(addr).is_some(), "{ip} should be refused");
            assert!(closed().check("h", addr).is_err(), "{ip}");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for ip in [
            "8.8.8.8",
            "172.32.0.1",
            "172.15.255.255",
            "100.63.255.255",
            "100.128.0.1",
            "202.108.22.5",
            "2001:4860:4860::8888",
            "::ffff:8.8.8.8",
            "fec0::1",
        ] {
            let addr: IpAddr = ip.parse().unwrap();
            assert_eq!(non_public_kind(addr), None, "{ip}");
        }
    }

    #[test]
    fn ip_literals_in_urls_are_checked_in_any_spelling() {
        for url in [
            "http://127.0.0.1/",
            "http://0x7f.1/",
            "http://2130706433/",
            "http://0177.0.0.1/",
            "http://[::1]:8080/",
            "http://[::ffff:7f00:1]/",
            "https://169.254.169.254/latest/meta-data/",
        ] {
            let parsed = Url::parse(url).unwrap();
            let refusal = closed().check_url(&parsed).expect_err(url);
            assert!(refusal.to_string().contains("address"), "{refusal}");
        }
        let named = Url::parse("http://localhost/").unwrap();
        assert!(
            closed().check_url(&named).is_ok(),
            "names go to the resolver"
        );
    }

    #[test]
    fn allowing_private_networks_or_one_address_lets_it_through() {
        let loopback: IpAddr = "127.0.0.1".parse().unwrap();
        assert!(AddressGuard::new(true, &[]).check("h", loopback).is_ok());
        let exempt = AddressGuard::new(false, &[loopback]);
        assert!(exempt.check("h", loopback).is_ok());
        assert!(exempt.check("h", "127.0.0.2".parse().unwrap()).is_err());
    }

    #[test]
    fn resolved_names_keep_only_public_addresses() {
        let public: SocketAddr = "93.184.216.34:0".parse().unwrap();
        let private: SocketAddr = "10.0.0.7:0".parse().unwrap();
        assert_eq!(
            closed().filter("mixed.example", vec![private, public]),
            Ok(vec![public])
        );
        let refusal = closed()
            .filter("inside.example", vec![private])
            .expect_err("only private");
        assert_eq!(refusal.host, "inside.example");
        assert_eq!(refusal.addr, private.ip());
    }
}
