//! The whole pipeline in one call: inputs and settings in, figures out.

use crate::error::InputErrors;
use crate::import::{Inputs, freedom};
use crate::matching::{self, Disposal, Holding, LotUse};
use crate::settings::Method;
use crate::settings::Settings;
use crate::valuation::{self, TradeValue};
use crate::warning::{Warning, WarningDetail};
use crate::yearly::{self, YearResult};

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
    /// All warnings: import, valuation, matching, rules.
    pub warnings: Vec<Warning>,
    /// Transfers, rewards, balance gaps: the ledger's figures ([`crate::ledger::summary`]).
    pub ledger: crate::ledger::Summary,
}

impl Computation {
    /// The lots a disposal consumed: its audit trail back to the purchases.
    pub fn lots<'a>(&'a self, d: &'a Disposal) -> &'a [LotUse] {
        self.lot_uses.get(d.lots.clone()).unwrap_or_default()
    }
}

/// Values the trades, matches disposals to lots and sums each tax year. `inputs` are the
/// effective inputs ([`crate::overrides::apply`]) when the settings' overrides change the
/// trade list.
pub fn compute(inputs: &Inputs, settings: &Settings) -> Result<Computation, InputErrors> {
    let valuation = valuation::value_trades(&inputs.trades, &inputs.rates, &inputs.prices, settings)?;
    let matched = matching::match_trades(
        &inputs.trades,
        &valuation.values,
        &settings.rules,
        settings.method,
    )?;
    let years = yearly::yearly_placed(&matched.disposals, settings, |d| {
        settings.place(&inputs.trades[d.trade])
    });
    let mut warnings = inputs.warnings.clone();
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
        ledger: crate::ledger::Summary::default(),
    };
    if inputs.ledger.outcome.is_some() {
        c.ledger = crate::ledger::summary(inputs, &c.disposals, &c.lot_uses, settings);
    }
    // A broker's own FIFO results are a cross-check: only meaningful when we match FIFO too.
    if settings.method == Method::Fifo && !inputs.broker_fifo.is_empty() {
        let located = freedom::locate(&inputs.broker_fifo, &inputs.trades);
        let differences = freedom::compare_fifo(&located, &c, inputs);
        c.warnings.extend(differences);
    }
    Ok(c)
}
