//! The Warnings tab: missing purchases, stale prices, duplicates, fiat exchanges and rule
//! gaps, then the assumptions in force. Clicking a warning shows the trade it is about.

use super::warning_name;
use crate::action::Action;
use crate::app_state::AppState;
use crate::core_text;
use crate::decisions;
use crate::fmt;
use crate::i18n::{Lang, Text};
use egui_extras::{Column, TableBuilder};
use salyq_core::case::ReviewStatus;

/// The tab's review: the warning being reviewed and the reason typed.
#[derive(Debug, Default)]
pub struct ReviewView {
    /// The warning selected (index into the computation's warnings).
    pub selected: Option<usize>,
    /// The reason typed.
    pub reason: String,
    /// The time zone typed for a file that does not say its own.
    pub zone: String,
}

impl ReviewView {
    /// Draws the tab: the warnings with their review status, and the review of the selected
    /// one (step through the open ones with "Next open warning").
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &AppState,
        year: Option<i32>,
        lang: Lang,
        actions: &mut Vec<Action>,
    ) {
        let Some(c) = state.computed.clone() else {
            ui.label(lang.t(Text::NoFigures));
            return;
        };
        let warnings = &c.computation.warnings;
        if self.selected.is_some_and(|i| i >= warnings.len()) {
            self.selected = None;
        }
        let open: Vec<usize> = (0..warnings.len())
            .filter(|&i| {
                salyq_core::case::review::status_of(&state.case.reviews, &warnings[i]) == ReviewStatus::Open
            })
            .collect();
        crate::unresolved::notice(ui, state, lang);
        ui.horizontal(|ui| {
            ui.strong(lang.f(
                Text::CaseOpenWarnings,
                &[("n", &fmt::quantity(lang, open.len().into()))],
            ));
            let next = open
                .iter()
                .copied()
                .find(|&i| self.selected.is_none_or(|s| i > s))
                .or_else(|| open.first().copied());
            if ui
                .add_enabled(next.is_some(), egui::Button::new(lang.t(Text::CaseNextOpen)))
                .clicked()
            {
                self.selected = next;
            }
        });
        if let Some(i) = self.selected {
            let w = &warnings[i];
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.strong(warning_name(lang, w.kind));
                    if let Some(src) = &w.source {
                        ui.label(src.to_string());
                    }
                    if let Some(t) = w.trade
                        && ui.small_button(lang.t(Text::ShowTrade)).clicked()
                    {
                        actions.push(Action::ShowTrade(t));
                    }
                    if w.kind == salyq_core::warning::WarningKind::MissingPurchase
                        && ui.small_button(lang.t(Text::CaseEnterPurchase)).clicked()
                    {
                        actions.push(Action::EnterPurchase(i));
                    }
                    ledger_actions(ui, w, i, lang, actions);
                    crate::unresolved::actions(ui, state, w, &self.reason, lang, actions);
                });
                ui.label(core_text::warning(lang, &w.detail));
                crate::zone_question::ui(ui, w, &mut self.zone, lang, actions);
                decisions::review_controls(ui, state, w, &mut self.reason, lang, actions);
            });
        }
        crate::ledger_dialogs::transfers(ui, state, lang, actions);
        // The arrow keys move through the warnings; Enter shows the selected one's trade.
        let index: Vec<u32> = (0..warnings.len() as u32).collect();
        let keys = crate::keyboard::table_keys(ui.ctx(), "warnings", &index, self.selected);
        if let Some(w) = keys.moved {
            self.selected = Some(w);
        }
        if keys.open
            && let Some(t) = self.selected.and_then(|w| warnings.get(w)).and_then(|w| w.trade)
        {
            actions.push(Action::ShowTrade(t));
        }
        table(ui, state, &c, year, (&mut self.selected, keys), lang);
    }
}

/// The ledger's actions on a warning: Pair… (a deposit or withdrawal alone), Enter purchase…
/// (coins of unknown origin), Opening position… (a balance gap).
fn ledger_actions(
    ui: &mut egui::Ui,
    w: &salyq_core::warning::Warning,
    i: usize,
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    use salyq_core::warning::WarningDetail;
    if crate::ledger_dialogs::can_pair(w) && ui.small_button(lang.t(Text::LedgerPair)).clicked() {
        actions.push(Action::PairTransfer(i));
    }
    if matches!(w.detail, WarningDetail::UnknownOrigin { .. })
        && ui.small_button(lang.t(Text::LedgerEnterPurchase)).clicked()
    {
        actions.push(Action::EnterPurchase(i));
    }
    if matches!(w.detail, WarningDetail::BalanceGap { stated: None, .. })
        && ui.small_button(lang.t(Text::LedgerOpeningPosition)).clicked()
    {
        actions.push(Action::EnterPurchase(i));
    }
}

fn table(
    ui: &mut egui::Ui,
    state: &AppState,
    c: &crate::worker::Computed,
    year: Option<i32>,
    (selected, keys): (&mut Option<usize>, crate::keyboard::TableKeys),
    lang: Lang,
) {
    let warnings = &c.computation.warnings;
    egui::Panel::bottom("assumptions")
        .resizable(true)
        .default_size(320.0)
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.strong(lang.t(Text::AssumptionsInForce));
            egui::ScrollArea::vertical()
                .id_salt("assumptions_scroll")
                .show(ui, |ui| {
                    for y in c
                        .computation
                        .years
                        .iter()
                        .filter(|y| year.is_none_or(|w| w == y.year))
                    {
                        ui.label(egui::RichText::new(y.year.to_string()).strong());
                        for a in &y.assumption_items {
                            ui.horizontal_wrapped(|ui| {
                                ui.label("•");
                                ui.label(core_text::assumption(lang, a));
                            });
                        }
                    }
                });
        });
    egui::CentralPanel::no_frame().show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.strong(crate::banner::warnings_text(lang, warnings.len()));
            ui.weak(lang.t(Text::WarningsHint));
        });
        if warnings.is_empty() {
            return;
        }
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        // Rows are clicked to select them, so their text is not selectable.
        ui.style_mut().interaction.selectable_labels = false;
        let mut rows = crate::keyboard::Rows::default();
        let table_ui = ui.scope(|ui| {
            let mut builder = TableBuilder::new(ui);
            if let Some(w) = keys.moved {
                builder = builder.scroll_to_row(w, None);
            }
            builder
                .id_salt("warnings")
                .striped(true)
                .resizable(true)
                .sense(crate::keyboard::CELLS)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::initial(100.0))
                .column(Column::initial(130.0))
                .column(Column::initial(130.0).clip(true))
                .column(Column::remainder().clip(true))
                .header(row_height + 2.0, |mut h| {
                    h.col(|ui| {
                        ui.strong(lang.t(Text::CaseStatus));
                    });
                    for key in [Text::Kind, Text::Source, Text::Message] {
                        h.col(|ui| {
                            ui.strong(lang.t(key));
                        });
                    }
                })
                .body(|body| {
                    body.rows(row_height, warnings.len(), |mut row| {
                        let i = row.index();
                        let w = &warnings[i];
                        row.set_selected(*selected == Some(i));
                        row.col(|ui| {
                            let status = salyq_core::case::review::status_of(&state.case.reviews, w);
                            let text = decisions::status_name(lang, status);
                            if status == ReviewStatus::Open {
                                ui.colored_label(ui.visuals().warn_fg_color, text);
                            } else {
                                ui.weak(text);
                            }
                        });
                        row.col(|ui| {
                            ui.label(warning_name(lang, w.kind));
                        });
                        row.col(|ui| {
                            if let Some(s) = &w.source {
                                crate::cells::source(ui, s);
                            }
                        });
                        row.col(|ui| {
                            let message = core_text::warning(lang, &w.detail);
                            ui.label(&message).on_hover_text(&message);
                        });
                        if rows.row(&row.response(), *selected == Some(i), false) {
                            *selected = Some(i);
                        }
                    });
                });
        });
        keys.finish(
            ui,
            table_ui.response.rect,
            rows,
            &lang.f(Text::TableRows, &[("table", lang.t(Text::TabWarnings))]),
        );
    });
}
