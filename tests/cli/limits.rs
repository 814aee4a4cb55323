//! Input limits: a row past 1 MiB, a Freedom report past 128 MiB and a mapping past 1 MiB are
//! errors that say where and what the limit is, found without reading the rest into memory.

use salyq_core::error::{Expectation, Problem};
use salyq_core::import::intern::Interner;
use salyq_core::import::mapping::{MAX_MAPPING_BYTES, Mapping};
use salyq_core::import::table::MAX_ROW_BYTES;
use salyq_core::import::{self, FileRole, freedom};
use std::io::Read;
use std::process::Command;

#[test]
fn the_binary_names_the_line_and_column_of_a_row_past_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.csv");
    let mut text = b"date,side,asset,quantity,total,currency\n2025-01-01,buy,BTC,1,100,KZT\n\n".to_vec();
    text.extend(b"2025-01-02,sell,BTC,1,");
    text.extend(std::iter::repeat_n(b'9', 3 * MAX_ROW_BYTES));
    text.extend(b",KZT\n2025-01-03,buy,BTC,1,100,KZT\n");
    std::fs::write(&path, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .args([
            "report",
            path.to_str().unwrap(),
            "--rates",
            "sample_data/rates.csv",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(
        stderr.contains(&format!(
            "  long.csv:4:5: column \"total\": the row is too long, expected a row of at most {MAX_ROW_BYTES} bytes (is a quote left open?)"
        )),
        "{stderr}"
    );
}

#[test]
fn a_quote_left_open_on_a_long_file_stops_at_the_limit() {
    // 40 MB of rows after a quote that never closes: one record for the csv reader.
    let head = "date,side,asset,quantity,total,currency\n2025-01-01,buy,BTC,1,\"100,KZT\n";
    let rows = std::io::repeat(b'x').take(40 << 20);
    let mut interner = Interner::default();
    let e = import::read(
        head.as_bytes().chain(rows),
        "open.csv",
        FileRole::Auto,
        &mut interner,
    )
    .unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].problem, Problem::RowTooLong);
    assert_eq!(
        (e[0].line, e[0].column.clone()),
        (Some(2), Some((5, "total".to_string())))
    );
}

#[test]
fn a_freedom_report_past_the_limit_is_refused_with_its_size() {
    let head = r#"{"date_start":"2024-01-01","date_end":"2024-12-31","trades":{"detailed":[]}"#;
    let padding = std::io::repeat(b' ').take(freedom::MAX_REPORT_BYTES);
    let mut interner = Interner::default();
    let e = import::read(
        head.as_bytes().chain(padding),
        "big.json",
        FileRole::Auto,
        &mut interner,
    )
    .unwrap_err();
    assert_eq!(e[0].problem, Problem::FileTooLarge(freedom::MAX_REPORT_BYTES));
    assert_eq!(
        e[0].expectation,
        Some(Expectation::SmallerFile(freedom::MAX_REPORT_BYTES))
    );
    assert_eq!(
        e[0].to_string(),
        "big.json: the file is larger than 134217728 bytes, expected a file of at most 134217728 bytes"
    );
}

#[test]
fn a_mapping_file_past_the_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.json");
    std::fs::write(&path, vec![b' '; MAX_MAPPING_BYTES as usize + 1]).unwrap();
    let e = Mapping::load(&path).unwrap_err();
    assert_eq!(e.problem, Problem::FileTooLarge(MAX_MAPPING_BYTES));
}
