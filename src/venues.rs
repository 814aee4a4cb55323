//! Which country each venue counts as (Kazakhstan, including the AIFC, or abroad): a bundled,
//! dated list (`assets/venues.toml`) the user may change. The yearly result splits property
//! income by it, for the declaration's lines on gains in Kazakhstan and outside it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The bundled venue list.
pub const BUNDLED_VENUES: &str = include_str!("../assets/venues.toml");

/// Where a venue's sales count as made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Country {
    /// Kazakhstan, including AIFC-licensed venues.
    Kazakhstan,
    /// Outside Kazakhstan.
    Abroad,
}

impl Country {
    /// Both, in report order.
    pub const ALL: [Country; 2] = [Country::Kazakhstan, Country::Abroad];

    /// The lower-case name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Country::Kazakhstan => "kazakhstan",
            Country::Abroad => "abroad",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Venue {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    country: Country,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct File {
    as_of: String,
    source: String,
    unknown_venue: Country,
    venue: Vec<Venue>,
}

/// Venue → country, with the list's date and source, and the user's changes.
#[derive(Debug, Clone, PartialEq)]
pub struct VenueBook {
    /// When the bundled list was made (`2025-11`).
    pub as_of: String,
    /// Where it comes from.
    pub source: String,
    /// The country of a venue not in the list (and of trades with no venue).
    pub unknown_venue: Country,
    /// Lower-case name or alias → country.
    countries: BTreeMap<String, Country>,
    /// Venues the user set, lower-case name → country.
    pub set_by_user: BTreeMap<String, Country>,
}

impl VenueBook {
    /// The bundled list.
    pub fn bundled() -> VenueBook {
        let file: File = toml::from_str(BUNDLED_VENUES).expect("the bundled venue list is valid (tested)");
        let mut countries = BTreeMap::new();
        for v in file.venue {
            for name in std::iter::once(&v.name).chain(&v.aliases) {
                countries.insert(name.to_lowercase(), v.country);
            }
        }
        VenueBook {
            as_of: file.as_of,
            source: file.source,
            unknown_venue: file.unknown_venue,
            countries,
            set_by_user: BTreeMap::new(),
        }
    }

    /// The country of a venue (`None`: a trade with no venue).
    pub fn country(&self, venue: Option<&str>) -> Country {
        let Some(v) = venue else { return self.unknown_venue };
        let key = v.trim().to_lowercase();
        self.set_by_user
            .get(&key)
            .or_else(|| self.countries.get(&key))
            .copied()
            .unwrap_or(self.unknown_venue)
    }

    /// True when the venue is in the bundled list or set by the user.
    pub fn knows(&self, venue: &str) -> bool {
        let key = venue.trim().to_lowercase();
        self.set_by_user.contains_key(&key) || self.countries.contains_key(&key)
    }

    /// Sets a venue's country (a user's decision, kept apart from the bundled list).
    pub fn set(&mut self, venue: &str, country: Country) {
        self.set_by_user.insert(venue.trim().to_lowercase(), country);
    }
}

impl Default for VenueBook {
    fn default() -> Self {
        VenueBook::bundled()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aifc_venues_are_in_kazakhstan_and_others_abroad() {
        let mut book = VenueBook::bundled();
        assert_eq!(book.country(Some("Binance")), Country::Kazakhstan);
        assert_eq!(book.country(Some(" bybit ")), Country::Kazakhstan);
        assert_eq!(book.country(Some("Ataix")), Country::Kazakhstan);
        assert_eq!(book.country(Some("Kraken")), Country::Abroad);
        assert_eq!(book.country(None), Country::Abroad);
        assert!(!book.knows("Kraken"));
        book.set("Kraken", Country::Kazakhstan);
        book.set("Binance", Country::Abroad);
        assert_eq!(book.country(Some("KRAKEN")), Country::Kazakhstan);
        assert_eq!(book.country(Some("Binance")), Country::Abroad);
        assert_eq!(book.country(Some("Binance KZ")), Country::Kazakhstan);
    }
}
