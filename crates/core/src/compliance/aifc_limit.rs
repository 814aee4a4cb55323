//! The AIFC retail limit: per calendar month, the US-dollar total of digital assets bought on
//! AIFC-licensed venues, against the monthly limit without proof of income, the running total
//! against the aggregate limit, and, when income and net worth are given, the personal limit.

use super::PersonalFinances;
use super::table::ComplianceYear;
use crate::engine::Computation;
use crate::fiat;
use crate::import::Inputs;
use crate::model::{Kind, Side};
use crate::money::round_tiyn;
use crate::rates::Rate;
use crate::rules::Rule;
use crate::settings::Settings;
use crate::venues::LicenceStatus;
use chrono::Datelike;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One calendar month with purchases on AIFC venues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AifcMonth {
    /// The month (1–12) of the report's year.
    pub month: u32,
    /// Purchases counted.
    pub trades: usize,
    /// Their US-dollar total, rounded half-up to 0.01.
    pub bought_usd: Decimal,
    /// Purchases with no official USD rate for their day: not in `bought_usd`.
    pub unconverted: usize,
    /// The year's total up to and including this month.
    pub year_to_date_usd: Decimal,
    /// The whole history's total up to and including this month.
    pub aggregate_usd: Decimal,
    /// `bought_usd` above the monthly limit without proof of income.
    pub over_monthly: bool,
    /// `aggregate_usd` above the aggregate limit.
    pub over_aggregate: bool,
    /// `year_to_date_usd` above the personal limit (only when one is known).
    pub over_personal: bool,
    /// Index of the month's first purchase, to show it.
    pub first_trade: usize,
}

impl AifcMonth {
    /// True when the month passes any limit.
    pub fn is_over(&self) -> bool {
        self.over_monthly || self.over_aggregate || self.over_personal
    }
}

/// The personal limit from annual income and net worth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonalLimit {
    /// Annual income entered, tenge.
    pub income: Option<Decimal>,
    /// Net worth entered, tenge.
    pub net_worth: Option<Decimal>,
    /// The lesser of income × share and net worth × share (of those entered), tenge.
    pub limit_kzt: Decimal,
    /// The official USD rate used to convert it (at the end of the year).
    pub usd_rate: Option<Rate>,
    /// The limit in US dollars, rounded half-up to 0.01; `None` without a USD rate.
    pub limit_usd: Option<Decimal>,
}

/// The AIFC retail limits for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct AifcReport {
    /// Months of the year with purchases on AIFC venues, in order.
    pub months: Vec<AifcMonth>,
    /// Total bought on AIFC venues in the years before, US dollars.
    pub before_year_usd: Decimal,
    /// The monthly limit without proof of income.
    pub monthly_limit: Rule<Decimal>,
    /// The aggregate limit.
    pub aggregate_limit: Rule<Decimal>,
    /// The share of annual income in the personal limit.
    pub income_share: Rule<Decimal>,
    /// The share of net worth in the personal limit.
    pub net_worth_share: Rule<Decimal>,
    /// The personal limit, when income or net worth was given.
    pub personal: Option<PersonalLimit>,
}

/// The personal limit from what was entered: the lesser of the shares of those given.
pub fn personal_limit(
    personal: &PersonalFinances,
    facts: &ComplianceYear,
    usd_rate: Option<Rate>,
) -> Option<PersonalLimit> {
    let by_income = personal
        .annual_income
        .and_then(|i| i.checked_mul(facts.aifc_income_share.value));
    let by_worth = personal
        .net_worth
        .and_then(|w| w.checked_mul(facts.aifc_net_worth_share.value));
    let limit = match (by_income, by_worth) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => return None,
    };
    let limit_kzt = round_tiyn(limit);
    let limit_usd = usd_rate
        .filter(|r| !r.kzt_per_unit.is_zero())
        .and_then(|r| limit_kzt.checked_div(r.kzt_per_unit))
        .map(round_tiyn);
    Some(PersonalLimit {
        income: personal.annual_income,
        net_worth: personal.net_worth,
        limit_kzt,
        usd_rate,
        limit_usd,
    })
}

/// Sums the purchases of digital assets on AIFC-licensed venues (`status` of each trade) per
/// month of `year`, in US dollars: each trade's tenge value ÷ the official USD rate of its day
/// under its year's rate rule (so a trade in USD or a USD stablecoin at par counts its total).
pub fn report(
    inputs: &Inputs,
    computation: &Computation,
    settings: &Settings,
    year: i32,
    facts: &ComplianceYear,
    personal: Option<PersonalLimit>,
    status: impl Fn(usize) -> LicenceStatus,
) -> AifcReport {
    #[derive(Default)]
    struct Acc {
        trades: usize,
        usd: Decimal,
        unconverted: usize,
        first: Option<usize>,
    }
    // (year, month) → purchases; every year up to `year`, for the aggregate.
    let mut months: BTreeMap<(i32, u32), Acc> = BTreeMap::new();
    for (i, t) in inputs.trades.iter().enumerate() {
        if t.side != Side::Buy || t.kind != Kind::Crypto || fiat::is_fiat(&t.asset) {
            continue;
        }
        let Some(v) = computation.values.get(i) else {
            continue;
        };
        let y = v.tax_date.year();
        if y > year || status(i) != LicenceStatus::AifcLicensed {
            continue;
        }
        let acc = months.entry((y, v.tax_date.month())).or_default();
        acc.trades += 1;
        if acc.first.is_none_or(|f| inputs.trades[f].time > t.time) {
            acc.first = Some(i);
        }
        let rule = settings.rules.for_year(y).rules.fx_rule.value;
        let usd = inputs
            .rates
            .rate("USD", v.tax_date, rule)
            .ok()
            .filter(|r| !r.kzt_per_unit.is_zero())
            .and_then(|r| v.value.checked_div(r.kzt_per_unit));
        match usd {
            Some(u) => acc.usd += u,
            None => acc.unconverted += 1,
        }
    }
    let monthly = facts.aifc_monthly_usd.value;
    let aggregate = facts.aifc_aggregate_usd.value;
    let personal_usd = personal.as_ref().and_then(|p| p.limit_usd);
    let mut out = Vec::new();
    let (mut before, mut ytd, mut total) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for ((y, month), acc) in months {
        let bought = round_tiyn(acc.usd);
        total += bought;
        if y < year {
            before += bought;
            continue;
        }
        ytd += bought;
        out.push(AifcMonth {
            month,
            trades: acc.trades,
            bought_usd: bought,
            unconverted: acc.unconverted,
            year_to_date_usd: ytd,
            aggregate_usd: total,
            over_monthly: bought > monthly,
            over_aggregate: total > aggregate,
            over_personal: personal_usd.is_some_and(|p| ytd > p),
            first_trade: acc.first.unwrap_or_default(),
        });
    }
    AifcReport {
        months: out,
        before_year_usd: before,
        monthly_limit: facts.aifc_monthly_usd.clone(),
        aggregate_limit: facts.aifc_aggregate_usd.clone(),
        income_share: facts.aifc_income_share.clone(),
        net_worth_share: facts.aifc_net_worth_share.clone(),
        personal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compliance::table::ComplianceTable;
    use rust_decimal_macros::dec;

    #[test]
    fn the_personal_limit_is_the_lesser_share_of_what_was_entered() {
        let (facts, _) = ComplianceTable::bundled().for_year(2025);
        let rate = Some(Rate {
            kzt_per_unit: dec!(500),
            date: None,
        });
        let both = PersonalFinances {
            annual_income: Some(dec!(12000000)),
            net_worth: Some(dec!(20000000)),
            ..PersonalFinances::default()
        };
        // 10% × 12,000,000 = 1,200,000; 5% × 20,000,000 = 1,000,000: the lesser, ÷ 500 = 2,000 USD.
        let p = personal_limit(&both, facts, rate).unwrap();
        assert_eq!(p.limit_kzt, dec!(1000000));
        assert_eq!(p.limit_usd, Some(dec!(2000)));
        let income_only = PersonalFinances {
            annual_income: Some(dec!(12000000)),
            net_worth: None,
            ..PersonalFinances::default()
        };
        assert_eq!(
            personal_limit(&income_only, facts, None).unwrap().limit_kzt,
            dec!(1200000)
        );
        assert_eq!(personal_limit(&income_only, facts, None).unwrap().limit_usd, None);
        assert!(personal_limit(&PersonalFinances::default(), facts, rate).is_none());
    }
}
