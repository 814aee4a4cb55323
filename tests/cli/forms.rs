//! Declaration drafts on hand-worked histories (`tests/data/forms/`): every figure of the form
//! asserted, each worked out by hand in the comment above it. All trades are at 10:00 UTC or
//! later, so the tax date (UTC+5) is the date written; fees are zero.

use rust_decimal::Decimal;
use salyq_core::engine::{self, Computation};
use salyq_core::exemptions::{ExemptReason, TradeKey};
use salyq_core::export::CsvStyle;
use salyq_core::forms::{self, FormCode, FormDraft, LineId, Note, Sums};
use salyq_core::import::{FileRole, Inputs};
use salyq_core::settings::Settings;
use salyq_core::taxpayer::{Iin, Taxpayer};
use std::path::PathBuf;
use std::process::Command;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/forms")
        .join(name)
}

fn load(files: &[&str]) -> Inputs {
    let files: Vec<(PathBuf, FileRole)> = files.iter().map(|f| (data(f), FileRole::Auto)).collect();
    Inputs::load(&files).expect("fixtures load")
}

fn run(
    files: &[&str],
    settings: &Settings,
    year: i32,
    form: Option<FormCode>,
) -> (Inputs, Computation, FormDraft) {
    let inputs = load(files);
    let c = engine::compute(&inputs, settings).expect("fixtures compute");
    let d = forms::draft(form, year, &inputs, &c, settings, &Taxpayer::default());
    (inputs, c, d)
}

fn kzt(x: i64) -> Decimal {
    Decimal::from(x)
}

/// Asserts every figure the form has, in form order.
fn assert_figures(d: &FormDraft, expected: &[(LineId, i64)]) {
    let got: Vec<(LineId, Decimal)> = d.figures.iter().map(|f| (f.id, f.value)).collect();
    let want: Vec<(LineId, Decimal)> = expected.iter().map(|(l, v)| (*l, kzt(*v))).collect();
    assert_eq!(got, want);
}

fn disposal_count(d: &FormDraft, line: LineId) -> usize {
    match &d.figure(line).expect("line on the form").sums {
        Sums::Disposals(ids) => ids.len(),
        other => panic!("{line} sums {other:?}"),
    }
}

#[test]
fn a_2024_loss_is_ignored_on_form_240() {
    // BTC 1 bought for 1,000,000 (Ataix, Kazakhstan); ETH 10 for 500,000 (Kraken, abroad).
    // Sell 0.5 BTC for 700,000: cost 500,000, gain +200,000.
    // Sell 10 ETH for 400,000: cost 500,000, loss −100,000 — ignored (2024: each sale alone).
    // Sell 0.5 BTC for 450,000: cost 500,000, loss −50,000 — ignored.
    // Kazakhstan 200,000; abroad 0; taxable 200,000; tax 10% = 20,000; payable 20,000.
    let (_, _, d) = run(&["loss_2024.csv"], &Settings::default(), 2024, None);
    assert_eq!(d.form, FormCode::F240, "the 2024 rules name 240.00");
    use LineId::*;
    assert_figures(
        &d,
        &[
            (A_1_1, 200_000),
            (A_1_2, 0),
            (A_1, 200_000),
            (B_1_4, 0),
            (B_1_5, 0),
            (B_1, 0),
            (E_1, 0),
            (E_4, 0),
            (E, 0),
            (G, 200_000),
            (H, 20_000),
            (I, 0),
            (K, 20_000),
        ],
    );
    assert_eq!(disposal_count(&d, A_1_1), 1, "only the gain counts");
    assert_eq!(disposal_count(&d, A_1_2), 0);
    assert!(
        d.figures.iter().all(|f| f.code.is_none()),
        "240.00 codes unconfirmed"
    );
    assert_eq!(d.due.to_string(), "2025-03-31");
    assert_eq!(d.pay_by.to_string(), "2025-04-10");
    // 270.04: five crypto trades in 2024, each one row (all against tenge).
    assert_eq!(d.foreign_assets.len(), 5);
    // The other form for comparison: same figures under 270.00's lines.
    let (_, _, d270) = run(
        &["loss_2024.csv"],
        &Settings::default(),
        2024,
        Some(FormCode::F270),
    );
    assert_eq!(d270.value(K), kzt(20_000));
    assert!(d270.notes.contains(&Note::OtherFormThanRules {
        rules_form: FormCode::F240
    }));
}

#[test]
fn foreign_securities_netted_to_a_negative_total_give_zero_in_2025() {
    // Annual average 2025: 500 KZT/USD. Interactive Brokers is abroad; Binance in Kazakhstan.
    // AAPL: bought 2,000 USD = 1,000,000; sold 2,400 USD = 1,200,000 → +200,000.
    // MSFT: bought 2,000 USD = 1,000,000; sold 1,500 USD = 750,000 → −250,000.
    // Securities 2025 are netted: +200,000 − 250,000 = −50,000 → 0. A_1_2 = 0.
    // BTC on Binance: 600,000 → 700,000: +100,000 → A_1_1 = 100,000.
    // G = 100,000; H = 10,000; K = 10,000.
    let (_, _, d) = run(
        &["foreign_net_2025.csv", "rates_2025.csv"],
        &Settings::default(),
        2025,
        None,
    );
    assert_eq!(d.form, FormCode::F270);
    use LineId::*;
    assert_figures(
        &d,
        &[
            (A_1_1, 100_000),
            (A_1_2, 0),
            (A_1, 100_000),
            (A, 100_000),
            (B_1_4, 0),
            (B_1_5, 0),
            (B_1, 0),
            (D, 100_000),
            (E_1, 0),
            (E_4, 0),
            (E, 0),
            // F_1: no month of basic deduction entered (and none before 2026).
            (F_1, 0),
            (F, 0),
            (G, 100_000),
            (H, 10_000),
            (I, 0),
            (J, 0),
            (K, 10_000),
        ],
    );
    assert_eq!(disposal_count(&d, A_1_2), 2, "both netted sales are listed");
    assert_eq!(d.due.to_string(), "2026-09-15");
    assert_eq!(d.pay_by.to_string(), "2026-09-25");
    // 270.04: 4 security rows (abroad) + 2 crypto rows; AAPL identified by its ISIN.
    assert_eq!(d.foreign_assets.len(), 6);
    let aapl = d.foreign_assets.iter().find(|r| &*r.asset == "AAPL").unwrap();
    assert_eq!(aapl.identifier, "US0378331005");
    assert_eq!(aapl.value_kzt, kzt(1_000_000));
}

#[test]
fn the_2026_scale_splits_tax_between_10_and_15_percent() {
    // Other income 36,000,000; BTC gain 12,000,000 − 10,000,000 = 2,000,000.
    // Threshold 8,500 MCI × 4,325 = 36,762,500.
    // 762,500 at 10% = 76,250; 1,237,500 at 15% = 185,625; H = 261,875.
    let mut s = Settings::default();
    s.other_income.insert(2026, kzt(36_000_000));
    let (_, _, d) = run(&["scale_2026.csv"], &s, 2026, None);
    use LineId::*;
    assert_figures(
        &d,
        &[
            (A_1_1, 2_000_000),
            (A_1_2, 0),
            (A_1, 2_000_000),
            (A, 2_000_000),
            (B_1_4, 0),
            (B_1_5, 0),
            (B_1, 0),
            (D, 2_000_000),
            (E_1, 0),
            (E_4, 0),
            (E, 0),
            // F_1: no month of basic deduction entered (and none before 2026).
            (F_1, 0),
            (F, 0),
            (G, 2_000_000),
            (H, 261_875),
            (I, 0),
            (J, 0),
            (K, 261_875),
        ],
    );
    assert_eq!(d.due.to_string(), "2027-09-15");
}

#[test]
fn exempt_kase_aix_and_government_sales_are_adjustments() {
    // KCEL on KASE (exempt by default, E_1): 500,000 → 650,000: +150,000.
    // XYZ on AIX (exempt by default, E_4): 100,000 → 130,000: +30,000.
    // KZGB (a government bond) on Freedom, marked exempt by the user (E_1): 1,000,000 →
    // 1,040,000: +40,000.
    // HSBK on Freedom (taxable): 300,000 → 360,000: +60,000.
    // A_1_1 = 150,000 + 30,000 + 40,000 + 60,000 = 280,000 (all venues in Kazakhstan).
    // E_1 = 150,000 + 40,000 = 190,000; E_4 = 30,000; E = 220,000.
    // G = 280,000 − 220,000 = 60,000; H = 6,000; K = 6,000.
    let mut s = Settings::default();
    s.exemptions.set_trade(
        TradeKey::parse("exempt_2025.csv:9").unwrap(),
        Some(ExemptReason::Government),
    );
    let (_, c, d) = run(&["exempt_2025.csv"], &s, 2025, None);
    use LineId::*;
    assert_figures(
        &d,
        &[
            (A_1_1, 280_000),
            (A_1_2, 0),
            (A_1, 280_000),
            (A, 280_000),
            (B_1_4, 0),
            (B_1_5, 0),
            (B_1, 0),
            (D, 280_000),
            (E_1, 190_000),
            (E_4, 30_000),
            (E, 220_000),
            // F_1: no month of basic deduction entered (and none before 2026).
            (F_1, 0),
            (F, 0),
            (G, 60_000),
            (H, 6_000),
            (I, 0),
            (J, 0),
            (K, 6_000),
        ],
    );
    assert_eq!(disposal_count(&d, E_1), 2);
    assert_eq!(disposal_count(&d, E_4), 1);
    assert_eq!(disposal_count(&d, A_1_1), 4);
    // The yearly result agrees: taxable 60,000, exempt 220,000, tax 6,000.
    let y = &c.years[0];
    assert_eq!(y.property_income, kzt(60_000));
    assert_eq!(y.exempt_income(), kzt(220_000));
    assert_eq!(y.tax, kzt(6_000));
    // Unmarking KASE makes its gain taxable: G = 60,000 + 150,000 = 210,000, H = 21,000.
    s.exemptions.set_venue("KASE", None);
    let (_, _, d) = run(&["exempt_2025.csv"], &s, 2025, None);
    assert_eq!(
        (d.value(E_1), d.value(G), d.value(H)),
        (kzt(40_000), kzt(210_000), kzt(21_000))
    );
}

#[test]
fn the_foreign_tax_credit_is_capped_at_the_kazakh_tax_on_foreign_income() {
    // AAPL abroad: 2,000 USD = 1,000,000 → 2,600 USD = 1,300,000: +300,000 (A_1_2).
    // BTC on Binance: 600,000 → 800,000: +200,000 (A_1_1).
    // G = 500,000; H = 50,000. Kazakh tax on the foreign income: 50,000 × 300,000 ÷ 500,000
    // = 30,000. Entered 45,000 → I = 30,000, K = 20,000.
    let mut s = Settings::default();
    s.foreign_tax_paid.insert(2025, kzt(45_000));
    let (_, _, d) = run(&["credit_2025.csv", "rates_2025.csv"], &s, 2025, None);
    use LineId::*;
    assert_figures(
        &d,
        &[
            (A_1_1, 200_000),
            (A_1_2, 300_000),
            (A_1, 500_000),
            (A, 500_000),
            (B_1_4, 0),
            (B_1_5, 0),
            (B_1, 0),
            (D, 500_000),
            (E_1, 0),
            (E_4, 0),
            (E, 0),
            // F_1: no month of basic deduction entered (and none before 2026).
            (F_1, 0),
            (F, 0),
            (G, 500_000),
            (H, 50_000),
            (I, 30_000),
            (J, 0),
            (K, 20_000),
        ],
    );
    assert!(d.notes.contains(&Note::ForeignCreditCapped {
        entered: kzt(45_000),
        cap: kzt(30_000)
    }));
    assert!(d.notes.contains(&Note::ForeignCreditNeedsCertificate));
    // Under the cap the whole amount counts: 12,000 → I = 12,000, K = 38,000.
    s.foreign_tax_paid.insert(2025, kzt(12_000));
    let (_, _, d) = run(&["credit_2025.csv", "rates_2025.csv"], &s, 2025, None);
    assert_eq!((d.value(I), d.value(K)), (kzt(12_000), kzt(38_000)));
    assert!(
        !d.notes
            .iter()
            .any(|n| matches!(n, Note::ForeignCreditCapped { .. }))
    );
}

#[test]
fn a_year_without_sales_drafts_zeros_under_its_rules() {
    let (_, _, d) = run(&["scale_2026.csv"], &Settings::default(), 2025, None);
    assert_eq!(d.form, FormCode::F270);
    assert!(d.figures.iter().all(|f| f.value.is_zero()));
}

#[test]
fn csv_exports_neutralise_formulas_and_keep_numbers() {
    // A venue named like a formula, notes starting with @ and +; the sale loses 100,000.
    let (inputs, c, d) = run(&["injection.csv"], &Settings::default(), 2025, None);
    let mut out = Vec::new();
    forms::csv::write_foreign_assets(&mut out, &d, &inputs, CsvStyle::Plain).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("'=HYPERLINK("), "{text}");
    assert!(!text.contains(",=HYPERLINK("), "{text}");
    let mut out = Vec::new();
    forms::csv::write_detail(&mut out, &d, &c, &inputs, CsvStyle::Plain).unwrap();
    let mut out = Vec::new();
    salyq_core::export::write_disposals(&mut out, c.disposals.iter(), &c, &inputs, CsvStyle::ExcelRu)
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with('\u{feff}'));
    // Gain −100,000.00 stays a number (decimal comma), the venue is neutralised.
    assert!(text.contains(";-100000,00;"), "{text}");
    assert!(text.contains(";\"'=HYPERLINK("), "{text}");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    for row in reader.records() {
        for cell in row.unwrap().iter() {
            let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
            let number = cell
                .trim_start_matches('-')
                .replace(',', "")
                .chars()
                .all(|c| c.is_ascii_digit());
            assert!(!risky || number, "unsafe cell {cell:?}");
        }
    }
}

fn salyq() -> Command {
    Command::new(env!("CARGO_BIN_EXE_salyq"))
}

#[test]
fn the_command_line_drafts_json_csv_xml_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let out = |n: &str| dir.path().join(n);
    let o = salyq()
        .args([
            "forms",
            "--year",
            "2025",
            "--json",
            "--iin",
            "900101300126",
            "--name",
            "Aigerim <Test>",
        ])
        .arg(data("exempt_2025.csv"))
        .args(["--exempt-trade", "exempt_2025.csv:9=government"])
        .arg("--csv")
        .arg(out("f.csv"))
        .arg("--xml")
        .arg(out("f.xml"))
        .arg("--html")
        .arg(out("f.html"))
        .arg("--foreign-assets")
        .arg(out("fa.csv"))
        .arg("--detail")
        .arg(out("d.csv"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["form"], "270.00");
    assert_eq!(j["taxpayer"]["iin"], "900101300126");
    let fig = |line: &str| crate::common::figure(&j, line);
    assert_eq!(fig("E_1")["value_kzt"], "190000");
    assert_eq!(fig("G")["value_kzt"], "60000");
    assert_eq!(fig("K")["value_kzt"], "6000");
    assert_eq!(fig("E_1")["disposals"].as_array().unwrap().len(), 2);
    assert_eq!(fig("G")["lines"], serde_json::json!(["D", "E", "F"]));
    let xml = std::fs::read_to_string(out("f.xml")).unwrap();
    assert!(xml.contains("<fno code=\"270.00\" formatVersion=\"1\" version=\"2\">"));
    assert!(xml.contains("<sheet name=\"page_270_01_01\">"));
    // The cabinet layout names each figure `field_270_01_<line>` (the first experimental
    // writer wrote the bare line code, `E_1`, which the cabinet does not map); tests/cli/forms_xml.rs
    // parses the whole file back.
    assert!(xml.contains("<field name=\"field_270_01_E_1\">190000</field>"));
    assert!(xml.contains("<field name=\"iin\">900101300126</field>"));
    // "Aigerim <Test>": surname Aigerim, name "<Test>", escaped.
    assert!(xml.contains("<field name=\"fio2\">&lt;Test&gt;</field>"), "{xml}");
    assert!(xml.contains("EXPERIMENTAL"));
    let html = std::fs::read_to_string(out("f.html")).unwrap();
    assert!(html.contains("Aigerim &lt;Test&gt;"), "name escaped");
    assert!(html.contains("900101300126"));
    assert!(html.contains(env!("CARGO_PKG_VERSION")));
    assert!(html.contains("190,000"));
    let csv = std::fs::read_to_string(out("f.csv")).unwrap();
    assert!(csv.contains("270.00,2025,E_1,E_1,"));
    assert_eq!(
        std::fs::read_to_string(out("d.csv")).unwrap().lines().count(),
        1 + 4 + 2 + 1
    );
}

#[test]
fn the_command_line_refuses_a_bad_iin_and_a_missing_year() {
    let o = salyq()
        .args(["forms", "--year", "2025", "--iin", "900101300127"])
        .arg(data("scale_2026.csv"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("control digit"));
    let o = salyq().arg("forms").arg(data("scale_2026.csv")).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--year"));
    assert!(Iin::parse("900101300126").is_ok());
}
