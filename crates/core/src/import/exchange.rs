//! What the readers of exchanges' own exports share: header names compared the way these files
//! need (a byte-order mark in any cell, stray quotes, localised names), the time zone of a file
//! that does not write it in its rows, and the date-time forms the exchanges write.

use crate::model::Source;
use crate::parse::Style;
use crate::warning::{Warning, WarningDetail};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

/// A header name as these readers compare it: every byte-order mark removed (OKX writes one
/// inside every header cell), surrounding quotes and spaces dropped, lower-case.
pub fn clean(name: &str) -> String {
    let no_bom: String = name.chars().filter(|&c| c != '\u{feff}').collect();
    no_bom.trim().trim_matches('"').trim().to_lowercase()
}

/// The index of the first column whose cleaned name is one of `aliases` (cleaned, lower-case).
pub fn find(names: &[String], aliases: &[&str]) -> Option<usize> {
    names.iter().position(|n| {
        let n = clean(n);
        aliases.contains(&n.as_str())
    })
}

/// True when every group of `groups` has a column among `names`.
pub fn has_all(names: &[String], groups: &[&[&str]]) -> bool {
    groups.iter().all(|g| find(names, g).is_some())
}

/// The zero offset.
pub fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).expect("zero offset is valid")
}

/// The UTC offset a file's name gives, as Binance writes it when the user picks a zone in the
/// export dialog: `Binance-Spot-Trade-History-202603230406(UTC+5).csv` → +05:00; also `(UTC-6)`,
/// `(UTC+5:30)`, `(UTC+05:30)`, `(UTC)` and `(UTC+0)`. The last such group of the name counts;
/// an offset beyond ±14:00 or with minutes other than 00, 30 and 45 is no offset.
///
/// ```
/// use salyq_core::import::exchange::offset_in_name;
/// let h = |s| offset_in_name(s).map(|o| o.local_minus_utc() / 60);
/// assert_eq!(h("Binance-Spot-Trade-History-202603230406(UTC+5).csv"), Some(300));
/// assert_eq!(h("export (UTC-6).csv"), Some(-360));
/// assert_eq!(h("export(UTC+5:30).csv"), Some(330));
/// assert_eq!(h("export.csv"), None);
/// ```
pub fn offset_in_name(name: &str) -> Option<FixedOffset> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let upper = base.to_ascii_uppercase();
    let start = upper.rfind("(UTC")?;
    let rest = &upper[start + 4..];
    let inner = &rest[..rest.find(')')?];
    let inner = inner.trim();
    if inner.is_empty() {
        return Some(utc());
    }
    let (sign, digits) = match inner.as_bytes()[0] {
        b'+' => (1, &inner[1..]),
        b'-' | 0xe2 => (-1, inner.trim_start_matches(['-', '\u{2212}'])),
        _ => return None,
    };
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() == 4 => digits.split_at_checked(2)?,
        None => (digits, "0"),
    };
    let ok = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !ok(h) || !ok(m) {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 14 || !matches!(m, 0 | 30 | 45) || (h == 14 && m > 0) {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// Where a file's time zone came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneFrom {
    /// The user gave it (`--tz-of FILE=+05:00`, or the window's question).
    Given,
    /// The file's name says it (`…(UTC+5).csv`).
    FileName,
    /// The file's own header or cells say it.
    File,
    /// Nothing says it: read as UTC, with a warning.
    Assumed,
}

/// The time zone of a file whose rows do not carry one: the one the user gave, else the one
/// its name gives, else UTC with a [`WarningDetail::TimeZoneAssumed`] warning (never a silent
/// guess). `file` is the name used in messages.
pub fn file_zone(file: &str, given: Option<FixedOffset>) -> (FixedOffset, ZoneFrom, Option<Warning>) {
    if let Some(z) = given {
        return (z, ZoneFrom::Given, None);
    }
    if let Some(z) = offset_in_name(file) {
        return (z, ZoneFrom::FileName, None);
    }
    let w = Warning::new(
        WarningDetail::TimeZoneAssumed {
            file: file.to_string(),
        },
        Some(Source {
            file: file.into(),
            line: 1,
        }),
        None,
    );
    (utc(), ZoneFrom::Assumed, Some(w))
}

/// A local date and time as the exchanges write them: `23-09-20 18:20:55` (Binance since 2023:
/// two-digit year first), `2023-09-20 18:20:55` (also with `T`, `/` between the date's parts,
/// fractions of a second, or minutes only), and in [`Style::Russian`] also
/// `20.09.2023 18:20[:55]` (a file re-saved by Excel). A bare date is midnight.
pub fn local_datetime(s: &str, style: Style) -> Option<NaiveDateTime> {
    let s = s.trim();
    let b = s.as_bytes();
    // The fast path: yy-mm-dd HH:MM:SS, as Binance writes a million rows.
    if b.len() == 17 && b[2] == b'-' && b[5] == b'-' && b[8] == b' ' && b[11] == b':' && b[14] == b':' {
        let n = |i: usize| -> Option<u32> {
            let (x, y) = (b[i].wrapping_sub(b'0'), b[i + 1].wrapping_sub(b'0'));
            (x < 10 && y < 10).then_some(u32::from(x) * 10 + u32::from(y))
        };
        let date = NaiveDate::from_ymd_opt(2000 + n(0)? as i32, n(3)?, n(6)?)?;
        return date.and_hms_opt(n(9)?, n(12)?, n(15)?);
    }
    let (d, t) = match s.find([' ', 'T']) {
        Some(i) => (&s[..i], s[i + 1..].trim()),
        None => (s, ""),
    };
    let date = date_part(d, style)?;
    if t.is_empty() {
        return Some(date.and_time(NaiveTime::MIN));
    }
    let time = NaiveTime::parse_from_str(t, "%H:%M:%S%.f")
        .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
        .ok()?;
    Some(date.and_time(time))
}

fn date_part(d: &str, style: Style) -> Option<NaiveDate> {
    let parts: Vec<&str> = d.split(['-', '/', '.']).collect();
    let [a, m, c] = parts.as_slice() else {
        return None;
    };
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (a_n, m_n, c_n) = (num(a)?, num(m)?, num(c)?);
    if a.len() == 4 {
        return NaiveDate::from_ymd_opt(a_n as i32, m_n, c_n);
    }
    if a.len() == 2 && c.len() == 2 && d.as_bytes()[2] == b'-' {
        return NaiveDate::from_ymd_opt(2000 + a_n as i32, m_n, c_n);
    }
    if c.len() == 4 && (style == Style::Russian || d.contains('.')) {
        return NaiveDate::from_ymd_opt(c_n as i32, m_n, a_n);
    }
    None
}

/// A date-time cell at `offset` unless it names its own zone (`Z`, `+05:00`): the forms of
/// [`local_datetime`], then ISO 8601 with a zone.
pub fn datetime_at(s: &str, offset: FixedOffset, style: Style) -> Option<DateTime<FixedOffset>> {
    if let Some(naive) = local_datetime(s, style) {
        return offset.from_local_datetime(&naive).single();
    }
    crate::parse::datetime(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Option<i32> {
        offset_in_name(s).map(|o| o.local_minus_utc() / 60)
    }

    #[test]
    fn the_file_name_gives_the_zone() {
        assert_eq!(h("Binance-Spot-Trade-History-202603230406(UTC+5).csv"), Some(300));
        assert_eq!(h("dir/Export(UTC-6).csv"), Some(-360));
        assert_eq!(h("Export(UTC+5:30).csv"), Some(330));
        assert_eq!(h("Export(utc+05:45).xlsx"), Some(345));
        assert_eq!(h("Export(UTC+0530).csv"), Some(330));
        assert_eq!(h("Export(UTC).csv"), Some(0));
        assert_eq!(h("Export(UTC+0).csv"), Some(0));
        assert_eq!(h("Export(UTC+14).csv"), Some(840));
        // Implausible or garbled: no zone (the warning then says so).
        assert_eq!(h("Export(UTC+15).csv"), None);
        assert_eq!(h("Export(UTC+5:17).csv"), None);
        assert_eq!(h("Export(UTC+x).csv"), None);
        assert_eq!(h("Export(UTC+5.csv"), None);
        assert_eq!(h("Export.csv"), None);
        // A zone in a folder name is not the file's.
        assert_eq!(h("(UTC+5)/Export.csv"), None);
    }

    #[test]
    fn a_given_zone_wins_then_the_name_then_utc_with_a_warning() {
        let plus3 = FixedOffset::east_opt(3 * 3600).unwrap();
        let (z, from, w) = file_zone("a(UTC+5).csv", Some(plus3));
        assert_eq!((z, from, w.is_none()), (plus3, ZoneFrom::Given, true));
        let (z, from, w) = file_zone("a(UTC+5).csv", None);
        assert_eq!(
            (z.local_minus_utc(), from, w.is_none()),
            (5 * 3600, ZoneFrom::FileName, true)
        );
        let (z, from, w) = file_zone("a.csv", None);
        assert_eq!((z, from), (utc(), ZoneFrom::Assumed));
        let w = w.unwrap();
        assert!(w.message.contains("a.csv"), "{}", w.message);
        assert!(w.message.contains("--tz-of"), "{}", w.message);
    }

    #[test]
    fn exchange_dates() {
        let dt = |s: &str, st| local_datetime(s, st).map(|d| d.to_string());
        let p = Style::Plain;
        assert_eq!(dt("23-09-20 18:20:55", p).as_deref(), Some("2023-09-20 18:20:55"));
        assert_eq!(
            dt("2023-09-20 18:20:55", p).as_deref(),
            Some("2023-09-20 18:20:55")
        );
        assert_eq!(
            dt("2023-09-20T18:20:55.123", p).as_deref(),
            Some("2023-09-20 18:20:55.123")
        );
        assert_eq!(
            dt("2019/05/11 10:27:17", p).as_deref(),
            Some("2019-05-11 10:27:17")
        );
        assert_eq!(dt("2019-05-11", p).as_deref(), Some("2019-05-11 00:00:00"));
        assert_eq!(
            dt("20.09.2023 18:20", Style::Russian).as_deref(),
            Some("2023-09-20 18:20:00")
        );
        assert_eq!(dt("23-02-30 18:20:55", p), None);
        assert_eq!(dt("23-09-20 25:20:55", p), None);
        assert_eq!(dt("2x-09-20 18:20:55", p), None);
        assert_eq!(dt("09/20/2023 18:20", p), None);
        assert_eq!(dt("", p), None);
        let plus5 = FixedOffset::east_opt(5 * 3600).unwrap();
        let t = datetime_at("23-09-20 18:20:55", plus5, p).unwrap();
        assert_eq!(
            t.with_timezone(&chrono::Utc).to_rfc3339(),
            "2023-09-20T13:20:55+00:00"
        );
        let t = datetime_at("2023-09-20T18:20:55Z", plus5, p).unwrap();
        assert_eq!(
            t.with_timezone(&chrono::Utc).to_rfc3339(),
            "2023-09-20T18:20:55+00:00"
        );
    }

    #[test]
    fn header_names_without_marks_or_quotes() {
        assert_eq!(clean("\u{feff}Order ID"), "order id");
        assert_eq!(clean("\u{feff}\"Trade Time\u{feff}\" "), "trade time");
        let names = vec!["\u{feff}Pairs".to_string(), " Amount".to_string()];
        assert_eq!(find(&names, &["pairs"]), Some(0));
        assert_eq!(find(&names, &["amount"]), Some(1));
        assert!(has_all(&names, &[&["pairs"], &["amount", "qty"]]));
        assert!(!has_all(&names, &[&["fee"]]));
    }
}
