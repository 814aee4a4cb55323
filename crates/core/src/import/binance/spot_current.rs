//! Binance spot trade history as the site exports it since 2023:
//! `Time,Pair,Side,Price,Executed,Amount,Fee`, and since 2025
//! `Order No,Time,Pair,Side,Price,Executed,Amount,Fee,AOR Conversion Pair,AOR Conversion Rate`;
//! also the same export with Russian headers (a Russian UI), with `Время` or `Дата(UTC)`.
//!
//! - **Time.** `Time` cells carry no zone and two-digit years (`23-09-20 18:20:55` is
//!   2023-09-20). The zone is the one the user picked in the export dialog, which Binance writes
//!   only into the file name (`Binance-Spot-Trade-History-202603230406(UTC+5).csv`). The zone is
//!   taken from, in order: what the user gave for the file (`--tz-of FILE=+05:00`), the file's
//!   name; else the times are read as UTC with a [`crate::warning::WarningKind::TimeZoneAssumed`]
//!   warning naming the file — never a silent guess. A `Date(UTC…)` / `Дата(UTC…)` column gives
//!   its own offset (and then the file's header wins over `--tz-of`).
//! - **Fills.** Each row is one fill. Rows sharing an `Order No` are separate fills of one
//!   order, never duplicates: they get no trade id (the order number goes into the note), so the
//!   duplicate check keeps every row of a file and drops only the same fills read again from
//!   another file.
//! - **Values** as Binance writes them: the asset glued on (`0.5824PAXG`, `2440.640384USDT`,
//!   fee `0.0005824PAXG`), thousands separators inside quotes (`"11,426.20"`). `Price` is
//!   checked against `Amount` ÷ `Executed` within rounding.
//! - **AOR** (the 2025 columns): when a row names an `AOR Conversion Pair`, the pair and rate
//!   are kept in the note; the amounts are read as written. [U] What Binance means by these
//!   columns is not documented; they were empty in the files seen.
//!
//! Russian header names (`Время`/`Дата(UTC)`, `Пара`, `Сторона`, `Цена`, `Исполнено`, `Сумма`,
//! `Комиссия`, `Номер ордера`) and side values (`Покупка`, `Продажа`) are [U]: chosen as a
//! Russian UI writes them, not yet checked against a real file.

use super::{Cx, RowParser};
use crate::error::{Expectation, InputError, Problem};
use crate::import::exchange::{self, ZoneFrom};
use crate::import::intern::Interner;
use crate::import::report::FileReport;
use crate::import::table::{Row, Table};
use crate::model::{Kind, Side, Trade};
use crate::parse::Style;
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use std::io::Read;

/// The format's name, as shown in import reports.
pub const NAME: &str = "Binance spot trade history (2023 on)";

/// The header, as named in errors about a missing column.
pub const HEADER: &str = "Time,Pair,Side,Price,Executed,Amount,Fee";

/// The 2025 header.
pub const HEADER_2025: &str =
    "Order No,Time,Pair,Side,Price,Executed,Amount,Fee,AOR Conversion Pair,AOR Conversion Rate";

const TIME: &[&str] = &["time", "время"];
const PAIR: &[&str] = &["pair", "пара"];
const SIDE: &[&str] = &["side", "сторона"];
const PRICE: &[&str] = &["price", "цена"];
const EXECUTED: &[&str] = &["executed", "quantity", "исполнено", "количество"];
const AMOUNT: &[&str] = &["amount", "сумма"];
const FEE: &[&str] = &["fee", "комиссия"];
const ORDER_NO: &[&str] = &["order no", "order no.", "номер ордера"];
const AOR_PAIR: &[&str] = &["aor conversion pair"];
const AOR_RATE: &[&str] = &["aor conversion rate"];

/// The column of a Russian `Дата(UTC…)` header and its offset.
fn russian_date(names: &[String]) -> Option<(usize, FixedOffset)> {
    names.iter().enumerate().find_map(|(i, n)| {
        let n = exchange::clean(n);
        let rest = n.strip_prefix("дата")?;
        Some((i, super::header_offset(&format!("date{rest}"))?))
    })
}

/// True when a header (trimmed, lower-case names) is this export: `Time` (or a Russian date
/// column), `Pair`, `Side`, `Price`, `Executed`, `Amount`, `Fee` and no `Status`. The English
/// `Date(UTC)` header is [`super::spot`]'s.
pub fn matches(names: &[String]) -> bool {
    let time = exchange::find(names, TIME).is_some() || russian_date(names).is_some();
    time && exchange::has_all(names, &[PAIR, SIDE, PRICE, EXECUTED, AMOUNT, FEE])
        && exchange::find(names, &["status", "статус"]).is_none()
}

/// Reads every trade of the file; all bad rows are reported, none is skipped. `zone` is the
/// time zone the user gave for this file, if any (see the module's notes); a warning about an
/// assumed zone goes into `report.warnings`.
pub fn read<R: Read + Send>(
    table: &mut Table<R>,
    interner: &mut Interner,
    report: &mut FileReport,
    style: Style,
    zone: Option<FixedOffset>,
) -> Result<Vec<Trade>, Vec<InputError>> {
    let parser = columns(table, zone, report).map_err(|e| vec![e])?;
    crate::import::rows::read_trades(table, interner, report, &parser, style, super::VENUE)
}

struct Columns {
    order_no: Option<usize>,
    time: usize,
    offset: FixedOffset,
    pair: usize,
    side: usize,
    price: usize,
    executed: usize,
    amount: usize,
    fee: usize,
    aor_pair: Option<usize>,
    aor_rate: Option<usize>,
}

fn columns<R: Read>(
    table: &Table<R>,
    zone: Option<FixedOffset>,
    report: &mut FileReport,
) -> Result<Columns, InputError> {
    let names = &table.header.raw;
    let order_no = exchange::find(names, ORDER_NO);
    let header = if order_no.is_some() { HEADER_2025 } else { HEADER };
    let expected = || Expectation::HeaderLike(header.to_string());
    let need = |aliases: &[&str]| {
        exchange::find(names, aliases).ok_or_else(|| table.missing_column(aliases[0], expected()))
    };
    let (time, offset) = match russian_date(names) {
        Some(found) => found,
        None => {
            let time = need(TIME)?;
            let (offset, from, warning) = exchange::file_zone(&table.file, zone);
            if from == ZoneFrom::Assumed {
                report.warnings.extend(warning);
            }
            (time, offset)
        }
    };
    Ok(Columns {
        order_no,
        time,
        offset,
        pair: need(PAIR)?,
        side: need(SIDE)?,
        price: need(PRICE)?,
        executed: need(EXECUTED)?,
        amount: need(AMOUNT)?,
        fee: need(FEE)?,
        aor_pair: exchange::find(names, AOR_PAIR),
        aor_rate: exchange::find(names, AOR_RATE),
    })
}

/// The time of a row: a cell without a zone is at `offset`.
pub(crate) fn time_at(
    row: &Row<'_>,
    col: usize,
    offset: FixedOffset,
    style: Style,
) -> Result<DateTime<FixedOffset>, InputError> {
    let s = row.required(col)?;
    exchange::datetime_at(s, offset, style).ok_or_else(|| {
        row.error(col, Problem::BadDate)
            .found(s)
            .expected(Expectation::DateFormat(
                "23-09-20 18:20:55 (year-month-day) or 2023-09-20 18:20:55".into(),
            ))
    })
}

/// `BUY`/`SELL` in any case, or the Russian `Покупка`/`Продажа`.
pub(crate) fn side_of(row: &Row<'_>, col: usize) -> Result<Side, InputError> {
    let s = row.required(col)?;
    let l = s.to_lowercase();
    match l.as_str() {
        "buy" | "покупка" | "купить" => Ok(Side::Buy),
        "sell" | "продажа" | "продать" => Ok(Side::Sell),
        _ => Err(row
            .error(col, Problem::UnknownSide)
            .found(s)
            .expected(Expectation::BuyOrSell)),
    }
}

/// A price: a number, perhaps with the quote asset glued on; 0 or more.
fn price_cell(row: &Row<'_>, col: usize, currency: &str, style: Style) -> Result<Decimal, InputError> {
    let s = row.required(col)?;
    let expected = || Expectation::AmountIn(currency.to_string());
    let (x, suffix) = super::amount_in(style, s, &[currency])
        .ok_or_else(|| row.error(col, Problem::NotANumber).found(s).expected(expected()))?;
    if !suffix.is_empty() && !suffix.eq_ignore_ascii_case(currency) {
        return Err(row.error(col, Problem::WrongUnit).found(s).expected(expected()));
    }
    super::in_range(row, col, s, x, false, expected)
}

impl RowParser for Columns {
    type Out = Trade;
    type Tally = ();

    fn parse(&self, row: &Row<'_>, cx: &mut Cx<'_>) -> Result<Trade, InputError> {
        let c = self;
        let time = time_at(row, c.time, c.offset, cx.style)?;
        let side = side_of(row, c.side)?;
        let hint = super::trailing_letters(row.cell(c.amount)?);
        let (asset, currency) = super::pair_cell(row, c.pair, hint, cx.interner)?;
        let quantity = super::amount_cell(row, c.executed, &asset, true, cx.style)?;
        let total = super::amount_cell(row, c.amount, &currency, false, cx.style)?;
        let price = price_cell(row, c.price, &currency, cx.style)?;
        super::check_total(row, c.amount, quantity, price, total)?;
        let (fee, fee_currency) = super::fee_cell(row, c.fee, &[&asset, &currency, "BNB"], &currency, cx)?;
        let mut note = String::new();
        if let Some(order) = row.optional(c.order_no)? {
            note.push_str("Order No ");
            note.push_str(order);
        }
        if let Some(aor) = row.optional(c.aor_pair)? {
            if !note.is_empty() {
                note.push_str("; ");
            }
            note.push_str("AOR ");
            note.push_str(aor);
            if let Some(rate) = row.optional(c.aor_rate)? {
                note.push_str(" at ");
                note.push_str(rate);
            }
        }
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
            note: (!note.is_empty()).then(|| note.into()),
        })
    }
}
