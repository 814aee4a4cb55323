//! OKX (OKEx) trade history, as OKEx exported it in 2020:
//! `Order ID,Trade ID,Trade Time,Pairs,Amount,Price,Total,taker/maker,Fee,unit`, with a
//! byte-order mark inside every header cell (the header is compared without them).
//!
//! - `Pairs` is `ltc_usdt` (base, then quote). `Amount` is the base quantity, `Total` the quote
//!   total and `Fee` the fee, each signed from the account's point of view and perhaps with its
//!   unit (`-104.97 USDT`, `-0.0034 LTC`): a negative `Total` (quote paid) is a **buy**, a
//!   positive one a **sale**; when the total's sign says nothing (zero, or no sign on both),
//!   a negative `Amount` is a sale. Quantities, totals and fees are kept as amounts (≥ 0).
//! - The fee's asset is the unit written in `Fee`, else the `unit` column; a non-zero fee
//!   without either is an error.
//! - `Price` is checked against total ÷ amount within rounding. `Trade ID` is the trade's id,
//!   the venue `OKX`.
//! - **Time.** `Trade Time` carries no zone: the zone given for the file (`--tz-of`), else the
//!   one in its name, else UTC with a warning ([U] which zone OKEx wrote is not documented).
//!   A number of 13 digits is read as milliseconds since 1970 (UTC).

use super::binance::{amount_in, split_pair};
use super::exchange;
use super::generic::in_range;
use super::intern::Interner;
use super::report::FileReport;
use super::rows::RowTrade;
use super::table::{Row, Table};
use crate::error::{Expectation, InputError, Problem};
use crate::model::{Code, Kind, Shared, Side, Trade, TradeId};
use crate::parse::Style;
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use std::io::Read;

/// The format's name in import reports.
pub const NAME: &str = "OKX trade history";

/// The venue name given to every trade.
pub const VENUE: &str = "OKX";

/// The header, as named in errors about a missing column.
pub const HEADER: &str = "Order ID,Trade ID,Trade Time,Pairs,Amount,Price,Total,taker/maker,Fee,unit";

/// True when a header is OKX's (OKEx's) trade history.
pub fn matches(names: &[String]) -> bool {
    exchange::has_all(
        names,
        &[
            &["trade id"],
            &["trade time"],
            &["pairs"],
            &["amount"],
            &["total"],
        ],
    )
}

struct Columns {
    time: usize,
    offset: FixedOffset,
    pair: usize,
    amount: usize,
    price: Option<usize>,
    total: usize,
    fee: Option<usize>,
    unit: Option<usize>,
    id: usize,
    order: Option<usize>,
}

/// Reads every trade; all bad rows are reported. `zone` is the time zone given for the file.
pub fn read<R: Read + Send>(
    table: &mut Table<R>,
    interner: &mut Interner,
    report: &mut FileReport,
    zone: Option<FixedOffset>,
) -> Result<Vec<Trade>, Vec<InputError>> {
    let names = &table.header.raw;
    let need = |n: &str| {
        exchange::find(names, &[n])
            .ok_or_else(|| vec![table.missing_column(n, Expectation::HeaderLike(HEADER.to_string()))])
    };
    let (offset, _, warning) = exchange::file_zone(&table.file, zone);
    let c = Columns {
        time: need("trade time")?,
        offset,
        pair: need("pairs")?,
        amount: need("amount")?,
        price: exchange::find(names, &["price"]),
        total: need("total")?,
        fee: exchange::find(names, &["fee"]),
        unit: exchange::find(names, &["unit"]),
        id: need("trade id")?,
        order: exchange::find(names, &["order id"]),
    };
    report.warnings.extend(warning);
    let file: Shared = Shared::from(table.file.as_str());
    let venue = interner.get(VENUE);
    super::rows::each_trade(table, report, |row| {
        trade(row, &c, &file, &venue, interner).map(RowTrade::Trade)
    })
}

/// A signed number, perhaps with a unit that must be `unit` (any when `None`); the number,
/// its unit as written (may be empty) and whether it was written with a sign.
fn signed<'a>(
    row: &'a Row<'_>,
    col: usize,
    unit: Option<&str>,
) -> Result<(Decimal, &'a str, bool), InputError> {
    let s = row.required(col)?;
    let expected = || match unit {
        Some(u) => Expectation::AmountIn(u.to_string()),
        None => Expectation::AmountWithAsset,
    };
    let known: Vec<&str> = unit.into_iter().collect();
    let (x, suffix) = amount_in(Style::Plain, s, &known)
        .ok_or_else(|| row.error(col, Problem::NotANumber).found(s).expected(expected()))?;
    if let Some(u) = unit
        && !suffix.is_empty()
        && !suffix.eq_ignore_ascii_case(u)
    {
        return Err(row.error(col, Problem::WrongUnit).found(s).expected(expected()));
    }
    let x_abs = in_range(row, col, s, x.abs(), false, expected)?;
    let signed = s.starts_with(['-', '+']);
    Ok((if x.is_sign_negative() { -x_abs } else { x_abs }, suffix, signed))
}

fn time_of(s: &str, offset: FixedOffset) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if s.len() == 13 && s.bytes().all(|b| b.is_ascii_digit()) {
        let ms: i64 = s.parse().ok()?;
        return DateTime::from_timestamp_millis(ms).map(|t| t.fixed_offset());
    }
    exchange::datetime_at(s, offset, Style::Plain)
}

fn trade(
    row: &Row<'_>,
    c: &Columns,
    file: &Shared,
    venue: &Code,
    interner: &mut Interner,
) -> Result<Trade, InputError> {
    let time_text = row.required(c.time)?;
    let time = time_of(time_text, c.offset).ok_or_else(|| {
        row.error(c.time, Problem::BadDate)
            .found(time_text)
            .expected(Expectation::DateTime)
    })?;
    let pair = row.required(c.pair)?;
    let bad_pair = || {
        row.error(c.pair, Problem::UnknownPair)
            .found(pair)
            .expected(Expectation::Pair)
    };
    let (base, quote) = split_pair(pair).ok_or_else(bad_pair)?;
    let asset = interner.code(base).ok_or_else(bad_pair)?;
    let currency = interner.code(quote).ok_or_else(bad_pair)?;
    let (amount, _, _) = signed(row, c.amount, Some(&asset))?;
    let (total, _, total_signed) = signed(row, c.total, Some(&currency))?;
    if amount.is_zero() {
        return Err(row
            .error(c.amount, Problem::ZeroQuantity)
            .found(row.cell(c.amount)?)
            .expected(Expectation::PositiveNumber));
    }
    let side = if total_signed && !total.is_zero() {
        if total.is_sign_negative() {
            Side::Buy
        } else {
            Side::Sell
        }
    } else if amount.is_sign_negative() {
        Side::Sell
    } else {
        Side::Buy
    };
    let (quantity, total) = (amount.abs(), total.abs());
    if let Some(col) = c.price
        && row.optional(Some(col))?.is_some()
    {
        let (price, _, _) = signed(row, col, Some(&currency))?;
        super::generic::check_total(row, c.total, quantity, price.abs(), total)?;
    }
    let (fee, fee_currency) = match row.optional(c.fee)? {
        None => (Decimal::ZERO, currency.clone()),
        Some(_) => {
            let col = c.fee.unwrap_or_default();
            let (x, suffix, _) = signed(row, col, None)?;
            let unit = if suffix.is_empty() {
                row.optional(c.unit)?.unwrap_or("")
            } else {
                suffix
            };
            match interner.code(unit) {
                Some(code) => (x.abs(), code),
                None if x.is_zero() => (x.abs(), currency.clone()),
                None => {
                    return Err(row
                        .error(col, Problem::NotACode)
                        .found(row.cell(col)?)
                        .expected(Expectation::AmountWithAsset));
                }
            }
        }
    };
    let note = row.optional(c.order)?.map(|o| format!("Order ID {o}").into());
    Ok(Trade {
        file: file.clone(),
        line: crate::model::line32(row.line),
        time,
        side,
        asset,
        quantity,
        total,
        currency,
        fee,
        fee_currency,
        exchange: Some(venue.clone()),
        id: Some(TradeId::from(row.required(c.id)?)),
        kind: Kind::Crypto,
        note,
    })
}
