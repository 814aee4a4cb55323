//! The price table, read by its own reader, then looked up.
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq::prices;

fuzz_target!(|data: &[u8]| {
    if let Some(table) = salyq_fuzz::csv(data, &prices::matches, prices::read) {
        salyq_fuzz::lookups_prices(&table);
    }
});
