//! OKX's (OKEx's) trade history (a byte-order mark in every header cell, signed amounts with
//! units), read by its own reader.
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq_core::import::okx;

fuzz_target!(|data: &[u8]| {
    salyq_fuzz::trades(data, &okx::matches, |t, i, r| okx::read(t, i, r, None));
});
