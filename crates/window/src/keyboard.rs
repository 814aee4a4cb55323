//! The keyboard in the tables, and the focus ring.
//!
//! A table is one stop of the Tab key, not one per cell: its cells sense clicks without taking
//! the keyboard ([`CELLS`]), and one focusable widget ([`TableKeys::finish`]) stands over the
//! selected row (or the whole table when no row is selected in view). While that widget has
//! the keyboard — or nothing else has it — the arrow keys, Page Up/Down, Home and End move the
//! selection, and Enter opens the selected row. A click on a row gives the table the keyboard.
//!
//! [`focus_ring`] draws a ring around whatever has the keyboard, every frame: egui draws a
//! focused button like a pressed one and frameless widgets (links, column headers, table
//! rows) not at all.

use egui::{Id, Rect, Sense};

/// What the cells of a keyboard table sense: clicks, without each cell being a Tab stop.
pub const CELLS: Sense = Sense::CLICK;

/// The keyboard of one table this frame.
#[derive(Debug, Clone, Copy)]
pub struct TableKeys {
    /// The widget that holds the table's keyboard.
    pub id: Id,
    /// True when the keys go to this table.
    pub has_keyboard: bool,
    /// The row (id) the keys moved the selection to.
    pub moved: Option<usize>,
    /// True when Enter asked to open the selected row.
    pub open: bool,
}

/// The widget that holds the keyboard of the table `name` (`trades`, `disposals`, `warnings`,
/// `form_disposals`).
pub fn table_id(name: &str) -> Id {
    Id::unique(("salyq_table_keys", name))
}

/// Reads the keys for the table `name` (before drawing it): `index` lists the rows shown (ids),
/// `selected` the id selected.
pub fn table_keys(ctx: &egui::Context, name: &str, index: &[u32], selected: Option<usize>) -> TableKeys {
    let id = table_id(name);
    let focused = ctx.memory(|m| m.focused());
    if focused == Some(id) {
        // The up and down arrows move through the rows, not the focus to the widget above.
        ctx.memory_mut(|m| {
            m.set_focus_lock_filter(
                id,
                egui::EventFilter {
                    vertical_arrows: true,
                    ..Default::default()
                },
            )
        });
    }
    // What had the keyboard when the frame began counts too: a text field that Enter just
    // ended has let it go, but that Enter was its own.
    let at_start = ctx.data(|d| d.get_temp::<Option<Id>>(start_id())).flatten();
    let free = |f: Option<Id>| f.is_none() || f == Some(id);
    let has_keyboard = !egui::Popup::is_any_open(ctx) && free(focused) && free(at_start);
    let moved = if has_keyboard {
        step(ctx, index, selected)
    } else {
        None
    };
    // The key first: the look-up in a million rows only when Enter was pressed.
    let open = has_keyboard
        && ctx.input(|i| i.key_pressed(egui::Key::Enter) && !i.modifiers.any())
        && selected.is_some_and(|s| index.contains(&(s as u32)));
    TableKeys {
        id,
        has_keyboard,
        moved,
        open,
    }
}

/// What a keyboard table's rows did this frame, noted as they are drawn ([`Rows::row`]) and
/// read by [`TableKeys::finish`]: where the selected row is, and whether a row was clicked.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rows {
    selected: Option<Rect>,
    clicked: bool,
}

impl Rows {
    /// Notes one drawn row: its `response`, and whether it is the `selected` one; true when it
    /// was clicked (with `right_click`, a right click counts too).
    pub fn row(&mut self, response: &egui::Response, selected: bool, right_click: bool) -> bool {
        if selected {
            self.selected = Some(response.rect);
        }
        let clicked = response.clicked() || (right_click && response.secondary_clicked());
        self.clicked |= clicked;
        clicked
    }
}

impl TableKeys {
    /// After the table was drawn in `table`: puts the widget that holds its keyboard over the
    /// selected row (when drawn this frame) or the table, named `label` for screen readers; a
    /// click on a row gives it the keyboard.
    pub fn finish(&self, ui: &mut egui::Ui, table: Rect, rows: Rows, label: &str) {
        let rect = rows
            .selected
            .map(|r| r.intersect(table))
            .filter(|r| r.is_positive())
            .unwrap_or(table);
        let response = ui.interact(rect, self.id, Sense::focusable_noninteractive());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Table, true, label));
        if rows.clicked {
            focus_next_frame(ui.ctx(), self.id);
        }
    }
}

fn pending_id() -> Id {
    Id::unique("salyq_focus_next_frame")
}

/// Gives `id` the keyboard at the start of the next frame: a focus given in the frame of a
/// click is taken back by egui (a click elsewhere than on the focused widget), and a text
/// field focused in the frame of an Enter gives it up at once (Enter ends its input).
pub fn focus_next_frame(ctx: &egui::Context, id: Id) {
    ctx.data_mut(|d| d.insert_temp(pending_id(), Some(id)));
}

fn start_id() -> Id {
    Id::unique("salyq_focus_at_frame_start")
}

/// Called first thing each frame: carries out [`focus_next_frame`] and notes what has the
/// keyboard as the frame begins.
pub fn begin_frame(ctx: &egui::Context) {
    if let Some(Some(id)) = ctx.data_mut(|d| d.remove_temp::<Option<Id>>(pending_id())) {
        ctx.memory_mut(|m| m.request_focus(id));
    }
    let focused = ctx.memory(|m| m.focused());
    ctx.data_mut(|d| d.insert_temp(start_id(), focused));
}

/// The row the navigation keys move the selection to (`None`: no key moved it).
fn step(ctx: &egui::Context, index: &[u32], selected: Option<usize>) -> Option<usize> {
    use egui::Key;
    if index.is_empty() {
        return None;
    }
    let keys = [
        Key::ArrowDown,
        Key::ArrowUp,
        Key::PageDown,
        Key::PageUp,
        Key::Home,
        Key::End,
    ];
    let key = ctx.input(|i| {
        (!i.modifiers.any())
            .then(|| keys.into_iter().find(|k| i.key_pressed(*k)))
            .flatten()
    })?;
    // Where the selection is, looked up only when a key moves it.
    let at = selected.and_then(|s| index.iter().position(|&i| i as usize == s));
    let last = index.len() - 1;
    let page = 20;
    let to = match key {
        Key::ArrowDown => at.map_or(0, |a| (a + 1).min(last)),
        Key::ArrowUp => at.map_or(0, |a| a.saturating_sub(1)),
        Key::PageDown => at.map_or(0, |a| (a + page).min(last)),
        Key::PageUp => at.map_or(0, |a| a.saturating_sub(page)),
        Key::Home => 0,
        _ => last,
    };
    (Some(to) != at).then(|| index[to] as usize)
}

/// The rectangle the focus ring is drawn around, if a widget has the keyboard.
pub fn focused_rect(ctx: &egui::Context) -> Option<Rect> {
    let id = ctx.memory(|m| m.focused())?;
    let r = ctx.read_response(id)?;
    r.interact_rect.is_positive().then_some(r.rect)
}

/// Draws a ring around the widget that has the keyboard (on its own layer, clipped as it is).
pub fn focus_ring(ctx: &egui::Context) {
    let Some(id) = ctx.memory(|m| m.focused()) else {
        return;
    };
    let Some(r) = ctx.read_response(id) else {
        return;
    };
    if !r.interact_rect.is_positive() {
        return;
    }
    let visuals = &ctx.global_style().visuals;
    let stroke = egui::Stroke::new(2.0, visuals.selection.stroke.color);
    ctx.layer_painter(r.layer_id)
        .with_clip_rect(r.interact_rect.expand(3.0))
        .rect_stroke(r.rect.expand(1.0), 3.0, stroke, egui::StrokeKind::Outside);
}
