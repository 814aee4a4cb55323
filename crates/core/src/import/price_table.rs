//! The price table file (`date,asset,price[,currency]`, or a CoinMarketCap or CoinGecko export)
//! read into a [`PriceTable`]: the reading is an importer's job; the table and its lookup rules
//! are [`crate::prices`].

use super::price_exports;
use super::table::{self, ErrorSink, Table};
use crate::error::{Expectation, InputError, Problem};
use crate::fiat;
use crate::parse;
use crate::prices::PriceTable;
use rust_decimal::Decimal;
use std::io::Read;

/// True when a header looks like a price table, or a CoinMarketCap or CoinGecko export.
pub fn matches(names: &[String]) -> bool {
    table::header_is(names, &["date", "asset", "price"], &["currency"])
        || price_exports::matches(names).is_some()
}

/// Reads a price table: `date,asset,price[,currency]`, or a price export (its asset from
/// `asset`, else from the file name).
pub fn read_with<R: Read>(table: &mut Table<R>, asset: Option<&str>) -> Result<PriceTable, Vec<InputError>> {
    if let Some(export) = price_exports::matches(table.header.names()) {
        return price_exports::read(table, export, asset);
    }
    read(table)
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
