//! Bybit's spot trade history (with its `UID:` preamble), read by its own reader.
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq_core::import::bybit;

fuzz_target!(|data: &[u8]| {
    salyq_fuzz::trades(data, &bybit::matches, |t, i, r| bybit::read(t, i, r));
});
