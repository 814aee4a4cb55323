//! Turns valued trades into acquisitions and disposals of assets (docs/formats.md §4, "Lots,
//! disposals and fees"). Fiat legs make no event.

use crate::error::{Expectation, InputError, Problem};
use crate::fiat;
use crate::model::{Code, Kind, Side, Trade};
use crate::rules::{FeeRule, RuleBook};
use crate::valuation::TradeValue;
use crate::warning::{Warning, WarningDetail};
use chrono::Datelike;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use serde::Serialize;

/// Why an asset left the holdings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The asset of a sell.
    Sold,
    /// An asset given as payment on a buy (USDT spent on BTC).
    Spent,
    /// An asset given as a fee.
    Fee,
}

impl Role {
    /// The lower-case name used in exports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Sold => "sold",
            Role::Spent => "spent",
            Role::Fee => "fee",
        }
    }
}

/// What happens to an asset in an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A new lot: `quantity` units costing `cost` tenge.
    Acquire {
        /// Units received.
        quantity: Decimal,
        /// Tenge cost of the lot.
        cost: Decimal,
    },
    /// A disposal of `quantity` units for `proceeds` tenge.
    Dispose {
        /// Units given.
        quantity: Decimal,
        /// Tenge proceeds.
        proceeds: Decimal,
        /// Why the units left.
        role: Role,
    },
    /// `quantity` units leave the lots, their cost staying with the units that remain (a
    /// network fee kept as a reduction of the lot, [`crate::ledger::REDUCTION_ID`]).
    Reduce {
        /// Units taken off.
        quantity: Decimal,
    },
}

/// One acquisition or disposal of one asset, from one trade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<'a> {
    /// Index of the trade in the computation's trade list.
    pub trade: usize,
    /// The asset.
    pub asset: &'a Code,
    /// What happens.
    pub action: Action,
}

/// The kind of each asset: from the first trade that names it as `asset`, else crypto.
pub fn kinds(trades: &[Trade]) -> FxHashMap<Code, Kind> {
    let mut kinds = KindsSeen::default();
    trades.iter().for_each(|t| kinds.see(t));
    kinds.kinds
}

/// Trade indices in processing order: by time, then file order. Events of trades at the same
/// instant are processed acquisitions first (see [`events_of`]).
pub fn order(trades: &[Trade]) -> Order {
    order_of(trades, trades.windows(2).all(|w| w[0].time <= w[1].time))
}

/// [`kinds`] and [`order`] from one pass over the trades, as matching needs both (a pass over
/// a million trades reads some 136 MB of them).
pub fn kinds_and_order(trades: &[Trade]) -> (FxHashMap<Code, Kind>, Order) {
    let mut kinds = KindsSeen::default();
    let mut sorted = true;
    let mut last = trades.first().map(|t| t.time);
    for t in trades {
        kinds.see(t);
        sorted &= last <= Some(t.time);
        last = Some(t.time);
    }
    (kinds.kinds, order_of(trades, sorted))
}

/// The kinds of the assets met so far, the first trade naming each deciding.
#[derive(Default)]
struct KindsSeen {
    kinds: FxHashMap<Code, Kind>,
    /// The codes met last, by address (the codes of one file share a few allocations): a code
    /// met again needs no lookup.
    recent: [usize; 8],
}

impl KindsSeen {
    fn see(&mut self, t: &Trade) {
        let address = t.asset.as_ptr() as usize;
        if self.recent.contains(&address) {
            return;
        }
        self.recent.rotate_right(1);
        self.recent[0] = address;
        if !fiat::is_fiat(&t.asset) && !self.kinds.contains_key(&t.asset) {
            self.kinds.insert(t.asset.clone(), t.kind);
        }
    }
}

/// The processing order of `trades`, `sorted` when they are in time order already.
fn order_of(trades: &[Trade], sorted: bool) -> Order {
    if sorted {
        return Order::Same(trades.len());
    }
    let mut order: Vec<u32> = (0..trades.len() as u32).collect();
    order.sort_by_key(|&i| trades[i as usize].time);
    Order::Sorted(order)
}

/// The processing order of [`order`]: most histories are in time order already, and then no
/// list of a million indices is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Order {
    /// The trades' own order, of this many trades.
    Same(usize),
    /// The trades' indices, sorted.
    Sorted(Vec<u32>),
}

impl Order {
    /// How many trades.
    pub fn len(&self) -> usize {
        match self {
            Order::Same(n) => *n,
            Order::Sorted(v) => v.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The index of the `k`-th trade to process (`k < len()`).
    #[inline]
    pub fn at(&self, k: usize) -> usize {
        match self {
            Order::Same(_) => k,
            Order::Sorted(v) => v[k] as usize,
        }
    }
}

/// Pushes the events of trade `i` onto `out`. `Ok(false)` when the trade has no asset leg
/// (fiat for fiat); an error when a fee is not smaller than what it is taken from. The fee rule
/// is the trade's year's for its kind and side ([`crate::rules::YearRules::fee_rule`]): a
/// security's purchase fee, a sale-side fee and a crypto fee are separate settings.
pub fn events_of<'a>(
    i: usize,
    t: &'a Trade,
    v: &TradeValue,
    rules: &RuleBook,
    out: &mut Vec<Event<'a>>,
) -> Result<bool, InputError> {
    events_with_alternatives(i, t, v, rules, &[], out, &mut Vec::new())
}

/// How many other rule books [`events_with_alternatives`] follows at once.
pub const MAX_ALTERNATIVES: usize = 2;

/// Each event's amount (an acquisition's cost, a disposal's proceeds) under up to
/// [`MAX_ALTERNATIVES`] other rule books; unused entries are zero.
pub type Amounts = [Decimal; MAX_ALTERNATIVES];

/// As [`events_of`], with each event's amount under each of `alternatives` (rule books that
/// differ only in fee settings; at most [`MAX_ALTERNATIVES`]) pushed onto `amounts`, parallel
/// to `out` (nothing is pushed there without alternatives). A fee setting changes amounts,
/// never units or events, so the events are those of `rules`.
pub fn events_with_alternatives<'a>(
    i: usize,
    t: &'a Trade,
    v: &TradeValue,
    rules: &RuleBook,
    alternatives: &[&RuleBook],
    out: &mut Vec<Event<'a>>,
    amounts: &mut Vec<Amounts>,
) -> Result<bool, InputError> {
    let alternatives = &alternatives[..alternatives.len().min(MAX_ALTERNATIVES)];
    if crate::ledger::events::is_reduction(t) {
        out.push(Event {
            trade: i,
            asset: &t.asset,
            action: Action::Reduce { quantity: t.quantity },
        });
        if !alternatives.is_empty() {
            amounts.push([Decimal::ZERO; MAX_ALTERNATIVES]);
        }
        return Ok(true);
    }
    let (year, sale) = (v.tax_date.year(), t.side == Side::Sell);
    let fee_rule = |book: &RuleBook| book.for_year(year).rules.fee_rule(t.kind, sale);
    let mut other_fees = [FeeRule::Include; MAX_ALTERNATIVES];
    for (f, book) in other_fees.iter_mut().zip(alternatives) {
        *f = fee_rule(book);
    }
    let fees = Fees {
        declared: fee_rule(rules),
        others: &other_fees[..alternatives.len()],
    };
    trade_events(i, t, v, fees, out, amounts)
}

/// The fee rule a trade's events are made under, and those of the alternatives.
struct Fees<'f> {
    declared: FeeRule,
    others: &'f [FeeRule],
}

/// The fee as the rule counts it.
fn counted(rule: FeeRule, fee: Decimal) -> Decimal {
    match rule {
        FeeRule::Include => fee,
        FeeRule::Exclude => Decimal::ZERO,
    }
}

/// The warning for a trade with no asset leg.
pub fn fiat_exchange_warning(i: usize, t: &Trade) -> Warning {
    Warning::new(
        WarningDetail::FiatExchange {
            asset: t.asset.to_string(),
            currency: t.currency.to_string(),
        },
        Some(t.source()),
        Some(i),
    )
}

/// Pushes one trade's events (and, for each, its amounts under the other fee rules onto
/// `amounts`, when there are other rules); `Ok(false)` when it has no asset leg at all.
fn trade_events<'a>(
    i: usize,
    t: &'a Trade,
    v: &TradeValue,
    fees: Fees<'_>,
    out: &mut Vec<Event<'a>>,
    amounts: &mut Vec<Amounts>,
) -> Result<bool, InputError> {
    let (value, fee) = (v.value, v.fee_value);
    // What is received and what is given, as (code, quantity).
    let (received, given) = match t.side {
        Side::Buy => ((&t.asset, t.quantity), (&t.currency, t.total)),
        Side::Sell => ((&t.currency, t.total), (&t.asset, t.quantity)),
    };
    if fiat::is_fiat(received.0) && fiat::is_fiat(given.0) {
        return Ok(false);
    }
    // Each event with its amount under each other fee rule (`amount` of that rule).
    let mut push = |asset: &'a Code, action, amount: &dyn Fn(FeeRule) -> Decimal| {
        out.push(Event {
            trade: i,
            asset,
            action,
        });
        if !fees.others.is_empty() {
            let mut a = [Decimal::ZERO; MAX_ALTERNATIVES];
            for (x, &rule) in a.iter_mut().zip(fees.others) {
                *x = amount(rule);
            }
            amounts.push(a);
        }
    };
    let fee_in_received = !t.fee.is_zero() && t.fee_currency == *received.0;

    // The received leg: a new lot when it is an asset.
    if !fiat::is_fiat(received.0) {
        let mut quantity = received.1;
        if fee_in_received {
            quantity -= t.fee;
            if quantity <= Decimal::ZERO {
                return Err(
                    InputError::line(&t.file, u64::from(t.line), Problem::FeeNotBelowQuantity)
                        .found(&t.fee.to_string())
                        .expected(Expectation::FeeBelow(received.1, received.0.to_string())),
                );
            }
        }
        let cost = |rule| match (t.side, fee_in_received) {
            // A buy's fee is part of the lot's cost, unless it was taken from the lot itself.
            (Side::Buy, false) => value + counted(rule, fee),
            (Side::Buy, true) => value,
            // A sale's received lot is worth what actually arrived.
            (Side::Sell, true) => value - fee,
            (Side::Sell, false) => value,
        };
        let action = Action::Acquire {
            quantity,
            cost: cost(fees.declared),
        };
        push(received.0, action, &cost);
    }

    // The given leg: a disposal when it is an asset.
    if !fiat::is_fiat(given.0) {
        let (role, proceeds): (Role, &dyn Fn(FeeRule) -> Decimal) = match t.side {
            Side::Buy => (Role::Spent, &|_| value),
            Side::Sell => (Role::Sold, &|rule| value - counted(rule, fee)),
        };
        let action = Action::Dispose {
            quantity: given.1,
            proceeds: proceeds(fees.declared),
            role,
        };
        push(given.0, action, proceeds);
    }

    // A fee paid in an asset other than the received one is a disposal of that asset.
    if !t.fee.is_zero() && !fee_in_received && !fiat::is_fiat(&t.fee_currency) {
        let action = Action::Dispose {
            quantity: t.fee,
            proceeds: fee,
            role: Role::Fee,
        };
        push(&t.fee_currency, action, &|_| fee);
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::trade;
    use crate::warning::WarningKind;
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    fn value(value: Decimal, fee_value: Decimal) -> TradeValue {
        TradeValue {
            tax_date: NaiveDate::from_ymd_opt(2025, 3, 7).unwrap(),
            value,
            fee_value,
        }
    }

    fn events(t: Trade, v: Decimal, f: Decimal) -> Vec<(String, Action)> {
        let mut out = Vec::new();
        assert!(events_of(0, &t, &value(v, f), &RuleBook::bundled(), &mut out).unwrap());
        out.into_iter().map(|e| (e.asset.to_string(), e.action)).collect()
    }

    fn acq(q: Decimal, c: Decimal) -> Action {
        Action::Acquire { quantity: q, cost: c }
    }

    fn disp(q: Decimal, p: Decimal, role: Role) -> Action {
        Action::Dispose {
            quantity: q,
            proceeds: p,
            role,
        }
    }

    #[test]
    fn buy_for_fiat_with_fiat_fee_adds_the_fee_to_cost() {
        let e = events(
            trade(Side::Buy, "BTC", dec!(1), dec!(1000), "KZT").with_fee(dec!(10), "KZT"),
            dec!(1000),
            dec!(10),
        );
        assert_eq!(e, vec![("BTC".into(), acq(dec!(1), dec!(1010)))]);
    }

    #[test]
    fn fee_in_the_bought_asset_reduces_the_lot() {
        let e = events(
            trade(Side::Buy, "ETH", dec!(2), dec!(1000), "KZT").with_fee(dec!(0.01), "ETH"),
            dec!(1000),
            dec!(5),
        );
        assert_eq!(e, vec![("ETH".into(), acq(dec!(1.99), dec!(1000)))]);
    }

    #[test]
    fn buy_with_usdt_disposes_of_usdt_and_a_bnb_fee_is_its_own_disposal() {
        let e = events(
            trade(Side::Buy, "BTC", dec!(0.1), dec!(6000), "USDT").with_fee(dec!(0.01), "BNB"),
            dec!(3000000),
            dec!(3000),
        );
        assert_eq!(
            e,
            vec![
                ("BTC".into(), acq(dec!(0.1), dec!(3003000))),
                ("USDT".into(), disp(dec!(6000), dec!(3000000), Role::Spent)),
                ("BNB".into(), disp(dec!(0.01), dec!(3000), Role::Fee)),
            ]
        );
    }

    #[test]
    fn sale_for_usdt_with_fee_in_usdt_reduces_what_arrives() {
        let e = events(
            trade(Side::Sell, "BTC", dec!(0.1), dec!(6000), "USDT").with_fee(dec!(6), "USDT"),
            dec!(3000000),
            dec!(3000),
        );
        assert_eq!(
            e,
            vec![
                ("USDT".into(), acq(dec!(5994), dec!(2997000))),
                ("BTC".into(), disp(dec!(0.1), dec!(2997000), Role::Sold)),
            ]
        );
    }

    #[test]
    fn sale_with_fee_in_the_sold_asset_is_a_second_disposal() {
        let e = events(
            trade(Side::Sell, "BTC", dec!(1), dec!(30000000), "KZT").with_fee(dec!(0.001), "BTC"),
            dec!(30000000),
            dec!(30000),
        );
        assert_eq!(
            e,
            vec![
                ("BTC".into(), disp(dec!(1), dec!(29970000), Role::Sold)),
                ("BTC".into(), disp(dec!(0.001), dec!(30000), Role::Fee)),
            ]
        );
    }

    /// The bundled rules with every fee setting the other way round.
    fn flipped_fees() -> RuleBook {
        let mut book = RuleBook::bundled();
        book.for_all_years(|y| {
            for rule in [&mut y.crypto_fees, &mut y.sale_fees] {
                rule.value = match rule.value {
                    FeeRule::Include => FeeRule::Exclude,
                    FeeRule::Exclude => FeeRule::Include,
                };
            }
        });
        book
    }

    #[test]
    fn alternative_amounts_are_those_of_the_other_fee_rule() {
        let (book, other) = (RuleBook::bundled(), flipped_fees());
        let cases = [
            // A buy for tenge with a 10 KZT fee: the lot costs 1,000 + 10 = 1,010 with the fee
            // counted, 1,000 without.
            (
                trade(Side::Buy, "BTC", dec!(1), dec!(1000), "KZT").with_fee(dec!(10), "KZT"),
                dec!(1000),
                dec!(10),
            ),
            // A sale for tenge with a fee in BTC: proceeds 30,000,000 − 30,000 = 29,970,000
            // with the fee counted, 30,000,000 without; the fee's own disposal is 30,000 either way.
            (
                trade(Side::Sell, "BTC", dec!(1), dec!(30000000), "KZT").with_fee(dec!(0.001), "BTC"),
                dec!(30000000),
                dec!(30000),
            ),
            // A buy with USDT, the fee in the bought ETH: no amount depends on the rule.
            (
                trade(Side::Buy, "ETH", dec!(2), dec!(6000), "USDT").with_fee(dec!(0.01), "ETH"),
                dec!(3000000),
                dec!(15000),
            ),
        ];
        for (t, v, f) in cases {
            let value = value(v, f);
            let (mut events, mut amounts) = (Vec::new(), Vec::new());
            assert!(
                events_with_alternatives(0, &t, &value, &book, &[&other], &mut events, &mut amounts).unwrap()
            );
            let mut separate = Vec::new();
            events_of(0, &t, &value, &other, &mut separate).unwrap();
            assert_eq!(amounts.len(), events.len());
            for ((a, e), s) in amounts.iter().zip(&events).zip(&separate) {
                let amount = |action| match action {
                    Action::Acquire { cost, .. } => cost,
                    Action::Dispose { proceeds, .. } => proceeds,
                    Action::Reduce { .. } => Decimal::ZERO,
                };
                assert_eq!(a[0], amount(s.action), "{:?} under the other rule", e.action);
                assert_eq!(a[1], Decimal::ZERO);
            }
        }
        // The figures themselves: the first case's lot 1,010 then 1,000.
        let t = trade(Side::Buy, "BTC", dec!(1), dec!(1000), "KZT").with_fee(dec!(10), "KZT");
        let (mut events, mut amounts) = (Vec::new(), Vec::new());
        events_with_alternatives(
            0,
            &t,
            &value(dec!(1000), dec!(10)),
            &book,
            &[&other],
            &mut events,
            &mut amounts,
        )
        .unwrap();
        let counted = book.for_year(2025).rules.crypto_fees.value == FeeRule::Include;
        let (with, without) = (dec!(1010), dec!(1000));
        let (main, alt) = if counted { (with, without) } else { (without, with) };
        assert_eq!(events[0].action, acq(dec!(1), main));
        assert_eq!(amounts[0][0], alt);
    }

    #[test]
    fn fiat_for_fiat_makes_no_event() {
        let t = trade(Side::Buy, "USD", dec!(100), dec!(50000), "KZT");
        let mut out = Vec::new();
        assert!(
            !events_of(
                0,
                &t,
                &value(dec!(50000), dec!(0)),
                &RuleBook::bundled(),
                &mut out
            )
            .unwrap()
        );
        assert!(out.is_empty());
        assert_eq!(fiat_exchange_warning(0, &t).kind, WarningKind::FiatExchange);
    }

    #[test]
    fn a_fee_larger_than_what_arrives_is_an_error() {
        let t = trade(Side::Buy, "ETH", dec!(1), dec!(1000), "KZT").with_fee(dec!(1), "ETH");
        let err = events_of(
            0,
            &t,
            &value(dec!(1000), dec!(1000)),
            &RuleBook::bundled(),
            &mut Vec::new(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("t.csv:2: the fee is not smaller than the quantity received")
        );
    }

    #[test]
    fn order_is_by_time_then_file_order() {
        let a = trade(Side::Buy, "BTC", dec!(1), dec!(1), "KZT").at("2025-03-08T00:00:00Z");
        let b = trade(Side::Buy, "BTC", dec!(1), dec!(1), "KZT").at("2025-03-07T00:00:00Z");
        let c = trade(Side::Buy, "BTC", dec!(1), dec!(1), "KZT").at("2025-03-07T00:00:00Z");
        let o = order(&[a.clone(), b.clone(), c.clone()]);
        assert_eq!(o, Order::Sorted(vec![1, 2, 0]));
        assert_eq!(
            (o.len(), (0..3).map(|k| o.at(k)).collect::<Vec<_>>()),
            (3, vec![1, 2, 0])
        );
        // Already in time order (equal times too): the trades' own order, and no list.
        let same = order(&[b, c, a]);
        assert_eq!(same, Order::Same(3));
        assert_eq!((0..3).map(|k| same.at(k)).collect::<Vec<_>>(), [0, 1, 2]);
        assert!(order(&[]).is_empty());
    }

    #[test]
    fn kinds_and_order_in_one_pass_are_those_of_two() {
        let at = |t: Trade, when: &str| t.at(when);
        let btc = |side| trade(side, "BTC", dec!(1), dec!(1), "KZT");
        let aapl = Trade {
            kind: Kind::Security,
            ..trade(Side::Buy, "AAPL", dec!(1), dec!(1), "USD")
        };
        // AAPL is first named a security; USDT only as a currency, so it has no kind; a later
        // trade naming AAPL as crypto does not change it.
        let usdt_sale = trade(Side::Sell, "BTC", dec!(1), dec!(1), "USDT").at("2025-03-09T00:00:00Z");
        let crypto_aapl = trade(Side::Buy, "AAPL", dec!(1), dec!(1), "KZT");
        let sorted = [
            at(btc(Side::Buy), "2025-03-07T00:00:00Z"),
            at(aapl.clone(), "2025-03-08T00:00:00Z"),
            usdt_sale.clone(),
            at(crypto_aapl.clone(), "2025-03-09T00:00:00Z"),
        ];
        let unsorted = [
            at(aapl, "2025-03-08T00:00:00Z"),
            at(btc(Side::Sell), "2025-03-07T00:00:00Z"),
            usdt_sale,
            at(crypto_aapl, "2025-03-06T00:00:00Z"),
        ];
        for trades in [&sorted[..], &unsorted[..], &[]] {
            assert_eq!(kinds_and_order(trades), (kinds(trades), order(trades)));
        }
        let (k, o) = kinds_and_order(&sorted);
        assert_eq!(o, Order::Same(4));
        assert_eq!((k.len(), k["AAPL"], k["BTC"]), (2, Kind::Security, Kind::Crypto));
        // By time: the crypto AAPL (03-06), BTC (03-07), the security AAPL (03-08), the sale.
        assert_eq!(kinds_and_order(&unsorted).1, Order::Sorted(vec![3, 1, 0, 2]));
    }
}
