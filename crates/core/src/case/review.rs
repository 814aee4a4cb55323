//! Reviewer notes (on the case, on trades) and the review status of each warning.

use crate::exemptions::TradeKey;
use crate::warning::Warning;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A reviewer's note on one trade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradeNote {
    /// The trade.
    pub trade: TradeKey,
    /// The note.
    pub text: String,
    /// Who wrote it.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// Reviewer notes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseNotes {
    /// A note on the whole case.
    #[serde(default)]
    pub case: String,
    /// Notes on trades, latest last.
    #[serde(default)]
    pub trades: Vec<TradeNote>,
}

impl CaseNotes {
    /// The latest note on a trade, if any.
    pub fn on(&self, trade: &TradeKey) -> Option<&TradeNote> {
        self.trades.iter().rev().find(|n| n.trade == *trade)
    }
}

/// Where a warning stands in the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// Not looked at yet.
    #[default]
    Open,
    /// Looked at and accepted as it is, with a reason.
    Accepted,
    /// The cause was fixed (a file added, an override made).
    Resolved,
}

/// A warning named stably across recomputations: its kind and source line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct WarningKey {
    /// The warning's kind (`missing_purchase`, ...).
    pub kind: String,
    /// Its source line (`file:line`), if it has one.
    pub source: Option<String>,
    /// Its message, telling apart warnings of one kind on one line.
    pub message: String,
}

impl WarningKey {
    /// The key of a warning.
    pub fn of(w: &Warning) -> WarningKey {
        WarningKey {
            kind: serde_json::to_value(w.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            source: w.source.as_ref().map(ToString::to_string),
            message: w.message.clone(),
        }
    }
}

/// The review of one warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// Which warning.
    pub warning: WarningKey,
    /// Its status.
    pub status: ReviewStatus,
    /// Why (required for accepted).
    pub reason: String,
    /// Who reviewed it.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// The review status of a warning (open when never reviewed; the latest review wins).
pub fn status_of(reviews: &[Review], w: &Warning) -> ReviewStatus {
    if reviews.is_empty() {
        return ReviewStatus::Open;
    }
    let key = WarningKey::of(w);
    reviews
        .iter()
        .rev()
        .find(|r| r.warning == key)
        .map_or(ReviewStatus::Open, |r| r.status)
}

/// How many of `warnings` are still open: not settled by one of `reviews` (a case's; with none,
/// every warning is open). The window, the exports and the report say the figures are
/// incomplete while this is not zero.
pub fn open_count(warnings: &[Warning], reviews: &[Review]) -> usize {
    warnings
        .iter()
        .filter(|w| status_of(reviews, w) == ReviewStatus::Open)
        .count()
}

/// True when the figures rest on open warnings (see [`open_count`]).
pub fn is_incomplete(warnings: &[Warning], reviews: &[Review]) -> bool {
    open_count(warnings, reviews) > 0
}
