//! An Excel 97-2003 workbook (.xls): `tests/data/xls/binance_spot_2023.xls`, written by
//! `tests/data/xls/make_xls.py` (xlwt) from the documented layout of Binance's spot trade
//! history since 2023, read through the one import path and checked field by field.

use rust_decimal_macros::dec;
use salyq_core::import::{FileRole, Inputs};
use salyq_core::model::Side;

fn utc(s: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(s).unwrap()
}

#[test]
fn xls_workbook_reads_its_first_sheet_with_a_known_header() {
    let bytes = std::fs::read(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
            .join("tests/data/xls/binance_spot_2023.xls"),
    )
    .expect("fixture (python3 tests/data/xls/make_xls.py writes it)");
    let name = "Binance-Spot-Trade-History(UTC+5).xls";
    let mut inputs = Inputs::default();
    inputs
        .add_reader(bytes.as_slice(), name, FileRole::Auto)
        .unwrap_or_else(|e| panic!("{e:#?}"));
    let r = &inputs.reports[0];
    // The "Notes" sheet has no header: the "Trade History" sheet is read.
    assert_eq!(
        r.format,
        "Binance spot trade history (2023 on) (Excel workbook, sheet \"Trade History\")"
    );
    assert_eq!((r.rows, r.trades), (3, 3));
    assert!(r.warnings.is_empty(), "the zone is in the name: {:?}", r.warnings);
    let [a, b, c] = &inputs.trades[..] else {
        panic!("{:#?}", inputs.trades)
    };
    // Line numbers are the sheet's rows: the title on row 1, the header on row 2.
    // Row 3: Excel's date 2024-03-01 15:00:00 at +05:00 (from the name) = 10:00 UTC.
    assert_eq!((&*a.file, a.line), (name, 3));
    assert_eq!(a.time, utc("2024-03-01T10:00:00Z"));
    assert_eq!(a.side, Side::Buy);
    assert_eq!((&*a.asset, a.quantity), ("BTC", dec!(0.01)));
    assert_eq!((&*a.currency, a.total), ("USDT", dec!(600)));
    assert_eq!((&*a.fee_currency, a.fee), ("BTC", dec!(0.00001)));
    assert_eq!(a.exchange.as_deref(), Some("Binance"));
    // Row 4: a sale, the fee in USDT.
    assert_eq!(b.line, 4);
    assert_eq!(b.time, utc("2024-06-03T12:00:00Z"));
    assert_eq!(b.side, Side::Sell);
    assert_eq!((&*b.asset, b.quantity), ("BTC", dec!(0.005)));
    assert_eq!((&*b.currency, b.total), ("USDT", dec!(350)));
    assert_eq!((&*b.fee_currency, b.fee), ("USDT", dec!(0.35)));
    // Row 5: the price is Excel's number 3500.5 (3500.5 × 0.1 = 350.05, the amount), seconds kept.
    assert_eq!(c.line, 5);
    assert_eq!(c.time, utc("2024-06-03T12:00:30Z"));
    assert_eq!((&*c.asset, c.quantity), ("ETH", dec!(0.1)));
    assert_eq!((&*c.currency, c.total), ("USDT", dec!(350.05)));
    assert_eq!((&*c.fee_currency, c.fee), ("ETH", dec!(0.0001)));
}
