//! The window's frame around the tabs: tab bar with the year shown, welcome text, status bar
//! (progress, spinner, notices), About window and the drop overlay.

use super::app_state::Notice;
use super::i18n::{Lang, Text};
use super::tabs::{self, Tab};
use super::{App, fmt};
use crate::action::Action;

impl App {
    pub(super) fn tab_bar(&mut self, ui: &mut egui::Ui, lang: Lang, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            let open = super::banner::open_warnings(&self.state).0;
            for t in Tab::ALL {
                let title = if t == Tab::Warnings && open > 0 {
                    format!("{} ({})", t.title(lang), super::fmt::quantity(lang, open.into()))
                } else {
                    t.title(lang).to_string()
                };
                let text = egui::RichText::new(title).size(15.0);
                if ui.selectable_label(self.tab == t, text).clicked() {
                    self.tab = t;
                }
            }
            ui.separator();
            let label = ui.label(lang.t(Text::TaxYear));
            let years: Vec<i32> = self
                .state
                .computed
                .as_ref()
                .map(|c| c.computation.years.iter().map(|y| y.year).collect())
                .unwrap_or_default();
            let all = lang.t(Text::AllYears);
            let shown = self.year.map_or_else(|| all.to_string(), |y| y.to_string());
            egui::ComboBox::from_id_salt("year_shown")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    if ui.selectable_label(self.year.is_none(), all).clicked() {
                        actions.push(Action::SetYear(None));
                    }
                    for y in years {
                        if ui.selectable_label(self.year == Some(y), y.to_string()).clicked() {
                            actions.push(Action::SetYear(Some(y)));
                        }
                    }
                })
                .response
                .labelled_by(label.id);
        });
    }

    pub(super) fn welcome(&mut self, ui: &mut egui::Ui, lang: Lang) {
        egui::Frame::group(ui.style())
            .fill(ui.visuals().faint_bg_color)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.strong(lang.t(Text::WelcomeTitle));
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui.small_button(lang.t(Text::Close)).clicked() {
                            self.prefs.welcome_closed = true;
                        }
                    });
                });
                ui.label(lang.t(Text::WelcomeText));
            });
        ui.add_space(4.0);
    }

    /// The start screen's list of recent cases: taxpayer, tax year, open warnings, last change.
    pub(super) fn recent_cases(&mut self, ui: &mut egui::Ui, lang: Lang, actions: &mut Vec<Action>) {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.strong(lang.t(Text::CaseRecentCases));
                if ui.small_button(lang.t(Text::CaseOpenCase)).clicked() {
                    actions.push(Action::OpenCase(None));
                }
                if ui.small_button(lang.t(Text::CaseNewCase)).clicked() {
                    actions.push(Action::NewCase);
                }
            });
            for r in self.prefs.recent_cases.iter().take(6) {
                let label = super::menu::recent_case_label(lang, r);
                let exists = r.path.exists();
                if ui.add_enabled(exists, egui::Link::new(label)).clicked() {
                    actions.push(Action::OpenCase(Some(r.path.clone())));
                }
            }
        });
        ui.add_space(4.0);
    }

    pub(super) fn status_bar(&mut self, ui: &mut egui::Ui, lang: Lang, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            let n = fmt::quantity(lang, self.state.inputs.trades.len().into());
            ui.label(lang.n(
                Text::TradesLoaded,
                self.state.inputs.trades.len() as u64,
                &[("n", &n)],
            ));
            if self.state.is_sample {
                ui.weak(format!("({})", lang.t(Text::SampleInUse)));
            }
            ui.separator();
            // The declared figures are FIFO; another method is only a what-if beside them.
            ui.label(lang.t(Text::StatusDeclared));
            if self.state.settings.method != salyq_core::settings::Method::Fifo {
                ui.weak(lang.f(
                    Text::StatusWhatIf,
                    &[("method", tabs::method_name(lang, self.state.settings.method))],
                ));
            }
            ui.separator();
            if let Some(task) = &self.state.import {
                let read = task.progress.bytes();
                let frac = if task.total == 0 {
                    0.0
                } else {
                    read as f32 / task.total as f32
                };
                let i = task.current.load(std::sync::atomic::Ordering::Relaxed);
                let name = task.names.get(i).map_or("", String::as_str);
                ui.label(lang.t(Text::Importing));
                ui.add(
                    egui::ProgressBar::new(frac.min(1.0))
                        .desired_width(220.0)
                        .show_percentage(),
                );
                ui.label(format!(
                    "{} MB / {} MB · {}",
                    read / 1_000_000,
                    task.total / 1_000_000,
                    lang.f(
                        Text::ImportFile,
                        &[
                            ("i", &(i + 1).to_string()),
                            ("n", &task.names.len().to_string()),
                            ("name", name)
                        ]
                    )
                ));
                if ui.button(lang.t(Text::Cancel)).clicked() {
                    actions.push(Action::CancelImport);
                }
            } else if self.state.is_computing() {
                ui.spinner();
                ui.label(lang.t(Text::Computing));
            } else if self.copied {
                ui.label(lang.t(Text::Copied));
            } else if let Some(n) = &self.state.notice {
                ui.label(notice_text(lang, n));
            }
        });
    }

    pub(super) fn about(&mut self, ctx: &egui::Context, lang: Lang) {
        let mut open = self.show_about;
        egui::Window::new(lang.t(Text::About))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .default_width(420.0)
            .show(ctx, |ui| {
                ui.heading("Salyq");
                ui.label(format!(
                    "{} {}",
                    lang.t(Text::Version),
                    salyq_core::about::VERSION
                ));
                ui.label(format!(
                    "{} {}",
                    lang.t(Text::BuildDate),
                    salyq_core::about::BUILD_DATE
                ));
                ui.add_space(6.0);
                ui.label(lang.t(Text::AboutText));
                ui.add_space(6.0);
                ui.weak(lang.t(Text::SampleDisclaimer));
            });
        self.show_about = open;
    }
}

pub(super) fn notice_text(lang: Lang, n: &Notice) -> String {
    match n {
        Notice::Imported(k) => lang.n(
            Text::ImportDone,
            *k as u64,
            &[("n", &fmt::quantity(lang, (*k).into()))],
        ),
        Notice::ImportCancelled => lang.t(Text::ImportCancelled).to_string(),
        Notice::SampleReplaced(k) => format!(
            "{}. {}",
            lang.n(
                Text::ImportDone,
                *k as u64,
                &[("n", &fmt::quantity(lang, (*k).into()))]
            ),
            lang.t(Text::SampleReplaced)
        ),
        Notice::Exported(p) => lang.f(Text::ExportDone, &[("path", &p.display().to_string())]),
        Notice::ExportFailed(p, e) => lang.f(
            Text::ExportFailed,
            &[("path", &p.display().to_string()), ("error", e)],
        ),
        Notice::NothingToUndo => lang.t(Text::NothingUndo).to_string(),
        Notice::CaseSaved(p) => lang.f(Text::CaseSaved, &[("path", &p.display().to_string())]),
        Notice::CaseSavedWithout(p, files) => lang.f(
            Text::CaseSavedWithout,
            &[("path", &p.display().to_string()), ("files", files)],
        ),
        Notice::CaseSaveFailed(p, e) => lang.f(
            Text::CaseSaveFailed,
            &[("path", &p.display().to_string()), ("error", e)],
        ),
        Notice::CaseOpened(p) => lang.f(Text::CaseOpened, &[("path", &p.display().to_string())]),
        Notice::CaseOpenFailed(_, e) => lang.f(Text::CaseOpenFailed, &[("error", e)]),
        Notice::FileZoneSet(file, zone) => {
            lang.f(Text::FileZoneSet, &[("file", file), ("zone", &zone.to_string())])
        }
        Notice::FileZoneNotKept(file) => lang.f(Text::FileZoneNotKept, &[("file", file)]),
    }
}

pub(super) fn drop_overlay(ctx: &egui::Context, lang: Lang) {
    let screen = ctx.content_rect();
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("salyq_drop_overlay"),
    ));
    painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(160));
    painter.text(
        screen.center(),
        egui::Align2::CENTER_CENTER,
        lang.t(Text::DropHere),
        egui::FontId::proportional(24.0),
        egui::Color32::WHITE,
    );
}
