//! The user's decisions on trades, recorded as overrides and never as edits of a source: mark a
//! trade exempt, exclude it (a duplicate, a transfer between one's own accounts), enter a
//! missing purchase, set a venue's country, set a security's issuer country. Each carries who,
//! when and why. Exemptions, venue countries and issuer countries are read by
//! [`crate::settings::Settings::place`] (issuer countries also by the compliance check and the
//! income lines: [`issuer_country_of`]); exclusions and entered purchases make the effective
//! trade list ([`crate::engine::apply_overrides`]).

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
    /// The country of a security's issuer, as the user knows it: wins over the ISIN's first
    /// two letters and the broker's instrument data (the 2025 netting of foreign issuers, the
    /// filing triggers, 270.04, dividends and interest on B_1_4 / B_1_5).
    IssuerCountry {
        /// The security: its ISIN, or its symbol as the files write it (matched without regard
        /// to case).
        security: String,
        /// The country, ISO 3166 two letters upper-case (`KZ`, `US`).
        country: String,
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

/// Who a decision is recorded as when nobody is named: the system's user name (`USER`, else
/// `USERNAME`), `None` when it is not set or blank. The command line's and the window's default.
pub fn default_user() -> Option<String> {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|u| !u.trim().is_empty())
}

/// Records one decision at the end of `list`, with the next free number, who and when; returns
/// its number. The one place an [`Override`] is made.
pub fn record(
    list: &mut Vec<Override>,
    change: Change,
    reason: impl Into<String>,
    by: impl Into<String>,
    at: DateTime<Utc>,
) -> u64 {
    let id = next_id(list);
    list.push(Override {
        id,
        change,
        reason: reason.into(),
        by: by.into(),
        at,
    });
    id
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
    let key = TradeKey::of(&trade.source());
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

/// The issuer's country an override sets on a security known by `asset` (its code) and, when
/// known, `isin`: the latest [`Change::IssuerCountry`] naming either (the latest decision wins).
pub fn issuer_country_of<'a>(list: &'a [Override], asset: &str, isin: Option<&str>) -> Option<&'a str> {
    list.iter().rev().find_map(|o| match &o.change {
        Change::IssuerCountry { security, country } => {
            let s = security.trim();
            (s.eq_ignore_ascii_case(asset.trim()) || isin.is_some_and(|i| s.eq_ignore_ascii_case(i.trim())))
                .then_some(country.as_str())
        }
        _ => None,
    })
}

/// An issuer country as the user typed it, checked: two ASCII letters, returned upper-case.
pub fn parse_issuer_country(text: &str) -> Option<String> {
    let t = text.trim();
    (t.len() == 2 && t.bytes().all(|b| b.is_ascii_alphabetic())).then(|| t.to_ascii_uppercase())
}

/// True for the warning that lists a group of rows Salyq could not pair
/// ([`crate::import::report::UnresolvedGroup`]).
pub fn is_unresolved_group(w: &crate::warning::Warning) -> bool {
    matches!(&w.detail, crate::warning::WarningDetail::NotImported { what, .. }
        if what.starts_with(crate::warning::UNRESOLVED_WHAT))
}

/// True when an `exclude` decision names `key` (a trade, or the first line of a group of rows
/// Salyq could not pair).
pub fn is_excluded(list: &[Override], key: &TradeKey) -> bool {
    list.iter()
        .any(|o| matches!(&o.change, Change::Exclude { trade, .. } if trade == key))
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
    fn decisions_are_recorded_with_the_next_number_who_and_when() {
        let mut list = vec![o(
            4,
            Change::VenueCountry {
                venue: "A".into(),
                country: Country::Abroad,
            },
        )];
        let at = DateTime::from_timestamp(1_750_000_000, 0).unwrap();
        let change = Change::VenueCountry {
            venue: "Kraken".into(),
            country: Country::Kazakhstan,
        };
        // The highest number is 4, so the next is 5; a second one gets 6.
        assert_eq!(record(&mut list, change.clone(), "licensed", "aigerim", at), 5);
        assert_eq!(record(&mut list, change, "again", "aigerim", at), 6);
        assert_eq!(list.len(), 3);
        assert_eq!(
            (
                list[1].id,
                list[1].reason.as_str(),
                list[1].by.as_str(),
                list[1].at
            ),
            (5, "licensed", "aigerim", at)
        );
        assert_eq!(country_of(&list, Some("Kraken")), Some(Country::Kazakhstan));
    }

    #[test]
    fn the_latest_decision_wins() {
        let t = crate::model::testing::trade(crate::model::Side::Sell, "KCEL", dec!(1), dec!(10), "KZT");
        let key = TradeKey::of(&t.source());
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

    #[test]
    fn an_issuer_country_is_found_by_isin_or_symbol_and_the_latest_wins() {
        let mut list = vec![o(
            1,
            Change::IssuerCountry {
                security: "KZ1C00000744".into(),
                country: "US".into(),
            },
        )];
        assert_eq!(issuer_country_of(&list, "KCEL", Some("KZ1C00000744")), Some("US"));
        assert_eq!(issuer_country_of(&list, "KCEL", None), None);
        list.push(o(
            2,
            Change::IssuerCountry {
                security: "kcel".into(),
                country: "KZ".into(),
            },
        ));
        assert_eq!(issuer_country_of(&list, "KCEL", Some("KZ1C00000744")), Some("KZ"));
        assert_eq!(issuer_country_of(&list, "AAPL", Some("US0378331005")), None);
        assert_eq!(parse_issuer_country(" us "), Some("US".into()));
        assert_eq!(parse_issuer_country("USA"), None);
        assert_eq!(parse_issuer_country("1A"), None);
    }
}
