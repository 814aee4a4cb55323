//! What a trade or payment cannot be valued in tenge without ([`ValueGap`]: a rate, a price,
//! or a product too large), with the rate looked for ([`RateWanted`]). Words and facts only,
//! below the error words that carry them (`error::Problem::CannotValue`), the rate table and the
//! valuation, which re-export them (`rates::RateWanted`, `valuation::ValueGap`).

use crate::rules::FxRule;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::fmt;

/// The longest gap, in days, between a trade and the previous published rate; a longer gap
/// means the table is missing rates.
pub const MAX_RATE_GAP_DAYS: i64 = 10;

/// The rate a conversion needed (its `Display`: `a daily rate published before 2024-03-05 ...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateWanted {
    /// A daily rate published before this date, within [`MAX_RATE_GAP_DAYS`].
    DailyBefore(NaiveDate),
    /// The annual average of this year.
    AnnualAverage(i32),
}

impl fmt::Display for RateWanted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RateWanted::DailyBefore(date) => write!(
                f,
                "a daily rate published before {date} (within {MAX_RATE_GAP_DAYS} days)"
            ),
            RateWanted::AnnualAverage(year) => {
                write!(f, "the annual average rate for {year} (a row with date {year})")
            }
        }
    }
}

/// What a trade cannot be valued without (its `Display`: the English words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueGap {
    /// No official rate of `currency` under `rule`.
    NoRate {
        /// The currency.
        currency: String,
        /// The rate looked for.
        wanted: RateWanted,
        /// The rule in force.
        rule: FxRule,
    },
    /// Neither side of the trade is fiat, and neither has a price on `date`.
    NoPrice {
        /// The asset.
        asset: String,
        /// The currency (an asset too).
        currency: String,
        /// The tax date.
        date: NaiveDate,
    },
    /// The fee is paid in `asset`, which has no price on `date`.
    NoFeePrice {
        /// The fee's asset.
        asset: String,
        /// The tax date.
        date: NaiveDate,
    },
    /// `a × b` is beyond 10^20 tenge.
    TooLarge(Decimal, Decimal),
}

impl fmt::Display for ValueGap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueGap::NoRate {
                currency,
                wanted,
                rule,
            } => {
                write!(f, "no official {currency} rate: need {wanted} (rule: {rule})")
            }
            ValueGap::NoPrice {
                asset,
                currency,
                date,
            } => write!(
                f,
                "neither {asset} nor {currency} is fiat, and the price table has no price for either on \
                 {date} (add a row date,asset,price,currency to a price file)"
            ),
            ValueGap::NoFeePrice { asset, date } => write!(
                f,
                "the fee is paid in {asset}, which has no price on {date} (add it to a price file)"
            ),
            ValueGap::TooLarge(a, b) => write!(f, "{a} × {b} is beyond 10^20 tenge: check the amounts"),
        }
    }
}
