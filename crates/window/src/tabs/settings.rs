//! The Settings tab: matching method, time zone, stablecoins at par, the rules of each year
//! that the user may change (each with its reference and confidence) and other income for a
//! progressive scale. A change is applied at once as an undoable step.

use super::{fee_name, fx_name, method_name, netting_name, reference_ui};
use crate::action::Action;
use crate::i18n::{Lang, Text};
use salyq_core::model::Kind;
use salyq_core::rules::{FeeRule, FxGain, FxRule, Netting, RuleBook};
use salyq_core::settings::{Method, Settings};
use salyq_core::venues::Country;
use std::collections::BTreeMap;

/// Text being typed into fields applied on Enter.
#[derive(Debug, Default)]
pub struct SettingsView {
    tz: Option<String>,
    tz_error: bool,
    income: BTreeMap<i32, String>,
    income_error: BTreeMap<i32, bool>,
    haven_asset: String,
    months: BTreeMap<i32, String>,
    months_error: BTreeMap<i32, bool>,
}

/// True when two settings would give the same figures.
pub fn same(a: &Settings, b: &Settings) -> bool {
    a.method == b.method
        && a.tz == b.tz
        && a.stablecoins_at_par == b.stablecoins_at_par
        && a.other_income == b.other_income
        && a.rules == b.rules
        && a.venues == b.venues
        && a.exemptions == b.exemptions
        && a.foreign_tax_paid == b.foreign_tax_paid
        && a.tax_havens == b.tax_havens
        && a.price_basis == b.price_basis
        && a.ledger == b.ledger
        && a.basic_deduction_months == b.basic_deduction_months
}

impl SettingsView {
    /// Forgets typed text (after undo, so fields show the settings in force).
    pub fn reset(&mut self) {
        *self = SettingsView::default();
    }

    /// Draws the tab; a change becomes [`Action::ApplySettings`].
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        current: &Settings,
        venues: &[String],
        lang: Lang,
        actions: &mut Vec<Action>,
    ) {
        let mut s = current.clone();
        egui::ScrollArea::vertical().id_salt("settings").show(ui, |ui| {
            ui.set_max_width(900.0);
            ui.weak(lang.t(Text::UndoHint));
            ui.add_space(6.0);
            ui.heading(lang.t(Text::Method));
            ui.horizontal_wrapped(|ui| {
                for m in Method::ALL {
                    ui.radio_value(&mut s.method, m, method_name(lang, m));
                }
            });
            ui.weak(lang.t(Text::MethodNote));
            ui.add_space(8.0);

            let heading = ui.heading(lang.t(Text::TimeZone));
            ui.horizontal(|ui| {
                let text = self.tz.get_or_insert_with(|| current.tz.to_string());
                let r = ui
                    .add(egui::TextEdit::singleline(text).desired_width(80.0))
                    .labelled_by(heading.id);
                if r.lost_focus() {
                    match salyq_core::parse::offset(text) {
                        Some(tz) => {
                            s.tz = tz;
                            self.tz_error = false;
                        }
                        None => self.tz_error = true,
                    }
                }
                for (label, hours) in [("+05:00", 5), ("+06:00", 6)] {
                    if ui.small_button(label).clicked()
                        && let Some(tz) = chrono::FixedOffset::east_opt(hours * 3600)
                    {
                        s.tz = tz;
                        self.tz = Some(tz.to_string());
                        self.tz_error = false;
                    }
                }
            });
            if self.tz_error {
                ui.colored_label(ui.visuals().error_fg_color, lang.t(Text::BadTimeZone));
            } else {
                ui.weak(lang.t(Text::TimeZoneHint));
            }
            ui.add_space(8.0);

            ui.checkbox(&mut s.stablecoins_at_par, lang.t(Text::StablecoinsAtPar));
            ui.weak(lang.t(Text::StablecoinsNote));
            ui.add_space(8.0);

            ui.label(lang.t(Text::PriceBasisLabel));
            ui.horizontal_wrapped(|ui| {
                use salyq_core::prices::PriceBasis;
                for b in PriceBasis::ALL {
                    let key = match b {
                        PriceBasis::Close => Text::PriceBasisClose,
                        PriceBasis::Open => Text::PriceBasisOpen,
                        PriceBasis::High => Text::PriceBasisHigh,
                        PriceBasis::Low => Text::PriceBasisLow,
                        PriceBasis::Mean => Text::PriceBasisMean,
                    };
                    ui.radio_value(&mut s.price_basis, b, lang.t(key));
                }
            });
            ui.weak(lang.t(Text::PriceBasisNote));
            ui.add_space(8.0);

            crate::ledger_dialogs::settings_section(ui, &mut s.ledger, lang);
            ui.add_space(8.0);

            if !venues.is_empty() {
                ui.heading(lang.t(Text::VenueCountries));
                for venue in venues {
                    ui.horizontal(|ui| {
                        ui.label(format!("{venue}:"));
                        let mut country = s.venues.country(Some(venue));
                        let before = country;
                        ui.radio_value(&mut country, Country::Kazakhstan, lang.t(Text::CountryKazakhstan));
                        ui.radio_value(&mut country, Country::Abroad, lang.t(Text::CountryAbroad));
                        if country != before {
                            s.venues.set(venue, country);
                        }
                        if !s.venues.knows(venue) {
                            ui.weak(lang.t(Text::VenueNotListed));
                        }
                        ui.add_space(12.0);
                        super::forms::venue_exemption(ui, &mut s, venue, lang);
                        ui.add_space(12.0);
                        let mut haven = s.tax_havens.has_venue(venue);
                        let text = egui::RichText::new(lang.t(Text::TaxHavenVenue));
                        let text = if haven {
                            text.color(ui.visuals().error_fg_color).strong()
                        } else {
                            text
                        };
                        if ui.checkbox(&mut haven, text).changed() {
                            s.tax_havens.set_venue(venue, haven);
                        }
                    });
                }
                ui.weak(lang.t(Text::FormsExemptVenuesHint));
                ui.weak(lang.f(Text::VenueListNote, &[("as_of", &s.venues.as_of)]));
                ui.add_space(8.0);
            }
            self.tax_havens(ui, &mut s, lang);

            ui.heading(lang.t(Text::RulesPerYear));
            let years: Vec<i32> = s.rules.years().collect();
            for year in years {
                egui::CollapsingHeader::new(egui::RichText::new(year.to_string()).strong())
                    .id_salt(("rules_year", year))
                    .default_open(true)
                    .show(ui, |ui| self.year_rules(ui, &mut s, year, lang));
            }
            ui.add_space(8.0);
            if ui.button(lang.t(Text::ResetRules)).clicked() {
                s.rules = RuleBook::bundled();
            }
        });
        if !same(&s, current) {
            actions.push(Action::ApplySettings(Box::new(s)));
        }
    }

    /// The tax-haven flags: the assets flagged (the venues are flagged in the venue list), a
    /// field to flag another, and a loud line while any flag is on.
    fn tax_havens(&mut self, ui: &mut egui::Ui, s: &mut Settings, lang: Lang) {
        ui.heading(lang.t(Text::TaxHavens));
        ui.weak(lang.t(Text::TaxHavenNote));
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.t(Text::TaxHavenAssets));
            let flagged: Vec<String> = s.tax_havens.assets.iter().cloned().collect();
            for asset in flagged {
                ui.label(
                    egui::RichText::new(&asset)
                        .color(ui.visuals().error_fg_color)
                        .strong(),
                );
                if ui
                    .small_button(lang.f(Text::TaxHavenRemove, &[("name", &asset)]))
                    .clicked()
                {
                    s.tax_havens.set_asset(&asset, false);
                }
            }
            let field = ui.add(
                egui::TextEdit::singleline(&mut self.haven_asset)
                    .hint_text(lang.t(Text::TaxHavenAssetHint))
                    .desired_width(120.0),
            );
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button(lang.t(Text::TaxHavenAddAsset)).clicked() || enter)
                && !self.haven_asset.trim().is_empty()
            {
                s.tax_havens.set_asset(&self.haven_asset, true);
                self.haven_asset.clear();
            }
        });
        if !s.tax_havens.is_empty() {
            let list: Vec<String> = s
                .tax_havens
                .venues
                .iter()
                .chain(&s.tax_havens.assets)
                .cloned()
                .collect();
            ui.label(
                egui::RichText::new(lang.f(Text::TaxHavenOn, &[("list", &list.join(", "))]))
                    .color(ui.visuals().error_fg_color)
                    .strong(),
            );
        }
        ui.add_space(8.0);
    }

    fn year_rules(&mut self, ui: &mut egui::Ui, s: &mut Settings, year: i32, lang: Lang) {
        let progressive = s.rules.for_year(year).rules.is_progressive();
        let deduction = s.rules.for_year(year).rules.basic_deduction.is_some();
        let Some(r) = s.rules.year_mut(year) else { return };
        // Netting per kind.
        ui.strong(lang.t(Text::Netting));
        for kind in Kind::ALL {
            ui.horizontal(|ui| {
                ui.label(format!("  {}:", super::kind_name(lang, kind)));
                let mut v = r.netting.for_kind(kind);
                for n in [
                    Netting::PerSale,
                    Netting::NetYear,
                    Netting::NetPool,
                    Netting::NetForeignIssuers,
                ] {
                    if ui.radio_value(&mut v, n, netting_name(lang, n)).changed() {
                        r.netting.set(kind, v);
                    }
                }
            });
        }
        reference_ui(ui, lang, &r.netting.reference);
        ui.add_space(4.0);

        for (label, rule) in [
            (Text::LawPurchaseFees, &mut r.fees),
            (Text::LawSaleFees, &mut r.sale_fees),
            (Text::LawCryptoFees, &mut r.crypto_fees),
        ] {
            ui.horizontal(|ui| {
                ui.strong(lang.t(label));
                for f in [FeeRule::Include, FeeRule::Exclude] {
                    let mut v = rule.value;
                    if ui.radio_value(&mut v, f, fee_name(lang, f)).changed() {
                        rule.set(v);
                    }
                }
            });
            reference_ui(ui, lang, &rule.reference);
            ui.add_space(4.0);
        }

        ui.horizontal(|ui| {
            ui.strong(lang.t(Text::FxRule));
            for f in [FxRule::PreviousBusinessDay, FxRule::AnnualAverage] {
                let mut v = r.fx_rule.value;
                if ui.radio_value(&mut v, f, fx_name(lang, f)).changed() {
                    r.fx_rule.set(v);
                }
            }
        });
        reference_ui(ui, lang, &r.fx_rule.reference);
        ui.add_space(4.0);

        ui.horizontal(|ui| {
            ui.strong(lang.t(Text::LawFxGain));
            for g in [FxGain::PerLeg, FxGain::SaleYearAverage] {
                let mut v = r.fx_gain.value;
                if ui
                    .radio_value(&mut v, g, crate::i18n::fx_gain_name(lang, g))
                    .changed()
                {
                    r.fx_gain.set(v);
                }
            }
        });
        reference_ui(ui, lang, &r.fx_gain.reference);
        ui.add_space(4.0);

        let mut taxable = r.crypto_taxable.value;
        if ui.checkbox(&mut taxable, lang.t(Text::CryptoTaxable)).changed() {
            r.crypto_taxable.set(taxable);
        }
        reference_ui(ui, lang, &r.crypto_taxable.reference);

        if deduction {
            ui.add_space(4.0);
            self.deduction_months(ui, s, year, lang);
        }
        if progressive {
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                let label = ui.strong(lang.f(Text::OtherIncomeFor, &[("year", &year.to_string())]));
                let text = self
                    .income
                    .entry(year)
                    .or_insert_with(|| s.other_income(year).normalize().to_string());
                let resp = ui
                    .add(egui::TextEdit::singleline(text).desired_width(140.0))
                    .labelled_by(label.id);
                if resp.lost_focus() {
                    let parsed = salyq_core::parse::decimal(text).filter(|x| !x.is_sign_negative());
                    self.income_error.insert(year, parsed.is_none());
                    if let Some(x) = parsed {
                        if x.is_zero() {
                            s.other_income.remove(&year);
                        } else {
                            s.other_income.insert(year, x);
                        }
                    }
                }
            });
            if self.income_error.get(&year).copied().unwrap_or(false) {
                ui.colored_label(ui.visuals().error_fg_color, lang.t(Text::BadAmount));
            } else {
                ui.weak(lang.t(Text::OtherIncomeNote));
            }
        }
        ui.add_space(6.0);
    }

    /// The months of `year` no employer applied the basic deduction for (applied on Enter or
    /// when the field loses focus, as an undoable settings change).
    fn deduction_months(&mut self, ui: &mut egui::Ui, s: &mut Settings, year: i32, lang: Lang) {
        ui.horizontal(|ui| {
            let label = ui.strong(lang.f(Text::LawBasicDeductionMonths, &[("year", &year.to_string())]));
            let text = self
                .months
                .entry(year)
                .or_insert_with(|| s.basic_deduction_months(year).to_string());
            let resp = ui
                .add(egui::TextEdit::singleline(text).desired_width(40.0))
                .labelled_by(label.id);
            if resp.lost_focus() {
                let parsed = text.trim().parse::<u8>().ok().filter(|m| *m <= 12);
                self.months_error.insert(year, parsed.is_none());
                if let Some(m) = parsed {
                    if m == 0 {
                        s.basic_deduction_months.remove(&year);
                    } else {
                        s.basic_deduction_months.insert(year, m);
                    }
                }
            }
        });
        if self.months_error.get(&year).copied().unwrap_or(false) {
            ui.colored_label(ui.visuals().error_fg_color, lang.t(Text::LawBasicDeductionHint));
        } else {
            ui.weak(lang.t(Text::LawBasicDeductionHint));
        }
    }
}
