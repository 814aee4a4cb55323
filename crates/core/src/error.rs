//! Input errors: each names the file, line and column, the value found and what was expected.
//!
//! What is wrong ([`Problem`]) and what was expected ([`Expectation`]) are data; their English
//! words (`Display`) are the `message` and `expected` texts of the command line, and the window
//! words them in its own language.

use crate::parse;
use crate::value_gap::ValueGap;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::fmt;
use thiserror::Error;

/// Longest cell accepted, in bytes; a longer one is an error (protects memory on broken files).
pub const MAX_CELL_BYTES: usize = 4096;

/// Longest row accepted, in bytes: one record with all its fields (and the line ends inside its
/// quoted cells). A longer row stops the file with [`Problem::RowTooLong`] before it is held in
/// memory, so a broken or hostile file (a 100 MB line, a quote never closed) cannot exhaust it.
pub const MAX_ROW_BYTES: usize = 1 << 20;

/// What is wrong with an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file has no header row.
    Empty,
    /// The file has bytes (this many) but no row: only blank lines and spaces.
    BlankOnly(u64),
    /// The header row is not UTF-8.
    HeaderNotUtf8,
    /// A cell is not UTF-8.
    CellNotUtf8,
    /// A cell is longer than [`MAX_CELL_BYTES`].
    CellTooLong,
    /// A row (one CSV record) is longer than [`MAX_ROW_BYTES`]; the column is where the limit
    /// was passed.
    RowTooLong,
    /// A file read whole (a JSON report, a column mapping) is larger than this many bytes.
    FileTooLarge(u64),
    /// A required cell is empty.
    MissingValue,
    /// A required column is not in the header.
    MissingColumn(String),
    /// The csv reader failed (its own words).
    CsvUnreadable(String),
    /// Reading the file failed (the system's words).
    ReadFailed(String),
    /// Opening the file failed (the system's words).
    CannotOpen(String),
    /// The user cancelled the import.
    Cancelled,
    /// The header matches no known format.
    FormatNotRecognised,
    /// This many more errors of the file were not kept.
    MoreErrors(usize),
    /// A date cell cannot be read.
    BadDate,
    /// A side other than buy or sell.
    UnknownSide,
    /// A kind other than crypto, security or other.
    UnknownKind,
    /// A trade's asset or currency cell is not a code.
    NotACode,
    /// A price table's asset cell is not a code.
    NotAnAssetCode,
    /// A rate table's currency cell is not a code.
    NotACurrencyCode,
    /// A price's currency is not fiat.
    NotFiat,
    /// A number cell cannot be read.
    NotANumber,
    /// A price cell cannot be read or is out of range.
    NotAPrice,
    /// A rate cell cannot be read or is out of range.
    NotARate,
    /// A rate's quant cell cannot be read or is out of range.
    NotAQuant,
    /// A number that must not be negative is.
    Negative,
    /// A quantity of zero.
    ZeroQuantity,
    /// A number above 10^15.
    TooLarge,
    /// quantity × price overflows.
    ProductTooLarge,
    /// A row with neither price nor total.
    NoPriceOrTotal,
    /// The total is not quantity × price.
    TotalMismatch,
    /// A rate given twice in one file; `date` as written (a date or a year).
    RateTwice {
        /// The currency.
        currency: String,
        /// The date cell.
        date: String,
        /// The line of the first one.
        first_line: u64,
    },
    /// A daily rate given with another value in an earlier file.
    RateConflict {
        /// The currency.
        currency: String,
        /// The day.
        date: NaiveDate,
    },
    /// An annual average given with another value in an earlier file.
    AnnualRateConflict {
        /// The currency.
        currency: String,
        /// The year.
        year: i32,
    },
    /// A fee taken from what was received is not smaller than it.
    FeeNotBelowQuantity,
    /// A trading pair that cannot be split into base and quote (`BTCXYZ`).
    UnknownPair,
    /// An amount written with a unit other than the one its column must have (`5 ETH` as the
    /// quantity of a BTC trade).
    WrongUnit,
    /// A JSON file cannot be read (serde_json's words).
    JsonUnreadable(String),
    /// A column mapping file is read but cannot be used (which field, and why).
    BadMapping(String),
    /// A signed amount whose sign does not fit its operation (a fee credited, a purchase debited).
    WrongSign,
    /// The trade rows of one time and account that do not make one trade; their lines.
    UnpairedTradeRows(Vec<u64>),
    /// A quote opened in this cell is still open at the end of the file: the rest of the file
    /// would be one cell.
    QuoteNotClosed,
    /// A quoted cell that opens here runs over a line break, and this later line of it holds as
    /// many fields as the header: a row swallowed by a quote left open.
    QuoteRunsOn {
        /// The line that looks like a row.
        line: u64,
    },
    /// A row with more fields than its header (beyond it, not all blank).
    ExtraFields {
        /// The row's field count.
        found: usize,
        /// The header's field count.
        header: usize,
        /// The header's line.
        header_line: u64,
    },
    /// A row with fewer fields than its header (the missing ones under named columns).
    MissingFields {
        /// The row's field count.
        found: usize,
        /// The header's field count.
        header: usize,
        /// The header's line.
        header_line: u64,
    },
    /// One venue and id on two different trades (boxed: rare, and it keeps every error small).
    IdConflict(Box<IdConflict>),
    /// The file is not CSV text but what its first bytes say.
    NotCsv(FileKind),
    /// A trade cannot be valued in tenge; `more` other trades cannot for the same reason.
    /// The National Bank's XML cannot be read (quick-xml's words).
    XmlUnreadable(String),
    /// A price export (CoinMarketCap, CoinGecko) whose asset is not in its file name.
    PriceAssetUnknown,
    CannotValue {
        /// How many more trades have the same gap.
        more: usize,
        /// What is missing.
        gap: Box<ValueGap>,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Problem::*;
        match self {
            Empty => f.write_str("the file is empty"),
            BlankOnly(n) => write!(f, "the file holds no rows: its {n} bytes are only blank lines and spaces"),
            HeaderNotUtf8 => f.write_str("the header is not UTF-8 text"),
            CellNotUtf8 => f.write_str("the cell is not UTF-8 text"),
            CellTooLong => f.write_str("the cell is too long"),
            RowTooLong => f.write_str("the row is too long"),
            FileTooLarge(limit) => write!(f, "the file is larger than {limit} bytes"),
            MissingValue => f.write_str("the value is missing"),
            MissingColumn(name) => write!(f, "required column \"{name}\" is missing from the header"),
            CsvUnreadable(e) => write!(f, "the CSV cannot be read: {e}"),
            ReadFailed(e) => write!(f, "could not read the file: {e}"),
            CannotOpen(e) => write!(f, "cannot open the file: {e}"),
            Cancelled => f.write_str("the import was cancelled"),
            FormatNotRecognised => f.write_str("the file's format is not recognised"),
            MoreErrors(n) => write!(f, "{n} more errors not listed"),
            BadDate => f.write_str("bad date"),
            UnknownSide => f.write_str("unknown side"),
            UnknownKind => f.write_str("unknown kind"),
            NotACode => f.write_str("not an asset or currency code"),
            NotAnAssetCode => f.write_str("not an asset code"),
            NotACurrencyCode => f.write_str("not a currency code"),
            NotFiat => f.write_str("not a fiat currency"),
            NotANumber => f.write_str("not a number"),
            NotAPrice => f.write_str("not a price"),
            NotARate => f.write_str("not a rate"),
            NotAQuant => f.write_str("not a quantity"),
            Negative => f.write_str("negative number"),
            ZeroQuantity => f.write_str("zero quantity"),
            TooLarge => f.write_str("number too large"),
            ProductTooLarge => f.write_str("quantity × price is too large"),
            NoPriceOrTotal => f.write_str("neither price nor total is given"),
            TotalMismatch => f.write_str("total disagrees with quantity × price"),
            RateTwice {
                currency,
                date,
                first_line,
            } => write!(
                f,
                "the {currency} rate for {date} is given twice (first on line {first_line})"
            ),
            RateConflict { currency, date } => {
                write!(
                    f,
                    "the {currency} rate for {date} is given twice with different values"
                )
            }
            AnnualRateConflict { currency, year } => {
                write!(
                    f,
                    "the {currency} annual average for {year} is given twice with different values"
                )
            }
            FeeNotBelowQuantity => f.write_str("the fee is not smaller than the quantity received"),
            UnknownPair => f.write_str("the pair cannot be split into two codes"),
            WrongUnit => f.write_str("the amount is in the wrong unit"),
            JsonUnreadable(e) => write!(f, "the JSON cannot be read: {e}"),
            BadMapping(e) => write!(f, "the column mapping cannot be used: {e}"),
            WrongSign => f.write_str("the sign does not fit the operation"),
            UnpairedTradeRows(lines) => write!(
                f,
                "the trade rows at this time and account (lines {}) do not make one trade",
                line_list(lines)
            ),
            XmlUnreadable(e) => write!(f, "the XML cannot be read: {e}"),
            PriceAssetUnknown => f.write_str("the file does not say which asset its prices are for"),
            QuoteNotClosed => f.write_str(
                "the quote that opens this cell is never closed, so the rest of the file would be read as this one cell",
            ),
            QuoteRunsOn { line } => write!(
                f,
                "the quote that opens this cell is not closed on its line: the cell runs on to line {line}, which looks like a row of its own"
            ),
            ExtraFields {
                found,
                header,
                header_line,
            } => write!(
                f,
                "the row has {found} fields, more than the {header} of the header (line {header_line})"
            ),
            MissingFields {
                found,
                header,
                header_line,
            } => write!(
                f,
                "the row has {found} fields, fewer than the {header} of the header (line {header_line})"
            ),
            IdConflict(c) => write!(
                f,
                "trade id \"{}\" of {} is also on line {} of {}, for a different trade",
                c.id, c.venue, c.first_line, c.first_file
            ),
            NotCsv(kind) => write!(f, "this is {kind}, not a CSV text file"),
            CannotValue { more, gap } => {
                f.write_str("cannot value this trade in tenge")?;
                match more {
                    0 => {}
                    1 => f.write_str(" (and 1 more trade)")?,
                    n => write!(f, " (and {n} more trades)")?,
                }
                write!(f, ": {gap}")
            }
        }
    }
}

/// One venue and id on two different trades: the id, and where the other trade is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdConflict {
    /// The id, as read (trimmed).
    pub id: String,
    /// The venue, as written on this trade.
    pub venue: String,
    /// The file of the other trade.
    pub first_file: String,
    /// The line of the other trade.
    pub first_line: u64,
}

/// What a file that is not CSV text is, by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// An Excel workbook (`.xlsx`, a ZIP holding `xl/`).
    ExcelWorkbook,
    /// An Excel 97-2003 workbook (`.xls`) or another old Office file (OLE compound file).
    OldExcelWorkbook,
    /// An OpenDocument spreadsheet (`.ods`).
    OpenDocument,
    /// Another ZIP archive.
    Zip,
    /// UTF-16 text (as Excel's "Unicode Text" saves), with or without a byte-order mark.
    Utf16,
    /// A PDF document.
    Pdf,
    /// Other binary data (NUL bytes).
    Binary,
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::ExcelWorkbook => "an Excel workbook (.xlsx)",
            FileKind::OldExcelWorkbook => "an Excel 97-2003 workbook (.xls) or another old Office file",
            FileKind::OpenDocument => "an OpenDocument spreadsheet (.ods)",
            FileKind::Zip => "a ZIP archive",
            FileKind::Utf16 => "UTF-16 text (as Excel's \"Unicode Text\" saves)",
            FileKind::Pdf => "a PDF document",
            FileKind::Binary => "binary data",
        })
    }
}

/// What an input should have been.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expectation {
    /// A header row.
    HeaderRow,
    /// UTF-8 text.
    Utf8,
    /// A cell of at most [`MAX_CELL_BYTES`].
    ShortCell,
    /// A row of at most [`MAX_ROW_BYTES`] (line ends inside a quoted cell count).
    ShortRow,
    /// A file of at most this many bytes.
    SmallerFile(u64),
    /// The generic trade header.
    TradeHeader,
    /// A price or a total column.
    PriceOrTotalColumn,
    /// The rate table header.
    RateHeader,
    /// The price table header.
    PriceHeader,
    /// Any header Salyq knows.
    KnownFormat,
    /// A date or date-time ([`parse::EXPECTED_DATETIME`]).
    DateTime,
    /// A date ([`parse::EXPECTED_DATE`]).
    Date,
    /// A rate table's date or year.
    RateDate,
    /// buy or sell.
    BuyOrSell,
    /// crypto, security or other.
    KindName,
    /// A reward's kind (interest, staking, ...).
    RewardKindName,
    /// An asset or currency code.
    Code,
    /// An asset code.
    AssetCode,
    /// A currency code.
    CurrencyCode,
    /// A fiat currency.
    FiatCurrency,
    /// A number above 0.
    PositiveNumber,
    /// A number of 0 or more.
    NonNegativeNumber,
    /// At most 10^15.
    AtMostMax,
    /// A price: 0 or more, at most 10^15.
    Price,
    /// A rate: above 0, at most 10^15.
    Rate,
    /// A quant: above 0.
    Quant,
    /// Amounts whose product does not overflow.
    RealisticAmounts,
    /// A price or a total.
    PriceOrTotal,
    /// This total (quantity × price), within rounding.
    Total(Decimal),
    /// This rate, as given in an earlier file.
    EarlierRate(Decimal),
    /// A fee below this quantity of this asset.
    FeeBelow(Decimal, String),
    /// The Bybit spot trade history header.
    BybitHeader,
    /// A Bybit time: `14:35 2024-11-16` or `2024-11-16 14:35:02`.
    BybitDateTime,
    /// A trading pair such as `BTCUSDT` or `BTC/USDT`.
    Pair,
    /// An amount in this asset.
    AmountIn(String),
    /// A Freedom Finance broker report in JSON.
    FreedomReport,
    /// A header such as this one (an exchange export's).
    HeaderLike(String),
    /// A number followed by its asset (`0.001BNB`).
    AmountWithAsset,
    /// A number of either sign.
    Number,
    /// A number of 0 or less.
    NotPositive,
    /// One coin received and one given per time and account, fees in one coin.
    OneTradePerGroup,
    /// One of these values (as written in a column mapping), listed.
    OneOf(String),
    /// A column mapping file as docs/formats.md describes it.
    Mapping,
    /// A date written in this chrono strftime format.
    DateFormat(String),
    /// The National Bank's daily rates XML or its RSS.
    BankXml,
    /// A date as the bank writes it.
    BankDate,
    /// The asset named in the file name or chosen.
    PriceAsset,
    /// UTF-8 text, from a file that seems saved in a legacy code page.
    Utf8NotCodePage,
    /// A closing quote for the cell.
    ClosedQuote,
    /// No more fields than the header.
    ExtraFields,
    /// No fewer fields than the header.
    MissingFields,
    /// Each venue and id on one trade only.
    DistinctIds,
    /// A CSV file saved from a file of this kind.
    SavedAsCsv(FileKind),
    /// As [`Expectation::PositiveNumber`], in a `;`-separated file with decimal commas.
    PositiveNumberComma,
    /// As [`Expectation::NonNegativeNumber`], in a `;`-separated file with decimal commas.
    NonNegativeNumberComma,
    /// As [`Expectation::Number`], in a `;`-separated file with decimal commas.
    NumberComma,
    /// A known format's header: the closest one to the file's (its name and header), and the
    /// columns of it the file lacks.
    ClosestFormat {
        /// The closest format's name.
        format: String,
        /// Its header.
        header: String,
        /// Its columns the file lacks, as that header names them.
        missing: Vec<String>,
    },
}

impl Expectation {
    /// This expectation as worded for a file in `style`: numbers with a decimal comma for a
    /// `;`-separated (Russian Excel) file; others unchanged.
    pub fn in_style(self, style: parse::Style) -> Expectation {
        match (style, self) {
            (parse::Style::Russian, Expectation::PositiveNumber) => Expectation::PositiveNumberComma,
            (parse::Style::Russian, Expectation::NonNegativeNumber) => Expectation::NonNegativeNumberComma,
            (parse::Style::Russian, Expectation::Number) => Expectation::NumberComma,
            (_, e) => e,
        }
    }
}

/// How a `;`-separated file's numbers are read, in the words of an expectation.
const COMMA_NOTE: &str = "(this file's numbers are read as Excel writes them in a Russian locale: \",\" is the decimal point and spaces group thousands)";

impl fmt::Display for Expectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Expectation::*;
        f.write_str(match self {
            HeaderRow => "a header row",
            Utf8 => "a UTF-8 file (save it as \"CSV UTF-8\")",
            ShortCell => return write!(f, "at most {MAX_CELL_BYTES} bytes"),
            ShortRow => {
                return write!(
                    f,
                    "a row of at most {MAX_ROW_BYTES} bytes (is a quote left open?)"
                );
            }
            SmallerFile(limit) => return write!(f, "a file of at most {limit} bytes"),
            TradeHeader => {
                "a header with date, side, asset, quantity, price or total, currency (see docs/formats.md)"
            }
            PriceOrTotalColumn => "a \"price\" or a \"total\" column",
            RateHeader => "a header date,currency,rate[,quant]",
            PriceHeader => "a header date,asset,price[,currency]",
            KnownFormat => {
                "the generic trade columns (date, side, asset, quantity, price or total, currency), \
                 a rate table (date,currency,rate) or a price table (date,asset,price); see docs/formats.md"
            }
            DateTime => parse::EXPECTED_DATETIME,
            Date => parse::EXPECTED_DATE,
            RateDate => "a date such as 2024-03-05, or a year such as 2025 for the annual average",
            BuyOrSell => "buy or sell",
            KindName => "crypto, security or other",
            RewardKindName => {
                "interest, staking, launchpool, airdrop, distribution, cashback, referral, mining or other"
            }
            Code => "a code of letters and digits such as BTC, USDT or KZT",
            AssetCode => "a code such as BNB",
            CurrencyCode => "a code such as USD",
            FiatCurrency => "a fiat currency such as USD or KZT",
            PositiveNumber => "a number greater than 0 with \".\" as the decimal point",
            NonNegativeNumber => "a number of 0 or more with \".\" as the decimal point",
            AtMostMax => "at most 1000000000000000 (10^15)",
            Price => "a number of 0 or more (at most 10^15)",
            Rate => "a number greater than 0 (at most 10^15)",
            Quant => "a number greater than 0, such as 1 or 100",
            RealisticAmounts => "realistic amounts",
            PriceOrTotal => "a price or a total",
            Total(product) => return write!(f, "{product} (quantity × price), within rounding"),
            EarlierRate(old) => return write!(f, "{old}, as in an earlier rate file"),
            FeeBelow(quantity, asset) => return write!(f, "a fee below {quantity} {asset}"),
            BybitHeader => {
                "a Bybit spot trade history header: Spot Pairs, Direction, Filled Value, Filled Price, \
                 Filled Quantity, Fees, Transaction ID, Timestamp (UTC)"
            }
            BybitDateTime => "a time and date such as 14:35 2024-11-16 or 2024-11-16 14:35:02",
            Pair => "a pair such as BTCUSDT or BTC/USDT, quoted in an asset Salyq knows (USDT, USDC, BTC, ETH, EUR, ...)",
            AmountIn(asset) => return write!(f, "an amount in {asset}"),
            FreedomReport => "a Freedom Finance broker report saved as JSON (Broker report → json)",
            HeaderLike(header) => return write!(f, "a header such as {header}"),
            AmountWithAsset => "a number followed by its asset, such as 0.001BNB",
            Number => "a number with \".\" as the decimal point",
            NotPositive => "a number of 0 or less (an amount leaving the account)",
            OneTradePerGroup => {
                "one coin received and one coin given per time and account, with fees in one coin; \
                 for such trades import the spot trade history instead"
            }
            OneOf(values) => return write!(f, "one of {values}"),
            Mapping => "a column mapping as described in docs/formats.md (\"Column mappings\")",
            DateFormat(format) => return write!(f, "a date written as {format}"),
            BankXml => {
                "the National Bank's rates XML (<rates><date>dd.mm.yyyy</date><item>…</item></rates>) or its RSS"
            }
            BankDate => "a date such as 31.07.2026",
            PriceAsset => {
                "the asset at the end of the file name (…_coinmarketcap_BTC.csv, btc-usd-max.csv: rename the \
                 file), or chosen with --price-asset FILE=CODE"
            }
            Utf8NotCodePage => {
                "UTF-8 text; the file seems saved in another encoding (such as Windows-1251, as Excel's \
                 plain \"CSV\" is in a Russian locale): save it again as \"CSV UTF-8 (Comma delimited)\""
            }
            ClosedQuote => {
                "a closing quote (\") before the end of the cell: close the quote at this place in the file, \
                 or export the file again from its source"
            }
            ExtraFields => {
                "as many fields as the header: a value that holds the delimiter must be in quotes \
                 (\"1,5\"); correct the row or export the file again"
            }
            MissingFields => {
                "as many fields as the header: the row looks cut short (an interrupted download or copy?); \
                 take the whole file again from its source"
            }
            DistinctIds => {
                "each id once per venue: if both rows are real trades, give one of them another id or \
                 leave its id empty; if one is a mistake, remove it"
            }
            SavedAsCsv(kind) => match kind {
                FileKind::ExcelWorkbook | FileKind::OldExcelWorkbook | FileKind::OpenDocument => {
                    "a CSV file: open it in Excel or LibreOffice and save it as \"CSV UTF-8 (Comma delimited)\", \
                     then import that file"
                }
                FileKind::Zip => "a CSV file: unpack the archive and import the CSV file inside",
                FileKind::Utf16 => {
                    "UTF-8 text: open it in Excel and save it as \"CSV UTF-8 (Comma delimited)\", \
                     or convert it to UTF-8 in a text editor"
                }
                FileKind::Pdf => {
                    "a CSV export: download the trade history as CSV from the exchange or broker \
                     (Salyq does not read PDF reports)"
                }
                FileKind::Binary => "a CSV text file exported from the exchange or broker",
            },
            PositiveNumberComma => return write!(f, "a number greater than 0 such as 1 234,56 {COMMA_NOTE}"),
            NonNegativeNumberComma => return write!(f, "a number of 0 or more such as 1 234,56 {COMMA_NOTE}"),
            NumberComma => return write!(f, "a number such as -1 234,56 {COMMA_NOTE}"),
            ClosestFormat {
                format,
                header,
                missing,
            } => {
                return write!(
                    f,
                    "the header of a known format: the closest is {format} ({header}); this file lacks \
                     its columns {}",
                    missing.join(", ")
                );
            }
        })
    }
}

/// Line numbers as ranges (`4-6, 9`), at most 12 ranges and then `…`.
pub fn line_list(lines: &[u64]) -> String {
    let mut ranges: Vec<(u64, u64)> = Vec::new();
    for &l in lines {
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == l || *end == l => *end = l,
            _ => ranges.push((l, l)),
        }
    }
    let mut parts: Vec<String> = ranges
        .iter()
        .take(12)
        .map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}-{b}") })
        .collect();
    if ranges.len() > 12 {
        parts.push("…".to_string());
    }
    parts.join(", ")
}

/// One problem with the user's input, precise enough to find and fix it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct InputError {
    /// The file's name as given.
    pub file: String,
    /// 1-based line, when the problem is on a line.
    pub line: Option<u64>,
    /// 1-based column number and the column's name, when the problem is in a cell.
    pub column: Option<(usize, String)>,
    /// What is wrong, in plain English words: the text of `problem`.
    pub message: String,
    /// What is wrong.
    pub problem: Problem,
    /// The value found, when there is one.
    pub found: Option<String>,
    /// What was expected instead, in plain English words: the text of `expectation`.
    pub expected: Option<String>,
    /// What was expected instead.
    pub expectation: Option<Expectation>,
}

impl InputError {
    /// An error about a whole file (unreadable, no header...).
    pub fn file(file: &str, problem: Problem) -> Self {
        InputError {
            file: file.to_string(),
            line: None,
            column: None,
            message: problem.to_string(),
            problem,
            found: None,
            expected: None,
            expectation: None,
        }
    }

    /// The amounts that could not be valued for one gap (`count` of them, the first at
    /// `first`): the error names the first and says how many more.
    pub fn cannot_value(first: &crate::model::Source, count: usize, gap: ValueGap) -> Self {
        let problem = Problem::CannotValue {
            more: count.saturating_sub(1),
            gap: Box::new(gap),
        };
        InputError::line(&first.file, first.line, problem)
    }

    /// An error about one line.
    pub fn line(file: &str, line: u64, problem: Problem) -> Self {
        InputError {
            line: Some(line),
            ..InputError::file(file, problem)
        }
    }

    /// Adds the column (1-based number and name).
    pub fn at_column(mut self, number: usize, name: &str) -> Self {
        self.column = Some((number, name.to_string()));
        self
    }

    /// Adds the value found.
    pub fn found(mut self, value: &str) -> Self {
        let mut v: String = value
            .chars()
            .take(80)
            .flat_map(|c| {
                if c.is_control() {
                    c.escape_default().collect::<Vec<_>>()
                } else {
                    vec![c]
                }
            })
            .collect();
        if value.chars().count() > 80 {
            v.push('…');
        }
        self.found = Some(v);
        self
    }

    /// Adds what was expected.
    pub fn expected(mut self, what: Expectation) -> Self {
        self.expected = Some(what.to_string());
        self.expectation = Some(what);
        self
    }

    /// `file:line:column` as far as known.
    pub fn location(&self) -> String {
        let mut s = self.file.clone();
        if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
            if let Some((col, _)) = &self.column {
                s.push_str(&format!(":{col}"));
            }
        }
        s
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.location())?;
        if let Some((_, name)) = &self.column {
            write!(f, "column \"{name}\": ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(found) = &self.found {
            write!(f, ": found \"{found}\"")?;
        }
        if let Some(expected) = &self.expected {
            write!(f, ", expected {expected}")?;
        }
        Ok(())
    }
}

/// All the input errors found in one run; the run stops when there is any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Error)]
pub struct InputErrors(pub Vec<InputError>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl From<InputError> for InputErrors {
    fn from(e: InputError) -> Self {
        InputErrors(vec![e])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_file_line_column_value_and_expectation() {
        let e = InputError::line("t.csv", 4, Problem::BadDate)
            .at_column(1, "date")
            .found("2025-13-01")
            .expected(Expectation::Date);
        assert_eq!(
            e.to_string(),
            "t.csv:4:1: column \"date\": bad date: found \"2025-13-01\", expected a date such as 2025-03-07"
        );
    }
}
