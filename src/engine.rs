//! The whole pipeline in one call: inputs and settings in, figures out.

use crate::error::InputErrors;
use crate::fx_gain::{self, CurrencyGain};
use crate::import::{Inputs, freedom};
use crate::matching::{self, Disposal, Holding, LotUse};
use crate::model::{Kind, Side, Trade};
use crate::rules::FeeRule;
use crate::settings::Method;
use crate::settings::Settings;
use crate::valuation::{self, TradeValue};
use crate::warning::{Warning, WarningDetail};
use crate::yearly::{self, FeeEffect, FeeSetting, YearResult};
use chrono::Datelike;
use rust_decimal::Decimal;

/// Everything computed from the inputs. Indices refer to `Inputs::trades`.
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
    /// did so (`None`: each leg at its own rate).
    pub fx_gains: Vec<Option<CurrencyGain>>,
    /// All warnings: import, valuation, matching, rules.
    pub warnings: Vec<Warning>,
}

impl Computation {
    /// The lots a disposal consumed: its audit trail back to the purchases.
    pub fn lots<'a>(&'a self, d: &'a Disposal) -> &'a [LotUse] {
        self.lot_uses.get(d.lots.clone()).unwrap_or_default()
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

/// Values the trades, matches disposals to lots, values foreign-currency gains in their
/// currency where the year's rule says so ([`fx_gain`]), and sums each tax year. `inputs` are
/// the effective inputs ([`crate::overrides::apply`]) when the settings' overrides change the
/// trade list. Where a trade has a sale-side or crypto fee, the years are also computed with
/// that fee setting the other way, and each year's assumptions state the difference.
pub fn compute(inputs: &Inputs, settings: &Settings) -> Result<Computation, InputErrors> {
    let valuation = valuation::value_trades(&inputs.trades, &inputs.rates, &inputs.prices, settings)?;
    let values = &valuation.values;
    // The fee settings the other way round are independent computations: on their own threads,
    // beside the main one (only those some trade has a fee for).
    let settings_needed: Vec<FeeSetting> = [FeeSetting::SaleFees, FeeSetting::CryptoFees]
        .into_iter()
        .filter(|s| inputs.trades.iter().any(|t| governed(t, *s)))
        .collect();
    let (main, others) = std::thread::scope(|scope| {
        let others: Vec<_> = settings_needed
            .iter()
            .map(|&setting| {
                let other = flipped(settings, setting);
                (
                    setting,
                    scope.spawn(move || -> Result<Vec<YearResult>, InputErrors> {
                        let mut m =
                            matching::match_trades(&inputs.trades, values, &other.rules, other.method)?;
                        fx_gain::apply(
                            &inputs.trades,
                            values,
                            &inputs.rates,
                            &other,
                            &mut m.disposals,
                            &mut m.lot_uses,
                        )?;
                        Ok(years_of(inputs, &other, &m.disposals))
                    }),
                )
            })
            .collect();
        let main = matching::match_trades(&inputs.trades, values, &settings.rules, settings.method);
        let others: Vec<_> = others
            .into_iter()
            .map(|(s, h)| (s, h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))))
            .collect();
        (main, others)
    });
    let matched = main?;
    let mut warnings = inputs.warnings.clone();
    warnings.extend(valuation.warnings);
    warnings.extend(matched.warnings);
    let mut c = Computation {
        values: valuation.values,
        disposals: matched.disposals,
        holdings: matched.holdings,
        lot_uses: matched.lot_uses,
        years: Vec::new(),
        fx_gains: Vec::new(),
        warnings,
    };
    // A broker's own FIFO results are a cross-check in the sale's currency, made on the
    // per-leg figures: only meaningful when we match FIFO too.
    if settings.method == Method::Fifo && !inputs.broker_fifo.is_empty() {
        let located = freedom::locate(&inputs.broker_fifo, &inputs.trades);
        let differences = freedom::compare_fifo(&located, &c, inputs);
        c.warnings.extend(differences);
    }
    let applied = fx_gain::apply(
        &inputs.trades,
        &c.values,
        &inputs.rates,
        settings,
        &mut c.disposals,
        &mut c.lot_uses,
    )?;
    c.years = years_of(inputs, settings, &c.disposals);
    for y in &mut c.years {
        if let Some(counts) = applied.counts.get(&y.year) {
            y.set_fx_counts(*counts);
        }
    }
    c.fx_gains = applied.gains;
    for (setting, other_years) in others {
        record_fee_effect(inputs, &mut c, setting, &other_years?);
    }
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

fn years_of(inputs: &Inputs, settings: &Settings, disposals: &[Disposal]) -> Vec<YearResult> {
    yearly::yearly_placed(disposals, settings, |d| settings.place(&inputs.trades[d.trade]))
}

/// Whether a trade has a fee that `setting` governs.
fn governed(t: &Trade, setting: FeeSetting) -> bool {
    !t.fee.is_zero()
        && match setting {
            FeeSetting::SaleFees => t.kind != Kind::Crypto && t.side == Side::Sell,
            FeeSetting::CryptoFees => t.kind == Kind::Crypto,
        }
}

/// The settings with `setting` the other way round in every year.
fn flipped(settings: &Settings, setting: FeeSetting) -> Settings {
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

/// Records in each year with a fee governed by `setting` the figures with it the other way.
fn record_fee_effect(inputs: &Inputs, c: &mut Computation, setting: FeeSetting, other_years: &[YearResult]) {
    let years_with_fee: std::collections::BTreeSet<i32> = inputs
        .trades
        .iter()
        .zip(&c.values)
        .filter(|(t, _)| governed(t, setting))
        .map(|(_, v)| v.tax_date.year())
        .collect();
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
