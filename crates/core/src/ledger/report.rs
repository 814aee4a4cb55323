//! The ledger's part of the report: the `ledger` object of `report --json` (a public interface,
//! fields only added) and the lines of the readable report.

use super::{Summary, YearLedger};
use crate::money::fmt_grouped;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::fmt::Write;

/// The `ledger` object: the summary, its years limited to one when a year is chosen.
pub struct Json<'a>(pub &'a Summary, pub Option<i32>);

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (l, year) = (self.0, self.1);
        let years: Vec<&YearLedger> = l
            .years
            .iter()
            .filter(|y| year.is_none_or(|w| w == y.year))
            .collect();
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("years", &years)?;
        m.serialize_entry("transfers", &l.transfers)?;
        m.serialize_entry("unpaired_deposits", &l.unpaired_deposits)?;
        m.serialize_entry("unpaired_withdrawals", &l.unpaired_withdrawals)?;
        m.serialize_entry("balance_gaps", &l.balance_gaps)?;
        m.serialize_entry("duplicates", &l.duplicates)?;
        m.end()
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
