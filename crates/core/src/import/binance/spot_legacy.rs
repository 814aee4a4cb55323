//! The older Binance spot trade history: `Date(UTC),Market,Type,Price,Amount,Total,Fee,Fee Coin`
//! (also seen with `;`). One fill a row:
//!
//! - `Market` is the pair (`BTCUSDT`), split by [`super::QUOTES`] (or by `Total`'s asset suffix,
//!   should a file carry one); `Type` is `BUY` or `SELL` of the base asset.
//! - `Amount` is the base quantity, `Total` the quote total, `Fee` the fee in `Fee Coin`: plain
//!   numbers (thousands separators as Binance writes them are accepted, and so is the asset
//!   glued on, if it is the pair's).
//! - `Price` is checked against `Total` ÷ `Amount` within rounding.
//! - A fee without a coin is an error unless it is zero (then it is no fee).

use super::{Cx, RowParser};
use crate::error::{Expectation, InputError, Problem};
use crate::import::intern::Interner;
use crate::import::report::FileReport;
use crate::import::table::{Row, Table};
use crate::model::{Kind, Trade};
use crate::parse::Style;
use chrono::FixedOffset;
use rust_decimal::Decimal;
use std::io::Read;

/// The format's name, as shown in import reports.
pub const NAME: &str = "Binance spot trade history (older)";

/// The header, as named in errors about a missing column.
pub const HEADER: &str = "Date(UTC),Market,Type,Price,Amount,Total,Fee,Fee Coin";

/// True when a header (trimmed, lower-case names) is Binance's older spot trade history: a
/// `Date(UTC…)` column, `Market` and `Type`.
pub fn matches(names: &[String]) -> bool {
    let has = |c: &str| names.iter().any(|n| n == c);
    super::date_column(names).is_some() && has("market") && has("type")
}

/// Reads every trade of the file; all bad rows are reported, none is skipped. Counts rows and
/// trades in `report`.
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
    market: usize,
    side: usize,
    price: usize,
    amount: usize,
    total: usize,
    fee: usize,
    fee_coin: usize,
}

fn columns<R: Read>(table: &Table<R>) -> Result<Columns, InputError> {
    let expected = || Expectation::HeaderLike(HEADER.to_string());
    let (date, offset) = super::date_column(table.header.names())
        .ok_or_else(|| table.missing_column("Date(UTC)", expected()))?;
    let [market, side, price, amount, total, fee, fee_coin] = table.require(
        ["market", "type", "price", "amount", "total", "fee", "fee coin"],
        expected(),
    )?;
    Ok(Columns {
        date,
        offset,
        market,
        side,
        price,
        amount,
        total,
        fee,
        fee_coin,
    })
}

impl RowParser for Columns {
    type Out = Trade;
    type Tally = ();

    fn parse(&self, row: &Row<'_>, cx: &mut Cx<'_>) -> Result<Trade, InputError> {
        let c = self;
        let time = super::time_cell(row, c.date, c.offset, cx.style)?;
        let side = super::side_cell(row, c.side)?;
        let hint = super::trailing_letters(row.cell(c.total)?);
        let (asset, currency) = super::pair_cell(row, c.market, hint, cx.interner)?;
        let quantity = super::amount_cell(row, c.amount, &asset, true, cx.style)?;
        let total = super::amount_cell(row, c.total, &currency, false, cx.style)?;
        let price = super::number_cell(row, c.price, false, cx.style)?;
        super::check_total(row, c.total, quantity, price, total)?;
        let fee = match row.optional(Some(c.fee))? {
            Some(_) => super::number_cell(row, c.fee, false, cx.style)?,
            None => Decimal::ZERO,
        };
        let fee_currency = match row.optional(Some(c.fee_coin))? {
            Some(_) => super::code_cell(row, c.fee_coin, cx.interner)?,
            None if fee.is_zero() => currency.clone(),
            None => {
                return Err(row
                    .error(c.fee_coin, Problem::MissingValue)
                    .expected(Expectation::Code));
            }
        };
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
