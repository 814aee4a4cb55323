//! The user's decisions on trades, recorded as overrides and never as edits of a source: mark a
//! trade exempt, exclude it (a duplicate, a transfer between one's own accounts), enter a
//! missing purchase, set a venue's country, set a security's issuer country. Each carries who,
//! when and why. Exemptions, venue countries and issuer countries are read by
//! [`crate::settings::Settings::place`] (issuer countries also by the compliance check and the
//! income lines: [`issuer_country_of`]); exclusions and entered purchases make the effective
//! trade list ([`apply`]).

use crate::exemptions::{ExemptReason, TradeKey};
use crate::import::Inputs;
use crate::model::{Code, Kind, Side, Source, Trade};
use crate::venues::Country;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

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
        if what.starts_with(crate::import::report::UNRESOLVED_WHAT))
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

/// Inputs with the overrides applied, and where each loaded trade went.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The effective inputs, which the computation's trade indices refer to.
    pub inputs: Inputs,
    /// For each trade of the loaded inputs, its index in `inputs` (`None`: excluded).
    pub loaded_index: Vec<Option<u32>>,
}

/// The effective inputs: excluded trades left out, entered purchases added at the end (as
/// trades from the file `entered`, line = the override's number), warnings pointed at the
/// trades' new places. `None` when the overrides do not change the trade list: the loaded
/// inputs are the effective ones.
pub fn apply(inputs: &Inputs, list: &[Override], tz: chrono::FixedOffset) -> Option<Applied> {
    if !changes_trades(list) {
        return None;
    }
    let excluded: std::collections::HashSet<&TradeKey> = list
        .iter()
        .filter_map(|o| match &o.change {
            Change::Exclude { trade, .. } => Some(trade),
            _ => None,
        })
        .collect();
    let mut new_index: Vec<Option<u32>> = Vec::with_capacity(inputs.trades.len());
    let mut kept = Vec::with_capacity(inputs.trades.len());
    for t in &inputs.trades {
        if !excluded.is_empty() && excluded.contains(&TradeKey::of(&t.source)) {
            new_index.push(None);
        } else {
            new_index.push(u32::try_from(kept.len()).ok());
            kept.push(t.clone());
        }
    }
    for o in list {
        if let Change::AddPurchase {
            asset,
            kind,
            date,
            quantity,
            cost_kzt,
            venue,
            ..
        } = &o.change
        {
            let Some(time) = date
                .and_hms_opt(0, 0, 0)
                .and_then(|t| t.and_local_timezone(tz).single())
            else {
                continue;
            };
            let kzt: Code = Arc::from(crate::fiat::KZT);
            kept.push(Trade {
                source: Source {
                    file: Arc::from(ENTERED),
                    line: o.id,
                },
                time,
                side: Side::Buy,
                asset: Arc::from(asset.trim().to_uppercase().as_str()),
                quantity: *quantity,
                total: *cost_kzt,
                currency: kzt.clone(),
                fee: Decimal::ZERO,
                fee_currency: kzt,
                exchange: venue.as_deref().map(Arc::from),
                id: Some(format!("override-{}", o.id).into_boxed_str()),
                kind: *kind,
                note: Some(o.reason.clone().into_boxed_str()).filter(|r| !r.is_empty()),
            });
        }
    }
    let mut out = inputs.with_trades(kept);
    // A group of rows Salyq could not pair, excluded by the user, is resolved: its warning goes.
    if !excluded.is_empty() {
        out.warnings.retain(|w| {
            !(is_unresolved_group(w)
                && w.source
                    .as_ref()
                    .is_some_and(|s| excluded.contains(&TradeKey::of(s))))
        });
    }
    for w in &mut out.warnings {
        w.trade = w
            .trade
            .and_then(|i| new_index.get(i).copied().flatten())
            .map(|i| i as usize);
    }
    Some(Applied {
        inputs: out,
        loaded_index: new_index,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::FileRole;
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
    fn exclusions_and_entered_purchases_make_the_effective_trades() {
        let mut inputs = Inputs::default();
        inputs
            .add_reader(
                "date,side,asset,quantity,total,currency\n\
                 2025-03-03T10:00:00Z,buy,BTC,1,1000,KZT\n\
                 2025-04-03T10:00:00Z,buy,BTC,1,1000,KZT\n\
                 2025-06-02T10:00:00Z,sell,BTC,2,3000,KZT\n"
                    .as_bytes(),
                "t.csv",
                FileRole::Auto,
            )
            .unwrap();
        assert!(apply(&inputs, &[], crate::settings::kazakhstan_offset()).is_none());
        let list = [
            o(
                1,
                Change::Exclude {
                    trade: TradeKey::parse("t.csv:3").unwrap(),
                    why: ExcludeWhy::Duplicate,
                },
            ),
            o(
                2,
                Change::AddPurchase {
                    asset: "btc".into(),
                    kind: Kind::Crypto,
                    date: NaiveDate::from_ymd_opt(2024, 12, 1).unwrap(),
                    quantity: dec!(1),
                    cost_kzt: dec!(500),
                    venue: None,
                    for_trade: TradeKey::parse("t.csv:4"),
                },
            ),
        ];
        let applied = apply(&inputs, &list, crate::settings::kazakhstan_offset()).unwrap();
        assert_eq!(applied.loaded_index, [Some(0), None, Some(1)]);
        let eff = applied.inputs;
        let lines: Vec<String> = eff.trades.iter().map(|t| t.source.to_string()).collect();
        assert_eq!(lines, ["t.csv:2", "t.csv:4", "entered:2"]);
        assert_eq!(&*eff.trades[2].asset, "BTC");
        assert_eq!(eff.trades[2].total, dec!(500));
        // FIFO: the entered purchase (2024-12-01, 500) and the first (1000) cover the sale of 2:
        // gain 3000 − 1500 = 1500.
        let c = crate::engine::compute(&eff, &crate::settings::Settings::default()).unwrap();
        assert_eq!(c.disposals.len(), 1);
        assert_eq!(c.disposals[0].gain, dec!(1500));
        assert_eq!(inputs.trades.len(), 3, "the source is untouched");
    }

    #[test]
    fn the_latest_decision_wins() {
        let t = crate::model::testing::trade(Side::Sell, "KCEL", dec!(1), dec!(10), "KZT");
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
