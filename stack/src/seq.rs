//! TCP sequence numbers: 32-bit, compared modulo 2^32 (RFC 9293 §3.4, "Sequence Numbers":
//! "all arithmetic dealing with sequence numbers must be performed modulo 2**32").

use core::cmp::Ordering;
use core::fmt;
use core::ops::{Add, AddAssign, Sub};

/// A TCP sequence (or acknowledgement) number.
///
/// Ordering is *circular*: `a < b` when `b` is less than 2^31 ahead of `a`, the
/// convention of RFC 9293 §3.4 and every real stack. That makes it a partial order in
/// principle (two numbers exactly 2^31 apart), which we resolve as "greater", like Linux's
/// `before()`/`after()` macros.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SeqNumber(pub u32);

impl SeqNumber {
    /// The signed distance from `other` to `self`, modulo 2^32.
    pub const fn diff(self, other: SeqNumber) -> i32 {
        self.0.wrapping_sub(other.0) as i32
    }

    /// `lo <= self < hi`, circularly (RFC 9293 §3.4 acceptability tests).
    pub fn in_window(self, lo: SeqNumber, len: u32) -> bool {
        self.0.wrapping_sub(lo.0) < len
    }

    pub fn max(self, other: SeqNumber) -> SeqNumber {
        if self >= other { self } else { other }
    }
}

impl PartialOrd for SeqNumber {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SeqNumber {
    fn cmp(&self, other: &Self) -> Ordering {
        self.diff(*other).cmp(&0)
    }
}

impl Add<u32> for SeqNumber {
    type Output = SeqNumber;
    fn add(self, n: u32) -> SeqNumber {
        SeqNumber(self.0.wrapping_add(n))
    }
}

impl Add<usize> for SeqNumber {
    type Output = SeqNumber;
    fn add(self, n: usize) -> SeqNumber {
        // Truncation is the modulo-2^32 arithmetic RFC 9293 asks for.
        SeqNumber(self.0.wrapping_add(n as u32))
    }
}

impl AddAssign<u32> for SeqNumber {
    fn add_assign(&mut self, n: u32) {
        *self = *self + n;
    }
}

impl Sub<u32> for SeqNumber {
    type Output = SeqNumber;
    fn sub(self, n: u32) -> SeqNumber {
        SeqNumber(self.0.wrapping_sub(n))
    }
}

impl Sub for SeqNumber {
    /// How far `self` is ahead of `rhs`, modulo 2^32.
    type Output = u32;
    fn sub(self, rhs: SeqNumber) -> u32 {
        self.0.wrapping_sub(rhs.0)
    }
}

impl fmt::Display for SeqNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 9293 §3.4: comparisons are modulo 2^32, so a number just past the wrap is
    /// "after" one just before it.
    #[test]
    fn ordering_wraps_around_2_pow_32() {
        let before = SeqNumber(u32::MAX - 1);
        let after = before + 5u32;
        assert_eq!(after, SeqNumber(3));
        assert!(before < after);
        assert!(after > before);
        assert_eq!(after - before, 5);
        assert_eq!(before.diff(after), -5);
    }

    /// RFC 9293 §3.4: window tests are `lo <= n < lo + len`, also across the wrap.
    #[test]
    fn window_membership_across_wrap() {
        let lo = SeqNumber(u32::MAX - 2);
        assert!(lo.in_window(lo, 10));
        assert!(SeqNumber(6).in_window(lo, 10));
        assert!(!SeqNumber(7).in_window(lo, 10));
        assert!(!SeqNumber(u32::MAX - 3).in_window(lo, 10));
        assert!(!lo.in_window(lo, 0));
    }
}
