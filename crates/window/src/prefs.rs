//! What the window remembers between runs (its size is remembered by eframe itself).

use super::i18n::Lang;
use salyq_core::import::mapping::Mapping;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// How many recent files the File menu lists.
pub const RECENT_FILES: usize = 8;

/// Storage key of [`Prefs`].
pub const PREFS_KEY: &str = "salyq.prefs";

/// What the window remembers between runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Language of the window.
    pub lang: Lang,
    /// Folder of the last file opened or saved.
    pub last_dir: Option<PathBuf>,
    /// Recently imported files, newest first.
    pub recent: Vec<PathBuf>,
    /// The welcome text was closed.
    pub welcome_closed: bool,
    /// Saved column mappings, tried on every imported file's header.
    pub mappings: Vec<Mapping>,
    /// CSV exports for Excel in a Russian locale (`;`, decimal comma, byte-order mark).
    #[serde(default)]
    pub excel_ru: bool,
    /// Recently saved or opened cases, newest first.
    #[serde(default)]
    pub recent_cases: Vec<RecentCase>,
}

/// A case listed on the start screen and in File → Recent cases.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecentCase {
    /// The case file.
    pub path: PathBuf,
    /// The taxpayer's name.
    pub taxpayer: String,
    /// The tax year under review.
    pub tax_year: Option<i32>,
    /// Warnings not reviewed when it was last saved or opened.
    pub open_warnings: usize,
    /// When it was last saved or opened (local time, `YYYY-MM-DD HH:MM`).
    pub last_change: String,
}

impl Prefs {
    /// The style of CSV exports.
    pub fn csv_style(&self) -> salyq_core::export::CsvStyle {
        if self.excel_ru {
            salyq_core::export::CsvStyle::ExcelRu
        } else {
            salyq_core::export::CsvStyle::Plain
        }
    }

    /// Saves a column mapping, replacing one for the same header or with the same name.
    pub fn save_mapping(&mut self, mapping: Mapping) {
        self.mappings
            .retain(|m| !m.matches(&mapping.header) && m.name.trim() != mapping.name.trim());
        self.mappings.push(mapping);
    }

    /// Remembers a case: newest first, no repeats, at most [`RECENT_FILES`].
    pub fn remember_case(&mut self, case: RecentCase) {
        self.recent_cases.retain(|r| r.path != case.path);
        if let Some(dir) = case.path.parent() {
            self.last_dir = Some(dir.to_path_buf());
        }
        self.recent_cases.insert(0, case);
        self.recent_cases.truncate(RECENT_FILES);
    }

    /// Remembers imported files: newest first, no repeats, at most [`RECENT_FILES`].
    pub fn remember(&mut self, files: &[PathBuf]) {
        for f in files {
            self.recent.retain(|r| r != f);
            self.recent.insert(0, f.clone());
            if let Some(dir) = f.parent() {
                self.last_dir = Some(dir.to_path_buf());
            }
        }
        self.recent.truncate(RECENT_FILES);
    }
}
