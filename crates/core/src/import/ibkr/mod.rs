//! Interactive Brokers: the Activity Statement CSV ([`activity`]) and Flex query trade CSVs
//! ([`flex`]), each recognised by its first bytes and read whole (at most
//! [`MAX_STATEMENT_BYTES`]).
//!
//! Both are read line by line with this module's own reader, not with the shared table reader
//! (`table.rs`/`rows.rs`): an Activity Statement is many tables in one file, each section with
//! its own header and so its own number of fields, by design; the shared reader's rule that
//! every row has its header's field count does not apply here and must stay off for these
//! files. Each line is one record (IBKR writes no line breaks inside fields); blank lines are
//! skipped; line numbers are the file's own.
//!
//! Times [U]: an Activity Statement's `Date/Time` (`2025-01-24, 09:29:52`) and a Flex query's
//! `TradeDate`/`DateTime` carry no zone; they are read as New York time (US Eastern, with its
//! daylight-saving rule), the statement's default zone — the account's time-zone setting may
//! differ. The tax date is then the calendar date in Kazakhstan's time, as for every trade.

pub mod activity;
pub mod flex;

use crate::error::{InputError, Problem};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Weekday};
use rust_decimal::Decimal;

/// The venue name given to every trade.
pub const EXCHANGE: &str = "Interactive Brokers";

/// Largest statement read, in bytes (128 MiB).
pub const MAX_STATEMENT_BYTES: u64 = 128 << 20;

/// One record of the file: its 1-based line and its fields.
pub(crate) struct Record {
    pub line: u64,
    pub fields: Vec<String>,
}

/// The file's records, one per non-blank line (a byte-order mark allowed).
pub(crate) fn records(bytes: &[u8], file: &str) -> Result<Vec<Record>, InputError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut out = Vec::new();
    for (n, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let line = n as u64 + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let text =
            std::str::from_utf8(raw).map_err(|_| InputError::line(file, line, Problem::CellNotUtf8))?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut record = csv::StringRecord::new();
        match reader.read_record(&mut record) {
            Ok(true) => out.push(Record {
                line,
                fields: record.iter().map(|f| f.trim().to_string()).collect(),
            }),
            Ok(false) => {}
            Err(e) => {
                return Err(InputError::line(
                    file,
                    line,
                    Problem::CsvUnreadable(e.to_string()),
                ));
            }
        }
    }
    Ok(out)
}

/// A number as IBKR writes it: `-1,234.5` (thousands commas inside quotes), `--` for none.
pub(crate) fn number(s: &str) -> Option<Decimal> {
    let s = s.trim();
    if s.is_empty() || s == "--" {
        return None;
    }
    let plain: String = s.chars().filter(|c| *c != ',').collect();
    crate::parse::decimal(&plain)
}

/// The offset of New York time at a local time: UTC−4 from the second Sunday of March 02:00
/// to the first Sunday of November 02:00, else UTC−5 (the rule since 2007).
pub(crate) fn new_york(local: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
    let year = local.date().year();
    let nth_sunday = |month: u32, n: u32| {
        NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Sun, n as u8)
            .and_then(|d| d.and_hms_opt(2, 0, 0))
    };
    let (start, end) = (nth_sunday(3, 2)?, nth_sunday(11, 1)?);
    let hours = if local >= start && local < end { -4 } else { -5 };
    FixedOffset::east_opt(hours * 3600)?
        .from_local_datetime(&local)
        .earliest()
}

/// A reader of one of these files.
pub type Reader = fn(
    &[u8],
    &str,
    &mut crate::import::intern::Interner,
    &mut crate::import::report::FileReport,
) -> Result<crate::import::freedom::FreedomReport, Vec<InputError>>;

/// True when the first bytes are an Activity Statement or a Flex query trade file.
pub fn looks_like(head: &[u8]) -> bool {
    activity::looks_like(head) || flex::looks_like(head)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn numbers_and_new_york_times() {
        assert_eq!(number("-1,234.5"), Some(dec!(-1234.5)));
        assert_eq!(number("--"), None);
        let t = |s: &str| new_york(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()).unwrap();
        // January: UTC−5, so 09:29:52 is 14:29:52 UTC.
        assert_eq!(t("2025-01-24 09:29:52").to_rfc3339(), "2025-01-24T09:29:52-05:00");
        // July: UTC−4; 21:00 in New York is 06:00 the next day in Kazakhstan (UTC+5).
        assert_eq!(t("2025-07-01 21:00:00").to_rfc3339(), "2025-07-01T21:00:00-04:00");
        // The change days of 2025: 9 March and 2 November.
        assert_eq!(t("2025-03-09 03:00:00").offset().local_minus_utc(), -4 * 3600);
        assert_eq!(t("2025-11-02 03:00:00").offset().local_minus_utc(), -5 * 3600);
    }

    #[test]
    fn records_keep_the_files_line_numbers() {
        let r = records(b"\xef\xbb\xbfa,b\r\n\r\n\"x, y\",2\n", "s.csv").unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!((r[1].line, r[1].fields[0].as_str()), (3, "x, y"));
    }
}
