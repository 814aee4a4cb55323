//! Which country each venue counts as (Kazakhstan, including the AIFC, or abroad): a bundled,
//! dated list (`crates/core/assets/venues.toml`) the user may change. The yearly result splits property
//! income by it, for the declaration's lines on gains in Kazakhstan and outside it. The same
//! list gives each venue's licence status (AIFC-licensed, foreign, unknown) for the compliance
//! view; the status never changes the country.

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

/// A venue's licence as the venue list knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LicenceStatus {
    /// Licensed in the Astana International Financial Centre.
    AifcLicensed,
    /// A venue outside Kazakhstan without an AIFC licence.
    Foreign,
    /// Not in the list, or not known.
    Unknown,
}

impl LicenceStatus {
    /// All three, in display order.
    pub const ALL: [LicenceStatus; 3] = [
        LicenceStatus::AifcLicensed,
        LicenceStatus::Foreign,
        LicenceStatus::Unknown,
    ];

    /// The lower-case name used in files and JSON (`aifc_licensed`).
    pub fn as_str(self) -> &'static str {
        match self {
            LicenceStatus::AifcLicensed => "aifc_licensed",
            LicenceStatus::Foreign => "foreign",
            LicenceStatus::Unknown => "unknown",
        }
    }
}

/// A note on a venue of the bundled list: its English, and the id of its translations in the
/// window's language files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenueNote {
    /// English.
    pub text: String,
    /// The id of the note's Russian and Kazakh (`ref-venue-kase`).
    pub text_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Venue {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    country: Country,
    #[serde(default = "unknown_status")]
    status: LicenceStatus,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    note_id: Option<String>,
}

fn unknown_status() -> LicenceStatus {
    LicenceStatus::Unknown
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
    /// Lower-case name or alias → (the list's name, licence status, note).
    statuses: BTreeMap<String, (String, LicenceStatus, Option<VenueNote>)>,
    /// Licence statuses the user set, lower-case name → status.
    pub status_set_by_user: BTreeMap<String, LicenceStatus>,
}

impl VenueBook {
    /// The bundled list.
    pub fn bundled() -> VenueBook {
        let file: File = toml::from_str(BUNDLED_VENUES).expect("the bundled venue list is valid (tested)");
        let mut countries = BTreeMap::new();
        let mut statuses = BTreeMap::new();
        for v in file.venue {
            let note = v.note.map(|text| VenueNote {
                text,
                text_id: v.note_id.clone(),
            });
            for name in std::iter::once(&v.name).chain(&v.aliases) {
                countries.insert(name.to_lowercase(), v.country);
                statuses.insert(name.to_lowercase(), (v.name.clone(), v.status, note.clone()));
            }
        }
        VenueBook {
            as_of: file.as_of,
            source: file.source,
            unknown_venue: file.unknown_venue,
            countries,
            set_by_user: BTreeMap::new(),
            statuses,
            status_set_by_user: BTreeMap::new(),
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

    /// The licence status of a venue (`None`: a trade with no venue, whose status is unknown).
    pub fn status(&self, venue: Option<&str>) -> LicenceStatus {
        let Some(v) = venue else {
            return LicenceStatus::Unknown;
        };
        let key = v.trim().to_lowercase();
        self.status_set_by_user
            .get(&key)
            .copied()
            .or_else(|| self.statuses.get(&key).map(|(_, s, _)| *s))
            .unwrap_or(LicenceStatus::Unknown)
    }

    /// The bundled list's note on a venue, if any.
    pub fn note(&self, venue: &str) -> Option<&VenueNote> {
        self.statuses
            .get(&venue.trim().to_lowercase())
            .and_then(|(_, _, n)| n.as_ref())
    }

    /// The name the bundled list gives a venue or alias (`Ataix` → `ATAIX Eurasia`).
    pub fn listed_name(&self, venue: &str) -> Option<&str> {
        self.statuses
            .get(&venue.trim().to_lowercase())
            .map(|(n, _, _)| n.as_str())
    }

    /// True when the user set the venue's licence status.
    pub fn status_set_by_user(&self, venue: &str) -> bool {
        self.status_set_by_user.contains_key(&venue.trim().to_lowercase())
    }

    /// Sets a venue's licence status (a user's decision, kept apart from the bundled list). It
    /// does not change the venue's country.
    pub fn set_status(&mut self, venue: &str, status: LicenceStatus) {
        self.status_set_by_user
            .insert(venue.trim().to_lowercase(), status);
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

    #[test]
    fn licence_status_from_the_list_and_the_user_without_touching_the_country() {
        let mut book = VenueBook::bundled();
        for v in [
            "Binance",
            "Bybit",
            "ATAIX Eurasia",
            "Biteeu",
            "CaspianEx",
            "BigOne",
            "Delta DA",
            "Xignal&MT",
        ] {
            assert_eq!(book.status(Some(v)), LicenceStatus::AifcLicensed, "{v}");
        }
        assert_eq!(book.status(Some("ataix")), LicenceStatus::AifcLicensed);
        assert_eq!(book.listed_name("ataix"), Some("ATAIX Eurasia"));
        assert_eq!(book.status(Some("Freedom")), LicenceStatus::AifcLicensed);
        assert!(
            book.note("Freedom Finance")
                .is_some_and(|n| n.text.contains("broker"))
        );
        assert_eq!(book.status(Some("IBKR")), LicenceStatus::Foreign);
        assert_eq!(book.country(Some("IBKR")), Country::Abroad);
        assert_eq!(book.status(Some("Kraken")), LicenceStatus::Unknown);
        assert_eq!(book.status(None), LicenceStatus::Unknown);
        book.set_status("Kraken", LicenceStatus::Foreign);
        book.set_status("Bybit", LicenceStatus::Unknown);
        assert_eq!(book.status(Some("kraken ")), LicenceStatus::Foreign);
        assert_eq!(book.status(Some("Bybit")), LicenceStatus::Unknown);
        assert!(book.status_set_by_user("BYBIT"));
        assert_eq!(book.country(Some("Bybit")), Country::Kazakhstan);
        assert_eq!(book.country(Some("Kraken")), Country::Abroad);
    }
}
