//! The banner over the tax figures (Summary and Forms tabs) while warnings are open: how many,
//! and a link to the first. The count is the core's ([`salyq_core::case::open_count`]), the same
//! the exports and the printable report carry.

use super::app_state::AppState;
use super::i18n::{Lang, Text};
use crate::action::Action;

/// The warnings of the current computation still open, and the index of the first.
pub fn open_warnings(state: &AppState) -> (usize, Option<usize>) {
    let Some(c) = &state.computed else {
        return (0, None);
    };
    let warnings = &c.computation.warnings;
    let reviews = &state.case.reviews;
    let n = salyq_core::case::open_count(warnings, reviews);
    if n == 0 {
        return (0, None);
    }
    let first = warnings.iter().position(|w| {
        salyq_core::case::review::status_of(reviews, w) == salyq_core::case::ReviewStatus::Open
    });
    (n, first)
}

/// "1 open warning", "2 открытых предупреждения", "5 ашық ескерту" (the count with separators;
/// the form of the words by the language's plural rules).
pub fn open_warnings_text(lang: Lang, n: usize) -> String {
    counted(lang, Text::BannerOpenWarnings, n)
}

/// "1 warning", "2 предупреждения", "5 предупреждений", "5 ескерту" (the count with separators).
pub fn warnings_text(lang: Lang, n: usize) -> String {
    counted(lang, Text::BannerWarnings, n)
}

fn counted(lang: Lang, text: Text, n: usize) -> String {
    let count = super::fmt::quantity(lang, rust_decimal::Decimal::from(n as u64));
    lang.n(text, n as u64, &[("n", &count)])
}

/// Draws the banner when warnings are open.
pub fn show(ui: &mut egui::Ui, state: &AppState, lang: Lang, actions: &mut Vec<Action>) {
    let (n, first) = open_warnings(state);
    if n == 0 {
        return;
    }
    let (lead, rest, link) = (
        lang.t(Text::BannerLead),
        lang.t(Text::BannerRest),
        lang.t(Text::BannerLink),
    );
    let warn = ui.visuals().warn_fg_color;
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.5, warn))
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(8, 6))
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    egui::RichText::new(format!("{lead} {}", open_warnings_text(lang, n)))
                        .strong()
                        .color(warn),
                );
                ui.label(rest);
                if let Some(i) = first
                    && ui.link(link).clicked()
                {
                    actions.push(Action::ShowWarning(i));
                }
            });
        });
    ui.add_space(4.0);
}
