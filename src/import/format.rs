//! The formats Salyq reads, each recognised by its header (or, for JSON, its first bytes), in
//! the order they are tried.

use super::{binance, bybit, generic};
use crate::{prices, rates};

/// A file format Salyq can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An official-rate table (`date,currency,rate[,quant]`).
    Rates,
    /// A price table (`date,asset,price[,currency]`).
    Prices,
    /// Binance spot trade history (`Date(UTC),Pair,Side,Price,Executed,Amount,Fee`).
    BinanceSpot,
    /// Binance's older spot trade history (`Date(UTC),Market,Type,...,Fee Coin`).
    BinanceSpotOld,
    /// Binance transaction history (statement).
    BinanceStatement,
    /// Bybit spot trade history (unified account, EU and older variants).
    BybitSpot,
    /// Bybit funding account history (deposits, withdrawals, card buys, airdrops).
    BybitFunding,
    /// The generic trade CSV (docs/formats.md §1).
    Generic,
}

impl Format {
    /// Every CSV format, in the order they are tried: exact table headers first, then the
    /// exchanges' own exports, the generic format last (it accepts a header missing a column,
    /// to report the column by name).
    pub const CSV: [Format; 8] = [
        Format::Rates,
        Format::Prices,
        Format::BinanceSpot,
        Format::BinanceSpotOld,
        Format::BinanceStatement,
        Format::BybitSpot,
        Format::BybitFunding,
        Format::Generic,
    ];

    /// The format's name, as shown in import reports.
    pub fn name(self) -> &'static str {
        match self {
            Format::Rates => "Official rate table",
            Format::Prices => "Price table",
            Format::BinanceSpot => binance::spot::NAME,
            Format::BinanceSpotOld => binance::spot_legacy::NAME,
            Format::BinanceStatement => binance::statement::NAME,
            Format::BybitSpot => bybit::NAME,
            Format::BybitFunding => crate::ledger::bybit::NAME,
            Format::Generic => "Generic trade CSV",
        }
    }

    /// True when a header (trimmed, lower-case names) is this format's.
    pub fn matches(self, names: &[String]) -> bool {
        match self {
            Format::Rates => rates::matches(names),
            Format::Prices => prices::matches(names),
            Format::BinanceSpot => binance::spot::matches(names),
            Format::BinanceSpotOld => binance::spot_legacy::matches(names),
            Format::BinanceStatement => binance::statement::matches(names),
            Format::BybitSpot => bybit::matches(names),
            Format::BybitFunding => crate::ledger::bybit::matches(names),
            Format::Generic => generic::matches(names),
        }
    }

    /// True for formats that hold trades.
    pub fn has_trades(self) -> bool {
        !matches!(self, Format::Rates | Format::Prices)
    }

    /// The CSV format of a header, if any.
    pub fn detect(names: &[String]) -> Option<Format> {
        Format::CSV.into_iter().find(|f| f.matches(names))
    }

    /// The trade format of a header, if any (for files given as trade files).
    pub fn detect_trades(names: &[String]) -> Option<Format> {
        Format::CSV
            .into_iter()
            .find(|f| f.has_trades() && f.matches(names))
    }
}
