//! The cli test binary: one binary for all of this crate's integration tests (each module a
//! former test file), so a change rebuilds and links one test executable, not one per file.

mod about;
mod case;
mod case_forms_reviews;
mod cli_errors;
mod common;
mod compliance;
mod compliance_2026;
mod forms;
mod forms_xml;
mod import_bybit_uta;
mod import_exchanges;
mod import_mapping;
mod import_unresolved_and_zones;
mod issuer_override;
mod law_2025_2026;
mod law_exemptions;
mod limits;
mod no_silent_loss_case;
mod no_silent_loss_import;
mod official_rates;
mod oracle;
mod price_exports;
mod tax_haven;
// `salyq FILE…` opens the window: only in the build with it.
#[cfg(feature = "gui")]
mod window_args;
