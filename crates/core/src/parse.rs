//! Cell parsers shared by every importer: dates, numbers, codes. Each returns a plain-words
//! description of what was expected on failure, for [`crate::error::InputError`].

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use rust_decimal::Decimal;
use std::str::FromStr;

/// What a date cell must look like.
pub const EXPECTED_DATETIME: &str =
    "an ISO 8601 date such as 2025-03-07, 2025-03-07T10:38:36Z or 2025-03-07 10:38:36+05:00";

/// What a plain date cell must look like.
pub const EXPECTED_DATE: &str = "a date such as 2025-03-07";

/// Parses an ISO 8601 date or date-time. No zone means UTC; a bare date means 00:00 UTC.
pub fn datetime(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    let date = date(s.get(..10)?)?;
    let rest = s.get(10..)?;
    if rest.is_empty() {
        return utc().from_local_datetime(&date.and_time(NaiveTime::MIN)).single();
    }
    let rb = rest.as_bytes();
    if rb[0] != b'T' && rb[0] != b't' && rb[0] != b' ' {
        return None;
    }
    let rest = &rest[1..];
    // Split the time from an optional zone: `Z`, `+05:00`, `-0300`, ` UTC`.
    let (time_part, zone) = split_zone(rest)?;
    let time = time(time_part)?;
    let naive = NaiveDateTime::new(date, time);
    zone.from_local_datetime(&naive).single()
}

fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).expect("zero offset is valid")
}

fn split_zone(s: &str) -> Option<(&str, FixedOffset)> {
    let s = s.trim_end();
    if let Some(t) = s.strip_suffix('Z').or_else(|| s.strip_suffix('z')) {
        return Some((t, utc()));
    }
    if let Some(t) = s.strip_suffix("UTC") {
        return Some((t.trim_end(), utc()));
    }
    if let Some(pos) = s.rfind(['+', '-']) {
        let (t, z) = s.split_at(pos);
        return Some((t.trim_end(), offset(z)?));
    }
    Some((s, utc()))
}

/// Parses a UTC offset: `+05:00`, `+0500`, `+05`, `-03:30`.
pub fn offset(s: &str) -> Option<FixedOffset> {
    let s = s.trim();
    let (sign, digits) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (digits[..2].parse::<i32>().ok()?, digits[2..].parse::<i32>().ok()?),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// Parses `YYYY-MM-DD`.
pub fn date(s: &str) -> Option<NaiveDate> {
    let b = s.trim().as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = digits(&b[0..4])?;
    let m = digits(&b[5..7])?;
    let d = digits(&b[8..10])?;
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

fn time(s: &str) -> Option<NaiveTime> {
    let b = s.as_bytes();
    if b.len() < 5 || b[2] != b':' {
        return None;
    }
    let h = digits(&b[0..2])?;
    let m = digits(&b[3..5])?;
    let (sec, nanos) = if b.len() == 5 {
        (0, 0)
    } else {
        if b.len() < 8 || b[5] != b':' {
            return None;
        }
        let sec = digits(&b[6..8])?;
        let nanos = if b.len() > 8 {
            if b[8] != b'.' && b[8] != b',' {
                return None;
            }
            let frac = &b[9..];
            if frac.is_empty() || frac.len() > 9 {
                return None;
            }
            let mut n = digits(frac)?;
            for _ in frac.len()..9 {
                n *= 10;
            }
            n
        } else {
            0
        };
        (sec, nanos)
    };
    NaiveTime::from_hms_nano_opt(h, m, sec, nanos)
}

fn digits(b: &[u8]) -> Option<u32> {
    let mut n: u32 = 0;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u32::from(c - b'0'))?;
    }
    Some(n)
}

/// The largest amount, quantity, price or rate accepted in input (10^15): far above any real
/// trade, and low enough that no computation on accepted input can overflow.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000_000;

/// Parses a plain decimal number with `.` as the decimal point (`-12.5`, `0.001`, `1e-3`).
pub fn decimal(s: &str) -> Option<Decimal> {
    let s = s.trim();
    let mut scientific = false;
    for b in s.bytes() {
        match b {
            b'0'..=b'9' | b'.' | b'-' | b'+' => {}
            b'e' | b'E' => scientific = true,
            _ => return None,
        }
    }
    if s.is_empty() {
        None
    } else if scientific {
        Decimal::from_scientific(s).ok()
    } else {
        Decimal::from_str(s).ok()
    }
}

/// How numbers and dates are written in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// `.` as the decimal point, ISO dates (the generic format).
    #[default]
    Plain,
    /// As Excel saves CSV in a Russian locale: `,` as the decimal point, spaces as thousands
    /// separators, dates also as `dd.mm.yyyy[ HH:MM[:SS]]`.
    Russian,
}

impl Style {
    /// Parses a number in this style.
    pub fn decimal(self, s: &str) -> Option<Decimal> {
        match self {
            Style::Plain => decimal(s),
            Style::Russian => {
                let cleaned: String = s
                    .trim()
                    .chars()
                    .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
                    .collect();
                if cleaned.contains(',') && cleaned.contains('.') {
                    return None;
                }
                decimal(&cleaned.replace(',', "."))
            }
        }
    }

    /// Parses a date or date-time in this style (ISO 8601 is always accepted).
    pub fn datetime(self, s: &str) -> Option<DateTime<FixedOffset>> {
        match self {
            Style::Plain => datetime(s),
            Style::Russian => datetime(s).or_else(|| {
                // dd.mm.yyyy[ rest] → yyyy-mm-dd[ rest]
                let s = s.trim();
                let (d, rest) = s.split_at(s.find(' ').unwrap_or(s.len()));
                let mut parts = d.split('.');
                let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
                if parts.next().is_some() || day.len() > 2 || month.len() > 2 || year.len() != 4 {
                    return None;
                }
                datetime(&format!("{year}-{month:0>2}-{day:0>2}{rest}"))
            }),
        }
    }
}

/// Normalises an asset or currency code: trimmed, upper-case; `None` if it has a character
/// other than letters, digits, `.`, `-` and `_`, or is longer than 32 characters.
pub fn code(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty()
        || s.chars().count() > 32
        || !s
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        return None;
    }
    Some(s.to_uppercase())
}

/// The first word shaped like an ISIN: two capital letters, nine capital letters or digits,
/// one digit.
pub fn find_isin(text: &str) -> Option<&str> {
    text.split(|c: char| !c.is_ascii_alphanumeric()).find(|w| {
        let b = w.as_bytes();
        b.len() == 12
            && b[..2].iter().all(u8::is_ascii_uppercase)
            && b[2..11]
                .iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && b[11].is_ascii_digit()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn utc_str(s: &str) -> String {
        datetime(s).unwrap().with_timezone(&chrono::Utc).to_rfc3339()
    }

    #[test]
    fn accepts_the_documented_date_forms() {
        assert_eq!(utc_str("2025-03-07"), "2025-03-07T00:00:00+00:00");
        assert_eq!(utc_str("2025-03-07T10:38:36Z"), "2025-03-07T10:38:36+00:00");
        assert_eq!(utc_str("2025-03-07 10:38:36"), "2025-03-07T10:38:36+00:00");
        assert_eq!(utc_str("2025-03-07T15:38:36+05:00"), "2025-03-07T10:38:36+00:00");
        assert_eq!(utc_str("2025-03-07T15:38:36+0500"), "2025-03-07T10:38:36+00:00");
        assert_eq!(utc_str("2025-03-07T07:38:36-03:00"), "2025-03-07T10:38:36+00:00");
        assert_eq!(utc_str("2025-03-07 10:38"), "2025-03-07T10:38:00+00:00");
        assert_eq!(utc_str("2025-03-07T10:38:36.5Z"), "2025-03-07T10:38:36.500+00:00");
        assert!(datetime("2025-03-0é").is_none());
        assert!(datetime("2025-03-07Té").is_none());
    }

    #[test]
    fn rejects_bad_dates() {
        for bad in [
            "",
            "2025-13-01",
            "2025-02-30",
            "07.03.2025",
            "2025-03-07X10:00",
            "2025-03-07T25:00:00",
            "2025-03-07T10:00:00+99:00",
        ] {
            assert!(datetime(bad).is_none(), "{bad} should be rejected");
        }
    }

    #[test]
    fn parses_plain_decimals_only() {
        assert_eq!(decimal("0.5"), Some(dec!(0.5)));
        assert_eq!(decimal(" 12 "), Some(dec!(12)));
        assert_eq!(decimal("1e-3"), Some(dec!(0.001)));
        assert_eq!(decimal("1,5"), None);
        assert_eq!(decimal("abc"), None);
        assert_eq!(decimal("1 000"), None);
    }

    #[test]
    fn russian_excel_numbers_and_dates() {
        let ru = Style::Russian;
        assert_eq!(ru.decimal("0,5"), Some(dec!(0.5)));
        assert_eq!(ru.decimal("1 234 567,89"), Some(dec!(1234567.89)));
        assert_eq!(ru.decimal("1\u{a0}234,5"), Some(dec!(1234.5)));
        assert_eq!(ru.decimal("12.5"), Some(dec!(12.5)));
        assert_eq!(ru.decimal("1.234,5"), None);
        assert_eq!(
            ru.datetime("07.03.2025 10:38:36").map(|d| d.to_rfc3339()),
            Some("2025-03-07T10:38:36+00:00".into())
        );
        assert_eq!(
            ru.datetime("7.3.2025").map(|d| d.to_rfc3339()),
            Some("2025-03-07T00:00:00+00:00".into())
        );
        assert_eq!(
            ru.datetime("2025-03-07").map(|d| d.to_rfc3339()),
            Some("2025-03-07T00:00:00+00:00".into())
        );
        assert!(ru.datetime("07.03.25").is_none());
        assert!(Style::Plain.decimal("0,5").is_none());
    }

    #[test]
    fn normalises_codes() {
        assert_eq!(code(" btc "), Some("BTC".to_string()));
        assert_eq!(code("BRK.B"), Some("BRK.B".to_string()));
        assert_eq!(code("BTC/USDT"), None);
        assert_eq!(code(""), None);
    }
}
