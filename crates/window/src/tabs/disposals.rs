//! The Disposals tab: one row per disposal in tenge; the selected one's lots below it, each with
//! the source line of its purchase (the audit trail).

use super::{kind_name, role_name};
use crate::action::Action;
use crate::app_state::AppState;
use crate::fmt;
use crate::i18n::{Lang, Text};
use crate::worker::Computed;
use chrono::Datelike;
use egui_extras::{Column, TableBuilder};

/// The tab's own state.
#[derive(Debug, Default)]
pub struct DisposalsView {
    /// Disposal indices shown (those of the tax year shown).
    pub index: Vec<u32>,
    key: Option<(u64, Option<i32>)>,
    /// The selected disposal.
    pub selected: Option<usize>,
    /// Scroll the table to this disposal on the next frame.
    pub scroll_to: Option<usize>,
}

impl DisposalsView {
    /// Draws the tab.
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
        let key = (c.generation, year);
        if self.key != Some(key) {
            if self.key.is_some_and(|(g, _)| g != c.generation) {
                self.selected = None;
            }
            self.index = (0..c.computation.disposals.len() as u32)
                .filter(|&i| year.is_none_or(|y| c.computation.disposals[i as usize].date.year() == y))
                .collect();
            self.key = Some(key);
        }
        // Arrow keys move through the rows; Enter shows the selected disposal's trade.
        let keys = crate::keyboard::table_keys(ui.ctx(), "disposals", &self.index, self.selected);
        if let Some(d) = keys.moved {
            self.selected = Some(d);
            self.scroll_to = Some(d);
        }
        if keys.open
            && let Some(d) = self.selected.and_then(|d| c.computation.disposals.get(d))
        {
            actions.push(Action::ShowTrade(d.trade()));
        }
        ui.label(lang.n(
            Text::DisposalCount,
            self.index.len() as u64,
            &[("n", &fmt::quantity(lang, self.index.len().into()))],
        ));
        egui::Panel::bottom("lots")
            .resizable(true)
            .default_size(220.0)
            .show(ui, |ui| self.lots(ui, &c, lang, actions));
        egui::CentralPanel::no_frame().show(ui, |ui| {
            // Narrow windows scroll the table sideways instead of losing columns.
            egui::ScrollArea::horizontal()
                .id_salt("disposals_wide")
                .show(ui, |ui| self.table(ui, &c, keys, lang));
        });
    }

    fn table(&mut self, ui: &mut egui::Ui, c: &Computed, keys: crate::keyboard::TableKeys, lang: Lang) {
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        let headers = [
            Text::Date,
            Text::Asset,
            Text::Kind,
            Text::Role,
            Text::Quantity,
            Text::Proceeds,
            Text::Cost,
            Text::Gain,
            Text::Trade,
            Text::Source,
        ];
        let scroll_row = self
            .scroll_to
            .take()
            .and_then(|d| self.index.iter().position(|&i| i as usize == d));
        let selected = &mut self.selected;
        let index = &self.index;
        let right = egui::Layout::right_to_left(egui::Align::Center);
        // Rows are clicked to select them, so their text is not selectable.
        ui.style_mut().interaction.selectable_labels = false;
        // Columns at least as wide as their header in the language shown (no clipped headers).
        let fit = |ui: &egui::Ui, key: Text, min: f32| crate::cells::header_width(ui, lang.t(key)).max(min);
        let widths = [
            fit(ui, Text::Kind, 110.0),
            fit(ui, Text::Role, 80.0),
            fit(ui, Text::Quantity, 90.0),
            fit(ui, Text::Proceeds, 130.0),
            fit(ui, Text::Cost, 130.0),
            fit(ui, Text::Gain, 130.0),
        ];
        let mut rows = crate::keyboard::Rows::default();
        let table_ui = ui.scope(|ui| {
            let mut builder = TableBuilder::new(ui);
            if let Some(row) = scroll_row {
                builder = builder.scroll_to_row(row, Some(egui::Align::Center));
            }
            builder
                .id_salt("disposals")
                .striped(true)
                .resizable(true)
                .sense(crate::keyboard::CELLS)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::initial(90.0))
                .column(Column::initial(60.0))
                .column(Column::initial(widths[0]).clip(true))
                .column(Column::initial(widths[1]).clip(true))
                .column(Column::initial(widths[2]).clip(true))
                .column(Column::initial(widths[3]).clip(true))
                .column(Column::initial(widths[4]).clip(true))
                .column(Column::initial(widths[5]).clip(true))
                .column(Column::initial(90.0).clip(true))
                .column(Column::remainder().at_least(110.0).clip(true))
                .header(row_height + 2.0, |mut header| {
                    for key in headers {
                        header.col(|ui| {
                            ui.strong(lang.t(key));
                        });
                    }
                })
                .body(|body| {
                    body.rows(row_height, index.len(), |mut row| {
                        let di = index[row.index()] as usize;
                        let d = &c.computation.disposals[di];
                        let t = &c.inputs.trades[d.trade()];
                        row.set_selected(*selected == Some(di));
                        row.col(|ui| {
                            ui.label(d.date.to_string());
                        });
                        row.col(|ui| {
                            ui.label(&**d.asset(&c.inputs.trades));
                        });
                        row.col(|ui| {
                            ui.label(kind_name(lang, d.kind));
                        });
                        row.col(|ui| {
                            ui.label(role_name(lang, d.role));
                        });
                        row.col(|ui| {
                            ui.with_layout(right, |ui| ui.label(fmt::quantity(lang, d.quantity)));
                        });
                        for x in [d.proceeds, d.cost, d.gain()] {
                            row.col(|ui| {
                                ui.with_layout(right, |ui| ui.label(fmt::amount(lang, x)));
                            });
                        }
                        row.col(|ui| {
                            ui.label(t.label());
                        });
                        row.col(|ui| {
                            crate::cells::source(ui, &t.source());
                        });
                        if rows.row(&row.response(), *selected == Some(di), false) {
                            *selected = Some(di);
                        }
                    });
                });
        });
        keys.finish(
            ui,
            table_ui.response.rect,
            rows,
            &lang.f(Text::TableRows, &[("table", lang.t(Text::TabDisposals))]),
        );
    }

    fn lots(&mut self, ui: &mut egui::Ui, c: &Computed, lang: Lang, actions: &mut Vec<Action>) {
        let Some(d) = self.selected.and_then(|i| c.computation.disposals.get(i)) else {
            ui.add_space(6.0);
            ui.weak(lang.t(Text::SelectDisposal));
            return;
        };
        let t = &c.inputs.trades[d.trade()];
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.strong(lang.f(
                Text::LotsOf,
                &[("trade", &t.label()), ("source", &t.source().to_string())],
            ));
            if ui.small_button(lang.t(Text::ShowTrade)).clicked() {
                actions.push(Action::ShowTrade(d.trade()));
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{} {} {} · {} {} · {} {} · {} {}",
                role_name(lang, d.role),
                fmt::quantity(lang, d.quantity),
                d.asset(&c.inputs.trades),
                lang.t(Text::Proceeds),
                fmt::money(lang, d.proceeds),
                lang.t(Text::Cost),
                fmt::money(lang, d.cost),
                lang.t(Text::Gain),
                fmt::money(lang, d.gain()),
            ));
            let uncovered = c.computation.uncovered(d);
            if !uncovered.is_zero() {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!("{} {}", lang.t(Text::Uncovered), fmt::quantity(lang, uncovered)),
                );
            }
        });
        // How it was valued: its gain in its currency at the sale year's average (NC Art.
        // 382(7)), else each leg at its own rate.
        if let Some(g) = self.selected.and_then(|i| c.computation.fx_gain(i)) {
            ui.weak(crate::i18n::valued_in_currency(lang, g));
        }
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("lots_scroll")
            .show(ui, |ui| {
                egui::Grid::new("lots_grid")
                    .striped(true)
                    .num_columns(7)
                    .show(ui, |ui| {
                        for key in [
                            Text::Source,
                            Text::Trade,
                            Text::Acquired,
                            Text::Quantity,
                            Text::Cost,
                        ] {
                            ui.strong(lang.t(key));
                        }
                        ui.label("");
                        ui.strong(lang.t(Text::LedgerVenue));
                        ui.end_row();
                        for lot in c.computation.lots(d) {
                            let lt = &c.inputs.trades[lot.lot_trade()];
                            ui.label(lt.source().to_string());
                            ui.label(lt.label());
                            ui.label(c.computation.values[lot.lot_trade()].tax_date.to_string());
                            ui.label(fmt::quantity(lang, lot.quantity));
                            ui.label(fmt::money(lang, lot.cost));
                            if ui.small_button(lang.t(Text::ShowTrade)).clicked() {
                                actions.push(Action::ShowTrade(lot.lot_trade()));
                            }
                            ui.label(crate::ledger_dialogs::lot_path(
                                c,
                                lot.lot_trade(),
                                d.trade(),
                                lang,
                            ));
                            ui.end_row();
                        }
                    });
            });
    }
}
