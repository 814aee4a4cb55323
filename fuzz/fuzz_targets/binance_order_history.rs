//! Binance's spot order history (orders with nested fill rows of other lengths), read by its own
//! reader.
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq_core::import::binance::order_history;

fuzz_target!(|data: &[u8]| {
    salyq_fuzz::trades(data, &order_history::matches, |t, i, r| order_history::read(t, i, r));
});
