//! The readable report printed by `salyq report`.

use super::View;
use crate::money::{fmt_grouped, fmt_grouped_whole};
use crate::settings::Settings;
use crate::venues::Country;
use std::fmt::Write;

/// Renders the report as plain text.
pub fn render(view: &View<'_>, settings: &Settings) -> String {
    let mut s = String::new();
    // The declared figures are FIFO whatever the settings choose (NC Art. 387(5)–(6)).
    let _ = writeln!(
        s,
        "Salyq report — matching FIFO (the declared figures), tax dates at UTC{}",
        settings.tz
    );
    if let Some(w) = &view.computation.what_if {
        let _ = writeln!(
            s,
            "What-if comparison: {} — shown beside each year, never declared nor on a form",
            w.method.as_str().to_uppercase()
        );
    }
    let mut any = false;
    for y in view.years() {
        any = true;
        let t = &y.totals;
        let f = &y.rules.form;
        let _ = writeln!(
            s,
            "\nTax year {} — form {}, file by {}, pay by {}",
            y.year, f.code, f.due, f.pay_by
        );
        let mut rows = vec![
            ("Disposals", t.disposals.to_string()),
            ("Proceeds", format!("{} KZT", fmt_grouped(t.proceeds))),
            ("Cost", format!("{} KZT", fmt_grouped(t.cost))),
            ("Gains", format!("{} KZT", fmt_grouped(t.gains))),
            ("Losses", format!("{} KZT", fmt_grouped(t.losses))),
            ("Net gain", format!("{} KZT", fmt_grouped(t.net()))),
            (
                "Property income",
                format!("{} KZT", fmt_grouped(y.property_income)),
            ),
            (
                "  in Kazakhstan",
                format!("{} KZT", fmt_grouped(y.income_in(Country::Kazakhstan))),
            ),
            (
                "  abroad",
                format!("{} KZT", fmt_grouped(y.income_in(Country::Abroad))),
            ),
            ("Tax", format!("{} KZT", fmt_grouped_whole(y.tax))),
        ];
        if !y.exempt.is_empty() {
            // Before the tax: exempt gains are declared and adjusted out, never dropped.
            rows.insert(
                rows.len() - 1,
                ("Exempt income", format!("{} KZT", fmt_grouped(y.exempt_income()))),
            );
        }
        if y.rules.basic_deduction.is_some() {
            // The basic deduction claimed in the declaration, and what remains taxable.
            rows.insert(
                rows.len() - 1,
                (
                    "Basic deduction",
                    format!("{} KZT", fmt_grouped(y.basic_deduction)),
                ),
            );
            rows.insert(
                rows.len() - 1,
                (
                    "Taxable income",
                    format!("{} KZT", fmt_grouped(y.property_income - y.basic_deduction)),
                ),
            );
        }
        if let Some(l) = view.computation.ledger.year(y.year).filter(|l| l.rewards > 0) {
            // Beside the property income, not in it: whether rewards are income is unsettled.
            rows.push(("Rewards received", format!("{} KZT", fmt_grouped(l.rewards_kzt))));
        }
        for (label, value) in rows {
            let _ = writeln!(s, "  {label:<17}{value:>24}");
        }
        if let Some(w) = view.computation.what_if_year(y.year)
            && let Some(method) = &view.computation.what_if
        {
            let _ = writeln!(
                s,
                "  What-if {} (not declared): cost {} KZT, property income {} KZT, tax {} KZT ({}{} KZT)",
                method.method.as_str().to_uppercase(),
                fmt_grouped(w.totals.cost),
                fmt_grouped(w.property_income),
                fmt_grouped_whole(w.tax),
                if w.tax >= y.tax { "+" } else { "" },
                fmt_grouped_whole(w.tax - y.tax)
            );
        }
        if let Some(l) = view.computation.ledger.year(y.year) {
            crate::ledger::report::year_lines(&mut s, l);
        }
        for k in &y.by_kind {
            let taxed = if k.taxable { "" } else { ", not taxed this year" };
            let _ = writeln!(
                s,
                "  · {}: {} disposal{}, net {} KZT, {}{taxed} → income {} KZT",
                k.kind.as_str(),
                k.totals.disposals,
                if k.totals.disposals == 1 { "" } else { "s" },
                fmt_grouped(k.totals.net()),
                k.netting,
                fmt_grouped(k.income)
            );
        }
        let _ = writeln!(s, "  Assumptions:");
        for a in &y.assumptions {
            let _ = writeln!(s, "   - {a}");
        }
    }
    if !any {
        let _ = writeln!(
            s,
            "\nNo disposals{}.",
            view.year.map(|y| format!(" in {y}")).unwrap_or_default()
        );
    }
    crate::ledger::report::lines(&mut s, &view.computation.ledger);
    // Dividends and interest of the broker reports (270.01 B_1_4, B_1_5), beside the gains.
    for y in view
        .computation
        .income
        .iter()
        .filter(|y| view.year.is_none_or(|want| y.year == want))
    {
        let _ = writeln!(
            s,
            "\nDividends and interest {} (broker reports; rate: {})",
            y.year,
            if y.rate_rule == "annual_average" {
                "the year's average"
            } else {
                "business day before each payment"
            }
        );
        for (label, value) in [
            ("Dividends (B_1_4)", y.dividends),
            ("  tax withheld", y.dividends_tax),
            ("Interest (B_1_5)", y.interest),
            ("  tax withheld", y.interest_tax),
            ("Kazakhstan issuers", y.domestic),
        ] {
            let _ = writeln!(s, "  {label:<19}{:>22} KZT", fmt_grouped(value));
        }
        let _ = writeln!(
            s,
            "  The declaration adds them to the gains; the tax withheld is credited up to the Kazakh tax on them \
             (forms --year {})",
            y.year
        );
    }
    let w = &view.computation.warnings;
    if !w.is_empty() {
        let _ = writeln!(s, "\nWarnings ({}):", w.len());
        for x in w.iter().take(50) {
            let at = x.source.as_ref().map(|s| format!("{s}: ")).unwrap_or_default();
            let _ = writeln!(s, "  - {at}{}", x.message);
        }
        if w.len() > 50 {
            let _ = writeln!(s, "  ... and {} more (use --json for all)", w.len() - 50);
        }
    }
    s
}
