//! The Freedom Finance broker report (JSON), then the broker-FIFO cross-check on what loads.
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq_core::import::intern::Interner;
use salyq_core::import::report::FileReport;
use salyq_core::import::{FileRole, Inputs, freedom};

fuzz_target!(|data: &[u8]| {
    let mut interner = Interner::default();
    let mut report = FileReport::new(salyq_fuzz::NAME, freedom::NAME);
    match freedom::read(data, salyq_fuzz::NAME, &mut interner, &mut report) {
        Ok(got) => {
            let mut inputs = Inputs::default();
            inputs.trades = got.trades.clone();
            if let Ok(c) = salyq_core::engine::compute(&inputs, &salyq_core::settings::Settings::default()) {
                let _ = salyq_core::broker_fifo::compare(
                    &got.broker_fifo,
                    &inputs.trades,
                    &c.values,
                    &c.disposals,
                    &c.lot_uses,
                );
            }
            salyq_fuzz::compute(got.trades);
        }
        Err(e) => salyq_fuzz::check_errors(&e),
    }
    // Through the file entry, which recognises the report by its first bytes.
    let mut inputs = Inputs::default();
    let _ = inputs.add_reader(data, salyq_fuzz::NAME, FileRole::Auto);
});
