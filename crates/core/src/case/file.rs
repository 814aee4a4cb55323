//! The `.salyq` file: versioned JSON, written atomically, read back with every check a damaged
//! or foreign file needs. Layout and versions: `docs/case-format.md`.

use super::{Case, CaseNotes, EmbeddedSource, Residency, Review, SourceRole, sha256_hex};
use crate::exemptions::{ExemptReason, TradeKey};
use crate::import::mapping::Mapping;
use crate::overrides::Override;
use crate::rules::RuleBook;
use crate::settings::{Method, Settings};
use crate::tax_haven::TaxHavens;
use crate::taxpayer::Taxpayer;
use crate::venues::{Country, LicenceStatus};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// The case-file format version this Salyq writes; it reads every version up to this one.
/// Version 2 added the `checksum` of the whole file; version 1 (no checksum) still opens.
pub const FORMAT_VERSION: u32 = 2;

/// The `format` field of every case file.
const FORMAT_NAME: &str = "salyq-case";

/// How much of a file is looked at before the rest is read: a case names its format and
/// version in its first bytes, so anything else is refused having read this much at most.
pub const HEAD_LEN: usize = 4096;

/// What the checksum's value starts with; 64 lower-case hex digits follow.
const CHECKSUM_PREFIX: &str = "sha256:";

/// Why a case file cannot be opened or saved.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// The file could not be read or written.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: String,
        /// What the system said.
        error: std::io::Error,
    },
    /// Not a Salyq case file.
    #[error(
        "{path}: not a Salyq case file: {what}. A case file is a .salyq file saved by Salyq (it starts with \
         {{\"format\":\"salyq-case\"); to add trade files to a case use `salyq case import CASE FILE`, \
         or compute them directly with `salyq report FILE`. The file was not changed."
    )]
    NotACase {
        /// The file.
        path: String,
        /// What it looks like instead.
        what: String,
    },
    /// Not a file at all: a folder, a pipe, a device.
    #[error("{path}: {what}, not a file: give the path of a .salyq case file")]
    NotAFile {
        /// The path.
        path: String,
        /// What it is.
        what: &'static str,
    },
    /// Made by a newer Salyq.
    #[error(
        "{path}: this case was saved by a newer Salyq (case format {found}); this Salyq reads formats up to \
         {FORMAT_VERSION}: install the newer Salyq to open it. The file was not changed."
    )]
    Newer {
        /// The file.
        path: String,
        /// Its format version.
        found: u32,
    },
    /// Truncated or corrupted.
    #[error("{path}: the case file is damaged or incomplete ({detail}); it was not changed")]
    Damaged {
        /// The file.
        path: String,
        /// Where and what.
        detail: String,
    },
    /// Another Salyq held the case for longer than this one waits.
    #[error(
        "{path}: another Salyq is changing it and has not finished within {waited} s: try again once it \
         has finished (a window with this case open saves only when asked); the case was not changed"
    )]
    Busy {
        /// The file.
        path: String,
        /// Seconds waited, in words (`30`, `0.2`).
        waited: String,
    },
    /// The file changed on disk since it was opened here: saving would drop that change.
    #[error(
        "{path}: the case file was changed by another program (another Salyq?) since it was opened here; \
         saving now would drop that change, so it was not saved: save under another name (Save as), then \
         open the file again to see its change"
    )]
    ChangedOnDisk {
        /// The file.
        path: String,
    },
}

#[derive(Serialize, Deserialize)]
struct SettingsDoc {
    method: Method,
    tz: String,
    stablecoins_at_par: bool,
    #[serde(default)]
    other_income: BTreeMap<i32, Decimal>,
    #[serde(default)]
    foreign_tax_paid: BTreeMap<i32, Decimal>,
    rules: RuleBook,
    #[serde(default)]
    venue_countries: BTreeMap<String, Country>,
    #[serde(default)]
    venue_statuses: BTreeMap<String, LicenceStatus>,
    #[serde(default)]
    exempt_venues: BTreeMap<String, Option<ExemptReason>>,
    #[serde(default)]
    exempt_trades: Vec<(TradeKey, Option<ExemptReason>)>,
    #[serde(default)]
    overrides: Vec<Override>,
    #[serde(default)]
    ledger: Option<crate::ledger::LedgerSettings>,
    #[serde(default, skip_serializing_if = "TaxHavens::is_empty")]
    tax_havens: TaxHavens,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    universal_declaration: bool,
    #[serde(default, skip_serializing_if = "is_close")]
    price_basis: crate::prices::PriceBasis,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    basic_deduction_months: BTreeMap<i32, u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    spouse_split: Option<crate::taxpayer::Iin>,
}

fn is_close(b: &crate::prices::PriceBasis) -> bool {
    *b == crate::prices::PriceBasis::Close
}

impl SettingsDoc {
    fn of(s: &Settings) -> SettingsDoc {
        SettingsDoc {
            method: s.method,
            tz: s.tz.to_string(),
            stablecoins_at_par: s.stablecoins_at_par,
            other_income: s.other_income.clone(),
            foreign_tax_paid: s.foreign_tax_paid.clone(),
            rules: s.rules.clone(),
            venue_countries: s.venues.set_by_user.clone(),
            venue_statuses: s.venues.status_set_by_user.clone(),
            exempt_venues: s.exemptions.venues.clone(),
            exempt_trades: s.exemptions.trades.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            overrides: s.overrides.clone(),
            ledger: (s.ledger != crate::ledger::LedgerSettings::default()).then(|| s.ledger.clone()),
            tax_havens: s.tax_havens.clone(),
            universal_declaration: s.universal_declaration,
            price_basis: s.price_basis,
            basic_deduction_months: s.basic_deduction_months.clone(),
            spouse_split: s.spouse_split.clone(),
        }
    }

    /// The settings, checked; rule texts in Russian and Kazakh are Salyq's words, not the
    /// user's, so they are not saved: a rule whose English text is the bundled one gets them back.
    fn settings(mut self) -> Result<Settings, String> {
        self.rules.restore_translations();
        let mut s = Settings {
            method: self.method,
            tz: crate::parse::offset(&self.tz)
                .ok_or_else(|| format!("\"{}\" is not a UTC offset", self.tz))?,
            stablecoins_at_par: self.stablecoins_at_par,
            other_income: self.other_income,
            foreign_tax_paid: self.foreign_tax_paid,
            rules: self.rules,
            overrides: self.overrides,
            ledger: self.ledger.unwrap_or_default(),
            price_basis: self.price_basis,
            basic_deduction_months: self.basic_deduction_months,
            spouse_split: self.spouse_split,
            ..Settings::default()
        };
        // Names compared as the setters store them, whatever a hand-edited file wrote.
        for venue in &self.tax_havens.venues {
            s.tax_havens.set_venue(venue, true);
        }
        for asset in &self.tax_havens.assets {
            s.tax_havens.set_asset(asset, true);
        }
        for (venue, country) in self.venue_countries {
            s.venues.set(&venue, country);
        }
        for (venue, status) in self.venue_statuses {
            s.venues.set_status(&venue, status);
        }
        s.exemptions.venues = self.exempt_venues;
        s.exemptions.trades = self.exempt_trades.into_iter().collect();
        if self.universal_declaration {
            crate::compliance::universal::set(&mut s, true);
        }
        check(&s)?;
        Ok(s)
    }
}

/// What the computation relies on and a hand-edited file could break: amounts within the
/// bounds every input has (0 to 10^15), entered quantities above zero, a rule book with years,
/// each with a tax scale.
fn check(s: &Settings) -> Result<(), String> {
    use crate::overrides::Change;
    let max = Decimal::from(crate::parse::MAX_AMOUNT);
    let amount = |x: Decimal| !x.is_sign_negative() && x <= max;
    for (what, map) in [
        ("other_income", &s.other_income),
        ("foreign_tax_paid", &s.foreign_tax_paid),
    ] {
        if let Some((year, x)) = map.iter().find(|(_, x)| !amount(**x)) {
            return Err(format!("{what} of {year} is {x}, outside 0 to 10^15"));
        }
    }
    if let Some((year, m)) = s.basic_deduction_months.iter().find(|(_, m)| **m > 12) {
        return Err(format!(
            "basic_deduction_months of {year} is {m}, outside 0 to 12"
        ));
    }
    for o in &s.overrides {
        if let Change::IssuerCountry { security, country } = &o.change
            && (security.trim().is_empty()
                || crate::overrides::parse_issuer_country(country).as_deref() != Some(country.as_str()))
        {
            return Err(format!(
                "override {}: an issuer country needs a security and two upper-case letters (ISO 3166)",
                o.id
            ));
        }
        if let Change::AddPurchase {
            quantity, cost_kzt, ..
        } = &o.change
            && (!amount(*quantity) || quantity.is_zero() || !amount(*cost_kzt))
        {
            return Err(format!(
                "override {}: an entered purchase needs a quantity above 0 and a cost from 0 to 10^15",
                o.id
            ));
        }
    }
    if s.rules.years().next().is_none() {
        return Err("the rule table has no year".into());
    }
    let bad = s.rules.years().find(|year| {
        let y = s.rules.for_year(*year).rules;
        let scale_ok = !y.rate_scale.is_empty()
            && y.rate_scale
                .iter()
                .all(|b| b.rate >= Decimal::ZERO && b.rate <= Decimal::ONE && amount(b.from_mci));
        !scale_ok || !amount(y.mci)
    });
    match bad {
        Some(year) => Err(format!("the rules of {year} have no valid tax scale or MCI")),
        None => Ok(()),
    }
}

#[derive(Serialize)]
struct SourceOut<'a> {
    name: &'a str,
    sha256: &'a str,
    imported_at: DateTime<Utc>,
    format: &'a str,
    role: SourceRole,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    base64: Option<String>,
    /// The zone given for a file that does not say its own, `±HH:MM`.
    #[serde(skip_serializing_if = "Option::is_none")]
    tz_of: Option<String>,
}

#[derive(Deserialize)]
struct SourceIn {
    name: String,
    sha256: String,
    imported_at: DateTime<Utc>,
    format: String,
    role: SourceRole,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    base64: Option<String>,
    #[serde(default)]
    tz_of: Option<String>,
}

#[derive(Serialize)]
struct DocOut<'a> {
    format: &'static str,
    version: u32,
    /// Written as zeros, then replaced by the SHA-256 of the file so written.
    checksum: String,
    saved_by: String,
    saved_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
    taxpayer: &'a Taxpayer,
    residency: Residency,
    tax_year: Option<i32>,
    settings: SettingsDoc,
    notes: &'a CaseNotes,
    reviews: &'a [Review],
    mappings: &'a [Mapping],
    sources: Vec<SourceOut<'a>>,
}

#[derive(Deserialize)]
struct DocIn {
    format: String,
    version: u32,
    saved_by: String,
    saved_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
    #[serde(default)]
    taxpayer: Taxpayer,
    #[serde(default)]
    residency: Residency,
    #[serde(default)]
    tax_year: Option<i32>,
    settings: SettingsDoc,
    #[serde(default)]
    notes: CaseNotes,
    #[serde(default)]
    reviews: Vec<Review>,
    #[serde(default)]
    mappings: Vec<Mapping>,
    #[serde(default)]
    sources: Vec<SourceIn>,
}

/// The case as file bytes, stamped as saved at `now` by this Salyq.
pub fn to_bytes(case: &Case, now: DateTime<Utc>) -> Vec<u8> {
    let sources = case
        .sources
        .iter()
        .map(|s| {
            let text = std::str::from_utf8(&s.content).ok();
            SourceOut {
                name: &s.name,
                sha256: &s.sha256,
                imported_at: s.imported_at,
                format: &s.format,
                role: s.role,
                text,
                base64: text
                    .is_none()
                    .then(|| base64::engine::general_purpose::STANDARD.encode(&s.content)),
                tz_of: s.tz.map(|z| z.to_string()),
            }
        })
        .collect();
    let doc = DocOut {
        format: FORMAT_NAME,
        version: FORMAT_VERSION,
        checksum: format!("{CHECKSUM_PREFIX}{}", "0".repeat(64)),
        saved_by: format!("Salyq {}", env!("CARGO_PKG_VERSION")),
        saved_at: now,
        created_at: case.created_at,
        taxpayer: &case.taxpayer,
        residency: case.residency,
        tax_year: case.tax_year,
        settings: SettingsDoc::of(&case.settings),
        notes: &case.notes,
        reviews: &case.reviews,
        mappings: &case.mappings,
        sources,
    };
    let mut out = Vec::with_capacity(
        case.sources
            .iter()
            .map(|s| s.content.len() + s.content.len() / 16)
            .sum::<usize>()
            + 4096,
    );
    serde_json::to_writer(&mut out, &doc).expect("a case always serialises (plain data)");
    out.push(b'\n');
    let at = checksum_at(&out).expect("the checksum is the third field");
    let digest = sha256_hex(&out);
    out[at..at + 64].copy_from_slice(digest.as_bytes());
    out
}

/// Where the 64 hex digits of the checksum are in a case file (within its head), if it has one.
fn checksum_at(bytes: &[u8]) -> Option<usize> {
    let head = &bytes[..bytes.len().min(HEAD_LEN)];
    let key = b"\"checksum\"";
    let mut at = head.windows(key.len()).position(|w| w == key)? + key.len();
    let skip_ws = |at: &mut usize| {
        while head.get(*at).is_some_and(u8::is_ascii_whitespace) {
            *at += 1;
        }
    };
    skip_ws(&mut at);
    (head.get(at) == Some(&b':')).then_some(())?;
    at += 1;
    skip_ws(&mut at);
    let value = head
        .get(at..)?
        .strip_prefix(b"\"")?
        .strip_prefix(CHECKSUM_PREFIX.as_bytes())?;
    let digits = value.get(..64)?;
    (digits.iter().all(|b| b.is_ascii_hexdigit()) && value.get(64) == Some(&b'"'))
        .then_some(at + 1 + CHECKSUM_PREFIX.len())
}

/// The checksum of a case file: SHA-256 of its bytes with the checksum's 64 digits read as
/// `0`s. `None` when the file names no checksum.
fn checksum_matches(bytes: &[u8]) -> Option<bool> {
    let at = checksum_at(bytes)?;
    let mut h = Sha256::new();
    h.update(&bytes[..at]);
    h.update([b'0'; 64]);
    h.update(&bytes[at + 64..]);
    let digest = h.finalize();
    let found = &bytes[at..at + 64];
    let hex = |n: u8| b"0123456789abcdef"[n as usize];
    Some(
        digest.iter().zip(found.chunks(2)).all(|(d, f)| {
            f[0].to_ascii_lowercase() == hex(d >> 4) && f[1].to_ascii_lowercase() == hex(d & 15)
        }),
    )
}

/// Checks the first bytes of a file (at most [`HEAD_LEN`]; `whole` when they are all of it):
/// that it can be a case file, of a version this Salyq reads. Nothing after them is needed to
/// refuse a file that is not a case.
fn check_head(head: &[u8], whole: bool, path: &str) -> Result<(), CaseError> {
    let not_a_case = |what: String| CaseError::NotACase {
        path: path.to_string(),
        what,
    };
    let damaged = |detail: String| CaseError::Damaged {
        path: path.to_string(),
        detail,
    };
    if head.is_empty() {
        return Err(damaged("the file is empty: 0 bytes".into()));
    }
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Err(not_a_case(if whole {
            "it holds only white space".into()
        } else {
            format!("its first {HEAD_LEN} bytes are only white space")
        }));
    }
    let start = format!("{{\"format\":\"{FORMAT_NAME}\"");
    if whole && start.starts_with(trimmed) {
        return Err(damaged("the file is cut short".into()));
    }
    if !trimmed.starts_with('{')
        || field_in(&text, "format").is_none_or(|v| !v.starts_with(&format!("\"{FORMAT_NAME}\"")))
    {
        return Err(not_a_case(describe(head)));
    }
    match version_in(&text) {
        Some(0) => Err(damaged(version_zero())),
        Some(found) if found > FORMAT_VERSION => Err(CaseError::Newer {
            path: path.to_string(),
            found,
        }),
        _ => Ok(()),
    }
}

fn version_zero() -> String {
    "its format version is 0, and every Salyq case file has version 1 or above: it was not written by \
     Salyq, or was changed by hand"
        .into()
}

/// What a file that is not a case looks like, from its first bytes.
fn describe(head: &[u8]) -> String {
    let what = if head.starts_with(b"PK\x03\x04") {
        "it is a ZIP archive (an .xlsx or .ods workbook, say): a spreadsheet's trades are read from a \
         CSV file saved from it"
    } else if head.starts_with(b"%PDF") {
        "it is a PDF document"
    } else if head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) {
        "it is text in UTF-16"
    } else if head.starts_with(&[0x1f, 0x8b]) {
        "it is a gzip archive: unpack it first"
    } else if head.starts_with(b"\x89PNG") || head.starts_with(&[0xff, 0xd8, 0xff]) {
        "it is an image"
    } else {
        let text = String::from_utf8_lossy(head);
        let t = text.trim_start_matches('\u{feff}').trim_start();
        let printable = head
            .iter()
            .filter(|b| b.is_ascii_graphic() || b.is_ascii_whitespace() || **b >= 0x80)
            .count();
        if t.starts_with('{') || t.starts_with('[') {
            "it is JSON of another kind (no \"format\": \"salyq-case\" at its start)"
        } else if printable * 10 < head.len() * 9 || head.contains(&0) {
            "it is binary data"
        } else if t
            .lines()
            .next()
            .is_some_and(|l| l.contains(',') || l.contains(';') || l.contains('\t'))
        {
            "it looks like a CSV table"
        } else {
            "it is text of another kind"
        }
    };
    what.to_string()
}

/// Reads a case from file bytes; `path` names it in messages.
pub fn from_bytes(bytes: &[u8], path: &str) -> Result<Case, CaseError> {
    let head = &bytes[..bytes.len().min(HEAD_LEN)];
    check_head(head, bytes.len() <= HEAD_LEN, path)?;
    let damaged = |detail: String| CaseError::Damaged {
        path: path.to_string(),
        detail,
    };
    let doc: DocIn = serde_json::from_slice(bytes).map_err(|e| damaged(e.to_string()))?;
    if doc.format != FORMAT_NAME {
        return Err(CaseError::NotACase {
            path: path.to_string(),
            what: format!("its \"format\" is \"{}\", not \"{FORMAT_NAME}\"", doc.format),
        });
    }
    if doc.version > FORMAT_VERSION {
        return Err(CaseError::Newer {
            path: path.to_string(),
            found: doc.version,
        });
    }
    if doc.version == 0 {
        return Err(damaged(version_zero()));
    }
    let mut sources = Vec::with_capacity(doc.sources.len());
    for s in doc.sources {
        let content = match (s.text, s.base64) {
            (Some(t), _) => t.into_bytes(),
            (None, Some(b)) => base64::engine::general_purpose::STANDARD
                .decode(b.as_bytes())
                .map_err(|e| damaged(format!("source \"{}\": {e}", s.name)))?,
            (None, None) => return Err(damaged(format!("source \"{}\" has no content", s.name))),
        };
        if sha256_hex(&content) != s.sha256 {
            return Err(damaged(format!(
                "source \"{}\" does not match its SHA-256 checksum",
                s.name
            )));
        }
        let tz = match s.tz_of.as_deref() {
            None => None,
            Some(z) => Some(crate::parse::offset(z).ok_or_else(|| {
                damaged(format!(
                    "source \"{}\": tz_of \"{z}\" is not a UTC offset such as +05:00",
                    s.name
                ))
            })?),
        };
        sources.push(EmbeddedSource {
            tz,
            name: s.name,
            sha256: s.sha256,
            imported_at: s.imported_at,
            format: s.format,
            role: s.role,
            content,
        });
    }
    let settings = doc.settings.settings().map_err(damaged)?;
    // Last, so that a damage the checks above can place is named by them.
    match checksum_matches(bytes) {
        Some(true) => {}
        Some(false) => {
            return Err(damaged(
                "it does not match its checksum: it was changed after Salyq saved it — edited by hand or \
                 by another program, or damaged on disk. Open a copy saved before (a backup), or make the \
                 case again with `salyq case new` from the original files"
                    .into(),
            ));
        }
        None if doc.version >= 2 => {
            return Err(damaged(format!(
                "it has no checksum, and every case of format {} has one",
                doc.version
            )));
        }
        None => {}
    }
    Ok(Case {
        taxpayer: doc.taxpayer,
        residency: doc.residency,
        tax_year: doc.tax_year,
        sources,
        mappings: doc.mappings,
        settings,
        notes: doc.notes,
        reviews: doc.reviews,
        created_at: doc.created_at,
        saved: Some((doc.saved_at, doc.saved_by)),
    })
}

/// The format version written near the start of a case file.
fn version_in(head: &str) -> Option<u32> {
    let digits: String = field_in(head, "version")?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The text after `"name":` (spaces allowed around the colon) at the first occurrence of the
/// field name in `head`.
fn field_in<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("\"{name}\"");
    let at = head.find(&key)? + key.len();
    head[at..].trim_start().strip_prefix(':').map(str::trim_start)
}

/// Opens a case file. Only a regular file is read (a folder, pipe or device is refused
/// before it is opened), and only its first [`HEAD_LEN`] bytes until they show it can be a
/// case. Leftover temporary files of a killed save are removed ([`crate::safe_file`]).
pub fn open(path: &Path) -> Result<Case, CaseError> {
    let name = path.display().to_string();
    let io = |error| CaseError::Io {
        path: name.clone(),
        error,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(CaseError::NotAFile {
            path: name,
            what: crate::safe_file::kind_of(&meta),
        });
    }
    crate::safe_file::clean_stale(path);
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::with_capacity(HEAD_LEN);
    (&file)
        .take(HEAD_LEN as u64)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    check_head(&bytes, bytes.len() < HEAD_LEN, &name)?;
    let rest = usize::try_from(meta.len())
        .unwrap_or(0)
        .saturating_sub(bytes.len());
    bytes.reserve_exact(rest.saturating_add(1));
    (&file).read_to_end(&mut bytes).map_err(io)?;
    from_bytes(&bytes, &name)
}

/// What a case file was when it was last read or written here: a save checks it to find a
/// change made meanwhile by another program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    id: (u64, u64),
}

/// The stamp of the file at `path` (after its links), if there is one.
pub fn stamp(path: &Path) -> Option<FileStamp> {
    let m = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let id = {
        use std::os::unix::fs::MetadataExt;
        (m.dev(), m.ino())
    };
    #[cfg(not(unix))]
    let id = (0, 0);
    Some(FileStamp {
        len: m.len(),
        modified: m.modified().ok(),
        id,
    })
}

/// Saves a case atomically ([`crate::safe_file::write_atomic`]: temporary file, fsync, rename;
/// the file's permissions kept, a new one readable by its owner only, a link followed, a
/// read-only file refused): a failure at any point leaves an existing file as it was. Holds
/// the case's lock while writing (waiting for another Salyq that holds it; a caller holding
/// the lock itself uses [`save_locked`]). Stamps the case as saved now.
pub fn save(case: &mut Case, path: &Path) -> Result<(), CaseError> {
    let held = super::lock::lock(path, |_| {})?;
    save_locked(case, path, &held)
}

/// As [`save`], under a lock already held (the read, change and save of one command).
pub fn save_locked(case: &mut Case, path: &Path, _held: &super::lock::CaseLock) -> Result<(), CaseError> {
    let now = Utc::now();
    let bytes = to_bytes(case, now);
    crate::safe_file::write_atomic(path, crate::safe_file::NewFile::Private, |w| w.write_all(&bytes))
        .map_err(|error| CaseError::Io {
            path: path.display().to_string(),
            error,
        })?;
    case.saved = Some((now, format!("Salyq {}", env!("CARGO_PKG_VERSION"))));
    Ok(())
}

/// As [`save`], refusing ([`CaseError::ChangedOnDisk`]) when the file is there and differs
/// from `expected`, the stamp of when it was read or saved here: the window's save, which must
/// not drop what another Salyq saved meanwhile. Returns the new stamp.
pub fn save_unless_changed(
    case: &mut Case,
    path: &Path,
    expected: Option<&FileStamp>,
) -> Result<Option<FileStamp>, CaseError> {
    let held = super::lock::lock(path, |_| {})?;
    if let (Some(expected), Some(now)) = (expected, stamp(path))
        && *expected != now
    {
        return Err(CaseError::ChangedOnDisk {
            path: path.display().to_string(),
        });
    }
    save_locked(case, path, &held)?;
    Ok(stamp(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_read_from_the_head() {
        assert_eq!(version_in("{\"format\":\"salyq-case\",\"version\":12,"), Some(12));
        assert_eq!(version_in("{\"format\":\"salyq-case\"}"), None);
        assert_eq!(
            version_in("{ \"format\" : \"salyq-case\",\n  \"version\" : 3 }"),
            Some(3)
        );
    }

    #[test]
    fn foreign_newer_and_damaged_files_are_refused() {
        assert!(matches!(
            from_bytes(b"date,side\n", "x"),
            Err(CaseError::NotACase { .. })
        ));
        assert!(matches!(
            from_bytes(b"{\"a\":1}", "x"),
            Err(CaseError::NotACase { .. })
        ));
        let newer = b"{\"format\":\"salyq-case\",\"version\":99,\"more\":";
        let e = from_bytes(newer, "c.salyq").unwrap_err();
        assert!(matches!(e, CaseError::Newer { found: 99, .. }));
        assert!(e.to_string().contains("newer Salyq"));
        let bytes = to_bytes(&Case::new(DateTime::UNIX_EPOCH), DateTime::UNIX_EPOCH);
        let cut = &bytes[..bytes.len() / 2];
        let e = from_bytes(cut, "c.salyq").unwrap_err();
        assert!(matches!(e, CaseError::Damaged { .. }), "{e}");
        assert!(e.to_string().contains("not changed"));
    }

    #[test]
    fn binary_sources_travel_as_base64() {
        let mut c = Case::new(DateTime::UNIX_EPOCH);
        c.sources.push(EmbeddedSource::new(
            "cp1251.csv",
            vec![0xcf, 0xf0, 0xe8, b'\n'],
            SourceRole::Auto,
            "Generic trade CSV",
            DateTime::UNIX_EPOCH,
        ));
        let back = from_bytes(&to_bytes(&c, DateTime::UNIX_EPOCH), "c").unwrap();
        assert_eq!(back.sources, c.sources);
        // A flipped byte is caught by the checksum.
        let text = String::from_utf8(to_bytes(&c, DateTime::UNIX_EPOCH)).unwrap();
        let b64 = base64::engine::general_purpose::STANDARD.encode([0xcf, 0xf0, 0xe8, b'\n']);
        let bad = text.replace(
            &b64,
            &base64::engine::general_purpose::STANDARD.encode([0xcf, 0xf0, 0xe9, b'\n']),
        );
        assert!(matches!(
            from_bytes(bad.as_bytes(), "c"),
            Err(CaseError::Damaged { .. })
        ));
    }
}
