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
    /// Fewer disposals than this per thread are gone over on one.
    const PART: usize = 100_000;
    let parts = crate::threads().min(disposals.len() / PART).max(1);
    apply_in_parts(trades, values, rates, settings, disposals, lot_uses, parts)
}

/// As [`apply`], the disposals gone over in `parts` runs of consecutive disposals on as many
/// threads, each with the lot uses its disposals consumed, and the runs' findings put back in
/// order: the result is the one pass's. Disposals whose lot uses are not in disposal order
/// (never made by matching) are gone over in one pass.
fn apply_in_parts(
    trades: &[Trade],
    values: &[TradeValue],
    rates: &RateTable,
    settings: &Settings,
    disposals: &mut [Disposal],
    lot_uses: &mut [LotUse],
    parts: usize,
) -> Result<Applied, InputErrors> {
    let n = disposals.len();
    let in_order = disposals.windows(2).all(|w| w[0].lots.end <= w[1].lots.start)
        && disposals.iter().all(|d| d.lots.start <= d.lots.end)
        && disposals.last().is_none_or(|d| d.lots().end <= lot_uses.len());
    let parts = if in_order { parts.clamp(1, n.max(1)) } else { 1 };
    // Consecutive runs of disposals, each with its lot uses (from the run's first lot use to
    // the next run's) and the index of its first lot use.
    let mut runs: Vec<(&mut [Disposal], &mut [LotUse], usize)> = Vec::with_capacity(parts);
    if parts == 1 {
        runs.push((disposals, lot_uses, 0));
    } else {
        let size = n.div_ceil(parts);
        let (mut rest, mut rest_uses, mut base) = (disposals, lot_uses, 0);
        while !rest.is_empty() {
            let (run, more) = rest.split_at_mut(size.min(rest.len()));
            let end = more.first().map_or(base + rest_uses.len(), |d| d.lots().start);
            let (uses, more_uses) = rest_uses.split_at_mut(end - base);
            runs.push((run, uses, base));
            (rest, rest_uses, base) = (more, more_uses, end);
        }
    }
    let go_over = |(run, uses, base): (&mut [Disposal], &mut [LotUse], usize)| {
        let mut pass = Pass::new(trades, values, rates, settings);
        let mut gains = Vec::new();
        for (k, d) in run.iter_mut().enumerate() {
            let r = d.lots();
            let lots = (r.start.checked_sub(base).zip(r.end.checked_sub(base)))
                .and_then(|(start, end)| uses.get_mut(start..end));
            if let Some(gain) = pass.revalue(d, lots.unwrap_or_default()) {
                gains.push((k, gain));
            }
        }
        (run.len(), pass, gains)
    };
    let done = crate::on_threads(runs, go_over);
    let mut gains: Vec<Option<CurrencyGain>> = Vec::new();
    let mut first = 0;
    let mut all: Option<Pass<'_>> = None;
    for (len, pass, run_gains) in done {
        for (k, gain) in run_gains {
            if gains.is_empty() {
                // Made on the first disposal valued in its currency: most histories have none.
                gains = vec![None; n];
            }
            gains[first + k] = Some(gain);
        }
        first += len;
        match &mut all {
            None => all = Some(pass),
            Some(a) => a.merge(pass),
        }
    }
    let counts = match all {
        Some(pass) => pass.finish()?,
        None => BTreeMap::new(),
    };
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

    /// Adds the findings of `later`, a pass over the disposals that follow this pass's.
    fn merge(&mut self, later: Pass<'a>) {
        for (year, c) in later.counts {
            let e = self.counts.entry(year).or_default();
            e.in_currency += c.in_currency;
            e.other_currency += c.other_currency;
            e.priced += c.priced;
            e.average_method |= c.average_method;
        }
        for (key, (first, count, gap)) in later.missing {
            // The earlier pass's first sale needing the rate stays the first.
            self.missing.entry(key).or_insert((first, 0, gap)).1 += count;
        }
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
            .map(|(first, count, gap)| InputError::cannot_value(&trades[first].source(), count, gap))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{FileRole, Inputs};

    /// USD at the annual averages of 2025 (500) and 2026 (520); none for 2027.
    const RATES: &str = "date,currency,rate\n2025,USD,500\n2026,USD,520\n";

    /// The pass in parts gives what one pass gives, element by element: 30 shares bought in
    /// 2025 for 100 + i USD, a second security bought for tenge, then in 2026 (or 2027, when
    /// `late`) each share sold for 120 + i USD (valued in its currency) and every 7th sale of
    /// the second security for USD (bought in another currency: per leg).
    fn same_in_parts(late: bool) {
        let mut csv = String::from("date,side,asset,quantity,total,currency,exchange,kind\n");
        for i in 0..30 {
            csv += &format!(
                "2025-03-03T10:00:00Z,buy,AAPL,1,{},USD,Freedom,security\n",
                100 + i
            );
            csv += &format!(
                "2025-03-03T10:00:00Z,buy,KZTP,1,{},KZT,Freedom,security\n",
                50_000 + i
            );
        }
        let year = if late { 2027 } else { 2026 };
        for i in 0..30 {
            let day = if late && i < 10 { 2026 } else { year };
            csv += &format!(
                "{day}-03-02T10:00:00Z,sell,AAPL,1,{},USD,Freedom,security\n",
                120 + i
            );
            if i % 7 == 0 {
                csv += &format!(
                    "{day}-03-02T10:00:00Z,sell,KZTP,1,{},USD,Freedom,security\n",
                    110 + i
                );
            }
        }
        let mut inputs = Inputs::default();
        inputs
            .add_reader(RATES.as_bytes(), "rates.csv", FileRole::Auto)
            .unwrap();
        inputs
            .add_reader(csv.as_bytes(), "t.csv", FileRole::Auto)
            .unwrap();
        let settings = Settings::default();
        let mut rates_2027 = inputs.rates.clone();
        if late {
            // Valuation needs 2027's average too; the pass is then given a table without it.
            let mut with = Inputs::default();
            with.add_reader(
                "date,currency,rate\n2025,USD,500\n2026,USD,520\n2027,USD,530\n".as_bytes(),
                "r.csv",
                FileRole::Auto,
            )
            .unwrap();
            rates_2027 = with.rates;
        }
        let values = crate::valuation::value_trades(&inputs.trades, &rates_2027, &inputs.prices, &settings)
            .unwrap()
            .values;
        let m = crate::matching::match_until(&inputs.trades, &values, &settings.rules, Method::Fifo, None)
            .unwrap();
        let run = |parts| {
            let (mut d, mut l) = (m.disposals.clone(), m.lot_uses.clone());
            let applied = apply_in_parts(
                &inputs.trades,
                &values,
                &inputs.rates,
                &settings,
                &mut d,
                &mut l,
                parts,
            );
            (
                d,
                l,
                applied.map(|a| (a.gains, a.counts)).map_err(|e| e.to_string()),
            )
        };
        let one = run(1);
        match &one.2 {
            Ok((gains, counts)) => {
                // 30 AAPL sales in their currency, 5 KZTP sales per leg, in 2026.
                assert_eq!(gains.iter().filter(|g| g.is_some()).count(), 30);
                let c = counts[&2026];
                assert_eq!((c.in_currency, c.other_currency), (30, 5));
                // The first AAPL sale: (120 − 100) × 520 = 10,400.
                let k = gains.iter().position(Option::is_some).unwrap();
                assert_eq!(one.0[k].gain(), Decimal::from(10_400));
            }
            // 20 sales in 2027 have no 2027 average: one error naming the first of them.
            Err(e) => assert!(e.contains("20") && e.contains("t.csv:"), "{e}"),
        }
        assert_eq!(one.2.is_err(), late);
        for parts in [2, 3, 7, 1000] {
            assert_eq!(run(parts), one, "{parts} parts");
        }
    }

    #[test]
    fn the_pass_in_parts_is_the_one_pass() {
        same_in_parts(false);
    }

    #[test]
    fn missing_averages_found_in_parts_are_those_of_one_pass() {
        same_in_parts(true);
    }
}
