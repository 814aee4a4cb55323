//! Binance's statement export, read by its own reader (header, rows, numbers, pairs).
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq_core::import::binance::statement;

fuzz_target!(|data: &[u8]| {
    salyq_fuzz::trades(data, &statement::matches, |t, i, r| statement::read(t, i, r));
});
