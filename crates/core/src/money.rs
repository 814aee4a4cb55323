//! Rounding rules for tenge figures.

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds half-up (away from zero) to 0.01 KZT: the precision of every disposal figure.
pub fn round_tiyn(x: Decimal) -> Decimal {
    let scale = x.scale();
    if scale <= 2 {
        return x;
    }
    // Most amounts fit in 64 bits: rounded with one integer division, the same result as the
    // general rounding below (tested against it).
    let m = x.mantissa().unsigned_abs();
    if let (Ok(m), Some(unit)) = (u64::try_from(m), 10u64.checked_pow(scale - 2)) {
        let (q, r) = (m / unit, m % unit);
        let q = if r >= unit - r { q + 1 } else { q };
        let mut rounded = Decimal::from_parts(q as u32, (q >> 32) as u32, 0, false, 2);
        rounded.set_sign_negative(x.is_sign_negative() && q != 0);
        return rounded;
    }
    // Full-precision amounts (a share of a lot's cost, 28 decimals): one division in 128
    // bits, the quotient being below the 96-bit mantissa.
    if let Some(unit) = 10u128.checked_pow(scale - 2) {
        let (q, r) = (m / unit, m % unit);
        let q = if r >= unit - r { q + 1 } else { q };
        let mut rounded = Decimal::from_i128_with_scale(q as i128, 2);
        rounded.set_sign_negative(x.is_sign_negative() && q != 0);
        return rounded;
    }
    x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Rounds half-up (away from zero) to whole tenge: the precision of tax figures.
pub fn round_tenge(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
}

/// Formats a tenge amount with two decimals (`1234.50`).
pub fn fmt2(x: Decimal) -> String {
    format!("{:.2}", round_tiyn(x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rounds_half_up() {
        assert_eq!(round_tiyn(dec!(1.005)), dec!(1.01));
        assert_eq!(round_tiyn(dec!(1.004999)), dec!(1.00));
        assert_eq!(round_tiyn(dec!(-1.005)), dec!(-1.01));
        assert_eq!(round_tenge(dec!(12.5)), dec!(13));
        assert_eq!(round_tenge(dec!(12.49)), dec!(12));
        assert_eq!(fmt2(dec!(3)), "3.00");
    }
}

/// Formats a tenge amount with a `,` thousands separator and two decimals (`1,234,567.89`).
pub fn fmt_grouped(x: Decimal) -> String {
    group(&fmt2(x))
}

/// Formats a whole-tenge amount with a `,` thousands separator (`1,234,568`).
pub fn fmt_grouped_whole(x: Decimal) -> String {
    group(&format!("{:.0}", round_tenge(x)))
}

/// A quantity in full with a `,` thousands separator (`1,000`, `0.0995`): as precise as it was
/// given.
pub fn fmt_grouped_quantity(q: Decimal) -> String {
    group(&q.normalize().to_string())
}

/// Puts a `,` between the thousands of a plain number's text (`-1234567.5` → `-1,234,567.5`):
/// the one thousands grouping of the library, the command line and the window.
pub fn group(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

#[cfg(test)]
mod grouping_tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn groups_thousands() {
        assert_eq!(fmt_grouped(dec!(1234567.891)), "1,234,567.89");
        assert_eq!(fmt_grouped(dec!(-1234.5)), "-1,234.50");
        assert_eq!(fmt_grouped(dec!(12)), "12.00");
        assert_eq!(fmt_grouped_whole(dec!(1234567.5)), "1,234,568");
        // Quantities keep every digit given, and no trailing zeros.
        assert_eq!(fmt_grouped_quantity(dec!(1000)), "1,000");
        assert_eq!(fmt_grouped_quantity(dec!(0.09950)), "0.0995");
        assert_eq!(fmt_grouped_quantity(dec!(-1234567.00012)), "-1,234,567.00012");
        assert_eq!(group("999"), "999");
    }
}

/// A decimal or date as text, formatted on the stack without allocating (the JSON report
/// writes millions of them).
pub struct Text {
    buf: [u8; 64],
    start: usize,
    end: usize,
}

impl Text {
    /// `x` rounded half-up to exactly two decimals (`-1234.50`).
    pub fn fixed2(x: Decimal) -> Text {
        // Disposal figures are already rounded: `round_tiyn` returns them as they are.
        let r = round_tiyn(x);
        let mut m = r.mantissa().unsigned_abs();
        for _ in r.scale()..2 {
            m *= 10;
        }
        Text::digits(m, 2.max(r.scale() as usize), r.is_sign_negative() && m != 0)
    }

    /// `x` with no trailing zeros (`0.5`, `12`).
    pub fn plain(x: Decimal) -> Text {
        let n = x.normalize();
        let m = n.mantissa().unsigned_abs();
        Text::digits(m, n.scale() as usize, n.is_sign_negative() && m != 0)
    }

    /// A date as `YYYY-MM-DD`.
    pub fn date(d: chrono::NaiveDate) -> Text {
        use chrono::Datelike;
        let mut t = Text {
            buf: [0; 64],
            start: 0,
            end: 10,
        };
        let (y, mo, da) = (d.year().clamp(0, 9999) as u32, d.month(), d.day());
        let digits = [
            y / 1000,
            y / 100 % 10,
            y / 10 % 10,
            y % 10,
            10,
            mo / 10,
            mo % 10,
            10,
            da / 10,
            da % 10,
        ];
        for (i, v) in digits.iter().enumerate() {
            t.buf[i] = if *v == 10 { b'-' } else { b'0' + *v as u8 };
        }
        t
    }

    /// Writes `m` with `scale` decimals, right-aligned in the buffer: the digits two at a time
    /// (`m` fits in 64 bits for every realistic amount), then the last `scale` of them moved
    /// one place right to make room for the point.
    fn digits(m: u128, scale: usize, negative: bool) -> Text {
        /// "00", "01", … "99".
        const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
            2021222324252627282930313233343536373839\
            4041424344454647484950515253545556575859\
            6061626364656667686970717273747576777879\
            8081828384858687888990919293949596979899";
        // The digits end before the last byte; with decimals, the point takes a place.
        let last = 63;
        let mut t = Text {
            buf: [0; 64],
            start: last,
            end: last,
        };
        let buf = &mut t.buf;
        let mut at = last;
        match u64::try_from(m) {
            Ok(mut v) => {
                while v >= 100 {
                    let pair = (v % 100) as usize * 2;
                    v /= 100;
                    at -= 2;
                    buf[at..at + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
                }
                if v >= 10 {
                    at -= 2;
                    buf[at..at + 2].copy_from_slice(&PAIRS[v as usize * 2..v as usize * 2 + 2]);
                } else {
                    at -= 1;
                    buf[at] = b'0' + v as u8;
                }
            }
            Err(_) => {
                let mut v = m;
                while v > 0 {
                    at -= 1;
                    buf[at] = b'0' + (v % 10) as u8;
                    v /= 10;
                }
            }
        }
        // At least one digit before the point.
        while last - at <= scale {
            at -= 1;
            buf[at] = b'0';
        }
        if scale > 0 {
            buf.copy_within(last - scale..last, last - scale + 1);
            buf[last - scale] = b'.';
            t.end = last + 1;
        }
        if negative {
            at -= 1;
            buf[at] = b'-';
        }
        t.start = at;
        t
    }

    /// The text as bytes (for writers of bytes: no check that they are UTF-8).
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits, '.', '-' are ever written.
        std::str::from_utf8(&self.buf[self.start..self.end]).unwrap_or("?")
    }
}

#[cfg(test)]
mod text_tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    proptest! {
        /// The number text is what `Display` writes.
        #[test]
        fn number_text_is_what_display_writes(m in any::<i128>(), scale in 0u32..=28, small in any::<bool>()) {
            let m = if small { m % (1i128 << 64) } else { m % (1i128 << 96) };
            let x = Decimal::from_i128_with_scale(m, scale);
            let (plain, fixed2) = (Text::plain(x), Text::fixed2(x));
            prop_assert_eq!(plain.as_str(), x.normalize().to_string());
            prop_assert_eq!(fixed2.as_str(), format!("{:.2}", round_tiyn(x)));
        }

        /// The quick rounding to tiyn gives the general rounding's result, to the bit (sign of
        /// zero and scale included).
        #[test]
        fn tiyn_rounding_is_the_general_one(m in any::<i128>(), scale in 0u32..=28, small in any::<bool>()) {
            let m = if small { m % (1i128 << 64) } else { m % (1i128 << 96) };
            let x = Decimal::from_i128_with_scale(m, scale);
            let general = x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            prop_assert_eq!(round_tiyn(x).serialize(), general.serialize(), "{}", x);
        }
    }

    #[test]
    fn tiyn_rounding_at_the_midpoints() {
        for (x, rounded) in [
            (Decimal::from_parts(0, 0, 0, true, 3), dec!(0)),
            (dec!(1.005), dec!(1.01)),
            (dec!(-1.005), dec!(-1.01)),
            (dec!(1.0049999), dec!(1.00)),
            (dec!(-0.001), dec!(0.00)),
            (dec!(0.995), dec!(1.00)),
            (dec!(18446744073709551615.555), dec!(18446744073709551615.56)),
            // Past 64 bits (28 decimals, a share of a lot's cost): the 128-bit division.
            (dec!(1.0050000000000000000000000000), dec!(1.01)),
            (dec!(-1.0050000000000000000000000000), dec!(-1.01)),
            (dec!(1.0049999999999999999999999999), dec!(1.00)),
            (dec!(-0.0049999999999999999999999999), dec!(0.00)),
            (dec!(7.9228162514264337593543950335), dec!(7.92)),
        ] {
            assert_eq!(round_tiyn(x), rounded, "{x}");
            let general = x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            assert_eq!(round_tiyn(x).serialize(), general.serialize(), "{x}");
        }
    }

    #[test]
    fn formats_like_display() {
        for x in [
            dec!(0),
            dec!(1.005),
            dec!(-1234.5),
            dec!(0.05),
            dec!(123456789012.345),
            dec!(-0.001),
            dec!(7),
        ] {
            assert_eq!(Text::fixed2(x).as_str(), format!("{:.2}", round_tiyn(x)), "{x}");
        }
        for x in [
            dec!(0),
            dec!(0.5000),
            dec!(12),
            dec!(-3.25),
            dec!(0.00000001),
            dec!(1e-20),
            dec!(79228162514264337593543950335),
        ] {
            assert_eq!(Text::plain(x).as_str(), x.normalize().to_string(), "{x}");
        }
        let d = chrono::NaiveDate::from_ymd_opt(2025, 3, 7).unwrap();
        assert_eq!(Text::date(d).as_str(), "2025-03-07");
    }
}
