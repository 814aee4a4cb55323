//! Salyq: turns a Kazakhstan resident's trade history into the figures of the annual tax
//! declarations.
//!
//! Data flows one way: CSV → [`model::Trade`] → tenge values ([`valuation`]) → lots and
//! disposals ([`legs`], [`matching`]) → yearly result ([`yearly`]) → reports and exports.
//! [`engine::compute`] runs the whole pipeline. Nothing here knows about any user interface.

// Input errors carry file, line, column, the value found and what was expected: a few strings.
// They are the cold path, so their size in `Result` does not matter.
#![allow(clippy::result_large_err)]

pub mod about;
pub mod broker_fifo;
pub mod case;
pub mod compliance;
pub mod engine;
pub mod error;
pub mod exemptions;
pub mod export;
pub mod fiat;
pub mod forms;
pub mod fx_gain;
pub mod import;
pub mod income;
pub mod issuer;
pub mod ledger;
pub mod legs;
pub mod matching;
pub mod model;
pub mod money;
pub mod nbk;
pub mod output_guard;
pub mod overrides;
pub mod parse;
pub mod prices;
pub mod rates;
pub mod report;
pub mod rules;
pub mod safe_file;
pub mod settings;
pub mod tax_haven;
pub mod taxpayer;
pub mod valuation;
pub mod value_gap;
pub mod venues;
pub mod warning;
pub mod yearly;

/// How many threads independent work is split over: the cores this process may use
/// (`std::thread::available_parallelism`), at least one.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// `0..len` cut into `parts` (at least one) consecutive ranges of `len.div_ceil(parts)` items,
/// the last ones shorter or empty: the runs a list is split into for [`on_threads`].
pub fn split_ranges(len: usize, parts: usize) -> Vec<std::ops::Range<usize>> {
    let parts = parts.max(1);
    let size = len.div_ceil(parts);
    (0..parts)
        .map(|p| (p * size).min(len)..((p + 1) * size).min(len))
        .collect()
}

/// `work` done on each of `inputs`, each on a thread of its own (the first on the calling
/// thread, a single input without starting any), the results in the inputs' order.
pub fn on_threads<T: Send, R: Send>(inputs: Vec<T>, work: impl Fn(T) -> R + Sync) -> Vec<R> {
    let mut inputs = inputs.into_iter();
    let Some(first) = inputs.next() else {
        return Vec::new();
    };
    let work = &work;
    std::thread::scope(|s| {
        let others: Vec<_> = inputs.map(|input| s.spawn(move || work(input))).collect();
        let mut results = Vec::with_capacity(others.len() + 1);
        results.push(work(first));
        results.extend(
            others
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))),
        );
        results
    })
}

#[cfg(test)]
mod tests {
    use super::split_ranges;

    #[test]
    fn split_ranges_cover_the_list_in_order() {
        // 10 in 3: runs of ceil(10/3) = 4, the last shorter.
        assert_eq!(split_ranges(10, 3), [0..4, 4..8, 8..10]);
        // 2 in 4: runs of 1, the last two empty; an empty list is one empty run.
        assert_eq!(split_ranges(2, 4), [0..1, 1..2, 2..2, 2..2]);
        let one = |len, parts| {
            let r = split_ranges(len, parts);
            (r.len(), r[0].clone())
        };
        assert_eq!(one(0, 1), (1, 0..0));
        // No parts asked is one part.
        assert_eq!(one(5, 0), (1, 0..5));
    }
}
