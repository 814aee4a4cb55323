//! The Summary's income table, driven headless through egui_kittest: an Interactive Brokers
//! statement with its dividend and interest, in English, Russian and Kazakh.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use salyq_window::i18n::Lang;
use salyq_window::{App, Prefs};

fn harness(app: App) -> Harness<'static, App> {
    crate::common::harness_sized(app, 1280.0, 1400.0)
}

fn statement(lang: Lang) -> (Harness<'static, App>, tempfile::TempDir) {
    let mut app = App::empty(salyq_window::worker::Mode::Inline, Prefs::default());
    app.prefs.lang = lang;
    let mut h = harness(app);
    let dir = crate::common::import_ibkr_2025(&mut h);
    (h, dir)
}

/// 5.00 USD dividend × 510 = 2,550.00 with 0.75 × 510 = 382.50 withheld; 12.00 USD interest ×
/// 510 = 6,120.00 with 1.20 × 510 = 612.00 withheld (crates/core/tests/core/import_brokers.rs works the year).
#[test]
fn the_summary_shows_the_years_dividends_and_interest() {
    let (h, _dir) = statement(Lang::En);
    h.get_by_label("Dividends and interest (from the broker reports)");
    h.get_by_label("Foreign dividends (B_1_4)");
    h.get_by_label("2,550.00 KZT");
    h.get_by_label("382.50 KZT");
    h.get_by_label("Foreign interest and coupons (B_1_5)");
    h.get_by_label("6,120.00 KZT");
    h.get_by_label("612.00 KZT");
    h.get_by_label("the year's average");
}

#[test]
fn the_income_table_reads_in_russian_and_kazakh() {
    let (h, _dir) = statement(Lang::Ru);
    h.get_by_label("Дивиденды из-за рубежа (B_1_4)");
    h.get_by_label("Вознаграждения и купоны из-за рубежа (B_1_5)");
    let (h, _dir) = statement(Lang::Kk);
    h.get_by_label("Шетелден алынған дивидендтер (B_1_4)");
    h.get_by_label("Шетелден алынған сыйақылар мен купондар (B_1_5)");
}
