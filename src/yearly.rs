//! The yearly result: disposals summed per tax year, property income under the year's netting
//! rule, and tax (docs/formats.md §4, "Yearly result").

use crate::exemptions::{AdjustmentLine, ExemptReason};
use crate::matching::Disposal;
use crate::model::Kind;
use crate::money::{fmt2, round_tenge};
use crate::rules::{Bracket, FeeRule, FxRule, Netting, NettingRule, Reference, Rule, YearRules};
use crate::settings::{Method, Settings};
use crate::venues::Country;
use chrono::{Datelike, FixedOffset};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt;

/// Sums of a set of disposals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// How many disposals.
    pub disposals: usize,
    /// Σ proceeds.
    pub proceeds: Decimal,
    /// Σ cost.
    pub cost: Decimal,
    /// Σ positive gains.
    pub gains: Decimal,
    /// Σ negative gains (≤ 0).
    pub losses: Decimal,
}

impl Totals {
    /// Adds one disposal.
    pub fn add(&mut self, d: &Disposal) {
        self.disposals += 1;
        self.proceeds += d.proceeds;
        self.cost += d.cost;
        if d.gain > Decimal::ZERO {
            self.gains += d.gain;
        } else {
            self.losses += d.gain;
        }
    }

    /// Adds another set of sums.
    pub fn merge(&mut self, o: &Totals) {
        self.disposals += o.disposals;
        self.proceeds += o.proceeds;
        self.cost += o.cost;
        self.gains += o.gains;
        self.losses += o.losses;
    }

    /// gains + losses.
    pub fn net(&self) -> Decimal {
        self.gains + self.losses
    }

    /// Income under a netting rule: Σ max(0, gain), or max(0, Σ gain).
    pub fn income(&self, netting: Netting) -> Decimal {
        match netting {
            Netting::PerSale => self.gains,
            Netting::NetYear => self.net().max(Decimal::ZERO),
        }
    }
}

/// One kind's part of a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindResult {
    /// The kind.
    pub kind: Kind,
    /// Its sums.
    pub totals: Totals,
    /// The netting applied.
    pub netting: Netting,
    /// False when this kind's gains are not taxed this year.
    pub taxable: bool,
    /// Property income from this kind.
    pub income: Decimal,
}

/// The exempt sales of one kind, country and reason in a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExemptPart {
    /// The kind of property.
    pub kind: Kind,
    /// Where the sales count as made.
    pub country: Country,
    /// Why they are exempt.
    pub reason: ExemptReason,
    /// The adjustment line they are taken off on.
    pub line: AdjustmentLine,
    /// Their sums.
    pub totals: Totals,
    /// The exempt income: Σ max(0, gain) — each exempt sale counted alone.
    pub income: Decimal,
}

/// Where a disposal counts: the country of its venue and its exemption, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// Kazakhstan or abroad.
    pub country: Country,
    /// Why its gain is exempt, if it is.
    pub exempt: Option<ExemptReason>,
}

/// Everything computed for one tax year.
#[derive(Debug, Clone, PartialEq)]
pub struct YearResult {
    /// The tax year.
    pub year: i32,
    /// Sums over all disposals of the year.
    pub totals: Totals,
    /// Per kind, for kinds with disposals.
    pub by_kind: Vec<KindResult>,
    /// Taxable property income: Σ of the kinds' income (exempt sales not included).
    pub property_income: Decimal,
    /// Exempt sales: their gains, declared as income and adjusted out (see [`ExemptPart`]).
    pub exempt: Vec<ExemptPart>,
    /// Property income from sales in Kazakhstan and abroad (indexed by [`Country`] as usize;
    /// see [`YearResult::income_in`]).
    pub income_by_country: [Decimal; 2],
    /// Other annual income entered (for a progressive scale).
    pub other_income: Decimal,
    /// Tax on the property income, whole tenge.
    pub tax: Decimal,
    /// The rules applied.
    pub rules: YearRules,
    /// Set when the year had no rules of its own.
    pub borrowed_from: Option<i32>,
    /// Every assumption behind the figures, in plain English words: the texts of
    /// `assumption_items`.
    pub assumptions: Vec<String>,
    /// Every assumption behind the figures.
    pub assumption_items: Vec<Assumption>,
}

/// One assumption behind a year's figures (its `Display`: the English words).
#[derive(Debug, Clone, PartialEq)]
pub enum Assumption {
    /// Tax year `year` has no rules of its own: those of `from` were applied.
    BorrowedRules {
        /// The tax year.
        year: i32,
        /// The year whose rules were used.
        from: i32,
    },
    /// The matching method.
    Method(Method),
    /// Tax dates are calendar dates at this offset from UTC.
    TaxDate(FixedOffset),
    /// Stablecoins valued at 1 USD (`true`) or from the price table.
    StablecoinsAtPar(bool),
    /// The official-rate rule.
    FxRule(Rule<FxRule>),
    /// Whether fees count.
    Fees(Rule<FeeRule>),
    /// Netting per kind.
    Netting(NettingRule),
    /// Whether crypto gains are taxed in `year`.
    CryptoTaxable {
        /// The tax year.
        year: i32,
        /// The rule.
        rule: Rule<bool>,
    },
    /// The tax-rate scale and the MCI.
    TaxRate {
        /// The brackets, lowest first.
        scale: Vec<Bracket>,
        /// The MCI in tenge.
        mci: Decimal,
        /// Why.
        reference: Reference,
    },
    /// Other annual income counted for a progressive scale (tenge).
    OtherIncome(Decimal),
    /// Exempt sales were declared as income and adjusted out, each counted alone.
    Exemptions,
    /// An exemption reason of the year's exempt sales, with its reference for the year.
    ExemptionRule {
        /// The reason.
        reason: ExemptReason,
        /// Its legal reference for the tax year.
        reference: Reference,
    },
    /// Venues' countries come from the bundled list of `as_of`; unlisted venues count as `unknown`.
    Venues {
        /// The list's date.
        as_of: String,
        /// Where unlisted venues count.
        unknown: Country,
    },
    /// Which of a day's prices in a CoinMarketCap export was taken as the day's price.
    PriceBasis(crate::prices::PriceBasis),
}

impl YearResult {
    /// Adds an assumption to both lists.
    pub fn assume(&mut self, a: Assumption) {
        self.assumptions.push(a.to_string());
        self.assumption_items.push(a);
    }

    /// Taxable property income from sales in `country`.
    pub fn income_in(&self, country: Country) -> Decimal {
        self.income_by_country[country as usize]
    }

    /// Exempt income of the year (all reasons and countries).
    pub fn exempt_income(&self) -> Decimal {
        self.exempt.iter().map(|p| p.income).sum()
    }

    /// Exempt income from sales in `country`.
    pub fn exempt_in(&self, country: Country) -> Decimal {
        self.exempt
            .iter()
            .filter(|p| p.country == country)
            .map(|p| p.income)
            .sum()
    }

    /// Exempt income taken off on one adjustment line.
    pub fn exempt_on(&self, line: AdjustmentLine) -> Decimal {
        self.exempt
            .iter()
            .filter(|p| p.line == line)
            .map(|p| p.income)
            .sum()
    }
}

/// Computes the result of every tax year that has a disposal, all of it counted in the
/// country of unknown venues and none of it exempt (see [`yearly_placed`]).
pub fn yearly(disposals: &[Disposal], settings: &Settings) -> Vec<YearResult> {
    let unknown = settings.venues.unknown_venue;
    yearly_placed(disposals, settings, |_| Placement {
        country: unknown,
        exempt: None,
    })
}

/// Computes the result of every tax year that has a disposal. Income is netted per kind and
/// per country (`place` tells each disposal's country and exemption): gains in Kazakhstan and
/// abroad are declared on separate lines; exempt sales stay out of the netting and are summed
/// apart, each counted alone.
pub fn yearly_placed(
    disposals: &[Disposal],
    settings: &Settings,
    place: impl Fn(&Disposal) -> Placement,
) -> Vec<YearResult> {
    let mut per_year: BTreeMap<i32, Groups> = BTreeMap::new();
    for d in disposals {
        let p = place(d);
        per_year
            .entry(d.date.year())
            .or_default()
            .entry((d.kind, p.country, p.exempt))
            .or_default()
            .add(d);
    }
    per_year
        .into_iter()
        .map(|(year, groups)| year_result(year, groups, settings))
        .collect()
}

/// The result of a tax year without disposals: zeros under the year's rules.
pub fn empty_year(year: i32, settings: &Settings) -> YearResult {
    year_result(year, Groups::new(), settings)
}

/// A year's sums per kind, country and exemption.
type Groups = BTreeMap<(Kind, Country, Option<ExemptReason>), Totals>;

fn year_result(year: i32, groups: Groups, settings: &Settings) -> YearResult {
    let applied = settings.rules.for_year(year);
    let rules = applied.rules;
    let mut totals = Totals::default();
    let mut income_by_country = [Decimal::ZERO; 2];
    let mut by_kind: Vec<KindResult> = Vec::new();
    let mut exempt = Vec::new();
    for ((kind, country, reason), t) in groups {
        let netting = rules.netting.for_kind(kind);
        let taxable = kind != Kind::Crypto || rules.crypto_taxable.value;
        totals.merge(&t);
        if by_kind.last().is_none_or(|k| k.kind != kind) {
            by_kind.push(KindResult {
                kind,
                totals: Totals::default(),
                netting,
                taxable,
                income: Decimal::ZERO,
            });
        }
        let k = by_kind.last_mut().expect("pushed above");
        k.totals.merge(&t);
        match reason {
            None => {
                let part = if taxable { t.income(netting) } else { Decimal::ZERO };
                income_by_country[country as usize] += part;
                k.income += part;
            }
            Some(reason) => exempt.push(ExemptPart {
                kind,
                country,
                reason,
                line: settings.exemptions.line(reason),
                income: if taxable { t.gains } else { Decimal::ZERO },
                totals: t,
            }),
        }
    }
    let property_income: Decimal = by_kind.iter().map(|k| k.income).sum();
    let other_income = settings.other_income(year);
    let tax = round_tenge(rules.tax_on(other_income + property_income) - rules.tax_on(other_income));
    let mut assumption_items = assumptions(year, rules, applied.borrowed_from, settings, other_income);
    if !exempt.is_empty() {
        assumption_items.push(Assumption::Exemptions);
        let mut reasons: Vec<ExemptReason> = exempt.iter().map(|p: &ExemptPart| p.reason).collect();
        reasons.sort();
        reasons.dedup();
        for reason in reasons {
            if let Some(rule) = settings.exemptions.rule_for(reason, year) {
                assumption_items.push(Assumption::ExemptionRule {
                    reason,
                    reference: rule.reference.clone(),
                });
            }
        }
    }
    YearResult {
        year,
        totals,
        by_kind,
        property_income,
        exempt,
        income_by_country,
        other_income,
        tax,
        rules: rules.clone(),
        borrowed_from: applied.borrowed_from,
        assumptions: assumption_items.iter().map(Assumption::to_string).collect(),
        assumption_items,
    }
}

fn cite(r: &Reference) -> String {
    let by_user = if r.set_by_user { "; changed by you" } else { "" };
    format!(
        "{} [{:?}: {}{by_user}]",
        r.text,
        r.confidence,
        r.confidence.describe()
    )
}

fn assumptions(
    year: i32,
    r: &YearRules,
    borrowed: Option<i32>,
    s: &Settings,
    other_income: Decimal,
) -> Vec<Assumption> {
    let mut a = Vec::new();
    if let Some(from) = borrowed {
        a.push(Assumption::BorrowedRules { year, from });
    }
    a.push(Assumption::Method(s.method));
    a.push(Assumption::TaxDate(s.tz));
    a.push(Assumption::StablecoinsAtPar(s.stablecoins_at_par));
    a.push(Assumption::FxRule(r.fx_rule.clone()));
    a.push(Assumption::Fees(r.fees.clone()));
    a.push(Assumption::Netting(r.netting.clone()));
    a.push(Assumption::CryptoTaxable {
        year,
        rule: r.crypto_taxable.clone(),
    });
    a.push(Assumption::TaxRate {
        scale: r.rate_scale.clone(),
        mci: r.mci,
        reference: r.rate_ref.clone(),
    });
    if r.is_progressive() {
        a.push(Assumption::OtherIncome(other_income));
    }
    a.push(Assumption::Venues {
        as_of: s.venues.as_of.clone(),
        unknown: s.venues.unknown_venue,
    });
    a
}

impl fmt::Display for Assumption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Assumption::BorrowedRules { year, from } => {
                write!(
                    f,
                    "No rules for {year} are known: the rules of {from} were applied"
                )
            }
            Assumption::Method(method) => {
                let method = match method {
                    Method::Fifo => {
                        "FIFO (first in, first out): the declared figures; the law's method for securities \
                         (NC Art. 387(5)–(6)) and digital assets"
                    }
                    Method::Lifo => {
                        "LIFO (last in, first out) — a what-if comparison only, never declared; the law's method is FIFO"
                    }
                    Method::Hifo => {
                        "HIFO (highest cost first) — a what-if comparison only, never declared; the law's method is FIFO"
                    }
                    Method::Average => {
                        "weighted average cost — a what-if comparison only, never declared; the law's method is FIFO"
                    }
                };
                write!(f, "Matching method: {method}")
            }
            Assumption::TaxDate(tz) => write!(f, "Tax date: the calendar date at UTC{tz}"),
            Assumption::StablecoinsAtPar(true) => {
                f.write_str("Stablecoins (USDT, USDC, BUSD, FDUSD, TUSD, DAI, USDP, PYUSD) valued at 1 USD")
            }
            Assumption::StablecoinsAtPar(false) => {
                f.write_str("Stablecoins valued from the price table (not at par)")
            }
            Assumption::FxRule(r) => {
                write!(f, "Official rate rule: {} — {}", r.value, cite(&r.reference))
            }
            Assumption::Fees(r) => write!(f, "Fees: {} — {}", r.value, cite(&r.reference)),
            Assumption::Netting(n) => write!(
                f,
                "Netting: crypto {}, securities {}, other {} — {}",
                n.crypto,
                n.security,
                n.other,
                cite(&n.reference)
            ),
            Assumption::CryptoTaxable { year, rule } => write!(
                f,
                "Crypto gains taxed in {year}: {} — {}",
                if rule.value { "yes" } else { "no" },
                cite(&rule.reference)
            ),
            Assumption::TaxRate {
                scale,
                mci,
                reference,
            } => {
                let scale: Vec<String> = scale
                    .iter()
                    .map(|b| {
                        let pct = (b.rate * Decimal::ONE_HUNDRED).normalize();
                        if b.from_mci.is_zero() {
                            format!("{pct}%")
                        } else {
                            format!("{pct}% above {} MCI", b.from_mci.normalize())
                        }
                    })
                    .collect();
                write!(
                    f,
                    "Tax rate: {} (MCI {} KZT) — {}",
                    scale.join(", "),
                    mci.normalize(),
                    cite(reference)
                )
            }
            Assumption::OtherIncome(x) => write!(
                f,
                "Other annual income counted for the scale: {} KZT (entered by you; how it combines with \
                 declared gains is unconfirmed)",
                fmt2(*x)
            ),
            Assumption::Exemptions => f.write_str(
                "Exempt sales (KASE open trades, AIX, government securities…) are declared as income and taken \
                 off as adjustments (E_1, E_4); each exempt sale counted alone, losses ignored, and kept out of \
                 the netting of taxable sales [U: unconfirmed]",
            ),
            Assumption::ExemptionRule { reason, reference } => {
                write!(f, "Exemption {reason} — {}", cite(reference))
            }
            Assumption::Venues { as_of, unknown } => write!(
                f,
                "Gains split into Kazakhstan and abroad by venue: AIFC-licensed venues (list of {as_of}) count as \
                 Kazakhstan, unlisted venues as {} [U: unconfirmed: a setting you may change]",
                match unknown {
                    Country::Kazakhstan => "Kazakhstan",
                    Country::Abroad => "abroad",
                }
            ),
            Assumption::PriceBasis(basis) => write!(
                f,
                "Price of a day in a CoinMarketCap export: its {} [U: unconfirmed — the tax office names the \
                 daily weighted average price, which the export does not give; a setting]",
                match basis {
                    crate::prices::PriceBasis::Mean => "mean of open, high, low and close",
                    b => b.as_str(),
                }
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::legs::Role;
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;
    use std::sync::Arc;

    fn d(year: i32, kind: Kind, proceeds: Decimal, cost: Decimal) -> Disposal {
        Disposal {
            trade: 0,
            asset: Arc::from("X"),
            kind,
            role: Role::Sold,
            date: NaiveDate::from_ymd_opt(year, 6, 1).unwrap(),
            quantity: dec!(1),
            proceeds,
            cost,
            gain: proceeds - cost,
            uncovered: dec!(0),
            lots: 0..0,
        }
    }

    #[test]
    fn per_sale_ignores_losses_and_net_year_nets_per_kind() {
        // 2025: crypto +300 and −100 (per sale: 300); securities +200 and −500 (net: −300 → 0).
        let ds = vec![
            d(2025, Kind::Crypto, dec!(1300), dec!(1000)),
            d(2025, Kind::Crypto, dec!(900), dec!(1000)),
            d(2025, Kind::Security, dec!(1200), dec!(1000)),
            d(2025, Kind::Security, dec!(500), dec!(1000)),
        ];
        let y = &yearly(&ds, &Settings::default())[0];
        assert_eq!(y.totals.disposals, 4);
        assert_eq!(y.totals.proceeds, dec!(3900));
        assert_eq!(y.totals.cost, dec!(4000));
        assert_eq!(y.totals.gains, dec!(500));
        assert_eq!(y.totals.losses, dec!(-600));
        assert_eq!(y.totals.net(), dec!(-100));
        assert_eq!(y.property_income, dec!(300));
        assert_eq!(y.tax, dec!(30));
    }

    #[test]
    fn in_2024_securities_are_per_sale_too() {
        let ds = vec![
            d(2024, Kind::Security, dec!(1200), dec!(1000)),
            d(2024, Kind::Security, dec!(500), dec!(1000)),
        ];
        let y = &yearly(&ds, &Settings::default())[0];
        assert_eq!(y.property_income, dec!(200));
        assert_eq!(y.tax, dec!(20));
    }

    #[test]
    fn tax_is_rounded_half_up_to_whole_tenge() {
        // 10% of 1,234.56 = 123.456 → 123; 10% of 1,235.00 = 123.5 → 124.
        let y = &yearly(
            &[d(2025, Kind::Crypto, dec!(2234.56), dec!(1000))],
            &Settings::default(),
        )[0];
        assert_eq!(y.tax, dec!(123));
        let y = &yearly(
            &[d(2025, Kind::Crypto, dec!(2235), dec!(1000))],
            &Settings::default(),
        )[0];
        assert_eq!(y.tax, dec!(124));
    }

    #[test]
    fn the_2026_scale_counts_other_income_first() {
        // Other income 36,000,000; gain 2,000,000. Threshold 36,762,500.
        // 762,500 at 10% = 76,250; 1,237,500 at 15% = 185,625; tax = 261,875.
        let mut s = Settings::default();
        s.other_income.insert(2026, dec!(36000000));
        let y = &yearly(&[d(2026, Kind::Crypto, dec!(3000000), dec!(1000000))], &s)[0];
        assert_eq!(y.tax, dec!(261875));
        assert!(y.assumptions.iter().any(|a| a.contains("36000000.00")));
    }

    #[test]
    fn crypto_can_be_switched_off_for_a_year() {
        let mut s = Settings::default();
        s.rules.year_mut(2023).unwrap().crypto_taxable.value = false;
        let y = &yearly(&[d(2023, Kind::Crypto, dec!(2000), dec!(1000))], &s)[0];
        assert_eq!(y.totals.gains, dec!(1000));
        assert_eq!(y.property_income, dec!(0));
        assert_eq!(y.tax, dec!(0));
    }
}
