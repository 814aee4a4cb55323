//! Market prices of assets that have no fiat side in a trade (docs/formats.md §3).

use crate::error::{Expectation, InputError, Problem};
use crate::fiat;
use crate::import::table::{self, ErrorSink, Table};
use crate::model::Code;
use crate::parse;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::Arc;

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

/// Daily prices per asset.
#[derive(Debug, Clone, Default)]
pub struct PriceTable {
    prices: HashMap<Code, BTreeMap<NaiveDate, (Decimal, Code)>>,
}

impl PriceTable {
    /// Adds a price.
    pub fn insert(&mut self, asset: &str, date: NaiveDate, price: Decimal, currency: &str) {
        self.prices
            .entry(Arc::from(asset))
            .or_default()
            .insert(date, (price, Arc::from(currency)));
    }

    /// Merges another table into this one (later files win for the same asset and day).
    pub fn merge(&mut self, other: PriceTable) {
        for (asset, days) in other.prices {
            self.prices.entry(asset).or_default().extend(days);
        }
    }

    /// The price of `asset` on `date`, or the latest within [`MAX_PRICE_AGE_DAYS`] before it.
    pub fn price(&self, asset: &str, date: NaiveDate) -> Option<Price> {
        let (d, (p, c)) = self.prices.get(asset)?.range(..=date).next_back()?;
        if (date - *d).num_days() > MAX_PRICE_AGE_DAYS {
            return None;
        }
        Some(Price {
            price: *p,
            currency: c.clone(),
            date: *d,
        })
    }
}

/// True when a header looks like a price table.
pub fn matches(names: &[String]) -> bool {
    table::header_is(names, &["date", "asset", "price"], &["currency"])
}

/// Reads a price table: `date,asset,price[,currency]`.
pub fn read<R: Read>(table: &mut Table<R>) -> Result<PriceTable, Vec<InputError>> {
    let h = &table.header;
    let [c_date, c_asset, c_price] = table
        .require(["date", "asset", "price"], Expectation::PriceHeader)
        .map_err(|e| vec![e])?;
    let c_ccy = h.find("currency");
    let mut out = PriceTable::default();
    let mut errors = ErrorSink::default();
    while let Some(row) = table.next_row() {
        let result = row.and_then(|row| {
            let d = row.required(c_date)?;
            let date = parse::date(d).ok_or_else(|| {
                row.error(c_date, Problem::BadDate)
                    .found(d)
                    .expected(Expectation::Date)
            })?;
            let a = row.required(c_asset)?;
            let asset = parse::code(a).ok_or_else(|| {
                row.error(c_asset, Problem::NotAnAssetCode)
                    .found(a)
                    .expected(Expectation::AssetCode)
            })?;
            let p = row.required(c_price)?;
            let price = parse::decimal(p)
                .filter(|x| !x.is_sign_negative() && *x <= Decimal::from(parse::MAX_AMOUNT))
                .ok_or_else(|| {
                    row.error(c_price, Problem::NotAPrice)
                        .found(p)
                        .expected(Expectation::Price)
                })?;
            let currency = match row.optional(c_ccy)? {
                None => "USD".to_string(),
                Some(c) => parse::code(c).filter(|c| fiat::is_fiat(c)).ok_or_else(|| {
                    row.error(c_ccy.unwrap_or_default(), Problem::NotFiat)
                        .found(c)
                        .expected(Expectation::FiatCurrency)
                })?,
            };
            out.insert(&asset, date, price, &currency);
            Ok(())
        });
        if let Err(e) = result {
            errors.push(e);
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors.finish(&table.file))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn exact_day_then_up_to_a_week_back() {
        let mut t = Table::open("p.csv", "date,asset,price\n2025-01-10,BNB,700\n".as_bytes()).unwrap();
        let p = read(&mut t).unwrap();
        let d = |s| parse::date(s).unwrap();
        assert_eq!(p.price("BNB", d("2025-01-10")).unwrap().price, dec!(700));
        assert_eq!(&*p.price("BNB", d("2025-01-17")).unwrap().currency, "USD");
        assert!(p.price("BNB", d("2025-01-18")).is_none());
        assert!(p.price("BNB", d("2025-01-09")).is_none());
    }
}
