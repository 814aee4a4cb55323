//! The `compliance --json` document (a public interface: fields are only ever added). Decimal
//! numbers are strings, money with two decimals; dates are `YYYY-MM-DD`.

use super::ComplianceReport;
use super::holdings::HoldingRow;
use super::thresholds::Threshold;
use crate::import::Inputs;
use crate::money::fmt2;
use crate::rules::{Reference, Rule};
use rust_decimal::Decimal;
use serde_json::{Value, json};

fn reference(r: &Reference) -> Value {
    json!({"text": r.text, "confidence": r.confidence, "set_by_user": r.set_by_user})
}

fn limit(r: &Rule<Decimal>) -> Value {
    json!({"value": r.value.normalize().to_string(), "reference": reference(&r.reference)})
}

fn money(x: Decimal) -> Value {
    Value::String(fmt2(x))
}

fn plain(x: Decimal) -> Value {
    Value::String(x.normalize().to_string())
}

fn threshold(t: &Threshold) -> Value {
    json!({
        "mci_count": plain(t.mci_count),
        "mci_kzt": plain(t.mci),
        "limit_kzt": money(t.limit_kzt),
        "total_kzt": money(t.total_kzt),
        "over": t.over,
        "items": t.items,
        "items_at_cost": t.at_cost,
        "items_excluded": t.excluded,
        "compared": t.compared,
        "reference": reference(&t.reference),
    })
}

fn holding(h: &HoldingRow) -> Value {
    let value = h.value.as_ref().map(|v| {
        json!({
            "value_kzt": money(v.value_kzt),
            "price": plain(v.price),
            "price_currency": v.currency,
            "price_date": v.price_date.to_string(),
            "at_par": v.at_par,
            "rate": plain(v.rate),
            "rate_date": v.rate_date.map(|d| d.to_string()),
        })
    });
    json!({
        "asset": &*h.asset,
        "kind": h.kind.as_str(),
        "venue": h.venue,
        "country": h.country.as_str(),
        "venue_status": h.status.as_str(),
        "quantity": plain(h.quantity),
        "cost_kzt": money(h.cost),
        "lots": h.lots,
        "year_end_value": value,
        "foreign_issuer": h.foreign_issuer.map(|(f, _)| f),
        "issuer_from": h.foreign_issuer.map(|(_, b)| b.as_str()),
        "isin": h.isin,
    })
}

/// The report as one JSON value.
pub fn to_value(r: &ComplianceReport, inputs: &Inputs) -> Value {
    let source = |i: usize| inputs.trades.get(i).map(|t| t.source.to_string());
    let filings: Vec<Value> = r
        .filings
        .iter()
        .map(|f| {
            json!({
                "code": f.code,
                "due": f.due.to_string(),
                "pay_by": f.pay_by.map(|d| d.to_string()),
                "reasons": f.reasons.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
                "reason_texts": f.reasons.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
                "reference": reference(&f.reference),
            })
        })
        .collect();
    let a = &r.aifc;
    let months: Vec<Value> = a
        .months
        .iter()
        .map(|m| {
            let mut over = Vec::new();
            if m.over_monthly {
                over.push("monthly");
            }
            if m.over_aggregate {
                over.push("aggregate");
            }
            if m.over_personal {
                over.push("personal");
            }
            json!({
                "month": format!("{}-{:02}", r.year, m.month),
                "trades": m.trades,
                "bought_usd": money(m.bought_usd),
                "unconverted_trades": m.unconverted,
                "year_to_date_usd": money(m.year_to_date_usd),
                "aggregate_usd": money(m.aggregate_usd),
                "over": over,
                "first_source": source(m.first_trade),
            })
        })
        .collect();
    let personal = a.personal.as_ref().map(|p| {
        json!({
            "income_kzt": p.income.map(fmt2),
            "net_worth_kzt": p.net_worth.map(fmt2),
            "limit_kzt": money(p.limit_kzt),
            "usd_rate": p.usd_rate.map(|x| x.kzt_per_unit.normalize().to_string()),
            "usd_rate_date": p.usd_rate.and_then(|x| x.date).map(|d| d.to_string()),
            "limit_usd": p.limit_usd.map(fmt2),
        })
    });
    let venues: Vec<Value> = r
        .venues
        .rows
        .iter()
        .map(|v| {
            json!({
                "venue": v.venue,
                "listed_as": v.listed_name,
                "status": v.status.as_str(),
                "country": v.country.as_str(),
                "set_by_user": v.set_by_user,
                "trades": v.trades,
                "trades_in_year": v.trades_in_year,
                "note": v.note.as_ref().map(|n| n.text.clone()),
                "flag": v.flag.map(|f| f.as_str()),
                "flag_text": v.flag.map(|f| f.to_string()),
            })
        })
        .collect();
    json!({
        "year": r.year,
        "notice": super::NOTICE,
        "facts_as_of": r.facts_as_of,
        "facts_borrowed_from": r.facts_borrowed_from,
        "rules_borrowed_from": r.rules_borrowed_from,
        "mci_kzt": plain(r.mci),
        "holdings": r.holdings.iter().map(holding).collect::<Vec<_>>(),
        "thresholds": {
            "foreign_assets": threshold(&r.foreign_assets),
            "property_bought": threshold(&r.property_bought),
            "foreign_bank": r.foreign_bank.as_ref().map(threshold),
            "annual_income": r.annual_income.as_ref().map(threshold),
            "dividends": r.dividends.as_ref().map(threshold),
        },
        "mci_known": r.mci_known,
        "no_mci": r.no_mci.as_ref().map(reference),
        "universal_declaration": r.universal_declaration,
        "filings": filings,
        "aifc": {
            "monthly_limit_usd": limit(&a.monthly_limit),
            "aggregate_limit_usd": limit(&a.aggregate_limit),
            "income_share": limit(&a.income_share),
            "net_worth_share": limit(&a.net_worth_share),
            "before_year_usd": money(a.before_year_usd),
            "personal": personal,
            "months": months,
        },
        "venues": {
            "as_of": r.venues.as_of,
            "source": r.venues.source,
            "list": venues,
        },
    })
}
