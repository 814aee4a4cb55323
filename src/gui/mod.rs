//! The desktop window: a thin shell over the library. It loads files, asks the engine for the
//! figures (off the UI thread) and shows them; it holds no tax logic of its own.
//!
//! [`run`] opens the window; [`App`] is the window's state, usable headless in tests.

#![warn(missing_docs)]

pub mod app_state;
mod chrome;
pub mod core_text;
pub mod fmt;
pub mod fonts;
pub mod i18n;
pub mod i18n_compliance;
pub mod i18n_forms;
pub mod mapping_dialog;
pub mod menu;
pub mod prefs;
pub mod problems;
pub mod tabs;
pub mod worker;

use crate::export;
use crate::import::FileRole;
use crate::settings::Settings;
use app_state::AppState;
use i18n::{Key, Lang};
pub use prefs::{PREFS_KEY, Prefs};
use std::path::PathBuf;
use std::time::Instant;
use tabs::Tab;
use worker::{ExportKind, Mode, Worker};

/// Something the user asked for this frame; carried out after drawing.
#[derive(Debug)]
pub enum Action {
    /// Show this trade (index into the inputs) on the Trades tab.
    ShowTrade(usize),
    /// Show this disposal (index into the computation) with its lots on the Disposals tab.
    ShowDisposal(usize),
    /// Write CSV exports for Excel in a Russian locale (or not).
    SetExcelRu(bool),
    /// Put these settings in force.
    ApplySettings(Box<Settings>),
    /// Undo the last settings change.
    Undo,
    /// Redo it.
    Redo,
    /// Ask for files to import as this role.
    Pick(FileRole),
    /// Import these files.
    Import(Vec<(PathBuf, FileRole)>),
    /// Cancel the import running.
    CancelImport,
    /// Export a CSV.
    Export(ExportKind),
    /// Replace everything with the sample.
    LoadSample,
    /// Remove everything.
    ClearAll,
    /// Change the language.
    SetLang(Lang),
    /// Show the year (`None`: all).
    SetYear(Option<i32>),
    /// Close the problems panel.
    CloseProblems,
    /// The problems were copied.
    Copied,
    /// Show the About window.
    About,
    /// Close the window.
    Quit,
    /// Open the column-mapping dialog for this file.
    MapColumns(PathBuf),
    /// Save this mapping and import the file again with it.
    SaveMapping(Box<crate::import::mapping::Mapping>, PathBuf),
    /// Close the column-mapping dialog.
    CloseMapping,
}

/// The window.
pub struct App {
    /// Data, settings and jobs.
    pub state: AppState,
    /// Remembered between runs.
    pub prefs: Prefs,
    /// The tab shown.
    pub tab: Tab,
    /// The tax year shown (`None`: all years).
    pub year: Option<i32>,
    /// The Trades tab.
    pub trades: tabs::trades::TradesView,
    /// The Disposals tab.
    pub disposals: tabs::disposals::DisposalsView,
    /// The Settings tab.
    pub settings_view: tabs::settings::SettingsView,
    /// The Forms tab.
    pub forms: tabs::forms::FormsView,
    /// The Compliance tab.
    pub compliance: tabs::compliance::ComplianceView,
    /// The column-mapping dialog, when open.
    pub mapping_dialog: Option<mapping_dialog::MappingDialog>,
    show_about: bool,
    copied: bool,
    frame_log: bool,
    /// Duration of the last [`App::show`], in seconds.
    pub last_frame_secs: f64,
    ctx: Option<egui::Context>,
}

impl App {
    /// The window's state with the sample loaded. `Mode::Inline` runs every job at once (tests).
    pub fn new(mode: Mode, prefs: Prefs) -> App {
        let mut app = App::empty(mode, prefs);
        app.state.load_sample();
        app
    }

    /// The window's state with nothing loaded.
    pub fn empty(mode: Mode, prefs: Prefs) -> App {
        let mut state = AppState::new(Worker::new(mode));
        state.mappings = prefs.mappings.clone();
        App {
            state,
            prefs,
            tab: Tab::default(),
            year: None,
            trades: Default::default(),
            disposals: Default::default(),
            settings_view: Default::default(),
            forms: Default::default(),
            compliance: Default::default(),
            mapping_dialog: None,
            show_about: false,
            copied: false,
            frame_log: std::env::var_os("SALYQ_FRAME_TIME").is_some(),
            last_frame_secs: 0.0,
            ctx: None,
        }
    }

    /// A headless window for tests: sample loaded, jobs run at once, English, nothing remembered.
    pub fn headless() -> App {
        App::new(Mode::Inline, Prefs::default())
    }

    /// The language shown.
    pub fn lang(&self) -> Lang {
        self.prefs.lang
    }

    /// Imports files as if picked in the dialog (at once in `Mode::Inline`).
    pub fn import_paths(&mut self, files: &[PathBuf], role: FileRole) {
        self.act(Action::Import(files.iter().map(|p| (p.clone(), role)).collect()));
        self.poll();
    }

    /// Draws the whole window into `ui` and carries out what the user asked for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let start = Instant::now();
        let ctx = ui.ctx().clone();
        self.state.worker.set_context(&ctx);
        self.ctx = Some(ctx.clone());
        self.poll();
        let lang = self.lang();
        let mut actions = Vec::new();
        menu::shortcuts(&ctx, &mut actions);
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if !dropped.is_empty() {
            actions.push(Action::Import(
                dropped.into_iter().map(|p| (p, FileRole::Auto)).collect(),
            ));
        }

        egui::Panel::top("menu").show(ui, |ui| {
            let m = menu::MenuState {
                lang,
                importing: self.state.import.is_some(),
                can_undo: self.state.can_undo(),
                can_redo: self.state.can_redo(),
                can_export: self.state.computed.is_some(),
                recent: &self.prefs.recent,
            };
            menu::bar(ui, &m, &mut actions);
        });
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui, lang, &mut actions));
        problems::panel(ui, &self.state, lang, &mut actions);
        egui::CentralPanel::default().show(ui, |ui| {
            if self.state.is_sample && !self.prefs.welcome_closed {
                self.welcome(ui, lang);
            }
            self.tab_bar(ui, lang, &mut actions);
            ui.separator();
            match self.tab {
                Tab::Trades => self.trades.ui(ui, &self.state, lang, &mut actions),
                Tab::Forms => {
                    let excel_ru = self.prefs.excel_ru;
                    self.forms
                        .ui(ui, &self.state, self.year, excel_ru, lang, &mut actions)
                }
                Tab::Disposals => self.disposals.ui(ui, &self.state, self.year, lang, &mut actions),
                Tab::Summary => tabs::summary::ui(ui, &self.state, self.year, lang),
                Tab::Warnings => tabs::warnings::ui(ui, &self.state, self.year, lang, &mut actions),
                Tab::Compliance => self.compliance.ui(ui, &self.state, self.year, lang, &mut actions),
                Tab::Settings => {
                    let venues = self.state.venues();
                    self.settings_view
                        .ui(ui, &self.state.settings, &venues, lang, &mut actions)
                }
            }
        });
        self.about(&ctx, lang);
        if let Some(dialog) = &mut self.mapping_dialog {
            dialog.show(&ctx, lang, &mut actions);
        }
        if ctx.input(|i| !i.raw.hovered_files.is_empty()) {
            chrome::drop_overlay(&ctx, lang);
        }

        for a in actions {
            self.act(a);
        }
        if self.state.import.is_some() || self.state.is_computing() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        self.last_frame_secs = start.elapsed().as_secs_f64();
        if self.frame_log {
            eprintln!(
                "salyq: frame {:.2} ms ({:?})",
                self.last_frame_secs * 1e3,
                self.tab
            );
        }
    }

    /// Carries out one action.
    pub fn act(&mut self, action: Action) {
        self.copied = false;
        match action {
            Action::ShowTrade(t) => {
                self.tab = Tab::Trades;
                self.trades.show_trade(t);
            }
            Action::ShowDisposal(d) => {
                self.tab = Tab::Disposals;
                self.disposals.selected = Some(d);
            }
            Action::SetExcelRu(on) => self.prefs.excel_ru = on,
            Action::ApplySettings(s) => self.state.apply_settings(*s),
            Action::Undo => {
                self.state.undo();
                self.settings_view.reset();
            }
            Action::Redo => {
                self.state.redo();
                self.settings_view.reset();
            }
            Action::Pick(role) => {
                let title = self.lang().t(match role {
                    FileRole::Rates => Key::ImportRates,
                    FileRole::Prices => Key::ImportPrices,
                    FileRole::Auto | FileRole::Trades => Key::ImportTrades,
                });
                let dir = self.prefs.last_dir.clone();
                self.state
                    .worker
                    .pick_files(role, dir, title.trim_end_matches('…').to_string());
            }
            Action::Import(files) => self.state.start_import(files),
            Action::CancelImport => {
                if let Some(task) = &self.state.import {
                    task.progress.cancel();
                }
            }
            Action::Export(kind) => self.export(kind),
            Action::LoadSample => {
                self.state.load_sample();
                self.year = None;
            }
            Action::ClearAll => {
                self.state.clear();
                self.year = None;
            }
            Action::SetLang(l) => self.prefs.lang = l,
            Action::SetYear(y) => self.year = y,
            Action::CloseProblems => self.state.problems.clear(),
            Action::Copied => self.copied = true,
            Action::About => self.show_about = true,
            Action::MapColumns(path) => {
                self.mapping_dialog = Some(mapping_dialog::MappingDialog::open(path));
            }
            Action::SaveMapping(mapping, path) => {
                self.prefs.save_mapping(*mapping);
                self.state.mappings = self.prefs.mappings.clone();
                self.mapping_dialog = None;
                self.state.start_import(vec![(path, FileRole::Auto)]);
            }
            Action::CloseMapping => self.mapping_dialog = None,
            Action::Quit => {
                if let Some(ctx) = &self.ctx {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
        }
    }

    /// Takes finished jobs' results; remembers the files imported.
    fn poll(&mut self) {
        self.state.poll();
        if !self.state.imported.is_empty() {
            let files = std::mem::take(&mut self.state.imported);
            self.prefs.remember(&files);
        }
    }

    fn export(&mut self, kind: ExportKind) {
        let Some(c) = self.state.computed.clone() else {
            return;
        };
        let year = self.year;
        let dir = self.prefs.last_dir.clone();
        let suffix = year.map_or_else(String::new, |y| format!("_{y}"));
        let style = self.prefs.csv_style();
        match kind {
            ExportKind::Disposals => self.state.worker.export(
                format!("salyq_disposals{suffix}.csv"),
                kind.filter(),
                dir,
                move |w| {
                    let view = crate::report::View {
                        computation: &c.computation,
                        year,
                    };
                    export::write_disposals(w, view.disposals(), &c.computation, &c.inputs, style)
                },
            ),
            ExportKind::Summary => self.state.worker.export(
                format!("salyq_summary{suffix}.csv"),
                kind.filter(),
                dir,
                move |w| {
                    let view = crate::report::View {
                        computation: &c.computation,
                        year,
                    };
                    export::write_summary(w, view.years(), style)
                },
            ),
            _ => self.export_form(kind, c, style, dir),
        }
    }

    /// Exports the draft of the Forms tab (made now if the tab was never shown).
    fn export_form(
        &mut self,
        kind: ExportKind,
        c: std::sync::Arc<worker::Computed>,
        style: export::CsvStyle,
        dir: Option<PathBuf>,
    ) {
        let Some(year) = tabs::forms::FormsView::year_of(&c, self.year) else {
            return;
        };
        let draft = self.forms.ensure_draft(&c, year);
        let stem = format!("salyq_{}_{year}", draft.form.as_str().replace(".00", ""));
        let (name, ext) = match kind {
            ExportKind::FormDetail => ("_detail", "csv"),
            ExportKind::ForeignAssets => ("_270_04", "csv"),
            ExportKind::FormXml => ("", "xml"),
            ExportKind::FormHtml => ("_report", "html"),
            _ => ("", "csv"),
        };
        let today = chrono::Local::now().date_naive();
        let file = format!("{stem}{name}.{ext}");
        self.state
            .worker
            .export(file, kind.filter(), dir, move |w| match kind {
                ExportKind::FormDetail => {
                    crate::forms::csv::write_detail(w, &draft, &c.computation, &c.inputs, style)
                }
                ExportKind::ForeignAssets => {
                    crate::forms::csv::write_foreign_assets(w, &draft, &c.inputs, style)
                }
                ExportKind::FormXml => crate::forms::xml::write(w, &draft),
                ExportKind::FormHtml => crate::forms::html::write(w, &draft, today),
                _ => crate::forms::csv::write_figures(w, &draft, &c.computation, &c.inputs, style),
            })
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}

/// Opens the window with the sample loaded. Environment: `SALYQ_START_TAB` (summary, trades,
/// disposals, compliance, warnings, settings) picks the first tab, `SALYQ_LANG` (en, ru, kk) the language,
/// `SALYQ_OPEN` (paths separated like `PATH`) imports files at start, `SALYQ_FRAME_TIME` logs
/// each frame's time to stderr.
pub fn run() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_app_id("salyq")
            .with_title("Salyq")
            .with_inner_size([1200.0, 780.0])
            .with_min_inner_size([720.0, 480.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "salyq",
        options,
        Box::new(|cc| {
            let mut prefs: Prefs = cc
                .storage
                .and_then(|s| eframe::get_value(s, PREFS_KEY))
                .unwrap_or_default();
            if let Some(l) = std::env::var("SALYQ_LANG").ok().and_then(|c| Lang::from_code(&c)) {
                prefs.lang = l;
            }
            fonts::install(&cc.egui_ctx);
            let mut worker_app = App::empty(Mode::Threads, prefs);
            worker_app.state.worker.set_context(&cc.egui_ctx);
            worker_app.ctx = Some(cc.egui_ctx.clone());
            worker_app.state.load_sample();
            if let Ok(paths) = std::env::var("SALYQ_OPEN") {
                let files = std::env::split_paths(&paths)
                    .map(|p| (p, FileRole::Auto))
                    .collect();
                worker_app.act(Action::Import(files));
            }
            if let Some(t) = std::env::var("SALYQ_START_TAB")
                .ok()
                .and_then(|t| Tab::from_name(&t))
            {
                worker_app.tab = t;
            }
            Ok(Box::new(worker_app))
        }),
    )
}
