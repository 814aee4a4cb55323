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
    // A row is as large as a trade (the entry is boxed), so the trades are collected into the
    // rows' own allocation: no second copy of a million trades.
    let mut entries = Vec::new();
    let trades: Vec<Trade> = parsed
        .outs
        .into_iter()
        .filter_map(|out| match out {
            GenericRow::Trade(t) => Some(t),
            GenericRow::Entry(e) => {
                entries.push(*e);
                None
            }
        })
        .collect();
    Ok((trades, entries))
}

/// One row of a generic file: a trade or a ledger entry.
pub enum GenericRow {
    /// A buy or a sell.
    Trade(Trade),
    /// Any other event (boxed: rows are kept by the million, and most are trades).
    Entry(Box<Entry>),
}

impl RowParser for Columns {
    type Out = GenericRow;
    type Tally = ();

    fn parse(&self, row: &Row<'_>, cx: &mut Cx<'_>) -> Result<GenericRow, InputError> {
        let side = row.required(self.side)?;
        match super::opening::event_side(side) {
            Some(kind) => {
                entry(row, self, kind, cx.file, cx.interner).map(|e| GenericRow::Entry(Box::new(e)))
            }
            None => trade(row, self, cx.file, cx.interner).map(GenericRow::Trade),
        }
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
    let fee = match row.optional(c.fee)? {
        Some(_) => number(row, c.fee.unwrap_or_default(), false, c.style)?,
        None => Decimal::ZERO,
    };
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
    let fee = match row.optional(c.fee)? {
        Some(_) => number(row, c.fee.unwrap_or_default(), false, c.style)?,
        None => Decimal::ZERO,
    };
    let fee_currency = match row.optional(c.fee_currency)? {
        Some(_) => code(row, c.fee_currency.unwrap_or_default(), interner)?,
        None => currency.clone(),
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
        source: Source {
            file: file.clone(),
            line: row.line,
        },
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
    let cell = |col: Option<usize>| -> Result<Option<Decimal>, InputError> {
        match (col, row.optional(col)?) {
            (Some(col), Some(_)) => Ok(Some(number(row, col, false, style)?)),
            _ => Ok(None),
        }
    };
    match (cell(price_col)?, cell(total_col)?) {
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
    let s = row.required(col)?;
    interner.code(s).ok_or_else(|| {
        row.error(col, Problem::NotACode)
            .found(s)
            .expected(Expectation::Code)
    })
}

pub(super) fn number(row: &Row<'_>, col: usize, positive: bool, style: Style) -> Result<Decimal, InputError> {
    let s = row.required(col)?;
    let expected = if positive {
        Expectation::PositiveNumber
    } else {
        Expectation::NonNegativeNumber
    }
    .in_style(style);
    let x = style.decimal(s).ok_or_else(|| {
        row.error(col, Problem::NotANumber)
            .found(s)
            .expected(expected.clone())
    })?;
    if x.is_sign_negative() && !x.is_zero() {
        return Err(row.error(col, Problem::Negative).found(s).expected(expected));
    }
    if positive && x.is_zero() {
        return Err(row.error(col, Problem::ZeroQuantity).found(s).expected(expected));
    }
    if x > Decimal::from(parse::MAX_AMOUNT) {
        return Err(row
            .error(col, Problem::TooLarge)
            .found(s)
            .expected(Expectation::AtMostMax));
    }
    Ok(x)
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
    use super::*;

    /// The rows' allocation is reused for the trades only when a row is exactly as large as a
    /// trade (and aligned alike); an unboxed entry would make every row larger.
    #[test]
    fn a_row_is_as_large_as_a_trade() {
        assert_eq!(std::mem::size_of::<GenericRow>(), std::mem::size_of::<Trade>());
        assert_eq!(std::mem::align_of::<GenericRow>(), std::mem::align_of::<Trade>());
    }
}
