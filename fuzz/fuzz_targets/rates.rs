//! The rate table, read by its own reader, then looked up.
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq_core::import::rate_table;

fuzz_target!(|data: &[u8]| {
    if let Some(table) = salyq_fuzz::csv(data, &rate_table::matches, rate_table::read) {
        salyq_fuzz::lookups_rates(&table);
    }
});
