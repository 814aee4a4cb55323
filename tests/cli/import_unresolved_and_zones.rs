//! Through the command line: a Binance statement with a group of rows Salyq cannot pair is read
//! (the group listed, the figures marked incomplete until an exclude decision resolves it, which
//! can be undone), and `case new/import --tz-of` keeps a file's time zone in the case.

use serde_json::Value;

fn salyq(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_salyq"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run salyq")
}

fn json(out: &std::process::Output) -> Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

const RATES: &str = "date,currency,rate\n2024-02-29,EUR,490.00\n2024-05-31,EUR,480.00\n";

/// A buy and a sale of BTC for EUR, and a fee row alone at 13:00 that makes no trade.
const STATEMENT: &str = "UTC_Time,Account,Operation,Coin,Change,Remark\n\
2024-03-01 10:00:00,Spot,Transaction Buy,BTC,0.01,\n\
2024-03-01 10:00:00,Spot,Transaction Spend,EUR,-550,\n\
2024-06-03 12:00:00,Spot,Transaction Sold,BTC,-0.01,\n\
2024-06-03 12:00:00,Spot,Transaction Revenue,EUR,620,\n\
2024-06-03 13:00:00,Spot,Transaction Fee,BNB,-0.001,\n";

fn unresolved_warnings(v: &Value) -> usize {
    v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| {
            w["kind"] == "not_imported"
                && w["message"]
                    .as_str()
                    .unwrap()
                    .contains("a group of trade rows Salyq cannot pair")
        })
        .count()
}

#[test]
fn a_group_salyq_cannot_pair_is_listed_and_marks_the_figures_incomplete_until_excluded() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("stmt.csv"), STATEMENT).unwrap();
    std::fs::write(d.join("rates.csv"), RATES).unwrap();

    // The rest of the file is read: cost 550 EUR × 490.00 (2024-02-29, the business day
    // before the buy) = 269,500.00; proceeds 620 EUR × 480.00 (2024-05-31, before 3 June) =
    // 297,600.00; gain 28,100.00.
    let out = salyq(d, &["report", "stmt.csv", "--rates", "rates.csv", "--json"]);
    let v = json(&out);
    let y = &v["years"][0];
    assert_eq!(y["year"], 2024);
    assert_eq!(y["disposals"], 1);
    assert_eq!(y["cost_kzt"], "269500.00");
    assert_eq!(y["proceeds_kzt"], "297600.00");
    assert_eq!(y["gains_kzt"], "28100.00");
    assert_eq!(v["incomplete"], true);
    let f = &v["files"][0];
    assert_eq!(f["trades"], 2);
    assert_eq!(f["incomplete"], true);
    assert_eq!(
        f["unresolved_groups"],
        serde_json::json!([{
            "source": "stmt.csv:6", "lines": [6], "time": "2024-06-03T13:00:00+00:00",
            "found": "Transaction Fee BNB", "coins": ["BNB"],
            "why": "expected one coin received and one coin given per time and account, with fees in one coin; \
                    for such trades import the spot trade history instead",
            "excluded": false
        }])
    );
    assert_eq!(unresolved_warnings(&v), 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 groups of rows not read (at lines 6): figures incomplete"),
        "{stderr}"
    );

    // In a case, excluding the group resolves it (recorded, with who and why).
    let out = salyq(d, &["case", "new", "c.salyq", "stmt.csv", "--rates", "rates.csv"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = salyq(
        d,
        &[
            "case",
            "override",
            "c.salyq",
            "--exclude",
            "stmt.csv:6=other",
            "--reason",
            "a BNB fee of an order in the spot history",
            "--by",
            "tester",
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json(&salyq(d, &["case", "report", "c.salyq", "--json"]));
    assert_eq!(v["incomplete"], false);
    assert_eq!(v["files"][0]["incomplete"], false);
    assert_eq!(v["files"][0]["unresolved_groups"][0]["excluded"], true);
    assert_eq!(unresolved_warnings(&v), 0);
    // The figures are those of the rest of the file.
    assert_eq!(v["years"][0]["gains_kzt"], "28100.00");

    // Undone: incomplete again.
    let out = salyq(
        d,
        &["case", "override", "c.salyq", "--remove", "1", "--by", "tester"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json(&salyq(d, &["case", "report", "c.salyq", "--json"]));
    assert_eq!(v["incomplete"], true);
    assert_eq!(unresolved_warnings(&v), 1);

    // A line that is neither a trade nor a group is refused.
    let out = salyq(
        d,
        &[
            "case",
            "override",
            "c.salyq",
            "--exclude",
            "stmt.csv:5=other",
            "--reason",
            "x",
            "--by",
            "tester",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
}

/// Binance's spot trade history since 2023 without a zone in its name: two sales of 0.01 BTC
/// for 620 EUR on 3 June 2024 after a buy of 0.02 BTC for 1,100 EUR on 1 March.
const CURRENT: &str = "Time,Pair,Side,Price,Executed,Amount,Fee\r\n\
24-03-01 10:00:00,BTCEUR,BUY,\"55,000.00\",0.02000000BTC,\"1,100.00000000EUR\",0.00002000BTC\r\n\
24-06-03 12:00:00,BTCEUR,SELL,\"62,000.00\",0.01000000BTC,620.00000000EUR,0.62000000EUR\r\n\
24-06-03 12:00:00,BTCEUR,SELL,\"62,000.00\",0.01000000BTC,620.00000000EUR,0.62000000EUR\r\n";

#[test]
fn case_import_keeps_the_zone_given_with_tz_of() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("binance.csv"), CURRENT).unwrap();
    std::fs::write(d.join("rates.csv"), RATES).unwrap();
    let out = salyq(d, &["case", "new", "c.salyq", "--rates", "rates.csv"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = salyq(
        d,
        &[
            "case",
            "import",
            "c.salyq",
            "binance.csv",
            "--tz-of",
            "binance.csv=+05:00",
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // Read at +05:00 every time the case is opened: no time_zone_assumed warning, and the
    // figures of the same file given `report --tz-of binance.csv=+05:00` (worked by hand in
    // tests/import_exchanges.rs): proceeds 2 × 620 EUR less 0.62 EUR fee each at 480.00 =
    // 594,604.80, cost 539,000.00.
    let v = json(&salyq(d, &["case", "report", "c.salyq", "--json"]));
    assert!(
        !v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["kind"] == "time_zone_assumed"),
        "{:#}",
        v["warnings"]
    );
    assert_eq!(v["years"][0]["proceeds_kzt"], "594604.80");
    assert_eq!(v["years"][0]["cost_kzt"], "539000.00");
    let case_text = std::fs::read_to_string(d.join("c.salyq")).unwrap();
    assert!(case_text.contains("\"tz_of\":\"+05:00\""));
    let shown = salyq(d, &["case", "show", "c.salyq"]);
    assert!(
        String::from_utf8_lossy(&shown.stdout).contains("read in the time zone +05:00 (given with --tz-of)"),
        "{}",
        String::from_utf8_lossy(&shown.stdout)
    );

    // The same file again with another zone: skipped, and said so; a --tz-of naming no file
    // given is said too.
    let out = salyq(
        d,
        &[
            "case",
            "import",
            "c.salyq",
            "binance.csv",
            "--tz-of",
            "binance.csv=+06:00",
            "--tz-of",
            "other.csv=+05:00",
        ],
    );
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the zone given for binance.csv was not stored"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--tz-of names other.csv, which is not among the files imported here"),
        "{stderr}"
    );

    // Without --tz-of the case reads the file as UTC, with the warning.
    let out = salyq(
        d,
        &["case", "new", "u.salyq", "binance.csv", "--rates", "rates.csv"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json(&salyq(d, &["case", "report", "u.salyq", "--json"]));
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["kind"] == "time_zone_assumed")
    );
}
