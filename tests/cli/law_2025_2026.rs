//! The rules of the tax years 2025 and 2026 as the new Tax Code's text reads (crates/core/assets/rules.toml),
//! on small hand-worked histories written here: the gain in the trade's currency at the sale
//! year's average rate (NC Art. 382(7)), securities netted in one pool (NC 387(3)–(4)) or, in
//! 2025, only those of foreign issuers, the fee settings and their stated difference, the 2026
//! basic deduction (NC 401(2)(2), 403) and a year without an MCI. Every figure is worked out by
//! hand in the comment above its assertion. Trades are at 10:00 UTC or later, so the tax date
//! (UTC+5) is the date written.

use rust_decimal::Decimal;
use salyq_core::engine::{self, Computation};
use salyq_core::forms::{self, FormCode, FormDraft, LineId, Note};
use salyq_core::import::{FileRole, Inputs};
use salyq_core::rules::{FeeRule, FxGain};
use salyq_core::settings::{Method, Settings};
use salyq_core::taxpayer::Taxpayer;
use salyq_core::warning::WarningKind;
use salyq_core::yearly::{Assumption, FeeSetting, YearResult};
use serde_json::Value;
use std::process::Command;

/// USD rates: a daily rate for Friday 2024-05-31 (450) and the annual averages of 2024 (460),
/// 2025 (500) and 2026 (520).
const RATES: &str = "date,currency,rate\n2024-05-31,USD,450\n2024,USD,460\n2025,USD,500\n2026,USD,520\n";

fn inputs(trades: &str) -> Inputs {
    let mut i = Inputs::default();
    i.add_reader(RATES.as_bytes(), "rates.csv", FileRole::Auto)
        .expect("rates load");
    i.add_reader(trades.as_bytes(), "t.csv", FileRole::Auto)
        .expect("trades load");
    i
}

fn compute(trades: &str, settings: &Settings) -> (Inputs, Computation) {
    let i = inputs(trades);
    let c = engine::compute(&i, settings).expect("computes");
    (i, c)
}

fn year(c: &Computation, y: i32) -> &YearResult {
    c.years
        .iter()
        .find(|r| r.year == y)
        .expect("the year has disposals")
}

fn kzt(x: i64) -> Decimal {
    Decimal::from(x)
}

fn draft(trades: &str, settings: &Settings, y: i32) -> FormDraft {
    let (i, c) = compute(trades, settings);
    forms::draft(Some(FormCode::F270), y, &i, &c, settings, &Taxpayer::default())
}

const HEADER: &str = "date,side,asset,quantity,total,currency,fee,fee_currency,exchange,kind,note\n";

// ---------------------------------------------------------------------------------------------
// 1. Foreign currency
// ---------------------------------------------------------------------------------------------

/// USD 100 of AAPL bought in 2025, sold for 110 in 2026.
fn usd_2025_2026() -> String {
    format!(
        "{HEADER}2025-03-03T10:00:00Z,buy,AAPL,1,100,USD,,,Freedom,security,\n\
         2026-03-02T10:00:00Z,sell,AAPL,1,110,USD,,,Freedom,security,\n"
    )
}

#[test]
fn a_usd_gain_is_converted_once_at_the_sale_years_average() {
    // Gain in dollars 110 − 100 = 10, × the 2026 average 520 = 5,200. Cost 100 × 520 = 52,000,
    // proceeds 110 × 520 = 57,200. (Each leg at its own year's average: 57,200 − 100 × 500 =
    // 7,200.) Tax 10% of 5,200 = 520.
    let (_, c) = compute(&usd_2025_2026(), &Settings::default());
    let d = &c.disposals[0];
    assert_eq!(
        (d.proceeds, d.cost, d.gain()),
        (kzt(57_200), kzt(52_000), kzt(5_200))
    );
    // The lot consumed is revalued alike: the audit trail adds up to the disposal's cost.
    assert_eq!(c.lots(d)[0].cost, kzt(52_000));
    let g = c.fx_gain(0).expect("valued in its currency");
    assert_eq!(
        (g.currency.as_ref(), g.rate, g.proceeds, g.cost),
        ("USD", kzt(520), kzt(110), kzt(100))
    );
    let y = year(&c, 2026);
    assert_eq!(y.tax, kzt(520));
    assert_eq!(y.fx_gain.expect("counted").in_currency, 1);
    assert!(
        y.assumptions
            .iter()
            .any(|a| a.contains("NC Art. 382(7)") && a.contains("1 disposal(s) valued in their currency")),
        "{:?}",
        y.assumptions
    );

    // With the rule set to per leg, the old figure: 7,200.
    let mut per_leg = Settings::default();
    per_leg.rules.for_all_years(|y| y.fx_gain.value = FxGain::PerLeg);
    let (_, c) = compute(&usd_2025_2026(), &per_leg);
    assert_eq!(c.disposals[0].gain(), kzt(7_200));
    assert!(c.fx_gain(0).is_none());
}

#[test]
fn a_2024_lot_sold_in_2025_takes_the_2025_average_and_2024_stays_per_leg() {
    // Lot: Monday 2024-06-03, 100 USD at the rate of Friday 05-31 (450) = 45,000 per leg.
    // 2024 sale of half of a second lot on the same day for 60 USD: per leg (2024 rule): proceeds
    // 60 × 450 = 27,000, cost 50 × 450 = 22,500, gain 4,500 — unchanged by the new rule.
    // 2025 sale for 120 USD: (120 − 100) × 500 = 10,000 (per leg 60,000 − 45,000 = 15,000).
    let trades = format!(
        "{HEADER}2024-06-03T10:00:00Z,buy,AAPL,1,100,USD,,,Freedom,security,\n\
         2024-06-03T10:00:00Z,buy,MSFT,2,100,USD,,,Freedom,security,\n\
         2024-06-03T11:00:00Z,sell,MSFT,1,60,USD,,,Freedom,security,\n\
         2025-04-01T10:00:00Z,sell,AAPL,1,120,USD,,,Freedom,security,\n"
    );
    let (_, c) = compute(&trades, &Settings::default());
    let gains: Vec<Decimal> = c.disposals.iter().map(|d| d.gain()).collect();
    assert_eq!(gains, [kzt(4_500), kzt(10_000)]);
    assert_eq!(c.disposals[1].cost, kzt(50_000));
    assert!(c.fx_gain(0).is_none() && c.fx_gain(1).is_some());
}

#[test]
fn a_lot_bought_in_tenge_and_sold_for_dollars_is_valued_per_leg_and_said_so() {
    // Bought for 45,000 KZT in 2025, sold for 110 USD in 2026: the currencies differ, so each
    // leg keeps its value: 110 × 520 = 57,200 − 45,000 = 12,200; the assumption counts it.
    let trades = format!(
        "{HEADER}2025-03-03T10:00:00Z,buy,AAPL,1,45000,KZT,,,Freedom,security,\n\
         2026-03-02T10:00:00Z,sell,AAPL,1,110,USD,,,Freedom,security,\n"
    );
    let (_, c) = compute(&trades, &Settings::default());
    assert_eq!(c.disposals[0].gain(), kzt(12_200));
    let counts = year(&c, 2026).fx_gain.expect("counted");
    assert_eq!((counts.in_currency, counts.other_currency), (0, 1));
    assert!(year(&c, 2026).assumptions.iter().any(|a| {
        a.contains("1 sale(s) of lots bought in another currency (or in tenge) valued per leg [U]")
    }));
}

#[test]
fn crypto_priced_through_a_stablecoin_stays_per_leg() {
    // BTC bought for 1,000 USDT in 2025 (at par: 1,000 × 500 = 500,000) and sold for 1,100 USDT in
    // 2026 (1,100 × 520 = 572,000): no fiat side, so per leg: gain 72,000 (BTC); the USDT legs
    // are disposals too. The year counts them as priced.
    let trades = format!(
        "{HEADER}2025-01-10T10:00:00Z,buy,USDT,1000,500000,KZT,,,Binance,crypto,\n\
         2025-03-03T10:00:00Z,buy,BTC,0.01,1000,USDT,,,Binance,crypto,\n\
         2026-03-02T10:00:00Z,sell,BTC,0.01,1100,USDT,,,Binance,crypto,\n"
    );
    let (effective, c) = compute(&trades, &Settings::default());
    let btc = c
        .disposals
        .iter()
        .find(|d| &**d.asset(&effective.trades) == "BTC")
        .expect("BTC sale");
    assert_eq!(btc.gain(), kzt(72_000));
    assert_eq!(year(&c, 2026).fx_gain.expect("counted").priced, 1);
}

#[test]
fn fees_in_the_currency_count_in_the_currency() {
    // 2025: 10 AAPL for 1,000 USD, fee 2 USD → cost 1,002 USD (the purchase commission is cost,
    // NC 387(6)(1)). 2026: sold for 1,200 USD, fee 3 USD → proceeds 1,197 USD. Gain (1,197 −
    // 1,002) × 520 = 101,400; proceeds 622,440, cost 521,040.
    let trades = format!(
        "{HEADER}2025-03-03T10:00:00Z,buy,AAPL,10,1000,USD,2,USD,Freedom,security,\n\
         2026-03-02T10:00:00Z,sell,AAPL,10,1200,USD,3,USD,Freedom,security,\n"
    );
    let (_, c) = compute(&trades, &Settings::default());
    let d = &c.disposals[0];
    assert_eq!(
        (d.proceeds, d.cost, d.gain()),
        (kzt(622_440), kzt(521_040), kzt(101_400))
    );
    // Tax 10,140; without the sale fee: (1,200 − 1,002) × 520 = 102,960 → tax 10,296. The
    // assumption of the sale-fee setting states both.
    let y = year(&c, 2026);
    assert_eq!(y.tax, kzt(10_140));
    let e = y
        .fee_effects
        .iter()
        .find(|e| e.setting == FeeSetting::SaleFees)
        .expect("the sale fee's effect");
    assert_eq!(
        (e.used, e.income, e.tax),
        (FeeRule::Include, kzt(101_400), kzt(10_140))
    );
    assert_eq!((e.other_income, e.other_tax), (kzt(102_960), kzt(10_296)));
    assert!(
        y.assumptions
            .iter()
            .any(|a| a.contains("Sale-side fees of securities: include")
                && a.contains("without them: 102,960.00 KZT, tax 10,296 KZT"))
    );
    // With the sale fee excluded, the other way round.
    let mut s = Settings::default();
    s.rules.for_all_years(|y| y.sale_fees.value = FeeRule::Exclude);
    let (_, c) = compute(&trades, &s);
    assert_eq!(c.disposals[0].gain(), kzt(102_960));
    let e = year(&c, 2026).fee_effects[0];
    assert_eq!((e.other_income, e.other_tax), (kzt(101_400), kzt(10_140)));
}

#[test]
fn crypto_fees_are_their_own_setting() {
    // 2026, in tenge: BTC bought for 1,000,000 fee 1,000, sold for 1,200,000 fee 1,200.
    // Crypto fees included: gain 1,198,800 − 1,001,000 = 197,800, tax 19,780; without them
    // 200,000, tax 20,000. A security's purchase commission is unaffected by this setting.
    let trades = format!(
        "{HEADER}2026-02-02T10:00:00Z,buy,BTC,1,1000000,KZT,1000,KZT,Ataix,crypto,\n\
         2026-03-02T10:00:00Z,sell,BTC,1,1200000,KZT,1200,KZT,Ataix,crypto,\n"
    );
    let (_, c) = compute(&trades, &Settings::default());
    let y = year(&c, 2026);
    assert_eq!(y.tax, kzt(19_780));
    let e = y
        .fee_effects
        .iter()
        .find(|e| e.setting == FeeSetting::CryptoFees)
        .expect("the crypto fee's effect");
    assert_eq!((e.other_income, e.other_tax), (kzt(200_000), kzt(20_000)));
    assert!(y.fee_effects.iter().all(|e| e.setting != FeeSetting::SaleFees));
}

#[test]
fn the_average_method_values_per_leg_and_says_so() {
    // Weighted average costs are not traced to single lots: the average what-if is valued per
    // leg, 7,200 (see above); the declared figures stay FIFO, in dollars: 10 × 520 = 5,200.
    let s = Settings {
        method: Method::Average,
        ..Settings::default()
    };
    let (_, c) = compute(&usd_2025_2026(), &s);
    assert_eq!(c.disposals[0].gain(), kzt(5_200));
    let w = c.what_if.as_deref().expect("the average what-if");
    assert_eq!(w.disposals[0].gain(), kzt(7_200));
    let wy = w.year(2026).expect("2026 under the what-if");
    assert!(wy.fx_gain.expect("counted").average_method);
}

// ---------------------------------------------------------------------------------------------
// 2. Securities netting
// ---------------------------------------------------------------------------------------------

/// +1,000,000 on Freedom (Kazakhstan) and −1,000,000 on IBKR (unlisted: abroad), in tenge.
fn plus_and_minus(y: i32, note: &str) -> String {
    format!(
        "{HEADER}{y}-02-02T10:00:00Z,buy,KSPI,1,1000000,KZT,,,Freedom,security,{note}\n\
         {y}-03-02T10:00:00Z,sell,KSPI,1,2000000,KZT,,,Freedom,security,{note}\n\
         {y}-02-02T10:00:00Z,buy,MSFT,1,2000000,KZT,,,IBKR,security,\n\
         {y}-03-02T10:00:00Z,sell,MSFT,1,1000000,KZT,,,IBKR,security,\n"
    )
}

#[test]
fn in_2026_every_security_is_one_pool_across_countries() {
    // 2026: +1,000,000 in Kazakhstan, −1,000,000 abroad: one pool, 0 → tax 0 (netted by country
    // it was 1,000,000 → 100,000). A_1_1 = A_1_2 = 0.
    let (_, c) = compute(&plus_and_minus(2026, ""), &Settings::default());
    let y = year(&c, 2026);
    assert_eq!((y.property_income, y.tax), (kzt(0), kzt(0)));
    assert!(
        y.assumption_items
            .iter()
            .any(|a| matches!(a, Assumption::PoolSplit { results, .. } if *results == [kzt(1_000_000), kzt(-1_000_000)]))
    );
}

#[test]
fn the_pooled_income_goes_to_the_positive_country() {
    // 2026: Kazakhstan +300,000; abroad −100,000. Pool 200,000, all of it on A_1_1 (the only
    // positive country result: 200,000 × 300,000 / 300,000); A_1_2 0. D = G = 200,000, H 20,000.
    let trades = format!(
        "{HEADER}2026-02-02T10:00:00Z,buy,KSPI,1,700000,KZT,,,Freedom,security,\n\
         2026-03-02T10:00:00Z,sell,KSPI,1,1000000,KZT,,,Freedom,security,\n\
         2026-02-02T10:00:00Z,buy,MSFT,1,500000,KZT,,,IBKR,security,\n\
         2026-03-02T10:00:00Z,sell,MSFT,1,400000,KZT,,,IBKR,security,\n"
    );
    let d = draft(&trades, &Settings::default(), 2026);
    assert_eq!(d.value(LineId::A_1_1), kzt(200_000));
    assert_eq!(d.value(LineId::A_1_2), kzt(0));
    assert_eq!(d.value(LineId::G), kzt(200_000));
    assert_eq!(d.value(LineId::H), kzt(20_000));
    assert!(
        d.year_result
            .assumptions
            .iter()
            .any(|a| a.contains("pro rata") && a.contains("A_1_1 200,000.00 KZT, A_1_2 0.00 KZT"))
    );
}

#[test]
fn the_pro_rata_split_of_two_positive_countries() {
    // Kazakhstan +300,000 and +100,000 abroad with −50,000 abroad (abroad +50,000): pool 350,000,
    // shares 350,000 × 300,000 / 350,000 = 300,000 and the remainder 50,000.
    assert_eq!(
        salyq_core::yearly::pro_rata(kzt(350_000), &[kzt(300_000), kzt(50_000)]),
        [kzt(300_000), kzt(50_000)]
    );
    // 100 over weights 1 and 2: 33.33 and the remainder 66.67; a negative weight gets 0.
    assert_eq!(
        salyq_core::yearly::pro_rata(kzt(100), &[kzt(1), kzt(2), kzt(-5)]),
        [Decimal::new(3333, 2), Decimal::new(6667, 2), kzt(0)]
    );
}

#[test]
fn in_2025_only_foreign_issuers_are_netted() {
    // 2025, no ISIN: both count as foreign issuers' securities: pooled, 0, tax 0.
    let (_, c) = compute(&plus_and_minus(2025, ""), &Settings::default());
    assert_eq!(year(&c, 2025).tax, kzt(0));
    // The Kazakhstan one with a KZ ISIN is a resident issuer's: per sale, +1,000,000; the foreign
    // pool is −1,000,000 → 0. Property income 1,000,000, tax 100,000.
    let (_, c) = compute(&plus_and_minus(2025, "ISIN KZ1C00000876"), &Settings::default());
    let y = year(&c, 2025);
    assert_eq!((y.property_income, y.tax), (kzt(1_000_000), kzt(100_000)));
    assert!(y.assumption_items.iter().any(|a| matches!(
        a,
        Assumption::ForeignIssuers {
            foreign: 1,
            resident: 1
        }
    )));
}

#[test]
fn exempt_securities_of_2026_are_netted_apart_then_taken_off() {
    // KASE (exempt by default): +500,000 and −200,000 → netted among themselves 300,000, declared
    // on A_1_1 and taken off on E_1 (each alone it was 500,000). A taxable +100,000 abroad stays
    // out of their netting: A_1_2 100,000. D 400,000, E 300,000, G 100,000, H 10,000.
    let trades = format!(
        "{HEADER}2026-02-02T10:00:00Z,buy,HSBK,1,1000000,KZT,,,KASE,security,\n\
         2026-03-02T10:00:00Z,sell,HSBK,1,1500000,KZT,,,KASE,security,\n\
         2026-02-02T10:00:00Z,buy,KCEL,1,1000000,KZT,,,KASE,security,\n\
         2026-03-02T10:00:00Z,sell,KCEL,1,800000,KZT,,,KASE,security,\n\
         2026-02-02T10:00:00Z,buy,MSFT,1,500000,KZT,,,IBKR,security,\n\
         2026-03-02T10:00:00Z,sell,MSFT,1,600000,KZT,,,IBKR,security,\n"
    );
    let d = draft(&trades, &Settings::default(), 2026);
    assert_eq!(d.value(LineId::A_1_1), kzt(300_000));
    assert_eq!(d.value(LineId::A_1_2), kzt(100_000));
    assert_eq!(d.value(LineId::E_1), kzt(300_000));
    assert_eq!(d.value(LineId::G), kzt(100_000));
    assert_eq!(d.value(LineId::H), kzt(10_000));
}

// ---------------------------------------------------------------------------------------------
// 5. Basic deduction
// ---------------------------------------------------------------------------------------------

/// A 2026 gain of 2,000,000 (BTC on Ataix, in tenge).
fn gain_2026(gain: i64) -> String {
    format!(
        "{HEADER}2026-02-02T10:00:00Z,buy,BTC,1,1000000,KZT,,,Ataix,crypto,\n\
         2026-03-02T10:00:00Z,sell,BTC,1,{},KZT,,,Ataix,crypto,\n",
        1_000_000 + gain
    )
}

fn with_months(m: u8) -> Settings {
    let mut s = Settings::default();
    s.basic_deduction_months.insert(2026, m);
    s
}

#[test]
fn twelve_months_of_basic_deduction_in_2026() {
    // F_1 = min(12 × 30, 360) MCI × 4,325 = 1,557,000 = F; G = 2,000,000 − 1,557,000 = 443,000;
    // H = 10% = 44,300 = K.
    let d = draft(&gain_2026(2_000_000), &with_months(12), 2026);
    assert_eq!(d.value(LineId::F_1), kzt(1_557_000));
    assert_eq!(d.value(LineId::F), kzt(1_557_000));
    assert_eq!(d.value(LineId::G), kzt(443_000));
    assert_eq!(d.value(LineId::H), kzt(44_300));
    assert_eq!(d.value(LineId::K), kzt(44_300));
    assert_eq!(d.year_result.tax, kzt(44_300));
    assert!(
        d.notes
            .iter()
            .any(|n| matches!(n, Note::BasicDeduction { months: 12, .. }))
    );
}

#[test]
fn five_months_and_a_deduction_above_the_income() {
    // 5 months: 150 MCI × 4,325 = 648,750; G = 1,351,250; H = 135,125.
    let d = draft(&gain_2026(2_000_000), &with_months(5), 2026);
    assert_eq!(d.value(LineId::F_1), kzt(648_750));
    assert_eq!(d.value(LineId::H), kzt(135_125));
    // A gain of 1,000,000 with 12 months: F_1 is capped at D − E = 1,000,000; G = 0, H = 0.
    let d = draft(&gain_2026(1_000_000), &with_months(12), 2026);
    assert_eq!(d.value(LineId::F_1), kzt(1_000_000));
    assert_eq!((d.value(LineId::G), d.value(LineId::H)), (kzt(0), kzt(0)));
}

#[test]
fn with_no_month_entered_the_draft_says_what_claiming_would_save() {
    // No month: F_1 = 0, H = 200,000; 12 months would make it 44,300: a saving of 155,700.
    let d = draft(&gain_2026(2_000_000), &Settings::default(), 2026);
    assert_eq!(d.value(LineId::F_1), kzt(0));
    assert_eq!(d.value(LineId::H), kzt(200_000));
    assert!(
        d.notes.iter().any(
            |n| matches!(n, Note::BasicDeduction { months: 0, saving: Some(s), .. } if *s == kzt(155_700))
        )
    );
    assert!(
        d.notes
            .iter()
            .any(|n| n.to_string().contains("for 12 months it would save 155,700 KZT"))
    );
    assert_eq!(d.year_result.basic_deduction_saving, Some(kzt(155_700)));
}

#[test]
fn a_2025_year_has_no_basic_deduction_in_the_rule_book() {
    // Months entered for 2025: no rule, nothing taken off, and the assumptions say so.
    let trades = gain_2026(2_000_000).replace("2026-", "2025-");
    let mut s = Settings::default();
    s.basic_deduction_months.insert(2025, 12);
    let (_, c) = compute(&trades, &s);
    let y = year(&c, 2025);
    assert_eq!((y.basic_deduction, y.tax), (kzt(0), kzt(200_000)));
    assert!(y.assumption_items.iter().any(|a| matches!(
        a,
        Assumption::NoBasicDeduction {
            year: 2025,
            months: 12
        }
    )));
}

// ---------------------------------------------------------------------------------------------
// 9. A year without an MCI
// ---------------------------------------------------------------------------------------------

#[test]
fn a_2027_sale_says_that_its_mci_was_borrowed() {
    // 2027 is not in the rule book: the 2026 rules apply, MCI 4,325 included, and the warning and
    // the assumptions say so instead of borrowing silently.
    let trades = gain_2026(100_000).replace("2026-", "2027-");
    let (_, c) = compute(&trades, &Settings::default());
    let w = c
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::NoRulesForYear)
        .expect("warned");
    assert!(
        w.message.contains("no MCI of 2027 is in the rule book"),
        "{}",
        w.message
    );
    assert!(w.message.contains("(4,325 KZT)"), "{}", w.message);
    assert!(
        year(&c, 2027)
            .assumptions
            .iter()
            .any(|a| a.contains("its MCI included"))
    );
}

// ---------------------------------------------------------------------------------------------
// The command line: flags and JSON fields
// ---------------------------------------------------------------------------------------------

fn cli(files: &[(&str, &str)], args: &[&str]) -> (Value, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut paths = Vec::new();
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::write(&p, text).expect("write");
        paths.push(p);
    }
    let out = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .args(args)
        .args(&paths)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (serde_json::from_slice(&out.stdout).expect("JSON"), dir)
}

#[test]
fn report_json_carries_the_deduction_and_the_currency_valuation() {
    // 2026 gain 2,000,000 with --basic-deduction-months 12: deduction 1,557,000, taxable
    // 443,000, tax 44,300.
    let (v, _d) = cli(
        &[("t.csv", &gain_2026(2_000_000)), ("rates.csv", RATES)],
        &["report", "--json", "--basic-deduction-months", "12"],
    );
    let y = &v["years"][0];
    assert_eq!(y["basic_deduction_months"], 12);
    assert_eq!(y["basic_deduction_kzt"], "1557000.00");
    assert_eq!(y["taxable_income_kzt"], "443000.00");
    assert_eq!(y["tax_kzt"], "44300");
    assert_eq!(y["rules"]["basic_deduction"]["max_mci"], "360");
    assert_eq!(y["rules"]["fx_gain"]["value"], "sale_year_average");
    assert_eq!(y["rules"]["fx_gain"]["confidence"], "L");

    // The USD case: the disposal says how it was valued: 110 − 100 USD at 520.
    let (v, _d) = cli(
        &[("t.csv", &usd_2025_2026()), ("rates.csv", RATES)],
        &["report", "--json"],
    );
    let d = &v["disposals"][0];
    assert_eq!(d["gain_kzt"], "5200.00");
    assert_eq!(d["fx_gain"]["currency"], "USD");
    assert_eq!(d["fx_gain"]["rate"], "520");
    assert_eq!(d["fx_gain"]["proceeds"], "110");
    assert_eq!(d["fx_gain"]["cost"], "100");
    assert_eq!(d["lots"][0]["cost_kzt"], "52000.00");
    // Only 2026 has a disposal.
    assert_eq!(v["years"][0]["year"], 2026);
    assert_eq!(v["years"][0]["fx_gain"]["in_currency"], 1);
    // --fx-gain per-leg gives the per-leg figure.
    let (v, _d) = cli(
        &[("t.csv", &usd_2025_2026()), ("rates.csv", RATES)],
        &["report", "--json", "--fx-gain", "per-leg"],
    );
    assert_eq!(v["disposals"][0]["gain_kzt"], "7200.00");
    assert_eq!(v["disposals"][0]["fx_gain"], Value::Null);
}

#[test]
fn forms_json_has_f_1_and_the_case_stores_the_months() {
    // `forms --year 2026 --json --basic-deduction-months 12`: F_1 1,557,000, G 443,000, H 44,300.
    let (v, dir) = cli(
        &[("t.csv", &gain_2026(2_000_000)), ("rates.csv", RATES)],
        &[
            "forms",
            "--year",
            "2026",
            "--json",
            "--basic-deduction-months",
            "12",
        ],
    );
    let value = |line: &str| {
        crate::common::figure(&v, line)["value_kzt"]
            .as_str()
            .map(str::to_string)
    };
    assert_eq!(value("F_1").as_deref(), Some("1557000"));
    assert_eq!(value("F").as_deref(), Some("1557000"));
    assert_eq!(value("G").as_deref(), Some("443000"));
    assert_eq!(value("H").as_deref(), Some("44300"));
    assert_eq!(v["basic_deduction_months"], 12);

    // A case: `case report --basic-deduction-months 12` stores the months for the case's tax
    // year, and a later `case forms` without the flag uses them.
    let case = dir.path().join("c.salyq");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_salyq"))
            .args(args)
            .output()
            .expect("runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let t = dir.path().join("t.csv");
    let r = dir.path().join("rates.csv");
    let (case_s, t_s, r_s) = (
        case.to_str().expect("path"),
        t.to_str().expect("path"),
        r.to_str().expect("path"),
    );
    run(&["case", "new", case_s, "--year", "2026", t_s, "--rates", r_s]);
    let out = run(&[
        "case",
        "report",
        case_s,
        "--json",
        "--basic-deduction-months",
        "12",
    ]);
    let v: Value = serde_json::from_slice(&out).expect("JSON");
    assert_eq!(v["years"][0]["tax_kzt"], "44300");
    let shown = String::from_utf8(run(&["case", "show", case_s])).expect("UTF-8");
    assert!(shown.contains("Basic deduction 2026: 12 month(s)"), "{shown}");
    let out = run(&["case", "forms", case_s, "--json"]);
    let v: Value = serde_json::from_slice(&out).expect("JSON");
    assert_eq!(v["basic_deduction_months"], 12);
    let f1 = crate::common::figure(&v, "F_1");
    assert_eq!(f1["value_kzt"], "1557000");
}

// ---------------------------------------------------------------------------------------------
// The currency rule against an independent booking in dollars
// ---------------------------------------------------------------------------------------------

mod booking {
    use super::*;
    use proptest::prelude::*;
    use std::collections::VecDeque;

    /// One operation: buy or sell `qty` at `price` USD with a `fee` in USD.
    #[derive(Debug, Clone)]
    struct Op {
        buy: bool,
        qty: u32,
        price: u32,
        fee: u32,
    }

    fn op() -> impl Strategy<Value = Op> {
        (any::<bool>(), 1u32..6, 50u32..200, 0u32..4).prop_map(|(buy, qty, price, fee)| Op {
            buy,
            qty,
            price,
            fee,
        })
    }

    fn round(x: Decimal) -> Decimal {
        x.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Trades of one security in USD over 2025 (average 500) and 2026 (520), FIFO: every
        /// sale's proceeds are (total − fee) × the sale year's rate and its cost the dollars of
        /// the lots it took (booked here in dollars, oldest first) × that rate.
        #[test]
        fn every_sale_is_its_dollars_times_the_sale_years_average(
            ops_2025 in prop::collection::vec(op(), 1..8),
            ops_2026 in prop::collection::vec(op(), 0..8),
        ) {
            let mut csv = HEADER.to_string();
            let mut lots: VecDeque<(Decimal, Decimal)> = VecDeque::new(); // (qty, cost in USD)
            let mut expected = Vec::new(); // (proceeds, cost) in KZT, one per sale
            let mut held = 0u32;
            let days = ops_2025.iter().map(|o| (2025, o)).chain(ops_2026.iter().map(|o| (2026, o)));
            for (i, (year, o)) in days.enumerate() {
                let rate = if year == 2025 { kzt(500) } else { kzt(520) };
                let total = Decimal::from(o.qty * o.price);
                let fee = Decimal::from(o.fee);
                let sell = !o.buy && held >= o.qty;
                let side = if sell { "sell" } else { "buy" };
                let date = format!("{year}-01-01T10:00:00Z");
                let date = date.replace("01-01T10", &format!("{:02}-{:02}T10", 1 + i / 28, 1 + i % 28));
                csv.push_str(&format!(
                    "{date},{side},AAPL,{},{total},USD,{fee},USD,Freedom,security,\n",
                    o.qty
                ));
                let q = Decimal::from(o.qty);
                if sell {
                    held -= o.qty;
                    let mut left = q;
                    let mut cost = Decimal::ZERO;
                    while left > Decimal::ZERO {
                        let (lq, lc) = lots.front_mut().expect("held");
                        let take = left.min(*lq);
                        let part = if take == *lq { *lc } else { *lc * take / *lq };
                        *lq -= take;
                        *lc -= part;
                        cost += part;
                        left -= take;
                        if lq.is_zero() {
                            lots.pop_front();
                        }
                    }
                    expected.push((round((total - fee) * rate), round(cost * rate)));
                } else {
                    held += o.qty;
                    lots.push_back((q, total + fee));
                }
            }
            let (_, c) = compute(&csv, &Settings::default());
            prop_assert_eq!(c.disposals.len(), expected.len());
            for (k, (d, (proceeds, cost))) in c.disposals.iter().zip(&expected).enumerate() {
                prop_assert_eq!(d.proceeds, *proceeds);
                prop_assert!((d.cost - *cost).abs() <= Decimal::new(1, 2), "{} vs {}", d.cost, cost);
                prop_assert_eq!(d.gain(), d.proceeds - d.cost);
                let lots_cost: Decimal = c.lots(d).iter().map(|u| u.cost).sum();
                prop_assert!((round(lots_cost) - d.cost).abs() <= Decimal::new(1, 2));
                prop_assert!(c.fx_gain(k).is_some());
            }
        }
    }
}

#[test]
fn the_disposals_csv_says_how_a_sale_was_valued() {
    // The USD case: "USD 110 - 100 at 520" in the last column before the generator.
    let dir = tempfile::tempdir().expect("temp dir");
    let (t, r, out) = (
        dir.path().join("t.csv"),
        dir.path().join("rates.csv"),
        dir.path().join("d.csv"),
    );
    std::fs::write(&t, usd_2025_2026()).expect("write");
    std::fs::write(&r, RATES).expect("write");
    let status = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .arg("disposals")
        .args([&t, &r])
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let text = std::fs::read_to_string(&out).expect("written");
    let mut lines = text.lines();
    assert!(lines.next().expect("header").ends_with(",lots,fx_gain,generator"));
    let row = lines.next().expect("one disposal");
    assert!(row.contains(",5200.00,"), "{row}");
    assert!(row.contains(",USD 110 - 100 at 520,"), "{row}");
}
