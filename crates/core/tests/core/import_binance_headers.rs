//! The Binance statement's other headers, through the one import path: the 2024 header
//! `User ID,Time,…` (its times in the zone of the file's name, `--tz-of`, else UTC with a
//! warning) and the Russian headers of a Russian UI ([U]: written as a Russian UI names the
//! columns, not yet checked against a real export); and the Russian spot trade history.

use rust_decimal_macros::dec;
use salyq_core::import::{FileRole, Inputs};
use salyq_core::model::Side;

fn utc(s: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(s).unwrap()
}

fn read(name: &str, text: &str, zones: &[(String, chrono::FixedOffset)]) -> Inputs {
    let mut inputs = Inputs::default();
    inputs.file_zones = zones.to_vec();
    inputs
        .add_reader(text.as_bytes(), name, FileRole::Auto)
        .unwrap_or_else(|e| panic!("{name}: {e:#?}"));
    inputs
}

const STATEMENT_2024: &str = "User ID,Time,Account,Operation,Coin,Change,Remark\n\
123,2024-11-16 19:35:02,Spot,Transaction Buy,BTC,0.001,\n\
123,2024-11-16 19:35:02,Spot,Transaction Spend,USDT,-91,\n\
123,2024-11-16 19:35:02,Spot,Transaction Fee,BNB,-0.0001,\n\
123,2024-11-17 10:00:00,Spot,Deposit,USDT,100,\n";

#[test]
fn statement_2024_header_reads_in_the_zone_of_its_name_or_the_one_given() {
    // The zone from the name: 19:35:02 at +05:00 is 14:35:02 UTC.
    let inputs = read("Binance-Statement(UTC+5).csv", STATEMENT_2024, &[]);
    let r = &inputs.reports[0];
    assert_eq!(r.format, "Binance transaction history");
    assert_eq!((r.rows, r.trades, r.events), (4, 1, 1));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let t = &inputs.trades[0];
    assert_eq!(t.line, 2);
    assert_eq!(t.time, utc("2024-11-16T14:35:02Z"));
    assert_eq!(t.side, Side::Buy);
    assert_eq!((&*t.asset, t.quantity), ("BTC", dec!(0.001)));
    assert_eq!((&*t.currency, t.total), ("USDT", dec!(91)));
    assert_eq!((&*t.fee_currency, t.fee), ("BNB", dec!(0.0001)));
    let deposit = &inputs.ledger.entries[0];
    assert_eq!(deposit.source.line, 5);
    assert_eq!(deposit.time, utc("2024-11-17T05:00:00Z"));

    // A name without the zone: UTC, with the warning that says how to give it.
    let inputs = read("statement.csv", STATEMENT_2024, &[]);
    assert_eq!(inputs.trades[0].time, utc("2024-11-16T19:35:02Z"));
    let w = &inputs.reports[0].warnings;
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].kind, salyq_core::warning::WarningKind::TimeZoneAssumed);
    // Given with --tz-of: +06:00.
    let plus6 = chrono::FixedOffset::east_opt(6 * 3600).unwrap();
    let inputs = read(
        "statement.csv",
        STATEMENT_2024,
        &[("statement.csv".into(), plus6)],
    );
    assert_eq!(inputs.trades[0].time, utc("2024-11-16T13:35:02Z"));
    assert!(inputs.reports[0].warnings.is_empty());
}

#[test]
fn statement_with_russian_headers_reads_as_the_english_one() {
    // [U] Russian column names as a Russian UI writes them; the operations as Binance writes
    // them in English.
    let text = "ID пользователя,Время (UTC),Аккаунт,Операция,Монета,Изменение,Примечание\n\
        123,2024-11-16 14:35:02,Spot,Transaction Sold,ETH,-0.05,\n\
        123,2024-11-16 14:35:02,Spot,Transaction Revenue,USDT,155.5,\n\
        123,2024-11-16 14:35:02,Spot,Transaction Fee,USDT,-0.1555,\n";
    let inputs = read("выписка.csv", text, &[]);
    let r = &inputs.reports[0];
    assert_eq!(r.format, "Binance transaction history");
    assert!(r.warnings.is_empty(), "the header says UTC: {:?}", r.warnings);
    let [t] = &inputs.trades[..] else {
        panic!("{:#?}", inputs.trades)
    };
    assert_eq!(t.line, 2);
    assert_eq!(t.time, utc("2024-11-16T14:35:02Z"));
    assert_eq!(t.side, Side::Sell);
    assert_eq!((&*t.asset, t.quantity), ("ETH", dec!(0.05)));
    assert_eq!((&*t.currency, t.total), ("USDT", dec!(155.5)));
    assert_eq!((&*t.fee_currency, t.fee), ("USDT", dec!(0.1555)));

    // `Время` alone does not say the zone: as the 2024 header.
    let text = "Время,Аккаунт,Операция,Монета,Изменение\n\
        2024-11-16 19:35:02,Spot,Deposit,USDT,100\n";
    let inputs = read("выписка(UTC+5).csv", text, &[]);
    assert_eq!(inputs.ledger.entries[0].time, utc("2024-11-16T14:35:02Z"));
}

#[test]
fn spot_trade_history_with_russian_headers_reads_field_by_field() {
    // [U] The export since 2023 as a Russian UI names its columns.
    let text = "Время,Пара,Сторона,Цена,Исполнено,Сумма,Комиссия\n\
        24-03-01 15:00:00,BTCUSDT,Покупка,\"60,000.00\",0.01000000BTC,600.00000000USDT,0.00001000BTC\n";
    let inputs = read("Binance-Spot-Trade-History(UTC+5).csv", text, &[]);
    let [t] = &inputs.trades[..] else {
        panic!("{:#?}", inputs.trades)
    };
    assert_eq!(t.time, utc("2024-03-01T10:00:00Z"));
    assert_eq!(t.side, Side::Buy);
    assert_eq!((&*t.asset, t.quantity), ("BTC", dec!(0.01)));
    assert_eq!((&*t.currency, t.total), ("USDT", dec!(600)));
    assert_eq!((&*t.fee_currency, t.fee), ("BTC", dec!(0.00001)));
}

#[test]
fn statement_transaction_related_is_a_trades_other_leg() {
    // An old file: the BTC bought and its EUR as `Transaction Related`.
    let text = "UTC_Time,Account,Operation,Coin,Change,Remark\n\
        2021-05-10 08:00:00,Spot,Transaction Buy,BTC,0.002,\n\
        2021-05-10 08:00:00,Spot,Transaction Related,EUR,-100,\n\
        2021-05-11 08:00:00,Spot,Transaction Related,EUR,55,\n\
        2021-05-11 08:00:00,Spot,Transaction Sold,BTC,-0.001,\n";
    let inputs = read("old.csv", text, &[]);
    let [buy, sell] = &inputs.trades[..] else {
        panic!("{:#?}", inputs.trades)
    };
    assert_eq!((buy.line, buy.side), (2, Side::Buy));
    assert_eq!(
        (&*buy.asset, buy.quantity, &*buy.currency, buy.total),
        ("BTC", dec!(0.002), "EUR", dec!(100))
    );
    assert_eq!((sell.line, sell.side), (4, Side::Sell));
    assert_eq!(
        (&*sell.asset, sell.quantity, &*sell.currency, sell.total),
        ("BTC", dec!(0.001), "EUR", dec!(55))
    );
    assert!(inputs.reports[0].unresolved.is_empty());
}
