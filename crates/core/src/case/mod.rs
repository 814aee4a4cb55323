//! Case files: everything about one taxpayer's history in one document (`.salyq`) that reopens
//! exactly as it was saved. It embeds the imported sources (content, name, SHA-256, import time,
//! detected format), the column mappings they were read with, the settings and rule table in
//! force, the user's overrides, notes and warning reviews, and the taxpayer's details.
//!
//! The format is versioned JSON (`docs/case-format.md`); [`open`] reads every version up to
//! [`FORMAT_VERSION`] and refuses a newer one, a damaged one (every version-2 file carries a
//! checksum of its whole content) and anything that is not a regular file. [`save`] is atomic
//! and made under the case's [`lock`]: a failure at any point leaves the previous file as it
//! was, and two Salyqs changing one case take turns.

mod file;
pub mod lock;
pub mod pack;
pub mod review;

pub use file::{
    CaseError, FORMAT_VERSION, FileStamp, HEAD_LEN, from_bytes, open, save, save_locked, save_unless_changed,
    stamp, to_bytes,
};
pub use lock::{CaseLock, lock};
pub use pack::{PackError, write_pack};
pub use review::{CaseNotes, Review, ReviewStatus, TradeNote, WarningKey, is_incomplete, open_count};

use crate::error::{InputError, InputErrors};
use crate::import::mapping::Mapping;
use crate::import::{FileRole, Inputs};
use crate::settings::Settings;
use crate::taxpayer::Taxpayer;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The largest file the window embeds in a case (512 MiB); a larger one is read from disk
/// without holding its bytes, and the case says it is not embedded.
pub const EMBED_LIMIT: u64 = 512 << 20;

/// Whether the taxpayer is a tax resident of Kazakhstan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Residency {
    /// A resident (the rules Salyq applies).
    #[default]
    Resident,
    /// Not a resident: Salyq's rules are for residents; the case says so.
    NonResident,
}

/// How an embedded source is read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceRole {
    /// Recognised by its header.
    Auto,
    /// A rate table.
    Rates,
    /// A price table.
    Prices,
}

impl SourceRole {
    /// The import role.
    pub fn file_role(self) -> FileRole {
        match self {
            SourceRole::Auto => FileRole::Auto,
            SourceRole::Rates => FileRole::Rates,
            SourceRole::Prices => FileRole::Prices,
        }
    }

    /// The role of an import role.
    pub fn of(role: FileRole) -> SourceRole {
        match role {
            FileRole::Rates => SourceRole::Rates,
            FileRole::Prices => SourceRole::Prices,
            FileRole::Auto | FileRole::Trades => SourceRole::Auto,
        }
    }
}

/// One imported file, kept whole inside the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedSource {
    /// The name it was imported under (what every `file:line` names).
    pub name: String,
    /// SHA-256 of `content`, lower-case hex.
    pub sha256: String,
    /// When it was imported.
    pub imported_at: DateTime<Utc>,
    /// The format it was recognised as (`Generic trade CSV`, ...), or the table kind.
    pub format: String,
    /// How it is read.
    pub role: SourceRole,
    /// Its bytes, exactly as imported.
    pub content: Vec<u8>,
    /// The time zone the user gave for it when it does not say its own (`--tz-of`), used
    /// whenever it is read again.
    pub tz: Option<chrono::FixedOffset>,
}

impl EmbeddedSource {
    /// A source with its checksum computed.
    pub fn new(
        name: &str,
        content: Vec<u8>,
        role: SourceRole,
        format: &str,
        imported_at: DateTime<Utc>,
    ) -> Self {
        EmbeddedSource {
            name: name.to_string(),
            sha256: sha256_hex(&content),
            imported_at,
            format: format.to_string(),
            role,
            content,
            tz: None,
        }
    }
}

/// SHA-256 of bytes, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Everything about one taxpayer's history.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Name and IIN.
    pub taxpayer: Taxpayer,
    /// Tax residency.
    pub residency: Residency,
    /// The tax year under review, if chosen.
    pub tax_year: Option<i32>,
    /// The imported files, in import order.
    pub sources: Vec<EmbeddedSource>,
    /// Column mappings the sources were read with.
    pub mappings: Vec<Mapping>,
    /// Settings, rules and overrides in force.
    pub settings: Settings,
    /// Reviewer notes on the case and on trades.
    pub notes: CaseNotes,
    /// Review status of warnings.
    pub reviews: Vec<Review>,
    /// When the case was made.
    pub created_at: DateTime<Utc>,
    /// When it was last saved, and by which Salyq (`None` until saved).
    pub saved: Option<(DateTime<Utc>, String)>,
}

impl Default for Case {
    fn default() -> Self {
        Case::new(Utc::now())
    }
}

impl Case {
    /// Records a decision (an override: exempt, exclude, entered purchase, venue country) with
    /// who and when; returns its number ([`crate::overrides::record`]).
    pub fn record(
        &mut self,
        change: crate::overrides::Change,
        reason: impl Into<String>,
        by: impl Into<String>,
        at: DateTime<Utc>,
    ) -> u64 {
        crate::overrides::record(&mut self.settings.overrides, change, reason, by, at)
    }

    /// Keeps a reviewer's note on a trade, with who and when.
    pub fn note(&mut self, trade: crate::exemptions::TradeKey, text: String, by: String, at: DateTime<Utc>) {
        self.notes.trades.push(TradeNote { trade, text, by, at });
    }

    /// Records a warning's review status with the reason, who and when (the latest review wins).
    pub fn review(
        &mut self,
        warning: WarningKey,
        status: ReviewStatus,
        reason: String,
        by: String,
        at: DateTime<Utc>,
    ) {
        self.reviews.push(Review {
            warning,
            status,
            reason,
            by,
            at,
        });
    }

    /// An empty case made at `now`, with the default settings.
    pub fn new(now: DateTime<Utc>) -> Case {
        Case {
            taxpayer: Taxpayer::default(),
            residency: Residency::Resident,
            tax_year: None,
            sources: Vec::new(),
            mappings: Vec::new(),
            settings: Settings::default(),
            notes: CaseNotes::default(),
            reviews: Vec::new(),
            created_at: now,
            saved: None,
        }
    }

    /// Reads the embedded sources into inputs, as an import of the original files would
    /// (duplicates across files dropped; one venue and id on two different trades refused). Messages name each source as it was imported.
    pub fn inputs(&self) -> Result<Inputs, InputErrors> {
        let mut inputs = Inputs::default();
        inputs.mappings = self.mappings.clone();
        inputs.file_zones = self
            .sources
            .iter()
            .filter_map(|s| s.tz.map(|z| (s.name.clone(), z)))
            .collect();
        let mut errors: Vec<InputError> = Vec::new();
        for s in &self.sources {
            if let Err(mut e) = inputs.add_reader(s.content.as_slice(), &s.name, s.role.file_role()) {
                errors.append(&mut e);
            }
        }
        if !errors.is_empty() {
            return Err(InputErrors(errors));
        }
        inputs.check_duplicates()?;
        Ok(inputs)
    }

    /// Reads the embedded sources and computes the figures with the case's settings and
    /// overrides. The inputs returned are the effective ones ([`crate::engine::apply`]):
    /// every index of the computation refers to them.
    pub fn compute(&self) -> Result<(Inputs, crate::engine::Computation), InputErrors> {
        let inputs = self.inputs()?;
        let (applied, c) = crate::engine::compute_effective(&inputs, &self.settings)?;
        Ok((applied.map_or(inputs, |a| a.inputs), c))
    }

    /// The source whose content has this SHA-256, if the case holds one.
    pub fn source_with_sha256(&self, sha256: &str) -> Option<&EmbeddedSource> {
        self.sources.iter().find(|s| s.sha256 == sha256)
    }

    /// Imports a file's bytes into the case: checked by reading them alone first (a conflict
    /// with the case's other sources, such as two rate tables that disagree, shows when they
    /// are read together: [`Case::inputs`]); on error the case is left as it was.
    pub fn import(
        &mut self,
        name: &str,
        content: Vec<u8>,
        role: FileRole,
        now: DateTime<Utc>,
    ) -> Result<(), InputErrors> {
        self.import_with_zone(name, content, role, None, now)
    }

    /// As [`Case::import`], with the time zone the user gives for a file that does not say its
    /// own (`--tz-of FILE=+05:00`): kept with the source, so the file reads in that zone every
    /// time the case is opened.
    pub fn import_with_zone(
        &mut self,
        name: &str,
        content: Vec<u8>,
        role: FileRole,
        tz: Option<chrono::FixedOffset>,
        now: DateTime<Utc>,
    ) -> Result<(), InputErrors> {
        let mut probe = Inputs::default();
        probe.mappings = self.mappings.clone();
        if let Some(z) = tz {
            probe.file_zones.push((name.to_string(), z));
        }
        probe
            .add_reader(content.as_slice(), name, role)
            .map_err(InputErrors)?;
        let format = format_of(probe.reports.first(), role, !probe.rates.is_empty());
        if self.sources.iter().any(|s| s.name == name) {
            return Err(InputErrors(vec![InputError::file(
                name,
                crate::error::Problem::CannotOpen(
                    "a source of this name is already in the case: rename the file to add it too".into(),
                ),
            )]));
        }
        let mut source = EmbeddedSource::new(name, content, SourceRole::of(role), &format, now);
        source.tz = tz;
        self.sources.push(source);
        Ok(())
    }

    /// The number of warnings not yet reviewed (status open) among `warnings`.
    pub fn open_warnings(&self, warnings: &[crate::warning::Warning]) -> usize {
        open_count(warnings, &self.reviews)
    }
}

/// The format a source is embedded as: its importer's name (the file's report), else the table
/// its role names, else (a table read as `Auto`) a rate table when `read_rates`, a price table
/// otherwise. [`Case::import`] and the window's import both name their sources with it.
pub fn format_of(
    report: Option<&crate::import::report::FileReport>,
    role: FileRole,
    read_rates: bool,
) -> String {
    match (report, role) {
        (Some(r), _) => r.format.clone(),
        (None, FileRole::Rates) => "Official rate table".into(),
        (None, FileRole::Prices) => "Price table".into(),
        (None, _) if read_rates => "Official rate table".into(),
        (None, _) => "Price table".into(),
    }
}
