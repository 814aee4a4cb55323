//! Reading input files: trade files, official-rate tables and price tables, each recognised by
//! its header. Nothing read is ever modified; every problem is an [`InputError`].

pub mod binance;
pub mod bybit;
pub mod bybit_funding;
pub mod bybit_uta;
pub mod corporate;
mod duplicates;
pub mod encoding;
pub mod exchange;
pub mod format;
pub mod freedom;
pub mod generic;
pub mod ibkr;
pub mod intern;
pub mod kucoin;
pub mod mapping;
pub mod okx;
pub mod opening;
pub mod price_exports;
pub mod price_table;
pub mod progress;
pub mod rate_table;
pub mod report;
pub mod rows;
pub mod table;
pub mod xlsx;

use crate::error::{Expectation, FileKind, InputError, InputErrors, Problem};
use crate::model::{Source, Trade};
use crate::parse::Style;
use crate::prices::PriceTable;
use crate::rates::RateTable;
use crate::warning::{Warning, WarningKind};
use duplicates::{Duplicates, duplicates};
use format::Format;
use intern::Interner;
use mapping::Mapping;
use progress::{Progress, ProgressReader};
use report::FileReport;
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
    /// Events beyond trades (transfers, rewards, opening positions...), file by file; in
    /// effective inputs, what was made of them ([`crate::engine::apply`]).
    pub ledger: crate::ledger::events::Ledger,
    /// Dividends and interest that broker reports hold (see [`crate::income`]).
    pub income: Vec<crate::income::Income>,
    /// Splits that broker reports hold, already applied to [`Inputs::trades`] (kept so that
    /// trades read later are restated too, and a split reported twice is applied once).
    pub splits: Vec<corporate::Split>,
    /// The asset chosen for a price export (by file name as given), instead of the one its
    /// file name names.
    pub price_assets: Vec<(String, String)>,
    /// Time zones the user gave for files that do not say theirs (Binance's spot trade history
    /// writes it only into the file name): file name (as shown, or its last path part) and
    /// offset. See [`Inputs::zone_for`].
    pub file_zones: Vec<(String, chrono::FixedOffset)>,
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
            ledger: self.ledger.clone(),
            income: self.income.clone(),
            splits: self.splits.clone(),
            price_assets: self.price_assets.clone(),
            file_zones: self.file_zones.clone(),
            interner: self.interner.clone(),
        }
    }

    /// The time zone the user gave for the file called `name` (as shown in messages): an entry
    /// of [`Inputs::file_zones`] naming it exactly, or naming the same last path part.
    pub fn zone_for(&self, name: &str) -> Option<chrono::FixedOffset> {
        let base = |s: &str| s.rsplit(['/', '\\']).next().unwrap_or(s).to_string();
        self.file_zones
            .iter()
            .find(|(f, _)| f == name)
            .or_else(|| self.file_zones.iter().find(|(f, _)| base(f) == base(name)))
            .map(|(_, z)| *z)
    }

    /// Reads files in order (each folder as the files in it), with saved column mappings, the
    /// asset chosen for price exports ([`Inputs::price_assets`]) and the time zones given for
    /// files that do not say theirs ([`Inputs::file_zones`]); then drops duplicates, refusing
    /// one venue and id on two different trades. Every file is read even when an earlier one
    /// fails, so all errors are reported at once.
    pub fn load_all(
        files: &[(PathBuf, FileRole)],
        mappings: &[Mapping],
        price_assets: &[(String, String)],
        file_zones: &[(String, chrono::FixedOffset)],
    ) -> Result<Inputs, InputErrors> {
        let files = &expand_folders(files).map_err(InputErrors)?;
        let names = display_names(files.iter().map(|(p, _)| p.as_path()));
        let mut inputs = Inputs {
            mappings: mappings.to_vec(),
            price_assets: price_assets.to_vec(),
            file_zones: file_zones.to_vec(),
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
        inputs.check_duplicates()?;
        Ok(inputs)
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
        Inputs::load_all(files, mappings, &[], &[])
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
        let price_asset = self
            .price_assets
            .iter()
            .find(|(file, _)| file == name)
            .map(|(_, a)| a.as_str());
        let options = ReadOptions {
            mappings: &self.mappings,
            zone: self.zone_for(name),
            price_asset,
        };
        match read_with_options(input, name, role, &options, &mut self.interner)? {
            Loaded::Trades(mut t, mut report) => {
                self.ledger.entries.append(&mut report.ledger);
                self.warnings.extend(report.warnings.iter().cloned());
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
    /// On error (conflicting rates, one venue and id on two different trades), these inputs
    /// are left as they were.
    pub fn merge(&mut self, other: Inputs) -> Result<(), InputErrors> {
        let mut rates = self.rates.clone();
        rates.merge(other.rates, "the imported rate files")?;
        let before = self.trades.len();
        // Splits new to these inputs restate the trades already here: keep them to restore.
        let restore = (!other.splits.is_empty()).then(|| (self.trades.clone(), self.splits.clone()));
        self.merge_trades_and_splits(other.trades, other.splits);
        let found = duplicates(&self.trades);
        if !found.conflicts.is_empty() {
            match restore {
                Some((trades, splits)) => {
                    self.trades = trades;
                    self.splits = splits;
                }
                None => self.trades.truncate(before),
            }
            return Err(InputErrors(found.conflicts));
        }
        self.rates = rates;
        self.prices.merge(other.prices);
        self.ledger.entries.extend(other.ledger.entries);
        self.income.extend(other.income);
        self.reports.extend(other.reports);
        self.broker_fifo.extend(other.broker_fifo);
        self.warnings.extend(other.warnings);
        self.warnings.retain(|w| w.kind != WarningKind::Duplicate);
        crate::income::drop_duplicates(&mut self.income, &mut self.warnings);
        self.apply_duplicates(found);
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
    /// lines: the same venue (any letter case) and id on the same trade (same instant, side,
    /// asset, currency, quantity, total, fee and kind); or, for trades without an id, the same
    /// venue (or none), instant, side, asset, currency, quantity and total in another file
    /// (within one file, such rows are separate fills and are kept). Ids are compared as
    /// read: trimmed at both ends like every cell, otherwise exactly (letter case and inner
    /// spaces count).
    ///
    /// Two *different* trades with one venue and id are both kept here; [`Inputs::check_duplicates`]
    /// refuses them, as loading files does.
    pub fn drop_duplicates(&mut self) {
        crate::income::drop_duplicates(&mut self.income, &mut self.warnings);
        let found = duplicates(&self.trades);
        self.apply_duplicates(found);
    }

    /// As [`Inputs::drop_duplicates`], but one venue and id on two different trades is an error
    /// naming both lines (neither may be dropped, and which one is right only the user can
    /// tell). On error, these inputs are left as they were.
    pub fn check_duplicates(&mut self) -> Result<(), InputErrors> {
        let found = duplicates(&self.trades);
        if !found.conflicts.is_empty() {
            return Err(InputErrors(found.conflicts));
        }
        self.apply_duplicates(found);
        Ok(())
    }

    fn apply_duplicates(&mut self, found: Duplicates) {
        let Duplicates {
            keep,
            mut warnings,
            dropped,
            ..
        } = found;
        if dropped == 0 {
            return;
        }
        self.warnings.append(&mut warnings);
        for (t, kept) in self.trades.iter().zip(&keep) {
            if !kept && let Some(r) = self.reports.iter_mut().rev().find(|r| *r.file == *t.file) {
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

/// The files given, each folder replaced by the files in it (by name; hidden files and
/// sub-folders left out), with the folder's role: a folder of the bank's daily XML files, as
/// `salyq rates fetch` caches them, is read as one rate table.
pub fn expand_folders(files: &[(PathBuf, FileRole)]) -> Result<Vec<(PathBuf, FileRole)>, Vec<InputError>> {
    let mut out = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for (path, role) in files {
        if !path.is_dir() {
            out.push((path.clone(), *role));
            continue;
        }
        let name = path.display().to_string();
        let entries = match std::fs::read_dir(path) {
            Ok(e) => e,
            Err(e) => {
                errors.push(InputError::file(&name, Problem::CannotOpen(e.to_string())));
                continue;
            }
        };
        let mut inside: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.is_file()
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        inside.sort();
        out.extend(inside.into_iter().map(|p| (p, *role)));
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// What a file is when its first bytes show it is not CSV (or JSON) text: a workbook, an
/// archive, UTF-16 text, a PDF, other binary data. Such files are refused by name rather than
/// read as text.
pub fn not_csv(head: &[u8]) -> Option<FileKind> {
    let starts = |magic: &[u8]| head.starts_with(magic);
    if starts(b"PK\x03\x04") {
        let first = &head[..head.len().min(4096)];
        let has = |s: &[u8]| memchr::memmem::find(first, s).is_some();
        return Some(if has(b"xl/") || has(b"[Content_Types].xml") {
            FileKind::ExcelWorkbook
        } else if has(b"opendocument.spreadsheet") {
            FileKind::OpenDocument
        } else {
            FileKind::Zip
        });
    }
    if starts(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") || starts(b"\xD0\xCF\x11\xE0") {
        return Some(FileKind::OldExcelWorkbook);
    }
    if starts(b"\xFF\xFE") || starts(b"\xFE\xFF") {
        return Some(FileKind::Utf16);
    }
    if starts(b"%PDF-") {
        return Some(FileKind::Pdf);
    }
    let first = &head[..head.len().min(512)];
    // Text: no NUL byte.
    memchr::memchr(0, head)?;
    // UTF-16 without a byte-order mark: ASCII text with a NUL after (or before) each letter.
    let zeros_at = |parity: usize| first.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let pairs = first.len() / 2;
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if pairs >= 2 && (odd * 4 >= pairs * 3 && even == 0 || even * 4 >= pairs * 3 && odd == 0) {
        return Some(FileKind::Utf16);
    }
    Some(FileKind::Binary)
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
    input: R,
    name: &str,
    role: FileRole,
    mappings: &[Mapping],
    interner: &mut Interner,
) -> Result<Loaded, Vec<InputError>> {
    let options = ReadOptions {
        mappings,
        ..ReadOptions::default()
    };
    read_with_options(input, name, role, &options, interner)
}

/// What a file is read with besides its bytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions<'a> {
    /// Saved column mappings (see [`read_with_mappings`]).
    pub mappings: &'a [Mapping],
    /// The time zone the user gave for this file, for formats whose rows and header do not say
    /// theirs (Binance's spot trade history since 2023). Without it such a file's zone comes
    /// from its name (`…(UTC+5).csv`), else it is read as UTC with a warning.
    pub zone: Option<chrono::FixedOffset>,
    /// The asset chosen for a price export whose file name does not name it.
    pub price_asset: Option<&'a str>,
}

/// As [`read_with_mappings`], with every option of [`ReadOptions`]. A file in UTF-16 (with its
/// byte-order mark) or in Windows-1251 is decoded as it is read ([`encoding`]); its report
/// names the encoding.
pub fn read_with_options<R: Read + Send>(
    mut input: R,
    name: &str,
    role: FileRole,
    options: &ReadOptions<'_>,
    interner: &mut Interner,
) -> Result<Loaded, Vec<InputError>> {
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut input)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| vec![InputError::file(name, Problem::ReadFailed(e.to_string()))])?;
    if xlsx::looks_like(&head) {
        // A ZIP archive that is no spreadsheet (nor anything else read here) is named as such.
        return match not_csv(&head) {
            Some(kind @ FileKind::Zip) => Err(vec![
                InputError::file(name, Problem::NotCsv(kind)).expected(Expectation::SavedAsCsv(kind)),
            ]),
            _ => read_workbook(head, input, name, role, options, interner),
        };
    }
    let whole = std::io::Cursor::new(head).chain(input);
    let Some(enc) = encoding::sniff(whole.get_ref().0.get_ref()) else {
        return read_text(whole, name, role, options, interner);
    };
    let mut loaded = read_text(encoding::decode(whole, enc), name, role, options, interner)?;
    if let Loaded::Trades(_, r) | Loaded::Broker(_, r) = &mut loaded {
        r.encoding = Some(encoding::name(enc).to_string());
    }
    Ok(loaded)
}

/// The whole of a file read whole (a workbook, a JSON or XML report): `head`, its first bytes
/// already read, then the rest of `input`; a file over `limit` bytes is refused after reading
/// one byte past it.
fn whole_file(
    mut bytes: Vec<u8>,
    input: impl Read,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>, Vec<InputError>> {
    input
        .take((limit + 1).saturating_sub(bytes.len() as u64))
        .read_to_end(&mut bytes)
        .map_err(|e| vec![InputError::file(name, Problem::ReadFailed(e.to_string()))])?;
    if bytes.len() as u64 > limit {
        return Err(vec![
            InputError::file(name, Problem::FileTooLarge(limit)).expected(Expectation::SmallerFile(limit)),
        ]);
    }
    Ok(bytes)
}

/// [`read_with_options`] of an Excel workbook whose first bytes are `head`: its first sheet
/// with a known header, read as CSV ([`xlsx`]); the report's format names the sheet.
fn read_workbook<R: Read + Send>(
    bytes: Vec<u8>,
    input: R,
    name: &str,
    role: FileRole,
    options: &ReadOptions<'_>,
    interner: &mut Interner,
) -> Result<Loaded, Vec<InputError>> {
    let bytes = whole_file(bytes, input, name, xlsx::MAX_WORKBOOK_BYTES)?;
    let mapped = |names: &[String]| options.mappings.iter().any(|m| m.matches(names));
    let is_header = |names: &[String]| match role {
        FileRole::Auto => mapped(names) || Format::detect(names).is_some(),
        FileRole::Trades => mapped(names) || Format::detect_trades(names).is_some(),
        FileRole::Rates => Format::Rates.matches(names),
        FileRole::Prices => Format::Prices.matches(names),
    };
    let sheet = xlsx::sheet(bytes, name, &is_header).map_err(|e| vec![e])?;
    let mut loaded = read_text(std::io::Cursor::new(sheet.csv), name, role, options, interner)?;
    if let Loaded::Trades(_, r) | Loaded::Broker(_, r) = &mut loaded {
        r.format = format!("{} (Excel workbook, sheet \"{}\")", r.format, sheet.name);
    }
    Ok(loaded)
}

/// [`read_with_options`] of a file in UTF-8.
fn read_text<R: Read + Send>(
    mut input: R,
    name: &str,
    role: FileRole,
    options: &ReadOptions<'_>,
    interner: &mut Interner,
) -> Result<Loaded, Vec<InputError>> {
    let (mappings, price_asset) = (options.mappings, options.price_asset);
    let mappings = match role {
        FileRole::Auto | FileRole::Trades => mappings,
        FileRole::Rates | FileRole::Prices => &[],
    };
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut input)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| vec![InputError::file(name, Problem::ReadFailed(e.to_string()))])?;
    if (role == FileRole::Auto || role == FileRole::Rates) && crate::nbk::xml::looks_like(&head) {
        let bytes = whole_file(head, input, name, crate::nbk::xml::MAX_XML_BYTES)?;
        let file = crate::nbk::xml::read(&bytes, name)?;
        return Ok(Loaded::Rates(crate::nbk::xml::table(&file)));
    }
    if let Some(kind) = not_csv(&head) {
        return Err(vec![
            InputError::file(name, Problem::NotCsv(kind)).expected(Expectation::SavedAsCsv(kind)),
        ]);
    }
    if role != FileRole::Rates && role != FileRole::Prices && freedom::looks_like(&head) {
        let bytes = whole_file(head, input, name, freedom::MAX_REPORT_BYTES)?;
        let mut report = FileReport::new(name, freedom::NAME);
        let got = freedom::read(&bytes, name, interner, &mut report)?;
        report.trades = got.trades.len() as u64;
        return Ok(Loaded::Broker(got, report));
    }
    if role != FileRole::Rates && role != FileRole::Prices && ibkr::looks_like(&head) {
        let bytes = whole_file(head, input, name, ibkr::MAX_STATEMENT_BYTES)?;
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
        let expected = match format::closest(&table.header.raw) {
            Some((format, header, missing)) => Expectation::ClosestFormat {
                format: format.to_string(),
                header: header.to_string(),
                missing,
            },
            None => Expectation::KnownFormat,
        };
        return Err(vec![
            InputError::line(name, table.header_line, Problem::FormatNotRecognised)
                .found(&table.header.raw.join(","))
                .expected(expected),
        ]);
    };
    let mut report = FileReport::new(name, format.name());
    match format {
        Format::Rates => rate_table::read(&mut table).map(Loaded::Rates),
        Format::Prices => price_table::read_with(&mut table, price_asset).map(Loaded::Prices),
        trades => {
            let trades = match trades {
                Format::BinanceSpot => binance::spot::read_with(&mut table, interner, &mut report, style)?,
                Format::BinanceSpotCurrent => {
                    binance::spot_current::read(&mut table, interner, &mut report, style, options.zone)?
                }
                Format::BinanceConvert => {
                    binance::convert::read(&mut table, interner, &mut report, options.zone)?
                }
                // Rows of different lengths by design (orders and their nested fills): this
                // reader takes the records as they come (see its module).
                Format::BinanceOrderHistory => {
                    binance::order_history::read(&mut table, interner, &mut report)?
                }
                Format::BinanceSpotOld => {
                    binance::spot_legacy::read_with(&mut table, interner, &mut report, style)?
                }
                Format::BinanceStatement => {
                    binance::statement::read_in_zone(&mut table, interner, &mut report, style, options.zone)?
                }
                Format::BybitSpot => bybit::read(&mut table, interner, &mut report)?,
                Format::BybitUta => bybit_uta::read(&mut table, interner, &mut report)?,
                Format::BybitFunding => {
                    bybit_funding::read(&mut table, interner, &mut report, style)?;
                    Vec::new()
                }
                _ if opening::matches(&names) => {
                    report.format = opening::NAME.to_string();
                    report.ledger = opening::read(&mut table, interner, style)?;
                    report.rows = report.ledger.len() as u64;
                    report.events = report.rows;
                    Vec::new()
                }
                Format::KuCoin => kucoin::read(&mut table, interner, &mut report, options.zone)?,
                Format::Okx => okx::read(&mut table, interner, &mut report, options.zone)?,
                _ => {
                    let (trades, entries) = generic::read_with_entries(&mut table, interner, style)?;
                    report.rows = (trades.len() + entries.len()) as u64;
                    report.events = entries.len() as u64;
                    report.ledger = entries;
                    trades
                }
            };
            report.trades = trades.len() as u64;
            if style == Style::Russian && format != Format::BinanceOrderHistory {
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
