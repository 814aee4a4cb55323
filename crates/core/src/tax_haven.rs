//! Zero cost for tax-haven sources. The law gives a cost of zero to securities registered in a
//! state with preferential taxation (NC Art. 387(7)) and to digital assets received from sources
//! in such a state (NC Art. 389(5)) [L]. Which states those are, and how they map to venues and
//! securities, is not bundled [U]: the user flags a venue (every acquisition there) or an asset
//! (every acquisition of it, wherever made). Nothing is flagged by default; a flag that is on
//! makes a loud warning in every report.

use crate::model::Trade;
use crate::rules::{Confidence, Reference};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The venues and assets the user flagged as tax-haven sources.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxHavens {
    /// Flagged venues, lower-case (as venue names are compared everywhere).
    #[serde(default)]
    pub venues: BTreeSet<String>,
    /// Flagged assets (security or digital-asset codes), upper-case.
    #[serde(default)]
    pub assets: BTreeSet<String>,
}

impl TaxHavens {
    /// True when nothing is flagged.
    pub fn is_empty(&self) -> bool {
        self.venues.is_empty() && self.assets.is_empty()
    }

    /// Flags (`on`) or unflags a venue.
    pub fn set_venue(&mut self, venue: &str, on: bool) {
        let key = venue.trim().to_lowercase();
        if key.is_empty() {
            return;
        }
        if on {
            self.venues.insert(key);
        } else {
            self.venues.remove(&key);
        }
    }

    /// Flags (`on`) or unflags an asset.
    pub fn set_asset(&mut self, asset: &str, on: bool) {
        let key = asset.trim().to_uppercase();
        if key.is_empty() {
            return;
        }
        if on {
            self.assets.insert(key);
        } else {
            self.assets.remove(&key);
        }
    }

    /// True when a venue is flagged.
    pub fn has_venue(&self, venue: &str) -> bool {
        !self.venues.is_empty() && self.venues.contains(&venue.trim().to_lowercase())
    }

    /// True when an asset is flagged.
    pub fn has_asset(&self, asset: &str) -> bool {
        !self.assets.is_empty() && self.assets.contains(&asset.trim().to_uppercase())
    }

    /// The flag that gives zero cost to the acquisition of `asset` by `trade`, if one does: the
    /// trade's venue first, then the asset.
    pub fn flag_of(&self, trade: &Trade, asset: &str) -> Option<Flag> {
        if let Some(v) = trade.exchange.as_deref()
            && self.has_venue(v)
        {
            return Some(Flag::Venue(v.trim().to_lowercase()));
        }
        self.has_asset(asset)
            .then(|| Flag::Asset(asset.trim().to_uppercase()))
    }

    /// The legal reference of the rule.
    pub fn reference() -> Reference {
        Reference {
            text: "NC Art. 387(7) (securities registered in a state with preferential taxation) and \
                   Art. 389(5) (digital assets received from sources there): the cost is zero [L]; \
                   which venues and securities are such sources is the user's flag, no list is bundled [U]"
                .into(),
            text_id: Some("ref-tax-haven".into()),
            confidence: Confidence::U,
            set_by_user: true,
        }
    }
}

/// What made an acquisition's cost zero.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Flag {
    /// The venue it was made on (lower-case).
    Venue(String),
    /// The asset acquired (upper-case).
    Asset(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Side;
    use crate::model::testing::trade;
    use rust_decimal_macros::dec;

    #[test]
    fn venue_first_then_asset_case_insensitive() {
        let mut h = TaxHavens::default();
        let mut t = trade(Side::Buy, "ABC", dec!(1), dec!(100), "USD");
        t.exchange = Some("Offshore X".into());
        assert_eq!(h.flag_of(&t, "ABC"), None, "nothing flagged by default");
        h.set_asset("abc", true);
        assert_eq!(h.flag_of(&t, "ABC"), Some(Flag::Asset("ABC".into())));
        h.set_venue(" offshore x ", true);
        assert_eq!(h.flag_of(&t, "ABC"), Some(Flag::Venue("offshore x".into())));
        h.set_venue("OFFSHORE X", false);
        h.set_asset("ABC", false);
        assert!(h.is_empty());
    }
}
