//! KuCoin trade exports, in the three layouts KuCoin has offered:
//!
//! - trade history: `tradeCreatedAt,symbol,side,price,size,funds,fee,feeCurrency`, symbol
//!   `XTZ-USDT`, `size` the base quantity, `funds` the quote total;
//! - older trade history: `Time,Pair,Side,FilledPrice,FilledPriceCoin,Amount,AmountCoin,Volume,
//!   VolumeCoin,Fee,FeeCoin` (`2019/05/11 10:27:17`, pair `KCS/BTC`), each amount with its coin in
//!   the next column;
//! - filled orders: `UID,Account Type,Order ID,Symbol,Side,Order Type,Avg. Filled Price,Filled
//!   Amount,Filled Volume,Filled Volume (USDT),Filled Time(UTC+08:00),Fee,Tax,Maker/Taker,Fee
//!   Currency`; `Order ID` is the trade's id, the time at the offset the column's name gives.
//!
//! One trade a row, venue `KuCoin`, kind crypto. A price is checked against total ÷ quantity
//! within rounding. A row with a filled quantity of 0 is counted as skipped (`unfilled order`).
//! `Tax` (filled orders), when not zero, goes into the note: [U] what KuCoin charges there is
//! not documented, so it is not added to the fee.
//!
//! **Time.** The filled-orders layout names its offset. The two trade-history layouts do not:
//! their times are read in the zone given for the file (`--tz-of`), else the one in its name,
//! else as UTC with a warning ([U] KuCoin's documentation does not say which zone they use).

use super::binance::{amount_in, split_pair};
use super::exchange;
use super::generic::in_range;
use super::intern::Interner;
use super::report::FileReport;
use super::rows::RowTrade;
use super::table::{Row, Table};
use crate::error::{Expectation, InputError, Problem};
use crate::model::{Code, Kind, Shared, Trade, TradeId};
use crate::parse::Style;
use chrono::FixedOffset;
use rust_decimal::Decimal;
use std::io::Read;

/// The format's name in import reports.
pub const NAME: &str = "KuCoin trade history";

/// The venue name given to every trade.
pub const VENUE: &str = "KuCoin";

/// Why a row is not a trade, in the import report.
pub const SKIP_UNFILLED: &str = "unfilled order";

/// The headers, as named in errors about a missing column.
pub const HEADER: &str = "tradeCreatedAt,symbol,side,price,size,funds,fee,feeCurrency";
/// The older header.
pub const HEADER_OLD: &str =
    "Time,Pair,Side,FilledPrice,FilledPriceCoin,Amount,AmountCoin,Volume,VolumeCoin,Fee,FeeCoin";
/// The filled-orders header.
pub const HEADER_ORDERS: &str = "UID,Account Type,Order ID,Symbol,Side,Order Type,Avg. Filled Price,Filled Amount,\
Filled Volume,Filled Volume (USDT),Filled Time(UTC+08:00),Fee,Tax,Maker/Taker,Fee Currency";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    Trades,
    Old,
    Orders,
}

fn layout(names: &[String]) -> Option<Layout> {
    let has = |n: &str| exchange::find(names, &[n]).is_some();
    if has("tradecreatedat") && has("symbol") && has("size") && has("funds") {
        Some(Layout::Trades)
    } else if has("pair") && has("filledprice") && has("amountcoin") && has("volumecoin") {
        Some(Layout::Old)
    } else if has("symbol") && has("filled amount") && has("filled volume") && filled_time(names).is_some() {
        Some(Layout::Orders)
    } else {
        None
    }
}

/// The `Filled Time(UTC+08:00)` column and its offset.
fn filled_time(names: &[String]) -> Option<(usize, Option<FixedOffset>)> {
    names.iter().enumerate().find_map(|(i, n)| {
        let n = exchange::clean(n);
        let rest = n.strip_prefix("filled time")?.trim();
        if rest.is_empty() {
            return Some((i, None));
        }
        let zone = rest
            .strip_prefix('(')?
            .strip_suffix(')')?
            .trim()
            .strip_prefix("utc")?;
        if zone.is_empty() {
            return Some((i, Some(exchange::utc())));
        }
        Some((i, Some(crate::parse::offset(zone)?)))
    })
}

/// True when a header is one of KuCoin's trade exports.
pub fn matches(names: &[String]) -> bool {
    layout(names).is_some()
}

struct Columns {
    layout: Layout,
    time: usize,
    offset: FixedOffset,
    pair: usize,
    side: usize,
    price: Option<usize>,
    price_coin: Option<usize>,
    quantity: usize,
    quantity_coin: Option<usize>,
    total: usize,
    total_coin: Option<usize>,
    fee: Option<usize>,
    fee_coin: Option<usize>,
    id: Option<usize>,
    tax: Option<usize>,
}

fn columns<R: Read>(
    table: &Table<R>,
    zone: Option<FixedOffset>,
    report: &mut FileReport,
) -> Result<Columns, InputError> {
    let names = &table.header.raw;
    let layout = layout(table.header.names()).unwrap_or(Layout::Trades);
    let header = match layout {
        Layout::Trades => HEADER,
        Layout::Old => HEADER_OLD,
        Layout::Orders => HEADER_ORDERS,
    };
    let need = |n: &str| {
        exchange::find(names, &[n])
            .ok_or_else(|| table.missing_column(n, Expectation::HeaderLike(header.to_string())))
    };
    let opt = |n: &str| exchange::find(names, &[n]);
    let mut file_zone = || {
        let (offset, _, warning) = exchange::file_zone(&table.file, zone);
        report.warnings.extend(warning);
        offset
    };
    Ok(match layout {
        Layout::Trades => Columns {
            layout,
            time: need("tradecreatedat")?,
            offset: file_zone(),
            pair: need("symbol")?,
            side: need("side")?,
            price: opt("price"),
            price_coin: None,
            quantity: need("size")?,
            quantity_coin: None,
            total: need("funds")?,
            total_coin: None,
            fee: opt("fee"),
            fee_coin: opt("feecurrency"),
            id: None,
            tax: None,
        },
        Layout::Old => Columns {
            layout,
            time: need("time")?,
            offset: file_zone(),
            pair: need("pair")?,
            side: need("side")?,
            price: opt("filledprice"),
            price_coin: opt("filledpricecoin"),
            quantity: need("amount")?,
            quantity_coin: opt("amountcoin"),
            total: need("volume")?,
            total_coin: opt("volumecoin"),
            fee: opt("fee"),
            fee_coin: opt("feecoin"),
            id: None,
            tax: None,
        },
        Layout::Orders => {
            let (time, offset) = filled_time(table.header.names()).ok_or_else(|| {
                table.missing_column("Filled Time(UTC+08:00)", Expectation::HeaderLike(header.into()))
            })?;
            Columns {
                layout,
                time,
                offset: match offset {
                    Some(o) => o,
                    None => file_zone(),
                },
                pair: need("symbol")?,
                side: need("side")?,
                price: opt("avg. filled price"),
                price_coin: None,
                quantity: need("filled amount")?,
                quantity_coin: None,
                total: need("filled volume")?,
                total_coin: None,
                fee: opt("fee"),
                fee_coin: opt("fee currency"),
                id: opt("order id"),
                tax: opt("tax"),
            }
        }
    })
}

/// Reads every trade; all bad rows are reported, unfilled orders counted as skipped. `zone` is
/// the time zone given for the file, for the layouts that do not name theirs.
pub fn read<R: Read + Send>(
    table: &mut Table<R>,
    interner: &mut Interner,
    report: &mut FileReport,
    zone: Option<FixedOffset>,
) -> Result<Vec<Trade>, Vec<InputError>> {
    let c = columns(table, zone, report).map_err(|e| vec![e])?;
    let file: Shared = Shared::from(table.file.as_str());
    let venue = interner.get(VENUE);
    super::rows::each_trade(table, report, |row| {
        Ok(match trade(row, &c, &file, &venue, interner)? {
            Some(t) => RowTrade::Trade(t),
            None => RowTrade::Skip(SKIP_UNFILLED.into()),
        })
    })
}

/// A number in column `col` of `unit` (perhaps written after it), 0 or more.
pub(crate) fn amount(row: &Row<'_>, col: usize, unit: &str) -> Result<Decimal, InputError> {
    let s = row.required(col)?;
    let expected = || Expectation::AmountIn(unit.to_string());
    let (x, suffix) = amount_in(Style::Plain, s, &[unit])
        .ok_or_else(|| row.error(col, Problem::NotANumber).found(s).expected(expected()))?;
    if !suffix.is_empty() && !suffix.eq_ignore_ascii_case(unit) {
        return Err(row.error(col, Problem::WrongUnit).found(s).expected(expected()));
    }
    in_range(row, col, s, x, false, expected)
}

/// The coin in column `col` must be `unit` when the cell is not empty.
fn coin_is(row: &Row<'_>, col: Option<usize>, unit: &str) -> Result<(), InputError> {
    match row.optional(col)? {
        Some(s) if !s.eq_ignore_ascii_case(unit) => Err(row
            .error(col.unwrap_or_default(), Problem::WrongUnit)
            .found(s)
            .expected(Expectation::OneOf(unit.to_string()))),
        _ => Ok(()),
    }
}

fn trade(
    row: &Row<'_>,
    c: &Columns,
    file: &Shared,
    venue: &Code,
    interner: &mut Interner,
) -> Result<Option<Trade>, InputError> {
    let time_text = row.required(c.time)?;
    let time = exchange::datetime_at(time_text, c.offset, Style::Plain).ok_or_else(|| {
        row.error(c.time, Problem::BadDate)
            .found(time_text)
            .expected(Expectation::DateTime)
    })?;
    let side = super::binance::spot_current::side_of(row, c.side)?;
    let pair = row.required(c.pair)?;
    let bad_pair = || {
        row.error(c.pair, Problem::UnknownPair)
            .found(pair)
            .expected(Expectation::Pair)
    };
    let (base, quote) = split_pair(pair).ok_or_else(bad_pair)?;
    let asset = interner.code(base).ok_or_else(bad_pair)?;
    let currency = interner.code(quote).ok_or_else(bad_pair)?;
    coin_is(row, c.quantity_coin, &asset)?;
    coin_is(row, c.total_coin, &currency)?;
    coin_is(row, c.price_coin, &currency)?;
    let quantity = amount(row, c.quantity, &asset)?;
    if quantity.is_zero() {
        return Ok(None);
    }
    let total = amount(row, c.total, &currency)?;
    if let Some(col) = c.price
        && row.optional(Some(col))?.is_some()
    {
        let price = amount(row, col, &currency)?;
        // An order's average price is rounded: only a fill's price is checked.
        if c.layout != Layout::Orders {
            super::generic::check_total(row, c.total, quantity, price, total)?;
        }
    }
    let fee_coin = match row.optional(c.fee_coin)? {
        Some(_) => Some(super::generic::code(
            row,
            c.fee_coin.unwrap_or_default(),
            interner,
        )?),
        None => None,
    };
    let (fee, fee_currency) = match (row.optional(c.fee)?, fee_coin) {
        (None, coin) => (Decimal::ZERO, coin.unwrap_or_else(|| currency.clone())),
        (Some(_), Some(coin)) => (amount(row, c.fee.unwrap_or_default(), &coin)?, coin),
        (Some(s), None) => {
            let col = c.fee.unwrap_or_default();
            let (x, suffix) = amount_in(Style::Plain, s, &[&asset, &currency]).ok_or_else(|| {
                row.error(col, Problem::NotANumber)
                    .found(s)
                    .expected(Expectation::AmountWithAsset)
            })?;
            let x = in_range(row, col, s, x, false, || Expectation::AmountWithAsset)?;
            match interner.code(suffix) {
                Some(code) => (x, code),
                None if x.is_zero() => (x, currency.clone()),
                None => {
                    return Err(row
                        .error(col, Problem::NotACode)
                        .found(s)
                        .expected(Expectation::AmountWithAsset));
                }
            }
        }
    };
    let note = match row.optional(c.tax)? {
        Some(t) if super::binance::number(t).is_some_and(|x| !x.is_zero()) => Some(format!("Tax {t}").into()),
        _ => None,
    };
    Ok(Some(Trade {
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
        id: row.optional(c.id)?.map(TradeId::from),
        kind: Kind::Crypto,
        note,
    }))
}
