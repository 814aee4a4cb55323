//! Bybit's Unified Trading Account transaction log (CSV): after the `UID: …` line,
//! `Uid,Currency,Contract,Type,Direction,Quantity,Position,Filled Price,Funding,Fee Paid,Cash Flow,
//! Change,Wallet Balance,Action,Time(UTC)`, one row a change of one currency's balance.
//!
//! - **Spot trades.** A spot trade is two `TRADE` rows at the same time, one per currency of the
//!   pair in `Contract` (`BTCUSDT`: a `BTC` row and a `USDT` row). The rows of one time and
//!   contract are one group (the fills of one second summed per currency, as the Binance
//!   statement's are; a buy and a sale in one second, each with its two rows, are two groups);
//!   a group with a row in the pair's base and a row in its quote is one trade.
//!   Each currency's amount before the fee is `Change` + `Fee Paid` (`Change` is what the balance
//!   moved, the fee taken off): the base amount is the quantity (received on a buy, given on a
//!   sale), the quote amount the total. The fee is `Fee Paid` in the currency of the row that
//!   paid it. `Direction` (`BUY`/`SELL`) must agree with the signs (when the group's rows name
//!   both directions, the signs alone say the side). Venue `Bybit`, no id (the
//!   log has none), no note.
//! - **Derivatives.** A `TRADE` group in one currency only (a perpetual or futures trade is
//!   settled in its margin coin) and `SETTLEMENT` rows (funding) are kept apart from property
//!   income, as the Binance statement's futures rows are ([`crate::ledger::EntryKind::Apart`]:
//!   futures P&L, funding fee), with the signed `Change` [U].
//! - **Transfers.** `TRANSFER_IN` / `TRANSFER_OUT` move coins between Bybit's funding and unified
//!   accounts: inside Bybit, counted as skipped (`TRANSFER_IN (inside Bybit)`). Coins that came
//!   in from the funding account show in the balance check unless the funding history is read
//!   too.
//! - Every other `Type` is counted as skipped by its name; rows of a zero `Change` and fee too.
//! - A group that makes no trade Salyq can tell (rows in two currencies that are not the pair's,
//!   signs against `Direction`, fees in both currencies, a negative fee) does not reject the file:
//!   it is listed with its lines ([`super::report::UnresolvedGroup`]) and the figures say they
//!   are incomplete until it is excluded or entered by hand.
//!
//! Times are in the zone the `Time(UTC…)` column names (`14:35 2024-11-16` time first, or ISO).
//! Numbers use `.`; `--` or an empty cell is no amount.
//!
//! The log holds the same spot trades as Bybit's spot trade history, but without trade ids:
//! give one of them for the same months, not both (two readings of one trade are not
//! recognised as the same trade).

use super::intern::Interner;
use super::report::{FileReport, UnresolvedGroup};
use super::table::{ErrorSink, Row, Table};
use crate::error::{Expectation, InputError, Problem};
use crate::ledger::events::{ApartKind, Entry, EntryKind};
use crate::model::{Code, Kind, Shared, Side, Source, Trade};
use crate::parse;
use chrono::{DateTime, FixedOffset};
use csv::ByteRecord;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use std::io::Read;

/// The format's name in import reports.
pub const NAME: &str = "Bybit Unified Trading Account transaction log";

/// The header, as named in errors about a missing column.
pub const HEADER: &str = "Uid,Currency,Contract,Type,Direction,Quantity,Position,Filled Price,Funding,Fee Paid,Cash Flow,Change,Wallet Balance,Action,Time(UTC)";

/// True when a header (trimmed, lower-case names) is the transaction log.
pub fn matches(names: &[String]) -> bool {
    let has = |c: &str| names.iter().any(|n| n == c);
    has("currency")
        && has("contract")
        && has("type")
        && has("change")
        && (has("fee paid") || has("cash flow") || has("wallet balance"))
        && names.iter().any(|n| n.starts_with("time"))
}

struct Columns {
    currency: usize,
    contract: usize,
    kind: usize,
    direction: Option<usize>,
    fee: Option<usize>,
    change: usize,
    time: usize,
    offset: FixedOffset,
}

/// One `TRADE` row, as read.
struct Part {
    line: u64,
    time: DateTime<FixedOffset>,
    contract: Shared,
    /// `BUY` / `SELL` as written, upper-cased (empty when not given).
    direction: Shared,
    currency: Code,
    change: Decimal,
    fee: Decimal,
}

/// Reads the spot trades of a transaction log positioned after its header; derivatives and
/// settlements go into `report.ledger` (kept apart), transfers and other types are counted in
/// `report.skipped`, groups that make no trade into `report.unresolved`.
pub fn read<R: Read>(
    table: &mut Table<R>,
    interner: &mut Interner,
    report: &mut FileReport,
) -> Result<Vec<Trade>, Vec<InputError>> {
    let cols = columns(table).map_err(|e| vec![e])?;
    let file: Shared = Shared::from(table.file.as_str());
    let venue = interner.get(super::bybit::EXCHANGE);
    let mut errors = ErrorSink::default();
    let mut parts: Vec<Part> = Vec::new();
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
        let row = table.row(&record, line);
        match parse_row(&row, &cols, &file, &venue, interner) {
            Ok(Parsed::Part(p)) => parts.push(p),
            Ok(Parsed::Entry(e)) => report.ledger.push(e),
            Ok(Parsed::Skip(why)) => report.skip(&why),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors.finish(&file));
    }
    let mut trades = Vec::new();
    for group in groups(&parts) {
        match group_trade(&parts, &group, &file, &venue, interner) {
            Made::Trade(t) => trades.push(t),
            Made::Apart(e) => report.ledger.push(e),
            Made::Skip(why) => report.skip(why),
            Made::Unresolved(g) => {
                report.warnings.push(g.warning(&file));
                report.unresolved.push(g);
            }
        }
    }
    report.events = report.ledger.len() as u64;
    report.trades += trades.len() as u64;
    Ok(trades)
}

fn columns<R: Read>(table: &Table<R>) -> Result<Columns, InputError> {
    let expected = || Expectation::HeaderLike(HEADER.to_string());
    let [currency, contract, kind, change] =
        table.require(["currency", "contract", "type", "change"], expected())?;
    let names = table.header.names();
    let Some(time) = names.iter().position(|n| n.starts_with("time")) else {
        return Err(table.missing_column("time(utc)", expected()));
    };
    let utc = FixedOffset::east_opt(0).expect("zero offset is valid");
    Ok(Columns {
        currency,
        contract,
        kind,
        direction: table.header.find("direction"),
        fee: table.header.find("fee paid"),
        change,
        time,
        offset: super::bybit::header_offset(&names[time]).unwrap_or(utc),
    })
}

enum Parsed {
    Part(Part),
    Entry(Entry),
    Skip(String),
}

/// A signed number cell; `None` when empty or `--`.
fn number(row: &Row<'_>, col: usize) -> Result<Option<Decimal>, InputError> {
    let s = row.cell(col)?;
    if s.is_empty() || s == "--" {
        return Ok(None);
    }
    let x = parse::decimal(s).ok_or_else(|| {
        row.error(col, Problem::NotANumber)
            .found(s)
            .expected(Expectation::Number)
    })?;
    if x.abs() > Decimal::from(parse::MAX_AMOUNT) {
        return Err(row
            .error(col, Problem::TooLarge)
            .found(s)
            .expected(Expectation::AtMostMax));
    }
    Ok(Some(x))
}

fn parse_row(
    row: &Row<'_>,
    c: &Columns,
    file: &Shared,
    venue: &Code,
    interner: &mut Interner,
) -> Result<Parsed, InputError> {
    let kind = row.required(c.kind)?.to_ascii_uppercase();
    let is_trade = kind == "TRADE";
    let is_settlement = kind == "SETTLEMENT";
    if kind == "TRANSFER_IN" || kind == "TRANSFER_OUT" {
        return Ok(Parsed::Skip(format!("{kind} (inside Bybit)")));
    }
    if !is_trade && !is_settlement {
        return Ok(Parsed::Skip(kind));
    }
    let change = number(row, c.change)?.unwrap_or_default();
    let fee = match c.fee {
        Some(col) => number(row, col)?.unwrap_or_default(),
        None => Decimal::ZERO,
    };
    if change.is_zero() && fee.is_zero() {
        return Ok(Parsed::Skip(format!("{kind} (zero change)")));
    }
    let time_text = row.required(c.time)?;
    let time = super::bybit::datetime(time_text, c.offset).ok_or_else(|| {
        row.error(c.time, Problem::BadDate)
            .found(time_text)
            .expected(Expectation::BybitDateTime)
    })?;
    let currency_text = row.required(c.currency)?;
    let currency = interner.code(currency_text).ok_or_else(|| {
        row.error(c.currency, Problem::NotACode)
            .found(currency_text)
            .expected(Expectation::Code)
    })?;
    if is_settlement {
        return Ok(Parsed::Entry(apart(
            file,
            venue,
            row.line,
            time,
            &currency,
            change,
            ApartKind::FundingFee,
            "SETTLEMENT",
        )));
    }
    let direction = match c.direction {
        Some(col) => row.cell(col)?.to_ascii_uppercase(),
        None => String::new(),
    };
    Ok(Parsed::Part(Part {
        line: row.line,
        time,
        contract: interner.get(&row.required(c.contract)?.to_ascii_uppercase()),
        direction: interner.get(&direction),
        currency,
        change,
        fee,
    }))
}

#[allow(clippy::too_many_arguments)]
fn apart(
    file: &Shared,
    venue: &Code,
    line: u64,
    time: DateTime<FixedOffset>,
    currency: &Code,
    change: Decimal,
    kind: ApartKind,
    note: &str,
) -> Entry {
    Entry {
        source: Source {
            file: file.clone(),
            line,
        },
        time,
        venue: Some(venue.clone()),
        asset: currency.clone(),
        quantity: change,
        kind: EntryKind::Apart(kind),
        fee: Decimal::ZERO,
        balance: None,
        id: None,
        note: Some(Box::from(note)),
    }
}

/// The groups of `parts`: rows of the same time and contract, each group in file order, groups
/// in the order of their first row. Where one time and contract has rows of both directions,
/// each direction is a group of its own when each holds rows in two currencies (a buy and a
/// sale in one second); otherwise the rows stay one group, its side taken from the signs.
fn groups(parts: &[Part]) -> Vec<Vec<usize>> {
    let mut ids: FxHashMap<(DateTime<FixedOffset>, &str), usize> = FxHashMap::default();
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        let next = out.len();
        let g = *ids.entry((p.time, &p.contract)).or_insert(next);
        if g == out.len() {
            out.push(Vec::new());
        }
        out[g].push(i);
    }
    let mut split = Vec::with_capacity(out.len());
    for group in out {
        let first = &parts[group[0]].direction;
        if group.iter().all(|&i| parts[i].direction == *first) {
            split.push(group);
            continue;
        }
        let mut by_direction: Vec<Vec<usize>> = Vec::new();
        for &i in &group {
            match by_direction
                .iter_mut()
                .find(|g| parts[g[0]].direction == parts[i].direction)
            {
                Some(g) => g.push(i),
                None => by_direction.push(vec![i]),
            }
        }
        let two_currencies = |g: &Vec<usize>| g.iter().any(|&i| parts[i].currency != parts[g[0]].currency);
        if by_direction.iter().all(two_currencies) {
            split.extend(by_direction);
        } else {
            split.push(group);
        }
    }
    split
}

enum Made {
    Trade(Trade),
    Apart(Entry),
    Skip(&'static str),
    Unresolved(UnresolvedGroup),
}

/// What one group makes.
fn group_trade(
    parts: &[Part],
    group: &[usize],
    file: &Shared,
    venue: &Code,
    interner: &mut Interner,
) -> Made {
    let first = &parts[group[0]];
    // Per currency, in the order met: the summed change and fee.
    let mut sums: Vec<(Code, Decimal, Decimal)> = Vec::new();
    for p in group.iter().map(|&i| &parts[i]) {
        let slot = match sums.iter_mut().find(|(c, _, _)| *c == p.currency) {
            Some(s) => s,
            None => {
                sums.push((p.currency.clone(), Decimal::ZERO, Decimal::ZERO));
                sums.last_mut().expect("just pushed")
            }
        };
        match (slot.1.checked_add(p.change), slot.2.checked_add(p.fee)) {
            (Some(a), Some(b)) => (slot.1, slot.2) = (a, b),
            _ => return unresolved(parts, group, &sums, "the amounts are too large to add"),
        }
    }
    let pair = super::bybit::split_pair(&first.contract, None, None);
    if let [(currency, change, _)] = &sums[..] {
        // One currency: a derivative trade settled in its margin coin (its change is the
        // realised result less the fee).
        if pair.is_none_or(|(base, _)| !base.eq_ignore_ascii_case(currency)) {
            return if change.is_zero() {
                Made::Skip("TRADE (derivatives, zero change)")
            } else {
                Made::Apart(apart(
                    file,
                    venue,
                    first.line,
                    first.time,
                    currency,
                    *change,
                    ApartKind::FuturesPnl,
                    &format!("TRADE {} (derivatives)", first.contract),
                ))
            };
        }
        return unresolved(
            parts,
            group,
            &sums,
            "a spot trade needs a row in each currency of the pair",
        );
    }
    let Some((base_text, quote_text)) = pair else {
        return unresolved(
            parts,
            group,
            &sums,
            "the pair in Contract is not one Salyq can split",
        );
    };
    let (Some(base), Some(quote)) = (interner.code(base_text), interner.code(quote_text)) else {
        return unresolved(
            parts,
            group,
            &sums,
            "the pair in Contract is not one Salyq can split",
        );
    };
    let find = |code: &Code| sums.iter().find(|(c, _, _)| c == code);
    let (Some(b), Some(q)) = (find(&base), find(&quote)) else {
        return unresolved(
            parts,
            group,
            &sums,
            "its currencies are not the pair's base and quote",
        );
    };
    if sums.len() != 2 {
        return unresolved(
            parts,
            group,
            &sums,
            "its currencies are not the pair's base and quote",
        );
    }
    let (base_gross, quote_gross) = (b.1 + b.2, q.1 + q.2);
    let side = if base_gross > Decimal::ZERO && quote_gross < Decimal::ZERO {
        Side::Buy
    } else if base_gross < Decimal::ZERO && quote_gross > Decimal::ZERO {
        Side::Sell
    } else {
        return unresolved(
            parts,
            group,
            &sums,
            "one currency must come in and the other go out",
        );
    };
    // Rows of both directions that stayed one group: the signs alone say the side.
    let mixed = group.iter().any(|&i| parts[i].direction != first.direction);
    let agrees = match &*first.direction {
        _ if mixed => true,
        "" => true,
        "BUY" => side == Side::Buy,
        "SELL" => side == Side::Sell,
        _ => false,
    };
    if !agrees {
        return unresolved(parts, group, &sums, "the signs go against Direction");
    }
    let (fee, fee_currency) = match (b.2.is_zero(), q.2.is_zero()) {
        (_, true) => (b.2, base.clone()),
        (true, false) => (q.2, quote.clone()),
        (false, false) => return unresolved(parts, group, &sums, "fees are paid in both currencies"),
    };
    if fee < Decimal::ZERO {
        return unresolved(parts, group, &sums, "a negative fee (a rebate) on a spot trade");
    }
    Made::Trade(Trade {
        file: file.clone(),
        line: crate::model::line32(first.line),
        time: first.time,
        side,
        asset: base,
        quantity: base_gross.abs().normalize(),
        total: quote_gross.abs().normalize(),
        currency: quote,
        fee: fee.normalize(),
        fee_currency,
        exchange: Some(venue.clone()),
        id: None,
        kind: Kind::Crypto,
        note: None,
    })
}

/// The listing of a group that makes no trade.
fn unresolved(parts: &[Part], group: &[usize], sums: &[(Code, Decimal, Decimal)], why: &str) -> Made {
    let first = &parts[group[0]];
    let coins: Vec<String> = sums.iter().map(|(c, _, _)| c.to_string()).collect();
    Made::Unresolved(UnresolvedGroup {
        lines: group.iter().map(|&i| parts[i].line).collect(),
        time: first.time.to_rfc3339(),
        found: format!(
            "TRADE {} {} {}",
            first.contract,
            if first.direction.is_empty() {
                "?"
            } else {
                &first.direction
            },
            coins.join(" ")
        ),
        coins,
        why: why.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(h: &str) -> Vec<String> {
        h.split(',').map(|s| s.trim().to_lowercase()).collect()
    }

    #[test]
    fn recognises_its_header_and_no_other() {
        assert!(matches(&names(HEADER)));
        assert!(!matches(&names(
            "Uid,Date & Time(UTC),Coin,QTY,Type,Account Balance,Description"
        )));
        assert!(!matches(&names(
            "User_ID,UTC_Time,Account,Operation,Coin,Change,Remark"
        )));
    }
}
