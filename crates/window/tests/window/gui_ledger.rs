//! The ledger in the window, driven headless: a deposit of unknown origin paired by hand from
//! the Warnings tab (Pair…), undone, and a lot's path in the Disposals tab.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rust_decimal::Decimal;
use salyq_core::import::FileRole;
use salyq_window::tabs::Tab;
use salyq_window::worker::Mode;
use salyq_window::{Action, App, Prefs};

use crate::common::harness;

fn gain(h: &Harness<'static, App>) -> Decimal {
    h.state().state.computed.as_ref().unwrap().computation.disposals[0].gain()
}

#[test]
fn a_deposit_paired_by_hand_moves_the_lot_and_undo_takes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    // Binance: 0.1 BTC bought by card for 1,350,000 KZT, withdrawn on 1 Feb. Bybit: 0.0995 BTC
    // deposited 48 hours later (outside the 24 h window: not paired by itself), sold on 1 Mar
    // for 2,000,000 KZT.
    let binance = dir.path().join("binance.csv");
    std::fs::write(
        &binance,
        "User_ID,UTC_Time,Account,Operation,Coin,Change,Remark\n\
         1,2024-01-15 08:00:00,Spot,Buy Crypto,KZT,-1350000,\n\
         1,2024-01-15 08:00:00,Spot,Buy Crypto,BTC,0.1,\n\
         1,2024-02-01 10:00:00,Spot,Withdraw,BTC,-0.1,\n",
    )
    .unwrap();
    let bybit = dir.path().join("bybit.csv");
    std::fs::write(
        &bybit,
        "date,side,asset,quantity,total,currency,exchange\n\
         2024-02-03T10:00:00Z,deposit,BTC,0.0995,,,Bybit\n\
         2024-03-01T10:00:00Z,sell,BTC,0.0995,2000000,KZT,Bybit\n",
    )
    .unwrap();
    let mut app = App::empty(Mode::Inline, Prefs::default());
    app.prefs.welcome_closed = true;
    let mut h = harness(app);
    h.run();
    h.state_mut().import_paths(&[binance, bybit], FileRole::Auto);
    h.run();
    // Unpaired: FIFO takes 0.0995 of the Binance lot: 1,350,000 × 0.995 = 1,343,250; gain
    // 2,000,000 − 1,343,250 = 656,750.
    assert_eq!(gain(&h), Decimal::from(656_750));
    h.state_mut().tab = Tab::Warnings;
    h.run();
    h.get_by_label("Unknown origin").click();
    h.run();
    h.get_by_label("Pair…").click();
    h.run();
    assert_eq!(h.state().pair.as_ref().unwrap().candidates.len(), 1);
    h.get_by_label("Pair with").click();
    h.run();
    // Paired: the 0.0005 network fee reduces the Binance lot, which keeps its 1,350,000 for the
    // 0.0995 that arrived: gain 650,000.
    assert_eq!(gain(&h), Decimal::from(650_000));
    assert_eq!(
        h.state()
            .state
            .computed
            .as_ref()
            .unwrap()
            .computation
            .ledger
            .transfers
            .len(),
        1
    );
    // The Disposals tab names the lot's path.
    h.state_mut().tab = Tab::Disposals;
    h.state_mut().disposals.selected = Some(0);
    h.run();
    h.get_by_label_contains("acquired on Binance; moved Binance → Bybit on 2024-02-03");
    // Undo takes the pair back.
    h.state_mut().act(Action::Undo);
    h.run();
    assert_eq!(gain(&h), Decimal::from(656_750));
}
