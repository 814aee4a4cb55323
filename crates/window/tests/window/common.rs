//! Helpers shared by the window's tests.

use egui_kittest::Harness;
use salyq_window::App;

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
