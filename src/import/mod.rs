//! Reading input files: trade files, official-rate tables and price tables, each recognised by
//! its header. Nothing read is ever modified; every problem is an [`InputError`].

pub mod generic;
pub mod intern;
pub mod progress;
pub mod table;

use crate::error::{Expectation, InputError, InputErrors, Problem};
use crate::model::Trade;
use crate::prices::{self, PriceTable};
use crate::rates::{self, RateTable};
use crate::warning::{Warning, WarningDetail, WarningKind};
use intern::Interner;
use progress::{Progress, ProgressReader};
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use table::Table;

/// What a file was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRole {
    /// Recognise by the header.
    Auto,
    /// A trade file.
    Trades,
    /// An official-rate table.
    Rates,
    /// A price table.
    Prices,
}

/// The content of one file.
#[derive(Debug)]
pub enum Loaded {
    /// Trades, in file order.
    Trades(Vec<Trade>),
    /// Official rates.
    Rates(RateTable),
    /// Prices.
    Prices(PriceTable),
}

/// Everything read from the user's files.
#[derive(Debug, Default, Clone)]
pub struct Inputs {
    /// All trades, file by file in the order given, duplicates removed.
    pub trades: Vec<Trade>,
    /// Official rates from every rate file.
    pub rates: RateTable,
    /// Prices from every price file.
    pub prices: PriceTable,
    /// Duplicates dropped.
    pub warnings: Vec<Warning>,
    interner: Interner,
}

impl Inputs {
    /// Reads files in order, each as `role` (or recognised by header), then drops duplicates.
    /// Every file is read even when an earlier one fails, so all errors are reported at once.
    pub fn load(files: &[(PathBuf, FileRole)]) -> Result<Inputs, InputErrors> {
        let names = display_names(files.iter().map(|(p, _)| p.as_path()));
        let mut inputs = Inputs::default();
        let mut errors = Vec::new();
        for ((path, role), name) in files.iter().zip(&names) {
            if let Err(mut e) = inputs.add_file(path, name, *role) {
                errors.append(&mut e);
            }
        }
        if !errors.is_empty() {
            return Err(InputErrors(errors));
        }
        inputs.drop_duplicates();
        Ok(inputs)
    }

    /// Reads one file into these inputs (without dropping duplicates).
    pub fn add_file(&mut self, path: &Path, name: &str, role: FileRole) -> Result<(), Vec<InputError>> {
        self.add_file_with_progress(path, name, role, &Progress::default())
    }

    /// Reads one file, counting bytes into `progress` and stopping early when it is cancelled.
    /// On any error, these inputs are left exactly as they were.
    pub fn add_file_with_progress(
        &mut self,
        path: &Path,
        name: &str,
        role: FileRole,
        progress: &Progress,
    ) -> Result<(), Vec<InputError>> {
        let file =
            File::open(path).map_err(|e| vec![InputError::file(name, Problem::CannotOpen(e.to_string()))])?;
        let reader = ProgressReader::new(BufReader::with_capacity(1 << 16, file), progress);
        let result = self.add_reader(reader, name, role);
        if progress.is_cancelled() {
            return Err(vec![InputError::file(name, Problem::Cancelled)]);
        }
        result
    }

    /// Reads one file's content from `input`, named `name` in messages.
    /// On any error, these inputs are left exactly as they were.
    pub fn add_reader<R: Read + Send>(
        &mut self,
        input: R,
        name: &str,
        role: FileRole,
    ) -> Result<(), Vec<InputError>> {
        match read(input, name, role, &mut self.interner)? {
            Loaded::Trades(mut t) if self.trades.is_empty() => std::mem::swap(&mut self.trades, &mut t),
            Loaded::Trades(mut t) => self.trades.append(&mut t),
            Loaded::Rates(r) => {
                let mut merged = self.rates.clone();
                merged.merge(r, name).map_err(|e| vec![e])?;
                self.rates = merged;
            }
            Loaded::Prices(p) => self.prices.merge(p),
        }
        Ok(())
    }

    /// Adds everything of `other` to these inputs, then drops duplicates across both.
    /// On error (conflicting rates), these inputs are left as they were.
    pub fn merge(&mut self, other: Inputs) -> Result<(), InputError> {
        let mut rates = self.rates.clone();
        rates.merge(other.rates, "the imported rate files")?;
        self.rates = rates;
        self.prices.merge(other.prices);
        self.trades.extend(other.trades);
        self.warnings.extend(other.warnings);
        self.warnings.retain(|w| w.kind != WarningKind::Duplicate);
        self.drop_duplicates();
        Ok(())
    }

    /// Drops the second and later copies of a trade with the same venue (any letter case) and
    /// id, in place, with a warning naming both lines.
    pub fn drop_duplicates(&mut self) {
        let keep = duplicate_mask(&self.trades, &mut self.warnings);
        let mut i = 0;
        self.trades.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    }
}

/// For each trade, whether it is the first with its venue and id; a warning for every other.
fn duplicate_mask(trades: &[Trade], warnings: &mut Vec<Warning>) -> Vec<bool> {
    // Venue names lower-cased once each, so keys borrow instead of allocating per trade.
    let mut venues: FxHashMap<&str, String> = FxHashMap::default();
    for t in trades {
        if let (Some(_), Some(v)) = (&t.id, &t.exchange) {
            venues.entry(&**v).or_insert_with(|| v.to_lowercase());
        }
    }
    let with_id = trades
        .iter()
        .filter(|t| t.id.is_some() && t.exchange.is_some())
        .count();
    let mut first: FxHashMap<(&str, &str), usize> =
        FxHashMap::with_capacity_and_hasher(with_id, Default::default());
    let mut keep = vec![true; trades.len()];
    for (i, t) in trades.iter().enumerate() {
        let (Some(id), Some(venue)) = (&t.id, &t.exchange) else {
            continue;
        };
        let key = (venues.get(&**venue).map_or("", String::as_str), &**id);
        match first.get(&key) {
            Some(&j) => {
                keep[i] = false;
                warnings.push(Warning::new(
                    WarningDetail::Duplicate {
                        id: id.to_string(),
                        venue: venue.to_string(),
                        first: trades[j].source.clone(),
                    },
                    Some(t.source.clone()),
                    None,
                ));
            }
            None => {
                first.insert(key, i);
            }
        }
    }
    keep
}

/// Reads one file's content as `role`.
pub fn read<R: Read + Send>(
    input: R,
    name: &str,
    role: FileRole,
    interner: &mut Interner,
) -> Result<Loaded, Vec<InputError>> {
    let mut table = Table::open(name, input).map_err(|e| vec![e])?;
    let names = table.header.names().to_vec();
    let role = match role {
        FileRole::Auto => detect(&names).ok_or_else(|| {
            vec![
                InputError::line(name, table.header_line, Problem::FormatNotRecognised)
                    .found(&table.header.raw.join(","))
                    .expected(Expectation::KnownFormat),
            ]
        })?,
        r => r,
    };
    match role {
        FileRole::Rates => rates::read(&mut table).map(Loaded::Rates),
        FileRole::Prices => prices::read(&mut table).map(Loaded::Prices),
        FileRole::Trades | FileRole::Auto => generic::read(&mut table, interner).map(Loaded::Trades),
    }
}

/// Recognises a file by its normalised header names.
pub fn detect(names: &[String]) -> Option<FileRole> {
    // Tables first: their headers are exact, while a trade file may lack a required column.
    if rates::matches(names) {
        Some(FileRole::Rates)
    } else if prices::matches(names) {
        Some(FileRole::Prices)
    } else if generic::matches(names) {
        Some(FileRole::Trades)
    } else {
        None
    }
}

/// The names files go by in messages and audit trails: the file name alone, or the path as
/// given when two files share a name.
pub fn display_names<'a>(paths: impl Iterator<Item = &'a Path> + Clone) -> Vec<String> {
    let base = |p: &Path| {
        p.file_name()
            .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
    };
    let mut count: HashMap<String, usize> = HashMap::new();
    for p in paths.clone() {
        *count.entry(base(p)).or_default() += 1;
    }
    paths
        .map(|p| {
            if count[&base(p)] > 1 {
                p.display().to_string()
            } else {
                base(p)
            }
        })
        .collect()
}
