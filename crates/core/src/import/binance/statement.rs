//! The Binance transaction history (statement): `User_ID,UTC_Time,Account,Operation,Coin,Change,Remark`
//! (`User_ID`, `Account` and `Remark` may be missing). One row a balance change; a trade spans
//! several rows with the same time.
//!
//! **Trade rows.** `Transaction Buy` / `Transaction Revenue` (a coin received, `Change` > 0),
//! `Transaction Spend` / `Transaction Sold` (a coin given, `Change` < 0), `Transaction Fee`
//! (`Change` ≤ 0), `Transaction Related` (old files: a trade's other leg, often its money; the
//! sign says which way); in older files `Buy` / `Sell` (the sign says which way: the + row is what
//! was received, the − row what was given) and `Fee`; and `Binance Convert` (signed, like
//! `Buy`), which is a trade too. A sign against the operation is an error; a received or given
//! row of zero is counted as skipped (`Transaction Buy (zero change)`).
//!
//! **Grouping.** Trade rows are grouped by time, account and family (the `Transaction …` rows,
//! the old `Buy`/`Sell`/`Fee` rows and `Binance Convert` rows apart). In a group, the amounts of
//! each coin are summed, so the partial fills of one order in one second make one trade. A
//! group must then have exactly one coin received and one coin given (two different coins).
//! Several pairs filled in the same second are split into runs of rows in file order, each
//! run one coin received and one given (`Buy BTC, Spend USDT, Fee, Buy ETH, Spend USDT, Fee`);
//! when that does not work either (a stray fee, rows of two pairs interleaved), the group is
//! listed with its lines ([`crate::import::report::UnresolvedGroup`], a warning), left out, and
//! the rest of the file is read — never a guess; the figures say they are incomplete until
//! the group is excluded or entered by hand. Its fees must be in one coin; when they are in two and one of
//! them is the received coin, that fee is taken off the amount received (the same lot and cost
//! as a fee in the received asset, see docs/formats.md §4), leaving the other as the trade's fee.
//!
//! **Direction.** A group becomes one trade between the received coin and the given coin. Its
//! currency is the more quote-like of the two (by [`super::QUOTES`]): BTC received for USDT is
//! a buy of BTC paid in USDT, USDT received for BTC a sell of BTC for USDT, as the spot trade
//! history would show the same trade. When neither coin is a known quote asset, the trade is a
//! buy of the received coin paid in the given coin. Time, venue `Binance`, no id, and the line
//! of the group's first row.
//!
//! **Other operations.** Deposits, withdrawals, card and P2P buys, rewards, dust conversions
//! and futures rows are events ([`crate::ledger::binance`]): their cells are read, and they go
//! into the report's ledger entries (card buys with their money leg and dust become trades).
//! Wallet-to-wallet moves (`Transfer Between …`) and unknown operations are counted in the
//! report's skipped rows by operation; their other cells are not read.

use super::{Cx, RowParser};
use crate::error::{Expectation, InputError, Problem};
use crate::import::intern::Interner;
use crate::import::report::{FileReport, UnresolvedGroup};
use crate::import::table::{ErrorSink, Row, Table};
use crate::model::{Code, Kind, Shared, Side, Trade};
use crate::parse::{self, Style};
use chrono::{DateTime, FixedOffset, Offset, Utc};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use std::io::Read;

/// The format's name, as shown in import reports.
pub const NAME: &str = "Binance transaction history";

/// The header, as named in errors about a missing column.
pub const HEADER: &str = "User_ID,UTC_Time,Account,Operation,Coin,Change,Remark";

/// The 2024 header, whose `Time` does not say its zone.
pub const HEADER_2024: &str = "User ID,Time,Account,Operation,Coin,Change,Remark";

/// A time column in UTC: `UTC_Time`, or a Russian `Время (UTC)` / `Дата(UTC)`.
const TIME_UTC: &[&str] = &[
    "utc_time",
    "время (utc)",
    "время(utc)",
    "время utc",
    "дата(utc)",
    "дата (utc)",
];
/// A time column that does not say its zone (2024 header; a Russian `Время`).
const TIME_LOCAL: &[&str] = &["time", "время"];
const OPERATION: &[&str] = &["operation", "операция"];
const COIN: &[&str] = &["coin", "монета"];
const CHANGE: &[&str] = &["change", "изменение"];
const ACCOUNT: &[&str] = &["account", "аккаунт", "счет", "счёт"];

/// True when a header (trimmed, lower-case names) is Binance's transaction history:
/// `UTC_Time` (or `Time`), `Operation`, `Coin` and `Change`, also with the Russian names a
/// Russian UI writes (`Время`, `Операция`, `Монета`, `Изменение` [U]).
pub fn matches(names: &[String]) -> bool {
    use crate::import::exchange::{find, has_all};
    (find(names, TIME_UTC).is_some() || find(names, TIME_LOCAL).is_some())
        && has_all(names, &[OPERATION, COIN, CHANGE])
}

/// Reads every trade of the statement; counts rows, trades and skipped operations in `report`.
/// All bad rows are reported. Groups that do not make a trade are reported only when no row had
/// an error (a bad row would leave its group short).
pub fn read<R: Read + Send>(
    table: &mut Table<R>,
    interner: &mut Interner,
    report: &mut FileReport,
) -> Result<Vec<Trade>, Vec<InputError>> {
    read_with(table, interner, report, Style::Plain)
}

/// [`read`] with numbers and dates in `style` (a file re-saved by Excel in a Russian locale).
pub fn read_with<R: Read + Send>(
    table: &mut Table<R>,
    interner: &mut Interner,
    report: &mut FileReport,
    style: Style,
) -> Result<Vec<Trade>, Vec<InputError>> {
    read_in_zone(table, interner, report, style, None)
}

/// [`read_with`] with the time zone the user gave for a file whose time column does not say
/// its zone (the 2024 header's `Time`): without it, the zone in the file's name, else UTC with a
/// warning in `report.warnings`.
pub fn read_in_zone<R: Read + Send>(
    table: &mut Table<R>,
    interner: &mut Interner,
    report: &mut FileReport,
    style: Style,
    zone: Option<FixedOffset>,
) -> Result<Vec<Trade>, Vec<InputError>> {
    let parser = columns(table, zone, report).map_err(|e| vec![e])?;
    let parsed = super::read_rows(table, interner, &parser, style, super::VENUE);
    report.rows += parsed.rows;
    if !parsed.errors.is_empty() {
        return Err(parsed.errors.finish(&table.file));
    }
    let skipped = parsed.tally;
    let mut events = Vec::new();
    let parts: Vec<Part> = parsed
        .outs
        .into_iter()
        .filter_map(|entry| match entry {
            Entry::Part(p) => Some(p),
            Entry::Ledger(r) => {
                events.push(r);
                None
            }
            Entry::Skip(_) => None,
        })
        .collect();
    let file: Shared = Shared::from(table.file.as_str());
    let venue = interner.get(super::VENUE);
    let made = crate::ledger::binance::make(&events, &file, &venue);
    let mut errors = ErrorSink::default();
    let mut trades = Vec::new();
    let mut scratch = Scratch::default();
    let (order, starts) = groups(&parts);
    let mut unresolved = Vec::new();
    for bounds in starts.windows(2) {
        let group = &order[bounds[0]..bounds[1]];
        match trade(&parts, group, &file, &venue, &mut scratch) {
            Ok(t) => trades.push(t),
            // Several pairs in one second: each run of rows in file order that is one trade.
            Err(e) if matches!(e.problem, Problem::UnpairedTradeRows(_)) => {
                match split_runs(&parts, group, &file, &venue, &mut scratch) {
                    Some(mut made) => trades.append(&mut made),
                    // A group Salyq cannot pair does not reject the file: it is listed and left out.
                    None => unresolved.push(unresolved_group(&parts, group, e)),
                }
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors.finish(&file));
    }
    for g in unresolved {
        report.warnings.push(g.warning(&file));
        report.unresolved.push(g);
    }
    for (why, n) in skipped {
        *report.skipped.entry(why.to_string()).or_default() += n;
    }
    for (why, n) in made.skipped {
        *report.skipped.entry(why).or_default() += n;
    }
    trades.extend(made.trades);
    report.events += made.entries.len() as u64;
    report.ledger.extend(made.entries);
    report.trades += trades.len() as u64;
    Ok(trades)
}

/// Which rows belong together: the `Transaction …` rows, the old ones, conversions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Family {
    Transaction,
    Old,
    Convert,
}

/// What a row does in its trade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Received,
    Given,
    Fee,
    /// Received when positive, given when negative.
    BySign,
}

/// The family and role of a trade operation; `None` for every other operation.
fn classify(op: &str) -> Option<(Family, Role)> {
    let is = |s: &str| op.eq_ignore_ascii_case(s);
    Some(if is("transaction buy") || is("transaction revenue") {
        (Family::Transaction, Role::Received)
    } else if is("transaction spend") || is("transaction sold") {
        (Family::Transaction, Role::Given)
    } else if is("transaction fee") {
        (Family::Transaction, Role::Fee)
    } else if is("transaction related") {
        // Old files: a trade's other leg (often its money), the sign says which way.
        (Family::Transaction, Role::BySign)
    } else if is("buy") || is("sell") {
        (Family::Old, Role::BySign)
    } else if is("fee") {
        (Family::Old, Role::Fee)
    } else if is("binance convert") {
        (Family::Convert, Role::BySign)
    } else {
        return None;
    })
}

/// One trade row: a coin received, given or paid as a fee (`amount` ≥ 0, the sign taken off).
struct Part {
    line: u64,
    time: DateTime<FixedOffset>,
    account: Shared,
    family: Family,
    /// Received, Given or Fee (never BySign).
    role: Role,
    op: Shared,
    coin: Code,
    amount: Decimal,
}

enum Entry {
    Part(Part),
    /// A row of an event beyond trades (deposit, reward...; [`crate::ledger::binance`]).
    Ledger(crate::ledger::binance::Row),
    /// A row that is not part of a trade, and why (its operation); counted, not kept.
    Skip(Box<str>),
}

/// Most distinct operations counted by name in the import report; rows of further ones are
/// counted together under [`OTHER_OPERATIONS`], so a file of made-up operations cannot grow
/// the report (and memory) row by row.
const MAX_SKIP_REASONS: usize = 100;

/// Where rows of operations past [`MAX_SKIP_REASONS`] are counted.
const OTHER_OPERATIONS: &str = "other operations";

/// Counts `n` skipped rows under `why`, within [`MAX_SKIP_REASONS`].
fn count_skip(tally: &mut FxHashMap<Box<str>, u64>, why: Box<str>, n: u64) {
    let why = if tally.len() < MAX_SKIP_REASONS || tally.contains_key(&why) {
        why
    } else {
        Box::from(OTHER_OPERATIONS)
    };
    *tally.entry(why).or_default() += n;
}

struct Columns {
    time: usize,
    account: Option<usize>,
    operation: usize,
    coin: usize,
    change: usize,
    utc: FixedOffset,
}

fn columns<R: Read>(
    table: &Table<R>,
    zone: Option<FixedOffset>,
    report: &mut FileReport,
) -> Result<Columns, InputError> {
    use crate::import::exchange::{self, ZoneFrom};
    let names = &table.header.raw;
    let expected = |h: &str| Expectation::HeaderLike(h.to_string());
    let (time, utc) = match exchange::find(names, TIME_UTC) {
        Some(time) => (time, Utc.fix()),
        None => {
            let time = exchange::find(names, TIME_LOCAL)
                .ok_or_else(|| table.missing_column("utc_time", expected(HEADER)))?;
            let (offset, from, warning) = exchange::file_zone(&table.file, zone);
            if from == ZoneFrom::Assumed {
                report.warnings.extend(warning);
            }
            (time, offset)
        }
    };
    let need = |aliases: &[&str]| {
        exchange::find(names, aliases).ok_or_else(|| table.missing_column(aliases[0], expected(HEADER)))
    };
    Ok(Columns {
        time,
        account: exchange::find(names, ACCOUNT),
        operation: need(OPERATION)?,
        coin: need(COIN)?,
        change: need(CHANGE)?,
        utc,
    })
}

impl RowParser for Columns {
    type Out = Entry;
    type Tally = FxHashMap<Box<str>, u64>;

    fn keep(&self, out: Entry, tally: &mut Self::Tally) -> Option<Entry> {
        match out {
            Entry::Skip(why) => {
                count_skip(tally, why, 1);
                None
            }
            part => Some(part),
        }
    }

    fn add(&self, total: &mut Self::Tally, batch: &mut Self::Tally) {
        for (why, n) in batch.drain() {
            count_skip(total, why, n);
        }
    }

    fn parse(&self, row: &Row<'_>, cx: &mut Cx<'_>) -> Result<Entry, InputError> {
        let c = self;
        let op = row.required(c.operation)?;
        let Some((family, role)) = classify(op) else {
            return match crate::ledger::binance::operation(op) {
                Some(what) => ledger_row(c, row, cx, op, what).map(Entry::Ledger),
                None => Ok(Entry::Skip(Box::from(op))),
            };
        };
        let time = super::time_cell(row, c.time, c.utc, cx.style)?;
        let account = cx.interner.get(row.optional(c.account)?.unwrap_or(""));
        let coin = super::code_cell(row, c.coin, cx.interner)?;
        let s = row.required(c.change)?;
        let change = super::number_in(cx.style, s).ok_or_else(|| {
            row.error(c.change, Problem::NotANumber)
                .found(s)
                .expected(Expectation::Number.in_style(cx.style))
        })?;
        if change.abs() > Decimal::from(parse::MAX_AMOUNT) {
            return Err(row
                .error(c.change, Problem::TooLarge)
                .found(s)
                .expected(Expectation::AtMostMax));
        }
        let positive = change > Decimal::ZERO;
        let wrong_sign = |expected| {
            row.error(c.change, Problem::WrongSign)
                .found(s)
                .expected(expected)
        };
        let role = match role {
            Role::Received if change < Decimal::ZERO => return Err(wrong_sign(Expectation::PositiveNumber)),
            Role::Given | Role::Fee if positive => return Err(wrong_sign(Expectation::NotPositive)),
            Role::BySign if positive => Role::Received,
            Role::BySign => Role::Given,
            r => r,
        };
        if change.is_zero() && role != Role::Fee {
            return Ok(Entry::Skip(format!("{op} (zero change)").into_boxed_str()));
        }
        Ok(Entry::Part(Part {
            line: row.line,
            time,
            account,
            family,
            role,
            op: cx.interner.get(op),
            coin,
            amount: change.abs(),
        }))
    }
}

/// A row of an event operation: its time, account, coin and signed change.
fn ledger_row(
    c: &Columns,
    row: &Row<'_>,
    cx: &mut Cx<'_>,
    op: &str,
    what: crate::ledger::binance::Operation,
) -> Result<crate::ledger::binance::Row, InputError> {
    let time = super::time_cell(row, c.time, c.utc, cx.style)?;
    let account = cx.interner.get(row.optional(c.account)?.unwrap_or(""));
    let coin = super::code_cell(row, c.coin, cx.interner)?;
    let s = row.required(c.change)?;
    let change = super::number_in(cx.style, s).ok_or_else(|| {
        row.error(c.change, Problem::NotANumber)
            .found(s)
            .expected(Expectation::Number)
    })?;
    if change.abs() > Decimal::from(parse::MAX_AMOUNT) {
        return Err(row
            .error(c.change, Problem::TooLarge)
            .found(s)
            .expected(Expectation::AtMostMax));
    }
    Ok(crate::ledger::binance::Row {
        line: row.line,
        time,
        account,
        op: cx.interner.get(op),
        what,
        coin,
        change,
    })
}

/// The groups of `parts` (same time, account and family): the indices of all parts, group by
/// group (each in file order, groups in the order of their first row), and where each group
/// starts in them (with the end last).
fn groups(parts: &[Part]) -> (Vec<u32>, Vec<usize>) {
    let mut ids: FxHashMap<(DateTime<FixedOffset>, &str, Family), u32> = FxHashMap::default();
    let mut group_of = Vec::with_capacity(parts.len());
    for p in parts {
        let next = ids.len() as u32;
        group_of.push(*ids.entry((p.time, &*p.account, p.family)).or_insert(next));
    }
    // A counting sort by group keeps file order inside each group.
    let mut starts = vec![0usize; ids.len() + 1];
    for &g in &group_of {
        starts[g as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let mut order = vec![0u32; parts.len()];
    for (i, &g) in group_of.iter().enumerate() {
        order[next[g as usize]] = i as u32;
        next[g as usize] += 1;
    }
    (order, starts)
}

/// The trades of a group of several pairs in one second, when its rows in file order fall into
/// runs that are each one trade: a run ends where a row receives (or gives) a coin other than the
/// one the run already receives (or gives); a fee row belongs to the run it follows. So `Buy BTC,
/// Spend USDT, Fee BNB, Buy ETH, Spend USDT, Fee BNB` is two trades. `None` when the group is one
/// run, starts with a fee row, or any run is not one trade (then the group is listed, never
/// guessed).
fn split_runs(
    parts: &[Part],
    group: &[u32],
    file: &Shared,
    venue: &Code,
    s: &mut Scratch,
) -> Option<Vec<Trade>> {
    // A fee before any leg: the fees may come before their trades, so which fee is whose is not
    // in the order of the rows.
    if group
        .first()
        .is_some_and(|&i| parts[i as usize].role == Role::Fee)
    {
        return None;
    }
    let mut runs: Vec<&[u32]> = Vec::new();
    let mut start = 0;
    let (mut received, mut given): (Option<&Code>, Option<&Code>) = (None, None);
    for (k, &i) in group.iter().enumerate() {
        let p = &parts[i as usize];
        let new_coin = match p.role {
            Role::Received => received.is_some_and(|c| *c != p.coin),
            Role::Given => given.is_some_and(|c| *c != p.coin),
            _ => false,
        };
        if new_coin {
            runs.push(&group[start..k]);
            start = k;
            (received, given) = (None, None);
        }
        match p.role {
            Role::Received => received = Some(&p.coin),
            Role::Given => given = Some(&p.coin),
            _ => {}
        }
    }
    runs.push(&group[start..]);
    if runs.len() < 2 {
        return None;
    }
    runs.iter()
        .map(|run| trade(parts, run, file, venue, s).ok())
        .collect()
}

/// The listing of a group that makes no trade (`e` says why).
fn unresolved_group(parts: &[Part], group: &[u32], e: InputError) -> UnresolvedGroup {
    let mut coins: Vec<String> = Vec::new();
    for &i in group {
        let c = &*parts[i as usize].coin;
        if !coins.iter().any(|x| x == c) {
            coins.push(c.to_string());
        }
    }
    UnresolvedGroup {
        lines: group.iter().map(|&i| parts[i as usize].line).collect(),
        time: parts[group[0] as usize].time.to_rfc3339(),
        found: e.found.clone().unwrap_or_default(),
        coins,
        why: match &e.expected {
            Some(x) => format!("expected {x}"),
            None => e.message.clone(),
        },
    }
}

/// Coins and amounts of one group, reused from group to group.
#[derive(Default)]
struct Scratch {
    received: Vec<(Code, Decimal)>,
    given: Vec<(Code, Decimal)>,
    fees: Vec<(Code, Decimal)>,
}

/// Adds `amount` of `coin` to `list`; `None` when the sum overflows.
fn add(list: &mut Vec<(Code, Decimal)>, coin: &Code, amount: Decimal) -> Option<()> {
    match list.iter_mut().find(|(c, _)| c == coin) {
        Some((_, sum)) => *sum = sum.checked_add(amount)?,
        None => list.push((coin.clone(), amount)),
    }
    Some(())
}

/// The trade a group makes, or an error naming its lines.
fn trade(
    parts: &[Part],
    group: &[u32],
    file: &Shared,
    venue: &Code,
    s: &mut Scratch,
) -> Result<Trade, InputError> {
    let part = |i: &u32| &parts[*i as usize];
    let first = part(&group[0]);
    let unpaired = || {
        // Each operation with its coins, in the order met: `Transaction Buy BTC ETH, …`.
        let mut seen: Vec<(&str, Vec<&str>)> = Vec::new();
        for p in group.iter().map(part) {
            match seen.iter_mut().find(|(op, _)| *op == &*p.op) {
                Some((_, coins)) if coins.contains(&&*p.coin) => {}
                Some((_, coins)) => coins.push(&p.coin),
                None => seen.push((&p.op, vec![&p.coin])),
            }
        }
        let found: Vec<String> = seen
            .iter()
            .map(|(op, coins)| format!("{op} {}", coins.join(" ")))
            .collect();
        InputError::line(
            file,
            first.line,
            Problem::UnpairedTradeRows(group.iter().map(|i| part(i).line).collect()),
        )
        .found(&found.join(", "))
        .expected(Expectation::OneTradePerGroup)
    };
    let too_large = || InputError::line(file, first.line, Problem::TooLarge).expected(Expectation::AtMostMax);
    s.received.clear();
    s.given.clear();
    s.fees.clear();
    for p in group.iter().map(part) {
        let list = match p.role {
            Role::Received => &mut s.received,
            Role::Given => &mut s.given,
            _ => &mut s.fees,
        };
        add(list, &p.coin, p.amount).ok_or_else(too_large)?;
    }
    s.fees.retain(|(_, x)| !x.is_zero());
    let (received, mut got, given, gave) = match (&s.received[..], &s.given[..]) {
        ([(r, got)], [(g, gave)]) => (r.clone(), *got, g.clone(), *gave),
        _ => return Err(unpaired()),
    };
    if received == given {
        return Err(unpaired());
    }
    if s.fees.len() > 1
        && let Some(i) = s.fees.iter().position(|(c, _)| *c == received)
    {
        let (_, fee) = s.fees.remove(i);
        if fee >= got {
            return Err(InputError::line(file, first.line, Problem::FeeNotBelowQuantity)
                .found(&fee.to_string())
                .expected(Expectation::FeeBelow(got, received.to_string())));
        }
        got -= fee;
    }
    let max = Decimal::from(parse::MAX_AMOUNT);
    if s.fees.len() > 1 {
        return Err(unpaired());
    }
    if got > max || gave > max || s.fees.iter().any(|(_, x)| *x > max) {
        return Err(too_large());
    }
    let sell = match (super::quote_rank(&received), super::quote_rank(&given)) {
        (Some(r), Some(g)) => r < g,
        (Some(_), None) => true,
        _ => false,
    };
    let (side, asset, quantity, currency, total) = if sell {
        (Side::Sell, given, gave, received, got)
    } else {
        (Side::Buy, received, got, given, gave)
    };
    let (fee, fee_currency) = match s.fees.first() {
        Some((coin, x)) => (*x, coin.clone()),
        None => (Decimal::ZERO, currency.clone()),
    };
    Ok(Trade {
        file: file.clone(),
        line: crate::model::line32(first.line),
        time: first.time,
        side,
        asset,
        quantity,
        total,
        currency,
        fee,
        fee_currency,
        exchange: Some(venue.clone()),
        id: None,
        kind: Kind::Crypto,
        note: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipped_rows_are_counted_by_at_most_a_hundred_operations() {
        let mut text = String::from("User_ID,UTC_Time,Account,Operation,Coin,Change,Remark\n");
        for i in 0..10_000 {
            text.push_str(&format!("1,2024-11-16 14:35:02,Spot,Op {},USDT,1,\n", i % 150));
        }
        text.push_str("1,2024-11-16 14:35:02,Spot,Deposit,USDT,1,\n");
        let mut table = Table::open("s.csv", text.as_bytes()).unwrap();
        let mut report = FileReport::new("s.csv", NAME);
        let trades = read(&mut table, &mut Interner::default(), &mut report).unwrap();
        assert!(trades.is_empty());
        assert_eq!(report.rows, 10_001);
        assert!((MAX_SKIP_REASONS..=MAX_SKIP_REASONS + 1).contains(&report.skipped.len()));
        // The deposit is an event (a ledger entry), every other row a skipped operation.
        assert_eq!(report.events, 1);
        assert_eq!(report.skipped.values().sum::<u64>(), 10_000);
        assert!(report.skipped[OTHER_OPERATIONS] >= 50 * 10_000 / 150);
    }

    #[test]
    fn operations_are_classified() {
        assert_eq!(
            classify("Transaction Buy"),
            Some((Family::Transaction, Role::Received))
        );
        assert_eq!(
            classify("transaction sold"),
            Some((Family::Transaction, Role::Given))
        );
        assert_eq!(classify("Fee"), Some((Family::Old, Role::Fee)));
        assert_eq!(classify("Sell"), Some((Family::Old, Role::BySign)));
        assert_eq!(classify("Binance Convert"), Some((Family::Convert, Role::BySign)));
        assert_eq!(classify("Deposit"), None);
        assert_eq!(classify("Small Assets Exchange BNB"), None);
    }
}
