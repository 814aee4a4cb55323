//! The `.salyq` file: versioned JSON, written atomically, read back with every check a damaged
//! or foreign file needs. Layout and versions: `docs/case-format.md`.

use super::{Case, CaseNotes, EmbeddedSource, Residency, Review, SourceRole, sha256_hex};
use crate::exemptions::{ExemptReason, TradeKey};
use crate::import::mapping::Mapping;
use crate::overrides::Override;
use crate::rules::RuleBook;
use crate::settings::{Method, Settings};
use crate::taxpayer::Taxpayer;
use crate::venues::{Country, LicenceStatus};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The case-file format version this Salyq writes; it reads every version up to this one.
pub const FORMAT_VERSION: u32 = 1;

/// The `format` field of every case file.
const FORMAT_NAME: &str = "salyq-case";

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
    #[error("{0}: not a Salyq case file (a .salyq file starts with {{\"format\":\"salyq-case\"...)")]
    NotACase(String),
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
            ..Settings::default()
        };
        for (venue, country) in self.venue_countries {
            s.venues.set(&venue, country);
        }
        for (venue, status) in self.venue_statuses {
            s.venues.set_status(&venue, status);
        }
        s.exemptions.venues = self.exempt_venues;
        s.exemptions.trades = self.exempt_trades.into_iter().collect();
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
    for o in &s.overrides {
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
}

#[derive(Serialize)]
struct DocOut<'a> {
    format: &'static str,
    version: u32,
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
            }
        })
        .collect();
    let doc = DocOut {
        format: FORMAT_NAME,
        version: FORMAT_VERSION,
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
    out
}

/// Reads a case from file bytes; `path` names it in messages.
pub fn from_bytes(bytes: &[u8], path: &str) -> Result<Case, CaseError> {
    let head = &bytes[..bytes.len().min(4096)];
    let head_text = String::from_utf8_lossy(head);
    let trimmed = head_text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Err(CaseError::Damaged {
            path: path.to_string(),
            detail: "the file is empty".into(),
        });
    }
    let start = format!("{{\"format\":\"{FORMAT_NAME}\"");
    if start.starts_with(trimmed) {
        return Err(CaseError::Damaged {
            path: path.to_string(),
            detail: "the file is cut short".into(),
        });
    }
    if !trimmed.starts_with('{')
        || field_in(&head_text, "format").is_none_or(|v| !v.starts_with(&format!("\"{FORMAT_NAME}\"")))
    {
        return Err(CaseError::NotACase(path.to_string()));
    }
    if let Some(found) = version_in(&head_text)
        && found > FORMAT_VERSION
    {
        return Err(CaseError::Newer {
            path: path.to_string(),
            found,
        });
    }
    let damaged = |detail: String| CaseError::Damaged {
        path: path.to_string(),
        detail,
    };
    let doc: DocIn = serde_json::from_slice(bytes).map_err(|e| damaged(e.to_string()))?;
    if doc.format != FORMAT_NAME {
        return Err(CaseError::NotACase(path.to_string()));
    }
    if doc.version > FORMAT_VERSION || doc.version == 0 {
        return Err(CaseError::Newer {
            path: path.to_string(),
            found: doc.version,
        });
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
        sources.push(EmbeddedSource {
            name: s.name,
            sha256: s.sha256,
            imported_at: s.imported_at,
            format: s.format,
            role: s.role,
            content,
        });
    }
    Ok(Case {
        taxpayer: doc.taxpayer,
        residency: doc.residency,
        tax_year: doc.tax_year,
        sources,
        mappings: doc.mappings,
        settings: doc.settings.settings().map_err(damaged)?,
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

/// Opens a case file.
pub fn open(path: &Path) -> Result<Case, CaseError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|error| CaseError::Io {
        path: name.clone(),
        error,
    })?;
    from_bytes(&bytes, &name)
}

/// Saves a case atomically (temporary file, fsync, rename): a failure at any point leaves an
/// existing file as it was. Stamps the case as saved now.
pub fn save(case: &mut Case, path: &Path) -> Result<(), CaseError> {
    let now = Utc::now();
    let bytes = to_bytes(case, now);
    crate::export::write_atomic(path, |w| w.write_all(&bytes)).map_err(|error| CaseError::Io {
        path: path.display().to_string(),
        error,
    })?;
    case.saved = Some((now, format!("Salyq {}", env!("CARGO_PKG_VERSION"))));
    Ok(())
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
            Err(CaseError::NotACase(_))
        ));
        assert!(matches!(
            from_bytes(b"{\"a\":1}", "x"),
            Err(CaseError::NotACase(_))
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
