//! A security's issuer country set from the trade's menu: the Interactive Brokers statement's
//! AAPL (ISIN US0378331005, APPLE INC) is a US issuer's by the broker's instrument data; the user sets it to NL with
//! a reason, the menu then names the user's decision, and Undo takes it back.

use egui_kittest::kittest::Queryable;
use salyq_core::model::Kind;
use salyq_core::overrides::Change;
use salyq_window::tabs::Tab;
use salyq_window::{App, Prefs};

use crate::common::harness;

#[test]
fn the_issuer_country_is_set_from_the_trade_menu_and_undone() {
    let mut app = App::empty(salyq_window::worker::Mode::Inline, Prefs::default());
    app.prefs.welcome_closed = true;
    app.tab = Tab::Trades;
    let mut h = harness(app);
    let _dir = crate::common::import_ibkr_2025(&mut h);
    // The first AAPL trade in the table's order: Down moves to it row by row, Enter opens its menu.
    let index = h.state().trades.index.clone();
    let trades = h.state().state.inputs.trades.clone();
    let row = index
        .iter()
        .position(|&i| {
            trades[i as usize].asset.as_str() == "AAPL" && trades[i as usize].kind == Kind::Security
        })
        .expect("an AAPL trade");
    for _ in 0..=row {
        h.key_press(egui::Key::ArrowDown);
        h.run();
    }
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label("Issuer's country: US (the broker's data)");
    // The reason first, then the country (each field named by its label).
    h.get_by_label("Why:").click();
    h.run();
    h.get_by_label("Why:")
        .type_text("depositary receipt of a Dutch issuer");
    h.run();
    let field = "Set the country (ISO code):";
    h.get_by_label(field).click();
    h.run();
    h.get_by_label(field).type_text("nl");
    h.run();
    h.get_by_label("Set").click();
    h.run();
    h.run();
    let overrides = &h.state().state.settings.overrides;
    assert_eq!(overrides.len(), 1, "{overrides:?}");
    assert_eq!(
        overrides[0].change,
        Change::IssuerCountry {
            security: "US0378331005".into(),
            country: "NL".into()
        }
    );
    assert_eq!(overrides[0].reason, "depositary receipt of a Dutch issuer");
    // Undo: no decision left.
    h.state_mut().state.undo();
    h.run();
    assert!(h.state().state.settings.overrides.is_empty());
}
