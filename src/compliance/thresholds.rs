//! The filing thresholds of a year in MCI: holdings abroad on 31 December against 1,000 MCI,
//! property bought in the year against 20,000 MCI, at the year's MCI from the rule table.

use super::holdings::HoldingRow;
use crate::fiat;
use crate::import::Inputs;
use crate::model::Side;
use crate::money::round_tiyn;
use crate::rules::{Reference, Rule};
use crate::valuation::TradeValue;
use crate::venues::Country;
use chrono::Datelike;
use rust_decimal::Decimal;

/// An amount compared with a threshold of so many MCI.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    /// The threshold in MCI (1,000).
    pub mci_count: Decimal,
    /// The year's MCI in tenge.
    pub mci: Decimal,
    /// `mci_count × mci`, tenge.
    pub limit_kzt: Decimal,
    /// The amount compared, tenge (rounded half-up to 0.01).
    pub total_kzt: Decimal,
    /// `total_kzt > limit_kzt`.
    pub over: bool,
    /// How many items make up the total.
    pub items: usize,
    /// Of those, how many count at cost for want of a year-end price.
    pub at_cost: usize,
    /// The source.
    pub reference: Reference,
}

impl Threshold {
    fn new(rule: &Rule<Decimal>, mci: Decimal, total: Decimal, items: usize, at_cost: usize) -> Threshold {
        let limit = rule.value * mci;
        let total = round_tiyn(total);
        Threshold {
            mci_count: rule.value,
            mci,
            limit_kzt: limit,
            total_kzt: total,
            over: total > limit,
            items,
            at_cost,
            reference: rule.reference.clone(),
        }
    }
}

/// Holdings on venues counted abroad on 31 December (value, or cost without a price) against
/// the foreign-assets threshold.
pub fn foreign_assets(rows: &[HoldingRow], rule: &Rule<Decimal>, mci: Decimal) -> Threshold {
    let abroad: Vec<&HoldingRow> = rows.iter().filter(|r| r.country == Country::Abroad).collect();
    let total = abroad.iter().map(|r| r.amount()).sum();
    let at_cost = abroad.iter().filter(|r| r.value.is_none()).count();
    Threshold::new(rule, mci, total, abroad.len(), at_cost)
}

/// Every purchase of an asset in `year` (a buy; its tenge value V) against the purchase
/// threshold. Purchases paid with another asset count too: the total is an upper bound.
pub fn property_bought(
    inputs: &Inputs,
    values: &[TradeValue],
    year: i32,
    rule: &Rule<Decimal>,
    mci: Decimal,
) -> Threshold {
    let mut total = Decimal::ZERO;
    let mut items = 0;
    for (t, v) in inputs.trades.iter().zip(values) {
        if t.side == Side::Buy && v.tax_date.year() == year && !fiat::is_fiat(&t.asset) {
            total += v.value;
            items += 1;
        }
    }
    Threshold::new(rule, mci, total, items, 0)
}
