//! Turns valued trades into acquisitions and disposals of assets (docs/formats.md §4, "Lots,
//! disposals and fees"). Fiat legs make no event.

use crate::error::{InputError, InputErrors};
use crate::fiat;
use crate::model::{Code, Kind, Side, Trade};
use crate::rules::{FeeRule, RuleBook};
use crate::valuation::TradeValue;
use crate::warning::{Warning, WarningKind};
use chrono::{DateTime, Datelike, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;

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
}

/// One acquisition or disposal of one asset, from one trade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Index of the trade in the computation's trade list.
    pub trade: usize,
    /// The asset.
    pub asset: Code,
    /// What happens.
    pub action: Action,
    /// When, for ordering.
    pub utc: DateTime<Utc>,
}

impl Event {
    fn order_key(&self) -> (DateTime<Utc>, u8, usize) {
        let phase = match self.action {
            Action::Acquire { .. } => 0,
            Action::Dispose { .. } => 1,
        };
        (self.utc, phase, self.trade)
    }
}

/// The events of all trades, in processing order, and each asset's kind.
#[derive(Debug, Clone, Default)]
pub struct Events {
    /// Sorted: by time, acquisitions before disposals at the same instant, then file order.
    pub events: Vec<Event>,
    /// The kind of each asset: from the first trade that names it as `asset`, else crypto.
    pub kinds: HashMap<Code, Kind>,
    /// Fiat-for-fiat trades.
    pub warnings: Vec<Warning>,
}

/// Builds the events of every trade. A fee larger than what it is taken from is an error.
pub fn build(
    trades: &[Trade],
    values: &[TradeValue],
    rules: &RuleBook,
) -> Result<Events, InputErrors> {
    let mut out = Events {
        events: Vec::with_capacity(trades.len() * 2),
        ..Events::default()
    };
    let mut errors = Vec::new();
    for t in trades {
        if !fiat::is_fiat(&t.asset) {
            out.kinds.entry(t.asset.clone()).or_insert(t.kind);
        }
    }
    for (i, (t, v)) in trades.iter().zip(values).enumerate() {
        let fees = rules.for_year(v.tax_date.year()).rules.fees.value;
        match trade_events(i, t, v, fees, &mut out.events) {
            Ok(true) => {}
            Ok(false) => out.warnings.push(Warning {
                kind: WarningKind::FiatExchange,
                message: format!(
                    "{} exchanged for {}: both are money, so no tax event",
                    t.asset, t.currency
                ),
                source: Some(t.source.clone()),
                trade: Some(i),
            }),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    out.events.sort_by_key(|e| e.order_key());
    Ok(out)
}

/// Pushes one trade's events; `Ok(false)` when it has no asset leg at all.
fn trade_events(
    i: usize,
    t: &Trade,
    v: &TradeValue,
    fees: FeeRule,
    out: &mut Vec<Event>,
) -> Result<bool, InputError> {
    let (value, fee) = (v.value, v.fee_value);
    let counted_fee = match fees {
        FeeRule::Include => fee,
        FeeRule::Exclude => Decimal::ZERO,
    };
    // What is received and what is given, as (code, quantity).
    let (received, given) = match t.side {
        Side::Buy => ((&t.asset, t.quantity), (&t.currency, t.total)),
        Side::Sell => ((&t.currency, t.total), (&t.asset, t.quantity)),
    };
    if fiat::is_fiat(received.0) && fiat::is_fiat(given.0) {
        return Ok(false);
    }
    let utc = t.utc();
    let mut push = |asset: &Code, action| {
        out.push(Event {
            trade: i,
            asset: asset.clone(),
            action,
            utc,
        })
    };
    let fee_in_received = !t.fee.is_zero() && t.fee_currency == *received.0;

    // The received leg: a new lot when it is an asset.
    if !fiat::is_fiat(received.0) {
        let (mut quantity, mut cost) = (received.1, value);
        if fee_in_received {
            quantity -= t.fee;
            if quantity <= Decimal::ZERO {
                return Err(InputError::line(
                    &t.source.file,
                    t.source.line,
                    "the fee is not smaller than the quantity received",
                )
                .found(&t.fee.to_string())
                .expected(format!("a fee below {} {}", received.1, received.0)));
            }
        }
        match (t.side, fee_in_received) {
            // A buy's fee is part of the lot's cost, unless it was taken from the lot itself.
            (Side::Buy, false) => cost += counted_fee,
            (Side::Buy, true) => {}
            // A sale's received lot is worth what actually arrived.
            (Side::Sell, true) => cost -= fee,
            (Side::Sell, false) => {}
        }
        push(received.0, Action::Acquire { quantity, cost });
    }

    // The given leg: a disposal when it is an asset.
    if !fiat::is_fiat(given.0) {
        let (role, proceeds) = match t.side {
            Side::Buy => (Role::Spent, value),
            Side::Sell => (Role::Sold, value - counted_fee),
        };
        push(
            given.0,
            Action::Dispose {
                quantity: given.1,
                proceeds,
                role,
            },
        );
    }

    // A fee paid in an asset other than the received one is a disposal of that asset.
    if !t.fee.is_zero() && !fee_in_received && !fiat::is_fiat(&t.fee_currency) {
        push(
            &t.fee_currency,
            Action::Dispose {
                quantity: t.fee,
                proceeds: fee,
                role: Role::Fee,
            },
        );
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::trade;
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    fn events(t: Trade, value: Decimal, fee_value: Decimal) -> Vec<(String, Action)> {
        let v = TradeValue {
            tax_date: NaiveDate::from_ymd_opt(2025, 3, 7).unwrap(),
            value,
            fee_value,
        };
        build(&[t], &[v], &RuleBook::bundled())
            .unwrap()
            .events
            .into_iter()
            .map(|e| (e.asset.to_string(), e.action))
            .collect()
    }

    fn acq(q: Decimal, c: Decimal) -> Action {
        Action::Acquire {
            quantity: q,
            cost: c,
        }
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

    #[test]
    fn fiat_for_fiat_makes_no_event_and_warns() {
        let t = trade(Side::Buy, "USD", dec!(100), dec!(50000), "KZT");
        let v = TradeValue {
            tax_date: NaiveDate::from_ymd_opt(2025, 3, 7).unwrap(),
            value: dec!(50000),
            fee_value: dec!(0),
        };
        let out = build(&[t], &[v], &RuleBook::bundled()).unwrap();
        assert!(out.events.is_empty());
        assert_eq!(out.warnings[0].kind, WarningKind::FiatExchange);
    }

    #[test]
    fn a_fee_larger_than_what_arrives_is_an_error() {
        let t = trade(Side::Buy, "ETH", dec!(1), dec!(1000), "KZT").with_fee(dec!(1), "ETH");
        let v = TradeValue {
            tax_date: NaiveDate::from_ymd_opt(2025, 3, 7).unwrap(),
            value: dec!(1000),
            fee_value: dec!(1000),
        };
        let err = build(&[t], &[v], &RuleBook::bundled()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("t.csv:2: the fee is not smaller than the quantity received")
        );
    }
}
