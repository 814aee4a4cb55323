//! Any file through the one import path the command line and the window share: recognised by
//! its first bytes (an Excel workbook, UTF-16 or Windows-1251 text) and its header, then read in
//! its format.
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq_core::import::{FileRole, Inputs};

fuzz_target!(|data: &[u8]| {
    let mut inputs = Inputs::default();
    match inputs.add_reader(data, salyq_fuzz::NAME, FileRole::Auto) {
        Ok(()) => salyq_fuzz::compute(inputs.trades),
        Err(e) => salyq_fuzz::check_errors(&e),
    }
});
