//! Exchange exports as people download them today, read through the one import path the
//! command line and the window share (`Inputs`): each layout written here from its documented
//! header, every trade checked field by field (time in UTC, side, quantity, asset, total,
//! currency, fee, fee asset).

use rust_decimal::Decimal;
use salyq_core::engine;
use salyq_core::import::{FileRole, Inputs};
use salyq_core::model::{Side, Trade};
use salyq_core::settings::Settings;
use salyq_core::warning::WarningKind;
use std::path::PathBuf;

/// Writes `files` (name, bytes) into a fresh folder and loads them as the command line does,
/// with `zones` as `--tz-of`.
fn load_zoned(
    files: &[(&str, &[u8])],
    zones: &[(&str, &str)],
) -> Result<Inputs, salyq_core::error::InputErrors> {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (name, bytes) in files {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        paths.push((p, FileRole::Auto));
    }
    let zones: Vec<(String, chrono::FixedOffset)> = zones
        .iter()
        .map(|(f, z)| (f.to_string(), salyq_core::parse::offset(z).unwrap()))
        .collect();
    Inputs::load_all(&paths, &[], &[], &zones)
}

fn load(files: &[(&str, &[u8])]) -> Inputs {
    load_zoned(files, &[]).unwrap_or_else(|e| panic!("should read: {e}"))
}

fn load_err(files: &[(&str, &[u8])]) -> Vec<salyq_core::error::InputError> {
    match load_zoned(files, &[]) {
        Ok(i) => panic!("should fail, read {} trades", i.trades.len()),
        Err(e) => e.0,
    }
}

/// Checks `trades` against one line each of the form
/// `line time side quantity asset for total currency fee fee fee_currency`, such as
/// `2 2023-09-20T13:20:55Z buy 0.5824 PAXG for 1118.4992 USDT fee 0.0005824 PAXG`.
fn check(trades: &[Trade], wanted: &[&str]) {
    assert_eq!(trades.len(), wanted.len(), "number of trades: {trades:#?}");
    let number = |s: &str| Decimal::from_str_exact(s).unwrap_or_else(|e| panic!("{s}: {e}"));
    for (t, w) in trades.iter().zip(wanted) {
        let f: Vec<&str> = w.split_whitespace().collect();
        let [
            line,
            time,
            side,
            quantity,
            asset,
            "for",
            total,
            currency,
            "fee",
            fee,
            fee_currency,
        ] = f[..]
        else {
            panic!("bad expectation: {w}");
        };
        let ctx = format!("{}: {w}", t.source());
        assert_eq!(t.line.to_string(), line, "{ctx}: line");
        assert_eq!(
            t.utc().to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            time,
            "{ctx}: time"
        );
        let s = if side == "buy" { Side::Buy } else { Side::Sell };
        assert_eq!(t.side, s, "{ctx}: side");
        assert_eq!(t.quantity, number(quantity), "{ctx}: quantity");
        assert_eq!(&*t.asset, asset, "{ctx}: asset");
        assert_eq!(t.total, number(total), "{ctx}: total");
        assert_eq!(&*t.currency, currency, "{ctx}: currency");
        assert_eq!(t.fee, number(fee), "{ctx}: fee");
        assert_eq!(&*t.fee_currency, fee_currency, "{ctx}: fee currency");
    }
}

// ---- Binance spot trade history, 2023 on ----

const CURRENT: &str = "Time,Pair,Side,Price,Executed,Amount,Fee\r\n\
23-09-20 18:20:55,PAXGUSDT,BUY,1920.5,0.5824PAXG,1118.4992USDT,0.0005824PAXG\r\n\
24-01-05 00:30:00,BTCUSDT,SELL,\"42,713.10\",0.2BTC,\"8,542.62USDT\",8.54262USDT\r\n\
24-01-05 00:30:00,BNBBTC,BUY,0.0065,1BNB,0.0065BTC,0.00075BNB\r\n";

#[test]
fn binance_current_layout_takes_its_zone_from_the_file_name() {
    // UTC+5 in the name: 18:20:55 there is 13:20:55 UTC; 00:30 on 5 January is 19:30 on the 4th.
    let name = "Binance-Spot-Trade-History-202603230406(UTC+5).csv";
    let inputs = load(&[(name, CURRENT.as_bytes())]);
    check(
        &inputs.trades,
        &[
            "2 2023-09-20T13:20:55Z buy 0.5824 PAXG for 1118.4992 USDT fee 0.0005824 PAXG",
            "3 2024-01-04T19:30:00Z sell 0.2 BTC for 8542.62 USDT fee 8.54262 USDT",
            "4 2024-01-04T19:30:00Z buy 1 BNB for 0.0065 BTC fee 0.00075 BNB",
        ],
    );
    assert!(
        inputs
            .trades
            .iter()
            .all(|t| t.exchange.as_deref() == Some("Binance") && t.id.is_none())
    );
    let r = &inputs.reports[0];
    assert_eq!(
        (r.format.as_str(), r.rows, r.trades),
        ("Binance spot trade history (2023 on)", 3, 3)
    );
    assert!(r.warnings.is_empty() && inputs.warnings.is_empty());

    // UTC-6 and UTC+5:30 too.
    let inputs = load(&[("Binance-Spot-Trade-History(UTC-6).csv", CURRENT.as_bytes())]);
    assert_eq!(inputs.trades[0].utc().to_rfc3339(), "2023-09-21T00:20:55+00:00");
    let inputs = load(&[("Binance-Spot-Trade-History(UTC+5:30).csv", CURRENT.as_bytes())]);
    assert_eq!(inputs.trades[0].utc().to_rfc3339(), "2023-09-20T12:50:55+00:00");
}

#[test]
fn binance_current_layout_without_a_zone_is_utc_with_a_warning_and_tz_of_sets_it() {
    let name = "Binance-Spot-Trade-History.csv";
    let inputs = load(&[(name, CURRENT.as_bytes())]);
    assert_eq!(inputs.trades[0].utc().to_rfc3339(), "2023-09-20T18:20:55+00:00");
    let w: Vec<_> = inputs
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::TimeZoneAssumed)
        .collect();
    assert_eq!(w.len(), 1);
    assert!(
        w[0].message
            .starts_with("Binance-Spot-Trade-History.csv does not say its time zone")
    );
    assert!(
        w[0].message
            .contains("--tz-of \"Binance-Spot-Trade-History.csv=+05:00\"")
    );
    assert_eq!(inputs.reports[0].warnings, vec![w[0].clone()]);

    // --tz-of sets it, and wins over the name.
    let inputs = load_zoned(&[(name, CURRENT.as_bytes())], &[(name, "+06:00")]).unwrap();
    assert_eq!(inputs.trades[0].utc().to_rfc3339(), "2023-09-20T12:20:55+00:00");
    assert!(inputs.warnings.is_empty());
    let named = "Binance(UTC+5).csv";
    let inputs = load_zoned(&[(named, CURRENT.as_bytes())], &[(named, "-03:00")]).unwrap();
    assert_eq!(inputs.trades[0].utc().to_rfc3339(), "2023-09-20T21:20:55+00:00");
}

#[test]
fn binance_2025_layout_keeps_every_fill_of_an_order() {
    // Order 101 filled in three parts, two of them identical (same second, quantity, amount):
    // all three are trades. The order number goes into the note.
    let text = "Order No,Time,Pair,Side,Price,Executed,Amount,Fee,AOR Conversion Pair,AOR Conversion Rate\n\
101,25-02-03 10:00:01,PAXGUSDT,BUY,2440.640384,0.5PAXG,1220.320192USDT,0.0005PAXG,,\n\
101,25-02-03 10:00:01,PAXGUSDT,BUY,2440.640384,0.5PAXG,1220.320192USDT,0.0005PAXG,,\n\
101,25-02-03 10:00:01,PAXGUSDT,BUY,2440.640384,0.0824PAXG,201.108767USDT,0.0000824PAXG,,\n\
102,25-02-04 11:00:00,ETHUSDT,SELL,\"3,000.00\",1ETH,\"3,000.00USDT\",3USDT,ETHFDUSD,1.0001\n";
    let name = "Binance-Spot-Trade-History-202503010000(UTC+0).csv";
    let inputs = load(&[(name, text.as_bytes())]);
    check(
        &inputs.trades,
        &[
            "2 2025-02-03T10:00:01Z buy 0.5 PAXG for 1220.320192 USDT fee 0.0005 PAXG",
            "3 2025-02-03T10:00:01Z buy 0.5 PAXG for 1220.320192 USDT fee 0.0005 PAXG",
            "4 2025-02-03T10:00:01Z buy 0.0824 PAXG for 201.108767 USDT fee 0.0000824 PAXG",
            "5 2025-02-04T11:00:00Z sell 1 ETH for 3000.00 USDT fee 3 USDT",
        ],
    );
    assert_eq!(inputs.trades[0].note.as_deref(), Some("Order No 101"));
    assert_eq!(
        inputs.trades[3].note.as_deref(),
        Some("Order No 102; AOR ETHFDUSD at 1.0001")
    );
    assert_eq!(inputs.reports[0].duplicates, 0);

    // The same export read twice (overlapping downloads): the second copy's fills are all
    // dropped as duplicates of the first's, the first copy keeps all four.
    let other = "Binance-Spot-Trade-History-202503020000(UTC+0).csv";
    let inputs = load(&[(name, text.as_bytes()), (other, text.as_bytes())]);
    assert_eq!(inputs.trades.len(), 4);
    assert!(inputs.trades.iter().all(|t| &*t.file == name));
    assert_eq!(
        (inputs.reports[0].duplicates, inputs.reports[1].duplicates),
        (0, 4)
    );
}

#[test]
fn binance_current_layout_errors_name_line_column_and_value() {
    let text = "Time,Pair,Side,Price,Executed,Amount,Fee\n\
23-13-20 18:20:55,BTCUSDT,BUY,100,1BTC,100USDT,0.1USDT\n\
23-09-20 18:20:55,BTCUSDT,BUY,100,1ETH,100USDT,0.1USDT\n\
23-09-20 18:20:55,BTCUSDT,HOLD,100,1BTC,100USDT,0.1USDT\n\
23-09-20 18:20:55,BTCUSDT,BUY,100,1BTC,120USDT,0.1USDT\n";
    let errors = load_err(&[("t(UTC+5).csv", text.as_bytes())]);
    let got: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(got.len(), 4, "{got:#?}");
    assert!(
        got[0].starts_with("t(UTC+5).csv:2:1: column \"Time\": bad date: found \"23-13-20 18:20:55\""),
        "{}",
        got[0]
    );
    assert!(got[1].starts_with("t(UTC+5).csv:3:5: column \"Executed\": the amount is in the wrong unit: found \"1ETH\", expected an amount in BTC"), "{}", got[1]);
    assert!(
        got[2].starts_with("t(UTC+5).csv:4:3: column \"Side\": unknown side: found \"HOLD\""),
        "{}",
        got[2]
    );
    assert!(
        got[3].starts_with("t(UTC+5).csv:5:6: column \"Amount\": total disagrees with quantity × price"),
        "{}",
        got[3]
    );
}

/// A real-shaped current file, quoted in euro, and its tax worked by hand.
///
/// File `Binance-Spot-Trade-History-202406301200(UTC+5).csv` (zone +05:00 = Kazakhstan's, so
/// the tax dates are the file's dates):
/// - 2024-03-01 buy 0.02 BTC for 1,100 EUR, fee 0.00002 BTC (in the asset received: the lot is
///   0.01998 BTC, its cost V = 1,100 × 490.00 (EUR rate of 29 Feb, the business day before)
///   = 539,000.00 KZT).
/// - 2024-06-03 sell 0.01 BTC for 620 EUR, fee 0.62 EUR (fiat: no further event): V = 620 ×
///   480.00 (rate of 31 May) = 297,600.00; F = 0.62 × 480 = 297.60; proceeds V − F =
///   297,302.40. Cost FIFO: 539,000 × 0.01 / 0.01998 = 269,769.7698 → 269,769.77. Gain
///   297,302.40 − 269,769.77 = 27,532.63 = property income (2024: per sale); tax 10% =
///   2,753.263 → 2,753 KZT.
#[test]
fn binance_current_file_gives_the_hand_worked_tax() {
    let trades = "Time,Pair,Side,Price,Executed,Amount,Fee\r\n\
24-03-01 10:00:00,BTCEUR,BUY,\"55,000.00\",0.02000000BTC,\"1,100.00000000EUR\",0.00002000BTC\r\n\
24-06-03 12:00:00,BTCEUR,SELL,\"62,000.00\",0.01000000BTC,620.00000000EUR,0.62000000EUR\r\n";
    let rates = "date,currency,rate\n2024-02-29,EUR,490.00\n2024-05-31,EUR,480.00\n";
    let dir = tempfile::tempdir().unwrap();
    let t = dir
        .path()
        .join("Binance-Spot-Trade-History-202406301200(UTC+5).csv");
    let r = dir.path().join("rates.csv");
    std::fs::write(&t, trades).unwrap();
    std::fs::write(&r, rates).unwrap();
    let files: Vec<(PathBuf, FileRole)> = vec![(t, FileRole::Auto), (r, FileRole::Rates)];
    let inputs = Inputs::load_all(&files, &[], &[], &[]).unwrap();
    check(
        &inputs.trades,
        &[
            "2 2024-03-01T05:00:00Z buy 0.02000000 BTC for 1100.00000000 EUR fee 0.00002000 BTC",
            "3 2024-06-03T07:00:00Z sell 0.01000000 BTC for 620.00000000 EUR fee 0.62000000 EUR",
        ],
    );
    let c = engine::compute(&inputs, &Settings::default()).unwrap();
    let y = c.years.iter().find(|y| y.year == 2024).unwrap();
    assert_eq!(y.totals.disposals, 1);
    assert_eq!(y.totals.proceeds.to_string(), "297302.40");
    assert_eq!(y.totals.cost.to_string(), "269769.77");
    assert_eq!(y.property_income.to_string(), "27532.63");
    assert_eq!(y.tax.to_string(), "2753");
}

// ---- Column mappings with suffixed numbers ----

#[test]
fn a_mapping_reads_numbers_with_their_asset_glued_on() {
    let m = salyq_core::import::mapping::Mapping::from_json(
        r#"{"version":1,"name":"suffixed","header":["When","Market","Dir","Qty","Value","Commission"],
            "date":"When","side":"Dir","pair":"Market","quantity":"Qty","total":"Value",
            "fee":"Commission","venue":"SomeX","suffixed":true}"#,
        "m.json",
    )
    .unwrap();
    // The quantity in PAXG, the total in USDT (quoted thousands, a space before the asset), fees
    // in PAXG and BNB, one plain number; the last row's quantity is in the wrong asset.
    let text = "When,Market,Dir,Qty,Value,Commission\n\
2025-02-03T10:00:01Z,PAXGUSDT,buy,0.5824PAXG,2440.640384USDT,0.0005824PAXG\n\
2025-02-04T10:00:00Z,PAXGUSDT,sell,0.1,\"1,000.5 USDT\",0.001BNB\n\
2025-02-05T10:00:00Z,1INCHUSDT,buy,10.51INCH,4.2USDT,\n";
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.csv");
    std::fs::write(&p, text).unwrap();
    let inputs =
        Inputs::load_all(&[(p.clone(), FileRole::Auto)], std::slice::from_ref(&m), &[], &[]).unwrap();
    check(
        &inputs.trades,
        &[
            "2 2025-02-03T10:00:01Z buy 0.5824 PAXG for 2440.640384 USDT fee 0.0005824 PAXG",
            "3 2025-02-04T10:00:00Z sell 0.1 PAXG for 1000.5 USDT fee 0.001 BNB",
            "4 2025-02-05T10:00:00Z buy 10.5 1INCH for 4.2 USDT fee 0 USDT",
        ],
    );
    let bad = "When,Market,Dir,Qty,Value,Commission\n2025-02-03T10:00:01Z,PAXGUSDT,buy,0.5BTC,1USDT,0\n";
    std::fs::write(&p, bad).unwrap();
    let e = Inputs::load_all(&[(p, FileRole::Auto)], &[m], &[], &[]).unwrap_err();
    assert_eq!(
        e.0[0].to_string(),
        "x.csv:2:4: column \"Qty\": the amount is in the wrong unit: found \"0.5BTC\", expected an amount in PAXG"
    );
}

// ---- Binance Convert history ----

#[test]
fn binance_convert_history_successful_rows_are_trades() {
    // 100 USDT → 0.0015 BTC is a buy of BTC for USDT; 0.5 ETH → 800 USDC a sale of ETH; a
    // failed and a processing conversion are skipped with their status.
    let text = "Date,Wallet,Pair,Type,Sell,Buy,Price,Inverse Price,Date Updated,Status\n\
2024-05-01 08:00:00,Spot Wallet,BTC/USDT,Market,100 USDT,0.0015 BTC,66666.67,0.000015,2024-05-01 08:00:00,Successful\n\
2024-05-02 09:30:15,Funding Wallet,ETH/USDC,Limit,0.5 ETH,800 USDC,1600,0.000625,2024-05-02 09:30:20,Successful\n\
2024-05-03 10:00:00,Spot Wallet,BNB/USDT,Market,1 BNB,600 USDT,600,0.00166,2024-05-03 10:00:00,Failed\n\
2024-05-03 10:05:00,Spot Wallet,BNB/USDT,Market,1 BNB,600 USDT,600,0.00166,2024-05-03 10:05:00,Processing\n";
    // The name gives UTC+3: 08:00 there is 05:00 UTC.
    let inputs = load(&[("Binance-Convert-History(UTC+3).csv", text.as_bytes())]);
    check(
        &inputs.trades,
        &[
            "2 2024-05-01T05:00:00Z buy 0.0015 BTC for 100 USDT fee 0 USDT",
            "3 2024-05-02T06:30:15Z sell 0.5 ETH for 800 USDC fee 0 USDC",
        ],
    );
    assert_eq!(
        inputs.trades[0].note.as_deref(),
        Some("Binance Convert, Market, Spot Wallet")
    );
    assert_eq!(inputs.trades[1].exchange.as_deref(), Some("Binance"));
    let r = &inputs.reports[0];
    assert_eq!(
        (r.format.as_str(), r.rows, r.trades),
        ("Binance Convert history", 4, 2)
    );
    assert_eq!(r.skipped.get("convert status Failed"), Some(&1));
    assert_eq!(r.skipped.get("convert status Processing"), Some(&1));

    // Without Wallet, glued amounts, no zone in the name: UTC with the warning.
    let text = "Date,Pair,Type,Sell,Buy,Price,Inverse Price,Date Updated,Status\n\
2024-05-01 08:00:00,BTCUSDT,Market,100USDT,0.0015BTC,66666.67,0.000015,2024-05-01 08:00:00,Successful\n";
    let inputs = load(&[("convert.csv", text.as_bytes())]);
    check(
        &inputs.trades,
        &["2 2024-05-01T08:00:00Z buy 0.0015 BTC for 100 USDT fee 0 USDT"],
    );
    assert_eq!(inputs.warnings[0].kind, WarningKind::TimeZoneAssumed);

    let bad = "Date,Pair,Type,Sell,Buy,Price,Inverse Price,Date Updated,Status\n\
2024-05-01 08:00:00,BTCUSDT,Market,100,0.0015BTC,1,1,2024-05-01 08:00:00,Successful\n";
    let e = load_err(&[("c(UTC).csv", bad.as_bytes())]);
    assert_eq!(
        e[0].to_string(),
        "c(UTC).csv:2:4: column \"Sell\": not an asset or currency code: found \"100\", expected a number followed by its asset, such as 0.001BNB"
    );
}

// ---- Binance spot order history ----

#[test]
fn binance_order_history_each_fill_is_a_trade() {
    // Order 1 (BUY BTCUSDT) filled twice, order 2 (SELL ETHBTC) once with a BNB fee, order 3
    // cancelled without fills. The rows have different field counts by design.
    let text = "Date(UTC);Pair;Type;Order Price;Order Amount;AvgTrading Price;Filled;Total;status\n\
2023-09-20 18:20:55;BTCUSDT;BUY;26000;0.003;26000;0.003;78;Filled\n\
;Date(UTC);Trading Price;Filled;Total;Fee;;;\n\
;2023-09-20 18:20:55;26000;0.001BTC;26USDT;0.000001BTC;;;\n\
;2023-09-20 18:20:56;26000;0.002BTC;52USDT;0.000002BTC;;;\n\
2023-09-21 10:00:00;ETHBTC;SELL;0.06;1;0.06;1;0.06;Filled\n\
;Date(UTC);Trading Price;Filled;Total;Fee;;;\n\
;2023-09-21 10:00:01;0.06;1ETH;0.06BTC;0.0005BNB;;;\n\
2023-09-22 10:00:00;BNBUSDT;BUY;200;1;0;0;0;Canceled\n";
    let inputs = load(&[("Binance-Order-History.csv", text.as_bytes())]);
    check(
        &inputs.trades,
        &[
            "4 2023-09-20T18:20:55Z buy 0.001 BTC for 26 USDT fee 0.000001 BTC",
            "5 2023-09-20T18:20:56Z buy 0.002 BTC for 52 USDT fee 0.000002 BTC",
            "8 2023-09-21T10:00:01Z sell 1 ETH for 0.06 BTC fee 0.0005 BNB",
        ],
    );
    let r = &inputs.reports[0];
    assert_eq!(
        (r.format.as_str(), r.rows, r.trades),
        ("Binance spot order history", 8, 3)
    );
    assert_eq!(r.skipped.get("order (its fills are the trades)"), Some(&2));
    assert_eq!(r.skipped.get("fill sub-header"), Some(&2));
    assert_eq!(r.skipped.get("order without fills (Canceled)"), Some(&1));
    // The time is in the header: no warning.
    assert!(inputs.warnings.is_empty());

    // A fill in the wrong asset, and one before any order.
    let bad = "Date(UTC);Pair;Type;Order Price;Order Amount;AvgTrading Price;Filled;Total;status\n\
;2023-09-20 18:20:55;26000;0.001BTC;26USDT;0;;;\n\
2023-09-20 18:20:55;BTCUSDT;BUY;26000;0.001;26000;0.001;26;Filled\n\
;2023-09-20 18:20:55;26000;0.001ETH;26USDT;0;;;\n";
    let e = load_err(&[("o.csv", bad.as_bytes())]);
    let got: Vec<String> = e.iter().map(|e| e.to_string()).collect();
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(
        got[0].starts_with("o.csv:2:2: column \"Pair\": the value is missing"),
        "{}",
        got[0]
    );
    assert!(
        got[1]
            .starts_with("o.csv:4:4: column \"Filled\": the amount is in the wrong unit: found \"0.001ETH\""),
        "{}",
        got[1]
    );
}

// ---- KuCoin ----

#[test]
fn kucoin_trade_history_both_layouts_and_filled_orders() {
    let trades = "tradeCreatedAt,symbol,side,price,size,funds,fee,feeCurrency\n\
2021-03-05 12:34:56,XTZ-USDT,buy,4.5,100,450,0.45,USDT\n\
2021-03-06 01:00:00,XTZ-USDT,sell,5,40,200,0.2,USDT\n";
    // No zone anywhere: UTC with the warning; given as +08:00, 12:34:56 is 04:34:56 UTC.
    let inputs = load(&[("kucoin_trades.csv", trades.as_bytes())]);
    assert_eq!(inputs.trades[0].utc().to_rfc3339(), "2021-03-05T12:34:56+00:00");
    assert_eq!(inputs.warnings[0].kind, WarningKind::TimeZoneAssumed);
    let inputs = load_zoned(
        &[("kucoin_trades.csv", trades.as_bytes())],
        &[("kucoin_trades.csv", "+08:00")],
    )
    .unwrap();
    check(
        &inputs.trades,
        &[
            "2 2021-03-05T04:34:56Z buy 100 XTZ for 450 USDT fee 0.45 USDT",
            "3 2021-03-05T17:00:00Z sell 40 XTZ for 200 USDT fee 0.2 USDT",
        ],
    );
    assert!(inputs.warnings.is_empty());
    assert_eq!(inputs.reports[0].format, "KuCoin trade history");
    assert!(
        inputs
            .trades
            .iter()
            .all(|t| t.exchange.as_deref() == Some("KuCoin"))
    );

    let old = "Time,Pair,Side,FilledPrice,FilledPriceCoin,Amount,AmountCoin,Volume,VolumeCoin,Fee,FeeCoin\n\
2019/05/11 10:27:17,KCS/BTC,BUY,0.000215,BTC,100,KCS,0.0215,BTC,0.1,KCS\n\
2019/05/12 00:00:01,KCS/BTC,SELL,0.00022,BTC,50,KCS,0.011,BTC,0.000011,BTC\n";
    let inputs = load(&[("kucoin_old(UTC).csv", old.as_bytes())]);
    check(
        &inputs.trades,
        &[
            "2 2019-05-11T10:27:17Z buy 100 KCS for 0.0215 BTC fee 0.1 KCS",
            "3 2019-05-12T00:00:01Z sell 50 KCS for 0.011 BTC fee 0.000011 BTC",
        ],
    );

    let orders = "UID,Account Type,Order ID,Symbol,Side,Order Type,Avg. Filled Price,Filled Amount,Filled Volume,\
Filled Volume (USDT),Filled Time(UTC+08:00),Fee,Tax,Maker/Taker,Fee Currency\n\
123456,mainAccount,6400aa01,BTC-USDT,BUY,LIMIT,27000,0.01,270,270,2023-03-02 08:00:00,0.27,0,TAKER,USDT\n\
123456,mainAccount,6400aa02,ETH-BTC,SELL,MARKET,0.07,1,0.07,1600,2023-03-03 09:30:00,0.00007,0.00001,MAKER,BTC\n\
123456,mainAccount,6400aa03,ETH-BTC,SELL,LIMIT,0.08,0,0,0,2023-03-04 09:30:00,0,0,MAKER,BTC\n";
    let inputs = load(&[("kucoin_orders.csv", orders.as_bytes())]);
    check(
        &inputs.trades,
        &[
            "2 2023-03-02T00:00:00Z buy 0.01 BTC for 270 USDT fee 0.27 USDT",
            "3 2023-03-03T01:30:00Z sell 1 ETH for 0.07 BTC fee 0.00007 BTC",
        ],
    );
    assert_eq!(inputs.trades[0].id.as_deref(), Some("6400aa01"));
    assert_eq!(inputs.trades[1].note.as_deref(), Some("Tax 0.00001"));
    assert_eq!(inputs.reports[0].skipped.get("unfilled order"), Some(&1));
    // The header names the offset: no warning.
    assert!(inputs.warnings.is_empty());
}

// ---- OKX / OKEx ----

#[test]
fn okx_trade_history_with_a_mark_in_every_header_cell() {
    let header = [
        "Order ID",
        "Trade ID",
        "Trade Time",
        "Pairs",
        "Amount",
        "Price",
        "Total",
        "taker/maker",
        "Fee",
        "unit",
    ]
    .map(|c| format!("\u{feff}{c}"))
    .join(",");
    // A buy (total paid: negative), fee in LTC inside the cell; a sale (total received), its
    // fee's unit only in the `unit` column.
    let text = format!(
        "{header}\r\n\
5001,9001,2020-05-13 10:27:17,ltc_usdt,1.5,69.98,-104.97 USDT,taker,-0.0015 LTC,LTC\r\n\
5002,9002,2020-05-14 11:00:00,ltc_usdt,-1,70.5,70.5 USDT,maker,-0.0705,USDT\r\n"
    );
    let inputs = load(&[("OKEx-trades(UTC+8).csv", text.as_bytes())]);
    check(
        &inputs.trades,
        &[
            "2 2020-05-13T02:27:17Z buy 1.5 LTC for 104.97 USDT fee 0.0015 LTC",
            "3 2020-05-14T03:00:00Z sell 1 LTC for 70.5 USDT fee 0.0705 USDT",
        ],
    );
    assert_eq!(inputs.trades[0].id.as_deref(), Some("9001"));
    assert_eq!(inputs.trades[0].exchange.as_deref(), Some("OKX"));
    assert_eq!(inputs.trades[0].note.as_deref(), Some("Order ID 5001"));
    assert_eq!(inputs.reports[0].format, "OKX trade history");

    let bad =
        format!("{header}\n5003,9003,2020-05-13 10:27:17,ltc_usdt,1.5 BTC,69.98,-104.97 USDT,taker,0,\n");
    let e = load_err(&[("okx.csv", bad.as_bytes())]);
    assert_eq!(
        e[0].to_string(),
        "okx.csv:2:5: column \"Amount\": the amount is in the wrong unit: found \"1.5 BTC\", expected an amount in LTC"
    );
}

// ---- Encodings and Russian headers ----

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

#[test]
fn russian_excel_csv_in_windows_1251_with_russian_headers() {
    // As a Russian Excel saves "CSV": Windows-1251, `;`, decimal commas, dd.mm.yyyy dates.
    let text = "Дата(UTC);Пара;Сторона;Цена;Исполнено;Сумма;Комиссия\r\n\
20.09.2023 18:20:55;BTCUSDT;Покупка;26000;0,001BTC;26USDT;0,000001BTC\r\n\
2023-09-21 10:00:00;ETHBTC;Продажа;0,06;1ETH;0,06BTC;0,0005BNB\r\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(text);
    assert!(!unmappable);
    let inputs = load(&[("binance_ru.csv", &bytes)]);
    check(
        &inputs.trades,
        &[
            "2 2023-09-20T18:20:55Z buy 0.001 BTC for 26 USDT fee 0.000001 BTC",
            "3 2023-09-21T10:00:00Z sell 1 ETH for 0.06 BTC fee 0.0005 BNB",
        ],
    );
    let r = &inputs.reports[0];
    assert_eq!(r.encoding.as_deref(), Some("windows-1251"));
    assert_eq!(
        r.format,
        "Binance spot trade history (2023 on) (Excel, Russian locale)"
    );
    assert_eq!(
        r.to_string(),
        "binance_ru.csv: Binance spot trade history (2023 on) (Excel, Russian locale) (windows-1251 text), 2 rows, 2 trades"
    );
    // The Date(UTC) column gives the zone: no warning.
    assert!(inputs.warnings.is_empty());
}

#[test]
fn excel_unicode_text_utf16_tab_separated() {
    let text = "Time\tPair\tSide\tPrice\tExecuted\tAmount\tFee\r\n\
23-09-20 18:20:55\tBTCUSDT\tBUY\t26000\t0.001BTC\t26USDT\t0.000001BTC\r\n";
    for big_endian in [false, true] {
        let bytes = utf16(text, big_endian);
        let inputs = load(&[("Binance-Spot-Trade-History(UTC+5).txt", &bytes)]);
        check(
            &inputs.trades,
            &["2 2023-09-20T13:20:55Z buy 0.001 BTC for 26 USDT fee 0.000001 BTC"],
        );
        let want = if big_endian { "UTF-16BE" } else { "UTF-16LE" };
        assert_eq!(inputs.reports[0].encoding.as_deref(), Some(want));
    }
    // Russian headers of the current layout, in UTF-16: `Время` takes the zone from the name.
    let text = "Время\tПара\tСторона\tЦена\tИсполнено\tСумма\tКомиссия\r\n\
23-09-20 18:20:55\tPAXGUSDT\tПокупка\t1920.5\t0.5824PAXG\t1118.4992USDT\t0.0005824PAXG\r\n";
    let inputs = load(&[("Binance(UTC+6).txt", &utf16(text, false))]);
    check(
        &inputs.trades,
        &["2 2023-09-20T12:20:55Z buy 0.5824 PAXG for 1118.4992 USDT fee 0.0005824 PAXG"],
    );
}

// ---- The command line: --tz-of, report --json "files", the closest format ----

const EUR_TRADES: &str = "Time,Pair,Side,Price,Executed,Amount,Fee\r\n\
24-03-01 10:00:00,BTCEUR,BUY,\"55,000.00\",0.02000000BTC,\"1,100.00000000EUR\",0.00002000BTC\r\n\
24-06-03 12:00:00,BTCEUR,SELL,\"62,000.00\",0.01000000BTC,620.00000000EUR,0.62000000EUR\r\n\
24-06-03 12:00:00,BTCEUR,SELL,\"62,000.00\",0.01000000BTC,620.00000000EUR,0.62000000EUR\r\n";

fn salyq(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_salyq"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run salyq")
}

#[test]
fn report_json_lists_each_file_and_tz_of_sets_a_files_zone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("binance.csv"), EUR_TRADES).unwrap();
    std::fs::write(
        dir.path().join("rates.csv"),
        "date,currency,rate\n2024-02-29,EUR,490.00\n2024-05-31,EUR,480.00\n",
    )
    .unwrap();
    // The same sale twice in one file: two fills, both kept. Given +05:00, each sale is the
    // hand-worked one of `binance_current_file_gives_the_hand_worked_tax`: proceeds 297,302.40,
    // so 594,604.80 for both. Cost: the first takes 269,769.77 of the 0.01998 BTC lot; the
    // second takes the remaining 0.00998 BTC with the rest of its cost, 539,000.00 −
    // 269,769.77 = 269,230.23 (0.00002 BTC has no purchase: zero cost, with a warning); in all
    // 539,000.00.
    let out = salyq(
        dir.path(),
        &[
            "report",
            "binance.csv",
            "--rates",
            "rates.csv",
            "--tz-of",
            "binance.csv=+05:00",
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(
        files[0],
        serde_json::json!({
            "file": "binance.csv", "format": "Binance spot trade history (2023 on)", "encoding": "UTF-8",
            "rows": 3, "trades": 3, "events": 0, "skipped": {}, "duplicates": 0, "problems": [],
            "unresolved_groups": [], "incomplete": false
        })
    );
    assert!(
        !v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["kind"] == "time_zone_assumed")
    );
    let y = &v["years"][0];
    assert_eq!(
        (y["year"].as_i64(), y["disposals"].as_i64()),
        (Some(2024), Some(2))
    );
    assert_eq!(y["proceeds_kzt"], "594604.80");
    assert_eq!(y["cost_kzt"], "539000.00");

    // Without --tz-of: read as UTC, the warning in "warnings" and in the file's "problems".
    let out = salyq(
        dir.path(),
        &["report", "binance.csv", "--rates", "rates.csv", "--json"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems = v["files"][0]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0]
            .as_str()
            .unwrap()
            .contains("--tz-of \"binance.csv=+05:00\"")
    );
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["kind"] == "time_zone_assumed")
    );

    // A bad --tz-of is a usage error.
    let out = salyq(dir.path(), &["report", "binance.csv", "--tz-of", "binance.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not FILE=OFFSET"));
}

#[test]
fn an_unknown_file_names_the_closest_format_and_what_it_lacks() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("odd.csv"),
        "Time,Pair,Direction,Price,Executed,Amount\n23-09-20 18:20:55,BTCUSDT,BUY,1,1BTC,1USDT\n",
    )
    .unwrap();
    let out = salyq(dir.path(), &["report", "odd.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "odd.csv:1: the file's format is not recognised: found \"Time,Pair,Direction,Price,Executed,Amount\", \
             expected the header of a known format: the closest is Binance spot trade history (2023 on) \
             (Time,Pair,Side,Price,Executed,Amount,Fee); this file lacks its columns Side, Fee"
        ),
        "{err}"
    );
}

// ---- Excel workbooks ----

/// One cell of a sheet written by [`workbook`]: text, a number, or a date-time (Excel's serial
/// day number, shown with the built-in date-time format 22).
enum Cell<'a> {
    T(&'a str),
    N(&'a str),
    D(f64),
}

/// A sheet's rows: sheet row number (from 1) and cells from column A.
type SheetRows<'a> = Vec<(u32, Vec<Cell<'a>>)>;

/// A minimal .xlsx: sheets (name, rows by sheet row number from 1), inline strings, one date
/// style. Written here from the Office Open XML parts, stored without compression.
fn workbook(sheets: &[(&str, SheetRows<'_>)]) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let ns = "http://schemas.openxmlformats.org";
    let mut types = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"{ns}/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
         <Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
    );
    let mut book = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{ns}/spreadsheetml/2006/main\" \
         xmlns:r=\"{ns}/officeDocument/2006/relationships\"><sheets>"
    );
    let mut rels = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{ns}/package/2006/relationships\">"
    );
    let mut parts = Vec::new();
    for (i, (name, rows)) in sheets.iter().enumerate() {
        let n = i + 1;
        types.push_str(&format!(
            "<Override PartName=\"/xl/worksheets/sheet{n}.xml\" \
             ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        ));
        book.push_str(&format!(
            "<sheet name=\"{name}\" sheetId=\"{n}\" r:id=\"rId{n}\"/>"
        ));
        rels.push_str(&format!(
            "<Relationship Id=\"rId{n}\" Type=\"{ns}/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"
        ));
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{ns}/spreadsheetml/2006/main\"><sheetData>"
        );
        for (r, cells) in rows {
            xml.push_str(&format!("<row r=\"{r}\">"));
            for (c, cell) in cells.iter().enumerate() {
                let at = format!("{}{r}", (b'A' + c as u8) as char);
                match cell {
                    Cell::T(t) => {
                        xml.push_str(&format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>{t}</t></is></c>"))
                    }
                    Cell::N(v) => xml.push_str(&format!("<c r=\"{at}\"><v>{v}</v></c>")),
                    Cell::D(v) => xml.push_str(&format!("<c r=\"{at}\" s=\"1\"><v>{v}</v></c>")),
                }
            }
            xml.push_str("</row>");
        }
        xml.push_str("</sheetData></worksheet>");
        parts.push((format!("xl/worksheets/sheet{n}.xml"), xml));
    }
    let k = sheets.len() + 1;
    rels.push_str(&format!(
        "<Relationship Id=\"rId{k}\" Type=\"{ns}/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>"
    ));
    types.push_str("</Types>");
    book.push_str("</sheets></workbook>");
    parts.push(("[Content_Types].xml".into(), types));
    parts.push((
        "_rels/.rels".into(),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{ns}/package/2006/relationships\">\
             <Relationship Id=\"rId1\" Type=\"{ns}/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
        ),
    ));
    parts.push(("xl/workbook.xml".into(), book));
    parts.push(("xl/_rels/workbook.xml.rels".into(), rels));
    parts.push((
        "xl/styles.xml".into(),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"{ns}/spreadsheetml/2006/main\">\
             <cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"22\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>"
        ),
    ));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, xml) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn header_cells() -> Vec<Cell<'static>> {
    ["Time", "Pair", "Side", "Price", "Executed", "Amount", "Fee"]
        .map(Cell::T)
        .into()
}

#[test]
fn an_excel_workbook_is_read_from_its_first_sheet_with_a_known_header() {
    use Cell::*;
    // Sheet "Notes" has no header; sheet "Trades" has a title row, a blank row, the header on
    // row 3. Row 4's time is an Excel date-time (serial 45189.764525462963 = 2023-09-20
    // 18:20:55) and its price and quantity numbers; row 6's cells are all text.
    let bytes = workbook(&[
        ("Notes", vec![(1, vec![T("Exported from Binance")])]),
        (
            "Trades",
            vec![
                (1, vec![T("Binance spot trade history")]),
                (3, header_cells()),
                (
                    4,
                    vec![
                        D(45_189.764_525_462_96),
                        T("PAXGUSDT"),
                        T("BUY"),
                        N("1920.5"),
                        N("0.5824"),
                        T("1118.4992USDT"),
                        T("0.0005824PAXG"),
                    ],
                ),
                (
                    6,
                    vec![
                        T("24-01-05 00:30:00"),
                        T("BTCUSDT"),
                        T("SELL"),
                        T("42,713.10"),
                        T("0.2BTC"),
                        T("8,542.62USDT"),
                        T("8.54262USDT"),
                    ],
                ),
            ],
        ),
    ]);
    let inputs = load(&[("Binance-Spot-Trade-History(UTC+5).xlsx", &bytes)]);
    check(
        &inputs.trades,
        &[
            "4 2023-09-20T13:20:55Z buy 0.5824 PAXG for 1118.4992 USDT fee 0.0005824 PAXG",
            "6 2024-01-04T19:30:00Z sell 0.2 BTC for 8542.62 USDT fee 8.54262 USDT",
        ],
    );
    let r = &inputs.reports[0];
    assert_eq!(
        r.format,
        "Binance spot trade history (2023 on) (Excel workbook, sheet \"Trades\")"
    );
    assert_eq!((r.rows, r.trades), (2, 2));

    // An error names the sheet's row and column.
    let bad = workbook(&[(
        "Sheet1",
        vec![
            (1, header_cells()),
            (
                2,
                vec![
                    T("23-09-20 18:20:55"),
                    T("BTCUSDT"),
                    T("BUY"),
                    N("100"),
                    T("1ETH"),
                    T("100USDT"),
                    T("0"),
                ],
            ),
        ],
    )]);
    let e = load_err(&[("b(UTC).xlsx", &bad)]);
    assert!(
        e[0].to_string()
            .starts_with("b(UTC).xlsx:2:5: column \"Executed\": the amount is in the wrong unit"),
        "{}",
        e[0]
    );
}

/// A 100,000-row workbook imports in seconds. Timed figures (release build): see README.
#[test]
#[ignore = "timing: run with --release --ignored"]
fn a_100k_row_workbook_imports_in_seconds() {
    use Cell::*;
    let mut rows = vec![(1, header_cells())];
    let times: Vec<String> = (0..100_000)
        .map(|i| {
            format!(
                "24-{:02}-{:02} 10:{:02}:{:02}",
                1 + i % 12,
                1 + i % 28,
                i / 60 % 60,
                i % 60
            )
        })
        .collect();
    for (i, t) in times.iter().enumerate() {
        rows.push((
            i as u32 + 2,
            vec![
                T(t),
                T("BTCUSDT"),
                T("BUY"),
                N("60000"),
                T("0.001BTC"),
                T("60USDT"),
                T("0.06USDT"),
            ],
        ));
    }
    let bytes = workbook(&[("Sheet1", rows)]);
    let t = std::time::Instant::now();
    let inputs = load(&[("big(UTC).xlsx", &bytes)]);
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(inputs.trades.len(), 100_000);
    eprintln!("100,000-row xlsx ({} bytes): {secs:.2} s", bytes.len());
    assert!(secs < 30.0);
}
