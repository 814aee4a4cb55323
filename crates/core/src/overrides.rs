//! The user's decisions on trades, recorded as overrides and never as edits of a source: mark a
//! trade exempt, exclude it (a duplicate, a transfer between one's own accounts), enter a
//! missing purchase, set a venue's country. Each carries who, when and why. Exemptions and
//! venue countries are read by [`crate::settings::Settings::place`]; exclusions and entered
//! purchases make the effective trade list ([`apply`]).

use crate::exemptions::{ExemptReason, TradeKey};
use crate::model::{Kind, Trade};
use crate::venues::Country;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The file name that trades entered by the user carry in their source (`entered:3` is the
/// purchase of override 3).
pub const ENTERED: &str = "entered";

/// Why a trade is excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExcludeWhy {
    /// The same trade is in another file.
    Duplicate,
    /// A transfer between the person's own accounts, not a sale or purchase.
    OwnTransfer,
    /// Another reason, given in words.
    Other,
}

/// What an override changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// The trade is exempt for this reason (`None`: not exempt, whatever its venue says).
    Exempt {
        /// The trade.
        trade: TradeKey,
        /// The exemption.
        exemption: Option<ExemptReason>,
    },
    /// The trade is left out of the calculation.
    Exclude {
        /// The trade.
        trade: TradeKey,
        /// Why.
        why: ExcludeWhy,
    },
    /// A purchase the files lack (history before the exports begin), entered by hand.
    AddPurchase {
        /// What was bought.
        asset: String,
        /// Its kind.
        kind: Kind,
        /// When (a tax date).
        date: NaiveDate,
        /// How much.
        quantity: Decimal,
        /// What it cost in tenge, fees included.
        cost_kzt: Decimal,
        /// Where, if known.
        venue: Option<String>,
        /// The sale it covers, if entered for one.
        for_trade: Option<TradeKey>,
    },
    /// A withdrawal and a deposit are one transfer between the user's own accounts.
    PairTransfer {
        /// The withdrawal's row.
        withdrawal: TradeKey,
        /// The deposit's row.
        deposit: TradeKey,
    },
    /// A withdrawal and a deposit are not one transfer (undoes an automatic pair).
    UnpairTransfer {
        /// The withdrawal's row.
        withdrawal: TradeKey,
        /// The deposit's row.
        deposit: TradeKey,
    },
    /// Where a venue's sales count.
    VenueCountry {
        /// The venue.
        venue: String,
        /// Its country.
        country: Country,
    },
}

/// One decision: the change, and who made it, when and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Override {
    /// Number within the case, from 1, never reused.
    pub id: u64,
    /// What it changes.
    #[serde(flatten)]
    pub change: Change,
    /// Why, in the user's words.
    pub reason: String,
    /// Who decided.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// The next free override number.
pub fn next_id(list: &[Override]) -> u64 {
    list.iter().map(|o| o.id).max().unwrap_or(0) + 1
}

/// The exemption an override sets on a trade, if any (the latest decision wins).
pub fn exemption_of(list: &[Override], trade: &Trade) -> Option<Option<ExemptReason>> {
    if !list.iter().any(|o| matches!(o.change, Change::Exempt { .. })) {
        return None;
    }
    let key = TradeKey::of(&trade.source);
    list.iter().rev().find_map(|o| match &o.change {
        Change::Exempt { trade, exemption } if *trade == key => Some(*exemption),
        _ => None,
    })
}

/// The country an override sets on a venue, if any (the latest decision wins).
pub fn country_of(list: &[Override], venue: Option<&str>) -> Option<Country> {
    let venue = venue?.trim();
    list.iter().rev().find_map(|o| match &o.change {
        Change::VenueCountry { venue: v, country } if v.trim().eq_ignore_ascii_case(venue) => Some(*country),
        _ => None,
    })
}

/// True when the overrides change the trade list (exclusions or entered purchases).
pub fn changes_trades(list: &[Override]) -> bool {
    list.iter()
        .any(|o| matches!(o.change, Change::Exclude { .. } | Change::AddPurchase { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn o(id: u64, change: Change) -> Override {
        Override {
            id,
            change,
            reason: "test".into(),
            by: "tester".into(),
            at: DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn the_latest_decision_wins() {
        let t = crate::model::testing::trade(crate::model::Side::Sell, "KCEL", dec!(1), dec!(10), "KZT");
        let key = TradeKey::of(&t.source);
        let mut list = vec![o(
            1,
            Change::Exempt {
                trade: key.clone(),
                exemption: Some(ExemptReason::Kase),
            },
        )];
        assert_eq!(exemption_of(&list, &t), Some(Some(ExemptReason::Kase)));
        list.push(o(
            2,
            Change::Exempt {
                trade: key,
                exemption: None,
            },
        ));
        assert_eq!(exemption_of(&list, &t), Some(None));
        assert_eq!(next_id(&list), 3);
        list.push(o(
            3,
            Change::VenueCountry {
                venue: "Kraken".into(),
                country: Country::Kazakhstan,
            },
        ));
        assert_eq!(country_of(&list, Some(" kraken")), Some(Country::Kazakhstan));
        assert_eq!(country_of(&list, Some("Bybit")), None);
    }
}
