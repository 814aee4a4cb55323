//! The ledger's part of the report: the `ledger` object of `report --json` (a public interface,
//! fields only added) and the lines of the readable report.

use super::{Summary, YearLedger};
use crate::money::fmt_grouped;
use serde::Serialize;
use std::fmt::Write;

/// The `ledger` object: the summary, its years limited to one when a year is chosen.
#[derive(Serialize)]
pub struct Json<'a> {
    years: Vec<&'a YearLedger>,
    transfers: &'a [super::PairView],
    unpaired_deposits: u64,
    unpaired_withdrawals: u64,
    balance_gaps: &'a [super::balance::Gap],
    duplicates: u64,
}

impl<'a> Json<'a> {
    /// The object of `l`, with the year `year` alone when one is chosen.
    pub fn new(l: &'a Summary, year: Option<i32>) -> Json<'a> {
        Json {
            years: l
                .years
                .iter()
                .filter(|y| year.is_none_or(|w| w == y.year))
                .collect(),
            transfers: &l.transfers,
            unpaired_deposits: l.unpaired_deposits,
            unpaired_withdrawals: l.unpaired_withdrawals,
            balance_gaps: &l.balance_gaps,
            duplicates: l.duplicates,
        }
    }
}

/// The ledger lines of a tax year in the readable report.
pub fn year_lines(s: &mut String, l: &YearLedger) {
    if l.rewards > 0 {
        let unpriced = if l.rewards_unpriced > 0 {
            format!(", {} without a price not counted", l.rewards_unpriced)
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "  · rewards: {} received, {} KZT on the day{unpriced}; lots cost {} [U]; {}",
            l.rewards,
            fmt_grouped(l.rewards_kzt),
            if l.reward_cost == "zero" {
                "0"
            } else {
                "their value on the day"
            },
            l.status
        );
    }
    for a in &l.apart {
        let _ = writeln!(
            s,
            "  · kept apart, not taxed here: {} {} {}",
            a.kind.as_str(),
            a.amount.normalize(),
            a.asset
        );
    }
    if l.rests_on_opening {
        let _ = writeln!(s, "  · these figures rest on opening positions you entered");
    }
    if l.rests_on_unknown_cost {
        let _ = writeln!(
            s,
            "  · these figures rest on lots of unknown (zero) cost: see the warnings at the deposits"
        );
    }
}

/// The ledger's summary lines (transfers, balance gaps), after the years.
pub fn lines(s: &mut String, l: &Summary) {
    if l.transfers.is_empty()
        && l.unpaired_deposits == 0
        && l.unpaired_withdrawals == 0
        && l.balance_gaps.is_empty()
    {
        return;
    }
    let _ = writeln!(
        s,
        "\nTransfers between own accounts: {} paired; unpaired deposits: {}, unpaired withdrawals: {}; balance gaps: {}",
        l.transfers.len(),
        l.unpaired_deposits,
        l.unpaired_withdrawals,
        l.balance_gaps.len()
    );
}
