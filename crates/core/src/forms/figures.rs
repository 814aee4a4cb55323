//! The values of a draft's figures and the disposals each one sums.

use super::{FormCode, LineId, Note, Sums};
use crate::engine::Computation;
use crate::exemptions::AdjustmentLine;
use crate::import::Inputs;
use crate::model::Kind;
use crate::money::round_tenge;
use crate::rules::Netting;
use crate::settings::Settings;
use crate::venues::Country;
use crate::yearly::YearResult;
use chrono::Datelike;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Every figure's value, whole tenge.
#[derive(Debug, Default)]
pub(super) struct Values(BTreeMap<LineId, Decimal>);

impl Values {
    /// The value of a figure (zero when not computed).
    pub(super) fn get(&self, id: LineId) -> Decimal {
        self.0.get(&id).copied().unwrap_or_default()
    }
}

/// Computes the figures from the year's result: leaf lines rounded to whole tenge, totals summed
/// from them, and the tax from the whole-tenge taxable income, as the form does.
pub(super) fn compute(
    y: &YearResult,
    income: Option<&crate::income::YearIncome>,
    settings: &Settings,
) -> (Values, Vec<Note>) {
    use LineId::*;
    let zero = Decimal::ZERO;
    let mut v = BTreeMap::new();
    let kz = round_tenge(y.income_in(Country::Kazakhstan) + y.exempt_in(Country::Kazakhstan));
    let abroad = round_tenge(y.income_in(Country::Abroad) + y.exempt_in(Country::Abroad));
    let e1 = round_tenge(y.exempt_on(AdjustmentLine::E1));
    let e4 = round_tenge(y.exempt_on(AdjustmentLine::E4));
    // Foreign dividends (B_1_4) and interest (B_1_5) from the broker reports.
    let b_1_4 = income.map_or(zero, |i| round_tenge(i.dividends));
    let b_1_5 = income.map_or(zero, |i| round_tenge(i.interest));
    let b_1 = b_1_4 + b_1_5;
    let withheld = income.map_or(zero, |i| round_tenge(i.withheld()));
    let a = kz + abroad;
    let d = a + b_1;
    let e = e1 + e4;
    let f1 = round_tenge(y.basic_deduction_available).min((d - e).max(zero));
    let f = f1;
    let g = (d - e - f).max(zero);
    let rules = &y.rules;
    let h = round_tenge(rules.tax_on(y.other_income + g) - rules.tax_on(y.other_income));
    let mut notes = Vec::new();
    let entered = round_tenge(settings.foreign_tax_paid(y.year));
    // The credit I (NC Art. 413): the tax withheld on B_1, capped at the Kazakh tax on B_1, plus
    // the tax entered as paid abroad on gains, capped at the Kazakh tax on the gains abroad.
    let abroad_taxable = round_tenge(y.income_in(Country::Abroad));
    let credit = crate::income::credit(h, g, b_1, withheld, abroad_taxable, entered);
    if let Some(inc) = income.filter(|i| i.payments > 0) {
        notes.push(Note::IncomeFromBrokerReports {
            payments: inc.payments,
        });
    }
    if entered > zero || withheld > zero {
        notes.push(Note::ForeignCreditNeedsCertificate);
    }
    if entered > credit.entered_cap {
        notes.push(Note::ForeignCreditCapped {
            entered,
            cap: credit.entered_cap,
        });
    }
    if withheld > credit.withheld_cap {
        notes.push(Note::WithholdingCapped {
            withheld,
            cap: credit.withheld_cap,
        });
    }
    let i = credit.total(h);
    let j = zero;
    let saving = y.basic_deduction_saving.filter(|s| *s > zero);
    if y.rules.basic_deduction.is_some() && (y.basic_deduction_months > 0 || saving.is_some()) {
        notes.push(Note::BasicDeduction {
            months: y.basic_deduction_months,
            amount: f1,
            saving,
        });
    }
    // The report's tax is on the gains alone: compared with the tax of the form's lines
    // without the dividends and interest.
    let h_gains = if b_1.is_zero() {
        h
    } else {
        let f0 = round_tenge(y.basic_deduction_available).min((a - e).max(zero));
        let g0 = (a - e - f0).max(zero);
        round_tenge(rules.tax_on(y.other_income + g0) - rules.tax_on(y.other_income))
    };
    if h_gains != y.tax {
        notes.push(Note::RoundingDiffers {
            report_tax: y.tax,
            difference: h_gains - y.tax,
        });
    }
    for (id, value) in [
        (A_1_1, kz),
        (A_1_2, abroad),
        (A_1, a),
        (A, a),
        (B_1_4, b_1_4),
        (B_1_5, b_1_5),
        (B_1, b_1),
        (D, d),
        (E_1, e1),
        (E_4, e4),
        (E, e),
        (F_1, f1),
        (F, f),
        (G, g),
        (H, h),
        (I, i),
        (J, j),
        (K, h - i - j),
    ] {
        v.insert(id, value);
    }
    (Values(v), notes)
}

/// The disposals behind each disposal-summing line.
#[derive(Debug, Default)]
pub(super) struct Lists {
    kazakhstan: Vec<usize>,
    abroad: Vec<usize>,
    e1: Vec<usize>,
    e4: Vec<usize>,
}

/// Sorts the year's disposals into the lines they count on: a sale counts when it adds to the
/// figure (a gain, or any result of a kind netted over the year).
pub(super) fn disposal_lists(year: i32, inputs: &Inputs, c: &Computation, settings: &Settings) -> Lists {
    let rules = settings.rules.for_year(year).rules;
    let mut lists = Lists::default();
    for (i, d) in c.disposals.iter().enumerate() {
        if d.date.year() != year {
            continue;
        }
        if d.kind == Kind::Crypto && !rules.crypto_taxable.value {
            continue;
        }
        let Some(trade) = inputs.trades.get(d.trade()) else {
            continue;
        };
        let place = settings.place(trade);
        let netting = rules.netting.for_kind(d.kind);
        let counts = match place.exempt {
            Some(reason) => {
                // Exempt sales of a pooled year are netted among themselves: each one counts.
                let positive = d.gain() > Decimal::ZERO || netting == Netting::NetPool;
                if positive {
                    match settings.exemptions.line(reason) {
                        AdjustmentLine::E1 => lists.e1.push(i),
                        AdjustmentLine::E4 => lists.e4.push(i),
                    }
                }
                positive
            }
            None => match netting {
                Netting::PerSale => d.gain() > Decimal::ZERO,
                Netting::NetYear | Netting::NetPool => true,
                Netting::NetForeignIssuers => {
                    (d.kind == Kind::Security && place.foreign_issuer) || d.gain() > Decimal::ZERO
                }
            },
        };
        if counts {
            match place.country {
                Country::Kazakhstan => lists.kazakhstan.push(i),
                Country::Abroad => lists.abroad.push(i),
            }
        }
    }
    lists
}

/// What a line of `form` sums.
pub(super) fn sums_of(form: FormCode, id: LineId, lists: &Lists) -> Sums {
    use LineId::*;
    match id {
        A_1_1 => Sums::Disposals(lists.kazakhstan.clone()),
        A_1_2 => Sums::Disposals(lists.abroad.clone()),
        E_1 => Sums::Disposals(lists.e1.clone()),
        E_4 => Sums::Disposals(lists.e4.clone()),
        A_1 => Sums::Lines(vec![A_1_1, A_1_2]),
        A => Sums::Lines(vec![A_1]),
        D => Sums::Lines(vec![A, B_1]),
        B_1 => Sums::Lines(vec![B_1_4, B_1_5]),
        B_1_4 | B_1_5 => Sums::Income,
        E => Sums::Lines(vec![E_1, E_4]),
        G => match form {
            FormCode::F270 => Sums::Lines(vec![D, E, F]),
            FormCode::F240 => Sums::Lines(vec![A_1, B_1, E]),
        },
        H => Sums::Lines(vec![G]),
        K => match form {
            FormCode::F270 => Sums::Lines(vec![H, I, J]),
            FormCode::F240 => Sums::Lines(vec![H, I]),
        },
        I | F_1 => Sums::Entered,
        F => match form {
            FormCode::F270 => Sums::Lines(vec![F_1]),
            FormCode::F240 => Sums::NotComputed,
        },
        J => Sums::NotComputed,
    }
}
