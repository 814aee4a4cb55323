//! What the window holds: the loaded inputs, the settings with their undo history, the latest
//! figures, the problems to show, and the running import. Changes go through methods that keep
//! them consistent and ask the worker to recompute.

use super::worker::{Computed, ImportOutcome, ImportTask, Msg, Worker};
use crate::error::InputError;
use crate::import::mapping::Mapping;
use crate::import::{FileRole, Inputs};
use crate::settings::Settings;
use std::path::PathBuf;
use std::sync::Arc;

/// How many settings changes can be undone.
pub const UNDO_DEPTH: usize = 50;

/// The bundled sample: trades, official rates and prices (made-up figures).
pub const SAMPLE: [(&str, &str); 3] = [
    ("trades.csv", include_str!("../../sample_data/trades.csv")),
    ("rates.csv", include_str!("../../sample_data/rates.csv")),
    ("prices.csv", include_str!("../../sample_data/prices.csv")),
];

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
    undo: Vec<Settings>,
    redo: Vec<Settings>,
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
    /// Runs the jobs.
    pub worker: Worker,
    /// Saved column mappings, used by every import (kept equal to the prefs' by the window).
    pub mappings: Vec<Mapping>,
    /// The files of the latest import by the names its problems give them.
    pub last_import: Vec<(String, PathBuf)>,
}

impl AppState {
    /// The venues named by the loaded trades, sorted, each once.
    pub fn venues(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .inputs
            .trades
            .iter()
            .filter_map(|t| t.exchange.as_deref().map(str::to_string))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Empty state with the default settings.
    pub fn new(worker: Worker) -> AppState {
        AppState {
            inputs: Arc::default(),
            inputs_version: 0,
            is_sample: false,
            settings: Settings::default(),
            undo: Vec::new(),
            redo: Vec::new(),
            generation: 0,
            computed: None,
            problems: Vec::new(),
            problem_source: ProblemSource::Import,
            import: None,
            imported: Vec::new(),
            notice: None,
            worker,
            mappings: Vec::new(),
            last_import: Vec::new(),
        }
    }

    /// The bundled sample as inputs.
    pub fn sample_inputs() -> Inputs {
        let mut inputs = Inputs::default();
        for (name, text) in SAMPLE {
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
        self.set_inputs(Self::sample_inputs());
        self.is_sample = true;
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
        let old = std::mem::replace(&mut self.settings, new);
        self.undo.push(old);
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.recompute();
    }

    /// Goes back to the settings before the last change.
    pub fn undo(&mut self) -> bool {
        let Some(prev) = self.undo.pop() else {
            self.notice = Some(Notice::NothingToUndo);
            return false;
        };
        self.redo.push(std::mem::replace(&mut self.settings, prev));
        self.recompute();
        true
    }

    /// Reapplies the last undone change.
    pub fn redo(&mut self) -> bool {
        let Some(next) = self.redo.pop() else { return false };
        self.undo.push(std::mem::replace(&mut self.settings, next));
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
        let names = crate::import::display_names(files.iter().map(|(p, _)| p.as_path()));
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
                Msg::Exported(Ok(path)) => self.notice = Some(Notice::Exported(path)),
                Msg::Exported(Err((path, e))) => self.notice = Some(Notice::ExportFailed(path, e)),
            }
        }
        any
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
        if let Some(merged) = outcome.merged {
            self.set_inputs(merged);
            self.notice = Some(if was_sample {
                Notice::SampleReplaced(outcome.added_trades)
            } else {
                Notice::Imported(outcome.added_trades)
            });
        }
        self.imported.extend(outcome.loaded);
        if !outcome.errors.is_empty() {
            self.problems = outcome.errors;
            self.problem_source = ProblemSource::Import;
        }
    }
}
