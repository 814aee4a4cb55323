//! Reading input files: trade files, official-rate tables and price tables, each recognised by
//! its header. Nothing read is ever modified; every problem is an [`InputError`].

pub mod binance;
pub mod bybit;
pub mod corporate;
pub mod format;
pub mod freedom;
pub mod generic;
pub mod ibkr;
pub mod intern;
pub mod mapping;
pub mod progress;
pub mod report;
pub mod rows;
pub mod table;

use crate::error::{Expectation, InputError, InputErrors, Problem};
use crate::model::{Side, Source, Trade};
use crate::parse::Style;
use crate::prices::{self, PriceTable};
use crate::rates::{self, RateTable};
use crate::warning::{Warning, WarningDetail, WarningKind};
use format::Format;
use intern::Interner;
use mapping::Mapping;
use progress::{Progress, ProgressReader};
use report::FileReport;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use table::{Layout, Table};

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
    /// Trades, in file order, and what was made of the file.
    Trades(Vec<Trade>, FileReport),
    /// A broker report: trades, warnings, the broker's own FIFO results.
    Broker(freedom::FreedomReport, FileReport),
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
    /// What was made of each trade file, in the order read.
    pub reports: Vec<FileReport>,
    /// Brokers' own FIFO results per sale (by source line), to compare with ours.
    pub broker_fifo: Vec<(Source, rust_decimal::Decimal)>,
    /// Saved column mappings: a CSV file read as trades (or recognised by header) whose header
    /// one of them matches is read with it, before any built-in format is tried.
    pub mappings: Vec<Mapping>,
    /// Dividends and interest that broker reports hold (see [`crate::income`]).
    pub income: Vec<crate::income::Income>,
    /// Splits that broker reports hold, already applied to [`Inputs::trades`] (kept so that
    /// trades read later are restated too, and a split reported twice is applied once).
    pub splits: Vec<corporate::Split>,
    interner: Interner,
}

impl Inputs {
    /// These inputs with another trade list (rates, prices, warnings, reports... copied; the
    /// trades of `self` are not).
    pub fn with_trades(&self, trades: Vec<Trade>) -> Inputs {
        Inputs {
            trades,
            rates: self.rates.clone(),
            prices: self.prices.clone(),
            warnings: self.warnings.clone(),
            reports: self.reports.clone(),
            broker_fifo: self.broker_fifo.clone(),
            mappings: self.mappings.clone(),
            income: self.income.clone(),
            splits: self.splits.clone(),
            interner: self.interner.clone(),
        }
    }

    /// Reads files in order, each as `role` (or recognised by header), then drops duplicates.
    /// Every file is read even when an earlier one fails, so all errors are reported at once.
    pub fn load(files: &[(PathBuf, FileRole)]) -> Result<Inputs, InputErrors> {
        Inputs::load_with_mappings(files, &[])
    }

    /// As [`Inputs::load`], with saved column mappings for files whose header one of them
    /// matches (see [`Inputs::mappings`]).
    pub fn load_with_mappings(
        files: &[(PathBuf, FileRole)],
        mappings: &[Mapping],
    ) -> Result<Inputs, InputErrors> {
        let names = display_names(files.iter().map(|(p, _)| p.as_path()));
        let mut inputs = Inputs {
            mappings: mappings.to_vec(),
            ..Inputs::default()
        };
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
        match read_with_mappings(input, name, role, &self.mappings, &mut self.interner)? {
            Loaded::Trades(mut t, report) => {
                for s in &self.splits {
                    corporate::apply(&mut t, s);
                }
                if self.trades.is_empty() {
                    std::mem::swap(&mut self.trades, &mut t);
                } else {
                    self.trades.append(&mut t);
                }
                self.reports.push(report);
            }
            Loaded::Broker(got, report) => {
                self.broker_fifo.extend(got.broker_fifo_by_source());
                self.warnings.extend(got.warnings);
                self.income.extend(got.income);
                self.add_trades_and_splits(got.trades, got.splits);
                self.reports.push(report);
            }
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
        self.income.extend(other.income);
        self.merge_trades_and_splits(other.trades, other.splits);
        self.reports.extend(other.reports);
        self.broker_fifo.extend(other.broker_fifo);
        self.warnings.extend(other.warnings);
        self.warnings.retain(|w| w.kind != WarningKind::Duplicate);
        self.drop_duplicates();
        Ok(())
    }

    /// Appends trades and applies splits so that each split restates each trade once: the
    /// splits already read restate the new trades, then the new splits (those not already read)
    /// restate all trades.
    fn add_trades_and_splits(&mut self, mut trades: Vec<crate::model::Trade>, splits: Vec<corporate::Split>) {
        for s in &self.splits {
            corporate::apply(&mut trades, s);
        }
        self.trades.append(&mut trades);
        for s in splits {
            if self.splits.iter().any(|old| old.same_as(&s)) {
                continue;
            }
            corporate::apply(&mut self.trades, &s);
            self.splits.push(s);
        }
    }

    /// As [`Inputs::add_trades_and_splits`] for the trades of other inputs, which their own
    /// splits have already restated: this side's splits restate them (unless the same split
    /// is theirs too), their splits restate this side's trades only.
    fn merge_trades_and_splits(
        &mut self,
        mut trades: Vec<crate::model::Trade>,
        splits: Vec<corporate::Split>,
    ) {
        for s in &self.splits {
            if !splits.iter().any(|theirs| theirs.same_as(s)) {
                corporate::apply(&mut trades, s);
            }
        }
        for s in splits {
            if self.splits.iter().any(|old| old.same_as(&s)) {
                continue;
            }
            corporate::apply(&mut self.trades, &s);
            self.splits.push(s);
        }
        self.trades.append(&mut trades);
    }

    /// Drops the second and later copies of a trade, in place, with a warning naming both
    /// lines: the same venue (any letter case) and id; or, for trades without an id, the same
    /// time, asset, currency, side, quantity and total in another file (within one file, such
    /// rows are separate fills and are kept).
    pub fn drop_duplicates(&mut self) {
        crate::income::drop_duplicates(&mut self.income, &mut self.warnings);
        let mut keep = duplicate_mask(&self.trades, &mut self.warnings);
        same_trade_in_other_files(&self.trades, &mut keep, &mut self.warnings);
        for (t, kept) in self.trades.iter().zip(&keep) {
            if !kept && let Some(r) = self.reports.iter_mut().rev().find(|r| *r.file == *t.source.file) {
                r.duplicates += 1;
            }
        }
        let mut i = 0;
        self.trades.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    }
}

/// Marks trades without an id that repeat one of another file (same instant, asset, currency,
/// side, quantity and total), with a warning each.
fn same_trade_in_other_files(trades: &[Trade], keep: &mut [bool], warnings: &mut Vec<Warning>) {
    let without_id = |t: &&Trade| t.id.is_none();
    let mut files = trades.iter().filter(without_id).map(|t| &t.source.file);
    let Some(first_file) = files.next() else { return };
    if files.all(|f| f == first_file) {
        return; // one file: nothing to compare with (and no memory spent on it)
    }
    type Key<'a> = (
        chrono::DateTime<chrono::Utc>,
        &'a str,
        &'a str,
        bool,
        rust_decimal::Decimal,
        rust_decimal::Decimal,
    );
    let mut seen: FxHashMap<Key<'_>, usize> = FxHashMap::default();
    for (i, t) in trades.iter().enumerate() {
        if t.id.is_some() || !keep[i] {
            continue;
        }
        let key = (
            t.utc(),
            &*t.asset,
            &*t.currency,
            t.side == Side::Buy,
            t.quantity.normalize(),
            t.total.normalize(),
        );
        match seen.get(&key) {
            Some(&j) if trades[j].source.file != t.source.file => {
                keep[i] = false;
                warnings.push(Warning::new(
                    WarningDetail::Duplicate {
                        id: format!(
                            "{} {} {} {} for {} {}",
                            t.utc().format("%Y-%m-%d %H:%M:%S"),
                            t.side.as_str(),
                            t.quantity.normalize(),
                            t.asset,
                            t.total.normalize(),
                            t.currency
                        ),
                        venue: t.exchange.as_deref().unwrap_or("-").to_string(),
                        first: trades[j].source.clone(),
                    },
                    Some(t.source.clone()),
                    None,
                ));
            }
            Some(_) => {}
            None => {
                seen.insert(key, i);
            }
        }
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

/// How many bytes of a file are looked at to recognise its layout.
const HEAD_BYTES: usize = 64 * 1024;

/// Reads one file's content as `role`: recognises its delimiter (`,` or, as Excel writes in a
/// Russian locale, `;` with decimal commas), skips a preamble before the header, and reads it
/// in the format its header names.
pub fn read<R: Read + Send>(
    input: R,
    name: &str,
    role: FileRole,
    interner: &mut Interner,
) -> Result<Loaded, Vec<InputError>> {
    read_with_mappings(input, name, role, &[], interner)
}

/// As [`read`], reading a trade file (or one recognised by header) whose header one of
/// `mappings` matches with that mapping; its report's format is `Mapped: <name>`.
pub fn read_with_mappings<R: Read + Send>(
    mut input: R,
    name: &str,
    role: FileRole,
    mappings: &[Mapping],
    interner: &mut Interner,
) -> Result<Loaded, Vec<InputError>> {
    let mappings = match role {
        FileRole::Auto | FileRole::Trades => mappings,
        FileRole::Rates | FileRole::Prices => &[],
    };
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut input)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| vec![InputError::file(name, Problem::ReadFailed(e.to_string()))])?;
    if role != FileRole::Rates && role != FileRole::Prices && freedom::looks_like(&head) {
        let mut bytes = head;
        let limit = freedom::MAX_REPORT_BYTES;
        input
            .take(limit + 1 - bytes.len() as u64)
            .read_to_end(&mut bytes)
            .map_err(|e| vec![InputError::file(name, Problem::ReadFailed(e.to_string()))])?;
        if bytes.len() as u64 > limit {
            return Err(vec![
                InputError::file(name, Problem::FileTooLarge(limit))
                    .expected(Expectation::SmallerFile(limit)),
            ]);
        }
        let mut report = FileReport::new(name, freedom::NAME);
        let got = freedom::read(&bytes, name, interner, &mut report)?;
        report.trades = got.trades.len() as u64;
        return Ok(Loaded::Broker(got, report));
    }
    if role != FileRole::Rates && role != FileRole::Prices && ibkr::looks_like(&head) {
        let mut bytes = head;
        let limit = ibkr::MAX_STATEMENT_BYTES;
        input
            .take(limit + 1 - bytes.len() as u64)
            .read_to_end(&mut bytes)
            .map_err(|e| vec![InputError::file(name, Problem::ReadFailed(e.to_string()))])?;
        if bytes.len() as u64 > limit {
            return Err(vec![
                InputError::file(name, Problem::FileTooLarge(limit))
                    .expected(Expectation::SmallerFile(limit)),
            ]);
        }
        let (format, reader): (&str, ibkr::Reader) = if ibkr::activity::looks_like(&bytes) {
            (ibkr::activity::NAME, ibkr::activity::read)
        } else {
            (ibkr::flex::NAME, ibkr::flex::read)
        };
        let mut report = FileReport::new(name, format);
        let got = reader(&bytes, name, interner, &mut report)?;
        report.trades = got.trades.len() as u64;
        return Ok(Loaded::Broker(got, report));
    }
    let wanted = |names: &[String]| match role {
        _ if mappings.iter().any(|m| m.matches(names)) => true,
        FileRole::Auto => Format::detect(names).is_some(),
        FileRole::Trades => Format::detect_trades(names).is_some(),
        FileRole::Rates => Format::Rates.matches(names),
        FileRole::Prices => Format::Prices.matches(names),
    };
    let layout = Layout::sniff(&head, &wanted);
    let style = if layout.delimiter == b';' {
        Style::Russian
    } else {
        Style::Plain
    };
    let input = std::io::Cursor::new(head).chain(input);
    let mut table = Table::open_with(name, input, &layout).map_err(|e| vec![e])?;
    if let Some(mapping) = mappings.iter().find(|m| m.matches(&table.header.raw)) {
        let mut report = FileReport::new(name, &format!("Mapped: {}", mapping.name));
        let trades = mapping::read(&mut table, mapping, interner, &mut report)?;
        report.trades = trades.len() as u64;
        return Ok(Loaded::Trades(trades, report));
    }
    let names = table.header.names().to_vec();
    let format = match role {
        FileRole::Auto => Format::detect(&names),
        FileRole::Trades => Some(Format::detect_trades(&names).unwrap_or(Format::Generic)),
        FileRole::Rates => Some(Format::Rates),
        FileRole::Prices => Some(Format::Prices),
    };
    let Some(format) = format else {
        return Err(vec![
            InputError::line(name, table.header_line, Problem::FormatNotRecognised)
                .found(&table.header.raw.join(","))
                .expected(Expectation::KnownFormat),
        ]);
    };
    let mut report = FileReport::new(name, format.name());
    match format {
        Format::Rates => rates::read(&mut table).map(Loaded::Rates),
        Format::Prices => prices::read(&mut table).map(Loaded::Prices),
        trades => {
            let trades = match trades {
                Format::BinanceSpot => binance::spot::read_with(&mut table, interner, &mut report, style)?,
                Format::BinanceSpotOld => {
                    binance::spot_legacy::read_with(&mut table, interner, &mut report, style)?
                }
                Format::BinanceStatement => {
                    binance::statement::read_with(&mut table, interner, &mut report, style)?
                }
                Format::BybitSpot => bybit::read(&mut table, interner, &mut report)?,
                _ => {
                    let trades = generic::read(&mut table, interner, style)?;
                    report.rows = trades.len() as u64;
                    trades
                }
            };
            report.trades = trades.len() as u64;
            if style == Style::Russian {
                report.format = format!("{} (Excel, Russian locale)", format.name());
            }
            Ok(Loaded::Trades(trades, report))
        }
    }
}

/// Recognises a file by its normalised header names.
pub fn detect(names: &[String]) -> Option<FileRole> {
    Format::detect(names).map(|f| match f {
        Format::Rates => FileRole::Rates,
        Format::Prices => FileRole::Prices,
        _ => FileRole::Trades,
    })
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
