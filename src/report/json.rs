//! The JSON document of `salyq report --json`: a public, stable interface (README documents it).
//! Decimal numbers are strings; fields are only ever added.

use super::View;
use crate::import::Inputs;
use crate::matching::{Disposal, Holding};
use crate::money::round_tiyn;
use crate::settings::Settings;
use crate::yearly::YearResult;
use rust_decimal::Decimal;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use std::io::Write;

/// Writes the whole report as one JSON document.
pub fn write(
    out: impl Write,
    view: &View<'_>,
    inputs: &Inputs,
    settings: &Settings,
) -> serde_json::Result<()> {
    let doc = Document {
        view,
        inputs,
        settings,
    };
    serde_json::to_writer(out, &doc)
}

struct Document<'a> {
    view: &'a View<'a>,
    inputs: &'a Inputs,
    settings: &'a Settings,
}

fn money(x: Decimal) -> String {
    format!("{:.2}", round_tiyn(x))
}

fn qty(x: Decimal) -> String {
    x.normalize().to_string()
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("method", self.settings.method.as_str())?;
        m.serialize_entry("tz", &self.settings.tz.to_string())?;
        m.serialize_entry("stablecoins_at_par", &self.settings.stablecoins_at_par)?;
        m.serialize_entry("years", &Seq(|| self.view.years().map(YearJson)))?;
        m.serialize_entry(
            "disposals",
            &Seq(|| {
                self.view.disposals().map(|d| DisposalJson {
                    d,
                    inputs: self.inputs,
                })
            }),
        )?;
        m.serialize_entry(
            "holdings",
            &Seq(|| {
                self.view.computation.holdings.iter().map(|h| HoldingJson {
                    h,
                    inputs: self.inputs,
                })
            }),
        )?;
        m.serialize_entry("warnings", &self.view.computation.warnings)?;
        m.end()
    }
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

struct YearJson<'a>(&'a YearResult);

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
        m.serialize_entry("tax_kzt", &y.tax.normalize().to_string())?;
        m.serialize_entry("other_income_kzt", &money(y.other_income))?;
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
        m.end()
    }
}

struct DisposalJson<'a> {
    d: &'a Disposal,
    inputs: &'a Inputs,
}

impl Serialize for DisposalJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.d;
        let t = &self.inputs.trades[d.trade];
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &t.label())?;
        m.serialize_entry("date", &d.date)?;
        m.serialize_entry("asset", &*d.asset)?;
        m.serialize_entry("kind", d.kind.as_str())?;
        m.serialize_entry("role", &d.role)?;
        m.serialize_entry("quantity", &qty(d.quantity))?;
        m.serialize_entry("proceeds_kzt", &money(d.proceeds))?;
        m.serialize_entry("cost_kzt", &money(d.cost))?;
        m.serialize_entry("gain_kzt", &money(d.gain))?;
        m.serialize_entry("uncovered_quantity", &qty(d.uncovered))?;
        m.serialize_entry("exchange", &t.exchange.as_deref())?;
        m.serialize_entry("source", &t.source.to_string())?;
        m.serialize_entry(
            "lots",
            &Seq(|| {
                d.lots.iter().map(|u| LotJson {
                    source: self.inputs.trades[u.lot_trade].source.to_string(),
                    id: self.inputs.trades[u.lot_trade].label(),
                    quantity: qty(u.quantity),
                    cost_kzt: money(u.cost),
                })
            }),
        )?;
        m.end()
    }
}

#[derive(Serialize)]
struct LotJson {
    source: String,
    id: String,
    quantity: String,
    cost_kzt: String,
}

struct HoldingJson<'a> {
    h: &'a Holding,
    inputs: &'a Inputs,
}

impl Serialize for HoldingJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let h = self.h;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("asset", &*h.asset)?;
        m.serialize_entry("kind", h.kind.as_str())?;
        m.serialize_entry("quantity", &qty(h.quantity))?;
        m.serialize_entry("cost_kzt", &money(h.cost))?;
        m.serialize_entry(
            "lots",
            &Seq(|| {
                h.lots.iter().map(|l| LotJson {
                    source: self.inputs.trades[l.trade].source.to_string(),
                    id: self.inputs.trades[l.trade].label(),
                    quantity: qty(l.quantity),
                    cost_kzt: money(l.cost),
                })
            }),
        )?;
        m.end()
    }
}
