//! The Forms tab: the draft of the year's declaration (270.00 or 240.00, the other one for
//! comparison): every line with its value, formula and what it sums; the selected line's
//! disposals below; taxpayer details, tax paid abroad, the notes to read, the 270.04 rows, and
//! the exports (CSV, experimental XML, printable HTML).

use crate::action::Action;
use crate::app_state::AppState;
use crate::fmt;
use crate::i18n::{Lang, Text};
use crate::worker::{Computed, ExportKind};
use egui_extras::{Column, TableBuilder};
use salyq_core::forms::{self, FormCode, FormDraft, LineId, Sums};
use salyq_core::parse;
use salyq_core::taxpayer::{Iin, IinError, Taxpayer};
use std::sync::Arc;

/// What a cached draft was made from.
#[derive(Debug, Clone, PartialEq)]
struct DraftKey {
    generation: u64,
    year: i32,
    form: Option<FormCode>,
    taxpayer: Taxpayer,
}

/// The tab's own state.
#[derive(Debug, Default)]
pub struct FormsView {
    /// The form chosen (`None`: the one the year's rules name).
    pub form: Option<FormCode>,
    /// The line whose disposals are listed.
    pub selected: Option<LineId>,
    /// The taxpayer's name as typed.
    pub name: String,
    /// The IIN as typed.
    pub iin: String,
    /// Tax paid abroad as typed, and the year it was typed for.
    foreign_tax: Option<(i32, String)>,
    /// The spouse's IIN as typed, and the split in force it was last set from.
    spouse: (String, Option<Option<Iin>>),
    /// The disposal selected in the line's list (the arrow keys move it, Enter shows it).
    pub selected_disposal: Option<usize>,
    cache: Option<(DraftKey, Arc<FormDraft>)>,
    pending: Option<(DraftKey, std::sync::mpsc::Receiver<FormDraft>)>,
}

/// Above this many trades the draft is made on its own thread, with a spinner meanwhile.
const INLINE_TRADES: usize = 50_000;

impl FormsView {
    /// The taxpayer as entered (an IIN only when it checks out).
    pub fn taxpayer(&self) -> Taxpayer {
        Taxpayer {
            name: self.name.trim().to_string(),
            iin: Iin::parse(&self.iin).ok(),
        }
    }

    /// The draft shown, if any (for exports).
    pub fn draft(&self) -> Option<Arc<FormDraft>> {
        self.cache.as_ref().map(|(_, d)| d.clone())
    }

    /// The tax year the tab shows: the year chosen, else the latest with disposals.
    pub fn year_of(c: &Computed, year: Option<i32>) -> Option<i32> {
        year.or_else(|| c.computation.years.last().map(|y| y.year))
    }

    fn key(&self, c: &Computed, year: i32) -> DraftKey {
        DraftKey {
            generation: c.generation,
            year,
            form: self.form,
            taxpayer: self.taxpayer(),
        }
    }

    /// The draft of `year` for the window: at once for small histories, else made on its own
    /// thread (`None` while it is being made).
    fn draft_for_ui(
        &mut self,
        c: &Arc<Computed>,
        year: i32,
        threaded: bool,
        ctx: &egui::Context,
    ) -> Option<Arc<FormDraft>> {
        let key = self.key(c, year);
        if let Some((k, d)) = &self.cache
            && *k == key
        {
            return Some(d.clone());
        }
        if !threaded || c.inputs.trades.len() <= INLINE_TRADES {
            return Some(self.ensure_draft(c, year));
        }
        if let Some((k, rx)) = &self.pending
            && *k == key
        {
            if let Ok(draft) = rx.try_recv() {
                let draft = Arc::new(draft);
                self.cache = Some((key, draft.clone()));
                self.pending = None;
                return Some(draft);
            }
            return None;
        }
        let (job, ctx, k) = (c.clone(), ctx.clone(), key.clone());
        let spawned = crate::background::spawn("salyq-forms", Some(ctx), move || make_draft(&job, &k));
        match spawned {
            Ok(rx) => {
                self.pending = Some((key, rx));
                None
            }
            Err(_) => Some(self.ensure_draft(c, year)),
        }
    }

    /// Makes (or reuses) the draft of `year`.
    pub fn ensure_draft(&mut self, c: &Computed, year: i32) -> Arc<FormDraft> {
        let key = self.key(c, year);
        if let Some((k, d)) = &self.cache
            && *k == key
        {
            return d.clone();
        }
        if self.cache.as_ref().is_some_and(|(k, _)| k.year != year) {
            self.selected = None;
        }
        let draft = Arc::new(make_draft(c, &key));
        self.cache = Some((key, draft.clone()));
        draft
    }

    /// Draws the tab.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &AppState,
        year: Option<i32>,
        excel_ru: bool,
        lang: Lang,
        actions: &mut Vec<Action>,
    ) {
        let Some(c) = state.computed.clone() else {
            ui.label(lang.t(Text::NoFigures));
            return;
        };
        let year_shown = year;
        let Some(year) = Self::year_of(&c, year) else {
            ui.label(lang.t(Text::NoFigures));
            return;
        };
        let Some(draft) = self.draft_for_ui(&c, year, state.worker.is_threaded(), ui.ctx()) else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(lang.t(Text::Computing));
            });
            return;
        };
        egui::Panel::bottom("form_disposals")
            .resizable(true)
            .default_size(200.0)
            .show(ui, |ui| self.selected_disposals(ui, &c, &draft, lang, actions));
        egui::CentralPanel::no_frame().show(ui, |ui| {
            egui::ScrollArea::both().id_salt("forms").show(ui, |ui| {
                let flags = (excel_ru, year_shown.is_none(), &state.settings);
                self.head(ui, &c, &draft, flags, lang, actions);
                ui.add_space(6.0);
                self.figures(ui, &draft, lang);
                ui.add_space(6.0);
                notes(ui, &draft, lang);
                foreign_assets(ui, &draft, lang);
            });
        });
    }

    fn head(
        &mut self,
        ui: &mut egui::Ui,
        c: &Computed,
        d: &FormDraft,
        (excel_ru, all_years, settings): (bool, bool, &salyq_core::settings::Settings),
        lang: Lang,
        actions: &mut Vec<Action>,
    ) {
        ui.horizontal_wrapped(|ui| {
            // One tax-year selector, the window's: the tab names the year it drafts.
            ui.strong(format!("{} {}", lang.t(Text::TaxYear), d.year));
            if all_years {
                ui.weak(lang.t(Text::CompliancePickYear));
            }
            ui.add_space(12.0);
            let form_label = ui.label(lang.t(Text::FormsForm));
            let name = |f: FormCode| {
                let year = d.year.to_string();
                let args = [("form", f.as_str()), ("year", year.as_str())];
                if f == d.rules_form {
                    lang.f(Text::FormsFormOfYear, &args)
                } else {
                    lang.f(Text::FormsForComparison, &args)
                }
            };
            egui::ComboBox::from_id_salt("form_code")
                .selected_text(name(d.form))
                .show_ui(ui, |ui| {
                    for f in FormCode::ALL {
                        if ui.selectable_label(f == d.form, name(f)).clicked() {
                            self.form = (f != d.rules_form).then_some(f);
                            self.selected = None;
                        }
                    }
                })
                .response
                .labelled_by(form_label.id);
            ui.add_space(12.0);
            ui.strong(lang.f(
                Text::FormsDueBy,
                &[("due", &d.due.to_string()), ("pay_by", &d.pay_by.to_string())],
            ));
        });
        ui.heading(format!(
            "{} — {}",
            d.form,
            form_words(lang, d, None, "title", &d.title.0)
        ));
        ui.colored_label(ui.visuals().warn_fg_color, lang.t(Text::FormsDraft));
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            ui.strong(lang.t(Text::FormsTaxpayer));
            let name = ui.label(lang.t(Text::FormsName));
            ui.add(egui::TextEdit::singleline(&mut self.name).desired_width(220.0))
                .labelled_by(name.id);
            let iin = ui.label(lang.t(Text::FormsIin));
            ui.add(
                egui::TextEdit::singleline(&mut self.iin)
                    .desired_width(120.0)
                    .char_limit(16),
            )
            .labelled_by(iin.id);
            if !self.iin.trim().is_empty() {
                iin_verdict(ui, &Iin::parse(&self.iin), lang);
            }
        });
        self.spouse_ui(ui, settings, lang, actions);
        self.foreign_tax_ui(ui, c, d.year, lang, actions);
        ui.horizontal_wrapped(|ui| {
            for (key, kind) in [
                (Text::FormsExportFigures, ExportKind::FormFigures),
                (Text::FormsExportDetail, ExportKind::FormDetail),
                (Text::FormsExportForeign, ExportKind::ForeignAssets),
                (Text::FormsExportHtml, ExportKind::FormHtml),
            ] {
                if ui.button(lang.t(key)).clicked() {
                    actions.push(Action::Export(kind));
                }
            }
            let xml = ui.add_enabled(
                d.form == FormCode::F270,
                egui::Button::new(lang.t(Text::FormsExportXml)),
            );
            if xml.clicked() {
                actions.push(Action::Export(ExportKind::FormXml));
            }
            let mut ru = excel_ru;
            if ui
                .checkbox(&mut ru, lang.t(Text::FormsExcelRu))
                .on_hover_text(lang.t(Text::FormsExcelRuHint))
                .changed()
            {
                actions.push(Action::SetExcelRu(ru));
            }
        });
    }

    /// The spouse split: a check box and the spouse's IIN; set as an undoable settings change,
    /// kept in the case.
    fn spouse_ui(
        &mut self,
        ui: &mut egui::Ui,
        settings: &salyq_core::settings::Settings,
        lang: Lang,
        actions: &mut Vec<Action>,
    ) {
        let current = settings.spouse_split.clone();
        if self.spouse.1.as_ref() != Some(&current) {
            // Set here, by undo or redo, or by the case opened: the field follows.
            self.spouse = (
                current.as_ref().map_or_else(String::new, |i| i.to_string()),
                Some(current.clone()),
            );
        }
        let typed = Iin::parse(&self.spouse.0);
        let own = self.taxpayer().iin;
        let is_own = typed.as_ref().is_ok_and(|i| own.as_ref() == Some(i));
        let usable = typed.as_ref().ok().filter(|_| !is_own).cloned();
        let mut apply = None;
        ui.horizontal_wrapped(|ui| {
            let mut on = current.is_some();
            let check = ui.add_enabled(
                on || usable.is_some(),
                egui::Checkbox::new(&mut on, lang.t(Text::SplitWithSpouse)),
            );
            if check.changed() {
                apply = Some(if on { usable.clone() } else { None });
            }
            check.on_hover_text(lang.t(Text::SplitHint));
            let label = ui.label(lang.t(Text::SpouseIin));
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut self.spouse.0)
                        .desired_width(120.0)
                        .char_limit(16),
                )
                .labelled_by(label.id);
            if !self.spouse.0.trim().is_empty() {
                if typed.is_ok() && is_own {
                    ui.colored_label(ui.visuals().error_fg_color, lang.t(Text::SpouseOwnIin));
                } else {
                    iin_verdict(ui, &typed, lang);
                }
            }
            // Another spouse's IIN typed while the split is on: it replaces the one in force.
            if current.is_some() && edit.lost_focus() && usable.is_some() && usable != current {
                apply = Some(usable.clone());
            }
        });
        if let Some(split) = apply
            && split != current
        {
            let mut s = settings.clone();
            s.spouse_split = split;
            actions.push(Action::ApplySettings(Box::new(s)));
        }
        match &current {
            Some(iin) => {
                ui.strong(lang.f(Text::SplitOn, &[("iin", &iin.to_string())]));
            }
            None => {
                ui.weak(lang.t(Text::SplitHint));
            }
        }
    }

    fn foreign_tax_ui(
        &mut self,
        ui: &mut egui::Ui,
        c: &Computed,
        year: i32,
        lang: Lang,
        actions: &mut Vec<Action>,
    ) {
        let current = c.settings.foreign_tax_paid(year);
        if self.foreign_tax.as_ref().is_none_or(|(y, _)| *y != year) {
            let text = if current.is_zero() {
                String::new()
            } else {
                current.normalize().to_string()
            };
            self.foreign_tax = Some((year, text));
        }
        let Some((_, text)) = &mut self.foreign_tax else {
            return;
        };
        ui.horizontal(|ui| {
            let label = ui.label(lang.f(Text::FormsForeignTaxPaid, &[("year", &year.to_string())]));
            let edit = ui
                .add(egui::TextEdit::singleline(text).desired_width(120.0))
                .labelled_by(label.id);
            let parsed = if text.trim().is_empty() {
                Some(rust_decimal::Decimal::ZERO)
            } else {
                parse::decimal(text.trim()).filter(|x| !x.is_sign_negative())
            };
            if parsed.is_none() {
                ui.colored_label(ui.visuals().error_fg_color, lang.t(Text::BadAmount));
            }
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let apply = ui.add_enabled(
                parsed.is_some_and(|p| p != current),
                egui::Button::new(lang.t(Text::FormsApply)),
            );
            if let Some(value) = parsed
                && value != current
                && (apply.clicked() || enter)
            {
                let mut s = c.settings.clone();
                if value.is_zero() {
                    s.foreign_tax_paid.remove(&year);
                } else {
                    s.foreign_tax_paid.insert(year, value);
                }
                actions.push(Action::ApplySettings(Box::new(s)));
            }
        });
    }

    fn figures(&mut self, ui: &mut egui::Ui, d: &FormDraft, lang: Lang) {
        let split = d.split.as_ref();
        egui::Grid::new("form_lines")
            .striped(true)
            .num_columns(if split.is_some() { 5 } else { 4 })
            .spacing([16.0, 4.0])
            .min_col_width(60.0)
            .show(ui, |ui| {
                ui.strong(lang.t(Text::FormsLine));
                ui.strong(lang.t(Text::FormsWhatItHolds));
                match split {
                    Some(_) => {
                        ui.strong(lang.t(Text::YourHalf));
                        ui.strong(lang.t(Text::SpouseColumn));
                    }
                    None => {
                        ui.strong(lang.t(Text::FormsKzt));
                    }
                }
                ui.label("");
                ui.end_row();
                for f in &d.figures {
                    let selected = self.selected == Some(f.id);
                    match &f.code {
                        Some(code) => {
                            if ui
                                .selectable_label(selected, egui::RichText::new(code).strong())
                                .clicked()
                            {
                                self.selected = Some(f.id);
                            }
                        }
                        None => {
                            let text = egui::RichText::new(lang.t(Text::FormsCodeUnconfirmed))
                                .small()
                                .color(ui.visuals().warn_fg_color);
                            if ui.selectable_label(selected, text).clicked() {
                                self.selected = Some(f.id);
                            }
                        }
                    }
                    ui.vertical(|ui| {
                        ui.set_min_width(520.0);
                        ui.set_max_width(620.0);
                        ui.label(form_words(lang, d, Some(f.id), "label", &f.label));
                        // The formula in body size, a little dimmer than the line's words.
                        let formula = form_words(lang, d, Some(f.id), "formula", &f.formula);
                        ui.label(
                            egui::RichText::new(formula)
                                .color(ui.visuals().weak_text_color().gamma_multiply(1.4)),
                        );
                    });
                    let strong = matches!(f.id, LineId::G | LineId::H | LineId::K);
                    let value = egui::RichText::new(fmt::money_whole(lang, f.value));
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.set_min_width(110.0);
                        ui.label(if strong { value.strong() } else { value });
                    });
                    if let Some(split) = split {
                        let spouse = split
                            .share(f.id)
                            .map_or(rust_decimal::Decimal::ZERO, |s| s.spouse);
                        let value = egui::RichText::new(fmt::money_whole(lang, spouse));
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.set_min_width(110.0);
                            ui.label(if strong { value.strong() } else { value });
                        });
                    }
                    let sums = match &f.sums {
                        Sums::Disposals(ids) => lang.n(
                            Text::FormsDisposals,
                            ids.len() as u64,
                            &[("n", &fmt::quantity(lang, ids.len().into()))],
                        ),
                        Sums::Lines(lines) => {
                            let formula = form_words(lang, d, Some(f.id), "formula", &f.formula);
                            let head = formula.split(" (").next().unwrap_or(formula);
                            if head.contains('−') || head.contains('×') || head.contains('÷') {
                                // Not a plain sum (G = D − E − F): the formula says how.
                                format!("= {head}")
                            } else {
                                let names: Vec<String> =
                                    lines.iter().map(|l| line_name(d, *l, lang)).collect();
                                lang.f(Text::FormsSumOf, &[("lines", &names.join(", "))])
                            }
                        }
                        Sums::Entered if f.id == salyq_core::forms::LineId::I => {
                            lang.t(Text::FormsCreditFromIncome).to_string()
                        }
                        Sums::Entered => lang.t(Text::FormsEntered).to_string(),
                        Sums::Income => lang.t(Text::FormsFromIncome).to_string(),
                        Sums::NotComputed => lang.t(Text::FormsNotComputed).to_string(),
                    };
                    if ui.link(sums).clicked() {
                        self.selected = Some(f.id);
                    }
                    ui.end_row();
                }
            });
        ui.horizontal_wrapped(|ui| {
            ui.weak(lang.t(Text::FormsLayout));
            super::reference_ui(ui, lang, &d.layout_reference);
        });
    }

    fn selected_disposals(
        &mut self,
        ui: &mut egui::Ui,
        c: &Computed,
        d: &FormDraft,
        lang: Lang,
        actions: &mut Vec<Action>,
    ) {
        let Some(fig) = self.selected.and_then(|l| d.figure(l)) else {
            ui.add_space(6.0);
            ui.weak(lang.t(Text::FormsSelectFigure));
            return;
        };
        let name = fig.code.clone().unwrap_or_else(|| fig.label.clone());
        ui.add_space(4.0);
        ui.strong(lang.f(Text::FormsSummedBy, &[("line", &name)]));
        let ids: &[usize] = match &fig.sums {
            Sums::Disposals(ids) => ids,
            Sums::Lines(lines) => {
                ui.horizontal_wrapped(|ui| {
                    for l in lines {
                        let label = line_name(d, *l, lang);
                        if ui.link(label).clicked() {
                            self.selected = Some(*l);
                        }
                    }
                });
                return;
            }
            Sums::Entered | Sums::NotComputed | Sums::Income => {
                ui.weak(form_words(lang, d, Some(fig.id), "formula", &fig.formula));
                return;
            }
        };
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        ui.style_mut().interaction.selectable_labels = false;
        let index: Vec<u32> = ids.iter().map(|&d| d as u32).collect();
        let keys = crate::keyboard::table_keys(ui.ctx(), "form_disposals", &index, self.selected_disposal);
        if let Some(d) = keys.moved {
            self.selected_disposal = Some(d);
        }
        if keys.open
            && let Some(d) = self.selected_disposal
        {
            actions.push(Action::ShowDisposal(d));
        }
        let scroll_row = keys.moved.and_then(|d| ids.iter().position(|&i| i == d));
        let selected = self.selected_disposal;
        let mut rows = crate::keyboard::Rows::default();
        let table_ui = ui.scope(|ui| {
            let mut builder = TableBuilder::new(ui);
            if let Some(row) = scroll_row {
                builder = builder.scroll_to_row(row, None);
            }
            builder
                .id_salt("form_disposals_table")
                .striped(true)
                .resizable(true)
                .sense(crate::keyboard::CELLS)
                .column(Column::initial(90.0))
                .column(Column::initial(70.0))
                .columns(Column::initial(130.0).clip(true), 3)
                .column(Column::remainder().at_least(120.0).clip(true))
                .header(row_height + 2.0, |mut h| {
                    for key in [
                        Text::Date,
                        Text::Asset,
                        Text::Proceeds,
                        Text::Cost,
                        Text::Gain,
                        Text::Source,
                    ] {
                        h.col(|ui| {
                            ui.strong(lang.t(key));
                        });
                    }
                })
                .body(|body| {
                    body.rows(row_height, ids.len(), |mut row| {
                        let di = ids[row.index()];
                        let Some(disp) = c.computation.disposals.get(di) else {
                            return;
                        };
                        row.set_selected(selected == Some(di));
                        row.col(|ui| {
                            ui.label(disp.date.to_string());
                        });
                        row.col(|ui| {
                            ui.label(&**disp.asset(&c.inputs.trades));
                        });
                        for x in [disp.proceeds, disp.cost, disp.gain()] {
                            row.col(|ui| {
                                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                                    ui.label(fmt::amount(lang, x));
                                });
                            });
                        }
                        row.col(|ui| {
                            crate::cells::source(ui, &c.inputs.trades[disp.trade()].source());
                        });
                        if rows.row(&row.response(), selected == Some(di), false) {
                            actions.push(Action::ShowDisposal(di));
                        }
                    });
                });
        });
        keys.finish(
            ui,
            table_ui.response.rect,
            rows,
            &lang.f(
                Text::TableRows,
                &[("table", &lang.f(Text::FormsSummedBy, &[("line", &name)]))],
            ),
        );
    }
}

/// A line as the form names it: its code, or its words where the code is unconfirmed.
fn line_name(d: &FormDraft, id: LineId, lang: Lang) -> String {
    match d.figure(id) {
        Some(f) => f
            .code
            .clone()
            .unwrap_or_else(|| form_words(lang, d, Some(id), "label", &f.label).to_string()),
        None => id.to_string(),
    }
}

/// The form's title or a line's label or formula in `lang` (the language files' words under the
/// layout's text id; the table's English in English or where a language lacks them).
fn form_words<'a>(lang: Lang, d: &FormDraft, line: Option<LineId>, part: &str, en: &'a str) -> &'a str {
    if lang == Lang::En {
        return en;
    }
    let id = salyq_core::forms::layout::text_id(&d.form.to_string(), line.map(|l| l.as_str()), part);
    lang.data(&id).unwrap_or(en)
}

fn notes(ui: &mut egui::Ui, d: &FormDraft, lang: Lang) {
    if !d.notes.is_empty() {
        ui.strong(lang.t(Text::FormsNotes));
        for n in &d.notes {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(ui.visuals().warn_fg_color, "•");
                ui.label(crate::i18n::note(lang, n));
            });
        }
        ui.add_space(4.0);
    }
    ui.horizontal_wrapped(|ui| {
        ui.weak(lang.t(Text::Form));
        super::reference_ui(ui, lang, &d.who_files);
    });
    egui::CollapsingHeader::new(lang.f(Text::RulesUsed, &[("year", &d.year.to_string())]))
        .id_salt("form_assumptions")
        .show(ui, |ui| {
            for a in &d.year_result.assumption_items {
                ui.label(format!("• {}", crate::core_text::assumption(lang, a)));
            }
        });
}

fn foreign_assets(ui: &mut egui::Ui, d: &FormDraft, lang: Lang) {
    let title = lang.f(
        Text::FormsForeignAssets,
        &[("n", &fmt::quantity(lang, d.foreign_assets.len().into()))],
    );
    egui::CollapsingHeader::new(title)
        .id_salt("form_foreign_assets")
        .show(ui, |ui| {
            egui::Grid::new("foreign_assets_grid")
                .striped(true)
                .num_columns(9)
                .show(ui, |ui| {
                    for key in [
                        Text::FormsKind,
                        Text::FormsOperation,
                        Text::FormsIdentifier,
                        Text::FormsQuantity,
                        Text::FormsDate,
                        Text::FormsVenue,
                        Text::FormsCurrency,
                        Text::FormsAmount,
                        Text::FormsKzt,
                    ] {
                        ui.strong(lang.t(key));
                    }
                    ui.end_row();
                    // A long list is cut short here; the 270.04 export has every row.
                    for r in d.foreign_assets.iter().take(500) {
                        ui.label(crate::i18n::asset_kind(lang, r.kind));
                        ui.label(crate::i18n::operation(lang, r.operation));
                        ui.label(&r.identifier);
                        ui.label(fmt::quantity(lang, r.quantity));
                        ui.label(r.date.to_string());
                        ui.label(&r.venue);
                        ui.label(&*r.currency);
                        ui.label(fmt::quantity(lang, r.amount));
                        ui.label(fmt::amount(lang, r.value_kzt));
                        ui.end_row();
                    }
                });
            if d.foreign_assets.len() > 500 {
                ui.weak(format!("… {}", d.foreign_assets.len() - 500));
            }
        });
}

/// A combo box choosing a venue's exemption (inside the Settings tab's venue list).
pub fn venue_exemption(ui: &mut egui::Ui, s: &mut salyq_core::settings::Settings, venue: &str, lang: Lang) {
    use salyq_core::exemptions::ExemptReason;
    let current = s.exemptions.of_venue(venue);
    let name =
        |r: Option<ExemptReason>| r.map_or(lang.t(Text::FormsNotExempt), |r| crate::i18n::reason(lang, r));
    let mut chosen = current;
    let label = ui.label(lang.t(Text::FormsMarkExempt));
    egui::ComboBox::from_id_salt(("venue_exempt", venue))
        .selected_text(name(current))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut chosen, None, name(None));
            for r in ExemptReason::ALL {
                ui.selectable_value(&mut chosen, Some(r), name(Some(r)));
            }
        })
        .response
        .labelled_by(label.id);
    if chosen != current {
        s.exemptions.set_venue(venue, chosen);
    }
}

/// The draft a key names, split with the spouse when the computation's settings say so.
fn make_draft(c: &Computed, k: &DraftKey) -> FormDraft {
    let mut d = forms::draft(
        k.form,
        k.year,
        &c.inputs,
        &c.computation,
        &c.settings,
        &k.taxpayer,
    );
    if let Some(spouse) = &c.settings.spouse_split
        && k.taxpayer.iin.as_ref() != Some(spouse)
    {
        forms::split::apply(&mut d, spouse.clone());
    }
    d
}

/// Says whether a typed IIN is valid: checked, or what is wrong with it.
fn iin_verdict(ui: &mut egui::Ui, parsed: &Result<Iin, IinError>, lang: Lang) {
    match parsed {
        Ok(_) => {
            ui.colored_label(
                egui::Color32::from_rgb(40, 140, 60),
                lang.t(Text::FormsIinChecked),
            );
        }
        Err(e) => {
            let key = match e {
                IinError::NotTwelveDigits => Text::FormsIinNotTwelve,
                IinError::BadControlDigit => Text::FormsIinBadControl,
            };
            ui.colored_label(ui.visuals().error_fg_color, lang.t(key));
        }
    }
}
