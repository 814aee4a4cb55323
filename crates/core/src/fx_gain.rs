//! The gain of a foreign-currency disposal worked out in its currency and converted once at the
//! average official rate of the sale year (2025 on: NC Art. 382(7); docs/formats.md §4, "Gain
//! in the trade's currency").
//!
//! Valuation gives every leg its own tenge value (a lot bought in 2025 at the 2025 average, the
//! sale in 2026 at the 2026 average); matching consumes lots in tenge. Where the year's
//! [`FxGain`] rule is `sale_year_average`, this pass goes over the matched disposals: a sale for
//! a foreign currency whose every lot was bought for that same currency gets its proceeds and
//! cost in that currency (from the trades themselves and the rates valuation used) and both are
//! converted at the sale year's average, so that the tenge gain is (proceeds − cost) in the
//! currency × that rate. The lots consumed are revalued alike, so the audit trail still adds up.
//! Every other disposal keeps its per-leg values, and the year's assumptions count them.

use crate::error::{InputError, InputErrors};
use crate::fiat;
use crate::legs::Role;
use crate::matching::{Disposal, LotUse};
use crate::model::{Code, Side, Trade};
use crate::money::round_tiyn;
use crate::rates::RateTable;
use crate::rules::{FeeRule, FxGain, FxRule};
use crate::settings::{Method, Settings};
use crate::valuation::{TradeValue, ValueGap};
use chrono::Datelike;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// How a disposal in a foreign currency was valued in its currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrencyGain {
    /// The currency of the sale and of every lot it consumed.
    pub currency: Code,
    /// The average official rate of the sale year (tenge per unit).
    pub rate: Decimal,
    /// Proceeds in the currency (fees counted as the year's rules say), full precision.
    pub proceeds: Decimal,
    /// Cost in the currency, full precision.
    pub cost: Decimal,
}

/// How many of a year's disposals each valuation applied to, for the year's assumptions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct YearCounts {
    /// Valued in their currency at the sale year's average.
    pub in_currency: usize,
    /// Sales for a foreign currency with a lot bought in another currency (or in tenge, or with
    /// a fee in a third currency): valued per leg.
    pub other_currency: usize,
    /// Disposals without a fiat side (priced through stablecoins or the price table): valued per
    /// leg.
    pub priced: usize,
    /// True when the matching method is the weighted average, whose costs are not traced to
    /// single lots: every disposal valued per leg.
    pub average_method: bool,
}

/// The result of the pass: one entry per disposal (`Some` where valued in its currency) and the
/// counts per tax year where the rule is in force.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    /// Parallel to the disposals; empty when no disposal was valued in its currency.
    pub gains: Vec<Option<CurrencyGain>>,
    /// Per tax year under `sale_year_average`.
    pub counts: BTreeMap<i32, YearCounts>,
}

/// Revalues the disposals (and the lots they consumed) that the year's rule values in their
/// currency. A missing annual average of a sale year is an error naming the first sale needing it.
pub fn apply(
    trades: &[Trade],
    values: &[TradeValue],
    rates: &RateTable,
    settings: &Settings,
    disposals: &mut [Disposal],
    lot_uses: &mut [LotUse],
) -> Result<Applied, InputErrors> {
    let mut pass = Pass::new(trades, values, rates, settings);
    let n = disposals.len();
    let mut gains: Vec<Option<CurrencyGain>> = Vec::new();
    for (k, d) in disposals.iter_mut().enumerate() {
        let lots = lot_uses.get_mut(d.lots()).unwrap_or_default();
        if let Some(gain) = pass.revalue(d, lots) {
            if gains.is_empty() {
                // Made on the first disposal valued in its currency: most histories have none.
                gains = vec![None; n];
            }
            gains[k] = Some(gain);
        }
    }
    let counts = pass.finish()?;
    Ok(Applied { gains, counts })
}

/// The pass of [`apply`], one disposal at a time (for disposals made and summed as they come):
/// [`Pass::revalue`] each, then [`Pass::finish`] for the counts or the errors.
pub struct Pass<'a> {
    trades: &'a [Trade],
    values: &'a [TradeValue],
    rates: &'a RateTable,
    settings: &'a Settings,
    counts: BTreeMap<i32, YearCounts>,
    /// Missing annual averages: per (currency, year), the first sale, how many, the gap.
    missing: BTreeMap<(String, i32), (usize, usize, ValueGap)>,
}

impl<'a> Pass<'a> {
    /// A pass under `settings`, over disposals of `trades` valued by `values` at `rates`.
    pub fn new(
        trades: &'a [Trade],
        values: &'a [TradeValue],
        rates: &'a RateTable,
        settings: &'a Settings,
    ) -> Pass<'a> {
        Pass {
            trades,
            values,
            rates,
            settings,
            counts: BTreeMap::new(),
            missing: BTreeMap::new(),
        }
    }

    /// Revalues `d` and `lots` (the lots it consumed) when the year's rule values it in its
    /// currency, and counts it; how it was valued when it was.
    pub fn revalue(&mut self, d: &mut Disposal, lots: &mut [LotUse]) -> Option<CurrencyGain> {
        let (trades, settings) = (self.trades, self.settings);
        let year = d.date.year();
        let rules = settings.rules.for_year(year).rules;
        if rules.fx_gain.value != FxGain::SaleYearAverage {
            return None;
        }
        let counts = self.counts.entry(year).or_default();
        let sale = trades.get(d.trade())?;
        if !fiat::is_fiat(&sale.currency) && !fiat::is_fiat(&sale.asset) {
            counts.priced += 1;
            return None;
        }
        let currency = &sale.currency;
        if d.role != Role::Sold
            || sale.side != Side::Sell
            || !fiat::is_fiat(currency)
            || currency.as_str() == fiat::KZT
        {
            return None;
        }
        if settings.method == Method::Average {
            counts.average_method = true;
            return None;
        }
        let Some((proceeds, cost, costs)) =
            in_currency(d, sale, lots, trades, self.values, self.rates, settings)
        else {
            counts.other_currency += 1;
            return None;
        };
        let rate = match self.rates.rate(currency, d.date, FxRule::AnnualAverage) {
            Ok(r) => r.kzt_per_unit,
            Err(m) => {
                let e = self.missing.entry((m.currency.clone(), year)).or_insert((
                    d.trade(),
                    0,
                    ValueGap::NoRate {
                        currency: m.currency,
                        wanted: m.wanted,
                        rule: FxRule::AnnualAverage,
                    },
                ));
                e.1 += 1;
                return None;
            }
        };
        counts.in_currency += 1;
        d.proceeds = round_tiyn(proceeds * rate);
        d.cost = round_tiyn(cost * rate);
        for (u, c) in lots.iter_mut().zip(costs) {
            u.cost = c * rate;
        }
        Some(CurrencyGain {
            currency: currency.clone(),
            rate,
            proceeds,
            cost,
        })
    }

    /// The counts per tax year under `sale_year_average`, or the missing annual averages.
    pub fn finish(self) -> Result<BTreeMap<i32, YearCounts>, InputErrors> {
        if self.missing.is_empty() {
            return Ok(self.counts);
        }
        let trades = self.trades;
        let errors = self
            .missing
            .into_values()
            .map(|(first, count, gap)| InputError::cannot_value(&trades[first].source, count, gap))
            .collect();
        Err(InputErrors(errors))
    }
}

/// The sale's proceeds, its cost and each lot's cost, all in the sale's currency, when the
/// sale's fee and every lot it consumed are in that currency; `None` otherwise. A lot's cost in
/// the currency is its tenge cost divided by the rate valuation converted it at (fees in the
/// currency were converted at the same rate; a fee taken from the bought asset costs nothing).
fn in_currency(
    d: &Disposal,
    sale: &Trade,
    lots: &[LotUse],
    trades: &[Trade],
    values: &[TradeValue],
    rates: &RateTable,
    settings: &Settings,
) -> Option<(Decimal, Decimal, Vec<Decimal>)> {
    let c = &sale.currency;
    let fee_ok = |t: &Trade| t.fee.is_zero() || t.fee_currency == *c || t.fee_currency == t.asset;
    if !fee_ok(sale) {
        return None;
    }
    let rules = settings.rules.for_year(d.date.year()).rules;
    let counted = rules.fee_rule(sale.kind, true) == FeeRule::Include;
    let fee = if !counted || sale.fee.is_zero() {
        Decimal::ZERO
    } else if sale.fee_currency == *c {
        sale.fee
    } else {
        // A fee in the sold asset, at the trade's own price (as valuation values it).
        sale.fee * sale.total / sale.quantity
    };
    let mut costs = Vec::with_capacity(lots.len());
    for u in lots {
        let lot = trades.get(u.lot_trade())?;
        if lot.side != Side::Buy || lot.currency != *c || !fee_ok(lot) {
            return None;
        }
        let v = values.get(u.lot_trade())?;
        let rule = settings.rules.for_year(v.tax_date.year()).rules.fx_rule.value;
        let r = rates.rate(c, v.tax_date, rule).ok()?.kzt_per_unit;
        costs.push(u.cost.checked_div(r)?);
    }
    Some((sale.total - fee, costs.iter().sum(), costs))
}
