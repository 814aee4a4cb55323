//! The National Bank's own rate files and `salyq rates fetch`, against a replay server on
//! 127.0.0.1 (no test reaches the internet).
//!
//! The fixtures below are written from the documented shape of the bank's daily XML
//! (`<rates><date>dd.mm.yyyy</date><item><fullname/><title/><description/><quant/><index/>
//! <change/></item>…</rates>`, an empty `<rates></rates>` on a day without rates) and its RSS.
//! Their rates are illustrative, chosen round so that every figure can be checked by hand.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use salyq_core::import::{FileRole, Inputs};
use salyq_core::rules::FxRule;
use salyq_core::settings::Settings;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One daily file: `(code, description, quant)` per item.
fn day_xml(date: &str, items: &[(&str, &str, u32)]) -> String {
    if items.is_empty() {
        return "<rates></rates>".to_string();
    }
    let mut s =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rates>\n<generator>NBRK</generator>\n");
    s.push_str("<title>Official exchange rates of National Bank of Republic Kazakhstan</title>\n");
    s.push_str("<link>https://nationalbank.kz</link>\n");
    s.push_str(&format!("<date>{date}</date>\n"));
    for (code, rate, quant) in items {
        s.push_str(&format!(
            "<item>\n<fullname>{code} &amp; co</fullname>\n<title>{code}</title>\n<description>{rate}</description>\n\
             <quant>{quant}</quant>\n<index>UP</index>\n<change>+0.10</change>\n</item>\n"
        ));
    }
    s.push_str("</rates>\n");
    s
}

/// The days of the 2024 case: Fri 1 March, an empty weekend, Mon 4 and Tue 5 March.
fn march_days() -> Vec<(&'static str, String)> {
    vec![
        (
            "01.03.2024",
            day_xml(
                "01.03.2024",
                &[
                    ("USD", "450.00", 1),
                    ("EUR", "488.50", 1),
                    ("JPY", "300.00", 100),
                    ("RUB", "4.95", 1),
                ],
            ),
        ),
        ("02.03.2024", day_xml("02.03.2024", &[])),
        ("03.03.2024", day_xml("03.03.2024", &[])),
        (
            "04.03.2024",
            day_xml(
                "04.03.2024",
                &[
                    ("USD", "451.00", 1),
                    ("EUR", "489.00", 1),
                    ("JPY", "301.50", 100),
                    ("RUB", "4.96", 1),
                ],
            ),
        ),
        (
            "05.03.2024",
            day_xml(
                "05.03.2024",
                &[
                    ("USD", "452.00", 1),
                    ("EUR", "490.00", 1),
                    ("JPY", "302.00", 100),
                    ("RUB", "4.97", 1),
                ],
            ),
        ),
    ]
}

/// The same rates as a CSV rate table.
const MARCH_CSV: &str = "date,currency,rate,quant\n\
    2024-03-01,USD,450.00,1\n2024-03-01,EUR,488.50,1\n2024-03-01,JPY,300.00,100\n2024-03-01,RUB,4.95,1\n\
    2024-03-04,USD,451.00,1\n2024-03-04,EUR,489.00,1\n2024-03-04,JPY,301.50,100\n2024-03-04,RUB,4.96,1\n\
    2024-03-05,USD,452.00,1\n2024-03-05,EUR,490.00,1\n2024-03-05,JPY,302.00,100\n2024-03-05,RUB,4.97,1\n";

/// Securities bought on Mon 4 March and sold on Tue 5 March 2024 in USD, EUR and JPY.
///
/// Previous business day: a trade on 03-04 takes the rate of Fri 03-01, one on 03-05 that of
/// 03-04 (the rate of 03-05 itself is a trap).
/// - AAPL: buy 10 × 100 USD, fee 1 → V 1,000 × 450 = 450,000, F 450, cost 450,450. Sell 5 ×
///   120 USD, fee 1 → V 600 × 451 = 270,600, F 451: proceeds 270,149, cost 225,225 (5/10),
///   gain 44,924.
/// - SAP: buy 4 for 1,000 EUR → 1,000 × 488.50 = 488,500. Sell 4 for 1,040 EUR → 1,040 × 489 =
///   508,560: gain 20,060.
/// - TM: buy 10 for 30,000 JPY → 30,000 × 300.00/100 = 90,000. Sell 10 for 31,000 JPY →
///   31,000 × 301.50/100 = 93,465: gain 3,465.
///
/// 2024, securities per sale: property income 44,924 + 20,060 + 3,465 = 68,449; tax 10% =
/// 6,844.90 → 6,845.
const TRADES: &str = "date,side,asset,quantity,price,total,currency,fee,fee_currency,exchange,id,kind\n\
    2024-03-04T09:00:00Z,buy,AAPL,10,100,1000,USD,1,USD,Broker,A1,security\n\
    2024-03-04T09:10:00Z,buy,SAP,4,250,1000,EUR,,,Broker,S1,security\n\
    2024-03-04T09:20:00Z,buy,TM,10,3000,30000,JPY,,,Broker,T1,security\n\
    2024-03-05T09:00:00Z,sell,AAPL,5,120,600,USD,1,USD,Broker,A2,security\n\
    2024-03-05T09:10:00Z,sell,SAP,4,260,1040,EUR,,,Broker,S2,security\n\
    2024-03-05T09:20:00Z,sell,TM,10,3100,31000,JPY,,,Broker,T2,security\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// (asset, proceeds, cost, gain) per disposal, and the 2024 property income and tax.
/// Each disposal as (asset, proceeds, cost, gain).
type Disposals = Vec<(String, Decimal, Decimal, Decimal)>;

fn figures(files: &[(PathBuf, FileRole)]) -> (Disposals, Decimal, Decimal) {
    let inputs = Inputs::load(files).unwrap_or_else(|e| panic!("{e}"));
    let c = salyq_core::engine::compute(&inputs, &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
    let d = c
        .disposals
        .iter()
        .map(|d| (d.asset(&inputs.trades).to_string(), d.proceeds, d.cost, d.gain()))
        .collect();
    let y = c.years.iter().find(|y| y.year == 2024).unwrap();
    (d, y.property_income, y.tax)
}

#[test]
fn the_banks_xml_values_the_2024_case_exactly_as_the_csv_table() {
    let dir = tempfile::tempdir().unwrap();
    let trades = write(dir.path(), "trades.csv", TRADES);
    let csv = write(dir.path(), "rates.csv", MARCH_CSV);
    // A folder of daily files, as the cache keeps them.
    let folder = dir.path().join("nbk");
    std::fs::create_dir(&folder).unwrap();
    for (date, xml) in march_days() {
        let (d, m, y) = (&date[0..2], &date[3..5], &date[6..]);
        write(&folder, &format!("{y}-{m}-{d}.xml"), &xml);
    }
    // One RSS file with every day's items.
    let mut rss =
        String::from("<?xml version=\"1.0\"?>\n<rss version=\"2.0\">\n<channel>\n<title>Rates</title>\n");
    for (date, xml) in march_days() {
        for item in xml.split("<item>").skip(1) {
            let item = item.split("</item>").next().unwrap();
            rss.push_str(&format!("<item>{item}<pubDate>{date}</pubDate></item>\n"));
        }
    }
    rss.push_str("</channel>\n</rss>\n");
    let rss = write(dir.path(), "rates_all.xml", &rss);

    let want = vec![
        (
            "AAPL".to_string(),
            dec!(270149.00),
            dec!(225225.00),
            dec!(44924.00),
        ),
        (
            "SAP".to_string(),
            dec!(508560.00),
            dec!(488500.00),
            dec!(20060.00),
        ),
        ("TM".to_string(), dec!(93465.00), dec!(90000.00), dec!(3465.00)),
    ];
    let from_csv = figures(&[(trades.clone(), FileRole::Auto), (csv, FileRole::Rates)]);
    assert_eq!(from_csv.0, want);
    assert_eq!((from_csv.1, from_csv.2), (dec!(68449.00), dec!(6845)));
    for rates in [
        (folder.clone(), FileRole::Rates),
        (rss.clone(), FileRole::Rates),
        // Among the trade files, recognised by its first bytes.
        (rss, FileRole::Auto),
        (folder.clone(), FileRole::Auto),
    ] {
        let got = figures(&[(trades.clone(), FileRole::Auto), rates.clone()]);
        assert_eq!(got, from_csv, "{rates:?}");
    }
    // JPY per 100 yen divided out: 301.50 / 100.
    let inputs = Inputs::load(&[(folder, FileRole::Rates)]).unwrap();
    let r = inputs
        .rates
        .rate(
            "JPY",
            chrono::NaiveDate::from_ymd_opt(2024, 3, 5).unwrap(),
            FxRule::PreviousBusinessDay,
        )
        .unwrap();
    assert_eq!(r.kzt_per_unit, dec!(3.015));
}

#[test]
fn a_bad_item_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "bad.xml",
        "<rates>\n<date>04.03.2024</date>\n<item><title>USD</title>\n<description>451,x</description></item>\n</rates>\n",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .args(["report"])
        .arg(write(dir.path(), "t.csv", TRADES))
        .arg("--rates")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.xml:4:1: column \"description\": not a rate: found \"451,x\""),
        "{err}"
    );
}

/// What the replay server does for one day: its answers in order (the last repeats).
#[derive(Clone)]
enum Answer {
    Ok(String),
    Status(u16),
    /// Wait this long, then answer.
    Slow(Duration, String),
}

/// A local server replaying the bank: `GET …?fdate=DD.MM.YYYY` → that day's scripted answers;
/// counts the requests per day.
struct Replay {
    url: String,
    counts: Arc<Mutex<HashMap<String, usize>>>,
}

fn replay(script: HashMap<String, Vec<Answer>>) -> Replay {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/rss/get_rates.cfm", listener.local_addr().unwrap());
    let counts: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let script = Arc::new(script);
    let c = counts.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let (script, counts) = (script.clone(), c.clone());
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut first = String::new();
                if reader.read_line(&mut first).is_err() {
                    return;
                }
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                }
                let fdate = first
                    .split("fdate=")
                    .nth(1)
                    .and_then(|r| r.split([' ', '&']).next())
                    .unwrap_or("")
                    .to_string();
                let n = {
                    let mut c = counts.lock().unwrap();
                    let e = c.entry(fdate.clone()).or_default();
                    *e += 1;
                    *e
                };
                let answer = script
                    .get(&fdate)
                    .map(|a| a[(n - 1).min(a.len() - 1)].clone())
                    .unwrap_or(Answer::Ok("<rates></rates>".into()));
                let (status, body) = match answer {
                    Answer::Ok(b) => (200, b),
                    Answer::Status(s) => (s, "error".into()),
                    Answer::Slow(d, b) => {
                        std::thread::sleep(d);
                        (200, b)
                    }
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    Replay { url, counts }
}

impl Replay {
    fn total(&self) -> usize {
        self.counts.lock().unwrap().values().sum()
    }
    fn count(&self, fdate: &str) -> usize {
        self.counts.lock().unwrap().get(fdate).copied().unwrap_or(0)
    }
}

fn fetch_cmd(data: &Path, url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_salyq"))
        .env("SALYQ_DATA_DIR", data)
        .args(["rates", "fetch"])
        .args(args)
        .args([
            "--url",
            url,
            "--backoff-ms",
            "20",
            "--pace-ms",
            "0",
            "--timeout",
            "0.5",
        ])
        .output()
        .unwrap()
}

#[test]
fn rates_fetch_retries_then_writes_the_table_and_uses_the_cache() {
    let days = march_days();
    let mut script: HashMap<String, Vec<Answer>> = HashMap::new();
    // 1 March: the server fails once (500), then answers.
    script.insert(
        "01.03.2024".into(),
        vec![Answer::Status(500), Answer::Ok(days[0].1.clone())],
    );
    // 4 March: the first answer comes too late (the client gives up after 0.5 s), then in time.
    script.insert(
        "04.03.2024".into(),
        vec![
            Answer::Slow(Duration::from_millis(2000), days[3].1.clone()),
            Answer::Ok(days[3].1.clone()),
        ],
    );
    script.insert("05.03.2024".into(), vec![Answer::Ok(days[4].1.clone())]);
    // 2 and 3 March: a day without rates (the server's default, an empty <rates></rates>).
    let server = replay(script);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = dir.path().join("march.csv");
    let args = [
        "--from",
        "2024-03-01",
        "--to",
        "2024-03-05",
        "--currency",
        "USD,EUR,JPY",
        "--out",
        out.to_str().unwrap(),
    ];
    let run = fetch_cmd(&data, &server.url, &args);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let expected = "date,currency,rate,quant,days\n\
        2024-03-01,EUR,488.50,1,\n2024-03-01,JPY,300.00,100,\n2024-03-01,USD,450.00,1,\n\
        2024-03-04,EUR,489.00,1,\n2024-03-04,JPY,301.50,100,\n2024-03-04,USD,451.00,1,\n\
        2024-03-05,EUR,490.00,1,\n2024-03-05,JPY,302.00,100,\n2024-03-05,USD,452.00,1,\n";
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
    // 5 days, 2 of them asked twice: 7 requests.
    assert_eq!(server.count("01.03.2024"), 2);
    assert_eq!(server.count("04.03.2024"), 2);
    assert_eq!(server.count("02.03.2024"), 1);
    assert_eq!(server.total(), 7);
    // The cache is a folder of the bank's daily files, empty days included.
    let cache = data.join("rates");
    assert_eq!(
        std::fs::read_to_string(cache.join("2024-03-02.xml")).unwrap(),
        "<rates></rates>"
    );
    assert!(cache.join("2024-03-05.xml").exists());

    // Second run: every day from the cache, nothing asked; the same table.
    let run = fetch_cmd(&data, &server.url, &args);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(server.total(), 7, "the second run asked the server");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
    assert!(String::from_utf8_lossy(&run.stderr).contains("5 from the cache"));

    // The table written values the 2024 case as the bank's files do.
    let trades = write(dir.path(), "trades.csv", TRADES);
    let (_, income, tax) = figures(&[(trades, FileRole::Auto), (out.clone(), FileRole::Rates)]);
    assert_eq!((income, tax), (dec!(68449.00), dec!(6845)));

    // An input is never overwritten: --out naming the trade file is refused and the file kept.
    let trades = dir.path().join("trades.csv");
    let run = fetch_cmd(
        &data,
        &server.url,
        &[
            "--from",
            "2024-03-01",
            "--to",
            "2024-03-01",
            "--out",
            trades.to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&trades).unwrap(), TRADES);
}

#[test]
fn a_day_that_keeps_failing_stops_the_fetch_and_writes_nothing() {
    let mut script = HashMap::new();
    script.insert("02.01.2024".to_string(), vec![Answer::Status(503)]);
    let server = replay(script);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.csv");
    let run = fetch_cmd(
        &dir.path().join("data"),
        &server.url,
        &[
            "--from",
            "2024-01-01",
            "--to",
            "2024-01-03",
            "--out",
            out.to_str().unwrap(),
            "--tries",
            "3",
        ],
    );
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("fdate=02.01.2024: the server answered HTTP 503 (tried 3 times)"),
        "{err}"
    );
    assert_eq!(server.count("02.01.2024"), 3);
    assert!(!out.exists());
    // A 404 is not retried.
    let mut script = HashMap::new();
    script.insert("01.01.2024".to_string(), vec![Answer::Status(404)]);
    let server = replay(script);
    let run = fetch_cmd(
        &dir.path().join("data2"),
        &server.url,
        &[
            "--from",
            "2024-01-01",
            "--to",
            "2024-01-01",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(server.count("01.01.2024"), 1);
}

#[test]
fn a_year_with_its_average_rate() {
    // Rates on three days of 2024 only; every other day is empty.
    // USD: (450.00 + 460.50 + 470.26) / 3 = 1380.76 / 3 = 460.2533… → 460.25, over 3 days.
    // JPY per 100: per yen 3.00, 3.10, 3.205 → mean 9.305 / 3 = 3.101666… → ×100 = 310.1666…
    // → 310.17 per 100.
    let mut script = HashMap::new();
    for (fdate, usd, jpy) in [
        ("02.01.2024", "450.00", "300.00"),
        ("03.06.2024", "460.50", "310.00"),
        ("30.12.2024", "470.26", "320.50"),
    ] {
        script.insert(
            fdate.to_string(),
            vec![Answer::Ok(day_xml(
                fdate,
                &[("USD", usd, 1), ("JPY", jpy, 100), ("EUR", "500", 1)],
            ))],
        );
    }
    let server = replay(script);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rates-2024.csv");
    let run = fetch_cmd(
        &dir.path().join("data"),
        &server.url,
        &[
            "--year",
            "2024",
            "--currency",
            "USD,JPY",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(server.total(), 366, "2024 has 366 days");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.ends_with("2024,JPY,310.17,100,3\n2024,USD,460.25,1,3\n"),
        "{text}"
    );
    assert!(!text.contains("EUR"));
    // Read back: the bare-year rows are the annual averages.
    let inputs = Inputs::load(&[(out, FileRole::Rates)]).unwrap();
    let mid = chrono::NaiveDate::from_ymd_opt(2024, 7, 1).unwrap();
    assert_eq!(
        inputs
            .rates
            .rate("USD", mid, FxRule::AnnualAverage)
            .unwrap()
            .kzt_per_unit,
        dec!(460.25)
    );
    assert_eq!(
        inputs
            .rates
            .rate("JPY", mid, FxRule::AnnualAverage)
            .unwrap()
            .kzt_per_unit,
        dec!(3.1017)
    );
}

#[test]
fn today_is_not_cached_and_cancel_stops() {
    use salyq_core::nbk::fetch::{self, Options};
    use std::sync::atomic::AtomicBool;
    let server = replay(HashMap::new());
    let dir = tempfile::tempdir().unwrap();
    let d = |s| salyq_core::parse::date(s).unwrap();
    let options = Options {
        url: server.url.clone(),
        pace: Duration::ZERO,
        timeout: Duration::from_secs(2),
        cache: Some(dir.path().to_path_buf()),
        today: d("2024-03-04"),
        ..Options::default()
    };
    let days = fetch::days(d("2024-03-03"), d("2024-03-05"));
    let mut steps = Vec::new();
    let got = fetch::fetch(
        &days,
        &options,
        &mut |s| steps.push(s.done),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(steps, vec![1, 2, 3]);
    assert_eq!(got.days.len(), 3);
    assert!(dir.path().join("2024-03-03.xml").exists());
    assert!(!dir.path().join("2024-03-04.xml").exists(), "today is not cached");
    assert!(!dir.path().join("2024-03-05.xml").exists());
    let cancelled = fetch::fetch(&days, &options, &mut |_| {}, &AtomicBool::new(true));
    assert_eq!(cancelled, Err(fetch::FetchError::Cancelled));
}

#[test]
fn missing_rates_say_which_command_gets_them() {
    let dir = tempfile::tempdir().unwrap();
    let trades = write(dir.path(), "trades.csv", TRADES);
    let out = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .arg("report")
        .arg(&trades)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no official USD rate"), "{err}");
    // Tax dates 2024-03-04 and 03-05: from ten days before the first to the day before the last.
    assert!(
        err.contains(
            "  salyq rates fetch --from 2024-02-23 --to 2024-03-04 --currency EUR,JPY,USD --out rates-2024-02-23-2024-03-04.csv"
        ),
        "{err}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .arg("report")
        .arg(&trades)
        .args(["--fx-rule", "annual-average"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("  salyq rates fetch --year 2024 --currency EUR,JPY,USD --out rates-2024.csv"),
        "{err}"
    );
}

mod properties {
    use proptest::prelude::*;
    use rust_decimal::Decimal;
    use salyq_core::nbk::xml;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Any bytes: an answer or errors that name the file, never a panic.
        #[test]
        fn any_bytes_read_or_fail_with_a_named_error(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            match xml::read(&bytes, "x.xml") {
                Ok(f) => prop_assert!(f.rates.iter().all(|r| r.rate > Decimal::ZERO && r.quant > Decimal::ZERO)),
                Err(e) => prop_assert!(!e.is_empty() && e.iter().all(|e| e.file == "x.xml")),
            }
        }

        /// A day's file as the bank writes it: every item read back with description / quant.
        #[test]
        fn every_item_is_read_back_exactly(
            items in proptest::collection::btree_map("[A-Z]{3}", (1u64..100_000_000, 0u32..4, prop::sample::select(vec![1u32, 10, 100, 10_000])), 0..8)
        ) {
            let mut text = String::from("<rates><date>15.05.2024</date>");
            for (code, (mantissa, scale, quant)) in &items {
                let rate = Decimal::new(*mantissa as i64, *scale);
                text.push_str(&format!(
                    "<item><fullname>x</fullname><title>{code}</title><description>{rate}</description><quant>{quant}</quant></item>"
                ));
            }
            text.push_str("</rates>");
            let f = xml::read(text.as_bytes(), "d.xml").unwrap();
            prop_assert_eq!(f.rates.len(), items.len());
            for (r, (code, (mantissa, scale, quant))) in f.rates.iter().zip(&items) {
                prop_assert_eq!(&r.currency, code);
                prop_assert_eq!(r.per_unit(), Decimal::new(*mantissa as i64, *scale) / Decimal::from(*quant));
            }
        }
    }
}
