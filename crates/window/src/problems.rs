//! The problems panel: every input error as file:line:column with the value found and what was
//! expected, in the window's language, as selectable text, with a button that copies them all as
//! shown; and a save or export that was refused or failed (the file and why).

use super::app_state::{AppState, ProblemSource};
use super::core_text;
use super::i18n::{Lang, Text};
use crate::action::Action;
use salyq_core::error::Problem;

/// Draws the panel at the bottom of `ui` when there are problems.
pub fn panel(ui: &mut egui::Ui, state: &AppState, lang: Lang, actions: &mut Vec<Action>) {
    if state.problems.is_empty() && state.refused.is_none() {
        return;
    }
    let n = state.problems.len().to_string();
    let title = if state.problems.is_empty() {
        lang.t(Text::CaseNotWritten).to_string()
    } else {
        lang.f(
            match state.problem_source {
                ProblemSource::Import => Text::ImportProblems,
                ProblemSource::Compute => Text::ComputeProblems,
            },
            &[("n", &n)],
        )
    };
    let needed = salyq_core::nbk::fetch::Needed::from_errors(&state.problems);
    egui::Panel::bottom("problems")
        .resizable(true)
        .default_size(180.0)
        .min_size(90.0)
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                ui.colored_label(ui.visuals().error_fg_color, egui::RichText::new(title).strong());
                if ui.button(lang.t(Text::CopyAll)).clicked() {
                    let all: Vec<String> = state
                        .refused
                        .iter()
                        .map(|(p, e)| format!("{} {e}", p.display()))
                        .chain(
                            state
                                .problems
                                .iter()
                                .map(|e| format!("{} {}", e.location(), core_text::input_error(lang, e))),
                        )
                        .collect();
                    ui.ctx().copy_text(all.join("\n"));
                    actions.push(Action::Copied);
                }
                if ui.button(lang.t(Text::Close)).clicked() {
                    actions.push(Action::CloseProblems);
                }
                if !needed.no_rates()
                    && ui
                        .button(lang.t(Text::RatesGetRates))
                        .on_hover_text(lang.t(Text::RatesOnlyDates))
                        .clicked()
                {
                    actions.push(Action::GetRates);
                }
            });
            if !needed.prices.is_empty() {
                let assets: Vec<&str> = needed.prices.keys().map(String::as_str).collect();
                ui.weak(lang.f(Text::RatesPriceHint, &[("assets", &assets.join(", "))]));
            }
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("problems_scroll")
                .show(ui, |ui| {
                    if let Some((path, e)) = &state.refused {
                        ui.horizontal_wrapped(|ui| {
                            ui.add(
                                egui::Label::new(
                                    egui::RichText::new(lang.f(
                                        Text::CaseNotWrittenFile,
                                        &[("path", &path.display().to_string())],
                                    ))
                                    .monospace()
                                    .strong(),
                                )
                                .selectable(true),
                            );
                            // The core's messages start with the file, named just before.
                            let shown = path.display().to_string();
                            let why = e.strip_prefix(&format!("{shown}: ")).unwrap_or(e);
                            ui.add(egui::Label::new(why).selectable(true));
                        });
                    }
                    for e in &state.problems {
                        ui.horizontal_wrapped(|ui| {
                            ui.add(
                                egui::Label::new(egui::RichText::new(e.location()).monospace().strong())
                                    .selectable(true),
                            );
                            let rest = core_text::input_error(lang, e);
                            ui.add(egui::Label::new(rest).selectable(true));
                            if e.problem == Problem::FormatNotRecognised
                                && let Some((_, path)) =
                                    state.last_import.iter().find(|(name, _)| *name == e.file)
                                && ui.button(lang.t(Text::MapColumns)).clicked()
                            {
                                actions.push(Action::MapColumns(path.clone()));
                            }
                        });
                    }
                });
        });
}
