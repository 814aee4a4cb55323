//! The experimental 270.00 cabinet XML (`forms --xml`) on hand-worked histories
//! (`tests/data/forms/`): each file is parsed back (roxmltree) and every field checked, each
//! expected value worked out by hand in the comment above it. All trades are at 10:00 UTC or
//! later, so the tax date (UTC+5) is the date written; fees are zero; USD at 500 (2025 average).

use rust_decimal::Decimal;
use salyq_core::engine;
use salyq_core::forms::{self, FormDraft, LineId};
use salyq_core::import::{FileRole, Inputs};
use salyq_core::settings::Settings;
use salyq_core::taxpayer::{Iin, Taxpayer};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/forms")
        .join(name)
}

fn draft(files: &[&str], settings: &Settings, year: i32, taxpayer: &Taxpayer) -> FormDraft {
    let files: Vec<(PathBuf, FileRole)> = files.iter().map(|f| (data(f), FileRole::Auto)).collect();
    let inputs = Inputs::load(&files).expect("fixtures load");
    let c = engine::compute(&inputs, settings).expect("fixtures compute");
    forms::draft(None, year, &inputs, &c, settings, taxpayer)
}

fn xml_of(d: &FormDraft, options: &forms::xml::XmlOptions) -> String {
    let mut out = Vec::new();
    forms::xml::write_with(&mut out, d, options).expect("XML written");
    String::from_utf8(out).expect("UTF-8")
}

/// One sheet: its name and its fields in order.
type Sheet = (String, Vec<(String, String)>);

/// The element children of `n`, each checked to be a `tag`.
fn elements<'a, 'i>(n: roxmltree::Node<'a, 'i>, tag: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    let children: Vec<_> = n.children().filter(|c| c.is_element()).collect();
    for c in &children {
        assert_eq!(c.tag_name().name(), tag);
    }
    children
}

/// The document read back: each form's name with its sheets (one per `<sheetGroup>`).
fn parse(xml: &str) -> Vec<(String, Vec<Sheet>)> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "fno");
    assert_eq!(root.attribute("code"), Some("270.00"));
    assert_eq!(root.attribute("formatVersion"), Some("1"));
    assert_eq!(root.attribute("version"), Some("2"));
    elements(root, "form")
        .into_iter()
        .map(|form| {
            let sheets = elements(form, "sheetGroup")
                .into_iter()
                .flat_map(|g| elements(g, "sheet"))
                .map(|sheet| {
                    let fields = elements(sheet, "field")
                        .into_iter()
                        .map(|f| {
                            (
                                f.attribute("name").expect("a field has a name").to_string(),
                                f.text().unwrap_or("").to_string(),
                            )
                        })
                        .collect();
                    (sheet.attribute("name").unwrap().to_string(), fields)
                })
                .collect();
            (form.attribute("name").unwrap().to_string(), sheets)
        })
        .collect()
}

fn fields(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect()
}

fn iin() -> Iin {
    Iin::parse("900101300126").unwrap()
}

#[test]
fn every_field_of_a_hand_worked_270_is_read_back() {
    // credit_2025.csv: AAPL on Interactive Brokers (abroad, ISIN US…): 2,000 USD × 500 =
    // 1,000,000 → 2,600 USD × 500 = 1,300,000: +300,000 (A_1_2). BTC on Binance (Kazakhstan):
    // 600,000 → 800,000: +200,000 (A_1_1). A_1 = A = D = 500,000; E = 0; G = 500,000; H = 10% =
    // 50,000. Tax paid abroad 45,000, capped at 50,000 × 300,000 ÷ 500,000 = 30,000: I = 30,000,
    // K = 20,000.
    let mut s = Settings::default();
    s.foreign_tax_paid.insert(2025, Decimal::from(45_000));
    let taxpayer = Taxpayer {
        name: "Абенова Айгерим Серікқызы".into(),
        iin: Some(iin()),
    };
    let d = draft(&["credit_2025.csv", "rates_2025.csv"], &s, 2025, &taxpayer);
    let options = forms::xml::XmlOptions {
        kind: forms::xml::DeclarationKind::Regular,
        submit_date: chrono::NaiveDate::from_ymd_opt(2026, 3, 10),
        email: "a@example.kz".into(),
        phone: "+7 701 000 00 00".into(),
    };
    let xml = xml_of(&d, &options);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(xml.contains("EXPERIMENTAL"));
    let doc = parse(&xml);
    let names: Vec<&str> = doc.iter().map(|(n, _)| n.as_str()).collect();
    // No holding on 31 December; four 270.04 section B rows: the appendix is written.
    assert_eq!(
        names,
        ["form_270_00", "form_270_01", "form_270_02", "form_270_04"]
    );

    // The title page, every field in order. The name splits into surname, name, patronymic;
    // a main regular declaration; appendices 270.01, 270.02 and 270.04 filled; no spouse.
    let (sheet, title) = &doc[0].1[0];
    assert_eq!(doc[0].1.len(), 1);
    assert_eq!(sheet, "page_270_00_01");
    assert_eq!(
        fields(title),
        [
            ("iin", "900101300126"),
            ("fio1", "Абенова"),
            ("fio2", "Айгерим"),
            ("fio3", "Серікқызы"),
            ("head_name", "Абенова Айгерим Серікқызы"),
            ("period_year", "2025"),
            ("dt_main", "true"),
            ("dt_regular", "true"),
            ("dt_additional", "false"),
            ("dt_notice", "false"),
            ("pril_1", "true"),
            ("pril_2", "true"),
            ("pril_3", "false"),
            ("pril_4", "true"),
            ("pril_5", "false"),
            ("pril_6", "false"),
            ("pril_7", "false"),
            ("accept_date", ""),
            ("submit_date", "10.03.2026"),
            ("email", "a@example.kz"),
            ("payer_phone_number", "+7 701 000 00 00"),
            ("iin_spouse", ""),
        ]
    );

    // 270.01: iin, page, year, then one field per coded line of the draft, whole tenge.
    let (sheet, figures) = &doc[1].1[0];
    assert_eq!(sheet, "page_270_01_01");
    let f = fields(figures);
    assert_eq!(
        f[..3],
        [
            ("iin", "900101300126"),
            ("page_number", "1"),
            ("period_year", "2025")
        ]
    );
    let coded: Vec<String> = d
        .figures
        .iter()
        .filter_map(|x| x.code.as_ref().map(|c| format!("field_270_01_{c}")))
        .collect();
    assert_eq!(
        f[3..].iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>(),
        coded,
        "every line the draft has, in form order"
    );
    let by_name: BTreeMap<&str, &str> = f.iter().copied().collect();
    for (line, want) in [
        ("A_1_1", "200000"),
        ("A_1_2", "300000"),
        ("A_1", "500000"),
        ("A", "500000"),
        ("D", "500000"),
        ("E_1", "0"),
        ("E_4", "0"),
        ("E", "0"),
        ("G", "500000"),
        ("H", "50000"),
        ("I", "30000"),
        ("K", "20000"),
    ] {
        assert_eq!(by_name[format!("field_270_01_{line}").as_str()], want, "{line}");
    }
    // And each value is the draft's own figure.
    for x in &d.figures {
        if let Some(code) = &x.code {
            assert_eq!(
                by_name[format!("field_270_01_{code}").as_str()],
                format!("{:.0}", x.value)
            );
        }
    }

    // 270.02: the budget code of individual income tax.
    let (sheet, payable) = &doc[2].1[0];
    assert_eq!(sheet, "page_270_02_01");
    assert_eq!(
        fields(payable),
        [
            ("iin", "900101300126"),
            ("page_number", "1"),
            ("period_year", "2025"),
            ("field_270_02_kbk_01", "101201"),
        ]
    );

    // 270.04 section B, one sheet, rows in trade order: columns A no., B operation, C kind,
    // D quantity, E identifier, F date, G country, H currency, I value in tenge.
    assert_eq!(doc[3].1.len(), 1);
    let (sheet, rows) = &doc[3].1[0];
    assert_eq!(sheet, "page_270_04_01");
    let security = "ценные бумаги, эмитенты которых зарегистрированы за пределами РК";
    let crypto = "цифровые активы";
    let mut want: Vec<(String, String)> = vec![
        ("iin".into(), "900101300126".into()),
        ("page_number".into(), "1".into()),
        ("period_year".into(), "2025".into()),
    ];
    for (n, (op, kind, qty, id, date, country, cur, value)) in [
        // AAPL bought: 2,000 USD × 500.
        (
            "приобретение",
            security,
            "10",
            "US0378331005",
            "03.02.2025",
            "US",
            "USD",
            "1000000",
        ),
        // BTC bought on Binance (Kazakhstan): 600,000 KZT.
        (
            "приобретение",
            crypto,
            "0.1",
            "BTC",
            "03.03.2025",
            "KZ",
            "KZT",
            "600000",
        ),
        // AAPL sold: 2,600 USD × 500.
        (
            "отчуждение",
            security,
            "10",
            "US0378331005",
            "02.06.2025",
            "US",
            "USD",
            "1300000",
        ),
        // BTC sold: 800,000 KZT.
        (
            "отчуждение",
            crypto,
            "0.1",
            "BTC",
            "01.07.2025",
            "KZ",
            "KZT",
            "800000",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let n = n + 1;
        for (col, v) in [
            ('A', n.to_string()),
            ('B', op.into()),
            ('C', kind.into()),
            ('D', qty.into()),
            ('E', id.into()),
            ('F', date.into()),
            ('G', country.into()),
            ('H', cur.into()),
            ('I', value.into()),
        ] {
            want.push((format!("field_270_04_B_{col}_{n}"), v));
        }
    }
    assert_eq!(rows, &want);
}

#[test]
fn more_than_six_section_b_rows_go_on_further_sheets() {
    // many_rows_2025.csv: seven crypto assets bought on Binance (BTC 100,000, ETH 200,000,
    // SOL 300,000, XRP 400,000, ADA 500,000, DOT 600,000, LTC 700,000) and LTC sold for
    // 750,000: 8 section B rows → 6 on the first sheet, 2 on the second. On 31 December six
    // assets are held (no price: at cost) → section E: 5 on the first sheet, 1 on the second.
    // Two copies of the sheet, page_number 1 and 2; row numbers (column A) run on.
    let d = draft(
        &["many_rows_2025.csv"],
        &Settings::default(),
        2025,
        &Taxpayer::default(),
    );
    assert_eq!(d.foreign_assets.len(), 8);
    assert_eq!(d.holdings.len(), 6);
    assert_eq!(forms::xml::sheets_270_04(&d), 2);
    let doc = parse(&xml_of(&d, &Default::default()));
    let (_, sheets) = doc.iter().find(|(n, _)| n == "form_270_04").unwrap();
    assert_eq!(sheets.len(), 2);
    let get = |sheet: usize, name: &str| -> Option<String> {
        sheets[sheet]
            .1
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(sheets[0].0, "page_270_04_01");
    assert_eq!(sheets[1].0, "page_270_04_01");
    assert_eq!(get(0, "page_number").as_deref(), Some("1"));
    assert_eq!(get(1, "page_number").as_deref(), Some("2"));
    // No IIN given: the field is there, empty.
    assert_eq!(get(0, "iin").as_deref(), Some(""));
    // Section B: rows 1–6 on sheet 1 (BTC … DOT acquired), rows 7–8 on sheet 2 (LTC
    // acquired for 700,000, LTC disposed of for 750,000).
    let b = |sheet: usize| {
        sheets[sheet]
            .1
            .iter()
            .filter(|(n, _)| n.starts_with("field_270_04_B_A_"))
            .count()
    };
    assert_eq!((b(0), b(1)), (6, 2));
    assert_eq!(get(0, "field_270_04_B_E_1").as_deref(), Some("BTC"));
    assert_eq!(get(0, "field_270_04_B_I_6").as_deref(), Some("600000"));
    assert_eq!(get(1, "field_270_04_B_A_1").as_deref(), Some("7"));
    assert_eq!(get(1, "field_270_04_B_E_1").as_deref(), Some("LTC"));
    assert_eq!(get(1, "field_270_04_B_B_1").as_deref(), Some("приобретение"));
    assert_eq!(get(1, "field_270_04_B_I_1").as_deref(), Some("700000"));
    assert_eq!(get(1, "field_270_04_B_A_2").as_deref(), Some("8"));
    assert_eq!(get(1, "field_270_04_B_B_2").as_deref(), Some("отчуждение"));
    assert_eq!(get(1, "field_270_04_B_F_2").as_deref(), Some("02.06.2025"));
    assert_eq!(get(1, "field_270_04_B_I_2").as_deref(), Some("750000"));
    assert_eq!(get(1, "field_270_04_B_A_3"), None);
    // Section E, per asset in code order: ADA 500,000, BTC 100,000, DOT 600,000, ETH 200,000,
    // SOL 300,000 on sheet 1; XRP 400,000 (row 6) on sheet 2. Each 1 unit, venue in Kazakhstan.
    let e: Vec<(String, String, String)> = (0..2)
        .flat_map(|sheet| {
            (1..=5).filter_map(move |n| {
                Some((
                    get(sheet, &format!("field_270_04_E_A_{n}"))?,
                    get(sheet, &format!("field_270_04_E_E_{n}"))?,
                    get(sheet, &format!("field_270_04_E_I_{n}"))?,
                ))
            })
        })
        .collect();
    let want: Vec<(String, String, String)> = [
        ("1", "ADA", "500000"),
        ("2", "BTC", "100000"),
        ("3", "DOT", "600000"),
        ("4", "ETH", "200000"),
        ("5", "SOL", "300000"),
        ("6", "XRP", "400000"),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(e, want);
    assert_eq!(get(1, "field_270_04_E_C_1").as_deref(), Some("цифровые активы"));
    assert_eq!(get(1, "field_270_04_E_D_1").as_deref(), Some("1"));
    assert_eq!(get(1, "field_270_04_E_G_1").as_deref(), Some("KZ"));
    // The title page marks 270.04 filled.
    let title = &doc[0].1[0].1;
    assert!(title.contains(&("pril_4".to_string(), "true".to_string())));
}

#[test]
fn a_name_with_markup_is_escaped_and_reads_back_whole() {
    // `O"Brien & <Sons>`: surname O"Brien, name &, patronymic <Sons>.
    let taxpayer = Taxpayer {
        name: "O\"Brien & <Sons>\u{1}".into(),
        iin: None,
    };
    let d = draft(&["split_2025.csv"], &Settings::default(), 2025, &taxpayer);
    let xml = xml_of(&d, &Default::default());
    assert!(xml.contains("&amp;"), "{xml}");
    assert!(xml.contains("&lt;Sons&gt;"), "{xml}");
    assert!(!xml.contains("<Sons>"), "{xml}");
    assert!(!xml.contains('\u{1}'), "control characters are dropped");
    let doc = parse(&xml);
    let title: BTreeMap<String, String> = doc[0].1[0].1.iter().cloned().collect();
    assert_eq!(title["fio1"], "O\"Brien");
    assert_eq!(title["fio2"], "&");
    assert_eq!(title["fio3"], "<Sons>");
    assert_eq!(title["head_name"], "O\"Brien & <Sons>");
    // The two BTC trades are 270.04 section B rows: the appendix is written.
    assert_eq!(title["pril_4"], "true");
}

#[test]
fn the_spouse_split_halves_the_figures_rounding_the_first_half_up() {
    // split_2025.csv: BTC 600,000 → 800,001 on Binance: A_1_1 = 200,001. Whole: G = 200,001,
    // H = 10% = 20,000.1 → 20,000, K = 20,000.
    // Split: A_1_1 taxpayer 200,001 ÷ 2 = 100,000.5 → 100,001 (half-up), spouse 200,001 −
    // 100,001 = 100,000. A_1 = A = D = G: 100,001 | 100,000. H: 10,000.1 → 10,000 | 10,000.
    // K = 10,000 | 10,000. E_1, E_4, E, F, I, J: 0 | 0.
    let taxpayer = Taxpayer {
        name: String::new(),
        iin: Some(iin()),
    };
    let mut d = draft(&["split_2025.csv"], &Settings::default(), 2025, &taxpayer);
    assert_eq!(d.value(LineId::G), Decimal::from(200_001));
    assert_eq!(d.value(LineId::H), Decimal::from(20_000));
    let spouse = Iin::parse("850312400039").unwrap();
    forms::split::apply(&mut d, spouse.clone());
    let split = d.split.clone().unwrap();
    let got: Vec<(LineId, i64, i64, i64)> = split
        .shares
        .iter()
        .map(|s| {
            let i = |x: Decimal| i64::try_from(x).unwrap();
            (s.id, i(s.whole), i(s.taxpayer), i(s.spouse))
        })
        .collect();
    use LineId::*;
    for (line, whole, mine, theirs) in [
        (A_1_1, 200_001, 100_001, 100_000),
        (A_1_2, 0, 0, 0),
        (A_1, 200_001, 100_001, 100_000),
        (A, 200_001, 100_001, 100_000),
        (D, 200_001, 100_001, 100_000),
        (E_1, 0, 0, 0),
        (E_4, 0, 0, 0),
        (E, 0, 0, 0),
        (F, 0, 0, 0),
        (G, 200_001, 100_001, 100_000),
        (H, 20_000, 10_000, 10_000),
        (I, 0, 0, 0),
        (J, 0, 0, 0),
        (K, 20_000, 10_000, 10_000),
    ] {
        assert!(got.contains(&(line, whole, mine, theirs)), "{line}: {got:?}");
    }
    // The draft now shows the taxpayer's half, and says so.
    assert_eq!(d.value(A_1_1), Decimal::from(100_001));
    assert_eq!(d.value(K), Decimal::from(10_000));
    assert!(
        d.year_result
            .assumptions
            .iter()
            .any(|a| a.contains("850312400039") && a.contains("half-up"))
    );
    let doc = parse(&xml_of(&d, &Default::default()));
    let title: BTreeMap<String, String> = doc[0].1[0].1.iter().cloned().collect();
    assert_eq!(title["iin_spouse"], "850312400039");
    let figures: BTreeMap<String, String> = doc[1].1[0].1.iter().cloned().collect();
    assert_eq!(figures["field_270_01_A_1_1"], "100001");
    assert_eq!(figures["field_270_01_H"], "10000");
}

fn salyq() -> Command {
    Command::new(env!("CARGO_BIN_EXE_salyq"))
}

#[test]
fn the_command_line_writes_the_split_and_the_name_parts_everywhere() {
    // The same split as above through `salyq forms`: JSON, CSV, HTML and XML carry the
    // taxpayer's half (A_1_1 100,001), the whole (200,001) and the spouse's (100,000).
    let dir = tempfile::tempdir().unwrap();
    let out = |n: &str| dir.path().join(n);
    let o = salyq()
        .args(["forms", "--year", "2025", "--json", "--iin", "900101300126"])
        .args(["--split-with", "850312400039"])
        .args(["--surname", "Ким-Пак", "--first-name", "Ли", "--patronymic", ""])
        .args(["--declaration-kind", "notice", "--submit-date", "2026-09-01"])
        .arg(data("split_2025.csv"))
        .arg("--xml")
        .arg(out("f.xml"))
        .arg("--csv")
        .arg(out("f.csv"))
        .arg("--html")
        .arg(out("f.html"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["taxpayer"]["name"], "Ким-Пак Ли");
    assert_eq!(j["taxpayer"]["surname"], "Ким-Пак");
    assert_eq!(j["taxpayer"]["patronymic"], "");
    assert_eq!(j["split"]["spouse_iin"], "850312400039");
    let share = j["split"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["line"] == "A_1_1")
        .unwrap()
        .clone();
    assert_eq!(
        (
            share["whole_kzt"].as_str(),
            share["taxpayer_kzt"].as_str(),
            share["spouse_kzt"].as_str()
        ),
        (Some("200001"), Some("100001"), Some("100000"))
    );
    let fig = crate::common::figure(&j, "A_1_1");
    assert_eq!(fig["value_kzt"], "100001");
    assert!(j["assumptions"].as_array().unwrap().iter().any(|a| {
        a.as_str()
            .unwrap()
            .starts_with("Spouse split with IIN 850312400039")
    }));
    let csv = std::fs::read_to_string(out("f.csv")).unwrap();
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .contains(",confidence,whole_before_split_kzt,spouse_kzt")
    );
    let a_1_1 = csv.lines().find(|l| l.starts_with("270.00,2025,A_1_1,")).unwrap();
    assert!(a_1_1.contains(",100001,"), "{a_1_1}");
    assert!(a_1_1.contains(",200001,100000,"), "{a_1_1}");
    let html = std::fs::read_to_string(out("f.html")).unwrap();
    assert!(html.contains("850312400039"));
    assert!(html.contains("100,001") && html.contains("200,001"));
    let doc = parse(&std::fs::read_to_string(out("f.xml")).unwrap());
    let title: BTreeMap<String, String> = doc[0].1[0].1.iter().cloned().collect();
    assert_eq!(title["fio1"], "Ким-Пак");
    assert_eq!(title["fio2"], "Ли");
    assert_eq!(title["fio3"], "");
    assert_eq!(title["iin_spouse"], "850312400039");
    // An additional declaration on a notice.
    assert_eq!(
        (
            title["dt_main"].as_str(),
            title["dt_regular"].as_str(),
            title["dt_additional"].as_str(),
            title["dt_notice"].as_str()
        ),
        ("false", "false", "true", "true")
    );
    assert_eq!(title["submit_date"], "01.09.2026");

    // The spouse's IIN is checked like --iin, and must not be the taxpayer's own.
    let o = salyq()
        .args(["forms", "--year", "2025", "--split-with", "850312400038"])
        .arg(data("split_2025.csv"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("control digit"));
    let o = salyq()
        .args(["forms", "--year", "2025", "--iin", "900101300126"])
        .args(["--split-with", "900101300126"])
        .arg(data("split_2025.csv"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("own IIN"));
}

mod properties {
    use super::*;
    use proptest::prelude::*;
    use salyq_core::taxpayer::NameParts;

    fn base() -> FormDraft {
        draft(
            &["split_2025.csv"],
            &Settings::default(),
            2025,
            &Taxpayer::default(),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any name — markup, quotes, control characters, any script — is written as
        /// well-formed XML and reads back as its three parts (control characters dropped).
        #[test]
        fn any_name_reads_back(name in "\\PC{0,40}", extra in "[&<>\"' \\u{1}\\u{7}a-zА-яӘ-ө]{0,12}") {
            let full = format!("{name}{extra}");
            let taxpayer = Taxpayer { name: full.clone(), iin: None };
            let mut d = base();
            d.taxpayer = taxpayer.clone();
            d.name_parts = taxpayer.name_parts();
            let doc = parse(&xml_of(&d, &Default::default()));
            let title: BTreeMap<String, String> = doc[0].1[0].1.iter().cloned().collect();
            let clean = |s: &str| -> String {
                s.chars()
                    .filter(|&c| ((c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r')) && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
                    .collect()
            };
            let parts = NameParts::split(&full);
            // roxmltree normalises line ends inside text as XML requires (\r\n and \r → \n).
            let norm = |s: String| s.replace("\r\n", "\n").replace('\r', "\n");
            prop_assert_eq!(&title["fio1"], &norm(clean(&parts.surname)));
            prop_assert_eq!(&title["fio2"], &norm(clean(&parts.first_name)));
            prop_assert_eq!(&title["fio3"], &norm(clean(&parts.patronymic)));
        }

        /// The split keeps the form's arithmetic on each half and the halves of every halved
        /// line add up to the whole, the taxpayer's being the larger by at most 1 tenge.
        #[test]
        fn the_split_keeps_the_arithmetic(
            a11 in 0i64..10_000_000_000, a12 in 0i64..10_000_000_000,
            e1 in 0i64..1_000_000, e4 in 0i64..1_000_000, i in 0i64..1_000_000,
        ) {
            use LineId::*;
            let mut d = base();
            let set = |d: &mut FormDraft, id: LineId, v: i64| {
                d.figures.iter_mut().find(|f| f.id == id).unwrap().value = Decimal::from(v);
            };
            let (a11, a12) = (a11.max(e1), a12.max(e4));
            set(&mut d, A_1_1, a11);
            set(&mut d, A_1_2, a12);
            set(&mut d, E_1, e1);
            set(&mut d, E_4, e4);
            set(&mut d, I, i);
            forms::split::apply(&mut d, Iin::parse("850312400039").unwrap());
            let s = d.split.clone().unwrap();
            let v = |id: LineId, spouse: bool| {
                let sh = s.share(id).unwrap();
                if spouse { sh.spouse } else { sh.taxpayer }
            };
            for id in [A_1_1, A_1_2, E_1, E_4] {
                let sh = s.share(id).unwrap();
                prop_assert_eq!(sh.taxpayer + sh.spouse, sh.whole);
                let diff = sh.taxpayer - sh.spouse;
                prop_assert!(diff == Decimal::ZERO || diff == Decimal::ONE);
            }
            for spouse in [false, true] {
                prop_assert_eq!(v(A_1, spouse), v(A_1_1, spouse) + v(A_1_2, spouse));
                prop_assert_eq!(v(D, spouse), v(A, spouse));
                prop_assert_eq!(v(E, spouse), v(E_1, spouse) + v(E_4, spouse));
                prop_assert_eq!(v(G, spouse), (v(D, spouse) - v(E, spouse) - v(F, spouse)).max(Decimal::ZERO));
                // 2025: 10%, whole tenge half-up.
                prop_assert_eq!(v(H, spouse), (v(G, spouse) / Decimal::TEN).round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero));
                prop_assert!(v(I, spouse) <= v(H, spouse));
                prop_assert_eq!(v(K, spouse), v(H, spouse) - v(I, spouse) - v(J, spouse));
            }
            // The draft shows the taxpayer's half.
            for f in &d.figures {
                prop_assert_eq!(f.value, s.share(f.id).unwrap().taxpayer);
            }
        }
    }
}

#[test]
fn case_forms_follows_the_split_kept_in_the_case() {
    // The window keeps the split in the case's settings; `case forms` drafts it as
    // `--split-with` would: A_1_1 200,001 whole, 100,001 the taxpayer's, 100,000 the spouse's.
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("split.salyq");
    let o = salyq()
        .args(["case", "new"])
        .arg(&case)
        .args(["--iin", "900101300126", "--year", "2025"])
        .arg(data("split_2025.csv"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut c = salyq_core::case::open(&case).unwrap();
    c.settings.spouse_split = Some(Iin::parse("850312400039").unwrap());
    salyq_core::case::save(&mut c, &case).unwrap();
    let o = salyq()
        .args(["case", "forms"])
        .arg(&case)
        .arg("--json")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["split"]["spouse_iin"], "850312400039");
    let fig = crate::common::figure(&j, "A_1_1");
    assert_eq!(fig["value_kzt"], "100001");
    // The spouse's own IIN as the taxpayer's is refused, as with --split-with.
    let o = salyq()
        .args(["case", "forms"])
        .arg(&case)
        .args(["--iin", "850312400039", "--json"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("the taxpayer's own IIN"));
    // Without the split in the case: the whole.
    c.settings.spouse_split = None;
    salyq_core::case::save(&mut c, &case).unwrap();
    let o = salyq()
        .args(["case", "forms"])
        .arg(&case)
        .arg("--json")
        .output()
        .unwrap();
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(j["split"].is_null());
}
