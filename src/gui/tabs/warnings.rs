//! The Warnings tab: missing purchases, stale prices, duplicates, fiat exchanges and rule
//! gaps, then the assumptions in force. Clicking a warning shows the trade it is about.

use super::warning_name;
use crate::gui::Action;
use crate::gui::app_state::AppState;
use crate::gui::core_text;
use crate::gui::fmt;
use crate::gui::i18n::{Key, Lang};
use egui_extras::{Column, TableBuilder};

/// Draws the tab.
pub fn ui(ui: &mut egui::Ui, state: &AppState, year: Option<i32>, lang: Lang, actions: &mut Vec<Action>) {
    let Some(c) = state.computed.clone() else {
        ui.label(lang.t(Key::NoFigures));
        return;
    };
    let warnings = &c.computation.warnings;
    egui::Panel::bottom("assumptions")
        .resizable(true)
        .default_size(320.0)
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.strong(lang.t(Key::AssumptionsInForce));
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
            ui.strong(lang.f(
                Key::WarningCount,
                &[("n", &fmt::quantity(lang, warnings.len().into()))],
            ));
            ui.weak(lang.t(Key::WarningsHint));
        });
        if warnings.is_empty() {
            return;
        }
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        // Rows are clicked to select them, so their text is not selectable.
        ui.style_mut().interaction.selectable_labels = false;
        TableBuilder::new(ui)
            .id_salt("warnings")
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::initial(130.0))
            .column(Column::initial(130.0).clip(true))
            .column(Column::remainder().clip(true))
            .header(row_height + 2.0, |mut h| {
                for key in [Key::Kind, Key::Source, Key::Message] {
                    h.col(|ui| {
                        ui.strong(lang.t(key));
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, warnings.len(), |mut row| {
                    let w = &warnings[row.index()];
                    row.col(|ui| {
                        ui.label(warning_name(lang, w.kind));
                    });
                    row.col(|ui| {
                        ui.label(w.source.as_ref().map(|s| s.to_string()).unwrap_or_default());
                    });
                    row.col(|ui| {
                        let message = core_text::warning(lang, &w.detail);
                        ui.label(&message).on_hover_text(&message);
                    });
                    let clicked = row.response().clicked();
                    if let Some(t) = w.trade {
                        if clicked {
                            actions.push(Action::ShowTrade(t));
                        }
                        row.response().on_hover_cursor(egui::CursorIcon::PointingHand);
                    }
                });
            });
    });
}
