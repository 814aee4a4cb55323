//! Helpers shared by the window's tests.

use egui_kittest::Harness;
use salyq_window::worker::Mode;
use salyq_window::{App, Prefs};
use std::path::{Path, PathBuf};

/// The window at 1280×900, driven headless, with Salyq's fonts.
pub fn harness(app: App) -> Harness<'static, App> {
    harness_sized(app, 1280.0, 900.0)
}

/// The window at the given size (taller for screens that list much), driven headless.
pub fn harness_sized(app: App, width: f32, height: f32) -> Harness<'static, App> {
    Harness::builder()
        .with_size(egui::vec2(width, height))
        .with_context_setup(salyq_window::fonts::install)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app)
}

/// An empty window (no sample, the welcome closed), run once.
pub fn empty() -> Harness<'static, App> {
    let mut app = App::empty(Mode::Inline, Prefs::default());
    app.prefs.welcome_closed = true;
    let mut h = harness(app);
    h.run();
    h
}

/// A sale of 1 BTC with only 0.5 bought: 0.5 has no purchase (one missing-purchase warning).
/// Buy 0.5 for 500,000; sell 1 for 1,600,000. FIFO: gain 1,600,000 − 500,000 = 1,100,000 (the
/// uncovered half at zero cost); tax 10 % = 110,000.
pub fn history(dir: &Path) -> PathBuf {
    let file = dir.join("history.csv");
    std::fs::write(
        &file,
        "date,side,asset,quantity,total,currency,exchange\n\
         2025-03-03T10:00:00Z,buy,BTC,0.5,500000,KZT,Binance\n\
         2025-06-02T10:00:00Z,sell,BTC,1,1600000,KZT,Binance\n",
    )
    .unwrap();
    file
}

/// Imports the Interactive Brokers statement of the test data (`ibkr_activity_2025.csv`) with
/// a 2025 dollar rate of 510 KZT (written in the folder returned, which must outlive the test).
pub fn import_ibkr_2025(h: &mut Harness<'static, App>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let rates = dir.path().join("rates.csv");
    std::fs::write(&rates, "date,currency,rate,quant\n2025,USD,510.00,1\n").unwrap();
    let statement = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .join("tests/data/ibkr_activity_2025.csv");
    h.state_mut()
        .import_paths(&[statement, rates], salyq_core::import::FileRole::Auto);
    h.run();
    dir
}

/// The sample on the Forms tab for 2025 (the welcome closed), run once.
pub fn forms_2025() -> Harness<'static, App> {
    let mut app = App::headless();
    app.prefs.welcome_closed = true;
    app.tab = salyq_window::tabs::Tab::Forms;
    app.year = Some(2025);
    let mut h = harness(app);
    h.run();
    h
}
