//! Column mappings (docs/formats.md, "Column mappings"): a saved description of any other trade
//! CSV — which of its columns holds the date, side, asset, quantity, price... — kept as JSON under
//! a name and used again whenever a file with the same header is read.
//!
//! A mapping is checked once when loaded ([`Mapping::load`], [`Mapping::from_json`]); reading a
//! file with it ([`read`]) then yields the same trades the generic importer would make of the
//! same data in generic columns, with errors that name file, line, column, value and expectation.

use super::binance::split_pair;
use super::generic::{code, number, total_of};
use super::intern::Interner;
use super::report::FileReport;
use super::rows::{Cx, RowParser};
use super::table::{Row, Table, normalise};
use crate::error::{Expectation, InputError, Problem};
use crate::model::{Kind, Side, Trade, TradeId};
use crate::parse::{self, Style};
use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::Path;

/// The mapping file format version this Salyq reads and writes.
pub const VERSION: u32 = 1;

/// How the columns of one CSV layout become trades. Columns are named as written in the file's
/// header (letter case and surrounding spaces do not matter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The file format version: [`VERSION`].
    pub version: u32,
    /// The mapping's name, shown in import reports as `Mapped: <name>`.
    pub name: String,
    /// The header cells of the files this mapping is for, as written; a file is read with the
    /// mapping when its header has the same cells (see [`Mapping::matches`]).
    pub header: Vec<String>,
    /// The date (or date-time) column.
    pub date: String,
    /// How dates are written, as a chrono strftime pattern (`%d/%m/%Y %H:%M`); without it,
    /// ISO 8601 (and, with `decimal_comma`, also `dd.mm.yyyy[ HH:MM[:SS]]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_format: Option<String>,
    /// The UTC offset of times read with `date_format` that carry none (`+05:00`); default UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utc_offset: Option<String>,
    /// The side column (with `quantity`); or use `signed_quantity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<String>,
    /// The side cells meaning a buy, case-insensitive; default `buy`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buy_values: Vec<String>,
    /// The side cells meaning a sell, case-insensitive; default `sell`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sell_values: Vec<String>,
    /// A quantity column whose sign is the side (negative = sell), instead of `side` and
    /// `quantity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_quantity: Option<String>,
    /// The asset column (with `currency`); or use `pair`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset: Option<String>,
    /// The currency column (with `asset`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// A pair column (`BTCUSDT`, `BTC/USDT`), instead of `asset` and `currency`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pair: Option<String>,
    /// The quantity column (with `side`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<String>,
    /// The price column; at least one of `price` and `total`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<String>,
    /// The total column (quantity × price).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
    /// The fee column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<String>,
    /// The fee's asset column; default: the trade's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_asset: Option<String>,
    /// The trade id column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A free-text note column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The venue column; or use `venue`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange: Option<String>,
    /// One venue name for every trade (`Kaspi`), instead of an `exchange` column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    /// The kind of every trade: `crypto` (default), `security` or `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Numbers are written with a decimal comma (`0,5`, `1 234,5`).
    #[serde(default)]
    pub decimal_comma: bool,
    /// Numbers may carry their asset glued on or after a space, as Binance writes them
    /// (`0.5824PAXG`, `2440.64 USDT`): the quantity's must be the row's asset, the price's and
    /// total's its currency; a fee's names the fee's asset (and must agree with `fee_asset`
    /// when that is given). A number without one is read as it is. Without `decimal_comma`,
    /// thousands separators as Binance writes them (`"11,426.20"`) are accepted too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub suffixed: bool,
    /// Fees are written as negative numbers (costs, `-1.50`), as some brokers do: the fee
    /// column is negated (`-1.50` → 1.50); a fee above zero is then an error.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub negate_fee: bool,
}

/// Largest mapping file read, in bytes (1 MiB; a mapping is a few hundred bytes).
pub const MAX_MAPPING_BYTES: u64 = 1 << 20;

impl Mapping {
    /// Reads and checks a mapping file; an error names the file and the field at fault.
    pub fn load(path: &Path) -> Result<Mapping, InputError> {
        use std::io::Read as _;
        let name = path.display().to_string();
        let open_error = |e: std::io::Error| InputError::file(&name, Problem::CannotOpen(e.to_string()));
        let mut text = String::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_MAPPING_BYTES + 1).read_to_string(&mut text))
            .map_err(open_error)?;
        if text.len() as u64 > MAX_MAPPING_BYTES {
            return Err(InputError::file(&name, Problem::FileTooLarge(MAX_MAPPING_BYTES))
                .expected(Expectation::SmallerFile(MAX_MAPPING_BYTES)));
        }
        Mapping::from_json(&text, &name)
    }

    /// Parses and checks a mapping from JSON text; `file` names it in errors.
    pub fn from_json(text: &str, file: &str) -> Result<Mapping, InputError> {
        let mapping: Mapping = serde_json::from_str(text).map_err(|e| {
            let detail = match field_at(text, e.line(), e.column()) {
                Some(field) if e.classify() == serde_json::error::Category::Data => {
                    format!("\"{field}\": {e}")
                }
                _ => e.to_string(),
            };
            let err = InputError::file(file, Problem::JsonUnreadable(detail));
            match e.line() {
                0 => err,
                line => InputError {
                    line: Some(line as u64),
                    ..err
                },
            }
            .expected(Expectation::Mapping)
        })?;
        mapping.check().map_err(|detail| {
            InputError::file(file, Problem::BadMapping(detail)).expected(Expectation::Mapping)
        })?;
        Ok(mapping)
    }

    /// The mapping as pretty-printed JSON, as saved.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a mapping is always serialisable")
    }

    /// True when `raw_header` (a file's header cells, as written or normalised) has the same
    /// cells as this mapping's header, ignoring letter case, surrounding spaces, a byte-order
    /// mark and empty cells at the end.
    pub fn matches(&self, raw_header: &[String]) -> bool {
        fn cells(h: &[String]) -> Vec<String> {
            let mut v: Vec<String> = h.iter().map(|c| normalise(c)).collect();
            while v.last().is_some_and(String::is_empty) {
                v.pop();
            }
            v
        }
        !self.header.is_empty() && cells(&self.header) == cells(raw_header)
    }

    /// Every column the mapping names, with its field.
    fn columns(&self) -> Vec<(&'static str, &str)> {
        let optional = [
            ("side", &self.side),
            ("signed_quantity", &self.signed_quantity),
            ("asset", &self.asset),
            ("currency", &self.currency),
            ("pair", &self.pair),
            ("quantity", &self.quantity),
            ("price", &self.price),
            ("total", &self.total),
            ("fee", &self.fee),
            ("fee_asset", &self.fee_asset),
            ("id", &self.id),
            ("note", &self.note),
            ("exchange", &self.exchange),
        ];
        let mut out = vec![("date", self.date.as_str())];
        out.extend(
            optional
                .into_iter()
                .filter_map(|(f, c)| c.as_deref().map(|c| (f, c))),
        );
        out
    }

    /// Checks the mapping; the error says which field is at fault and why.
    fn check(&self) -> Result<(), String> {
        if self.version != VERSION {
            return Err(format!(
                "\"version\": {} is not supported (this Salyq reads version {VERSION})",
                self.version
            ));
        }
        if self.name.trim().is_empty() {
            return Err("\"name\": give the mapping a name".into());
        }
        if self.header.iter().all(|c| c.trim().is_empty()) {
            return Err("\"header\": list the header cells of the files the mapping is for".into());
        }
        let header: Vec<String> = self.header.iter().map(|c| normalise(c)).collect();
        for (field, col) in self.columns() {
            if !header.contains(&normalise(col)) {
                return Err(format!("\"{field}\": column \"{col}\" is not in \"header\""));
            }
        }
        match (&self.side, &self.signed_quantity, &self.quantity) {
            (Some(_), None, Some(_)) | (None, Some(_), None) => {}
            (Some(_), Some(_), _) => {
                return Err("\"side\": give either \"side\" or \"signed_quantity\", not both".into());
            }
            (None, None, _) => {
                return Err("\"side\": give \"side\" (with \"quantity\") or \"signed_quantity\"".into());
            }
            (Some(_), None, None) => return Err("\"quantity\": needed with \"side\"".into()),
            (None, Some(_), Some(_)) => {
                return Err("\"quantity\": not used with \"signed_quantity\" (which is the quantity)".into());
            }
        }
        if self.side.is_none() && !(self.buy_values.is_empty() && self.sell_values.is_empty()) {
            return Err("\"buy_values\": only used with \"side\"".into());
        }
        let lower = |v: &[String]| v.iter().map(|s| s.trim().to_lowercase()).collect::<Vec<_>>();
        let (buys, sells) = (lower(&self.buy_values), lower(&self.sell_values));
        if let Some(both) = buys.iter().find(|b| sells.contains(b)) {
            return Err(format!("\"sell_values\": \"{both}\" is also in \"buy_values\""));
        }
        if buys.iter().chain(&sells).any(String::is_empty) {
            return Err("\"buy_values\": values must not be empty".into());
        }
        match (&self.asset, &self.currency, &self.pair) {
            (Some(_), Some(_), None) | (None, None, Some(_)) => {}
            (_, _, Some(_)) => {
                return Err("\"pair\": give either \"pair\" or \"asset\" and \"currency\", not both".into());
            }
            (Some(_), None, None) => return Err("\"currency\": needed with \"asset\"".into()),
            (None, Some(_), None) => return Err("\"asset\": needed with \"currency\"".into()),
            (None, None, None) => {
                return Err("\"asset\": give \"asset\" and \"currency\", or \"pair\"".into());
            }
        }
        if self.price.is_none() && self.total.is_none() {
            return Err("\"price\": give \"price\" or \"total\" (or both)".into());
        }
        if self.exchange.is_some() && self.venue.is_some() {
            return Err(
                "\"venue\": give either \"exchange\" (a column) or \"venue\" (a name), not both".into(),
            );
        }
        if self.venue.as_ref().is_some_and(|v| v.trim().is_empty()) {
            return Err("\"venue\": must not be empty".into());
        }
        if let Some(k) = &self.kind
            && Kind::parse(k).is_none()
        {
            return Err(format!(
                "\"kind\": \"{k}\" is not a kind: expected crypto, security or other"
            ));
        }
        if let Some(f) = &self.date_format
            && (f.trim().is_empty() || StrftimeItems::new(f).any(|i| matches!(i, Item::Error)))
        {
            return Err(format!(
                "\"date_format\": \"{f}\" is not a strftime pattern such as %d.%m.%Y %H:%M"
            ));
        }
        if let Some(o) = &self.utc_offset {
            if parse::offset(o).is_none() {
                return Err(format!(
                    "\"utc_offset\": \"{o}\" is not a UTC offset such as +05:00"
                ));
            }
            if self.date_format.is_none() {
                return Err(
                    "\"utc_offset\": only used with \"date_format\" (ISO dates carry their own offset)"
                        .into(),
                );
            }
        }
        Ok(())
    }
}

/// Every field of a mapping file, in order.
const FIELDS: [&str; 26] = [
    "version",
    "name",
    "header",
    "date",
    "date_format",
    "utc_offset",
    "side",
    "buy_values",
    "sell_values",
    "signed_quantity",
    "asset",
    "currency",
    "pair",
    "quantity",
    "price",
    "total",
    "fee",
    "fee_asset",
    "id",
    "note",
    "exchange",
    "venue",
    "kind",
    "decimal_comma",
    "suffixed",
    "negate_fee",
];

/// The field whose value is at `line`:`column` of a mapping file (1-based, as serde_json gives
/// them): the last `"field":` written before it, so a wrong type is named by its field.
fn field_at(text: &str, line: usize, column: usize) -> Option<&'static str> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let end = text[start..]
        .char_indices()
        .nth(column)
        .map_or(text.len(), |(i, _)| start + i);
    let before = text.get(..end)?;
    FIELDS
        .iter()
        .filter_map(|f| {
            let quoted = format!("\"{f}\"");
            let at = before.rfind(&quoted)?;
            before[at + quoted.len()..]
                .trim_start()
                .starts_with(':')
                .then_some((at, *f))
        })
        .max()
        .map(|(_, f)| f)
}

/// How a date cell is read.
enum Dates {
    /// ISO 8601 (and `dd.mm.yyyy` in the Russian style).
    Style,
    /// A strftime pattern that holds an offset.
    Zoned(String),
    /// A strftime pattern without an offset, at this offset.
    Local(String, FixedOffset),
}

/// A mapping resolved against one table: column indices and parsed settings.
struct Columns {
    style: Style,
    dates: Dates,
    date: usize,
    side: Option<usize>,
    buy_values: Vec<String>,
    sell_values: Vec<String>,
    /// What the side cells must be, for errors: the values as the mapping writes them.
    side_expected: Expectation,
    signed_quantity: Option<usize>,
    asset: Option<usize>,
    currency: Option<usize>,
    pair: Option<usize>,
    quantity: Option<usize>,
    price: Option<usize>,
    total: Option<usize>,
    fee: Option<usize>,
    fee_asset: Option<usize>,
    id: Option<usize>,
    note: Option<usize>,
    exchange: Option<usize>,
    has_venue: bool,
    kind: Kind,
    /// The numbers carry their asset ([`Mapping::suffixed`]); then the header, to rebuild rows.
    suffixed: Option<super::table::Header>,
    negate_fee: bool,
}

/// Reads every trade of `table` with `mapping`; all bad rows are reported, none is skipped
/// silently. Counts the rows into `report` (the caller counts the trades).
pub fn read<R: Read + Send>(
    table: &mut Table<R>,
    mapping: &Mapping,
    interner: &mut Interner,
    report: &mut FileReport,
) -> Result<Vec<Trade>, Vec<InputError>> {
    let cols = columns(table, mapping).map_err(|e| vec![e])?;
    let venue = mapping.venue.as_deref().map_or("", str::trim);
    super::rows::read_trades(table, interner, report, &cols, cols.style, venue)
}

fn columns<R: Read>(table: &Table<R>, m: &Mapping) -> Result<Columns, InputError> {
    let find =
        |col: &Option<String>| -> Result<Option<usize>, InputError> {
            match col {
                None => Ok(None),
                Some(c) => table.header.find(&normalise(c)).map(Some).ok_or_else(|| {
                    table.missing_column(c.trim(), Expectation::HeaderLike(m.header.join(",")))
                }),
            }
        };
    let lower = |v: &[String], default: &str| -> Vec<String> {
        if v.is_empty() {
            vec![default.to_string()]
        } else {
            v.iter().map(|s| s.trim().to_lowercase()).collect()
        }
    };
    let dates = match &m.date_format {
        None => Dates::Style,
        Some(f) if ["%z", "%:z", "%::z", "%#z"].iter().any(|z| f.contains(z)) => Dates::Zoned(f.clone()),
        Some(f) => Dates::Local(
            f.clone(),
            m.utc_offset
                .as_deref()
                .and_then(parse::offset)
                .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset is valid")),
        ),
    };
    Ok(Columns {
        style: if m.decimal_comma {
            Style::Russian
        } else {
            Style::Plain
        },
        dates,
        date: find(&Some(m.date.clone()))?.unwrap_or_default(),
        side: find(&m.side)?,
        buy_values: lower(&m.buy_values, "buy"),
        sell_values: lower(&m.sell_values, "sell"),
        side_expected: if m.buy_values.is_empty() && m.sell_values.is_empty() {
            Expectation::BuyOrSell
        } else {
            let or_default = |v: &[String], d: &str| {
                if v.is_empty() {
                    vec![d.to_string()]
                } else {
                    v.to_vec()
                }
            };
            let mut all = or_default(&m.buy_values, "buy");
            all.extend(or_default(&m.sell_values, "sell"));
            Expectation::OneOf(all.join(", "))
        },
        signed_quantity: find(&m.signed_quantity)?,
        asset: find(&m.asset)?,
        currency: find(&m.currency)?,
        pair: find(&m.pair)?,
        quantity: find(&m.quantity)?,
        price: find(&m.price)?,
        total: find(&m.total)?,
        fee: find(&m.fee)?,
        fee_asset: find(&m.fee_asset)?,
        id: find(&m.id)?,
        note: find(&m.note)?,
        exchange: find(&m.exchange)?,
        has_venue: m.venue.is_some(),
        kind: m.kind.as_deref().and_then(Kind::parse).unwrap_or_default(),
        suffixed: m.suffixed.then(|| table.header.clone()),
        negate_fee: m.negate_fee,
    })
}

impl RowParser for Columns {
    type Out = Trade;
    type Tally = ();

    fn parse(&self, row: &Row<'_>, cx: &mut Cx<'_>) -> Result<Trade, InputError> {
        match &self.suffixed {
            None => self.parse_plain(row, cx),
            Some(header) => {
                let (record, fee_asset) = self.without_suffixes(row, header, cx)?;
                let row = Row::new(cx.file, row.line, &record, header);
                let mut t = self.parse_plain(&row, cx)?;
                if let Some(code) = fee_asset {
                    t.fee_currency = code;
                }
                Ok(t)
            }
        }
    }
}

impl Columns {
    /// The row's cells with the assets glued to its numbers taken off (each checked against
    /// the asset it must be), and the fee's asset when its cell names one.
    fn without_suffixes(
        &self,
        row: &Row<'_>,
        header: &super::table::Header,
        cx: &mut Cx<'_>,
    ) -> Result<(csv::ByteRecord, Option<crate::model::Code>), InputError> {
        let c = self;
        let (asset, currency) = self.assets(row, cx.interner)?;
        let mut fee_asset = None;
        let width = header.raw.len().max(c.max_column() + 1);
        let mut cells: Vec<std::borrow::Cow<'_, str>> = Vec::with_capacity(width);
        for i in 0..width {
            cells.push(row.cell(i)?.into());
        }
        let mut strip = |col: Option<usize>, unit: Option<&str>| -> Result<Option<String>, InputError> {
            let Some(col) = col else { return Ok(None) };
            let s = row.cell(col)?;
            if s.is_empty() {
                return Ok(None);
            }
            let known: Vec<&str> = [unit, Some(&*asset), Some(&*currency)]
                .into_iter()
                .flatten()
                .collect();
            let (number, suffix) = split_suffix(s, &known);
            if !suffix.is_empty()
                && let Some(unit) = unit
                && !suffix.eq_ignore_ascii_case(unit)
            {
                return Err(row
                    .error(col, Problem::WrongUnit)
                    .found(s)
                    .expected(Expectation::AmountIn(unit.to_string())));
            }
            // Thousands separators as Binance writes them (`"11,426.20USDT"`), where a comma
            // can only be one; a decimal comma stays the `decimal_comma` style's.
            cells[col] = match super::binance::number(number) {
                Some(x) if c.style == Style::Plain && number.contains(',') => x.to_string().into(),
                _ => number.to_string().into(),
            };
            Ok((!suffix.is_empty()).then(|| suffix.to_string()))
        };
        strip(c.quantity, Some(&asset))?;
        strip(c.signed_quantity, Some(&asset))?;
        strip(c.price, Some(&currency))?;
        strip(c.total, Some(&currency))?;
        let fee_unit = match row.optional(c.fee_asset)? {
            Some(_) => Some(super::generic::code(
                row,
                c.fee_asset.unwrap_or_default(),
                cx.interner,
            )?),
            None => None,
        };
        if let Some(suffix) = strip(c.fee, fee_unit.as_deref())?
            && fee_unit.is_none()
        {
            let col = c.fee.unwrap_or_default();
            fee_asset = Some(cx.interner.code(&suffix).ok_or_else(|| {
                row.error(col, Problem::NotACode)
                    .found(row.cell(col).unwrap_or(""))
                    .expected(Expectation::AmountWithAsset)
            })?);
        }
        let mut record = csv::ByteRecord::with_capacity(0, width);
        for cell in &cells {
            record.push_field(cell.as_bytes());
        }
        Ok((record, fee_asset))
    }

    /// The highest column index the mapping reads.
    fn max_column(&self) -> usize {
        [
            Some(self.date),
            self.side,
            self.signed_quantity,
            self.asset,
            self.currency,
            self.pair,
            self.quantity,
            self.price,
            self.total,
            self.fee,
            self.fee_asset,
            self.id,
            self.note,
            self.exchange,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0)
    }

    /// The row's asset and currency (from the pair or their own columns).
    fn assets(
        &self,
        row: &Row<'_>,
        interner: &mut Interner,
    ) -> Result<(crate::model::Code, crate::model::Code), InputError> {
        let c = self;
        match c.pair {
            Some(col) => {
                let text = row.required(col)?;
                let bad = || {
                    row.error(col, Problem::UnknownPair)
                        .found(text)
                        .expected(Expectation::Pair)
                };
                let (base, quote) = split_pair(text).ok_or_else(bad)?;
                Ok((
                    interner.code(base).ok_or_else(bad)?,
                    interner.code(quote).ok_or_else(bad)?,
                ))
            }
            None => Ok((
                code(row, c.asset.unwrap_or_default(), interner)?,
                code(row, c.currency.unwrap_or_default(), interner)?,
            )),
        }
    }

    fn parse_plain(&self, row: &Row<'_>, cx: &mut Cx<'_>) -> Result<Trade, InputError> {
        let c = self;
        let interner = &mut *cx.interner;
        let date_text = row.required(c.date)?;
        let time = c.datetime(date_text).ok_or_else(|| {
            let expected = match &c.dates {
                Dates::Style => Expectation::DateTime,
                Dates::Zoned(f) | Dates::Local(f, _) => Expectation::DateFormat(f.clone()),
            };
            row.error(c.date, Problem::BadDate)
                .found(date_text)
                .expected(expected)
        })?;
        let (side, quantity) = match (c.side, c.signed_quantity) {
            (Some(col), _) => (
                self.side(row, col)?,
                number(row, c.quantity.unwrap_or_default(), true, c.style)?,
            ),
            (None, col) => signed(row, col.unwrap_or_default(), c.style)?,
        };
        let (asset, currency) = self.assets(row, interner)?;
        let total = total_of(row, c.price, c.total, quantity, c.style)?;
        let fee = match row.optional(c.fee)? {
            Some(s) if c.negate_fee => {
                let col = c.fee.unwrap_or_default();
                let x = c.style.decimal(s).ok_or_else(|| {
                    row.error(col, Problem::NotANumber)
                        .found(s)
                        .expected(Expectation::NotPositive)
                })?;
                if x > Decimal::ZERO {
                    return Err(row
                        .error(col, Problem::WrongSign)
                        .found(s)
                        .expected(Expectation::NotPositive));
                }
                if -x > Decimal::from(crate::parse::MAX_AMOUNT) {
                    return Err(row
                        .error(col, Problem::TooLarge)
                        .found(s)
                        .expected(Expectation::AtMostMax));
                }
                (-x).normalize()
            }
            Some(_) => number(row, c.fee.unwrap_or_default(), false, c.style)?,
            None => Decimal::ZERO,
        };
        let fee_currency = match row.optional(c.fee_asset)? {
            Some(_) => code(row, c.fee_asset.unwrap_or_default(), interner)?,
            None => currency.clone(),
        };
        let exchange = match row.optional(c.exchange)? {
            Some(s) => Some(interner.get(s)),
            None if c.has_venue => Some(cx.venue.clone()),
            None => None,
        };
        Ok(Trade {
            file: cx.file.clone(),
            line: crate::model::line32(row.line),
            time,
            side,
            asset,
            quantity,
            total,
            currency,
            fee,
            fee_currency,
            exchange,
            id: row.optional(c.id)?.map(TradeId::from),
            kind: c.kind,
            note: row.optional(c.note)?.map(crate::model::Shared::from),
        })
    }
}

impl Columns {
    fn datetime(&self, s: &str) -> Option<DateTime<FixedOffset>> {
        let s = s.trim();
        match &self.dates {
            Dates::Style => self.style.datetime(s),
            Dates::Zoned(f) => DateTime::parse_from_str(s, f).ok(),
            Dates::Local(f, offset) => {
                let naive = NaiveDateTime::parse_from_str(s, f).ok().or_else(|| {
                    NaiveDate::parse_from_str(s, f)
                        .ok()
                        .map(|d| d.and_time(NaiveTime::MIN))
                })?;
                offset.from_local_datetime(&naive).single()
            }
        }
    }

    fn side(&self, row: &Row<'_>, col: usize) -> Result<Side, InputError> {
        let text = row.required(col)?;
        let lower = text.to_lowercase();
        if self.buy_values.contains(&lower) {
            Ok(Side::Buy)
        } else if self.sell_values.contains(&lower) {
            Ok(Side::Sell)
        } else {
            Err(row
                .error(col, Problem::UnknownSide)
                .found(text)
                .expected(self.side_expected.clone()))
        }
    }
}

/// A signed quantity: its size, and its sign as the side (negative = sell).
/// A number cell split into its number and the asset after it (`0.5824PAXG` → `0.5824`,
/// `PAXG`; `2440.64 USDT` → `2440.64`, `USDT`). `known` assets are tried first, so an asset that
/// starts with a digit (`1INCH`) is not cut; otherwise the trailing letters are the asset.
fn split_suffix<'a>(s: &'a str, known: &[&str]) -> (&'a str, &'a str) {
    let s = s.trim();
    for k in known {
        if !k.is_empty() && s.len() > k.len() && s.is_char_boundary(s.len() - k.len()) {
            let (num, suffix) = s.split_at(s.len() - k.len());
            let num = num.trim_end();
            if suffix.eq_ignore_ascii_case(k) && num.ends_with(|c: char| c.is_ascii_digit() || c == '.') {
                return (num, suffix);
            }
        }
    }
    let cut = s
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(s.len(), |(i, _)| i);
    // An exponent (`1e5`) is part of the number, not an asset.
    let (num, suffix) = s.split_at(cut);
    if suffix.eq_ignore_ascii_case("e") {
        return (s, "");
    }
    (num.trim_end(), suffix)
}

fn signed(row: &Row<'_>, col: usize, style: Style) -> Result<(Side, Decimal), InputError> {
    let s = row.required(col)?;
    let x = style.decimal(s).ok_or_else(|| {
        row.error(col, Problem::NotANumber)
            .found(s)
            .expected(Expectation::Number.in_style(style))
    })?;
    if x.is_zero() {
        return Err(row
            .error(col, Problem::ZeroQuantity)
            .found(s)
            .expected(Expectation::Number.in_style(style)));
    }
    if x.abs() > Decimal::from(parse::MAX_AMOUNT) {
        return Err(row
            .error(col, Problem::TooLarge)
            .found(s)
            .expected(Expectation::AtMostMax));
    }
    let side = if x.is_sign_negative() {
        Side::Sell
    } else {
        Side::Buy
    };
    Ok((side, x.abs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Mapping {
        Mapping::from_json(
            r#"{"version":1,"name":"t","header":["When","Op","Sym","Q","P"],
                "date":"When","side":"Op","asset":"Sym","currency":"Sym","quantity":"Q","price":"P"}"#,
            "t.json",
        )
        .unwrap()
    }

    fn problem(json: &str) -> String {
        match Mapping::from_json(json, "m.json").unwrap_err().problem {
            Problem::BadMapping(d) | Problem::JsonUnreadable(d) => d,
            p => panic!("{p:?}"),
        }
    }

    #[test]
    fn matches_the_same_header_only() {
        let m = base();
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(m.matches(&h(&["\u{feff}when", " OP ", "Sym", "Q", "P", ""])));
        assert!(!m.matches(&h(&["When", "Op", "Sym", "Q"])));
        assert!(!m.matches(&h(&["When", "Op", "Sym", "Q", "P", "X"])));
    }

    #[test]
    fn says_which_field_is_wrong() {
        let ok = r#""version":1,"name":"t","header":["D","S","A","C","Q","P"],"date":"D","asset":"A","currency":"C","price":"P""#;
        assert!(problem(&format!("{{{ok}}}")).contains("\"side\""));
        assert!(problem(&format!(r#"{{{ok},"side":"S"}}"#)).contains("\"quantity\""));
        assert!(problem(&format!(r#"{{{ok},"side":"S","quantity":"X"}}"#)).contains("column \"X\""));
        assert!(problem(&format!(r#"{{{ok},"signed_quantity":"Q","kind":"stock"}}"#)).contains("\"kind\""));
        assert!(
            problem(&format!(r#"{{{ok},"signed_quantity":"Q","utc_offset":"+5"}}"#))
                .contains("\"utc_offset\"")
        );
        assert!(
            problem(&format!(r#"{{{ok},"signed_quantity":"Q","date_format":"%Q"}}"#))
                .contains("\"date_format\"")
        );
        assert!(
            problem(&format!(r#"{{{ok},"signed_quantity":"Q","sied":"S"}}"#))
                .contains("unknown field `sied`")
        );
        assert!(problem(r#"{"version":2}"#).contains("missing field"));
        let mut v2 = base();
        v2.version = 2;
        assert!(problem(&v2.to_json()).contains("\"version\""));
    }

    #[test]
    fn round_trips_through_json() {
        let m = base();
        assert_eq!(Mapping::from_json(&m.to_json(), "x").unwrap(), m);
    }
}
