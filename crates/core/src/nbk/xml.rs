//! The National Bank's own rate files: the daily XML (`<rates><date>dd.mm.yyyy</date><item>
//! <title>USD</title><description>474.2</description><quant>1</quant>…</item>…</rates>`) and its
//! RSS 2.0 form (`<rss><channel><item><title>USD</title><pubDate>…</pubDate>…`).
//!
//! `description` is tenge per `quant` units; a day without rates is an empty `<rates></rates>`,
//! not an error. Errors name the file, the line and column, the element and what it held.

use crate::error::{Expectation, InputError, Problem};
use crate::parse;
use crate::rates::RateTable;
use chrono::NaiveDate;
use quick_xml::events::Event;
use quick_xml::reader::Reader;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The largest rate file read (a year of daily files in one is far smaller).
pub const MAX_XML_BYTES: u64 = 64 << 20;

/// One published rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankRate {
    /// The day the rate is for.
    pub date: NaiveDate,
    /// The currency code (`USD`).
    pub currency: String,
    /// Tenge per `quant` units, as published.
    pub rate: Decimal,
    /// How many units `rate` is for (1; 100 for JPY and UZS; 10,000 for IRR).
    pub quant: Decimal,
    /// The line of the item in its file.
    pub line: u64,
}

impl BankRate {
    /// Tenge per one unit.
    pub fn per_unit(&self) -> Decimal {
        self.rate / self.quant
    }
}

/// What one file holds: the days it names (a day without rates too) and its rates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BankFile {
    /// The days the file is for (`<date>` of the daily form), in file order.
    pub days: Vec<NaiveDate>,
    /// Every rate, in file order.
    pub rates: Vec<BankRate>,
}

/// True when the first bytes of a file look like the bank's XML or RSS (an XML document whose
/// root is `rates` or `rss`).
pub fn looks_like(head: &[u8]) -> bool {
    let text = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = text.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else { return false };
    if text[start] != b'<' {
        return false;
    }
    root_name(&text[start..]).is_some_and(|n| n == b"rates" || n == b"rss")
}

/// The name of the first element of an XML text (skipping the declaration, comments and a
/// doctype), if it appears in `text`.
fn root_name(text: &[u8]) -> Option<&[u8]> {
    let mut rest = text;
    loop {
        let lt = rest.iter().position(|&b| b == b'<')?;
        rest = &rest[lt + 1..];
        match rest.first()? {
            b'?' | b'!' => {
                let gt = rest.iter().position(|&b| b == b'>')?;
                rest = &rest[gt + 1..];
            }
            _ => {
                let end = rest
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
                    .unwrap_or(rest.len());
                return Some(&rest[..end]);
            }
        }
    }
}

/// Line and column (1-based, in characters) of byte `offset` of `bytes`.
fn line_col(bytes: &[u8], offset: u64) -> (u64, usize) {
    let offset = (offset as usize).min(bytes.len());
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, col)
}

/// A date as the bank writes it: `dd.mm.yyyy`, or in RSS an RFC 2822 date; ISO also accepted.
pub fn bank_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%d.%m.%Y")
        .ok()
        .or_else(|| parse::date(s))
        .or_else(|| {
            chrono::DateTime::parse_from_rfc2822(s)
                .ok()
                .map(|d| d.date_naive())
        })
}

/// An item being read: each field's text and where it started.
#[derive(Default)]
struct Item {
    line: u64,
    fields: HashMap<&'static str, (String, u64)>,
}

/// The child elements of an item that are read; others (`fullname`, `index`, `change`,
/// `link`) are skipped.
const FIELDS: [&str; 5] = ["title", "description", "quant", "pubDate", "date"];

/// Reads one file of the bank's XML or RSS. Every bad item is reported, with its line and
/// column.
pub fn read(bytes: &[u8], file: &str) -> Result<BankFile, Vec<InputError>> {
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let skipped = bytes.len() - text.len();
    let at = |offset: u64| line_col(bytes, offset + skipped as u64);
    let mut reader = Reader::from_reader(text);
    reader.config_mut().trim_text(true);
    let mut out = BankFile::default();
    let mut errors: Vec<InputError> = Vec::new();
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut item: Option<Item> = None;
    // The element whose text is being gathered, where it started, and its text.
    let mut field: Option<(&'static str, u64, String)> = None;
    // The document's `<date>` (daily form), for items without a `pubDate`.
    let mut doc_date: Option<NaiveDate> = None;
    let mut items: Vec<Item> = Vec::new();
    let mut root_seen = false;
    loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let (line, col) = at(reader.error_position());
                errors.push(
                    InputError::line(file, line, Problem::XmlUnreadable(e.to_string()))
                        .at_column(col, "xml")
                        .expected(Expectation::BankXml),
                );
                return Err(errors);
            }
        };
        match event {
            Event::Start(e) => {
                // Where the tag starts: `<`, its content, `>` end at the reader's position.
                let pos = reader.buffer_position().saturating_sub(e.len() as u64 + 2);
                let name = e.local_name().as_ref().to_vec();
                if !root_seen {
                    root_seen = true;
                    if name != b"rates" && name != b"rss" {
                        let (line, col) = at(pos);
                        return Err(vec![
                            InputError::line(file, line, Problem::FormatNotRecognised)
                                .at_column(col, "xml")
                                .found(&String::from_utf8_lossy(&name))
                                .expected(Expectation::BankXml),
                        ]);
                    }
                }
                if name == b"item" {
                    item = Some(Item {
                        line: at(pos).0,
                        ..Item::default()
                    });
                } else if let Some(f) = FIELDS.iter().find(|f| f.as_bytes() == name.as_slice()) {
                    // `date` counts inside an item and directly under the root; `title` and the
                    // rest only inside an item (the channel has a title of its own).
                    let wanted = if item.is_some() {
                        stack.last().is_some_and(|p| p == b"item")
                    } else {
                        *f == "date" && stack.len() == 1
                    };
                    if wanted {
                        field = Some((f, pos, String::new()));
                    }
                }
                stack.push(name);
            }
            Event::Empty(e) => {
                let pos = reader.buffer_position().saturating_sub(e.len() as u64 + 3);
                if !root_seen {
                    let name = e.local_name().as_ref().to_vec();
                    if name == b"rates" || name == b"rss" {
                        return Ok(out); // `<rates/>`: a day without rates
                    }
                    let (line, col) = at(pos);
                    return Err(vec![
                        InputError::line(file, line, Problem::FormatNotRecognised)
                            .at_column(col, "xml")
                            .found(&String::from_utf8_lossy(&name))
                            .expected(Expectation::BankXml),
                    ]);
                }
            }
            Event::Text(t) => {
                if let Some((_, _, s)) = &mut field {
                    s.push_str(&t.xml10_content().unwrap_or_default());
                }
            }
            Event::CData(t) => {
                if let Some((_, _, s)) = &mut field {
                    s.push_str(&t.xml10_content().unwrap_or_default());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, _, s)) = &mut field {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        s.push(c);
                    } else {
                        let name = r.decode().unwrap_or_default();
                        s.push_str(match name.as_ref() {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            _ => "",
                        });
                    }
                }
            }
            Event::End(e) => {
                stack.pop();
                let name = e.local_name().as_ref().to_vec();
                if let Some((f, start, text)) = field.take_if(|(f, _, _)| f.as_bytes() == name.as_slice()) {
                    match &mut item {
                        Some(it) => {
                            it.fields.insert(f, (text, start));
                        }
                        None => {
                            // The daily form's `<date>`.
                            match bank_date(&text) {
                                Some(d) => {
                                    doc_date = Some(d);
                                    out.days.push(d);
                                }
                                None => {
                                    let (line, col) = at(start);
                                    errors.push(
                                        InputError::line(file, line, Problem::BadDate)
                                            .at_column(col, "date")
                                            .found(&text)
                                            .expected(Expectation::BankDate),
                                    );
                                }
                            }
                        }
                    }
                } else if name == b"item"
                    && let Some(it) = item.take()
                {
                    items.push(it);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !root_seen {
        return Err(vec![
            InputError::file(file, Problem::Empty).expected(Expectation::BankXml),
        ]);
    }
    let mut seen: HashMap<(NaiveDate, String), u64> = HashMap::new();
    for it in items {
        match rate_of(&it, doc_date, file, &at) {
            Ok(r) => {
                if let Some(first) = seen.insert((r.date, r.currency.clone()), r.line) {
                    errors.push(InputError::line(
                        file,
                        r.line,
                        Problem::RateTwice {
                            currency: r.currency.clone(),
                            date: r.date.to_string(),
                            first_line: first,
                        },
                    ));
                } else {
                    if !out.days.contains(&r.date) {
                        out.days.push(r.date);
                    }
                    out.rates.push(r);
                }
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// The rate of one item.
fn rate_of(
    it: &Item,
    doc_date: Option<NaiveDate>,
    file: &str,
    at: &dyn Fn(u64) -> (u64, usize),
) -> Result<BankRate, InputError> {
    let cell_error = |name: &'static str, problem: Problem, expected: Expectation| {
        let (text, start) = it.fields.get(name).cloned().unwrap_or_default();
        let (line, col) = match it.fields.get(name) {
            Some(_) => at(start),
            None => (it.line, 1),
        };
        let e = InputError::line(file, line, problem).at_column(col, name);
        if text.is_empty() {
            e.expected(expected)
        } else {
            e.found(&text).expected(expected)
        }
    };
    let text = |name: &str| {
        it.fields
            .get(name)
            .map(|(t, _)| t.trim())
            .filter(|t| !t.is_empty())
    };
    let Some(title) = text("title") else {
        return Err(cell_error(
            "title",
            Problem::MissingValue,
            Expectation::CurrencyCode,
        ));
    };
    let currency = parse::code(title)
        .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
        .ok_or_else(|| cell_error("title", Problem::NotACurrencyCode, Expectation::CurrencyCode))?;
    let max = Decimal::from(parse::MAX_AMOUNT);
    let positive = |s: &str| parse::decimal(s).filter(|x| x.is_sign_positive() && !x.is_zero() && *x <= max);
    let rate = match text("description") {
        Some(s) => {
            positive(s).ok_or_else(|| cell_error("description", Problem::NotARate, Expectation::Rate))?
        }
        None => {
            return Err(cell_error(
                "description",
                Problem::MissingValue,
                Expectation::Rate,
            ));
        }
    };
    let quant = match text("quant") {
        Some(s) => positive(s).ok_or_else(|| cell_error("quant", Problem::NotAQuant, Expectation::Quant))?,
        None => Decimal::ONE,
    };
    let date = match text("pubDate").or_else(|| text("date")) {
        Some(s) => {
            let name = if text("pubDate").is_some() {
                "pubDate"
            } else {
                "date"
            };
            bank_date(s).ok_or_else(|| cell_error(name, Problem::BadDate, Expectation::BankDate))?
        }
        None => {
            doc_date.ok_or_else(|| cell_error("pubDate", Problem::MissingValue, Expectation::BankDate))?
        }
    };
    Ok(BankRate {
        date,
        currency,
        rate,
        quant,
        line: it.line,
    })
}

/// The rates of a file as a rate table (tenge per unit).
pub fn table(file: &BankFile) -> RateTable {
    let mut t = RateTable::default();
    for r in &file.rates {
        t.insert_daily(&r.currency, r.date, r.per_unit());
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    const DAY: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rates>\n<generator>NBRK</generator>\n\
        <title>Official exchange rates of National Bank of Republic Kazakhstan</title>\n\
        <link>https://nationalbank.kz</link>\n<date>02.01.2024</date>\n\
        <item><fullname>ДОЛЛАР США</fullname><title>USD</title><description>454.56</description><quant>1</quant><index>UP</index><change>+0.5</change></item>\n\
        <item><fullname>ЯПОНСКИХ ИЕН</fullname><title>JPY</title><description>321.5</description><quant>100</quant><index/><change>0</change></item>\n\
        </rates>\n";

    #[test]
    fn daily_xml_divides_out_the_quant() {
        assert!(looks_like(DAY.as_bytes()));
        let f = read(DAY.as_bytes(), "d.xml").unwrap();
        let d = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
        assert_eq!(f.days, vec![d]);
        assert_eq!(f.rates.len(), 2);
        assert_eq!(f.rates[0].currency, "USD");
        assert_eq!(f.rates[0].per_unit(), dec!(454.56));
        // 321.5 tenge per 100 yen = 3.215 per yen.
        assert_eq!(f.rates[1].per_unit(), dec!(3.215));
        assert_eq!(f.rates[1].line, 8);
    }

    #[test]
    fn an_empty_day_is_no_error() {
        for text in [
            "<rates></rates>",
            "<rates/>",
            "<?xml version=\"1.0\"?>\n<rates>\n</rates>\n",
        ] {
            assert!(looks_like(text.as_bytes()), "{text}");
            let f = read(text.as_bytes(), "e.xml").unwrap();
            assert!(f.rates.is_empty() && f.days.is_empty(), "{text}");
        }
        let f = read(b"<rates><date>06.01.2024</date></rates>", "e.xml").unwrap();
        assert_eq!(f.days, vec![NaiveDate::from_ymd_opt(2024, 1, 6).unwrap()]);
        assert!(f.rates.is_empty());
    }

    #[test]
    fn rss_items_carry_their_own_dates() {
        let rss = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Rates</title>\n\
            <item><title>EUR</title><pubDate>03.01.2024</pubDate><description>498.1</description><quant>1</quant></item>\n\
            <item><title>UZS</title><pubDate>Wed, 03 Jan 2024 00:00:00 +0500</pubDate><description>3.69</description><quant>100</quant></item>\n\
            </channel></rss>";
        assert!(looks_like(rss.as_bytes()));
        let f = read(rss.as_bytes(), "r.xml").unwrap();
        let d = NaiveDate::from_ymd_opt(2024, 1, 3).unwrap();
        assert_eq!(f.rates[0].date, d);
        assert_eq!(f.rates[1].date, d);
        assert_eq!(f.rates[1].per_unit(), dec!(0.0369));
        assert_eq!(f.days, vec![d]);
    }

    #[test]
    fn bad_items_name_line_column_and_element() {
        let text = "<rates><date>02.01.2024</date>\n<item><title>USD</title><description>4x4</description></item>\n\
                    <item><title>EUR</title><description>498</description><quant>0</quant></item>\n</rates>";
        let errs = read(text.as_bytes(), "b.xml").unwrap_err();
        let s: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            s[0],
            "b.xml:2:25: column \"description\": not a rate: found \"4x4\", expected a number greater than 0 (at most 10^15)"
        );
        assert!(
            s[1].starts_with("b.xml:3:55: column \"quant\": not a quantity: found \"0\""),
            "{s:?}"
        );
        let broken = read(
            b"<rates><date>02.01.2024</date>\n<item><title>USD</title></itm></rates>",
            "x.xml",
        )
        .unwrap_err();
        assert_eq!(broken[0].line, Some(2));
        assert!(
            broken[0].to_string().contains("the XML cannot be read"),
            "{}",
            broken[0]
        );
        assert!(!looks_like(b"date,currency,rate\n"));
        assert!(!looks_like(b"<html><body>"));
    }
}
