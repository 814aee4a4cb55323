//! Bybit's Unified Trading Account transaction log, through the one import path: the fixture
//! `tests/data/bybit_uta.csv` (written for this test from the documented header, with the
//! `UID: …` line first) read field by field, and a hand-worked figure on it.

use rust_decimal_macros::dec;
use salyq_core::import::{FileRole, Inputs};
use salyq_core::ledger::{ApartKind, EntryKind};
use salyq_core::model::Side;

fn fixture() -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bybit_uta.csv"))
        .expect("fixture")
}

fn utc(s: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(s).unwrap()
}

#[test]
fn uta_log_reads_two_trade_rows_as_one_spot_trade() {
    let mut inputs = Inputs::default();
    inputs
        .add_reader(fixture().as_slice(), "bybit_uta.csv", FileRole::Auto)
        .expect("the log reads");
    let r = &inputs.reports[0];
    assert_eq!(r.format, "Bybit Unified Trading Account transaction log");
    // Ten lines: the UID line, the header, nine rows.
    assert_eq!(r.rows, 9);
    assert_eq!(r.trades, 2);
    assert_eq!(r.events, 2);
    assert_eq!(r.skipped.get("TRANSFER_IN (inside Bybit)"), Some(&1));
    assert_eq!(r.skipped.get("TRANSFER_OUT (inside Bybit)"), Some(&1));
    assert_eq!(r.skipped.len(), 2);

    let [buy, sell] = &inputs.trades[..] else {
        panic!("two trades: {:#?}", inputs.trades)
    };
    // Lines 4-5: 0.01 BTC received (Change 0.00999 + Fee Paid 0.00001), 600 USDT given.
    assert_eq!(buy.line, 4);
    assert_eq!(&*buy.file, "bybit_uta.csv");
    assert_eq!(buy.time, utc("2024-03-01T10:00:00Z"));
    assert_eq!(buy.side, Side::Buy);
    assert_eq!(&*buy.asset, "BTC");
    assert_eq!(buy.quantity, dec!(0.01));
    assert_eq!(buy.total, dec!(600));
    assert_eq!(&*buy.currency, "USDT");
    assert_eq!(buy.fee, dec!(0.00001));
    assert_eq!(&*buy.fee_currency, "BTC");
    assert_eq!(buy.exchange.as_deref(), Some("Bybit"));
    assert_eq!(buy.id, None);
    assert_eq!(buy.note, None);
    // Lines 6-7: 0.005 BTC given, 350 USDT received (Change 349.65 + Fee Paid 0.35).
    assert_eq!(sell.line, 6);
    assert_eq!(sell.time, utc("2024-06-03T12:00:00Z"));
    assert_eq!(sell.side, Side::Sell);
    assert_eq!(&*sell.asset, "BTC");
    assert_eq!(sell.quantity, dec!(0.005));
    assert_eq!(sell.total, dec!(350));
    assert_eq!(&*sell.currency, "USDT");
    assert_eq!(sell.fee, dec!(0.35));
    assert_eq!(&*sell.fee_currency, "USDT");

    // A perpetual trade (one USDT row, line 8) and its funding (line 9): kept apart, signed.
    let e = &inputs.ledger.entries;
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].source.line, 9);
    assert_eq!(e[0].kind, EntryKind::Apart(ApartKind::FundingFee));
    assert_eq!((&*e[0].asset, e[0].quantity), ("USDT", dec!(-0.05)));
    assert_eq!(e[0].time, utc("2024-06-03T16:00:00Z"));
    assert_eq!(e[1].source.line, 8);
    assert_eq!(e[1].kind, EntryKind::Apart(ApartKind::FuturesPnl));
    assert_eq!((&*e[1].asset, e[1].quantity), ("USDT", dec!(-0.19)));
    assert_eq!(e[1].note.as_deref(), Some("TRADE ETHUSDT (derivatives)"));
    assert_eq!(e[1].venue.as_deref(), Some("Bybit"));

    // Line 11: an ETHBTC buy with its ETH row alone (the BTC row missing): listed, not guessed.
    assert_eq!(r.unresolved.len(), 1);
    let g = &r.unresolved[0];
    assert_eq!(g.lines, [11]);
    assert_eq!(g.found, "TRADE ETHBTC BUY ETH");
    assert_eq!(g.why, "a spot trade needs a row in each currency of the pair");
    assert!(r.to_string().contains("figures incomplete"), "{r}");
    assert!(
        inputs
            .warnings
            .iter()
            .any(|w| w.source.as_ref().map(|s| s.line) == Some(11))
    );
}

#[test]
fn uta_log_signs_against_direction_and_fees_in_both_coins_are_listed() {
    let text = "Uid,Currency,Contract,Type,Direction,Quantity,Position,Filled Price,Funding,Fee Paid,Cash Flow,Change,Wallet Balance,Action,Time(UTC)\n\
        1,BTC,BTCUSDT,TRADE,SELL,0.01,,60000,0,0,0.01,0.01,0.01,,2024-03-01 10:00:00\n\
        1,USDT,BTCUSDT,TRADE,SELL,0.01,,60000,0,0,-600,-600,0,,2024-03-01 10:00:00\n\
        1,BTC,BTCUSDT,TRADE,BUY,0.01,,60000,0,0.00001,0.01,0.00999,0.01,,2024-03-02 10:00:00\n\
        1,USDT,BTCUSDT,TRADE,BUY,0.01,,60000,0,0.1,-600,-600.1,0,,2024-03-02 10:00:00\n\
        1,BTC,BTCUSDT,TRADE,BUY,0.01,,60000,0,0,0.01,0.01,0.01,,10:00 2024-03-03\n\
        1,USDT,BTCUSDT,TRADE,BUY,0.01,,60000,0,0,-600,-600,0,,10:00 2024-03-03\n";
    let mut inputs = Inputs::default();
    inputs
        .add_reader(text.as_bytes(), "uta.csv", FileRole::Auto)
        .expect("reads");
    let r = &inputs.reports[0];
    let why: Vec<&str> = r.unresolved.iter().map(|g| g.why.as_str()).collect();
    assert_eq!(
        why,
        [
            "the signs go against Direction",
            "fees are paid in both currencies"
        ]
    );
    assert_eq!(r.unresolved[0].lines, [2, 3]);
    assert_eq!(r.unresolved[1].lines, [4, 5]);
    // Bybit's time-first form reads too.
    assert_eq!(inputs.trades.len(), 1);
    assert_eq!(inputs.trades[0].time, utc("2024-03-03T10:00:00Z"));
}

#[test]
fn uta_log_bad_cells_are_errors_naming_line_and_column() {
    let text = "Uid,Currency,Contract,Type,Direction,Quantity,Position,Filled Price,Funding,Fee Paid,Cash Flow,Change,Wallet Balance,Action,Time(UTC)\n\
        1,BTC,BTCUSDT,TRADE,BUY,0.01,,60000,0,0,0.01,0,01,0.01,,2024-03-01 10:00:00\n\
        1,BTC,BTCUSDT,TRADE,BUY,0.01,,60000,0,0,0.01,abc,0.01,,2024-03-01 10:00:00\n\
        1,BTC,BTCUSDT,TRADE,BUY,0.01,,60000,0,0,0.01,0.01,0.01,,yesterday\n";
    let mut inputs = Inputs::default();
    let e = inputs
        .add_reader(text.as_bytes(), "uta.csv", FileRole::Auto)
        .expect_err("bad rows");
    assert_eq!(e.len(), 3, "{e:#?}");
    assert_eq!(e[0].line, Some(2));
    assert_eq!(e[1].line, Some(3));
    assert_eq!(e[1].column.as_ref().map(|c| c.1.as_str()), Some("Change"));
    assert_eq!(e[1].found.as_deref(), Some("abc"));
    assert_eq!(e[2].line, Some(4));
    assert_eq!(e[2].column.as_ref().map(|c| c.1.as_str()), Some("Time(UTC)"));
    // Nothing was added.
    assert!(inputs.trades.is_empty() && inputs.reports.is_empty());
}

#[test]
fn a_file_after_a_uid_line_that_no_format_knows_names_its_own_header() {
    let text = "UID: 123,Company Name: ,Country:\nColumn A,Column B,Change\n1,2,3\n";
    let mut inputs = Inputs::default();
    let e = inputs
        .add_reader(text.as_bytes(), "odd.csv", FileRole::Auto)
        .expect_err("unknown");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].line, Some(2), "{}", e[0]);
    assert_eq!(e[0].found.as_deref(), Some("Column A,Column B,Change"));
}

/// The hand-worked figure: the fixture with a purchase of the USDT it spends (the log shows
/// it only arriving by TRANSFER_IN), rates of 2024 and the default settings (+05:00,
/// stablecoins at par, fees included, FIFO).
#[test]
fn uta_log_gives_the_hand_worked_tax() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("bybit_uta.csv"), fixture()).unwrap();
    std::fs::write(
        d.join("usdt.csv"),
        "date,side,asset,quantity,total,currency,exchange\n2024-02-20T00:00:00Z,buy,USDT,1000,450000,KZT,Bybit\n",
    )
    .unwrap();
    std::fs::write(
        d.join("rates.csv"),
        "date,currency,rate\n2024-02-29,USD,450.00\n2024-05-31,USD,445.00\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_salyq"))
        .current_dir(d)
        .args([
            "report",
            "usdt.csv",
            "bybit_uta.csv",
            "--rates",
            "rates.csv",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Buy of 0.01 BTC on 2024-03-01 (tax date 1 March, rate of 29 February, 450.00):
    //   V = 600 USDT × 1 USD × 450.00 = 270,000.00; the 0.00001 BTC fee is in the received
    //   asset, so the lot is 0.00999 BTC costing 270,000.00.
    //   The 600 USDT spent are a disposal: proceeds 270,000.00, cost 600/1000 of 450,000 KZT
    //   = 270,000.00, gain 0.
    // Sale of 0.005 BTC on 2024-06-03 (rate of 31 May, 445.00):
    //   V = 350 USDT × 445.00 = 155,750.00; fee 0.35 USDT: F = 155,750 ÷ 350 × 0.35 = 155.75;
    //   proceeds V − F = 155,594.25; cost 270,000 × 0.005 ÷ 0.00999 = 135,135.135… → 135,135.14;
    //   gain 20,459.11.
    // Year 2024: proceeds 425,594.25, cost 405,135.14, gains 20,459.11; per-sale netting, so
    // property income 20,459.11 and tax 10 % = 2,045.911 → 2,046 tenge.
    let y = &v["years"][0];
    assert_eq!(y["year"], 2024);
    assert_eq!(y["disposals"], 2);
    assert_eq!(y["proceeds_kzt"], "425594.25");
    assert_eq!(y["cost_kzt"], "405135.14");
    assert_eq!(y["gains_kzt"], "20459.11");
    assert_eq!(y["property_income_kzt"], "20459.11");
    assert_eq!(y["tax_kzt"], "2046");
    // The ETHBTC row alone is listed: the figures say they are incomplete.
    assert_eq!(v["incomplete"], true);
    assert_eq!(
        v["files"][1]["unresolved_groups"][0]["source"],
        "bybit_uta.csv:11"
    );
}

#[test]
fn uta_log_directions_in_one_second() {
    let text = "Uid,Currency,Contract,Type,Direction,Quantity,Position,Filled Price,Funding,Fee Paid,Cash Flow,Change,Wallet Balance,Action,Time(UTC)\n\
        1,BTC,BTCUSDT,TRADE,BUY,0.01,,60000,0,0,0.01,0.01,0.01,,2024-03-01 10:00:00\n\
        1,USDT,BTCUSDT,TRADE,BUY,0.01,,60000,0,0,-600,-600,0,,2024-03-01 10:00:00\n\
        1,BTC,BTCUSDT,TRADE,SELL,0.004,,60000,0,0,-0.004,-0.004,0.006,,2024-03-01 10:00:00\n\
        1,USDT,BTCUSDT,TRADE,SELL,0.004,,60000,0,0.24,240,239.76,239.76,,2024-03-01 10:00:00\n\
        1,ETH,ETHUSDT,TRADE,BUY,0.1,,3000,0,0,0.1,0.1,0.1,,2024-03-02 10:00:00\n\
        1,USDT,ETHUSDT,TRADE,SELL,0.1,,3000,0,0,-300,-300,0,,2024-03-02 10:00:00\n";
    let mut inputs = Inputs::default();
    inputs
        .add_reader(text.as_bytes(), "uta.csv", FileRole::Auto)
        .expect("reads");
    assert!(inputs.reports[0].unresolved.is_empty());
    let t = &inputs.trades;
    assert_eq!(t.len(), 3, "{t:#?}");
    // A buy and a sale of BTC in one second, each with its two rows: two trades.
    assert_eq!(
        (t[0].line, t[0].side, t[0].quantity, t[0].total),
        (2, Side::Buy, dec!(0.01), dec!(600))
    );
    assert_eq!(
        (t[1].line, t[1].side, t[1].quantity, t[1].total),
        (4, Side::Sell, dec!(0.004), dec!(240))
    );
    assert_eq!((&*t[1].fee_currency, t[1].fee), ("USDT", dec!(0.24)));
    // Rows naming different directions with one currency each: one trade, the side from the
    // signs (ETH in, USDT out: a buy).
    assert_eq!(
        (t[2].line, t[2].side, &*t[2].asset, t[2].quantity, t[2].total),
        (6, Side::Buy, "ETH", dec!(0.1), dec!(300))
    );
}
