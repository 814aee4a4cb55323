//! The Freedom Finance broker report importer (JSON): trades field by field, corporate actions
//! and transfers as warnings, errors by JSON path and line, and the cross-check with the
//! broker's own FIFO profit. The fixtures in `tests/data/freedom_*.json` are written for these
//! tests.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use salyq_core::broker_fifo;
use salyq_core::engine;
use salyq_core::error::{Expectation, InputError, Problem};
use salyq_core::import::freedom::{self, FreedomReport};
use salyq_core::import::intern::Interner;
use salyq_core::import::report::FileReport;
use salyq_core::import::{FileRole, Inputs};
use salyq_core::model::{Kind, Side, Source, Trade};
use salyq_core::settings::Settings;
use salyq_core::warning::{WarningDetail, WarningKind};
use std::path::Path;

fn bytes(name: &str) -> Vec<u8> {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .join("tests/data")
        .join(name);
    std::fs::read(&path).expect("fixture")
}

fn read_bytes(name: &str, bytes: &[u8]) -> (Result<FreedomReport, Vec<InputError>>, FileReport) {
    let mut interner = Interner::default();
    let mut report = FileReport::new(name, freedom::NAME);
    let result = freedom::read(bytes, name, &mut interner, &mut report);
    (result, report)
}

fn read(name: &str) -> (FreedomReport, FileReport) {
    let b = bytes(name);
    assert!(
        freedom::looks_like(&b[..b.len().min(512)]),
        "{name} not recognised"
    );
    match read_bytes(name, &b) {
        (Ok(r), report) => (r, report),
        (Err(e), _) => panic!("{name}: {e:#?}"),
    }
}

fn errors(name: &str) -> Vec<InputError> {
    match read_bytes(name, &bytes(name)).0 {
        Ok(r) => panic!("{name}: expected errors, got {} trades", r.trades.len()),
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
    note: &'a str,
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
    assert_eq!(t.exchange.as_deref(), Some("Freedom"), "{at}: exchange");
    assert_eq!(t.kind, Kind::Security, "{at}: kind");
    assert_eq!(t.note.as_deref(), Some(w.note), "{at}: note");
}

#[test]
fn reads_trades_field_by_field() {
    let f = "freedom_report.json";
    let (r, report) = read(f);
    assert_eq!(r.trades.len(), 4);
    // JSON numbers; a time without a zone is UTC.
    check(
        &r.trades[0],
        f,
        Want {
            line: 10,
            time: "2024-03-05T10:00:00+00:00",
            side: Side::Buy,
            asset: "AAPL.US",
            quantity: dec!(10),
            total: dec!(1705),
            currency: "USD",
            fee: dec!(1.71),
            fee_currency: "USD",
            id: "70000001",
            note: "ISIN US0378331005",
        },
    );
    // Numbers as strings; a trade in tenge.
    check(
        &r.trades[1],
        f,
        Want {
            line: 25,
            time: "2024-04-02T11:30:00+00:00",
            side: Side::Buy,
            asset: "KSPI.KZ",
            quantity: dec!(3),
            total: dec!(156000),
            currency: "KZT",
            fee: dec!(156),
            fee_currency: "KZT",
            id: "70000002",
            note: "ISIN KZ1C00001619",
        },
    );
    // A sale whose commission is in another currency.
    check(
        &r.trades[2],
        f,
        Want {
            line: 40,
            time: "2024-06-10T14:15:30+00:00",
            side: Side::Sell,
            asset: "AAPL.US",
            quantity: dec!(4),
            total: dec!(772.48),
            currency: "USD",
            fee: dec!(355),
            fee_currency: "KZT",
            id: "70000003",
            note: "ISIN US0378331005",
        },
    );
    // No `summ`: q × p; an offset in the time; a lower-case ticker; no commission currency.
    check(
        &r.trades[3],
        f,
        Want {
            line: 55,
            time: "2024-09-02T15:30:00+05:00",
            side: Side::Buy,
            asset: "FFIN.US",
            quantity: dec!(2),
            total: dec!(160.5),
            currency: "USD",
            fee: dec!(0),
            fee_currency: "USD",
            id: "70000004",
            note: "ISIN US3434061063",
        },
    );
    // Only the sale's figure is kept.
    assert_eq!(r.broker_fifo, vec![(2, dec!(89.32))]);
    assert_eq!(report.rows, 7);
    assert_eq!(report.trades, 4);
    assert_eq!(
        report.to_string(),
        "freedom_report.json: Freedom Finance broker report (JSON), 7 rows, 4 trades, \
         skipped 1 Split, 1 dividend (income), 1 securities in/out"
    );
}

#[test]
fn corporate_actions_and_transfers_become_warnings() {
    let (r, _) = read("freedom_report.json");
    let w = &r.warnings;
    // The dividend is income now (below); the split without a ratio and the transfer are left
    // to review by hand.
    assert_eq!(w.len(), 2, "{w:#?}");
    assert!(w.iter().all(|w| w.kind == WarningKind::NotImported));
    let lines: Vec<u64> = w.iter().map(|w| w.source.as_ref().unwrap().line).collect();
    assert_eq!(lines, [94, 70]);
    assert_eq!(
        w[0].message,
        "not supported yet: Split of NVDA.US on 2024-06-10; it was not imported: review it by hand"
    );
    assert_eq!(
        w[1].message,
        "not supported yet: securities in/out \"in\" of TSLA.US on 2024-02-01, amount 3; \
         it was not imported: review it by hand"
    );
    assert_eq!(
        w[1].source.as_ref().unwrap().to_string(),
        "freedom_report.json:70"
    );
    // The dividend of line 84: 2.4 USD gross, 0.36 USD withheld, issuer in the US.
    assert_eq!(r.income.len(), 1);
    let d = &r.income[0];
    assert_eq!(d.source.line, 84);
    assert_eq!(d.date.to_string(), "2024-05-16");
    assert_eq!(d.kind, salyq_core::income::IncomeKind::Dividend);
    assert_eq!(
        (&*d.asset, d.isin.as_deref(), d.country.as_deref()),
        ("AAPL.US", Some("US0378331005"), Some("US"))
    );
    assert_eq!(
        (d.amount, &*d.currency, d.tax, &*d.tax_currency),
        (dec!(2.4), "USD", dec!(0.36), "USD")
    );
}

#[test]
fn every_bad_trade_is_reported_by_json_path_and_line() {
    let e = errors("freedom_bad.json");
    let at: Vec<(Option<u64>, String)> = e
        .iter()
        .map(|e| (e.line, e.column.clone().map(|c| c.1).unwrap_or_default()))
        .collect();
    assert_eq!(
        at,
        [
            (Some(6), "trades.detailed[1].q"),
            (Some(8), "trades.detailed[2].p"),
            (Some(9), "trades.detailed[3].date"),
            (Some(10), "trades.detailed[4].operation"),
            (Some(11), "trades.detailed[5].commission"),
            (Some(12), "trades.detailed[6].instr_nm"),
        ]
        .map(|(l, c)| (l, c.to_string())),
        "{e:#?}"
    );
    assert!(e.iter().all(|e| e.file == "freedom_bad.json"));
    assert_eq!(e[0].problem, Problem::MissingValue);
    assert_eq!(e[0].column.as_ref().map(|c| c.0), Some(5), "the entry's column");
    assert_eq!(e[1].problem, Problem::NotANumber);
    assert_eq!(
        e[1].to_string(),
        "freedom_bad.json:8:11: column \"trades.detailed[2].p\": not a number: found \"170,5O\", \
         expected a number of 0 or more with \".\" as the decimal point"
    );
    assert_eq!(e[2].problem, Problem::BadDate);
    assert_eq!(e[2].found.as_deref(), Some("05.03.2024"));
    assert_eq!(e[2].column.as_ref().map(|c| c.0), Some(29));
    assert_eq!(e[3].problem, Problem::UnknownSide);
    assert_eq!(e[3].expectation, Some(Expectation::BuyOrSell));
    assert_eq!(e[4].problem, Problem::Negative);
    assert_eq!(e[5].problem, Problem::NotACode);
    assert_eq!(e[5].found.as_deref(), Some("{…}"));
}

#[test]
fn broken_json_names_its_line() {
    let e = errors("freedom_broken.json");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].file, "freedom_broken.json");
    assert_eq!(e[0].line, Some(4));
    assert!(
        matches!(&e[0].problem, Problem::JsonUnreadable(m) if m.contains("line 4 column")),
        "{:?}",
        e[0]
    );
    assert_eq!(e[0].expectation, Some(Expectation::FreedomReport));

    let (r, _) = read_bytes("empty.json", b"\xef\xbb\xbf  \n");
    assert_eq!(r.unwrap_err()[0].problem, Problem::Empty);
    let (r, _) = read_bytes("other.json", br#"{"name": "not a report"}"#);
    let e = r.unwrap_err();
    assert_eq!(e[0].problem, Problem::FormatNotRecognised);
    assert_eq!(e[0].expectation, Some(Expectation::FreedomReport));
    let (r, _) = read_bytes("list.json", b"[1, 2]");
    assert_eq!(r.unwrap_err()[0].problem, Problem::FormatNotRecognised);
}

#[test]
fn empty_sections_as_php_writes_them() {
    let doc =
        br#"{"date_start": "2024-01-01", "trades": [], "corporate_actions": null, "securities_in_outs": {}}"#;
    let (r, report) = read_bytes("empty_sections.json", doc);
    let r = r.unwrap();
    assert!(r.trades.is_empty() && r.warnings.is_empty() && r.broker_fifo.is_empty());
    assert_eq!(report.rows, 0);
}

const RATES: &str = "date,currency,rate\n2024-03-04,USD,450\n2024-06-07,USD,460\n2024-07-12,USD,480\n";

/// The cross-check on a computation's own disposals and lot uses, as the engine runs it.
fn compare(
    broker: &[(usize, Decimal)],
    inputs: &Inputs,
    c: &engine::Computation,
) -> Vec<salyq_core::warning::Warning> {
    broker_fifo::compare(broker, &inputs.trades, &c.values, &c.disposals, &c.lot_uses)
}

fn computed(trades: Vec<Trade>) -> (Inputs, engine::Computation) {
    let mut inputs = Inputs::default();
    inputs
        .add_reader(RATES.as_bytes(), "rates.csv", FileRole::Rates)
        .expect("rates");
    inputs.trades = trades;
    let computation = engine::compute(&inputs, &Settings::default()).expect("computes");
    (inputs, computation)
}

#[test]
fn broker_fifo_profit_is_checked_against_ours() {
    let (r, _) = read("freedom_fifo.json");
    assert_eq!(r.broker_fifo, vec![(1, dec!(79.12)), (2, dec!(250))]);
    let (inputs, computation) = computed(r.trades.clone());
    // Ours in tenge for the second sale: proceeds (780 − 0.78) × 480 = 374,025.60, cost
    // 6/10 × (1000 + 1) × 450 = 270,270. In dollars: 779.22 − 600.60 = 178.62; the broker says
    // 250. The first sale: 479.52 − 400.40 = 79.12, as the broker says.
    let w = compare(&r.broker_fifo, &inputs, &computation);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert_eq!(w[0].kind, WarningKind::BrokerFifoDiffers);
    assert_eq!(w[0].trade, Some(2));
    assert_eq!(
        w[0].source.as_ref().map(Source::to_string).as_deref(),
        Some("freedom_fifo.json:10")
    );
    assert_eq!(
        w[0].detail,
        WarningDetail::BrokerFifoDiffers {
            id: "80000003".into(),
            asset: "AAPL.US".into(),
            date: chrono::NaiveDate::from_ymd_opt(2024, 7, 15).unwrap(),
            currency: "USD".into(),
            broker: dec!(250),
            ours: dec!(178.62),
            ours_kzt: dec!(103755.60),
        }
    );
    assert_eq!(
        w[0].message,
        "sale 80000003 of AAPL.US on 2024-07-15: the broker's FIFO profit is 250.00 USD, Salyq's is \
         178.62 USD (103,755.60 KZT): check the purchases, transfers and corporate actions behind it"
    );

    // Within one dollar: no warning.
    let close = [(1, dec!(79.9)), (2, dec!(177.7))];
    assert!(compare(&close, &inputs, &computation).is_empty());
}

#[test]
fn broker_figures_follow_their_trades_among_other_files() {
    let (r, _) = read("freedom_fifo.json");
    let by_source = r.broker_fifo_by_source();
    // Another file's trade first, and the first Freedom sale dropped (say, as a duplicate).
    let mut other = r.trades[0].clone();
    other.file = "other.csv".into();
    let trades = vec![other, r.trades[0].clone(), r.trades[2].clone()];
    let located = freedom::locate(&by_source, &trades);
    assert_eq!(located, vec![(2, dec!(250))]);
    let (inputs, computation) = computed(trades);
    let w = compare(&located, &inputs, &computation);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].trade, Some(2));
}

#[test]
fn a_value_of_the_wrong_type_is_named() {
    let doc = br#"{"date_start": "2024-01-01", "trades": {"detailed": [
  {"trade_id": 9, "date": 1709632800, "instr_nm": "AAPL.US", "operation": "buy", "q": 1, "p": 1, "curr_c": "USD"}
]}}"#;
    let (r, _) = read_bytes("typed.json", doc);
    let e = r.unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].problem, Problem::BadDate);
    assert_eq!(e[0].found.as_deref(), Some("1709632800"));
    assert_eq!(e[0].line, Some(2));
    assert_eq!(
        e[0].column.clone(),
        Some((27, "trades.detailed[0].date".to_string()))
    );
}
