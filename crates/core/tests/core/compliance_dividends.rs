//! The dividends filing test: dividends above 230,000 MCI in a year make 270.00 due (NC Art.
//! 417(1), law text, bundled for the declarations of 2025 and 2026), every dividend counted
//! (foreign and Kazakhstan issuers', gross, in tenge at the year's rate rule); and dividends or
//! interest from foreign issuers make it due at any amount (income no Kazakhstan tax agent
//! taxed). Both sides of the threshold, worked by hand. The statements are Interactive Brokers
//! Activity Statements written by the test from the documented layout.

use rust_decimal_macros::dec;
use salyq_core::compliance::{self, PersonalFinances, table::Trigger};
use salyq_core::engine;
use salyq_core::import::{FileRole, Inputs};
use salyq_core::settings::Settings;

/// A statement with the dividends given (symbol, ISIN, date, amount in USD) and interest
/// (date, amount), and the year's average USD rate of 500.00 for 2025 and 2026.
fn load(tag: &str, dividends: &[(&str, &str, &str, &str)], interest: &[(&str, &str)]) -> Inputs {
    let dir = std::env::temp_dir().join(format!("salyq-dividends-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut s = String::from(
        "Statement,Header,Field Name,Field Value\n\
         Statement,Data,BrokerName,Interactive Brokers Ireland Limited\n\
         Statement,Data,Title,Activity Statement\n\
         Dividends,Header,Currency,Date,Description,Amount\n",
    );
    for (sym, isin, date, amount) in dividends {
        s.push_str(&format!(
            "Dividends,Data,USD,{date},{sym}({isin}) Cash Dividend USD 1.00 per Share (Ordinary Dividend),{amount}\n"
        ));
    }
    if !interest.is_empty() {
        s.push_str("Interest,Header,Currency,Date,Description,Amount\n");
        for (date, amount) in interest {
            s.push_str(&format!(
                "Interest,Data,USD,{date},USD Credit Interest,{amount}\n"
            ));
        }
    }
    let statement = dir.join("statement.csv");
    std::fs::write(&statement, s).unwrap();
    let rates = dir.join("rates.csv");
    std::fs::write(
        &rates,
        "date,currency,rate,quant\n2025,USD,500.00,1\n2026,USD,500.00,1\n",
    )
    .unwrap();
    Inputs::load(&[(statement, FileRole::Auto), (rates, FileRole::Auto)]).unwrap_or_else(|e| panic!("{e}"))
}

/// The compliance report of `year` as JSON, and its filings with their reasons.
fn check(inputs: &Inputs, year: i32) -> (serde_json::Value, Vec<(String, Vec<Trigger>)>) {
    let s = Settings::default();
    let c = engine::compute(inputs, &s).expect("computes");
    let r = compliance::check(inputs, &c, &s, year, &PersonalFinances::default()).expect("checks");
    let filings = r
        .filings
        .iter()
        .map(|f| (f.code.clone(), f.reasons.clone()))
        .collect();
    (compliance::json::to_value(&r, inputs), filings)
}

const KZ: (&str, &str) = ("KCEL", "KZ1C00000744");
const US: (&str, &str) = ("AAPL", "US0378331005");

#[test]
fn dividends_of_kazakhstan_issuers_at_and_above_230000_mci_in_2026() {
    // 2026: MCI 4,325; 230,000 × 4,325 = 994,750,000 KZT. At 500.00 KZT per USD that is
    // 1,989,500.00 USD.
    // At the threshold: 1,989,500.00 × 500 = 994,750,000.00, not above it. A Kazakhstan
    // issuer's dividend is taxed by its paying agent, so nothing else is due: no declaration.
    let i = load("kz-at", &[(KZ.0, KZ.1, "2026-05-15", "1989500.00")], &[]);
    let (doc, filings) = check(&i, 2026);
    let t = &doc["thresholds"]["dividends"];
    assert_eq!(t["mci_count"], "230000");
    assert_eq!(t["mci_kzt"], "4325");
    assert_eq!(t["limit_kzt"], "994750000.00");
    assert_eq!(t["total_kzt"], "994750000.00");
    assert_eq!(t["over"], false);
    assert_eq!(t["items"], 1);
    assert_eq!(t["reference"]["confidence"], "L");
    assert!(
        t["reference"]["text"]
            .as_str()
            .unwrap()
            .contains("NC Art. 417(1)"),
        "{t}"
    );
    assert!(filings.is_empty(), "{filings:?}");

    // One cent more: 1,989,500.01 × 500 = 994,750,005.00 > 994,750,000: 270.00 is due, for
    // the dividends alone, by 15 September 2027.
    let i = load("kz-over", &[(KZ.0, KZ.1, "2026-05-15", "1989500.01")], &[]);
    let (doc, filings) = check(&i, 2026);
    assert_eq!(doc["thresholds"]["dividends"]["total_kzt"], "994750005.00");
    assert_eq!(doc["thresholds"]["dividends"]["over"], true);
    assert_eq!(
        filings,
        [("270.00".to_string(), vec![Trigger::DividendsOverThreshold])]
    );
    let f = &doc["filings"][0];
    assert_eq!(f["due"], "2027-09-15");
    // The text report says it too.
    let s = Settings::default();
    let c = engine::compute(&i, &s).expect("computes");
    let r = compliance::check(&i, &c, &s, 2026, &PersonalFinances::default()).expect("checks");
    let text = compliance::text::render(&r, &i);
    assert!(
        text.contains(
            "  dividends in the year (broker reports): 994,750,005.00 KZT against 230,000 MCI × 4,325 = \
             994,750,000 KZT: ABOVE the threshold"
        ),
        "{text}"
    );
    assert_eq!(f["reasons"][0], "dividends_over_threshold");
    assert_eq!(f["reason_texts"][0], "dividends above 230,000 MCI in the year");
}

#[test]
fn foreign_and_kazakh_dividends_are_summed_and_interest_is_not() {
    // 2026: US 1,000,000.00 × 500 = 500,000,000.00 and KZ 989,500.00 × 500 = 494,750,000.00:
    // 994,750,000.00, at the threshold, not above. Interest of 10,000.00 USD (5,000,000 KZT)
    // is not a dividend and does not count. 270.00 is due all the same: the US dividend and
    // the interest are foreign income, declared on B_1_4 / B_1_5.
    let i = load(
        "mixed-at",
        &[
            (US.0, US.1, "2026-03-10", "1000000.00"),
            (KZ.0, KZ.1, "2026-05-15", "989500.00"),
        ],
        &[("2026-07-03", "10000.00")],
    );
    let (doc, filings) = check(&i, 2026);
    let t = &doc["thresholds"]["dividends"];
    assert_eq!(
        (t["total_kzt"].as_str(), t["over"].as_bool(), t["items"].as_u64()),
        (Some("994750000.00"), Some(false), Some(2))
    );
    assert_eq!(filings, [("270.00".to_string(), vec![Trigger::ForeignIncome])]);

    // A cent more on the Kazakh dividend (989,500.01 × 500 = 494,750,005.00): 994,750,005.00,
    // above: both reasons.
    let i = load(
        "mixed-over",
        &[
            (US.0, US.1, "2026-03-10", "1000000.00"),
            (KZ.0, KZ.1, "2026-05-15", "989500.01"),
        ],
        &[("2026-07-03", "10000.00")],
    );
    let (doc, filings) = check(&i, 2026);
    assert_eq!(doc["thresholds"]["dividends"]["total_kzt"], "994750005.00");
    assert_eq!(
        filings,
        [(
            "270.00".to_string(),
            vec![Trigger::ForeignIncome, Trigger::DividendsOverThreshold]
        )]
    );
}

#[test]
fn the_2025_threshold_uses_the_2025_mci() {
    // 2025: MCI 3,932; 230,000 × 3,932 = 904,360,000 KZT = 1,808,720.00 USD at 500.00.
    for (amount, total, over) in [
        ("1808720.00", "904360000.00", false),
        ("1808720.01", "904360005.00", true),
    ] {
        let i = load(
            &format!("y2025-{amount}"),
            &[(KZ.0, KZ.1, "2025-05-15", amount)],
            &[],
        );
        let (doc, filings) = check(&i, 2025);
        let t = &doc["thresholds"]["dividends"];
        assert_eq!(t["limit_kzt"], "904360000.00");
        assert_eq!(t["total_kzt"], total);
        assert_eq!(t["over"], over);
        let due: Vec<&str> = filings.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(due, if over { vec!["270.00"] } else { vec![] }, "{amount}");
    }
    // The same dividends in 2026 compare with nothing of 2025: the 2026 report has none.
    let i = load("y2025-in-2026", &[(KZ.0, KZ.1, "2025-05-15", "1808720.01")], &[]);
    let (doc, _) = check(&i, 2026);
    assert_eq!(doc["thresholds"]["dividends"]["total_kzt"], "0.00");
    assert_eq!(doc["thresholds"]["dividends"]["items"], 0);
}

#[test]
fn foreign_dividends_make_the_declaration_due_at_any_amount() {
    // 2025: one dividend of 5.00 USD from a US issuer (2,500 KZT, on B_1_4): far below the
    // dividends threshold, yet income no Kazakhstan agent taxed: 270.00 is due by 15 September
    // 2026.
    let i = load("us-small", &[(US.0, US.1, "2025-05-15", "5.00")], &[]);
    let (doc, filings) = check(&i, 2025);
    assert_eq!(doc["thresholds"]["dividends"]["total_kzt"], "2500.00");
    assert_eq!(doc["thresholds"]["dividends"]["over"], false);
    assert_eq!(filings, [("270.00".to_string(), vec![Trigger::ForeignIncome])]);
    assert_eq!(doc["filings"][0]["due"], "2026-09-15");
    // The statement was read as one payment of income, no trade.
    assert!(i.trades.is_empty());
    assert_eq!(i.income.len(), 1);
    assert_eq!(i.income[0].amount, dec!(5.00));
}
