//! Table cells drawn the same way on every tab: a source line (`file:line`, the file name
//! shortened in its middle, never the line; the full text in a tooltip) and numbers aligned to
//! the right.

use salyq_core::model::Source;

/// `text` shortened in its middle (an ellipsis in place of the characters dropped) so that
/// `fits` says yes; `keep_end` characters at the end are always kept.
pub fn shorten_middle(text: &str, keep_end: usize, fits: impl Fn(&str) -> bool) -> String {
    if fits(text) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let keep_end = keep_end.min(n);
    // Drop more and more from the middle of the part that may go.
    let free = n - keep_end;
    let mut drop = 1;
    loop {
        if drop >= free {
            let s: String = std::iter::once('…')
                .chain(chars[n - keep_end..].iter().copied())
                .collect();
            return s;
        }
        let left = (free - drop) / 2 + (free - drop) % 2;
        let right_start = left + drop;
        let s: String = chars[..left]
            .iter()
            .copied()
            .chain(std::iter::once('…'))
            .chain(chars[right_start..].iter().copied())
            .collect();
        if fits(&s) {
            return s;
        }
        drop = (drop * 3).div_ceil(2).max(drop + 1);
    }
}

/// A source line: `file:line`, its file name shortened to the cell's width (never the line),
/// the whole in a tooltip.
pub fn source(ui: &mut egui::Ui, src: &Source) -> egui::Response {
    let full = src.to_string();
    let line = format!(":{}", src.line);
    let width = ui.available_width().max(24.0);
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().text_color();
    let painter = ui.painter().clone();
    let fits = |s: &str| {
        painter
            .layout_no_wrap(s.to_string(), font.clone(), color)
            .size()
            .x
            <= width
    };
    // The line and the extension stay: `…ades_1000000.csv:12`.
    let keep = line.chars().count() + 4;
    let shown = shorten_middle(&full, keep, fits);
    ui.add(egui::Label::new(shown).wrap_mode(egui::TextWrapMode::Extend))
        .on_hover_text(full)
}

/// The width a column needs for its header `text` (strong body text) and a little room.
pub fn header_width(ui: &egui::Ui, text: &str) -> f32 {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().strong_text_color();
    ui.painter()
        .layout_no_wrap(text.to_string(), font, color)
        .size()
        .x
        + 18.0
}

/// A number (or an amount) aligned to the right of its cell.
pub fn num(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>) -> egui::Response {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.label(text)
    })
    .inner
}

/// Width of a year's column (the Summary's and the income table's).
pub const YEAR_COLUMN: f32 = 200.0;

/// A right-aligned cell of a year's column.
pub fn year_cell(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>) {
    let size = egui::vec2(YEAR_COLUMN, ui.spacing().interact_size.y);
    ui.allocate_ui_with_layout(size, egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.label(text)
    });
}

#[cfg(test)]
mod tests {
    use super::shorten_middle;

    #[test]
    fn the_line_is_never_cut() {
        // At most 20 characters: "trades_1000000.csv:123456" (25) loses the middle of the name.
        let s = shorten_middle("trades_1000000.csv:123456", 11, |s| s.chars().count() <= 20);
        assert!(s.ends_with(".csv:123456"), "{s}");
        assert!(s.contains('…'));
        assert!(s.chars().count() <= 20, "{s}");
        assert_eq!(shorten_middle("a.csv:2", 6, |_| true), "a.csv:2");
        // Too narrow for anything else: only the kept end.
        assert_eq!(
            shorten_middle("trades.csv:9", 6, |s| s.chars().count() <= 3),
            "….csv:9"
        );
    }
}
