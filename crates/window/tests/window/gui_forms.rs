//! The Forms tab, driven headless through egui_kittest (jobs run at once). Figures are those of
//! the sample (`sample_data/README.md`) and of the hand-worked files in `tests/data/forms/`.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rust_decimal::Decimal;
use salyq_core::forms::LineId;
use salyq_core::import::FileRole;
use salyq_window::tabs::Tab;
use salyq_window::{Action, App};
use std::path::PathBuf;

fn harness(app: App) -> Harness<'static, App> {
    crate::common::harness_sized(app, 1280.0, 1000.0)
}

fn forms_tab(year: i32) -> Harness<'static, App> {
    let mut app = App::headless();
    app.prefs.welcome_closed = true;
    app.tab = Tab::Forms;
    app.year = Some(year);
    let mut h = harness(app);
    h.run();
    h
}

fn data(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .join("tests/data/forms")
        .join(name)
}

#[test]
fn the_sample_2025_draft_is_form_270_with_the_report_tax() {
    let mut h = forms_tab(2025);
    h.get_by_label_contains("270.00 — Declaration of income and property");
    h.get_by_label("File by 2026-09-15, pay by 2026-09-25");
    // Sample FIFO 2025: taxable income 525,267, tax 52,527 (sample_data/README.md §3: the
    // securities' gains in dollars at the 2025 average net to −25,365.02, counted as 0).
    assert!(
        h.query_all_by_label("525,267 KZT").count() >= 4,
        "A_1_1, A_1, A, D, G"
    );
    assert_eq!(h.query_all_by_label("52,527 KZT").count(), 2, "H and K");
    // The disposals behind A_1_1 are listed below when its line is picked.
    h.get_by_label("9 disposals").click();
    h.run();
    h.get_by_label("Disposals summed in A_1_1");
    let draft = h.state().forms.draft().unwrap();
    assert_eq!(draft.value(LineId::K), Decimal::from(52_527));
}

#[test]
fn tax_year_2024_drafts_form_240_with_unconfirmed_line_codes() {
    let h = forms_tab(2024);
    h.get_by_label_contains("240.00 — Individual income tax declaration");
    assert!(h.query_all_by_label("line code unconfirmed").count() >= 10);
    assert_eq!(h.query_all_by_label("90,692 KZT").count(), 2, "tax and payable");
}

#[test]
fn the_iin_is_checked_as_it_is_typed() {
    let mut h = forms_tab(2025);
    h.state_mut().forms.iin = "900101300127".into();
    h.run();
    h.get_by_label("The last digit is not this IIN's control digit: check for a typo");
    h.state_mut().forms.iin = "90010130012".into();
    h.run();
    h.get_by_label("An IIN is 12 digits");
    h.state_mut().forms.iin = "900101300126".into();
    h.run();
    h.get_by_label("IIN checked");
    let iin = h.state().forms.draft().unwrap().taxpayer.iin.clone();
    assert_eq!(iin.map(|i| i.to_string()).as_deref(), Some("900101300126"));
}

#[test]
fn tax_paid_abroad_is_credited_up_to_the_cap_and_undo_removes_it() {
    let mut h = forms_tab(2025);
    h.state_mut()
        .import_paths(&[data("credit_2025.csv"), data("rates_2025.csv")], FileRole::Auto);
    h.run();
    // G 500,000, H 50,000; cap on 300,000 abroad: 30,000 (tests/cli/forms.rs works it out).
    assert_eq!(
        h.query_all_by_label("50,000 KZT").count(),
        2,
        "H and K before the credit"
    );
    let mut s = h.state().state.settings.clone();
    s.foreign_tax_paid.insert(2025, Decimal::from(45_000));
    h.state_mut().act(Action::ApplySettings(Box::new(s)));
    h.run();
    h.get_by_label("30,000 KZT");
    h.get_by_label("20,000 KZT");
    h.get_by_label_contains("capped at the Kazakh tax on the foreign income");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.query_all_by_label("50,000 KZT").count(), 2);
    assert!(h.query_by_label("20,000 KZT").is_none());
}

#[test]
fn a_trade_marked_exempt_from_its_menu_moves_to_e_1() {
    let mut app = App::headless();
    app.prefs.welcome_closed = true;
    let mut h = harness(app);
    h.run();
    h.state_mut()
        .import_paths(&[data("exempt_2025.csv")], FileRole::Auto);
    h.state_mut().tab = Tab::Trades;
    h.run();
    // The government bond's sale, line 9: right-click it, choose its exemption.
    h.get_by_label("exempt_2025.csv:9")
        .click_button(egui::PointerButton::Secondary);
    h.run();
    h.get_by_label("Government securities (Art. 341)").click();
    h.run();
    h.state_mut().tab = Tab::Forms;
    h.state_mut().year = Some(2025);
    h.run();
    // E_1 = 150,000 (KASE by default) + 40,000 (the bond) = 190,000; G 60,000; H 6,000.
    h.get_by_label("190,000 KZT");
    h.get_by_label("60,000 KZT");
    assert_eq!(h.query_all_by_label("6,000 KZT").count(), 2);
    // The Summary shows the exempt income: 150,000 + 30,000 + 40,000 = 220,000.
    h.state_mut().tab = Tab::Summary;
    h.run();
    h.get_by_label("Exempt income, declared and adjusted out (E)");
    h.get_by_label("220,000.00 KZT");
    h.state_mut().tab = Tab::Forms;
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    // Without the mark: E_1 150,000; G 100,000; H 10,000.
    h.get_by_label("150,000 KZT");
    assert_eq!(h.query_all_by_label("10,000 KZT").count(), 2);
}

#[test]
fn the_russian_draft_uses_russian_lines() {
    let mut app = App::headless();
    app.prefs.lang = salyq_window::i18n::Lang::Ru;
    app.prefs.welcome_closed = true;
    app.tab = Tab::Forms;
    app.year = Some(2025);
    let mut h = harness(app);
    h.run();
    h.get_by_label("Имущественный доход: прирост стоимости при реализации в Республике Казахстан");
    h.get_by_label_contains("270.00 — Декларация о доходах и имуществе");
    h.get_by_label("Сдать до 2026-09-15, уплатить до 2026-09-25");
}

#[test]
fn months_of_basic_deduction_typed_in_settings_fill_f_1_and_undo_takes_them_back() {
    // The sample's 2026: D − E = 195,117 (sample_data/README.md §3). With no month entered F_1
    // is 0, H 19,512, and a note says what a 12-month claim would save (the whole tax here).
    let mut h = forms_tab(2026);
    h.get_by_label_contains("for 12 months it would save 19,512 KZT of tax");
    assert_eq!(h.query_all_by_label("19,512 KZT").count(), 2, "H and K");
    h.state_mut().tab = Tab::Settings;
    h.run();
    // The field holds "0": typing 12 after it gives "012", read as 12; Enter applies it.
    let field = "Months of 2026 no employer applied the basic deduction";
    h.get_by_label(field).focus();
    h.run();
    h.get_by_label(field).type_text("12");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        h.state().state.settings.basic_deduction_months.get(&2026),
        Some(&12)
    );
    h.state_mut().tab = Tab::Forms;
    h.run();
    // 12 months: 360 MCI × 4,325 = 1,557,000, capped at D − E = 195,117: F_1 = F = 195,117,
    // G = 0, H = K = 0.
    let draft = h.state().forms.draft().unwrap();
    assert_eq!(draft.value(LineId::F_1), Decimal::from(195_117));
    assert_eq!(draft.value(LineId::G), Decimal::ZERO);
    assert_eq!(draft.value(LineId::K), Decimal::ZERO);
    assert!(h.query_by_label("19,512 KZT").is_none());
    // Undo: the months are gone, the tax is back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.query_all_by_label("19,512 KZT").count(), 2);
    assert!(h.state().state.settings.basic_deduction_months.is_empty());
}
