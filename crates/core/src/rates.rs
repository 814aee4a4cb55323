//! Official exchange rates (tenge per unit) and the lookup rules of docs/formats.md §2.

use crate::error::{Expectation, InputError, Problem};
use crate::fiat::KZT;
use crate::model::Code;
use crate::rules::FxRule;
pub use crate::value_gap::{MAX_RATE_GAP_DAYS, RateWanted};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

/// Official rates: daily rates and published annual averages, per currency.
#[derive(Debug, Clone, Default)]
pub struct RateTable {
    daily: HashMap<Code, BTreeMap<NaiveDate, Decimal>>,
    annual: HashMap<Code, BTreeMap<i32, Decimal>>,
}

/// A rate found for a conversion, with the date or year it was published for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Tenge per one unit.
    pub kzt_per_unit: Decimal,
    /// The publication date, or `None` for an annual average.
    pub date: Option<NaiveDate>,
}

/// Why no rate could be found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingRate {
    /// The currency.
    pub currency: String,
    /// What was looked for.
    pub wanted: RateWanted,
}

impl RateTable {
    /// True when the table holds no rate.
    pub fn is_empty(&self) -> bool {
        self.daily.is_empty() && self.annual.is_empty()
    }

    /// Adds a daily rate (tenge per unit).
    pub fn insert_daily(&mut self, currency: &str, date: NaiveDate, kzt_per_unit: Decimal) {
        self.daily
            .entry(Code::from(currency))
            .or_default()
            .insert(date, kzt_per_unit);
    }

    /// Adds an annual average rate (tenge per unit).
    pub fn insert_annual(&mut self, currency: &str, year: i32, kzt_per_unit: Decimal) {
        self.annual
            .entry(Code::from(currency))
            .or_default()
            .insert(year, kzt_per_unit);
    }

    /// Merges another table into this one; a rate given twice with different values is an error.
    pub fn merge(&mut self, other: RateTable, file: &str) -> Result<(), InputError> {
        for (ccy, days) in other.daily {
            let mine = self.daily.entry(ccy.clone()).or_default();
            for (date, rate) in days {
                if let Some(old) = mine.insert(date, rate)
                    && old != rate
                {
                    return Err(InputError::file(
                        file,
                        Problem::RateConflict {
                            currency: ccy.to_string(),
                            date,
                        },
                    )
                    .found(&rate.to_string())
                    .expected(Expectation::EarlierRate(old)));
                }
            }
        }
        for (ccy, years) in other.annual {
            let mine = self.annual.entry(ccy.clone()).or_default();
            for (year, rate) in years {
                if let Some(old) = mine.insert(year, rate)
                    && old != rate
                {
                    return Err(InputError::file(
                        file,
                        Problem::AnnualRateConflict {
                            currency: ccy.to_string(),
                            year,
                        },
                    )
                    .found(&rate.to_string())
                    .expected(Expectation::EarlierRate(old)));
                }
            }
        }
        Ok(())
    }

    /// The rate for converting `currency` on tax date `date` under `rule`. KZT is always 1.
    pub fn rate(&self, currency: &str, date: NaiveDate, rule: FxRule) -> Result<Rate, MissingRate> {
        if currency == KZT {
            return Ok(Rate {
                kzt_per_unit: Decimal::ONE,
                date: Some(date),
            });
        }
        match rule {
            FxRule::PreviousBusinessDay => {
                let found = self
                    .daily
                    .get(currency)
                    .and_then(|days| days.range(..date).next_back())
                    .filter(|(d, _)| (date - **d).num_days() <= MAX_RATE_GAP_DAYS);
                match found {
                    Some((d, r)) => Ok(Rate {
                        kzt_per_unit: *r,
                        date: Some(*d),
                    }),
                    None => Err(MissingRate {
                        currency: currency.to_string(),
                        wanted: RateWanted::DailyBefore(date),
                    }),
                }
            }
            FxRule::AnnualAverage => {
                let year = date.year();
                match self.annual.get(currency).and_then(|y| y.get(&year)) {
                    Some(r) => Ok(Rate {
                        kzt_per_unit: *r,
                        date: None,
                    }),
                    None => Err(MissingRate {
                        currency: currency.to_string(),
                        wanted: RateWanted::AnnualAverage(year),
                    }),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        parse::date(s).unwrap()
    }

    fn table(csv: &str) -> Result<RateTable, Vec<InputError>> {
        let mut t = crate::import::table::Table::open("rates.csv", csv.as_bytes()).unwrap();
        crate::import::rate_table::read(&mut t)
    }

    #[test]
    fn previous_business_day_takes_the_latest_rate_strictly_before() {
        let t = table("date,currency,rate\n2024-03-01,USD,450\n2024-03-04,USD,451\n2024-03-05,USD,452\n")
            .unwrap();
        // Trade on Tuesday 5 March: the rate of Monday 4 March, not the one of the day itself.
        let r = t
            .rate("USD", d("2024-03-05"), FxRule::PreviousBusinessDay)
            .unwrap();
        assert_eq!(r.kzt_per_unit, dec!(451));
        assert_eq!(r.date, Some(d("2024-03-04")));
        // Trade on Monday 4 March: Friday's rate.
        assert_eq!(
            t.rate("USD", d("2024-03-04"), FxRule::PreviousBusinessDay)
                .unwrap()
                .kzt_per_unit,
            dec!(450)
        );
        // Nothing before 1 March.
        assert!(
            t.rate("USD", d("2024-03-01"), FxRule::PreviousBusinessDay)
                .is_err()
        );
        // More than ten days after the last rate: missing.
        assert!(
            t.rate("USD", d("2024-03-16"), FxRule::PreviousBusinessDay)
                .is_err()
        );
        assert!(
            t.rate("USD", d("2024-03-15"), FxRule::PreviousBusinessDay)
                .is_ok()
        );
        assert_eq!(
            t.rate("KZT", d("2024-03-15"), FxRule::PreviousBusinessDay)
                .unwrap()
                .kzt_per_unit,
            dec!(1)
        );
    }

    #[test]
    fn annual_average_and_quant() {
        let t = table("date,currency,rate,quant\n2025,USD,510.5,\n2025,RUB,550,100\n").unwrap();
        assert_eq!(
            t.rate("USD", d("2025-07-01"), FxRule::AnnualAverage)
                .unwrap()
                .kzt_per_unit,
            dec!(510.5)
        );
        assert_eq!(
            t.rate("RUB", d("2025-07-01"), FxRule::AnnualAverage)
                .unwrap()
                .kzt_per_unit,
            dec!(5.5)
        );
        let missing = t.rate("USD", d("2024-07-01"), FxRule::AnnualAverage).unwrap_err();
        assert_eq!(missing.wanted, RateWanted::AnnualAverage(2024));
    }

    #[test]
    fn bad_rows_name_line_and_column() {
        let errs = table("date,currency,rate\n2024-03-01,USD,abc\n2024-02-30,USD,1\n2024-03-01,USD,2\n")
            .unwrap_err();
        let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            text[0],
            "rates.csv:2:3: column \"rate\": not a rate: found \"abc\", expected a number greater than 0 (at most 10^15)"
        );
        assert!(text[1].starts_with("rates.csv:3:1: column \"date\": bad date"));
        assert_eq!(
            errs.len(),
            2,
            "line 4 is the first valid USD rate for 2024-03-01: {text:?}"
        );
    }
}
