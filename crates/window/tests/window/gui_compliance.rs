//! The Compliance tab, driven headless (jobs run at once): the hand-worked history of
//! `tests/data/compliance/` (figures worked out in `tests/cli/compliance.rs`).

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rust_decimal_macros::dec;
use salyq_core::compliance::PersonalFinances;
use salyq_core::import::FileRole;
use salyq_core::venues::LicenceStatus;
use salyq_window::i18n::Lang;
use salyq_window::tabs::Tab;
use salyq_window::worker::Mode;
use salyq_window::{Action, App, Prefs};
use std::path::PathBuf;

fn harness(lang: Lang) -> Harness<'static, App> {
    let mut app = App::empty(
        Mode::Inline,
        Prefs {
            lang,
            ..Prefs::default()
        },
    );
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("tests/data/compliance");
    let files: Vec<PathBuf> = ["trades.csv", "rates.csv", "prices.csv"]
        .iter()
        .map(|f| dir.join(f))
        .collect();
    app.import_paths(&files, FileRole::Auto);
    app.tab = Tab::Compliance;
    app.act(Action::SetYear(Some(2025)));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 2000.0))
        .with_context_setup(salyq_window::fonts::install)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.run();
    h
}

#[test]
fn the_tab_shows_declarations_holdings_thresholds_and_aifc_months() {
    let mut h = harness(Lang::En);
    assert_eq!(h.state().state.inputs.trades.len(), 7);
    h.get_by_label(
        "ℹ Information, not advice: each figure and rule is shown with its source and date; check them before you act on them.",
    );
    h.get_by_label("270.00");
    assert_eq!(h.query_all_by_label("File by: 2026-09-15").count(), 2);
    h.get_by_label("Pay by: 2026-09-25");
    // From 2025 holdings abroad above 1,000 MCI are no reason to file (the 1,000 MCI test is
    // for money in foreign bank accounts, NC Art. 417(1)); digital assets held are, for both
    // declarations of 2025.
    assert_eq!(
        h.query_all_by_label("• Because: holdings on venues abroad above 1,000 MCI on 31 December")
            .count(),
        0
    );
    assert_eq!(
        h.query_all_by_label("• Because: digital assets held on 31 December")
            .count(),
        2
    );
    h.get_by_label("250.00");
    // Year-end holdings after the partial FIFO sale, with values at 60,000 USD × 510.
    h.get_by_label("150,000.00 KZT");
    h.get_by_label("153,000.00 KZT");
    h.get_by_label("above the threshold");
    // January: 1,000 + 600 USD; over the monthly limit.
    assert!(
        !h.query_all_by_label("1,600.00 USD")
            .collect::<Vec<_>>()
            .is_empty()
    );
    assert_eq!(h.query_all_by_label("over 1,000 USD a month").count(), 2);
    assert!(
        h.query_by_label("over 1,000 USD a month; over the personal limit")
            .is_none()
    );
    h.get_by_label(
        "Not in the venue list: check whether it is AIFC-licensed and set its status. (trades.csv:4)",
    );

    // Income 6,000,000 and net worth 40,000,000: 600,000 KZT ÷ 510 = 1,176.47 USD.
    h.state_mut().compliance.set_personal(PersonalFinances {
        annual_income: Some(dec!(6000000)),
        net_worth: Some(dec!(40000000)),
        ..PersonalFinances::default()
    });
    h.run();
    h.get_by_label("Personal limit: 600,000.00 KZT = 1,176.47 USD");
    assert_eq!(
        h.query_all_by_label("over 1,000 USD a month; over the personal limit")
            .count(),
        2
    );

    // Marking Kraken AIFC-licensed adds its 8,000 USD in March (through the settings, undoable).
    let mut s = h.state().state.settings.clone();
    s.venues.set_status("Kraken", LicenceStatus::AifcLicensed);
    h.state_mut().act(Action::ApplySettings(Box::new(s)));
    h.run();
    h.run();
    h.get_by_label("8,000.00 USD");
    let r = h.state().compliance.report().unwrap();
    assert_eq!(r.aifc.months.len(), 3);
}

#[test]
fn the_tab_speaks_russian() {
    let h = harness(Lang::Ru);
    h.get_by_label("Обязательства");
    h.get_by_label("Декларации к подаче");
    assert_eq!(h.query_all_by_label("Подать до: 2026-09-15").count(), 2);
    h.get_by_label("выше порога");
    h.get_by_label(
        "Цифровые активы, купленные на площадках с лицензией МФЦА, в долларах США по официальному курсу.",
    );
}

#[test]
fn the_universal_declaration_checkbox_moves_2024_to_270() {
    let mut h = harness(Lang::En);
    assert!(!h.state().state.settings.universal_declaration);
    h.get_by_label(
        "Universal declaration (civil servant, quasi-public employee, head or founder of a legal entity, or a spouse of one)",
    )
    .click();
    h.run();
    let s = &h.state().state.settings;
    assert!(s.universal_declaration);
    let form = &s.rules.for_year(2024).rules.form;
    assert_eq!(
        (form.code.as_str(), form.due.to_string()),
        ("270.00", "2025-09-15".to_string())
    );
    // Undo puts the setting back, with the bundled form.
    h.state_mut().act(Action::Undo);
    h.run();
    let s = &h.state().state.settings;
    assert!(!s.universal_declaration);
    assert_eq!(s.rules.for_year(2024).rules.form.code, "240.00");
}

#[test]
fn the_foreign_bank_balance_is_compared_with_1000_mci() {
    let mut h = harness(Lang::En);
    // 4,000,000 > 1,000 × 3,932 = 3,932,000 (2025).
    h.state_mut().compliance.set_personal(PersonalFinances {
        foreign_bank_balance: Some(dec!(4000000)),
        ..PersonalFinances::default()
    });
    h.run();
    let r = h.state().compliance.report().unwrap();
    let t = r.foreign_bank.as_ref().unwrap();
    assert_eq!((t.limit_kzt, t.over), (dec!(3932000), true));
    h.get_by_label("Money in foreign bank accounts");
    assert_eq!(
        h.query_all_by_label("• Because: money in foreign bank accounts above 1,000 MCI on 31 December")
            .count(),
        2
    );
}
