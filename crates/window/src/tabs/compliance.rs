//! The Compliance tab: for one tax year, the declarations the history makes due with their
//! deadlines, the holdings on 31 December per asset and venue, the filing thresholds, the AIFC
//! retail limits month by month (with the personal limit from income and net worth) and each
//! venue's licence status, which the user may change. Information with sources, never advice.
//!
//! The report comes from [`salyq_core::compliance::check`]; for large histories it is built on a
//! thread of its own so that the window never waits for it.

use super::confidence_name;
use crate::action::Action;
use crate::app_state::AppState;
use crate::core_text;
use crate::fmt;
use crate::i18n::{Lang, Text};
use crate::worker::{Computed, Mode};
use rust_decimal::Decimal;
use salyq_core::compliance::{self, ComplianceReport, PersonalFinances};
use salyq_core::rules::{Confidence, Reference};
use salyq_core::venues::{Country, LicenceStatus};
use std::sync::Arc;
use std::sync::mpsc::Receiver;

/// Histories up to this many trades are checked on the window's thread (a few milliseconds).
const INLINE_TRADES: usize = 50_000;

/// What a report was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ReportKey {
    generation: u64,
    year: i32,
    personal: PersonalFinances,
}

type Outcome = Result<Arc<ComplianceReport>, String>;

/// The tab's state: the income and net-worth fields and the latest report.
#[derive(Default)]
pub struct ComplianceView {
    income: String,
    net_worth: String,
    bank: String,
    bad_income: bool,
    bad_net_worth: bool,
    bad_bank: bool,
    /// The amounts in force (applied when a field loses focus).
    pub personal: PersonalFinances,
    years: Option<(u64, Vec<i32>)>,
    shown: Option<(ReportKey, Outcome)>,
    pending: Option<(ReportKey, Receiver<Outcome>)>,
}

fn run_check(c: &Computed, year: i32, personal: &PersonalFinances) -> Outcome {
    compliance::check(&c.inputs, &c.computation, &c.settings, year, personal)
        .map(Arc::new)
        .map_err(|e| e.0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
}

impl ComplianceView {
    /// The report shown, if any.
    pub fn report(&self) -> Option<&ComplianceReport> {
        self.shown.as_ref().and_then(|(_, r)| r.as_deref().ok())
    }

    /// Sets annual income and net worth as if typed (tenge).
    pub fn set_personal(&mut self, personal: PersonalFinances) {
        self.income = personal.annual_income.map(|x| x.to_string()).unwrap_or_default();
        self.net_worth = personal.net_worth.map(|x| x.to_string()).unwrap_or_default();
        self.bank = personal
            .foreign_bank_balance
            .map(|x| x.to_string())
            .unwrap_or_default();
        self.personal = personal;
    }

    /// Makes sure a report for `key` is shown or on its way.
    fn refresh(&mut self, c: &Arc<Computed>, key: ReportKey, mode: Mode, ctx: &egui::Context) {
        if let Some((k, rx)) = &self.pending
            && let Ok(outcome) = rx.try_recv()
        {
            self.shown = Some((*k, outcome));
            self.pending = None;
        }
        let shown = self.shown.as_ref().is_some_and(|(k, _)| *k == key);
        let coming = self.pending.as_ref().is_some_and(|(k, _)| *k == key);
        if shown || coming {
            return;
        }
        if mode == Mode::Inline || c.inputs.trades.len() <= INLINE_TRADES {
            self.shown = Some((key, run_check(c, key.year, &key.personal)));
            self.pending = None;
            return;
        }
        let (c, ctx) = (c.clone(), ctx.clone());
        let spawned = crate::background::spawn("salyq-compliance", Some(ctx), move || {
            run_check(&c, key.year, &key.personal)
        });
        match spawned {
            Ok(rx) => self.pending = Some((key, rx)),
            Err(e) => self.shown = Some((key, Err(e.to_string()))),
        }
    }

    /// Draws the tab for the year chosen in the tab bar (`None`: the latest year).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &AppState,
        year: Option<i32>,
        lang: Lang,
        actions: &mut Vec<Action>,
    ) {
        ui.label(egui::RichText::new(format!("ℹ {}", lang.t(Text::ComplianceNotice))).italics());
        let Some(c) = state.computed.clone() else {
            ui.label(lang.t(Text::NoFigures));
            return;
        };
        if self.years.as_ref().is_none_or(|(g, _)| *g != c.generation) {
            self.years = Some((c.generation, compliance::years_of(&c.computation)));
        }
        let latest = self.years.as_ref().and_then(|(_, y)| y.last().copied());
        let Some(year) = year.or(latest) else {
            ui.label(lang.t(Text::ComplianceNoTrades));
            return;
        };
        let key = ReportKey {
            generation: c.generation,
            year,
            personal: self.personal,
        };
        self.refresh(&c, key, state.worker.mode(), ui.ctx());
        if self.pending.is_some() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(lang.t(Text::ComplianceChecking));
            });
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
        let Some((shown_key, outcome)) = &self.shown else {
            return;
        };
        if shown_key.year != year {
            return;
        }
        let r = match outcome {
            Ok(r) => r.clone(),
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
                return;
            }
        };
        egui::ScrollArea::vertical().id_salt("compliance").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                let mut title = lang.f(Text::ComplianceForYear, &[("year", &year.to_string())]);
                if state.computed.is_some() && latest == Some(year) {
                    title.push(' ');
                    title.push_str(lang.t(Text::CompliancePickYear));
                }
                ui.heading(title);
            });
            ui.weak(lang.f(
                Text::ComplianceFactsAsOf,
                &[
                    ("facts", &r.facts_as_of),
                    ("venues", &r.venues.as_of),
                    ("mci", &fmt::money(lang, r.mci)),
                ],
            ));
            if let Some(from) = r.facts_borrowed_from {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    lang.f(
                        Text::ComplianceBorrowedFacts,
                        &[("year", &year.to_string()), ("from", &from.to_string())],
                    ),
                );
            }
            if let Some(why) = &r.no_mci {
                ui.colored_label(ui.visuals().warn_fg_color, core_text::reference_text(lang, why));
            }
            let mut on = state.settings.universal_declaration;
            if ui.checkbox(&mut on, lang.t(Text::ComplianceUniversal)).changed() {
                let mut s = state.settings.clone();
                compliance::universal::set(&mut s, on);
                actions.push(Action::ApplySettings(Box::new(s)));
            }
            ui.weak(lang.t(Text::ComplianceUniversalHint));
            ui.add_space(6.0);
            declarations(ui, &r, lang);
            ui.add_space(6.0);
            holdings(ui, &r, lang);
            ui.add_space(6.0);
            self.thresholds(ui, &r, lang);
            ui.add_space(6.0);
            self.aifc(ui, &r, lang);
            ui.add_space(6.0);
            venues(ui, &r, &c, state, lang, actions);
        });
    }

    fn aifc(&mut self, ui: &mut egui::Ui, r: &ComplianceReport, lang: Lang) {
        ui.heading(lang.t(Text::ComplianceAifc));
        ui.weak(lang.t(Text::ComplianceAifcScope));
        let a = &r.aifc;
        ui.horizontal(|ui| {
            for (key, text, bad, is_income) in [
                (
                    Text::ComplianceIncome,
                    &mut self.income,
                    &mut self.bad_income,
                    true,
                ),
                (
                    Text::ComplianceNetWorth,
                    &mut self.net_worth,
                    &mut self.bad_net_worth,
                    false,
                ),
            ] {
                let label = ui.label(lang.t(key));
                let resp = ui
                    .add(egui::TextEdit::singleline(text).desired_width(130.0))
                    .labelled_by(label.id);
                if resp.lost_focus() {
                    let trimmed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                    let parsed = if trimmed.is_empty() {
                        Some(None)
                    } else {
                        salyq_core::parse::decimal(&trimmed)
                            .filter(|x| !x.is_sign_negative())
                            .map(Some)
                    };
                    *bad = parsed.is_none();
                    if let Some(v) = parsed {
                        if is_income {
                            self.personal.annual_income = v;
                        } else {
                            self.personal.net_worth = v;
                        }
                    }
                }
                ui.add_space(12.0);
            }
        });
        if self.bad_income || self.bad_net_worth {
            ui.colored_label(ui.visuals().error_fg_color, lang.t(Text::ComplianceBadAmount));
        }
        let usd = |x: Decimal| format!("{} USD", fmt::amount(lang, x));
        match &a.personal {
            Some(p) => {
                let text = match p.limit_usd {
                    Some(u) => lang.f(
                        Text::CompliancePersonalLimit,
                        &[("kzt", &fmt::money(lang, p.limit_kzt)), ("usd", &usd(u))],
                    ),
                    None => lang.f(
                        Text::CompliancePersonalNoRate,
                        &[("kzt", &fmt::money(lang, p.limit_kzt))],
                    ),
                };
                ui.strong(text);
            }
            None => {
                ui.weak(lang.t(Text::CompliancePersonalHint));
            }
        }
        if !a.before_year_usd.is_zero() {
            ui.label(lang.f(Text::ComplianceBeforeYear, &[("usd", &usd(a.before_year_usd))]));
        }
        if a.months.is_empty() {
            ui.label(lang.t(Text::ComplianceNoAifcPurchases));
        } else {
            let whole = |x: Decimal| format!("{} USD", fmt::quantity(lang, x.normalize()));
            egui::Grid::new("aifc_months")
                .striped(true)
                .num_columns(6)
                .spacing([20.0, 4.0])
                .show(ui, |ui| {
                    for k in [
                        Text::ComplianceMonth,
                        Text::CompliancePurchases,
                        Text::ComplianceBoughtUsd,
                        Text::ComplianceYearToDate,
                        Text::ComplianceAggregate,
                        Text::ComplianceLimits,
                    ] {
                        ui.strong(lang.t(k));
                    }
                    ui.end_row();
                    for m in &a.months {
                        let over = m.is_over();
                        let color = over.then(|| ui.visuals().error_fg_color);
                        let cell = |ui: &mut egui::Ui, s: String| {
                            let mut t = egui::RichText::new(s);
                            if let Some(c) = color {
                                t = t.color(c).strong();
                            }
                            ui.label(t);
                        };
                        cell(ui, format!("{}-{:02}", r.year, m.month));
                        let mut purchases = m.trades.to_string();
                        if m.unconverted > 0 {
                            purchases.push_str(&format!(
                                " ({})",
                                lang.f(Text::ComplianceUnconverted, &[("n", &m.unconverted.to_string())])
                            ));
                        }
                        cell(ui, purchases);
                        cell(ui, usd(m.bought_usd));
                        cell(ui, usd(m.year_to_date_usd));
                        cell(ui, usd(m.aggregate_usd));
                        let mut limits = Vec::new();
                        if m.over_monthly {
                            limits.push(lang.f(
                                Text::ComplianceOverMonthly,
                                &[("limit", &whole(a.monthly_limit.value))],
                            ));
                        }
                        if m.over_aggregate {
                            limits.push(lang.f(
                                Text::ComplianceOverAggregate,
                                &[("limit", &whole(a.aggregate_limit.value))],
                            ));
                        }
                        if m.over_personal {
                            limits.push(lang.t(Text::ComplianceOverPersonal).to_string());
                        }
                        if limits.is_empty() {
                            ui.weak(lang.t(Text::ComplianceWithin));
                        } else {
                            let refs: Vec<&str> = [
                                (m.over_monthly, &a.monthly_limit),
                                (m.over_aggregate, &a.aggregate_limit),
                                (m.over_personal, &a.income_share),
                            ]
                            .iter()
                            .filter(|(on, _)| *on)
                            .map(|(_, r)| core_text::reference_text(lang, &r.reference))
                            .collect();
                            let text = egui::RichText::new(limits.join("; "))
                                .color(ui.visuals().error_fg_color)
                                .strong();
                            ui.label(text).on_hover_text(refs.join("\n"));
                        }
                        ui.end_row();
                    }
                });
        }
        for rule in [&a.monthly_limit, &a.aggregate_limit, &a.income_share] {
            source_ui(ui, lang, &rule.reference);
        }
    }

    fn thresholds(&mut self, ui: &mut egui::Ui, r: &ComplianceReport, lang: Lang) {
        ui.heading(lang.t(Text::ComplianceThresholds));
        ui.horizontal(|ui| {
            let label = ui.label(lang.t(Text::ComplianceForeignBankBalance));
            let resp = ui
                .add(egui::TextEdit::singleline(&mut self.bank).desired_width(130.0))
                .labelled_by(label.id);
            if resp.lost_focus() {
                let trimmed: String = self.bank.chars().filter(|c| !c.is_whitespace()).collect();
                let parsed = if trimmed.is_empty() {
                    Some(None)
                } else {
                    salyq_core::parse::decimal(&trimmed)
                        .filter(|x| !x.is_sign_negative())
                        .map(Some)
                };
                self.bad_bank = parsed.is_none();
                if let Some(v) = parsed {
                    self.personal.foreign_bank_balance = v;
                }
            }
        });
        if self.bad_bank {
            ui.colored_label(ui.visuals().error_fg_color, lang.t(Text::ComplianceBadAmount));
        }
        let mut rows = vec![
            (Text::ComplianceHoldingsAbroad, Some(&r.foreign_assets)),
            (Text::CompliancePropertyBought, Some(&r.property_bought)),
            (Text::ComplianceForeignBank, r.foreign_bank.as_ref()),
        ];
        if let Some(t) = &r.annual_income {
            rows.push((Text::ComplianceAnnualIncome, Some(t)));
        }
        for (key, t) in rows {
            let Some(t) = t else {
                ui.horizontal_wrapped(|ui| {
                    ui.strong(lang.t(key));
                    ui.weak(lang.t(Text::ComplianceNoBankEntered));
                });
                continue;
            };
            ui.horizontal_wrapped(|ui| {
                ui.strong(lang.t(key));
                let mci = lang.t(Text::Mci);
                ui.label(format!(
                    "{} / {} {mci} × {} = {}",
                    fmt::money(lang, t.total_kzt),
                    fmt::quantity(lang, t.mci_count),
                    fmt::quantity(lang, t.mci),
                    fmt::money(lang, t.limit_kzt)
                ));
                if !t.compared {
                    ui.colored_label(ui.visuals().warn_fg_color, lang.t(Text::ComplianceNotCompared));
                } else if t.over {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        egui::RichText::new(lang.t(Text::ComplianceAbove)).strong(),
                    );
                } else {
                    ui.label(lang.t(Text::ComplianceBelow));
                }
                if t.at_cost > 0 {
                    ui.weak(lang.f(
                        Text::ComplianceAtCostNote,
                        &[("n", &t.at_cost.to_string()), ("items", &t.items.to_string())],
                    ));
                }
                if t.excluded > 0 {
                    ui.weak(lang.f(Text::ComplianceExcluded, &[("n", &t.excluded.to_string())]));
                }
            });
            source_ui(ui, lang, &t.reference);
        }
        let inferred = r
            .holdings
            .iter()
            .filter(|h| {
                matches!(
                    h.foreign_issuer,
                    Some((_, compliance::issuer::IssuerBasis::Venue))
                )
            })
            .count();
        if inferred > 0 {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                lang.f(Text::ComplianceIssuerFromVenue, &[("n", &inferred.to_string())]),
            );
        }
    }
}

fn declarations(ui: &mut egui::Ui, r: &ComplianceReport, lang: Lang) {
    ui.heading(lang.t(Text::ComplianceDeclarations));
    if r.filings.is_empty() {
        ui.label(lang.t(Text::ComplianceNoDeclaration));
        return;
    }
    for f in &r.filings {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(&f.code).strong().size(17.0));
                ui.label(format!("{}: {}", lang.t(Text::ComplianceDueBy), f.due));
                if let Some(p) = f.pay_by {
                    ui.label(format!("{}: {}", lang.t(Text::CompliancePayBy), p));
                }
            });
            for reason in &f.reasons {
                ui.label(format!(
                    "• {}: {}",
                    lang.t(Text::ComplianceBecause),
                    crate::i18n::trigger(lang, *reason)
                ));
            }
            source_ui(ui, lang, &f.reference);
        });
    }
}

fn country(lang: Lang, c: Country) -> &'static str {
    lang.t(match c {
        Country::Kazakhstan => Text::ComplianceKazakhstan,
        Country::Abroad => Text::ComplianceAbroad,
    })
}

fn holdings(ui: &mut egui::Ui, r: &ComplianceReport, lang: Lang) {
    ui.heading(lang.t(Text::ComplianceHoldings));
    if r.holdings.is_empty() {
        ui.label(lang.t(Text::ComplianceNoHoldings));
        return;
    }
    egui::Grid::new("year_end_holdings")
        .striped(true)
        .num_columns(7)
        .spacing([20.0, 4.0])
        .show(ui, |ui| {
            for k in [
                Text::ComplianceAsset,
                Text::ComplianceVenue,
                Text::ComplianceStatus,
                Text::ComplianceCountry,
                Text::ComplianceQuantity,
                Text::ComplianceCost,
                Text::ComplianceValueYearEnd,
            ] {
                ui.strong(lang.t(k));
            }
            ui.end_row();
            for h in &r.holdings {
                ui.label(&*h.asset);
                ui.label(h.venue.as_deref().unwrap_or(lang.t(Text::ComplianceNoVenue)));
                status_label(ui, lang, h.status);
                ui.label(country(lang, h.country));
                crate::cells::num(ui, fmt::quantity(lang, h.quantity));
                crate::cells::num(ui, fmt::money(lang, h.cost));
                match &h.value {
                    Some(v) => {
                        let mut s = fmt::money(lang, v.value_kzt);
                        if v.at_par {
                            s.push_str(&format!(" ({})", lang.t(Text::ComplianceAtPar)));
                        }
                        ui.label(s).on_hover_text(format!(
                            "{} {} × {} ({})",
                            fmt::quantity(lang, v.price),
                            v.currency,
                            fmt::quantity(lang, v.rate),
                            v.rate_date.map_or_else(|| r.year.to_string(), |d| d.to_string())
                        ));
                    }
                    None => {
                        ui.weak(lang.t(Text::ComplianceNoPrice));
                    }
                }
                ui.end_row();
            }
        });
}

fn status_label(ui: &mut egui::Ui, lang: Lang, s: LicenceStatus) {
    let text = crate::i18n::status(lang, s);
    match s {
        LicenceStatus::AifcLicensed => ui.label(text),
        LicenceStatus::Foreign | LicenceStatus::Unknown => ui.colored_label(ui.visuals().warn_fg_color, text),
    };
}

/// The bundled venue list's source in `lang` (a list the user changed keeps its own words).
fn venue_list_source(lang: Lang, source: &str) -> &str {
    static BUNDLED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let bundled = BUNDLED.get_or_init(|| salyq_core::venues::VenueBook::bundled().source);
    if source != bundled.as_str() {
        return source;
    }
    lang.t(Text::ComplianceVenueListBundled)
}

fn venues(
    ui: &mut egui::Ui,
    r: &ComplianceReport,
    c: &Computed,
    state: &AppState,
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    ui.heading(lang.t(Text::ComplianceVenues));
    ui.weak(lang.f(
        Text::ComplianceVenueListSource,
        &[
            ("as_of", &r.venues.as_of),
            ("source", venue_list_source(lang, &r.venues.source)),
        ],
    ));
    egui::Grid::new("venue_status")
        .striped(true)
        .num_columns(6)
        .spacing([20.0, 4.0])
        .show(ui, |ui| {
            for k in [
                Text::ComplianceVenue,
                Text::ComplianceStatus,
                Text::ComplianceCountry,
                Text::ComplianceTrades,
                Text::ComplianceTradesInYear,
                Text::ComplianceNote,
            ] {
                ui.strong(lang.t(k));
            }
            ui.end_row();
            for v in &r.venues.rows {
                let name = v.venue.as_deref().unwrap_or(lang.t(Text::ComplianceNoVenue));
                let label = ui.label(name);
                match v.venue.as_deref() {
                    Some(venue) => {
                        ui.horizontal(|ui| {
                            let mut chosen = v.status;
                            egui::ComboBox::from_id_salt(("venue_status", venue))
                                .selected_text(crate::i18n::status(lang, v.status))
                                .show_ui(ui, |ui| {
                                    for s in LicenceStatus::ALL {
                                        ui.selectable_value(&mut chosen, s, crate::i18n::status(lang, s));
                                    }
                                })
                                .response
                                .labelled_by(label.id);
                            if chosen != v.status {
                                let mut s = state.settings.clone();
                                s.venues.set_status(venue, chosen);
                                actions.push(Action::ApplySettings(Box::new(s)));
                            }
                            if v.set_by_user {
                                ui.colored_label(
                                    ui.visuals().selection.stroke.color,
                                    lang.t(Text::ComplianceSetByYou),
                                );
                            }
                        });
                    }
                    None => status_label(ui, lang, v.status),
                }
                ui.label(country(lang, v.country));
                crate::cells::num(ui, fmt::quantity(lang, v.trades.into()));
                crate::cells::num(ui, fmt::quantity(lang, v.trades_in_year.into()));
                let note = v.note.as_ref().map(|n| match lang {
                    Lang::En => n.text.as_str(),
                    _ => n
                        .text_id
                        .as_deref()
                        .and_then(|id| lang.data(id))
                        .unwrap_or(&n.text),
                });
                ui.vertical(|ui| {
                    if let Some(fl) = v.flag {
                        let first = c
                            .inputs
                            .trades
                            .get(v.first_trade)
                            .map(|t| t.source().to_string())
                            .unwrap_or_default();
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            format!("{} ({first})", crate::i18n::flag(lang, fl)),
                        );
                    }
                    if let Some(n) = note {
                        ui.weak(n);
                    }
                });
                ui.end_row();
            }
        });
}

/// A fact's source with its confidence; an unconfirmed one stands out.
fn source_ui(ui: &mut egui::Ui, lang: Lang, r: &Reference) {
    ui.horizontal_wrapped(|ui| {
        if r.confidence == Confidence::U {
            ui.colored_label(ui.visuals().warn_fg_color, lang.t(Text::ComplianceUnconfirmed));
        } else {
            ui.weak(confidence_name(lang, r.confidence));
        }
        ui.weak(core_text::reference_text(lang, r));
    });
}
