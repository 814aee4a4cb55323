//! Broker reports as Kazakhstan investors hold them: a Freedom24 JSON report (grouped trades,
//! currency conversions, `RUR`, splits, a spin-off, dividends and coupons, the API form) and
//! an Interactive Brokers Activity Statement and Flex query. Each is read field by field, then
//! a whole year is worked by hand for each broker (buy, split, sale, dividend with withholding,
//! conversion) down to the declaration's lines B_1_4, B_1_5, the credit I and the tax. The
//! fixtures in `tests/data/freedom_broker_2024.json`, `freedom_api_2025.json`,
//! `ibkr_activity_2025.csv` and `ibkr_flex_2023.csv` are written for these tests from the
//! brokers' documented layouts.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use salyq_core::engine;
use salyq_core::forms::{self, LineId, Note};
use salyq_core::import::{FileRole, Inputs};
use salyq_core::income::IncomeKind;
use salyq_core::model::{Side, Trade};
use salyq_core::settings::Settings;
use salyq_core::taxpayer::Taxpayer;
use salyq_core::warning::WarningKind;
use std::path::PathBuf;

fn data(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .join("tests/data")
        .join(name)
}

/// A rate file written for the test (`date,currency,rate,quant`).
fn rates(name: &str, rows: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("salyq-brokers-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("rates.csv");
    std::fs::write(&path, format!("date,currency,rate,quant\n{rows}")).unwrap();
    path
}

fn load(files: &[PathBuf]) -> Inputs {
    let list: Vec<(PathBuf, FileRole)> = files.iter().map(|p| (p.clone(), FileRole::Auto)).collect();
    match Inputs::load(&list) {
        Ok(i) => i,
        Err(e) => panic!("{e}"),
    }
}

fn trade_at(inputs: &Inputs, line: u64) -> &Trade {
    inputs
        .trades
        .iter()
        .find(|t| u64::from(t.line) == line)
        .unwrap_or_else(|| panic!("no trade from line {line}"))
}

fn value(d: &forms::FormDraft, id: LineId) -> Decimal {
    d.value(id)
}

// ------------------------------------------------------------------------------------------
// Freedom Finance

#[test]
fn freedom_report_reads_every_quirk_field_by_field() {
    let i = load(&[data("freedom_broker_2024.json")]);
    let r = &i.reports[0];
    // 5 trade entries (2 of them conversions) + 6 corporate actions = 11 rows; 3 trades from
    // the trade list and 1 from the spin-off.
    assert_eq!(r.rows, 11);
    assert_eq!(r.trades, 4);
    assert_eq!(
        r.to_string(),
        "freedom_broker_2024.json: Freedom Finance broker report (JSON), 11 rows, 4 trades, skipped \
         1 Conversion, 1 Split, 1 coupon or interest (income), 2 currency exchange (money, not a disposal), \
         1 dividend (income), 1 spin-off (shares acquired at zero cost), 1 split (applied to the lots)"
    );
    assert_eq!(i.trades.len(), 4);
    // Line 10: the AAPL purchase, restated by the 4:1 split of 2024-06-10.
    let buy = trade_at(&i, 10);
    assert_eq!(buy.time.to_rfc3339(), "2024-03-05T10:00:00+00:00");
    assert_eq!((buy.side, &*buy.asset), (Side::Buy, "AAPL.US"));
    assert_eq!(
        (buy.quantity, buy.total, &*buy.currency),
        (dec!(40), dec!(1500), "USD")
    );
    assert_eq!((buy.fee, &*buy.fee_currency), (dec!(1.5), "USD"));
    assert_eq!(buy.id.as_deref(), Some("91000001"));
    assert_eq!(
        buy.note.as_deref(),
        Some("ISIN US0378331005; quantity restated ×4 for the split of 2024-06-10, was 10")
    );
    // Line 27: a grouped trade: the day from short_date, no id (the word "Grouped" is none).
    let grouped = trade_at(&i, 27);
    assert_eq!(grouped.time.to_rfc3339(), "2024-03-12T00:00:00+00:00");
    assert_eq!((grouped.side, &*grouped.asset), (Side::Buy, "MSFT.US"));
    assert_eq!(
        (grouped.quantity, grouped.total, grouped.fee),
        (dec!(2), dec!(800), dec!(0.8))
    );
    assert_eq!(grouped.id, None);
    // The split of MSFT without a ratio left it as it was.
    assert_eq!(grouped.note.as_deref(), Some("ISIN US5949181045"));
    // Line 78: the sale.
    let sale = trade_at(&i, 78);
    assert_eq!(
        (sale.side, sale.quantity, sale.total, sale.fee),
        (Side::Sell, dec!(20), dec!(1000), dec!(1))
    );
    // Line 103: the spin-off, acquired at zero cost.
    let spin = trade_at(&i, 103);
    assert_eq!(spin.time.to_rfc3339(), "2024-04-01T00:00:00+00:00");
    assert_eq!(
        (spin.side, &*spin.asset, spin.quantity, spin.total),
        (Side::Buy, "SOLV.US", dec!(3), dec!(0))
    );
    assert!(
        spin.note
            .as_deref()
            .unwrap()
            .starts_with("ISIN US83444M1018; spin-off")
    );
    // The split applied.
    assert_eq!(i.splits.len(), 1);
    assert_eq!(
        (&*i.splits[0].asset, i.splits[0].ratio, i.splits[0].source.line),
        ("AAPL.US", dec!(4), 114)
    );
    // Income: the dividend (tax written negative, read as withheld) and the coupon.
    assert_eq!(i.income.len(), 2);
    let d = &i.income[0];
    assert_eq!(
        (d.kind, d.date.to_string(), &*d.asset),
        (IncomeKind::Dividend, "2024-08-15".into(), "AAPL.US")
    );
    assert_eq!(
        (d.amount, &*d.currency, d.tax, &*d.tax_currency),
        (dec!(10), "USD", dec!(1.5), "USD")
    );
    assert_eq!(
        (d.country.as_deref(), &*d.venue, d.source.line),
        (Some("US"), "Freedom", 135)
    );
    let c = &i.income[1];
    assert_eq!(
        (c.kind, c.date.to_string(), c.amount, c.tax),
        (IncomeKind::Interest, "2024-11-15".into(), dec!(25), dec!(0))
    );
    assert_eq!(c.isin.as_deref(), Some("US91282CLW90"));
    // Warnings: the split without a ratio, the conversion of ABC.US.
    let lines: Vec<u64> = i
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::NotImported)
        .map(|w| w.source.as_ref().unwrap().line)
        .collect();
    assert_eq!(lines, [125, 155]);
}

#[test]
fn freedom_api_form_and_rur() {
    let i = load(&[data("freedom_api_2025.json")]);
    assert_eq!(i.trades.len(), 1);
    let t = &i.trades[0];
    // The rouble written RUR is read as RUB; the entry's line is inside the wrapper.
    assert_eq!(
        (&*t.asset, &*t.currency, &*t.fee_currency),
        ("SBER.RU", "RUB", "RUB")
    );
    assert_eq!(
        (t.quantity, t.total, t.fee, t.line),
        (dec!(10), dec!(3000), dec!(3), 10)
    );
    let d = &i.income[0];
    assert_eq!(
        (&*d.currency, d.amount, d.tax, d.country.as_deref()),
        ("RUB", dec!(330), dec!(43), Some("RU"))
    );
}

/// Freedom, tax year 2024 (rates of the business day before each date; fees included).
///
/// - Buy 10 AAPL for 1,500 USD + 1.50 fee on 5 March, rate of 4 March 450.00:
///   V = 675,000, F = 675 → cost 675,675 for the lot.
/// - Split 4:1 on 10 June: the lot is 40 shares, cost unchanged.
/// - Sell 20 for 1,000 USD − 1.00 fee on 2 September, rate of 30 August 480.00:
///   proceeds 480,000 − 480 = 479,520; cost 675,675 × 20/40 = 337,837.50;
///   gain 141,682.50. Freedom counts as a venue in Kazakhstan → A_1_1 = 141,683.
///   The broker's fifo_profit 248.25 USD = 999 − 750.75 agrees (no warning).
/// - Dividend 10 USD, 1.50 withheld, 15 August, rate of 14 August 478.00: B_1_4 = 4,780,
///   withheld 717. Coupon 25 USD on 15 November, rate of 14 November 495.00: B_1_5 = 12,375.
///   B_1 = 17,155.
/// - Conversions RUR/USD and EUR/USD: money exchanged, no disposal.
/// - D = 141,683 + 17,155 = 158,838 = G; H = 10% = 15,883.8 → 15,884.
/// - Cap on the withholding: 15,884 × 17,155 ÷ 158,838 = 1,715.52 → 1,716; 717 < 1,716 → I = 717.
/// - K = 15,884 − 717 = 15,167.
#[test]
fn freedom_year_worked_by_hand() {
    let r = rates(
        "freedom",
        "2024-03-04,USD,450.00,1\n2024-03-11,USD,452.00,1\n2024-03-29,USD,447.00,1\n\
         2024-08-14,USD,478.00,1\n2024-08-30,USD,480.00,1\n2024-11-14,USD,495.00,1\n",
    );
    let i = load(&[data("freedom_broker_2024.json"), r]);
    let s = Settings::default();
    let c = engine::compute(&i, &s).expect("computes");
    let sold: Vec<_> = c
        .disposals
        .iter()
        .filter(|d| d.role == salyq_core::legs::Role::Sold)
        .collect();
    assert_eq!(sold.len(), 1);
    assert_eq!(sold[0].proceeds, dec!(479520.00));
    assert_eq!(sold[0].cost, dec!(337837.50));
    assert_eq!(sold[0].gain(), dec!(141682.50));
    assert!(
        !c.warnings
            .iter()
            .any(|w| w.kind == WarningKind::BrokerFifoDiffers),
        "{:#?}",
        c.warnings
    );
    let y = c.income_of(2024).expect("income in 2024");
    assert_eq!(
        (y.dividends, y.dividends_tax, y.interest, y.interest_tax),
        (dec!(4780), dec!(717), dec!(12375), dec!(0))
    );
    assert_eq!((y.payments, y.rate_rule), (2, "previous_business_day"));
    let d = forms::draft(
        Some(forms::FormCode::F270),
        2024,
        &i,
        &c,
        &s,
        &Taxpayer::default(),
    );
    assert_eq!(value(&d, LineId::A_1_1), dec!(141683));
    assert_eq!(value(&d, LineId::B_1_4), dec!(4780));
    assert_eq!(value(&d, LineId::B_1_5), dec!(12375));
    assert_eq!(value(&d, LineId::B_1), dec!(17155));
    assert_eq!(value(&d, LineId::D), dec!(158838));
    assert_eq!(value(&d, LineId::G), dec!(158838));
    assert_eq!(value(&d, LineId::H), dec!(15884));
    assert_eq!(value(&d, LineId::I), dec!(717));
    assert_eq!(value(&d, LineId::K), dec!(15167));
    assert!(d.notes.contains(&Note::ForeignCreditNeedsCertificate));
}

// ------------------------------------------------------------------------------------------
// Interactive Brokers

#[test]
fn ibkr_activity_statement_field_by_field() {
    let i = load(&[data("ibkr_activity_2025.csv")]);
    let r = &i.reports[0];
    assert_eq!(r.format, "Interactive Brokers activity statement (CSV)");
    // Trades: 3 stock orders, 1 closed lot, 1 option, 1 forex = 6; 2 corporate actions;
    // 1 dividend, 2 withholdings, 2 interest = 13 rows.
    assert_eq!((r.rows, r.trades), (13, 3));
    assert_eq!(
        r.to_string(),
        "ibkr_activity_2025.csv: Interactive Brokers activity statement (CSV), 13 rows, 3 trades, skipped \
         1 closed-lot detail, 1 corporate action, 1 currency exchange (money, not a disposal), 1 derivative \
         (not computed), 1 dividend (income), 1 interest (income), 1 interest paid (a cost, not income), \
         1 split (applied to the lots), 2 tax withheld (with its income)"
    );
    let buy = trade_at(&i, 9);
    // New York time: 09:29:52 in January is UTC−5.
    assert_eq!(buy.time.to_rfc3339(), "2025-01-24T09:29:52-05:00");
    assert_eq!(
        (buy.side, &*buy.asset, &*buy.currency),
        (Side::Buy, "AAPL", "USD")
    );
    // 10 shares, doubled by the 2-for-1 split; proceeds −2,000 → total 2,000; fee −1 → 1.
    assert_eq!(
        (buy.quantity, buy.total, buy.fee, &*buy.fee_currency),
        (dec!(20), dec!(2000), dec!(1), "USD")
    );
    assert_eq!(buy.exchange.as_deref(), Some("Interactive Brokers"));
    assert_eq!(
        buy.note.as_deref(),
        Some(
            "ISIN US0378331005; issuer country US; listed on NASDAQ; quantity restated ×2 for the split of \
             2025-03-07, was 10"
        )
    );
    let etf = trade_at(&i, 10);
    assert_eq!(
        (&*etf.asset, etf.quantity, etf.total, etf.fee),
        ("CSPX", dec!(2), dec!(1200), dec!(3))
    );
    assert_eq!(
        etf.note.as_deref(),
        Some("ISIN IE00B5BMR087; issuer country IE; listed on LSEETF")
    );
    let sale = trade_at(&i, 11);
    // July: UTC−4.
    assert_eq!(sale.time.to_rfc3339(), "2025-07-15T15:30:00-04:00");
    assert_eq!(
        (sale.side, sale.quantity, sale.total, sale.fee),
        (Side::Sell, dec!(12), dec!(1320), dec!(1.2))
    );
    assert_eq!(
        (&*i.splits[0].asset, i.splits[0].ratio, i.splits[0].source.line),
        ("AAPL", dec!(2), 20)
    );
    // Dividend with its withholding matched; interest with its withholding; debit interest left out.
    assert_eq!(i.income.len(), 2);
    let d = &i.income[0];
    assert_eq!(
        (d.kind, d.date.to_string(), &*d.asset),
        (IncomeKind::Dividend, "2025-05-15".into(), "AAPL")
    );
    assert_eq!(
        (d.amount, d.tax, d.country.as_deref(), d.source.line),
        (dec!(5.00), dec!(0.75), Some("US"), 24)
    );
    let n = &i.income[1];
    assert_eq!(
        (n.kind, &*n.asset, n.amount, n.tax, n.country.as_deref()),
        (IncomeKind::Interest, "USD", dec!(12.00), dec!(1.20), None)
    );
    // The option and the merger: warnings to review by hand.
    let lines: Vec<u64> = i
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::NotImported)
        .map(|w| w.source.as_ref().unwrap().line)
        .collect();
    assert_eq!(lines, [16, 21]);
}

#[test]
fn ibkr_flex_query_field_by_field() {
    let i = load(&[data("ibkr_flex_2023.csv")]);
    let r = &i.reports[0];
    assert_eq!(r.format, "Interactive Brokers Flex query trades (CSV)");
    assert_eq!(
        r.to_string(),
        "ibkr_flex_2023.csv: Interactive Brokers Flex query trades (CSV), 5 rows, 3 trades, skipped \
         1 currency exchange (money, not a disposal), 1 derivative (not computed)"
    );
    let buy = trade_at(&i, 2);
    assert_eq!(buy.time.to_rfc3339(), "2023-05-22T09:35:12-04:00");
    assert_eq!(
        (buy.side, &*buy.asset, buy.quantity, buy.total),
        (Side::Buy, "AAPL", dec!(5), dec!(862.5))
    );
    // The commission is written −1: a cost of 1.
    assert_eq!(
        (buy.fee, &*buy.fee_currency, buy.id.as_deref()),
        (dec!(1), "USD", Some("500000001"))
    );
    assert_eq!(buy.note.as_deref(), Some("ISIN US0378331005; issuer country US"));
    let sale = trade_at(&i, 3);
    assert_eq!(
        (sale.side, sale.quantity, sale.total, sale.fee),
        (Side::Sell, dec!(2), dec!(350), dec!(1.05))
    );
    let etf = trade_at(&i, 6);
    assert_eq!(etf.time.to_rfc3339(), "2023-07-05T03:00:00-04:00");
    assert_eq!(
        (&*etf.asset, etf.fee, &*etf.fee_currency),
        ("VWRA", dec!(1.7), "EUR")
    );
}

/// Interactive Brokers, tax year 2025 (every figure at the 2025 average rate 510.00 USD, the
/// year's rule; fees included).
///
/// - Buy 10 AAPL for 2,000 USD + 1 fee on 24 January: V = 1,020,000, F = 510 → 1,020,510.
/// - Split 2 for 1 on 7 March: 20 shares, same cost.
/// - Sell 12 for 1,320 USD − 1.20 fee on 15 July: proceeds 673,200 − 612 = 672,588;
///   cost 1,020,510 × 12/20 = 612,306; gain 60,282. IBKR is abroad → A_1_2 = 60,282.
/// - Forex EUR.USD: money exchanged, no disposal; the option is not computed.
/// - Dividend 5.00 USD, 0.75 withheld: B_1_4 = 2,550, withheld 382.50. Interest 12.00 USD,
///   1.20 withheld: B_1_5 = 6,120, withheld 612. B_1 = 8,670; withheld 994.50 → 995.
/// - D = 60,282 + 8,670 = 68,952 = G; H = 6,895.2 → 6,895.
/// - Cap: 6,895 × 8,670 ÷ 68,952 = 866.97 → 867 < 995 → I = 867 (capped, with a note).
/// - K = 6,895 − 867 = 6,028.
#[test]
fn ibkr_year_worked_by_hand() {
    let r = rates("ibkr", "2025,USD,510.00,1\n");
    let i = load(&[data("ibkr_activity_2025.csv"), r]);
    let s = Settings::default();
    let c = engine::compute(&i, &s).expect("computes");
    let sold: Vec<_> = c
        .disposals
        .iter()
        .filter(|d| d.role == salyq_core::legs::Role::Sold)
        .collect();
    assert_eq!(sold.len(), 1);
    assert_eq!(
        (sold[0].proceeds, sold[0].cost, sold[0].gain()),
        (dec!(672588.00), dec!(612306.00), dec!(60282.00))
    );
    let y = c.income_of(2025).unwrap();
    assert_eq!(
        (y.dividends, y.dividends_tax, y.interest, y.interest_tax),
        (dec!(2550), dec!(382.50), dec!(6120), dec!(612))
    );
    assert_eq!(y.rate_rule, "annual_average");
    let d = forms::draft(None, 2025, &i, &c, &s, &Taxpayer::default());
    assert_eq!(value(&d, LineId::A_1_2), dec!(60282));
    assert_eq!(value(&d, LineId::B_1_4), dec!(2550));
    assert_eq!(value(&d, LineId::B_1_5), dec!(6120));
    assert_eq!(value(&d, LineId::B_1), dec!(8670));
    assert_eq!(value(&d, LineId::G), dec!(68952));
    assert_eq!(value(&d, LineId::H), dec!(6895));
    assert_eq!(value(&d, LineId::I), dec!(867));
    assert_eq!(value(&d, LineId::K), dec!(6028));
    assert!(d.notes.contains(&Note::WithholdingCapped {
        withheld: dec!(995),
        cap: dec!(867)
    }));
    // The cabinet XML carries the new lines (field_270_01_<code>), whole tenge.
    let mut xml = Vec::new();
    forms::xml::write(&mut xml, &d).unwrap();
    let xml = String::from_utf8(xml).unwrap();
    for (field, v) in [
        ("B_1_4", "2550"),
        ("B_1_5", "6120"),
        ("B_1", "8670"),
        ("I", "867"),
        ("K", "6028"),
    ] {
        let want = format!("<field name=\"field_270_01_{field}\">{v}</field>");
        assert!(xml.contains(&want), "{want} not in the XML");
    }
    // The forms JSON says what the B lines sum.
    let mut fj = Vec::new();
    forms::json::write(&mut fj, &d, &c, &i).unwrap();
    let fj: serde_json::Value = serde_json::from_slice(&fj).unwrap();
    let b14 = fj["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["line"] == "B_1_4")
        .unwrap();
    assert_eq!(
        (b14["value_kzt"].as_str(), b14["sums"].as_str()),
        (Some("2550"), Some("income"))
    );
    // The report's JSON lists the year's income and each payment (fields added, none changed).
    let mut buf = Vec::new();
    let view = salyq_core::report::View {
        computation: &c,
        year: Some(2025),
    };
    salyq_core::report::json::write(&mut buf, &view, &i, &s).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&buf).unwrap();
    let y = &doc["income"]["years"][0];
    assert_eq!(y["year"], 2025);
    assert_eq!(y["dividends_kzt"], "2550.00");
    assert_eq!(y["dividends_tax_withheld_kzt"], "382.50");
    assert_eq!(y["interest_kzt"], "6120.00");
    assert_eq!(y["tax_withheld_kzt"], "994.50");
    assert_eq!(y["rate_rule"], "annual_average");
    let p = &doc["income"]["payments"][0];
    assert_eq!(p["kind"], "dividend");
    assert_eq!(p["isin"], "US0378331005");
    assert_eq!(p["country"], "US");
    assert_eq!(p["amount"], "5");
    assert_eq!(p["tax_withheld"], "0.75");
    assert_eq!(p["source"], "ibkr_activity_2025.csv:24");
    let text = salyq_core::report::text::render(&view, &s);
    assert!(
        text.contains("Dividends and interest 2025 (broker reports; rate: the year's average)"),
        "{text}"
    );
    assert!(
        text.contains("  Dividends (B_1_4)                2,550.00 KZT"),
        "{text}"
    );
    assert!(
        text.contains("  Interest (B_1_5)                 6,120.00 KZT"),
        "{text}"
    );
    // The typed tax paid abroad adds to the credit, capped on the gains abroad: 500 entered,
    // cap 6,895 × 60,282 ÷ 68,952 = 6,028.03 → 6,028; I = 867 + 500 = 1,367.
    let mut s2 = s.clone();
    s2.foreign_tax_paid.insert(2025, dec!(500));
    let d2 = forms::draft(None, 2025, &i, &c, &s2, &Taxpayer::default());
    assert_eq!(value(&d2, LineId::I), dec!(1367));
    assert_eq!(value(&d2, LineId::K), dec!(5528));
}

#[test]
fn a_split_in_one_file_restates_trades_of_another() {
    // The Flex file (2023: 5 AAPL bought, 2 sold) read with the 2025 statement, whose split
    // is 2 for 1: every AAPL trade before the split is restated, 5 → 10 and 2 → 4.
    let i = load(&[data("ibkr_flex_2023.csv"), data("ibkr_activity_2025.csv")]);
    let flex_buy = i
        .trades
        .iter()
        .find(|t| &*t.file == "ibkr_flex_2023.csv" && t.line == 2)
        .unwrap();
    assert_eq!(flex_buy.quantity, dec!(10));
    let flex_sale = i
        .trades
        .iter()
        .find(|t| &*t.file == "ibkr_flex_2023.csv" && t.line == 3)
        .unwrap();
    assert_eq!(flex_sale.quantity, dec!(4));
    // Read the other way round, the same.
    let j = load(&[data("ibkr_activity_2025.csv"), data("ibkr_flex_2023.csv")]);
    let q: Vec<Decimal> = j
        .trades
        .iter()
        .filter(|t| &*t.asset == "AAPL")
        .map(|t| t.quantity)
        .collect();
    assert_eq!(q, [dec!(20), dec!(12), dec!(10), dec!(4)]);
}

// ------------------------------------------------------------------------------------------
// A column mapping for a broker that writes its fees negative

#[test]
fn a_mapping_negates_fees_written_negative() {
    let dir = std::env::temp_dir().join(format!("salyq-brokers-{}-negate", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("other_broker.csv");
    std::fs::write(
        &csv,
        "When,Op,Ticker,Ccy,Qty,Px,Fee\n\
         2024-02-01 10:00:00,BUY,KAP,USD,3,40,-1.20\n\
         2024-02-02 10:00:00,SELL,KAP,USD,1,41,0\n",
    )
    .unwrap();
    let json = r#"{"version":1,"name":"negative fees","header":["When","Op","Ticker","Ccy","Qty","Px","Fee"],
        "date":"When","side":"Op","asset":"Ticker","currency":"Ccy","quantity":"Qty","price":"Px",
        "fee":"Fee","negate_fee":true,"kind":"security","venue":"Other"}"#;
    let m = salyq_core::import::mapping::Mapping::from_json(json, "m.json").unwrap();
    assert!(m.negate_fee);
    let i = Inputs::load_with_mappings(&[(csv.clone(), FileRole::Trades)], std::slice::from_ref(&m)).unwrap();
    // −1.20 is a fee of 1.20; 0 stays 0; 3 × 40 = 120.
    assert_eq!((i.trades[0].fee, i.trades[0].total), (dec!(1.2), dec!(120)));
    assert_eq!(i.trades[1].fee, dec!(0));
    // Without the option the same file is refused at the negative fee (line 2, column Fee).
    let mut plain = m.clone();
    plain.negate_fee = false;
    let e = Inputs::load_with_mappings(&[(csv.clone(), FileRole::Trades)], &[plain]).unwrap_err();
    assert_eq!(e.0[0].line, Some(2));
    assert_eq!(e.0[0].column.as_ref().map(|c| c.1.as_str()), Some("Fee"));
    // With it, a positive fee is an error naming its sign.
    std::fs::write(
        &csv,
        "When,Op,Ticker,Ccy,Qty,Px,Fee\n2024-02-01 10:00:00,BUY,KAP,USD,3,40,1.20\n",
    )
    .unwrap();
    let e = Inputs::load_with_mappings(&[(csv, FileRole::Trades)], &[m]).unwrap_err();
    assert_eq!(e.0[0].problem, salyq_core::error::Problem::WrongSign);
}

#[test]
fn merged_inputs_apply_each_split_once() {
    // As the window imports: each file into inputs of its own, then merged.
    let mut all = load(&[data("ibkr_flex_2023.csv")]);
    let statement = load(&[data("ibkr_activity_2025.csv")]);
    all.merge(statement).unwrap();
    // 2023 Flex: 5 → 10 and 2 → 4; the statement's own 2025 buy 10 → 20 (once), its sale 12.
    let q: Vec<Decimal> = all
        .trades
        .iter()
        .filter(|t| &*t.asset == "AAPL")
        .map(|t| t.quantity)
        .collect();
    assert_eq!(q, [dec!(10), dec!(4), dec!(20), dec!(12)]);
    // The same statement again under another name (an overlapping download): its split is
    // known, so nothing is restated twice, and its trades and payments are dropped as
    // duplicates of the first file's.
    let dir = std::env::temp_dir().join(format!("salyq-brokers-{}-again", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join("statement_copy.csv");
    std::fs::copy(data("ibkr_activity_2025.csv"), &copy).unwrap();
    all.merge(load(&[copy])).unwrap();
    let q: Vec<Decimal> = all
        .trades
        .iter()
        .filter(|t| &*t.asset == "AAPL")
        .map(|t| t.quantity)
        .collect();
    assert_eq!(q, [dec!(10), dec!(4), dec!(20), dec!(12)]);
    assert_eq!((all.splits.len(), all.income.len()), (1, 2));
    let dups = all
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::Duplicate)
        .count();
    // 3 trades + 2 payments.
    assert_eq!(dups, 5);
}

// ------------------------------------------------------------------------------------------
// Invariants of splits

mod split_properties {
    use proptest::prelude::*;
    use rust_decimal::Decimal;
    use salyq_core::import::corporate::{Split, apply};
    use salyq_core::model::{Code, Kind, Shared, Side, Source, Trade};

    fn trade(day: u32, asset: &str, q: i64, total: i64) -> Trade {
        Trade {
            file: Shared::from("p.csv"),
            line: salyq_core::model::line32(u64::from(day) + 1),
            time: salyq_core::parse::datetime(&format!("2024-01-{day:02}T10:00:00Z")).unwrap(),
            side: Side::Buy,
            asset: Code::from(asset),
            quantity: Decimal::from(q),
            total: Decimal::from(total),
            currency: Code::from("USD"),
            fee: Decimal::ZERO,
            fee_currency: Code::from("USD"),
            exchange: None,
            id: None,
            kind: Kind::Security,
            note: None,
        }
    }

    proptest! {
        /// A split multiplies exactly the quantities of the earlier trades of its security,
        /// leaves every total (so every cost) as it was, and touches nothing else.
        #[test]
        fn a_split_scales_earlier_quantities_and_keeps_every_cost(
            rows in prop::collection::vec((1u32..28, prop::bool::ANY, 1i64..10_000, 0i64..1_000_000), 1..30),
            split_day in 1u32..28,
            new in 1i64..20,
            old in 1i64..20,
        ) {
            let trades: Vec<Trade> = rows
                .iter()
                .map(|&(d, a, q, t)| trade(d, if a { "AAA" } else { "BBB" }, q, t))
                .collect();
            let ratio = Decimal::from(new) / Decimal::from(old);
            let split = Split {
                source: Source { file: Shared::from("s.csv"), line: 2 },
                time: salyq_core::parse::datetime(&format!("2024-01-{split_day:02}T00:00:00Z")).unwrap(),
                asset: Code::from("AAA"),
                isin: None,
                ratio,
            };
            let mut after = trades.clone();
            let n = apply(&mut after, &split);
            let mut changed = 0;
            for (b, a) in trades.iter().zip(&after) {
                prop_assert_eq!(a.total, b.total);
                if &*b.asset == "AAA" && b.time < split.time {
                    prop_assert_eq!(a.quantity, (b.quantity * ratio).normalize());
                    changed += 1;
                } else {
                    prop_assert_eq!(a.quantity, b.quantity);
                    prop_assert_eq!(&a.note, &b.note);
                }
            }
            prop_assert_eq!(n, changed);
        }
    }
}
