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
        let source = |i: usize| inputs.trades.get(i).map(|t| t.source().to_string());
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
    use serde_json::Value;
    use std::path::PathBuf;

    fn root(p: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(p)
    }

    /// The document of `tests/data/compliance/trades.csv` (with its rates and prices) for
    /// `year`, as written.
    fn written(year: i32, personal: &PersonalFinances) -> (Vec<u8>, Value) {
        let files: Vec<_> = ["trades.csv", "rates.csv", "prices.csv"]
            .iter()
            .map(|f| (root("tests/data/compliance").join(f), FileRole::Auto))
            .collect();
        let inputs = Inputs::load(&files).unwrap();
        let s = Settings::default();
        let c = crate::engine::compute(&inputs, &s).unwrap();
        let r = compliance::check(&inputs, &c, &s, year, personal).unwrap();
        let mut out = Vec::new();
        write(&mut out, &r, &inputs).unwrap();
        (out, to_value(&r, &inputs))
    }

    #[test]
    fn the_document_has_its_keys_in_alphabetical_order_and_the_figures() {
        let personal = PersonalFinances {
            annual_income: Some(dec!(30000000)),
            net_worth: Some(dec!(120000000.55)),
            foreign_bank_balance: Some(dec!(5000000)),
        };
        for p in [PersonalFinances::default(), personal] {
            for year in 2024..=2027 {
                let (out, v) = written(year, &p);
                // One line; every object's keys in alphabetical order (the order of a
                // `serde_json::Value`'s map): written again from the value, the same bytes.
                let again =
                    serde_json::to_string(&serde_json::from_slice::<Value>(&out).unwrap()).unwrap() + "\n";
                assert_eq!(String::from_utf8(out.clone()).unwrap(), again, "{year}");
                assert_eq!(serde_json::from_slice::<Value>(&out).unwrap(), v);
            }
        }
        let (_, v) = written(2025, &PersonalFinances::default());
        assert_eq!(v["year"], 2025);
        assert_eq!(v["mci_kzt"], "3932");
        // Held on 31 December 2025 (FIFO across venues: the sale of 0.025 took all of B1 and
        // half of Y1): 0.01 BTC on Binance (B3, cost 700,000.00), worth 0.01 × 60,000 USD × 510
        // (the rate of 30 December) = 306,000.00; 0.005 BTC on Bybit (cost 150,000.00) worth
        // 153,000.00; 2 ETH on Kraken costing 8,000 USD × 500 = 4,000,000.00, with no price.
        let h = &v["holdings"];
        assert_eq!(
            (
                &h[0]["asset"],
                &h[0]["venue"],
                &h[0]["quantity"],
                &h[0]["cost_kzt"]
            ),
            (
                &"BTC".into(),
                &"Binance".into(),
                &"0.01".into(),
                &"700000.00".into()
            )
        );
        assert_eq!(h[0]["year_end_value"]["value_kzt"], "306000.00");
        assert_eq!(h[0]["year_end_value"]["rate_date"], "2025-12-30");
        assert_eq!(h[1]["year_end_value"]["value_kzt"], "153000.00");
        assert_eq!(
            (&h[2]["cost_kzt"], &h[2]["year_end_value"]),
            (&"4000000.00".into(), &Value::Null)
        );
        assert_eq!(h[2]["foreign_issuer"], Value::Null);
        // 2 ETH abroad at cost (no price): 4,000,000.00 against 1,000 × 3,932 = 3,932,000.00.
        let t = &v["thresholds"]["foreign_assets"];
        assert_eq!(
            (&t["total_kzt"], &t["limit_kzt"], &t["over"]),
            (&"4000000.00".into(), &"3932000.00".into(), &true.into())
        );
        assert_eq!(v["thresholds"]["annual_income"], Value::Null);
        // January: 500,000 + 300,000 KZT on AIFC venues at 500 = 1,600.00 USD, over 1,000.
        let m = &v["aifc"]["months"][0];
        assert_eq!(
            (&m["month"], &m["bought_usd"], &m["trades"]),
            (&"2025-01".into(), &"1600.00".into(), &2.into())
        );
        assert_eq!(m["over"], serde_json::json!(["monthly"]));
        assert_eq!(v["aifc"]["personal"], Value::Null);
        let f = &v["filings"][0];
        assert_eq!(
            (&f["code"], &f["due"], &f["pay_by"]),
            (&"270.00".into(), &"2026-09-15".into(), &"2026-09-25".into())
        );
        assert_eq!(v["filings"][1]["pay_by"], Value::Null);
        assert_eq!(v["venues"]["list"][3]["venue"], "Kraken");
        assert_eq!(v["venues"]["list"][3]["listed_as"], Value::Null);
        assert_eq!(v["venues"]["list"][3]["flag"], "unknown_status");
    }
}
