//! An experimental XML draft of form 270.00 in the layout that public generators for import
//! into the taxpayer's cabinet agree on [S] (`docs/formats.md`, "Cabinet XML"): the root
//! `<fno code="270.00" formatVersion="1" version="2">`, one `<form name="form_270_NN">` per
//! part, each with `<sheetGroup>` → `<sheet name="page_270_NN_01">` → `<field name="…">value
//! </field>`:
//!
//! - `form_270_00` (the title page): `iin`, `fio1`/`fio2`/`fio3` (surname, name, patronymic),
//!   `head_name`, `period_year`, `dt_main`/`dt_regular`/`dt_additional`/`dt_notice`,
//!   `pril_1` … `pril_7` (true for each appendix written), `accept_date`, `submit_date`
//!   (dd.mm.yyyy or empty), `email`, `payer_phone_number`, `iin_spouse`;
//! - `form_270_01`: `iin`, `page_number`, `period_year` and `field_270_01_<line>` for every line
//!   of the draft that has a code (whole tenge);
//! - `form_270_02`: `iin`, `page_number`, `period_year`, `field_270_02_kbk_01` (the budget
//!   classification code of individual income tax, 101201);
//! - `form_270_04`, when it has rows: section B rows `field_270_04_B_<col>_<n>` (n = 1…6) and
//!   section E rows `field_270_04_E_<col>_<n>` (n = 1…5); more rows go on further copies of the
//!   sheet (one `<sheetGroup>` each, `page_number` 1, 2, …).
//!
//! Not an official schema: the file says so in a comment, and every field must be checked in
//! the cabinet before sending. Text is escaped by the XML writer (quick-xml); characters XML
//! 1.0 cannot hold (control characters other than tab and line breaks) are dropped.

use super::foreign_assets::{AssetKind, ForeignAsset, Operation, YearEndHolding};
use super::{FormCode, FormDraft};
use crate::venues::Country;
use chrono::NaiveDate;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use rust_decimal::Decimal;
use std::io::{self, Write};

/// Why no XML can be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    /// The XML layout is known for 270.00 only.
    #[error("the XML draft exists for form 270.00 only (this draft is {0})")]
    NotForm270(FormCode),
}

/// Rows of section B on one sheet of 270.04.
pub const B_ROWS_PER_SHEET: usize = 6;
/// Rows of section E on one sheet of 270.04.
pub const E_ROWS_PER_SHEET: usize = 5;
/// The budget classification code of individual income tax (`field_270_02_kbk_01`).
pub const KBK_IIT: &str = "101201";

/// Which declaration this is (`dt_*` of the title page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeclarationKind {
    /// The main, regular declaration of the year: `dt_main` and `dt_regular`.
    #[default]
    Regular,
    /// An additional declaration correcting one already sent: `dt_additional`.
    Additional,
    /// An additional declaration on a notice of the tax office: `dt_additional`, `dt_notice`.
    Notice,
}

impl DeclarationKind {
    /// The values of `dt_main`, `dt_regular`, `dt_additional`, `dt_notice`.
    fn flags(self) -> [bool; 4] {
        match self {
            DeclarationKind::Regular => [true, true, false, false],
            DeclarationKind::Additional => [false, false, true, false],
            DeclarationKind::Notice => [false, false, true, true],
        }
    }
}

/// What the title page holds beyond the draft.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XmlOptions {
    /// Which declaration.
    pub kind: DeclarationKind,
    /// The day the declaration is submitted (`submit_date`; empty when `None`).
    pub submit_date: Option<NaiveDate>,
    /// The taxpayer's e-mail (`email`).
    pub email: String,
    /// The taxpayer's phone number (`payer_phone_number`).
    pub phone: String,
}

/// Writes the draft as 270.00 XML with the default title page (a main regular declaration,
/// no dates, e-mail or phone).
pub fn write(out: &mut dyn Write, draft: &FormDraft) -> io::Result<()> {
    write_with(out, draft, &XmlOptions::default())
}

/// Writes the draft as 270.00 XML (whole tenge, no separators).
pub fn write_with(out: &mut dyn Write, draft: &FormDraft, options: &XmlOptions) -> io::Result<()> {
    if draft.form != FormCode::F270 {
        return Err(io::Error::other(XmlError::NotForm270(draft.form)));
    }
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let comment = format!(
        " EXPERIMENTAL draft made by Salyq {} for tax year {}: the layout of public generators, not an official \
         schema. Check every field in the taxpayer cabinet before sending. ",
        env!("CARGO_PKG_VERSION"),
        draft.year
    );
    w.write_event(Event::Comment(BytesText::from_escaped(
        comment.replace("--", "-"),
    )))?;
    let year = draft.year.to_string();
    let iin = draft
        .taxpayer
        .iin
        .as_ref()
        .map_or(String::new(), |i| i.as_str().to_string());
    let copies = sheets_270_04(draft);
    w.create_element("fno")
        .with_attributes([("code", "270.00"), ("formatVersion", "1"), ("version", "2")])
        .write_inner_content(|w| {
            // The title page.
            let parts = &draft.name_parts;
            let head = if parts.is_empty() {
                draft.taxpayer.name.trim().to_string()
            } else {
                parts.full()
            };
            let [main, regular, additional, notice] = options.kind.flags();
            let appendices = [true, true, false, copies > 0, false, false, false];
            let mut title: Vec<(String, String)> = vec![
                ("iin".into(), iin.clone()),
                ("fio1".into(), parts.surname.clone()),
                ("fio2".into(), parts.first_name.clone()),
                ("fio3".into(), parts.patronymic.clone()),
                ("head_name".into(), head),
                ("period_year".into(), year.clone()),
                ("dt_main".into(), flag(main)),
                ("dt_regular".into(), flag(regular)),
                ("dt_additional".into(), flag(additional)),
                ("dt_notice".into(), flag(notice)),
            ];
            for (i, filled) in appendices.iter().enumerate() {
                title.push((format!("pril_{}", i + 1), flag(*filled)));
            }
            title.extend([
                ("accept_date".into(), String::new()),
                (
                    "submit_date".into(),
                    options.submit_date.map_or(String::new(), dmy),
                ),
                ("email".into(), options.email.trim().to_string()),
                ("payer_phone_number".into(), options.phone.trim().to_string()),
                (
                    "iin_spouse".into(),
                    draft
                        .split
                        .as_ref()
                        .map_or(String::new(), |s| s.spouse_iin.as_str().to_string()),
                ),
            ]);
            form(w, "form_270_00", &[sheet("page_270_00_01", title)])?;
            // 270.01: the figures.
            let mut figures = page_head(&iin, 1, &year);
            for f in &draft.figures {
                if let Some(code) = &f.code {
                    figures.push((format!("field_270_01_{code}"), whole(f.value)));
                }
            }
            form(w, "form_270_01", &[sheet("page_270_01_01", figures)])?;
            // 270.02: the budget code of the tax.
            let mut payable = page_head(&iin, 1, &year);
            payable.push(("field_270_02_kbk_01".into(), KBK_IIT.into()));
            form(w, "form_270_02", &[sheet("page_270_02_01", payable)])?;
            // 270.04: property outside Kazakhstan.
            if copies > 0 {
                let sheets: Vec<Sheet> = (0..copies)
                    .map(|copy| {
                        let mut fields = page_head(&iin, copy + 1, &year);
                        let b = draft
                            .foreign_assets
                            .iter()
                            .enumerate()
                            .skip(copy * B_ROWS_PER_SHEET)
                            .take(B_ROWS_PER_SHEET);
                        for (n, (i, row)) in b.enumerate() {
                            fields.extend(section_b(row, i + 1, n + 1));
                        }
                        let e = draft
                            .holdings
                            .iter()
                            .enumerate()
                            .skip(copy * E_ROWS_PER_SHEET)
                            .take(E_ROWS_PER_SHEET);
                        for (n, (i, row)) in e.enumerate() {
                            fields.extend(section_e(row, i + 1, n + 1));
                        }
                        sheet("page_270_04_01", fields)
                    })
                    .collect();
                form(w, "form_270_04", &sheets)?;
            }
            Ok(())
        })?;
    w.get_mut().write_all(b"\n")
}

/// How many copies of the 270.04 sheet the draft needs (0: none).
pub fn sheets_270_04(draft: &FormDraft) -> usize {
    draft
        .foreign_assets
        .len()
        .div_ceil(B_ROWS_PER_SHEET)
        .max(draft.holdings.len().div_ceil(E_ROWS_PER_SHEET))
}

struct Sheet {
    name: &'static str,
    fields: Vec<(String, String)>,
}

fn sheet(name: &'static str, fields: Vec<(String, String)>) -> Sheet {
    Sheet { name, fields }
}

fn page_head(iin: &str, page: usize, year: &str) -> Vec<(String, String)> {
    vec![
        ("iin".into(), iin.to_string()),
        ("page_number".into(), page.to_string()),
        ("period_year".into(), year.to_string()),
    ]
}

/// One `<form>`, each sheet in a `<sheetGroup>` of its own.
fn form<W: Write>(w: &mut Writer<W>, name: &str, sheets: &[Sheet]) -> io::Result<()> {
    w.create_element("form")
        .with_attribute(("name", name))
        .write_inner_content(|w| {
            for s in sheets {
                w.create_element("sheetGroup").write_inner_content(|w| {
                    w.create_element("sheet")
                        .with_attribute(("name", s.name))
                        .write_inner_content(|w| {
                            for (name, value) in &s.fields {
                                let el = w.create_element("field").with_attribute(("name", name.as_str()));
                                let value = xml_chars(value);
                                if value.is_empty() {
                                    el.write_empty()?;
                                } else {
                                    el.write_text_content(BytesText::new(&value))?;
                                }
                            }
                            Ok(())
                        })?;
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(())
}

/// Section B columns: A number, B operation, C kind, D quantity, E identifier, F date,
/// G country, H currency, I value in tenge.
fn section_b(r: &ForeignAsset, number: usize, n: usize) -> Vec<(String, String)> {
    let col = |c: char, v: String| (format!("field_270_04_B_{c}_{n}"), v);
    vec![
        col('A', number.to_string()),
        col('B', operation(r.operation).into()),
        col('C', kind(r.kind).into()),
        col('D', r.quantity.normalize().to_string()),
        col('E', r.identifier.clone()),
        col('F', dmy(r.date)),
        col(
            'G',
            r.issuer_country_set
                .clone()
                .unwrap_or_else(|| country_code(&r.identifier, r.country)),
        ),
        col('H', r.currency.to_string()),
        col('I', whole(r.value_kzt)),
    ]
}

/// Section E columns: A number, C kind, D quantity, E identifier, G country, I value in tenge
/// on 31 December (or the cost without a price).
fn section_e(h: &YearEndHolding, number: usize, n: usize) -> Vec<(String, String)> {
    let col = |c: char, v: String| (format!("field_270_04_E_{c}_{n}"), v);
    vec![
        col('A', number.to_string()),
        col('C', kind(h.kind).into()),
        col('D', h.quantity.normalize().to_string()),
        col('E', h.identifier.clone()),
        col(
            'G',
            h.issuer_country_set
                .clone()
                .unwrap_or_else(|| country_code(&h.identifier, h.country)),
        ),
        col('I', whole(h.value_kzt)),
    ]
}

/// The words of column C.
pub fn kind(k: AssetKind) -> &'static str {
    match k {
        AssetKind::DigitalAsset => "цифровые активы",
        AssetKind::ForeignSecurity => "ценные бумаги, эмитенты которых зарегистрированы за пределами РК",
    }
}

/// The words of column B.
pub fn operation(o: Operation) -> &'static str {
    match o {
        Operation::Acquired => "приобретение",
        Operation::Disposed => "отчуждение",
    }
}

/// The country of column G (unless the user set the issuer's country): the ISIN's country
/// code, else KZ for a venue in Kazakhstan, else
/// empty (to be filled in the cabinet: Salyq knows only that the venue is abroad).
fn country_code(identifier: &str, country: Country) -> String {
    if let Some(isin) = crate::compliance::issuer::find_isin(identifier) {
        return isin[..2].to_string();
    }
    match country {
        Country::Kazakhstan => "KZ".into(),
        Country::Abroad => String::new(),
    }
}

fn flag(on: bool) -> String {
    if on { "true" } else { "false" }.into()
}

/// dd.mm.yyyy.
fn dmy(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// Whole tenge, half-up, no separators.
fn whole(x: Decimal) -> String {
    format!("{:.0}", crate::money::round_tenge(x))
}

/// The text without the characters XML 1.0 cannot hold.
fn xml_chars(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            ((c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r')) && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
        })
        .collect()
}

/// Escapes text for XML and HTML content and attributes (the printable report uses it).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape("A&B <c> \"d\" 'e'\u{1}"),
            "A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos;"
        );
        assert_eq!(xml_chars("a\u{1}b\tc"), "ab\tc");
    }

    #[test]
    fn dates_and_country_codes() {
        assert_eq!(dmy(NaiveDate::from_ymd_opt(2025, 3, 5).unwrap()), "05.03.2025");
        assert_eq!(country_code("US0378331005", Country::Kazakhstan), "US");
        assert_eq!(country_code("BTC", Country::Kazakhstan), "KZ");
        assert_eq!(country_code("BTC", Country::Abroad), "");
    }
}
