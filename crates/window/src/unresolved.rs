//! Groups of rows Salyq could not pair into a trade (a Binance statement's fee row alone, a
//! Bybit log's spot trade with one of its rows): the Warnings tab's notice that the figures are
//! incomplete while such a group is neither excluded nor entered by hand, and the button that
//! excludes one (an `exclude` override with the reason typed, undoable like every settings
//! change). The words are here, in English and Russian (Kazakh shows the Russian).

use crate::Action;
use crate::app_state::AppState;
use crate::decisions;
use crate::i18n::Lang;
use salyq_core::overrides::{self, Change, ExcludeWhy};
use salyq_core::warning::Warning;

fn ru(lang: Lang) -> bool {
    lang != Lang::En
}

/// The number of groups not yet excluded, over every file loaded.
fn open_groups(state: &AppState) -> usize {
    let list = &state.settings.overrides;
    state
        .inputs
        .reports
        .iter()
        .map(|r| {
            r.unresolved
                .iter()
                .filter(|g| !overrides::is_excluded(list, &g.key(&r.file)))
                .count()
        })
        .sum()
}

/// A line saying the figures are incomplete, while a group is open.
pub fn notice(ui: &mut egui::Ui, state: &AppState, lang: Lang) {
    let n = open_groups(state);
    if n == 0 {
        return;
    }
    let text = if ru(lang) {
        format!(
            "Расчёт неполный: {n} групп(ы) строк не прочитаны (Salyq не может составить из них сделку). \
             Исключите каждую или введите её сделку вручную — см. предупреждения «не импортировано»."
        )
    } else {
        format!(
            "The figures are incomplete: {n} group(s) of rows were not read (Salyq cannot make a trade of them). \
             Exclude each, or enter its trade by hand — see the \"not imported\" warnings."
        )
    };
    ui.colored_label(ui.visuals().warn_fg_color, text);
}

/// On the warning of such a group: "Exclude this group" (with the reason typed in `reason`).
pub fn actions(
    ui: &mut egui::Ui,
    state: &AppState,
    w: &Warning,
    reason: &str,
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    if !overrides::is_unresolved_group(w) {
        return;
    }
    let Some(source) = &w.source else { return };
    let label = if ru(lang) {
        "Исключить эту группу"
    } else {
        "Exclude this group"
    };
    let hint = if ru(lang) {
        "Группа остаётся вне расчёта, и расчёт больше не помечен неполным (отменяется как любое изменение)"
    } else {
        "The group stays out of the figures, which are no longer marked incomplete (undone like any change)"
    };
    if ui.small_button(label).on_hover_text(hint).clicked() {
        let change = Change::Exclude {
            trade: salyq_core::exemptions::TradeKey::of(source),
            why: ExcludeWhy::Other,
        };
        actions.push(Action::ApplySettings(Box::new(decisions::with_override(
            &state.settings,
            change,
            reason,
        ))));
    }
}
