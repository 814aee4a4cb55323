//! The generic trade CSV (docs/formats.md §1): one trade a row, named columns in any order.

use super::intern::Interner;
use super::table::{ErrorSink, Header, Row, Table};
use crate::error::{Expectation, InputError, Problem};
use crate::model::{Kind, Side, Source, Trade};
use crate::parse;
use csv::ByteRecord;
use rust_decimal::Decimal;
use std::io::Read;
use std::sync::Arc;
use std::sync::mpsc;

/// The columns a generic trade file must have (besides one of `price` / `total`).
pub const REQUIRED: [&str; 5] = ["date", "side", "asset", "quantity", "currency"];

/// True when a header looks like a generic trade file (perhaps with a required column missing,
/// which reading then reports by name).
pub fn matches(names: &[String]) -> bool {
    let has = |c: &str| names.iter().any(|n| n == c);
    has("side") || (has("asset") && (has("quantity") || has("total")))
}

struct Columns {
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
}

/// Reads every trade of a generic file; all bad rows are reported, none is skipped silently.
///
/// Two threads share the work: a reading thread splits the CSV into batches of records and
/// this thread turns them into trades. When this thread falls behind, the reading thread
/// parses a batch itself, so both cores stay busy. Batches arrive in file order and are
/// recycled, so memory stays flat.
pub fn read<R: Read + Send>(
    table: &mut Table<R>,
    interner: &mut Interner,
) -> Result<Vec<Trade>, Vec<InputError>> {
    let cols = columns(table).map_err(|e| vec![e])?;
    let file: Arc<str> = Arc::from(table.file.as_str());
    let header = table.header.clone();
    let mut trades = Vec::new();
    let mut errors = ErrorSink::default();
    std::thread::scope(|s| {
        let (full_tx, full_rx) = mpsc::sync_channel::<Batch>(1);
        let (empty_tx, empty_rx) = mpsc::channel::<Batch>();
        let (cols, file) = (&cols, &file);
        s.spawn(move || {
            let mut own_interner = Interner::default();
            loop {
                let mut batch = empty_rx.try_recv().unwrap_or_default();
                let more = batch.fill(table);
                let batch = match full_tx.try_send(batch) {
                    Ok(()) => None,
                    Err(mpsc::TrySendError::Full(mut batch)) => {
                        batch.parse(file, &table.header, cols, &mut own_interner);
                        Some(batch)
                    }
                    Err(mpsc::TrySendError::Disconnected(_)) => break,
                };
                if batch.is_some_and(|b| full_tx.send(b).is_err()) || !more {
                    break;
                }
            }
        });
        for mut batch in full_rx {
            if !batch.parsed {
                batch.parse(file, &header, cols, interner);
            }
            trades.append(&mut batch.trades);
            for e in batch.errors.drain(..) {
                errors.push(e);
            }
            // The reader may have finished already; then the batch is simply dropped.
            let _ = empty_tx.send(batch);
        }
    });
    if errors.is_empty() {
        Ok(trades)
    } else {
        Err(errors.finish(&file))
    }
}

/// Records read ahead by the reading thread, and the trades made of them.
#[derive(Default)]
struct Batch {
    records: Vec<ByteRecord>,
    lines: Vec<u64>,
    len: usize,
    /// A read error that ended the file.
    error: Option<InputError>,
    parsed: bool,
    trades: Vec<Trade>,
    errors: Vec<InputError>,
}

impl Batch {
    const SIZE: usize = 4096;

    /// Refills the batch from `table`; false when the file is done (or failed).
    fn fill<R: Read>(&mut self, table: &mut Table<R>) -> bool {
        self.len = 0;
        self.error = None;
        self.parsed = false;
        while self.len < Batch::SIZE {
            if self.records.len() == self.len {
                self.records.push(ByteRecord::new());
                self.lines.push(0);
            }
            match table.read_record(&mut self.records[self.len]) {
                None => return false,
                Some(Ok(line)) => {
                    self.lines[self.len] = line;
                    self.len += 1;
                }
                Some(Err(e)) => {
                    self.error = Some(e);
                    return false;
                }
            }
        }
        true
    }

    /// Turns the records into trades (and errors, in line order).
    fn parse(&mut self, file: &Arc<str>, header: &Header, cols: &Columns, interner: &mut Interner) {
        self.trades.clear();
        self.errors.clear();
        for (record, &line) in self.records.iter().zip(&self.lines).take(self.len) {
            let row = Row::new(file, line, record, header);
            match trade(&row, cols, file, interner) {
                Ok(t) => self.trades.push(t),
                Err(e) => self.errors.push(e),
            }
        }
        if let Some(e) = self.error.take() {
            self.errors.push(e);
        }
        self.parsed = true;
    }
}

fn columns<R: Read>(table: &Table<R>) -> Result<Columns, InputError> {
    let h = &table.header;
    let [date, side, asset, quantity, currency] = table.require(REQUIRED, Expectation::TradeHeader)?;
    let cols = Columns {
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
    };
    if cols.price.is_none() && cols.total.is_none() {
        return Err(table.missing_column("price", Expectation::PriceOrTotalColumn));
    }
    Ok(cols)
}

fn trade(row: &Row<'_>, c: &Columns, file: &Arc<str>, interner: &mut Interner) -> Result<Trade, InputError> {
    let date_text = row.required(c.date)?;
    let time = parse::datetime(date_text).ok_or_else(|| {
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
    let quantity = number(row, c.quantity, true)?;
    let currency = code(row, c.currency, interner)?;
    let price = match row.optional(c.price)? {
        Some(_) => Some(number(row, c.price.unwrap_or_default(), false)?),
        None => None,
    };
    let total = match row.optional(c.total)? {
        Some(_) => Some(number(row, c.total.unwrap_or_default(), false)?),
        None => None,
    };
    let total = match (price, total) {
        (_, Some(total)) => {
            if let Some(price) = price {
                check_total(row, c, quantity, price, total)?;
            }
            total
        }
        (Some(price), None) => quantity.checked_mul(price).ok_or_else(|| {
            row.row_error(Problem::ProductTooLarge)
                .expected(Expectation::RealisticAmounts)
        })?,
        (None, None) => {
            let col = c.price.or(c.total).unwrap_or_default();
            return Err(row
                .error(col, Problem::NoPriceOrTotal)
                .expected(Expectation::PriceOrTotal));
        }
    };
    let fee = match row.optional(c.fee)? {
        Some(_) => number(row, c.fee.unwrap_or_default(), false)?,
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
        id: row.optional(c.id)?.map(Box::from),
        kind,
        note: row.optional(c.note)?.map(Box::from),
    })
}

fn code(row: &Row<'_>, col: usize, interner: &mut Interner) -> Result<Arc<str>, InputError> {
    let s = row.required(col)?;
    interner.code(s).ok_or_else(|| {
        row.error(col, Problem::NotACode)
            .found(s)
            .expected(Expectation::Code)
    })
}

fn number(row: &Row<'_>, col: usize, positive: bool) -> Result<Decimal, InputError> {
    let s = row.required(col)?;
    let expected = if positive {
        Expectation::PositiveNumber
    } else {
        Expectation::NonNegativeNumber
    };
    let x = parse::decimal(s).ok_or_else(|| {
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

fn check_total(
    row: &Row<'_>,
    c: &Columns,
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
        let col = c.total.unwrap_or_default();
        return Err(row
            .error(col, Problem::TotalMismatch)
            .found(&total.to_string())
            .expected(Expectation::Total(product)));
    }
    Ok(())
}
