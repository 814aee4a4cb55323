//! What the user asked for in a frame ([`Action`]): the tabs, dialogs and menus return it, the
//! window carries it out after drawing. Its own module, below everything that draws, so that
//! no child module imports it from the crate root.

use crate::i18n::Lang;
use crate::worker::ExportKind;
use salyq_core::import::FileRole;
use salyq_core::settings::Settings;
use std::path::PathBuf;

/// Something the user asked for this frame; carried out after drawing.
#[derive(Debug)]
pub enum Action {
    /// Show this trade (index into the inputs) on the Trades tab.
    ShowTrade(usize),
    /// Read this file again at this time zone (it did not say its own).
    SetFileZone(String, chrono::FixedOffset),
    /// Show this warning (index into the computation's warnings) on the Warnings tab.
    ShowWarning(usize),
    /// Show this disposal (index into the computation) with its lots on the Disposals tab.
    ShowDisposal(usize),
    /// Write CSV exports for Excel in a Russian locale (or not).
    SetExcelRu(bool),
    /// Put these settings in force.
    ApplySettings(Box<Settings>),
    /// Undo the last settings change.
    Undo,
    /// Redo it.
    Redo,
    /// Ask for files to import as this role.
    Pick(FileRole),
    /// Import these files.
    Import(Vec<(PathBuf, FileRole)>),
    /// Cancel the import running.
    CancelImport,
    /// Export a CSV.
    Export(ExportKind),
    /// Replace everything with the sample.
    LoadSample,
    /// Remove everything.
    ClearAll,
    /// Change the language.
    SetLang(Lang),
    /// Show the year (`None`: all).
    SetYear(Option<i32>),
    /// Close the problems panel.
    CloseProblems,
    /// The problems were copied.
    Copied,
    /// Show the About window.
    About,
    /// Close the window (asking about unsaved changes), or answer that question.
    Quit(QuitChoice),
    /// Start a new, empty case.
    NewCase,
    /// Open a case file (`None`: ask which).
    OpenCase(Option<PathBuf>),
    /// Save the case (`save_as`: ask where).
    SaveCase {
        /// Ask where, even when the case has a file.
        save_as: bool,
    },
    /// Open the autosaved copy (`true`) or discard it and open the file.
    Recover(bool),
    /// Keep a reviewer's note on a trade.
    TradeNote(salyq_core::exemptions::TradeKey, String),
    /// Set a warning's review status, with the reason.
    ReviewWarning(
        salyq_core::case::WarningKey,
        salyq_core::case::ReviewStatus,
        String,
    ),
    /// Open the dialog that enters the missing purchase of this warning (index into the
    /// computation's warnings).
    EnterPurchase(usize),
    /// Open the dialog that pairs the transfer row of this warning (index into the
    /// computation's warnings).
    PairTransfer(usize),
    /// Keep this note on the case.
    CaseNote(String),
    /// Write the review pack of the year shown into a folder (`None`: ask which).
    ExportPack(Option<PathBuf>),
    /// Set the taxpayer's residency.
    SetResidency(salyq_core::case::Residency),
    /// Open the column-mapping dialog for this file.
    MapColumns(PathBuf),
    /// Save this mapping and import the file again with it.
    SaveMapping(Box<salyq_core::import::mapping::Mapping>, PathBuf),
    /// Close the column-mapping dialog.
    CloseMapping,
    /// Open the dialog that fetches the missing official rates.
    GetRates,
    /// Close it (cancelling a fetch that runs).
    CloseRates,
}

/// What the user chose when closing with unsaved changes (or asking to close).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuitChoice {
    /// Close the window (asks first when there are unsaved changes).
    Ask,
    /// Save, then close.
    Save,
    /// Close without saving.
    Discard,
    /// Do not close.
    Stay,
}
