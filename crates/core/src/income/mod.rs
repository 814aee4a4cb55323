//! Income beside gains: dividends and interest (bond coupons, interest on cash) that brokers
//! report, with the tax withheld abroad. Each payment is an [`Income`]; [`by_year`] turns them
//! into tenge per tax year ([`YearIncome`]), which the declaration's lines B_1_4 (foreign
//! dividends), B_1_5 (foreign interest) and the foreign tax credit I ([`credit`]) read.
//!
//! Rules (each stated where it is used):
//! - a payment is converted at the official rate of its tax year's rule (`fx_rule`): to 2024
//!   the rate of the business day before the payment date, from 2025 the year's average —
//!   the same lookup as trades ([`crate::rates::RateTable::rate`]). A missing rate is an error,
//!   never zero;
//! - the issuer's country is the one the user set (an override, by ISIN or symbol), else the
//!   ISIN's first two letters (or the broker's instrument data);
//!   a payment whose country is Kazakhstan is shown but not put on B_1_4 / B_1_5 (income from a
//!   Kazakhstan source is taxed by the paying agent) [U]; one without a known country counts
//!   as foreign, since the broker paying it is abroad [U];
//! - `amount` is the gross payment, before the tax withheld ([`Income::tax`]) [U: the brokers'
//!   field meanings are read from their layouts, not from their documentation];
//! - the credit for tax withheld abroad is capped, payment kind by payment kind, at the
//!   Kazakh tax on that income (NC Art. 413; OC Art. 366 before 2026) [L]: see [`credit`].

use crate::error::{InputError, InputErrors};
use crate::model::{Code, Source};
use crate::money::round_tiyn;
use crate::rates::RateTable;
use crate::settings::Settings;
use crate::value_gap::ValueGap;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// What sort of payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IncomeKind {
    /// A dividend (270.01 B_1_4 when foreign).
    Dividend,
    /// Interest: a bond coupon or interest on cash (270.01 B_1_5 when foreign).
    Interest,
}

impl IncomeKind {
    /// The lower-case name used in JSON (`dividend`, `interest`).
    pub fn as_str(self) -> &'static str {
        match self {
            IncomeKind::Dividend => "dividend",
            IncomeKind::Interest => "interest",
        }
    }
}

/// One payment of a dividend or interest, as the broker reported it.
#[derive(Debug, Clone, PartialEq)]
pub struct Income {
    /// The file and line it was read from.
    pub source: Source,
    /// The payment date.
    pub date: NaiveDate,
    /// Dividend or interest.
    pub kind: IncomeKind,
    /// The security (ticker as written) or, for interest on cash, the currency.
    pub asset: Code,
    /// The security's ISIN, when known.
    pub isin: Option<Box<str>>,
    /// The issuer's country (ISO 3166 two letters), when known.
    pub country: Option<Box<str>>,
    /// The gross amount, in `currency` (≥ 0).
    pub amount: Decimal,
    /// The currency of `amount`.
    pub currency: Code,
    /// The tax withheld abroad (≥ 0), in `tax_currency`.
    pub tax: Decimal,
    /// The currency of `tax`.
    pub tax_currency: Code,
    /// The broker.
    pub venue: Code,
}

impl Income {
    /// True unless the issuer is known to be in Kazakhstan (as the broker reported it).
    pub fn is_foreign(&self) -> bool {
        self.country.as_deref() != Some("KZ")
    }

    /// The issuer's country and where it came from: the user's override (by ISIN or symbol)
    /// wins over the country the broker's report gives (its ISIN's first two letters).
    pub fn issuer_country<'a>(
        &'a self,
        overrides: &'a [crate::overrides::Override],
    ) -> Option<(&'a str, crate::issuer::IssuerBasis)> {
        use crate::issuer::IssuerBasis;
        crate::overrides::issuer_country_of(overrides, &self.asset, self.isin.as_deref())
            .map(|c| (c, IssuerBasis::User))
            .or_else(|| self.country.as_deref().map(|c| (c, IssuerBasis::Isin)))
    }

    /// True unless the issuer is in Kazakhstan, the user's override taken into account.
    pub fn is_foreign_with(&self, overrides: &[crate::overrides::Override]) -> bool {
        self.issuer_country(overrides).map(|(c, _)| c) != Some("KZ")
    }
}

/// Drops a payment that another file already gave (overlapping reports: same venue, kind,
/// asset, date, amounts and currencies), with a duplicate warning naming both lines. Within
/// one file, payments are kept as written.
pub fn drop_duplicates(income: &mut Vec<Income>, warnings: &mut Vec<crate::warning::Warning>) {
    use crate::warning::{Warning, WarningDetail};
    type Key<'a> = (
        &'a str,
        IncomeKind,
        &'a str,
        NaiveDate,
        Decimal,
        &'a str,
        Decimal,
        &'a str,
    );
    fn key(p: &Income) -> Key<'_> {
        (
            &p.venue,
            p.kind,
            &p.asset,
            p.date,
            p.amount.normalize(),
            &p.currency,
            p.tax.normalize(),
            &p.tax_currency,
        )
    }
    let mut first: std::collections::HashMap<Key<'_>, usize> = std::collections::HashMap::new();
    let mut keep = vec![true; income.len()];
    for (i, p) in income.iter().enumerate() {
        match first.get(&key(p)) {
            Some(&j) if income[j].source.file != p.source.file => {
                keep[i] = false;
                warnings.push(Warning::new(
                    WarningDetail::Duplicate {
                        id: format!(
                            "{} {} {} {} {}",
                            p.kind.as_str(),
                            p.asset,
                            p.date,
                            p.amount.normalize(),
                            p.currency
                        ),
                        venue: p.venue.to_string(),
                        first: income[j].source.clone(),
                    },
                    Some(p.source.clone()),
                    None,
                ));
            }
            Some(_) => {}
            None => {
                first.insert(key(p), i);
            }
        }
    }
    let mut n = 0;
    income.retain(|_| {
        n += 1;
        keep[n - 1]
    });
}

/// The ISIN's country code (kept here for the callers of `income::isin_country`).
pub use crate::issuer::isin_country;

/// One tax year's dividends and interest in tenge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct YearIncome {
    /// The tax year.
    pub year: i32,
    /// Foreign dividends, gross (B_1_4 before rounding to whole tenge).
    pub dividends: Decimal,
    /// Tax withheld abroad on them.
    pub dividends_tax: Decimal,
    /// Foreign interest and coupons, gross (B_1_5 before rounding).
    pub interest: Decimal,
    /// Tax withheld abroad on them.
    pub interest_tax: Decimal,
    /// Dividends and interest from Kazakhstan issuers: shown, not declared here (taxed at
    /// source) [U].
    pub domestic: Decimal,
    /// Of `domestic`, the dividends (every dividend of the year is `dividends` +
    /// `domestic_dividends`: the dividends filing test compares it).
    pub domestic_dividends: Decimal,
    /// How many payments the year had.
    pub payments: usize,
    /// The rate rule used (`previous_business_day` or `annual_average`).
    pub rate_rule: &'static str,
}

impl YearIncome {
    /// Foreign dividends and interest together (B_1 as far as Salyq fills it).
    pub fn foreign(&self) -> Decimal {
        self.dividends + self.interest
    }

    /// Tax withheld abroad on both.
    pub fn withheld(&self) -> Decimal {
        self.dividends_tax + self.interest_tax
    }

    /// Every dividend of the year, foreign and Kazakhstan issuers', gross.
    pub fn all_dividends(&self) -> Decimal {
        self.dividends + self.domestic_dividends
    }
}

/// The tenge figures of every year with a payment, oldest first. A payment without an
/// official rate under its year's rule is an error naming the rate looked for.
pub fn by_year(
    income: &[Income],
    rates: &RateTable,
    settings: &Settings,
) -> Result<Vec<YearIncome>, InputErrors> {
    let mut years: BTreeMap<i32, YearIncome> = BTreeMap::new();
    let mut missing: BTreeMap<String, (usize, usize, ValueGap)> = BTreeMap::new();
    for (n, p) in income.iter().enumerate() {
        let year = p.date.year();
        let rule = settings.rules.for_year(year).rules.fx_rule.value;
        let tenge = |amount: Decimal, currency: &str| match rates.rate(currency, p.date, rule) {
            Ok(r) => Ok(round_tiyn(amount * r.kzt_per_unit)),
            Err(m) => Err(ValueGap::NoRate {
                currency: m.currency,
                wanted: m.wanted,
                rule,
            }),
        };
        let (amount, tax) = match (tenge(p.amount, &p.currency), tenge(p.tax, &p.tax_currency)) {
            (Ok(a), Ok(t)) => (a, t),
            (Err(gap), _) | (_, Err(gap)) => {
                missing.entry(gap.to_string()).or_insert((n, 0, gap)).1 += 1;
                continue;
            }
        };
        let y = years.entry(year).or_insert_with(|| YearIncome {
            year,
            rate_rule: match rule {
                crate::rules::FxRule::PreviousBusinessDay => "previous_business_day",
                crate::rules::FxRule::AnnualAverage => "annual_average",
            },
            ..YearIncome::default()
        });
        y.payments += 1;
        match (p.is_foreign_with(&settings.overrides), p.kind) {
            (false, kind) => {
                y.domestic += amount;
                if kind == IncomeKind::Dividend {
                    y.domestic_dividends += amount;
                }
            }
            (true, IncomeKind::Dividend) => {
                y.dividends += amount;
                y.dividends_tax += tax;
            }
            (true, IncomeKind::Interest) => {
                y.interest += amount;
                y.interest_tax += tax;
            }
        }
    }
    if missing.is_empty() {
        return Ok(years.into_values().collect());
    }
    let mut items: Vec<_> = missing.into_values().collect();
    items.sort_by_key(|(first, _, _)| *first);
    Err(InputErrors(
        items
            .into_iter()
            .map(|(first, count, gap)| InputError::cannot_value(&income[first].source, count, gap))
            .collect(),
    ))
}

/// The foreign tax credit I of a year, whole tenge, and its parts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Credit {
    /// The credit for tax withheld on dividends and interest: the withholding, at most the
    /// Kazakh tax on that income.
    pub withheld: Decimal,
    /// Its cap.
    pub withheld_cap: Decimal,
    /// The credit for tax the user entered as paid abroad on gains, at most the Kazakh tax on
    /// the gains abroad.
    pub entered: Decimal,
    /// Its cap.
    pub entered_cap: Decimal,
}

impl Credit {
    /// I: both parts, at most the tax H.
    pub fn total(&self, h: Decimal) -> Decimal {
        (self.withheld + self.entered).min(h).max(Decimal::ZERO)
    }
}

/// The foreign tax credit (NC Art. 413) [L]: tax paid abroad is credited up to the Kazakh tax
/// on the same income, which is the tax H in proportion to that income's share of the taxable
/// income G (`H × income ÷ G`). Two parts, each capped on its own income:
/// - the tax withheld on foreign dividends and interest (`withheld`, whole tenge), capped at
///   `H × (B_1_4 + B_1_5) ÷ G`;
/// - a tax paid abroad on gains that the user entered (`--foreign-tax-paid`; it stays, and is
///   added: the withholding is no longer typed by hand), capped at `H × gains abroad ÷ G`.
///
/// All inputs are whole tenge; the result is too.
pub fn credit(
    h: Decimal,
    g: Decimal,
    foreign_income: Decimal,
    withheld: Decimal,
    gains_abroad: Decimal,
    entered: Decimal,
) -> Credit {
    let zero = Decimal::ZERO;
    let cap = |income: Decimal| {
        if g <= zero {
            zero
        } else {
            crate::money::round_tenge(h * income.min(g).max(zero) / g)
        }
    };
    let withheld_cap = cap(foreign_income);
    let entered_cap = cap(gains_abroad);
    Credit {
        withheld: withheld.max(zero).min(withheld_cap),
        withheld_cap,
        entered: entered.max(zero).min(entered_cap),
        entered_cap,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Shared;
    use rust_decimal_macros::dec;

    fn pay(date: &str, kind: IncomeKind, isin: Option<&str>, amount: Decimal, tax: Decimal) -> Income {
        Income {
            source: Source {
                file: Shared::from("r.json"),
                line: 3,
            },
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            kind,
            asset: Code::from("AAPL"),
            isin: isin.map(Box::from),
            country: isin.and_then(isin_country).map(Box::from),
            amount,
            currency: Code::from("USD"),
            tax,
            tax_currency: Code::from("USD"),
            venue: Code::from("Freedom"),
        }
    }

    #[test]
    fn payments_are_summed_per_year_at_the_years_rate_rule() {
        let mut rates = RateTable::default();
        // 2024: the business day before 2024-05-16 is 2024-05-15 (443.50).
        rates.insert_daily("USD", NaiveDate::from_ymd_opt(2024, 5, 15).unwrap(), dec!(443.50));
        // 2025: the year's average (511.00).
        rates.insert_annual("USD", 2025, dec!(511.00));
        let income = [
            pay(
                "2024-05-16",
                IncomeKind::Dividend,
                Some("US0378331005"),
                dec!(10),
                dec!(1.5),
            ),
            pay(
                "2025-02-01",
                IncomeKind::Interest,
                Some("US912828ZT09"),
                dec!(20),
                dec!(0),
            ),
            pay(
                "2025-06-01",
                IncomeKind::Dividend,
                Some("KZ1C00000744"),
                dec!(4),
                dec!(0),
            ),
        ];
        let y = by_year(&income, &rates, &Settings::default()).unwrap();
        assert_eq!(y.len(), 2);
        // 10 × 443.50 = 4,435.00; 1.5 × 443.50 = 665.25.
        assert_eq!(
            (y[0].year, y[0].dividends, y[0].dividends_tax),
            (2024, dec!(4435.00), dec!(665.25))
        );
        assert_eq!(y[0].rate_rule, "previous_business_day");
        // 20 × 511 = 10,220 interest; the KZ dividend 4 × 511 = 2,044 is domestic.
        assert_eq!(
            (y[1].interest, y[1].domestic, y[1].dividends),
            (dec!(10220.00), dec!(2044.00), dec!(0))
        );
        assert_eq!(
            (y[1].domestic_dividends, y[1].all_dividends()),
            (dec!(2044.00), dec!(2044.00))
        );
        // The user says the KZ ISIN's issuer is abroad: its 2,044 moves to the foreign
        // dividends (B_1_4); the symbol AAPL names every payment here, so the override is by
        // ISIN.
        let mut s = Settings::default();
        s.overrides.push(crate::overrides::Override {
            id: 1,
            change: crate::overrides::Change::IssuerCountry {
                security: "KZ1C00000744".into(),
                country: "NL".into(),
            },
            reason: "issuer registered in the Netherlands".into(),
            by: "me".into(),
            at: chrono::DateTime::UNIX_EPOCH,
        });
        let y = by_year(&income, &rates, &s).unwrap();
        assert_eq!(
            (y[1].dividends, y[1].domestic, y[1].all_dividends()),
            (dec!(2044.00), dec!(0), dec!(2044.00))
        );
        assert_eq!((y[1].payments, y[1].rate_rule), (2, "annual_average"));
    }

    #[test]
    fn a_missing_rate_is_an_error_naming_it() {
        let income = [pay("2025-02-01", IncomeKind::Dividend, None, dec!(1), dec!(0))];
        let e = by_year(&income, &RateTable::default(), &Settings::default()).unwrap_err();
        assert_eq!(e.0.len(), 1);
        assert!(
            e.0[0].to_string().contains("annual average rate for 2025"),
            "{}",
            e.0[0]
        );
        assert!(e.0[0].to_string().contains("r.json"));
    }

    #[test]
    fn the_credit_is_capped_at_the_kazakh_tax_on_the_same_income() {
        // G = 100,000 of which 40,000 dividends; H = 10,000. Cap on dividends: 10,000 × 40,000
        // ÷ 100,000 = 4,000. Withheld 6,000 (15% US rate) → credited 4,000.
        let c = credit(
            dec!(10000),
            dec!(100000),
            dec!(40000),
            dec!(6000),
            dec!(0),
            dec!(0),
        );
        assert_eq!((c.withheld, c.withheld_cap), (dec!(4000), dec!(4000)));
        assert_eq!(c.total(dec!(10000)), dec!(4000));
        // Withheld 1,200 (below the cap) → all of it; plus 700 entered on 60,000 of gains
        // abroad (cap 6,000) → I = 1,900.
        let c = credit(
            dec!(10000),
            dec!(100000),
            dec!(40000),
            dec!(1200),
            dec!(60000),
            dec!(700),
        );
        assert_eq!(
            (c.withheld, c.entered, c.entered_cap),
            (dec!(1200), dec!(700), dec!(6000))
        );
        assert_eq!(c.total(dec!(10000)), dec!(1900));
        // Nothing taxable: no credit.
        assert_eq!(
            credit(dec!(0), dec!(0), dec!(0), dec!(50), dec!(0), dec!(0)).total(dec!(0)),
            dec!(0)
        );
    }

    #[test]
    fn isin_prefix_gives_the_country() {
        assert_eq!(isin_country("US0378331005"), Some("US"));
        assert_eq!(isin_country("KZ1C00000744"), Some("KZ"));
        assert_eq!(isin_country("12345"), None);
    }
}
