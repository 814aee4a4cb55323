//! The generic trade CSV, read as a file given with no role: detection, layout, generic rows.
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq_core::import::intern::Interner;
use salyq_core::import::{self, FileRole, Loaded};

fuzz_target!(|data: &[u8]| {
    let mut interner = Interner::default();
    match import::read(data, salyq_fuzz::NAME, FileRole::Auto, &mut interner) {
        Ok(Loaded::Trades(trades, _)) => salyq_fuzz::compute(trades),
        Ok(Loaded::Broker(report, _)) => salyq_fuzz::compute(report.trades),
        Ok(Loaded::Rates(_) | Loaded::Prices(_)) => {}
        Err(e) => salyq_fuzz::check_errors(&e),
    }
    // The same bytes as a trade file: the generic format is the fallback.
    salyq_fuzz::trades(data, &salyq_core::import::generic::matches, |t, i, _| {
        salyq_core::import::generic::read(t, i, salyq_core::parse::Style::Plain)
    });
});
