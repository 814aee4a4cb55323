//! The column-mapping dialog: for a trade CSV no format recognises, the user says which column
//! holds what; the core checks the mapping ([`Mapping::from_json`]) and reads the file with it
//! for a preview. Saved, the mapping is used for every later file with the same header.

use super::core_text;
use super::i18n::{Lang, Text};
use crate::action::Action;
use salyq_core::error::InputError;
use salyq_core::import::mapping::{self, Mapping};
use salyq_core::import::table::{Layout, Table};
use salyq_core::import::{FileRole, Inputs};
use salyq_core::model::{Kind, Trade};
use std::io::Read;
use std::path::PathBuf;

/// How many rows of the file the dialog shows.
pub const SHOWN_ROWS: usize = 10;
/// How many trades the preview lists.
pub const PREVIEW_TRADES: usize = 5;

/// What the user has entered: columns by their header name, `None` for unused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[allow(missing_docs)] // each field is the mapping field of the same name
pub struct Form {
    pub name: String,
    pub date: Option<String>,
    pub date_format: String,
    pub side: Option<String>,
    pub buy_values: String,
    pub sell_values: String,
    pub signed_quantity: Option<String>,
    pub asset: Option<String>,
    pub currency: Option<String>,
    pub pair: Option<String>,
    pub quantity: Option<String>,
    pub price: Option<String>,
    pub total: Option<String>,
    pub fee: Option<String>,
    pub fee_asset: Option<String>,
    pub id: Option<String>,
    pub exchange: Option<String>,
    pub venue: String,
    pub kind: Kind,
    pub decimal_comma: bool,
    pub suffixed: bool,
    pub negate_fee: bool,
}

impl Form {
    /// The mapping this form describes for a file with `header` (not yet checked).
    pub fn to_mapping(&self, header: &[String]) -> Mapping {
        let words = |s: &str| -> Vec<String> {
            s.split(',')
                .map(|w| w.trim().to_string())
                .filter(|w| !w.is_empty())
                .collect()
        };
        let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let side = self.side.clone();
        Mapping {
            version: mapping::VERSION,
            name: self.name.trim().to_string(),
            header: header.to_vec(),
            date: self.date.clone().unwrap_or_default(),
            date_format: text(&self.date_format),
            utc_offset: None,
            buy_values: if side.is_some() {
                words(&self.buy_values)
            } else {
                Vec::new()
            },
            sell_values: if side.is_some() {
                words(&self.sell_values)
            } else {
                Vec::new()
            },
            side,
            signed_quantity: self.signed_quantity.clone(),
            asset: self.asset.clone(),
            currency: self.currency.clone(),
            pair: self.pair.clone(),
            quantity: self.quantity.clone(),
            price: self.price.clone(),
            total: self.total.clone(),
            fee: self.fee.clone(),
            fee_asset: self.fee_asset.clone(),
            id: self.id.clone(),
            note: None,
            exchange: self.exchange.clone(),
            venue: text(&self.venue),
            kind: (self.kind != Kind::default()).then(|| self.kind.as_str().to_string()),
            decimal_comma: self.decimal_comma,
            suffixed: self.suffixed,
            negate_fee: self.negate_fee,
        }
    }
}

/// What the mapping makes of the file.
#[derive(Debug, Clone)]
pub enum Preview {
    /// The mapping itself is wrong (the core's check), or the file cannot be read.
    Invalid(InputError),
    /// A row cannot be read with it.
    RowError(InputError),
    /// The trades read: how many, and the first few.
    Trades(usize, Vec<Trade>),
}

/// The dialog's state.
pub struct MappingDialog {
    /// The file mapped.
    pub path: PathBuf,
    /// Its name as problems give it.
    pub file_name: String,
    /// Its header cells, as written (byte-order mark and surrounding spaces removed).
    pub header: Vec<String>,
    /// Its first rows.
    pub rows: Vec<Vec<String>>,
    /// Why the file could not be read, if it could not.
    pub read_error: Option<InputError>,
    /// What the user entered.
    pub form: Form,
    preview: Option<(Form, Preview)>,
}

impl MappingDialog {
    /// Opens the dialog on `path`, reading its header and first rows.
    pub fn open(path: PathBuf) -> MappingDialog {
        let file_name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mut dialog = MappingDialog {
            form: Form {
                name: path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                ..Form::default()
            },
            path,
            file_name,
            header: Vec::new(),
            rows: Vec::new(),
            read_error: None,
            preview: None,
        };
        if let Err(e) = dialog.read_head() {
            dialog.read_error = Some(e);
        }
        dialog
    }

    fn read_head(&mut self) -> Result<(), InputError> {
        let name = self.file_name.clone();
        let cannot = |e: std::io::Error| {
            InputError::file(&name, salyq_core::error::Problem::CannotOpen(e.to_string()))
        };
        let file = std::fs::File::open(&self.path).map_err(cannot)?;
        let mut head = Vec::new();
        file.take(64 * 1024).read_to_end(&mut head).map_err(cannot)?;
        let layout = Layout::sniff(&head, &|_| false);
        let mut table = Table::open_with(&name, std::io::Cursor::new(head), &layout)?;
        self.header = table
            .header
            .raw
            .iter()
            .map(|c| c.trim_start_matches('\u{feff}').trim().to_string())
            .collect();
        while self.header.last().is_some_and(String::is_empty) {
            self.header.pop();
        }
        let width = self.header.len();
        while self.rows.len() < SHOWN_ROWS {
            match table.next_row() {
                Some(Ok(row)) => self.rows.push(
                    (0..width)
                        .map(|i| row.cell(i).map(str::to_string).unwrap_or_default())
                        .collect(),
                ),
                Some(Err(_)) => continue,
                None => break,
            }
        }
        Ok(())
    }

    /// Sets the column of a mapping field (`date`, `side`, `asset`...) by its header name: a
    /// hook for tests and for filling the form programmatically. False for an unknown field.
    pub fn assign(&mut self, field: &str, column: &str) -> bool {
        let Some(slot) = self.column_slot(field) else {
            return false;
        };
        *slot = Some(column.to_string());
        true
    }

    fn column_slot(&mut self, field: &str) -> Option<&mut Option<String>> {
        let f = &mut self.form;
        Some(match field {
            "date" => &mut f.date,
            "side" => &mut f.side,
            "signed_quantity" => &mut f.signed_quantity,
            "asset" => &mut f.asset,
            "currency" => &mut f.currency,
            "pair" => &mut f.pair,
            "quantity" => &mut f.quantity,
            "price" => &mut f.price,
            "total" => &mut f.total,
            "fee" => &mut f.fee,
            "fee_asset" => &mut f.fee_asset,
            "id" => &mut f.id,
            "exchange" => &mut f.exchange,
            _ => return None,
        })
    }

    /// The mapping checked by the core, or the core's error.
    pub fn checked(&self) -> Result<Mapping, InputError> {
        if let Some(e) = &self.read_error {
            return Err(e.clone());
        }
        let m = self.form.to_mapping(&self.header);
        Mapping::from_json(&m.to_json(), &self.file_name)
    }

    /// What the mapping makes of the file (recomputed only when the form changed).
    pub fn preview(&mut self) -> &Preview {
        if self.preview.as_ref().is_none_or(|(f, _)| *f != self.form) {
            let p = self.compute_preview();
            self.preview = Some((self.form.clone(), p));
        }
        &self.preview.as_ref().expect("set above").1
    }

    fn compute_preview(&self) -> Preview {
        let m = match self.checked() {
            Ok(m) => m,
            Err(e) => return Preview::Invalid(e),
        };
        let mut inputs = Inputs::default();
        inputs.mappings = vec![m];
        match inputs.add_file(&self.path, &self.file_name, FileRole::Auto) {
            Ok(()) => Preview::Trades(
                inputs.trades.len(),
                inputs.trades.iter().take(PREVIEW_TRADES).cloned().collect(),
            ),
            Err(mut errors) => Preview::RowError(errors.remove(0)),
        }
    }

    /// Draws the dialog; asks to save or close through `actions`.
    pub fn show(&mut self, ctx: &egui::Context, lang: Lang, actions: &mut Vec<Action>) {
        let mut open = true;
        egui::Window::new(lang.f(Text::MapTitle, &[("file", &self.file_name)]))
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_size([900.0, 640.0])
            .anchor(egui::Align2::CENTER_TOP, [0.0, 40.0])
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("mapping_scroll")
                    .show(ui, |ui| self.contents(ui, lang, actions));
            });
        if !open {
            actions.push(Action::CloseMapping);
        }
    }

    fn contents(&mut self, ui: &mut egui::Ui, lang: Lang, actions: &mut Vec<Action>) {
        if let Some(e) = &self.read_error {
            let text = lang.f(
                Text::MapCannotRead,
                &[("detail", &core_text::input_error(lang, e))],
            );
            ui.colored_label(ui.visuals().error_fg_color, text);
        }
        ui.strong(lang.t(Text::MapFirstRows));
        egui::ScrollArea::horizontal()
            .id_salt("mapping_rows")
            .show(ui, |ui| {
                egui::Grid::new("mapping_rows_grid")
                    .striped(true)
                    .spacing([12.0, 2.0])
                    .show(ui, |ui| {
                        for h in &self.header {
                            ui.strong(h);
                        }
                        ui.end_row();
                        for row in &self.rows {
                            for cell in row {
                                ui.monospace(cell);
                            }
                            ui.end_row();
                        }
                    });
            });
        ui.separator();
        ui.strong(lang.t(Text::MapColumnsHeading));
        let header = self.header.clone();
        let column = |ui: &mut egui::Ui, label: Text, id: &str, slot: &mut Option<String>| {
            let label = ui.label(lang.t(label));
            let none = lang.t(Text::MapNone);
            egui::ComboBox::from_id_salt(id)
                .width(200.0)
                .selected_text(slot.as_deref().unwrap_or(none))
                .show_ui(ui, |ui| {
                    ui.selectable_value(slot, None, none);
                    for h in &header {
                        ui.selectable_value(slot, Some(h.clone()), h);
                    }
                })
                .response
                .labelled_by(label.id);
        };
        let f = &mut self.form;
        ui.columns(2, |cols| {
            egui::Grid::new("mapping_fields_a")
                .num_columns(2)
                .spacing([8.0, 4.0])
                .show(&mut cols[0], |ui| {
                    let label = ui.label(lang.t(Text::MapName));
                    ui.add(egui::TextEdit::singleline(&mut f.name).desired_width(200.0))
                        .labelled_by(label.id);
                    ui.end_row();
                    column(ui, Text::MapDate, "map_date", &mut f.date);
                    ui.end_row();
                    let label = ui.label(lang.t(Text::MapDateFormat));
                    ui.add(
                        egui::TextEdit::singleline(&mut f.date_format)
                            .hint_text("%d.%m.%Y %H:%M")
                            .desired_width(200.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                    column(ui, Text::MapSide, "map_side", &mut f.side);
                    ui.end_row();
                    let label = ui.label(lang.t(Text::MapBuyWords));
                    ui.add(
                        egui::TextEdit::singleline(&mut f.buy_values)
                            .hint_text("buy")
                            .desired_width(200.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label(lang.t(Text::MapSellWords));
                    ui.add(
                        egui::TextEdit::singleline(&mut f.sell_values)
                            .hint_text("sell")
                            .desired_width(200.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                    column(ui, Text::MapSignedQuantity, "map_signed", &mut f.signed_quantity);
                    ui.end_row();
                    column(ui, Text::MapQuantity, "map_quantity", &mut f.quantity);
                    ui.end_row();
                    column(ui, Text::MapAsset, "map_asset", &mut f.asset);
                    ui.end_row();
                    column(ui, Text::MapCurrency, "map_currency", &mut f.currency);
                    ui.end_row();
                });
            egui::Grid::new("mapping_fields_b")
                .num_columns(2)
                .spacing([8.0, 4.0])
                .show(&mut cols[1], |ui| {
                    column(ui, Text::MapPair, "map_pair", &mut f.pair);
                    ui.end_row();
                    column(ui, Text::MapPrice, "map_price", &mut f.price);
                    ui.end_row();
                    column(ui, Text::MapTotal, "map_total", &mut f.total);
                    ui.end_row();
                    column(ui, Text::MapFee, "map_fee", &mut f.fee);
                    ui.end_row();
                    column(ui, Text::MapFeeAsset, "map_fee_asset", &mut f.fee_asset);
                    ui.end_row();
                    column(ui, Text::MapId, "map_id", &mut f.id);
                    ui.end_row();
                    column(ui, Text::MapVenueColumn, "map_exchange", &mut f.exchange);
                    ui.end_row();
                    let label = ui.label(lang.t(Text::MapVenueName));
                    ui.add(
                        egui::TextEdit::singleline(&mut f.venue)
                            .hint_text("Kaspi")
                            .desired_width(200.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label(lang.t(Text::MapKind));
                    let kind_name = |k: Kind| {
                        lang.t(match k {
                            Kind::Crypto => Text::Crypto,
                            Kind::Security => Text::Security,
                            Kind::Other => Text::Other,
                        })
                    };
                    egui::ComboBox::from_id_salt("map_kind")
                        .width(200.0)
                        .selected_text(kind_name(f.kind))
                        .show_ui(ui, |ui| {
                            for k in Kind::ALL {
                                ui.selectable_value(&mut f.kind, k, kind_name(k));
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();
                    ui.label("");
                    ui.checkbox(&mut f.decimal_comma, lang.t(Text::MapDecimalComma));
                    ui.end_row();
                    ui.label("");
                    ui.checkbox(&mut f.suffixed, lang.t(Text::MapSuffixed));
                    ui.end_row();
                    ui.label("");
                    ui.checkbox(&mut f.negate_fee, lang.t(Text::MapNegateFee));
                    ui.end_row();
                });
        });
        ui.separator();
        ui.strong(lang.t(Text::MapPreview));
        let error_color = ui.visuals().error_fg_color;
        let ok = match self.preview() {
            Preview::Invalid(e) => {
                ui.colored_label(error_color, core_text::input_error(lang, e));
                false
            }
            Preview::RowError(e) => {
                ui.colored_label(
                    error_color,
                    format!("{} {}", e.location(), core_text::input_error(lang, e)),
                );
                false
            }
            Preview::Trades(n, trades) => {
                ui.label(lang.n(Text::MapPreviewTrades, *n as u64, &[("n", &n.to_string())]));
                for t in trades {
                    ui.monospace(trade_line(lang, t));
                }
                true
            }
        };
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui
                .add_enabled(ok, egui::Button::new(lang.t(Text::MapSaveImport)))
                .clicked()
                && let Ok(m) = self.checked()
            {
                actions.push(Action::SaveMapping(Box::new(m), self.path.clone()));
            }
            if ui.button(lang.t(Text::Cancel)).clicked() {
                actions.push(Action::CloseMapping);
            }
        });
    }
}

/// One trade of the preview, in the window's language; amounts as read.
fn trade_line(lang: Lang, t: &Trade) -> String {
    format!(
        "{}  {}  {} {}  {} {}  {} {} {}{}",
        t.time.format("%Y-%m-%d %H:%M %:z"),
        super::tabs::side_name(lang, t.side),
        t.quantity,
        t.asset,
        t.total,
        t.currency,
        lang.t(Text::Fee),
        t.fee,
        t.fee_currency,
        t.exchange
            .as_deref()
            .map_or(String::new(), |v| format!("  @ {v}")),
    )
}
