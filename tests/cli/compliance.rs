//! The compliance report on hand-worked histories (`tests/data/compliance/`). Rates: USD annual
//! average 500 (2025) and 520 (2026) — the rule of both years — and daily 510 (2025-12-30) and
//! 530 (2026-12-31) for year-end values. MCI: 3,932 (2025), 4,325 (2026).

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use salyq_core::compliance::table::Trigger;
use salyq_core::compliance::venue_status::VenueFlag;
use salyq_core::compliance::{self, ComplianceReport, PersonalFinances};
use salyq_core::engine;
use salyq_core::import::{FileRole, Inputs};
use salyq_core::settings::Settings;
use salyq_core::venues::{Country, LicenceStatus};
use std::path::PathBuf;
use std::process::Command;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/compliance")
        .join(name)
}

fn load(trades: &str) -> Inputs {
    Inputs::load(&[
        (data(trades), FileRole::Auto),
        (data("rates.csv"), FileRole::Auto),
        (data("prices.csv"), FileRole::Auto),
    ])
    .expect("fixtures load")
}

fn check(trades: &str, settings: &Settings, year: i32, personal: &PersonalFinances) -> ComplianceReport {
    let inputs = load(trades);
    let c = engine::compute(&inputs, settings).expect("fixtures compute");
    compliance::check(&inputs, &c, settings, year, personal).expect("check")
}

/// (asset, venue, quantity, cost, value)
fn holdings(r: &ComplianceReport) -> Vec<(&str, &str, Decimal, Decimal, Option<Decimal>)> {
    r.holdings
        .iter()
        .map(|h| {
            (
                &*h.asset,
                h.venue.as_deref().unwrap_or(""),
                h.quantity,
                h.cost,
                h.value.as_ref().map(|v| v.value_kzt),
            )
        })
        .collect()
}

#[test]
fn year_end_holdings_after_partial_fifo_sales() {
    let s = Settings::default();
    let r = check("trades.csv", &s, 2025, &PersonalFinances::default());
    // Lots: B1 0.02 BTC for 500,000 (Binance); Y1 0.01 BTC for 300,000 (Bybit); K1 2 ETH for
    // 8,000 USD × 500 = 4,000,000 (Kraken). B2 sells 0.025 BTC on 2025-06-15: FIFO takes all of
    // B1 and 0.005 of Y1 (cost 300,000 × 0.5 = 150,000). B3 adds 0.01 BTC for 700,000 (Binance).
    // On 31 Dec 2025: BTC 0.005 on Bybit at cost 150,000, 0.01 on Binance at cost 700,000; ETH 2
    // on Kraken at 4,000,000. BTC values: 60,000 USD × 510 = 30,600,000 a unit: 0.005 → 153,000,
    // 0.01 → 306,000; ETH has no price. B4 (2026) must not touch the 2025 figures.
    assert_eq!(
        holdings(&r),
        [
            (
                "BTC",
                "Binance",
                dec!(0.01),
                dec!(700000.00),
                Some(dec!(306000.00))
            ),
            (
                "BTC",
                "Bybit",
                dec!(0.005),
                dec!(150000.00),
                Some(dec!(153000.00))
            ),
            ("ETH", "Kraken", dec!(2), dec!(4000000.00), None),
        ]
    );
    assert_eq!(r.holdings[2].country, Country::Abroad);
    assert_eq!(r.holdings[2].status, LicenceStatus::Unknown);
    assert_eq!(r.holdings[1].value.as_ref().map(|v| v.rate), Some(dec!(510)));

    // 2026: B4 sells 0.01 BTC: the rest of Y1 (0.005) and 0.005 of B3 (cost 350,000). I1 buys 10
    // AAPL for 200 USD × 520 = 104,000 on Interactive Brokers. BTC 0.005 at 70,000 USD (price of
    // 2026-12-28, three days back) × 530 = 185,500.
    let r = check("trades.csv", &s, 2026, &PersonalFinances::default());
    assert_eq!(
        holdings(&r),
        [
            ("AAPL", "Interactive Brokers", dec!(10), dec!(104000.00), None),
            (
                "BTC",
                "Binance",
                dec!(0.005),
                dec!(350000.00),
                Some(dec!(185500.00))
            ),
            ("ETH", "Kraken", dec!(2), dec!(4000000.00), None),
        ]
    );
}

#[test]
fn foreign_holdings_against_1000_mci_of_2025_and_2026() {
    let s = Settings::default();
    // 2025: abroad = Kraken's ETH at cost (no price) 4,000,000 > 1,000 × 3,932 = 3,932,000.
    let r = check("trades.csv", &s, 2025, &PersonalFinances::default());
    let t = &r.foreign_assets;
    assert_eq!(
        (t.limit_kzt, t.total_kzt, t.over),
        (dec!(3932000), dec!(4000000.00), true)
    );
    assert_eq!((t.items, t.at_cost), (1, 1));
    // 2026: 4,000,000 + AAPL 104,000 = 4,104,000 < 1,000 × 4,325 = 4,325,000.
    let r = check("trades.csv", &s, 2026, &PersonalFinances::default());
    let t = &r.foreign_assets;
    assert_eq!(
        (t.limit_kzt, t.total_kzt, t.over),
        (dec!(4325000), dec!(4104000.00), false)
    );
    assert_eq!((t.items, t.at_cost), (2, 2));
}

#[test]
fn property_bought_against_20000_mci_of_2025_and_2026() {
    let s = Settings::default();
    // From 2025 the purchase test leaves digital assets out (NC Art. 417(1)): the 2025
    // purchases of trades.csv are all crypto (500,000 + 300,000 + 4,000,000 + 700,000), so the
    // total is 0 and the four are counted as excluded. (Before rule 8 was read: 5,500,000.)
    let r = check("trades.csv", &s, 2025, &PersonalFinances::default());
    let t = &r.property_bought;
    assert_eq!((t.total_kzt, t.items, t.excluded), (dec!(0.00), 0, 4));
    assert!(!t.over);
    // big_purchase.csv buys 80,000,000 of BTC a year: left out too, so it no longer makes
    // 270.00 due by purchases (it still does as a digital asset held on 31 December).
    let r = check("big_purchase.csv", &s, 2025, &PersonalFinances::default());
    assert_eq!(
        (r.property_bought.total_kzt, r.property_bought.excluded),
        (dec!(0.00), 1)
    );
    assert!(!r.filings[0].reasons.contains(&Trigger::BoughtOverThreshold));
    // The same 80,000,000 in securities (big_purchase_securities.csv): above 20,000 × 3,932 =
    // 78,640,000 in 2025, below 20,000 × 4,325 = 86,500,000 in 2026.
    let r = check(
        "big_purchase_securities.csv",
        &s,
        2025,
        &PersonalFinances::default(),
    );
    let t = &r.property_bought;
    assert_eq!(
        (t.limit_kzt, t.total_kzt, t.over),
        (dec!(78640000), dec!(80000000.00), true)
    );
    assert_eq!(r.filings[0].code, "270.00");
    assert!(r.filings[0].reasons.contains(&Trigger::BoughtOverThreshold));
    let r = check(
        "big_purchase_securities.csv",
        &s,
        2026,
        &PersonalFinances::default(),
    );
    let t = &r.property_bought;
    assert_eq!(
        (t.limit_kzt, t.total_kzt, t.over),
        (dec!(86500000), dec!(80000000.00), false)
    );
    assert!(
        r.filings
            .iter()
            .all(|f| !f.reasons.contains(&Trigger::BoughtOverThreshold))
    );
}

#[test]
fn declarations_and_deadlines() {
    let s = Settings::default();
    let r = check("trades.csv", &s, 2025, &PersonalFinances::default());
    // 2025: B2 gains 1,000,000 − 650,000 = 350,000 (income, a crypto sale); digital assets held.
    // Holdings abroad are over 1,000 MCI (above), but from 2025 that test applies to money in
    // foreign bank accounts only (NC Art. 417(1)), and no balance is entered: no longer a reason
    // (it was one before rule 8 was read). No security held, purchases (crypto) left out.
    let got: Vec<_> = r
        .filings
        .iter()
        .map(|f| {
            (
                f.code.as_str(),
                f.due.to_string(),
                f.pay_by.map(|d| d.to_string()),
                f.reasons.clone(),
            )
        })
        .collect();
    use Trigger::*;
    assert_eq!(
        got,
        [
            (
                "270.00",
                "2026-09-15".to_string(),
                Some("2026-09-25".to_string()),
                vec![PropertyIncome, SoldCrypto, HoldsCrypto]
            ),
            ("250.00", "2026-09-15".to_string(), None, vec![HoldsCrypto]),
        ]
    );
    // 2026: B4 gains 800,000 − 500,000 = 300,000; AAPL (no ISIN, on a venue abroad: a foreign
    // issuer) held on 31 December makes 270.00 due at any value; 250.00 no longer counts digital
    // assets from 2026 (it did for 2025).
    let r = check("trades.csv", &s, 2026, &PersonalFinances::default());
    let got: Vec<_> = r
        .filings
        .iter()
        .map(|f| (f.code.as_str(), f.due.to_string(), f.reasons.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "270.00",
                "2027-09-15".to_string(),
                vec![PropertyIncome, SoldCrypto, HoldsCrypto, HoldsForeignSecurities]
            ),
            (
                "250.00",
                "2027-09-15".to_string(),
                vec![HoldsForeignSecurities, HoldsSecuritiesAbroad]
            ),
        ]
    );
    // No trade in 2024: nothing to file.
    assert!(
        check("trades.csv", &s, 2024, &PersonalFinances::default())
            .filings
            .is_empty()
    );
}

#[test]
fn aifc_month_totals_and_the_personal_limit() {
    let s = Settings::default();
    // Income 6,000,000 → 10% = 600,000; net worth 40,000,000 → 5% = 2,000,000: the limit is
    // 600,000 KZT ÷ 510 (the last USD rate of 2025) = 1,176.470… → 1,176.47 USD.
    let personal = PersonalFinances {
        annual_income: Some(dec!(6000000)),
        net_worth: Some(dec!(40000000)),
        ..PersonalFinances::default()
    };
    let r = check("trades.csv", &s, 2025, &personal);
    let p = r.aifc.personal.as_ref().unwrap();
    assert_eq!((p.limit_kzt, p.limit_usd), (dec!(600000.00), Some(dec!(1176.47))));
    // January: B1 500,000 ÷ 500 = 1,000 USD and Y1 300,000 ÷ 500 = 600 → 1,600 (over 1,000).
    // March: K1 is on Kraken, not AIFC-licensed: not counted. September: B3 700,000 ÷ 500 =
    // 1,400; year to date 3,000. Both months pass the personal limit (1,176.47).
    let months: Vec<_> = r
        .aifc
        .months
        .iter()
        .map(|m| {
            (
                m.month,
                m.trades,
                m.bought_usd,
                m.year_to_date_usd,
                m.over_monthly,
                m.over_aggregate,
                m.over_personal,
            )
        })
        .collect();
    assert_eq!(
        months,
        [
            (1, 2, dec!(1600.00), dec!(1600.00), true, false, true),
            (9, 1, dec!(1400.00), dec!(3000.00), true, false, true),
        ]
    );
    // Without income and net worth, no personal limit and no such flag.
    let r = check("trades.csv", &s, 2025, &PersonalFinances::default());
    assert!(r.aifc.personal.is_none());
    assert!(r.aifc.months.iter().all(|m| !m.over_personal));
    // 2026: no purchase on an AIFC venue (AAPL is a security on a foreign broker); 3,000 before.
    let r = check("trades.csv", &s, 2026, &PersonalFinances::default());
    assert!(r.aifc.months.is_empty());
    assert_eq!(r.aifc.before_year_usd, dec!(3000.00));
    // 80,000,000 ÷ 500 = 160,000 USD in May 2025: over the monthly and the 100,000 aggregate.
    let r = check("big_purchase.csv", &s, 2025, &PersonalFinances::default());
    let m = &r.aifc.months[0];
    assert_eq!(
        (m.month, m.bought_usd, m.over_monthly, m.over_aggregate),
        (5, dec!(160000.00), true, true)
    );
}

#[test]
fn venue_statuses_with_notes_and_the_users_choice() {
    let mut s = Settings::default();
    let r = check("trades.csv", &s, 2025, &PersonalFinances::default());
    let got: Vec<_> = r
        .venues
        .rows
        .iter()
        .map(|v| {
            (
                v.venue.as_deref().unwrap_or(""),
                v.status,
                v.trades,
                v.trades_in_year,
                v.flag,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Binance", LicenceStatus::AifcLicensed, 4, 3, None),
            ("Bybit", LicenceStatus::AifcLicensed, 1, 1, None),
            (
                "Interactive Brokers",
                LicenceStatus::Foreign,
                1,
                0,
                Some(VenueFlag::NotLicensed)
            ),
            (
                "Kraken",
                LicenceStatus::Unknown,
                1,
                1,
                Some(VenueFlag::UnknownStatus)
            ),
        ]
    );
    // The user says Kraken is AIFC-licensed: K1 (8,000 USD) joins March; the country stays.
    s.venues.set_status("Kraken", LicenceStatus::AifcLicensed);
    let r = check("trades.csv", &s, 2025, &PersonalFinances::default());
    let march = r.aifc.months.iter().find(|m| m.month == 3).unwrap();
    assert_eq!(
        (march.bought_usd, march.year_to_date_usd),
        (dec!(8000.00), dec!(9600.00))
    );
    assert!(r.venues.rows[3].set_by_user);
    assert_eq!(r.holdings[2].country, Country::Abroad);
}

#[test]
fn the_command_prints_json_with_decimal_strings() {
    let out = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .args([
            "compliance",
            "--year",
            "2025",
            "--json",
            "--income",
            "6000000",
            "--net-worth",
            "40000000",
        ])
        .arg(data("trades.csv"))
        .arg(data("rates.csv"))
        .arg(data("prices.csv"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["year"], 2025);
    assert!(
        v["notice"]
            .as_str()
            .unwrap()
            .starts_with("Information, not advice")
    );
    assert_eq!(v["mci_kzt"], "3932");
    assert_eq!(v["holdings"][1]["cost_kzt"], "150000.00");
    assert_eq!(v["holdings"][1]["year_end_value"]["value_kzt"], "153000.00");
    assert_eq!(v["holdings"][2]["year_end_value"], serde_json::Value::Null);
    assert_eq!(v["thresholds"]["foreign_assets"]["limit_kzt"], "3932000.00");
    assert_eq!(v["thresholds"]["foreign_assets"]["over"], true);
    assert_eq!(v["filings"][0]["code"], "270.00");
    assert_eq!(v["filings"][0]["due"], "2026-09-15");
    // The holdings abroad stay compared for information; the reasons no longer include them
    // from 2025 (rule 8: the 1,000 MCI test is for foreign bank money).
    assert_eq!(
        v["filings"][0]["reasons"],
        serde_json::json!(["property_income", "sold_crypto", "holds_crypto"])
    );
    assert_eq!(v["thresholds"]["foreign_bank"], serde_json::Value::Null);
    assert_eq!(v["thresholds"]["property_bought"]["items_excluded"], 4);
    assert_eq!(v["aifc"]["personal"]["limit_usd"], "1176.47");
    assert_eq!(v["aifc"]["months"][0]["month"], "2025-01");
    assert_eq!(v["aifc"]["months"][0]["bought_usd"], "1600.00");
    assert_eq!(
        v["aifc"]["months"][0]["over"],
        serde_json::json!(["monthly", "personal"])
    );
    assert_eq!(v["aifc"]["monthly_limit_usd"]["reference"]["confidence"], "S");
    assert_eq!(v["venues"]["list"][3]["flag"], "unknown_status");

    // Without --year: a usage error.
    let out = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .args(["compliance"])
        .arg(data("trades.csv"))
        .arg(data("rates.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
