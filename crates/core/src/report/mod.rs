//! Reports of a computation: the JSON document of `salyq report --json` and the readable text.

pub mod json;
pub mod json_rows;
pub mod text;

use crate::engine::Computation;
use crate::matching::Disposal;
use crate::yearly::YearResult;
use chrono::Datelike;

/// A view of a computation limited to one tax year, or all years.
pub struct View<'a> {
    /// The computation.
    pub computation: &'a Computation,
    /// Only this year, when set.
    pub year: Option<i32>,
}

impl<'a> View<'a> {
    /// The years shown.
    pub fn years(&self) -> impl Iterator<Item = &'a YearResult> + '_ {
        self.computation
            .years
            .iter()
            .filter(move |y| self.year.is_none_or(|want| y.year == want))
    }

    /// The disposals shown.
    pub fn disposals(&self) -> impl Iterator<Item = &'a Disposal> + '_ {
        self.computation
            .disposals
            .iter()
            .filter(move |d| self.year.is_none_or(|want| d.date.year() == want))
    }
}
