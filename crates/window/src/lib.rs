//! The desktop window: a thin shell over the library. It loads files, asks the engine for the
//! figures (off the UI thread) and shows them; it holds no tax logic of its own.
//!
//! [`run`] opens the window; [`App`] is the window's state, usable headless in tests.

#![warn(missing_docs)]
// Input errors carry file, line, column, the value found and what was expected (the core
// library's reason for the same allowance): the cold path.
#![allow(clippy::result_large_err)]

pub mod action;
pub mod app_state;
pub mod background;
pub mod banner;
pub mod cells;
mod chrome;
pub mod core_text;
pub mod decisions;
pub mod file_dialog;
pub mod fmt;
pub mod fonts;
pub mod i18n;
pub mod issuer_menu;
pub mod keyboard;
pub mod ledger_dialogs;
pub mod mapping_dialog;
pub mod menu;
pub mod override_record;
pub mod prefs;
pub mod problems;
pub mod rates_dialog;
pub mod tabs;
pub mod unresolved;
pub mod worker;
pub mod zone_question;

pub use action::Action;
use app_state::AppState;
use i18n::{Lang, Text};
pub use prefs::{PREFS_KEY, Prefs};
use salyq_core::export;
use salyq_core::import::FileRole;
use std::path::PathBuf;
use std::time::Instant;
use tabs::Tab;
use worker::{ExportKind, Mode, Worker};

/// How often unsaved changes are copied to the recovery file.
pub const AUTOSAVE_EVERY: std::time::Duration = std::time::Duration::from_secs(120);

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
    /// The official-rates dialog, when open.
    pub rates_dialog: Option<rates_dialog::RatesDialog>,
    /// The Warnings tab's review.
    pub review: tabs::warnings::ReviewView,
    /// The reason typed in a trade's menu.
    pub reason_draft: String,
    /// The missing-purchase dialog, when open.
    pub purchase: Option<decisions::PurchaseDialog>,
    /// The Pair… dialog, when open.
    pub pair: Option<ledger_dialogs::PairDialog>,
    /// The case note being typed.
    pub case_note: Option<String>,
    asking_quit: bool,
    quit_anyway: bool,
    quit_after_save: bool,
    last_autosave: Instant,
    title: String,
    show_about: bool,
    copied: bool,
    frame_log: bool,
    /// Salyq's own file dialog, when one is open.
    pub file_dialog: Option<file_dialog::InAppDialog>,
    /// True once the window said that the system's file dialog is missing.
    pub dialog_explained: bool,
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
            review: Default::default(),
            reason_draft: String::new(),
            purchase: None,
            pair: None,
            case_note: None,
            asking_quit: false,
            quit_anyway: false,
            quit_after_save: false,
            last_autosave: Instant::now(),
            title: String::new(),
            compliance: Default::default(),
            mapping_dialog: None,
            rates_dialog: None,
            show_about: false,
            copied: false,
            frame_log: std::env::var_os("SALYQ_FRAME_TIME").is_some(),
            last_frame_secs: 0.0,
            file_dialog: None,
            dialog_explained: false,
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

    /// What the window opens on: the files given (a `.salyq` among them opens as the case; the
    /// others are imported into it), else the sample.
    pub fn open_at_start(&mut self, files: Vec<PathBuf>) {
        if files.is_empty() {
            self.state.load_sample();
            return;
        }
        self.act(Action::Import(
            files.into_iter().map(|p| (p, FileRole::Auto)).collect(),
        ));
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
        keyboard::begin_frame(&ctx);
        self.state.worker.set_context(&ctx);
        self.ctx = Some(ctx.clone());
        self.poll();
        let lang = self.lang();
        self.state.worker.set_lang(lang);
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
                recent_cases: &self.prefs.recent_cases,
            };
            menu::bar(ui, &m, &mut actions);
        });
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui, lang, &mut actions));
        problems::panel(ui, &self.state, lang, &mut actions);
        egui::CentralPanel::default().show(ui, |ui| {
            if self.state.is_sample && !self.prefs.welcome_closed {
                self.welcome(ui, lang);
            }
            if self.state.is_sample && !self.prefs.recent_cases.is_empty() {
                self.recent_cases(ui, lang, &mut actions);
            }
            self.tab_bar(ui, lang, &mut actions);
            ui.separator();
            if matches!(self.tab, Tab::Summary | Tab::Forms) {
                banner::show(ui, &self.state, lang, &mut actions);
            }
            match self.tab {
                Tab::Trades => self
                    .trades
                    .ui(ui, &self.state, &mut self.reason_draft, lang, &mut actions),
                Tab::Forms => {
                    let excel_ru = self.prefs.excel_ru;
                    self.forms
                        .ui(ui, &self.state, self.year, excel_ru, lang, &mut actions)
                }
                Tab::Disposals => self.disposals.ui(ui, &self.state, self.year, lang, &mut actions),
                Tab::Summary => tabs::summary::ui(ui, &self.state, self.year, lang),
                Tab::Warnings => self.review.ui(ui, &self.state, self.year, lang, &mut actions),
                Tab::Compliance => self.compliance.ui(ui, &self.state, self.year, lang, &mut actions),
                Tab::Settings => {
                    decisions::case_panel(ui, &self.state, &mut self.case_note, lang, &mut actions);
                    let venues = self.state.venues();
                    self.settings_view
                        .ui(ui, &self.state.settings, &venues, lang, &mut actions)
                }
            }
        });
        self.about(&ctx, lang);
        self.case_chrome(&ctx, lang, &mut actions);
        if let Some(dialog) = &mut self.mapping_dialog {
            dialog.show(&ctx, lang, &mut actions);
        }
        if let Some(dialog) = &mut self.rates_dialog {
            dialog.show(&ctx, lang, &mut actions);
        }
        self.file_dialog(&ctx, lang);
        if ctx.input(|i| !i.raw.hovered_files.is_empty()) {
            chrome::drop_overlay(&ctx, lang);
        }
        keyboard::focus_ring(&ctx);

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

    /// Salyq's own file dialog: opens the next question asked, draws it, hands its answer on.
    fn file_dialog(&mut self, ctx: &egui::Context, lang: Lang) {
        if self.file_dialog.is_none() && !self.state.asks.is_empty() {
            let ask = self.state.asks.remove(0);
            let explain = !std::mem::replace(&mut self.dialog_explained, true);
            self.file_dialog = Some(file_dialog::InAppDialog::new(ask, explain));
        }
        if let Some(d) = &mut self.file_dialog
            && let file_dialog::Outcome::Done(answer, then) = d.show(ctx, lang)
        {
            self.file_dialog = None;
            if answer.is_none() {
                self.quit_after_save = false;
            }
            self.state.worker.answer(answer, then);
            ctx.request_repaint();
        }
    }

    /// Carries out one action.
    pub fn act(&mut self, action: Action) {
        self.copied = false;
        match action {
            Action::ShowTrade(t) => {
                // The computation's indices refer to its own inputs; overrides that exclude
                // trades or enter purchases make those differ from the loaded ones.
                let t = match &self.state.computed {
                    Some(c) if !std::sync::Arc::ptr_eq(&c.inputs, &self.state.inputs) => {
                        let Some(src) = c.inputs.trades.get(t) else {
                            return;
                        };
                        let same = |x: &salyq_core::model::Trade| x.line == src.line && x.file == src.file;
                        match self.state.inputs.trades.iter().position(same) {
                            Some(i) => i,
                            None => return, // a purchase entered by the user: not in the files
                        }
                    }
                    _ => t,
                };
                self.tab = Tab::Trades;
                self.trades.show_trade(t);
            }
            Action::ShowWarning(w) => {
                self.tab = Tab::Warnings;
                self.review.selected = Some(w);
            }
            Action::ShowDisposal(d) => {
                self.tab = Tab::Disposals;
                self.disposals.selected = Some(d);
                self.disposals.scroll_to = Some(d);
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
                    FileRole::Rates => Text::ImportRates,
                    FileRole::Prices => Text::ImportPrices,
                    FileRole::Auto | FileRole::Trades => Text::ImportTrades,
                });
                let dir = self.prefs.last_dir.clone();
                self.state
                    .worker
                    .pick_files(role, dir, title.trim_end_matches('…').to_string());
            }
            Action::Import(mut files) => {
                // A case file dropped or given is opened, not imported as trades.
                let is_case = |p: &PathBuf| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("salyq"));
                if let Some(i) = files.iter().position(|(p, _)| is_case(p)) {
                    let (case, _) = files.remove(i);
                    self.act(Action::OpenCase(Some(case)));
                    files.retain(|(p, _)| !is_case(p));
                }
                self.state.start_import(files);
            }
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
            Action::SetFileZone(file, zone) => self.state.set_file_zone(&file, zone),
            Action::SetYear(y) => self.year = y,
            Action::CloseProblems => {
                self.state.problems.clear();
                self.state.refused = None;
            }
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
            Action::GetRates => {
                if self.rates_dialog.as_ref().is_none_or(|d| !d.is_running()) {
                    self.rates_dialog = rates_dialog::RatesDialog::for_problems(&self.state.problems);
                }
            }
            Action::CloseRates => {
                if let Some(d) = &self.rates_dialog {
                    d.cancel();
                }
                self.rates_dialog = None;
            }
            Action::Quit(choice) => self.quit(choice),
            Action::NewCase => {
                if self.state.is_dirty() {
                    // Never lose changes silently: the same question as on quit, then a new case.
                    self.asking_quit = true;
                    return;
                }
                self.state.new_case();
                self.year = None;
            }
            Action::OpenCase(Some(path)) => self.state.open_case(path),
            Action::OpenCase(None) => {
                let dir = self.prefs.last_dir.clone();
                self.state.worker.pick_case(dir);
            }
            Action::SaveCase { save_as } => {
                if self.year.is_some() {
                    self.state.case.tax_year = self.year;
                }
                let dir = self.prefs.last_dir.clone();
                if save_as || self.state.case_path.is_none() {
                    let case = self.state.case_to_save();
                    let changes = self.state.changes;
                    let guard = self.state.guard();
                    self.state
                        .worker
                        .save_case(case, None, dir, changes, false, guard);
                } else {
                    self.state.save_case(None, dir);
                }
            }
            Action::Recover(use_copy) => self.state.recover(use_copy),
            Action::TradeNote(trade, text) => {
                let by = override_record::user_name();
                self.state.case.note(trade, text, by, chrono::Utc::now());
                self.state.touch();
            }
            Action::ReviewWarning(warning, status, reason) => {
                let by = override_record::user_name();
                self.state
                    .case
                    .review(warning, status, reason, by, chrono::Utc::now());
                self.state.touch();
            }
            Action::ExportPack(dir) => self.export_pack(dir),
            Action::CaseNote(text) => {
                self.state.case.notes.case = text;
                self.state.touch();
            }
            Action::SetResidency(r) => {
                self.state.case.residency = r;
                self.state.touch();
            }
            Action::EnterPurchase(w) => {
                if let Some(c) = &self.state.computed
                    && let Some(warning) = c.computation.warnings.get(w)
                {
                    let trade = warning.trade.and_then(|t| c.inputs.trades.get(t));
                    self.purchase = decisions::PurchaseDialog::for_warning(warning, trade);
                }
            }
            Action::PairTransfer(w) => {
                let lang = self.prefs.lang;
                if let Some(c) = &self.state.computed
                    && let Some(warning) = c.computation.warnings.get(w)
                {
                    self.pair = ledger_dialogs::PairDialog::for_warning(&self.state, warning, lang);
                }
            }
        }
    }

    /// Takes finished jobs' results; remembers the files imported and the cases saved or opened.
    fn poll(&mut self) {
        self.state.poll();
        for event in std::mem::take(&mut self.state.case_events) {
            let path = match event {
                app_state::CaseEvent::Opened(path) => {
                    self.case_note = None;
                    self.forms.name = self.state.case.taxpayer.name.clone();
                    self.forms.iin = self
                        .state
                        .case
                        .taxpayer
                        .iin
                        .as_ref()
                        .map_or_else(String::new, |i| i.to_string());
                    self.year = self.state.case.tax_year;
                    path
                }
                app_state::CaseEvent::Saved(path) => {
                    if self.quit_after_save && !self.state.is_dirty() {
                        self.quit_anyway = true;
                        if let Some(ctx) = &self.ctx {
                            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                        }
                    }
                    path
                }
            };
            let open_warnings = self
                .state
                .computed
                .as_ref()
                .map_or(0, |c| self.state.case.open_warnings(&c.computation.warnings));
            self.prefs.remember_case(prefs::RecentCase {
                path,
                taxpayer: self.state.case.taxpayer.name.clone(),
                tax_year: self.state.case.tax_year.or(self.year),
                open_warnings,
                last_change: chrono::Local::now().format("%Y-%m-%d %H:%M").to_string(),
            });
        }
        if !self.state.imported.is_empty() {
            let files = std::mem::take(&mut self.state.imported);
            self.prefs.remember(&files);
        }
    }

    /// Writes the review pack of the year shown (the latest year when all are shown).
    fn export_pack(&mut self, dir: Option<PathBuf>) {
        let Some(c) = self.state.computed.clone() else {
            return;
        };
        let Some(year) = tabs::forms::FormsView::year_of(&c, self.year) else {
            return;
        };
        let mut case = self.state.case_to_save();
        case.taxpayer = self.forms.taxpayer();
        let who = worker::file_safe(&case.taxpayer.name).replace(' ', "_");
        let folder_name = if who.is_empty() {
            format!("salyq_review_{year}")
        } else {
            format!("salyq_review_{who}_{year}")
        };
        let job = worker::PackJob {
            case,
            computed: c,
            year,
            style: self.prefs.csv_style(),
            folder_name,
            guard: self.state.export_guard(),
        };
        let start = self.prefs.last_dir.clone();
        self.state.worker.export_pack(job, dir, start);
    }

    /// Closes the window, asking first about unsaved changes.
    fn quit(&mut self, choice: decisions::QuitChoice) {
        use decisions::QuitChoice;
        let close = |app: &mut App| {
            app.quit_anyway = true;
            if let Some(ctx) = &app.ctx {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        };
        match choice {
            QuitChoice::Ask if self.state.is_dirty() => self.asking_quit = true,
            QuitChoice::Ask => {
                self.asking_quit = false;
                close(self);
            }
            QuitChoice::Discard => {
                // The changes are given up: their recovery copy goes too.
                self.state.drop_recovery();
                self.asking_quit = false;
                close(self);
            }
            QuitChoice::Save => {
                self.asking_quit = false;
                self.quit_after_save = true;
                self.act(Action::SaveCase { save_as: false });
            }
            QuitChoice::Stay => {
                self.asking_quit = false;
                self.quit_after_save = false;
            }
        }
    }

    /// The case around the tabs: the window title, the taxpayer kept in the case, the question
    /// on closing with unsaved changes, the recovery question, autosave, and the purchase dialog.
    fn case_chrome(&mut self, ctx: &egui::Context, lang: Lang, actions: &mut Vec<Action>) {
        let tp = self.forms.taxpayer();
        let iin_ok = self.forms.iin.trim().is_empty() || tp.iin.is_some();
        if iin_ok && tp != self.state.case.taxpayer {
            self.state.case.taxpayer = tp;
            self.state.touch();
        }
        let name = self
            .state
            .case_path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(
                || lang.t(Text::CaseUntitled).to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
        let title = format!("{}{name} — Salyq", if self.state.is_dirty() { "• " } else { "" });
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        if ctx.input(|i| i.viewport().close_requested()) && self.state.is_dirty() && !self.quit_anyway {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.asking_quit = true;
        }
        decisions::case_dialogs(ctx, &self.state, self.asking_quit, lang, actions);
        if let Some(d) = &mut self.purchase
            && !d.show(ctx, &self.state.settings, lang, actions)
        {
            self.purchase = None;
        }
        if let Some(d) = &mut self.pair
            && !d.show(ctx, &self.state.settings, lang, actions)
        {
            self.pair = None;
        }
        if self.state.is_dirty()
            && !self.state.is_sample
            && self.state.worker.is_threaded()
            && self.last_autosave.elapsed() >= AUTOSAVE_EVERY
        {
            self.last_autosave = Instant::now();
            self.state.autosave();
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
        let guard = self.state.export_guard();
        let open = self.state.case.open_warnings(&c.computation.warnings);
        match kind {
            ExportKind::Disposals => self.state.worker.export(
                format!("salyq_disposals{suffix}.csv"),
                kind.filter(),
                dir,
                guard,
                move |w| {
                    let view = salyq_core::report::View {
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
                guard,
                move |w| {
                    let view = salyq_core::report::View {
                        computation: &c.computation,
                        year,
                    };
                    export::write_summary(w, view.years(), style, open)
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
        let mut draft = self.forms.ensure_draft(&c, year);
        let open = self.state.case.open_warnings(&c.computation.warnings);
        if draft.open_warnings != open {
            std::sync::Arc::make_mut(&mut draft).open_warnings = open;
        }
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
        let guard = self.state.export_guard();
        self.state
            .worker
            .export(file, kind.filter(), dir, guard, move |w| match kind {
                ExportKind::FormDetail => {
                    salyq_core::forms::csv::write_detail(w, &draft, &c.computation, &c.inputs, style)
                }
                ExportKind::ForeignAssets => {
                    salyq_core::forms::csv::write_foreign_assets(w, &draft, &c.inputs, style)
                }
                ExportKind::FormXml => salyq_core::forms::xml::write(w, &draft),
                ExportKind::FormHtml => salyq_core::forms::html::write(w, &draft, today),
                _ => salyq_core::forms::csv::write_figures(w, &draft, &c.computation, &c.inputs, style),
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
    run_with(Vec::new())
}

/// Opens the window on `files` (trade, rate and price files, and a `.salyq` case, which opens
/// as the case), or on the sample when none are given.
pub fn run_with(files: Vec<PathBuf>) -> eframe::Result {
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
            worker_app.open_at_start(files);
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
