//! The Summary tab: each tax year's figures, the rules used with their references and
//! confidence, the assumptions, and charts of realised gain by month and by asset.

use super::{fee_name, fx_name, kind_name, netting_name, reference_ui};
use crate::app_state::AppState;
use crate::core_text;
use crate::fmt;
use crate::i18n::{Lang, Text};
use crate::worker::Computed;
use egui_plot::{Bar, BarChart, Plot};
use rust_decimal::Decimal;
use salyq_core::engine::WhatIf;
use salyq_core::yearly::YearResult;

/// Draws the tab for the year shown (`None`: every year).
pub fn ui(ui: &mut egui::Ui, state: &AppState, year: Option<i32>, lang: Lang) {
    let Some(c) = state.computed.clone() else {
        ui.label(lang.t(Text::NoFigures));
        return;
    };
    let years: Vec<&YearResult> = c
        .computation
        .years
        .iter()
        .filter(|y| year.is_none_or(|want| y.year == want))
        .collect();
    egui::ScrollArea::vertical().id_salt("summary").show(ui, |ui| {
        figures(
            ui,
            &years,
            c.computation.what_if.as_deref(),
            &c.computation.ledger,
            lang,
        );
        if years.iter().any(|y| {
            c.computation
                .ledger
                .year(y.year)
                .is_some_and(|l| l.rests_on_opening)
        }) {
            ui.colored_label(ui.visuals().warn_fg_color, lang.t(Text::LedgerRestsOnOpening));
        }
        ui.add_space(8.0);
        if !c.computation.income.is_empty() {
            super::income::ui(ui, &c.computation.income, year, lang);
            ui.add_space(8.0);
        }
        charts(ui, &c, year, lang);
        ui.add_space(8.0);
        for y in &years {
            egui::CollapsingHeader::new(lang.f(Text::RulesUsed, &[("year", &y.year.to_string())]))
                .id_salt(("rules", y.year))
                .default_open(years.len() == 1)
                .show(ui, |ui| rules(ui, y, lang));
        }
    });
}

/// How a row of the figures gets a year's value.
type Cell<'a> = &'a dyn Fn(&YearResult) -> String;

/// The yearly figures: one column per year.
fn figures(
    ui: &mut egui::Ui,
    years: &[&YearResult],
    what_if: Option<&WhatIf>,
    ledger: &salyq_core::ledger::Summary,
    lang: Lang,
) {
    let money = |x: Decimal| fmt::money(lang, x);
    egui::Grid::new("figures")
        .striped(true)
        .num_columns(years.len() + 1)
        .min_col_width(crate::cells::YEAR_COLUMN)
        .spacing([24.0, 6.0])
        .show(ui, |ui| {
            ui.strong(lang.t(Text::TaxYear));
            for y in years {
                crate::cells::year_cell(ui, egui::RichText::new(y.year.to_string()).heading());
            }
            ui.end_row();
            let rows: [(Text, Cell<'_>); 7] = [
                (Text::Disposals, &|y| {
                    fmt::quantity(lang, y.totals.disposals.into())
                }),
                (Text::Proceeds, &|y| money(y.totals.proceeds)),
                (Text::Cost, &|y| money(y.totals.cost)),
                (Text::Gains, &|y| money(y.totals.gains)),
                (Text::Losses, &|y| money(y.totals.losses)),
                (Text::Net, &|y| money(y.totals.net())),
                (Text::OtherIncome, &|y| money(y.other_income)),
            ];
            for (key, value) in rows {
                ui.label(lang.t(key));
                for y in years {
                    crate::cells::year_cell(ui, egui::RichText::new(value(y)));
                }
                ui.end_row();
            }
            for kind in salyq_core::model::Kind::ALL {
                if !years.iter().any(|y| y.by_kind.iter().any(|k| k.kind == kind)) {
                    continue;
                }
                ui.label(format!("  {}: {}", kind_name(lang, kind), lang.t(Text::Income)));
                for y in years {
                    let text = y
                        .by_kind
                        .iter()
                        .find(|k| k.kind == kind)
                        .map_or_else(String::new, |k| {
                            format!("{} ({})", money(k.income), netting_name(lang, k.netting))
                        });
                    crate::cells::year_cell(ui, egui::RichText::new(text));
                }
                ui.end_row();
            }
            ui.strong(lang.t(Text::PropertyIncome));
            for y in years {
                crate::cells::year_cell(ui, egui::RichText::new(money(y.property_income)).strong());
            }
            ui.end_row();
            for (key, country) in [
                (Text::IncomeInKazakhstan, salyq_core::venues::Country::Kazakhstan),
                (Text::IncomeAbroad, salyq_core::venues::Country::Abroad),
            ] {
                ui.label(lang.t(key));
                for y in years {
                    crate::cells::year_cell(ui, egui::RichText::new(money(y.income_in(country))));
                }
                ui.end_row();
            }
            // Rewards beside the property income, not in it (whether they are income is [U]).
            if years
                .iter()
                .any(|y| ledger.year(y.year).is_some_and(|l| l.rewards > 0))
            {
                ui.label(lang.t(Text::LedgerRewardsRow))
                    .on_hover_text(lang.t(Text::LedgerRewardsStatus));
                for y in years {
                    let text = ledger
                        .year(y.year)
                        .filter(|l| l.rewards > 0)
                        .map_or_else(String::new, |l| {
                            let mut s = money(l.rewards_kzt);
                            if l.rewards_unpriced > 0 {
                                s.push(' ');
                                s.push_str(&lang.f(
                                    Text::LedgerRewardsUnpriced,
                                    &[("n", &l.rewards_unpriced.to_string())],
                                ));
                            }
                            s
                        });
                    crate::cells::year_cell(ui, egui::RichText::new(text).weak());
                }
                ui.end_row();
            }
            if years.iter().any(|y| !y.exempt.is_empty()) {
                ui.label(lang.t(Text::FormsExemptIncome));
                for y in years {
                    crate::cells::year_cell(ui, egui::RichText::new(money(y.exempt_income())));
                }
                ui.end_row();
            }
            if years.iter().any(|y| y.rules.basic_deduction.is_some()) {
                ui.label(lang.t(Text::LawBasicDeduction));
                for y in years {
                    let text = match y.rules.basic_deduction {
                        Some(_) => money(y.basic_deduction),
                        None => "—".to_string(),
                    };
                    crate::cells::year_cell(ui, egui::RichText::new(text));
                }
                ui.end_row();
                ui.label(lang.t(Text::LawTaxableIncome));
                for y in years {
                    crate::cells::year_cell(
                        ui,
                        egui::RichText::new(money(y.property_income - y.basic_deduction)),
                    );
                }
                ui.end_row();
            }
            ui.strong(lang.t(Text::Tax));
            for y in years {
                crate::cells::year_cell(ui, egui::RichText::new(money(y.tax)).strong().size(18.0));
            }
            ui.end_row();
            // A what-if method's tax beside the declared (FIFO) one, never in its place.
            if let Some(w) = what_if {
                // The short name keeps the row label as narrow as the others; the full name and
                // the rule are in the hover text.
                let method = w.method.as_str().to_uppercase();
                ui.label(egui::RichText::new(lang.f(Text::WhatIfTax, &[("method", &method)])).italics())
                    .on_hover_text(lang.t(Text::MethodNote));
                for y in years {
                    let text = w.year(y.year).map_or_else(String::new, |wy| {
                        let diff = wy.tax - y.tax;
                        let sign = if diff > Decimal::ZERO { "+" } else { "" };
                        lang.f(
                            Text::WhatIfNote,
                            &[
                                ("tax", &money(wy.tax)),
                                ("diff", &format!("{sign}{}", money(diff))),
                            ],
                        )
                    });
                    crate::cells::year_cell(ui, egui::RichText::new(text).italics().weak());
                }
                ui.end_row();
            }
            ui.label(lang.t(Text::Form));
            for y in years {
                crate::cells::year_cell(ui, y.rules.form.code.as_str());
            }
            ui.end_row();
            ui.label(format!("{} / {}", lang.t(Text::DueBy), lang.t(Text::PayBy)));
            for y in years {
                crate::cells::year_cell(ui, format!("{} / {}", y.rules.form.due, y.rules.form.pay_by));
            }
            ui.end_row();
        });
}

/// The rules of one year with their references, then its assumptions.
fn rules(ui: &mut egui::Ui, y: &YearResult, lang: Lang) {
    let r = &y.rules;
    if let Some(from) = y.borrowed_from {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            lang.f(
                Text::BorrowedRules,
                &[("year", &y.year.to_string()), ("from", &from.to_string())],
            ),
        );
    }
    let scale: Vec<String> = r
        .rate_scale
        .iter()
        .map(|b| format!("{}%", (b.rate * Decimal::ONE_HUNDRED).normalize()))
        .collect();
    let yes_no = |b: bool| lang.t(if b { Text::Yes } else { Text::No });
    let mut items: Vec<(String, String, &salyq_core::rules::Reference)> = vec![
        (lang.t(Text::TaxRate).to_string(), scale.join(" / "), &r.rate_ref),
        (
            lang.t(Text::Netting).to_string(),
            format!(
                "{}: {}, {}: {}, {}: {}",
                kind_name(lang, salyq_core::model::Kind::Crypto),
                netting_name(lang, r.netting.crypto),
                kind_name(lang, salyq_core::model::Kind::Security),
                netting_name(lang, r.netting.security),
                kind_name(lang, salyq_core::model::Kind::Other),
                netting_name(lang, r.netting.other)
            ),
            &r.netting.reference,
        ),
        (
            lang.t(Text::FxRule).to_string(),
            fx_name(lang, r.fx_rule.value).to_string(),
            &r.fx_rule.reference,
        ),
        (
            lang.t(Text::LawFxGain).to_string(),
            crate::i18n::fx_gain_name(lang, r.fx_gain.value).to_string(),
            &r.fx_gain.reference,
        ),
        (
            lang.t(Text::LawPurchaseFees).to_string(),
            fee_name(lang, r.fees.value).to_string(),
            &r.fees.reference,
        ),
        (
            lang.t(Text::LawSaleFees).to_string(),
            fee_name(lang, r.sale_fees.value).to_string(),
            &r.sale_fees.reference,
        ),
        (
            lang.t(Text::LawCryptoFees).to_string(),
            fee_name(lang, r.crypto_fees.value).to_string(),
            &r.crypto_fees.reference,
        ),
        (
            lang.t(Text::CryptoTaxable).to_string(),
            yes_no(r.crypto_taxable.value).to_string(),
            &r.crypto_taxable.reference,
        ),
    ];
    if let Some(b) = &r.basic_deduction {
        let mci = lang.t(Text::Mci);
        items.push((
            lang.t(Text::LawBasicDeduction).to_string(),
            format!(
                "{} × {} {mci}, ≤ {} {mci} · {}",
                y.basic_deduction_months,
                b.mci_per_month.normalize(),
                b.max_mci.normalize(),
                fmt::money(lang, y.basic_deduction)
            ),
            &b.reference,
        ));
    }
    items.push((
        lang.t(Text::Form).to_string(),
        r.form.code.clone(),
        &r.form.reference,
    ));
    for (i, (label, value, reference)) in items.into_iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            ui.strong(format!("{label}:"));
            ui.label(value);
        });
        ui.indent(("ref", y.year, i), |ui| reference_ui(ui, lang, reference));
    }
    ui.add_space(4.0);
    ui.strong(lang.t(Text::Assumptions));
    for a in &y.assumption_items {
        ui.horizontal_wrapped(|ui| {
            ui.label("•");
            ui.label(core_text::assumption(lang, a));
        });
    }
}

/// Realised gain by month (bars per month) and by asset.
fn charts(ui: &mut egui::Ui, c: &Computed, year: Option<i32>, lang: Lang) {
    let months: Vec<((i32, u32), f64)> = c
        .charts
        .by_month
        .iter()
        .filter(|((y, _), _)| year.is_none_or(|want| *y == want))
        .map(|(k, v)| (*k, *v))
        .collect();
    let mut assets: std::collections::BTreeMap<&str, f64> = Default::default();
    for (y, per_asset) in &c.charts.by_asset {
        if year.is_none_or(|want| *y == want) {
            for (a, g) in per_asset {
                *assets.entry(a).or_default() += g;
            }
        }
    }
    let assets: Vec<(&str, f64)> = assets.into_iter().collect();
    let (gain_color, loss_color) = (
        egui::Color32::from_rgb(64, 160, 96),
        egui::Color32::from_rgb(200, 80, 70),
    );
    let color = |g: f64| if g >= 0.0 { gain_color } else { loss_color };
    let width = (ui.available_width() - 16.0).max(200.0);
    ui.columns(2, |cols| {
        cols[0].strong(lang.t(Text::GainByMonth));
        let labels: Vec<String> = months.iter().map(|((y, m), _)| format!("{y}-{m:02}")).collect();
        let bars: Vec<Bar> = months
            .iter()
            .enumerate()
            .map(|(i, ((y, m), g))| {
                Bar::new(i as f64, *g)
                    .width(0.7)
                    .fill(color(*g))
                    .name(format!("{y}-{m:02}"))
            })
            .collect();
        let labels_x = labels.clone();
        Plot::new("gain_by_month")
            .height(220.0)
            .width(width / 2.0 - 8.0)
            .allow_zoom(false)
            .allow_drag(false)
            .allow_scroll(false)
            .x_axis_formatter(move |mark, _| axis_label(&labels_x, mark.value))
            .y_axis_formatter(move |mark, _| short(mark.value))
            .x_axis_label(chart_words(lang).0)
            .y_axis_label(chart_words(lang).2)
            .show_x(false)
            .show_y(false)
            .show(&mut cols[0], |plot| {
                plot.bar_chart(BarChart::new(lang.t(Text::Gain), bars).element_formatter(bar_text(lang)))
            });
        cols[1].strong(lang.t(Text::GainByAsset));
        let names: Vec<String> = assets.iter().map(|(a, _)| a.to_string()).collect();
        let bars: Vec<Bar> = assets
            .iter()
            .enumerate()
            .map(|(i, (a, g))| Bar::new(i as f64, *g).width(0.6).fill(color(*g)).name(*a))
            .collect();
        Plot::new("gain_by_asset")
            .height(220.0)
            .width(width / 2.0 - 8.0)
            .allow_zoom(false)
            .allow_drag(false)
            .allow_scroll(false)
            .x_axis_formatter(move |mark, _| axis_label(&names, mark.value))
            .y_axis_formatter(move |mark, _| short(mark.value))
            .x_axis_label(chart_words(lang).1)
            .y_axis_label(chart_words(lang).2)
            .show_x(false)
            .show_y(false)
            .show(&mut cols[1], |plot| {
                plot.bar_chart(BarChart::new(lang.t(Text::Gain), bars).element_formatter(bar_text(lang)))
            });
    });
}

/// The charts' axis names: months, assets, tenge.
fn chart_words(lang: Lang) -> (&'static str, &'static str, &'static str) {
    (
        lang.t(Text::ChartMonth),
        lang.t(Text::ChartAsset),
        lang.t(Text::ChartTenge),
    )
}

/// A bar's hover text: its month or asset and its gain in whole tenge with separators.
pub fn bar_hover(lang: Lang, name: &str, value: f64) -> String {
    let whole = rust_decimal::Decimal::from_f64_retain(value.round()).unwrap_or_default();
    format!("{name}\n{}", fmt::money_whole(lang, whole))
}

type BarText = Box<dyn Fn(&Bar, &BarChart) -> String>;

fn bar_text(lang: Lang) -> BarText {
    Box::new(move |b, _| bar_hover(lang, &b.name, b.value))
}

/// The label of a bar at whole positions; nothing between bars.
fn axis_label(labels: &[String], x: f64) -> String {
    let i = x.round();
    if (x - i).abs() > 1e-6 || i < 0.0 {
        return String::new();
    }
    labels.get(i as usize).cloned().unwrap_or_default()
}

/// A short axis value: `250k`, `1.2M`.
fn short(v: f64) -> String {
    let a = v.abs();
    if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e3 {
        format!("{:.0}k", v / 1e3)
    } else {
        format!("{v:.0}")
    }
}
