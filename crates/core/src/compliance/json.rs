//! The `compliance --json` document (a public interface: fields are only ever added). Decimal
//! numbers are strings, money with two decimals; dates are `YYYY-MM-DD`.
//!
//! Every object is a derived `Serialize` type of this module. Each object's keys are in
//! alphabetical order (the order the document has always had), so a new field goes in its
//! alphabetical place.

use super::ComplianceReport;
use super::holdings::HoldingRow;
use super::thresholds::Threshold;
use crate::import::Inputs;
use crate::money::fmt2;
use crate::rules::{Confidence, Reference, Rule};
use rust_decimal::Decimal;
use serde::Serialize;
use std::io::{self, Write};

/// The whole document.
#[derive(Serialize)]
pub struct Doc<'a> {
    aifc: AifcJson<'a>,
    facts_as_of: &'a str,
    facts_borrowed_from: Option<i32>,
    filings: Vec<FilingJson<'a>>,
    holdings: Vec<HoldingJson<'a>>,
    mci_known: bool,
    mci_kzt: String,
    no_mci: Option<RefJson<'a>>,
    notice: &'static str,
    rules_borrowed_from: Option<i32>,
    thresholds: Thresholds<'a>,
    universal_declaration: bool,
    venues: VenuesJson<'a>,
    year: i32,
}

#[derive(Serialize)]
struct RefJson<'a> {
    confidence: Confidence,
    set_by_user: bool,
    text: &'a str,
}

impl<'a> RefJson<'a> {
    fn of(r: &'a Reference) -> Self {
        RefJson {
            confidence: r.confidence,
            set_by_user: r.set_by_user,
            text: &r.text,
        }
    }
}

#[derive(Serialize)]
struct LimitJson<'a> {
    reference: RefJson<'a>,
    value: String,
}

impl<'a> LimitJson<'a> {
    fn of(r: &'a Rule<Decimal>) -> Self {
        LimitJson {
            reference: RefJson::of(&r.reference),
            value: plain(r.value),
        }
    }
}

fn plain(x: Decimal) -> String {
    x.normalize().to_string()
}

#[derive(Serialize)]
struct ThresholdJson<'a> {
    compared: bool,
    items: usize,
    items_at_cost: usize,
    items_excluded: usize,
    limit_kzt: String,
    mci_count: String,
    mci_kzt: String,
    over: bool,
    reference: RefJson<'a>,
    total_kzt: String,
}

impl<'a> ThresholdJson<'a> {
    fn of(t: &'a Threshold) -> Self {
        ThresholdJson {
            compared: t.compared,
            items: t.items,
            items_at_cost: t.at_cost,
            items_excluded: t.excluded,
            limit_kzt: fmt2(t.limit_kzt),
            mci_count: plain(t.mci_count),
            mci_kzt: plain(t.mci),
            over: t.over,
            reference: RefJson::of(&t.reference),
            total_kzt: fmt2(t.total_kzt),
        }
    }
}

#[derive(Serialize)]
struct Thresholds<'a> {
    annual_income: Option<ThresholdJson<'a>>,
    dividends: Option<ThresholdJson<'a>>,
    foreign_assets: ThresholdJson<'a>,
    foreign_bank: Option<ThresholdJson<'a>>,
    property_bought: ThresholdJson<'a>,
}

#[derive(Serialize)]
struct YearEndValueJson<'a> {
    at_par: bool,
    price: String,
    price_currency: &'a str,
    price_date: String,
    rate: String,
    rate_date: Option<String>,
    value_kzt: String,
}

#[derive(Serialize)]
struct HoldingJson<'a> {
    asset: &'a str,
    cost_kzt: String,
    country: &'static str,
    foreign_issuer: Option<bool>,
    isin: Option<&'a str>,
    issuer_from: Option<&'static str>,
    kind: &'static str,
    lots: usize,
    quantity: String,
    venue: Option<&'a str>,
    venue_status: &'static str,
    year_end_value: Option<YearEndValueJson<'a>>,
}

impl<'a> HoldingJson<'a> {
    fn of(h: &'a HoldingRow) -> Self {
        HoldingJson {
            asset: &h.asset,
            cost_kzt: fmt2(h.cost),
            country: h.country.as_str(),
            foreign_issuer: h.foreign_issuer.map(|(f, _)| f),
            isin: h.isin.as_deref(),
            issuer_from: h.foreign_issuer.map(|(_, b)| b.as_str()),
            kind: h.kind.as_str(),
            lots: h.lots,
            quantity: plain(h.quantity),
            venue: h.venue.as_deref(),
            venue_status: h.status.as_str(),
            year_end_value: h.value.as_ref().map(|v| YearEndValueJson {
                at_par: v.at_par,
                price: plain(v.price),
                price_currency: &v.currency,
                price_date: v.price_date.to_string(),
                rate: plain(v.rate),
                rate_date: v.rate_date.map(|d| d.to_string()),
                value_kzt: fmt2(v.value_kzt),
            }),
        }
    }
}

#[derive(Serialize)]
struct FilingJson<'a> {
    code: &'a str,
    due: String,
    pay_by: Option<String>,
    reason_texts: Vec<String>,
    reasons: Vec<&'static str>,
    reference: RefJson<'a>,
}

#[derive(Serialize)]
struct MonthJson {
    aggregate_usd: String,
    bought_usd: String,
    first_source: Option<String>,
    month: String,
    over: Vec<&'static str>,
    trades: usize,
    unconverted_trades: usize,
    year_to_date_usd: String,
}

#[derive(Serialize)]
struct PersonalJson {
    income_kzt: Option<String>,
    limit_kzt: String,
    limit_usd: Option<String>,
    net_worth_kzt: Option<String>,
    usd_rate: Option<String>,
    usd_rate_date: Option<String>,
}

#[derive(Serialize)]
struct AifcJson<'a> {
    aggregate_limit_usd: LimitJson<'a>,
    before_year_usd: String,
    income_share: LimitJson<'a>,
    monthly_limit_usd: LimitJson<'a>,
    months: Vec<MonthJson>,
    net_worth_share: LimitJson<'a>,
    personal: Option<PersonalJson>,
}

#[derive(Serialize)]
struct VenueJson<'a> {
    country: &'static str,
    flag: Option<&'static str>,
    flag_text: Option<String>,
    listed_as: Option<&'a str>,
    note: Option<&'a str>,
    set_by_user: bool,
    status: &'static str,
    trades: usize,
    trades_in_year: usize,
    venue: Option<&'a str>,
}

#[derive(Serialize)]
struct VenuesJson<'a> {
    as_of: &'a str,
    list: Vec<VenueJson<'a>>,
    source: &'a str,
}

impl<'a> Doc<'a> {
    /// The document of a report.
    pub fn new(r: &'a ComplianceReport, inputs: &'a Inputs) -> Doc<'a> {
        let source = |i: usize| inputs.trades.get(i).map(|t| t.source.to_string());
        let filings = r
            .filings
            .iter()
            .map(|f| FilingJson {
                code: &f.code,
                due: f.due.to_string(),
                pay_by: f.pay_by.map(|d| d.to_string()),
                reason_texts: f.reasons.iter().map(|t| t.to_string()).collect(),
                reasons: f.reasons.iter().map(|t| t.as_str()).collect(),
                reference: RefJson::of(&f.reference),
            })
            .collect();
        let a = &r.aifc;
        let months = a
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
                MonthJson {
                    aggregate_usd: fmt2(m.aggregate_usd),
                    bought_usd: fmt2(m.bought_usd),
                    first_source: source(m.first_trade),
                    month: format!("{}-{:02}", r.year, m.month),
                    over,
                    trades: m.trades,
                    unconverted_trades: m.unconverted,
                    year_to_date_usd: fmt2(m.year_to_date_usd),
                }
            })
            .collect();
        let personal = a.personal.as_ref().map(|p| PersonalJson {
            income_kzt: p.income.map(fmt2),
            limit_kzt: fmt2(p.limit_kzt),
            limit_usd: p.limit_usd.map(fmt2),
            net_worth_kzt: p.net_worth.map(fmt2),
            usd_rate: p.usd_rate.map(|x| plain(x.kzt_per_unit)),
            usd_rate_date: p.usd_rate.and_then(|x| x.date).map(|d| d.to_string()),
        });
        let list = r
            .venues
            .rows
            .iter()
            .map(|v| VenueJson {
                country: v.country.as_str(),
                flag: v.flag.map(|f| f.as_str()),
                flag_text: v.flag.map(|f| f.to_string()),
                listed_as: v.listed_name.as_deref(),
                note: v.note.as_ref().map(|n| n.text.as_str()),
                set_by_user: v.set_by_user,
                status: v.status.as_str(),
                trades: v.trades,
                trades_in_year: v.trades_in_year,
                venue: v.venue.as_deref(),
            })
            .collect();
        Doc {
            aifc: AifcJson {
                aggregate_limit_usd: LimitJson::of(&a.aggregate_limit),
                before_year_usd: fmt2(a.before_year_usd),
                income_share: LimitJson::of(&a.income_share),
                monthly_limit_usd: LimitJson::of(&a.monthly_limit),
                months,
                net_worth_share: LimitJson::of(&a.net_worth_share),
                personal,
            },
            facts_as_of: &r.facts_as_of,
            facts_borrowed_from: r.facts_borrowed_from,
            filings,
            holdings: r.holdings.iter().map(HoldingJson::of).collect(),
            mci_known: r.mci_known,
            mci_kzt: plain(r.mci),
            no_mci: r.no_mci.as_ref().map(RefJson::of),
            notice: super::NOTICE,
            rules_borrowed_from: r.rules_borrowed_from,
            thresholds: Thresholds {
                annual_income: r.annual_income.as_ref().map(ThresholdJson::of),
                dividends: r.dividends.as_ref().map(ThresholdJson::of),
                foreign_assets: ThresholdJson::of(&r.foreign_assets),
                foreign_bank: r.foreign_bank.as_ref().map(ThresholdJson::of),
                property_bought: ThresholdJson::of(&r.property_bought),
            },
            universal_declaration: r.universal_declaration,
            venues: VenuesJson {
                as_of: &r.venues.as_of,
                list,
                source: &r.venues.source,
            },
            year: r.year,
        }
    }
}

/// Writes the report as one JSON document on one line (and a final newline).
pub fn write(out: &mut dyn Write, r: &ComplianceReport, inputs: &Inputs) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &Doc::new(r, inputs))?;
    out.write_all(b"\n")
}

/// The report as one JSON value.
pub fn to_value(r: &ComplianceReport, inputs: &Inputs) -> serde_json::Value {
    serde_json::to_value(Doc::new(r, inputs)).unwrap_or(serde_json::Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compliance::{self, PersonalFinances};
    use crate::import::FileRole;
    use crate::settings::Settings;
    use rust_decimal_macros::dec;
    use std::path::PathBuf;

    /// The writer as it was before the derived types (`json!` trees), kept to compare bytes.
    mod old {

        use crate::compliance::ComplianceReport;
        use crate::compliance::holdings::HoldingRow;
        use crate::compliance::thresholds::Threshold;
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
                "notice": crate::compliance::NOTICE,
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
    }

    fn root(p: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(p)
    }

    /// The byte-identity cases: trade files (with the compliance rates and prices), years and
    /// personal finances.
    fn cases() -> Vec<(Vec<&'static str>, i32, PersonalFinances)> {
        let none = PersonalFinances::default();
        let some = PersonalFinances {
            annual_income: Some(dec!(30000000)),
            net_worth: Some(dec!(120000000.55)),
            foreign_bank_balance: Some(dec!(5000000)),
        };
        let mut v = Vec::new();
        for trades in [
            "tests/data/compliance/trades.csv",
            "tests/data/compliance/big_purchase.csv",
            "tests/data/compliance/big_purchase_securities.csv",
            "tests/data/compliance/rule8_brokers.csv",
            "tests/data/compliance/rule8_btc.csv",
            "tests/data/compliance/rule8_gain_2026.csv",
            "tests/data/compliance/rule8_kz.csv",
            "tests/data/compliance/rule8_purchases.csv",
            "tests/data/issuer/netting_2025.csv",
            "tests/data/ibkr_activity_2025.csv",
        ] {
            let files = vec![
                trades,
                "tests/data/compliance/rates.csv",
                "tests/data/compliance/prices.csv",
            ];
            for year in 2024..=2027 {
                v.push((files.clone(), year, none.clone()));
                v.push((files.clone(), year, some.clone()));
            }
        }
        let sample = vec![
            "sample_data/trades.csv",
            "sample_data/rates.csv",
            "sample_data/prices.csv",
        ];
        for year in 2023..=2025 {
            v.push((sample.clone(), year, none.clone()));
            v.push((sample.clone(), year, some.clone()));
        }
        v
    }

    #[test]
    fn derived_types_write_the_bytes_of_the_json_trees() {
        let mut compared = 0;
        let mut with = [0usize; 5];
        for (files, year, personal) in cases() {
            let paths: Vec<_> = files.iter().map(|f| (root(f), FileRole::Auto)).collect();
            let inputs = Inputs::load(&paths).unwrap_or_else(|e| panic!("{files:?}: {e}"));
            let s = Settings::default();
            let Ok(c) = crate::engine::compute(&inputs, &s) else {
                continue;
            };
            let Ok(r) = compliance::check(&inputs, &c, &s, year, &personal) else {
                continue;
            };
            let mut old = serde_json::to_vec(&old::to_value(&r, &inputs)).unwrap();
            old.push(b'\n');
            let mut new = Vec::new();
            write(&mut new, &r, &inputs).unwrap();
            assert_eq!(
                String::from_utf8(old).unwrap(),
                String::from_utf8(new).unwrap(),
                "{files:?} {year}"
            );
            assert_eq!(to_value(&r, &inputs), old::to_value(&r, &inputs));
            compared += 1;
            // What the cases cover: holdings with a year-end value, filings, AIFC months, a
            // personal limit, venues with a note or flag.
            with[0] += r.holdings.iter().any(|h| h.value.is_some()) as usize;
            with[1] += !r.filings.is_empty() as usize;
            with[2] += !r.aifc.months.is_empty() as usize;
            with[3] += r.aifc.personal.is_some() as usize;
            with[4] += r.venues.rows.iter().any(|v| v.note.is_some() || v.flag.is_some()) as usize;
        }
        assert!(compared >= 40, "{compared} reports compared");
        assert!(with.iter().all(|&n| n > 0), "{with:?}");
    }
}
