//! Binance's spot export, read by its own reader (header, rows, numbers, pairs).
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq_core::import::binance::spot;

fuzz_target!(|data: &[u8]| {
    salyq_fuzz::trades(data, &spot::matches, |t, i, r| spot::read(t, i, r));
});
