//! "Get official rates…": when rates are missing, the dialog lists the currencies and dates
//! needed, the address it will ask and that only the dates leave the machine; Fetch runs
//! [`salyq_core::nbk::fetch`] on a thread of its own with progress and cancel, writes the rates as a
//! rate table in the data folder and imports it (so it is embedded in the case like any imported
//! rate table), and the figures are computed again. Nothing connects before Fetch is clicked.

use super::i18n::{Lang, Text};
use crate::action::Action;
use chrono::NaiveDate;
use salyq_core::error::InputError;
use salyq_core::import::FileRole;
use salyq_core::nbk::fetch::{self, FetchError, Needed, Options};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};

/// The environment variable naming a mirror of the bank's address (as `--url` does for
/// `salyq rates fetch`).
pub const URL_VAR: &str = "SALYQ_RATES_URL";

/// How many dates are listed before "… and N more".
const LISTED: usize = 12;

/// What a fetch produced: the table written and its daily rows, or why not (`None`: cancelled).
type Outcome = Result<(PathBuf, usize), Option<String>>;

/// A fetch running.
struct Job {
    cancel: Arc<AtomicBool>,
    done: Arc<AtomicUsize>,
    last: Arc<Mutex<Option<NaiveDate>>>,
    rx: Receiver<Outcome>,
}

/// Where the dialog is.
enum Stage {
    Ready,
    Running(Job),
    Done(PathBuf, usize),
    Failed(String),
    Cancelled,
}

/// The dialog.
pub struct RatesDialog {
    /// What the computation misses.
    pub needed: Needed,
    /// The days that will be asked.
    pub days: Vec<NaiveDate>,
    /// How to ask (the bank's address, the cache...).
    pub options: Options,
    /// Where the table of the rates fetched is written (`tables` in the data folder).
    pub table_dir: PathBuf,
    stage: Stage,
}

impl RatesDialog {
    /// The dialog for the rates `problems` say are missing; `None` when none is.
    pub fn for_problems(problems: &[InputError]) -> Option<RatesDialog> {
        let needed = Needed::from_errors(problems);
        if needed.no_rates() {
            return None;
        }
        let mut options = Options::default();
        if let Some(url) = std::env::var(URL_VAR).ok().filter(|u| !u.trim().is_empty()) {
            options.url = url.trim().to_string();
        }
        Some(RatesDialog::new(needed, options))
    }

    /// The dialog for `needed`, asking as `options` say.
    pub fn new(needed: Needed, options: Options) -> RatesDialog {
        RatesDialog {
            days: needed.days(),
            needed,
            options,
            table_dir: fetch::data_dir()
                .unwrap_or_else(|| std::env::temp_dir().join("salyq"))
                .join("tables"),
            stage: Stage::Ready,
        }
    }

    /// True while a fetch runs.
    pub fn is_running(&self) -> bool {
        matches!(self.stage, Stage::Running(_))
    }

    /// True when the fetch finished and its table was handed to the import.
    pub fn is_done(&self) -> bool {
        matches!(self.stage, Stage::Done(..))
    }

    /// The error of a failed fetch.
    pub fn error(&self) -> Option<&str> {
        match &self.stage {
            Stage::Failed(e) => Some(e),
            _ => None,
        }
    }

    /// Starts the fetch on a thread of its own (`ctx` is asked to repaint after each day).
    pub fn start(&mut self, ctx: Option<egui::Context>) {
        if self.is_running() || self.days.is_empty() {
            return;
        }
        let (cancel, done, last): (Arc<AtomicBool>, Arc<AtomicUsize>, Arc<Mutex<Option<NaiveDate>>>) =
            (Arc::default(), Arc::default(), Arc::default());
        let (job_cancel, job_done, job_last) = (cancel.clone(), done.clone(), last.clone());
        let repaint = ctx.clone();
        let days = self.days.clone();
        let options = self.options.clone();
        let currencies: Vec<String> = self.needed.currencies.iter().cloned().collect();
        let years: Vec<i32> = self.needed.years.iter().copied().collect();
        let dir = self.table_dir.clone();
        let spawned = crate::background::spawn("salyq-rates", ctx, move || {
            let mut step = |s: fetch::Step| {
                done.store(s.done, Ordering::Relaxed);
                if let Ok(mut l) = last.lock() {
                    *l = Some(s.date);
                }
                if let Some(c) = &repaint {
                    c.request_repaint();
                }
            };
            match fetch::fetch(&days, &options, &mut step, &cancel) {
                Ok(fetched) => write_table(&dir, &fetched, &currencies, &years, &days),
                Err(FetchError::Cancelled) => Err(None),
                Err(e) => Err(Some(e.to_string())),
            }
        });
        // A thread the system cannot start is a failed fetch, shown as one.
        let rx = spawned.unwrap_or_else(|e| {
            let (tx, rx) = channel();
            let _ = tx.send(Err(Some(e.to_string())));
            rx
        });
        self.stage = Stage::Running(Job {
            cancel: job_cancel,
            done: job_done,
            last: job_last,
            rx,
        });
    }

    /// Asks a running fetch to stop.
    pub fn cancel(&self) {
        if let Stage::Running(job) = &self.stage {
            job.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Takes a finished fetch's outcome; a table written is imported as rates.
    pub fn poll(&mut self, actions: &mut Vec<Action>) {
        let Stage::Running(job) = &self.stage else {
            return;
        };
        let outcome = match job.rx.try_recv() {
            Ok(o) => o,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Err(Some("the fetch stopped".into())),
        };
        self.stage = match outcome {
            Ok((path, rows)) => {
                actions.push(Action::Import(vec![(path.clone(), FileRole::Rates)]));
                Stage::Done(path, rows)
            }
            Err(None) => Stage::Cancelled,
            Err(Some(e)) => Stage::Failed(e),
        };
    }

    /// Waits for a running fetch to end (tests).
    pub fn wait(&mut self, actions: &mut Vec<Action>) {
        while self.is_running() {
            self.poll(actions);
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    /// Draws the dialog.
    pub fn show(&mut self, ctx: &egui::Context, lang: Lang, actions: &mut Vec<Action>) {
        self.poll(actions);
        let mut open = true;
        egui::Window::new(lang.t(Text::RatesTitle))
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_width(560.0)
            .anchor(egui::Align2::CENTER_TOP, [0.0, 60.0])
            .show(ctx, |ui| self.contents(ui, lang, actions));
        if !open {
            self.cancel();
            actions.push(Action::CloseRates);
        }
        if self.is_running() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    fn contents(&mut self, ui: &mut egui::Ui, lang: Lang, actions: &mut Vec<Action>) {
        let n = &self.needed;
        let list = |items: Vec<String>| {
            let more = items.len().saturating_sub(LISTED);
            let mut s = items.into_iter().take(LISTED).collect::<Vec<_>>().join(", ");
            if more > 0 {
                s.push(' ');
                s.push_str(&lang.f(Text::RatesMore, &[("n", &more.to_string())]));
            }
            s
        };
        let currencies: Vec<&str> = n.currencies.iter().map(String::as_str).collect();
        ui.label(
            egui::RichText::new(lang.f(
                Text::RatesMissingCurrencies,
                &[("currencies", &currencies.join(", "))],
            ))
            .strong(),
        );
        if !n.dates.is_empty() {
            let dates = list(n.dates.iter().map(|d| d.to_string()).collect());
            ui.label(lang.f(Text::RatesMissingDates, &[("dates", &dates)]));
        }
        if !n.years.is_empty() {
            let years = list(n.years.iter().map(|y| y.to_string()).collect());
            ui.label(lang.f(Text::RatesMissingYears, &[("years", &years)]));
        }
        ui.separator();
        let (from, to) = (
            self.days.first().map(|d| d.to_string()).unwrap_or_default(),
            self.days.last().map(|d| d.to_string()).unwrap_or_default(),
        );
        ui.label(lang.f(
            Text::RatesWillAsk,
            &[
                ("url", &fetch::url_pattern(&self.options.url)),
                ("n", &self.days.len().to_string()),
                ("from", &from),
                ("to", &to),
            ],
        ));
        ui.label(egui::RichText::new(lang.t(Text::RatesOnlyDates)).strong());
        match &self.options.cache {
            Some(dir) => ui.label(
                egui::RichText::new(lang.f(Text::RatesCache, &[("dir", &dir.display().to_string())])).small(),
            ),
            None => ui.label(egui::RichText::new(lang.t(Text::RatesNoCache)).small()),
        };
        ui.add_space(6.0);
        let mut start = false;
        let mut close = false;
        match &self.stage {
            Stage::Ready => {
                ui.horizontal(|ui| {
                    start = ui.button(lang.t(Text::RatesFetch)).clicked();
                    close = ui.button(lang.t(Text::RatesCancel)).clicked();
                });
            }
            Stage::Running(job) => {
                let done = job.done.load(Ordering::Relaxed);
                let total = self.days.len().max(1);
                let date = job
                    .last
                    .lock()
                    .ok()
                    .and_then(|l| *l)
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                ui.add(
                    egui::ProgressBar::new(done as f32 / total as f32)
                        .desired_width(360.0)
                        .show_percentage(),
                );
                ui.label(lang.f(
                    Text::RatesProgress,
                    &[
                        ("done", &done.to_string()),
                        ("total", &total.to_string()),
                        ("date", &date),
                    ],
                ));
                if ui.button(lang.t(Text::RatesCancel)).clicked() {
                    job.cancel.store(true, Ordering::Relaxed);
                }
            }
            Stage::Done(path, rows) => {
                let file = path
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default();
                ui.label(lang.f(Text::RatesDone, &[("n", &rows.to_string()), ("file", &file)]));
                close = ui.button(lang.t(Text::RatesClose)).clicked();
            }
            Stage::Failed(e) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    lang.f(Text::RatesFailed, &[("error", e)]),
                );
                ui.horizontal(|ui| {
                    start = ui.button(lang.t(Text::RatesTryAgain)).clicked();
                    close = ui.button(lang.t(Text::RatesClose)).clicked();
                });
            }
            Stage::Cancelled => {
                ui.label(lang.t(Text::RatesCancelled));
                ui.horizontal(|ui| {
                    start = ui.button(lang.t(Text::RatesTryAgain)).clicked();
                    close = ui.button(lang.t(Text::RatesClose)).clicked();
                });
            }
        }
        ui.add_space(6.0);
        ui.collapsing(lang.t(Text::RatesSameCommand), |ui| {
            for c in self.needed.commands() {
                ui.add(egui::Label::new(egui::RichText::new(c).monospace()).selectable(true));
            }
        });
        if start {
            self.start(Some(ui.ctx().clone()));
        }
        if close {
            actions.push(Action::CloseRates);
        }
    }
}

/// Writes the fetched rates of `currencies` (and the averages of `years`) as a rate table in the
/// data folder, named after the days, and returns it with its count of daily rows.
fn write_table(
    dir: &std::path::Path,
    fetched: &fetch::Fetched,
    currencies: &[String],
    years: &[i32],
    days: &[NaiveDate],
) -> Outcome {
    std::fs::create_dir_all(dir).map_err(|e| Some(format!("cannot create {}: {e}", dir.display())))?;
    let (first, last) = (
        days.first().copied().unwrap_or_default(),
        days.last().copied().unwrap_or_default(),
    );
    let path = dir.join(format!("official-rates-{first}-{last}.csv"));
    let filter = Some(currencies);
    let averages: Vec<fetch::Average> = years
        .iter()
        .flat_map(|y| fetch::averages(fetched, *y, filter))
        .collect();
    let mut rows = 0;
    salyq_core::export::write_atomic(&path, |w| {
        rows = fetch::write_table(w, fetched, filter, &averages)?;
        Ok(())
    })
    .map_err(|e| Some(format!("cannot write {}: {e}", path.display())))?;
    Ok((path, rows))
}
