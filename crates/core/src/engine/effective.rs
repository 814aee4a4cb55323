//! The effective inputs: the loaded inputs with the user's decisions applied (trades excluded,
//! purchases entered: [`apply_overrides`]), then the ledger's events turned into trades
//! ([`crate::ledger::expand`]). [`apply`] makes them, [`compute_effective`] makes them and
//! computes on them: the one "apply, then compute" of the command line, the case and the
//! window. The decisions themselves are data ([`crate::overrides`]), below the importers; making
//! the effective inputs needs the importers' [`Inputs`], so it lives here, beside the engine.

use crate::error::InputErrors;
use crate::exemptions::TradeKey;
use crate::import::Inputs;
use crate::ledger;
use crate::model::{Code, Shared, Side, Trade};
use crate::overrides::{self, Change, ENTERED, Override};
use crate::settings::Settings;
use rust_decimal::Decimal;

use super::Computation;

/// Inputs with the overrides applied, and where each loaded trade went.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The effective inputs, which the computation's trade indices refer to.
    pub inputs: Inputs,
    /// For each trade of the loaded inputs, its index in `inputs` (`None`: excluded).
    pub loaded_index: Vec<Option<u32>>,
}

/// The effective inputs: excluded trades left out, entered purchases added at the end (as
/// trades from the file `entered`, line = the override's number), warnings pointed at the
/// trades' new places. `None` when the overrides do not change the trade list: the loaded
/// inputs are the effective ones.
pub fn apply_overrides(inputs: &Inputs, list: &[Override], tz: chrono::FixedOffset) -> Option<Applied> {
    if !overrides::changes_trades(list) {
        return None;
    }
    let excluded: std::collections::HashSet<&TradeKey> = list
        .iter()
        .filter_map(|o| match &o.change {
            Change::Exclude { trade, .. } => Some(trade),
            _ => None,
        })
        .collect();
    let mut new_index: Vec<Option<u32>> = Vec::with_capacity(inputs.trades.len());
    let mut kept = Vec::with_capacity(inputs.trades.len());
    for t in &inputs.trades {
        if !excluded.is_empty() && excluded.contains(&TradeKey::of(&t.source())) {
            new_index.push(None);
        } else {
            new_index.push(u32::try_from(kept.len()).ok());
            kept.push(t.clone());
        }
    }
    for o in list {
        if let Change::AddPurchase {
            asset,
            kind,
            date,
            quantity,
            cost_kzt,
            venue,
            ..
        } = &o.change
        {
            let Some(time) = date
                .and_hms_opt(0, 0, 0)
                .and_then(|t| t.and_local_timezone(tz).single())
            else {
                continue;
            };
            let kzt: Code = Code::from(crate::fiat::KZT);
            kept.push(Trade {
                file: Shared::from(ENTERED),
                line: crate::model::line32(o.id),
                time,
                side: Side::Buy,
                asset: Code::from(asset.trim().to_uppercase().as_str()),
                quantity: *quantity,
                total: *cost_kzt,
                currency: kzt.clone(),
                fee: Decimal::ZERO,
                fee_currency: kzt,
                exchange: venue.as_deref().map(Code::from),
                id: Some(crate::model::TradeId::from(format!("override-{}", o.id))),
                kind: *kind,
                note: (!o.reason.is_empty()).then(|| o.reason.as_str().into()),
            });
        }
    }
    let mut out = inputs.with_trades(kept);
    // A group of rows Salyq could not pair, excluded by the user, is resolved: its warning goes.
    if !excluded.is_empty() {
        out.warnings.retain(|w| {
            !(crate::overrides::is_unresolved_group(w)
                && w.source
                    .as_ref()
                    .is_some_and(|s| excluded.contains(&TradeKey::of(s))))
        });
    }
    for w in &mut out.warnings {
        w.trade = w
            .trade
            .and_then(|i| new_index.get(i).copied().flatten())
            .map(|i| i as usize);
    }
    Some(Applied {
        inputs: out,
        loaded_index: new_index,
    })
}

/// The effective inputs: the overrides applied ([`apply_overrides`]), then the ledger (see
/// the module's docs). `None` when neither changes anything: the loaded inputs are the
/// effective ones.
pub fn apply(inputs: &Inputs, settings: &Settings) -> Option<Applied> {
    let base = apply_overrides(inputs, &settings.overrides, settings.tz);
    if inputs.ledger.entries.is_empty() {
        return base;
    }
    let (mut eff, loaded_index) = match base {
        Some(a) => (a.inputs, a.loaded_index),
        None => (
            inputs.clone(),
            (0..inputs.trades.len()).map(|i| u32::try_from(i).ok()).collect(),
        ),
    };
    ledger::expand(&mut eff, settings);
    Some(Applied {
        inputs: eff,
        loaded_index,
    })
}

/// The effective inputs ([`apply`]) and the computation on them. `None` in the first place
/// when the loaded inputs are the effective ones; every index of the computation refers to the
/// effective inputs.
pub fn compute_effective(
    inputs: &Inputs,
    settings: &Settings,
) -> Result<(Option<Applied>, Computation), InputErrors> {
    let applied = apply(inputs, settings);
    let c = super::compute(applied.as_ref().map_or(inputs, |a| &a.inputs), settings)?;
    Ok((applied, c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::FileRole;
    use crate::model::Kind;
    use crate::overrides::ExcludeWhy;
    use chrono::{DateTime, NaiveDate};
    use rust_decimal_macros::dec;

    fn o(id: u64, change: Change) -> Override {
        Override {
            id,
            change,
            reason: "test".into(),
            by: "tester".into(),
            at: DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn exclusions_and_entered_purchases_make_the_effective_trades() {
        let mut inputs = Inputs::default();
        inputs
            .add_reader(
                "date,side,asset,quantity,total,currency\n\
                 2025-03-03T10:00:00Z,buy,BTC,1,1000,KZT\n\
                 2025-04-03T10:00:00Z,buy,BTC,1,1000,KZT\n\
                 2025-06-02T10:00:00Z,sell,BTC,2,3000,KZT\n"
                    .as_bytes(),
                "t.csv",
                FileRole::Auto,
            )
            .unwrap();
        assert!(apply_overrides(&inputs, &[], crate::settings::kazakhstan_offset()).is_none());
        let list = [
            o(
                1,
                Change::Exclude {
                    trade: TradeKey::parse("t.csv:3").unwrap(),
                    why: ExcludeWhy::Duplicate,
                },
            ),
            o(
                2,
                Change::AddPurchase {
                    asset: "btc".into(),
                    kind: Kind::Crypto,
                    date: NaiveDate::from_ymd_opt(2024, 12, 1).unwrap(),
                    quantity: dec!(1),
                    cost_kzt: dec!(500),
                    venue: None,
                    for_trade: TradeKey::parse("t.csv:4"),
                },
            ),
        ];
        let applied = apply_overrides(&inputs, &list, crate::settings::kazakhstan_offset()).unwrap();
        assert_eq!(applied.loaded_index, [Some(0), None, Some(1)]);
        let eff = applied.inputs;
        let lines: Vec<String> = eff.trades.iter().map(|t| t.source().to_string()).collect();
        assert_eq!(lines, ["t.csv:2", "t.csv:4", "entered:2"]);
        assert_eq!(&*eff.trades[2].asset, "BTC");
        assert_eq!(eff.trades[2].total, dec!(500));
        // FIFO: the entered purchase (2024-12-01, 500) and the first (1000) cover the sale of 2:
        // gain 3000 − 1500 = 1500.
        let c = crate::engine::compute(&eff, &crate::settings::Settings::default()).unwrap();
        assert_eq!(c.disposals.len(), 1);
        assert_eq!(c.disposals[0].gain(), dec!(1500));
        assert_eq!(inputs.trades.len(), 3, "the source is untouched");
    }
}
