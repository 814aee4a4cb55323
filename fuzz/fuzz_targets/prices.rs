//! The price table (or a CoinMarketCap or CoinGecko export, as prices of BTC), read by its own
//! reader, then looked up.
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq_core::import::price_table;

fuzz_target!(|data: &[u8]| {
    if let Some(table) = salyq_fuzz::csv(data, &price_table::matches, |t| price_table::read_with(t, Some("BTC"))) {
        salyq_fuzz::lookups_prices(&table);
    }
});
