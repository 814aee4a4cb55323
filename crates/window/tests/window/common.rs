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
