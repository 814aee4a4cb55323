//! The Interactive Brokers Activity Statement and Flex query readers, then a computation on
//! what loads (splits applied, income by year).
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq_core::import::ibkr;
use salyq_core::import::intern::Interner;
use salyq_core::import::report::FileReport;
use salyq_core::import::{FileRole, Inputs};

fuzz_target!(|data: &[u8]| {
    for (name, read) in [
        (ibkr::activity::NAME, ibkr::activity::read as ibkr::Reader),
        (ibkr::flex::NAME, ibkr::flex::read as ibkr::Reader),
    ] {
        let mut interner = Interner::default();
        let mut report = FileReport::new(salyq_fuzz::NAME, name);
        match read(data, salyq_fuzz::NAME, &mut interner, &mut report) {
            Ok(got) => salyq_fuzz::compute(got.trades),
            Err(e) => salyq_fuzz::check_errors(&e),
        }
    }
    // Through the file entry, which recognises both by their first bytes; then the whole
    // computation, income included.
    let mut inputs = Inputs::default();
    if inputs.add_reader(data, salyq_fuzz::NAME, FileRole::Auto).is_ok() {
        let _ = salyq_core::engine::compute(&inputs, &salyq_core::settings::Settings::default());
    }
});
