//! What this build of Salyq is: its version and the day it was built, shown in Help → About
//! and by `salyq --version`.

/// The version, from `Cargo.toml`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The day the binary was built (YYYY-MM-DD, UTC), or the day of `SOURCE_DATE_EPOCH` when the
/// build sets it (reproducible builds); set by `build.rs`.
pub const BUILD_DATE: &str = env!("SALYQ_BUILD_DATE");

/// `0.1.0 (built 2026-11-25)`: what `salyq --version` prints after the name.
pub const VERSION_AND_DATE: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (built ",
    env!("SALYQ_BUILD_DATE"),
    ")"
);

/// `Salyq 0.1.0 (built 2026-11-25)`: the line that names this build.
pub fn line() -> String {
    format!("Salyq {VERSION} (built {BUILD_DATE})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_date_is_a_date() {
        assert!(
            chrono::NaiveDate::parse_from_str(BUILD_DATE, "%Y-%m-%d").is_ok(),
            "{BUILD_DATE}"
        );
        assert_eq!(line(), format!("Salyq {VERSION} (built {BUILD_DATE})"));
    }
}
