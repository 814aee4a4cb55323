//! The menu bar (File, Edit, Language, Help) and the keyboard shortcuts.

use super::i18n::{Lang, Text};
use super::worker::ExportKind;
use crate::action::Action;
use egui::{KeyboardShortcut, Modifiers};
use salyq_core::import::FileRole;
use std::path::PathBuf;

/// Ctrl+Z.
pub const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, egui::Key::Z);
/// Ctrl+Shift+Z.
pub const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), egui::Key::Z);
/// Ctrl+Y.
pub const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, egui::Key::Y);
/// Ctrl+O.
pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, egui::Key::O);
/// Ctrl+S.
pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, egui::Key::S);
/// Ctrl+Shift+S.
pub const SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), egui::Key::S);

/// What the menu needs to know to enable its items.
pub struct MenuState<'a> {
    /// Current language.
    pub lang: Lang,
    /// An import is running.
    pub importing: bool,
    /// Undo and redo are possible.
    pub can_undo: bool,
    /// Redo is possible.
    pub can_redo: bool,
    /// Figures exist to export.
    pub can_export: bool,
    /// Recently imported files, newest first.
    pub recent: &'a [PathBuf],
    /// Recent cases, newest first.
    pub recent_cases: &'a [super::prefs::RecentCase],
}

/// A recent case in one line: taxpayer (or file name), tax year, open warnings, last change.
pub fn recent_case_label(lang: Lang, r: &super::prefs::RecentCase) -> String {
    let file = r
        .path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let who = if r.taxpayer.trim().is_empty() {
        file.clone()
    } else {
        format!("{} ({file})", r.taxpayer.trim())
    };
    let mut parts = vec![who];
    if let Some(y) = r.tax_year {
        parts.push(lang.f(Text::CaseTaxYear, &[("year", &y.to_string())]));
    }
    parts.push(lang.f(Text::CaseOpenWarnings, &[("n", &r.open_warnings.to_string())]));
    parts.push(lang.f(Text::CaseLastChange, &[("at", &r.last_change)]));
    parts.join(" · ")
}

/// Draws the menu bar.
pub fn bar(ui: &mut egui::Ui, m: &MenuState<'_>, actions: &mut Vec<Action>) {
    let lang = m.lang;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(lang.t(Text::File), |ui| {
            ui.add_enabled_ui(!m.importing, |ui| {
                if ui.button(lang.t(Text::CaseNewCase)).clicked() {
                    actions.push(Action::NewCase);
                }
                if ui.button(lang.t(Text::CaseOpenCase)).clicked() {
                    actions.push(Action::OpenCase(None));
                }
                ui.menu_button(lang.t(Text::CaseRecentCases), |ui| {
                    if m.recent_cases.is_empty() {
                        ui.weak(lang.t(Text::CaseNoRecentCases));
                    }
                    for r in m.recent_cases {
                        if ui.button(recent_case_label(lang, r)).clicked() {
                            actions.push(Action::OpenCase(Some(r.path.clone())));
                        }
                    }
                });
                let save = ui.ctx().format_shortcut(&SAVE);
                if ui
                    .add(egui::Button::new(lang.t(Text::CaseSaveCase)).shortcut_text(save))
                    .clicked()
                {
                    actions.push(Action::SaveCase { save_as: false });
                }
                let save_as = ui.ctx().format_shortcut(&SAVE_AS);
                if ui
                    .add(egui::Button::new(lang.t(Text::CaseSaveCaseAs)).shortcut_text(save_as))
                    .clicked()
                {
                    actions.push(Action::SaveCase { save_as: true });
                }
            });
            ui.separator();
            ui.add_enabled_ui(!m.importing, |ui| {
                let shortcut = ui.ctx().format_shortcut(&OPEN);
                if ui
                    .add(egui::Button::new(lang.t(Text::ImportTrades)).shortcut_text(shortcut))
                    .clicked()
                {
                    actions.push(Action::Pick(FileRole::Auto));
                }
                if ui.button(lang.t(Text::ImportRates)).clicked() {
                    actions.push(Action::Pick(FileRole::Rates));
                }
                if ui.button(lang.t(Text::ImportPrices)).clicked() {
                    actions.push(Action::Pick(FileRole::Prices));
                }
                ui.menu_button(lang.t(Text::RecentFiles), |ui| {
                    if m.recent.is_empty() {
                        ui.weak(lang.t(Text::NoRecentFiles));
                    }
                    for p in m.recent {
                        if ui.button(p.display().to_string()).clicked() {
                            actions.push(Action::Import(vec![(p.clone(), FileRole::Auto)]));
                        }
                    }
                });
            });
            ui.separator();
            ui.add_enabled_ui(m.can_export, |ui| {
                if ui.button(lang.t(Text::ExportDisposals)).clicked() {
                    actions.push(Action::Export(ExportKind::Disposals));
                }
                if ui.button(lang.t(Text::ExportSummary)).clicked() {
                    actions.push(Action::Export(ExportKind::Summary));
                }
                if ui.button(lang.t(Text::CaseExportPack)).clicked() {
                    actions.push(Action::ExportPack(None));
                }
            });
            ui.separator();
            ui.add_enabled_ui(!m.importing, |ui| {
                if ui.button(lang.t(Text::LoadSample)).clicked() {
                    actions.push(Action::LoadSample);
                }
                if ui.button(lang.t(Text::ClearAll)).clicked() {
                    actions.push(Action::ClearAll);
                }
            });
            ui.separator();
            if ui.button(lang.t(Text::Quit)).clicked() {
                actions.push(Action::Quit(super::decisions::QuitChoice::Ask));
            }
        });
        ui.menu_button(lang.t(Text::Edit), |ui| {
            let undo = ui.ctx().format_shortcut(&UNDO);
            if ui
                .add_enabled(
                    m.can_undo,
                    egui::Button::new(lang.t(Text::Undo)).shortcut_text(undo),
                )
                .clicked()
            {
                actions.push(Action::Undo);
            }
            let redo = ui.ctx().format_shortcut(&REDO);
            if ui
                .add_enabled(
                    m.can_redo,
                    egui::Button::new(lang.t(Text::Redo)).shortcut_text(redo),
                )
                .clicked()
            {
                actions.push(Action::Redo);
            }
        });
        ui.menu_button(lang.t(Text::Language), |ui| {
            for l in Lang::ALL {
                if ui.selectable_label(l == lang, l.native_name()).clicked() {
                    actions.push(Action::SetLang(l));
                }
            }
        });
        ui.menu_button(lang.t(Text::Help), |ui| {
            if ui.button(lang.t(Text::About)).clicked() {
                actions.push(Action::About);
            }
        });
    });
}

/// Turns the shortcuts pressed this frame into actions (not while text is being typed).
pub fn shortcuts(ctx: &egui::Context, actions: &mut Vec<Action>) {
    if ctx.egui_wants_keyboard_input() {
        return;
    }
    ctx.input_mut(|i| {
        if i.consume_shortcut(&REDO) || i.consume_shortcut(&REDO_Y) {
            actions.push(Action::Redo);
        } else if i.consume_shortcut(&UNDO) {
            actions.push(Action::Undo);
        }
        if i.consume_shortcut(&OPEN) {
            actions.push(Action::Pick(FileRole::Auto));
        }
        if i.consume_shortcut(&SAVE_AS) {
            actions.push(Action::SaveCase { save_as: true });
        } else if i.consume_shortcut(&SAVE) {
            actions.push(Action::SaveCase { save_as: false });
        }
    });
}
