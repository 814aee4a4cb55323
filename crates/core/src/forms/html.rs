//! The printable one-page report of a tax year: taxpayer, the form's figures with their
//! formulas (English, Russian beneath), the disposals summed by kind, the foreign-asset rows
//! counted, notes, assumptions, deadlines, and the date and Salyq version that made it. Plain
//! HTML with print styles (A4); open it in a browser and print.

use super::xml::escape;
use super::{FormDraft, Sums};
use crate::model::Kind;
use crate::money::{fmt_grouped, fmt_grouped_whole};
use chrono::NaiveDate;
use std::fmt::Write as _;
use std::io::{self, Write};

const STYLE: &str = "\
@page { size: A4; margin: 10mm 12mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8.5pt; color: #111; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 12.5pt; margin: 0 0 1mm; }
h2 { font-size: 9.5pt; margin: 2.5mm 0 1mm; border-bottom: 1px solid #999; }
p { margin: 1mm 0; }
table { border-collapse: collapse; width: 100%; }
td, th { padding: 0.3mm 1.2mm; vertical-align: top; text-align: left; border-bottom: 1px solid #ddd; }
th { background: #eee; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.ru { color: #555; font-size: 7pt; }
.formula { color: #333; font-size: 7pt; }
.total td { font-weight: bold; }
.warn { color: #8a4b00; }
.meta { color: #555; font-size: 7pt; }
ul { margin: 0; padding-left: 4mm; }
li { margin: 0.1mm 0; }
ul.small { font-size: 7pt; }
";

/// Writes the printable report of a draft, made on `made_on`.
pub fn write(out: &mut dyn Write, draft: &FormDraft, made_on: NaiveDate) -> io::Result<()> {
    let mut s = String::new();
    render(&mut s, draft, made_on).map_err(io::Error::other)?;
    out.write_all(s.as_bytes())
}

fn render(s: &mut String, d: &FormDraft, made_on: NaiveDate) -> std::fmt::Result {
    let e = escape;
    writeln!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Salyq — form {} draft, tax \
         year {}</title>\n<style>{STYLE}</style></head><body>",
        d.form, d.year
    )?;
    writeln!(
        s,
        "<h1>Form {} — draft figures for tax year {}</h1>",
        d.form, d.year
    )?;
    writeln!(
        s,
        "<div>{}<br><span class=\"ru\">{}</span></div>",
        e(&d.title.0),
        e(&d.title.1)
    )?;
    let name = if d.taxpayer.name.trim().is_empty() {
        "—".to_string()
    } else {
        e(d.taxpayer.name.trim())
    };
    let iin = d.taxpayer.iin.as_ref().map_or("—", |i| i.as_str());
    writeln!(
        s,
        "<p>Taxpayer: <b>{name}</b> · IIN: <b>{iin}</b><br>File by <b>{}</b>, pay by <b>{}</b> — {}</p>",
        d.due,
        d.pay_by,
        e(&d.who_files.text)
    )?;
    if let Some(notice) = crate::warning::incomplete_notice(d.open_warnings) {
        writeln!(s, "<p class=\"warn\"><b>{}</b></p>", e(&notice))?;
    }
    if let Some(split) = &d.split {
        writeln!(
            s,
            "<p class=\"warn\">Split with the spouse, IIN <b>{}</b>: the figures below are the taxpayer's half \
             (whole and spouse's half beside them).</p>",
            split.spouse_iin.as_str()
        )?;
    }
    let split_head = if d.split.is_some() {
        "<th class=\"num\">Whole</th><th class=\"num\">Spouse</th>"
    } else {
        ""
    };
    writeln!(
        s,
        "<h2>Figures (whole tenge)</h2>\n<table><tr><th>Line</th><th>What it holds · how it is reached</th><th class=\"num\">KZT</th>{split_head}</tr>"
    )?;
    for f in &d.figures {
        let code = f.code.as_deref().map_or_else(
            || "<span class=\"warn\">line code unconfirmed</span>".to_string(),
            |c| format!("<b>{}</b>", e(c)),
        );
        let count = match &f.sums {
            Sums::Disposals(ids) => format!(" ({} disposals)", ids.len()),
            _ => String::new(),
        };
        let total = if matches!(f.id, super::LineId::G | super::LineId::K) {
            " class=\"total\""
        } else {
            ""
        };
        let split_cells = d
            .split
            .as_ref()
            .and_then(|sp| sp.share(f.id))
            .map_or(String::new(), |sh| {
                format!(
                    "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
                    fmt_grouped_whole(sh.whole),
                    fmt_grouped_whole(sh.spouse)
                )
            });
        writeln!(
            s,
            "<tr{total}><td>{code}</td><td>{} <span class=\"ru\">/ {}</span><br><span class=\"formula\">= {}{}</span></td><td class=\"num\">{}</td>{split_cells}</tr>",
            e(&f.label),
            e(&f.label_ru),
            e(&f.formula),
            count,
            fmt_grouped_whole(f.value)
        )?;
    }
    s.push_str("</table>\n");
    writeln!(
        s,
        "<p class=\"meta\">Layout: {} [{:?}]</p>",
        e(&d.layout_reference.text),
        d.layout_reference.confidence
    )?;
    s.push_str("<h2>Disposals of the year</h2>\n<table><tr><th>Kind</th><th class=\"num\">Disposals</th><th class=\"num\">Proceeds</th><th class=\"num\">Cost</th><th class=\"num\">Gains</th><th class=\"num\">Losses</th><th class=\"num\">Taxable income</th></tr>\n");
    let y = &d.year_result;
    for k in &y.by_kind {
        let t = &k.totals;
        writeln!(
            s,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            kind_name(k.kind),
            t.disposals,
            fmt_grouped(t.proceeds),
            fmt_grouped(t.cost),
            fmt_grouped(t.gains),
            fmt_grouped(t.losses),
            fmt_grouped(k.income)
        )?;
    }
    writeln!(
        s,
        "<tr class=\"total\"><td>All</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr></table>",
        y.totals.disposals,
        fmt_grouped(y.totals.proceeds),
        fmt_grouped(y.totals.cost),
        fmt_grouped(y.totals.gains),
        fmt_grouped(y.totals.losses),
        fmt_grouped(y.property_income)
    )?;
    if !y.exempt.is_empty() {
        writeln!(
            s,
            "<p>Exempt income, declared and adjusted out: {} KZT.</p>",
            fmt_grouped(y.exempt_income())
        )?;
    }
    let acquired = d
        .foreign_assets
        .iter()
        .filter(|r| r.operation == super::foreign_assets::Operation::Acquired)
        .count();
    writeln!(
        s,
        "<p>Appendix 270.04 section B: {} rows ({} acquired, {} disposed of) — listed in the 270.04 CSV export.</p>",
        d.foreign_assets.len(),
        acquired,
        d.foreign_assets.len() - acquired
    )?;
    if !d.holdings.is_empty() {
        writeln!(
            s,
            "<p>Appendix 270.04 section E: {} holdings on 31 December (digital assets, securities of foreign issuers).</p>",
            d.holdings.len()
        )?;
    }
    if !d.notes.is_empty() {
        s.push_str("<h2>Read before filing</h2>\n<ul>\n");
        for n in &d.notes {
            writeln!(s, "<li class=\"warn\">{}</li>", e(&n.to_string()))?;
        }
        s.push_str("</ul>\n");
    }
    s.push_str("<h2>Assumptions</h2>\n<ul class=\"small\">\n");
    for a in &y.assumptions {
        writeln!(s, "<li>{}</li>", e(a))?;
    }
    s.push_str("</ul>\n");
    writeln!(
        s,
        "<p class=\"meta\">Draft made by Salyq {} on {made_on}. Figures to copy into the declaration; not an \
         official form and not tax advice.</p>\n</body></html>",
        env!("CARGO_PKG_VERSION")
    )?;
    Ok(())
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Crypto => "Digital assets",
        Kind::Security => "Securities",
        Kind::Other => "Other property",
    }
}
