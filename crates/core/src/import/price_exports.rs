//! Price exports read as price tables (prices in USD unless the file name says another fiat):
//! CoinMarketCap's historical data (`timeOpen;timeClose;timeHigh;timeLow;name;open;high;low;
//! close;volume;marketCap[;circulatingSupply];timestamp`, `;`-separated, cells possibly quoted)
//! and CoinGecko's (`snapped_at,price,market_cap,total_volume`). Neither names its asset: it is
//! taken from the file name (`…_coinmarketcap_BTC.csv`, `btc-usd-max.csv`) or chosen.

use super::table::{self, ErrorSink, Row, Table};
use crate::error::{Expectation, InputError, Problem};
use crate::fiat;
use crate::parse::{self, Style};
use crate::prices::PriceTable;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::io::Read;

/// A price export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// CoinMarketCap historical data.
    CoinMarketCap,
    /// CoinGecko historical data.
    CoinGecko,
}

const CMC: [&str; 12] = [
    "timeopen",
    "timeclose",
    "timehigh",
    "timelow",
    "name",
    "open",
    "high",
    "low",
    "close",
    "volume",
    "marketcap",
    "timestamp",
];

/// The export a header (trimmed, lower-case names) is, if any.
pub fn matches(names: &[String]) -> Option<Export> {
    if table::header_is(names, &CMC, &["circulatingsupply"]) {
        Some(Export::CoinMarketCap)
    } else if table::header_is(names, &["snapped_at", "price"], &["market_cap", "total_volume"]) {
        Some(Export::CoinGecko)
    } else {
        None
    }
}

/// The asset (and the price currency, when the name gives one) a file name names:
/// `…_coinmarketcap_BTC.csv` → BTC; CoinGecko's `btc-usd-max.csv` → BTC in USD.
pub fn asset_from_name(file: &str) -> Option<(String, Option<String>)> {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
    let lower = stem.to_ascii_lowercase();
    if let Some(at) = lower.rfind("coinmarketcap_") {
        let code = &stem[at + "coinmarketcap_".len()..];
        return parse::code(code).map(|c| (c, None));
    }
    let mut parts = stem.split('-');
    let (first, second) = (parts.next()?, parts.next()?);
    let ccy = parse::code(second).filter(|c| fiat::is_fiat(c))?;
    parse::code(first).map(|c| (c, Some(ccy)))
}

/// A number as these exports write it (`.` decimal point; a decimal comma also accepted).
fn number(s: &str) -> Option<Decimal> {
    parse::decimal(s)
        .or_else(|| Style::Russian.decimal(s))
        .filter(|x| !x.is_sign_negative() && *x <= Decimal::from(parse::MAX_AMOUNT))
}

/// The day of a time cell: `2024-01-01T00:00:00.000Z`, `2024-01-01 00:00:00 UTC`, `2024-01-01`.
fn day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    parse::date(s.get(..10)?).filter(|_| s.len() == 10 || !s.as_bytes()[10].is_ascii_digit())
}

/// Reads an export into a price table; `asset` (chosen) wins over the file name's.
pub fn read<R: Read>(
    table: &mut Table<R>,
    export: Export,
    asset: Option<&str>,
) -> Result<PriceTable, Vec<InputError>> {
    let from_name = asset_from_name(&table.file);
    let asset = match (asset.and_then(parse::code), &from_name) {
        (Some(a), _) => a,
        (None, Some((a, _))) => a.clone(),
        (None, None) => {
            return Err(vec![
                InputError::file(&table.file, Problem::PriceAssetUnknown)
                    .found(&table.file)
                    .expected(Expectation::PriceAsset),
            ]);
        }
    };
    let currency = from_name
        .and_then(|(_, c)| c)
        .unwrap_or_else(|| "USD".to_string());
    let mut out = PriceTable::default();
    let mut errors = ErrorSink::default();
    match export {
        Export::CoinMarketCap => {
            let [c_time, c_open, c_high, c_low, c_close] = table
                .require(
                    ["timeopen", "open", "high", "low", "close"],
                    Expectation::PriceHeader,
                )
                .map_err(|e| vec![e])?;
            while let Some(row) = table.next_row() {
                let r = row.and_then(|row| {
                    let date = date_cell(&row, c_time)?;
                    let mut ohlc = [Decimal::ZERO; 4];
                    for (slot, c) in ohlc.iter_mut().zip([c_open, c_high, c_low, c_close]) {
                        *slot = price_cell(&row, c)?;
                    }
                    out.insert_candle(&asset, date, ohlc, &currency);
                    Ok(())
                });
                if let Err(e) = r {
                    errors.push(e);
                }
            }
        }
        Export::CoinGecko => {
            let [c_time, c_price] = table
                .require(["snapped_at", "price"], Expectation::PriceHeader)
                .map_err(|e| vec![e])?;
            while let Some(row) = table.next_row() {
                let r = row.and_then(|row| {
                    let date = date_cell(&row, c_time)?;
                    let price = price_cell(&row, c_price)?;
                    out.insert(&asset, date, price, &currency);
                    Ok(())
                });
                if let Err(e) = r {
                    errors.push(e);
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors.finish(&table.file))
    }
}

fn date_cell(row: &Row<'_>, c: usize) -> Result<NaiveDate, InputError> {
    let text = row.required(c)?;
    day(text).ok_or_else(|| {
        row.error(c, Problem::BadDate)
            .found(text)
            .expected(Expectation::DateTime)
    })
}

fn price_cell(row: &Row<'_>, c: usize) -> Result<Decimal, InputError> {
    let text = row.required(c)?;
    number(text).ok_or_else(|| {
        row.error(c, Problem::NotAPrice)
            .found(text)
            .expected(Expectation::Price)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_from_file_names() {
        assert_eq!(
            asset_from_name("Bitcoin_1_1_2024-12_31_2024_historical_data_coinmarketcap_BTC.csv"),
            Some(("BTC".into(), None))
        );
        assert_eq!(
            asset_from_name("dir/eth-usd-max.csv"),
            Some(("ETH".into(), Some("USD".into())))
        );
        assert_eq!(asset_from_name("prices.csv"), None);
        assert_eq!(asset_from_name("my-prices.csv"), None);
    }

    #[test]
    fn days_of_time_cells() {
        let d = NaiveDate::from_ymd_opt(2024, 1, 1);
        assert_eq!(day("2024-01-01T00:00:00.000Z"), d);
        assert_eq!(day("2024-01-01 00:00:00 UTC"), d);
        assert_eq!(day("2024-01-01"), d);
        assert_eq!(day("2024-01-011"), None);
    }
}
