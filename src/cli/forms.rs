//! `salyq forms`: the declaration draft of one tax year, printed as text or written as JSON,
//! CSV (figures, figure detail, 270.04 rows), experimental 270.00 XML and a printable HTML report.

use clap::Args;
use rust_decimal::Decimal;
use salyq_core::engine::Computation;
use salyq_core::export::{self, CsvStyle};
use salyq_core::forms::{self, FormCode};
use salyq_core::import::Inputs;
use salyq_core::settings::Settings;
use salyq_core::taxpayer::{Iin, NameParts, Taxpayer};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Options of `salyq forms`.
#[derive(Args)]
pub struct FormsArgs {
    /// The form to draft (240.00 or 270.00); default: the one the year's rules name.
    #[arg(long, value_parser = parse_form)]
    form: Option<FormCode>,
    /// Print one JSON document instead of text (decimal numbers as strings).
    #[arg(long)]
    json: bool,
    /// Write the figures to this CSV file.
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
    /// Write every disposal behind each figure to this CSV file.
    #[arg(long, value_name = "FILE")]
    detail: Option<PathBuf>,
    /// Write the rows of appendix 270.04 section B to this CSV file.
    #[arg(long, value_name = "FILE")]
    foreign_assets: Option<PathBuf>,
    /// Write an EXPERIMENTAL 270.00 XML draft in the layout public generators use for import
    /// into the taxpayer cabinet (not an official schema: check every field there).
    #[arg(long, value_name = "FILE")]
    xml: Option<PathBuf>,
    /// Which declaration the XML's title page marks: regular (main, regular: the default),
    /// additional, or notice (additional, on a notice of the tax office).
    #[arg(long, value_enum, default_value = "regular", value_name = "KIND")]
    declaration_kind: DeclarationKindArg,
    /// The day of submission written on the XML's title page (YYYY-MM-DD; default: empty).
    #[arg(long, value_name = "YYYY-MM-DD")]
    submit_date: Option<chrono::NaiveDate>,
    /// The taxpayer's e-mail, for the XML's title page.
    #[arg(long, value_name = "EMAIL")]
    email: Option<String>,
    /// The taxpayer's phone number, for the XML's title page.
    #[arg(long, value_name = "PHONE")]
    phone: Option<String>,
    /// Write the printable one-page report (HTML) to this file.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    /// Write CSV files for Excel in a Russian locale: `;`, decimal comma, byte-order mark.
    #[arg(long)]
    excel_ru: bool,
    /// The taxpayer's full name, as on the declaration.
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// The taxpayer's surname (`fio1`), when the name is not "Surname Name Patronymic".
    #[arg(long, value_name = "SURNAME")]
    surname: Option<String>,
    /// The taxpayer's given name (`fio2`).
    #[arg(long, value_name = "NAME")]
    first_name: Option<String>,
    /// The taxpayer's patronymic (`fio3`; empty for none).
    #[arg(long, value_name = "PATRONYMIC")]
    patronymic: Option<String>,
    /// The taxpayer's IIN (12 digits, checked by its control digit).
    #[arg(long, value_name = "IIN", value_parser = parse_iin)]
    iin: Option<Iin>,
    /// Split the figures half and half with the spouse of this IIN (joint property, as
    /// practitioners do): the draft shows the taxpayer's half, the spouse's beside it.
    #[arg(long, value_name = "IIN", value_parser = parse_iin)]
    split_with: Option<Iin>,
    /// Tax paid abroad on this year's foreign income, in tenge (foreign tax credit, capped).
    #[arg(long, value_name = "KZT", value_parser = super::parse_amount)]
    foreign_tax_paid: Option<Decimal>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DeclarationKindArg {
    Regular,
    Additional,
    Notice,
}

fn parse_form(s: &str) -> Result<FormCode, String> {
    FormCode::parse(s).ok_or_else(|| format!("\"{s}\" is not a form Salyq drafts: expected 240.00 or 270.00"))
}

pub(super) fn parse_iin(s: &str) -> Result<Iin, String> {
    Iin::parse(s).map_err(|e| format!("\"{s}\": {e}"))
}

impl FormsArgs {
    /// The files this command writes, each with its option.
    pub fn outputs(&self) -> Vec<(&Path, &'static str)> {
        [
            (&self.csv, "--csv"),
            (&self.detail, "--detail"),
            (&self.foreign_assets, "--foreign-assets"),
            (&self.xml, "--xml"),
            (&self.html, "--html"),
        ]
        .into_iter()
        .filter_map(|(p, what)| p.as_deref().map(|p| (p, what)))
        .collect()
    }

    /// Usage problems found before any file is read.
    pub fn check(&self) -> Result<(), String> {
        if self.xml.is_some() && self.form == Some(FormCode::F240) {
            return Err("the XML draft exists for form 270.00 only: drop --xml or --form 240.00".into());
        }
        if let (Some(mine), Some(theirs)) = (&self.iin, &self.split_with)
            && mine == theirs
        {
            return Err(format!(
                "--split-with {theirs} is the taxpayer's own IIN: give the spouse's IIN"
            ));
        }
        Ok(())
    }
}

/// Drafts the form of `year` and prints or writes it.
pub fn run(
    args: &FormsArgs,
    year: i32,
    inputs: &Inputs,
    settings: &Settings,
    c: &Computation,
) -> Result<(), String> {
    run_for(args, year, inputs, settings, c, &Taxpayer::default(), &[])
}

/// As [`run`], for `taxpayer` (a case's): `--name` and `--iin` replace its name and IIN; a
/// warning settled by one of `reviews` (the case's) is not counted as open.
pub fn run_for(
    args: &FormsArgs,
    year: i32,
    inputs: &Inputs,
    settings: &Settings,
    c: &Computation,
    taxpayer: &Taxpayer,
    reviews: &[salyq_core::case::Review],
) -> Result<(), String> {
    let mut settings = settings.clone();
    if let Some(paid) = args.foreign_tax_paid {
        settings.foreign_tax_paid.insert(year, paid);
    }
    let mut taxpayer = Taxpayer {
        name: args.name.clone().unwrap_or_else(|| taxpayer.name.clone()),
        iin: args.iin.clone().or_else(|| taxpayer.iin.clone()),
    };
    let parts = NameParts::given_or_split(
        &taxpayer.name,
        args.surname.as_deref(),
        args.first_name.as_deref(),
        args.patronymic.as_deref(),
    );
    if taxpayer.name.trim().is_empty() {
        taxpayer.name = parts.full();
    }
    // A case's settings may record the split (the window sets it); `--split-with` wins.
    let split_with = args.split_with.clone().or_else(|| settings.spouse_split.clone());
    if let (Some(mine), Some(theirs)) = (&taxpayer.iin, &split_with)
        && mine == theirs
    {
        return Err(format!(
            "--split-with {theirs} is the taxpayer's own IIN: give the spouse's IIN"
        ));
    }
    let mut draft = forms::draft(args.form, year, inputs, c, &settings, &taxpayer);
    draft.open_warnings = salyq_core::case::open_count(&c.warnings, reviews);
    draft.name_parts = parts;
    if let Some(spouse) = &split_with {
        forms::split::apply(&mut draft, spouse.clone());
    }
    let xml_options = forms::xml::XmlOptions {
        kind: match args.declaration_kind {
            DeclarationKindArg::Regular => forms::xml::DeclarationKind::Regular,
            DeclarationKindArg::Additional => forms::xml::DeclarationKind::Additional,
            DeclarationKindArg::Notice => forms::xml::DeclarationKind::Notice,
        },
        submit_date: args.submit_date,
        email: args.email.clone().unwrap_or_default(),
        phone: args.phone.clone().unwrap_or_default(),
    };
    if args.xml.is_some() && draft.form != FormCode::F270 {
        return Err(format!(
            "the XML draft exists for form 270.00 only, and tax year {year} files {}: add --form 270.00 or drop --xml",
            draft.form
        ));
    }
    let style = if args.excel_ru {
        CsvStyle::ExcelRu
    } else {
        CsvStyle::Plain
    };
    let write = |path: &Path, what: &str, f: &dyn Fn(&mut dyn Write) -> std::io::Result<()>| {
        export::write_atomic(path, |w| f(w)).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        eprintln!("wrote {what} to {}", path.display());
        Ok::<(), String>(())
    };
    if let Some(p) = &args.csv {
        write(p, "the figures", &|w| {
            forms::csv::write_figures(w, &draft, c, inputs, style)
        })?;
    }
    if let Some(p) = &args.detail {
        write(p, "the disposals behind each figure", &|w| {
            forms::csv::write_detail(w, &draft, c, inputs, style)
        })?;
    }
    if let Some(p) = &args.foreign_assets {
        write(p, "the 270.04 rows", &|w| {
            forms::csv::write_foreign_assets(w, &draft, inputs, style)
        })?;
    }
    if let Some(p) = &args.xml {
        write(p, "the experimental 270.00 XML", &|w| {
            forms::xml::write_with(w, &draft, &xml_options)
        })?;
    }
    if let Some(p) = &args.html {
        let today = chrono::Local::now().date_naive();
        write(p, "the printable report", &|w| {
            forms::html::write(w, &draft, today)
        })?;
    }
    let mut out = std::io::BufWriter::new(super::report_out());
    let result = if args.json {
        forms::json::write(&mut out, &draft, c, inputs)
    } else {
        out.write_all(forms::text::render(&draft).as_bytes())
    };
    result
        .and_then(|_| out.flush())
        .map_err(|e| format!("cannot write the draft: {e}"))
}
