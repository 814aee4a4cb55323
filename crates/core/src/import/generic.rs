//! The generic trade CSV (docs/formats.md §1): one trade a row, named columns in any order.

use super::intern::Interner;
use super::rows::{Cx, RowParser, read_rows};
use super::table::{Row, Table};
use crate::error::{Expectation, InputError, Problem};
use crate::ledger::events::{Entry, EntryKind, RewardKind};
use crate::model::{Code, Kind, Shared, Side, Source, Trade, TradeId};
use crate::parse::{self, Style};
use rust_decimal::Decimal;
use std::io::Read;

/// The columns a generic trade file must have (besides one of `price` / `total`).
pub const REQUIRED: [&str; 5] = ["date", "side", "asset", "quantity", "currency"];

/// True when a header looks like a generic trade file (perhaps with a required column missing,
/// which reading then reports by name).
pub fn matches(names: &[String]) -> bool {
    let has = |c: &str| names.iter().any(|n| n == c);
    has("side") || (has("asset") && (has("quantity") || has("total")))
}

struct Columns {
    style: Style,
    date: usize,
    side: usize,
    asset: usize,
    quantity: usize,
    currency: usize,
    price: Option<usize>,
    total: Option<usize>,
    fee: Option<usize>,
    fee_currency: Option<usize>,
    exchange: Option<usize>,
    id: Option<usize>,
    kind: Option<usize>,
    note: Option<usize>,
    subtype: Option<usize>,
}

/// Reads every trade of a generic file; all bad rows are reported, none is skipped silently.
/// Reading and parsing share two threads (see [`super::rows`]).
pub fn read<R: Read + Send>(
    table: &mut Table<R>,
    interner: &mut Interner,
    style: Style,
) -> Result<Vec<Trade>, Vec<InputError>> {
    read_with_entries(table, interner, style).map(|(trades, _)| trades)
}

/// As [`read`], with the ledger rows (`deposit`, `withdrawal`, `reward`, `fee`, `opening`; see
/// [`crate::ledger::events`]) returned beside the trades.
pub fn read_with_entries<R: Read + Send>(
    table: &mut Table<R>,
    interner: &mut Interner,
    style: Style,
) -> Result<(Vec<Trade>, Vec<Entry>), Vec<InputError>> {
    let cols = Columns {
        style,
        ..columns(table).map_err(|e| vec![e])?
    };
    let parsed = read_rows(table, interner, &cols, style, "");
    if !parsed.errors.is_empty() {
        return Err(parsed.errors.finish(&table.file));
    }
    // The trades are the rows' own list (no second copy of a million trades); the ledger rows
    // were set aside into the tally as they were read, in file order.
    Ok((parsed.outs, parsed.tally))
}

impl RowParser for Columns {
    type Out = Trade;
    /// The ledger rows, set aside in file order: they are few beside the trades.
    type Tally = Vec<Entry>;

    /// The row as a trade (a ledger row's side is not a buy or sell: an error).
    fn parse(&self, row: &Row<'_>, cx: &mut Cx<'_>) -> Result<Trade, InputError> {
        trade(row, self, cx.file, cx.interner)
    }

    /// A trade, or a ledger row (by its side, see [`super::opening::event_side`]) set aside
    /// into `entries`.
    fn parse_row(
        &self,
        row: &Row<'_>,
        cx: &mut Cx<'_>,
        entries: &mut Vec<Entry>,
    ) -> Result<Option<Trade>, InputError> {
        let side = row.required(self.side)?;
        match super::opening::event_side(side) {
            Some(kind) => {
                entries.push(entry(row, self, kind, cx.file, cx.interner)?);
                Ok(None)
            }
            None => trade(row, self, cx.file, cx.interner).map(Some),
        }
    }

    fn add(&self, total: &mut Vec<Entry>, batch: &mut Vec<Entry>) {
        total.append(batch);
    }
}

/// A ledger row of a generic file: `side` names the event (see [`super::opening::event_side`]).
fn entry(
    row: &Row<'_>,
    c: &Columns,
    side: super::opening::EventSide,
    file: &Shared,
    interner: &mut Interner,
) -> Result<Entry, InputError> {
    use super::opening::EventSide;
    let date_text = row.required(c.date)?;
    let time = c.style.datetime(date_text).ok_or_else(|| {
        row.error(c.date, Problem::BadDate)
            .found(date_text)
            .expected(Expectation::DateTime)
    })?;
    let asset = code(row, c.asset, interner)?;
    let quantity = number(row, c.quantity, true, c.style)?;
    let fee = optional_number(row, c.fee, c.style)?.unwrap_or(Decimal::ZERO);
    let kind = match side {
        EventSide::TransferIn => EntryKind::TransferIn,
        EventSide::TransferOut => EntryKind::TransferOut,
        EventSide::FeeOnly => EntryKind::FeeOnly,
        EventSide::Reward => {
            let sub = match row.optional(c.subtype)? {
                Some(s) => RewardKind::parse(s).ok_or_else(|| {
                    row.error(c.subtype.unwrap_or_default(), Problem::UnknownKind)
                        .found(s)
                        .expected(Expectation::RewardKindName)
                })?,
                None => RewardKind::Other,
            };
            EntryKind::Reward(sub)
        }
        EventSide::Opening => {
            let currency = code(row, c.currency, interner)?;
            let cost = total_of(row, c.price, c.total, quantity, c.style)?;
            EntryKind::Opening { cost, currency }
        }
    };
    Ok(Entry {
        source: Source {
            file: file.clone(),
            line: row.line,
        },
        time,
        venue: row.optional(c.exchange)?.map(|s| interner.get(s)),
        asset,
        quantity,
        kind,
        fee,
        balance: None,
        id: row.optional(c.id)?.map(Box::from),
        note: row.optional(c.note)?.map(Box::from),
    })
}

fn columns<R: Read>(table: &Table<R>) -> Result<Columns, InputError> {
    let h = &table.header;
    let [date, side, asset, quantity, currency] = table.require(REQUIRED, Expectation::TradeHeader)?;
    let cols = Columns {
        style: Style::Plain,
        date,
        side,
        asset,
        quantity,
        currency,
        price: h.find("price"),
        total: h.find("total"),
        fee: h.find("fee"),
        fee_currency: h.find("fee_currency"),
        exchange: h.find("exchange"),
        id: h.find("id"),
        kind: h.find("kind"),
        note: h.find("note"),
        subtype: h.find("subtype"),
    };
    if cols.price.is_none() && cols.total.is_none() {
        return Err(table.missing_column("price", Expectation::PriceOrTotalColumn));
    }
    Ok(cols)
}

fn trade(row: &Row<'_>, c: &Columns, file: &Shared, interner: &mut Interner) -> Result<Trade, InputError> {
    let date_text = row.required(c.date)?;
    let time = c.style.datetime(date_text).ok_or_else(|| {
        row.error(c.date, Problem::BadDate)
            .found(date_text)
            .expected(Expectation::DateTime)
    })?;
    let side_text = row.required(c.side)?;
    let side = match side_text {
        s if s.eq_ignore_ascii_case("buy") => Side::Buy,
        s if s.eq_ignore_ascii_case("sell") => Side::Sell,
        _ => {
            return Err(row
                .error(c.side, Problem::UnknownSide)
                .found(side_text)
                .expected(Expectation::BuyOrSell));
        }
    };
    let asset = code(row, c.asset, interner)?;
    let quantity = number(row, c.quantity, true, c.style)?;
    let currency = code(row, c.currency, interner)?;
    let total = total_of(row, c.price, c.total, quantity, c.style)?;
    let fee = optional_number(row, c.fee, c.style)?.unwrap_or(Decimal::ZERO);
    let fee_currency = match (c.fee_currency, row.optional(c.fee_currency)?) {
        (Some(col), Some(s)) => code_in(row, col, s, interner)?,
        _ => currency.clone(),
    };
    let exchange = row.optional(c.exchange)?.map(|s| interner.get(s));
    let kind = match row.optional(c.kind)? {
        Some(s) => Kind::parse(s).ok_or_else(|| {
            row.error(c.kind.unwrap_or_default(), Problem::UnknownKind)
                .found(s)
                .expected(Expectation::KindName)
        })?,
        None => Kind::Crypto,
    };
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
        exchange,
        id: row.optional(c.id)?.map(TradeId::from),
        kind,
        note: row.optional(c.note)?.map(Shared::from),
    })
}

/// The trade's total: the `total` cell, checked against quantity × `price` when both are
/// given; or quantity × price.
pub(super) fn total_of(
    row: &Row<'_>,
    price_col: Option<usize>,
    total_col: Option<usize>,
    quantity: Decimal,
    style: Style,
) -> Result<Decimal, InputError> {
    match (
        optional_number(row, price_col, style)?,
        optional_number(row, total_col, style)?,
    ) {
        (price, Some(total)) => {
            if let Some(price) = price {
                check_total(row, total_col.unwrap_or_default(), quantity, price, total)?;
            }
            Ok(total)
        }
        (Some(price), None) => quantity.checked_mul(price).ok_or_else(|| {
            row.row_error(Problem::ProductTooLarge)
                .expected(Expectation::RealisticAmounts)
        }),
        (None, None) => {
            let col = price_col.or(total_col).unwrap_or_default();
            Err(row
                .error(col, Problem::NoPriceOrTotal)
                .expected(Expectation::PriceOrTotal))
        }
    }
}

/// A non-empty asset or currency code, normalised and interned; an error naming the cell otherwise.
pub(crate) fn code(row: &Row<'_>, col: usize, interner: &mut Interner) -> Result<Code, InputError> {
    code_in(row, col, row.required(col)?, interner)
}

/// As [`code`], for the text `s` already read from column `col`.
fn code_in(row: &Row<'_>, col: usize, s: &str, interner: &mut Interner) -> Result<Code, InputError> {
    interner.code(s).ok_or_else(|| {
        row.error(col, Problem::NotACode)
            .found(s)
            .expected(Expectation::Code)
    })
}

pub(super) fn number(row: &Row<'_>, col: usize, positive: bool, style: Style) -> Result<Decimal, InputError> {
    number_in(row, col, row.required(col)?, positive, style)
}

/// As [`number`], for the text `s` already read from column `col`.
fn number_in(
    row: &Row<'_>,
    col: usize,
    s: &str,
    positive: bool,
    style: Style,
) -> Result<Decimal, InputError> {
    let expected = || number_expected(positive, style);
    let x = style
        .decimal(s)
        .ok_or_else(|| row.error(col, Problem::NotANumber).found(s).expected(expected()))?;
    in_range(row, col, s, x, positive, expected)
}

/// The number in an optional column (0 or more); `None` when there is no such column or the
/// cell is empty.
fn optional_number(row: &Row<'_>, col: Option<usize>, style: Style) -> Result<Option<Decimal>, InputError> {
    match (col, row.optional(col)?) {
        (Some(col), Some(s)) => number_in(row, col, s, false, style).map(Some),
        _ => Ok(None),
    }
}

/// What a number cell should hold: above 0 when `positive`, else 0 or more, written in `style`.
pub(crate) fn number_expected(positive: bool, style: Style) -> Expectation {
    if positive {
        Expectation::PositiveNumber
    } else {
        Expectation::NonNegativeNumber
    }
    .in_style(style)
}

/// `x` (read from cell `s`) unless it is negative, zero when `positive`, or above 10^15.
pub(crate) fn in_range(
    row: &Row<'_>,
    col: usize,
    s: &str,
    x: Decimal,
    positive: bool,
    expected: impl Fn() -> Expectation,
) -> Result<Decimal, InputError> {
    let problem = if x.is_sign_negative() && !x.is_zero() {
        Problem::Negative
    } else if positive && x.is_zero() {
        Problem::ZeroQuantity
    } else if x > Decimal::from(parse::MAX_AMOUNT) {
        return Err(row
            .error(col, Problem::TooLarge)
            .found(s)
            .expected(Expectation::AtMostMax));
    } else {
        return Ok(x);
    };
    Err(row.error(col, problem).found(s).expected(expected()))
}

/// An error unless `total` (in column `total_col`) is quantity × price within rounding (0.01 of
/// the currency or 0.01% of the total, whichever is larger); catches swapped columns. Shared by
/// every importer that has both a price and a total.
pub(crate) fn check_total(
    row: &Row<'_>,
    total_col: usize,
    quantity: Decimal,
    price: Decimal,
    total: Decimal,
) -> Result<(), InputError> {
    let Some(product) = quantity.checked_mul(price) else {
        return Err(row
            .row_error(Problem::ProductTooLarge)
            .expected(Expectation::RealisticAmounts));
    };
    let diff = (product - total).abs();
    let tolerance = Decimal::new(1, 2).max(total * Decimal::new(1, 4));
    if diff > tolerance {
        return Err(row
            .error(total_col, Problem::TotalMismatch)
            .found(&total.to_string())
            .expected(Expectation::Total(product)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// Ledger rows among the trades are set aside as they are read, batch by batch on both
    /// threads, and come back in file order: 10,000 rows, every 1,000th (lines 2, 1002, …, 9002)
    /// a deposit of 1 BTC, the others buys — 10 entries and 9,990 trades, each in line order.
    #[test]
    fn ledger_rows_among_many_trades_keep_their_order() {
        let mut csv = String::from("date,side,asset,quantity,total,currency,exchange\n");
        for i in 0..10_000 {
            if i % 1000 == 0 {
                csv.push_str("2025-01-02T10:00:00Z,deposit,BTC,1,,,Bybit\n");
            } else {
                csv.push_str("2025-01-02T10:00:00Z,buy,BTC,0.001,100,KZT,Bybit\n");
            }
        }
        let mut inputs = crate::import::Inputs::default();
        inputs
            .add_reader(csv.as_bytes(), "t.csv", crate::import::FileRole::Auto)
            .unwrap();
        let lines: Vec<u64> = inputs.ledger.entries.iter().map(|e| e.source.line).collect();
        assert_eq!(lines, (0..10).map(|k| 2 + 1000 * k).collect::<Vec<u64>>());
        assert_eq!(inputs.trades.len(), 9_990);
        assert!(inputs.trades.windows(2).all(|w| w[0].line < w[1].line));
        assert_eq!(inputs.trades[0].line, 3);
        assert_eq!(inputs.trades[9_989].line, 10_001);
    }
}
