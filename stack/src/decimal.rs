//! Decimal numbers to `f64` for the scenario reader, without `str::parse::<f64>`: core's
//! exact reader brings a 10 KB table of powers of five and its code into the browser
//! (14.4 KB of the gzipped bundle), for numbers that are seconds such as `1.5`.
//!
//! The result is exact when the significant digits stay below 2^53 and the power of ten
//! within ±22, as every number of seconds does (the fast path of Clinger's algorithm, the
//! one exact readers take first); otherwise it is within a few units in the last place.

/// The value of `mantissa` (ASCII digits, maybe one `.`) × 10^`exponent` (ASCII digits,
/// maybe signed), as the caller's syntax checked them; anything else in them reads as a
/// wrong digit, never a panic.
pub(crate) fn decimal(mantissa: &str, exponent: &str) -> f64 {
    let mut digits: u64 = 0;
    // The value is `digits` × 10^`scale`.
    let mut scale: i32 = 0;
    let mut after_point = false;
    for b in mantissa.bytes() {
        if b == b'.' {
            after_point = true;
        } else if digits < 100_000_000_000_000_000 {
            digits = digits * 10 + u64::from(b - b'0');
            scale -= i32::from(after_point);
        } else {
            // Beyond 18 significant digits: too fine for an f64, only the place counts.
            scale += i32::from(!after_point);
        }
    }
    // Any exponent beyond ±400 already makes the result 0 or infinite.
    let exponent = exponent
        .parse::<i32>()
        .unwrap_or(if exponent.starts_with('-') { -400 } else { 400 });
    let mut power = scale.saturating_add(exponent.clamp(-400, 400));
    let mut value = digits as f64;
    // 10^22 is the largest power of ten an f64 holds exactly.
    while power != 0 {
        let step = power.clamp(-22, 22);
        let mut ten = 1.0;
        for _ in 0..step.unsigned_abs() {
            ten *= 10.0;
        }
        value = if step > 0 { value * ten } else { value / ten };
        power -= step;
    }
    value
}

#[cfg(test)]
mod tests {
    use super::decimal;
    use proptest::prelude::*;

    #[test]
    fn everyday_numbers_are_exact() {
        let cases = [
            ("1.5", "0", 1.5),
            ("0.25", "0", 0.25),
            ("0", "0", 0.0),
            ("12", "3", 12000.0),
            ("5", "-1", 0.5),
            ("1", "400", f64::INFINITY),
            ("1", "-400", 0.0),
            ("1", "99999999999", f64::INFINITY),
        ];
        for (m, e, want) in cases {
            assert_eq!(decimal(m, e), want, "{m}e{e}");
        }
    }

    proptest! {
        /// Exact as core's reader on the fast path, within 1e-14 relative elsewhere.
        #[test]
        fn decimals_read_as_core_reads_them(
            whole in 0u64..1_000_000_000,
            fraction in 0u32..1_000_000,
            exponent in -290i32..290,
        ) {
            let mantissa = alloc::format!("{whole}.{fraction}");
            let want: f64 = alloc::format!("{mantissa}e{exponent}").parse().expect("a float");
            let got = decimal(&mantissa, &alloc::format!("{exponent}"));
            if exponent.abs() <= 10 {
                prop_assert_eq!(got, want);
            } else {
                prop_assert!(((got - want) / want).abs() < 1e-14 || want == 0.0);
            }
        }
    }
}
