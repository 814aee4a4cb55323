//! Binance Convert history: `Date,Pair,Type,Sell,Buy,Price,Inverse Price,Date Updated,Status`,
//! also with `Wallet` after `Date` (`Spot Wallet`, `Funding Wallet`).
//!
//! - One conversion a row: `Sell` is what was given and `Buy` what was received, each a number
//!   and its asset (`100 USDT`, `0.0015 BTC`, also glued: `100USDT`).
//! - Only rows whose `Status` is `Successful` are trades; any other status (`Failed`,
//!   `Processing`, ...) is counted as skipped under `convert status <Status>`, never dropped
//!   silently.
//! - The trade's currency is the more quote-like asset of the two ([`super::QUOTES`], fiat
//!   first, then stablecoins, then BTC, ETH, ...), so that `100 USDT` → `0.0015 BTC` reads as a
//!   buy of 0.0015 BTC for 100 USDT, as the spot history and the statement would have it; when
//!   neither is a quote asset, it is a sale of the `Sell` asset for the `Buy` asset.
//! - No fee: Binance takes its part in the conversion's price. `Price` and `Inverse Price` are
//!   not checked (their direction depends on the pair). `Type` (`Market`, `Limit`) and `Wallet`
//!   go into the note with "Binance Convert".
//! - **Time.** `Date` carries no zone: as for the spot trade history since 2023, the zone given
//!   for the file (`--tz-of`), else the one in its name (`…(UTC+5).csv`), else UTC with a
//!   warning. [U] Which zone Binance writes into this export is not documented.

use crate::error::{Expectation, InputError, Problem};
use crate::import::exchange;
use crate::import::intern::Interner;
use crate::import::report::FileReport;
use crate::import::rows::RowTrade;
use crate::import::table::{Row, Table};
use crate::model::{Code, Kind, Shared, Side, Trade};
use crate::parse::Style;
use chrono::FixedOffset;
use rust_decimal::Decimal;
use std::io::Read;

/// The format's name, as shown in import reports.
pub const NAME: &str = "Binance Convert history";

/// The header, as named in errors about a missing column.
pub const HEADER: &str = "Date,Wallet,Pair,Type,Sell,Buy,Price,Inverse Price,Date Updated,Status";

/// The status of a conversion that happened.
pub const SUCCESSFUL: &str = "successful";

/// True when a header (trimmed, lower-case names) is Binance's Convert history.
pub fn matches(names: &[String]) -> bool {
    exchange::has_all(
        names,
        &[
            &["date"],
            &["pair"],
            &["sell"],
            &["buy"],
            &["status"],
            &["inverse price"],
        ],
    )
}

struct Columns {
    date: usize,
    offset: FixedOffset,
    wallet: Option<usize>,
    pair: usize,
    kind: Option<usize>,
    sell: usize,
    buy: usize,
    status: usize,
}

/// Reads every successful conversion as a trade; other statuses are counted in
/// `report.skipped`. `zone` is the time zone the user gave for the file, if any.
pub fn read<R: Read + Send>(
    table: &mut Table<R>,
    interner: &mut Interner,
    report: &mut FileReport,
    zone: Option<FixedOffset>,
) -> Result<Vec<Trade>, Vec<InputError>> {
    let names = &table.header.raw;
    let expected = || Expectation::HeaderLike(HEADER.to_string());
    let need = |n: &str| exchange::find(names, &[n]).ok_or_else(|| vec![table.missing_column(n, expected())]);
    let (offset, _, warning) = exchange::file_zone(&table.file, zone);
    let c = Columns {
        date: need("date")?,
        offset,
        wallet: exchange::find(names, &["wallet"]),
        pair: need("pair")?,
        kind: exchange::find(names, &["type"]),
        sell: need("sell")?,
        buy: need("buy")?,
        status: need("status")?,
    };
    report.warnings.extend(warning);
    let file: Shared = Shared::from(table.file.as_str());
    let venue = interner.get(super::VENUE);
    crate::import::rows::each_trade(table, report, |row| {
        Ok(match conversion(row, &c, &file, &venue, interner)? {
            Ok(t) => RowTrade::Trade(t),
            Err(status) => RowTrade::Skip(format!("convert status {status}").into()),
        })
    })
}

/// A number and its asset (`100 USDT`, `0.0015BTC`): more than 0, at most 10^15.
pub(crate) fn amount_and_asset(
    row: &Row<'_>,
    col: usize,
    interner: &mut Interner,
) -> Result<(Decimal, Code), InputError> {
    let s = row.required(col)?;
    let bad = |p| row.error(col, p).found(s).expected(Expectation::AmountWithAsset);
    let (x, asset) = super::amount_in(Style::Plain, s, &[]).ok_or_else(|| bad(Problem::NotANumber))?;
    if asset.is_empty() {
        return Err(bad(Problem::NotACode));
    }
    let code = interner.code(asset).ok_or_else(|| bad(Problem::NotACode))?;
    let x = super::in_range(row, col, s, x, true, || Expectation::AmountWithAsset)?;
    Ok((x, code))
}

/// The trade of one row, or the status of a conversion that did not happen.
fn conversion(
    row: &Row<'_>,
    c: &Columns,
    file: &Shared,
    venue: &Code,
    interner: &mut Interner,
) -> Result<Result<Trade, String>, InputError> {
    let status = row.required(c.status)?;
    if !status.eq_ignore_ascii_case(SUCCESSFUL) {
        return Ok(Err(status.to_string()));
    }
    let date = row.required(c.date)?;
    let time = exchange::datetime_at(date, c.offset, Style::Plain).ok_or_else(|| {
        row.error(c.date, Problem::BadDate)
            .found(date)
            .expected(Expectation::DateTime)
    })?;
    row.required(c.pair)?;
    let (sold, sold_asset) = amount_and_asset(row, c.sell, interner)?;
    let (got, got_asset) = amount_and_asset(row, c.buy, interner)?;
    if sold_asset == got_asset {
        return Err(row
            .error(c.buy, Problem::WrongUnit)
            .found(row.cell(c.buy)?)
            .expected(Expectation::OneOf(format!("an asset other than {sold_asset}"))));
    }
    let rank = |a: &str| super::quote_rank(a).unwrap_or(usize::MAX);
    let buy = rank(&sold_asset) < rank(&got_asset);
    let (side, asset, quantity, currency, total) = if buy {
        (Side::Buy, got_asset, got, sold_asset, sold)
    } else {
        (Side::Sell, sold_asset, sold, got_asset, got)
    };
    let mut note = String::from("Binance Convert");
    for col in [c.kind, c.wallet] {
        if let Some(s) = row.optional(col)? {
            note.push_str(", ");
            note.push_str(s);
        }
    }
    Ok(Ok(Trade {
        file: file.clone(),
        line: crate::model::line32(row.line),
        time,
        side,
        asset,
        quantity,
        total,
        fee_currency: currency.clone(),
        currency,
        fee: Decimal::ZERO,
        exchange: Some(venue.clone()),
        id: None,
        kind: Kind::Crypto,
        note: Some(note.into()),
    }))
}
