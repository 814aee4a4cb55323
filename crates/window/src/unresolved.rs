//! Groups of rows Salyq could not pair into a trade (a Binance statement's fee row alone, a
//! Bybit log's spot trade with one of its rows): the Warnings tab's notice that the figures are
//! incomplete while such a group is neither excluded nor entered by hand, and the button that
//! excludes one (an `exclude` override with the reason typed, undoable like every settings
//! change). Its words are in `window.ftl` (`unresolved-*`).

use crate::Action;
use crate::app_state::AppState;
use crate::fmt;
use crate::i18n::{Lang, Text};
use salyq_core::overrides::{self, Change, ExcludeWhy};
use salyq_core::warning::Warning;

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
    let shown = fmt::quantity(lang, (n as u64).into());
    let text = lang.n(Text::UnresolvedNotice, n as u64, &[("n", &shown)]);
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
    let label = lang.t(Text::UnresolvedExclude);
    let hint = lang.t(Text::UnresolvedExcludeHint);
    if ui.small_button(label).on_hover_text(hint).clicked() {
        let change = Change::Exclude {
            trade: salyq_core::exemptions::TradeKey::of(source),
            why: ExcludeWhy::Other,
        };
        actions.push(Action::ApplySettings(Box::new(
            crate::override_record::with_override(&state.settings, change, reason),
        )));
    }
}
