//! Trades read twice: the same venue and id (a duplicate when the same trade, a conflict
//! when not), and trades without an id that another file holds too.

use super::table;
use crate::error::{Expectation, IdConflict, InputError, Problem};
use crate::model::{Code, Side, Trade, TradeId, index32};
use crate::warning::{Warning, WarningDetail};
use rustc_hash::FxHashMap;

/// What [`duplicates`] found: which trades to keep, a warning for each dropped, and the
/// conflicts (one venue and id on two different trades).
pub(super) struct Duplicates {
    pub(super) keep: Vec<bool>,
    pub(super) dropped: usize,
    pub(super) warnings: Vec<Warning>,
    pub(super) conflicts: Vec<InputError>,
}

/// The duplicates among `trades` (see [`super::Inputs::drop_duplicates`]).
pub(super) fn duplicates(trades: &[Trade]) -> Duplicates {
    let mut found = Duplicates {
        keep: vec![true; trades.len()],
        dropped: 0,
        warnings: Vec::new(),
        conflicts: Vec::new(),
    };
    duplicate_ids(trades, &mut found);
    same_trade_in_other_files(trades, &mut found);
    found
}

/// True when two trades are the same trade as far as the computation goes: same instant,
/// side, asset, currency, quantity, total, fee and kind (numbers compared by value).
fn same_trade(a: &Trade, b: &Trade) -> bool {
    a.utc() == b.utc()
        && a.side == b.side
        && a.asset == b.asset
        && a.currency == b.currency
        && a.quantity == b.quantity
        && a.total == b.total
        && a.fee == b.fee
        && (a.fee.is_zero() || a.fee_currency == b.fee_currency)
        && a.kind == b.kind
}

/// A trade in a few words, for messages: `sell 1 BTC for 975 KZT at 2024-03-01 10:00:00`.
fn trade_words(t: &Trade) -> String {
    format!(
        "{} {} {} for {} {} at {}",
        t.side.as_str(),
        t.quantity.normalize(),
        t.asset,
        t.total.normalize(),
        t.currency,
        t.utc().format("%Y-%m-%d %H:%M:%S")
    )
}

/// Venue names lower-cased once each, so keys borrow instead of allocating per trade.
fn lower_venues<'a>(trades: impl Iterator<Item = &'a Trade>) -> FxHashMap<&'a str, String> {
    let mut venues: FxHashMap<&str, String> = FxHashMap::default();
    // The trades of one file share their venue's text: a venue is looked up when it changes.
    let mut last: Option<&Code> = None;
    for t in trades {
        if let Some(v) = &t.exchange
            && last.is_none_or(|l| !Code::ptr_eq(l, v))
        {
            venues.entry(&**v).or_insert_with(|| v.to_lowercase());
            last = Some(v);
        }
    }
    venues
}

/// Marks trades without an id that repeat one of another file (same venue or none, instant,
/// asset, currency, side, quantity and total), with a warning each: a file's k-th such trade
/// is a copy when an earlier file has at least k of them (files are read one after another).
fn same_trade_in_other_files(trades: &[Trade], found: &mut Duplicates) {
    let without_id = |t: &&Trade| t.id.is_none();
    let mut files = trades.iter().filter(without_id).map(|t| &t.file);
    let Some(first_file) = files.next() else { return };
    if files.all(|f| f == first_file) {
        return; // one file: nothing to compare with (and no memory spent on it)
    }
    let venues = lower_venues(trades.iter().filter(without_id));
    type Key<'a> = (
        Option<&'a str>,
        chrono::DateTime<chrono::Utc>,
        &'a str,
        &'a str,
        bool,
        rust_decimal::Decimal,
        rust_decimal::Decimal,
    );
    /// Per key: the first trade, the file being counted and its copies so far, and the most
    /// copies any earlier file had.
    struct Seen<'a> {
        first: usize,
        file: &'a str,
        copies: u32,
        earlier: u32,
    }
    let mut seen: FxHashMap<Key<'_>, Seen<'_>> = FxHashMap::default();
    for (i, t) in trades.iter().enumerate() {
        if t.id.is_some() || !found.keep[i] {
            continue;
        }
        let key = (
            t.exchange
                .as_deref()
                .map(|v| venues.get(v).map_or("", String::as_str)),
            t.utc(),
            &*t.asset,
            &*t.currency,
            t.side == Side::Buy,
            t.quantity.normalize(),
            t.total.normalize(),
        );
        let file = &*t.file;
        let s = seen.entry(key).or_insert(Seen {
            first: i,
            file,
            copies: 0,
            earlier: 0,
        });
        if s.file != file {
            s.earlier = s.earlier.max(s.copies);
            s.file = file;
            s.copies = 0;
        }
        s.copies += 1;
        // The k-th copy in a file is a duplicate when an earlier file had k copies or more:
        // two fills in one file and one in another are two trades, not one.
        if s.copies <= s.earlier {
            let j = s.first;
            found.keep[i] = false;
            found.dropped += 1;
            found.warnings.push(Warning::new(
                WarningDetail::Duplicate {
                    id: format!(
                        "{} {} {} {} for {} {}",
                        t.utc().format("%Y-%m-%d %H:%M:%S"),
                        t.side.as_str(),
                        t.quantity.normalize(),
                        t.asset,
                        t.total.normalize(),
                        t.currency
                    ),
                    venue: t.exchange.as_deref().unwrap_or("-").to_string(),
                    first: trades[j].source(),
                },
                Some(t.source()),
                None,
            ));
        }
    }
}

/// Marks every trade that repeats the venue and id of an earlier one: a duplicate (dropped,
/// with a warning) when it is the same trade, a conflict (both kept, an error) when not.
fn duplicate_ids(trades: &[Trade], found: &mut Duplicates) {
    let with_id = |t: &&Trade| t.id.is_some() && t.exchange.is_some();
    let venues = lower_venues(trades.iter().filter(with_id));
    let parts = if trades.len() < SPLIT_DUPLICATES_FROM {
        1
    } else {
        crate::threads()
    };
    let findings = repeated_ids(trades, &venues, parts);
    let mut conflicts = 0usize;
    for (i, j, same) in findings {
        let t = &trades[i];
        let (Some(id), Some(venue)) = (&t.id, &t.exchange) else {
            continue;
        };
        if same {
            found.keep[i] = false;
            found.dropped += 1;
            found.warnings.push(Warning::new(
                WarningDetail::Duplicate {
                    id: id.to_string(),
                    venue: venue.to_string(),
                    first: trades[j].source(),
                },
                Some(t.source()),
                None,
            ));
            continue;
        }
        conflicts += 1;
        let other = &trades[j];
        if conflicts <= table::MAX_ERRORS_PER_FILE {
            found.conflicts.push(
                InputError::line(
                    &t.file,
                    u64::from(t.line),
                    Problem::IdConflict(Box::new(IdConflict {
                        id: id.to_string(),
                        venue: venue.to_string(),
                        first_file: other.file.to_string(),
                        first_line: u64::from(other.line),
                    })),
                )
                .found(&trade_words(t))
                .expected(Expectation::DistinctIds),
            );
        }
    }
    if conflicts > table::MAX_ERRORS_PER_FILE
        && let Some(last) = found.conflicts.last()
    {
        let file = last.file.clone();
        found.conflicts.push(InputError::file(
            &file,
            Problem::MoreErrors(conflicts - table::MAX_ERRORS_PER_FILE),
        ));
    }
}

/// Histories shorter than this look for repeated ids on one thread.
const SPLIT_DUPLICATES_FROM: usize = 100_000;

/// The trades with a venue and id that repeat an earlier trade's (venue, id), in trade order:
/// (the trade, the first with its key, whether it is the same trade).
///
/// Each key is hashed to 32 bits and packed with its trade's index into one number (the hash
/// above, the index below); sorted, those numbers put the trades of one key side by side in
/// trade order, and only trades whose hashes meet are compared. The work is split over
/// `parts` threads twice: each hashes a run of trades into one list per part of the hashes,
/// then each sorts and reads one part (a key's trades all fall in one part).
fn repeated_ids(
    trades: &[Trade],
    venues: &FxHashMap<&str, String>,
    parts: usize,
) -> Vec<(usize, usize, bool)> {
    let parts = parts.max(1);
    let runs = crate::split_ranges(trades.len(), parts);
    let hashed = crate::on_threads(runs, |run| hashed_ids(trades, run, venues, parts));
    let mut by_part: Vec<Vec<Vec<u64>>> = (0..parts).map(|_| Vec::with_capacity(parts)).collect();
    for lists in hashed {
        for (part, list) in by_part.iter_mut().zip(lists) {
            part.push(list);
        }
    }
    let mut found = crate::on_threads(by_part, |lists| {
        let mut keys = match <[Vec<u64>; 1]>::try_from(lists) {
            Ok([only]) => only,
            Err(lists) => lists.concat(),
        };
        keys.sort_unstable();
        repeats(trades, venues, &keys)
    })
    .concat();
    found.sort_unstable();
    found
}

/// The lower-case venue and the id that make a trade's key (empty for a trade without them).
fn key_of<'a>(venues: &'a FxHashMap<&str, String>, t: &'a Trade) -> (&'a str, &'a [u8]) {
    let venue = t
        .exchange
        .as_deref()
        .and_then(|v| venues.get(v))
        .map_or("", String::as_str);
    (venue, t.id.as_ref().map_or(&[][..], TradeId::as_bytes))
}

/// The trades of `run` with a venue and id, each as its key's 32-bit hash (above) and its
/// index (below), in one list per part of the hashes (`parts` of them), in trade order.
fn hashed_ids(
    trades: &[Trade],
    run: std::ops::Range<usize>,
    venues: &FxHashMap<&str, String>,
    parts: usize,
) -> Vec<Vec<u64>> {
    // Room for a part's share and a little over, so a list is seldom moved as it grows.
    let room = run.len() / parts + run.len() / 64 + 16;
    let mut lists: Vec<Vec<u64>> = (0..parts).map(|_| Vec::with_capacity(room)).collect();
    // The trades of one file share their venue's text: its lower-case form is looked up when
    // it changes.
    let mut venue: Option<(&Code, &str)> = None;
    let from = run.start;
    for (i, t) in trades[run].iter().enumerate() {
        let (Some(id), Some(v)) = (t.id.as_ref().map(TradeId::as_bytes), t.exchange.as_ref()) else {
            continue;
        };
        let lower = match venue {
            Some((last, lower)) if Code::ptr_eq(last, v) => lower,
            _ => {
                let lower = venues.get(&**v).map_or("", String::as_str);
                venue = Some((v, lower));
                lower
            }
        };
        let hash = std::hash::BuildHasher::hash_one(&rustc_hash::FxBuildHasher, (lower, id)) >> 32;
        let part = usize::try_from(hash).map_or(0, |h| h % parts);
        lists[part].push(hash << 32 | u64::from(index32(from + i)));
    }
    lists
}

/// The repeats among trades given as sorted hashed keys (see [`hashed_ids`]): in each run of
/// one hash, a trade whose key an earlier trade of the run has, with the first such trade.
fn repeats(trades: &[Trade], venues: &FxHashMap<&str, String>, keys: &[u64]) -> Vec<(usize, usize, bool)> {
    let index = |k: u64| (k & u64::from(u32::MAX)) as usize;
    let mut out = Vec::new();
    // The first trade of each key in the run (two keys share a 32-bit hash only by chance).
    let mut firsts: Vec<usize> = Vec::new();
    for run in keys.chunk_by(|a, b| a >> 32 == b >> 32) {
        if run.len() < 2 {
            continue;
        }
        firsts.clear();
        for &k in run {
            let i = index(k);
            let key = key_of(venues, &trades[i]);
            match firsts.iter().find(|&&j| key_of(venues, &trades[j]) == key) {
                Some(&j) => out.push((i, j, same_trade(&trades[j], &trades[i]))),
                None => firsts.push(i),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::trade;
    use rust_decimal_macros::dec;

    #[test]
    fn repeated_ids_split_by_hash_find_what_one_pass_finds() {
        // 300 trades on two venues (one written two ways) with 97 ids: every id repeats, some as
        // the same trade (duplicates), some with another quantity (conflicts).
        let codes = ["Bybit", "AIX", "BYBIT"].map(crate::model::Code::from);
        let trades: Vec<Trade> = (0..300u32)
            .map(|i| {
                let quantity = if i % 5 == 0 { dec!(2) } else { dec!(1) };
                let mut t = trade(Side::Buy, "BTC", quantity, dec!(100), "KZT");
                t.id = Some(format!("T{}", i % 97).into());
                // Runs of trades sharing one venue text, as a file's do; "BYBIT" is Bybit too.
                t.exchange = Some(codes[(i / 7 % 3) as usize].clone());
                t
            })
            .collect();
        let venues = lower_venues(trades.iter());
        let one = repeated_ids(&trades, &venues, 1);
        assert!(one.iter().any(|f| f.2) && one.iter().any(|f| !f.2));
        // What one pass must find: each trade whose (lower-case venue, id) an earlier one had,
        // with the first of them.
        let mut firsts: FxHashMap<(String, String), usize> = FxHashMap::default();
        let mut want = Vec::new();
        for (i, t) in trades.iter().enumerate() {
            let key = (
                t.exchange.as_ref().unwrap().to_lowercase(),
                t.id.as_ref().unwrap().to_string(),
            );
            match firsts.get(&key) {
                Some(&j) => want.push((i, j, same_trade(&trades[j], t))),
                None => {
                    firsts.insert(key, i);
                }
            }
        }
        assert_eq!(one, want);
        for parts in 2..5 {
            assert_eq!(repeated_ids(&trades, &venues, parts), want, "{parts} parts");
        }
        // Every key given one hash: the keys met in one run are told apart by comparing them.
        let collided: Vec<u64> = (0..trades.len() as u64).map(|i| 7 << 32 | i).collect();
        assert_eq!(repeats(&trades, &venues, &collided), want);
    }
}
