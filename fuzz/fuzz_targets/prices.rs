//! The price table (or a CoinMarketCap or CoinGecko export, as prices of BTC), read by its own
//! reader, then looked up.
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq_core::prices;

fuzz_target!(|data: &[u8]| {
    if let Some(table) = salyq_fuzz::csv(data, &prices::matches, |t| prices::read_with(t, Some("BTC"))) {
        salyq_fuzz::lookups_prices(&table);
    }
});
