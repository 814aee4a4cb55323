//! Opening positions (docs/formats.md §5.3): coins held when a history starts, with what they
//! cost, for users whose records begin after their first purchase. A small CSV recognised by
//! its header — `date`, `asset`, `quantity`, `cost` and no `side` — with optional `currency` (of
//! the cost; KZT when absent), `venue` and `note`:
//!
//! ```text
//! date,venue,asset,quantity,cost,currency,note
//! 2023-12-31,Binance,BTC,0.5,9000000,KZT,bought 2021 on a closed exchange
//! ```
//!
//! Each row is an [`EntryKind::Opening`]: a lot of `quantity` costing `cost` on `date`. The
//! generic trade CSV writes the same as a row with side `opening`. This module also names the
//! generic CSV's event sides.

use super::intern::Interner;
use super::rows::{Cx, RowParser, read_rows};
use super::table::{Row, Table};
use crate::error::{Expectation, InputError, Problem};
use crate::ledger::events::{Entry, EntryKind};
use crate::model::Source;
use crate::parse::{self, Style};
use rust_decimal::Decimal;
use std::io::Read;

/// The format's name, as shown in import reports.
pub const NAME: &str = "Opening positions";

/// The ledger events the generic CSV's `side` may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventSide {
    /// `deposit` or `transfer_in`.
    TransferIn,
    /// `withdrawal` or `transfer_out`.
    TransferOut,
    /// `reward` (the `subtype` column says which).
    Reward,
    /// `fee`: a fee alone.
    FeeOnly,
    /// `opening`: an opening position, cost in `total` (or `price` × quantity) of `currency`.
    Opening,
}

/// The event a generic CSV's `side` cell names, `None` for `buy`/`sell` and anything else.
pub fn event_side(side: &str) -> Option<EventSide> {
    let side = side.trim();
    let is = |s: &str| side.eq_ignore_ascii_case(s);
    Some(if is("deposit") || is("transfer_in") {
        EventSide::TransferIn
    } else if is("withdrawal") || is("withdraw") || is("transfer_out") {
        EventSide::TransferOut
    } else if is("reward") || is("income") {
        EventSide::Reward
    } else if is("fee") {
        EventSide::FeeOnly
    } else if is("opening") {
        EventSide::Opening
    } else {
        return None;
    })
}

/// True when a header (trimmed, lower-case names) is an opening-positions file.
pub fn matches(names: &[String]) -> bool {
    let has = |c: &str| names.iter().any(|n| n == c);
    has("date") && has("asset") && has("quantity") && has("cost") && !has("side")
}

struct Columns {
    style: Style,
    date: usize,
    asset: usize,
    quantity: usize,
    cost: usize,
    currency: Option<usize>,
    venue: Option<usize>,
    note: Option<usize>,
}

/// Reads every row of an opening-positions file as an entry; all bad rows are reported.
pub fn read<R: Read + Send>(
    table: &mut Table<R>,
    interner: &mut Interner,
    style: Style,
) -> Result<Vec<Entry>, Vec<InputError>> {
    let [date, asset, quantity, cost] = table
        .require(
            ["date", "asset", "quantity", "cost"],
            Expectation::HeaderLike("date,venue,asset,quantity,cost,currency".to_string()),
        )
        .map_err(|e| vec![e])?;
    let h = &table.header;
    let cols = Columns {
        style,
        date,
        asset,
        quantity,
        cost,
        currency: h.find("currency"),
        venue: h.find("venue").or_else(|| h.find("exchange")),
        note: h.find("note"),
    };
    let parsed = read_rows(table, interner, &cols, style, "");
    if parsed.errors.is_empty() {
        Ok(parsed.outs)
    } else {
        Err(parsed.errors.finish(&table.file))
    }
}

impl RowParser for Columns {
    type Out = Entry;
    type Tally = ();

    fn parse(&self, row: &Row<'_>, cx: &mut Cx<'_>) -> Result<Entry, InputError> {
        let c = self;
        let date_text = row.required(c.date)?;
        let time = c.style.datetime(date_text).ok_or_else(|| {
            row.error(c.date, Problem::BadDate)
                .found(date_text)
                .expected(Expectation::DateTime)
        })?;
        let code = |col: usize, interner: &mut Interner| {
            let s = row.required(col)?;
            interner.code(s).ok_or_else(|| {
                row.error(col, Problem::NotACode)
                    .found(s)
                    .expected(Expectation::Code)
            })
        };
        let asset = code(c.asset, cx.interner)?;
        let number = |col: usize, positive: bool| -> Result<Decimal, InputError> {
            let s = row.required(col)?;
            let x = c.style.decimal(s).ok_or_else(|| {
                row.error(col, Problem::NotANumber)
                    .found(s)
                    .expected(Expectation::NonNegativeNumber)
            })?;
            if x.is_sign_negative() && !x.is_zero() {
                return Err(row
                    .error(col, Problem::Negative)
                    .found(s)
                    .expected(Expectation::NonNegativeNumber));
            }
            if positive && x.is_zero() {
                return Err(row
                    .error(col, Problem::ZeroQuantity)
                    .found(s)
                    .expected(Expectation::PositiveNumber));
            }
            if x > Decimal::from(parse::MAX_AMOUNT) {
                return Err(row
                    .error(col, Problem::TooLarge)
                    .found(s)
                    .expected(Expectation::AtMostMax));
            }
            Ok(x)
        };
        let quantity = number(c.quantity, true)?;
        let cost = number(c.cost, false)?;
        let currency = match row.optional(c.currency)? {
            Some(_) => code(c.currency.unwrap_or_default(), cx.interner)?,
            None => cx.interner.get(crate::fiat::KZT),
        };
        Ok(Entry {
            source: Source {
                file: cx.file.clone(),
                line: row.line,
            },
            time,
            venue: row.optional(c.venue)?.map(|s| cx.interner.get(s)),
            asset,
            quantity,
            kind: EntryKind::Opening { cost, currency },
            fee: Decimal::ZERO,
            balance: None,
            id: None,
            note: row.optional(c.note)?.map(Box::from),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every event name, in any letter case and with spaces around, names its event; a buy, a
    /// sell and anything else name none.
    #[test]
    fn a_side_names_its_event_whatever_its_case_and_spaces() {
        let cases = [
            (" Deposit ", Some(EventSide::TransferIn)),
            ("transfer_in", Some(EventSide::TransferIn)),
            ("WITHDRAWAL", Some(EventSide::TransferOut)),
            ("\twithdraw", Some(EventSide::TransferOut)),
            ("transfer_out", Some(EventSide::TransferOut)),
            ("Reward", Some(EventSide::Reward)),
            ("income ", Some(EventSide::Reward)),
            ("fee", Some(EventSide::FeeOnly)),
            (" opening", Some(EventSide::Opening)),
            ("buy", None),
            (" SELL ", None),
            ("deposits", None),
            ("", None),
        ];
        for (side, want) in cases {
            assert_eq!(event_side(side), want, "{side:?}");
        }
    }
}
