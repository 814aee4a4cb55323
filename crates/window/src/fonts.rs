//! Fonts: egui's own, with a bundled subset of DejaVu Sans behind them for the glyphs they
//! lack (the tenge sign ₸, the narrow no-break space, arrows). See `fonts/README.txt`.

use std::sync::Arc;

/// The fallback font's bytes.
const DEJAVU_SUBSET: &[u8] = include_bytes!("fonts/DejaVuSans-subset.ttf");

/// Name of the fallback font.
const FALLBACK: &str = "DejaVuSans-subset";

/// Installs egui's default fonts with the fallback behind each family. Takes effect from the
/// next frame, so call it before the first one.
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        FALLBACK.to_owned(),
        Arc::new(egui::FontData::from_static(DEJAVU_SUBSET)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push(FALLBACK.to_owned());
    }
    ctx.set_fonts(fonts);
}
