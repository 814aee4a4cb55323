//! Excel workbooks (`.xlsx`, `.xlsm`, `.xlsb`, and the older `.xls`) of any supported format,
//! read through `calamine`.
//!
//! - A workbook is recognised by its first bytes (a ZIP archive, or the OLE container of an
//!   `.xls`), whatever its name. It is read whole into memory, up to [`MAX_WORKBOOK_BYTES`].
//! - The first sheet, in the workbook's order, with a known header among its first
//!   [`MAX_PREAMBLE_ROWS`] rows is read; without one, the first sheet with any content (so the
//!   usual "not recognised" error names the closest format).
//! - The sheet is turned into CSV text and read like any CSV export: line numbers are the
//!   sheet's row numbers and column numbers its columns (A = 1).
//! - Cells as Excel stores them: numbers as the shortest decimal text of their binary value
//!   (`0.5824`, never `0.58240000000000003`), integers as they are, dates and times as
//!   `YYYY-MM-DD HH:MM:SS` (milliseconds when there are any), text as written, `TRUE`/`FALSE`,
//!   an error cell as its Excel text (`#N/A`). A line break inside a cell becomes a space.

use crate::error::{Expectation, InputError, Problem};
use crate::import::table::{MAX_PREAMBLE_ROWS, normalise};
use calamine::{Data, Reader};
use std::fmt::Write as _;
use std::io::Cursor;

/// Largest workbook read, in bytes.
pub const MAX_WORKBOOK_BYTES: u64 = 256 << 20;

/// True when a file's first bytes are those of an Excel workbook: a ZIP archive (`.xlsx`,
/// `.xlsm`, `.xlsb`) or an OLE compound file (`.xls`).
pub fn looks_like(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// The sheet a workbook is read from, as CSV text (`,` between cells).
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// Its rows as CSV, one line per sheet row from the first.
    pub csv: Vec<u8>,
}

/// Reads the workbook in `bytes` and returns its first sheet with a header that `is_header`
/// accepts (normalised names), as CSV. `file` names it in errors.
pub fn sheet(bytes: Vec<u8>, file: &str, is_header: &dyn Fn(&[String]) -> bool) -> Result<Sheet, InputError> {
    let unreadable = |e: &dyn std::fmt::Display| {
        InputError::file(
            file,
            Problem::ReadFailed(format!("the Excel workbook cannot be read: {e}")),
        )
        .expected(Expectation::HeaderLike(
            "an Excel workbook (.xlsx or .xls) as the exchange exports it".into(),
        ))
    };
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut fallback: Option<Sheet> = None;
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| unreadable(&e))?;
        if range.is_empty() {
            continue;
        }
        let found = has_header(&range, is_header);
        if found || fallback.is_none() {
            let sheet = Sheet {
                csv: to_csv(&range),
                name,
            };
            if found {
                return Ok(sheet);
            }
            fallback = Some(sheet);
        }
    }
    fallback.ok_or_else(|| InputError::file(file, Problem::Empty).expected(Expectation::HeaderRow))
}

fn has_header(range: &calamine::Range<Data>, is_header: &dyn Fn(&[String]) -> bool) -> bool {
    let mut cell = String::new();
    range
        .rows()
        .filter(|r| r.iter().any(|c| !matches!(c, Data::Empty)))
        .take(MAX_PREAMBLE_ROWS)
        .any(|r| {
            let names: Vec<String> = r
                .iter()
                .map(|c| {
                    cell.clear();
                    text(c, &mut cell);
                    normalise(&cell)
                })
                .collect();
            is_header(&names)
        })
}

/// The cells of `range` as CSV, with blank lines and empty cells for the rows and columns
/// before its start, so that line and column numbers are the sheet's.
fn to_csv(range: &calamine::Range<Data>) -> Vec<u8> {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let (rows, cols) = range.get_size();
    let mut out = String::with_capacity(rows * cols * 8 + row0 as usize);
    for _ in 0..row0 {
        out.push('\n');
    }
    let mut cell = String::new();
    for r in range.rows() {
        let last = r.iter().rposition(|c| !matches!(c, Data::Empty));
        if let Some(last) = last {
            for _ in 0..col0 {
                out.push(',');
            }
            for (i, c) in r[..=last].iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                cell.clear();
                text(c, &mut cell);
                push_cell(&mut out, &cell);
            }
        }
        out.push('\n');
    }
    out.into_bytes()
}

/// A cell's text as Excel stores it (see the module's notes).
fn text(c: &Data, out: &mut String) {
    match c {
        Data::Empty => {}
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => out.push_str(s),
        Data::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Data::Float(f) => {
            let _ = write!(out, "{f}");
        }
        Data::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) if t.and_utc().timestamp_subsec_millis() == 0 => {
                let _ = write!(out, "{}", t.format("%Y-%m-%d %H:%M:%S"));
            }
            Some(t) => {
                let _ = write!(out, "{}", t.format("%Y-%m-%d %H:%M:%S%.3f"));
            }
            None => {
                let _ = write!(out, "{}", d.as_f64());
            }
        },
        Data::Error(e) => {
            let _ = write!(out, "{e}");
        }
    }
}

/// Appends a CSV cell: quoted when it holds a comma or a quote; line breaks become spaces (so
/// every sheet row is one line).
fn push_cell(out: &mut String, cell: &str) {
    let needs_quotes = cell.contains([',', '"']);
    if needs_quotes {
        out.push('"');
    }
    for ch in cell.chars() {
        match ch {
            '"' => out.push_str("\"\""),
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    if needs_quotes {
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognised_by_first_bytes() {
        assert!(looks_like(b"PK\x03\x04rest"));
        assert!(looks_like(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]));
        assert!(!looks_like(b"Time,Pair\n"));
        assert!(!looks_like(b"PK"));
    }

    #[test]
    fn cells_become_csv_text() {
        let mut s = String::new();
        push_cell(&mut s, "11,426.20");
        s.push(',');
        push_cell(&mut s, "say \"hi\"\nthere");
        s.push(',');
        push_cell(&mut s, "0.5824PAXG");
        assert_eq!(s, "\"11,426.20\",\"say \"\"hi\"\" there\",0.5824PAXG");
        let mut t = String::new();
        text(&Data::Float(0.5824), &mut t);
        assert_eq!(t, "0.5824");
        t.clear();
        text(&Data::Float(1e-8), &mut t);
        assert_eq!(t, "0.00000001");
        t.clear();
        text(&Data::Int(42), &mut t);
        assert_eq!(t, "42");
        t.clear();
        text(&Data::Bool(true), &mut t);
        assert_eq!(t, "TRUE");
    }

    #[test]
    fn a_broken_workbook_is_an_error_naming_the_file() {
        let e = match sheet(b"PK\x03\x04 not really a zip".to_vec(), "t.xlsx", &|_| true) {
            Err(e) => e,
            Ok(_) => panic!("should fail"),
        };
        assert_eq!(e.file, "t.xlsx");
        assert!(e.to_string().contains("the Excel workbook cannot be read"), "{e}");
    }
}
