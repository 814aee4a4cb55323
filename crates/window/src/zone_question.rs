//! The question a "does not say its time zone" warning asks: the zone the file was exported
//! in, typed as a UTC offset; the file is then read again at that zone (the case keeps it).

use crate::action::Action;
use crate::i18n::{Lang, Text};
use salyq_core::warning::{Warning, WarningDetail};

/// The zone offered before the user types one: Kazakhstan's.
pub const DEFAULT_ZONE: &str = "+05:00";

/// Draws the question under the warning `w` when it is about a file's time zone; `zone` is the
/// text typed (kept between frames).
pub fn ui(ui: &mut egui::Ui, w: &Warning, zone: &mut String, lang: Lang, actions: &mut Vec<Action>) {
    let WarningDetail::TimeZoneAssumed { file } = &w.detail else {
        return;
    };
    if zone.is_empty() {
        *zone = DEFAULT_ZONE.to_string();
    }
    let offset = salyq_core::parse::offset(zone);
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(lang.f(Text::FileZoneLabel, &[("file", file)]));
        ui.add(egui::TextEdit::singleline(zone).desired_width(70.0))
            .labelled_by(label.id);
        if ui
            .add_enabled(offset.is_some(), egui::Button::new(lang.t(Text::FileZoneApply)))
            .clicked()
            && let Some(z) = offset
        {
            actions.push(Action::SetFileZone(file.clone(), z));
        }
    });
    if offset.is_some() {
        ui.weak(lang.t(Text::FileZoneHint));
    } else {
        ui.colored_label(ui.visuals().error_fg_color, lang.t(Text::FileZoneBad));
    }
}
