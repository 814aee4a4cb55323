//! The rate table file (`date,currency,rate[,quant][,days]`) read into a [`RateTable`]: the
//! reading is an importer's job; the table and its lookup rules are [`crate::rates`].

use super::table::{self, ErrorSink, Table};
use crate::error::{Expectation, InputError, Problem};
use crate::parse;
use crate::rates::RateTable;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;
use std::io::Read;

/// True when a header looks like a rate table.
pub fn matches(names: &[String]) -> bool {
    table::header_is(names, &["date", "currency", "rate"], &["quant", "days"])
}

/// Reads a rate table: `date,currency,rate[,quant][,days]` (`days`, the count of daily rates an
/// annual average is the mean of, as `salyq rates fetch --year` writes it, is not used).
pub fn read<R: Read>(table: &mut Table<R>) -> Result<RateTable, Vec<InputError>> {
    let h = &table.header;
    let [c_date, c_ccy, c_rate] = table
        .require(["date", "currency", "rate"], Expectation::RateHeader)
        .map_err(|e| vec![e])?;
    let c_quant = h.find("quant");
    let mut out = RateTable::default();
    let mut errors = ErrorSink::default();
    let mut seen: HashMap<(String, String), u64> = HashMap::default();
    while let Some(row) = table.next_row() {
        let result = row.and_then(|row| {
            let d = row.required(c_date)?;
            let ccy_text = row.required(c_ccy)?;
            let ccy = parse::code(ccy_text).ok_or_else(|| {
                row.error(c_ccy, Problem::NotACurrencyCode)
                    .found(ccy_text)
                    .expected(Expectation::CurrencyCode)
            })?;
            let r_text = row.required(c_rate)?;
            let rate = parse::decimal(r_text)
                .filter(|r| r.is_sign_positive() && !r.is_zero() && *r <= Decimal::from(parse::MAX_AMOUNT))
                .ok_or_else(|| {
                    row.error(c_rate, Problem::NotARate)
                        .found(r_text)
                        .expected(Expectation::Rate)
                })?;
            let quant = match row.optional(c_quant)? {
                None => Decimal::ONE,
                Some(q) => parse::decimal(q)
                    .filter(|x| {
                        x.is_sign_positive() && !x.is_zero() && *x <= Decimal::from(parse::MAX_AMOUNT)
                    })
                    .ok_or_else(|| {
                        row.error(c_quant.unwrap_or_default(), Problem::NotAQuant)
                            .found(q)
                            .expected(Expectation::Quant)
                    })?,
            };
            if let Some(first) = seen.insert((d.to_string(), ccy.clone()), row.line) {
                return Err(row.row_error(Problem::RateTwice {
                    currency: ccy,
                    date: d.to_string(),
                    first_line: first,
                }));
            }
            let per_unit = rate / quant;
            if let Some(date) = parse::date(d) {
                out.insert_daily(&ccy, date, per_unit);
            } else if d.len() == 4
                && let Ok(year) = d.parse::<i32>()
            {
                out.insert_annual(&ccy, year, per_unit);
            } else {
                return Err(row
                    .error(c_date, Problem::BadDate)
                    .found(d)
                    .expected(Expectation::RateDate));
            }
            Ok(())
        });
        if let Err(e) = result {
            errors.push(e);
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors.finish(&table.file))
    }
}
