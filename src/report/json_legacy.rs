//! The writer of `report --json` before its objects became derived types, kept to check that
//! the derived writer writes the same bytes.
//! The JSON document of `salyq report --json`: a public, stable interface (README documents it).
//! Decimal numbers are strings; fields are only ever added.

use crate::import::Inputs;
use crate::matching::Disposal;
use crate::money::Text;
use crate::report::View;
use crate::report::json_rows;
use crate::settings::Settings;
use crate::venues::Country;
use crate::yearly::YearResult;
use rust_decimal::Decimal;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use std::io::{self, Write};

/// Writes the whole report as one JSON document (and a final newline).
pub fn write(out: &mut dyn Write, view: &View<'_>, inputs: &Inputs, settings: &Settings) -> io::Result<()> {
    let c = view.computation;
    // The figures of this document are the declared ones: FIFO whatever the settings choose
    // (NC Art. 387(5)–(6)); another method's figures are under each year's `what_if`.
    out.write_all(b"{\"method\":")?;
    serde_json::to_writer(&mut *out, crate::settings::Method::Fifo.as_str())?;
    out.write_all(b",\"declared_method\":")?;
    serde_json::to_writer(&mut *out, crate::settings::Method::Fifo.as_str())?;
    out.write_all(b",\"what_if_method\":")?;
    serde_json::to_writer(&mut *out, &c.what_if.as_ref().map(|w| w.method.as_str()))?;
    out.write_all(b",\"tax_haven\":")?;
    serde_json::to_writer(&mut *out, &settings.tax_havens)?;
    out.write_all(b",\"tz\":")?;
    serde_json::to_writer(&mut *out, &settings.tz.to_string())?;
    out.write_all(b",\"stablecoins_at_par\":")?;
    serde_json::to_writer(&mut *out, &settings.stablecoins_at_par)?;
    out.write_all(b",\"years\":")?;
    serde_json::to_writer(
        &mut *out,
        &Seq(|| view.years().map(|y| YearJson(y, c.what_if_year(y.year)))),
    )?;
    out.write_all(b",\"disposals\":[")?;
    let disposals: Vec<&Disposal> = view.disposals().collect();
    json_rows::write_rows(out, &disposals, &|buf, d| json_rows::disposal(buf, d, c, inputs))?;
    out.write_all(b"],\"holdings\":[")?;
    json_rows::write_rows(out, &c.holdings, &|buf, h| json_rows::holding(buf, h, inputs))?;
    out.write_all(b"],\"income\":")?;
    serde_json::to_writer(&mut *out, &income_json(view, inputs))?;
    out.write_all(b",\"warnings\":")?;
    serde_json::to_writer(&mut *out, &c.warnings)?;
    out.write_all(b",\"ledger\":")?;
    serde_json::to_writer(&mut *out, &crate::ledger::report::Json(&c.ledger, view.year))?;
    out.write_all(b",\"files\":")?;
    serde_json::to_writer(&mut *out, &Seq(|| inputs.reports.iter().map(FileJson)))?;
    out.write_all(b",\"generator\":")?;
    serde_json::to_writer(
        &mut *out,
        &serde_json::json!({
            "name": "Salyq",
            "version": crate::about::VERSION,
            "build_date": crate::about::BUILD_DATE,
        }),
    )?;
    out.write_all(b"}\n")
}

/// The `income` field: dividends and interest per tax year in tenge, and each payment as the
/// broker reported it (see README, "Dividends and interest").
fn income_json(view: &View<'_>, inputs: &Inputs) -> serde_json::Value {
    use chrono::Datelike;
    let m = |x: Decimal| crate::money::fmt2(x);
    let shown = |year: i32| view.year.is_none_or(|want| year == want);
    let years: Vec<serde_json::Value> = view
        .computation
        .income
        .iter()
        .filter(|y| shown(y.year))
        .map(|y| {
            serde_json::json!({
                "year": y.year,
                "dividends_kzt": m(y.dividends),
                "dividends_tax_withheld_kzt": m(y.dividends_tax),
                "interest_kzt": m(y.interest),
                "interest_tax_withheld_kzt": m(y.interest_tax),
                "foreign_kzt": m(y.foreign()),
                "tax_withheld_kzt": m(y.withheld()),
                "domestic_kzt": m(y.domestic),
                "payments": y.payments,
                "rate_rule": y.rate_rule,
            })
        })
        .collect();
    let payments: Vec<serde_json::Value> = inputs
        .income
        .iter()
        .filter(|p| shown(p.date.year()))
        .map(|p| {
            serde_json::json!({
                "date": p.date.to_string(),
                "kind": p.kind.as_str(),
                "asset": &*p.asset,
                "isin": p.isin.as_deref(),
                "country": p.country.as_deref(),
                "foreign": p.is_foreign(),
                "amount": p.amount.normalize().to_string(),
                "currency": &*p.currency,
                "tax_withheld": p.tax.normalize().to_string(),
                "tax_currency": &*p.tax_currency,
                "venue": &*p.venue,
                "source": p.source.to_string(),
            })
        })
        .collect();
    serde_json::json!({ "years": years, "payments": payments })
}

/// Serialises an iterator lazily, so large reports stream without an intermediate copy.
struct Seq<F>(F);

impl<F, I, T> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator<Item = T>,
    T: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for item in (self.0)() {
            seq.serialize_element(&item)?;
        }
        seq.end()
    }
}

/// What was made of one trade file: the import report.
struct FileJson<'a>(&'a crate::import::report::FileReport);

impl Serialize for FileJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("file", &r.file)?;
        m.serialize_entry("format", &r.format)?;
        m.serialize_entry("encoding", r.encoding.as_deref().unwrap_or("UTF-8"))?;
        m.serialize_entry("rows", &r.rows)?;
        m.serialize_entry("trades", &r.trades)?;
        m.serialize_entry("events", &r.events)?;
        m.serialize_entry("skipped", &r.skipped)?;
        m.serialize_entry("duplicates", &r.duplicates)?;
        let problems: Vec<&str> = r.warnings.iter().map(|w| w.message.as_str()).collect();
        m.serialize_entry("problems", &problems)?;
        m.end()
    }
}

/// A year's declared result, with the what-if method's result of the same year when there is one.
struct YearJson<'a>(&'a YearResult, Option<&'a YearResult>);

impl Serialize for YearJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let y = self.0;
        let t = &y.totals;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("year", &y.year)?;
        m.serialize_entry("disposals", &t.disposals)?;
        m.serialize_entry("proceeds_kzt", &money(t.proceeds))?;
        m.serialize_entry("cost_kzt", &money(t.cost))?;
        m.serialize_entry("gains_kzt", &money(t.gains))?;
        m.serialize_entry("losses_kzt", &money(t.losses))?;
        m.serialize_entry("net_gain_kzt", &money(t.net()))?;
        m.serialize_entry("property_income_kzt", &money(y.property_income))?;
        m.serialize_entry("tax_kzt", Text::plain(y.tax).as_str())?;
        m.serialize_entry("other_income_kzt", &money(y.other_income))?;
        m.serialize_entry(
            "property_income_kazakhstan_kzt",
            &money(y.income_in(Country::Kazakhstan)),
        )?;
        m.serialize_entry("property_income_abroad_kzt", &money(y.income_in(Country::Abroad)))?;
        m.serialize_entry("exempt_income_kzt", &money(y.exempt_income()))?;
        m.serialize_entry("basic_deduction_months", &y.basic_deduction_months)?;
        m.serialize_entry("basic_deduction_kzt", &money(y.basic_deduction))?;
        m.serialize_entry(
            "basic_deduction_saving_kzt",
            &y.basic_deduction_saving
                .map(|s| Text::plain(s).as_str().to_string()),
        )?;
        m.serialize_entry(
            "taxable_income_kzt",
            &money(y.property_income - y.basic_deduction),
        )?;
        m.serialize_entry(
            "fx_gain",
            &y.fx_gain.map(|c| {
                serde_json::json!({
                    "in_currency": c.in_currency,
                    "per_leg_other_currency": c.other_currency,
                    "per_leg_priced": c.priced,
                    "per_leg_average_method": c.average_method,
                })
            }),
        )?;
        let fee_effects: Vec<serde_json::Value> = y
            .fee_effects
            .iter()
            .map(|e| {
                serde_json::json!({
                    "setting": match e.setting {
                        crate::yearly::FeeSetting::SaleFees => "sale_fees",
                        crate::yearly::FeeSetting::CryptoFees => "crypto_fees",
                    },
                    "value": e.used,
                    "taxable_income_kzt": money(e.income),
                    "tax_kzt": Text::plain(e.tax).as_str(),
                    "other_way_taxable_income_kzt": money(e.other_income),
                    "other_way_tax_kzt": Text::plain(e.other_tax).as_str(),
                })
            })
            .collect();
        m.serialize_entry("fee_effects", &fee_effects)?;
        let by_kind: Vec<serde_json::Value> = y
            .by_kind
            .iter()
            .map(|k| {
                serde_json::json!({
                    "kind": k.kind.as_str(),
                    "disposals": k.totals.disposals,
                    "proceeds_kzt": money(k.totals.proceeds),
                    "cost_kzt": money(k.totals.cost),
                    "gains_kzt": money(k.totals.gains),
                    "losses_kzt": money(k.totals.losses),
                    "net_gain_kzt": money(k.totals.net()),
                    "netting": k.netting,
                    "taxable": k.taxable,
                    "income_kzt": money(k.income),
                })
            })
            .collect();
        m.serialize_entry("by_kind", &by_kind)?;
        m.serialize_entry(
            "form",
            &serde_json::json!({"code": y.rules.form.code, "due": y.rules.form.due, "pay_by": y.rules.form.pay_by}),
        )?;
        m.serialize_entry("rules", &y.rules)?;
        m.serialize_entry("assumptions", &y.assumptions)?;
        m.serialize_entry("what_if", &self.1.map(|w| what_if(y, w)))?;
        m.end()
    }
}

/// A what-if year beside the declared one: its sums and tax, and its tax less the declared tax.
fn what_if(declared: &YearResult, w: &YearResult) -> serde_json::Value {
    let t = &w.totals;
    let method = w.assumption_items.iter().find_map(|a| match a {
        crate::yearly::Assumption::Method(m) => Some(m.as_str()),
        _ => None,
    });
    serde_json::json!({
        "method": method,
        "declared": false,
        "note": "a what-if comparison: not the declared figure, never on a form (the law's method is FIFO)",
        "disposals": t.disposals,
        "proceeds_kzt": money(t.proceeds),
        "cost_kzt": money(t.cost),
        "gains_kzt": money(t.gains),
        "losses_kzt": money(t.losses),
        "net_gain_kzt": money(t.net()),
        "property_income_kzt": money(w.property_income),
        "exempt_income_kzt": money(w.exempt_income()),
        "tax_kzt": Text::plain(w.tax).as_str(),
        "tax_difference_kzt": Text::plain(w.tax - declared.tax).as_str(),
    })
}

fn money(x: Decimal) -> String {
    Text::fixed2(x).as_str().to_string()
}
