//! The binary on bad input: one small bad file per error kind (`tests/data/bad_*.csv`).
//!
//! Every input error must exit with code 1, name `file:line:column`, the column, the value found
//! and what was expected, and print nothing on stdout (no partial report). Usage errors exit
//! with code 2. No input, however broken, may make the binary panic.

use std::path::{Path, PathBuf};
use std::process::Command;

const RATES: &str = "tests/data/hand_rates.csv";

/// What one run of the binary did.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The problem lines of an input-error report (`  file:line...`), without the indent.
    fn problems(&self) -> Vec<&str> {
        self.stderr.lines().filter_map(|l| l.strip_prefix("  ")).collect()
    }
}

/// Runs `salyq` with `args` from the crate root.
fn salyq<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the salyq binary runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `salyq report tests/data/<file> --rates tests/data/hand_rates.csv`.
fn report(file: &str) -> Run {
    salyq(&["report", &format!("tests/data/{file}"), "--rates", RATES])
}

/// Asserts an input-error run: exit 1, empty stdout, the summary line with `count` problems,
/// exactly `count` problem lines, and each of `lines` among them verbatim.
fn assert_input_errors(run: &Run, count: usize, lines: &[&str]) {
    let ctx = format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        run.code, run.stdout, run.stderr
    );
    assert_eq!(run.code, Some(1), "input errors exit with 1\n{ctx}");
    assert!(run.stdout.is_empty(), "no partial report on stdout\n{ctx}");
    assert!(!run.stderr.contains("panicked"), "{ctx}");
    let summary = format!(
        "error: the input cannot be used ({count} problem{}):",
        if count == 1 { "" } else { "s" }
    );
    assert_eq!(run.stderr.lines().next(), Some(summary.as_str()), "{ctx}");
    assert_eq!(run.problems().len(), count, "one line per problem\n{ctx}");
    for line in lines {
        assert!(
            run.problems().contains(line),
            "missing problem line:\n  {line}\n{ctx}"
        );
    }
}

/// Asserts a usage-error run: exit 2, empty stdout, `needle` on stderr.
fn assert_usage_error(run: &Run, needle: &str) {
    let ctx = format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        run.code, run.stdout, run.stderr
    );
    assert_eq!(run.code, Some(2), "usage errors exit with 2\n{ctx}");
    assert!(run.stdout.is_empty(), "{ctx}");
    assert!(run.stderr.contains(needle), "stderr lacks {needle:?}\n{ctx}");
}

const EXPECTED_DATE: &str =
    "expected an ISO 8601 date such as 2025-03-07, 2025-03-07T10:38:36Z or 2025-03-07 10:38:36+05:00";
const EXPECTED_POSITIVE: &str = "expected a number greater than 0 with \".\" as the decimal point";
const EXPECTED_NON_NEGATIVE: &str = "expected a number of 0 or more with \".\" as the decimal point";
const EXPECTED_CODE: &str = "expected a code of letters and digits such as BTC, USDT or KZT";

// ---------------------------------------------------------------------------------------------
// Header problems

#[test]
fn missing_required_column_is_reported_on_the_header_line() {
    let run = report("bad_missing_quantity.csv");
    assert_input_errors(
        &run,
        1,
        &[
            "bad_missing_quantity.csv:1: required column \"quantity\" is missing from the header: \
           found \"date,side,asset,price,currency,exchange\", \
           expected a header with date, side, asset, quantity, price or total, currency (see docs/formats.md)",
        ],
    );
}

#[test]
fn missing_price_and_total_columns_is_reported_on_the_header_line() {
    let run = report("bad_missing_price_total.csv");
    assert_input_errors(
        &run,
        1,
        &[
            "bad_missing_price_total.csv:1: required column \"price\" is missing from the header: \
           found \"date,side,asset,quantity,currency\", expected a \"price\" or a \"total\" column",
        ],
    );
}

#[test]
fn missing_side_column_is_reported_not_read_as_a_price_table() {
    let run = report("bad_missing_side.csv");
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("bad_missing_side.csv:1: "), "{}", run.stderr);
    assert!(run.stderr.contains("\"side\""), "{}", run.stderr);
}

#[test]
fn unrecognised_header_says_the_format_is_not_recognised() {
    let run = report("bad_unrecognised.csv");
    assert_input_errors(
        &run,
        1,
        &[
            "bad_unrecognised.csv:1: the file's format is not recognised: found \"foo,bar\", \
           expected the generic trade columns (date, side, asset, quantity, price or total, currency), \
           a rate table (date,currency,rate) or a price table (date,asset,price); see docs/formats.md",
        ],
    );
}

#[test]
fn empty_file_is_an_error() {
    let run = report("bad_empty.csv");
    assert_input_errors(
        &run,
        1,
        &["bad_empty.csv: the file is empty, expected a header row"],
    );
}

#[test]
fn nonexistent_file_cannot_be_opened() {
    let run = report("bad_does_not_exist.csv");
    assert!(
        !Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/bad_does_not_exist.csv")
            .exists()
    );
    assert_input_errors(&run, 1, &[]);
    assert!(
        run.problems()[0].starts_with("bad_does_not_exist.csv: cannot open the file: "),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// Cell problems

#[test]
fn bad_dates_are_reported_with_line_column_and_value() {
    let run = report("bad_date.csv");
    assert_input_errors(
        &run,
        2,
        &[
            &format!("bad_date.csv:3:1: column \"date\": bad date: found \"2025-13-01\", {EXPECTED_DATE}"),
            &format!("bad_date.csv:4:1: column \"date\": bad date: found \"07.03.2025\", {EXPECTED_DATE}"),
        ],
    );
}

#[test]
fn negative_quantity_is_an_error() {
    let run = report("bad_negative_quantity.csv");
    assert_input_errors(
        &run,
        1,
        &[&format!(
            "bad_negative_quantity.csv:2:4: column \"quantity\": negative number: found \"-0.5\", {EXPECTED_POSITIVE}"
        )],
    );
}

#[test]
fn zero_quantity_is_an_error() {
    let run = report("bad_zero_quantity.csv");
    assert_input_errors(
        &run,
        1,
        &[&format!(
            "bad_zero_quantity.csv:2:4: column \"quantity\": zero quantity: found \"0\", {EXPECTED_POSITIVE}"
        )],
    );
}

#[test]
fn non_numeric_price_is_an_error() {
    let run = report("bad_price.csv");
    assert_input_errors(
        &run,
        2,
        &[
            &format!(
                "bad_price.csv:2:5: column \"price\": not a number: found \"12,5\", {EXPECTED_NON_NEGATIVE}"
            ),
            &format!(
                "bad_price.csv:3:5: column \"price\": not a number: found \"abc\", {EXPECTED_NON_NEGATIVE}"
            ),
        ],
    );
}

#[test]
fn unknown_side_is_an_error_in_the_side_column_wherever_it_is() {
    // `side` is the third column of this file.
    let run = report("bad_side.csv");
    assert_input_errors(
        &run,
        1,
        &["bad_side.csv:2:3: column \"side\": unknown side: found \"hold\", expected buy or sell"],
    );
}

#[test]
fn total_disagreeing_with_quantity_times_price_is_an_error() {
    let run = report("bad_total.csv");
    assert_input_errors(
        &run,
        1,
        &[
            "bad_total.csv:2:6: column \"total\": total disagrees with quantity × price: found \"250000\", \
           expected 200000 (quantity × price), within rounding",
        ],
    );
}

#[test]
fn unknown_kind_is_an_error() {
    let run = report("bad_kind.csv");
    assert_input_errors(
        &run,
        1,
        &[
            "bad_kind.csv:2:12: column \"kind\": unknown kind: found \"stock\", expected crypto, security or other",
        ],
    );
}

#[test]
fn a_pair_is_not_an_asset_code() {
    let run = report("bad_asset_code.csv");
    assert_input_errors(
        &run,
        1,
        &[&format!(
            "bad_asset_code.csv:2:3: column \"asset\": not an asset or currency code: found \"BTC/USDT\", {EXPECTED_CODE}"
        )],
    );
}

#[test]
fn every_bad_row_is_reported_and_good_rows_do_not_hide_them() {
    let run = report("bad_many_rows.csv");
    let f = "bad_many_rows.csv";
    assert_input_errors(
        &run,
        7,
        &[
            &format!("{f}:3:1: column \"date\": bad date: found \"2025-13-01T10:00:00Z\", {EXPECTED_DATE}"),
            &format!("{f}:5:2: column \"side\": unknown side: found \"hold\", expected buy or sell"),
            &format!("{f}:6:4: column \"quantity\": zero quantity: found \"0\", {EXPECTED_POSITIVE}"),
            &format!("{f}:8:5: column \"price\": not a number: found \"abc\", {EXPECTED_NON_NEGATIVE}"),
            &format!(
                "{f}:9:6: column \"total\": total disagrees with quantity × price: found \"250000\", \
                 expected 200000 (quantity × price), within rounding"
            ),
            &format!(
                "{f}:10:12: column \"kind\": unknown kind: found \"stock\", expected crypto, security or other"
            ),
            &format!(
                "{f}:11:3: column \"asset\": not an asset or currency code: found \"BTC/USDT\", {EXPECTED_CODE}"
            ),
        ],
    );
    // Reported in file order.
    let lines: Vec<u64> = run
        .problems()
        .iter()
        .map(|p| {
            p.split(':')
                .nth(1)
                .and_then(|n| n.parse().ok())
                .expect("a line number")
        })
        .collect();
    assert_eq!(lines, [3, 5, 6, 8, 9, 10, 11]);
}

#[test]
fn errors_in_several_files_are_all_reported() {
    let run = salyq(&[
        "report",
        "tests/data/bad_side.csv",
        "tests/data/bad_kind.csv",
        "--rates",
        RATES,
    ]);
    assert_input_errors(
        &run,
        2,
        &[
            "bad_side.csv:2:3: column \"side\": unknown side: found \"hold\", expected buy or sell",
            "bad_kind.csv:2:12: column \"kind\": unknown kind: found \"stock\", expected crypto, security or other",
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Valuation problems (no column: the problem is the trade, not a cell)

#[test]
fn crypto_to_crypto_without_a_price_table_cannot_be_valued() {
    let run = report("bad_unvaluable.csv");
    assert_input_errors(&run, 1, &[]);
    let p = run.problems()[0];
    assert!(
        p.starts_with("bad_unvaluable.csv:2: cannot value this trade in tenge"),
        "{p}"
    );
    assert!(p.contains("neither SOL nor XRP is fiat"), "{p}");
    assert!(p.contains("no price for either on 2025-03-07"), "{p}");
    assert!(p.contains("price file"), "says how to fix it: {p}");
}

#[test]
fn missing_official_rate_says_which_rate_is_needed() {
    let run = report("bad_missing_rate.csv");
    assert_input_errors(&run, 2, &[]);
    let usd = run
        .problems()
        .into_iter()
        .find(|p| p.contains("USD"))
        .expect("a USD problem");
    assert!(
        usd.starts_with("bad_missing_rate.csv:2: cannot value this trade in tenge"),
        "{usd}"
    );
    assert!(
        usd.contains("no official USD rate: need a daily rate published before 2024-01-10"),
        "{usd}"
    );
    let eur = run
        .problems()
        .into_iter()
        .find(|p| p.contains("EUR"))
        .expect("an EUR problem");
    assert!(
        eur.starts_with("bad_missing_rate.csv:3: cannot value this trade in tenge"),
        "{eur}"
    );
    assert!(
        eur.contains("and 1 more"),
        "the second EUR trade is counted: {eur}"
    );
    assert!(
        eur.contains("no official EUR rate: need the annual average rate for 2025"),
        "{eur}"
    );
}

#[test]
fn missing_rate_table_entirely_is_an_error_not_a_zero_value() {
    let run = salyq(&["report", "tests/data/bad_missing_rate.csv"]);
    assert_input_errors(&run, 2, &[]);
    assert!(run.stderr.contains("no official USD rate"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// No partial output

#[test]
fn json_report_prints_nothing_on_error() {
    let run = salyq(&[
        "report",
        "--json",
        "tests/data/bad_many_rows.csv",
        "--rates",
        RATES,
    ]);
    assert_input_errors(&run, 7, &[]);
}

#[test]
fn disposals_writes_no_file_on_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("disposals.csv");
    let run = salyq(&[
        "disposals".as_ref(),
        "tests/data/bad_total.csv".as_ref(),
        "--rates".as_ref(),
        RATES.as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_input_errors(&run, 1, &[]);
    assert!(!out.exists(), "no disposals file after an input error");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temporary file left behind"
    );
}

// ---------------------------------------------------------------------------------------------
// Usage errors

#[test]
fn unknown_method_is_a_usage_error() {
    let run = salyq(&["report", "--method", "bogus", "tests/data/hand_fifo_partial.csv"]);
    assert_usage_error(&run, "invalid value 'bogus' for '--method <METHOD>'");
    assert!(run.stderr.contains("fifo, lifo, hifo, average"), "{}", run.stderr);
}

#[test]
fn no_files_is_a_usage_error() {
    let run = salyq(&["report"]);
    assert_usage_error(&run, "the following required arguments were not provided");
    assert!(run.stderr.contains("<FILES>"), "{}", run.stderr);
}

#[test]
fn bad_tz_is_a_usage_error() {
    let run = salyq(&[
        "report",
        "--tz",
        "Asia/Almaty",
        "tests/data/hand_fifo_partial.csv",
    ]);
    assert_usage_error(&run, "\"Asia/Almaty\" is not a UTC offset");
}

// ---------------------------------------------------------------------------------------------
// Robustness

/// The good hand case `hand_fifo_partial.csv`, with its line ends replaced by `eol`.
fn good_trades(bom: bool, eol: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hand_fifo_partial.csv"),
    )
    .unwrap();
    let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
    for line in text.lines() {
        bytes.extend_from_slice(line.as_bytes());
        bytes.extend_from_slice(eol.as_bytes());
    }
    bytes
}

/// Writes `bytes` to `<new tempdir>/trades.csv` (same display name in every run).
fn write_trades(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trades.csv");
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

fn report_path(path: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "report".as_ref(),
        path.as_os_str(),
        "--rates".as_ref(),
        RATES.as_ref(),
    ];
    args.extend(extra.iter().map(|s| std::ffi::OsStr::new(*s)));
    salyq(&args)
}

#[test]
fn bom_and_crlf_good_file_gives_the_same_report_as_lf() {
    let (_a, crlf) = write_trades(&good_trades(true, "\r\n"));
    let (_b, lf) = write_trades(&good_trades(false, "\n"));
    let got = report_path(&crlf, &[]);
    let want = report_path(&lf, &[]);
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    assert_eq!(want.code, Some(0), "{}", want.stderr);
    assert!(got.stdout.contains("Tax year 2025"), "{}", got.stdout);
    assert_eq!(got.stdout, want.stdout);
}

#[test]
fn crlf_file_reports_the_right_line_numbers() {
    let (_a, path) = write_trades(
        b"date,side,asset,quantity,price,currency\r\n\
          2025-03-07,buy,BTC,1,100,KZT\r\n\
          2025-03-07,hold,BTC,1,100,KZT\r\n",
    );
    let run = report_path(&path, &[]);
    assert_input_errors(
        &run,
        1,
        &["trades.csv:3:2: column \"side\": unknown side: found \"hold\", expected buy or sell"],
    );
    // The audit trail of a good CRLF file names the same lines as the LF file.
    let (_b, crlf) = write_trades(&good_trades(true, "\r\n"));
    let (_c, lf) = write_trades(&good_trades(false, "\n"));
    assert_eq!(
        report_path(&crlf, &["--json"]).stdout,
        report_path(&lf, &["--json"]).stdout
    );
}

#[test]
fn rows_after_blank_lines_report_their_own_line() {
    let (_a, path) =
        write_trades(b"\n\ndate,side,asset,quantity,price,currency\n\n\n2025-03-07,hold,BTC,1,100,KZT\n");
    let run = report_path(&path, &[]);
    assert_input_errors(
        &run,
        1,
        &["trades.csv:6:2: column \"side\": unknown side: found \"hold\", expected buy or sell"],
    );
    let (_b, path) = write_trades(b"\n\ndate,side,asset,price,currency\n2025-03-07,buy,BTC,100,KZT\n");
    let run = report_path(&path, &[]);
    assert_input_errors(&run, 1, &[]);
    assert!(
        run.problems()[0].starts_with("trades.csv:3: required column \"quantity\""),
        "{}",
        run.stderr
    );
}

/// Deterministic pseudo-random bytes (xorshift64).
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

/// Runs the binary on each input and asserts it neither panics nor half-reports.
fn assert_no_panic(corpus: &[(&str, Vec<u8>)]) {
    for (name, bytes) in corpus {
        let (_dir, path) = write_trades(bytes);
        let run = report_path(&path, &[]);
        let ctx = format!(
            "input {name:?}: exit {:?}\n--- stdout\n{}--- stderr\n{}",
            run.code, run.stdout, run.stderr
        );
        assert!(matches!(run.code, Some(0) | Some(1)), "{ctx}");
        assert!(!run.stderr.contains("panicked"), "{ctx}");
        if run.code == Some(1) {
            assert!(run.stdout.is_empty(), "{ctx}");
            assert!(run.stderr.starts_with("error: "), "{ctx}");
        }
    }
}

#[test]
fn nasty_bytes_never_make_the_binary_panic() {
    let header =
        b"date,side,asset,quantity,price,total,currency,fee,fee_currency,exchange,id,kind,note\n".to_vec();
    let with_header = |body: &[u8]| [header.as_slice(), body].concat();
    let big = vec![b'x'; 100 * 1024];
    let corpus: Vec<(&str, Vec<u8>)> = vec![
        ("random bytes", noise(4096, 0x9E37_79B9_7F4A_7C15)),
        ("random bytes after a header", with_header(&noise(4096, 42))),
        ("random printable cells after a header", {
            let cells: Vec<u8> = noise(4096, 7)
                .into_iter()
                .map(|b| b" ,\n\"-.0123456789eE:TZbuysel"[b as usize % 24])
                .collect();
            with_header(&cells)
        }),
        ("a lone quote", b"\"".to_vec()),
        (
            "an unterminated quote after a header",
            with_header(b"2025-03-07,buy,BTC,1,\"100,,KZT\n"),
        ),
        (
            "a quote in the middle of a cell",
            with_header(b"2025-03-07,buy,B\"TC,1,100,,KZT\n"),
        ),
        ("a 100 KB single field", big.clone()),
        (
            "a 100 KB cell in a row",
            with_header(&[b"2025-03-07,buy,".as_slice(), &big, b",1,100,,KZT\n"].concat()),
        ),
        (
            "a 100 KB header name",
            [
                b"date,side,asset,quantity,price,currency,".as_slice(),
                &big,
                b"\n",
            ]
            .concat(),
        ),
        ("NUL bytes", vec![0u8; 64]),
        (
            "NUL bytes after a header",
            with_header(&[0, 0, 0, b',', 0, b'\n']),
        ),
        ("only a header", header.clone()),
        (
            "only a header, BOM, no line end",
            b"\xEF\xBB\xBFdate,side,asset,quantity,price,currency".to_vec(),
        ),
        ("only a BOM", b"\xEF\xBB\xBF".to_vec()),
        ("only blank lines", b"\n\r\n  \n\t\n".to_vec()),
        ("only CRs", b"\r\r\r".to_vec()),
        ("a header that is not UTF-8", b"date,si\xFFde,asset\n".to_vec()),
        (
            "a cell that is not UTF-8",
            with_header(b"2025-03-07,buy,BT\xC3,1,100,,KZT\n"),
        ),
        ("a short row", with_header(b"2025-03-07\n")),
        (
            "a long row",
            with_header(&b"2025-03-07,buy,BTC,1,100,,KZT,,,,,,,,,,,,,,,,,,,,,,,,\n".repeat(3)),
        ),
        ("only a rate-table header", b"date,currency,rate\n".to_vec()),
        ("only a price-table header", b"date,asset,price\n".to_vec()),
        (
            "a sale of what was never bought",
            with_header(b"2025-03-07,sell,BTC,1,100,,KZT\n"),
        ),
        (
            "numbers at the edge",
            with_header(b"2025-03-07,buy,BTC,1e99999999999,1e-99999999999,,KZT\n"),
        ),
        (
            "a quantity × price too large",
            with_header(b"2025-03-07,buy,BTC,79228162514264337593543950335,2,,KZT\n"),
        ),
        (
            "a fee larger than the lot",
            with_header(b"2025-03-07,buy,BTC,1,100,,KZT,2,BTC\n"),
        ),
        (
            "a far date",
            with_header(b"9999-12-31T23:59:59-14:00,buy,BTC,1,100,,KZT\n0001-01-01,sell,BTC,1,100,,KZT\n"),
        ),
    ];
    assert_no_panic(&corpus);
}

#[test]
fn non_ascii_date_does_not_panic() {
    assert_no_panic(&[(
        "é across byte 10 of the date",
        "date,side,asset,quantity,price,currency\n2025-03-0é,buy,BTC,1,100,KZT\n".into(),
    )]);
}

#[test]
fn huge_amounts_do_not_panic() {
    const MAX: &str = "79228162514264337593543950335";
    let h = "date,side,asset,quantity,total,currency,fee,fee_currency\n";
    let corpus: Vec<(&str, Vec<u8>)> = vec![
        ("huge USD total", format!("{h}2025-03-07,buy,BTC,1,{MAX},USD,,\n").into()),
        ("huge USD fee", format!("{h}2025-03-07,buy,BTC,1,1,KZT,{MAX},USD\n").into()),
        ("two huge lots", format!("{h}2025-03-07,buy,BTC,1,{MAX},KZT,,\n2025-03-07,buy,BTC,1,{MAX},KZT,,\n").into()),
        (
            "two huge proceeds",
            format!("{h}2025-03-07,buy,BTC,2,1,KZT,,\n2025-03-08,sell,BTC,1,{MAX},KZT,,\n2025-03-09,sell,BTC,1,{MAX},KZT,,\n").into(),
        ),
    ];
    assert_no_panic(&corpus);
}
