//! Each venue of the history with its licence status (AIFC-licensed, foreign, unknown) from the
//! bundled, dated venue list or the user's choice, and a note for trades on venues that are not
//! AIFC-licensed or not known.

use crate::import::Inputs;
use crate::settings::Settings;
use crate::venues::{Country, LicenceStatus, VenueNote};
use rustc_hash::FxHashMap;
use std::fmt;

/// Why trades on a venue deserve a look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VenueFlag {
    /// A venue outside Kazakhstan without an AIFC licence.
    NotLicensed,
    /// A venue the list does not know.
    UnknownStatus,
    /// Trades with no venue at all.
    NoVenue,
}

impl VenueFlag {
    /// The lower-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            VenueFlag::NotLicensed => "not_licensed",
            VenueFlag::UnknownStatus => "unknown_status",
            VenueFlag::NoVenue => "no_venue",
        }
    }
}

impl fmt::Display for VenueFlag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            VenueFlag::NotLicensed => {
                "not AIFC-licensed: a foreign venue; its sales count as abroad and what is held there is a foreign asset"
            }
            VenueFlag::UnknownStatus => {
                "not in the venue list: check whether it is AIFC-licensed and set its status; until then its sales count as the list's default"
            }
            VenueFlag::NoVenue => "no venue in the file: the status is unknown; add an exchange column",
        })
    }
}

/// One venue of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenueRow {
    /// The venue as the files name it (`None`: trades with no venue).
    pub venue: Option<String>,
    /// Its name in the venue list, when listed (`Ataix` → `ATAIX Eurasia`).
    pub listed_name: Option<String>,
    /// Licence status.
    pub status: LicenceStatus,
    /// Where its sales count.
    pub country: Country,
    /// True when the user set the status.
    pub set_by_user: bool,
    /// Trades on it in the whole history.
    pub trades: usize,
    /// Trades on it in the report's year.
    pub trades_in_year: usize,
    /// Index of its first trade, to show it.
    pub first_trade: usize,
    /// The list's note on it.
    pub note: Option<VenueNote>,
    /// Why its trades deserve a look, if they do.
    pub flag: Option<VenueFlag>,
}

/// The venues of a history and each trade's venue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenueReport {
    /// When the bundled list was made.
    pub as_of: String,
    /// Where it comes from.
    pub source: String,
    /// The venues, in order of name (trades with no venue last).
    pub rows: Vec<VenueRow>,
    /// For each trade, its row in `rows`.
    pub row_of_trade: Vec<u32>,
}

impl VenueReport {
    /// The licence status of trade `i`'s venue.
    pub fn status_of_trade(&self, i: usize) -> LicenceStatus {
        self.row_of_trade
            .get(i)
            .and_then(|&r| self.rows.get(r as usize))
            .map_or(LicenceStatus::Unknown, |r| r.status)
    }
}

/// Classifies every venue of the history (names are grouped as the files spell them).
pub fn report(
    inputs: &Inputs,
    settings: &Settings,
    year: i32,
    tax_year: impl Fn(usize) -> Option<i32>,
) -> VenueReport {
    let book = &settings.venues;
    let mut index: FxHashMap<Option<&str>, u32> = FxHashMap::default();
    let mut rows: Vec<VenueRow> = Vec::new();
    let mut row_of_trade = Vec::with_capacity(inputs.trades.len());
    for (i, t) in inputs.trades.iter().enumerate() {
        let venue = t.exchange.as_deref();
        let r = *index.entry(venue).or_insert_with(|| {
            let status = book.status(venue);
            let flag = match (venue, status) {
                (None, _) => Some(VenueFlag::NoVenue),
                (Some(_), LicenceStatus::Foreign) => Some(VenueFlag::NotLicensed),
                (Some(_), LicenceStatus::Unknown) => Some(VenueFlag::UnknownStatus),
                (Some(_), LicenceStatus::AifcLicensed) => None,
            };
            rows.push(VenueRow {
                venue: venue.map(str::to_string),
                listed_name: venue.and_then(|v| book.listed_name(v)).map(str::to_string),
                status,
                country: book.country(venue),
                set_by_user: venue.is_some_and(|v| book.status_set_by_user(v)),
                trades: 0,
                trades_in_year: 0,
                first_trade: i,
                note: venue.and_then(|v| book.note(v)).cloned(),
                flag,
            });
            (rows.len() - 1) as u32
        });
        let row = &mut rows[r as usize];
        row.trades += 1;
        if tax_year(i) == Some(year) {
            row.trades_in_year += 1;
        }
        row_of_trade.push(r);
    }
    // Sort by name, no venue last, and renumber the trades' rows.
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |r: &VenueRow| (r.venue.is_none(), r.venue.as_deref().map(str::to_lowercase));
        key(&rows[a]).cmp(&key(&rows[b]))
    });
    let mut new_index = vec![0u32; rows.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new as u32;
    }
    for r in &mut row_of_trade {
        *r = new_index[*r as usize];
    }
    let mut slots: Vec<Option<VenueRow>> = rows.into_iter().map(Some).collect();
    let rows = order.iter().filter_map(|&old| slots[old].take()).collect();
    VenueReport {
        as_of: book.as_of.clone(),
        source: book.source.clone(),
        rows,
        row_of_trade,
    }
}
