//! The window's "Get official rates…": offered when rates are missing, it fetches from a local
//! replay server (no test reaches the internet), imports the rates into the case and the
//! figures are computed.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use salyq_core::import::FileRole;
use salyq_window::worker::Mode;
use salyq_window::{App, Prefs};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// A USD trade bought on Mon 2024-03-04 (rate of Fri 03-01: 450) and sold on Tue 03-05 (rate of
/// 03-04: 451): buy 10 × 100 USD → 450,000; sell 10 × 110 USD → 1,100 × 451 = 496,100; gain
/// 46,100, tax 10% = 4,610.
const TRADES: &str = "date,side,asset,quantity,price,total,currency,exchange,id,kind\n\
    2024-03-04T09:00:00Z,buy,AAPL,10,100,1000,USD,Broker,A1,security\n\
    2024-03-05T09:00:00Z,sell,AAPL,10,110,1100,USD,Broker,A2,security\n";

fn day(date: &str, usd: &str) -> String {
    format!(
        "<rates><date>{date}</date><item><fullname>US DOLLAR</fullname><title>USD</title>\
         <description>{usd}</description><quant>1</quant></item></rates>"
    )
}

/// Serves 1 and 4 March 2024; every other day is empty. Counts requests.
fn server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/rss/get_rates.cfm", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            c.fetch_add(1, Ordering::Relaxed);
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            let _ = reader.read_line(&mut first);
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
            }
            let body = if first.contains("fdate=01.03.2024") {
                day("01.03.2024", "450.00")
            } else if first.contains("fdate=04.03.2024") {
                day("04.03.2024", "451.00")
            } else {
                "<rates></rates>".to_string()
            };
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (url, count)
}

#[test]
fn missing_rates_are_fetched_on_request_and_go_into_the_case() {
    let dir = tempfile::tempdir().unwrap();
    let trades = dir.path().join("trades.csv");
    std::fs::write(&trades, TRADES).unwrap();
    let (url, count) = server();
    let app = App::empty(Mode::Inline, Prefs::default());
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .with_context_setup(salyq_window::fonts::install)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.run();
    h.state_mut().import_paths(&[trades], FileRole::Auto);
    h.run();
    assert!(h.query_all_by_label_contains("no official USD rate").count() >= 1);
    // Nothing was asked yet: the button only offers.
    assert_eq!(count.load(Ordering::Relaxed), 0);
    h.get_by_label("Get official rates…").click();
    h.run();
    {
        let d = h.state_mut().rates_dialog.as_mut().expect("the dialog opens");
        // Tax dates 03-04 and 03-05: the ten days before each, 2024-02-23 to 03-04.
        assert_eq!(d.days.len(), 11);
        d.options.url = url.clone();
        d.options.cache = Some(dir.path().join("cache"));
        d.options.pace = Duration::ZERO;
        d.table_dir = dir.path().join("tables");
    }
    h.run();
    h.get_by_label("Rates missing for: USD");
    h.get_by_label_contains("Only the dates leave this computer");
    h.get_by_label_contains("fdate=DD.MM.YYYY for each of 11 days between 2024-02-23 and 2024-03-04");
    h.get_by_label("Fetch").click();
    // The fetch repaints the window while it runs: one frame, not `run` until it settles.
    h.step();
    let mut actions = Vec::new();
    h.state_mut().rates_dialog.as_mut().unwrap().wait(&mut actions);
    for a in actions {
        h.state_mut().act(a);
    }
    h.run();
    h.run();
    assert_eq!(count.load(Ordering::Relaxed), 11);
    let app = h.state();
    assert!(app.rates_dialog.as_ref().unwrap().is_done());
    assert!(app.state.problems.is_empty(), "{:?}", app.state.problems);
    // The table is embedded in the case like an imported rate table.
    assert!(
        app.state
            .case
            .sources
            .iter()
            .any(|s| s.name == "official-rates-2024-02-23-2024-03-04.csv"),
        "{:?}",
        app.state.case.sources.iter().map(|s| &s.name).collect::<Vec<_>>()
    );
    let c = app.state.computed.as_ref().expect("computed");
    let y = c.computation.years.iter().find(|y| y.year == 2024).unwrap();
    assert_eq!(y.property_income, rust_decimal_macros::dec!(46100.00));
    assert_eq!(y.tax, rust_decimal_macros::dec!(4610));
    h.get_by_label_contains("Fetched 2 daily rates");
}
