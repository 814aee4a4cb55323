//! Warnings: things the user should look at that do not stop the computation.

use crate::model::Source;
use serde::Serialize;

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// A sale of more than was held: the uncovered part has zero cost.
    MissingPurchase,
    /// A price was taken from an earlier day.
    StalePrice,
    /// The same trade was imported twice; the second copy was dropped.
    Duplicate,
    /// A trade of fiat for fiat: no tax event.
    FiatExchange,
    /// A tax year has no rules of its own; the nearest year's were used.
    NoRulesForYear,
}

/// One warning, with the trade it is about when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// What it is about.
    pub kind: WarningKind,
    /// Plain words.
    pub message: String,
    /// The source line it is about.
    #[serde(serialize_with = "source_text")]
    pub source: Option<Source>,
    /// Index of the trade it is about, in the computation's trade list.
    #[serde(skip)]
    pub trade: Option<usize>,
}

fn source_text<S: serde::Serializer>(s: &Option<Source>, ser: S) -> Result<S::Ok, S::Error> {
    match s {
        Some(src) => ser.collect_str(src),
        None => ser.serialize_none(),
    }
}
