//! The case-file reader on arbitrary bytes; a case that opens has its sources read again and
//! its figures computed, as opening it in the window or `salyq case report` would.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(case) = salyq_core::case::from_bytes(data, "fuzz.salyq") {
        let _ = case.compute();
    }
});
