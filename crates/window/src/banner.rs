//! The banner over the tax figures (Summary and Forms tabs) while warnings are open: how many,
//! and a link to the first. The count is the core's ([`salyq_core::case::open_count`]), the same
//! the exports and the printable report carry.

use super::app_state::AppState;
use super::i18n::Lang;
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

/// Which form of a counted word `n` takes: 0 one, 1 few, 2 many (Russian: 1 предупреждение,
/// 2 предупреждения, 5 предупреждений; English: one and other; Kazakh does not change the word).
pub fn plural_form(lang: Lang, n: usize) -> usize {
    match lang {
        Lang::En => usize::from(n != 1) * 2,
        Lang::Kk => 0,
        Lang::Ru => {
            let (d, h) = (n % 10, n % 100);
            if d == 1 && h != 11 {
                0
            } else if (2..=4).contains(&d) && !(12..=14).contains(&h) {
                1
            } else {
                2
            }
        }
    }
}

/// "1 open warning", "2 открытых предупреждения", "5 ашық ескерту" (the count with separators).
pub fn open_warnings_text(lang: Lang, n: usize) -> String {
    let forms: [&str; 3] = match lang {
        Lang::En => ["open warning", "open warnings", "open warnings"],
        Lang::Ru => [
            "открытое предупреждение",
            "открытых предупреждения",
            "открытых предупреждений",
        ],
        Lang::Kk => ["ашық ескерту", "ашық ескерту", "ашық ескерту"],
    };
    let count = super::fmt::quantity(lang, rust_decimal::Decimal::from(n as u64));
    format!("{count} {}", forms[plural_form(lang, n)])
}

/// "1 warning", "2 предупреждения", "5 предупреждений", "5 ескерту" (the count with separators).
pub fn warnings_text(lang: Lang, n: usize) -> String {
    let forms: [&str; 3] = match lang {
        Lang::En => ["warning", "warnings", "warnings"],
        Lang::Ru => ["предупреждение", "предупреждения", "предупреждений"],
        Lang::Kk => ["ескерту", "ескерту", "ескерту"],
    };
    let count = super::fmt::quantity(lang, rust_decimal::Decimal::from(n as u64));
    format!("{count} {}", forms[plural_form(lang, n)])
}

fn texts(lang: Lang) -> (&'static str, &'static str, &'static str) {
    match lang {
        Lang::En => (
            "The figures are incomplete:",
            "they rest on gaps such as sales of coins never bought (counted at zero cost). Resolve or review them before filing.",
            "Show the first warning",
        ),
        Lang::Ru => (
            "Цифры неполные:",
            "они опираются на пробелы, например продажи монет, покупка которых не загружена (стоимость приобретения принята нулевой). Разберите их до подачи декларации.",
            "Показать первое предупреждение",
        ),
        Lang::Kk => (
            "Сандар толық емес:",
            "олар олқылықтарға сүйенеді, мысалы сатып алуы жүктелмеген монеталарды сату (құны нөл деп алынды). Декларацияны тапсырмас бұрын оларды қараңыз.",
            "Бірінші ескертуді көрсету",
        ),
    }
}

/// Draws the banner when warnings are open.
pub fn show(ui: &mut egui::Ui, state: &AppState, lang: Lang, actions: &mut Vec<Action>) {
    let (n, first) = open_warnings(state);
    if n == 0 {
        return;
    }
    let (lead, rest, link) = texts(lang);
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
