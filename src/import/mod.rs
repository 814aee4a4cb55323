//! Reading input files: trade files, official-rate tables and price tables, each recognised by
//! its header. Nothing read is ever modified; every problem is an [`InputError`].

pub mod generic;
pub mod intern;
pub mod table;

use crate::error::{InputError, InputErrors};
use crate::model::{Source, Trade};
use crate::prices::{self, PriceTable};
use crate::rates::{self, RateTable};
use crate::warning::{Warning, WarningKind};
use intern::Interner;
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
#[derive(Debug, Default)]
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
    pub fn add_file(
        &mut self,
        path: &Path,
        name: &str,
        role: FileRole,
    ) -> Result<(), Vec<InputError>> {
        let file = File::open(path)
            .map_err(|e| vec![InputError::file(name, format!("cannot open the file: {e}"))])?;
        self.add_reader(BufReader::with_capacity(1 << 16, file), name, role)
    }

    /// Reads one file's content from `input`, named `name` in messages.
    pub fn add_reader<R: Read>(
        &mut self,
        input: R,
        name: &str,
        role: FileRole,
    ) -> Result<(), Vec<InputError>> {
        match read(input, name, role, &mut self.interner)? {
            Loaded::Trades(mut t) => self.trades.append(&mut t),
            Loaded::Rates(r) => self.rates.merge(r, name).map_err(|e| vec![e])?,
            Loaded::Prices(p) => self.prices.merge(p),
        }
        Ok(())
    }

    /// Drops the second and later copies of a trade with the same venue and id.
    pub fn drop_duplicates(&mut self) {
        let mut seen: HashMap<(String, Box<str>), Source> = HashMap::new();
        let trades = std::mem::take(&mut self.trades);
        for t in trades {
            if let (Some(id), Some(venue)) = (&t.id, &t.exchange) {
                let key = (venue.to_lowercase(), id.clone());
                if let Some(first) = seen.get(&key) {
                    self.warnings.push(Warning {
                        kind: WarningKind::Duplicate,
                        message: format!("trade {id} on {venue} appears twice (first at {first}): this copy was dropped"),
                        source: Some(t.source.clone()),
                        trade: None,
                    });
                    continue;
                }
                seen.insert(key, t.source.clone());
            }
            self.trades.push(t);
        }
    }
}

/// Reads one file's content as `role`.
pub fn read<R: Read>(
    input: R,
    name: &str,
    role: FileRole,
    interner: &mut Interner,
) -> Result<Loaded, Vec<InputError>> {
    let mut table = Table::open(name, input).map_err(|e| vec![e])?;
    let names = table.header.names().to_vec();
    let role = match role {
        FileRole::Auto => detect(&names).ok_or_else(|| {
            vec![InputError::line(name, table.header_line, "the file's format is not recognised")
                .found(&table.header.raw.join(","))
                .expected(
                    "the generic trade columns (date, side, asset, quantity, price or total, currency), \
                     a rate table (date,currency,rate) or a price table (date,asset,price); see docs/formats.md",
                )]
        })?,
        r => r,
    };
    match role {
        FileRole::Rates => rates::read(&mut table).map(Loaded::Rates),
        FileRole::Prices => prices::read(&mut table).map(Loaded::Prices),
        FileRole::Trades | FileRole::Auto => {
            generic::read(&mut table, interner).map(Loaded::Trades)
        }
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
        p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
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
