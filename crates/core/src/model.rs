//! The trade model shared by every stage: what one row of a trade file says.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rust_decimal::Decimal;
use std::fmt;
use std::sync::Arc;

/// An asset or currency code, upper-cased (`BTC`, `USDT`, `KZT`). Shared, cheap to clone.
pub type Code = Arc<str>;

/// Where a trade came from: file name (as given) and 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Source {
    /// The file's name as the user gave it.
    pub file: Arc<str>,
    /// 1-based line number of the row.
    pub line: u64,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// Buy or sell, from the point of view of `asset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// `quantity` of `asset` received, `total` of `currency` given.
    Buy,
    /// `quantity` of `asset` given, `total` of `currency` received.
    Sell,
}

impl Side {
    /// The lower-case name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Buy => "buy",
            Side::Sell => "sell",
        }
    }
}

/// What sort of property an asset is; the tax rules differ by kind.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Digital assets (the default).
    #[default]
    Crypto,
    /// Securities (shares, bonds, fund units).
    Security,
    /// Any other property.
    Other,
}

impl Kind {
    /// All kinds, in report order.
    pub const ALL: [Kind; 3] = [Kind::Crypto, Kind::Security, Kind::Other];

    /// The lower-case name used in files, rules and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Crypto => "crypto",
            Kind::Security => "security",
            Kind::Other => "other",
        }
    }

    /// Parses `crypto`, `security` or `other` (case-insensitive).
    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.trim();
        Kind::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(s))
    }
}

/// One trade: `quantity` of `asset` exchanged for `total` of `currency`, with an optional fee.
#[derive(Debug, Clone, PartialEq)]
pub struct Trade {
    /// The file and line the trade was read from.
    pub source: Source,
    /// When it happened, with the offset the file gave (UTC when none).
    pub time: DateTime<FixedOffset>,
    /// Buy or sell of `asset`.
    pub side: Side,
    /// What was bought or sold.
    pub asset: Code,
    /// How much of `asset`; always > 0.
    pub quantity: Decimal,
    /// What was paid or received, in `currency`; ≥ 0.
    pub total: Decimal,
    /// What was paid or received: fiat or another asset.
    pub currency: Code,
    /// Fee amount (≥ 0; zero when none).
    pub fee: Decimal,
    /// The fee's asset or currency.
    pub fee_currency: Code,
    /// Venue or account, if given.
    pub exchange: Option<Code>,
    /// The venue's trade id, if given.
    pub id: Option<Box<str>>,
    /// Kind of `asset`.
    pub kind: Kind,
    /// Free text from the file.
    pub note: Option<Box<str>>,
}

impl Trade {
    /// The tax date: the calendar date of the trade at `tz` (Kazakhstan's time by default).
    pub fn tax_date(&self, tz: FixedOffset) -> NaiveDate {
        self.time.with_timezone(&tz).date_naive()
    }

    /// The instant in UTC, used to order trades.
    pub fn utc(&self) -> DateTime<Utc> {
        self.time.with_timezone(&Utc)
    }

    /// The label shown in reports: the venue's id, or the source line when there is none.
    pub fn label(&self) -> String {
        match &self.id {
            Some(id) => id.to_string(),
            None => self.source.to_string(),
        }
    }
}

/// Builders for trades in unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// A trade on 2025-03-07T10:00:00Z from `t.csv:2` with no fee.
    pub(crate) fn trade(side: Side, asset: &str, quantity: Decimal, total: Decimal, currency: &str) -> Trade {
        Trade {
            source: Source {
                file: Arc::from("t.csv"),
                line: 2,
            },
            time: crate::parse::datetime("2025-03-07T10:00:00Z").expect("valid date"),
            side,
            asset: Arc::from(asset),
            quantity,
            total,
            currency: Arc::from(currency),
            fee: Decimal::ZERO,
            fee_currency: Arc::from(currency),
            exchange: None,
            id: None,
            kind: Kind::Crypto,
            note: None,
        }
    }

    impl Trade {
        /// The same trade with a fee.
        pub(crate) fn with_fee(self, fee: Decimal, currency: &str) -> Trade {
            Trade {
                fee,
                fee_currency: Arc::from(currency),
                ..self
            }
        }

        /// The same trade at another time.
        pub(crate) fn at(self, time: &str) -> Trade {
            Trade {
                time: crate::parse::datetime(time).expect("valid date"),
                ..self
            }
        }
    }
}
