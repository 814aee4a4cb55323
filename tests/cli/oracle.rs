//! Runs the binary on the bundled sample and on the hand-worked cases of `tests/data/`, and
//! compares every figure with the independently worked results (`sample_data/expected.json`,
//! `tests/data/hand_expected.json`; the arithmetic is in `sample_data/README.md` and
//! `tests/data/hand_cases.md`).

use serde_json::Value;
use std::path::Path;
use std::process::Command;

const YEAR_FIELDS: [&str; 8] = [
    "disposals",
    "proceeds_kzt",
    "cost_kzt",
    "gains_kzt",
    "losses_kzt",
    "net_gain_kzt",
    "property_income_kzt",
    "tax_kzt",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn report(files: &[&str], extra: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .current_dir(root())
        .arg("report")
        .args(files)
        .args(extra)
        .arg("--json")
        .output()
        .expect("run salyq");
    assert!(
        out.status.success(),
        "salyq failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn assert_years(got: &Value, expected: &Value, context: &str) {
    let years = got["years"].as_array().unwrap();
    let expected = expected.as_object().unwrap();
    assert_eq!(years.len(), expected.len(), "{context}: number of tax years");
    for (year, fields) in expected {
        let y = years
            .iter()
            .find(|y| y["year"].as_i64().map(|n| n.to_string()).as_deref() == Some(year.as_str()))
            .unwrap_or_else(|| panic!("{context}: no year {year}"));
        for f in YEAR_FIELDS {
            assert_eq!(text(&y[f]), text(&fields[f]), "{context}: {year} {f}");
        }
    }
}

#[test]
fn sample_figures_match_the_hand_worked_results() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("sample_data/expected.json")).unwrap())
            .unwrap();
    let files = [
        "sample_data/trades.csv",
        "sample_data/rates.csv",
        "sample_data/prices.csv",
    ];
    for method in ["fifo", "lifo"] {
        let got = report(&files, &["--method", method]);
        // The declared figures are FIFO whatever the method (NC Art. 387(5)–(6)): `method`
        // names the method of the document's figures. The LIFO figures of `expected.json`
        // (worked in sample_data/README.md) are now each year's `what_if`, beside them.
        assert_eq!(got["method"], "fifo");
        assert_years(&got, &expected["fifo"], &format!("sample {method}"));
        if method == "lifo" {
            assert_eq!(got["what_if_method"], "lifo");
            assert_years(&what_ifs(&got), &expected["lifo"], "sample lifo what-if");
        } else {
            assert!(got["what_if_method"].is_null());
        }
        assert!(
            got["warnings"].as_array().unwrap().is_empty(),
            "the sample has no warnings: {}",
            got["warnings"]
        );
    }
}

/// The report with each year's figures replaced by its `what_if` figures.
fn what_ifs(got: &Value) -> Value {
    let mut v = got.clone();
    for y in v["years"].as_array_mut().unwrap() {
        let w = y["what_if"].clone();
        assert_eq!(w["declared"], false);
        for f in YEAR_FIELDS {
            y[f] = w[f].clone();
        }
    }
    v
}

#[test]
fn hand_cases_match_disposal_by_disposal() {
    let cases: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("tests/data/hand_expected.json")).unwrap())
            .unwrap();
    for (name, case) in cases.as_object().unwrap() {
        let mut files = vec![format!("tests/data/{}", case["trades"].as_str().unwrap())];
        files.push(format!("tests/data/{}", case["rates"].as_str().unwrap()));
        if let Some(p) = case["prices"].as_str() {
            files.push(format!("tests/data/{p}"));
        }
        let files: Vec<&str> = files.iter().map(String::as_str).collect();
        let got = report(&files, &[]);
        assert_years(&got, &case["fifo"], name);
        let disposals = got["disposals"].as_array().unwrap();
        let want = case["disposals_fifo"].as_array().unwrap();
        assert_eq!(disposals.len(), want.len(), "{name}: number of disposals");
        for (g, w) in disposals.iter().zip(want) {
            for (gf, wf) in [
                ("id", "id"),
                ("date", "tax_date"),
                ("asset", "asset"),
                ("quantity", "quantity"),
                ("proceeds_kzt", "proceeds_kzt"),
                ("cost_kzt", "cost_kzt"),
                ("gain_kzt", "gain_kzt"),
            ] {
                assert_eq!(
                    text(&g[gf]),
                    text(&w[wf]),
                    "{name}: disposal {} field {gf}",
                    w["id"]
                );
            }
        }
        if let Some(lifo) = case.get("lifo") {
            // LIFO is a what-if beside the declared FIFO figures, which it leaves unchanged.
            let got = report(&files, &["--method", "lifo"]);
            assert_years(
                &got,
                &case["fifo"],
                &format!("{name} declared under --method lifo"),
            );
            assert_years(&what_ifs(&got), lifo, &format!("{name} lifo what-if"));
        }
    }
}

/// `hand_fifo_partial.csv`, worked by hand:
/// lot 1 = 1 BTC for 100,000 + fee 1,000 = 101,000; lot 2 = 2 BTC for 300,000.
/// P-3 sells 1.5 for 330,000 − 300 fee = 329,700; FIFO cost = 101,000 + 0.5 × 150,000 = 176,000.
/// P-3's lots: line 2 (1 BTC, 101,000.00) and line 3 (0.5 BTC, 75,000.00).
#[test]
fn audit_trail_points_at_the_source_lines() {
    let got = report(
        &["tests/data/hand_fifo_partial.csv", "tests/data/hand_rates.csv"],
        &[],
    );
    let d = &got["disposals"][0];
    assert_eq!(d["id"], "P-3");
    assert_eq!(d["source"], "hand_fifo_partial.csv:4");
    assert_eq!(d["proceeds_kzt"], "329700.00");
    assert_eq!(d["cost_kzt"], "176000.00");
    let lots = d["lots"].as_array().unwrap();
    assert_eq!(lots.len(), 2);
    assert_eq!(
        (
            lots[0]["source"].as_str(),
            lots[0]["quantity"].as_str(),
            lots[0]["cost_kzt"].as_str()
        ),
        (Some("hand_fifo_partial.csv:2"), Some("1"), Some("101000.00"))
    );
    assert_eq!(
        (
            lots[1]["source"].as_str(),
            lots[1]["quantity"].as_str(),
            lots[1]["cost_kzt"].as_str()
        ),
        (Some("hand_fifo_partial.csv:3"), Some("0.5"), Some("75000.00"))
    );
}

/// The sample's 2025 FIFO figures, restricted with `--year`: only that year and its disposals.
#[test]
fn year_filter_keeps_one_year() {
    let got = report(
        &[
            "sample_data/trades.csv",
            "sample_data/rates.csv",
            "sample_data/prices.csv",
        ],
        &["--year", "2025"],
    );
    let years = got["years"].as_array().unwrap();
    assert_eq!(years.len(), 1);
    assert_eq!(years[0]["year"], 2025);
    // sample_data/README.md §4: 10% of 525,267.00 (the securities' 2025 result, worked in
    // dollars at the 2025 average, is −25,365.02: netted to 0) = 52,526.70 → 52,527.
    assert_eq!(years[0]["tax_kzt"], "52527");
    assert!(
        got["disposals"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["date"].as_str().unwrap().starts_with("2025-"))
    );
    assert_eq!(got["disposals"].as_array().unwrap().len(), 12);
}

#[test]
fn disposals_csv_has_one_row_per_disposal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("d.csv");
    let status = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .current_dir(root())
        .args([
            "disposals",
            "tests/data/hand_fifo_partial.csv",
            "tests/data/hand_rates.csv",
            "--out",
        ])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // `fx_gain` (added with the currency rule of 2025): empty here, the trades are in tenge.
    assert_eq!(
        lines[0],
        "id,date,asset,kind,role,quantity,proceeds_kzt,cost_kzt,gain_kzt,uncovered_quantity,exchange,source,lots,\
         fx_gain,generator"
    );
    assert!(
        lines[1].ends_with(&format!(",{}", salyq_core::about::line())),
        "{}",
        lines[1]
    );
    assert_eq!(lines.len(), 4);
    assert!(
        lines[3].starts_with("P-5,2025-06-02,BTC,crypto,sold,1,120000.00,150000.00,-30000.00,0,"),
        "{}",
        lines[3]
    );
}

/// The same trades as `hand_fifo_partial.csv`, re-saved as Excel does in a Russian locale
/// (BOM, CRLF, `;`, decimal commas, spaces between thousands, dd.mm.yyyy dates), and with a
/// two-line preamble before the header: the same figures, and sources on the right lines.
#[test]
fn excel_russian_locale_and_preambles_read_like_the_generic_file() {
    let plain = report(&["tests/data/hand_fifo_partial.csv"], &[]);
    for (file, first_line) in [("excel_ru_fifo_partial.csv", 4), ("preamble_fifo_partial.csv", 7)] {
        let got = report(&[&format!("tests/data/{file}")], &[]);
        assert_eq!(got["years"], plain["years"], "{file}");
        let d = &got["disposals"][0];
        assert_eq!(d["proceeds_kzt"], "329700.00", "{file}");
        assert_eq!(d["source"], format!("{file}:{first_line}"), "{file}");
        assert_eq!(
            got["disposals"][1]["proceeds_kzt"], "100000.01",
            "{file}: 0,5 × 200 000,01 half-up"
        );
    }
}

/// `hand_fifo_partial.csv` trades on venue `Hand`, which is not in the AIFC list: its property
/// income (178,700.01, see above) counts as abroad, unless `--venue Hand=kazakhstan` says so.
#[test]
fn venue_countries_split_the_property_income() {
    let files = ["tests/data/hand_fifo_partial.csv"];
    let y = &report(&files, &[])["years"][0];
    assert_eq!(
        (
            y["property_income_kazakhstan_kzt"].as_str(),
            y["property_income_abroad_kzt"].as_str()
        ),
        (Some("0.00"), Some("178700.01"))
    );
    let y = &report(&files, &["--venue", "Hand=kazakhstan"])["years"][0];
    assert_eq!(
        (
            y["property_income_kazakhstan_kzt"].as_str(),
            y["property_income_abroad_kzt"].as_str()
        ),
        (Some("178700.01"), Some("0.00"))
    );
    assert_eq!(y["tax_kzt"], "17870");
}
