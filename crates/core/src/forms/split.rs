//! The spouse split: spouses with joint property sometimes declare its income half each, under
//! two IINs, as practitioners do [S]. [`apply`] halves a draft's income lines between the
//! taxpayer and the spouse and works the totals and the tax out again for each half; the draft
//! then shows the taxpayer's half, and [`Split`] keeps both halves and the whole.
//!
//! Rounding, in whole tenge: the taxpayer's half of a line is half the whole rounded half-up
//! (away from zero), the spouse's is the whole less it — so the two halves always add up to the
//! whole (an odd 200,001 gives 100,001 and 100,000).

use super::{FormDraft, LineId, Sums};
use crate::money::round_tenge;
use crate::taxpayer::Iin;
use rust_decimal::{Decimal, RoundingStrategy};

/// One line of the split draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    /// The line.
    pub id: LineId,
    /// Its value before the split.
    pub whole: Decimal,
    /// The taxpayer's value (what the draft shows).
    pub taxpayer: Decimal,
    /// The spouse's value.
    pub spouse: Decimal,
}

/// A draft split between the taxpayer and the spouse.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// The spouse's IIN (`iin_spouse` of the cabinet XML).
    pub spouse_iin: Iin,
    /// Every line of the form, in form order.
    pub shares: Vec<Share>,
}

impl Split {
    /// The share of a line.
    pub fn share(&self, id: LineId) -> Option<&Share> {
        self.shares.iter().find(|s| s.id == id)
    }
}

/// The rounding rule, in words (the JSON's `split.rounding`).
pub const ROUNDING: &str = "whole tenge: the taxpayer's half rounded half-up, the spouse's the whole less it";

/// The assumption every rendering of a split draft states.
pub fn assumption(spouse: &Iin) -> String {
    format!(
        "Spouse split with IIN {spouse} [S: practitioners' practice for joint property]: the income lines and the \
         foreign tax credit are halved between the taxpayer and the spouse, in whole tenge — the taxpayer's half \
         rounded half-up, the spouse's the whole less it; the totals, G and the tax H are worked out again for each \
         half (H on the taxpayer's half with the other income entered, on the spouse's half with no other income \
         [U]); deductions (F) stay the taxpayer's own; the rows of appendix 270.04 are listed whole"
    )
}

/// Half of a whole-tenge amount, rounded half-up (away from zero), and the rest.
pub fn halves(whole: Decimal) -> (Decimal, Decimal) {
    let first = (whole / Decimal::TWO).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    (first, whole - first)
}

/// How a line is reached from the others.
enum Rule {
    /// Halved: it sums disposals or holds an entered amount.
    Halved,
    /// The taxpayer's own (deductions, lines Salyq does not compute): the spouse gets 0.
    Own,
    /// The first line less the others, at least 0 (G).
    Difference,
    /// The tax on the line named (H on G).
    Tax,
    /// The first line less the others (K).
    Payable,
    /// The sum of the lines named.
    Sum,
}

fn rule_of(id: LineId, sums: &Sums) -> Rule {
    match (id, sums) {
        (LineId::G, _) => Rule::Difference,
        (LineId::H, _) => Rule::Tax,
        (LineId::K, _) => Rule::Payable,
        (id, _) if id.as_str().starts_with('F') => Rule::Own,
        (_, Sums::Disposals(_) | Sums::Entered | Sums::Income) => Rule::Halved,
        (_, Sums::Lines(_)) => Rule::Sum,
        (_, Sums::NotComputed) => Rule::Own,
    }
}

/// Splits `draft` with the spouse of IIN `spouse`: the draft's figures become the taxpayer's
/// half, `draft.split` holds both halves, and the assumptions say how.
pub fn apply(draft: &mut FormDraft, spouse: Iin) {
    let rules = draft.year_result.rules.clone();
    let other_income = draft.year_result.other_income;
    let mut mine: Vec<(LineId, Decimal)> = Vec::new();
    let mut theirs: Vec<(LineId, Decimal)> = Vec::new();
    let get = |v: &[(LineId, Decimal)], id: LineId| {
        v.iter()
            .find(|(l, _)| *l == id)
            .map_or(Decimal::ZERO, |(_, x)| *x)
    };
    let mut shares = Vec::new();
    for f in &draft.figures {
        let lines: &[LineId] = match &f.sums {
            Sums::Lines(l) => l,
            _ => &[],
        };
        let derived = |v: &[(LineId, Decimal)]| -> Decimal {
            let first = lines.first().map_or(Decimal::ZERO, |l| get(v, *l));
            let rest: Decimal = lines.iter().skip(1).map(|l| get(v, *l)).sum();
            first - rest
        };
        let (a, b) = match rule_of(f.id, &f.sums) {
            Rule::Halved => halves(f.value),
            Rule::Own => (f.value, Decimal::ZERO),
            Rule::Difference => (
                derived(&mine).max(Decimal::ZERO),
                derived(&theirs).max(Decimal::ZERO),
            ),
            Rule::Tax => {
                let g = |v: &[(LineId, Decimal)]| lines.first().map_or(Decimal::ZERO, |l| get(v, *l));
                let tax =
                    |other: Decimal, g: Decimal| round_tenge(rules.tax_on(other + g) - rules.tax_on(other));
                (tax(other_income, g(&mine)), tax(Decimal::ZERO, g(&theirs)))
            }
            Rule::Payable => (derived(&mine), derived(&theirs)),
            Rule::Sum => {
                let sum = |v: &[(LineId, Decimal)]| lines.iter().map(|l| get(v, *l)).sum::<Decimal>();
                (sum(&mine), sum(&theirs))
            }
        };
        // The foreign tax credit cannot exceed the half's own tax.
        let (a, b) = if f.id == LineId::I {
            (a.min(get(&mine, LineId::H)), b.min(get(&theirs, LineId::H)))
        } else {
            (a, b)
        };
        mine.push((f.id, a));
        theirs.push((f.id, b));
        shares.push(Share {
            id: f.id,
            whole: f.value,
            taxpayer: a,
            spouse: b,
        });
    }
    for f in &mut draft.figures {
        f.value = get(&mine, f.id);
    }
    draft.year_result.assumptions.push(assumption(&spouse));
    draft.split = Some(Split {
        spouse_iin: spouse,
        shares,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn halves_round_the_first_half_up_and_add_up() {
        assert_eq!(halves(dec!(200001)), (dec!(100001), dec!(100000)));
        assert_eq!(halves(dec!(200000)), (dec!(100000), dec!(100000)));
        assert_eq!(halves(dec!(1)), (dec!(1), dec!(0)));
        assert_eq!(halves(dec!(0)), (dec!(0), dec!(0)));
    }
}
