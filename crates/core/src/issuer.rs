//! Whether a security's issuer is foreign: the country the user set for it (an override,
//! [`crate::overrides::Change::IssuerCountry`]), else the country code of its ISIN (the first
//! two letters) when the trade's note gives one, else the country of the venue it was bought
//! on (an assumption, said where it is used). Securities of foreign issuers make 270.00 due
//! when held on 31 December, at any value and whatever the broker (NC Art. 417(1)), and are
//! listed on appendix 270.04; in 2025 only theirs are netted.
//!
//! [`issuer_country`] is the one lookup of a security's issuer country, with where it came
//! from: the user, the broker's instrument data, or the ISIN.

use crate::model::Trade;
use crate::overrides::Override;
use crate::venues::Country;

/// How the issuer's country was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssuerBasis {
    /// From the ISIN's country code.
    Isin,
    /// No ISIN: the venue's country stands in [U].
    Venue,
    /// Stated by the broker's reader from the broker's instrument data (an Interactive
    /// Brokers statement's `Financial Instrument Information`, a Flex query's ISIN column): the
    /// trade's note says `issuer country XX`.
    Broker,
    /// Set by the user (an override in the case), whatever the ISIN or the broker say.
    User,
}

impl IssuerBasis {
    /// The name used in exports (`isin`, `venue`, `broker`, `user`).
    pub fn as_str(self) -> &'static str {
        match self {
            IssuerBasis::Isin => "isin",
            IssuerBasis::Venue => "venue",
            IssuerBasis::Broker => "broker",
            IssuerBasis::User => "user",
        }
    }
}

/// The issuer's country of the security `trade` bought or sold (ISO 3166 two letters), and
/// where it came from: the user's override (by ISIN or symbol) first, then the country the
/// broker's data states in the note (`issuer country XX`), then the ISIN's first two letters.
/// `None` when none of them tells.
pub fn issuer_country<'a>(trade: &'a Trade, overrides: &'a [Override]) -> Option<(&'a str, IssuerBasis)> {
    let isin = isin_of_trade(trade);
    if !overrides.is_empty()
        && let Some(c) = crate::overrides::issuer_country_of(overrides, &trade.asset, isin)
    {
        return Some((c, IssuerBasis::User));
    }
    if let Some(c) = trade.note.as_deref().and_then(stated_country) {
        return Some((c, IssuerBasis::Broker));
    }
    isin.and_then(isin_country).map(|c| (c, IssuerBasis::Isin))
}

/// The ISIN a trade names: in its note (`ISIN …`, or any word shaped like one), or as its code.
pub fn isin_of_trade(trade: &Trade) -> Option<&str> {
    crate::settings::isin_of(trade).or_else(|| trade.note.as_deref().and_then(find_isin))
}

/// The country a note states as `issuer country XX`.
fn stated_country(note: &str) -> Option<&str> {
    let at = note.find("issuer country ")?;
    let c = note.get(at + 15..at + 17)?;
    let after = note[at + 17..].chars().next();
    (c.bytes().all(|b| b.is_ascii_uppercase()) && after.is_none_or(|ch| !ch.is_ascii_alphanumeric()))
        .then_some(c)
}

/// True when a security bought or sold by `trade` (on a venue counting as `venue_country`) is
/// of a foreign issuer, and how that was found: the user's override, else the ISIN, else the
/// venue's country.
pub fn foreign_issuer(trade: &Trade, venue_country: Country, overrides: &[Override]) -> (bool, IssuerBasis) {
    if !overrides.is_empty()
        && let Some(c) = crate::overrides::issuer_country_of(overrides, &trade.asset, isin_of_trade(trade))
    {
        return (c != "KZ", IssuerBasis::User);
    }
    match trade.note.as_deref().and_then(find_isin) {
        Some(isin) => (!isin.starts_with("KZ"), IssuerBasis::Isin),
        None => (venue_country == Country::Abroad, IssuerBasis::Venue),
    }
}

/// The country code of an ISIN (its first two letters), when it is shaped like one: twelve
/// characters starting with two capitals.
pub fn isin_country(isin: &str) -> Option<&str> {
    let c = isin.get(..2)?;
    (isin.len() == 12 && c.bytes().all(|b| b.is_ascii_uppercase())).then_some(c)
}

/// The ISIN finder lives with the cell parsers (the importers use it too).
pub use crate::parse::find_isin;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isins_are_found_in_notes() {
        assert_eq!(find_isin("ISIN US0378331005"), Some("US0378331005"));
        assert_eq!(
            find_isin("bought AAPL (US0378331005) at market"),
            Some("US0378331005")
        );
        assert_eq!(find_isin("ISIN us0378331005"), None);
        assert_eq!(find_isin("TRANSFER123456"), None);
    }

    #[test]
    fn the_users_country_wins_over_the_broker_and_the_isin() {
        use crate::overrides::{Change, Override};
        let mut t = crate::model::testing::trade(
            crate::model::Side::Buy,
            "KCEL",
            rust_decimal_macros::dec!(1),
            rust_decimal_macros::dec!(10),
            "USD",
        );
        t.note = Some("ISIN KZ1C00000744".into());
        assert_eq!(issuer_country(&t, &[]), Some(("KZ", IssuerBasis::Isin)));
        assert_eq!(
            foreign_issuer(&t, Country::Abroad, &[]),
            (false, IssuerBasis::Isin)
        );
        t.note = Some("ISIN KZ1C00000744; issuer country GB".into());
        assert_eq!(issuer_country(&t, &[]), Some(("GB", IssuerBasis::Broker)));
        let user = [Override {
            id: 1,
            change: Change::IssuerCountry {
                security: "KZ1C00000744".into(),
                country: "US".into(),
            },
            reason: "a depositary receipt of a US issuer".into(),
            by: "me".into(),
            at: chrono::DateTime::UNIX_EPOCH,
        }];
        assert_eq!(issuer_country(&t, &user), Some(("US", IssuerBasis::User)));
        assert_eq!(
            foreign_issuer(&t, Country::Kazakhstan, &user),
            (true, IssuerBasis::User)
        );
        t.note = None;
        assert_eq!(issuer_country(&t, &[]), None);
        assert_eq!(
            foreign_issuer(&t, Country::Abroad, &[]),
            (true, IssuerBasis::Venue)
        );
    }
}
