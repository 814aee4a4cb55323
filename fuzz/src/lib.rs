//! What every fuzz target shares: reading bytes in one format, checking what came out, and
//! computing on the trades that were read.

use salyq_core::engine;
use salyq_core::error::InputError;
use salyq_core::import::intern::Interner;
use salyq_core::import::report::FileReport;
use salyq_core::import::table::{Layout, Table};
use salyq_core::import::{FileRole, Inputs};
use salyq_core::model::Trade;
use salyq_core::settings::Settings;
use std::sync::OnceLock;

/// The name the fuzzed bytes go by in messages.
pub const NAME: &str = "fuzz.csv";

/// Reads `data` as a CSV table (layout sniffed as for a real file, with `is_header` naming the
/// format's header) and hands it to `read`.
pub fn csv<'d, T>(
    data: &'d [u8],
    is_header: &dyn Fn(&[String]) -> bool,
    read: impl FnOnce(&mut Table<&'d [u8]>) -> Result<T, Vec<InputError>>,
) -> Option<T> {
    let layout = Layout::sniff(&data[..data.len().min(64 * 1024)], is_header);
    let mut table = match Table::open_with(NAME, data, &layout) {
        Ok(t) => t,
        Err(e) => {
            check_errors(&[e]);
            return None;
        }
    };
    match read(&mut table) {
        Ok(t) => Some(t),
        Err(e) => {
            check_errors(&e);
            None
        }
    }
}

/// Reads `data` as trades of one CSV format through its `read` function, then computes.
pub fn trades(
    data: &[u8],
    is_header: &dyn Fn(&[String]) -> bool,
    read: impl FnOnce(&mut Table<&[u8]>, &mut Interner, &mut FileReport) -> Result<Vec<Trade>, Vec<InputError>>,
) {
    let mut interner = Interner::default();
    let mut report = FileReport::new(NAME, "fuzz");
    if let Some(trades) = csv(data, is_header, |t| read(t, &mut interner, &mut report)) {
        compute(trades);
    }
}

/// Every error names the file and words its problem.
pub fn check_errors(errors: &[InputError]) {
    assert!(!errors.is_empty(), "a failure without any error");
    for e in errors {
        assert_eq!(e.file, NAME, "{e}");
        let text = e.to_string();
        assert!(text.starts_with(NAME), "{text}");
        if e.column.is_some() {
            assert!(e.line.is_some(), "a column without a line: {text}");
        }
    }
}

/// Checks the trades' invariants and computes on them (with the sample's rates and prices).
pub fn compute(trades: Vec<Trade>) {
    for t in &trades {
        assert!(t.quantity > rust_decimal::Decimal::ZERO, "{t:?}");
        assert!(!t.total.is_sign_negative() || t.total.is_zero(), "{t:?}");
        assert!(!t.fee.is_sign_negative() || t.fee.is_zero(), "{t:?}");
        assert!(t.line > 0, "{t:?}");
    }
    let mut inputs = base().clone();
    inputs.trades = trades;
    inputs.drop_duplicates();
    let _ = engine::compute(&inputs, &Settings::default());
}

/// The sample's rate and price tables.
fn base() -> &'static Inputs {
    static BASE: OnceLock<Inputs> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut inputs = Inputs::default();
        inputs
            .add_reader(
                &include_bytes!("../../sample_data/rates.csv")[..],
                "rates.csv",
                FileRole::Rates,
            )
            .expect("the sample rates load");
        inputs
            .add_reader(
                &include_bytes!("../../sample_data/prices.csv")[..],
                "prices.csv",
                FileRole::Prices,
            )
            .expect("the sample prices load");
        inputs
    })
}

/// The sample's trades, to value with a fuzzed rate or price table.
fn sample_trades() -> &'static Inputs {
    static SAMPLE: OnceLock<Inputs> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let mut inputs = Inputs::default();
        inputs
            .add_reader(
                &include_bytes!("../../sample_data/trades.csv")[..],
                "trades.csv",
                FileRole::Trades,
            )
            .expect("the sample trades load");
        inputs
    })
}

/// Looks rates up in a fuzzed rate table, merges it into the sample's, and values the sample's
/// trades with it.
pub fn lookups_rates(table: &salyq_core::rates::RateTable) {
    use salyq_core::rules::FxRule;
    for day in ["2020-01-01", "2024-03-05", "2025-06-30", "2026-12-31"] {
        let date = day.parse().expect("a date");
        for rule in [FxRule::PreviousBusinessDay, FxRule::AnnualAverage] {
            for ccy in ["USD", "EUR", "KZT", "RUB"] {
                let _ = table.rate(ccy, date, rule);
            }
        }
    }
    let mut merged = base().rates.clone();
    let _ = merged.merge(table.clone(), NAME);
    let mut inputs = sample_trades().clone();
    inputs.rates = table.clone();
    inputs.prices = base().prices.clone();
    let _ = engine::compute(&inputs, &Settings::default());
}

/// Looks prices up in a fuzzed price table, and values the sample's trades with it.
pub fn lookups_prices(table: &salyq_core::prices::PriceTable) {
    for day in ["2020-01-01", "2024-03-05", "2025-06-30", "2026-12-31"] {
        let date = day.parse().expect("a date");
        for asset in ["BTC", "ETH", "BNB", "USDT"] {
            let _ = table.price(asset, date);
        }
    }
    let mut inputs = sample_trades().clone();
    inputs.rates = base().rates.clone();
    inputs.prices = table.clone();
    let _ = engine::compute(&inputs, &Settings::default());
}
