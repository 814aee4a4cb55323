//! Bybit's funding account history: `Uid,Date & Time(UTC),Coin,QTY,Type,Account Balance,
//! Description`, one row a balance change (`QTY` signed). Its rows are ledger entries:
//!
//! | `Type` | event |
//! |---|---|
//! | `Deposit` / `Withdraw` | transfer in / out (to be paired) |
//! | a card, P2P or fiat purchase (`Buy Crypto with Card`, `P2P`, `Fiat`...) | a purchase of unknown cost (negative: a sale of unknown proceeds) |
//! | `Airdrop` | reward (airdrop) |
//! | `Earn`, `Interest`, `Staking`, `Bonus`, `Reward`, `Cashback`, `Referral` (positive) | reward |
//!
//! `Transfer` rows (to and from the unified trading account) and Earn subscriptions (negative
//! `Earn` rows) move coins inside Bybit: counted as skipped. Money rows (fiat) are counted too.
//! `Account Balance` is the funding account's alone, while the balance check replays the whole
//! venue, so it is not compared.

use super::intern::Interner;
use super::report::FileReport;
use super::rows::{Cx, RowParser, read_rows};
use super::table::{Row, Table};
use crate::error::{Expectation, InputError, Problem};
use crate::fiat;
use crate::ledger::events::{Entry, EntryKind, RewardKind};
use crate::model::Source;
use crate::parse::{self, Style};
use chrono::{FixedOffset, Offset, Utc};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use std::io::Read;

/// The format's name, as shown in import reports.
pub const NAME: &str = "Bybit funding account history";

/// The header, as named in errors about a missing column.
pub const HEADER: &str = "Uid,Date & Time(UTC),Coin,QTY,Type,Account Balance,Description";

/// True when a header (trimmed, lower-case names) is Bybit's funding history.
pub fn matches(names: &[String]) -> bool {
    let has = |c: &str| names.iter().any(|n| n == c);
    has("coin") && has("qty") && has("type") && names.iter().any(|n| n.starts_with("date & time"))
}

/// What a row's `Type` is.
fn event(kind: &str, positive: bool) -> Option<EntryKind> {
    let k = kind.trim().to_ascii_lowercase();
    let has = |s: &str| k.contains(s);
    Some(if k == "deposit" || k == "withdraw" || k == "withdrawal" {
        // The sign says which way (a deposit taken back, a withdrawal returned).
        if positive {
            EntryKind::TransferIn
        } else {
            EntryKind::TransferOut
        }
    } else if has("card") || has("p2p") || has("fiat") || has("buy crypto") {
        let how = Box::from(kind.trim());
        if positive {
            EntryKind::Purchase { how }
        } else {
            EntryKind::Sale { how }
        }
    } else if !positive {
        return None;
    } else if has("airdrop") {
        EntryKind::Reward(RewardKind::Airdrop)
    } else if has("staking") {
        EntryKind::Reward(RewardKind::Staking)
    } else if has("earn") || has("interest") || has("savings") {
        EntryKind::Reward(RewardKind::Interest)
    } else if has("launchpool") || has("launchpad") {
        EntryKind::Reward(RewardKind::Launchpool)
    } else if has("cashback") || has("voucher") {
        EntryKind::Reward(RewardKind::Cashback)
    } else if has("referral") || has("commission") || has("rebate") {
        EntryKind::Reward(RewardKind::Referral)
    } else if has("bonus") || has("reward") {
        EntryKind::Reward(RewardKind::Other)
    } else {
        return None;
    })
}

struct Columns {
    time: usize,
    utc: FixedOffset,
    coin: usize,
    qty: usize,
    kind: usize,
    description: Option<usize>,
}

enum Out {
    Entry(Entry),
    Skip(Box<str>),
}

impl RowParser for Columns {
    type Out = Out;
    type Tally = FxHashMap<Box<str>, u64>;

    fn keep(&self, out: Out, tally: &mut Self::Tally) -> Option<Out> {
        match out {
            Out::Skip(why) => {
                if tally.len() < 100 || tally.contains_key(&why) {
                    *tally.entry(why).or_default() += 1;
                } else {
                    *tally.entry(Box::from("other types")).or_default() += 1;
                }
                None
            }
            e => Some(e),
        }
    }

    fn add(&self, total: &mut Self::Tally, batch: &mut Self::Tally) {
        for (why, n) in batch.drain() {
            *total.entry(why).or_default() += n;
        }
    }

    fn parse(&self, row: &Row<'_>, cx: &mut Cx<'_>) -> Result<Out, InputError> {
        let c = self;
        let kind_text = row.required(c.kind)?;
        let s = row.required(c.qty)?;
        let qty = cx.style.decimal(s).ok_or_else(|| {
            row.error(c.qty, Problem::NotANumber)
                .found(s)
                .expected(Expectation::Number)
        })?;
        if qty.abs() > Decimal::from(parse::MAX_AMOUNT) {
            return Err(row
                .error(c.qty, Problem::TooLarge)
                .found(s)
                .expected(Expectation::AtMostMax));
        }
        let coin_text = row.required(c.coin)?;
        let coin = cx.interner.code(coin_text).ok_or_else(|| {
            row.error(c.coin, Problem::NotACode)
                .found(coin_text)
                .expected(Expectation::Code)
        })?;
        if qty.is_zero() || fiat::is_fiat(&coin) {
            return Ok(Out::Skip(Box::from(kind_text)));
        }
        let Some(kind) = event(kind_text, qty > Decimal::ZERO) else {
            return Ok(Out::Skip(Box::from(kind_text)));
        };
        let time_text = row.required(c.time)?;
        let time = super::bybit::datetime(time_text, c.utc).ok_or_else(|| {
            row.error(c.time, Problem::BadDate)
                .found(time_text)
                .expected(Expectation::DateTime)
        })?;
        let note = match row.optional(c.description)? {
            Some(d) => format!("{kind_text}: {d}"),
            None => kind_text.to_string(),
        };
        Ok(Out::Entry(Entry {
            source: Source {
                file: cx.file.clone(),
                line: row.line,
            },
            time,
            venue: Some(cx.venue.clone()),
            asset: coin,
            quantity: qty.abs(),
            kind,
            fee: Decimal::ZERO,
            balance: None,
            id: None,
            note: Some(note.into_boxed_str()),
        }))
    }
}

/// Reads the entries of a funding history into `report` (counted rows, skipped types).
pub fn read<R: Read + Send>(
    table: &mut Table<R>,
    interner: &mut Interner,
    report: &mut FileReport,
    style: Style,
) -> Result<(), Vec<InputError>> {
    let names = table.header.names().to_vec();
    let time = names.iter().position(|n| n.starts_with("date & time"));
    let [coin, qty, kind] = table
        .require(
            ["coin", "qty", "type"],
            Expectation::HeaderLike(HEADER.to_string()),
        )
        .map_err(|e| vec![e])?;
    let Some(time) = time else {
        return Err(vec![table.missing_column(
            "date & time(utc)",
            Expectation::HeaderLike(HEADER.to_string()),
        )]);
    };
    let utc = super::binance::header_offset(&names[time].replace("date & time", "date")).unwrap_or(Utc.fix());
    let cols = Columns {
        time,
        utc,
        coin,
        qty,
        kind,
        description: table.header.find("description"),
    };
    let parsed = read_rows(table, interner, &cols, style, "Bybit");
    report.rows += parsed.rows;
    if !parsed.errors.is_empty() {
        return Err(parsed.errors.finish(&table.file));
    }
    for (why, n) in parsed.tally {
        *report.skipped.entry(why.to_string()).or_default() += n;
    }
    for out in parsed.outs {
        if let Out::Entry(e) = out {
            report.ledger.push(e);
        }
    }
    report.events = report.ledger.len() as u64;
    Ok(())
}
