//! Binance spot order history:
//! `Date(UTC);Pair;Type;Order Price;Order Amount;AvgTrading Price;Filled;Total;status`, each
//! order row followed by its fills as nested rows that start with an empty cell: a sub-header
//! `;Date(UTC);Trading Price;Filled;Total;Fee;;;`, then one row per fill.
//!
//! - **Every fill is a trade**, at the fill's own time, with its own price, quantity (`Filled`,
//!   the base asset glued on), total (`Total`, the quote asset glued on) and fee (`Fee` with its
//!   asset). The order row gives the pair and the side (`Type`: `BUY` or `SELL`; a `Side`
//!   column when the file has one). An order's own figures are not trades: the order row is
//!   counted as skipped (`order (its fills are the trades)`), and so is each fill sub-header;
//!   an order without fills (cancelled, expired) is counted as `order without fills (<status>)`.
//! - **Rows of different lengths by design**: an order row has one cell per header column, a
//!   fill row a leading empty cell and the fill's own columns. This reader therefore reads the
//!   table's records as they come and must stay exempt from any check that every row has the
//!   header's field count (the table is opened flexible for that reason).
//! - **Numbers**: the file itself is `;`-separated with `.` as the decimal point; each number is
//!   read as Binance writes it first (`"11,426.20"` with a thousands comma), then with a decimal
//!   comma (a file re-saved by Excel in a Russian locale).
//! - Times are at the offset of the `Date(UTC…)` column (UTC).

use crate::error::{Expectation, InputError, Problem};
use crate::import::exchange;
use crate::import::intern::Interner;
use crate::import::report::FileReport;
use crate::import::rows::Cx;
use crate::import::table::{ErrorSink, Header, Row, Table};
use crate::model::{Code, Kind, Shared, Side, Trade};
use crate::parse::Style;
use chrono::FixedOffset;
use csv::ByteRecord;
use rust_decimal::Decimal;
use std::io::Read;

/// The format's name, as shown in import reports.
pub const NAME: &str = "Binance spot order history";

/// The header, as named in errors about a missing column.
pub const HEADER: &str = "Date(UTC);Pair;Type;Order Price;Order Amount;AvgTrading Price;Filled;Total;status";

/// Why an order row is not a trade.
pub const SKIP_ORDER: &str = "order (its fills are the trades)";
/// Why a fill sub-header is not a trade.
pub const SKIP_SUBHEADER: &str = "fill sub-header";

/// True when a header (trimmed, lower-case names) is Binance's spot order history: a
/// `Date(UTC…)` column, `Pair`, `Type`, `Order Price` and `status`.
pub fn matches(names: &[String]) -> bool {
    super::date_column(names).is_some()
        && exchange::has_all(
            names,
            &[&["pair"], &["type", "side"], &["order price"], &["status"]],
        )
}

/// Where the cells of a fill row are (0-based), from its sub-header.
#[derive(Clone, Copy)]
struct FillColumns {
    date: usize,
    offset: FixedOffset,
    price: usize,
    filled: usize,
    total: usize,
    fee: usize,
}

impl FillColumns {
    /// The positions the documented sub-header gives.
    fn documented() -> FillColumns {
        FillColumns {
            date: 1,
            offset: exchange::utc(),
            price: 2,
            filled: 3,
            total: 4,
            fee: 5,
        }
    }

    /// The positions of a sub-header row, if `cells` (normalised) is one.
    fn of(cells: &[String]) -> Option<FillColumns> {
        let (date, offset) = super::date_column(cells)?;
        let find = |n: &[&str]| exchange::find(cells, n);
        Some(FillColumns {
            date,
            offset,
            price: find(&["trading price", "price"])?,
            filled: find(&["filled", "executed"])?,
            total: find(&["total", "amount"])?,
            fee: find(&["fee"])?,
        })
    }
}

/// The order a fill belongs to.
struct Order {
    line: u64,
    side: Side,
    pair: String,
    status: String,
    fills: u64,
}

/// Reads every fill of the file as a trade; order rows, sub-headers and orders without fills
/// are counted in `report.skipped`. All bad rows are reported.
pub fn read<R: Read + Send>(
    table: &mut Table<R>,
    interner: &mut Interner,
    report: &mut FileReport,
) -> Result<Vec<Trade>, Vec<InputError>> {
    let expected = || Expectation::HeaderLike(HEADER.to_string());
    let names = table.header.names().to_vec();
    super::date_column(&names).ok_or_else(|| vec![table.missing_column("Date(UTC)", expected())])?;
    let need =
        |n: &[&str]| exchange::find(&names, n).ok_or_else(|| vec![table.missing_column(n[0], expected())]);
    let pair = need(&["pair"])?;
    let side_col = exchange::find(&names, &["side"]).map_or_else(|| need(&["type"]), Ok)?;
    let status = need(&["status"])?;
    let file: Shared = Shared::from(table.file.as_str());
    let venue = interner.get(super::VENUE);
    let mut cx = Cx {
        file: &file,
        venue,
        interner,
        style: Style::Plain,
    };
    let mut trades = Vec::new();
    let mut errors = ErrorSink::default();
    let mut record = ByteRecord::new();
    let mut fill_cols = FillColumns::documented();
    // Errors about a fill name its column by the sub-header's names.
    let documented = ["", "Date(UTC)", "Trading Price", "Filled", "Total", "Fee"];
    let mut fill_header = Header::new(documented.iter().map(|s| s.to_string()).collect());
    let mut order: Option<Order> = None;
    let finish = |order: Option<Order>, report: &mut FileReport| {
        if let Some(o) = order {
            if o.fills == 0 {
                report.skip(&format!("order without fills ({})", o.status));
            } else {
                report.skip(SKIP_ORDER);
            }
        }
    };
    while let Some(next) = table.read_record(&mut record) {
        let line = match next {
            Ok(line) => line,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        report.rows += 1;
        let row = table.row(&record, line);
        let first = match row.cell(0) {
            Ok(s) => s,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if !first.is_empty() {
            // An order row.
            finish(order.take(), report);
            match order_row(&row, pair, side_col, status) {
                Ok(o) => order = Some(o),
                Err(e) => errors.push(e),
            }
            continue;
        }
        let cells: Vec<String> = record
            .iter()
            .map(|c| exchange::clean(&String::from_utf8_lossy(c)))
            .collect();
        if let Some(cols) = FillColumns::of(&cells) {
            fill_cols = cols;
            fill_header = Header::new(
                record
                    .iter()
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect(),
            );
            report.skip(SKIP_SUBHEADER);
            continue;
        }
        let Some(o) = order.as_mut() else {
            errors.push(
                row.error(1, Problem::MissingValue)
                    .expected(Expectation::HeaderLike(format!(
                        "an order row ({HEADER}) before its fills"
                    ))),
            );
            continue;
        };
        let row = Row::new(&table.file, line, &record, &fill_header);
        match fill(&row, &fill_cols, o, &mut cx) {
            Ok(t) => {
                o.fills += 1;
                report.trades += 1;
                trades.push(t);
            }
            Err(e) => errors.push(e),
        }
    }
    finish(order.take(), report);
    if errors.is_empty() {
        Ok(trades)
    } else {
        Err(errors.finish(&file))
    }
}

fn order_row(row: &Row<'_>, pair: usize, side: usize, status: usize) -> Result<Order, InputError> {
    let side = super::spot_current::side_of(row, side)?;
    Ok(Order {
        line: row.line,
        side,
        pair: row.required(pair)?.to_string(),
        status: row.optional(Some(status))?.unwrap_or("no status").to_string(),
        fills: 0,
    })
}

/// A number with perhaps its asset glued on, as Binance writes it, else with a decimal comma.
fn amount_either(row: &Row<'_>, col: usize, asset: &Code, positive: bool) -> Result<Decimal, InputError> {
    super::amount_cell(row, col, asset, positive, Style::Plain)
        .or_else(|e| super::amount_cell(row, col, asset, positive, Style::Russian).map_err(|_| e))
}

fn fill(row: &Row<'_>, c: &FillColumns, o: &Order, cx: &mut Cx<'_>) -> Result<Trade, InputError> {
    let time = super::spot_current::time_at(row, c.date, c.offset, Style::Russian)?;
    let hint = super::trailing_letters(row.cell(c.total)?);
    let (asset, currency) = super::split_pair_with(&o.pair, hint)
        .and_then(|(b, q)| Some((cx.interner.code(b)?, cx.interner.code(q)?)))
        .ok_or_else(|| {
            InputError::line(cx.file, o.line, Problem::UnknownPair)
                .found(&o.pair)
                .expected(Expectation::Pair)
        })?;
    let quantity = amount_either(row, c.filled, &asset, true)?;
    let total = amount_either(row, c.total, &currency, false)?;
    let price = amount_either(row, c.price, &currency, false)?;
    super::check_total(row, c.total, quantity, price, total)?;
    let (fee, fee_currency) = super::fee_cell(row, c.fee, &[&asset, &currency, "BNB"], &currency, cx)
        .or_else(|e| {
            let mut russian = Cx {
                file: cx.file,
                interner: &mut *cx.interner,
                venue: cx.venue.clone(),
                style: Style::Russian,
            };
            super::fee_cell(row, c.fee, &[&asset, &currency, "BNB"], &currency, &mut russian).map_err(|_| e)
        })?;
    Ok(Trade {
        file: cx.file.clone(),
        line: crate::model::line32(row.line),
        time,
        side: o.side,
        asset,
        quantity,
        total,
        currency,
        fee,
        fee_currency,
        exchange: Some(cx.venue.clone()),
        id: None,
        kind: Kind::Crypto,
        note: Some(format!("order of line {}", o.line).into()),
    })
}
