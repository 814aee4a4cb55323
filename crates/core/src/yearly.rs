//! The yearly result: disposals summed per tax year, property income under the year's netting
//! rule, and tax (docs/formats.md §4, "Yearly result").

use crate::exemptions::{AdjustmentLine, ExemptReason};
use crate::fx_gain::YearCounts;
use crate::matching::Disposal;
use crate::model::Kind;
use crate::money::{fmt_grouped, fmt_grouped_whole, fmt2, round_tenge};
use crate::rules::{Bracket, FeeRule, FxGain, FxRule, Netting, NettingRule, Reference, Rule, YearRules};
use crate::settings::{Method, Settings};
pub use crate::settings::{Placement, foreign_issuer, isin_of};
use crate::venues::Country;
use chrono::FixedOffset;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt;

mod sums;
pub use sums::YearSums;

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
        if d.gain() > Decimal::ZERO {
            self.gains += d.gain();
        } else {
            self.losses += d.gain();
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
            Netting::NetYear | Netting::NetPool | Netting::NetForeignIssuers => self.net().max(Decimal::ZERO),
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
    /// Months of the year no employer applied the basic deduction for, as entered (0 to 12).
    pub basic_deduction_months: u8,
    /// The basic deduction those months give under the year's rule (zero without a rule).
    pub basic_deduction_available: Decimal,
    /// The basic deduction taken off the taxable property income (at most that income).
    pub basic_deduction: Decimal,
    /// With no month entered, in a year with a basic deduction: the tax a 12-month claim would
    /// save.
    pub basic_deduction_saving: Option<Decimal>,
    /// Tax on the property income less the basic deduction, whole tenge.
    pub tax: Decimal,
    /// The rules applied.
    pub rules: YearRules,
    /// Set when the year had no rules of its own.
    pub borrowed_from: Option<i32>,
    /// How many disposals were valued in their currency, or per leg, in a year whose rule values
    /// gains in the trade's currency (set by `engine::compute`).
    pub fx_gain: Option<YearCounts>,
    /// What the fee settings of the year change (set by `engine::compute` when a trade has such
    /// a fee).
    pub fee_effects: Vec<FeeEffect>,
    /// Every assumption behind the figures, in plain English words: the texts of
    /// `assumption_items`.
    pub assumptions: Vec<String>,
    /// Every assumption behind the figures.
    pub assumption_items: Vec<Assumption>,
}

/// A fee setting that is not settled law (see [`crate::rules::YearRules::fee_rule`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeeSetting {
    /// Sale-side fees of securities and other property.
    SaleFees,
    /// Fees of digital-asset trades.
    CryptoFees,
}

/// The year's figures with a fee setting as chosen and the other way round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeEffect {
    /// Which setting.
    pub setting: FeeSetting,
    /// Its value in force.
    pub used: FeeRule,
    /// Taxable property income and tax as computed.
    pub income: Decimal,
    /// Tax as computed.
    pub tax: Decimal,
    /// Taxable property income with the setting the other way.
    pub other_income: Decimal,
    /// Tax with the setting the other way.
    pub other_tax: Decimal,
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
    /// How foreign-currency disposals became tenge this year, and how many each way.
    FxGain {
        /// The rule.
        rule: Rule<FxGain>,
        /// The counts (zero before `engine::compute` sets them).
        counts: YearCounts,
    },
    /// A fee setting that is not settled law, with its effect when a trade has such a fee.
    FeeSetting {
        /// Which setting.
        setting: FeeSetting,
        /// The rule in force.
        rule: Rule<FeeRule>,
        /// The figures with it and without it.
        effect: Option<FeeEffect>,
    },
    /// A kind's results were netted in one pool over both countries and the pooled income split
    /// over them pro rata of their positive results.
    PoolSplit {
        /// The kind.
        kind: Kind,
        /// The pool's result per country (Kazakhstan, abroad).
        results: [Decimal; 2],
        /// The income declared per country.
        income: [Decimal; 2],
    },
    /// Securities of foreign issuers were netted; the counts of disposals each way.
    ForeignIssuers {
        /// Disposals of foreign issuers' securities (ISIN not `KZ`, or no ISIN).
        foreign: usize,
        /// Disposals of resident issuers' securities (ISIN `KZ…`), each sale alone.
        resident: usize,
    },
    /// The basic deduction of the year: months entered, the amount taken off, and with no
    /// month entered what a 12-month claim would save.
    BasicDeduction {
        /// Months entered.
        months: u8,
        /// The deduction taken off the taxable property income.
        amount: Decimal,
        /// The tax a 12-month claim would save, when no month was entered.
        saving_if_claimed: Option<Decimal>,
        /// Why.
        reference: Reference,
    },
    /// Months of basic deduction were entered for a year that has no basic-deduction rule.
    NoBasicDeduction {
        /// The tax year.
        year: i32,
        /// Months entered.
        months: u8,
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
        foreign_issuer: true,
    })
}

/// Computes the result of every tax year that has a disposal. Income is netted per kind under
/// the year's netting rule (`place` tells each disposal's country, exemption and issuer): per
/// sale, within each country, in one pool of every country, or a pool of foreign issuers'
/// securities; gains in Kazakhstan and abroad are declared on separate lines; exempt sales stay
/// out of the netting of taxable ones.
pub fn yearly_placed(
    disposals: &[Disposal],
    settings: &Settings,
    place: impl FnMut(&Disposal) -> Placement,
) -> Vec<YearResult> {
    YearSums::of(disposals, place).finish(settings)
}

/// As [`yearly_placed`], the disposals summed in parts on up to [`crate::threads`] threads, each
/// with its own `placer` (made by `new_placer`); the parts' sums are then added. Disposal
/// figures are in tiyn, so the sums are exact and the result is the one-thread result.
pub fn yearly_placed_in_parts<P: FnMut(&Disposal) -> Placement>(
    disposals: &[Disposal],
    settings: &Settings,
    new_placer: &(dyn Fn() -> P + Sync),
) -> Vec<YearResult> {
    /// Fewer disposals than this per thread are summed on one.
    const PART: usize = 100_000;
    let parts = crate::threads().min(disposals.len() / PART).max(1);
    if parts == 1 {
        return yearly_placed(disposals, settings, new_placer());
    }
    let parts: Vec<_> = disposals.chunks(disposals.len().div_ceil(parts)).collect();
    let mut all = YearSums::default();
    for sums in crate::on_threads(parts, |part| YearSums::of(part, new_placer())) {
        all.merge(sums);
    }
    all.finish(settings)
}

/// The result of a tax year without disposals: zeros under the year's rules.
pub fn empty_year(year: i32, settings: &Settings) -> YearResult {
    year_result(year, Groups::new(), settings)
}

/// A year's sums per kind, country, exemption and (securities) foreign issuer.
type Groups = BTreeMap<(Kind, Country, Option<ExemptReason>, bool), Totals>;

/// `total` (≥ 0) shared out over `weights` in proportion to the positive ones, each share
/// rounded half-up to 0.01 and the last positive weight taking the exact remainder; the others
/// get 0. All zeros when no weight is positive.
pub fn pro_rata(total: Decimal, weights: &[Decimal]) -> Vec<Decimal> {
    let positive: Decimal = weights.iter().filter(|w| **w > Decimal::ZERO).sum();
    let last = weights.iter().rposition(|w| *w > Decimal::ZERO);
    let mut left = total;
    weights
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if *w <= Decimal::ZERO || positive.is_zero() {
                Decimal::ZERO
            } else if Some(i) == last {
                left
            } else {
                let share = crate::money::round_tiyn(total * *w / positive);
                left -= share;
                share
            }
        })
        .collect()
}

/// A kind's netted income per country: (income in Kazakhstan, abroad), with the pool's
/// country results when a pool spanned both countries.
fn netted(netting: Netting, groups: &[(Country, bool, Totals)]) -> ([Decimal; 2], Option<[Decimal; 2]>) {
    let mut income = [Decimal::ZERO; 2];
    let mut pool = [Decimal::ZERO; 2];
    let mut pool_countries = [false; 2];
    let mut per_country = [Totals::default(); 2];
    for (country, foreign, t) in groups {
        let c = *country as usize;
        match netting {
            Netting::PerSale => income[c] += t.gains,
            Netting::NetYear => per_country[c].merge(t),
            Netting::NetPool => {
                pool[c] += t.net();
                pool_countries[c] = true;
            }
            Netting::NetForeignIssuers if *foreign => {
                pool[c] += t.net();
                pool_countries[c] = true;
            }
            Netting::NetForeignIssuers => income[c] += t.gains,
        }
    }
    if netting == Netting::NetYear {
        for c in 0..2 {
            income[c] += per_country[c].income(Netting::NetYear);
        }
    }
    let total = (pool[0] + pool[1]).max(Decimal::ZERO);
    let shares = pro_rata(total, &pool);
    for c in 0..2 {
        income[c] += shares[c];
    }
    let spanned = pool_countries.iter().all(|x| *x);
    (income, spanned.then_some(pool))
}

fn year_result(year: i32, groups: Groups, settings: &Settings) -> YearResult {
    let applied = settings.rules.for_year(year);
    let rules = applied.rules;
    let mut totals = Totals::default();
    let mut income_by_country = [Decimal::ZERO; 2];
    let mut by_kind: Vec<KindResult> = Vec::new();
    let mut exempt = Vec::new();
    let mut pool_splits = Vec::new();
    let mut issuers = [0usize; 2];
    let kinds: Vec<Kind> = {
        let mut k: Vec<Kind> = groups.keys().map(|g| g.0).collect();
        k.dedup();
        k
    };
    for kind in kinds {
        let netting = rules.netting.for_kind(kind);
        let taxable = kind != Kind::Crypto || rules.crypto_taxable.value;
        let mut k = KindResult {
            kind,
            totals: Totals::default(),
            netting,
            taxable,
            income: Decimal::ZERO,
        };
        let mut plain = Vec::new();
        let mut exempt_parts: Vec<ExemptPart> = Vec::new();
        for ((gk, country, reason, foreign), t) in &groups {
            if *gk != kind {
                continue;
            }
            totals.merge(t);
            k.totals.merge(t);
            match reason {
                None => {
                    if kind == Kind::Security && netting == Netting::NetForeignIssuers {
                        issuers[usize::from(!*foreign)] += t.disposals;
                    }
                    plain.push((*country, *foreign, *t));
                }
                Some(reason) => match exempt_parts
                    .iter_mut()
                    .find(|p| p.country == *country && p.reason == *reason)
                {
                    Some(p) => p.totals.merge(t),
                    None => exempt_parts.push(ExemptPart {
                        kind,
                        country: *country,
                        reason: *reason,
                        line: settings.exemptions.line(*reason),
                        totals: *t,
                        income: Decimal::ZERO,
                    }),
                },
            }
        }
        if taxable {
            let (income, pool) = netted(netting, &plain);
            for c in 0..2 {
                income_by_country[c] += income[c];
                k.income += income[c];
            }
            if let Some(results) = pool {
                pool_splits.push(Assumption::PoolSplit {
                    kind,
                    results,
                    income,
                });
            }
            // Preferential (exempt) sales: netted among themselves in a pooled year (NC Art.
            // 387(4)), the positive total shared over their parts; else each sale alone.
            if netting == Netting::NetPool {
                let nets: Vec<Decimal> = exempt_parts.iter().map(|p| p.totals.net()).collect();
                let total = nets.iter().copied().sum::<Decimal>().max(Decimal::ZERO);
                for (p, share) in exempt_parts.iter_mut().zip(pro_rata(total, &nets)) {
                    p.income = share;
                }
            } else {
                for p in &mut exempt_parts {
                    p.income = p.totals.gains;
                }
            }
        }
        exempt.extend(exempt_parts);
        by_kind.push(k);
    }
    let property_income: Decimal = by_kind.iter().map(|k| k.income).sum();
    let other_income = settings.other_income(year);
    let months = settings.basic_deduction_months(year);
    let available = rules.basic_deduction_amount(months);
    let basic_deduction = available.min(property_income);
    let tax_of = |deduction: Decimal| {
        let taxable = property_income - deduction;
        round_tenge(rules.tax_on(other_income + taxable) - rules.tax_on(other_income))
    };
    let tax = tax_of(basic_deduction);
    let basic_deduction_saving = (months == 0 && rules.basic_deduction.is_some())
        .then(|| tax - tax_of(rules.basic_deduction_amount(12).min(property_income)));
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
    assumption_items.extend(pool_splits);
    if issuers != [0, 0] {
        assumption_items.push(Assumption::ForeignIssuers {
            foreign: issuers[0],
            resident: issuers[1],
        });
    }
    if let Some(rule) = &rules.basic_deduction {
        assumption_items.push(Assumption::BasicDeduction {
            months,
            amount: basic_deduction,
            saving_if_claimed: basic_deduction_saving.filter(|s| *s > Decimal::ZERO),
            reference: rule.reference.clone(),
        });
    } else if months > 0 {
        assumption_items.push(Assumption::NoBasicDeduction { year, months });
    }
    YearResult {
        year,
        totals,
        by_kind,
        property_income,
        exempt,
        income_by_country,
        other_income,
        basic_deduction_months: months,
        basic_deduction_available: available,
        basic_deduction,
        basic_deduction_saving,
        tax,
        rules: rules.clone(),
        borrowed_from: applied.borrowed_from,
        fx_gain: None,
        fee_effects: Vec::new(),
        assumptions: assumption_items.iter().map(Assumption::to_string).collect(),
        assumption_items,
    }
}

impl YearResult {
    /// Sets the counts of the year's foreign-currency valuation (and its assumption's words).
    pub fn set_fx_counts(&mut self, c: YearCounts) {
        self.fx_gain = Some(c);
        self.replace_assumption(|a| match a {
            Assumption::FxGain { counts, .. } => {
                *counts = c;
                true
            }
            _ => false,
        });
    }

    /// Records what a fee setting changes (and states it in the assumption of that setting).
    pub fn set_fee_effect(&mut self, e: FeeEffect) {
        self.fee_effects.push(e);
        self.replace_assumption(|a| match a {
            Assumption::FeeSetting { setting, effect, .. } if *setting == e.setting => {
                *effect = Some(e);
                true
            }
            _ => false,
        });
    }

    fn replace_assumption(&mut self, mut f: impl FnMut(&mut Assumption) -> bool) {
        for (a, text) in self.assumption_items.iter_mut().zip(&mut self.assumptions) {
            if f(a) {
                *text = a.to_string();
            }
        }
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
    a.push(Assumption::FxGain {
        rule: r.fx_gain.clone(),
        counts: YearCounts::default(),
    });
    a.push(Assumption::Fees(r.fees.clone()));
    for (setting, rule) in [
        (FeeSetting::SaleFees, &r.sale_fees),
        (FeeSetting::CryptoFees, &r.crypto_fees),
    ] {
        a.push(Assumption::FeeSetting {
            setting,
            rule: rule.clone(),
            effect: None,
        });
    }
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
                    "No rules for {year} are known: the rules of {from} were applied, its MCI included (no MCI of \
                     {year} is in the rule book yet)"
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
            Assumption::FxGain { rule, counts } => {
                write!(f, "Gain in foreign currency: {} — {}", rule.value, cite(&rule.reference))?;
                if rule.value == FxGain::SaleYearAverage {
                    write!(
                        f,
                        "; {} disposal(s) valued in their currency at the sale year's average rate",
                        counts.in_currency
                    )?;
                    if counts.other_currency > 0 {
                        write!(
                            f,
                            "; {} sale(s) of lots bought in another currency (or in tenge) valued per leg [U]",
                            counts.other_currency
                        )?;
                    }
                    if counts.priced > 0 {
                        write!(
                            f,
                            "; {} disposal(s) without a fiat side (stablecoins, price table) valued per leg [U]",
                            counts.priced
                        )?;
                    }
                    if counts.average_method {
                        f.write_str(
                            "; the weighted-average method values every disposal per leg (its costs are not \
                             traced to single lots)",
                        )?;
                    }
                }
                Ok(())
            }
            Assumption::FeeSetting {
                setting,
                rule,
                effect,
            } => {
                let what = match setting {
                    FeeSetting::SaleFees => "Sale-side fees of securities",
                    FeeSetting::CryptoFees => "Fees of digital-asset trades",
                };
                write!(f, "{what}: {} — {}", rule.value, cite(&rule.reference))?;
                if let Some(e) = effect {
                    let other = match e.used {
                        FeeRule::Include => "without them",
                        FeeRule::Exclude => "with them",
                    };
                    write!(
                        f,
                        "; taxable income {} KZT, tax {} KZT ({other}: {} KZT, tax {} KZT)",
                        fmt_grouped(e.income),
                        fmt_grouped_whole(e.tax),
                        fmt_grouped(e.other_income),
                        fmt_grouped_whole(e.other_tax)
                    )?;
                }
                Ok(())
            }
            Assumption::PoolSplit {
                kind,
                results,
                income,
            } => write!(
                f,
                "{} of every venue and country netted in one pool: Kazakhstan {} KZT, abroad {} KZT; the pooled \
                 income split over the declaration's lines pro rata of the positive results: A_1_1 {} KZT, A_1_2 \
                 {} KZT [U: unconfirmed]",
                match kind {
                    Kind::Security => "Securities",
                    Kind::Crypto => "Digital assets",
                    Kind::Other => "Other property",
                },
                fmt_grouped(results[0]),
                fmt_grouped(results[1]),
                fmt_grouped(income[0]),
                fmt_grouped(income[1])
            ),
            Assumption::ForeignIssuers { foreign, resident } => write!(
                f,
                "Securities of foreign issuers netted, others per sale: the issuer is taken from the ISIN (foreign \
                 unless it starts with KZ); a security without an ISIN counts as a foreign issuer's [U: unconfirmed]; \
                 {foreign} disposal(s) of foreign issuers, {resident} of resident issuers"
            ),
            Assumption::BasicDeduction {
                months,
                amount,
                saving_if_claimed,
                reference,
            } => {
                write!(
                    f,
                    "Basic deduction: {months} month(s) entered, {} KZT taken off (30 MCI a month, at most 360 MCI) — {}",
                    fmt_grouped(*amount),
                    cite(reference)
                )?;
                if let Some(saving) = saving_if_claimed {
                    write!(
                        f,
                        "; claiming it for the months no employer applied it (--basic-deduction-months) would save up \
                         to {} KZT of tax",
                        fmt_grouped_whole(*saving)
                    )?;
                }
                Ok(())
            }
            Assumption::NoBasicDeduction { year, months } => write!(
                f,
                "{months} month(s) of basic deduction entered, but Salyq has no basic-deduction rule for {year}: none \
                 was taken off"
            ),
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

    fn d(year: i32, kind: Kind, proceeds: Decimal, cost: Decimal) -> Disposal {
        Disposal {
            trade: 0,
            kind,
            role: Role::Sold,
            date: NaiveDate::from_ymd_opt(year, 6, 1).unwrap(),
            quantity: dec!(1),
            proceeds,
            cost,
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

    /// Summed in parts on several threads (where the machine has them), the years are the
    /// one-thread years: 250,000 sales over three years and two kinds, half of them in
    /// Kazakhstan, a quarter of foreign issuers, gains and losses mixed.
    #[test]
    fn years_summed_in_parts_are_the_years_summed_on_one_thread() {
        let ds: Vec<Disposal> = (0..250_000u32)
            .map(|i| {
                let kind = if i % 2 == 0 { Kind::Crypto } else { Kind::Security };
                let proceeds = Decimal::new(i64::from(i % 1_000) * 101 + 5, 2);
                Disposal {
                    trade: i,
                    ..d(2024 + (i % 3) as i32, kind, proceeds, Decimal::new(50_000, 2))
                }
            })
            .collect();
        let settings = Settings::default();
        let place = |d: &Disposal| Placement {
            country: if d.trade.is_multiple_of(2) {
                Country::Kazakhstan
            } else {
                Country::Abroad
            },
            exempt: None,
            foreign_issuer: d.trade % 4 == 1,
        };
        let one = yearly_placed(&ds, &settings, place);
        let parts = yearly_placed_in_parts(&ds, &settings, &|| place);
        assert_eq!(one.len(), 3);
        assert_eq!(parts, one);
        // Every sale is counted once: 250,000 in all, 83,334 in 2024 (i = 0, 3, … 249,999).
        let counted: usize = one.iter().map(|y| y.totals.disposals).sum();
        assert_eq!((counted, one[0].totals.disposals), (250_000, 83_334));
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
