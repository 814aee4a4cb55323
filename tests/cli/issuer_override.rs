//! The issuer's country set by the user: an override in the case, by ISIN or by symbol, that
//! wins over the ISIN's first two letters (and the broker's data) for the 2025 netting of
//! foreign issuers' securities, the filing triggers and the report; recorded from the command
//! line with who and when, and undone by removing it. The fixture
//! `tests/data/issuer/netting_2025.csv` is written for these tests:
//!
//! | line | trade (all in KZT, 2025) |
//! |---|---|
//! | 2 | buy 10 AAPL (ISIN US…) for 1,000,000 on Interactive Brokers |
//! | 3 | buy 100 KCEL (ISIN KZ…) for 500,000 on Interactive Brokers |
//! | 4 | sell 10 AAPL for 1,300,000 |
//! | 5 | sell 100 KCEL for 380,000 |
//! | 6 | buy 5 TSLA (no ISIN) for 600,000 on Freedom (a venue counted in Kazakhstan), held |
//!
//! 2025 rules: securities of foreign issuers netted over the year (≤ 0 counts as 0), other
//! securities per sale (a loss counts as 0); tax 10%.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use salyq_core::case::{self, Case};
use salyq_core::compliance::{self, PersonalFinances, table::Trigger};
use salyq_core::import::FileRole;
use salyq_core::overrides::{Change, Override};
use salyq_core::yearly::Assumption;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).expect("a valid time")
}

fn kzt(x: i64) -> Decimal {
    Decimal::from(x)
}

fn the_case() -> Case {
    let mut c = Case::new(at(0));
    c.tax_year = Some(2025);
    let bytes = std::fs::read(root("tests/data/issuer/netting_2025.csv")).expect("fixture");
    c.import("netting_2025.csv", bytes, FileRole::Auto, at(0))
        .expect("imports");
    c
}

fn issuer(id: u64, security: &str, country: &str) -> Override {
    Override {
        id,
        change: Change::IssuerCountry {
            security: security.into(),
            country: country.into(),
        },
        reason: "the issuer's registration, from its prospectus".into(),
        by: "A. Reviewer".into(),
        at: at(100),
    }
}

/// (property income, tax) of 2025, after a save and an open (the decision survives both).
fn figures(c: &Case) -> (Decimal, Decimal) {
    let (income, tax, _) = figures_and_issuers(c);
    (income, tax)
}

/// As [`figures`], with the year's count of disposals (foreign issuers', resident issuers').
fn figures_and_issuers(c: &Case) -> (Decimal, Decimal, (usize, usize)) {
    let c = case::from_bytes(&case::to_bytes(c, at(0)), "c.salyq").expect("reopens");
    let (_, comp) = c.compute().expect("computes");
    let y = comp.years.iter().find(|y| y.year == 2025).expect("2025");
    let issuers = y
        .assumption_items
        .iter()
        .find_map(|a| match a {
            Assumption::ForeignIssuers { foreign, resident } => Some((*foreign, *resident)),
            _ => None,
        })
        .expect("the netting of foreign issuers is stated");
    (y.property_income, y.tax, issuers)
}

/// The 2025 declarations due, each with its reasons.
fn filings(c: &Case) -> Vec<(String, Vec<Trigger>)> {
    let (inputs, comp) = c.compute().expect("computes");
    let r =
        compliance::check(&inputs, &comp, &c.settings, 2025, &PersonalFinances::default()).expect("checks");
    r.filings
        .iter()
        .map(|f| (f.code.clone(), f.reasons.clone()))
        .collect()
}

#[test]
fn the_users_issuer_country_changes_the_2025_netting_as_worked_by_hand() {
    let mut c = the_case();
    // By the ISINs: AAPL (US) is a foreign issuer's, netted: 1,300,000 − 1,000,000 = 300,000.
    // KCEL (KZ) stands alone: 380,000 − 500,000 = −120,000 → 0. Property income 300,000,
    // tax 10% = 30,000.
    let by_isin = (kzt(300_000), kzt(30_000));
    assert_eq!(figures_and_issuers(&c), (kzt(300_000), kzt(30_000), (1, 1)));

    // The user says KCEL's issuer is registered abroad (by its ISIN): it joins the pool,
    // 300,000 − 120,000 = 180,000; tax 18,000.
    c.settings.overrides.push(issuer(1, "KZ1C00000744", "NL"));
    assert_eq!(figures_and_issuers(&c), (kzt(180_000), kzt(18_000), (2, 0)));

    // A later decision by symbol wins: KCEL is Kazakh after all, back to 300,000 / 30,000.
    c.settings.overrides.push(issuer(2, "kcel", "KZ"));
    assert_eq!(figures(&c), by_isin);

    // Undo the decision by symbol (override 1, KCEL abroad, stays) and say AAPL's issuer is
    // Kazakh: AAPL stands alone, +300,000; KCEL is a pool of one, −120,000 → 0. Property
    // income 300,000, tax 30,000: the loss no longer offsets the gain.
    c.settings.overrides.retain(|o| o.id != 2);
    c.settings.overrides.push(issuer(3, "AAPL", "KZ"));
    assert_eq!(figures_and_issuers(&c), (kzt(300_000), kzt(30_000), (1, 1)));
    // Both said to be abroad: the pool of the first decision again, 180,000.
    c.settings.overrides.push(issuer(4, "US0378331005", "US"));
    assert_eq!(figures_and_issuers(&c), (kzt(180_000), kzt(18_000), (2, 0)));

    // Undo every decision: the ISINs' figures.
    c.settings.overrides.clear();
    assert_eq!(figures(&c), by_isin);
}

#[test]
fn the_users_issuer_country_makes_270_due_for_a_foreign_issuers_security_held() {
    let mut c = the_case();
    // TSLA is held on 31 December 2025 without an ISIN, on Freedom (counted in Kazakhstan):
    // its issuer is taken as the venue's, Kazakh, so it makes nothing due. The sales make
    // 270.00 due (property income, securities sold); no securities of foreign issuers are held.
    let before = filings(&c);
    assert_eq!(before.len(), 1, "{before:?}");
    assert_eq!(before[0].0, "270.00");
    assert!(!before[0].1.contains(&Trigger::HoldsForeignSecurities));
    // The user says TSLA's issuer is in the US: a foreign issuer's security held on 31
    // December, at any value, makes 270.00 due (NC Art. 417(1)) and 250.00 lists it.
    c.settings.overrides.push(issuer(1, "TSLA", "US"));
    let after = filings(&c);
    assert!(
        after
            .iter()
            .any(|(code, why)| code == "270.00" && why.contains(&Trigger::HoldsForeignSecurities)),
        "{after:?}"
    );
    assert!(
        after
            .iter()
            .any(|(code, why)| code == "250.00" && why.contains(&Trigger::HoldsForeignSecurities)),
        "{after:?}"
    );
    // The holding says where its issuer came from.
    let (inputs, comp) = c.compute().expect("computes");
    let r =
        compliance::check(&inputs, &comp, &c.settings, 2025, &PersonalFinances::default()).expect("checks");
    let tsla = r
        .holdings
        .iter()
        .find(|h| &*h.asset == "TSLA")
        .expect("TSLA held");
    assert_eq!(
        tsla.foreign_issuer,
        Some((true, compliance::issuer::IssuerBasis::User))
    );
    // Appendix 270.04 lists it: bought in the year (section B) and held on 31 December
    // (section E), column G the country set (without the decision it is not listed at all).
    let d = salyq_core::forms::draft(
        Some(salyq_core::forms::FormCode::F270),
        2025,
        &inputs,
        &comp,
        &c.settings,
        &salyq_core::taxpayer::Taxpayer::default(),
    );
    let e: Vec<(&str, Option<&str>)> = d
        .holdings
        .iter()
        .map(|h| (&*h.asset, h.issuer_country_set.as_deref()))
        .collect();
    assert_eq!(e, [("TSLA", Some("US"))]);
    let b = d
        .foreign_assets
        .iter()
        .find(|r| &*r.asset == "TSLA")
        .expect("TSLA in section B");
    assert_eq!(b.issuer_country_set.as_deref(), Some("US"));
    let mut xml = Vec::new();
    salyq_core::forms::xml::write(&mut xml, &d).expect("XML");
    let xml = String::from_utf8(xml).expect("UTF-8");
    assert!(
        xml.contains("<field name=\"field_270_04_E_E_1\">TSLA</field>"),
        "{xml}"
    );
    assert!(
        xml.contains("<field name=\"field_270_04_E_G_1\">US</field>"),
        "{xml}"
    );
    let mut json = Vec::new();
    salyq_core::forms::json::write(&mut json, &d, &comp, &inputs).expect("JSON");
    let json: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
    assert_eq!(json["holdings"][0]["asset"], "TSLA");
    assert_eq!(json["holdings"][0]["issuer_country_set"], "US");
    let row = |asset: &str| {
        json["foreign_assets"]
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["asset"] == asset)
            .cloned()
            .unwrap_or_else(|| panic!("{asset} not in section B"))
    };
    assert_eq!(row("TSLA")["issuer_country_set"], "US");
    assert_eq!(row("TSLA")["source"], "netting_2025.csv:6");
    assert_eq!(row("AAPL")["issuer_country_set"], serde_json::Value::Null);
    c.settings.overrides.clear();
    let (inputs, comp) = c.compute().expect("computes");
    let d = salyq_core::forms::draft(
        Some(salyq_core::forms::FormCode::F270),
        2025,
        &inputs,
        &comp,
        &c.settings,
        &salyq_core::taxpayer::Taxpayer::default(),
    );
    assert!(d.holdings.is_empty(), "{:?}", d.holdings);
    assert!(d.foreign_assets.iter().all(|r| &*r.asset != "TSLA"));
}

fn salyq(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .args(args)
        .output()
        .expect("salyq runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn s(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temporary path")
}

fn report(p: &Path) -> serde_json::Value {
    let (code, out, err) = salyq(&["case", "report", s(p), "--json", "--year", "2025"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("JSON")
}

fn security<'a>(doc: &'a serde_json::Value, asset: &str) -> &'a serde_json::Value {
    doc["securities"]
        .as_array()
        .expect("securities")
        .iter()
        .find(|s| s["asset"] == asset)
        .unwrap_or_else(|| panic!("{asset} not in {}", doc["securities"]))
}

#[test]
fn the_issuer_country_is_recorded_from_the_command_line_shown_and_undone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("i.salyq");
    let fixture = root("tests/data/issuer/netting_2025.csv");
    let (code, _, err) = salyq(&["case", "new", s(&p), s(&fixture)]);
    assert_eq!(code, 0, "{err}");

    // Each security once, its country and where it came from.
    let doc = report(&p);
    assert_eq!(doc["years"][0]["tax_kzt"], "30000");
    let kcel = security(&doc, "KCEL");
    assert_eq!(kcel["isin"], "KZ1C00000744");
    assert_eq!(kcel["issuer_country"], "KZ");
    assert_eq!(kcel["issuer_country_from"], "isin");
    assert_eq!(kcel["foreign_issuer"], false);
    let tsla = security(&doc, "TSLA");
    assert_eq!(tsla["issuer_country"], serde_json::Value::Null);
    assert_eq!(tsla["issuer_country_from"], serde_json::Value::Null);
    // Without any country, a security counts as a foreign issuer's in the netting [U].
    assert_eq!(tsla["foreign_issuer"], true);

    // A bad country code or an unknown security: refused, the case unchanged.
    let before = std::fs::read(&p).expect("saved");
    let (code, _, err) = salyq(&[
        "case",
        "override",
        s(&p),
        "--issuer-country",
        "KCEL=NLD",
        "--reason",
        "x",
        "--by",
        "me",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("two letters"), "{err}");
    let (code, _, err) = salyq(&[
        "case",
        "override",
        s(&p),
        "--issuer-country",
        "KCELL=NL",
        "--reason",
        "x",
        "--by",
        "me",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no security KCELL in the case"), "{err}");
    assert_eq!(std::fs::read(&p).expect("saved"), before);

    // Recorded by ISIN, lower-case letters accepted: KCEL joins the pool, tax 18,000 (worked
    // in the first test).
    let (code, _, err) = salyq(&[
        "case",
        "override",
        s(&p),
        "--issuer-country",
        "KZ1C00000744=nl",
        "--reason",
        "registered in the Netherlands (prospectus)",
        "--by",
        "A. Reviewer",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("recorded override 1: issuer_country KZ1C00000744"),
        "{err}"
    );
    let c = case::open(&p).expect("opens");
    let o = &c.settings.overrides[0];
    assert_eq!(
        o.change,
        Change::IssuerCountry {
            security: "KZ1C00000744".into(),
            country: "NL".into()
        }
    );
    assert_eq!(o.by, "A. Reviewer");
    let doc = report(&p);
    assert_eq!(doc["years"][0]["tax_kzt"], "18000");
    let kcel = security(&doc, "KCEL");
    assert_eq!(kcel["issuer_country"], "NL");
    assert_eq!(kcel["issuer_country_from"], "user");
    assert_eq!(kcel["foreign_issuer"], true);
    // `case show` lists the decision.
    let (_, shown, _) = salyq(&["case", "show", s(&p)]);
    assert!(shown.contains("issuer_country"), "{shown}");

    // Undone: back to the ISIN's country and 30,000.
    let (code, _, err) = salyq(&["case", "override", s(&p), "--remove", "1", "--by", "me"]);
    assert_eq!(code, 0, "{err}");
    let doc = report(&p);
    assert_eq!(doc["years"][0]["tax_kzt"], "30000");
    assert_eq!(security(&doc, "KCEL")["issuer_country_from"], "isin");
}

#[test]
fn a_case_with_an_impossible_issuer_country_is_refused() {
    // A hand-edited (or foreign) file with a country that is not two upper-case letters, or no
    // security, is refused on opening, naming the override.
    for (security, country) in [("KCEL", "usa"), ("KCEL", "us"), ("  ", "US")] {
        let mut c = the_case();
        c.settings.overrides.push(issuer(7, security, country));
        let e = case::from_bytes(&case::to_bytes(&c, at(0)), "c.salyq")
            .expect_err("refused")
            .to_string();
        assert!(e.contains("override 7"), "{e}");
        assert!(e.contains("two upper-case letters"), "{e}");
    }
    let mut c = the_case();
    c.settings.overrides.push(issuer(7, "KCEL", "US"));
    assert!(case::from_bytes(&case::to_bytes(&c, at(0)), "c.salyq").is_ok());
}

/// `report --json`'s `securities` of a file, computed with the default settings.
fn securities_of(files: &[PathBuf]) -> Vec<serde_json::Value> {
    let list: Vec<(PathBuf, FileRole)> = files.iter().map(|p| (p.clone(), FileRole::Auto)).collect();
    let inputs = salyq_core::import::Inputs::load(&list).unwrap_or_else(|e| panic!("{e}"));
    let s = salyq_core::settings::Settings::default();
    let c = salyq_core::engine::compute(&inputs, &s).expect("computes");
    let view = salyq_core::report::View {
        computation: &c,
        year: None,
    };
    let mut buf = Vec::new();
    salyq_core::report::json::write(&mut buf, &view, &inputs, &s).expect("JSON");
    let doc: serde_json::Value = serde_json::from_slice(&buf).expect("JSON");
    doc["securities"].as_array().expect("securities").clone()
}

#[test]
fn each_security_says_where_its_issuer_country_came_from() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rates = dir.path().join("rates.csv");
    std::fs::write(
        &rates,
        "date,currency,rate,quant\n2025,USD,510.00,1\n2024-03-04,USD,450.00,1\n2024-03-11,USD,452.00,1\n\
         2024-03-29,USD,447.00,1\n2024-08-14,USD,478.00,1\n2024-08-30,USD,480.00,1\n2024-11-14,USD,495.00,1\n",
    )
    .expect("rates");
    // Interactive Brokers: the ISIN comes from the statement's Financial Instrument
    // Information, which the reader states as the issuer's country: `broker`.
    let ibkr = securities_of(&[root("tests/data/ibkr_activity_2025.csv"), rates.clone()]);
    let by_asset = |list: &[serde_json::Value], asset: &str| {
        list.iter()
            .find(|s| s["asset"] == asset)
            .cloned()
            .unwrap_or_else(|| panic!("{asset} not in {list:?}"))
    };
    let aapl = by_asset(&ibkr, "AAPL");
    assert_eq!(
        (
            aapl["isin"].as_str(),
            aapl["issuer_country"].as_str(),
            aapl["issuer_country_from"].as_str(),
            aapl["foreign_issuer"].as_bool()
        ),
        (Some("US0378331005"), Some("US"), Some("broker"), Some(true))
    );
    let cspx = by_asset(&ibkr, "CSPX");
    assert_eq!(
        (
            cspx["issuer_country"].as_str(),
            cspx["issuer_country_from"].as_str()
        ),
        (Some("IE"), Some("broker"))
    );
    // Freedom: the ISIN of each trade, its first two letters: `isin`.
    let freedom = securities_of(&[root("tests/data/freedom_broker_2024.json"), rates]);
    let msft = freedom
        .iter()
        .find(|s| s["isin"] == "US5949181045")
        .unwrap_or_else(|| panic!("MSFT not in {freedom:?}"));
    assert_eq!(msft["issuer_country"], "US");
    assert_eq!(msft["issuer_country_from"], "isin");
    // Currencies (the RUR/USD conversions, interest on cash) are not securities.
    assert!(
        freedom
            .iter()
            .chain(&ibkr)
            .all(|s| !["USD", "RUB", "EUR"].contains(&s["asset"].as_str().unwrap_or(""))),
        "{freedom:?} {ibkr:?}"
    );
}
