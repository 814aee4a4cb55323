//! The National Bank of Kazakhstan's official rates: its own files ([`xml`]), and, only when
//! the user asks (`salyq rates fetch`, or the window's "Get official rates…" button), the
//! fetch of a range of days from the bank ([`fetch`]: cache, retries, pace, the year's average).
//! [`http`] is the only code of Salyq that opens a network connection.

pub mod fetch;
mod http;
pub mod xml;

pub use http::HttpError;
