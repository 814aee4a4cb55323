//! The filing thresholds of a year in MCI: holdings abroad on 31 December against 1,000 MCI
//! (for information from 2025), money in foreign bank accounts against 1,000 MCI, property
//! bought in the year against 20,000 MCI (digital assets left out from 2025), annual income
//! against 8,500 MCI (2026), the year's dividends against 230,000 MCI (2025, 2026), at the
//! year's MCI from the rule table. A year without an MCI of
//! its own compares nothing ([`Threshold::not_compared`]).

use super::holdings::HoldingRow;
use crate::fiat;
use crate::import::Inputs;
use crate::model::{Kind, Side};
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
    /// Items left out of the total by the year's rule (digital-asset purchases from 2025).
    pub excluded: usize,
    /// False when the year has no MCI of its own: `over` is then false whatever the total.
    pub compared: bool,
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
            excluded: 0,
            compared: true,
            reference: rule.reference.clone(),
        }
    }

    /// The same threshold, not compared: the year has no MCI of its own in the law read.
    pub fn not_compared(mut self) -> Threshold {
        self.compared = false;
        self.over = false;
        self
    }
}

/// Money in foreign bank accounts on 31 December, as the user entered it, against the bank
/// threshold.
pub fn foreign_bank(balance: Decimal, rule: &Rule<Decimal>, mci: Decimal) -> Threshold {
    Threshold::new(rule, mci, balance, 1, 0)
}

/// The year's annual income against the income threshold.
pub fn annual_income(income: Decimal, rule: &Rule<Decimal>, mci: Decimal) -> Threshold {
    Threshold::new(rule, mci, income, 1, 0)
}

/// The year's dividends (gross, tenge: every dividend the broker reports give, of foreign and
/// Kazakhstan issuers, at the year's rate rule) against the dividends threshold; `payments` is
/// how many dividends make up the total.
pub fn dividends(total: Decimal, payments: usize, rule: &Rule<Decimal>, mci: Decimal) -> Threshold {
    Threshold::new(rule, mci, total, payments, 0)
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
/// threshold; with `exclude_digital_assets`, purchases of digital assets are left out (and
/// counted in `excluded`). Purchases paid with another asset count too: the total is an upper
/// bound.
pub fn property_bought(
    inputs: &Inputs,
    values: &[TradeValue],
    year: i32,
    rule: &Rule<Decimal>,
    mci: Decimal,
    exclude_digital_assets: bool,
) -> Threshold {
    let mut total = Decimal::ZERO;
    let mut items = 0;
    let mut excluded = 0;
    for (t, v) in inputs.trades.iter().zip(values) {
        if t.side == Side::Buy && v.tax_date.year() == year && !fiat::is_fiat(&t.asset) {
            if exclude_digital_assets && t.kind == Kind::Crypto {
                excluded += 1;
                continue;
            }
            total += v.value;
            items += 1;
        }
    }
    let mut t = Threshold::new(rule, mci, total, items, 0);
    t.excluded = excluded;
    t
}
