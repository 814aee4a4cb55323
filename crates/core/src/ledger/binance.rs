//! The Binance statement's operations beyond trades (docs/formats.md §2.3): which event each
//! one is, and the events (and trades) a statement's rows make.
//!
//! | operation | event |
//! |---|---|
//! | `Deposit` / `Withdraw` | transfer in / out (to be paired) |
//! | `Buy Crypto`, `P2P Trading`, `Fiat Deposit` | a buy for money: with its money row at the same second, a trade; the coins alone, a purchase of unknown cost (and, negative, a sale of unknown proceeds) |
//! | `Simple Earn Flexible Interest`, `Simple Earn Locked Rewards` | reward (interest) |
//! | `Staking Rewards` | reward (staking) |
//! | `Launchpool Interest` | reward (launchpool) |
//! | `HODLer Airdrops Distribution`, `Airdrop Assets` | reward (airdrop) |
//! | `Distribution` | reward (distribution); negative, a debit |
//! | `Cashback Voucher` | reward (cashback) |
//! | `Commission Rebate`, `Referral Kickback` | reward (referral) |
//! | `Small Assets Exchange BNB` | a sale of each small coin for BNB |
//! | `Realized Profit and Loss`, `Funding Fee`, `Insurance Fund Compensation` | kept apart (futures) |
//!
//! Wallet-to-wallet moves inside Binance (`Transfer Between …`, Earn subscriptions and
//! redemptions) are not events: they stay counted among the skipped rows. Rows of money (KZT,
//! USD...) other than a purchase's money leg are counted there too.

use super::events::{ApartKind, Entry, EntryKind, RewardKind};
use crate::fiat;
use crate::model::{Code, Kind, Shared, Side, Source, Trade};
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

/// What a statement operation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// `Deposit`.
    Deposit,
    /// `Withdraw`.
    Withdraw,
    /// A buy for money (card, P2P, fiat deposit converted).
    Purchase,
    /// A reward of this kind.
    Reward(RewardKind),
    /// Dust converted to BNB.
    Dust,
    /// Futures and the like, kept apart.
    Apart(ApartKind),
}

/// The event an operation is, `None` for trades and for operations that are not events.
pub fn operation(op: &str) -> Option<Operation> {
    let is = |s: &str| op.trim().eq_ignore_ascii_case(s);
    use Operation as O;
    use RewardKind as R;
    Some(if is("deposit") {
        O::Deposit
    } else if is("withdraw") || is("withdrawal") {
        O::Withdraw
    } else if is("buy crypto") || is("p2p trading") || is("fiat deposit") {
        O::Purchase
    } else if is("simple earn flexible interest")
        || is("simple earn locked rewards")
        || is("savings interest")
    {
        O::Reward(R::Interest)
    } else if is("staking rewards") || is("eth 2.0 staking rewards") {
        O::Reward(R::Staking)
    } else if is("launchpool interest") {
        O::Reward(R::Launchpool)
    } else if is("hodler airdrops distribution") || is("airdrop assets") {
        O::Reward(R::Airdrop)
    } else if is("distribution") {
        O::Reward(R::Distribution)
    } else if is("cashback voucher") {
        O::Reward(R::Cashback)
    } else if is("commission rebate") || is("referral kickback") {
        O::Reward(R::Referral)
    } else if is("small assets exchange bnb") {
        O::Dust
    } else if is("realized profit and loss") {
        O::Apart(ApartKind::FuturesPnl)
    } else if is("funding fee") {
        O::Apart(ApartKind::FundingFee)
    } else if is("insurance fund compensation") {
        O::Apart(ApartKind::Insurance)
    } else {
        return None;
    })
}

/// One row of an event operation, as read.
#[derive(Debug, Clone)]
pub struct Row {
    /// Its line.
    pub line: u64,
    /// Its time.
    pub time: DateTime<FixedOffset>,
    /// The account (`Spot`, `Funding`...).
    pub account: Shared,
    /// The operation, as written.
    pub op: Shared,
    /// What it is.
    pub what: Operation,
    /// The coin.
    pub coin: Code,
    /// The signed change.
    pub change: Decimal,
}

/// What the rows make: trades, entries, and rows counted as skipped (by reason).
#[derive(Debug, Default)]
pub struct Made {
    /// Trades (card buys with their money leg, dust sales).
    pub trades: Vec<Trade>,
    /// Ledger entries.
    pub entries: Vec<Entry>,
    /// Rows that are no event, by reason.
    pub skipped: Vec<(String, u64)>,
}

fn entry(file: &Shared, venue: &Code, r: &Row, quantity: Decimal, kind: EntryKind) -> Entry {
    Entry {
        source: Source {
            file: file.clone(),
            line: r.line,
        },
        time: r.time,
        venue: Some(venue.clone()),
        asset: r.coin.clone(),
        quantity,
        kind,
        fee: Decimal::ZERO,
        balance: None,
        id: None,
        note: Some(Box::from(&*r.op)),
    }
}

#[allow(clippy::too_many_arguments)]
fn trade(
    file: &Shared,
    venue: &Code,
    first: &Row,
    side: Side,
    asset: &Code,
    quantity: Decimal,
    total: Decimal,
    currency: &Code,
    note: String,
) -> Trade {
    Trade {
        file: file.clone(),
        line: crate::model::line32(first.line),
        time: first.time,
        side,
        asset: asset.clone(),
        quantity,
        total,
        currency: currency.clone(),
        fee: Decimal::ZERO,
        fee_currency: currency.clone(),
        exchange: Some(venue.clone()),
        id: None,
        kind: Kind::Crypto,
        note: Some(note.into()),
    }
}

/// The trades and entries of `rows` (file order), on `venue`.
pub fn make(rows: &[Row], file: &Shared, venue: &Code) -> Made {
    let mut out = Made::default();
    let mut skipped: FxHashMap<String, u64> = FxHashMap::default();
    // Purchases and dust are grouped by time and account: their legs share a second.
    let mut groups: FxHashMap<(DateTime<FixedOffset>, &str, bool), Vec<&Row>> = FxHashMap::default();
    let mut group_order: Vec<(DateTime<FixedOffset>, &str, bool)> = Vec::new();
    for r in rows {
        let money = fiat::is_fiat(&r.coin);
        match r.what {
            Operation::Purchase | Operation::Dust => {
                let key = (r.time, &*r.account, r.what == Operation::Dust);
                groups
                    .entry(key)
                    .or_insert_with(|| {
                        group_order.push(key);
                        Vec::new()
                    })
                    .push(r);
            }
            _ if money || r.change.is_zero() => {
                *skipped
                    .entry(format!(
                        "{} ({})",
                        r.op,
                        if money { "money" } else { "zero change" }
                    ))
                    .or_default() += 1;
            }
            Operation::Deposit if r.change > Decimal::ZERO => {
                out.entries
                    .push(entry(file, venue, r, r.change, EntryKind::TransferIn))
            }
            Operation::Withdraw if r.change < Decimal::ZERO => {
                out.entries
                    .push(entry(file, venue, r, -r.change, EntryKind::TransferOut))
            }
            // A deposit taken back, a withdrawal returned: the other direction.
            Operation::Deposit => out
                .entries
                .push(entry(file, venue, r, -r.change, EntryKind::TransferOut)),
            Operation::Withdraw => out
                .entries
                .push(entry(file, venue, r, r.change, EntryKind::TransferIn)),
            Operation::Reward(kind) if r.change > Decimal::ZERO => {
                out.entries
                    .push(entry(file, venue, r, r.change, EntryKind::Reward(kind)))
            }
            Operation::Reward(_) => out.entries.push(entry(
                file,
                venue,
                r,
                -r.change,
                EntryKind::Debit {
                    how: Box::from(&*r.op),
                },
            )),
            Operation::Apart(kind) => {
                out.entries
                    .push(entry(file, venue, r, r.change, EntryKind::Apart(kind)))
            }
        }
    }
    for key in group_order {
        let group = &groups[&key];
        if key.2 {
            dust(group, file, venue, &mut out, &mut skipped);
        } else {
            purchase(group, file, venue, &mut out, &mut skipped);
        }
    }
    let mut skipped: Vec<(String, u64)> = skipped.into_iter().collect();
    skipped.sort();
    out.skipped = skipped;
    out
}

/// A purchase group: one money row and one coin row of opposite signs make a trade; otherwise
/// each coin row is a purchase (or sale) of unknown price and money rows are counted.
fn purchase(
    group: &[&Row],
    file: &Shared,
    venue: &Code,
    out: &mut Made,
    skipped: &mut FxHashMap<String, u64>,
) {
    let money: Vec<&&Row> = group
        .iter()
        .filter(|r| fiat::is_fiat(&r.coin) && !r.change.is_zero())
        .collect();
    let coins: Vec<&&Row> = group
        .iter()
        .filter(|r| !fiat::is_fiat(&r.coin) && !r.change.is_zero())
        .collect();
    if let ([m], [c]) = (&money[..], &coins[..])
        && (m.change > Decimal::ZERO) != (c.change > Decimal::ZERO)
    {
        let first = if m.line < c.line { m } else { c };
        let side = if c.change > Decimal::ZERO {
            Side::Buy
        } else {
            Side::Sell
        };
        out.trades.push(trade(
            file,
            venue,
            first,
            side,
            &c.coin,
            c.change.abs(),
            m.change.abs(),
            &m.coin,
            c.op.to_string(),
        ));
        return;
    }
    for m in &money {
        *skipped.entry(format!("{} (money)", m.op)).or_default() += 1;
    }
    for c in coins {
        let how = Box::from(&*c.op);
        let e = if c.change > Decimal::ZERO {
            entry(file, venue, c, c.change, EntryKind::Purchase { how })
        } else {
            entry(file, venue, c, -c.change, EntryKind::Sale { how })
        };
        out.entries.push(e);
    }
}

/// A dust group: the small coins given (negative rows) and the BNB received. With one BNB row
/// per coin, they pair in file order; with one BNB row for several coins, it is shared in equal
/// parts (the statement does not say more), the last coin taking the remainder.
fn dust(group: &[&Row], file: &Shared, venue: &Code, out: &mut Made, skipped: &mut FxHashMap<String, u64>) {
    let given: Vec<&&Row> = group
        .iter()
        .filter(|r| r.change < Decimal::ZERO && &*r.coin != "BNB")
        .collect();
    let bnb: Vec<&&Row> = group
        .iter()
        .filter(|r| r.change > Decimal::ZERO && &*r.coin == "BNB")
        .collect();
    let bnb_code = bnb.first().map(|r| r.coin.clone());
    let Some(bnb_code) = bnb_code.filter(|_| !given.is_empty()) else {
        for r in group {
            *skipped.entry(format!("{} (unpaired)", r.op)).or_default() += 1;
        }
        return;
    };
    if bnb.len() == given.len() {
        for (g, b) in given.iter().zip(&bnb) {
            let first = if g.line < b.line { g } else { b };
            out.trades.push(trade(
                file,
                venue,
                first,
                Side::Sell,
                &g.coin,
                -g.change,
                b.change,
                &bnb_code,
                g.op.to_string(),
            ));
        }
        return;
    }
    let total: Decimal = bnb.iter().map(|b| b.change).sum();
    let n = Decimal::from(given.len());
    let mut left = total;
    for (k, g) in given.iter().enumerate() {
        let share = if k + 1 == given.len() {
            left
        } else {
            (total / n).round_dp(8)
        };
        left -= share;
        out.trades.push(trade(
            file,
            venue,
            g,
            Side::Sell,
            &g.coin,
            -g.change,
            share,
            &bnb_code,
            format!("{} (BNB shared equally among {} coins)", g.op, given.len()),
        ));
    }
}
