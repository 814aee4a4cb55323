//! The cross-check of a broker's own FIFO profits (the Freedom Finance report's
//! `fifo_profit`, [`freedom::FreedomReport::broker_fifo`]) against Salyq's figures:
//! [`crate::engine::compute`] runs it on the disposals and lot uses of the declared (FIFO)
//! matching, before the gains in currency. It sits beside the engine, over the importers and
//! the matching, so that the importers know nothing of the computation.

#[cfg(doc)]
use crate::import::freedom::{self, FreedomReport};
use crate::legs::Role;
use crate::matching::{Disposal, LotUse};
use crate::model::{Side, Trade};
use crate::money::round_tiyn;
use crate::valuation::TradeValue;
use crate::warning::{Warning, WarningDetail};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

/// Largest difference, in the sale's currency, between the broker's FIFO profit and Salyq's that
/// is not reported.
pub const FIFO_TOLERANCE: Decimal = Decimal::ONE;

/// Compares the broker's FIFO profit of each sale with Salyq's own figure for it, and returns a
/// [`WarningKind::BrokerFifoDiffers`](crate::warning::WarningKind::BrokerFifoDiffers) warning
/// for each sale where they differ by more than [`FIFO_TOLERANCE`] (one unit of the sale's
/// currency). `broker` holds (index into `trades`, the broker's profit); the indices of
/// [`FreedomReport::broker_fifo`] must be moved to `trades` first (see [`freedom::locate`]).
///
/// Both figures are compared in the sale's currency. The broker's is its currency figure;
/// Salyq's is rebuilt from the computation: each of the sale's disposals' tenge proceeds
/// divided by the sale's own tenge-per-unit rate (its value V ÷ its total), minus each lot
/// consumed's tenge cost divided by the rate of the purchase that made the lot. That undoes
/// the exchange rates, so a rate that moved between purchase and sale (which changes the tenge
/// gain but not the broker's) raises no warning; what remains are differences in which lots
/// were matched and at what cost: a missing purchase, a transfer, a split, a fee treated
/// otherwise. Proceeds are net of fees and costs include them when the year's fee rule includes
/// fees. The comparison is only meaningful for a FIFO computation.
///
/// A sale is left out (no warning either way) when one of its lots was not bought in the sale's
/// currency (a rate between two currencies would be needed), or when a trade has no value.
pub fn compare(
    broker: &[(usize, Decimal)],
    trades: &[Trade],
    values: &[TradeValue],
    disposals: &[Disposal],
    lot_uses: &[LotUse],
) -> Vec<Warning> {
    #[derive(Default)]
    struct Ours {
        proceeds: Decimal,
        cost: Decimal,
        kzt: Decimal,
        seen: bool,
        incomparable: bool,
    }
    let mut ours: FxHashMap<usize, Ours> = broker.iter().map(|&(i, _)| (i, Ours::default())).collect();
    for d in disposals {
        if d.role != Role::Sold {
            continue;
        }
        let (Some(o), Some(sale)) = (ours.get_mut(&d.trade()), trades.get(d.trade())) else {
            continue;
        };
        o.seen = true;
        o.kzt += d.gain();
        match per_unit(sale, values.get(d.trade())).and_then(|r| d.proceeds.checked_div(r)) {
            Some(p) => o.proceeds += p,
            None => o.incomparable = true,
        }
        for u in lot_uses.get(d.lots()).unwrap_or_default() {
            let cost = trades
                .get(u.lot_trade())
                .filter(|lot| {
                    lot.side == Side::Buy && lot.asset == sale.asset && lot.currency == sale.currency
                })
                .and_then(|lot| per_unit(lot, values.get(u.lot_trade())))
                .and_then(|r| u.cost.checked_div(r));
            match cost {
                Some(c) => o.cost += c,
                None => o.incomparable = true,
            }
        }
    }
    broker
        .iter()
        .filter_map(|&(i, theirs)| {
            let o = ours.get(&i).filter(|o| o.seen && !o.incomparable)?;
            let sale = trades.get(i).filter(|t| t.side == Side::Sell)?;
            let mine = round_tiyn(o.proceeds - o.cost);
            if (mine - theirs).abs() <= FIFO_TOLERANCE {
                return None;
            }
            let detail = WarningDetail::BrokerFifoDiffers {
                id: sale.label(),
                asset: sale.asset.to_string(),
                date: values.get(i)?.tax_date,
                currency: sale.currency.to_string(),
                broker: theirs,
                ours: mine,
                ours_kzt: o.kzt,
            };
            Some(Warning::new(detail, Some(sale.source()), Some(i)))
        })
        .collect()
}

/// Tenge per unit of a trade's currency, as its value implies (V ÷ total).
fn per_unit(t: &Trade, v: Option<&TradeValue>) -> Option<Decimal> {
    let v = v?;
    if t.total.is_zero() || v.value.is_zero() {
        return None;
    }
    v.value.checked_div(t.total)
}
