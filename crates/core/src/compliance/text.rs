//! The readable compliance report of the command line (English).

use super::ComplianceReport;
use super::thresholds::Threshold;
use crate::import::Inputs;
use crate::money::{fmt_grouped, fmt_grouped_whole};
use crate::rules::Reference;
use std::fmt::Write;

fn cite(r: &Reference) -> String {
    format!("[{:?}] {}", r.confidence, r.text)
}

fn threshold(out: &mut String, name: &str, t: &Threshold) {
    if !t.compared {
        let _ = writeln!(
            out,
            "  {name}: {} KZT against {} MCI: not compared (no MCI for this year)",
            fmt_grouped(t.total_kzt),
            fmt_grouped_whole(t.mci_count),
        );
        let _ = writeln!(out, "    {}", cite(&t.reference));
        return;
    }
    let _ = writeln!(
        out,
        "  {name}: {} KZT against {} MCI × {} = {} KZT: {}",
        fmt_grouped(t.total_kzt),
        fmt_grouped_whole(t.mci_count),
        fmt_grouped_whole(t.mci),
        fmt_grouped_whole(t.limit_kzt),
        if t.over {
            "ABOVE the threshold"
        } else {
            "below the threshold"
        }
    );
    if t.at_cost > 0 {
        let _ = writeln!(
            out,
            "    ({} of {} holdings at cost: no year-end price)",
            t.at_cost, t.items
        );
    }
    if t.excluded > 0 {
        let _ = writeln!(out, "    ({} digital-asset purchases left out)", t.excluded);
    }
    let _ = writeln!(out, "    {}", cite(&t.reference));
}

/// Renders the report as text.
pub fn render(r: &ComplianceReport, inputs: &Inputs) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Compliance {} — {}", r.year, super::NOTICE);
    let _ = writeln!(
        out,
        "Facts as of {}; venue list as of {}; MCI {} KZT{}.",
        r.facts_as_of,
        r.venues.as_of,
        fmt_grouped_whole(r.mci),
        r.rules_borrowed_from.map_or_else(String::new, |y| format!(
            " (borrowed from {y}: no rules for {})",
            r.year
        ))
    );

    let _ = writeln!(out, "\nDeclarations to file for {}:", r.year);
    if r.filings.is_empty() {
        let _ = writeln!(out, "  none made due by this history");
    }
    for f in &r.filings {
        let pay = f
            .pay_by
            .map_or_else(String::new, |d| format!(", tax paid by {d}"));
        let _ = writeln!(out, "  {}: file by {}{pay}", f.code, f.due);
        for reason in &f.reasons {
            let _ = writeln!(out, "    because: {reason}");
        }
        let _ = writeln!(out, "    {}", cite(&f.reference));
    }

    let _ = writeln!(
        out,
        "\nHoldings on 31 December {} (open lots, per asset and venue):",
        r.year
    );
    if r.holdings.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for h in &r.holdings {
        let value = h.value.as_ref().map_or_else(
            || "no price".to_string(),
            |v| format!("value {} KZT", fmt_grouped(v.value_kzt)),
        );
        let _ = writeln!(
            out,
            "  {} {} on {} ({}, {}): cost {} KZT, {value}",
            h.quantity.normalize(),
            h.asset,
            h.venue.as_deref().unwrap_or("(no venue)"),
            h.status.as_str(),
            h.country.as_str(),
            fmt_grouped(h.cost),
        );
    }

    if let Some(why) = &r.no_mci {
        let _ = writeln!(out, "{}", cite(why));
    }
    if r.universal_declaration {
        let _ = writeln!(
            out,
            "Universal declaration: on (your setting) — tax years up to 2024 file 270.00 by 15 September."
        );
    }
    let _ = writeln!(out, "\nThresholds:");
    threshold(&mut out, "holdings abroad", &r.foreign_assets);
    threshold(&mut out, "property bought in the year", &r.property_bought);
    match &r.foreign_bank {
        Some(t) => threshold(&mut out, "money in foreign bank accounts (entered)", t),
        None => {
            let _ = writeln!(
                out,
                "  money in foreign bank accounts: not entered (give --foreign-bank-balance KZT to compare it with 1,000 MCI)"
            );
        }
    }
    if let Some(t) = &r.annual_income {
        threshold(&mut out, "annual income", t);
    }
    if let Some(t) = &r.dividends {
        threshold(&mut out, "dividends in the year (broker reports)", t);
    }
    let inferred = r
        .holdings
        .iter()
        .filter(|h| matches!(h.foreign_issuer, Some((_, super::issuer::IssuerBasis::Venue))))
        .count();
    if inferred > 0 {
        let _ = writeln!(
            out,
            "  securities held without an ISIN: {inferred}; the issuer of each is taken as foreign only when its venue is abroad [U]"
        );
    }

    let a = &r.aifc;
    let _ = writeln!(
        out,
        "\nAIFC retail limit (digital assets bought on AIFC-licensed venues, US dollars):"
    );
    if let Some(p) = &a.personal {
        let _ = writeln!(
            out,
            "  personal limit: {} KZT{}",
            fmt_grouped(p.limit_kzt),
            p.limit_usd.map_or_else(
                || " (no USD rate to convert it)".to_string(),
                |u| format!(" = {} USD", fmt_grouped(u))
            )
        );
    }
    if a.months.is_empty() {
        let _ = writeln!(out, "  no purchases in {}", r.year);
    }
    for m in &a.months {
        let mut over = Vec::new();
        if m.over_monthly {
            over.push(format!(
                "over {} USD a month",
                fmt_grouped_whole(a.monthly_limit.value)
            ));
        }
        if m.over_aggregate {
            over.push(format!(
                "over {} USD in all",
                fmt_grouped_whole(a.aggregate_limit.value)
            ));
        }
        if m.over_personal {
            over.push("over the personal limit".to_string());
        }
        let unconverted = if m.unconverted > 0 {
            format!(" ({} without a USD rate, not counted)", m.unconverted)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {}-{:02}: {} USD, purchases: {}{unconverted}; year {} USD, all {} USD{}",
            r.year,
            m.month,
            fmt_grouped(m.bought_usd),
            m.trades,
            fmt_grouped(m.year_to_date_usd),
            fmt_grouped(m.aggregate_usd),
            if over.is_empty() {
                String::new()
            } else {
                format!(" — {}", over.join(", "))
            }
        );
    }
    let _ = writeln!(out, "  {}", cite(&a.monthly_limit.reference));
    let _ = writeln!(out, "  {}", cite(&a.aggregate_limit.reference));
    let _ = writeln!(out, "  {}", cite(&a.income_share.reference));

    let _ = writeln!(
        out,
        "\nVenues (list as of {}: {}):",
        r.venues.as_of, r.venues.source
    );
    for v in &r.venues.rows {
        let _ = writeln!(
            out,
            "  {}: {}{}, counts as {}, {} trades ({} in {})",
            v.venue.as_deref().unwrap_or("(no venue)"),
            v.status.as_str(),
            if v.set_by_user { " (set by you)" } else { "" },
            v.country.as_str(),
            v.trades,
            v.trades_in_year,
            r.year
        );
        if let Some(flag) = v.flag {
            let first = inputs.trades.get(v.first_trade).map(|t| t.source().to_string());
            let _ = writeln!(
                out,
                "    note: {flag} (first trade: {})",
                first.unwrap_or_default()
            );
        }
        if let Some(n) = &v.note {
            let _ = writeln!(out, "    {}", n.text);
        }
    }
    out
}
