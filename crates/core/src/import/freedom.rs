//! Freedom Finance broker report, as the broker's cabinet saves it ("Broker report → json").
//!
//! The report is one JSON object, or the same wrapped as the API gives it (`{"report": {…}}`).
//! Salyq reads:
//! - `trades.detailed[]`: one trade each — `trade_id, date, instr_nm, isin, operation (buy/sell),
//!   q, p, curr_c, summ, commission, commission_currency, fifo_profit` (`pay_d`, the settlement
//!   day, is not used). A **grouped** trade has `date` and `trade_id` `"Grouped"` and its day in
//!   `short_date` (`2024-03-12` or `12.03.2024`, read as 00:00 UTC); it gets no id. A **currency
//!   conversion** (`instr_type` 6, or `instr_nm` two currencies such as `RUR/USD`, `EUR/USD`) is
//!   an exchange of money: counted in the import report ([`SKIP_EXCHANGE`]), never a trade. The
//!   broker's `RUR` is read as `RUB`. A negative `q` or `summ` is taken without its sign (the
//!   operation gives the direction);
//! - `corporate_actions.detailed[]`: a `type` containing `dividend` (or `coupon`, `interest`,
//!   `купон`) becomes an [`Income`](crate::income::Income) — `amount` (gross [U]) in `currency`,
//!   `tax_amount` (sign ignored) withheld in `tax_currency`; a `Split` with a `ratio` (`4`,
//!   `"4:1"`, `"1/10"`) becomes a [`Split`](super::corporate::Split) applied to the lots; a
//!   spin-off (`type` containing `spin`, quantity `q` or `quantity`) becomes an acquisition at
//!   zero cost, a stated rule [U]; any other action, a split without a ratio, and
//!   `securities_in_outs[]` (securities moved in or out of the account) become a
//!   [`WarningKind::NotImported`](crate::warning::WarningKind::NotImported) warning to review by
//!   hand, and are counted in the import report;
//! - other keys (`date_start`, `date_end`, `plainAccountInfoData`, `commissions`, ...) are
//!   ignored.
//!
//! Each trade becomes a [`Trade`] of kind `security`: asset = the ticker as written
//! (`instr_nm`, such as `AAPL.US`, upper-cased), quantity = `q`, total = `summ` (or `q × p`
//! when `summ` is absent; the two are not cross-checked, since a bond's price is a percentage
//! of its face value), currency = `curr_c`, fee = `commission` in `commission_currency`
//! (default `curr_c`), venue `Freedom`, id = `trade_id`, note = `ISIN <isin>` (the trade model
//! has no ISIN field). Times such as `2024-03-05 10:00:00` carry no zone and are read as UTC,
//! like every time without an offset.
//!
//! Numbers may be JSON numbers or strings. JSON numbers pass through a 64-bit float in the
//! JSON reader, so a number is exact up to about 15 significant digits (amounts in a broker
//! report have far fewer); strings are exact.
//!
//! The broker's `fifo_profit` of each sale is returned next to the trades
//! ([`FreedomReport::broker_fifo`]); [`crate::broker_fifo::compare`], beside the engine,
//! compares it with Salyq's own figure.
//!
//! Errors name the file, the line and column of the value (or of its entry, when the value is
//! missing) and its JSON path (`trades.detailed[3].q`) as the column name.

use super::intern::Interner;
use super::report::FileReport;
use super::table::ErrorSink;
use crate::error::{Expectation, InputError, Problem};
use crate::model::{Code, Kind, Shared, Side, Source, Trade, TradeId};
use crate::parse;
use crate::warning::{Warning, WarningDetail};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// The format's name in import reports.
pub const NAME: &str = "Freedom Finance broker report (JSON)";

/// The venue name given to every trade.
pub const EXCHANGE: &str = "Freedom";

/// Why a `securities_in_outs` entry is not a trade, in the import report.
pub const SKIP_IN_OUT: &str = "securities in/out";

/// Why a corporate action without a type is not a trade, in the import report (one with a
/// type is counted under its type, such as `Dividends`).
pub const SKIP_CORPORATE_ACTION: &str = "corporate action";

/// Largest report read, in bytes (128 MiB): the report is one JSON document, read whole, so a
/// larger file is refused with [`Problem::FileTooLarge`] instead of filling memory. A broker
/// report of a busy account for a year is a few megabytes.
pub const MAX_REPORT_BYTES: u64 = 128 << 20;

/// What a Freedom Finance report gave.
#[derive(Debug, Clone, Default)]
pub struct FreedomReport {
    /// The trades, in file order.
    pub trades: Vec<Trade>,
    /// Entries not imported (corporate actions, transfers of securities), to review by hand.
    pub warnings: Vec<Warning>,
    /// The broker's own FIFO profit of each sale that has one, in the sale's currency:
    /// (index into [`FreedomReport::trades`], profit).
    pub broker_fifo: Vec<(usize, Decimal)>,
    /// Dividends and coupons, with the tax withheld abroad.
    pub income: Vec<crate::income::Income>,
    /// Splits, to apply to the lots ([`super::corporate`]).
    pub splits: Vec<super::corporate::Split>,
    /// Currency conversions (exchanges of money, never disposals): how many.
    pub exchanges: u64,
}

impl FreedomReport {
    /// The broker's figures keyed by their trades' sources, which stay valid when the trades
    /// are appended to other files' trades and duplicates are dropped (see [`locate`]).
    pub fn broker_fifo_by_source(&self) -> Vec<(Source, Decimal)> {
        self.broker_fifo
            .iter()
            .filter_map(|&(i, p)| Some((self.trades.get(i)?.source(), p)))
            .collect()
    }
}

/// The indices in `trades` of the trades with these sources (entries whose trade is not there,
/// such as a dropped duplicate, are left out): turns [`FreedomReport::broker_fifo_by_source`]
/// into the indices [`crate::broker_fifo::compare`] takes.
pub fn locate(entries: &[(Source, Decimal)], trades: &[Trade]) -> Vec<(usize, Decimal)> {
    let wanted: FxHashMap<&Source, Decimal> = entries.iter().map(|(s, p)| (s, *p)).collect();
    trades
        .iter()
        .enumerate()
        .filter_map(|(i, t)| Some((i, *wanted.get(&t.source())?)))
        .collect()
}

/// True when the first bytes of a file (a byte-order mark allowed) are a JSON object with a
/// Freedom Finance report's keys.
pub fn looks_like(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let has = |key: &[u8]| memchr::memmem::find(head, key).is_some();
    head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
        && (has(b"\"plainAccountInfoData\"")
            || (has(b"\"date_start\"") && has(b"\"date_end\""))
            || (has(b"\"trades\"") && has(b"\"instr_nm\"")))
}

/// Reads a Freedom Finance broker report. Every bad trade is reported (up to the file's error
/// cap); corporate actions and transfers of securities become warnings.
pub fn read(
    bytes: &[u8],
    file: &str,
    interner: &mut Interner,
    report: &mut FileReport,
) -> Result<FreedomReport, Vec<InputError>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(vec![
            InputError::file(file, Problem::Empty).expected(Expectation::FreedomReport),
        ]);
    }
    let not_a_report =
        || vec![InputError::file(file, Problem::FormatNotRecognised).expected(Expectation::FreedomReport)];
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(not_a_report());
    }
    let mut raw: RawReport<'_> = serde_json::from_slice(bytes).map_err(|e| vec![json_error(file, &e)])?;
    // The API form wraps the same document: `{"report": {...}}`.
    let wrapped = raw.is_empty() && raw.report.is_some();
    if wrapped {
        let inner: Wrapped<'_> = serde_json::from_slice(bytes).map_err(|e| vec![json_error(file, &e)])?;
        raw = inner.report;
    }
    if raw.is_empty() {
        return Err(not_a_report());
    }
    let lines = Lines::new(bytes);
    let at = |section: &'static str, path: &[&'static str]| {
        let mut full: Vec<&str> = if wrapped { vec!["report"] } else { Vec::new() };
        full.extend_from_slice(path);
        Section {
            file,
            bytes,
            lines: &lines,
            name: section,
            starts: item_starts(bytes, &full),
        }
    };
    let trades_at = at("trades.detailed", &["trades", "detailed"]);
    let actions_at = at("corporate_actions.detailed", &["corporate_actions", "detailed"]);
    let in_outs_at = at("securities_in_outs", &["securities_in_outs"]);

    let source_file: Shared = Shared::from(file);
    let exchange = interner.get(EXCHANGE);
    let mut out = FreedomReport::default();
    let mut errors = ErrorSink::default();
    for (k, t) in raw.trades.unwrap_or_default().0.iter().enumerate() {
        report.rows += 1;
        let entry = trades_at.entry(k);
        match trade(t, &entry, &source_file, &exchange, interner) {
            Ok(Row::Trade(trade, fifo)) => {
                if let Some(p) = fifo {
                    out.broker_fifo.push((out.trades.len(), p));
                }
                out.trades.push(*trade);
                report.trades += 1;
            }
            Ok(Row::Exchange) => {
                out.exchanges += 1;
                report.skip(SKIP_EXCHANGE);
            }
            Err(e) => errors.push(e),
        }
    }
    for (k, a) in raw.corporate_actions.unwrap_or_default().0.iter().enumerate() {
        report.rows += 1;
        let entry = actions_at.entry(k);
        match action(a, &entry, &source_file, &exchange, interner, &mut out) {
            Ok(Some(counted)) => report.skip(counted),
            Ok(None) => {
                let what = a.kind.text();
                report.skip(what.unwrap_or(SKIP_CORPORATE_ACTION));
                let detail = WarningDetail::NotImported {
                    what: what.unwrap_or(SKIP_CORPORATE_ACTION).to_string(),
                    asset: a.ticker.text().or(a.isin.text()).unwrap_or("?").to_string(),
                    date: a.date.text().unwrap_or("?").to_string(),
                    amount: with_unit(&a.amount, &a.currency).filter(|_| !a.amount.is_zero()),
                    tax: with_unit(&a.tax_amount, &a.tax_currency).filter(|_| !a.tax_amount.is_zero()),
                };
                let source = Source {
                    file: source_file.clone(),
                    line: entry.line(),
                };
                out.warnings.push(Warning::new(detail, Some(source), None));
            }
            Err(e) => errors.push(e),
        }
    }
    for (k, m) in raw.securities_in_outs.unwrap_or_default().0.iter().enumerate() {
        report.rows += 1;
        report.skip(SKIP_IN_OUT);
        let what = match m.kind.text().or(m.operation.text()) {
            Some(t) => format!("{SKIP_IN_OUT} \"{t}\""),
            None => SKIP_IN_OUT.to_string(),
        };
        let quantity = m.quantity.or(&m.q);
        let detail = WarningDetail::NotImported {
            what,
            asset: m
                .ticker
                .or(&m.instr_nm)
                .or(&m.isin)
                .text()
                .unwrap_or("?")
                .to_string(),
            date: m.date.or(&m.datetime).text().unwrap_or("?").to_string(),
            amount: quantity
                .number_text()
                .or_else(|| with_unit(&m.amount, &m.currency)),
            tax: None,
        };
        let source = Source {
            file: source_file.clone(),
            line: in_outs_at.entry(k).line(),
        };
        out.warnings.push(Warning::new(detail, Some(source), None));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors.finish(file))
    }
}

/// A serde_json error as an input error on its line.
fn json_error(file: &str, e: &serde_json::Error) -> InputError {
    let problem = Problem::JsonUnreadable(e.to_string());
    let error = if e.line() > 0 {
        InputError::line(file, e.line() as u64, problem)
    } else {
        InputError::file(file, problem)
    };
    error.expected(Expectation::FreedomReport)
}

/// What a trade entry is.
enum Row {
    /// A trade of a security and, for a sale, the broker's FIFO profit.
    Trade(Box<Trade>, Option<Decimal>),
    /// A currency conversion: an exchange of money, not a disposal of property.
    Exchange,
}

/// The text the broker writes where a grouped trade's time and id would be.
const GROUPED: &str = "Grouped";

/// The currency code as ISO writes it: the broker's `RUR` is the rouble, `RUB`.
fn iso_currency(code: &str) -> &str {
    if code.eq_ignore_ascii_case("RUR") {
        "RUB"
    } else {
        code
    }
}

/// The currency code of `field` (`RUR` read as `RUB`).
fn currency(e: &Entry<'_>, v: &Scalar<'_>, field: &str, interner: &mut Interner) -> Result<Code, InputError> {
    let s = e.text(v, field, Problem::NotACode, Expectation::Code)?;
    interner.code(iso_currency(s)).ok_or_else(|| {
        e.error(field, Problem::NotACode)
            .found(s)
            .expected(Expectation::Code)
    })
}

/// True for a currency conversion: `instr_type` 6, or an instrument named like `RUR/USD` or
/// `EUR/USD` (two currencies).
fn is_conversion(t: &RawTrade<'_>) -> bool {
    let type6 = match &t.instr_type {
        Scalar::Number(n) => n.decimal() == Some(Decimal::from(6)),
        Scalar::Text(s) => s.trim() == "6",
        _ => false,
    };
    let pair = t.instr_nm.text().is_some_and(|n| {
        n.split_once('/').is_some_and(|(a, b)| {
            crate::fiat::is_fiat(&iso_currency(a.trim()).to_ascii_uppercase())
                && crate::fiat::is_fiat(&iso_currency(b.trim()).to_ascii_uppercase())
        })
    });
    type6 || pair
}

/// A day as the report writes it in `short_date`: `2024-03-05` or `05.03.2024`; 00:00 UTC.
fn short_date(s: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    let s = s.trim();
    if let Some(t) = parse::datetime(s) {
        return Some(t);
    }
    let d = chrono::NaiveDate::parse_from_str(s, "%d.%m.%Y").ok()?;
    parse::datetime(&d.format("%Y-%m-%d").to_string())
}

/// One trade entry: a trade and, for a sale, the broker's FIFO profit; or a conversion.
fn trade(
    t: &RawTrade<'_>,
    e: &Entry<'_>,
    file: &Shared,
    exchange: &Code,
    interner: &mut Interner,
) -> Result<Row, InputError> {
    if is_conversion(t) {
        return Ok(Row::Exchange);
    }
    // Grouped trades: `date` (and `trade_id`) read "Grouped", the day is in `short_date`.
    let grouped = t.date.text().is_some_and(|d| d.eq_ignore_ascii_case(GROUPED));
    let time = if grouped || (!t.date.is_given() && t.short_date.is_given()) {
        let day = e.text(
            &t.short_date,
            "short_date",
            Problem::BadDate,
            Expectation::DateTime,
        )?;
        short_date(day).ok_or_else(|| {
            e.error("short_date", Problem::BadDate)
                .found(day)
                .expected(Expectation::DateTime)
        })?
    } else {
        let date = e.text(&t.date, "date", Problem::BadDate, Expectation::DateTime)?;
        parse::datetime(date).ok_or_else(|| {
            e.error("date", Problem::BadDate)
                .found(date)
                .expected(Expectation::DateTime)
        })?
    };
    let operation = e.text(
        &t.operation,
        "operation",
        Problem::UnknownSide,
        Expectation::BuyOrSell,
    )?;
    let side = if operation.eq_ignore_ascii_case("buy") {
        Side::Buy
    } else if operation.eq_ignore_ascii_case("sell") {
        Side::Sell
    } else {
        return Err(e
            .error("operation", Problem::UnknownSide)
            .found(operation)
            .expected(Expectation::BuyOrSell));
    };
    let (ticker, ticker_field) = match (&t.instr_nm, &t.ticker) {
        (Scalar::Absent | Scalar::Null, s @ Scalar::Text(_)) => (s, "ticker"),
        (s, _) => (s, "instr_nm"),
    };
    let asset = e.code(ticker, ticker_field, interner)?;
    // A sale's quantity and amount may be written negative: the side says which way they go.
    let quantity = e.number(&t.q, "q", Sign::Any)?.map(|q| q.abs()).ok_or_else(|| {
        e.error("q", Problem::MissingValue)
            .expected(Expectation::PositiveNumber)
    })?;
    if quantity.is_zero() {
        return Err(e
            .error("q", Problem::ZeroQuantity)
            .found(&t.q.found())
            .expected(Expectation::PositiveNumber));
    }
    let price = e.number(&t.p, "p", Sign::NonNegative)?;
    let total = match (e.number(&t.summ, "summ", Sign::Any)?.map(|x| x.abs()), price) {
        (Some(summ), _) => summ,
        (None, Some(p)) => quantity.checked_mul(p).ok_or_else(|| {
            e.error("p", Problem::ProductTooLarge)
                .expected(Expectation::RealisticAmounts)
        })?,
        (None, None) => {
            return Err(e
                .error("summ", Problem::NoPriceOrTotal)
                .expected(Expectation::PriceOrTotal));
        }
    };
    let currency_code = currency(e, &t.curr_c, "curr_c", interner)?;
    let fee = e
        .number(&t.commission, "commission", Sign::NonNegative)?
        .unwrap_or_default();
    let fee_currency = if t.commission_currency.is_given() {
        currency(e, &t.commission_currency, "commission_currency", interner)?
    } else {
        currency_code.clone()
    };
    let fifo = match side {
        Side::Sell => e.number(&t.fifo_profit, "fifo_profit", Sign::Any)?,
        Side::Buy => None,
    };
    // A grouped trade's id is the word "Grouped", not an id: without one, the same trade in
    // another file is still found by its figures.
    let id = t
        .trade_id
        .text()
        .filter(|id| !id.eq_ignore_ascii_case(GROUPED))
        .map(TradeId::from)
        .or_else(|| match &t.trade_id {
            Scalar::Number(n) => Some(TradeId::from(n.to_string())),
            _ => None,
        });
    let note = t.isin.text().map(|isin| format!("ISIN {isin}").into());
    Ok(Row::Trade(
        Box::new(Trade {
            file: file.clone(),
            line: crate::model::line32(e.line()),
            time,
            side,
            asset,
            quantity: quantity.normalize(),
            total: total.normalize(),
            currency: currency_code,
            fee: fee.normalize(),
            fee_currency,
            exchange: Some(exchange.clone()),
            id,
            kind: Kind::Security,
            note,
        }),
        fifo,
    ))
}

/// What the import report counts a dividend under.
pub const SKIP_DIVIDEND: &str = "dividend (income)";
/// What the import report counts a coupon or interest under.
pub const SKIP_COUPON: &str = "coupon or interest (income)";
/// What the import report counts an applied split under.
pub const SKIP_SPLIT: &str = "split (applied to the lots)";
/// What the import report counts a spin-off under (its shares are a trade).
pub const SKIP_SPIN_OFF: &str = "spin-off (shares acquired at zero cost)";
/// What the import report counts a currency conversion under.
pub const SKIP_EXCHANGE: &str = "currency exchange (money, not a disposal)";

/// A corporate action: a dividend or coupon becomes income, a split with a ratio a split, a
/// spin-off an acquisition; `Ok(Some(reason))` names what it was counted as in the import
/// report; `Ok(None)` leaves it to review by hand (a warning).
fn action(
    a: &RawAction<'_>,
    e: &Entry<'_>,
    file: &Shared,
    exchange: &Code,
    interner: &mut Interner,
    out: &mut FreedomReport,
) -> Result<Option<&'static str>, InputError> {
    let Some(kind) = a.kind.text().map(str::to_ascii_lowercase) else {
        return Ok(None);
    };
    let source = Source {
        file: file.clone(),
        line: e.line(),
    };
    let asset_text = a.ticker.text().or(a.isin.text()).unwrap_or("?").to_string();
    let isin = a.isin.text().map(Box::from);
    let income_kind = if kind.contains("dividend") {
        Some(crate::income::IncomeKind::Dividend)
    } else if kind.contains("coupon") || kind.contains("interest") || kind.contains("купон") {
        Some(crate::income::IncomeKind::Interest)
    } else {
        None
    };
    if let Some(income_kind) = income_kind {
        let date = e.text(&a.date, "date", Problem::BadDate, Expectation::DateTime)?;
        let day = short_date(date).ok_or_else(|| {
            e.error("date", Problem::BadDate)
                .found(date)
                .expected(Expectation::DateTime)
        })?;
        let amount = e
            .number(&a.amount, "amount", Sign::Any)?
            .map(|x| x.abs())
            .ok_or_else(|| {
                e.error("amount", Problem::MissingValue)
                    .expected(Expectation::NonNegativeNumber)
            })?;
        let cur = currency(e, &a.currency, "currency", interner)?;
        let tax = e
            .number(&a.tax_amount, "tax_amount", Sign::Any)?
            .map(|x| x.abs())
            .unwrap_or_default();
        let tax_currency = if a.tax_currency.is_given() {
            currency(e, &a.tax_currency, "tax_currency", interner)?
        } else {
            cur.clone()
        };
        let asset = interner.get(&asset_text.to_ascii_uppercase());
        out.income.push(crate::income::Income {
            source,
            date: day.date_naive(),
            kind: income_kind,
            asset,
            country: isin
                .as_deref()
                .and_then(crate::income::isin_country)
                .map(Box::from),
            isin,
            amount: amount.normalize(),
            currency: cur,
            tax: tax.normalize(),
            tax_currency,
            venue: exchange.clone(),
        });
        return Ok(Some(match income_kind {
            crate::income::IncomeKind::Dividend => SKIP_DIVIDEND,
            crate::income::IncomeKind::Interest => SKIP_COUPON,
        }));
    }
    if kind.contains("split") {
        let ratio = a
            .ratio
            .text()
            .and_then(super::corporate::parse_ratio)
            .or(match &a.ratio {
                Scalar::Number(n) => n.decimal().filter(|r| *r > Decimal::ZERO),
                _ => None,
            });
        let (Some(ratio), Some(time)) = (ratio, a.date.text().and_then(short_date)) else {
            // Without a ratio (or a date) the lots cannot be restated: left to the user.
            return Ok(None);
        };
        out.splits.push(super::corporate::Split {
            source,
            time,
            asset: interner.get(&asset_text.to_ascii_uppercase()),
            isin,
            ratio,
        });
        return Ok(Some(SKIP_SPLIT));
    }
    if kind.contains("spin") {
        // A spin-off: the new shares are acquired at zero cost, a stated rule [U] (the law
        // gives the cost of securities received free as zero unless taxed as income).
        let Some(quantity) = e.number(a.q.or(&a.quantity), "q", Sign::Positive).ok().flatten() else {
            return Ok(None);
        };
        let Some(time) = a.date.text().and_then(short_date) else {
            return Ok(None);
        };
        let cur = if a.currency.is_given() {
            currency(e, &a.currency, "currency", interner)?
        } else {
            interner.get("USD")
        };
        out.trades.push(Trade {
            file: source.file,
            line: crate::model::line32(source.line),
            time,
            side: Side::Buy,
            asset: interner.get(&asset_text.to_ascii_uppercase()),
            quantity: quantity.normalize(),
            total: Decimal::ZERO,
            currency: cur.clone(),
            fee: Decimal::ZERO,
            fee_currency: cur,
            exchange: Some(exchange.clone()),
            id: None,
            kind: Kind::Security,
            note: Some(
                match a.isin.text() {
                    Some(i) => format!("ISIN {i}; spin-off, acquired at zero cost [unconfirmed rule]"),
                    None => "spin-off, acquired at zero cost [unconfirmed rule]".to_string(),
                }
                .into(),
            ),
        });
        return Ok(Some(SKIP_SPIN_OFF));
    }
    Ok(None)
}

/// `amount currency` as written (`12.5 USD`), when the amount is given.
fn with_unit(amount: &Scalar<'_>, unit: &Scalar<'_>) -> Option<String> {
    let amount = amount.number_text()?;
    Some(match unit.text() {
        Some(u) => format!("{amount} {u}"),
        None => amount,
    })
}

// ---------------------------------------------------------------------------------------------
// The report's shape. Every field is optional and takes any scalar, so that a missing or
// mistyped value is reported by its JSON path rather than by the JSON reader.

#[derive(Deserialize)]
struct Wrapped<'a> {
    #[serde(borrow)]
    report: RawReport<'a>,
}

#[derive(Deserialize)]
struct RawReport<'a> {
    #[serde(default)]
    report: Option<IgnoredAny>,
    #[serde(default)]
    date_start: Option<IgnoredAny>,
    #[serde(default, rename = "plainAccountInfoData")]
    account: Option<IgnoredAny>,
    #[serde(borrow, default)]
    trades: Option<Detailed<RawTrade<'a>>>,
    #[serde(borrow, default)]
    corporate_actions: Option<Detailed<RawAction<'a>>>,
    #[serde(borrow, default)]
    securities_in_outs: Option<List<RawInOut<'a>>>,
}

impl RawReport<'_> {
    /// True when none of a report's keys is there.
    fn is_empty(&self) -> bool {
        self.trades.is_none() && self.date_start.is_none() && self.account.is_none()
    }
}

#[derive(Deserialize)]
struct RawTrade<'a> {
    #[serde(borrow, default)]
    trade_id: Scalar<'a>,
    #[serde(borrow, default)]
    date: Scalar<'a>,
    #[serde(borrow, default)]
    short_date: Scalar<'a>,
    #[serde(borrow, default)]
    instr_type: Scalar<'a>,
    #[serde(borrow, default)]
    instr_nm: Scalar<'a>,
    #[serde(borrow, default)]
    ticker: Scalar<'a>,
    #[serde(borrow, default)]
    isin: Scalar<'a>,
    #[serde(borrow, default)]
    operation: Scalar<'a>,
    #[serde(borrow, default)]
    q: Scalar<'a>,
    #[serde(borrow, default)]
    p: Scalar<'a>,
    #[serde(borrow, default)]
    curr_c: Scalar<'a>,
    #[serde(borrow, default)]
    summ: Scalar<'a>,
    #[serde(borrow, default)]
    fifo_profit: Scalar<'a>,
    #[serde(borrow, default)]
    commission_currency: Scalar<'a>,
    #[serde(borrow, default)]
    commission: Scalar<'a>,
}

#[derive(Deserialize)]
struct RawAction<'a> {
    #[serde(borrow, default, rename = "type")]
    kind: Scalar<'a>,
    #[serde(borrow, default)]
    date: Scalar<'a>,
    #[serde(borrow, default)]
    amount: Scalar<'a>,
    #[serde(borrow, default)]
    currency: Scalar<'a>,
    #[serde(borrow, default)]
    ticker: Scalar<'a>,
    #[serde(borrow, default)]
    isin: Scalar<'a>,
    #[serde(borrow, default)]
    tax_amount: Scalar<'a>,
    #[serde(borrow, default)]
    tax_currency: Scalar<'a>,
    #[serde(borrow, default)]
    ratio: Scalar<'a>,
    #[serde(borrow, default)]
    q: Scalar<'a>,
    #[serde(borrow, default)]
    quantity: Scalar<'a>,
}

/// A transfer of securities; its fields are not documented, so the likely names are tried.
#[derive(Deserialize)]
struct RawInOut<'a> {
    #[serde(borrow, default, rename = "type")]
    kind: Scalar<'a>,
    #[serde(borrow, default)]
    operation: Scalar<'a>,
    #[serde(borrow, default)]
    date: Scalar<'a>,
    #[serde(borrow, default)]
    datetime: Scalar<'a>,
    #[serde(borrow, default)]
    ticker: Scalar<'a>,
    #[serde(borrow, default)]
    instr_nm: Scalar<'a>,
    #[serde(borrow, default)]
    isin: Scalar<'a>,
    #[serde(borrow, default)]
    quantity: Scalar<'a>,
    #[serde(borrow, default)]
    q: Scalar<'a>,
    #[serde(borrow, default)]
    amount: Scalar<'a>,
    #[serde(borrow, default)]
    currency: Scalar<'a>,
}

/// A list: a JSON array, or an object whose values are the items (how PHP writes a list with
/// gaps, and `{}` for an empty one), or `null`.
struct List<T>(Vec<T>);

impl<T> Default for List<T> {
    fn default() -> Self {
        List(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = List<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<List<T>, A::Error> {
                let mut items = Vec::new();
                while map.next_key::<IgnoredAny>()?.is_some() {
                    items.push(map.next_value()?);
                }
                Ok(List(items))
            }
            fn visit_unit<E: de::Error>(self) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// A section holding its entries under `detailed` (`{"detailed": [...], ...}`); `[]` or `null`
/// when empty.
struct Detailed<T>(Vec<T>);

impl<T> Default for Detailed<T> {
    fn default() -> Self {
        Detailed(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Detailed<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Detailed<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object with a \"detailed\" list")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Detailed<T>, A::Error> {
                let mut items: Option<List<T>> = None;
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    if key == "detailed" {
                        if items.is_some() {
                            return Err(de::Error::duplicate_field("detailed"));
                        }
                        items = Some(map.next_value()?);
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(Detailed(items.unwrap_or_default().0))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Detailed<T>, A::Error> {
                if seq.next_element::<IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_type(de::Unexpected::Seq, &self));
                }
                Ok(Detailed(Vec::new()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Detailed<T>, E> {
                Ok(Detailed(Vec::new()))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// A JSON number, as the JSON reader gives it.
#[derive(Debug, Clone, Copy)]
enum Number {
    U(u64),
    I(i64),
    F(f64),
}

impl Number {
    /// The exact decimal of an integer; for a float, the decimal of its shortest text (the
    /// number as it was written, up to about 15 significant digits). `None` beyond 10^15.
    fn decimal(self) -> Option<Decimal> {
        let x = match self {
            Number::U(u) => Decimal::from(u),
            Number::I(i) => Decimal::from(i),
            Number::F(f) => {
                if !f.is_finite() || f.abs() > parse::MAX_AMOUNT as f64 {
                    return None;
                }
                let mut buf = StackText::default();
                fmt::Write::write_fmt(&mut buf, format_args!("{f}")).ok()?;
                parse::decimal(buf.as_str())?
            }
        };
        (x.abs() <= Decimal::from(parse::MAX_AMOUNT)).then_some(x)
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::U(u) => write!(f, "{u}"),
            Number::I(i) => write!(f, "{i}"),
            Number::F(x) => write!(f, "{x}"),
        }
    }
}

/// A short text on the stack: a float's digits without an allocation.
struct StackText {
    buf: [u8; 64],
    len: usize,
}

impl Default for StackText {
    fn default() -> Self {
        StackText { buf: [0; 64], len: 0 }
    }
}

impl StackText {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > self.buf.len() {
            return Err(fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// One JSON value where a scalar is expected: whatever it is, so that reading never fails on a
/// field and the field's problem is reported by its path.
#[derive(Debug, Clone, Default)]
enum Scalar<'a> {
    /// The key is not there.
    #[default]
    Absent,
    Null,
    Bool(bool),
    Number(Number),
    Text(Cow<'a, str>),
    /// An object or array.
    Nested(&'static str),
}

impl<'a> Scalar<'a> {
    /// The text, trimmed, when it is a non-empty string.
    fn text(&self) -> Option<&str> {
        match self {
            Scalar::Text(s) if !s.trim().is_empty() => Some(s.trim()),
            _ => None,
        }
    }

    /// True unless absent, null or an empty string.
    fn is_given(&self) -> bool {
        match self {
            Scalar::Absent | Scalar::Null => false,
            Scalar::Text(s) => !s.trim().is_empty(),
            _ => true,
        }
    }

    /// This value when given, else `other`.
    fn or<'s>(&'s self, other: &'s Scalar<'a>) -> &'s Scalar<'a> {
        if self.is_given() { self } else { other }
    }

    /// True for a number (or numeric text) equal to zero.
    fn is_zero(&self) -> bool {
        match self {
            Scalar::Number(n) => n.decimal().is_some_and(|d| d.is_zero()),
            Scalar::Text(s) => parse::decimal(s).is_some_and(|d| d.is_zero()),
            _ => false,
        }
    }

    /// A number or text as written, for messages.
    fn number_text(&self) -> Option<String> {
        match self {
            Scalar::Number(n) => Some(n.to_string()),
            s => s.text().map(str::to_string),
        }
    }

    /// The value as found, for error messages.
    fn found(&self) -> String {
        match self {
            Scalar::Absent => String::new(),
            Scalar::Null => "null".to_string(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Number(n) => n.to_string(),
            Scalar::Text(s) => s.to_string(),
            Scalar::Nested(what) => what.to_string(),
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Scalar<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Scalar<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E>(self, b: bool) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Bool(b))
            }
            fn visit_u64<E>(self, u: u64) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Number(Number::U(u)))
            }
            fn visit_i64<E>(self, i: i64) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Number(Number::I(i)))
            }
            fn visit_f64<E>(self, f: f64) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Number(Number::F(f)))
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Text(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Text(Cow::Owned(s.to_string())))
            }
            fn visit_string<E>(self, s: String) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Text(Cow::Owned(s)))
            }
            fn visit_unit<E>(self) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Null)
            }
            fn visit_none<E>(self) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Null)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar<'a>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Scalar::Nested("[…]"))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar<'a>, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Scalar::Nested("{…}"))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

// ---------------------------------------------------------------------------------------------
// Where things are in the file: the JSON reader gives no positions for values it read well, so
// a small scanner over the (already validated) bytes finds where each entry starts, and, for an
// error, where the entry's field is.

/// The line starts of a file, to turn byte offsets into line and column.
struct Lines {
    newlines: Vec<usize>,
}

impl Lines {
    fn new(bytes: &[u8]) -> Lines {
        Lines {
            newlines: memchr::memchr_iter(b'\n', bytes).collect(),
        }
    }

    /// 1-based line and column (in bytes) of a byte offset.
    fn at(&self, offset: usize) -> (u64, usize) {
        let n = self.newlines.partition_point(|&p| p < offset);
        let line_start = if n == 0 { 0 } else { self.newlines[n - 1] + 1 };
        (n as u64 + 1, offset.saturating_sub(line_start) + 1)
    }
}

/// A list of the report and where its entries start.
struct Section<'r> {
    file: &'r str,
    bytes: &'r [u8],
    lines: &'r Lines,
    name: &'static str,
    starts: Vec<usize>,
}

impl<'r> Section<'r> {
    fn entry(&self, index: usize) -> Entry<'_> {
        Entry {
            section: self,
            index,
            start: self.starts.get(index).copied(),
        }
    }
}

/// One entry of a list.
struct Entry<'r> {
    section: &'r Section<'r>,
    index: usize,
    /// Byte offset of the entry's `{`, when found.
    start: Option<usize>,
}

/// Which numbers a field accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sign {
    Positive,
    NonNegative,
    Any,
}

impl Entry<'_> {
    /// The entry's 1-based line.
    fn line(&self) -> u64 {
        self.start.map_or(1, |s| self.section.lines.at(s).0)
    }

    /// An error about `field`, at its value (or at the entry when the field is missing), named
    /// by its JSON path.
    fn error(&self, field: &str, problem: Problem) -> InputError {
        let s = self.section;
        let offset = self
            .start
            .map(|start| value_offset(s.bytes, start, field).unwrap_or(start));
        let (line, column) = offset.map_or((1, 1), |o| s.lines.at(o));
        InputError::line(s.file, line, problem)
            .at_column(column, &format!("{}[{}].{field}", s.name, self.index))
    }

    /// The required text of `field`; `wrong` when it is not text.
    fn text<'v>(
        &self,
        v: &'v Scalar<'_>,
        field: &str,
        wrong: Problem,
        expected: Expectation,
    ) -> Result<&'v str, InputError> {
        match v {
            Scalar::Absent | Scalar::Null | Scalar::Text(_) => v
                .text()
                .ok_or_else(|| self.error(field, Problem::MissingValue).expected(expected)),
            other => Err(self.error(field, wrong).found(&other.found()).expected(expected)),
        }
    }

    /// The required code of `field`.
    fn code(&self, v: &Scalar<'_>, field: &str, interner: &mut Interner) -> Result<Code, InputError> {
        let s = self.text(v, field, Problem::NotACode, Expectation::Code)?;
        interner.code(s).ok_or_else(|| {
            self.error(field, Problem::NotACode)
                .found(s)
                .expected(Expectation::Code)
        })
    }

    /// The number of `field`, `None` when absent, null or empty.
    fn number(&self, v: &Scalar<'_>, field: &str, sign: Sign) -> Result<Option<Decimal>, InputError> {
        let expected = match sign {
            Sign::Positive => Expectation::PositiveNumber,
            Sign::NonNegative => Expectation::NonNegativeNumber,
            Sign::Any => Expectation::RealisticAmounts,
        };
        let x = match v {
            Scalar::Absent | Scalar::Null => return Ok(None),
            Scalar::Text(s) if s.trim().is_empty() => return Ok(None),
            Scalar::Text(s) => parse::decimal(s),
            Scalar::Number(n) => {
                let Some(x) = n.decimal() else {
                    return Err(self
                        .error(field, Problem::TooLarge)
                        .found(&v.found())
                        .expected(Expectation::AtMostMax));
                };
                Some(x)
            }
            Scalar::Bool(_) | Scalar::Nested(_) => None,
        };
        let Some(x) = x else {
            return Err(self
                .error(field, Problem::NotANumber)
                .found(&v.found())
                .expected(expected));
        };
        if x.abs() > Decimal::from(parse::MAX_AMOUNT) {
            return Err(self
                .error(field, Problem::TooLarge)
                .found(&v.found())
                .expected(Expectation::AtMostMax));
        }
        if sign != Sign::Any && x.is_sign_negative() && !x.is_zero() {
            return Err(self
                .error(field, Problem::Negative)
                .found(&v.found())
                .expected(expected));
        }
        if sign == Sign::Positive && x.is_zero() {
            return Err(self
                .error(field, Problem::ZeroQuantity)
                .found(&v.found())
                .expected(expected));
        }
        Ok(Some(x))
    }
}

/// A scanner over bytes that are valid JSON.
struct Scan<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Scan<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    /// Skips a string (at its `"`) and returns its raw content.
    fn string(&mut self) -> &'a [u8] {
        let start = (self.i + 1).min(self.b.len());
        let mut j = start;
        while j < self.b.len() {
            match self.b[j] {
                b'\\' => j += 2,
                b'"' => break,
                _ => j += 1,
            }
        }
        let end = j.min(self.b.len());
        self.i = (end + 1).min(self.b.len());
        &self.b[start..end]
    }

    /// Skips `:` and the whitespace around it, after a key.
    fn colon(&mut self) {
        self.ws();
        if self.peek() == Some(b':') {
            self.i += 1;
        }
        self.ws();
    }

    /// Skips one value.
    fn skip(&mut self) {
        self.ws();
        match self.peek() {
            Some(b'"') => {
                self.string();
            }
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                while let Some(c) = self.peek() {
                    match c {
                        b'"' => {
                            self.string();
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                self.i += 1;
                                return;
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
            }
            Some(_) => {
                while self
                    .peek()
                    .is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace())
                {
                    self.i += 1;
                }
            }
            None => {}
        }
    }

    /// At an object: moves to the value of `key` and returns true, or past the object and
    /// returns false.
    fn key(&mut self, key: &str) -> bool {
        self.ws();
        if self.peek() != Some(b'{') {
            return false;
        }
        self.i += 1;
        loop {
            self.ws();
            match self.peek() {
                Some(b'"') => {
                    let k = self.string();
                    self.colon();
                    if k == key.as_bytes() {
                        return true;
                    }
                    self.skip();
                }
                Some(b',') => self.i += 1,
                _ => return false,
            }
        }
    }

    /// At a list (an array, or an object of items): the offset of each item.
    fn items(&mut self, out: &mut Vec<usize>) {
        self.ws();
        let object = match self.peek() {
            Some(b'[') => false,
            Some(b'{') => true,
            _ => return,
        };
        self.i += 1;
        loop {
            self.ws();
            match self.peek() {
                None | Some(b']' | b'}') => return,
                Some(b',') => self.i += 1,
                Some(_) => {
                    if object {
                        self.string();
                        self.colon();
                    }
                    out.push(self.i);
                    self.skip();
                }
            }
        }
    }
}

/// Byte offsets where the items of the list at `path` start (none when there is no such list).
fn item_starts(bytes: &[u8], path: &[&str]) -> Vec<usize> {
    let mut s = Scan { b: bytes, i: 0 };
    let mut out = Vec::new();
    if path.iter().all(|k| s.key(k)) {
        s.items(&mut out);
    }
    out
}

/// Byte offset of the value of `field` in the object starting at `start`.
fn value_offset(bytes: &[u8], start: usize, field: &str) -> Option<usize> {
    let mut s = Scan { b: bytes, i: start };
    s.key(field).then_some(s.i)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{
  "date_start": "2024-01-01",
  "trades": {"total": 2, "detailed": [
    {"trade_id": 1, "q": "1"},
    {"trade_id": "x\"y", "nested": {"a": [1, {"b": "]"}]}, "q": 2}
  ]},
  "securities_in_outs": {"7": {"ticker": "A"}},
  "corporate_actions": []
}"#;

    #[test]
    fn finds_entries_and_fields_in_the_bytes() {
        let b = DOC.as_bytes();
        let starts = item_starts(b, &["trades", "detailed"]);
        assert_eq!(starts.len(), 2);
        let lines = Lines::new(b);
        assert_eq!(lines.at(starts[0]), (4, 5));
        assert_eq!(lines.at(starts[1]), (5, 5));
        let q = value_offset(b, starts[1], "q").unwrap();
        assert_eq!(&DOC[q..q + 1], "2");
        assert_eq!(value_offset(b, starts[0], "p"), None);
        assert_eq!(item_starts(b, &["securities_in_outs"]).len(), 1);
        assert!(item_starts(b, &["corporate_actions", "detailed"]).is_empty());
        assert!(item_starts(b, &["nothing"]).is_empty());
    }

    #[test]
    fn json_floats_keep_their_written_digits() {
        assert_eq!(Number::F(0.1).decimal(), Some(Decimal::new(1, 1)));
        assert_eq!(Number::F(185.37).decimal(), Some(Decimal::new(18537, 2)));
        assert_eq!(Number::F(1e-7).decimal(), Some(Decimal::new(1, 7)));
        assert_eq!(Number::F(1e16).decimal(), None);
        assert_eq!(Number::I(-5).decimal(), Some(Decimal::from(-5)));
    }

    #[test]
    fn recognises_the_report_by_its_keys() {
        assert!(looks_like(
            b"\xef\xbb\xbf {\"date_start\":\"2024-01-01\",\"date_end\":\"2024-12-31\""
        ));
        assert!(looks_like(b"{\"plainAccountInfoData\":{}}"));
        assert!(!looks_like(b"[{\"date_start\":1,\"date_end\":2}]"));
        assert!(!looks_like(b"date,side,asset\n"));
    }
}
