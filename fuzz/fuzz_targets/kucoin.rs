//! KuCoin's trade exports (three layouts), read by their own reader.
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq_core::import::kucoin;

fuzz_target!(|data: &[u8]| {
    salyq_fuzz::trades(data, &kucoin::matches, |t, i, r| kucoin::read(t, i, r, None));
});
