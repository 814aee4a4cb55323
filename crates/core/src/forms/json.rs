//! The JSON document of `salyq forms --json`: a public, stable interface (README documents it).
//! Decimal numbers are strings; fields are only ever added.

use super::{FormDraft, Sums};
use crate::engine::Computation;
use crate::import::Inputs;
use crate::money::fmt2;
use crate::rules::Reference;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Doc<'a> {
    salyq_version: &'a str,
    form: &'a str,
    rules_form: &'a str,
    year: i32,
    title: &'a str,
    layout_reference: Ref<'a>,
    taxpayer: Taxpayer<'a>,
    due: String,
    pay_by: String,
    who_files: Ref<'a>,
    figures: Vec<Figure<'a>>,
    foreign_assets: Vec<ForeignAsset<'a>>,
    holdings: Vec<Holding<'a>>,
    notes: Vec<String>,
    assumptions: &'a [String],
    split: Option<Split<'a>>,
    basic_deduction_months: u8,
    rules: &'a crate::rules::YearRules,
    open_warnings: usize,
}

#[derive(Serialize)]
struct Holding<'a> {
    kind: &'a str,
    asset: &'a str,
    identifier: &'a str,
    quantity: String,
    venue: &'a str,
    country: &'a str,
    value_kzt: String,
    at_cost: bool,
    issuer_country_set: Option<&'a str>,
}

#[derive(Serialize)]
struct Split<'a> {
    spouse_iin: &'a str,
    rounding: &'static str,
    lines: Vec<Share<'a>>,
}

#[derive(Serialize)]
struct Share<'a> {
    line: &'a str,
    whole_kzt: String,
    taxpayer_kzt: String,
    spouse_kzt: String,
}

#[derive(Serialize)]
struct Ref<'a> {
    text: &'a str,
    confidence: String,
}

impl<'a> Ref<'a> {
    fn of(r: &'a Reference) -> Self {
        Ref {
            text: &r.text,
            confidence: format!("{:?}", r.confidence),
        }
    }
}

#[derive(Serialize)]
struct Taxpayer<'a> {
    name: &'a str,
    iin: Option<&'a str>,
    surname: &'a str,
    first_name: &'a str,
    patronymic: &'a str,
}

#[derive(Serialize)]
struct Figure<'a> {
    line: &'a str,
    code: Option<&'a str>,
    code_confirmed: bool,
    label: &'a str,
    value_kzt: String,
    formula: &'a str,
    sums: &'a str,
    lines: Vec<&'a str>,
    disposals: Vec<Disposal>,
}

#[derive(Serialize)]
struct Disposal {
    source: String,
    date: String,
    asset: String,
    gain_kzt: String,
}

#[derive(Serialize)]
struct ForeignAsset<'a> {
    kind: &'a str,
    operation: &'a str,
    asset: &'a str,
    quantity: String,
    identifier: &'a str,
    date: String,
    venue: &'a str,
    country: &'a str,
    currency: &'a str,
    amount: String,
    value_kzt: String,
    source: String,
    issuer_country_set: Option<&'a str>,
}

/// Writes a draft as one JSON document (and a final newline).
pub fn write(out: &mut dyn Write, draft: &FormDraft, c: &Computation, inputs: &Inputs) -> io::Result<()> {
    let figures = draft
        .figures
        .iter()
        .map(|f| {
            let (sums, lines, disposals) = match &f.sums {
                Sums::Disposals(ids) => (
                    "disposals",
                    Vec::new(),
                    ids.iter()
                        .filter_map(|&i| c.disposals.get(i))
                        .map(|d| Disposal {
                            source: inputs.trades[d.trade()].source().to_string(),
                            date: d.date.to_string(),
                            asset: d.asset(&inputs.trades).to_string(),
                            gain_kzt: fmt2(d.gain()),
                        })
                        .collect(),
                ),
                Sums::Lines(l) => ("lines", l.iter().map(|l| l.as_str()).collect(), Vec::new()),
                Sums::Entered => ("entered", Vec::new(), Vec::new()),
                Sums::Income => ("income", Vec::new(), Vec::new()),
                Sums::NotComputed => ("not_computed", Vec::new(), Vec::new()),
            };
            Figure {
                line: f.id.as_str(),
                code: f.code.as_deref(),
                code_confirmed: f.code.is_some(),
                label: &f.label,
                value_kzt: format!("{:.0}", f.value),
                formula: &f.formula,
                sums,
                lines,
                disposals,
            }
        })
        .collect();
    let foreign_assets = draft
        .foreign_assets
        .iter()
        .map(|r| ForeignAsset {
            kind: r.kind.as_str(),
            operation: r.operation.as_str(),
            asset: &r.asset,
            quantity: r.quantity.normalize().to_string(),
            identifier: &r.identifier,
            date: r.date.to_string(),
            venue: &r.venue,
            country: r.country.as_str(),
            currency: &r.currency,
            amount: r.amount.normalize().to_string(),
            value_kzt: fmt2(r.value_kzt),
            source: inputs.trades[r.trade].source().to_string(),
            issuer_country_set: r.issuer_country_set.as_deref(),
        })
        .collect();
    let doc = Doc {
        salyq_version: env!("CARGO_PKG_VERSION"),
        form: draft.form.as_str(),
        rules_form: draft.rules_form.as_str(),
        year: draft.year,
        title: &draft.title.0,
        layout_reference: Ref::of(&draft.layout_reference),
        taxpayer: Taxpayer {
            name: &draft.taxpayer.name,
            iin: draft.taxpayer.iin.as_ref().map(|i| i.as_str()),
            surname: &draft.name_parts.surname,
            first_name: &draft.name_parts.first_name,
            patronymic: &draft.name_parts.patronymic,
        },
        open_warnings: draft.open_warnings,
        due: draft.due.to_string(),
        pay_by: draft.pay_by.to_string(),
        who_files: Ref::of(&draft.who_files),
        figures,
        foreign_assets,
        holdings: draft
            .holdings
            .iter()
            .map(|h| Holding {
                kind: h.kind.as_str(),
                asset: &h.asset,
                identifier: &h.identifier,
                quantity: h.quantity.normalize().to_string(),
                venue: &h.venue,
                country: h.country.as_str(),
                value_kzt: fmt2(h.value_kzt),
                at_cost: h.at_cost,
                issuer_country_set: h.issuer_country_set.as_deref(),
            })
            .collect(),
        notes: draft.notes.iter().map(ToString::to_string).collect(),
        assumptions: &draft.year_result.assumptions,
        split: draft.split.as_ref().map(|s| Split {
            spouse_iin: s.spouse_iin.as_str(),
            rounding: super::split::ROUNDING,
            lines: s
                .shares
                .iter()
                .map(|x| Share {
                    line: x.id.as_str(),
                    whole_kzt: format!("{:.0}", x.whole),
                    taxpayer_kzt: format!("{:.0}", x.taxpayer),
                    spouse_kzt: format!("{:.0}", x.spouse),
                })
                .collect(),
        }),
        basic_deduction_months: draft.year_result.basic_deduction_months,
        rules: &draft.year_result.rules,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}
