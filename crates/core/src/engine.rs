//! The whole pipeline in one call: inputs and settings in, figures out.
//!
//! The computation's figures are the declared ones and always use FIFO: the law's method for
//! securities from 2026 (NC Art. 387(5)–(6)) [L] and for digital assets from 2025 [S]. When the
//! settings choose another method, its figures come beside them as a [`WhatIf`], which no form
//! reads.

mod effective;
pub use effective::{Applied, apply, apply_overrides, compute_effective};

use crate::broker_fifo;
use crate::error::InputErrors;
use crate::fx_gain::{self, CurrencyGain};
use crate::import::{Inputs, freedom};
use crate::matching::{self, Disposal, Holding, LotUse, Matched};
use crate::model::{Kind, Side, Trade};
use crate::money::round_tiyn;
use crate::rules::FeeRule;
use crate::settings::Method;
use crate::settings::{Placer, Settings};
use crate::tax_haven::Flag;
use crate::valuation::{self, TradeValue};
use crate::warning::{Warning, WarningDetail};
use crate::yearly::{self, FeeEffect, FeeSetting, YearResult};
use chrono::Datelike;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Everything computed from the inputs. Indices refer to `Inputs::trades`. Every figure here
/// is matched FIFO (the declared figures); `what_if` holds another method's, when chosen.
#[derive(Debug, Clone)]
pub struct Computation {
    /// Tenge values, one per trade.
    pub values: Vec<TradeValue>,
    /// Every disposal, in processing order.
    pub disposals: Vec<Disposal>,
    /// What is held at the end, per asset.
    pub holdings: Vec<Holding>,
    /// One result per tax year with a disposal.
    pub years: Vec<YearResult>,
    /// The lots consumed by all disposals; see [`Computation::lots`].
    pub lot_uses: Vec<LotUse>,
    /// Per disposal (same order): how it was valued in its currency, where the year's rule
    /// did so (`None`: each leg at its own rate); empty when none was. Read it through
    /// [`Computation::fx_gain`].
    pub fx_gains: Vec<Option<CurrencyGain>>,
    /// All warnings: import, valuation, matching, rules.
    pub warnings: Vec<Warning>,
    /// Transfers, rewards, balance gaps: the ledger's figures ([`crate::ledger::summary`]).
    pub ledger: crate::ledger::Summary,
    /// The figures under the settings' method when it is not FIFO: a comparison, never declared.
    pub what_if: Option<Box<WhatIf>>,
    /// Dividends and interest per tax year in tenge, with the tax withheld abroad
    /// ([`crate::income::by_year`]); empty when the inputs hold none.
    pub income: Vec<crate::income::YearIncome>,
}

/// The figures of a what-if matching method (LIFO, HIFO, average): shown beside the declared
/// FIFO figures for comparison, never on a form.
#[derive(Debug, Clone)]
pub struct WhatIf {
    /// The method.
    pub method: Method,
    /// Every disposal under it, in processing order.
    pub disposals: Vec<Disposal>,
    /// The lots those disposals consumed.
    pub lot_uses: Vec<LotUse>,
    /// What is held at the end under it.
    pub holdings: Vec<Holding>,
    /// One result per tax year with a disposal, under it.
    pub years: Vec<YearResult>,
}

impl WhatIf {
    /// The result of one tax year, if it had disposals.
    pub fn year(&self, year: i32) -> Option<&YearResult> {
        self.years.iter().find(|y| y.year == year)
    }

    /// The lots one of its disposals consumed.
    pub fn lots<'a>(&'a self, d: &'a Disposal) -> &'a [LotUse] {
        self.lot_uses.get(d.lots()).unwrap_or_default()
    }

    /// The units of one of its disposals no lot covered: see [`Disposal::uncovered`].
    pub fn uncovered(&self, d: &Disposal) -> Decimal {
        d.uncovered(self.lots(d))
    }
}

impl Computation {
    /// The dividends and interest of one tax year, if it had any.
    pub fn income_of(&self, year: i32) -> Option<&crate::income::YearIncome> {
        self.income.iter().find(|y| y.year == year)
    }

    /// The lots a disposal consumed: its audit trail back to the purchases.
    pub fn lots<'a>(&'a self, d: &'a Disposal) -> &'a [LotUse] {
        self.lot_uses.get(d.lots()).unwrap_or_default()
    }

    /// The units of a disposal no lot covered (given zero cost): see [`Disposal::uncovered`].
    pub fn uncovered(&self, d: &Disposal) -> Decimal {
        d.uncovered(self.lots(d))
    }

    /// The what-if result of one tax year, when a what-if method is chosen and the year had
    /// disposals.
    pub fn what_if_year(&self, year: i32) -> Option<&YearResult> {
        self.what_if.as_deref().and_then(|w| w.year(year))
    }

    /// The index of a disposal borrowed from [`Computation::disposals`].
    pub fn index_of(&self, d: &Disposal) -> Option<usize> {
        let base = self.disposals.as_ptr() as usize;
        let at = std::ptr::from_ref(d) as usize;
        let size = std::mem::size_of::<Disposal>();
        let k = at.checked_sub(base)? / size;
        (k < self.disposals.len() && std::ptr::eq(&self.disposals[k], d)).then_some(k)
    }

    /// How the disposal at `index` was valued in its currency, if it was.
    pub fn fx_gain(&self, index: usize) -> Option<&CurrencyGain> {
        self.fx_gains.get(index).and_then(Option::as_ref)
    }
}

/// Matches the trades by `method`, giving zero cost to the acquisitions the settings flag as
/// tax-haven sources.
pub fn match_trades(
    trades: &[Trade],
    values: &[TradeValue],
    settings: &Settings,
    method: Method,
    last_day: Option<chrono::NaiveDate>,
) -> Result<Matched, InputErrors> {
    let havens = &settings.tax_havens;
    if havens.is_empty() {
        return matching::match_until(trades, values, &settings.rules, method, last_day);
    }
    matching::match_with(trades, values, &settings.rules, method, last_day, &|i, asset| {
        havens.flag_of(&trades[i], asset).is_some()
    })
}

/// Values the trades, matches disposals to lots (FIFO, and the what-if method when another is
/// chosen), values foreign-currency gains in their currency where the year's rule says so
/// ([`fx_gain`]), and sums each tax year. `inputs` are the effective inputs
/// ([`apply`]) when the settings' overrides change the trade list. Where a
/// trade has a sale-side or crypto fee, the declared years are also computed with that fee
/// setting the other way, and each year's assumptions state the difference.
pub fn compute(inputs: &Inputs, settings: &Settings) -> Result<Computation, InputErrors> {
    let valuation::Valuation {
        values: all_values,
        warnings: valuation_warnings,
    } = valuation::value_trades(&inputs.trades, &inputs.rates, &inputs.prices, settings)?;
    let income = crate::income::by_year(&inputs.income, &inputs.rates, settings)?;
    let declared: Cow<'_, Settings> = if settings.method == Method::Fifo {
        Cow::Borrowed(settings)
    } else {
        Cow::Owned(Settings {
            method: Method::Fifo,
            ..settings.clone()
        })
    };
    let declared: &Settings = &declared;
    let values = &all_values[..];
    // The fee settings the other way round (only those some trade has a fee for): a fee
    // setting changes amounts, not units, so one FIFO pass follows several at once
    // ([`matching::stream_fifo`]): all of them on a thread beside the declared matching, or
    // one each when there are cores for that.
    let flips: Vec<(FeeSetting, Settings)> = [FeeSetting::SaleFees, FeeSetting::CryptoFees]
        .into_iter()
        .filter(|s| inputs.trades.iter().any(|t| governed(t, *s)))
        .map(|s| (s, flipped(declared, s)))
        .collect();
    let mut c = std::thread::scope(|scope| -> Result<Computation, InputErrors> {
        let per_thread = flips
            .len()
            .div_ceil(crate::threads().saturating_sub(1).max(1))
            .max(1);
        let others: Vec<_> = flips
            .chunks(per_thread)
            .map(|group| {
                let other = move || {
                    let years = other_years(inputs, values, group)?;
                    // Which years have such a fee: one more pass over the trades, made here
                    // while the declared figures are still being made.
                    let fee_years: Vec<Vec<i32>> = group
                        .iter()
                        .map(|(s, _)| fee_years(&inputs.trades, values, *s))
                        .collect();
                    Ok::<_, InputErrors>((years, fee_years))
                };
                (group, scope.spawn(other))
            })
            .collect();
        let matched = match_trades(&inputs.trades, values, declared, Method::Fifo, None)?;
        let mut c = declared_figures(inputs, settings, declared, values, matched, valuation_warnings)?;
        for (group, h) in others {
            let (years, fee_years) = h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))?;
            for (((setting, _), other_years), with_fee) in group.iter().zip(&years).zip(&fee_years) {
                record_fee_effect(&mut c, *setting, other_years, with_fee);
            }
        }
        Ok(c)
    })?;
    c.values = all_values;
    c.income = income;
    for y in &c.years {
        if let Some(from) = y.borrowed_from {
            c.warnings.push(Warning::new(
                WarningDetail::NoRulesForYear {
                    year: y.year,
                    from,
                    mci: y.rules.mci,
                },
                None,
                None,
            ));
        }
    }
    Ok(c)
}

/// The years under each of `flips` (other fee settings), from one FIFO pass that follows
/// them all: each disposal valued in its currency where the year's rule says so, then summed,
/// as it is made (none is kept).
fn other_years(
    inputs: &Inputs,
    values: &[TradeValue],
    flips: &[(FeeSetting, Settings)],
) -> Result<Vec<Vec<YearResult>>, InputErrors> {
    let trades = &inputs.trades;
    let books: Vec<&crate::rules::RuleBook> = flips.iter().map(|(_, s)| &s.rules).collect();
    let mut sums: Vec<(fx_gain::Pass<'_>, yearly::YearSums, Placer<'_>)> = flips
        .iter()
        .map(|(_, s)| {
            (
                fx_gain::Pass::new(trades, values, &inputs.rates, s),
                yearly::YearSums::default(),
                Placer::new(s),
            )
        })
        .collect();
    // The flips differ from the declared settings in fee rules only: their tax-haven flags
    // are the declared ones.
    let havens = flips.first().map(|(_, s)| &s.tax_havens);
    let zero_cost = |i: usize, asset: &str| {
        havens.is_some_and(|h| !h.is_empty() && h.flag_of(&trades[i], asset).is_some())
    };
    matching::stream_fifo(trades, values, &books, None, &zero_cost, &mut |b, mut d, lots| {
        let (pass, years, placer) = &mut sums[b];
        pass.revalue(&mut d, lots);
        years.add(&d, placer.place(&trades[d.trade()]));
    })?;
    sums.into_iter()
        .zip(flips)
        .map(|((pass, years, _), (_, settings))| {
            pass.finish()?;
            Ok(years.finish(settings))
        })
        .collect()
}

/// The declared figures from the FIFO matching: the what-if method's beside them, the ledger's
/// summary, the broker's cross-check, the gains in currency and the years. `values` and
/// `income` are the caller's to set.
fn declared_figures(
    inputs: &Inputs,
    settings: &Settings,
    declared: &Settings,
    values: &[TradeValue],
    matched: Matched,
    valuation_warnings: Vec<Warning>,
) -> Result<Computation, InputErrors> {
    let what_if = if settings.method == Method::Fifo {
        None
    } else {
        let (m, counts) = matched_in_currency(inputs, values, settings, settings.method)?;
        let mut years = years_of(inputs, settings, &m.disposals);
        for y in &mut years {
            if let Some(c) = counts.get(&y.year) {
                y.set_fx_counts(*c);
            }
        }
        Some(Box::new(WhatIf {
            method: settings.method,
            disposals: m.disposals,
            lot_uses: m.lot_uses,
            holdings: m.holdings,
            years,
        }))
    };
    let mut warnings = inputs.warnings.clone();
    warnings.extend(tax_haven_warnings(&matched, settings, inputs));
    warnings.extend(valuation_warnings);
    warnings.extend(matched.warnings);
    let mut c = Computation {
        values: Vec::new(),
        disposals: matched.disposals,
        holdings: matched.holdings,
        lot_uses: matched.lot_uses,
        years: Vec::new(),
        fx_gains: Vec::new(),
        warnings,
        what_if,
        income: Vec::new(),
        ledger: crate::ledger::Summary::default(),
    };
    if inputs.ledger.outcome.is_some() {
        c.ledger = crate::ledger::summary(inputs, &c.disposals, &c.lot_uses, settings);
    }
    // A broker's own FIFO results are a cross-check of the declared (FIFO) figures, in the
    // sale's currency: made on the per-leg figures, before the gains in currency.
    if !inputs.broker_fifo.is_empty() {
        let located = freedom::locate(&inputs.broker_fifo, &inputs.trades);
        let differences = broker_fifo::compare(&located, &inputs.trades, values, &c.disposals, &c.lot_uses);
        c.warnings.extend(differences);
    }
    let applied = fx_gain::apply(
        &inputs.trades,
        values,
        &inputs.rates,
        declared,
        &mut c.disposals,
        &mut c.lot_uses,
    )?;
    c.years = years_of(inputs, declared, &c.disposals);
    for y in &mut c.years {
        if let Some(counts) = applied.counts.get(&y.year) {
            y.set_fx_counts(*counts);
        }
        if inputs.prices.has_candles() {
            y.assume(yearly::Assumption::PriceBasis(settings.price_basis));
        }
    }
    c.fx_gains = applied.gains;
    Ok(c)
}

/// Matches by `method` (tax-haven flags applied) and values the gains in their currency where
/// the year's rule says so; with the counts of each year's valuations.
fn matched_in_currency(
    inputs: &Inputs,
    values: &[TradeValue],
    settings: &Settings,
    method: Method,
) -> Result<(Matched, BTreeMap<i32, fx_gain::YearCounts>), InputErrors> {
    let mut m = match_trades(&inputs.trades, values, settings, method, None)?;
    let applied = fx_gain::apply(
        &inputs.trades,
        values,
        &inputs.rates,
        settings,
        &mut m.disposals,
        &mut m.lot_uses,
    )?;
    Ok((m, applied.counts))
}

fn years_of(inputs: &Inputs, settings: &Settings, disposals: &[Disposal]) -> Vec<YearResult> {
    let new_placer = || {
        let mut placer = Placer::new(settings);
        move |d: &Disposal| placer.place(&inputs.trades[d.trade()])
    };
    yearly::yearly_placed_in_parts(disposals, settings, &new_placer)
}

/// Whether a trade has a fee that `setting` governs.
fn governed(t: &Trade, setting: FeeSetting) -> bool {
    !t.fee.is_zero()
        && match setting {
            FeeSetting::SaleFees => t.kind != Kind::Crypto && t.side == Side::Sell,
            FeeSetting::CryptoFees => t.kind == Kind::Crypto,
        }
}

/// The settings with `setting` the other way round in every year (the computation each year's
/// fee effect is worked out under).
pub fn flipped(settings: &Settings, setting: FeeSetting) -> Settings {
    let mut other = settings.clone();
    other.rules.for_all_years(|y| {
        let rule = match setting {
            FeeSetting::SaleFees => &mut y.sale_fees,
            FeeSetting::CryptoFees => &mut y.crypto_fees,
        };
        rule.value = match rule.value {
            FeeRule::Include => FeeRule::Exclude,
            FeeRule::Exclude => FeeRule::Include,
        };
    });
    other
}

/// The tax years of the trades with a fee that `setting` governs, in order, each once.
fn fee_years(trades: &[Trade], values: &[TradeValue], setting: FeeSetting) -> Vec<i32> {
    let mut years: Vec<i32> = Vec::new();
    for (_, v) in trades.iter().zip(values).filter(|(t, _)| governed(t, setting)) {
        let year = v.tax_date.year();
        // A history spans a few years: a short list, looked up from its last year met.
        if years.last() != Some(&year) && !years.contains(&year) {
            years.push(year);
        }
    }
    years.sort_unstable();
    years
}

/// Records in each year with a fee governed by `setting` (`years_with_fee`, see
/// [`fee_years`]) the figures with it the other way.
fn record_fee_effect(
    c: &mut Computation,
    setting: FeeSetting,
    other_years: &[YearResult],
    years_with_fee: &[i32],
) {
    for y in &mut c.years {
        if !years_with_fee.contains(&y.year) {
            continue;
        }
        let (other_income, other_tax) = other_years
            .iter()
            .find(|o| o.year == y.year)
            .map_or((Decimal::ZERO, Decimal::ZERO), |o| {
                (o.property_income - o.basic_deduction, o.tax)
            });
        let used = match setting {
            FeeSetting::SaleFees => y.rules.sale_fees.value,
            FeeSetting::CryptoFees => y.rules.crypto_fees.value,
        };
        let e = FeeEffect {
            setting,
            used,
            income: y.property_income - y.basic_deduction,
            tax: y.tax,
            other_income,
            other_tax,
        };
        y.set_fee_effect(e);
    }
}

/// One loud warning per tax-haven flag that is on: how many acquisitions it gave zero cost and
/// the cost they lost; a flag that matched nothing is said too, so no flag is on unseen.
fn tax_haven_warnings(matched: &Matched, settings: &Settings, inputs: &Inputs) -> Vec<Warning> {
    let havens = &settings.tax_havens;
    if havens.is_empty() {
        return Vec::new();
    }
    let mut by_flag: BTreeMap<Flag, (usize, Decimal)> = BTreeMap::new();
    for v in &havens.venues {
        by_flag.insert(Flag::Venue(v.clone()), (0, Decimal::ZERO));
    }
    for a in &havens.assets {
        by_flag.insert(Flag::Asset(a.clone()), (0, Decimal::ZERO));
    }
    for z in &matched.zeroed {
        if let Some(flag) = havens.flag_of(&inputs.trades[z.trade], &z.asset) {
            let e = by_flag.entry(flag).or_default();
            e.0 += 1;
            e.1 += z.cost;
        }
    }
    by_flag
        .into_iter()
        .map(|(flag, (acquisitions, cost))| {
            let (venue, asset) = match flag {
                Flag::Venue(v) => (Some(v), None),
                Flag::Asset(a) => (None, Some(a)),
            };
            Warning::new(
                WarningDetail::TaxHavenZeroCost {
                    venue,
                    asset,
                    acquisitions,
                    cost: round_tiyn(cost),
                },
                None,
                None,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::trade;
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    /// The years with a governed fee, in order and each once: crypto fees in 2025, 2024 and
    /// 2025 again (a fee-less crypto trade in 2023 and a security's sale fee in 2026 are not
    /// crypto fees) → [2024, 2025]; sale fees: only the security's sale in 2026 → [2026].
    #[test]
    fn fee_years_lists_each_year_with_such_a_fee_once() {
        let crypto = |fee| trade(Side::Buy, "BTC", dec!(1), dec!(100), "KZT").with_fee(fee, "KZT");
        let security_sale = Trade {
            kind: Kind::Security,
            ..trade(Side::Sell, "AAPL", dec!(1), dec!(100), "USD").with_fee(dec!(1), "USD")
        };
        let trades = [
            crypto(dec!(1)),
            crypto(dec!(1)),
            crypto(dec!(0)),
            crypto(dec!(2)),
            security_sale,
        ];
        let value = |y| TradeValue {
            tax_date: NaiveDate::from_ymd_opt(y, 6, 1).unwrap(),
            value: dec!(100),
            fee_value: dec!(1),
        };
        let values = [value(2025), value(2024), value(2023), value(2025), value(2026)];
        assert_eq!(fee_years(&trades, &values, FeeSetting::CryptoFees), [2024, 2025]);
        assert_eq!(fee_years(&trades, &values, FeeSetting::SaleFees), [2026]);
    }
}
