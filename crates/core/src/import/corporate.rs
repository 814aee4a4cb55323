//! Splits that brokers report, applied to the lots: every trade of the security before the
//! split has its quantity multiplied by the ratio (new shares per old); its total, and so the
//! lot's cost, is unchanged. The trade's note says so (`quantity restated ×4 for the split of
//! 2024-06-10, was 10`). The file is never changed.
//!
//! A split applies to the trades of every file read (before or after the file holding it): a
//! trade is the split's security when it has the same asset code or the same ISIN (in its
//! note). The same split given twice (overlapping reports: same security, date and ratio) is
//! applied once.

use crate::model::{Code, Source, Trade};
use crate::parse::find_isin;
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;

/// A split (or reverse split) of a security.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// Where the broker reported it.
    pub source: Source,
    /// When it took effect: trades before this instant are restated.
    pub time: DateTime<FixedOffset>,
    /// The security, as the broker names it.
    pub asset: Code,
    /// Its ISIN, when known.
    pub isin: Option<Box<str>>,
    /// New shares per old share (4 for a 4-for-1 split, 0.1 for a 1-for-10 reverse split).
    pub ratio: Decimal,
}

impl Split {
    /// True when `other` is the same split (another report of it).
    pub fn same_as(&self, other: &Split) -> bool {
        self.ratio == other.ratio
            && self.time.date_naive() == other.time.date_naive()
            && (self.asset == other.asset || (self.isin.is_some() && self.isin == other.isin))
    }

    /// True when `trade` is of this split's security and before it.
    fn covers(&self, trade: &Trade) -> bool {
        if trade.time >= self.time {
            return false;
        }
        if trade.asset == self.asset {
            return true;
        }
        match (&self.isin, trade.note.as_deref().and_then(find_isin)) {
            (Some(a), Some(b)) => **a == *b,
            _ => false,
        }
    }
}

/// Restates the quantity of every trade `split` covers; returns how many.
pub fn apply(trades: &mut [Trade], split: &Split) -> usize {
    let mut n = 0;
    for t in trades.iter_mut().filter(|t| split.covers(t)) {
        let was = t.quantity;
        t.quantity = (t.quantity * split.ratio).normalize();
        let line = format!(
            "quantity restated ×{} for the split of {}, was {}",
            split.ratio.normalize(),
            split.time.date_naive(),
            was.normalize()
        );
        t.note = Some(match t.note.take() {
            Some(old) => format!("{old}; {line}").into(),
            None => line.into(),
        });
        n += 1;
    }
    n
}

/// A ratio as brokers write it: a number (new per old), `4:1`, `4/1`, `4 for 1`, `4-for-1`
/// (new for old). `None` when unreadable, zero or negative.
pub fn parse_ratio(text: &str) -> Option<Decimal> {
    let t = text.trim().to_ascii_lowercase();
    let num = |s: &str| crate::parse::decimal(s.trim()).filter(|d| *d > Decimal::ZERO);
    for sep in [":", "/", "-for-", " for ", "for"] {
        if let Some((a, b)) = t.split_once(sep) {
            return num(a)?.checked_div(num(b)?).map(|r| r.normalize());
        }
    }
    num(&t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::trade;
    use crate::model::{Shared, Side};
    use rust_decimal_macros::dec;

    #[test]
    fn ratios_read_in_the_brokers_ways() {
        assert_eq!(parse_ratio("4"), Some(dec!(4)));
        assert_eq!(parse_ratio("4:1"), Some(dec!(4)));
        assert_eq!(parse_ratio("1/10"), Some(dec!(0.1)));
        assert_eq!(parse_ratio("20 for 1"), Some(dec!(20)));
        assert_eq!(parse_ratio("3-for-2"), Some(dec!(1.5)));
        assert_eq!(parse_ratio("0"), None);
        assert_eq!(parse_ratio("x:1"), None);
        assert_eq!(parse_ratio("1:0"), None);
    }

    #[test]
    fn a_split_restates_earlier_trades_of_its_security_only() {
        let buy = trade(Side::Buy, "AAPL", dec!(10), dec!(1500), "USD").at("2024-06-01T10:00:00Z");
        let later = trade(Side::Buy, "AAPL", dec!(3), dec!(100), "USD").at("2024-06-20T10:00:00Z");
        let mut by_isin = trade(Side::Buy, "AAPL.US", dec!(2), dec!(300), "USD").at("2024-06-02T10:00:00Z");
        by_isin.note = Some("ISIN US0378331005".into());
        let other = trade(Side::Buy, "MSFT", dec!(5), dec!(1000), "USD").at("2024-06-01T10:00:00Z");
        let mut trades = vec![buy, later, by_isin, other];
        let split = Split {
            source: Source {
                file: Shared::from("s.csv"),
                line: 9,
            },
            time: crate::parse::datetime("2024-06-10T00:00:00Z").unwrap(),
            asset: Code::from("AAPL"),
            isin: Some("US0378331005".into()),
            ratio: dec!(4),
        };
        assert_eq!(apply(&mut trades, &split), 2);
        // 10 × 4 = 40 shares for the same 1,500 USD: 37.50 a share instead of 150.
        assert_eq!((trades[0].quantity, trades[0].total), (dec!(40), dec!(1500)));
        assert_eq!(
            trades[0].note.as_deref(),
            Some("quantity restated ×4 for the split of 2024-06-10, was 10")
        );
        assert_eq!(trades[1].quantity, dec!(3));
        assert_eq!(trades[2].quantity, dec!(8));
        assert_eq!(trades[3].quantity, dec!(5));
        let mut again = split.clone();
        again.asset = Code::from("AAPL.US");
        assert!(split.same_as(&again));
    }
}
