//! Property tests of the matching invariants over generated trade histories: quantity and cost
//! are conserved, every gain is proceeds − cost, FIFO never takes a younger lot before an older
//! one, and the yearly totals are the sums of the disposals.

use proptest::prelude::*;
use rust_decimal::Decimal;
use salyq_core::engine::{self, Computation};
use salyq_core::import::{FileRole, Inputs};
use salyq_core::legs::Role;
use salyq_core::matching;
use salyq_core::settings::{Method, Settings};
use salyq_core::yearly::FeeSetting;
use std::collections::HashMap;
use std::fmt::Write;

/// One generated trade: day offset, buy?, asset index, quantity in thousandths, price, fee kind.
type Gen = (u32, bool, usize, u32, u32, u8);

const ASSETS: [&str; 3] = ["BTC", "ETH", "USDT"];

fn history() -> impl Strategy<Value = Vec<Gen>> {
    history_with_gaps(3)
}

/// Histories whose trades are up to `max_gap − 1` days apart.
fn history_with_gaps(max_gap: u32) -> impl Strategy<Value = Vec<Gen>> {
    prop::collection::vec(
        (
            0u32..max_gap,
            any::<bool>(),
            0usize..3,
            1u32..5000,
            1u32..100_000,
            0u8..4,
        ),
        1..60,
    )
}

/// Writes the history as a generic CSV in time order (file order = time order): day offsets
/// from 2025-10-15 (so histories cross into 2026), the i-th trade at 10:i.
fn csv(trades: &[Gen]) -> String {
    let mut s = String::from("date,side,asset,quantity,price,currency,fee,fee_currency\n");
    let mut day = 0;
    for (i, (gap, buy, asset, qty, price, fee)) in trades.iter().enumerate() {
        day += gap;
        let date = chrono::NaiveDate::from_ymd_opt(2025, 10, 15).unwrap() + chrono::Days::new(u64::from(day));
        let asset_code = ASSETS[*asset];
        // Pay in KZT, or (for BTC/ETH) in USDT; fees in KZT, the bought asset, or USDT.
        let currency = if *asset != 2 && i % 3 == 0 { "USDT" } else { "KZT" };
        let q = Decimal::new(i64::from(*qty), 3);
        let (fee_amount, fee_ccy) = match fee {
            1 => ("10".to_string(), "KZT"),
            2 if *buy => ((q / Decimal::from(100)).to_string(), asset_code),
            3 if currency == "USDT" => ("1".to_string(), "USDT"),
            _ => (String::new(), ""),
        };
        let side = if *buy { "buy" } else { "sell" };
        let _ = writeln!(
            s,
            "{date}T10:{:02}:00Z,{side},{asset_code},{q},{price},{currency},{fee_amount},{fee_ccy}",
            i
        );
    }
    s
}

/// The generated trade file with the dollar's rates of 2025 and 2026.
fn inputs_of(trades_csv: &str) -> Inputs {
    let mut inputs = Inputs::default();
    inputs
        .add_reader(trades_csv.as_bytes(), "gen.csv", FileRole::Trades)
        .expect("generated file reads");
    inputs
        .add_reader(
            "date,currency,rate\n2025,USD,500\n2026,USD,520\n".as_bytes(),
            "rates.csv",
            FileRole::Rates,
        )
        .unwrap();
    inputs
}

fn run(trades: &[Gen], method: Method) -> (Inputs, Computation) {
    let inputs = inputs_of(&csv(trades));
    let settings = Settings {
        method,
        ..Settings::default()
    };
    let c = engine::compute(&inputs, &settings).expect("generated history computes");
    (inputs, c)
}

fn events_total(inputs: &Inputs, c: &Computation) -> (HashMap<String, Decimal>, HashMap<String, Decimal>) {
    // Acquired quantity and cost per asset, recomputed from the legs.
    let rules = Settings::default().rules;
    let mut events = Vec::new();
    for (i, (t, v)) in inputs.trades.iter().zip(&c.values).enumerate() {
        salyq_core::legs::events_of(i, t, v, &rules, &mut events).unwrap();
    }
    let (mut qty, mut cost) = (HashMap::new(), HashMap::new());
    for e in &events {
        if let salyq_core::legs::Action::Acquire { quantity, cost: k } = e.action {
            *qty.entry(e.asset.to_string()).or_default() += quantity;
            *cost.entry(e.asset.to_string()).or_default() += k;
        }
    }
    (qty, cost)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn quantity_and_cost_are_conserved(trades in history(), m in 0usize..4) {
        let method = Method::ALL[m];
        let (inputs, c) = run(&trades, method);
        let (acquired, acquired_cost) = events_total(&inputs, &c);
        let mut sold_covered: HashMap<String, Decimal> = HashMap::new();
        let mut matched_cost: HashMap<String, Decimal> = HashMap::new();
        for d in &c.disposals {
            let from_lots: Decimal = c.lots(d).iter().map(|u| u.quantity).sum();
            // Σ matched = Σ sold, per disposal (the uncovered part has no lot).
            prop_assert_eq!(from_lots + c.uncovered(d), d.quantity);
            prop_assert_eq!(d.gain(), d.proceeds - d.cost);
            *sold_covered.entry(d.asset(&inputs.trades).to_string()).or_default() += from_lots;
            *matched_cost.entry(d.asset(&inputs.trades).to_string()).or_default() += c.lots(d).iter().map(|u| u.cost).sum::<Decimal>();
        }
        for (asset, bought) in &acquired {
            let held = c.holdings.iter().find(|h| &*h.asset == asset);
            let held_qty = held.map_or(Decimal::ZERO, |h| h.quantity);
            let held_cost = held.map_or(Decimal::ZERO, |h| h.cost);
            let lots_qty: Decimal = held.map_or(Decimal::ZERO, |h| h.lots.iter().map(|l| l.quantity).sum());
            // Lots left = bought − sold.
            prop_assert_eq!(held_qty, *bought - sold_covered.get(asset).copied().unwrap_or_default());
            prop_assert_eq!(lots_qty, held_qty);
            // Cost is conserved: what was paid = cost matched to disposals + cost still held.
            let diff = (acquired_cost[asset] - matched_cost.get(asset).copied().unwrap_or_default() - held_cost).abs();
            prop_assert!(diff < Decimal::new(1, 12), "{} cost leak {} under {}", asset, diff, method);
        }
    }

    #[test]
    fn fifo_never_takes_a_younger_lot_first(trades in history()) {
        let (inputs, c) = run(&trades, Method::Fifo);
        let mut last: HashMap<String, usize> = HashMap::new();
        for d in &c.disposals {
            for u in c.lots(d) {
                let asset = d.asset(&inputs.trades);
                let prev = last.entry(asset.to_string()).or_insert(0);
                prop_assert!(u.lot_trade() >= *prev, "{} took lot {} after lot {}", asset, u.lot_trade(), prev);
                *prev = u.lot_trade();
            }
        }
    }

    #[test]
    fn yearly_totals_are_sums_of_disposals(trades in history(), m in 0usize..4) {
        let (_, c) = run(&trades, Method::ALL[m]);
        for y in &c.years {
            let ds: Vec<_> = c.disposals.iter().filter(|d| chrono::Datelike::year(&d.date) == y.year).collect();
            prop_assert_eq!(y.totals.disposals, ds.len());
            prop_assert_eq!(y.totals.proceeds, ds.iter().map(|d| d.proceeds).sum::<Decimal>());
            prop_assert_eq!(y.totals.cost, ds.iter().map(|d| d.cost).sum::<Decimal>());
            prop_assert_eq!(y.totals.gains, ds.iter().map(|d| d.gain().max(Decimal::ZERO)).sum::<Decimal>());
            prop_assert_eq!(y.totals.losses, ds.iter().map(|d| d.gain().min(Decimal::ZERO)).sum::<Decimal>());
            prop_assert!(y.property_income >= Decimal::ZERO);
            prop_assert!(y.property_income <= y.totals.gains);
            prop_assert!(y.tax >= Decimal::ZERO);
        }
        // Fee disposals only come from trades with a fee.
        prop_assert!(c.disposals.iter().filter(|d| d.role == Role::Fee).all(|d| !d.quantity.is_zero()));
    }
}

/// The history with ETH booked as a security (a `kind` column), so that both fee settings
/// (sale-side fees of securities, crypto fees) have trades they govern, and BTC traded for
/// dollars.
fn run_mixed(
    trades: &[Gen],
    settings: &Settings,
) -> (Inputs, Result<Computation, salyq_core::error::InputErrors>) {
    let mut text = String::new();
    for (n, line) in csv(trades).lines().enumerate() {
        let kind = if n == 0 {
            "kind"
        } else if line.contains(",ETH,") {
            "security"
        } else {
            "crypto"
        };
        // BTC traded for dollars (fees in dollars too): sales whose gain the rule of 2025 on
        // works out in the currency.
        let line = if line.contains(",BTC,") {
            line.replace(",KZT", ",USD")
        } else {
            line.to_string()
        };
        let _ = writeln!(text, "{line},{kind}");
    }
    let inputs = inputs_of(&text);
    let c = engine::compute(&inputs, settings);
    (inputs, c)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The amounts one FIFO pass follows for several fee settings are those a separate FIFO
    /// matching under each setting gives, disposal by disposal and lot by lot.
    #[test]
    fn settings_in_one_pass_equal_separate_matchings(trades in history_with_gaps(8)) {
        let base = Settings::default();
        let (inputs, c) = run_mixed(&trades, &base);
        let Ok(c) = c else { return Ok(()) };
        let all = [base.clone(), engine::flipped(&base, FeeSetting::SaleFees), engine::flipped(&base, FeeSetting::CryptoFees)];
        let books: Vec<&salyq_core::rules::RuleBook> = all.iter().map(|s| &s.rules).collect();
        let no_haven = |_: usize, _: &str| false;
        // What the pass gives each setting, kept here as a matching keeps it: disposals, with
        // their lots' ranges into the setting's own list of lots.
        let mut got: Vec<(Vec<matching::Disposal>, Vec<matching::LotUse>)> = vec![Default::default(); books.len()];
        let mut sink = |b: usize, mut d: matching::Disposal, uses: &mut [matching::LotUse]| {
            let (disposals, lot_uses) = &mut got[b];
            let start = lot_uses.len();
            lot_uses.extend_from_slice(uses);
            d.lots = matching::range32(start..lot_uses.len());
            disposals.push(d);
        };
        matching::stream_fifo(&inputs.trades, &c.values, &books, None, &no_haven, &mut sink).unwrap();
        for (settings, (disposals, lot_uses)) in all.iter().zip(&got) {
            let separate = matching::match_trades(&inputs.trades, &c.values, &settings.rules, Method::Fifo).unwrap();
            prop_assert_eq!(disposals, &separate.disposals);
            prop_assert_eq!(lot_uses, &separate.lot_uses);
        }
    }

    /// Each year's "with the fee setting the other way" figures are the declared figures of
    /// the whole computation under that setting (trades up to a week apart, so that dollar
    /// lots of 2025 are sold in 2026, where the gain in the currency differs from the legs').
    #[test]
    fn fee_effects_are_the_computation_the_other_way(trades in history_with_gaps(8)) {
        let base = Settings::default();
        let (_, c) = run_mixed(&trades, &base);
        let Ok(c) = c else { return Ok(()) };
        for y in &c.years {
            for e in &y.fee_effects {
                let (_, other) = run_mixed(&trades, &engine::flipped(&base, e.setting));
                let other = other.expect("computes the other way too");
                let o = other.years.iter().find(|o| o.year == y.year);
                let (income, tax) = o.map_or((Decimal::ZERO, Decimal::ZERO), |o| (o.property_income - o.basic_deduction, o.tax));
                prop_assert_eq!(e.other_income, income, "{} {:?}", y.year, e.setting);
                prop_assert_eq!(e.other_tax, tax, "{} {:?}", y.year, e.setting);
            }
        }
    }
}

/// A generated trade, as its generic-format fields.
fn any_trade() -> impl Strategy<Value = salyq_core::model::Trade> {
    use salyq_core::model::{Kind, Side, Trade};
    let code = prop::sample::select(vec!["BTC", "ETH", "USDT", "KZT", "USD", "BRK.B", "1INCH"]);
    let amount = (1i64..10_000_000_000, 0u32..10).prop_map(|(m, s)| Decimal::new(m, s));
    let text = "[A-Za-z0-9 ,;\"'.:/А-Яа-яӘәҚқ-]{0,20}".prop_filter("not a formula", |s| {
        !s.starts_with(['=', '+', '-', '@', ' ']) && !s.ends_with(' ') && !s.contains("  ")
    });
    (
        (0i64..2_000_000_000, 0u32..1_000_000, -12i32..14),
        any::<bool>(),
        (code.clone(), code.clone(), code),
        (amount.clone(), amount.clone(), prop::option::of(amount)),
        (
            prop::option::of("[A-Za-z]{1,8}"),
            prop::option::of("[A-Za-z0-9][A-Za-z0-9-]{0,11}"),
            0usize..3,
            prop::option::of(text),
        ),
    )
        .prop_map(
            |(
                (secs, micros, hours),
                buy,
                (asset, currency, fee_ccy),
                (q, total, fee),
                (ex, id, kind, note),
            )| {
                let tz = chrono::FixedOffset::east_opt(hours * 3600).unwrap();
                let time = chrono::DateTime::from_timestamp(1_500_000_000 + secs, micros * 1000)
                    .unwrap()
                    .with_timezone(&tz);
                Trade {
                    file: "trades.csv".into(),
                    line: 0,
                    time,
                    side: if buy { Side::Buy } else { Side::Sell },
                    asset: asset.into(),
                    quantity: q,
                    total,
                    currency: currency.into(),
                    fee: fee.unwrap_or_default(),
                    fee_currency: if fee.is_some() {
                        fee_ccy.into()
                    } else {
                        currency.into()
                    },
                    exchange: ex.map(Into::into),
                    id: id.map(Into::into),
                    kind: Kind::ALL[kind],
                    note: note.filter(|n| !n.trim().is_empty()).map(|n| n.trim().into()),
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any trades written by Salyq's own exporter read back as the same trades. (Text that a
    /// spreadsheet would run as a formula, such as an id starting with `-`, is written with a
    /// leading `'` on purpose, so the generator leaves it out.)
    #[test]
    fn exported_trades_read_back_the_same(trades in prop::collection::vec(any_trade(), 0..30)) {
        let mut csv = Vec::new();
        salyq_core::export::write_trades(&mut csv, trades.iter()).unwrap();
        let mut inputs = Inputs::default();
        inputs.add_reader(csv.as_slice(), "trades.csv", FileRole::Trades).unwrap();
        prop_assert_eq!(inputs.trades.len(), trades.len());
        for (i, (a, b)) in trades.iter().zip(&inputs.trades).enumerate() {
            let expected = salyq_core::model::Trade {
                file: "trades.csv".into(),
                line: i as u32 + 2,
                ..a.clone()
            };
            prop_assert_eq!(&expected, b);
            prop_assert_eq!(a.time.offset(), b.time.offset());
        }
    }
}
