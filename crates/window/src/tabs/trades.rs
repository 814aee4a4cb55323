//! The Trades tab: every trade with its source line, filtered and sorted through an index that
//! is rebuilt only when the data, a filter or the sort change; each frame draws only the rows
//! in view.

use super::{kind_name, side_name};
use crate::app_state::AppState;
use crate::fmt;
use crate::i18n::{Lang, Text};
use crate::worker::Computed;
use chrono::{Datelike, FixedOffset};
use egui_extras::{Column, TableBuilder};
use salyq_core::import::Inputs;
use salyq_core::model::{Code, Trade};
use std::collections::BTreeSet;

mod order;

/// A column the table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    /// File, then line.
    Source,
    /// Time.
    Date,
    /// Buy or sell.
    Side,
    /// Asset code.
    Asset,
    /// Quantity.
    Quantity,
    /// Total.
    Total,
    /// Currency.
    Currency,
    /// Fee.
    Fee,
    /// Venue.
    Venue,
    /// Venue's id.
    Id,
    /// Kind.
    Kind,
    /// Tenge value (when computed).
    Value,
}

/// The filters and sort of the table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filters {
    /// Text looked for in asset, currency, venue, id, note and file name.
    pub text: String,
    /// Only this asset.
    pub asset: Option<Code>,
    /// Only this tax year.
    pub year: Option<i32>,
    /// Only this venue.
    pub venue: Option<Code>,
    /// Sort column and direction (`true` = ascending); `None` = file order.
    pub sort: Option<(SortBy, bool)>,
}

#[derive(Debug, Clone, PartialEq)]
struct IndexKey {
    inputs_version: u64,
    values_generation: Option<u64>,
    tz: FixedOffset,
    filters: Filters,
}

/// The choices of the asset, venue and year filters.
#[derive(Debug, Default)]
struct Choices {
    inputs_version: Option<(u64, FixedOffset)>,
    assets: Vec<Code>,
    venues: Vec<Code>,
    years: Vec<i32>,
}

/// The tab's own state.
#[derive(Debug, Default)]
pub struct TradesView {
    /// Filters and sort in force.
    pub filters: Filters,
    /// Positions (trade indices) shown, in order.
    pub index: Vec<u32>,
    key: Option<IndexKey>,
    choices: Choices,
    /// The highlighted trade.
    pub selected: Option<usize>,
    scroll_to: Option<usize>,
    /// How many times the index was rebuilt (for tests).
    pub rebuilds: u64,
    /// The filters being applied on another thread, and where the result will arrive.
    pending: Option<(IndexKey, std::sync::mpsc::Receiver<Vec<u32>>)>,
    /// The trade whose menu Enter opened: open it on the next drawing of its row.
    open_menu: Option<usize>,
    /// The trade whose menu the keyboard opened, and where it stands (under its row).
    keyboard_menu: Option<(usize, egui::Pos2)>,
}

/// What was made of each imported file: format, rows, trades, skipped rows, duplicates.
fn import_report(ui: &mut egui::Ui, state: &AppState, lang: Lang) {
    let reports = &state.inputs.reports;
    if reports.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(lang.t(Text::ImportReport))
        .id_salt("import-report")
        .show(ui, |ui| {
            for r in reports {
                let mut line = lang.f(
                    Text::ImportReportLine,
                    &[
                        ("file", &r.file),
                        ("format", &r.format),
                        ("rows", &fmt::quantity(lang, r.rows.into())),
                        ("trades", &fmt::quantity(lang, r.trades.into())),
                    ],
                );
                if !r.skipped.is_empty() {
                    let list: Vec<String> = r.skipped.iter().map(|(why, n)| format!("{why} × {n}")).collect();
                    line.push_str("; ");
                    line.push_str(&lang.f(Text::ImportReportSkipped, &[("list", &list.join(", "))]));
                }
                if r.events > 0 {
                    // The events beyond trades, by how the file names them (`Deposit × 2`).
                    let mut by: std::collections::BTreeMap<&str, u64> = std::collections::BTreeMap::new();
                    for e in state
                        .inputs
                        .ledger
                        .entries
                        .iter()
                        .filter(|e| *e.source.file == *r.file)
                    {
                        *by.entry(e.note.as_deref().unwrap_or(e.kind.as_str()))
                            .or_default() += 1;
                    }
                    let list: Vec<String> = by.iter().map(|(why, n)| format!("{why} × {n}")).collect();
                    line.push_str("; ");
                    line.push_str(&lang.f(Text::LedgerImportEvents, &[("list", &list.join(", "))]));
                }
                if r.duplicates > 0 {
                    line.push_str("; ");
                    line.push_str(&lang.f(
                        Text::ImportReportDuplicates,
                        &[("count", &fmt::quantity(lang, r.duplicates.into()))],
                    ));
                }
                ui.label(line);
            }
        });
}

/// From this many trades on, filtering and sorting run off the UI thread.
const BACKGROUND_FROM: usize = 50_000;

/// The positions of the trades that pass `f`, in the order it asks for.
fn build_index(inputs: &Inputs, values: Option<&Computed>, f: &Filters, tz: FixedOffset) -> Vec<u32> {
    let trades = &inputs.trades;
    let needle = f.text.trim().to_lowercase();
    let mut index: Vec<u32> = (0..trades.len() as u32)
        .filter(|&i| {
            let t = &trades[i as usize];
            f.asset.as_ref().is_none_or(|a| t.asset == *a)
                && f.venue.as_ref().is_none_or(|v| t.exchange.as_ref() == Some(v))
                && f.year.is_none_or(|y| t.tax_date(tz).year() == y)
                && (needle.is_empty() || matches_text(t, &needle))
        })
        .collect();
    if let Some((by, ascending)) = f.sort {
        let value = |i: u32| {
            values
                .and_then(|c| c.value_of_loaded(i as usize))
                .map(|v| v.value)
        };
        // Integer keys when the column has them (a sort of a million trades then takes a
        // fraction of the time), else the values compared.
        if order::sort_by_keys(&mut index, trades, &value, by, ascending) {
            return index;
        }
        index.sort_unstable_by(|&a, &b| {
            let (x, y) = (&trades[a as usize], &trades[b as usize]);
            let o = match by {
                // A source's order (file, then line), without making the two sources.
                SortBy::Source => (&x.file, x.line).cmp(&(&y.file, y.line)),
                SortBy::Date => x.time.cmp(&y.time),
                SortBy::Side => x.side.as_str().cmp(y.side.as_str()),
                SortBy::Asset => x.asset.cmp(&y.asset),
                SortBy::Quantity => x.quantity.cmp(&y.quantity),
                SortBy::Total => x.total.cmp(&y.total),
                SortBy::Currency => x.currency.cmp(&y.currency),
                SortBy::Fee => x.fee.cmp(&y.fee),
                SortBy::Venue => x.exchange.cmp(&y.exchange),
                SortBy::Id => x.id.cmp(&y.id),
                SortBy::Kind => x.kind.cmp(&y.kind),
                SortBy::Value => value(a).cmp(&value(b)),
            };
            if ascending { o } else { o.reverse() }.then(a.cmp(&b))
        });
    }
    index
}

impl TradesView {
    /// Highlights a trade and scrolls to it, clearing filters that would hide it.
    pub fn show_trade(&mut self, trade: usize) {
        self.selected = Some(trade);
        self.scroll_to = Some(trade);
    }

    /// Rebuilds the index when the data, filters or sort changed.
    pub fn refresh(&mut self, state: &AppState) {
        let tz = state.settings.tz;
        let values = state
            .computed
            .as_ref()
            .filter(|c| c.inputs_version == state.inputs_version);
        let sorts_by_value = matches!(self.filters.sort, Some((SortBy::Value, _)));
        let key = IndexKey {
            inputs_version: state.inputs_version,
            values_generation: values.filter(|_| sorts_by_value).map(|c| c.generation),
            tz,
            filters: self.filters.clone(),
        };
        if self.choices.inputs_version != Some((state.inputs_version, tz)) {
            self.choices = choices(&state.inputs.trades, tz);
            self.choices.inputs_version = Some((state.inputs_version, tz));
        }
        if self.key.as_ref() == Some(&key) {
            return;
        }
        if let Some((pending_key, rx)) = &self.pending {
            if *pending_key == key {
                // The index for these filters is being built: take it when it is done.
                if let Ok(index) = rx.try_recv() {
                    self.index = index;
                    self.key = Some(key);
                    self.pending = None;
                    self.rebuilds += 1;
                }
                return;
            }
            self.pending = None;
        }
        if self
            .key
            .as_ref()
            .is_some_and(|k| k.inputs_version != key.inputs_version)
        {
            // The old positions may not exist any more.
            self.index.clear();
        }
        let (inputs, values, filters) = (state.inputs.clone(), values.cloned(), self.filters.clone());
        if inputs.trades.len() < BACKGROUND_FROM {
            self.index = build_index(&inputs, values.as_deref(), &filters, tz);
            self.key = Some(key);
            self.rebuilds += 1;
        } else {
            // Large histories: filter and sort on another thread; the table keeps showing the
            // previous order until the new one is ready.
            let spawned = crate::background::spawn("salyq-trades-index", None, {
                let (inputs, values, filters) = (inputs.clone(), values.clone(), filters.clone());
                move || build_index(&inputs, values.as_deref(), &filters, tz)
            });
            match spawned {
                Ok(rx) => self.pending = Some((key, rx)),
                // No thread: sort here, once.
                Err(_) => {
                    self.index = build_index(&inputs, values.as_deref(), &filters, tz);
                    self.key = Some(key);
                    self.rebuilds += 1;
                }
            }
        }
    }

    /// Moves the selection with the navigation keys; Enter opens the selected trade's menu
    /// (see [`crate::keyboard`]).
    fn keys(&mut self, ctx: &egui::Context) -> crate::keyboard::TableKeys {
        let keys = crate::keyboard::table_keys(ctx, "trades", &self.index, self.selected);
        if let Some(t) = keys.moved {
            self.selected = Some(t);
            self.scroll_to = Some(t);
        }
        if keys.open {
            self.open_menu = self.selected;
            self.scroll_to = self.selected;
        }
        keys
    }

    /// The trade whose menu is open from the keyboard (Enter on its row).
    pub fn keyboard_menu(&self) -> Option<usize> {
        self.keyboard_menu.map(|(t, _)| t)
    }

    /// True while a new order is being built on another thread.
    pub fn is_busy(&self) -> bool {
        self.pending.is_some()
    }

    /// Draws the tab.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &AppState,
        reason: &mut String,
        lang: Lang,
        actions: &mut Vec<crate::action::Action>,
    ) {
        if let Some(t) = self.scroll_to
            && self.key.is_some()
            && !self.index.contains(&(t as u32))
        {
            self.filters = Filters {
                sort: self.filters.sort,
                ..Filters::default()
            };
        }
        self.refresh(state);
        if self.is_busy() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(30));
        }
        import_report(ui, state, lang);
        let keys = self.keys(ui.ctx());
        self.filter_bar(ui, state, lang);
        ui.separator();
        // Narrow windows scroll the table sideways instead of losing columns.
        egui::ScrollArea::horizontal()
            .id_salt("trades_wide")
            .show(ui, |ui| self.table(ui, state, reason, keys, lang, actions));
    }

    fn filter_bar(&mut self, ui: &mut egui::Ui, state: &AppState, lang: Lang) {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(lang.t(Text::Filter));
            ui.add(
                egui::TextEdit::singleline(&mut self.filters.text)
                    .hint_text(lang.t(Text::FilterHint))
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
            let all = lang.t(Text::All);
            combo(
                ui,
                "asset",
                lang.t(Text::Asset),
                all,
                &mut self.filters.asset,
                &self.choices.assets,
            );
            combo(
                ui,
                "venue",
                lang.t(Text::Venue),
                all,
                &mut self.filters.venue,
                &self.choices.venues,
            );
            combo(
                ui,
                "year",
                lang.t(Text::Year),
                all,
                &mut self.filters.year,
                &self.choices.years,
            );
            if ui.button(lang.t(Text::ClearFilters)).clicked() {
                self.filters = Filters::default();
            }
            if self.is_busy() {
                ui.spinner();
            }
            ui.label(lang.f(
                Text::ShowingTrades,
                &[
                    ("shown", &fmt::quantity(lang, self.index.len().into())),
                    ("total", &fmt::quantity(lang, state.inputs.trades.len().into())),
                ],
            ));
        });
    }

    fn table(
        &mut self,
        ui: &mut egui::Ui,
        state: &AppState,
        reason: &mut String,
        keys: crate::keyboard::TableKeys,
        lang: Lang,
        actions: &mut Vec<crate::action::Action>,
    ) {
        let trades = &state.inputs.trades;
        let values = state
            .computed
            .as_ref()
            .filter(|c| c.inputs_version == state.inputs_version);
        let tz = state.settings.tz;
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        // Rows are clicked to select them, so their text is not selectable.
        ui.style_mut().interaction.selectable_labels = false;
        let table_ui = ui.scope(|ui| {
            let mut builder = TableBuilder::new(ui)
                .id_salt("trades")
                .striped(true)
                .resizable(true)
                .sense(crate::keyboard::CELLS)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::initial(150.0).clip(true))
                .column(Column::initial(120.0))
                .column(Column::initial(60.0))
                .column(Column::initial(60.0))
                .columns(Column::initial(100.0).clip(true), 2)
                .column(Column::initial(60.0))
                .column(Column::initial(80.0).clip(true))
                .column(Column::initial(80.0).clip(true))
                .column(Column::initial(80.0).clip(true))
                .column(Column::initial(70.0))
                .column(Column::remainder().at_least(110.0).clip(true));
            if let Some(t) = self.scroll_to.take()
                && let Some(row) = self.index.iter().position(|&i| i as usize == t)
            {
                builder = builder.scroll_to_row(row, Some(egui::Align::Center));
            }
            let headers = [
                (Text::Source, SortBy::Source),
                (Text::Date, SortBy::Date),
                (Text::Side, SortBy::Side),
                (Text::Asset, SortBy::Asset),
                (Text::Quantity, SortBy::Quantity),
                (Text::Total, SortBy::Total),
                (Text::Currency, SortBy::Currency),
                (Text::Fee, SortBy::Fee),
                (Text::Venue, SortBy::Venue),
                (Text::Id, SortBy::Id),
                (Text::Kind, SortBy::Kind),
                (Text::ValueKzt, SortBy::Value),
            ];
            let sort = &mut self.filters.sort;
            let selected = &mut self.selected;
            let index = &self.index;
            let open_menu = &mut self.open_menu;
            let keyboard_menu = &mut self.keyboard_menu;
            let mut rows = crate::keyboard::Rows::default();
            builder
                .header(row_height + 2.0, |mut header| {
                    for (key, by) in headers {
                        header.col(|ui| sort_header(ui, lang.t(key), by, sort));
                    }
                })
                .body(|body| {
                    body.rows(row_height, index.len(), |mut row| {
                        let i = index[row.index()] as usize;
                        let t = &trades[i];
                        row.set_selected(*selected == Some(i));
                        row.col(|ui| {
                            crate::cells::source(ui, &t.source());
                        });
                        row.col(|ui| {
                            ui.label(t.time.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string());
                        });
                        row.col(|ui| {
                            ui.label(side_name(lang, t.side));
                        });
                        row.col(|ui| {
                            ui.label(&*t.asset);
                        });
                        row.col(|ui| {
                            crate::cells::num(ui, fmt::quantity(lang, t.quantity));
                        });
                        row.col(|ui| {
                            crate::cells::num(ui, fmt::quantity(lang, t.total));
                        });
                        row.col(|ui| {
                            ui.label(&*t.currency);
                        });
                        row.col(|ui| {
                            if !t.fee.is_zero() {
                                crate::cells::num(
                                    ui,
                                    format!("{} {}", fmt::quantity(lang, t.fee), t.fee_currency),
                                );
                            }
                        });
                        row.col(|ui| {
                            ui.label(t.exchange.as_deref().unwrap_or(""));
                        });
                        row.col(|ui| {
                            ui.label(t.id.as_deref().unwrap_or(""));
                        });
                        row.col(|ui| {
                            let mut text = kind_name(lang, t.kind).to_string();
                            if state.settings.place(t).exempt.is_some() {
                                text.push_str(" · ");
                                text.push_str(lang.t(Text::FormsExempt));
                            }
                            if !state.settings.overrides.is_empty()
                                && crate::decisions::is_excluded(
                                    &state.settings,
                                    &salyq_core::exemptions::TradeKey::of(&t.source()),
                                )
                            {
                                text.push_str(" · ");
                                text.push_str(lang.t(Text::CaseExcluded));
                            }
                            ui.label(text);
                        });
                        row.col(|ui| {
                            if let Some(v) = values.and_then(|c| c.value_of_loaded(i)) {
                                crate::cells::num(ui, fmt::amount(lang, v.value));
                            }
                        });
                        let response = row.response();
                        if rows.row(&response, *selected == Some(i), true) {
                            *selected = Some(i);
                        }
                        // Stays open while the reason is typed; a choice closes it.
                        let mut menu = egui::Popup::context_menu(&response)
                            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
                        if *open_menu == Some(i) {
                            // Enter on the row: the menu opens under it, the reason field ready.
                            *open_menu = None;
                            let at = response.rect.left_bottom();
                            *keyboard_menu = Some((i, at));
                            menu = menu.open_memory(egui::SetOpenCommand::Bool(true));
                            crate::keyboard::focus_next_frame(
                                &response.ctx,
                                egui::Id::unique(crate::decisions::TRADE_REASON_ID),
                            );
                        }
                        if let Some((k, at)) = *keyboard_menu
                            && k == i
                        {
                            menu = menu.at_position(at);
                        }
                        let shown = menu.show(|ui| {
                            crate::decisions::trade_menu(ui, state, t, reason, lang, actions);
                        });
                        if shown.is_none() && keyboard_menu.is_some_and(|(k, _)| k == i) {
                            *keyboard_menu = None;
                        }
                    });
                });
            rows
        });
        keys.finish(
            ui,
            table_ui.response.rect,
            table_ui.inner,
            &lang.f(Text::TableRows, &[("table", lang.t(Text::TabTrades))]),
        );
    }
}

/// A header cell that sorts by its column when clicked (again: the other way round).
fn sort_header(ui: &mut egui::Ui, title: &str, by: SortBy, sort: &mut Option<(SortBy, bool)>) {
    let arrow = match *sort {
        Some((b, true)) if b == by => " ▲",
        Some((b, false)) if b == by => " ▼",
        _ => "",
    };
    let text = egui::RichText::new(format!("{title}{arrow}")).strong();
    if ui.add(egui::Button::new(text).frame(false)).clicked() {
        *sort = match *sort {
            Some((b, true)) if b == by => Some((by, false)),
            Some((b, false)) if b == by => None,
            _ => Some((by, true)),
        };
    }
}

fn combo<T: Clone + PartialEq + std::fmt::Display>(
    ui: &mut egui::Ui,
    id: &str,
    label: &str,
    all: &str,
    value: &mut Option<T>,
    choices: &[T],
) {
    let label = ui.label(label);
    let shown = value.as_ref().map_or_else(|| all.to_string(), |v| v.to_string());
    egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, all);
            for c in choices {
                ui.selectable_value(value, Some(c.clone()), c.to_string());
            }
        })
        .response
        .labelled_by(label.id);
}

fn choices(trades: &[Trade], tz: FixedOffset) -> Choices {
    let (mut assets, mut venues, mut years) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let mut last_asset: Option<&Code> = None;
    for t in trades {
        if last_asset != Some(&t.asset) {
            assets.insert(t.asset.clone());
            last_asset = Some(&t.asset);
        }
        if let Some(v) = &t.exchange {
            venues.insert(v.clone());
        }
        years.insert(t.tax_date(tz).year());
    }
    Choices {
        inputs_version: None,
        assets: assets.into_iter().collect(),
        venues: venues.into_iter().collect(),
        years: years.into_iter().collect(),
    }
}

/// True when the trade's codes, venue, id, note or file contain `needle` (lower-case).
fn matches_text(t: &Trade, needle: &str) -> bool {
    contains_ci(&t.asset, needle)
        || contains_ci(&t.currency, needle)
        || t.exchange.as_deref().is_some_and(|v| contains_ci(v, needle))
        || t.id.as_deref().is_some_and(|v| contains_ci(v, needle))
        || t.note.as_deref().is_some_and(|v| contains_ci(v, needle))
        || contains_ci(&t.file, needle)
}

/// Case-insensitive `contains` for a lower-case needle, without allocating for ASCII text.
fn contains_ci(hay: &str, needle: &str) -> bool {
    if hay.is_ascii() && needle.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        n.len() <= h.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
    } else {
        hay.to_lowercase().contains(needle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::{Mode, Worker};
    use salyq_core::import::FileRole;

    fn state_with(n: usize) -> AppState {
        let mut csv = String::from("date,side,asset,quantity,total,currency\n");
        for i in 0..n {
            let asset = if i % 2 == 0 { "BTC" } else { "ETH" };
            csv.push_str(&format!("2025-01-02,buy,{asset},{}.5,100,KZT\n", n - i));
        }
        let mut inputs = Inputs::default();
        inputs
            .add_reader(csv.as_bytes(), "big.csv", FileRole::Trades)
            .unwrap();
        let mut state = AppState::new(Worker::new(Mode::Inline));
        state.set_inputs(inputs);
        state
    }

    #[test]
    fn large_histories_are_filtered_and_sorted_off_the_ui_thread() {
        let state = state_with(BACKGROUND_FROM + 10);
        let mut view = TradesView::default();
        view.filters.asset = Some(Code::from("ETH"));
        view.filters.sort = Some((SortBy::Quantity, true));
        view.refresh(&state);
        // The first call only starts the work; later calls pick up the result.
        assert!(view.is_busy());
        let started = std::time::Instant::now();
        while view.is_busy() {
            assert!(started.elapsed().as_secs() < 30, "the index never arrived");
            std::thread::sleep(std::time::Duration::from_millis(5));
            view.refresh(&state);
        }
        // Every other trade is ETH: (n + 1) / 2 of them, quantities ascending.
        assert_eq!(view.index.len(), BACKGROUND_FROM.div_ceil(2) + 5);
        let q: Vec<_> = view
            .index
            .iter()
            .map(|&i| state.inputs.trades[i as usize].quantity)
            .collect();
        assert!(q.windows(2).all(|w| w[0] <= w[1]));
        assert!(
            view.index
                .iter()
                .all(|&i| &*state.inputs.trades[i as usize].asset == "ETH")
        );
    }

    #[test]
    fn small_histories_are_indexed_at_once() {
        let state = state_with(10);
        let mut view = TradesView::default();
        view.filters.text = "btc".into();
        view.refresh(&state);
        assert!(!view.is_busy());
        assert_eq!(view.index, vec![0, 2, 4, 6, 8]);
    }
}
