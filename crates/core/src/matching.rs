//! Matches disposals to lots, per asset across all venues, by the chosen method
//! (docs/formats.md §4, "Matching"). Quantity and cost are conserved exactly.

use crate::error::InputErrors;
use crate::legs::{self, Action, Event, Role};
use crate::model::{Code, Kind, Trade};
use crate::money::round_tiyn;
use crate::rules::RuleBook;
use crate::settings::Method;
use crate::valuation::TradeValue;
use crate::warning::{Warning, WarningDetail};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, VecDeque};
use std::ops::Range;

/// Part of a lot consumed by a disposal: the audit trail from a disposal to its purchases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LotUse {
    /// Index of the trade that created the lot, in 32 bits: lot uses are held by the million
    /// (36 bytes each instead of 40). See [`LotUse::lot_trade`].
    lot: u32,
    /// Units taken from the lot.
    pub quantity: Decimal,
    /// Their tenge cost, at full precision.
    pub cost: Decimal,
}

impl LotUse {
    fn new(lot_trade: usize, quantity: Decimal, cost: Decimal) -> LotUse {
        LotUse {
            lot: index32(lot_trade),
            quantity,
            cost,
        }
    }

    /// Index of the trade that created the lot.
    pub fn lot_trade(&self) -> usize {
        self.lot as usize
    }
}

/// One disposal of an asset, matched to its lots. Held by the hundred thousand: 68 bytes, its
/// indices in 32 bits and its gain worked out when asked for ([`Disposal::gain`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disposal {
    /// Index of the trade it comes from, in 32 bits: see [`Disposal::trade`].
    pub trade: u32,
    /// The asset's kind.
    pub kind: Kind,
    /// Why it left (sold, spent, fee).
    pub role: Role,
    /// Tax date.
    pub date: NaiveDate,
    /// Units disposed of.
    pub quantity: Decimal,
    /// Proceeds in tenge, rounded half-up to 0.01.
    pub proceeds: Decimal,
    /// Cost in tenge, rounded half-up to 0.01.
    pub cost: Decimal,
    /// The lots consumed, in the order consumed: a range of [`Matched::lot_uses`], in 32 bits:
    /// see [`Disposal::lots`].
    pub lots: Range<u32>,
}

impl Disposal {
    /// Index of the trade it comes from.
    #[inline]
    pub fn trade(&self) -> usize {
        self.trade as usize
    }

    /// The lots consumed: a range of [`Matched::lot_uses`].
    #[inline]
    pub fn lots(&self) -> Range<usize> {
        self.lots.start as usize..self.lots.end as usize
    }

    /// `proceeds − cost`.
    #[inline]
    pub fn gain(&self) -> Decimal {
        self.proceeds - self.cost
    }

    /// The asset disposed of, read from its trade (`trades` are the ones matched): a sale's
    /// asset, a buy's payment, or a fee's asset ([`crate::legs`] makes one disposal of each).
    #[inline]
    pub fn asset<'a>(&self, trades: &'a [Trade]) -> &'a Code {
        let t = &trades[self.trade()];
        match self.role {
            Role::Sold => &t.asset,
            Role::Spent => &t.currency,
            Role::Fee => &t.fee_currency,
        }
    }

    /// Units not covered by any lot (given zero cost): `quantity` less each lot's units, taken
    /// off in the order matching took them, so the figure is the one matching was left with.
    /// `lots` are the lots this disposal consumed (e.g. [`crate::engine::Computation::lots`]).
    pub fn uncovered(&self, lots: &[LotUse]) -> Decimal {
        lots.iter().fold(self.quantity, |left, u| left - u.quantity)
    }
}

pub use crate::model::index32;

/// `range` in 32 bits (see [`index32`]).
pub fn range32(range: Range<usize>) -> Range<u32> {
    index32(range.start)..index32(range.end)
}

/// An open lot (what is left of one acquisition).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lot {
    /// Index of the trade that created it.
    pub trade: usize,
    /// Tax date of the acquisition.
    pub date: NaiveDate,
    /// Units left.
    pub quantity: Decimal,
    /// Tenge cost of the units left, at full precision.
    pub cost: Decimal,
}

/// What is held of one asset after all events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    /// The asset.
    pub asset: Code,
    /// Its kind.
    pub kind: Kind,
    /// Units held.
    pub quantity: Decimal,
    /// Their tenge cost (full precision).
    pub cost: Decimal,
    /// Open lots, oldest first.
    pub lots: Vec<Lot>,
}

/// The result of matching.
#[derive(Debug, Clone, Default)]
pub struct Matched {
    /// Every disposal, in processing order.
    pub disposals: Vec<Disposal>,
    /// The lots consumed by all disposals, disposal after disposal.
    pub lot_uses: Vec<LotUse>,
    /// Holdings per asset, sorted by asset.
    pub holdings: Vec<Holding>,
    /// Missing purchases.
    pub warnings: Vec<Warning>,
    /// Acquisitions given zero cost by the `zero_cost` rule of [`match_with`]: the trade, the
    /// asset acquired and the cost it would have had.
    pub zeroed: Vec<ZeroedLot>,
}

/// An acquisition whose cost was set to zero (a tax-haven source, NC 387(7), 389(5)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZeroedLot {
    /// Index of the trade of the acquisition.
    pub trade: usize,
    /// The asset acquired.
    pub asset: Code,
    /// The cost it had before it was set to zero, in tenge at full precision.
    pub cost: Decimal,
}

/// Matches every disposal of `trades` to lots by `method`, in time order; at the same
/// instant, acquisitions come before disposals. Fiat-for-fiat trades become warnings; a fee
/// larger than what it is taken from is an input error.
pub fn match_trades(
    trades: &[Trade],
    values: &[TradeValue],
    rules: &RuleBook,
    method: Method,
) -> Result<Matched, InputErrors> {
    match_until(trades, values, rules, method, None)
}

/// As [`match_trades`], but only the trades whose tax date is on or before `last_day` (all of
/// them when `None`): the holdings are then those at the end of that day. Matching is causal,
/// so the disposals are the first ones [`match_trades`] would give.
pub fn match_until(
    trades: &[Trade],
    values: &[TradeValue],
    rules: &RuleBook,
    method: Method,
    last_day: Option<NaiveDate>,
) -> Result<Matched, InputErrors> {
    match_with(trades, values, rules, method, last_day, &|_, _| false)
}

/// As [`match_until`], with the acquisitions for which `zero_cost(trade, asset)` holds given a
/// cost of zero (each listed in [`Matched::zeroed`]).
pub fn match_with(
    trades: &[Trade],
    values: &[TradeValue],
    rules: &RuleBook,
    method: Method,
    last_day: Option<NaiveDate>,
    zero_cost: &dyn Fn(usize, &str) -> bool,
) -> Result<Matched, InputErrors> {
    let none = Alternatives {
        books: &[],
        sink: &mut |_, _, _| {},
        stream: false,
    };
    match_tracks(trades, values, rules, none, method, last_day, zero_cost)
}

/// Receives, as the pass makes them, the disposals of each matching [`stream_fifo`] follows:
/// the rule book's index in the list given, the disposal, and the lots it consumed with that
/// book's costs (the disposal's `lots` range is `0..lots.len()`, into that slice).
pub type DisposalSink<'s> = dyn FnMut(usize, Disposal, &mut [LotUse]) + 's;

/// How many other rule books [`stream_fifo`] follows beside the first.
pub use legs::MAX_ALTERNATIVES;

/// FIFO matching under each of `books` (the first and at most [`MAX_ALTERNATIVES`] more, which
/// differ from it only in fee settings) in one pass, nothing kept: each disposal goes to `sink`
/// as it is made. A fee setting changes tenge amounts, never units, and FIFO chooses lots by
/// date alone, so every book takes the same units from the same lots: only the amounts are
/// followed again, with the same arithmetic a separate matching under that book would do,
/// giving the same figures. Errors are those the first book's matching finds; its warnings are
/// not repeated (they are a separate matching's under any of the books).
pub fn stream_fifo(
    trades: &[Trade],
    values: &[TradeValue],
    books: &[&RuleBook],
    last_day: Option<NaiveDate>,
    zero_cost: &dyn Fn(usize, &str) -> bool,
    sink: &mut DisposalSink<'_>,
) -> Result<(), InputErrors> {
    let Some((first, others)) = books.split_first() else {
        return Ok(());
    };
    let alternatives = Alternatives {
        books: others,
        sink,
        stream: true,
    };
    match_tracks(
        trades,
        values,
        first,
        alternatives,
        Method::Fifo,
        last_day,
        zero_cost,
    )
    .map(|_| ())
}

/// The other rule books a pass follows, and where their disposals go.
struct Alternatives<'b, 's, 'k> {
    books: &'b [&'b RuleBook],
    sink: &'k mut DisposalSink<'s>,
    /// The first book's disposals go to the sink too (index 0; the others' follow it), and
    /// nothing is kept.
    stream: bool,
}

/// The matching itself: `alternatives` only with a method that chooses lots by date (FIFO,
/// LIFO), as the units taken must not depend on the amounts.
fn match_tracks(
    trades: &[Trade],
    values: &[TradeValue],
    rules: &RuleBook,
    alternatives: Alternatives<'_, '_, '_>,
    method: Method,
    last_day: Option<NaiveDate>,
    zero_cost: &dyn Fn(usize, &str) -> bool,
) -> Result<Matched, InputErrors> {
    let Alternatives { books, sink, stream } = alternatives;
    // With the first book streamed, the alternatives' indices follow its.
    let first_alt = usize::from(stream);
    let alts = &books[..books.len().min(MAX_ALTERNATIVES)];
    debug_assert!(alts.is_empty() || matches!(method, Method::Fifo | Method::Lifo));
    let n_alt = alts.len();
    // The lots the current disposal consumed, with each alternative's costs.
    let mut alt_uses: Vec<Vec<LotUse>> = alts.iter().map(|_| Vec::new()).collect();
    // Each event's amounts under the alternatives, parallel to `group`.
    let mut amounts_of: Vec<legs::Amounts> = Vec::new();
    let (kinds, order) = legs::kinds_and_order(trades);
    // Each asset's pool and kind, found by the asset's code; the last two codes met are
    // remembered by address (the codes of one file share one allocation), so that most events
    // find their pool without hashing the code.
    let mut pool_of: FxHashMap<&str, usize> = FxHashMap::default();
    // Each pool's asset code is this pass's own copy: the disposals clone it, and a count that
    // only this thread changes is cheaper than the trades' (which other passes change too).
    let mut pools: Vec<(Code, Kind, Pool)> = Vec::new();
    let mut recent: [(*const u8, usize); 2] = [(std::ptr::null(), 0); 2];
    let mut out = Matched::default();
    // About one disposal and one lot use per trade: reserved once (pages are only used as they
    // are written), so the arrays are not copied as they grow. Nothing is kept when streamed.
    if !stream {
        out.disposals.reserve(trades.len());
        out.lot_uses.reserve(trades.len());
    }
    let mut errors = Vec::new();
    let mut group: Vec<Event<'_>> = Vec::new();
    let mut k = 0;
    while k < order.len() {
        // The trades at one instant.
        let time = trades[order.at(k)].time;
        if last_day.is_some_and(|d| values[order.at(k)].tax_date > d) {
            break;
        }
        group.clear();
        amounts_of.clear();
        while k < order.len() && trades[order.at(k)].time == time {
            let i = order.at(k);
            let (t, v) = (&trades[i], &values[i]);
            match legs::events_with_alternatives(i, t, v, rules, alts, &mut group, &mut amounts_of) {
                Ok(true) => {}
                Ok(false) => out.warnings.push(legs::fiat_exchange_warning(i, t)),
                Err(e) => errors.push(e),
            }
            k += 1;
        }
        for acquisitions in [true, false] {
            for (n, e) in group.iter().enumerate() {
                // Acquisitions in the first round, disposals and reductions in the second: the
                // other round leaves the event alone, its pool not looked up.
                if matches!(e.action, Action::Acquire { .. }) != acquisitions {
                    continue;
                }
                let address = e.asset.as_ptr();
                let at = match recent.iter().find(|(a, _)| *a == address) {
                    Some(&(_, at)) => at,
                    None => {
                        let at = *pool_of.entry(&**e.asset).or_insert_with(|| {
                            let kind = kinds.get(e.asset).copied().unwrap_or_default();
                            pools.push((Code::from(&**e.asset), kind, Pool::new(method, n_alt)));
                            pools.len() - 1
                        });
                        recent = [(address, at), recent[0]];
                        at
                    }
                };
                let (code, kind, pool) = &mut pools[at];
                let kind = *kind;
                let mut amounts = amounts_of.get(n).copied().unwrap_or_default();
                match e.action {
                    Action::Acquire { quantity, cost } => {
                        let zero = zero_cost(e.trade, e.asset);
                        let cost = if zero {
                            out.zeroed.push(ZeroedLot {
                                trade: e.trade,
                                asset: e.asset.clone(),
                                cost,
                            });
                            Decimal::ZERO
                        } else {
                            cost
                        };
                        if zero {
                            amounts = [Decimal::ZERO; MAX_ALTERNATIVES];
                        }
                        pool.add(
                            Lot {
                                trade: e.trade,
                                date: values[e.trade].tax_date,
                                quantity,
                                cost,
                            },
                            amounts,
                        )
                    }
                    Action::Dispose {
                        quantity,
                        proceeds,
                        role,
                    } => {
                        let start = out.lot_uses.len();
                        let (cost, uncovered, alt_costs) =
                            pool.take(quantity, &mut out.lot_uses, &mut alt_uses);
                        let (proceeds, cost) = (round_tiyn(proceeds), round_tiyn(cost));
                        let mut d = Disposal {
                            trade: index32(e.trade),
                            kind,
                            role,
                            date: values[e.trade].tax_date,
                            quantity,
                            proceeds,
                            cost,
                            lots: range32(start..out.lot_uses.len()),
                        };
                        debug_assert_eq!(d.asset(trades), code, "a disposal's asset is its trade's");
                        for (a, uses) in alt_uses.iter_mut().enumerate() {
                            let (proceeds, cost) = (round_tiyn(amounts[a]), round_tiyn(alt_costs[a]));
                            let alt = Disposal {
                                proceeds,
                                cost,
                                lots: range32(0..uses.len()),
                                ..d.clone()
                            };
                            sink(first_alt + a, alt, uses);
                        }
                        if stream {
                            let uses = &mut out.lot_uses[start..];
                            d.lots = range32(0..uses.len());
                            sink(0, d, uses);
                            out.lot_uses.truncate(start);
                        } else {
                            if !uncovered.is_zero() {
                                out.warnings.push(missing_purchase(&d, uncovered, trades));
                            }
                            out.disposals.push(d);
                        }
                    }
                    Action::Reduce { quantity } => pool.reduce(quantity),
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    out.holdings = pools
        .into_iter()
        .map(|(code, kind, pool)| pool.into_holding(code, kind))
        .filter(|h| !h.lots.is_empty())
        .collect();
    out.holdings.sort_by(|a, b| a.asset.cmp(&b.asset));
    Ok(out)
}

fn missing_purchase(d: &Disposal, uncovered: Decimal, trades: &[Trade]) -> Warning {
    Warning::new(
        WarningDetail::MissingPurchase {
            asset: d.asset(trades).to_string(),
            date: d.date,
            quantity: d.quantity,
            held: d.quantity - uncovered,
            uncovered,
        },
        Some(trades[d.trade()].source()),
        Some(d.trade()),
    )
}

/// Unit cost used to order lots for HIFO (highest first, then oldest first).
#[derive(Debug, PartialEq, Eq)]
struct HifoKey {
    unit_cost: Decimal,
    seq: Reverse<usize>,
}

impl Ord for HifoKey {
    fn cmp(&self, other: &Self) -> Ordering {
        self.unit_cost
            .cmp(&other.unit_cost)
            .then(self.seq.cmp(&other.seq))
    }
}

impl PartialOrd for HifoKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The lots of one asset.
struct Pool {
    method: Method,
    /// All lots ever added, oldest first; consumed ones have quantity zero.
    lots: VecDeque<Lot>,
    /// Each lot's cost under the alternatives ([`stream_fifo`]), parallel to `lots`;
    /// empty when there are none.
    alt_costs: VecDeque<[Decimal; MAX_ALTERNATIVES]>,
    /// How many alternatives are followed.
    n_alt: usize,
    /// Index of the first lot of `lots` (lots before it were fully consumed and dropped).
    base: usize,
    /// HIFO only: lots by unit cost, as indices into `lots` offset by `base`.
    heap: BinaryHeap<(HifoKey, usize)>,
    /// Units of the whole holding.
    quantity: Decimal,
    /// Average only: cost of the whole holding (not kept for the other methods, whose cost is
    /// their lots': it is never read for them).
    cost: Decimal,
}

impl Pool {
    fn new(method: Method, n_alt: usize) -> Pool {
        Pool {
            method,
            lots: VecDeque::new(),
            alt_costs: VecDeque::new(),
            n_alt,
            base: 0,
            heap: BinaryHeap::new(),
            quantity: Decimal::ZERO,
            cost: Decimal::ZERO,
        }
    }

    fn add(&mut self, lot: Lot, alt_costs: [Decimal; MAX_ALTERNATIVES]) {
        self.quantity += lot.quantity;
        if self.method == Method::Average {
            self.cost += lot.cost;
        }
        if self.method == Method::Hifo {
            let seq = self.base + self.lots.len();
            let unit_cost = if lot.quantity.is_zero() {
                Decimal::ZERO
            } else {
                lot.cost / lot.quantity
            };
            self.heap.push((
                HifoKey {
                    unit_cost,
                    seq: Reverse(seq),
                },
                seq,
            ));
        }
        self.lots.push_back(lot);
        if self.n_alt > 0 {
            self.alt_costs.push_back(alt_costs);
        }
    }

    /// Takes `quantity` units, appending the lots used to `uses` (and putting them, with each
    /// alternative's cost, in `alts`): their total cost, the units no lot covered, and each
    /// alternative's total cost.
    fn take(
        &mut self,
        quantity: Decimal,
        uses: &mut Vec<LotUse>,
        alts: &mut [Vec<LotUse>],
    ) -> (Decimal, Decimal, [Decimal; MAX_ALTERNATIVES]) {
        let start = uses.len();
        let mut left = quantity;
        let mut alt_totals = [Decimal::ZERO; MAX_ALTERNATIVES];
        alts.iter_mut().for_each(Vec::clear);
        let average = (self.method == Method::Average && !self.quantity.is_zero())
            .then_some((self.quantity, self.cost));
        while left > Decimal::ZERO {
            let Some(idx) = self.next_lot() else { break };
            let lot = &mut self.lots[idx];
            // `left.min(lot.quantity)` and whether it is the whole lot, from one comparison (an
            // equal `left` is taken as written, as `min` does).
            let (take, whole) = match left.cmp(&lot.quantity) {
                std::cmp::Ordering::Greater => (lot.quantity, true),
                std::cmp::Ordering::Equal => (left, true),
                std::cmp::Ordering::Less => (left, false),
            };
            let held = lot.quantity;
            let part = |cost: Decimal| if whole { cost } else { part_cost(cost, take, held) };
            let cost = part(lot.cost);
            lot.quantity -= take;
            lot.cost -= cost;
            left -= take;
            uses.push(LotUse::new(lot.trade, take, cost));
            if self.n_alt > 0 {
                let costs = &mut self.alt_costs[idx];
                for ((c, a), total) in costs.iter_mut().zip(alts.iter_mut()).zip(&mut alt_totals) {
                    let taken = part(*c);
                    *c -= taken;
                    *total += taken;
                    a.push(LotUse::new(lot.trade, take, taken));
                }
            }
            self.drop_consumed();
        }
        let taken = quantity - left;
        let mut total: Decimal = uses[start..].iter().map(|u| u.cost).sum();
        if let Some((q, c)) = average {
            // Average cost: the share of the whole holding's cost; lots only trace quantities.
            total = if taken == q { c } else { part_cost(c, taken, q) };
            spread(&mut uses[start..], total, |u| u.quantity, |u| &mut u.cost);
            self.cost = c - total;
        } else if self.method == Method::Average {
            self.cost -= total;
        }
        self.quantity -= taken;
        (total, left, alt_totals)
    }

    /// Takes `quantity` units off the lots in the method's order, keeping their cost in the
    /// pool: on the lot they came from, or, when that lot is used up, on the next one (a network
    /// fee kept as a reduction of the lot). Units beyond the holding are ignored.
    fn reduce(&mut self, quantity: Decimal) {
        let mut left = quantity;
        let mut carry = Decimal::ZERO;
        let mut alt_carry = [Decimal::ZERO; MAX_ALTERNATIVES];
        while left > Decimal::ZERO {
            let Some(idx) = self.next_lot() else { break };
            let lot = &mut self.lots[idx];
            let take = left.min(lot.quantity);
            lot.quantity -= take;
            left -= take;
            if lot.quantity.is_zero() {
                carry += lot.cost;
                lot.cost = Decimal::ZERO;
                if self.n_alt > 0 {
                    for (c, k) in self.alt_costs[idx].iter_mut().zip(&mut alt_carry) {
                        *k += *c;
                        *c = Decimal::ZERO;
                    }
                }
            }
            self.drop_consumed();
        }
        if !carry.is_zero() {
            match self.next_lot() {
                Some(idx) => self.lots[idx].cost += carry,
                None if self.method == Method::Average => self.cost -= carry,
                None => {}
            }
        }
        // Each alternative's carry alike (the pool's own cost is not followed for them).
        if let Some(idx) = self.next_lot().filter(|_| self.n_alt > 0) {
            for (c, k) in self.alt_costs[idx].iter_mut().zip(alt_carry) {
                if !k.is_zero() {
                    *c += k;
                }
            }
        }
        self.quantity -= quantity - left;
    }

    /// Index in `lots` of the next lot to consume, if any.
    fn next_lot(&mut self) -> Option<usize> {
        match self.method {
            Method::Fifo | Method::Average => self.lots.iter().position(|l| !l.quantity.is_zero()),
            Method::Lifo => self.lots.iter().rposition(|l| !l.quantity.is_zero()),
            Method::Hifo => loop {
                let (_, seq) = self.heap.peek()?;
                // A lot below `base` was consumed and dropped from the front: its heap entry
                // is stale like that of any consumed lot, and is skipped (stopping here left
                // the rest of the sale uncovered although lots remained).
                if let Some(idx) = seq.checked_sub(self.base)
                    && self.lots.get(idx).is_some_and(|l| !l.quantity.is_zero())
                {
                    return Some(idx);
                }
                self.heap.pop();
            },
        }
    }

    /// Drops fully consumed lots from the front, so FIFO stays O(1) per lot.
    fn drop_consumed(&mut self) {
        while self.lots.front().is_some_and(|l| l.quantity.is_zero()) {
            self.lots.pop_front();
            self.alt_costs.pop_front();
            self.base += 1;
        }
        if self.method == Method::Lifo {
            while self.lots.back().is_some_and(|l| l.quantity.is_zero()) {
                self.lots.pop_back();
                self.alt_costs.pop_back();
            }
        }
    }

    fn into_holding(self, asset: Code, kind: Kind) -> Holding {
        let mut lots: Vec<Lot> = self.lots.into_iter().filter(|l| !l.quantity.is_zero()).collect();
        if self.method == Method::Average {
            spread(&mut lots, self.cost, |l| l.quantity, |l| &mut l.cost);
        }
        Holding {
            asset,
            kind,
            quantity: self.quantity,
            cost: lots.iter().map(|l| l.cost).sum(),
            lots,
        }
    }
}

/// The cost of `part` units out of `whole` (`part` ≤ `whole`) that cost `cost`: `cost × part /
/// whole`, the product first, so that only the division rounds (a share cut to 28 digits first
/// can put a part whose exact cost ends in half a tiyn just below the half). A product beyond
/// the decimal range takes the share first.
fn part_cost(cost: Decimal, part: Decimal, whole: Decimal) -> Decimal {
    match cost.checked_mul(part) {
        Some(product) => product / whole,
        None => cost * (part / whole),
    }
}

/// Sets each item's cost to its share of `total` by quantity, the last taking the remainder so
/// that the costs add up to `total` exactly.
fn spread<T>(items: &mut [T], total: Decimal, quantity: fn(&T) -> Decimal, cost: fn(&mut T) -> &mut Decimal) {
    let q: Decimal = items.iter().map(quantity).sum();
    let mut left = total;
    let n = items.len();
    for (i, item) in items.iter_mut().enumerate() {
        let share = if i + 1 == n || q.is_zero() {
            left
        } else {
            part_cost(total, quantity(item), q)
        };
        *cost(item) = share;
        left -= share;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Side;
    use crate::model::testing::trade;
    use crate::rules::FeeRule;
    use rust_decimal_macros::dec;

    /// Lot uses are held by the million (one or more per disposal): 36 bytes each, the trade's
    /// index kept in 32 bits and read back as it was given.
    #[test]
    fn a_lot_use_is_36_bytes_and_keeps_its_trade() {
        assert_eq!(std::mem::size_of::<LotUse>(), 36);
        let u = LotUse::new(4_000_000_000, dec!(1.5), dec!(2.25));
        assert_eq!(
            (u.lot_trade(), u.quantity, u.cost),
            (4_000_000_000, dec!(1.5), dec!(2.25))
        );
    }

    /// Disposals are held by the hundred thousand: 68 bytes each (96 while they kept their
    /// asset, which their trade gives, and their uncovered units, which their lots give), their
    /// indices read back as given and their gain and uncovered units worked out.
    #[test]
    fn a_disposal_is_68_bytes_and_keeps_its_indices() {
        assert_eq!(std::mem::size_of::<Disposal>(), 68);
        let d = Disposal {
            trade: index32(4_000_000_000),
            kind: Kind::Crypto,
            role: Role::Sold,
            date: NaiveDate::from_ymd_opt(2025, 3, 7).unwrap(),
            quantity: dec!(1),
            // 1,000.10 − 1,250.35 = −250.25
            proceeds: dec!(1000.10),
            cost: dec!(1250.35),
            lots: range32(3_000_000_000..3_000_000_002),
        };
        assert_eq!(
            (d.trade(), d.lots(), d.gain()),
            (4_000_000_000, 3_000_000_000..3_000_000_002, dec!(-250.25))
        );
        // 1 unit sold from lots of 0.25 and 0.5: 1 − 0.25 − 0.5 = 0.25 uncovered; the
        // subtraction keeps the scale the lots give (1 − 1.00 = 0.00).
        let lots = [
            LotUse::new(1, dec!(0.25), dec!(10)),
            LotUse::new(2, dec!(0.5), dec!(20)),
        ];
        assert_eq!(d.uncovered(&lots), dec!(0.25));
        assert_eq!(d.uncovered(&[]), dec!(1));
        let whole = d.uncovered(&[LotUse::new(1, dec!(1.00), dec!(10))]);
        assert_eq!((whole, whole.scale()), (dec!(0), 2));
    }

    /// A disposal's asset is its trade's: a sale's asset, a buy's payment, a fee's asset.
    #[test]
    fn a_disposal_reads_its_asset_from_its_trade() {
        let mut t = trade(Side::Buy, "BTC", dec!(1), dec!(60000), "USDT");
        t.fee_currency = Code::from("BNB");
        let trades = [t];
        let of = |role| {
            let d = Disposal {
                trade: 0,
                kind: Kind::Crypto,
                role,
                date: NaiveDate::from_ymd_opt(2025, 3, 7).unwrap(),
                quantity: dec!(1),
                proceeds: dec!(0),
                cost: dec!(0),
                lots: 0..0,
            };
            d.asset(&trades).to_string()
        };
        assert_eq!(
            [Role::Sold, Role::Spent, Role::Fee].map(of),
            ["BTC", "USDT", "BNB"]
        );
    }

    /// The bundled rules with the crypto fee setting the other way round.
    fn flipped_crypto_fees() -> RuleBook {
        let mut book = RuleBook::bundled();
        book.for_all_years(|y| {
            y.crypto_fees.value = match y.crypto_fees.value {
                FeeRule::Include => FeeRule::Exclude,
                FeeRule::Exclude => FeeRule::Include,
            };
        });
        book
    }

    /// A part of a lot costs exactly `cost × part / quantity`, so a part whose exact cost ends
    /// in half a tiyn is rounded from that half, not from a figure just below it.
    #[test]
    fn a_part_of_a_lot_costs_its_exact_share() {
        // 3 BTC bought for 1.515 KZT; 1 BTC sold costs 1.515 × 1/3 = 0.505 KZT exactly, which
        // a disposal rounds to 0.51 (a share of 1/3 cut to 28 digits first would give 0.50499…,
        // so 0.50). The other 2 BTC sold then cost what is left, 1.515 − 0.505 = 1.01.
        let trades = vec![
            trade(Side::Buy, "BTC", dec!(3), dec!(1.515), "KZT"),
            trade(Side::Sell, "BTC", dec!(1), dec!(5), "KZT").at("2025-03-08T10:00:00Z"),
            trade(Side::Sell, "BTC", dec!(2), dec!(5), "KZT").at("2025-03-09T10:00:00Z"),
        ];
        let values: Vec<TradeValue> = trades
            .iter()
            .map(|t| TradeValue {
                tax_date: t.time.date_naive(),
                value: t.total,
                fee_value: t.fee,
            })
            .collect();
        let book = RuleBook::bundled();
        for method in [Method::Fifo, Method::Lifo, Method::Hifo, Method::Average] {
            let matched = match_trades(&trades, &values, &book, method).unwrap();
            let costs: Vec<Decimal> = matched.disposals.iter().map(|d| d.cost).collect();
            assert_eq!(costs, [dec!(0.51), dec!(1.01)], "{method:?}");
        }
    }

    /// A part's cost whose product would leave the decimal range is worked out from the share
    /// instead, not a panic: 4·10²⁸ × 3 is beyond 7.9·10²⁸; 4·10²⁸ × 0.75 = 3·10²⁸.
    #[test]
    fn a_part_cost_beyond_the_decimal_range_takes_the_share_first() {
        let cost = dec!(40000000000000000000000000000);
        assert_eq!(
            part_cost(cost, dec!(3), dec!(4)),
            dec!(30000000000000000000000000000)
        );
        assert_eq!(part_cost(dec!(1.515), dec!(1), dec!(3)), dec!(0.505));
    }

    #[test]
    fn an_alternative_carries_a_reduced_lot_cost_as_a_separate_matching_does() {
        // Two lots of 1 BTC bought for 1,000 and 2,000 KZT, each with a 10 KZT fee; a network
        // fee of 1 BTC kept as a reduction takes all of the first lot, whose cost moves to the
        // second; then 1 BTC is sold for 5,000 KZT with a 50 KZT fee. With fees counted the
        // sale costs 1,010 + 2,010 = 3,020 and brings 4,950; without, 3,000 and 5,000.
        let mut reduce = trade(Side::Sell, "BTC", dec!(1), dec!(0), "KZT").at("2025-03-08T10:00:00Z");
        reduce.id = Some(crate::ledger::REDUCTION_ID.into());
        let trades = vec![
            trade(Side::Buy, "BTC", dec!(1), dec!(1000), "KZT").with_fee(dec!(10), "KZT"),
            trade(Side::Buy, "BTC", dec!(1), dec!(2000), "KZT")
                .with_fee(dec!(10), "KZT")
                .at("2025-03-07T11:00:00Z"),
            reduce,
            trade(Side::Sell, "BTC", dec!(1), dec!(5000), "KZT")
                .with_fee(dec!(50), "KZT")
                .at("2025-03-09T10:00:00Z"),
        ];
        let date = chrono::NaiveDate::from_ymd_opt(2025, 3, 7).unwrap();
        let values: Vec<TradeValue> = trades
            .iter()
            .map(|t| TradeValue {
                tax_date: t.time.date_naive().max(date),
                value: t.total,
                fee_value: t.fee,
            })
            .collect();
        let (book, other) = (RuleBook::bundled(), flipped_crypto_fees());
        let mut got: Vec<(usize, Disposal, Vec<LotUse>)> = Vec::new();
        let mut sink = |b: usize, d: Disposal, uses: &mut [LotUse]| got.push((b, d, uses.to_vec()));
        stream_fifo(&trades, &values, &[&book, &other], None, &|_, _| false, &mut sink).unwrap();
        let streamed = |b: usize| got.iter().find(|g| g.0 == b).expect("one disposal per book");
        assert_eq!(got.len(), 2);
        for (b, rules) in [(0, &book), (1, &other)] {
            let separate = match_trades(&trades, &values, rules, Method::Fifo).unwrap();
            assert_eq!(separate.disposals.len(), 1);
            assert_eq!(streamed(b).1, separate.disposals[0]);
            assert_eq!(streamed(b).2, separate.lot_uses);
        }
        let counted = book.for_year(2025).rules.crypto_fees.value == FeeRule::Include;
        let (with, without) = ((dec!(4950), dec!(3020)), (dec!(5000), dec!(3000)));
        let (declared, alternative) = if counted { (with, without) } else { (without, with) };
        assert_eq!((streamed(0).1.proceeds, streamed(0).1.cost), declared);
        assert_eq!((streamed(1).1.proceeds, streamed(1).1.cost), alternative);
    }
}
