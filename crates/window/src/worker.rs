//! Work off the UI thread: imports (with progress and cancel), computations (the latest request
//! wins; results carry a generation so stale ones are dropped) and file dialogs with exports.
//! In [`Mode::Inline`] everything runs at once on the caller's thread, for tests.

use super::file_dialog::{Ask, AskKind};
use crate::i18n::{Lang, Text};
use chrono::Datelike;
use salyq_core::engine::{self, Computation};
use salyq_core::error::{InputError, InputErrors};
use salyq_core::import::mapping::Mapping;
use salyq_core::import::progress::Progress;
use salyq_core::import::{self, FileRole, Inputs};
use salyq_core::model::Code;
use salyq_core::settings::Settings;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};

/// Where jobs run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// On background threads (the window).
    Threads,
    /// At once on the calling thread (tests).
    Inline,
}

/// A computation with the inputs and settings it was made from, and the chart sums.
pub struct Computed {
    /// Which request this answers.
    pub generation: u64,
    /// The inputs computed (indices in the computation refer to these trades).
    pub inputs: Arc<Inputs>,
    /// Version of those inputs in the window's state.
    pub inputs_version: u64,
    /// The settings used.
    pub settings: Settings,
    /// The figures.
    pub computation: Computation,
    /// Sums for the charts.
    pub charts: Charts,
    /// When overrides changed the trade list: for each loaded trade, its index in `inputs`
    /// (`None`: excluded). `None` when `inputs` are the loaded inputs themselves.
    pub raw_index: Option<Arc<Vec<Option<u32>>>>,
}

impl Computed {
    /// The tenge value of a loaded trade (index into the window's inputs), if it is computed.
    pub fn value_of_loaded(&self, i: usize) -> Option<&salyq_core::valuation::TradeValue> {
        let j = match &self.raw_index {
            None => i,
            Some(map) => (*map.get(i)?)? as usize,
        };
        self.computation.values.get(j)
    }
}

/// Realised gain summed for the charts (tenge as floats: for drawing only).
#[derive(Debug, Default, Clone)]
pub struct Charts {
    /// Gain per (year, month).
    pub by_month: BTreeMap<(i32, u32), f64>,
    /// Gain per year and asset.
    pub by_asset: BTreeMap<i32, BTreeMap<Code, f64>>,
}

impl Charts {
    /// Sums the disposals' gains by month and by asset (`trades`: the ones `c` matched).
    pub fn of(c: &Computation, trades: &[salyq_core::model::Trade]) -> Charts {
        let mut charts = Charts::default();
        for d in &c.disposals {
            let g = super::fmt::to_f64(d.gain());
            *charts
                .by_month
                .entry((d.date.year(), d.date.month()))
                .or_default() += g;
            *charts
                .by_asset
                .entry(d.date.year())
                .or_default()
                .entry(d.asset(trades).clone())
                .or_default() += g;
        }
        charts
    }
}

/// What an import produced.
pub struct ImportOutcome {
    /// The inputs after the merge; `None` when nothing was added.
    pub merged: Option<Inputs>,
    /// Trades added.
    pub added_trades: usize,
    /// Files that loaded.
    pub loaded: Vec<PathBuf>,
    /// Their contents, to embed in the case.
    pub sources: Vec<salyq_core::case::EmbeddedSource>,
    /// Files read but too large to embed in the case.
    pub not_embedded: Vec<String>,
    /// Problems of the files that did not.
    pub errors: Vec<InputError>,
    /// True when the user cancelled: nothing changes.
    pub cancelled: bool,
}

/// A file dialog's purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// The disposals CSV.
    Disposals,
    /// The yearly summary CSV.
    Summary,
    /// The figures of the form draft (CSV).
    FormFigures,
    /// The disposals behind each figure (CSV).
    FormDetail,
    /// The rows of 270.04 section B (CSV).
    ForeignAssets,
    /// The experimental 270.00 XML.
    FormXml,
    /// The printable report (HTML).
    FormHtml,
}

impl ExportKind {
    /// The file-dialog filter: its name and extension.
    pub fn filter(self) -> (&'static str, &'static str) {
        match self {
            ExportKind::FormXml => ("XML", "xml"),
            ExportKind::FormHtml => ("HTML", "html"),
            _ => ("CSV", "csv"),
        }
    }
}

/// A message from a job to the window.
pub enum Msg {
    /// A computation finished.
    Computed {
        /// Which request it answers.
        generation: u64,
        /// The figures, or why there are none.
        result: Result<Box<Computed>, InputErrors>,
    },
    /// An import finished.
    Imported(Box<ImportOutcome>),
    /// The user picked files to import.
    Picked(FileRole, Vec<PathBuf>),
    /// An export finished: the path written, or the path and the error.
    Exported(Result<PathBuf, (PathBuf, String)>),
    /// A case was saved (or autosaved): the path and the change count saved, or the error.
    CaseSaved(CaseSaved),
    /// A case was opened and its sources read, or why not.
    CaseOpened(Box<Result<OpenedCase, (PathBuf, String)>>),
    /// The user picked a case file to open.
    PickedCase(PathBuf),
    /// The system's file dialog is missing: ask this in the window.
    Ask(Box<super::file_dialog::Ask>),
    /// The case's sources were read again (a file's time zone given): the inputs, or why not;
    /// with the file and the zone.
    Reread(Box<(Result<Inputs, InputErrors>, String, chrono::FixedOffset)>),
}

/// The outcome of a case save.
#[derive(Debug)]
pub struct CaseSaved {
    /// Where.
    pub path: PathBuf,
    /// The state's change count when the save began.
    pub changes: u64,
    /// True for the recovery copy, not the case file itself.
    pub autosave: bool,
    /// The error, if it failed.
    pub error: Option<String>,
    /// The file as written (to find a change made meanwhile by another program).
    pub stamp: Option<salyq_core::case::FileStamp>,
}

/// What a save or an export must not overwrite: the files loaded, the case file (each with
/// what it is, in words), and the case file's stamp when it was last read or written here.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    /// Files an output must not be.
    pub protected: Vec<(PathBuf, String)>,
    /// The case file and its stamp: a save there checks that nobody changed it meanwhile.
    pub stamp: Option<(PathBuf, salyq_core::case::FileStamp)>,
}

impl Guard {
    /// Refuses outputs that are protected files or one another ([`salyq_core::output_guard`]).
    pub fn check(&self, outputs: &[(&std::path::Path, &str)]) -> Result<(), String> {
        let protected: Vec<(&std::path::Path, &str)> = self
            .protected
            .iter()
            .map(|(p, what)| (p.as_path(), what.as_str()))
            .collect();
        salyq_core::output_guard::check(outputs, &protected).map_err(|e| e.to_string())
    }

    /// The stamp to check a save to `path` against, when `path` is the case file.
    fn stamp_for(&self, path: &std::path::Path) -> Option<&salyq_core::case::FileStamp> {
        self.stamp
            .as_ref()
            .filter(|(p, _)| salyq_core::output_guard::same_file(p, path))
            .map(|(_, s)| s)
    }
}

/// What a review pack is made of.
pub struct PackJob {
    /// The case as it would be saved.
    pub case: salyq_core::case::Case,
    /// Its figures (effective inputs and computation).
    pub computed: Arc<Computed>,
    /// The tax year.
    pub year: i32,
    /// CSV style.
    pub style: salyq_core::export::CsvStyle,
    /// The folder's name when one is picked.
    pub folder_name: String,
    /// What the pack must not overwrite.
    pub guard: Guard,
}

/// A case read from its file, with its sources imported.
pub struct OpenedCase {
    /// The file.
    pub path: PathBuf,
    /// The file it should be saved to (differs from `path` when a recovery copy was opened).
    pub save_to: PathBuf,
    /// The case.
    pub case: salyq_core::case::Case,
    /// Its sources, read.
    pub inputs: Inputs,
    /// The stamp of `save_to` when it was read.
    pub stamp: Option<salyq_core::case::FileStamp>,
}

/// A running import, for the progress bar.
pub struct ImportTask {
    /// Bytes read and the cancel flag.
    pub progress: Arc<Progress>,
    /// Bytes of all its files.
    pub total: u64,
    /// Index of the file being read (0-based).
    pub current: Arc<AtomicUsize>,
    /// The files' names.
    pub names: Vec<String>,
}

/// A request to compute.
struct ComputeRequest {
    generation: u64,
    inputs: Arc<Inputs>,
    inputs_version: u64,
    settings: Settings,
}

#[derive(Default)]
struct Slot {
    request: Mutex<Option<ComputeRequest>>,
    wake: Condvar,
    shutdown: AtomicBool,
}

/// Runs jobs and hands their results back through a channel.
pub struct Worker {
    mode: Mode,
    tx: Sender<Msg>,
    rx: Receiver<Msg>,
    slot: Arc<Slot>,
    compute_thread: bool,
    ctx: Option<egui::Context>,
    /// The window's language, for the words of the dialogs the worker asks (file filters).
    lang: Lang,
}

impl Worker {
    /// A worker running jobs in `mode`.
    pub fn new(mode: Mode) -> Worker {
        let (tx, rx) = channel();
        Worker {
            mode,
            tx,
            rx,
            slot: Arc::default(),
            compute_thread: false,
            ctx: None,
            lang: Lang::default(),
        }
    }

    /// Sets the language of the dialogs the worker asks.
    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    /// The file filter of case files, in the window's language.
    fn case_filter(&self) -> Vec<(String, Vec<String>)> {
        vec![(
            self.lang.t(Text::FileDialogCaseFiles).to_string(),
            vec!["salyq".into()],
        )]
    }

    /// Where jobs run.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Remembers the context to wake when a job finishes.
    pub fn set_context(&mut self, ctx: &egui::Context) {
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
        }
    }

    /// The next finished job's message, if any.
    pub fn poll(&self) -> Option<Msg> {
        self.rx.try_recv().ok()
    }

    /// Computes `inputs` under `settings`; a newer request replaces one not yet started.
    pub fn compute(&mut self, generation: u64, inputs: Arc<Inputs>, inputs_version: u64, settings: Settings) {
        let request = ComputeRequest {
            generation,
            inputs,
            inputs_version,
            settings,
        };
        if self.mode == Mode::Inline {
            let _ = self.tx.send(run_compute(request));
            self.wake();
            return;
        }
        if !self.compute_thread {
            self.compute_thread = true;
            let (slot, tx, ctx) = (self.slot.clone(), self.tx.clone(), self.ctx.clone());
            // The compute thread lives as long as the worker: its results go through the slot.
            let started = crate::background::spawn("salyq-compute", None, move || {
                compute_loop(&slot, &tx, ctx.as_ref())
            });
            if let Err(e) = started {
                eprintln!("salyq: cannot start the compute thread: {e}");
            }
        }
        if let Ok(mut r) = self.slot.request.lock() {
            *r = Some(request);
        }
        self.slot.wake.notify_one();
    }

    /// Reads `files` into fresh inputs, then merges them into a copy of `base`.
    /// Files whose header a saved column mapping matches are read with it.
    pub fn import(
        &mut self,
        files: Vec<(PathBuf, FileRole)>,
        base: Arc<Inputs>,
        mappings: Vec<Mapping>,
    ) -> ImportTask {
        let names = import::display_names(files.iter().map(|(p, _)| p.as_path()));
        let total = files
            .iter()
            .map(|(p, _)| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
            .sum();
        let task = ImportTask {
            progress: Arc::default(),
            total,
            current: Arc::default(),
            names: names.clone(),
        };
        let (progress, current, tx, ctx) = (
            task.progress.clone(),
            task.current.clone(),
            self.tx.clone(),
            self.ctx.clone(),
        );
        let job = move || {
            let outcome = run_import(&files, &names, base, &mappings, &progress, &current);
            let _ = tx.send(Msg::Imported(Box::new(outcome)));
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        };
        self.spawn("salyq-import", job);
        task
    }

    /// Asks for files to import.
    pub fn pick_files(&mut self, role: FileRole, dir: Option<PathBuf>, title: String) {
        let (tx, ctx) = (self.tx.clone(), self.ctx.clone());
        self.ask(Ask {
            kind: AskKind::OpenFiles,
            title,
            dir,
            file_name: None,
            filters: vec![("CSV".into(), vec!["csv".into(), "txt".into()])],
            then: Box::new(move |paths| {
                if let Some(paths) = paths {
                    let _ = tx.send(Msg::Picked(role, paths));
                    if let Some(ctx) = ctx {
                        ctx.request_repaint();
                    }
                }
            }),
        });
    }

    /// Asks `ask` with the system's dialog, or in the window when there is none (always in
    /// [`Mode::Inline`]); its answer is then carried out off the window's thread.
    pub fn ask(&mut self, ask: Ask) {
        if self.mode == Mode::Inline {
            let _ = self.tx.send(Msg::Ask(Box::new(ask)));
            self.wake();
            return;
        }
        let (tx, ctx) = (self.tx.clone(), self.ctx.clone());
        self.spawn("salyq-dialog", move || {
            if super::file_dialog::system_dialog_available() {
                let start = std::time::Instant::now();
                let answer = ask.ask_system();
                if answer.is_some() || start.elapsed() >= super::file_dialog::INSTANT {
                    (ask.then)(answer);
                    return;
                }
                // Back at once with nothing: no dialog was shown.
                super::file_dialog::use_in_app();
            }
            let _ = tx.send(Msg::Ask(Box::new(ask)));
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
    }

    /// Carries out the answer of a dialog drawn in the window, off the window's thread.
    pub fn answer(&mut self, answer: Option<Vec<PathBuf>>, then: super::file_dialog::Then) {
        self.spawn("salyq-answer", move || then(answer));
    }

    /// True when jobs run on threads (not at once, as in tests).
    pub fn is_threaded(&self) -> bool {
        self.mode == Mode::Threads
    }

    /// Saves a case (asking where first when `path` is `None`), off the window's thread.
    pub fn save_case(
        &mut self,
        mut case: salyq_core::case::Case,
        path: Option<PathBuf>,
        dir: Option<PathBuf>,
        changes: u64,
        autosave: bool,
        guard: Guard,
    ) {
        let (tx, ctx) = (self.tx.clone(), self.ctx.clone());
        let proposed = default_case_name(&case);
        let case_filter = self.case_filter();
        let save = move |path: PathBuf| {
            // Never over a file loaded, and never over a change another Salyq saved meanwhile.
            let result = guard.check(&[(&path, "the case file")]).and_then(|()| {
                salyq_core::case::save_unless_changed(&mut case, &path, guard.stamp_for(&path))
                    .map_err(|e| e.to_string())
            });
            let (stamp, error) = match result {
                Ok(stamp) => (stamp, None),
                Err(e) => (None, Some(e)),
            };
            let _ = tx.send(Msg::CaseSaved(CaseSaved {
                path,
                changes,
                autosave,
                error,
                stamp,
            }));
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        };
        match path {
            Some(p) => self.spawn("salyq-save", move || save(p)),
            None => self.ask(Ask {
                kind: AskKind::SaveFile,
                title: String::new(),
                dir,
                file_name: Some(proposed),
                filters: case_filter,
                then: Box::new(move |paths| {
                    if let Some(p) = paths.and_then(|p| p.into_iter().next()) {
                        save(p);
                    }
                }),
            }),
        }
    }

    /// Opens a case file and reads its sources, off the window's thread. `save_to` is where the
    /// case belongs (the original file when `path` is its recovery copy).
    pub fn open_case(&mut self, path: PathBuf, save_to: PathBuf) {
        let (tx, ctx) = (self.tx.clone(), self.ctx.clone());
        self.spawn("salyq-open", move || {
            let stamp = salyq_core::case::stamp(&save_to);
            let result = salyq_core::case::open(&path)
                .map_err(|e| e.to_string())
                .and_then(|case| {
                    let inputs = case
                        .inputs()
                        .map_err(|e| e.0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))?;
                    Ok(OpenedCase {
                        path: path.clone(),
                        save_to,
                        case,
                        inputs,
                        stamp,
                    })
                })
                .map_err(|e| (path.clone(), e));
            let _ = tx.send(Msg::CaseOpened(Box::new(result)));
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
    }

    /// Reads the sources of `case` again (after `file` was given the time zone `zone`), off
    /// the window's thread.
    pub fn reread(&mut self, case: salyq_core::case::Case, file: String, zone: chrono::FixedOffset) {
        let (tx, ctx) = (self.tx.clone(), self.ctx.clone());
        self.spawn("salyq-reread", move || {
            let _ = tx.send(Msg::Reread(Box::new((case.inputs(), file, zone))));
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
    }

    /// Asks for a case file to open.
    pub fn pick_case(&mut self, dir: Option<PathBuf>) {
        let (tx, ctx) = (self.tx.clone(), self.ctx.clone());
        self.ask(Ask {
            kind: AskKind::OpenFile,
            title: String::new(),
            dir,
            file_name: None,
            filters: self.case_filter(),
            then: Box::new(move |paths| {
                if let Some(path) = paths.and_then(|p| p.into_iter().next()) {
                    let _ = tx.send(Msg::PickedCase(path));
                    if let Some(ctx) = ctx {
                        ctx.request_repaint();
                    }
                }
            }),
        });
    }

    /// Writes the review pack of `year` into a folder (asked for when `dir` is `None`: a folder
    /// named `folder_name` is made inside the one picked).
    pub fn export_pack(&mut self, job: PackJob, dir: Option<PathBuf>, start: Option<PathBuf>) {
        let (tx, ctx) = (self.tx.clone(), self.ctx.clone());
        let folder_name = job.folder_name.clone();
        let write = move |dir: PathBuf| {
            let c = &job.computed;
            let files: Vec<PathBuf> = salyq_core::case::pack::PACK_FILES
                .iter()
                .map(|(n, _)| dir.join(n))
                .collect();
            let outputs: Vec<(&std::path::Path, &str)> = files
                .iter()
                .map(|p| (p.as_path(), "a file of the review pack"))
                .collect();
            let paths: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
            let refused = job.guard.check(&outputs).err().or_else(|| {
                salyq_core::output_guard::check_embedded(&paths, &job.case.sources)
                    .err()
                    .map(|e| e.to_string())
            });
            if let Some(e) = refused {
                let _ = tx.send(Msg::Exported(Err((dir, e))));
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
                return;
            }
            let result = salyq_core::case::pack::write_pack_computed(
                &job.case,
                &c.inputs,
                &c.computation,
                job.year,
                &dir,
                job.style,
            )
            .map(|_| dir.clone())
            .map_err(|e| (dir.clone(), e.to_string()));
            let _ = tx.send(Msg::Exported(result));
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        };
        match dir {
            Some(d) => self.spawn("salyq-pack", move || write(d)),
            None => self.ask(Ask {
                kind: AskKind::PickFolder,
                title: String::new(),
                dir: start,
                file_name: None,
                filters: Vec::new(),
                then: Box::new(move |paths| {
                    if let Some(parent) = paths.and_then(|p| p.into_iter().next()) {
                        write(parent.join(&folder_name));
                    }
                }),
            }),
        }
    }

    /// Asks where to save, then writes the file with `write` (atomically).
    pub fn export(
        &mut self,
        file_name: String,
        filter: (&'static str, &'static str),
        dir: Option<PathBuf>,
        guard: Guard,
        write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()> + Send + 'static,
    ) {
        let (tx, ctx) = (self.tx.clone(), self.ctx.clone());
        self.ask(Ask {
            kind: AskKind::SaveFile,
            title: file_name.clone(),
            dir,
            file_name: Some(file_name),
            filters: vec![(filter.0.into(), vec![filter.1.into()])],
            then: Box::new(move |paths| {
                if let Some(path) = paths.and_then(|p| p.into_iter().next()) {
                    let result = match guard.check(&[(&path, "the export")]) {
                        Err(e) => Err((path, e)),
                        Ok(()) => salyq_core::export::write_atomic(&path, write)
                            .map(|_| path.clone())
                            .map_err(|e| (path, e.to_string())),
                    };
                    let _ = tx.send(Msg::Exported(result));
                    if let Some(ctx) = ctx {
                        ctx.request_repaint();
                    }
                }
            }),
        });
    }

    fn spawn(&self, name: &str, job: impl FnOnce() + Send + 'static) {
        if self.mode == Mode::Inline {
            job();
            self.wake();
            return;
        }
        if let Err(e) = crate::background::spawn(name, None, job) {
            eprintln!("salyq: cannot start a thread: {e}");
        }
    }

    fn wake(&self) {
        if let Some(ctx) = &self.ctx {
            ctx.request_repaint();
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.slot.shutdown.store(true, Ordering::Relaxed);
        self.slot.wake.notify_all();
    }
}

fn compute_loop(slot: &Slot, tx: &Sender<Msg>, ctx: Option<&egui::Context>) {
    loop {
        let request = {
            let Ok(mut guard) = slot.request.lock() else {
                return;
            };
            loop {
                if slot.shutdown.load(Ordering::Relaxed) {
                    return;
                }
                if let Some(r) = guard.take() {
                    break r;
                }
                guard = match slot.wake.wait(guard) {
                    Ok(g) => g,
                    Err(_) => return,
                };
            }
        };
        if tx.send(run_compute(request)).is_err() {
            return;
        }
        if let Some(ctx) = ctx {
            ctx.request_repaint();
        }
    }
}

/// A taxpayer's name as a piece of a file name: letters, digits, spaces and `-` kept, trimmed.
pub fn file_safe(name: &str) -> String {
    let kept: String = name
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-')
        .collect();
    kept.trim().to_string()
}

/// A file name for a new case: the taxpayer's name, else `case.salyq`.
fn default_case_name(case: &salyq_core::case::Case) -> String {
    let name = file_safe(&case.taxpayer.name);
    if name.is_empty() {
        "case.salyq".into()
    } else {
        format!("{name}.salyq")
    }
}

fn run_compute(r: ComputeRequest) -> Msg {
    // Overrides that exclude trades or enter purchases make other inputs: the computation's
    // indices refer to them, so they travel with it.
    let result = engine::compute_effective(&r.inputs, &r.settings).map(|(applied, computation)| {
        let (inputs, raw_index) = match applied {
            None => (r.inputs, None),
            Some(a) => (Arc::new(a.inputs), Some(Arc::new(a.loaded_index))),
        };
        Box::new(Computed {
            generation: r.generation,
            charts: Charts::of(&computation, &inputs.trades),
            inputs,
            raw_index,
            inputs_version: r.inputs_version,
            settings: r.settings,
            computation,
        })
    });
    Msg::Computed {
        generation: r.generation,
        result,
    }
}

/// Reads each file into one fresh `Inputs` (a failing file adds nothing and the others still
/// load), then merges the fresh inputs into a copy of `base`.
pub fn run_import(
    files: &[(PathBuf, FileRole)],
    names: &[String],
    base: Arc<Inputs>,
    mappings: &[Mapping],
    progress: &Progress,
    current: &AtomicUsize,
) -> ImportOutcome {
    let mut fresh = Inputs::default();
    fresh.mappings = mappings.to_vec();
    let mut errors = Vec::new();
    let mut loaded = Vec::new();
    let mut sources = Vec::new();
    let mut not_embedded = Vec::new();
    for (i, ((path, role), name)) in files.iter().zip(names).enumerate() {
        current.store(i, Ordering::Relaxed);
        // A file the case can hold is read whole (its bytes go into the case); a larger one is
        // streamed, so memory grows with the trades kept, and the case lists it as not embedded.
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if size > salyq_core::case::EMBED_LIMIT {
            match fresh.add_file_with_progress(path, name, *role, progress) {
                Ok(()) if !progress.is_cancelled() => {
                    loaded.push(path.clone());
                    not_embedded.push(name.clone());
                }
                Ok(()) => {}
                Err(mut e) => errors.append(&mut e),
            }
        } else {
            let bytes = match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => {
                    errors.push(InputError::file(
                        name,
                        salyq_core::error::Problem::CannotOpen(e.to_string()),
                    ));
                    continue;
                }
            };
            let reports = fresh.reports.len();
            let reader = salyq_core::import::progress::ProgressReader::new(bytes.as_slice(), progress);
            match fresh.add_reader(reader, name, *role) {
                Ok(()) if !progress.is_cancelled() => {
                    loaded.push(path.clone());
                    // A table read as Auto is named a rate table (the fresh inputs hold every
                    // file's tables together).
                    let read_rates = *role != FileRole::Prices;
                    let format = salyq_core::case::format_of(fresh.reports.get(reports), *role, read_rates);
                    let role = salyq_core::case::SourceRole::of(*role);
                    sources.push(salyq_core::case::EmbeddedSource::new(
                        name,
                        bytes,
                        role,
                        &format,
                        chrono::Utc::now(),
                    ));
                }
                Ok(()) => {}
                Err(mut e) => errors.append(&mut e),
            }
        }
        if progress.is_cancelled() {
            return ImportOutcome {
                merged: None,
                added_trades: 0,
                loaded: Vec::new(),
                sources: Vec::new(),
                not_embedded: Vec::new(),
                errors: Vec::new(),
                cancelled: true,
            };
        }
    }
    if loaded.is_empty() {
        return ImportOutcome {
            merged: None,
            added_trades: 0,
            loaded,
            sources: Vec::new(),
            not_embedded: Vec::new(),
            errors,
            cancelled: false,
        };
    }
    let before = base.trades.len();
    let mut merged = Arc::unwrap_or_clone(base);
    match merged.merge(fresh) {
        Ok(()) => ImportOutcome {
            added_trades: merged.trades.len().saturating_sub(before),
            merged: Some(merged),
            loaded,
            sources,
            not_embedded,
            errors,
            cancelled: false,
        },
        Err(mut e) => {
            errors.append(&mut e.0);
            ImportOutcome {
                merged: None,
                added_trades: 0,
                loaded: Vec::new(),
                sources: Vec::new(),
                not_embedded: Vec::new(),
                errors,
                cancelled: false,
            }
        }
    }
}
