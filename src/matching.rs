//! Matches disposals to lots, per asset across all venues, by the chosen method
//! (docs/formats.md §4, "Matching"). Quantity and cost are conserved exactly.

use crate::legs::{Action, Event, Events, Role};
use crate::model::{Code, Kind, Trade};
use crate::money::round_tiyn;
use crate::settings::Method;
use crate::valuation::TradeValue;
use crate::warning::{Warning, WarningKind};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap, VecDeque};

/// Part of a lot consumed by a disposal: the audit trail from a disposal to its purchases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LotUse {
    /// Index of the trade that created the lot.
    pub lot_trade: usize,
    /// Units taken from the lot.
    pub quantity: Decimal,
    /// Their tenge cost, at full precision.
    pub cost: Decimal,
}

/// One disposal of an asset, matched to its lots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disposal {
    /// Index of the trade it comes from.
    pub trade: usize,
    /// The asset disposed of.
    pub asset: Code,
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
    /// `proceeds − cost`.
    pub gain: Decimal,
    /// Units not covered by any lot (given zero cost).
    pub uncovered: Decimal,
    /// The lots consumed, in the order consumed.
    pub lots: Vec<LotUse>,
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
    /// Holdings per asset, sorted by asset.
    pub holdings: Vec<Holding>,
    /// Missing purchases.
    pub warnings: Vec<Warning>,
}

/// Matches every disposal in `events` to lots by `method`.
pub fn match_events(
    events: &Events,
    trades: &[Trade],
    values: &[TradeValue],
    method: Method,
) -> Matched {
    let mut pools: HashMap<Code, Pool> = HashMap::new();
    let mut out = Matched::default();
    for e in &events.events {
        let pool = pools
            .entry(e.asset.clone())
            .or_insert_with(|| Pool::new(method));
        match e.action {
            Action::Acquire { quantity, cost } => pool.add(Lot {
                trade: e.trade,
                date: values[e.trade].tax_date,
                quantity,
                cost,
            }),
            Action::Dispose {
                quantity,
                proceeds,
                role,
            } => {
                let (lots, cost, uncovered) = pool.take(quantity);
                let kind = events.kinds.get(&e.asset).copied().unwrap_or_default();
                let d = disposal(
                    e,
                    kind,
                    values[e.trade].tax_date,
                    role,
                    quantity,
                    proceeds,
                    cost,
                    uncovered,
                    lots,
                );
                if !uncovered.is_zero() {
                    out.warnings.push(missing_purchase(&d, &trades[e.trade]));
                }
                out.disposals.push(d);
            }
        }
    }
    out.holdings = pools
        .into_iter()
        .map(|(asset, pool)| {
            let kind = events.kinds.get(&asset).copied().unwrap_or_default();
            pool.into_holding(asset, kind)
        })
        .filter(|h| !h.lots.is_empty())
        .collect();
    out.holdings.sort_by(|a, b| a.asset.cmp(&b.asset));
    out
}

#[allow(clippy::too_many_arguments)]
fn disposal(
    e: &Event,
    kind: Kind,
    date: NaiveDate,
    role: Role,
    quantity: Decimal,
    proceeds: Decimal,
    cost: Decimal,
    uncovered: Decimal,
    lots: Vec<LotUse>,
) -> Disposal {
    let (proceeds, cost) = (round_tiyn(proceeds), round_tiyn(cost));
    Disposal {
        trade: e.trade,
        asset: e.asset.clone(),
        kind,
        role,
        date,
        quantity,
        proceeds,
        cost,
        gain: proceeds - cost,
        uncovered,
        lots,
    }
}

fn missing_purchase(d: &Disposal, t: &Trade) -> Warning {
    Warning {
        kind: WarningKind::MissingPurchase,
        message: format!(
            "{} {} disposed of on {} but only {} held: the missing {} {} got zero cost; import or enter the purchases",
            d.quantity.normalize(),
            d.asset,
            d.date,
            (d.quantity - d.uncovered).normalize(),
            d.uncovered.normalize(),
            d.asset
        ),
        source: Some(t.source.clone()),
        trade: Some(d.trade),
    }
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
    /// Index of the first lot of `lots` (lots before it were fully consumed and dropped).
    base: usize,
    /// HIFO only: lots by unit cost, as indices into `lots` offset by `base`.
    heap: BinaryHeap<(HifoKey, usize)>,
    /// Average only: units and cost of the whole holding.
    quantity: Decimal,
    cost: Decimal,
}

impl Pool {
    fn new(method: Method) -> Pool {
        Pool {
            method,
            lots: VecDeque::new(),
            base: 0,
            heap: BinaryHeap::new(),
            quantity: Decimal::ZERO,
            cost: Decimal::ZERO,
        }
    }

    fn add(&mut self, lot: Lot) {
        self.quantity += lot.quantity;
        self.cost += lot.cost;
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
    }

    /// Takes `quantity` units: the lots used, their total cost, and the uncovered units.
    fn take(&mut self, quantity: Decimal) -> (Vec<LotUse>, Decimal, Decimal) {
        let mut uses = Vec::new();
        let mut left = quantity;
        let average_unit = (self.method == Method::Average && !self.quantity.is_zero())
            .then_some((self.quantity, self.cost));
        while left > Decimal::ZERO {
            let Some(idx) = self.next_lot() else { break };
            let lot = &mut self.lots[idx];
            let take = left.min(lot.quantity);
            let cost = if take == lot.quantity {
                lot.cost
            } else {
                lot.cost * (take / lot.quantity)
            };
            lot.quantity -= take;
            lot.cost -= cost;
            left -= take;
            uses.push(LotUse {
                lot_trade: lot.trade,
                quantity: take,
                cost,
            });
            self.drop_consumed();
        }
        let taken = quantity - left;
        let mut total: Decimal = uses.iter().map(|u| u.cost).sum();
        if let Some((q, c)) = average_unit {
            // Average cost: the share of the whole holding's cost; lots only trace quantities.
            total = if taken == q { c } else { c * (taken / q) };
            spread(&mut uses, total, |u| u.quantity, |u| &mut u.cost);
            self.cost = c - total;
        } else {
            self.cost -= total;
        }
        self.quantity -= taken;
        (uses, total, left)
    }

    /// Index in `lots` of the next lot to consume, if any.
    fn next_lot(&mut self) -> Option<usize> {
        match self.method {
            Method::Fifo | Method::Average => self.lots.iter().position(|l| !l.quantity.is_zero()),
            Method::Lifo => self.lots.iter().rposition(|l| !l.quantity.is_zero()),
            Method::Hifo => loop {
                let (_, seq) = self.heap.peek()?;
                let idx = seq.checked_sub(self.base)?;
                if self.lots.get(idx).is_some_and(|l| !l.quantity.is_zero()) {
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
            self.base += 1;
        }
        if self.method == Method::Lifo {
            while self.lots.back().is_some_and(|l| l.quantity.is_zero()) {
                self.lots.pop_back();
            }
        }
    }

    fn into_holding(self, asset: Code, kind: Kind) -> Holding {
        let mut lots: Vec<Lot> = self
            .lots
            .into_iter()
            .filter(|l| !l.quantity.is_zero())
            .collect();
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

/// Sets each item's cost to its share of `total` by quantity, the last taking the remainder so
/// that the costs add up to `total` exactly.
fn spread<T>(
    items: &mut [T],
    total: Decimal,
    quantity: fn(&T) -> Decimal,
    cost: fn(&mut T) -> &mut Decimal,
) {
    let q: Decimal = items.iter().map(quantity).sum();
    let mut left = total;
    let n = items.len();
    for (i, item) in items.iter_mut().enumerate() {
        let share = if i + 1 == n || q.is_zero() {
            left
        } else {
            total * (quantity(item) / q)
        };
        *cost(item) = share;
        left -= share;
    }
}
