//! Zero cost for tax-haven sources (NC Art. 387(7) securities, 389(5) digital assets), worked by
//! hand: a flagged venue gives every acquisition on it zero cost, a flagged asset every
//! acquisition of it; each flag that is on is a loud warning; nothing is flagged by default.
//! Tax year 2026, tenge, no fees, at 10:00 UTC.

use rust_decimal::Decimal;
use salyq_core::engine;
use salyq_core::import::{FileRole, Inputs};
use salyq_core::settings::{Method, Settings};
use salyq_core::warning::{WarningDetail, WarningKind};
use std::process::Command;

const TRADES: &str = "\
date,side,asset,quantity,total,currency,exchange,kind
2026-02-02T10:00:00Z,buy,ABC,10,1000000,KZT,Offshore Broker,security
2026-06-01T10:00:00Z,sell,ABC,10,1200000,KZT,Offshore Broker,security
2026-02-03T10:00:00Z,buy,XYZ,1,500000,KZT,IBKR,security
2026-06-02T10:00:00Z,sell,XYZ,1,450000,KZT,IBKR,security
";

fn inputs() -> Inputs {
    let mut inputs = Inputs::default();
    inputs
        .add_reader(TRADES.as_bytes(), "haven.csv", FileRole::Trades)
        .unwrap();
    inputs
}

fn kzt(x: i64) -> Decimal {
    Decimal::from(x)
}

/// ABC bought for 1,000,000 and sold for 1,200,000 on "Offshore Broker": +200,000; XYZ bought
/// for 500,000 and sold for 450,000 on IBKR: −50,000. Both are securities abroad, netted in
/// the year: 150,000, tax 15,000.
/// - venue "Offshore Broker" flagged: ABC's cost 0 → +1,200,000; with XYZ's −50,000 → 1,150,000,
///   tax 115,000;
/// - and asset XYZ flagged: XYZ's cost 0 → +450,000; 1,650,000, tax 165,000.
#[test]
fn flagged_venue_and_asset_cost_zero_with_loud_warnings() {
    let inputs = inputs();
    let c = engine::compute(&inputs, &Settings::default()).unwrap();
    assert_eq!(
        (c.years[0].property_income, c.years[0].tax),
        (kzt(150_000), kzt(15_000))
    );
    assert!(c.warnings.iter().all(|w| w.kind != WarningKind::TaxHavenZeroCost));

    let mut s = Settings::default();
    s.tax_havens.set_venue("offshore broker", true);
    let c = engine::compute(&inputs, &s).unwrap();
    assert_eq!(c.disposals[0].cost, kzt(0));
    assert_eq!(c.disposals[0].gain(), kzt(1_200_000));
    assert_eq!(c.disposals[1].cost, kzt(500_000), "IBKR not flagged");
    assert_eq!(
        (c.years[0].property_income, c.years[0].tax),
        (kzt(1_150_000), kzt(115_000))
    );

    s.tax_havens.set_asset("xyz", true);
    let c = engine::compute(&inputs, &s).unwrap();
    assert_eq!(c.disposals[1].cost, kzt(0));
    assert_eq!(
        (c.years[0].property_income, c.years[0].tax),
        (kzt(1_650_000), kzt(165_000))
    );
    let loud: Vec<_> = c
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::TaxHavenZeroCost)
        .collect();
    assert_eq!(loud.len(), 2, "one warning per flag");
    assert_eq!(
        loud[0].detail,
        WarningDetail::TaxHavenZeroCost {
            venue: Some("offshore broker".into()),
            asset: None,
            acquisitions: 1,
            cost: kzt(1_000_000),
        }
    );
    assert!(
        loud[0]
            .message
            .starts_with("ZERO COST: venue \"offshore broker\""),
        "{}",
        loud[0].message
    );
    assert!(
        loud[0].message.contains("1,000,000.00 KZT"),
        "{}",
        loud[0].message
    );
    assert_eq!(
        loud[1].detail,
        WarningDetail::TaxHavenZeroCost {
            venue: None,
            asset: Some("XYZ".into()),
            acquisitions: 1,
            cost: kzt(500_000),
        }
    );

    // The what-if method sees the same zero costs: LIFO on one lot each is FIFO here.
    s.method = Method::Lifo;
    let c = engine::compute(&inputs, &s).unwrap();
    assert_eq!(c.what_if_year(2026).unwrap().tax, kzt(165_000));
}

/// A flag on a venue with no trades still warns (0 acquisitions), so no flag is on unseen.
#[test]
fn an_unused_flag_still_warns() {
    let mut s = Settings::default();
    s.tax_havens.set_venue("Nowhere", true);
    let c = engine::compute(&inputs(), &s).unwrap();
    let w: Vec<_> = c
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::TaxHavenZeroCost)
        .collect();
    assert_eq!(w.len(), 1);
    assert!(w[0].message.contains("0 acquisition(s)"), "{}", w[0].message);
    assert_eq!(c.years[0].tax, kzt(15_000), "figures unchanged");
}

/// The command line: `--tax-haven-venue` and `--tax-haven-asset` (repeatable); the JSON report
/// lists the flags and the warnings; the form's figures carry the zero costs (G = 1,650,000,
/// H = 165,000).
#[test]
fn the_command_line_flags() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("haven.csv");
    std::fs::write(&file, TRADES).unwrap();
    let run = |cmd: &str, extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_salyq"))
            .arg(cmd)
            .arg(&file)
            .args(["--json", "--year", "2026"])
            .args(["--tax-haven-venue", "Offshore Broker", "--tax-haven-asset", "XYZ"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let v = run("report", &[]);
    assert_eq!(v["tax_haven"]["venues"][0], "offshore broker");
    assert_eq!(v["tax_haven"]["assets"][0], "XYZ");
    assert_eq!(v["years"][0]["tax_kzt"], "165000");
    let kinds: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "tax_haven_zero_cost").count(), 2);
    let f = run("forms", &[]);
    let figure = |line: &str| {
        f["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["line"] == line)
            .map(|x| x["value_kzt"].as_str().unwrap().to_string())
    };
    assert_eq!(figure("G").as_deref(), Some("1650000"));
    assert_eq!(figure("H").as_deref(), Some("165000"));
}

/// The flags are kept in the case file (written in any case, read back normalised), and the
/// case's figures carry them: the case's 2026 tax is 165,000 as above, and the `case show`
/// listing names the flags.
#[test]
fn the_flags_are_kept_in_the_case_file() {
    use salyq_core::case::{self, Case};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("haven.salyq");
    let t0 = chrono::DateTime::from_timestamp(1_767_225_600, 0).unwrap();
    let mut c = Case::new(t0);
    c.import("haven.csv", TRADES.as_bytes().to_vec(), FileRole::Auto, t0)
        .unwrap();
    c.settings.tax_havens.set_venue("Offshore Broker", true);
    c.settings.tax_havens.set_asset("xyz", true);
    case::save(&mut c, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"tax_havens\""), "saved");
    let back = case::open(&path).unwrap();
    assert_eq!(back.settings.tax_havens, c.settings.tax_havens);
    let (_, computed) = back.compute().unwrap();
    assert_eq!(computed.years[0].tax, kzt(165_000));
    let show = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .args(["case", "show"])
        .arg(&path)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&show.stdout);
    assert!(
        out.contains("TAX-HAVEN SOURCES (acquisitions at zero cost, NC Art. 387(7), 389(5)): venues offshore broker; assets XYZ"),
        "{out}"
    );
    // A case without flags does not write the field (files stay as they were).
    let mut plain = Case::new(t0);
    let p2 = dir.path().join("plain.salyq");
    case::save(&mut plain, &p2).unwrap();
    assert!(!std::fs::read_to_string(&p2).unwrap().contains("tax_havens"));
}
