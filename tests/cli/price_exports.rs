//! CoinMarketCap and CoinGecko exports as price tables, valuing crypto-for-crypto trades.
//!
//! The files below are written from the documented shapes of the exports (CoinMarketCap:
//! `;`-separated `timeOpen;timeClose;timeHigh;timeLow;name;open;high;low;close;volume;marketCap;
//! circulatingSupply;timestamp`, older files without `circulatingSupply`, cells possibly quoted;
//! CoinGecko: `snapped_at,price,market_cap,total_volume`), with round illustrative prices.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use salyq_core::import::{FileRole, Inputs};
use salyq_core::prices::PriceBasis;
use salyq_core::settings::Settings;
use std::path::{Path, PathBuf};
use std::process::Command;

/// BTC on 10 January 2025: open 92,000, high 95,000, low 91,000, close 94,500.50 (USD).
const CMC_BTC: &str = "\"timeOpen\";\"timeClose\";\"timeHigh\";\"timeLow\";\"name\";\"open\";\"high\";\"low\";\"close\";\"volume\";\"marketCap\";\"circulatingSupply\";\"timestamp\"\n\
    \"2025-01-11T00:00:00.000Z\";\"2025-01-11T23:59:59.999Z\";\"2025-01-11T12:00:00.000Z\";\"2025-01-11T03:00:00.000Z\";\"2781\";94500.50;95500;94000;95000;30000000000;1870000000000;19810000;\"2025-01-11T23:59:59.999Z\"\n\
    \"2025-01-10T00:00:00.000Z\";\"2025-01-10T23:59:59.999Z\";\"2025-01-10T15:00:00.000Z\";\"2025-01-10T02:00:00.000Z\";\"2781\";92000;95000;91000;94500.50;40000000000;1870000000000;19810000;\"2025-01-10T23:59:59.999Z\"\n";

/// The older CoinMarketCap layout (no circulatingSupply), unquoted.
const CMC_OLD: &str = "timeOpen;timeClose;timeHigh;timeLow;name;open;high;low;close;volume;marketCap;timestamp\n\
    2025-01-10T00:00:00.000Z;2025-01-10T23:59:59.999Z;2025-01-10T15:00:00.000Z;2025-01-10T02:00:00.000Z;Bitcoin;92000;95000;91000;94500.50;40000000000;1870000000000;2025-01-10T23:59:59.999Z\n";

/// ETH on 1 February 2025: 3,300.25 USD.
const GECKO_ETH: &str = "snapped_at,price,market_cap,total_volume\n\
    2025-01-31 00:00:00 UTC,3250.00,390000000000,20000000000\n\
    2025-02-01 00:00:00 UTC,3300.25,398000000000,21000000000\n";

/// 2025: the annual-average rule, USD 500.
const RATES: &str = "date,currency,rate\n2025,USD,500\n";

/// - B1 (2025-01-05): buy 0.2 BTC for 18,000 USD → V = 18,000 × 500 = 9,000,000; lot BTC 0.2.
/// - E1 (2025-01-10): buy 2 ETH with 0.1 BTC. No fiat side: the currency BTC has a price, the
///   day's close 94,500.50 USD → V = 0.1 × 94,500.50 × 500 = 4,725,025. BTC disposal:
///   proceeds 4,725,025, cost 0.1/0.2 × 9,000,000 = 4,500,000, gain 225,025. Lot ETH 2 at
///   4,725,025.
/// - E2 (2025-02-01): sell 1 ETH for 10 SOL. SOL has no price; ETH has (CoinGecko, 3,300.25) →
///   V = 1 × 3,300.25 × 500 = 1,650,125. ETH disposal: proceeds 1,650,125, cost 4,725,025 / 2 =
///   2,362,512.50, gain −712,387.50.
///
/// 2025, crypto per sale: property income 225,025 (the loss ignored), tax 10% = 22,502.50 →
/// 22,503.
const TRADES: &str = "date,side,asset,quantity,price,total,currency,fee,fee_currency,exchange,id,kind\n\
    2025-01-05T10:00:00Z,buy,BTC,0.2,,18000,USD,,,Ex,B1,crypto\n\
    2025-01-10T10:00:00Z,buy,ETH,2,,0.1,BTC,,,Ex,E1,crypto\n\
    2025-02-01T10:00:00Z,sell,ETH,1,,10,SOL,,,Ex,E2,crypto\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Each disposal as (asset, proceeds, cost, gain).
type Disposals = Vec<(String, Decimal, Decimal, Decimal)>;

/// The disposals, the 2025 property income and tax, and the 2025 assumptions.
fn compute(files: &[(PathBuf, FileRole)], basis: PriceBasis) -> (Disposals, Decimal, Decimal, Vec<String>) {
    let inputs = Inputs::load(files).unwrap_or_else(|e| panic!("{e}"));
    let settings = Settings {
        price_basis: basis,
        ..Settings::default()
    };
    let c = salyq_core::engine::compute(&inputs, &settings).unwrap_or_else(|e| panic!("{e}"));
    let y = c.years.iter().find(|y| y.year == 2025).unwrap();
    (
        c.disposals
            .iter()
            .map(|d| (d.asset(&inputs.trades).to_string(), d.proceeds, d.cost, d.gain()))
            .collect(),
        y.property_income,
        y.tax,
        y.assumptions.clone(),
    )
}

fn files(dir: &Path, cmc_name: &str, cmc: &str) -> Vec<(PathBuf, FileRole)> {
    vec![
        (write(dir, "trades.csv", TRADES), FileRole::Auto),
        (write(dir, "rates.csv", RATES), FileRole::Rates),
        (write(dir, cmc_name, cmc), FileRole::Prices),
        // Among the trade files, recognised by its header.
        (write(dir, "eth-usd-max.csv", GECKO_ETH), FileRole::Auto),
    ]
}

#[test]
fn coinmarketcap_and_coingecko_value_crypto_for_crypto_trades() {
    let dir = tempfile::tempdir().unwrap();
    let f = files(
        dir.path(),
        "Bitcoin_1_1_2025-2_1_2025_historical_data_coinmarketcap_BTC.csv",
        CMC_BTC,
    );
    let (d, income, tax, assumptions) = compute(&f, PriceBasis::Close);
    assert_eq!(
        d,
        vec![
            (
                "BTC".to_string(),
                dec!(4725025.00),
                dec!(4500000.00),
                dec!(225025.00)
            ),
            (
                "ETH".to_string(),
                dec!(1650125.00),
                dec!(2362512.50),
                dec!(-712387.50)
            ),
        ]
    );
    assert_eq!((income, tax), (dec!(225025.00), dec!(22503)));
    assert!(
        assumptions
            .iter()
            .any(|a| a.starts_with("Price of a day in a CoinMarketCap export: its close [U: unconfirmed")),
        "{assumptions:?}"
    );

    // The day's open: 0.1 × 92,000 × 500 = 4,600,000 → BTC gain 100,000.
    let (d, income, _, assumptions) = compute(&f, PriceBasis::Open);
    assert_eq!(d[0].1, dec!(4600000.00));
    assert_eq!(income, dec!(100000.00));
    assert!(assumptions.iter().any(|a| a.contains("export: its open [U")));
    // The mean: (92,000 + 95,000 + 91,000 + 94,500.50) / 4 = 93,125.125 → 0.1 × 93,125.125 ×
    // 500 = 4,656,256.25 → BTC gain 156,256.25. ETH's CoinGecko price has no candle: unchanged.
    let (d, _, _, _) = compute(&f, PriceBasis::Mean);
    assert_eq!(d[0].1, dec!(4656256.25));
    assert_eq!(d[0].3, dec!(156256.25));
    assert_eq!(d[1].1, dec!(1650125.00));
}

#[test]
fn an_export_without_its_asset_in_the_name_needs_a_choice() {
    let dir = tempfile::tempdir().unwrap();
    let f = files(dir.path(), "history.csv", CMC_OLD);
    let err = Inputs::load(&f).unwrap_err();
    assert_eq!(
        err.to_string(),
        "history.csv: the file does not say which asset its prices are for: found \"history.csv\", expected \
         the asset at the end of the file name (…_coinmarketcap_BTC.csv, btc-usd-max.csv: rename the \
         file), or chosen with --price-asset FILE=CODE"
    );
    let inputs = Inputs::load_all(&f, &[], &[("history.csv".into(), "BTC".into())], &[]).unwrap();
    let c = salyq_core::engine::compute(&inputs, &Settings::default()).unwrap();
    // The older layout gives the same close: BTC proceeds 4,725,025 as above.
    assert_eq!(c.disposals[0].proceeds, dec!(4725025.00));

    // The command line: --price-asset and --price-column.
    let out = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .current_dir(dir.path())
        .args([
            "report",
            "trades.csv",
            "--rates",
            "rates.csv",
            "--prices",
            "history.csv",
            "--prices",
        ])
        .arg("eth-usd-max.csv")
        .args([
            "--price-asset",
            "history.csv=BTC",
            "--price-column",
            "low",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The day's low: 0.1 × 91,000 × 500 = 4,550,000 → gain 50,000.
    assert_eq!(v["years"][0]["property_income_kzt"], "50000.00");
}

#[test]
fn a_missing_price_says_where_to_get_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "trades.csv", TRADES);
    write(dir.path(), "rates.csv", RATES);
    let out = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .current_dir(dir.path())
        .args(["report", "trades.csv", "--rates", "rates.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("neither ETH nor BTC is fiat"), "{err}");
    assert!(
        err.contains(
            "hint: for prices of BTC, ETH, SOL, download each asset's daily history from CoinMarketCap"
        ),
        "{err}"
    );
}

#[test]
fn bad_export_cells_name_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let bad = CMC_OLD.replace("94500.50", "n/a");
    let p = write(dir.path(), "x_coinmarketcap_BTC.csv", &bad);
    let err = Inputs::load(&[(p, FileRole::Prices)]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "x_coinmarketcap_BTC.csv:2:9: column \"close\": not a price: found \"n/a\", expected a number of 0 or more (at most 10^15)"
    );
}

#[test]
fn a_case_keeps_the_exports_and_the_price_column() {
    use salyq_core::case::{self, Case};
    let now = chrono::Utc::now();
    let mut c = Case::new(now);
    for (name, text, role) in [
        ("trades.csv", TRADES, FileRole::Auto),
        ("rates.csv", RATES, FileRole::Rates),
        (
            "Bitcoin_historical_data_coinmarketcap_BTC.csv",
            CMC_BTC,
            FileRole::Auto,
        ),
        ("eth-usd-max.csv", GECKO_ETH, FileRole::Auto),
    ] {
        c.import(name, text.as_bytes().to_vec(), role, now).unwrap();
    }
    c.settings.price_basis = PriceBasis::High;
    let bytes = case::to_bytes(&c, now);
    let back = case::from_bytes(&bytes, "c.salyq").unwrap();
    assert_eq!(back.settings.price_basis, PriceBasis::High);
    let (_, computation) = back.compute().unwrap();
    // The day's high: 0.1 × 95,000 × 500 = 4,750,000 → BTC gain 250,000.
    assert_eq!(computation.disposals[0].proceeds, dec!(4750000.00));
    assert_eq!(computation.disposals[0].gain(), dec!(250000.00));
    // The default, close, is not written.
    c.settings.price_basis = PriceBasis::Close;
    let text = String::from_utf8(case::to_bytes(&c, now)).unwrap();
    assert!(!text.contains("price_basis"));
}
