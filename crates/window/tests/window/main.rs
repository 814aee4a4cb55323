//! The window test binary: one binary for all of this crate's integration tests (each module a
//! former test file), so a change rebuilds and links one test executable, not one per file.

mod cancel;
mod common;
mod gui;
mod gui_case;
mod gui_compliance;
mod gui_forms;
mod gui_income;
mod gui_issuer;
mod gui_keys;
mod gui_ledger;
mod gui_rates;
mod gui_split;
mod gui_unresolved;
mod gui_window;
mod texts;
