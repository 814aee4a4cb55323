//! File dialogs: the system's (through `rfd`) when the desktop offers one, else Salyq's own.
//!
//! `rfd` asks the desktop portal (`org.freedesktop.portal.Desktop` on the session D-Bus) and
//! then `zenity`; when neither is there it returns `None`, exactly as if the user had cancelled.
//! So the window checks for them once ([`system_dialog_available`]), and also takes a `None`
//! that comes back sooner than anyone could press Cancel ([`INSTANT`]) as a failure. Then the
//! same question is asked again in the window itself ([`InAppDialog`]): a folder listing with
//! its parent, a file-name field, a filter by extension and a question before overwriting.

use super::i18n::{Lang, Text};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};

/// A `None` from the system's dialog sooner than this is a dialog that never opened.
pub const INSTANT: std::time::Duration = std::time::Duration::from_millis(250);

/// What the dialog asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskKind {
    /// One or more existing files.
    OpenFiles,
    /// One existing file.
    OpenFile,
    /// A file to write (asks before replacing one).
    SaveFile,
    /// A folder.
    PickFolder,
}

/// What to do with the answer (`None`: cancelled); runs off the window's thread.
pub type Then = Box<dyn FnOnce(Option<Vec<PathBuf>>) + Send>;

/// A question for a file dialog and what to do with its answer.
pub struct Ask {
    /// What is asked for.
    pub kind: AskKind,
    /// The dialog's title.
    pub title: String,
    /// The folder to start in.
    pub dir: Option<PathBuf>,
    /// The file name proposed (save).
    pub file_name: Option<String>,
    /// Filters: a name and the extensions it shows (without the dot).
    pub filters: Vec<(String, Vec<String>)>,
    /// What to do with the answer.
    pub then: Then,
}

impl std::fmt::Debug for Ask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ask")
            .field("kind", &self.kind)
            .field("title", &self.title)
            .field("dir", &self.dir)
            .field("file_name", &self.file_name)
            .finish_non_exhaustive()
    }
}

impl Ask {
    /// Asks the system's dialog (blocking: call off the window's thread).
    pub fn ask_system(&self) -> Option<Vec<PathBuf>> {
        let mut d = rfd::FileDialog::new();
        if !self.title.is_empty() {
            d = d.set_title(&self.title);
        }
        for (name, exts) in &self.filters {
            d = d.add_filter(name, exts);
        }
        if let Some(dir) = &self.dir {
            d = d.set_directory(dir);
        }
        if let Some(name) = &self.file_name {
            d = d.set_file_name(name);
        }
        match self.kind {
            AskKind::OpenFiles => d.pick_files(),
            AskKind::OpenFile => d.pick_file().map(|p| vec![p]),
            AskKind::SaveFile => d.save_file().map(|p| vec![p]),
            AskKind::PickFolder => d.pick_folder().map(|p| vec![p]),
        }
    }
}

/// Which dialogs to use: 0 not checked yet, 1 the system's, 2 Salyq's own.
static CHOICE: AtomicU8 = AtomicU8::new(0);

/// True when the system's dialog is to be used. Checked once (the environment variable
/// `SALYQ_FILE_DIALOG` = `builtin` or `system` decides instead); [`use_in_app`] switches for
/// good once the system's dialog failed.
pub fn system_dialog_available() -> bool {
    match CHOICE.load(Ordering::Relaxed) {
        1 => return true,
        2 => return false,
        _ => {}
    }
    let yes = match std::env::var("SALYQ_FILE_DIALOG").as_deref() {
        Ok("builtin") => false,
        Ok("system") => true,
        _ => probe(),
    };
    CHOICE.store(if yes { 1 } else { 2 }, Ordering::Relaxed);
    yes
}

/// From now on, Salyq's own dialog.
pub fn use_in_app() {
    CHOICE.store(2, Ordering::Relaxed);
}

#[cfg(target_os = "linux")]
fn probe() -> bool {
    portal_on_bus() || on_path("zenity")
}

#[cfg(not(target_os = "linux"))]
fn probe() -> bool {
    true // Windows and macOS always have their own dialogs
}

/// True when the session bus has the desktop portal running or can start it.
#[cfg(target_os = "linux")]
fn portal_on_bus() -> bool {
    const PORTAL: &str = "org.freedesktop.portal.Desktop";
    pollster::block_on(async {
        let Ok(conn) = zbus::Connection::session().await else {
            return false;
        };
        let Ok(bus) = zbus::fdo::DBusProxy::new(&conn).await else {
            return false;
        };
        let Ok(name) = zbus::names::BusName::try_from(PORTAL) else {
            return false;
        };
        if bus.name_has_owner(name).await.unwrap_or(false) {
            return true;
        }
        bus.list_activatable_names()
            .await
            .is_ok_and(|names| names.iter().any(|n| n.as_str() == PORTAL))
    })
}

#[cfg(target_os = "linux")]
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
}

/// One line of the listing.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The file or folder name.
    pub name: String,
    /// True for a folder.
    pub is_dir: bool,
}

/// Salyq's own file dialog, drawn in the window.
pub struct InAppDialog {
    /// The question.
    pub ask: Ask,
    /// The folder shown.
    pub dir: PathBuf,
    /// The folder field as typed.
    pub dir_text: String,
    /// Its folders and the files the filter shows, folders first, by name.
    pub entries: Vec<Entry>,
    /// Why the folder could not be listed.
    pub error: Option<String>,
    /// The file name typed or clicked.
    pub file_name: String,
    /// Files picked (opening several).
    pub picked: Vec<String>,
    /// The filter in force (`filters.len()`: all files).
    pub filter: usize,
    /// The file to replace, once asked.
    pub confirm: Option<PathBuf>,
    /// Say once that the system's dialog is missing.
    pub explain: bool,
    /// A problem with what was typed.
    pub problem: Option<String>,
}

/// What the dialog ended with this frame.
pub enum Outcome {
    /// Still open.
    Open,
    /// Closed: the answer (`None`: cancelled) and what to do with it.
    Done(Option<Vec<PathBuf>>, Then),
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from).filter(|p| p.is_dir())
}

impl InAppDialog {
    /// A dialog for `ask`, in its folder (else the home folder, else the current one).
    pub fn new(ask: Ask, explain: bool) -> InAppDialog {
        let dir = ask
            .dir
            .clone()
            .filter(|d| d.is_dir())
            .or_else(home)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("/"));
        let file_name = ask.file_name.clone().unwrap_or_default();
        let mut d = InAppDialog {
            ask,
            dir_text: String::new(),
            dir: PathBuf::new(),
            entries: Vec::new(),
            error: None,
            file_name,
            picked: Vec::new(),
            filter: 0,
            confirm: None,
            explain,
            problem: None,
        };
        d.go(dir);
        d
    }

    /// Shows `dir`.
    pub fn go(&mut self, dir: PathBuf) {
        let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
        self.dir_text = dir.display().to_string();
        self.dir = dir;
        self.picked.clear();
        self.problem = None;
        self.list();
    }

    /// Reads the folder shown, keeping folders and the files the filter shows.
    pub fn list(&mut self) {
        self.entries.clear();
        self.error = None;
        let exts: Option<&Vec<String>> = self.ask.filters.get(self.filter).map(|(_, e)| e);
        match std::fs::read_dir(&self.dir) {
            Err(e) => self.error = Some(e.to_string()),
            Ok(rd) => {
                for e in rd.flatten() {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if name.starts_with('.') {
                        continue;
                    }
                    let is_dir = e.path().is_dir();
                    if self.ask.kind == AskKind::PickFolder && !is_dir {
                        continue;
                    }
                    if !is_dir && let Some(exts) = exts {
                        let ext = Path::new(&name)
                            .extension()
                            .map(|x| x.to_string_lossy().to_lowercase());
                        if !exts.iter().any(|x| Some(x.to_lowercase()) == ext || x == "*") {
                            continue;
                        }
                    }
                    self.entries.push(Entry { name, is_dir });
                }
            }
        }
        self.entries.sort_by(|a, b| {
            b.is_dir
                .cmp(&a.is_dir)
                .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
        });
    }

    /// The answer for what is picked or typed now, or why there is none yet.
    fn answer(&mut self, lang: Lang) -> Option<Vec<PathBuf>> {
        let typed = self.file_name.trim();
        match self.ask.kind {
            AskKind::PickFolder => {
                if typed.is_empty() {
                    Some(vec![self.dir.clone()])
                } else {
                    Some(vec![self.dir.join(typed)])
                }
            }
            AskKind::OpenFiles | AskKind::OpenFile => {
                let names: Vec<String> = if self.picked.is_empty() {
                    vec![typed.to_string()]
                } else {
                    self.picked.clone()
                };
                let paths: Vec<PathBuf> = names.iter().map(|n| self.dir.join(n)).collect();
                if let Some(bad) = paths.iter().find(|p| !p.is_file()) {
                    let name = bad
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                    self.problem = Some(lang.f(Text::FileDialogNotAFile, &[("name", &name)]));
                    return None;
                }
                Some(paths)
            }
            AskKind::SaveFile => {
                if typed.is_empty() {
                    return None;
                }
                let mut path = self.dir.join(typed);
                // The extension of the filter in force, when the name has none.
                if path.extension().is_none()
                    && let Some(ext) = self.ask.filters.get(self.filter).and_then(|(_, e)| e.first())
                {
                    path.set_extension(ext);
                }
                Some(vec![path])
            }
        }
    }

    /// Draws the dialog.
    pub fn show(&mut self, ctx: &egui::Context, lang: Lang) -> Outcome {
        let mut done: Option<Option<Vec<PathBuf>>> = None;
        let kind = self.ask.kind;
        let modal = egui::Modal::new(egui::Id::unique("salyq_file_dialog")).show(ctx, |ui| {
            ui.set_width((ctx.content_rect().width() * 0.7).clamp(420.0, 760.0));
            let title = if self.ask.title.is_empty() {
                lang.t(match kind {
                    AskKind::SaveFile => Text::FileDialogTitleSave,
                    AskKind::PickFolder => Text::FileDialogTitleFolder,
                    _ => Text::FileDialogTitleOpen,
                })
            } else {
                self.ask.title.as_str()
            };
            ui.heading(title);
            if self.explain {
                ui.colored_label(ui.visuals().warn_fg_color, lang.t(Text::FileDialogNoSystem));
            }
            ui.horizontal(|ui| {
                if ui.button(lang.t(Text::FileDialogUp)).clicked()
                    && let Some(parent) = self.dir.parent()
                {
                    let parent = parent.to_path_buf();
                    self.go(parent);
                }
                if ui.button(lang.t(Text::FileDialogHome)).clicked()
                    && let Some(h) = home()
                {
                    self.go(h);
                }
                let label = ui.label(lang.t(Text::FileDialogFolder));
                let r = ui
                    .add(egui::TextEdit::singleline(&mut self.dir_text).desired_width(ui.available_width()))
                    .labelled_by(label.id);
                if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    let typed = PathBuf::from(self.dir_text.trim());
                    if typed.is_dir() {
                        self.go(typed);
                    } else {
                        self.dir_text = self.dir.display().to_string();
                    }
                }
            });
            ui.separator();
            let mut go_to: Option<PathBuf> = None;
            let mut open_now = false;
            egui::ScrollArea::vertical()
                .max_height((ctx.content_rect().height() * 0.45).max(160.0))
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    if let Some(e) = &self.error {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            lang.f(Text::FileDialogCannotRead, &[("error", e)]),
                        );
                    } else if self.entries.is_empty() {
                        ui.weak(lang.t(Text::FileDialogEmpty));
                    }
                    for e in &self.entries {
                        let label = if e.is_dir {
                            format!("{}/", e.name)
                        } else {
                            e.name.clone()
                        };
                        let chosen = !e.is_dir && (self.picked.contains(&e.name) || self.file_name == e.name);
                        let r = ui.selectable_label(chosen, label);
                        if r.clicked() {
                            if e.is_dir {
                                go_to = Some(self.dir.join(&e.name));
                            } else if kind == AskKind::OpenFiles && ui.input(|i| i.modifiers.command) {
                                if let Some(i) = self.picked.iter().position(|n| *n == e.name) {
                                    self.picked.remove(i);
                                } else {
                                    self.picked.push(e.name.clone());
                                }
                            } else {
                                self.picked = vec![e.name.clone()];
                                self.file_name = e.name.clone();
                                self.problem = None;
                            }
                        }
                        if r.double_clicked() && !e.is_dir {
                            open_now = true;
                        }
                    }
                });
            if let Some(d) = go_to {
                self.go(d);
            }
            ui.separator();
            egui::Grid::new("salyq_file_dialog_fields")
                .num_columns(2)
                .show(ui, |ui| {
                    if kind != AskKind::PickFolder {
                        let label = ui.label(lang.t(Text::FileDialogFileName));
                        let r = ui
                            .add(
                                egui::TextEdit::singleline(&mut self.file_name)
                                    .desired_width(ui.available_width().min(480.0)),
                            )
                            .labelled_by(label.id);
                        if r.changed() {
                            self.picked.clear();
                            self.problem = None;
                        }
                        if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                            open_now = true;
                        }
                        ui.end_row();
                    }
                    if !self.ask.filters.is_empty() {
                        let label = ui.label(lang.t(Text::FileDialogFilter));
                        let name_of = |i: usize| -> String {
                            self.ask.filters.get(i).map_or_else(
                                || lang.t(Text::FileDialogAllFiles).to_string(),
                                |(n, e)| format!("{n} (*.{})", e.join(", *.")),
                            )
                        };
                        let mut filter = self.filter;
                        egui::ComboBox::from_id_salt("salyq_file_dialog_filter")
                            .selected_text(name_of(filter))
                            .show_ui(ui, |ui| {
                                for i in 0..=self.ask.filters.len() {
                                    ui.selectable_value(&mut filter, i, name_of(i));
                                }
                            })
                            .response
                            .labelled_by(label.id);
                        if filter != self.filter {
                            self.filter = filter;
                            self.list();
                        }
                        ui.end_row();
                    }
                });
            if self.picked.len() > 1 {
                ui.label(lang.f(Text::FileDialogSelected, &[("n", &self.picked.len().to_string())]));
            }
            if let Some(p) = &self.problem {
                ui.colored_label(ui.visuals().error_fg_color, p);
            }
            if let Some(path) = self.confirm.clone() {
                let name = path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    lang.f(Text::FileDialogExists, &[("name", &name)]),
                );
                ui.horizontal(|ui| {
                    if ui.button(lang.t(Text::FileDialogReplace)).clicked() {
                        done = Some(Some(vec![path.clone()]));
                    }
                    if ui.button(lang.t(Text::FileDialogCancel)).clicked() {
                        self.confirm = None;
                    }
                });
                return;
            }
            ui.horizontal(|ui| {
                let ok = match kind {
                    AskKind::SaveFile => Text::FileDialogSave,
                    AskKind::PickFolder => Text::FileDialogChoose,
                    _ => Text::FileDialogOpen,
                };
                if ui.button(lang.t(ok)).clicked() {
                    open_now = true;
                }
                if ui.button(lang.t(Text::FileDialogCancel)).clicked() {
                    done = Some(None);
                }
            });
            if open_now && let Some(paths) = self.answer(lang) {
                match paths.first() {
                    Some(p) if kind == AskKind::SaveFile && p.exists() => self.confirm = Some(p.clone()),
                    _ => done = Some(Some(paths)),
                }
            }
        });
        if modal.should_close() && done.is_none() && self.confirm.is_none() {
            done = Some(None);
        }
        match done {
            None => Outcome::Open,
            Some(answer) => {
                let then = std::mem::replace(&mut self.ask.then, Box::new(|_| {}));
                Outcome::Done(answer, then)
            }
        }
    }
}
