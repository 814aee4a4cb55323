//! The sort of the Trades table by keys worked out once per trade: integers that order as the
//! column does, so that sorting a million trades compares integers, not decimals and strings.

use super::SortBy;
use rust_decimal::Decimal;
use salyq_core::model::Trade;
use std::collections::HashMap;

/// A key that orders as the column's values do.
type Key = (u128, u128);

/// Sorts `index` (positions in `trades`) by `by`, ascending or not, ties in position order, as
/// comparing the values themselves would; `false` (and `index` as it was) for a column these
/// keys do not cover (those cheap to compare as they are: date, side, kind; the venue's id) or
/// a negative amount.
pub(super) fn sort_by_keys(
    index: &mut [u32],
    trades: &[Trade],
    value: &dyn Fn(u32) -> Option<Decimal>,
    by: SortBy,
    ascending: bool,
) -> bool {
    if matches!(by, SortBy::Date | SortBy::Side | SortBy::Kind | SortBy::Id) {
        return false;
    }
    let mut ranks = Ranks::default();
    let mut keyed: Vec<(Key, u32)> = Vec::with_capacity(index.len());
    for &i in index.iter() {
        let t = &trades[i as usize];
        let key = match by {
            SortBy::Source => Some((ranks.of(&t.file), u128::from(t.line))),
            SortBy::Asset => Some((ranks.of(&t.asset), 0)),
            SortBy::Quantity => decimal_key(t.quantity),
            SortBy::Total => decimal_key(t.total),
            SortBy::Currency => Some((ranks.of(&t.currency), 0)),
            SortBy::Fee => decimal_key(t.fee),
            SortBy::Venue => Some((t.exchange.as_deref().map_or(0, |v| ranks.of(v) + 1), 0)),
            // Cheap to compare as they are (and dates mostly come sorted).
            SortBy::Date | SortBy::Side | SortBy::Kind | SortBy::Id => None,
            SortBy::Value => match value(i) {
                None => Some((0, 0)),
                Some(v) => decimal_key(v).map(|(whole, fraction)| (whole + 1, fraction)),
            },
        };
        let Some(key) = key else { return false };
        keyed.push((key, i));
    }
    let ranked = ranks.finish();
    if !ranked.is_empty() {
        // Codes and file names were numbered as met: renumber them in their own order.
        for (key, _) in &mut keyed {
            match by {
                SortBy::Venue if key.0 > 0 => key.0 = ranked[key.0 as usize - 1] + 1,
                SortBy::Source | SortBy::Asset | SortBy::Currency => key.0 = ranked[key.0 as usize],
                _ => {}
            }
        }
    }
    if ascending {
        keyed.sort_unstable();
    } else {
        keyed.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    }
    for (slot, (_, i)) in index.iter_mut().zip(keyed) {
        *slot = i;
    }
    true
}

/// An exact key of a decimal ≥ 0: its whole part, then its fraction in units of 10⁻²⁸ (a
/// decimal has at most 28 places); `None` below zero.
fn decimal_key(x: Decimal) -> Option<Key> {
    if x.is_sign_negative() && !x.is_zero() {
        return None;
    }
    let m = x.mantissa().unsigned_abs();
    let scale = x.scale();
    let unit = 10u128.pow(scale);
    Some((m / unit, (m % unit) * 10u128.pow(28 - scale)))
}

/// Numbers for strings, first in the order met, then in their own order ([`Ranks::finish`]).
#[derive(Default)]
struct Ranks<'a> {
    met: HashMap<&'a str, u128>,
    last: Option<(&'a str, u128)>,
}

impl<'a> Ranks<'a> {
    /// The number of `s` (in the order met).
    fn of(&mut self, s: &'a str) -> u128 {
        // Runs of the same code are common: the same string (by address) skips the lookup.
        if let Some((l, n)) = self.last
            && std::ptr::eq(l, s)
        {
            return n;
        }
        let next = self.met.len() as u128;
        let n = *self.met.entry(s).or_insert(next);
        self.last = Some((s, n));
        n
    }

    /// For each number given, the string's place among all the strings met.
    fn finish(self) -> Vec<u128> {
        let mut by_text: Vec<(&str, u128)> = self.met.into_iter().collect();
        by_text.sort_unstable();
        let mut place = vec![0; by_text.len()];
        for (p, (_, n)) in by_text.into_iter().enumerate() {
            place[n as usize] = p as u128;
        }
        place
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;
    use salyq_core::model::{Code, Kind, Shared, Side};

    fn trade(n: usize) -> Trade {
        // A spread of values with ties, many scales and repeated codes.
        let amounts = [
            dec!(0),
            dec!(1.5),
            dec!(1.50),
            dec!(0.000001),
            dec!(12),
            dec!(1234567.891),
            dec!(1.5),
        ];
        let codes = ["BTC", "ETH", "USDT", "BTC", "AAPL"];
        let a = |k: usize| amounts[(n * 7 + k) % amounts.len()];
        Trade {
            file: Shared::from(["b.csv", "a.csv"][n % 2]),
            line: (n * 37 % 11) as u32,
            time: salyq_core::parse::datetime(&format!("2025-03-{:02}T10:00:0{}+05:00", 1 + n % 3, n % 2))
                .expect("valid date"),
            side: if n.is_multiple_of(3) {
                Side::Sell
            } else {
                Side::Buy
            },
            asset: Code::from(codes[n % codes.len()]),
            quantity: a(1),
            total: a(2),
            currency: Code::from(codes[(n + 2) % codes.len()]),
            fee: a(3),
            fee_currency: Code::from("KZT"),
            exchange: (!n.is_multiple_of(4)).then(|| Code::from(["Bybit", "Binance", "AIX"][n % 3])),
            id: None,
            kind: Kind::ALL[n % 3],
            note: None,
        }
    }

    #[test]
    fn keys_order_every_column_as_its_values_do() {
        let trades: Vec<Trade> = (0..40).map(trade).collect();
        let value = |i: u32| (!i.is_multiple_of(5)).then(|| trades[i as usize].total * dec!(470.25));
        let by_value = |a: &Trade, b: &Trade, by: SortBy, i: u32, j: u32| match by {
            SortBy::Source => a.source().cmp(&b.source()),
            SortBy::Asset => a.asset.cmp(&b.asset),
            SortBy::Quantity => a.quantity.cmp(&b.quantity),
            SortBy::Total => a.total.cmp(&b.total),
            SortBy::Currency => a.currency.cmp(&b.currency),
            SortBy::Fee => a.fee.cmp(&b.fee),
            SortBy::Venue => a.exchange.cmp(&b.exchange),
            SortBy::Value => value(i).cmp(&value(j)),
            _ => unreachable!("not sorted by keys"),
        };
        let columns = [
            SortBy::Source,
            SortBy::Asset,
            SortBy::Quantity,
            SortBy::Total,
            SortBy::Currency,
            SortBy::Fee,
            SortBy::Venue,
            SortBy::Value,
        ];
        for by in columns {
            for ascending in [true, false] {
                let mut expected: Vec<u32> = (0..trades.len() as u32).rev().collect();
                expected.sort_by(|&i, &j| {
                    let o = by_value(&trades[i as usize], &trades[j as usize], by, i, j);
                    if ascending { o } else { o.reverse() }.then(i.cmp(&j))
                });
                let mut got: Vec<u32> = (0..trades.len() as u32).rev().collect();
                assert!(sort_by_keys(&mut got, &trades, &value, by, ascending));
                assert_eq!(got, expected, "{by:?}, ascending {ascending}");
            }
        }
    }

    #[test]
    fn keys_refuse_what_they_cannot_order() {
        let trades: Vec<Trade> = (0..3).map(trade).collect();
        let mut index = vec![2, 0, 1];
        for by in [SortBy::Id, SortBy::Date, SortBy::Side, SortBy::Kind] {
            assert!(!sort_by_keys(&mut index, &trades, &|_| None, by, true));
        }
        assert!(!sort_by_keys(
            &mut index,
            &trades,
            &|_| Some(dec!(-1)),
            SortBy::Value,
            true
        ));
        assert_eq!(index, vec![2, 0, 1]);
    }

    #[test]
    fn a_decimal_key_is_exact() {
        // 1.5 and 1.50 are equal; 0.000001 sorts below 0.00001; the largest decimal fits.
        assert_eq!(decimal_key(dec!(1.5)), decimal_key(dec!(1.50)));
        assert!(decimal_key(dec!(0.000001)) < decimal_key(dec!(0.00001)));
        assert_eq!(decimal_key(dec!(1.5)), Some((1, 5 * 10u128.pow(27))));
        assert!(decimal_key(Decimal::MAX).is_some());
        assert_eq!(decimal_key(dec!(-0.5)), None);
    }
}
