//! Recording one of the user's decisions as an override in the settings: who made it and when.

use chrono::Utc;
use salyq_core::overrides::{self, Change};
use salyq_core::settings::Settings;

/// Who the decisions are recorded as: the system's user name.
pub fn user_name() -> String {
    overrides::default_user().unwrap_or_else(|| "user".into())
}

/// The settings with one more override.
pub fn with_override(settings: &Settings, change: Change, reason: &str) -> Settings {
    let mut s = settings.clone();
    overrides::record(&mut s.overrides, change, reason.trim(), user_name(), Utc::now());
    s
}
