//! No silent loss in input files: every row of a trade, rate or price file is read, or the file
//! is refused with its file, line and column (exit 1, nothing written). Each case below was
//! accepted before (exit 0 with rows quietly gone, or a dropped trade with a warning only); the
//! comment of each test says what happened then.
//!
//! Files are written by the tests into temporary directories. The trades are in KZT, so no
//! rate table is needed.

use rust_decimal_macros::dec;
use salyq_core::error::{Expectation, FileKind, IdConflict, InputError, Problem};
use salyq_core::import::table::{MAX_ROW_BYTES, Table};
use salyq_core::import::{FileRole, Inputs};
use salyq_core::warning::WarningKind;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The generic header with every column (13 fields).
const HEADER: &str = "date,side,asset,quantity,price,total,currency,fee,fee_currency,exchange,id,kind,note";

/// A generic row of `HEADER`: BTC for KZT at Ataix, fee in KZT.
fn row(date: &str, side: &str, quantity: &str, price: &str, id: &str, note: &str) -> String {
    let total = (quantity.parse::<rust_decimal::Decimal>().unwrap()
        * price.parse::<rust_decimal::Decimal>().unwrap())
    .normalize();
    format!("{date},{side},BTC,{quantity},{price},{total},KZT,100,KZT,Ataix,{id},crypto,{note}")
}

/// A buy of 1 BTC at 1,000,000 on line 2 with `note`, then ten sells of 0.1 BTC at 1,200,000
/// (ids A-2..A-11) on lines 3-12.
fn buy_then_ten_sells(note: &str) -> String {
    let mut text = format!(
        "{HEADER}\n{}\n",
        row("2024-01-10T10:00:00Z", "buy", "1", "1000000", "A-1", note)
    );
    for i in 0..10 {
        let date = format!("2024-02-{:02}T10:00:00Z", i + 1);
        text.push_str(&row(&date, "sell", "0.1", "1200000", &format!("A-{}", i + 2), ""));
        text.push('\n');
    }
    text
}

/// Writes files into a new temporary directory.
fn write(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let paths = files
        .iter()
        .map(|(name, bytes)| {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        })
        .collect();
    (dir, paths)
}

/// Loads files as every shell does (recognised by content).
fn load(files: &[(&str, &[u8])]) -> Result<Inputs, Vec<InputError>> {
    let (_dir, paths) = write(files);
    let files: Vec<(PathBuf, FileRole)> = paths.into_iter().map(|p| (p, FileRole::Auto)).collect();
    Inputs::load(&files).map_err(|e| e.0)
}

/// The errors of loading files that must not load.
fn errors(files: &[(&str, &[u8])]) -> Vec<InputError> {
    match load(files) {
        Ok(inputs) => panic!(
            "loaded {} trades, expected a refusal: {:?}",
            inputs.trades.len(),
            inputs.warnings
        ),
        Err(e) => e,
    }
}

/// The one error of loading `text` as `trades.csv`.
fn one_error(text: &str) -> InputError {
    let mut e = errors(&[("trades.csv", text.as_bytes())]);
    assert_eq!(e.len(), 1, "{e:#?}");
    e.remove(0)
}

fn at(e: &InputError) -> (Option<u64>, Option<(usize, &str)>) {
    (e.line, e.column.as_ref().map(|(n, s)| (*n, s.as_str())))
}

// ---------------------------------------------------------------------------------------------
// 1. A quote left open

/// Before: the note cell swallowed the ten sells (900 bytes, under the 4 KiB cell limit), one
/// buy was read and the report said "No disposals", exit 0.
#[test]
fn a_quote_left_open_in_a_read_column_is_refused_at_the_quote() {
    let e = one_error(&buy_then_ten_sells("\"bought at the dip"));
    assert_eq!(e.problem, Problem::QuoteNotClosed);
    assert_eq!(at(&e), (Some(2), Some((13, "note"))));
    assert_eq!(e.expectation, Some(Expectation::ClosedQuote));
    assert_eq!(
        e.to_string(),
        "trades.csv:2:13: column \"note\": the quote that opens this cell is never closed, so the rest \
         of the file would be read as this one cell: found \"\"bought at the dip\", expected a closing \
         quote (\") before the end of the cell: close the quote at this place in the file, or export \
         the file again from its source"
    );
}

/// Before: a column no importer reads has no cell limit, so the quote swallowed every row after
/// it and only the buy was read, exit 0.
#[test]
fn a_quote_left_open_in_an_unread_column_is_refused_too() {
    let text = buy_then_ten_sells("")
        .lines()
        .enumerate()
        .map(|(i, l)| match i {
            0 => format!("{l},memo\n"),
            1 => format!("{l},\"see the chat\n"),
            _ => format!("{l},\n"),
        })
        .collect::<String>();
    let e = one_error(&text);
    assert_eq!(e.problem, Problem::QuoteNotClosed);
    assert_eq!(at(&e), (Some(2), Some((14, "memo"))));
    assert_eq!(e.found.as_deref(), Some("\"see the chat"));
}

/// Before: the quote opened on line 2 closed at the end of line 4; lines 3 and 4 (two sells)
/// became part of the buy's note and vanished, exit 0.
#[test]
fn a_quote_that_closes_lines_later_is_refused_at_the_first_swallowed_row() {
    let text = format!(
        "{HEADER}\n{}\n{}\n{}\n{}\n",
        row(
            "2024-01-10T10:00:00Z",
            "buy",
            "1",
            "1000000",
            "A-1",
            "\"bought at the dip"
        ),
        row("2024-02-01T10:00:00Z", "sell", "0.1", "1200000", "A-2", ""),
        row(
            "2024-02-02T10:00:00Z",
            "sell",
            "0.1",
            "1200000",
            "A-3",
            "closed\""
        ),
        row("2024-02-03T10:00:00Z", "sell", "0.1", "1200000", "A-4", ""),
    );
    let e = one_error(&text);
    assert_eq!(e.problem, Problem::QuoteRunsOn { line: 3 });
    assert_eq!(at(&e), (Some(2), Some((13, "note"))));
    assert_eq!(
        e.found.as_deref(),
        Some("2024-02-01T10:00:00Z,sell,BTC,0.1,1200000,120000,KZT,100,KZT,Ataix,A-2,crypto,")
    );
    assert!(
        e.to_string().starts_with(
            "trades.csv:2:13: column \"note\": the quote that opens this cell is not closed on its line: \
             the cell runs on to line 3, which looks like a row of its own"
        ),
        "{e}"
    );
}

/// A cell may span lines when its lines do not look like rows: a note of two lines (one with a
/// comma), a three-line memo in an unread column, CRLF inside quotes. The rows after them keep
/// their own line numbers.
#[test]
fn quoted_cells_over_several_lines_that_do_not_look_like_rows_are_kept() {
    let text = format!(
        "{HEADER},memo\r\n{},\"a\r\nb\r\nc\"\r\n{},\r\n",
        row(
            "2024-01-10T10:00:00Z",
            "buy",
            "1",
            "1000000",
            "A-1",
            "\"line one\nline two, with a comma\""
        ),
        row("2024-02-01T10:00:00Z", "sell", "0.1", "1200000", "A-2", ""),
    );
    let inputs = load(&[("trades.csv", text.as_bytes())]).expect("the file loads");
    assert_eq!(inputs.trades.len(), 2);
    assert_eq!(
        inputs.trades[0].note.as_deref(),
        Some("line one\nline two, with a comma")
    );
    // The buy spans lines 2-5 (its note and memo hold three line breaks); the sell is line 6.
    assert_eq!(inputs.trades[1].line, 6);
    assert_eq!(inputs.trades[1].quantity, dec!(0.1));
}

/// The rule at its edge, on a three-column table: a line inside a quoted cell with two fields
/// (fewer than the header's three) is text; with three, it is a swallowed row.
#[test]
fn a_line_inside_quotes_is_a_row_when_it_has_the_header_s_field_count() {
    let read = |text: &str| -> Result<Vec<u64>, Box<InputError>> {
        let mut t = Table::open("t.csv", text.as_bytes()).unwrap();
        let mut lines = Vec::new();
        while let Some(row) = t.next_row() {
            lines.push(row.map_err(Box::new)?.line);
        }
        Ok(lines)
    };
    assert_eq!(read("a,b,c\n1,2,\"x\ny,z\"\n4,5,6\n").unwrap(), vec![2, 4]);
    let e = read("a,b,c\n1,2,\"x\ny,z,w\"\n4,5,6\n").unwrap_err();
    assert_eq!(e.problem, Problem::QuoteRunsOn { line: 3 });
    assert_eq!(at(&e), (Some(2), Some((3, "c"))));
    assert_eq!(e.found.as_deref(), Some("y,z,w"));
}

/// Counts the bytes read from the inner reader.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Before: line ends inside quotes were counted towards the 1 MiB row limit but never checked
/// against it, so all 200 MB were read into one cell (about 270 MB of memory); in the note
/// column the 4 KiB cell limit caught it only at the end, in an unread column it was accepted.
/// Now the row limit stops the file after 1 MiB of line ends, at the opening quote.
#[test]
fn an_open_quote_before_200_mb_of_line_ends_stops_after_one_mebibyte() {
    for (header, row) in [
        (
            HEADER.to_string(),
            row("2024-01-10T10:00:00Z", "buy", "1", "1000000", "A-1", "\"open"),
        ),
        (
            format!("{HEADER},memo"),
            format!(
                "{},\"open",
                row("2024-01-10T10:00:00Z", "buy", "1", "1000000", "A-1", "")
            ),
        ),
    ] {
        let column = header.split(',').count();
        let read = Arc::new(AtomicU64::new(0));
        let input = Counting {
            inner: std::io::Cursor::new(format!("{header}\n{row}\n").into_bytes())
                .chain(std::io::repeat(b'\n').take(200 << 20)),
            read: read.clone(),
        };
        let started = std::time::Instant::now();
        let e = Inputs::default()
            .add_reader(input, "trades.csv", FileRole::Trades)
            .expect_err("refused");
        assert_eq!(e.len(), 1, "{e:#?}");
        assert_eq!(e[0].problem, Problem::RowTooLong);
        assert_eq!(
            (e[0].line, e[0].column.as_ref().map(|c| c.0)),
            (Some(2), Some(column))
        );
        // At most the 1 MiB row plus the reader's buffers (64 KiB head, 64 KiB batches).
        let bytes = read.load(Ordering::Relaxed);
        assert!(bytes < 4 * MAX_ROW_BYTES as u64, "read {bytes} bytes");
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Field counts

/// Before: `1,975` was read as fee 1 and venue "975" (the id column got "Ataix"), exit 0.
#[test]
fn a_row_with_more_fields_than_the_header_is_refused_with_both_counts() {
    let text = "date,side,asset,quantity,price,total,currency,fee,exchange,id\n\
                2024-01-10T10:00:00Z,buy,BTC,1,1000000,1000000,KZT,1,975,Ataix,A-1\n";
    let e = one_error(text);
    assert_eq!(
        e.problem,
        Problem::ExtraFields {
            found: 11,
            header: 10,
            header_line: 1
        }
    );
    assert_eq!(at(&e), (Some(2), None));
    assert_eq!(
        e.to_string(),
        "trades.csv:2: the row has 11 fields, more than the 10 of the header (line 1): found \
         \"2024-01-10T10:00:00Z,buy,BTC,1,1000000,1000000,KZT,1,975,Ataix,A-1\", expected as many \
         fields as the header: a value that holds the delimiter must be in quotes (\"1,5\"); correct \
         the row or export the file again"
    );
}

/// Before: a download cut after `KZT,93` (the fee was 930; exchange, id and note missing) was
/// read with fee 93, exit 0.
#[test]
fn a_row_with_fewer_fields_than_the_header_is_refused_at_the_first_missing_column() {
    let text = "date,side,asset,quantity,price,total,currency,fee,exchange,id,note\n\
                2024-01-10T10:00:00Z,buy,BTC,1,930000,930000,KZT,930,Ataix,A-1,\n\
                2024-01-11T10:00:00Z,buy,BTC,1,930000,930000,KZT,93";
    let e = one_error(text);
    assert_eq!(
        e.problem,
        Problem::MissingFields {
            found: 8,
            header: 11,
            header_line: 1
        }
    );
    assert_eq!(at(&e), (Some(3), Some((9, "exchange"))));
    assert!(
        e.to_string().starts_with(
            "trades.csv:3:9: column \"exchange\": the row has 8 fields, fewer than the 11 of the header (line 1)"
        ),
        "{e}"
    );
    assert_eq!(e.expectation, Some(Expectation::MissingFields));
}

/// Every bad row is reported (reading goes on after one), in line order.
#[test]
fn every_row_with_a_wrong_field_count_is_reported() {
    let text = "date,side,asset,quantity,price,currency\n\
                2024-01-10T10:00:00Z,buy,BTC,1,1000000,KZT\n\
                2024-01-11T10:00:00Z,buy,BTC,1,1000000\n\
                2024-01-12T10:00:00Z,buy,BTC,1,1000000,KZT\n\
                2024-01-13T10:00:00Z,buy,BTC,1,1,000000,KZT\n\
                2024-01-14T10:00:00Z,sideways,BTC,1,1000000,KZT\n";
    let e = errors(&[("trades.csv", text.as_bytes())]);
    let got: Vec<(Option<u64>, &Problem)> = e.iter().map(|e| (e.line, &e.problem)).collect();
    assert_eq!(
        got,
        vec![
            (
                Some(3),
                &Problem::MissingFields {
                    found: 5,
                    header: 6,
                    header_line: 1
                }
            ),
            (
                Some(5),
                &Problem::ExtraFields {
                    found: 7,
                    header: 6,
                    header_line: 1
                }
            ),
            (Some(6), &Problem::UnknownSide),
        ]
    );
}

/// The documented exceptions: blank cells beyond the header (a trailing delimiter on each row,
/// as some spreadsheets write), and cells missing under blank header names (a trailing
/// delimiter on the header only). Both rows read in full.
#[test]
fn trailing_blank_cells_and_unnamed_trailing_columns_are_allowed() {
    let rows = "2024-01-10T10:00:00Z,buy,BTC,1,1000000,KZT,Ataix,A-1";
    let header = "date,side,asset,quantity,price,currency,exchange,id";
    for text in [
        format!("{header}\n{rows},,\n{rows}, \n"),
        format!("{header},,\n{rows}\n{rows},\n"),
    ] {
        // Two identical rows with one id: the same trade, kept once with a warning.
        let inputs = load(&[("trades.csv", text.as_bytes())]).expect(&text);
        assert_eq!(inputs.trades.len(), 1, "{text}");
        assert_eq!(inputs.trades[0].total, dec!(1000000));
        assert_eq!(inputs.trades[0].id.as_deref(), Some("A-1"));
        assert_eq!(inputs.warnings.len(), 1);
        assert_eq!(inputs.warnings[0].kind, WarningKind::Duplicate);
    }
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(name),
    )
    .unwrap()
}

/// `text` with line `n` (1-based) changed by `f`.
fn with_line(text: &str, n: usize, f: impl Fn(&str) -> String) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == n { f(l) } else { l.to_string() } + "\n")
        .collect()
}

/// Every importer that reads a table checks the field count: Binance (both trade histories and
/// the transaction statement), Bybit, a column mapping, rate and price tables.
#[test]
fn every_table_format_refuses_a_wrong_field_count() {
    let extra = |l: &str| format!("{l},X");
    let cut = |l: &str| l[..l.rfind(',').unwrap()].to_string();
    type Case<'a> = (&'a str, String, Problem, Option<(usize, &'a str)>);
    let cases: Vec<Case> = vec![
        (
            "binance_spot.csv",
            with_line(&fixture("binance_spot.csv"), 2, extra),
            Problem::ExtraFields {
                found: 8,
                header: 7,
                header_line: 1,
            },
            None,
        ),
        (
            "binance_spot_old.csv",
            with_line(&fixture("binance_spot_old.csv"), 3, cut),
            Problem::MissingFields {
                found: 7,
                header: 8,
                header_line: 1,
            },
            Some((8, "Fee Coin")),
        ),
        (
            "binance_statement.csv",
            with_line(&fixture("binance_statement.csv"), 2, extra),
            Problem::ExtraFields {
                found: 8,
                header: 7,
                header_line: 1,
            },
            None,
        ),
        (
            "bybit_unified.csv",
            with_line(&fixture("bybit_unified.csv"), 3, cut),
            Problem::MissingFields {
                found: 9,
                header: 10,
                header_line: 1,
            },
            Some((10, "Timestamp (UTC)")),
        ),
        (
            "rates.csv",
            with_line(&fixture("hand_rates.csv"), 2, extra),
            Problem::ExtraFields {
                found: 5,
                header: 4,
                header_line: 1,
            },
            None,
        ),
        (
            "prices.csv",
            "date,asset,price,currency\n2024-06-10,BNB,603.40,USD\n2024-08-05,BNB\n".to_string(),
            Problem::MissingFields {
                found: 2,
                header: 4,
                header_line: 1,
            },
            Some((3, "price")),
        ),
    ];
    for (name, text, problem, column) in cases {
        let e = errors(&[(name, text.as_bytes())]);
        assert_eq!(e.len(), 1, "{name}: {e:#?}");
        assert_eq!(e[0].problem, problem, "{name}: {}", e[0]);
        assert_eq!(
            e[0].column.as_ref().map(|(n, s)| (*n, s.as_str())),
            column,
            "{name}"
        );
    }
    // A column mapping (`;`-separated, decimal commas): one field more on line 3 (`7,5`, so that
    // the line still splits better by `;` than by `,`).
    let mapping = salyq_core::import::mapping::Mapping::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mapped_broker.json"),
    )
    .unwrap();
    let text = with_line(&fixture("mapped_broker.csv"), 3, |l| format!("{l};7,5"));
    let (_dir, paths) = write(&[("broker.csv", text.as_bytes())]);
    let e = Inputs::load_with_mappings(&[(paths[0].clone(), FileRole::Auto)], &[mapping])
        .unwrap_err()
        .0;
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(
        (e[0].line, &e[0].problem),
        (
            Some(3),
            &Problem::ExtraFields {
                found: 8,
                header: 7,
                header_line: 1
            }
        )
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Duplicates

const H10: &str = "date,side,asset,quantity,price,total,currency,fee,exchange,id";

/// Before: the sell was dropped as a "duplicate" of the buy, with a warning only: 1 trade.
#[test]
fn one_venue_and_id_on_two_different_trades_is_an_error_naming_both_lines() {
    let a = format!("{H10}\n2024-01-10T10:00:00Z,buy,BTC,1,1000000,1000000,KZT,100,Ataix,A-1\n");
    let b = format!("{H10}\n2024-02-10T10:00:00Z,sell,BTC,1,1200000,1200000,KZT,120,Ataix,A-1\n");
    let e = errors(&[("a.csv", a.as_bytes()), ("b.csv", b.as_bytes())]);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(
        e[0].problem,
        Problem::IdConflict(Box::new(IdConflict {
            id: "A-1".into(),
            venue: "Ataix".into(),
            first_file: "a.csv".into(),
            first_line: 2,
        }))
    );
    assert_eq!(
        e[0].to_string(),
        "b.csv:2: trade id \"A-1\" of Ataix is also on line 2 of a.csv, for a different trade: found \
         \"sell 1 BTC for 1200000 KZT at 2024-02-10 10:00:00\", expected each id once per venue: if both rows are real trades, give \
         one of them another id or leave its id empty; if one is a mistake, remove it"
    );
    // Within one file too (the venue compared in any letter case).
    let c = format!(
        "{H10}\n2024-01-10T10:00:00Z,buy,BTC,1,1000000,1000000,KZT,100,Ataix,A-1\n\
         2024-01-10T10:00:00Z,buy,BTC,2,1000000,2000000,KZT,200,ATAIX,A-1\n"
    );
    let e = errors(&[("c.csv", c.as_bytes())]);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].location(), "c.csv:3");
    assert!(matches!(&e[0].problem, Problem::IdConflict(c) if c.first_line == 2 && c.first_file == "c.csv"));
}

/// The same trade in two overlapping files is kept once, with a warning naming both lines (as
/// before): a.csv has, b.csv has A-2 (same trade) and A-3.
#[test]
fn the_same_trade_in_two_overlapping_files_is_kept_once_with_a_warning() {
    let a = format!(
        "{H10}\n2024-01-10T10:00:00Z,buy,BTC,1,1000000,1000000,KZT,100,Ataix,A-1\n\
         2024-02-10T10:00:00Z,sell,BTC,0.5,1200000,600000,KZT,60,Ataix,A-2\n"
    );
    let b = format!(
        "{H10}\n2024-02-10T15:00:00+05:00,sell,BTC,0.50,1200000,600000.00,KZT,60,ataix,A-2\n\
         2024-03-10T10:00:00Z,sell,BTC,0.5,1300000,650000,KZT,65,Ataix,A-3\n"
    );
    let inputs = load(&[("a.csv", a.as_bytes()), ("b.csv", b.as_bytes())]).expect("loads");
    let ids: Vec<&str> = inputs.trades.iter().map(|t| t.id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["A-1", "A-2", "A-3"]);
    assert_eq!(inputs.warnings.len(), 1);
    assert_eq!(inputs.warnings[0].kind, WarningKind::Duplicate);
    assert_eq!(
        inputs.warnings[0]
            .source
            .as_ref()
            .map(|s| s.to_string())
            .as_deref(),
        Some("b.csv:2")
    );
    assert!(
        inputs.warnings[0].message.contains("a.csv:3"),
        "{}",
        inputs.warnings[0].message
    );
    assert_eq!(inputs.reports[1].duplicates, 1);
}

/// Before: trades without an id at the same instant and size were one trade whatever their
/// venue, and the second file's was dropped with a warning. Now the venue must match too: an
/// Ataix buy and a Binance buy are two trades; the same Ataix buy in two files is one.
#[test]
fn trades_without_ids_on_different_venues_are_two_trades() {
    let h = "date,side,asset,quantity,price,currency,exchange";
    let ataix = format!("{h}\n2024-01-10T10:00:00Z,buy,BTC,1,1000000,KZT,Ataix\n");
    let binance = format!("{h}\n2024-01-10T10:00:00Z,buy,BTC,1,1000000,KZT,Binance\n");
    let inputs = load(&[("a.csv", ataix.as_bytes()), ("b.csv", binance.as_bytes())]).unwrap();
    assert_eq!(inputs.trades.len(), 2);
    assert!(inputs.warnings.is_empty(), "{:?}", inputs.warnings);
    let inputs = load(&[("a.csv", ataix.as_bytes()), ("c.csv", ataix.as_bytes())]).unwrap();
    assert_eq!(inputs.trades.len(), 1);
    assert_eq!(inputs.warnings.len(), 1);
    assert_eq!(inputs.warnings[0].kind, WarningKind::Duplicate);
}

/// Trades without ids: a file's k-th copy of a trade is a duplicate only when an earlier file
/// has k copies. Before, a second file with two identical fills (one of them also in the first
/// file) lost both: 1 trade. Now the most copies any file has are kept: 2 trades, 1 warning.
/// Three files with one copy each are still one trade.
#[test]
fn two_identical_fills_in_one_file_are_not_both_dropped_against_one_copy() {
    let h = "date,side,asset,quantity,price,currency,exchange";
    let one = format!("{h}\n2024-01-10T10:00:00Z,buy,BTC,1,1000000,KZT,Ataix\n");
    let two = format!(
        "{h}\n2024-01-10T10:00:00Z,buy,BTC,1,1000000,KZT,Ataix\n2024-01-10T10:00:00Z,buy,BTC,1,1000000,KZT,Ataix\n"
    );
    let inputs = load(&[("a.csv", one.as_bytes()), ("b.csv", two.as_bytes())]).unwrap();
    let lines: Vec<String> = inputs.trades.iter().map(|t| t.source().to_string()).collect();
    assert_eq!(lines, ["a.csv:2", "b.csv:3"]);
    assert_eq!(inputs.warnings.len(), 1);
    assert_eq!(inputs.reports[1].duplicates, 1);
    let inputs = load(&[("b.csv", two.as_bytes()), ("a.csv", one.as_bytes())]).unwrap();
    assert_eq!(inputs.trades.len(), 2);
    let inputs = load(&[
        ("a.csv", one.as_bytes()),
        ("c.csv", one.as_bytes()),
        ("d.csv", one.as_bytes()),
    ])
    .unwrap();
    assert_eq!(inputs.trades.len(), 1);
    assert_eq!(inputs.warnings.len(), 2);
}

/// Ids are trimmed at both ends like every cell and otherwise compared exactly. Before, the
/// trimmed `" A-1"` on a sell matched the buy's `A-1` and the sell was dropped with a warning;
/// now that is a conflict. `A 1` and `A  1` (inner spaces) are two ids: both trades kept.
#[test]
fn ids_differing_only_by_white_space_never_merge_silently() {
    let a = format!("{H10}\n2024-01-10T10:00:00Z,buy,BTC,1,1000000,1000000,KZT,100,Ataix,A-1\n");
    let b = format!("{H10}\n2024-02-10T10:00:00Z,sell,BTC,1,1200000,1200000,KZT,120,Ataix,\" A-1\"\n");
    let e = errors(&[("a.csv", a.as_bytes()), ("b.csv", b.as_bytes())]);
    assert!(matches!(&e[..], [e] if matches!(&e.problem, Problem::IdConflict(c) if c.id == "A-1")));
    let a = format!("{H10}\n2024-01-10T10:00:00Z,buy,BTC,1,1000000,1000000,KZT,100,Ataix,A 1\n");
    let b = format!("{H10}\n2024-02-10T10:00:00Z,sell,BTC,1,1200000,1200000,KZT,120,Ataix,A  1\n");
    let inputs = load(&[("a.csv", a.as_bytes()), ("b.csv", b.as_bytes())]).unwrap();
    assert_eq!(inputs.trades.len(), 2);
    assert!(inputs.warnings.is_empty());
}

/// Merging fresh imports into loaded inputs (as the window does) refuses a conflict and leaves
/// the inputs as they were.
#[test]
fn a_merge_with_a_conflicting_id_leaves_the_inputs_unchanged() {
    let a = format!("{H10}\n2024-01-10T10:00:00Z,buy,BTC,1,1000000,1000000,KZT,100,Ataix,A-1\n");
    let b = format!("{H10}\n2024-02-10T10:00:00Z,sell,BTC,1,1200000,1200000,KZT,120,Ataix,A-1\n");
    let mut base = load(&[("a.csv", a.as_bytes())]).unwrap();
    let fresh = load(&[("b.csv", b.as_bytes())]).unwrap();
    let e = base.merge(fresh).unwrap_err();
    assert_eq!(e.0.len(), 1);
    assert_eq!(e.0[0].location(), "b.csv:2");
    assert_eq!(base.trades.len(), 1);
    assert_eq!(base.reports.len(), 1);
}

// ---------------------------------------------------------------------------------------------
// 4. Messages that say what the file is

/// Before: `expected a number of 0 or more with "." as the decimal point`, wrong for a file
/// whose numbers have decimal commas.
#[test]
fn a_semicolon_file_s_number_error_speaks_of_decimal_commas() {
    let text = "date;side;asset;quantity;price;currency\n10.01.2024;buy;BTC;1,5;1 000 000;KZT\n\
                11.01.2024;buy;BTC;0,5;один;KZT\n";
    let e = one_error(text);
    assert_eq!(at(&e), (Some(3), Some((5, "price"))));
    assert_eq!(e.expectation, Some(Expectation::NonNegativeNumberComma));
    assert_eq!(
        e.to_string(),
        "trades.csv:3:5: column \"price\": not a number: found \"один\", expected a number of 0 or more \
         such as 1 234,56 (this file's numbers are read as Excel writes them in a Russian locale: \",\" \
         is the decimal point and spaces group thousands)"
    );
    // A comma-separated file keeps the decimal point.
    let e = one_error("date,side,asset,quantity,price,currency\n2024-01-10,buy,BTC,1,x,KZT\n");
    assert_eq!(e.expectation, Some(Expectation::NonNegativeNumber));
}

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    for u in text.encode_utf16() {
        out.extend(u.to_le_bytes());
    }
    out
}

/// Before: a workbook or UTF-16 file got "the header is not UTF-8 text" (or "the format is not
/// recognised") without saying what it is. Workbooks (.xlsx, .xls, .ods) are now read through
/// their sheets and UTF-16 with a byte-order mark is decoded; what still cannot be read is named.
#[test]
fn workbooks_archives_utf16_and_pdf_are_named_with_what_to_do() {
    let mut zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00trades.csv".to_vec();
    zip.extend([0u8; 100]);
    let csv = "date,side,asset,quantity,price,currency\n2024-01-10,buy,BTC,1,1000000,KZT\n";
    let cases: Vec<(&str, Vec<u8>, FileKind)> = vec![
        ("trades.zip", zip, FileKind::Zip),
        ("u16_nobom.csv", utf16le(csv, false), FileKind::Utf16),
        (
            "report.pdf",
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj".to_vec(),
            FileKind::Pdf,
        ),
        (
            "blob.csv",
            b"date,side\n\x00\x01\x02\x03".to_vec(),
            FileKind::Binary,
        ),
    ];
    for (name, bytes, kind) in cases {
        let e = errors(&[(name, &bytes)]);
        assert_eq!(e.len(), 1, "{name}: {e:#?}");
        assert_eq!(e[0].problem, Problem::NotCsv(kind), "{name}: {}", e[0]);
        assert_eq!(e[0].expectation, Some(Expectation::SavedAsCsv(kind)), "{name}");
        assert_eq!(e[0].line, None);
    }
    let e = errors(&[("u16.csv", &utf16le(csv, false))]);
    assert_eq!(
        e[0].to_string(),
        "u16.csv: this is UTF-16 text (as Excel's \"Unicode Text\" saves), not a CSV text file, expected \
         UTF-8 text: open it in Excel and save it as \"CSV UTF-8 (Comma delimited)\", or convert it to \
         UTF-8 in a text editor"
    );
    // A damaged workbook (a ZIP that says it is one, but holds no sheet) is refused as a
    // workbook that cannot be read, never read as text.
    let e = errors(&[("book.xlsx", b"PK\x03\x04xl/workbook.xml")]);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(
        e[0].to_string().contains("the Excel workbook cannot be read"),
        "{}",
        e[0]
    );
    // UTF-16 with its byte-order mark (little- and big-endian) is decoded: one purchase of
    // 1 BTC for 1,000,000 KZT, as in the UTF-8 file.
    let mut utf16be = vec![0xFE, 0xFF];
    for u in csv.encode_utf16() {
        utf16be.extend(u.to_be_bytes());
    }
    for (name, bytes) in [("u16.csv", utf16le(csv, true)), ("u16be.csv", utf16be)] {
        let inputs = load(&[(name, &bytes)]).unwrap_or_else(|e| panic!("{name}: {e:#?}"));
        assert_eq!(inputs.trades.len(), 1, "{name}");
        assert_eq!(inputs.trades[0].total.to_string(), "1000000", "{name}");
    }
}

/// Before: "the cell is not UTF-8 text, expected a UTF-8 file". A file in Windows-1251 (Russian
/// Excel's plain "CSV") is now recognised and decoded: its Cyrillic note reads back.
#[test]
fn a_cell_in_a_legacy_code_page_is_decoded_as_windows_1251() {
    // "Покупка" in Windows-1251.
    let mut text = format!("{HEADER}\n").into_bytes();
    text.extend(row("2024-01-10T10:00:00Z", "buy", "1", "1000000", "A-1", "").as_bytes());
    text.extend(b"\xCF\xEE\xEA\xF3\xEF\xEA\xE0\n");
    let inputs = load(&[("cp1251.csv", &text)]).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(inputs.trades.len(), 1);
    assert_eq!(inputs.trades[0].note.as_deref(), Some("Покупка"));
    assert_eq!(inputs.reports[0].encoding.as_deref(), Some("windows-1251"));
}

/// Before: a file of blank lines said "the file is empty"; now it says what it holds.
#[test]
fn a_file_of_blank_lines_is_not_called_empty() {
    let e = one_error(&" \n".repeat(1500));
    assert_eq!(e.problem, Problem::BlankOnly(3000));
    assert_eq!(
        e.to_string(),
        "trades.csv: the file holds no rows: its 3000 bytes are only blank lines and spaces, expected a header row"
    );
    let e = one_error("");
    assert_eq!(e.problem, Problem::Empty);
}

// ---------------------------------------------------------------------------------------------
// The command line: exit 1, file:line:column, nothing written

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn salyq(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the salyq binary runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `disposals FILES --out out.csv` in a directory holding `files`: exit 1, `needle` on stderr,
/// nothing on stdout, no out.csv (nor anything else) written.
fn assert_refused(files: &[(&str, &[u8])], needle: &str) {
    let (dir, _) = write(files);
    let mut args = vec!["disposals"];
    args.extend(files.iter().map(|(n, _)| *n));
    args.extend(["--out", "out.csv"]);
    let run = salyq(dir.path(), &args);
    let ctx = format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        run.code, run.stdout, run.stderr
    );
    assert_eq!(run.code, Some(1), "{ctx}");
    assert!(run.stdout.is_empty(), "{ctx}");
    assert!(run.stderr.contains(needle), "{ctx}");
    assert!(!run.stderr.contains("panicked"), "{ctx}");
    assert!(!dir.path().join("out.csv").exists(), "{ctx}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        files.len(),
        "{ctx}"
    );
    // The same files as a report: exit 1 and no partial report.
    let mut args = vec!["report", "--json"];
    args.extend(files.iter().map(|(n, _)| *n));
    let run = salyq(dir.path(), &args);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn the_command_line_refuses_a_quote_left_open() {
    // The good file first: it has disposals, so the refusal is the quote's doing.
    let good = buy_then_ten_sells("bought at the dip");
    let (dir, _) = write(&[("trades.csv", good.as_bytes())]);
    let run = salyq(dir.path(), &["disposals", "trades.csv", "--out", "out.csv"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(dir.path().join("out.csv").exists());
    assert_refused(
        &[("trades.csv", buy_then_ten_sells("\"bought at the dip").as_bytes())],
        "trades.csv:2:13: column \"note\": the quote that opens this cell is never closed",
    );
}

#[test]
fn the_command_line_refuses_a_wrong_field_count() {
    assert_refused(
        &[(
            "trades.csv",
            b"date,side,asset,quantity,price,total,currency,fee,exchange,id\n\
              2024-01-10T10:00:00Z,buy,BTC,1,1000000,1000000,KZT,1,975,Ataix,A-1\n",
        )],
        "trades.csv:2: the row has 11 fields, more than the 10 of the header (line 1)",
    );
}

#[test]
fn the_command_line_refuses_one_id_on_two_trades() {
    let a = format!("{H10}\n2024-01-10T10:00:00Z,buy,BTC,1,1000000,1000000,KZT,100,Ataix,A-1\n");
    let b = format!("{H10}\n2024-02-10T10:00:00Z,sell,BTC,1,1200000,1200000,KZT,120,Ataix,A-1\n");
    assert_refused(
        &[("a.csv", a.as_bytes()), ("b.csv", b.as_bytes())],
        "b.csv:2: trade id \"A-1\" of Ataix is also on line 2 of a.csv, for a different trade",
    );
}

#[test]
fn the_command_line_names_a_workbook() {
    assert_refused(
        &[("book.xlsx", b"PK\x03\x04\x14\x00\x06\x00xl/workbook.xml\x00\x00")],
        "book.xlsx: could not read the file: the Excel workbook cannot be read",
    );
}

// ---------------------------------------------------------------------------------------------
// Properties: a well-quoted table reads back whole; a cut file never loses a row silently

mod properties {
    use proptest::prelude::*;
    use salyq_core::import::table::Table;

    /// A cell of letters, spaces, commas, quotes and line breaks whose lines after the first have
    /// at most two commas (fewer fields than the four-column header, so not a row of its own).
    fn cell() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec!['a', 'b', ' ', ',', '"', '\n', '1']),
            0..8,
        )
        .prop_map(|c| c.into_iter().collect::<String>())
        .prop_filter("inner lines are not rows", |s| {
            s.split('\n').skip(1).all(|l| l.matches(',').count() <= 2)
        })
    }

    /// Writes a cell as CSV: quoted (quotes doubled) when it holds a comma, quote or line break.
    fn quoted(s: &str) -> String {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    }

    /// The table's text, and where each row starts and ends (bytes).
    fn table(rows: &[Vec<String>]) -> (String, Vec<(usize, usize)>) {
        let mut text = "a,b,c,d\n".to_string();
        let mut spans = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            let start = text.len();
            text.push_str(&format!("r{i}"));
            for c in r {
                text.push(',');
                text.push_str(&quoted(c));
            }
            spans.push((start, text.len()));
            text.push('\n');
        }
        (text, spans)
    }

    /// Every record of `bytes`, or the first error.
    fn read(bytes: &[u8]) -> Result<Vec<Vec<Vec<u8>>>, Box<salyq_core::error::InputError>> {
        let mut t = Table::open("t.csv", bytes).map_err(Box::new)?;
        let mut out = Vec::new();
        let mut record = csv::ByteRecord::new();
        while let Some(next) = t.read_record(&mut record) {
            next.map_err(Box::new)?;
            out.push(record.iter().map(<[u8]>::to_vec).collect());
        }
        Ok(out)
    }

    fn expected(i: usize, r: &[String]) -> Vec<Vec<u8>> {
        std::iter::once(format!("r{i}").into_bytes())
            .chain(r.iter().map(|c| c.clone().into_bytes()))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn a_well_quoted_table_reads_back_cell_for_cell(
            rows in prop::collection::vec(prop::collection::vec(cell(), 3), 1..12)
        ) {
            let (text, _) = table(&rows);
            let got = read(text.as_bytes()).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let want: Vec<_> = rows.iter().enumerate().map(|(i, r)| expected(i, r)).collect();
            prop_assert_eq!(got, want);
        }

        /// Cut anywhere after the header: either an error, or every row that started before the
        /// cut is there, all but the last exactly as written.
        #[test]
        fn a_cut_file_is_refused_or_keeps_every_row_begun(
            rows in prop::collection::vec(prop::collection::vec(cell(), 3), 1..12),
            at in any::<prop::sample::Index>(),
        ) {
            let (text, spans) = table(&rows);
            let cut = 8 + at.index(text.len() - 8);
            let Ok(got) = read(&text.as_bytes()[..cut]) else { return Ok(()) };
            let begun = spans.iter().filter(|(start, _)| *start < cut).count();
            prop_assert_eq!(got.len(), begun, "cut at {}: {:?}", cut, &text[..cut]);
            for (i, (row, span)) in got.iter().zip(&spans).enumerate() {
                if span.1 <= cut {
                    prop_assert_eq!(row, &expected(i, &rows[i]));
                }
            }
        }
    }
}
