//! The matching methods against an independent booking.
//!
//! `Book` below is a reference implementation written for this test alone: it shares no code
//! with `crates/core/src/matching.rs`, keeps every lot in a plain list, and prices a part of a lot as
//! units × the lot's unit price (exact, since the generated prices are whole tenge). Generated
//! histories (buys and sells of three assets, quantities from 0.01 to 15, sales larger than
//! single lots and than the holding, several trades at one instant) are computed by the engine
//! and booked by hand; every disposal's proceeds, cost, gain and uncovered units, and every
//! remaining holding, must agree. The declared figures (`Computation::disposals`) must be the
//! FIFO booking whatever method is chosen; the chosen method's figures are the what-if.

use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use salyq_core::engine::{self, Computation};
use salyq_core::import::{FileRole, Inputs};
use salyq_core::settings::{Method, Settings};
use std::collections::BTreeMap;
use std::fmt::Write;

const ASSETS: [(&str, &str); 3] = [("BTC", "crypto"), ("ETH", "crypto"), ("KCEL", "security")];

/// One generated trade: minutes after the previous trade (0: the same instant), buy?, asset,
/// quantity in hundredths, unit price in whole tenge.
type Gen = (u8, bool, usize, u32, u32);

fn history() -> impl Strategy<Value = Vec<Gen>> {
    prop::collection::vec((0u8..3, any::<bool>(), 0usize..3, 1u32..1500, 1u32..1000), 1..50)
}

/// The history as a generic CSV in KZT without fees, in time order.
fn csv(trades: &[Gen]) -> String {
    let mut s = String::from("date,side,asset,quantity,total,currency,kind\n");
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 5)
        .unwrap()
        .and_hms_opt(5, 0, 0)
        .unwrap();
    let mut minutes = 0i64;
    for (gap, buy, asset, qty, price) in trades {
        minutes += i64::from(*gap);
        let time = start + chrono::Duration::minutes(minutes);
        let q = Decimal::new(i64::from(*qty), 2);
        let total = q * Decimal::from(*price);
        let (code, kind) = ASSETS[*asset];
        let side = if *buy { "buy" } else { "sell" };
        let _ = writeln!(
            s,
            "{}Z,{side},{code},{q},{total},KZT,{kind}",
            time.format("%Y-%m-%dT%H:%M:%S")
        );
    }
    s
}

fn compute(trades: &[Gen], method: Method) -> Computation {
    let mut inputs = Inputs::default();
    inputs
        .add_reader(csv(trades).as_bytes(), "gen.csv", FileRole::Trades)
        .expect("the generated file reads");
    let settings = Settings {
        method,
        ..Settings::default()
    };
    engine::compute(&inputs, &settings).expect("the generated history computes")
}

/// A lot of the reference booking: units left, unit price (whole tenge).
#[derive(Debug, Clone)]
struct RefLot {
    left: Decimal,
    price: Decimal,
}

/// A disposal of the reference booking.
#[derive(Debug, Clone, PartialEq)]
struct RefDisposal {
    row: usize,
    proceeds: Decimal,
    cost: Decimal,
    gain: Decimal,
    uncovered: Decimal,
}

/// The reference booking: per asset a list of lots in purchase order (and, for the average
/// method, the holding's units and cost).
#[derive(Default)]
struct Book {
    lots: BTreeMap<usize, Vec<RefLot>>,
    avg: BTreeMap<usize, (Decimal, Decimal)>,
}

fn tiyn(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

impl Book {
    fn buy(&mut self, asset: usize, q: Decimal, price: Decimal) {
        self.lots
            .entry(asset)
            .or_default()
            .push(RefLot { left: q, price });
        let a = self.avg.entry(asset).or_default();
        a.0 += q;
        a.1 += q * price;
    }

    /// Which lot to take from next, by the method's plain definition.
    fn pick(lots: &[RefLot], method: Method) -> Option<usize> {
        let open: Vec<usize> = (0..lots.len())
            .filter(|&i| lots[i].left > Decimal::ZERO)
            .collect();
        match method {
            // Oldest first (the average method draws units oldest first too).
            Method::Fifo | Method::Average => open.first().copied(),
            // Youngest first.
            Method::Lifo => open.last().copied(),
            // Highest unit price; of equal prices the oldest.
            Method::Hifo => {
                let mut best: Option<usize> = None;
                for i in open {
                    if best.is_none_or(|b| lots[i].price > lots[b].price) {
                        best = Some(i);
                    }
                }
                best
            }
        }
    }

    fn sell(&mut self, row: usize, asset: usize, q: Decimal, total: Decimal, method: Method) -> RefDisposal {
        let lots = self.lots.entry(asset).or_default();
        let mut left = q;
        let mut cost = Decimal::ZERO;
        while left > Decimal::ZERO {
            let Some(i) = Book::pick(lots, method) else { break };
            let take = left.min(lots[i].left);
            lots[i].left -= take;
            cost += take * lots[i].price;
            left -= take;
        }
        let taken = q - left;
        if method == Method::Average {
            // The share of the holding's cost: cost × taken / units held.
            let (units, c) = self.avg.entry(asset).or_default();
            cost = if taken == *units {
                *c
            } else if units.is_zero() {
                Decimal::ZERO
            } else {
                *c * taken / *units
            };
            *units -= taken;
            *c -= cost;
        }
        let (proceeds, cost) = (tiyn(total), tiyn(cost));
        RefDisposal {
            row,
            proceeds,
            cost,
            gain: proceeds - cost,
            uncovered: left,
        }
    }

    /// Units and cost held per asset code at the end.
    fn holdings(&self, method: Method) -> BTreeMap<String, (Decimal, Decimal)> {
        let mut out = BTreeMap::new();
        for (asset, lots) in &self.lots {
            let units: Decimal = lots.iter().map(|l| l.left).sum();
            if units.is_zero() {
                continue;
            }
            let cost = if method == Method::Average {
                self.avg[asset].1
            } else {
                lots.iter().map(|l| l.left * l.price).sum()
            };
            out.insert(ASSETS[*asset].0.to_string(), (units, cost));
        }
        out
    }
}

/// Books a whole history: at one instant, the buys first, then the sells, each in file order.
fn book(trades: &[Gen], method: Method) -> (Vec<RefDisposal>, BTreeMap<String, (Decimal, Decimal)>) {
    let mut b = Book::default();
    let mut out = Vec::new();
    let mut i = 0;
    while i < trades.len() {
        let mut j = i + 1;
        while j < trades.len() && trades[j].0 == 0 {
            j += 1;
        }
        for buys in [true, false] {
            for (row, (_, buy, asset, qty, price)) in trades.iter().enumerate().take(j).skip(i) {
                if *buy != buys {
                    continue;
                }
                let q = Decimal::new(i64::from(*qty), 2);
                let price = Decimal::from(*price);
                if *buy {
                    b.buy(*asset, q, price);
                } else {
                    out.push(b.sell(row, *asset, q, q * price, method));
                }
            }
        }
        i = j;
    }
    (out, b.holdings(method))
}

/// Asserts the engine's disposals and holdings equal the reference booking's. The average
/// method's cost share is a quotient the engine carries to 28 digits: at a half-tiyn boundary
/// the rounded cost may differ by one tiyn, so it is compared to within 0.01.
fn agree(
    disposals: &[salyq_core::matching::Disposal],
    lot_uses: &[salyq_core::matching::LotUse],
    holdings: &[salyq_core::matching::Holding],
    trades: &[Gen],
    method: Method,
) -> Result<(), TestCaseError> {
    let (want, want_holdings) = book(trades, method);
    prop_assert_eq!(disposals.len(), want.len(), "{} disposals", method);
    for (d, w) in disposals.iter().zip(&want) {
        prop_assert_eq!(d.trade(), w.row, "{}: processing order", method);
        prop_assert_eq!(d.proceeds, w.proceeds, "{} row {}: proceeds", method, w.row);
        if method == Method::Average {
            prop_assert!(
                (d.cost - w.cost).abs() <= dec!(0.01),
                "{} row {}: cost {} vs {}",
                method,
                w.row,
                d.cost,
                w.cost
            );
        } else {
            prop_assert_eq!(d.cost, w.cost, "{} row {}: cost", method, w.row);
            prop_assert_eq!(d.gain(), w.gain, "{} row {}: gain", method, w.row);
        }
        prop_assert_eq!(d.gain(), d.proceeds - d.cost);
        let uncovered = d.uncovered(&lot_uses[d.lots()]);
        prop_assert_eq!(uncovered, w.uncovered, "{} row {}: uncovered", method, w.row);
    }
    let got: BTreeMap<String, (Decimal, Decimal)> = holdings
        .iter()
        .map(|h| (h.asset.to_string(), (h.quantity, h.cost)))
        .collect();
    prop_assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want_holdings.keys().collect::<Vec<_>>()
    );
    for (asset, (q, c)) in &want_holdings {
        let (gq, gc) = got[asset];
        prop_assert_eq!(gq, *q, "{} {}: units held", method, asset);
        prop_assert!(
            (gc - c).abs() < dec!(0.000001),
            "{} {}: cost held {} vs {}",
            method,
            asset,
            gc,
            c
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Every method's what-if figures equal the reference booking, and the declared figures are
    /// the FIFO booking whatever method is chosen.
    #[test]
    fn every_method_agrees_with_the_reference_booking(trades in history(), m in 0usize..4) {
        let method = Method::ALL[m];
        let c = compute(&trades, method);
        agree(&c.disposals, &c.lot_uses, &c.holdings, &trades, Method::Fifo)?;
        match &c.what_if {
            None => prop_assert_eq!(method, Method::Fifo),
            Some(w) => {
                prop_assert_eq!(w.method, method);
                agree(&w.disposals, &w.lot_uses, &w.holdings, &trades, method)?;
                // The what-if sells exactly what the declared figures sell.
                let proceeds = |ds: &[salyq_core::matching::Disposal]| ds.iter().map(|d| d.proceeds).sum::<Decimal>();
                prop_assert_eq!(proceeds(&w.disposals), proceeds(&c.disposals));
            }
        }
    }

    /// Sales larger than any single lot, at one instant with their buys: still fully covered
    /// while the holding suffices, under every method.
    #[test]
    fn large_sales_at_one_instant_are_covered(lots in prop::collection::vec((1u32..300, 1u32..1000), 2..8), m in 0usize..4) {
        let method = Method::ALL[m];
        let held: u32 = lots.iter().map(|l| l.0).sum();
        let mut trades: Vec<Gen> = lots.iter().enumerate().map(|(i, (q, p))| (u8::from(i > 0) * (i as u8 % 2), true, 0, *q, *p)).collect();
        // One sale of everything but 0.01, at the instant of the last buy.
        trades.push((0, false, 0, held - 1, 2000));
        let c = compute(&trades, method);
        let d = c.what_if.as_ref().map_or(&c.disposals, |w| &w.disposals);
        let uses = c.what_if.as_ref().map_or(&c.lot_uses, |w| &w.lot_uses);
        prop_assert_eq!(d.len(), 1);
        prop_assert_eq!(d[0].uncovered(&uses[d[0].lots()]), Decimal::ZERO, "{}: nothing uncovered", method);
        agree(d, uses, c.what_if.as_ref().map_or(&c.holdings, |w| &w.holdings), &trades, method)?;
    }
}

/// The HIFO bug, worked by hand. Lots: 1 BTC at 100 (row 0, the oldest and dearest) and 2 BTC
/// at 50 (row 1, cost 100). A sale of 2 BTC at 300 (proceeds 600):
/// - right: HIFO takes 1 BTC at 100 from row 0, then 1 BTC at 50 from row 1 → cost 150,
///   gain 450, nothing uncovered; 1 BTC at 50 left (cost 50);
/// - before the fix: row 0, consumed and dropped from the front of the pool, left a stale entry
///   at the top of the cost heap whose index fell below the pool's start; the lookup gave up
///   there, so the second BTC was "uncovered" (cost 0) although row 1 still held 2 → cost 100,
///   gain 500, uncovered 1, and a false missing-purchase warning.
///
/// A second sale of 1 BTC at 300 takes row 1's last BTC → cost 50, gain 250 (before the fix the
/// same stale entry left it wholly uncovered: cost 0, gain 300).
#[test]
fn hifo_takes_the_next_lot_when_the_dearest_is_too_small() {
    let trades: Vec<Gen> = vec![
        (0, true, 0, 100, 100),  // 1 BTC at 100
        (1, true, 0, 200, 50),   // 2 BTC at 50
        (1, false, 0, 200, 300), // sell 2 at 300
        (1, false, 0, 100, 300), // sell 1 at 300
    ];
    let c = compute(&trades, Method::Hifo);
    let w = c.what_if.as_ref().expect("HIFO is a what-if");
    let d = &w.disposals;
    assert_eq!(
        (d[0].proceeds, d[0].cost, d[0].gain(), w.uncovered(&d[0])),
        (dec!(600), dec!(150), dec!(450), dec!(0))
    );
    assert_eq!(
        (d[1].proceeds, d[1].cost, d[1].gain(), w.uncovered(&d[1])),
        (dec!(300), dec!(50), dec!(250), dec!(0))
    );
    assert!(w.holdings.is_empty());
    assert!(
        c.warnings
            .iter()
            .all(|x| x.kind != salyq_core::warning::WarningKind::MissingPurchase),
        "no missing purchase: {:?}",
        c.warnings
    );
    // The declared figures are FIFO: row 0 (100) then 1 of row 1 (50) → the same 150 here, then
    // the last BTC of row 1 (50); FIFO and HIFO agree on this history by coincidence of order.
    assert_eq!((c.disposals[0].cost, c.disposals[1].cost), (dec!(150), dec!(50)));
}

/// FIFO, LIFO, HIFO and average on one history, worked by hand; the declared figure is FIFO's.
/// Buys: 1 BTC at 100 (day 1), 1 BTC at 300 (day 2), 1 BTC at 200 (day 3); sell 2 BTC for 1,000.
/// - FIFO: 100 + 300 = 400 → gain 600; left 1 at 200.
/// - LIFO: 200 + 300 = 500 → gain 500; left 1 at 100.
/// - HIFO: 300 + 200 = 500 → gain 500; left 1 at 100.
/// - average: 600 × 2/3 = 400 → gain 600; left 1 at 200.
///
/// 2026 tax at 10% on the gain (below 8,500 MCI): FIFO 60; the LIFO what-if 50 (−10).
#[test]
fn methods_by_hand_and_the_declared_figure_is_fifo() {
    let trades: Vec<Gen> = vec![
        (0, true, 0, 100, 100),
        (1, true, 0, 100, 300),
        (1, true, 0, 100, 200),
        (1, false, 0, 200, 500),
    ];
    for (method, cost, held) in [
        (Method::Fifo, dec!(400), dec!(200)),
        (Method::Lifo, dec!(500), dec!(100)),
        (Method::Hifo, dec!(500), dec!(100)),
        (Method::Average, dec!(400), dec!(200)),
    ] {
        let c = compute(&trades, method);
        assert_eq!(
            c.disposals[0].cost,
            dec!(400),
            "{method}: declared cost is FIFO's"
        );
        assert_eq!(c.years[0].tax, dec!(60), "{method}: declared tax is FIFO's");
        let (d, h) = match &c.what_if {
            Some(w) => (&w.disposals, &w.holdings),
            None => (&c.disposals, &c.holdings),
        };
        assert_eq!((d[0].cost, d[0].gain()), (cost, dec!(1000) - cost), "{method}");
        // Full precision: 600 − 600 × (2/3) carries the 28-digit quotient (199.99…98).
        assert_eq!(tiyn(h[0].cost), held, "{method}: cost held");
        if method == Method::Lifo {
            assert_eq!(c.what_if_year(2026).unwrap().tax, dec!(50));
        }
    }
}

/// The forms never see a what-if method: the 2026 draft under LIFO, HIFO or average has the
/// figures of the FIFO draft line for line (the history of
/// `methods_by_hand_and_the_declared_figure_is_fifo`, on no venue, which counts as abroad:
/// A_1_2 = 600, G = 600, H = 60), and an empty
/// year's draft names FIFO as its method.
#[test]
fn forms_are_drafted_from_fifo_whatever_the_method() {
    use salyq_core::forms::{self, LineId};
    use salyq_core::taxpayer::Taxpayer;
    let trades: Vec<Gen> = vec![
        (0, true, 0, 100, 100),
        (1, true, 0, 100, 300),
        (1, true, 0, 100, 200),
        (1, false, 0, 200, 500),
    ];
    let mut inputs = Inputs::default();
    inputs
        .add_reader(csv(&trades).as_bytes(), "gen.csv", FileRole::Trades)
        .unwrap();
    let draft = |method: Method, year: i32| {
        let settings = Settings {
            method,
            ..Settings::default()
        };
        let c = engine::compute(&inputs, &settings).unwrap();
        forms::draft(None, year, &inputs, &c, &settings, &Taxpayer::default())
    };
    let fifo = draft(Method::Fifo, 2026);
    assert_eq!(fifo.value(LineId::A_1_2), dec!(600));
    assert_eq!(fifo.value(LineId::G), dec!(600));
    assert_eq!(fifo.value(LineId::H), dec!(60));
    for method in [Method::Lifo, Method::Hifo, Method::Average] {
        let d = draft(method, 2026);
        let values = |d: &forms::FormDraft| d.figures.iter().map(|f| (f.id, f.value)).collect::<Vec<_>>();
        assert_eq!(values(&d), values(&fifo), "{method}");
        assert!(
            d.year_result.assumptions.iter().all(|a| !a.contains("what-if")),
            "{method}: {:?}",
            d.year_result.assumptions
        );
        let empty = draft(method, 2025);
        assert!(
            empty.year_result.assumptions[0].starts_with("Matching method: FIFO"),
            "{method}: {:?}",
            empty.year_result.assumptions
        );
    }
}
