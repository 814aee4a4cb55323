//! Rounding rules for tenge figures.

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds half-up (away from zero) to 0.01 KZT: the precision of every disposal figure.
pub fn round_tiyn(x: Decimal) -> Decimal {
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

fn group(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
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
    }
}
