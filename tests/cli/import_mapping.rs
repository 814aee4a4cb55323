//! Column mappings (docs/formats.md, "Column mappings") on a made-up broker layout:
//! `tests/data/mapped_broker.csv` (`;`-delimited, `dd.mm.yyyy HH:MM` times at +05:00, decimal
//! commas with spaces between thousands, `Покупка`/`Продажа` sides, `BTC/KZT` pairs) read with
//! `tests/data/mapped_broker.json`, and the same trades as a generic file,
//! `tests/data/mapped_broker_generic.csv`.
//!
//! Worked by hand (FIFO, fees included, all in KZT so no rates are needed):
//! - buy 0.5 BTC at 20,000,000 (fee 5,000): lot 1 costs 10,005,000
//! - buy 0.5 BTC at 24,000,000 (fee 6,000): lot 2 costs 12,006,000
//! - 2024: sell 0.6 at 30,000,000 (fee 9,000): proceeds 18,000,000 − 9,000 = 17,991,000;
//!   cost lot 1 + 0.1/0.5 of lot 2 = 10,005,000 + 2,401,200 = 12,406,200; gain 5,584,800;
//!   tax 10% = 558,480
//! - 2025: sell 0.4 at 28,000,000 (fee 5,600): proceeds 11,200,000 − 5,600 = 11,194,400;
//!   cost the rest of lot 2 = 12,006,000 − 2,401,200 = 9,604,800; gain 1,589,600;
//!   tax 10% = 158,960

use rust_decimal_macros::dec;
use salyq_core::error::{Expectation, Problem};
use salyq_core::import::mapping::{self, Mapping};
use salyq_core::import::report::FileReport;
use salyq_core::import::table::{Layout, Table};
use salyq_core::import::{FileRole, Inputs, intern::Interner};
use salyq_core::model::{Kind, Side};
use std::path::{Path, PathBuf};
use std::process::Command;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn broker() -> Mapping {
    Mapping::load(&data("mapped_broker.json")).expect("the fixture mapping is good")
}

fn time(s: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(s).unwrap()
}

#[test]
fn reads_the_mapped_file_field_by_field() {
    let bytes = std::fs::read(data("mapped_broker.csv")).unwrap();
    let layout = Layout {
        delimiter: b';',
        header_row: 0,
    };
    let mut table = Table::open_with("mapped_broker.csv", bytes.as_slice(), &layout).unwrap();
    let m = broker();
    assert!(m.matches(&table.header.raw));
    let mut interner = Interner::default();
    let mut report = FileReport::new("mapped_broker.csv", "x");
    let trades = mapping::read(&mut table, &m, &mut interner, &mut report).unwrap();
    assert_eq!(report.rows, 4);
    assert_eq!(trades.len(), 4);

    let t = &trades[0];
    assert_eq!(&*t.file, "mapped_broker.csv");
    assert_eq!(t.line, 2);
    assert_eq!(t.time, time("2024-01-15T10:30:00+05:00"));
    assert_eq!(t.time.offset().local_minus_utc(), 5 * 3600);
    assert_eq!(t.side, Side::Buy);
    assert_eq!(&*t.asset, "BTC");
    assert_eq!(t.quantity, dec!(0.5));
    assert_eq!(t.total, dec!(10000000));
    assert_eq!(&*t.currency, "KZT");
    assert_eq!(t.fee, dec!(5000));
    assert_eq!(&*t.fee_currency, "KZT");
    assert_eq!(t.exchange.as_deref(), Some("Tabys Broker"));
    assert_eq!(t.id.as_deref(), Some("T-1"));
    assert_eq!(t.kind, Kind::Crypto);
    assert_eq!(t.note, None);

    // Side values in any letter case; a blank line still counts for line numbers; `BTCKZT`
    // is split by the known quote.
    assert_eq!(trades[1].side, Side::Buy);
    assert_eq!(trades[2].side, Side::Sell);
    assert_eq!(trades[2].total, dec!(18000000));
    let last = &trades[3];
    assert_eq!(last.line, 6);
    assert_eq!(last.side, Side::Sell);
    assert_eq!((&*last.asset, &*last.currency), ("BTC", "KZT"));
    assert_eq!(last.quantity, dec!(0.4));
    assert_eq!(last.fee, dec!(5600));
    assert_eq!(last.time, time("2025-02-05T04:15:00Z"));
}

#[test]
fn yields_the_same_trades_as_the_generic_file() {
    let mapped =
        Inputs::load_with_mappings(&[(data("mapped_broker.csv"), FileRole::Auto)], &[broker()]).unwrap();
    let generic = Inputs::load(&[(data("mapped_broker_generic.csv"), FileRole::Auto)]).unwrap();
    assert_eq!(mapped.reports[0].format, "Mapped: Tabys Broker");
    assert_eq!(
        mapped.reports[0].to_string(),
        "mapped_broker.csv: Mapped: Tabys Broker, 4 rows, 4 trades"
    );
    assert_eq!(mapped.trades.len(), generic.trades.len());
    for (a, b) in mapped.trades.iter().zip(&generic.trades) {
        // The same rows, in files of other names (and one blank line apart at the end).
        assert_eq!(a.line, b.line + u32::from(a.line == 6));
        let a = salyq_core::model::Trade {
            file: b.file.clone(),
            line: b.line,
            ..a.clone()
        };
        assert_eq!(&a, b);
    }
}

#[test]
fn a_mapping_is_found_after_a_preamble_and_as_a_trade_file() {
    let mut bytes = b"Statement of account 12345\n\n".to_vec();
    bytes.extend(std::fs::read(data("mapped_broker.csv")).unwrap());
    let mut inputs = Inputs::default();
    inputs.mappings.push(broker());
    inputs
        .add_reader(bytes.as_slice(), "with_preamble.csv", FileRole::Trades)
        .unwrap();
    assert_eq!(inputs.trades.len(), 4);
    assert_eq!(inputs.trades[0].line, 4);
}

#[test]
fn a_file_with_another_header_is_not_read_with_the_mapping() {
    let errors =
        Inputs::load_with_mappings(&[(data("mapped_other_header.csv"), FileRole::Auto)], &[broker()])
            .unwrap_err()
            .0;
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].problem, Problem::FormatNotRecognised);
    // Rate and price tables are never read with a mapping.
    let errors = Inputs::load_with_mappings(&[(data("mapped_broker.csv"), FileRole::Rates)], &[broker()])
        .unwrap_err()
        .0;
    assert!(errors.iter().all(|e| e.problem != Problem::FormatNotRecognised));
    assert!(!errors.is_empty());
}

#[test]
fn every_bad_row_is_reported_with_file_line_and_column() {
    let errors = Inputs::load_with_mappings(&[(data("mapped_broker_bad.csv"), FileRole::Auto)], &[broker()])
        .unwrap_err()
        .0;
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "mapped_broker_bad.csv:3:1: column \"Trade date\": bad date: found \"2024-03-20 16:00\", \
             expected a date written as %d.%m.%Y %H:%M",
            "mapped_broker_bad.csv:4:2: column \"Operation\": unknown side: found \"Обмен\", \
             expected one of Покупка, Продажа",
            "mapped_broker_bad.csv:5:3: column \"Instrument\": the pair cannot be split into two codes: \
             found \"BTCXYZ\", expected a pair such as BTCUSDT or BTC/USDT, quoted in an asset Salyq knows \
             (USDT, USDC, BTC, ETH, EUR, ...)",
            "mapped_broker_bad.csv:6:5: column \"Price\": not a number: found \"30.000,5\", \
             expected a number of 0 or more such as 1 234,56 (this file's numbers are read as Excel \
             writes them in a Russian locale: \",\" is the decimal point and spaces group thousands)",
        ]
    );
    assert_eq!(
        errors[1].expectation,
        Some(Expectation::OneOf("Покупка, Продажа".into()))
    );
}

#[test]
fn a_bad_mapping_file_names_the_file_and_the_field() {
    let e = Mapping::load(&data("mapped_bad_mapping.json")).unwrap_err();
    assert!(e.file.ends_with("mapped_bad_mapping.json"), "{e}");
    assert_eq!(
        e.problem,
        Problem::BadMapping("\"fee\": column \"Comission\" is not in \"header\"".into())
    );
    assert_eq!(e.expectation, Some(Expectation::Mapping));

    let e = Mapping::from_json("{\"version\": 1, \"name\": \"x\",\n \"header\": 5}", "m.json").unwrap_err();
    assert_eq!(e.line, Some(2));
    assert!(
        matches!(&e.problem, Problem::JsonUnreadable(d) if d.starts_with("\"header\": invalid type")),
        "{e}"
    );

    let e = Mapping::load(&data("no_such_mapping.json")).unwrap_err();
    assert!(matches!(e.problem, Problem::CannotOpen(_)), "{e}");
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn salyq(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the salyq binary runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn years(json: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(json).expect("JSON report");
    v["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| {
            let keys = [
                "year",
                "disposals",
                "proceeds_kzt",
                "cost_kzt",
                "net_gain_kzt",
                "tax_kzt",
            ];
            serde_json::Value::Object(keys.iter().map(|k| (k.to_string(), y[*k].clone())).collect())
        })
        .collect()
}

#[test]
fn the_cli_gives_the_same_yearly_figures_as_the_generic_file() {
    let mapped = salyq(&[
        "report",
        "tests/data/mapped_broker.csv",
        "--mapping",
        "tests/data/mapped_broker.json",
        "--json",
    ]);
    assert_eq!(mapped.code, Some(0), "{}", mapped.stderr);
    assert!(
        mapped
            .stderr
            .contains("read mapped_broker.csv: Mapped: Tabys Broker, 4 rows, 4 trades")
    );
    let generic = salyq(&["report", "tests/data/mapped_broker_generic.csv", "--json"]);
    assert_eq!(generic.code, Some(0), "{}", generic.stderr);
    let got = years(&mapped.stdout);
    assert_eq!(got, years(&generic.stdout));
    let expected = serde_json::json!([
        {"year": 2024, "disposals": 1, "proceeds_kzt": "17991000.00", "cost_kzt": "12406200.00",
         "net_gain_kzt": "5584800.00", "tax_kzt": "558480"},
        {"year": 2025, "disposals": 1, "proceeds_kzt": "11194400.00", "cost_kzt": "9604800.00",
         "net_gain_kzt": "1589600.00", "tax_kzt": "158960"},
    ]);
    assert_eq!(serde_json::Value::Array(got), expected);
}

#[test]
fn the_cli_reports_a_bad_mapping_and_suggests_one_for_an_unknown_file() {
    let bad = salyq(&[
        "disposals",
        "tests/data/mapped_broker.csv",
        "--mapping",
        "tests/data/mapped_bad_mapping.json",
        "--out",
        "/dev/null",
    ]);
    assert_eq!(bad.code, Some(1));
    assert!(bad.stdout.is_empty());
    assert!(
        bad.stderr.contains(
            "  tests/data/mapped_bad_mapping.json: the column mapping cannot be used: \
             \"fee\": column \"Comission\" is not in \"header\""
        ),
        "{}",
        bad.stderr
    );

    let unknown = salyq(&[
        "report",
        "tests/data/mapped_other_header.csv",
        "--mapping",
        "tests/data/mapped_broker.json",
    ]);
    assert_eq!(unknown.code, Some(1));
    assert!(
        unknown
            .stderr
            .contains("mapped_other_header.csv:1: the file's format is not recognised")
    );
    assert!(unknown.stderr.contains("--mapping FILE"), "{}", unknown.stderr);
}
