//! CSV exports that open cleanly in a spreadsheet: the disposals with their lots, the yearly
//! summary, the trades. Every export is UTF-8; [`CsvStyle::ExcelRu`] writes what Excel in a
//! Russian locale opens by double-click (`;`, decimal comma, a byte-order mark).

use crate::engine::Computation;
use crate::import::Inputs;
use crate::matching::Disposal;
use crate::money::fmt2;
use std::io::{self, Write};

/// Header of the disposals CSV.
pub const DISPOSALS_HEADER: [&str; 14] = [
    "id",
    "date",
    "asset",
    "kind",
    "role",
    "quantity",
    "proceeds_kzt",
    "cost_kzt",
    "gain_kzt",
    "uncovered_quantity",
    "exchange",
    "source",
    "lots",
    "fx_gain",
];

/// Makes a text cell safe for spreadsheets: a cell that starts with `=`, `+`, `-`, `@`, tab or
/// CR and is not a plain number gets a leading `'`, so it is never run as a formula.
pub fn safe_cell(s: &str) -> std::borrow::Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(s) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// True for a plain number: an optional sign, digits, and at most one `.` or `,` followed by
/// digits (`-12.50`, `+1`, `-12,50`).
fn is_plain_number(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (int, frac) = match body.split_once(['.', ',']) {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
}

/// How a CSV export is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvStyle {
    /// `,` between cells, `.` in numbers, no byte-order mark: for scripts and most programs.
    #[default]
    Plain,
    /// For Excel in a Russian locale: `;` between cells, decimal comma, a UTF-8 byte-order mark
    /// so Cyrillic text shows right.
    ExcelRu,
}

impl CsvStyle {
    /// A CSV writer in this style (the byte-order mark, if any, already written).
    pub fn writer<W: Write>(self, mut out: W) -> io::Result<csv::Writer<W>> {
        let mut b = csv::WriterBuilder::new();
        if self == CsvStyle::ExcelRu {
            out.write_all("\u{feff}".as_bytes())?;
            b.delimiter(b';');
        }
        Ok(b.from_writer(out))
    }

    /// A number as this style writes it (`1234.50` or `1234,50`).
    pub fn num(self, s: String) -> String {
        match self {
            CsvStyle::Plain => s,
            CsvStyle::ExcelRu => s.replacen('.', ",", 1),
        }
    }

    /// An amount with two decimals, in this style.
    pub fn money(self, x: rust_decimal::Decimal) -> String {
        self.num(fmt2(x))
    }
}

/// The last column of every CSV export: which build of Salyq wrote the file.
pub const GENERATOR_COLUMN: &str = "generator";

/// Writes a header row, with the [`GENERATOR_COLUMN`] last.
pub fn write_header<W: Write>(w: &mut csv::Writer<W>, header: &[&str]) -> io::Result<()> {
    w.write_record(header.iter().copied().chain(std::iter::once(GENERATOR_COLUMN)))?;
    Ok(())
}

/// Writes one record, every cell made safe, and last the build of Salyq that wrote it
/// (`Salyq 0.1.0 (built 2026-11-25)`).
pub fn write_safe<W: Write>(w: &mut csv::Writer<W>, row: &[String]) -> io::Result<()> {
    thread_local! {
        static GENERATOR: String = crate::about::line();
    }
    for cell in row {
        w.write_field(safe_cell(cell).as_bytes())?;
    }
    GENERATOR.with(|g| w.write_field(g))?;
    // An empty record ends the row whose fields were written above.
    w.write_record(None::<&[u8]>)?;
    Ok(())
}

/// Writes one row per disposal; `lots` lists `source quantity @ cost` for each lot consumed,
/// `fx_gain` how a disposal valued in its currency was (`USD 110 - 100 at 520`; empty: each leg
/// at its own rate).
pub fn write_disposals<'a>(
    out: impl Write,
    disposals: impl Iterator<Item = &'a Disposal>,
    computation: &Computation,
    inputs: &Inputs,
    style: CsvStyle,
) -> io::Result<()> {
    let mut w = style.writer(out)?;
    write_header(&mut w, &DISPOSALS_HEADER)?;
    for d in disposals {
        let t = &inputs.trades[d.trade()];
        let lots: Vec<String> = computation
            .lots(d)
            .iter()
            .map(|u| {
                format!(
                    "{} {} @ {}",
                    inputs.trades[u.lot_trade()].source(),
                    u.quantity.normalize(),
                    fmt2(u.cost)
                )
            })
            .collect();
        let row = [
            t.label(),
            d.date.to_string(),
            d.asset(&inputs.trades).to_string(),
            d.kind.as_str().to_string(),
            d.role.as_str().to_string(),
            style.num(d.quantity.normalize().to_string()),
            style.money(d.proceeds),
            style.money(d.cost),
            style.money(d.gain()),
            style.num(computation.uncovered(d).normalize().to_string()),
            t.exchange.as_deref().unwrap_or("").to_string(),
            t.source().to_string(),
            lots.join("; "),
            computation
                .index_of(d)
                .and_then(|k| computation.fx_gain(k))
                .map_or_else(String::new, |g| {
                    format!(
                        "{} {} - {} at {}",
                        g.currency,
                        crate::money::round_tiyn(g.proceeds).normalize(),
                        crate::money::round_tiyn(g.cost).normalize(),
                        g.rate.normalize()
                    )
                }),
        ];
        write_safe(&mut w, &row)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe_cell("-12.50"), "-12.50");
        assert_eq!(safe_cell("+1"), "+1");
        assert_eq!(safe_cell("BTC"), "BTC");
        assert_eq!(safe_cell("-12,50"), "-12,50");
        assert_eq!(safe_cell("-"), "'-");
        assert_eq!(safe_cell("-1-2"), "'-1-2");
        assert_eq!(safe_cell("+7 701 000 0000"), "'+7 701 000 0000");
        assert_eq!(safe_cell("\t=1"), "'\t=1");
        assert_eq!(safe_cell("\r1"), "'\r1");
        assert_eq!(safe_cell("-1e5"), "'-1e5");
    }

    #[test]
    fn excel_ru_style_has_a_bom_semicolons_and_decimal_commas() {
        let mut out = Vec::new();
        let mut w = CsvStyle::ExcelRu.writer(&mut out).unwrap();
        write_safe(
            &mut w,
            &[
                "Итого".into(),
                CsvStyle::ExcelRu.money(rust_decimal::Decimal::new(-123450, 2)),
                "=1+1".into(),
            ],
        )
        .unwrap();
        drop(w);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("\u{feff}Итого;-1234,50;'=1+1;{}\n", crate::about::line())
        );
    }
}

/// Writes a file atomically ([`crate::safe_file::write_atomic`]): into a temporary file beside
/// `path`, flushed to disk, then renamed over `path`; a symbolic link is followed, the file's
/// permissions kept, a read-only file refused. A failure at any point leaves an existing `path`
/// as it was.
pub fn write_atomic(
    path: &std::path::Path,
    f: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    crate::safe_file::write_atomic(path, crate::safe_file::NewFile::Shared, f)
}

/// Header of the yearly summary CSV.
pub const SUMMARY_HEADER: [&str; 28] = [
    "year",
    "disposals",
    "proceeds_kzt",
    "cost_kzt",
    "gains_kzt",
    "losses_kzt",
    "net_gain_kzt",
    "crypto_income_kzt",
    "security_income_kzt",
    "other_income_from_property_kzt",
    "property_income_kzt",
    "other_annual_income_kzt",
    "tax_kzt",
    "form",
    "due",
    "pay_by",
    "fx_rule",
    "fees",
    "netting",
    "assumptions",
    "exempt_income_kzt",
    "fx_gain",
    "sale_fees",
    "crypto_fees",
    "basic_deduction_months",
    "basic_deduction_kzt",
    "taxable_income_kzt",
    "open_warnings",
];

/// Writes one row per tax year: the figures of the declaration, the rules applied, every
/// assumption (separated by ` | `), and the warnings still open (`open_warnings`, see
/// [`crate::case::open_count`]: while not 0 the figures are incomplete).
pub fn write_summary<'a>(
    out: impl Write,
    years: impl Iterator<Item = &'a crate::yearly::YearResult>,
    style: CsvStyle,
    open_warnings: usize,
) -> io::Result<()> {
    use crate::model::Kind;
    let mut w = style.writer(out)?;
    write_header(&mut w, &SUMMARY_HEADER)?;
    for y in years {
        let income = |kind: Kind| {
            y.by_kind
                .iter()
                .find(|k| k.kind == kind)
                .map_or_else(String::new, |k| style.money(k.income))
        };
        let r = &y.rules;
        let row = [
            y.year.to_string(),
            y.totals.disposals.to_string(),
            style.money(y.totals.proceeds),
            style.money(y.totals.cost),
            style.money(y.totals.gains),
            style.money(y.totals.losses),
            style.money(y.totals.net()),
            income(Kind::Crypto),
            income(Kind::Security),
            income(Kind::Other),
            style.money(y.property_income),
            style.money(y.other_income),
            format!("{:.0}", y.tax),
            r.form.code.clone(),
            r.form.due.to_string(),
            r.form.pay_by.to_string(),
            r.fx_rule.value.to_string(),
            r.fees.value.to_string(),
            format!(
                "crypto {}, security {}, other {}",
                r.netting.crypto, r.netting.security, r.netting.other
            ),
            y.assumptions.join(" | "),
            style.money(y.exempt_income()),
            r.fx_gain.value.to_string(),
            r.sale_fees.value.to_string(),
            r.crypto_fees.value.to_string(),
            y.basic_deduction_months.to_string(),
            style.money(y.basic_deduction),
            style.money(y.property_income - y.basic_deduction),
            open_warnings.to_string(),
        ];
        write_safe(&mut w, &row)?;
    }
    w.flush()
}

#[cfg(test)]
mod summary_tests {
    use super::*;
    use crate::import::FileRole;
    use crate::settings::Settings;

    #[test]
    fn one_row_per_year_with_its_figures_and_rules() {
        let mut inputs = Inputs::default();
        inputs
            .add_reader(
                "date,side,asset,quantity,total,currency\n\
                 2025-03-03T10:00:00Z,buy,BTC,1,1000,KZT\n\
                 2025-06-02T10:00:00Z,sell,BTC,1,1500,KZT\n"
                    .as_bytes(),
                "t.csv",
                FileRole::Auto,
            )
            .unwrap();
        let c = crate::engine::compute(&inputs, &Settings::default()).unwrap();
        let mut out = Vec::new();
        write_summary(&mut out, c.years.iter(), CsvStyle::Plain, c.warnings.len()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut lines = text.lines();
        assert_eq!(
            lines.next().unwrap(),
            format!("{},generator", SUMMARY_HEADER.join(","))
        );
        let row = lines.next().unwrap();
        assert!(
            row.starts_with("2025,1,1500.00,1000.00,500.00,0.00,500.00,500.00,,,500.00,0.00,50,270.00,"),
            "{row}"
        );
        // 2025 nets only securities of foreign issuers (law of 15 Jul 2025), others per sale.
        assert!(
            row.contains(
                "annual_average,include,\"crypto per_sale, security net_foreign_issuers, other per_sale\""
            ),
            "{row}"
        );
        assert!(row.contains("Matching method: FIFO"));
        assert_eq!(lines.next(), None);
    }
}

/// Header of the trades CSV: the generic trade format (docs/formats.md §1), so Salyq reads it
/// back as it was.
pub const TRADES_HEADER: [&str; 12] = [
    "date",
    "side",
    "asset",
    "quantity",
    "total",
    "currency",
    "fee",
    "fee_currency",
    "exchange",
    "id",
    "kind",
    "note",
];

/// Writes trades in the generic format: time with its offset (RFC 3339), quantities and
/// amounts at full precision. Text cells a spreadsheet would run get a leading `'`.
pub fn write_trades<'a>(
    out: impl Write,
    trades: impl Iterator<Item = &'a crate::model::Trade>,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    write_header(&mut w, &TRADES_HEADER)?;
    for t in trades {
        let fee = if t.fee.is_zero() {
            String::new()
        } else {
            t.fee.normalize().to_string()
        };
        let fee_currency = if t.fee.is_zero() {
            String::new()
        } else {
            t.fee_currency.to_string()
        };
        let row = [
            t.time.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            t.side.as_str().to_string(),
            t.asset.to_string(),
            t.quantity.normalize().to_string(),
            t.total.normalize().to_string(),
            t.currency.to_string(),
            fee,
            fee_currency,
            t.exchange.as_deref().unwrap_or("").to_string(),
            t.id.as_deref().unwrap_or("").to_string(),
            t.kind.as_str().to_string(),
            t.note.as_deref().unwrap_or("").to_string(),
        ];
        write_safe(&mut w, &row)?;
    }
    w.flush()
}
