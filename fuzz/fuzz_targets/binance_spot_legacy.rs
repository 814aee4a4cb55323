//! Binance's spot legacy export, read by its own reader (header, rows, numbers, pairs).
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq_core::import::binance::spot_legacy;

fuzz_target!(|data: &[u8]| {
    salyq_fuzz::trades(data, &spot_legacy::matches, |t, i, r| spot_legacy::read(t, i, r));
});
