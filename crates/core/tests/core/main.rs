//! The core test binary: one binary for all of this crate's integration tests (each module a
//! former test file), so a change rebuilds and links one test executable, not one per file.

mod common;
mod compliance_dividends;
mod fuzz_regressions;
mod import_binance;
mod import_binance_headers;
mod import_brokers;
mod import_bybit;
mod import_detect;
mod import_freedom;
mod import_xls;
mod layering;
mod ledger;
mod methods;
mod no_network;
mod properties;
