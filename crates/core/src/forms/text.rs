//! A form draft as plain text: the `forms` command's readable output. English, like the rest of
//! the command line's text; the window draws the draft itself.

use super::{FormDraft, Sums};
use crate::money::fmt_grouped_whole;

/// The draft as plain text (the `forms` command's output without `--json`).
pub fn render(d: &FormDraft) -> String {
    let mut s = format!(
        "Form {} — draft figures for tax year {}\n{}\n",
        d.form, d.year, d.title.0
    );
    if !d.taxpayer.name.is_empty() || d.taxpayer.iin.is_some() {
        s.push_str(&format!(
            "Taxpayer: {}  IIN: {}\n",
            if d.taxpayer.name.is_empty() {
                "—"
            } else {
                &d.taxpayer.name
            },
            d.taxpayer.iin.as_ref().map_or("—", |i| i.as_str())
        ));
    }
    if let Some(split) = &d.split {
        s.push_str(&format!(
            "Split with the spouse, IIN {}: the figures are the taxpayer's half (whole | spouse in brackets)\n",
            split.spouse_iin
        ));
    }
    s.push_str(&format!(
        "File by {}, pay by {} — {} [{:?}]\n\n",
        d.due, d.pay_by, d.who_files.text, d.who_files.confidence
    ));
    for f in &d.figures {
        let code = f.code.as_deref().unwrap_or("(line code unconfirmed)");
        let count = match &f.sums {
            Sums::Disposals(ids) => format!(" ({} disposals)", ids.len()),
            _ => String::new(),
        };
        let split = d
            .split
            .as_ref()
            .and_then(|sp| sp.share(f.id))
            .map_or(String::new(), |sh| {
                format!(
                    "  ({} | {})",
                    fmt_grouped_whole(sh.whole),
                    fmt_grouped_whole(sh.spouse)
                )
            });
        s.push_str(&format!(
            "{code:<8} {:<64} {:>16} KZT{split}\n{:<8}   = {}{count}\n",
            f.label,
            fmt_grouped_whole(f.value),
            "",
            f.formula
        ));
    }
    s.push_str(&format!(
        "\nLayout: {} [{:?}]\n",
        d.layout_reference.text, d.layout_reference.confidence
    ));
    s.push_str(&format!(
        "Appendix 270.04 section B: {} rows (write them with --foreign-assets FILE); section E: {} holdings on 31 December\n",
        d.foreign_assets.len(),
        d.holdings.len()
    ));
    if !d.notes.is_empty() {
        s.push_str("\nRead before filing:\n");
        for n in &d.notes {
            s.push_str(&format!("  - {n}\n"));
        }
    }
    s.push_str("\nAssumptions:\n");
    for a in &d.year_result.assumptions {
        s.push_str(&format!("  - {a}\n"));
    }
    s
}
