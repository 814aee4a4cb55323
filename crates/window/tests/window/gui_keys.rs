//! The keyboard in the tables and the focus ring, driven headless through egui_kittest: the
//! arrow keys move through the rows of every table, Enter opens the row, a table is one Tab
//! stop, and whatever has the keyboard has a ring around it.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use salyq_window::App;
use salyq_window::keyboard::{focused_rect, table_id};
use salyq_window::tabs::Tab;

use crate::common::harness;

fn sample_on(tab: Tab) -> Harness<'static, App> {
    let mut app = App::headless();
    app.prefs.welcome_closed = true;
    app.tab = tab;
    let mut h = harness(app);
    h.run();
    h
}

fn focused(h: &Harness<'static, App>) -> Option<egui::Id> {
    h.ctx.memory(|m| m.focused())
}

#[test]
fn enter_on_a_trade_opens_its_menu_with_the_reason_field_ready() {
    let mut h = sample_on(Tab::Trades);
    let index = h.state().trades.index.clone();
    assert_eq!(index.len(), h.state().state.inputs.trades.len());
    // Nothing selected: Down selects the first row shown, Down again the second.
    h.key_press(egui::Key::ArrowDown);
    h.run();
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert_eq!(h.state().trades.selected, Some(index[1] as usize));
    assert!(h.query_by_label("Why:").is_none(), "no menu yet");
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().trades.keyboard_menu(), Some(index[1] as usize));
    // The menu of that trade: its source line in bold, the reason field focused.
    let source = h.state().state.inputs.trades[index[1] as usize]
        .source()
        .to_string();
    h.get_by_label("Why:");
    assert!(h.query_all_by_label(&source).count() >= 1, "{source}");
    assert_eq!(
        focused(&h),
        Some(egui::Id::unique(salyq_window::decisions::TRADE_REASON_ID))
    );
    // The keys now type the reason: Down does not move the selection.
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert_eq!(h.state().trades.selected, Some(index[1] as usize));
}

#[test]
fn a_click_gives_the_table_the_keyboard_and_the_arrows_stay_in_it() {
    let mut h = sample_on(Tab::Disposals);
    let index = h.state().disposals.index.clone();
    assert_eq!(index.len(), 30, "the sample's 30 disposals");
    // Click the third row (the rows' dates are in row order; the third row's is unique enough
    // to find among the cells: take the cell whose row is the third).
    let c = h.state().state.computed.clone().unwrap();
    let date = c.computation.disposals[index[2] as usize].date.to_string();
    let nodes: Vec<_> = h.query_all_by_label(&date).collect();
    assert!(!nodes.is_empty(), "{date}");
    nodes[0].click();
    h.run();
    let clicked = h.state().disposals.selected.unwrap();
    assert_eq!(
        c.computation.disposals[clicked].date.to_string(),
        date,
        "the row clicked is selected"
    );
    assert_eq!(
        focused(&h),
        Some(table_id("disposals")),
        "the table has the keyboard"
    );
    let at = index.iter().position(|&i| i as usize == clicked).unwrap();
    // Down moves the selection one row and keeps the keyboard in the table (egui would
    // otherwise move the focus to the widget below).
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert_eq!(h.state().disposals.selected, Some(index[at + 1] as usize));
    assert_eq!(focused(&h), Some(table_id("disposals")));
    h.key_press(egui::Key::PageDown);
    h.run();
    assert_eq!(
        h.state().disposals.selected,
        Some(index[(at + 21).min(29)] as usize),
        "20 rows further"
    );
    // Escape gives the keyboard up; the arrows still move the rows (nothing has it).
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(focused(&h), None);
    h.key_press(egui::Key::Home);
    h.run();
    assert_eq!(h.state().disposals.selected, Some(index[0] as usize));
}

#[test]
fn a_table_is_one_tab_stop_and_its_ring_is_drawn() {
    let mut h = sample_on(Tab::Disposals);
    // From nothing focused, Tab walks the menu, the tab bar and the panels to the table. Were
    // each cell a stop (30 rows × 10 columns shown), it would take hundreds of presses.
    let mut presses = 0;
    while focused(&h) != Some(table_id("disposals")) {
        h.key_press(egui::Key::Tab);
        h.run();
        presses += 1;
        assert!(presses <= 40, "the table was not reached in 40 presses of Tab");
    }
    // The next stop is past the table, and Shift+Tab comes back to it.
    h.key_press(egui::Key::Tab);
    h.run();
    assert_ne!(focused(&h), Some(table_id("disposals")));
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Tab);
    h.run();
    assert_eq!(focused(&h), Some(table_id("disposals")));
    // Nothing selected: the ring goes round the table; a ring of 2 points in the selection
    // colour around the focused rectangle is among the shapes drawn.
    let rect = focused_rect(&h.ctx).expect("the table has a rectangle");
    assert!(rect.height() > 100.0, "the whole table: {rect:?}");
    assert!(has_ring(&h, rect), "no focus ring around {rect:?}");
    // With a row selected the ring is that row's.
    h.key_press(egui::Key::ArrowDown);
    h.run();
    h.run();
    let row = focused_rect(&h.ctx).unwrap();
    assert!(row.height() < 40.0, "one row: {row:?}");
    assert!(has_ring(&h, row), "no focus ring around the row {row:?}");
}

#[test]
fn every_focused_widget_has_a_ring() {
    let mut h = sample_on(Tab::Summary);
    for _ in 0..6 {
        h.key_press(egui::Key::Tab);
        h.run();
        let rect = focused_rect(&h.ctx).expect("Tab focused a widget");
        assert!(has_ring(&h, rect), "no ring around {rect:?}");
    }
}

/// True when the last frame drew the focus ring (2 points, the selection stroke's colour)
/// around `rect`.
fn has_ring(h: &Harness<'static, App>, rect: egui::Rect) -> bool {
    let color = h.ctx.global_style().visuals.selection.stroke.color;
    h.output().shapes.iter().any(|s| match &s.shape {
        egui::Shape::Rect(r) => {
            r.stroke.width == 2.0 && r.stroke.color == color && r.rect == rect.expand(1.0)
        }
        _ => false,
    })
}

#[test]
fn enter_on_a_warning_shows_its_trade() {
    // Buy 0.5 BTC, sell 1: the sale's other 0.5 has no purchase (a warning on the sale).
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("history.csv");
    std::fs::write(
        &file,
        "date,side,asset,quantity,total,currency\n\
         2025-01-10,buy,BTC,0.5,500000,KZT\n\
         2025-03-10,sell,BTC,1,1600000,KZT\n",
    )
    .unwrap();
    let mut h = sample_on(Tab::Warnings);
    h.state_mut().state.clear();
    h.state_mut()
        .import_paths(&[file], salyq_core::import::FileRole::Auto);
    h.state_mut().tab = Tab::Warnings;
    h.run();
    let c = h.state().state.computed.clone().unwrap();
    let warnings = &c.computation.warnings;
    assert!(!warnings.is_empty(), "the sample has warnings");
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert_eq!(h.state().review.selected, Some(0));
    let Some(w) = warnings.iter().position(|w| w.trade.is_some()) else {
        panic!("no warning of the sample names a trade");
    };
    h.key_press(egui::Key::End);
    h.run();
    assert_eq!(h.state().review.selected, Some(warnings.len() - 1));
    h.state_mut().review.selected = Some(w);
    h.run();
    // Enter in the review's reason field ends the reason; it does not open the warning.
    h.get_by_role_and_label(egui::Role::TextInput, "Why:").click();
    h.run();
    h.get_by_role_and_label(egui::Role::TextInput, "Why:")
        .type_text("bought on a P2P market");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().tab, Tab::Warnings);
    assert_eq!(h.state().review.selected, Some(w));
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().tab, Tab::Trades);
    let t = warnings[w].trade.unwrap();
    let source = &c.inputs.trades[t].source();
    let shown = h.state().trades.selected.unwrap();
    assert_eq!(&h.state().state.inputs.trades[shown].source(), source);
}

#[test]
fn the_disposals_of_a_form_line_take_the_arrows_and_enter() {
    let mut h = crate::common::forms_2025();
    // Line A_1_1 of the sample's 2025 draft sums 9 disposals.
    h.get_by_label("9 disposals").click();
    h.run();
    let draft = h.state().forms.draft().unwrap();
    let line = h.state().forms.selected.unwrap();
    let ids = match &draft.figure(line).unwrap().sums {
        salyq_core::forms::Sums::Disposals(ids) => ids.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(ids.len(), 9);
    h.key_press(egui::Key::ArrowDown);
    h.run();
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert_eq!(h.state().forms.selected_disposal, Some(ids[1]));
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().tab, Tab::Disposals);
    assert_eq!(h.state().disposals.selected, Some(ids[1]));
}
