//! The exemptions of tax year 2026 (NC Art. 400(1)(1)–(7)), worked by hand: the three reasons
//! the new Tax Code adds (agency bonds, debt securities of a resident issuer held more than 3
//! years, sale of mined digital assets), each marked by the user on its sale as the existing
//! reasons are; and each reason's reference per tax year (≤ 2025 OC Art. 341, 2026 NC 400(1)).
//! Trades in tenge without fees, at 10:00 UTC (the tax date is the date written).

use rust_decimal::Decimal;
use salyq_core::engine;
use salyq_core::exemptions::{AdjustmentLine, ExemptReason, Exemptions, TradeKey};
use salyq_core::forms::{self, LineId};
use salyq_core::import::{FileRole, Inputs};
use salyq_core::rules::Confidence;
use salyq_core::settings::Settings;
use salyq_core::taxpayer::Taxpayer;
use salyq_core::yearly::Assumption;
use std::process::Command;

/// Line 1 is the header, so each row's line is its position + 1.
const TRADES: &str = "\
date,side,asset,quantity,total,currency,exchange,kind,note
2026-02-02T10:00:00Z,buy,AGB,10,1000000,KZT,Freedom,security,agency bonds
2026-06-01T10:00:00Z,sell,AGB,10,1050000,KZT,Freedom,security,agency bonds sold: +50000
2022-03-01T10:00:00Z,buy,KZDEBT,5,500000,KZT,Freedom,security,resident corporate bonds
2026-04-01T10:00:00Z,sell,KZDEBT,5,560000,KZT,Freedom,security,held 4 years 1 month: +60000
2026-01-10T10:00:00Z,buy,BTC,0.1,0,KZT,Binance,crypto,mined: no purchase price
2026-05-05T10:00:00Z,sell,BTC,0.1,3000000,KZT,Binance,crypto,mined coins sold: +3000000
2026-01-15T10:00:00Z,buy,HSBK,100,300000,KZT,Freedom,security,taxable
2026-07-01T10:00:00Z,sell,HSBK,100,380000,KZT,Freedom,security,taxable: +80000
";

fn inputs() -> Inputs {
    let mut inputs = Inputs::default();
    inputs
        .add_reader(TRADES.as_bytes(), "law2026.csv", FileRole::Trades)
        .expect("the test file reads");
    inputs
}

fn marked() -> Settings {
    let mut s = Settings::default();
    for (line, reason) in [
        (3, ExemptReason::AgencyBonds),
        (5, ExemptReason::Debt3Years),
        (7, ExemptReason::Mined),
    ] {
        s.exemptions.set_trade(
            TradeKey {
                file: "law2026.csv".into(),
                line,
            },
            Some(reason),
        );
    }
    s
}

fn kzt(x: i64) -> Decimal {
    Decimal::from(x)
}

/// Gains: AGB 1,050,000 − 1,000,000 = +50,000 (agency bonds, NC 400(1)(2)); KZDEBT 560,000 −
/// 500,000 = +60,000 (resident debt held > 3 years, 400(1)(5)); BTC mined, cost 0, sold for
/// 3,000,000 = +3,000,000 (mined digital assets, 400(1)(7)); HSBK 380,000 − 300,000 = +80,000
/// (taxable). Freedom and Binance count as Kazakhstan.
/// Form 270.01: A_1_1 = 50,000 + 60,000 + 3,000,000 + 80,000 = 3,190,000; E_1 = 50,000 +
/// 60,000 + 3,000,000 = 3,110,000; G = 3,190,000 − 3,110,000 = 80,000; H = 10% × 80,000 = 8,000.
/// Unmarked, all four are taxable: the securities 50,000 + 60,000 + 80,000 = 190,000 and the
/// crypto 3,000,000 → 3,190,000, tax 319,000.
#[test]
fn the_three_new_reasons_of_2026_are_adjusted_out_on_e_1() {
    let inputs = inputs();
    let s = marked();
    let c = engine::compute(&inputs, &s).unwrap();
    let y = c.years.iter().find(|y| y.year == 2026).unwrap();
    let part = |r: ExemptReason| {
        y.exempt
            .iter()
            .find(|p| p.reason == r)
            .unwrap_or_else(|| panic!("no {r} part"))
    };
    assert_eq!(part(ExemptReason::AgencyBonds).income, kzt(50_000));
    assert_eq!(part(ExemptReason::Debt3Years).income, kzt(60_000));
    assert_eq!(part(ExemptReason::Mined).income, kzt(3_000_000));
    for r in [
        ExemptReason::AgencyBonds,
        ExemptReason::Debt3Years,
        ExemptReason::Mined,
    ] {
        assert_eq!(part(r).line, AdjustmentLine::E1, "{r}");
    }
    assert_eq!(y.exempt_income(), kzt(3_110_000));
    assert_eq!(y.property_income, kzt(80_000));
    assert_eq!(y.tax, kzt(8_000));

    let d = forms::draft(None, 2026, &inputs, &c, &s, &Taxpayer::default());
    use LineId::*;
    assert_eq!(d.value(A_1_1), kzt(3_190_000));
    assert_eq!(d.value(E_1), kzt(3_110_000));
    assert_eq!(d.value(E_4), kzt(0));
    assert_eq!(d.value(G), kzt(80_000));
    assert_eq!(d.value(H), kzt(8_000));

    // Each reason's 2026 reference is the new Code's, read in its text [L], and reaches the
    // year's assumptions (the Summary, the draft, the JSON).
    for (r, article) in [
        (ExemptReason::AgencyBonds, "NC Art. 400(1)(2)"),
        (ExemptReason::Debt3Years, "NC Art. 400(1)(5)"),
        (ExemptReason::Mined, "NC Art. 400(1)(7)"),
    ] {
        let reference = y
            .assumption_items
            .iter()
            .find_map(|a| match a {
                Assumption::ExemptionRule { reason, reference } if *reason == r => Some(reference),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no reference for {r}"));
        assert!(reference.text.starts_with(article), "{r}: {}", reference.text);
        assert_eq!(reference.confidence, Confidence::L);
        assert!(
            d.year_result.assumptions.iter().any(|a| a.contains(article)),
            "{article} in the draft's assumptions"
        );
    }

    // Unmarked: everything taxable, 3,190,000 → tax 319,000.
    let c = engine::compute(&inputs, &Settings::default()).unwrap();
    let y = c.years.iter().find(|y| y.year == 2026).unwrap();
    assert_eq!(y.property_income, kzt(3_190_000));
    assert_eq!(y.tax, kzt(319_000));
}

/// Each new reason alone: only its own gain leaves the taxable income. Taxable without any mark
/// 3,190,000; marking agency bonds leaves 3,140,000 (tax 314,000), resident debt 3,130,000
/// (313,000), mined coins 190,000 (19,000).
#[test]
fn each_new_reason_alone() {
    let inputs = inputs();
    for (line, reason, taxable, tax) in [
        (3, ExemptReason::AgencyBonds, 3_140_000, 314_000),
        (5, ExemptReason::Debt3Years, 3_130_000, 313_000),
        (7, ExemptReason::Mined, 190_000, 19_000),
    ] {
        let mut s = Settings::default();
        s.exemptions.set_trade(
            TradeKey {
                file: "law2026.csv".into(),
                line,
            },
            Some(reason),
        );
        let c = engine::compute(&inputs, &s).unwrap();
        let y = c.years.iter().find(|y| y.year == 2026).unwrap();
        assert_eq!((y.property_income, y.tax), (kzt(taxable), kzt(tax)), "{reason}");
        assert_eq!(y.exempt.len(), 1, "{reason}");
    }
}

/// References per tax year: up to 2025 OC Art. 341 [S] (the KASE list by name); from 2026 NC
/// Art. 400(1) [L], where the stock-exchange rule reads "a stock exchange operating in
/// Kazakhstan". The new reasons before 2026 are unconfirmed [U].
#[test]
fn references_per_year() {
    let e = Exemptions::bundled();
    let kase_2025 = &e.rule_for(ExemptReason::Kase, 2025).unwrap().reference;
    assert!(kase_2025.text.starts_with("OC Art. 341"), "{}", kase_2025.text);
    assert!(kase_2025.text.contains("Kazakhstan Stock Exchange (KASE)"));
    assert_eq!(kase_2025.confidence, Confidence::S);
    let kase_2026 = &e.rule_for(ExemptReason::Kase, 2026).unwrap().reference;
    assert!(
        kase_2026.text.starts_with("NC Art. 400(1)(6)"),
        "{}",
        kase_2026.text
    );
    assert!(
        kase_2026
            .text
            .contains("a stock exchange operating in Kazakhstan")
    );
    assert_eq!(kase_2026.confidence, Confidence::L);
    // A year before the table and a year after it take the nearest entry.
    assert!(
        e.rule_for(ExemptReason::Kase, 2019)
            .unwrap()
            .reference
            .text
            .starts_with("OC")
    );
    assert!(
        e.rule_for(ExemptReason::Kase, 2030)
            .unwrap()
            .reference
            .text
            .starts_with("NC")
    );
    for (r, article) in [
        (ExemptReason::Government, "NC Art. 400(1)(1)"),
        (ExemptReason::AgencyBonds, "NC Art. 400(1)(2)"),
        (ExemptReason::Fund, "NC Art. 400(1)(3)"),
        (ExemptReason::Held3Years, "NC Art. 400(1)(4)"),
        (ExemptReason::Debt3Years, "NC Art. 400(1)(5)"),
        (ExemptReason::Mined, "NC Art. 400(1)(7)"),
    ] {
        let rule = e.rule_for(r, 2026).unwrap();
        assert!(
            rule.reference.text.starts_with(article),
            "{r}: {}",
            rule.reference.text
        );
        assert_eq!(rule.reference.confidence, Confidence::L, "{r}");
        assert!(
            rule.reference
                .text_id
                .as_deref()
                .is_some_and(|t| t.starts_with("ref-exemption-") && t.ends_with("-from-2026")),
            "{r}"
        );
        assert_eq!(e.rule(r), Some(rule), "{r}: the rule in force now is 2026's");
    }
    for r in [
        ExemptReason::AgencyBonds,
        ExemptReason::Debt3Years,
        ExemptReason::Mined,
    ] {
        assert_eq!(
            e.rule_for(r, 2025).unwrap().reference.confidence,
            Confidence::U,
            "{r}"
        );
    }
    // The names of the command line and files.
    for (name, r) in [
        ("agency_bonds", ExemptReason::AgencyBonds),
        ("debt-3-years", ExemptReason::Debt3Years),
        ("MINED", ExemptReason::Mined),
    ] {
        assert_eq!(ExemptReason::parse(name), Some(r));
    }
}

/// The command line takes the new reasons: `--exempt-trade law2026.csv:7=mined` takes the mined
/// coins' 3,000,000 off (taxable 190,000, tax 19,000), and the JSON names the reference.
#[test]
fn the_command_line_marks_a_mined_sale() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("law2026.csv");
    std::fs::write(&file, TRADES).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .arg("report")
        .arg(&file)
        .args([
            "--json",
            "--year",
            "2026",
            "--exempt-trade",
            "law2026.csv:7=mined",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let y = &v["years"][0];
    assert_eq!(y["property_income_kzt"], "190000.00");
    assert_eq!(y["exempt_income_kzt"], "3000000.00");
    assert_eq!(y["tax_kzt"], "19000");
    let assumptions = y["assumptions"].as_array().unwrap();
    assert!(
        assumptions.iter().any(|a| a
            .as_str()
            .unwrap()
            .starts_with("Exemption mined — NC Art. 400(1)(7)")),
        "{assumptions:?}"
    );
    let bad = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .arg("report")
        .arg(&file)
        .args(["--exempt-trade", "law2026.csv:7=minted"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("debt_3_years, mined or none"));
}
