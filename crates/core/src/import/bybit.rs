//! Bybit spot trade history (CSV), in the layouts Bybit has exported:
//!
//! - unified trading account:
//!   `Spot Pairs,Order Type,Direction,Filled Value,Filled Price,Filled Quantity,Fees,Transaction ID,Order No.,Timestamp (UTC)`,
//!   also with a leading `Uid` column and `Timestamp (UTC+0)`;
//! - the EU site: `feeCoin,ExecFeeV2` after `Direction`, `--` for an empty cell;
//! - before the unified account: `Filled Time (Local Time),Spot Pairs,...,Timestamp (UTC)` with
//!   the unit inside each amount (`99.687 USDT`, `1121.34 NEIRO`).
//!
//! Each row is one fill: `Filled Quantity` of the pair's base asset bought or sold for
//! `Filled Value` of its quote asset (or quantity × `Filled Price` when the value is empty).
//! `Transaction ID` is the trade's id, the venue is `Bybit`, the kind `crypto`.
//!
//! Reading choices (the file does not say):
//! - **Fee asset.** `feeCoin` when the file has it. Otherwise the unit written inside `Fees`
//!   (older files). Otherwise Bybit's spot rule is assumed: a buy's fee is taken from the base
//!   asset received, a sell's from the quote asset received. A fee paid another way (a fee
//!   coupon, a third asset) is not in these files.
//! - **EU fees.** `ExecFeeV2` is the fee when it holds a number (the EU export leaves `Fees` as
//!   `--`); otherwise `Fees`. An empty or `--` fee is no fee.
//! - **Time.** The `Timestamp (UTC…)` column, with the offset its name gives (`UTC` and
//!   `UTC+0` are UTC; `UTC+8` would be +08:00). A file with only `Filled Time (Local Time)` is
//!   read as UTC: the export does not say which local time it used.
//! - **Pair.** Split at `/` when there is one, else by the known quote assets, longest first
//!   ([`QUOTES`]); in older files the units inside the amounts settle it.
//! - A row with a filled quantity of 0 (an order that did not fill) is not a trade: it is
//!   counted as skipped (`unfilled order`).
//! - Numbers use `.` as the decimal point; the trailing zeros Bybit writes (`5.36000000000000000000`)
//!   are dropped.

use super::intern::Interner;
use super::report::FileReport;
use super::rows::RowTrade;
use super::table::{Row, Table};
use crate::error::{Expectation, InputError, Problem};
use crate::model::{Code, Kind, Shared, Side, Trade, TradeId};
use crate::parse;
use chrono::{DateTime, FixedOffset, TimeZone};
use rust_decimal::Decimal;
use std::io::Read;

/// The format's name in import reports.
pub const NAME: &str = "Bybit spot trade history";

/// The venue name given to every trade.
pub const EXCHANGE: &str = "Bybit";

/// Quote assets a pair without a separator is split by, longest first (so `BUSD` wins over
/// `USD` and `FDUSD` over `USD`).
pub const QUOTES: [&str; 20] = [
    "FDUSD", "USDT", "USDC", "USDE", "BUSD", "TUSD", "USDD", "PYUSD", "BTC", "ETH", "EUR", "USD", "DAI",
    "BRL", "TRY", "PLN", "GBP", "KZT", "MNT", "BNB",
];

/// Why a row is not a trade, in the import report.
pub const SKIP_UNFILLED: &str = "unfilled order";

/// True when a header (cells trimmed and lower-cased) is a Bybit spot trade history, perhaps
/// with a required column missing (reading then names it).
pub fn matches(names: &[String]) -> bool {
    let has = |c: &str| names.iter().any(|n| n == c);
    has("spot pairs") && has("direction") && (has("filled quantity") || has("filled value"))
}

struct Columns {
    pair: usize,
    direction: usize,
    quantity: usize,
    value: Option<usize>,
    price: Option<usize>,
    fees: usize,
    fee_coin: Option<usize>,
    fee_v2: Option<usize>,
    id: usize,
    time: usize,
    /// The offset of the time column.
    offset: FixedOffset,
}

/// Reads every trade of a Bybit spot trade history positioned after its header. Every bad row
/// is reported (up to the file's error cap); unfilled orders are counted in `report.skipped`.
pub fn read<R: Read + Send>(
    table: &mut Table<R>,
    interner: &mut Interner,
    report: &mut FileReport,
) -> Result<Vec<Trade>, Vec<InputError>> {
    let cols = columns(table).map_err(|e| vec![e])?;
    let file: Shared = Shared::from(table.file.as_str());
    let exchange = interner.get(EXCHANGE);
    super::rows::each_trade(table, report, |row| {
        Ok(match trade(row, &cols, &file, &exchange, interner)? {
            Some(t) => RowTrade::Trade(t),
            None => RowTrade::Skip(SKIP_UNFILLED.into()),
        })
    })
}

fn columns<R: Read>(table: &Table<R>) -> Result<Columns, InputError> {
    let h = &table.header;
    let [pair, direction, quantity, fees, id] = table.require(
        [
            "spot pairs",
            "direction",
            "filled quantity",
            "fees",
            "transaction id",
        ],
        Expectation::BybitHeader,
    )?;
    let value = h.find("filled value");
    let price = h.find("filled price");
    if value.is_none() && price.is_none() {
        return Err(table.missing_column("filled value", Expectation::BybitHeader));
    }
    let names = h.names();
    let utc = FixedOffset::east_opt(0).expect("zero offset is valid");
    let (time, offset) = match names.iter().position(|n| n.starts_with("timestamp")) {
        Some(i) => (i, header_offset(&names[i]).unwrap_or(utc)),
        None => match names.iter().position(|n| n.starts_with("filled time")) {
            Some(i) => (i, header_offset(&names[i]).unwrap_or(utc)),
            None => return Err(table.missing_column("timestamp (utc)", Expectation::BybitHeader)),
        },
    };
    Ok(Columns {
        pair,
        direction,
        quantity,
        value,
        price,
        fees,
        fee_coin: h.find("feecoin"),
        fee_v2: h.find("execfeev2"),
        id,
        time,
        offset,
    })
}

/// The offset a time column's name gives: `timestamp (utc)` → +00:00, `timestamp (utc+8)` →
/// +08:00, `time(utc+05:30)` → +05:30; `None` when the name has no `utc` (local time).
pub(crate) fn header_offset(name: &str) -> Option<FixedOffset> {
    let rest = &name[name.find("utc")? + 3..];
    let rest = rest.split(')').next().unwrap_or("").trim();
    if rest.is_empty() {
        return FixedOffset::east_opt(0);
    }
    let (sign, digits) = match rest.as_bytes()[0] {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let (h, m) = digits.split_once(':').unwrap_or((digits, "0"));
    let (h, m): (i32, i32) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    if !(0..=14).contains(&h) || !(0..=59).contains(&m) {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// The trade of one row; `None` for an order that did not fill.
fn trade(
    row: &Row<'_>,
    c: &Columns,
    file: &Shared,
    exchange: &Code,
    interner: &mut Interner,
) -> Result<Option<Trade>, InputError> {
    let pair_text = row.required(c.pair)?;
    let direction = row.required(c.direction)?;
    let side = if direction.eq_ignore_ascii_case("buy") {
        Side::Buy
    } else if direction.eq_ignore_ascii_case("sell") {
        Side::Sell
    } else {
        return Err(row
            .error(c.direction, Problem::UnknownSide)
            .found(direction)
            .expected(Expectation::BuyOrSell));
    };
    let quantity_cell =
        amount(row, c.quantity)?.ok_or_else(|| row.error(c.quantity, Problem::MissingValue))?;
    let value_cell = match c.value {
        Some(col) => amount(row, col)?,
        None => None,
    };
    let price_cell = match c.price {
        Some(col) => amount(row, col)?,
        None => None,
    };
    let (base, quote) = split_pair(pair_text, quantity_cell.unit, value_cell.and_then(|v| v.unit))
        .ok_or_else(|| {
            row.error(c.pair, Problem::UnknownPair)
                .found(pair_text)
                .expected(Expectation::Pair)
        })?;
    let base = code(row, c.pair, pair_text, base, interner)?;
    let quote = code(row, c.pair, pair_text, quote, interner)?;
    quantity_cell.check_unit(row, c.quantity, &base)?;
    if quantity_cell.value.is_zero() {
        return Ok(None);
    }
    if quantity_cell.value.is_sign_negative() {
        return Err(row
            .error(c.quantity, Problem::Negative)
            .found(quantity_cell.text)
            .expected(Expectation::PositiveNumber));
    }
    let total = match (value_cell, price_cell) {
        (Some(v), _) => {
            v.check_unit(row, c.value.unwrap_or_default(), &quote)?;
            v.non_negative(row, c.value.unwrap_or_default())?
        }
        (None, Some(p)) => {
            p.check_unit(row, c.price.unwrap_or_default(), &quote)?;
            let price = p.non_negative(row, c.price.unwrap_or_default())?;
            quantity_cell.value.checked_mul(price).ok_or_else(|| {
                row.row_error(Problem::ProductTooLarge)
                    .expected(Expectation::RealisticAmounts)
            })?
        }
        (None, None) => {
            let col = c.value.or(c.price).unwrap_or_default();
            return Err(row
                .error(col, Problem::NoPriceOrTotal)
                .expected(Expectation::PriceOrTotal));
        }
    };
    // The fee: ExecFeeV2 when it holds a number (EU), else Fees.
    let v2 = match c.fee_v2 {
        Some(col) => amount(row, col)?.map(|a| (col, a)),
        None => None,
    };
    let fee_cell = match v2 {
        Some(x) => Some(x),
        None => amount(row, c.fees)?.map(|a| (c.fees, a)),
    };
    let (fee, fee_unit) = match fee_cell {
        Some((col, a)) => (a.non_negative(row, col)?, a.unit.map(|u| (col, u))),
        None => (Decimal::ZERO, None),
    };
    let coin = match c.fee_coin {
        Some(col) => Some((col, row.cell(col)?)).filter(|(_, s)| !empty(s)),
        None => None,
    };
    let fee_currency = match (coin, fee_unit) {
        (Some((col, coin)), _) | (None, Some((col, coin))) => code(row, col, coin, coin, interner)?,
        (None, None) => match side {
            Side::Buy => base.clone(),
            Side::Sell => quote.clone(),
        },
    };
    let time_text = row.required(c.time)?;
    let time = datetime(time_text, c.offset).ok_or_else(|| {
        row.error(c.time, Problem::BadDate)
            .found(time_text)
            .expected(Expectation::BybitDateTime)
    })?;
    let id = row.cell(c.id)?;
    Ok(Some(Trade {
        file: file.clone(),
        line: crate::model::line32(row.line),
        time,
        side,
        asset: base,
        quantity: quantity_cell.value.normalize(),
        total: total.normalize(),
        currency: quote,
        fee: fee.normalize(),
        fee_currency,
        exchange: Some(exchange.clone()),
        id: if id.is_empty() {
            None
        } else {
            Some(TradeId::from(id))
        },
        kind: Kind::Crypto,
        note: None,
    }))
}

/// True for a cell that says nothing: empty, or Bybit's `--`.
fn empty(s: &str) -> bool {
    s.is_empty() || s == "--"
}

/// A number cell, perhaps with its unit (`99.687 USDT`).
#[derive(Clone, Copy)]
struct Amount<'a> {
    text: &'a str,
    value: Decimal,
    unit: Option<&'a str>,
}

impl Amount<'_> {
    /// An error unless the amount's unit, when written, is `code`.
    fn check_unit(&self, row: &Row<'_>, col: usize, code: &str) -> Result<(), InputError> {
        match self.unit {
            Some(u) if !u.eq_ignore_ascii_case(code) => Err(row
                .error(col, Problem::WrongUnit)
                .found(self.text)
                .expected(Expectation::AmountIn(code.to_string()))),
            _ => Ok(()),
        }
    }

    /// The value, which must not be negative.
    fn non_negative(&self, row: &Row<'_>, col: usize) -> Result<Decimal, InputError> {
        if self.value.is_sign_negative() && !self.value.is_zero() {
            return Err(row
                .error(col, Problem::Negative)
                .found(self.text)
                .expected(Expectation::NonNegativeNumber));
        }
        Ok(self.value)
    }
}

/// The number in column `col`, with its unit when one is written after it; `None` when the
/// cell is empty or `--`. An error when it is not a number or is above 10^15.
fn amount<'a>(row: &'a Row<'_>, col: usize) -> Result<Option<Amount<'a>>, InputError> {
    let text = row.cell(col)?;
    if empty(text) {
        return Ok(None);
    }
    let (number, unit) = match text.split_once(char::is_whitespace) {
        Some((n, u)) => (n, Some(u.trim())),
        None => (text, None),
    };
    let value = parse::decimal(number).ok_or_else(|| {
        row.error(col, Problem::NotANumber)
            .found(text)
            .expected(Expectation::NonNegativeNumber)
    })?;
    if value.abs() > Decimal::from(parse::MAX_AMOUNT) {
        return Err(row
            .error(col, Problem::TooLarge)
            .found(text)
            .expected(Expectation::AtMostMax));
    }
    Ok(Some(Amount { text, value, unit }))
}

/// The interned code `part` of the cell `text` in column `col`.
fn code(
    row: &Row<'_>,
    col: usize,
    text: &str,
    part: &str,
    interner: &mut Interner,
) -> Result<Code, InputError> {
    interner.code(part).ok_or_else(|| {
        row.error(col, Problem::NotACode)
            .found(text)
            .expected(Expectation::Code)
    })
}

/// Splits a pair into base and quote: at `/`, else by a known quote asset at its end (longest
/// first), else by the units written in the quantity and value cells (`NEIRO` + `USDT`).
pub fn split_pair<'a>(
    pair: &'a str,
    base_unit: Option<&str>,
    quote_unit: Option<&str>,
) -> Option<(&'a str, &'a str)> {
    let pair = pair.trim();
    if let Some((base, quote)) = pair.split_once('/') {
        let (base, quote) = (base.trim(), quote.trim());
        return (!base.is_empty() && !quote.is_empty()).then_some((base, quote));
    }
    if let (Some(b), Some(q)) = (base_unit, quote_unit)
        && pair.len() == b.len() + q.len()
        && pair.is_char_boundary(b.len())
        && pair[..b.len()].eq_ignore_ascii_case(b)
        && pair[b.len()..].eq_ignore_ascii_case(q)
    {
        return Some(pair.split_at(b.len()));
    }
    let upper = pair.as_bytes();
    QUOTES.iter().find_map(|q| {
        let n = upper.len().checked_sub(q.len()).filter(|&n| n > 0)?;
        (pair.is_char_boundary(n) && upper[n..].eq_ignore_ascii_case(q.as_bytes())).then(|| pair.split_at(n))
    })
}

/// Parses a Bybit time: `14:35 2024-11-16` or `14:35:02 2024-11-16` (time first), or an ISO
/// date-time such as `2024-11-16 14:35:02`. A time without a zone is at `offset`.
pub fn datetime(s: &str, offset: FixedOffset) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Some((first, second)) = s.split_once(' ')
        && first.contains(':')
    {
        // `date time` in a buffer on the stack, read by the ISO parser (which takes no zone as
        // UTC), then placed at `offset`.
        let (date, time) = (second.trim().as_bytes(), first.as_bytes());
        let mut buf = [0u8; 40];
        let n = date.len() + 1 + time.len();
        if date.len() != 10 || n > buf.len() {
            return None;
        }
        buf[..10].copy_from_slice(date);
        buf[10] = b' ';
        buf[11..n].copy_from_slice(time);
        let t = parse::datetime(std::str::from_utf8(&buf[..n]).ok()?)?;
        if time.contains(&b'+') || time.contains(&b'-') || time.contains(&b'Z') {
            return None;
        }
        return offset.from_local_datetime(&t.naive_local()).single();
    }
    let t = parse::datetime(s)?;
    let zoned = s
        .get(10..)
        .is_some_and(|rest| rest.contains(['Z', 'z', '+', '-']) || rest.contains("UTC"));
    if zoned {
        Some(t)
    } else {
        offset.from_local_datetime(&t.naive_local()).single()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_pairs_by_separator_known_quotes_and_units() {
        assert_eq!(split_pair("BTCUSDT", None, None), Some(("BTC", "USDT")));
        assert_eq!(split_pair("BTC/USDT", None, None), Some(("BTC", "USDT")));
        assert_eq!(split_pair("ETHBUSD", None, None), Some(("ETH", "BUSD")));
        assert_eq!(split_pair("USDCFDUSD", None, None), Some(("USDC", "FDUSD")));
        assert_eq!(split_pair("ETHBTC", None, None), Some(("ETH", "BTC")));
        assert_eq!(split_pair("BTCEUR", None, None), Some(("BTC", "EUR")));
        assert_eq!(split_pair("USDT", None, None), None);
        assert_eq!(split_pair("BTCXYZ", None, None), None);
        assert_eq!(
            split_pair("BTCXYZ", Some("BTC"), Some("XYZ")),
            Some(("BTC", "XYZ"))
        );
        assert_eq!(split_pair("/USDT", None, None), None);
    }

    #[test]
    fn reads_offsets_from_time_column_names() {
        let h = |s: &str| header_offset(s).map(|o| o.local_minus_utc());
        assert_eq!(h("timestamp (utc)"), Some(0));
        assert_eq!(h("timestamp (utc+0)"), Some(0));
        assert_eq!(h("timestamp (utc+8)"), Some(8 * 3600));
        assert_eq!(h("time(utc+05:30)"), Some(5 * 3600 + 1800));
        assert_eq!(h("filled time (local time)"), None);
    }

    #[test]
    fn reads_time_first_and_iso_times() {
        let utc = FixedOffset::east_opt(0).unwrap();
        let t = |s: &str, o: FixedOffset| datetime(s, o).map(|d| d.to_rfc3339());
        assert_eq!(
            t("14:35 2024-11-16", utc).as_deref(),
            Some("2024-11-16T14:35:00+00:00")
        );
        assert_eq!(
            t("14:35:02 2024-11-16", utc).as_deref(),
            Some("2024-11-16T14:35:02+00:00")
        );
        assert_eq!(
            t("2024-11-16 14:35:02", utc).as_deref(),
            Some("2024-11-16T14:35:02+00:00")
        );
        let plus8 = FixedOffset::east_opt(8 * 3600).unwrap();
        assert_eq!(
            t("14:35 2024-11-16", plus8).as_deref(),
            Some("2024-11-16T14:35:00+08:00")
        );
        assert_eq!(
            t("2024-11-16 14:35:02", plus8).as_deref(),
            Some("2024-11-16T14:35:02+08:00")
        );
        assert_eq!(
            t("2024-11-16T14:35:02Z", plus8).as_deref(),
            Some("2024-11-16T14:35:02+00:00")
        );
        assert!(t("25:00 2024-11-16", utc).is_none());
        assert!(t("14:35 16.11.2024", utc).is_none());
        assert!(t("yesterday", utc).is_none());
    }
}
