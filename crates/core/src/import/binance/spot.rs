//! Binance spot trade history: `Date(UTC),Pair,Side,Price,Executed,Amount,Fee`, or with
//! `Quantity` for `Executed`. One fill a row:
//!
//! - `Pair` is `BTCUSDT` (no separator); `Executed` / `Quantity` is the base quantity with the
//!   base asset glued on (`0.0010000000BTC`), `Amount` the quote total with the quote asset
//!   (`11.42USDT`), `Fee` the fee with its asset (`0.00001BNB`). Numbers may carry thousands
//!   separators inside quotes (`"11,426.20USDT"`). A cell without its asset is accepted.
//! - The quote asset is the one `Amount` names (so pairs with quotes Salyq does not list still
//!   split); without a suffix the pair is split by [`super::QUOTES`]. A quantity or total in
//!   another asset than the pair's is an error.
//! - `Side` is `BUY` or `SELL` of the base asset; `Price` is checked against `Amount` ÷
//!   `Executed` within rounding (0.01 or 0.01%), which catches shifted columns.
//! - A zero fee without an asset is no fee; a non-zero fee must name its asset.

use super::{Cx, RowParser};
use crate::error::{Expectation, InputError};
use crate::import::intern::Interner;
use crate::import::report::FileReport;
use crate::import::table::{Row, Table};
use crate::model::{Kind, Trade};
use crate::parse::Style;
use chrono::FixedOffset;
use std::io::Read;

/// The format's name, as shown in import reports.
pub const NAME: &str = "Binance spot trade history";

/// The header, as named in errors about a missing column.
pub const HEADER: &str = "Date(UTC),Pair,Side,Price,Executed,Amount,Fee";

/// True when a header (trimmed, lower-case names) is Binance's spot trade history: a
/// `Date(UTC…)` column, `Pair` and `Side`, and no `Status` (which an order history has).
pub fn matches(names: &[String]) -> bool {
    let has = |c: &str| names.iter().any(|n| n == c);
    super::date_column(names).is_some() && has("pair") && has("side") && !has("status")
}

/// Reads every trade of the file (numbers as Binance writes them); all bad rows are reported,
/// none is skipped. Counts rows and trades in `report`.
pub fn read<R: Read + Send>(
    table: &mut Table<R>,
    interner: &mut Interner,
    report: &mut FileReport,
) -> Result<Vec<Trade>, Vec<InputError>> {
    read_with(table, interner, report, Style::Plain)
}

/// [`read`] with numbers and dates in `style` (a file re-saved by Excel in a Russian locale).
pub fn read_with<R: Read + Send>(
    table: &mut Table<R>,
    interner: &mut Interner,
    report: &mut FileReport,
    style: Style,
) -> Result<Vec<Trade>, Vec<InputError>> {
    let parser = columns(table).map_err(|e| vec![e])?;
    crate::import::rows::read_trades(table, interner, report, &parser, style, super::VENUE)
}

struct Columns {
    date: usize,
    offset: FixedOffset,
    pair: usize,
    side: usize,
    price: usize,
    executed: usize,
    amount: usize,
    fee: usize,
}

fn columns<R: Read>(table: &Table<R>) -> Result<Columns, InputError> {
    let expected = || Expectation::HeaderLike(HEADER.to_string());
    let (date, offset) = super::date_column(table.header.names())
        .ok_or_else(|| table.missing_column("Date(UTC)", expected()))?;
    let [pair, side, price, amount, fee] =
        table.require(["pair", "side", "price", "amount", "fee"], expected())?;
    let executed = table
        .header
        .find("executed")
        .or_else(|| table.header.find("quantity"))
        .ok_or_else(|| table.missing_column("executed", expected()))?;
    Ok(Columns {
        date,
        offset,
        pair,
        side,
        price,
        executed,
        amount,
        fee,
    })
}

impl RowParser for Columns {
    type Out = Trade;
    type Tally = ();

    fn parse(&self, row: &Row<'_>, cx: &mut Cx<'_>) -> Result<Trade, InputError> {
        let c = self;
        let time = super::time_cell(row, c.date, c.offset, cx.style)?;
        let side = super::side_cell(row, c.side)?;
        let hint = super::trailing_letters(row.cell(c.amount)?);
        let (asset, currency) = super::pair_cell(row, c.pair, hint, cx.interner)?;
        let quantity = super::amount_cell(row, c.executed, &asset, true, cx.style)?;
        let total = super::amount_cell(row, c.amount, &currency, false, cx.style)?;
        let price = super::number_cell(row, c.price, false, cx.style)?;
        super::check_total(row, c.amount, quantity, price, total)?;
        let (fee, fee_currency) = super::fee_cell(row, c.fee, &[&asset, &currency, "BNB"], &currency, cx)?;
        Ok(Trade {
            file: cx.file.clone(),
            line: crate::model::line32(row.line),
            time,
            side,
            asset,
            quantity,
            total,
            currency,
            fee,
            fee_currency,
            exchange: Some(cx.venue.clone()),
            id: None,
            kind: Kind::Crypto,
            note: None,
        })
    }
}
