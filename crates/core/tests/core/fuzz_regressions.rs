//! Inputs the fuzzers (`fuzz/`, cargo-fuzz) found to crash an importer, kept in
//! `tests/data/fuzz/`, and the same entry points over arbitrary bytes (proptest), so that
//! `cargo test` keeps checking what the fuzzers check: no input, however broken, makes a reader
//! panic; a bad one gets errors that name the file.

use proptest::prelude::*;
use salyq_core::engine;
use salyq_core::error::{InputError, Problem};
use salyq_core::import::binance::{spot, spot_legacy, statement};
use salyq_core::import::intern::Interner;
use salyq_core::import::mapping::{self, Mapping};
use salyq_core::import::report::FileReport;
use salyq_core::import::table::{Layout, Table};
use salyq_core::import::{self, FileRole, Inputs, Loaded, bybit, freedom, generic};
use salyq_core::import::{price_table, rate_table};
use salyq_core::model::Trade;
use salyq_core::parse::Style;
use salyq_core::settings::Settings;

const NAME: &str = "fuzz.csv";

/// Every error names the file.
fn check(errors: &[InputError]) {
    assert!(!errors.is_empty());
    for e in errors {
        assert_eq!(e.file, NAME, "{e}");
        assert!(e.to_string().starts_with(NAME));
    }
}

/// Computes on the trades read (the sample's rates), which must not panic either.
fn compute(trades: Vec<Trade>) {
    let mut inputs = Inputs::default();
    inputs
        .add_reader(
            &include_bytes!("../../../../sample_data/rates.csv")[..],
            "rates.csv",
            FileRole::Rates,
        )
        .unwrap();
    inputs.trades = trades;
    inputs.drop_duplicates();
    let _ = engine::compute(&inputs, &Settings::default());
}

/// Reads `data` as a file among the sample's rates, then computes through the ledger (events
/// paired, balances replayed, trades made from them), which must not panic.
fn compute_with_ledger(data: &[u8]) {
    let mut inputs = Inputs::default();
    inputs
        .add_reader(
            &include_bytes!("../../../../sample_data/rates.csv")[..],
            "rates.csv",
            FileRole::Rates,
        )
        .unwrap();
    match inputs.add_reader(data, NAME, FileRole::Auto) {
        Ok(()) => {
            let settings = Settings::default();
            let eff = salyq_core::engine::apply(&inputs, &settings).map_or(inputs, |a| a.inputs);
            let _ = engine::compute(&eff, &settings);
        }
        Err(e) => check(&e),
    }
}

/// Reads `data` as a CSV table of the format whose header `is_header` knows, with `read`.
fn csv<'d, T>(
    data: &'d [u8],
    is_header: &dyn Fn(&[String]) -> bool,
    read: impl FnOnce(&mut Table<&'d [u8]>) -> Result<T, Vec<InputError>>,
) -> Result<T, Vec<InputError>> {
    let layout = Layout::sniff(&data[..data.len().min(64 * 1024)], is_header);
    let mut table = Table::open_with(NAME, data, &layout).map_err(|e| vec![e])?;
    read(&mut table)
}

type TradeReader =
    fn(&mut Table<&[u8]>, &mut Interner, &mut FileReport) -> Result<Vec<Trade>, Vec<InputError>>;

/// A format's name, header test and reader.
type Format = (&'static str, fn(&[String]) -> bool, TradeReader);

/// Each CSV trade format's own reader, with its header test.
fn trade_readers() -> Vec<Format> {
    vec![
        ("generic", generic::matches, |t, i, _| {
            generic::read(t, i, Style::Plain)
        }),
        ("binance spot", spot::matches, |t, i, r| spot::read(t, i, r)),
        ("binance spot legacy", spot_legacy::matches, |t, i, r| {
            spot_legacy::read(t, i, r)
        }),
        ("binance statement", statement::matches, |t, i, r| {
            statement::read(t, i, r)
        }),
        ("bybit", bybit::matches, |t, i, r| bybit::read(t, i, r)),
    ]
}

/// Runs `data` through every reader the fuzz targets drive; panics only if a reader does.
fn every_reader(data: &[u8]) {
    let mut interner = Interner::default();
    for role in [
        FileRole::Auto,
        FileRole::Trades,
        FileRole::Rates,
        FileRole::Prices,
    ] {
        match import::read(data, NAME, role, &mut interner) {
            Ok(Loaded::Trades(t, _)) => compute(t),
            Ok(Loaded::Broker(r, _)) => compute(r.trades),
            Ok(_) => {}
            Err(e) => check(&e),
        }
    }
    for (_, matches, read) in trade_readers() {
        let mut report = FileReport::new(NAME, "fuzz");
        match csv(data, &matches, |t| read(t, &mut interner, &mut report)) {
            Ok(t) => compute(t),
            Err(e) => check(&e),
        }
    }
    let mut report = FileReport::new(NAME, freedom::NAME);
    match freedom::read(data, NAME, &mut interner, &mut report) {
        Ok(r) => compute(r.trades),
        Err(e) => check(&e),
    }
    for read in [
        import::ibkr::activity::read as import::ibkr::Reader,
        import::ibkr::flex::read,
    ] {
        let mut report = FileReport::new(NAME, "ibkr");
        match read(data, NAME, &mut interner, &mut report) {
            Ok(r) => compute(r.trades),
            Err(e) => check(&e),
        }
    }
    let m = Mapping::from_json(
        include_str!("../../../../tests/data/mapped_broker.json"),
        "m.json",
    )
    .unwrap();
    let mut report = FileReport::new(NAME, "mapped");
    match csv(data, &|n| m.matches(n), |t| {
        mapping::read(t, &m, &mut interner, &mut report)
    }) {
        Ok(t) => compute(t),
        Err(e) => check(&e),
    }
    if let Err(e) = csv(data, &rate_table::matches, rate_table::read) {
        check(&e);
    }
    compute_with_ledger(data);
    if let Err(e) = csv(data, &price_table::matches, price_table::read) {
        check(&e);
    }
}

fn fuzz_file(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/data/fuzz/{name}",
        concat!(env!("CARGO_MANIFEST_DIR"), "/../..")
    ))
    .unwrap()
}

#[test]
fn every_kept_crash_goes_through_every_reader() {
    let dir = format!(
        "{}/tests/data/fuzz",
        concat!(env!("CARGO_MANIFEST_DIR"), "/../..")
    );
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        every_reader(&std::fs::read(entry.unwrap().path()).unwrap());
        n += 1;
    }
    assert!(n >= 2);
}

/// A Binance date column named `Date(UTC+`, a byte that is not UTF-8 and a NUL: recognising
/// the header (which reads names with the bad byte replaced by a 3-byte `�`) split the offset
/// inside that letter. Now such a name is no date column, and the file is an error: its header
/// is not UTF-8.
#[test]
fn binance_header_offset_with_a_multibyte_letter() {
    assert_eq!(
        salyq_core::import::binance::header_offset("date(utc+\u{fffd}\0)"),
        None
    );
    assert_eq!(salyq_core::import::binance::header_offset("date(utc+é5)"), None);
    let data = fuzz_file("binance_spot_header_offset_multibyte.csv");
    let mut interner = Interner::default();
    let mut report = FileReport::new(NAME, "fuzz");
    let e = csv(&data, &spot::matches, |t| {
        spot::read(t, &mut interner, &mut report)
    })
    .unwrap_err();
    assert_eq!(e[0].problem, Problem::HeaderNotUtf8, "{e:?}");
    assert_eq!((e[0].line, e[0].column.as_ref().map(|c| c.0)), (Some(1), Some(1)));
}

/// A Bybit time column `Timestamp (UTC-99999999)`: hours × 3600 overflowed. Now the name gives
/// no offset, and the file (with no rows) reads as no trades.
#[test]
fn bybit_header_offset_out_of_range() {
    let data = fuzz_file("bybit_header_offset_overflow.csv");
    let mut interner = Interner::default();
    let mut report = FileReport::new(NAME, "fuzz");
    match csv(&data, &bybit::matches, |t| {
        bybit::read(t, &mut interner, &mut report)
    }) {
        Ok(t) => assert!(t.is_empty()),
        Err(e) => check(&e),
    }
}

/// The header of each format, so that arbitrary rows reach the row parsers.
const HEADERS: &[&str] = &[
    "date,side,asset,quantity,price,total,currency,fee,fee_currency,exchange,id,kind,note\n",
    "Date(UTC),Pair,Side,Price,Executed,Amount,Fee\n",
    "Date(UTC),Market,Type,Price,Amount,Total,Fee,Fee Coin\n",
    "User_ID,UTC_Time,Account,Operation,Coin,Change,Remark\n",
    "UID: 1\nSpot Pairs,Order Type,Direction,Filled Value,Filled Price,Filled Quantity,Fees,Transaction ID,Order No.,Timestamp (UTC)\n",
    "date,currency,rate,quant\n",
    "date,asset,price,currency\n",
    "Trade date;Operation;Instrument;Qty;Price;Commission;Ref\n",
    "{\"date_start\":\"2024-01-01\",\"date_end\":\"2024-12-31\",\"trades\":{\"detailed\":[",
    "Uid,Date & Time(UTC),Coin,QTY,Type,Account Balance,Description\n",
    "date,venue,asset,quantity,cost,currency,note\n",
    "date,side,asset,quantity,total,currency,exchange,fee,subtype\n",
];

/// Bytes that look like CSV rows: digits, letters, separators, quotes and line ends mostly.
fn rows() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        8 => prop::sample::select(b"0123456789.,;:-+ \"\n\r/TZBUYSELbuysellBTCUSDKZT".to_vec()),
        1 => any::<u8>(),
    ];
    prop::collection::vec(byte, 0..400)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn arbitrary_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..300)) {
        every_reader(&data);
    }

    #[test]
    fn arbitrary_rows_under_each_header_never_panic(h in 0..HEADERS.len(), body in rows()) {
        let mut data = HEADERS[h].as_bytes().to_vec();
        data.extend(body);
        every_reader(&data);
    }
}
