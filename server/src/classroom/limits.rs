//! Rate limits, kept by who sends rather than by connection, so reconnecting does not
//! reset them: a token bucket per seat (a person, whatever socket they use) and per
//! address (whatever seats it opens), counting every frame including pings; how often an
//! address may create rooms; and a growing delay for an address that guesses join codes.
//!
//! The machine's own loopback address (127.0.0.1, ::1) is not limited per address: it is
//! the teacher's laptop the server runs on (and the load benchmark), while a class comes
//! from the network, one address per device.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tcpip_protocol::MemberId;
use tcpip_stack::text::{Text, text};
use tokio::time::Instant;

/// Messages a seat may send per second, on average, and at once after being quiet, unless
/// `serve --seat-rate` says otherwise.
pub const SEAT_RATE: Rate = Rate {
    per_second: 20.0,
    burst: 40.0,
};
/// Frames one address may send per second, and at once: a few dozen people behind one
/// address (a school NAT) playing at the seat rate.
pub const ADDRESS_RATE: Rate = Rate {
    per_second: 200.0,
    burst: 400.0,
};
/// Connections one address may open per second, and at once: a class behind one NAT
/// reconnecting together after a Wi-Fi blip fits; a loop opening sockets does not.
pub const CONNECT_RATE: Rate = Rate {
    per_second: 20.0,
    burst: 60.0,
};
/// Connections one address may hold open at once.
pub const MAX_CONNECTIONS: usize = 100;
/// Rooms one address may create: one every 10 s, 3 at once (a teacher retrying).
pub const CREATE_RATE: Rate = Rate {
    per_second: 0.1,
    burst: 3.0,
};
/// A sender whose messages were dropped this many times without calming down (its bucket
/// full again) is closed: it is not a person clicking.
pub const MAX_DROPS: u32 = 200;
/// The delay before an address's next join-code or QR lookup after `n` wrong codes:
/// doubled by each, from [`GUESS_DELAY`] up to [`MAX_GUESS_DELAY`]. A right code costs
/// nothing more; wrong ones are forgotten after [`GUESS_MEMORY`] without any.
pub const GUESS_DELAY: Duration = Duration::from_millis(50);
pub const MAX_GUESS_DELAY: Duration = Duration::from_secs(5);
pub const GUESS_MEMORY: Duration = Duration::from_secs(600);
/// Addresses not heard from for this long are forgotten (their buckets are full again).
const FORGET: Duration = Duration::from_secs(600);

/// How fast a token bucket refills, and how many tokens it holds when full.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rate {
    pub per_second: f64,
    pub burst: f64,
}

impl std::str::FromStr for Rate {
    type Err = String;

    /// `RATE/BURST`, as `serve --seat-rate 20/40` is written.
    fn from_str(s: &str) -> Result<Rate, String> {
        let (rate, burst) = s
            .split_once('/')
            .ok_or_else(|| format!("{s:?}: write it as RATE/BURST, for example 20/40"))?;
        let number = |what: &str, v: &str| match v.trim().parse::<f64>() {
            Ok(n) if n.is_finite() && n > 0.0 => Ok(n),
            _ => Err(format!("{what} {v:?}: not a positive number")),
        };
        let rate = Rate {
            per_second: number("the rate", rate)?,
            burst: number("the burst", burst)?,
        };
        if rate.burst < 1.0 {
            return Err(format!(
                "the burst {}: below 1, nothing could ever be sent",
                rate.burst
            ));
        }
        Ok(rate)
    }
}

/// What to do with one incoming message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Accept,
    /// Dropped; tell the sender to slow down.
    Drop,
    /// Dropped once too often: close the connection.
    Close,
}

pub struct Bucket {
    rate: f64,
    burst: f64,
    tokens: f64,
    last: Instant,
    drops: u32,
}

impl Bucket {
    pub fn new(Rate { per_second, burst }: Rate, now: Instant) -> Bucket {
        Bucket {
            rate: per_second,
            burst,
            tokens: burst,
            last: now,
            drops: 0,
        }
    }

    /// Takes one token for a message arriving at `now`.
    pub fn take(&mut self, now: Instant) -> Verdict {
        let elapsed = now.saturating_duration_since(self.last);
        self.last = now;
        self.tokens = (self.tokens + elapsed.as_secs_f64() * self.rate).min(self.burst);
        if self.tokens >= self.burst {
            self.drops = 0;
        }
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return Verdict::Accept;
        }
        self.drops = self.drops.saturating_add(1);
        if self.drops >= MAX_DROPS {
            Verdict::Close
        } else {
            Verdict::Drop
        }
    }
}

struct Address {
    frames: Bucket,
    connects: Bucket,
    open: usize,
    creates: Bucket,
    wrong: u32,
    /// When the next lookup may be answered.
    next_lookup: Instant,
    last_wrong: Instant,
    heard: Instant,
}

impl Address {
    fn new(now: Instant) -> Address {
        Address {
            frames: Bucket::new(ADDRESS_RATE, now),
            connects: Bucket::new(CONNECT_RATE, now),
            open: 0,
            creates: Bucket::new(CREATE_RATE, now),
            wrong: 0,
            next_lookup: now,
            last_wrong: now,
            heard: now,
        }
    }
}

/// A connection counted against its address while it is open.
pub struct Open {
    limits: Arc<Limits>,
    ip: IpAddr,
}

impl Drop for Open {
    fn drop(&mut self) {
        self.limits.address(self.ip, Instant::now(), |a| {
            a.open = a.open.saturating_sub(1)
        });
    }
}

/// Every sender's limits, shared by all connections.
pub struct Limits {
    addresses: Mutex<HashMap<IpAddr, Address>>,
    seats: Mutex<HashMap<(String, MemberId), Bucket>>,
    seat_rate: Rate,
}

/// Whether `ip` is limited per address (see the module's doc): any but the machine's own.
fn limited(ip: IpAddr) -> bool {
    ip != IpAddr::from([127, 0, 0, 1]) && ip != IpAddr::from(std::net::Ipv6Addr::LOCALHOST)
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::new(SEAT_RATE)
    }
}

impl Limits {
    /// No sender heard yet; each seat may send at `seat_rate`.
    pub fn new(seat_rate: Rate) -> Limits {
        Limits {
            addresses: Mutex::default(),
            seats: Mutex::default(),
            seat_rate,
        }
    }

    fn address<T>(&self, ip: IpAddr, now: Instant, f: impl FnOnce(&mut Address) -> T) -> T {
        let mut map = self
            .addresses
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if map.len() > 10_000 {
            map.retain(|_, a| a.open > 0 || now.saturating_duration_since(a.heard) < FORGET);
        }
        let a = map.entry(ip).or_insert_with(|| Address::new(now));
        a.heard = now;
        f(a)
    }

    /// A new connection from `ip`, or `None` when its address opens them too fast or holds
    /// too many: then it is closed at once, before any work is spent on it.
    pub fn connect(self: &Arc<Self>, ip: IpAddr) -> Option<Option<Open>> {
        if !limited(ip) {
            return Some(None);
        }
        let now = Instant::now();
        let admitted = self.address(ip, now, |a| {
            let ok = a.open < MAX_CONNECTIONS && a.connects.take(now) == Verdict::Accept;
            a.open += usize::from(ok);
            ok
        });
        admitted.then(|| {
            Some(Open {
                limits: Arc::clone(self),
                ip,
            })
        })
    }

    /// One frame from `ip`, on the seat `seat` (room code and member) once it has one.
    pub fn frame(&self, ip: IpAddr, seat: Option<(&str, MemberId)>, now: Instant) -> Verdict {
        let by_address = if limited(ip) {
            self.address(ip, now, |a| a.frames.take(now))
        } else {
            Verdict::Accept
        };
        let by_seat = seat.map_or(Verdict::Accept, |(code, member)| {
            let mut seats = self.seats.lock().unwrap_or_else(PoisonError::into_inner);
            if seats.len() > 100_000 {
                seats.retain(|_, b| now.saturating_duration_since(b.last) < FORGET);
            }
            seats
                .entry((code.to_string(), member))
                .or_insert_with(|| Bucket::new(self.seat_rate, now))
                .take(now)
        });
        match (by_address, by_seat) {
            (Verdict::Close, _) | (_, Verdict::Close) => Verdict::Close,
            (Verdict::Drop, _) | (_, Verdict::Drop) => Verdict::Drop,
            _ => Verdict::Accept,
        }
    }

    /// Whether `ip` may create a room now.
    pub fn create(&self, ip: IpAddr, now: Instant) -> Result<(), Text> {
        if !limited(ip) || self.address(ip, now, |a| a.creates.take(now)) == Verdict::Accept {
            return Ok(());
        }
        let every = (1.0 / CREATE_RATE.per_second) as u64;
        Err(text!(
            "rooms: this device opened too many rooms; try again in {every} s",
            "stanze: questo dispositivo ha aperto troppe stanze; riprova tra {every} s"
        ))
    }

    /// Waits until `ip` may look a code up (join, rejoin, QR, log), then books the next
    /// lookup as if this one were wrong, so parallel guesses queue up one after the other.
    pub async fn before_lookup(&self, ip: IpAddr) {
        if !limited(ip) {
            return;
        }
        let now = Instant::now();
        let at = self.address(ip, now, |a| {
            if now.saturating_duration_since(a.last_wrong) > GUESS_MEMORY {
                a.wrong = 0;
            }
            let at = a.next_lookup.max(now);
            a.next_lookup = at + guess_delay(a.wrong);
            at
        });
        tokio::time::sleep_until(at).await;
    }

    /// The lookup of `ip` found nothing: the next one waits longer.
    pub fn wrong(&self, ip: IpAddr) {
        if !limited(ip) {
            return;
        }
        let now = Instant::now();
        self.address(ip, now, |a| {
            a.wrong = a.wrong.saturating_add(1);
            a.last_wrong = now;
            a.next_lookup = a.next_lookup.max(now + guess_delay(a.wrong));
        });
    }
}

fn guess_delay(wrong: u32) -> Duration {
    GUESS_DELAY
        .saturating_mul(1u32.checked_shl(wrong.min(16)).unwrap_or(u32::MAX))
        .min(MAX_GUESS_DELAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How long a well-behaved sender waits between messages to stay under the limit.
    fn interval() -> Duration {
        Duration::from_secs_f64(1.0 / SEAT_RATE.per_second)
    }

    #[test]
    fn a_burst_passes_then_the_rate_is_enforced() {
        let t0 = Instant::now();
        let mut b = Bucket::new(SEAT_RATE, t0);
        for i in 0..SEAT_RATE.burst as u32 {
            assert_eq!(b.take(t0), Verdict::Accept, "message {i} of the burst");
        }
        assert_eq!(b.take(t0), Verdict::Drop);
        // At the steady rate, every message passes again.
        let mut t = t0;
        for i in 0..100 {
            t += interval();
            assert_eq!(b.take(t), Verdict::Accept, "steady message {i}");
        }
    }

    #[test]
    fn a_flood_is_closed_after_max_drops() {
        let t0 = Instant::now();
        let mut b = Bucket::new(SEAT_RATE, t0);
        let verdicts: Vec<Verdict> = (0..SEAT_RATE.burst as u32 + MAX_DROPS)
            .map(|_| b.take(t0))
            .collect();
        assert_eq!(verdicts.last(), Some(&Verdict::Close));
        let drops = verdicts.iter().filter(|v| **v == Verdict::Drop).count();
        assert_eq!(drops as u32, MAX_DROPS - 1);
    }

    #[test]
    fn a_quiet_sender_refills_only_up_to_the_burst_and_is_forgiven() {
        let t0 = Instant::now();
        let mut b = Bucket::new(SEAT_RATE, t0);
        for _ in 0..SEAT_RATE.burst as u32 + 10 {
            b.take(t0);
        }
        let later = t0 + Duration::from_secs(3_600);
        let passed = (0..1_000)
            .take_while(|_| b.take(later) == Verdict::Accept)
            .count();
        assert_eq!(passed, SEAT_RATE.burst as usize);
        assert_eq!(b.drops, 1, "the drops before the quiet were forgiven");
    }

    #[test]
    fn a_seat_keeps_its_bucket_and_the_machine_itself_is_not_limited_per_address() {
        let limits = Limits::default();
        let t0 = Instant::now();
        let class: IpAddr = "192.168.1.20".parse().unwrap();
        let seat = Some(("ABCDEF", 3));
        let passed = (0..1_000)
            .take_while(|_| limits.frame(class, seat, t0) == Verdict::Accept)
            .count();
        assert_eq!(passed, SEAT_RATE.burst as usize);
        // Another address, same seat (a reconnect elsewhere): still limited.
        let other: IpAddr = "192.168.1.21".parse().unwrap();
        assert_eq!(limits.frame(other, seat, t0), Verdict::Drop);
        // Frames without a seat count against the address only.
        let all = (0..1_000)
            .take_while(|_| limits.frame(other, None, t0) == Verdict::Accept)
            .count();
        assert_eq!(all, ADDRESS_RATE.burst as usize - 1);
        let me: IpAddr = "127.0.0.1".parse().unwrap();
        assert!((0..1_000).all(|_| limits.frame(me, None, t0) == Verdict::Accept));
        assert!(limited("127.0.0.2".parse().unwrap()));
        assert!(!limited("::1".parse().unwrap()));
    }

    #[test]
    fn a_seat_rate_is_written_rate_slash_burst_and_is_what_each_seat_gets() {
        assert_eq!("20/40".parse::<Rate>(), Ok(SEAT_RATE));
        assert_eq!(
            " 0.5 / 3".parse::<Rate>(),
            Ok(Rate {
                per_second: 0.5,
                burst: 3.0
            })
        );
        for (bad, why) in [
            ("20", "write it as RATE/BURST"),
            ("x/40", "the rate \"x\": not a positive number"),
            ("20/-1", "the burst \"-1\": not a positive number"),
            ("20/NaN", "not a positive number"),
            ("0/40", "the rate \"0\": not a positive number"),
            ("20/0.5", "below 1"),
        ] {
            let e = bad.parse::<Rate>().unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
        let limits = Limits::new("1/5".parse().unwrap());
        let t0 = Instant::now();
        let class: IpAddr = "192.168.1.30".parse().unwrap();
        let passed = (0..100)
            .take_while(|_| limits.frame(class, Some(("ABCDEF", 1)), t0) == Verdict::Accept)
            .count();
        assert_eq!(passed, 5);
    }

    #[test]
    fn an_address_opens_connections_at_a_bounded_pace() {
        let limits = Arc::new(Limits::default());
        let ip: IpAddr = "10.0.0.8".parse().unwrap();
        let open: Vec<Open> = (0..1_000)
            .map_while(|_| limits.connect(ip).flatten())
            .collect();
        assert_eq!(open.len(), CONNECT_RATE.burst as usize);
        drop(open);
        let me: IpAddr = "127.0.0.1".parse().unwrap();
        assert!((0..1_000).all(|_| limits.connect(me).is_some()));
    }

    #[test]
    fn guesses_wait_longer_and_longer() {
        assert_eq!(guess_delay(0), GUESS_DELAY);
        assert_eq!(guess_delay(3), GUESS_DELAY * 8);
        assert_eq!(guess_delay(40), MAX_GUESS_DELAY);
        let limits = Limits::default();
        let ip: IpAddr = "10.0.0.9".parse().unwrap();
        let t0 = Instant::now();
        assert!((0..3).all(|_| limits.create(ip, t0).is_ok()));
        let e = limits.create(ip, t0).unwrap_err();
        assert!(
            e.en.starts_with("rooms: this device opened too many rooms"),
            "{e:?}"
        );
    }
}
