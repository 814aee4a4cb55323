//! The rate table, read by its own reader, then looked up.
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq_core::rates;

fuzz_target!(|data: &[u8]| {
    if let Some(table) = salyq_fuzz::csv(data, &rates::matches, rates::read) {
        salyq_fuzz::lookups_rates(&table);
    }
});
