//! Reading a CSV table row by row on two threads, for every importer: a reading thread splits
//! the CSV into batches of records and the calling thread turns them into outputs (trades, or
//! parts of trades) through a [`RowParser`]; when the caller falls behind, the reading thread
//! parses a batch itself, so both cores stay busy. Batches arrive in file order and are
//! recycled, so memory stays flat. Two threads whatever the cores: the reading of one CSV is one
//! stream, so this is a pipeline of two stages, not a split of the work.

use super::intern::Interner;
use super::table::{ErrorSink, Header, Row, Table};
use crate::error::InputError;
use crate::model::{Code, Shared};
use crate::parse::Style;
use csv::ByteRecord;
use std::io::Read;
use std::sync::mpsc;

/// What every parser of a row needs, one per thread: the file name, an interner, the venue name
/// and the number style.
pub(crate) struct Cx<'a> {
    pub(crate) file: &'a Shared,
    pub(crate) interner: &'a mut Interner,
    pub(crate) venue: Code,
    pub(crate) style: Style,
}

impl<'a> Cx<'a> {
    fn new(file: &'a Shared, interner: &'a mut Interner, style: Style, venue: &str) -> Cx<'a> {
        let venue = interner.get(venue);
        Cx {
            file,
            interner,
            venue,
            style,
        }
    }
}

/// Turns one data row into an output (a trade, or a part of one).
pub(crate) trait RowParser: Sync {
    type Out: Send;
    /// What is counted rather than kept (rows that are not trades), so that memory grows with
    /// what is kept, not with the file.
    type Tally: Default + Send;
    fn parse(&self, row: &Row<'_>, cx: &mut Cx<'_>) -> Result<Self::Out, InputError>;
    /// What a row gives: an output kept, or nothing when it was counted into `tally`.
    /// [`RowParser::parse`], then [`RowParser::keep`], unless a parser sends some rows to its
    /// tally itself.
    fn parse_row(
        &self,
        row: &Row<'_>,
        cx: &mut Cx<'_>,
        tally: &mut Self::Tally,
    ) -> Result<Option<Self::Out>, InputError> {
        self.parse(row, cx).map(|out| self.keep(out, tally))
    }
    /// Keeps an output, or counts it into `tally` and drops it. Keeps every output by default.
    fn keep(&self, out: Self::Out, _tally: &mut Self::Tally) -> Option<Self::Out> {
        Some(out)
    }
    /// Adds a batch's tally to the file's (`batch` is left empty).
    fn add(&self, _total: &mut Self::Tally, _batch: &mut Self::Tally) {}
}

/// What [`read_rows`] made of a table: outputs in file order, the number of data rows, and the
/// errors (in line order).
pub(crate) struct Parsed<T, U> {
    pub(crate) outs: Vec<T>,
    /// What the parser counted instead of keeping.
    pub(crate) tally: U,
    pub(crate) rows: u64,
    pub(crate) errors: ErrorSink,
}

/// Reads every row of `table` through `parser`, as the generic importer does: a reading thread
/// splits the CSV into batches and this thread parses them; when this thread falls behind, the
/// reading thread parses a batch itself. Batches arrive in file order and are recycled.
pub(crate) fn read_rows<R: Read + Send, P: RowParser>(
    table: &mut Table<R>,
    interner: &mut Interner,
    parser: &P,
    style: Style,
    venue: &str,
) -> Parsed<P::Out, P::Tally> {
    // Each thread gives its trades its own copy of the file name: a trade takes a count of it,
    // and a count that two threads change moves between the cores on each change.
    let file: Shared = Shared::from(table.file.as_str());
    let reader_file: Shared = Shared::from(table.file.as_str());
    let header = table.header.clone();
    let mut out = Parsed {
        outs: Vec::new(),
        tally: P::Tally::default(),
        rows: 0,
        errors: ErrorSink::default(),
    };
    std::thread::scope(|s| {
        let (full_tx, full_rx) = mpsc::sync_channel::<Batch<P::Out, P::Tally>>(1);
        let (empty_tx, empty_rx) = mpsc::channel::<Batch<P::Out, P::Tally>>();
        s.spawn(move || {
            let mut own_interner = Interner::default();
            let mut cx = Cx::new(&reader_file, &mut own_interner, style, venue);
            loop {
                let mut batch = empty_rx.try_recv().unwrap_or_default();
                let more = batch.fill(table);
                let batch = match full_tx.try_send(batch) {
                    Ok(()) => None,
                    Err(mpsc::TrySendError::Full(mut batch)) => {
                        batch.parse(&table.header, parser, &mut cx);
                        Some(batch)
                    }
                    Err(mpsc::TrySendError::Disconnected(_)) => break,
                };
                if batch.is_some_and(|b| full_tx.send(b).is_err()) || !more {
                    break;
                }
            }
        });
        let mut cx = Cx::new(&file, interner, style, venue);
        for mut batch in full_rx {
            // Batches come in file order: one this thread parses goes straight onto the end of
            // the outputs; one the reading thread parsed is moved there.
            if batch.parsed {
                out.outs.append(&mut batch.outs);
            } else {
                batch.parse_into(&header, parser, &mut cx, &mut out.outs);
            }
            out.rows += batch.len as u64;
            parser.add(&mut out.tally, &mut batch.tally);
            for e in batch.errors.drain(..) {
                out.errors.push(e);
            }
            // The reader may have finished already; then the batch is simply dropped.
            let _ = empty_tx.send(batch);
        }
    });
    out
}

/// Records read ahead by the reading thread, and what was made of them.
struct Batch<T, U> {
    records: Vec<ByteRecord>,
    lines: Vec<u64>,
    len: usize,
    /// A read error that ended the file.
    error: Option<InputError>,
    /// Records that were not whole rows (the reading went on after them).
    bad_rows: Vec<InputError>,
    parsed: bool,
    outs: Vec<T>,
    tally: U,
    errors: Vec<InputError>,
}

impl<T, U: Default> Default for Batch<T, U> {
    fn default() -> Self {
        Batch {
            records: Vec::new(),
            lines: Vec::new(),
            len: 0,
            error: None,
            bad_rows: Vec::new(),
            parsed: false,
            outs: Vec::new(),
            tally: U::default(),
            errors: Vec::new(),
        }
    }
}

impl<T, U> Batch<T, U> {
    /// Most records in a batch.
    const SIZE: usize = 4096;
    /// A batch ends early once its records hold this many bytes, so that a few batches of long
    /// rows (each up to [`super::table::MAX_ROW_BYTES`]) stay a few megabytes.
    const BYTES: usize = 4 << 20;
    /// A record that held more than this many bytes (or fields) is dropped after use rather
    /// than kept for the next one, so no slot keeps a long row's memory.
    const KEEP: usize = 16 << 10;

    /// Refills the batch from `table`; false when the file is done (or failed).
    fn fill<R: Read>(&mut self, table: &mut Table<R>) -> bool {
        self.len = 0;
        self.error = None;
        self.bad_rows.clear();
        self.parsed = false;
        let mut bytes = 0;
        while self.len + self.bad_rows.len() < Self::SIZE && bytes < Self::BYTES {
            if self.records.len() == self.len {
                self.records.push(ByteRecord::new());
                self.lines.push(0);
            }
            let record = &mut self.records[self.len];
            if record.as_slice().len() > Self::KEEP || record.len() > Self::KEEP / 8 {
                *record = ByteRecord::new();
            }
            match table.read_record(record) {
                None => return false,
                Some(Ok(line)) => {
                    bytes += record.as_slice().len() + 8 * record.len();
                    self.lines[self.len] = line;
                    self.len += 1;
                }
                Some(Err(e)) if table.has_failed() => {
                    self.error = Some(e);
                    return false;
                }
                Some(Err(e)) => self.bad_rows.push(e),
            }
        }
        true
    }

    /// Parses the records into the batch's own outputs (errors in line order).
    fn parse<P: RowParser<Out = T, Tally = U>>(&mut self, header: &Header, parser: &P, cx: &mut Cx<'_>) {
        let mut outs = std::mem::take(&mut self.outs);
        outs.clear();
        self.parse_into(header, parser, cx, &mut outs);
        self.outs = outs;
    }

    /// Parses the records, their outputs pushed onto `outs` (errors in line order).
    fn parse_into<P: RowParser<Out = T, Tally = U>>(
        &mut self,
        header: &Header,
        parser: &P,
        cx: &mut Cx<'_>,
        outs: &mut Vec<T>,
    ) {
        self.errors.clear();
        for (record, &line) in self.records.iter().zip(&self.lines).take(self.len) {
            let row = Row::new(cx.file, line, record, header);
            match parser.parse_row(&row, cx, &mut self.tally) {
                Ok(Some(t)) => outs.push(t),
                Ok(None) => {}
                Err(e) => self.errors.push(e),
            }
        }
        if !self.bad_rows.is_empty() {
            self.errors.append(&mut self.bad_rows);
            self.errors.sort_by_key(|e| e.line);
        }
        if let Some(e) = self.error.take() {
            self.errors.push(e);
        }
        self.parsed = true;
    }
}

/// Reads every row of `table` as one trade through `parser`, counting rows and trades in
/// `report`; all bad rows are reported.
pub(crate) fn read_trades<R: Read + Send, P: RowParser<Out = crate::model::Trade, Tally = ()>>(
    table: &mut Table<R>,
    interner: &mut Interner,
    report: &mut super::report::FileReport,
    parser: &P,
    style: Style,
    venue: &str,
) -> Result<Vec<crate::model::Trade>, Vec<InputError>> {
    let parsed = read_rows(table, interner, parser, style, venue);
    report.rows += parsed.rows;
    if !parsed.errors.is_empty() {
        return Err(parsed.errors.finish(&table.file));
    }
    report.trades += parsed.outs.len() as u64;
    Ok(parsed.outs)
}

/// What one row of a trade table is: a trade, or a row to skip (with the reason counted in the
/// file's report).
pub(crate) enum RowTrade {
    /// The row's trade.
    Trade(crate::model::Trade),
    /// Not a trade; the reason, as counted in [`super::report::FileReport::skipped`].
    Skip(std::borrow::Cow<'static, str>),
}

/// Reads every remaining row of `table` on this thread through `each`, counting rows, trades
/// and skipped rows in `report`. Every row is read even after an error, so all errors are
/// reported at once (at most [`ErrorSink`]'s number, then a count).
pub(crate) fn each_trade<R: Read>(
    table: &mut Table<R>,
    report: &mut super::report::FileReport,
    mut each: impl FnMut(&Row<'_>) -> Result<RowTrade, InputError>,
) -> Result<Vec<crate::model::Trade>, Vec<InputError>> {
    let file = table.file.clone();
    let mut trades = Vec::new();
    let mut errors = ErrorSink::default();
    let mut record = ByteRecord::new();
    while let Some(next) = table.read_record(&mut record) {
        let line = match next {
            Ok(line) => line,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        report.rows += 1;
        match each(&table.row(&record, line)) {
            Ok(RowTrade::Trade(t)) => {
                report.trades += 1;
                trades.push(t);
            }
            Ok(RowTrade::Skip(reason)) => report.skip(&reason),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(trades)
    } else {
        Err(errors.finish(&file))
    }
}
