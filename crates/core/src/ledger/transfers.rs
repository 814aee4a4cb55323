//! Pairing withdrawals with deposits: a transfer between the user's own accounts is not a sale.
//!
//! A withdrawal of a coin on one venue and a deposit of the same coin on another pair when the
//! deposit arrives within [`LedgerSettings::window_hours`] after the withdrawal (or up to
//! [`LedgerSettings::skew_minutes`] before it) and is at most the withdrawal, the difference
//! (the network fee) being at most [`LedgerSettings::fee_percent`] of it, or the fee the
//! withdrawal states when that is larger. The user's decisions come first: a pair the user made
//! is kept, a pair the user undid is never made again. Then each withdrawal, in the order of
//! (time, coin, venue, quantity, source), takes the closest free deposit (nearest in time, then
//! in quantity, then by source). Every key is a fact of the rows, not of the order the files
//! were given in, so the pairs do not depend on that order.

use super::events::{Entry, EntryKind};
use super::rules::LedgerSettings;
use crate::exemptions::TradeKey;
use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHashSet};
use std::cmp::Ordering;

pub use super::events::Pair;

/// The user's pairing decisions, by the rows' keys (withdrawal, deposit).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decisions {
    /// Pairs the user made, in the order made.
    pub paired: Vec<(TradeKey, TradeKey)>,
    /// Pairs the user undid.
    pub unpaired: FxHashSet<(TradeKey, TradeKey)>,
}

fn is_out(e: &Entry) -> bool {
    e.kind == EntryKind::TransferOut
}

fn is_in(e: &Entry) -> bool {
    e.kind == EntryKind::TransferIn
}

/// True when a deposit `d` may be the arrival of a withdrawal `w` by quantity: `d ≤ w` and the
/// difference within the tolerance.
pub fn quantity_fits(w: &Entry, d: &Entry, s: &LedgerSettings) -> bool {
    if d.quantity > w.quantity || d.quantity <= Decimal::ZERO {
        return false;
    }
    let fee = w.quantity - d.quantity;
    let allowed = (w.quantity * s.fee_percent / Decimal::ONE_HUNDRED).max(w.fee);
    fee <= allowed
}

/// True when `d` arrives in the window of `w`.
pub fn time_fits(w: DateTime<Utc>, d: DateTime<Utc>, s: &LedgerSettings) -> bool {
    d >= w - Duration::minutes(i64::from(s.skew_minutes))
        && d <= w + Duration::hours(i64::from(s.window_hours))
}

/// True when `w` and `d` could be one transfer (same coin, different venues, time, quantity).
pub fn candidate(w: &Entry, d: &Entry, s: &LedgerSettings) -> bool {
    is_out(w)
        && is_in(d)
        && w.asset == d.asset
        && w.venue_name() != d.venue_name()
        && time_fits(w.utc(), d.utc(), s)
        && quantity_fits(w, d, s)
}

fn order_key(e: &Entry) -> (DateTime<Utc>, &str, &str, Decimal, &crate::model::Source) {
    (e.utc(), &e.asset, e.venue_name(), e.quantity, &e.source)
}

/// The pairs of `entries`, sorted by withdrawal.
pub fn pair(entries: &[Entry], decisions: &Decisions, s: &LedgerSettings) -> Vec<Pair> {
    let mut used = vec![false; entries.len()];
    let mut pairs = Vec::new();
    if !decisions.paired.is_empty() || !decisions.unpaired.is_empty() {
        let by_key: FxHashMap<TradeKey, usize> = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| is_in(e) || is_out(e))
            .map(|(i, e)| (TradeKey::of(&e.source), i))
            .collect();
        for (wk, dk) in &decisions.paired {
            let (Some(&w), Some(&d)) = (by_key.get(wk), by_key.get(dk)) else {
                continue;
            };
            let (we, de) = (&entries[w], &entries[d]);
            if used[w]
                || used[d]
                || !is_out(we)
                || !is_in(de)
                || we.asset != de.asset
                || de.quantity > we.quantity
            {
                continue;
            }
            used[w] = true;
            used[d] = true;
            pairs.push(Pair {
                out: w,
                into: d,
                fee: we.quantity - de.quantity,
                by_user: true,
            });
        }
    }
    let mut outs: Vec<usize> = (0..entries.len())
        .filter(|&i| is_out(&entries[i]) && !used[i])
        .collect();
    outs.sort_by(|&a, &b| order_key(&entries[a]).cmp(&order_key(&entries[b])));
    // Deposits per coin, by time.
    let mut ins: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, e) in entries.iter().enumerate() {
        if is_in(e) && !used[i] {
            ins.entry(&e.asset).or_default().push(i);
        }
    }
    for list in ins.values_mut() {
        list.sort_by(|&a, &b| order_key(&entries[a]).cmp(&order_key(&entries[b])));
    }
    for w in outs {
        let we = &entries[w];
        let Some(list) = ins.get(&*we.asset) else { continue };
        let earliest = we.utc() - Duration::minutes(i64::from(s.skew_minutes));
        let start = list.partition_point(|&d| entries[d].utc() < earliest);
        let mut best: Option<usize> = None;
        for &d in &list[start..] {
            let de = &entries[d];
            if !time_fits(we.utc(), de.utc(), s) {
                if de.utc() > we.utc() {
                    break;
                }
                continue;
            }
            if used[d] || !candidate(we, de, s) {
                continue;
            }
            if !decisions.unpaired.is_empty()
                && decisions
                    .unpaired
                    .contains(&(TradeKey::of(&we.source), TradeKey::of(&de.source)))
            {
                continue;
            }
            best = match best {
                None => Some(d),
                Some(b) => Some(if closer(we, de, &entries[b]) == Ordering::Less {
                    d
                } else {
                    b
                }),
            };
        }
        if let Some(d) = best {
            used[d] = true;
            pairs.push(Pair {
                out: w,
                into: d,
                fee: we.quantity - entries[d].quantity,
                by_user: false,
            });
        }
    }
    pairs.sort_by(|a, b| order_key(&entries[a.out]).cmp(&order_key(&entries[b.out])));
    pairs
}

/// Orders deposit `a` before `b` when it is the better arrival of `w`.
fn closer(w: &Entry, a: &Entry, b: &Entry) -> Ordering {
    let gap = |d: &Entry| (d.utc() - w.utc()).num_seconds().abs();
    gap(a)
        .cmp(&gap(b))
        .then((w.quantity - a.quantity).cmp(&(w.quantity - b.quantity)))
        .then(order_key(a).cmp(&order_key(b)))
}

/// The deposits that might pair with withdrawal `w` (for the window's Pair dialog), best first;
/// only free ones (not in `pairs`).
pub fn candidates_for(entries: &[Entry], w: usize, pairs: &[Pair]) -> Vec<usize> {
    let taken: FxHashSet<usize> = pairs.iter().flat_map(|p| [p.out, p.into]).collect();
    let we = &entries[w];
    let mut out: Vec<usize> = (0..entries.len())
        .filter(|&d| {
            !taken.contains(&d)
                && is_in(&entries[d])
                && entries[d].asset == we.asset
                && entries[d].quantity <= we.quantity
                && entries[d].venue_name() != we.venue_name()
        })
        .collect();
    out.sort_by(|&a, &b| closer(we, &entries[a], &entries[b]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;
    use rust_decimal_macros::dec;

    fn e(line: u64, kind: EntryKind, venue: &str, q: Decimal, time: &str) -> Entry {
        Entry {
            source: Source {
                file: crate::model::Code::from("l.csv"),
                line,
            },
            time: crate::parse::datetime(time).unwrap(),
            venue: Some(crate::model::Code::from(venue)),
            asset: crate::model::Code::from("USDT"),
            quantity: q,
            kind,
            fee: Decimal::ZERO,
            balance: None,
            id: None,
            note: None,
        }
    }

    #[test]
    fn a_withdrawal_pairs_with_the_nearest_deposit_within_the_tolerances() {
        let s = LedgerSettings::default();
        let entries = vec![
            e(
                2,
                EntryKind::TransferOut,
                "Binance",
                dec!(1000),
                "2024-01-10T10:00:00Z",
            ),
            // 25 h later: outside the 24 h window.
            e(
                3,
                EntryKind::TransferIn,
                "Bybit",
                dec!(999),
                "2024-01-11T11:00:00Z",
            ),
            // 3 % less: a fee above the 2 % tolerance.
            e(
                4,
                EntryKind::TransferIn,
                "Bybit",
                dec!(970),
                "2024-01-10T10:30:00Z",
            ),
            // 1 USDT less (0.1 %), 20 minutes later: the pair.
            e(
                5,
                EntryKind::TransferIn,
                "Bybit",
                dec!(999),
                "2024-01-10T10:20:00Z",
            ),
            // On the same venue: never a transfer between accounts.
            e(
                6,
                EntryKind::TransferIn,
                "Binance",
                dec!(1000),
                "2024-01-10T10:01:00Z",
            ),
        ];
        let pairs = pair(&entries, &Decisions::default(), &s);
        assert_eq!(
            pairs,
            vec![Pair {
                out: 0,
                into: 3,
                fee: dec!(1),
                by_user: false
            }]
        );
        // The user undoes it: the withdrawal stays alone (no other deposit fits).
        let mut d = Decisions::default();
        d.unpaired.insert((
            TradeKey::parse("l.csv:2").unwrap(),
            TradeKey::parse("l.csv:5").unwrap(),
        ));
        assert!(pair(&entries, &d, &s).is_empty());
        // The user pairs it with line 4 (a 30 USDT fee): kept whatever the tolerance.
        d.paired.push((
            TradeKey::parse("l.csv:2").unwrap(),
            TradeKey::parse("l.csv:4").unwrap(),
        ));
        let p = pair(&entries, &d, &s);
        assert_eq!((p[0].into, p[0].fee, p[0].by_user), (2, dec!(30), true));
        assert_eq!(candidates_for(&entries, 0, &[]), vec![3, 2, 1]);
    }
}
