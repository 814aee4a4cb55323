//! The whole pipeline in one call: inputs and settings in, figures out.
//!
//! The computation's figures are the declared ones and always use FIFO: the law's method for
//! securities from 2026 (NC Art. 387(5)–(6)) [L] and for digital assets from 2025 [S]. When the
//! settings choose another method, its figures come beside them as a [`WhatIf`], which no form
//! reads.

use crate::error::InputErrors;
use crate::import::{Inputs, freedom};
use crate::matching::{self, Disposal, Holding, LotUse, Matched};
use crate::model::Trade;
use crate::money::round_tiyn;
use crate::settings::Method;
use crate::settings::Settings;
use crate::tax_haven::Flag;
use crate::valuation::{self, TradeValue};
use crate::warning::{Warning, WarningDetail};
use crate::yearly::{self, YearResult};
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
    /// All warnings: import, valuation, matching, rules.
    pub warnings: Vec<Warning>,
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
}

impl Computation {
    /// The dividends and interest of one tax year, if it had any.
    pub fn income_of(&self, year: i32) -> Option<&crate::income::YearIncome> {
        self.income.iter().find(|y| y.year == year)
    }

    /// The lots a disposal consumed: its audit trail back to the purchases.
    pub fn lots<'a>(&'a self, d: &'a Disposal) -> &'a [LotUse] {
        self.lot_uses.get(d.lots.clone()).unwrap_or_default()
    }

    /// The what-if result of one tax year, when a what-if method is chosen and the year had
    /// disposals.
    pub fn what_if_year(&self, year: i32) -> Option<&YearResult> {
        self.what_if.as_deref().and_then(|w| w.year(year))
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
/// chosen) and sums each tax year. `inputs` are the effective inputs
/// ([`crate::overrides::apply`]) when the settings' overrides change the trade list.
pub fn compute(inputs: &Inputs, settings: &Settings) -> Result<Computation, InputErrors> {
    let valuation = valuation::value_trades(&inputs.trades, &inputs.rates, &inputs.prices, settings)?;
    let income = crate::income::by_year(&inputs.income, &inputs.rates, settings)?;
    // The declared figures: FIFO whatever the settings choose.
    let declared: Cow<'_, Settings> = if settings.method == Method::Fifo {
        Cow::Borrowed(settings)
    } else {
        Cow::Owned(Settings {
            method: Method::Fifo,
            ..settings.clone()
        })
    };
    let matched = match_trades(&inputs.trades, &valuation.values, &declared, Method::Fifo, None)?;
    let years = yearly::yearly_placed(&matched.disposals, &declared, |d| {
        declared.place(&inputs.trades[d.trade])
    });
    let what_if = if settings.method == Method::Fifo {
        None
    } else {
        let m = match_trades(&inputs.trades, &valuation.values, settings, settings.method, None)?;
        let years = yearly::yearly_placed(&m.disposals, settings, |d| {
            settings.place(&inputs.trades[d.trade])
        });
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
    warnings.extend(valuation.warnings);
    warnings.extend(matched.warnings);
    for y in &years {
        if let Some(from) = y.borrowed_from {
            warnings.push(Warning::new(
                WarningDetail::NoRulesForYear { year: y.year, from },
                None,
                None,
            ));
        }
    }
    let mut c = Computation {
        values: valuation.values,
        disposals: matched.disposals,
        holdings: matched.holdings,
        lot_uses: matched.lot_uses,
        years,
        warnings,
        what_if,
        income,
    };
    // A broker's own FIFO results are a cross-check of the declared (FIFO) figures.
    if !inputs.broker_fifo.is_empty() {
        let located = freedom::locate(&inputs.broker_fifo, &inputs.trades);
        let differences = freedom::compare_fifo(&located, &c, inputs);
        c.warnings.extend(differences);
    }
    Ok(c)
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
