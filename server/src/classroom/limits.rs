//! Per-connection rate limit: a token bucket, so a burst of clicks passes but a script
//! sending as fast as it can is slowed down and, if it keeps on, disconnected.

use tokio::time::Instant;

/// Messages a connection may send per second, on average.
pub const RATE_PER_SEC: f64 = 20.0;
/// Messages a connection may send at once after being quiet.
pub const BURST: f64 = 40.0;
/// A connection whose messages were dropped this many times is closed: it is not a
/// person clicking.
pub const MAX_DROPS: u32 = 200;

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
    tokens: f64,
    last: Instant,
    drops: u32,
}

impl Bucket {
    pub fn new(now: Instant) -> Bucket {
        Bucket {
            tokens: BURST,
            last: now,
            drops: 0,
        }
    }

    /// Takes one token for a message arriving at `now`.
    pub fn take(&mut self, now: Instant) -> Verdict {
        let elapsed = now.saturating_duration_since(self.last);
        self.last = now;
        self.tokens = (self.tokens + elapsed.as_secs_f64() * RATE_PER_SEC).min(BURST);
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// How long a well-behaved sender waits between messages to stay under the limit.
    fn interval() -> Duration {
        Duration::from_secs_f64(1.0 / RATE_PER_SEC)
    }

    #[test]
    fn a_burst_passes_then_the_rate_is_enforced() {
        let t0 = Instant::now();
        let mut b = Bucket::new(t0);
        for i in 0..BURST as u32 {
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
        let mut b = Bucket::new(t0);
        let verdicts: Vec<Verdict> = (0..BURST as u32 + MAX_DROPS).map(|_| b.take(t0)).collect();
        assert_eq!(verdicts.last(), Some(&Verdict::Close));
        let drops = verdicts.iter().filter(|v| **v == Verdict::Drop).count();
        assert_eq!(drops as u32, MAX_DROPS - 1);
    }

    #[test]
    fn a_quiet_connection_refills_only_up_to_the_burst() {
        let t0 = Instant::now();
        let mut b = Bucket::new(t0);
        let later = t0 + Duration::from_secs(3_600);
        let passed = (0..1_000)
            .take_while(|_| b.take(later) == Verdict::Accept)
            .count();
        assert_eq!(passed, BURST as usize);
    }
}
