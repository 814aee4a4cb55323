//! An Interactive Brokers Flex query of trades, CSV ("Reports → Flex Queries → Activity Flex
//! Query", section Trades, format CSV). The columns are the user's choice; the header names
//! them (IBKR writes them quoted). Read: `Buy/Sell`, `TradeDate` (`20230522`), `Quantity`,
//! `TradePrice`, `TradeMoney`, `CurrencyPrimary`, `IBCommission`, `IBCommissionCurrency`, and
//! when chosen `ISIN`, `Symbol`, `AssetClass`, `TradeID`, `DateTime` (`20230522;093000`) or
//! `TradeTime` (`093000`).
//!
//! - Recognised by a first line naming `Buy/Sell`, `TradeDate` and `IBCommission` or
//!   `CurrencyPrimary`. A header line repeated further down (one per account) is skipped.
//! - Asset: `Symbol`, else `ISIN`; the ISIN goes into the trade's note (the issuer's country).
//! - A row without an ISIN whose `AssetClass` is `CASH`, or whose symbol is two currencies
//!   (`EUR.USD`), is a currency exchange: counted in the import report, never a disposal, never
//!   an error. `OPT`, `FUT`, `FOP`, `WAR`, `CFD` rows are derivatives: counted apart with a
//!   warning (not computed).
//! - Side: `Buy/Sell` (`BUY`, `SELL`), else the sign of `Quantity`; quantity, money and
//!   commission are taken without sign (commissions are written negative: costs).

use super::{EXCHANGE, Record, new_york, number, records};
use crate::error::{Expectation, InputError, Problem};
use crate::import::freedom::FreedomReport;
use crate::import::intern::Interner;
use crate::import::report::FileReport;
use crate::import::table::ErrorSink;
use crate::model::{Kind, Shared, Side, Source, Trade, TradeId};
use crate::warning::{Warning, WarningDetail};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;

/// The format's name in import reports.
pub const NAME: &str = "Interactive Brokers Flex query trades (CSV)";

/// True when the first line names the Flex query's trade columns.
pub fn looks_like(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let first = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let has = |k: &[u8]| memchr::memmem::find(first, k).is_some();
    has(b"Buy/Sell") && has(b"TradeDate") && (has(b"IBCommission") || has(b"CurrencyPrimary"))
}

/// Reads a Flex query trade file. Every bad row is reported (up to the file's error cap).
pub fn read(
    bytes: &[u8],
    file: &str,
    interner: &mut Interner,
    report: &mut FileReport,
) -> Result<FreedomReport, Vec<InputError>> {
    let recs = records(bytes, file).map_err(|e| vec![e])?;
    let Some((head, rows)) = recs.split_first() else {
        return Err(vec![InputError::file(file, Problem::Empty)]);
    };
    let header = &head.fields;
    let col = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    for required in ["Buy/Sell", "TradeDate", "Quantity", "CurrencyPrimary"] {
        if col(required).is_none() {
            return Err(vec![
                InputError::line(file, head.line, Problem::MissingColumn(required.to_string())).expected(
                    Expectation::HeaderLike(
                        "\"Buy/Sell\",\"TradeDate\",\"ISIN\",\"Quantity\",\"TradePrice\",\"TradeMoney\",\
                         \"CurrencyPrimary\",\"IBCommission\",\"IBCommissionCurrency\""
                            .into(),
                    ),
                ),
            ]);
        }
    }
    let exchange = interner.get(EXCHANGE);
    let mut out = FreedomReport::default();
    let mut errors = ErrorSink::default();
    for rec in rows {
        if rec.fields == *header {
            continue;
        }
        report.rows += 1;
        let row = FlexRow { file, rec, header };
        if let Err(e) = flex_row(&row, &exchange, interner, report, &mut out) {
            errors.push(e);
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors.finish(file))
    }
}

struct FlexRow<'r> {
    file: &'r str,
    rec: &'r Record,
    header: &'r [String],
}

impl FlexRow<'_> {
    fn index(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h.eq_ignore_ascii_case(name))
    }

    fn get(&self, name: &str) -> &str {
        self.index(name)
            .and_then(|i| self.rec.fields.get(i))
            .map_or("", String::as_str)
    }

    fn error(&self, name: &str, problem: Problem) -> InputError {
        let e = InputError::line(self.file, self.rec.line, problem);
        match self.index(name) {
            Some(i) => e.at_column(i + 1, name).found(self.get(name)),
            None => e,
        }
    }

    fn number(&self, name: &str) -> Result<Option<Decimal>, InputError> {
        let s = self.get(name);
        if s.is_empty() || s == "--" {
            return Ok(None);
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
        Ok(Some(x))
    }
}

fn flex_row(
    row: &FlexRow<'_>,
    exchange: &crate::model::Code,
    interner: &mut Interner,
    report: &mut FileReport,
    out: &mut FreedomReport,
) -> Result<(), InputError> {
    let isin = row.get("ISIN");
    let symbol = row.get("Symbol");
    let class = row.get("AssetClass").to_ascii_uppercase();
    let pair = symbol.split_once('.').is_some_and(|(a, b)| {
        crate::fiat::is_fiat(&a.to_ascii_uppercase()) && crate::fiat::is_fiat(&b.to_ascii_uppercase())
    });
    if isin.is_empty() && (class == "CASH" || pair || (symbol.is_empty() && class.is_empty())) {
        out.exchanges += 1;
        report.skip(super::activity::SKIP_FOREX);
        return Ok(());
    }
    if matches!(
        class.as_str(),
        "OPT" | "FUT" | "FOP" | "WAR" | "CFD" | "FSFOP" | "IOPT"
    ) {
        report.skip(super::activity::SKIP_DERIVATIVE);
        out.warnings.push(Warning::new(
            WarningDetail::NotImported {
                what: format!("{class} trade (derivatives are not computed: declare by hand)"),
                asset: symbol.to_string(),
                date: row.get("TradeDate").to_string(),
                amount: Some(format!(
                    "{} {}",
                    row.get("TradeMoney"),
                    row.get("CurrencyPrimary")
                )),
                tax: None,
            },
            Some(Source {
                file: Shared::from(row.file),
                line: row.rec.line,
            }),
            None,
        ));
        return Ok(());
    }
    let day = NaiveDate::parse_from_str(row.get("TradeDate"), "%Y%m%d").map_err(|_| {
        row.error("TradeDate", Problem::BadDate)
            .expected(Expectation::DateFormat("%Y%m%d".into()))
    })?;
    let time_of_day = match (row.get("DateTime").split_once(';'), row.get("TradeTime")) {
        (Some((_, t)), _) | (None, t) => NaiveTime::parse_from_str(t, "%H%M%S").unwrap_or(NaiveTime::MIN),
    };
    let time = new_york(NaiveDateTime::new(day, time_of_day)).ok_or_else(|| {
        row.error("TradeDate", Problem::BadDate)
            .expected(Expectation::DateFormat("%Y%m%d".into()))
    })?;
    let q = row.number("Quantity")?.ok_or_else(|| {
        row.error("Quantity", Problem::MissingValue)
            .expected(Expectation::PositiveNumber)
    })?;
    if q.is_zero() {
        return Err(row
            .error("Quantity", Problem::ZeroQuantity)
            .expected(Expectation::PositiveNumber));
    }
    let written = row.get("Buy/Sell").to_ascii_uppercase();
    let side = if written.starts_with("BUY") {
        Side::Buy
    } else if written.starts_with("SELL") {
        Side::Sell
    } else if written.is_empty() {
        if q < Decimal::ZERO { Side::Sell } else { Side::Buy }
    } else {
        return Err(row
            .error("Buy/Sell", Problem::UnknownSide)
            .expected(Expectation::BuyOrSell));
    };
    let quantity = q.abs();
    let total = match (row.number("TradeMoney")?, row.number("TradePrice")?) {
        (Some(m), _) => m.abs(),
        (None, Some(p)) => (quantity * p).abs(),
        (None, None) => {
            return Err(row
                .error("TradeMoney", Problem::NoPriceOrTotal)
                .expected(Expectation::PriceOrTotal));
        }
    };
    let currency = interner.code(row.get("CurrencyPrimary")).ok_or_else(|| {
        row.error("CurrencyPrimary", Problem::NotACode)
            .expected(Expectation::CurrencyCode)
    })?;
    let fee = row.number("IBCommission")?.unwrap_or_default().abs();
    let fee_currency = match row.get("IBCommissionCurrency") {
        "" => currency.clone(),
        c => interner.code(c).ok_or_else(|| {
            row.error("IBCommissionCurrency", Problem::NotACode)
                .expected(Expectation::CurrencyCode)
        })?,
    };
    let asset_text = if symbol.is_empty() { isin } else { symbol };
    let asset = interner.code(asset_text).ok_or_else(|| {
        row.error(
            if symbol.is_empty() { "ISIN" } else { "Symbol" },
            Problem::NotACode,
        )
        .expected(Expectation::AssetCode)
    })?;
    let note = (!isin.is_empty()).then(|| match crate::income::isin_country(isin) {
        Some(c) => format!("ISIN {isin}; issuer country {c}").into(),
        None => format!("ISIN {isin}").into(),
    });
    out.trades.push(Trade {
        file: Shared::from(row.file),
        line: crate::model::line32(row.rec.line),
        time,
        side,
        asset,
        quantity: quantity.normalize(),
        total: total.normalize(),
        currency,
        fee: fee.normalize(),
        fee_currency,
        exchange: Some(exchange.clone()),
        id: Some(row.get("TradeID"))
            .filter(|s| !s.is_empty())
            .map(TradeId::from),
        kind: Kind::Security,
        note,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognised_by_its_header() {
        assert!(looks_like(
            b"\"Buy/Sell\",\"TradeDate\",\"ISIN\",\"Quantity\",\"TradePrice\",\"TradeMoney\",\"CurrencyPrimary\",\"IBCommission\",\"IBCommissionCurrency\"\n"
        ));
        assert!(!looks_like(b"date,side,asset\n"));
    }
}
