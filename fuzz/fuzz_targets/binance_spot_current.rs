//! Binance's spot trade history since 2023 (`Time,...`, the 2025 `Order No,...` layout, Russian
//! headers), read by its own reader; the time zone from the file's name or UTC.
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq_core::import::binance::spot_current;
use salyq_core::parse::Style;

fuzz_target!(|data: &[u8]| {
    salyq_fuzz::trades(data, &spot_current::matches, |t, i, r| {
        spot_current::read(t, i, r, Style::Plain, None)
    });
});
