//! The formats Salyq reads, each recognised by its header (or, for JSON, its first bytes), in
//! the order they are tried.

use super::{binance, bybit, bybit_uta, generic, kucoin, okx};

/// A file format Salyq can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An official-rate table (`date,currency,rate[,quant]`).
    Rates,
    /// A price table (`date,asset,price[,currency]`).
    Prices,
    /// Binance spot trade history (`Date(UTC),Pair,Side,Price,Executed,Amount,Fee`).
    BinanceSpot,
    /// Binance spot trade history since 2023 (`Time,Pair,Side,Price,Executed,Amount,Fee`, also
    /// with `Order No` and the AOR columns, and with Russian headers).
    BinanceSpotCurrent,
    /// Binance Convert history (`Date,[Wallet,]Pair,Type,Sell,Buy,Price,Inverse Price,Date Updated,Status`).
    BinanceConvert,
    /// Binance spot order history (orders with their fills nested).
    BinanceOrderHistory,
    /// Binance's older spot trade history (`Date(UTC),Market,Type,...,Fee Coin`).
    BinanceSpotOld,
    /// Binance transaction history (statement).
    BinanceStatement,
    /// Bybit spot trade history (unified account, EU and older variants).
    BybitSpot,
    /// Bybit funding account history (deposits, withdrawals, card buys, airdrops).
    BybitFunding,
    /// Bybit Unified Trading Account transaction log (two `TRADE` rows a spot trade).
    BybitUta,
    /// KuCoin trade history (three layouts).
    KuCoin,
    /// OKX (OKEx) trade history.
    Okx,
    /// The generic trade CSV (docs/formats.md §1).
    Generic,
}

impl Format {
    /// Every CSV format, in the order they are tried: exact table headers first, then the
    /// exchanges' own exports, the generic format last (it accepts a header missing a column,
    /// to report the column by name).
    pub const CSV: [Format; 14] = [
        Format::Rates,
        Format::Prices,
        Format::BinanceSpot,
        Format::BinanceSpotCurrent,
        Format::BinanceConvert,
        Format::BinanceOrderHistory,
        Format::BinanceSpotOld,
        Format::BinanceStatement,
        Format::BybitSpot,
        Format::BybitFunding,
        Format::BybitUta,
        Format::KuCoin,
        Format::Okx,
        Format::Generic,
    ];

    /// The format's name, as shown in import reports.
    pub fn name(self) -> &'static str {
        match self {
            Format::Rates => "Official rate table",
            Format::Prices => "Price table",
            Format::BinanceSpot => binance::spot::NAME,
            Format::BinanceSpotCurrent => binance::spot_current::NAME,
            Format::BinanceConvert => binance::convert::NAME,
            Format::BinanceOrderHistory => binance::order_history::NAME,
            Format::BinanceSpotOld => binance::spot_legacy::NAME,
            Format::BinanceStatement => binance::statement::NAME,
            Format::BybitSpot => bybit::NAME,
            Format::BybitFunding => super::bybit_funding::NAME,
            Format::BybitUta => bybit_uta::NAME,
            Format::KuCoin => kucoin::NAME,
            Format::Okx => okx::NAME,
            Format::Generic => "Generic trade CSV",
        }
    }

    /// True when a header (trimmed, lower-case names) is this format's.
    pub fn matches(self, names: &[String]) -> bool {
        match self {
            Format::Rates => super::rate_table::matches(names),
            Format::Prices => super::price_table::matches(names),
            Format::BinanceSpot => binance::spot::matches(names),
            Format::BinanceSpotCurrent => binance::spot_current::matches(names),
            Format::BinanceConvert => binance::convert::matches(names),
            Format::BinanceOrderHistory => binance::order_history::matches(names),
            Format::BinanceSpotOld => binance::spot_legacy::matches(names),
            Format::BinanceStatement => binance::statement::matches(names),
            Format::BybitSpot => bybit::matches(names),
            Format::BybitFunding => super::bybit_funding::matches(names),
            Format::BybitUta => bybit_uta::matches(names),
            Format::KuCoin => kucoin::matches(names),
            Format::Okx => okx::matches(names),
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

/// The header of each trade format, for naming the closest one to an unknown file.
const HEADERS: [(Format, &str); 17] = [
    (Format::BinanceSpot, binance::spot::HEADER),
    (Format::BinanceSpotCurrent, binance::spot_current::HEADER),
    (Format::BinanceSpotCurrent, binance::spot_current::HEADER_2025),
    (Format::BinanceConvert, binance::convert::HEADER),
    (Format::BinanceOrderHistory, binance::order_history::HEADER),
    (Format::BinanceSpotOld, binance::spot_legacy::HEADER),
    (Format::BinanceStatement, binance::statement::HEADER),
    (Format::BinanceStatement, binance::statement::HEADER_2024),
    (
        Format::BybitSpot,
        "Spot Pairs,Order Type,Direction,Filled Value,Filled Price,Filled Quantity,Fees,Transaction ID,Order No.,Timestamp (UTC)",
    ),
    (Format::BybitFunding, super::bybit_funding::HEADER),
    (Format::BybitUta, bybit_uta::HEADER),
    (Format::KuCoin, kucoin::HEADER),
    (Format::KuCoin, kucoin::HEADER_OLD),
    (Format::KuCoin, kucoin::HEADER_ORDERS),
    (Format::Okx, okx::HEADER),
    (
        Format::Generic,
        "date,side,asset,quantity,price,total,currency,fee,fee_currency",
    ),
    (Format::Rates, "date,currency,rate"),
];

/// The known format whose header is closest to `names` (the most columns in common, at least
/// two): its name, its header and the columns of it that `names` lacks.
pub fn closest(names: &[String]) -> Option<(&'static str, &'static str, Vec<String>)> {
    let have: Vec<String> = names.iter().map(|n| super::exchange::clean(n)).collect();
    HEADERS
        .iter()
        .filter_map(|(format, header)| {
            let columns: Vec<&str> = header.split([',', ';']).collect();
            let (found, missing): (Vec<&str>, Vec<&str>) =
                columns.iter().partition(|c| have.contains(&c.to_lowercase()));
            (found.len() >= 2).then(|| (found.len(), format.name(), *header, missing))
        })
        .max_by_key(|(found, _, _, missing)| (*found, std::cmp::Reverse(missing.len())))
        .map(|(_, name, header, missing)| (name, header, missing.into_iter().map(String::from).collect()))
}
