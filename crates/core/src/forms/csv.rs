//! CSV exports of a draft: its figures, the disposals behind each figure, and the rows of
//! 270.04 section B. Cells are made formula-safe; numbers stay numbers (see
//! [`crate::export::CsvStyle`]).

use super::{FormDraft, Sums};
use crate::engine::Computation;
use crate::export::{CsvStyle, write_header, write_safe};
use crate::import::Inputs;
use crate::money::fmt2;
use std::io::{self, Write};

/// Header of the figures CSV.
pub const FIGURES_HEADER: [&str; 14] = [
    "form",
    "year",
    "line",
    "code",
    "label",
    "value_kzt",
    "formula",
    "sums",
    "disposals",
    "sources",
    "confidence",
    "whole_before_split_kzt",
    "spouse_kzt",
    "open_warnings",
];

/// At most this many characters of sources in one cell (a spreadsheet cell holds 32,767).
const SOURCES_CELL_LIMIT: usize = 30_000;

/// Writes one row per figure: line, code (`line code unconfirmed` when unknown), words, value,
/// formula, what it sums, how many disposals and their sources (`file:line`; cut short in a
/// very long list, the detail CSV has them all), the layout's confidence label, and — for a
/// draft split with the spouse — the line's whole value and the spouse's half (empty otherwise).
pub fn write_figures(
    out: impl Write,
    draft: &FormDraft,
    c: &Computation,
    inputs: &Inputs,
    style: CsvStyle,
) -> io::Result<()> {
    let mut w = style.writer(out)?;
    write_header(&mut w, &FIGURES_HEADER)?;
    for f in &draft.figures {
        let share = draft.split.as_ref().and_then(|s| s.share(f.id));
        let (sums, count, sources) = match &f.sums {
            Sums::Disposals(ids) => ("disposals", ids.len().to_string(), sources_cell(ids, c, inputs)),
            Sums::Lines(lines) => (
                "lines",
                String::new(),
                lines.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(" "),
            ),
            Sums::Entered => ("entered", String::new(), String::new()),
            Sums::Income => ("income", String::new(), String::new()),
            Sums::NotComputed => ("not_computed", String::new(), String::new()),
        };
        let row = [
            draft.form.to_string(),
            draft.year.to_string(),
            f.id.to_string(),
            f.code.clone().unwrap_or_else(|| "line code unconfirmed".into()),
            f.label.clone(),
            style.num(format!("{:.0}", f.value)),
            f.formula.clone(),
            sums.to_string(),
            count,
            sources,
            format!("{:?}", draft.layout_reference.confidence),
            share.map_or(String::new(), |s| style.num(format!("{:.0}", s.whole))),
            share.map_or(String::new(), |s| style.num(format!("{:.0}", s.spouse))),
            draft.open_warnings.to_string(),
        ];
        write_safe(&mut w, &row)?;
    }
    w.flush()
}

fn sources_cell(ids: &[usize], c: &Computation, inputs: &Inputs) -> String {
    let mut cell = String::new();
    for (n, &i) in ids.iter().enumerate() {
        let Some(d) = c.disposals.get(i) else { continue };
        let src = inputs.trades[d.trade()].source().to_string();
        if cell.len() + src.len() + 2 > SOURCES_CELL_LIMIT {
            cell.push_str(&format!(" … and {} more (see the detail CSV)", ids.len() - n));
            break;
        }
        if !cell.is_empty() {
            cell.push_str("; ");
        }
        cell.push_str(&src);
    }
    cell
}

/// Header of the figure-detail CSV.
pub const DETAIL_HEADER: [&str; 10] = [
    "form",
    "year",
    "line",
    "date",
    "asset",
    "kind",
    "proceeds_kzt",
    "cost_kzt",
    "gain_kzt",
    "source",
];

/// Writes one row per disposal behind each figure that sums disposals.
pub fn write_detail(
    out: impl Write,
    draft: &FormDraft,
    c: &Computation,
    inputs: &Inputs,
    style: CsvStyle,
) -> io::Result<()> {
    let mut w = style.writer(out)?;
    write_header(&mut w, &DETAIL_HEADER)?;
    for f in &draft.figures {
        let Sums::Disposals(ids) = &f.sums else { continue };
        for d in ids.iter().filter_map(|&i| c.disposals.get(i)) {
            let row = [
                draft.form.to_string(),
                draft.year.to_string(),
                f.id.to_string(),
                d.date.to_string(),
                d.asset(&inputs.trades).to_string(),
                d.kind.as_str().to_string(),
                style.money(d.proceeds),
                style.money(d.cost),
                style.money(d.gain()),
                inputs.trades[d.trade()].source().to_string(),
            ];
            write_safe(&mut w, &row)?;
        }
    }
    w.flush()
}

/// Header of the 270.04 section B CSV.
pub const FOREIGN_ASSETS_HEADER: [&str; 13] = [
    "year",
    "kind",
    "operation",
    "asset",
    "quantity",
    "identifier",
    "date",
    "venue",
    "country",
    "currency",
    "amount",
    "value_kzt",
    "source",
];

/// Writes the rows of 270.04 section B, with the source of each.
pub fn write_foreign_assets(
    out: impl Write,
    draft: &FormDraft,
    inputs: &Inputs,
    style: CsvStyle,
) -> io::Result<()> {
    let mut w = style.writer(out)?;
    write_header(&mut w, &FOREIGN_ASSETS_HEADER)?;
    for r in &draft.foreign_assets {
        let row = [
            draft.year.to_string(),
            r.kind.as_str().to_string(),
            r.operation.as_str().to_string(),
            r.asset.to_string(),
            style.num(r.quantity.normalize().to_string()),
            r.identifier.clone(),
            r.date.to_string(),
            r.venue.clone(),
            r.country.as_str().to_string(),
            r.currency.to_string(),
            style.num(r.amount.normalize().to_string()),
            style.num(fmt2(r.value_kzt)),
            inputs.trades[r.trade].source().to_string(),
        ];
        write_safe(&mut w, &row)?;
    }
    w.flush()
}
