//! The review pack of a case: one folder with everything a reviewer needs for one tax year —
//! the yearly summary, the year's disposals with their lots, the declaration draft (figures,
//! the disposals behind each figure, the 270.04 rows, the printable report), every decision
//! recorded in the case (overrides, warning reviews, notes) and a `README.txt` naming the files.
//! Each file is written atomically.

use super::{Case, ReviewStatus, review};
use crate::engine::Computation;
use crate::error::InputErrors;
use crate::export::{self, CsvStyle};
use crate::forms;
use crate::import::Inputs;
use crate::overrides::{Change, ExcludeWhy};
use crate::report::View;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The files of a review pack, in the order they are written, with what each holds.
pub const PACK_FILES: [(&str, &str); 8] = [
    (
        "summary.csv",
        "the tax year's figures, rules and assumptions (one row)",
    ),
    (
        "disposals.csv",
        "every disposal of the tax year with the lots it consumed",
    ),
    (
        "form_figures.csv",
        "the declaration draft: each line's value, formula and what it sums",
    ),
    ("form_detail.csv", "every disposal behind each line of the draft"),
    ("270_04.csv", "the rows of appendix 270.04 section B"),
    (
        "report.html",
        "the printable one-page report of the draft (open in a browser, print to A4)",
    ),
    (
        "decisions.csv",
        "every decision in the case: overrides, warning reviews (and the year's warnings not yet reviewed), notes",
    ),
    (
        "README.txt",
        "this list, the case's taxpayer and its sources with their SHA-256",
    ),
];

/// Header of `decisions.csv`.
pub const DECISIONS_HEADER: [&str; 8] = [
    "record", "id", "change", "subject", "details", "reason", "by", "at",
];

/// Why a review pack could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    /// The case's sources cannot be read or computed.
    #[error("the case's sources cannot be used:\n{0}")]
    Input(InputErrors),
    /// A file or the folder could not be written.
    #[error("cannot write {path}: {error}")]
    Io {
        /// The file or folder.
        path: String,
        /// What the system said.
        error: io::Error,
    },
}

/// Writes the review pack of tax `year` into `dir` (made if missing; files of the same names
/// are replaced, each atomically). Returns the files written, in [`PACK_FILES`] order.
pub fn write_pack(case: &Case, year: i32, dir: &Path, style: CsvStyle) -> Result<Vec<PathBuf>, PackError> {
    let (inputs, c) = case.compute().map_err(PackError::Input)?;
    write_pack_computed(case, &inputs, &c, year, dir, style)
}

/// As [`write_pack`], from a computation already made with [`Case::compute`] (the inputs are
/// the effective ones it returned).
pub fn write_pack_computed(
    case: &Case,
    inputs: &Inputs,
    c: &Computation,
    year: i32,
    dir: &Path,
    style: CsvStyle,
) -> Result<Vec<PathBuf>, PackError> {
    std::fs::create_dir_all(dir).map_err(|error| PackError::Io {
        path: dir.display().to_string(),
        error,
    })?;
    let view = View {
        computation: c,
        year: Some(year),
    };
    let mut draft = forms::draft(None, year, inputs, c, &case.settings, &case.taxpayer);
    let open_warnings = case.open_warnings(&c.warnings);
    draft.open_warnings = open_warnings;
    let today = chrono::Local::now().date_naive();
    let mut written = Vec::with_capacity(PACK_FILES.len());
    let mut write = |name: &str, f: &dyn Fn(&mut dyn Write) -> io::Result<()>| {
        let path = dir.join(name);
        export::write_atomic(&path, |w| f(w)).map_err(|error| PackError::Io {
            path: path.display().to_string(),
            error,
        })?;
        written.push(path);
        Ok::<(), PackError>(())
    };
    write("summary.csv", &|w| {
        export::write_summary(w, view.years(), style, open_warnings)
    })?;
    write("disposals.csv", &|w| {
        export::write_disposals(w, view.disposals(), c, inputs, style)
    })?;
    write("form_figures.csv", &|w| {
        forms::csv::write_figures(w, &draft, c, inputs, style)
    })?;
    write("form_detail.csv", &|w| {
        forms::csv::write_detail(w, &draft, c, inputs, style)
    })?;
    write("270_04.csv", &|w| {
        forms::csv::write_foreign_assets(w, &draft, inputs, style)
    })?;
    write("report.html", &|w| forms::html::write(w, &draft, today))?;
    write("decisions.csv", &|w| write_decisions(w, case, c, year, style))?;
    let readme = readme(case, year, &draft);
    write("README.txt", &|w| w.write_all(readme.as_bytes()))?;
    Ok(written)
}

/// Writes `decisions.csv`: one row per override (`record` = `override`), per warning review
/// (`review`), per warning of `year` never reviewed (`warning`, status `open`), per note on a
/// trade (`trade_note`) and the note on the case (`case_note`). Every text cell is made
/// formula-safe.
pub fn write_decisions(
    out: impl Write,
    case: &Case,
    c: &Computation,
    year: i32,
    style: CsvStyle,
) -> io::Result<()> {
    let mut w = style.writer(out)?;
    export::write_header(&mut w, &DECISIONS_HEADER)?;
    for o in &case.settings.overrides {
        let (change, subject, details) = describe(&o.change, style);
        export::write_safe(
            &mut w,
            &[
                "override".into(),
                o.id.to_string(),
                change.into(),
                subject,
                details,
                o.reason.clone(),
                o.by.clone(),
                o.at.to_rfc3339(),
            ],
        )?;
    }
    for r in &case.reviews {
        export::write_safe(
            &mut w,
            &[
                "review".into(),
                String::new(),
                status_str(r.status).into(),
                r.warning.source.clone().unwrap_or_default(),
                format!("{}: {}", r.warning.kind, r.warning.message),
                r.reason.clone(),
                r.by.clone(),
                r.at.to_rfc3339(),
            ],
        )?;
    }
    for warning in c.warnings.iter().filter(|w| in_year(w, c, year)) {
        if review::status_of(&case.reviews, warning) != ReviewStatus::Open {
            continue;
        }
        let key = super::WarningKey::of(warning);
        export::write_safe(
            &mut w,
            &[
                "warning".into(),
                String::new(),
                status_str(ReviewStatus::Open).into(),
                key.source.unwrap_or_default(),
                format!("{}: {}", key.kind, key.message),
                String::new(),
                String::new(),
                String::new(),
            ],
        )?;
    }
    for n in &case.notes.trades {
        export::write_safe(
            &mut w,
            &[
                "trade_note".into(),
                String::new(),
                String::new(),
                n.trade.to_string(),
                n.text.clone(),
                String::new(),
                n.by.clone(),
                n.at.to_rfc3339(),
            ],
        )?;
    }
    if !case.notes.case.is_empty() {
        export::write_safe(
            &mut w,
            &[
                "case_note".into(),
                String::new(),
                String::new(),
                String::new(),
                case.notes.case.clone(),
                String::new(),
                String::new(),
                String::new(),
            ],
        )?;
    }
    w.flush()
}

/// True when a warning concerns `year`: its trade's tax date falls in it, or it names no trade
/// (a warning on the whole history is listed in every year's pack).
fn in_year(w: &crate::warning::Warning, c: &Computation, year: i32) -> bool {
    use chrono::Datelike;
    match w.trade.and_then(|i| c.values.get(i)) {
        Some(v) => v.tax_date.year() == year,
        None => true,
    }
}

/// The lower-case name of a review status.
pub fn status_str(s: ReviewStatus) -> &'static str {
    match s {
        ReviewStatus::Open => "open",
        ReviewStatus::Accepted => "accepted",
        ReviewStatus::Resolved => "resolved",
    }
}

/// The lower-case name of an exclusion reason.
pub fn exclude_why_str(w: ExcludeWhy) -> &'static str {
    match w {
        ExcludeWhy::Duplicate => "duplicate",
        ExcludeWhy::OwnTransfer => "own_transfer",
        ExcludeWhy::Other => "other",
    }
}

/// An override's change as (name, subject, details).
pub fn describe(change: &Change, style: CsvStyle) -> (&'static str, String, String) {
    match change {
        Change::Exempt { trade, exemption } => (
            "exempt",
            trade.to_string(),
            format!("exemption: {}", exemption.map_or("none", |r| r.as_str())),
        ),
        Change::Exclude { trade, why } => (
            "exclude",
            trade.to_string(),
            format!("why: {}", exclude_why_str(*why)),
        ),
        Change::AddPurchase {
            asset,
            kind,
            date,
            quantity,
            cost_kzt,
            venue,
            for_trade,
        } => {
            let mut d = format!(
                "bought {} {} on {date} for {} KZT ({})",
                style.num(quantity.normalize().to_string()),
                asset.trim().to_uppercase(),
                style.money(*cost_kzt),
                kind.as_str()
            );
            if let Some(v) = venue {
                let _ = write!(d, ", venue {v}");
            }
            if let Some(t) = for_trade {
                let _ = write!(d, ", for the sale {t}");
            }
            ("add_purchase", asset.trim().to_uppercase(), d)
        }
        Change::PairTransfer { withdrawal, deposit } => (
            "pair_transfer",
            withdrawal.to_string(),
            format!("deposit: {deposit}"),
        ),
        Change::UnpairTransfer { withdrawal, deposit } => (
            "unpair_transfer",
            withdrawal.to_string(),
            format!("deposit: {deposit}"),
        ),
        Change::VenueCountry { venue, country } => (
            "venue_country",
            venue.clone(),
            format!("country: {}", country.as_str()),
        ),
        Change::IssuerCountry { security, country } => (
            "issuer_country",
            security.trim().to_string(),
            format!("issuer's country: {country}"),
        ),
    }
}

fn readme(case: &Case, year: i32, draft: &forms::FormDraft) -> String {
    let mut s = format!(
        "Salyq review pack: tax year {year}, form {}\nMade by Salyq {} on {}.\n\n",
        draft.form,
        env!("CARGO_PKG_VERSION"),
        chrono::Local::now().format("%Y-%m-%d %H:%M")
    );
    let name = if case.taxpayer.name.is_empty() {
        "—"
    } else {
        &case.taxpayer.name
    };
    let _ = writeln!(
        s,
        "Taxpayer: {name}  IIN: {}",
        case.taxpayer.iin.as_ref().map_or("—", |i| i.as_str())
    );
    let _ = writeln!(
        s,
        "Overrides: {}  Warning reviews: {}  Notes on trades: {}\n",
        case.settings.overrides.len(),
        case.reviews.len(),
        case.notes.trades.len()
    );
    s.push_str("Files:\n");
    for (file, what) in PACK_FILES {
        let _ = writeln!(s, "  {file:<18} {what}");
    }
    s.push_str("\nSources embedded in the case (name, format, SHA-256):\n");
    for src in &case.sources {
        let _ = writeln!(s, "  {}  ({})  {}", src.name, src.format, src.sha256);
    }
    s.push_str(
        "\nThe figures are a draft computed from the sources above with the case's settings and \
         decisions; check them before filing.\n",
    );
    s
}
