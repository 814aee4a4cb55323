//! Binance exports: the spot trade history ([`spot`], two headers), the older spot trade
//! history ([`spot_legacy`]) and the transaction history or statement ([`statement`]). Each
//! module has a `NAME`, a `matches` that recognises its header and a `read` that turns a
//! [`Table`] into [`Trade`]s.
//!
//! Every trade gets venue `Binance`, kind crypto, no id, and the file and line of its (first)
//! row. Times are UTC unless the date column's name gives another offset (`Date(UTC+8)`).
//!
//! How Binance writes numbers: amounts with the asset glued on (`0.0010000000ETH`,
//! `11.42USDT`), and `,` as a thousands separator inside quoted cells (`"11,426.20"`). A comma
//! is taken as a thousands separator only where it can be one (groups of three digits after a
//! first group of one to three without a leading zero), so a decimal comma such as `0,5` is an
//! error rather than a silent 5. Files re-saved by Excel in a Russian locale (`;`, decimal
//! comma) are read by the `read_with` functions in [`Style::Russian`].
//!
//! Pairs (`BTCUSDT`) have no separator. The quote asset is taken from the amount's own suffix
//! when the cell has one (`11.42USDT` → `USDT`), which is exact; otherwise the pair is split by
//! [`QUOTES`], longest match first (see [`split_pair`]).

pub mod convert;
pub mod order_history;
pub mod spot;
pub mod spot_current;
pub mod spot_legacy;
pub mod statement;

use super::generic::{in_range, number_expected};
use super::intern::Interner;
pub(crate) use super::rows::{Cx, RowParser, read_rows};
use super::table::Row;
use crate::error::{Expectation, InputError, Problem};
use crate::model::Code;
use crate::parse::{self, Style};
use chrono::{DateTime, FixedOffset, TimeZone};
use rust_decimal::Decimal;

/// The venue every Binance trade gets.
pub const VENUE: &str = "Binance";

/// Assets Binance quotes pairs in, the most quote-like first: fiat quoted against USDT
/// (`USDTTRY`), then stablecoins (`USDCUSDT`), then fiat quoted in stablecoins (`EURUSDT`),
/// then crypto quotes (`ETHBTC`, `BNBETH`, `WINTRX`).
///
/// Splitting a pair uses the longest match; the order matters only for the statement, where it
/// decides which coin of a trade is its currency (see [`statement`]). `AEUR` is left out on
/// purpose: `ADAEUR` would split as `AD` + `AEUR`; its pairs are split by the amount's suffix.
pub const QUOTES: &[&str] = &[
    "USD", "TRY", "BRL", "ARS", "COP", "MXN", "NGN", "ZAR", "UAH", "RUB", "PLN", "RON", "CZK", "KZT", "JPY",
    "IDRT", "BIDR", "BVND", "BKRW", "USDT", "BUSD", "FDUSD", "TUSD", "USDC", "USDP", "PAX", "DAI", "USDS",
    "UST", "VAI", "EURI", "EUR", "GBP", "AUD", "BTC", "ETH", "BNB", "TRX", "XRP", "DOGE",
];

/// The rank of `code` among [`QUOTES`] (0 = most quote-like), if it is one.
pub fn quote_rank(code: &str) -> Option<usize> {
    QUOTES.iter().position(|q| q.eq_ignore_ascii_case(code))
}

/// Splits a pair into base and quote: at a separator (`BTC/USDT`, `BTC-USDT`, `BTC_USDT`), else
/// by the longest known quote asset ([`QUOTES`]) it ends with, leaving a non-empty base.
/// The parts are slices of `pair` as written (letter case kept).
///
/// ```
/// use salyq_core::import::binance::split_pair;
/// assert_eq!(split_pair("BTCUSDT"), Some(("BTC", "USDT")));
/// assert_eq!(split_pair("BTCFDUSD"), Some(("BTC", "FDUSD")));
/// assert_eq!(split_pair("USDT"), None);
/// ```
pub fn split_pair(pair: &str) -> Option<(&str, &str)> {
    let p = pair.trim();
    if let Some(i) = p.find(['/', '-', '_']) {
        let (base, quote) = (p[..i].trim(), p[i + 1..].trim());
        return (!base.is_empty() && !quote.is_empty()).then_some((base, quote));
    }
    let len = QUOTES
        .iter()
        .filter(|q| q.len() < p.len() && ends_with_ignore_case(p, q))
        .map(|q| q.len())
        .max()?;
    split_at_end(p, len)
}

/// Splits `pair` into base and quote using `quote` when the pair ends with it (the suffix of an
/// amount cell, which names the quote exactly), else [`split_pair`].
pub fn split_pair_with<'a>(pair: &'a str, quote: &str) -> Option<(&'a str, &'a str)> {
    let p = pair.trim();
    if !quote.is_empty() && p.len() > quote.len() && ends_with_ignore_case(p, quote) {
        return split_at_end(p, quote.len());
    }
    split_pair(p)
}

fn split_at_end(p: &str, len: usize) -> Option<(&str, &str)> {
    let cut = p.len().checked_sub(len)?;
    Some((p.get(..cut)?, p.get(cut..)?))
}

fn ends_with_ignore_case(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len() && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// The letters an amount cell ends with (`11.42USDT` → `USDT`; `11.42` → empty).
pub fn trailing_letters(cell: &str) -> &str {
    let s = cell.trim_end();
    let start = s
        .bytes()
        .rposition(|b| !b.is_ascii_alphabetic())
        .map_or(0, |i| i + 1);
    &s[start..]
}

/// Parses a number as Binance writes it: `.` as the decimal point and `,` as a thousands
/// separator (`11,426.20`), but only where it can be one: `1,5` and `0,001` are not numbers.
///
/// ```
/// use salyq_core::import::binance::number;
/// use rust_decimal::Decimal;
/// assert_eq!(number("11,426.20"), Some(Decimal::new(1142620, 2)));
/// assert_eq!(number("0,5"), None);
/// ```
pub fn number(s: &str) -> Option<Decimal> {
    let s = s.trim();
    if !s.contains(',') {
        return parse::decimal(s);
    }
    let (sign, rest) = match s.as_bytes().first() {
        Some(b'-' | b'+') => s.split_at(1),
        _ => ("", s),
    };
    let (int, tail) = rest.split_at(rest.find(['.', 'e', 'E']).unwrap_or(rest.len()));
    if tail.contains(',') {
        return None;
    }
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let mut groups = int.split(',');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 || first.starts_with('0') || !digits(first) {
        return None;
    }
    if !groups.all(|g| g.len() == 3 && digits(g)) {
        return None;
    }
    let mut buf = [0u8; 64];
    let mut n = 0;
    for b in sign
        .bytes()
        .chain(int.bytes().filter(|&b| b != b','))
        .chain(tail.bytes())
    {
        *buf.get_mut(n)? = b;
        n += 1;
    }
    parse::decimal(std::str::from_utf8(&buf[..n]).ok()?)
}

/// Parses a number in `style`: Binance's own ([`number`]) for [`Style::Plain`], else the
/// style's (decimal comma, space as thousands separator).
pub fn number_in(style: Style, s: &str) -> Option<Decimal> {
    match style {
        Style::Plain => number(s),
        other => other.decimal(s),
    }
}

/// Splits an amount cell into its number and the asset glued after it: `0.0010000000ETH` →
/// (0.001, `ETH`), `"11,426.20USDT"` → (11426.20, `USDT`), `0.5` → (0.5, ``). The asset is
/// returned as written (empty when there is none); `None` when there is no number.
///
/// When the cell ends with one of `known` (the pair's assets, say) and the rest is a number,
/// that split wins: it reads `0.51INCH` as 0.5 `1INCH` when `1INCH` is known. Otherwise the
/// number is the longest leading run of digits, `.`, `,` and signs, with an exponent when one
/// follows (`1E-8BTC`), and the asset is the rest.
///
/// ```
/// use salyq_core::import::binance::amount;
/// use rust_decimal::Decimal;
/// assert_eq!(amount("11.42USDT", &[]), Some((Decimal::new(1142, 2), "USDT")));
/// assert_eq!(amount("0.51INCH", &["1INCH"]), Some((Decimal::new(5, 1), "1INCH")));
/// ```
pub fn amount<'a>(cell: &'a str, known: &[&str]) -> Option<(Decimal, &'a str)> {
    amount_in(Style::Plain, cell, known)
}

/// [`amount`] with numbers in `style`.
pub fn amount_in<'a>(style: Style, cell: &'a str, known: &[&str]) -> Option<(Decimal, &'a str)> {
    let s = cell.trim();
    for k in known {
        if !k.is_empty()
            && s.len() > k.len()
            && ends_with_ignore_case(s, k)
            && let Some((num, suffix)) = split_at_end(s, k.len())
            && let Some(x) = number_in(style, num)
        {
            return Some((x, suffix));
        }
    }
    let loose = style != Style::Plain;
    let mut end = s.len();
    for (i, c) in s.char_indices() {
        if !(c.is_ascii_digit() || matches!(c, '.' | ',' | '+' | '-') || (loose && c.is_whitespace())) {
            end = i;
            break;
        }
    }
    // An exponent: `e` or `E`, an optional sign, then at least one digit.
    let b = s.as_bytes();
    if end > 0 && matches!(b.get(end), Some(b'e' | b'E')) {
        let mut j = end + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if b.get(j).is_some_and(u8::is_ascii_digit) {
            while b.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
            end = j;
        }
    }
    let x = number_in(style, &s[..end])?;
    Some((x, s[end..].trim()))
}

/// The date column of a Binance header and the offset its name gives: `date(utc)`,
/// `date(utc+0)`, `date(utc+8)`, `date(utc+05:00)` (normalised names).
pub fn date_column(names: &[String]) -> Option<(usize, FixedOffset)> {
    names
        .iter()
        .enumerate()
        .find_map(|(i, n)| Some((i, header_offset(n)?)))
}

/// The offset a date column's normalised name gives (`date(utc-3)` → −03:00), if it is one.
pub fn header_offset(name: &str) -> Option<FixedOffset> {
    let inner = name
        .strip_prefix("date")?
        .trim_start()
        .strip_prefix('(')?
        .strip_suffix(')')?;
    let zone = inner.trim().strip_prefix("utc")?.trim();
    if zone.is_empty() {
        return FixedOffset::east_opt(0);
    }
    let (sign, rest) = match zone.as_bytes().first()? {
        b'+' => (1, &zone[1..]),
        b'-' => (-1, &zone[1..]),
        _ => return None,
    };
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => rest.split_at_checked(2)?,
        None => (rest, "0"),
    };
    let ok = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !ok(h) || !ok(m) {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

// ---- Cells ----

/// The time in a date cell. A time without its own zone is at `offset` (the date column's).
pub(crate) fn time_cell(
    row: &Row<'_>,
    col: usize,
    offset: FixedOffset,
    style: Style,
) -> Result<DateTime<FixedOffset>, InputError> {
    let s = row.required(col)?;
    let bad = || {
        row.error(col, Problem::BadDate)
            .found(s)
            .expected(Expectation::DateTime)
    };
    let t = style.datetime(s).ok_or_else(bad)?;
    if offset.local_minus_utc() == 0 || has_zone(s) {
        return Ok(t);
    }
    offset
        .from_local_datetime(&t.naive_local())
        .single()
        .ok_or_else(bad)
}

/// True when a date-time cell names its own zone (`Z`, `+05:00`, `-0300`, `UTC`).
fn has_zone(s: &str) -> bool {
    let s = s.trim();
    let time = s.get(11..).unwrap_or("");
    s.ends_with(['Z', 'z']) || s.ends_with("UTC") || time.contains(['+', '-'])
}

/// `BUY` or `SELL` (any case).
pub(crate) fn side_cell(row: &Row<'_>, col: usize) -> Result<crate::model::Side, InputError> {
    let s = row.required(col)?;
    if s.eq_ignore_ascii_case("buy") {
        Ok(crate::model::Side::Buy)
    } else if s.eq_ignore_ascii_case("sell") {
        Ok(crate::model::Side::Sell)
    } else {
        Err(row
            .error(col, Problem::UnknownSide)
            .found(s)
            .expected(Expectation::BuyOrSell))
    }
}

/// The base and quote assets of the pair in column `col`, split with the help of `quote_hint`
/// (the letters an amount cell ends with; see [`split_pair_with`]).
pub(crate) fn pair_cell(
    row: &Row<'_>,
    col: usize,
    quote_hint: &str,
    interner: &mut Interner,
) -> Result<(Code, Code), InputError> {
    let s = row.required(col)?;
    let bad = || {
        row.error(col, Problem::UnknownPair)
            .found(s)
            .expected(Expectation::Pair)
    };
    let (base, quote) = split_pair_with(s, quote_hint).ok_or_else(bad)?;
    let base = interner.code(base).ok_or_else(bad)?;
    let quote = interner.code(quote).ok_or_else(bad)?;
    Ok((base, quote))
}

/// An amount of `asset`: a number, perhaps with `asset` glued on (`0.001ETH`); above 0 when
/// `positive`, else 0 or more; at most 10^15.
pub(crate) fn amount_cell(
    row: &Row<'_>,
    col: usize,
    asset: &Code,
    positive: bool,
    style: Style,
) -> Result<Decimal, InputError> {
    let s = row.required(col)?;
    let expected = || Expectation::AmountIn(asset.to_string());
    let (x, suffix) = amount_in(style, s, &[asset])
        .ok_or_else(|| row.error(col, Problem::NotANumber).found(s).expected(expected()))?;
    if !suffix.is_empty() && !suffix.eq_ignore_ascii_case(asset) {
        return Err(row.error(col, Problem::WrongUnit).found(s).expected(expected()));
    }
    in_range(row, col, s, x, positive, expected)
}

/// A plain number cell (a price): 0 or more, at most 10^15.
pub(crate) fn number_cell(
    row: &Row<'_>,
    col: usize,
    positive: bool,
    style: Style,
) -> Result<Decimal, InputError> {
    let s = row.required(col)?;
    let expected = move || number_expected(positive, style);
    let x = number_in(style, s)
        .ok_or_else(|| row.error(col, Problem::NotANumber).found(s).expected(expected()))?;
    in_range(row, col, s, x, positive, expected)
}

/// A fee cell with its asset glued on (`0.00001BNB`). `known` are tried first as the asset (the
/// pair's, and BNB). An empty cell, or a zero without an asset, is no fee (in `default`).
pub(crate) fn fee_cell(
    row: &Row<'_>,
    col: usize,
    known: &[&str],
    default: &Code,
    cx: &mut Cx<'_>,
) -> Result<(Decimal, Code), InputError> {
    let Some(s) = row.optional(Some(col))? else {
        return Ok((Decimal::ZERO, default.clone()));
    };
    let bad = |problem| {
        row.error(col, problem)
            .found(s)
            .expected(Expectation::AmountWithAsset)
    };
    let (x, suffix) = amount_in(cx.style, s, known).ok_or_else(|| bad(Problem::NotANumber))?;
    let x = in_range(row, col, s, x, false, || Expectation::AmountWithAsset)?;
    if suffix.is_empty() {
        return if x.is_zero() {
            Ok((x, default.clone()))
        } else {
            Err(bad(Problem::NotACode))
        };
    }
    let code = cx.interner.code(suffix).ok_or_else(|| bad(Problem::NotACode))?;
    Ok((x, code))
}

pub(crate) use super::generic::{check_total, code as code_cell};

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn pairs_split_by_the_longest_known_quote() {
        assert_eq!(split_pair("BTCUSDT"), Some(("BTC", "USDT")));
        assert_eq!(split_pair("ETHBTC"), Some(("ETH", "BTC")));
        assert_eq!(split_pair("BNBETH"), Some(("BNB", "ETH")));
        assert_eq!(split_pair("BTCFDUSD"), Some(("BTC", "FDUSD")));
        assert_eq!(split_pair("BTCTUSD"), Some(("BTC", "TUSD")));
        assert_eq!(split_pair("USDCUSDT"), Some(("USDC", "USDT")));
        assert_eq!(split_pair("USDTTRY"), Some(("USDT", "TRY")));
        assert_eq!(split_pair("FDUSDTRY"), Some(("FDUSD", "TRY")));
        assert_eq!(split_pair("EURUSDT"), Some(("EUR", "USDT")));
        assert_eq!(split_pair("BTCEUR"), Some(("BTC", "EUR")));
        assert_eq!(split_pair("1INCHUSDT"), Some(("1INCH", "USDT")));
        assert_eq!(split_pair("btcusdt"), Some(("btc", "usdt")));
        assert_eq!(split_pair(" BTCKZT "), Some(("BTC", "KZT")));
        assert_eq!(split_pair("BTC/USDT"), Some(("BTC", "USDT")));
        assert_eq!(split_pair("BTC-USDT"), Some(("BTC", "USDT")));
        // The base must not be empty; an unknown quote does not split.
        assert_eq!(split_pair("USDT"), None);
        assert_eq!(split_pair("BTC"), None);
        assert_eq!(split_pair("BTCXYZ"), None);
        assert_eq!(split_pair(""), None);
        assert_eq!(split_pair("/USDT"), None);
        assert_eq!(split_pair("ВТСUSDT"), Some(("ВТС", "USDT")));
        assert_eq!(split_pair("ÿÿ"), None);
    }

    #[test]
    fn the_amounts_suffix_names_the_quote_exactly() {
        // `ADAEUR` has no trap with the hint; an unknown quote is split by the hint too.
        assert_eq!(split_pair_with("ADAAEUR", "AEUR"), Some(("ADA", "AEUR")));
        assert_eq!(split_pair_with("BNBUSD", "USD"), Some(("BNB", "USD")));
        assert_eq!(split_pair("BNBUSD"), Some(("BN", "BUSD")));
        assert_eq!(split_pair_with("ABCXYZ", "XYZ"), Some(("ABC", "XYZ")));
        // A hint that is not the pair's end falls back to the list.
        assert_eq!(split_pair_with("BTCUSDT", "USDC"), Some(("BTC", "USDT")));
        assert_eq!(split_pair_with("USDT", "USDT"), None);
        assert_eq!(trailing_letters("11.42USDT "), "USDT");
        assert_eq!(trailing_letters("11.42"), "");
        assert_eq!(trailing_letters("USDT"), "USDT");
    }

    #[test]
    fn amounts_are_a_number_and_an_asset() {
        assert_eq!(amount("0.0010000000ETH", &[]), Some((dec!(0.001), "ETH")));
        assert_eq!(amount("11.42USDT", &[]), Some((dec!(11.42), "USDT")));
        assert_eq!(amount("11,426.20USDT", &[]), Some((dec!(11426.20), "USDT")));
        assert_eq!(amount("1,234,567.5 SHIB", &[]), Some((dec!(1234567.5), "SHIB")));
        assert_eq!(amount("0.5", &[]), Some((dec!(0.5), "")));
        assert_eq!(amount("0.5eth", &[]), Some((dec!(0.5), "eth")));
        assert_eq!(amount("1E-8BTC", &[]), Some((dec!(0.00000001), "BTC")));
        assert_eq!(amount("1e5", &[]), Some((dec!(100000), "")));
        assert_eq!(amount("2ETH", &["ETH"]), Some((dec!(2), "ETH")));
        // A known asset that starts with a digit wins over the digit run.
        assert_eq!(amount("0.51INCH", &[]), Some((dec!(0.51), "INCH")));
        assert_eq!(amount("0.51INCH", &["1INCH"]), Some((dec!(0.5), "1INCH")));
        assert_eq!(
            amount("12.51000SATS", &["BTC", "1000SATS"]),
            Some((dec!(12.5), "1000SATS"))
        );
        assert_eq!(amount("-3USDT", &[]), Some((dec!(-3), "USDT")));
        for bad in ["", "USDT", "abc", "1.2.3USDT", "0,5ETH", ".", "-", "ETH0.5"] {
            assert_eq!(amount(bad, &[]), None, "{bad}");
        }
        assert_eq!(amount("0.5ЕТН", &[]), Some((dec!(0.5), "ЕТН")));
    }

    #[test]
    fn commas_are_thousands_separators_only_where_they_can_be() {
        assert_eq!(number("11,426.20"), Some(dec!(11426.20)));
        assert_eq!(number("1,000"), Some(dec!(1000)));
        assert_eq!(number("-1,000,000.5"), Some(dec!(-1000000.5)));
        assert_eq!(number("123"), Some(dec!(123)));
        for bad in [
            "0,5",
            "1,5",
            "1,50",
            "1,0000",
            ",100",
            "1,000.5,5",
            "0,001",
            "1,,000",
            "1,000e,5",
        ] {
            assert_eq!(number(bad), None, "{bad}");
        }
        assert_eq!(number(&format!("1{}", ",000".repeat(30))), None);
        assert_eq!(number_in(Style::Russian, "1 000,5"), Some(dec!(1000.5)));
        assert_eq!(
            amount_in(Style::Russian, "1 000,5 USDT", &[]),
            Some((dec!(1000.5), "USDT"))
        );
        assert_eq!(
            amount_in(Style::Russian, "0,001ETH", &["ETH"]),
            Some((dec!(0.001), "ETH"))
        );
    }

    #[test]
    fn date_columns_give_their_offset() {
        let h = |s: &str| header_offset(s).map(|o| o.local_minus_utc());
        assert_eq!(h("date(utc)"), Some(0));
        assert_eq!(h("date(utc+0)"), Some(0));
        assert_eq!(h("date (utc+8)"), Some(8 * 3600));
        assert_eq!(h("date(utc+05:00)"), Some(5 * 3600));
        assert_eq!(h("date(utc-0330)"), Some(-(3 * 3600 + 30 * 60)));
        assert_eq!(h("date(utc+15)"), None);
        assert_eq!(h("date(utc+x)"), None);
        assert_eq!(h("date"), None);
        assert_eq!(h("date(gmt)"), None);
        assert!(has_zone("2024-11-16 14:35:02Z"));
        assert!(has_zone("2024-11-16T14:35:02+05:00"));
        assert!(!has_zone("2024-11-16 14:35:02"));
    }
}
