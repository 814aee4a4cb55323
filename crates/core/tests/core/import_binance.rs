//! The Binance importers on their own: each fixture in `tests/data/binance_*.csv` read through
//! `Table::open` and the format's `read`, trades checked field by field, broken files checked
//! for errors that name file, line, column, value and expectation.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use salyq_core::error::{Expectation, InputError, Problem};
use salyq_core::import::binance::{self, spot, spot_legacy, statement};
use salyq_core::import::intern::Interner;
use salyq_core::import::report::FileReport;
use salyq_core::import::table::Table;
use salyq_core::model::{Side, Trade};
use std::collections::BTreeMap;

type Input = std::io::Cursor<Vec<u8>>;
type Reader = fn(&mut Table<Input>, &mut Interner, &mut FileReport) -> Result<Vec<Trade>, Vec<InputError>>;

/// Reads `bytes` (named `name`) with `read`; the result and the report.
fn read_bytes(name: &str, bytes: &[u8], read: Reader) -> (Result<Vec<Trade>, Vec<InputError>>, FileReport) {
    let mut table = Table::open(name, Input::new(bytes.to_vec())).expect("the header is readable");
    let mut interner = Interner::default();
    let mut report = FileReport::new(name, "Binance");
    let result = read(&mut table, &mut interner, &mut report);
    (result, report)
}

/// Like [`read_bytes`], timing only the read.
fn timed(name: &str, bytes: Vec<u8>, read: Reader) -> (Result<Vec<Trade>, Vec<InputError>>, FileReport, f64) {
    let t = std::time::Instant::now();
    let mut table = Table::open(name, Input::new(bytes)).expect("the header is readable");
    let mut interner = Interner::default();
    let mut report = FileReport::new(name, "Binance");
    let result = read(&mut table, &mut interner, &mut report);
    (result, report, t.elapsed().as_secs_f64())
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/data/{name}",
        concat!(env!("CARGO_MANIFEST_DIR"), "/../..")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read_ok(name: &str, read: Reader) -> (Vec<Trade>, FileReport) {
    let (result, report) = read_bytes(name, &fixture(name), read);
    match result {
        Ok(trades) => (trades, report),
        Err(errors) => panic!("{name} should read: {errors:#?}"),
    }
}

fn read_err(name: &str, read: Reader) -> Vec<InputError> {
    let (result, _) = read_bytes(name, &fixture(name), read);
    match result {
        Ok(trades) => panic!("{name} should fail, read {} trades", trades.len()),
        Err(errors) => errors,
    }
}

/// Checks `trades` against one line each of the form
/// `line time side quantity asset for total currency fee fee fee_currency`, such as
/// `2 2024-11-16T14:35:02Z buy 0.001 BTC for 91 USDT fee 0.0000125 BNB`.
fn check(file: &str, trades: &[Trade], wanted: &[&str]) {
    assert_eq!(trades.len(), wanted.len(), "number of trades");
    let number = |s: &str| Decimal::from_str_exact(s).unwrap_or_else(|e| panic!("{s}: {e}"));
    for (t, w) in trades.iter().zip(wanted) {
        let f: Vec<&str> = w.split_whitespace().collect();
        let [
            line,
            time,
            side,
            quantity,
            asset,
            "for",
            total,
            currency,
            "fee",
            fee,
            fee_currency,
        ] = f[..]
        else {
            panic!("bad expectation: {w}");
        };
        let at = format!("{file}:{line}");
        assert_eq!(&*t.file, file, "{at}");
        assert_eq!(t.line.to_string(), line, "{at}");
        assert_eq!(t.time, salyq_core::parse::datetime(time).unwrap(), "{at} time");
        assert_eq!(t.time.offset().local_minus_utc(), 0, "{at} offset");
        assert_eq!(t.side.as_str(), side, "{at} side");
        assert_eq!(&*t.asset, asset, "{at} asset");
        assert_eq!(t.quantity, number(quantity), "{at} quantity");
        assert_eq!(t.total, number(total), "{at} total");
        assert_eq!(&*t.currency, currency, "{at} currency");
        assert_eq!(t.fee, number(fee), "{at} fee");
        assert_eq!(&*t.fee_currency, fee_currency, "{at} fee currency");
        assert_eq!(t.exchange.as_deref(), Some("Binance"), "{at} venue");
        assert_eq!(t.id, None, "{at} id");
        assert_eq!(t.kind, salyq_core::model::Kind::Crypto, "{at} kind");
        assert_eq!(t.note, None, "{at} note");
    }
}

/// An error's file, line, column name, problem, value found and expectation.
fn check_error(
    e: &InputError,
    file: &str,
    line: u64,
    column: Option<&str>,
    problem: Problem,
    found: Option<&str>,
    expected: Option<Expectation>,
) {
    let at = e.to_string();
    assert_eq!(e.file, file, "{at}");
    assert_eq!(e.line, Some(line), "{at}");
    assert_eq!(e.column.as_ref().map(|(_, n)| n.as_str()), column, "{at}");
    assert_eq!(e.problem, problem, "{at}");
    assert_eq!(e.found.as_deref(), found, "{at}");
    assert_eq!(e.expectation, expected, "{at}");
}

fn names(header: &str) -> Vec<String> {
    header.split(',').map(|n| n.trim().to_lowercase()).collect()
}

// ---- Spot trade history ----

#[test]
fn spot_trade_history_reads_every_fill() {
    let f = "binance_spot.csv";
    let (trades, report) = read_ok(f, spot::read);
    check(
        f,
        &trades,
        &[
            // Fee in BNB, a third asset.
            "2 2024-11-16T14:35:02Z buy 0.001 BTC for 91 USDT fee 0.0000125 BNB",
            // A sale, fee in the quote.
            "3 2024-11-16T14:40:10Z sell 0.5 ETH for 1550.25 USDT fee 1.55025 USDT",
            // Crypto quote, fee in the base.
            "4 2024-11-17T09:00:00Z buy 2 ETH for 0.068 BTC fee 0.002 ETH",
            // Thousands separators in quoted cells.
            "5 2024-11-18T12:00:00Z sell 0.125 BTC for 11428.275 USDT fee 11.428275 USDT",
            // After a blank line; a base starting with a digit, glued to a number.
            "7 2024-11-19T08:15:30Z buy 1000 1INCH for 250 USDT fee 1 1INCH",
            // A zero fee with an asset.
            "8 2024-11-20T23:59:59Z sell 1 BNB for 600 FDUSD fee 0 BNB",
            // A quote Salyq does not list, named by the amount; a zero fee without asset.
            "9 2024-11-21T10:00:00Z buy 100 ADA for 50 AEUR fee 0 AEUR",
        ],
    );
    assert_eq!((report.rows, report.trades), (7, 7));
    assert!(report.skipped.is_empty());
}

#[test]
fn spot_trade_history_with_quantity_bom_and_crlf() {
    let f = "binance_spot_quantity.csv";
    let (trades, report) = read_ok(f, spot::read);
    check(
        f,
        &trades,
        &[
            "2 2025-01-02T03:04:05Z buy 3 SOL for 601.5 USDC fee 0.003 SOL",
            "4 2025-01-03T00:00:01Z sell 2000 DOGE for 25000 TRY fee 25 TRY",
        ],
    );
    assert_eq!((report.rows, report.trades), (2, 2));
}

#[test]
fn spot_trade_history_dates_follow_the_headers_offset() {
    let csv = "Date(UTC+5),Pair,Side,Price,Executed,Amount,Fee\n\
               2024-11-16 14:35:02,BTCUSDT,BUY,91000,0.001BTC,91USDT,0BNB\n\
               2024-11-16 14:35:02Z,BTCUSDT,BUY,91000,0.001BTC,91USDT,0BNB\n";
    let (result, _) = read_bytes("tz.csv", csv.as_bytes(), spot::read);
    let trades = result.unwrap();
    assert_eq!(
        trades[0].utc(),
        salyq_core::parse::datetime("2024-11-16T09:35:02Z").unwrap()
    );
    // A time with its own zone keeps it.
    assert_eq!(
        trades[1].utc(),
        salyq_core::parse::datetime("2024-11-16T14:35:02Z").unwrap()
    );
}

#[test]
fn spot_trade_history_reports_every_bad_row() {
    let f = "binance_spot_bad.csv";
    let errors = read_err(f, spot::read);
    let e = &errors;
    assert_eq!(e.len(), 10, "{e:#?}");
    let amount_in = |a: &str| Some(Expectation::AmountIn(a.to_string()));
    check_error(
        &e[0],
        f,
        2,
        Some("Amount"),
        Problem::NotANumber,
        Some("1.2.3USDT"),
        amount_in("USDT"),
    );
    check_error(
        &e[1],
        f,
        3,
        Some("Executed"),
        Problem::WrongUnit,
        Some("0.00100000ETH"),
        amount_in("BTC"),
    );
    check_error(
        &e[2],
        f,
        4,
        Some("Pair"),
        Problem::UnknownPair,
        Some("FOOBAR"),
        Some(Expectation::Pair),
    );
    check_error(
        &e[3],
        f,
        5,
        Some("Side"),
        Problem::UnknownSide,
        Some("HOLD"),
        Some(Expectation::BuyOrSell),
    );
    check_error(
        &e[4],
        f,
        6,
        Some("Date(UTC)"),
        Problem::BadDate,
        Some("2024-11-16 25:00:00"),
        Some(Expectation::DateTime),
    );
    check_error(
        &e[5],
        f,
        7,
        Some("Amount"),
        Problem::TotalMismatch,
        Some("91"),
        Some(Expectation::Total(dec!(19.00000))),
    );
    check_error(
        &e[6],
        f,
        8,
        Some("Fee"),
        Problem::NotACode,
        Some("0.1"),
        Some(Expectation::AmountWithAsset),
    );
    // Line 9 is a good row.
    check_error(
        &e[7],
        f,
        10,
        Some("Executed"),
        Problem::ZeroQuantity,
        Some("0BTC"),
        amount_in("BTC"),
    );
    check_error(
        &e[8],
        f,
        11,
        Some("Executed"),
        Problem::NotANumber,
        Some("0,001BTC"),
        amount_in("BTC"),
    );
    check_error(&e[9], f, 12, Some("Amount"), Problem::MissingValue, None, None);
    assert!(
        e[0].to_string()
            .starts_with("binance_spot_bad.csv:2:6: column \"Amount\": not a number")
    );
}

#[test]
fn spot_trade_history_names_a_missing_column() {
    let f = "binance_spot_missing_column.csv";
    let errors = read_err(f, spot::read);
    assert_eq!(errors.len(), 1);
    check_error(
        &errors[0],
        f,
        1,
        None,
        Problem::MissingColumn("amount".into()),
        Some("Date(UTC),Pair,Side,Price,Executed,Fee"),
        Some(Expectation::HeaderLike(spot::HEADER.into())),
    );
    let (result, _) = read_bytes("x.csv", b"Pair,Side,Price,Executed,Amount,Fee\n", spot::read);
    let errors = result.unwrap_err();
    assert_eq!(errors[0].problem, Problem::MissingColumn("Date(UTC)".into()));
    let (result, _) = read_bytes("x.csv", b"Date(UTC),Pair,Side,Price,Amount,Fee\n", spot::read);
    assert_eq!(
        result.unwrap_err()[0].problem,
        Problem::MissingColumn("executed".into())
    );
}

// ---- Older spot trade history ----

#[test]
fn older_spot_trade_history_reads_every_fill() {
    let f = "binance_spot_old.csv";
    let (trades, report) = read_ok(f, spot_legacy::read);
    check(
        f,
        &trades,
        &[
            // Fee in BNB, here the base.
            "2 2019-03-01T10:00:00Z buy 10 BNB for 0.025 BTC fee 0.0075 BNB",
            "3 2019-03-02T11:30:00Z sell 0.5 BTC for 1900.06 USDT fee 1.90006 USDT",
            "4 2019-03-03T12:00:00Z buy 1.5 ETH for 0.0525 BTC fee 0.0015 ETH",
            // Thousands separator; no fee and no fee coin.
            "5 2019-03-04T13:00:00Z buy 12000 TRX for 240 USDT fee 0 USDT",
        ],
    );
    assert_eq!((report.rows, report.trades), (4, 4));
}

#[test]
fn older_spot_trade_history_reports_every_bad_row() {
    let f = "binance_spot_old_bad.csv";
    let e = read_err(f, spot_legacy::read);
    assert_eq!(e.len(), 3, "{e:#?}");
    check_error(
        &e[0],
        f,
        2,
        Some("Amount"),
        Problem::NotANumber,
        Some("abc"),
        Some(Expectation::AmountIn("BNB".into())),
    );
    check_error(
        &e[1],
        f,
        3,
        Some("Fee Coin"),
        Problem::MissingValue,
        None,
        Some(Expectation::Code),
    );
    check_error(
        &e[2],
        f,
        5,
        Some("Market"),
        Problem::UnknownPair,
        Some("BTCXYZ"),
        Some(Expectation::Pair),
    );
    let (result, _) = read_bytes(
        "x.csv",
        b"Date(UTC),Market,Type,Price,Amount,Total,Fee\n2019-03-01 10:00:00,BNBBTC,BUY,1,1,1,0\n",
        spot_legacy::read,
    );
    let e = result.unwrap_err();
    assert_eq!((e.len(), e[0].line), (1, Some(1)));
    assert_eq!(e[0].problem, Problem::MissingColumn("fee coin".into()));
}

// ---- Transaction history (statement) ----

#[test]
fn statement_groups_rows_into_trades() {
    let f = "binance_statement.csv";
    let (trades, report) = read_ok(f, statement::read);
    check(
        f,
        &trades,
        &[
            // Buy, Spend, Fee at one time (another account's rows in between).
            "3 2024-11-16T14:40:00Z buy 0.001 BTC for 91 USDT fee 0.0000125 BNB",
            // The same second in the Funding account: a conversion of ETH to USDT is a sale.
            "5 2024-11-16T14:40:00Z sell 0.1 ETH for 310 USDT fee 0 USDT",
            // Sold, Revenue, Fee: a sale with the fee in the quote.
            "8 2024-11-16T15:00:00Z sell 0.5 ETH for 1550.25 USDT fee 1.55025 USDT",
            // Two partial fills in one second make one trade; ETH is bought with BTC.
            "11 2024-11-17T09:00:00Z buy 2 ETH for 0.068 BTC fee 0.002 ETH",
            // A conversion of USDT to BNB is a buy of BNB.
            "19 2024-11-19T08:00:00Z buy 0.16666666 BNB for 100 USDT fee 0 USDT",
            // Old Sell rows: the signs say which way.
            "21 2024-11-20T12:00:00Z sell 0.01 BTC for 950 USDT fee 0.0015 BNB",
            // Old Buy rows: the − row is what was paid.
            "24 2024-11-21T00:00:00Z buy 0.1 SOL for 20 USDT fee 0 USDT",
            // Stablecoin for stablecoin: USDC bought with USDT; a zero fee row.
            "26 2024-11-22T00:00:00Z buy 100 USDC for 100.01 USDT fee 0 USDT",
            // Fees in two coins: the one in the received coin is taken off what was received.
            "31 2024-11-24T10:00:00Z buy 0.01999 BTC for 1800 USDT fee 0.001 BNB",
        ],
    );
    assert_eq!((report.rows, report.trades), (34, 9));
    let skipped: BTreeMap<&str, u64> = report.skipped.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(skipped, BTreeMap::from([("Transaction Buy (zero change)", 1)]));
    // Deposits (2), the withdrawal, the Earn interest and the airdrop are ledger entries.
    let kinds: Vec<&str> = report.ledger.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["transfer_in", "reward", "transfer_out", "reward", "transfer_in"]
    );
    assert_eq!(report.events, 5);
    // Every row is a trade row, an event or counted as skipped.
    let trade_rows = 3 + 2 + 3 + 6 + 2 + 3 + 2 + 3 + 4;
    assert_eq!(
        trade_rows + report.events + skipped.values().sum::<u64>(),
        report.rows
    );
}

#[test]
fn statement_without_user_id_and_account() {
    let csv = "UTC_Time,Operation,Coin,Change\n\
               2024-11-16 14:40:00,Transaction Buy,BTC,0.001\n\
               2024-11-16 14:40:00,Transaction Spend,USDT,-91\n";
    let (result, report) = read_bytes("s.csv", csv.as_bytes(), statement::read);
    let trades = result.unwrap();
    check(
        "s.csv",
        &trades,
        &["2 2024-11-16T14:40:00Z buy 0.001 BTC for 91 USDT fee 0 USDT"],
    );
    assert_eq!((report.rows, report.trades), (2, 1));
    // Neither coin a quote asset: a buy of the received coin.
    let csv = "UTC_Time,Operation,Coin,Change\n\
               2024-11-16 14:40:00,Binance Convert,AAA,-5\n\
               2024-11-16 14:40:00,Binance Convert,BBB,7\n";
    let trades = read_bytes("s.csv", csv.as_bytes(), statement::read).0.unwrap();
    assert_eq!(
        (trades[0].side, &*trades[0].asset, &*trades[0].currency),
        (Side::Buy, "BBB", "AAA")
    );
}

#[test]
fn statement_reports_every_bad_row() {
    let f = "binance_statement_bad.csv";
    let e = read_err(f, statement::read);
    assert_eq!(e.len(), 6, "{e:#?}");
    check_error(
        &e[0],
        f,
        3,
        Some("Change"),
        Problem::NotANumber,
        Some("abc"),
        Some(Expectation::Number),
    );
    check_error(
        &e[1],
        f,
        4,
        Some("Change"),
        Problem::WrongSign,
        Some("0.0000125"),
        Some(Expectation::NotPositive),
    );
    check_error(
        &e[2],
        f,
        5,
        Some("Coin"),
        Problem::NotACode,
        Some("ETH/X"),
        Some(Expectation::Code),
    );
    // Line 6 is a deposit: an event, whose change must be a number.
    check_error(
        &e[3],
        f,
        6,
        Some("Change"),
        Problem::NotANumber,
        Some("not even read"),
        Some(Expectation::Number),
    );
    check_error(
        &e[4],
        f,
        7,
        Some("Change"),
        Problem::WrongSign,
        Some("-0.5"),
        Some(Expectation::PositiveNumber),
    );
    check_error(
        &e[5],
        f,
        8,
        Some("UTC_Time"),
        Problem::BadDate,
        Some("16.11.2024 16:00"),
        Some(Expectation::DateTime),
    );
    let (result, _) = read_bytes("x.csv", b"UTC_Time,Account,Operation,Coin\n", statement::read);
    let e = result.unwrap_err();
    assert_eq!(e[0].problem, Problem::MissingColumn("change".into()));
    assert_eq!(
        e[0].expectation,
        Some(Expectation::HeaderLike(statement::HEADER.into()))
    );
}

#[test]
fn statement_groups_that_do_not_make_one_trade_are_listed_and_the_rest_is_read() {
    let f = "binance_statement_unpaired.csv";
    let (trades, report) = read_ok(f, statement::read);
    // Two pairs in one second (lines 2-5), each pair's rows one after the other: two trades.
    // The 15:00 group is an ordinary trade. Nothing of lines 8-12 is read.
    check(
        f,
        &trades,
        &[
            "2 2024-11-16T14:40:00Z buy 0.001 BTC for 91 USDT fee 0 USDT",
            "4 2024-11-16T14:40:00Z buy 0.01 ETH for 31 USDT fee 0 USDT",
            "6 2024-11-16T15:00:00Z buy 0.001 BTC for 91 USDT fee 0 USDT",
        ],
    );
    assert_eq!(report.trades, 3);
    assert_eq!(report.rows, 11);
    let groups: Vec<(&[u64], &str)> = report
        .unresolved
        .iter()
        .map(|g| (g.lines.as_slice(), g.found.as_str()))
        .collect();
    assert_eq!(
        groups,
        [
            // A fee on its own.
            (&[8u64][..], "Transaction Fee BNB"),
            // Fees in two coins, neither the received one.
            (
                &[9, 10, 11, 12][..],
                "Transaction Buy BTC, Transaction Spend USDT, Transaction Fee BNB USDT"
            ),
        ]
    );
    let g = &report.unresolved[1];
    assert_eq!(g.time, "2024-11-16T17:00:00+00:00");
    assert_eq!(g.coins, ["BTC", "USDT", "BNB"]);
    assert!(
        g.why.starts_with("expected one coin received and one coin given"),
        "{}",
        g.why
    );
    assert_eq!(g.key(f).to_string(), "binance_statement_unpaired.csv:9");
    // Each group is a warning at its first line that says the figures are incomplete.
    assert_eq!(report.warnings.len(), 2);
    let w = &report.warnings[1];
    assert_eq!(w.kind, salyq_core::warning::WarningKind::NotImported);
    assert_eq!(w.source.as_ref().map(|s| s.line), Some(9));
    assert!(
        w.message.contains("lines 9-12") && w.message.contains("figures are incomplete"),
        "{}",
        w.message
    );
    assert!(
        report
            .to_string()
            .contains("2 groups of rows not read (at lines 8, 9): figures incomplete"),
        "{report}"
    );
}

#[test]
fn statement_pairs_whose_rows_are_interleaved_stay_one_listed_group() {
    // Both coins received before either is paid for: which USDT paid for which coin is not in
    // the file, so the group is listed, never guessed.
    let text = "UTC_Time,Account,Operation,Coin,Change,Remark\n\
        2024-11-16 14:40:00,Spot,Transaction Buy,BTC,0.001,\n\
        2024-11-16 14:40:00,Spot,Transaction Buy,ETH,0.01,\n\
        2024-11-16 14:40:00,Spot,Transaction Spend,USDT,-91,\n\
        2024-11-16 14:40:00,Spot,Transaction Spend,USDT,-31,\n";
    let (result, report) = read_bytes("s.csv", text.as_bytes(), statement::read);
    assert!(result.expect("the file reads").is_empty());
    assert_eq!(report.unresolved.len(), 1);
    assert_eq!(report.unresolved[0].lines, [2, 3, 4, 5]);
    assert_eq!(
        report.unresolved[0].found,
        "Transaction Buy BTC ETH, Transaction Spend USDT"
    );

    // Fees first: which fee is whose is not in the order of the rows either.
    let text = "UTC_Time,Account,Operation,Coin,Change,Remark\n\
        2024-11-16 14:40:00,Spot,Transaction Fee,BNB,-0.001,\n\
        2024-11-16 14:40:00,Spot,Transaction Buy,BTC,0.001,\n\
        2024-11-16 14:40:00,Spot,Transaction Spend,USDT,-91,\n\
        2024-11-16 14:40:00,Spot,Transaction Fee,BNB,-0.0005,\n\
        2024-11-16 14:40:00,Spot,Transaction Buy,ETH,0.01,\n\
        2024-11-16 14:40:00,Spot,Transaction Spend,USDT,-31,\n";
    let (result, report) = read_bytes("s.csv", text.as_bytes(), statement::read);
    assert!(result.expect("the file reads").is_empty());
    assert_eq!(report.unresolved.len(), 1);
    assert_eq!(report.unresolved[0].lines, [2, 3, 4, 5, 6, 7]);
}

// ---- Recognition and helpers ----

#[test]
fn headers_are_recognised() {
    let spot_new = names("Date(UTC),Pair,Side,Price,Executed,Amount,Fee");
    let spot_qty = names("Date(UTC),Pair,Side,Price,Quantity,Amount,Fee");
    let old = names("Date(UTC),Market,Type,Price,Amount,Total,Fee,Fee Coin");
    let stmt = names("User_ID,UTC_Time,Account,Operation,Coin,Change,Remark");
    let stmt_short = names("UTC_Time,Account,Operation,Coin,Change,Remark");
    let orders = names("Date(UTC),OrderNo,Pair,Type,Side,Order Price,Order Amount,Status");
    let generic = names("date,side,asset,quantity,price,currency");
    assert!(spot::matches(&spot_new) && spot::matches(&spot_qty));
    assert!(spot::matches(&names(
        "Date(UTC+8),Pair,Side,Price,Executed,Amount,Fee"
    )));
    assert!(
        !spot::matches(&old) && !spot::matches(&stmt) && !spot::matches(&orders) && !spot::matches(&generic)
    );
    assert!(spot_legacy::matches(&old));
    assert!(
        !spot_legacy::matches(&spot_new) && !spot_legacy::matches(&stmt) && !spot_legacy::matches(&generic)
    );
    assert!(statement::matches(&stmt) && statement::matches(&stmt_short));
    assert!(!statement::matches(&spot_new) && !statement::matches(&old) && !statement::matches(&generic));
    assert_ne!(spot::NAME, spot_legacy::NAME);
    assert_ne!(spot::NAME, statement::NAME);
}

#[test]
fn pair_splitter_takes_the_longest_known_quote() {
    use binance::split_pair;
    assert_eq!(split_pair("BTCUSDT"), Some(("BTC", "USDT")));
    assert_eq!(split_pair("ETHBTC"), Some(("ETH", "BTC")));
    assert_eq!(split_pair("BTCFDUSD"), Some(("BTC", "FDUSD")));
    assert_eq!(split_pair("BTCTUSD"), Some(("BTC", "TUSD")));
    assert_eq!(split_pair("USDTTRY"), Some(("USDT", "TRY")));
    assert_eq!(split_pair("BTCKZT"), Some(("BTC", "KZT")));
    assert_eq!(split_pair("BNBBRL"), Some(("BNB", "BRL")));
    assert_eq!(split_pair("BTC/USDT"), Some(("BTC", "USDT")));
    assert_eq!(split_pair("USDT"), None);
    assert_eq!(split_pair("BTCXYZ"), None);
    assert_eq!(binance::split_pair_with("ADAAEUR", "AEUR"), Some(("ADA", "AEUR")));
}

#[test]
fn amount_parser_splits_number_and_asset() {
    use binance::amount;
    assert_eq!(amount("0.0010000000ETH", &[]), Some((dec!(0.001), "ETH")));
    assert_eq!(amount("0.001ETH", &[]), Some((dec!(0.001), "ETH")));
    assert_eq!(amount("11.42USDT", &[]), Some((dec!(11.42), "USDT")));
    assert_eq!(amount("11,426.20", &[]), Some((dec!(11426.20), "")));
    assert_eq!(amount("11,426.20USDT", &[]), Some((dec!(11426.20), "USDT")));
    assert_eq!(amount("0.00001BNB", &[]), Some((dec!(0.00001), "BNB")));
    assert_eq!(amount("1E-8BTC", &[]), Some((dec!(0.00000001), "BTC")));
    assert_eq!(amount("0.51INCH", &["1INCH"]), Some((dec!(0.5), "1INCH")));
    assert_eq!(amount("1,5ETH", &[]), None);
    assert_eq!(amount("ETH", &[]), None);
    assert_eq!(
        salyq_core::error::line_list(&[2, 3, 4, 5, 9, 11, 12]),
        "2-5, 9, 11-12"
    );
}

/// A spot trade history of `n` rows, as Binance writes it.
fn spot_history(n: usize) -> Vec<u8> {
    use std::fmt::Write;
    let mut s = String::with_capacity(n * 100);
    s.push_str("Date(UTC),Pair,Side,Price,Executed,Amount,Fee\n");
    let pairs = [("BTC", "USDT"), ("ETH", "BTC"), ("SOL", "FDUSD"), ("BNB", "USDC")];
    for i in 0..n {
        let (base, quote) = pairs[i % pairs.len()];
        let side = if i % 3 == 0 { "SELL" } else { "BUY" };
        let price = 1000 + (i % 50_000);
        let qty_milli = 1 + i % 997;
        let amount = price * qty_milli;
        let fee = if i % 2 == 0 {
            "0.0001BNB".to_string()
        } else {
            format!("0.00{}{quote}", i % 10)
        };
        let _ = writeln!(
            s,
            "2024-{:02}-{:02} {:02}:{:02}:{:02},{base}{quote},{side},\"{}\",{}.{:03}0000000{base},\"{}.{:03}00000{quote}\",{fee}",
            1 + i % 12,
            1 + i % 28,
            i % 24,
            i % 60,
            (i / 60) % 60,
            format_thousands(price),
            qty_milli / 1000,
            qty_milli % 1000,
            format_thousands(amount / 1000),
            amount % 1000,
        );
    }
    s.into_bytes()
}

fn format_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn generated_spot_history_reads() {
    let bytes = spot_history(10_000);
    let (result, report) = read_bytes("gen.csv", &bytes, spot::read);
    let trades = result.unwrap_or_else(|e| panic!("{:#?}", &e[..e.len().min(5)]));
    assert_eq!((trades.len(), report.rows), (10_000, 10_000));
    assert_eq!(trades[9_999].line, 10_001);
}

/// Speed: `cargo test --release --test import_binance -- --ignored --nocapture`.
#[test]
#[ignore]
fn speed_of_a_million_row_spot_history() {
    let n = 1_000_000;
    let bytes = spot_history(n);
    let mb = bytes.len() / 1_000_000;
    let (result, _, elapsed) = timed("gen.csv", bytes, spot::read);
    assert_eq!(result.map(|t| t.len()).unwrap_or(0), n);
    println!("spot trade history: {n} rows ({mb} MB) read in {elapsed:.3} s");
    assert!(elapsed < 2.0);

    // The statement of the same trades: three rows each.
    let mut s = String::from("User_ID,UTC_Time,Account,Operation,Coin,Change,Remark\n");
    let start = salyq_core::parse::datetime("2020-01-01T00:00:00Z").unwrap();
    for i in 0..n / 3 {
        let time = (start + chrono::Duration::seconds(i as i64 * 7)).format("%Y-%m-%d %H:%M:%S");
        s.push_str(&format!("1,{time},Spot,Transaction Buy,BTC,0.001,\n"));
        s.push_str(&format!("1,{time},Spot,Transaction Spend,USDT,-91.5,\n"));
        s.push_str(&format!("1,{time},Spot,Transaction Fee,BNB,-0.0001,\n"));
    }
    let (result, report, elapsed) = timed("stmt.csv", s.into_bytes(), statement::read);
    let trades = result.map(|t| t.len()).unwrap_or(0);
    println!(
        "transaction history: {} rows into {trades} trades in {elapsed:.3} s",
        report.rows
    );
    assert_eq!(trades as u64 * 3, report.rows);
}
