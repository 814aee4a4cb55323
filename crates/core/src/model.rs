//! The trade model shared by every stage: what one row of a trade file says.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rust_decimal::Decimal;
use std::fmt;

/// A shared, immutable text (a file name, a venue, an account): one pointer to a counted string
/// (`arcstr::ArcStr`, 8 bytes where `Arc<str>` takes 16), cheap to clone, compared and hashed
/// as its text. Held by every trade, so its size is memory.
pub type Shared = arcstr::ArcStr;

mod trade_id;
pub use trade_id::TradeId;

/// An asset or currency code, upper-cased (`BTC`, `USDT`, `KZT`): a [`Shared`] text.
pub type Code = Shared;

/// Where a trade came from: file name (as given) and 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Source {
    /// The file's name as the user gave it.
    pub file: Shared,
    /// 1-based line number of the row.
    pub line: u64,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A line number in the 32 bits a trade keeps ([`Trade::line`]): a file of 2^32 lines would
/// be over a hundred gigabytes, so a larger number is taken as the largest.
pub fn line32(line: u64) -> u32 {
    u32::try_from(line).unwrap_or(u32::MAX)
}

/// `i` in 32 bits, for the indices of trades and lot uses that lists of a history hold.
/// Unreachable in practice: 2^32 trades would take some 700 GB before matching.
pub fn index32(i: usize) -> u32 {
    u32::try_from(i).expect("a history holds fewer than 2^32 trades and lot uses")
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
    /// The file the trade was read from, its name as the user gave it (see [`Trade::source`]).
    pub file: Shared,
    /// The 1-based line it was read from, in 32 bits: a trade is held by the million and no
    /// file has 2^32 lines (see [`line32`]).
    pub line: u32,
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
    pub id: Option<TradeId>,
    /// Kind of `asset`.
    pub kind: Kind,
    /// Free text from the file.
    pub note: Option<Shared>,
}

impl Trade {
    /// The file and line the trade was read from.
    pub fn source(&self) -> Source {
        Source {
            file: self.file.clone(),
            line: u64::from(self.line),
        }
    }

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
            None => self.source().to_string(),
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
            file: Shared::from("t.csv"),
            line: 2,
            time: crate::parse::datetime("2025-03-07T10:00:00Z").expect("valid date"),
            side,
            asset: Code::from(asset),
            quantity,
            total,
            currency: Code::from(currency),
            fee: Decimal::ZERO,
            fee_currency: Code::from(currency),
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
                fee_currency: Code::from(currency),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Trades are held by the million, so their size is memory: 136 bytes. A code is one pointer,
    /// 8 bytes, and so are the file name (`Arc<str>` took 16) and a note (a boxed one took 16);
    /// the line is 4 bytes beside the other 4-byte fields (in a `Source` it took 16 with the
    /// file); an id takes 16 bytes, up to 15 of them its text (24 while it was a `compact_str`,
    /// a boxed one took 16 here and 32 on the heap). It was 192.
    #[test]
    fn a_trade_is_136_bytes() {
        assert_eq!(std::mem::size_of::<Code>(), 8);
        assert_eq!(std::mem::size_of::<Option<Code>>(), 8);
        assert_eq!(std::mem::size_of::<Source>(), 16);
        assert_eq!(std::mem::size_of::<Option<TradeId>>(), 16);
        assert_eq!(std::mem::size_of::<Option<Shared>>(), 8);
        assert_eq!(std::mem::size_of::<Trade>(), 136);
        assert!(
            TradeId::from("123456789012345").is_inline(),
            "15 bytes stay inside"
        );
        assert!(!TradeId::from("0123456789abcdef").is_inline());
    }

    /// A line number fits the trade's 32 bits; one beyond them is taken as the largest.
    #[test]
    fn a_line_number_fits_in_32_bits() {
        assert_eq!(line32(7), 7);
        assert_eq!(line32(u64::from(u32::MAX)), u32::MAX);
        assert_eq!(line32(u64::MAX), u32::MAX);
    }

    /// A code compares, hashes and looks up as its text, and clones share one allocation.
    #[test]
    fn a_code_is_its_text() {
        let a = Code::from("BTC");
        let b = a.clone();
        assert!(Code::ptr_eq(&a, &b));
        assert_eq!(a.as_ptr(), b.as_ptr());
        assert_eq!(&*a, "BTC");
        let set: rustc_hash::FxHashSet<Code> = [a].into_iter().collect();
        assert!(set.contains("BTC"));
        let mut codes = [Code::from("USDT"), Code::from("BTC"), Code::from("ETH")];
        codes.sort();
        assert_eq!(codes.map(|c| c.to_string()), ["BTC", "ETH", "USDT"]);
    }
}
