//! A group of rows Salyq could not pair, in the window driven headless: the Warnings tab says
//! the figures are incomplete, "Exclude this group" records an exclusion (the notice and the
//! warning go), and undo takes it back.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use salyq_core::import::FileRole;
use salyq_core::overrides::Change;
use salyq_window::tabs::Tab;
use salyq_window::worker::Mode;
use salyq_window::{Action, App, Prefs};

fn harness(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .with_context_setup(salyq_window::fonts::install)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app)
}

const NOTICE: &str = "The figures are incomplete: 1 group of rows was not read";

#[test]
fn a_group_excluded_from_the_warnings_tab_is_resolved_and_undo_reopens_it() {
    let dir = tempfile::tempdir().unwrap();
    let stmt = dir.path().join("stmt.csv");
    std::fs::write(
        &stmt,
        "UTC_Time,Account,Operation,Coin,Change,Remark\n\
         2024-03-01 10:00:00,Spot,Transaction Buy,BTC,0.01,\n\
         2024-03-01 10:00:00,Spot,Transaction Spend,KZT,-270000,\n\
         2024-06-03 12:00:00,Spot,Transaction Sold,BTC,-0.01,\n\
         2024-06-03 12:00:00,Spot,Transaction Revenue,KZT,300000,\n\
         2024-06-03 13:00:00,Spot,Transaction Fee,BNB,-0.001,\n",
    )
    .unwrap();
    let mut app = App::empty(Mode::Inline, Prefs::default());
    app.prefs.welcome_closed = true;
    let mut h = harness(app);
    h.run();
    h.state_mut().import_paths(&[stmt], FileRole::Auto);
    h.run();
    // The rest of the file is read: 0.01 BTC bought for 270,000 KZT, sold for 300,000: gain 30,000.
    let gain = |h: &Harness<'static, App>| {
        h.state().state.computed.as_ref().unwrap().computation.disposals[0].gain()
    };
    assert_eq!(gain(&h), rust_decimal::Decimal::from(30_000));
    h.state_mut().tab = Tab::Warnings;
    h.run();
    h.get_by_label_contains(NOTICE);
    h.get_by_label("not imported").click();
    h.run();
    h.get_by_label("Exclude this group").click();
    h.run();
    let excluded =
        |h: &Harness<'static, App>| {
            h.state().state.settings.overrides.iter().any(
                |o| matches!(&o.change, Change::Exclude { trade, .. } if trade.to_string() == "stmt.csv:6"),
            )
        };
    assert!(excluded(&h));
    assert!(h.query_by_label_contains(NOTICE).is_none());
    assert!(h.query_by_label("not imported").is_none());
    assert_eq!(gain(&h), rust_decimal::Decimal::from(30_000));
    h.state_mut().act(Action::Undo);
    h.run();
    assert!(!excluded(&h));
    h.get_by_label_contains(NOTICE);
}
