//! The Bybit spot trade history importer on its four layouts (unified account, with `Uid`, EU,
//! before the unified account) and on broken files. The fixtures in `tests/data/bybit_*.csv`
//! are written for these tests; they start at the header (skipping a preamble is the file
//! recognition's job, tested with it).

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use salyq_core::error::{Expectation, InputError, Problem};
use salyq_core::import::bybit;
use salyq_core::import::intern::Interner;
use salyq_core::import::report::FileReport;
use salyq_core::import::table::Table;
use salyq_core::model::{Kind, Side, Trade};
use std::path::Path;

fn read_bytes(name: &str, bytes: &[u8]) -> (Result<Vec<Trade>, Vec<InputError>>, FileReport) {
    let mut table = Table::open(name, bytes).expect("header");
    let names = table.header.names().to_vec();
    assert!(bybit::matches(&names), "{name}: header not recognised: {names:?}");
    let mut interner = Interner::default();
    let mut report = FileReport::new(name, bybit::NAME);
    let result = bybit::read(&mut table, &mut interner, &mut report);
    (result, report)
}

fn read(name: &str) -> (Result<Vec<Trade>, Vec<InputError>>, FileReport) {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .join("tests/data")
        .join(name);
    let bytes = std::fs::read(&path).expect("fixture");
    read_bytes(name, &bytes)
}

fn trades(name: &str) -> (Vec<Trade>, FileReport) {
    let (result, report) = read(name);
    match result {
        Ok(t) => (t, report),
        Err(e) => panic!("{name}: {e:#?}"),
    }
}

fn errors(name: &str) -> Vec<InputError> {
    match read(name).0 {
        Ok(t) => panic!("{name}: expected errors, got {} trades", t.len()),
        Err(e) => e,
    }
}

/// What one trade must be.
struct Want<'a> {
    line: u64,
    time: &'a str,
    side: Side,
    asset: &'a str,
    quantity: Decimal,
    total: Decimal,
    currency: &'a str,
    fee: Decimal,
    fee_currency: &'a str,
    id: &'a str,
}

fn check(t: &Trade, file: &str, w: Want<'_>) {
    let at = format!("{file}:{}", w.line);
    assert_eq!(&*t.file, file, "{at}: file");
    assert_eq!(u64::from(t.line), w.line, "{at}: line");
    assert_eq!(t.time.to_rfc3339(), w.time, "{at}: time");
    assert_eq!(t.side, w.side, "{at}: side");
    assert_eq!(&*t.asset, w.asset, "{at}: asset");
    assert_eq!(t.quantity, w.quantity, "{at}: quantity");
    assert_eq!(t.total, w.total, "{at}: total");
    assert_eq!(&*t.currency, w.currency, "{at}: currency");
    assert_eq!(t.fee, w.fee, "{at}: fee");
    assert_eq!(&*t.fee_currency, w.fee_currency, "{at}: fee currency");
    assert_eq!(t.id.as_deref(), Some(w.id), "{at}: id");
    assert_eq!(t.exchange.as_deref(), Some("Bybit"), "{at}: exchange");
    assert_eq!(t.kind, Kind::Crypto, "{at}: kind");
    assert_eq!(t.note, None, "{at}: note");
}

#[test]
fn unified_account_export() {
    let f = "bybit_unified.csv";
    let (t, report) = trades(f);
    assert_eq!(t.len(), 5);
    // A buy's fee is in the base asset received.
    check(
        &t[0],
        f,
        Want {
            line: 2,
            time: "2024-03-04T09:05:00+00:00",
            side: Side::Buy,
            asset: "BTC",
            quantity: dec!(0.1),
            total: dec!(6500),
            currency: "USDT",
            fee: dec!(0.0001),
            fee_currency: "BTC",
            id: "2200000000100000001",
        },
    );
    // A sell's fee is in the quote asset received.
    check(
        &t[1],
        f,
        Want {
            line: 3,
            time: "2024-11-16T14:35:00+00:00",
            side: Side::Sell,
            asset: "ETH",
            quantity: dec!(0.5),
            total: dec!(1750.5),
            currency: "USDT",
            fee: dec!(1.7505),
            fee_currency: "USDT",
            id: "2200000000100000002",
        },
    );
    // After a blank line: a crypto-for-crypto pair.
    check(
        &t[2],
        f,
        Want {
            line: 5,
            time: "2024-12-31T23:59:00+00:00",
            side: Side::Buy,
            asset: "ETH",
            quantity: dec!(1),
            total: dec!(0.054),
            currency: "BTC",
            fee: dec!(0.001),
            fee_currency: "ETH",
            id: "2200000000100000003",
        },
    );
    // Line 6 is an order that did not fill. A pair with `/`, a mixed-case direction.
    check(
        &t[3],
        f,
        Want {
            line: 7,
            time: "2025-01-02T00:01:00+00:00",
            side: Side::Sell,
            asset: "BTC",
            quantity: dec!(0.05),
            total: dec!(3300),
            currency: "USDT",
            fee: dec!(3.3),
            fee_currency: "USDT",
            id: "2200000000100000005",
        },
    );
    // No filled value: quantity × price; no fee.
    check(
        &t[4],
        f,
        Want {
            line: 8,
            time: "2025-01-03T12:00:00+00:00",
            side: Side::Buy,
            asset: "DOGE",
            quantity: dec!(400),
            total: dec!(100),
            currency: "USDT",
            fee: dec!(0),
            fee_currency: "DOGE",
            id: "2200000000100000006",
        },
    );
    // Trailing zeros are dropped.
    assert_eq!(t[0].total.to_string(), "6500");
    assert_eq!(report.rows, 6);
    assert_eq!(report.trades, 5);
    assert_eq!(report.skipped.get(bybit::SKIP_UNFILLED), Some(&1));
    assert_eq!(
        report.to_string(),
        "bybit_unified.csv: Bybit spot trade history, 6 rows, 5 trades, skipped 1 unfilled order"
    );
}

#[test]
fn export_with_uid_and_iso_times() {
    let f = "bybit_uid.csv";
    let (t, report) = trades(f);
    assert_eq!(t.len(), 3);
    check(
        &t[0],
        f,
        Want {
            line: 2,
            time: "2024-11-16T14:35:02+00:00",
            side: Side::Buy,
            asset: "SOL",
            quantity: dec!(10),
            total: dec!(1500),
            currency: "USDT",
            fee: dec!(0.01),
            fee_currency: "SOL",
            id: "2200000000200000001",
        },
    );
    check(
        &t[1],
        f,
        Want {
            line: 3,
            time: "2024-12-20T08:00:00+00:00",
            side: Side::Sell,
            asset: "SOL",
            quantity: dec!(5),
            total: dec!(820.5),
            currency: "USDT",
            fee: dec!(0.8205),
            fee_currency: "USDT",
            id: "2200000000200000002",
        },
    );
    // A stablecoin sold for another; a zero fee.
    check(
        &t[2],
        f,
        Want {
            line: 4,
            time: "2024-12-21T08:00:00+00:00",
            side: Side::Sell,
            asset: "USDC",
            quantity: dec!(100),
            total: dec!(99.99),
            currency: "USDT",
            fee: dec!(0),
            fee_currency: "USDT",
            id: "2200000000200000003",
        },
    );
    assert_eq!((report.rows, report.trades), (3, 3));
    assert!(report.skipped.is_empty());
}

#[test]
fn eu_export_with_fee_coin_and_exec_fee_v2() {
    let f = "bybit_eu.csv";
    let (t, _) = trades(f);
    assert_eq!(t.len(), 4);
    // `Fees` is `--`: the fee is ExecFeeV2, in feeCoin.
    check(
        &t[0],
        f,
        Want {
            line: 2,
            time: "2024-06-05T08:22:00+00:00",
            side: Side::Sell,
            asset: "BTC",
            quantity: dec!(0.00003),
            total: dec!(1.615287),
            currency: "EUR",
            fee: dec!(0.0040382175),
            fee_currency: "EUR",
            id: "3010000000000000001",
        },
    );
    check(
        &t[1],
        f,
        Want {
            line: 3,
            time: "2024-06-05T08:23:00+00:00",
            side: Side::Buy,
            asset: "BTC",
            quantity: dec!(0.00007),
            total: dec!(3.771152),
            currency: "EUR",
            fee: dec!(0.000000175),
            fee_currency: "BTC",
            id: "3010000000000000002",
        },
    );
    // ExecFeeV2 is `--`: the fee is `Fees`, in feeCoin (here the quote asset, on a buy).
    check(
        &t[2],
        f,
        Want {
            line: 4,
            time: "2024-06-06T10:00:00+00:00",
            side: Side::Buy,
            asset: "ETH",
            quantity: dec!(0.1),
            total: dec!(350),
            currency: "USDC",
            fee: dec!(0.35),
            fee_currency: "USDC",
            id: "3010000000000000003",
        },
    );
    // feeCoin is `--` too: Bybit's rule (a sell's fee in the quote asset).
    check(
        &t[3],
        f,
        Want {
            line: 5,
            time: "2024-06-06T10:05:00+00:00",
            side: Side::Sell,
            asset: "ETH",
            quantity: dec!(0.1),
            total: dec!(320),
            currency: "EUR",
            fee: dec!(0.32),
            fee_currency: "EUR",
            id: "3010000000000000004",
        },
    );
}

#[test]
fn pre_unified_export_with_units_inside_amounts() {
    let f = "bybit_pre_uta.csv";
    let (t, _) = trades(f);
    assert_eq!(t.len(), 3);
    // The UTC column is used, not the local time.
    check(
        &t[0],
        f,
        Want {
            line: 2,
            time: "2024-09-27T18:02:35+00:00",
            side: Side::Buy,
            asset: "NEIRO",
            quantity: dec!(1123.59),
            total: dec!(99.99951),
            currency: "USDT",
            fee: dec!(2.24718),
            fee_currency: "NEIRO",
            id: "44440001",
        },
    );
    check(
        &t[1],
        f,
        Want {
            line: 3,
            time: "2024-09-27T21:52:04+00:00",
            side: Side::Sell,
            asset: "NEIRO",
            quantity: dec!(1121.34),
            total: dec!(99.687126),
            currency: "USDT",
            fee: dec!(0.199374252),
            fee_currency: "USDT",
            id: "44440002",
        },
    );
    // The fee's unit is a third asset: it is taken as written.
    check(
        &t[2],
        f,
        Want {
            line: 4,
            time: "2024-10-01T05:00:00+00:00",
            side: Side::Buy,
            asset: "BTC",
            quantity: dec!(0.01),
            total: dec!(630),
            currency: "USDT",
            fee: dec!(0.005),
            fee_currency: "MNT",
            id: "44440003",
        },
    );
}

#[test]
fn local_time_only_is_read_as_utc_and_header_offsets_apply() {
    let local = "Filled Time (Local Time),Spot Pairs,Direction,Filled Value,Filled Price,Filled Quantity,Fees,Transaction ID\n\
                 2024-09-27 23:02:35,BTCUSDT,Buy,630,63000,0.01,0.00001,1\n";
    let (t, _) = read_bytes("local.csv", local.as_bytes());
    assert_eq!(t.unwrap()[0].time.to_rfc3339(), "2024-09-27T23:02:35+00:00");
    let plus8 = "Spot Pairs,Direction,Filled Value,Filled Price,Filled Quantity,Fees,Transaction ID,Timestamp (UTC+8)\n\
                 BTCUSDT,BUY,630,63000,0.01,0.00001,1,08:30 2024-11-16\n";
    let (t, _) = read_bytes("plus8.csv", plus8.as_bytes());
    let t = t.unwrap();
    assert_eq!(t[0].time.to_rfc3339(), "2024-11-16T08:30:00+08:00");
    assert_eq!(t[0].utc().to_rfc3339(), "2024-11-16T00:30:00+00:00");
}

#[test]
fn recognises_its_headers_only() {
    let names = |s: &str| s.split(',').map(|n| n.trim().to_lowercase()).collect::<Vec<_>>();
    for h in [
        "Spot Pairs,Order Type,Direction,Filled Value,Filled Price,Filled Quantity,Fees,Transaction ID,Order No.,Timestamp (UTC)",
        "Uid,Spot Pairs,Order Type,Direction,Filled Value,Filled Price,Filled Quantity,Fees,Transaction ID,Order No.,Timestamp (UTC+0)",
        "Spot Pairs,Order Type,Direction,feeCoin,ExecFeeV2,Filled Value,Filled Price,Filled Quantity,Fees,Transaction ID,Order No.,Timestamp (UTC)",
        "Filled Time (Local Time),Spot Pairs,Order Type,Direction,Filled Value,Filled Price,Filled Quantity,Fees,Transaction ID,Order No.,Timestamp (UTC)",
    ] {
        assert!(bybit::matches(&names(h)), "{h}");
    }
    for h in [
        "date,side,asset,quantity,price,currency",
        "Date(UTC),Pair,Side,Price,Executed,Amount,Fee",
        "Uid,Currency,Contract,Type,Direction,Quantity,Position,Filled Price,Funding,Fee Paid,Cash Flow,Change,Wallet Balance,Action,Time(UTC)",
        "UID: 123,Company Name: ,Country:",
    ] {
        assert!(!bybit::matches(&names(h)), "{h}");
    }
}

#[test]
fn every_bad_row_is_reported_with_file_line_column_and_value() {
    let e = errors("bybit_bad.csv");
    let lines: Vec<Option<u64>> = e.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7, 8, 9].map(Some), "{e:#?}");
    assert!(e.iter().all(|e| e.file == "bybit_bad.csv"));
    let col = |e: &InputError| e.column.clone();
    // An unparseable amount.
    assert_eq!(e[0].problem, Problem::NotANumber);
    assert_eq!(col(&e[0]), Some((4, "Filled Value".to_string())));
    assert_eq!(e[0].found.as_deref(), Some("65O0.5"));
    assert_eq!(
        e[0].to_string(),
        "bybit_bad.csv:3:4: column \"Filled Value\": not a number: found \"65O0.5\", \
         expected a number of 0 or more with \".\" as the decimal point"
    );
    // A pair whose quote asset is unknown.
    assert_eq!(e[1].problem, Problem::UnknownPair);
    assert_eq!(col(&e[1]), Some((1, "Spot Pairs".to_string())));
    assert_eq!(e[1].expectation, Some(Expectation::Pair));
    // A direction other than buy or sell.
    assert_eq!(e[2].problem, Problem::UnknownSide);
    assert_eq!(e[2].found.as_deref(), Some("HOLD"));
    // A time that is not one.
    assert_eq!(e[3].problem, Problem::BadDate);
    assert_eq!(col(&e[3]), Some((10, "Timestamp (UTC)".to_string())));
    assert_eq!(e[3].expectation, Some(Expectation::BybitDateTime));
    // A missing quantity.
    assert_eq!(e[4].problem, Problem::MissingValue);
    assert_eq!(col(&e[4]), Some((6, "Filled Quantity".to_string())));
    // A quantity in another asset than the pair's base.
    assert_eq!(e[5].problem, Problem::WrongUnit);
    assert_eq!(e[5].found.as_deref(), Some("0.1 ETH"));
    assert_eq!(e[5].expectation, Some(Expectation::AmountIn("BTC".into())));
    // A negative fee.
    assert_eq!(e[6].problem, Problem::Negative);
    assert_eq!(col(&e[6]), Some((7, "Fees".to_string())));
}

#[test]
fn a_missing_column_is_named_on_the_header_line() {
    let e = errors("bybit_missing_column.csv");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].file, "bybit_missing_column.csv");
    assert_eq!(e[0].line, Some(1));
    assert_eq!(e[0].problem, Problem::MissingColumn("filled quantity".into()));
    assert_eq!(e[0].expectation, Some(Expectation::BybitHeader));
}

#[test]
fn many_bad_rows_are_capped_with_a_count() {
    let mut text = String::from(
        "Spot Pairs,Direction,Filled Value,Filled Quantity,Fees,Transaction ID,Timestamp (UTC)\n",
    );
    for i in 0..250 {
        text.push_str(&format!("BTCUSDT,BUY,x,1,0,{i},10:00 2024-01-01\n"));
    }
    let (r, report) = read_bytes("many.csv", text.as_bytes());
    let e = r.unwrap_err();
    assert_eq!(e.len(), salyq_core::import::table::MAX_ERRORS_PER_FILE + 1);
    assert_eq!(e.last().map(|e| e.problem.clone()), Some(Problem::MoreErrors(50)));
    assert_eq!(report.rows, 250);
}
