//! Who must file (rule 8: NC Arts. 417, 422–424) on hand-worked histories
//! (`tests/data/compliance/rule8_*.csv`), and universal declaration (tax years up to 2024).
//! MCI: 3,692 (2024), 3,932 (2025), 4,325 (2026); so 1,000 MCI = 3,932,000 (2025) and
//! 4,325,000 (2026); 20,000 MCI = 73,840,000 (2024) and 86,500,000 (2026); 8,500 MCI (2026) =
//! 36,762,500. Trades are dated without a time; amounts are in tenge.

use Trigger::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use salyq_core::compliance::issuer::IssuerBasis;
use salyq_core::compliance::table::Trigger;
use salyq_core::compliance::{self, ComplianceReport, PersonalFinances};
use salyq_core::engine;
use salyq_core::forms::{self, FormCode};
use salyq_core::import::{FileRole, Inputs};
use salyq_core::settings::Settings;
use salyq_core::taxpayer::Taxpayer;
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

/// (code, due, reasons) of each declaration due.
fn filings(r: &ComplianceReport) -> Vec<(&str, String, Vec<Trigger>)> {
    r.filings
        .iter()
        .map(|f| (f.code.as_str(), f.due.to_string(), f.reasons.clone()))
        .collect()
}

fn bank(balance: Decimal) -> PersonalFinances {
    PersonalFinances {
        foreign_bank_balance: Some(balance),
        ..PersonalFinances::default()
    }
}

#[test]
fn a_kazakh_security_alone_makes_nothing_due() {
    // KZTK (ISIN KZ…) on Freedom: no income, no digital asset, no foreign issuer, purchases of
    // 100,000 far below 20,000 MCI, no bank balance entered.
    let s = Settings::default();
    for year in [2025, 2026] {
        let r = check("rule8_kz.csv", &s, year, &PersonalFinances::default());
        assert!(r.filings.is_empty(), "{year}: {:?}", filings(&r));
        assert_eq!(r.holdings[0].foreign_issuer, Some((false, IssuerBasis::Isin)));
        assert!(r.foreign_bank.is_none(), "no balance entered, nothing compared");
    }
}

#[test]
fn money_in_foreign_banks_against_1000_mci() {
    let s = Settings::default();
    // 2026: 1,000 × 4,325 = 4,325,000. 4,325,000.01 is above: 270.00 (and 250.00) due.
    let r = check("rule8_kz.csv", &s, 2026, &bank(dec!(4325000.01)));
    let t = r.foreign_bank.as_ref().unwrap();
    assert_eq!(
        (t.limit_kzt, t.total_kzt, t.over, t.compared),
        (dec!(4325000), dec!(4325000.01), true, true)
    );
    assert_eq!(
        filings(&r),
        [
            ("270.00", "2027-09-15".into(), vec![ForeignBankOverThreshold]),
            ("250.00", "2027-09-15".into(), vec![ForeignBankOverThreshold]),
        ]
    );
    // Exactly 4,325,000 is not above it.
    let r = check("rule8_kz.csv", &s, 2026, &bank(dec!(4325000)));
    assert!(!r.foreign_bank.as_ref().unwrap().over);
    assert!(r.filings.is_empty());
    // 2025: 1,000 × 3,932 = 3,932,000: 4,000,000 is above (it would not be in 2026).
    let r = check("rule8_kz.csv", &s, 2025, &bank(dec!(4000000)));
    let t = r.foreign_bank.as_ref().unwrap();
    assert_eq!((t.limit_kzt, t.over), (dec!(3932000), true));
    assert_eq!(r.filings[0].code, "270.00");
    assert_eq!(r.filings[0].reasons, [ForeignBankOverThreshold]);
    let r = check("rule8_kz.csv", &s, 2026, &bank(dec!(4000000)));
    assert!(r.filings.is_empty());
}

#[test]
fn foreign_issuer_securities_held_count_at_any_value_whatever_the_broker() {
    let s = Settings::default();
    let r = check("rule8_brokers.csv", &s, 2026, &PersonalFinances::default());
    let issuers: Vec<(&str, Option<(bool, IssuerBasis)>)> =
        r.holdings.iter().map(|h| (&*h.asset, h.foreign_issuer)).collect();
    // AAPL (ISIN US…) on Freedom, a broker in Kazakhstan: a foreign issuer. KZTK (ISIN KZ…) on
    // Interactive Brokers, abroad: a Kazakh issuer. MSFT on Freedom without an ISIN: the
    // venue's country stands in, Kazakhstan [U].
    assert_eq!(
        issuers,
        [
            ("AAPL", Some((true, IssuerBasis::Isin))),
            ("KZTK", Some((false, IssuerBasis::Isin))),
            ("MSFT", Some((false, IssuerBasis::Venue))),
        ]
    );
    // AAPL is worth 100,000 (at cost: no price), far below any threshold: 270.00 is due all the
    // same. 250.00: the foreign issuer, and securities on a foreign broker (KZTK).
    assert_eq!(
        filings(&r),
        [
            ("270.00", "2027-09-15".into(), vec![HoldsForeignSecurities]),
            (
                "250.00",
                "2027-09-15".into(),
                vec![HoldsForeignSecurities, HoldsSecuritiesAbroad]
            ),
        ]
    );
    // 270.04 section E lists the foreign-issuer security only (and any digital asset).
    let inputs = load("rule8_brokers.csv");
    let c = engine::compute(&inputs, &s).unwrap();
    let d = forms::draft(None, 2026, &inputs, &c, &s, &Taxpayer::default());
    let e: Vec<(&str, &str)> = d
        .holdings
        .iter()
        .map(|h| (&*h.asset, h.identifier.as_str()))
        .collect();
    assert_eq!(e, [("AAPL", "US0378331005")]);
    // Section B: the AAPL purchase (foreign issuer on a Kazakh broker); KZTK and MSFT are not
    // foreign-issuer securities.
    let b: Vec<&str> = d.foreign_assets.iter().map(|r| &*r.asset).collect();
    assert_eq!(b, ["AAPL"]);
}

#[test]
fn the_20000_mci_purchase_test_leaves_digital_assets_out() {
    let s = Settings::default();
    // 2026: KZTK 86,500,001 > 20,000 × 4,325 = 86,500,000 (one item); ETH 100,000,000 left out.
    let r = check("rule8_purchases.csv", &s, 2026, &PersonalFinances::default());
    let t = &r.property_bought;
    assert_eq!(
        (t.limit_kzt, t.total_kzt, t.items, t.excluded, t.over),
        (dec!(86500000), dec!(86500001.00), 1, 1, true)
    );
    // 270.00 is due for the purchases and for the ETH held on 31 December; 250.00 is not
    // (digital assets are no reason from 2026, KZTK is a Kazakh issuer on a Kazakh broker).
    assert_eq!(
        filings(&r),
        [(
            "270.00",
            "2027-09-15".into(),
            vec![HoldsCrypto, BoughtOverThreshold]
        )]
    );
    // 2024 (before the exclusion): the BTC purchase of 80,000,000 counts, above 20,000 × 3,692
    // = 73,840,000.
    let r = check("rule8_purchases.csv", &s, 2024, &PersonalFinances::default());
    let t = &r.property_bought;
    assert_eq!(
        (t.limit_kzt, t.total_kzt, t.items, t.excluded, t.over),
        (dec!(73840000), dec!(80000000.00), 1, 0, true)
    );
}

#[test]
fn annual_income_above_8500_mci_in_2026() {
    let s = Settings::default();
    // 8,500 × 4,325 = 36,762,500. Entered (--income): 36,762,501 is above it.
    let personal = PersonalFinances {
        annual_income: Some(dec!(36762501)),
        ..PersonalFinances::default()
    };
    let r = check("rule8_kz.csv", &s, 2026, &personal);
    let t = r.annual_income.as_ref().unwrap();
    assert_eq!(
        (t.mci_count, t.limit_kzt, t.total_kzt, t.over),
        (dec!(8500), dec!(36762500), dec!(36762501.00), true)
    );
    assert_eq!(
        filings(&r)[0],
        ("270.00", "2027-09-15".into(), vec![IncomeOverThreshold])
    );
    // Not entered: the year's property income (BTC 10,000,000 → 12,000,000: 2,000,000) and the
    // other income entered. 2,000,000 + 34,762,500 = 36,762,500: not above; + 34,762,501: above.
    let mut s = Settings::default();
    s.other_income.insert(2026, dec!(34762500));
    let r = check("rule8_gain_2026.csv", &s, 2026, &PersonalFinances::default());
    let t = r.annual_income.as_ref().unwrap();
    assert_eq!((t.total_kzt, t.over), (dec!(36762500.00), false));
    assert!(!r.filings[0].reasons.contains(&IncomeOverThreshold));
    s.other_income.insert(2026, dec!(34762501));
    let r = check("rule8_gain_2026.csv", &s, 2026, &PersonalFinances::default());
    assert!(r.annual_income.as_ref().unwrap().over);
    assert!(r.filings[0].reasons.contains(&IncomeOverThreshold));
    // 2025 has no such test.
    let r = check("rule8_kz.csv", &Settings::default(), 2025, &personal);
    assert!(r.annual_income.is_none());
    assert!(r.filings.is_empty());
}

#[test]
fn digital_assets_make_250_due_in_2025_not_in_2026() {
    // rule8_btc.csv: 0.05 BTC held from 2024 on.
    let s = Settings::default();
    let r = check("rule8_btc.csv", &s, 2025, &PersonalFinances::default());
    assert_eq!(
        filings(&r),
        [
            ("270.00", "2026-09-15".into(), vec![HoldsCrypto]),
            ("250.00", "2026-09-15".into(), vec![HoldsCrypto]),
        ]
    );
    let r = check("rule8_btc.csv", &s, 2026, &PersonalFinances::default());
    assert_eq!(filings(&r), [("270.00", "2027-09-15".into(), vec![HoldsCrypto])]);
}

#[test]
fn universal_declaration_moves_2024_to_270_by_15_september() {
    // rule8_btc.csv: 2024 gain 400,000 − 250,000 = 150,000, tax 15,000.
    let mut s = Settings::default();
    let r = check("rule8_btc.csv", &s, 2024, &PersonalFinances::default());
    assert_eq!(
        filings(&r)[0],
        ("240.00", "2025-03-31".into(), vec![PropertyIncome])
    );
    compliance::universal::set(&mut s, true);
    let r = check("rule8_btc.csv", &s, 2024, &PersonalFinances::default());
    assert!(r.universal_declaration);
    // 240.00 falls away; 270.00 is due by 15 September 2025, paid by 25 September.
    assert_eq!(
        filings(&r),
        [
            ("270.00", "2025-09-15".into(), vec![UniversalDeclaration]),
            ("250.00", "2025-09-15".into(), vec![HoldsCrypto]),
        ]
    );
    assert_eq!(
        r.filings[0].pay_by.map(|d| d.to_string()).as_deref(),
        Some("2025-09-25")
    );
    // The draft follows: 270.00, due 2025-09-15, the same figures.
    let inputs = load("rule8_btc.csv");
    let c = engine::compute(&inputs, &s).unwrap();
    let d = forms::draft(None, 2024, &inputs, &c, &s, &Taxpayer::default());
    assert_eq!(d.form, FormCode::F270);
    assert_eq!(
        (d.due.to_string(), d.pay_by.to_string()),
        ("2025-09-15".into(), "2025-09-25".into())
    );
    assert_eq!(d.value(forms::LineId::K), dec!(15000));
    assert!(d.who_files.set_by_user);
    // 2025 is 270.00 for everyone: the setting changes nothing there.
    let r = check("rule8_btc.csv", &s, 2025, &PersonalFinances::default());
    assert!(!r.filings[0].reasons.contains(&UniversalDeclaration));
}

#[test]
fn the_year_2027_has_no_mci_and_compares_no_threshold() {
    // No MCI for 2027 in the law read: nothing is compared, even 100,000,000 KZT of foreign
    // bank money; the facts of 2026 stand in for the rest, and the report says so.
    let r = check("rule8_kz.csv", &Settings::default(), 2027, &bank(dec!(100000000)));
    assert!(!r.mci_known);
    assert_eq!(r.rules_borrowed_from, Some(2026));
    assert_eq!(r.facts_borrowed_from, Some(2026));
    assert!(r.no_mci.as_ref().unwrap().text.contains("no budget law for 2027"));
    for t in [
        &r.foreign_assets,
        &r.property_bought,
        r.foreign_bank.as_ref().unwrap(),
    ] {
        assert!(!t.compared && !t.over);
    }
    assert!(r.filings.is_empty());
    // A declaration due in a borrowed year keeps that year's calendar: AAPL held (foreign
    // issuer, any value) makes the 2027 declarations due, by 15 September 2028 (2026's dates
    // moved by a year), not 2027's.
    let r = check(
        "rule8_brokers.csv",
        &Settings::default(),
        2027,
        &PersonalFinances::default(),
    );
    assert_eq!(
        filings(&r)[0],
        ("270.00", "2028-09-15".into(), vec![HoldsForeignSecurities])
    );
    assert_eq!(
        r.filings[0].pay_by.map(|d| d.to_string()).as_deref(),
        Some("2028-09-25")
    );
    assert_eq!(r.filings[1].due.to_string(), "2028-09-15");
}

fn salyq() -> Command {
    Command::new(env!("CARGO_BIN_EXE_salyq"))
}

#[test]
fn the_command_line_takes_the_bank_balance_and_the_universal_setting() {
    let run = |args: &[&str]| {
        let o = salyq()
            .args(args)
            .arg(data("rule8_btc.csv"))
            .arg(data("rates.csv"))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
    };
    // 2026: 5,000,000 > 4,325,000 in foreign banks.
    let v = run(&[
        "compliance",
        "--year",
        "2026",
        "--json",
        "--foreign-bank-balance",
        "5000000",
    ]);
    assert_eq!(v["thresholds"]["foreign_bank"]["limit_kzt"], "4325000.00");
    assert_eq!(v["thresholds"]["foreign_bank"]["over"], true);
    assert_eq!(
        v["filings"][0]["reasons"],
        serde_json::json!(["holds_crypto", "foreign_bank_over_threshold"])
    );
    assert_eq!(v["mci_known"], true);
    // 2024 in universal declaration: 270.00 by 15 September, in the compliance report and in
    // the draft.
    let v = run(&[
        "compliance",
        "--year",
        "2024",
        "--json",
        "--universal-declaration",
    ]);
    assert_eq!(v["universal_declaration"], true);
    assert_eq!(v["filings"][0]["code"], "270.00");
    assert_eq!(v["filings"][0]["due"], "2025-09-15");
    let v = run(&["forms", "--year", "2024", "--json", "--universal-declaration"]);
    assert_eq!(v["form"], "270.00");
    assert_eq!(v["due"], "2025-09-15");
    assert_eq!(v["pay_by"], "2025-09-25");
    let v = run(&["forms", "--year", "2024", "--json"]);
    assert_eq!(v["form"], "240.00");

    // A case keeps the setting.
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("u.salyq");
    let o = salyq()
        .args(["case", "new"])
        .arg(&case)
        .args(["--universal-declaration", "--year", "2024"])
        .arg(data("rule8_btc.csv"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = salyq().args(["case", "show"]).arg(&case).output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("Universal declaration: on"));
    let o = salyq()
        .args(["case", "forms", "--json"])
        .arg(&case)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (v["form"].as_str(), v["due"].as_str()),
        (Some("270.00"), Some("2025-09-15"))
    );
}
