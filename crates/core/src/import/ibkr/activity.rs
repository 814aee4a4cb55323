//! The Interactive Brokers Activity Statement, CSV ("Reports → Statements → Activity", format
//! CSV). One file, many sections; each line starts with the section's name and `Header`,
//! `Data`, `SubTotal` or `Total`. A section may repeat its `Header` line with other columns
//! (Trades does, per asset category); each `Data` line is read by the latest header of its
//! section. `SubTotal` and `Total` lines are sums: never read.
//!
//! What becomes what:
//! - `Trades` (`DataDiscriminator,Asset Category,Currency,Symbol,Date/Time,Quantity,T. Price,
//!   C. Price,Proceeds,Comm/Fee,Basis,Realized P/L,MTM P/L,Code`), `Order` (or `Trade`) rows:
//!   Stocks (ETFs are listed under Stocks), Bonds, Mutual Funds, Warrants → trades of kind
//!   `security`: negative quantity = a sale; total = |Proceeds| (else |quantity| × price);
//!   fee = |Comm/Fee| (written negative: a cost) in the row's currency; note = the ISIN and
//!   listing exchange of `Financial Instrument Information`. `Forex` rows are exchanges of
//!   money: counted in the import report, never disposals. Options, futures and other
//!   derivatives are counted apart (`derivative (not computed)`) with a warning each: Salyq
//!   does not compute derivatives (NC Art. 388), so declare them by hand. `ClosedLot` rows are
//!   the broker's lot details of a sale (counted, not read: Salyq matches its own lots);
//! - `Financial Instrument Information` (`Asset Category,Symbol,Description,Conid,Security ID,
//!   Listing Exch,…`): symbol → ISIN (`Security ID`) and listing exchange; the ISIN's prefix
//!   gives the issuer's country;
//! - `Dividends` (`Currency,Date,Description,Amount`; the description starts with
//!   `SYMBOL(ISIN)`) and `Withholding Tax` (same, the amount negative; a positive amount is a
//!   refund): the withholding is matched to the dividend of the same symbol and date (summed
//!   per symbol and date, reversals included); a withholding without its dividend is kept
//!   alone (tax with no income, so it adds nothing to the credit's cap);
//! - `Interest` (`Currency,Date,Description,Amount`): positive amounts (credit interest, bond
//!   coupons) are interest income; negative ones (interest paid) are a cost, counted apart;
//! - `Corporate Actions` (`Asset Category,Currency,Report Date,Date/Time,Description,Quantity,
//!   …`): a description `SYMBOL(ISIN) Split N for M` is a split of ratio N ÷ M applied to the
//!   lots; any other action is a warning to review by hand.
//!
//! Other sections (Statement, Account Information, Open Positions, Cash Report, …) are not
//! read. See [`super`] for the time zone and the line reader.

use super::{EXCHANGE, Record, new_york, number, records};
use crate::error::{Expectation, InputError, Problem};
use crate::import::corporate::Split;
use crate::import::freedom::FreedomReport;
use crate::import::intern::Interner;
use crate::import::report::FileReport;
use crate::import::table::ErrorSink;
use crate::income::{Income, IncomeKind, isin_country};
use crate::model::{Code, Kind, Shared, Side, Source, Trade};
use crate::parse::find_isin;
use crate::warning::{Warning, WarningDetail};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// The format's name in import reports.
pub const NAME: &str = "Interactive Brokers activity statement (CSV)";

/// Import-report reasons.
pub const SKIP_FOREX: &str = "currency exchange (money, not a disposal)";
/// Options, futures and other derivatives.
pub const SKIP_DERIVATIVE: &str = "derivative (not computed)";
/// The broker's lot details of a sale.
pub const SKIP_CLOSED_LOT: &str = "closed-lot detail";
/// Dividends read as income.
pub const SKIP_DIVIDEND: &str = "dividend (income)";
/// Withholding read with its income.
pub const SKIP_WITHHOLDING: &str = "tax withheld (with its income)";
/// Interest read as income.
pub const SKIP_INTEREST: &str = "interest (income)";
/// Interest paid.
pub const SKIP_INTEREST_PAID: &str = "interest paid (a cost, not income)";
/// Splits applied to the lots.
pub const SKIP_SPLIT: &str = "split (applied to the lots)";

/// True when the file starts like an Activity Statement: `Statement,Header,…`.
pub fn looks_like(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    head.starts_with(b"Statement,Header,") || head.starts_with(b"\"Statement\",\"Header\",")
}

/// A security of the statement's instrument list.
#[derive(Debug, Clone, Default)]
struct Instrument {
    isin: Option<String>,
    listing: Option<String>,
}

/// One `Data` line read by its section's header.
struct Row<'r> {
    file: &'r str,
    rec: &'r Record,
    header: &'r [String],
}

impl Row<'_> {
    fn index(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h.eq_ignore_ascii_case(name))
    }

    /// The cell of column `name` (empty when absent).
    fn get(&self, name: &str) -> &str {
        self.index(name)
            .and_then(|i| self.rec.fields.get(i + 2))
            .map_or("", String::as_str)
    }

    fn error(&self, name: &str, problem: Problem) -> InputError {
        let e = InputError::line(self.file, self.rec.line, problem);
        match self.index(name) {
            Some(i) => e.at_column(i + 3, name).found(self.get(name)),
            None => e,
        }
    }

    /// The required number of column `name` (any sign).
    fn number(&self, name: &str) -> Result<Decimal, InputError> {
        let s = self.get(name);
        if s.is_empty() {
            return Err(self
                .error(name, Problem::MissingValue)
                .expected(Expectation::Number));
        }
        let x = number(s).ok_or_else(|| {
            self.error(name, Problem::NotANumber)
                .expected(Expectation::Number)
        })?;
        if x.abs() > Decimal::from(crate::parse::MAX_AMOUNT) {
            return Err(self
                .error(name, Problem::TooLarge)
                .expected(Expectation::AtMostMax));
        }
        Ok(x)
    }

    /// The number of column `name`, `None` when empty or `--`.
    fn maybe_number(&self, name: &str) -> Result<Option<Decimal>, InputError> {
        match self.get(name) {
            "" | "--" => Ok(None),
            _ => self.number(name).map(Some),
        }
    }

    /// `Date/Time` (`2025-01-24, 09:29:52` or `2025-01-24`) as New York time.
    fn time(&self, name: &str) -> Result<DateTime<FixedOffset>, InputError> {
        let s = self.get(name);
        let bad = || {
            self.error(name, Problem::BadDate)
                .expected(Expectation::DateFormat("%Y-%m-%d, %H:%M:%S".into()))
        };
        let local = NaiveDateTime::parse_from_str(s, "%Y-%m-%d, %H:%M:%S")
            .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S"))
            .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|d| d.and_time(chrono::NaiveTime::MIN)))
            .map_err(|_| bad())?;
        new_york(local).ok_or_else(bad)
    }

    fn date(&self, name: &str) -> Result<NaiveDate, InputError> {
        NaiveDate::parse_from_str(self.get(name), "%Y-%m-%d")
            .map_err(|_| self.error(name, Problem::BadDate).expected(Expectation::Date))
    }

    fn code(&self, name: &str, interner: &mut Interner) -> Result<Code, InputError> {
        interner
            .code(self.get(name))
            .ok_or_else(|| self.error(name, Problem::NotACode).expected(Expectation::Code))
    }

    fn source(&self) -> Source {
        Source {
            file: Shared::from(self.file),
            line: self.rec.line,
        }
    }
}

/// `SYMBOL(ISIN) …` at the start of a description: the symbol and the ISIN when there is one.
fn symbol_of(description: &str) -> (&str, Option<&str>) {
    let symbol = description.split(['(', ' ']).next().unwrap_or("").trim();
    (symbol, find_isin(description))
}

/// Reads an Activity Statement. Every bad row is reported (up to the file's error cap).
pub fn read(
    bytes: &[u8],
    file: &str,
    interner: &mut Interner,
    report: &mut FileReport,
) -> Result<FreedomReport, Vec<InputError>> {
    let recs = records(bytes, file).map_err(|e| vec![e])?;
    if recs.is_empty() {
        return Err(vec![InputError::file(file, Problem::Empty)]);
    }
    // The instrument list comes after the trades: read it first.
    let mut instruments: HashMap<String, Instrument> = HashMap::new();
    let mut headers: HashMap<String, Vec<String>> = HashMap::new();
    for rec in &recs {
        let (Some(section), Some(kind)) = (rec.fields.first(), rec.fields.get(1)) else {
            continue;
        };
        if section != "Financial Instrument Information" {
            continue;
        }
        if kind == "Header" {
            headers.insert(section.clone(), rec.fields[2..].to_vec());
        } else if kind == "Data"
            && let Some(h) = headers.get(section)
        {
            let row = Row { file, rec, header: h };
            let symbol = row.get("Symbol");
            // A symbol cell may list aliases: `BRK B, BRK.B`.
            for s in symbol.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                instruments.insert(
                    s.to_string(),
                    Instrument {
                        isin: Some(row.get("Security ID"))
                            .filter(|i| find_isin(i).is_some())
                            .map(str::to_string),
                        listing: Some(row.get("Listing Exch"))
                            .filter(|x| !x.is_empty())
                            .map(str::to_string),
                    },
                );
            }
        }
    }
    headers.clear();
    let exchange = interner.get(EXCHANGE);
    let mut out = FreedomReport::default();
    let mut errors = ErrorSink::default();
    // (symbol, date, currency) → income being summed.
    let mut payments: BTreeMap<(IncomeKind, String, NaiveDate, String), Income> = BTreeMap::new();
    let mut seen_statement = false;
    for rec in &recs {
        let (Some(section), Some(kind)) = (rec.fields.first(), rec.fields.get(1)) else {
            continue;
        };
        seen_statement |= section == "Statement";
        if kind == "Header" {
            headers.insert(section.clone(), rec.fields.get(2..).unwrap_or_default().to_vec());
            continue;
        }
        if kind != "Data" {
            continue; // SubTotal, Total, Notes: sums and remarks
        }
        let Some(header) = headers.get(section) else {
            continue;
        };
        let row = Row { file, rec, header };
        let result = match section.as_str() {
            "Trades" => {
                report.rows += 1;
                trade(&row, &instruments, &exchange, interner, report, &mut out)
            }
            "Dividends" | "Withholding Tax" | "Interest" => {
                if row.get("Currency").starts_with("Total") || row.get("Date").is_empty() {
                    continue;
                }
                report.rows += 1;
                payment(
                    &row,
                    section,
                    &instruments,
                    &exchange,
                    interner,
                    report,
                    &mut payments,
                )
            }
            "Corporate Actions" => {
                if row.get("Asset Category").starts_with("Total") || row.get("Description").is_empty() {
                    continue;
                }
                report.rows += 1;
                action(&row, interner, report, &mut out)
            }
            _ => Ok(()),
        };
        if let Err(e) = result {
            errors.push(e);
        }
    }
    if !seen_statement {
        return Err(vec![
            InputError::file(file, Problem::FormatNotRecognised).expected(Expectation::HeaderLike(
                "Statement,Header,Field Name,Field Value".into(),
            )),
        ]);
    }
    out.income.extend(
        payments
            .into_values()
            .filter(|p| p.amount > Decimal::ZERO || p.tax > Decimal::ZERO),
    );
    out.income.sort_by_key(|p| (p.date, p.source.line));
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors.finish(file))
    }
}

/// One `Trades` data row.
fn trade(
    row: &Row<'_>,
    instruments: &HashMap<String, Instrument>,
    exchange: &Code,
    interner: &mut Interner,
    report: &mut FileReport,
    out: &mut FreedomReport,
) -> Result<(), InputError> {
    let discriminator = row.get("DataDiscriminator");
    if discriminator.eq_ignore_ascii_case("ClosedLot") || discriminator.eq_ignore_ascii_case("Lot") {
        report.skip(SKIP_CLOSED_LOT);
        return Ok(());
    }
    let category = row.get("Asset Category");
    let lower = category.to_ascii_lowercase();
    if lower == "forex" {
        out.exchanges += 1;
        report.skip(SKIP_FOREX);
        return Ok(());
    }
    if lower.contains("option") || lower.contains("future") || lower.contains("cfd") {
        report.skip(SKIP_DERIVATIVE);
        out.warnings.push(Warning::new(
            WarningDetail::NotImported {
                what: format!("{category} trade (derivatives are not computed: declare by hand)"),
                asset: row.get("Symbol").to_string(),
                date: row.get("Date/Time").to_string(),
                amount: Some(format!("{} {}", row.get("Proceeds"), row.get("Currency"))),
                tax: None,
            },
            Some(row.source()),
            None,
        ));
        return Ok(());
    }
    if !matches!(
        lower.as_str(),
        "stocks" | "bonds" | "etfs" | "etf" | "mutual funds" | "warrants" | "treasury bills"
    ) {
        report.skip(&format!("{category} (not read)"));
        return Ok(());
    }
    let time = row.time("Date/Time")?;
    let q = row.number("Quantity")?;
    if q.is_zero() {
        return Err(row
            .error("Quantity", Problem::ZeroQuantity)
            .expected(Expectation::Number));
    }
    let side = if q < Decimal::ZERO { Side::Sell } else { Side::Buy };
    let quantity = q.abs();
    let total = match row.maybe_number("Proceeds")? {
        Some(p) => p.abs(),
        None => {
            let price = row.number("T. Price")?;
            (quantity * price).abs()
        }
    };
    let currency = row.code("Currency", interner)?;
    let fee = row.maybe_number("Comm/Fee")?.unwrap_or_default().abs();
    let symbol = row.get("Symbol");
    let asset = row.code("Symbol", interner)?;
    let info = instruments.get(symbol).cloned().unwrap_or_default();
    let mut note = Vec::new();
    if let Some(isin) = &info.isin {
        note.push(format!("ISIN {isin}"));
        if let Some(c) = isin_country(isin) {
            note.push(format!("issuer country {c}"));
        }
    }
    if let Some(l) = &info.listing {
        note.push(format!("listed on {l}"));
    }
    if lower == "bonds" {
        note.push("bond: quantity is the face value".into());
    }
    let source = row.source();
    out.trades.push(Trade {
        file: source.file,
        line: crate::model::line32(source.line),
        time,
        side,
        asset,
        quantity: quantity.normalize(),
        total: total.normalize(),
        currency: currency.clone(),
        fee: fee.normalize(),
        fee_currency: currency,
        exchange: Some(exchange.clone()),
        id: None,
        kind: Kind::Security,
        note: (!note.is_empty()).then(|| note.join("; ").into()),
    });
    Ok(())
}

/// One `Dividends`, `Withholding Tax` or `Interest` data row, summed into `payments`.
fn payment(
    row: &Row<'_>,
    section: &str,
    instruments: &HashMap<String, Instrument>,
    exchange: &Code,
    interner: &mut Interner,
    report: &mut FileReport,
    payments: &mut BTreeMap<(IncomeKind, String, NaiveDate, String), Income>,
) -> Result<(), InputError> {
    let date = row.date("Date")?;
    let currency = row.code("Currency", interner)?;
    let amount = row.number("Amount")?;
    let description = row.get("Description");
    let (symbol, isin) = symbol_of(description);
    let lower = description.to_ascii_lowercase();
    let kind = match section {
        "Interest" => IncomeKind::Interest,
        "Dividends" => IncomeKind::Dividend,
        // Withholding on interest says so; any other is on a dividend.
        _ if lower.contains("interest") || lower.contains("coupon") => IncomeKind::Interest,
        _ => IncomeKind::Dividend,
    };
    if section == "Interest" && amount < Decimal::ZERO {
        report.skip(SKIP_INTEREST_PAID);
        return Ok(());
    }
    // Interest on cash has no security: it is keyed by its currency.
    let (asset, isin) = match (kind, isin) {
        (IncomeKind::Interest, None) => (currency.to_string(), None),
        (_, isin) => (
            symbol.to_string(),
            isin.map(str::to_string)
                .or_else(|| instruments.get(symbol).and_then(|i| i.isin.clone())),
        ),
    };
    let key = (kind, asset.clone(), date, currency.to_string());
    let entry = payments.entry(key).or_insert_with(|| Income {
        source: row.source(),
        date,
        kind,
        asset: interner.get(&asset.to_ascii_uppercase()),
        country: isin.as_deref().and_then(isin_country).map(Box::from),
        isin: isin.map(String::into_boxed_str),
        amount: Decimal::ZERO,
        currency: currency.clone(),
        tax: Decimal::ZERO,
        tax_currency: currency.clone(),
        venue: exchange.clone(),
    });
    if section == "Withholding Tax" {
        // Written negative; a positive line is a refund of earlier withholding.
        entry.tax -= amount;
        report.skip(SKIP_WITHHOLDING);
    } else {
        entry.amount += amount;
        report.skip(match kind {
            IncomeKind::Dividend => SKIP_DIVIDEND,
            IncomeKind::Interest => SKIP_INTEREST,
        });
    }
    Ok(())
}

/// One `Corporate Actions` data row: a split with its ratio, or a warning.
fn action(
    row: &Row<'_>,
    interner: &mut Interner,
    report: &mut FileReport,
    out: &mut FreedomReport,
) -> Result<(), InputError> {
    let description = row.get("Description");
    let (symbol, isin) = symbol_of(description);
    let lower = description.to_ascii_lowercase();
    let ratio = lower.find("split ").and_then(|at| {
        let rest = &description[at + 6..];
        let words: Vec<&str> = rest.split_whitespace().take(3).collect();
        match words.as_slice() {
            [n, f, m] if f.eq_ignore_ascii_case("for") => {
                crate::import::corporate::parse_ratio(&format!("{n}:{m}"))
            }
            _ => None,
        }
    });
    match (ratio, interner.code(symbol)) {
        (Some(ratio), Some(asset)) => {
            let time = row.time("Date/Time")?;
            out.splits.push(Split {
                source: row.source(),
                time,
                asset,
                isin: isin.map(Box::from),
                ratio,
            });
            report.skip(SKIP_SPLIT);
        }
        _ => {
            let what = if lower.contains("split") {
                "split without a readable ratio (lots not changed)"
            } else {
                "corporate action"
            };
            report.skip(what);
            out.warnings.push(Warning::new(
                WarningDetail::NotImported {
                    what: format!("{what}: {description}"),
                    asset: symbol.to_string(),
                    date: row.get("Date/Time").to_string(),
                    amount: Some(row.get("Quantity").to_string()).filter(|q| !q.is_empty()),
                    tax: None,
                },
                Some(row.source()),
                None,
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_give_symbol_and_isin() {
        assert_eq!(
            symbol_of("AAPL(US0378331005) Cash Dividend USD 0.25 per Share (Ordinary Dividend)"),
            ("AAPL", Some("US0378331005"))
        );
        assert_eq!(symbol_of("USD Credit Interest for Jan-2025"), ("USD", None));
    }

    #[test]
    fn recognised_by_its_first_line() {
        assert!(looks_like(b"Statement,Header,Field Name,Field Value\n"));
        assert!(looks_like(
            b"\xef\xbb\xbfStatement,Header,Field Name,Field Value\n"
        ));
        assert!(!looks_like(b"date,side,asset\n"));
    }
}
