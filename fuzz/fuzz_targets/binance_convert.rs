//! Binance's Convert history, read by its own reader.
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq_core::import::binance::convert;

fuzz_target!(|data: &[u8]| {
    salyq_fuzz::trades(data, &convert::matches, |t, i, r| convert::read(t, i, r, None));
});
