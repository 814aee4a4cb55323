//! Market prices of assets that have no fiat side in a trade (docs/formats.md §3).

use crate::model::Code;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

/// How many days back a missing day's price may be taken from.
pub const MAX_PRICE_AGE_DAYS: i64 = 7;

/// One price: the value of one unit in a fiat currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Price {
    /// Price of one unit.
    pub price: Decimal,
    /// The fiat currency of `price`.
    pub currency: Code,
    /// The day the price is for.
    pub date: NaiveDate,
}

/// Which of a day's prices in a price export (CoinMarketCap's open, high, low and close) is the
/// day's price. A setting, unconfirmed [U]: the tax office names the daily weighted average
/// price, which these exports do not give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PriceBasis {
    /// The day's closing price (the default).
    #[default]
    Close,
    /// The day's opening price.
    Open,
    /// The day's highest price.
    High,
    /// The day's lowest price.
    Low,
    /// The mean of open, high, low and close.
    Mean,
}

impl PriceBasis {
    /// Every basis, in menu order.
    pub const ALL: [PriceBasis; 5] = [
        PriceBasis::Close,
        PriceBasis::Open,
        PriceBasis::High,
        PriceBasis::Low,
        PriceBasis::Mean,
    ];

    /// The lower-case name (`close`).
    pub fn as_str(self) -> &'static str {
        match self {
            PriceBasis::Close => "close",
            PriceBasis::Open => "open",
            PriceBasis::High => "high",
            PriceBasis::Low => "low",
            PriceBasis::Mean => "mean",
        }
    }
}

impl std::fmt::Display for PriceBasis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One day's price of an asset: a single price (a price table, a CoinGecko export) or the
/// day's open, high, low and close (a CoinMarketCap export).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayPrice {
    /// One price.
    Single(Decimal),
    /// Open, high, low, close.
    Candle([Decimal; 4]),
}

impl DayPrice {
    /// The day's price under `basis` (a single price is the same under every basis).
    pub fn get(&self, basis: PriceBasis) -> Decimal {
        match *self {
            DayPrice::Single(p) => p,
            DayPrice::Candle([o, h, l, c]) => match basis {
                PriceBasis::Close => c,
                PriceBasis::Open => o,
                PriceBasis::High => h,
                PriceBasis::Low => l,
                PriceBasis::Mean => (o + h + l + c) / Decimal::from(4),
            },
        }
    }
}

/// Daily prices per asset.
#[derive(Debug, Clone, Default)]
pub struct PriceTable {
    prices: HashMap<Code, BTreeMap<NaiveDate, (DayPrice, Code)>>,
}

impl PriceTable {
    /// Adds a price.
    pub fn insert(&mut self, asset: &str, date: NaiveDate, price: Decimal, currency: &str) {
        self.prices
            .entry(Code::from(asset))
            .or_default()
            .insert(date, (DayPrice::Single(price), Code::from(currency)));
    }

    /// Adds a day's open, high, low and close.
    pub fn insert_candle(&mut self, asset: &str, date: NaiveDate, ohlc: [Decimal; 4], currency: &str) {
        self.prices
            .entry(Code::from(asset))
            .or_default()
            .insert(date, (DayPrice::Candle(ohlc), Code::from(currency)));
    }

    /// True when some day's price is a candle (a CoinMarketCap export), so that the price basis
    /// matters.
    pub fn has_candles(&self) -> bool {
        self.prices
            .values()
            .any(|days| days.values().any(|(p, _)| matches!(p, DayPrice::Candle(_))))
    }

    /// Merges another table into this one (later files win for the same asset and day).
    pub fn merge(&mut self, other: PriceTable) {
        for (asset, days) in other.prices {
            self.prices.entry(asset).or_default().extend(days);
        }
    }

    /// The price of `asset` on `date`, or the latest within [`MAX_PRICE_AGE_DAYS`] before it
    /// (a day's close where the table has a candle).
    pub fn price(&self, asset: &str, date: NaiveDate) -> Option<Price> {
        self.price_on(asset, date, PriceBasis::Close)
    }

    /// As [`PriceTable::price`], taking `basis` of a day's candle.
    pub fn price_on(&self, asset: &str, date: NaiveDate, basis: PriceBasis) -> Option<Price> {
        let (d, (p, c)) = self.prices.get(asset)?.range(..=date).next_back()?;
        if (date - *d).num_days() > MAX_PRICE_AGE_DAYS {
            return None;
        }
        Some(Price {
            price: p.get(basis),
            currency: c.clone(),
            date: *d,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::parse;
    use rust_decimal_macros::dec;

    #[test]
    fn exact_day_then_up_to_a_week_back() {
        let mut t =
            crate::import::table::Table::open("p.csv", "date,asset,price\n2025-01-10,BNB,700\n".as_bytes())
                .unwrap();
        let p = crate::import::price_table::read(&mut t).unwrap();
        let d = |s| parse::date(s).unwrap();
        assert_eq!(p.price("BNB", d("2025-01-10")).unwrap().price, dec!(700));
        assert_eq!(&*p.price("BNB", d("2025-01-17")).unwrap().currency, "USD");
        assert!(p.price("BNB", d("2025-01-18")).is_none());
        assert!(p.price("BNB", d("2025-01-09")).is_none());
    }
}
