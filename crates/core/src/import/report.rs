//! The import report: what was made of each file (format, rows, trades, skipped rows by reason,
//! duplicates), shown by the window and printed by the command line.

use crate::warning::Warning;
use std::collections::BTreeMap;
use std::fmt;

/// What one file gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileReport {
    /// The file's name as shown everywhere else.
    pub file: String,
    /// The format it was recognised as (`Generic trade CSV`, `Binance spot trade history`, ...).
    pub format: String,
    /// Data rows read (not counting the header and any preamble).
    pub rows: u64,
    /// Trades made from them.
    pub trades: u64,
    /// Rows that are not trades, by reason (`Deposit`, `Withdraw`, ...), never dropped silently.
    pub skipped: BTreeMap<String, u64>,
    /// Trades dropped because an earlier file or line had the same trade.
    pub duplicates: u64,
    /// Ledger entries made from the file (deposits, rewards, ...; docs/formats.md §5), moved
    /// into [`crate::import::Inputs::ledger`] when the file is added.
    pub ledger: Vec<crate::ledger::events::Entry>,
    /// What to look at about the file as a whole (a time zone it does not say, read as UTC);
    /// also among the inputs' warnings.
    pub warnings: Vec<Warning>,
    /// The text encoding the file was read in, when not UTF-8 (`windows-1251`, `UTF-16LE`).
    pub encoding: Option<String>,
    /// Events beyond trades the file gave (ledger entries: deposits, rewards, ...).
    pub events: u64,
}

impl FileReport {
    /// A report for `file` recognised as `format`.
    pub fn new(file: &str, format: &str) -> FileReport {
        FileReport {
            file: file.to_string(),
            format: format.to_string(),
            ..FileReport::default()
        }
    }

    /// Counts one skipped row.
    pub fn skip(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_string()).or_default() += 1;
    }
}

impl fmt::Display for FileReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.format)?;
        if let Some(e) = &self.encoding {
            write!(f, " ({e} text)")?;
        }
        write!(f, ", {} rows, {} trades", self.rows, self.trades)?;
        if self.events > 0 {
            write!(f, ", {} other events", self.events)?;
        }
        if !self.skipped.is_empty() {
            let parts: Vec<String> = self.skipped.iter().map(|(why, n)| format!("{n} {why}")).collect();
            write!(f, ", skipped {}", parts.join(", "))?;
        }
        if self.duplicates > 0 {
            write!(f, ", {} duplicates dropped", self.duplicates)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_what_was_made_of_a_file() {
        let mut r = FileReport::new("stmt.csv", "Binance transaction history");
        r.rows = 10;
        r.trades = 3;
        r.skip("Deposit");
        r.skip("Deposit");
        r.skip("Withdraw");
        r.duplicates = 1;
        assert_eq!(
            r.to_string(),
            "stmt.csv: Binance transaction history, 10 rows, 3 trades, skipped 2 Deposit, 1 Withdraw, 1 duplicates dropped"
        );
    }
}
