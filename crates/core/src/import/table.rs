//! A CSV table read row by row: header lookup by case-insensitive name, cells as text, and
//! errors that point at file, line and column.

use crate::error::{Expectation, InputError, Problem};
use csv::{ByteRecord, Reader, ReaderBuilder};
use std::collections::VecDeque;
use std::io::Read;
use std::sync::{Arc, Mutex, PoisonError};

/// Most errors kept for one file; past this, one summary error says how many more there were.
pub const MAX_ERRORS_PER_FILE: usize = 200;

/// The cell and row limits live with the errors that name them (the error words are the
/// lowest layer); the table reader enforces them.
pub use crate::error::{MAX_CELL_BYTES, MAX_ROW_BYTES};

/// The header row: column names as written and normalised (trimmed, lower-case, no BOM).
#[derive(Debug, Clone)]
pub struct Header {
    /// Names as written in the file.
    pub raw: Vec<String>,
    normalised: Vec<String>,
}

impl Header {
    /// Builds a header from the raw names.
    pub fn new(raw: Vec<String>) -> Self {
        let normalised = raw.iter().map(|n| normalise(n)).collect();
        Header { raw, normalised }
    }

    /// The 0-based index of the column called `name` (case-insensitive).
    pub fn find(&self, name: &str) -> Option<usize> {
        self.normalised.iter().position(|n| n == name)
    }

    /// The normalised names.
    pub fn names(&self) -> &[String] {
        &self.normalised
    }
}

/// True when `names` hold every `required` column and nothing beyond `required` and `optional`
/// (blank names aside): how the exact headers of rate and price tables are recognised.
pub fn header_is(names: &[String], required: &[&str], optional: &[&str]) -> bool {
    required.iter().all(|c| names.iter().any(|n| n == c))
        && names
            .iter()
            .all(|n| n.is_empty() || required.contains(&n.as_str()) || optional.contains(&n.as_str()))
}

/// A header name normalised: no byte-order mark, trimmed, lower-case.
pub(crate) fn normalise(name: &str) -> String {
    name.trim_start_matches('\u{feff}').trim().to_lowercase()
}

/// What the reader notes for the table: where lines with content start (byte offset, 1-based
/// line), and where a quote still open at the end of the file was opened.
#[derive(Default)]
struct Noted {
    starts: VecDeque<(u64, u64)>,
    open_quote: Option<QuoteStart>,
}

/// Shared between the reader and the table.
type LineStarts = Arc<Mutex<Noted>>;

/// Where a quoted cell opens: the 1-based line and column (field) of its opening quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct QuoteStart {
    line: u64,
    column: usize,
}

/// A row that passed [`MAX_ROW_BYTES`]: where it starts, and the column being read then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowTooLong {
    /// 1-based line where the row starts.
    pub line: u64,
    /// 1-based column (field) in which the limit was passed.
    pub column: usize,
}

impl std::fmt::Display for RowTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the row at line {} is longer than {MAX_ROW_BYTES} bytes",
            self.line
        )
    }
}

impl std::error::Error for RowTooLong {}

/// Where the reader is inside a CSV record, following the csv crate's rules: a quote opens a
/// quoted cell only at the start of a cell, `""` inside one is a quote, and a line end outside
/// quotes ends the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    Start,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

/// Wraps the input and notes where each line with content starts, so row line numbers are exact
/// whatever the line ends (LF, CRLF, lone CR) or blank lines; the csv crate's own positions are
/// off for both. It also follows the records as the csv reader will split them, and fails with
/// [`RowTooLong`] as soon as one passes [`MAX_ROW_BYTES`].
pub struct LineCounting<R> {
    inner: R,
    offset: u64,
    line: u64,
    at_line_start: bool,
    pending_cr: bool,
    starts: LineStarts,
    delimiter: u8,
    cell: Cell,
    in_row: bool,
    row_line: u64,
    row_bytes: usize,
    column: usize,
    quote: QuoteStart,
}

impl<R> LineCounting<R> {
    fn new(inner: R, delimiter: u8, starts: LineStarts) -> Self {
        LineCounting {
            inner,
            offset: 0,
            line: 1,
            at_line_start: true,
            pending_cr: false,
            starts,
            delimiter,
            cell: Cell::Start,
            in_row: false,
            row_line: 1,
            row_bytes: 0,
            column: 0,
            quote: QuoteStart { line: 1, column: 1 },
        }
    }
}

impl<R: Read> Read for LineCounting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut noted = self.starts.lock().unwrap_or_else(PoisonError::into_inner);
        if n == 0 && !buf.is_empty() && self.cell == Cell::Quoted {
            // The end of the file inside a quoted cell: the table refuses the record.
            noted.open_quote = Some(self.quote);
        }
        let starts = &mut noted.starts;
        let bytes = &buf[..n];
        let d = self.delimiter;
        let mut i = 0;
        while i < n {
            let b = bytes[i];
            if self.pending_cr {
                self.pending_cr = false;
                self.line += 1;
                self.at_line_start = true;
                if b == b'\n' {
                    i += 1;
                    continue;
                }
            }
            if b == b'\n' || b == b'\r' {
                if b == b'\n' {
                    self.line += 1;
                    self.at_line_start = true;
                } else {
                    self.pending_cr = true;
                }
                if self.cell == Cell::Quoted {
                    // A line end inside quotes is part of the row, and counts towards its limit
                    // (a quote left open before millions of empty lines stops here).
                    self.row_bytes += 1;
                    if self.row_bytes > MAX_ROW_BYTES {
                        return Err(self.too_long());
                    }
                } else {
                    // The end of the record (or a blank line).
                    self.in_row = false;
                    self.cell = Cell::Start;
                }
                i += 1;
                continue;
            }
            if self.at_line_start && !self.in_row {
                // Most lines are a whole row with no quote: skipped in two scans, leaving the
                // state the byte-by-byte steps below would (up to the line's end, which they
                // then take).
                if let Some(k) = plain_line(&bytes[i..]).filter(|k| *k <= MAX_ROW_BYTES) {
                    starts.push_back((self.offset + i as u64, self.line));
                    self.at_line_start = false;
                    self.in_row = true;
                    self.row_line = self.line;
                    self.row_bytes = k;
                    // Cell and column are left as they are (the start of a cell): the line's
                    // end, taken next, ends the row and resets them, and neither is read before.
                    i += k;
                    continue;
                }
            }
            if self.at_line_start {
                starts.push_back((self.offset + i as u64, self.line));
                self.at_line_start = false;
            }
            if !self.in_row {
                self.in_row = true;
                self.row_line = self.line;
                self.row_bytes = 0;
                self.column = 0;
            }
            // Bytes that change nothing until the next one that may: skipped at once.
            let plain = |cell: Cell, from: usize| {
                let rest = &bytes[from..];
                let k = match cell {
                    Cell::Quoted => memchr::memchr3(b'"', b'\n', b'\r', rest),
                    _ => memchr::memchr3(d, b'\n', b'\r', rest),
                };
                k.unwrap_or(rest.len())
            };
            let mut skip = 0;
            self.cell = match (self.cell, b) {
                (Cell::Start, b'"') => {
                    self.quote = QuoteStart {
                        line: self.line,
                        column: self.column + 1,
                    };
                    Cell::Quoted
                }
                (Cell::Quoted, b'"') => Cell::QuoteInQuoted,
                (Cell::QuoteInQuoted, b'"') => Cell::Quoted,
                (Cell::Start | Cell::Unquoted | Cell::QuoteInQuoted, _) if b == d => {
                    self.column += 1;
                    Cell::Start
                }
                (Cell::Quoted, _) => {
                    skip = plain(Cell::Quoted, i + 1);
                    Cell::Quoted
                }
                _ => {
                    skip = plain(Cell::Unquoted, i + 1);
                    Cell::Unquoted
                }
            };
            self.row_bytes += 1 + skip;
            i += 1 + skip;
            if self.row_bytes > MAX_ROW_BYTES {
                return Err(self.too_long());
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// The length of the line that starts `bytes` when it holds content and no quote and its end
/// is in `bytes` (`None` otherwise): such a line is one whole row, read without state.
fn plain_line(bytes: &[u8]) -> Option<usize> {
    let k = memchr::memchr2(b'\n', b'\r', bytes)?;
    (k > 0 && memchr::memchr(b'"', &bytes[..k]).is_none()).then_some(k)
}

impl<R> LineCounting<R> {
    /// The error for a row past [`MAX_ROW_BYTES`]: at the opening quote when the limit was
    /// passed inside a quoted cell (most likely a quote left open), else where the row starts.
    fn too_long(&self) -> std::io::Error {
        let (line, column) = match self.cell {
            Cell::Quoted => (self.quote.line, self.quote.column),
            _ => (self.row_line, self.column + 1),
        };
        std::io::Error::other(RowTooLong { line, column })
    }
}

/// Turns the byte positions the csv reader gives for rows (the end of the previous row, before
/// any blank lines) into the 1-based line where each row's content starts.
struct Lines {
    starts: LineStarts,
    last: u64,
}

impl Lines {
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut noted = self.starts.lock().unwrap_or_else(PoisonError::into_inner);
        let starts = &mut noted.starts;
        while starts.front().is_some_and(|(o, _)| *o < byte) {
            starts.pop_front();
        }
        if let Some((_, line)) = starts.front() {
            self.last = *line;
        }
        self.last
    }

    /// Where a quote still open at the end of the file was opened, once.
    fn take_open_quote(&mut self) -> Option<QuoteStart> {
        self.starts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .open_quote
            .take()
    }
}

/// A CSV file being read: its name, reader and header.
pub struct Table<R: Read> {
    /// The file's name as given, for messages.
    pub file: String,
    reader: Reader<LineCounting<R>>,
    lines: Lines,
    /// The header row.
    pub header: Header,
    /// The header's 1-based line number.
    pub header_line: u64,
    record: ByteRecord,
    failed: bool,
    delimiter: u8,
}

/// How to open a table: its delimiter, and which of its first rows is the header.
pub struct Layout {
    /// The field delimiter (`,`, `;`, tab).
    pub delimiter: u8,
    /// 0-based index, among the non-blank rows, of the header row (rows before it are a
    /// preamble, such as Bybit's `UID: ...` line).
    pub header_row: usize,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            delimiter: b',',
            header_row: 0,
        }
    }
}

/// How many rows at the start of a file may precede its header.
pub const MAX_PREAMBLE_ROWS: usize = 20;

impl Layout {
    /// Guesses the layout from the first bytes of a file: the delimiter that splits its first
    /// lines most consistently, and the first of the first [`MAX_PREAMBLE_ROWS`] rows whose
    /// normalised names satisfy `is_header` (else the first row).
    pub fn sniff(head: &[u8], is_header: &dyn Fn(&[String]) -> bool) -> Layout {
        let delimiter = sniff_delimiter(head);
        let mut reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(head);
        let mut record = ByteRecord::new();
        let mut row = 0;
        // Without a known header, the first row that is not an account line (Bybit's `UID: 123,
        // Company Name: ,Country:`) is taken as the header, so messages never show that line
        // as the header.
        let mut fallback = None;
        while row < MAX_PREAMBLE_ROWS && matches!(reader.read_byte_record(&mut record), Ok(true)) {
            if is_blank(&record) {
                continue;
            }
            let names: Vec<String> = record
                .iter()
                .map(|c| normalise(&String::from_utf8_lossy(c)))
                .collect();
            if is_header(&names) {
                return Layout {
                    delimiter,
                    header_row: row,
                };
            }
            if fallback.is_none() && !names.first().is_some_and(|n| n.starts_with("uid:")) {
                fallback = Some(row);
            }
            row += 1;
        }
        Layout {
            delimiter,
            header_row: fallback.unwrap_or(0),
        }
    }
}

/// The delimiter among `,`, `;`, tab and `|` that gives the same number of fields on most of the
/// first lines (ignoring quoted text); `,` when in doubt.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let lines: Vec<&[u8]> = head
        .split(|&b| b == b'\n')
        .filter(|l| l.iter().any(|b| !b.is_ascii_whitespace()))
        .take(MAX_PREAMBLE_ROWS + 10)
        .collect();
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t', b'|'] {
        let mut counts: Vec<usize> = lines
            .iter()
            .map(|l| {
                let mut quoted = false;
                l.iter()
                    .filter(|&&b| {
                        if b == b'"' {
                            quoted = !quoted;
                        }
                        b == d && !quoted
                    })
                    .count()
            })
            .filter(|&n| n > 0)
            .collect();
        counts.sort_unstable();
        // The most frequent field count, and how many lines have it.
        let mut agree = 0;
        for group in counts.chunk_by(|a, b| a == b) {
            agree = agree.max(group.len());
        }
        if agree > best.1 {
            best = (d, agree);
        }
    }
    best.0
}

impl<R: Read> Table<R> {
    /// Opens a table whose first non-blank row is the header, with `,` between fields.
    pub fn open(file: &str, input: R) -> Result<Self, InputError> {
        Table::open_with(file, input, &Layout::default())
    }

    /// Opens a table with a given layout.
    pub fn open_with(file: &str, input: R, layout: &Layout) -> Result<Self, InputError> {
        let starts = LineStarts::default();
        let counting = LineCounting::new(input, layout.delimiter, starts.clone());
        let mut lines = Lines { starts, last: 1 };
        let mut reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(layout.delimiter)
            .from_reader(counting);
        let mut record = ByteRecord::new();
        let mut preamble = layout.header_row;
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(more) if let Some(quote) = lines.take_open_quote() => {
                    return Err(quote_not_closed(file, quote, more.then_some(&record), None));
                }
                Ok(false) => {
                    let problem = match reader.get_ref().offset {
                        0 => Problem::Empty,
                        n => Problem::BlankOnly(n),
                    };
                    return Err(InputError::file(file, problem).expected(Expectation::HeaderRow));
                }
                Ok(true) => {
                    if is_blank(&record) {
                        continue;
                    }
                    let line = lines.line_at(record.position().map_or(0, |p| p.byte()));
                    if preamble > 0 {
                        preamble -= 1;
                        continue;
                    }
                    let mut raw = Vec::with_capacity(record.len());
                    for (i, cell) in record.iter().enumerate() {
                        let text = std::str::from_utf8(cell).map_err(|_| {
                            InputError::line(file, line, Problem::HeaderNotUtf8)
                                .at_column(i + 1, "?")
                                .found(&escape_bytes(cell))
                                .expected(Expectation::Utf8NotCodePage)
                        })?;
                        raw.push(text.to_string());
                    }
                    return Ok(Table {
                        file: file.to_string(),
                        reader,
                        lines,
                        header: Header::new(raw),
                        header_line: line,
                        record,
                        failed: false,
                        delimiter: layout.delimiter,
                    });
                }
                Err(e) => {
                    let line = e.position().map(|p| lines.line_at(p.byte()));
                    return Err(csv_error(file, line, &e, None));
                }
            }
        }
    }

    /// Reads the next non-blank row; `None` at the end of the file (or after a read error).
    pub fn next_row(&mut self) -> Option<Result<Row<'_>, InputError>> {
        let mut record = std::mem::take(&mut self.record);
        let result = self.read_record(&mut record);
        self.record = record;
        match result? {
            Ok(line) => Some(Ok(self.row(&self.record, line))),
            Err(e) => Some(Err(e)),
        }
    }

    /// Reads the next non-blank record into `record` and returns its 1-based line; `None` at
    /// the end of the file. After a read error, every later call returns `None`.
    ///
    /// A record that is not a whole row of the table is an error, and reading goes on after
    /// it: a quoted cell that runs over a line that looks like a row ([`Problem::QuoteRunsOn`]),
    /// or a field count other than the header's ([`Problem::ExtraFields`],
    /// [`Problem::MissingFields`]) except for blank cells beyond the header or missing under
    /// blank header names. A quote still open at the end of the file ends it with
    /// [`Problem::QuoteNotClosed`].
    pub fn read_record(&mut self, record: &mut ByteRecord) -> Option<Result<u64, InputError>> {
        if self.failed {
            return None;
        }
        loop {
            match self.reader.read_byte_record(record) {
                Ok(more) if let Some(quote) = self.lines.take_open_quote() => {
                    self.failed = true;
                    return Some(Err(quote_not_closed(
                        &self.file,
                        quote,
                        more.then_some(&*record),
                        Some(&self.header),
                    )));
                }
                Ok(false) => return None,
                Ok(true) if is_blank(record) => continue,
                Ok(true) => {
                    let line = self.lines.line_at(record.position().map_or(0, |p| p.byte()));
                    return Some(match self.check_shape(record, line) {
                        None => Ok(line),
                        Some(e) => Err(e),
                    });
                }
                Err(e) => {
                    self.failed = true;
                    let line = e.position().map(|p| self.lines.line_at(p.byte()));
                    return Some(Err(csv_error(&self.file, line, &e, Some(&self.header))));
                }
            }
        }
    }

    /// An error when `record` (read at `line`) is not one whole row: see [`Table::read_record`].
    fn check_shape(&self, record: &ByteRecord, line: u64) -> Option<InputError> {
        if memchr::memchr2(b'\n', b'\r', record.as_slice()).is_some()
            && let Some(e) = self.runs_on(record, line)
        {
            return Some(e);
        }
        let (found, header) = (record.len(), self.header.raw.len());
        if found == header {
            return None;
        }
        let problem = if found > header {
            if record.iter().skip(header).all(is_blank_cell) {
                return None;
            }
            Problem::ExtraFields {
                found,
                header,
                header_line: self.header_line,
            }
        } else {
            if self.header.normalised[found..].iter().all(String::is_empty) {
                return None;
            }
            Problem::MissingFields {
                found,
                header,
                header_line: self.header_line,
            }
        };
        let e = InputError::line(&self.file, line, problem.clone());
        let e = match problem {
            Problem::MissingFields { .. } => e
                .at_column(found + 1, column_name(Some(&self.header), found + 1))
                .expected(Expectation::MissingFields),
            _ => e.expected(Expectation::ExtraFields),
        };
        Some(e.found(&row_text(record, self.delimiter)))
    }

    /// An error when a cell of `record` (read at `line`) spans a line break and a line after the
    /// break holds as many fields as the header: a quote left open that swallowed rows.
    fn runs_on(&self, record: &ByteRecord, line: u64) -> Option<InputError> {
        let header = self.header.raw.len();
        let mut at = line;
        for (i, cell) in record.iter().enumerate() {
            let opened = at;
            let mut rest = cell;
            let mut first = true;
            loop {
                let (part, next) = match memchr::memchr2(b'\n', b'\r', rest) {
                    Some(p) => {
                        let end = if rest[p] == b'\r' && rest.get(p + 1) == Some(&b'\n') {
                            p + 2
                        } else {
                            p + 1
                        };
                        (&rest[..p], Some(&rest[end..]))
                    }
                    None => (rest, None),
                };
                let fields = 1 + memchr::memchr_iter(self.delimiter, part).count();
                if !first && header > 1 && fields >= header {
                    return Some(
                        InputError::line(&self.file, opened, Problem::QuoteRunsOn { line: at })
                            .at_column(i + 1, column_name(Some(&self.header), i + 1))
                            .found(&String::from_utf8_lossy(part))
                            .expected(Expectation::ClosedQuote),
                    );
                }
                match next {
                    Some(next) => {
                        rest = next;
                        at += 1;
                        first = false;
                    }
                    None => break,
                }
            }
        }
        None
    }

    /// True once a read error ended the file (every later [`Table::read_record`] is `None`).
    pub fn has_failed(&self) -> bool {
        self.failed
    }

    /// A row view of a record read by [`Table::read_record`].
    pub fn row<'a>(&'a self, record: &'a ByteRecord, line: u64) -> Row<'a> {
        Row::new(&self.file, line, record, &self.header)
    }

    /// The indices of all `required` columns; an error naming the first one missing.
    pub fn require<const N: usize>(
        &self,
        required: [&str; N],
        expected: Expectation,
    ) -> Result<[usize; N], InputError> {
        let mut out = [0; N];
        for (slot, name) in out.iter_mut().zip(required) {
            *slot = self
                .header
                .find(name)
                .ok_or_else(|| self.missing_column(name, expected.clone()))?;
        }
        Ok(out)
    }

    /// An error for a required column missing from the header.
    pub fn missing_column(&self, name: &str, expected: Expectation) -> InputError {
        InputError::line(
            &self.file,
            self.header_line,
            Problem::MissingColumn(name.to_string()),
        )
        .found(&self.header.raw.join(","))
        .expected(expected)
    }
}

fn is_blank(record: &ByteRecord) -> bool {
    record.iter().all(is_blank_cell)
}

fn is_blank_cell(cell: &[u8]) -> bool {
    cell.iter().all(|b| b.is_ascii_whitespace())
}

/// The name of 1-based column `column` for messages: as written, trimmed; `?` beyond the header.
fn column_name(header: Option<&Header>, column: usize) -> &str {
    header
        .and_then(|h| h.raw.get(column.wrapping_sub(1)))
        .map_or("?", |n| n.trim_start_matches('\u{feff}').trim())
}

/// Bytes that are not all UTF-8, for messages: the UTF-8 parts as text, the others as `\xNN`.
fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes[..bytes.len().min(80)].utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// The start of a row as written (for messages): its fields joined by the delimiter.
fn row_text(record: &ByteRecord, delimiter: u8) -> String {
    let mut out = Vec::new();
    for (i, cell) in record.iter().enumerate() {
        if i > 0 {
            out.push(delimiter);
        }
        out.extend_from_slice(cell);
        if out.len() > 120 {
            break;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The error for a quote still open at the end of the file: at the opening quote, with the
/// text after it up to the line's end (from `record`, the record it opened in, when known).
fn quote_not_closed(
    file: &str,
    quote: QuoteStart,
    record: Option<&ByteRecord>,
    header: Option<&Header>,
) -> InputError {
    let e = InputError::line(file, quote.line, Problem::QuoteNotClosed)
        .at_column(quote.column, column_name(header, quote.column))
        .expected(Expectation::ClosedQuote);
    match record.and_then(|r| r.get(quote.column - 1)) {
        Some(cell) => {
            let first = cell.split(|&b| b == b'\n' || b == b'\r').next().unwrap_or(b"");
            e.found(&format!("\"{}", String::from_utf8_lossy(first)))
        }
        None => e,
    }
}

fn csv_error(file: &str, line: Option<u64>, e: &csv::Error, header: Option<&Header>) -> InputError {
    let msg = match e.kind() {
        csv::ErrorKind::Io(io) => {
            if let Some(long) = io.get_ref().and_then(|e| e.downcast_ref::<RowTooLong>()) {
                let name = column_name(header, long.column);
                return InputError::line(file, long.line, Problem::RowTooLong)
                    .at_column(long.column, name)
                    .expected(Expectation::ShortRow);
            }
            Problem::ReadFailed(io.to_string())
        }
        _ => Problem::CsvUnreadable(e.to_string()),
    };
    match line {
        Some(l) => InputError::line(file, l, msg),
        None => InputError::file(file, msg),
    }
}

/// One data row of a [`Table`].
pub struct Row<'a> {
    file: &'a str,
    /// 1-based line of the row.
    pub line: u64,
    record: &'a ByteRecord,
    header: &'a Header,
    /// The whole record as text when it is UTF-8 (checked once for all its cells); `None`
    /// sends each cell through its own check, which names the cell that is not.
    text: Option<&'a str>,
}

impl<'a> Row<'a> {
    /// A row of `file` with the given header.
    pub fn new(file: &'a str, line: u64, record: &'a ByteRecord, header: &'a Header) -> Row<'a> {
        Row {
            file,
            line,
            record,
            header,
            text: std::str::from_utf8(record.as_slice()).ok(),
        }
    }

    /// The cell in column `index` (0-based), trimmed; empty when the row is short.
    pub fn cell(&self, index: usize) -> Result<&str, InputError> {
        let range = self.record.range(index).unwrap_or(0..0);
        let bytes = &self.record.as_slice()[range.clone()];
        if bytes.len() > MAX_CELL_BYTES {
            return Err(self
                .error(index, Problem::CellTooLong)
                .expected(Expectation::ShortCell));
        }
        // ASCII spaces trimmed on the bytes first (most cells); `str::trim` for a cell that then
        // starts or ends with other white space (a no-break space, a vertical tab).
        let lead = bytes.len() - bytes.trim_ascii_start().len();
        let ascii = bytes[lead..].trim_ascii_end();
        let other = |b: Option<&u8>| b.is_some_and(|&b| b >= 0x80 || b == 0x0b);
        let text = if other(ascii.first()) || other(ascii.last()) {
            std::str::from_utf8(bytes).map(str::trim)
        } else {
            // In a record that is UTF-8, a cell that starts and ends with ASCII is a slice of
            // the record's text: no second check.
            let at = range.start + lead;
            match self.text.and_then(|t| t.get(at..at + ascii.len())) {
                Some(cell) => Ok(cell),
                None => std::str::from_utf8(ascii),
            }
        };
        text.map_err(|_| {
            self.error(index, Problem::CellNotUtf8)
                .found(&escape_bytes(bytes))
                .expected(Expectation::Utf8NotCodePage)
        })
    }

    /// The cell in an optional column: `None` when the column is absent or the cell is empty.
    pub fn optional(&self, index: Option<usize>) -> Result<Option<&str>, InputError> {
        match index {
            None => Ok(None),
            Some(i) => self.cell(i).map(|s| if s.is_empty() { None } else { Some(s) }),
        }
    }

    /// The cell in a required column; an error when it is empty.
    pub fn required(&self, index: usize) -> Result<&str, InputError> {
        let s = self.cell(index)?;
        if s.is_empty() {
            return Err(self.error(index, Problem::MissingValue));
        }
        Ok(s)
    }

    /// An error about the cell in column `index`.
    pub fn error(&self, index: usize, problem: Problem) -> InputError {
        let name = self.header.raw.get(index).map_or("?", |s| s.as_str());
        InputError::line(self.file, self.line, problem)
            .at_column(index + 1, name.trim_start_matches('\u{feff}').trim())
    }

    /// An error about the whole row.
    pub fn row_error(&self, problem: Problem) -> InputError {
        InputError::line(self.file, self.line, problem)
    }
}

/// Collects a file's errors up to [`MAX_ERRORS_PER_FILE`], counting the rest.
#[derive(Debug, Default)]
pub struct ErrorSink {
    /// Errors kept.
    pub errors: Vec<InputError>,
    dropped: usize,
}

impl ErrorSink {
    /// Records an error.
    pub fn push(&mut self, e: InputError) {
        if self.errors.len() < MAX_ERRORS_PER_FILE {
            self.errors.push(e);
        } else {
            self.dropped += 1;
        }
    }

    /// True when no error was recorded.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The errors, with a last line saying how many more were not listed.
    pub fn finish(mut self, file: &str) -> Vec<InputError> {
        if self.dropped > 0 {
            self.errors
                .push(InputError::file(file, Problem::MoreErrors(self.dropped)));
        }
        self.errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cells are trimmed as `str::trim` trims them, ASCII fast path or not: spaces, tabs, line
    /// breaks, a vertical tab (U+000B), no-break spaces (U+00A0) and the ideographic space
    /// (U+3000) at either end go; inner ones stay; bad UTF-8 stays an error.
    #[test]
    fn cells_are_trimmed_of_all_white_space() {
        let header = Header::new(vec!["a".to_string()]);
        let cases: [(&[u8], &str); 9] = [
            (b"  5 ", "5"),
            (b"\t\r5\n", "5"),
            (b"\x0b5", "5"),
            (b"5\x0b", "5"),
            ("\u{a0}5\u{a0}".as_bytes(), "5"),
            ("\u{3000}1 000 ".as_bytes(), "1 000"),
            ("  Қазақ  ".as_bytes(), "Қазақ"),
            (b"", ""),
            (b" \x0b ", ""),
        ];
        for (bytes, want) in cases {
            let record = ByteRecord::from(vec![bytes]);
            let row = Row::new("t.csv", 2, &record, &header);
            assert_eq!(row.cell(0).unwrap(), want, "{bytes:?}");
            assert_eq!(want, std::str::from_utf8(bytes).unwrap().trim());
        }
        let record = ByteRecord::from(vec![&b" \xff5 "[..]]);
        let e = Row::new("t.csv", 2, &record, &header).cell(0).unwrap_err();
        assert_eq!(e.problem, Problem::CellNotUtf8);
    }

    fn lines_of(text: &str) -> Vec<u64> {
        let mut t = Table::open("t.csv", text.as_bytes()).unwrap();
        let mut out = vec![t.header_line];
        while let Some(row) = t.next_row() {
            out.push(row.unwrap().line);
        }
        out
    }

    /// The first error reading every row of `text`.
    fn first_error(text: &[u8]) -> Option<InputError> {
        let mut t = match Table::open("t.csv", text) {
            Ok(t) => t,
            Err(e) => return Some(e),
        };
        while let Some(row) = t.next_row() {
            if let Err(e) = row {
                return Some(e);
            }
        }
        None
    }

    #[test]
    fn a_row_past_the_limit_is_an_error_naming_its_line_and_column() {
        let mut text = b"a,b,c\r\n1,2,3\r\n\r\n4,".to_vec();
        text.extend(std::iter::repeat_n(b'x', MAX_ROW_BYTES + 10));
        text.extend(b",6\n7,8,9\n");
        let e = first_error(&text).expect("an error");
        assert_eq!(e.problem, Problem::RowTooLong);
        assert_eq!((e.line, e.column.clone()), (Some(4), Some((2, "b".to_string()))));
        assert_eq!(
            e.to_string(),
            format!(
                "t.csv:4:2: column \"b\": the row is too long, expected a row of at most {MAX_ROW_BYTES} bytes (is a quote left open?)"
            )
        );
        // A quote left open: the record runs on over every line after it.
        let mut text = b"a,b\n1,\"open\n".to_vec();
        for _ in 0..300_000 {
            text.extend(b"2,3\n");
        }
        let e = first_error(&text).expect("an error");
        assert_eq!(
            (e.problem, e.line, e.column.map(|c| c.0)),
            (Problem::RowTooLong, Some(2), Some(2))
        );
        // The header too.
        let mut text = vec![b'h'; MAX_ROW_BYTES + 1];
        text.push(b'\n');
        let e = first_error(&text).expect("an error");
        assert_eq!(
            (e.problem, e.line, e.column.map(|c| c.0)),
            (Problem::RowTooLong, Some(1), Some(1))
        );
    }

    #[test]
    fn rows_within_the_limit_are_read_whatever_their_quotes() {
        // Long rows just under the limit, many rows whose quotes close, stray quotes inside
        // unquoted cells (literal for the csv reader), doubled quotes: no error.
        let mut text = b"a,b\n1,".to_vec();
        text.extend(std::iter::repeat_n(b'x', MAX_ROW_BYTES - 3));
        text.push(b'\n');
        for _ in 0..300_000 {
            text.extend(b"5\" screen,\"say \"\"hi\"\"\r\nthere\"\r\n");
        }
        assert_eq!(first_error(&text), None);
        let mut rows = 0;
        let mut t = Table::open("t.csv", &text[..]).unwrap();
        while let Some(row) = t.next_row() {
            row.unwrap();
            rows += 1;
        }
        assert_eq!(rows, 300_001);
    }

    /// Gives its bytes one at a time: the line counter then never sees a line's end in the same
    /// read as its start, and takes every byte one by one.
    struct OneByOne<'a>(&'a [u8]);

    impl Read for OneByOne<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(buf.len()).min(1);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// Everything a line counter notes and holds after reading all of `input` in reads of up to
    /// `chunk` bytes.
    fn counted(input: impl Read, chunk: usize) -> (Vec<(u64, u64)>, String, Option<QuoteStart>) {
        let starts = LineStarts::default();
        let mut c = LineCounting::new(input, b',', starts.clone());
        let mut buf = vec![0; chunk];
        let end = loop {
            match c.read(&mut buf) {
                Ok(0) => break String::new(),
                Ok(_) => {}
                Err(e) => break e.to_string(),
            }
        };
        // The column is only read inside a row.
        let column = if c.in_row { c.column } else { 0 };
        let state = format!(
            "{end} {} {} {:?} {} {} {} {} {:?}",
            c.offset, c.line, c.cell, c.in_row, c.row_line, c.row_bytes, column, c.quote
        );
        let noted = starts.lock().unwrap();
        (noted.starts.iter().copied().collect(), state, noted.open_quote)
    }

    proptest::proptest! {
        /// Lines skipped whole (no quote, their end in the same read) leave the line counter as
        /// reading them byte by byte does: the same line starts, state and open quote.
        #[test]
        fn whole_lines_are_counted_as_bytes_one_by_one(
            text in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b'7', b',', b'"', b'\n', b'\r', b' ']), 0..200),
            chunk in 1usize..64,
        ) {
            let slow = counted(OneByOne(&text), 8);
            proptest::prop_assert_eq!(&counted(&text[..], chunk), &slow);
            proptest::prop_assert_eq!(&counted(&text[..], 4096), &slow);
        }
    }

    #[test]
    fn line_numbers_are_exact_with_crlf_blank_lines_and_quoted_newlines() {
        assert_eq!(lines_of("a,b\n1,2\n3,4\n"), vec![1, 2, 3]);
        assert_eq!(lines_of("a,b\r\n1,2\r\n3,4\r\n"), vec![1, 2, 3]);
        assert_eq!(lines_of("\n\na,b\n1,2\n\n\n3,4"), vec![3, 4, 7]);
        assert_eq!(lines_of("a,b\r\n\r\n1,\"x\r\ny\"\r\n3,4\r\n"), vec![1, 3, 5]);
        assert_eq!(lines_of("a,b\r1,2\r\r3,4"), vec![1, 2, 4]);
    }
}
