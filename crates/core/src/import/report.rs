//! The import report: what was made of each file (format, rows, trades, skipped rows by reason,
//! duplicates), shown by the window and printed by the command line.

use crate::model::Shared;
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
    /// Groups of rows that make no trade Salyq can tell (several pairs in one second it cannot
    /// pair, a fee alone): listed with their lines and left out, so the figures are incomplete
    /// until each is entered by hand or excluded (an `exclude` decision naming its first line).
    pub unresolved: Vec<UnresolvedGroup>,
}

/// A group of rows of one file that makes no trade Salyq can tell: its lines, what they hold,
/// and why they make no trade. The rest of the file is read; the group is left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnresolvedGroup {
    /// The group's lines, in file order (the first names the group: `file:line`).
    pub lines: Vec<u64>,
    /// The group's time, as read (RFC 3339).
    pub time: String,
    /// The operations and coins of its rows (`Transaction Buy BTC ETH, Transaction Spend USDT`).
    pub found: String,
    /// The coins of its rows, in the order met.
    pub coins: Vec<String>,
    /// Why it makes no trade, in plain English.
    pub why: String,
}

impl UnresolvedGroup {
    /// The key an `exclude` decision names the group by: its file and first line.
    pub fn key(&self, file: &str) -> crate::exemptions::TradeKey {
        crate::exemptions::TradeKey::of(&crate::model::Source {
            file: Shared::from(file),
            line: self.lines.first().copied().unwrap_or(0),
        })
    }

    /// The warning that lists the group among the inputs' warnings (a `not_imported` warning at
    /// its first line).
    pub fn warning(&self, file: &Shared) -> Warning {
        let first = self.lines.first().copied().unwrap_or(0);
        Warning::new(
            crate::warning::WarningDetail::NotImported {
                what: format!(
                    "{UNRESOLVED_WHAT} ({} {}: {}; {}); the figures are incomplete until it is \
                     entered by hand or excluded (salyq case override CASE --exclude \"{file}:{first}=other\")",
                    if self.lines.len() == 1 { "line" } else { "lines" },
                    crate::error::line_list(&self.lines),
                    self.found,
                    self.why,
                ),
                asset: self.coins.join(", "),
                date: self.time.clone(),
                amount: None,
                tax: None,
            },
            Some(crate::model::Source {
                file: file.clone(),
                line: first,
            }),
            None,
        )
    }
}

/// The start of the `what` of an unresolved group's warning (it lives with the warnings).
pub use crate::warning::UNRESOLVED_WHAT;

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
        if !self.unresolved.is_empty() {
            let lines: Vec<String> = self
                .unresolved
                .iter()
                .map(|g| g.lines.first().copied().unwrap_or(0).to_string())
                .collect();
            write!(
                f,
                ", {} groups of rows not read (at lines {}): figures incomplete",
                self.unresolved.len(),
                lines.join(", ")
            )?;
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
