//! The balance check: every venue's balance of every coin replayed through the history. Where
//! it goes below zero, history is missing before that row (a purchase or deposit the files do
//! not hold); where it ends away from a balance a file states, a row is missing or doubled.
//!
//! Only venues with at least one ledger entry (a deposit, withdrawal, reward...) are checked: a
//! file of trades alone never shows how the coins arrived, so its balance says nothing. Money
//! (fiat) is not checked. At one instant, what arrives counts before what leaves.

use super::events::{Entry, EntryKind, NO_VENUE};
use crate::fiat;
use crate::model::{Side, Source, Trade};
use chrono::{DateTime, FixedOffset, Utc};
use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHashSet};

pub use super::events::Gap;

struct Move<'a> {
    time: DateTime<Utc>,
    local: DateTime<FixedOffset>,
    source: std::borrow::Cow<'a, Source>,
    venue: &'a str,
    asset: &'a str,
    delta: Decimal,
    stated: Option<Decimal>,
}

/// The balance changes of one trade, as (coin, change), money left out.
fn trade_moves(t: &Trade) -> [(Option<&str>, Decimal); 3] {
    let (got, got_q, gave, gave_q) = match t.side {
        Side::Buy => (&t.asset, t.quantity, &t.currency, t.total),
        Side::Sell => (&t.currency, t.total, &t.asset, t.quantity),
    };
    fn asset(c: &str) -> Option<&str> {
        (!fiat::is_fiat(c)).then_some(c)
    }
    let fee = asset(&t.fee_currency).filter(|_| !t.fee.is_zero());
    [(asset(got), got_q), (asset(gave), -gave_q), (fee, -t.fee)]
}

/// Every gap of the history: `trades` are the loaded trades (not those made from entries),
/// `entries` the ledger entries; dates at `tz`.
pub fn check(trades: &[Trade], entries: &[Entry], tz: FixedOffset) -> Vec<Gap> {
    let venues: FxHashSet<&str> = entries.iter().map(|e| e.venue_name()).collect();
    if venues.is_empty() {
        return Vec::new();
    }
    let mut moves: Vec<Move<'_>> = Vec::new();
    for t in trades {
        let venue = t.exchange.as_deref().unwrap_or(NO_VENUE);
        if !venues.contains(venue) {
            continue;
        }
        for (asset, delta) in trade_moves(t) {
            if let Some(asset) = asset
                && !delta.is_zero()
            {
                moves.push(Move {
                    time: t.utc(),
                    local: t.time,
                    source: std::borrow::Cow::Owned(t.source()),
                    venue,
                    asset,
                    delta,
                    stated: None,
                });
            }
        }
    }
    for e in entries {
        if fiat::is_fiat(&e.asset) {
            continue;
        }
        let delta = match &e.kind {
            EntryKind::TransferIn
            | EntryKind::Reward(_)
            | EntryKind::Purchase { .. }
            | EntryKind::Opening { .. } => e.quantity,
            EntryKind::TransferOut
            | EntryKind::Sale { .. }
            | EntryKind::FeeOnly
            | EntryKind::Debit { .. } => -e.quantity,
            EntryKind::Apart(_) => e.quantity,
        };
        moves.push(Move {
            time: e.utc(),
            local: e.time,
            source: std::borrow::Cow::Borrowed(&e.source),
            venue: e.venue_name(),
            asset: &e.asset,
            delta,
            stated: e.balance,
        });
    }
    // By time; at one instant what arrives first; then by source, so that the order of the
    // files does not matter.
    moves.sort_by(|a, b| {
        a.time
            .cmp(&b.time)
            .then((a.delta < Decimal::ZERO).cmp(&(b.delta < Decimal::ZERO)))
            .then(a.source.cmp(&b.source))
    });
    struct State<'a> {
        balance: Decimal,
        /// First row below zero and the deepest shortfall.
        short: Option<(&'a Source, DateTime<FixedOffset>, Decimal)>,
        /// The last stated balance: row, time, stated, replayed there.
        stated: Option<(&'a Source, DateTime<FixedOffset>, Decimal, Decimal)>,
    }
    let mut states: FxHashMap<(&str, &str), State<'_>> = FxHashMap::default();
    let mut keys: Vec<(&str, &str)> = Vec::new();
    for m in &moves {
        let s = states.entry((m.venue, m.asset)).or_insert_with(|| {
            keys.push((m.venue, m.asset));
            State {
                balance: Decimal::ZERO,
                short: None,
                stated: None,
            }
        });
        s.balance += m.delta;
        if s.balance < Decimal::ZERO {
            let deficit = -s.balance;
            s.short = match s.short {
                None => Some((&*m.source, m.local, deficit)),
                Some((src, t, d)) => Some((src, t, d.max(deficit))),
            };
        }
        if let Some(stated) = m.stated {
            s.stated = Some((&*m.source, m.local, stated, s.balance));
        }
    }
    keys.sort_unstable();
    let mut gaps = Vec::new();
    for key in keys {
        let s = &states[&key];
        if let Some((source, time, deficit)) = s.short {
            gaps.push(Gap {
                venue: key.0.to_string(),
                asset: key.1.to_string(),
                quantity: deficit,
                date: time.with_timezone(&tz).date_naive(),
                source: source.clone(),
                stated: None,
            });
        }
        if let Some((source, time, stated, ours)) = s.stated
            && (stated - ours).abs() > tolerance(stated)
        {
            gaps.push(Gap {
                venue: key.0.to_string(),
                asset: key.1.to_string(),
                quantity: stated - ours,
                date: time.with_timezone(&tz).date_naive(),
                source: source.clone(),
                stated: Some(stated),
            });
        }
    }
    gaps
}

/// How far a replayed balance may be from a stated one (rounding of the export): 10⁻⁸ or a
/// millionth of the balance, whichever is larger.
fn tolerance(stated: Decimal) -> Decimal {
    (stated.abs() / Decimal::from(1_000_000)).max(Decimal::new(1, 8))
}
