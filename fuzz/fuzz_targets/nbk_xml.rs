//! The National Bank's daily XML and RSS, read by their own reader, then looked up.
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq_core::nbk::xml;

fuzz_target!(|data: &[u8]| {
    let _ = xml::looks_like(data);
    match xml::read(data, salyq_fuzz::NAME) {
        Ok(file) => salyq_fuzz::lookups_rates(&xml::table(&file)),
        Err(e) => salyq_fuzz::check_errors(&e),
    }
});
