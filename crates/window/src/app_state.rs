//! What the window holds: the loaded inputs, the settings with their undo history, the latest
//! figures, the problems to show, and the running import. Changes go through methods that keep
//! them consistent and ask the worker to recompute.

use super::worker::{Computed, ImportOutcome, ImportTask, Msg, Worker};
use salyq_core::case::Case;
use salyq_core::error::InputError;
use salyq_core::import::mapping::Mapping;
use salyq_core::import::{FileRole, Inputs};
use salyq_core::settings::Settings;
use std::path::PathBuf;
use std::sync::Arc;

/// How many settings changes can be undone.
pub const UNDO_DEPTH: usize = 50;

/// The bundled sample: trades, official rates and prices (made-up figures), each with the role
/// its case source is embedded as.
pub const SAMPLE: [(&str, FileRole, &str); 3] = [
    (
        "trades.csv",
        FileRole::Auto,
        include_str!("../../../sample_data/trades.csv"),
    ),
    (
        "rates.csv",
        FileRole::Rates,
        include_str!("../../../sample_data/rates.csv"),
    ),
    (
        "prices.csv",
        FileRole::Prices,
        include_str!("../../../sample_data/prices.csv"),
    ),
];

/// The folder of recovery copies: `SALYQ_RECOVERY_DIR` when set, else the user's data folder
/// (`$XDG_DATA_HOME/salyq/recovery`, `~/.local/share/salyq/recovery`; `%APPDATA%\salyq\recovery`
/// on Windows, `~/Library/Application Support/salyq/recovery` on macOS) — never beside the
/// user's files. The system's temporary folder when none of these is known.
pub fn default_recovery_dir() -> PathBuf {
    let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(d) = env("SALYQ_RECOVERY_DIR") {
        return d;
    }
    let base = if cfg!(windows) {
        env("APPDATA")
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| h.join("Library/Application Support"))
    } else {
        env("XDG_DATA_HOME").or_else(|| env("HOME").map(|h| h.join(".local/share")))
    };
    base.unwrap_or_else(std::env::temp_dir)
        .join("salyq")
        .join("recovery")
}

/// The recovery copy of a case file in the folder `dir`: `client.salyq` →
/// `client-1a2b3c4d.salyq.autosave` (the digits tell apart cases of the same name in different
/// folders); `None` (a case never saved): `untitled.salyq.autosave`.
pub fn recovery_path_in(dir: &std::path::Path, case: Option<&std::path::Path>) -> PathBuf {
    use sha2::Digest;
    let Some(case) = case else {
        return dir.join("untitled.salyq.autosave");
    };
    let full = std::path::absolute(case).unwrap_or_else(|_| case.to_path_buf());
    let digest = sha2::Sha256::digest(full.as_os_str().as_encoded_bytes());
    let tag: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let stem = case
        .file_stem()
        .map_or_else(|| "case".to_string(), |s| s.to_string_lossy().into_owned());
    dir.join(format!("{stem}-{tag}.salyq.autosave"))
}

/// The recovery copy of a case file in [`default_recovery_dir`].
pub fn recovery_path(case: &std::path::Path) -> PathBuf {
    recovery_path_in(&default_recovery_dir(), Some(case))
}

/// Where the problems shown came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemSource {
    /// Files that could not be imported.
    Import,
    /// Inputs that cannot be computed.
    Compute,
}

/// Something to tell the user in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// An import added this many trades.
    Imported(usize),
    /// The import was cancelled.
    ImportCancelled,
    /// The sample was dropped for the user's files.
    SampleReplaced(usize),
    /// A file was written.
    Exported(PathBuf),
    /// A file could not be written.
    ExportFailed(PathBuf, String),
    /// Undo had nothing to undo.
    NothingToUndo,
    /// The case was saved here.
    CaseSaved(PathBuf),
    /// The case was saved here, without these files (too large to embed).
    CaseSavedWithout(PathBuf, String),
    /// The case could not be saved.
    CaseSaveFailed(PathBuf, String),
    /// The case was opened from here.
    CaseOpened(PathBuf),
    /// The case could not be opened (the file was not changed).
    CaseOpenFailed(PathBuf, String),
    /// A file is read at the time zone the user gave (the file, the zone).
    FileZoneSet(String, chrono::FixedOffset),
    /// A file the case does not hold (too large to embed) cannot be read again at a zone.
    FileZoneNotKept(String),
}

/// The window's data.
pub struct AppState {
    /// Everything loaded.
    pub inputs: Arc<Inputs>,
    /// Bumped whenever `inputs` changes.
    pub inputs_version: u64,
    /// True while the inputs are the bundled sample.
    pub is_sample: bool,
    /// The settings in force.
    pub settings: Settings,
    /// Settings to go back to, with the change counts before and after the step (undoing it
    /// when nothing else changed since returns to the count before: back to the saved state is
    /// no unsaved change).
    undo: Vec<(Settings, u64, u64)>,
    redo: Vec<(Settings, u64, u64)>,
    /// The highest change count given out (counts are never given twice).
    last_change: u64,
    /// Generation of the latest computation asked for.
    pub generation: u64,
    /// The latest figures (possibly of an older generation while a computation runs).
    pub computed: Option<Arc<Computed>>,
    /// Problems to show, and where they came from.
    pub problems: Vec<InputError>,
    /// Where the problems came from.
    pub problem_source: ProblemSource,
    /// The import running, if any.
    pub import: Option<ImportTask>,
    /// Files imported successfully, newest last (for the recent-files list).
    pub imported: Vec<PathBuf>,
    /// The latest notice.
    pub notice: Option<Notice>,
    /// File dialogs to draw in the window (the system's is missing), oldest first.
    pub asks: Vec<super::file_dialog::Ask>,
    /// Runs the jobs.
    pub worker: Worker,
    /// Saved column mappings, used by every import (kept equal to the prefs' by the window).
    pub mappings: Vec<Mapping>,
    /// The files of the latest import by the names its problems give them.
    pub last_import: Vec<(String, PathBuf)>,
    /// The case: taxpayer, embedded sources, notes, reviews (its settings are `settings`).
    pub case: Case,
    /// The case's file, once saved or opened.
    pub case_path: Option<PathBuf>,
    /// Counts every change to the case; compared with `saved_changes` for unsaved changes.
    pub changes: u64,
    /// The change count last saved.
    pub saved_changes: u64,
    /// A recovery copy newer than the case file just opened: (copy, case file).
    pub recovery: Option<(PathBuf, PathBuf)>,
    /// Where recovery copies are kept ([`default_recovery_dir`]).
    pub recovery_dir: PathBuf,
    /// The venues of the inputs, for the version they were read at.
    venues_cache: std::sync::Mutex<Option<(u64, Vec<String>)>>,
    /// Cases saved or opened since the window last looked.
    pub case_events: Vec<CaseEvent>,
    /// Files loaded but too large to embed in the case (they are not in a saved case).
    pub not_embedded: Vec<String>,
    /// The files the inputs were loaded from (no save or export may overwrite them).
    pub input_paths: Vec<PathBuf>,
    /// The case file as last read or written here: a save refuses when another program
    /// changed it meanwhile.
    pub case_stamp: Option<salyq_core::case::FileStamp>,
    /// A save or export refused or failed: the file and why (shown in the problems panel).
    pub refused: Option<(PathBuf, String)>,
}

/// A case file saved or opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseEvent {
    /// Saved here.
    Saved(PathBuf),
    /// Opened from here.
    Opened(PathBuf),
}

impl AppState {
    /// The venues named by the loaded trades, sorted, each once.
    pub fn venues(&self) -> Vec<String> {
        // Read once per version of the inputs: the Settings tab asks every frame.
        if let Ok(cache) = self.venues_cache.lock()
            && let Some((version, v)) = &*cache
            && *version == self.inputs_version
        {
            return v.clone();
        }
        let set: std::collections::BTreeSet<&str> = self
            .inputs
            .trades
            .iter()
            .filter_map(|t| t.exchange.as_deref())
            .collect();
        let v: Vec<String> = set.into_iter().map(str::to_string).collect();
        if let Ok(mut cache) = self.venues_cache.lock() {
            *cache = Some((self.inputs_version, v.clone()));
        }
        v
    }

    /// Empty state with the default settings.
    pub fn new(worker: Worker) -> AppState {
        // Jobs run at once only in tests: their copies never touch the user's folder.
        let recovery_dir = if worker.mode() == super::worker::Mode::Inline {
            std::env::temp_dir().join(format!("salyq-recovery-{}", std::process::id()))
        } else {
            default_recovery_dir()
        };
        AppState {
            inputs: Arc::default(),
            inputs_version: 0,
            is_sample: false,
            settings: Settings::default(),
            undo: Vec::new(),
            redo: Vec::new(),
            last_change: 0,
            generation: 0,
            computed: None,
            problems: Vec::new(),
            problem_source: ProblemSource::Import,
            import: None,
            imported: Vec::new(),
            notice: None,
            asks: Vec::new(),
            worker,
            mappings: Vec::new(),
            last_import: Vec::new(),
            case: Case::default(),
            case_path: None,
            changes: 0,
            saved_changes: 0,
            recovery: None,
            recovery_dir,
            venues_cache: std::sync::Mutex::new(None),
            case_events: Vec::new(),
            not_embedded: Vec::new(),
            input_paths: Vec::new(),
            case_stamp: None,
            refused: None,
        }
    }

    /// What a save of the case must not overwrite: the files loaded; with the case file's
    /// stamp.
    pub fn guard(&self) -> super::worker::Guard {
        let protected: Vec<(PathBuf, String)> = self
            .input_paths
            .iter()
            .map(|p| (p.clone(), "a file loaded into the window".to_string()))
            .collect();
        super::worker::Guard {
            protected,
            stamp: self.case_path.clone().zip(self.case_stamp.clone()),
        }
    }

    /// As [`AppState::guard`], with the case file and its autosaved copy protected too (for
    /// exports).
    pub fn export_guard(&self) -> super::worker::Guard {
        let mut g = self.guard();
        if let Some(p) = &self.case_path {
            g.protected.push((p.clone(), "the case file".into()));
            g.protected
                .push((self.recovery_of(Some(p)), "the case's autosaved copy".into()));
        }
        g
    }

    /// True when the case has changes not saved to its file.
    pub fn is_dirty(&self) -> bool {
        self.changes != self.saved_changes
    }

    /// Records a change to the case.
    pub fn touch(&mut self) {
        self.last_change = self.last_change.max(self.changes) + 1;
        self.changes = self.last_change;
    }

    /// The case with the settings and mappings in force, as it would be saved.
    pub fn case_to_save(&self) -> Case {
        let mut c = self.case.clone();
        c.settings = self.settings.clone();
        c.mappings = self.mappings.clone();
        c
    }

    /// Saves the case to its file (`save_as` or no file yet: asks where).
    pub fn save_case(&mut self, save_as: Option<PathBuf>, dir: Option<PathBuf>) {
        let path = save_as.or_else(|| self.case_path.clone());
        let case = self.case_to_save();
        let guard = self.guard();
        self.worker.save_case(case, path, dir, self.changes, false, guard);
    }

    /// The recovery copy of `case` (`None`: the case never saved) in [`AppState::recovery_dir`].
    pub fn recovery_of(&self, case: Option<&std::path::Path>) -> PathBuf {
        recovery_path_in(&self.recovery_dir, case)
    }

    /// Removes the recovery copy of the case shown (on "Don't save", after a save).
    pub fn drop_recovery(&self) {
        let _ = std::fs::remove_file(self.recovery_of(self.case_path.as_deref()));
    }

    /// Writes the recovery copy of the case into the recovery folder (made when missing).
    pub fn autosave(&mut self) {
        let path = self.recovery_of(self.case_path.as_deref());
        if let Err(e) = std::fs::create_dir_all(&self.recovery_dir) {
            eprintln!(
                "salyq: cannot make the recovery folder {}: {e}",
                self.recovery_dir.display()
            );
            return;
        }
        let case = self.case_to_save();
        let mut guard = self.guard();
        guard.stamp = None;
        if let Some(p) = &self.case_path {
            guard.protected.push((p.clone(), "the case file".into()));
        }
        self.worker
            .save_case(case, Some(path), None, self.changes, true, guard);
    }

    /// Reads `file` again at the time zone `zone` (the answer to a "does not say its time zone"
    /// warning): the case keeps the zone with the file, and its sources are read again off the
    /// window's thread. A file too large to be kept in the case cannot be read again here.
    pub fn set_file_zone(&mut self, file: &str, zone: chrono::FixedOffset) {
        let kept = self.not_embedded.is_empty() && self.case.sources.iter().any(|s| s.name == file);
        if !kept {
            self.notice = Some(Notice::FileZoneNotKept(file.to_string()));
            return;
        }
        for s in self.case.sources.iter_mut().filter(|s| s.name == file) {
            s.tz = Some(zone);
        }
        self.touch();
        self.worker.reread(self.case.clone(), file.to_string(), zone);
    }

    /// Opens a case file (its recovery copy first, when one is newer: the user is asked).
    pub fn open_case(&mut self, path: PathBuf) {
        let copy = self.recovery_of(Some(&path));
        let newer = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        if let (Some(c), Some(f)) = (newer(&copy), newer(&path))
            && c > f
        {
            self.recovery = Some((copy, path));
            return;
        }
        self.worker.open_case(path.clone(), path);
    }

    /// Answers the recovery question: open the recovery copy, or drop it and open the file.
    pub fn recover(&mut self, use_copy: bool) {
        let Some((copy, path)) = self.recovery.take() else {
            return;
        };
        if use_copy {
            self.worker.open_case(copy, path);
        } else {
            let _ = std::fs::remove_file(&copy);
            self.worker.open_case(path.clone(), path);
        }
    }

    /// Starts a new, empty case.
    pub fn new_case(&mut self) {
        self.not_embedded.clear();
        self.case = Case::default();
        self.case_path = None;
        self.case_stamp = None;
        self.input_paths.clear();
        self.settings = Settings::default();
        self.undo.clear();
        self.redo.clear();
        self.set_inputs(Inputs::default());
        self.computed = None;
        self.changes += 1;
        self.saved_changes = self.changes;
    }

    /// The bundled sample as inputs.
    pub fn sample_inputs() -> Inputs {
        let mut inputs = Inputs::default();
        for (name, _, text) in SAMPLE {
            if let Err(e) = inputs.add_reader(text.as_bytes(), name, FileRole::Auto) {
                // The sample is tested; a failure here is a bug, shown rather than hidden.
                eprintln!("salyq: the bundled sample does not load: {e:?}");
            }
        }
        inputs.drop_duplicates();
        inputs
    }

    /// Replaces the inputs with the sample and computes.
    pub fn load_sample(&mut self) {
        self.not_embedded.clear();
        self.set_inputs(Self::sample_inputs());
        self.is_sample = true;
        let now = chrono::Utc::now();
        self.case = Case::new(now);
        self.case_path = None;
        for (name, role, text) in SAMPLE {
            // The sample is tested; a failure here is a bug, shown rather than hidden.
            if let Err(e) = self.case.import(name, text.as_bytes().to_vec(), role, now) {
                eprintln!("salyq: the bundled sample does not load: {e:?}");
            }
        }
        self.saved_changes = self.changes;
    }

    /// Replaces the inputs (and computes).
    pub fn set_inputs(&mut self, inputs: Inputs) {
        self.inputs = Arc::new(inputs);
        self.inputs_version += 1;
        self.is_sample = false;
        self.problems.clear();
        self.recompute();
    }

    /// Removes every input.
    pub fn clear(&mut self) {
        self.set_inputs(Inputs::default());
        self.computed = None;
    }

    /// Asks for the figures of the current inputs and settings.
    pub fn recompute(&mut self) {
        self.generation += 1;
        if self.inputs.trades.is_empty() {
            self.computed = None;
            return;
        }
        self.worker.compute(
            self.generation,
            self.inputs.clone(),
            self.inputs_version,
            self.settings.clone(),
        );
    }

    /// True while the figures shown are not those of the current inputs and settings.
    pub fn is_computing(&self) -> bool {
        !self.inputs.trades.is_empty()
            && self.problem_source != ProblemSource::Compute
            && self
                .computed
                .as_ref()
                .is_none_or(|c| c.generation != self.generation)
    }

    /// Puts new settings in force (undoable) and recomputes.
    pub fn apply_settings(&mut self, new: Settings) {
        let before = self.changes;
        self.touch();
        let old = std::mem::replace(&mut self.settings, new);
        self.undo.push((old, before, self.changes));
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.recompute();
    }

    /// Goes back to the settings before the last change.
    pub fn undo(&mut self) -> bool {
        let Some((prev, before, after)) = self.undo.pop() else {
            self.notice = Some(Notice::NothingToUndo);
            return false;
        };
        let now = self.changes;
        if now == after {
            self.changes = before; // the state before the step, saved or not
        } else {
            self.touch();
        }
        let undone = std::mem::replace(&mut self.settings, prev);
        self.redo.push((undone, now, self.changes));
        self.recompute();
        true
    }

    /// Reapplies the last undone change.
    pub fn redo(&mut self) -> bool {
        let Some((next, before_undo, after_undo)) = self.redo.pop() else {
            return false;
        };
        let now = self.changes;
        if now == after_undo {
            self.changes = before_undo;
        } else {
            self.touch();
        }
        let redone = std::mem::replace(&mut self.settings, next);
        self.undo.push((redone, now, self.changes));
        self.recompute();
        true
    }

    /// True when there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Starts importing `files` (unless an import runs already). The sample is replaced, not
    /// merged into; anything else loaded is kept.
    pub fn start_import(&mut self, files: Vec<(PathBuf, FileRole)>) {
        if self.import.is_some() || files.is_empty() {
            return;
        }
        let base = if self.is_sample {
            Arc::default()
        } else {
            self.inputs.clone()
        };
        let names = salyq_core::import::display_names(files.iter().map(|(p, _)| p.as_path()));
        self.last_import = names
            .into_iter()
            .zip(files.iter().map(|(p, _)| p.clone()))
            .collect();
        self.import = Some(self.worker.import(files, base, self.mappings.clone()));
    }

    /// Takes every finished job's result. Returns true when anything arrived.
    pub fn poll(&mut self) -> bool {
        let mut any = false;
        while let Some(msg) = self.worker.poll() {
            any = true;
            match msg {
                Msg::Computed { generation, result } => {
                    if generation != self.generation {
                        continue; // stale: a newer request is on its way
                    }
                    match result {
                        Ok(c) => {
                            self.computed = Some(Arc::from(c));
                            if self.problem_source == ProblemSource::Compute {
                                self.problems.clear();
                                self.problem_source = ProblemSource::Import;
                            }
                        }
                        Err(e) => {
                            self.computed = None;
                            self.problems = e.0;
                            self.problem_source = ProblemSource::Compute;
                        }
                    }
                }
                Msg::Imported(outcome) => self.finish_import(*outcome),
                Msg::Picked(role, paths) => {
                    self.start_import(paths.into_iter().map(|p| (p, role)).collect());
                }
                Msg::CaseSaved(saved) => self.finish_save(saved),
                Msg::CaseOpened(opened) => match *opened {
                    Ok(o) => self.finish_open(o),
                    Err((path, e)) => self.notice = Some(Notice::CaseOpenFailed(path, e)),
                },
                Msg::PickedCase(path) => self.open_case(path),
                Msg::Ask(ask) => self.asks.push(*ask),
                Msg::Reread(reread) => {
                    let (result, file, zone) = *reread;
                    match result {
                        Ok(inputs) => {
                            self.set_inputs(inputs);
                            self.notice = Some(Notice::FileZoneSet(file, zone));
                        }
                        Err(e) => {
                            self.problems = e.0;
                            self.problem_source = ProblemSource::Import;
                        }
                    }
                }
                Msg::Exported(Ok(path)) => {
                    self.refused = None;
                    self.notice = Some(Notice::Exported(path));
                }
                Msg::Exported(Err((path, e))) => {
                    self.refused = Some((path.clone(), e.clone()));
                    self.notice = Some(Notice::ExportFailed(path, e));
                }
            }
        }
        any
    }

    fn finish_save(&mut self, saved: super::worker::CaseSaved) {
        if saved.autosave {
            return; // a recovery copy: the case is still unsaved
        }
        match saved.error {
            Some(e) => {
                self.refused = Some((saved.path.clone(), e.clone()));
                self.notice = Some(Notice::CaseSaveFailed(saved.path, e));
            }
            None => {
                self.refused = None;
                self.case_stamp = saved.stamp;
                let _ = std::fs::remove_file(self.recovery_of(Some(&saved.path)));
                if self.case_path.is_none() {
                    // Saved for the first time: the untitled copy is not needed either.
                    let _ = std::fs::remove_file(self.recovery_of(None));
                }
                self.saved_changes = saved.changes;
                self.case.saved = Some((chrono::Utc::now(), format!("Salyq {}", env!("CARGO_PKG_VERSION"))));
                self.case_path = Some(saved.path.clone());
                self.case_events.push(CaseEvent::Saved(saved.path.clone()));
                self.notice = Some(if self.not_embedded.is_empty() {
                    Notice::CaseSaved(saved.path)
                } else {
                    Notice::CaseSavedWithout(saved.path, self.not_embedded.join(", "))
                });
            }
        }
    }

    fn finish_open(&mut self, o: super::worker::OpenedCase) {
        self.settings = o.case.settings.clone();
        self.mappings_from_case(&o.case);
        self.undo.clear();
        self.redo.clear();
        self.case = o.case;
        self.set_inputs(o.inputs);
        self.case_path = Some(o.save_to.clone());
        self.case_stamp = o.stamp;
        // The files are in the case now; where they came from is not known.
        self.input_paths.clear();
        self.changes += 1;
        // A recovery copy holds changes the case file lacks.
        self.saved_changes = if o.path == o.save_to {
            self.changes
        } else {
            self.changes - 1
        };
        self.case_events.push(CaseEvent::Opened(o.save_to));
        self.notice = Some(Notice::CaseOpened(o.path));
    }

    fn mappings_from_case(&mut self, case: &Case) {
        for m in &case.mappings {
            if !self.mappings.contains(m) {
                self.mappings.push(m.clone());
            }
        }
    }

    /// Applies a finished import, unless it was cancelled: a cancel that came after the last
    /// file was read, while the result was on its way, still leaves the inputs as they were.
    fn finish_import(&mut self, outcome: ImportOutcome) {
        let cancel_asked = self.import.take().is_some_and(|t| t.progress.is_cancelled());
        if outcome.cancelled || cancel_asked {
            self.notice = Some(Notice::ImportCancelled);
            return;
        }
        let was_sample = self.is_sample;
        if outcome.merged.is_some() {
            if was_sample {
                self.case.sources.clear();
            }
            self.not_embedded.extend(outcome.not_embedded);
            for src in outcome.sources {
                if !self
                    .case
                    .sources
                    .iter()
                    .any(|s| s.sha256 == src.sha256 && s.name == src.name)
                {
                    self.case.sources.push(src);
                }
            }
            self.touch();
        }
        if let Some(merged) = outcome.merged {
            self.set_inputs(merged);
            self.notice = Some(if was_sample {
                Notice::SampleReplaced(outcome.added_trades)
            } else {
                Notice::Imported(outcome.added_trades)
            });
        }
        self.input_paths.extend(outcome.loaded.iter().cloned());
        self.imported.extend(outcome.loaded);
        if !outcome.errors.is_empty() {
            self.problems = outcome.errors;
            self.problem_source = ProblemSource::Import;
        }
    }
}
