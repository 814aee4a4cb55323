//! Warnings: things the user should look at that do not stop the computation.
//!
//! A warning's [`WarningDetail`] holds its facts; its English words (`Display`) are the
//! `message` of the command line and JSON, and the window words it in its own language.

use crate::model::Source;
use crate::money::fmt_grouped;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

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
    /// An entry of a file Salyq does not import yet (a corporate action, a transfer of
    /// securities): to be reviewed by hand.
    NotImported,
    /// A broker's own FIFO profit for a sale differs from Salyq's.
    BrokerFifoDiffers,
    /// Coins arrived (a deposit no withdrawal explains, a purchase without its price): a lot of
    /// unknown cost, given zero cost until the user enters, pairs or imports its origin.
    UnknownOrigin,
    /// Coins left a venue with no deposit elsewhere to match.
    UnpairedWithdrawal,
    /// A venue's replayed balance goes below zero, or ends away from a balance the file states.
    BalanceGap,
    /// A ledger entry needed a price the price table lacks.
    LedgerNoPrice,
    /// A venue or asset is flagged as a tax-haven source: its acquisitions were given zero cost.
    TaxHavenZeroCost,
    /// A file that does not say its time zone was read as UTC.
    TimeZoneAssumed,
}

/// One warning, with the trade it is about when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// What it is about.
    pub kind: WarningKind,
    /// Plain English words: the text of `detail`.
    pub message: String,
    /// The facts the message states.
    #[serde(skip)]
    pub detail: WarningDetail,
    /// The source line it is about.
    #[serde(serialize_with = "source_text")]
    pub source: Option<Source>,
    /// Index of the trade it is about, in the computation's trade list.
    #[serde(skip)]
    pub trade: Option<usize>,
}

impl Warning {
    /// A warning stating `detail`, about a source line and the trade there when known.
    pub fn new(detail: WarningDetail, source: Option<Source>, trade: Option<usize>) -> Warning {
        Warning {
            kind: detail.kind(),
            message: detail.to_string(),
            detail,
            source,
            trade,
        }
    }
}

/// The facts of a warning, one variant per [`WarningKind`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarningDetail {
    /// `quantity` of `asset` disposed of on `date` while only `held` was held.
    MissingPurchase {
        /// The asset.
        asset: String,
        /// The tax date of the disposal.
        date: NaiveDate,
        /// The quantity disposed of.
        quantity: Decimal,
        /// The quantity held (`quantity` − `uncovered`).
        held: Decimal,
        /// The quantity without a purchase (zero cost).
        uncovered: Decimal,
    },
    /// No `asset` price on `date`: the price of `used` was taken.
    StalePrice {
        /// The asset.
        asset: String,
        /// The tax date.
        date: NaiveDate,
        /// The day of the price used.
        used: NaiveDate,
    },
    /// Trade `id` on `venue` was also at `first`; this copy was dropped.
    Duplicate {
        /// The trade id.
        id: String,
        /// The venue.
        venue: String,
        /// The copy kept.
        first: Source,
    },
    /// `asset` exchanged for `currency`, both fiat.
    FiatExchange {
        /// The trade's asset.
        asset: String,
        /// The trade's currency.
        currency: String,
    },
    /// Tax year `year` has no rules: those of `from` were applied, its MCI `mci` included.
    NoRulesForYear {
        /// The tax year.
        year: i32,
        /// The year whose rules were used.
        from: i32,
        /// The MCI of `from`, used for `year` (none of `year` is in the rule book).
        mci: Decimal,
    },
    /// An entry `what` (as the file names it: `Dividends`, `Split`) about `asset` on `date` was
    /// not imported.
    NotImported {
        /// What the entry is, as the file names it.
        what: String,
        /// The asset it is about, as written (`?` when not given).
        asset: String,
        /// Its date, as written (`?` when not given).
        date: String,
        /// Its amount with currency, as written (`12.5 USD`).
        amount: Option<String>,
        /// The tax withheld with currency, as written.
        tax: Option<String>,
    },
    /// `quantity` of `asset` arrived on `venue` on `date` with no known purchase (`how`: the
    /// operation, for a purchase whose price the file lacks).
    UnknownOrigin {
        /// The coin.
        asset: String,
        /// How much.
        quantity: Decimal,
        /// Where.
        venue: String,
        /// The tax date.
        date: NaiveDate,
        /// The operation (`Buy Crypto`) of a purchase without its price; `None` for a deposit.
        how: Option<String>,
    },
    /// `quantity` of `asset` left `venue` on `date` with no deposit to match.
    UnpairedWithdrawal {
        /// The coin.
        asset: String,
        /// How much.
        quantity: Decimal,
        /// Where from.
        venue: String,
        /// The tax date.
        date: NaiveDate,
    },
    /// The balance of `asset` on `venue` goes `quantity` below zero at `date` (history missing
    /// before it), or, with `stated`, differs by `quantity` from the balance the file states.
    BalanceGap {
        /// The venue.
        venue: String,
        /// The coin.
        asset: String,
        /// What is missing.
        quantity: Decimal,
        /// The tax date.
        date: NaiveDate,
        /// The balance the file states, for a difference from it.
        stated: Option<Decimal>,
    },
    /// No `asset` price on `date` for `what` (a reward valued on the day, a network fee
    /// disposed of, a sale without its price).
    LedgerNoPrice {
        /// The coin.
        asset: String,
        /// The tax date.
        date: NaiveDate,
        /// What needed it, in English.
        what: String,
    },
    /// The broker's FIFO profit for sale `id` is `broker`; Salyq's, in the same currency, is
    /// `ours` (`ours_kzt` in tenge).
    BrokerFifoDiffers {
        /// The sale's id (or source line).
        id: String,
        /// The asset sold.
        asset: String,
        /// The tax date of the sale.
        date: NaiveDate,
        /// The sale's currency.
        currency: String,
        /// The broker's figure, in `currency`.
        broker: Decimal,
        /// Salyq's figure, in `currency` (rounded to 0.01).
        ours: Decimal,
        /// Salyq's gain in tenge.
        ours_kzt: Decimal,
    },
    /// The flagged `venue` or `asset` (one of them is set) gave `acquisitions` acquisitions
    /// zero cost instead of `cost` tenge (NC Arts. 387(7), 389(5)).
    TaxHavenZeroCost {
        /// The flagged venue (lower-case), when the flag is a venue's.
        venue: Option<String>,
        /// The flagged asset, when the flag is an asset's.
        asset: Option<String>,
        /// How many acquisitions were given zero cost.
        acquisitions: usize,
        /// The cost they would have had, in tenge.
        cost: Decimal,
    },
    /// `file` does not say its time zone (neither its rows, its header nor its name): its times
    /// were read as UTC.
    TimeZoneAssumed {
        /// The file, as named in messages.
        file: String,
    },
}

impl WarningDetail {
    /// The kind of warning.
    pub fn kind(&self) -> WarningKind {
        match self {
            WarningDetail::MissingPurchase { .. } => WarningKind::MissingPurchase,
            WarningDetail::StalePrice { .. } => WarningKind::StalePrice,
            WarningDetail::Duplicate { .. } => WarningKind::Duplicate,
            WarningDetail::FiatExchange { .. } => WarningKind::FiatExchange,
            WarningDetail::NoRulesForYear { .. } => WarningKind::NoRulesForYear,
            WarningDetail::NotImported { .. } => WarningKind::NotImported,
            WarningDetail::BrokerFifoDiffers { .. } => WarningKind::BrokerFifoDiffers,
            WarningDetail::UnknownOrigin { .. } => WarningKind::UnknownOrigin,
            WarningDetail::UnpairedWithdrawal { .. } => WarningKind::UnpairedWithdrawal,
            WarningDetail::BalanceGap { .. } => WarningKind::BalanceGap,
            WarningDetail::LedgerNoPrice { .. } => WarningKind::LedgerNoPrice,
            WarningDetail::TaxHavenZeroCost { .. } => WarningKind::TaxHavenZeroCost,
            WarningDetail::TimeZoneAssumed { .. } => WarningKind::TimeZoneAssumed,
        }
    }
}

impl fmt::Display for WarningDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WarningDetail::MissingPurchase {
                asset,
                date,
                quantity,
                held,
                uncovered,
            } => write!(
                f,
                "{} {asset} disposed of on {date} but only {} held: the missing {} {asset} got zero cost; \
                 import or enter the purchases",
                quantity.normalize(),
                held.normalize(),
                uncovered.normalize(),
            ),
            WarningDetail::StalePrice { asset, date, used } => {
                write!(f, "no {asset} price for {date}: the price of {used} was used")
            }
            WarningDetail::Duplicate { id, venue, first } => write!(
                f,
                "trade {id} on {venue} appears twice (first at {first}): this copy was dropped"
            ),
            WarningDetail::FiatExchange { asset, currency } => {
                write!(
                    f,
                    "{asset} exchanged for {currency}: both are money, so no tax event"
                )
            }
            WarningDetail::NoRulesForYear { year, from, mci } => write!(
                f,
                "Salyq has no rules for tax year {year}: the rules of {from} were applied; no MCI of {year} is \
                 in the rule book (none published in what was read), so the MCI of {from} ({} KZT) was used for \
                 the 8,500 MCI threshold and the basic deduction: check the figures when the MCI of {year} is \
                 published",
                crate::money::fmt_grouped_whole(*mci)
            ),
            WarningDetail::NotImported {
                what,
                asset,
                date,
                amount,
                tax,
            } => {
                write!(f, "not supported yet: {what} of {asset} on {date}")?;
                if let Some(amount) = amount {
                    write!(f, ", amount {amount}")?;
                }
                if let Some(tax) = tax {
                    write!(f, ", tax {tax}")?;
                }
                f.write_str("; it was not imported: review it by hand")
            }
            WarningDetail::UnknownOrigin {
                asset,
                quantity,
                venue,
                date,
                how: None,
            } => write!(
                f,
                "{} {asset} arrived on {venue} on {} with no known purchase: enter it, pair it, or import \
                 the account it came from (until then it has zero cost)",
                grouped_quantity(*quantity),
                long_date(*date),
            ),
            WarningDetail::UnknownOrigin {
                asset,
                quantity,
                venue,
                date,
                how: Some(how),
            } => write!(
                f,
                "{} {asset} bought on {venue} on {} ({how}) without the price paid in this file: enter \
                 the purchase or import its history (until then it has zero cost)",
                grouped_quantity(*quantity),
                long_date(*date),
            ),
            WarningDetail::UnpairedWithdrawal {
                asset,
                quantity,
                venue,
                date,
            } => write!(
                f,
                "{} {asset} left {venue} on {} with no matching deposit: counted as still yours, not as \
                 a sale; pair it, or import the account it went to",
                grouped_quantity(*quantity),
                long_date(*date),
            ),
            WarningDetail::BalanceGap {
                venue,
                asset,
                quantity,
                date,
                stated: None,
            } => write!(
                f,
                "history missing before {date} on {venue} for {} {asset}: the balance goes below zero \
                 there; import the earlier history or enter an opening position",
                quantity.normalize(),
            ),
            WarningDetail::BalanceGap {
                venue,
                asset,
                quantity,
                date,
                stated: Some(stated),
            } => write!(
                f,
                "{asset} on {venue} on {date}: the file states a balance of {}, the history gives {}: a \
                 row is missing or doubled",
                stated.normalize(),
                (stated - quantity).normalize(),
            ),
            WarningDetail::LedgerNoPrice { asset, date, what } => write!(
                f,
                "no {asset} price on {date} for a {what}: add it to a price file"
            ),
            WarningDetail::BrokerFifoDiffers {
                id,
                asset,
                date,
                currency,
                broker,
                ours,
                ours_kzt,
            } => write!(
                f,
                "sale {id} of {asset} on {date}: the broker's FIFO profit is {} {currency}, Salyq's is \
                 {} {currency} ({} KZT): check the purchases, transfers and corporate actions behind it",
                fmt_grouped(*broker),
                fmt_grouped(*ours),
                fmt_grouped(*ours_kzt),
            ),
            WarningDetail::TaxHavenZeroCost {
                venue,
                asset,
                acquisitions,
                cost,
            } => {
                match (venue, asset) {
                    (Some(v), _) => write!(f, "ZERO COST: venue \"{v}\" is flagged as a tax-haven source")?,
                    (None, Some(a)) => write!(f, "ZERO COST: asset {a} is flagged as a tax-haven source")?,
                    (None, None) => f.write_str("ZERO COST: a tax-haven flag is on")?,
                }
                write!(
                    f,
                    " (NC Art. 387(7) securities, Art. 389(5) digital assets): {acquisitions} acquisition(s) \
                     given zero cost instead of {} KZT, so the gains of their sales are larger by that; \
                     which states are tax havens is not bundled [U]: remove the flag unless the source \
                     really is one",
                    fmt_grouped(*cost),
                )
            }
            WarningDetail::TimeZoneAssumed { file } => write!(
                f,
                "{file} does not say its time zone (neither its header nor its name, as Binance writes it: \
                 \"…(UTC+5).csv\"): its times were read as UTC; if the export was made in another zone, \
                 give it with --tz-of \"{file}=+05:00\" or on this warning in the window (the zone chosen \
                 when exporting)"
            ),
        }
    }
}

/// A quantity in full with a `,` thousands separator (`1,000`, `0.0995`).
pub use crate::money::fmt_grouped_quantity as grouped_quantity;

/// `10 Jan 2024`.
pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

fn source_text<S: serde::Serializer>(s: &Option<Source>, ser: S) -> Result<S::Ok, S::Error> {
    match s {
        Some(src) => ser.collect_str(src),
        None => ser.serialize_none(),
    }
}

/// The sentence exports and reports carry while `open` warnings are open; `None` when none are.
pub fn incomplete_notice(open: usize) -> Option<String> {
    (open > 0).then(|| {
        let what = if open == 1 {
            "1 open warning"
        } else {
            &format!("{open} open warnings")
        };
        format!(
            "INCOMPLETE: these figures rest on {what} (for example sales of coins never bought, counted at \
             zero cost); resolve or review them before filing"
        )
    })
}

/// How the warning of an [`UnresolvedGroup`] begins its `what`.
pub const UNRESOLVED_WHAT: &str = "a group of trade rows Salyq cannot pair";

#[cfg(test)]
mod open_tests {
    use super::*;

    fn missing(year: i32) -> Warning {
        Warning::new(
            WarningDetail::NoRulesForYear {
                year,
                from: 2025,
                mci: Decimal::from(3932),
            },
            None,
            None,
        )
    }

    #[test]
    fn every_warning_is_open_without_reviews() {
        use crate::case::{is_incomplete, open_count};
        let w = [missing(2030), missing(2031)];
        assert_eq!(open_count(&w, &[]), 2);
        assert!(is_incomplete(&w, &[]));
        assert!(!is_incomplete(&[], &[]));
        assert_eq!(incomplete_notice(0), None);
        assert!(incomplete_notice(1).unwrap().contains("rest on 1 open warning ("));
        assert!(incomplete_notice(3).unwrap().contains("rest on 3 open warnings"));
    }
}
