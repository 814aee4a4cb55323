//! Bybit's Unified Trading Account transaction log (with its `UID:` preamble), read by its own
//! reader: trade groups, derivatives kept apart, groups listed when they make no trade.
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq_core::import::bybit_uta;

fuzz_target!(|data: &[u8]| {
    salyq_fuzz::trades(data, &bybit_uta::matches, |t, i, r| {
        let trades = bybit_uta::read(t, i, r)?;
        for g in &r.unresolved {
            assert!(!g.lines.is_empty());
        }
        Ok(trades)
    });
});
